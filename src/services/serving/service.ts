// Serving: model references resolved to versions, a bounded model cache, predict, promotion, the prediction log.
import type { Logger } from "pino";
import type { Config } from "../../config";
import {
  badInput,
  describeCause,
  ErrorCode,
  errorCode,
  isGatewayError,
  notFound,
  unsupportedModel,
} from "../../errors";
import type { ArtifactStore } from "../artifacts/store";
import { joinArtifactUri, parseArtifactUri } from "../artifacts/uri";
import type { EventBus } from "../events/bus";
import { publishAliasChange } from "../events/topics";
import type { MlflowClient } from "../mlflow/client";
import { DEFAULT_ALIAS, ModelReference, parseModelReference } from "../mlflow/model-reference";
import type { TrackingService } from "../mlflow/tracking";
import type { MlflowModelVersion } from "../mlflow/types";
import type { GatewayDb } from "../store/db";
import type { GatewayModelFile, LoadedModel } from "../training/model-format";
import { loadGatewayModel } from "../training/model-runtime";
import { validateRows } from "./input-validation";
import { LruCache } from "./lru-cache";
import { MAX_MODEL_FILE_BYTES, readGatewayModelFile, readMlmodel } from "./model-files";
import { PredictionLog, PredictionLogRow } from "./prediction-log";
import { checkAlias, compareForPromotion, formatMetric, latestMetric } from "./promotion";
import { ResolutionCache } from "./resolution-cache";

export interface ServingDeps {
  config: Config;
  log: Logger;
  db: GatewayDb;
  events: EventBus;
  mlflow: MlflowClient;
  artifacts: ArtifactStore;
  tracking: TrackingService;
}

/** A promotion request (promoteModel's input, also used by trainGrid's promoteTo). */
export interface PromoteRequest {
  name: string;
  version: number;
  alias: string;
  /** MLflow stage name: "None" | "Staging" | "Production" | "Archived". */
  stage?: string | null;
  archiveExisting: boolean;
  requireBetter?: { metric: string; higherIsBetter: boolean } | null;
}

export interface PromoteResult {
  promoted: boolean;
  reason: string;
  /** The candidate version after the promotion (or unchanged). */
  modelVersion: import("../mlflow/types").MlflowModelVersion;
  /** The alias's holder before the promotion, if any. */
  previous: import("../mlflow/types").MlflowModelVersion | null;
}

export interface ClassProbabilityValue {
  label: string;
  probability: number;
}

export interface RowPrediction {
  label: string;
  /** Every class of the model, in the model's class order, summing to 1. */
  probabilities: ClassProbabilityValue[];
}

export interface PredictResult {
  /** The exact version that answered. */
  modelVersion: MlflowModelVersion;
  predictions: RowPrediction[];
}

export interface PredictionLogEntry {
  id: string;
  modelName: string;
  modelVersion: number;
  input: Record<string, unknown>;
  label: string;
  probabilities: ClassProbabilityValue[];
  requestedBy: string | null;
  createdAt: Date;
}

/** A model ready to answer: the version it came from and the runtime built from its model file. */
interface ServedModel {
  version: MlflowModelVersion;
  file: GatewayModelFile;
  model: LoadedModel;
}

const MLFLOW_STAGES = new Set(["None", "Staging", "Production", "Archived"]);
const MAX_LOG_PAGE = 1000;

export class ServingService {
  /** Loaded models by name and version (a version's files never change, so entries never expire). */
  private readonly models: LruCache<string, Promise<ServedModel>>;
  /** name@alias and name/Stage → the version they point at, for config.serving.aliasTtlMs. */
  private readonly resolutions: ResolutionCache<MlflowModelVersion>;
  readonly predictionLog: PredictionLog;

  constructor(readonly deps: ServingDeps) {
    const { serving, predictionLog } = deps.config;
    this.models = new LruCache(serving.modelCacheSize);
    this.resolutions = new ResolutionCache({
      ttlMs: serving.aliasTtlMs,
      capacity: Math.max(100, serving.modelCacheSize * 10),
      onStale: (key, err, ageMs) =>
        deps.log.warn(
          { reference: key, ageMs, cause: describeCause(err) },
          "serving: MLflow is unavailable; answering with the last known version of this reference",
        ),
    });
    this.predictionLog = new PredictionLog(deps.db, deps.log, {
      flushMs: predictionLog.flushMs,
      batchSize: predictionLog.batchSize,
      maxBuffered: Math.max(50_000, 2 * serving.maxRows, 10 * predictionLog.batchSize),
    });
  }

  async start(): Promise<void> {
    this.predictionLog.start();
  }

  /** Write every buffered prediction now (tests await it; `predictions` calls it to read its own writes). */
  flush(): Promise<void> {
    return this.predictionLog.flush();
  }

  /** On shutdown: flush the prediction log. */
  async close(): Promise<void> {
    await this.predictionLog.close();
  }

  // ------------------------------------------------------------------ promotion

  /** Move an alias (and optionally a stage) to a version, with the requireBetter guard; audited. */
  async promote(req: PromoteRequest, requestedBy: string | null): Promise<PromoteResult> {
    const alias = checkAlias(req.alias || DEFAULT_ALIAS);
    if (req.stage && !MLFLOW_STAGES.has(req.stage))
      throw badInput(`stage ${JSON.stringify(req.stage)} is not one of None, Staging, Production, Archived`, {
        field: "input.stage",
      });
    const audit = { alias, stage: req.stage ?? null, previous: null as number | null };
    try {
      const result = await this.promoteUnaudited(req, alias, audit);
      await this.recordPromotion(req, audit, result.promoted, result.reason, requestedBy);
      if (result.promoted && audit.previous !== req.version) {
        // The alias moved in MLflow whatever happens to the event: a failed publish is logged, not thrown.
        await publishAliasChange(this.deps.events, {
          name: req.name,
          alias,
          version: req.version,
          previousVersion: audit.previous,
        }).catch((err) =>
          this.deps.log.warn({ err, model: req.name, alias }, "could not publish an alias move"),
        );
      }
      return result;
    } catch (err) {
      const reason = isGatewayError(err)
        ? `error ${String(err.extensions.code)}: ${err.message}`
        : `error: ${describeCause(err)}`;
      await this.recordPromotion(req, audit, false, reason, requestedBy);
      throw err;
    }
  }

  private async promoteUnaudited(
    req: PromoteRequest,
    alias: string,
    audit: { previous: number | null },
  ): Promise<PromoteResult> {
    const { mlflow } = this.deps;
    const { name, version } = req;
    if (!Number.isInteger(version) || version < 1)
      throw badInput(`input.version must be a version number (1, 2, ...), got ${version}`, {
        field: "input.version",
      });
    const candidate = await mlflow.getModelVersion(name, version);
    if (!candidate)
      throw notFound(
        `model ${JSON.stringify(name)} has no version ${version}: check the name and version (registeredModel lists them)`,
        { field: "input.version" },
      );
    if (candidate.status && candidate.status !== "READY")
      throw badInput(
        `version ${version} of ${JSON.stringify(name)} is ${candidate.status}, not READY: wait until registration finishes, or register the model again if it failed`,
        { field: "input.version" },
      );
    const previous = await mlflow.getModelVersionByAlias(name, alias);
    audit.previous = previous ? Number(previous.version) : null;
    const holdsAlready = previous !== null && Number(previous.version) === version;

    let guardText = "";
    if (req.requireBetter && previous && !holdsAlready) {
      const guard = await this.checkGuard(req.requireBetter, alias, candidate, previous);
      if (!guard.better) return { promoted: false, reason: guard.reason, modelVersion: candidate, previous };
      guardText = `; ${guard.reason}`;
    }

    await mlflow.setAlias(name, alias, version);
    let stageText = "";
    if (req.stage) {
      // MLflow accepts archive_existing_versions only when moving into Staging or Production.
      const archive = req.archiveExisting && (req.stage === "Staging" || req.stage === "Production");
      await mlflow.transitionStage(name, version, req.stage, archive);
      stageText = `; stage ${req.stage}${archive ? ` (other ${req.stage} versions archived)` : ""}`;
    }
    this.forgetResolutions(name);

    const moved = holdsAlready
      ? `@${alias} already pointed at version ${version}`
      : previous
        ? `@${alias} moved from version ${previous.version} to version ${version}`
        : `@${alias} now points at version ${version} (it pointed at no version before)`;
    const [after, previousAfter] = await Promise.all([
      mlflow.getModelVersion(name, version),
      previous && !holdsAlready ? mlflow.getModelVersion(name, previous.version) : Promise.resolve(previous),
    ]);
    return {
      promoted: true,
      reason: `${moved}${guardText}${stageText}`,
      modelVersion: after ?? candidate,
      previous: previousAfter ?? previous,
    };
  }

  /** Compare the guard metric on the candidate's run with the holder's run (latest values, from runs/get). */
  private async checkGuard(
    guard: { metric: string; higherIsBetter: boolean },
    alias: string,
    candidate: MlflowModelVersion,
    holder: MlflowModelVersion,
  ): Promise<{ better: boolean; reason: string }> {
    const { mlflow } = this.deps;
    const field = "input.requireBetter.metric";
    const metric = guard.metric.trim();
    if (!metric)
      throw badInput("input.requireBetter.metric is empty: name a metric such as test_accuracy", { field });
    if (!candidate.run_id)
      throw badInput(
        `version ${candidate.version} has no run, so its ${metric} cannot be compared: promote it without requireBetter`,
        { field },
      );
    const [candidateRun, holderRun] = await Promise.all([
      mlflow.getRun(candidate.run_id),
      holder.run_id ? mlflow.getRun(holder.run_id) : Promise.resolve(null),
    ]);
    const candidateValue = latestMetric(candidateRun?.data?.metrics, metric);
    if (candidateValue === undefined)
      throw badInput(
        `the run of version ${candidate.version} (${candidate.run_id}) has no numeric metric ${JSON.stringify(metric)}: check the metric name (e.g. test_accuracy)`,
        { field },
      );
    const holderValue = latestMetric(holderRun?.data?.metrics, metric);
    if (holderValue === undefined)
      return {
        better: false,
        reason:
          `not promoted: @${alias} (version ${holder.version}) has no ${metric} to compare with ` +
          `(version ${candidate.version} has ${metric}=${formatMetric(candidateValue)}); promote without requireBetter to replace it`,
      };
    const outcome = compareForPromotion({
      metric,
      higherIsBetter: guard.higherIsBetter,
      alias,
      candidate: { version: Number(candidate.version), value: candidateValue },
      holder: { version: Number(holder.version), value: holderValue },
    });
    return outcome.better
      ? { better: true, reason: `${outcome.comparison} (${outcome.rule})` }
      : {
          better: false,
          reason: `not promoted: ${outcome.comparison}; ${outcome.rule} and the candidate must beat the current holder`,
        };
  }

  /** The audit row; a failure to write it is logged, never hides the promotion's own outcome. */
  private async recordPromotion(
    req: PromoteRequest,
    audit: { alias: string; stage: string | null; previous: number | null },
    promoted: boolean,
    reason: string,
    requestedBy: string | null,
  ): Promise<void> {
    try {
      await this.deps.db.query(
        `INSERT INTO promotions (model_name, version, alias, stage, previous_version, promoted, reason, requested_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          req.name,
          Number.isInteger(req.version) ? req.version : 0,
          audit.alias,
          audit.stage,
          audit.previous,
          promoted,
          reason,
          requestedBy,
        ],
      );
    } catch (err) {
      this.deps.log.error(
        { err: describeCause(err), model: req.name, version: req.version, promoted },
        "promotion audit row could not be written",
      );
    }
  }

  private forgetResolutions(name: string): void {
    this.resolutions.invalidate((key) => key.startsWith(`${name}@`) || key.startsWith(`${name}/`));
  }

  // ------------------------------------------------------------------ predict

  /** Resolve the reference, load (or reuse) the model, check the rows, predict, and queue the rows for the log. */
  async predict(
    reference: string,
    inputs: Record<string, unknown>[],
    requestedBy: string | null,
  ): Promise<PredictResult> {
    const { maxRows } = this.deps.config.serving;
    if (!inputs.length) throw badInput("inputs is empty: send at least one row", { field: "inputs" });
    if (inputs.length > maxRows)
      throw badInput(
        `inputs has ${inputs.length} rows; at most ${maxRows} rows are accepted per call (PREDICT_MAX_ROWS): split the request`,
        { field: "inputs" },
      );
    const ref = parseModelReference(reference, "model");
    const { version, served } = await this.resolveAndLoad(ref);
    const rows = validateRows(inputs, served.file.inputs);
    const proba = served.model.predictProba(rows);
    const classes = served.file.classes;
    const predictions: RowPrediction[] = new Array(rows.length);
    const logRows: PredictionLogRow[] = new Array(rows.length);
    const now = new Date();
    const versionNumber = Number(version.version);
    for (let i = 0; i < rows.length; i++) {
      const p = proba[i];
      let best = 0;
      for (let k = 1; k < classes.length; k++) if (p[k] > p[best]) best = k;
      const probabilities = classes.map((label, k) => ({ label, probability: p[k] }));
      predictions[i] = { label: classes[best], probabilities };
      logRows[i] = {
        modelName: version.name,
        modelVersion: versionNumber,
        input: rows[i],
        label: classes[best],
        probabilities,
        requestedBy,
        createdAt: now,
      };
    }
    this.predictionLog.write(logRows);
    return { modelVersion: version, predictions };
  }

  private async resolveAndLoad(
    ref: ModelReference,
  ): Promise<{ version: MlflowModelVersion; served: ServedModel }> {
    if (ref.kind === "version") {
      const cached = this.models.get(modelKey(ref.name, ref.version));
      if (cached) {
        const served = await cached;
        return { version: served.version, served };
      }
      const mv = await this.deps.mlflow.getModelVersion(ref.name, ref.version);
      if (!mv)
        throw notFound(`model ${JSON.stringify(ref.name)} has no version ${ref.version}`, { field: "model" });
      return { version: mv, served: await this.load(mv) };
    }
    const key = ref.kind === "alias" ? `${ref.name}@${ref.alias}` : `${ref.name}/${ref.stage}`;
    const mv = await this.resolutions.get(key, () => this.fetchResolution(ref));
    return { version: mv, served: await this.load(mv) };
  }

  private async fetchResolution(
    ref: Exclude<ModelReference, { kind: "version" }>,
  ): Promise<MlflowModelVersion> {
    const { mlflow } = this.deps;
    if (ref.kind === "alias") {
      const mv = await mlflow.getModelVersionByAlias(ref.name, ref.alias);
      if (!mv)
        throw notFound(
          `model ${JSON.stringify(ref.name)} has no alias @${ref.alias} (or there is no registered model by that name): ` +
            `point the alias at a version with promoteModel, or name a version as "${ref.name}/<version>"`,
          { field: "model" },
        );
      return mv;
    }
    let versions: MlflowModelVersion[];
    try {
      versions = await mlflow.getLatestVersions(ref.name, [ref.stage]);
    } catch (err) {
      if (errorCode(err) === ErrorCode.NOT_FOUND)
        throw notFound(`there is no registered model named ${JSON.stringify(ref.name)}`, { field: "model" });
      throw err;
    }
    const mv = versions.sort((a, b) => Number(b.version) - Number(a.version))[0];
    if (!mv)
      throw notFound(`model ${JSON.stringify(ref.name)} has no version in stage ${ref.stage}`, {
        field: "model",
      });
    return mv;
  }

  /** The loaded model of a version, from the cache or loaded once however many requests ask at the same time. */
  private load(mv: MlflowModelVersion): Promise<ServedModel> {
    const key = modelKey(mv.name, mv.version);
    const cached = this.models.get(key);
    if (cached) return cached;
    const loading = this.loadUncached(mv);
    this.models.set(key, loading);
    // Failures are not cached: the next request tries again (the upstream may be back).
    loading.catch(() => {
      if (this.models.peek(key) === loading) this.models.delete(key);
    });
    return loading;
  }

  private async loadUncached(mv: MlflowModelVersion): Promise<ServedModel> {
    const { artifacts, mlflow, log } = this.deps;
    const what = `model ${JSON.stringify(mv.name)} version ${mv.version}`;
    if (mv.status && mv.status !== "READY")
      throw badInput(`${what} is ${mv.status}, not READY: wait until registration finishes`, {
        field: "model",
      });
    let dir = mv.source ?? "";
    // MLflow 3 logged models are registered as models:/<model_id>; the download URI is their storage location.
    if (!readable(dir)) dir = await mlflow.getModelVersionDownloadUri(mv.name, mv.version);
    try {
      parseArtifactUri(dir, artifacts.bucket, "source");
    } catch {
      throw unsupportedModel(
        `${what} is stored at ${dir}, which the gateway cannot read (only s3://${artifacts.bucket}/ and mlflow-artifacts:/)`,
      );
    }
    const mlmodelText = await readArtifact(artifacts, joinArtifactUri(dir, "MLmodel"), () =>
      unsupportedModel(`${what} has no MLmodel file in ${dir}: it was not logged as an MLflow model`, {
        flavors: [],
      }),
    );
    const info = readMlmodel(mlmodelText, what);
    const fileText = await readArtifact(artifacts, joinArtifactUri(dir, info.modelFile), () =>
      unsupportedModel(`${what}: its MLmodel names ${info.modelFile}, which is missing from ${dir}`),
    );
    if (Buffer.byteLength(fileText) > MAX_MODEL_FILE_BYTES)
      throw unsupportedModel(`${what}: the model file is larger than ${MAX_MODEL_FILE_BYTES} bytes`);
    const file = readGatewayModelFile(fileText, what);
    let model: LoadedModel;
    try {
      model = loadGatewayModel(file);
    } catch (err) {
      if (isGatewayError(err)) throw err;
      throw unsupportedModel(`${what} cannot be loaded: ${describeCause(err)}`);
    }
    log.info({ model: mv.name, version: mv.version, algorithm: file.algorithm }, "serving: model loaded");
    return { version: mv, file, model };
  }

  // ------------------------------------------------------------------ prediction log

  /** Newest first; `model` is a registered model name, or name/<version> for one version. */
  async predictions(model: string | null | undefined, first: number): Promise<PredictionLogEntry[]> {
    if (!Number.isInteger(first) || first < 1 || first > MAX_LOG_PAGE)
      throw badInput(`first must be from 1 to ${MAX_LOG_PAGE}, got ${first}`, { field: "first" });
    // Read-your-writes: predictions made a moment ago are still in the buffer.
    await this.predictionLog.flush();
    const cols = `id::text AS id, model_name, model_version, input, label, probabilities, requested_by, created_at`;
    let rows: Record<string, unknown>[];
    if (model === null || model === undefined || model.trim() === "") {
      rows = await this.deps.db.query(`SELECT ${cols} FROM predictions ORDER BY id DESC LIMIT $1`, [first]);
    } else {
      const ref = parseModelReference(model, "model");
      rows =
        ref.kind === "version"
          ? await this.deps.db.query(
              `SELECT ${cols} FROM predictions WHERE model_name = $1 AND model_version = $2 ORDER BY id DESC LIMIT $3`,
              [ref.name, ref.version, first],
            )
          : await this.deps.db.query(
              `SELECT ${cols} FROM predictions WHERE model_name = $1 ORDER BY id DESC LIMIT $2`,
              [ref.name, first],
            );
    }
    return rows.map((r) => ({
      id: r.id as string,
      modelName: r.model_name as string,
      modelVersion: r.model_version as number,
      input: r.input as Record<string, unknown>,
      label: r.label as string,
      probabilities: r.probabilities as ClassProbabilityValue[],
      requestedBy: (r.requested_by as string | null) ?? null,
      createdAt: r.created_at as Date,
    }));
  }
}

const modelKey = (name: string, version: string | number) => `${name}\u0000${version}`;

const readable = (uri: string) => /^(s3:\/\/|mlflow-artifacts:)/.test(uri);

/** An artifact as text; a missing file becomes the caller's error. */
async function readArtifact(artifacts: ArtifactStore, uri: string, missing: () => Error): Promise<string> {
  try {
    return (await artifacts.get(uri)).toString("utf8");
  } catch (err) {
    if (errorCode(err) === ErrorCode.NOT_FOUND) throw missing();
    throw err;
  }
}
