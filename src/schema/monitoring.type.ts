// Prediction monitoring types: what a model answered over a window, and input drift against its training data.
import { Field, Float, Int, ObjectType } from "type-graphql";

const PSI_READING =
  "Read PSI as: under 0.1 stable, 0.1 to 0.2 a moderate shift, over 0.2 a significant shift (retrain or investigate).";

@ObjectType({ simpleResolvers: true, description: "How many predictions one version made in the window." })
export class VersionCount {
  @Field(() => Int, { description: "Model version number." }) version!: number;
  @Field(() => Int, { description: "Predictions (rows) it made in the window." }) count!: number;
}

@ObjectType({ simpleResolvers: true, description: "How often one label was predicted in the window." })
export class LabelShare {
  @Field(() => String, { description: "The predicted label." }) label!: string;
  @Field(() => Int, { description: "Rows predicted with this label." }) count!: number;
  @Field(() => Float, { description: "count / total; the shares of a window sum to 1." }) share!: number;
}

@ObjectType({
  simpleResolvers: true,
  description: `How far one input feature of the window is from the training data of the serving version. ${PSI_READING}`,
})
export class FeatureDrift {
  @Field(() => String, { description: "The input column." }) feature!: string;
  @Field(() => Float, {
    nullable: true,
    description: `Population stability index of the window against the training data (training deciles for numbers, categories for text, one bin for nulls). ${PSI_READING} Null when the window has no rows.`,
  })
  psi!: number | null;
  @Field(() => Float, { nullable: true, description: "Mean of the training values (numeric features)." })
  trainingMean!: number | null;
  @Field(() => Float, { nullable: true, description: "Mean of the window's values (numeric features)." })
  servingMean!: number | null;
  @Field(() => Float, {
    description: "Share of window rows where the feature was null or a category unseen in training.",
  })
  unseenShare!: number;
}

@ObjectType({
  simpleResolvers: true,
  description: "What a model answered over a window of the prediction log, and input drift.",
})
export class PredictionStats {
  @Field(() => String, { description: "The registered model's name." }) model!: string;
  @Field(() => Int, { description: "Predictions (rows) in the window." }) total!: number;
  @Field(() => [VersionCount], { description: "Predictions per version in the window." })
  byVersion!: VersionCount[];
  @Field(() => [LabelShare], { description: "Share of each predicted label in the window." })
  labels!: LabelShare[];
  @Field(() => Int, {
    nullable: true,
    description:
      "The version the drift figures describe: the one that made the window's newest prediction (its rows only).",
  })
  servingVersion!: number | null;
  @Field(() => [FeatureDrift], {
    description: `Per input feature: how far the serving version's inputs in the window are from the data it was trained on. ${PSI_READING}`,
  })
  drift!: FeatureDrift[];
  @Field(() => String, {
    nullable: true,
    description:
      "Why drift is empty, when it is (e.g. a model logged from Python without a training profile or a readable dataset input).",
  })
  driftNote!: string | null;
}
