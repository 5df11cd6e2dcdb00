// graphql-ws clients for tests, and a second gateway in its own process (subscribe on one, act on the other).
import { ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import { Client, createClient } from "graphql-ws";
import WebSocket from "ws";
import { testEnv } from "./gateway";

const ROOT = path.resolve(__dirname, "..", "..", "..");

export interface Closed {
  code: number;
  reason: string;
}

/** A graphql-ws client of the gateway at `httpUrl` that never retries (tests want to see each close). */
export function wsClient(
  httpUrl: string,
  connectionParams?: Record<string, unknown>,
  opts: { lazy?: boolean } = {},
): Client & { closed: Promise<Closed> } {
  let onClosed: (c: Closed) => void = () => {};
  const closed = new Promise<Closed>((resolve) => (onClosed = resolve));
  const client = createClient({
    url: httpUrl.replace(/^http/, "ws"),
    webSocketImpl: WebSocket,
    connectionParams,
    lazy: opts.lazy ?? true,
    retryAttempts: 0,
    shouldRetry: () => false,
    // A refused non-lazy connection is what some tests want: they read `closed`, nothing to print.
    onNonLazyError: () => {},
    on: {
      closed: (event) => {
        const e = event as { code: number; reason: string | Buffer };
        onClosed({ code: e.code, reason: String(e.reason) });
      },
    },
  });
  return Object.assign(client, { closed });
}

export interface Stream<T> {
  /** Every `data` received so far. */
  events: T[];
  /** Settles when the server completes the subscription (or an error or close arrives). */
  done: Promise<{ error?: unknown }>;
  /** Resolves with the first event that satisfies `predicate` (already received or still to come). */
  waitFor(predicate: (e: T) => boolean, what: string, timeoutMs?: number): Promise<T>;
  stop(): void;
}

export function subscribe<T>(
  client: Client,
  query: string,
  variables: Record<string, unknown> = {},
): Stream<T> {
  const events: T[] = [];
  const waiters: { predicate: (e: T) => boolean; resolve: (e: T) => void }[] = [];
  let finish: (r: { error?: unknown }) => void = () => {};
  const done = new Promise<{ error?: unknown }>((resolve) => (finish = resolve));
  const stop = client.subscribe<T>(
    { query, variables },
    {
      next: (value) => {
        if (value.errors) return finish({ error: value.errors });
        const data = value.data as T;
        events.push(data);
        for (const w of [...waiters]) {
          if (w.predicate(data)) {
            waiters.splice(waiters.indexOf(w), 1);
            w.resolve(data);
          }
        }
      },
      error: (error) => finish({ error }),
      complete: () => finish({}),
    },
  );
  return {
    events,
    done,
    stop,
    waitFor(predicate, what, timeoutMs = 60_000) {
      const seen = events.find(predicate);
      if (seen) return Promise.resolve(seen);
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`timed out waiting for ${what}; events: ${JSON.stringify(events)}`)),
          timeoutMs,
        );
        waiters.push({
          predicate,
          resolve: (e) => {
            clearTimeout(timer);
            resolve(e);
          },
        });
        void done.then((r) => {
          if (r.error) {
            clearTimeout(timer);
            reject(new Error(`subscription failed while waiting for ${what}: ${JSON.stringify(r.error)}`));
          }
        });
      });
    },
  };
}

export interface GatewayProcess {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** `node dist/src/index.js` as its own process on a free port: another replica of the gateway. */
export async function startGatewayProcess(overrides: Record<string, string> = {}): Promise<GatewayProcess> {
  const child = spawn(process.execPath, ["dist/src/index.js"], {
    cwd: ROOT,
    env: { ...testEnv(overrides), LOG_LEVEL: "info", ...overrides },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the gateway process did not start: ${stderr}`)), 60_000);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the gateway process exited with ${code}: ${stderr}`));
    });
    createInterface({ input: child.stdout! }).on("line", (line) => {
      try {
        const entry = JSON.parse(line) as { msg?: string; url?: string };
        if (entry.msg === "gateway listening" && entry.url) {
          clearTimeout(timer);
          resolve(entry.url);
        }
      } catch {
        // not a log line
      }
    });
  });
  return {
    url,
    child,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await exited;
    },
  };
}
