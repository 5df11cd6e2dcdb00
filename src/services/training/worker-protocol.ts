// Messages between the training service's pool and its worker threads.
import type { TrialSpec } from "./search";
import type { TrainingData, TrialOutcome } from "./trial";

export type ToWorker =
  /** Run a trial on the dataset `key`; `data` is sent only when the worker asked for it. */
  | { type: "trial"; taskId: number; key: string; spec: TrialSpec; data?: TrainingData }
  /** The job is over: drop its dataset. */
  | { type: "forget"; key: string };

export type FromWorker =
  | { type: "needData"; taskId: number }
  | { type: "done"; taskId: number; outcome: TrialOutcome }
  | { type: "failed"; taskId: number; message: string };
