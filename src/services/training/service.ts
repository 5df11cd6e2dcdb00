// Training jobs: grid and random search trained in the gateway, tracked in MLflow, stored in S3.
import type { Logger } from "pino";
import type { Config } from "../../config";
import type { ArtifactStore } from "../artifacts/store";
import type { DatasetService } from "../datasets/service";
import type { MlflowClient } from "../mlflow/client";
import type { TrackingService } from "../mlflow/tracking";
import type { GatewayDb } from "../store/db";

export interface TrainingDeps {
  config: Config;
  log: Logger;
  db: GatewayDb;
  mlflow: MlflowClient;
  artifacts: ArtifactStore;
  datasets: DatasetService;
  tracking: TrackingService;
}

export class TrainingService {
  constructor(readonly deps: TrainingDeps) {}

  /** At start-up: recover jobs a previous process left running. */
  async start(): Promise<void> {}

  /** On shutdown: stop workers, mark running trials interrupted. */
  async close(): Promise<void> {}
}
