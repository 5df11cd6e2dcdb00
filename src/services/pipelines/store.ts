// The pipelines and pipeline_runs tables: the one place a pipeline's definition and a run's status are written.
import { randomUUID } from "node:crypto";
import type { GatewayDb } from "../store/db";

export type RunTrigger = "SCHEDULE" | "MANUAL";
export type RunStatus = "QUEUED" | "RUNNING" | "SUCCEEDED" | "FAILED" | "CANCELLED";

export interface PipelineRecord {
  id: string;
  name: string;
  schedule: string | null;
  enabled: boolean;
  ingest: Record<string, unknown> | null;
  train: Record<string, unknown>;
  promote: { alias: string; requireBetter: { metric: string; higherIsBetter: boolean } | null } | null;
  createdBy: string | null;
  createdRole: string;
  createdAt: Date;
}

/** The promotion decision as the run recorded it (model name and versions; the versions are read back live). */
export interface RunPromotion {
  promoted: boolean;
  reason: string;
  name: string;
  version: number;
  previousVersion: number | null;
}

export interface PipelineRunRecord {
  id: string;
  pipelineId: string;
  trigger: RunTrigger;
  status: RunStatus;
  requestedBy: string | null;
  startedAt: Date | null;
  finishedAt: Date | null;
  rowsIngested: number | null;
  trainingJobId: string | null;
  promotion: RunPromotion | null;
  error: string | null;
  createdAt: Date;
}

type Row = Record<string, unknown>;

const toPipeline = (r: Row): PipelineRecord => ({
  id: r.id as string,
  name: r.name as string,
  schedule: (r.schedule as string | null) ?? null,
  enabled: r.enabled as boolean,
  ingest: (r.ingest as Record<string, unknown> | null) ?? null,
  train: r.train as Record<string, unknown>,
  promote: (r.promote as PipelineRecord["promote"]) ?? null,
  createdBy: (r.created_by as string | null) ?? null,
  createdRole: r.created_role as string,
  createdAt: r.created_at as Date,
});

const toRun = (r: Row): PipelineRunRecord => ({
  id: r.id as string,
  pipelineId: r.pipeline_id as string,
  trigger: r.trigger as RunTrigger,
  status: r.status as RunStatus,
  requestedBy: (r.requested_by as string | null) ?? null,
  startedAt: (r.started_at as Date | null) ?? null,
  finishedAt: (r.finished_at as Date | null) ?? null,
  rowsIngested: (r.rows_ingested as number | null) ?? null,
  trainingJobId: (r.training_job_id as string | null) ?? null,
  promotion: (r.promotion as RunPromotion | null) ?? null,
  error: (r.error as string | null) ?? null,
  createdAt: r.created_at as Date,
});

/** True for PostgreSQL's unique_violation (23505) on the named constraint or index. */
const isUniqueViolation = (err: unknown, index: string) =>
  (err as { code?: string }).code === "23505" && (err as { constraint?: string }).constraint === index;

export class PipelineStore {
  constructor(private readonly db: GatewayDb) {}

  /** Insert a pipeline; null when the name is taken. */
  async insert(p: Omit<PipelineRecord, "id" | "createdAt">): Promise<PipelineRecord | null> {
    try {
      const rows = await this.db.query(
        `INSERT INTO pipelines (id, name, schedule, enabled, ingest, train, promote, created_by, created_role)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
        [
          randomUUID(),
          p.name,
          p.schedule,
          p.enabled,
          p.ingest === null ? null : JSON.stringify(p.ingest),
          JSON.stringify(p.train),
          p.promote === null ? null : JSON.stringify(p.promote),
          p.createdBy,
          p.createdRole,
        ],
      );
      return toPipeline(rows[0]);
    } catch (err) {
      if (isUniqueViolation(err, "pipelines_name_key")) return null;
      throw err;
    }
  }

  async get(id: string): Promise<PipelineRecord | null> {
    if (!isUuid(id)) return null;
    const rows = await this.db.query("SELECT * FROM pipelines WHERE id = $1", [id]);
    return rows[0] ? toPipeline(rows[0]) : null;
  }

  async list(): Promise<PipelineRecord[]> {
    return (await this.db.query("SELECT * FROM pipelines ORDER BY created_at, id")).map(toPipeline);
  }

  async setEnabled(id: string, enabled: boolean): Promise<PipelineRecord | null> {
    if (!isUuid(id)) return null;
    const rows = await this.db.query("UPDATE pipelines SET enabled = $2 WHERE id = $1 RETURNING *", [
      id,
      enabled,
    ]);
    return rows[0] ? toPipeline(rows[0]) : null;
  }

  async delete(id: string): Promise<boolean> {
    if (!isUuid(id)) return false;
    return (await this.db.query("DELETE FROM pipelines WHERE id = $1 RETURNING id", [id])).length > 0;
  }

  /**
   * Start a run owned by `owner`: RUNNING when no other run of the pipeline is active (the partial unique index
   * decides, across processes); otherwise a CANCELLED run recording why it was skipped. An active run whose
   * owner stopped sending heartbeats (its process died) is marked FAILED first, so a crash cannot block a pipeline.
   */
  async start(
    pipelineId: string,
    trigger: RunTrigger,
    requestedBy: string | null,
    owner: string,
    staleMs: number,
    scheduledFor: Date | null = null,
  ): Promise<PipelineRunRecord | null> {
    const id = randomUUID();
    const insert = () =>
      this.db.query(
        `INSERT INTO pipeline_runs
           (id, pipeline_id, trigger, status, requested_by, owner, heartbeat_at, started_at, scheduled_for)
         VALUES ($1, $2, $3, 'RUNNING', $4, $5, now(), now(), $6) RETURNING *`,
        [id, pipelineId, trigger, requestedBy, owner, scheduledFor],
      );
    for (let attempt = 0; ; attempt++) {
      try {
        return toRun((await insert())[0]);
      } catch (err) {
        // This tick of the schedule was started (or skipped) already, by this process or another.
        if (isUniqueViolation(err, "pipeline_runs_one_per_tick")) return null;
        if (!isUniqueViolation(err, "pipeline_runs_one_active")) throw err;
      }
      const abandoned = await this.db.query(
        `UPDATE pipeline_runs SET status = 'FAILED', finished_at = now(),
           error = 'the gateway process running it stopped before the run ended'
         WHERE pipeline_id = $1 AND status IN ('QUEUED', 'RUNNING')
           AND heartbeat_at < now() - make_interval(secs => $2::double precision / 1000)
         RETURNING id`,
        [pipelineId, staleMs],
      );
      if (abandoned.length && attempt === 0) continue;
      const active = await this.db.query(
        "SELECT id FROM pipeline_runs WHERE pipeline_id = $1 AND status IN ('QUEUED', 'RUNNING')",
        [pipelineId],
      );
      const rows = await this.db.query(
        `INSERT INTO pipeline_runs (id, pipeline_id, trigger, status, requested_by, finished_at, error, scheduled_for)
         VALUES ($1, $2, $3, 'CANCELLED', $4, now(), $5, $6) ON CONFLICT DO NOTHING RETURNING *`,
        [
          id,
          pipelineId,
          trigger,
          requestedBy,
          `skipped: the previous run ${String(active[0]?.id ?? "")} of this pipeline is still running`,
          scheduledFor,
        ],
      );
      return rows.length ? toRun(rows[0]) : null;
    }
  }

  /** The owner's runs are alive. */
  async heartbeat(owner: string): Promise<void> {
    await this.db.query(
      "UPDATE pipeline_runs SET heartbeat_at = now() WHERE owner = $1 AND status = 'RUNNING'",
      [owner],
    );
  }

  async update(
    id: string,
    fields: Partial<Pick<PipelineRunRecord, "rowsIngested" | "trainingJobId" | "promotion">>,
  ): Promise<void> {
    await this.db.query(
      `UPDATE pipeline_runs SET
         rows_ingested = COALESCE($2, rows_ingested),
         training_job_id = COALESCE($3, training_job_id),
         promotion = COALESCE($4, promotion)
       WHERE id = $1`,
      [
        id,
        fields.rowsIngested ?? null,
        fields.trainingJobId ?? null,
        fields.promotion ? JSON.stringify(fields.promotion) : null,
      ],
    );
  }

  async finish(id: string, status: RunStatus, error: string | null): Promise<PipelineRunRecord> {
    const rows = await this.db.query(
      "UPDATE pipeline_runs SET status = $2, error = $3, finished_at = now() WHERE id = $1 RETURNING *",
      [id, status, error],
    );
    return toRun(rows[0]);
  }

  async getRun(id: string): Promise<PipelineRunRecord | null> {
    if (!isUuid(id)) return null;
    const rows = await this.db.query("SELECT * FROM pipeline_runs WHERE id = $1", [id]);
    return rows[0] ? toRun(rows[0]) : null;
  }

  async runs(pipelineId: string, first: number): Promise<PipelineRunRecord[]> {
    const rows = await this.db.query(
      "SELECT * FROM pipeline_runs WHERE pipeline_id = $1 ORDER BY created_at DESC, id LIMIT $2",
      [pipelineId, first],
    );
    return rows.map(toRun);
  }
}

const isUuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
