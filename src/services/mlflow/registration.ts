// Registering a model as a version: a run's model directory (MLflow 2 layout) or an MLflow 3 LoggedModel; the
// registered model is created if needed, and the version is awaited until READY.
import { badInput, upstreamUnavailable } from "../../errors";
import type { MlflowClient } from "./client";
import type { KeyValue, MlflowModelVersion } from "./types";

export interface RegisterOptions {
  name: string;
  runId: string;
  /** The model directory inside the run's artifacts, e.g. "model". */
  artifactPath: string;
  tags?: KeyValue[];
  description?: string;
  /** How long to wait for READY (ms). */
  timeoutMs?: number;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.\- ]{0,255}$/;

/** Register `<run artifact_uri>/<artifactPath>` under `name` and wait until MLflow says READY. */
export async function registerRunModel(
  mlflow: MlflowClient,
  opts: RegisterOptions,
): Promise<MlflowModelVersion> {
  checkName(opts.name);
  const run = await mlflow.getRun(opts.runId);
  if (!run) throw badInput(`run ${opts.runId} does not exist in MLflow`, { field: "runId" });
  const root = run.info.artifact_uri;
  if (!root) throw badInput(`run ${opts.runId} has no artifact location`, { field: "runId" });
  const path = opts.artifactPath.replace(/^\/+|\/+$/g, "");
  if (!path || path.split("/").some((s) => s === ".." || s === ".") || path.includes("\\")) {
    throw badInput(
      `artifactPath ${JSON.stringify(opts.artifactPath)} must be a relative path inside the run's artifacts`,
      {
        field: "artifactPath",
      },
    );
  }
  await mlflow.ensureRegisteredModel(opts.name);
  const mv = await mlflow.createModelVersion({
    name: opts.name,
    source: `${root.replace(/\/+$/, "")}/${path}`,
    runId: opts.runId,
    tags: opts.tags,
    description: opts.description,
  });
  return awaitReady(mlflow, mv, opts.timeoutMs);
}

/** LoggedModel ids as MLflow 3 makes them: "m-" and 32 hex digits. */
export const LOGGED_MODEL_ID = /^m-[0-9a-f]{32}$/;

/**
 * Register a LoggedModel as MLflow 3's Python client does: source `models:/<model_id>`, the model's source run,
 * and `model_id`, so the version links back to the LoggedModel (ModelVersion.model_id).
 */
export async function registerLoggedModel(
  mlflow: MlflowClient,
  opts: Omit<RegisterOptions, "runId" | "artifactPath"> & { modelId: string; sourceRunId?: string },
): Promise<MlflowModelVersion> {
  checkName(opts.name);
  await mlflow.ensureRegisteredModel(opts.name);
  const mv = await mlflow.createModelVersion({
    name: opts.name,
    source: `models:/${opts.modelId}`,
    runId: opts.sourceRunId,
    modelId: opts.modelId,
    tags: opts.tags,
    description: opts.description,
  });
  return awaitReady(mlflow, mv, opts.timeoutMs);
}

function checkName(name: string): void {
  if (!NAME.test(name)) {
    throw badInput(
      `name ${JSON.stringify(name)} is not a valid model name: use letters, digits, "_", "-", "." and spaces`,
      { field: "name" },
    );
  }
}

async function awaitReady(
  mlflow: MlflowClient,
  created: MlflowModelVersion,
  timeoutMs = 60_000,
): Promise<MlflowModelVersion> {
  let mv = created;
  const name = mv.name;
  const deadline = Date.now() + timeoutMs;
  while (mv.status === "PENDING_REGISTRATION") {
    if (Date.now() > deadline) {
      throw upstreamUnavailable(
        "mlflow",
        `model version ${name}/${mv.version} is still PENDING_REGISTRATION; poll it later`,
      );
    }
    await new Promise((r) => setTimeout(r, 200));
    mv = (await mlflow.getModelVersion(name, mv.version)) ?? mv;
  }
  if (mv.status === "FAILED_REGISTRATION") {
    throw upstreamUnavailable(
      "mlflow",
      `MLflow failed to register ${name}/${mv.version}: ${mv.status_message ?? "no reason given"}`,
    );
  }
  return mv;
}
