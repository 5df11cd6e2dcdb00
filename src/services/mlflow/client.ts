// The only code that speaks MLflow REST: one keep-alive pool, per-call timeouts, retries for safe calls,
// and the one mapping from MLflow errors to the gateway's error codes.
import { Agent, request } from "undici";
import type { Dispatcher } from "undici";
import { GraphQLError } from "graphql";
import {
  badInput,
  conflict,
  describeCause,
  ErrorCode,
  errorCode,
  limitExceeded,
  notFound,
  upstreamUnavailable,
} from "../../errors";
import { observeUpstream } from "../../metrics";
import { readCapped } from "../read-capped";
import type { Config } from "../../config";
import type {
  KeyValue,
  MlflowErrorBody,
  MlflowExperiment,
  MlflowFileInfo,
  MlflowMetric,
  MlflowModelVersion,
  MlflowRegisteredModel,
  MlflowRun,
  MlflowRunInfo,
  MlflowRunStatus,
  MlflowDatasetInput,
  Page,
} from "./types";
import { EXPERIMENT_KIND_TAG } from "./logged-models";

type Method = "GET" | "POST" | "PATCH" | "DELETE" | "PUT";

export interface CallOptions {
  query?: Record<string, string | number | boolean | string[] | undefined>;
  body?: unknown;
  /** Safe to repeat on a connection error or 5xx (reads, searches, idempotent sets). */
  idempotent?: boolean;
  /** Raw body for artifact uploads. */
  rawBody?: Buffer | string;
  contentType?: string;
  timeoutMs?: number;
  /** Largest response body read (bytes); a larger one is refused with LIMIT_EXCEEDED while streaming. */
  maxBytes?: number;
  /** Answer the body as a Buffer, untouched (artifact downloads: model.onnx is binary). */
  binary?: boolean;
}

/** Any MLflow answer is read up to this size (a page of 1000 runs with their data is a few MB). */
const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

/** An MLflow error response, kept with its MLflow error code until it is mapped. */
export class MlflowHttpError extends Error {
  constructor(
    public readonly status: number,
    public readonly errorCode: string | undefined,
    message: string,
  ) {
    super(message);
    this.name = "MlflowHttpError";
  }
}

const RETRY_STATUS = new Set([429, 502, 503, 504]);

export class MlflowClient {
  private readonly agent: Agent;
  private readonly base: string;
  private readonly authHeader?: string;
  /** Called before every attempt; the hardening layer plugs a circuit breaker in here. */
  beforeCall: () => void = () => {};
  /** After every attempt; `ok` is false only when MLflow could not be reached (an HTTP answer proves it is up). */
  afterCall: (ok: boolean, cause?: unknown) => void = () => {};

  constructor(private readonly config: Config["mlflow"]) {
    this.base = config.uri.replace(/\/+$/, "");
    // MLflow's uvicorn drops idle keep-alive connections after 5 s without saying so in a Keep-Alive header: a
    // socket kept longer can be reused as the server closes it ("other side closed" on a non-retried POST).
    this.agent = new Agent({
      connections: 32,
      keepAliveTimeout: 4_000,
      keepAliveMaxTimeout: 4_000,
      pipelining: 1,
    });
    if (config.token) this.authHeader = `Bearer ${config.token}`;
    else if (config.username)
      this.authHeader = `Basic ${Buffer.from(`${config.username}:${config.password ?? ""}`).toString("base64")}`;
  }

  get trackingUri(): string {
    return this.base;
  }

  async close(): Promise<void> {
    await this.agent.close();
  }

  /** Low-level call: `path` is relative to /api/2.0/mlflow/ unless it starts with "/". */
  async call<T>(method: Method, path: string, opts: CallOptions = {}): Promise<T> {
    const url = new URL(path.startsWith("/") ? `${this.base}${path}` : `${this.base}/api/2.0/mlflow/${path}`);
    for (const [k, v] of Object.entries(opts.query ?? {})) {
      if (v === undefined) continue;
      if (Array.isArray(v)) for (const item of v) url.searchParams.append(k, item);
      else url.searchParams.set(k, String(v));
    }
    const attempts = opts.idempotent ? this.config.retries + 1 : 1;
    let lastErr: unknown;
    for (let attempt = 0; attempt < attempts; attempt++) {
      if (attempt > 0) await sleep(Math.min(2000, 100 * 2 ** (attempt - 1)) * (0.5 + Math.random()));
      // Outside the try: an open circuit fails fast (UPSTREAM_UNAVAILABLE) and must not count as an answer.
      this.beforeCall();
      try {
        const out = await observeUpstream("mlflow", () => this.once<T>(method, url, opts));
        this.afterCall(true);
        return out;
      } catch (err) {
        const transient = isTransient(err);
        this.afterCall(err instanceof MlflowHttpError || err instanceof GraphQLError, err);
        lastErr = err;
        if (!transient || err instanceof GraphQLError) break;
      }
    }
    throw mapMlflowError(lastErr, `${method} ${url.pathname}`);
  }

  private async once<T>(method: Method, url: URL, opts: CallOptions): Promise<T> {
    const headers: Record<string, string> = { accept: "application/json" };
    if (this.authHeader) headers.authorization = this.authHeader;
    let body: string | Buffer | undefined;
    if (opts.rawBody !== undefined) {
      body = opts.rawBody;
      headers["content-type"] = opts.contentType ?? "application/octet-stream";
    } else if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers["content-type"] = "application/json";
    }
    const timeout = opts.timeoutMs ?? this.config.timeoutMs;
    const res: Dispatcher.ResponseData = await request(url, {
      method,
      headers,
      body,
      dispatcher: this.agent,
      headersTimeout: timeout,
      bodyTimeout: timeout,
      signal: AbortSignal.timeout(timeout),
    });
    const max = opts.maxBytes ?? MAX_RESPONSE_BYTES;
    const tooLarge = () =>
      limitExceeded(
        `MLflow's answer to ${method} ${url.pathname} is larger than ${max} bytes, the most the gateway reads (MODEL_MAX_BYTES)`,
        "MODEL_MAX_BYTES",
        max,
      );
    if (Number(res.headers["content-length"] ?? 0) > max) {
      res.body.destroy();
      throw tooLarge();
    }
    const raw = await readCapped(res.body, max, tooLarge);
    if (opts.binary && res.statusCode >= 200 && res.statusCode < 300) return raw as unknown as T;
    const text = raw.toString("utf8");
    if (res.statusCode >= 200 && res.statusCode < 300) {
      if (!text) return {} as T;
      try {
        return JSON.parse(text) as T;
      } catch {
        return text as unknown as T;
      }
    }
    let parsed: MlflowErrorBody = {};
    try {
      parsed = JSON.parse(text) as MlflowErrorBody;
    } catch {
      // Not MLflow's JSON (a proxy's page, a stack trace): never passed on; the status is enough.
      parsed = { message: `HTTP ${res.statusCode} with a non-JSON body` };
    }
    throw new MlflowHttpError(res.statusCode, parsed.error_code, parsed.message ?? `HTTP ${res.statusCode}`);
  }

  // ------------------------------------------------------------------ experiments
  async createExperiment(name: string, tags?: KeyValue[], artifactLocation?: string): Promise<string> {
    const r = await this.call<{ experiment_id: string }>("POST", "experiments/create", {
      body: { name, tags, artifact_location: artifactLocation },
    });
    return r.experiment_id;
  }

  async getExperiment(id: string): Promise<MlflowExperiment | null> {
    return this.nullIfMissing(
      async () =>
        (
          await this.call<{ experiment: MlflowExperiment }>("GET", "experiments/get", {
            query: { experiment_id: id },
            idempotent: true,
          })
        ).experiment,
    );
  }

  async getExperimentByName(name: string): Promise<MlflowExperiment | null> {
    return this.nullIfMissing(
      async () =>
        (
          await this.call<{ experiment: MlflowExperiment }>("GET", "experiments/get-by-name", {
            query: { experiment_name: name },
            idempotent: true,
          })
        ).experiment,
    );
  }

  async searchExperiments(opts: {
    filter?: string;
    maxResults: number;
    pageToken?: string;
    orderBy?: string[];
    viewType?: "ACTIVE_ONLY" | "DELETED_ONLY" | "ALL";
  }): Promise<Page<MlflowExperiment>> {
    const r = await this.call<{ experiments?: MlflowExperiment[]; next_page_token?: string }>(
      "POST",
      "experiments/search",
      {
        body: {
          filter: opts.filter,
          max_results: opts.maxResults, // must be sent explicitly (mlflow#10819)
          page_token: opts.pageToken,
          order_by: opts.orderBy,
          view_type: opts.viewType ?? "ACTIVE_ONLY",
        },
        idempotent: true,
      },
    );
    return { items: r.experiments ?? [], nextPageToken: r.next_page_token || undefined };
  }

  /**
   * Find or create an experiment by name; returns its id. Safe under concurrent callers. A new experiment is
   * tagged as a model-training experiment (MLflow 3's UI then shows its Models page).
   */
  async ensureExperiment(name: string): Promise<string> {
    const found = await this.getExperimentByName(name);
    if (found) {
      if (found.lifecycle_stage === "deleted") {
        throw badInput(`Experiment "${name}" is deleted in MLflow: restore it or choose another name.`, {
          field: "experimentName",
        });
      }
      return found.experiment_id;
    }
    try {
      return await this.createExperiment(name, [EXPERIMENT_KIND_TAG]);
    } catch (err) {
      const again = await this.getExperimentByName(name);
      if (again) return again.experiment_id;
      throw err;
    }
  }

  // ------------------------------------------------------------------ runs
  async createRun(opts: {
    experimentId: string;
    runName?: string;
    tags?: KeyValue[];
    startTime?: number;
  }): Promise<MlflowRun> {
    const r = await this.call<{ run: MlflowRun }>("POST", "runs/create", {
      body: {
        experiment_id: opts.experimentId,
        run_name: opts.runName,
        start_time: opts.startTime ?? Date.now(),
        tags: opts.tags,
      },
    });
    return r.run;
  }

  async updateRun(runId: string, status: MlflowRunStatus, endTime?: number): Promise<MlflowRunInfo> {
    const r = await this.call<{ run_info: MlflowRunInfo }>("POST", "runs/update", {
      body: { run_id: runId, status, end_time: endTime ?? (status === "RUNNING" ? undefined : Date.now()) },
      idempotent: true,
    });
    return r.run_info;
  }

  async getRun(runId: string): Promise<MlflowRun | null> {
    return this.nullIfMissing(
      async () =>
        (
          await this.call<{ run: MlflowRun }>("GET", "runs/get", {
            query: { run_id: runId },
            idempotent: true,
          })
        ).run,
    );
  }

  async searchRuns(opts: {
    experimentIds: string[];
    filter?: string;
    orderBy?: string[];
    maxResults: number;
    pageToken?: string;
    viewType?: "ACTIVE_ONLY" | "DELETED_ONLY" | "ALL";
  }): Promise<Page<MlflowRun>> {
    const r = await this.call<{ runs?: MlflowRun[]; next_page_token?: string }>("POST", "runs/search", {
      body: {
        experiment_ids: opts.experimentIds,
        filter: opts.filter,
        order_by: opts.orderBy,
        max_results: opts.maxResults,
        page_token: opts.pageToken,
        run_view_type: opts.viewType ?? "ACTIVE_ONLY",
      },
      idempotent: true,
    });
    return { items: r.runs ?? [], nextPageToken: r.next_page_token || undefined };
  }

  /**
   * log-batch, split to MLflow's limits (1000 entities, 100 params, 100 tags per call).
   * Not retried: a retried metric would be appended twice.
   */
  async logBatch(
    runId: string,
    batch: { metrics?: MlflowMetric[]; params?: KeyValue[]; tags?: KeyValue[] },
  ): Promise<void> {
    const metrics = [...(batch.metrics ?? [])];
    const params = [...(batch.params ?? [])];
    const tags = [...(batch.tags ?? [])];
    while (metrics.length || params.length || tags.length) {
      const p = params.splice(0, 100);
      const t = tags.splice(0, 100);
      const m = metrics.splice(0, 1000 - p.length - t.length);
      await this.call("POST", "runs/log-batch", { body: { run_id: runId, metrics: m, params: p, tags: t } });
    }
  }

  async setTag(runId: string, key: string, value: string): Promise<void> {
    await this.call("POST", "runs/set-tag", { body: { run_id: runId, key, value }, idempotent: true });
  }

  async logInputs(runId: string, datasets: MlflowDatasetInput[]): Promise<void> {
    await this.call("POST", "runs/log-inputs", { body: { run_id: runId, datasets } });
  }

  async getMetricHistory(runId: string, key: string): Promise<MlflowMetric[]> {
    const out: MlflowMetric[] = [];
    let pageToken: string | undefined;
    do {
      const r = await this.call<{ metrics?: MlflowMetric[]; next_page_token?: string }>(
        "GET",
        "metrics/get-history",
        {
          query: { run_id: runId, metric_key: key, max_results: 25000, page_token: pageToken },
          idempotent: true,
        },
      );
      out.push(...(r.metrics ?? []));
      pageToken = r.next_page_token || undefined;
    } while (pageToken);
    return out;
  }

  async listArtifacts(runId: string, path?: string): Promise<{ rootUri?: string; files: MlflowFileInfo[] }> {
    const r = await this.call<{ root_uri?: string; files?: MlflowFileInfo[] }>("GET", "artifacts/list", {
      query: { run_id: runId, path: path || undefined },
      idempotent: true,
    });
    return { rootUri: r.root_uri, files: r.files ?? [] };
  }

  // ------------------------------------------------------------------ registry
  async createRegisteredModel(name: string, description?: string): Promise<MlflowRegisteredModel> {
    const r = await this.call<{ registered_model: MlflowRegisteredModel }>(
      "POST",
      "registered-models/create",
      {
        body: { name, description },
      },
    );
    return r.registered_model;
  }

  /** Create the registered model unless it exists already. */
  async ensureRegisteredModel(name: string): Promise<void> {
    try {
      await this.createRegisteredModel(name);
    } catch (err) {
      if (errorCode(err) === ErrorCode.CONFLICT) return;
      throw err;
    }
  }

  async getRegisteredModel(name: string): Promise<MlflowRegisteredModel | null> {
    return this.nullIfMissing(
      async () =>
        (
          await this.call<{ registered_model: MlflowRegisteredModel }>("GET", "registered-models/get", {
            query: { name },
            idempotent: true,
          })
        ).registered_model,
    );
  }

  async searchRegisteredModels(opts: {
    filter?: string;
    maxResults: number;
    pageToken?: string;
    orderBy?: string[];
  }): Promise<Page<MlflowRegisteredModel>> {
    const r = await this.call<{ registered_models?: MlflowRegisteredModel[]; next_page_token?: string }>(
      "GET",
      "registered-models/search",
      {
        query: {
          filter: opts.filter,
          max_results: opts.maxResults,
          page_token: opts.pageToken,
          order_by: opts.orderBy,
        },
        idempotent: true,
      },
    );
    return { items: r.registered_models ?? [], nextPageToken: r.next_page_token || undefined };
  }

  async createModelVersion(opts: {
    name: string;
    source: string;
    runId?: string;
    tags?: KeyValue[];
    description?: string;
    /** MLflow 3: the LoggedModel the version is registered from (source `models:/<model_id>`). */
    modelId?: string;
  }): Promise<MlflowModelVersion> {
    const r = await this.call<{ model_version: MlflowModelVersion }>("POST", "model-versions/create", {
      body: {
        name: opts.name,
        source: opts.source,
        run_id: opts.runId,
        tags: opts.tags,
        description: opts.description,
        model_id: opts.modelId,
      },
    });
    return r.model_version;
  }

  async getModelVersion(name: string, version: string | number): Promise<MlflowModelVersion | null> {
    return this.nullIfMissing(
      async () =>
        (
          await this.call<{ model_version: MlflowModelVersion }>("GET", "model-versions/get", {
            query: { name, version: String(version) },
            idempotent: true,
          })
        ).model_version,
    );
  }

  async searchModelVersions(opts: {
    filter?: string;
    maxResults: number;
    pageToken?: string;
    orderBy?: string[];
  }): Promise<Page<MlflowModelVersion>> {
    const r = await this.call<{ model_versions?: MlflowModelVersion[]; next_page_token?: string }>(
      "GET",
      "model-versions/search",
      {
        query: {
          filter: opts.filter,
          max_results: opts.maxResults,
          page_token: opts.pageToken,
          order_by: opts.orderBy,
        },
        idempotent: true,
      },
    );
    return { items: r.model_versions ?? [], nextPageToken: r.next_page_token || undefined };
  }

  async getModelVersionByAlias(name: string, alias: string): Promise<MlflowModelVersion | null> {
    try {
      return await this.nullIfMissing(
        async () =>
          (
            await this.call<{ model_version: MlflowModelVersion }>("GET", "registered-models/alias", {
              query: { name, alias },
              idempotent: true,
            })
          ).model_version,
      );
    } catch (err) {
      // MLflow 3.x answers an unknown alias with INVALID_PARAMETER_VALUE "Registered model alias x not found."
      if (
        err instanceof GraphQLError &&
        errorCode(err) === ErrorCode.BAD_USER_INPUT &&
        /alias .* not found/i.test(err.message)
      )
        return null;
      throw err;
    }
  }

  async setAlias(name: string, alias: string, version: string | number): Promise<void> {
    await this.call("POST", "registered-models/alias", {
      body: { name, alias, version: String(version) },
      idempotent: true,
    });
  }

  async deleteAlias(name: string, alias: string): Promise<void> {
    await this.call("DELETE", "registered-models/alias", { body: { name, alias }, idempotent: true });
  }

  async getLatestVersions(name: string, stages?: string[]): Promise<MlflowModelVersion[]> {
    const r = await this.call<{ model_versions?: MlflowModelVersion[] }>(
      "POST",
      "registered-models/get-latest-versions",
      {
        body: { name, stages },
        idempotent: true,
      },
    );
    return r.model_versions ?? [];
  }

  async transitionStage(
    name: string,
    version: string | number,
    stage: string,
    archiveExisting: boolean,
  ): Promise<MlflowModelVersion> {
    const r = await this.call<{ model_version: MlflowModelVersion }>(
      "POST",
      "model-versions/transition-stage",
      {
        body: { name, version: String(version), stage, archive_existing_versions: archiveExisting },
        idempotent: true,
      },
    );
    return r.model_version;
  }

  async setModelVersionTag(
    name: string,
    version: string | number,
    key: string,
    value: string,
  ): Promise<void> {
    await this.call("POST", "model-versions/set-tag", {
      body: { name, version: String(version), key, value },
      idempotent: true,
    });
  }

  /** A presigned or proxied download URI for a model version's artifacts. */
  async getModelVersionDownloadUri(name: string, version: string | number): Promise<string> {
    const r = await this.call<{ artifact_uri: string }>("GET", "model-versions/get-download-uri", {
      query: { name, version: String(version) },
      idempotent: true,
    });
    return r.artifact_uri;
  }

  // ------------------------------------------------------------------ artifact proxy (mlflow-artifacts:/)
  async uploadProxiedArtifact(path: string, body: Buffer | string, contentType?: string): Promise<void> {
    await this.call("PUT", `/api/2.0/mlflow-artifacts/artifacts/${encodePath(path)}`, {
      rawBody: body,
      contentType,
      idempotent: true,
    });
  }

  async downloadProxiedArtifact(path: string, maxBytes?: number): Promise<Buffer> {
    return this.call<Buffer>("GET", `/api/2.0/mlflow-artifacts/artifacts/${encodePath(path)}`, {
      idempotent: true,
      binary: true,
      maxBytes,
    });
  }

  /** The files of a folder behind MLflow's artifact proxy, with their sizes. */
  async listProxiedArtifacts(path: string): Promise<MlflowFileInfo[]> {
    const r = await this.call<{ files?: MlflowFileInfo[] }>("GET", "/api/2.0/mlflow-artifacts/artifacts", {
      query: { path },
      idempotent: true,
    });
    return r.files ?? [];
  }

  async health(): Promise<string> {
    return this.call<string>("GET", "/health", { timeoutMs: 3000 });
  }

  private async nullIfMissing<T>(fn: () => Promise<T>): Promise<T | null> {
    try {
      return await fn();
    } catch (err) {
      if (errorCode(err) === ErrorCode.NOT_FOUND) return null;
      throw err;
    }
  }
}

function encodePath(p: string): string {
  return p
    .split("/")
    .filter(Boolean)
    .map((s) => encodeURIComponent(s))
    .join("/");
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function isTransient(err: unknown): boolean {
  if (err instanceof MlflowHttpError) return err.status >= 500 || RETRY_STATUS.has(err.status);
  return !(err instanceof GraphQLError);
}

const credentialsRefused = (status: number, what: string) =>
  upstreamUnavailable(
    "mlflow",
    `MLflow refused the gateway's own credentials on ${what} (HTTP ${status}): set MLFLOW_TRACKING_TOKEN, or ` +
      `MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD, to an account MLflow accepts with the needed permission`,
  );

/** The one place that maps MLflow errors to gateway errors. */
export function mapMlflowError(err: unknown, what: string): GraphQLError {
  if (err instanceof GraphQLError) return err;
  if (err instanceof MlflowHttpError) {
    const msg = err.message;
    switch (err.errorCode) {
      case "RESOURCE_DOES_NOT_EXIST":
      case "NOT_FOUND":
      case "ENDPOINT_NOT_FOUND":
        return notFound(msg, { upstream: "mlflow" });
      case "RESOURCE_ALREADY_EXISTS":
      case "ALREADY_EXISTS":
      case "RESOURCE_CONFLICT":
        return conflict(msg, { upstream: "mlflow" });
      case "INVALID_PARAMETER_VALUE":
      case "BAD_REQUEST":
      case "INVALID_STATE":
        return badInput(msg, { upstream: "mlflow" });
      // The gateway's own credentials, not the caller's: the caller can do nothing about them, so these are the
      // upstream's unavailability (UPSTREAM_UNAVAILABLE), not UNAUTHENTICATED or FORBIDDEN.
      case "PERMISSION_DENIED":
        return credentialsRefused(err.status || 403, what);
      case "UNAUTHENTICATED":
        return credentialsRefused(err.status || 401, what);
    }
    if (err.status === 401) return credentialsRefused(401, what);
    if (err.status === 404 && !err.errorCode)
      return upstreamUnavailable(
        "mlflow",
        `MLflow has no endpoint for ${what}: is MLFLOW_TRACKING_URI an MLflow 3.x server?`,
      );
    if (err.status === 403)
      return upstreamUnavailable(
        "mlflow",
        `MLflow refused ${what} (HTTP 403: ${msg}); check --allowed-hosts on the MLflow server`,
      );
    if (err.status >= 500 || RETRY_STATUS.has(err.status)) {
      return upstreamUnavailable("mlflow", `MLflow failed on ${what} (HTTP ${err.status}): ${msg}`);
    }
    return badInput(msg, { upstream: "mlflow" });
  }
  return upstreamUnavailable(
    "mlflow",
    `MLflow is unreachable (${describeCause(err)}); retry when it is back`,
  );
}
