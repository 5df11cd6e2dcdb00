// The SVM, gradient boosting and AdaBoost pieces on cases small enough to compute by hand.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  adaBoostProba,
  fitAdaBoost,
  fitGradientBoosting,
  gradientBoostingProba,
} from "../../src/services/models/boosting";
import { fitEstimator, loadEstimator } from "../../src/services/models/estimators";
import { withDefaults } from "../../src/services/models/hyperparams";
import SVM from "libsvm-js/asm";
import {
  couple,
  decisionValues,
  fitSvm,
  parseSvmModel,
  scaleGamma,
  svmProba,
} from "../../src/services/models/svm";
import { growClassifier, leafValue } from "../../src/services/models/weighted-tree";
import { seededRandom } from "../../src/services/training/prng";

const close = (a: number, b: number, eps = 1e-9) => assert.ok(Math.abs(a - b) < eps, `${a} ≠ ${b}`);
const stump = { maxDepth: 1, minSamplesSplit: 2, minSamplesLeaf: 1 };

test("a weighted Gini stump splits at the midpoint, and sample weights move the split", () => {
  const X = [[1], [2], [3], [4]];
  const uniform = growClassifier(X, [0, 0, 1, 1], [1, 1, 1, 1], 2, stump);
  assert.deepEqual(uniform, {
    feature: 0,
    threshold: 2.5,
    left: { value: [1, 0] },
    right: { value: [0, 1] },
  });
  // y = 0 1 1 0: with equal weights 1.5 and 3.5 tie (w·gini 4/3 each) and the lower wins; weighting the last
  // row 5× makes 3.5 the best split (4/3 against 20/7 at 1.5).
  const y = [0, 1, 1, 0];
  assert.equal((growClassifier(X, y, [1, 1, 1, 1], 2, stump) as { threshold: number }).threshold, 1.5);
  const weighted = growClassifier(X, y, [1, 1, 1, 5], 2, stump) as {
    threshold: number;
    left: { value: number[] };
  };
  assert.equal(weighted.threshold, 3.5);
  assert.deepEqual(weighted.left.value, [1 / 3, 2 / 3]);
});

test("gradient boosting's first stage is the Newton step of the softmax loss", () => {
  // Two rows, two classes, priors 1/2: residuals ±1/2, each leaf (K−1)/K · Σr / Σ|r|(1−|r|) = ±1.
  const state = fitGradientBoosting(
    [[0], [1]],
    [0, 1],
    [0, 1],
    {
      nEstimators: 1,
      learningRate: 1,
      maxDepth: 1,
      subsample: 1,
    },
    seededRandom(1),
  );
  close(state.init[0], Math.log(0.5));
  assert.equal(leafValue(state.trees[0][0], [0])[0], 1);
  assert.equal(leafValue(state.trees[0][1], [0])[0], -1);
  const [p0, p1] = gradientBoostingProba(state, [[0], [1]]);
  close(p0[0], 1 / (1 + Math.exp(-2)));
  close(p1[1], 1 / (1 + Math.exp(-2)));
});

test("SAMME AdaBoost: tree weights log((1−err)/err) + log(K−1), misclassified rows reweighted", () => {
  // Round 1: the stump at 1.5 misses row 3 (err 1/3, α = log 2 + log 2); its weight grows ×4, so round 2's
  // best stump is at 2.5 and misses row 2 (err 1/6, α = log 5 + log 2).
  const state = fitAdaBoost([[1], [2], [3]], [0, 1, 2], [0, 1, 2], {
    nEstimators: 2,
    learningRate: 1,
    maxDepth: 1,
  });
  assert.equal(state.trees.length, 2);
  close(state.weights[0], Math.log(4));
  close(state.weights[1], Math.log(10));
  const proba = adaBoostProba(state, [[1], [2], [3]]);
  assert.deepEqual(
    proba.map((p) => p.indexOf(Math.max(...p))),
    [0, 0, 2],
  );
  // Row 3: votes (0, log 4, log 10) / log 40, halved (K − 1 = 2), then softmax.
  const z = [0, Math.log(4), Math.log(10)].map((v) => v / Math.log(40) / 2);
  const e = z.map(Math.exp);
  close(proba[2][2], e[2] / (e[0] + e[1] + e[2]));
  // A perfect first stump ends boosting with weight 1.
  const perfect = fitAdaBoost([[1], [2], [3], [4]], [0, 0, 1, 1], [0, 1], {
    nEstimators: 50,
    learningRate: 1,
    maxDepth: 1,
  });
  assert.deepEqual(perfect.weights, [1]);
});

test("SVM: gamma 'scale' is 1/(features · variance); libsvm separates three blobs with probabilities summing to 1", () => {
  close(
    scaleGamma([
      [0, 2],
      [2, 0],
    ]),
    0.5,
  );
  const X: number[][] = [];
  const y: number[] = [];
  const rand = seededRandom(3);
  [
    [0, 0],
    [4, 0],
    [0, 4],
  ].forEach(([cx, cy], c) => {
    for (let i = 0; i < 12; i++) {
      X.push([cx + rand() - 0.5, cy + rand() - 0.5]);
      y.push(c);
    }
  });
  for (const kernel of ["rbf", "linear"]) {
    const state = fitSvm(X, y, [0, 1, 2], { C: 1, kernel, gamma: 0 }, seededRandom(4));
    const proba = svmProba(state, [
      [0, 0],
      [4, 0],
      [0, 4],
    ]);
    assert.deepEqual(
      proba.map((p) => p.indexOf(Math.max(...p))),
      [0, 1, 2],
      kernel,
    );
    for (const p of proba)
      close(
        p.reduce((a, b) => a + b, 0),
        1,
        1e-6,
      );
    // The decision function read from libsvm's model file votes as libsvm's own predict does, on every row.
    const parsed = parseSvmModel(state.model, 2);
    const lib = SVM.load(state.model);
    const theirs = lib.predict(X);
    lib.free();
    const ours = X.map((x) => {
      const d = decisionValues(parsed, kernel, state.gamma, x);
      const votes = [0, 0, 0];
      let p = 0;
      for (let a = 0; a < 3; a++)
        for (let b = a + 1; b < 3; b++) votes[d[p++] > 0 ? parsed.labels[a] : parsed.labels[b]]++;
      return votes.indexOf(Math.max(...votes));
    });
    assert.deepEqual(ours, theirs, kernel);
    // The Platt folds come from the seed: the same seed, the same probabilities.
    const again = fitSvm(X, y, [0, 1, 2], { C: 1, kernel, gamma: 0 }, seededRandom(4));
    assert.deepEqual(svmProba(again, [[2, 2]]), svmProba(state, [[2, 2]]));
  }
  // Pairwise coupling: consistent pairwise probabilities (from p = 0.5, 0.3, 0.2) give p back.
  const p = [0.5, 0.3, 0.2];
  const r = p.map((pi) => p.map((pj) => pi / (pi + pj)));
  couple(r).forEach((v, i) => close(v, p[i], 1e-3));
});

test("the new families round-trip through JSON and scatter local classes to the job's classes", () => {
  // Classes 0 and 2 of 3 in the training part: class 1 gets probability 0.
  const X = [[0], [0.1], [0.2], [1], [1.1], [1.2]];
  const y = [0, 0, 0, 2, 2, 2];
  for (const algorithm of ["SVM", "GRADIENT_BOOSTING", "ADABOOST"] as const) {
    const fitted = fitEstimator(algorithm, withDefaults(algorithm, {}), X, y, {
      nClasses: 3,
      seed: 1,
    });
    const loaded = loadEstimator(algorithm, JSON.parse(JSON.stringify(fitted.toJSON())), 3);
    const probe = [[0.05], [1.15]];
    assert.deepEqual(loaded.predictProba(probe), fitted.predictProba(probe), algorithm);
    const [a, b] = loaded.predictProba(probe);
    assert.equal(a[1], 0, algorithm);
    assert.ok(a[0] > a[2] && b[2] > b[0], `${algorithm}: ${JSON.stringify([a, b])}`);
  }
  const single = fitEstimator("SVM", withDefaults("SVM", {}), X, [1, 1, 1, 1, 1, 1], {
    nClasses: 3,
    seed: 1,
  });
  assert.deepEqual(single.predictProba([[0]]), [[0, 1, 0]]);
});
