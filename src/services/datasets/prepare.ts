// Dataset preparation as pure logic: drop rows with nulls, one-hot encode, stratified seeded split, batch ids.
import { badInput } from "../../errors";
import { seededRandom, shuffle } from "../training/prng";
import { IDENTIFIER } from "./identifiers";

export interface SplitFractions {
  validation: number;
  test: number;
  seed: number;
}

export interface SplitIndices {
  train: number[];
  validation: number[];
  test: number[];
}

/**
 * Share `target` rows among classes in proportion to their sizes (largest remainder), never giving a class more
 * than its cap. Returns per-class counts summing to `target` when the caps allow it.
 */
function allocate(sizes: number[], total: number, target: number, caps: number[]): number[] {
  const quotas = sizes.map((s) => (total ? (s * target) / total : 0));
  const out = quotas.map((q, i) => Math.min(caps[i], Math.floor(q)));
  let left = target - out.reduce((a, b) => a + b, 0);
  const order = sizes
    .map((_, i) => i)
    .sort(
      (a, b) =>
        quotas[b] - Math.floor(quotas[b]) - (quotas[a] - Math.floor(quotas[a])) ||
        sizes[b] - sizes[a] ||
        a - b,
    );
  while (left > 0) {
    let gave = false;
    for (const i of order) {
      if (left === 0) break;
      if (out[i] < caps[i]) {
        out[i]++;
        left--;
        gave = true;
      }
    }
    if (!gave) break;
  }
  return out;
}

/**
 * Split row indices into train, validation and test, stratified by label: each part gets about the same share of
 * every class. Part sizes are ceil(n × fraction) for test and validation, like scikit-learn's train_test_split; a
 * class keeps at least one row in train when it can. Indices in each part are in their original order.
 */
export function stratifiedSplit(labels: unknown[], f: SplitFractions): SplitIndices {
  const n = labels.length;
  const groups = new Map<string, number[]>();
  labels.forEach((label, i) => {
    const key = JSON.stringify(label ?? null);
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push(i);
  });
  const classes = [...groups.values()];
  const sizes = classes.map((g) => g.length);
  const nTest = f.test > 0 ? Math.ceil(n * f.test) : 0;
  const nValidation = f.validation > 0 ? Math.ceil(n * f.validation) : 0;
  // First keep one row of each class for train; only when that cannot reach the target, take those too.
  const fill = (target: number, taken: number[]) => {
    const soft = allocate(
      sizes,
      n,
      target,
      sizes.map((s, i) => Math.max(0, s - taken[i] - 1)),
    );
    const missing = target - soft.reduce((a, b) => a + b, 0);
    if (missing <= 0) return soft;
    const extra = allocate(
      sizes,
      n,
      missing,
      sizes.map((s, i) => s - taken[i] - soft[i]),
    );
    return soft.map((v, i) => v + extra[i]);
  };
  const testCounts = fill(
    nTest,
    sizes.map(() => 0),
  );
  const validationCounts = fill(nValidation, testCounts);
  const random = seededRandom(f.seed);
  const out: SplitIndices = { train: [], validation: [], test: [] };
  classes.forEach((indices, c) => {
    const shuffled = shuffle([...indices], random);
    out.test.push(...shuffled.slice(0, testCounts[c]));
    out.validation.push(...shuffled.slice(testCounts[c], testCounts[c] + validationCounts[c]));
    out.train.push(...shuffled.slice(testCounts[c] + validationCounts[c]));
  });
  const asc = (a: number, b: number) => a - b;
  out.train.sort(asc);
  out.validation.sort(asc);
  out.test.sort(asc);
  return out;
}

/** A column of a prepared table: copied from the source, a one-hot indicator, or the batch id. */
export type PreparedColumn =
  | { name: string; kind: "copy"; from: string }
  | { name: string; kind: "indicator"; from: string; value: unknown }
  | { name: string; kind: "batch" };

export interface PrepareOptions {
  label: string;
  dropNulls: boolean;
  oneHot: string[];
  split: SplitFractions | null;
  batchSize: number | null;
  /** Longest identifier the target database keeps (64 MySQL, 63 PostgreSQL). */
  maxIdentifierLength: number;
}

export interface PreparedParts {
  /** Columns of validation and test; train has these plus batch_id when batchSize is set. */
  columns: PreparedColumn[];
  trainColumns: PreparedColumn[];
  train: unknown[][];
  validation: unknown[][] | null;
  test: unknown[][] | null;
  batches: number;
  /** Rows left after dropping nulls. */
  rowCount: number;
}

/** Column-name suffix for a one-hot value: characters other than letters, digits and _ become _. */
export function indicatorName(column: string, value: unknown): string {
  return `${column}_${String(value).replace(/[^A-Za-z0-9_]/g, "_")}`;
}

const compareValues = (a: unknown, b: unknown) =>
  typeof a === "number" && typeof b === "number"
    ? a - b
    : String(a) < String(b)
      ? -1
      : String(a) > String(b)
        ? 1
        : 0;

/**
 * Turn source rows into the prepared tables' rows. Errors name the input field (input.label, input.oneHot,
 * input.split, input.batchSize).
 */
export function prepareRows(
  sourceColumns: string[],
  sourceRows: Record<string, unknown>[],
  opts: PrepareOptions,
): PreparedParts {
  if (opts.oneHot.includes(opts.label)) {
    throw badInput(`the label column "${opts.label}" cannot also be one-hot encoded: remove it from oneHot`, {
      field: "input.oneHot",
    });
  }
  if (opts.batchSize !== null && opts.batchSize < 1) {
    throw badInput(`batchSize must be at least 1, got ${opts.batchSize}`, { field: "input.batchSize" });
  }
  if (opts.split) {
    const { validation, test } = opts.split;
    if (!(validation >= 0 && validation < 1) || !(test >= 0 && test < 1) || validation + test >= 1) {
      throw badInput(
        `split fractions must each be from 0 to below 1 and leave rows for train; got validation ${validation}, test ${test}`,
        { field: "input.split" },
      );
    }
  }
  const rows = opts.dropNulls
    ? sourceRows.filter((r) => sourceColumns.every((c) => r[c] !== null && r[c] !== undefined))
    : sourceRows;
  if (!rows.length) {
    throw badInput(
      opts.dropNulls && sourceRows.length
        ? "no rows are left after dropping rows with nulls: set dropNulls to false or clean the table"
        : "the dataset has no rows to prepare",
      { field: "input.from" },
    );
  }

  const oneHot = new Set(opts.oneHot);
  const columns: PreparedColumn[] = [];
  for (const c of sourceColumns) {
    if (!oneHot.has(c)) {
      columns.push({ name: c, kind: "copy", from: c });
      continue;
    }
    const values = [...new Set(rows.map((r) => r[c]).filter((v) => v !== null && v !== undefined))].sort(
      compareValues,
    );
    for (const value of values)
      columns.push({ name: indicatorName(c, value), kind: "indicator", from: c, value });
  }
  const batchColumn: PreparedColumn = { name: "batch_id", kind: "batch" };
  // A batch_id already in the source is replaced by the new one.
  const trainColumns =
    opts.batchSize !== null ? [...columns.filter((c) => c.name !== "batch_id"), batchColumn] : columns;

  const seen = new Map<string, PreparedColumn>();
  for (const c of trainColumns) {
    if (!IDENTIFIER.test(c.name) || c.name.length > opts.maxIdentifierLength) {
      throw badInput(
        `one-hot column name "${c.name}" is not a valid column name (at most ${opts.maxIdentifierLength} letters, digits and underscores): shorten the column or do not one-hot it`,
        { field: "input.oneHot" },
      );
    }
    const clash = seen.get(c.name.toLowerCase());
    if (clash) {
      throw badInput(
        `one-hot encoding would create the column "${c.name}" twice (it clashes with "${clash.name}"): rename the column or its values`,
        { field: "input.oneHot" },
      );
    }
    seen.set(c.name.toLowerCase(), c);
  }

  const toRow = (r: Record<string, unknown>, cols: PreparedColumn[], batch: number) =>
    cols.map((c) => {
      if (c.kind === "copy") return r[c.from] ?? null;
      if (c.kind === "indicator") return r[c.from] === c.value ? 1 : 0;
      return batch;
    });
  const batchOf = (i: number) => (opts.batchSize ? Math.floor(i / opts.batchSize) : 0);

  if (!opts.split) {
    return {
      columns,
      trainColumns,
      train: rows.map((r, i) => toRow(r, trainColumns, batchOf(i))),
      validation: null,
      test: null,
      batches: opts.batchSize ? Math.ceil(rows.length / opts.batchSize) : 1,
      rowCount: rows.length,
    };
  }
  const parts = stratifiedSplit(
    rows.map((r) => r[opts.label]),
    opts.split,
  );
  return {
    columns,
    trainColumns,
    train: parts.train.map((idx, i) => toRow(rows[idx], trainColumns, batchOf(i))),
    validation:
      opts.split.validation > 0 ? parts.validation.map((idx) => toRow(rows[idx], columns, 0)) : null,
    test: opts.split.test > 0 ? parts.test.map((idx) => toRow(rows[idx], columns, 0)) : null,
    batches: opts.batchSize ? Math.max(1, Math.ceil(parts.train.length / opts.batchSize)) : 1,
    rowCount: rows.length,
  };
}
