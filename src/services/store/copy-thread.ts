// GatewayDb.copyIn's thread: COPY FROM STDIN runs on a worker that owns the connection. The chunks are handed
// over, not copied, when each has a buffer of its own (the prediction log's 1,000-row chunks do).
import path from "node:path";
import { Worker } from "node:worker_threads";

export type ToCopyWorker = { id: number; sql: string; chunks: Uint8Array[] } | { id: number; close: true };

export type FromCopyWorker =
  | { id: number; error?: undefined }
  | {
      id: number;
      /** The failure as seen on the worker: its message, SQLSTATE, whether the connection failed, and a summary. */
      error: { message: string; code?: string; connection: boolean; cause: string };
    };

/** A COPY failure as the worker reported it: `code` is the SQLSTATE, `connection` a failed connection. */
export class CopyFailure extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly connection: boolean,
    readonly summary: string,
  ) {
    super(message);
  }
}

/** The COPY thread's young generation (V8's flags, such as --max-semi-space-size, apply to every thread). */
const COPY_YOUNG_GENERATION_MB = 8;

interface Pending {
  resolve: () => void;
  reject: (err: Error) => void;
}

export class CopyThread {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(
    private readonly url: string,
    private readonly timeoutMs: number,
    private readonly file = path.join(__dirname, "copy-worker.js"),
  ) {}

  /** COPY `sql` of the chunks (COPY text). Resolves when PostgreSQL has them; rejects with a CopyFailure. */
  copy(sql: string, chunks: Iterable<string | Uint8Array>): Promise<void> {
    const list = Array.from(chunks, (c) => (typeof c === "string" ? Buffer.from(c) : c));
    // A buffer that is a slice of a shared pool (Node's small Buffers) is copied; one of its own is moved.
    const transfer = list
      .filter((c) => c.byteOffset === 0 && c.byteLength === c.buffer.byteLength)
      .map((c) => c.buffer as ArrayBuffer);
    return this.send({ id: this.nextId++, sql, chunks: list }, [...new Set(transfer)]);
  }

  /** Close the connection and stop the thread. */
  async close(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    await this.send({ id: this.nextId++, close: true }).catch(() => {});
    this.worker = null;
    await worker.terminate();
  }

  private send(msg: ToCopyWorker, transfer: ArrayBuffer[] = []): Promise<void> {
    const worker = (this.worker ??= this.spawn());
    return new Promise<void>((resolve, reject) => {
      this.pending.set(msg.id, { resolve, reject });
      // A thread with work keeps the process alive until it answers; an idle one does not.
      worker.ref();
      worker.postMessage(msg, transfer);
    });
  }

  private spawn(): Worker {
    const worker = new Worker(this.file, {
      workerData: { url: this.url, timeoutMs: this.timeoutMs },
      // Its chunks live outside the JS heap: a small young generation, whatever npm start's flag gives the rest.
      resourceLimits: { maxYoungGenerationSizeMb: COPY_YOUNG_GENERATION_MB },
    });
    worker.unref();
    worker.on("message", (msg: FromCopyWorker) => {
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (!this.pending.size) worker.unref();
      if (msg.error) {
        const e = msg.error;
        p.reject(new CopyFailure(e.message, e.code, e.connection, e.cause));
      } else p.resolve();
    });
    // The thread died (out of memory, a bug): fail what it held; the next copy starts a new one.
    worker.on("error", (err) => this.fail(worker, err));
    worker.on("exit", () => this.fail(worker, new Error("the COPY thread stopped")));
    return worker;
  }

  private fail(worker: Worker, err: Error): void {
    if (this.worker !== worker) return;
    this.worker = null;
    for (const p of this.pending.values())
      p.reject(new CopyFailure(err.message, undefined, true, err.message));
    this.pending.clear();
  }
}
