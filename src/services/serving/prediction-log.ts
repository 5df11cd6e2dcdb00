// The prediction log: a bounded in-memory buffer written to the gateway database in batches, off the request path.
import type { Logger } from "pino";
import { Counter } from "prom-client";
import { describeCause, ErrorCode, errorCode } from "../../errors";
import { requestScope } from "../../logger";
import { registry } from "../../metrics";
import type { GatewayDb } from "../store/db";

export interface PredictionLogRow {
  modelName: string;
  modelVersion: number;
  /** The row as the model saw it (its input columns only). */
  input: Record<string, unknown>;
  label: string;
  probabilities: { label: string; probability: number }[];
  requestedBy: string | null;
  createdAt: Date;
}

export interface PredictionLogOptions {
  flushMs: number;
  batchSize: number;
  /** Rows kept while the database is unreachable; beyond it the oldest are dropped (and counted). */
  maxBuffered: number;
}

const rowsCounter = new Counter({
  name: "gateway_prediction_log_rows_total",
  help: "Prediction log rows, by outcome: written to PostgreSQL, or dropped (buffer full while PostgreSQL was down, or rejected).",
  labelNames: ["outcome"] as const,
  registers: [registry],
});

// jsonb refuses the NUL character; a row must not poison the batch it is in.
const NUL = "\u0000";
function jsonText(v: unknown): string {
  const text = JSON.stringify(v);
  // JSON.stringify writes NUL as the escape \u0000; rewriting the rare text that has one keeps the common path fast.
  return text.includes("\\u0000")
    ? JSON.stringify(v, (_k, x: unknown) => (typeof x === "string" ? x.replaceAll(NUL, "\uFFFD") : x))
    : text;
}

// The whole batch travels as one JSON array parameter: one native JSON.stringify in Node, one statement whatever
// the batch size, and PostgreSQL splits it into rows (faster than pg's per-element array encoding).
const DROP_REPORT_MS = 10_000;
/** Rows per INSERT when a backlog has built up (about 1 MB of JSON; serializing it takes a few ms). */
const STATEMENT_ROWS = 5000;

const INSERT = `
  INSERT INTO predictions (model_name, model_version, input, label, probabilities, requested_by, created_at)
  SELECT x.m, x.v, x.i, x.l, x.p, x.r, x.t
  FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(row, n),
       jsonb_to_record(e.row) AS x(m text, v integer, i jsonb, l text, p jsonb, r text, t timestamptz)
  ORDER BY e.n`;

/**
 * Rows are appended to a buffer by `write` (synchronous, no I/O) and inserted by one writer at a time, every
 * `flushMs` or as soon as `batchSize` rows wait, as one INSERT per batch (the rows travel as one JSON array
 * parameter, see INSERT). When PostgreSQL is down the batch goes back to the buffer and the
 * writer retries with backoff; the buffer never holds more than `maxBuffered` rows (oldest dropped, with a count
 * in the log and in gateway_prediction_log_rows_total{outcome="dropped"}).
 */
export class PredictionLog {
  private buffer: PredictionLogRow[] = [];
  /** Rows ever queued, and rows that left the buffer (written or dropped): the buffer is FIFO, so flush() waits on these. */
  private enqueued = 0;
  private settled = 0;
  private inflight: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private failures = 0;
  private retryAt = 0;
  private droppedSinceReport = 0;
  private lastDropReport = 0;
  private kickScheduled = false;

  constructor(
    private readonly db: Pick<GatewayDb, "query">,
    private readonly log: Logger,
    private readonly opts: PredictionLogOptions,
  ) {}

  /** Rows waiting to be written. */
  get pending(): number {
    return this.buffer.length;
  }

  start(): void {
    if (this.timer) return;
    // Created outside any request so the timer's writes are never counted against a request.
    requestScope.exit(() => {
      this.timer = setInterval(() => void this.tick(), this.opts.flushMs);
      this.timer.unref();
    });
  }

  /** Queue rows; never waits and never throws. */
  write(rows: PredictionLogRow[]): void {
    if (!rows.length) return;
    for (const r of rows) this.buffer.push(r);
    this.enqueued += rows.length;
    const over = this.buffer.length - this.opts.maxBuffered;
    if (over > 0) this.drop(over);
    this.kickIfFull();
  }

  /**
   * Write every row queued before this call (later rows do not keep it waiting). Resolves, with the rows still
   * buffered, when the database is unreachable.
   */
  async flush(): Promise<void> {
    const target = this.enqueued;
    while (this.settled < target) {
      if (this.inflight) {
        await this.inflight;
        continue;
      }
      const failuresBefore = this.failures;
      await this.runWriter(true);
      if (this.failures > failuresBefore) return;
    }
  }

  /** Stop the timer and write what is left; gives up after `timeoutMs` with a logged count of lost rows. */
  async close(timeoutMs = 10_000): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    const deadline = Date.now() + timeoutMs;
    for (let attempt = 0; ; attempt++) {
      await this.flush();
      if (!this.buffer.length) return this.reportDrops(true);
      if (Date.now() + 500 > deadline) {
        this.log.error(
          { lost: this.buffer.length },
          "prediction log: the gateway database stayed unreachable during shutdown; these predictions were not logged",
        );
        rowsCounter.inc({ outcome: "dropped" }, this.buffer.length);
        this.settled += this.buffer.length;
        this.buffer = [];
        return this.reportDrops(true);
      }
      await new Promise((r) => setTimeout(r, Math.min(2000, 100 * 2 ** attempt)));
    }
  }

  /** A full batch is written at once rather than at the next timer tick. */
  private kickIfFull(): void {
    if (this.buffer.length < this.opts.batchSize || this.inflight || this.kickScheduled) return;
    if (Date.now() < this.retryAt) return;
    this.kickScheduled = true;
    requestScope.exit(() =>
      setImmediate(() => {
        this.kickScheduled = false;
        void this.tick();
      }),
    );
  }

  private async tick(): Promise<void> {
    if (this.inflight || !this.buffer.length || Date.now() < this.retryAt) return;
    await this.runWriter(false);
  }

  private runWriter(ignoreBackoff: boolean): Promise<void> {
    if (this.inflight) return this.inflight;
    if (!ignoreBackoff && Date.now() < this.retryAt) return Promise.resolve();
    this.inflight = requestScope
      .exit(() => this.drain())
      .finally(() => {
        this.inflight = null;
        this.kickIfFull();
      });
    return this.inflight;
  }

  /**
   * Write the rows buffered when it starts; rows queued meanwhile wait for the next run. A backlog goes out in
   * statements of up to STATEMENT_ROWS rows: under load each round trip waits behind requests on the event loop,
   * so fewer, larger statements keep the log up with the prediction rate (and keep ids in prediction order).
   */
  private async drain(): Promise<void> {
    let remaining = this.buffer.length;
    const perStatement = Math.max(this.opts.batchSize, STATEMENT_ROWS);
    while (this.buffer.length && remaining > 0) {
      const batch = this.buffer.splice(0, Math.min(perStatement, remaining));
      remaining -= batch.length;
      try {
        await this.insert(batch);
        this.settled += batch.length;
        rowsCounter.inc({ outcome: "written" }, batch.length);
        if (this.failures) this.log.warn({ failures: this.failures }, "prediction log: writing again");
        this.failures = 0;
        this.retryAt = 0;
        this.reportDrops();
      } catch (err) {
        if (errorCode(err) === ErrorCode.UPSTREAM_UNAVAILABLE) {
          // Put the batch back in front (keeping the bound) and try again later.
          this.buffer = batch.concat(this.buffer);
          const over = this.buffer.length - this.opts.maxBuffered;
          if (over > 0) this.drop(over);
          this.failures++;
          const backoff = Math.min(30_000, this.opts.flushMs * 2 ** Math.min(this.failures, 10));
          this.retryAt = Date.now() + backoff;
          if (this.failures === 1 || this.failures % 10 === 0)
            this.log.warn(
              {
                buffered: this.buffer.length,
                failures: this.failures,
                retryInMs: backoff,
                cause: describeCause(err),
              },
              "prediction log: the gateway database is unreachable; keeping predictions in memory",
            );
          this.reportDrops();
          return;
        }
        // The database refused the rows themselves: retrying would wedge the log, so they are dropped.
        this.log.error(
          { rows: batch.length, cause: describeCause(err) },
          "prediction log: rows rejected by the database",
        );
        this.settled += batch.length;
        rowsCounter.inc({ outcome: "dropped" }, batch.length);
      }
    }
  }

  private async insert(batch: PredictionLogRow[]): Promise<void> {
    const rows = batch.map((r) => ({
      m: r.modelName,
      v: r.modelVersion,
      i: r.input,
      l: r.label,
      p: r.probabilities,
      r: r.requestedBy,
      t: r.createdAt,
    }));
    await this.db.query(INSERT, [jsonText(rows)]);
  }

  private drop(count: number): void {
    this.buffer.splice(0, count);
    this.settled += count;
    this.droppedSinceReport += count;
    rowsCounter.inc({ outcome: "dropped" }, count);
    this.reportDrops();
  }

  /** At most one warning per DROP_REPORT_MS with the count since the last one, however many requests overflow. */
  private reportDrops(force = false): void {
    if (!this.droppedSinceReport) return;
    const now = Date.now();
    if (!force && now - this.lastDropReport < DROP_REPORT_MS) return;
    this.log.warn(
      {
        dropped: this.droppedSinceReport,
        maxBuffered: this.opts.maxBuffered,
        databaseReachable: this.failures === 0,
      },
      "prediction log: the buffer was full, so the oldest predictions were dropped " +
        "(the gateway database was unreachable or slower than the prediction rate)",
    );
    this.droppedSinceReport = 0;
    this.lastDropReport = now;
  }
}
