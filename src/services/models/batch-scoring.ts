// Batch scoring kernels: one pass over all rows per linear model and per tree, on flat arrays built once when a
// model is loaded (no per-row matrices, sub-rows or recursion). Pure; results equal the libraries' own to the bit.

/** One-vs-all linear weights as a k × d row-major matrix. */
export interface LinearWeights {
  k: number;
  d: number;
  w: Float64Array;
}

export function linearWeights(rows: ArrayLike<number>[]): LinearWeights {
  const k = rows.length;
  const d = k ? rows[0].length : 0;
  const w = new Float64Array(k * d);
  rows.forEach((r, c) => w.set(Array.from(r), c * d));
  return { k, d, w };
}

/**
 * sigmoid(X · Wᵀ) for the whole batch: one matrix product, n × k row-major. The dot products add in column
 * order, as ml-matrix's mmul does, so the scores are the same numbers ml-logistic-regression computes.
 */
export function sigmoidScores(X: readonly (readonly number[])[], W: LinearWeights): Float64Array {
  const { k, d, w } = W;
  const out = new Float64Array(X.length * k);
  for (let i = 0; i < X.length; i++) {
    const x = X[i];
    for (let c = 0; c < k; c++) {
      let s = 0;
      const o = c * d;
      for (let j = 0; j < d; j++) s += x[j] * w[o + j];
      out[i * k + c] = 1 / (1 + Math.exp(-s));
    }
  }
  return out;
}

/** What ml-cart's TreeNode looks like after load(): split nodes have both children, leaves a distribution. */
export interface TreeNodeLike {
  left?: TreeNodeLike;
  right?: TreeNodeLike;
  splitColumn?: number;
  splitValue?: number;
  distribution?: unknown;
}

/** A tree as arrays: node i splits on row[feature[i]] < threshold[i], or is a leaf with nClasses values at leaf[i]. */
export interface FlatTree {
  feature: Int32Array;
  threshold: Float64Array;
  left: Int32Array;
  right: Int32Array;
  /** Offset of the leaf's distribution in `dist`, or -1 for a split node. */
  leaf: Int32Array;
  dist: Float64Array;
  nClasses: number;
}

/**
 * Flatten a loaded tree. `columns` maps the tree's feature indices to row columns (a forest's trees see a subset);
 * `leafOf` turns a leaf's distribution into nClasses numbers.
 */
export function flattenTree(
  root: TreeNodeLike,
  nClasses: number,
  leafOf: (distribution: unknown) => number[],
  columns?: readonly number[],
): FlatTree {
  const nodes: TreeNodeLike[] = [];
  const stack = [root];
  while (stack.length) {
    const n = stack.pop()!;
    nodes.push(n);
    if (n.left && n.right) stack.push(n.right, n.left);
  }
  const index = new Map(nodes.map((n, i) => [n, i]));
  const size = nodes.length;
  const flat: FlatTree = {
    feature: new Int32Array(size),
    threshold: new Float64Array(size),
    left: new Int32Array(size),
    right: new Int32Array(size),
    leaf: new Int32Array(size).fill(-1),
    dist: new Float64Array(0),
    nClasses,
  };
  const dists: number[] = [];
  nodes.forEach((n, i) => {
    if (n.left && n.right) {
      const col = n.splitColumn ?? 0;
      flat.feature[i] = columns ? columns[col] : col;
      flat.threshold[i] = n.splitValue ?? 0;
      flat.left[i] = index.get(n.left)!;
      flat.right[i] = index.get(n.right)!;
    } else {
      flat.leaf[i] = dists.length;
      dists.push(...leafOf(n.distribution));
    }
  });
  flat.dist = Float64Array.from(dists);
  return flat;
}

/** Add each row's leaf distribution to acc (n × nClasses, row-major): one pass of the tree over every row. */
export function accumulateTree(tree: FlatTree, X: readonly (readonly number[])[], acc: Float64Array): void {
  const { feature, threshold, left, right, leaf, dist, nClasses } = tree;
  for (let i = 0; i < X.length; i++) {
    const x = X[i];
    let node = 0;
    // A comparison with NaN is false and goes right, as in ml-cart.
    while (leaf[node] < 0) node = x[feature[node]] < threshold[node] ? left[node] : right[node];
    const o = leaf[node];
    const a = i * nClasses;
    for (let c = 0; c < nClasses; c++) acc[a + c] += dist[o + c];
  }
}

/** Row-major n × k → rows (what Estimator.predictProba answers). */
export function toRows(flat: Float64Array, k: number, map?: (v: number) => number): number[][] {
  const n = k ? flat.length / k : 0;
  const out: number[][] = new Array(n);
  for (let i = 0; i < n; i++) {
    const r = new Array<number>(k);
    for (let c = 0; c < k; c++) r[c] = map ? map(flat[i * k + c]) : flat[i * k + c];
    out[i] = r;
  }
  return out;
}
