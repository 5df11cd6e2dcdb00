// The order trials run in, per strategy: GRID and RANDOM all at once, TPE in batches that learn from the
// finished ones, HALVING in rungs with the best third advancing. The service supplies the trial runner.
import { advance, advancing, halvingSchedule, minHalvingRows } from "./halving";
import { higherIsBetter, MetricName } from "./metrics";
import { seededRandom } from "./prng";
import type { SearchSpace, Strategy, TrialSpec } from "./search";
import { Observation, suggestTpe, TPE_DEFAULTS } from "./tpe";

/** What a strategy needs from the service to run trials (MLflow runs, database, worker pool). */
export interface TrialRunner {
  /**
   * Train trial `index`; resolves to its metrics, or null when it failed or could not start. A final run ends
   * the trial FINISHED with its model; otherwise the metrics are logged at `step` and the run stays open.
   */
  run(index: number, spec: TrialSpec, step: number, final: boolean): Promise<Record<string, number> | null>;
  /** A TPE trial's parameters are decided: record them before it runs. */
  decided(index: number, spec: TrialSpec): Promise<void>;
  /** HALVING: the trial did not advance after rung `step`; it ends KILLED with the metrics it reached. */
  eliminate(index: number, step: number, reason: string): Promise<void>;
  /** The job was cancelled or the gateway is stopping: start nothing more. */
  stopped(): boolean;
}

export interface SearchContext {
  strategy: Strategy;
  spaces: SearchSpace[];
  /** The planned trials (TPE: only the start-up ones are kept). */
  trials: TrialSpec[];
  rankBy: MetricName;
  seed: number;
  /** Trials run at once (the worker pool's size). */
  batch: number;
  folds: number;
  classes: number;
  trainRows: number;
}

/** Whether trial `index`'s parameters are only known when it is about to run. */
export const decidedLate = (strategy: Strategy, index: number): boolean =>
  strategy === "TPE" && index >= TPE_DEFAULTS.startup;

/** Run every trial of the search through `runner`, in the strategy's order. */
export async function runSearch(ctx: SearchContext, runner: TrialRunner): Promise<void> {
  if (ctx.strategy === "TPE") return runTpe(ctx, runner);
  if (ctx.strategy === "HALVING") return runHalving(ctx, runner);
  await Promise.allSettled(ctx.trials.map((spec, i) => runner.run(i, spec, 0, true)));
}

const score = (ctx: SearchContext, metrics: Record<string, number> | null): number | undefined => {
  const v = metrics?.[`cv_${ctx.rankBy}_mean`];
  if (typeof v !== "number" || !Number.isFinite(v)) return undefined;
  return higherIsBetter(ctx.rankBy) ? v : -v;
};

async function runTpe(ctx: SearchContext, runner: TrialRunner): Promise<void> {
  // A stream of its own, so the start-up trials (the plan's) do not shift the model's draws.
  const rand = seededRandom(ctx.seed ^ 0x7be5);
  const history: Observation[] = [];
  for (let next = 0; next < ctx.trials.length && !runner.stopped(); ) {
    const size = Math.min(ctx.batch, ctx.trials.length - next);
    const batch: { index: number; spec: TrialSpec }[] = [];
    const suggested = suggestTpe(ctx.spaces, history, size, rand);
    for (let k = 0; k < size; k++) {
      const index = next + k;
      const spec = decidedLate(ctx.strategy, index) ? suggested[k] : ctx.trials[index];
      if (decidedLate(ctx.strategy, index)) await runner.decided(index, spec);
      batch.push({ index, spec });
    }
    const results = await Promise.all(batch.map((b) => runner.run(b.index, b.spec, 0, true)));
    results.forEach((metrics, k) => {
      const s = score(ctx, metrics);
      if (s !== undefined) history.push({ spec: batch[k].spec, score: s });
    });
    next += size;
  }
}

async function runHalving(ctx: SearchContext, runner: TrialRunner): Promise<void> {
  const rows = halvingSchedule(ctx.trials.length, ctx.trainRows, minHalvingRows(ctx.folds, ctx.classes));
  let alive = ctx.trials.map((_, i) => i);
  for (let rung = 0; rung < rows.length && !runner.stopped(); rung++) {
    const final = rung === rows.length - 1;
    const results = await Promise.all(
      alive.map((i) => runner.run(i, { ...ctx.trials[i], rows: rows[rung] }, rung, final)),
    );
    if (final || runner.stopped()) return;
    const scored = alive.map((index, k) => ({ index, score: score(ctx, results[k]) }));
    const keep = advance(
      scored.filter((s) => results[alive.indexOf(s.index)] !== null),
      advancing(alive.length),
    );
    const eliminated = alive.filter((i, k) => results[k] !== null && !keep.includes(i));
    await Promise.all(
      eliminated.map((i) =>
        runner.eliminate(
          i,
          rung,
          `eliminated by successive halving after rung ${rung} (${rows[rung]} training rows): not in the best third by cv_${ctx.rankBy}_mean`,
        ),
      ),
    );
    alive = keep;
  }
}
