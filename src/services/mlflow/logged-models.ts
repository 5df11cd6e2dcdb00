// MLflow 3 LoggedModels over REST: create, link to a run, log metrics on, finalize, search.
import type { MlflowClient } from "./client";
import type { KeyValue, MlflowMetric } from "./types";

/** The experiment tag MLflow 3's UI reads to tell model-training experiments from GenAI ones. */
export const EXPERIMENT_KIND_TAG: KeyValue = {
  key: "mlflow.experimentKind",
  value: "custom_model_development",
};

export type LoggedModelStatus = "LOGGED_MODEL_PENDING" | "LOGGED_MODEL_READY" | "LOGGED_MODEL_UPLOAD_FAILED";

export interface MlflowLoggedModel {
  info: {
    model_id: string;
    experiment_id: string;
    name?: string;
    artifact_uri: string;
    status?: LoggedModelStatus;
    source_run_id?: string;
    model_type?: string;
    creation_timestamp_ms?: number;
    tags?: KeyValue[];
    registrations?: { name: string; version: string }[];
  };
  data?: { params?: KeyValue[]; metrics?: MlflowMetric[] };
}

/** POST logged-models: a PENDING model of the experiment; its files go to `info.artifact_uri`. */
export async function createLoggedModel(
  mlflow: MlflowClient,
  opts: {
    experimentId: string;
    name: string;
    sourceRunId?: string;
    modelType?: string;
    params?: KeyValue[];
    tags?: KeyValue[];
  },
): Promise<MlflowLoggedModel> {
  const r = await mlflow.call<{ model: MlflowLoggedModel }>("POST", "logged-models", {
    body: {
      experiment_id: opts.experimentId,
      name: opts.name,
      source_run_id: opts.sourceRunId,
      model_type: opts.modelType,
      params: opts.params,
      tags: opts.tags,
    },
  });
  return r.model;
}

/** PATCH logged-models/<id>: READY once its files are uploaded (or UPLOAD_FAILED). The body repeats the id. */
export async function finalizeLoggedModel(
  mlflow: MlflowClient,
  modelId: string,
  status: Exclude<LoggedModelStatus, "LOGGED_MODEL_PENDING">,
): Promise<MlflowLoggedModel> {
  const r = await mlflow.call<{ model: MlflowLoggedModel }>(
    "PATCH",
    `logged-models/${encodeURIComponent(modelId)}`,
    { body: { model_id: modelId, status }, idempotent: true },
  );
  return r.model;
}

export async function getLoggedModel(mlflow: MlflowClient, modelId: string): Promise<MlflowLoggedModel> {
  const r = await mlflow.call<{ model: MlflowLoggedModel }>(
    "GET",
    `logged-models/${encodeURIComponent(modelId)}`,
    { idempotent: true },
  );
  return r.model;
}

/**
 * The run's outputs list the model (MLflow's UI shows a run's models from it), and the run's metrics are logged
 * again with `model_id`, which is how a LoggedModel gets metrics (there is no metrics endpoint of its own).
 */
export async function linkLoggedModelToRun(
  mlflow: MlflowClient,
  opts: { runId: string; modelId: string; metrics: Record<string, number>; timestamp: number; step?: number },
): Promise<void> {
  const step = opts.step ?? 0;
  await mlflow.call("POST", "runs/outputs", {
    body: { run_id: opts.runId, models: [{ model_id: opts.modelId, step }] },
  });
  await mlflow.logBatch(opts.runId, {
    metrics: Object.entries(opts.metrics).map(([key, value]) => ({
      key,
      value,
      timestamp: opts.timestamp,
      step,
      model_id: opts.modelId,
    })),
  });
}

/** One page of an experiment's LoggedModels, newest first. */
export async function searchLoggedModels(
  mlflow: MlflowClient,
  opts: { experimentIds: string[]; filter?: string; maxResults: number; pageToken?: string },
): Promise<{ models: MlflowLoggedModel[]; nextPageToken?: string }> {
  const r = await mlflow.call<{ models?: MlflowLoggedModel[]; next_page_token?: string }>(
    "POST",
    "logged-models/search",
    {
      body: {
        experiment_ids: opts.experimentIds,
        filter: opts.filter,
        max_results: opts.maxResults,
        page_token: opts.pageToken,
      },
      idempotent: true,
    },
  );
  return { models: r.models ?? [], nextPageToken: r.next_page_token || undefined };
}
