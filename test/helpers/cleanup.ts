// Deletes what tests and benchmarks created in the stack, found by name prefix: registered models and experiments
// in MLflow (over its REST API), dataset tables in MySQL and PostgreSQL, and the gateway's own rows about them.
import type { Services } from "../../src/services";

/** Every name a test or benchmark creates starts with this (uniqueName adds it), so `npm run stack:clean` finds it. */
export const TEST_PREFIX = "gwtest_";

export interface CleanupCounts {
  registeredModels: number;
  experiments: number;
  /** Ids of the experiments now deleted, including earlier ones (MLflow keeps them until `mlflow gc` purges them). */
  experimentIds: string[];
  tables: number;
  gatewayRows: number;
}

type CleanupServices = Pick<Services, "mlflow" | "mysql" | "postgres" | "db">;

// MLflow's LIKE and SQL's LIKE both treat "_" and "%" as wildcards: escape them where the engine lets us, and
// check the exact prefix in code anyway.
const sqlLike = (prefix: string) => `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * Delete everything whose name starts with `prefix` (at least 4 characters, so a slip cannot empty a stack).
 * Experiments are deleted (moved to MLflow's trash); `scripts/stack.sh purge` removes them for good.
 */
export async function cleanUpNames(s: CleanupServices, prefix: string): Promise<CleanupCounts> {
  if (prefix.length < 4) throw new Error(`refusing to clean up the short prefix ${JSON.stringify(prefix)}`);
  const counts: CleanupCounts = {
    registeredModels: 0,
    experiments: 0,
    experimentIds: [],
    tables: 0,
    gatewayRows: 0,
  };
  const mlflowLike = `'${prefix.replace(/'/g, "")}%'`;

  // Collect first, delete after: deleting while paging would shift the pages.
  const models: string[] = [];
  let token: string | undefined;
  do {
    const page = await s.mlflow.searchRegisteredModels({
      filter: `name LIKE ${mlflowLike}`,
      maxResults: 100,
      pageToken: token,
    });
    models.push(...page.items.map((m) => m.name).filter((n) => n.startsWith(prefix)));
    token = page.nextPageToken;
  } while (token);
  for (const name of models) {
    await s.mlflow.call("DELETE", "registered-models/delete", { body: { name } });
    counts.registeredModels++;
  }

  // Already deleted ones too (an earlier cleanup's), so that the purge after it removes them for good.
  const experiments: { id: string; active: boolean }[] = [];
  do {
    const page = await s.mlflow.searchExperiments({
      filter: `name LIKE ${mlflowLike}`,
      maxResults: 100,
      pageToken: token,
      viewType: "ALL",
    });
    for (const e of page.items.filter((x) => x.name.startsWith(prefix)))
      experiments.push({ id: e.experiment_id, active: e.lifecycle_stage !== "deleted" });
    token = page.nextPageToken;
  } while (token);
  for (const e of experiments) {
    if (e.active) {
      await s.mlflow.call("POST", "experiments/delete", { body: { experiment_id: e.id } });
      counts.experiments++;
    }
    counts.experimentIds.push(e.id);
  }

  for (const source of [s.mysql, s.postgres]) {
    for (const table of (await source.tableNames()).filter((t) => t.startsWith(prefix))) {
      await source.dropTable(table);
      counts.tables++;
    }
  }

  const like = sqlLike(prefix);
  for (const sql of [
    "DELETE FROM prediction_requests WHERE model_name LIKE $1",
    "DELETE FROM prediction_rows WHERE model_name LIKE $1",
    // Runs go with their pipeline; pg-boss schedules of deleted pipelines are dropped by the next schedule sync.
    "DELETE FROM pipelines WHERE name LIKE $1",
    "DELETE FROM promotions WHERE model_name LIKE $1",
    `DELETE FROM training_jobs WHERE model_name LIKE $1 OR input->>'experimentName' LIKE $1
       OR input->>'dataset' LIKE $1 OR input->>'registerAs' LIKE $1`,
  ]) {
    const rows = await s.db.query<{ n: string }>(
      `WITH d AS (${sql} RETURNING 1) SELECT count(*) AS n FROM d`,
      [like],
    );
    counts.gatewayRows += Number(rows[0]?.n ?? 0);
  }
  return counts;
}
