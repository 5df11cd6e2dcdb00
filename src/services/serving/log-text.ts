// JSON text for the prediction log's jsonb columns: shared by the log's writer and the scoring workers, which
// hand over the rows they scored already as text (cheaper to pass between threads than objects, and not made twice).

/**
 * JSON for the log: text, or (from a scoring worker) its UTF-8 bytes, made on the worker and transferred rather
 * than copied, so the event loop neither copies nor encodes a 1,000-row request's ~110 KB of log text.
 */
export type LogJson = string | Uint8Array;

const encoder = new TextEncoder();

/** UTF-8 bytes of a JSON text, in a buffer of their own (so it can be transferred to another thread). */
export const jsonBytes = (text: string): Uint8Array => encoder.encode(text);

/** The text of a LogJson. */
export const logJsonText = (j: LogJson): string =>
  typeof j === "string" ? j : Buffer.from(j.buffer, j.byteOffset, j.byteLength).toString("utf8");

/** jsonb (and COPY's text format) refuse the NUL character; a row must not poison the batch it is in. */
export const NUL = "\u0000";

/** JSON text that jsonb accepts: the rare string holding NUL has it replaced by U+FFFD. */
export function jsonText(v: unknown): string {
  const text = JSON.stringify(v);
  // JSON.stringify writes NUL as the escape \u0000; rewriting the rare text that has one keeps the common path fast.
  return text.includes("\\u0000")
    ? JSON.stringify(v, (_k, x: unknown) => (typeof x === "string" ? x.replaceAll(NUL, "\uFFFD") : x))
    : text;
}

/**
 * A request's rows for the log's compact layout (migration 27): one JSON object of columns, `{"<column>": [the value
 * of each row]}`, in the rows' key order. Undefined unless every row has the same keys in the same order (a model's
 * checked rows do): then the rows are logged as they are, a JSON array of objects. A column of 1,000 values is about
 * a third of the text of 1,000 objects repeating its key, and three times faster to write and to COPY.
 */
export function inputColumnsText(rows: readonly Record<string, unknown>[]): string | undefined {
  if (!rows.length) return undefined;
  const names = Object.keys(rows[0]);
  // Rows without a column stay rows: an object of no columns would read back as no rows.
  if (!names.length) return undefined;
  const columns: unknown[][] = names.map(() => []);
  for (const row of rows) {
    let j = 0;
    for (const key in row) {
      if (key !== names[j]) return undefined;
      columns[j++].push(row[key]);
    }
    if (j !== names.length) return undefined;
  }
  const byName: Record<string, unknown[]> = {};
  names.forEach((name, j) => (byName[name] = columns[j]));
  return jsonText(byName);
}

/** Probabilities as one flat JSON array of numbers (a non-finite one as null, as JSON.stringify writes it). */
export function flatProbabilitiesText(proba: ArrayLike<number>): string {
  let s = "[";
  for (let i = 0; i < proba.length; i++) {
    const x = proba[i];
    s += (i ? "," : "") + (Number.isFinite(x) ? String(x) : "null");
  }
  return `${s}]`;
}

/**
 * The log's compact probabilities (migration 27): the classes, and every row's probabilities flat, row-major in
 * their order. Undefined unless every prediction lists the same classes in the same order.
 */
export function compactProbabilities(
  predictions: readonly { probabilities: readonly { label: string; probability: number }[] }[],
  classes: readonly string[] | undefined,
): { classes: readonly string[]; text: string } | undefined {
  const order = classes ?? predictions[0]?.probabilities.map((p) => p.label);
  if (!order?.length) return undefined;
  const k = order.length;
  const flat = new Float64Array(predictions.length * k);
  for (let i = 0; i < predictions.length; i++) {
    const p = predictions[i].probabilities;
    if (p.length !== k) return undefined;
    for (let j = 0; j < k; j++) {
      if (p[j].label !== order[j]) return undefined;
      flat[i * k + j] = p[j].probability;
    }
  }
  return { classes: order, text: flatProbabilitiesText(flat) };
}
