// Prometheus metrics (prom-client): GraphQL operations, Open Inference Protocol requests and upstream calls.
import type { GraphQLSchema } from "graphql";
import { Counter, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { countUpstreamCall } from "./logger";

export const registry = new Registry();
collectDefaultMetrics({ register: registry });

export const graphqlRequests = new Counter({
  name: "gateway_graphql_requests_total",
  help: "GraphQL operations served, by operation name and outcome (ok or the first error code).",
  labelNames: ["operation", "outcome"] as const,
  registers: [registry],
});

export const graphqlDuration = new Histogram({
  name: "gateway_graphql_request_duration_seconds",
  help: "GraphQL operation latency, by operation name.",
  labelNames: ["operation"] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [registry],
});

export const inferenceRequests = new Counter({
  name: "gateway_inference_requests_total",
  help: "Open Inference Protocol (/v2) requests, by endpoint (infer, metadata, ready, ...) and outcome (ok or the error code).",
  labelNames: ["endpoint", "outcome"] as const,
  registers: [registry],
});

export const inferenceDuration = new Histogram({
  name: "gateway_inference_request_duration_seconds",
  help: "Open Inference Protocol (/v2) request latency, by endpoint.",
  labelNames: ["endpoint"] as const,
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});

export const upstreamCalls = new Counter({
  name: "gateway_upstream_calls_total",
  help: "Calls to upstreams (mysql, postgres, mlflow, s3), by outcome (ok or error).",
  labelNames: ["upstream", "outcome"] as const,
  registers: [registry],
});

export const upstreamDuration = new Histogram({
  name: "gateway_upstream_call_duration_seconds",
  help: "Latency of calls to upstreams.",
  labelNames: ["upstream"] as const,
  buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});

/** Time one upstream call, count it in the metrics and against the current request. */
export async function observeUpstream<T>(upstream: string, fn: () => Promise<T>): Promise<T> {
  countUpstreamCall(upstream);
  const end = upstreamDuration.startTimer({ upstream });
  try {
    const out = await fn();
    upstreamCalls.inc({ upstream, outcome: "ok" });
    return out;
  } catch (err) {
    upstreamCalls.inc({ upstream, outcome: "error" });
    throw err;
  } finally {
    end();
  }
}

/**
 * The `operation` label of a request: its operation name when that is one of the schema's root fields
 * (`predict`, `runs`, ...) or the same capitalized (`Predict`, `Health`), `anonymous` without a name, and
 * `other` for every other name, so callers cannot add time series (and memory) by inventing names.
 */
export function operationLabeler(schema: GraphQLSchema): (name: string | null) => string {
  const known = new Set<string>();
  for (const root of [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()])
    for (const field of Object.keys(root?.getFields() ?? {}))
      known.add(field).add(field[0].toUpperCase() + field.slice(1));
  return (name) => (name ? (known.has(name) ? name : "other") : "anonymous");
}
