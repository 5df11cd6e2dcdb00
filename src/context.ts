// Per-request context: services, DataLoaders, caller identity, request id and logger.
import type { Logger } from "pino";
import type { Caller } from "./auth";
import { createLoaders, Loaders } from "./loaders";
import type { Services } from "./services";

export interface Context {
  services: Services;
  loaders: Loaders;
  caller: Caller | null;
  authError?: string;
  requestId: string;
  log: Logger;
  /** Set by resolvers, sent in the response's `extensions` (e.g. `predictionLog` when the log is behind). */
  responseExtensions: Record<string, unknown>;
}

export function createContext(
  services: Services,
  opts: { caller: Caller | null; authError?: string; requestId: string },
): Context {
  return {
    services,
    loaders: createLoaders(services),
    caller: opts.caller,
    authError: opts.authError,
    requestId: opts.requestId,
    // The logger mixin adds the request id of the current request to every line.
    log: services.log,
    responseExtensions: {},
  };
}
