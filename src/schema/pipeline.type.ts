// Pipeline types: createPipeline's input, pipelines and their runs.
import { Field, ID, InputType, Int, ObjectType } from "type-graphql";
import { IngestDatasetInput } from "./dataset.type";
import { JobStatus, PipelineTrigger } from "./enums";
import { MetricGuardInput } from "./prediction.type";
import { DateTimeScalar } from "./scalars";
import { TrainGridInput } from "./training.type";

@InputType({ description: "The promote step: move an alias to the new version, by promoteModel's rules." })
export class PipelinePromoteInput {
  @Field(() => String, { defaultValue: "champion", description: "The alias to move." }) alias!: string;
  @Field(() => MetricGuardInput, {
    nullable: true,
    description: "Move the alias only if the new version beats its current holder on this metric.",
  })
  requireBetter?: MetricGuardInput | null;
}

@InputType({ description: "A named ingest -> trainGrid -> promote chain." })
export class PipelineInput {
  @Field(() => String, { description: "A unique name for the pipeline." }) name!: string;
  @Field(() => String, {
    nullable: true,
    description: 'Cron (5 fields, UTC), e.g. "*/5 * * * *"; null: only runPipeline starts it.',
  })
  schedule?: string | null;
  @Field(() => IngestDatasetInput, {
    nullable: true,
    description:
      "Optional first step: fetch the next batch (url with mode APPEND, as from a data API) or reload a table.",
  })
  ingest?: IngestDatasetInput | null;
  @Field(() => TrainGridInput, {
    description:
      "The trainGrid step (always waited for; promoteTo and requireBetter are not used here: set promote). registerAs is required with promote.",
  })
  train!: TrainGridInput;
  @Field(() => PipelinePromoteInput, {
    nullable: true,
    description: "Optional last step: move this alias to the new version, by promoteModel's rules.",
  })
  promote?: PipelinePromoteInput | null;
}

@ObjectType({
  simpleResolvers: true,
  description: "A named ingest -> trainGrid -> promote chain, run on a cron schedule and on demand.",
})
export class Pipeline {
  @Field(() => ID, { description: "The pipeline id." }) id!: string;
  @Field(() => String, { description: "The pipeline's unique name." }) name!: string;
  @Field(() => String, { nullable: true, description: "Cron (5 fields, UTC); null: manual runs only." })
  schedule!: string | null;
  @Field(() => Boolean, { description: "false: the schedule starts nothing (runPipeline still works)." })
  enabled!: boolean;
  @Field(() => DateTimeScalar, {
    nullable: true,
    description: "Next scheduled start, when enabled and scheduled.",
  })
  nextRunAt!: Date | null;
  /** Who created it (the schedule acts for them). */
  createdBy!: string | null;
  hasPromote!: boolean;
}

@ObjectType({
  simpleResolvers: true,
  description: "One run of a pipeline: its steps' outcomes and the error of the step that failed.",
})
export class PipelineRun {
  @Field(() => ID, { description: "The run id." }) id!: string;
  @Field(() => PipelineTrigger, { description: "SCHEDULE or MANUAL." }) trigger!: PipelineTrigger;
  @Field(() => JobStatus, {
    description:
      "RUNNING, then SUCCEEDED or FAILED; CANCELLED: skipped because the previous run was still going (see error).",
  })
  status!: JobStatus;
  @Field(() => DateTimeScalar, { nullable: true, description: "When the run started (null when skipped)." })
  startedAt!: Date | null;
  @Field(() => DateTimeScalar, { nullable: true, description: "When the run ended." })
  finishedAt!: Date | null;
  @Field(() => Int, {
    nullable: true,
    description: "Rows the ingest step wrote; null without an ingest step.",
  })
  rowsIngested!: number | null;
  @Field(() => String, {
    nullable: true,
    description:
      "The failed step and its error (`ingest: ...`, `train: ...`, `promote: ...`), or why it was skipped.",
  })
  error!: string | null;
  pipelineId!: string;
  trainingJobId!: string | null;
  promotionRecord!: {
    promoted: boolean;
    reason: string;
    name: string;
    version: number;
    previousVersion: number | null;
  } | null;
}
