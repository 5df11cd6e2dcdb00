// Search spaces from trainGrid's grid input: GRID expands the cartesian product, RANDOM samples from a seed;
// and the ranking that picks the best trial.
import { badInput } from "../../errors";
import {
  ALGORITHMS,
  AlgorithmName,
  checkParamValue,
  HYPERPARAMETERS,
  ParamValue,
  paramSpec,
  withDefaults,
} from "../models/hyperparams";
import type { TrialRecord } from "./job-store";
import { higherIsBetter, MetricName } from "./metrics";
import { Random, randomInt, seededRandom } from "./prng";

export type Strategy = "GRID" | "RANDOM" | "TPE" | "HALVING";

export type Candidates =
  | { kind: "list"; values: ParamValue[] }
  | { kind: "range"; min: number; max: number; log: boolean; integer: boolean };

/** One validated grid entry: the candidates of each named hyperparameter, in declaration order. */
export interface SearchSpace {
  algorithm: AlgorithmName;
  params: { name: string; candidates: Candidates }[];
}

/** One combination to train: the algorithm and its full parameter set (defaults filled in). */
export interface TrialSpec {
  algorithm: AlgorithmName;
  params: Record<string, ParamValue>;
  /** HALVING: train on this many of the training rows (all when absent). */
  rows?: number;
}

/** Hyperparameters the work of a trial grows with: optimisation steps, ensemble members, tree depth. */
const WORK_PARAMS = ["numSteps", "nEstimators", "maxDepth"] as const;

/**
 * A rough relative cost of a trial, from the hyperparameters its work grows with (the product of those it sets):
 * enough to queue a grid's longest trials first, so that worker processes do not end with one long trial running
 * while the others wait. Comparable between trials of one family only; 1 for a trial that sets none.
 */
export function trialCostHint(spec: TrialSpec): number {
  let cost = 1;
  for (const key of WORK_PARAMS) {
    const v = spec.params[key];
    if (typeof v === "number" && Number.isFinite(v) && v > 0) cost *= v;
  }
  return cost;
}

/** Trial indices, longest first by trialCostHint (ties in grid order). */
export function longestFirst(trials: readonly TrialSpec[]): number[] {
  const cost = trials.map(trialCostHint);
  return trials.map((_, i) => i).sort((a, b) => cost[b] - cost[a] || a - b);
}

export interface GridEntryInput {
  algorithm: string;
  params: Record<string, unknown>;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** Validate the grid input: known algorithms and hyperparameters, values in range, ranges only for RANDOM. */
export function parseSearchSpaces(grid: GridEntryInput[], strategy: Strategy): SearchSpace[] {
  if (!grid.length) {
    throw badInput(
      "grid is empty: give at least one entry, e.g. {algorithm: LOGISTIC_REGRESSION, params: {}}",
      {
        field: "input.grid",
      },
    );
  }
  return grid.map((entry, g) => {
    const algorithm = entry.algorithm as AlgorithmName;
    if (!ALGORITHMS.includes(algorithm)) {
      throw badInput(
        `algorithm ${JSON.stringify(entry.algorithm)} is not supported; use one of ${ALGORITHMS.join(", ")}`,
        {
          field: `input.grid[${g}].algorithm`,
        },
      );
    }
    if (!isPlainObject(entry.params)) {
      throw badInput("params must be an object mapping hyperparameter names to lists of values", {
        field: `input.grid[${g}].params`,
      });
    }
    for (const name of Object.keys(entry.params))
      paramSpec(algorithm, name, `input.grid[${g}].params.${name}`);
    const params: SearchSpace["params"] = [];
    // Declaration order, not the JSON key order: the same search gives the same trials however it is written.
    for (const [name, spec] of Object.entries(HYPERPARAMETERS[algorithm])) {
      if (!(name in entry.params)) continue;
      const field = `input.grid[${g}].params.${name}`;
      const raw = entry.params[name];
      if (Array.isArray(raw)) {
        if (!raw.length) throw badInput(`${field} is an empty list: give at least one value`, { field });
        const values: ParamValue[] = [];
        raw.forEach((v, i) => {
          const ok = checkParamValue(name, spec, v, `${field}[${i}]`);
          if (!values.includes(ok)) values.push(ok);
        });
        params.push({ name, candidates: { kind: "list", values } });
      } else if (isPlainObject(raw)) {
        params.push({ name, candidates: parseRange(name, spec, raw, field, strategy) });
      } else {
        params.push({
          name,
          candidates: { kind: "list", values: [checkParamValue(name, spec, raw, field)] },
        });
      }
    }
    return { algorithm, params };
  });
}

function parseRange(
  name: string,
  spec: (typeof HYPERPARAMETERS)[AlgorithmName][string],
  raw: Record<string, unknown>,
  field: string,
  strategy: Strategy,
): Candidates {
  if (spec.type !== "float" && spec.type !== "int") {
    throw badInput(`${field}: ${name} is not numeric, so it takes a list of values, not a range`, { field });
  }
  const extra = Object.keys(raw).filter((k) => k !== "min" && k !== "max" && k !== "log");
  if (extra.length || !("min" in raw) || !("max" in raw)) {
    throw badInput(`${field} must be a list of values or a range {"min": a, "max": b, "log": true|false}`, {
      field,
    });
  }
  if (strategy === "GRID") {
    throw badInput(
      `${field}: ranges are sampled by strategies RANDOM, TPE and HALVING (with trials); with GRID give a list of values`,
      { field },
    );
  }
  const min = checkParamValue(name, spec, raw.min, `${field}.min`) as number;
  const max = checkParamValue(name, spec, raw.max, `${field}.max`) as number;
  if (min > max) throw badInput(`${field}: min ${min} is larger than max ${max}`, { field });
  const log = raw.log ?? false;
  if (typeof log !== "boolean")
    throw badInput(`${field}.log must be true or false`, { field: `${field}.log` });
  if (log && min <= 0) {
    throw badInput(`${field}: a log range needs min > 0 (got ${min})`, { field: `${field}.min` });
  }
  return { kind: "range", min, max, log, integer: spec.type === "int" };
}

/** Number of combinations of a space made only of lists (Infinity when it has a range). */
function spaceSize(space: SearchSpace): number {
  let n = 1;
  for (const p of space.params) n *= p.candidates.kind === "list" ? p.candidates.values.length : Infinity;
  return n;
}

/** The i-th combination of a list-only space (mixed radix, last parameter fastest). */
function combination(space: SearchSpace, index: number): TrialSpec {
  const params: Record<string, ParamValue> = {};
  let rest = index;
  for (let p = space.params.length - 1; p >= 0; p--) {
    const { name, candidates } = space.params[p];
    const values = (candidates as { values: ParamValue[] }).values;
    params[name] = values[rest % values.length];
    rest = Math.floor(rest / values.length);
  }
  return { algorithm: space.algorithm, params: withDefaults(space.algorithm, params) };
}

function tooMany(count: number, maxTrials: number, field: string) {
  return badInput(
    `this search has ${Number.isFinite(count) ? count : "unbounded"} trials, more than the limit of ${maxTrials} (TRAINING_MAX_TRIALS): use fewer values${field === "input.trials" ? "" : ", or strategy RANDOM with trials"}`,
    { field },
  );
}

/** GRID: every combination of every entry, in order. */
export function expandGrid(spaces: SearchSpace[], maxTrials: number): TrialSpec[] {
  const sizes = spaces.map(spaceSize);
  const total = sizes.reduce((a, b) => a + b, 0);
  if (total > maxTrials) throw tooMany(total, maxTrials, "input.grid");
  return spaces.flatMap((s, i) => Array.from({ length: sizes[i] }, (_, k) => combination(s, k)));
}

const round6 = (x: number) => Number(x.toPrecision(6));

/**
 * RANDOM: `trials` combinations from `seed`. When every parameter is a list, distinct combinations are drawn
 * without replacement (the whole grid when trials ≥ its size); with ranges, each trial picks an entry uniformly,
 * then each list uniformly and each range uniformly (log-uniformly when log is true).
 */
export function sampleRandom(
  spaces: SearchSpace[],
  trials: number | null | undefined,
  seed: number,
  maxTrials: number,
): TrialSpec[] {
  if (trials === null || trials === undefined || !Number.isInteger(trials) || trials < 1) {
    throw badInput("strategy RANDOM needs trials: how many combinations to sample (at least 1)", {
      field: "input.trials",
    });
  }
  if (trials > maxTrials) throw tooMany(trials, maxTrials, "input.trials");
  const rand = seededRandom(seed);
  const sizes = spaces.map(spaceSize);
  const total = sizes.reduce((a, b) => a + b, 0);
  if (Number.isFinite(total)) {
    if (trials >= total) return expandGrid(spaces, maxTrials);
    const picked = new Set<number>();
    const out: TrialSpec[] = [];
    while (out.length < trials) {
      const k = randomInt(rand, total);
      if (picked.has(k)) continue;
      picked.add(k);
      let s = 0;
      let rest = k;
      while (rest >= sizes[s]) rest -= sizes[s++];
      out.push(combination(spaces[s], rest));
    }
    return out;
  }
  return Array.from({ length: trials }, () => randomSpec(spaces, rand));
}

/** One random trial: an entry uniformly, then each list uniformly and each range (log-)uniformly. */
export function randomSpec(spaces: SearchSpace[], rand: Random): TrialSpec {
  const space = spaces[randomInt(rand, spaces.length)];
  const params: Record<string, ParamValue> = {};
  for (const { name, candidates } of space.params) {
    if (candidates.kind === "list") {
      params[name] = candidates.values[randomInt(rand, candidates.values.length)];
      continue;
    }
    const { min, max, log, integer } = candidates;
    const u = rand();
    let x = log ? Math.exp(Math.log(min) + u * (Math.log(max) - Math.log(min))) : min + u * (max - min);
    x = integer ? Math.min(max, Math.max(min, Math.round(x))) : Math.min(max, Math.max(min, round6(x)));
    params[name] = x;
  }
  return { algorithm: space.algorithm, params: withDefaults(space.algorithm, params) };
}

/**
 * The trials of a search, capped by maxTrials. GRID: every combination; RANDOM: `trials` samples; HALVING: the
 * candidates (every combination, or `trials` samples when given); TPE: `trials` placeholders drawn at random, of
 * which only the start-up ones are kept (the service replaces the others as results come in).
 */
export function planTrials(
  spaces: SearchSpace[],
  strategy: Strategy,
  trials: number | null | undefined,
  seed: number,
  maxTrials: number,
): TrialSpec[] {
  if (strategy === "RANDOM") return sampleRandom(spaces, trials, seed, maxTrials);
  if (strategy === "TPE") {
    if (trials === null || trials === undefined || !Number.isInteger(trials) || trials < 1) {
      throw badInput("strategy TPE needs trials: how many trials the search may train (at least 1)", {
        field: "input.trials",
      });
    }
    if (trials > maxTrials) throw tooMany(trials, maxTrials, "input.trials");
    const rand = seededRandom(seed);
    return Array.from({ length: trials }, () => randomSpec(spaces, rand));
  }
  if (strategy === "HALVING" && trials !== null && trials !== undefined) {
    return sampleRandom(spaces, trials, seed, maxTrials);
  }
  if (strategy === "HALVING" && !Number.isFinite(spaces.map(spaceSize).reduce((a, b) => a + b, 0))) {
    throw badInput("strategy HALVING with ranges needs trials: how many candidates to sample", {
      field: "input.trials",
    });
  }
  return expandGrid(spaces, maxTrials);
}

/** The best finished trial by the CV mean of `rankBy` (first on ties; trials without the metric rank last). */
export function pickBest(trials: TrialRecord[], rankBy: MetricName): TrialRecord | null {
  const key = `cv_${rankBy}_mean`;
  const sign = higherIsBetter(rankBy) ? 1 : -1;
  let best: TrialRecord | null = null;
  for (const t of trials) {
    if (t.status !== "FINISHED" || !t.runId) continue;
    const v = t.metrics[key];
    if (!best) {
      best = t;
      continue;
    }
    const b = best.metrics[key];
    if (typeof v === "number" && (typeof b !== "number" || sign * (v - b) > 0)) best = t;
  }
  return best;
}
