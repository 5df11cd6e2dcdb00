// Experiments, runs and the model registry as the schema sees them: argument rules, searches, and the batch
// lookups behind the per-request DataLoaders (MLflow has no batch get: batches become IN-filtered searches).
import YAML from "yaml";
import { GraphQLError } from "graphql";
import type { Config } from "../../config";
import { badInput, conflict, ErrorCode, errorCode, notFound } from "../../errors";
import type { ArtifactStore } from "../artifacts/store";
import { LruCache } from "../lru-cache";
import { assertSafeRelativePath, joinArtifactUri } from "../artifacts/uri";
import type { MlflowClient } from "./client";
import { EXPERIMENT_KIND_TAG, getLoggedModel, searchLoggedModels } from "./logged-models";
import { parseModelReference } from "./model-reference";
import { LOGGED_MODEL_ID, registerLoggedModel, registerRunModel } from "./registration";
import type {
  KeyValue,
  MlflowExperiment,
  MlflowFileInfo,
  MlflowMetric,
  MlflowModelVersion,
  MlflowRegisteredModel,
  MlflowRun,
  Page,
} from "./types";

const RUN_ID = /^[a-zA-Z0-9][\w-]{0,255}$/;
const EXPERIMENT_ID = /^[a-zA-Z0-9][\w-]{0,63}$/;
const MAX_EXPERIMENT_NAME = 500;
export const PARENT_RUN_TAG = "mlflow.parentRunId";
const PARENT_FILTER_KEY = "tags.`mlflow.parentRunId`";

/** Ids per IN (...) filter: keeps GET query strings short and one search page big enough for every match. */
const IN_CHUNK = 100;
/** Pages a batch may scan before it falls back to one lookup per key (bounds the cost on huge experiments). */
const MAX_SCAN_PAGES = 5;
const SCAN_PAGE = 1000;
/** Registered models whose aliases are remembered across requests. */
const ALIAS_CACHE_MODELS = 1000;
/** Run searches whose last page of run ids is remembered (at most this many ids in all: about 8 MB). */
const PAGE_HINT_SEARCHES = 1000;
const PAGE_HINT_IDS = 100_000;

/** A run to look up, with the experiment it is probably in (lets a batch use one search instead of N gets). */
export interface RunKey {
  id: string;
  experimentId?: string;
}

export interface ModelVersionKey {
  name: string;
  version: number;
}

export interface SearchArgs {
  filter?: string | null;
  orderBy?: string[] | null;
  pageSize: number;
  pageToken?: string;
}

/** The MLflow model signature, with MLflow's JSON strings parsed. */
export interface ModelSignature {
  inputs: unknown;
  outputs: unknown;
  params?: unknown;
  [key: string]: unknown;
}

/**
 * A filter literal for MLflow's search grammar, or null when the value holds both quote kinds (the grammar has
 * no escapes; such values are looked up one by one instead).
 */
export function quoteFilterValue(value: string): string | null {
  if (!value.includes("'")) return `'${value}'`;
  if (!value.includes('"')) return `"${value}"`;
  return null;
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const distinct = <T>(items: T[]): T[] => [...new Set(items)];

/** Follow page tokens; `complete` is false when `maxPages` ran out first. */
async function scanPages<T>(
  fetchPage: (pageToken?: string) => Promise<Page<T>>,
  maxPages = Number.POSITIVE_INFINITY,
): Promise<{ items: T[]; complete: boolean }> {
  const items: T[] = [];
  let token: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const p = await fetchPage(token);
    items.push(...p.items);
    token = p.nextPageToken;
    if (!token) return { items, complete: true };
  }
  return { items, complete: false };
}

const EXAMPLES = {
  runs: "\"metrics.accuracy > 0.9 AND params.solver = 'lbfgs'\"",
  experiments: "\"name LIKE 'penguins%' AND tags.team = 'ml'\"",
  registeredModels: "\"name LIKE 'penguins%'\"",
  modelVersions: "\"name = 'penguins'\"",
} as const;

/** Attach the argument at fault to MLflow's explanation of a rejected search. */
function explainSearchError(
  err: unknown,
  args: { filter?: string | null; orderBy?: string[] | null; pageToken?: string },
  kind: keyof typeof EXAMPLES,
): unknown {
  if (!(err instanceof GraphQLError) || errorCode(err) !== ErrorCode.BAD_USER_INPUT || err.extensions.field)
    return err;
  const msg = err.message;
  let field: string | undefined;
  if (args.orderBy?.length && /order[_ ]?by/i.test(msg)) field = "orderBy";
  else if (args.pageToken && /page[_ ]?token/i.test(msg)) field = "after";
  else if (args.filter) field = "filter";
  else if (args.orderBy?.length) field = "orderBy";
  if (!field) return err;
  const value =
    field === "filter"
      ? JSON.stringify(args.filter)
      : field === "orderBy"
        ? JSON.stringify(args.orderBy)
        : "";
  const what =
    field === "after" ? "after is not a cursor MLflow accepts" : `${field} ${value} was rejected by MLflow`;
  const hint =
    field === "after"
      ? "pass a previous page's pageInfo.endCursor"
      : `use MLflow's search syntax, e.g. ${EXAMPLES[kind]}`;
  return badInput(`${what}: ${msg} (${hint})`, { field, upstream: "mlflow" });
}

export class TrackingService {
  /**
   * Registered models' aliases across requests, for MODEL_ALIAS_TTL_MS (as serving re-resolves aliases):
   * MLflow's model-version search leaves aliases out, so without this a page of runs with their versions'
   * aliases costs a third round trip after runs/search and model-versions/search. Filled by every registered-model
   * lookup; an alias moved or deleted through this gateway is forgotten at once.
   */
  private readonly aliasCache: LruCache<string, { at: number; aliases: MlflowRegisteredModel["aliases"] }>;

  /**
   * The run ids of the page each recent run search returned, by the search's arguments. A request that repeats a
   * search (a dashboard's refresh, the next poll) asks MLflow for those runs' model versions at the same time as the
   * search, instead of after it. Only which runs to ask about comes from here: the versions themselves are always
   * read afresh by the request, runs no longer in the page are not used, and runs new to it are looked up after the
   * search as before.
   */
  private readonly pageRuns = new LruCache<string, readonly string[]>(PAGE_HINT_SEARCHES, PAGE_HINT_IDS);

  constructor(
    readonly mlflow: MlflowClient,
    readonly artifacts: ArtifactStore,
    readonly config: Config,
  ) {
    this.aliasCache = new LruCache(ALIAS_CACHE_MODELS);
  }

  /** The key under which a run search's page is remembered: every argument that decides which runs it returns. */
  static searchKey(args: SearchArgs & { experimentIds?: readonly string[] | null }): string {
    return JSON.stringify([
      args.experimentIds ?? null,
      args.filter ?? null,
      args.orderBy ?? null,
      args.pageSize,
      args.pageToken ?? null,
    ]);
  }

  /** The run ids the same search returned last time, if it ran recently. */
  expectedPage(key: string): readonly string[] | undefined {
    return this.pageRuns.get(key);
  }

  /** Remember which runs a search returned. */
  rememberPage(key: string, runs: readonly MlflowRun[]): void {
    const ids = runs.map((r) => r.info.run_id);
    if (ids.length) this.pageRuns.set(key, ids, ids.length);
    else this.pageRuns.delete(key);
  }

  /** Remember the aliases of registered models just read from MLflow. */
  rememberAliases(models: readonly (MlflowRegisteredModel | null)[]): void {
    if (this.config.serving.aliasTtlMs <= 0) return;
    const at = Date.now();
    for (const m of models) if (m) this.aliasCache.set(m.name, { at, aliases: m.aliases ?? [] });
  }

  /** A registered model's aliases read less than MODEL_ALIAS_TTL_MS ago, or undefined. */
  freshAliases(name: string): MlflowRegisteredModel["aliases"] | undefined {
    const hit = this.aliasCache.get(name);
    return hit && Date.now() - hit.at < this.config.serving.aliasTtlMs ? hit.aliases : undefined;
  }

  /** After an alias of the model moved or was deleted here. */
  forgetAliases(name: string): void {
    this.aliasCache.delete(name);
  }

  // ------------------------------------------------------------------ argument rules

  assertRunId(id: string, field = "id"): string {
    if (!RUN_ID.test(id)) {
      throw badInput(
        `${field} ${JSON.stringify(id)} is not a run id: run ids are letters, digits, "_" and "-" (up to 256), starting with a letter or digit`,
        { field },
      );
    }
    return id;
  }

  assertExperimentId(id: string, field = "id"): string {
    if (!EXPERIMENT_ID.test(id)) {
      throw badInput(
        `${field} ${JSON.stringify(id)} is not an experiment id: experiment ids are letters, digits, "_" and "-" (up to 64), starting with a letter or digit`,
        { field },
      );
    }
    return id;
  }

  // ------------------------------------------------------------------ experiments

  async searchExperiments(args: SearchArgs): Promise<Page<MlflowExperiment>> {
    try {
      return await this.mlflow.searchExperiments({
        filter: args.filter ?? undefined,
        orderBy: args.orderBy ?? undefined,
        maxResults: args.pageSize,
        pageToken: args.pageToken,
      });
    } catch (err) {
      throw explainSearchError(err, args, "experiments");
    }
  }

  /** Every active experiment (for run searches that name none). */
  async activeExperiments(): Promise<MlflowExperiment[]> {
    const { items } = await scanPages((pageToken) =>
      this.mlflow.searchExperiments({ maxResults: 50_000, pageToken }),
    );
    return items;
  }

  /** By id or by name (exactly one); null when there is no such experiment. */
  async findExperiment(by: { id?: string | null; name?: string | null }): Promise<MlflowExperiment | null> {
    const hasId = by.id !== undefined && by.id !== null;
    const hasName = by.name !== undefined && by.name !== null;
    if (hasId === hasName) {
      throw badInput("experiment needs exactly one of `id` and `name`", { field: hasId ? "name" : "id" });
    }
    if (hasId) {
      const id = this.assertExperimentId(by.id!, "id");
      try {
        return await this.mlflow.getExperiment(id);
      } catch (err) {
        // e.g. MLflow's SQL store: "Experiment ID must be a valid integer"
        if (errorCode(err) === ErrorCode.BAD_USER_INPUT)
          throw badInput(
            `id ${JSON.stringify(id)} is not an experiment id MLflow accepts: ${(err as Error).message}`,
            {
              field: "id",
              upstream: "mlflow",
            },
          );
        throw err;
      }
    }
    const name = by.name!;
    if (!name.trim()) throw badInput("name is empty: give the experiment's name", { field: "name" });
    return this.mlflow.getExperimentByName(name);
  }

  /** Create an experiment; `tags` values must be strings, numbers or booleans. Name taken: CONFLICT. */
  async createExperiment(name: string, tags?: Record<string, unknown> | null): Promise<MlflowExperiment> {
    const trimmed = name.trim();
    if (!trimmed || trimmed.length > MAX_EXPERIMENT_NAME) {
      throw badInput(`name must be 1 to ${MAX_EXPERIMENT_NAME} characters`, { field: "name" });
    }
    const kv: KeyValue[] = [];
    for (const [key, value] of Object.entries(tags ?? {})) {
      if (typeof value === "string") kv.push({ key, value });
      else if (typeof value === "number" || typeof value === "boolean")
        kv.push({ key, value: String(value) });
      else
        throw badInput(`tags.${key} must be a string, number or boolean (MLflow tags are text)`, {
          field: `tags.${key}`,
        });
    }
    // Experiments the gateway makes are model-training experiments to MLflow 3's UI, unless the caller says otherwise.
    if (!kv.some((t) => t.key === EXPERIMENT_KIND_TAG.key)) kv.push(EXPERIMENT_KIND_TAG);
    let id: string;
    try {
      id = await this.mlflow.createExperiment(trimmed, kv);
    } catch (err) {
      // MLflow's own message quotes the SQL statement; say it in user terms.
      if (errorCode(err) === ErrorCode.CONFLICT) {
        throw conflict(
          `an experiment named ${JSON.stringify(trimmed)} already exists (perhaps deleted: restore it in MLflow or choose another name)`,
          { field: "name", upstream: "mlflow" },
        );
      }
      throw err;
    }
    const created = await this.mlflow.getExperiment(id);
    if (!created)
      throw notFound(`experiment ${id} vanished right after it was created`, { upstream: "mlflow" });
    return created;
  }

  // ------------------------------------------------------------------ runs

  /** Search runs; without experiment ids, across every active experiment. */
  async searchRuns(
    args: SearchArgs & { experimentIds?: string[] | null },
    activeExperiments: () => Promise<MlflowExperiment[]> = () => this.activeExperiments(),
  ): Promise<Page<MlflowRun>> {
    let ids = args.experimentIds ?? [];
    ids.forEach((id, i) => this.assertExperimentId(id, `experimentIds[${i}]`));
    if (!ids.length) ids = (await activeExperiments()).map((e) => e.experiment_id);
    if (!ids.length) return { items: [] };
    try {
      return await this.mlflow.searchRuns({
        experimentIds: distinct(ids),
        filter: args.filter ?? undefined,
        orderBy: args.orderBy ?? undefined,
        maxResults: args.pageSize,
        pageToken: args.pageToken,
      });
    } catch (err) {
      throw explainSearchError(err, args, "runs");
    }
  }

  /** A run by id; null when MLflow has none. */
  async getRun(id: string, field = "id"): Promise<MlflowRun | null> {
    return this.mlflow.getRun(this.assertRunId(id, field));
  }

  /** Every value a run logged for a metric, in MLflow's order (step, then time). */
  async metricHistory(runId: string, key: string): Promise<MlflowMetric[]> {
    if (!key) throw badInput("key is empty: name the metric", { field: "key" });
    return this.mlflow.getMetricHistory(runId, key);
  }

  /** One level of a run's artifacts (MLflow's artifacts/list works for s3:// and mlflow-artifacts:/ roots). */
  async listArtifacts(runId: string, path?: string | null): Promise<MlflowFileInfo[]> {
    const rel = path ? assertSafeRelativePath(path.replace(/\/+$/, ""), "path") : undefined;
    const { files } = await this.mlflow.listArtifacts(runId, rel);
    return files;
  }

  // ------------------------------------------------------------------ registry

  async searchRegisteredModels(args: SearchArgs): Promise<Page<MlflowRegisteredModel>> {
    try {
      return await this.mlflow.searchRegisteredModels({
        filter: args.filter ?? undefined,
        orderBy: args.orderBy ?? undefined,
        maxResults: args.pageSize,
        pageToken: args.pageToken,
      });
    } catch (err) {
      throw explainSearchError(err, args, "registeredModels");
    }
  }

  async getRegisteredModel(name: string): Promise<MlflowRegisteredModel | null> {
    if (!name.trim()) throw badInput("name is empty: give the registered model's name", { field: "name" });
    return this.mlflow.getRegisteredModel(name);
  }

  /** A registered model's versions, newest first. */
  async searchModelVersions(
    name: string,
    pageSize: number,
    pageToken?: string,
  ): Promise<Page<MlflowModelVersion>> {
    const quoted = quoteFilterValue(name);
    if (!quoted) {
      throw badInput(
        `model name ${JSON.stringify(name)} holds both quote kinds; MLflow's search cannot express it`,
        {
          field: "name",
        },
      );
    }
    try {
      return await this.mlflow.searchModelVersions({
        filter: `name = ${quoted}`,
        orderBy: ["version_number DESC"],
        maxResults: pageSize,
        pageToken,
      });
    } catch (err) {
      throw explainSearchError(err, { pageToken }, "modelVersions");
    }
  }

  assertVersionNumber(version: number, field = "version"): number {
    if (!Number.isInteger(version) || version < 1) {
      throw badInput(`${field} must be a version number from 1; got ${version}`, { field });
    }
    return version;
  }

  async getModelVersion(
    name: string,
    version: number,
    field = "version",
  ): Promise<MlflowModelVersion | null> {
    return this.mlflow.getModelVersion(name, this.assertVersionNumber(version, field));
  }

  /** The version an alias points at; null when the model or the alias does not exist. */
  async getModelVersionByAlias(name: string, alias: string): Promise<MlflowModelVersion | null> {
    if (!alias.trim()) throw badInput("name is empty: give the alias, e.g. champion", { field: "name" });
    return this.mlflow.getModelVersionByAlias(name, alias);
  }

  /** A model reference (name@alias, name/3, name/Stage, bare name = @champion); null when it points at nothing. */
  async resolveModelVersion(model: string): Promise<MlflowModelVersion | null> {
    const ref = parseModelReference(model, "model");
    if (ref.kind === "alias") return this.mlflow.getModelVersionByAlias(ref.name, ref.alias);
    if (ref.kind === "version") return this.mlflow.getModelVersion(ref.name, ref.version);
    try {
      const [latest] = await this.mlflow.getLatestVersions(ref.name, [ref.stage]);
      // get-latest-versions answers without aliases; the full record has them.
      return latest ? ((await this.mlflow.getModelVersion(latest.name, latest.version)) ?? latest) : null;
    } catch (err) {
      if (errorCode(err) === ErrorCode.NOT_FOUND) return null;
      throw err;
    }
  }

  /**
   * Register a model as a new version of `name` (created if needed); waits for READY. `runId` is a run whose
   * artifacts hold the model under `artifactPath` (MLflow 2 layout), a run that logged a LoggedModel named
   * `artifactPath` (MLflow 3 layout, as `mlflow.<flavor>.log_model(name=...)` writes it), or a LoggedModel id.
   */
  async registerModel(args: {
    runId: string;
    name: string;
    artifactPath?: string | null;
  }): Promise<MlflowModelVersion> {
    if (LOGGED_MODEL_ID.test(args.runId)) {
      const model = await getLoggedModel(this.mlflow, args.runId).catch((err: unknown) => {
        if (errorCode(err) === ErrorCode.NOT_FOUND)
          throw badInput(`LoggedModel ${args.runId} does not exist in MLflow`, { field: "runId" });
        throw err;
      });
      return registerLoggedModel(this.mlflow, {
        name: args.name,
        modelId: model.info.model_id,
        sourceRunId: model.info.source_run_id,
      });
    }
    const runId = this.assertRunId(args.runId, "runId");
    const artifactPath = args.artifactPath ?? "model";
    const rel = assertSafeRelativePath(artifactPath.replace(/^\/+|\/+$/g, ""), "artifactPath");
    if (!rel)
      throw badInput("artifactPath is empty: name the model's directory in the run, e.g. model", {
        field: "artifactPath",
      });
    const run = await this.mlflow.getRun(runId);
    if (!run) throw badInput(`runId ${runId} does not exist in MLflow`, { field: "runId" });
    // MLflow accepts any source without looking at it; refuse a version that would point at nothing.
    const { files } = await this.mlflow.listArtifacts(runId, rel);
    if (files.length) return registerRunModel(this.mlflow, { name: args.name, runId, artifactPath: rel });
    const logged = await this.loggedModelOfRun(run.info.experiment_id, runId, rel);
    if (logged) {
      return registerLoggedModel(this.mlflow, { name: args.name, modelId: logged, sourceRunId: runId });
    }
    throw badInput(
      `artifactPath "${rel}" holds no files in run ${runId}, and the run logged no model named "${rel}": log the model there first, or pass the directory that holds its MLmodel`,
      { field: "artifactPath" },
    );
  }

  /** The newest READY LoggedModel named `name` whose source run is `runId` (how MLflow 3 logs models). */
  private async loggedModelOfRun(experimentId: string, runId: string, name: string): Promise<string | null> {
    let pageToken: string | undefined;
    for (let page = 0; page < 20; page++) {
      const r = await searchLoggedModels(this.mlflow, {
        experimentIds: [experimentId],
        filter: `name = '${name.replace(/'/g, "\\'")}'`,
        maxResults: 100,
        pageToken,
      });
      const hit = r.models.find(
        (m) => m.info.source_run_id === runId && m.info.status === "LOGGED_MODEL_READY",
      );
      if (hit) return hit.info.model_id;
      pageToken = r.nextPageToken;
      if (!pageToken) break;
    }
    return null;
  }

  /**
   * The signature in a version's MLmodel, MLflow's JSON strings parsed: {inputs, outputs, params?}.
   * Null when the version has no MLmodel, the MLmodel has no signature, or it cannot be parsed.
   */
  async readSignature(mv: MlflowModelVersion): Promise<ModelSignature | null> {
    const readable = (uri: string | undefined) => !!uri && /^(s3:\/\/|mlflow-artifacts:)/.test(uri);
    let root = mv.source;
    // models:/<id> and runs:/ sources: MLflow resolves where the files really are.
    if (!readable(root)) root = await this.mlflow.getModelVersionDownloadUri(mv.name, mv.version);
    if (!readable(root)) return null;
    let text: string;
    try {
      text = (await this.artifacts.get(joinArtifactUri(root!, "MLmodel"))).toString("utf8");
    } catch (err) {
      const code = errorCode(err);
      if (code === ErrorCode.NOT_FOUND || code === ErrorCode.BAD_USER_INPUT) return null;
      throw err;
    }
    return parseSignature(text);
  }

  // ------------------------------------------------------------------ batches behind the DataLoaders

  /**
   * Runs by id, in key order (null when missing). Keys with an experiment hint cost one search per batch;
   * other keys one search across the active experiments; stragglers (e.g. in deleted experiments) one get each.
   */
  async runsByKeys(
    keys: readonly RunKey[],
    activeExperiments: () => Promise<MlflowExperiment[]> = () => this.activeExperiments(),
  ): Promise<(MlflowRun | null)[]> {
    const found = new Map<string, MlflowRun>();
    const searchIn = async (experimentIds: string[], ids: string[]) => {
      for (const chunk of chunks(ids, IN_CHUNK)) {
        const page = await this.mlflow.searchRuns({
          experimentIds,
          filter: `attributes.run_id IN (${chunk.map((id) => `'${id}'`).join(",")})`,
          maxResults: chunk.length,
          viewType: "ALL",
        });
        for (const r of page.items) found.set(r.info.run_id, r);
      }
    };
    const valid = keys.filter((k) => RUN_ID.test(k.id));
    const hinted = valid.filter((k) => k.experimentId);
    if (hinted.length) {
      await searchIn(distinct(hinted.map((k) => k.experimentId!)), distinct(hinted.map((k) => k.id)));
    }
    let missing = distinct(valid.map((k) => k.id).filter((id) => !found.has(id)));
    if (missing.length > 1) {
      const ids = (await activeExperiments()).map((e) => e.experiment_id);
      if (ids.length) await searchIn(ids, missing);
      missing = missing.filter((id) => !found.has(id));
    }
    await Promise.all(
      missing.map(async (id) => {
        const run = await this.mlflow.getRun(id);
        if (run) found.set(id, run);
      }),
    );
    return keys.map((k) => found.get(k.id) ?? null);
  }

  /** Experiments by id (deleted ones too), in key order; one search per 100 ids. */
  async experimentsByIds(ids: readonly string[]): Promise<(MlflowExperiment | null)[]> {
    const found = new Map<string, MlflowExperiment>();
    const valid = distinct(ids.filter((id) => EXPERIMENT_ID.test(id)));
    for (const chunk of chunks(valid, IN_CHUNK)) {
      const page = await this.mlflow.searchExperiments({
        filter: `experiment_id IN (${chunk.map((id) => `'${id}'`).join(",")})`,
        maxResults: chunk.length,
        viewType: "ALL",
      });
      for (const e of page.items) found.set(e.experiment_id, e);
    }
    return ids.map((id) => found.get(id) ?? null);
  }

  /**
   * Child runs (tag mlflow.parentRunId) of each parent, oldest first, searched in the parent's experiment.
   * MLflow's grammar has no IN for tags, so a batch scans the nested runs of the parents' experiments once
   * (bounded), and falls back to one search per parent on very large experiments.
   */
  async childrenByParents(keys: readonly RunKey[]): Promise<MlflowRun[][]> {
    const orderBy = ["attributes.start_time ASC"];
    const perParent = (k: RunKey) =>
      k.experimentId
        ? scanPages((pageToken) =>
            this.mlflow.searchRuns({
              experimentIds: [k.experimentId!],
              filter: `${PARENT_FILTER_KEY} = '${k.id}'`,
              orderBy,
              maxResults: SCAN_PAGE,
              pageToken,
            }),
          ).then((r) => r.items)
        : Promise.resolve([] as MlflowRun[]);
    const valid = keys.filter((k) => RUN_ID.test(k.id) && k.experimentId);
    if (distinct(valid.map((k) => k.id)).length <= 1) {
      const [only] = valid;
      const children = only ? await perParent(only) : [];
      return keys.map((k) => (only && k.id === only.id ? children : []));
    }
    const scan = await scanPages(
      (pageToken) =>
        this.mlflow.searchRuns({
          experimentIds: distinct(valid.map((k) => k.experimentId!)),
          filter: `${PARENT_FILTER_KEY} LIKE '%'`,
          orderBy,
          maxResults: SCAN_PAGE,
          pageToken,
        }),
      MAX_SCAN_PAGES,
    );
    if (!scan.complete) return Promise.all(keys.map(perParent));
    const byParent = new Map<string, MlflowRun[]>();
    for (const run of scan.items) {
      const parent = run.data?.tags?.find((t) => t.key === PARENT_RUN_TAG)?.value;
      if (!parent) continue;
      const list = byParent.get(parent) ?? [];
      list.push(run);
      byParent.set(parent, list);
    }
    return keys.map((k) => byParent.get(k.id) ?? []);
  }

  /** Model versions registered from each run, by model name then version; one search per 100 runs. */
  async modelVersionsByRunIds(runIds: readonly string[]): Promise<MlflowModelVersion[][]> {
    const byRun = new Map<string, MlflowModelVersion[]>();
    const valid = distinct(runIds.filter((id) => RUN_ID.test(id)));
    for (const chunk of chunks(valid, IN_CHUNK)) {
      const { items } = await scanPages((pageToken) =>
        this.mlflow.searchModelVersions({
          filter: `run_id IN (${chunk.map((id) => `'${id}'`).join(",")})`,
          maxResults: SCAN_PAGE,
          pageToken,
        }),
      );
      for (const mv of items) {
        if (!mv.run_id) continue;
        const list = byRun.get(mv.run_id) ?? [];
        list.push(mv);
        byRun.set(mv.run_id, list);
      }
    }
    const order = (a: MlflowModelVersion, b: MlflowModelVersion) =>
      a.name === b.name ? Number(a.version) - Number(b.version) : a.name < b.name ? -1 : 1;
    return runIds.map((id) => (byRun.get(id) ?? []).sort(order));
  }

  /** Registered models by name, in key order (null when missing); one search per chunk of names. */
  async registeredModelsByNames(names: readonly string[]): Promise<(MlflowRegisteredModel | null)[]> {
    const found = new Map<string, MlflowRegisteredModel>();
    const wanted = distinct([...names]);
    const quoted = wanted.filter((n) => quoteFilterValue(n) !== null);
    for (const chunk of chunks(quoted, IN_CHUNK)) {
      const page = await this.mlflow.searchRegisteredModels({
        filter: `name IN (${chunk.map((n) => quoteFilterValue(n)!).join(",")})`,
        maxResults: chunk.length,
      });
      for (const m of page.items) found.set(m.name, m);
    }
    // Names the grammar cannot quote, and anything search hides (prompts): one get each (normally none).
    await Promise.all(
      wanted
        .filter((n) => !found.has(n))
        .map(async (n) => {
          const m = await this.mlflow.getRegisteredModel(n);
          if (m) found.set(n, m);
        }),
    );
    return names.map((n) => found.get(n) ?? null);
  }

  /**
   * Model versions by (name, version), in key order. One key: a get. More: one bounded scan of those models'
   * versions, newest first, then a get for each key the scan did not reach.
   */
  async modelVersionsByNumbers(keys: readonly ModelVersionKey[]): Promise<(MlflowModelVersion | null)[]> {
    const id = (name: string, version: number | string) => `${name}\u0000${Number(version)}`;
    const found = new Map<string, MlflowModelVersion>();
    const names = distinct(keys.map((k) => k.name)).filter((n) => quoteFilterValue(n) !== null);
    if (keys.length > 1 && names.length) {
      for (const chunk of chunks(names, IN_CHUNK)) {
        const scan = await scanPages(
          (pageToken) =>
            this.mlflow.searchModelVersions({
              filter: `name IN (${chunk.map((n) => quoteFilterValue(n)!).join(",")})`,
              orderBy: ["version_number DESC"],
              maxResults: SCAN_PAGE,
              pageToken,
            }),
          MAX_SCAN_PAGES,
        );
        for (const mv of scan.items) found.set(id(mv.name, mv.version), mv);
      }
    }
    await Promise.all(
      distinct(keys.filter((k) => !found.has(id(k.name, k.version))).map((k) => id(k.name, k.version))).map(
        async (key) => {
          const [name, version] = key.split("\u0000");
          const mv = await this.mlflow.getModelVersion(name, version);
          if (mv) found.set(key, mv);
        },
      ),
    );
    return keys.map((k) => found.get(id(k.name, k.version)) ?? null);
  }
}

/** A run's own key: its id, with its experiment as the hint for batched lookups of its relatives. */
export function runKeyOf(run: MlflowRun): Required<RunKey> {
  return { id: run.info.run_id, experimentId: run.info.experiment_id };
}

/** The run's parent (tag mlflow.parentRunId), hinted to live in the same experiment; null for a top-level run. */
export function parentKeyOf(run: MlflowRun): RunKey | null {
  const id = run.data?.tags?.find((t) => t.key === PARENT_RUN_TAG)?.value;
  return id ? { id, experimentId: run.info.experiment_id } : null;
}

/** The run a model version came from; s3://bucket/<experiment>/<run>/artifacts/... sources give a free hint. */
export function versionRunKeyOf(mv: MlflowModelVersion): RunKey | null {
  const id = mv.run_id;
  if (!id || !RUN_ID.test(id)) return null;
  const hint = mv.source ? new RegExp(`/(\\d+)/${id}/artifacts(?:/|$)`).exec(mv.source)?.[1] : undefined;
  return { id, experimentId: hint };
}

/**
 * The aliases of a version: model-versions/get sends them, but search and get-latest-versions leave them out,
 * so without them the registered model's alias list decides. Null: ask the registered model.
 */
export function knownAliases(mv: MlflowModelVersion): string[] | null {
  return mv.aliases?.length ? [...mv.aliases].sort() : null;
}

/** The aliases (of a registered model's alias list) that point at this version. */
export function aliasesFromModel(
  mv: MlflowModelVersion,
  aliases: MlflowRegisteredModel["aliases"] | null | undefined,
): string[] {
  return (aliases ?? [])
    .filter((a) => Number(a.version) === Number(mv.version))
    .map((a) => a.alias)
    .sort();
}

/** The latest logged value of one metric, or null. */
export function latestMetric(run: MlflowRun, key: string): number | null {
  const m = run.data?.metrics?.find((x) => x.key === key);
  return m ? Number(m.value) : null;
}

/** Parse an MLmodel file's signature; MLflow stores inputs/outputs/params as JSON strings inside the YAML. */
export function parseSignature(mlmodelYaml: string): ModelSignature | null {
  let doc: unknown;
  try {
    doc = YAML.parse(mlmodelYaml);
  } catch {
    return null;
  }
  const sig = (doc as { signature?: unknown } | null)?.signature;
  if (!sig || typeof sig !== "object") return null;
  const field = (v: unknown): unknown => {
    if (v === null || v === undefined) return null;
    if (typeof v !== "string") return v;
    try {
      return JSON.parse(v);
    } catch {
      return undefined;
    }
  };
  const s = sig as Record<string, unknown>;
  const inputs = field(s.inputs);
  const outputs = field(s.outputs);
  const params = field(s.params);
  if (inputs === undefined || outputs === undefined || params === undefined) return null;
  const out: ModelSignature = { inputs, outputs };
  if (params !== null) out.params = params;
  return out;
}
