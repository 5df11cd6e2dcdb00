// Worker-thread entry of the scoring pool: holds gateway models by key and scores rows off the main thread.
import { parentPort } from "node:worker_threads";
import { GraphQLError } from "graphql";
import type { GatewayModelFile } from "../models/model-format";
import { loadGatewayModel } from "../models/model-runtime";
import { gatewayServable, type ServableModel } from "../models/servable";
import type { FromScorer, ToScorer } from "./scoring-pool";

/** Models this worker has built, most recently used last; a handful is plenty (the main LRU decides). */
const models = new Map<string, ServableModel>();
const MAX_MODELS = 8;

function modelFor(key: string, file: GatewayModelFile | undefined): ServableModel | null {
  const hit = models.get(key);
  if (hit) {
    models.delete(key);
    models.set(key, hit);
    return hit;
  }
  if (!file) return null;
  const model = gatewayServable(file, loadGatewayModel(file), 0);
  models.set(key, model);
  if (models.size > MAX_MODELS) models.delete(models.keys().next().value as string);
  return model;
}

parentPort!.on("message", (msg: ToScorer) => {
  const reply = (m: FromScorer) => parentPort!.postMessage(m);
  const fail = (err: unknown) =>
    reply({
      id: msg.id,
      error: {
        message: err instanceof Error ? err.message : String(err),
        extensions: err instanceof GraphQLError ? { ...err.extensions } : undefined,
      },
    });
  try {
    const model = modelFor(msg.key, msg.file);
    if (!model) return reply({ id: msg.id, needModel: true });
    model.predict(msg.rows, msg.field).then((result) => reply({ id: msg.id, result }), fail);
  } catch (err) {
    fail(err);
  }
});
