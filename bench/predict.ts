// Benchmark: single-row and 1,000-row predict through GraphQL, beside a bare Node HTTP server answering a constant
// JSON (the ceiling on this machine) and MLflow's own scoring server (`mlflow models serve`, a scikit-learn logistic
// regression trained on the same penguins), all driven by the same autocannon settings in the same run.
//
// Usage (after `npx tsc -p .`, with the stack up and its settings in the environment: `set -a; . .stack/env; set +a`):
//   node dist/bench/predict.js [--quick] [--connections 10] [--duration 15] [--model name@champion]
//                              [--url http://host:port/graphql] [--no-mlflow]
// Without --url it starts the gateway (dist/src/index.js) as a child process in production mode; without --model
// it ingests the built-in penguins table and trains a small logistic regression with trainGrid (registered and
// promoted to @champion). `npm run bench` runs this as one part of bench/run.ts. Read the ratios, not the
// absolute numbers.
//
// Both servers answer the same thing: one label per row (the GraphQL selection is `predictions { label }`, as
// MLflow's /invocations returns {"predictions": [label, ...]}).
import "reflect-metadata";
import { ChildProcess, execFile, spawn } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { promisify } from "node:util";
import autocannon from "autocannon";
import { startApolloBaseline } from "./apollo-baseline";
import { SAMPLE_PENGUINS } from "../test/helpers/penguins";
import { loadConfig } from "../src/config";
import {
  formatNumber,
  gql,
  freePort,
  markdownTable,
  processTree,
  renderRows,
  ROOT,
  scrapeMetric,
  row,
  Row,
  Section,
  startGatewayProcess,
  stopProcess,
  waitForHttp,
} from "./lib";

export interface PredictOptions {
  quick: boolean;
  connections: number;
  /** Seconds measured per server and payload. */
  duration: number;
  /** Seconds of load before a server's first measure, not counted (1 s before its later rounds). */
  warmup: number;
  /** Rounds in which the Apollo ceiling, the gateway's lanes and MLflow take turns; each one's best counts. */
  rounds: number;
  /** The gateway's /graphql URL. */
  gatewayUrl: string;
  /** Model reference the gateway predicts with, e.g. "name@champion". */
  model: string;
  /** MLflow's scoring server (base URL); without it only the bare-server baseline is measured. */
  mlflowUrl?: string;
}

export function predictOptions(argv: string[]): Omit<PredictOptions, "gatewayUrl" | "model"> {
  const get = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const quick = argv.includes("--quick");
  return {
    quick,
    connections: Number(get("--connections") ?? 10),
    duration: Number(get("--duration") ?? (quick ? 3 : 15)),
    // Every server gets the same warm-up. The gateway's JIT needs seconds, not one: measured after 1 s of
    // warm-up it answered about 1,900 single-row req/s, after 5 s about 2,900 (the baselines barely moved).
    warmup: 5,
    rounds: Number(get("--rounds") ?? (quick ? 2 : 3)),
  };
}

/** Penguin rows of each species (raw, as in the built-in table): the tests' sample. */
export const SAMPLE_ROWS = SAMPLE_PENGUINS;
export const rowsOf = (n: number) => Array.from({ length: n }, (_, i) => SAMPLE_ROWS[i % SAMPLE_ROWS.length]);

export const PREDICT = `mutation BenchPredict($model: String!, $inputs: [JSONObject!]!) {
  predict(model: $model, inputs: $inputs) { modelVersion { version } predictions { label } }
}`;

/** A bare node:http server answering a constant JSON body: the ceiling for one request on this machine. */
export function startBareProcess(body: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [__filename, "--bare-server"], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  child.stdin!.end(body);
  return new Promise((resolve, reject) => {
    child.stdout!.once("data", (d: Buffer) =>
      resolve({ url: `http://127.0.0.1:${d.toString().trim()}/`, child }),
    );
    child.once("exit", (code) => reject(new Error(`bare server exited with ${code}`)));
  });
}

function bareServerMain(): void {
  let body = "";
  process.stdin.on("data", (d) => (body += d));
  process.stdin.on("end", () => {
    const payload = Buffer.from(body);
    const server = http.createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        res.writeHead(200, { "content-type": "application/json", "content-length": payload.length });
        res.end(payload);
      });
    });
    server.keepAliveTimeout = 60_000;
    server.listen(0, "127.0.0.1", () => process.stdout.write(`${(server.address() as AddressInfo).port}\n`));
  });
}

/** Ingest the penguins table and train, register and promote a small model; returns "name@champion". */
export async function prepareModel(
  url: string,
): Promise<{ reference: string; name: string; version: number }> {
  const stamp = `${Date.now().toString(36)}_${process.pid}`;
  const dataset = `gwtest_bench_penguins_${stamp}`;
  const name = `gwtest_bench_penguins_${stamp}`;
  await gql(
    url,
    `mutation BenchIngest($input: IngestDatasetInput!) { ingestDataset(input: $input) { rowsWritten } }`,
    { input: { name: dataset, builtin: "PENGUINS" } },
  );
  const { data } = await gql<{
    trainGrid: { status: string; error: string | null; modelVersion: { version: number } | null };
  }>(
    url,
    `mutation BenchTrain($input: TrainGridInput!) { trainGrid(input: $input) { status error modelVersion { version } } }`,
    {
      input: {
        experimentName: `gwtest_bench_predict_${stamp}`,
        dataset,
        label: "species",
        grid: [{ algorithm: "LOGISTIC_REGRESSION", params: { learningRate: [0.1], numSteps: [300] } }],
        folds: 2,
        registerAs: name,
        promoteTo: "champion",
        wait: true,
      },
    },
  );
  const job = data.trainGrid;
  if (job.status !== "SUCCEEDED" || !job.modelVersion)
    throw new Error(`training the benchmark model failed: ${job.error ?? job.status}`);
  return { reference: `${name}@champion`, name, version: job.modelVersion.version };
}

export interface ScoringServer {
  /** Base URL, e.g. http://127.0.0.1:5123 */
  url: string;
  child: ChildProcess;
  /** The process that answers HTTP (uvicorn), a child of the `mlflow models serve` launcher. */
  servingPid: number;
  modelUri: string;
  testAccuracy: number;
  versions: Record<string, string>;
  /** The same fitted pipeline converted with skl2onnx and logged with mlflow.onnx.log_model (name/version). */
  onnxReference: string;
  onnxModelUri: string;
  close(): Promise<void>;
}

/** A running `mlflow models serve` of one model URI. */
export interface MlflowServe {
  url: string;
  child: ChildProcess;
  servingPid: number;
  close(): Promise<void>;
}

/** The environment MLflow's Python tools need to reach the stack (tracking server and S3). */
function mlflowEnv(): { env: NodeJS.ProcessEnv; venv: string } {
  const config = loadConfig({ ...process.env, LOG_LEVEL: "silent" });
  const venv = process.env.STACK_VENV ?? path.join(ROOT, ".stack", "venv");
  const env = {
    ...process.env,
    // `mlflow models serve` runs `uvicorn` by name.
    PATH: `${path.join(venv, "bin")}${path.delimiter}${process.env.PATH ?? ""}`,
    MLFLOW_TRACKING_URI: config.mlflow.uri,
    MLFLOW_S3_ENDPOINT_URL: config.s3.endpoint ?? "",
    AWS_ACCESS_KEY_ID: config.s3.accessKeyId,
    AWS_SECRET_ACCESS_KEY: config.s3.secretAccessKey,
    AWS_DEFAULT_REGION: config.s3.region,
    MLFLOW_ENABLE_TELEMETRY: "false",
    DO_NOT_TRACK: "true",
  };
  return { env, venv };
}

/** `mlflow models serve -m <uri> --env-manager local` from the stack's venv, once it answers /ping. */
export async function startMlflowServe(modelUri: string): Promise<MlflowServe> {
  const { env, venv } = mlflowEnv();
  const port = await freePort();
  const child = spawn(
    path.join(venv, "bin", "mlflow"),
    ["models", "serve", "-m", modelUri, "--env-manager", "local", "-p", String(port), "-h", "127.0.0.1"],
    // Its own process group, so stopping it also stops the uvicorn child it launches.
    { env, detached: true, stdio: ["ignore", "ignore", "pipe"] },
  );
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${url}/ping`, 180_000, child);
  } catch (err) {
    await stopProcess(child, true);
    throw new Error(`mlflow models serve did not start: ${(err as Error).message}\n${stderr}`);
  }
  // The launcher waits on `uvicorn`; the listening process is its descendant.
  const servingPid = processTree(child.pid!).find((pid) => pid !== child.pid) ?? child.pid!;
  return { url, child, servingPid, close: () => stopProcess(child, true) };
}

const execFileP = promisify(execFile);

/**
 * MLflow's own scoring server: trains and registers the scikit-learn model (bench/python/serve_model_sklearn.py),
 * then `mlflow models serve -m models:/<name>/<version> --env-manager local` from the stack's venv.
 */
export async function startMlflowScoringServer(): Promise<ScoringServer> {
  const { env, venv } = mlflowEnv();
  const name = `gwtest_bench_serving_sklearn_${Date.now().toString(36)}_${process.pid}`;
  const { stdout } = await execFileP(
    path.join(venv, "bin", "python"),
    [
      path.join(ROOT, "bench", "python", "serve_model_sklearn.py"),
      "--csv",
      path.join(ROOT, "data", "penguins.csv"),
      "--model",
      name,
      "--onnx",
    ],
    { env, maxBuffer: 16 * 1024 * 1024, timeout: 300_000 },
  );
  const lines = stdout.trim().split("\n");
  const trained = JSON.parse(lines[lines.length - 1]) as {
    modelUri: string;
    testAccuracy: number;
    versions: Record<string, string>;
    onnxName: string;
    onnxVersion: string;
    onnxModelUri: string;
  };
  const serve = await startMlflowServe(trained.modelUri);
  return {
    ...serve,
    modelUri: trained.modelUri,
    testAccuracy: trained.testAccuracy,
    versions: trained.versions,
    onnxReference: `${trained.onnxName}/${trained.onnxVersion}`,
    onnxModelUri: trained.onnxModelUri,
  };
}

export interface LoadResult {
  server: string;
  rows: number;
  result: autocannon.Result;
}

export async function load(
  opts: PredictOptions,
  server: string,
  url: string,
  body: string,
  rows: number,
  verify: (b: string) => boolean,
  warmup = opts.warmup,
): Promise<LoadResult> {
  const settings = {
    url,
    method: "POST" as const,
    headers: { "content-type": "application/json" },
    body,
    connections: opts.connections,
    pipelining: 1,
    timeout: 30,
    verifyBody: verify,
  };
  await autocannon({ ...settings, duration: warmup });
  const result = await autocannon({ ...settings, duration: opts.duration });
  process.stderr.write(`  ${server}, ${rows} row(s): ${Math.round(result.requests.average)} req/s\n`);
  // A refused or failed answer is fast: a rate counted over errors would flatter the server.
  const failed = result.errors + result.timeouts + result.non2xx + result.mismatches;
  if (failed > result.requests.total * 0.01)
    throw new Error(`${server}, ${rows} row(s): ${failed} of ${result.requests.total} answers were errors`);
  return { server, rows, result };
}

const errorsOf = (r: autocannon.Result) => r.errors + r.timeouts + r.non2xx + r.mismatches;

export async function post(url: string, body: string): Promise<string> {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body });
  const text = await res.text();
  if (!res.ok || text.includes('"errors"'))
    throw new Error(`${url} answered ${res.status}: ${text.slice(0, 500)}`);
  return text;
}

export interface PredictReport extends Section {
  loads: LoadResult[];
}

/** A batch as Open Inference Protocol tensors: one column per tensor (BYTES for text, FP64 for numbers). */
export function v2Body(inputs: Record<string, unknown>[]): string {
  return JSON.stringify({
    inputs: Object.keys(inputs[0]).map((name) => ({
      name,
      shape: [inputs.length],
      datatype: typeof inputs[0][name] === "number" ? "FP64" : "BYTES",
      data: inputs.map((r) => r[name]),
    })),
  });
}

/** Every server under the same autocannon settings, 1 row then 1,000 rows per request. */
export async function run(opts: PredictOptions): Promise<PredictReport> {
  const loads: LoadResult[] = [];
  const allRounds: LoadResult[] = [];
  const rows: Row[] = [];
  const children: ChildProcess[] = [];
  const v2Url = `${opts.gatewayUrl.replace(/\/graphql$/, "")}/v2/models/${encodeURIComponent(opts.model)}/infer`;
  try {
    for (const size of [1, 1000]) {
      const inputs = rowsOf(size);
      const gatewayBody = JSON.stringify({ query: PREDICT, variables: { model: opts.model, inputs } });
      const mlflowBody = JSON.stringify({ dataframe_records: inputs });
      const inferBody = v2Body(inputs);
      // One real answer from each first: it proves the model serves, and is the baselines' constant reply.
      const answer = await post(opts.gatewayUrl, gatewayBody);
      await post(v2Url, inferBody);
      if (opts.mlflowUrl) await post(`${opts.mlflowUrl}/invocations`, mlflowBody);
      const bare = await startBareProcess(answer);
      children.push(bare.child);
      const bareLoad = await load(opts, "bare node:http", bare.url, gatewayBody, size, () => true);
      await stopProcess(bare.child);
      const apollo = await startApolloBaseline(answer);
      children.push(apollo.child);
      // The Apollo ceiling, the gateway (both lanes) and MLflow take turns for opts.rounds rounds, and each
      // server's best round counts: a slow moment of this shared machine then hits every server alike.
      const rounds: Record<"apollo" | "gw" | "v2" | "ml", LoadResult[]> = {
        apollo: [],
        gw: [],
        v2: [],
        ml: [],
      };
      for (let round = 0; round < opts.rounds; round++) {
        // The first round warms each server up; later rounds find it warm.
        const warmup = round === 0 ? opts.warmup : 1;
        rounds.apollo.push(
          await load(
            opts,
            APOLLO_BASELINE,
            apollo.url,
            gatewayBody,
            size,
            (b) => b.startsWith('{"data"'),
            warmup,
          ),
        );
        rounds.gw.push(
          await load(
            opts,
            "gateway",
            opts.gatewayUrl,
            gatewayBody,
            size,
            (b) => !b.includes('"errors"'),
            warmup,
          ),
        );
        rounds.v2.push(
          await load(
            opts,
            "gateway V2 /infer",
            v2Url,
            inferBody,
            size,
            (b) => b.startsWith('{"model_name"'),
            warmup,
          ),
        );
        if (opts.mlflowUrl)
          rounds.ml.push(
            await load(
              opts,
              "mlflow models serve",
              `${opts.mlflowUrl}/invocations`,
              mlflowBody,
              size,
              (b) => b.startsWith('{"predictions"'),
              warmup,
            ),
          );
      }
      await stopProcess(apollo.child);
      const best = (rs: LoadResult[]) =>
        rs.reduce((a, b) => (b.result.requests.average > a.result.requests.average ? b : a));
      const apolloLoad = best(rounds.apollo);
      const gw = best(rounds.gw);
      const v2 = best(rounds.v2);
      const ml = rounds.ml.length ? best(rounds.ml) : undefined;
      allRounds.push(...rounds.apollo, ...rounds.gw, ...rounds.v2, ...rounds.ml);
      loads.push(bareLoad, apolloLoad, gw, v2, ...(ml ? [ml] : []));
      rows.push(...rowsFor(size, { gw, v2, bare: bareLoad, apollo: apolloLoad, ml }));
    }
  } finally {
    for (const c of children) await stopProcess(c);
  }
  const out = details(opts, loads, allRounds);
  // Rows still in the log's buffer when the load stops are written a moment later: wait for them (bounded).
  const buffered = async () =>
    (await scrapeMetric(opts.gatewayUrl, "gateway_prediction_log_buffered_rows").catch(() => undefined))?.get(
      "",
    ) ?? 0;
  for (let deadline = Date.now() + 60_000; (await buffered()) > 0 && Date.now() < deadline; )
    await new Promise((r) => setTimeout(r, 250));
  const stillBuffered = await buffered();
  const logged = await scrapeMetric(opts.gatewayUrl, "gateway_prediction_log_rows_total").catch(
    () => undefined,
  );
  if (logged) {
    const written = logged.get('outcome="written"') ?? 0;
    const dropped = (logged.get('outcome="dropped"') ?? 0) + stillBuffered;
    const peak = Math.max(
      ...loads.filter((l) => l.server.startsWith("gateway")).map((l) => l.result.requests.average * l.rows),
    );
    rows.push(
      row({
        measure: "predict under load: predictions kept in the prediction log",
        unit: "%",
        gateway: written + dropped ? (100 * written) / (written + dropped) : null,
        baseline: null,
        baselineName: "– (MLflow's scoring server keeps no log)",
        better: "higher",
        note:
          `${formatNumber(written)} of ${formatNumber(written + dropped)} predicted rows were written to PostgreSQL ` +
          `(COPY, with predict waiting for buffer space) at up to ${formatNumber(peak)} rows/s` +
          (dropped ? `; the rest were dropped or still buffered a minute after the load` : ""),
      }),
    );
    out.push(
      "",
      `The gateway's prediction log (PostgreSQL COPY, bounded buffer with backpressure) since the gateway started: ` +
        `${formatNumber(written)} rows written, ${formatNumber(dropped)} dropped or not yet written.`,
    );
  }
  return { title: "predict", rows, details: out, loads };
}

const APOLLO_BASELINE = "minimal Apollo Server 5 on node:http, constant resolver (ceiling)";

interface SizeLoads {
  gw: LoadResult;
  v2: LoadResult;
  bare: LoadResult;
  apollo: LoadResult;
  ml?: LoadResult;
}

function rowsFor(size: number, { gw, v2, bare, apollo, ml }: SizeLoads): Row[] {
  const label =
    size === 1 ? "predict, 1 row per request" : `predict, ${size.toLocaleString("en-US")} rows per request`;
  const v2Label =
    size === 1 ? "V2 infer, 1 row per request" : `V2 infer, ${size.toLocaleString("en-US")} rows per request`;
  const throughput = (l: LoadResult) => l.result.requests.average * (size === 1 ? 1 : size);
  const unit = size === 1 ? "req/s" : "rows/s";
  const out: Row[] = [
    row({
      measure: `${label}: throughput`,
      unit,
      gateway: throughput(gw),
      baseline: throughput(bare),
      baselineName: "bare node:http, constant JSON (ceiling)",
      better: "higher",
      note: "expected: the ceiling answers a constant body with no parsing, GraphQL execution or model, so it bounds any Node server on this machine",
    }),
    row({
      measure: `${label}: throughput`,
      unit,
      gateway: throughput(gw),
      baseline: throughput(apollo),
      baselineName: APOLLO_BASELINE,
      better: "higher",
      note:
        "beyond Apollo's own work the gateway authenticates, rate-limits, resolves the alias, validates and scores the " +
        "rows, queues them for the prediction log and records metrics",
      ...(size === 1
        ? {
            goal: {
              ratio: 0.6,
              why: "what is left is the gateway's own per-request work (input guard, type-graphql's auth and argument layers, model scoring, prediction-log rows, metrics); in the profile that work is spread thin: predict itself (alias cache, validation, scoring, the log's JSON text) about 10 % of the event loop, AsyncLocalStorage's promise hooks (the request scope that counts upstream calls) about 5 %, which Node 22 removes but pg-boss 10 pins Node 20, and type-graphql's root resolver layers about 4 %; the socket writes of 9,000 small answers a second (the kernel's loopback work) are about a fifth, as for the ceiling",
            },
          }
        : {}),
    }),
  ];
  // Latency is not compared with the ceiling: autocannon's resolution is 1 ms and the ceiling answers in less.
  if (!ml) return out;
  const baselineName = "mlflow models serve (scikit-learn)";
  const why =
    size === 1
      ? {
          throughput:
            "per request the gateway parses, validates and executes a GraphQL document (Apollo + type-graphql) and queues a prediction-log row; FastAPI only parses JSON",
          p50: "GraphQL parsing, validation and execution per request, and the prediction log",
          p99: "GraphQL execution and the prediction log's batched writes share one event loop",
        }
      : {
          throughput:
            "the gateway coerces and validates 1,000 JSON objects through GraphQL (JSONObject rows) and answers 1,000 objects; scikit-learn scores the batch vectorised in numpy",
          p50: "GraphQL input coercion and output completion of 1,000 objects on one event loop",
          p99: "GraphQL input coercion and output completion, and the prediction log's batched writes, share one event loop",
        };
  out.push(
    row({
      measure: `${label}: throughput`,
      unit,
      gateway: throughput(gw),
      baseline: throughput(ml),
      baselineName,
      better: "higher",
      note: why.throughput,
      goal:
        size === 1
          ? { ratio: 40, why: "the GraphQL request path (see the Apollo ceiling row) bounds it" }
          : {
              ratio: 5,
              why:
                "the event loop is the limit (100 % busy under this load while the scoring and COPY threads are " +
                "not): it parses the body's 1,000 row objects (about a tenth of its time), coerces each as a " +
                "JSONObject, turns them into columns for the scoring worker and completes 1,000 answer objects " +
                "through graphql-js. The V2 lane (columns in and out, see its rows) skips the per-row objects and " +
                "is the fast path for large batches",
            },
    }),
    row({
      measure: `${label}: p50 latency`,
      unit: "ms",
      gateway: gw.result.latency.p50,
      baseline: ml.result.latency.p50,
      baselineName,
      better: "lower",
      note: why.p50,
    }),
    row({
      measure: `${label}: p99 latency`,
      unit: "ms",
      gateway: gw.result.latency.p99,
      baseline: ml.result.latency.p99,
      baselineName,
      better: "lower",
      note: why.p99,
      ...(size > 1
        ? {
            goal: {
              ratio: 1,
              why: "garbage collection of 1,000-object inputs and answers; the V2 lane's columns avoid it",
            },
          }
        : {}),
    }),
    row({
      measure: `${v2Label}: throughput`,
      unit,
      gateway: throughput(v2),
      baseline: throughput(ml),
      baselineName,
      better: "higher",
      note: "the V2 lane parses JSON tensors and scores them without GraphQL",
      ...(size > 1
        ? {
            goal: {
              ratio: 5,
              why:
                "on two shared cores the gateway, its scoring worker, PostgreSQL (the prediction log) and the load " +
                "generator saturate the machine",
            },
          }
        : {}),
    }),
    row({
      measure: `${v2Label}: p99 latency`,
      unit: "ms",
      gateway: v2.result.latency.p99,
      baseline: ml.result.latency.p99,
      baselineName,
      better: "lower",
      note: "the prediction log's batched writes and garbage collection share the event loop",
      ...(size > 1
        ? { goal: { ratio: 1, why: "the prediction log's batched inserts share the event loop" } }
        : {}),
    }),
  );
  if (size > 1)
    out.push(
      row({
        measure: `${v2Label}: throughput`,
        unit,
        gateway: throughput(v2),
        baseline: throughput(gw),
        baselineName: "the gateway's GraphQL predict, same rows",
        better: "higher",
        note: "the V2 lane should be the fast path for large batches: no GraphQL coercion of rows, columnar answer",
        goal: {
          ratio: 1,
          why: "the worker still builds row objects from the columns to validate them and write the log's JSON",
        },
      }),
    );
  return out;
}

function details(opts: PredictOptions, loads: LoadResult[], allRounds: LoadResult[]): string[] {
  const byServer = new Map<string, string[]>();
  for (const l of allRounds) {
    const key = `${l.server}, ${l.rows.toLocaleString("en-US")} row(s)`;
    byServer.set(key, [...(byServer.get(key) ?? []), formatNumber(l.result.requests.average)]);
  }
  return [
    `autocannon: ${opts.connections} connections, pipelining 1, ${opts.duration} s measured per server and payload ` +
      `after ${opts.warmup} s of warm-up; the load generator shares the machine with the servers. The Apollo ` +
      `ceiling, the gateway's two lanes and MLflow take turns for ${opts.rounds} rounds (1 s of warm-up after the ` +
      `first) and each server's best round counts; the bare server runs once. Gateway model ` +
      `\`${opts.model}\` (trainGrid logistic regression); the bare server replies with the gateway's own answer ` +
      `for the same payload.`,
    "",
    markdownTable(
      ["Server", "Rows per request", "req/s", "rows/s", "p50 ms", "p99 ms", "Errors"],
      loads.map((l) => [
        l.server,
        l.rows.toLocaleString("en-US"),
        formatNumber(l.result.requests.average),
        formatNumber(l.result.requests.average * l.rows),
        formatNumber(l.result.latency.p50),
        formatNumber(l.result.latency.p99),
        String(errorsOf(l.result)),
      ]),
      ["l", "r", "r", "r", "r", "r", "r"],
    ),
    "",
    `Every round, req/s: ${[...byServer].map(([k, v]) => `${k}: ${v.join(", ")}`).join("; ")}.`,
  ];
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const get = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const cleanups: (() => Promise<void>)[] = [];
  try {
    let url = get("--url");
    if (!url) {
      const gw = await startGatewayProcess();
      cleanups.push(() => stopProcess(gw.child));
      url = gw.url;
    }
    const model = get("--model") ?? (await prepareModel(url)).reference;
    let mlflowUrl: string | undefined;
    if (!argv.includes("--no-mlflow")) {
      const scoring = await startMlflowScoringServer();
      cleanups.push(() => scoring.close());
      mlflowUrl = scoring.url;
    }
    const report = await run({ ...predictOptions(argv), gatewayUrl: url, model, mlflowUrl });
    console.log(`\n${renderRows(report.rows)}\n\n${report.details.join("\n")}`);
  } finally {
    for (const c of cleanups.reverse()) await c();
  }
}

if (process.argv.includes("--bare-server")) bareServerMain();
else if (require.main === module)
  main().catch((err) => {
    console.error(`benchmark failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
