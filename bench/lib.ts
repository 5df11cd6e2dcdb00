// Shared by the benchmarks: the result row and its verdict, percentiles, Markdown tables, machine and version
// facts, RSS readings from /proc, and starting/stopping the processes under test.
import { ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { Client } from "pg";

export const ROOT = path.resolve(__dirname, "..", "..");

// ------------------------------------------------------------------ rows, ratios, verdicts

export type Better = "higher" | "lower";

/** One measure: the gateway's figure beside a baseline's figure measured in the same run. */
export interface Row {
  measure: string;
  unit: string;
  gateway: number | null;
  /** null: no baseline measured (the note says why). */
  baseline: number | null;
  baselineName: string;
  /** gateway ÷ baseline; null without both figures. */
  ratio: number | null;
  better: Better;
  /** Why the figures are what they are; shown in the verdict when the gateway loses or there is no baseline. */
  note: string;
  /** Fixed decimals for both figures (e.g. 3 for accuracies); default: formatNumber's three significant digits. */
  decimals?: number;
  /**
   * A speed goal for this ratio (issue 15): met when the ratio is at least `ratio` (better: higher) or at most
   * `ratio` (better: lower). `why` says what would close the gap when it is missed.
   */
  goal?: { ratio: number; why: string };
}

/** Whether a row's goal is met; null without a goal or without a ratio. */
export function goalMet(r: Row): boolean | null {
  if (!r.goal || r.ratio === null) return null;
  return r.better === "higher" ? r.ratio >= r.goal.ratio : r.ratio <= r.goal.ratio;
}

/** The goals table: every row with a goal, the target, the ratio measured in this run, met or missed. */
export function renderGoals(rows: Row[]): string {
  const withGoal = rows.filter((r) => r.goal);
  return markdownTable(
    ["Goal", "Baseline (same run)", "Target ratio", "Measured ratio", "Met?"],
    withGoal.map((r) => {
      const met = goalMet(r);
      return [
        r.measure,
        r.baselineName,
        `${r.better === "higher" ? "≥" : "≤"} ${formatRatio(r.goal!.ratio)}`,
        formatRatio(r.ratio),
        met === null ? "not measured" : met ? "**met**" : `**missed**: ${r.goal!.why}`,
      ];
    }),
    ["l", "l", "r", "r", "l"],
  );
}

/** A benchmark's contribution to the report: summary rows and a Markdown details section. */
export interface Section {
  title: string;
  rows: Row[];
  details: string[];
}

/** Ratios within this band around 1 are "on par": run-to-run noise on a shared 2-core machine is about this size. */
export const ON_PAR_BAND = 0.1;

export function ratioOf(gateway: number | null, baseline: number | null): number | null {
  if (gateway === null || baseline === null || !Number.isFinite(gateway) || !Number.isFinite(baseline))
    return null;
  if (baseline === 0) return gateway === 0 ? 1 : null;
  return gateway / baseline;
}

/** A row with its ratio computed. */
export function row(r: Omit<Row, "ratio">): Row {
  return { ...r, ratio: ratioOf(r.gateway, r.baseline) };
}

export type Outcome = "better" | "worse" | "on par" | "no baseline";

export function outcome(r: Pick<Row, "ratio" | "better">, band = ON_PAR_BAND): Outcome {
  if (r.ratio === null) return "no baseline";
  const gain = r.better === "higher" ? r.ratio : 1 / r.ratio;
  if (gain >= 1 + band) return "better";
  if (gain <= 1 / (1 + band)) return "worse";
  return "on par";
}

/** The verdict column: plain words, and the reason whenever the gateway loses or nothing was compared. */
export function verdict(r: Row, band = ON_PAR_BAND): string {
  const o = outcome(r, band);
  if (o === "better") return "gateway better";
  if (o === "on par") return "on par";
  if (o === "worse") return `**gateway worse**: ${r.note}`;
  return `no baseline: ${r.note}`;
}

// ------------------------------------------------------------------ statistics

/** Nearest-rank percentile (p in 0..100) of unsorted values; NaN for no values. */
export function percentile(values: readonly number[], p: number): number {
  if (!values.length) return NaN;
  if (p < 0 || p > 100) throw new RangeError(`percentile ${p} is outside 0..100`);
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

export interface Summary {
  n: number;
  mean: number;
  p50: number;
  p99: number;
  min: number;
  max: number;
}

export function summarize(values: readonly number[]): Summary {
  const n = values.length;
  return {
    n,
    mean: n ? values.reduce((a, b) => a + b, 0) / n : NaN,
    p50: percentile(values, 50),
    p99: percentile(values, 99),
    min: n ? Math.min(...values) : NaN,
    max: n ? Math.max(...values) : NaN,
  };
}

// ------------------------------------------------------------------ formatting

/** Three significant digits for small numbers, whole numbers with separators from 100 up. */
export function formatNumber(n: number | null): string {
  if (n === null || Number.isNaN(n)) return "–";
  if (!Number.isFinite(n)) return n > 0 ? "∞" : "-∞";
  const abs = Math.abs(n);
  if (abs >= 100 || Number.isInteger(n)) return Math.round(n).toLocaleString("en-US");
  if (abs >= 10) return n.toFixed(1);
  if (abs >= 1) return n.toFixed(2);
  if (abs === 0) return "0";
  return n.toPrecision(3);
}

function formatFigure(n: number | null, decimals?: number): string {
  return decimals === undefined || n === null || !Number.isFinite(n) ? formatNumber(n) : n.toFixed(decimals);
}

export function formatRatio(r: number | null): string {
  if (r === null || !Number.isFinite(r)) return "–";
  if (r >= 100) return `${Math.round(r).toLocaleString("en-US")}×`;
  if (r >= 10) return `${r.toFixed(1)}×`;
  return `${r.toFixed(2)}×`;
}

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

/** A GitHub Markdown table; `align` per column: "l" (default) or "r". */
export function markdownTable(headers: string[], rows: string[][], align: ("l" | "r")[] = []): string {
  const line = (cells: string[]) => `| ${cells.map(cell).join(" | ")} |`;
  const rule = headers.map((_, i) => (align[i] === "r" ? "---:" : "---"));
  return [line(headers), `|${rule.join("|")}|`, ...rows.map((r) => line(r))].join("\n");
}

export const SUMMARY_HEADERS = [
  "Measure",
  "Unit",
  "Gateway",
  "Baseline (same run)",
  "Baseline figure",
  "Ratio gateway ÷ baseline",
  "Better when",
  "Verdict",
];

export function renderRows(rows: Row[]): string {
  return markdownTable(
    SUMMARY_HEADERS,
    rows.map((r) => [
      r.measure,
      r.unit,
      formatFigure(r.gateway, r.decimals),
      r.baselineName,
      formatFigure(r.baseline, r.decimals),
      formatRatio(r.ratio),
      r.better,
      verdict(r),
    ]),
    ["l", "l", "r", "l", "r", "r", "l", "l"],
  );
}

// ------------------------------------------------------------------ machine and versions

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  os: string;
  kernel: string;
  loadAverage: number[];
}

export function machineInfo(): Machine {
  let osName = `${os.type()} ${os.release()}`;
  try {
    const pretty = /^PRETTY_NAME="?([^"\n]+)"?/m.exec(readFileSync("/etc/os-release", "utf8"));
    if (pretty) osName = pretty[1];
  } catch {
    // not Linux: os.type() will do
  }
  return {
    cpu: os.cpus()[0]?.model.trim() ?? "unknown",
    cores: os.availableParallelism(),
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    os: osName,
    kernel: os.release(),
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

/** Installed versions of the packages that decide the gateway's speed (from node_modules, not package.json ranges). */
export function packageVersions(names: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(ROOT, "node_modules", name, "package.json"), "utf8")) as {
        version: string;
      };
      out[name] = pkg.version;
    } catch {
      out[name] = "not installed";
    }
  }
  return out;
}

const exec = promisify(execFile);

/** The commit the benchmark ran on, with "+changes" when the work tree differs from it. */
export async function gitDescription(): Promise<string> {
  try {
    const { stdout: sha } = await exec("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT });
    const { stdout: status } = await exec("git", ["status", "--porcelain", "--untracked-files=no"], {
      cwd: ROOT,
    });
    return `${sha.trim()}${status.trim() ? " +changes" : ""}`;
  } catch {
    return "unknown";
  }
}

// ------------------------------------------------------------------ processes and memory

/** VmRSS of one process in MiB from /proc/<pid>/status; null when it is gone or /proc is missing. */
export function rssMiB(pid: number): number | null {
  try {
    const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Math.round((Number(m[1]) / 1024) * 10) / 10 : null;
  } catch {
    return null;
  }
}

/** The pid and all its descendants (from /proc/<pid>/task/<pid>/children). */
export function processTree(pid: number): number[] {
  const out = [pid];
  for (let i = 0; i < out.length; i++) {
    try {
      const children = readFileSync(`/proc/${out[i]}/task/${out[i]}/children`, "utf8").trim();
      if (children) out.push(...children.split(/\s+/).map(Number));
    } catch {
      // the process ended meanwhile
    }
  }
  return out;
}

export function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim();
  } catch {
    return "";
  }
}

export async function freePort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

export async function waitForHttp(url: string, timeoutMs: number, child?: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child && child.exitCode !== null)
      throw new Error(`${url}: the process exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs} ms`);
    await sleep(200);
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The token of the benchmark gateways' /metrics (closed in production without one). */
const BENCH_METRICS_TOKEN = "bench-metrics-token";

export interface GatewayProcess {
  /** http://127.0.0.1:port/graphql */
  url: string;
  child: ChildProcess;
  pid: number;
}

/**
 * The node flags `npm start` (and the image's CMD) run the gateway with, e.g. its young-generation size: the
 * benchmarks measure the gateway as deployed.
 */
export function gatewayNodeFlags(): string[] {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
    scripts: Record<string, string>;
  };
  const words = pkg.scripts.start.trim().split(/\s+/);
  const entry = words.indexOf("dist/src/index.js");
  if (words[0] !== "node" || entry < 0)
    throw new Error(
      `package.json's start script is not "node [flags] dist/src/index.js": ${pkg.scripts.start}`,
    );
  return words.slice(1, entry);
}

/** The gateway (dist/src/index.js) as its own process in production mode, so the load generator has its own loop. */
export async function startGatewayProcess(env: Record<string, string> = {}): Promise<GatewayProcess> {
  const entry = path.join(ROOT, "dist", "src", "index.js");
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run npx tsc -p . first`);
  const port = await freePort();
  const child = spawn(process.execPath, [...gatewayNodeFlags(), entry], {
    cwd: ROOT,
    // production mode as deployed (graphql-js skips its development-only checks); no API keys in a local bench,
    // and no per-caller rate limits (production turns them on; one load generator is one caller).
    env: {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      LOG_LEVEL: "warn",
      NODE_ENV: "production",
      AUTH_DISABLED: "true",
      RATE_LIMIT_PER_MINUTE: "0",
      RATE_LIMIT_COST_PER_MINUTE: "0",
      // /metrics is closed in production without a token; the benchmarks read the gateway's counters from it.
      METRICS_TOKEN: BENCH_METRICS_TOKEN,
      ...env,
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const base = `http://127.0.0.1:${port}`;
  await waitForHttp(`${base}/healthz`, 60_000, child);
  return { url: `${base}/graphql`, child, pid: child.pid! };
}

/** SIGTERM to the child's process group (or the child), SIGKILL if it has not exited after `graceMs`. */
export async function stopProcess(child: ChildProcess, group = false, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  const signal = (sig: NodeJS.Signals) => {
    try {
      if (group) process.kill(-child.pid!, sig);
      else child.kill(sig);
    } catch {
      // already gone
    }
  };
  signal("SIGTERM");
  const timer = setTimeout(() => signal("SIGKILL"), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Values of one Prometheus metric from the gateway's /metrics, by their label text (e.g. `outcome="written"`). */
export async function scrapeMetric(graphqlUrl: string, name: string): Promise<Map<string, number>> {
  const res = await fetch(graphqlUrl.replace(/\/graphql$/, "/metrics"), {
    headers: { authorization: `Bearer ${BENCH_METRICS_TOKEN}` },
  });
  if (!res.ok) throw new Error(`/metrics answered HTTP ${res.status}`);
  const text = await res.text();
  const out = new Map<string, number>();
  for (const line of text.split("\n")) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{([^}]*)\})? ([-+\deE.]+|NaN)$/.exec(line);
    if (m && m[1] === name) out.set(m[2] ?? "", Number(m[3]));
  }
  return out;
}

/** POST a GraphQL document; returns data and extensions, throws on errors. */
export async function gql<T>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<{ data: T; extensions?: Record<string, unknown> }> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as {
    data?: T;
    errors?: { message: string }[];
    extensions?: Record<string, unknown>;
  };
  if (body.errors?.length || !body.data)
    throw new Error(`GraphQL error: ${JSON.stringify(body.errors ?? body)}`);
  return { data: body.data, extensions: body.extensions };
}

/**
 * Delete the prediction-log rows of one benchmark model, or of every benchmark model (names gwtest_bench_…), with
 * no statement timeout (a run leaves millions); returns how many.
 */
export async function deleteBenchPredictions(databaseUrl: string, model?: string): Promise<number> {
  const db = new Client({ connectionString: databaseUrl, statement_timeout: 0 });
  await db.connect();
  try {
    const [where, params] = model
      ? ["model_name = $1", [model]]
      : ["model_name LIKE 'gwtest\\_bench\\_%'", []];
    const requests = await db.query<{ n: string }>(
      `WITH d AS (DELETE FROM prediction_requests WHERE ${where} RETURNING row_count) SELECT coalesce(sum(row_count), 0) AS n FROM d`,
      params,
    );
    const rows = await db.query(`DELETE FROM prediction_rows WHERE ${where}`, params);
    // Deleted rows stay in the table and its indexes until a vacuum: without one, each run read a bigger log
    // than the one before (predictionStats went 425, 691, 841, 1,027 ms over four runs in a row).
    await db.query("VACUUM (ANALYZE) prediction_requests, prediction_rows");
    return Number(requests.rows[0].n) + (rows.rowCount ?? 0);
  } finally {
    await db.end();
  }
}
