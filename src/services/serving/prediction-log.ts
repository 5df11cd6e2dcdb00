// The prediction log: a bounded in-memory buffer written to the gateway database off the request path, by COPY.
import type { Logger } from "pino";
import { Counter, Gauge } from "prom-client";
import { describeCause, ErrorCode, errorCode } from "../../errors";
import { requestScope } from "../../logger";
import { registry } from "../../metrics";
import type { GatewayDb } from "../store/db";
import { jsonText, type LogJson, logJsonText, NUL } from "./log-text";

/** One predict or infer call's predictions: one row of the log (prediction_requests). */
export interface PredictionLogRequest {
  modelName: string;
  modelVersion: number;
  /**
   * Each row as the model saw it (its input columns only): a JSON object of columns (inputColumnsText; migration 27's
   * compact layout) or a JSON array of row objects (jsonText); text, or a worker's UTF-8 bytes.
   */
  inputs: LogJson;
  /** Each row's label, in row order (their number is the request's row count). */
  labels: string[];
  /**
   * With `classes`: every row's probabilities as one flat JSON array of numbers, row-major in the classes' order
   * (the compact layout). Without: a JSON array of each row's labelled probabilities.
   */
  probabilities: LogJson;
  /** The class labels the flat probabilities follow, or null for labelled probabilities. */
  classes: readonly string[] | null;
  requestedBy: string | null;
  createdAt: Date;
}

export interface PredictionLogOptions {
  flushMs: number;
  batchSize: number;
  /**
   * Rows (predictions, not requests) the buffer holds. While the database is reachable, `waitForRoom` makes callers wait when it is full and
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

/**
 * A JSON text (JSON.stringify's, so no raw control character: they are written as escapes) as a COPY field: only
 * its backslashes need doubling, found by a plain search rather than the regular expression over every character.
 */
function copyJson(s: string): string {
  return s.includes("\\") ? s.replaceAll("\\", "\\\\") : s;
}

const BACKSLASH = 0x5c;

/** copyJson for UTF-8 bytes (a backslash byte is never part of a longer UTF-8 sequence, so bytes can be doubled). */
export function copyJsonBytes(bytes: Uint8Array): Uint8Array {
  // A Buffer view of the same memory: Buffer's indexOf is a native byte search, about 25 times as fast as
  // Uint8Array's over a 1,000-row request's 130 KB.
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = b.indexOf(BACKSLASH);
  if (at < 0) return bytes;
  let n = 0;
  for (let i = at; i < b.length; i++) if (b[i] === BACKSLASH) n++;
  const out = new Uint8Array(b.length + n);
  let o = 0;
  let from = 0;
  while (at >= 0) {
    out.set(b.subarray(from, at + 1), o);
    o += at + 1 - from;
    out[o++] = BACKSLASH;
    from = at + 1;
    at = b.indexOf(BACKSLASH, from);
  }
  out.set(b.subarray(from), o);
  return out;
}

const COLUMNS =
  "model_name, model_version, row_count, inputs, labels, probabilities, requested_by, created_at, classes";
const COPY_SQL = `COPY prediction_requests (${COLUMNS}) FROM STDIN`;
// The fallback without COPY: the whole batch travels as one JSON array parameter, split into rows by PostgreSQL.
const INSERT = `
  INSERT INTO prediction_requests (${COLUMNS})
  SELECT x.m, x.v, x.n, x.i, x.l, x.p, x.r, x.t, x.c
  FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(row, o),
       jsonb_to_record(e.row) AS x(m text, v integer, n integer, i json, l text[], p json, r text, t timestamptz,
                                   c text[])
  ORDER BY e.o`;

/** A text[] literal's element: quoted, with backslash and double quote escaped (COPY's escaping comes on top). */
const arrayElement = (s: string) => `"${s.replace(/["\\]/g, "\\$&")}"`;

const DROP_REPORT_MS = 10_000;
/** Predictions per COPY when a backlog has built up: large enough that round trips don't matter, small enough to wake waiters often. */
const STATEMENT_ROWS = 20_000;

/** Errors worth retrying: the database unreachable, or SQLSTATE classes 08, 40 (rollback), 53 (resources), 57 (operator). */
export function isTransientLogError(err: unknown): boolean {
  if (errorCode(err) === ErrorCode.UPSTREAM_UNAVAILABLE) return true;
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^(08|40|53|57)[0-9A-Z]{3}$/.test(code);
}

/** Requests per chunk handed to the COPY stream (a 1,000-row request is about 110 KB of text). */
const CHUNK_REQUESTS = 8;

/**
 * The batch as COPY text, a few requests per chunk. A worker's JSON is UTF-8 already and goes in as it is
 * (backslashes doubled); text is encoded here.
 */
export function* copyChunks(batch: PredictionLogRequest[]): Generator<Buffer> {
  // Labels repeat (a few classes): each one's array element is made once per batch.
  const elements = new Map<string, string>();
  const element = (label: string) => {
    let e = elements.get(label);
    if (e === undefined) elements.set(label, (e = arrayElement(label)));
    return e;
  };
  for (let start = 0; start < batch.length; start += CHUNK_REQUESTS) {
    const parts: Uint8Array[] = [];
    let text = "";
    const json = (j: LogJson) => {
      if (typeof j === "string") return void (text += copyJson(j));
      parts.push(Buffer.from(text), copyJsonBytes(j));
      text = "";
    };
    for (const r of batch.slice(start, start + CHUNK_REQUESTS)) {
      let labels = "{";
      for (let i = 0; i < r.labels.length; i++) labels += (i ? "," : "") + element(r.labels[i]);
      text += `${copyField(r.modelName)}\t${r.modelVersion}\t${r.labels.length}\t`;
      json(r.inputs);
      text += `\t${copyField(labels)}}\t`;
      json(r.probabilities);
      text += `\t${r.requestedBy === null ? "\\N" : copyField(r.requestedBy)}\t${r.createdAt.toISOString()}\t`;
      text += r.classes === null ? "\\N\n" : `${copyField(`{${r.classes.map(element).join(",")}}`)}\n`;
    }
    parts.push(Buffer.from(text));
    yield Buffer.concat(parts);
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
  /** Requests waiting to be written, oldest first, and the predictions (rows) they hold. */
  private buffer: PredictionLogRequest[] = [];
  private bufferedRows = 0;
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
    return this.bufferedRows;
  }

  /** True when `rows` more fit in the buffer now (the fast path of predict: no wait). */
  hasRoom(rows: number): boolean {
    return this.bufferedRows + rows <= this.opts.maxBuffered || this.bufferedRows === 0;
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

  /** Queue a request's predictions; never waits and never throws. */
  write(request: PredictionLogRequest): void {
    const rows = request.labels.length;
    if (!rows) return;
    this.buffer.push(request);
    this.bufferedRows += rows;
    this.enqueued += rows;
    // While the database takes rows, backpressure bounds the buffer; the hard cap only guards memory.
    const bound = this.failures > 0 ? this.opts.maxBuffered : 2 * this.opts.maxBuffered;
    if (this.bufferedRows > bound) this.drop(this.bufferedRows - bound);
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
          { lost: this.bufferedRows },
          "prediction log: the gateway database stayed unreachable during shutdown; these predictions were not logged",
        );
        rowsCounter.inc({ outcome: "dropped" }, this.bufferedRows);
        this.settled += this.bufferedRows;
        this.buffer = [];
        this.bufferedRows = 0;
        this.wakeWaiters();
        return this.reportDrops(true);
      }
      await new Promise((r) => setTimeout(r, Math.min(2000, 100 * 2 ** attempt)));
    }
  }

  /** A full batch is written at once rather than at the next timer tick. */
  private kickIfFull(): void {
    if (this.bufferedRows < this.opts.batchSize || this.inflight || this.kickScheduled) return;
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
    let room = this.opts.maxBuffered - this.bufferedRows;
    while (this.waiters.length && (this.waiters[0].rows <= room || this.bufferedRows === 0)) {
      const w = this.waiters.shift()!;
      clearTimeout(w.timer);
      room -= w.rows;
      waitsCounter.inc({ outcome: "room" });
      w.resolve(true);
    }
  }

  /**
   * Write the requests buffered when it starts; requests queued meanwhile wait for the next run. A backlog goes out
   * in statements of about STATEMENT_ROWS predictions, in buffer order (ids follow prediction order).
   */
  private async drain(): Promise<void> {
    let remaining = this.buffer.length;
    const perStatement = Math.max(this.opts.batchSize, STATEMENT_ROWS);
    while (this.buffer.length && remaining > 0) {
      let take = 0;
      let rows = 0;
      while (take < remaining && (take === 0 || rows + this.buffer[take].labels.length <= perStatement))
        rows += this.buffer[take++].labels.length;
      const batch = this.buffer.splice(0, take);
      this.bufferedRows -= rows;
      remaining -= take;
      try {
        await this.writeIsolatingBadRequests(batch);
        this.settled += rows;
        if (this.failures) this.log.warn({ failures: this.failures }, "prediction log: writing again");
        this.failures = 0;
        this.retryAt = 0;
        this.wakeWaiters();
        this.reportDrops();
      } catch (err) {
        // Transient: put the batch back in front (keeping the bound) and try again later.
        this.buffer = batch.concat(this.buffer);
        this.bufferedRows += rows;
        retriesCounter.inc({ cause: retryCause(err) });
        const over = this.bufferedRows - this.opts.maxBuffered;
        if (over > 0) this.drop(over);
        this.failures++;
        const backoff = Math.min(30_000, this.opts.flushMs * 2 ** Math.min(this.failures, 10));
        this.retryAt = Date.now() + backoff;
        if (this.failures === 1 || this.failures % 10 === 0)
          this.log.warn(
            {
              buffered: this.bufferedRows,
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
   * requests themselves, the batch is halved until the refused requests are found: only those are dropped (and
   * logged).
   */
  private async writeIsolatingBadRequests(batch: PredictionLogRequest[]): Promise<void> {
    try {
      await this.insert(batch);
      rowsCounter.inc({ outcome: "written" }, rowsIn(batch));
    } catch (err) {
      if (isTransientLogError(err)) throw err;
      if (batch.length === 1) {
        this.log.error(
          { rows: batch[0].labels.length, model: batch[0].modelName, cause: describeCause(err) },
          "prediction log: a request's predictions were rejected by the database",
        );
        rowsCounter.inc({ outcome: "dropped" }, batch[0].labels.length);
        return;
      }
      const half = Math.ceil(batch.length / 2);
      await this.writeIsolatingBadRequests(batch.slice(0, half));
      await this.writeIsolatingBadRequests(batch.slice(half));
    }
  }

  private async insert(batch: PredictionLogRequest[]): Promise<void> {
    if (this.db.copyIn) return this.db.copyIn(COPY_SQL, copyChunks(batch));
    // The requests' JSON goes in as text inside the batch's JSON (jsonb_to_record reads it back as json).
    const rows = batch.map(
      (r) =>
        `{"m":${jsonText(r.modelName)},"v":${r.modelVersion},"n":${r.labels.length},"i":${logJsonText(r.inputs)},` +
        `"l":${jsonText(r.labels)},"p":${logJsonText(r.probabilities)},"r":${jsonText(r.requestedBy)},` +
        `"t":${jsonText(r.createdAt)},"c":${jsonText(r.classes)}}`,
    );
    await this.db.query(INSERT, [`[${rows.join(",")}]`]);
  }

  /** Drop the oldest requests until at least `count` predictions are gone (whole requests: a log row is one). */
  private drop(count: number): void {
    let take = 0;
    let rows = 0;
    while (take < this.buffer.length && rows < count) rows += this.buffer[take++].labels.length;
    this.buffer.splice(0, take);
    this.bufferedRows -= rows;
    this.settled += rows;
    this.droppedSinceReport += rows;
    rowsCounter.inc({ outcome: "dropped" }, rows);
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

const rowsIn = (batch: PredictionLogRequest[]) => batch.reduce((n, r) => n + r.labels.length, 0);
