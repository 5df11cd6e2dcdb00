// Subscriptions (graphql-ws on /graphql): training job progress, alias moves and pipeline runs, from any gateway process.
import { Arg, Authorized, Ctx, FieldResolver, ID, Resolver, Root, Subscription } from "type-graphql";
import { Context, renewLoaders } from "../context";
import { notFound } from "../errors";
import { Role } from "../schema/enums";
import { ModelVersion } from "../schema/registry.type";
import { ModelAliasChange } from "../schema/subscription.type";
import { TrainingJob } from "../schema/training.type";
import { PipelineRun } from "../schema/pipeline.type";
import type { AliasChange, PipelineRunChange } from "../services/events/topics";
import { aliasTopic, pipelineTopic } from "../services/events/topics";
import { toModelVersion } from "../services/mlflow/mappers";
import type { JobRecord } from "../services/training/job-store";
import { toPipelineRun } from "./pipeline.resolver";
import { toTrainingJob } from "./training.resolver";

@Resolver()
export class SubscriptionResolver {
  @Authorized(Role.VIEWER)
  @Subscription(() => TrainingJob, {
    description:
      "Every change of one training job (status, completed, a finished trial); the first event is the job now, the last event has a final status.",
    subscribe: ({ args, context }) => (context as Context).services.training.watchJob(String(args.id)),
  })
  trainingJobUpdated(
    @Root() job: JobRecord,
    @Arg("id", () => ID, { description: "The job id trainGrid returned." }) _id: string,
    @Ctx() ctx: Context,
  ): TrainingJob {
    renewLoaders(ctx);
    return toTrainingJob(job);
  }

  @Authorized(Role.VIEWER)
  @Subscription(() => ModelAliasChange, {
    description:
      "Alias moves of one registered model, whoever moved it through the gateway (promoteModel, trainGrid's promoteTo, deleteModelAlias).",
    subscribe: ({ args, context }) =>
      (context as Context).services.events.subscribe<AliasChange>(aliasTopic(String(args.name))),
  })
  modelAliasChanged(
    @Root() change: AliasChange,
    @Arg("name", () => String, { description: "The registered model's name." }) _name: string,
    @Ctx() ctx: Context,
  ): ModelAliasChange {
    renewLoaders(ctx);
    return Object.assign(new ModelAliasChange(), {
      name: change.name,
      alias: change.alias,
      version: null,
      versionNumber: change.version,
      previousVersion: change.previousVersion,
      changedAt: new Date(change.changedAt),
    });
  }

  @Authorized(Role.VIEWER)
  @Subscription(() => PipelineRun, {
    description:
      "Each run of one pipeline as it starts and ends (from any gateway process); a skipped run arrives once, CANCELLED.",
    subscribe: ({ args, context }) =>
      (context as Context).services.events.subscribe<PipelineRunChange>(
        pipelineTopic(String(args.pipelineId)),
      ),
  })
  async pipelineRunUpdated(
    @Root() change: PipelineRunChange,
    @Arg("pipelineId", () => ID, { description: "The pipeline whose runs to follow." }) _pipelineId: string,
    @Ctx() ctx: Context,
  ): Promise<PipelineRun> {
    renewLoaders(ctx);
    const run = await ctx.services.pipelines.getRun(change.id);
    if (!run) throw notFound(`pipeline run ${change.id} was deleted with its pipeline`);
    return toPipelineRun(run);
  }
}

@Resolver(() => ModelAliasChange)
export class ModelAliasChangeResolver {
  @FieldResolver(() => ModelVersion, {
    nullable: true,
    description: "The version the alias points at now; null when it was deleted.",
  })
  async version(@Root() change: ModelAliasChange, @Ctx() ctx: Context): Promise<ModelVersion | null> {
    if (change.versionNumber === null) return null;
    const raw = await ctx.loaders.modelVersions.load({ name: change.name, version: change.versionNumber });
    return raw ? toModelVersion(raw) : null;
  }
}
