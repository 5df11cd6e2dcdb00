// The SQL of predictionStats over the prediction log: one scan per question, bins counted in the database, so a
// window of millions of rows is never loaded into memory. Feature names and bins travel as parameters.
import type { FeatureProfile } from "../models/training-profile";
import {
  labelCountsSql,
  newestPredictionsSql,
  newestVersionSql,
  versionCountsSql,
} from "../store/prediction-log-sql";

export interface Window {
  model: string;
  /** Only this version's rows, when the reference named one. */
  version?: number | null;
  since?: Date | null;
  until?: Date | null;
}

/** WHERE clause and parameters of a window, after the parameters already in `extra`. */
export function windowFilter(w: Window, extra: unknown[] = []): { where: string; params: unknown[] } {
  const params: unknown[] = [...extra, w.model];
  const parts = [`model_name = $${params.length}`];
  if (w.version != null) {
    params.push(w.version);
    parts.push(`model_version = $${params.length}`);
  }
  if (w.since) {
    params.push(w.since);
    parts.push(`created_at >= $${params.length}`);
  }
  if (w.until) {
    params.push(w.until);
    parts.push(`created_at < $${params.length}`);
  }
  return { where: parts.join(" AND "), params };
}

/**
 * Both exact counts in one statement: rows per version (with each version's newest time) and rows per label.
 * `by_version` tells the two groupings apart. Per version, a logged request counts its row_count (no unpacking);
 * only the labels are unnested.
 */
export function countsQuery(w: Window): { text: string; values: unknown[] } {
  const { where, params } = windowFilter(w);
  return {
    text: `SELECT model_version, NULL::text AS label, sum(n)::bigint AS n, max(last) AS last, true AS by_version
             FROM (${versionCountsSql(where)}) AS v GROUP BY model_version
           UNION ALL
           SELECT NULL, label, sum(n)::bigint, NULL, false
             FROM (${labelCountsSql(where)}) AS l GROUP BY label`,
    values: params,
  };
}

/** The version that made the window's newest prediction (an index read, not a scan). */
export function servingVersionQuery(w: Window): { text: string; values: unknown[] } {
  const { where, params } = windowFilter(w);
  return {
    text: newestVersionSql(where),
    values: params,
  };
}

/** How a feature's window figures come back: column names of the drift query's single row. */
export interface FeatureColumns {
  feature: FeatureProfile;
  /** One count column per value bin or known category. */
  bins: string[];
  nulls: string;
  /** Categorical: non-null values not seen in training. */
  unseen?: string;
  /** Numeric: the window's mean. */
  mean?: string;
}

/**
 * One scan of the window that counts, per feature, the rows in each training bin (numeric: width_bucket over the
 * training edges; categorical: the position among the training categories), the nulls, the unseen categories and
 * the mean. Inputs are JSON: a numeric feature counts as null unless its value is a JSON number. Each level is
 * fenced with OFFSET 0 so PostgreSQL evaluates every JSON lookup once per row instead of once per aggregate.
 * Only the window's newest `newest` rows are read (through the model/version/time index), which bounds the work
 * however large the window is.
 */
export function driftQuery(
  w: Window,
  features: readonly FeatureProfile[],
  newest: number,
): { text: string; values: unknown[]; columns: FeatureColumns[] } {
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const fields: string[] = [];
  const json: string[] = [];
  const typed: string[] = [];
  const binned: string[] = [];
  const outer: string[] = ["count(*)::bigint AS n"];
  const columns: FeatureColumns[] = features.map((f, i) => {
    fields.push(`${p(f.name)}::text`);
    json.push(`f${i} AS j${i}`);
    if (f.kind === "numeric") {
      typed.push(`CASE WHEN jsonb_typeof(j${i}) = 'number' THEN (j${i} #>> '{}')::float8 END AS v${i}`);
      // width_bucket refuses an empty threshold array: a constant training column has one bin.
      binned.push(
        `v${i}`,
        f.edges.length
          ? `width_bucket(v${i}, ${p(f.edges)}::float8[]) AS b${i}`
          : `CASE WHEN v${i} IS NULL THEN NULL ELSE 0 END AS b${i}`,
      );
      const bins = f.shares.map((_, j) => `f${i}_b${j}`);
      bins.forEach((name, j) => outer.push(`count(*) FILTER (WHERE b${i} = ${j})::bigint AS ${name}`));
      outer.push(`count(*) FILTER (WHERE v${i} IS NULL)::bigint AS f${i}_nulls`, `avg(v${i}) AS f${i}_mean`);
      return { feature: f, bins, nulls: `f${i}_nulls`, mean: `f${i}_mean` };
    }
    const categories = Object.keys(f.shares);
    typed.push(
      `CASE WHEN jsonb_typeof(j${i}) IN ('string', 'number', 'boolean') THEN NULLIF(j${i} #>> '{}', '') END AS c${i}`,
    );
    binned.push(`c${i}`, `array_position(${p(categories)}::text[], c${i}) AS p${i}`);
    const bins = categories.map((_, j) => `f${i}_c${j}`);
    bins.forEach((name, j) => outer.push(`count(*) FILTER (WHERE p${i} = ${j + 1})::bigint AS ${name}`));
    outer.push(
      `count(*) FILTER (WHERE c${i} IS NULL)::bigint AS f${i}_nulls`,
      `count(*) FILTER (WHERE c${i} IS NOT NULL AND p${i} IS NULL)::bigint AS f${i}_unseen`,
    );
    return { feature: f, bins, nulls: `f${i}_nulls`, unseen: `f${i}_unseen` };
  });
  const { where, params: all } = windowFilter(w, params);
  all.push(Math.max(1, Math.floor(newest)));
  const limit = `$${all.length}`;
  const list = (xs: string[]) => (xs.length ? xs.join(", ") : "1 AS one");
  return {
    text: `SELECT ${outer.join(", ")}
             FROM (SELECT ${list(binned)}
                     FROM (SELECT ${list(typed)}
                             FROM (SELECT ${list(json)} FROM (${newestPredictionsSql(where, limit, { fields })}) AS n) AS j
                           OFFSET 0) AS t
                   OFFSET 0) AS b`,
    values: all,
    columns,
  };
}
