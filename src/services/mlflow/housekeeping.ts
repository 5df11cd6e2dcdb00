// Registry and tracking housekeeping over MLflow REST: tags on experiments, runs, registered models and versions,
// descriptions, and archiving a version's legacy stage. (Alias deletion is a promotion: see promotion/service.ts.)
import { GraphQLError } from "graphql";
import { badInput, ErrorCode, errorCode, notFound } from "../../errors";
import type { MlflowClient } from "./client";
import type { MlflowModelVersion, MlflowRegisteredModel } from "./types";

export type TagTarget = "EXPERIMENT" | "RUN" | "REGISTERED_MODEL" | "MODEL_VERSION";

/** MLflow's own limits (validation.py): keys 250 characters; registry tag values 5000, run tag values 8000. */
const MAX_KEY = 250;
const MAX_VALUE: Record<TagTarget, number> = {
  EXPERIMENT: 5000,
  RUN: 8000,
  REGISTERED_MODEL: 5000,
  MODEL_VERSION: 5000,
};
const MAX_DESCRIPTION = 100_000;

/** "name/3" → name and version; BAD_USER_INPUT naming the field otherwise. */
export function parseVersionId(id: string, field: string): { name: string; version: number } {
  const slash = id.lastIndexOf("/");
  const name = id.slice(0, slash).trim();
  const version = Number(id.slice(slash + 1));
  if (slash <= 0 || !name || !Number.isInteger(version) || version < 1)
    throw badInput(`${field} ${JSON.stringify(id)} must be "name/version", e.g. "penguins/3"`, { field });
  return { name, version };
}

/** Keys the caller may write: not empty, not too long, and not in MLflow's reserved `mlflow.` namespace. */
export function checkTagKey(key: string, field = "input.key"): string {
  const k = key.trim();
  if (!k) throw badInput(`${field} is empty: give the tag a key`, { field });
  if (k.length > MAX_KEY)
    throw badInput(`${field} has ${k.length} characters; MLflow allows ${MAX_KEY}`, { field });
  if (/^mlflow\./i.test(k))
    throw badInput(
      `${field} ${JSON.stringify(k)} is in MLflow's reserved "mlflow." namespace, which MLflow and its UI manage: choose another key`,
      { field },
    );
  return k;
}

/**
 * MLflow's own refusal of a tag (its key grammar: alphanumerics, `_ - . : /` and spaces, no path tricks) as
 * BAD_USER_INPUT naming the input field, with MLflow's reason; anything else as it was.
 */
function namingTagField(err: unknown): unknown {
  if (errorCode(err) !== ErrorCode.BAD_USER_INPUT || !(err instanceof GraphQLError)) return err;
  const field = /parameter 'key'/.test(err.message)
    ? "input.key"
    : /parameter 'value'/.test(err.message)
      ? "input.value"
      : null;
  if (!field || err.extensions.field) return err;
  return badInput(`${field} was refused by MLflow: ${err.message}`, { field, upstream: "mlflow" });
}

export class HousekeepingService {
  constructor(private readonly mlflow: MlflowClient) {}

  async setTag(target: TagTarget, id: string, key: string, value: string): Promise<void> {
    const k = checkTagKey(key);
    if (value.length > MAX_VALUE[target])
      throw badInput(`input.value has ${value.length} characters; MLflow allows ${MAX_VALUE[target]} here`, {
        field: "input.value",
      });
    try {
      await this.writeTag(target, id, k, value);
    } catch (err) {
      throw namingTagField(err);
    }
  }

  private async writeTag(target: TagTarget, id: string, k: string, value: string): Promise<void> {
    const c = this.mlflow;
    switch (target) {
      case "EXPERIMENT":
        await this.requireExperiment(id);
        await c.call("POST", "experiments/set-experiment-tag", {
          body: { experiment_id: id, key: k, value },
        });
        return;
      case "RUN":
        await this.requireRun(id);
        await c.setTag(id, k, value);
        return;
      case "REGISTERED_MODEL":
        await this.requireModel(id);
        await c.call("POST", "registered-models/set-tag", { body: { name: id, key: k, value } });
        return;
      case "MODEL_VERSION": {
        const mv = await this.requireVersion(id);
        await c.setModelVersionTag(mv.name, mv.version, k, value);
        return;
      }
    }
  }

  async deleteTag(target: TagTarget, id: string, key: string): Promise<void> {
    const k = checkTagKey(key);
    const c = this.mlflow;
    const missing = () =>
      notFound(
        `${target.toLowerCase().replace("_", " ")} ${JSON.stringify(id)} has no tag ${JSON.stringify(k)}`,
        {
          field: "input.key",
        },
      );
    switch (target) {
      case "EXPERIMENT": {
        const e = await this.requireExperiment(id);
        if (!e.tags?.some((t) => t.key === k)) throw missing();
        await c.call("POST", "experiments/delete-experiment-tag", { body: { experiment_id: id, key: k } });
        return;
      }
      case "RUN": {
        const run = await this.requireRun(id);
        if (!run.data?.tags?.some((t) => t.key === k)) throw missing();
        await c.call("POST", "runs/delete-tag", { body: { run_id: id, key: k } });
        return;
      }
      case "REGISTERED_MODEL": {
        const m = await this.requireModel(id);
        if (!m.tags?.some((t) => t.key === k)) throw missing();
        await c.call("DELETE", "registered-models/delete-tag", { body: { name: id, key: k } });
        return;
      }
      case "MODEL_VERSION": {
        const mv = await this.requireVersion(id);
        if (!mv.tags?.some((t) => t.key === k)) throw missing();
        await c.call("DELETE", "model-versions/delete-tag", {
          body: { name: mv.name, version: String(mv.version), key: k },
        });
        return;
      }
    }
  }

  async setModelDescription(name: string, description: string): Promise<MlflowRegisteredModel> {
    this.checkDescription(description);
    await this.requireModel(name, "name");
    const r = await this.mlflow.call<{ registered_model: MlflowRegisteredModel }>(
      "PATCH",
      "registered-models/update",
      { body: { name, description } },
    );
    return (await this.mlflow.getRegisteredModel(name)) ?? r.registered_model;
  }

  async setVersionDescription(
    name: string,
    version: number,
    description: string,
  ): Promise<MlflowModelVersion> {
    this.checkDescription(description);
    await this.requireVersion(`${name}/${version}`, "version");
    const r = await this.mlflow.call<{ model_version: MlflowModelVersion }>(
      "PATCH",
      "model-versions/update",
      {
        body: { name, version: String(version), description },
      },
    );
    return r.model_version;
  }

  /** Move a version to the legacy stage Archived (MLflow's stages are deprecated; aliases replace them). */
  async archiveVersion(name: string, version: number): Promise<MlflowModelVersion> {
    await this.requireVersion(`${name}/${version}`, "version");
    return this.mlflow.transitionStage(name, version, "Archived", false);
  }

  private checkDescription(description: string): void {
    if (description.length > MAX_DESCRIPTION)
      throw badInput(`description has ${description.length} characters; keep it under ${MAX_DESCRIPTION}`, {
        field: "description",
      });
  }

  private async requireExperiment(id: string) {
    const e = /^\d+$/.test(id) ? await this.mlflow.getExperiment(id) : null;
    if (!e || e.lifecycle_stage === "deleted")
      throw notFound(`experiment ${JSON.stringify(id)} does not exist (give its id, e.g. "1")`, {
        field: "input.id",
      });
    return e;
  }

  private async requireRun(id: string) {
    const run = /^[A-Za-z0-9_-]{1,64}$/.test(id) ? await this.mlflow.getRun(id) : null;
    if (!run) throw notFound(`run ${JSON.stringify(id)} does not exist`, { field: "input.id" });
    return run;
  }

  private async requireModel(name: string, field = "input.id") {
    const m = await this.mlflow.getRegisteredModel(name);
    if (!m) throw notFound(`registered model ${JSON.stringify(name)} does not exist`, { field });
    return m;
  }

  private async requireVersion(id: string, field = "input.id") {
    const { name, version } = parseVersionId(id, field);
    const mv = await this.mlflow.getModelVersion(name, version);
    if (!mv) throw notFound(`model ${JSON.stringify(name)} has no version ${version}`, { field });
    return mv;
  }
}
