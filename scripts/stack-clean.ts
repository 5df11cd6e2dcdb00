// npm run stack:clean [-- PREFIX]: deletes what tests and benchmarks left in the local stack (names starting with
// gwtest_, or PREFIX): MLflow registered models and experiments, dataset tables, the gateway's rows about them.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { loadConfig } from "../src/config";
import { MysqlSource, PostgresSource } from "../src/services/datasets/sources";
import { MlflowClient } from "../src/services/mlflow/client";
import { GatewayDb } from "../src/services/store/db";
import { cleanUpNames, TEST_PREFIX } from "../test/helpers/cleanup";

async function main(): Promise<void> {
  const prefix = process.argv[2] ?? TEST_PREFIX;
  const config = loadConfig(process.env);
  const mlflow = new MlflowClient(config.mlflow);
  const mysql = new MysqlSource(config.mysqlUrl, config.upstreamTimeoutMs);
  const postgres = new PostgresSource(config.datasetsPgUrl, config.upstreamTimeoutMs);
  const db = new GatewayDb(config.databaseUrl, config.upstreamTimeoutMs);
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
  } finally {
    await Promise.allSettled([mlflow.close(), mysql.close(), postgres.close(), db.close()]);
  }
}

main().catch((err: unknown) => {
  console.error(`stack:clean failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
