// Fault test: the prediction log against a PostgreSQL that stalls its writes. Another session holds a SHARE lock
// on the predictions table (reads go on, the log's COPY waits), so a predict that finds the buffer full is
// answered with extensions.predictionLog.behind after PREDICTION_LOG_MAX_WAIT_MS, and a COPY cancelled by the
// statement timeout (SQLSTATE 57014) is retried; once the lock is gone every prediction is stored. It blocks every
// gateway's log writes for a few seconds, so `npm test` runs it alone, at the end (scripts/test.sh: faults*).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { Client } from "pg";
import { HostilePredictDocument } from "../generated/graphql";
import { registry } from "../../src/metrics";
import { dataOf, startTestGateway, TestGateway, trainIrisChampion, uniqueName } from "../helpers/gateway";

const MARK = uniqueName("logfault").toLowerCase();
const MODEL = `${MARK}-model`;
const ROW = { sepal_length: 6.3, sepal_width: 2.9, petal_length: 5.6, petal_width: 1.8 };
const rows = (n: number) => Array.from({ length: n }, () => ROW);

let trainer: TestGateway;

before(async () => {
  trainer = await startTestGateway();
  await trainIrisChampion(trainer, MARK, MODEL);
});
after(() => trainer?.close());

/** The sum of a counter's values for the given label value (this process's registry: every in-process gateway). */
async function counter(name: string, label: string, value: string): Promise<number> {
  const metric = registry.getSingleMetric(name);
  if (!metric) return 0;
  const { values } = await metric.get();
  return values.filter((v) => v.labels[label] === value).reduce((s, v) => s + v.value, 0);
}

async function stored(db: Client): Promise<number> {
  const res = await db.query<{ n: string }>("SELECT count(*) AS n FROM predictions WHERE model_name = $1", [
    MODEL,
  ]);
  return Number(res.rows[0].n);
}

const gatewayDb = () => new Client({ connectionString: trainer.services.config.databaseUrl });

/** Runs `fn` while another session holds a SHARE lock on the log's table (writes wait, reads go on). */
async function withWritesBlocked<T>(fn: (db: Client) => Promise<T>): Promise<T> {
  const locker = gatewayDb();
  await locker.connect();
  try {
    await locker.query("BEGIN");
    await locker.query("LOCK TABLE prediction_requests IN SHARE MODE");
    return await fn(locker);
  } finally {
    await locker.query("COMMIT").catch(() => {});
    await locker.end();
  }
}

/** A gateway with `env` and a connection of the test's own to the gateway database, both closed afterwards. */
async function withGateway(
  env: Record<string, string>,
  fn: (gw: TestGateway, db: Client) => Promise<void>,
): Promise<void> {
  const gw = await startTestGateway(env);
  const db = gatewayDb();
  await db.connect();
  try {
    await fn(gw, db);
  } finally {
    await db.end();
    await gw.close();
  }
}

async function waitFor(what: string, fn: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await fn())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test("a predict that finds the log's buffer full waits PREDICTION_LOG_MAX_WAIT_MS, then answers with extensions.predictionLog.behind; nothing is lost", async () => {
  // The buffer holds max(PREDICTION_LOG_MAX_BUFFERED, 2 × PREDICT_MAX_ROWS, 10 × PREDICTION_LOG_BATCH) = 1,000 rows.
  const env = {
    PREDICTION_LOG_MAX_BUFFERED: "1000",
    PREDICT_MAX_ROWS: "500",
    PREDICTION_LOG_BATCH: "100",
    PREDICTION_LOG_MAX_WAIT_MS: "300",
    PREDICTION_LOG_FLUSH_MS: "50",
  };
  await withGateway(env, async (gw, db) => {
    const before = await stored(db);
    const dropped = await counter("gateway_prediction_log_rows_total", "outcome", "dropped");
    const behind = await counter("gateway_prediction_log_waits_total", "outcome", "behind");
    const predict = (n: number) =>
      gw.gql(HostilePredictDocument, { model: `${MODEL}@champion`, inputs: rows(n) });
    await withWritesBlocked(async () => {
      // The first 500 rows go to the writer (whose COPY now waits for the lock), the next 1,000 fill the buffer.
      for (const n of [500, 500, 500]) {
        const res = await predict(n);
        assert.equal(dataOf(res).predict.predictions.length, n);
        assert.equal(res.extensions?.predictionLog, undefined, "room in the buffer: no wait, no notice");
      }
      const started = performance.now();
      const late = await predict(5);
      const waited = performance.now() - started;
      assert.equal(dataOf(late).predict.predictions.length, 5, "the caller still gets its predictions");
      assert.deepEqual(late.extensions?.predictionLog, {
        behind: true,
        message:
          "the prediction log is behind: these rows are queued but not yet stored (PostgreSQL is slow or unavailable)",
      });
      assert.ok(waited >= 250, `it waited for room first (${Math.round(waited)} ms)`);
      assert.equal(await stored(db), before, "nothing could be written while the lock was held");
    });
    await waitFor("every prediction to be stored", async () => (await stored(db)) === before + 1505);
    assert.equal(await counter("gateway_prediction_log_waits_total", "outcome", "behind"), behind + 1);
    assert.equal(await counter("gateway_prediction_log_rows_total", "outcome", "dropped"), dropped);
  });
});

test("a log write cancelled by the statement timeout (SQLSTATE class 57) is retried, not dropped", async () => {
  // UPSTREAM_TIMEOUT_MS is the gateway database's statement_timeout: the blocked COPY is cancelled after 1.5 s.
  await withGateway({ UPSTREAM_TIMEOUT_MS: "1500", PREDICTION_LOG_FLUSH_MS: "50" }, async (gw, db) => {
    const before = await stored(db);
    const dropped = await counter("gateway_prediction_log_rows_total", "outcome", "dropped");
    const retried = await counter("gateway_prediction_log_retries_total", "cause", "57");
    await withWritesBlocked(async () => {
      for (let i = 0; i < 3; i++)
        dataOf(await gw.gql(HostilePredictDocument, { model: `${MODEL}@champion`, inputs: rows(10) }));
      await waitFor(
        "the blocked COPY to be cancelled and put back for a retry",
        async () => (await counter("gateway_prediction_log_retries_total", "cause", "57")) > retried,
        15_000,
      );
      assert.equal(await stored(db), before);
    });
    await waitFor("the retried rows to be stored", async () => (await stored(db)) === before + 30);
    assert.equal(await counter("gateway_prediction_log_rows_total", "outcome", "dropped"), dropped);
  });
});
