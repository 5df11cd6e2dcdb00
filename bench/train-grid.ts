// Benchmark: a 12-trial logistic-regression grid with 5-fold CV on penguins, end to end through the gateway's
// trainGrid, beside the seeds' way (scikit-learn + MLflow's Python client, bench/python/train_grid_sklearn.py)
// against the same MLflow server and the same PostgreSQL table.
//
// Usage (after `npx tsc -p .`, with the stack up and its settings in the environment: `set -a; . .stack/env; set +a`):
//   node dist/bench/train-grid.js [--workers 2]
// The gateway side is one HTTP request to an in-process gateway: Mutation.trainGrid(wait: true) with registerAs,
// i.e. reading the table, 12 trials in worker threads (each 5 CV fits, a refit and a test score), a parent run and
// 12 child runs with params, metrics, dataset inputs and model directories (MLmodel + model.json in S3), and the
// best model registered. The Python side does what the seed notebooks do: per combination a nested run,
// cross_validate, a refit, log_params/log_metrics, mlflow.sklearn.log_model and register_model (every run).
// Python's time excludes its interpreter start and imports (printed separately). Read the ratio, not the absolute
// numbers; the two differ in what they register (the gateway registers the best trial only, as trainGrid does).
//
// One run here (2 cores shared with other test runs, load average ~8; Node 20, MLflow 3.17.2 on localhost with
// PostgreSQL and a local S3 server), 12 trials × 5 folds:
//   gateway trainGrid 7.0 s (best test_accuracy 1.0000); scikit-learn + MLflow client 87.0 s (91.5 s with
//   interpreter start and imports; best test_accuracy 0.9855); ratio 0.08.
import "reflect-metadata";
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { loadConfig } from "../src/config";
import { createLogger } from "../src/logger";
import { DatasetSource, IngestMode, BuiltinDataset } from "../src/schema/enums";
import { startGateway } from "../src/server";
import { createServices } from "../src/services";

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, "..", "..");
const PYTHON = path.join(process.env.STACK_VENV ?? path.join(ROOT, ".stack", "venv"), "bin", "python");

const LEARNING_RATES = [0.01, 0.05, 0.1, 0.5];
const STEPS = [100, 300, 500];

const TRAIN_GRID = `
  mutation Bench($input: TrainGridInput!) {
    trainGrid(input: $input) {
      id status total completed error
      best { metrics }
      modelVersion { name version }
    }
  }`;

interface BenchJob {
  id: string;
  status: string;
  total: number;
  completed: number;
  error: string | null;
  best: { metrics: Record<string, number> } | null;
  modelVersion: { name: string; version: number } | null;
}

function workersArg(argv: string[]): string | undefined {
  const i = argv.indexOf("--workers");
  return i >= 0 ? argv[i + 1] : undefined;
}

/** What bench/run.ts reports (the figures main() prints). */
export interface TrainGridResult {
  trials: number;
  folds: number;
  workers: number;
  gatewaySeconds: number;
  gatewayBestTestAccuracy: number | null;
  pythonSeconds: number;
  pythonProcessSeconds: number;
  pythonBestTestAccuracy: number;
  /** GridSearchCV(n_jobs=2) with a log-batch per candidate and only the best model logged (seconds after imports). */
  gridSearchSeconds: number;
  gridSearchBestTestAccuracy: number;
}

export async function measureTrainGrid(workers?: string): Promise<TrainGridResult> {
  const config = loadConfig({
    ...process.env,
    LOG_LEVEL: "silent",
    PORT: "0",
    AUTH_DISABLED: "true",
    ...(workers ? { TRAINING_WORKERS: workers } : {}),
  });
  const services = createServices(config, createLogger("silent"));
  const gateway = await startGateway(config, services);
  const suffix = `${Date.now().toString(36)}_${process.pid}`;
  const table = `gwtest_bench_penguins_${suffix}`;
  try {
    await services.datasets.ingest({
      name: table,
      source: DatasetSource.POSTGRES,
      builtin: BuiltinDataset.PENGUINS,
      mode: IngestMode.REPLACE,
    });
    console.log(
      `train-grid benchmark: ${LEARNING_RATES.length * STEPS.length} logistic-regression trials, 5-fold CV, ` +
        `penguins (PostgreSQL table ${table}), ${config.training.workers} training worker(s), MLflow ${config.mlflow.uri}`,
    );

    // 1. The gateway: one trainGrid request, end to end.
    const t0 = performance.now();
    const res = await fetch(gateway.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        query: TRAIN_GRID,
        variables: {
          input: {
            experimentName: `gwtest_bench_train_grid_gateway_${suffix}`,
            dataset: table,
            source: "POSTGRES",
            label: "species",
            grid: [
              { algorithm: "LOGISTIC_REGRESSION", params: { learningRate: LEARNING_RATES, numSteps: STEPS } },
            ],
            folds: 5,
            seed: 42,
            registerAs: `gwtest_bench_train_grid_gateway_${suffix}`,
          },
        },
      }),
    });
    const body = (await res.json()) as { data?: { trainGrid: BenchJob }; errors?: unknown };
    const gatewayS = (performance.now() - t0) / 1000;
    const job = body.data?.trainGrid;
    if (!job || job.status !== "SUCCEEDED")
      throw new Error(`trainGrid did not succeed: ${JSON.stringify(body.errors ?? job)}`);

    // 2. The seeds' way, same table, same MLflow.
    const t1 = performance.now();
    const pythonArgs = (what: string) => [
      "--pg-url",
      config.datasetsPgUrl,
      "--table",
      table,
      "--experiment",
      `gwtest_bench_train_grid_${what}_${suffix}`,
      "--model",
      `gwtest_bench_train_grid_${what}_${suffix}`,
      "--learning-rates",
      LEARNING_RATES.join(","),
      "--steps",
      STEPS.join(","),
      "--folds",
      "5",
      "--seed",
      "42",
    ];
    const pythonEnv = {
      ...process.env,
      MLFLOW_TRACKING_URI: config.mlflow.uri,
      MLFLOW_S3_ENDPOINT_URL: config.s3.endpoint ?? "",
      AWS_ACCESS_KEY_ID: config.s3.accessKeyId ?? "",
      AWS_SECRET_ACCESS_KEY: config.s3.secretAccessKey ?? "",
      AWS_DEFAULT_REGION: config.s3.region,
    };
    const { stdout } = await run(
      PYTHON,
      [path.join(ROOT, "bench", "python", "train_grid_sklearn.py"), ...pythonArgs("sklearn")],
      { env: pythonEnv, maxBuffer: 64 * 1024 * 1024, timeout: 1_800_000 },
    );
    const processS = (performance.now() - t1) / 1000;
    const lastLine = (out: string) => {
      const lines = out.trim().split("\n");
      return JSON.parse(lines[lines.length - 1]) as {
        seconds: number;
        trials: number;
        best_test_accuracy: number;
      };
    };
    const python = lastLine(stdout);

    // 3. The strongest Python way: GridSearchCV(n_jobs=2), a log-batch per candidate, only the best model logged.
    const gridSearch = lastLine(
      (
        await run(
          PYTHON,
          [path.join(ROOT, "bench", "python", "train_grid_gridsearch.py"), ...pythonArgs("gridsearch")],
          {
            env: pythonEnv,
            maxBuffer: 64 * 1024 * 1024,
            timeout: 1_800_000,
          },
        )
      ).stdout,
    );

    const acc = job.best?.metrics.test_accuracy;
    console.log(
      `gateway trainGrid (${job.completed}/${job.total} trials, best registered as ${job.modelVersion?.name}/${job.modelVersion?.version}): ` +
        `${gatewayS.toFixed(2)} s, best test_accuracy ${acc?.toFixed(4)}`,
    );
    console.log(
      `scikit-learn + MLflow client (${python.trials} trials, every run logged and registered): ` +
        `${python.seconds.toFixed(2)} s (${processS.toFixed(2)} s with interpreter start and imports), ` +
        `best test_accuracy ${python.best_test_accuracy.toFixed(4)}`,
    );
    console.log(
      `GridSearchCV(n_jobs=2) + MLflow log-batch per candidate, best model registered: ` +
        `${gridSearch.seconds.toFixed(2)} s, best test_accuracy ${gridSearch.best_test_accuracy.toFixed(4)}`,
    );
    console.log(`ratio gateway / python: ${(gatewayS / python.seconds).toFixed(2)}`);
    return {
      trials: job.total,
      folds: 5,
      workers: config.training.workers,
      gatewaySeconds: gatewayS,
      gatewayBestTestAccuracy: acc ?? null,
      pythonSeconds: python.seconds,
      pythonProcessSeconds: processS,
      pythonBestTestAccuracy: python.best_test_accuracy,
      gridSearchSeconds: gridSearch.seconds,
      gridSearchBestTestAccuracy: gridSearch.best_test_accuracy,
    };
  } finally {
    await services.postgres.query(`DROP TABLE IF EXISTS "${table}"`).catch(() => {});
    await gateway.close();
  }
}

async function main(): Promise<void> {
  await measureTrainGrid(workersArg(process.argv.slice(2)));
}

if (require.main === module)
  main().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
