// The trial pool's scheduling, with a fake worker file that speaks the worker protocol but trains nothing.
import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";
import {
  PoolClosedError,
  TrialCancelledError,
  TrialPool,
  TrialTimeoutError,
} from "../../src/services/training/worker-pool";
import type { TrialSpec } from "../../src/services/training/search";
import type { TrainingData } from "../../src/services/training/trial";

const FAKE_WORKER = path.join(__dirname, "..", "helpers", "fake-trial-worker.js");
const spec = (params: Record<string, unknown> = {}): TrialSpec =>
  ({ algorithm: "KNN", params }) as unknown as TrialSpec;
const DATA = { rows: [] } as unknown as TrainingData;

test("the pool runs at most `size` trials at once and starts queued ones as workers free up, in order", async () => {
  const pool = new TrialPool(2, FAKE_WORKER);
  const started: number[] = [];
  const handles = [0, 1, 2, 3].map((i) =>
    pool.run(
      "job",
      spec({ sleepMs: 50 }),
      () => DATA,
      () => started.push(i),
    ),
  );
  assert.deepEqual(started, [0, 1], "two workers: the first two start at once");
  assert.equal(pool.pending, 4);
  await Promise.all(handles.map((h) => h.promise));
  assert.deepEqual(started, [0, 1, 2, 3]);
  assert.equal(pool.pending, 0);
  await pool.close();
});

test("a worker is sent a job's data once, when it first asks for it, and asks again after forget", async () => {
  const pool = new TrialPool(1, FAKE_WORKER);
  let loads = 0;
  const data = () => {
    loads++;
    return DATA;
  };
  const first = await pool.run("job-a", spec(), data).promise;
  const second = await pool.run("job-a", spec(), data).promise;
  assert.equal(loads, 1, "the second trial of the same job reuses the worker's copy");
  assert.deepEqual([first.metrics.dataReceived, second.metrics.dataReceived], [1, 1]);
  pool.forget("job-a");
  await pool.run("job-a", spec(), data).promise;
  assert.equal(loads, 2, "after forget the worker asks for the data again");
  await pool.close();
});

test("cancel removes a queued trial and terminates a running one's thread (TrialCancelledError)", async () => {
  const pool = new TrialPool(1, FAKE_WORKER);
  const running = pool.run("job", spec({ sleepMs: 60_000 }), () => DATA);
  const queued = pool.run("job", spec(), () => DATA);
  assert.equal(queued.cancel(), true);
  await assert.rejects(queued.promise, (e) => e instanceof TrialCancelledError && !e.started);
  const t0 = Date.now();
  assert.equal(running.cancel(), true, "a running trial is stopped too");
  await assert.rejects(running.promise, (e) => e instanceof TrialCancelledError && e.started);
  assert.ok(Date.now() - t0 < 5_000, "the thread was terminated, not waited for");
  assert.equal(queued.cancel(), false, "cancelling twice does nothing");
  const next = await pool.run("job", spec(), () => DATA).promise;
  assert.ok(next.metrics, "a fresh thread takes the next trial");
  await pool.close();
});

test("a trial past the pool's time limit is terminated (TrialTimeoutError) and the next one runs", async () => {
  const pool = new TrialPool(1, FAKE_WORKER, 300);
  await assert.rejects(
    pool.run("job", spec({ sleepMs: 60_000 }), () => DATA).promise,
    (e) => e instanceof TrialTimeoutError && /TRIAL_TIMEOUT_MS/.test(e.message),
  );
  await pool.run("job", spec({ sleepMs: 10 }), () => DATA).promise;
  await pool.close();
});

test("a failing trial rejects with the worker's message and the next trial still runs", async () => {
  const pool = new TrialPool(1, FAKE_WORKER);
  const bad = pool.run("job", spec({ fail: "k must be at most 3" }), () => DATA);
  const good = pool.run("job", spec(), () => DATA);
  await assert.rejects(bad.promise, /k must be at most 3/);
  assert.ok((await good.promise).metrics);
  await pool.close();
});

test("a worker that exits fails its trial with the exit code; a new worker takes the next trial", async () => {
  const pool = new TrialPool(1, FAKE_WORKER);
  const dies = pool.run("job", spec({ exit: 3 }), () => DATA);
  const next = pool.run("job", spec(), () => DATA);
  await assert.rejects(dies.promise, /the training worker stopped \(exit code 3\)/);
  const outcome = await next.promise;
  assert.equal(outcome.metrics.dataReceived, 1, "a fresh worker, which had to be sent the data");
  await pool.close();
});

test("close rejects running trials (started) and queued ones (not started); later trials are refused", async () => {
  const pool = new TrialPool(1, FAKE_WORKER);
  const running = pool.run("job", spec({ sleepMs: 5000 }), () => DATA);
  const queued = pool.run("job", spec(), () => DATA);
  await new Promise((r) => setTimeout(r, 50));
  const closing = pool.close();
  await assert.rejects(running.promise, (e) => e instanceof PoolClosedError && e.started);
  await assert.rejects(queued.promise, (e) => e instanceof PoolClosedError && !e.started);
  await closing;
  await assert.rejects(
    pool.run("job", spec(), () => DATA).promise,
    (e) => e instanceof PoolClosedError && !e.started,
  );
  assert.equal(pool.pending, 0);
});
