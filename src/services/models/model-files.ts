// Reads a model directory's MLmodel and the gateway's model.json: flavor check and shape check, never unpickling.
import { parse as parseYaml } from "yaml";
import { unsupportedModel } from "../../errors";
import { GATEWAY_FLAVOR, GatewayModelFile, MODEL_FORMAT_VERSION } from "./model-format";

/** Larger MLmodel or model files are refused before parsing (a gateway model is a few hundred KB). */
export const MAX_MLMODEL_BYTES = 1024 * 1024;
export const MAX_MODEL_FILE_BYTES = 64 * 1024 * 1024;

export interface MlmodelInfo {
  flavors: string[];
  /** The gateway flavor's model file, relative to the model directory. */
  modelFile: string;
}

/**
 * The flavors of an MLmodel file and, when it is a gateway model, its model file.
 * A model without the `mlops_gateway` flavor (a scikit-learn pickle, a pyfunc) is UNSUPPORTED_MODEL: the gateway
 * runs only models it trained, and never deserializes anything else (pickles are code).
 */
export function readMlmodel(text: string, what: string): MlmodelInfo {
  if (Buffer.byteLength(text) > MAX_MLMODEL_BYTES)
    throw unsupportedModel(`${what}: the MLmodel file is larger than 1 MB, so it is not a gateway model`);
  let doc: unknown;
  try {
    // The yaml package builds plain data only (no custom tags), with alias expansion capped.
    doc = parseYaml(text, { maxAliasCount: 100 });
  } catch {
    throw unsupportedModel(`${what}: the MLmodel file is not valid YAML`);
  }
  const flavorsNode = isObject(doc) ? doc.flavors : undefined;
  if (!isObject(flavorsNode) || !Object.keys(flavorsNode).length)
    throw unsupportedModel(`${what}: the MLmodel file lists no flavors`, { flavors: [] });
  const flavors = Object.keys(flavorsNode);
  const gateway = flavorsNode[GATEWAY_FLAVOR];
  if (!flavors.includes(GATEWAY_FLAVOR)) {
    throw unsupportedModel(
      `${what} has the flavors ${flavors.join(", ")}; the gateway serves only models with the ${GATEWAY_FLAVOR} flavor ` +
        `(trained by trainGrid). Serve this one with MLflow's own tools, or retrain it with trainGrid.`,
      { flavors },
    );
  }
  const modelFile =
    isObject(gateway) && typeof gateway.model_file === "string" ? gateway.model_file : "model.json";
  return { flavors, modelFile };
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
