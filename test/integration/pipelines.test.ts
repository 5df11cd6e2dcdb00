// Pipelines against the real stack: a local batch API (allowed through INGEST_ALLOWED_HOSTS) feeding APPEND ingests,
// trainGrid registering versions, promote-if-better, a failing ingest step, and a one-minute cron schedule that
// starts exactly one run per tick while two gateways (each with its own pg-boss instance) run together.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { after, before, test } from "node:test";
import {
  CreatePipelineDocument,
  DeletePipelineDocument,
  PipelineRunsDocument,
  RunPipelineDocument,
  SetPipelineEnabledDocument,
  type PipelineInput,
} from "../generated/graphql";
import { sha256Hex } from "../../src/auth";
import { DatasetSource } from "../../src/schema/enums";
import { cleanUpNames } from "../helpers/cleanup";
import { subscribe, wsClient } from "../helpers/subscriptions";
import { dataOf, startTestGateway, testEnv, uniqueName, type TestGateway } from "../helpers/gateway";

let gw: TestGateway;
let server: http.Server;
let base: string;
let batchCalls = 0;
const prefix = uniqueName("pipe");
const table = `${prefix}_rows`.slice(0, 60);
const pipelineIds: string[] = [];

/** Row i of an endless, deterministic two-class stream: the label is mostly the sign of x1 + x2. */
function row(i: number) {
  const x1 = Math.sin(i * 12.9898) * 2;
  const x2 = Math.cos(i * 78.233) * 2;
  const noisy = i % 11 === 0;
  return { x1: +x1.toFixed(4), x2: +x2.toFixed(4), label: x1 + x2 > 0 !== noisy ? "up" : "down" };
}

before(async () => {
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (url.pathname === "/next-batch") {
      // The seeds' data API: each call returns the next 100 rows.
      const start = batchCalls++ * 100;
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(Array.from({ length: 100 }, (_, k) => row(start + k))));
    } else {
      res.writeHead(500, { "content-type": "text/plain" });
      res.end("the data API is down");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
  gw = await startTestGateway({
    INGEST_URL_ALLOWED_HOSTS: "",
    INGEST_ALLOW_PRIVATE_URLS: "false",
    INGEST_ALLOWED_HOSTS: `127.0.0.1:${port}`,
    QUEUE_CRON_CHECK_SECONDS: "2",
  });
});

after(async () => {
  for (const id of pipelineIds) await gw.gql(DeletePipelineDocument, { id }).catch(() => {});
  await cleanUpNames(gw.services, prefix).catch(() => {});
  await gw.services.datasets
    .sourceOf(DatasetSource.MYSQL)
    .dropTable(table)
    .catch(() => {});
  await gw.close();
  await new Promise((resolve) => server.close(resolve));
});

const train = (registerAs?: string): PipelineInput["train"] => ({
  experimentName: `${prefix}_exp`,
  dataset: table,
  label: "label",
  grid: [{ algorithm: "LOGISTIC_REGRESSION", params: { learningRate: [0.1], numSteps: [150] } }],
  folds: 2,
  registerAs,
});

/** Start `node dist/src/index.js` (another gateway process on the same stack); resolves once it listens. */
function startEntry(env: Record<string, string>): Promise<{ stop: () => Promise<void> }> {
  const entry = path.resolve(__dirname, "..", "..", "src", "index.js");
  const port = String(20000 + Math.floor(Math.random() * 20000));
  const child = spawn(process.execPath, [entry], {
    env: { ...testEnv({ PORT: port, LOG_LEVEL: "info", ...env }) } as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<void>((done) => child.on("exit", () => done()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
    await exited;
    clearTimeout(timer);
  };
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    child.stderr.on("data", (d) => (err += d));
    child.stdout.on("data", (d) => {
      out += d;
      if (/gateway listening/.test(out)) resolve({ stop });
    });
    void exited.then(() => reject(new Error(`the second gateway exited: ${err.slice(0, 500)}`)));
  });
}

async function create(gateway: TestGateway, input: PipelineInput) {
  const p = dataOf(await gateway.gql(CreatePipelineDocument, { input })).createPipeline;
  pipelineIds.push(p.id);
  return p;
}

test("two manual runs append 200 rows from the batch API, register versions 1 and 2, promote the first and judge the second", async () => {
  const model = `${prefix}_model`;
  const p = await create(gw, {
    name: `${prefix}_flow`,
    ingest: { name: table, url: `${base}/next-batch`, mode: "APPEND" },
    train: train(model),
    promote: { alias: "champion", requireBetter: { metric: "test_accuracy" } },
  });
  assert.equal(p.schedule, null);
  assert.equal(p.nextRunAt, null);

  const first = dataOf(await gw.gql(RunPipelineDocument, { id: p.id })).runPipeline;
  assert.equal(first.error, null);
  assert.equal(first.status, "SUCCEEDED");
  assert.equal(first.trigger, "MANUAL");
  assert.equal(first.rowsIngested, 100);
  assert.equal(first.trainingJob?.status, "SUCCEEDED");
  assert.equal(first.trainingJob?.modelVersion?.version, 1);
  assert.equal(first.promotion?.promoted, true);
  assert.deepEqual(first.promotion?.modelVersion.aliases, ["champion"]);
  assert.equal(first.pipeline.id, p.id);

  const second = dataOf(await gw.gql(RunPipelineDocument, { id: p.id })).runPipeline;
  assert.equal(second.status, "SUCCEEDED", String(second.error));
  assert.equal(second.rowsIngested, 100);
  assert.equal(second.trainingJob?.modelVersion?.version, 2);
  assert.ok(second.promotion, "the promote step judged version 2");
  assert.match(second.promotion.reason, /test_accuracy/);
  assert.equal(second.promotion.previous?.version, 1);

  const rows = await gw.services.datasets
    .sourceOf(DatasetSource.MYSQL)
    .query<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`);
  assert.equal(Number(rows[0].n), 200, "two APPENDs of 100 rows");
  const read = dataOf(await gw.gql(PipelineRunsDocument, { id: p.id })).pipeline;
  assert.deepEqual(
    read?.runs.map((r) => r.id),
    [second.id, first.id],
  );
  assert.equal(read?.lastRun?.id, second.id);
});

test("a failed ingest fails the run with the step's error and starts no training", async () => {
  const p = await create(gw, {
    name: `${prefix}_broken`,
    ingest: { name: table, url: `${base}/broken`, mode: "APPEND" },
    train: train(),
  });
  const run = dataOf(await gw.gql(RunPipelineDocument, { id: p.id })).runPipeline;
  assert.equal(run.status, "FAILED");
  assert.match(String(run.error), /^ingest: .*HTTP 500/);
  assert.equal(run.trainingJob, null);
  assert.equal(run.rowsIngested, null);
});

test("createPipeline refuses promote without registerAs and a bad cron expression", async () => {
  const noRegister = await gw.gql(CreatePipelineDocument, {
    input: { name: `${prefix}_bad1`, train: train(), promote: { alias: "champion" } },
  });
  assert.equal(noRegister.errors?.[0].extensions?.code, "BAD_USER_INPUT");
  assert.equal(noRegister.errors?.[0].extensions?.field, "input.train.registerAs");
  const badCron = await gw.gql(CreatePipelineDocument, {
    input: { name: `${prefix}_bad2`, schedule: "every minute", train: train() },
  });
  assert.equal(badCron.errors?.[0].extensions?.field, "input.schedule");
});

test("a one-minute schedule starts a run by itself, one per tick with two gateway processes running (bounded: up to 130 s)", async () => {
  // pg-boss cron has minute granularity, so this waits for the next minute's tick (up to about 70 s).
  const p = await create(gw, { name: `${prefix}_cron`, schedule: "* * * * *", train: train() });
  assert.ok(p.nextRunAt, "a scheduled pipeline has a next start");
  // A second gateway process (the real entry point), which picks the schedule up as it starts.
  const second = await startEntry({ QUEUE_CRON_CHECK_SECONDS: "2" });
  try {
    const deadline = Date.now() + 130_000;
    let scheduled: { id: string; status: string; startedAt?: unknown }[] = [];
    while (Date.now() < deadline) {
      const runs = dataOf(await gw.gql(PipelineRunsDocument, { id: p.id })).pipeline?.runs ?? [];
      scheduled = runs.filter((r) => r.trigger === "SCHEDULE");
      if (scheduled.some((r) => r.status !== "RUNNING")) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    assert.ok(scheduled.length > 0, "the schedule started a run within 130 s");
    // Give both gateways' cron checks time to see the same tick; still one run (not a second, nor a skipped one).
    await new Promise((r) => setTimeout(r, 8000));
    dataOf(await gw.gql(SetPipelineEnabledDocument, { id: p.id, enabled: false }));
    const runs = dataOf(await gw.gql(PipelineRunsDocument, { id: p.id })).pipeline?.runs ?? [];
    const minuteOf = (d: unknown) => String(d).slice(0, 16);
    const firstMinute = minuteOf(runs.at(-1)?.startedAt);
    const inTick = runs.filter((r) => r.trigger === "SCHEDULE" && minuteOf(r.startedAt) === firstMinute);
    assert.equal(inTick.length, 1, `one run per tick: ${JSON.stringify(runs)}`);
    assert.equal(inTick[0].status, "SUCCEEDED", String(inTick[0].error));
    assert.equal(runs.filter((r) => r.status === "CANCELLED").length, 0);
  } finally {
    await second.stop();
  }
});

test("a run never overlaps the previous one: a second start while one is active is recorded as skipped", async () => {
  const p = await create(gw, { name: `${prefix}_overlap`, train: train() });
  const [a, b] = await Promise.all([
    gw.gql(RunPipelineDocument, { id: p.id }),
    gw.gql(RunPipelineDocument, { id: p.id }),
  ]);
  const runs = [dataOf(a).runPipeline, dataOf(b).runPipeline];
  assert.deepEqual(runs.map((r) => r.status).sort(), ["CANCELLED", "SUCCEEDED"]);
  const skipped = runs.find((r) => r.status === "CANCELLED")!;
  assert.match(String(skipped.error), /^skipped: the previous run .* is still running/);
  assert.equal(skipped.trainingJob, null);
});

test("a run left RUNNING by a process that died no longer blocks the pipeline", async () => {
  const p = await create(gw, { name: `${prefix}_crashed`, train: train() });
  await gw.services.db.query(
    `INSERT INTO pipeline_runs (id, pipeline_id, trigger, status, owner, heartbeat_at, started_at)
     VALUES (gen_random_uuid(), $1, 'SCHEDULE', 'RUNNING', $2, now() - interval '5 minutes', now() - interval '5 minutes')`,
    [p.id, "a-process-that-died:1"],
  );
  const run = dataOf(await gw.gql(RunPipelineDocument, { id: p.id })).runPipeline;
  assert.equal(run.status, "SUCCEEDED", String(run.error));
  const all = dataOf(await gw.gql(PipelineRunsDocument, { id: p.id })).pipeline?.runs ?? [];
  const old = all.find((r) => r.id !== run.id);
  assert.equal(old?.status, "FAILED");
  assert.match(String(old?.error), /stopped before the run ended/);
});

test("pipelines need TRAINER, and ADMIN when they promote; the creator is recorded for scheduled runs", async () => {
  const keys = {
    trainer: "pipeline-trainer-key",
    admin: "pipeline-admin-key",
    viewer: "pipeline-viewer-key",
  };
  const secured = await startTestGateway({
    AUTH_DISABLED: "false",
    API_KEYS: [
      `ptrainer:TRAINER:${sha256Hex(keys.trainer)}`,
      `padmin:ADMIN:${sha256Hex(keys.admin)}`,
      `pviewer:VIEWER:${sha256Hex(keys.viewer)}`,
    ].join(","),
  });
  const as = (key: string) => ({ authorization: `Bearer ${key}` });
  try {
    const promoting: PipelineInput = {
      name: `${prefix}_roles_promote`,
      train: train(`${prefix}_roles_model`),
      promote: { alias: "champion" },
    };
    const refused = await secured.gql(CreatePipelineDocument, { input: promoting }, as(keys.trainer));
    assert.equal(refused.errors?.[0].extensions?.code, "FORBIDDEN");
    assert.match(refused.errors![0].message, /ADMIN/);
    const viewer = await secured.gql(
      CreatePipelineDocument,
      { input: { name: `${prefix}_roles_v`, train: train() } },
      as(keys.viewer),
    );
    assert.equal(viewer.errors?.[0].extensions?.code, "FORBIDDEN");

    const plain = dataOf(
      await secured.gql(
        CreatePipelineDocument,
        { input: { name: `${prefix}_roles_plain`, train: train() } },
        as(keys.trainer),
      ),
    ).createPipeline;
    pipelineIds.push(plain.id);
    const admin = dataOf(
      await secured.gql(CreatePipelineDocument, { input: promoting }, as(keys.admin)),
    ).createPipeline;
    pipelineIds.push(admin.id);
    // A TRAINER may not run or disable the promoting pipeline.
    const run = await secured.gql(RunPipelineDocument, { id: admin.id }, as(keys.trainer));
    assert.equal(run.errors?.[0].extensions?.code, "FORBIDDEN");
    const off = await secured.gql(
      SetPipelineEnabledDocument,
      { id: admin.id, enabled: false },
      as(keys.trainer),
    );
    assert.equal(off.errors?.[0].extensions?.code, "FORBIDDEN");
    const stored = await secured.services.pipelines.get(admin.id);
    assert.deepEqual([stored?.createdBy, stored?.createdRole], ["padmin", "ADMIN"]);
    const missing = await secured.gql(
      RunPipelineDocument,
      { id: "00000000-0000-4000-8000-000000000000" },
      as(keys.admin),
    );
    assert.equal(missing.errors?.[0].extensions?.code, "NOT_FOUND");
  } finally {
    await secured.close();
  }
});

test("pipelineRunUpdated streams a run as it starts and as it ends", async () => {
  const p = await create(gw, { name: `${prefix}_watched`, train: train() });
  const client = wsClient(gw.url);
  try {
    type Event = {
      pipelineRunUpdated: { id: string; status: string; trigger: string; trainingJob: { id: string } | null };
    };
    const stream = subscribe<Event>(
      client,
      `subscription ($id: ID!) { pipelineRunUpdated(pipelineId: $id) { id status trigger trainingJob { id } } }`,
      { id: p.id },
    );
    await new Promise((r) => setTimeout(r, 500)); // the subscription is live once acknowledged
    const run = dataOf(await gw.gql(RunPipelineDocument, { id: p.id })).runPipeline;
    const ended = await stream.waitFor(
      (e) => e.pipelineRunUpdated.id === run.id && e.pipelineRunUpdated.status === "SUCCEEDED",
      "the run's end",
    );
    assert.equal(ended.pipelineRunUpdated.trainingJob?.id, run.trainingJob?.id);
    assert.deepEqual(
      stream.events.filter((e) => e.pipelineRunUpdated.id === run.id).map((e) => e.pipelineRunUpdated.status),
      ["RUNNING", "SUCCEEDED"],
    );
    stream.stop();
  } finally {
    await client.dispose();
  }
});
