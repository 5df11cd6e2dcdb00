import assert from "node:assert/strict";
import { test } from "node:test";
import { advance, advancing, halvingSchedule, restrictPlan } from "../../src/services/training/halving";
import { seededRandom } from "../../src/services/training/prng";
import {
  longestFirst,
  parseSearchSpaces,
  planTrials,
  sampleRandom,
  trialCostHint,
  TrialSpec,
} from "../../src/services/training/search";
import { planEvaluation } from "../../src/services/training/split";
import { logDensity, normalCdf, parzen, suggestTpe, Observation } from "../../src/services/training/tpe";

// A space where random sampling needs many trials: a narrow optimum in two ranges (one on a log scale) and a list.
const spaces = parseSearchSpaces(
  [
    {
      algorithm: "GRADIENT_BOOSTING",
      params: {
        learningRate: { min: 0.001, max: 10, log: true },
        subsample: { min: 0.01, max: 1 },
        maxDepth: [1, 2, 3, 4, 5, 6, 7, 8],
      },
    },
  ],
  "TPE",
);
const objective = (s: TrialSpec) => {
  const lr = Math.log10(s.params.learningRate as number) - Math.log10(0.05);
  const sub = ((s.params.subsample as number) - 0.62) * 4;
  const depth = ((s.params.maxDepth as number) - 5) / 2;
  return -(lr * lr + sub * sub + depth * depth);
};

function tpeBest(seed: number, budget: number, batch: number): number {
  const rand = seededRandom(seed);
  const history: Observation[] = [];
  while (history.length < budget) {
    const specs = suggestTpe(spaces, history, Math.min(batch, budget - history.length), rand);
    for (const spec of specs) history.push({ spec, score: objective(spec) });
  }
  return Math.max(...history.map((h) => h.score));
}

test("TPE finds a better best score than RANDOM with the same budget, on average over seeds", () => {
  const seeds = [1, 2, 3, 4, 5, 6, 7, 8];
  const budget = 40;
  const tpe = seeds.map((s) => tpeBest(s, budget, 2));
  const random = seeds.map((s) => Math.max(...sampleRandom(spaces, budget, s, 1000).map(objective)));
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  assert.ok(mean(tpe) > mean(random), `TPE mean best ${mean(tpe)}, RANDOM ${mean(random)}`);
});

test("TPE is reproducible from its seed and keeps suggestions inside the ranges", () => {
  const run = () => {
    const rand = seededRandom(9);
    const history: Observation[] = [];
    while (history.length < 20) {
      for (const spec of suggestTpe(spaces, history, 3, rand)) history.push({ spec, score: objective(spec) });
    }
    return history.map((h) => h.spec);
  };
  const a = run();
  assert.deepEqual(a, run());
  for (const s of a) {
    const lr = s.params.learningRate as number;
    assert.ok(lr >= 0.001 && lr <= 10, `learningRate ${lr}`);
    assert.ok(Number.isInteger(s.params.maxDepth));
  }
});

test("TPE density pieces: Φ and a truncated Parzen mixture integrate as expected", () => {
  assert.ok(Math.abs(normalCdf(0) - 0.5) < 1e-7);
  assert.ok(Math.abs(normalCdf(1.959964) - 0.975) < 1e-6);
  const m = parzen([2, 3], 0, 10);
  assert.deepEqual(m.mus, [5, 2, 3]);
  // sigma of 2: max(2 - 0, 3 - 2) = 2, raised to the floor 10 / (2 + 1); sigma of 3: max(1, 10 - 3) = 7;
  // the prior spans the range.
  assert.deepEqual(m.sigmas, [10, 10 / 3, 7]);
  let integral = 0;
  for (let x = 0.005; x < 10; x += 0.01) integral += Math.exp(logDensity(m, x, 0, 10)) * 0.01;
  assert.ok(Math.abs(integral - 1) < 1e-3, `integral ${integral}`);
});

test("TPE and HALVING need trials where the search is unbounded, naming input.trials", () => {
  assert.throws(
    () => planTrials(spaces, "TPE", null, 1, 100),
    (e: Error & { extensions?: { field?: string } }) => e.extensions?.field === "input.trials",
  );
  assert.throws(
    () => planTrials(spaces, "HALVING", undefined, 1, 100),
    (e: Error & { extensions?: { field?: string } }) => e.extensions?.field === "input.trials",
  );
  assert.equal(planTrials(spaces, "HALVING", 7, 1, 100).length, 7);
});

test("halving schedule: rungs until one candidate remains, a third of the rows per earlier rung", () => {
  assert.deepEqual(halvingSchedule(9, 270, 10), [30, 90, 270]);
  assert.deepEqual(halvingSchedule(10, 270, 10), [10, 30, 90, 270]);
  assert.deepEqual(halvingSchedule(27, 270, 20), [20, 30, 90, 270]);
  assert.deepEqual(halvingSchedule(1, 100, 10), [100]);
  assert.deepEqual([9, 3, 1].map(advancing), [3, 1, 1]);
  assert.equal(advancing(10), 4);
});

test("halving advances the best third by score, unscored last, ties to the earlier candidate", () => {
  const scored = [
    { index: 0, score: 0.5 },
    { index: 1, score: 0.9 },
    { index: 2, score: undefined },
    { index: 3, score: 0.9 },
    { index: 4, score: 0.7 },
  ];
  assert.deepEqual(advance(scored, 2), [1, 3]);
  assert.deepEqual(advance(scored, 3), [1, 3, 4]);
  assert.deepEqual(advance(scored, 5), [0, 1, 2, 3, 4]);
});

test("a halving rung trains on a stratified subset of the training rows; folds stay inside it", () => {
  const labels = Array.from({ length: 120 }, (_, i) => i % 3);
  const plan = planEvaluation(labels, { testFraction: 0.25, folds: 3, seed: 5 });
  const small = restrictPlan(plan, labels, 30, 5);
  assert.equal(small.train.length, 30);
  assert.deepEqual(small.test, plan.test);
  for (let c = 0; c < 3; c++) assert.equal(small.train.filter((i) => labels[i] === c).length, 10);
  const inside = new Set(small.train);
  for (const f of small.folds) for (const i of [...f.train, ...f.valid]) assert.ok(inside.has(i));
  assert.deepEqual(restrictPlan(plan, labels, 30, 5), small);
  assert.equal(restrictPlan(plan, labels, 1000, 5), plan);
});

test("trials are queued longest first: by the product of numSteps, nEstimators and maxDepth, ties in grid order", () => {
  const spec = (algorithm: TrialSpec["algorithm"], params: TrialSpec["params"]): TrialSpec => ({
    algorithm,
    params,
  });
  const trials = [
    spec("LOGISTIC_REGRESSION", { learningRate: 0.1, numSteps: 400 }),
    spec("LOGISTIC_REGRESSION", { learningRate: 0.2, numSteps: 1200 }),
    spec("KNN", { k: 5 }),
    spec("LOGISTIC_REGRESSION", { learningRate: 0.3, numSteps: 1200 }),
    spec("RANDOM_FOREST", { nEstimators: 100, maxDepth: 20 }),
    spec("LOGISTIC_REGRESSION", { learningRate: 0.4, numSteps: 800 }),
  ];
  assert.deepEqual(trials.map(trialCostHint), [400, 1200, 1, 1200, 2000, 800]);
  assert.deepEqual(longestFirst(trials), [4, 1, 3, 5, 0, 2]);
  assert.deepEqual(longestFirst([]), []);
});
