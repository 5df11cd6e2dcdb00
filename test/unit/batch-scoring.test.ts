// Vectorised batch scoring gives the very numbers the ml.js libraries give row by row (logistic, tree, forest).
import assert from "node:assert/strict";
import { test } from "node:test";
import LogisticRegression from "ml-logistic-regression";
import { DecisionTreeClassifier } from "ml-cart";
import { Matrix } from "ml-matrix";
import { RandomForestClassifier } from "ml-random-forest";
import { fitEstimator, loadEstimator } from "../../src/services/models/estimators";

/** Three overlapping Gaussian-ish blobs from a fixed LCG, so the test is the same every run. */
function data(n: number, seed = 7): { X: number[][]; y: number[] } {
  let s = seed;
  const rand = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 2 - 1;
  const X: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % 3;
    X.push([c + rand(), c * 0.5 + rand(), rand(), 1]);
    y.push(c);
  }
  return { X, y };
}

const normalize = (rows: number[][]) =>
  rows.map((r) => {
    const t = r.reduce((a, b) => a + b, 0);
    return r.map((v) => v / t);
  });
const leaf = (m: Matrix) => m.getRow(0).concat([0, 0, 0]).slice(0, 3);

const { X, y } = data(300);
const { X: batch } = data(1000, 99);

test("logistic regression: one product over the batch equals each one-vs-all classifier's testScores", () => {
  const fitted = fitEstimator("LOGISTIC_REGRESSION", { learningRate: 0.1, numSteps: 200 }, X, y, {
    nClasses: 3,
    seed: 1,
  });
  const state = fitted.toJSON() as { model: unknown };
  const got = loadEstimator("LOGISTIC_REGRESSION", state, 3).predictProba(batch);
  const lib = LogisticRegression.load(structuredClone(state.model));
  const scores = lib.classifiers.map((c) => c.testScores(new Matrix(batch)));
  assert.deepEqual(got, normalize(batch.map((_, i) => scores.map((s) => 1 - s[i]))));
});

test("decision tree: one pass of the flattened tree equals ml-cart's classify per row", () => {
  const fitted = fitEstimator("DECISION_TREE", { maxDepth: 6, minNumSamples: 3, gainThreshold: 0.01 }, X, y, {
    nClasses: 3,
    seed: 1,
  });
  const got = loadEstimator("DECISION_TREE", fitted.toJSON(), 3).predictProba(batch);
  const lib = DecisionTreeClassifier.load(structuredClone(fitted.toJSON()));
  assert.deepEqual(got, normalize(batch.map((r) => leaf(lib.root.classify(r)))));
  assert.ok(new Set(got.map((p) => p.indexOf(Math.max(...p)))).size > 1, "the tree tells classes apart");
});

test("random forest: one pass per tree over all rows equals the mean of the trees' leaves on their feature subsets", () => {
  const params = { nEstimators: 15, maxFeatures: 0.6, replacement: true, maxDepth: 5, minNumSamples: 3 };
  const fitted = fitEstimator("RANDOM_FOREST", params, X, y, { nClasses: 3, seed: 42 });
  const got = loadEstimator("RANDOM_FOREST", fitted.toJSON(), 3).predictProba(batch);
  const lib = RandomForestClassifier.load(structuredClone(fitted.toJSON()) as never) as unknown as {
    indexes: number[][];
    estimators: DecisionTreeClassifier[];
  };
  const want = batch.map((row) => {
    const sum = [0, 0, 0];
    lib.estimators.forEach((e, t) => {
      const d = leaf(e.root.classify(lib.indexes[t].map((j) => row[j])));
      for (let c = 0; c < 3; c++) sum[c] += d[c];
    });
    return sum;
  });
  assert.deepEqual(got, normalize(want));
});
