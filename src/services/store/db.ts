// The gateway's own PostgreSQL database (jobs, audit, predictions): pool and start-up migrations.
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import { Client, Pool, PoolClient } from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { describeCause, isConnectionError, upstreamUnavailable } from "../../errors";
import { observeUpstream } from "../../metrics";
import { migrations } from "./migrations";

export class GatewayDb {
  readonly pool: Pool;
  /** COPY needs a connection of its own (pg-copy-streams), kept open between copies and replaced after an error. */
  private copyClient: Promise<Client> | null = null;
  private copyChain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly url: string,
    private readonly timeoutMs: number,
  ) {
    this.pool = new Pool({
      connectionString: url,
      max: 10,
      connectionTimeoutMillis: Math.min(timeoutMs, 5000),
      idleTimeoutMillis: 30_000,
      statement_timeout: timeoutMs,
    });
    // A dropped idle connection must not crash the process; the pool replaces it on the next query.
    this.pool.on("error", () => {});
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
  copyIn(sql: string, chunks: Iterable<string | Buffer>): Promise<void> {
    const run = this.copyChain.then(() => this.copyOnce(sql, chunks));
    this.copyChain = run.catch(() => {});
    return run;
  }

  private async copyOnce(sql: string, chunks: Iterable<string | Buffer>): Promise<void> {
    try {
      this.copyClient ??= this.connectCopyClient();
      const client = await this.copyClient;
      await observeUpstream("postgres", () =>
        pipeline(Readable.from(chunks, { objectMode: false }), client.query(copyFrom(sql))),
      );
    } catch (err) {
      // After a failed COPY the connection may be mid-protocol: start the next copy on a fresh one.
      const stale = this.copyClient;
      this.copyClient = null;
      void stale?.then((c) => c.end()).catch(() => {});
      if (isConnectionError(err))
        throw upstreamUnavailable("postgres", `the gateway database is unreachable (${describeCause(err)})`);
      throw err;
    }
  }

  private async connectCopyClient(): Promise<Client> {
    const client = new Client({
      connectionString: this.url,
      connectionTimeoutMillis: Math.min(this.timeoutMs, 5000),
      statement_timeout: this.timeoutMs,
    });
    client.on("error", () => {
      this.copyClient = null;
    });
    await client.connect();
    return client;
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
    const copy = this.copyClient;
    this.copyClient = null;
    await copy?.then((c) => c.end()).catch(() => {});
    await this.pool.end();
  }
}
