// Training profiles, PSI and the housekeeping checks, against hand-computed values.
import assert from "node:assert/strict";
import { test } from "node:test";
import { checkTagKey, parseVersionId } from "../../src/services/mlflow/housekeeping";
import {
  binOf,
  driftBins,
  parseProfile,
  profileRows,
  psi,
  quantileEdges,
} from "../../src/services/models/training-profile";
import { driftQuery } from "../../src/services/monitoring/stats-sql";

test("binOf counts the edges at or below x, as PostgreSQL's width_bucket(x, edges) does", () => {
  const edges = [1, 2, 3];
  assert.deepEqual(
    [0.5, 1, 1.5, 2, 2.9, 3, 10].map((x) => binOf(x, edges)),
    [0, 1, 1, 2, 2, 3, 3],
  );
  assert.equal(binOf(5, []), 0);
});

test("quantileEdges gives the nine inner deciles of 1..11 and drops repeated cut points", () => {
  const values = Array.from({ length: 11 }, (_, i) => i + 1);
  assert.deepEqual(quantileEdges(values), [2, 3, 4, 5, 6, 7, 8, 9, 10]);
  // Mostly one value: every cut equal to the minimum is dropped (positions 7.2 and 8.1 interpolate to 1.2 and 2.1).
  assert.deepEqual(
    quantileEdges([1, 1, 1, 1, 1, 1, 1, 1, 2, 3]).map((v) => +v.toFixed(9)),
    [1.2, 2.1],
  );
  assert.deepEqual(quantileEdges([]), []);
});

test("profileRows: numeric bins, mean and null share; categorical shares", () => {
  const rows = [
    { x: 1, c: "a" },
    { x: 2, c: "a" },
    { x: 3, c: "b" },
    { x: null, c: null },
  ];
  const p = profileRows(rows, [
    { name: "x", kind: "numeric" },
    { name: "c", kind: "categorical" },
  ]);
  assert.equal(p.rows, 4);
  const [x, c] = p.features;
  assert.equal(x.kind, "numeric");
  if (x.kind !== "numeric") return;
  assert.equal(x.mean, 2);
  assert.equal(x.nullShare, 0.25);
  assert.equal(x.shares.reduce((s, v) => s + v, 0).toFixed(12), "1.000000000000");
  assert.equal(x.shares.length, x.edges.length + 1);
  assert.deepEqual(c, { name: "c", kind: "categorical", shares: { a: 2 / 3, b: 1 / 3 }, nullShare: 0.25 });
  assert.deepEqual(parseProfile(JSON.parse(JSON.stringify(p))), p);
  assert.equal(parseProfile({ formatVersion: 99, features: [] }), null);
  assert.equal(
    parseProfile({ formatVersion: 1, features: [{ name: "x", kind: "numeric", edges: [1], shares: [1] }] }),
    null,
  );
});

test("psi is 0 for equal distributions and matches a hand-computed value otherwise", () => {
  assert.equal(psi([0.5, 0.5], [0.5, 0.5]), 0);
  // (0.9-0.5)ln(0.9/0.5) + (0.1-0.5)ln(0.1/0.5) = 0.4*0.587787 + 0.4*1.609438 = 0.878890
  assert.ok(Math.abs(psi([0.5, 0.5], [0.9, 0.1]) - 0.87889) < 1e-5);
  // An empty bin is floored at 1e-4 instead of dividing by zero.
  assert.ok(Number.isFinite(psi([0.5, 0.5], [1, 0])));
});

test("driftBins puts nulls in their own bin and unseen categories in an extra one, as shares of all rows", () => {
  const feature = { name: "c", kind: "categorical" as const, shares: { a: 0.5, b: 0.5 }, nullShare: 0.2 };
  // window: 3 a, 1 b, 2 unseen, 4 nulls
  const { expected, actual } = driftBins(feature, [3, 1, 2], 4);
  assert.deepEqual(
    expected.map((v) => +v.toFixed(6)),
    [0.4, 0.4, 0, 0.2],
  );
  assert.deepEqual(actual, [0.3, 0.1, 0.2, 0.4]);
});

test("driftQuery passes feature names, edges and categories as parameters, never in the SQL text", () => {
  const q = driftQuery(
    { model: "m'; DROP TABLE predictions; --", since: new Date(0) },
    [
      { name: "x'); DROP", kind: "numeric", edges: [1, 2], shares: [0.3, 0.3, 0.4], mean: 1, nullShare: 0 },
      { name: "c", kind: "categorical", shares: { "O'Brien": 1 }, nullShare: 0 },
    ],
    5000,
  );
  assert.doesNotMatch(q.text, /DROP|O'Brien/);
  assert.match(q.text, /ORDER BY created_at DESC, id DESC LIMIT \$\d+/);
  assert.equal(q.values[q.values.length - 1], 5000, "the newest 5000 rows, as a parameter");
  assert.ok(q.values.includes("x'); DROP"));
  assert.ok(q.values.includes("m'; DROP TABLE predictions; --"));
  assert.deepEqual(q.columns[0].bins, ["f0_b0", "f0_b1", "f0_b2"]);
  assert.equal(q.columns[1].unseen, "f1_unseen");
});

test("tag keys in MLflow's reserved namespace, empty or too long are refused, naming the field", () => {
  assert.equal(checkTagKey(" team "), "team");
  for (const bad of ["mlflow.runName", "MLflow.note.content", "", "k".repeat(251)])
    assert.throws(
      () => checkTagKey(bad),
      (e: { extensions?: { code?: string; field?: string } }) =>
        e.extensions?.code === "BAD_USER_INPUT" && e.extensions.field === "input.key",
      bad,
    );
});

test("model version ids are name/version", () => {
  assert.deepEqual(parseVersionId("penguins/3", "input.id"), { name: "penguins", version: 3 });
  for (const bad of ["penguins", "penguins/0", "/3", "penguins/x"])
    assert.throws(() => parseVersionId(bad, "input.id"), /name\/version/, bad);
});
