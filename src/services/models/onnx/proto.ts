// ONNX's protobuf schema (onnx.proto, kept beside this file) loaded with protobufjs: encode and decode ModelProto.
import fs from "node:fs";
import path from "node:path";
import * as protobuf from "protobufjs";

/** onnx.proto beside the source; compiled code runs from dist/src/services/models/onnx, which has no copy. */
function protoFile(): string {
  const candidates = [
    path.resolve(__dirname, "onnx.proto"),
    path.resolve(__dirname, "../../../../../src/services/models/onnx/onnx.proto"),
    path.resolve(process.cwd(), "src/services/models/onnx/onnx.proto"),
  ];
  const found = candidates.find((p) => fs.existsSync(p));
  if (!found) throw new Error(`onnx.proto not found (looked in ${candidates.join(", ")})`);
  return found;
}

let modelType: protobuf.Type | undefined;

/** onnx.ModelProto, parsed from onnx.proto once per process. */
export function modelProto(): protobuf.Type {
  if (!modelType) {
    const root = protobuf.parse(fs.readFileSync(protoFile(), "utf8"), { keepCase: true }).root;
    modelType = root.lookupType("onnx.ModelProto");
  }
  return modelType;
}

/** TensorProto.DataType values the exporter uses. */
export const DataType = { FLOAT: 1, INT64: 7, STRING: 8, DOUBLE: 11 } as const;
export type DataTypeValue = (typeof DataType)[keyof typeof DataType];

/** AttributeProto.AttributeType values. */
export const AttributeType = {
  FLOAT: 1,
  INT: 2,
  STRING: 3,
  TENSOR: 4,
  FLOATS: 6,
  INTS: 7,
  STRINGS: 8,
} as const;

/** A plain-object ModelProto (field names as in onnx.proto) → protobuf bytes. */
export function encodeModel(model: Record<string, unknown>): Uint8Array {
  const type = modelProto();
  const problem = type.verify(model);
  if (problem) throw new Error(`invalid ONNX model: ${problem}`);
  return type.encode(type.fromObject(model)).finish();
}

/** Protobuf bytes → plain-object ModelProto (int64 as numbers, bytes as Buffers). */
export function decodeModel(bytes: Uint8Array): Record<string, unknown> {
  const type = modelProto();
  return type.toObject(type.decode(bytes), { longs: Number, enums: Number, bytes: Buffer, defaults: false });
}
