// Start-up cleaning of staging tables a crashed ingest or prepare left behind, and the short-lived cache of
// dataset descriptions and profiles.
import type { MysqlSource, PostgresSource } from "./sources";
import { STAGING_PREFIX } from "./sources";

/** A staging table older than this is a leftover: no ingest or prepare runs that long. */
export const STAGING_MAX_AGE_MS = 60 * 60 * 1000;

/** The creation time written into a staging table's name (`__gw_stage_<base36 ms>_<hex>`), or null. */
export function stagingCreatedAt(name: string): number | null {
  const m = new RegExp(`^${STAGING_PREFIX}(?:stage|old)_([0-9a-z]{6,10})_[0-9a-f]+$`).exec(name);
  if (!m) return null;
  const t = parseInt(m[1], 36);
  return Number.isFinite(t) ? t : null;
}

/**
 * Drop the source's staging tables older than STAGING_MAX_AGE_MS, by the time in their name or (MySQL) the
 * server's CREATE_TIME. Younger ones may belong to another gateway's ingest in progress and are kept.
 */
export async function cleanStagingTables(
  src: MysqlSource | PostgresSource,
  now = Date.now(),
): Promise<string[]> {
  const like = `${STAGING_PREFIX.replaceAll("_", "\\_")}%`;
  const rows =
    src.kind === "mysql"
      ? await src.query<{ name: string; created: string | null }>(
          `SELECT table_name AS name, create_time AS created FROM information_schema.tables
            WHERE table_schema = DATABASE() AND table_name LIKE ?`,
          [like],
        )
      : await src.query<{ name: string; created: null }>(
          `SELECT c.relname AS name, NULL AS created FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND c.relname LIKE $2`,
          [src.schema, like],
        );
  const dropped: string[] = [];
  for (const { name, created } of rows) {
    const fromName = stagingCreatedAt(name);
    const fromServer = created ? Date.parse(created.replace(" ", "T")) : NaN;
    const born = fromName ?? (Number.isNaN(fromServer) ? null : fromServer);
    if (born === null || now - born < STAGING_MAX_AGE_MS) continue;
    await src.dropTable(name);
    dropped.push(name);
  }
  return dropped;
}

/** Answers per key for `ttlMs()` ms; concurrent callers share one lookup; failures are not kept. */
export class TtlCache {
  private readonly entries = new Map<string, { at: number; value: Promise<unknown> }>();

  constructor(
    private readonly ttlMs: () => number,
    private readonly capacity = 10_000,
  ) {}

  get<T>(key: string, load: () => Promise<T>): Promise<T> {
    const ttl = this.ttlMs();
    if (ttl <= 0) return load();
    const now = performance.now();
    const hit = this.entries.get(key);
    if (hit && now - hit.at < ttl) return hit.value as Promise<T>;
    // Keys carry caller-chosen table names: never let them grow the map without bound.
    if (this.entries.size >= this.capacity) this.entries.clear();
    const value = load();
    this.entries.set(key, { at: now, value });
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    return value;
  }

  /** Forget every key that starts with `prefix`. */
  forget(prefix: string): void {
    for (const key of [...this.entries.keys()]) if (key.startsWith(prefix)) this.entries.delete(key);
  }
}
