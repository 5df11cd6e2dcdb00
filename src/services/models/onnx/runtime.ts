// Serves an ONNX model (MLflow's onnx flavor) with onnxruntime-node on the CPU: rows → feeds → label and probabilities.
import * as ort from "onnxruntime-node";
import { ModelFormatError } from "../model-runtime";
import type { ModelPrediction, ServableModel } from "../servable";
import { inspectGraph, replaceZipMapOutputs } from "./graph";
import { buildFeeds, FeedValues, InputPlan, planInputs, signatureInputs } from "./inputs";
import { decodeModel, ELEM, encodeModel } from "./proto";

/**
 * Build a servable from model.onnx's bytes and the MLmodel's signature (names and widths of the inputs).
 * Throws ModelFormatError for bytes that are not an ONNX model, for inputs the gateway cannot feed and for a graph
 * with neither a label nor a numeric output.
 */
export async function loadOnnxModel(bytes: Uint8Array, signature: unknown): Promise<ServableModel> {
  let decoded;
  try {
    decoded = decodeModel(bytes);
  } catch (err) {
    throw new ModelFormatError(`model.onnx is not an ONNX model (${(err as Error).message})`);
  }
  if (!decoded.model.graph) throw new ModelFormatError("model.onnx has no graph");
  let modelBytes = bytes;
  if (replaceZipMapOutputs(decoded.message, decoded.model)) {
    modelBytes = encodeModel(decoded.message);
    decoded = decodeModel(modelBytes);
  }
  const graph = inspectGraph(decoded.model);
  let plans: InputPlan[];
  try {
    plans = planInputs(graph.inputs, signatureInputs(signature));
  } catch (err) {
    throw new ModelFormatError(`model.onnx cannot be fed from rows: ${(err as Error).message}`);
  }
  const { label, probabilities, value } = graph.outputs;
  if (!label && !value && !probabilities)
    throw new ModelFormatError("model.onnx has no label, probability or numeric output");
  const fetches = label || probabilities ? [label, probabilities].filter((x): x is string => !!x) : [value!];
  let session: ort.InferenceSession;
  try {
    // One thread per run: requests are small and the gateway serves many at once.
    session = await ort.InferenceSession.create(modelBytes, {
      executionProviders: ["cpu"],
      intraOpNumThreads: 1,
      interOpNumThreads: 1,
      graphOptimizationLevel: "all",
    });
  } catch (err) {
    throw new ModelFormatError(`onnxruntime cannot load model.onnx: ${(err as Error).message}`);
  }
  const dims = new Map(graph.inputs.map((g) => [g.name, g.dims.length]));
  /** One session run over `n` rows' feed values. */
  const run = (values: Map<string, FeedValues>, n: number) => {
    const feeds: Record<string, ort.Tensor> = {};
    for (const plan of plans) {
      const shape = plan.kind === "vector" || dims.get(plan.name) === 2 ? [n, plan.width] : [n];
      feeds[plan.name] = tensor(plan.elemType, values.get(plan.name)!, shape);
    }
    return session.run(feeds, fetches);
  };
  const predictionsOf = (out: ort.InferenceSession.OnnxValueMapType, n: number) =>
    toPredictions(out, n, { label, probabilities, value }, graph.classLabels);
  // Only a graph whose first dimension is free (skl2onnx's `None`) can take several requests' rows in one run.
  const batcher = graph.inputs.every((g) => g.dims.length > 0 && g.dims[0] === null)
    ? new RunBatcher(plans, run, predictionsOf)
    : null;

  return {
    flavor: "onnx",
    algorithm: graph.operator ?? "onnx",
    sizeBytes: bytes.byteLength,
    async predict(inputs) {
      // Rows are checked per request, so a bad row is its own request's BAD_USER_INPUT even when batched.
      const values = buildFeeds(inputs, plans);
      const predictions =
        batcher && inputs.length <= BATCH_MAX_ROWS
          ? await batcher.predict(values, inputs.length)
          : predictionsOf(await run(values, inputs.length), inputs.length);
      const rows = inputs.map((row) => {
        const kept: Record<string, unknown> = {};
        for (const plan of plans) kept[plan.name] = row[plan.name];
        return kept;
      });
      return { rows, predictions };
    },
  };
}

/** Requests of at most this many rows may share a session run; larger ones gain nothing from it and run alone. */
const BATCH_MAX_ROWS = 64;

interface Waiting {
  values: Map<string, FeedValues>;
  n: number;
  resolve: (p: ModelPrediction[]) => void;
  reject: (err: unknown) => void;
}

/**
 * Small requests to one ONNX model that arrive in the same turn of the event loop share one session run: their
 * (already checked) feed values are laid end to end, run once, and each request gets its own rows' predictions
 * back. onnxruntime's fixed cost per run (the hop to its thread and back, the output tensors) dominates a one-row
 * request; under concurrent single-row load it is paid once per batch instead of once per request. A batch that
 * fails is run again request by request, so one request's failure stays its own.
 */
export class RunBatcher {
  private queue: Waiting[] = [];

  constructor(
    private readonly plans: readonly InputPlan[],
    private readonly run: (
      values: Map<string, FeedValues>,
      n: number,
    ) => Promise<ort.InferenceSession.OnnxValueMapType>,
    private readonly predictionsOf: (
      out: ort.InferenceSession.OnnxValueMapType,
      n: number,
    ) => ModelPrediction[],
  ) {}

  predict(values: Map<string, FeedValues>, n: number): Promise<ModelPrediction[]> {
    return new Promise((resolve, reject) => {
      if (this.queue.push({ values, n, resolve, reject }) === 1) setImmediate(() => void this.flush());
    });
  }

  private async flush(): Promise<void> {
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 1) return this.alone(batch[0]);
    let total = 0;
    for (const w of batch) total += w.n;
    const values = new Map<string, FeedValues>();
    for (const plan of this.plans)
      values.set(
        plan.name,
        batch.flatMap((w) => w.values.get(plan.name)!),
      );
    let predictions: ModelPrediction[];
    try {
      predictions = this.predictionsOf(await this.run(values, total), total);
    } catch {
      await Promise.all(batch.map((w) => this.alone(w)));
      return;
    }
    let at = 0;
    for (const w of batch) {
      w.resolve(predictions.slice(at, at + w.n));
      at += w.n;
    }
  }

  private async alone(w: Waiting): Promise<void> {
    try {
      w.resolve(this.predictionsOf(await this.run(w.values, w.n), w.n));
    } catch (err) {
      w.reject(err);
    }
  }
}

function tensor(elem: number, values: FeedValues, shape: number[]): ort.Tensor {
  switch (elem) {
    case ELEM.FLOAT:
      return new ort.Tensor("float32", Float32Array.from(values as number[]), shape);
    case ELEM.DOUBLE:
      return new ort.Tensor("float64", Float64Array.from(values as number[]), shape);
    case ELEM.INT64:
      return new ort.Tensor("int64", BigInt64Array.from(values as bigint[]), shape);
    case ELEM.INT32:
      return new ort.Tensor("int32", Int32Array.from(values as number[]), shape);
    case ELEM.INT8:
      return new ort.Tensor("int8", Int8Array.from(values as number[]), shape);
    case ELEM.UINT8:
      return new ort.Tensor("uint8", Uint8Array.from(values as number[]), shape);
    case ELEM.BOOL:
      return new ort.Tensor("bool", Uint8Array.from((values as boolean[]).map((b) => (b ? 1 : 0))), shape);
    default:
      return new ort.Tensor("string", values as string[], shape);
  }
}

/** A tensor element as text: int64 labels arrive as BigInt, floats as numbers. */
const asText = (x: unknown) => (typeof x === "number" ? String(Number(x.toPrecision(7))) : String(x));

function toPredictions(
  out: ort.InferenceSession.OnnxValueMapType,
  n: number,
  names: { label?: string; probabilities?: string; value?: string },
  classLabels: string[] | null,
): ModelPrediction[] {
  const labels = names.label ? (out[names.label].data as ArrayLike<unknown>) : undefined;
  const proba = names.probabilities ? out[names.probabilities] : undefined;
  const k = proba ? (proba.dims[1] ?? proba.size / Math.max(n, 1)) : 0;
  const classes =
    classLabels && classLabels.length === k ? classLabels : Array.from({ length: k }, (_, j) => String(j));
  const predictions: ModelPrediction[] = new Array(n);
  const p = proba?.data as Float32Array | undefined;
  const values = !labels && !p && names.value ? (out[names.value].data as ArrayLike<number>) : undefined;
  const perRow = values ? values.length / Math.max(n, 1) : 0;
  for (let i = 0; i < n; i++) {
    const probabilities = p ? classes.map((c, j) => ({ label: c, probability: p[i * k + j] })) : [];
    let label: string;
    if (labels) label = asText(labels[i]);
    else if (p) {
      let best = 0;
      for (let j = 1; j < k; j++) if (p[i * k + j] > p[i * k + best]) best = j;
      label = classes[best];
    } else label = asText(values![i * perRow]);
    predictions[i] = { label, probabilities };
  }
  return predictions;
}
