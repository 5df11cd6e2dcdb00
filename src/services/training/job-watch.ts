// trainingJobUpdated's stream: a job's state now and after each change, read from its rows, until it has ended.
import { Repeater } from "@graphql-yoga/subscription";
import { notFound } from "../../errors";
import type { EventBus } from "../events/bus";
import { jobTopic } from "../events/topics";
import type { JobRecord, JobStore } from "./job-store";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The job now, then again after every change published by any process (JobStore's onChange), ending with the
 * event that has a final status and finishedAt. Every event is read from the database, the one source of truth,
 * so `completed` never goes backwards; changes that commit between two reads arrive as one event. NOT_FOUND
 * before anything is streamed when there is no such job.
 */
export async function watchJob(
  store: JobStore,
  events: EventBus,
  id: string,
): Promise<AsyncIterableIterator<JobRecord>> {
  const unknown = () =>
    notFound(`training job ${JSON.stringify(id)} does not exist: trainingJobs lists the jobs`, {
      field: "id",
    });
  if (!UUID.test(id)) throw unknown();
  // Listen before the first read, so that no change falls between the read and the subscription.
  let changed = false;
  let wake: () => void = () => (changed = true);
  const stopListening = events.listen(jobTopic(id), () => wake());
  const stopResync = events.onReconnect(() => wake());
  const unlisten = () => {
    stopListening();
    stopResync();
  };
  let first: JobRecord | null;
  try {
    first = await store.get(id);
  } catch (err) {
    unlisten();
    throw err;
  }
  if (!first) {
    unlisten();
    throw unknown();
  }
  const initial = first;
  return new Repeater<JobRecord>(async (push, stop) => {
    let last = "";
    let done = false;
    const emit = async (job: JobRecord | null) => {
      if (done || !job) return;
      const print = fingerprint(job);
      if (print !== last) {
        last = print;
        await push(job);
      }
      if (isOver(job)) {
        done = true;
        stop();
      }
    };
    // Reads run one after the other, so events leave in the order of the reads.
    let reading = emit(initial);
    wake = () => {
      // A failed read (the database briefly unreachable) ends nothing: the next change or reconnect reads again,
      // where ending the stream would close the client's whole connection.
      reading = reading.then(() => (done ? null : store.get(id))).then(emit, () => {});
    };
    // A change published before the consumer started reading: read it now.
    if (changed) wake();
    await stop;
    unlisten();
  });
}

/** What a subscriber can tell apart: an event is sent only when this differs from the last one sent. */
function fingerprint(job: JobRecord): string {
  return JSON.stringify([
    job.status,
    job.completed,
    job.finishedAt?.getTime() ?? null,
    job.bestIndex,
    job.modelVersion,
    job.trials.map((t) => [t.status, t.runId]),
  ]);
}

/** A job whose status is final and whose end has been recorded (a cancelled job's running trials finish first). */
const isOver = (job: JobRecord) =>
  (job.status === "SUCCEEDED" || job.status === "FAILED" || job.status === "CANCELLED") &&
  job.finishedAt !== null;
