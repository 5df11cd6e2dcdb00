// MLflow runs of training jobs: creating a trial's run, and closing runs (one routine, retried while MLflow is down).
import type { Logger } from "pino";
import { ErrorCode, errorCode } from "../../errors";
import type { MlflowClient } from "../mlflow/client";
import type { KeyValue, MlflowDatasetInput, MlflowRunStatus } from "../mlflow/types";
import type { TrialSpec } from "./search";

export const SOURCE_TAGS: KeyValue[] = [
  { key: "mlflow.source.name", value: "mlops-graphql-gateway trainGrid" },
  { key: "mlflow.source.type", value: "JOB" },
];
export const ERROR_TAG = "gateway.error";
export const MLFLOW_CONCURRENCY = 8;

/** A trial's nested run with its params and dataset input, SCHEDULED until a worker takes the trial. */
export async function createTrialRun(
  mlflow: MlflowClient,
  t: {
    experimentId: string;
    parentRunId: string;
    jobId: string;
    index: number;
    spec: TrialSpec;
    createdBy: string | null;
    input: MlflowDatasetInput;
    attempt?: number;
    /** TPE: the params are logged once the model has chosen them (MLflow params cannot change). */
    paramsLater?: boolean;
  },
): Promise<{ runId: string; artifactUri: string }> {
  const run = await mlflow.createRun({
    experimentId: t.experimentId,
    runName: `${t.spec.algorithm.toLowerCase()}-${t.index}${t.attempt && t.attempt > 1 ? `-attempt${t.attempt}` : ""}`,
    tags: [
      { key: "mlflow.parentRunId", value: t.parentRunId },
      { key: "gateway.job_id", value: t.jobId },
      { key: "gateway.trial_index", value: String(t.index) },
      { key: "gateway.algorithm", value: t.spec.algorithm },
      ...(t.createdBy ? [{ key: "mlflow.user", value: t.createdBy }] : []),
      ...SOURCE_TAGS,
    ],
  });
  const runId = run.info.run_id;
  if (!t.paramsLater) await logTrialParams(mlflow, runId, t.spec);
  await mlflow.logInputs(runId, [t.input]);
  await mlflow.updateRun(runId, "SCHEDULED");
  return { runId, artifactUri: run.info.artifact_uri ?? "" };
}

export async function logTrialParams(mlflow: MlflowClient, runId: string, spec: TrialSpec): Promise<void> {
  await mlflow.logBatch(runId, {
    params: [
      { key: "algorithm", value: spec.algorithm },
      ...Object.entries(spec.params).map(([key, v]) => ({ key, value: String(v) })),
    ],
  });
}

/**
 * Ends runs with a status and a reason tag. A run MLflow could not be told about (it was down) is kept and retried
 * until MLflow answers, so no run of an ended trial or job stays RUNNING.
 */
export class RunCloser {
  private readonly unclosed = new Map<string, { status: MlflowRunStatus; reason: string }>();
  private retrying = false;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly mlflow: MlflowClient,
    private readonly log: Logger,
  ) {}

  start(everyMs = 5_000): void {
    this.timer ??= setInterval(() => void this.retry(), everyMs).unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.retry();
  }

  /** End a run with `status` (only if still open, unless `force`), the reason as a tag; never throws. */
  async close(runId: string, status: MlflowRunStatus, reason: string, force = false): Promise<void> {
    try {
      if (!force) {
        const run = await this.mlflow.getRun(runId);
        if (!run || (run.info.status !== "RUNNING" && run.info.status !== "SCHEDULED")) return;
      }
      if (reason) await this.mlflow.setTag(runId, ERROR_TAG, reason.slice(0, 5000));
      await this.mlflow.updateRun(runId, status);
    } catch (err) {
      this.log.warn({ err, runId }, "could not close a run; retrying when MLflow answers");
      this.unclosed.set(runId, { status, reason: reason.slice(0, 5000) });
    }
  }

  /** Stops at the first UPSTREAM_UNAVAILABLE (MLflow still down); drops a run MLflow refuses for another reason. */
  private async retry(): Promise<void> {
    if (this.retrying || !this.unclosed.size) return;
    this.retrying = true;
    try {
      for (const [runId, { status, reason }] of this.unclosed) {
        try {
          const run = await this.mlflow.getRun(runId);
          if (run && (run.info.status === "RUNNING" || run.info.status === "SCHEDULED")) {
            if (reason) await this.mlflow.setTag(runId, ERROR_TAG, reason);
            await this.mlflow.updateRun(runId, status);
          }
          this.unclosed.delete(runId);
        } catch (err) {
          if (errorCode(err) === ErrorCode.UPSTREAM_UNAVAILABLE) return;
          this.unclosed.delete(runId);
          this.log.warn({ err, runId }, "gave up closing a run");
        }
      }
    } finally {
      this.retrying = false;
    }
  }
}

/** Run fn over items with at most `limit` at a time; the first error rejects (after the running ones end). */
export async function mapLimit<T>(
  items: T[],
  limit: number,
  fn: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failed: unknown;
  const lane = async () => {
    while (next < items.length && failed === undefined) {
      const i = next++;
      try {
        await fn(items[i], i);
      } catch (err) {
        failed ??= err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  if (failed !== undefined) throw failed;
}
