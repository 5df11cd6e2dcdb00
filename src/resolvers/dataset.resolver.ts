// Resolvers for datasets: list, describe, preview, profile, lineage, ingest and prepare (rules live in DatasetService).
import { Arg, Authorized, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../context";
import {
  ColumnProfile,
  Dataset,
  IngestDatasetInput,
  IngestResult,
  PrepareDatasetInput,
  PreparedDataset,
} from "../schema/dataset.type";
import { DatasetSource, Role } from "../schema/enums";
import { JSONObjectScalar } from "../schema/scalars";
import { Run } from "../schema/tracking.type";
import type { DatasetInfo } from "../services/datasets/service";
import { runsUsingTable } from "../services/mlflow/lineage";
import { toRun } from "../services/mlflow/mappers";
import { badInput } from "../errors";

const toDataset = (info: DatasetInfo): Dataset => Object.assign(new Dataset(), info);
const toDatasetOrNull = (info: DatasetInfo | null) => (info ? toDataset(info) : null);

@Resolver(() => Dataset)
export class DatasetResolver {
  @Authorized(Role.VIEWER)
  @Query(() => [Dataset], {
    description:
      "Tables of the MySQL database and the PostgreSQL schema (both when source is null), with row counts and columns.",
  })
  async datasets(
    @Ctx() ctx: Context,
    @Arg("source", () => DatasetSource, { nullable: true, description: "Only this source; null: both." })
    source?: DatasetSource | null,
  ): Promise<Dataset[]> {
    return (await ctx.services.datasets.list(source)).map(toDataset);
  }

  @Authorized(Role.VIEWER)
  @Query(() => Dataset, { nullable: true, description: "One table; null when it does not exist." })
  async dataset(
    @Ctx() ctx: Context,
    @Arg("name", () => String, { description: "Table name." }) name: string,
    @Arg("source", () => DatasetSource, {
      defaultValue: DatasetSource.MYSQL,
      description: "Where the table lives.",
    })
    source: DatasetSource,
  ): Promise<Dataset | null> {
    return toDatasetOrNull(await ctx.services.datasets.describe(source, name));
  }

  @FieldResolver(() => [JSONObjectScalar], {
    description: "A page of rows in the table's natural order (limit at most 1000).",
  })
  rows(
    @Root() dataset: Dataset,
    @Ctx() ctx: Context,
    @Arg("limit", () => Int, { defaultValue: 20, description: "Rows to return, 0 to 1000." }) limit: number,
    @Arg("offset", () => Int, { defaultValue: 0, description: "Rows to skip." }) offset: number,
  ): Promise<Record<string, unknown>[]> {
    return ctx.services.datasets.preview(dataset.source, dataset.name, limit, offset);
  }

  @FieldResolver(() => [ColumnProfile], {
    description: "Per-column null count, distinct count, min, max and mean (numeric), computed in SQL.",
  })
  profile(@Root() dataset: Dataset, @Ctx() ctx: Context): Promise<ColumnProfile[]> {
    return ctx.services.datasets.profile(dataset.source, dataset.name);
  }

  @FieldResolver(() => [Run], {
    description: "Runs whose MLflow dataset inputs name this table (lineage), newest first.",
  })
  async runs(
    @Root() dataset: Dataset,
    @Ctx() ctx: Context,
    @Arg("first", () => Int, { defaultValue: 50, description: "At most this many runs (1 to 1000)." })
    first: number,
  ): Promise<Run[]> {
    if (first < 0 || first > 1000)
      throw badInput(`first must be from 0 to 1000, got ${first}`, { field: "first" });
    const uri = ctx.services.datasets.tableUri(dataset.source, dataset.name);
    return (await runsUsingTable(ctx.services.mlflow, dataset.name, uri, first)).map(toRun);
  }

  @Authorized(Role.TRAINER)
  @Mutation(() => IngestResult, {
    description:
      "Load a built-in dataset, CSV text or an http(s) URL (CSV or JSON array of objects) into a table. REPLACE swaps a new table in atomically; APPEND needs matching columns.",
  })
  async ingestDataset(
    @Ctx() ctx: Context,
    @Arg("input", () => IngestDatasetInput, { description: "What to load and where." })
    input: IngestDatasetInput,
  ): Promise<IngestResult> {
    const { dataset, rowsWritten } = await ctx.services.datasets.ingest(input);
    ctx.log.info(
      { dataset: dataset.name, source: dataset.source, rowsWritten, caller: ctx.caller?.name },
      "ingested dataset",
    );
    return Object.assign(new IngestResult(), { dataset: toDataset(dataset), rowsWritten });
  }

  @Authorized(Role.TRAINER)
  @Mutation(() => PreparedDataset, {
    description:
      "Clean a table into `<to>` (train), `<to>_validation` and `<to>_test`: drop nulls, one-hot encode, stratified seeded split, batch ids. Written atomically.",
  })
  async prepareDataset(
    @Ctx() ctx: Context,
    @Arg("input", () => PrepareDatasetInput, { description: "Source table, target name and cleaning steps." })
    input: PrepareDatasetInput,
  ): Promise<PreparedDataset> {
    const p = await ctx.services.datasets.prepare(input);
    return Object.assign(new PreparedDataset(), {
      train: toDataset(p.train),
      validation: toDatasetOrNull(p.validation),
      test: toDatasetOrNull(p.test),
      batches: p.batches,
    });
  }
}
