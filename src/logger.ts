// Structured JSON logs (pino) with the request id of the current request on every line.
import { AsyncLocalStorage } from "node:async_hooks";
import pino, { Logger } from "pino";

export interface RequestScope {
  requestId: string;
  /** Upstream calls made while serving this request, by upstream name. */
  upstreamCalls: Record<string, number>;
}

export const requestScope = new AsyncLocalStorage<RequestScope>();

export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: "mlops-gateway" },
    timestamp: pino.stdTimeFunctions.isoTime,
    mixin() {
      const scope = requestScope.getStore();
      return scope ? { requestId: scope.requestId } : {};
    },
  });
}

/** Count one call to an upstream against the current request, if any. */
export function countUpstreamCall(upstream: string): void {
  const scope = requestScope.getStore();
  if (scope) scope.upstreamCalls[upstream] = (scope.upstreamCalls[upstream] ?? 0) + 1;
}

export type { Logger };
