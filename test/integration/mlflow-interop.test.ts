// Gateway-trained models are first-class MLflow 3 models, read back with MLflow's own tools, against both
// artifact configurations of the stack: s3:// roots (clients write S3) and mlflow-artifacts:/ (the server proxies).
import assert from "node:assert/strict";
import { ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import {
  IngestDatasetDocument,
  InteropRegisterDocument,
  InteropTrainDocument,
  ServingPredictDocument,
  type InteropTrainMutation,
} from "../generated/graphql";
import { dataOf, startTestGateway, TestGateway, uniqueName } from "../helpers/gateway";
import { runPythonJson, VENV_PYTHON } from "../helpers/python";

type Job = InteropTrainMutation["trainGrid"];

const CONFIGS = [
  {
    name: "s3:// artifact root",
    uri: process.env.MLFLOW_TRACKING_URI ?? "http://127.0.0.1:5000",
    root: /^s3:\/\//,
  },
  {
    name: "mlflow-artifacts:/ (proxied by MLflow)",
    uri: process.env.MLFLOW_PROXY_TRACKING_URI ?? "http://127.0.0.1:5001",
    root: /^mlflow-artifacts:\//,
  },
];

const FAMILIES = [
  { algorithm: "LOGISTIC_REGRESSION" as const, params: { learningRate: [0.1], numSteps: [300] } },
  { algorithm: "DECISION_TREE" as const, params: { maxDepth: [4, 8] } },
  { algorithm: "RANDOM_FOREST" as const, params: { nEstimators: [10] } },
  { algorithm: "KNN" as const, params: { k: [5], weights: ["distance"] } },
  { algorithm: "NAIVE_BAYES" as const, params: {} },
  { algorithm: "SVM" as const, params: {} },
  { algorithm: "GRADIENT_BOOSTING" as const, params: { nEstimators: [20] } },
  { algorithm: "ADABOOST" as const, params: { nEstimators: [20] } },
];

// Raw rows as a user sends them: numbers, text, a missing number, an unseen island and an empty text value.
const ROWS = [
  {
    island: "Biscoe",
    bill_length_mm: 47.5,
    bill_depth_mm: 14.2,
    flipper_length_mm: 217,
    body_mass_g: 4875,
    sex: "female",
    year: 2008,
  },
  {
    island: "Dream",
    bill_length_mm: 49.5,
    bill_depth_mm: 19,
    flipper_length_mm: 200,
    body_mass_g: 3800,
    sex: "male",
    year: 2008,
  },
  {
    island: "Torgersen",
    bill_length_mm: 42.3,
    bill_depth_mm: 21.2,
    flipper_length_mm: 191,
    body_mass_g: 4150,
    sex: "male",
    year: 2007,
  },
  {
    island: "Atlantis",
    bill_length_mm: null,
    bill_depth_mm: 17.1,
    flipper_length_mm: 195,
    body_mass_g: 3900,
    sex: "",
    year: 2009,
  },
];

interface Readback {
  experiment_tags: Record<string, string>;
  models: Record<
    string,
    {
      label: string[];
      probabilities: number[][];
      version_model_id: string | null;
      model_info_model_id: string | null;
      run_id: string;
      source: string;
    }
  >;
  logged_models: {
    model_id: string;
    name: string;
    status: string;
    source_run_id: string;
    artifact_location: string;
    metrics: Record<string, number>;
    params: Record<string, string>;
    model_versions: { name: string; version: string | number }[];
  }[];
}

const work = mkdtempSync(path.join(os.tmpdir(), "mlflow-interop-"));
after(() => rmSync(work, { recursive: true, force: true }));

/** What one configuration trained: its gateway, experiment, jobs (one per family) and Python's read-back. */
interface Trained {
  gw: TestGateway;
  env: Record<string, string>;
  experiment: { id: string; name: string };
  jobs: Job[];
  gateway: Record<string, { label: string; probabilities: number[] }[]>;
  readback: Readback;
}
const trained = new Map<string, Promise<Trained>>();
const gateways: TestGateway[] = [];
after(async () => {
  await Promise.all(gateways.map((g) => g.close()));
});

async function trainAll(config: (typeof CONFIGS)[number]): Promise<Trained> {
  const gw = await startTestGateway({ MLFLOW_TRACKING_URI: config.uri });
  gateways.push(gw);
  const table = uniqueName("interop_penguins");
  dataOf(
    await gw.gql(IngestDatasetDocument, { input: { name: table, source: "MYSQL", builtin: "PENGUINS" } }),
  );
  const experimentName = uniqueName("interop");
  const jobs: Job[] = [];
  for (const family of FAMILIES) {
    const job = dataOf(
      await gw.gql(InteropTrainDocument, {
        input: {
          experimentName,
          dataset: table,
          label: "species",
          grid: [family],
          folds: 2,
          registerAs: uniqueName(`interop_${family.algorithm.toLowerCase()}`),
          promoteTo: "champion",
        },
      }),
    ).trainGrid;
    assert.equal(job.status, "SUCCEEDED", `${family.algorithm}: ${job.error}`);
    jobs.push(job);
  }
  const gateway: Trained["gateway"] = {};
  for (const job of jobs) {
    const name = job.modelVersion!.name;
    const res = dataOf(await gw.gql(ServingPredictDocument, { model: `${name}@champion`, inputs: ROWS }));
    gateway[name] = res.predict.predictions.map((p) => ({
      label: p.label,
      probabilities: p.probabilities.map((x) => x.probability),
    }));
  }
  const env = { MLFLOW_TRACKING_URI: config.uri };
  const request = path.join(work, `${experimentName}.json`);
  writeFileSync(
    request,
    JSON.stringify({ experiment: experimentName, models: jobs.map((j) => j.modelVersion!.name), rows: ROWS }),
  );
  const readback = await runPythonJson<Readback>("interop_readback.py", [request], env);
  return { gw, env, experiment: jobs[0].parentRun!.experiment!, jobs, gateway, readback };
}

before(() => {
  // Both configurations train at once: MLflow and S3 latency overlap, the CPU-bound parts are small.
  for (const config of CONFIGS) {
    const p = trainAll(config);
    p.catch(() => {}); // each test awaits it and reports the failure
    trained.set(config.name, p);
  }
});

for (const config of CONFIGS) {
  const get = () => trained.get(config.name)!;

  test(`${config.name}: mlflow.pyfunc on models:/<name>@champion predicts what the gateway predicts, for every family`, async () => {
    const t = await get();
    assert.equal(Object.keys(t.readback.models).length, FAMILIES.length);
    for (const job of t.jobs) {
      const name = job.modelVersion!.name;
      const py = t.readback.models[name];
      const gw = t.gateway[name];
      assert.deepEqual(
        py.label,
        gw.map((p) => p.label),
        `${name}: labels`,
      );
      py.probabilities.forEach((row, i) =>
        row.forEach((p, k) =>
          assert.ok(
            Math.abs(p - gw[i].probabilities[k]) <= 1e-4,
            `${name} row ${i} class ${k}: pyfunc ${p}, gateway ${gw[i].probabilities[k]}`,
          ),
        ),
      );
    }
  });

  test(`${config.name}: every trial is a READY LoggedModel with its metrics and run; versions carry model_id`, async () => {
    const t = await get();
    assert.equal(t.readback.experiment_tags["mlflow.experimentKind"], "custom_model_development");
    const byRun = new Map(t.readback.logged_models.map((m) => [m.source_run_id, m]));
    const trials = t.jobs.flatMap((j) => j.trials);
    assert.equal(trials.length, FAMILIES.length + 1, "one trial per family, two for the tree grid");
    assert.equal(t.readback.logged_models.length, trials.length);
    for (const trial of trials) {
      const m = byRun.get(trial.run!.id);
      assert.ok(m, `a LoggedModel for run ${trial.run!.id}`);
      assert.equal(m.status, "READY");
      assert.equal(m.name, trial.run!.name);
      assert.match(m.artifact_location, config.root);
      assert.equal(m.params.algorithm, trial.algorithm);
      for (const key of ["test_accuracy", "cv_accuracy_mean", "test_log_loss", "training_time_s"]) {
        assert.equal(typeof m.metrics[key], "number", `${key} on ${m.name}`);
      }
      assert.equal(m.metrics.test_accuracy, (trial.metrics as Record<string, number>).test_accuracy);
    }
    for (const job of t.jobs) {
      const py = t.readback.models[job.modelVersion!.name];
      const best = byRun.get(job.modelVersion!.runId!);
      assert.ok(best, "the version's run is one of the job's trials");
      // The version points at the LoggedModel (its source and its MLmodel's model_id), and the LoggedModel
      // lists the version (MLflow sets that when the version is created with model_id).
      assert.equal(py.source, `models:/${best.model_id}`);
      assert.equal(py.model_info_model_id, best.model_id);
      assert.ok(py.version_model_id === null || py.version_model_id === best.model_id);
      assert.deepEqual(
        best.model_versions.map((v) => [v.name, String(v.version)]),
        [[job.modelVersion!.name, String(job.modelVersion!.version)]],
      );
      assert.equal(py.run_id, job.modelVersion!.runId);
      assert.equal(job.modelVersion!.source, `models:/${best.model_id}`);
      assert.equal(job.modelVersion!.loggedModelId, best.model_id, "GraphQL names the version's LoggedModel");
    }
  });

  test(`${config.name}: registerModel takes a LoggedModel id, a run's model directory, or a run's logged model`, async () => {
    const t = await get();
    const m = t.readback.logged_models[0];
    const fromId = dataOf(
      await t.gw.gql(InteropRegisterDocument, { runId: m.model_id, name: uniqueName("interop_by_id") }),
    ).registerModel;
    assert.equal(fromId.source, `models:/${m.model_id}`);
    assert.equal(fromId.runId, m.source_run_id);
    // MLflow 2 layout: the trial's run also holds the model under model/
    const fromRun = dataOf(
      await t.gw.gql(InteropRegisterDocument, {
        runId: m.source_run_id,
        name: uniqueName("interop_by_run"),
        artifactPath: "model",
      }),
    ).registerModel;
    assert.match(fromRun.source, config.root);
    assert.match(fromRun.source, /\/model$/);
    // MLflow 3 layout: Python's log_model(name="model") leaves no files in the run, only a LoggedModel
    const logged = await runPythonJson<{ runId: string }>(
      "serving_sklearn_model.py",
      [uniqueName("interop_sklearn"), t.experiment.name],
      t.env,
    );
    const fromLogged = dataOf(
      await t.gw.gql(InteropRegisterDocument, {
        runId: logged.runId,
        name: uniqueName("interop_by_logged"),
        artifactPath: "model",
      }),
    ).registerModel;
    assert.match(fromLogged.source, /^models:\/m-[0-9a-f]{32}$/);
    assert.equal(fromLogged.runId, logged.runId);
  });

  test(`${config.name}: mlflow models serve answers /invocations with the gateway's predictions`, async () => {
    const t = await get();
    const name = t.jobs[0].modelVersion!.name;
    const port = await freePort();
    const server = spawn(
      path.join(path.dirname(VENV_PYTHON), "mlflow"),
      ["models", "serve", "-m", `models:/${name}@champion`, "--env-manager", "local", "-p", String(port)],
      { env: pythonEnv(t.env), stdio: ["ignore", "ignore", "pipe"] },
    );
    let stderr = "";
    server.stderr!.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
    try {
      const res = await invokeWhenUp(port, server, () => stderr);
      const want = t.gateway[name];
      assert.deepEqual(
        res.predictions.label,
        want.map((p) => p.label),
      );
      res.predictions.probabilities.forEach((row, i) =>
        row.forEach((p, k) => assert.ok(Math.abs(p - want[i].probabilities[k]) <= 1e-4, `row ${i}`)),
      );
    } finally {
      server.kill("SIGTERM");
    }
  });
}

test("MLflow's UI lists the trial models on the experiment's Models page (headless Chromium)", async (t) => {
  const chromium = await ensureChromium();
  if (!chromium) {
    t.skip("Chromium is not installed and cannot be installed here (needs root and apt-get)");
    return;
  }
  const trainedS3 = await trained.get(CONFIGS[0].name)!;
  const url = `${CONFIGS[0].uri}/#/experiments/${trainedS3.experiment.id}/models`;
  const dom = await runChromium(chromium, url);
  const names = [...new Set(trainedS3.jobs.flatMap((j) => j.trials.map((tr) => tr.run!.name ?? "")))];
  for (const name of names.filter(Boolean)) assert.ok(dom.includes(name), `the Models page shows ${name}`);
  assert.match(dom, /Ready/, "the models are shown as Ready");
});

// ------------------------------------------------------------------ helpers

function pythonEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return {
    ...process.env,
    // mlflow models serve starts the venv's uvicorn by name
    PATH: `${path.dirname(VENV_PYTHON)}:${process.env.PATH ?? ""}`,
    MLFLOW_S3_ENDPOINT_URL: process.env.S3_ENDPOINT ?? "http://127.0.0.1:9000",
    AWS_ACCESS_KEY_ID: process.env.S3_ACCESS_KEY_ID ?? "minioadmin",
    AWS_SECRET_ACCESS_KEY: process.env.S3_SECRET_ACCESS_KEY ?? "minioadmin",
    AWS_DEFAULT_REGION: process.env.S3_REGION ?? "us-east-1",
    MLFLOW_ENABLE_TELEMETRY: "false",
    GIT_PYTHON_REFRESH: "quiet",
    ...extra,
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

async function invokeWhenUp(
  port: number,
  server: ChildProcess,
  stderr: () => string,
): Promise<{ predictions: { label: string[]; probabilities: number[][] } }> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`mlflow models serve exited: ${stderr()}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/invocations`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ dataframe_records: ROWS }),
      });
      const text = await res.text();
      assert.equal(res.status, 200, text);
      return JSON.parse(text) as { predictions: { label: string[]; probabilities: number[][] } };
    } catch (err) {
      if (err instanceof assert.AssertionError) throw err;
      if (Date.now() > deadline) throw new Error(`mlflow models serve did not answer: ${stderr()}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

/** Debian's chromium, installed with apt when missing (once, idempotently); null where that is impossible. */
async function ensureChromium(): Promise<string | null> {
  const find = () =>
    run("sh", ["-c", "command -v chromium || command -v chromium-browser"]).then((r) => r.out.trim());
  const found = await find();
  if (found) return found;
  if (process.getuid?.() !== 0) return null;
  const apt = await run("sh", [
    "-c",
    "command -v apt-get >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium",
  ]);
  if (apt.code !== 0) return null;
  return (await find()) || null;
}

async function runChromium(chromium: string, url: string): Promise<string> {
  const profile = mkdtempSync(path.join(work, "chromium-"));
  const r = await run(chromium, [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    `--user-data-dir=${profile}`,
    "--virtual-time-budget=30000",
    "--dump-dom",
    url,
  ]);
  assert.equal(r.code, 0, r.err.slice(-2000));
  return r.out;
}

function run(cmd: string, args: string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("error", (e) => resolve({ code: -1, out, err: String(e) }));
    child.on("close", (code) => resolve({ code: code ?? -1, out, err }));
  });
}
