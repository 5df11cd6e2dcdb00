// The end of a training job, once no trial is open: pick the best, tag the parent run, register and promote when
// asked, and record the job's final state. Runs as a queue job, so a stalled process's conclusion is retried and the
// stalled one, having lost ownership of the job, registers and promotes nothing.
import type { Logger } from "pino";
import { describeCause, isGatewayError } from "../../errors";
import type { MlflowClient } from "../mlflow/client";
import { registerLoggedModel, registerRunModel } from "../mlflow/registration";
import type { MlflowRunStatus } from "../mlflow/types";
import { MODEL_DIR } from "../models/mlmodel";
import type { PromotionService } from "../promotion/service";
import type { JobRecord, JobStore } from "./job-store";
import type { MetricName } from "./metrics";
import { MLFLOW_CONCURRENCY, mapLimit, RunCloser } from "./runs";
import { pickBest } from "./search";

export interface ConcludeDeps {
  store: JobStore;
  mlflow: MlflowClient;
  promotion: PromotionService;
  runs: RunCloser;
  log: Logger;
  /** This process, as job and trial owner. */
  owner: string;
}

/** The parts of trainGrid's input the conclusion reads back from the job row. */
interface StoredInput {
  rankBy: MetricName;
  registerAs?: string | null;
  promoteTo?: string | null;
  requireBetter?: { metric: string; higherIsBetter: boolean } | null;
}

export type JobOutcome = {
  status: "SUCCEEDED" | "FAILED" | "CANCELLED";
  error?: string;
  trialReason?: string;
};

/** Lost ownership of the job while concluding it: stop, write nothing more. */
class LostJobError extends Error {}

export class JobConcluder {
  constructor(private readonly deps: ConcludeDeps) {}

  async conclude(jobId: string): Promise<void> {
    const { store, mlflow, owner } = this.deps;
    if (!(await store.claimJob(jobId, owner))) return; // ended already (a duplicate conclusion)
    const record = (await store.get(jobId))!;
    if (record.status === "CANCELLED") {
      await this.endJob(record, { status: "CANCELLED", trialReason: "cancelled before it started" });
      return;
    }
    const request = record.input as unknown as StoredInput;
    const rankBy = request.rankBy;
    const best = pickBest(record.trials, rankBy);
    if (!best) {
      const first = record.trials.find((t) => t.error)?.error ?? "no trial finished";
      await this.endJob(record, { status: "FAILED", error: `every trial failed; the first error: ${first}` });
      return;
    }
    const parentRunId = record.parentRunId!;
    const mine = async () => {
      if (!(await store.ownsJob(jobId, owner))) throw new LostJobError();
    };
    try {
      await store.setBest(jobId, best.index);
      const key = `cv_${rankBy}_mean`;
      const now = Date.now();
      await mlflow.logBatch(parentRunId, {
        metrics: [
          { key: `best_${key}`, value: best.metrics[key], timestamp: now, step: 0 },
          ...Object.entries(best.metrics)
            .filter(([k]) => k.startsWith("test_"))
            .map(([k, value]) => ({ key: `best_${k}`, value, timestamp: now, step: 0 })),
        ],
        tags: [
          { key: "gateway.best_trial_run_id", value: best.runId! },
          { key: "gateway.best_trial_index", value: String(best.index) },
          { key: "gateway.best_algorithm", value: best.algorithm },
          { key: "gateway.best_score", value: `${key}=${best.metrics[key]}` },
        ],
      });
      if (request.registerAs) {
        await mine();
        const modelId = (await mlflow.getRun(best.runId!))?.outputs?.model_outputs?.[0]?.model_id;
        const registration = {
          name: request.registerAs,
          tags: [
            { key: "gateway.job_id", value: jobId },
            { key: "gateway.rank_by", value: `${key}=${best.metrics[key]}` },
          ],
          description: `trainGrid job ${jobId}: best of ${record.total} trials by ${key}`,
        };
        // From the trial's LoggedModel, so the version carries its model_id (the run layout is the fallback).
        const mv = modelId
          ? await registerLoggedModel(mlflow, { ...registration, modelId, sourceRunId: best.runId! })
          : await registerRunModel(mlflow, { ...registration, runId: best.runId!, artifactPath: MODEL_DIR });
        await store.setModelVersion(jobId, mv.name, Number(mv.version));
        await mlflow.setTag(parentRunId, "gateway.model_version", `${mv.name}/${mv.version}`);
        if (request.promoteTo) {
          await mine();
          const promotion = await this.deps.promotion.promote(
            {
              name: mv.name,
              version: Number(mv.version),
              alias: request.promoteTo,
              stage: null,
              archiveExisting: false,
              requireBetter: request.requireBetter ?? null,
            },
            record.createdBy,
          );
          await mlflow.setTag(parentRunId, "gateway.promotion", promotion.reason.slice(0, 5000));
        }
      }
    } catch (err) {
      if (err instanceof LostJobError) {
        this.deps.log.warn({ jobId }, "another process took over concluding this job; stopping");
        return;
      }
      const why = isGatewayError(err) ? err.message : describeCause(err);
      const what = request.registerAs
        ? "registering or promoting the best model failed"
        : "recording the best trial failed";
      await this.endJob(record, { status: "FAILED", error: `${what}: ${why}` });
      return;
    }
    await this.endJob(record, { status: "SUCCEEDED" });
  }

  /** The job's final state in the database and on its parent run (FINISHED, FAILED with the error, or KILLED). */
  async endJob(job: JobRecord, outcome: JobOutcome): Promise<void> {
    const { store, runs } = this.deps;
    // Whatever happened, no trial stays SCHEDULED or RUNNING.
    const reason = outcome.trialReason ?? outcome.error ?? "the job ended before the trial started";
    const open = await store.endOpenTrials(job.id, "KILLED", reason);
    await mapLimit(open, MLFLOW_CONCURRENCY, async (t) => {
      if (t.runId) await runs.close(t.runId, "KILLED", reason);
    });
    const status: MlflowRunStatus =
      outcome.status === "SUCCEEDED" ? "FINISHED" : outcome.status === "CANCELLED" ? "KILLED" : "FAILED";
    // The parent run first: whoever waits for the job (trainGrid with wait, a subscription) reads the runs as soon
    // as the job row says it ended, and must find them closed.
    if (job.parentRunId) await runs.close(job.parentRunId, status, outcome.error ?? "", true);
    await store.finish(job.id, { status: outcome.status, error: outcome.error ?? null });
  }
}
