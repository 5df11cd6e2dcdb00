// Builds ONNX graphs for export: typed inputs and outputs, constants (initializers) and nodes with attributes.
import { ELEM, onnxType } from "./proto";

/** TensorProto.DataType values the exporter writes. */
export const DataType = {
  FLOAT: ELEM.FLOAT,
  INT64: ELEM.INT64,
  STRING: ELEM.STRING,
  DOUBLE: ELEM.DOUBLE,
  BOOL: ELEM.BOOL,
} as const;
export type DataTypeValue = (typeof DataType)[keyof typeof DataType];

/** AttributeProto.AttributeType values. */
const AttributeType = {
  FLOAT: 1,
  INT: 2,
  STRING: 3,
  TENSOR: 4,
  GRAPH: 5,
  FLOATS: 6,
  INTS: 7,
  STRINGS: 8,
} as const;

/** A plain-object ModelProto (protobufjs's camelCase field names) → protobuf bytes, checked against onnx.proto. */
function encodeModel(model: Record<string, unknown>): Uint8Array {
  const type = onnxType("ModelProto");
  const problem = type.verify(model);
  if (problem) throw new Error(`invalid ONNX model: ${problem}`);
  return type.encode(type.fromObject(model)).finish();
}

/** The operator sets the exported graphs use: ONNX 17 (IR 8) and ai.onnx.ml 3, both in every onnxruntime since 1.13. */
export const OPSET = 17;
export const ML_OPSET = 3;
export const ML_DOMAIN = "ai.onnx.ml";
const IR_VERSION = 8;

/** An attribute value: numbers are INT when whole and FLOAT otherwise unless wrapped by float()/floats(). */
export type AttrValue =
  | { kind: "int"; value: number }
  | { kind: "float"; value: number }
  | { kind: "string"; value: string }
  | { kind: "ints"; value: number[] }
  | { kind: "floats"; value: number[] }
  | { kind: "strings"; value: string[] }
  | { kind: "tensor"; value: Tensor }
  /** A subgraph (e.g. Loop's body), from GraphBuilder.toGraph. */
  | { kind: "graph"; value: Record<string, unknown> };

export const int = (value: number): AttrValue => ({ kind: "int", value });
export const float = (value: number): AttrValue => ({ kind: "float", value });
export const str = (value: string): AttrValue => ({ kind: "string", value });
export const ints = (value: number[]): AttrValue => ({ kind: "ints", value });
export const floats = (value: number[]): AttrValue => ({ kind: "floats", value });
export const strs = (value: string[]): AttrValue => ({ kind: "strings", value });

/** A constant tensor: element type, dimensions and values in row-major order. */
export interface Tensor {
  type: DataTypeValue;
  dims: number[];
  values: number[] | string[];
}

/** A dimension: a size, or null for the batch dimension (any number of rows). */
export type Dim = number | null;

function tensorProto(name: string, t: Tensor): Record<string, unknown> {
  const size = t.dims.reduce((a, b) => a * b, 1);
  if (size !== t.values.length) {
    throw new Error(`tensor ${name}: ${t.values.length} values for dims [${t.dims.join(", ")}]`);
  }
  const base = { name, dims: t.dims, dataType: t.type };
  switch (t.type) {
    case DataType.FLOAT:
      return { ...base, floatData: t.values };
    case DataType.DOUBLE:
      return { ...base, doubleData: t.values };
    case DataType.INT64:
      return { ...base, int64Data: t.values };
    case DataType.BOOL:
      return { ...base, int32Data: t.values };
    case DataType.STRING:
      return { ...base, stringData: (t.values as string[]).map((s) => Buffer.from(s, "utf8")) };
  }
}

function attributeProto(name: string, a: AttrValue): Record<string, unknown> {
  switch (a.kind) {
    case "int":
      return { name, type: AttributeType.INT, i: a.value };
    case "float":
      return { name, type: AttributeType.FLOAT, f: a.value };
    case "string":
      return { name, type: AttributeType.STRING, s: Buffer.from(a.value, "utf8") };
    case "ints":
      return { name, type: AttributeType.INTS, ints: a.value };
    case "floats":
      return { name, type: AttributeType.FLOATS, floats: a.value };
    case "strings":
      return { name, type: AttributeType.STRINGS, strings: a.value.map((s) => Buffer.from(s, "utf8")) };
    case "tensor":
      return { name, type: AttributeType.TENSOR, t: tensorProto("", a.value) };
    case "graph":
      return { name, type: AttributeType.GRAPH, g: a.value };
  }
}

function valueInfo(name: string, type: DataTypeValue, shape: Dim[]): Record<string, unknown> {
  return {
    name,
    type: {
      tensorType: {
        elemType: type,
        shape: { dim: shape.map((d) => (d === null ? { dimParam: "N" } : { dimValue: d })) },
      },
    },
  };
}

export class GraphBuilder {
  private readonly nodes: Record<string, unknown>[] = [];
  private readonly initializers: Record<string, unknown>[] = [];
  private readonly inputs: Record<string, unknown>[] = [];
  private readonly outputs: Record<string, unknown>[] = [];
  private counter = 0;

  /** `used`: the value names taken; a subgraph shares its parent's, as ONNX wants one name per value. */
  constructor(private readonly used = new Set<string>()) {}

  /** A builder for a subgraph (a Loop's body): its names never clash with this graph's; it may read this graph's values. */
  subgraph(): GraphBuilder {
    return new GraphBuilder(this.used);
  }

  /** A graph input with a fresh name starting with `prefix` (a subgraph's inputs); returns the name. */
  freshInput(prefix: string, type: DataTypeValue, shape: Dim[]): string {
    const name = this.fresh(prefix);
    this.inputs.push(valueInfo(name, type, shape));
    return name;
  }

  /** A fresh value name starting with `prefix`. */
  fresh(prefix: string): string {
    let name = prefix;
    while (this.used.has(name)) name = `${prefix}_${++this.counter}`;
    this.used.add(name);
    return name;
  }

  /** A graph input, named exactly `name` (the caller's column name). */
  input(name: string, type: DataTypeValue, shape: Dim[]): string {
    if (this.used.has(name)) throw new Error(`two graph inputs named ${JSON.stringify(name)}`);
    this.used.add(name);
    this.inputs.push(valueInfo(name, type, shape));
    return name;
  }

  /** Declare `value` as a graph output (its name must be the output's name). */
  output(value: string, type: DataTypeValue, shape: Dim[]): void {
    this.outputs.push(valueInfo(value, type, shape));
  }

  /** A constant tensor (an initializer); returns its name. */
  constant(prefix: string, t: Tensor): string {
    const name = this.fresh(prefix);
    this.initializers.push(tensorProto(name, t));
    return name;
  }

  /** One node with one output; returns the output's name (`outputName` when given, else a fresh one). */
  node(
    op: string,
    inputs: string[],
    attrs: Record<string, AttrValue> = {},
    opts: { domain?: string; outputName?: string; outputs?: number } = {},
  ): string {
    return this.nodeN(op, inputs, attrs, { ...opts, outputs: 1 })[0];
  }

  /** A node with several outputs (e.g. TopK, TreeEnsembleClassifier); returns their names. */
  nodeN(
    op: string,
    inputs: string[],
    attrs: Record<string, AttrValue> = {},
    opts: { domain?: string; outputName?: string; outputs?: number } = {},
  ): string[] {
    const count = opts.outputs ?? 1;
    const outputs = Array.from({ length: count }, (_, i) =>
      i === 0 && opts.outputName ? this.claim(opts.outputName) : this.fresh(op.toLowerCase()),
    );
    this.nodes.push({
      opType: op,
      domain: opts.domain ?? "",
      name: this.fresh(`${op}_node`),
      input: inputs,
      output: outputs,
      attribute: Object.entries(attrs).map(([k, v]) => attributeProto(k, v)),
    });
    return outputs;
  }

  private claim(name: string): string {
    if (this.used.has(name)) throw new Error(`value name ${JSON.stringify(name)} is taken`);
    this.used.add(name);
    return name;
  }

  /** The GraphProto (plain object) of this builder, for a subgraph attribute. */
  toGraph(name: string): Record<string, unknown> {
    return {
      name,
      node: this.nodes,
      initializer: this.initializers,
      input: this.inputs,
      output: this.outputs,
    };
  }

  /** The ModelProto bytes. */
  encode(meta: { graphName: string; docString: string; metadata: Record<string, string> }): Uint8Array {
    return encodeModel({
      irVersion: IR_VERSION,
      producerName: "mlops-graphql-gateway",
      producerVersion: "1",
      docString: meta.docString,
      opsetImport: [
        { domain: "", version: OPSET },
        { domain: ML_DOMAIN, version: ML_OPSET },
      ],
      metadataProps: Object.entries(meta.metadata).map(([key, value]) => ({ key, value })),
      graph: {
        name: meta.graphName,
        node: this.nodes,
        initializer: this.initializers,
        input: this.inputs,
        output: this.outputs,
      },
    });
  }
}

// Small helpers for constants the families need all the time.
export const doubles = (dims: number[], values: number[]): Tensor => ({
  type: DataType.DOUBLE,
  dims,
  values,
});
export const floatT = (dims: number[], values: number[]): Tensor => ({ type: DataType.FLOAT, dims, values });
export const int64s = (values: number[]): Tensor => ({
  type: DataType.INT64,
  dims: [values.length],
  values,
});
