// Entry: config → services → server; nothing else.
import "reflect-metadata";
import { loadEntryConfig } from "./config";
import { createLogger } from "./logger";
import { startGateway } from "./server";
import { createServices } from "./services";

async function main(): Promise<void> {
  const config = loadEntryConfig();
  const log = createLogger(config.logLevel);
  const services = createServices(config, log);
  const gateway = await startGateway(config, services);
  log.info({ url: gateway.url, landingPage: config.http.landingPage }, "gateway listening");

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "shutting down: finishing in-flight requests");
    const timer = setTimeout(() => {
      log.error("shutdown took longer than 30 s; exiting");
      process.exit(1);
    }, 30_000);
    timer.unref();
    try {
      await gateway.close();
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

main().catch((err) => {
  console.error(`gateway failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
