// Stratified held-out split and stratified k-fold, reproducible from a seed.
import { badInput } from "../../errors";
import { Random, seededRandom, shuffle } from "./prng";

export interface Fold {
  /** Row indices the fold trains on. */
  train: number[];
  /** Row indices the fold is scored on. */
  valid: number[];
}

/** Which rows train, which are held out for the final test, and the folds used for selection. */
export interface EvaluationPlan {
  train: number[];
  test: number[];
  /** k folds over `train` (or one validation split when folds < 2). */
  folds: Fold[];
}

const ascending = (a: number, b: number) => a - b;

function byClass(indices: number[], labels: number[]): Map<number, number[]> {
  const groups = new Map<number, number[]>();
  for (const i of indices) {
    const g = groups.get(labels[i]);
    if (g) g.push(i);
    else groups.set(labels[i], [i]);
  }
  return new Map([...groups.entries()].sort((a, b) => a[0] - b[0]));
}

/**
 * Hold out ceil(fraction × n) of `indices`, each class in proportion (largest remainder),
 * shuffled with `rand` inside each class.
 */
export function stratifiedSplit(
  indices: number[],
  labels: number[],
  fraction: number,
  rand: Random,
): { train: number[]; test: number[] } {
  const groups = byClass(indices, labels);
  const nTest = Math.min(indices.length, Math.ceil(fraction * indices.length - 1e-9));
  const quotas = [...groups.entries()].map(([c, members]) => {
    const exact = (members.length * nTest) / indices.length;
    return { c, take: Math.floor(exact), rest: exact - Math.floor(exact) };
  });
  let left = nTest - quotas.reduce((n, q) => n + q.take, 0);
  for (const q of [...quotas].sort((a, b) => b.rest - a.rest || a.c - b.c)) {
    if (left <= 0) break;
    q.take++;
    left--;
  }
  const train: number[] = [];
  const test: number[] = [];
  for (const q of quotas) {
    const members = shuffle([...groups.get(q.c)!], rand);
    test.push(...members.slice(0, q.take));
    train.push(...members.slice(q.take));
  }
  return { train: train.sort(ascending), test: test.sort(ascending) };
}

/** k folds over `indices`: each class dealt round-robin across folds after a shuffle, so folds keep class ratios. */
export function stratifiedKFold(indices: number[], labels: number[], k: number, rand: Random): Fold[] {
  const assigned: number[][] = Array.from({ length: k }, () => []);
  let next = 0;
  for (const members of byClass(indices, labels).values()) {
    for (const i of shuffle([...members], rand)) {
      assigned[next].push(i);
      next = (next + 1) % k;
    }
  }
  return assigned.map((valid, f) => ({
    train: assigned.flatMap((part, g) => (g === f ? [] : part)).sort(ascending),
    valid: valid.sort(ascending),
  }));
}

/**
 * The evaluation plan of a job: a stratified test split never used for selection, then stratified k-fold
 * on the rest when folds ≥ 2, else one stratified validation split (20 % of the training part).
 */
export function planEvaluation(
  labels: number[],
  opts: { testFraction: number; folds: number; seed: number },
): EvaluationPlan {
  const rand = seededRandom(opts.seed);
  const all = labels.map((_, i) => i);
  const { train, test } = stratifiedSplit(all, labels, opts.testFraction, rand);
  if (!test.length || train.length < 2) {
    throw badInput(
      `testFraction ${opts.testFraction} leaves ${train.length} training and ${test.length} test rows out of ${labels.length}: choose a fraction that keeps rows on both sides`,
      { field: "input.testFraction" },
    );
  }
  if (opts.folds >= 2) {
    if (opts.folds > train.length) {
      throw badInput(`folds ${opts.folds} is more than the ${train.length} training rows: use fewer folds`, {
        field: "input.folds",
      });
    }
    return { train, test, folds: stratifiedKFold(train, labels, opts.folds, rand) };
  }
  const split = stratifiedSplit(train, labels, 0.2, rand);
  if (!split.test.length || !split.train.length) {
    throw badInput(`the training part (${train.length} rows) is too small for a validation split: add rows`, {
      field: "input.folds",
    });
  }
  return { train, test, folds: [{ train: split.train, valid: split.test }] };
}
