// The prediction log writer against the real gateway PostgreSQL, including an outage (a TCP proxy we switch off).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { Client } from "pg";
import { loadConfig } from "../../src/config";
import { createLogger } from "../../src/logger";
import { flatProbabilitiesText, inputColumnsText, jsonText } from "../../src/services/serving/log-text";
import { PredictionLog, PredictionLogRequest } from "../../src/services/serving/prediction-log";
import { GatewayDb } from "../../src/services/store/db";
import { newestPredictionsSql } from "../../src/services/store/prediction-log-sql";
import { sweepPredictionPartitions } from "../../src/services/store/prediction-partitions";
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

/** Logged requests of `perRequest` rows each (the last one shorter), numbered `from`, `from + 1`, … in input.i. */
/**
 * Requests of `perRequest` rows (text with NUL, tab, newline, quotes and backslashes); with `mixed`, every other
 * request in the compact layout (inputs as columns, flat probabilities with their classes), as the gateway writes
 * them now, the others as earlier versions did.
 */
function rows(model: string, n: number, from = 0, perRequest = 1, mixed = false): PredictionLogRequest[] {
  const requests: PredictionLogRequest[] = [];
  const classes = ['Adelie "the" \\ one', "Gentoo"];
  for (let start = 0; start < n; start += perRequest) {
    const count = Math.min(perRequest, n - start);
    const inputs = Array.from({ length: count }, (_, k) => ({
      i: from + start + k,
      island: "Biscoe\u0000",
      note: "tab\there\nnew line \\ backslash",
      bill_length_mm: 39.1,
    }));
    if (mixed && (start / perRequest) % 2 === 1) {
      requests.push({
        modelName: model,
        modelVersion: 1,
        inputs: inputColumnsText(inputs)!,
        labels: inputs.map(() => classes[0]),
        probabilities: flatProbabilitiesText(inputs.flatMap(() => [0.75, 0.25])),
        classes,
        requestedBy: "tester",
        createdAt: new Date(),
      });
      continue;
    }
    requests.push({
      modelName: model,
      modelVersion: 1,
      inputs: jsonText(inputs),
      labels: inputs.map(() => 'Adelie "the" \\ one'),
      probabilities: jsonText(
        inputs.map(() => [
          { label: 'Adelie "the" \\ one', probability: 0.75 },
          { label: "Gentoo", probability: 0.25 },
        ]),
      ),
      classes: null,
      requestedBy: "tester",
      createdAt: new Date(),
    });
  }
  return requests;
}

/** Queue every request, as predict calls would one after another. */
const writeAll = (plog: PredictionLog, requests: PredictionLogRequest[]) =>
  requests.forEach((r) => plog.write(r));

const logged = (model: string) =>
  db.query<{
    i: number;
    input: Record<string, unknown>;
    label: string;
    probabilities: unknown;
    requested_by: string;
  }>(
    "SELECT (input->>'i')::int AS i, input, label, probabilities, requested_by FROM predictions WHERE model_name = $1 ORDER BY id",
    [model],
  );

test("the prediction log writes buffered rows with COPY and flush() waits until they are in PostgreSQL", async () => {
  const model = uniqueName("serving_log");
  const plog = new PredictionLog(db, log, { flushMs: 60_000, batchSize: 1000, maxBuffered: 20_000 });
  writeAll(plog, rows(model, 12_000, 0, 1000, true)); // twelve 1,000-row requests, every other one compact
  writeAll(plog, rows(model, 3, 12_000)); // and three single rows
  assert.equal(plog.pending, 12_003, "write() does no I/O");
  await plog.flush();
  assert.equal(plog.pending, 0);
  const requests = await db.query<{ n: string }>(
    "SELECT count(*) AS n FROM prediction_requests WHERE model_name = $1",
    [model],
  );
  assert.equal(Number(requests[0].n), 15, "one log row per request");
  const got = await logged(model);
  assert.equal(got.length, 12_003, "one row per prediction in the predictions view");
  assert.ok(
    got.every((r, k) => r.i === k),
    "ids follow the order of writes, within requests and across statements",
  );
  assert.equal(got[5].label, 'Adelie "the" \\ one', "a label with quotes and a backslash is kept as it was");
  assert.equal(
    got[0].input.island,
    "Biscoe\uFFFD",
    "a NUL character (refused by jsonb) is replaced, not fatal",
  );
  assert.equal(got[0].input.note, "tab\there\nnew line \\ backslash", "COPY's special characters survive");
  assert.deepEqual(got[0].probabilities, [
    { label: 'Adelie "the" \\ one', probability: 0.75 },
    { label: "Gentoo", probability: 0.25 },
  ]);
  assert.equal(got[0].requested_by, "tester");
  // The compact layout (the second request) reads back as the same rows and probabilities.
  for (const k of [1000, 1001, 1999, 3500]) {
    assert.deepEqual(got[k].input, { ...got[0].input, i: k }, `input of row ${k}, a compact request`);
    assert.deepEqual(got[k].probabilities, got[0].probabilities, `probabilities of row ${k}`);
    assert.equal(got[k].label, got[0].label);
  }
  const layouts = await db.query<{ compact: boolean; n: string }>(
    "SELECT classes IS NOT NULL AS compact, count(*) AS n FROM prediction_requests WHERE model_name = $1 GROUP BY 1 ORDER BY 1",
    [model],
  );
  assert.deepEqual(
    layouts.map((l) => [l.compact, Number(l.n)]),
    [
      [false, 9],
      [true, 6],
    ],
  );
  // The gateway's own newest-first read (Query.predictions, the drift statistics) unpacks only the rows it needs,
  // in either layout: the 3 single rows, then the tail of request 11 (compact), or all of it and the tail of request
  // 10 (rows), each row with its own input and probabilities; and single input columns without the whole row.
  for (const limit of [500, 1500]) {
    const newest = await db.query<{ i: number; input: { i: number }; probabilities: unknown; label: string }>(
      `SELECT (input->>'i')::int AS i, input, probabilities, label FROM (${newestPredictionsSql("model_name = $2", "$1")}) AS p`,
      [limit, model],
    );
    assert.deepEqual(
      newest.map((r) => r.i),
      Array.from({ length: limit }, (_, k) => 12_002 - k),
      `the newest ${limit} rows, newest first`,
    );
    for (const r of newest) {
      assert.deepEqual(r.input, { ...got[0].input, i: r.i });
      assert.deepEqual(r.probabilities, got[0].probabilities);
    }
    const fields = await db.query<{ f0: number; f1: string }>(
      `SELECT f0, f1 FROM (${newestPredictionsSql("model_name = $2", "$1", { fields: ["'i'", "$3::text"] })}) AS p`,
      [limit, model, "note"],
    );
    assert.deepEqual(
      fields.map((r) => [r.f0, r.f1]),
      newest.map((r) => [r.i, "tab\there\nnew line \\ backslash"]),
    );
  }
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
  writeAll(onTimer, rows(timed, 3));
  assert.equal(await waitForRows(timed, 3), 3);
  await onTimer.close();

  const full = uniqueName("serving_log_full");
  const onBatch = new PredictionLog(db, log, { flushMs: 60_000, batchSize: 4, maxBuffered: 10_000 });
  writeAll(onBatch, rows(full, 4)); // no timer started: a full batch starts the writer by itself
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
    writeAll(plog, rows(model, 5));
    await plog.flush();
    assert.equal((await logged(model)).length, 5, "written through the proxy while it is up");

    proxy.setUp(false);
    writeAll(plog, rows(model, 30, 5)); // rows 5..34; only the newest 20 fit
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
  writeAll(plog, rows(model, 7));
  await plog.close();
  assert.equal((await logged(model)).length, 7);
});

// A schema of its own (same migrations) so a test can lock its predictions table without stalling anyone else.
async function scratchSchema(): Promise<{ url: string; drop: () => Promise<void> }> {
  const schema = uniqueName("gwtest_plog")
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, "_");
  await db.query(`CREATE SCHEMA ${schema}`);
  const url = new URL(config.databaseUrl);
  url.searchParams.set("options", `-c search_path=${schema}`);
  const scoped = new GatewayDb(url.toString(), 5000);
  await scoped.migrate();
  await scoped.close();
  return { url: url.toString(), drop: async () => void (await db.query(`DROP SCHEMA ${schema} CASCADE`)) };
}

async function lockPredictions(url: string): Promise<() => Promise<void>> {
  const c = new Client({ connectionString: url });
  await c.connect();
  await c.query("BEGIN");
  await c.query("LOCK TABLE prediction_requests IN ACCESS EXCLUSIVE MODE");
  return async () => {
    await c.query("COMMIT");
    await c.end();
  };
}

test("backpressure: a full buffer makes callers wait for the writer (bounded, then 'behind'); no row is dropped", async () => {
  const scratch = await scratchSchema();
  const sdb = new GatewayDb(scratch.url, 20_000);
  try {
    const plog = new PredictionLog(sdb, log, {
      flushMs: 60_000,
      batchSize: 100,
      maxBuffered: 1000,
      maxWaitMs: 500,
    });
    const unlock = await lockPredictions(scratch.url);
    writeAll(plog, rows("bp", 1000)); // the writer starts and blocks on the lock
    assert.equal(plog.hasRoom(500), false);
    const started = Date.now();
    assert.equal(await plog.waitForRoom(500), false, "the wait is bounded: the log is behind");
    assert.ok(Date.now() - started >= 450, "it waited about maxWaitMs first");
    writeAll(plog, rows("bp", 500, 1000)); // the caller answers and still queues its rows
    const waiting = plog.waitForRoom(500);
    setTimeout(() => void unlock(), 100);
    assert.equal(await waiting, true, "room came once the writer got through");
    writeAll(plog, rows("bp", 500, 1500));
    await plog.flush();
    const got = await sdb.query<{ i: number }>("SELECT (input->>'i')::int AS i FROM predictions ORDER BY id");
    assert.deepEqual(
      got.map((r) => r.i),
      Array.from({ length: 2000 }, (_, k) => k),
      "every row stored, in order",
    );
    await plog.close();
  } finally {
    await sdb.close();
    await scratch.drop();
  }
});

test("a statement timeout (SQLSTATE 57014) is retried, not dropped", async () => {
  const scratch = await scratchSchema();
  const sdb = new GatewayDb(scratch.url, 300); // statement_timeout 300 ms
  try {
    const plog = new PredictionLog(sdb, log, { flushMs: 20, batchSize: 1000, maxBuffered: 1000 });
    const unlock = await lockPredictions(scratch.url);
    writeAll(plog, rows("retry", 50));
    await plog.flush(); // times out behind the lock: the rows stay buffered
    assert.equal(plog.pending, 50, "kept for a retry");
    await unlock();
    const deadline = Date.now() + 10_000;
    while (plog.pending && Date.now() < deadline) {
      await plog.flush();
      await new Promise((r) => setTimeout(r, 50));
    }
    const got = await sdb.query<{ n: string }>("SELECT count(*) AS n FROM predictions");
    assert.equal(Number(got[0].n), 50);
    await plog.close();
  } finally {
    await sdb.close();
    await scratch.drop();
  }
});

test("the log is partitioned by day: the sweep creates coming days and drops partitions past the retention", async () => {
  const scratch = await scratchSchema();
  const sdb = new GatewayDb(scratch.url, 5000);
  try {
    const day = 86_400_000;
    await sdb.query(
      `INSERT INTO prediction_requests (model_name, model_version, row_count, inputs, labels, probabilities, created_at)
       VALUES ('old', 1, 1, '[{}]', '{a}', '[[]]', now() - interval '40 days'),
              ('new', 1, 1, '[{}]', '{a}', '[[]]', now())`,
    );
    // A row of the table earlier versions wrote (migration 23 kept it as prediction_rows): swept the same way.
    await sdb.query(
      `INSERT INTO prediction_rows (model_name, model_version, input, label, probabilities, created_at)
       VALUES ('older', 1, '{}', 'a', '[]', now() - interval '41 days')`,
    );
    const first = await sweepPredictionPartitions(sdb, 30);
    assert.ok(first.created.length >= 3, "tomorrow and later days are created ahead");
    assert.deepEqual(first.dropped, [], "today's partition still holds recent rows");
    const byName = async () =>
      (await sdb.query<{ model_name: string }>("SELECT model_name FROM predictions ORDER BY created_at")).map(
        (r) => r.model_name,
      );
    assert.equal(first.deletedDefaultRows, 1, "the 40-day-old request had no partition of its own: deleted");
    assert.deepEqual(
      await byName(),
      ["older", "new"],
      "the old table's partition still holds today: kept whole",
    );
    // 35 days on, with 30 days' retention, everything written up to now is past the cutoff.
    const later = await sweepPredictionPartitions(sdb, 30, Date.now() + 35 * day);
    assert.ok(later.dropped.length >= 1, `partitions dropped: ${later.dropped.join(", ")}`);
    assert.deepEqual(await byName(), []);
    const plog = new PredictionLog(sdb, log, { flushMs: 60_000, batchSize: 100, maxBuffered: 1000 });
    writeAll(plog, rows("after_sweep", 3));
    await plog.flush();
    assert.equal(
      (await sdb.query("SELECT 1 FROM predictions")).length,
      3,
      "writes still land (default partition)",
    );
    await plog.close();
  } finally {
    await sdb.close();
    await scratch.drop();
  }
});

test("an earlier gateway's COPY into predictions (a rolling upgrade) still lands, and reads back through the view", async () => {
  const model = uniqueName("serving_log_upgrade");
  await db.copyIn(
    "COPY predictions (model_name, model_version, input, label, probabilities, requested_by, created_at) FROM STDIN",
    (function* () {
      yield `${model}\t2\t{"i": 0}\tGentoo\t[{"label": "Gentoo", "probability": 1}]\told\t${new Date().toISOString()}\n`;
    })(),
  );
  await db.query(
    `INSERT INTO predictions (model_name, model_version, input, label, probabilities) VALUES ($1, 2, '{"i": 1}', 'Adelie', '[]')`,
    [model],
  );
  const got = await logged(model);
  assert.deepEqual(
    got.map((r) => [r.i, r.label]),
    [
      [0, "Gentoo"],
      [1, "Adelie"],
    ],
  );
  const kept = await db.query<{ n: string }>(
    "SELECT count(*) AS n FROM prediction_rows WHERE model_name = $1",
    [model],
  );
  assert.equal(Number(kept[0].n), 2, "kept in the table of one row per prediction");
});
