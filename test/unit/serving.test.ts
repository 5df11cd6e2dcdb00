// Pure serving logic: input checks, caches, the promotion guard, MLmodel and model-file reading.
import assert from "node:assert/strict";
import { test } from "node:test";
import { GraphQLError } from "graphql";
import { upstreamUnavailable, notFound } from "../../src/errors";
import { validateRows } from "../../src/services/models/input-validation";
import { LruCache } from "../../src/services/lru-cache";
import { readGatewayModelFile, readMlmodel } from "../../src/services/models/model-files";
import { checkAlias, compareForPromotion, latestMetric } from "../../src/services/promotion/rules";
import { ResolutionCache } from "../../src/services/serving/resolution-cache";
import type { InputColumn } from "../../src/services/models/model-format";

const COLUMNS: InputColumn[] = [
  { name: "island", type: "string" },
  { name: "bill_length_mm", type: "double" },
  { name: "year", type: "long" },
];

function codeAndMessage(fn: () => unknown): { code: unknown; message: string; field: unknown } {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof GraphQLError, String(err));
    return { code: err.extensions.code, message: err.message, field: err.extensions.field };
  }
  assert.fail("expected an error");
}

test("validateRows keeps the model's columns in order, allows null and ignores extra columns", () => {
  const rows = validateRows(
    [
      { species: "Adelie", island: "Biscoe", bill_length_mm: 39.1, year: 2007, note: "x" },
      { island: null, bill_length_mm: null, year: 2008 },
    ],
    COLUMNS,
  );
  assert.deepEqual(rows, [
    { island: "Biscoe", bill_length_mm: 39.1, year: 2007 },
    { island: null, bill_length_mm: null, year: 2008 },
  ]);
});

test("validateRows names the row index and column of a missing column, a wrong type and a non-finite number", () => {
  const ok = { island: "Dream", bill_length_mm: 40, year: 2009 };
  const missing = codeAndMessage(() => validateRows([ok, ok, ok, { island: "Dream", year: 2009 }], COLUMNS));
  assert.equal(missing.code, "BAD_USER_INPUT");
  assert.equal(missing.field, "inputs[3].bill_length_mm");
  assert.match(missing.message, /^inputs\[3\]\.bill_length_mm is missing/);

  const text = codeAndMessage(() => validateRows([{ ...ok, bill_length_mm: "39.1" }], COLUMNS));
  assert.match(
    text.message,
    /inputs\[0\]\.bill_length_mm is text "39\.1"; the model expects a number \(double\)/,
  );

  const infinite = codeAndMessage(() => validateRows([ok, { ...ok, bill_length_mm: Infinity }], COLUMNS));
  assert.match(infinite.message, /inputs\[1\]\.bill_length_mm is not a finite number/);

  const numberForText = codeAndMessage(() => validateRows([{ ...ok, island: 3 }], COLUMNS));
  assert.match(numberForText.message, /inputs\[0\]\.island is the number 3; the model expects text/);

  const fraction = codeAndMessage(() => validateRows([{ ...ok, year: 2007.5 }], COLUMNS));
  assert.match(fraction.message, /inputs\[0\]\.year is 2007\.5; the model expects a whole number/);
});

test("validateRows lists at most five problems in one message", () => {
  const bad = Array.from({ length: 20 }, () => ({ island: 1, bill_length_mm: "a", year: "b" }));
  const err = codeAndMessage(() => validateRows(bad, COLUMNS));
  assert.equal(err.message.split("; ").filter((s) => s.startsWith("inputs[")).length, 5);
  assert.match(err.message, /and more problems/);
});

test("LruCache evicts the least recently used entry beyond its capacity", () => {
  const lru = new LruCache<string, number>(2);
  lru.set("a", 1);
  lru.set("b", 2);
  assert.equal(lru.get("a"), 1); // a is now the most recent
  lru.set("c", 3);
  assert.deepEqual(lru.keys().sort(), ["a", "c"]);
  assert.equal(lru.size, 2);
});

test("LruCache keeps recency through repeated hits on its newest key, deletes and replacements", () => {
  const lru = new LruCache<string, number>(3);
  lru.set("a", 1);
  lru.set("b", 2);
  lru.set("c", 3);
  // Hits on the newest key need no reordering; a hit on an older one makes it the newest.
  assert.equal(lru.get("c"), 3);
  assert.equal(lru.get("c"), 3);
  assert.equal(lru.get("a"), 1);
  assert.equal(lru.get("a"), 1);
  lru.set("d", 4); // b is the least recently used
  assert.deepEqual(lru.keys(), ["c", "a", "d"]);
  // Deleting the newest key, then hitting the one before it, still moves that one to the newest end.
  lru.delete("d");
  assert.equal(lru.get("c"), 3);
  lru.set("e", 5);
  lru.set("f", 6); // a is the least recently used now
  assert.deepEqual(lru.keys(), ["c", "e", "f"]);
  // Replacing a key makes it the newest.
  lru.set("c", 7);
  lru.set("g", 8);
  assert.deepEqual(lru.keys(), ["f", "c", "g"]);
  lru.clear();
  lru.set("h", 9);
  assert.equal(lru.get("h"), 9);
  assert.deepEqual(lru.keys(), ["h"]);
});

test("ResolutionCache answers from memory within the TTL and asks again after it", async () => {
  let now = 0;
  let calls = 0;
  const cache = new ResolutionCache<string>({ ttlMs: 2000, capacity: 10, now: () => now });
  const fetch = async () => `v${++calls}`;
  assert.equal(await cache.get("m@champion", fetch), "v1");
  now = 1999;
  assert.equal(await cache.get("m@champion", fetch), "v1");
  assert.equal(cache.fresh("m@champion"), "v1");
  now = 2000;
  assert.equal(cache.fresh("m@champion"), undefined);
  assert.equal(await cache.get("m@champion", fetch), "v2");
  assert.equal(calls, 2);
});

test("ResolutionCache shares one upstream call between concurrent misses", async () => {
  let calls = 0;
  const cache = new ResolutionCache<string>({ ttlMs: 1000, capacity: 10 });
  const fetch = () => new Promise<string>((r) => setTimeout(() => r(`v${++calls}`), 20));
  const answers = await Promise.all([cache.get("k", fetch), cache.get("k", fetch), cache.get("k", fetch)]);
  assert.deepEqual(answers, ["v1", "v1", "v1"]);
  assert.equal(calls, 1);
});

test("ResolutionCache serves the stale answer when the upstream is unavailable, and waits before asking again", async () => {
  let now = 0;
  const stale: string[] = [];
  const cache = new ResolutionCache<string>({
    ttlMs: 100,
    capacity: 10,
    retryAfterMs: 1000,
    now: () => now,
    onStale: (key) => stale.push(key),
  });
  await cache.get("k", async () => "v1");
  now = 500;
  let calls = 0;
  const down = async (): Promise<string> => {
    calls++;
    throw upstreamUnavailable("mlflow", "MLflow is unreachable");
  };
  assert.equal(await cache.get("k", down), "v1");
  assert.deepEqual(stale, ["k"]);
  now = 1400; // within retryAfterMs: no new attempt
  assert.equal(await cache.get("k", down), "v1");
  assert.equal(calls, 1);
  now = 1600;
  assert.equal(await cache.get("k", async () => "v2"), "v2");
});

test("ResolutionCache forgets an answer when the upstream says it no longer exists", async () => {
  let now = 0;
  const cache = new ResolutionCache<string>({ ttlMs: 100, capacity: 10, now: () => now });
  await cache.get("k", async () => "v1");
  now = 200;
  await assert.rejects(
    cache.get("k", async () => {
      throw notFound("no alias");
    }),
    /no alias/,
  );
  assert.equal(cache.fresh("k"), undefined);
  // With no answer known, an outage is an error, not a guess.
  await assert.rejects(
    cache.get("k", async () => {
      throw upstreamUnavailable("mlflow", "down");
    }),
    /down/,
  );
});

test("compareForPromotion: strictly better wins, a tie does not, lower-is-better flips it; both values are shown", () => {
  const base = { metric: "test_accuracy", alias: "champion", holder: { version: 2, value: 0.9 } };
  const worse = compareForPromotion({ ...base, higherIsBetter: true, candidate: { version: 3, value: 0.7 } });
  assert.equal(worse.better, false);
  assert.match(
    worse.comparison,
    /version 3 has test_accuracy=0\.7, @champion \(version 2\) has test_accuracy=0\.9/,
  );
  assert.equal(
    compareForPromotion({ ...base, higherIsBetter: true, candidate: { version: 3, value: 0.9 } }).better,
    false,
  );
  assert.equal(
    compareForPromotion({ ...base, higherIsBetter: true, candidate: { version: 3, value: 0.95 } }).better,
    true,
  );
  assert.equal(
    compareForPromotion({ ...base, higherIsBetter: false, candidate: { version: 3, value: 0.7 } }).better,
    true,
  );
});

test("latestMetric reads MLflow's latest metric values, ignoring missing and non-numeric ones", () => {
  const metrics = [
    { key: "a", value: 0.5 },
    { key: "b", value: "0.25" },
    { key: "c", value: "NaN" },
  ];
  assert.equal(latestMetric(metrics, "a"), 0.5);
  assert.equal(latestMetric(metrics, "b"), 0.25);
  assert.equal(latestMetric(metrics, "c"), undefined);
  assert.equal(latestMetric(metrics, "d"), undefined);
});

test("checkAlias accepts MLflow aliases the reference parser can read and refuses reserved ones", () => {
  assert.equal(checkAlias("champion"), "champion");
  assert.equal(checkAlias("_blue-2"), "_blue-2");
  for (const bad of ["", "v3", "latest", "a b", "1st", "x".repeat(256)])
    assert.equal(codeAndMessage(() => checkAlias(bad)).code, "BAD_USER_INPUT", bad);
});

const SKLEARN_MLMODEL = `artifact_path: s3://mlflow/3/models/m-1/artifacts
flavors:
  python_function:
    env:
      virtualenv: python_env.yaml
    loader_module: mlflow.sklearn
    model_path: model.pkl
    predict_fn: predict
    python_version: 3.11.9
  sklearn:
    code: null
    pickled_model: model.pkl
    serialization_format: cloudpickle
    sklearn_version: 1.5.2
mlflow_version: 3.17.2
model_id: m-1
`;

test("readMlmodel refuses a scikit-learn model with UNSUPPORTED_MODEL naming its flavors", () => {
  const err = codeAndMessage(() => readMlmodel(SKLEARN_MLMODEL, 'model "m" version 1'));
  assert.equal(err.code, "UNSUPPORTED_MODEL");
  assert.match(err.message, /flavors python_function, sklearn/);
  assert.equal(codeAndMessage(() => readMlmodel(": : not yaml [", "m")).code, "UNSUPPORTED_MODEL");
  assert.equal(codeAndMessage(() => readMlmodel("flavors: {}\n", "m")).code, "UNSUPPORTED_MODEL");
});

test("readMlmodel refuses a python_function-only model (custom code) and says how to make it servable", () => {
  const text = "flavors:\n  python_function:\n    loader_module: my_team.model\n    python_version: 3.11.9\n";
  const err = codeAndMessage(() => readMlmodel(text, 'model "custom" version 3'));
  assert.equal(err.code, "UNSUPPORTED_MODEL");
  assert.match(err.message, /flavors python_function;/);
  assert.match(err.message, /mlflow\.onnx\.log_model/);
  assert.match(err.message, /never loads pickles/);
});

test("readMlmodel finds the gateway flavor's model file, model.json when the flavor names none", () => {
  // A name other than the default, so the test fails if model_file were ignored.
  const named = readMlmodel("flavors:\n  mlops_gateway:\n    model_file: weights-v2.json\n", "m");
  assert.deepEqual(named, {
    flavors: ["mlops_gateway"],
    flavor: "mlops_gateway",
    modelFile: "weights-v2.json",
  });
  const unnamed = readMlmodel("flavors:\n  mlops_gateway:\n    format_version: 1\n", "m");
  assert.deepEqual(unnamed, { flavors: ["mlops_gateway"], flavor: "mlops_gateway", modelFile: "model.json" });
});

test("readGatewayModelFile accepts format version 1 and refuses anything else", () => {
  const file = {
    format: "mlops_gateway",
    formatVersion: 1,
    algorithm: "LOGISTIC_REGRESSION",
    params: {},
    label: "species",
    classes: ["a", "b"],
    inputs: [{ name: "x", type: "double" }],
    pipeline: { numeric: [], categorical: [], bias: true },
    estimator: {},
    createdAt: "2026-01-01T00:00:00Z",
  };
  assert.equal(readGatewayModelFile(JSON.stringify(file), "m").label, "species");
  for (const bad of [
    { ...file, formatVersion: 2 },
    { ...file, format: "pickle" },
    { ...file, classes: [] },
  ])
    assert.equal(
      codeAndMessage(() => readGatewayModelFile(JSON.stringify(bad), "m")).code,
      "UNSUPPORTED_MODEL",
    );
  assert.equal(codeAndMessage(() => readGatewayModelFile("{", "m")).code, "UNSUPPORTED_MODEL");
});

test("LruCache evicts the least recently used entries beyond its byte budget, never the newest", () => {
  const cache = new LruCache<string, number>(10, 100);
  cache.set("a", 1, 40);
  cache.set("b", 2, 40);
  cache.get("a"); // b is now the least recently used
  cache.set("c", 3, 40);
  assert.deepEqual(cache.keys(), ["a", "c"]);
  assert.equal(cache.weight, 80);
  cache.set("d", 4, 0);
  cache.setWeight("d", 500); // alone over budget: everything older goes, d stays
  assert.deepEqual(cache.keys(), ["d"]);
  assert.equal(cache.weight, 500);
  cache.delete("d");
  assert.equal(cache.weight, 0);
});
