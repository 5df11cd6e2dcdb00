// Each estimator family as ONNX nodes: pipeline features [N, width] (double) in, class weights [N, nClasses] out.
import type { AlgorithmName } from "../hyperparams";
import { doubles, GraphBuilder, int, int64s, ints, DataType } from "./builder";
import { adaBoost, gradientBoosting } from "./boosted";
import { FamilyExporter, onesColumn, scatterClasses } from "./family-helpers";
import { svm } from "./svm";
import { treeEnsemble, TreeSpec } from "./tree-ensemble";

export type { FamilyExporter } from "./family-helpers";

const axes = (g: GraphBuilder, values: number[]) => g.constant("axes", int64s(values));

// ---------------------------------------------------------------- logistic regression (ml-logistic-regression)

interface LogisticState {
  classes: number[];
  model: { classifiers: { weights: number[][] }[] } | null;
}

/** One-vs-all: class i's score is 1 − sigmoid(x·w_i) = sigmoid(−x·w_i); the bias is the pipeline's last column. */
const logistic: FamilyExporter = (g, X, raw, nClasses) => {
  const state = raw as LogisticState;
  if (!state.model) return scatterClasses(g, onesColumn(g, X), state.classes, nClasses);
  const rows = state.model.classifiers.map((c) => c.weights[0]);
  const width = rows[0].length;
  const w = new Array<number>(width * rows.length);
  for (let j = 0; j < width; j++) for (let i = 0; i < rows.length; i++) w[j * rows.length + i] = -rows[i][j];
  const z = g.node("MatMul", [X, g.constant("coefficients", doubles([width, rows.length], w))]);
  return scatterClasses(g, g.node("Sigmoid", [z]), state.classes, nClasses);
};

// ---------------------------------------------------------------- trees (ml-cart) and forests (ml-random-forest)

interface CartNode {
  distribution?: number[][];
  splitColumn?: number;
  splitValue?: number;
  left?: CartNode;
  right?: CartNode;
}

/** ml-cart's JSON → TreeSpec; a node with a distribution is a leaf (the rule of ml-cart's load). */
export function cartTree(node: CartNode, featureIndex: (column: number) => number = (c) => c): TreeSpec {
  if (node.distribution !== undefined) return { weights: node.distribution[0] ?? [] };
  return {
    feature: featureIndex(node.splitColumn!),
    threshold: node.splitValue!,
    left: cartTree(node.left!, featureIndex),
    right: cartTree(node.right!, featureIndex),
  };
}

/** The leaf's class frequencies (TreeEnsembleClassifier with one tree). */
const tree: FamilyExporter = (g, X, raw, nClasses) =>
  treeEnsemble(g, X, [cartTree((raw as { root: CartNode }).root)], { nClasses });

/** The sum of the trees' leaf frequencies; each tree reads its own subset of the features. */
const forest: FamilyExporter = (g, X, raw, nClasses) => {
  const state = (raw as { baseModel: { indexes: number[][]; estimators: { root: CartNode }[] } }).baseModel;
  const trees = state.estimators.map((e, t) => cartTree(e.root, (c) => state.indexes[t][c]));
  return treeEnsemble(g, X, trees, { nClasses });
};

// ---------------------------------------------------------------- k-nearest neighbours (ml-knn)

interface KdNode {
  obj: number[];
  left: KdNode | null;
  right: KdNode | null;
}

/** The training points (label last) of ml-knn's k-d tree. */
function kdPoints(root: KdNode): number[][] {
  const out: number[][] = [];
  const stack: (KdNode | null)[] = [root];
  while (stack.length) {
    const n = stack.pop();
    if (!n) continue;
    out.push(n.obj);
    stack.push(n.left, n.right);
  }
  return out;
}

/** Distances within this of zero count as the exact matches ml-knn's distance weighting looks for (d === 0). */
const EXACT = 1e-12;

/** Votes of the k nearest training rows (Euclidean, exhaustive), 1 each or 1/distance with exact matches winning. */
const knn: FamilyExporter = (g, X, raw, nClasses) => {
  const state = raw as { weights: string; model: { k: number; kdTree: KdNode } };
  const points = kdPoints(state.model.kdTree);
  const width = points[0].length - 1;
  const train = points.flatMap((p) => p.slice(0, width));
  const onehot = points.flatMap((p) => Array.from({ length: nClasses }, (_, c) => (c === p[width] ? 1 : 0)));
  const x = g.node("Unsqueeze", [X, axes(g, [1])]);
  const diff = g.node("Sub", [x, g.constant("train_points", doubles([points.length, width], train))]);
  const sq = g.node("ReduceSum", [g.node("Mul", [diff, diff]), axes(g, [2])], { keepdims: int(0) });
  const dist = g.node("Sqrt", [sq]);
  const k = Math.min(state.model.k, points.length);
  const [d, idx] = g.nodeN(
    "TopK",
    [dist, g.constant("k", int64s([k]))],
    {
      axis: int(1),
      largest: int(0),
      sorted: int(1),
    },
    { outputs: 2 },
  );
  const labels = g.node(
    "Gather",
    [g.constant("train_labels", doubles([points.length, nClasses], onehot)), idx],
    {
      axis: int(0),
    },
  );
  let votes = labels;
  if (state.weights === "distance") {
    const eps = g.constant("exact", doubles([], [EXACT]));
    const exact = g.node("Cast", [g.node("Less", [d, eps])], { to: int(DataType.DOUBLE) });
    const anyExact = g.node("ReduceMax", [exact], { axes: ints([1]), keepdims: int(1) });
    const inverse = g.node("Reciprocal", [g.node("Max", [d, eps])]);
    const none = g.node("Sub", [g.constant("one", doubles([], [1])), anyExact]);
    const w = g.node("Add", [g.node("Mul", [anyExact, exact]), g.node("Mul", [none, inverse])]);
    votes = g.node("Mul", [labels, g.node("Unsqueeze", [w, axes(g, [2])])]);
  }
  return g.node("ReduceSum", [votes, axes(g, [1])], { keepdims: int(0) });
};

// ---------------------------------------------------------------- Gaussian naive Bayes

interface BayesState {
  classes: number[];
  logPriors: number[];
  means: number[][];
  variances: number[][];
}

/** Softmax of log prior − Σ_j [½·log(2π·v) + (x − μ)² / (2v)] over the classes seen in training. */
const bayes: FamilyExporter = (g, X, raw, nClasses) => {
  const s = raw as BayesState;
  const m = s.classes.length;
  const width = s.means[0]?.length ?? 0;
  const constant = s.logPriors.map(
    (p, i) => p - 0.5 * s.variances[i].reduce((a, v) => a + Math.log(2 * Math.PI * v), 0),
  );
  const x = g.node("Unsqueeze", [X, axes(g, [1])]);
  const diff = g.node("Sub", [x, g.constant("means", doubles([m, width], s.means.flat()))]);
  const half = s.variances.flat().map((v) => 1 / (2 * v));
  const q = g.node("Mul", [
    g.node("Mul", [diff, diff]),
    g.constant("half_precision", doubles([m, width], half)),
  ]);
  const sum = g.node("ReduceSum", [q, axes(g, [2])], { keepdims: int(0) });
  const logJoint = g.node("Sub", [g.constant("log_constant", doubles([m], constant)), sum]);
  return scatterClasses(g, g.node("Softmax", [logJoint], { axis: int(1) }), s.classes, nClasses);
};

/** The exporter of each family; a new family without one is a compile error. */
export const FAMILIES: Record<AlgorithmName, FamilyExporter> = {
  LOGISTIC_REGRESSION: logistic,
  DECISION_TREE: tree,
  RANDOM_FOREST: forest,
  KNN: knn,
  NAIVE_BAYES: bayes,
  GRADIENT_BOOSTING: gradientBoosting,
  ADABOOST: adaBoost,
  SVM: svm,
};
