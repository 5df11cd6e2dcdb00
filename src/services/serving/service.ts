// Serving: model references resolved to versions, a bounded model cache, predict, promotion, the prediction log.
import type { Logger } from "pino";
import type { Config } from "../../config";
import type { ArtifactStore } from "../artifacts/store";
import type { MlflowClient } from "../mlflow/client";
import type { TrackingService } from "../mlflow/tracking";
import type { GatewayDb } from "../store/db";

export interface ServingDeps {
  config: Config;
  log: Logger;
  db: GatewayDb;
  mlflow: MlflowClient;
  artifacts: ArtifactStore;
  tracking: TrackingService;
}

export class ServingService {
  constructor(readonly deps: ServingDeps) {}

  async start(): Promise<void> {}

  /** On shutdown: flush the prediction log. */
  async close(): Promise<void> {}
}
