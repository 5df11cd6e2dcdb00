// The preprocessing pipeline: label extraction, imputation, one-hot encoding, standardization, bias column.
import type { InputColumn, PipelineState } from "./model-format";

/** A feature column as training sees it: numeric columns are standardized, others one-hot encoded. */
export interface FeatureColumn {
  name: string;
  numeric: boolean;
}

/** Rows with a usable label, the label as a class index, and the sorted class names. */
export interface LabelledRows {
  rows: Record<string, unknown>[];
  /** Class index (into `classes`) of each row. */
  labels: number[];
  classes: string[];
  /** Rows dropped because their label was null or empty. */
  dropped: number;
}

/** Called when a value cannot be read as its column's type (training treats it as missing). */
export type InvalidValueHandler = (row: number, column: string, value: unknown) => void;

/** A numeric value, or null when missing. NaN means "present but not a number". */
export function toNumber(v: unknown): number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === "number") return Number.isFinite(v) ? v : Number.isNaN(v) ? null : NaN;
  if (typeof v === "bigint") return Number(v);
  if (typeof v === "boolean") return v ? 1 : 0;
  if (typeof v === "string") {
    const s = v.trim();
    if (s === "" || /^(na|nan|null)$/i.test(s)) return null;
    const n = Number(s);
    return Number.isFinite(n) ? n : NaN;
  }
  return NaN;
}

/** A category as text, or null when missing (null, undefined or empty text). */
export function toCategory(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === "string") return v === "" ? null : v;
  if (v instanceof Date) return v.toISOString();
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Drop rows whose label is missing; number the classes in sorted order. */
export function labelRows(rows: Record<string, unknown>[], label: string): LabelledRows {
  const kept: Record<string, unknown>[] = [];
  const names: string[] = [];
  for (const row of rows) {
    const c = toCategory(row[label]);
    if (c === null) continue;
    kept.push(row);
    names.push(c);
  }
  const classes = [...new Set(names)].sort(byText);
  const index = new Map(classes.map((c, i) => [c, i]));
  return {
    rows: kept,
    labels: names.map((n) => index.get(n)!),
    classes,
    dropped: rows.length - kept.length,
  };
}

/** Fit imputation, encoding and scaling on the training rows only. */
export function fitPipeline(
  rows: Record<string, unknown>[],
  features: FeatureColumn[],
  opts: { bias: boolean },
): PipelineState {
  const numeric: PipelineState["numeric"] = [];
  const categorical: PipelineState["categorical"] = [];
  for (const f of features) {
    if (f.numeric) {
      let n = 0;
      let sum = 0;
      for (const row of rows) {
        const x = toNumber(row[f.name]);
        if (x === null || Number.isNaN(x)) continue;
        n++;
        sum += x;
      }
      const mean = n ? sum / n : 0;
      let ss = 0;
      for (const row of rows) {
        const x = toNumber(row[f.name]);
        if (x === null || Number.isNaN(x)) continue;
        ss += (x - mean) ** 2;
      }
      const std = n ? Math.sqrt(ss / n) : 0;
      // A constant column carries no information; scaling by 1 keeps it finite (it becomes all zeros).
      numeric.push({ name: f.name, mean, std: std > 1e-12 ? std : 1 });
    } else {
      const counts = new Map<string, number>();
      for (const row of rows) {
        const c = toCategory(row[f.name]);
        if (c !== null) counts.set(c, (counts.get(c) ?? 0) + 1);
      }
      const categories = [...counts.keys()].sort(byText);
      let mostFrequent = categories[0] ?? "";
      for (const c of categories) if (counts.get(c)! > counts.get(mostFrequent)!) mostFrequent = c;
      categorical.push({ name: f.name, categories, mostFrequent });
    }
  }
  return { numeric, categorical, bias: opts.bias };
}

/** Width of a transformed row. */
export function pipelineWidth(state: PipelineState): number {
  return (
    state.numeric.length +
    state.categorical.reduce((n, c) => n + c.categories.length, 0) +
    (state.bias ? 1 : 0)
  );
}

/**
 * Raw rows → numeric matrix: numeric columns imputed with the training mean then standardized,
 * categorical columns imputed with the most frequent category then one-hot (unseen → all zeros), then bias.
 */
export function transformRows(
  state: PipelineState,
  rows: Record<string, unknown>[],
  onInvalid?: InvalidValueHandler,
): number[][] {
  const width = pipelineWidth(state);
  const lookups = state.categorical.map((c) => new Map(c.categories.map((name, i) => [name, i])));
  const out: number[][] = new Array(rows.length);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    const x = new Array<number>(width).fill(0);
    let j = 0;
    for (const col of state.numeric) {
      let v = toNumber(row[col.name]);
      if (v !== null && Number.isNaN(v)) {
        onInvalid?.(r, col.name, row[col.name]);
        v = null;
      }
      x[j++] = v === null ? 0 : (v - col.mean) / col.std;
    }
    for (let c = 0; c < state.categorical.length; c++) {
      const col = state.categorical[c];
      const v = toCategory(row[col.name]) ?? col.mostFrequent;
      const k = lookups[c].get(v);
      if (k !== undefined) x[j + k] = 1;
      j += col.categories.length;
    }
    if (state.bias) x[j] = 1;
    out[r] = x;
  }
  return out;
}

/** The MLflow signature's input columns for these features. */
export function inputColumns(features: FeatureColumn[]): InputColumn[] {
  return features.map((f) => ({ name: f.name, type: f.numeric ? "double" : "string" }));
}
