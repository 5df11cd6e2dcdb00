// Structured JSON logs (pino) with the request id of the current request on every line.
import { AsyncLocalStorage } from "node:async_hooks";
import pino, { Logger } from "pino";
import { limitExceeded } from "./errors";

export interface RequestScope {
  requestId: string;
  /** Upstream calls made while serving this request, by upstream name. */
  upstreamCalls: Record<string, number>;
  /** UPSTREAM_MAX_CALLS: past this many calls every further upstream call of the request is refused. */
  maxUpstreamCalls?: number;
  /** The caller's rate-limit bucket (API key, or client address), for the cost rate limit. */
  rateLimitKey?: string;
}

/**
 * Thrown by countUpstreamCall once a request has used up its upstream calls. A coded GraphQLError, so every
 * upstream client passes it through as it is (and circuit breakers do not count it as the upstream failing).
 */
export function upstreamBudgetExceeded(limit: number) {
  return limitExceeded(
    `This request reached ${limit} upstream calls (MLflow, S3, databases), the most one request may make ` +
      `(UPSTREAM_MAX_CALLS); ask for fewer or smaller pages, or split the query.`,
    "UPSTREAM_MAX_CALLS",
    limit,
  );
}

/**
 * Log paths that may hold secrets: pino writes "[redacted]" instead. Headers (a logged request), credentials in
 * a logged config or error, and connection strings' passwords as drivers report them.
 */
export const REDACT_PATHS = [
  "authorization",
  "headers.authorization",
  "req.headers.authorization",
  "req.headers.cookie",
  "password",
  "*.password",
  "token",
  "*.token",
  "secretAccessKey",
  "*.secretAccessKey",
  "accessKeyId",
  "*.accessKeyId",
  "metricsToken",
  "*.metricsToken",
  "connectionString",
  "*.connectionString",
  "err.config",
  "err.request",
];

export const requestScope = new AsyncLocalStorage<RequestScope>();

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service: "mlops-gateway" },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACT_PATHS, censor: "[redacted]" },
    mixin() {
      const scope = requestScope.getStore();
      return scope ? { requestId: scope.requestId } : {};
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

/**
 * Run background work that a request started but that outlives it (a training job) outside the request's
 * budget: it keeps the request id for its log lines, but its upstream calls are neither capped by
 * UPSTREAM_MAX_CALLS nor counted in the request's numbers.
 */
export function detachedFromRequest<T>(fn: () => T): T {
  const scope = requestScope.getStore();
  return scope ? requestScope.run({ requestId: scope.requestId, upstreamCalls: {} }, fn) : fn();
}

/** Count one call to an upstream against the current request, if any. */
export function countUpstreamCall(upstream: string): void {
  const scope = requestScope.getStore();
  if (!scope) return;
  if (scope.maxUpstreamCalls !== undefined) {
    let total = 0;
    for (const n of Object.values(scope.upstreamCalls)) total += n;
    if (total >= scope.maxUpstreamCalls) throw upstreamBudgetExceeded(scope.maxUpstreamCalls);
  }
  scope.upstreamCalls[upstream] = (scope.upstreamCalls[upstream] ?? 0) + 1;
}

export type { Logger };
