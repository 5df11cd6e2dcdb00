// Experiments, runs and the model registry as the schema sees them, on top of the MLflow client.
import type { Config } from "../../config";
import type { ArtifactStore } from "../artifacts/store";
import type { MlflowClient } from "./client";

export class TrackingService {
  constructor(
    readonly mlflow: MlflowClient,
    readonly artifacts: ArtifactStore,
    readonly config: Config,
  ) {}
}
