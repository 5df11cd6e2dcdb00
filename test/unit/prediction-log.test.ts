// The prediction log's ordering, flush and retry, with a fake database that keeps what it is sent in memory.
import assert from "node:assert/strict";
import { test } from "node:test";
import pino from "pino";
import { upstreamUnavailable } from "../../src/errors";
import {
  compactProbabilities,
  flatProbabilitiesText,
  inputColumnsText,
  jsonBytes,
} from "../../src/services/serving/log-text";
import {
  copyChunks,
  copyJsonBytes,
  PredictionLog,
  type PredictionLogRequest,
} from "../../src/services/serving/prediction-log";

/** Rows the fake "inserted", in order; `down` makes it answer like an unreachable database. */
function fakeDb() {
  const written: string[] = [];
  const state = { down: false, statements: 0, reject: false };
  const db = {
    query: async (sql: string, params: unknown[] = []) => {
      await new Promise((r) => setImmediate(r)); // a round trip: other writes can arrive meanwhile
      if (state.down) throw upstreamUnavailable("postgres", "the gateway database is not reachable");
      if (state.reject) throw Object.assign(new Error("invalid input syntax"), { code: "22P02" });
      assert.match(sql, /INSERT INTO prediction_requests/);
      state.statements++;
      for (const r of JSON.parse(String(params[0])) as { n: number; l: string[] }[]) {
        assert.equal(r.n, r.l.length, "a request's row count is its number of labels");
        written.push(...r.l);
      }
      return [];
    },
  };
  return { db, written, state };
}

/** One logged request of the given labels (one row each). */
const request = (labels: string[]): PredictionLogRequest => ({
  modelName: "m",
  modelVersion: 1,
  inputs: JSON.stringify(labels.map(() => ({ x: 1 }))),
  labels,
  probabilities: JSON.stringify(labels.map((label) => [{ label, probability: 1 }])),
  classes: null,
  requestedBy: null,
  createdAt: new Date(0),
});
const labels = (from: number, n: number) => Array.from({ length: n }, (_, i) => `r${from + i}`);
/** Single-row requests r<from> … r<from+n-1>. */
const rows = (from: number, n: number) => labels(from, n).map((l) => request([l]));
const writeAll = (plog: PredictionLog, requests: PredictionLogRequest[]) =>
  requests.forEach((r) => plog.write(r));
const OPTS = { flushMs: 60_000, batchSize: 1000, maxBuffered: 100 };
const log = pino({ level: "silent" });

test("flush writes every row queued before it, in the order written, including rows written while a batch is in flight", async () => {
  const { db, written } = fakeDb();
  const plog = new PredictionLog(db, log, OPTS);
  writeAll(plog, rows(0, 3));
  const first = plog.flush();
  writeAll(plog, rows(3, 2)); // arrives while the first batch is on its way
  await first;
  assert.deepEqual(written.slice(0, 3), ["r0", "r1", "r2"]);
  await plog.flush();
  assert.deepEqual(written, ["r0", "r1", "r2", "r3", "r4"], "each row once, in write order");
  assert.equal(plog.pending, 0);
  await plog.flush(); // nothing queued: returns at once
  assert.equal(written.length, 5);
});

test("a full batch is written without waiting for the timer", async () => {
  const { db, written } = fakeDb();
  const plog = new PredictionLog(db, log, { ...OPTS, batchSize: 4 });
  writeAll(plog, rows(0, 4));
  for (let i = 0; i < 50 && written.length < 4; i++) await new Promise((r) => setTimeout(r, 5));
  assert.deepEqual(written, ["r0", "r1", "r2", "r3"]);
});

test("while the database is down rows stay buffered in order and are written once it is back", async () => {
  const { db, written, state } = fakeDb();
  const plog = new PredictionLog(db, log, OPTS);
  state.down = true;
  writeAll(plog, rows(0, 3));
  await plog.flush(); // resolves although nothing could be written
  assert.equal(plog.pending, 3);
  writeAll(plog, rows(3, 1));
  state.down = false;
  await plog.flush();
  assert.deepEqual(written, ["r0", "r1", "r2", "r3"]);
});

test("past maxBuffered while the database is down the oldest rows are dropped, the newest kept", async () => {
  const { db, written, state } = fakeDb();
  const plog = new PredictionLog(db, log, { ...OPTS, maxBuffered: 5 });
  state.down = true;
  writeAll(plog, rows(0, 3));
  await plog.flush();
  writeAll(plog, rows(3, 4));
  assert.equal(plog.pending, 5);
  state.down = false;
  await plog.close();
  assert.deepEqual(written, ["r2", "r3", "r4", "r5", "r6"]);
});

test("rows the database refuses are dropped, so they cannot wedge the log; close writes what is left", async () => {
  const { db, written, state } = fakeDb();
  const plog = new PredictionLog(db, log, OPTS);
  state.reject = true;
  writeAll(plog, rows(0, 2));
  await plog.flush();
  assert.equal(plog.pending, 0);
  state.reject = false;
  writeAll(plog, rows(2, 2));
  await plog.close();
  assert.deepEqual(written, ["r2", "r3"]);
});

test("a request is kept or dropped whole: past maxBuffered the oldest requests go until the rows fit", async () => {
  const { db, written, state } = fakeDb();
  const plog = new PredictionLog(db, log, { ...OPTS, maxBuffered: 5 });
  state.down = true;
  plog.write(request(labels(0, 3)));
  await plog.flush();
  plog.write(request(labels(3, 4)));
  assert.equal(plog.pending, 4, "the 3-row request went; the 4-row one stays");
  state.down = false;
  await plog.close();
  assert.deepEqual(written, ["r3", "r4", "r5", "r6"]);
});

test("a worker's UTF-8 JSON makes the same COPY text as the same JSON as text", () => {
  const inputs = JSON.stringify([
    { island: 'Bi\\sc"oe ü 😀', x: 1 },
    { island: "a\tb\nc", x: null },
  ]);
  const probabilities = JSON.stringify([
    [{ label: "\\", probability: 1 }],
    [{ label: "é", probability: 0.5 }],
  ]);
  const base = { ...request(["\\", "é"]), modelName: "m\tx", requestedBy: "me" };
  const asText = Buffer.concat([...copyChunks([{ ...base, inputs, probabilities }])]);
  const asBytes = Buffer.concat([
    ...copyChunks([{ ...base, inputs: jsonBytes(inputs), probabilities: jsonBytes(probabilities) }]),
  ]);
  assert.equal(asBytes.toString("utf8"), asText.toString("utf8"));
  const fields = asText.toString("utf8").replace(/\n$/, "").split("\t");
  assert.equal(fields.length, 9, "one line of 9 fields: the model name's tab is written as an escape");
  assert.equal(fields[8], "\\N", "labelled probabilities: no classes");
  assert.equal(fields[0], "m\\tx");
  // COPY doubles every backslash of the JSON; it reads them back single.
  assert.equal(fields[3].replaceAll("\\\\", "\\"), inputs);
  assert.equal(fields[5].replaceAll("\\\\", "\\"), probabilities);
  // Bytes without a backslash are sent as they are.
  const plain = jsonBytes('[{"x":1}]');
  assert.equal(copyJsonBytes(plain), plain);
  assert.equal(Buffer.from(copyJsonBytes(jsonBytes('["\\\\"]'))).toString(), '["\\\\\\\\"]');
});

test("the INSERT fallback stores a worker's UTF-8 JSON as its text", async () => {
  const { db, written } = fakeDb();
  const plog = new PredictionLog(db, log, OPTS);
  plog.start();
  const r = request(["ü"]);
  plog.write({
    ...r,
    inputs: jsonBytes(r.inputs as string),
    probabilities: jsonBytes(r.probabilities as string),
  });
  await plog.close();
  assert.deepEqual(written, ["ü"]);
});

test("the compact layout: rows as columns, probabilities flat in the order of their classes, classes as a text[]", () => {
  const rows = [
    { island: 'Bi"sc\\oe', x: 1, sex: null },
    { island: "Dream\u0000", x: 2.5, sex: "male" },
  ];
  const inputs = inputColumnsText(rows)!;
  assert.deepEqual(JSON.parse(inputs), {
    island: ['Bi"sc\\oe', "Dream\uFFFD"],
    x: [1, 2.5],
    sex: [null, "male"],
  });
  // Rows that do not share their keys, in the same order, stay rows.
  assert.equal(
    inputColumnsText([
      { a: 1, b: 2 },
      { b: 2, a: 1 },
    ]),
    undefined,
  );
  assert.equal(inputColumnsText([{ a: 1, b: 2 }, { a: 1 }]), undefined);
  assert.equal(inputColumnsText([{ a: 1 }, { a: 1, b: 2 }]), undefined);
  assert.equal(inputColumnsText([{}, {}]), undefined);
  assert.equal(inputColumnsText([]), undefined);

  const classes = ['A "q"', "B\\b", "C\tc"];
  const predictions = [
    { probabilities: classes.map((label, j) => ({ label, probability: [0.5, 0.25, 0.25][j] })) },
    { probabilities: classes.map((label, j) => ({ label, probability: [0, Number.NaN, 1][j] })) },
  ];
  const compact = compactProbabilities(predictions, classes)!;
  assert.deepEqual(compact.classes, classes);
  assert.equal(compact.text, "[0.5,0.25,0.25,0,null,1]", "NaN is null, as JSON.stringify writes it");
  assert.equal(compact.text, flatProbabilitiesText(new Float64Array([0.5, 0.25, 0.25, 0, Number.NaN, 1])));
  // Without known classes the first prediction's order is used; predictions that disagree stay labelled.
  assert.deepEqual(compactProbabilities(predictions, undefined)?.classes, classes);
  const swapped = [predictions[0], { probabilities: [...predictions[1].probabilities].reverse() }];
  assert.equal(compactProbabilities(swapped, classes), undefined);

  const line = Buffer.concat([
    ...copyChunks([{ ...request(["x", "y"]), inputs, probabilities: compact.text, classes }]),
  ])
    .toString("utf8")
    .replace(/\n$/, "");
  const fields = line.split("\t");
  assert.equal(fields.length, 9);
  // The array literal quotes each element and escapes " and \ in it; COPY's text escapes the backslash and tab on top.
  const literal = `{${classes.map((c) => `"${c.replace(/["\\]/g, "\\$&")}"`).join(",")}}`;
  assert.equal(literal, '{"A \\"q\\"","B\\\\b","C\tc"}');
  assert.equal(fields[8], literal.replaceAll("\\", "\\\\").replaceAll("\t", "\\t"));
});
