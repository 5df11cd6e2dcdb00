// The MLmodel file of a trial's model directory: MLflow's model metadata, with this gateway's flavor.
import { stringify } from "yaml";
import { GATEWAY_FLAVOR, GatewayModelFile } from "./model-format";

/** Where a trial's model lives inside its run's artifacts, and its files. */
export const MODEL_DIR = "model";
export const MODEL_FILE = "model.json";

/** MLflow writes `str(datetime.utcnow())`: "2024-08-02 20:58:16.516963". */
export function mlflowUtcTime(d: Date): string {
  return `${d.toISOString().replace("T", " ").replace("Z", "")}000`;
}

export interface MlmodelOptions {
  runId: string;
  model: GatewayModelFile;
  /** A uuid4 hex, as MLflow's model_uuid. */
  modelUuid: string;
  createdAt: Date;
  /** The MLflow server's version (the MLmodel records the MLflow version it was written for). */
  mlflowVersion?: string;
  /** Size of model.json in bytes. */
  modelSizeBytes?: number;
}

/**
 * The MLmodel YAML: artifact_path, flavors (only `mlops_gateway`: there is no Python loader), model_uuid,
 * run_id, utc_time_created, mlflow_version and the signature. MLflow keeps the signature's inputs and outputs
 * as JSON text of ColSpec lists; the outputs are the class labels, a string column named after the label.
 */
export function buildMlmodel(opts: MlmodelOptions): string {
  const { model } = opts;
  const inputs = model.inputs.map((c) => ({ type: c.type, name: c.name, required: false }));
  const outputs = [{ type: "string", name: model.label, required: true }];
  const doc: Record<string, unknown> = {
    artifact_path: MODEL_DIR,
    flavors: {
      [GATEWAY_FLAVOR]: {
        model_file: MODEL_FILE,
        format_version: model.formatVersion,
        algorithm: model.algorithm,
        params: model.params,
        label: model.label,
        classes: model.classes,
      },
    },
    model_uuid: opts.modelUuid,
    run_id: opts.runId,
    utc_time_created: mlflowUtcTime(opts.createdAt),
    ...(opts.mlflowVersion ? { mlflow_version: opts.mlflowVersion } : {}),
    ...(opts.modelSizeBytes !== undefined ? { model_size_bytes: opts.modelSizeBytes } : {}),
    signature: {
      inputs: JSON.stringify(inputs),
      outputs: JSON.stringify(outputs),
      params: null,
    },
    is_signature_from_type_hint: false,
    type_hint_from_example: false,
  };
  return stringify(doc, { lineWidth: 0 });
}
