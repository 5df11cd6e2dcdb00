// Training jobs: trainGrid validates and prepares a job, then queues one pg-boss job per trial; any process with
// TRAINING_WORKERS > 0 (a gateway, or `npm run worker`) trains them (runner.ts) and the last trial to end queues the
// job's conclusion (conclude.ts). Job and trial state lives in job-store.ts, changed only by the owner.
import { randomUUID } from "node:crypto";
import os from "node:os";
import type { Logger } from "pino";
import type { Config } from "../../config";
import { badInput, notFound, rateLimited, unavailable } from "../../errors";
import type { ArtifactStore } from "../artifacts/store";
import type { DatasetService } from "../datasets/service";
import type { EventBus } from "../events/bus";
import { publishJobChange } from "../events/topics";
import type { MlflowClient } from "../mlflow/client";
import type { TrackingService } from "../mlflow/tracking";
import type { PromotionService } from "../promotion/service";
import type { QueueJob, QueueService } from "../queue/boss";
import type { GatewayDb } from "../store/db";
import { JobConcluder } from "./conclude";
import { PreparedJob, prepareJob, TrainGridRequest } from "./input";
import { JobRecord, JobStore } from "./job-store";
import { watchJob } from "./job-watch";
import { createTrialRun, MLFLOW_CONCURRENCY, mapLimit, RunCloser, SOURCE_TAGS } from "./runs";
import { detachedFromRequest } from "../../logger";
import { longestFirst } from "./search";
import { decidedLate } from "./strategies";
import {
  CONCLUDE_QUEUE,
  SEARCH_DEAD_QUEUE,
  SEARCH_QUEUE,
  JobData,
  queueConclusion,
  TRIAL_DEAD_QUEUE,
  TRIAL_QUEUE,
  TrialMessage,
  TrialRunner,
} from "./runner";

export type { TrainGridRequest } from "./input";

export interface TrainingDeps {
  config: Config;
  log: Logger;
  db: GatewayDb;
  queue: QueueService;
  events: EventBus;
  mlflow: MlflowClient;
  artifacts: ArtifactStore;
  datasets: DatasetService;
  tracking: TrackingService;
  /** trainGrid's promoteTo goes through promoteModel's rules. */
  promotion: PromotionService;
}

/** Beyond TRIAL_TIMEOUT_MS, the time a trial's queue job may take (storing the model, MLflow calls) before the queue
 * takes it for a stopped worker's and retries it elsewhere. */
const EXPIRY_MARGIN_S = 10;
const WAIT_POLL_MS = 200;

export class TrainingService {
  private readonly store: JobStore;
  /** This process as the owner of trials and job conclusions. */
  private readonly owner = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly runs: RunCloser;
  private readonly concluder: JobConcluder;
  private runner?: TrialRunner;
  private closing = false;

  constructor(readonly deps: TrainingDeps) {
    // Every committed change, from whichever process owns the trial, is published (trainingJobUpdated).
    this.store = new JobStore(deps.db, (id) => {
      publishJobChange(deps.events, id).catch((err) =>
        deps.log.warn({ err, jobId: id }, "could not publish a training job change"),
      );
    });
    this.runs = new RunCloser(deps.mlflow, deps.log);
    this.concluder = new JobConcluder({
      store: this.store,
      mlflow: deps.mlflow,
      promotion: deps.promotion,
      runs: this.runs,
      log: deps.log,
      owner: this.owner,
    });
  }

  /** Create the queues; work conclusions and dead letters; with TRAINING_WORKERS > 0, work trials too. */
  async start(): Promise<void> {
    const { queue, config } = this.deps;
    this.closing = false;
    await queue.createQueue(TRIAL_DEAD_QUEUE);
    await queue.createQueue(TRIAL_QUEUE, { deadLetter: TRIAL_DEAD_QUEUE });
    await queue.createQueue(SEARCH_DEAD_QUEUE);
    await queue.createQueue(SEARCH_QUEUE, { deadLetter: SEARCH_DEAD_QUEUE });
    await queue.createQueue(CONCLUDE_QUEUE, { policy: "stately" });
    await queue.work<{ jobId: string }>(CONCLUDE_QUEUE, { pollingIntervalSeconds: 0.5 }, async (jobs) => {
      for (const j of jobs) await this.concluder.conclude(j.data.jobId);
    });
    await queue.work<TrialMessage>(TRIAL_DEAD_QUEUE, { pollingIntervalSeconds: 1 }, async (jobs) => {
      for (const j of jobs) await this.deadTrial(j);
    });
    await queue.work<{ jobId: string }>(SEARCH_DEAD_QUEUE, { pollingIntervalSeconds: 1 }, async (jobs) => {
      for (const j of jobs) await this.deadSearch(j.data.jobId);
    });
    this.runs.start();
    if (config.training.workers > 0) {
      this.runner = new TrialRunner({
        store: this.store,
        queue,
        mlflow: this.deps.mlflow,
        artifacts: this.deps.artifacts,
        runs: this.runs,
        log: this.deps.log,
        owner: this.owner,
        workers: config.training.workers,
        trialTimeoutMs: config.training.trialTimeoutMs,
        requeue: (msg) => this.sendTrial(msg),
      });
      await this.runner.start();
    }
  }

  /** On shutdown: take no more trials; running ones finish within graceMs or go back to the queue. */
  async close(graceMs = 10_000): Promise<void> {
    this.closing = true;
    await this.runner?.stop(graceMs);
    this.runner = undefined;
    await this.deps.queue.offWork(CONCLUDE_QUEUE).catch(() => {});
    await this.deps.queue.offWork(TRIAL_DEAD_QUEUE).catch(() => {});
    await this.deps.queue.offWork(SEARCH_DEAD_QUEUE).catch(() => {});
    await this.runs.stop();
  }

  // ------------------------------------------------------------------ queries

  async getJob(id: string): Promise<JobRecord | null> {
    if (!isUuid(id)) return null;
    return this.store.get(id);
  }

  /** trainingJobUpdated: the job now, then after every change made by any process, until it has ended. */
  watchJob(id: string): Promise<AsyncIterableIterator<JobRecord>> {
    return watchJob(this.store, this.deps.events, id);
  }

  async listJobs(first: number): Promise<JobRecord[]> {
    if (!Number.isInteger(first) || first < 1 || first > 500) {
      throw badInput(`first must be a whole number from 1 to 500, got ${first}`, { field: "first" });
    }
    return this.store.list(first);
  }

  // ------------------------------------------------------------------ trainGrid

  /** Validate, read the data, create the job, its MLflow runs and its queue jobs (wait: until the job has ended). */
  async trainGrid(request: TrainGridRequest, createdBy: string | null): Promise<JobRecord> {
    if (this.closing) throw unavailable("the gateway is shutting down: retry on another instance");
    const { mlflow } = this.deps;
    await this.checkConcurrency(createdBy);
    const prepared = await prepareJob(this.deps, request);
    const id = randomUUID();
    const experimentId = await mlflow.ensureExperiment(request.experimentName.trim());
    const parent = await mlflow.createRun({
      experimentId,
      runName: `${request.dataset}-${request.strategy.toLowerCase()}-${id.slice(0, 8)}`,
      tags: [
        { key: "gateway.job_id", value: id },
        ...(createdBy ? [{ key: "mlflow.user", value: createdBy }] : []),
        ...SOURCE_TAGS,
      ],
    });
    const parentRunId = parent.info.run_id;
    const input = {
      ...request,
      features: prepared.featureNames,
      rankBy: prepared.rankBy,
      droppedRows: prepared.droppedRows,
    } as Record<string, unknown>;
    delete input.wait;
    const { request: req, trials, data, datasetInput, rankBy } = prepared;
    const adaptive = req.strategy === "TPE" || req.strategy === "HALVING";
    try {
      await this.store.insert({
        id,
        total: trials.length,
        input,
        experimentId,
        parentRunId,
        createdBy,
        owner: this.owner,
        trials,
        data: {
          training: data,
          datasetInput,
          search: adaptive
            ? { strategy: req.strategy, spaces: prepared.spaces, trials, rankBy, seed: req.seed }
            : undefined,
        } satisfies JobData,
      });
      // issue 13: the job's MLflow calls are its own, not the trainGrid request's (UPSTREAM_MAX_CALLS).
      await detachedFromRequest(() => this.queueJob(id, prepared, experimentId, parentRunId, createdBy));
    } catch (err) {
      // Nothing half-way: the job ends FAILED with the reason, its runs closed.
      const record = await this.store.get(id).catch(() => null);
      const reason = `could not queue the job: ${err instanceof Error ? err.message : String(err)}`;
      if (record) await this.concluder.endJob(record, { status: "FAILED", error: reason });
      else await this.runs.close(parentRunId, "FAILED", reason, true);
      throw err;
    }
    // Waiting polls the gateway's own tables: not the caller's upstream calls (UPSTREAM_MAX_CALLS).
    if (request.wait) return detachedFromRequest(() => this.waitFor(id));
    return (await this.store.get(id))!;
  }

  /** The parent run's params, every trial's run (SCHEDULED), then the queue jobs (one per trial, or the search). */
  private async queueJob(
    id: string,
    prepared: PreparedJob,
    experimentId: string,
    parentRunId: string,
    createdBy: string | null,
  ): Promise<void> {
    const { mlflow, config, queue } = this.deps;
    const { request: req, trials, data, datasetInput, rankBy } = prepared;
    {
      await mlflow.logBatch(parentRunId, {
        params: [
          { key: "dataset", value: req.dataset },
          { key: "source", value: req.source },
          { key: "label", value: req.label },
          { key: "features", value: prepared.featureNames.join(",") },
          { key: "strategy", value: req.strategy },
          { key: "trials", value: String(trials.length) },
          { key: "folds", value: String(req.folds) },
          { key: "test_fraction", value: String(req.testFraction) },
          { key: "seed", value: String(req.seed) },
          { key: "rank_by", value: rankBy },
          { key: "rows", value: String(data.rows.length) },
          { key: "classes", value: data.classes.join(",") },
        ],
      });
      await mlflow.logInputs(parentRunId, [datasetInput]);
      // Every trial's run exists before training starts, so a cancelled trial has a run to mark.
      await mapLimit(trials, MLFLOW_CONCURRENCY, async (spec, index) => {
        const run = await createTrialRun(mlflow, {
          experimentId,
          parentRunId,
          jobId: id,
          index,
          spec,
          createdBy,
          input: datasetInput,
          paramsLater: decidedLate(req.strategy, index),
        });
        await this.store.setTrialRun(id, index, run.runId);
      });
      const expireInSeconds = Math.ceil(config.training.trialTimeoutMs / 1000) + EXPIRY_MARGIN_S;
      if (req.strategy === "TPE" || req.strategy === "HALVING") {
        // An adaptive search decides each round from the last: one queue job runs it on one worker process.
        await queue.send(
          SEARCH_QUEUE,
          { jobId: id },
          { retryLimit: 0, expireInSeconds: Math.min(82_800, expireInSeconds * trials.length) },
        );
        return;
      }
      // One at a time, longest first: the queue hands out trials in the order they were sent, so the workers
      // finish a grid on short trials rather than with one long trial left running while the others wait.
      for (const index of longestFirst(trials)) await this.sendTrial({ jobId: id, index });
    }
  }

  private async sendTrial(msg: TrialMessage): Promise<void> {
    const { config, queue } = this.deps;
    await queue.send(TRIAL_QUEUE, msg, {
      retryLimit: config.training.trialRetries,
      retryDelay: 0,
      expireInSeconds: Math.ceil(config.training.trialTimeoutMs / 1000) + EXPIRY_MARGIN_S,
    });
  }

  /** Refuse a job beyond TRAINING_MAX_CONCURRENT_JOBS (overall) or TRAINING_MAX_CONCURRENT_JOBS_PER_CALLER. */
  private async checkConcurrency(createdBy: string | null): Promise<void> {
    const { maxConcurrentJobs, maxConcurrentJobsPerCaller } = this.deps.config.training;
    const active = await this.store.activeJobs(createdBy);
    if (active.all >= maxConcurrentJobs) {
      throw rateLimited(
        `${active.all} training jobs are running, the limit is ${maxConcurrentJobs} (TRAINING_MAX_CONCURRENT_JOBS): wait for one to end or cancel one`,
      );
    }
    if (createdBy && active.caller >= maxConcurrentJobsPerCaller) {
      throw rateLimited(
        `you have ${active.caller} training jobs running, the limit per caller is ${maxConcurrentJobsPerCaller} (TRAINING_MAX_CONCURRENT_JOBS_PER_CALLER): wait for one to end or cancel one`,
      );
    }
  }

  private async waitFor(id: string): Promise<JobRecord> {
    for (;;) {
      const job = (await this.store.get(id))!;
      if (job.finishedAt) return job;
      await new Promise((r) => setTimeout(r, WAIT_POLL_MS));
    }
  }

  /**
   * CANCELLED at once: trials nobody took end KILLED here; running ones are stopped by their workers (thread
   * terminated, run KILLED) within a second; the last trial to end queues the conclusion.
   */
  async cancel(id: string): Promise<JobRecord> {
    const job = isUuid(id) ? await this.store.get(id) : null;
    if (!job)
      throw notFound(`training job ${JSON.stringify(id)} does not exist: trainingJobs lists the jobs`, {
        field: "id",
      });
    if (job.status !== "QUEUED" && job.status !== "RUNNING") return job;
    await this.store.cancel(id);
    const reason = "cancelled before it started";
    const unclaimed = await this.store.endUnclaimedTrials(id, "KILLED", reason);
    await mapLimit(unclaimed, MLFLOW_CONCURRENCY, async (t) => {
      if (t.runId) await this.runs.close(t.runId, "KILLED", reason);
    });
    if ((await this.store.openTrials(id)) === 0) await queueConclusion(this.deps.queue, id);
    return (await this.store.get(id))!;
  }

  /** An adaptive search whose worker stopped: its open trials end FAILED, and the job is concluded. */
  private async deadSearch(jobId: string): Promise<void> {
    const record = await this.store.get(jobId);
    if (!record || record.finishedAt) return;
    const reason = "the worker running this search stopped before it finished: start the job again";
    const open = await this.store.endOpenTrials(jobId, "FAILED", reason);
    await mapLimit(open, MLFLOW_CONCURRENCY, async (t) => {
      if (t.runId) await this.runs.close(t.runId, "FAILED", reason);
    });
    await this.store.recountCompleted(jobId);
    await queueConclusion(this.deps.queue, jobId);
  }

  /** A trial whose retries ran out (its workers kept stopping): FAILED, its run FAILED. */
  private async deadTrial(job: QueueJob<TrialMessage>): Promise<void> {
    const { jobId, index } = job.data;
    const record = await this.store.get(jobId);
    const trial = record?.trials.find((t) => t.index === index);
    if (!record || !trial) return;
    const reason = `the trial was tried ${trial.attempts} time(s) and its worker stopped each time (last: ${trial.worker ?? "?"})`;
    const { changed, open } = await this.store.finishTrial(jobId, index, "FAILED", {}, reason);
    if (changed && trial.runId) await this.runs.close(trial.runId, "FAILED", reason);
    if (changed && open === 0) await queueConclusion(this.deps.queue, jobId);
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isUuid = (s: string) => UUID.test(s);
