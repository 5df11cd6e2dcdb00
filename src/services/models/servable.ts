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
  /**
   * The same as predict, answered synchronously, for runtimes that score on the calling thread (gateway models).
   * Absent when scoring is asynchronous (onnxruntime).
   */
  predictNow?(
    inputs: readonly Record<string, unknown>[],
    field?: string,
  ): { rows: Record<string, unknown>[]; predictions: ModelPrediction[] };
}

/** A gateway model's rows as it read them and its class probabilities, in `file.classes` order. */
export interface GatewayScores {
  rows: Record<string, unknown>[];
  proba: number[][];
}

/** Validate the rows against the model's input columns and compute its class probabilities. */
export function scoreGatewayRows(
  file: GatewayModelFile,
  model: LoadedModel,
  inputs: readonly Record<string, unknown>[],
  field?: string,
): GatewayScores {
  const rows = validateRows(inputs, file.inputs, field);
  return { rows, proba: model.predictProba(rows) };
}

/** The most probable class's index among p[offset..offset+k) (the first, on a tie). */
function bestClass(p: ArrayLike<number>, offset: number, k: number): number {
  let best = 0;
  for (let j = 1; j < k; j++) if (p[offset + j] > p[offset + best]) best = j;
  return best;
}

/** Each row's label (the most probable class) from probabilities flat row-major in class order. */
export function labelsOf(classes: readonly string[], proba: Float64Array): string[] {
  const k = classes.length;
  const labels: string[] = new Array(proba.length / k);
  for (let i = 0; i < labels.length; i++) labels[i] = classes[bestClass(proba, i * k, k)];
  return labels;
}

/** Predictions with labelled probabilities from probabilities in class order (per row, or flat row-major). */
export function labelledPredictions(
  classes: readonly string[],
  proba: number[][] | Float64Array,
): ModelPrediction[] {
  const k = classes.length;
  const n = Array.isArray(proba) ? proba.length : proba.length / k;
  const predictions: ModelPrediction[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const p = Array.isArray(proba) ? proba[i] : proba;
    const at = Array.isArray(proba) ? 0 : i * k;
    predictions[i] = {
      label: classes[bestClass(p, at, k)],
      probabilities: classes.map((label, j) => ({ label, probability: p[at + j] })),
    };
  }
  return predictions;
}

/** Flat probabilities in class order, shared by the predictions of one scoring. */
interface FlatScores {
  classes: readonly string[];
  proba: Float64Array;
}

/**
 * One row's prediction over flat probabilities: its labelled probabilities are made when read, so a predict that
 * asks only for labels (the common query) does not allocate k objects per row. JSON and field reads see the same
 * label and probabilities as labelledPredictions gives.
 */
class FlatPrediction implements ModelPrediction {
  readonly #scores: FlatScores;
  readonly #at: number;
  constructor(
    readonly label: string,
    scores: FlatScores,
    at: number,
  ) {
    this.#scores = scores;
    this.#at = at;
  }

  get probabilities(): ClassProbability[] {
    const { classes, proba } = this.#scores;
    return classes.map((label, j) => ({ label, probability: proba[this.#at + j] }));
  }

  toJSON(): ModelPrediction {
    return { label: this.label, probabilities: this.probabilities };
  }
}

/** Predictions from a worker's labels and flat probabilities, their labelled probabilities made only when read. */
export function flatPredictions(
  classes: readonly string[],
  proba: Float64Array,
  labels: readonly string[],
): ModelPrediction[] {
  const scores: FlatScores = { classes, proba };
  const k = classes.length;
  const out: ModelPrediction[] = new Array(labels.length);
  for (let i = 0; i < labels.length; i++) out[i] = new FlatPrediction(labels[i], scores, i * k);
  return out;
}

/** A gateway model (trainGrid's model.json) as a servable: validated rows, probabilities, the argmax label. */
export function gatewayServable(
  file: GatewayModelFile,
  model: LoadedModel,
  sizeBytes: number,
): ServableModel {
  const predictNow = (inputs: readonly Record<string, unknown>[], field?: string) => {
    const { rows, proba } = scoreGatewayRows(file, model, inputs, field);
    return { rows, predictions: labelledPredictions(file.classes, proba) };
  };
  return {
    flavor: file.format,
    algorithm: file.algorithm,
    sizeBytes,
    inputColumns: file.inputs,
    classes: file.classes,
    async predict(inputs, field) {
      return predictNow(inputs, field);
    },
    predictNow,
  };
}
