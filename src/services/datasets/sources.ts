// Connection pools for the two dataset sources, MySQL/MariaDB (mysql2) and PostgreSQL (pg), and the SQL that differs between them.
import { randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import mysql from "mysql2/promise";
import { escapeIdentifier, Pool as PgPool, type PoolClient } from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { describeCause, isConnectionError, upstreamUnavailable } from "../../errors";
import { observeUpstream } from "../../metrics";

/** A column as the database describes it. */
export interface ColumnInfo {
  name: string;
  /** The database's own type, e.g. double, varchar(255), bigint(20), double precision. */
  type: string;
  nullable: boolean;
  /** integer, decimal, float or double: values are read as JS numbers. */
  numeric: boolean;
}

/** The value types ingest infers from text. */
export type ValueType = "integer" | "float" | "boolean" | "text";

/** Per-column aggregates as the database returns them (converted by the caller). */
export interface RawProfile {
  name: string;
  nullCount: number;
  distinctCount: number;
  min: unknown;
  max: unknown;
  mean: unknown;
}

/** Something that runs one statement: a pool, or a connection inside a transaction. */
export interface Executor {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Inside a transaction: TableSource.bulkLoad on its connection. */
  bulkLoad?(table: string, columns: string[], data: Iterable<Buffer>): Promise<number>;
}

/** The server does not take LOAD DATA LOCAL INFILE (local_infile off on either side): use INSERTs instead. */
export class BulkLoadRefused extends Error {}

/**
 * Buffers as a Readable that yields to the event loop every few chunks, so a large load does not starve requests.
 * An error thrown by the iterator (a ragged row) destroys the stream with it.
 */
/** How far the encoded rows may run ahead of the database (a handful of 256 KB chunks; bounded memory). */
const BULK_READ_AHEAD_BYTES = 2 * 1024 * 1024;

function bufferStream(data: Iterable<Buffer>, onError?: (err: unknown) => void): Readable {
  const it = data[Symbol.iterator]();
  let n = 0;
  return new Readable({
    // A few chunks ahead: the next rows are encoded while the database parses the ones already sent.
    highWaterMark: BULK_READ_AHEAD_BYTES,
    read() {
      const produce = () => {
        try {
          const r = it.next();
          this.push(r.done ? null : r.value);
        } catch (err) {
          onError?.(err);
          this.destroy(err as Error);
        }
      };
      if (++n % 8 === 0) setImmediate(produce);
      else produce();
    },
  });
}

/** The operations the dataset service needs from a source, written once per dialect. */
export interface TableSource extends Executor {
  readonly kind: "mysql" | "postgres";
  /** Longest identifier the database keeps intact. */
  readonly maxIdentifierLength: number;
  /** The driver's identifier escaping, for names that already passed checkIdentifier. */
  quote(identifier: string): string;
  /** Lineage URI of a table, without credentials: mysql://host:3306/db.table, postgresql://host:5432/db.schema.table. */
  tableUri(table: string): string;
  /** Tables and views, sorted, without the gateway's staging tables. */
  tableNames(): Promise<string[]>;
  /** Columns in table order, for the given tables (all when omitted). Missing tables are absent. */
  columnsOf(tables?: string[]): Promise<Map<string, ColumnInfo[]>>;
  /** Exact COUNT(*) of each table, in one round trip. */
  rowCounts(tables: string[]): Promise<Map<string, number>>;
  /** First `limit` rows after `offset`, in the table's natural order. */
  selectRows(
    table: string,
    columns: string[],
    limit?: number,
    offset?: number,
  ): Promise<Record<string, unknown>[]>;
  /** Null count, distinct count, min, max and (numeric) mean of every column, in one SQL statement. */
  profile(table: string, columns: ColumnInfo[]): Promise<RawProfile[]>;
  /** The column type a newly created table uses for an inferred value type. */
  sqlTypeFor(type: ValueType, maxTextLength?: number): string;
  /** CREATE TABLE with the given (already database-valid) column types, all nullable. */
  createTable(table: string, columns: { name: string; type: string }[]): Promise<void>;
  /** Multi-row INSERTs of at most ~1000 rows (and 60,000 bound values) each. */
  insertRows(table: string, columns: string[], rows: unknown[][], exec?: Executor): Promise<void>;
  /**
   * Load rows in the tab-separated bulk text format (csv-stream.ts bulkChunks) into `columns` of `table`: LOAD DATA
   * LOCAL INFILE (MySQL) or COPY FROM STDIN (PostgreSQL), on `exec` when it is a transaction. Returns the row
   * count; a value the column refuses is an error (with the database's value-error code). MySQL may throw
   * BulkLoadRefused.
   */
  bulkLoad(table: string, columns: string[], data: Iterable<Buffer>, exec?: Executor): Promise<number>;
  dropTable(table: string): Promise<void>;
  /** Run `fn` in one transaction on one connection; rolled back when it throws. */
  transaction<T>(fn: (tx: Executor) => Promise<T>): Promise<T>;
  /**
   * Atomically put staged tables in place of their targets (replacing existing ones) and drop `drop` tables
   * (those that exist), so readers see either every old table or every new one.
   */
  swapIn(staged: { staged: string; target: string }[], drop?: string[]): Promise<void>;
}

/** Prefix of the gateway's own staging tables; hidden from listings. */
export const STAGING_PREFIX = "__gw_";

/** A fresh staging table name, short enough for every database. */
export function stagingName(kind: "stage" | "old"): string {
  // The creation time (base 36 ms) lets start-up clean leftovers without touching another gateway's work.
  return `${STAGING_PREFIX}${kind}_${Date.now().toString(36)}_${randomBytes(6).toString("hex")}`;
}

/** Bound values per statement: both drivers' protocols cap at 65,535 placeholders. */
const MAX_BOUND_VALUES = 60_000;
const ROWS_PER_STATEMENT = 1000;

/** Keeps a statement well under MySQL's default max_allowed_packet (16 MiB) even with long text. */
const MAX_STATEMENT_CHARS = 4 * 1024 * 1024;

/**
 * Consecutive slices of `rows` for multi-row statements: at most ~1000 rows, 60,000 bound values and about
 * 4 MiB of text each.
 */
export function* statementChunks(rows: unknown[][], columns: number): Generator<unknown[][]> {
  const maxRows = Math.max(
    1,
    Math.min(ROWS_PER_STATEMENT, Math.floor(MAX_BOUND_VALUES / Math.max(1, columns))),
  );
  let start = 0;
  while (start < rows.length) {
    let end = start;
    let chars = 0;
    while (end < rows.length && end - start < maxRows) {
      for (const v of rows[end]) chars += typeof v === "string" ? v.length * 2 + 4 : 24;
      if (chars > MAX_STATEMENT_CHARS && end > start) break;
      end++;
    }
    yield rows.slice(start, end);
    start = end;
  }
}

/**
 * Run one statement per chunk. On the pool (a staging table nobody reads yet) two run at once, so the database
 * inserts one chunk while Node encodes the next; inside a transaction they run one after another on its connection.
 */
async function runStatements(
  chunks: Iterable<unknown[][]>,
  overlap: boolean,
  run: (chunk: unknown[][]) => Promise<unknown>,
): Promise<void> {
  if (!overlap) {
    for (const chunk of chunks) await run(chunk);
    return;
  }
  const pending: Promise<unknown>[] = [];
  try {
    for (const chunk of chunks) {
      const next = run(chunk);
      // Reported through the await below (or allSettled); never as an unhandled rejection.
      next.catch(() => {});
      pending.push(next);
      if (pending.length >= 2) await pending.shift();
    }
    await Promise.all(pending);
  } catch (err) {
    await Promise.allSettled(pending);
    throw err;
  }
}

function mapConnectionError(upstream: "mysql" | "postgres", err: unknown): unknown {
  if (isConnectionError(err)) {
    const what = upstream === "mysql" ? "MySQL" : "PostgreSQL";
    return upstreamUnavailable(upstream, `${what} is unreachable (${describeCause(err)})`);
  }
  return err;
}

const hostPort = (u: URL, defaultPort: number) => `${u.hostname}:${u.port || defaultPort}`;

/** The name LOAD DATA asks for; nothing is read from disk. */
const BULK_FILE = "gateway-ingest.tsv";
/**
 * ER_NOT_ALLOWED_COMMAND (MySQL 5.7, older MariaDB), ER_LOAD_INFILE_CAPABILITY_DISABLED (MariaDB 10.5+),
 * ER_CLIENT_LOCAL_FILES_DISABLED (MySQL 8), CR_LOAD_DATA_LOCAL_INFILE_REJECTED.
 */
const LOCAL_INFILE_REFUSED = new Set([1148, 4166, 3948, 2068]);

// ------------------------------------------------------------------------------------------------ MySQL

const MYSQL_NUMERIC = new Set([
  "tinyint",
  "smallint",
  "mediumint",
  "int",
  "integer",
  "bigint",
  "decimal",
  "numeric",
  "float",
  "double",
  "real",
]);

export class MysqlSource implements TableSource {
  readonly kind = "mysql" as const;
  readonly maxIdentifierLength = 64;
  readonly pool: mysql.Pool;
  readonly database: string;
  private readonly location: string;

  /** `localInfile: false` never offers LOAD DATA LOCAL to the server (it then refuses it, as with local_infile off). */
  constructor(url: string, timeoutMs: number, opts: { localInfile?: boolean } = {}) {
    const u = new URL(url);
    this.database = decodeURIComponent(u.pathname.replace(/^\//, "")) || "datasets";
    this.location = hostPort(u, 3306);
    this.pool = mysql.createPool({
      host: u.hostname,
      port: Number(u.port || 3306),
      user: decodeURIComponent(u.username),
      password: decodeURIComponent(u.password),
      database: this.database,
      connectionLimit: 10,
      connectTimeout: Math.min(timeoutMs, 10000),
      enableKeepAlive: true,
      multipleStatements: false,
      decimalNumbers: true,
      supportBigNumbers: true,
      bigNumberStrings: false,
      dateStrings: true,
      charset: "utf8mb4",
      ...(opts.localInfile === false ? { flags: ["-LOCAL_FILES"] } : {}),
    });
    // Broken idle connections are discarded by the pool; keep them from crashing the process.
    // issue 13: a server-side statement timeout, like PostgreSQL's statement_timeout below: MariaDB's
    // max_statement_time (seconds), else MySQL's max_execution_time (ms, SELECTs only).
    const statementMs = timeoutMs * 6;
    this.pool.on("connection", (conn) => {
      conn.on("error", () => {});
      conn.query(`SET SESSION max_statement_time = ${statementMs / 1000}`, (err: unknown) => {
        if (err) conn.query(`SET SESSION max_execution_time = ${statementMs}`, () => {});
      });
    });
  }

  async query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    try {
      const [rows] = await observeUpstream("mysql", () => this.pool.query(sql, params));
      return rows as T[];
    } catch (err) {
      throw mapConnectionError("mysql", err);
    }
  }

  async ping(): Promise<void> {
    await this.query("SELECT 1");
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  quote(identifier: string): string {
    return mysql.escapeId(identifier, true);
  }

  tableUri(table: string): string {
    return `mysql://${this.location}/${this.database}.${table}`;
  }

  async tableNames(): Promise<string[]> {
    const rows = await this.query<{ name: string }>(
      "SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE IN ('BASE TABLE', 'VIEW') ORDER BY TABLE_NAME",
      [this.database],
    );
    return rows.map((r) => r.name).filter((n) => !n.startsWith(STAGING_PREFIX));
  }

  async columnsOf(tables?: string[]): Promise<Map<string, ColumnInfo[]>> {
    if (tables && !tables.length) return new Map();
    const rows = await this.query<{
      t: string;
      name: string;
      type: string;
      dataType: string;
      nullable: string;
    }>(
      `SELECT TABLE_NAME AS t, COLUMN_NAME AS name, COLUMN_TYPE AS type, DATA_TYPE AS dataType, IS_NULLABLE AS nullable
         FROM information_schema.COLUMNS
        WHERE TABLE_SCHEMA = ?${tables ? " AND TABLE_NAME IN (?)" : ""}
        ORDER BY TABLE_NAME, ORDINAL_POSITION`,
      tables ? [this.database, tables] : [this.database],
    );
    const out = new Map<string, ColumnInfo[]>();
    for (const r of rows) {
      // information_schema compares names case-insensitively on some setups; keep exact matches only.
      if (tables && !tables.includes(r.t)) continue;
      if (!out.has(r.t)) out.set(r.t, []);
      out.get(r.t)!.push({
        name: r.name,
        type: String(r.type),
        nullable: r.nullable === "YES",
        numeric: MYSQL_NUMERIC.has(String(r.dataType).toLowerCase()),
      });
    }
    return out;
  }

  async rowCounts(tables: string[]): Promise<Map<string, number>> {
    if (!tables.length) return new Map();
    const sql = tables.map((t) => `SELECT ? AS t, COUNT(*) AS n FROM ${this.quote(t)}`).join(" UNION ALL ");
    const rows = await this.query<{ t: string; n: number | string }>(sql, tables);
    return new Map(rows.map((r) => [r.t, Number(r.n)]));
  }

  async selectRows(
    table: string,
    columns: string[],
    limit?: number,
    offset = 0,
  ): Promise<Record<string, unknown>[]> {
    const cols = columns.map((c) => this.quote(c)).join(", ");
    if (limit === undefined) return this.query(`SELECT ${cols} FROM ${this.quote(table)}`);
    return this.query(`SELECT ${cols} FROM ${this.quote(table)} LIMIT ? OFFSET ?`, [limit, offset]);
  }

  async profile(table: string, columns: ColumnInfo[]): Promise<RawProfile[]> {
    const parts = ["COUNT(*) AS n"];
    columns.forEach((c, i) => {
      const q = this.quote(c.name);
      parts.push(
        `COUNT(${q}) AS c${i}`,
        `COUNT(DISTINCT ${q}) AS d${i}`,
        `MIN(${q}) AS lo${i}`,
        `MAX(${q}) AS hi${i}`,
        c.numeric ? `AVG(${q}) AS m${i}` : `NULL AS m${i}`,
      );
    });
    const [row] = await this.query(`SELECT ${parts.join(", ")} FROM ${this.quote(table)}`);
    return rawProfiles(row, columns);
  }

  sqlTypeFor(type: ValueType, maxTextLength = 0): string {
    switch (type) {
      case "integer":
        return "BIGINT";
      case "float":
        return "DOUBLE";
      case "boolean":
        return "BOOLEAN";
      default:
        // VARCHAR keeps short text indexable; longer text needs TEXT (row size limit).
        return maxTextLength <= 255 ? "VARCHAR(255)" : "TEXT";
    }
  }

  async createTable(table: string, columns: { name: string; type: string }[]): Promise<void> {
    const cols = columns.map((c) => `${this.quote(c.name)} ${c.type} NULL`).join(", ");
    await this.query(`CREATE TABLE ${this.quote(table)} (${cols}) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`);
  }

  async insertRows(
    table: string,
    columns: string[],
    rows: unknown[][],
    exec: Executor = this,
  ): Promise<void> {
    // mysql2 expands `VALUES ?` with an array of row arrays into one multi-row statement, escaping each value.
    const sql = `INSERT INTO ${this.quote(table)} (${columns.map((c) => this.quote(c)).join(", ")}) VALUES ?`;
    await runStatements(statementChunks(rows, columns.length), exec === this, (chunk) =>
      exec.query(sql, [chunk]),
    );
  }

  async bulkLoad(table: string, columns: string[], data: Iterable<Buffer>, exec?: Executor): Promise<number> {
    if (exec?.bulkLoad) return exec.bulkLoad(table, columns, data);
    let conn: mysql.PoolConnection;
    try {
      conn = await observeUpstream("mysql", () => this.pool.getConnection());
    } catch (err) {
      throw mapConnectionError("mysql", err);
    }
    try {
      return await this.loadData(conn, table, columns, data);
    } finally {
      conn.release();
    }
  }

  /** LOAD DATA LOCAL INFILE on `conn`; warnings (LOCAL turns value errors into warnings) become an error. */
  private async loadData(
    conn: mysql.PoolConnection,
    table: string,
    columns: string[],
    data: Iterable<Buffer>,
  ): Promise<number> {
    const sql =
      `LOAD DATA LOCAL INFILE '${BULK_FILE}' INTO TABLE ${this.quote(table)} CHARACTER SET utf8mb4 ` +
      `FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n' ` +
      `(${columns.map((c) => this.quote(c)).join(", ")})`;
    let header: mysql.ResultSetHeader;
    // mysql2's promise API re-creates errors: keep the input's own error (a ragged row, a type check) to rethrow it.
    let inputError: unknown;
    try {
      const [res] = await observeUpstream("mysql", () =>
        conn.query({
          sql,
          // The server names the file it wants: only the gateway's own stream is ever handed out.
          infileStreamFactory: (requested: string) => {
            if (requested !== BULK_FILE) throw new Error(`refusing to send ${requested} to the server`);
            return bufferStream(data, (err) => (inputError = err));
          },
        }),
      );
      header = res as mysql.ResultSetHeader;
    } catch (err) {
      if (inputError) throw inputError;
      const errno = (err as { errno?: unknown }).errno;
      if (typeof errno === "number" && LOCAL_INFILE_REFUSED.has(errno))
        throw new BulkLoadRefused(describeCause(err));
      throw mapConnectionError("mysql", err);
    }
    if (header.warningStatus > 0) {
      const [warnings] = await conn.query("SHOW WARNINGS LIMIT 1");
      const w = (warnings as { Message?: string }[])[0];
      throw Object.assign(
        new Error(w?.Message ?? `${header.warningStatus} values did not fit their columns`),
        {
          code: "ER_TRUNCATED_WRONG_VALUE_FOR_FIELD",
        },
      );
    }
    return header.affectedRows;
  }

  async dropTable(table: string): Promise<void> {
    await this.query(`DROP TABLE IF EXISTS ${this.quote(table)}`);
  }

  async transaction<T>(fn: (tx: Executor) => Promise<T>): Promise<T> {
    let conn: mysql.PoolConnection;
    try {
      conn = await observeUpstream("mysql", () => this.pool.getConnection());
    } catch (err) {
      throw mapConnectionError("mysql", err);
    }
    const tx: Executor = {
      query: async <R>(sql: string, params: unknown[] = []) => {
        try {
          const [rows] = await observeUpstream("mysql", () => conn.query(sql, params));
          return rows as R[];
        } catch (err) {
          throw mapConnectionError("mysql", err);
        }
      },
      bulkLoad: (table, columns, data) => this.loadData(conn, table, columns, data),
    };
    try {
      await tx.query("START TRANSACTION");
      const result = await fn(tx);
      await tx.query("COMMIT");
      return result;
    } catch (err) {
      await conn.query("ROLLBACK").catch(() => {});
      throw err;
    } finally {
      conn.release();
    }
  }

  async swapIn(staged: { staged: string; target: string }[], drop: string[] = []): Promise<void> {
    const existing = new Set(await this.existingTables([...staged.map((s) => s.target), ...drop]));
    const renames: string[] = [];
    const olds: string[] = [];
    const retire = (table: string) => {
      const old = stagingName("old");
      renames.push(`${this.quote(table)} TO ${this.quote(old)}`);
      olds.push(old);
    };
    for (const s of staged) {
      if (existing.has(s.target)) retire(s.target);
      renames.push(`${this.quote(s.staged)} TO ${this.quote(s.target)}`);
    }
    for (const d of drop) if (existing.has(d)) retire(d);
    // One RENAME TABLE statement swaps every table at once: MySQL applies it atomically.
    if (renames.length) await this.query(`RENAME TABLE ${renames.join(", ")}`);
    for (const old of olds) await this.dropTable(old);
  }

  private async existingTables(names: string[]): Promise<string[]> {
    if (!names.length) return [];
    const rows = await this.query<{ name: string }>(
      "SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME IN (?)",
      [this.database, names],
    );
    return rows.map((r) => r.name).filter((n) => names.includes(n));
  }
}

// ------------------------------------------------------------------------------------------------ PostgreSQL

const PG_NUMERIC = new Set(["int2", "int4", "int8", "numeric", "float4", "float8"]);
/** Types with equality and ordering that MIN/MAX/COUNT(DISTINCT) accept as they are; others are profiled as text. */
const PG_ORDERED = new Set([
  ...PG_NUMERIC,
  "text",
  "varchar",
  "bpchar",
  "name",
  "char",
  "date",
  "time",
  "timetz",
  "timestamp",
  "timestamptz",
  "interval",
  "uuid",
]);

interface PgColumnInfo extends ColumnInfo {
  typname?: string;
}

export class PostgresSource implements TableSource {
  readonly kind = "postgres" as const;
  readonly maxIdentifierLength = 63;
  readonly pool: PgPool;
  readonly schema: string;
  private readonly location: string;
  private readonly database: string;

  constructor(url: string, timeoutMs: number, schema = "public") {
    this.schema = schema;
    const u = new URL(url);
    this.location = hostPort(u, 5432);
    this.database = decodeURIComponent(u.pathname.replace(/^\//, "")) || "postgres";
    this.pool = new PgPool({
      connectionString: url,
      max: 10,
      connectionTimeoutMillis: Math.min(timeoutMs, 5000),
      idleTimeoutMillis: 30_000,
      statement_timeout: timeoutMs * 6,
    });
    this.pool.on("error", () => {});
  }

  async query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    try {
      const res = await observeUpstream("postgres", () => this.pool.query(sql, params));
      return res.rows as T[];
    } catch (err) {
      throw mapConnectionError("postgres", err);
    }
  }

  async ping(): Promise<void> {
    await this.query("SELECT 1");
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  quote(identifier: string): string {
    return escapeIdentifier(identifier);
  }

  private qualified(table: string): string {
    return `${this.quote(this.schema)}.${this.quote(table)}`;
  }

  tableUri(table: string): string {
    return `postgresql://${this.location}/${this.database}.${this.schema}.${table}`;
  }

  async tableNames(): Promise<string[]> {
    const rows = await this.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND c.relkind IN ('r', 'v', 'm', 'p') AND NOT c.relispartition
        ORDER BY c.relname`,
      [this.schema],
    );
    return rows.map((r) => r.name).filter((n) => !n.startsWith(STAGING_PREFIX));
  }

  async columnsOf(tables?: string[]): Promise<Map<string, PgColumnInfo[]>> {
    if (tables && !tables.length) return new Map();
    const rows = await this.query<{
      t: string;
      name: string;
      type: string;
      typname: string;
      nullable: boolean;
    }>(
      `SELECT c.relname AS t, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type,
              ty.typname AS typname, NOT a.attnotnull AS nullable
         FROM pg_attribute a
         JOIN pg_class c ON c.oid = a.attrelid
         JOIN pg_namespace n ON n.oid = c.relnamespace
         JOIN pg_type ty ON ty.oid = a.atttypid
        WHERE n.nspname = $1 AND c.relkind IN ('r', 'v', 'm', 'p') AND a.attnum > 0 AND NOT a.attisdropped
          ${tables ? "AND c.relname = ANY($2)" : ""}
        ORDER BY c.relname, a.attnum`,
      tables ? [this.schema, tables] : [this.schema],
    );
    const out = new Map<string, PgColumnInfo[]>();
    for (const r of rows) {
      if (!out.has(r.t)) out.set(r.t, []);
      out.get(r.t)!.push({
        name: r.name,
        type: r.type,
        nullable: r.nullable,
        numeric: PG_NUMERIC.has(r.typname),
        typname: r.typname,
      });
    }
    return out;
  }

  async rowCounts(tables: string[]): Promise<Map<string, number>> {
    if (!tables.length) return new Map();
    const sql = tables
      .map((t, i) => `SELECT $${i + 1}::text AS t, COUNT(*) AS n FROM ${this.qualified(t)}`)
      .join(" UNION ALL ");
    const rows = await this.query<{ t: string; n: string }>(sql, tables);
    return new Map(rows.map((r) => [r.t, Number(r.n)]));
  }

  async selectRows(
    table: string,
    columns: string[],
    limit?: number,
    offset = 0,
  ): Promise<Record<string, unknown>[]> {
    const cols = columns.map((c) => this.quote(c)).join(", ");
    if (limit === undefined) return this.query(`SELECT ${cols} FROM ${this.qualified(table)}`);
    return this.query(`SELECT ${cols} FROM ${this.qualified(table)} LIMIT $1 OFFSET $2`, [limit, offset]);
  }

  async profile(table: string, columns: PgColumnInfo[]): Promise<RawProfile[]> {
    const parts = ["COUNT(*) AS n"];
    columns.forEach((c, i) => {
      const q = this.quote(c.name);
      const typname = c.typname ?? "";
      let lo: string, hi: string, v: string;
      if (typname === "bool") {
        v = q;
        lo = `bool_and(${q})`;
        hi = `bool_or(${q})`;
      } else {
        // json, arrays, geometric types... have no ordering (or no equality): compare their text form.
        v = PG_ORDERED.has(typname) ? q : `${q}::text`;
        lo = `MIN(${v})`;
        hi = `MAX(${v})`;
      }
      parts.push(
        `COUNT(${q}) AS c${i}`,
        `COUNT(DISTINCT ${v}) AS d${i}`,
        `${lo} AS lo${i}`,
        `${hi} AS hi${i}`,
        c.numeric ? `AVG(${q})::float8 AS m${i}` : `NULL AS m${i}`,
      );
    });
    const [row] = await this.query(`SELECT ${parts.join(", ")} FROM ${this.qualified(table)}`);
    return rawProfiles(row, columns);
  }

  sqlTypeFor(type: ValueType): string {
    switch (type) {
      case "integer":
        return "BIGINT";
      case "float":
        return "DOUBLE PRECISION";
      case "boolean":
        return "BOOLEAN";
      default:
        return "TEXT";
    }
  }

  async createTable(table: string, columns: { name: string; type: string }[]): Promise<void> {
    const cols = columns.map((c) => `${this.quote(c.name)} ${c.type} NULL`).join(", ");
    await this.query(`CREATE TABLE ${this.qualified(table)} (${cols})`);
  }

  async insertRows(
    table: string,
    columns: string[],
    rows: unknown[][],
    exec: Executor = this,
  ): Promise<void> {
    const head = `INSERT INTO ${this.qualified(table)} (${columns.map((c) => this.quote(c)).join(", ")}) VALUES `;
    await runStatements(statementChunks(rows, columns.length), exec === this, (chunk) => {
      const params: unknown[] = [];
      const tuples = chunk.map((row) => {
        const marks = row.map((v) => {
          params.push(v);
          return `$${params.length}`;
        });
        return `(${marks.join(", ")})`;
      });
      return exec.query(head + tuples.join(", "), params);
    });
  }

  async bulkLoad(table: string, columns: string[], data: Iterable<Buffer>, exec?: Executor): Promise<number> {
    if (exec?.bulkLoad) return exec.bulkLoad(table, columns, data);
    let client: PoolClient;
    try {
      client = await observeUpstream("postgres", () => this.pool.connect());
    } catch (err) {
      throw mapConnectionError("postgres", err);
    }
    let failed = false;
    try {
      return await this.copyIn(client, table, columns, data);
    } catch (err) {
      failed = true;
      throw err;
    } finally {
      // A connection whose COPY failed half-way is not reused.
      client.release(failed);
    }
  }

  /** COPY FROM STDIN (text format) on `client`, which must not be shared while it runs (pg-copy-streams). */
  private async copyIn(
    client: PoolClient,
    table: string,
    columns: string[],
    data: Iterable<Buffer>,
  ): Promise<number> {
    const copy = client.query(
      copyFrom(`COPY ${this.qualified(table)} (${columns.map((c) => this.quote(c)).join(", ")}) FROM STDIN`),
    );
    try {
      await observeUpstream("postgres", () => pipeline(bufferStream(data), copy));
    } catch (err) {
      throw mapConnectionError("postgres", err);
    }
    return copy.rowCount;
  }

  async dropTable(table: string): Promise<void> {
    await this.query(`DROP TABLE IF EXISTS ${this.qualified(table)}`);
  }

  async transaction<T>(fn: (tx: Executor) => Promise<T>): Promise<T> {
    let client: PoolClient;
    try {
      client = await observeUpstream("postgres", () => this.pool.connect());
    } catch (err) {
      throw mapConnectionError("postgres", err);
    }
    const tx: Executor = {
      query: async <R>(sql: string, params: unknown[] = []) => {
        try {
          const res = await observeUpstream("postgres", () => client.query(sql, params));
          return res.rows as R[];
        } catch (err) {
          throw mapConnectionError("postgres", err);
        }
      },
      bulkLoad: (table, columns, data) => this.copyIn(client, table, columns, data),
    };
    let broken = false;
    try {
      await tx.query("BEGIN");
      const result = await fn(tx);
      await tx.query("COMMIT");
      return result;
    } catch (err) {
      await client.query("ROLLBACK").catch(() => {
        broken = true;
      });
      throw err;
    } finally {
      client.release(broken);
    }
  }

  async swapIn(staged: { staged: string; target: string }[], drop: string[] = []): Promise<void> {
    // PostgreSQL DDL is transactional: readers see the old tables until COMMIT, then the new ones.
    await this.transaction(async (tx) => {
      for (const s of staged) {
        await tx.query(`DROP TABLE IF EXISTS ${this.qualified(s.target)}`);
        await tx.query(`ALTER TABLE ${this.qualified(s.staged)} RENAME TO ${this.quote(s.target)}`);
      }
      for (const d of drop) await tx.query(`DROP TABLE IF EXISTS ${this.qualified(d)}`);
    });
  }
}

function rawProfiles(row: Record<string, unknown> | undefined, columns: ColumnInfo[]): RawProfile[] {
  const r = row ?? {};
  const n = Number(r.n ?? 0);
  return columns.map((c, i) => ({
    name: c.name,
    nullCount: n - Number(r[`c${i}`] ?? 0),
    distinctCount: Number(r[`d${i}`] ?? 0),
    min: r[`lo${i}`] ?? null,
    max: r[`hi${i}`] ?? null,
    mean: r[`m${i}`] ?? null,
  }));
}
