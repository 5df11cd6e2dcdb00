// Runs: Query.runs/run and every related field of Run, resolved in per-request batches (MLflow tracking).
import type { GraphQLResolveInfo } from "graphql";
import {
  Arg,
  Authorized,
  Ctx,
  FieldResolver,
  Float,
  ID,
  Info,
  Int,
  Query,
  Resolver,
  Root,
} from "type-graphql";
import type { Context } from "../context";
import { notFound } from "../errors";
import { Role } from "../schema/enums";
import { pageCursor, pageSize, toPageInfo } from "../schema/pagination";
import { ModelVersion } from "../schema/registry.type";
import { Artifact, DatasetInput, Experiment, Metric, Run, RunConnection } from "../schema/tracking.type";
import {
  toArtifact,
  toDatasetInputs,
  toExperiment,
  toMetric,
  toModelVersion,
  toRun,
} from "../services/mlflow/mappers";
import { latestMetric, parentKeyOf, runKeyOf, TrackingService } from "../services/mlflow/tracking";
import { selects } from "./selection";

@Resolver(() => Run)
export class RunResolver {
  @Authorized(Role.VIEWER)
  @Query(() => RunConnection, {
    description:
      'MLflow\'s search grammar passes through: filter "metrics.test_accuracy > 0.9", orderBy ["metrics.test_accuracy DESC"]. Without experimentIds, searches every active experiment.',
  })
  async runs(
    @Ctx() ctx: Context,
    @Arg("experimentIds", () => [ID], {
      nullable: true,
      description: "Experiments to search; default: every active one.",
    })
    experimentIds?: string[] | null,
    @Arg("filter", () => String, {
      nullable: true,
      description:
        "MLflow's run search grammar, e.g. \"params.algorithm = 'KNN' AND metrics.test_accuracy > 0.9\".",
    })
    filter?: string | null,
    @Arg("orderBy", () => [String], {
      nullable: true,
      description: 'e.g. ["metrics.test_accuracy DESC"]; default: newest first.',
    })
    orderBy?: string[] | null,
    @Arg("first", () => Int, { nullable: true, defaultValue: 50, description: "Page size, 1 to 1000." })
    first?: number | null,
    @Arg("after", () => String, { nullable: true, description: "The previous page's pageInfo.endCursor." })
    after?: string | null,
    @Info() info?: GraphQLResolveInfo,
  ): Promise<RunConnection> {
    // An explicit search's experiments are known before MLflow answers: look them up at the same time, so
    // `experiment` costs no round trip after the search (errors stay with the loader, per key).
    if (experimentIds?.length && info && selects(info, ["nodes", "experiment"]))
      void ctx.loaders.experiments.loadMany(experimentIds);
    const { tracking } = ctx.services;
    const args = { experimentIds, filter, orderBy, pageSize: pageSize(first), pageToken: pageCursor(after) };
    // The same search ran before: ask for the model versions of the runs it returned then, beside the search (the
    // loader keeps the answers for this request; runs new to the page are looked up once the search is back).
    const key = info && selects(info, ["nodes", "modelVersions"]) ? TrackingService.searchKey(args) : null;
    const expected = key === null ? undefined : tracking.expectedPage(key);
    if (expected) void ctx.loaders.modelVersionsByRun.loadMany(expected);
    const page = await tracking.searchRuns(args, ctx.loaders.activeExperiments);
    if (key !== null) tracking.rememberPage(key, page.items);
    ctx.loaders.rememberRuns(page.items);
    return { nodes: page.items.map(toRun), pageInfo: toPageInfo(page.nextPageToken) };
  }

  @Authorized(Role.VIEWER)
  @Query(() => Run, {
    nullable: true,
    description: "One MLflow run by id; null when MLflow has no such run.",
  })
  async run(
    @Ctx() ctx: Context,
    @Arg("id", () => ID, { description: "MLflow run id (32 hex characters)." }) id: string,
  ): Promise<Run | null> {
    const run = await ctx.services.tracking.getRun(id);
    if (!run) return null;
    ctx.loaders.rememberRuns([run]);
    return toRun(run);
  }

  @FieldResolver(() => Experiment, { description: "The experiment the run belongs to (batched)." })
  async experiment(@Root() run: Run, @Ctx() ctx: Context): Promise<Experiment> {
    const { id: runId, experimentId } = runKeyOf(run.raw);
    const found = await ctx.loaders.experiments.load(experimentId);
    if (!found) {
      throw notFound(`experiment ${experimentId} of run ${runId} does not exist in MLflow`, {
        upstream: "mlflow",
      });
    }
    return toExperiment(found);
  }

  @FieldResolver(() => Run, {
    nullable: true,
    description: "The parent run (tag mlflow.parentRunId), batched.",
  })
  async parent(@Root() run: Run, @Ctx() ctx: Context): Promise<Run | null> {
    const key = parentKeyOf(run.raw);
    if (!key) return null;
    const parent = await ctx.loaders.runs.load(key);
    return parent ? toRun(parent) : null;
  }

  @FieldResolver(() => [Run], {
    description: "Runs nested under this one (their mlflow.parentRunId is this run), oldest first.",
  })
  async children(@Root() run: Run, @Ctx() ctx: Context): Promise<Run[]> {
    const children = await ctx.loaders.childRuns.load(runKeyOf(run.raw));
    ctx.loaders.rememberRuns(children);
    return children.map(toRun);
  }

  @FieldResolver(() => Float, {
    nullable: true,
    description: "The latest value of one metric; null when the run has not logged it.",
  })
  metric(
    @Root() run: Run,
    @Arg("key", () => String, { description: "Metric name, e.g. test_accuracy." }) key: string,
  ): number | null {
    return latestMetric(run.raw, key);
  }

  @FieldResolver(() => [Metric], {
    description: "Every value the run logged for one metric, by step (MLflow metric history).",
  })
  async metricHistory(
    @Root() run: Run,
    @Ctx() ctx: Context,
    @Arg("key", () => String, { description: "Metric name, e.g. loss." }) key: string,
  ): Promise<Metric[]> {
    return (await ctx.loaders.metricHistory.load({ runId: runKeyOf(run.raw).id, key })).map(toMetric);
  }

  @FieldResolver(() => [Artifact], {
    description:
      "One level of the run's artifacts (MLflow's artifacts list; works for s3:// and mlflow-artifacts:/ roots).",
  })
  async artifacts(
    @Root() run: Run,
    @Ctx() ctx: Context,
    @Arg("path", () => String, {
      nullable: true,
      description: "A directory inside the run's artifacts; default: the root.",
    })
    path?: string | null,
  ): Promise<Artifact[]> {
    return (await ctx.services.tracking.listArtifacts(runKeyOf(run.raw).id, path)).map(toArtifact);
  }

  @FieldResolver(() => [DatasetInput], { description: "Datasets the run used (MLflow log-inputs)." })
  datasetInputs(@Root() run: Run): DatasetInput[] {
    return toDatasetInputs(run.raw);
  }

  @FieldResolver(() => [ModelVersion], {
    description: "Model versions registered from this run (batched registry search).",
  })
  async modelVersions(@Root() run: Run, @Ctx() ctx: Context): Promise<ModelVersion[]> {
    return (await ctx.loaders.modelVersionsByRun.load(runKeyOf(run.raw).id)).map(toModelVersion);
  }
}
