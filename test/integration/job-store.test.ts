// Job and trial state transitions, which live in JobStore's SQL, checked against the gateway's real PostgreSQL
// database without MLflow or GraphQL (so a transition rule can be tested alone).
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, test } from "node:test";
import { loadConfig } from "../../src/config";
import { GatewayDb } from "../../src/services/store/db";
import { JobStore } from "../../src/services/training/job-store";
import { testEnv, uniqueName } from "../helpers/gateway";

let db: GatewayDb;
let store: JobStore;
const ids: string[] = [];
const experimentName = uniqueName("jobstore");

before(async () => {
  const config = loadConfig(testEnv());
  db = new GatewayDb(config.databaseUrl, config.upstreamTimeoutMs);
  await db.migrate();
  store = new JobStore(db);
});
after(async () => {
  await db.query("DELETE FROM training_jobs WHERE id = ANY($1::uuid[])", [ids]);
  await db.close();
});

async function newJob(trials = 3): Promise<string> {
  const id = randomUUID();
  ids.push(id);
  await store.insert({
    id,
    total: trials,
    input: { experimentName },
    experimentId: "0",
    parentRunId: "parent",
    createdBy: null,
    owner: "test",
    trials: Array.from({ length: trials }, (_, i) => ({ algorithm: "KNN", params: { k: i + 1 } })),
  });
  return id;
}

test("a job goes QUEUED → RUNNING → SUCCEEDED; markRunning does not restart an ended job", async () => {
  const id = await newJob();
  assert.equal((await store.get(id))?.status, "QUEUED");
  await store.markRunning(id);
  const running = await store.get(id);
  assert.equal(running?.status, "RUNNING");
  assert.ok(running?.startedAt);
  await store.finish(id, { status: "SUCCEEDED", bestIndex: 1 });
  await store.markRunning(id);
  const done = await store.get(id);
  assert.deepEqual([done?.status, done?.bestIndex], ["SUCCEEDED", 1]);
  assert.ok(done?.finishedAt);
});

test("a cancelled job stays CANCELLED when its run ends, and an ended job cannot be cancelled", async () => {
  const id = await newJob();
  await store.markRunning(id);
  assert.equal(await store.cancel(id), true);
  await store.finish(id, { status: "SUCCEEDED", error: "late" });
  const job = await store.get(id);
  assert.deepEqual([job?.status, job?.error, job?.cancelRequested], ["CANCELLED", null, true]);
  assert.equal(await store.cancel(id), false, "cancelling twice is refused");

  const ended = await newJob();
  await store.finish(ended, { status: "FAILED", error: "boom" });
  assert.equal(await store.cancel(ended), false);
  assert.equal((await store.get(ended))?.status, "FAILED");
});

test("FINISHED and FAILED trials count as completed, KILLED ones do not; endOpenTrials ends only open trials", async () => {
  const id = await newJob(4);
  await store.setTrialStatus(id, 0, "RUNNING");
  await store.finishTrial(id, 0, "FINISHED", { accuracy: 0.9 }, null);
  await store.setTrialStatus(id, 1, "RUNNING");
  await store.finishTrial(id, 1, "FAILED", {}, "k too large");
  await store.setTrialStatus(id, 2, "RUNNING");
  const ended = await store.endOpenTrials(id, "KILLED", "cancelled");
  assert.deepEqual(ended.map((t) => t.index).sort(), [2, 3], "the running and the scheduled trial");
  const job = await store.get(id);
  assert.equal(job?.completed, 2);
  assert.deepEqual(
    job?.trials.map((t) => [t.status, t.error]),
    [
      ["FINISHED", null],
      ["FAILED", "k too large"],
      ["KILLED", "cancelled"],
      ["KILLED", "cancelled"],
    ],
  );
  assert.deepEqual(job?.trials[0].metrics, { accuracy: 0.9 });
});

test("a search whose worker stopped: its open trials end FAILED and the job counts every ended trial as completed", async () => {
  const id = await newJob(3);
  await store.setTrialStatus(id, 0, "RUNNING");
  await store.finishTrial(id, 0, "FINISHED", { accuracy: 0.8 }, null);
  await store.setTrialStatus(id, 1, "RUNNING");
  // What the gateway does for a dead-lettered search (TrainingService.deadSearch): end the open trials, recount.
  const ended = await store.endOpenTrials(id, "FAILED", "the worker stopped");
  assert.deepEqual(ended.map((t) => t.index).sort(), [1, 2]);
  await store.recountCompleted(id);
  const job = await store.get(id);
  assert.equal(job?.completed, 3, "completed matches the trials that ended, so progress reads 3 of 3");
  assert.equal(job?.total, 3);
});
