// Worker thread entry (compiled to dist/src/services/training/worker.js): runs trials for the pool, pure compute.
import { parentPort } from "node:worker_threads";
import { runTrial, TrainingData } from "./trial";
import type { FromWorker, ToWorker } from "./worker-protocol";

/** Datasets by job id; a worker keeps the few most recent ones (jobs share the pool). */
const datasets = new Map<string, TrainingData>();
const KEEP = 4;

const port = parentPort;
if (!port) throw new Error("worker.js runs as a worker thread of the training service");

port.on("message", (msg: ToWorker) => {
  if (msg.type === "forget") {
    datasets.delete(msg.key);
    return;
  }
  if (msg.data) {
    datasets.delete(msg.key);
    datasets.set(msg.key, msg.data);
    while (datasets.size > KEEP) datasets.delete(datasets.keys().next().value!);
  }
  const data = datasets.get(msg.key);
  if (!data) {
    port.postMessage({ type: "needData", taskId: msg.taskId } satisfies FromWorker);
    return;
  }
  let reply: FromWorker;
  try {
    reply = { type: "done", taskId: msg.taskId, outcome: runTrial(data, msg.spec) };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    reply = { type: "failed", taskId: msg.taskId, message: message.split("\n")[0].slice(0, 1000) };
  }
  port.postMessage(reply);
});
