// Datasets: MySQL and PostgreSQL tables listed, described, previewed, profiled, ingested and prepared.
import { createHash } from "node:crypto";
import type { Logger } from "pino";
import type { Config } from "../../config";
import { badInput, notFound } from "../../errors";
import { BuiltinDataset, DatasetSource, IngestMode } from "../../schema/enums";
import { readBuiltin } from "./builtin";
import { writeRows } from "./bulk-ingest";
import { csvRowSource, tableRowSource, type RowSource } from "./csv-stream";
import { checkIdentifier } from "./identifiers";
import { cleanStagingTables, TtlCache } from "./staging";
import { prepareRows, type PreparedColumn } from "./prepare";
import {
  stagingName,
  type ColumnInfo,
  type MysqlSource,
  type PostgresSource,
  type TableSource,
} from "./sources";
import { tableFromJson } from "./tabular";
import { fetchGuarded } from "./url-guard";

/** Rows of a table as training reads them: typed column descriptions and plain row objects. */
export interface TableData {
  table: string;
  source: DatasetSource;
  columns: { name: string; type: string; nullable: boolean; numeric: boolean }[];
  rows: Record<string, unknown>[];
  /** A content digest (hex) of the rows read, for MLflow dataset inputs: the first 36 hex digits of a sha256. */
  digest: string;
  /** e.g. mysql://127.0.0.1:3306/datasets.penguins */
  sourceUri: string;
}

/** Which input field an error names, for callers whose arguments are called differently. */
export interface ReadTableFields {
  /** Field of the table name (default "dataset"). */
  dataset?: string;
  /** Field of an unknown column (default "features"); a function picks per column, e.g. the label. */
  column?: string | ((column: string) => string);
}

/** A dataset as listed: where it lives, its exact row count and its columns. */
export interface DatasetInfo {
  name: string;
  source: DatasetSource;
  rowCount: number;
  columns: { name: string; type: string; nullable: boolean }[];
}

export interface ColumnProfileInfo {
  name: string;
  nullCount: number;
  distinctCount: number;
  min: unknown;
  max: unknown;
  mean: number | null;
}

/** What ingestDataset asks for (the schema's IngestDatasetInput has this shape). */
export interface IngestRequest {
  name: string;
  source: DatasetSource;
  builtin?: BuiltinDataset | null;
  url?: string | null;
  csv?: string | null;
  mode: IngestMode;
}

/** What prepareDataset asks for (the schema's PrepareDatasetInput has this shape). */
export interface PrepareRequest {
  from: string;
  to: string;
  source: DatasetSource;
  label: string;
  dropNulls: boolean;
  oneHot?: string[] | null;
  split?: { validation: number; test: number; seed: number } | null;
  batchSize?: number | null;
}

export interface PreparedInfo {
  train: DatasetInfo;
  validation: DatasetInfo | null;
  test: DatasetInfo | null;
  batches: number;
}

/** Largest page of rows a preview returns. */
export const MAX_PREVIEW_ROWS = 1000;

/** Driver error codes that mean "these values do not fit those columns": the user's data, not a bug. */
const VALUE_ERRORS = new Set([
  "ER_TRUNCATED_WRONG_VALUE_FOR_FIELD",
  "ER_WARN_DATA_OUT_OF_RANGE",
  "ER_DATA_TOO_LONG",
  "ER_WRONG_VALUE_COUNT_ON_ROW",
  "ER_BAD_NULL_ERROR",
  "22P02",
  "22003",
  "22001",
  "23502",
]);

export class DatasetService {
  /** issue 13: profiles, descriptions and listings for DATASET_CACHE_TTL_MS, so repeating them is cheap. */
  private readonly cache = new TtlCache(() => this.config.datasets.cacheTtlMs);

  constructor(
    readonly mysql: MysqlSource,
    readonly postgres: PostgresSource,
    readonly config: Config,
    private readonly log?: Logger,
  ) {}

  /** Drop cached answers about a source's tables (after the gateway wrote to it). */
  forget(source: DatasetSource): void {
    this.cache.forget(`${source}:`);
  }

  /** Drop staging tables that a crashed ingest or prepare left behind (see cleanStagingTables). */
  async cleanStaging(): Promise<string[]> {
    const dropped = await Promise.all([cleanStagingTables(this.mysql), cleanStagingTables(this.postgres)]);
    return dropped.flat();
  }

  /** The source object behind a DatasetSource value. */
  sourceOf(source: DatasetSource): TableSource {
    return source === DatasetSource.POSTGRES ? this.postgres : this.mysql;
  }

  /** Lineage URI of a table (no credentials), as recorded in MLflow dataset inputs. */
  tableUri(source: DatasetSource, table: string): string {
    return this.sourceOf(source).tableUri(table);
  }

  // ---------------------------------------------------------------------------------------------- reading

  /**
   * Read whole columns of a table for training. Unknown table: BAD_USER_INPUT naming it (field "dataset");
   * unknown column: BAD_USER_INPUT naming it. `columns` undefined = every column.
   */
  async readTable(
    source: DatasetSource,
    table: string,
    columns?: string[],
    fields: ReadTableFields = {},
  ): Promise<TableData> {
    const datasetField = fields.dataset ?? "dataset";
    const columnField = (c: string) =>
      typeof fields.column === "function" ? fields.column(c) : (fields.column ?? "features");
    const src = this.sourceOf(source);
    checkIdentifier(table, datasetField, "dataset");
    const all = (await src.columnsOf([table])).get(table);
    if (!all) throw badInput(`dataset "${table}" does not exist in ${source}`, { field: datasetField });
    let chosen = all;
    if (columns) {
      const byName = new Map(all.map((c) => [c.name, c]));
      chosen = columns.map((c) => {
        const info = byName.get(c);
        if (!info) {
          throw badInput(
            `column "${c}" does not exist in dataset "${table}" (${source}); it has ${all.map((x) => x.name).join(", ")}`,
            { field: columnField(c), column: c },
          );
        }
        return info;
      });
    }
    // issue 13: one row past the cap tells "too large" from "exactly at the cap" without counting first.
    const maxRows = this.config.training.maxRows;
    const raw = await src.selectRows(
      table,
      chosen.map((c) => c.name),
      maxRows + 1,
    );
    if (raw.length > maxRows)
      throw badInput(
        `dataset "${table}" has more than ${maxRows} rows, the most the gateway reads into memory to train or prepare (TRAINING_MAX_ROWS): ` +
          `train on a sample (prepareDataset splits a table) or raise TRAINING_MAX_ROWS`,
        { field: datasetField, limit: "TRAINING_MAX_ROWS", max: maxRows },
      );
    const rows = raw.map((r) => normalizeRow(r, chosen));
    return {
      table,
      source,
      columns: chosen.map((c) => ({ name: c.name, type: c.type, nullable: c.nullable, numeric: c.numeric })),
      rows,
      digest: digestRows(
        chosen.map((c) => c.name),
        rows,
      ),
      sourceUri: src.tableUri(table),
    };
  }

  /** Every table of one source, or of both when `source` is null, with row counts and columns. */
  async list(source?: DatasetSource | null): Promise<DatasetInfo[]> {
    const sources = source ? [source] : [DatasetSource.MYSQL, DatasetSource.POSTGRES];
    const lists = await Promise.all(sources.map((s) => this.cache.get(`${s}:list`, () => this.listOne(s))));
    return lists.flat();
  }

  private async listOne(source: DatasetSource): Promise<DatasetInfo[]> {
    const src = this.sourceOf(source);
    const names = await src.tableNames();
    if (!names.length) return [];
    const [columns, counts] = await Promise.all([src.columnsOf(names), src.rowCounts(names)]);
    return names.map((name) => ({
      name,
      source,
      rowCount: counts.get(name) ?? 0,
      columns: (columns.get(name) ?? []).map(publicColumn),
    }));
  }

  /** One table, or null when it does not exist. */
  async describe(source: DatasetSource, name: string, field = "name"): Promise<DatasetInfo | null> {
    checkIdentifier(name, field, "dataset");
    return this.cache.get(`${source}:describe:${name}`, () => this.describeUncached(source, name));
  }

  /** The table's columns and row count (`knownRows`: the count is known, no scan). */
  private async describeUncached(
    source: DatasetSource,
    name: string,
    knownRows?: number,
  ): Promise<DatasetInfo | null> {
    const src = this.sourceOf(source);
    const columns = (await src.columnsOf([name])).get(name);
    if (!columns) return null;
    const rowCount = knownRows ?? (await src.rowCounts([name])).get(name) ?? 0;
    return { name, source, rowCount, columns: columns.map(publicColumn) };
  }

  /** A page of rows in the table's natural order; limit ≤ 1000. */
  async preview(
    source: DatasetSource,
    name: string,
    limit: number,
    offset: number,
  ): Promise<Record<string, unknown>[]> {
    if (!Number.isInteger(limit) || limit < 0 || limit > MAX_PREVIEW_ROWS) {
      throw badInput(`limit must be from 0 to ${MAX_PREVIEW_ROWS}, got ${limit}`, { field: "limit" });
    }
    if (!Number.isInteger(offset) || offset < 0) {
      throw badInput(`offset must be 0 or more, got ${offset}`, { field: "offset" });
    }
    const src = this.sourceOf(source);
    const columns = await this.columnsOrNotFound(src, source, name, "name");
    const rows = await src.selectRows(
      name,
      columns.map((c) => c.name),
      limit,
      offset,
    );
    return rows.map((r) => normalizeRow(r, columns));
  }

  /** Null count, distinct count, min, max and mean per column, computed by the database in one statement. */
  async profile(source: DatasetSource, name: string): Promise<ColumnProfileInfo[]> {
    checkIdentifier(name, "name", "dataset");
    return this.cache.get(`${source}:profile:${name}`, () => this.profileUncached(source, name));
  }

  private async profileUncached(source: DatasetSource, name: string): Promise<ColumnProfileInfo[]> {
    const src = this.sourceOf(source);
    const columns = await this.columnsOrNotFound(src, source, name, "name");
    const raw = await src.profile(name, columns);
    return raw.map((p, i) => ({
      name: p.name,
      nullCount: p.nullCount,
      distinctCount: p.distinctCount,
      min: normalizeValue(p.min, columns[i].numeric),
      max: normalizeValue(p.max, columns[i].numeric),
      mean: p.mean === null || p.mean === undefined ? null : (normalizeValue(p.mean, true) as number | null),
    }));
  }

  private async columnsOrNotFound(
    src: TableSource,
    source: DatasetSource,
    name: string,
    field: string,
  ): Promise<ColumnInfo[]> {
    checkIdentifier(name, field, "dataset");
    const columns = (await src.columnsOf([name])).get(name);
    if (!columns) throw notFound(`dataset "${name}" does not exist in ${source}`, { field });
    return columns;
  }

  // ---------------------------------------------------------------------------------------------- ingest

  /**
   * Load a built-in dataset, CSV text or an http(s) URL into a table. REPLACE builds a new table and swaps it in
   * atomically; APPEND inserts in one transaction after checking the columns match. Either way a failure leaves the
   * table as it was.
   */
  async ingest(req: IngestRequest): Promise<{ dataset: DatasetInfo; rowsWritten: number }> {
    const src = this.sourceOf(req.source);
    checkIdentifier(req.name, "input.name", "dataset name", src.maxIdentifierLength);
    const given = (["builtin", "csv", "url"] as const).filter((k) => req[k] !== null && req[k] !== undefined);
    if (given.length !== 1) {
      throw badInput(
        given.length
          ? `give exactly one of builtin, csv and url; got ${given.join(" and ")}`
          : "give one of builtin, csv or url: what to ingest",
        { field: "input" },
      );
    }
    const table = await this.loadRows(req);
    for (const c of table.columns)
      checkIdentifier(c, `input.${given[0]}`, "column name", src.maxIdentifierLength);
    const existing = (await src.columnsOf([req.name])).get(req.name);
    let rowsWritten: number;
    try {
      if (req.mode === IngestMode.APPEND && existing) {
        const theirs = existing.map((c) => c.name);
        const missing = theirs.filter((c) => !table.columns.includes(c));
        const extra = table.columns.filter((c) => !theirs.includes(c));
        if (missing.length || extra.length) {
          const parts = [];
          if (missing.length) parts.push(`missing ${missing.map((c) => `"${c}"`).join(", ")}`);
          if (extra.length) parts.push(`not in the table: ${extra.map((c) => `"${c}"`).join(", ")}`);
          throw badInput(
            `cannot append to "${req.name}": the columns differ (${parts.join("; ")}). Use mode REPLACE or match the table's columns: ${theirs.join(", ")}`,
            { field: "input.mode", missing, extra },
          );
        }
        rowsWritten = await writeRows(src, this.log, { target: req.name, append: true, source: table });
      } else {
        rowsWritten = await writeRows(src, this.log, { target: req.name, append: false, source: table });
      }
    } catch (err) {
      throw mapValueError(err, req.name);
    } finally {
      this.forget(req.source);
    }
    // A REPLACE swapped in a table of exactly the rows written: its count needs no COUNT(*) scan (an APPEND's does).
    const dataset =
      req.mode === IngestMode.APPEND && existing
        ? await this.describe(req.source, req.name, "input.name")
        : await this.describeUncached(req.source, req.name, rowsWritten);
    if (!dataset)
      throw notFound(`dataset "${req.name}" disappeared while it was being written`, { field: "input.name" });
    return { dataset, rowsWritten };
  }

  /** The input's rows, read lazily: a file in data/, the CSV argument, or the URL's CSV or JSON body. */
  private async loadRows(req: IngestRequest): Promise<RowSource> {
    const maxBytes = this.config.ingest.maxBytes;
    if (req.builtin) return csvRowSource(await readBuiltin(req.builtin), "input.builtin");
    if (req.csv !== null && req.csv !== undefined) {
      const size = Buffer.byteLength(req.csv, "utf8");
      if (size > maxBytes) {
        throw badInput(
          `the CSV is ${size} bytes, more than the ingest limit of ${maxBytes} bytes (INGEST_MAX_BYTES)`,
          {
            field: "input.csv",
          },
        );
      }
      return csvRowSource(req.csv, "input.csv");
    }
    const fetched = await fetchGuarded(req.url!, {
      policy: {
        allowedHosts: this.config.ingest.urlAllowedHosts,
        allowPrivate: this.config.ingest.allowPrivateUrls,
        privateExceptions: this.config.ingest.privateExceptions,
      },
      maxBytes,
      timeoutMs: this.config.ingest.timeoutMs,
      field: "input.url",
    });
    const text = fetched.body.toString("utf8");
    const looksJson = /json/i.test(fetched.contentType) || /^\s*\[/.test(text);
    if (!looksJson) return csvRowSource(text, "input.url");
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      throw badInput(
        `${fetched.url} is not valid JSON (${(err as Error).message}): expected an array of objects`,
        {
          field: "input.url",
        },
      );
    }
    return tableRowSource(tableFromJson(value, "input.url"));
  }

  /**
   * Create and fill staging tables, then swap them all in at once (dropping `drop` tables in the same swap).
   * On any failure the staging tables are dropped and the targets are untouched.
   */
  private async writeStaged(
    src: TableSource,
    tables: { target: string; columns: { name: string; type: string }[]; rows: unknown[][] }[],
    drop: string[] = [],
  ): Promise<void> {
    const staged: { staged: string; target: string }[] = [];
    try {
      for (const t of tables) {
        const name = stagingName("stage");
        await src.createTable(name, t.columns);
        staged.push({ staged: name, target: t.target });
        await src.insertRows(
          name,
          t.columns.map((c) => c.name),
          t.rows,
        );
      }
      await src.swapIn(staged, drop);
    } catch (err) {
      await Promise.allSettled(staged.map((s) => src.dropTable(s.staged)));
      throw err;
    }
  }

  // ---------------------------------------------------------------------------------------------- prepare

  /** Clean `from` into `<to>`, `<to>_validation` and `<to>_test` (see prepareRows), swapped in atomically. */
  async prepare(req: PrepareRequest): Promise<PreparedInfo> {
    const src = this.sourceOf(req.source);
    const max = src.maxIdentifierLength;
    checkIdentifier(req.from, "input.from", "dataset");
    checkIdentifier(req.to, "input.to", "table name", max - "_validation".length);
    checkIdentifier(req.label, "input.label", "label column");
    const oneHot = req.oneHot ?? [];
    for (const c of oneHot) checkIdentifier(c, "input.oneHot", "column");
    refuseOverwriteOfSource(req.from, req.to);
    const columns = await this.columnsOrNotFound(src, req.source, req.from, "input.from");
    const names = columns.map((c) => c.name);
    if (!names.includes(req.label)) {
      throw badInput(
        `label column "${req.label}" does not exist in "${req.from}"; it has ${names.join(", ")}`,
        {
          field: "input.label",
        },
      );
    }
    const unknown = oneHot.filter((c) => !names.includes(c));
    if (unknown.length) {
      throw badInput(
        `oneHot names ${unknown.map((c) => `"${c}"`).join(", ")}, not in "${req.from}"; it has ${names.join(", ")}`,
        { field: "input.oneHot" },
      );
    }
    const data = await this.readTable(req.source, req.from, undefined, { dataset: "input.from" });
    const parts = prepareRows(names, data.rows, {
      label: req.label,
      dropNulls: req.dropNulls,
      oneHot,
      split: req.split ?? null,
      batchSize: req.batchSize ?? null,
      maxIdentifierLength: max,
    });
    const typeOf = new Map(columns.map((c) => [c.name, c.type]));
    const ddl = (cols: PreparedColumn[]) =>
      cols.map((c) => ({ name: c.name, type: c.kind === "copy" ? typeOf.get(c.from)! : "INTEGER" }));
    const validationName = `${req.to}_validation`;
    const testName = `${req.to}_test`;
    const tables = [{ target: req.to, columns: ddl(parts.trainColumns), rows: parts.train }];
    if (parts.validation)
      tables.push({ target: validationName, columns: ddl(parts.columns), rows: parts.validation });
    if (parts.test) tables.push({ target: testName, columns: ddl(parts.columns), rows: parts.test });
    // Parts this run does not produce would be left over from an earlier prepare of `to`: remove them in the same swap.
    const stale = [...(parts.validation ? [] : [validationName]), ...(parts.test ? [] : [testName])];
    await this.writeStaged(src, tables, stale);
    this.forget(req.source);
    const describe = async (name: string) => {
      const d = await this.describe(req.source, name, "input.to");
      if (!d) throw notFound(`table "${name}" disappeared while it was being written`, { field: "input.to" });
      return d;
    };
    return {
      train: await describe(req.to),
      validation: parts.validation ? await describe(validationName) : null,
      test: parts.test ? await describe(testName) : null,
      batches: parts.batches,
    };
  }
}

/**
 * The tables a prepare writes or removes (`to`, `to_validation`, `to_test`) must not be a table it reads (`from`):
 * replacing the raw table with its cleaned copy would lose the raw rows for good. Compared without case, because
 * MySQL on some systems treats table names that way.
 */
export function refuseOverwriteOfSource(from: string, to: string): void {
  const read = from.toLowerCase();
  for (const target of [to, `${to}_validation`, `${to}_test`]) {
    if (target.toLowerCase() !== read) continue;
    throw badInput(
      target === to
        ? `to "${to}" is the table this prepare reads (from "${from}"); the raw table is never overwritten: choose another name for to, e.g. "${from}_clean"`
        : `to "${to}" would write or remove "${target}", the table this prepare reads (from "${from}"); the raw table is never overwritten: choose another name for to`,
      { field: "input.to" },
    );
  }
}

const publicColumn = (c: ColumnInfo) => ({ name: c.name, type: c.type, nullable: c.nullable });

/** A database refusal of the data's values becomes BAD_USER_INPUT; anything else passes through. */
function mapValueError(err: unknown, table: string): unknown {
  const code = (err as { code?: unknown })?.code;
  if (typeof code === "string" && VALUE_ERRORS.has(code)) {
    const message = String((err as { message?: unknown }).message ?? "")
      .split("\n")[0]
      .slice(0, 300);
    return badInput(`the data does not fit the columns of "${table}": ${message}`, { field: "input" });
  }
  return err;
}

/** A value as the schema and training see it: numbers as numbers, dates as ISO text, NULL as null. */
export function normalizeValue(value: unknown, numeric: boolean): unknown {
  if (value === null || value === undefined) return null;
  if (numeric && (typeof value === "string" || typeof value === "bigint")) {
    const n = Number(value);
    return Number.isNaN(n) ? null : n;
  }
  if (typeof value === "bigint") return Number(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (Buffer.isBuffer(value)) return value.toString("base64");
  if (typeof value === "number" && !Number.isFinite(value)) return null;
  return value;
}

export function normalizeRow(row: Record<string, unknown>, columns: ColumnInfo[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const c of columns) out[c.name] = normalizeValue(row[c.name], c.numeric);
  return out;
}

/** MLflow refuses a dataset digest longer than 36 characters (INVALID_PARAMETER_VALUE), so the hex is cut there. */
export const DIGEST_LENGTH = 36;

/**
 * sha256 hex of the rows in a canonical form (JSON of the column names, then one JSON array per row in that
 * column order, newline-separated), cut to its first 36 hex digits so MLflow accepts it as a dataset digest.
 * Same content in the same order gives the same digest.
 */
export function digestRows(columns: string[], rows: Record<string, unknown>[]): string {
  const h = createHash("sha256");
  h.update(JSON.stringify(columns));
  for (const r of rows) {
    h.update("\n");
    h.update(JSON.stringify(columns.map((c) => (r[c] === undefined ? null : r[c]))));
  }
  return h.digest("hex").slice(0, DIGEST_LENGTH);
}
