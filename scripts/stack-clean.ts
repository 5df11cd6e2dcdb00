// npm run stack:clean [-- PREFIX]: deletes what tests and benchmarks left in the local stack (names starting with
// gwtest_, or PREFIX): MLflow registered models and experiments, dataset tables, the gateway's rows about them, and
// the job queues of test processes (their own queue namespace, test/helpers/gateway.ts).
import { execFileSync } from "node:child_process";
import path from "node:path";
import PgBoss from "pg-boss";
import { loadConfig } from "../src/config";
import { MysqlSource, PostgresSource } from "../src/services/datasets/sources";
import { MlflowClient } from "../src/services/mlflow/client";
import { removeQueue } from "../src/services/queue/boss";
import { GatewayDb } from "../src/services/store/db";
import { cleanUpNames, TEST_PREFIX } from "../test/helpers/cleanup";

/** Statement timeout of the clean-up's own connection to the gateway database. */
const CLEAN_TIMEOUT_MS = 30 * 60_000;

async function main(): Promise<void> {
  const prefix = process.argv[2] ?? TEST_PREFIX;
  const config = loadConfig(process.env);
  const mlflow = new MlflowClient(config.mlflow);
  const mysql = new MysqlSource(config.mysqlUrl, config.upstreamTimeoutMs);
  const postgres = new PostgresSource(config.datasetsPgUrl, config.upstreamTimeoutMs);
  // A day of benchmarks leaves millions of prediction-log rows behind: deleting them outlasts UPSTREAM_TIMEOUT_MS,
  // which is the gateway's statement timeout for requests, not for this one-off clean-up.
  const db = new GatewayDb(config.databaseUrl, Math.max(config.upstreamTimeoutMs, CLEAN_TIMEOUT_MS));
  try {
    await db.migrate();
    const n = await cleanUpNames({ mlflow, mysql, postgres, db }, prefix);
    console.log(
      `deleted names starting with ${prefix}: ${n.registeredModels} registered models, ${n.experiments} experiments, ` +
        `${n.tables} tables, ${n.gatewayRows} gateway rows`,
    );
    if (n.experimentIds.length) {
      // MLflow's REST API only moves experiments to the trash; `mlflow gc` (stack.sh purge) removes them for good.
      const stack = path.join(__dirname, "..", "..", "scripts", "stack.sh");
      for (let i = 0; i < n.experimentIds.length; i += 100) {
        execFileSync("bash", [stack, "purge", n.experimentIds.slice(i, i + 100).join(",")], {
          stdio: "inherit",
        });
      }
      console.log(`purged ${n.experimentIds.length} experiments with their runs and artifacts`);
    }
    console.log(`deleted ${await deleteTestQueues(config.databaseUrl, config.queue.schema)} test job queues`);
  } finally {
    await Promise.allSettled([mlflow.close(), mysql.close(), postgres.close(), db.close()]);
  }
}

/** Queues (and schedules) of test processes: names ending in a test namespace, `-test-<pid>-<random>-<mlflow>`. */
async function deleteTestQueues(databaseUrl: string, schema: string): Promise<number> {
  const boss = new PgBoss({
    connectionString: databaseUrl,
    schema,
    supervise: false,
    schedule: false,
    max: 2,
  });
  await boss.start();
  try {
    // Queues that name a dead-letter queue go first: the dead-letter queue cannot go while one still names it.
    const names = (await boss.getQueues())
      .filter((q) => /-test-\d+-[a-z0-9]+-[0-9a-f]{8}$/.test(q.name))
      .sort((a, b) => Number(!a.deadLetter) - Number(!b.deadLetter))
      .map((q) => q.name);
    for (const name of names) await removeQueue(boss, schema, name);
    return names.length;
  } finally {
    await boss.stop({ graceful: false, wait: true });
  }
}

main().catch((err: unknown) => {
  console.error(`stack:clean failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
