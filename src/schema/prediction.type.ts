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
  @Field(() => Boolean, { defaultValue: true }) higherIsBetter!: boolean;
}

@InputType({ description: "Point an alias (and optionally a legacy stage) at a model version." })
export class PromoteModelInput {
  @Field(() => String) name!: string;
  @Field(() => Int) version!: number;
  @Field(() => String, { defaultValue: "champion" }) alias!: string;
  @Field(() => ModelStage, { nullable: true, description: "Also move the version to this legacy stage." })
  stage?: ModelStage | null;
  @Field(() => Boolean, { defaultValue: true }) archiveExisting!: boolean;
  @Field(() => MetricGuardInput, {
    nullable: true,
    description: "Promote only if this version beats the alias's current holder on the metric.",
  })
  requireBetter?: MetricGuardInput | null;
}

@ObjectType({ description: "The outcome of a promotion attempt (also recorded in the audit table)." })
export class Promotion {
  @Field(() => Boolean) promoted!: boolean;
  @Field(() => String) reason!: string;
  @Field(() => ModelVersion) modelVersion!: ModelVersion;
  @Field(() => ModelVersion, { nullable: true }) previous!: ModelVersion | null;
}

@ObjectType({ description: "A class and its predicted probability." })
export class ClassProbability {
  @Field(() => String) label!: string;
  @Field(() => Float) probability!: number;
}

@ObjectType({ description: "The prediction for one input row." })
export class Prediction {
  @Field(() => String) label!: string;
  @Field(() => [ClassProbability], { description: "Every class, probabilities summing to 1." })
  probabilities!: ClassProbability[];
}

@ObjectType({ description: "Predictions and the exact model version that made them." })
export class PredictionBatch {
  @Field(() => ModelVersion) modelVersion!: ModelVersion;
  @Field(() => [Prediction]) predictions!: Prediction[];
}

@ObjectType({ description: "A logged prediction (gateway PostgreSQL database)." })
export class PredictionRecord {
  @Field(() => ID) id!: string;
  @Field(() => String) modelName!: string;
  @Field(() => Int) modelVersion!: number;
  @Field(() => JSONObjectScalar) input!: JsonObject;
  @Field(() => String) label!: string;
  @Field(() => [ClassProbability]) probabilities!: ClassProbability[];
  @Field(() => DateTimeScalar) createdAt!: Date;
}
