// Per-request DataLoaders: one per "load many X by key" that MLflow can batch. Created fresh for every request.
// Latest metrics need no loader: MLflow sends them inside every run (get and search alike).
import DataLoader from "dataloader";
import type { Services } from "./services";
import type { ModelSignature, ModelVersionKey, RunKey } from "./services/mlflow/tracking";
import type {
  MlflowExperiment,
  MlflowMetric,
  MlflowModelVersion,
  MlflowRegisteredModel,
  MlflowRun,
} from "./services/mlflow/types";

export interface Loaders {
  /** Runs by id; a key's experiment hint lets the batch use one search instead of one get per run. */
  runs: DataLoader<RunKey, MlflowRun | null, string>;
  /** Experiments by id (deleted ones too). */
  experiments: DataLoader<string, MlflowExperiment | null>;
  /** Nested runs by parent run id (searched in the parent's experiment, the hint). */
  childRuns: DataLoader<RunKey, MlflowRun[], string>;
  /** Model versions registered from each run id. */
  modelVersionsByRun: DataLoader<string, MlflowModelVersion[]>;
  /** Registered models by name (with their aliases). */
  registeredModels: DataLoader<string, MlflowRegisteredModel | null>;
  /** Model versions by name and number. */
  modelVersions: DataLoader<ModelVersionKey, MlflowModelVersion | null, string>;
  /** A run's full history of one metric (deduplicated per request; MLflow only batches it sampled). */
  metricHistory: DataLoader<{ runId: string; key: string }, MlflowMetric[], string>;
  /** A model version's signature from its MLmodel (deduplicated per request). */
  signatures: DataLoader<MlflowModelVersion, ModelSignature | null, string>;
  /** Every active experiment, listed at most once per request (and remembered by id). */
  activeExperiments(): Promise<MlflowExperiment[]>;
  /** Remember runs a search returned, so later lookups by id cost nothing. */
  rememberRuns(runs: MlflowRun[]): void;
  /** Remember experiments a search returned. */
  rememberExperiments(experiments: MlflowExperiment[]): void;
}

const versionKey = (k: ModelVersionKey) => `${k.name}\u0000${k.version}`;

export function createLoaders(services: Services): Loaders {
  const tracking = services.tracking;
  let active: Promise<MlflowExperiment[]> | undefined;

  const experiments = new DataLoader<string, MlflowExperiment | null>(
    (ids) => tracking.experimentsByIds(ids),
    {
      maxBatchSize: 100,
    },
  );
  const rememberExperiments = (list: MlflowExperiment[]) => {
    for (const e of list) experiments.prime(e.experiment_id, e);
  };
  const activeExperiments = () => {
    active ??= tracking.activeExperiments().then((list) => {
      rememberExperiments(list);
      return list;
    });
    return active;
  };

  const runs = new DataLoader<RunKey, MlflowRun | null, string>(
    (keys) => tracking.runsByKeys(keys, activeExperiments),
    { cacheKeyFn: (k) => k.id, maxBatchSize: 100 },
  );

  return {
    runs,
    experiments,
    childRuns: new DataLoader<RunKey, MlflowRun[], string>((keys) => tracking.childrenByParents(keys), {
      cacheKeyFn: (k) => k.id,
    }),
    modelVersionsByRun: new DataLoader<string, MlflowModelVersion[]>(
      (ids) => tracking.modelVersionsByRunIds(ids),
      { maxBatchSize: 100 },
    ),
    registeredModels: new DataLoader<string, MlflowRegisteredModel | null>(
      async (names) => {
        const models = await tracking.registeredModelsByNames(names);
        tracking.rememberAliases(models);
        return models;
      },
      { maxBatchSize: 100 },
    ),
    modelVersions: new DataLoader<ModelVersionKey, MlflowModelVersion | null, string>(
      (keys) => tracking.modelVersionsByNumbers(keys),
      { cacheKeyFn: versionKey },
    ),
    metricHistory: new DataLoader<{ runId: string; key: string }, MlflowMetric[], string>(
      (keys) =>
        Promise.all(keys.map((k) => tracking.metricHistory(k.runId, k.key).catch((err: Error) => err))),
      { cacheKeyFn: (k) => `${k.runId}\u0000${k.key}` },
    ),
    signatures: new DataLoader<MlflowModelVersion, ModelSignature | null, string>(
      (mvs) => Promise.all(mvs.map((mv) => tracking.readSignature(mv).catch((err: Error) => err))),
      { cacheKeyFn: (mv) => versionKey({ name: mv.name, version: Number(mv.version) }) },
    ),
    activeExperiments,
    rememberRuns(list) {
      for (const r of list) runs.prime({ id: r.info.run_id }, r);
    },
    rememberExperiments,
  };
}
