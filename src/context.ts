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
  };
}

/**
 * Subscriptions: one context serves every event of a subscription, so each event gets new loaders; otherwise
 * the third event of a job would answer its trials' runs from what the first event loaded.
 */
export function renewLoaders(ctx: Context): void {
  ctx.loaders = createLoaders(ctx.services);
}
