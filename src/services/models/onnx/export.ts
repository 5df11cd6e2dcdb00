// ONNX export of a gateway model: the whole pipeline (imputation, scaling, one-hot, bias) and the estimator in one graph.
import type { AlgorithmName } from "../hyperparams";
import type { GatewayModelFile, InputColumn } from "../model-format";
import { Dim, doubles, floatT, GraphBuilder, int, int64s, ints, ML_DOMAIN, strs, DataType } from "./builder";
import { FAMILIES, FamilyExporter } from "./families";
import { pipelineWidth } from "../pipeline";

/** The graph's output names, as skl2onnx names them with zipmap off. */
export const LABEL_OUTPUT = "label";
export const PROBABILITIES_OUTPUT = "probabilities";

/** One graph input per raw column, named as skl2onnx names them: double (numeric) or string, shape [-1, 1]. */
export interface OnnxInput {
  name: string;
  type: "double" | "string";
}

/** The graph's inputs for a model's columns (numeric columns are double, text columns string). */
export function onnxInputs(columns: InputColumn[]): OnnxInput[] {
  return columns.map((c) => ({ name: c.name, type: c.type === "string" ? "string" : "double" }));
}

/** Why a model file cannot be exported (a malformed file, e.g. an unknown algorithm). */
export class OnnxExportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "OnnxExportError";
  }
}

const BATCH: Dim[] = [null, 1];

/**
 * The ONNX model (ModelProto bytes) of a gateway model file. It gives the JavaScript runtime's answers: the
 * same features in double precision (numeric: NaN → training mean, then (x − mean) / std; text: "" → most
 * frequent category, then one-hot with unseen categories as zeros; a column of ones when the model has a
 * bias), then the family's class weights, each row divided by its sum. Outputs: `label` (string [N]) and `probabilities` (float
 * [N, n_classes] in the model's class order).
 */
export function exportOnnx(file: GatewayModelFile): Uint8Array {
  const family = FAMILIES[file.algorithm as AlgorithmName] as FamilyExporter | undefined;
  if (!family) throw new OnnxExportError(`algorithm ${file.algorithm} has no ONNX exporter`);
  const g = new GraphBuilder();
  const inputs = onnxInputs(file.inputs);
  for (const i of inputs) g.input(i.name, i.type === "string" ? DataType.STRING : DataType.DOUBLE, BATCH);
  const X = features(g, file, inputs);
  const weights = family(g, X, file.estimator, file.classes.length, pipelineWidth(file.pipeline));
  const total = g.node("ReduceSum", [weights, g.constant("axes", int64s([1]))], { keepdims: int(1) });
  const proba = g.node("Div", [weights, total]);
  g.node("Cast", [proba], { to: int(DataType.FLOAT) }, { outputName: PROBABILITIES_OUTPUT });
  const index = g.node("ArgMax", [proba], { axis: int(1), keepdims: int(0) });
  g.node(
    "LabelEncoder",
    [index],
    {
      keys_int64s: ints(file.classes.map((_, i) => i)),
      values_strings: strs(file.classes),
      default_string: { kind: "string", value: "" },
    },
    { domain: ML_DOMAIN, outputName: LABEL_OUTPUT },
  );
  g.output(LABEL_OUTPUT, DataType.STRING, [null]);
  g.output(PROBABILITIES_OUTPUT, DataType.FLOAT, [null, file.classes.length]);
  return g.encode({
    graphName: `${file.algorithm.toLowerCase()}_${file.label}`.replace(/[^A-Za-z0-9_]/g, "_"),
    docString: `mlops-graphql-gateway ${file.algorithm} predicting ${file.label}`,
    metadata: {
      algorithm: file.algorithm,
      label: file.label,
      classes: JSON.stringify(file.classes),
      params: JSON.stringify(file.params),
    },
  });
}

/** The pipeline's output [N, width] (double), in transformRows' column order: numeric, one-hot, bias. */
function features(g: GraphBuilder, file: GatewayModelFile, inputs: OnnxInput[]): string {
  const { pipeline } = file;
  const byName = new Map(inputs.map((i) => [i.name, i]));
  const need = (name: string, type: OnnxInput["type"]) => {
    const input = byName.get(name);
    if (!input || input.type !== type) {
      throw new OnnxExportError(`the pipeline's column ${name} is not a ${type} input of the model`);
    }
    return name;
  };
  const parts: string[] = [];
  if (pipeline.numeric.length) {
    // Double arithmetic in the JavaScript runtime's order: a row on a tree's split point (42.3 between 42.2
    // and 42.4) goes the same way in both runtimes, which float32 (ai.onnx.ml Imputer/Scaler) cannot promise.
    const cols = pipeline.numeric.map((c) => need(c.name, "double"));
    const raw = cols.length > 1 ? g.node("Concat", cols, { axis: int(1) }) : cols[0];
    const k = pipeline.numeric.length;
    const means = g.constant(
      "means",
      doubles(
        [k],
        pipeline.numeric.map((c) => c.mean),
      ),
    );
    const imputed = g.node("Where", [g.node("IsNaN", [raw]), means, raw]);
    const stds = g.constant(
      "stds",
      doubles(
        [k],
        pipeline.numeric.map((c) => c.std),
      ),
    );
    parts.push(g.node("Div", [g.node("Sub", [imputed, means]), stds]));
  }
  for (const col of pipeline.categorical) {
    const input = need(col.name, "string");
    const n = col.categories.length;
    if (!n) continue;
    // "" (missing) gets its own slot, and the matrix maps that slot onto the most frequent category.
    const hot = g.node(
      "OneHotEncoder",
      [input],
      { cats_strings: strs([...col.categories, ""]), zeros: int(1) },
      { domain: ML_DOMAIN },
    );
    const flat = g.node("Reshape", [hot, g.constant("shape", int64s([-1, n + 1]))]);
    const m = new Array<number>((n + 1) * n).fill(0);
    for (let i = 0; i < n; i++) m[i * n + i] = 1;
    const frequent = col.categories.indexOf(col.mostFrequent);
    if (frequent >= 0) m[n * n + frequent] = 1;
    const encoded = g.node("MatMul", [flat, g.constant(`impute_${col.name}`, floatT([n + 1, n], m))]);
    parts.push(g.node("Cast", [encoded], { to: int(DataType.DOUBLE) }));
  }
  if (pipeline.bias) {
    const rows = g.node("Shape", [inputs[0].name], { start: int(0), end: int(1) });
    const shape = g.node("Concat", [rows, g.constant("one_dim", int64s([1]))], { axis: int(0) });
    parts.push(g.node("ConstantOfShape", [shape], { value: { kind: "tensor", value: doubles([1], [1]) } }));
  }
  if (!parts.length) throw new OnnxExportError("the model has no feature columns");
  return parts.length > 1 ? g.node("Concat", parts, { axis: int(1) }) : parts[0];
}
