// The prediction log writer against the real gateway PostgreSQL, including an outage (a TCP proxy we switch off).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { loadConfig } from "../../src/config";
import { createLogger } from "../../src/logger";
import { PredictionLog, PredictionLogRow } from "../../src/services/serving/prediction-log";
import { GatewayDb } from "../../src/services/store/db";
import { testEnv, uniqueName } from "../helpers/gateway";
import { startTcpProxy } from "../helpers/tcp-proxy";

const config = loadConfig(testEnv());
const log = createLogger("silent");
let db: GatewayDb;

before(async () => {
  db = new GatewayDb(config.databaseUrl, 5000);
  await db.migrate();
});
after(() => db.close());

function rows(model: string, n: number, from = 0): PredictionLogRow[] {
  return Array.from({ length: n }, (_, i) => ({
    modelName: model,
    modelVersion: 1,
    input: { i: from + i, island: "Biscoe\u0000", bill_length_mm: 39.1 },
    label: "Adelie",
    probabilities: [
      { label: "Adelie", probability: 0.75 },
      { label: "Gentoo", probability: 0.25 },
    ],
    requestedBy: "tester",
    createdAt: new Date(),
  }));
}

const logged = (model: string) =>
  db.query<{ i: number; input: Record<string, unknown>; probabilities: unknown; requested_by: string }>(
    "SELECT (input->>'i')::int AS i, input, probabilities, requested_by FROM predictions WHERE model_name = $1 ORDER BY id",
    [model],
  );

test("the prediction log writes buffered rows with multi-row INSERTs and flush() waits until they are in PostgreSQL", async () => {
  const model = uniqueName("serving_log");
  const plog = new PredictionLog(db, log, { flushMs: 60_000, batchSize: 1000, maxBuffered: 20_000 });
  plog.write(rows(model, 12_000));
  assert.equal(plog.pending, 12_000, "write() does no I/O");
  await plog.flush();
  assert.equal(plog.pending, 0);
  const got = await logged(model);
  assert.equal(got.length, 12_000);
  assert.ok(
    got.every((r, k) => r.i === k),
    "ids follow the order of writes across statements",
  );
  assert.equal(
    got[0].input.island,
    "Biscoe\uFFFD",
    "a NUL character (refused by jsonb) is replaced, not fatal",
  );
  assert.deepEqual(got[0].probabilities, [
    { label: "Adelie", probability: 0.75 },
    { label: "Gentoo", probability: 0.25 },
  ]);
  assert.equal(got[0].requested_by, "tester");
  await plog.close();
});

async function waitForRows(model: string, n: number): Promise<number> {
  const deadline = Date.now() + 5000;
  let count = 0;
  while ((count = (await logged(model)).length) < n && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 25));
  return count;
}

test("the prediction log flushes on its timer, and at once when a batch is full, without anyone calling flush()", async () => {
  const timed = uniqueName("serving_log_timer");
  const onTimer = new PredictionLog(db, log, { flushMs: 50, batchSize: 100, maxBuffered: 10_000 });
  onTimer.start();
  onTimer.write(rows(timed, 3));
  assert.equal(await waitForRows(timed, 3), 3);
  await onTimer.close();

  const full = uniqueName("serving_log_full");
  const onBatch = new PredictionLog(db, log, { flushMs: 60_000, batchSize: 4, maxBuffered: 10_000 });
  onBatch.write(rows(full, 4)); // no timer started: a full batch starts the writer by itself
  assert.equal(await waitForRows(full, 4), 4);
  await onBatch.close();
});

test("while PostgreSQL is unreachable the log keeps a bounded buffer (oldest dropped) and writes it once it is back", async () => {
  const model = uniqueName("serving_log_outage");
  const url = new URL(config.databaseUrl);
  const proxy = await startTcpProxy(url.hostname, Number(url.port || 5432));
  url.host = `127.0.0.1:${proxy.port}`;
  const viaProxy = new GatewayDb(url.toString(), 2000);
  try {
    const plog = new PredictionLog(viaProxy, log, { flushMs: 60_000, batchSize: 10, maxBuffered: 20 });
    plog.write(rows(model, 5));
    await plog.flush();
    assert.equal((await logged(model)).length, 5, "written through the proxy while it is up");

    proxy.setUp(false);
    plog.write(rows(model, 30, 5)); // rows 5..34; only the newest 20 fit
    await plog.flush(); // the database is down: resolves, keeps the rows
    assert.equal(plog.pending, 20);
    assert.equal((await logged(model)).length, 5);

    proxy.setUp(true);
    await plog.flush();
    assert.equal(plog.pending, 0);
    assert.deepEqual(
      (await logged(model)).map((r) => r.i),
      [0, 1, 2, 3, 4, ...Array.from({ length: 20 }, (_, k) => 15 + k)],
      "the 10 oldest buffered rows were dropped, the rest written in order",
    );
    await plog.close();
  } finally {
    await viaProxy.close();
    await proxy.close();
  }
});

test("close() writes what is still buffered (the SIGTERM path)", async () => {
  const model = uniqueName("serving_log_close");
  const plog = new PredictionLog(db, log, { flushMs: 60_000, batchSize: 1000, maxBuffered: 10_000 });
  plog.start();
  plog.write(rows(model, 7));
  await plog.close();
  assert.equal((await logged(model)).length, 7);
});
