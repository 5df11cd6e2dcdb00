// The boosted families, as scikit-learn computes them: gradient boosting with softmax (multinomial deviance)
// over regression trees, and SAMME AdaBoost over depth-limited classification trees. Pure compute, plain JSON state.
import { growClassifier, growRegressor, leafValue, sortedOrders, TreeNode } from "./weighted-tree";

/** Gradient boosting's fitted state: one tree per class and stage, added to the log prior of each class. */
export interface GradientBoostingState {
  /** Local class index → job class index (a training part may lack classes). */
  classes: number[];
  /** Raw score of each local class before any tree: log of its share in the training rows. */
  init: number[];
  learningRate: number;
  /** trees[stage][class]; each leaf's value[0] is added (times learningRate) to that class's raw score. */
  trees: TreeNode[][];
}

export interface GradientBoostingOptions {
  nEstimators: number;
  learningRate: number;
  maxDepth: number;
  subsample: number;
}

/** `take` of `items` without replacement (a partial Fisher–Yates shuffle), in drawn order. */
function sample(items: number[], take: number, random: () => number): number[] {
  const pool = [...items];
  for (let i = 0; i < take; i++) {
    const j = i + Math.min(pool.length - i - 1, Math.floor(random() * (pool.length - i)));
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return pool.slice(0, take);
}

const softmax = (scores: number[]): number[] => {
  const max = Math.max(...scores);
  const e = scores.map((s) => Math.exp(s - max));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / sum);
};

/**
 * Fit on local labels y in 0..K-1 (K ≥ 2). Each stage fits, for every class k, a regression tree to the
 * residuals y_k − p_k and sets each leaf to scikit-learn's Newton step (K−1)/K · Σr / Σ|r|(1−|r|).
 * With subsample < 1 each stage draws that share of the rows without replacement (stochastic boosting).
 */
export function fitGradientBoosting(
  X: number[][],
  y: number[],
  classes: number[],
  opts: GradientBoostingOptions,
  random: () => number,
): GradientBoostingState {
  const K = classes.length;
  const n = X.length;
  const counts = new Array<number>(K).fill(0);
  for (const c of y) counts[c]++;
  const init = counts.map((c) => Math.log(Math.max(c, 1e-12) / n));
  const raw = X.map(() => [...init]);
  const trees: TreeNode[][] = [];
  const all = Array.from({ length: n }, (_, i) => i);
  const take = Math.max(1, Math.round(opts.subsample * n));
  const grow = { maxDepth: opts.maxDepth, minSamplesSplit: 2, minSamplesLeaf: 1 };
  const allOrders = sortedOrders(X, all);
  for (let m = 0; m < opts.nEstimators; m++) {
    const rows = take >= n ? all : sample(all, take, random);
    let orders = allOrders;
    if (take < n) {
      const inside = new Uint8Array(n);
      for (const i of rows) inside[i] = 1;
      orders = allOrders.map((o) => o.filter((i) => inside[i]));
    }
    const p = raw.map(softmax);
    const stage: TreeNode[] = [];
    for (let k = 0; k < K; k++) {
      const residual = y.map((c, i) => (c === k ? 1 : 0) - p[i][k]);
      const tree = growRegressor(
        X,
        residual,
        rows,
        grow,
        (leafRows) => {
          let num = 0;
          let den = 0;
          for (const i of leafRows) {
            num += residual[i];
            den += Math.abs(residual[i]) * (1 - Math.abs(residual[i]));
          }
          return den < 1e-150 ? 0 : ((K - 1) / K) * (num / den);
        },
        orders,
      );
      stage.push(tree);
    }
    // Update every row (out-of-bag ones too) after the stage: the K trees see the same probabilities.
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < K; k++) raw[i][k] += opts.learningRate * leafValue(stage[k], X[i])[0];
    }
    trees.push(stage);
  }
  return { classes, init, learningRate: opts.learningRate, trees };
}

/** Probabilities over the local classes: softmax of the raw scores. */
export function gradientBoostingProba(state: GradientBoostingState, X: number[][]): number[][] {
  return X.map((row) => {
    const raw = [...state.init];
    for (const stage of state.trees) {
      for (let k = 0; k < stage.length; k++) raw[k] += state.learningRate * leafValue(stage[k], row)[0];
    }
    return softmax(raw);
  });
}

/** AdaBoost's fitted state: weighted votes of classification trees. */
export interface AdaBoostState {
  classes: number[];
  /** Each tree's vote weight (SAMME's α). */
  weights: number[];
  /** Leaves hold the weighted class shares; a tree votes for its leaf's largest share. */
  trees: TreeNode[];
}

export interface AdaBoostOptions {
  nEstimators: number;
  learningRate: number;
  maxDepth: number;
}

const argmax = (v: number[]) => v.reduce((best, x, i) => (x > v[best] ? i : best), 0);

/**
 * SAMME (scikit-learn's AdaBoostClassifier): each round fits a weighted tree, gives it the weight
 * α = learningRate · (log((1−err)/err) + log(K−1)), and multiplies the weight of each misclassified row by e^α.
 * A perfect tree ends the boosting with weight 1; a tree no better than chance ends it (and is dropped unless first).
 */
export function fitAdaBoost(
  X: number[][],
  y: number[],
  classes: number[],
  opts: AdaBoostOptions,
): AdaBoostState {
  const K = classes.length;
  const n = X.length;
  let w = new Array<number>(n).fill(1 / n);
  const trees: TreeNode[] = [];
  const weights: number[] = [];
  const grow = { maxDepth: opts.maxDepth, minSamplesSplit: 2, minSamplesLeaf: 1 };
  const orders = sortedOrders(
    X,
    Array.from({ length: n }, (_, i) => i),
  );
  for (let m = 0; m < opts.nEstimators; m++) {
    const tree = growClassifier(X, y, w, K, grow, orders);
    const wrong = X.map((row, i) => argmax(leafValue(tree, row)) !== y[i]);
    const total = w.reduce((a, b) => a + b, 0);
    const err = wrong.reduce((s, bad, i) => s + (bad ? w[i] : 0), 0) / total;
    if (err <= 0) {
      trees.push(tree);
      weights.push(1);
      break;
    }
    if (err >= 1 - 1 / K) {
      if (!trees.length) {
        trees.push(tree);
        weights.push(1);
      }
      break;
    }
    const alpha = opts.learningRate * (Math.log((1 - err) / err) + Math.log(K - 1));
    trees.push(tree);
    weights.push(alpha);
    w = w.map((v, i) => (wrong[i] ? v * Math.exp(alpha) : v));
    const sum = w.reduce((a, b) => a + b, 0);
    w = w.map((v) => v / sum);
  }
  return { classes, weights, trees };
}

/** scikit-learn's SAMME probabilities: softmax of the normalized weighted votes divided by K−1. */
export function adaBoostProba(state: AdaBoostState, X: number[][]): number[][] {
  const K = state.classes.length;
  const totalWeight = state.weights.reduce((a, b) => a + b, 0) || 1;
  return X.map((row) => {
    const votes = new Array<number>(K).fill(0);
    state.trees.forEach((t, m) => {
      votes[argmax(leafValue(t, row))] += state.weights[m];
    });
    return softmax(votes.map((v) => v / totalWeight / Math.max(1, K - 1)));
  });
}
