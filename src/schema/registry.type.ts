// MLflow model registry types: registered models, versions, aliases.
import { Field, Int, ObjectType } from "type-graphql";
import { PageInfo, Tag } from "./common.type";
import { DateTimeScalar, JSONObjectScalar, JsonObject } from "./scalars";
import { Run } from "./tracking.type";
import type { MlflowModelVersion, MlflowRegisteredModel } from "../services/mlflow/types";

@ObjectType({ description: "A version of a registered model (MLflow registry)." })
export class ModelVersion {
  @Field(() => String) name!: string;
  @Field(() => Int) version!: number;
  @Field(() => String, {
    nullable: true,
    description: "Legacy stage: None, Staging, Production or Archived.",
  })
  stage!: string | null;
  @Field(() => String, { nullable: true, description: "PENDING_REGISTRATION, FAILED_REGISTRATION or READY." })
  status!: string | null;
  @Field(() => String, { description: "Where the model's files are (an s3:// or mlflow-artifacts:/ URI)." })
  source!: string;
  @Field(() => String, { nullable: true }) runId!: string | null;
  @Field(() => Run, { nullable: true }) run!: Run | null;
  @Field(() => [String], { description: "Aliases pointing at this version." }) aliases!: string[];
  @Field(() => [Tag]) tags!: Tag[];
  @Field(() => DateTimeScalar, { nullable: true }) creationTime!: Date | null;
  @Field(() => JSONObjectScalar, {
    nullable: true,
    description: "The MLflow model signature: input columns and output classes.",
  })
  signature!: JsonObject | null;
  @Field(() => RegisteredModel) registeredModel!: RegisteredModel;
  /** The MLflow DTO behind this object (not in the schema). */
  raw!: MlflowModelVersion;
}

@ObjectType({ description: "An alias and the version it points at." })
export class ModelAlias {
  @Field(() => String) alias!: string;
  @Field(() => ModelVersion) version!: ModelVersion;
}

@ObjectType({ description: "A registered model (MLflow registry)." })
export class RegisteredModel {
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true }) description!: string | null;
  @Field(() => DateTimeScalar, { nullable: true }) creationTime!: Date | null;
  @Field(() => DateTimeScalar, { nullable: true }) lastUpdatedTime!: Date | null;
  @Field(() => [Tag]) tags!: Tag[];
  @Field(() => [ModelAlias]) aliases!: ModelAlias[];
  @Field(() => [ModelVersion], { description: "The latest version in each stage." })
  latestVersions!: ModelVersion[];
  /** The MLflow DTO behind this object (not in the schema). */
  raw!: MlflowRegisteredModel;
}

@ObjectType()
export class RegisteredModelConnection {
  @Field(() => [RegisteredModel]) nodes!: RegisteredModel[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
}

@ObjectType()
export class ModelVersionConnection {
  @Field(() => [ModelVersion]) nodes!: ModelVersion[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
}
