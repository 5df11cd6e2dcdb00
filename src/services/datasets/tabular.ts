// Text to table: CSV and JSON parsing, column type inference and value conversion for ingest (pure logic, no I/O).
import { CsvError, parse } from "csv-parse/sync";
import { badInput } from "../../errors";
import { IDENTIFIER } from "./identifiers";
import type { ValueType } from "./sources";

/** A parsed table before typing: a header and rows of text cells (null = missing). */
export interface TextTable {
  columns: string[];
  rows: (string | null)[][];
}

/** Cells read as SQL NULL. */
const NULL_TOKENS = new Set(["", "NA", "NaN"]);

const INTEGER = /^[+-]?\d+$/;
const FLOAT = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const BOOLEAN = /^(true|false)$/i;

const toCell = (s: string): string | null => (NULL_TOKENS.has(s) ? null : s);

/**
 * Parse CSV text with a header row. A row whose field count differs from the header fails with its line number;
 * `field` names the input in errors.
 */
export function parseCsv(text: string, field: string): TextTable {
  let records: string[][];
  try {
    records = parse(text, { bom: true, trim: true, skip_empty_lines: true }) as string[][];
  } catch (err) {
    if (err instanceof CsvError) {
      const line = (err as CsvError & { lines?: number }).lines;
      if (err.code === "CSV_RECORD_INCONSISTENT_FIELDS_LENGTH") {
        const got = (err as CsvError & { record?: unknown[] }).record?.length;
        const expected = records0Length(text);
        throw badInput(
          `line ${line} of the CSV has ${got ?? "a different number of"} fields but the header has ${expected ?? "another number"}: fix or remove that row`,
          { field, line },
        );
      }
      throw badInput(`the CSV is not valid at line ${line}: ${err.message.replace(/ on line \d+$/, "")}`, {
        field,
        line,
      });
    }
    throw err;
  }
  if (!records.length)
    throw badInput("the CSV is empty: it needs a header row naming the columns", { field });
  const [header, ...body] = records;
  return { columns: checkColumns(header, field), rows: body.map((r) => r.map(toCell)) };
}

/** Number of header fields, for the error message (cheap: parses only the first record). */
function records0Length(text: string): number | undefined {
  try {
    const first = parse(text, { bom: true, trim: true, skip_empty_lines: true, to_line: 1 }) as string[][];
    return first[0]?.length;
  } catch {
    return undefined;
  }
}

/** A JSON array of objects: columns are the union of keys in first-seen order. */
export function tableFromJson(value: unknown, field: string): TextTable {
  if (!Array.isArray(value)) throw badInput("the JSON document must be an array of objects", { field });
  const columns: string[] = [];
  const seen = new Set<string>();
  value.forEach((item, i) => {
    if (!item || typeof item !== "object" || Array.isArray(item)) {
      throw badInput(
        `item ${i} of the JSON array is not an object: every item must be {"column": value, ...}`,
        {
          field,
        },
      );
    }
    for (const key of Object.keys(item)) {
      if (!seen.has(key)) {
        seen.add(key);
        columns.push(key);
      }
    }
  });
  checkColumns(columns, field);
  const rows = value.map((item: Record<string, unknown>) =>
    columns.map((c) => {
      const v = item[c];
      if (v === null || v === undefined) return null;
      if (typeof v === "string") return toCell(v.trim());
      if (typeof v === "number") return Number.isFinite(v) ? String(v) : null;
      if (typeof v === "boolean") return String(v);
      return JSON.stringify(v);
    }),
  );
  return { columns, rows };
}

/** Column names must be identifiers and unique (case-insensitively: MySQL compares column names that way). */
export function checkColumns(columns: string[], field: string): string[] {
  if (!columns.length || columns.every((c) => c === "")) {
    throw badInput("the data has no columns: the first row must name them", { field });
  }
  const lower = new Set<string>();
  for (const c of columns) {
    if (!IDENTIFIER.test(c)) {
      throw badInput(
        `column name ${JSON.stringify(c)} is not allowed: use letters, digits and underscores, starting with a letter or underscore, at most 64 characters`,
        { field, column: c },
      );
    }
    if (lower.has(c.toLowerCase())) throw badInput(`column "${c}" appears twice`, { field, column: c });
    lower.add(c.toLowerCase());
  }
  return columns;
}

/** The narrowest type of each column: integer, then float, then boolean, else text. All-null columns are text. */
export function inferTypes(table: TextTable): { type: ValueType; maxLength: number }[] {
  return table.columns.map((_, j) => {
    let integer = true;
    let float = true;
    let boolean = true;
    let any = false;
    let maxLength = 0;
    for (const row of table.rows) {
      const v = row[j];
      if (v === null || v === undefined) continue;
      any = true;
      if (v.length > maxLength) maxLength = v.length;
      if (integer && !(INTEGER.test(v) && Number.isSafeInteger(Number(v)))) integer = false;
      if (float && !(FLOAT.test(v) && Number.isFinite(Number(v)))) float = false;
      if (boolean && !BOOLEAN.test(v)) boolean = false;
    }
    const type: ValueType = !any
      ? "text"
      : integer
        ? "integer"
        : float
          ? "float"
          : boolean
            ? "boolean"
            : "text";
    return { type, maxLength };
  });
}

/** A text cell as a value of its column's type. */
export function convertCell(v: string | null, type: ValueType): string | number | boolean | null {
  if (v === null) return null;
  switch (type) {
    case "integer":
    case "float":
      return Number(v);
    case "boolean":
      return v.toLowerCase() === "true";
    default:
      return v;
  }
}

export function convertRows(table: TextTable, types: ValueType[]): unknown[][] {
  return table.rows.map((row) => row.map((v, j) => convertCell(v, types[j])));
}
