// Subscription payload types: alias moves (training jobs stream the TrainingJob type itself).
import { Field, Int, ObjectType } from "type-graphql";
import { ModelVersion } from "./registry.type";
import { DateTimeScalar } from "./scalars";

@ObjectType({
  simpleResolvers: true,
  description: "An alias of a registered model moved to another version, or was deleted.",
})
export class ModelAliasChange {
  @Field(() => String, { description: "Registered model name." }) name!: string;
  @Field(() => String, { description: "The alias that moved, e.g. champion." }) alias!: string;
  @Field(() => ModelVersion, {
    nullable: true,
    description: "The version the alias points at now; null when it was deleted.",
  })
  version!: ModelVersion | null;
  @Field(() => Int, { nullable: true, description: "The version it pointed at before; null when none." })
  previousVersion!: number | null;
  @Field(() => DateTimeScalar, { description: "When the gateway moved it." }) changedAt!: Date;
  /** The version number behind `version` (not in the schema). */
  versionNumber!: number | null;
}
