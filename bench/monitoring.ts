// Benchmark: predictionStats over 1,000,000 logged predictions (counts per version, label shares, PSI of six
// features against a registered version's training profile), beside PostgreSQL's own single aggregate scan of the
// same rows in the same run.
//
// Usage (after `npx tsc -p .`, with the stack up and its settings in the environment: `set -a; . .stack/env; set +a`):
//   node dist/bench/monitoring.js [--rows 1000000]
// The rows are generated in SQL (generate_series) under a model name of their own and deleted afterwards; the
// version is registered in MLflow with a training_profile.json on its run, so the timing includes the real lookup.
// Goal (issue 19): under 1 s on this machine, i.e. fast enough for a dashboard.
import "reflect-metadata";
import { newestPredictionsSql } from "../src/services/store/prediction-log-sql";
import { loadConfig } from "../src/config";
import { createLogger } from "../src/logger";
import { closeServices, createServices, Services } from "../src/services";
import { PROFILE_ARTIFACT, profileRows } from "../src/services/models/training-profile";
import { deleteBenchPredictions, formatNumber, row, Section } from "./lib";

const FEATURES = [
  { name: "x1", kind: "numeric" as const },
  { name: "x2", kind: "numeric" as const },
  { name: "x3", kind: "numeric" as const },
  { name: "x4", kind: "numeric" as const },
  { name: "color", kind: "categorical" as const },
  { name: "size", kind: "categorical" as const },
];

/** The same generator in JavaScript (training profile) and SQL (logged rows): x_i uniform, categories cycling. */
function trainingRows(n: number): Record<string, unknown>[] {
  return Array.from({ length: n }, (_, i) => ({
    x1: ((i * 7919) % 1000) / 10,
    x2: ((i * 104729) % 1000) / 100,
    x3: (i % 97) * 1.5,
    x4: ((i * 31) % 200) - 100,
    color: ["red", "green", "blue"][i % 3],
    size: ["s", "m", "l", "xl"][i % 4],
  }));
}

/** Rows per page of the listing measure (the `predictions` query's usual page). */
const LIST_PAGE = 100;

async function registerVersion(s: Services, name: string): Promise<void> {
  const experimentId = await s.mlflow.ensureExperiment(`${name}_exp`);
  const run = await s.mlflow.createRun({ experimentId, runName: "bench-monitoring" });
  const profile = profileRows(trainingRows(20_000), FEATURES);
  await s.artifacts.put(
    run.info.artifact_uri!,
    PROFILE_ARTIFACT,
    JSON.stringify(profile),
    "application/json",
  );
  await s.mlflow.updateRun(run.info.run_id, "FINISHED");
  await s.mlflow.ensureRegisteredModel(name);
  await s.mlflow.createModelVersion({
    name,
    source: `${run.info.artifact_uri}/model`,
    runId: run.info.run_id,
  });
}

async function timeMs(fn: () => Promise<unknown>, repeats: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

export async function run(opts: { rows: number }): Promise<Section> {
  const config = loadConfig(process.env);
  const s = createServices(config, createLogger("warn"));
  // gwtest_: `npm run stack:clean` finds whatever a failed run leaves behind.
  const name = `gwtest_bench_monitoring_${Date.now().toString(36)}`;
  try {
    await s.db.migrate();
    await registerVersion(s, name);
    // Half the rows drift on x1 (shifted far right), so the PSI path does real work. Logged as the gateway logs
    // them (migration 27's layout: inputs as columns, probabilities flat with their classes), 1,000 predictions per
    // request row; in chunks, each well within the gateway's statement timeout.
    for (let from = 1; from <= opts.rows; from += 100_000)
      await s.db.query(
        `WITH v AS (
           SELECT i, (i - 1) / 1000 AS request,
                  ((i * 7919) % 1000) / 10.0 + CASE WHEN i % 2 = 0 THEN 500 ELSE 0 END AS x1,
                  ((i * 104729) % 1000) / 100.0 AS x2, (i % 97) * 1.5 AS x3, ((i * 31) % 200) - 100 AS x4,
                  (ARRAY['red','green','blue','purple'])[1 + i % 4] AS color, (ARRAY['s','m','l','xl'])[1 + i % 4] AS size,
                  (ARRAY['a','b','c'])[1 + i % 3] AS label
             FROM generate_series($2::bigint, $3::bigint) AS i)
         INSERT INTO prediction_requests (model_name, model_version, row_count, inputs, labels, probabilities, classes)
         SELECT $1, 1, g.n, g.inputs, g.labels,
                (SELECT json_agg(p ORDER BY k, c) FROM generate_series(1, g.n) AS k,
                        unnest(ARRAY[0.2, 0.3, 0.5]) WITH ORDINALITY AS u(p, c)),
                ARRAY['a','b','c']
           FROM (SELECT request, count(*)::int AS n,
                        json_build_object('x1', json_agg(x1 ORDER BY i), 'x2', json_agg(x2 ORDER BY i),
                                          'x3', json_agg(x3 ORDER BY i), 'x4', json_agg(x4 ORDER BY i),
                                          'color', json_agg(color ORDER BY i), 'size', json_agg(size ORDER BY i)) AS inputs,
                        array_agg(label ORDER BY i) AS labels
                   FROM v GROUP BY request) AS g
          ORDER BY g.request`,
        [name, from, Math.min(opts.rows, from + 99_999)],
      );
    await s.db.query("ANALYZE prediction_requests");
    const stats = await s.monitoring.predictionStats(name);
    if (stats.total !== opts.rows || stats.drift.length !== FEATURES.length)
      throw new Error(`predictionStats answered ${stats.total} rows and ${stats.drift.length} features`);
    const gateway = await timeMs(() => s.monitoring.predictionStats(name), 3);
    const baseline = await timeMs(
      () =>
        // The cheapest direct form over the log's table: one column's values (the predictions view would also
        // build every row as jsonb).
        s.db.query(
          `SELECT count(*), avg(x::text::float8)
             FROM prediction_requests r, json_array_elements(r.inputs -> 'x1') AS x WHERE model_name = $1`,
          [name],
        ),
      3,
    );
    const x1 = stats.drift.find((d) => d.feature === "x1");

    // The prediction log's newest rows of one model (Query.predictions), against the same statement sent directly.
    const page = await s.serving.predictions(name, LIST_PAGE);
    if (page.length !== LIST_PAGE) throw new Error(`predictions answered ${page.length} rows`);
    const listing = await timeMs(() => s.serving.predictions(name, LIST_PAGE), 7);
    const listingSql = await timeMs(
      () =>
        s.db.query(
          `SELECT id::text AS id, model_name, model_version, input, label, probabilities, requested_by, created_at
             FROM (${newestPredictionsSql("model_name = $2", "$1")}) AS p`,
          [LIST_PAGE, name],
        ),
      7,
    );
    return {
      title: "predictionStats and the predictions listing over the prediction log",
      rows: [
        row({
          measure: `predictionStats, ${opts.rows.toLocaleString("en-US")} logged rows (median of 3)`,
          unit: "ms",
          gateway,
          baseline,
          baselineName: "one PostgreSQL aggregate scan of the same rows",
          better: "lower",
          note:
            `goal: under 1,000 ms (${gateway < 1000 ? "met" : "missed"}); predictionStats makes one counting scan ` +
            "(versions and labels) beside an index read of the newest rows for every feature's bins; the baseline one scan",
        }),
        row({
          measure: `predictions(model, first: ${LIST_PAGE}), ${opts.rows.toLocaleString("en-US")} logged rows (median of 7)`,
          unit: "ms",
          gateway: listing,
          baseline: listingSql,
          baselineName: "the same SELECT sent to PostgreSQL directly",
          better: "lower",
          note: "the gateway also flushes its own buffered rows first (read-your-writes) and maps each row to the schema's type",
        }),
      ],
      details: [
        `predictionStats answered ${formatNumber(stats.total)} rows, ${stats.labels.length} labels and PSI for ` +
          `${stats.drift.length} features (x1, shifted in half the rows: PSI ${x1?.psi?.toFixed(2)}) in ` +
          `${gateway.toFixed(0)} ms; a single aggregate scan of the same rows took ${baseline.toFixed(0)} ms. ` +
          `The newest ${LIST_PAGE} of them (Query.predictions, through the index by model and time) took ` +
          `${listing.toFixed(1)} ms, the same statement alone ${listingSql.toFixed(1)} ms.`,
      ],
    };
  } finally {
    await deleteBenchPredictions(config.databaseUrl, name).catch(() => {});
    await s.mlflow.call("DELETE", "registered-models/delete", { body: { name } }).catch(() => {});
    const experiment = await s.mlflow.getExperimentByName(`${name}_exp`).catch(() => null);
    if (experiment)
      await s.mlflow
        .call("POST", "experiments/delete", { body: { experiment_id: experiment.experiment_id } })
        .catch(() => {});
    await closeServices(s);
  }
}

if (require.main === module) {
  const i = process.argv.indexOf("--rows");
  const rows = i >= 0 ? Number(process.argv[i + 1]) : 1_000_000;
  run({ rows })
    .then((section) => console.log(JSON.stringify(section, null, 2)))
    .catch((err) => {
      console.error(err);
      process.exit(1);
    });
}
