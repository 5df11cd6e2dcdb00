// Graceful exit for the entry points (gateway and worker): SIGTERM/SIGINT run `close` once, bounded by 30 s.
import type { Logger } from "pino";

const SHUTDOWN_LIMIT_MS = 30_000;

/** On the first SIGTERM or SIGINT: log `what`, await `close`, exit 0; exit 1 if it fails or takes over 30 s. */
export function exitOnSignals(log: Logger, what: string, close: () => Promise<void>): void {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, `shutting down: ${what}`);
    const timer = setTimeout(() => {
      log.error("shutdown took longer than 30 s; exiting");
      process.exit(1);
    }, SHUTDOWN_LIMIT_MS);
    timer.unref();
    try {
      await close();
      log.info("shutdown complete");
      process.exit(0);
    } catch (err) {
      log.error({ err }, "shutdown failed");
      process.exit(1);
    }
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}
