// Every resolver class of the schema, one file per area.
import type { NonEmptyArray } from "type-graphql";
import { DatasetResolver } from "./dataset.resolver";
import { ExperimentResolver } from "./experiment.resolver";
import { HealthResolver } from "./health.resolver";
import { HousekeepingResolver } from "./housekeeping.resolver";
import { MonitoringResolver } from "./monitoring.resolver";
import { PipelineResolver, PipelineRunResolver } from "./pipeline.resolver";
import { PredictionResolver } from "./prediction.resolver";
import { ModelVersionResolver, RegistryResolver } from "./registry.resolver";
import { RunResolver } from "./run.resolver";
import { ModelAliasChangeResolver, SubscriptionResolver } from "./subscription.resolver";
import { TrainingResolver, TrialResolver } from "./training.resolver";

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- type-graphql's own resolver list type
export const resolvers: NonEmptyArray<Function> = [
  HealthResolver,
  DatasetResolver,
  ExperimentResolver,
  RunResolver,
  RegistryResolver,
  ModelVersionResolver,
  TrainingResolver,
  TrialResolver,
  PredictionResolver,
  SubscriptionResolver,
  ModelAliasChangeResolver,
  HousekeepingResolver,
  MonitoringResolver,
  PipelineResolver,
  PipelineRunResolver,
];
