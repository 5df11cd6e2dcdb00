// Benchmark: the gateway's resident memory (VmRSS of its process) at idle, after 20 models sit in its model cache,
// and after the predict load; beside the same readings of MLflow's scoring server where they mean the same thing.
// Run as part of bench/run.ts (it needs the gateway and the scoring server that the predict benchmark drives).
import { MlflowClient } from "../src/services/mlflow/client";
import {
  formatNumber,
  gql,
  markdownTable,
  processTree,
  row,
  rssMiB,
  scrapeMetric,
  Section,
  sleep,
} from "./lib";
import { rowsOf } from "./predict";

export const MODELS_TO_LOAD = 20;

/**
 * Versions 2..count of `name`, registered from the same run and model directory as `version`: each is a separate
 * entry in the gateway's model cache (keyed by name and version), loaded from S3 on first use.
 */
export async function registerCopies(
  mlflow: MlflowClient,
  name: string,
  version: number,
  count = MODELS_TO_LOAD,
): Promise<string[]> {
  const mv = await mlflow.getModelVersion(name, version);
  if (!mv) throw new Error(`model version ${name}/${version} is missing`);
  const refs = [`${name}/${version}`];
  while (refs.length < count) {
    // A LoggedModel's version (source models:/<id>) must name that model again.
    const modelId = /^models:\/(m-[0-9a-f]+)$/.exec(mv.source ?? "")?.[1];
    const copy = await mlflow.createModelVersion({
      name,
      source: mv.source ?? "",
      runId: mv.run_id,
      modelId,
    });
    refs.push(`${name}/${copy.version}`);
  }
  return refs;
}

/** One single-row predict per reference, so each model version is loaded into the gateway's cache. */
export async function loadModels(url: string, refs: string[]): Promise<void> {
  for (const ref of refs) {
    const { data } = await gql<{ predict: { modelVersion: { version: number } } }>(
      url,
      `mutation BenchLoad($model: String!, $inputs: [JSONObject!]!) { predict(model: $model, inputs: $inputs) { modelVersion { version } } }`,
      { model: ref, inputs: rowsOf(1) },
    );
    if (`${ref.split("/")[0]}/${data.predict.modelVersion.version}` !== ref)
      throw new Error(`predict with ${ref} answered version ${data.predict.modelVersion.version}`);
  }
}

/** RSS after a short pause, so a reading is not taken in the middle of a burst of allocations. */
export async function settledRss(pid: number): Promise<number> {
  await sleep(1500);
  const mib = rssMiB(pid);
  if (mib === null) throw new Error(`process ${pid} is gone: no RSS to read`);
  return mib;
}

/** The gateway's V8 heap in use (prom-client's nodejs_heap_size_used_bytes on /metrics), in MiB; null if absent. */
export async function heapUsedMiB(graphqlUrl: string): Promise<number | null> {
  const bytes = (await scrapeMetric(graphqlUrl, "nodejs_heap_size_used_bytes").catch(() => new Map())).get(
    "",
  );
  return bytes === undefined ? null : Math.round((bytes / 1024 / 1024) * 10) / 10;
}

/** The RSS of a process and all its descendants, in MiB. */
export function treeRss(pid: number): number {
  return processTree(pid).reduce((sum, p) => sum + (rssMiB(p) ?? 0), 0);
}

export interface MemoryReadings {
  gatewayIdle: number;
  gatewayOneModel: number;
  gatewayModels: number;
  gatewayAfterLoad: number;
  /** V8 heap in use at the same four points (garbage included until V8 collects it). */
  gatewayHeap: (number | null)[];
  modelsLoaded: number;
  /** The uvicorn process of `mlflow models serve` (one model loaded at start), and with its launcher. */
  mlflowIdle?: number;
  mlflowIdleTree?: number;
  mlflowAfterLoad?: number;
  mlflowAfterLoadTree?: number;
}

export function memorySection(m: MemoryReadings): Section {
  const mlflowName = "mlflow models serve (uvicorn worker)";
  const launcher =
    m.mlflowIdleTree !== undefined
      ? ` (with its \`mlflow models serve\` launcher process: ${formatNumber(m.mlflowIdleTree)} MiB idle, ${formatNumber(m.mlflowAfterLoadTree ?? null)} MiB after the load)`
      : "";
  const rows = [
    row({
      measure: "memory: RSS at idle",
      unit: "MiB",
      gateway: m.gatewayIdle,
      baseline: m.mlflowIdle ?? null,
      baselineName: mlflowName,
      better: "lower",
      note:
        m.mlflowIdle === undefined
          ? "the scoring server was not started"
          : "the scoring server has its one model loaded at start, the idle gateway none; Node's heap and the gateway's libraries (Apollo, AWS SDK, database drivers) weigh more than they do at rest",
    }),
    row({
      measure: `memory: RSS with ${m.modelsLoaded} models loaded`,
      unit: "MiB",
      gateway: m.gatewayModels,
      baseline: null,
      baselineName: "–",
      better: "lower",
      note:
        m.mlflowIdle === undefined
          ? "one model per `mlflow models serve` process"
          : `one model per \`mlflow models serve\` process: ${m.modelsLoaded} models would take ${m.modelsLoaded} processes, about ${formatNumber(m.modelsLoaded * m.mlflowIdle)} MiB (derived from its idle reading, not measured)`,
    }),
    row({
      measure: "memory: RSS after the predict load",
      unit: "MiB",
      gateway: m.gatewayAfterLoad,
      baseline: m.mlflowAfterLoad ?? null,
      baselineName: mlflowName,
      better: "lower",
      note:
        m.mlflowAfterLoad === undefined
          ? "the scoring server was not started"
          : `the gateway's heap keeps garbage until V8 collects it (npm start gives it a 64 MiB young generation, for 1,000-row throughput), it holds ${m.modelsLoaded} models and the prediction-log queue, and it runs a scoring thread and the log's COPY thread`,
    }),
  ];
  const details = [
    `VmRSS from /proc/<pid>/status of the gateway's process (one Node process; training workers are threads) and ` +
      `of the uvicorn process that \`mlflow models serve\` launches${launcher}. Each reading is taken 1.5 s after ` +
      `the previous step. The gateway's models are versions 1..${m.modelsLoaded} of one trainGrid model (each a ` +
      `separate cache entry, loaded from S3 by a single-row predict).`,
    "",
    markdownTable(
      ["Reading", "Gateway RSS MiB", "Gateway V8 heap used MiB", "mlflow models serve RSS MiB"],
      (
        [
          ["idle (after start; MLflow: its model loaded)", m.gatewayIdle, m.mlflowIdle],
          ["after the first model", m.gatewayOneModel, undefined],
          [`after ${m.modelsLoaded} models`, m.gatewayModels, undefined],
          ["after the predict load", m.gatewayAfterLoad, m.mlflowAfterLoad],
        ] as [string, number, number | undefined][]
      ).map(([name, g, b], i) => [
        name,
        formatNumber(g),
        formatNumber(m.gatewayHeap[i] ?? null),
        b === undefined ? "–" : formatNumber(b),
      ]),
      ["l", "r", "r", "r"],
    ),
    "",
    "A trainGrid logistic regression is a few kilobytes of coefficients, so what 20 cached models add is below the " +
      "noise of RSS: the readings move with V8's garbage collection and with the code the first requests warm up, " +
      "and can fall from one step to the next. Read the idle and after-load rows; the 20-model row shows that " +
      "holding 20 versions in one process costs no extra process.",
  ];
  return { title: "memory", rows, details };
}
