// Resolvers for serving: promoteModel, predict and the prediction log (thin: arguments in, ServingService out).
import { Arg, Authorized, Ctx, Int, Mutation, Query, Resolver } from "type-graphql";
import type { Context } from "../context";
import { toModelVersion } from "../services/mlflow/mappers";
import { ModelStage, Role } from "../schema/enums";
import { PredictionBatch, PredictionRecord, PromoteModelInput, Promotion } from "../schema/prediction.type";
import { JSONObjectScalar, JsonObject } from "../schema/scalars";

/** The schema's stage enum → MLflow's stage names. */
const MLFLOW_STAGE: Record<ModelStage, string> = {
  [ModelStage.NONE]: "None",
  [ModelStage.STAGING]: "Staging",
  [ModelStage.PRODUCTION]: "Production",
  [ModelStage.ARCHIVED]: "Archived",
};

@Resolver()
export class PredictionResolver {
  @Authorized(Role.ADMIN)
  @Mutation(() => Promotion, {
    description:
      "Point an alias (default champion) at a model version, and optionally move it to a legacy stage. With requireBetter, " +
      "nothing changes unless the version's run beats the alias's current holder on the metric (promoted: false, with both " +
      "values in reason). Every attempt is audited in the gateway database. A missing version is NOT_FOUND; one not READY " +
      "is BAD_USER_INPUT. Gateways serving the alias pick the change up within MODEL_ALIAS_TTL_MS.",
  })
  async promoteModel(
    @Arg("input", () => PromoteModelInput, {
      description: "The version, the alias and the optional stage and guard.",
    })
    input: PromoteModelInput,
    @Ctx() ctx: Context,
  ): Promise<Promotion> {
    const out = await ctx.services.promotion.promote(
      {
        name: input.name,
        version: input.version,
        alias: input.alias,
        stage: input.stage ? MLFLOW_STAGE[input.stage] : null,
        archiveExisting: input.archiveExisting,
        requireBetter: input.requireBetter ?? null,
      },
      ctx.caller?.name ?? null,
    );
    return Object.assign(new Promotion(), {
      promoted: out.promoted,
      reason: out.reason,
      modelVersion: toModelVersion(out.modelVersion),
      previous: out.previous ? toModelVersion(out.previous) : null,
    });
  }

  @Authorized(Role.VIEWER)
  @Mutation(() => PredictionBatch, {
    description:
      "Predict with a registered version that has the onnx flavor (e.g. scikit-learn through skl2onnx and " +
      "mlflow.onnx.log_model) or the gateway's own mlops_gateway flavor (trainGrid), run in-process. Other versions " +
      "(pickles, python_function only) are UNSUPPORTED_MODEL, naming their flavors and how to convert them; a version " +
      "whose files are gone is NOT_FOUND. Answers the exact version used and, per row, the label and every class " +
      "probability. Each row is logged.",
  })
  async predict(
    @Arg("model", () => String, {
      description:
        'Which model: "name@alias", "name/<version>", "name/<Stage>" or a bare "name" (= name@champion). Aliases and ' +
        "stages are re-resolved after MODEL_ALIAS_TTL_MS (default 2 s), so a promotion takes effect without a restart.",
    })
    model: string,
    @Arg("inputs", () => [JSONObjectScalar], {
      description:
        "Raw feature rows, with the same columns as the training table (text categories as text). Every input column of " +
        "the model must be present in every row; null means unknown and is imputed like in training (mean or most " +
        "frequent value). Numbers must be finite JSON numbers, text columns take text. Other columns are ignored. " +
        "An ONNX model with one input per column takes the same rows (values coerced to its tensor types; null only " +
        'in float inputs); one with a single 2-D tensor input [-1, n] takes rows {"<input name>": [n numbers]}. ' +
        "At most PREDICT_MAX_ROWS rows (default 10,000) per call.",
    })
    inputs: JsonObject[],
    @Ctx() ctx: Context,
  ): Promise<PredictionBatch> {
    const { serving } = ctx.services;
    const caller = ctx.caller?.name ?? null;
    // The common case (model in memory, a few rows) answers without awaiting anything.
    const out = serving.predictNow(model, inputs, caller) ?? (await serving.predict(model, inputs, caller));
    if (out.logBehind)
      (ctx.responseExtensions ??= {}).predictionLog = {
        behind: true,
        message:
          "the prediction log is behind: these rows are queued but not yet stored (PostgreSQL is slow or unavailable)",
      };
    return Object.assign(new PredictionBatch(), {
      modelVersion: toModelVersion(out.modelVersion),
      predictions: out.predictions,
    });
  }

  @Authorized(Role.VIEWER)
  @Query(() => [PredictionRecord], { description: "Most recent first, from the gateway's prediction log." })
  predictions(
    @Arg("model", () => String, {
      nullable: true,
      description: 'Only this registered model ("name"), or one version of it ("name/<version>").',
    })
    model: string | null,
    @Arg("first", () => Int, { defaultValue: 50, description: "How many records, from 1 to 1000." })
    first: number,
    @Ctx() ctx: Context,
  ): Promise<PredictionRecord[]> {
    return ctx.services.serving.predictions(model, first);
  }
}
