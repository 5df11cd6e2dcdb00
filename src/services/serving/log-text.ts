// JSON text for the prediction log's jsonb columns: shared by the log's writer and the scoring workers, which
// hand over the rows they scored already as text (cheaper to pass between threads than objects, and not made twice).

/**
 * A JSON array for the log: text, or (from a scoring worker) its UTF-8 bytes, made on the worker and transferred
 * rather than copied, so the event loop neither copies nor encodes a 1,000-row request's ~200 KB of log text.
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
 * Each row's labelled probabilities (`[{"label":…,"probability":…},…]`, the text jsonText gives for
 * ModelPrediction.probabilities), from probabilities row-major in `classes` order (at least one class).
 */
export function probabilitiesText(classes: readonly string[], proba: ArrayLike<number>): string[] {
  return probabilityTexts(classes, proba, false).rows;
}

/**
 * probabilitiesText's per-row texts and, when `withFlat`, the same numbers as one flat JSON array (`[p0,p1,…]`,
 * JSON.stringify's text of them): each number is turned into text once, for both.
 */
export function probabilityTexts(
  classes: readonly string[],
  proba: ArrayLike<number>,
): { rows: string[]; flat: string };
export function probabilityTexts(
  classes: readonly string[],
  proba: ArrayLike<number>,
  withFlat: boolean,
): { rows: string[]; flat?: string };
export function probabilityTexts(
  classes: readonly string[],
  proba: ArrayLike<number>,
  withFlat = true,
): { rows: string[]; flat?: string } {
  const k = classes.length;
  const heads = classes.map((c, j) => `${j ? "," : "["}{"label":${jsonText(c)},"probability":`);
  const rows: string[] = [];
  const numbers: string[] = [];
  for (let i = 0; i < proba.length / k; i++) {
    let s = "";
    for (let j = 0; j < k; j++) {
      const x = proba[i * k + j];
      const t = Number.isFinite(x) ? String(x) : "null";
      if (withFlat) numbers.push(t);
      s += `${heads[j]}${t}}`;
    }
    rows.push(`${s}]`);
  }
  return { rows, flat: withFlat ? `[${numbers.join(",")}]` : undefined };
}
