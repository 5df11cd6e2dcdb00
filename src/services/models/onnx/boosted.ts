// The boosted families (boosting.ts) as ONNX nodes: gradient boosting and SAMME AdaBoost over weighted-tree.ts trees,
// each as one TreeEnsembleClassifier whose summed leaf weights the graph turns into the runtime's probabilities.
import type { AdaBoostState, GradientBoostingState } from "../boosting";
import type { TreeNode } from "../weighted-tree";
import { doubles, int } from "./builder";
import { FamilyExporter, onesColumn, scatterClasses } from "./family-helpers";
import { treeEnsemble, TreeSpec } from "./tree-ensemble";

/** A training part with one class predicts it (estimators.ts's `constant` state). */
type Constant = { classes: number[]; constant: true };
const isConstant = (s: object): s is Constant => "constant" in s;

/** weighted-tree.ts's node → TreeSpec (left when x <= threshold), each leaf's weights from `leaf`. */
function weightedTree(node: TreeNode, leaf: (value: number[]) => number[]): TreeSpec {
  if ("value" in node) return { weights: leaf(node.value) };
  return {
    feature: node.feature,
    threshold: node.threshold,
    left: weightedTree(node.left, leaf),
    right: weightedTree(node.right, leaf),
  };
}

const oneHot = (K: number, k: number, v: number) => Array.from({ length: K }, (_, i) => (i === k ? v : 0));
const argmax = (v: number[]) => v.reduce((best, x, i) => (x > v[best] ? i : best), 0);

/** softmax(init + Σ_stages learningRate · leaf value of class k's tree), the sum and softmax in double. */
export const gradientBoosting: FamilyExporter = (g, X, raw, nClasses) => {
  const s = raw as GradientBoostingState | Constant;
  if (isConstant(s)) return scatterClasses(g, onesColumn(g, X), s.classes, nClasses);
  const K = s.classes.length;
  const trees = s.trees.flatMap((stage) =>
    stage.map((t, k) => weightedTree(t, (v) => oneHot(K, k, s.learningRate * v[0]))),
  );
  const sums = treeEnsemble(g, X, trees, { nClasses: K, mode: "BRANCH_LEQ" });
  const scores = g.node("Add", [sums, g.constant("init", doubles([K], s.init))]);
  return scatterClasses(g, g.node("Softmax", [scores], { axis: int(1) }), s.classes, nClasses);
};

/** softmax(Σ_trees α · onehot(leaf's largest share) / Σα / (K − 1)): scikit-learn's SAMME probabilities. */
export const adaBoost: FamilyExporter = (g, X, raw, nClasses) => {
  const s = raw as AdaBoostState | Constant;
  if (isConstant(s)) return scatterClasses(g, onesColumn(g, X), s.classes, nClasses);
  const K = s.classes.length;
  const trees = s.trees.map((t, m) => weightedTree(t, (v) => oneHot(K, argmax(v), s.weights[m])));
  const votes = treeEnsemble(g, X, trees, { nClasses: K, mode: "BRANCH_LEQ" });
  const total = s.weights.reduce((a, b) => a + b, 0) || 1;
  const scale = g.constant("vote_scale", doubles([], [1 / total / Math.max(1, K - 1)]));
  return scatterClasses(
    g,
    g.node("Softmax", [g.node("Mul", [votes, scale])], { axis: int(1) }),
    s.classes,
    nClasses,
  );
};
