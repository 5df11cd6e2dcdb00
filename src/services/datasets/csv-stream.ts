// Streaming ingest input: CSV records read one at a time, column types from a sample checked while streaming, and
// rows encoded for the databases' bulk paths (LOAD DATA / COPY text format). Pure logic, no I/O.
import { badInput } from "../../errors";
import type { ValueType } from "./sources";
import { checkColumns, type TextTable } from "./tabular";

// Cells read as SQL NULL, as parseCsv: "", "NA" and "NaN" (toCell).
const INTEGER = /^[+-]?\d+$/;
const FLOAT = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const BOOLEAN = /^(true|false)$/i;

/** An input whose rows can be read (again) one at a time: the header, and a fresh iterator over the cells. */
export interface RowSource {
  columns: string[];
  rows(): Iterable<(string | null)[]>;
}

const isSpace = (c: number) => c === 32 || c === 9 || c === 0xa0 || c === 0xfeff || c === 0x0b || c === 0x0c;
function trimCell(s: string): string {
  return s.length && (isSpace(s.charCodeAt(0)) || isSpace(s.charCodeAt(s.length - 1))) ? s.trim() : s;
}
const toCell = (s: string): string | null =>
  s.length === 0 || (s.length === 2 && s === "NA") || (s.length === 3 && s === "NaN") ? null : s;

/** INTEGER matched: short enough to be a safe integer without parsing it (15 digits and a sign). */
const fitsInteger = (v: string) => INTEGER.test(v) && (v.length <= 15 || Number.isSafeInteger(Number(v)));
/** FLOAT matched: without an exponent and under 300 characters the value is finite without parsing it. */
const fitsFloat = (v: string) =>
  FLOAT.test(v) && ((v.length < 300 && !v.includes("e") && !v.includes("E")) || Number.isFinite(Number(v)));

function invalid(field: string, line: number, why: string): Error {
  return badInput(`the CSV is not valid at line ${line}: ${why}`, { field, line });
}

/**
 * Records of CSV text (comma-separated, `"` quotes with `""` escapes, \n or \r\n line ends), the way parseCsv
 * reads them: BOM dropped, cells trimmed, empty lines skipped. Yields [cells, line of the record's start].
 * Lines without a quote take a fast path (split); quoted records are scanned character by character.
 */
export function* csvRecords(text: string, field: string): Generator<[string[], number]> {
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  const n = text.length;
  while (pos < n) {
    let end = text.indexOf("\n", pos);
    if (end < 0) end = n;
    const lineEnd = end > pos && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    const raw = text.slice(pos, lineEnd);
    const start = line;
    if (!raw.includes('"')) {
      pos = end + 1;
      line++;
      if (raw.length === 0) continue;
      const cells = raw.split(",");
      for (let j = 0; j < cells.length; j++) cells[j] = trimCell(cells[j]);
      yield [cells, start];
      continue;
    }
    // Quoted record: may span lines.
    const cells: string[] = [];
    let cell = "";
    let i = pos;
    for (;;) {
      // Start of a cell: skip leading blanks, then a quoted or a plain cell.
      while (i < n && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
      if (text.charCodeAt(i) === 34) {
        i++;
        cell = "";
        for (;;) {
          const q = text.indexOf('"', i);
          if (q < 0)
            throw invalid(field, start, "Quote Not Closed: the parsing is finished with an opening quote");
          const part = text.slice(i, q);
          for (let k = part.indexOf("\n"); k >= 0; k = part.indexOf("\n", k + 1)) line++;
          cell += part;
          if (text.charCodeAt(q + 1) === 34) {
            cell += '"';
            i = q + 2;
            continue;
          }
          i = q + 1;
          break;
        }
        while (i < n && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
        const c = text.charCodeAt(i);
        if (i < n && c !== 44 && c !== 10 && c !== 13)
          throw invalid(field, line, `Invalid Closing Quote: got "${text[i]}" after a closing quote`);
        cells.push(cell);
      } else {
        let j = i;
        while (j < n) {
          const c = text.charCodeAt(j);
          if (c === 44 || c === 10 || (c === 13 && text.charCodeAt(j + 1) === 10)) break;
          if (c === 34) throw invalid(field, line, "Invalid Opening Quote: a quote is found inside a field");
          j++;
        }
        cells.push(trimCell(text.slice(i, j)));
        i = j;
      }
      const c = text.charCodeAt(i);
      if (c === 44) {
        i++;
        continue;
      }
      // End of the record (a line end or the end of the text).
      if (c === 13) i++;
      if (text.charCodeAt(i) === 10) i++;
      line++;
      break;
    }
    pos = i;
    yield [cells, start];
  }
}

/** CSV text as a RowSource: the header checked once, rows re-read on every `rows()` call, ragged rows refused. */
export function csvRowSource(text: string, field: string): RowSource {
  const first = csvRecords(text, field).next();
  if (first.done) throw badInput("the CSV is empty: it needs a header row naming the columns", { field });
  const columns = checkColumns(first.value[0], field);
  return {
    columns,
    *rows() {
      const it = csvRecords(text, field);
      it.next();
      for (const [cells, line] of it) {
        if (cells.length !== columns.length)
          throw badInput(
            `line ${line} of the CSV has ${cells.length} fields but the header has ${columns.length}: fix or remove that row`,
            { field, line },
          );
        for (let j = 0; j < cells.length; j++) (cells as (string | null)[])[j] = toCell(cells[j]);
        yield cells as (string | null)[];
      }
    },
  };
}

/** A parsed table (JSON input, small) as a RowSource. */
export function tableRowSource(table: TextTable): RowSource {
  return { columns: table.columns, rows: () => table.rows };
}

export interface InferredColumn {
  type: ValueType;
  maxLength: number;
  /** No value seen (all null so far): a later value means the types must be inferred again. */
  unseen: boolean;
}

/** Narrowest types of the first `limit` rows (all rows without a limit): integer, then float, boolean, text. */
export function inferColumns(source: RowSource, limit = Infinity): InferredColumn[] {
  const m = source.columns.length;
  const integer = new Array<boolean>(m).fill(true);
  const float = new Array<boolean>(m).fill(true);
  const boolean = new Array<boolean>(m).fill(true);
  const any = new Array<boolean>(m).fill(false);
  const maxLength = new Array<number>(m).fill(0);
  let count = 0;
  for (const row of source.rows()) {
    if (count++ >= limit) break;
    for (let j = 0; j < m; j++) {
      const v = row[j];
      if (v === null) continue;
      any[j] = true;
      if (v.length > maxLength[j]) maxLength[j] = v.length;
      if (integer[j] && !fitsInteger(v)) integer[j] = false;
      if (float[j] && !fitsFloat(v)) float[j] = false;
      if (boolean[j] && !BOOLEAN.test(v)) boolean[j] = false;
    }
  }
  return source.columns.map((_, j) => ({
    type: !any[j] ? "text" : integer[j] ? "integer" : float[j] ? "float" : boolean[j] ? "boolean" : "text",
    maxLength: maxLength[j],
    unseen: !any[j],
  }));
}

/** Thrown while streaming when a value does not fit the type inferred from the sample: infer from every row. */
export class WiderTypesNeeded extends Error {
  constructor(readonly column: string) {
    super(`column "${column}" has values the sample did not show`);
  }
}

// LOAD DATA's and COPY's common text format: tab-separated, \N for NULL, backslash escapes.
// eslint-disable-next-line no-control-regex -- NUL is one of the characters to escape
const SPECIAL = /[\\\t\n\r\u0000]/;
const ESCAPES: Record<string, string> = {
  "\\": "\\\\",
  "\t": "\\t",
  "\n": "\\n",
  "\r": "\\r",
  "\u0000": "\\0",
};
const escapeText = (s: string) =>
  // eslint-disable-next-line no-control-regex -- as above
  SPECIAL.test(s) ? s.replace(/[\\\t\n\r\u0000]/g, (c) => ESCAPES[c]) : s;

/** Bytes per chunk handed to the database stream. */
const CHUNK_BYTES = 256 * 1024;

/**
 * The rows in the bulk text format, as Buffers of about CHUNK_BYTES, checking every value against its column's
 * type (`maxTextLength`: the longest text each column holds). `onRow` counts rows. Throws WiderTypesNeeded when
 * `check` is set and a value does not fit, and the source's own errors (ragged rows) as they come.
 */
export function* bulkChunks(
  source: RowSource,
  columns: InferredColumn[],
  opts: { check: boolean; maxTextLength: number[]; onRow?: () => void },
): Generator<Buffer> {
  const m = columns.length;
  const types = columns.map((c) => c.type);
  let text = "";
  for (const row of source.rows()) {
    let line = "";
    for (let j = 0; j < m; j++) {
      const v = row[j];
      let out: string;
      if (v === null) out = "\\N";
      else {
        if (opts.check && columns[j].unseen) throw new WiderTypesNeeded(source.columns[j]);
        switch (types[j]) {
          case "integer":
            if (opts.check && !fitsInteger(v)) throw new WiderTypesNeeded(source.columns[j]);
            out = v;
            break;
          case "float":
            if (opts.check && !fitsFloat(v)) throw new WiderTypesNeeded(source.columns[j]);
            out = v;
            break;
          case "boolean":
            if (opts.check && !BOOLEAN.test(v)) throw new WiderTypesNeeded(source.columns[j]);
            out = v.charCodeAt(0) === 116 || v.charCodeAt(0) === 84 ? "1" : "0";
            break;
          default:
            if (opts.check && v.length > opts.maxTextLength[j]) throw new WiderTypesNeeded(source.columns[j]);
            out = escapeText(v);
        }
      }
      line += j ? `\t${out}` : out;
    }
    text += line + "\n";
    opts.onRow?.();
    if (text.length >= CHUNK_BYTES) {
      yield Buffer.from(text, "utf8");
      text = "";
    }
  }
  if (text.length) yield Buffer.from(text, "utf8");
}

/** The rows as typed values in batches (the INSERT fallback), with the same conversions as convertCell. */
export function* typedBatches(
  source: RowSource,
  types: ValueType[],
  batchRows = 5000,
): Generator<unknown[][]> {
  let batch: unknown[][] = [];
  for (const row of source.rows()) {
    batch.push(
      row.map((v, j) => {
        if (v === null) return null;
        const t = types[j];
        if (t === "integer" || t === "float") return Number(v);
        if (t === "boolean") return v.toLowerCase() === "true";
        return v;
      }),
    );
    if (batch.length >= batchRows) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}
