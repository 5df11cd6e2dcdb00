// The gateway's one job queue: a pg-boss instance in the gateway's own PostgreSQL database (schema `pgboss`).
import { createHash } from "node:crypto";
import PgBoss from "pg-boss";
import type { Logger } from "pino";

export interface QueueConfig {
  databaseUrl: string;
  /** pg-boss's own tables live here, apart from the gateway's migrations. */
  schema: string;
  /** How often one process (pg-boss elects it) expires stalled jobs and archives old ones. */
  maintenanceSeconds: number;
  /** How often each process checks the cron schedules; pg-boss sends one job per tick across all processes. */
  cronCheckSeconds?: number;
  /**
   * Appended to every queue name: gateways that share a database but not an MLflow server (a test stack, a
   * staging MLflow) must not work each other's trials. See queueNamespace.
   */
  namespace?: string;
}

/**
 * The queue names' suffix: eight hex digits of the MLflow URI (gateways that train into different MLflow servers
 * never work each other's trials), after QUEUE_NAMESPACE when set (which splits one MLflow's gateways further).
 */
export function queueNamespace(mlflowUri: string, group = ""): string {
  const mlflow = createHash("sha256").update(mlflowUri.replace(/\/+$/, "")).digest("hex").slice(0, 8);
  return group ? `${group}-${mlflow}` : mlflow;
}

/** PostgreSQL's deadlock_detected. */
const DEADLOCK = "40P01";
const CREATE_ATTEMPTS = 8;

/**
 * Run an idempotent change to pg-boss's tables again when PostgreSQL aborted it as a deadlock. pg-boss 10 keeps each
 * queue as a partition with foreign keys to its queue table: creating or dropping queues while other processes
 * create, drop or use queues can deadlock, and PostgreSQL aborts one side. The aborted one tries again after a
 * short random pause.
 */
async function retryOnDeadlock(fn: () => Promise<void>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if ((err as { code?: string }).code !== DEADLOCK || attempt >= CREATE_ATTEMPTS) throw err;
      await new Promise((r) => setTimeout(r, 50 + Math.random() * 250 * attempt));
    }
  }
}

export type QueueJob<T> = PgBoss.Job<T>;
export type QueueSendOptions = PgBoss.SendOptions;
export type QueueOptions = Omit<PgBoss.Queue, "name">;

/**
 * A thin passthrough: callers create their queues, send, work and schedule; this class owns the instance's life
 * (start with the services, stop with them) so every area shares one connection pool and one maintenance loop.
 */
/**
 * Remove a queue by its full name, with its schedule and its jobs: pg-boss 10 refuses to delete a queue whose
 * partition still holds jobs (completed ones stay until archived) and has no call that deletes them all.
 * `schema` must be a checked identifier (config.ts checks QUEUE_SCHEMA).
 */
export async function removeQueue(boss: PgBoss, schema: string, fullName: string): Promise<void> {
  await boss.unschedule(fullName).catch(() => {});
  // Deleting the jobs and dropping the queue's partition are idempotent: after a deadlock both run again.
  await retryOnDeadlock(async () => {
    await boss.getDb().executeSql(`DELETE FROM "${schema}".job WHERE name = $1`, [fullName]);
    await boss.deleteQueue(fullName);
  });
}

export class QueueService {
  private boss?: PgBoss;
  private starting?: Promise<PgBoss>;
  private readonly queues = new Set<string>();

  constructor(
    private readonly config: QueueConfig,
    private readonly log: Logger,
  ) {}

  async start(): Promise<void> {
    await this.instance();
  }

  /** The queue's name in pg-boss. */
  private q(name: string): string {
    return this.config.namespace ? `${name}-${this.config.namespace}` : name;
  }

  /** Stop fetching; with graceful, wait up to timeoutMs for running handlers. */
  async stop(options: { graceful?: boolean; timeoutMs?: number } = {}): Promise<void> {
    const boss = this.boss;
    this.boss = undefined;
    this.starting = undefined;
    this.queues.clear();
    if (!boss) return;
    await boss.stop({ graceful: options.graceful ?? true, timeout: options.timeoutMs ?? 20_000, wait: true });
  }

  /** Create the queue once per process (idempotent in pg-boss too). */
  async createQueue(name: string, options: QueueOptions = {}): Promise<void> {
    if (this.queues.has(name)) return;
    const boss = await this.instance();
    const deadLetter = options.deadLetter ? this.q(options.deadLetter) : undefined;
    // Creating is idempotent: replicas starting together may deadlock on pg-boss's partitions, and retry.
    await retryOnDeadlock(() =>
      boss.createQueue(this.q(name), {
        ...options,
        name: this.q(name),
        ...(deadLetter ? { deadLetter } : {}),
      }),
    );
    this.queues.add(name);
  }

  async send<T extends object>(
    name: string,
    data: T,
    options: QueueSendOptions = {},
  ): Promise<string | null> {
    return (await this.instance()).send(this.q(name), data, options);
  }

  async work<T>(
    name: string,
    options: PgBoss.WorkOptions,
    handler: (jobs: QueueJob<T>[]) => Promise<unknown>,
  ): Promise<string> {
    return (await this.instance()).work<T>(this.q(name), options, handler);
  }

  async offWork(name: string): Promise<void> {
    await this.boss?.offWork(this.q(name));
  }

  async cancel(name: string, ids: string[]): Promise<void> {
    if (ids.length) await (await this.instance()).cancel(this.q(name), ids);
  }

  async fail(name: string, id: string, data: object): Promise<void> {
    await (await this.instance()).fail(this.q(name), id, data);
  }

  async schedule(name: string, cron: string, data?: object, options?: PgBoss.ScheduleOptions): Promise<void> {
    await (await this.instance()).schedule(this.q(name), cron, data, options);
  }

  async unschedule(name: string): Promise<void> {
    await (await this.instance()).unschedule(this.q(name));
  }

  /** Handle a queue's jobs in this process one at a time (the queue is created first); a throw fails the job. */
  async workEach<T extends object>(
    name: string,
    handler: (data: T, jobId: string) => Promise<void>,
    pollingIntervalSeconds = 2,
  ): Promise<void> {
    await this.createQueue(name);
    await this.work<T>(name, { pollingIntervalSeconds, batchSize: 1 }, async (jobs) => {
      for (const job of jobs) await handler(job.data, job.id);
    });
  }

  /** A cron schedule (5 fields, UTC) that sends `data` to queue `name` once per tick, whichever process sees it. */
  async scheduleUtc(name: string, cron: string, data: object): Promise<void> {
    await this.createQueue(name);
    await this.schedule(name, cron, data, { tz: "UTC" });
  }

  /** Every schedule, with its cron expression. */
  async schedules(): Promise<{ name: string; cron: string }[]> {
    const suffix = this.config.namespace ? `-${this.config.namespace}` : "";
    return (await (await this.instance()).getSchedules())
      .filter((s) => !suffix || s.name.endsWith(suffix))
      .map((s) => ({ name: suffix ? s.name.slice(0, -suffix.length) : s.name, cron: s.cron }));
  }

  /** Remove a queue, its jobs and its schedule. */
  async deleteQueue(name: string): Promise<void> {
    await removeQueue(await this.instance(), this.config.schema, this.q(name));
    this.queues.delete(name);
  }

  private instance(): Promise<PgBoss> {
    if (this.boss) return Promise.resolve(this.boss);
    this.starting ??= (async () => {
      const boss = new PgBoss({
        connectionString: this.config.databaseUrl,
        schema: this.config.schema,
        maintenanceIntervalSeconds: this.config.maintenanceSeconds,
        ...(this.config.cronCheckSeconds
          ? {
              cronMonitorIntervalSeconds: this.config.cronCheckSeconds,
              cronWorkerIntervalSeconds: Math.min(5, this.config.cronCheckSeconds),
            }
          : {}),
        max: 4,
      });
      boss.on("error", (err) => this.log.warn({ err }, "job queue error"));
      await boss.start();
      this.boss = boss;
      return boss;
    })().catch((err) => {
      this.starting = undefined;
      throw err;
    });
    return this.starting;
  }
}
