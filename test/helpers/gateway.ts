// Starts a real gateway in-process against the real stack and sends GraphQL over HTTP.
import "reflect-metadata";
import { print } from "graphql";
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { loadConfig } from "../../src/config";
import { createLogger } from "../../src/logger";
import { Gateway, startGateway } from "../../src/server";
import { createServices, Services } from "../../src/services";
import { HostileIngestDocument, TrainGridDocument } from "../generated/graphql";
import { TEST_PREFIX } from "./cleanup";

export interface GqlError {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; [k: string]: unknown };
}

export interface GqlResult<T> {
  status: number;
  data?: T | null;
  errors?: GqlError[];
  extensions?: { upstreamCalls?: Record<string, number>; [k: string]: unknown };
}

export interface TestGateway {
  url: string;
  services: Services;
  gateway: Gateway;
  /** Send a typed document (from test/generated/graphql.ts). */
  gql<TData, TVars>(
    doc: TypedDocumentNode<TData, TVars>,
    variables?: TVars,
    headers?: Record<string, string>,
  ): Promise<GqlResult<TData>>;
  /** Send a raw query string (for hostile or ad-hoc documents). */
  raw<TData = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<GqlResult<TData>>;
  close(): Promise<void>;
}

/**
 * One queue namespace per test process: test files run side by side against one stack, and a gateway must not
 * work the trials or schedules of another file's gateways (some run with a broken upstream on purpose). The
 * gateways and worker processes one file starts share it, like one deployment.
 */
const QUEUE_NAMESPACE = `test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;

/** Environment for the gateway under test: the stack's settings plus overrides. */
export function testEnv(overrides: Record<string, string> = {}): Record<string, string | undefined> {
  return {
    ...process.env,
    NODE_ENV: "test",
    PORT: "0",
    HOST: "127.0.0.1",
    LOG_LEVEL: "silent",
    QUEUE_NAMESPACE,
    ...overrides,
  };
}

export async function startTestGateway(overrides: Record<string, string> = {}): Promise<TestGateway> {
  const config = loadConfig(testEnv(overrides));
  const services = createServices(config, createLogger(config.logLevel));
  const gateway = await startGateway(config, services);
  const url = gateway.url;
  const send = async <T>(
    query: string,
    variables: unknown,
    headers: Record<string, string> = {},
  ): Promise<GqlResult<T>> => {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify({ query, variables }),
    });
    const text = await res.text();
    let body: GqlResult<T>;
    try {
      body = JSON.parse(text) as GqlResult<T>;
    } catch {
      throw new Error(`non-JSON answer (HTTP ${res.status}): ${text.slice(0, 300)}`);
    }
    return { ...body, status: res.status };
  };
  return {
    url,
    services,
    gateway,
    gql: (doc, variables, headers) => send(print(doc), variables, headers),
    raw: (query, variables, headers) => send(query, variables, headers),
    close: () => gateway.close(),
  };
}

/** Throws with the GraphQL errors when there are any; returns data. */
export function dataOf<T>(res: GqlResult<T>): T {
  if (res.errors?.length || !res.data) {
    throw new Error(`GraphQL errors (HTTP ${res.status}): ${JSON.stringify(res.errors ?? res)}`);
  }
  return res.data;
}

/**
 * A unique name for this test run, so tests can run in any order and twice. It starts with TEST_PREFIX, so
 * `npm run stack:clean` finds whatever a test left behind.
 */
export function uniqueName(prefix: string): string {
  return `${TEST_PREFIX}${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 7)}`;
}

/**
 * The small model most serving and fault tests need: the built-in iris table ingested as `<mark>_iris`, one
 * logistic regression trained on it (no cross-validation), registered as `model` and promoted to @champion.
 * Throws unless the job SUCCEEDED; returns it (its model version names the run).
 */
export async function trainIrisChampion(
  gw: TestGateway,
  mark: string,
  model: string,
  opts: { numSteps?: number; headers?: Record<string, string> } = {},
) {
  const table = `${mark}_iris`;
  dataOf(await gw.gql(HostileIngestDocument, { input: { name: table, builtin: "IRIS" } }, opts.headers));
  const job = dataOf(
    await gw.gql(
      TrainGridDocument,
      {
        input: {
          experimentName: `${mark}-experiment`,
          dataset: table,
          label: "species",
          grid: [
            {
              algorithm: "LOGISTIC_REGRESSION",
              params: { learningRate: [0.1], numSteps: [opts.numSteps ?? 100] },
            },
          ],
          folds: 0,
          registerAs: model,
          promoteTo: "champion",
        },
      },
      opts.headers,
    ),
  ).trainGrid;
  if (job.status !== "SUCCEEDED")
    throw new Error(`training ${model} ended ${job.status}: ${job.error ?? ""}`);
  return job;
}
