// Serving types: promotion, predictions and the prediction log.
import { Field, Float, ID, InputType, Int, ObjectType } from "type-graphql";
import { ModelStage } from "./enums";
import { DateTimeScalar, JSONObjectScalar, JsonObject } from "./scalars";
import { ModelVersion } from "./registry.type";

@InputType({
  description: "Guard a promotion with a metric of the candidate's run against the current holder's.",
})
export class MetricGuardInput {
  @Field(() => String, { description: "Metric key on the runs, e.g. test_accuracy." }) metric!: string;
  @Field(() => Boolean, {
    defaultValue: true,
    description:
      "true: a larger value is better (accuracy); false: a smaller one is (log loss). A tie is not better.",
  })
  higherIsBetter!: boolean;
}

@InputType({ description: "Point an alias (and optionally a legacy stage) at a model version." })
export class PromoteModelInput {
  @Field(() => String, { description: "The registered model's name." }) name!: string;
  @Field(() => Int, { description: "The version to promote." }) version!: number;
  @Field(() => String, { defaultValue: "champion", description: "The alias to point at the version." })
  alias!: string;
  @Field(() => ModelStage, { nullable: true, description: "Also move the version to this legacy stage." })
  stage?: ModelStage | null;
  @Field(() => Boolean, {
    defaultValue: true,
    description: "With stage STAGING or PRODUCTION: archive the versions that were in that stage.",
  })
  archiveExisting!: boolean;
  @Field(() => MetricGuardInput, {
    nullable: true,
    description: "Promote only if this version beats the alias's current holder on the metric.",
  })
  requireBetter?: MetricGuardInput | null;
}

@ObjectType({
  simpleResolvers: true,
  description: "The outcome of a promotion attempt (also recorded in the audit table).",
})
export class Promotion {
  @Field(() => Boolean, {
    description: "false when requireBetter refused the change (then nothing changed).",
  })
  promoted!: boolean;
  @Field(() => String, {
    description: "What happened and why, with both metric values when a guard was used.",
  })
  reason!: string;
  @Field(() => ModelVersion, { description: "The candidate version, as it is after the attempt." })
  modelVersion!: ModelVersion;
  @Field(() => ModelVersion, {
    nullable: true,
    description: "The version the alias pointed at before, if any.",
  })
  previous!: ModelVersion | null;
}

@ObjectType({ simpleResolvers: true, description: "A class and its predicted probability." })
export class ClassProbability {
  @Field(() => String, { description: "The class label." }) label!: string;
  @Field(() => Float, { description: "Its probability, from 0 to 1." }) probability!: number;
}

@ObjectType({ simpleResolvers: true, description: "The prediction for one input row." })
export class Prediction {
  @Field(() => String, {
    description:
      "The predicted class (an ONNX model's own label output); for a model without classes (a regressor), its value as text.",
  })
  label!: string;
  @Field(() => [ClassProbability], {
    description:
      "Every class in the model's class order, probabilities summing to 1; empty for a model that gives no " +
      "probabilities (a regressor or a label-only classifier).",
  })
  probabilities!: ClassProbability[];
}

@ObjectType({ simpleResolvers: true, description: "Predictions and the exact model version that made them." })
export class PredictionBatch {
  @Field(() => ModelVersion, { description: "The version the reference resolved to." })
  modelVersion!: ModelVersion;
  @Field(() => [Prediction], { description: "One prediction per input row, in input order." })
  predictions!: Prediction[];
}

@ObjectType({ simpleResolvers: true, description: "A logged prediction (gateway PostgreSQL database)." })
export class PredictionRecord {
  @Field(() => ID, { description: "Log id (increases with time)." }) id!: string;
  @Field(() => String, { description: "The registered model's name." }) modelName!: string;
  @Field(() => Int, { description: "The version that answered." }) modelVersion!: number;
  @Field(() => JSONObjectScalar, { description: "The row as the model used it (its input columns)." })
  input!: JsonObject;
  @Field(() => String, { description: "The predicted class." }) label!: string;
  @Field(() => [ClassProbability], { description: "Every class's probability." })
  probabilities!: ClassProbability[];
  @Field(() => DateTimeScalar, { description: "When the prediction was made." }) createdAt!: Date;
}
