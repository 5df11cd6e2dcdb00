// The gateway's own PostgreSQL database (jobs, audit, predictions): pool and start-up migrations.
import { Pool, PoolClient } from "pg";
import { describeCause, isConnectionError, upstreamUnavailable } from "../../errors";
import { observeUpstream } from "../../metrics";
import { CopyFailure, CopyThread } from "./copy-thread";
import { migrations } from "./migrations";

export class GatewayDb {
  readonly pool: Pool;
  /**
   * COPY needs a connection of its own (pg-copy-streams), kept open between copies and replaced after an error.
   * It lives on a thread: writing the prediction log's bytes and running COPY's protocol had been about a tenth
   * of the event loop's time under 1,000-row predict load.
   */
  private readonly copyThread: CopyThread;
  private copyChain: Promise<unknown> = Promise.resolve();

  constructor(url: string, timeoutMs: number) {
    this.pool = new Pool({
      connectionString: url,
      max: 10,
      connectionTimeoutMillis: Math.min(timeoutMs, 5000),
      idleTimeoutMillis: 30_000,
      statement_timeout: timeoutMs,
    });
    // A dropped idle connection must not crash the process; the pool replaces it on the next query.
    this.pool.on("error", () => {});
    this.copyThread = new CopyThread(url, timeoutMs);
  }

  async query<T extends Record<string, unknown> = Record<string, unknown>>(
    sql: string,
    params: unknown[] = [],
  ): Promise<T[]> {
    try {
      const res = await observeUpstream("postgres", () => this.pool.query(sql, params));
      return res.rows as T[];
    } catch (err) {
      if (isConnectionError(err))
        throw upstreamUnavailable("postgres", `the gateway database is unreachable (${describeCause(err)})`);
      throw err;
    }
  }

  /**
   * `COPY ... FROM STDIN` of `chunks` (text already in COPY format) on the dedicated client; copies run one at a
   * time. Connection failures become UPSTREAM_UNAVAILABLE like `query`; SQL errors keep their SQLSTATE `code`.
   */
  copyIn(sql: string, chunks: Iterable<string | Uint8Array>): Promise<void> {
    const run = this.copyChain.then(() => this.copyOnce(sql, chunks));
    this.copyChain = run.catch(() => {});
    return run;
  }

  private async copyOnce(sql: string, chunks: Iterable<string | Uint8Array>): Promise<void> {
    try {
      await observeUpstream("postgres", () => this.copyThread.copy(sql, chunks));
    } catch (err) {
      if (err instanceof CopyFailure && err.connection)
        throw upstreamUnavailable("postgres", `the gateway database is unreachable (${err.summary})`);
      throw err;
    }
  }

  async transaction<T>(fn: (c: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query("BEGIN");
      const out = await fn(client);
      await client.query("COMMIT");
      return out;
    } catch (err) {
      await client.query("ROLLBACK").catch(() => {});
      throw err;
    } finally {
      client.release();
    }
  }

  /** Apply pending migrations in order, each in its own transaction, under an advisory lock. */
  async migrate(): Promise<number> {
    const client = await this.pool.connect();
    let applied = 0;
    try {
      await client.query("SELECT pg_advisory_lock(727274)");
      await client.query(
        "CREATE TABLE IF NOT EXISTS schema_migrations (id integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())",
      );
      const done = new Set(
        (await client.query("SELECT id FROM schema_migrations")).rows.map((r) => r.id as number),
      );
      for (const m of [...migrations].sort((a, b) => a.id - b.id)) {
        if (done.has(m.id)) continue;
        await client.query("BEGIN");
        try {
          await client.query(m.sql);
          await client.query("INSERT INTO schema_migrations (id, name) VALUES ($1, $2)", [m.id, m.name]);
          await client.query("COMMIT");
          applied++;
        } catch (err) {
          await client.query("ROLLBACK");
          throw new Error(`migration ${m.id} (${m.name}) failed: ${describeCause(err)}`);
        }
      }
    } finally {
      await client.query("SELECT pg_advisory_unlock(727274)").catch(() => {});
      client.release();
    }
    return applied;
  }

  async close(): Promise<void> {
    await this.copyThread.close();
    await this.pool.end();
  }
}
