// The gateway's job queue: one pg-boss instance in its own schema of DATABASE_URL (send, work, cron schedule).
import PgBoss from "pg-boss";
import type { Logger } from "pino";

export interface QueueOptions {
  connectionString: string;
  /** PostgreSQL schema pg-boss owns (created and migrated by pg-boss at start). */
  schema: string;
  /** How often each process checks the cron schedules; pg-boss sends one job per tick across all processes. */
  cronCheckSeconds: number;
  log: Logger;
}

export type QueueHandler<T> = (data: T, jobId: string) => Promise<void>;

/** A thin wrapper so callers never see pg-boss's configuration, and queues are created before use. */
export class Queue {
  private readonly boss: PgBoss;
  private readonly created = new Set<string>();
  private started = false;

  constructor(private readonly opts: QueueOptions) {
    this.boss = new PgBoss({
      connectionString: opts.connectionString,
      schema: opts.schema,
      cronMonitorIntervalSeconds: opts.cronCheckSeconds,
      cronWorkerIntervalSeconds: Math.min(5, opts.cronCheckSeconds),
      max: 4,
    });
    this.boss.on("error", (err) => opts.log.error({ err }, "job queue error"));
  }

  async start(): Promise<void> {
    if (this.started) return;
    await this.boss.start();
    this.started = true;
  }

  /** Stop fetching; wait up to `timeoutMs` for running handlers. */
  async stop(timeoutMs = 10_000): Promise<void> {
    if (!this.started) return;
    this.started = false;
    await this.boss.stop({ graceful: true, wait: true, timeout: Math.max(1000, timeoutMs) });
  }

  private async ensureQueue(name: string): Promise<void> {
    if (this.created.has(name)) return;
    await this.boss.createQueue(name); // idempotent in pg-boss 10
    this.created.add(name);
  }

  async send(name: string, data: object, options: PgBoss.SendOptions = {}): Promise<string | null> {
    await this.ensureQueue(name);
    return this.boss.send(name, data, options);
  }

  /** Handle jobs of a queue in this process, one at a time; a throw fails the job. */
  async work<T extends object>(
    name: string,
    handler: QueueHandler<T>,
    pollingIntervalSeconds = 2,
  ): Promise<void> {
    await this.ensureQueue(name);
    await this.boss.work<T>(name, { pollingIntervalSeconds, batchSize: 1 }, async (jobs) => {
      for (const job of jobs) await handler(job.data, job.id);
    });
  }

  async offWork(name: string): Promise<void> {
    await this.boss.offWork(name);
  }

  /** A cron schedule (5 fields, UTC) that sends `data` to queue `name` once per tick, whichever process sees it. */
  async schedule(name: string, cron: string, data: object): Promise<void> {
    await this.ensureQueue(name);
    await this.boss.schedule(name, cron, data, { tz: "UTC" });
  }

  /** Every schedule, with its cron expression. */
  async schedules(): Promise<{ name: string; cron: string }[]> {
    return (await this.boss.getSchedules()).map((s) => ({ name: s.name, cron: s.cron }));
  }

  async unschedule(name: string): Promise<void> {
    await this.boss.unschedule(name);
  }

  /** Remove a queue, its jobs and its schedule. */
  async deleteQueue(name: string): Promise<void> {
    await this.boss.unschedule(name).catch(() => {});
    await this.boss.deleteQueue(name);
    this.created.delete(name);
  }
}
