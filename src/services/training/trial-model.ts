// A trial's model as MLflow 3 logs one: a LoggedModel of the experiment, linked to the trial's run, READY once
// its files are uploaded. The same directory is also written under the run's artifacts (model/, MLflow 2 layout).
import type { ArtifactStore } from "../artifacts/store";
import type { MlflowClient } from "../mlflow/client";
import { createLoggedModel, finalizeLoggedModel, linkLoggedModelToRun } from "../mlflow/logged-models";
import type { KeyValue } from "../mlflow/types";
import { buildMlmodel, MODEL_DIR, MODEL_FILE, ONNX_FILE, pythonEnvironmentFiles } from "../models/mlmodel";
import type { GatewayModelFile } from "../models/model-format";
import { exportOnnx } from "../models/onnx/export";

export interface TrialModelRequest {
  experimentId: string;
  runId: string;
  /** The run's artifact root (s3:// or mlflow-artifacts:/). */
  runArtifactUri: string;
  /** The LoggedModel's name (the trial run's name: MLflow's UI lists the models by it). */
  name: string;
  model: GatewayModelFile;
  /** The trial's metrics, logged on the run with the model's id (that is how a LoggedModel gets metrics). */
  metrics: Record<string, number>;
  /** The metrics' step (a HALVING rung; 0 otherwise). */
  step?: number;
  tags: KeyValue[];
  mlflowVersion?: string;
}

const CONTENT_TYPES: Record<string, string> = {
  [MODEL_FILE]: "application/json",
  [ONNX_FILE]: "application/octet-stream",
  MLmodel: "text/yaml",
};

/** Log the trial's model; returns the LoggedModel id. On failure the LoggedModel is marked UPLOAD_FAILED. */
export async function logTrialModel(
  deps: { mlflow: MlflowClient; artifacts: ArtifactStore },
  req: TrialModelRequest,
): Promise<string> {
  const { mlflow, artifacts } = deps;
  const { model } = req;
  const json = Buffer.from(JSON.stringify(model));
  const onnx = Buffer.from(exportOnnx(model));
  const logged = await createLoggedModel(mlflow, {
    experimentId: req.experimentId,
    name: req.name,
    sourceRunId: req.runId,
    modelType: model.algorithm,
    params: [
      { key: "algorithm", value: model.algorithm },
      ...Object.entries(model.params).map(([key, v]) => ({ key, value: String(v) })),
    ],
    tags: req.tags,
  });
  const modelId = logged.info.model_id;
  try {
    const env = pythonEnvironmentFiles(req.mlflowVersion);
    const files: Record<string, Buffer | string> = { [MODEL_FILE]: json, [ONNX_FILE]: onnx, ...env };
    files.MLmodel = buildMlmodel({
      runId: req.runId,
      model,
      modelUuid: modelId,
      modelId,
      createdAt: new Date(model.createdAt),
      mlflowVersion: req.mlflowVersion,
      modelSizeBytes: Object.values(files).reduce((n, f) => n + Buffer.byteLength(f), 0),
    });
    const runModelDir = `${req.runArtifactUri.replace(/\/+$/, "")}/${MODEL_DIR}`;
    await Promise.all(
      Object.entries(files).flatMap(([name, body]) =>
        [logged.info.artifact_uri, runModelDir].map((root) =>
          artifacts.put(root, name, body, CONTENT_TYPES[name] ?? "text/plain"),
        ),
      ),
    );
    await linkLoggedModelToRun(mlflow, {
      runId: req.runId,
      modelId,
      metrics: req.metrics,
      step: req.step,
      timestamp: Date.now(),
    });
    await finalizeLoggedModel(mlflow, modelId, "LOGGED_MODEL_READY");
  } catch (err) {
    await finalizeLoggedModel(mlflow, modelId, "LOGGED_MODEL_UPLOAD_FAILED").catch(() => {});
    throw err;
  }
  return modelId;
}
