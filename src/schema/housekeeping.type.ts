// Registry and tracking housekeeping inputs: tags on MLflow objects.
import { Field, InputType } from "type-graphql";
import { TagTarget } from "./enums";

const ID_DESCRIPTION = 'Experiment id, run id, model name, or "name/version".';

@InputType({ description: "A tag to set on an experiment, run, registered model or model version." })
export class SetTagInput {
  @Field(() => TagTarget, { description: "What kind of object the tag goes on." }) target!: TagTarget;
  @Field(() => String, { description: ID_DESCRIPTION }) id!: string;
  @Field(() => String, {
    description:
      "Tag key, at most 250 characters of letters, digits, spaces and `_ - . : /` (MLflow's grammar); keys starting with \"mlflow.\" are MLflow's own and refused.",
  })
  key!: string;
  @Field(() => String, { description: "Tag value (MLflow keeps up to 5000 characters, 8000 on runs)." })
  value!: string;
}

@InputType({ description: "A tag to remove from an experiment, run, registered model or model version." })
export class DeleteTagInput {
  @Field(() => TagTarget, { description: "What kind of object the tag is on." }) target!: TagTarget;
  @Field(() => String, { description: ID_DESCRIPTION }) id!: string;
  @Field(() => String, { description: "Key of the tag to remove." }) key!: string;
}
