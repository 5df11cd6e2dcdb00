// Worker-thread entry of the scoring pool: holds loaded models by key and scores rows off the main thread.
import { parentPort } from "node:worker_threads";
import { GraphQLError } from "graphql";
import type { GatewayModelFile, LoadedModel } from "../models/model-format";
import { loadGatewayModel } from "../models/model-runtime";
import type { FromScorer, ToScorer } from "./scoring-pool";

/** Models this worker has built, most recently used last; a handful is plenty (the main LRU decides). */
const models = new Map<string, LoadedModel>();
const MAX_MODELS = 8;

function modelFor(key: string, file: GatewayModelFile | undefined): LoadedModel | null {
  const hit = models.get(key);
  if (hit) {
    models.delete(key);
    models.set(key, hit);
    return hit;
  }
  if (!file) return null;
  const model = loadGatewayModel(file);
  models.set(key, model);
  if (models.size > MAX_MODELS) models.delete(models.keys().next().value as string);
  return model;
}

parentPort!.on("message", (msg: ToScorer) => {
  const reply = (m: FromScorer, transfer: ArrayBuffer[] = []) => parentPort!.postMessage(m, transfer);
  try {
    const model = modelFor(msg.key, msg.file);
    if (!model) return reply({ id: msg.id, needModel: true });
    const proba = model.predictProba(msg.rows);
    const k = proba[0]?.length ?? 0;
    const flat = new Float64Array(proba.length * k);
    for (let i = 0; i < proba.length; i++) flat.set(proba[i], i * k);
    reply({ id: msg.id, proba: flat, classes: k }, [flat.buffer]);
  } catch (err) {
    const e = err instanceof GraphQLError ? err : null;
    reply({
      id: msg.id,
      error: {
        message: err instanceof Error ? err.message : String(err),
        extensions: e ? { ...e.extensions } : undefined,
      },
    });
  }
});
