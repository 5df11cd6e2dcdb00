// Works trials from the queue in this process's worker threads: claims a trial (ownership), trains it, stores the
// model and metrics, and ends it; the last trial of a job to end queues the job's conclusion.
import { randomUUID } from "node:crypto";
import os from "node:os";
import type { Logger } from "pino";
import { isGatewayError } from "../../errors";
import type { ArtifactStore } from "../artifacts/store";
import type { MlflowClient } from "../mlflow/client";
import type { MlflowDatasetInput, MlflowMetric, MlflowRunStatus } from "../mlflow/types";
import { buildMlmodel, MODEL_DIR, MODEL_FILE } from "../models/mlmodel";
import { PROFILE_ARTIFACT } from "../models/training-profile";
import type { QueueJob, QueueService } from "../queue/boss";
import type { JobStore, TrialStatusName } from "./job-store";
import { createTrialRun, RunCloser } from "./runs";
import type { TrialSpec } from "./search";
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

/** A trial's queue job. */
export interface TrialMessage {
  jobId: string;
  index: number;
}

/** What trainGrid stores once per job for every worker process (training_job_data). */
export interface JobData {
  training: TrainingData;
  datasetInput: MlflowDatasetInput;
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
    this.watcher = setInterval(() => void this.watch(), WATCH_MS).unref();
  }

  /**
   * Stop taking trials; let running ones finish for up to graceMs, then hand the rest back to the queue (their
   * runs FAILED, the trials SCHEDULED again for another worker).
   */
  async stop(graceMs: number): Promise<void> {
    this.stopping = true;
    await this.deps.queue.offWork(TRIAL_QUEUE).catch(() => {});
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
    const entry: Running = {
      jobId,
      index,
      lost: false,
      handle: this.pool!.run(jobId, spec, () => data.training),
    };
    this.running.add(entry);
    let outcome: TrialOutcome;
    try {
      outcome = await entry.handle.promise;
    } catch (err) {
      await this.ended(entry, runId, err as Error);
      return;
    } finally {
      this.running.delete(entry);
    }
    await this.finished(entry, { runId, artifactUri }, outcome);
  }

  /** Store the model directory, log metrics, finish the run, while this process still owns the trial. */
  private async finished(
    entry: Running,
    run: { runId: string; artifactUri: string },
    outcome: TrialOutcome,
  ): Promise<void> {
    const { store, mlflow, artifacts, owner } = this.deps;
    const { jobId, index } = entry;
    if (!(await store.ownsTrial(jobId, index, owner))) return this.lostOwnership(entry);
    try {
      const json = JSON.stringify(outcome.model);
      const mlmodel = buildMlmodel({
        runId: run.runId,
        model: outcome.model,
        modelUuid: randomUUID().replace(/-/g, ""),
        createdAt: new Date(outcome.model.createdAt),
        mlflowVersion: await this.serverVersion(),
        modelSizeBytes: Buffer.byteLength(json),
      });
      await artifacts.put(run.artifactUri, `${MODEL_DIR}/${MODEL_FILE}`, json, "application/json");
      await artifacts.put(run.artifactUri, `${MODEL_DIR}/MLmodel`, mlmodel, "text/yaml");
      if (outcome.model.trainingProfile)
        await artifacts.put(
          run.artifactUri,
          PROFILE_ARTIFACT,
          JSON.stringify(outcome.model.trainingProfile),
          "application/json",
        );
      const metrics = { ...outcome.metrics, training_time_s: outcome.seconds };
      const now = Date.now();
      await mlflow.logBatch(run.runId, {
        metrics: Object.entries(metrics).map(
          ([key, value]): MlflowMetric => ({ key, value, timestamp: now, step: 0 }),
        ),
      });
      if (!(await store.ownsTrial(jobId, index, owner))) return this.lostOwnership(entry);
      await mlflow.updateRun(run.runId, "FINISHED");
      await this.end(jobId, index, "FINISHED", metrics, null);
    } catch (err) {
      await this.ended(entry, run.runId, err as Error);
    }
  }

  /**
   * A trial that did not finish: KILLED when cancelled or past TRIAL_TIMEOUT_MS, handed back on shutdown, FAILED
   * otherwise (error tag).
   */
  private async ended(entry: Running, runId: string, err: Error): Promise<void> {
    const { store, runs, owner } = this.deps;
    const { jobId, index } = entry;
    if (entry.lost) return this.lostOwnership(entry);
    if (err instanceof PoolClosedError) {
      await runs.close(
        runId,
        "FAILED",
        `the worker ${this.worker} shut down during the trial; handed back`,
        true,
      );
      await store.releaseTrial(jobId, index, owner);
      throw err; // pg-boss retries the trial on another worker
    }
    const killed = err instanceof TrialCancelledError || err instanceof TrialTimeoutError;
    const status: MlflowRunStatus = killed ? "KILLED" : "FAILED";
    const message = isGatewayError(err) ? err.message : err.message || String(err);
    await runs.close(runId, status, message, true);
    await this.end(jobId, index, status, {}, message);
  }

  /** Another process owns the trial now (this one stalled past the queue's expiry): write nothing more. */
  private lostOwnership(entry: Running): void {
    this.deps.log.warn(
      { jobId: entry.jobId, index: entry.index },
      "lost ownership of a trial (another worker took it over); dropping this attempt",
    );
  }

  private async end(
    jobId: string,
    index: number,
    status: TrialStatusName,
    metrics: Record<string, number>,
    error: string | null,
  ): Promise<void> {
    const { changed, open } = await this.deps.store.finishTrial(
      jobId,
      index,
      status,
      metrics,
      error,
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
        if (!s.cancelled) entry.lost = true;
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
