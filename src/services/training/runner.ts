// Works trials from the queue in this process's worker threads: claims a trial (ownership), trains it, stores the
// model and metrics, and ends it; the last trial of a job to end queues the job's conclusion.
import os from "node:os";
import type { Logger } from "pino";
import { isGatewayError } from "../../errors";
import type { ArtifactStore } from "../artifacts/store";
import type { MlflowClient } from "../mlflow/client";
import type { MlflowDatasetInput, MlflowMetric, MlflowRunStatus } from "../mlflow/types";
import { PROFILE_ARTIFACT } from "../models/training-profile";
import type { QueueJob, QueueService } from "../queue/boss";
import type { JobStore, TrialStatusName } from "./job-store";
import { createTrialRun, logTrialParams, RunCloser, SOURCE_TAGS } from "./runs";
import { runSearch, SearchContext, TrialRunner as SearchRunner } from "./strategies";
import { logTrialModel } from "./trial-model";
import type { SearchSpace, Strategy, TrialSpec } from "./search";
import type { MetricName } from "./metrics";
import type { TrainingData, TrialOutcome } from "./trial";
import {
  PoolClosedError,
  TrialCancelledError,
  TrialHandle,
  TrialPool,
  TrialTimeoutError,
} from "./worker-pool";

export const TRIAL_QUEUE = "training-trial";
export const TRIAL_DEAD_QUEUE = "training-trial-dead";
export const CONCLUDE_QUEUE = "training-conclude";
/** TPE and HALVING: one queue job runs the whole adaptive search on one worker process (its threads). */
export const SEARCH_QUEUE = "training-search";
export const SEARCH_DEAD_QUEUE = "training-search-dead";

/** A trial's queue job. */
export interface TrialMessage {
  jobId: string;
  index: number;
}

/** What trainGrid stores once per job for every worker process (training_job_data). */
export interface JobData {
  training: TrainingData;
  datasetInput: MlflowDatasetInput;
  /** TPE and HALVING: what the adaptive search needs. */
  search?: {
    strategy: Strategy;
    spaces: SearchSpace[];
    trials: TrialSpec[];
    rankBy: MetricName;
    seed: number;
  };
}

export interface RunnerDeps {
  store: JobStore;
  queue: QueueService;
  mlflow: MlflowClient;
  artifacts: ArtifactStore;
  runs: RunCloser;
  log: Logger;
  owner: string;
  workers: number;
  trialTimeoutMs: number;
  /** Queue a trial again (handed back on shutdown: a new queue job, so no retry waits for the old one's expiry). */
  requeue: (msg: TrialMessage) => Promise<void>;
}

interface TrialRun {
  runId: string;
  artifactUri: string;
  experimentId: string;
  name: string;
}

interface Running {
  jobId: string;
  index: number;
  handle: TrialHandle;
  /** Set when the trial must stop because another process owns it now. */
  lost: boolean;
}

/** How often a worker looks for cancelled jobs and trials it no longer owns (cancel within 5 s). */
const WATCH_MS = 500;
const KEEP_DATASETS = 4;

export class TrialRunner {
  /** host:pid, shown as Trial.worker. */
  readonly worker = `${os.hostname()}:${process.pid}`;
  private pool?: TrialPool;
  private readonly running = new Set<Running>();
  private readonly datasets = new Map<string, Promise<JobData>>();
  private watcher?: NodeJS.Timeout;
  private watching = false;
  private mlflowVersion?: Promise<string | undefined>;
  private stopping = false;
  /** Jobs seen cancelled: an adaptive search starts no more trials. */
  private readonly cancelled = new Set<string>();

  constructor(private readonly deps: RunnerDeps) {}

  async start(): Promise<void> {
    const { queue, workers } = this.deps;
    this.stopping = false;
    this.pool = new TrialPool(workers, undefined, this.deps.trialTimeoutMs);
    // pg-boss 10 runs one handler at a time per work(): one registration per worker thread.
    for (let i = 0; i < workers; i++) {
      await queue.work<TrialMessage>(TRIAL_QUEUE, { batchSize: 1, pollingIntervalSeconds: 0.5 }, ([job]) =>
        this.work(job),
      );
    }
    await queue.work<{ jobId: string }>(
      SEARCH_QUEUE,
      { batchSize: 1, pollingIntervalSeconds: 0.5 },
      ([job]) => this.search(job.data.jobId),
    );
    this.watcher = setInterval(() => void this.watch(), WATCH_MS).unref();
  }

  /**
   * Stop taking trials; let running ones finish for up to graceMs, then hand the rest back to the queue (their
   * runs FAILED, the trials SCHEDULED again for another worker).
   */
  async stop(graceMs: number): Promise<void> {
    this.stopping = true;
    await this.deps.queue.offWork(TRIAL_QUEUE).catch(() => {});
    await this.deps.queue.offWork(SEARCH_QUEUE).catch(() => {});
    const deadline = Date.now() + graceMs;
    while (this.running.size && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    clearInterval(this.watcher);
    const pending = [...this.running].map((r) => r.handle.promise.catch(() => {}));
    await this.pool?.close();
    await Promise.race([Promise.allSettled(pending), new Promise((r) => setTimeout(r, 5_000).unref())]);
    this.pool = undefined;
  }

  /** One trial from the queue; throwing hands it back to pg-boss (retried while retries last). */
  private async work(job: QueueJob<TrialMessage>): Promise<void> {
    const { store, mlflow, runs, owner } = this.deps;
    const { jobId, index } = job.data;
    if (this.stopping) throw new Error("the worker is shutting down");
    const claim = await store.claimTrial(jobId, index, owner, this.worker);
    if (!claim) return; // the job or the trial ended (cancelled, or finished by a retry elsewhere)
    const { trial, job: record } = claim;
    const spec: TrialSpec = { algorithm: trial.algorithm as TrialSpec["algorithm"], params: trial.params };
    const data = await this.data(jobId);
    let runId = trial.runId;
    let artifactUri = "";
    if (trial.attempts > 0 || !runId) {
      // A retry: the previous attempt's worker stopped (or handed the trial back). Its run ends FAILED; this attempt
      // gets a fresh run.
      if (runId) {
        await runs.close(
          runId,
          "FAILED",
          `the worker ${trial.worker ?? "?"} stopped during the trial; retried on ${this.worker}`,
        );
      }
      const fresh = await createTrialRun(mlflow, {
        experimentId: record.experimentId!,
        parentRunId: record.parentRunId!,
        jobId,
        index,
        spec,
        createdBy: record.createdBy,
        input: data.datasetInput,
        attempt: trial.attempts + 1,
      });
      runId = fresh.runId;
      artifactUri = fresh.artifactUri;
      if (!(await store.setOwnedTrialRun(jobId, index, runId, owner))) {
        await runs.close(runId, "KILLED", "another worker took the trial over", true);
        return;
      }
    } else {
      const run = await mlflow.getRun(runId);
      artifactUri = run?.info.artifact_uri ?? "";
    }
    await mlflow.updateRun(runId, "RUNNING");
    const done = await this.onThread(jobId, index, spec, data, runId);
    if (!done) return;
    await this.finished(
      done.entry,
      this.trialRun(record, index, spec, runId, artifactUri),
      done.outcome,
      spec,
      0,
    );
  }

  private trialRun(
    record: { experimentId: string | null },
    index: number,
    spec: TrialSpec,
    runId: string,
    artifactUri: string,
  ): TrialRun {
    return {
      runId,
      artifactUri,
      experimentId: record.experimentId!,
      name: `${spec.algorithm.toLowerCase()}-${index}`,
    };
  }

  /**
   * Train one trial on this process's threads, watched (cancel, lost ownership) while it runs. Null when it did not
   * finish: ended() has then closed or handed back the trial.
   */
  private async onThread(
    jobId: string,
    index: number,
    spec: TrialSpec,
    data: JobData,
    runId: string,
  ): Promise<{ entry: Running; outcome: TrialOutcome } | null> {
    const entry: Running = {
      jobId,
      index,
      lost: false,
      handle: this.pool!.run(jobId, spec, () => data.training),
    };
    this.running.add(entry);
    try {
      return { entry, outcome: await entry.handle.promise };
    } catch (err) {
      await this.ended(entry, runId, err as Error);
      return null;
    } finally {
      this.running.delete(entry);
    }
  }

  /** Log the model (a LoggedModel with the trial's metrics), finish the run, while this process owns the trial. */
  private async finished(
    entry: Running,
    run: TrialRun,
    outcome: TrialOutcome,
    spec: TrialSpec,
    step: number,
  ): Promise<Record<string, number> | null> {
    const { store, mlflow, artifacts, owner } = this.deps;
    const { jobId, index } = entry;
    if (!(await store.ownsTrial(jobId, index, owner))) return this.lostOwnership(entry);
    try {
      if (outcome.model.trainingProfile)
        await artifacts.put(
          run.artifactUri,
          PROFILE_ARTIFACT,
          JSON.stringify(outcome.model.trainingProfile),
          "application/json",
        );
      const metrics = trialMetrics(outcome, spec, step);
      await logTrialModel(this.deps, {
        experimentId: run.experimentId,
        runId: run.runId,
        runArtifactUri: run.artifactUri,
        name: run.name,
        model: outcome.model,
        metrics,
        step,
        tags: [
          { key: "gateway.job_id", value: jobId },
          { key: "gateway.trial_index", value: String(index) },
          ...SOURCE_TAGS,
        ],
        mlflowVersion: await this.serverVersion(),
      });
      if (!(await store.ownsTrial(jobId, index, owner))) return this.lostOwnership(entry);
      await mlflow.updateRun(run.runId, "FINISHED");
      await this.end(jobId, index, "FINISHED", metrics, null);
      return metrics;
    } catch (err) {
      await this.ended(entry, run.runId, err as Error);
      return null;
    }
  }

  /**
   * TPE or HALVING: the whole search runs here (its trials on this process's threads), each trial claimed (owned)
   * by this process. A worker that stops mid-search fails the search: its open trials end FAILED (dead letter).
   */
  private async search(jobId: string): Promise<void> {
    const { store, mlflow, owner, runs } = this.deps;
    if (this.stopping) throw new Error("the worker is shutting down");
    const record = await store.get(jobId);
    if (!record || record.finishedAt || record.status === "CANCELLED") return;
    const data = await this.data(jobId);
    const plan = data.search!;
    const claimed = new Map<number, TrialRun>();
    const last = new Map<number, Record<string, number>>();
    const ctx: SearchContext = {
      ...plan,
      batch: this.deps.workers,
      folds: data.training.plan.folds.length,
      classes: data.training.classes.length,
      trainRows: data.training.plan.train.length,
    };
    const runner: SearchRunner = {
      stopped: () => this.stopping || this.cancelled.has(jobId),
      decided: async (index, spec) => {
        const trial = (await store.get(jobId))?.trials[index];
        await store.setTrialParams(jobId, index, spec.params);
        if (trial?.runId) await logTrialParams(mlflow, trial.runId, spec);
      },
      run: async (index, spec, step, final) => {
        let run = claimed.get(index);
        if (!run) {
          const claim = await store.claimTrial(jobId, index, owner, this.worker);
          if (!claim?.trial.runId) return null;
          const info = await mlflow.getRun(claim.trial.runId);
          run = this.trialRun(record, index, spec, claim.trial.runId, info?.info.artifact_uri ?? "");
          claimed.set(index, run);
          await mlflow.updateRun(run.runId, "RUNNING");
        }
        // A trial of a search that cannot even be ended (MLflow down) must not end the whole search.
        const done = await this.onThread(jobId, index, spec, data, run.runId).catch(() => null);
        if (!done) return null;
        const { entry, outcome } = done;
        if (final) return this.finished(entry, run, outcome, spec, step);
        const metrics = trialMetrics(outcome, spec, step);
        try {
          const now = Date.now();
          await mlflow.logBatch(run.runId, {
            metrics: Object.entries(metrics).map(
              ([key, value]): MlflowMetric => ({ key, value, timestamp: now, step }),
            ),
          });
          await store.setTrialMetrics(jobId, index, metrics);
          last.set(index, metrics);
          return metrics;
        } catch (err) {
          await this.ended(entry, run.runId, err as Error);
          return null;
        }
      },
      eliminate: async (index, _step, reason) => {
        const run = claimed.get(index);
        if (run) await runs.close(run.runId, "KILLED", reason, true);
        await this.end(jobId, index, "KILLED", last.get(index) ?? {}, reason, true);
      },
    };
    await runSearch(ctx, runner);
    if (this.stopping) throw new Error("the worker shut down during the search");
    // Trials the search never ran (cancelled, or stopped early) end KILLED; the last one queues the conclusion.
    const open = await store.endUnclaimedTrials(jobId, "KILLED", "the search ended before the trial started");
    for (const t of open)
      if (t.runId) await runs.close(t.runId, "KILLED", "the search ended before the trial started");
    if ((await store.openTrials(jobId)) === 0) await queueConclusion(this.deps.queue, jobId);
  }

  /**
   * A trial that did not finish: KILLED when cancelled or past TRIAL_TIMEOUT_MS, handed back on shutdown, FAILED
   * otherwise (error tag).
   */
  private async ended(entry: Running, runId: string, err: Error): Promise<void> {
    const { store, runs, owner } = this.deps;
    const { jobId, index } = entry;
    // A stall (a paused process, a long GC) can outlast the queue's expiry: the trial's own timer then fires
    // before the watcher notices, and another worker may own the trial and its retry's run by now.
    if (entry.lost || !(await store.ownsTrial(jobId, index, owner))) {
      this.lostOwnership(entry);
      return;
    }
    if (err instanceof PoolClosedError) {
      await runs.close(
        runId,
        "FAILED",
        `the worker ${this.worker} shut down during the trial; handed back`,
        true,
      );
      if (await store.releaseTrial(jobId, index, owner)) await this.deps.requeue({ jobId, index });
      return;
    }
    const killed = err instanceof TrialCancelledError || err instanceof TrialTimeoutError;
    const status: MlflowRunStatus = killed ? "KILLED" : "FAILED";
    const message = isGatewayError(err) ? err.message : err.message || String(err);
    await runs.close(runId, status, message, true);
    await this.end(jobId, index, status, {}, message);
  }

  /** Another process owns the trial now (this one stalled past the queue's expiry): write nothing more. */
  private lostOwnership(entry: Running): null {
    this.deps.log.warn(
      { jobId: entry.jobId, index: entry.index },
      "lost ownership of a trial (another worker took it over); dropping this attempt",
    );
    return null;
  }

  private async end(
    jobId: string,
    index: number,
    status: TrialStatusName,
    metrics: Record<string, number>,
    error: string | null,
    completed = status === "FINISHED" || status === "FAILED",
  ): Promise<void> {
    const { changed, open } = await this.deps.store.finishTrial(
      jobId,
      index,
      status,
      metrics,
      error,
      completed,
      this.deps.owner,
    );
    if (changed && open === 0) await queueConclusion(this.deps.queue, jobId);
  }

  /** Cancelled jobs and trials this process lost: terminate their threads. */
  private async watch(): Promise<void> {
    if (this.watching || !this.running.size) return;
    this.watching = true;
    try {
      const entries = [...this.running];
      const stop = await this.deps.store.lostOrCancelled(this.deps.owner, entries);
      for (const s of stop) {
        const entry = entries.find((e) => e.jobId === s.jobId && e.index === s.index);
        if (!entry) continue;
        if (s.cancelled) this.cancelled.add(s.jobId);
        else entry.lost = true;
        entry.handle.cancel();
      }
    } catch (err) {
      this.deps.log.warn({ err }, "checking running trials failed");
    } finally {
      this.watching = false;
    }
  }

  /** A job's prepared data, read once per process and shipped once per worker thread (the pool's dataset key). */
  private data(jobId: string): Promise<JobData> {
    let p = this.datasets.get(jobId);
    if (!p) {
      p = this.deps.store.data<JobData>(jobId).then((d) => {
        if (!d) throw new Error(`the prepared data of job ${jobId} is missing`);
        return d;
      });
      p.catch(() => this.datasets.delete(jobId));
      this.datasets.set(jobId, p);
      while (this.datasets.size > KEEP_DATASETS) {
        const oldest = this.datasets.keys().next().value!;
        this.datasets.delete(oldest);
        this.pool?.forget(oldest);
      }
    }
    return p;
  }

  private serverVersion(): Promise<string | undefined> {
    this.mlflowVersion ??= this.deps.mlflow
      .call<unknown>("GET", "/version", { idempotent: true })
      .then((v) => (typeof v === "string" && /^\d+\.\d+/.test(v.trim()) ? v.trim() : undefined))
      .catch(() => undefined);
    return this.mlflowVersion;
  }
}

/** Queue a job's conclusion (at most one waiting per job). */
export async function queueConclusion(queue: QueueService, jobId: string): Promise<void> {
  await queue.send(CONCLUDE_QUEUE, { jobId }, { singletonKey: jobId, retryLimit: 3, expireInSeconds: 300 });
}

/** The metrics of a trial run (its rung, with HALVING), as logged and stored. */
function trialMetrics(outcome: TrialOutcome, spec: TrialSpec, step: number): Record<string, number> {
  const metrics: Record<string, number> = { ...outcome.metrics, training_time_s: outcome.seconds };
  if (spec.rows !== undefined) Object.assign(metrics, { rung: step, train_rows: spec.rows });
  return metrics;
}
