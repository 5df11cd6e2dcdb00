// What a scoring worker is sent to score: row objects, or the inference protocol's columns (cheaper to pass
// between threads than 1,000 objects; the worker makes the rows).
import { columnsToRows, type DataColumn } from "./inference-protocol";

/** Rows to score: objects, or columns of `count` values each. */
export type ScoringInput =
  | { rows: readonly Record<string, unknown>[] }
  | { columns: readonly DataColumn[]; count: number };

/** The rows of a scoring input. */
export const inputRows = (input: ScoringInput): readonly Record<string, unknown>[] =>
  "rows" in input ? input.rows : columnsToRows(input.columns, input.count);

/** How many rows a scoring input holds. */
export const inputCount = (input: ScoringInput): number =>
  "rows" in input ? input.rows.length : input.count;
