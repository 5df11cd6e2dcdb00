// Entry: config → services → server; nothing else.
import "reflect-metadata";
import { loadEntryConfig } from "./config";
import { createLogger } from "./logger";
import { exitOnSignals } from "./shutdown";
import { startGateway } from "./server";
import { createServices } from "./services";

async function main(): Promise<void> {
  const config = loadEntryConfig();
  const log = createLogger(config.logLevel);
  const services = createServices(config, log);
  const gateway = await startGateway(config, services);
  log.info({ url: gateway.url, landingPage: config.http.landingPage }, "gateway listening");

  exitOnSignals(log, "finishing in-flight requests", () => gateway.close());
}

main().catch((err) => {
  console.error(`gateway failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
