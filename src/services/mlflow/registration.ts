// Registering a run's model directory as a model version: create the registered model if needed, wait for READY.
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
  if (!NAME.test(opts.name)) {
    throw badInput(
      `name ${JSON.stringify(opts.name)} is not a valid model name: use letters, digits, "_", "-", "." and spaces`,
      {
        field: "name",
      },
    );
  }
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
  let mv = await mlflow.createModelVersion({
    name: opts.name,
    source: `${root.replace(/\/+$/, "")}/${path}`,
    runId: opts.runId,
    tags: opts.tags,
    description: opts.description,
  });
  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  while (mv.status === "PENDING_REGISTRATION") {
    if (Date.now() > deadline) {
      throw upstreamUnavailable(
        "mlflow",
        `model version ${opts.name}/${mv.version} is still PENDING_REGISTRATION; poll it later`,
      );
    }
    await new Promise((r) => setTimeout(r, 200));
    mv = (await mlflow.getModelVersion(opts.name, mv.version)) ?? mv;
  }
  if (mv.status === "FAILED_REGISTRATION") {
    throw upstreamUnavailable(
      "mlflow",
      `MLflow failed to register ${opts.name}/${mv.version}: ${mv.status_message ?? "no reason given"}`,
    );
  }
  return mv;
}
