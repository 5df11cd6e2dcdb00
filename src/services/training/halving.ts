// Successive halving (as scikit-learn's HalvingGridSearchCV, factor 3, budget = training rows): the rung
// schedule, the rows a rung trains on, and who advances.
import { seededRandom } from "./prng";
import { stratifiedSplit, type EvaluationPlan } from "./split";

export const HALVING_FACTOR = 3;

/**
 * Training rows per rung for `candidates` candidates: rungs continue until one candidate is left, and the last
 * rung trains on every training row; each earlier rung has a third of the next one's rows, but at least minRows.
 */
export function halvingSchedule(candidates: number, trainRows: number, minRows: number): number[] {
  let rungs = 1;
  for (let n = candidates; n > 1; n = Math.ceil(n / HALVING_FACTOR)) rungs++;
  const floor = Math.min(trainRows, minRows);
  return Array.from({ length: rungs }, (_, r) =>
    Math.max(floor, Math.round(trainRows / HALVING_FACTOR ** (rungs - 1 - r))),
  );
}

/** How many of n candidates advance to the next rung: the best third, rounded up. */
export const advancing = (n: number): number => Math.ceil(n / HALVING_FACTOR);

/**
 * The candidates that advance: the `keep` best by score (higher is better; a candidate without a score ranks
 * last; ties keep the earlier candidate), in candidate order.
 */
export function advance(scored: { index: number; score: number | undefined }[], keep: number): number[] {
  const ranked = [...scored].sort((a, b) => {
    const sa = a.score ?? -Infinity;
    const sb = b.score ?? -Infinity;
    return sb - sa || a.index - b.index;
  });
  return ranked
    .slice(0, keep)
    .map((s) => s.index)
    .sort((a, b) => a - b);
}

/** Fewest rows a rung trains on: enough for every fold to see each class a few times. */
export const minHalvingRows = (folds: number, classes: number): number =>
  Math.max(30, 2 * Math.max(folds, 2) * classes);

/**
 * The plan restricted to `rows` of the training rows (a stratified sample, the same for every candidate of a
 * job): folds keep their members among those rows; the test split is unchanged.
 */
export function restrictPlan(
  plan: EvaluationPlan,
  labels: number[],
  rows: number,
  seed: number,
): EvaluationPlan {
  if (rows >= plan.train.length) return plan;
  const { test: kept } = stratifiedSplit(
    plan.train,
    labels,
    rows / plan.train.length,
    seededRandom(seed ^ 0x5a11),
  );
  const inside = new Set(kept);
  return {
    train: kept,
    test: plan.test,
    folds: plan.folds.map((f) => ({
      train: f.train.filter((i) => inside.has(i)),
      valid: f.valid.filter((i) => inside.has(i)),
    })),
  };
}
