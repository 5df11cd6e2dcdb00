// Training: Mutation.trainGrid/cancelTrainingJob, Query.trainingJob/trainingJobs, and the runs and model versions
// of jobs and trials (resolved through the per-request loaders).
import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { assertRole } from "../auth";
import type { Context } from "../context";
import { Algorithm, JobStatus, Role, RunStatus } from "../schema/enums";
import { ModelVersion } from "../schema/registry.type";
import { Run } from "../schema/tracking.type";
import { TrainGridInput, TrainingJob, Trial } from "../schema/training.type";
import { toModelVersion, toRun } from "../services/mlflow/mappers";
import type { JobRecord } from "../services/training/job-store";

/** A job's rows as the GraphQL type (also what trainingJobUpdated streams). */
export function toTrainingJob(r: JobRecord): TrainingJob {
  const trials = r.trials.map((t) =>
    Object.assign(new Trial(), {
      run: null,
      algorithm: t.algorithm as Algorithm,
      params: t.params,
      metrics: t.metrics,
      status: t.status as RunStatus,
      error: t.error,
      worker: t.worker,
      startedAt: t.startedAt,
      finishedAt: t.finishedAt,
      runId: t.runId,
      experimentId: r.experimentId,
    }),
  );
  return Object.assign(new TrainingJob(), {
    id: r.id,
    status: r.status as JobStatus,
    total: r.total,
    completed: r.completed,
    parentRun: null,
    trials,
    best: r.bestIndex === null ? null : (trials[r.bestIndex] ?? null),
    modelVersion: null,
    error: r.error,
    createdAt: r.createdAt,
    finishedAt: r.finishedAt,
    createdBy: r.createdBy,
    parentRunId: r.parentRunId,
    experimentId: r.experimentId,
    modelName: r.modelName,
    modelVersionNumber: r.modelVersion,
  });
}

async function loadRun(ctx: Context, id: string | null, experimentId: string | null): Promise<Run | null> {
  if (!id) return null;
  const raw = await ctx.loaders.runs.load({ id, experimentId: experimentId ?? undefined });
  return raw ? toRun(raw) : null;
}

@Resolver(() => TrainingJob)
export class TrainingResolver {
  @Authorized(Role.VIEWER)
  @Query(() => TrainingJob, { nullable: true, description: "A training job by id; null when there is none." })
  async trainingJob(
    @Arg("id", () => ID, { description: "The job id trainGrid returned." }) id: string,
    @Ctx() ctx: Context,
  ) {
    const job = await ctx.services.training.getJob(id);
    return job ? toTrainingJob(job) : null;
  }

  @Authorized(Role.VIEWER)
  @Query(() => [TrainingJob], { description: "Training jobs, most recent first." })
  async trainingJobs(
    @Arg("first", () => Int, { defaultValue: 20, description: "How many jobs, 1 to 500." }) first: number,
    @Ctx() ctx: Context,
  ) {
    return (await ctx.services.training.listJobs(first)).map(toTrainingJob);
  }

  @Authorized(Role.TRAINER)
  @Mutation(() => TrainingJob, {
    description:
      "Train a grid or random search of models in the gateway: one MLflow parent run, one child run per trial, the best model optionally registered and promoted.",
  })
  async trainGrid(
    @Arg("input", () => TrainGridInput, {
      description: "The dataset, label, grid, evaluation and registration settings.",
    })
    input: TrainGridInput,
    @Ctx() ctx: Context,
  ) {
    // Moving an alias is promoteModel's right: promoteTo needs ADMIN even though trainGrid needs TRAINER.
    if (input.promoteTo) assertRole(ctx, Role.ADMIN, "trainGrid with promoteTo");
    return toTrainingJob(await ctx.services.training.trainGrid(input, ctx.caller?.name ?? null));
  }

  @Authorized(Role.TRAINER)
  @Mutation(() => TrainingJob, {
    description:
      "Stop the trials of a job that have not started (their runs become KILLED); running trials finish.",
  })
  async cancelTrainingJob(
    @Arg("id", () => ID, { description: "The job to cancel." }) id: string,
    @Ctx() ctx: Context,
  ) {
    return toTrainingJob(await ctx.services.training.cancel(id));
  }

  @FieldResolver(() => Run, { nullable: true, description: "The job's MLflow parent run." })
  parentRun(@Root() job: TrainingJob, @Ctx() ctx: Context): Promise<Run | null> {
    return loadRun(ctx, job.parentRunId, job.experimentId);
  }

  @FieldResolver(() => ModelVersion, {
    nullable: true,
    description: "The model version registered from the best trial (with registerAs).",
  })
  async modelVersion(@Root() job: TrainingJob, @Ctx() ctx: Context): Promise<ModelVersion | null> {
    if (!job.modelName || job.modelVersionNumber === null) return null;
    const raw = await ctx.loaders.modelVersions.load({
      name: job.modelName,
      version: job.modelVersionNumber,
    });
    return raw ? toModelVersion(raw) : null;
  }
}

@Resolver(() => Trial)
export class TrialResolver {
  @FieldResolver(() => Run, {
    nullable: true,
    description: "The trial's MLflow run (nested under the job's parent run).",
  })
  run(@Root() trial: Trial, @Ctx() ctx: Context): Promise<Run | null> {
    return loadRun(ctx, trial.runId, trial.experimentId);
  }
}
