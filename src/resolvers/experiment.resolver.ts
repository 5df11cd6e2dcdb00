// Experiments: Query.experiments/experiment, Mutation.createExperiment and Experiment.runs (MLflow tracking).
import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../context";
import { Role } from "../schema/enums";
import { pageCursor, pageSize, toPageInfo } from "../schema/pagination";
import { JSONObjectScalar, JsonObject } from "../schema/scalars";
import { Experiment, ExperimentConnection, RunConnection } from "../schema/tracking.type";
import { toExperiment, toRun } from "../services/mlflow/mappers";

const FILTER_EXPERIMENTS =
  "MLflow's experiment search grammar, e.g. \"name LIKE 'penguins%' AND tags.team = 'ml'\". Default: every active experiment.";
const FILTER_RUNS =
  "MLflow's run search grammar, e.g. \"metrics.test_accuracy > 0.9 AND params.algorithm = 'KNN'\" (AND only).";
const ORDER_RUNS = 'MLflow order clauses, e.g. ["metrics.test_accuracy DESC"]. Default: newest first.';
const FIRST = "Page size, 1 to 1000.";
const AFTER = "The previous page's pageInfo.endCursor (MLflow's page token).";

@Resolver(() => Experiment)
export class ExperimentResolver {
  @Authorized(Role.VIEWER)
  @Query(() => ExperimentConnection, {
    description: "Active MLflow experiments, one page at a time (MLflow answers).",
  })
  async experiments(
    @Ctx() ctx: Context,
    @Arg("filter", () => String, { nullable: true, description: FILTER_EXPERIMENTS }) filter?: string | null,
    @Arg("first", () => Int, { nullable: true, defaultValue: 50, description: FIRST }) first?: number | null,
    @Arg("after", () => String, { nullable: true, description: AFTER }) after?: string | null,
  ): Promise<ExperimentConnection> {
    const page = await ctx.services.tracking.searchExperiments({
      filter,
      pageSize: pageSize(first),
      pageToken: pageCursor(after),
    });
    ctx.loaders.rememberExperiments(page.items);
    return { nodes: page.items.map(toExperiment), pageInfo: toPageInfo(page.nextPageToken) };
  }

  @Authorized(Role.VIEWER)
  @Query(() => Experiment, {
    nullable: true,
    description: "One MLflow experiment by id or by name (exactly one of them); null when there is none.",
  })
  async experiment(
    @Ctx() ctx: Context,
    @Arg("id", () => ID, { nullable: true, description: 'MLflow experiment id, e.g. "3".' })
    id?: string | null,
    @Arg("name", () => String, { nullable: true, description: "Experiment name." }) name?: string | null,
  ): Promise<Experiment | null> {
    const found = await ctx.services.tracking.findExperiment({ id, name });
    return found ? toExperiment(found) : null;
  }

  @Authorized(Role.TRAINER)
  @Mutation(() => Experiment, { description: "Create an MLflow experiment; a taken name is CONFLICT." })
  async createExperiment(
    @Ctx() ctx: Context,
    @Arg("name", () => String, { description: "Unique experiment name (up to 500 characters)." })
    name: string,
    @Arg("tags", () => JSONObjectScalar, {
      nullable: true,
      description: 'Experiment tags, e.g. {"team": "ml"}; values must be strings, numbers or booleans.',
    })
    tags?: JsonObject | null,
  ): Promise<Experiment> {
    return toExperiment(await ctx.services.tracking.createExperiment(name, tags));
  }

  @FieldResolver(() => RunConnection, { description: "This experiment's runs, searched in MLflow." })
  async runs(
    @Root() experiment: Experiment,
    @Ctx() ctx: Context,
    @Arg("filter", () => String, { nullable: true, description: FILTER_RUNS }) filter?: string | null,
    @Arg("orderBy", () => [String], { nullable: true, description: ORDER_RUNS }) orderBy?: string[] | null,
    @Arg("first", () => Int, { nullable: true, defaultValue: 50, description: FIRST }) first?: number | null,
    @Arg("after", () => String, { nullable: true, description: AFTER }) after?: string | null,
  ): Promise<RunConnection> {
    const page = await ctx.services.tracking.searchRuns({
      experimentIds: [experiment.id],
      filter,
      orderBy,
      pageSize: pageSize(first),
      pageToken: pageCursor(after),
    });
    ctx.loaders.rememberRuns(page.items);
    return { nodes: page.items.map(toRun), pageInfo: toPageInfo(page.nextPageToken) };
  }
}
