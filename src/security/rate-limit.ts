// Per-caller rate limits (RATE_LIMIT_PER_MINUTE, RATE_LIMIT_COST_PER_MINUTE): a token bucket per API key, or
// per client address without one.

export interface RateDecision {
  allowed: boolean;
  /** When refused: how long until one request is allowed again. */
  retryAfterMs: number;
}

interface Bucket {
  tokens: number;
  updated: number;
}

/**
 * A token bucket per key: `perMinute` requests may arrive at once, then they refill evenly over the minute.
 * In-process only: with several gateway replicas each enforces its own share.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly refillPerMs: number;
  private lastSweep: number;

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {
    this.refillPerMs = perMinute / 60_000;
    this.lastSweep = now();
  }

  get enabled(): boolean {
    return this.perMinute > 0;
  }

  /** Take `amount` tokens (1 per request, or a document's cost); more than a full bucket counts as a full one. */
  take(key: string, amount = 1): RateDecision {
    if (!this.enabled) return { allowed: true, retryAfterMs: 0 };
    const t = this.now();
    this.sweep(t);
    const b = this.buckets.get(key) ?? { tokens: this.perMinute, updated: t };
    b.tokens = Math.min(this.perMinute, b.tokens + (t - b.updated) * this.refillPerMs);
    b.updated = t;
    this.buckets.set(key, b);
    const need = Math.min(Math.max(amount, 0), this.perMinute);
    if (b.tokens >= need) {
      b.tokens -= need;
      return { allowed: true, retryAfterMs: 0 };
    }
    return { allowed: false, retryAfterMs: Math.ceil((need - b.tokens) / this.refillPerMs) };
  }

  /** Forget full buckets once a minute so unauthenticated IPs cannot grow the map without bound. */
  private sweep(t: number): void {
    if (t - this.lastSweep < 60_000) return;
    this.lastSweep = t;
    for (const [key, b] of this.buckets) {
      if (b.tokens + (t - b.updated) * this.refillPerMs >= this.perMinute) this.buckets.delete(key);
    }
  }
}
