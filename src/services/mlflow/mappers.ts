// Maps MLflow DTOs to the schema's object classes. Related objects are resolved by field resolvers from `raw`.
import { fromEpochMs } from "../../schema/scalars";
import { Artifact, DatasetInput, Experiment, Metric, Run } from "../../schema/tracking.type";
import { ModelVersion, RegisteredModel } from "../../schema/registry.type";
import { RunStatus } from "../../schema/enums";
import type {
  KeyValue,
  MlflowExperiment,
  MlflowFileInfo,
  MlflowMetric,
  MlflowModelVersion,
  MlflowRegisteredModel,
  MlflowRun,
} from "./types";

export const toTags = (kv: KeyValue[] | undefined) =>
  (kv ?? []).map((t) => ({ key: t.key, value: t.value ?? "" }));

export function toExperiment(raw: MlflowExperiment): Experiment {
  return Object.assign(new Experiment(), {
    id: raw.experiment_id,
    name: raw.name,
    artifactLocation: raw.artifact_location ?? null,
    lifecycleStage: raw.lifecycle_stage ?? "active",
    creationTime: fromEpochMs(raw.creation_time),
    lastUpdateTime: fromEpochMs(raw.last_update_time),
    tags: toTags(raw.tags),
    raw,
  });
}

export function toMetric(m: MlflowMetric): Metric {
  return Object.assign(new Metric(), {
    key: m.key,
    value: typeof m.value === "string" ? Number(m.value) : m.value,
    step: Number(m.step ?? 0),
    timestamp: fromEpochMs(m.timestamp) ?? new Date(0),
  });
}

export function toRun(raw: MlflowRun): Run {
  return Object.assign(new Run(), {
    id: raw.info.run_id,
    name: raw.info.run_name ?? null,
    status: (raw.info.status ?? "RUNNING") as RunStatus,
    startTime: fromEpochMs(raw.info.start_time),
    endTime: fromEpochMs(raw.info.end_time),
    artifactUri: raw.info.artifact_uri ?? null,
    params: (raw.data?.params ?? []).map((p) => ({ key: p.key, value: p.value ?? "" })),
    metrics: (raw.data?.metrics ?? []).map(toMetric),
    tags: toTags(raw.data?.tags),
    raw,
  });
}

export function toModelVersion(raw: MlflowModelVersion): ModelVersion {
  return Object.assign(new ModelVersion(), {
    name: raw.name,
    version: Number(raw.version),
    stage: raw.current_stage ?? null,
    status: raw.status ?? null,
    source: raw.source ?? "",
    runId: raw.run_id || null,
    aliases: raw.aliases ?? [],
    tags: toTags(raw.tags),
    creationTime: fromEpochMs(raw.creation_timestamp),
    loggedModelId: loggedModelIdOf(raw),
    raw,
  });
}

/** The LoggedModel behind a version: MLflow's model_id, or the id in a models:/<model_id> source. */
export function loggedModelIdOf(raw: MlflowModelVersion): string | null {
  if (raw.model_id) return raw.model_id;
  const m = /^models:\/(m-[0-9a-f]+)\/?$/.exec(raw.source ?? "");
  return m ? m[1] : null;
}

export function toRegisteredModel(raw: MlflowRegisteredModel): RegisteredModel {
  return Object.assign(new RegisteredModel(), {
    name: raw.name,
    description: raw.description || null,
    creationTime: fromEpochMs(raw.creation_timestamp),
    lastUpdatedTime: fromEpochMs(raw.last_updated_timestamp),
    tags: toTags(raw.tags),
    latestVersions: (raw.latest_versions ?? []).map(toModelVersion),
    raw,
  });
}

export function toArtifact(f: MlflowFileInfo): Artifact {
  return Object.assign(new Artifact(), {
    path: f.path,
    isDir: Boolean(f.is_dir),
    size: f.is_dir ? null : Number(f.file_size ?? 0),
  });
}

export function toDatasetInputs(raw: MlflowRun): DatasetInput[] {
  return (raw.inputs?.dataset_inputs ?? []).map(({ dataset }) =>
    Object.assign(new DatasetInput(), {
      name: dataset.name,
      digest: dataset.digest,
      sourceType: dataset.source_type ?? null,
      source: dataset.source ?? null,
      schema: dataset.schema ?? null,
      profile: dataset.profile ?? null,
    }),
  );
}
