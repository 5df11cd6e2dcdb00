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

/** A promotion request (promoteModel's input, also used by trainGrid's promoteTo). */
export interface PromoteRequest {
  name: string;
  version: number;
  alias: string;
  /** MLflow stage name: "None" | "Staging" | "Production" | "Archived". */
  stage?: string | null;
  archiveExisting: boolean;
  requireBetter?: { metric: string; higherIsBetter: boolean } | null;
}

export interface PromoteResult {
  promoted: boolean;
  reason: string;
  /** The candidate version after the promotion (or unchanged). */
  modelVersion: import("../mlflow/types").MlflowModelVersion;
  /** The alias's holder before the promotion, if any. */
  previous: import("../mlflow/types").MlflowModelVersion | null;
}

export class ServingService {
  constructor(readonly deps: ServingDeps) {}

  /** Move an alias (and optionally a stage) to a version, with the requireBetter guard; audited. */
  async promote(_req: PromoteRequest, _requestedBy: string | null): Promise<PromoteResult> {
    throw new Error("ServingService.promote is not implemented yet");
  }

  async start(): Promise<void> {}

  /** On shutdown: flush the prediction log. */
  async close(): Promise<void> {}
}
