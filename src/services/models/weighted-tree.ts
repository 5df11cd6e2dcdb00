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
  /** Per-row statistics summed over a side (classification: weight per class; regression: [w, w·r]). */
  stats(row: number): number[];
  gain(left: number[], total: number[]): number;
  pure(total: number[]): boolean;
}

/** The leaf a row reaches, and its values. */
export function leafValue(node: TreeNode, row: number[]): number[] {
  let n = node;
  while (!("value" in n)) n = row[n.feature] <= n.threshold ? n.left : n.right;
  return n.value;
}

function grow(
  X: number[][],
  rows: number[],
  opts: GrowOptions,
  criterion: Criterion,
  leaf: LeafValue,
  depth: number,
): TreeNode {
  const width = X[0]?.length ?? 0;
  const total = sumStats(rows, criterion);
  if (depth >= opts.maxDepth || rows.length < opts.minSamplesSplit || criterion.pure(total)) {
    return { value: leaf(rows) };
  }
  let best: { gain: number; feature: number; threshold: number } | null = null;
  for (let f = 0; f < width; f++) {
    const sorted = [...rows].sort((a, b) => X[a][f] - X[b][f]);
    const left = total.map(() => 0);
    for (let i = 0; i < sorted.length - 1; i++) {
      const s = criterion.stats(sorted[i]);
      for (let k = 0; k < s.length; k++) left[k] += s[k];
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
  const goLeft = rows.filter((r) => X[r][feature] <= threshold);
  const goRight = rows.filter((r) => X[r][feature] > threshold);
  return {
    feature,
    threshold,
    left: grow(X, goLeft, opts, criterion, leaf, depth + 1),
    right: grow(X, goRight, opts, criterion, leaf, depth + 1),
  };
}

function sumStats(rows: number[], criterion: Criterion): number[] {
  let total: number[] | null = null;
  for (const r of rows) {
    const s = criterion.stats(r);
    if (!total) total = [...s];
    else for (let k = 0; k < s.length; k++) total[k] += s[k];
  }
  return total ?? [0];
}

/**
 * A Gini classification tree on weighted rows; each leaf holds the weighted class shares of its rows.
 * `rows` selects the training rows (all by default).
 */
export function growClassifier(
  X: number[][],
  y: number[],
  weights: number[],
  nClasses: number,
  opts: GrowOptions,
): TreeNode {
  const giniMass = (s: number[]) => {
    const w = s.reduce((a, b) => a + b, 0);
    if (w <= 0) return 0;
    // w · gini = w - Σ s_k² / w
    return w - s.reduce((a, b) => a + b * b, 0) / w;
  };
  const criterion: Criterion = {
    stats: (r) => {
      const s = new Array<number>(nClasses).fill(0);
      s[y[r]] = weights[r];
      return s;
    },
    gain: (left, total) => giniMass(total) - giniMass(left) - giniMass(total.map((t, k) => t - left[k])),
    pure: (total) => total.filter((t) => t > 0).length <= 1,
  };
  const leaf: LeafValue = (rows) => {
    const s = new Array<number>(nClasses).fill(0);
    for (const r of rows) s[y[r]] += weights[r];
    const w = s.reduce((a, b) => a + b, 0);
    return s.map((v) => (w > 0 ? v / w : 1 / nClasses));
  };
  return grow(X, range(X.length), opts, criterion, leaf, 0);
}

/**
 * A regression tree on `target` (unit weights) over the rows `rows`, split by Friedman's improvement
 * (w_l·w_r/(w_l+w_r)·(mean_l − mean_r)², scikit-learn's gradient boosting default); `leaf` computes each leaf's value.
 */
export function growRegressor(
  X: number[][],
  target: number[],
  rows: number[],
  opts: GrowOptions,
  leaf: (rows: number[]) => number,
): TreeNode {
  const criterion: Criterion = {
    stats: (r) => [1, target[r]],
    gain: ([wl, sl], [w, s]) => {
      const wr = w - wl;
      if (wl <= 0 || wr <= 0) return 0;
      const d = sl / wl - (s - sl) / wr;
      return ((wl * wr) / w) * d * d;
    },
    pure: () => false,
  };
  return grow(X, rows, opts, criterion, (r) => [leaf(r)], 0);
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
