// The SQL of predictionStats over the prediction log: one scan per question, bins counted in the database, so a
// window of millions of rows is never loaded into memory. Feature names and bins travel as parameters.
import type { FeatureProfile } from "../models/training-profile";

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

export function versionCountsQuery(w: Window): { text: string; values: unknown[] } {
  const { where, params } = windowFilter(w);
  return {
    text: `SELECT model_version, count(*)::bigint AS n, max(created_at) AS last
             FROM predictions WHERE ${where} GROUP BY model_version ORDER BY model_version`,
    values: params,
  };
}

export function labelCountsQuery(w: Window): { text: string; values: unknown[] } {
  const { where, params } = windowFilter(w);
  return {
    text: `SELECT label, count(*)::bigint AS n FROM predictions WHERE ${where} GROUP BY label ORDER BY n DESC, label`,
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
 * the mean. Inputs are JSON: a numeric feature counts as null unless its value is a JSON number.
 */
export function driftQuery(
  w: Window,
  features: readonly FeatureProfile[],
): { text: string; values: unknown[]; columns: FeatureColumns[] } {
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const inner: string[] = [];
  const outer: string[] = ["count(*)::bigint AS n"];
  const columns: FeatureColumns[] = features.map((f, i) => {
    const key = p(f.name);
    if (f.kind === "numeric") {
      const value = `CASE WHEN jsonb_typeof(input -> ${key}::text) = 'number' THEN (input ->> ${key}::text)::float8 END`;
      inner.push(`${value} AS v${i}`);
      // width_bucket refuses an empty threshold array: a constant training column has one bin.
      inner.push(
        f.edges.length
          ? `width_bucket(${value}, ${p(f.edges)}::float8[]) AS b${i}`
          : `CASE WHEN ${value} IS NULL THEN NULL ELSE 0 END AS b${i}`,
      );
      const bins = f.shares.map((_, j) => `f${i}_b${j}`);
      bins.forEach((name, j) => outer.push(`count(*) FILTER (WHERE b${i} = ${j})::bigint AS ${name}`));
      outer.push(`count(*) FILTER (WHERE v${i} IS NULL)::bigint AS f${i}_nulls`, `avg(v${i}) AS f${i}_mean`);
      return { feature: f, bins, nulls: `f${i}_nulls`, mean: `f${i}_mean` };
    }
    const categories = Object.keys(f.shares);
    inner.push(
      `CASE WHEN jsonb_typeof(input -> ${key}::text) IN ('string', 'number', 'boolean')
            AND input ->> ${key}::text <> '' THEN input ->> ${key}::text END AS c${i}`,
    );
    const bins = categories.map((_, j) => `f${i}_c${j}`);
    const cats = p(categories);
    bins.forEach((name, j) =>
      outer.push(`count(*) FILTER (WHERE c${i} = (${cats}::text[])[${j + 1}])::bigint AS ${name}`),
    );
    outer.push(
      `count(*) FILTER (WHERE c${i} IS NULL)::bigint AS f${i}_nulls`,
      `count(*) FILTER (WHERE c${i} IS NOT NULL AND NOT (c${i} = ANY (${cats}::text[])))::bigint AS f${i}_unseen`,
    );
    return { feature: f, bins, nulls: `f${i}_nulls`, unseen: `f${i}_unseen` };
  });
  const { where, params: all } = windowFilter(w, params);
  return {
    text: `SELECT ${outer.join(",\n       ")}
             FROM (SELECT ${inner.length ? inner.join(",\n                    ") : "1 AS one"}
                     FROM predictions WHERE ${where}) AS w`,
    values: all,
    columns,
  };
}
