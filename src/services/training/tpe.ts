// TPE (tree-structured Parzen estimator, Optuna's default sampler): after random start-up trials, each new
// candidate is drawn from the density l(x) of the best trials and kept where l(x)/g(x) (good over bad) is highest.
// Univariate as Optuna's default: the algorithm first (a choice over the grid entries), then each of its parameters.
import { withDefaults, type ParamValue } from "../models/hyperparams";
import { Random, randomInt } from "./prng";
import { randomSpec, type Candidates, type SearchSpace, type TrialSpec } from "./search";

/** A finished trial as TPE sees it: what was tried and its score (higher is better). */
export interface Observation {
  spec: TrialSpec;
  score: number;
}

export interface TpeOptions {
  /** Random trials before the model takes over (Optuna: 10). */
  startup: number;
  /** Candidates drawn from l(x) per parameter (Optuna: 24). */
  candidates: number;
}

export const TPE_DEFAULTS: TpeOptions = { startup: 10, candidates: 24 };

/** How many of n observations form the good group: a quarter (at least 1, at most 25). */
const goodCount = (n: number) => Math.min(25, Math.max(1, Math.ceil(0.25 * n)));

/**
 * The next `count` trials given the finished ones. The same history, count and random stream give the same
 * trials; trials of one batch differ because each draws its own candidates.
 */
export function suggestTpe(
  spaces: SearchSpace[],
  history: Observation[],
  count: number,
  rand: Random,
  opts: TpeOptions = TPE_DEFAULTS,
): TrialSpec[] {
  return Array.from({ length: count }, () => {
    if (history.length < opts.startup) return randomSpec(spaces, rand);
    const ranked = [...history].sort((a, b) => b.score - a.score);
    const nGood = goodCount(ranked.length);
    const good = ranked.slice(0, nGood);
    const bad = ranked.slice(nGood);
    const entry = (o: Observation) => spaces.findIndex((s) => s.algorithm === o.spec.algorithm);
    const s =
      spaces.length === 1
        ? 0
        : chooseCategory(spaces.length, good.map(entry), bad.map(entry), rand, opts.candidates);
    const space = spaces[s];
    const goodHere = good.filter((o) => o.spec.algorithm === space.algorithm);
    const badHere = bad.filter((o) => o.spec.algorithm === space.algorithm);
    if (!goodHere.length) return randomSpec([space], rand);
    const params: Record<string, ParamValue> = {};
    for (const { name, candidates } of space.params) {
      const below = goodHere.map((o) => o.spec.params[name]);
      const above = badHere.map((o) => o.spec.params[name]);
      params[name] = suggestParam(candidates, below, above, rand, opts.candidates);
    }
    return { algorithm: space.algorithm, params: withDefaults(space.algorithm, params) };
  });
}

function suggestParam(
  candidates: Candidates,
  below: ParamValue[],
  above: ParamValue[],
  rand: Random,
  draws: number,
): ParamValue {
  if (candidates.kind === "list") {
    const index = (v: ParamValue) => candidates.values.indexOf(v);
    const k = chooseCategory(candidates.values.length, below.map(index), above.map(index), rand, draws);
    return candidates.values[k];
  }
  const { min, max, log, integer } = candidates;
  const to = (v: number) => (log ? Math.log(v) : v);
  const low = to(integer ? min - 0.5 : min);
  const high = to(integer ? max + 0.5 : max);
  if (!(high > low)) return min;
  const l = parzen((below as number[]).map(to), low, high);
  const g = parzen((above as number[]).map(to), low, high);
  let best = NaN;
  let bestScore = -Infinity;
  for (let i = 0; i < draws; i++) {
    const x = sampleMixture(l, low, high, rand);
    const score = logDensity(l, x, low, high) - logDensity(g, x, low, high);
    if (score > bestScore) {
      bestScore = score;
      best = x;
    }
  }
  const value = log ? Math.exp(best) : best;
  if (integer) return Math.min(max, Math.max(min, Math.round(value)));
  return Math.min(max, Math.max(min, Number(value.toPrecision(6))));
}

/**
 * A choice among k categories: l and g are the category frequencies of the good and bad groups plus one
 * pseudo-count each (the prior); draw from l, keep the draw with the highest l/g.
 */
function chooseCategory(k: number, good: number[], bad: number[], rand: Random, draws: number): number {
  const l = new Array<number>(k).fill(1);
  const g = new Array<number>(k).fill(1);
  for (const c of good) if (c >= 0) l[c]++;
  for (const c of bad) if (c >= 0) g[c]++;
  const lSum = l.reduce((a, b) => a + b, 0);
  const gSum = g.reduce((a, b) => a + b, 0);
  let best = randomInt(rand, k);
  let bestScore = -Infinity;
  for (let i = 0; i < draws; i++) {
    let u = rand() * lSum;
    let c = 0;
    while (c < k - 1 && u >= l[c]) u -= l[c++];
    const score = Math.log(l[c] / lSum) - Math.log(g[c] / gSum);
    if (score > bestScore) {
      bestScore = score;
      best = c;
    }
  }
  return best;
}

/** A Parzen estimator: equally weighted Gaussians at the points plus a wide prior at the middle. */
interface Mixture {
  mus: number[];
  sigmas: number[];
}

/** Optuna's bandwidths: each point's distance to its farther neighbour, clipped to [range/min(100, n+1), range]. */
export function parzen(points: number[], low: number, high: number): Mixture {
  const span = high - low;
  const sorted = [...points].sort((a, b) => a - b);
  const mus = [(low + high) / 2];
  const sigmas = [span];
  const minSigma = span / Math.min(100, points.length + 1);
  sorted.forEach((x, i) => {
    const left = i > 0 ? sorted[i - 1] : low;
    const right = i < sorted.length - 1 ? sorted[i + 1] : high;
    mus.push(x);
    sigmas.push(Math.min(span, Math.max(minSigma, x - left, right - x)));
  });
  return { mus, sigmas };
}

function sampleMixture(m: Mixture, low: number, high: number, rand: Random): number {
  const c = randomInt(rand, m.mus.length);
  for (let attempt = 0; attempt < 100; attempt++) {
    const x = m.mus[c] + m.sigmas[c] * normal(rand);
    if (x >= low && x <= high) return x;
  }
  return Math.min(high, Math.max(low, m.mus[c]));
}

/** log of the mixture's density at x, each component truncated to [low, high]. */
export function logDensity(m: Mixture, x: number, low: number, high: number): number {
  let sum = 0;
  for (let c = 0; c < m.mus.length; c++) {
    const mu = m.mus[c];
    const s = m.sigmas[c];
    const mass = normalCdf((high - mu) / s) - normalCdf((low - mu) / s);
    const z = (x - mu) / s;
    sum += Math.exp(-0.5 * z * z) / (s * Math.sqrt(2 * Math.PI) * Math.max(mass, 1e-12));
  }
  return Math.log(sum / m.mus.length + 1e-300);
}

/** A standard normal draw (Box–Muller). */
function normal(rand: Random): number {
  const u = Math.max(rand(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

/** Φ(z) via the Abramowitz–Stegun erf approximation (error below 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly =
    t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}
