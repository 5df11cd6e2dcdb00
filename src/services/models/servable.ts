// A model ready to answer predict, whatever its flavor: rows in, a label and labelled class probabilities out.
import { validateRows } from "./input-validation";
import type { GatewayModelFile, InputColumn, LoadedModel } from "./model-format";

export interface ClassProbability {
  label: string;
  probability: number;
}

export interface ModelPrediction {
  label: string;
  /** Every class in the model's class order; empty for a model that gives no probabilities (a regressor). */
  probabilities: ClassProbability[];
}

export interface ServableModel {
  /** The MLmodel flavor it was loaded from ("mlops_gateway", "onnx"). */
  readonly flavor: string;
  /** What runs it, for logs: the gateway algorithm or the ONNX classifier operator. */
  readonly algorithm: string;
  /** The model's size in bytes (its file), which the model cache budgets. */
  readonly sizeBytes: number;
  /** The input columns and their types, when the model names them (the V2 lane's metadata and tensor checks). */
  readonly inputColumns?: readonly InputColumn[];
  /** The class labels in probability order, when known up front. */
  readonly classes?: readonly string[];
  /**
   * Check the rows (BAD_USER_INPUT naming the row and column) and predict. `rows` are the inputs reduced to the
   * fields the model reads, as the prediction log keeps them.
   */
  predict(
    inputs: readonly Record<string, unknown>[],
    /** How error messages name the rows (default "inputs", predict's argument: inputs[3].island). */
    field?: string,
  ): Promise<{ rows: Record<string, unknown>[]; predictions: ModelPrediction[] }>;
}

/** A gateway model (trainGrid's model.json) as a servable: validated rows, probabilities, the argmax label. */
export function gatewayServable(
  file: GatewayModelFile,
  model: LoadedModel,
  sizeBytes: number,
): ServableModel {
  const classes = file.classes;
  return {
    flavor: file.format,
    algorithm: file.algorithm,
    sizeBytes,
    inputColumns: file.inputs,
    classes,
    async predict(inputs, field) {
      const rows = validateRows(inputs, file.inputs, field);
      const proba = model.predictProba(rows);
      const predictions: ModelPrediction[] = new Array(rows.length);
      for (let i = 0; i < rows.length; i++) {
        const p = proba[i];
        let best = 0;
        for (let k = 1; k < classes.length; k++) if (p[k] > p[best]) best = k;
        predictions[i] = {
          label: classes[best],
          probabilities: classes.map((label, k) => ({ label, probability: p[k] })),
        };
      }
      return { rows, predictions };
    },
  };
}
