// Training jobs and trials in the gateway's PostgreSQL database (tables of migrations 1, 10, 16 and 17): the one
// source of truth for a job's and a trial's status. A trial is changed only by its owner (the process that claimed
// it from the queue); a claim by another process (a retry after the owner stopped) takes ownership away.
import type { GatewayDb } from "../store/db";
import type { ParamValue } from "../models/hyperparams";

export type JobStatusName = "QUEUED" | "RUNNING" | "SUCCEEDED" | "FAILED" | "CANCELLED";
export type TrialStatusName = "SCHEDULED" | "RUNNING" | "FINISHED" | "FAILED" | "KILLED";

export interface TrialRecord {
  index: number;
  algorithm: string;
  params: Record<string, ParamValue>;
  runId: string | null;
  status: TrialStatusName;
  metrics: Record<string, number>;
  error: string | null;
  /** When a worker first took the trial. */
  startedAt: Date | null;
  /** When the trial ended (FINISHED, FAILED or KILLED). */
  finishedAt: Date | null;
  /** host:pid of the process that ran (or runs) it. */
  worker: string | null;
  /** The process that owns it now (host:pid:nonce); only it may change the trial. */
  owner: string | null;
  /** How many times a process claimed it (more than 1: retried after its worker stopped). */
  attempts: number;
}

/** A claimed trial: what to run, and what the previous attempt left. */
export interface ClaimedTrial {
  trial: TrialRecord;
  job: JobRecord;
}

export interface JobRecord {
  id: string;
  status: JobStatusName;
  total: number;
  completed: number;
  input: Record<string, unknown>;
  experimentId: string | null;
  parentRunId: string | null;
  bestIndex: number | null;
  modelName: string | null;
  modelVersion: number | null;
  error: string | null;
  createdBy: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  owner: string | null;
  heartbeatAt: Date | null;
  cancelRequested: boolean;
  trials: TrialRecord[];
}

type Row = Record<string, unknown>;

const ACTIVE = "('QUEUED', 'RUNNING')";

function toTrial(r: Row): TrialRecord {
  return {
    index: Number(r.index),
    algorithm: String(r.algorithm),
    params: r.params as Record<string, ParamValue>,
    runId: (r.run_id as string | null) ?? null,
    status: r.status as TrialStatusName,
    metrics: (r.metrics as Record<string, number>) ?? {},
    error: (r.error as string | null) ?? null,
    startedAt: (r.started_at as Date | null) ?? null,
    finishedAt: (r.finished_at as Date | null) ?? null,
    worker: (r.worker as string | null) ?? null,
    owner: (r.owner as string | null) ?? null,
    attempts: Number(r.attempts ?? 0),
  };
}

function toJob(r: Row, trials: TrialRecord[]): JobRecord {
  return {
    id: String(r.id),
    status: r.status as JobStatusName,
    total: Number(r.total),
    completed: Number(r.completed),
    input: r.input as Record<string, unknown>,
    experimentId: (r.experiment_id as string | null) ?? null,
    parentRunId: (r.parent_run_id as string | null) ?? null,
    bestIndex: r.best_index === null || r.best_index === undefined ? null : Number(r.best_index),
    modelName: (r.model_name as string | null) ?? null,
    modelVersion: r.model_version === null || r.model_version === undefined ? null : Number(r.model_version),
    error: (r.error as string | null) ?? null,
    createdBy: (r.created_by as string | null) ?? null,
    createdAt: r.created_at as Date,
    startedAt: (r.started_at as Date | null) ?? null,
    finishedAt: (r.finished_at as Date | null) ?? null,
    owner: (r.owner as string | null) ?? null,
    heartbeatAt: (r.heartbeat_at as Date | null) ?? null,
    cancelRequested: Boolean(r.cancel_requested),
    trials,
  };
}

export class JobStore {
  /** onChange: called with the job's id after every committed change of a job or its trials (subscriptions). */
  constructor(
    private readonly db: GatewayDb,
    private readonly onChange: (jobId: string) => void = () => {},
  ) {}

  async insert(job: {
    id: string;
    total: number;
    input: Record<string, unknown>;
    experimentId: string;
    parentRunId: string;
    createdBy: string | null;
    owner: string;
    trials: { algorithm: string; params: Record<string, ParamValue> }[];
    /** What every worker process reads once per job (the prepared dataset). */
    data?: unknown;
  }): Promise<void> {
    await this.db.transaction(async (c) => {
      await c.query(
        `INSERT INTO training_jobs (id, status, total, input, experiment_id, parent_run_id, created_by, owner, heartbeat_at)
         VALUES ($1, 'QUEUED', $2, $3, $4, $5, $6, $7, now())`,
        [
          job.id,
          job.total,
          JSON.stringify(job.input),
          job.experimentId,
          job.parentRunId,
          job.createdBy,
          job.owner,
        ],
      );
      // One statement for every trial: unnest the parallel arrays.
      await c.query(
        `INSERT INTO training_trials (job_id, index, algorithm, params, status)
         SELECT $1, t.i - 1, t.a, t.p::jsonb, 'SCHEDULED'
         FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS t(a, p, i)`,
        [job.id, job.trials.map((t) => t.algorithm), job.trials.map((t) => JSON.stringify(t.params))],
      );
      if (job.data !== undefined) {
        await c.query("INSERT INTO training_job_data (job_id, data) VALUES ($1, $2)", [
          job.id,
          JSON.stringify(job.data),
        ]);
      }
    });
    this.onChange(job.id);
  }

  async data<T>(id: string): Promise<T | null> {
    const [row] = await this.db.query("SELECT data FROM training_job_data WHERE job_id = $1", [id]);
    return row ? (row.data as T) : null;
  }

  async get(id: string): Promise<JobRecord | null> {
    const [row] = await this.db.query("SELECT * FROM training_jobs WHERE id = $1", [id]);
    if (!row) return null;
    const trials = await this.db.query("SELECT * FROM training_trials WHERE job_id = $1 ORDER BY index", [
      id,
    ]);
    return toJob(row, trials.map(toTrial));
  }

  /** Most recent first, with their trials. */
  async list(first: number): Promise<JobRecord[]> {
    const rows = await this.db.query("SELECT * FROM training_jobs ORDER BY created_at DESC, id LIMIT $1", [
      first,
    ]);
    if (!rows.length) return [];
    const trials = await this.db.query(
      "SELECT * FROM training_trials WHERE job_id = ANY($1::uuid[]) ORDER BY job_id, index",
      [rows.map((r) => r.id)],
    );
    const byJob = new Map<string, TrialRecord[]>();
    for (const t of trials) {
      const list = byJob.get(String(t.job_id)) ?? [];
      list.push(toTrial(t));
      byJob.set(String(t.job_id), list);
    }
    return rows.map((r) => toJob(r, byJob.get(String(r.id)) ?? []));
  }

  async markRunning(id: string): Promise<void> {
    await this.db.query(
      `UPDATE training_jobs SET status = 'RUNNING', started_at = now(), heartbeat_at = now()
       WHERE id = $1 AND status = 'QUEUED'`,
      [id],
    );
    this.onChange(id);
  }

  async setTrialRun(id: string, index: number, runId: string): Promise<void> {
    await this.db.query("UPDATE training_trials SET run_id = $3 WHERE job_id = $1 AND index = $2", [
      id,
      index,
      runId,
    ]);
  }

  /** RUNNING also stamps started_at (once: a HALVING trial runs again at each rung). */
  async setTrialStatus(id: string, index: number, status: TrialStatusName): Promise<void> {
    await this.db.query(
      `UPDATE training_trials SET status = $3,
         started_at = CASE WHEN $3 = 'RUNNING' THEN coalesce(started_at, now()) ELSE started_at END
       WHERE job_id = $1 AND index = $2`,
      [id, index, status],
    );
  }

  /** TPE: the parameters the model chose for a trial, before it runs. */
  async setTrialParams(id: string, index: number, params: Record<string, ParamValue>): Promise<void> {
    await this.db.query("UPDATE training_trials SET params = $3 WHERE job_id = $1 AND index = $2", [
      id,
      index,
      JSON.stringify(params),
    ]);
    this.onChange(id);
  }

  /** HALVING: the metrics of the rung a trial just ran (it stays RUNNING). */
  async setTrialMetrics(id: string, index: number, metrics: Record<string, number>): Promise<void> {
    await this.db.query("UPDATE training_trials SET metrics = $3 WHERE job_id = $1 AND index = $2", [
      id,
      index,
      JSON.stringify(metrics),
    ]);
  }

  /**
   * A trial is over: its status, metrics and error; FINISHED and FAILED trials count as completed, and KILLED
   * ones when `completed` says so (eliminated by HALVING, as opposed to never started). With `owner`,
   * only while that process still owns the trial. Returns whether it changed the trial and how many trials of the
   * job are still open (0: the job can be concluded; the job row is locked, so exactly one caller sees the 0).
   */
  async finishTrial(
    id: string,
    index: number,
    status: TrialStatusName,
    metrics: Record<string, number>,
    error: string | null,
    completed = status === "FINISHED" || status === "FAILED",
    owner?: string,
  ): Promise<{ changed: boolean; open: number }> {
    const result = await this.db.transaction(async (c) => {
      await c.query("SELECT id FROM training_jobs WHERE id = $1 FOR UPDATE", [id]);
      const { rowCount } = await c.query(
        `UPDATE training_trials SET status = $3, metrics = $4, error = $5, finished_at = now()
         WHERE job_id = $1 AND index = $2 AND status IN ('SCHEDULED', 'RUNNING')
           AND ($6::text IS NULL OR owner = $6)`,
        [id, index, status, JSON.stringify(metrics), error, owner ?? null],
      );
      const changed = (rowCount ?? 0) > 0;
      if (changed && completed) {
        await c.query(
          "UPDATE training_jobs SET completed = completed + 1, heartbeat_at = now() WHERE id = $1",
          [id],
        );
      }
      const { rows } = await c.query(
        "SELECT count(*)::int AS n FROM training_trials WHERE job_id = $1 AND status IN ('SCHEDULED', 'RUNNING')",
        [id],
      );
      return { changed, open: Number(rows[0].n) };
    });
    if (result.changed) this.onChange(id);
    return result;
  }

  /**
   * Take a trial from the queue: it becomes RUNNING, owned by `owner` and run by `worker`, unless the job or the
   * trial has ended. A trial another process owned (it stopped, and the queue handed the trial on) changes owner.
   */
  async claimTrial(id: string, index: number, owner: string, worker: string): Promise<ClaimedTrial | null> {
    const claimed = await this.db.transaction(async (c) => {
      const { rows: jobs } = await c.query(
        `UPDATE training_jobs SET status = 'RUNNING', started_at = coalesce(started_at, now()), heartbeat_at = now()
         WHERE id = $1 AND status IN ${ACTIVE} RETURNING id`,
        [id],
      );
      if (!jobs.length) return null;
      const { rows } = await c.query(
        `SELECT * FROM training_trials WHERE job_id = $1 AND index = $2 AND status IN ('SCHEDULED', 'RUNNING')
         FOR UPDATE`,
        [id, index],
      );
      if (!rows.length) return null;
      await c.query(
        `UPDATE training_trials SET status = 'RUNNING', owner = $3, worker = $4, attempts = attempts + 1,
           started_at = coalesce(started_at, now())
         WHERE job_id = $1 AND index = $2`,
        [id, index, owner, worker],
      );
      return toTrial(rows[0]);
    });
    if (!claimed) return null;
    this.onChange(id);
    const job = await this.get(id);
    return job ? { trial: claimed, job } : null;
  }

  /** Give a trial back to the queue (the worker is shutting down): SCHEDULED again, no owner. */
  async releaseTrial(id: string, index: number, owner: string): Promise<boolean> {
    const rows = await this.db.query(
      `UPDATE training_trials SET status = 'SCHEDULED', owner = NULL
       WHERE job_id = $1 AND index = $2 AND owner = $3 AND status = 'RUNNING' RETURNING index`,
      [id, index, owner],
    );
    if (rows.length) this.onChange(id);
    return rows.length > 0;
  }

  /** Of these trials, the ones `owner` no longer owns or whose job was cancelled: they must stop. */
  async lostOrCancelled(
    owner: string,
    trials: { jobId: string; index: number }[],
  ): Promise<{ jobId: string; index: number; cancelled: boolean }[]> {
    if (!trials.length) return [];
    const rows = await this.db.query(
      `SELECT t.job_id, t.index, j.status = 'CANCELLED' AS cancelled
       FROM unnest($2::uuid[], $3::int[]) AS w(job_id, index)
       JOIN training_trials t ON t.job_id = w.job_id AND t.index = w.index
       JOIN training_jobs j ON j.id = t.job_id
       WHERE j.status = 'CANCELLED' OR t.owner IS DISTINCT FROM $1 OR t.status <> 'RUNNING'`,
      [owner, trials.map((t) => t.jobId), trials.map((t) => t.index)],
    );
    return rows.map((r) => ({
      jobId: String(r.job_id),
      index: Number(r.index),
      cancelled: Boolean(r.cancelled),
    }));
  }

  async ownsTrial(id: string, index: number, owner: string): Promise<boolean> {
    const rows = await this.db.query(
      "SELECT 1 FROM training_trials WHERE job_id = $1 AND index = $2 AND owner = $3 AND status = 'RUNNING'",
      [id, index, owner],
    );
    return rows.length > 0;
  }

  /** Set a trial's run while `owner` owns it (a retried trial gets a fresh run). */
  async setOwnedTrialRun(id: string, index: number, runId: string, owner: string): Promise<boolean> {
    const rows = await this.db.query(
      "UPDATE training_trials SET run_id = $3 WHERE job_id = $1 AND index = $2 AND owner = $4 RETURNING index",
      [id, index, runId, owner],
    );
    return rows.length > 0;
  }

  /** End the trials nobody has claimed (a cancelled job's queued trials); returns them. */
  async endUnclaimedTrials(id: string, status: TrialStatusName, error: string): Promise<TrialRecord[]> {
    const rows = await this.db.query(
      `UPDATE training_trials SET status = $2, error = coalesce(error, $3)
       WHERE job_id = $1 AND status = 'SCHEDULED' RETURNING *`,
      [id, status, error],
    );
    if (rows.length) this.onChange(id);
    return rows.map(toTrial);
  }

  async openTrials(id: string): Promise<number> {
    const [row] = await this.db.query(
      "SELECT count(*)::int AS n FROM training_trials WHERE job_id = $1 AND status IN ('SCHEDULED', 'RUNNING')",
      [id],
    );
    return Number(row.n);
  }

  /** Jobs not ended yet: in all, and by this caller. */
  async activeJobs(createdBy: string | null): Promise<{ all: number; caller: number }> {
    const [row] = await this.db.query(
      `SELECT count(*)::int AS all, count(*) FILTER (WHERE created_by = $1)::int AS caller
       FROM training_jobs WHERE status IN ${ACTIVE} AND finished_at IS NULL`,
      [createdBy],
    );
    return { all: Number(row.all), caller: Number(row.caller) };
  }

  /**
   * Conclude a job (pick the best, register, promote) as `owner`: true when the job has not ended. A later claim
   * (the queue retried the conclusion after this process stalled) takes it away; ownsJob tells.
   */
  async claimJob(id: string, owner: string): Promise<boolean> {
    const rows = await this.db.query(
      "UPDATE training_jobs SET owner = $2, heartbeat_at = now() WHERE id = $1 AND finished_at IS NULL RETURNING id",
      [id, owner],
    );
    return rows.length > 0;
  }

  async ownsJob(id: string, owner: string): Promise<boolean> {
    const rows = await this.db.query(
      "SELECT 1 FROM training_jobs WHERE id = $1 AND owner = $2 AND finished_at IS NULL",
      [id, owner],
    );
    return rows.length > 0;
  }

  /** Mark every trial that has not ended with `status` (and an error); returns those trials. */
  async endOpenTrials(id: string, status: TrialStatusName, error: string): Promise<TrialRecord[]> {
    const rows = await this.db.query(
      `UPDATE training_trials SET status = $2, error = coalesce(error, $3), finished_at = now()
       WHERE job_id = $1 AND status IN ('SCHEDULED', 'RUNNING') RETURNING *`,
      [id, status, error],
    );
    if (rows.length) this.onChange(id);
    return rows.map(toTrial);
  }

  /** Set `completed` to the number of trials that have ended (recovery ends them all at once). */
  async recountCompleted(id: string): Promise<void> {
    await this.db.query(
      `UPDATE training_jobs SET completed = (
         SELECT count(*) FROM training_trials WHERE job_id = $1 AND status NOT IN ('SCHEDULED', 'RUNNING'))
       WHERE id = $1`,
      [id],
    );
  }

  /** End a job unless it has ended already (a cancelled job stays CANCELLED). */
  async finish(
    id: string,
    outcome: {
      status: JobStatusName;
      error?: string | null;
      bestIndex?: number | null;
      modelName?: string | null;
      modelVersion?: number | null;
    },
  ): Promise<void> {
    await this.db.query(
      `UPDATE training_jobs SET
         status = CASE WHEN status IN ${ACTIVE} THEN $2 ELSE status END,
         error = CASE WHEN status IN ${ACTIVE} THEN $3 ELSE error END,
         best_index = coalesce($4, best_index),
         model_name = coalesce($5, model_name),
         model_version = coalesce($6, model_version),
         finished_at = now()
       WHERE id = $1`,
      [
        id,
        outcome.status,
        outcome.error ?? null,
        outcome.bestIndex ?? null,
        outcome.modelName ?? null,
        outcome.modelVersion ?? null,
      ],
    );
    this.onChange(id);
  }

  /** Record the best trial (before registration, so a registration failure still shows it). */
  async setBest(id: string, bestIndex: number): Promise<void> {
    await this.db.query("UPDATE training_jobs SET best_index = $2 WHERE id = $1", [id, bestIndex]);
    this.onChange(id);
  }

  async setModelVersion(id: string, name: string, version: number): Promise<void> {
    await this.db.query("UPDATE training_jobs SET model_name = $2, model_version = $3 WHERE id = $1", [
      id,
      name,
      version,
    ]);
    this.onChange(id);
  }

  /** Cancel an active job: CANCELLED at once (nothing more starts); returns false when it had ended. */
  async cancel(id: string): Promise<boolean> {
    const rows = await this.db.query(
      `UPDATE training_jobs SET status = 'CANCELLED', cancel_requested = true
       WHERE id = $1 AND status IN ${ACTIVE} RETURNING id`,
      [id],
    );
    if (rows.length) this.onChange(id);
    return rows.length > 0;
  }
}
