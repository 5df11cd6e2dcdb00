import assert from "node:assert/strict";
import { test } from "node:test";
import { GraphQLError } from "graphql";
import {
  accuracy,
  binaryAuc,
  logLoss,
  macroPrecisionRecallF1,
  meanStd,
  rocAucOvr,
  scoreAll,
} from "../../src/services/training/metrics";
import { fitPipeline, labelRows, transformRows } from "../../src/services/models/pipeline";
import { planEvaluation, stratifiedKFold, stratifiedSplit } from "../../src/services/training/split";
import { seededRandom } from "../../src/services/training/prng";
import { parseSearchSpaces, pickBest, planTrials } from "../../src/services/training/search";
import { buildMlmodel } from "../../src/services/models/mlmodel";
import type { TrialRecord } from "../../src/services/training/job-store";
import { parse as parseYaml } from "yaml";

const close = (actual: number, expected: number, eps = 1e-9) =>
  assert.ok(Math.abs(actual - expected) < eps, `${actual} is not ${expected}`);

/** Asserts fn throws BAD_USER_INPUT naming `field`, with a message matching `message`. */
function badInputOn(fn: () => unknown, field: string, message?: RegExp) {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof GraphQLError, String(err));
    assert.equal(err.extensions.code, "BAD_USER_INPUT");
    assert.equal(err.extensions.field, field, err.message);
    if (message) assert.match(err.message, message);
    return true;
  });
}

test("accuracy and macro precision, recall and F1 match hand-computed values", () => {
  const yTrue = [0, 0, 1, 1, 2, 2];
  const yPred = [0, 1, 1, 1, 2, 0];
  close(accuracy(yTrue, yPred), 4 / 6);
  // class 0: P 1/2 R 1/2 F1 1/2; class 1: P 2/3 R 1 F1 0.8; class 2: P 1 R 1/2 F1 2/3
  const prf = macroPrecisionRecallF1(yTrue, yPred);
  close(prf.precision, (0.5 + 2 / 3 + 1) / 3);
  close(prf.recall, (0.5 + 1 + 0.5) / 3);
  close(prf.f1, (0.5 + 0.8 + 2 / 3) / 3);
});

test("a class that is never predicted counts with precision 0 in the macro average", () => {
  const prf = macroPrecisionRecallF1([0, 1], [0, 0]);
  close(prf.precision, (0.5 + 0) / 2);
  close(prf.recall, (1 + 0) / 2);
});

test("log loss is the mean negative log probability of the true class, clipped", () => {
  close(
    logLoss(
      [0, 1],
      [
        [0.8, 0.2],
        [0.4, 0.6],
      ],
    ),
    -(Math.log(0.8) + Math.log(0.6)) / 2,
  );
  close(logLoss([0], [[0, 1]]), -Math.log(1e-15));
});

test("ROC AUC counts correctly ordered positive/negative pairs, ties as one half", () => {
  close(binaryAuc([true, false, true, false], [0.9, 0.8, 0.3, 0.1]), 3 / 4);
  close(binaryAuc([true, false], [0.5, 0.5]), 0.5);
  assert.ok(Number.isNaN(binaryAuc([true, true], [0.1, 0.2])));
  const P = [
    [0.7, 0.2, 0.1],
    [0.3, 0.4, 0.3],
    [0.2, 0.5, 0.3],
    [0.1, 0.3, 0.6],
    [0.5, 0.3, 0.2],
    [0.2, 0.2, 0.6],
  ];
  // per class: 7/8, 6.5/8, 4.5/8 (scikit-learn's roc_auc_score(multi_class="ovr") gives 0.75 too)
  close(rocAucOvr([0, 0, 1, 1, 2, 2], P, 3), 0.75);
  const all = scoreAll([0, 0, 1, 1, 2, 2], P, 3);
  close(all.log_loss!, 0.9296718782251068, 1e-12);
  close(all.accuracy!, 3 / 6); // argmax picks 0, 1, 1, 2, 0, 2
});

test("mean and population standard deviation", () => {
  const { mean, std } = meanStd([1, 2, 3, 4]);
  close(mean, 2.5);
  close(std, Math.sqrt(1.25));
});

test("labelRows drops rows with a missing label and numbers classes in sorted order", () => {
  const out = labelRows([{ y: "b" }, { y: null }, { y: "a" }, { y: "" }, { y: "b" }, {}], "y");
  assert.deepEqual(out.classes, ["a", "b"]);
  assert.deepEqual(out.labels, [1, 0, 1]);
  assert.equal(out.dropped, 3);
});

test("the pipeline imputes, one-hot encodes, standardizes and appends a bias column", () => {
  const train = [
    { x: 1, c: "red" },
    { x: 3, c: "blue" },
    { x: null, c: "red" },
    { x: 5, c: null },
  ];
  const features = [
    { name: "x", numeric: true },
    { name: "c", numeric: false },
  ];
  const state = fitPipeline(train, features, { bias: true });
  assert.deepEqual(state.numeric, [{ name: "x", mean: 3, std: Math.sqrt(8 / 3) }]);
  assert.deepEqual(state.categorical, [{ name: "c", categories: ["blue", "red"], mostFrequent: "red" }]);
  const s = Math.sqrt(8 / 3);
  assert.deepEqual(
    transformRows(state, [
      { x: 1, c: "red" },
      { x: null, c: null },
      { x: "5", c: "green" },
    ]),
    [
      [(1 - 3) / s, 0, 1, 1],
      [0, 0, 1, 1],
      // an unseen category encodes as all zeros
      [(5 - 3) / s, 0, 0, 1],
    ],
  );
  const noBias = fitPipeline([{ k: 7 }, { k: 7 }], [{ name: "k", numeric: true }], { bias: false });
  assert.deepEqual(transformRows(noBias, [{ k: 7 }]), [[0]], "a constant column stays finite");
});

test("the pipeline reports values that are not numbers in numeric columns", () => {
  const state = fitPipeline([{ x: 1 }, { x: 2 }], [{ name: "x", numeric: true }], { bias: false });
  const seen: string[] = [];
  transformRows(state, [{ x: 1 }, { x: "abc" }], (row, col, v) => seen.push(`${row}:${col}:${String(v)}`));
  assert.deepEqual(seen, ["1:x:abc"]);
});

test("stratified split keeps class proportions and is reproducible from the seed", () => {
  const labels = [...Array(60).fill(0), ...Array(30).fill(1), ...Array(10).fill(2)];
  const idx = labels.map((_, i) => i);
  const a = stratifiedSplit(idx, labels, 0.2, seededRandom(7));
  const b = stratifiedSplit(idx, labels, 0.2, seededRandom(7));
  assert.deepEqual(a, b);
  assert.equal(a.test.length, 20);
  const count = (rows: number[], c: number) => rows.filter((i) => labels[i] === c).length;
  assert.deepEqual([count(a.test, 0), count(a.test, 1), count(a.test, 2)], [12, 6, 2]);
  assert.deepEqual(
    [...a.train, ...a.test].sort((x, y) => x - y),
    idx,
  );
  assert.notDeepEqual(stratifiedSplit(idx, labels, 0.2, seededRandom(8)).test, a.test);
});

test("stratified k-fold gives disjoint validation folds covering every row, each with every class", () => {
  const labels = [...Array(25).fill(0), ...Array(15).fill(1), ...Array(10).fill(2)];
  const idx = labels.map((_, i) => i);
  const folds = stratifiedKFold(idx, labels, 5, seededRandom(1));
  assert.equal(folds.length, 5);
  assert.deepEqual(
    folds.flatMap((f) => f.valid).sort((x, y) => x - y),
    idx,
  );
  for (const f of folds) {
    assert.equal(f.valid.length, 10);
    assert.deepEqual(new Set(f.valid.map((i) => labels[i])), new Set([0, 1, 2]));
    assert.equal(f.train.length + f.valid.length, 50);
    assert.ok(f.train.every((i) => !f.valid.includes(i)));
  }
});

test("planEvaluation uses a validation split when folds < 2 and refuses impossible plans", () => {
  const labels = [...Array(40).fill(0), ...Array(40).fill(1)];
  const plan = planEvaluation(labels, { testFraction: 0.25, folds: 0, seed: 3 });
  assert.equal(plan.test.length, 20);
  assert.equal(plan.folds.length, 1);
  assert.equal(plan.folds[0].valid.length, 12);
  assert.ok(plan.folds[0].valid.every((i) => !plan.test.includes(i)));
  badInputOn(() => planEvaluation([0, 1, 0, 1], { testFraction: 0.2, folds: 10, seed: 1 }), "input.folds");
});

test("GRID expands the cartesian product with defaults filled in", () => {
  const spaces = parseSearchSpaces(
    [
      { algorithm: "LOGISTIC_REGRESSION", params: { numSteps: [100, 200], learningRate: [0.1, 0.5] } },
      { algorithm: "KNN", params: { k: 3 } },
    ],
    "GRID",
  );
  const trials = planTrials(spaces, "GRID", null, 42, 200);
  assert.deepEqual(trials, [
    { algorithm: "LOGISTIC_REGRESSION", params: { learningRate: 0.1, numSteps: 100 } },
    { algorithm: "LOGISTIC_REGRESSION", params: { learningRate: 0.1, numSteps: 200 } },
    { algorithm: "LOGISTIC_REGRESSION", params: { learningRate: 0.5, numSteps: 100 } },
    { algorithm: "LOGISTIC_REGRESSION", params: { learningRate: 0.5, numSteps: 200 } },
    { algorithm: "KNN", params: { k: 3, weights: "uniform" } },
  ]);
});

test("RANDOM sampling is reproducible from the seed, samples lists without replacement and respects ranges", () => {
  const grid = [
    {
      algorithm: "LOGISTIC_REGRESSION",
      params: { learningRate: { min: 0.001, max: 1, log: true }, numSteps: [100, 200, 300] },
    },
  ];
  const spaces = parseSearchSpaces(grid, "RANDOM");
  const a = planTrials(spaces, "RANDOM", 10, 5, 200);
  const b = planTrials(parseSearchSpaces(grid, "RANDOM"), "RANDOM", 10, 5, 200);
  assert.deepEqual(a, b);
  assert.equal(a.length, 10);
  assert.notDeepEqual(planTrials(spaces, "RANDOM", 10, 6, 200), a);
  for (const t of a) {
    const lr = t.params.learningRate as number;
    assert.ok(lr >= 0.001 && lr <= 1, String(lr));
    assert.ok([100, 200, 300].includes(t.params.numSteps as number));
  }
  const lists = parseSearchSpaces([{ algorithm: "KNN", params: { k: [1, 2, 3, 4, 5, 6] } }], "RANDOM");
  const picked = planTrials(lists, "RANDOM", 4, 1, 200).map((t) => t.params.k);
  assert.equal(new Set(picked).size, 4, "distinct combinations");
  assert.equal(planTrials(lists, "RANDOM", 50, 1, 200).length, 6, "at most the whole grid");
});

test("unknown or out-of-range hyperparameters are BAD_USER_INPUT naming the field and what is allowed", () => {
  badInputOn(
    () => parseSearchSpaces([{ algorithm: "LOGISTIC_REGRESSION", params: { learningRat: [0.1] } }], "GRID"),
    "input.grid[0].params.learningRat",
    /allowed: learningRate .*numSteps/,
  );
  badInputOn(
    () =>
      parseSearchSpaces(
        [
          { algorithm: "KNN", params: {} },
          { algorithm: "LOGISTIC_REGRESSION", params: { learningRate: [0.1, -1] } },
        ],
        "GRID",
      ),
    "input.grid[1].params.learningRate[1]",
    /learningRate \(number > 0/,
  );
  badInputOn(
    () => parseSearchSpaces([{ algorithm: "DECISION_TREE", params: { maxDepth: [2.5] } }], "GRID"),
    "input.grid[0].params.maxDepth[0]",
    /whole number/,
  );
  badInputOn(
    () => parseSearchSpaces([{ algorithm: "KNN", params: { weights: ["closest"] } }], "GRID"),
    "input.grid[0].params.weights[0]",
    /"uniform", "distance"/,
  );
  badInputOn(
    () => parseSearchSpaces([{ algorithm: "KNN", params: { k: { min: 1, max: 9 } } }], "GRID"),
    "input.grid[0].params.k",
    /RANDOM/,
  );
  badInputOn(
    () => parseSearchSpaces([{ algorithm: "XGBOOST", params: {} }], "GRID"),
    "input.grid[0].algorithm",
  );
  badInputOn(() => parseSearchSpaces([], "GRID"), "input.grid");
});

test("the number of trials is capped by maxTrials with a clear error", () => {
  const spaces = parseSearchSpaces([{ algorithm: "KNN", params: { k: [1, 2, 3, 4, 5] } }], "GRID");
  assert.equal(planTrials(spaces, "GRID", null, 1, 5).length, 5);
  badInputOn(
    () => planTrials(spaces, "GRID", null, 1, 4),
    "input.grid",
    /5 trials, more than the limit of 4/,
  );
  const ranged = parseSearchSpaces([{ algorithm: "KNN", params: { k: { min: 1, max: 50 } } }], "RANDOM");
  badInputOn(() => planTrials(ranged, "RANDOM", 201, 1, 200), "input.trials", /limit of 200/);
  badInputOn(() => planTrials(ranged, "RANDOM", null, 1, 200), "input.trials");
});

test("the MLmodel file names the onnx, python_function and gateway flavors, the run and a tensor signature", () => {
  const text = buildMlmodel({
    runId: "abc123",
    modelUuid: "0123456789abcdef0123456789abcdef",
    createdAt: new Date("2026-01-02T03:04:05.678Z"),
    mlflowVersion: "3.17.2",
    model: {
      format: "mlops_gateway",
      formatVersion: 1,
      algorithm: "KNN",
      params: { k: 5, weights: "uniform" },
      label: "species",
      classes: ["Adelie", "Gentoo"],
      inputs: [
        { name: "bill_length_mm", type: "double" },
        { name: "island", type: "string" },
      ],
      pipeline: { numeric: [], categorical: [], bias: false },
      estimator: {},
      createdAt: "2026-01-02T03:04:05.678Z",
    },
  });
  const doc = parseYaml(text) as Record<string, unknown>;
  assert.equal(doc.artifact_path, "model");
  assert.equal(doc.run_id, "abc123");
  assert.equal(doc.utc_time_created, "2026-01-02 03:04:05.678000");
  assert.equal(doc.mlflow_version, "3.17.2");
  assert.deepEqual((doc.flavors as Record<string, unknown>).mlops_gateway, {
    model_file: "model.json",
    format_version: 1,
    algorithm: "KNN",
    params: { k: 5, weights: "uniform" },
    label: "species",
    classes: ["Adelie", "Gentoo"],
  });
  const flavors = doc.flavors as Record<string, Record<string, unknown>>;
  assert.equal(flavors.onnx.data, "model.onnx");
  assert.equal(flavors.python_function.loader_module, "mlflow.onnx");
  assert.equal(flavors.python_function.data, "model.onnx");
  const signature = doc.signature as { inputs: string; outputs: string };
  assert.deepEqual(JSON.parse(signature.inputs), [
    { type: "tensor", "tensor-spec": { dtype: "float64", shape: [-1, 1] }, name: "bill_length_mm" },
    { type: "tensor", "tensor-spec": { dtype: "object", shape: [-1, 1] }, name: "island" },
  ]);
  assert.deepEqual(JSON.parse(signature.outputs), [
    { type: "tensor", "tensor-spec": { dtype: "object", shape: [-1] }, name: "label" },
    { type: "tensor", "tensor-spec": { dtype: "float32", shape: [-1, 2] }, name: "probabilities" },
  ]);
});

test("the best trial is the finished one with the best CV mean; log loss ranks lower first", () => {
  const trial = (
    index: number,
    status: TrialRecord["status"],
    metrics: Record<string, number>,
  ): TrialRecord => ({
    index,
    algorithm: "KNN",
    params: {},
    runId: `run${index}`,
    status,
    metrics,
    error: null,
    worker: null,
    owner: null,
    attempts: 1,
    startedAt: null,
    finishedAt: null,
  });
  const trials = [
    trial(0, "FINISHED", { cv_accuracy_mean: 0.9, cv_log_loss_mean: 0.3 }),
    trial(1, "FAILED", {}),
    trial(2, "FINISHED", { cv_accuracy_mean: 0.95, cv_log_loss_mean: 0.4 }),
    trial(3, "FINISHED", { cv_accuracy_mean: 0.95, cv_log_loss_mean: 0.2 }),
    trial(4, "KILLED", { cv_accuracy_mean: 0.99 }),
  ];
  assert.equal(pickBest(trials, "accuracy")?.index, 2, "first on ties");
  assert.equal(pickBest(trials, "log_loss")?.index, 3);
  assert.equal(pickBest([trials[1], trials[4]], "accuracy"), null);
});
