// The gateway's model file format: what trainGrid writes to `model/model.json` and predict loads.
// The MLmodel file beside it names the flavor `mlops_gateway` with `model_file: model.json`.
import type { TrainingProfile } from "./training-profile";

export const GATEWAY_FLAVOR = "mlops_gateway";
export const MODEL_FORMAT_VERSION = 1;
/** MLflow's ONNX flavor (mlflow.onnx.log_model): `data` names the model.onnx file. */
export const ONNX_FLAVOR = "onnx";

/** One input column as the model expects it (the MLflow signature's inputs). */
export interface InputColumn {
  name: string;
  /** "double" for numeric columns, "string" for categorical ones (MLflow ColSpec types). */
  type: "double" | "long" | "string" | "boolean";
}

/** The fitted preprocessing, applied to raw rows before the estimator. */
export interface PipelineState {
  numeric: { name: string; mean: number; std: number }[];
  categorical: { name: string; categories: string[]; mostFrequent: string }[];
  /** Whether a constant 1 column is appended (needed by estimators without an intercept). */
  bias: boolean;
}

export interface GatewayModelFile {
  format: typeof GATEWAY_FLAVOR;
  formatVersion: typeof MODEL_FORMAT_VERSION;
  algorithm: string;
  params: Record<string, unknown>;
  label: string;
  classes: string[];
  inputs: InputColumn[];
  pipeline: PipelineState;
  /** The estimator's own serialized state (estimator-specific JSON). */
  estimator: unknown;
  createdAt: string;
  /** What the model was fitted on, per raw feature (monitoring compares live inputs with it); absent in older files. */
  trainingProfile?: TrainingProfile;
}

/** A model loaded for serving: raw rows in, class probabilities out (each row's probabilities sum to 1). */
export interface LoadedModel {
  readonly file: GatewayModelFile;
  predictProba(rows: Record<string, unknown>[]): number[][];
}
