// The prediction log: a bounded in-memory buffer written to the gateway database off the request path, by COPY.
import type { Logger } from "pino";
import { Counter, Gauge } from "prom-client";
import { describeCause, ErrorCode, errorCode } from "../../errors";
import { requestScope } from "../../logger";
import { registry } from "../../metrics";
import type { ClassProbability } from "../models/servable";
import type { GatewayDb } from "../store/db";
import { jsonText, NUL } from "./log-text";

export interface PredictionLogRow {
  modelName: string;
  modelVersion: number;
  /** The row as the model saw it (its input columns only), or its JSON text from jsonText. */
  input: Record<string, unknown> | string;
  label: string;
  /** Every class's probability, or their JSON text from jsonText or probabilitiesText. */
  probabilities: ClassProbability[] | string;
  requestedBy: string | null;
  createdAt: Date;
}

export interface PredictionLogOptions {
  flushMs: number;
  batchSize: number;
  /**
   * Rows the buffer holds. While the database is reachable, `waitForRoom` makes callers wait when it is full and
   * nothing is dropped (up to twice this bound); while it is unreachable the oldest rows beyond it are dropped.
   */
  maxBuffered: number;
  /** Longest `waitForRoom` waits (default 5 s). */
  maxWaitMs?: number;
}

/** What the log needs from the database: `query`, and `copyIn` when it can (COPY keeps up; INSERT is the fallback). */
export type PredictionLogDb = Pick<GatewayDb, "query"> & Partial<Pick<GatewayDb, "copyIn">>;

const rowsCounter = new Counter({
  name: "gateway_prediction_log_rows_total",
  help: "Prediction log rows, by outcome: written to PostgreSQL, or dropped (buffer full while PostgreSQL was down, or rejected).",
  labelNames: ["outcome"] as const,
  registers: [registry],
});

/** Logs that are running (started, not closed), for the buffered-rows gauge. */
const running = new Set<PredictionLog>();
new Gauge({
  name: "gateway_prediction_log_buffered_rows",
  help: "Prediction log rows waiting in memory to be written to PostgreSQL.",
  registers: [registry],
  collect() {
    let n = 0;
    for (const l of running) n += l.pending;
    this.set(n);
  },
});

const waitsCounter = new Counter({
  name: "gateway_prediction_log_waits_total",
  help: "predict calls that waited for room in the prediction log's buffer, by outcome: room (then logged in step) or behind (answered after PREDICTION_LOG_MAX_WAIT_MS).",
  labelNames: ["outcome"] as const,
  registers: [registry],
});

const retriesCounter = new Counter({
  name: "gateway_prediction_log_retries_total",
  help: "Prediction log writes that failed transiently and were put back to be retried, by cause: the SQLSTATE class (40 rollback, 53 resources, 57 operator intervention such as a statement timeout) or unreachable.",
  labelNames: ["cause"] as const,
  registers: [registry],
});

/** A bounded label for a transient write failure: its SQLSTATE class, or "unreachable". */
function retryCause(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^(40|53|57)/.test(code) ? code.slice(0, 2) : "unreachable";
}

// COPY's text format: backslash, tab, newline and carriage return are escaped; NUL cannot be stored at all.
// eslint-disable-next-line no-control-regex -- NUL is one of the characters to rewrite
const COPY_SPECIAL = /[\\\t\n\r\u0000]/;
const COPY_ESCAPES: Record<string, string> = {
  "\\": "\\\\",
  "\t": "\\t",
  "\n": "\\n",
  "\r": "\\r",
  [NUL]: "\uFFFD",
};
function copyField(s: string): string {
  // eslint-disable-next-line no-control-regex -- as above
  return COPY_SPECIAL.test(s) ? s.replace(/[\\\t\n\r\u0000]/g, (c) => COPY_ESCAPES[c]) : s;
}

const COLUMNS = "model_name, model_version, input, label, probabilities, requested_by, created_at";
const COPY_SQL = `COPY predictions (${COLUMNS}) FROM STDIN`;
// The fallback without COPY: the whole batch travels as one JSON array parameter, split into rows by PostgreSQL.
const INSERT = `
  INSERT INTO predictions (${COLUMNS})
  SELECT x.m, x.v, x.i, x.l, x.p, x.r, x.t
  FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(row, n),
       jsonb_to_record(e.row) AS x(m text, v integer, i jsonb, l text, p jsonb, r text, t timestamptz)
  ORDER BY e.n`;

const DROP_REPORT_MS = 10_000;
/** Rows per COPY when a backlog has built up: large enough that round trips don't matter, small enough to wake waiters often. */
const STATEMENT_ROWS = 20_000;
/** Rows per chunk handed to the COPY stream (a few hundred KB of text). */
const CHUNK_ROWS = 1000;

/** Errors worth retrying: the database unreachable, or SQLSTATE classes 08, 40 (rollback), 53 (resources), 57 (operator). */
export function isTransientLogError(err: unknown): boolean {
  if (errorCode(err) === ErrorCode.UPSTREAM_UNAVAILABLE) return true;
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^(08|40|53|57)[0-9A-Z]{3}$/.test(code);
}

/** A log column's JSON text: made here, or already made (by a scoring worker). */
const asJson = (v: object | string): string => (typeof v === "string" ? v : jsonText(v));

function* copyChunks(batch: PredictionLogRow[]): Generator<string> {
  for (let start = 0; start < batch.length; start += CHUNK_ROWS) {
    let text = "";
    for (const r of batch.slice(start, start + CHUNK_ROWS)) {
      text +=
        `${copyField(r.modelName)}\t${r.modelVersion}\t${copyField(asJson(r.input))}\t${copyField(r.label)}\t` +
        `${copyField(asJson(r.probabilities))}\t${r.requestedBy === null ? "\\N" : copyField(r.requestedBy)}\t` +
        `${r.createdAt.toISOString()}\n`;
    }
    yield text;
  }
}

interface Waiter {
  rows: number;
  resolve: (room: boolean) => void;
  timer: NodeJS.Timeout;
}

/**
 * Rows are appended to a buffer by `write` (synchronous, no I/O) and written by one writer at a time, every
 * `flushMs` or as soon as `batchSize` rows wait, as COPY FROM STDIN on a dedicated connection. Callers that can wait
 * (predict) call `waitForRoom` first: that is the backpressure which keeps every row while PostgreSQL is reachable.
 * Transient errors (connection, SQLSTATE 40/53/57) put the batch back and the writer retries with backoff; while
 * failing, the buffer keeps at most `maxBuffered` rows (oldest dropped, with a count in the log and in
 * gateway_prediction_log_rows_total{outcome="dropped"}). A batch the database refuses is split to find the bad rows.
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
  private waiters: Waiter[] = [];

  constructor(
    private readonly db: PredictionLogDb,
    private readonly log: Logger,
    private readonly opts: PredictionLogOptions,
  ) {}

  /** Rows waiting to be written. */
  get pending(): number {
    return this.buffer.length;
  }

  /** True when `rows` more fit in the buffer now (the fast path of predict: no wait). */
  hasRoom(rows: number): boolean {
    return this.buffer.length + rows <= this.opts.maxBuffered || this.buffer.length === 0;
  }

  /**
   * Wait until `rows` more fit in the buffer: true when they do (in time), false when the log is behind (the wait
   * hit maxWaitMs, or the database is failing so waiting would not help). The caller writes its rows either way.
   */
  waitForRoom(rows: number): Promise<boolean> {
    if (this.hasRoom(rows)) return Promise.resolve(true);
    if (this.failures > 0) {
      waitsCounter.inc({ outcome: "behind" });
      return Promise.resolve(false);
    }
    this.kickIfFull();
    return new Promise((resolve) => {
      const waiter: Waiter = {
        rows,
        resolve,
        timer: setTimeout(() => {
          this.waiters = this.waiters.filter((w) => w !== waiter);
          waitsCounter.inc({ outcome: "behind" });
          resolve(false);
        }, this.opts.maxWaitMs ?? 5000),
      };
      this.waiters.push(waiter);
    });
  }

  start(): void {
    if (this.timer) return;
    running.add(this);
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
    // While the database takes rows, backpressure bounds the buffer; the hard cap only guards memory.
    const bound = this.failures > 0 ? this.opts.maxBuffered : 2 * this.opts.maxBuffered;
    const over = this.buffer.length - bound;
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
    running.delete(this);
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
        this.wakeWaiters();
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

  /** Waiters whose rows fit now, first come first served. */
  private wakeWaiters(): void {
    let room = this.opts.maxBuffered - this.buffer.length;
    while (this.waiters.length && (this.waiters[0].rows <= room || this.buffer.length === 0)) {
      const w = this.waiters.shift()!;
      clearTimeout(w.timer);
      room -= w.rows;
      waitsCounter.inc({ outcome: "room" });
      w.resolve(true);
    }
  }

  /**
   * Write the rows buffered when it starts; rows queued meanwhile wait for the next run. A backlog goes out in
   * statements of up to STATEMENT_ROWS rows, in buffer order (ids follow prediction order).
   */
  private async drain(): Promise<void> {
    let remaining = this.buffer.length;
    const perStatement = Math.max(this.opts.batchSize, STATEMENT_ROWS);
    while (this.buffer.length && remaining > 0) {
      const batch = this.buffer.splice(0, Math.min(perStatement, remaining));
      remaining -= batch.length;
      try {
        await this.writeIsolatingBadRows(batch);
        this.settled += batch.length;
        if (this.failures) this.log.warn({ failures: this.failures }, "prediction log: writing again");
        this.failures = 0;
        this.retryAt = 0;
        this.wakeWaiters();
        this.reportDrops();
      } catch (err) {
        // Transient: put the batch back in front (keeping the bound) and try again later.
        this.buffer = batch.concat(this.buffer);
        retriesCounter.inc({ cause: retryCause(err) });
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
            "prediction log: the gateway database is unavailable; keeping predictions in memory and retrying",
          );
        // Waiting callers would only wait out their timeout: answer them now (the log is behind).
        for (const w of this.waiters.splice(0)) {
          clearTimeout(w.timer);
          waitsCounter.inc({ outcome: "behind" });
          w.resolve(false);
        }
        this.reportDrops();
        return;
      }
    }
  }

  /**
   * Write a batch; transient errors propagate (the caller retries the whole batch). When the database refuses the
   * rows themselves, the batch is halved until the refused rows are found: only those are dropped (and logged).
   */
  private async writeIsolatingBadRows(batch: PredictionLogRow[]): Promise<void> {
    try {
      await this.insert(batch);
      rowsCounter.inc({ outcome: "written" }, batch.length);
    } catch (err) {
      if (isTransientLogError(err)) throw err;
      if (batch.length === 1) {
        this.log.error(
          { rows: 1, model: batch[0].modelName, cause: describeCause(err) },
          "prediction log: a row was rejected by the database",
        );
        rowsCounter.inc({ outcome: "dropped" }, 1);
        return;
      }
      const half = Math.ceil(batch.length / 2);
      await this.writeIsolatingBadRows(batch.slice(0, half));
      await this.writeIsolatingBadRows(batch.slice(half));
    }
  }

  private async insert(batch: PredictionLogRow[]): Promise<void> {
    if (this.db.copyIn) return this.db.copyIn(COPY_SQL, copyChunks(batch));
    const rows = batch.map((r) => ({
      m: r.modelName,
      v: r.modelVersion,
      i: typeof r.input === "string" ? (JSON.parse(r.input) as unknown) : r.input,
      l: r.label,
      p: typeof r.probabilities === "string" ? (JSON.parse(r.probabilities) as unknown) : r.probabilities,
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
        "(the gateway database was unreachable, or far slower than the prediction rate)",
    );
    this.droppedSinceReport = 0;
    this.lastDropReport = now;
  }
}
