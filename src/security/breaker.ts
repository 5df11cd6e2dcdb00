// Circuit breakers for MLflow and S3: after N consecutive connection failures stop calling for a cool-down.
import type { Logger } from "pino";
import { Gauge } from "prom-client";
import type { Config } from "../config";
import { isGatewayError, upstreamUnavailable, type Upstream } from "../errors";
import { registry } from "../metrics";

export type BreakerState = "closed" | "open" | "half-open";

const STATE_VALUE: Record<BreakerState, number> = { closed: 0, "half-open": 1, open: 2 };

export const breakerStateGauge = new Gauge({
  name: "gateway_circuit_breaker_state",
  help: "Circuit breaker per upstream: 0 closed (calls go through), 1 half-open (one probe), 2 open (failing fast).",
  labelNames: ["upstream"] as const,
  registers: [registry],
});

const LABEL: Partial<Record<Upstream, string>> = { mlflow: "MLflow", s3: "S3" };

/**
 * A small consecutive-failure breaker driven by before/after hooks (opossum wants to wrap the call itself,
 * which does not fit the MLflow client's per-attempt hooks or the S3 SDK's middleware).
 *
 * closed: every call goes through; `failureThreshold` consecutive connection failures open it.
 * open: calls fail at once with UPSTREAM_UNAVAILABLE until `cooldownMs` has passed.
 * half-open: exactly one probe goes through; success closes the breaker, failure opens it again.
 * Only "could not reach the upstream" counts as a failure: an HTTP answer, even a 4xx or 5xx, proves it is up.
 */
export class CircuitBreaker {
  private state: BreakerState = "closed";
  private failures = 0;
  private openedAt = 0;
  private probing = false;
  private lastCause = "";

  constructor(
    readonly upstream: Upstream,
    private readonly opts: Config["breaker"],
    private readonly log?: Logger,
    private readonly now: () => number = Date.now,
  ) {
    breakerStateGauge.set({ upstream }, 0);
  }

  get currentState(): BreakerState {
    if (this.state === "open" && this.now() - this.openedAt >= this.opts.cooldownMs) return "half-open";
    return this.state;
  }

  /** Before each attempt: throws UPSTREAM_UNAVAILABLE while open or while another probe is out. */
  before(): void {
    if (this.state === "closed") return;
    if (this.state === "open") {
      const waited = this.now() - this.openedAt;
      if (waited < this.opts.cooldownMs) throw this.failFast(this.opts.cooldownMs - waited);
      this.transition("half-open");
    }
    // half-open: let one probe through; everyone else keeps failing fast until it answers.
    if (this.probing) throw this.failFast(0);
    this.probing = true;
  }

  /** After each attempt that `before` let through. `reachable` is false only for connection failures. */
  after(reachable: boolean, cause?: unknown): void {
    if (reachable) {
      this.failures = 0;
      this.probing = false;
      if (this.state !== "closed") this.transition("closed");
      return;
    }
    this.failures++;
    this.lastCause = describe(cause);
    if (this.state === "half-open" || this.failures >= this.opts.failureThreshold) {
      this.probing = false;
      this.openedAt = this.now();
      if (this.state !== "open") this.transition("open");
    }
  }

  private failFast(retryInMs: number) {
    const name = LABEL[this.upstream] ?? this.upstream;
    const when =
      retryInMs > 0 ? `the gateway tries again in ${Math.ceil(retryInMs / 1000)} s` : "a probe is under way";
    return upstreamUnavailable(
      this.upstream,
      `${name} is unavailable (${this.failures} consecutive connection failures${this.lastCause ? `, last: ${this.lastCause}` : ""}); ${when}. Retry later.`,
      { circuit: "open", retryInMs },
    );
  }

  private transition(to: BreakerState): void {
    const from = this.state;
    this.state = to;
    breakerStateGauge.set({ upstream: this.upstream }, STATE_VALUE[to]);
    if (to === "open")
      this.log?.warn(
        {
          upstream: this.upstream,
          failures: this.failures,
          cause: this.lastCause,
          cooldownMs: this.opts.cooldownMs,
        },
        "circuit breaker opened: failing fast",
      );
    else this.log?.info({ upstream: this.upstream, from, to }, "circuit breaker state changed");
  }
}

function describe(err: unknown): string {
  if (!err || typeof err !== "object") return err === undefined ? "" : String(err);
  const e = err as { code?: unknown; name?: unknown; message?: unknown };
  const code = typeof e.code === "string" ? e.code : undefined;
  const msg = typeof e.message === "string" ? e.message.split("\n")[0].slice(0, 120) : undefined;
  return code ?? msg ?? (typeof e.name === "string" ? e.name : "error");
}

/** True when an AWS SDK error means S3 never answered (no HTTP status): refused, reset, timed out. */
export function isS3ConnectionFailure(err: unknown): boolean {
  if (isGatewayError(err)) return false;
  const meta = (err as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata;
  return meta?.httpStatusCode === undefined;
}

/** What protectUpstreams needs: the MLflow client's hooks and the S3 client's middleware stack. */
export interface ProtectedUpstreams {
  mlflow: { beforeCall: () => void; afterCall: (ok: boolean, cause?: unknown) => void };
  artifacts: {
    s3: {
      middlewareStack: {
        add(
          // The SDK's middleware types are generic over every command's input and output; this one is agnostic.
          // eslint-disable-next-line @typescript-eslint/no-explicit-any
          mw: (next: (args: any) => Promise<any>) => (args: any) => Promise<any>,
          opts: { step: "initialize"; name: string },
        ): void;
      };
    };
  };
}

const installed = new WeakMap<object, { mlflow: CircuitBreaker; s3: CircuitBreaker }>();

/** Put one breaker in front of MLflow (client hooks) and one in front of S3 (SDK middleware). Idempotent. */
export function protectUpstreams(
  services: ProtectedUpstreams,
  opts: Config["breaker"],
  log?: Logger,
): { mlflow: CircuitBreaker; s3: CircuitBreaker } {
  const existing = installed.get(services);
  if (existing) return existing;
  const mlflow = new CircuitBreaker("mlflow", opts, log);
  const s3 = new CircuitBreaker("s3", opts, log);
  services.mlflow.beforeCall = () => mlflow.before();
  services.mlflow.afterCall = (ok, cause) => mlflow.after(ok, cause);
  // "initialize" wraps the SDK's own retries, so one logical S3 call is one success or failure.
  services.artifacts.s3.middlewareStack.add(
    (next) => async (args) => {
      s3.before();
      try {
        const out = await next(args);
        s3.after(true);
        return out;
      } catch (err) {
        s3.after(!isS3ConnectionFailure(err), err);
        throw err;
      }
    },
    { step: "initialize", name: "gatewayCircuitBreaker" },
  );
  const pair = { mlflow, s3 };
  installed.set(services, pair);
  return pair;
}
