// Reachability and latency of every upstream: mysql, postgres, mlflow, s3.
import { describeCause } from "../errors";
import type { Services } from "./index";

export interface UpstreamHealth {
  name: string;
  ok: boolean;
  latencyMs: number | null;
  message: string | null;
}

async function probe(name: string, timeoutMs: number, fn: () => Promise<unknown>): Promise<UpstreamHealth> {
  const start = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      fn(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { name, ok: true, latencyMs: round(performance.now() - start), message: null };
  } catch (err) {
    return { name, ok: false, latencyMs: round(performance.now() - start), message: describeCause(err) };
  } finally {
    clearTimeout(timer);
  }
}

const round = (ms: number) => Math.round(ms * 100) / 100;

export class HealthService {
  private cached: { at: number; result: Promise<{ ok: boolean; services: UpstreamHealth[] }> } | null = null;

  constructor(private readonly services: () => Services) {}

  /** check(), answered from the last probe while it is younger than `maxAgeMs` (concurrent callers share one). */
  checkCached(maxAgeMs: number): Promise<{ ok: boolean; services: UpstreamHealth[] }> {
    const now = performance.now();
    if (this.cached && now - this.cached.at < maxAgeMs) return this.cached.result;
    const result = this.check();
    this.cached = { at: now, result };
    return result;
  }

  async check(timeoutMs = 3000): Promise<{ ok: boolean; services: UpstreamHealth[] }> {
    const s = this.services();
    const results = await Promise.all([
      probe("mysql", timeoutMs, () => s.mysql.ping()),
      probe("postgres", timeoutMs, () => s.db.query("SELECT 1")),
      probe("mlflow", timeoutMs, () => s.mlflow.health()),
      probe("s3", timeoutMs, () => s.artifacts.ping()),
    ]);
    return { ok: results.every((r) => r.ok), services: results };
  }
}
