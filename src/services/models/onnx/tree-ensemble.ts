// Decision trees as one ai.onnx.ml TreeEnsembleClassifier node: single trees, forests, and (later) boosted ensembles.
import { doubles, floats, GraphBuilder, int, ints, ML_DOMAIN, str, strs, DataType } from "./builder";

/** A node of a binary tree: a split (`x[feature] < threshold` goes to `left`) or a leaf with class weights. */
export type TreeSpec =
  | { feature: number; threshold: number; left: TreeSpec; right: TreeSpec }
  | { weights: number[] };

export interface TreeEnsembleOptions {
  nClasses: number;
  /** How onnxruntime turns the summed leaf weights into scores: NONE (the sum), SOFTMAX, LOGISTIC, ... */
  postTransform?: "NONE" | "SOFTMAX" | "LOGISTIC" | "SOFTMAX_ZERO" | "PROBIT";
  /** Added to each class's sum before the post transform (boosting's initial prediction). */
  baseValues?: number[];
  /** The split rule: `x < threshold` (ml-cart, the default) or `x <= threshold` (weighted-tree.ts) goes left. */
  mode?: "BRANCH_LT" | "BRANCH_LEQ";
}

/**
 * Scores [N, nClasses] (cast to double) = post_transform(base + Σ over trees of the reached leaf's weights). Every leaf
 * lists a weight for every class (zeros too), so onnxruntime never takes its one-weight binary shortcut.
 */
export function treeEnsemble(
  g: GraphBuilder,
  X: string,
  trees: TreeSpec[],
  opts: TreeEnsembleOptions,
): string {
  const n = {
    treeIds: [] as number[],
    nodeIds: [] as number[],
    featureIds: [] as number[],
    modes: [] as string[],
    values: [] as number[],
    trueIds: [] as number[],
    falseIds: [] as number[],
  };
  const c = {
    treeIds: [] as number[],
    nodeIds: [] as number[],
    classIds: [] as number[],
    weights: [] as number[],
  };
  trees.forEach((tree, treeId) => {
    let next = 0;
    const visit = (node: TreeSpec): number => {
      const id = next++;
      const at = n.nodeIds.length;
      n.treeIds.push(treeId);
      n.nodeIds.push(id);
      if ("weights" in node) {
        n.featureIds.push(0);
        n.modes.push("LEAF");
        n.values.push(0);
        n.trueIds.push(0);
        n.falseIds.push(0);
        for (let k = 0; k < opts.nClasses; k++) {
          c.treeIds.push(treeId);
          c.nodeIds.push(id);
          c.classIds.push(k);
          c.weights.push(node.weights[k] ?? 0);
        }
        return id;
      }
      n.featureIds.push(node.feature);
      n.modes.push(opts.mode ?? "BRANCH_LT");
      n.values.push(node.threshold);
      n.trueIds.push(0);
      n.falseIds.push(0);
      n.trueIds[at] = visit(node.left);
      n.falseIds[at] = visit(node.right);
      return id;
    };
    visit(tree);
  });
  const [, scores] = g.nodeN(
    "TreeEnsembleClassifier",
    [X],
    {
      nodes_treeids: ints(n.treeIds),
      nodes_nodeids: ints(n.nodeIds),
      nodes_featureids: ints(n.featureIds),
      nodes_modes: strs(n.modes),
      // Thresholds as a double tensor: the features are double, and a float threshold would move split points.
      nodes_values_as_tensor: { kind: "tensor", value: doubles([n.values.length], n.values) },
      nodes_truenodeids: ints(n.trueIds),
      nodes_falsenodeids: ints(n.falseIds),
      class_treeids: ints(c.treeIds),
      class_nodeids: ints(c.nodeIds),
      class_ids: ints(c.classIds),
      class_weights: floats(c.weights),
      classlabels_int64s: ints(Array.from({ length: opts.nClasses }, (_, i) => i)),
      post_transform: str(opts.postTransform ?? "NONE"),
      ...(opts.baseValues ? { base_values: floats(opts.baseValues) } : {}),
    },
    { domain: ML_DOMAIN, outputs: 2 },
  );
  return g.node("Cast", [scores], { to: int(DataType.DOUBLE) });
}
