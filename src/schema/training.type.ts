// Training types: trainGrid input, jobs and trials.
import { Field, Float, ID, InputType, Int, ObjectType } from "type-graphql";
import { Algorithm, DatasetSource, JobStatus, RunStatus, SearchStrategy } from "./enums";
import { DateTimeScalar, JSONObjectScalar, JsonObject } from "./scalars";
import { MetricGuardInput } from "./prediction.type";
import { ModelVersion } from "./registry.type";
import { Run } from "./tracking.type";

@InputType({
  description:
    'params maps each hyperparameter to a list of candidate values, e.g. {"learningRate": [0.01, 0.1], "numSteps": [500, 2000]}. RANDOM, TPE and HALVING (with trials) also accept {"min": a, "max": b, "log": true} ranges.',
})
export class AlgorithmGridInput {
  @Field(() => Algorithm, { description: "The model family to train." }) algorithm!: Algorithm;
  @Field(() => JSONObjectScalar, {
    description:
      "Hyperparameter name to a list of candidate values (or, for RANDOM, TPE and HALVING, a {min, max, log} range).",
  })
  params!: JsonObject;
}

@InputType({ description: "A hyperparameter search trained in the gateway and tracked in MLflow." })
export class TrainGridInput {
  @Field(() => String, { description: "MLflow experiment; created when missing." }) experimentName!: string;
  @Field(() => String, { description: "Dataset table name." }) dataset!: string;
  @Field(() => DatasetSource, {
    defaultValue: DatasetSource.MYSQL,
    description: "Which database holds the dataset table.",
  })
  source!: DatasetSource;
  @Field(() => String, { description: "The label column." }) label!: string;
  @Field(() => [String], { nullable: true, description: "Default: every other column." }) features?:
    | string[]
    | null;
  @Field(() => [AlgorithmGridInput], {
    description: "One entry per algorithm, each with its candidate hyperparameter values.",
  })
  grid!: AlgorithmGridInput[];
  @Field(() => SearchStrategy, {
    defaultValue: SearchStrategy.GRID,
    description:
      "GRID tries every combination; RANDOM samples `trials` of them; TPE picks `trials` by a model of the results; HALVING trains every candidate on few rows and advances the best third.",
  })
  strategy!: SearchStrategy;
  @Field(() => Int, {
    nullable: true,
    description:
      "RANDOM and TPE: how many trials to train; HALVING: how many candidates to sample (default: every combination of the lists).",
  })
  trials?: number | null;
  @Field(() => Int, {
    defaultValue: 5,
    description: "k-fold cross-validation on the training part when >= 2; else a validation split.",
  })
  folds!: number;
  @Field(() => Float, {
    defaultValue: 0.2,
    description: "Share of rows held out (stratified) as the test split; never used for selection.",
  })
  testFraction!: number;
  @Field(() => Int, {
    defaultValue: 42,
    description: "Seed for the split, the folds and RANDOM sampling: the same seed gives the same trials.",
  })
  seed!: number;
  @Field(() => String, {
    defaultValue: "accuracy",
    description:
      "The metric that ranks trials (accuracy, f1_macro, precision_macro, recall_macro, log_loss, roc_auc_ovr).",
  })
  rankBy!: string;
  @Field(() => String, { nullable: true, description: "Register the best trial's model under this name." })
  registerAs?: string | null;
  @Field(() => String, {
    nullable: true,
    description: "Then point this alias at the new version (through promoteModel's rules).",
  })
  promoteTo?: string | null;
  @Field(() => MetricGuardInput, {
    nullable: true,
    description:
      "With promoteTo: move the alias only if the new version beats its current holder on this metric (promoteModel's guard: a tie is not better). The version is registered either way; the outcome is the parent run's gateway.promotion tag.",
  })
  requireBetter?: MetricGuardInput | null;
  @Field(() => Boolean, {
    defaultValue: true,
    description: "false: return at once with status QUEUED or RUNNING and poll trainingJob.",
  })
  wait!: boolean;
}

@ObjectType({
  simpleResolvers: true,
  description: "One hyperparameter combination, trained and evaluated as a nested MLflow run.",
})
export class Trial {
  @Field(() => Run, { nullable: true, description: "The trial's nested MLflow run." }) run!: Run | null;
  @Field(() => Algorithm, { description: "The model family trained." }) algorithm!: Algorithm;
  @Field(() => JSONObjectScalar, { description: "The hyperparameters of this trial, defaults filled in." })
  params!: JsonObject;
  @Field(() => JSONObjectScalar, {
    description: "Metric name to value, e.g. cv_accuracy_mean, test_accuracy, test_f1_macro.",
  })
  metrics!: JsonObject;
  @Field(() => RunStatus, { description: "The MLflow status of the trial's run." }) status!: RunStatus;
  @Field(() => String, {
    nullable: true,
    description: "Why the trial failed, was cancelled, or (HALVING) was eliminated, when it did not finish.",
  })
  error!: string | null;
  @Field(() => DateTimeScalar, {
    nullable: true,
    description: "When a worker started the trial; null until then.",
  })
  startedAt!: Date | null;
  @Field(() => DateTimeScalar, {
    nullable: true,
    description: "When the trial ended (FINISHED, FAILED or KILLED); null while it is scheduled or running.",
  })
  finishedAt!: Date | null;
  @Field(() => String, {
    nullable: true,
    description: "The process that ran it (host:pid), so work spread over worker processes can be seen.",
  })
  worker!: string | null;
  /** The MLflow run id, resolved to `run` on demand (not in the schema). */
  runId!: string | null;
  /** The run's experiment, a hint that lets run lookups batch into one search (not in the schema). */
  experimentId!: string | null;
}

@ObjectType({
  simpleResolvers: true,
  description: "A trainGrid job, stored in the gateway's PostgreSQL database.",
})
export class TrainingJob {
  @Field(() => ID, { description: "Job id (UUID)." }) id!: string;
  @Field(() => JobStatus, { description: "QUEUED, RUNNING, SUCCEEDED, FAILED or CANCELLED." })
  status!: JobStatus;
  @Field(() => Int, { description: "Number of trials in the search." }) total!: number;
  @Field(() => Int, { description: "Trials finished so far (FINISHED, FAILED or KILLED)." })
  completed!: number;
  @Field(() => Run, { nullable: true, description: "The MLflow run every trial is nested under." })
  parentRun!: Run | null;
  @Field(() => [Trial], { description: "Every trial in search order." }) trials!: Trial[];
  @Field(() => Trial, {
    nullable: true,
    description: "The trial that ranked first on the cross-validated `rankBy` metric.",
  })
  best!: Trial | null;
  @Field(() => ModelVersion, {
    nullable: true,
    description: "The version registered from the best trial, with `registerAs`.",
  })
  modelVersion!: ModelVersion | null;
  @Field(() => String, { nullable: true, description: "Why the job failed, when it did." }) error!:
    | string
    | null;
  @Field(() => DateTimeScalar, { description: "When the job was submitted." }) createdAt!: Date;
  @Field(() => DateTimeScalar, { nullable: true, description: "When the job ended; null while it runs." })
  finishedAt!: Date | null;
  @Field(() => String, { nullable: true, description: "The API key name that started the job." }) createdBy!:
    | string
    | null;
  /** Resolved to `parentRun` on demand (not in the schema). */
  parentRunId!: string | null;
  experimentId!: string | null;
  /** Resolved to `modelVersion` on demand (not in the schema). */
  modelName!: string | null;
  modelVersionNumber!: number | null;
}
