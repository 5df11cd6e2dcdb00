// The prediction log's daily partitions: created ahead of time, dropped after the retention period.
import type { PoolClient } from "pg";
import type { GatewayDb } from "./db";

const DAY_MS = 86_400_000;
/** Days of partitions created ahead, so a write never waits for DDL (late rows land in the default partition). */
const DAYS_AHEAD = 3;
const SWEEP_LOCK = 727275;

/**
 * The log's partitioned tables: prediction_requests, written now, and prediction_rows, the one-row-per-prediction
 * table of earlier versions (migration 23), which only loses partitions to the retention until it is empty.
 */
const TABLES = [
  { parent: "prediction_requests", defaultPartition: "prediction_requests_default", createAhead: true },
  { parent: "prediction_rows", defaultPartition: "predictions_default", createAhead: false },
] as const;

const dayStart = (t: number) => Math.floor(t / DAY_MS) * DAY_MS;
const partitionName = (parent: string, day: number) =>
  `${parent}_p${new Date(day).toISOString().slice(0, 10).replaceAll("-", "")}`;

export interface SweepResult {
  created: string[];
  dropped: string[];
  /** Rows past retention deleted from the default partition. */
  deletedDefaultRows: number;
}

/**
 * Create today's and the next DAYS_AHEAD days' partitions (UTC days) and, when `retentionDays` > 0, drop every
 * partition whose whole range is older than the cutoff. Safe to run from several gateways at once (advisory lock).
 */
export async function sweepPredictionPartitions(
  db: Pick<GatewayDb, "transaction">,
  retentionDays: number,
  now = Date.now(),
): Promise<SweepResult> {
  return db.transaction(async (c) => {
    await c.query("SELECT pg_advisory_xact_lock($1)", [SWEEP_LOCK]);
    // Bounds are printed in the session's time zone and date style: pin both so parseBound reads them.
    await c.query("SET LOCAL TimeZone = 'UTC'");
    await c.query("SET LOCAL DateStyle = 'ISO, YMD'");
    const result: SweepResult = { created: [], dropped: [], deletedDefaultRows: 0 };
    for (const table of TABLES) await sweepTable(c, table, retentionDays, now, result);
    return result;
  });
}

async function sweepTable(
  c: PoolClient,
  table: (typeof TABLES)[number],
  retentionDays: number,
  now: number,
  result: SweepResult,
): Promise<void> {
  const { parent, defaultPartition } = table;
  const parts = await c.query<{ name: string; bound: string }>(
    `SELECT child.relname AS name, pg_get_expr(child.relpartbound, child.oid) AS bound
     FROM pg_inherits i JOIN pg_class child ON child.oid = i.inhrelid JOIN pg_class parent ON parent.oid = i.inhparent
     WHERE parent.relname = $1 AND parent.relnamespace = to_regnamespace(current_schema())`,
    [parent],
  );
  const ranges = parts.rows.map((p) => {
    const m = /FROM \((MINVALUE|'[^']+')\) TO \('([^']+)'\)/.exec(p.bound);
    return {
      name: p.name,
      from: m ? (m[1] === "MINVALUE" ? -Infinity : parseBound(m[1].slice(1, -1))) : NaN,
      to: m ? parseBound(m[2]) : NaN,
    };
  });
  const today = dayStart(now);
  for (let d = 0; table.createAhead && d <= DAYS_AHEAD; d++) {
    const from = today + d * DAY_MS;
    const to = from + DAY_MS;
    if (ranges.some((r) => r.from < to && r.to > from)) continue; // covered (a day, or the converted old table)
    // Rows already in the default partition for that day (a clock jump) would make the partition fail: leave them.
    const early = await c.query(
      `SELECT 1 FROM ${defaultPartition} WHERE created_at >= $1 AND created_at < $2 LIMIT 1`,
      [new Date(from), new Date(to)],
    );
    if (early.rowCount) continue;
    const name = partitionName(parent, from);
    await c.query(
      `CREATE TABLE ${name} PARTITION OF ${parent} FOR VALUES FROM ('${new Date(from).toISOString()}') TO ('${new Date(to).toISOString()}')`,
    );
    result.created.push(name);
  }
  if (retentionDays > 0) {
    const cutoff = today - retentionDays * DAY_MS;
    for (const r of ranges) {
      if (!Number.isFinite(r.to) || r.to > cutoff) continue;
      await c.query(`DROP TABLE ${quoteIdent(r.name)}`);
      result.dropped.push(r.name);
    }
    const deleted = await c.query(`DELETE FROM ${defaultPartition} WHERE created_at < $1`, [
      new Date(cutoff),
    ]);
    result.deletedDefaultRows += deleted.rowCount ?? 0;
  }
}

/** "2026-12-01 00:00:00+00" → epoch ms. */
function parseBound(text: string): number {
  return Date.parse(text.replace(" ", "T").replace(/([+-]\d\d)$/, "$1:00"));
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
