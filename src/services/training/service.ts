// Training jobs: grid and random search trained in the gateway, tracked in MLflow, stored in S3.
import { randomUUID } from "node:crypto";
import os from "node:os";
import type { Logger } from "pino";
import type { Config } from "../../config";
import {
  badInput,
  describeCause,
  ErrorCode,
  errorCode,
  isGatewayError,
  notFound,
  unavailable,
} from "../../errors";
import { DatasetSource } from "../../schema/enums";
import type { ArtifactStore } from "../artifacts/store";
import type { DatasetService, TableData } from "../datasets/service";
import type { EventBus } from "../events/bus";
import { publishJobChange } from "../events/topics";
import type { MlflowClient } from "../mlflow/client";
import { registerLoggedModel, registerRunModel } from "../mlflow/registration";
import type { TrackingService } from "../mlflow/tracking";
import type { KeyValue, MlflowDatasetInput, MlflowMetric, MlflowRunStatus } from "../mlflow/types";
import { checkAlias } from "../promotion/rules";
import type { PromotionService } from "../promotion/service";
import type { GatewayDb } from "../store/db";
import { JobRecord, JobStore, TrialStatusName } from "./job-store";
import { watchJob } from "./job-watch";
import { METRIC_NAMES, MetricName } from "./metrics";
import { MODEL_DIR } from "../models/mlmodel";
import { detachedFromRequest } from "../../logger";
import { PROFILE_ARTIFACT } from "../models/training-profile";
import { FeatureColumn, labelRows } from "../models/pipeline";
import {
  GridEntryInput,
  parseSearchSpaces,
  pickBest,
  planTrials,
  SearchSpace,
  Strategy,
  TrialSpec,
} from "./search";
import { planEvaluation } from "./split";
import { decidedLate, runSearch, TrialRunner } from "./strategies";
import type { TrainingData, TrialOutcome } from "./trial";
import { logTrialModel } from "./trial-model";
import { PoolClosedError, TrialCancelledError, TrialHandle, TrialPool } from "./worker-pool";

export interface TrainingDeps {
  config: Config;
  log: Logger;
  db: GatewayDb;
  events: EventBus;
  mlflow: MlflowClient;
  artifacts: ArtifactStore;
  datasets: DatasetService;
  tracking: TrackingService;
  /** trainGrid's promoteTo goes through promoteModel's rules. */
  promotion: PromotionService;
}

/** trainGrid's input as the service reads it (the GraphQL input class fits it). */
export interface TrainGridRequest {
  experimentName: string;
  dataset: string;
  source: DatasetSource;
  label: string;
  features?: string[] | null;
  grid: GridEntryInput[];
  strategy: Strategy;
  trials?: number | null;
  folds: number;
  testFraction: number;
  seed: number;
  rankBy: string;
  registerAs?: string | null;
  promoteTo?: string | null;
  /** With promoteTo: promoteModel's guard (the alias moves only if the new version is strictly better). */
  requireBetter?: { metric: string; higherIsBetter: boolean } | null;
  wait: boolean;
}

/** A job this process is running. */
interface ActiveJob {
  id: string;
  /** cancelTrainingJob: start nothing more. */
  cancelled: boolean;
  /** close(): the gateway is shutting down. */
  interrupted: boolean;
  handles: Map<number, TrialHandle>;
  /** Each dispatched trial's bookkeeping (MLflow and database updates), settled when the trial has ended. */
  trialDone: Map<number, Promise<void>>;
  done: Promise<void>;
}

/** What a job needs once validated: data, evaluation plan, trials, MLflow dataset input. */
interface PreparedJob {
  request: TrainGridRequest;
  rankBy: MetricName;
  data: TrainingData;
  trials: TrialSpec[];
  spaces: SearchSpace[];
  datasetInput: MlflowDatasetInput;
  featureNames: string[];
  droppedRows: number;
}

const HEARTBEAT_MS = 5_000;
/** A job whose heartbeat is older than this has lost its process. */
const STALE_MS = 30_000;
const SWEEP_MS = 30_000;
const MLFLOW_CONCURRENCY = 8;
/** One-hot columns per text feature: beyond this a column is an id or free text, and the matrix explodes. */
const MAX_CATEGORIES = 1000;
const MODEL_NAME = /^[A-Za-z0-9][A-Za-z0-9_.\- ]{0,255}$/; // the rule registerRunModel applies, checked before training
const ACTIVE_TRIAL: TrialStatusName[] = ["SCHEDULED", "RUNNING"];
const SOURCE_TAGS: KeyValue[] = [
  { key: "mlflow.source.name", value: "mlops-graphql-gateway trainGrid" },
  { key: "mlflow.source.type", value: "JOB" },
];
const ERROR_TAG = "gateway.error";

export class TrainingService {
  private readonly store: JobStore;
  private readonly owner = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly active = new Map<string, ActiveJob>();
  private pool?: TrialPool;
  private timers: NodeJS.Timeout[] = [];
  private closing = false;
  /** Runs MLflow could not be told to close (it was down when the trial or job ended): retried until it answers. */
  private readonly unclosed = new Map<string, { status: MlflowRunStatus; reason: string }>();
  private closingUnclosed = false;
  private mlflowVersion?: Promise<string | undefined>;

  constructor(readonly deps: TrainingDeps) {
    this.store = new JobStore(deps.db, (id) => {
      publishJobChange(deps.events, id).catch((err) =>
        deps.log.warn({ err, jobId: id }, "could not publish a training job change"),
      );
    });
  }

  /** At start-up: recover jobs a previous process left running; then keep heartbeats and sweep for abandoned jobs. */
  async start(): Promise<void> {
    this.closing = false;
    await this.recoverAbandoned();
    this.timers.push(
      setInterval(() => void this.heartbeat(), HEARTBEAT_MS).unref(),
      setInterval(() => void this.recoverAbandoned(), SWEEP_MS).unref(),
      setInterval(() => void this.closeUnclosedRuns(), HEARTBEAT_MS).unref(),
    );
  }

  /** On shutdown: stop workers, mark running trials interrupted (FAILED) and queued ones KILLED, end the jobs. */
  async close(): Promise<void> {
    this.closing = true;
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    for (const job of this.active.values()) job.interrupted = true;
    await this.pool?.close();
    this.pool = undefined;
    const jobs = [...this.active.values()].map((j) => j.done);
    await Promise.race([Promise.allSettled(jobs), new Promise((r) => setTimeout(r, 20_000).unref())]);
    await this.closeUnclosedRuns();
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

  /** Validate, read the data, create the job and its MLflow parent run; train in the background (wait: until done). */
  async trainGrid(request: TrainGridRequest, createdBy: string | null): Promise<JobRecord> {
    if (this.closing) throw unavailable("the gateway is shutting down: retry on another instance");
    const prepared = await this.prepare(request);
    const { mlflow } = this.deps;
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
    try {
      await this.store.insert({
        id,
        total: prepared.trials.length,
        input,
        experimentId,
        parentRunId,
        createdBy,
        owner: this.owner,
        trials: prepared.trials,
      });
    } catch (err) {
      await mlflow.updateRun(parentRunId, "FAILED").catch(() => {});
      throw err;
    }
    const job: ActiveJob = {
      id,
      cancelled: false,
      interrupted: false,
      handles: new Map(),
      trialDone: new Map(),
      done: Promise.resolve(),
    };
    this.active.set(id, job);
    // issue 13: the job's MLflow calls are its own, not the trainGrid request's (UPSTREAM_MAX_CALLS).
    job.done = detachedFromRequest(() => this.runJob(job, prepared, experimentId, parentRunId, createdBy))
      .catch((err) => this.deps.log.error({ err, jobId: id }, "training job bookkeeping failed"))
      .finally(() => {
        this.active.delete(id);
        this.pool?.forget(id);
      });
    if (request.wait) await job.done;
    return (await this.store.get(id))!;
  }

  /** Stop what has not started (runs KILLED); running trials finish. The job is CANCELLED at once. */
  async cancel(id: string): Promise<JobRecord> {
    const job = isUuid(id) ? await this.store.get(id) : null;
    if (!job)
      throw notFound(`training job ${JSON.stringify(id)} does not exist: trainingJobs lists the jobs`, {
        field: "id",
      });
    if (job.status !== "QUEUED" && job.status !== "RUNNING") return job;
    await this.store.cancel(id);
    const local = this.active.get(id);
    if (local) await this.cancelLocal(local);
    return (await this.store.get(id))!;
  }

  private async cancelLocal(job: ActiveJob): Promise<void> {
    job.cancelled = true;
    const killed: Promise<void>[] = [];
    for (const [index, handle] of job.handles) {
      if (handle.cancel()) killed.push(job.trialDone.get(index) ?? Promise.resolve());
    }
    await Promise.allSettled(killed);
  }

  // ------------------------------------------------------------------ validation and data

  private async prepare(request: TrainGridRequest): Promise<PreparedJob> {
    const { config } = this.deps;
    if (!request.experimentName?.trim()) {
      throw badInput("experimentName is empty: name the MLflow experiment to track the job in", {
        field: "input.experimentName",
      });
    }
    const rankBy = request.rankBy as MetricName;
    if (!METRIC_NAMES.includes(rankBy)) {
      throw badInput(
        `rankBy ${JSON.stringify(request.rankBy)} is not a metric; use one of ${METRIC_NAMES.join(", ")}`,
        {
          field: "input.rankBy",
        },
      );
    }
    if (!(request.testFraction > 0 && request.testFraction < 1)) {
      throw badInput(`testFraction ${request.testFraction} must be between 0 and 1 (exclusive), e.g. 0.2`, {
        field: "input.testFraction",
      });
    }
    if (!Number.isInteger(request.folds) || request.folds < 0 || request.folds > 50) {
      throw badInput(
        `folds ${request.folds} must be a whole number from 2 to 50 (or 0 for a validation split)`,
        {
          field: "input.folds",
        },
      );
    }
    if (
      request.registerAs !== null &&
      request.registerAs !== undefined &&
      !MODEL_NAME.test(request.registerAs)
    ) {
      throw badInput(
        `registerAs ${JSON.stringify(request.registerAs)} is not a valid model name: use letters, digits, "_", "-", "." and spaces`,
        { field: "input.registerAs" },
      );
    }
    if (request.promoteTo) {
      if (!request.registerAs) {
        throw badInput("promoteTo needs registerAs: the alias points at the version trainGrid registers", {
          field: "input.promoteTo",
        });
      }
      checkAlias(request.promoteTo, "input.promoteTo");
    }
    if (request.requireBetter) {
      if (!request.promoteTo) {
        throw badInput("requireBetter needs promoteTo: it guards the alias move that promoteTo asks for", {
          field: "input.requireBetter",
        });
      }
      if (!request.requireBetter.metric.trim()) {
        throw badInput("input.requireBetter.metric is empty: name a metric such as test_accuracy", {
          field: "input.requireBetter.metric",
        });
      }
    }
    const spaces = parseSearchSpaces(request.grid, request.strategy);
    const trials = planTrials(
      spaces,
      request.strategy,
      request.trials,
      request.seed,
      config.training.maxTrials,
    );

    const table = await this.readData(request);
    const label = request.label;
    const featureNames = table.columns.map((c) => c.name).filter((n) => n !== label);
    const features: FeatureColumn[] = table.columns
      .filter((c) => c.name !== label)
      .map((c) => ({ name: c.name, numeric: c.numeric }));
    const labelled = labelRows(table.rows, label);
    for (const f of features) {
      if (f.numeric) continue;
      const distinct = new Set(labelled.rows.map((r) => r[f.name])).size;
      if (distinct > MAX_CATEGORIES) {
        throw badInput(
          `feature ${JSON.stringify(f.name)} is text with ${distinct} distinct values; one-hot encoding allows at most ${MAX_CATEGORIES}: leave it out with features (an id or free text does not generalize)`,
          {
            field: request.features
              ? `input.features[${request.features.indexOf(f.name)}]`
              : "input.features",
          },
        );
      }
    }
    if (labelled.classes.length < 2) {
      throw badInput(
        `label ${JSON.stringify(label)} has ${labelled.classes.length} distinct value(s) in the ${labelled.rows.length} rows with a label; classification needs at least 2`,
        { field: "input.label" },
      );
    }
    const plan = planEvaluation(labelled.labels, {
      testFraction: request.testFraction,
      folds: request.folds,
      seed: request.seed,
    });
    const data: TrainingData = {
      label,
      features,
      rows: labelled.rows.map((r) => Object.fromEntries(features.map((f) => [f.name, r[f.name]]))),
      labels: labelled.labels,
      classes: labelled.classes,
      plan,
      seed: request.seed,
    };
    return {
      request,
      rankBy,
      data,
      trials,
      spaces,
      datasetInput: datasetInput(table, label),
      featureNames,
      droppedRows: labelled.dropped,
    };
  }

  /** Read label and features (every other column by default); unknown names are BAD_USER_INPUT naming the field. */
  private async readData(request: TrainGridRequest): Promise<TableData> {
    const { label } = request;
    const fields = { dataset: "input.dataset" };
    if (request.features) {
      const features = request.features;
      if (!features.length) {
        throw badInput(
          "features is an empty list: name the columns to train on, or leave it out for all but the label",
          {
            field: "input.features",
          },
        );
      }
      features.forEach((f, i) => {
        if (f === label)
          throw badInput(
            `features[${i}] is the label ${JSON.stringify(label)}: a model cannot learn from its own answer`,
            {
              field: `input.features[${i}]`,
            },
          );
        if (features.indexOf(f) !== i)
          throw badInput(`features lists ${JSON.stringify(f)} twice`, { field: `input.features[${i}]` });
      });
      return this.deps.datasets.readTable(request.source, request.dataset, [label, ...features], {
        ...fields,
        column: (c) => (c === label ? "input.label" : `input.features[${features.indexOf(c)}]`),
      });
    }
    const table = await this.deps.datasets.readTable(request.source, request.dataset, undefined, fields);
    if (!table.columns.some((c) => c.name === label)) {
      throw badInput(
        `label ${JSON.stringify(label)} is not a column of dataset ${JSON.stringify(request.dataset)}; it has ${table.columns.map((c) => c.name).join(", ")}`,
        { field: "input.label" },
      );
    }
    if (table.columns.length < 2) {
      throw badInput(`dataset ${JSON.stringify(request.dataset)} has no column besides the label`, {
        field: "input.dataset",
      });
    }
    return table;
  }

  // ------------------------------------------------------------------ running a job

  private trialPool(): TrialPool {
    if (this.closing) throw unavailable("the gateway is shutting down: retry on another instance");
    this.pool ??= new TrialPool(this.deps.config.training.workers);
    return this.pool;
  }

  private async runJob(
    job: ActiveJob,
    prepared: PreparedJob,
    experimentId: string,
    parentRunId: string,
    createdBy: string | null,
  ): Promise<void> {
    const { mlflow, log } = this.deps;
    const { request, trials, data, datasetInput: input, rankBy } = prepared;
    const runs = new Map<
      number,
      { runId: string; artifactUri: string; experimentId: string; name: string }
    >();
    try {
      await this.store.markRunning(job.id);
      await mlflow.logBatch(parentRunId, {
        params: [
          { key: "dataset", value: request.dataset },
          { key: "source", value: request.source },
          { key: "label", value: request.label },
          { key: "features", value: prepared.featureNames.join(",") },
          { key: "strategy", value: request.strategy },
          { key: "trials", value: String(trials.length) },
          { key: "folds", value: String(request.folds) },
          { key: "test_fraction", value: String(request.testFraction) },
          { key: "seed", value: String(request.seed) },
          { key: "rank_by", value: rankBy },
          { key: "rows", value: String(data.rows.length) },
          { key: "classes", value: data.classes.join(",") },
        ],
      });
      await mlflow.logInputs(parentRunId, [input]);

      // Every trial's run exists before training starts, so a cancelled or interrupted trial has a run to mark.
      await mapLimit(trials, MLFLOW_CONCURRENCY, async (spec, index) => {
        if (job.cancelled || job.interrupted) return;
        const run = await mlflow.createRun({
          experimentId,
          runName: `${spec.algorithm.toLowerCase()}-${index}`,
          tags: [
            { key: "mlflow.parentRunId", value: parentRunId },
            { key: "gateway.job_id", value: job.id },
            { key: "gateway.trial_index", value: String(index) },
            { key: "gateway.algorithm", value: spec.algorithm },
            ...(createdBy ? [{ key: "mlflow.user", value: createdBy }] : []),
            ...SOURCE_TAGS,
          ],
        });
        const runId = run.info.run_id;
        runs.set(index, {
          runId,
          artifactUri: run.info.artifact_uri ?? "",
          experimentId,
          name: run.info.run_name ?? `${spec.algorithm.toLowerCase()}-${index}`,
        });
        await this.store.setTrialRun(job.id, index, runId);
        // MLflow params cannot change: a TPE trial's are logged when the model has chosen them.
        if (!decidedLate(request.strategy, index)) await this.logTrialParams(runId, spec);
        await mlflow.logInputs(runId, [input]);
        await mlflow.updateRun(runId, "SCHEDULED");
      });

      await runSearch(
        {
          strategy: request.strategy,
          spaces: prepared.spaces,
          trials,
          rankBy,
          seed: request.seed,
          batch: this.deps.config.training.workers,
          folds: request.folds,
          classes: data.classes.length,
          trainRows: data.plan.train.length,
        },
        this.trialRunner(job, data, runs),
      );
      await Promise.allSettled(job.trialDone.values());
    } catch (err) {
      // MLflow or the database failed around the trials: the job fails with that reason.
      const reason = isGatewayError(err) ? err.message : describeCause(err);
      log.warn({ err, jobId: job.id }, "training job failed");
      await this.endJob(job, parentRunId, { status: "FAILED", error: `could not run the job: ${reason}` });
      return;
    }
    await this.concludeJob(job, prepared, parentRunId, createdBy);
  }

  private async logTrialParams(runId: string, spec: TrialSpec): Promise<void> {
    await this.deps.mlflow.logBatch(runId, {
      params: [
        { key: "algorithm", value: spec.algorithm },
        ...Object.entries(spec.params).map(([key, v]) => ({ key, value: String(v) })),
      ],
    });
  }

  /** How the strategies run a job's trials: on the pool, with the MLflow and database bookkeeping. */
  private trialRunner(
    job: ActiveJob,
    data: TrainingData,
    runs: Map<number, { runId: string; artifactUri: string; experimentId: string; name: string }>,
  ): TrialRunner {
    const last = new Map<number, Record<string, number>>();
    return {
      stopped: () => job.cancelled || job.interrupted,
      decided: async (index, spec) => {
        const run = runs.get(index);
        if (!run) return;
        await this.store.setTrialParams(job.id, index, spec.params);
        await this.logTrialParams(run.runId, spec);
      },
      run: (index, spec, step, final) => {
        const run = runs.get(index);
        if (job.cancelled || job.interrupted || !run) return Promise.resolve(null);
        // The run goes RUNNING when a worker takes the trial; its end waits for that update (no RUNNING after FINISHED).
        let started: Promise<void> = Promise.resolve();
        const handle = this.trialPool().run(
          job.id,
          spec,
          () => data,
          () => {
            started = this.trialStarted(job.id, index, run.runId);
          },
        );
        job.handles.set(index, handle);
        const done = handle.promise.then(
          async (outcome) => {
            await started;
            const metrics = final
              ? await this.trialFinished(job.id, index, run, outcome, spec, step)
              : await this.trialRung(job.id, index, run.runId, outcome, spec, step);
            if (metrics) last.set(index, metrics);
            return metrics;
          },
          async (err: Error) => {
            await started;
            await this.trialEnded(job.id, index, run.runId, err);
            return null;
          },
        );
        job.trialDone.set(
          index,
          done.then(() => {}),
        );
        return done;
      },
      eliminate: async (index, _step, reason) => {
        const run = runs.get(index);
        if (!run) return;
        try {
          await this.deps.mlflow.setTag(run.runId, ERROR_TAG, reason);
          await this.deps.mlflow.updateRun(run.runId, "KILLED");
        } catch (err) {
          this.deps.log.warn({ err, jobId: job.id, index }, "could not close an eliminated trial's run");
          this.unclosed.set(run.runId, { status: "KILLED", reason });
        }
        await this.store.finishTrial(job.id, index, "KILLED", last.get(index) ?? {}, reason, true);
      },
    };
  }

  /** The metrics of a trial run (its rung, with HALVING), as logged and stored. */
  private trialMetrics(outcome: TrialOutcome, spec: TrialSpec, step: number): Record<string, number> {
    const metrics: Record<string, number> = { ...outcome.metrics, training_time_s: outcome.seconds };
    if (spec.rows !== undefined) Object.assign(metrics, { rung: step, train_rows: spec.rows });
    return metrics;
  }

  /** A HALVING rung that is not the last: log its metrics at step = rung and keep the run open. */
  private async trialRung(
    jobId: string,
    index: number,
    runId: string,
    outcome: TrialOutcome,
    spec: TrialSpec,
    step: number,
  ): Promise<Record<string, number> | null> {
    const metrics = this.trialMetrics(outcome, spec, step);
    try {
      const now = Date.now();
      await this.deps.mlflow.logBatch(runId, {
        metrics: Object.entries(metrics).map(
          ([key, value]): MlflowMetric => ({ key, value, timestamp: now, step }),
        ),
      });
      await this.store.setTrialMetrics(jobId, index, metrics);
      return metrics;
    } catch (err) {
      await this.trialEnded(jobId, index, runId, err as Error);
      return null;
    }
  }

  private async trialStarted(jobId: string, index: number, runId: string): Promise<void> {
    try {
      await this.store.setTrialStatus(jobId, index, "RUNNING");
      await this.deps.mlflow.updateRun(runId, "RUNNING");
    } catch (err) {
      this.deps.log.warn({ err, jobId, index }, "could not mark a trial running");
    }
  }

  /** Log the model (a LoggedModel with the trial's metrics), finish the run; a failure here fails the trial. */
  private async trialFinished(
    jobId: string,
    index: number,
    run: { runId: string; artifactUri: string; experimentId: string; name: string },
    outcome: TrialOutcome,
    spec: TrialSpec,
    step: number,
  ): Promise<Record<string, number> | null> {
    const { mlflow, artifacts } = this.deps;
    try {
      if (outcome.model.trainingProfile)
        await artifacts.put(
          run.artifactUri,
          PROFILE_ARTIFACT,
          JSON.stringify(outcome.model.trainingProfile),
          "application/json",
        );
      const metrics = this.trialMetrics(outcome, spec, step);
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
      await mlflow.updateRun(run.runId, "FINISHED");
      await this.store.finishTrial(jobId, index, "FINISHED", metrics, null);
      return metrics;
    } catch (err) {
      await this.trialEnded(jobId, index, run.runId, err as Error);
      return null;
    }
  }

  /** A trial that did not finish: KILLED when it never started, FAILED (error tag) otherwise. */
  private async trialEnded(jobId: string, index: number, runId: string, err: Error): Promise<void> {
    const killed = err instanceof TrialCancelledError || (err instanceof PoolClosedError && !err.started);
    const status: MlflowRunStatus = killed ? "KILLED" : "FAILED";
    const message = isGatewayError(err) ? err.message : err.message || String(err);
    try {
      await this.deps.mlflow.setTag(runId, ERROR_TAG, message.slice(0, 5000));
      await this.deps.mlflow.updateRun(runId, status);
    } catch (e) {
      this.deps.log.warn(
        { err: e, jobId, index },
        "could not close a trial's run; retrying when MLflow answers",
      );
      this.unclosed.set(runId, { status, reason: message.slice(0, 5000) });
    }
    await this.store.finishTrial(jobId, index, status, {}, message);
  }

  /** After the trials: pick the best, tag the parent, register and promote when asked, end the job. */
  private async concludeJob(
    job: ActiveJob,
    prepared: PreparedJob,
    parentRunId: string,
    createdBy: string | null,
  ): Promise<void> {
    const { mlflow } = this.deps;
    const { request, rankBy } = prepared;
    if (job.interrupted) {
      await this.endJob(job, parentRunId, {
        status: "FAILED",
        error: "the gateway shut down while this job was running: start it again",
        trialReason: "the gateway shut down before the trial started",
      });
      return;
    }
    const record = (await this.store.get(job.id))!;
    if (job.cancelled || record.status === "CANCELLED") {
      await this.endJob(job, parentRunId, {
        status: "CANCELLED",
        trialReason: "cancelled before it started",
      });
      return;
    }
    const best = pickBest(record.trials, rankBy);
    if (!best) {
      const first = record.trials.find((t) => t.error)?.error ?? "no trial finished";
      await this.endJob(job, parentRunId, {
        status: "FAILED",
        error: `every trial failed; the first error: ${first}`,
      });
      return;
    }
    try {
      await this.store.setBest(job.id, best.index);
      const key = `cv_${rankBy}_mean`;
      const now = Date.now();
      await mlflow.logBatch(parentRunId, {
        metrics: [
          { key: `best_${key}`, value: best.metrics[key], timestamp: now, step: 0 },
          ...Object.entries(best.metrics)
            .filter(([k]) => k.startsWith("test_"))
            .map(([k, value]) => ({ key: `best_${k}`, value, timestamp: now, step: 0 })),
        ],
        tags: [
          { key: "gateway.best_trial_run_id", value: best.runId! },
          { key: "gateway.best_trial_index", value: String(best.index) },
          { key: "gateway.best_algorithm", value: best.algorithm },
          { key: "gateway.best_score", value: `${key}=${best.metrics[key]}` },
        ],
      });
      if (request.registerAs) {
        const modelId = (await mlflow.getRun(best.runId!))?.outputs?.model_outputs?.[0]?.model_id;
        const registration = {
          name: request.registerAs,
          tags: [
            { key: "gateway.job_id", value: job.id },
            { key: "gateway.rank_by", value: `${key}=${best.metrics[key]}` },
          ],
          description: `trainGrid job ${job.id}: best of ${record.total} trials by ${key}`,
        };
        // From the trial's LoggedModel, so the version carries its model_id (the run layout is the fallback).
        const mv = modelId
          ? await registerLoggedModel(mlflow, { ...registration, modelId, sourceRunId: best.runId! })
          : await registerRunModel(mlflow, { ...registration, runId: best.runId!, artifactPath: MODEL_DIR });
        await this.store.setModelVersion(job.id, mv.name, Number(mv.version));
        await mlflow.setTag(parentRunId, "gateway.model_version", `${mv.name}/${mv.version}`);
        if (request.promoteTo) {
          const promotion = await this.deps.promotion.promote(
            {
              name: mv.name,
              version: Number(mv.version),
              alias: request.promoteTo,
              stage: null,
              archiveExisting: false,
              requireBetter: request.requireBetter ?? null,
            },
            createdBy,
          );
          await mlflow.setTag(parentRunId, "gateway.promotion", promotion.reason.slice(0, 5000));
        }
      }
    } catch (err) {
      const why = isGatewayError(err) ? err.message : describeCause(err);
      const what = request.registerAs
        ? "registering or promoting the best model failed"
        : "recording the best trial failed";
      await this.endJob(job, parentRunId, { status: "FAILED", error: `${what}: ${why}` });
      return;
    }
    await this.endJob(job, parentRunId, { status: "SUCCEEDED" });
  }

  /** The job's final state in the database and on its parent run (FINISHED, FAILED with the error, or KILLED). */
  private async endJob(
    job: ActiveJob,
    parentRunId: string,
    outcome: { status: "SUCCEEDED" | "FAILED" | "CANCELLED"; error?: string; trialReason?: string },
  ): Promise<void> {
    const { mlflow, log } = this.deps;
    // Whatever happened, no trial stays SCHEDULED or RUNNING (e.g. trials not started when the job was cancelled).
    const reason = outcome.trialReason ?? outcome.error ?? "the job ended before the trial started";
    const open = await this.store.endOpenTrials(job.id, "KILLED", reason);
    await mapLimit(open, MLFLOW_CONCURRENCY, async (t) => {
      if (t.runId) await this.closeRun(t.runId, "KILLED", reason);
    });
    await this.store.finish(job.id, { status: outcome.status, error: outcome.error ?? null });
    const status: MlflowRunStatus =
      outcome.status === "SUCCEEDED" ? "FINISHED" : outcome.status === "CANCELLED" ? "KILLED" : "FAILED";
    try {
      if (outcome.error) await mlflow.setTag(parentRunId, ERROR_TAG, outcome.error.slice(0, 5000));
      await mlflow.updateRun(parentRunId, status);
    } catch (err) {
      log.warn({ err, jobId: job.id }, "could not close the job's parent run; retrying when MLflow answers");
      this.unclosed.set(parentRunId, { status, reason: outcome.error?.slice(0, 5000) ?? "" });
    }
  }

  /** End a run that may still be open, with the reason as a tag; never throws. */
  private async closeRun(runId: string, status: MlflowRunStatus, reason: string): Promise<void> {
    try {
      const run = await this.deps.mlflow.getRun(runId);
      if (!run || (run.info.status !== "RUNNING" && run.info.status !== "SCHEDULED")) return;
      await this.deps.mlflow.setTag(runId, ERROR_TAG, reason);
      await this.deps.mlflow.updateRun(runId, status);
    } catch (err) {
      this.deps.log.warn({ err, runId }, "could not close a run; retrying when MLflow answers");
      this.unclosed.set(runId, { status, reason });
    }
  }

  /**
   * Close the runs MLflow was down for, so no run of an ended job stays RUNNING. Stops at the first
   * UPSTREAM_UNAVAILABLE (MLflow is still down) and drops a run MLflow refuses for another reason.
   */
  private async closeUnclosedRuns(): Promise<void> {
    if (this.closingUnclosed || !this.unclosed.size) return;
    this.closingUnclosed = true;
    try {
      for (const [runId, { status, reason }] of this.unclosed) {
        try {
          const run = await this.deps.mlflow.getRun(runId);
          if (run && (run.info.status === "RUNNING" || run.info.status === "SCHEDULED")) {
            if (reason) await this.deps.mlflow.setTag(runId, ERROR_TAG, reason);
            await this.deps.mlflow.updateRun(runId, status);
          }
          this.unclosed.delete(runId);
        } catch (err) {
          if (errorCode(err) === ErrorCode.UPSTREAM_UNAVAILABLE) return;
          this.unclosed.delete(runId);
          this.deps.log.warn({ err, runId }, "gave up closing a run");
        }
      }
    } finally {
      this.closingUnclosed = false;
    }
  }

  private serverVersion(): Promise<string | undefined> {
    this.mlflowVersion ??= this.deps.mlflow
      .call<unknown>("GET", "/version", { idempotent: true })
      .then((v) => (typeof v === "string" && /^\d+\.\d+/.test(v.trim()) ? v.trim() : undefined))
      .catch(() => undefined);
    return this.mlflowVersion;
  }

  // ------------------------------------------------------------------ heartbeats and recovery

  private async heartbeat(): Promise<void> {
    try {
      const cancelled = await this.store.heartbeat([...this.active.keys()]);
      for (const id of cancelled) {
        const job = this.active.get(id);
        if (job && !job.cancelled) await this.cancelLocal(job);
      }
    } catch (err) {
      this.deps.log.warn({ err }, "training heartbeat failed");
    }
  }

  /**
   * Jobs left QUEUED or RUNNING by a process that stopped (no heartbeat for STALE_MS) are FAILED with a reason,
   * and their open MLflow runs closed as FAILED. Runs at start-up and then periodically.
   */
  async recoverAbandoned(): Promise<number> {
    let recovered = 0;
    try {
      for (;;) {
        const job = await this.store.claimAbandoned(this.owner, STALE_MS, [...this.active.keys()]);
        if (!job) break;
        await this.recover(job);
        recovered++;
      }
    } catch (err) {
      this.deps.log.warn({ err }, "recovering abandoned training jobs failed; retrying later");
    }
    return recovered;
  }

  private async recover(job: JobRecord): Promise<void> {
    const reason =
      "the gateway process running this job stopped before it finished (restart or crash): start the job again";
    const open = job.trials.filter((t) => ACTIVE_TRIAL.includes(t.status));
    await mapLimit(open, MLFLOW_CONCURRENCY, async (t) => {
      if (t.runId) await this.closeRunOrThrow(t.runId, "FAILED", reason);
    });
    if (job.parentRunId) {
      await this.closeRunOrThrow(job.parentRunId, job.status === "CANCELLED" ? "KILLED" : "FAILED", reason);
    }
    await this.store.endOpenTrials(job.id, "FAILED", reason);
    await this.store.recountCompleted(job.id);
    await this.store.finish(job.id, { status: "FAILED", error: reason });
    this.deps.log.warn({ jobId: job.id }, "marked an abandoned training job FAILED");
  }

  /** As closeRun, but MLflow failures propagate (recovery retries the job later). */
  private async closeRunOrThrow(runId: string, status: MlflowRunStatus, reason: string): Promise<void> {
    const run = await this.deps.mlflow.getRun(runId);
    if (!run || (run.info.status !== "RUNNING" && run.info.status !== "SCHEDULED")) return;
    await this.deps.mlflow.setTag(runId, ERROR_TAG, reason);
    await this.deps.mlflow.updateRun(runId, status);
  }
}

/** The MLflow dataset input of a table: name, digest, source URI, schema (MLflow ColSpec) and profile. */
function datasetInput(table: TableData, label: string): MlflowDatasetInput {
  const colspec = table.columns.map((c) => ({
    type: c.numeric ? "double" : "string",
    name: c.name,
    required: c.name === label || !c.nullable,
  }));
  return {
    tags: [{ key: "mlflow.data.context", value: "training" }],
    dataset: {
      name: table.table,
      digest: table.digest.slice(0, 36),
      source_type: table.source === DatasetSource.POSTGRES ? "postgresql" : "mysql",
      source: table.sourceUri,
      schema: JSON.stringify({ mlflow_colspec: colspec }),
      profile: JSON.stringify({
        num_rows: table.rows.length,
        num_elements: table.rows.length * table.columns.length,
      }),
    },
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isUuid = (s: string) => UUID.test(s);

/** Run fn over items with at most `limit` at a time; the first error rejects (after the running ones end). */
async function mapLimit<T>(
  items: T[],
  limit: number,
  fn: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failed: unknown;
  const lane = async () => {
    while (next < items.length && failed === undefined) {
      const i = next++;
      try {
        await fn(items[i], i);
      } catch (err) {
        failed ??= err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  if (failed !== undefined) throw failed;
}
