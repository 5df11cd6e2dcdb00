// The single benchmark entry (`npm run bench [-- --quick]`, via scripts/bench.sh): runs every benchmark against the
// local stack with its baselines measured in the same run, and writes bench/results/latest.md.
//
// Order: set-up (a trained and registered model, 20 versions of it, MLflow's scoring server with a scikit-learn
// model), then the gateway as a production-mode child process for memory, predict and fan-out, then trainGrid and
// ingest in this process. A benchmark that fails is reported as failed in the table; the exit code is then 1.
import "reflect-metadata";
import { readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { loadConfig } from "../src/config";
import { createLogger } from "../src/logger";
import { startGateway } from "../src/server";
import { createServices } from "../src/services";
import * as fanout from "./fanout";
import * as ingest from "./ingest";
import * as monitoring from "./monitoring";
import {
  formatNumber,
  formatRatio,
  gitDescription,
  machineInfo,
  Machine,
  markdownTable,
  ON_PAR_BAND,
  outcome,
  packageVersions,
  renderGoals,
  renderRows,
  ROOT,
  row,
  Row,
  Section,
  startGatewayProcess,
  stopProcess,
} from "./lib";
import {
  heapUsedMiB,
  loadModels,
  memorySection,
  MemoryReadings,
  MODELS_TO_LOAD,
  registerCopies,
  settledRss,
  treeRss,
} from "./memory";
import { deleteBenchPredictions } from "./lib";
import * as predict from "./predict";
import { runOnnx } from "./predict-onnx";
import * as scaleOut from "./scale-out";
import { measureTrainGrid, TrainGridResult } from "./train-grid";

interface Options {
  quick: boolean;
  out: string;
  /** Epoch ms when `npm run bench` started (scripts/bench.sh passes it, so the build counts in the wall time). */
  startedAt: number;
}

function parseOptions(argv: string[]): Options {
  const get = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const startedAt = Number(get("--started-at") ?? Date.now());
  return {
    quick: argv.includes("--quick"),
    out: path.resolve(get("--out") ?? path.join(ROOT, "bench", "results", "latest.md")),
    startedAt: Number.isFinite(startedAt) ? startedAt : Date.now(),
  };
}

const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);

const GATEWAY_PACKAGES = [
  "@apollo/server",
  "graphql",
  "type-graphql",
  "undici",
  "mysql2",
  "pg",
  "csv-parse",
  "ml-logistic-regression",
  "ml-matrix",
  "@aws-sdk/client-s3",
  "autocannon",
];

function gatewayVersion(): string {
  return (JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string }).version;
}

async function upstreamVersions(): Promise<Record<string, string>> {
  const config = loadConfig({ ...process.env, LOG_LEVEL: "silent" });
  const services = createServices(config, createLogger("silent"));
  const out: Record<string, string> = {};
  try {
    const pick = async (name: string, f: () => Promise<string>) => {
      out[name] = await f().catch((err: Error) => `unknown (${err.message})`);
    };
    await pick("MLflow (tracking server)", async () => (await fetch(`${config.mlflow.uri}/version`)).text());
    await pick("MariaDB/MySQL", async () => {
      const [r] = await services.mysql.query<{ v: string }>("SELECT VERSION() AS v");
      return r.v;
    });
    await pick("PostgreSQL", async () => {
      const [r] = await services.postgres.query<{ v: string }>(
        "SELECT current_setting('server_version') AS v",
      );
      return r.v;
    });
  } finally {
    await Promise.allSettled([services.mysql.close(), services.postgres.close(), services.db.close()]);
    await services.mlflow.close();
    services.artifacts.s3.destroy();
  }
  return out;
}

/** A trainGrid model (registered, @champion) and MODELS_TO_LOAD versions of it, made by an in-process gateway. */
async function prepareServingModel(): Promise<{ name: string; version: number; refs: string[] }> {
  const config = loadConfig({
    ...process.env,
    LOG_LEVEL: "silent",
    PORT: "0",
    HOST: "127.0.0.1",
    AUTH_DISABLED: "true",
  });
  const services = createServices(config, createLogger("silent"));
  const gateway = await startGateway(config, services);
  try {
    const model = await predict.prepareModel(gateway.url);
    const refs = await registerCopies(services.mlflow, model.name, model.version, MODELS_TO_LOAD);
    return { name: model.name, version: model.version, refs };
  } finally {
    await gateway.close();
  }
}

function failedSection(title: string, err: unknown): Section {
  const message = err instanceof Error ? err.message : String(err);
  log(`${title} failed: ${message}`);
  return {
    title,
    rows: [],
    details: [`**Failed**: ${message.split("\n")[0].slice(0, 300)}`],
  };
}

/** Memory, predict and fan-out: they share one gateway process and one MLflow scoring server. */
async function servingSections(
  opts: Options,
  mlflowUri: string,
  pythonVersions: Record<string, string>,
): Promise<Section[]> {
  log("set-up: training the gateway's model and MLflow's scikit-learn model");
  // The scikit-learn model trains while the gateway's does: set-up only, nothing is measured yet.
  const scoringStart = predict.startMlflowScoringServer();
  scoringStart.catch(() => {}); // awaited below; avoid an unhandled rejection meanwhile
  let model: Awaited<ReturnType<typeof prepareServingModel>>;
  try {
    model = await prepareServingModel();
  } catch (err) {
    await scoringStart.then((s) => s.close()).catch(() => {});
    throw err;
  }
  const gw = await startGatewayProcess({ EXPOSE_UPSTREAM_CALLS: "true" });
  let scoring: predict.ScoringServer | undefined;
  const sections: Section[] = [];
  try {
    const readings: Partial<MemoryReadings> = { modelsLoaded: model.refs.length };
    const heap: (number | null)[] = [];
    readings.gatewayHeap = heap;
    readings.gatewayIdle = await settledRss(gw.pid);
    heap.push(await heapUsedMiB(gw.url));
    try {
      scoring = await scoringStart;
    } catch (err) {
      sections.push(failedSection("mlflow models serve", err));
    }
    if (scoring) {
      Object.assign(pythonVersions, scoring.versions);
      readings.mlflowIdle = await settledRss(scoring.servingPid);
      readings.mlflowIdleTree = treeRss(scoring.child.pid!);
    }
    log(`memory: loading ${model.refs.length} models into the gateway`);
    await loadModels(gw.url, model.refs.slice(0, 1));
    readings.gatewayOneModel = await settledRss(gw.pid);
    heap.push(await heapUsedMiB(gw.url));
    await loadModels(gw.url, model.refs.slice(1));
    readings.gatewayModels = await settledRss(gw.pid);
    heap.push(await heapUsedMiB(gw.url));

    log("predict: gateway, bare node:http and mlflow models serve under autocannon");
    const p = await predict.run({
      ...predict.predictOptions(opts.quick ? ["--quick"] : []),
      gatewayUrl: gw.url,
      model: `${model.name}@champion`,
      mlflowUrl: scoring?.url,
    });
    readings.gatewayAfterLoad = await settledRss(gw.pid);
    heap.push(await heapUsedMiB(gw.url));
    if (scoring) {
      readings.mlflowAfterLoad = await settledRss(scoring.servingPid);
      readings.mlflowAfterLoadTree = treeRss(scoring.child.pid!);
      p.details.push(
        "",
        `MLflow's model: \`${scoring.modelUri}\`, scikit-learn ${scoring.versions["scikit-learn"]} ` +
          `LogisticRegression in a pipeline (impute, scale, one-hot) trained on data/penguins.csv ` +
          `(test accuracy ${scoring.testAccuracy.toFixed(4)}), served by one uvicorn worker (MLflow's default).`,
      );
    }
    const onnx = scoring && { reference: scoring.onnxReference, uri: scoring.onnxModelUri };
    if (scoring) {
      await scoring.close();
      scoring = undefined;
    }
    sections.push(p, memorySection(readings as MemoryReadings));

    if (onnx) {
      log("predict (ONNX): gateway and mlflow models serve of the same ONNX version under autocannon");
      try {
        const serve = await predict.startMlflowServe(onnx.uri);
        try {
          sections.push(
            await runOnnx({
              ...predict.predictOptions(opts.quick ? ["--quick"] : []),
              gatewayUrl: gw.url,
              model: onnx.reference,
              mlflowUrl: serve.url,
            }),
          );
        } finally {
          await serve.close();
        }
      } catch (err) {
        sections.push(failedSection("predict (ONNX)", err));
      }
    }

    log("fan-out: the 100-runs query");
    try {
      sections.push(await fanout.run({ quick: opts.quick, gatewayUrl: gw.url, mlflowUri }));
    } catch (err) {
      sections.push(failedSection("fan-out", err));
    }
  } finally {
    if (scoring) await scoring.close();
    await stopProcess(gw.child);
  }
  return sections;
}

const GRID_SEARCH = "scikit-learn GridSearchCV(n_jobs=2) + MLflow log-batch, best model only";

function trainGridSection(r: TrainGridResult): Section {
  const baselineName = "scikit-learn + MLflow Python client, same grid";
  return {
    title: "trainGrid",
    rows: [
      row({
        measure: `trainGrid, ${r.trials} trials × ${r.folds}-fold CV on penguins, end to end: wall time`,
        unit: "s",
        gateway: r.gatewaySeconds,
        baseline: r.pythonSeconds,
        baselineName,
        better: "lower",
        note: "the gateway's logistic regression is plain gradient descent for a fixed number of steps in JavaScript; scikit-learn's lbfgs converges in a few native iterations",
      }),
      row({
        measure: `trainGrid, ${r.trials} trials: best trial's test accuracy`,
        unit: "accuracy",
        gateway: r.gatewayBestTestAccuracy,
        baseline: r.pythonBestTestAccuracy,
        baselineName,
        better: "higher",
        decimals: 3,
        note: "different estimators: gradient descent without regularisation vs scikit-learn's L2-regularised lbfgs",
      }),
      row({
        measure: `trainGrid, ${r.trials} trials × ${r.folds}-fold CV on penguins, end to end: wall time`,
        unit: "s",
        gateway: r.gatewaySeconds,
        baseline: r.gridSearchSeconds,
        baselineName: GRID_SEARCH,
        better: "lower",
        note: "GridSearchCV fits the 60 folds in two native processes and logs no per-candidate models",
        goal: {
          ratio: 1,
          why: "the gateway writes every trial's model directory to S3 while GridSearchCV logs only the best; lbfgs converges in fewer, native iterations",
        },
      }),
      row({
        measure: `trainGrid, ${r.trials} trials: best trial's test accuracy`,
        unit: "accuracy",
        gateway: r.gatewayBestTestAccuracy,
        baseline: r.gridSearchBestTestAccuracy,
        baselineName: GRID_SEARCH,
        better: "higher",
        decimals: 3,
        note: "different estimators: gradient descent without regularisation vs scikit-learn's L2-regularised lbfgs",
        goal: { ratio: 1, why: "plain gradient descent for a fixed number of steps without regularisation" },
      }),
    ],
    details: [
      `Gateway: one Mutation.trainGrid(wait: true) request to an in-process gateway with ${r.workers} training ` +
        `worker thread(s): read the PostgreSQL table, ${r.trials} trials of ${r.folds}-fold CV, refit and test ` +
        `score each, a parent run and ${r.trials} child runs with params, metrics and model directories in S3, ` +
        `the best trial registered (${r.gatewaySeconds.toFixed(2)} s). Python (bench/python/train_grid_sklearn.py, ` +
        `the seed notebooks' way): per combination a nested run, cross_validate, refit, log_params/log_metrics, ` +
        `mlflow.sklearn.log_model and register_model, against the same MLflow and the same table ` +
        `(${r.pythonSeconds.toFixed(2)} s after imports; ${r.pythonProcessSeconds.toFixed(2)} s with interpreter ` +
        `start and imports). The Python side registers every run, the gateway only the best (as trainGrid does). ` +
        `Best test accuracy: gateway ${r.gatewayBestTestAccuracy?.toFixed(4) ?? "–"}, Python ${r.pythonBestTestAccuracy.toFixed(4)}.`,
      "",
      `${GRID_SEARCH} (bench/python/train_grid_gridsearch.py): the same pipeline and grid in one ` +
        `GridSearchCV(n_jobs=2) with the same folds, then a parent run and one nested run per candidate with its ` +
        `params and CV metrics in a single log-batch call, and only the best candidate's model logged ` +
        `(mlflow.sklearn.log_model) and registered: ${r.gridSearchSeconds.toFixed(2)} s after imports, best test ` +
        `accuracy ${r.gridSearchBestTestAccuracy.toFixed(4)}.`,
    ],
  };
}

function renderReport(
  opts: Options,
  machine: Machine,
  loadAtEnd: number[],
  versions: [string, string][],
  sections: Section[],
  wallSeconds: number,
): string {
  const rows: Row[] = sections.flatMap((s) => s.rows);
  const failed = sections.filter((s) => !s.rows.length);
  const losses = rows.filter((r) => outcome(r) === "worse");
  const caveats = rows.filter((r) => outcome(r) === "no baseline");
  const formatFigure = (r: Row) =>
    r.decimals === undefined ? formatNumber(r.gateway) : (r.gateway?.toFixed(r.decimals) ?? "–");
  const date = new Date()
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d+Z$/, " UTC");
  const minutes = Math.floor(wallSeconds / 60);
  const lines = [
    "# Benchmark results",
    "",
    `Generated by \`npm run bench${opts.quick ? " -- --quick" : ""}\` on ${date}; wall time ` +
      `${minutes} min ${Math.round(wallSeconds - minutes * 60)} s (build, stack check, set-up and every benchmark). ` +
      (opts.quick
        ? "Quick mode: shorter load phases, 200,000 ingest rows, fewer fan-out samples."
        : "Full mode."),
    "",
    "Every baseline below was measured in this same run on this same machine. Read the ratios, not the absolute " +
      "numbers. **Ratio = gateway ÷ baseline**; *Better when* says which direction is good for that measure " +
      `(for req/s higher, for ms lower). Verdicts count ratios within ±${Math.round(ON_PAR_BAND * 100)} % as on ` +
      "par (run-to-run noise on this shared machine is about that size).",
    "",
    "## Machine",
    "",
    markdownTable(
      ["CPU", "Cores", "Memory", "OS", "Kernel", "Load average (1/5/15 min) at start → end"],
      [
        [
          machine.cpu,
          String(machine.cores),
          `${machine.memoryGiB} GiB`,
          machine.os,
          machine.kernel,
          `${machine.loadAverage.join(" / ")} → ${loadAtEnd.join(" / ")}`,
        ],
      ],
    ),
    "",
    "## Versions",
    "",
    markdownTable(["Component", "Version"], versions),
    "",
    "## Results",
    "",
    rows.length ? renderRows(rows) : "_No benchmark produced results._",
    "",
    "## Speed goals",
    "",
    "The goals of issue 15 (request-path speed), with the aims of issue 11 (ONNX single rows) and issue 16 (two worker processes), as ratios against baselines of this same run; a missed goal says what would close it.",
    "",
    renderGoals(rows),
    "",
    ...(failed.length
      ? [
          `**Failed in this run:** ${failed.map((s) => s.title).join(", ")} (the reasons are under Details).`,
          "",
        ]
      : []),
    "## Details",
    "",
    ...sections.flatMap((s) => [`### ${s.title}`, "", ...s.details, ""]),
    "## Where the gateway loses, and why",
    "",
    ...(losses.length
      ? losses.map(
          (r) =>
            `- **${r.measure}** against ${r.baselineName} (${formatRatio(r.ratio)}, ${r.better} is better): ${r.note}.`,
        )
      : ["The gateway did not lose on any measure in this run."]),
    "",
    ...(caveats.length
      ? [
          "Measures without a baseline:",
          "",
          ...caveats.map((r) => `- **${r.measure}** (${formatFigure(r)} ${r.unit}): ${r.note}.`),
          "",
        ]
      : []),
  ];
  return lines.join("\n");
}

async function main(): Promise<void> {
  const opts = parseOptions(process.argv.slice(2));
  const machine = machineInfo();
  const config = loadConfig({ ...process.env, LOG_LEVEL: "silent" });
  const sections: Section[] = [];
  const pythonVersions: Record<string, string> = {};

  log(`${opts.quick ? "quick" : "full"} run; writing ${path.relative(ROOT, opts.out)}`);
  const upstream = await upstreamVersions();

  try {
    sections.push(...(await servingSections(opts, config.mlflow.uri, pythonVersions)));
  } catch (err) {
    sections.push(failedSection("predict, memory and fan-out", err));
  }

  log("trainGrid: gateway vs scikit-learn + MLflow client");
  try {
    const r = await measureTrainGrid();
    sections.push(trainGridSection(r));
  } catch (err) {
    sections.push(failedSection("trainGrid", err));
  }

  log("scale-out: the same grid with one worker process and with two");
  try {
    sections.push(await scaleOut.run());
  } catch (err) {
    sections.push(failedSection("scale-out", err));
  }

  const rows = opts.quick ? 200_000 : 1_000_000;
  log(`ingest: ${rows.toLocaleString("en-US")} rows, gateway vs LOAD DATA LOCAL INFILE`);
  try {
    sections.push(await ingest.run({ rows, keep: false }));
  } catch (err) {
    sections.push(failedSection("ingest", err));
  }

  log("predictionStats: 1,000,000 logged rows vs one PostgreSQL aggregate scan");
  try {
    sections.push(await monitoring.run({ rows: 1_000_000 }));
  } catch (err) {
    sections.push(failedSection("predictionStats", err));
  }

  // The runs' prediction-log rows (well over a million per run) would make every later run read a bigger log.
  log("clean-up: deleting the benchmark models' prediction-log rows");
  await deleteBenchPredictions(config.databaseUrl).catch((err: Error) =>
    log(`clean-up failed (${err.message}); npm run stack:clean deletes them too`),
  );

  const gatewayPkg = packageVersions(GATEWAY_PACKAGES);
  const versions: [string, string][] = [
    ["Gateway (this repository)", `${gatewayVersion()} at commit ${await gitDescription()}`],
    ["Node.js", process.version],
    ...Object.entries(upstream),
    ...Object.entries(pythonVersions).map(([k, v]): [string, string] => [`${k} (baselines)`, v]),
    ...Object.entries(gatewayPkg).map(([k, v]): [string, string] => [`npm ${k}`, v]),
  ];
  const wallSeconds = (Date.now() - opts.startedAt) / 1000;
  const report = renderReport(opts, machine, machineInfo().loadAverage, versions, sections, wallSeconds);
  await mkdir(path.dirname(opts.out), { recursive: true });
  await writeFile(opts.out, report);
  log(`wrote ${path.relative(ROOT, opts.out)} in ${wallSeconds.toFixed(0)} s`);
  if (sections.some((s) => !s.rows.length)) process.exitCode = 1;
}

main().catch((err) => {
  console.error(`benchmark failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exit(1);
});
