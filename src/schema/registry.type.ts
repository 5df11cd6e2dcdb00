// MLflow model registry types: registered models, versions, aliases.
import { Field, Int, ObjectType } from "type-graphql";
import { PageInfo, Tag } from "./common.type";
import { DateTimeScalar, JSONObjectScalar, JsonObject } from "./scalars";
import { Run } from "./tracking.type";
import type { MlflowModelVersion, MlflowRegisteredModel } from "../services/mlflow/types";

// RegisteredModel comes first: decorator metadata of ModelVersion.registeredModel reads the class at load time.
@ObjectType({ simpleResolvers: true, description: "A registered model (MLflow registry)." })
export class RegisteredModel {
  @Field(() => String, { description: "Registered model name." }) name!: string;
  @Field(() => String, { nullable: true, description: "Free-text description (MLflow)." }) description!:
    | string
    | null;
  @Field(() => DateTimeScalar, { nullable: true, description: "When the model was registered." })
  creationTime!: Date | null;
  @Field(() => DateTimeScalar, {
    nullable: true,
    description: "When the model or one of its versions last changed.",
  })
  lastUpdatedTime!: Date | null;
  @Field(() => [Tag], { description: "Registered model tags (MLflow)." }) tags!: Tag[];
  @Field(() => [ModelAlias], { description: "Every alias of the model and the version it points at." })
  aliases!: ModelAlias[];
  @Field(() => [ModelVersion], { description: "The latest version in each stage." })
  latestVersions!: ModelVersion[];
  /** The MLflow DTO behind this object (not in the schema). */
  raw!: MlflowRegisteredModel;
}

@ObjectType({ simpleResolvers: true, description: "A version of a registered model (MLflow registry)." })
export class ModelVersion {
  @Field(() => String, { description: "Registered model name." }) name!: string;
  @Field(() => Int, { description: "Version number, from 1." }) version!: number;
  @Field(() => String, {
    nullable: true,
    description: "Legacy stage: None, Staging, Production or Archived.",
  })
  stage!: string | null;
  @Field(() => String, { nullable: true, description: "PENDING_REGISTRATION, FAILED_REGISTRATION or READY." })
  status!: string | null;
  @Field(() => String, { description: "Where the model's files are (an s3:// or mlflow-artifacts:/ URI)." })
  source!: string;
  @Field(() => String, { nullable: true, description: "The MLflow run the version was registered from." })
  runId!: string | null;
  @Field(() => Run, { nullable: true, description: "The MLflow run the version was registered from." })
  run!: Run | null;
  @Field(() => [String], {
    description:
      "Aliases pointing at this version. In lists of versions (MLflow's version search leaves aliases out) they come from the registered model, remembered for MODEL_ALIAS_TTL_MS; a move made through this gateway shows at once.",
  })
  aliases!: string[];
  @Field(() => [Tag], { description: "Model version tags (MLflow)." }) tags!: Tag[];
  @Field(() => DateTimeScalar, { nullable: true, description: "When the version was created." })
  creationTime!: Date | null;
  @Field(() => JSONObjectScalar, {
    nullable: true,
    description: "The MLflow model signature: input columns and output classes.",
  })
  signature!: JsonObject | null;
  @Field(() => RegisteredModel, { description: "The registered model this version belongs to." })
  registeredModel!: RegisteredModel;
  @Field(() => [String], {
    description: 'The flavors in the version\'s MLmodel, e.g. ["onnx", "python_function"].',
  })
  flavors!: string[];
  @Field(() => Boolean, {
    description: "Whether predict can serve this version (an ONNX or gateway flavor).",
  })
  servable!: boolean;
  @Field(() => String, {
    nullable: true,
    description: "Why predict cannot serve this version and how to make it servable; null when it can.",
  })
  servableReason!: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      "The MLflow 3 LoggedModel this version was registered from (source models:/<model_id>), when there is one.",
  })
  loggedModelId!: string | null;
  /** The MLflow DTO behind this object (not in the schema). */
  raw!: MlflowModelVersion;
}

@ObjectType({ simpleResolvers: true, description: "An alias and the version it points at." })
export class ModelAlias {
  @Field(() => String, { description: "Alias name, e.g. champion." }) alias!: string;
  @Field(() => ModelVersion, { description: "The version the alias points at." }) version!: ModelVersion;
}

@ObjectType({ simpleResolvers: true, description: "A page of registered models." })
export class RegisteredModelConnection {
  @Field(() => [RegisteredModel], { description: "The registered models on this page." })
  nodes!: RegisteredModel[];
  @Field(() => PageInfo, { description: "Whether there is a next page, and its cursor." })
  pageInfo!: PageInfo;
}

@ObjectType({ simpleResolvers: true, description: "A page of model versions." })
export class ModelVersionConnection {
  @Field(() => [ModelVersion], { description: "The versions on this page." }) nodes!: ModelVersion[];
  @Field(() => PageInfo, { description: "Whether there is a next page, and its cursor." })
  pageInfo!: PageInfo;
}
