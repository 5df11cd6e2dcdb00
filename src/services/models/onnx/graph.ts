// What an ONNX graph asks for and answers: its inputs, its label/probability outputs and the classifier's class
// labels; and the one rewrite the gateway makes (a ZipMap output becomes its probability tensor). Pure.
import type protobuf from "protobufjs";
import { ELEM, OnnxAttribute, OnnxModelProto, OnnxNode, OnnxTypeProto, onnxType } from "./proto";

export interface GraphInput {
  name: string;
  /** TensorProto.DataType, e.g. ELEM.FLOAT. */
  elemType: number;
  /** Dimensions; null for a symbolic one (the batch dimension). */
  dims: (number | null)[];
}

export interface GraphOutputs {
  /** The predicted label (int64 or string tensor), when the model has one. */
  label?: string;
  /** The class probabilities, a float tensor [-1, classes]. */
  probabilities?: string;
  /** A regressor's (or unknown model's) first float output, answered as text when there is no label. */
  value?: string;
}

export interface GraphInfo {
  inputs: GraphInput[];
  outputs: GraphOutputs;
  /** The class labels in the model's class order (classifier or ZipMap attributes), or null when absent. */
  classLabels: string[] | null;
  /** The classifier operator, e.g. "LinearClassifier" (for logs and messages). */
  operator: string | null;
}

const text = (b: Uint8Array) => Buffer.from(b).toString("utf8");

function attribute(node: OnnxNode, name: string): OnnxAttribute | undefined {
  return (node.attribute ?? []).find((a) => a.name === name);
}

/** classlabels_strings / classlabels_int64s of a node, as text, or null when it has neither. */
export function classLabelsOf(node: OnnxNode): string[] | null {
  const strings = attribute(node, "classlabels_strings")?.strings;
  if (strings?.length) return strings.map(text);
  const ints = attribute(node, "classlabels_int64s")?.ints;
  if (ints?.length) return ints.map((i) => String(i));
  return null;
}

const tensorElem = (t: OnnxTypeProto | undefined) => t?.tensorType?.elemType;
const tensorRank = (t: OnnxTypeProto | undefined) => t?.tensorType?.shape?.dim?.length;

/** Inputs (initializers listed as inputs by old IR versions are not inputs), outputs and class labels. */
export function inspectGraph(model: OnnxModelProto): GraphInfo {
  const graph = model.graph ?? {};
  const initialized = new Set((graph.initializer ?? []).map((i) => i.name));
  const inputs: GraphInput[] = (graph.input ?? [])
    .filter((i) => !initialized.has(i.name))
    .map((i) => ({
      name: i.name,
      elemType: tensorElem(i.type) ?? 0,
      dims: (i.type?.tensorType?.shape?.dim ?? []).map((d) =>
        d.dimValue !== undefined && d.dimValue > 0 ? d.dimValue : null,
      ),
    }));
  const nodes = graph.node ?? [];
  const classifier = nodes.find((n) => /Classifier$/.test(n.opType) && classLabelsOf(n));
  const zipmap = nodes.find((n) => n.opType === "ZipMap");
  const classLabels = (classifier && classLabelsOf(classifier)) ?? (zipmap && classLabelsOf(zipmap)) ?? null;

  const outputs: GraphOutputs = {};
  for (const o of graph.output ?? []) {
    const elem = tensorElem(o.type);
    const rank = tensorRank(o.type);
    if (!outputs.label && (elem === ELEM.INT64 || elem === ELEM.STRING)) outputs.label = o.name;
    else if (!outputs.probabilities && elem === ELEM.FLOAT && rank === 2 && (classLabels || outputs.label))
      outputs.probabilities = o.name;
    else if (!outputs.value && (elem === ELEM.FLOAT || elem === ELEM.DOUBLE)) outputs.value = o.name;
  }
  return {
    inputs,
    outputs,
    classLabels,
    operator: classifier?.opType ?? nodes.find((n) => /Regressor$/.test(n.opType))?.opType ?? null,
  };
}

/**
 * onnxruntime-node cannot return sequences of maps: drop each ZipMap node whose output is a graph output, and
 * make the graph answer the ZipMap's input (the probability tensor, in the class order of its attributes)
 * instead. Edits the decoded message in place; returns whether anything changed.
 */
export function replaceZipMapOutputs(message: protobuf.Message, model: OnnxModelProto): boolean {
  const graph = (message as unknown as { graph?: GraphMessage }).graph;
  if (!graph || !model.graph) return false;
  let changed = false;
  for (const [index, node] of (model.graph.node ?? []).entries()) {
    if (node.opType !== "ZipMap" || !node.input?.[0] || !node.output?.[0]) continue;
    const at = graph.output.findIndex((o) => o.name === node.output![0]);
    if (at < 0) continue;
    const classes = classLabelsOf(node)?.length ?? 0;
    graph.output[at] = onnxType("ValueInfoProto").fromObject({
      name: node.input[0],
      type: {
        tensorType: {
          elemType: ELEM.FLOAT,
          shape: { dim: [{ dimParam: "N" }, classes ? { dimValue: classes } : { dimParam: "classes" }] },
        },
      },
    }) as unknown as { name: string };
    graph.node[index] = null;
    changed = true;
  }
  if (changed) graph.node = graph.node.filter((n) => n !== null);
  return changed;
}

interface GraphMessage {
  node: (unknown | null)[];
  output: { name: string }[];
}
