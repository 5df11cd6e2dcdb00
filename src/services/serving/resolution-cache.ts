// Caches what a moving reference (name@alias, name/Stage) points at for a short TTL, with stale fallback.
import { ErrorCode, errorCode } from "../../errors";
import { LruCache } from "../lru-cache";

export interface ResolutionCacheOptions {
  /** How long an answer is used without asking the upstream again (0: ask every time). */
  ttlMs: number;
  /** How many references are remembered. */
  capacity: number;
  /** After a failed refresh, how long the stale answer is served before the upstream is asked again. */
  retryAfterMs?: number;
  now?: () => number;
  /** Called when a stale answer is served because the upstream is unavailable. */
  onStale?: (key: string, err: unknown, ageMs: number) => void;
}

interface Entry<V> {
  value: V;
  /** When the value was fetched. */
  at: number;
  /** Set after a failed refresh: no new attempt before this time. */
  retryAt?: number;
}

/**
 * Time-bounded answers with three rules that keep serving fast and available:
 * - single flight: concurrent misses for one key share one upstream call;
 * - while a refresh of an expired key is in flight, other callers get the previous answer at once;
 * - when a refresh fails with UPSTREAM_UNAVAILABLE and an answer is known, that answer is served
 *   (and the upstream is not asked again for `retryAfterMs`), so an MLflow outage does not stop predictions.
 */
export class ResolutionCache<V> {
  private readonly entries: LruCache<string, Entry<V>>;
  private readonly inflight = new Map<string, Promise<V>>();
  private readonly now: () => number;

  constructor(private readonly opts: ResolutionCacheOptions) {
    this.entries = new LruCache(opts.capacity);
    this.now = opts.now ?? Date.now;
  }

  /** The cached answer when it is still fresh (no upstream call), else undefined. */
  fresh(key: string): V | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    const t = this.now();
    if (t - hit.at < this.opts.ttlMs) return hit.value;
    if (hit.retryAt !== undefined && t < hit.retryAt) return hit.value;
    return undefined;
  }

  async get(key: string, fetch: () => Promise<V>): Promise<V> {
    const cached = this.fresh(key);
    if (cached !== undefined) return cached;
    const stale = this.entries.peek(key);
    const running = this.inflight.get(key);
    if (running) {
      // Someone is already refreshing this key: answer with what we know rather than queue behind them.
      if (stale) return stale.value;
      return running;
    }
    const p = fetch()
      .then((value) => {
        this.entries.set(key, { value, at: this.now() });
        return value;
      })
      .finally(() => this.inflight.delete(key));
    this.inflight.set(key, p);
    try {
      return await p;
    } catch (err) {
      const current = this.entries.peek(key);
      if (current && errorCode(err) === ErrorCode.UPSTREAM_UNAVAILABLE) {
        const t = this.now();
        current.retryAt = t + (this.opts.retryAfterMs ?? Math.max(this.opts.ttlMs, 1000));
        this.opts.onStale?.(key, err, t - current.at);
        return current.value;
      }
      // Anything else (the alias was deleted, the model is gone): forget the old answer.
      this.entries.delete(key);
      throw err;
    }
  }

  /** Forget every key for which `match` is true (e.g. after a promotion made here). */
  invalidate(match: (key: string) => boolean): void {
    for (const key of this.entries.keys()) if (match(key)) this.entries.delete(key);
  }
}
