// The MLmodel file of a trial's model directory and the files beside it: flavors onnx, python_function (loaded
// by mlflow.onnx) and the gateway's own, a tensor signature matching the ONNX graph, and the Python environment.
import { stringify } from "yaml";
import { GATEWAY_FLAVOR, GatewayModelFile } from "./model-format";
import { LABEL_OUTPUT, onnxInputs, PROBABILITIES_OUTPUT } from "./onnx/export";

/** Where a trial's model lives inside its run's artifacts, and its files. */
export const MODEL_DIR = "model";
export const MODEL_FILE = "model.json";
export const ONNX_FILE = "model.onnx";
export const ONNX_FLAVOR = "onnx";
export const PYFUNC_FLAVOR = "python_function";

/** The Python packages mlflow.onnx's loader needs; the lower bounds are the first with what the graphs use. */
const PYTHON_REQUIREMENTS = ["onnx>=1.14", "onnxruntime>=1.16"];
const PYTHON_VERSION = "3.11";

/** MLflow writes `str(datetime.utcnow())`: "2024-08-02 20:58:16.516963". */
export function mlflowUtcTime(d: Date): string {
  return `${d.toISOString().replace("T", " ").replace("Z", "")}000`;
}

export interface MlmodelOptions {
  runId: string;
  model: GatewayModelFile;
  /** A uuid4 hex, as MLflow's model_uuid (MLflow 3 uses the LoggedModel id when there is one). */
  modelUuid: string;
  /** The MLflow 3 LoggedModel this directory belongs to. */
  modelId?: string;
  createdAt: Date;
  /** The MLflow server's version (the MLmodel records the MLflow version it was written for). */
  mlflowVersion?: string;
  /** Size of the model directory's files in bytes. */
  modelSizeBytes?: number;
}

/**
 * The signature as MLflow's infer_signature writes it for the ONNX graph: one named tensor [-1, 1] per raw
 * column (float64, or object for text), outputs `label` (object [-1]) and `probabilities` (float32
 * [-1, n_classes]). pyfunc turns a DataFrame into one array per input and returns both outputs.
 */
export function mlmodelSignature(model: GatewayModelFile): { inputs: string; outputs: string; params: null } {
  const tensor = (name: string, dtype: string, shape: number[]) => ({
    type: "tensor",
    "tensor-spec": { dtype, shape },
    name,
  });
  const inputs = onnxInputs(model.inputs).map((i) =>
    tensor(i.name, i.type === "string" ? "object" : "float64", [-1, 1]),
  );
  const outputs = [
    tensor(LABEL_OUTPUT, "object", [-1]),
    tensor(PROBABILITIES_OUTPUT, "float32", [-1, model.classes.length]),
  ];
  return { inputs: JSON.stringify(inputs), outputs: JSON.stringify(outputs), params: null };
}

/**
 * The MLmodel YAML: artifact_path, the three flavors, model_uuid (and model_id), run_id, utc_time_created,
 * mlflow_version and the signature (MLflow keeps its inputs and outputs as JSON text).
 */
export function buildMlmodel(opts: MlmodelOptions): string {
  const { model } = opts;
  const doc: Record<string, unknown> = {
    artifact_path: MODEL_DIR,
    flavors: {
      [ONNX_FLAVOR]: {
        code: null,
        data: ONNX_FILE,
        onnx_session_options: null,
        providers: ["CPUExecutionProvider"],
      },
      [PYFUNC_FLAVOR]: {
        data: ONNX_FILE,
        env: { conda: "conda.yaml", virtualenv: "python_env.yaml" },
        loader_module: "mlflow.onnx",
        python_version: PYTHON_VERSION,
      },
      [GATEWAY_FLAVOR]: {
        model_file: MODEL_FILE,
        format_version: model.formatVersion,
        algorithm: model.algorithm,
        params: model.params,
        label: model.label,
        classes: model.classes,
      },
    },
    ...(opts.modelId ? { model_id: opts.modelId } : {}),
    model_uuid: opts.modelUuid,
    run_id: opts.runId,
    utc_time_created: mlflowUtcTime(opts.createdAt),
    ...(opts.mlflowVersion ? { mlflow_version: opts.mlflowVersion } : {}),
    ...(opts.modelSizeBytes !== undefined ? { model_size_bytes: opts.modelSizeBytes } : {}),
    signature: mlmodelSignature(model),
    is_signature_from_type_hint: false,
    type_hint_from_example: false,
  };
  return stringify(doc, { lineWidth: 0 });
}

/** requirements.txt, python_env.yaml and conda.yaml, as mlflow.onnx.log_model writes them. */
export function pythonEnvironmentFiles(mlflowVersion?: string): Record<string, string> {
  const requirements = [mlflowVersion ? `mlflow==${mlflowVersion}` : "mlflow>=3", ...PYTHON_REQUIREMENTS];
  return {
    "requirements.txt": `${requirements.join("\n")}\n`,
    "python_env.yaml": stringify({
      python: PYTHON_VERSION,
      build_dependencies: ["pip"],
      dependencies: ["-r requirements.txt"],
    }),
    "conda.yaml": stringify({
      channels: ["conda-forge"],
      dependencies: [`python=${PYTHON_VERSION}`, "pip", { pip: requirements }],
      name: "mlflow-env",
    }),
  };
}
