// Scores large predict requests on worker threads with a deadline, so the event loop (health checks, other
// requests, the training heartbeat) keeps answering while thousands of rows are scored.
import path from "node:path";
import { Worker } from "node:worker_threads";
import { GraphQLError } from "graphql";
import { limitExceeded, unavailable } from "../../errors";
import type { GatewayModelFile } from "../models/model-format";
import { flatPredictions, labelsOf, type ModelPrediction } from "../models/servable";
import type { LogJson } from "./log-text";
import { inputCount, type ScoringInput } from "./scoring-input";

/** What a model's predict answers: the rows as it read them (as the log keeps them), and their predictions. */
export interface Scored {
  /** Each row as the model read it (its input columns only); a worker sends `logText` instead. */
  rows?: Record<string, unknown>[];
  predictions: ModelPrediction[];
  /** Each row's label, when a worker scored them (then `predictions` is only built when it is read). */
  labels?: string[];
  /**
   * The log's compact JSON (migration 27), when a worker made it: the rows as columns, and the probabilities flat
   * in `classes` order.
   */
  logText?: { inputs: LogJson; probabilities: LogJson; classes: readonly string[] };
  /** The probabilities row-major in the model's class order as one flat JSON array text (the V2 answer's data),
   * when a worker made them. */
  probaJson?: string;
}

/**
 * A worker's answer, compact so that passing it back costs little: numbers, and the log's JSON made on the
 * worker as UTF-8, in transferred buffers.
 */
export interface ScoredOnWorker {
  /** Probabilities row-major in the model's class order. */
  proba: Float64Array;
  /** The rows as the model read them, as one JSON object of columns (UTF-8; the log's compact layout). */
  inputs: Uint8Array;
  /** `proba` as one flat JSON array (UTF-8), for the log. */
  probabilities: Uint8Array;
  /** `proba` as one flat JSON array text (when asked): the V2 answer's data, its numbers made text on the worker. */
  probaJson?: string;
}

/** How a scoring names its rows in errors, and whether its answer needs the flat probabilities' JSON text. */
export interface ScoringOptions {
  /** How error messages name the rows ("inputs" for predict, "row" for the inference protocol). */
  field?: string;
  /** Also answer the probabilities as one flat JSON array text (the inference protocol's answer needs it). */
  probaJson?: boolean;
}

export interface ToScorer extends ScoringOptions {
  id: number;
  key: string;
  /** Sent only when the worker does not hold the model yet (it answers needModel). */
  file?: GatewayModelFile;
  /** The rows, or (from the inference protocol) their columns, which cost less to pass to a worker. */
  input: ScoringInput;
}

export type FromScorer =
  | { id: number; needModel: true }
  | { id: number; result: ScoredOnWorker }
  | { id: number; error: { message: string; extensions?: Record<string, unknown> } };

/** A request caught by shutdown: UNAVAILABLE (503) for the caller to retry elsewhere, not an internal error. */
const shuttingDown = () => unavailable("the gateway is shutting down: retry on another instance");

/** The scoring thread's young generation in MiB (about V8's default; see spawn). */
const SCORING_YOUNG_GENERATION_MB = 48;

/** A scoring that takes longer is abandoned (its worker replaced): no request holds a worker forever. */
export const SCORING_DEADLINE_MS = 60_000;

interface Task {
  id: number;
  key: string;
  file: GatewayModelFile;
  input: ScoringInput;
  opts: ScoringOptions;
  resolve: (result: Scored) => void;
  reject: (err: Error) => void;
}

interface Slot {
  worker: Worker;
  task: Task | null;
  timer?: NodeJS.Timeout;
}

export class ScoringPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private nextId = 1;
  private closed = false;
  /** Scorings finished on a worker (tests and metrics read it). */
  completed = 0;

  constructor(
    private readonly size: number,
    private readonly deadlineMs = SCORING_DEADLINE_MS,
    private readonly file = path.join(__dirname, "scoring-worker.js"),
  ) {}

  /** The model `key`'s predict of the rows (the worker builds the model from `file` when it does not hold it). */
  predict(
    key: string,
    file: GatewayModelFile,
    input: ScoringInput,
    opts: ScoringOptions = {},
  ): Promise<Scored> {
    return new Promise((resolve, reject) => {
      if (this.closed) return reject(shuttingDown());
      this.queue.push({ id: this.nextId++, key, file, input, opts, resolve, reject });
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.queue.splice(0)) t.reject(shuttingDown());
    const slots = this.slots.splice(0);
    for (const s of slots) {
      clearTimeout(s.timer);
      s.task?.reject(shuttingDown());
    }
    await Promise.allSettled(slots.map((s) => s.worker.terminate()));
  }

  private pump(): void {
    while (this.queue.length && !this.closed) {
      let slot = this.slots.find((s) => !s.task);
      if (!slot) {
        if (this.slots.length >= this.size) return;
        slot = this.spawn();
      }
      const task = this.queue.shift()!;
      this.assign(slot, task);
    }
  }

  private assign(slot: Slot, task: Task): void {
    slot.task = task;
    slot.worker.ref();
    slot.timer = setTimeout(() => this.abandon(slot), this.deadlineMs);
    slot.worker.postMessage({
      id: task.id,
      key: task.key,
      input: task.input,
      ...task.opts,
    } satisfies ToScorer);
  }

  private finish(slot: Slot): Task | null {
    const task = slot.task;
    clearTimeout(slot.timer);
    slot.task = null;
    slot.worker.unref();
    return task;
  }

  /** Past the deadline: replace the worker (it may be stuck in one huge scoring) and refuse the request. */
  private abandon(slot: Slot): void {
    const task = this.finish(slot);
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots.splice(i, 1);
    void slot.worker.terminate();
    task?.reject(
      limitExceeded(
        `scoring took longer than ${this.deadlineMs / 1000} s and was stopped: send fewer rows per request`,
        "PREDICT_MAX_ROWS",
        inputCount(task.input),
      ),
    );
    this.pump();
  }

  private spawn(): Slot {
    // V8's young-generation flag (npm start's --max-semi-space-size) applies to every thread: the scoring thread
    // keeps about V8's default size instead, enough for one request's rows at a time.
    const worker = new Worker(this.file, {
      resourceLimits: { maxYoungGenerationSizeMb: SCORING_YOUNG_GENERATION_MB },
    });
    worker.unref();
    const slot: Slot = { worker, task: null };
    worker.on("message", (msg: FromScorer) => {
      const task = slot.task;
      if (!task || task.id !== msg.id) return;
      if ("needModel" in msg) {
        worker.postMessage({
          id: task.id,
          key: task.key,
          file: task.file,
          input: task.input,
          ...task.opts,
        } satisfies ToScorer);
        return;
      }
      this.finish(slot);
      if ("error" in msg) {
        task.reject(
          msg.error.extensions?.code
            ? new GraphQLError(msg.error.message, { extensions: msg.error.extensions })
            : new Error(msg.error.message),
        );
      } else {
        this.completed++;
        const { proba, inputs, probabilities, probaJson } = msg.result;
        const { classes } = task.file;
        // The inference protocol answers from labels and the flat probabilities: prediction objects are built
        // only for predict, which reads them.
        let predictions: ModelPrediction[] | undefined;
        const labels = labelsOf(classes, proba);
        task.resolve({
          labels,
          get predictions() {
            return (predictions ??= flatPredictions(classes, proba, labels));
          },
          logText: { inputs, probabilities, classes },
          probaJson,
        });
      }
      this.pump();
    });
    worker.on("error", (err) => {
      const task = this.finish(slot);
      const i = this.slots.indexOf(slot);
      if (i >= 0) this.slots.splice(i, 1);
      task?.reject(err);
      this.pump();
    });
    this.slots.push(slot);
    return slot;
  }
}
