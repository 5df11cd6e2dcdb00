// Connection pools for the two dataset sources: MySQL/MariaDB (mysql2) and PostgreSQL (pg).
import mysql from "mysql2/promise";
import { Pool as PgPool } from "pg";
import { describeCause, isConnectionError, upstreamUnavailable } from "../../errors";
import { observeUpstream } from "../../metrics";

export class MysqlSource {
  readonly pool: mysql.Pool;
  readonly database: string;

  constructor(url: string, timeoutMs: number) {
    const u = new URL(url);
    this.database = decodeURIComponent(u.pathname.replace(/^\//, "")) || "datasets";
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
    });
    // Broken idle connections are discarded by the pool; keep them from crashing the process.
    this.pool.on("connection", (conn) => conn.on("error", () => {}));
  }

  async query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    try {
      const [rows] = await observeUpstream("mysql", () => this.pool.query(sql, params));
      return rows as T[];
    } catch (err) {
      if (isConnectionError(err))
        throw upstreamUnavailable("mysql", `MySQL is unreachable (${describeCause(err)})`);
      throw err;
    }
  }

  async ping(): Promise<void> {
    await this.query("SELECT 1");
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

export class PostgresSource {
  readonly pool: PgPool;
  readonly schema: string;

  constructor(url: string, timeoutMs: number, schema = "public") {
    this.schema = schema;
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
      if (isConnectionError(err))
        throw upstreamUnavailable("postgres", `PostgreSQL is unreachable (${describeCause(err)})`);
      throw err;
    }
  }

  async ping(): Promise<void> {
    await this.query("SELECT 1");
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
