// Pipelines: ingest → trainGrid → promote chains, their runs, and their cron schedules on the job queue.
//
// A run's steps happen in order and a failed step ends the run FAILED with that step's error; what earlier steps
// did stays done (an APPEND already made is not undone, a registered version stays registered). At most one run of
// a pipeline is active at a time across every gateway process (a unique index in pipeline_runs); a start that finds
// one active is recorded as a CANCELLED run whose error says it was skipped.
import { randomUUID } from "node:crypto";
import os from "node:os";
import { parseExpression } from "cron-parser";
import type { Logger } from "pino";
import { badInput, conflict, describeCause, isGatewayError, notFound } from "../../errors";
import type { DatasetService, IngestRequest } from "../datasets/service";
import type { EventBus } from "../events/bus";
import { pipelineTopic, type PipelineRunChange } from "../events/topics";
import type { PromotionService } from "../promotion/service";
import type { QueueService } from "../queue/boss";
import type { GatewayDb } from "../store/db";
import type { TrainGridRequest, TrainingService } from "../training/service";
import { PipelineRecord, PipelineRunRecord, PipelineStore, RunTrigger } from "./store";

export interface PipelineDeps {
  log: Logger;
  db: GatewayDb;
  queue: QueueService;
  /** pipelineRunUpdated: each run's start and end reach subscribers in every gateway process. */
  events: EventBus;
  datasets: DatasetService;
  training: TrainingService;
  promotion: PromotionService;
}

/** createPipeline's input as the service reads it (the GraphQL input class fits it). */
export interface PipelineRequest {
  name: string;
  schedule?: string | null;
  ingest?: IngestRequest | null;
  train: Omit<TrainGridRequest, "wait"> & { wait?: boolean };
  promote?: { alias: string; requireBetter?: { metric: string; higherIsBetter: boolean } | null } | null;
}

export type RunListener = (run: PipelineRunRecord) => void;

/** How often each process re-reads the pipelines to work the queues of schedules created elsewhere. */
const SYNC_MS = 15_000;
const HEARTBEAT_MS = 5_000;
/** A run whose heartbeat is older than this has lost its process. */
const STALE_MS = 30_000;
/** close() waits this long for runs in progress; a run left behind is recovered by the next start of it. */
const CLOSE_WAIT_MS = 5_000;
const QUEUE_PREFIX = "pipeline-";
const queueOf = (pipelineId: string) => `${QUEUE_PREFIX}${pipelineId}`;

/** The next start of a 5-field UTC cron expression after `from`. */
export function nextCronTick(schedule: string, from = new Date()): Date {
  return parseExpression(schedule, { tz: "UTC", currentDate: from }).next().toDate();
}

/** The tick a scheduled start at `at` belongs to: the latest start of the cron expression at or before it. */
export function cronTickAt(schedule: string, at = new Date()): Date {
  return parseExpression(schedule, { tz: "UTC", currentDate: new Date(at.getTime() + 1) })
    .prev()
    .toDate();
}

/** Check a cron expression: 5 fields (minute granularity, as pg-boss schedules), parseable. */
export function checkSchedule(schedule: string, field: string): string {
  const s = schedule.trim();
  if (s.split(/\s+/).length !== 5)
    throw badInput(
      `schedule ${JSON.stringify(schedule)} must have 5 cron fields (minute hour day month weekday), e.g. "*/5 * * * *"`,
      {
        field,
      },
    );
  try {
    parseExpression(s, { tz: "UTC" });
  } catch (err) {
    throw badInput(
      `schedule ${JSON.stringify(schedule)} is not a valid cron expression (${describeCause(err)})`,
      {
        field,
      },
    );
  }
  return s;
}

export class PipelineService {
  readonly store: PipelineStore;
  private readonly working = new Set<string>();
  private readonly active = new Map<string, Promise<PipelineRunRecord>>();
  private readonly listeners: RunListener[] = [];
  private readonly owner = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private timer?: NodeJS.Timeout;
  private beat?: NodeJS.Timeout;
  private closing = false;

  constructor(private readonly deps: PipelineDeps) {
    this.store = new PipelineStore(deps.db);
  }

  /** Called with every run as it starts and ends (the subscription bus can listen here). */
  onRunUpdated(listener: RunListener): void {
    this.listeners.push(listener);
  }

  async start(): Promise<void> {
    await this.deps.queue.start();
    await this.syncSchedules();
    this.timer = setInterval(() => {
      this.syncSchedules().catch((err) => this.deps.log.warn({ err }, "pipeline schedule sync failed"));
    }, SYNC_MS);
    this.timer.unref();
    this.beat = setInterval(() => {
      if (this.active.size)
        this.store
          .heartbeat(this.owner)
          .catch((err) => this.deps.log.warn({ err }, "pipeline heartbeat failed"));
    }, HEARTBEAT_MS);
    this.beat.unref();
  }

  /** Stop taking scheduled runs; wait for the runs of this process to end. */
  async close(): Promise<void> {
    this.closing = true;
    if (this.timer) clearInterval(this.timer);
    // The queue is shared with training (closeServices stops it last): only this service's workers stop here.
    await Promise.allSettled([...this.working].map((name) => this.deps.queue.offWork(name)));
    let waited: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.active.values()]),
      new Promise((resolve) => (waited = setTimeout(resolve, CLOSE_WAIT_MS))),
    ]);
    clearTimeout(waited);
    if (this.beat) clearInterval(this.beat);
  }

  // ------------------------------------------------------------------ definitions

  async create(req: PipelineRequest, createdBy: string | null, createdRole: string): Promise<PipelineRecord> {
    const name = req.name.trim();
    if (!name || name.length > 200)
      throw badInput("name must be 1 to 200 characters", { field: "input.name" });
    const schedule = req.schedule ? checkSchedule(req.schedule, "input.schedule") : null;
    if (req.train.promoteTo || req.train.requireBetter)
      throw badInput(
        "train.promoteTo and train.requireBetter are not used in a pipeline: set promote instead",
        {
          field: "input.train.promoteTo",
        },
      );
    if (req.promote && !req.train.registerAs?.trim())
      throw badInput(
        "train.registerAs is required when promote is set: the new version is registered under it",
        {
          field: "input.train.registerAs",
        },
      );
    if (req.ingest && req.ingest.name !== req.train.dataset)
      this.deps.log.info({ pipeline: name }, "pipeline ingests into a table other than the one it trains on");
    const train = { ...req.train } as Record<string, unknown>;
    delete train.wait;
    const created = await this.store.insert({
      name,
      schedule,
      enabled: true,
      ingest: req.ingest ? { ...req.ingest } : null,
      train,
      promote: req.promote
        ? { alias: req.promote.alias || "champion", requireBetter: req.promote.requireBetter ?? null }
        : null,
      createdBy,
      createdRole,
    });
    if (!created)
      throw conflict(
        `a pipeline named ${JSON.stringify(name)} exists: pick another name or delete it first`,
        {
          field: "input.name",
        },
      );
    await this.syncSchedules();
    return created;
  }

  async get(id: string): Promise<PipelineRecord | null> {
    return this.store.get(id);
  }

  async getOrThrow(id: string): Promise<PipelineRecord> {
    const p = await this.store.get(id);
    if (!p)
      throw notFound(`no pipeline with id ${JSON.stringify(id)}: list them with pipelines`, { field: "id" });
    return p;
  }

  list(): Promise<PipelineRecord[]> {
    return this.store.list();
  }

  async setEnabled(id: string, enabled: boolean): Promise<PipelineRecord> {
    const p = await this.store.setEnabled(id, enabled);
    if (!p) throw notFound(`no pipeline with id ${JSON.stringify(id)}`, { field: "id" });
    await this.syncSchedules();
    return p;
  }

  /** Delete a pipeline, its runs and its schedule (a run in progress finishes; its record goes). */
  async delete(id: string): Promise<boolean> {
    const deleted = await this.store.delete(id);
    if (deleted) {
      await this.syncSchedules();
      await this.deps.queue.deleteQueue(queueOf(id)).catch(() => {});
    }
    return deleted;
  }

  /** Next scheduled start, when enabled and scheduled. */
  nextRunAt(p: PipelineRecord, now = new Date()): Date | null {
    return p.enabled && p.schedule ? nextCronTick(p.schedule, now) : null;
  }

  runs(pipelineId: string, first: number): Promise<PipelineRunRecord[]> {
    if (!Number.isInteger(first) || first < 1 || first > 500)
      throw badInput(`first must be from 1 to 500, not ${first}`, { field: "first" });
    return this.store.runs(pipelineId, first);
  }

  // ------------------------------------------------------------------ schedules

  /**
   * Make pg-boss's schedules and this process's queue workers match the table: every enabled, scheduled pipeline
   * has a schedule (pg-boss sends one job per tick, whichever process notices the tick) and a worker here; any
   * process's worker may take the job, and only one does.
   */
  async syncSchedules(): Promise<void> {
    if (this.closing) return;
    const { queue } = this.deps;
    const wanted = new Map(
      (await this.store.list()).filter((p) => p.enabled && p.schedule).map((p) => [queueOf(p.id), p]),
    );
    const existing = new Map((await queue.schedules()).map((s) => [s.name, s.cron]));
    for (const [name, p] of wanted) {
      if (existing.get(name) !== p.schedule) await queue.scheduleUtc(name, p.schedule!, { pipelineId: p.id });
      if (this.working.has(name)) continue;
      await queue.workEach<{ pipelineId: string }>(name, async (data) => {
        await this.runScheduled(data.pipelineId);
      });
      this.working.add(name);
    }
    // Schedules of pipelines deleted or disabled by any process (or by a process that died meanwhile).
    for (const name of existing.keys()) {
      if (name.startsWith(QUEUE_PREFIX) && !wanted.has(name)) await queue.unschedule(name).catch(() => {});
    }
    for (const name of [...this.working]) {
      if (wanted.has(name)) continue;
      await queue.unschedule(name).catch(() => {});
      await queue.offWork(name).catch(() => {});
      this.working.delete(name);
    }
  }

  private async runScheduled(pipelineId: string): Promise<void> {
    const p = await this.store.get(pipelineId);
    if (!p || !p.enabled || !p.schedule || this.closing) return;
    // The schedule acts for its creator, whose role was checked when the pipeline was created.
    await this.run(p, "SCHEDULE", p.createdBy, cronTickAt(p.schedule));
  }

  // ------------------------------------------------------------------ runs

  /** Run a pipeline now and wait for the run to end (or to be skipped because another run is active). */
  async runNow(id: string, requestedBy: string | null): Promise<PipelineRunRecord> {
    // A manual run has no tick, so it is always recorded (started, or skipped when one is active).
    return (await this.run(await this.getOrThrow(id), "MANUAL", requestedBy))!;
  }

  private async run(
    p: PipelineRecord,
    trigger: RunTrigger,
    requestedBy: string | null,
    tick: Date | null = null,
  ): Promise<PipelineRunRecord | null> {
    const started = await this.store.start(p.id, trigger, requestedBy, this.owner, STALE_MS, tick);
    if (!started) {
      this.deps.log.info({ pipeline: p.name, tick }, "this tick of the schedule was started already");
      return null;
    }
    this.emit(started);
    if (started.status !== "RUNNING") {
      this.deps.log.info(
        { pipeline: p.name, run: started.id, reason: started.error },
        "pipeline run skipped",
      );
      return started;
    }
    const done = this.execute(p, started, requestedBy);
    this.active.set(started.id, done);
    try {
      return await done;
    } finally {
      this.active.delete(started.id);
    }
  }

  private async execute(
    p: PipelineRecord,
    run: PipelineRunRecord,
    requestedBy: string | null,
  ): Promise<PipelineRunRecord> {
    let step = "ingest";
    try {
      if (p.ingest) {
        const { rowsWritten } = await this.deps.datasets.ingest(p.ingest as unknown as IngestRequest);
        await this.store.update(run.id, { rowsIngested: rowsWritten });
      }
      step = "train";
      const train = {
        ...(p.train as unknown as TrainGridRequest),
        wait: true,
        promoteTo: null,
        requireBetter: null,
      };
      const job = await this.deps.training.trainGrid(train, requestedBy);
      await this.store.update(run.id, { trainingJobId: job.id });
      if (job.status !== "SUCCEEDED")
        throw new StepError(
          `the training job ${job.id} ended ${job.status}${job.error ? `: ${job.error}` : ""}`,
        );
      if (p.promote) {
        step = "promote";
        if (!job.modelName || job.modelVersion === null)
          throw new StepError(`the training job ${job.id} registered no model version`);
        const out = await this.deps.promotion.promote(
          {
            name: job.modelName,
            version: job.modelVersion,
            alias: p.promote.alias,
            stage: null,
            archiveExisting: false,
            requireBetter: p.promote.requireBetter,
          },
          requestedBy,
        );
        await this.store.update(run.id, {
          promotion: {
            promoted: out.promoted,
            reason: out.reason,
            name: job.modelName,
            version: job.modelVersion,
            previousVersion: out.previous ? Number(out.previous.version) : null,
          },
        });
      }
      const finished = await this.store.finish(run.id, "SUCCEEDED", null);
      this.emit(finished);
      return finished;
    } catch (err) {
      const message = err instanceof StepError || isGatewayError(err) ? err.message : describeCause(err);
      this.deps.log.warn({ pipeline: p.name, run: run.id, step, err: message }, "pipeline run failed");
      const finished = await this.store.finish(run.id, "FAILED", `${step}: ${message}`);
      this.emit(finished);
      return finished;
    }
  }

  private emit(run: PipelineRunRecord): void {
    this.deps.events
      .publish(pipelineTopic(run.pipelineId), { id: run.id } satisfies PipelineRunChange)
      .catch((err) => this.deps.log.warn({ err, run: run.id }, "publishing a pipeline run change failed"));
    for (const l of this.listeners) {
      try {
        l(run);
      } catch (err) {
        this.deps.log.warn({ err }, "pipeline run listener failed");
      }
    }
  }

  /** pipelineRunUpdated: the run a change notice names, read from its row (one source of truth). */
  getRun(id: string): Promise<PipelineRunRecord | null> {
    return this.store.getRun(id);
  }
}

class StepError extends Error {}
