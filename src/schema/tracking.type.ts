// MLflow tracking types: experiments, runs, metrics, artifacts, dataset inputs.
import { Field, Float, ID, Int, ObjectType } from "type-graphql";
import { PageInfo, Param, Tag } from "./common.type";
import { RunStatus } from "./enums";
import { DateTimeScalar } from "./scalars";
import { ModelVersion } from "./registry.type";
import type { MlflowExperiment, MlflowRun } from "../services/mlflow/types";

@ObjectType({ simpleResolvers: true, description: "An MLflow experiment. `runs(...)` searches its runs." })
export class Experiment {
  @Field(() => ID, { description: "MLflow experiment id." }) id!: string;
  @Field(() => String, { description: "Unique experiment name." }) name!: string;
  @Field(() => String, {
    nullable: true,
    description: "Root URI of the experiment's artifacts (s3:// or mlflow-artifacts:/).",
  })
  artifactLocation!: string | null;
  @Field(() => String, { description: "active or deleted." }) lifecycleStage!: string;
  @Field(() => DateTimeScalar, { nullable: true, description: "When MLflow created the experiment." })
  creationTime!: Date | null;
  @Field(() => DateTimeScalar, { nullable: true, description: "When the experiment last changed in MLflow." })
  lastUpdateTime!: Date | null;
  @Field(() => [Tag], { description: "Experiment tags (MLflow)." }) tags!: Tag[];
  /** The MLflow DTO behind this object (not in the schema). */
  raw!: MlflowExperiment;
}

@ObjectType({ simpleResolvers: true, description: "A page of experiments." })
export class ExperimentConnection {
  @Field(() => [Experiment], { description: "The experiments on this page." }) nodes!: Experiment[];
  @Field(() => PageInfo, { description: "Whether there is a next page, and its cursor." })
  pageInfo!: PageInfo;
}

@ObjectType({ simpleResolvers: true, description: "A metric value at a step (MLflow)." })
export class Metric {
  @Field(() => String, { description: "Metric name." }) key!: string;
  @Field(() => Float, { description: "The value logged." }) value!: number;
  @Field(() => Int, { description: "Training step the value belongs to (0 when none was given)." })
  step!: number;
  @Field(() => DateTimeScalar, { description: "When the value was logged." }) timestamp!: Date;
}

@ObjectType({
  simpleResolvers: true,
  description: "A file or directory in a run's artifacts (MLflow artifacts list).",
})
export class Artifact {
  @Field(() => String, { description: "Path relative to the run's artifact root, e.g. model/MLmodel." })
  path!: string;
  @Field(() => Boolean, { description: "True for a directory (list it with artifacts(path:))." })
  isDir!: boolean;
  @Field(() => Float, { nullable: true, description: "Bytes; null for directories." }) size!: number | null;
}

@ObjectType({ simpleResolvers: true, description: "A dataset a run used (MLflow log-inputs)." })
export class DatasetInput {
  @Field(() => String, { description: "Dataset name." }) name!: string;
  @Field(() => String, { description: "Digest (hash) MLflow computed for the dataset's contents." })
  digest!: string;
  @Field(() => String, { nullable: true, description: "Kind of source, e.g. local, s3, http." })
  sourceType!: string | null;
  @Field(() => String, {
    nullable: true,
    description: "Where the data came from (JSON text, as MLflow stores it).",
  })
  source!: string | null;
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
  simpleResolvers: true,
  description: "An MLflow run. Fields with arguments and related objects are resolved in batches.",
})
export class Run {
  @Field(() => ID, { description: "MLflow run id." }) id!: string;
  @Field(() => String, { nullable: true, description: "Run name." }) name!: string | null;
  @Field(() => Experiment, { description: "The experiment the run belongs to." }) experiment!: Experiment;
  @Field(() => RunStatus, { description: "MLflow run status." }) status!: RunStatus;
  @Field(() => DateTimeScalar, { nullable: true, description: "When the run started." })
  startTime!: Date | null;
  @Field(() => DateTimeScalar, { nullable: true, description: "When the run ended; null while it runs." })
  endTime!: Date | null;
  @Field(() => String, { nullable: true, description: "Root URI of the run's artifacts." })
  artifactUri!: string | null;
  @Field(() => [Param], { description: "Run parameters (MLflow)." }) params!: Param[];
  @Field(() => [Metric], { description: "The latest value of each metric." }) metrics!: Metric[];
  @Field(() => [Tag], { description: "Run tags, including MLflow's own (mlflow.*)." }) tags!: Tag[];
  @Field(() => Run, { nullable: true, description: "The parent run (tag mlflow.parentRunId)." })
  parent!: Run | null;
  @Field(() => [Run], { description: "Runs nested under this one." }) children!: Run[];
  @Field(() => [DatasetInput], { description: "Datasets the run used (MLflow log-inputs)." })
  datasetInputs!: DatasetInput[];
  @Field(() => [ModelVersion], { description: "Model versions registered from this run." })
  modelVersions!: ModelVersion[];
  /** The MLflow DTO behind this object (not in the schema). */
  raw!: MlflowRun;
}

@ObjectType({ simpleResolvers: true, description: "A page of runs." })
export class RunConnection {
  @Field(() => [Run], { description: "The runs on this page." }) nodes!: Run[];
  @Field(() => PageInfo, { description: "Whether there is a next page, and its cursor." })
  pageInfo!: PageInfo;
}
