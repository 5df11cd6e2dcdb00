// Serving: model references resolved to versions, a bounded model cache, predict, the prediction log.
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
import type { MlflowClient } from "../mlflow/client";
import { ModelReference, parseModelReference } from "../mlflow/model-reference";
import type { TrackingService } from "../mlflow/tracking";
import type { MlflowModelVersion } from "../mlflow/types";
import type { PromotionService } from "../promotion/service";
import type { GatewayDb } from "../store/db";
import { sweepPredictionPartitions } from "../store/prediction-partitions";
import { GATEWAY_FLAVOR, type GatewayModelFile } from "../models/model-format";
import {
  MAX_MLMODEL_BYTES,
  MAX_MODEL_FILE_BYTES,
  MAX_ONNX_FILE_BYTES,
  MlmodelInfo,
  readGatewayModelFile,
  readMlmodel,
} from "../models/model-files";
import { loadGatewayModel, ModelFormatError } from "../models/model-runtime";
import { loadOnnxModel } from "../models/onnx/runtime";
import { gatewayServable, ServableModel } from "../models/servable";
import {
  inferResponse,
  inferResponseJson,
  modelMetadata,
  parseInferRequest,
  tensorColumns,
} from "./inference-protocol";
import { LruCache } from "../lru-cache";
import { checkSourceLocation } from "./model-source";
import { compactProbabilities, inputColumnsText, jsonText, type LogJson } from "./log-text";
import { PredictionLog } from "./prediction-log";
import { inputCount, inputRows, type ScoringInput, workerInput } from "./scoring-input";
import { newestPredictionsSql } from "../store/prediction-log-sql";
import { ResolutionCache } from "./resolution-cache";
import { type Scored, type ScoringOptions, ScoringPool } from "./scoring-pool";

export interface ServingDeps {
  config: Config;
  log: Logger;
  db: GatewayDb;
  mlflow: MlflowClient;
  artifacts: ArtifactStore;
  tracking: TrackingService;
  /** Promotions move aliases: serving forgets its cached resolutions of the model. */
  promotion: PromotionService;
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
  /**
   * True when the prediction log's buffer stayed full for PREDICTION_LOG_MAX_WAIT_MS (or PostgreSQL is failing): the
   * rows are queued all the same, but the log is behind; the API says so in `extensions.predictionLog`.
   */
  logBehind: boolean;
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

/** ModelVersion.flavors / servable / servableReason. */
export interface VersionServability {
  flavors: string[];
  servable: boolean;
  /** Why not, and how to make it servable; null when servable. */
  reason: string | null;
}

/** A model ready to answer: the version it came from and the runtime built from its model file. */
interface ServedModel {
  version: MlflowModelVersion;
  model: ServableModel;
  /** A gateway model's file, which the scoring pool's workers load for large requests. */
  file?: GatewayModelFile;
}

/** What one request's log row holds besides its labels: the JSON of its rows and probabilities, and its classes. */
interface LogText {
  inputs: LogJson;
  probabilities: LogJson;
  /** The order of flat probabilities, or null for labelled ones. */
  classes: readonly string[] | null;
}

/** The log's JSON of rows scored on this thread (see logPredictions). */
function logTextOf(
  rows: readonly Record<string, unknown>[],
  predictions: readonly RowPrediction[],
  classes: readonly string[] | undefined,
): LogText {
  const compact = compactProbabilities(predictions, classes);
  return {
    inputs: inputColumnsText(rows) ?? jsonText(rows),
    probabilities: compact?.text ?? jsonText(predictions.map((p) => p.probabilities)),
    classes: compact?.classes ?? null,
  };
}

const MAX_LOG_PAGE = 1000;
const PARTITION_SWEEP_MS = 3_600_000;

export class ServingService {
  /** Loaded models by name and version (a version's files never change, so entries never expire). */
  private readonly models: LruCache<string, Promise<ServedModel>>;
  /** What each settled load in `models` gave, so predictNow can use a loaded model without awaiting its promise. */
  private readonly loaded = new WeakMap<Promise<ServedModel>, ServedModel>();
  /** name@alias and name/Stage → the version they point at, for config.serving.aliasTtlMs. */
  private readonly resolutions: ResolutionCache<MlflowModelVersion>;
  /** describeVersion's answers by name and version. */
  private readonly servability = new LruCache<string, Promise<VersionServability>>(1000);
  readonly predictionLog: PredictionLog;
  /** Worker threads for requests of PREDICT_OFFLOAD_ROWS rows or more (started on first use). */
  readonly scoring: ScoringPool;

  constructor(readonly deps: ServingDeps) {
    const { serving, predictionLog } = deps.config;
    this.scoring = new ScoringPool(serving.scoringWorkers);
    this.models = new LruCache(serving.modelCacheSize, serving.modelCacheMaxBytes);
    this.resolutions = new ResolutionCache({
      ttlMs: serving.aliasTtlMs,
      capacity: Math.max(100, serving.modelCacheSize * 10),
      onStale: (key, err, ageMs) =>
        deps.log.warn(
          { reference: key, ageMs, cause: describeCause(err) },
          "serving: MLflow is unavailable; answering with the last known version of this reference",
        ),
    });
    deps.promotion.onPromoted((name) => this.forgetResolutions(name));
    this.predictionLog = new PredictionLog(deps.db, deps.log, {
      flushMs: predictionLog.flushMs,
      batchSize: predictionLog.batchSize,
      maxBuffered: Math.max(predictionLog.maxBuffered, 2 * serving.maxRows, 10 * predictionLog.batchSize),
      maxWaitMs: predictionLog.maxWaitMs,
    });
  }

  private sweepTimer: NodeJS.Timeout | null = null;

  async start(): Promise<void> {
    this.predictionLog.start();
    await this.sweepPartitions();
    this.sweepTimer ??= setInterval(() => void this.sweepPartitions(), PARTITION_SWEEP_MS).unref();
  }

  /** Create the coming days' partitions of the prediction log and drop those past PREDICTION_LOG_RETENTION_DAYS. */
  async sweepPartitions(now?: number): Promise<void> {
    try {
      const out = await sweepPredictionPartitions(
        this.deps.db,
        this.deps.config.predictionLog.retentionDays,
        now,
      );
      if (out.dropped.length || out.deletedDefaultRows)
        this.deps.log.info(out, "prediction log: dropped partitions past the retention period");
    } catch (err) {
      this.deps.log.warn(
        { cause: describeCause(err) },
        "prediction log: the partition sweep failed; retrying later",
      );
    }
  }

  /** Write every buffered prediction now (tests await it; `predictions` calls it to read its own writes). */
  flush(): Promise<void> {
    return this.predictionLog.flush();
  }

  /** On shutdown: flush the prediction log. */
  async close(): Promise<void> {
    await this.scoring.close();
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.sweepTimer = null;
    await this.predictionLog.close();
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
    this.checkRowCount(inputs);
    const ref = parseModelReference(reference, "model");
    const { version, served } = await this.resolveAndLoad(ref);
    const logBehind = !(await this.roomInLog(inputs.length));
    const scored = await this.score(version, served, { rows: inputs });
    this.logPredictions(version, scored, requestedBy, served.model.classes);
    return { modelVersion: version, predictions: scored.predictions, logBehind };
  }

  /**
   * predict without a single await, when nothing has to be waited for: the reference's version is fresh in memory,
   * its model is loaded and scores on this thread (a gateway model, fewer rows than PREDICT_OFFLOAD_ROWS) and the
   * prediction log has room. Undefined otherwise: then call predict. Same checks, errors, answer and log row as
   * predict; on the hot path it saves about a dozen promises and their microtask turns per request.
   */
  predictNow(
    reference: string,
    inputs: Record<string, unknown>[],
    requestedBy: string | null,
  ): PredictResult | undefined {
    this.checkRowCount(inputs);
    const ready = this.readyNow(parseModelReference(reference, "model"));
    if (!ready || !this.predictionLog.hasRoom(inputs.length)) return undefined;
    const { version, served } = ready;
    const { model } = served;
    const { offloadRows } = this.deps.config.serving;
    if (!model.predictNow || (served.file && offloadRows > 0 && inputs.length >= offloadRows))
      return undefined;
    const scored = model.predictNow(inputs);
    this.logPredictions(version, scored, requestedBy, served.model.classes);
    return { modelVersion: version, predictions: scored.predictions, logBehind: false };
  }

  private checkRowCount(inputs: readonly unknown[]): void {
    const { maxRows } = this.deps.config.serving;
    if (!inputs.length) throw badInput("inputs is empty: send at least one row", { field: "inputs" });
    if (inputs.length > maxRows)
      throw badInput(
        `inputs has ${inputs.length} rows; at most ${maxRows} rows are accepted per call (PREDICT_MAX_ROWS): split the request`,
        { field: "inputs" },
      );
  }

  /**
   * The version a reference points at and its loaded model, when both are in memory now: what resolveAndLoad would
   * give, without I/O.
   */
  private readyNow(ref: ModelReference): { version: MlflowModelVersion; served: ServedModel } | undefined {
    if (ref.kind === "version") {
      const pending = this.models.get(modelKey(ref.name, ref.version));
      const served = pending && this.loaded.get(pending);
      return served && { version: served.version, served };
    }
    const version = this.resolutions.fresh(
      ref.kind === "alias" ? `${ref.name}@${ref.alias}` : `${ref.name}/${ref.stage}`,
    );
    if (!version) return undefined;
    const pending = this.models.get(modelKey(version.name, version.version));
    const served = pending && this.loaded.get(pending);
    return served && { version, served };
  }

  /**
   * Backpressure: wait (at most PREDICTION_LOG_MAX_WAIT_MS) for room for `rows` in the prediction log rather than
   * let it fall behind silently. False when the log is behind (the rows are still queued by the caller).
   */
  private async roomInLog(rows: number): Promise<boolean> {
    return this.predictionLog.hasRoom(rows) || this.predictionLog.waitForRoom(rows);
  }

  /**
   * issue 13: a large request to a gateway model is scored on a worker thread (PREDICT_OFFLOAD_ROWS), so the
   * event loop keeps answering; small ones, and ONNX models (onnxruntime runs off the event loop), stay here.
   */
  private score(
    version: MlflowModelVersion,
    served: ServedModel,
    input: ScoringInput,
    opts: ScoringOptions = {},
  ): Promise<Scored> {
    const { offloadRows } = this.deps.config.serving;
    if (!served.file || offloadRows <= 0 || inputCount(input) < offloadRows)
      return served.model.predict(inputRows(input), opts.field);
    // predict's rows travel as the model's columns: cloning 1,000 row objects for the worker (each with its keys)
    // costs about three times as much as cloning their columns.
    const sent = "rows" in input ? workerInput(input.rows, served.file.inputs) : input;
    return this.scoring.predict(modelKey(version.name, version.version), served.file, sent, opts);
  }

  /**
   * Queue the answered rows for the prediction log, as one request (no I/O on the request path). A worker made the
   * log's JSON already; for rows scored here it is made now, in the compact layout (the rows as columns, the
   * probabilities flat in the classes' order) whenever the rows share their keys and the predictions their classes,
   * which a model's checked rows and answers do.
   */
  private logPredictions(
    version: MlflowModelVersion,
    scored: Scored,
    requestedBy: string | null,
    classes: readonly string[] | undefined,
  ): LogText {
    const text = scored.logText ?? logTextOf(scored.rows ?? [], scored.predictions, classes);
    this.predictionLog.write({
      modelName: version.name,
      modelVersion: Number(version.version),
      inputs: text.inputs,
      labels: scored.labels ?? scored.predictions.map((p) => p.label),
      probabilities: text.probabilities,
      classes: text.classes,
      requestedBy,
      createdAt: new Date(),
    });
    return text;
  }

  /**
   * The Open Inference Protocol's infer: columnar tensors in, `label` and `probabilities` tensors out, with the
   * resolved version. Same row limit, validation and prediction log as predict.
   */
  async infer(
    reference: string,
    body: unknown,
    requestedBy: string | null,
  ): Promise<Record<string, unknown> | string> {
    const request = parseInferRequest(body, this.deps.config.serving.maxRows);
    const { version, served } = await this.resolveAndLoad(parseModelReference(reference, "name"));
    // Columns as they came: a worker makes the rows, so 1,000 row objects never cross between threads.
    const columns = tensorColumns(request, served.model.inputColumns);
    await this.roomInLog(request.rows);
    const scored = await this.score(
      version,
      served,
      { columns, count: request.rows },
      { field: "row", probaJson: true },
    );
    const logged = this.logPredictions(version, scored, requestedBy, served.model.classes);
    // The flat probabilities' JSON is made once, for the log and the answer: by a worker, or by the log's compact
    // layout for rows scored here (whenever the predictions share their classes).
    const probaJson =
      scored.probaJson ??
      (logged.classes && typeof logged.probabilities === "string" ? logged.probabilities : undefined);
    const answerClasses = scored.probaJson ? served.model.classes : logged.classes;
    if (probaJson && answerClasses)
      return inferResponseJson(
        request,
        {
          modelName: version.name,
          modelVersion: String(version.version),
          classes: answerClasses,
          labels: scored.labels ?? scored.predictions.map((p) => p.label),
        },
        probaJson,
      );
    const { predictions } = scored;
    const classes = served.model.classes ?? predictions[0]?.probabilities.map((p) => p.label) ?? [];
    const k = classes.length;
    const flat = new Float64Array(predictions.length * k);
    for (let i = 0; i < predictions.length; i++)
      predictions[i].probabilities.forEach((c, j) => (flat[i * k + j] = c.probability));
    return inferResponse(request, {
      modelName: version.name,
      modelVersion: String(version.version),
      classes,
      labels: predictions.map((p) => p.label),
      probabilities: flat,
    });
  }

  /** The Open Inference Protocol's model metadata for a reference: the version it resolves to, inputs, outputs. */
  async metadata(reference: string): Promise<Record<string, unknown>> {
    const { version, served } = await this.resolveAndLoad(parseModelReference(reference, "name"));
    return modelMetadata(
      version.name,
      String(version.version),
      served.model.inputColumns ?? [],
      served.model.classes ?? [],
      served.model.flavor,
    );
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
    loading.then(
      (served) => {
        this.loaded.set(loading, served);
        if (this.models.peek(key) === loading) this.models.setWeight(key, served.model.sizeBytes);
      },
      () => {
        if (this.models.peek(key) === loading) this.models.delete(key);
      },
    );
    return loading;
  }

  private async loadUncached(mv: MlflowModelVersion): Promise<ServedModel> {
    const { artifacts, log } = this.deps;
    const what = `model ${JSON.stringify(mv.name)} version ${mv.version}`;
    if (mv.status && mv.status !== "READY")
      throw badInput(`${what} is ${mv.status}, not READY: wait until registration finishes`, {
        field: "model",
      });
    const { dir, info } = await this.readVersionMlmodel(mv, what);
    const fileUri = joinArtifactUri(dir, info.modelFile);
    const limit = Math.min(
      info.flavor === GATEWAY_FLAVOR ? MAX_MODEL_FILE_BYTES : MAX_ONNX_FILE_BYTES,
      this.deps.config.serving.modelMaxBytes,
    );
    const missing = () =>
      notFound(
        `${what}: its MLmodel names ${info.modelFile}, which is missing from ${dir} (the model's files were deleted ` +
          `or never uploaded): log and register the model again`,
        { field: "model" },
      );
    const size = await orMissing(artifacts.size(fileUri), missing);
    if (size > limit)
      throw unsupportedModel(
        `${what}: ${info.modelFile} has ${size} bytes, more than the ${limit} bytes the gateway loads (MODEL_MAX_BYTES)`,
      );
    // The read itself stops at the limit too: the file may have grown since its size was read.
    const bytes = await orMissing(artifacts.get(fileUri, limit), missing);
    let file: GatewayModelFile | undefined;
    let model: ServableModel;
    try {
      if (info.flavor === GATEWAY_FLAVOR) {
        file = readGatewayModelFile(bytes.toString("utf8"), what);
        model = gatewayServable(file, loadGatewayModel(file), bytes.byteLength);
      } else {
        model = await loadOnnxModel(bytes, info.signature);
      }
    } catch (err) {
      if (isGatewayError(err)) throw err;
      const why = err instanceof ModelFormatError ? err.message : describeCause(err);
      throw unsupportedModel(`${what} cannot be loaded: ${why}`, { flavors: info.flavors });
    }
    log.info(
      {
        model: mv.name,
        version: mv.version,
        flavor: model.flavor,
        algorithm: model.algorithm,
        bytes: model.sizeBytes,
      },
      "serving: model loaded",
    );
    return { version: mv, model, file };
  }

  /** Where a version's files are and what its MLmodel says; a missing MLmodel means the files are gone. */
  private async readVersionMlmodel(
    mv: MlflowModelVersion,
    what: string,
  ): Promise<{ dir: string; info: MlmodelInfo }> {
    const { artifacts, mlflow } = this.deps;
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
    // issue 13: a source elsewhere in the bucket (another team's run, a dataset dump) is not this version's model.
    await checkSourceLocation(mlflow, mv, dir, what);
    let mlmodel: Buffer;
    try {
      mlmodel = await artifacts.get(joinArtifactUri(dir, "MLmodel"), MAX_MLMODEL_BYTES);
    } catch (err) {
      if (errorCode(err) !== ErrorCode.NOT_FOUND) throw err;
      // Other files but no MLmodel: a folder of files, not a model. Nothing at all: the files are gone.
      const others = await artifacts.listS3(`${dir.replace(/\/+$/, "")}/`).catch(() => []);
      if (others.length)
        throw unsupportedModel(
          `${what} has no MLmodel file in ${dir}: it was not logged as an MLflow model`,
          {
            flavors: [],
          },
        );
      throw notFound(
        `${what}: its files are missing from ${dir} (they were deleted, or never uploaded): log and register ` +
          `the model again`,
        { field: "model" },
      );
    }
    return { dir, info: readMlmodel(mlmodel.toString("utf8"), what) };
  }

  /**
   * A version's flavors and whether predict can serve it (from its MLmodel; the model itself is not loaded).
   * Remembered per version (a version's files do not change); failures to reach the upstreams are not.
   */
  describeVersion(mv: MlflowModelVersion): Promise<VersionServability> {
    const key = modelKey(mv.name, mv.version);
    const cached = this.servability.get(key);
    if (cached) return cached;
    const what = `model ${JSON.stringify(mv.name)} version ${mv.version}`;
    const loading = this.readVersionMlmodel(mv, what).then(
      ({ info }) => ({ flavors: info.flavors, servable: true, reason: null }),
      (err: unknown) => {
        const code = errorCode(err);
        if (code !== ErrorCode.UNSUPPORTED_MODEL && code !== ErrorCode.NOT_FOUND) throw err;
        const flavors = (err as { extensions?: { flavors?: unknown } }).extensions?.flavors;
        return {
          flavors: Array.isArray(flavors) ? (flavors as string[]) : [],
          servable: false,
          reason: (err as Error).message,
        };
      },
    );
    this.servability.set(key, loading);
    loading.catch(() => {
      if (this.servability.peek(key) === loading) this.servability.delete(key);
    });
    return loading;
  }

  // ------------------------------------------------------------------ prediction log

  /** Newest first; `model` is a registered model name, or name/<version> for one version. */
  async predictions(model: string | null | undefined, first: number): Promise<PredictionLogEntry[]> {
    if (!Number.isInteger(first) || first < 1 || first > MAX_LOG_PAGE)
      throw badInput(`first must be from 1 to ${MAX_LOG_PAGE}, got ${first}`, { field: "first" });
    // Read-your-writes: predictions made a moment ago are still in the buffer.
    await this.predictionLog.flush();
    const cols = `id::text AS id, model_name, model_version, input, label, probabilities, requested_by, created_at`;
    let where = "TRUE";
    const params: unknown[] = [first];
    if (model !== null && model !== undefined && model.trim() !== "") {
      const ref = parseModelReference(model, "model");
      params.push(ref.name);
      where = "model_name = $2";
      if (ref.kind === "version") {
        params.push(ref.version);
        where += " AND model_version = $3";
      }
    }
    const rows = await this.deps.db.query<Record<string, unknown>>(
      `SELECT ${cols} FROM (${newestPredictionsSql(where, "$1")}) AS p`,
      params,
    );
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

/** The artifact read, or the caller's error when it does not exist. */
async function orMissing<T>(read: Promise<T>, missing: () => Error): Promise<T> {
  try {
    return await read;
  } catch (err) {
    if (errorCode(err) === ErrorCode.NOT_FOUND) throw missing();
    throw err;
  }
}
