// Ingest's write path: rows streamed into MySQL (LOAD DATA LOCAL INFILE) or PostgreSQL (COPY FROM STDIN), typed
// from a sample and checked while streaming; REPLACE through a staging table swapped in, APPEND in one transaction.
import type { Logger } from "pino";
import {
  bulkChunks,
  inferColumns,
  InferredColumn,
  RowSource,
  typedBatches,
  WiderTypesNeeded,
} from "./csv-stream";
import { BulkLoadRefused, Executor, stagingName, TableSource } from "./sources";

/** Rows whose values decide the column types before streaming; later rows are checked against them. */
export const SAMPLE_ROWS = 10_000;

/** Sources whose server refused LOAD DATA LOCAL: they use INSERTs from then on (logged once). */
const refusedBulk = new WeakSet<TableSource>();

export interface WriteRowsRequest {
  target: string;
  append: boolean;
  source: RowSource;
}

/**
 * Write every row of `source` to `target`; returns the row count. Types come from the first SAMPLE_ROWS rows; if a
 * later value does not fit, the partial load is thrown away (staging table dropped, transaction rolled back) and
 * the rows are loaded again with types inferred from all of them. On any failure the target is as it was.
 */
export async function writeRows(
  src: TableSource,
  log: Logger | undefined,
  req: WriteRowsRequest,
): Promise<number> {
  let columns = inferColumns(req.source, SAMPLE_ROWS);
  let check = true;
  for (;;) {
    try {
      return req.append
        ? await append(src, log, req, columns, check)
        : await replace(src, log, req, columns, check);
    } catch (err) {
      if (!(err instanceof WiderTypesNeeded) || !check) throw err;
      log?.info(
        { table: req.target, column: err.column },
        "ingest: the sample's types do not fit every row; typing from all rows",
      );
      columns = inferColumns(req.source);
      check = false;
    }
  }
}

async function replace(
  src: TableSource,
  log: Logger | undefined,
  req: WriteRowsRequest,
  columns: InferredColumn[],
  check: boolean,
): Promise<number> {
  const defs = req.source.columns.map((name, j) => ({
    name,
    type: src.sqlTypeFor(columns[j].type, columns[j].maxLength),
  }));
  const staged = stagingName("stage");
  await src.createTable(staged, defs);
  try {
    const n = await load(
      src,
      log,
      staged,
      req.source,
      columns,
      defs.map((d) => d.type),
      check,
    );
    await src.swapIn([{ staged, target: req.target }]);
    return n;
  } catch (err) {
    await src.dropTable(staged).catch(() => {});
    throw err;
  }
}

async function append(
  src: TableSource,
  log: Logger | undefined,
  req: WriteRowsRequest,
  columns: InferredColumn[],
  check: boolean,
): Promise<number> {
  // The table's own types decide what fits; the checks only keep the encoding right (no widening of text).
  const types = columns.map(() => "TEXT");
  return src.transaction((tx) => load(src, log, req.target, req.source, columns, types, check, tx));
}

/** The longest text a column type holds: VARCHAR(n) → n; anything else is not limited here. */
function textCapacity(sqlType: string): number {
  const m = /^VARCHAR\((\d+)\)$/i.exec(sqlType);
  return m ? Number(m[1]) : Infinity;
}

async function load(
  src: TableSource,
  log: Logger | undefined,
  table: string,
  source: RowSource,
  columns: InferredColumn[],
  sqlTypes: string[],
  check: boolean,
  exec?: Executor,
): Promise<number> {
  if (!refusedBulk.has(src)) {
    let rows = 0;
    try {
      const data = bulkChunks(source, columns, {
        check,
        maxTextLength: sqlTypes.map(textCapacity),
        onRow: () => rows++,
      });
      const loaded = await src.bulkLoad(table, source.columns, data, exec);
      return Math.max(rows, loaded);
    } catch (err) {
      if (!(err instanceof BulkLoadRefused)) throw err;
      refusedBulk.add(src);
      log?.warn(
        { source: src.kind, cause: err.message },
        "ingest: the server refuses LOAD DATA LOCAL INFILE (local_infile is off): loading with INSERTs instead, which is slower",
      );
    }
  }
  // INSERT fallback: the same rows in batches, with the same type checks first.
  if (check) {
    const checked = bulkChunks(source, columns, { check, maxTextLength: sqlTypes.map(textCapacity) });
    while (!checked.next().done);
  }
  let rows = 0;
  const types = columns.map((c) => c.type);
  for (const batch of typedBatches(source, types)) {
    await src.insertRows(table, source.columns, batch, exec);
    rows += batch.length;
  }
  return rows;
}
