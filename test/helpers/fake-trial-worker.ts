// A stand-in for the training worker (dist/src/services/training/worker.js) that speaks the same protocol, so the
// trial pool's scheduling can be tested without training anything. A trial's params say what it does:
// sleepMs (wait first), fail (answer "failed" with this message), exit (end the thread with this code).
import { parentPort } from "node:worker_threads";
import type { FromWorker, ToWorker } from "../../src/services/training/worker-protocol";

const port = parentPort!;
const held = new Map<string, unknown>();
let dataReceived = 0;

port.on("message", (msg: ToWorker) => {
  if (msg.type === "forget") {
    held.delete(msg.key);
    return;
  }
  if (msg.data) {
    held.set(msg.key, msg.data);
    dataReceived++;
  }
  if (!held.has(msg.key)) {
    port.postMessage({ type: "needData", taskId: msg.taskId } satisfies FromWorker);
    return;
  }
  const p = msg.spec.params as { sleepMs?: number; fail?: string; exit?: number };
  setTimeout(() => {
    if (p.exit !== undefined) process.exit(p.exit);
    const reply: FromWorker = p.fail
      ? { type: "failed", taskId: msg.taskId, message: p.fail }
      : {
          type: "done",
          taskId: msg.taskId,
          // metrics carry what the test checks: which trial ran, and how often this worker was sent data
          outcome: { metrics: { taskId: msg.taskId, dataReceived }, model: null as never, seconds: 0 },
        };
    port.postMessage(reply);
  }, p.sleepMs ?? 0);
});
