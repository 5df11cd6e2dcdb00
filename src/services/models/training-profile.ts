// What a model was trained on, in a few numbers per feature, and the population stability index against it.
// Pure: the training side profiles rows in memory; the serving side gets bin counts from SQL and compares here.

export const PROFILE_FORMAT_VERSION = 1;
/** The run artifact that holds a model's training profile (trainGrid writes it; Python users may too). */
export const PROFILE_ARTIFACT = "training_profile.json";
/** Deciles: nine inner cut points, ten bins (fewer when values repeat). */
const BINS = 10;
/** Shares below this are floored so that ln(a/e) stays finite (the usual PSI convention). */
export const PSI_FLOOR = 1e-4;

export interface NumericFeatureProfile {
  name: string;
  kind: "numeric";
  /** Ascending inner cut points; bin i holds edges[i-1] <= x < edges[i] (PostgreSQL's width_bucket). */
  edges: number[];
  /** Share of non-null training values per bin (edges.length + 1 entries). */
  shares: number[];
  mean: number;
  /** Share of training rows where the value was null. */
  nullShare: number;
}

export interface CategoricalFeatureProfile {
  name: string;
  kind: "categorical";
  /** Share of non-null training values per category. */
  shares: Record<string, number>;
  nullShare: number;
}

export type FeatureProfile = NumericFeatureProfile | CategoricalFeatureProfile;

export interface TrainingProfile {
  formatVersion: typeof PROFILE_FORMAT_VERSION;
  rows: number;
  features: FeatureProfile[];
}

export interface ProfiledColumn {
  name: string;
  kind: "numeric" | "categorical";
}

function numericValue(v: unknown): number | null {
  if (typeof v === "number") return Number.isFinite(v) ? v : null;
  if (typeof v === "string" && v.trim() !== "") {
    const n = Number(v);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

function isMissing(v: unknown): boolean {
  return v === null || v === undefined || (typeof v === "string" && v.trim() === "");
}

/** The bin of x among ascending edges: how many edges are <= x (as width_bucket(x, edges) counts). */
export function binOf(x: number, edges: readonly number[]): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (edges[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Inner decile cut points of sorted values, without repeats (a column of few distinct values gets fewer bins). */
export function quantileEdges(sorted: readonly number[], bins = BINS): number[] {
  if (sorted.length === 0) return [];
  const edges: number[] = [];
  for (let q = 1; q < bins; q++) {
    const pos = (q / bins) * (sorted.length - 1);
    const lo = Math.floor(pos);
    const value = sorted[lo] + (sorted[Math.min(lo + 1, sorted.length - 1)] - sorted[lo]) * (pos - lo);
    // A cut at the minimum would leave the first bin empty by construction.
    if (value > sorted[0] && (edges.length === 0 || value > edges[edges.length - 1])) edges.push(value);
  }
  return edges;
}

function profileNumeric(name: string, rows: readonly Record<string, unknown>[]): NumericFeatureProfile {
  const values: number[] = [];
  for (const r of rows) {
    const n = numericValue(r[name]);
    if (n !== null) values.push(n);
  }
  values.sort((a, b) => a - b);
  const edges = quantileEdges(values);
  const counts = new Array<number>(edges.length + 1).fill(0);
  let sum = 0;
  for (const v of values) {
    counts[binOf(v, edges)]++;
    sum += v;
  }
  return {
    name,
    kind: "numeric",
    edges,
    shares: counts.map((c) => (values.length ? c / values.length : 0)),
    mean: values.length ? sum / values.length : 0,
    nullShare: rows.length ? (rows.length - values.length) / rows.length : 0,
  };
}

function profileCategorical(
  name: string,
  rows: readonly Record<string, unknown>[],
): CategoricalFeatureProfile {
  const counts = new Map<string, number>();
  let present = 0;
  for (const r of rows) {
    const v = r[name];
    if (isMissing(v)) continue;
    const key = String(v);
    counts.set(key, (counts.get(key) ?? 0) + 1);
    present++;
  }
  const shares: Record<string, number> = {};
  for (const [k, c] of [...counts].sort((a, b) => (a[0] < b[0] ? -1 : 1))) shares[k] = c / present;
  return {
    name,
    kind: "categorical",
    shares,
    nullShare: rows.length ? (rows.length - present) / rows.length : 0,
  };
}

/** Profile the raw feature values of the rows a model was fitted on. */
export function profileRows(
  rows: readonly Record<string, unknown>[],
  columns: readonly ProfiledColumn[],
): TrainingProfile {
  return {
    formatVersion: PROFILE_FORMAT_VERSION,
    rows: rows.length,
    features: columns.map((c) =>
      c.kind === "numeric" ? profileNumeric(c.name, rows) : profileCategorical(c.name, rows),
    ),
  };
}

/** Check a parsed training_profile.json; null when it is not one this gateway understands. */
export function parseProfile(value: unknown): TrainingProfile | null {
  if (!value || typeof value !== "object") return null;
  const p = value as Partial<TrainingProfile>;
  if (p.formatVersion !== PROFILE_FORMAT_VERSION || !Array.isArray(p.features)) return null;
  for (const f of p.features) {
    if (!f || typeof f.name !== "string") return null;
    if (f.kind === "numeric") {
      if (!Array.isArray(f.edges) || !Array.isArray(f.shares) || f.shares.length !== f.edges.length + 1)
        return null;
    } else if (f.kind !== "categorical" || typeof f.shares !== "object" || f.shares === null) return null;
  }
  return p as TrainingProfile;
}

/**
 * Population stability index: sum over bins of (actual - expected) * ln(actual / expected), shares floored at
 * PSI_FLOOR. Read as: under 0.1 stable, 0.1 to 0.2 a moderate shift, over 0.2 a significant shift.
 */
export function psi(expected: readonly number[], actual: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < expected.length; i++) {
    const e = Math.max(expected[i], PSI_FLOOR);
    const a = Math.max(actual[i] ?? 0, PSI_FLOOR);
    sum += (a - e) * Math.log(a / e);
  }
  return sum;
}

/** Shares of counts; all zeros when there are none. */
export function shares(counts: readonly number[]): number[] {
  const total = counts.reduce((s, c) => s + c, 0);
  return counts.map((c) => (total ? c / total : 0));
}

/**
 * The expected and actual distributions a feature's PSI compares: the value bins (numeric) or categories plus one
 * bin for unseen categories (categorical), and one bin for nulls, each as shares of all rows.
 */
export function driftBins(
  feature: FeatureProfile,
  windowCounts: readonly number[],
  windowNulls: number,
): { expected: number[]; actual: number[] } {
  const present = 1 - feature.nullShare;
  const trained =
    feature.kind === "numeric"
      ? feature.shares
      : [...Object.values(feature.shares), 0 /* unseen categories */];
  const expected = [...trained.map((s) => s * present), feature.nullShare];
  const actual = shares([...windowCounts, windowNulls]);
  return { expected, actual };
}
