// The ONNX protobuf schema (onnx.proto beside this file) loaded once with protobufjs: decode and encode ModelProto.
// onnxruntime-node exposes no node attributes (class labels) and no sequence outputs, so the gateway reads and
// edits the model's protobuf itself. This is the only copy of onnx.proto in the repository: import from here.
import { existsSync } from "node:fs";
import path from "node:path";
import protobuf from "protobufjs";

/** Where onnx.proto is: beside the source file (ts-node, tests of src/) or in src/ when running from dist/. */
function protoPath(): string {
  const beside = path.join(__dirname, "onnx.proto");
  if (existsSync(beside)) return beside;
  // dist/src/services/models/onnx → the repository root is five levels up.
  return path.resolve(
    __dirname,
    "..",
    "..",
    "..",
    "..",
    "..",
    "src",
    "services",
    "models",
    "onnx",
    "onnx.proto",
  );
}

let root: protobuf.Root | undefined;

/** The parsed onnx.proto (package `onnx`): `onnxType("ModelProto")`, `onnxType("TensorProto")`, ... */
export function onnxType(name: string): protobuf.Type {
  root ??= protobuf.loadSync(protoPath());
  return root.lookupType(`onnx.${name}`);
}

// The parts of ONNX's messages the gateway reads, as protobufjs's toObject gives them (longs as numbers,
// bytes as Buffers; repeated fields may be absent when empty).
export interface OnnxDim {
  dimValue?: number;
  dimParam?: string;
}
export interface OnnxTypeProto {
  tensorType?: { elemType?: number; shape?: { dim?: OnnxDim[] } };
  sequenceType?: { elemType?: OnnxTypeProto };
  mapType?: { keyType?: number; valueType?: OnnxTypeProto };
}
export interface OnnxValueInfo {
  name: string;
  type?: OnnxTypeProto;
}
export interface OnnxAttribute {
  name: string;
  type?: number;
  i?: number;
  f?: number;
  s?: Uint8Array;
  ints?: number[];
  floats?: number[];
  strings?: Uint8Array[];
}
export interface OnnxNode {
  opType: string;
  domain?: string;
  name?: string;
  input?: string[];
  output?: string[];
  attribute?: OnnxAttribute[];
}
export interface OnnxGraph {
  node?: OnnxNode[];
  input?: OnnxValueInfo[];
  output?: OnnxValueInfo[];
  initializer?: { name: string }[];
}
export interface OnnxModelProto {
  irVersion?: number;
  producerName?: string;
  graph?: OnnxGraph;
}

/** TensorProto.DataType values the gateway handles. */
export const ELEM = {
  FLOAT: 1,
  UINT8: 2,
  INT8: 3,
  INT32: 6,
  INT64: 7,
  STRING: 8,
  BOOL: 9,
  DOUBLE: 11,
} as const;

/** Decode a model file (throws on bytes that are not a ModelProto). */
export function decodeModel(bytes: Uint8Array): { message: protobuf.Message; model: OnnxModelProto } {
  const type = onnxType("ModelProto");
  const message = type.decode(bytes);
  const model = type.toObject(message, { longs: Number, defaults: false, arrays: true }) as OnnxModelProto;
  return { message, model };
}

/** Encode a (possibly edited) decoded message back to model bytes. */
export function encodeModel(message: protobuf.Message): Uint8Array {
  return onnxType("ModelProto").encode(message).finish();
}
