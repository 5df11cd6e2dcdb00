// Classification metrics: accuracy, macro precision/recall/F1, log loss, one-vs-rest ROC AUC.

/** Metric names as logged to MLflow (cv_<name>_mean, cv_<name>_std, test_<name>) and accepted by rankBy. */
export const METRIC_NAMES = [
  "accuracy",
  "precision_macro",
  "recall_macro",
  "f1_macro",
  "log_loss",
  "roc_auc_ovr",
] as const;
export type MetricName = (typeof METRIC_NAMES)[number];
export type Scores = Partial<Record<MetricName, number>>;

/** Whether a larger value of the metric is better (log loss: smaller is better). */
export const higherIsBetter = (metric: MetricName): boolean => metric !== "log_loss";

/** Index of the largest value (first one on ties). */
export function argmax(values: number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

export function accuracy(yTrue: number[], yPred: number[]): number {
  if (!yTrue.length) return NaN;
  let ok = 0;
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === yPred[i]) ok++;
  return ok / yTrue.length;
}

/**
 * Macro-averaged precision, recall and F1 over the classes present in yTrue or yPred
 * (as scikit-learn does; a class never predicted has precision 0).
 */
export function macroPrecisionRecallF1(
  yTrue: number[],
  yPred: number[],
): { precision: number; recall: number; f1: number } {
  const labels = [...new Set([...yTrue, ...yPred])];
  if (!labels.length) return { precision: NaN, recall: NaN, f1: NaN };
  let p = 0;
  let r = 0;
  let f = 0;
  for (const c of labels) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (let i = 0; i < yTrue.length; i++) {
      if (yPred[i] === c && yTrue[i] === c) tp++;
      else if (yPred[i] === c) fp++;
      else if (yTrue[i] === c) fn++;
    }
    const precision = tp + fp ? tp / (tp + fp) : 0;
    const recall = tp + fn ? tp / (tp + fn) : 0;
    p += precision;
    r += recall;
    f += precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  }
  return { precision: p / labels.length, recall: r / labels.length, f1: f / labels.length };
}

/** Mean negative log-likelihood of the true class; probabilities clipped to [1e-15, 1 - 1e-15]. */
export function logLoss(yTrue: number[], proba: number[][]): number {
  if (!yTrue.length) return NaN;
  const eps = 1e-15;
  let sum = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const row = proba[i];
    const total = row.reduce((a, b) => a + b, 0) || 1;
    const p = Math.min(1 - eps, Math.max(eps, (row[yTrue[i]] ?? 0) / total));
    sum -= Math.log(p);
  }
  return sum / yTrue.length;
}

/** Area under the ROC curve of scores for a binary target (Mann–Whitney U with average ranks for ties). */
export function binaryAuc(positive: boolean[], scores: number[]): number {
  const order = scores.map((s, i) => [s, i] as const).sort((a, b) => a[0] - b[0]);
  const ranks = new Array<number>(scores.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && order[j + 1][0] === order[i][0]) j++;
    const avg = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[order[k][1]] = avg;
    i = j + 1;
  }
  let nPos = 0;
  let rankSum = 0;
  for (let i = 0; i < positive.length; i++) {
    if (positive[i]) {
      nPos++;
      rankSum += ranks[i];
    }
  }
  const nNeg = positive.length - nPos;
  if (!nPos || !nNeg) return NaN;
  return (rankSum - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}

/** One-vs-rest ROC AUC, macro-averaged over the classes that have both positives and negatives in yTrue. */
export function rocAucOvr(yTrue: number[], proba: number[][], nClasses: number): number {
  let sum = 0;
  let n = 0;
  for (let c = 0; c < nClasses; c++) {
    const auc = binaryAuc(
      yTrue.map((y) => y === c),
      proba.map((row) => row[c] ?? 0),
    );
    if (Number.isNaN(auc)) continue;
    sum += auc;
    n++;
  }
  return n ? sum / n : NaN;
}

/** Every metric for one evaluation; the predicted class is the most probable one. Undefined metrics are left out. */
export function scoreAll(yTrue: number[], proba: number[][], nClasses: number): Scores {
  const yPred = proba.map(argmax);
  const prf = macroPrecisionRecallF1(yTrue, yPred);
  const all: Scores = {
    accuracy: accuracy(yTrue, yPred),
    precision_macro: prf.precision,
    recall_macro: prf.recall,
    f1_macro: prf.f1,
    log_loss: logLoss(yTrue, proba),
    roc_auc_ovr: rocAucOvr(yTrue, proba, nClasses),
  };
  for (const k of METRIC_NAMES) if (!Number.isFinite(all[k])) delete all[k];
  return all;
}

/** Mean and population standard deviation (NumPy's default, as scikit-learn reports CV spread). */
export function meanStd(values: number[]): { mean: number; std: number } {
  if (!values.length) return { mean: NaN, std: NaN };
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length;
  return { mean, std: Math.sqrt(variance) };
}
