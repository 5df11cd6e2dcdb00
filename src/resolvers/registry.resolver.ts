// The model registry: Query.registeredModels/registeredModel/modelVersion, Mutation.registerModel, and the
// related fields of RegisteredModel and ModelVersion, resolved in per-request batches (MLflow registry).
import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../context";
import { notFound } from "../errors";
import { Role } from "../schema/enums";
import { pageCursor, pageSize, toPageInfo } from "../schema/pagination";
import {
  ModelAlias,
  ModelVersion,
  ModelVersionConnection,
  RegisteredModel,
  RegisteredModelConnection,
} from "../schema/registry.type";
import { JSONObjectScalar, JsonObject } from "../schema/scalars";
import { Run } from "../schema/tracking.type";
import { toModelVersion, toRegisteredModel, toRun } from "../services/mlflow/mappers";
import { aliasesFromModel, knownAliases, versionRunKeyOf } from "../services/mlflow/tracking";
import type { MlflowRegisteredModel } from "../services/mlflow/types";

const FIRST = "Page size, 1 to 1000.";
const AFTER = "The previous page's pageInfo.endCursor (MLflow's page token).";

@Resolver(() => RegisteredModel)
export class RegistryResolver {
  @Authorized(Role.VIEWER)
  @Query(() => RegisteredModelConnection, {
    description: "Registered models in the MLflow registry, one page at a time.",
  })
  async registeredModels(
    @Ctx() ctx: Context,
    @Arg("filter", () => String, {
      nullable: true,
      description: "MLflow's registered-model search grammar, e.g. \"name LIKE 'penguins%'\".",
    })
    filter?: string | null,
    @Arg("first", () => Int, { nullable: true, defaultValue: 50, description: FIRST }) first?: number | null,
    @Arg("after", () => String, { nullable: true, description: AFTER }) after?: string | null,
  ): Promise<RegisteredModelConnection> {
    const page = await ctx.services.tracking.searchRegisteredModels({
      filter,
      pageSize: pageSize(first),
      pageToken: pageCursor(after),
    });
    remember(ctx, page.items);
    return { nodes: page.items.map(toRegisteredModel), pageInfo: toPageInfo(page.nextPageToken) };
  }

  @Authorized(Role.VIEWER)
  @Query(() => RegisteredModel, {
    nullable: true,
    description: "One registered model by name; null when there is none.",
  })
  async registeredModel(
    @Ctx() ctx: Context,
    @Arg("name", () => String, { description: "Registered model name." }) name: string,
  ): Promise<RegisteredModel | null> {
    const found = await ctx.services.tracking.getRegisteredModel(name);
    if (!found) return null;
    remember(ctx, [found]);
    return toRegisteredModel(found);
  }

  @Authorized(Role.VIEWER)
  @Query(() => ModelVersion, {
    nullable: true,
    description:
      'A model version by reference: "name@alias", "name/3", "name/Production" or a bare "name" (= name@champion), with or without "models:/"; null when it points at nothing.',
  })
  async modelVersion(
    @Ctx() ctx: Context,
    @Arg("model", () => String, { description: 'Model reference, e.g. "penguins@champion" or "penguins/3".' })
    model: string,
  ): Promise<ModelVersion | null> {
    const mv = await ctx.services.tracking.resolveModelVersion(model);
    return mv ? toModelVersion(mv) : null;
  }

  @Authorized(Role.TRAINER)
  @Mutation(() => ModelVersion, {
    description:
      "Register a model as a new version of a registered model (created when new): a run's model directory, a model the run logged as an MLflow 3 LoggedModel, or a LoggedModel by id. Waits until MLflow says READY.",
  })
  async registerModel(
    @Ctx() ctx: Context,
    @Arg("runId", () => ID, {
      description:
        "The MLflow run that holds the model (under artifactPath, or as a LoggedModel named artifactPath), or a LoggedModel id (m-...).",
    })
    runId: string,
    @Arg("name", () => String, { description: "Registered model name (letters, digits, _ - . and spaces)." })
    name: string,
    @Arg("artifactPath", () => String, {
      nullable: true,
      defaultValue: "model",
      description:
        "The model's directory inside the run's artifacts (it holds the MLmodel file), or the name of the LoggedModel the run logged; ignored for a LoggedModel id.",
    })
    artifactPath?: string | null,
  ): Promise<ModelVersion> {
    return toModelVersion(await ctx.services.tracking.registerModel({ runId, name, artifactPath }));
  }

  @FieldResolver(() => [ModelAlias], {
    description: "Every alias of the model and the version it points at (batched).",
  })
  async aliases(@Root() model: RegisteredModel, @Ctx() ctx: Context): Promise<ModelAlias[]> {
    rememberComplete(ctx, model);
    const aliases = model.raw.aliases ?? [];
    const versions = await ctx.loaders.modelVersions.loadMany(
      aliases.map((a) => ({ name: model.name, version: Number(a.version) })),
    );
    const out: ModelAlias[] = [];
    aliases.forEach((a, i) => {
      const mv = versions[i];
      if (mv instanceof Error) throw mv;
      // An alias whose version was deleted meanwhile has nothing to point at.
      if (mv) out.push(Object.assign(new ModelAlias(), { alias: a.alias, version: toModelVersion(mv) }));
    });
    return out.sort((x, y) => (x.alias < y.alias ? -1 : 1));
  }

  @FieldResolver(() => [ModelVersion], {
    description: "The latest version in each legacy stage (MLflow registry).",
  })
  latestVersions(@Root() model: RegisteredModel, @Ctx() ctx: Context): ModelVersion[] {
    rememberComplete(ctx, model);
    return model.latestVersions;
  }

  @FieldResolver(() => ModelVersionConnection, { description: "The model's versions, newest first." })
  async versions(
    @Root() model: RegisteredModel,
    @Ctx() ctx: Context,
    @Arg("first", () => Int, { nullable: true, defaultValue: 50, description: FIRST }) first?: number | null,
    @Arg("after", () => String, { nullable: true, description: AFTER }) after?: string | null,
  ): Promise<ModelVersionConnection> {
    rememberComplete(ctx, model);
    const page = await ctx.services.tracking.searchModelVersions(
      model.name,
      pageSize(first),
      pageCursor(after),
    );
    return { nodes: page.items.map(toModelVersion), pageInfo: toPageInfo(page.nextPageToken) };
  }

  @FieldResolver(() => ModelVersion, {
    nullable: true,
    description: "One version by number; null when there is none.",
  })
  async version(
    @Root() model: RegisteredModel,
    @Ctx() ctx: Context,
    @Arg("number", () => Int, { description: "Version number, from 1." }) number: number,
  ): Promise<ModelVersion | null> {
    ctx.services.tracking.assertVersionNumber(number, "number");
    const mv = await ctx.loaders.modelVersions.load({ name: model.name, version: number });
    return mv ? toModelVersion(mv) : null;
  }

  @FieldResolver(() => ModelVersion, {
    nullable: true,
    description: "The version an alias points at; null when the alias is not set.",
  })
  async alias(
    @Root() model: RegisteredModel,
    @Ctx() ctx: Context,
    @Arg("name", () => String, { description: "Alias, e.g. champion." }) name: string,
  ): Promise<ModelVersion | null> {
    const aliases = model.raw.aliases;
    if (!aliases) {
      const mv = await ctx.services.tracking.getModelVersionByAlias(model.name, name);
      return mv ? toModelVersion(mv) : null;
    }
    const hit = aliases.find((a) => a.alias === name);
    if (!hit) return null;
    const mv = await ctx.loaders.modelVersions.load({ name: model.name, version: Number(hit.version) });
    return mv ? toModelVersion(mv) : null;
  }
}

@Resolver(() => ModelVersion)
export class ModelVersionResolver {
  @FieldResolver(() => Run, {
    nullable: true,
    description: "The MLflow run the version was registered from (batched).",
  })
  async run(@Root() mv: ModelVersion, @Ctx() ctx: Context): Promise<Run | null> {
    const key = versionRunKeyOf(mv.raw);
    const run = key ? await ctx.loaders.runs.load(key) : null;
    return run ? toRun(run) : null;
  }

  @FieldResolver(() => [String], {
    description: "Aliases pointing at this version (from the registered model, batched).",
  })
  async aliases(@Root() mv: ModelVersion, @Ctx() ctx: Context): Promise<string[]> {
    const known = knownAliases(mv.raw);
    if (known) return known;
    // MLflow's version search leaves aliases out: the model's, remembered for MODEL_ALIAS_TTL_MS, or looked up.
    const aliases =
      ctx.services.tracking.freshAliases(mv.name) ??
      (await ctx.loaders.registeredModels.load(mv.name))?.aliases;
    return aliasesFromModel(mv.raw, aliases);
  }

  @FieldResolver(() => JSONObjectScalar, {
    nullable: true,
    description:
      "The MLflow model signature from the version's MLmodel: {inputs, outputs, params?} with MLflow's column/tensor specs; null when absent.",
  })
  async signature(@Root() mv: ModelVersion, @Ctx() ctx: Context): Promise<JsonObject | null> {
    return ctx.loaders.signatures.load(mv.raw);
  }

  @FieldResolver(() => [String], {
    description:
      'The flavors in the version\'s MLmodel, e.g. ["onnx", "python_function"]; empty when its files are missing.',
  })
  async flavors(@Root() mv: ModelVersion, @Ctx() ctx: Context): Promise<string[]> {
    return (await ctx.services.serving.describeVersion(mv.raw)).flavors;
  }

  @FieldResolver(() => Boolean, {
    description:
      "Whether predict can serve this version: its MLmodel has the onnx flavor or the gateway's mlops_gateway flavor. " +
      "servableReason says why not.",
  })
  async servable(@Root() mv: ModelVersion, @Ctx() ctx: Context): Promise<boolean> {
    return (await ctx.services.serving.describeVersion(mv.raw)).servable;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description:
      "Why predict cannot serve this version and how to make it servable (e.g. convert a scikit-learn pickle with " +
      "skl2onnx and log it with mlflow.onnx.log_model); null when it can.",
  })
  async servableReason(@Root() mv: ModelVersion, @Ctx() ctx: Context): Promise<string | null> {
    return (await ctx.services.serving.describeVersion(mv.raw)).reason;
  }

  @FieldResolver(() => RegisteredModel, {
    description: "The registered model this version belongs to (batched).",
  })
  async registeredModel(@Root() mv: ModelVersion, @Ctx() ctx: Context): Promise<RegisteredModel> {
    const model = await ctx.loaders.registeredModels.load(mv.name);
    if (!model)
      throw notFound(`registered model ${JSON.stringify(mv.name)} does not exist in MLflow`, {
        upstream: "mlflow",
      });
    return toRegisteredModel(model);
  }
}

/** Remember registered models a get or search returned, so their versions' aliases cost nothing more. */
function remember(ctx: Context, models: MlflowRegisteredModel[]): void {
  for (const m of models) ctx.loaders.registeredModels.prime(m.name, m);
}

/** Remember a model built elsewhere only when its DTO visibly carries its aliases (a create answer does not). */
function rememberComplete(ctx: Context, model: RegisteredModel): void {
  if (model.raw.aliases) remember(ctx, [model.raw]);
}
