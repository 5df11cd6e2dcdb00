// Worker entry (`npm run worker`): config → services → trials from the queue; no GraphQL, /healthz on WORKER_PORT.
import "reflect-metadata";
import http from "node:http";
import { loadEntryConfig } from "./config";
import { createLogger } from "./logger";
import { exitOnSignals } from "./shutdown";
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

  exitOnSignals(log, "finishing or handing back running trials", async () => {
    health?.close();
    await closeServices(services);
  });
}

main().catch((err) => {
  console.error(`worker failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
