// Reads a model directory's MLmodel (flavors, signature) and the gateway's model.json: checks, never unpickling.
import { parse as parseYaml } from "yaml";
import { unsupportedModel } from "../../errors";
import { GATEWAY_FLAVOR, GatewayModelFile, MODEL_FORMAT_VERSION, ONNX_FLAVOR } from "./model-format";

/** Larger MLmodel or model files are refused before parsing (a gateway model is a few hundred KB). */
export const MAX_MLMODEL_BYTES = 1024 * 1024;
export const MAX_MODEL_FILE_BYTES = 64 * 1024 * 1024;
/** ONNX files hold whole forests: they get more room (still checked before reading). */
export const MAX_ONNX_FILE_BYTES = 256 * 1024 * 1024;

/** The README section a refusal points at. */
export const PYTHON_MODELS_DOC = 'README, "Serving models trained in Python"';

/** The flavor the gateway serves a version with: its own format first, then ONNX. */
export type ServingFlavor = typeof GATEWAY_FLAVOR | typeof ONNX_FLAVOR;

export interface MlmodelInfo {
  flavors: string[];
  /** Which flavor serves it. */
  flavor: ServingFlavor;
  /** The model file of that flavor, relative to the model directory. */
  modelFile: string;
  /** The MLmodel's signature (inputs/outputs as MLflow's JSON text), when present. */
  signature?: unknown;
}

/**
 * The flavors of an MLmodel file and the model file of the flavor that serves it: `mlops_gateway` (trained by
 * trainGrid) or `onnx` (e.g. scikit-learn through skl2onnx and mlflow.onnx.log_model). Anything else (a
 * scikit-learn pickle, a pyfunc) is UNSUPPORTED_MODEL: the gateway never deserializes pickles (they are code).
 */
export function readMlmodel(text: string, what: string): MlmodelInfo {
  const { flavors, node, signature } = parseMlmodel(text, what);
  const flavor = servingFlavor(flavors);
  if (!flavor) throw unsupportedModel(`${what} ${whyNotServable(flavors)}`, { flavors });
  const conf = node[flavor];
  const key = flavor === ONNX_FLAVOR ? "data" : "model_file";
  const fallback = flavor === ONNX_FLAVOR ? "model.onnx" : "model.json";
  const modelFile = isObject(conf) && typeof conf[key] === "string" ? conf[key] : fallback;
  if (modelFile.split("/").includes("..") || modelFile.startsWith("/"))
    throw unsupportedModel(
      `${what}: the MLmodel names the model file ${JSON.stringify(modelFile)} outside its folder`,
    );
  return signature === undefined ? { flavors, flavor, modelFile } : { flavors, flavor, modelFile, signature };
}

/** The flavor predict would use, or null when the version has none the gateway runs. */
export function servingFlavor(flavors: readonly string[]): ServingFlavor | null {
  if (flavors.includes(GATEWAY_FLAVOR)) return GATEWAY_FLAVOR;
  if (flavors.includes(ONNX_FLAVOR)) return ONNX_FLAVOR;
  return null;
}

/** Why a version with these flavors cannot be served, and how to make it servable. */
export function whyNotServable(flavors: readonly string[]): string {
  const listed = flavors.length ? `has the flavors ${flavors.join(", ")}` : "lists no flavors";
  return (
    `${listed}; the gateway serves models with the ${ONNX_FLAVOR} flavor or its own ${GATEWAY_FLAVOR} flavor (trainGrid), ` +
    `and never loads pickles. To serve a scikit-learn model, convert it with skl2onnx and log it with mlflow.onnx.log_model ` +
    `(or run scripts/convert_to_onnx.py on this version); see ${PYTHON_MODELS_DOC}.`
  );
}

/** The flavors (names and settings) and signature of an MLmodel file; UNSUPPORTED_MODEL when it is not one. */
export function parseMlmodel(
  text: string,
  what: string,
): { flavors: string[]; node: Record<string, unknown>; signature?: unknown } {
  if (Buffer.byteLength(text) > MAX_MLMODEL_BYTES)
    throw unsupportedModel(`${what}: the MLmodel file is larger than 1 MB, so it is not an MLflow model`);
  let doc: unknown;
  try {
    // The yaml package builds plain data only (no custom tags), with alias expansion capped.
    doc = parseYaml(text, { maxAliasCount: 100 });
  } catch {
    throw unsupportedModel(`${what}: the MLmodel file is not valid YAML`);
  }
  const node = isObject(doc) ? doc.flavors : undefined;
  if (!isObject(node) || !Object.keys(node).length)
    throw unsupportedModel(`${what}: the MLmodel file lists no flavors`, { flavors: [] });
  const signature = isObject(doc) && isObject(doc.signature) ? doc.signature : undefined;
  return { flavors: Object.keys(node), node, signature };
}

/** Parse and check model.json; anything that is not format version 1 of the gateway's format is UNSUPPORTED_MODEL. */
export function readGatewayModelFile(text: string, what: string): GatewayModelFile {
  let file: unknown;
  try {
    file = JSON.parse(text);
  } catch {
    throw unsupportedModel(`${what}: the model file is not valid JSON`);
  }
  const bad = (why: string) => unsupportedModel(`${what}: the model file ${why}`);
  if (!isObject(file) || file.format !== GATEWAY_FLAVOR) throw bad(`is not in the ${GATEWAY_FLAVOR} format`);
  if (file.formatVersion !== MODEL_FORMAT_VERSION)
    throw bad(
      `has format version ${JSON.stringify(file.formatVersion)}; this gateway reads version ${MODEL_FORMAT_VERSION}`,
    );
  if (
    !Array.isArray(file.classes) ||
    !file.classes.length ||
    !file.classes.every((c) => typeof c === "string")
  )
    throw bad("has no list of class labels");
  if (
    !Array.isArray(file.inputs) ||
    !file.inputs.length ||
    !file.inputs.every(
      (c) =>
        isObject(c) &&
        typeof c.name === "string" &&
        ["double", "long", "string", "boolean"].includes(c.type as string),
    )
  )
    throw bad("has no valid list of input columns");
  if (!isObject(file.pipeline)) throw bad("has no fitted pipeline");
  return file as unknown as GatewayModelFile;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}
