// Per-request context: services, DataLoaders, caller identity, request id and logger.
import type { Logger } from "pino";
import type { Caller } from "./auth";
import { createLoaders, Loaders } from "./loaders";
import type { Services } from "./services";

export interface Context {
  services: Services;
  /** Created on first use: a predict or health request never builds them. */
  loaders: Loaders;
  caller: Caller | null;
  authError?: string;
  requestId: string;
  log: Logger;
  /** Set by resolvers when needed, sent in the response's `extensions` (e.g. `predictionLog` when the log is behind). */
  responseExtensions?: Record<string, unknown>;
}

class RequestContext implements Context {
  private created?: Loaders;
  readonly caller: Caller | null;
  readonly authError?: string;
  readonly requestId: string;
  // The logger mixin adds the request id of the current request to every line.
  readonly log: Logger;
  responseExtensions?: Record<string, unknown>;

  constructor(
    readonly services: Services,
    opts: { caller: Caller | null; authError?: string; requestId: string },
  ) {
    this.caller = opts.caller;
    this.authError = opts.authError;
    this.requestId = opts.requestId;
    this.log = services.log;
  }

  get loaders(): Loaders {
    return (this.created ??= createLoaders(this.services));
  }

  /** The next use of `loaders` builds new ones (see renewLoaders). */
  forgetLoaders(): void {
    this.created = undefined;
  }
}

export function createContext(
  services: Services,
  opts: { caller: Caller | null; authError?: string; requestId: string },
): Context {
  return new RequestContext(services, opts);
}

/**
 * Subscriptions: one context serves every event of a subscription, so each event gets new loaders; otherwise
 * the third event of a job would answer its trials' runs from what the first event loaded.
 */
export function renewLoaders(ctx: Context): void {
  if (ctx instanceof RequestContext) ctx.forgetLoaders();
}
