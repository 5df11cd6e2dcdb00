// Scale-out with real processes: a gateway that only enqueues (TRAINING_WORKERS=0) and `npm run worker` processes
// that train; a killed worker's trial is retried elsewhere; a cancel stops running trials within 5 s.
import assert from "node:assert/strict";
import { ChildProcess, spawn } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { after, before, test } from "node:test";
import { print } from "graphql";
import { loadConfig } from "../../src/config";
import { MlflowClient } from "../../src/services/mlflow/client";
import { GatewayDb } from "../../src/services/store/db";
import {
  IngestDatasetDocument,
  ScaleCancelDocument,
  ScaleJobDocument,
  type ScaleJobQuery,
  ScaleTrainGridDocument,
  type TrainGridInput,
} from "../generated/graphql";
import { testEnv, uniqueName } from "../helpers/gateway";

const DIST = path.resolve(__dirname, "..", "..", "src");
const SCHEMA = uniqueName("pgboss").toLowerCase(); // this file's own queue: no other test's process takes its trials
const ENV = {
  NODE_ENV: "test",
  HOST: "127.0.0.1",
  LOG_LEVEL: "info",
  QUEUE_SCHEMA: SCHEMA,
  QUEUE_MAINTENANCE_SECONDS: "1",
  TRIAL_TIMEOUT_MS: "20000",
};

interface Proc {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

const procs: Proc[] = [];
let url: string;
let table: string;
let db: GatewayDb;
let mlflow: MlflowClient;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

function launch(entry: string, env: Record<string, string>, ready: RegExp): Promise<Proc> {
  const child = spawn(process.execPath, [path.join(DIST, entry)], {
    env: { ...process.env, ...ENV, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const proc = { child, output: () => out, exited };
  procs.push(proc);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${entry} did not start: ${out.slice(-2000)}`)), 60_000);
    child.stdout!.on("data", () => {
      if (ready.test(out)) {
        clearTimeout(timer);
        resolve(proc);
      }
    });
    child.on("exit", (code) => reject(new Error(`${entry} exited with ${code}: ${out.slice(-2000)}`)));
  });
}

const startWorker = async () => {
  const port = await freePort();
  const proc = await launch(
    "worker.js",
    { TRAINING_WORKERS: "1", WORKER_PORT: String(port) },
    /worker started/,
  );
  return { proc, port, name: `${(await import("node:os")).hostname()}:${proc.child.pid}` };
};

async function gql<T>(doc: Parameters<typeof print>[0], variables: unknown): Promise<T> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query: print(doc), variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: unknown[] };
  // On failure, the gateway's own last log lines say why (the client only sees a correlation id).
  assert.ok(!body.errors, `${JSON.stringify(body.errors)}\ngateway log:\n${procs[0]?.output().slice(-3000)}`);
  return body.data!;
}

type Job = NonNullable<ScaleJobQuery["trainingJob"]>;
const job = async (id: string): Promise<Job> =>
  (await gql<ScaleJobQuery>(ScaleJobDocument, { id })).trainingJob!;

async function until(id: string, done: (j: Job) => boolean, what: string, timeoutMs = 90_000): Promise<Job> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const j = await job(id);
    if (done(j)) return j;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(j)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function train(overrides: Partial<TrainGridInput>): Promise<string> {
  const data = await gql<{ trainGrid: { id: string } }>(ScaleTrainGridDocument, {
    input: {
      experimentName: uniqueName("scale"),
      dataset: table,
      label: "species",
      folds: 2,
      wait: false,
      grid: [],
      ...overrides,
    },
  });
  return data.trainGrid.id;
}

/** Every run of the job's experiment that is still open (none may be, once the job has ended). */
async function openRuns(parentRunId: string): Promise<string[]> {
  const parent = await mlflow.getRun(parentRunId);
  const found = await mlflow.searchRuns({
    experimentIds: [parent!.info.experiment_id],
    filter: `tags.mlflow.parentRunId = '${parentRunId}'`,
    maxResults: 100,
  });
  return found.items
    .filter((r) => r.info.status === "RUNNING" || r.info.status === "SCHEDULED")
    .map((r) => r.info.run_id);
}

let workers: { proc: Proc; port: number; name: string }[] = [];

before(async () => {
  const config = loadConfig(testEnv());
  db = new GatewayDb(config.databaseUrl, config.upstreamTimeoutMs);
  mlflow = new MlflowClient(config.mlflow);
  const port = await freePort();
  url = `http://127.0.0.1:${port}/graphql`;
  await launch("index.js", { PORT: String(port), TRAINING_WORKERS: "0" }, /gateway listening/);
  workers = [await startWorker(), await startWorker()];
  table = uniqueName("scale_penguins");
  await gql(IngestDatasetDocument, { input: { name: table, source: "MYSQL", builtin: "PENGUINS" } });
});

after(async () => {
  for (const p of procs) if (p.child.exitCode === null) p.child.kill("SIGKILL");
  await Promise.all(procs.map((p) => p.exited));
  await db.query(`DROP SCHEMA IF EXISTS "${SCHEMA}" CASCADE`).catch(() => {});
  await db.close();
  await mlflow.close();
});

test("a gateway with TRAINING_WORKERS=0 enqueues; two worker processes train a 12-trial grid between them", async () => {
  const health = await fetch(`http://127.0.0.1:${workers[0].port}/healthz`);
  assert.equal(health.status, 200, "a worker answers /healthz on WORKER_PORT");
  const id = await train({
    grid: [
      {
        algorithm: "LOGISTIC_REGRESSION",
        params: { learningRate: [0.05, 0.1, 0.2, 0.3, 0.4, 0.5], numSteps: [300, 600] },
      },
    ],
  });
  const done = await until(id, (j) => j.finishedAt !== null, "the job to end");
  assert.equal(done.status, "SUCCEEDED", JSON.stringify(done));
  assert.equal(done.trials.length, 12);
  const seen = new Set(done.trials.map((t) => t.worker));
  assert.deepEqual(
    [...seen].sort(),
    workers.map((w) => w.name).sort(),
    "both workers trained trials, and only they (the gateway trained none)",
  );
  for (const t of done.trials) assert.equal(t.run?.status, "FINISHED");
});

test("SIGKILL of a worker mid-trial: the trial is retried on the other worker, the job SUCCEEDS, no run stays RUNNING", async () => {
  const victim = workers[0];
  const id = await train({
    grid: [{ algorithm: "LOGISTIC_REGRESSION", params: { learningRate: [0.1, 0.2, 0.3], numSteps: [8000] } }],
    folds: 3,
  });
  const running = await until(
    id,
    (j) => j.trials.some((t) => t.status === "RUNNING" && t.worker === victim.name),
    "a trial running on the first worker",
  );
  const index = running.trials.findIndex((t) => t.status === "RUNNING" && t.worker === victim.name);
  const firstRun = running.trials[index].run!.id;
  victim.proc.child.kill("SIGKILL");
  await victim.proc.exited;
  const done = await until(id, (j) => j.finishedAt !== null, "the job to end after the retry", 120_000);
  assert.equal(done.status, "SUCCEEDED", JSON.stringify(done));
  const retried = done.trials[index];
  assert.equal(retried.status, "FINISHED");
  assert.equal(retried.worker, workers[1].name, "the other worker ran the retry");
  assert.notEqual(retried.run!.id, firstRun, "the retry got a fresh run");
  const first = await mlflow.getRun(firstRun);
  assert.equal(first?.info.status, "FAILED", "the killed attempt's run ended FAILED");
  assert.deepEqual(await openRuns(done.parentRun!.id), [], "no MLflow run is left RUNNING");
  workers[0] = await startWorker();
});

test("a worker paused past the queue's expiry loses its trial: the retry elsewhere wins, the paused one writes, registers and promotes nothing", async () => {
  const model = uniqueName("scale_stalled_model");
  const id = await train({
    grid: [{ algorithm: "LOGISTIC_REGRESSION", params: { learningRate: [0.1], numSteps: [20000] } }],
    folds: 3,
    registerAs: model,
    promoteTo: "champion",
  });
  const running = await until(
    id,
    (j) => j.trials[0]?.status === "RUNNING" && j.trials[0].run !== null,
    "the trial running on a worker",
  );
  const stalled = workers.find((w) => w.name === running.trials[0].worker)!;
  const other = workers.find((w) => w !== stalled)!;
  const firstRun = running.trials[0].run!.id;
  // SIGSTOP is the stall: the process keeps its claim but neither works nor answers, until the queue expires
  // the trial (TRIAL_TIMEOUT_MS + margin) and hands it to the other worker.
  stalled.proc.child.kill("SIGSTOP");
  let done: Job;
  try {
    done = await until(id, (j) => j.finishedAt !== null, "the job to end on the other worker", 150_000);
  } finally {
    stalled.proc.child.kill("SIGCONT");
  }
  assert.equal(done.status, "SUCCEEDED", JSON.stringify(done));
  assert.equal(done.trials[0].worker, other.name, "the other worker ran the retry");
  assert.notEqual(done.trials[0].run!.id, firstRun, "the retry got a fresh run");
  // The resumed process finds it no longer owns the trial and drops its attempt.
  const deadline = Date.now() + 30_000;
  while (!/lost ownership/.test(stalled.proc.output()) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.match(stalled.proc.output(), /lost ownership of a trial/);
  const settled = await job(id);
  assert.equal(settled.status, "SUCCEEDED");
  assert.equal(settled.trials[0].status, "FINISHED");
  assert.equal(settled.trials[0].worker, other.name, "the resumed process changed nothing on the trial");
  const versions = await mlflow.searchModelVersions({ filter: `name = '${model}'`, maxResults: 10 });
  assert.deepEqual(
    versions.items.map((v) => v.version),
    ["1"],
    "exactly one version registered: the stalled attempt registered nothing",
  );
  const champion = await mlflow.getModelVersionByAlias(model, "champion");
  assert.equal(champion?.run_id, done.trials[0].run!.id, "@champion is the retry's model");
});

test("cancelTrainingJob mid-trial: CANCELLED and ended within 5 s, the running trials' threads stopped, runs KILLED", async () => {
  const id = await train({
    grid: [
      { algorithm: "LOGISTIC_REGRESSION", params: { learningRate: [0.1, 0.2, 0.3, 0.4], numSteps: [60000] } },
    ],
    folds: 3,
  });
  await until(
    id,
    (j) => j.trials.some((t) => t.status === "RUNNING" && t.run?.status === "RUNNING"),
    "a running trial",
  );
  const t0 = Date.now();
  const cancelled = await gql<{ cancelTrainingJob: { status: string } }>(ScaleCancelDocument, { id });
  assert.equal(cancelled.cancelTrainingJob.status, "CANCELLED");
  const done = await until(id, (j) => j.finishedAt !== null, "the cancelled job to end", 5_000);
  assert.ok(Date.now() - t0 <= 5_000, `ended ${Date.now() - t0} ms after the cancel`);
  assert.equal(done.status, "CANCELLED");
  assert.equal(done.parentRun!.status, "KILLED");
  for (const t of done.trials) {
    assert.equal(t.status, "KILLED", JSON.stringify(t));
    assert.equal(t.run?.status, "KILLED");
  }
  assert.ok(
    done.trials.some((t) => t.worker),
    "at least one trial had started on a worker",
  );
  assert.deepEqual(await openRuns(done.parentRun!.id), []);
});
