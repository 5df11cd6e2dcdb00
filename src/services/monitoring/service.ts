// Prediction monitoring: what a model answered over a window of the prediction log, and how far the inputs its
// serving version saw drift from the data that version was trained on (PSI per feature).
import type { Logger } from "pino";
import type { Config } from "../../config";
import { errorCode, ErrorCode } from "../../errors";
import type { ArtifactStore } from "../artifacts/store";
import { joinArtifactUri } from "../artifacts/uri";
import type { DatasetService } from "../datasets/service";
import type { MlflowClient } from "../mlflow/client";
import { parseModelReference } from "../mlflow/model-reference";
import type { TrackingService } from "../mlflow/tracking";
import type { MlflowDatasetInput, MlflowModelVersion } from "../mlflow/types";
import type { GatewayDb } from "../store/db";
import { DatasetSource } from "../../schema/enums";
import {
  driftBins,
  FeatureProfile,
  parseProfile,
  PROFILE_ARTIFACT,
  profileRows,
  ProfiledColumn,
  psi,
  TrainingProfile,
} from "../models/training-profile";
import { countsQuery, driftQuery, servingVersionQuery, Window } from "./stats-sql";

export interface MonitoringDeps {
  config: Config["monitoring"];
  log: Logger;
  db: GatewayDb;
  mlflow: MlflowClient;
  artifacts: ArtifactStore;
  datasets: DatasetService;
  tracking: TrackingService;
  /** Writes the prediction log's buffer, so a window includes predictions made a moment ago. */
  flushLog: () => Promise<void>;
}

export interface FeatureDriftResult {
  feature: string;
  psi: number | null;
  trainingMean: number | null;
  servingMean: number | null;
  unseenShare: number;
}

export interface PredictionStatsResult {
  model: string;
  total: number;
  byVersion: { version: number; count: number }[];
  labels: { label: string; count: number; share: number }[];
  /** The version whose inputs the drift figures describe: the one that answered the window's newest prediction. */
  servingVersion: number | null;
  drift: FeatureDriftResult[];
  /** Why drift is empty, when it is. */
  driftNote: string | null;
}

interface ProfileLookup {
  profile: TrainingProfile | null;
  note: string | null;
}

/** Rows read from a dataset table to profile a model that was logged without a profile. */
const FALLBACK_MAX_ROWS = 100_000;
const PROFILE_CACHE = 200;

export class MonitoringService {
  /** Training profiles by "name/version": a version's training data never changes. */
  private readonly profiles = new Map<string, ProfileLookup>();

  constructor(private readonly deps: MonitoringDeps) {}

  async predictionStats(
    model: string,
    since?: Date | null,
    until?: Date | null,
  ): Promise<PredictionStatsResult> {
    const ref = parseModelReference(model, "model");
    let version: number | null = null;
    if (ref.kind !== "alias" || model.includes("@")) {
      // name@alias, name/3, name/Stage: the window is that version's rows. A bare name means every version.
      const mv = await this.deps.tracking.resolveModelVersion(model);
      version = mv ? Number(mv.version) : -1;
    }
    const window: Window = { model: ref.name, version, since, until };
    await this.deps.flushLog();
    const q = (query: { text: string; values: unknown[] }) => this.deps.db.query(query.text, query.values);
    // The counting scan and the drift read run side by side: the serving version comes from the time index.
    const driftRead = q(servingVersionQuery(window)).then(async ([newest]) => {
      if (!newest) return { version: null, drift: [], note: "no predictions in the window" };
      const servingVersion = Number(newest.model_version);
      const lookup = await this.profileOf(ref.name, servingVersion);
      if (!lookup.profile) return { version: servingVersion, drift: [], note: lookup.note };
      const drift = await this.drift(
        { ...window, version: servingVersion },
        lookup.profile.features,
        this.deps.config.driftSampleRows,
      );
      return { version: servingVersion, drift, note: null };
    });
    const [counts, served] = await Promise.all([q(countsQuery(window)), driftRead]);
    const byVersion = counts
      .filter((r) => r.by_version)
      .map((r) => ({ version: Number(r.model_version), count: Number(r.n) }))
      .sort((x, y) => x.version - y.version);
    const total = byVersion.reduce((s, v) => s + v.count, 0);
    const labels = counts
      .filter((r) => !r.by_version)
      .map((r) => ({ label: String(r.label), count: Number(r.n), share: total ? Number(r.n) / total : 0 }))
      .sort((x, y) => y.count - x.count || (x.label < y.label ? -1 : 1));
    return {
      model: ref.name,
      total,
      byVersion,
      labels,
      servingVersion: served.version,
      drift: served.drift,
      driftNote: served.note,
    };
  }

  private async drift(
    window: Window,
    features: FeatureProfile[],
    newest: number,
  ): Promise<FeatureDriftResult[]> {
    const query = driftQuery(window, features, newest);
    const [row] = await this.deps.db.query(query.text, query.values);
    const n = Number(row?.n ?? 0);
    return query.columns.map((c) => {
      const counts = c.bins.map((b) => Number(row[b]));
      const nulls = Number(row[c.nulls]);
      const unseen = c.unseen ? Number(row[c.unseen]) : 0;
      const { expected, actual } = driftBins(c.feature, c.unseen ? [...counts, unseen] : counts, nulls);
      const mean = c.mean ? row[c.mean] : null;
      return {
        feature: c.feature.name,
        psi: n ? psi(expected, actual) : null,
        trainingMean: c.feature.kind === "numeric" ? c.feature.mean : null,
        servingMean: mean === null || mean === undefined ? null : Number(mean),
        unseenShare: n ? (nulls + unseen) / n : 0,
      };
    });
  }

  /**
   * A version's training profile: the run's training_profile.json (trainGrid writes one), else one computed from
   * the dataset table the run logged as its training input, when that table is reachable; else a note saying why.
   */
  async profileOf(name: string, version: number): Promise<ProfileLookup> {
    const key = `${name}/${version}`;
    const cached = this.profiles.get(key);
    if (cached) return cached;
    const lookup = await this.lookupProfile(name, version);
    // A missing profile may appear later (a table comes back); only found ones are kept.
    if (lookup.profile) {
      if (this.profiles.size >= PROFILE_CACHE) this.profiles.delete(this.profiles.keys().next().value!);
      this.profiles.set(key, lookup);
    }
    return lookup;
  }

  private async lookupProfile(name: string, version: number): Promise<ProfileLookup> {
    const mv = await this.deps.mlflow.getModelVersion(name, version);
    if (!mv) return { profile: null, note: `version ${version} of ${name} is no longer in the registry` };
    const run = mv.run_id ? await this.deps.mlflow.getRun(mv.run_id) : null;
    if (!run)
      return {
        profile: null,
        note: `version ${version} has no source run, so no training data to compare with`,
      };
    if (run.info.artifact_uri) {
      try {
        const raw = await this.deps.artifacts.get(joinArtifactUri(run.info.artifact_uri, PROFILE_ARTIFACT));
        const profile = parseProfile(JSON.parse(raw.toString("utf8")));
        if (profile) return { profile, note: null };
      } catch (err) {
        if (errorCode(err) !== ErrorCode.NOT_FOUND && !(err instanceof SyntaxError)) throw err;
      }
    }
    return this.profileFromDatasetInput(mv, run.inputs?.dataset_inputs ?? []);
  }

  private async profileFromDatasetInput(
    mv: MlflowModelVersion,
    inputs: MlflowDatasetInput[],
  ): Promise<ProfileLookup> {
    const training =
      inputs.find((d) => d.tags?.some((t) => t.key === "mlflow.data.context" && t.value === "training")) ??
      inputs[0];
    const noProfile = `the run of version ${mv.version} has no ${PROFILE_ARTIFACT}`;
    if (!training) return { profile: null, note: `${noProfile} and logged no dataset input` };
    const type = training.dataset.source_type;
    const source =
      type === "mysql" ? DatasetSource.MYSQL : type === "postgresql" ? DatasetSource.POSTGRES : null;
    if (!source)
      return {
        profile: null,
        note: `${noProfile}, and its dataset input "${training.dataset.name}" (${type ?? "unknown source"}) is not a MySQL or PostgreSQL table the gateway can read`,
      };
    const columns = await this.featureColumns(mv);
    if (!columns.length)
      return { profile: null, note: `${noProfile}, and its signature names no input columns to profile` };
    try {
      const table = await this.deps.datasets.readTable(
        source,
        training.dataset.name,
        columns.map((c) => c.name),
      );
      return { profile: profileRows(table.rows.slice(0, FALLBACK_MAX_ROWS), columns), note: null };
    } catch (err) {
      this.deps.log.info(
        { err, model: mv.name, version: mv.version },
        "monitoring: dataset input not readable",
      );
      return {
        profile: null,
        note: `${noProfile}, and its dataset input table "${training.dataset.name}" (${source}) could not be read`,
      };
    }
  }

  /** Input columns from the version's MLflow signature (ColSpec), typed as numeric or categorical. */
  private async featureColumns(mv: MlflowModelVersion): Promise<ProfiledColumn[]> {
    const signature = await this.deps.tracking.readSignature(mv);
    type Spec = { name?: string; type?: string; "tensor-spec"?: { dtype?: string } };
    const inputs = Array.isArray(signature?.inputs) ? (signature!.inputs as Spec[]) : [];
    const textual = (c: Spec) =>
      c.type === "string" ||
      c.type === "boolean" ||
      (c.type === "tensor" && /^(str|object|bool)/.test(c["tensor-spec"]?.dtype ?? ""));
    return inputs
      .filter((c): c is Spec & { name: string } => typeof c.name === "string")
      .map((c) => ({ name: c.name, kind: textual(c) ? "categorical" : "numeric" }));
  }
}
