// What a scoring worker is sent to score: row objects, or columns (cheaper to pass between threads than 1,000
// objects, whose keys are copied once per row; the worker makes the rows).
import type { InputColumn } from "../models/model-format";
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

/**
 * predict's rows as the model's input columns, in the model's column order: what the worker would read from the
 * rows (the other fields are ignored there too). Null when some row is not an object or lacks a column: those are
 * sent as rows, so the worker's validation names the row and the column exactly as it always has.
 */
export function rowsToColumns(
  rows: readonly Record<string, unknown>[],
  inputs: readonly InputColumn[],
): DataColumn[] | null {
  // A column named like Object.prototype's members ("constructor") would read the prototype's on a row without it.
  if (inputs.some((c) => c.name in Object.prototype)) return null;
  const names = inputs.map((c) => c.name);
  // Filled by push, so each array stays packed: V8 clones a packed array of numbers or text element by element,
  // but one made with new Array(n) is holey, which it sends as a sparse array, key by key.
  const data: unknown[][] = names.map(() => []);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (row === null || typeof row !== "object" || Array.isArray(row)) return null;
    for (let j = 0; j < names.length; j++) {
      const v = row[names[j]];
      if (v === undefined) return null;
      data[j].push(v);
    }
  }
  return names.map((name, j) => ({ name, data: data[j] }));
}

/**
 * What a worker is sent for these rows: their columns when every row has each of the model's columns, else the
 * rows themselves.
 */
export function workerInput(
  rows: readonly Record<string, unknown>[],
  inputs: readonly InputColumn[] | undefined,
): ScoringInput {
  const columns = inputs ? rowsToColumns(rows, inputs) : null;
  return columns ? { columns, count: rows.length } : { rows };
}
