// Worker entry (`npm run worker`): config → services → trials from the queue; no GraphQL, /healthz on WORKER_PORT.
import "reflect-metadata";
import http from "node:http";
import { loadEntryConfig } from "./config";
import { createLogger } from "./logger";
import { closeServices, createServices, startServices } from "./services";

async function main(): Promise<void> {
  const config = loadEntryConfig();
  const log = createLogger(config.logLevel);
  if (config.training.workers < 1) {
    console.error(
      "config error: TRAINING_WORKERS=0 leaves a worker process nothing to do: set it to 1 or more",
    );
    process.exit(1);
  }
  const services = createServices(config, log);
  await startServices(services);
  let health: http.Server | undefined;
  if (config.worker.port) {
    health = http.createServer((req, res) => {
      const ok = req.url === "/healthz";
      res.writeHead(ok ? 200 : 404, { "content-type": "application/json" });
      res.end(
        JSON.stringify(ok ? { status: "ok", workers: config.training.workers } : { error: "not found" }),
      );
    });
    await new Promise<void>((resolve) => health!.listen(config.worker.port, config.host, resolve));
  }
  log.info({ workers: config.training.workers, port: config.worker.port || null }, "training worker started");

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "shutting down: finishing or handing back running trials");
    const timer = setTimeout(() => {
      log.error("shutdown took longer than 30 s; exiting");
      process.exit(1);
    }, 30_000);
    timer.unref();
    try {
      health?.close();
      await closeServices(services);
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
  console.error(`worker failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
