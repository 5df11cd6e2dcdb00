// Checks predict's raw input rows against a model's input columns; pure, so it is unit-tested without I/O.
import { badInput } from "../../errors";
import type { InputColumn } from "./model-format";

/** How many problems one error message lists before it just counts the rest. */
const MAX_LISTED = 5;

/**
 * Rows reduced to the model's input columns, in the model's column order.
 *
 * Rules (documented on predict's `inputs` argument):
 * - every input column must be present in every row (a missing key is an error);
 * - `null` is allowed and means "unknown": the model's pipeline imputes it (mean / most frequent value);
 * - double and long columns take finite JSON numbers (long: whole numbers); string columns take text;
 *   boolean columns take true/false; anything else is an error naming the row index and column;
 * - columns the model does not use (the label, ids, notes) are ignored.
 */
export function validateRows(
  rows: readonly Record<string, unknown>[],
  inputs: readonly InputColumn[],
  field = "inputs",
): Record<string, unknown>[] {
  const problems: { field: string; message: string }[] = [];
  const out: Record<string, unknown>[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (row === null || typeof row !== "object" || Array.isArray(row)) {
      problems.push({ field: `${field}[${i}]`, message: `${field}[${i}] is not an object of column values` });
      continue;
    }
    const clean: Record<string, unknown> = {};
    for (const col of inputs) {
      const where = `${field}[${i}].${col.name}`;
      if (!Object.prototype.hasOwnProperty.call(row, col.name)) {
        problems.push({
          field: where,
          message: `${where} is missing: every row needs each input column of the model (use null for an unknown value)`,
        });
        continue;
      }
      const value = row[col.name];
      const problem = value === null ? undefined : checkValue(value, col);
      if (problem) problems.push({ field: where, message: `${where} ${problem}` });
      else clean[col.name] = value;
    }
    out[i] = clean;
    if (problems.length > MAX_LISTED) break;
  }
  if (problems.length) {
    const listed = problems.slice(0, MAX_LISTED).map((p) => p.message);
    const more = problems.length > MAX_LISTED ? `; and more problems after these` : "";
    throw badInput(`${listed.join("; ")}${more}.`, { field: problems[0].field });
  }
  return out;
}

function describe(value: unknown): string {
  if (typeof value === "string") {
    const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
    return `text ${JSON.stringify(shown)}`;
  }
  if (typeof value === "number") return `the number ${String(value)}`;
  if (typeof value === "boolean") return `the boolean ${String(value)}`;
  if (Array.isArray(value)) return "a list";
  return "an object";
}

/** Why a non-null value does not fit its column, or undefined when it fits. */
function checkValue(value: unknown, col: InputColumn): string | undefined {
  switch (col.type) {
    case "double":
    case "long":
      if (typeof value !== "number") return `is ${describe(value)}; the model expects a number (${col.type})`;
      // JSON cannot carry NaN, but 1e999 parses to Infinity.
      if (!Number.isFinite(value)) return `is not a finite number (${String(value)})`;
      if (col.type === "long" && !Number.isInteger(value))
        return `is ${String(value)}; the model expects a whole number (long)`;
      return undefined;
    case "string":
      if (typeof value !== "string") return `is ${describe(value)}; the model expects text (string)`;
      return undefined;
    case "boolean":
      if (typeof value !== "boolean")
        return `is ${describe(value)}; the model expects true or false (boolean)`;
      return undefined;
    default:
      return `has a column type (${String((col as { type: unknown }).type)}) this gateway cannot check`;
  }
}
