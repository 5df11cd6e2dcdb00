// CART trees with sample weights, for the boosted families: Gini classification trees (AdaBoost's base learner)
// and Friedman-MSE regression trees with a caller-given leaf value (gradient boosting's Newton step).
// ml-cart has neither sample weights nor custom leaf values, so boosting grows its own trees; the nodes are
// plain JSON (they go into model.json as they are) and map one-to-one onto ONNX's TreeEnsemble nodes.

/** A fitted node: go left when row[feature] <= threshold (scikit-learn's rule); a leaf holds its values. */
export type TreeNode =
  | { feature: number; threshold: number; left: TreeNode; right: TreeNode }
  | { value: number[] };

export interface GrowOptions {
  maxDepth: number;
  /** A node with fewer rows is a leaf. */
  minSamplesSplit: number;
  /** Each side of a split keeps at least this many rows. */
  minSamplesLeaf: number;
}

/** The leaf values of the rows that reached a leaf. */
type LeafValue = (rows: number[]) => number[];

/** Scores a split from the weighted sums of the left side and the node; higher is better, <= 0 means no gain. */
interface Criterion {
  /** Length of the per-side statistics (classification: weight per class; regression: [w, w·r]). */
  size: number;
  /** Add one row's statistics to acc (no allocation: this runs for every row, feature and node). */
  add(acc: Float64Array, row: number): void;
  gain(left: Float64Array, total: Float64Array): number;
  pure(total: Float64Array): boolean;
}

/** The leaf a row reaches, and its values. */
export function leafValue(node: TreeNode, row: number[]): number[] {
  let n = node;
  while (!("value" in n)) n = row[n.feature] <= n.threshold ? n.left : n.right;
  return n.value;
}

/**
 * Grow from the node's rows in ascending order of each feature (`orders[f]`); children get the orders filtered,
 * so features are sorted once per tree, not once per node.
 */
function grow(
  X: number[][],
  orders: number[][],
  opts: GrowOptions,
  criterion: Criterion,
  leaf: LeafValue,
  depth: number,
): TreeNode {
  const rows = orders[0] ?? [];
  const total = new Float64Array(criterion.size);
  for (const r of rows) criterion.add(total, r);
  if (
    !orders.length ||
    depth >= opts.maxDepth ||
    rows.length < opts.minSamplesSplit ||
    criterion.pure(total)
  ) {
    return { value: leaf(rows) };
  }
  let best: { gain: number; feature: number; threshold: number } | null = null;
  const left = new Float64Array(criterion.size);
  for (let f = 0; f < orders.length; f++) {
    const sorted = orders[f];
    left.fill(0);
    for (let i = 0; i < sorted.length - 1; i++) {
      criterion.add(left, sorted[i]);
      const here = X[sorted[i]][f];
      const next = X[sorted[i + 1]][f];
      if (here === next || i + 1 < opts.minSamplesLeaf || sorted.length - i - 1 < opts.minSamplesLeaf)
        continue;
      const gain = criterion.gain(left, total);
      // Strictly better only: the first feature and lowest threshold win ties (reproducible trees).
      if (gain > 1e-12 && (!best || gain > best.gain + 1e-12)) {
        best = { gain, feature: f, threshold: here + (next - here) / 2 };
      }
    }
  }
  if (!best) return { value: leaf(rows) };
  const { feature, threshold } = best;
  const goesLeft = (r: number) => X[r][feature] <= threshold;
  return {
    feature,
    threshold,
    left: grow(
      X,
      orders.map((o) => o.filter(goesLeft)),
      opts,
      criterion,
      leaf,
      depth + 1,
    ),
    right: grow(
      X,
      orders.map((o) => o.filter((r) => !goesLeft(r))),
      opts,
      criterion,
      leaf,
      depth + 1,
    ),
  };
}

/** The rows sorted by each feature (ties in row order): sort once per fit, pass to every tree. */
export function sortedOrders(X: number[][], rows: number[]): number[][] {
  const width = X[0]?.length ?? 0;
  return Array.from({ length: width }, (_, f) => [...rows].sort((a, b) => X[a][f] - X[b][f] || a - b));
}

/**
 * A Gini classification tree on weighted rows; each leaf holds the weighted class shares of its rows.
 * `orders` are the rows by each feature (sortedOrders of all rows by default).
 */
export function growClassifier(
  X: number[][],
  y: number[],
  weights: number[],
  nClasses: number,
  opts: GrowOptions,
  orders: number[][] = sortedOrders(X, range(X.length)),
): TreeNode {
  // w · gini = w − Σ s_k² / w, for the left side, the right side (total − left) and the node.
  const criterion: Criterion = {
    size: nClasses,
    add: (acc, r) => {
      acc[y[r]] += weights[r];
    },
    gain: (left, total) => {
      let wl = 0;
      let wr = 0;
      let w = 0;
      let sl = 0;
      let sr = 0;
      let st = 0;
      for (let k = 0; k < nClasses; k++) {
        const r = total[k] - left[k];
        wl += left[k];
        wr += r;
        w += total[k];
        sl += left[k] * left[k];
        sr += r * r;
        st += total[k] * total[k];
      }
      const mass = (wk: number, sk: number) => (wk > 0 ? wk - sk / wk : 0);
      return mass(w, st) - mass(wl, sl) - mass(wr, sr);
    },
    pure: (total) => total.filter((t) => t > 0).length <= 1,
  };
  const leaf: LeafValue = (rows) => {
    const s = new Array<number>(nClasses).fill(0);
    for (const r of rows) s[y[r]] += weights[r];
    const w = s.reduce((a, b) => a + b, 0);
    return s.map((v) => (w > 0 ? v / w : 1 / nClasses));
  };
  return grow(X, orders, opts, criterion, leaf, 0);
}

/**
 * A regression tree on `target` (unit weights) over the rows `rows` (`orders`: those rows by each feature), split by Friedman's improvement
 * (w_l·w_r/(w_l+w_r)·(mean_l − mean_r)², scikit-learn's gradient boosting default); `leaf` computes each leaf's value.
 */
export function growRegressor(
  X: number[][],
  target: number[],
  rows: number[],
  opts: GrowOptions,
  leaf: (rows: number[]) => number,
  orders: number[][] = sortedOrders(X, rows),
): TreeNode {
  const criterion: Criterion = {
    size: 2,
    add: (acc, r) => {
      acc[0] += 1;
      acc[1] += target[r];
    },
    gain: (left, total) => {
      const wl = left[0];
      const w = total[0];
      const wr = w - wl;
      if (wl <= 0 || wr <= 0) return 0;
      const d = left[1] / wl - (total[1] - left[1]) / wr;
      return ((wl * wr) / w) * d * d;
    },
    pure: () => false,
  };
  return grow(X, orders, opts, criterion, (r) => [leaf(r)], 0);
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
