// The estimators (ml.js): fit on a numeric matrix, predict class probabilities, serialize to JSON and back.
import LogisticRegression from "ml-logistic-regression";
import { DecisionTreeClassifier } from "ml-cart";
import KNN from "ml-knn";
import { GaussianNB } from "ml-naivebayes";
import { RandomForestClassifier } from "ml-random-forest";
import { Matrix } from "ml-matrix";
import {
  AdaBoostState,
  adaBoostProba,
  fitAdaBoost,
  fitGradientBoosting,
  GradientBoostingState,
  gradientBoostingProba,
} from "./boosting";
import {
  accumulateTree,
  flattenTree,
  linearWeights,
  sigmoidScores,
  toRows,
  TreeNodeLike,
} from "./batch-scoring";
import type { AlgorithmName, ParamValue } from "./hyperparams";
import { seededRandom } from "./prng";
import { fitSvm, SvmState, svmProba } from "./svm";

/** A fitted estimator: rows of the pipeline's output in, one probability per class out (each row sums to 1). */
export interface Estimator {
  predictProba(X: number[][]): number[][];
  /** Plain JSON state, loadable by loadEstimator. */
  toJSON(): unknown;
}

export interface FitContext {
  /** Number of classes of the job (class indices are 0..nClasses-1; a training part may lack some). */
  nClasses: number;
  /** Seed for estimators with randomness (random forest, boosting's subsample, SVM's Platt folds). */
  seed: number;
}

/** Whether the algorithm needs the pipeline's constant bias column (ml-logistic-regression has no intercept). */
export const needsBias = (algorithm: AlgorithmName): boolean => algorithm === "LOGISTIC_REGRESSION";

const plain = (x: unknown): unknown => JSON.parse(JSON.stringify(x));
// The libraries' load() functions adopt and mutate what they are given (ml-knn links parents into the tree,
// making it circular): load from a copy so the state stays plain JSON.
const copy = <T>(x: T): T => structuredClone(x);

/** Rows normalized to sum to 1 (uniform when a row has no mass), scattered from local to global class indices. */
function toProba(local: number[][], classes: number[], nClasses: number): number[][] {
  return local.map((row) => {
    const out = new Array<number>(nClasses).fill(0);
    const total = row.reduce((a, b) => a + b, 0);
    for (let j = 0; j < classes.length; j++) {
      out[classes[j]] = total > 0 && Number.isFinite(total) ? row[j] / total : 1 / classes.length;
    }
    return out;
  });
}

/** The distinct classes of y in order, and y renumbered 0..m-1 (libraries that need contiguous labels). */
function localLabels(y: number[]): { classes: number[]; local: number[] } {
  const classes = [...new Set(y)].sort((a, b) => a - b);
  const index = new Map(classes.map((c, i) => [c, i]));
  return { classes, local: y.map((c) => index.get(c)!) };
}

/** A leaf distribution (Matrix row or array) as a plain array of nClasses. */
function leafRow(dist: Matrix | number[] | number[][], nClasses: number): number[] {
  const raw =
    dist instanceof Matrix
      ? dist.getRow(0)
      : Array.isArray(dist[0])
        ? (dist[0] as number[])
        : (dist as number[]);
  const out = new Array<number>(nClasses).fill(0);
  for (let i = 0; i < raw.length && i < nClasses; i++) out[i] = raw[i];
  return out;
}

// ---------------------------------------------------------------- logistic regression

interface LogisticState {
  classes: number[];
  model: unknown;
}

function logistic(state: LogisticState, nClasses: number): Estimator {
  const model = state.classes.length > 1 ? LogisticRegression.load(copy(state.model)) : null;
  // The whole batch in one product with the stacked one-vs-all weights, instead of one per classifier.
  const weights = model ? linearWeights(model.classifiers.map((c) => c.weights.getRow(0))) : null;
  return {
    predictProba(X) {
      if (!model)
        return toProba(
          X.map(() => [1]),
          state.classes,
          nClasses,
        );
      // Each one-vs-all classifier scores "not this class" (its targets are 0 for the class): 1 - score is the class.
      const scores = sigmoidScores(X, weights!);
      return toProba(
        toRows(scores, weights!.k, (s) => 1 - s),
        state.classes,
        nClasses,
      );
    },
    toJSON: () => state,
  };
}

/**
 * The training matrix for ml-logistic-regression, which transposes its (never modified) features at every
 * gradient step: computing the transpose once makes training about a third faster.
 */
class FixedMatrix extends Matrix {
  private transposed?: Matrix;
  override transpose(): Matrix {
    this.transposed ??= super.transpose();
    return this.transposed;
  }
}

function fitLogistic(
  params: Record<string, ParamValue>,
  X: number[][],
  y: number[],
  ctx: FitContext,
): Estimator {
  const { classes, local } = localLabels(y);
  if (classes.length < 2) return logistic({ classes, model: null }, ctx.nClasses);
  // ml-logistic-regression sums the gradient over rows: scale the step so learningRate means "per row".
  const lr = new LogisticRegression({
    numSteps: params.numSteps as number,
    learningRate: (params.learningRate as number) / X.length,
  });
  lr.train(new FixedMatrix(X), Matrix.columnVector(local));
  return logistic({ classes, model: plain(lr.toJSON()) }, ctx.nClasses);
}

// ---------------------------------------------------------------- decision tree

function tree(state: unknown, nClasses: number): Estimator {
  const model = DecisionTreeClassifier.load(copy(state));
  const flat = flattenTree(model.root as TreeNodeLike, nClasses, (d) => leafRow(d as Matrix, nClasses));
  return {
    // The leaf's class frequencies in the training rows that reached it (one pass of the tree over the batch).
    predictProba: (X) => {
      const acc = new Float64Array(X.length * nClasses);
      accumulateTree(flat, X, acc);
      return toProba(toRows(acc, nClasses), range(nClasses), nClasses);
    },
    toJSON: () => state,
  };
}

function fitTree(params: Record<string, ParamValue>, X: number[][], y: number[], ctx: FitContext): Estimator {
  const model = new DecisionTreeClassifier({
    maxDepth: params.maxDepth as number,
    minNumSamples: params.minNumSamples as number,
    gainThreshold: params.gainThreshold as number,
  });
  model.train(X, y);
  return tree(plain(model.toJSON()), ctx.nClasses);
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

// ---------------------------------------------------------------- random forest

interface ForestInternals {
  indexes: number[][];
  estimators: DecisionTreeClassifier[];
}

function forest(state: unknown, nClasses: number): Estimator {
  const model = RandomForestClassifier.load(copy(state) as Parameters<typeof RandomForestClassifier.load>[0]);
  const { indexes, estimators } = model as unknown as ForestInternals;
  // Each tree reads its feature subset straight from the row (no sub-row per row and tree).
  const trees = estimators.map((e, t) =>
    flattenTree(e.root as TreeNodeLike, nClasses, (d) => leafRow(d as Matrix, nClasses), indexes[t]),
  );
  return {
    // The mean of the trees' leaf class frequencies (scikit-learn's rule; equals vote fractions with pure leaves):
    // one pass per tree over the whole batch.
    predictProba(X) {
      const acc = new Float64Array(X.length * nClasses);
      for (const tree of trees) accumulateTree(tree, X, acc);
      return toProba(toRows(acc, nClasses), range(nClasses), nClasses);
    },
    toJSON: () => state,
  };
}

function fitForest(
  params: Record<string, ParamValue>,
  X: number[][],
  y: number[],
  ctx: FitContext,
): Estimator {
  const width = X[0]?.length ?? 0;
  const count = Math.max(1, Math.floor(width * (params.maxFeatures as number)));
  // ml-random-forest reads a value in (0, 1] as a fraction and floors it, and reads 1 as "all": pass a fraction that floors to count.
  const maxFeatures = count >= width ? 1.0 : (count + 0.5) / width;
  const model = new RandomForestClassifier({
    nEstimators: params.nEstimators as number,
    maxFeatures,
    replacement: params.replacement as boolean,
    seed: ctx.seed | 0,
    useSampleBagging: true,
    noOOB: true,
    treeOptions: {
      maxDepth: params.maxDepth as number,
      minNumSamples: params.minNumSamples as number,
      gainThreshold: 0.01,
    },
  });
  model.train(X, y);
  return forest(plain(model.toJSON()), ctx.nClasses);
}

// ---------------------------------------------------------------- k-nearest neighbours

interface KnnState {
  weights: string;
  model: unknown;
}

function knn(state: KnnState, nClasses: number): Estimator {
  const model = KNN.load(copy(state.model));
  return {
    // Vote fractions of the k nearest training rows (weighted by 1/distance when weights = "distance").
    predictProba(X) {
      return toProba(
        X.map((row) => {
          const votes = new Array<number>(nClasses).fill(0);
          const nearest = model.kdTree.nearest(row, model.k);
          const exact = nearest.filter(([, d]) => d === 0);
          for (const [point, d] of state.weights === "distance" && exact.length ? exact : nearest) {
            const label = point[point.length - 1];
            votes[label] += state.weights === "distance" && d > 0 ? 1 / d : 1;
          }
          return votes;
        }),
        range(nClasses),
        nClasses,
      );
    },
    toJSON: () => state,
  };
}

function fitKnn(params: Record<string, ParamValue>, X: number[][], y: number[], ctx: FitContext): Estimator {
  const k = params.k as number;
  // As scikit-learn: more neighbours than training rows is an error of this trial, not something to guess around.
  if (k > X.length)
    throw new Error(`k = ${k} is more than the ${X.length} rows this fit trains on: use a smaller k`);
  const model = new KNN(X, y, { k });
  return knn({ weights: params.weights as string, model: plain(model.toJSON()) }, ctx.nClasses);
}

// ---------------------------------------------------------------- Gaussian naive Bayes

interface BayesState {
  classes: number[];
  logPriors: number[];
  means: number[][];
  variances: number[][];
}

function bayes(state: BayesState, nClasses: number): Estimator {
  return {
    // Posterior from the class priors and per-feature Gaussians, normalized in log space (softmax).
    predictProba(X) {
      return toProba(
        X.map((row) => {
          const logJoint = state.classes.map((_, i) => {
            let s = state.logPriors[i];
            for (let j = 0; j < row.length; j++) {
              const v = state.variances[i][j];
              const d = row[j] - state.means[i][j];
              s -= 0.5 * Math.log(2 * Math.PI * v) + (d * d) / (2 * v);
            }
            return s;
          });
          const max = Math.max(...logJoint);
          return logJoint.map((l) => (Number.isFinite(max) ? Math.exp(l - max) : 1));
        }),
        state.classes,
        nClasses,
      );
    },
    toJSON: () => state,
  };
}

function fitBayes(
  params: Record<string, ParamValue>,
  X: number[][],
  y: number[],
  ctx: FitContext,
): Estimator {
  const { classes, local } = localLabels(y);
  const model = new GaussianNB();
  model.train(X, local);
  const width = X[0]?.length ?? 0;
  // As scikit-learn: add a fraction of the largest feature variance, so constant features stay finite.
  let maxVar = 0;
  for (let j = 0; j < width; j++) {
    const col = X.map((r) => r[j]);
    const mean = col.reduce((a, b) => a + b, 0) / col.length;
    maxVar = Math.max(maxVar, col.reduce((a, b) => a + (b - mean) ** 2, 0) / col.length);
  }
  const epsilon = Math.max((params.varSmoothing as number) * maxVar, 1e-12);
  const means = model.means.map((m) => Array.from(m));
  const variances = model.calculateProbabilities.map((c) =>
    range(width).map((j) => {
      // The library keeps -2·std² per feature; a class with one row has no spread (NaN): treat it as 0.
      const v = -(c[j + 1] as [number, number])[1] / 2;
      return (Number.isFinite(v) ? v : 0) + epsilon;
    }),
  );
  const logPriors = model.calculateProbabilities.map((c) => c[0] as number);
  return bayes({ classes, logPriors, means, variances }, ctx.nClasses);
}

// ---------------------------------------------------------------- SVM, gradient boosting, AdaBoost

/** The local-class state of svm.ts and boosting.ts: `classes` maps local to job classes. */
type LocalState = { classes: number[] };

/**
 * A family fitted on local labels (svm.ts, boosting.ts): one class in the training part predicts that class;
 * `proba` gives probabilities over the local classes, scattered to the job's classes here.
 */
function local<S extends LocalState>(proba: (state: S, X: number[][]) => number[][]) {
  return (state: S | (LocalState & { constant: true }), nClasses: number): Estimator => ({
    predictProba: (X) =>
      toProba("constant" in state ? X.map(() => [1]) : proba(state, X), state.classes, nClasses),
    toJSON: () => state,
  });
}

const svm = local<SvmState>(svmProba);
const gradientBoosting = local<GradientBoostingState>(gradientBoostingProba);
const adaBoost = local<AdaBoostState>(adaBoostProba);

function fitLocal<S extends LocalState>(
  load: (state: S | (LocalState & { constant: true }), nClasses: number) => Estimator,
  fit: (X: number[][], y: number[], classes: number[]) => S,
) {
  return (_params: Record<string, ParamValue>, X: number[][], y: number[], ctx: FitContext): Estimator => {
    const { classes, local: yLocal } = localLabels(y);
    if (classes.length < 2) return load({ classes, constant: true }, ctx.nClasses);
    return load(fit(X, yLocal, classes), ctx.nClasses);
  };
}

const fitSvmEstimator: Fit = (params, X, y, ctx) =>
  fitLocal(svm, (X2, y2, classes) =>
    fitSvm(
      X2,
      y2,
      classes,
      {
        C: params.C as number,
        kernel: params.kernel as string,
        gamma: params.gamma as number,
      },
      seededRandom(ctx.seed),
    ),
  )(params, X, y, ctx);

const fitGradientBoostingEstimator: Fit = (params, X, y, ctx) =>
  fitLocal(gradientBoosting, (X2, y2, classes) =>
    fitGradientBoosting(
      X2,
      y2,
      classes,
      {
        nEstimators: params.nEstimators as number,
        learningRate: params.learningRate as number,
        maxDepth: params.maxDepth as number,
        subsample: params.subsample as number,
      },
      seededRandom(ctx.seed),
    ),
  )(params, X, y, ctx);

const fitAdaBoostEstimator: Fit = (params, X, y, ctx) =>
  fitLocal(adaBoost, (X2, y2, classes) =>
    fitAdaBoost(X2, y2, classes, {
      nEstimators: params.nEstimators as number,
      learningRate: params.learningRate as number,
      maxDepth: params.maxDepth as number,
    }),
  )(params, X, y, ctx);

// ---------------------------------------------------------------- dispatch

type Fit = (params: Record<string, ParamValue>, X: number[][], y: number[], ctx: FitContext) => Estimator;
type Load = (state: never, nClasses: number) => Estimator;

const FITS: Record<AlgorithmName, Fit> = {
  LOGISTIC_REGRESSION: fitLogistic,
  DECISION_TREE: fitTree,
  RANDOM_FOREST: fitForest,
  KNN: fitKnn,
  NAIVE_BAYES: fitBayes,
  SVM: fitSvmEstimator,
  GRADIENT_BOOSTING: fitGradientBoostingEstimator,
  ADABOOST: fitAdaBoostEstimator,
};

const LOADS: Record<AlgorithmName, Load> = {
  LOGISTIC_REGRESSION: logistic,
  DECISION_TREE: tree,
  RANDOM_FOREST: forest,
  KNN: knn,
  NAIVE_BAYES: bayes,
  SVM: svm as Load,
  GRADIENT_BOOSTING: gradientBoosting as Load,
  ADABOOST: adaBoost as Load,
};

/** Fit an estimator on X (pipeline output) and y (class indices). */
export function fitEstimator(
  algorithm: AlgorithmName,
  params: Record<string, ParamValue>,
  X: number[][],
  y: number[],
  ctx: FitContext,
): Estimator {
  return FITS[algorithm](params, X, y, ctx);
}

/** Rebuild a fitted estimator from its JSON state. */
export function loadEstimator(algorithm: AlgorithmName, state: unknown, nClasses: number): Estimator {
  const load = LOADS[algorithm];
  if (!load) throw new Error(`unknown algorithm ${algorithm}`);
  return load(state as never, nClasses);
}
