// MLflow tracking types: experiments, runs, metrics, artifacts, dataset inputs.
import { Field, Float, ID, Int, ObjectType } from "type-graphql";
import { PageInfo, Param, Tag } from "./common.type";
import { RunStatus } from "./enums";
import { DateTimeScalar } from "./scalars";
import { ModelVersion } from "./registry.type";
import type { MlflowExperiment, MlflowRun } from "../services/mlflow/types";

@ObjectType({ description: "An MLflow experiment. `runs(...)` searches its runs." })
export class Experiment {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true }) artifactLocation!: string | null;
  @Field(() => String, { description: "active or deleted." }) lifecycleStage!: string;
  @Field(() => DateTimeScalar, { nullable: true }) creationTime!: Date | null;
  @Field(() => DateTimeScalar, { nullable: true }) lastUpdateTime!: Date | null;
  @Field(() => [Tag]) tags!: Tag[];
  /** The MLflow DTO behind this object (not in the schema). */
  raw!: MlflowExperiment;
}

@ObjectType()
export class ExperimentConnection {
  @Field(() => [Experiment]) nodes!: Experiment[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
}

@ObjectType({ description: "A metric value at a step (MLflow)." })
export class Metric {
  @Field(() => String) key!: string;
  @Field(() => Float) value!: number;
  @Field(() => Int) step!: number;
  @Field(() => DateTimeScalar) timestamp!: Date;
}

@ObjectType({ description: "A file or directory in a run's artifacts (MLflow artifacts list)." })
export class Artifact {
  @Field(() => String) path!: string;
  @Field(() => Boolean) isDir!: boolean;
  @Field(() => Float, { nullable: true, description: "Bytes; null for directories." }) size!: number | null;
}

@ObjectType({ description: "A dataset a run used (MLflow log-inputs)." })
export class DatasetInput {
  @Field(() => String) name!: string;
  @Field(() => String) digest!: string;
  @Field(() => String, { nullable: true }) sourceType!: string | null;
  @Field(() => String, { nullable: true }) source!: string | null;
  @Field(() => String, {
    nullable: true,
    description: "The dataset's schema as MLflow stores it (JSON text).",
  })
  schema!: string | null;
  @Field(() => String, {
    nullable: true,
    description: "The dataset's profile as MLflow stores it (JSON text).",
  })
  profile!: string | null;
}

@ObjectType({
  description: "An MLflow run. Fields with arguments and related objects are resolved in batches.",
})
export class Run {
  @Field(() => ID) id!: string;
  @Field(() => String, { nullable: true }) name!: string | null;
  @Field(() => Experiment) experiment!: Experiment;
  @Field(() => RunStatus) status!: RunStatus;
  @Field(() => DateTimeScalar, { nullable: true }) startTime!: Date | null;
  @Field(() => DateTimeScalar, { nullable: true }) endTime!: Date | null;
  @Field(() => String, { nullable: true }) artifactUri!: string | null;
  @Field(() => [Param]) params!: Param[];
  @Field(() => [Metric], { description: "The latest value of each metric." }) metrics!: Metric[];
  @Field(() => [Tag]) tags!: Tag[];
  @Field(() => Run, { nullable: true, description: "The parent run (tag mlflow.parentRunId)." })
  parent!: Run | null;
  @Field(() => [Run], { description: "Runs nested under this one." }) children!: Run[];
  @Field(() => [DatasetInput]) datasetInputs!: DatasetInput[];
  @Field(() => [ModelVersion], { description: "Model versions registered from this run." })
  modelVersions!: ModelVersion[];
  /** The MLflow DTO behind this object (not in the schema). */
  raw!: MlflowRun;
}

@ObjectType()
export class RunConnection {
  @Field(() => [Run]) nodes!: Run[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
}
