// Registry and tracking housekeeping: deleteModelAlias, tags, descriptions, archiving (thin: arguments in, a
// service out).
import { Arg, Authorized, Ctx, Int, Mutation, Resolver } from "type-graphql";
import type { Context } from "../context";
import { notFound } from "../errors";
import { Role } from "../schema/enums";
import { DeleteTagInput, SetTagInput } from "../schema/housekeeping.type";
import { ModelVersion, RegisteredModel } from "../schema/registry.type";
import { toModelVersion, toRegisteredModel } from "../services/mlflow/mappers";

const NAME = { description: "The registered model's name." };
const VERSION = { description: "Version number, from 1." };

@Resolver()
export class HousekeepingResolver {
  @Authorized(Role.ADMIN)
  @Mutation(() => RegisteredModel, {
    description:
      "Remove an alias from a registered model (the version stays). Audited like promotions; gateways serving the alias " +
      "stop resolving it at once. An unknown model or alias is NOT_FOUND.",
  })
  async deleteModelAlias(
    @Ctx() ctx: Context,
    @Arg("name", () => String, NAME) name: string,
    @Arg("alias", () => String, { description: "The alias to remove, e.g. challenger." }) alias: string,
  ): Promise<RegisteredModel> {
    await ctx.services.promotion.deleteAlias(name, alias, ctx.caller?.name ?? null);
    const model = await ctx.services.mlflow.getRegisteredModel(name);
    if (!model) throw notFound(`registered model ${JSON.stringify(name)} does not exist`, { field: "name" });
    return toRegisteredModel(model);
  }

  @Authorized(Role.TRAINER)
  @Mutation(() => Boolean, {
    description:
      'Set a tag on an experiment, run, registered model or model version (an existing key is overwritten). Keys starting with "mlflow." are refused (BAD_USER_INPUT), as are keys MLflow refuses (BAD_USER_INPUT on input.key with MLflow\'s reason); an unknown target is NOT_FOUND.',
  })
  async setTag(
    @Ctx() ctx: Context,
    @Arg("input", () => SetTagInput, { description: "Target, id, key and value." }) input: SetTagInput,
  ): Promise<boolean> {
    await ctx.services.housekeeping.setTag(input.target, input.id, input.key, input.value);
    return true;
  }

  @Authorized(Role.TRAINER)
  @Mutation(() => Boolean, {
    description:
      "Remove a tag from an experiment, run, registered model or model version; a missing tag is NOT_FOUND.",
  })
  async deleteTag(
    @Ctx() ctx: Context,
    @Arg("input", () => DeleteTagInput, { description: "Target, id and key." }) input: DeleteTagInput,
  ): Promise<boolean> {
    await ctx.services.housekeeping.deleteTag(input.target, input.id, input.key);
    return true;
  }

  @Authorized(Role.TRAINER)
  @Mutation(() => RegisteredModel, {
    description: "Set a registered model's description (Markdown, as MLflow's UI shows it).",
  })
  async setModelDescription(
    @Ctx() ctx: Context,
    @Arg("name", () => String, NAME) name: string,
    @Arg("description", () => String, { description: "The new description; an empty string clears it." })
    description: string,
  ): Promise<RegisteredModel> {
    return toRegisteredModel(await ctx.services.housekeeping.setModelDescription(name, description));
  }

  @Authorized(Role.TRAINER)
  @Mutation(() => ModelVersion, { description: "Set a model version's description." })
  async setModelVersionDescription(
    @Ctx() ctx: Context,
    @Arg("name", () => String, NAME) name: string,
    @Arg("version", () => Int, VERSION) version: number,
    @Arg("description", () => String, { description: "The new description; an empty string clears it." })
    description: string,
  ): Promise<ModelVersion> {
    return toModelVersion(await ctx.services.housekeeping.setVersionDescription(name, version, description));
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => ModelVersion, {
    description:
      "Move a version to MLflow's legacy stage Archived (stages are deprecated in MLflow; aliases replace them). Its aliases stay.",
  })
  async archiveModelVersion(
    @Ctx() ctx: Context,
    @Arg("name", () => String, NAME) name: string,
    @Arg("version", () => Int, VERSION) version: number,
  ): Promise<ModelVersion> {
    return toModelVersion(await ctx.services.housekeeping.archiveVersion(name, version));
  }
}
