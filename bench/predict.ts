// Benchmark: single-row and 1,000-row predict through GraphQL, beside a bare Node HTTP server in the same run.
//
// Usage (after `npx tsc -p .`, with the stack up):
//   node dist/bench/predict.js [--quick] [--connections 10] [--duration 15] [--model name@champion] [--url http://host:port/graphql]
// Without --url it starts the gateway (dist/src/index.js) as a child process with the stack's settings; without
// --model it ingests the built-in penguins table and trains a small logistic regression with trainGrid
// (registered and promoted to @champion). Absolute numbers depend on the machine: read the ratios.
import "reflect-metadata";
import { ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import autocannon from "autocannon";

const ROOT = path.resolve(__dirname, "..", "..");

interface Args {
  quick: boolean;
  connections: number;
  duration: number;
  warmup: number;
  model?: string;
  url?: string;
}

function parseArgs(argv: string[]): Args {
  const get = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const quick = argv.includes("--quick");
  return {
    quick,
    connections: Number(get("--connections") ?? 10),
    duration: Number(get("--duration") ?? (quick ? 3 : 15)),
    warmup: quick ? 1 : 3,
    model: get("--model"),
    url: get("--url"),
  };
}

/** Penguin rows of each species (raw, as in the built-in table), repeated to the wanted count. */
const SAMPLE_ROWS = [
  {
    island: "Torgersen",
    bill_length_mm: 39.1,
    bill_depth_mm: 18.7,
    flipper_length_mm: 181,
    body_mass_g: 3750,
    sex: "male",
    year: 2007,
  },
  {
    island: "Dream",
    bill_length_mm: 46.5,
    bill_depth_mm: 17.9,
    flipper_length_mm: 192,
    body_mass_g: 3500,
    sex: "female",
    year: 2007,
  },
  {
    island: "Biscoe",
    bill_length_mm: 46.1,
    bill_depth_mm: 13.2,
    flipper_length_mm: 211,
    body_mass_g: 4500,
    sex: "female",
    year: 2007,
  },
  {
    island: "Biscoe",
    bill_length_mm: 37.8,
    bill_depth_mm: 18.3,
    flipper_length_mm: 174,
    body_mass_g: 3400,
    sex: "female",
    year: 2007,
  },
  {
    island: "Dream",
    bill_length_mm: 50.0,
    bill_depth_mm: 19.5,
    flipper_length_mm: 196,
    body_mass_g: 3900,
    sex: "male",
    year: 2007,
  },
];
const rowsOf = (n: number) => Array.from({ length: n }, (_, i) => SAMPLE_ROWS[i % SAMPLE_ROWS.length]);

const PREDICT = `mutation BenchPredict($model: String!, $inputs: [JSONObject!]!) {
  predict(model: $model, inputs: $inputs) { modelVersion { version } predictions { label probabilities { label probability } } }
}`;

async function gql<T>(url: string, query: string, variables: Record<string, unknown>): Promise<T> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length || !body.data)
    throw new Error(`GraphQL error: ${JSON.stringify(body.errors ?? body)}`);
  return body.data;
}

async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function freePort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

/** The gateway as its own process, so the load generator does not share its event loop. */
async function startGatewayProcess(): Promise<{ url: string; child: ChildProcess }> {
  const entry = path.join(ROOT, "dist", "src", "index.js");
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run npx tsc -p . first`);
  const port = await freePort();
  const child = spawn(process.execPath, [entry], {
    cwd: ROOT,
    // production mode as deployed (graphql-js skips its development-only checks); no API keys in a local bench.
    env: {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      LOG_LEVEL: "warn",
      NODE_ENV: "production",
      AUTH_DISABLED: "true",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const base = `http://127.0.0.1:${port}`;
  await waitForHttp(`${base}/healthz`, 60_000);
  return { url: `${base}/graphql`, child };
}

/** A bare node:http server answering a constant JSON body: the ceiling for one request on this machine. */
function startBareProcess(body: string): Promise<{ url: string; child: ChildProcess }> {
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
async function prepareModel(url: string): Promise<string> {
  const stamp = Date.now().toString(36);
  const dataset = `bench_penguins_${stamp}`;
  const name = `bench_penguins_${stamp}`;
  await gql(
    url,
    `mutation BenchIngest($input: IngestDatasetInput!) { ingestDataset(input: $input) { rowsWritten } }`,
    { input: { name: dataset, builtin: "PENGUINS" } },
  );
  await gql(
    url,
    `mutation BenchTrain($input: TrainGridInput!) { trainGrid(input: $input) { status error modelVersion { version } } }`,
    {
      input: {
        experimentName: `bench_predict_${stamp}`,
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
  return `${name}@champion`;
}

interface Measure {
  name: string;
  rows: number;
  result: autocannon.Result;
}

async function measure(
  args: Args,
  name: string,
  url: string,
  body: string,
  rows: number,
  verify?: (b: string) => boolean,
): Promise<Measure> {
  const opts = {
    url,
    method: "POST" as const,
    headers: { "content-type": "application/json" },
    body,
    connections: args.connections,
    pipelining: 1,
    timeout: 30,
    verifyBody: verify,
  };
  await autocannon({ ...opts, duration: args.warmup });
  const result = await autocannon({ ...opts, duration: args.duration });
  process.stderr.write(`measured ${name}: ${Math.round(result.requests.average)} req/s\n`);
  return { name, rows, result };
}

async function logCounts(url: string): Promise<string> {
  try {
    const text = await (await fetch(url.replace(/\/graphql$/, "/metrics"))).text();
    const pick = (outcome: string) =>
      new RegExp(`gateway_prediction_log_rows_total\\{outcome="${outcome}"\\} (\\d+)`).exec(text)?.[1] ?? "0";
    return `prediction log rows: ${pick("written")} written, ${pick("dropped")} dropped`;
  } catch {
    return "prediction log rows: unknown (no /metrics)";
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const children: ChildProcess[] = [];
  try {
    let url = args.url;
    if (!url) {
      const gw = await startGatewayProcess();
      children.push(gw.child);
      url = gw.url;
    }
    const model = args.model ?? (await prepareModel(url));
    const single = JSON.stringify({ query: PREDICT, variables: { model, inputs: rowsOf(1) } });
    const thousand = JSON.stringify({ query: PREDICT, variables: { model, inputs: rowsOf(1000) } });
    // One real answer first: it proves the model serves, and is the bare server's constant reply.
    const first = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: single,
    });
    const firstBody = await first.text();
    if (!first.ok || firstBody.includes('"errors"'))
      throw new Error(`predict failed: ${firstBody.slice(0, 500)}`);
    const bare = await startBareProcess(firstBody);
    children.push(bare.child);

    const ok = (b: string) => !b.includes('"errors"');
    const results = [
      await measure(args, "bare node:http, constant JSON", bare.url, single, 1),
      await measure(args, "predict, 1 row", url, single, 1, ok),
      await measure(args, "predict, 1,000 rows", url, thousand, 1000, ok),
    ];
    const ceiling = results[0].result.requests.average;
    const fmt = (n: number, d = 0) =>
      n.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d });
    console.log(
      `\npredict benchmark: model ${model}, ${args.connections} connections, ${args.duration} s per measure` +
        ` (after ${args.warmup} s warm-up), node ${process.version}\n`,
    );
    console.log(
      [
        "measure".padEnd(32),
        "req/s".padStart(9),
        "rows/s".padStart(11),
        "p50 ms".padStart(8),
        "p99 ms".padStart(8),
        "vs bare".padStart(8),
        "errors".padStart(7),
      ].join(" "),
    );
    for (const m of results) {
      const r = m.result;
      const errors = r.errors + r.timeouts + r.non2xx + r.mismatches;
      console.log(
        [
          m.name.padEnd(32),
          fmt(r.requests.average).padStart(9),
          fmt(r.requests.average * m.rows).padStart(11),
          fmt(r.latency.p50, 1).padStart(8),
          fmt(r.latency.p99, 1).padStart(8),
          `${fmt((100 * r.requests.average) / ceiling, 1)}%`.padStart(8),
          String(errors).padStart(7),
        ].join(" "),
      );
    }
    console.log(`\n${await logCounts(url)}`);
  } finally {
    for (const c of children) c.kill("SIGTERM");
  }
}

if (process.argv.includes("--bare-server")) bareServerMain();
else
  main().catch((err) => {
    console.error(`benchmark failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
