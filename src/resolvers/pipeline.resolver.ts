// Pipelines: Query.pipelines/pipeline, Mutation.createPipeline/runPipeline/setPipelineEnabled/deletePipeline, and
// the runs, training jobs and promotions of pipelines.
import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { assertRole } from "../auth";
import type { Context } from "../context";
import { JobStatus, PipelineTrigger, Role } from "../schema/enums";
import { Pipeline, PipelineInput, PipelineRun } from "../schema/pipeline.type";
import { Promotion } from "../schema/prediction.type";
import { TrainingJob } from "../schema/training.type";
import { toModelVersion } from "../services/mlflow/mappers";
import type { PipelineRecord, PipelineRunRecord } from "../services/pipelines/store";
import { toTrainingJob } from "./training.resolver";

const toPipeline = (ctx: Context, p: PipelineRecord): Pipeline =>
  Object.assign(new Pipeline(), {
    id: p.id,
    name: p.name,
    schedule: p.schedule,
    enabled: p.enabled,
    nextRunAt: ctx.services.pipelines.nextRunAt(p),
    createdBy: p.createdBy,
    hasPromote: p.promote !== null,
  });

export const toPipelineRun = (r: PipelineRunRecord): PipelineRun =>
  Object.assign(new PipelineRun(), {
    id: r.id,
    trigger: r.trigger as PipelineTrigger,
    status: r.status as JobStatus,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
    rowsIngested: r.rowsIngested,
    error: r.error,
    pipelineId: r.pipelineId,
    trainingJobId: r.trainingJobId,
    promotionRecord: r.promotion,
  });

/** Changing or running a pipeline needs TRAINER, and ADMIN when it promotes (promoteModel's right). */
const assertMayChange = (ctx: Context, hasPromote: boolean, what: string) =>
  assertRole(
    ctx,
    hasPromote ? Role.ADMIN : Role.TRAINER,
    hasPromote ? `${what} of a pipeline with promote` : what,
  );

@Resolver(() => Pipeline)
export class PipelineResolver {
  @Authorized(Role.VIEWER)
  @Query(() => [Pipeline], { description: "Every pipeline, oldest first." })
  async pipelines(@Ctx() ctx: Context) {
    return (await ctx.services.pipelines.list()).map((p) => toPipeline(ctx, p));
  }

  @Authorized(Role.VIEWER)
  @Query(() => Pipeline, { nullable: true, description: "A pipeline by id; null when there is none." })
  async pipeline(@Arg("id", () => ID, { description: "The pipeline id." }) id: string, @Ctx() ctx: Context) {
    const p = await ctx.services.pipelines.get(id);
    return p ? toPipeline(ctx, p) : null;
  }

  @Authorized(Role.TRAINER)
  @Mutation(() => Pipeline, {
    description:
      "A named ingest -> trainGrid -> promote chain, run on a cron schedule and on demand. Needs TRAINER, and ADMIN with promote; scheduled runs act for the creator.",
  })
  async createPipeline(
    @Arg("input", () => PipelineInput, { description: "The name, schedule and steps." }) input: PipelineInput,
    @Ctx() ctx: Context,
  ) {
    const caller = assertMayChange(ctx, !!input.promote, "createPipeline");
    return toPipeline(ctx, await ctx.services.pipelines.create(input, caller.name, caller.role));
  }

  @Authorized(Role.TRAINER)
  @Mutation(() => PipelineRun, {
    description:
      "Run a pipeline now and wait for the run to end. A failed step ends the run FAILED with that step's error; earlier steps' results stay (an APPEND is not undone). When a run of the pipeline is active, the new one is recorded as skipped (CANCELLED).",
  })
  async runPipeline(
    @Arg("id", () => ID, { description: "The pipeline to run." }) id: string,
    @Ctx() ctx: Context,
  ) {
    const p = await ctx.services.pipelines.getOrThrow(id);
    const caller = assertMayChange(ctx, p.promote !== null, "runPipeline");
    return toPipelineRun(await ctx.services.pipelines.runNow(p.id, caller.name));
  }

  @Authorized(Role.TRAINER)
  @Mutation(() => Pipeline, {
    description: "Turn a pipeline's schedule on or off (manual runs work either way).",
  })
  async setPipelineEnabled(
    @Arg("id", () => ID, { description: "The pipeline." }) id: string,
    @Arg("enabled", () => Boolean, { description: "false: the schedule starts nothing." }) enabled: boolean,
    @Ctx() ctx: Context,
  ) {
    const p = await ctx.services.pipelines.getOrThrow(id);
    assertMayChange(ctx, p.promote !== null, "setPipelineEnabled");
    return toPipeline(ctx, await ctx.services.pipelines.setEnabled(p.id, enabled));
  }

  @Authorized(Role.TRAINER)
  @Mutation(() => Boolean, {
    description: "Delete a pipeline, its schedule and its run records; false when there is none.",
  })
  async deletePipeline(
    @Arg("id", () => ID, { description: "The pipeline." }) id: string,
    @Ctx() ctx: Context,
  ) {
    const p = await ctx.services.pipelines.get(id);
    if (!p) return false;
    assertMayChange(ctx, p.promote !== null, "deletePipeline");
    return ctx.services.pipelines.delete(p.id);
  }

  @FieldResolver(() => PipelineRun, { nullable: true, description: "The most recent run." })
  async lastRun(@Root() p: Pipeline, @Ctx() ctx: Context) {
    const [last] = await ctx.services.pipelines.runs(p.id, 1);
    return last ? toPipelineRun(last) : null;
  }

  @FieldResolver(() => [PipelineRun], { description: "Runs, most recent first." })
  async runs(
    @Root() p: Pipeline,
    @Arg("first", () => Int, { defaultValue: 20, description: "How many runs, 1 to 500." }) first: number,
    @Ctx() ctx: Context,
  ) {
    return (await ctx.services.pipelines.runs(p.id, first)).map(toPipelineRun);
  }
}

@Resolver(() => PipelineRun)
export class PipelineRunResolver {
  @FieldResolver(() => Pipeline, { description: "The pipeline this run belongs to." })
  async pipeline(@Root() run: PipelineRun, @Ctx() ctx: Context) {
    return toPipeline(ctx, await ctx.services.pipelines.getOrThrow(run.pipelineId));
  }

  @FieldResolver(() => TrainingJob, { nullable: true, description: "The trainGrid job of the train step." })
  async trainingJob(@Root() run: PipelineRun, @Ctx() ctx: Context) {
    if (!run.trainingJobId) return null;
    const job = await ctx.services.training.getJob(run.trainingJobId);
    return job ? toTrainingJob(job) : null;
  }

  @FieldResolver(() => Promotion, {
    nullable: true,
    description:
      "The promote step's decision (promoted, with the reason); null without that step or before it.",
  })
  async promotion(@Root() run: PipelineRun, @Ctx() ctx: Context): Promise<Promotion | null> {
    const rec = run.promotionRecord;
    if (!rec) return null;
    const [version, previous] = await Promise.all([
      ctx.loaders.modelVersions.load({ name: rec.name, version: rec.version }),
      rec.previousVersion === null
        ? null
        : ctx.loaders.modelVersions.load({ name: rec.name, version: rec.previousVersion }),
    ]);
    if (!version) return null;
    return Object.assign(new Promotion(), {
      promoted: rec.promoted,
      reason: rec.reason,
      modelVersion: toModelVersion(version),
      previous: previous ? toModelVersion(previous) : null,
    });
  }
}
