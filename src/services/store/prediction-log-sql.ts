// Reading the prediction log: one row per prediction out of its two tables, prediction_requests (one row per
// predict call, written now) and prediction_rows (one row per prediction, written by versions before migration 23).
// The `predictions` view shows the same thing for SQL users; the gateway's own reads go to the tables so that the
// newest rows come from an index read, and only the requests holding them are unpacked.

/** A logged row's id: its request's id shifted left by 24 bits plus its index in the request (migration 23). */
const ROW_ID = "(r.id << 24) + e.n - 1";

/**
 * Newest first. With a LIMIT, PostgreSQL may walk a time index filtering by model rather than read the model's
 * own index, which reads every row of a table holding none of the model's rows; migration 25's statistics keep it
 * off that path in the old table (a model made since migration 23 has no rows there).
 */
const NEWEST_FIRST = "created_at DESC, id DESC";

/**
 * Row `n` (from 1) of a logged request, as SQL over `j.inputs` and `j.probabilities` (the request's JSON parsed
 * once), `j.keys` (its input columns, in the compact layout; NULL for an array of row objects) and `r.classes`
 * (NULL for labelled probabilities): migration 27's two layouts. The predictions view spells out the same.
 */
const rowInput = (n: string) =>
  `CASE WHEN j.keys IS NULL THEN j.inputs -> (${n} - 1)
        ELSE (SELECT jsonb_object_agg(k, j.inputs #> ARRAY[k, (${n} - 1)::text]) FROM unnest(j.keys) AS k) END`;
/** One input column's value in row `n`, in either layout, without building the row. */
const rowField = (n: string, field: string) =>
  `CASE WHEN j.keys IS NULL THEN j.inputs #> ARRAY[(${n} - 1)::text, ${field}]
        ELSE j.inputs #> ARRAY[${field}, (${n} - 1)::text] END`;
const rowProbabilities = (n: string) =>
  `CASE WHEN r.classes IS NULL THEN j.probabilities -> (${n} - 1)
        ELSE (SELECT jsonb_agg(jsonb_build_object('label', c.label, 'probability',
                       j.probabilities -> ((${n} - 1) * cardinality(r.classes) + c.i::int - 1)) ORDER BY c.i)
                FROM unnest(r.classes) WITH ORDINALITY AS c(label, i)) END`;

/** What newestPredictionsSql reads of each row besides its id, model, version, label, caller and time. */
export interface NewestPredictionsColumns {
  /** `probabilities` (jsonb), the labelled probabilities. */
  probabilities?: boolean;
  /**
   * Instead of `input` (the whole row as jsonb), columns f0, f1, … with the value of each of these input columns
   * (SQL expressions of text, e.g. parameters): the drift statistics read a few columns of many rows.
   */
  fields?: readonly string[];
}

/**
 * SQL for the newest `limit` predictions matching `where` (over model_name, model_version and created_at; its
 * parameters are the caller's), newest first: id, model_name, model_version, input (jsonb) or the `fields`, label,
 * requested_by, created_at, and probabilities (jsonb) when asked. Each table is read newest first through its
 * model/time index; of the newest requests only those holding the newest `limit` rows are unpacked, each one's JSON
 * parsed once, and of the oldest of those only the rows needed (a request's later rows are its newer ones).
 */
export function newestPredictionsSql(
  where: string,
  limit: string,
  columns: NewestPredictionsColumns = { probabilities: true },
): string {
  const { probabilities = false, fields } = columns;
  const legacyInput = fields ? fields.map((f, i) => `input -> ${f} AS f${i}`).join(", ") : "input";
  const requestInput = fields
    ? fields.map((f, i) => `${rowField("e.n", f)} AS f${i}`).join(", ")
    : `${rowInput("e.n")} AS input`;
  return `SELECT * FROM (
      (SELECT id, model_name, model_version, ${legacyInput}, label, ${probabilities ? "probabilities, " : ""}requested_by, created_at
         FROM prediction_rows WHERE ${where} ORDER BY ${NEWEST_FIRST} LIMIT ${limit})
      UNION ALL
      (SELECT ${ROW_ID} AS id, r.model_name, r.model_version, ${requestInput}, r.labels[e.n] AS label,
              ${probabilities ? `${rowProbabilities("e.n")} AS probabilities, ` : ""}r.requested_by, r.created_at
         FROM (SELECT q.*, sum(q.row_count) OVER (ORDER BY q.created_at DESC, q.id DESC) - q.row_count AS before
                 FROM (SELECT id, model_name, model_version, row_count, inputs, labels,
                              ${probabilities ? "probabilities, classes, " : ""}requested_by, created_at
                         FROM prediction_requests WHERE ${where} ORDER BY ${NEWEST_FIRST} LIMIT ${limit}) AS q
              ) AS r
              CROSS JOIN LATERAL (
                SELECT x.*, CASE WHEN jsonb_typeof(x.inputs) = 'object' THEN ARRAY(SELECT jsonb_object_keys(x.inputs)) END AS keys
                  FROM (SELECT r.inputs::jsonb AS inputs${probabilities ? ", r.probabilities::jsonb AS probabilities" : ""} OFFSET 0) AS x
                OFFSET 0) AS j
              CROSS JOIN LATERAL generate_series(greatest(1, r.row_count - (${limit} - r.before) + 1)::int,
                                                 r.row_count) AS e(n)
        WHERE r.before < ${limit})
    ) AS p ORDER BY created_at DESC, id DESC LIMIT ${limit}`;
}

/** SQL for the predictions matching `where` per version: model_version, n and last (the newest created_at). */
export function versionCountsSql(where: string): string {
  return `SELECT model_version, count(*) AS n, max(created_at) AS last FROM prediction_rows WHERE ${where}
           GROUP BY model_version
          UNION ALL
          SELECT model_version, sum(row_count), max(created_at) FROM prediction_requests WHERE ${where}
           GROUP BY model_version`;
}

/** SQL for the predictions matching `where` per label: label and n. */
export function labelCountsSql(where: string): string {
  return `SELECT label, count(*) AS n FROM prediction_rows WHERE ${where} GROUP BY label
          UNION ALL
          SELECT l, count(*) FROM prediction_requests, unnest(labels) AS l WHERE ${where} GROUP BY l`;
}

/** SQL for the model_version of the newest prediction matching `where` (an index read in each table). */
export function newestVersionSql(where: string): string {
  return `SELECT model_version FROM (
      (SELECT model_version, created_at FROM prediction_rows WHERE ${where} ORDER BY ${NEWEST_FIRST} LIMIT 1)
      UNION ALL
      (SELECT model_version, created_at FROM prediction_requests WHERE ${where} ORDER BY ${NEWEST_FIRST} LIMIT 1)
    ) AS p ORDER BY created_at DESC LIMIT 1`;
}
