// A fixed-size pool of worker threads that run trials; a trial can be cancelled queued or running (its thread is
// terminated), a trial past its time limit is terminated, and closing stops them all.
import path from "node:path";
import { Worker } from "node:worker_threads";
import type { TrialSpec } from "./search";
import type { TrainingData, TrialOutcome } from "./trial";
import type { FromWorker, ToWorker } from "./worker-protocol";

/** A trial was cancelled (queued, or running: its thread was terminated). */
export class TrialCancelledError extends Error {
  constructor(readonly started = false) {
    super(started ? "cancelled while it was running" : "cancelled before it started");
    this.name = "TrialCancelledError";
  }
}

/** A trial ran past its time limit; its thread was terminated. */
export class TrialTimeoutError extends Error {
  constructor(readonly limitMs: number) {
    super(`stopped after ${limitMs} ms: the trial ran past TRIAL_TIMEOUT_MS`);
    this.name = "TrialTimeoutError";
  }
}

/** The pool was closed (gateway shutdown) while the trial was queued or running. */
export class PoolClosedError extends Error {
  constructor(readonly started: boolean) {
    super(
      started
        ? "interrupted: the gateway shut down while the trial was running"
        : "the gateway shut down before the trial started",
    );
    this.name = "PoolClosedError";
  }
}

interface Task {
  id: number;
  key: string;
  spec: TrialSpec;
  data: () => TrainingData;
  onStart: () => void;
  timeoutMs: number;
  timer?: NodeJS.Timeout;
  resolve: (o: TrialOutcome) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  task: Task | null;
}

export interface TrialHandle {
  promise: Promise<TrialOutcome>;
  /** Remove the trial, or terminate its thread when it runs; true when it had not ended. */
  cancel(): boolean;
}

export class TrialPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly size: number,
    private readonly file = path.join(__dirname, "worker.js"),
    /** 0: no limit. */
    private readonly timeoutMs = 0,
  ) {}

  /** Queue a trial. `data` is called only when a worker does not hold the dataset `key` yet. */
  run(key: string, spec: TrialSpec, data: () => TrainingData, onStart: () => void = () => {}): TrialHandle {
    let task!: Task;
    const promise = new Promise<TrialOutcome>((resolve, reject) => {
      task = { id: this.nextId++, key, spec, data, onStart, timeoutMs: this.timeoutMs, resolve, reject };
    });
    if (this.closed) task.reject(new PoolClosedError(false));
    else {
      this.queue.push(task);
      this.pump();
    }
    return {
      promise,
      cancel: () => {
        const i = this.queue.indexOf(task);
        if (i >= 0) {
          this.queue.splice(i, 1);
          task.reject(new TrialCancelledError(false));
          return true;
        }
        const slot = this.slots.find((s) => s.task === task);
        if (!slot) return false;
        this.kill(slot, new TrialCancelledError(true));
        return true;
      },
    };
  }

  /** Tell the workers a dataset is no longer needed. */
  forget(key: string): void {
    for (const s of this.slots) s.worker.postMessage({ type: "forget", key } satisfies ToWorker);
  }

  /** Trials queued or running. */
  get pending(): number {
    return this.queue.length + this.slots.filter((s) => s.task).length;
  }

  /** Reject queued and running trials, then stop every worker. */
  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.queue.splice(0)) t.reject(new PoolClosedError(false));
    const slots = this.slots.splice(0);
    for (const s of slots) {
      if (s.task) clearTimeout(s.task.timer);
      s.task?.reject(new PoolClosedError(true));
      s.task = null;
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
      slot.task = task;
      slot.worker.ref();
      if (task.timeoutMs > 0) {
        const running = slot;
        task.timer = setTimeout(
          () => this.kill(running, new TrialTimeoutError(task.timeoutMs)),
          task.timeoutMs,
        );
      }
      try {
        task.onStart();
      } catch {
        // a failing progress hook must not stop the trial
      }
      slot.worker.postMessage({
        type: "trial",
        taskId: task.id,
        key: task.key,
        spec: task.spec,
      } satisfies ToWorker);
    }
  }

  /** Stop a running trial: its thread is terminated (a new one is spawned for the next trial). */
  private kill(slot: Slot, err: Error): void {
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots.splice(i, 1);
    const task = slot.task;
    slot.task = null;
    if (task) clearTimeout(task.timer);
    void slot.worker.terminate();
    task?.reject(err);
    this.pump();
  }

  private spawn(): Slot {
    // A runaway trial runs out of its own heap instead of the process's.
    const worker = new Worker(this.file, { resourceLimits: { maxOldGenerationSizeMb: 1024 } });
    const slot: Slot = { worker, task: null };
    worker.on("message", (msg: FromWorker) => {
      const task = slot.task;
      if (!task || task.id !== msg.taskId) return;
      if (msg.type === "needData") {
        worker.postMessage({
          type: "trial",
          taskId: task.id,
          key: task.key,
          spec: task.spec,
          data: task.data(),
        } satisfies ToWorker);
        return;
      }
      slot.task = null;
      clearTimeout(task.timer);
      worker.unref();
      if (msg.type === "done") task.resolve(msg.outcome);
      else task.reject(new Error(msg.message));
      this.pump();
    });
    const lost = (why: string) => {
      const i = this.slots.indexOf(slot);
      if (i < 0) return;
      this.slots.splice(i, 1);
      if (slot.task) clearTimeout(slot.task.timer);
      slot.task?.reject(new Error(`the training worker stopped (${why})`));
      slot.task = null;
      this.pump();
    };
    worker.on("error", (err) => lost(err.message));
    worker.on("exit", (code) => lost(`exit code ${code}`));
    // Idle workers must not keep the process alive (a worker is ref'd while it runs a trial).
    worker.unref();
    this.slots.push(slot);
    return slot;
  }
}
