// Worker-thread entry of the scoring pool: holds gateway models by key and scores rows off the main thread.
import { parentPort } from "node:worker_threads";
import { GraphQLError } from "graphql";
import type { GatewayModelFile, LoadedModel } from "../models/model-format";
import { loadGatewayModel } from "../models/model-runtime";
import { scoreGatewayRows } from "../models/servable";
import { flatProbabilitiesText, inputColumnsText, jsonBytes, jsonText } from "./log-text";
import { inputRows } from "./scoring-input";
import type { FromScorer, ToScorer } from "./scoring-pool";

interface Held {
  file: GatewayModelFile;
  model: LoadedModel;
}

/** Models this worker has built, most recently used last; a handful is plenty (the main LRU decides). */
const models = new Map<string, Held>();
const MAX_MODELS = 8;

function modelFor(key: string, file: GatewayModelFile | undefined): Held | null {
  const hit = models.get(key);
  if (hit) {
    models.delete(key);
    models.set(key, hit);
    return hit;
  }
  if (!file) return null;
  const held = { file, model: loadGatewayModel(file) };
  models.set(key, held);
  if (models.size > MAX_MODELS) models.delete(models.keys().next().value as string);
  return held;
}

parentPort!.on("message", (msg: ToScorer) => {
  const reply = (m: FromScorer, transfer?: ArrayBuffer[]) => parentPort!.postMessage(m, transfer);
  const fail = (err: unknown) =>
    reply({
      id: msg.id,
      error: {
        message: err instanceof Error ? err.message : String(err),
        extensions: err instanceof GraphQLError ? { ...err.extensions } : undefined,
      },
    });
  try {
    const held = modelFor(msg.key, msg.file);
    if (!held) return reply({ id: msg.id, needModel: true });
    const { rows, proba } = scoreGatewayRows(held.file, held.model, inputRows(msg.input), msg.field);
    const k = held.file.classes.length;
    const flat = new Float64Array(rows.length * k);
    for (let i = 0; i < rows.length; i++) for (let j = 0; j < k; j++) flat[i * k + j] = proba[i][j];
    // The log's compact layout: the rows as columns (checked rows share their keys), the probabilities flat.
    const probaText = flatProbabilitiesText(flat);
    const result = {
      proba: flat,
      inputs: jsonBytes(inputColumnsText(rows) ?? jsonText(rows)),
      probabilities: jsonBytes(probaText),
      probaJson: msg.probaJson === true ? probaText : undefined,
    };
    reply({ id: msg.id, result }, [
      flat.buffer,
      result.inputs.buffer as ArrayBuffer,
      result.probabilities.buffer as ArrayBuffer,
    ]);
  } catch (err) {
    fail(err);
  }
});
