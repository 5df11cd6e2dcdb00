import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
export type MakeOptional<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]?: Maybe<T[SubKey]> };
export type MakeMaybe<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]: Maybe<T[SubKey]> };
export type MakeEmpty<T extends { [key: string]: unknown }, K extends keyof T> = { [_ in K]?: never };
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** A date-time string at UTC, such as 2007-12-03T10:15:30Z, compliant with the `date-time` format outlined in section 5.6 of the RFC 3339 profile of the ISO 8601 standard for representation of dates and times using the Gregorian calendar. */
  DateTime: { input: string; output: string; }
  /** The `JSON` scalar type represents JSON values as specified by [ECMA-404](http://www.ecma-international.org/publications/files/ECMA-ST/ECMA-404.pdf). */
  JSON: { input: unknown; output: unknown; }
  /** The `JSONObject` scalar type represents JSON objects as specified by [ECMA-404](http://www.ecma-international.org/publications/files/ECMA-ST/ECMA-404.pdf). */
  JSONObject: { input: Record<string, unknown>; output: Record<string, unknown>; }
};

/** Model families the gateway trains itself (ml.js). */
export type Algorithm =
  /** SAMME AdaBoost over depth-limited decision trees (scikit-learn's algorithm). */
  | 'ADABOOST'
  /** CART decision tree classifier (ml-cart). */
  | 'DECISION_TREE'
  /** Gradient boosted regression trees with softmax over the classes (scikit-learn's algorithm). */
  | 'GRADIENT_BOOSTING'
  /** k-nearest neighbours (ml-knn) on standardized features. */
  | 'KNN'
  /** One-vs-rest logistic regression (ml-logistic-regression) with bias and standardization. */
  | 'LOGISTIC_REGRESSION'
  /** Gaussian naive Bayes (ml-naivebayes). */
  | 'NAIVE_BAYES'
  /** Random forest classifier (ml-random-forest). */
  | 'RANDOM_FOREST'
  /** Support vector classifier (libsvm via libsvm-js), rbf or linear kernel; Platt-scaled pairwise probabilities. */
  | 'SVM';

/** params maps each hyperparameter to a list of candidate values, e.g. {"learningRate": [0.01, 0.1], "numSteps": [500, 2000]}. RANDOM, TPE and HALVING (with trials) also accept {"min": a, "max": b, "log": true} ranges. */
export type AlgorithmGridInput = {
  /** The model family to train. */
  algorithm: Algorithm;
  /** Hyperparameter name to a list of candidate values (or, for RANDOM, TPE and HALVING, a {min, max, log} range). */
  params: Scalars['JSONObject']['input'];
};

/** A file or directory in a run's artifacts (MLflow artifacts list). */
export type Artifact = {
  /** True for a directory (list it with artifacts(path:)). */
  isDir: Scalars['Boolean']['output'];
  /** Path relative to the run's artifact root, e.g. model/MLmodel. */
  path: Scalars['String']['output'];
  /** Bytes; null for directories. */
  size?: Maybe<Scalars['Float']['output']>;
};

/** Datasets shipped with the gateway (no download): Palmer penguins (CC0) and Fisher's iris (public domain). */
export type BuiltinDataset =
  | 'IRIS'
  | 'PENGUINS';

/** A class and its predicted probability. */
export type ClassProbability = {
  /** The class label. */
  label: Scalars['String']['output'];
  /** Its probability, from 0 to 1. */
  probability: Scalars['Float']['output'];
};

/** A column of a dataset table. */
export type Column = {
  /** Column name. */
  name: Scalars['String']['output'];
  /** Whether the column admits NULL. */
  nullable: Scalars['Boolean']['output'];
  /** The database's column type, e.g. double, varchar(255), bigint. */
  type: Scalars['String']['output'];
};

/** Per-column statistics computed in SQL by the dataset's database. */
export type ColumnProfile = {
  /** Distinct non-NULL values. */
  distinctCount: Scalars['Int']['output'];
  /** Largest value (numbers, or text in the database's collation order). */
  max?: Maybe<Scalars['JSON']['output']>;
  /** Mean of numeric columns; null for text. */
  mean?: Maybe<Scalars['Float']['output']>;
  /** Smallest value (numbers, or text in the database's collation order). */
  min?: Maybe<Scalars['JSON']['output']>;
  /** Column name. */
  name: Scalars['String']['output'];
  /** Rows where the column is NULL. */
  nullCount: Scalars['Int']['output'];
};

/** A table in the configured MySQL database or PostgreSQL schema. Fields `rows`, `profile` and `runs` are resolved on demand. */
export type Dataset = {
  /** Columns in table order, with the database's types. */
  columns: Array<Column>;
  /** Table name. */
  name: Scalars['String']['output'];
  /** Per-column null count, distinct count, min, max and mean (numeric), computed in SQL. */
  profile: Array<ColumnProfile>;
  /** Exact row count (COUNT(*)). */
  rowCount: Scalars['Int']['output'];
  /** A page of rows in the table's natural order (limit at most 1000). */
  rows: Array<Scalars['JSONObject']['output']>;
  /** Runs whose MLflow dataset inputs name this table (lineage), newest first. */
  runs: Array<Run>;
  /** MYSQL or POSTGRES. */
  source: DatasetSource;
};


/** A table in the configured MySQL database or PostgreSQL schema. Fields `rows`, `profile` and `runs` are resolved on demand. */
export type DatasetRowsArgs = {
  limit?: Scalars['Int']['input'];
  offset?: Scalars['Int']['input'];
};


/** A table in the configured MySQL database or PostgreSQL schema. Fields `rows`, `profile` and `runs` are resolved on demand. */
export type DatasetRunsArgs = {
  first?: Scalars['Int']['input'];
};

/** A dataset a run used (MLflow log-inputs). */
export type DatasetInput = {
  /** Digest (hash) MLflow computed for the dataset's contents. */
  digest: Scalars['String']['output'];
  /** Dataset name. */
  name: Scalars['String']['output'];
  /** The dataset's profile as MLflow stores it (JSON text). */
  profile?: Maybe<Scalars['String']['output']>;
  /** The dataset's schema as MLflow stores it (JSON text). */
  schema?: Maybe<Scalars['String']['output']>;
  /** Where the data came from (JSON text, as MLflow stores it). */
  source?: Maybe<Scalars['String']['output']>;
  /** Kind of source, e.g. local, s3, http. */
  sourceType?: Maybe<Scalars['String']['output']>;
};

/** Where a dataset table lives. */
export type DatasetSource =
  | 'MYSQL'
  | 'POSTGRES';

/** A tag to remove from an experiment, run, registered model or model version. */
export type DeleteTagInput = {
  /** Experiment id, run id, model name, or "name/version". */
  id: Scalars['String']['input'];
  /** Key of the tag to remove. */
  key: Scalars['String']['input'];
  /** What kind of object the tag is on. */
  target: TagTarget;
};

/** An MLflow experiment. `runs(...)` searches its runs. */
export type Experiment = {
  /** Root URI of the experiment's artifacts (s3:// or mlflow-artifacts:/). */
  artifactLocation?: Maybe<Scalars['String']['output']>;
  /** When MLflow created the experiment. */
  creationTime?: Maybe<Scalars['DateTime']['output']>;
  /** MLflow experiment id. */
  id: Scalars['ID']['output'];
  /** When the experiment last changed in MLflow. */
  lastUpdateTime?: Maybe<Scalars['DateTime']['output']>;
  /** active or deleted. */
  lifecycleStage: Scalars['String']['output'];
  /** Unique experiment name. */
  name: Scalars['String']['output'];
  /** This experiment's runs, searched in MLflow. */
  runs: RunConnection;
  /** Experiment tags (MLflow). */
  tags: Array<Tag>;
};


/** An MLflow experiment. `runs(...)` searches its runs. */
export type ExperimentRunsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  orderBy?: InputMaybe<Array<Scalars['String']['input']>>;
};

/** A page of experiments. */
export type ExperimentConnection = {
  /** The experiments on this page. */
  nodes: Array<Experiment>;
  /** Whether there is a next page, and its cursor. */
  pageInfo: PageInfo;
};

/** How far one input feature of the window is from the training data of the serving version. Read PSI as: under 0.1 stable, 0.1 to 0.2 a moderate shift, over 0.2 a significant shift (retrain or investigate). */
export type FeatureDrift = {
  /** The input column. */
  feature: Scalars['String']['output'];
  /** Population stability index of the window against the training data (training deciles for numbers, categories for text, one bin for nulls). Read PSI as: under 0.1 stable, 0.1 to 0.2 a moderate shift, over 0.2 a significant shift (retrain or investigate). Null when the window has no rows. */
  psi?: Maybe<Scalars['Float']['output']>;
  /** Mean of the window's values (numeric features). */
  servingMean?: Maybe<Scalars['Float']['output']>;
  /** Mean of the training values (numeric features). */
  trainingMean?: Maybe<Scalars['Float']['output']>;
  /** Share of window rows where the feature was null or a category unseen in training. */
  unseenShare: Scalars['Float']['output'];
};

/** Reachability of every upstream. */
export type Health = {
  /** True when every upstream answered. */
  ok: Scalars['Boolean']['output'];
  /** One entry per upstream: mysql, postgres, mlflow, s3. */
  services: Array<ServiceHealth>;
};

/** Exactly one of builtin, url and csv. */
export type IngestDatasetInput = {
  /** A dataset shipped with the gateway. */
  builtin?: InputMaybe<BuiltinDataset>;
  /** CSV text with a header row. */
  csv?: InputMaybe<Scalars['String']['input']>;
  /** REPLACE (atomic swap, default) or APPEND (columns must match). */
  mode?: IngestMode;
  /** Target table name: ^[A-Za-z_][A-Za-z0-9_]{0,63}$. */
  name: Scalars['String']['input'];
  /** Which database to write the table to. */
  source?: DatasetSource;
  /** http(s) URL of a CSV file or a JSON array of objects. */
  url?: InputMaybe<Scalars['String']['input']>;
};

/** REPLACE swaps a new table in atomically; APPEND adds rows when the columns match. */
export type IngestMode =
  | 'APPEND'
  | 'REPLACE';

/** The result of an ingest. */
export type IngestResult = {
  /** The table as it is after the ingest. */
  dataset: Dataset;
  /** Rows written by this ingest. */
  rowsWritten: Scalars['Int']['output'];
};

/** Lifecycle of a training job. */
export type JobStatus =
  | 'CANCELLED'
  | 'FAILED'
  | 'QUEUED'
  | 'RUNNING'
  | 'SUCCEEDED';

/** How often one label was predicted in the window. */
export type LabelShare = {
  /** Rows predicted with this label. */
  count: Scalars['Int']['output'];
  /** The predicted label. */
  label: Scalars['String']['output'];
  /** count / total; the shares of a window sum to 1. */
  share: Scalars['Float']['output'];
};

/** A metric value at a step (MLflow). */
export type Metric = {
  /** Metric name. */
  key: Scalars['String']['output'];
  /** Training step the value belongs to (0 when none was given). */
  step: Scalars['Int']['output'];
  /** When the value was logged. */
  timestamp: Scalars['DateTime']['output'];
  /** The value logged. */
  value: Scalars['Float']['output'];
};

/** Guard a promotion with a metric of the candidate's run against the current holder's. */
export type MetricGuardInput = {
  /** true: a larger value is better (accuracy); false: a smaller one is (log loss). A tie is not better. */
  higherIsBetter?: Scalars['Boolean']['input'];
  /** Metric key on the runs, e.g. test_accuracy. */
  metric: Scalars['String']['input'];
};

/** An alias and the version it points at. */
export type ModelAlias = {
  /** Alias name, e.g. champion. */
  alias: Scalars['String']['output'];
  /** The version the alias points at. */
  version: ModelVersion;
};

/** An alias of a registered model moved to another version, or was deleted. */
export type ModelAliasChange = {
  /** The alias that moved, e.g. champion. */
  alias: Scalars['String']['output'];
  /** When the gateway moved it. */
  changedAt: Scalars['DateTime']['output'];
  /** Registered model name. */
  name: Scalars['String']['output'];
  /** The version it pointed at before; null when none. */
  previousVersion?: Maybe<Scalars['Int']['output']>;
  /** The version the alias points at now; null when it was deleted. */
  version?: Maybe<ModelVersion>;
};

/** MLflow's legacy (deprecated) model stages. */
export type ModelStage =
  | 'ARCHIVED'
  | 'NONE'
  | 'PRODUCTION'
  | 'STAGING';

/** A version of a registered model (MLflow registry). */
export type ModelVersion = {
  /** Aliases pointing at this version. In lists of versions (MLflow's version search leaves aliases out) they come from the registered model, remembered for MODEL_ALIAS_TTL_MS; a move made through this gateway shows at once. */
  aliases: Array<Scalars['String']['output']>;
  /** When the version was created. */
  creationTime?: Maybe<Scalars['DateTime']['output']>;
  /** The flavors in the version's MLmodel, e.g. ["onnx", "python_function"]. */
  flavors: Array<Scalars['String']['output']>;
  /** The MLflow 3 LoggedModel this version was registered from (source models:/<model_id>), when there is one. */
  loggedModelId?: Maybe<Scalars['String']['output']>;
  /** Registered model name. */
  name: Scalars['String']['output'];
  /** The registered model this version belongs to. */
  registeredModel: RegisteredModel;
  /** The MLflow run the version was registered from. */
  run?: Maybe<Run>;
  /** The MLflow run the version was registered from. */
  runId?: Maybe<Scalars['String']['output']>;
  /** Whether predict can serve this version (an ONNX or gateway flavor). */
  servable: Scalars['Boolean']['output'];
  /** Why predict cannot serve this version and how to make it servable; null when it can. */
  servableReason?: Maybe<Scalars['String']['output']>;
  /** The MLflow model signature: input columns and output classes. */
  signature?: Maybe<Scalars['JSONObject']['output']>;
  /** Where the model's files are (an s3:// or mlflow-artifacts:/ URI). */
  source: Scalars['String']['output'];
  /** Legacy stage: None, Staging, Production or Archived. */
  stage?: Maybe<Scalars['String']['output']>;
  /** PENDING_REGISTRATION, FAILED_REGISTRATION or READY. */
  status?: Maybe<Scalars['String']['output']>;
  /** Model version tags (MLflow). */
  tags: Array<Tag>;
  /** Version number, from 1. */
  version: Scalars['Int']['output'];
};

/** A page of model versions. */
export type ModelVersionConnection = {
  /** The versions on this page. */
  nodes: Array<ModelVersion>;
  /** Whether there is a next page, and its cursor. */
  pageInfo: PageInfo;
};

export type Mutation = {
  /** Move a version to MLflow's legacy stage Archived (stages are deprecated in MLflow; aliases replace them). Its aliases stay. */
  archiveModelVersion: ModelVersion;
  /** Stop the trials of a job that have not started (their runs become KILLED); running trials finish. */
  cancelTrainingJob: TrainingJob;
  /** Create an MLflow experiment; a taken name is CONFLICT. */
  createExperiment: Experiment;
  /** A named ingest -> trainGrid -> promote chain, run on a cron schedule and on demand. Needs TRAINER, and ADMIN with promote; scheduled runs act for the creator. */
  createPipeline: Pipeline;
  /** Remove an alias from a registered model (the version stays). Audited like promotions; gateways serving the alias stop resolving it at once. An unknown model or alias is NOT_FOUND. */
  deleteModelAlias: RegisteredModel;
  /** Delete a pipeline, its schedule and its run records; false when there is none. */
  deletePipeline: Scalars['Boolean']['output'];
  /** Remove a tag from an experiment, run, registered model or model version; a missing tag is NOT_FOUND. */
  deleteTag: Scalars['Boolean']['output'];
  /** Load a built-in dataset, CSV text or an http(s) URL (CSV or JSON array of objects) into a table. REPLACE swaps a new table in atomically; APPEND needs matching columns. */
  ingestDataset: IngestResult;
  /** Predict with a registered version that has the onnx flavor (e.g. scikit-learn through skl2onnx and mlflow.onnx.log_model) or the gateway's own mlops_gateway flavor (trainGrid), run in-process. Other versions (pickles, python_function only) are UNSUPPORTED_MODEL, naming their flavors and how to convert them; a version whose files are gone is NOT_FOUND. Answers the exact version used and, per row, the label and every class probability. Each row is logged. */
  predict: PredictionBatch;
  /** Clean a table into `<to>` (train), `<to>_validation` and `<to>_test`: drop nulls, one-hot encode, stratified seeded split, batch ids. Written atomically. */
  prepareDataset: PreparedDataset;
  /** Point an alias (default champion) at a model version, and optionally move it to a legacy stage. With requireBetter, nothing changes unless the version's run beats the alias's current holder on the metric (promoted: false, with both values in reason). Every attempt is audited in the gateway database. A missing version is NOT_FOUND; one not READY is BAD_USER_INPUT. Gateways serving the alias pick the change up within MODEL_ALIAS_TTL_MS. */
  promoteModel: Promotion;
  /** Register a model as a new version of a registered model (created when new): a run's model directory, a model the run logged as an MLflow 3 LoggedModel, or a LoggedModel by id. Waits until MLflow says READY. */
  registerModel: ModelVersion;
  /** Run a pipeline now and wait for the run to end. A failed step ends the run FAILED with that step's error; earlier steps' results stay (an APPEND is not undone). When a run of the pipeline is active, the new one is recorded as skipped (CANCELLED). */
  runPipeline: PipelineRun;
  /** Set a registered model's description (Markdown, as MLflow's UI shows it). */
  setModelDescription: RegisteredModel;
  /** Set a model version's description. */
  setModelVersionDescription: ModelVersion;
  /** Turn a pipeline's schedule on or off (manual runs work either way). */
  setPipelineEnabled: Pipeline;
  /** Set a tag on an experiment, run, registered model or model version (an existing key is overwritten). Keys starting with "mlflow." are refused (BAD_USER_INPUT), as are keys MLflow refuses (BAD_USER_INPUT on input.key with MLflow's reason); an unknown target is NOT_FOUND. */
  setTag: Scalars['Boolean']['output'];
  /** Train a grid or random search of models in the gateway: one MLflow parent run, one child run per trial, the best model optionally registered and promoted. */
  trainGrid: TrainingJob;
};


export type MutationArchiveModelVersionArgs = {
  name: Scalars['String']['input'];
  version: Scalars['Int']['input'];
};


export type MutationCancelTrainingJobArgs = {
  id: Scalars['ID']['input'];
};


export type MutationCreateExperimentArgs = {
  name: Scalars['String']['input'];
  tags?: InputMaybe<Scalars['JSONObject']['input']>;
};


export type MutationCreatePipelineArgs = {
  input: PipelineInput;
};


export type MutationDeleteModelAliasArgs = {
  alias: Scalars['String']['input'];
  name: Scalars['String']['input'];
};


export type MutationDeletePipelineArgs = {
  id: Scalars['ID']['input'];
};


export type MutationDeleteTagArgs = {
  input: DeleteTagInput;
};


export type MutationIngestDatasetArgs = {
  input: IngestDatasetInput;
};


export type MutationPredictArgs = {
  inputs: Array<Scalars['JSONObject']['input']>;
  model: Scalars['String']['input'];
};


export type MutationPrepareDatasetArgs = {
  input: PrepareDatasetInput;
};


export type MutationPromoteModelArgs = {
  input: PromoteModelInput;
};


export type MutationRegisterModelArgs = {
  artifactPath?: InputMaybe<Scalars['String']['input']>;
  name: Scalars['String']['input'];
  runId: Scalars['ID']['input'];
};


export type MutationRunPipelineArgs = {
  id: Scalars['ID']['input'];
};


export type MutationSetModelDescriptionArgs = {
  description: Scalars['String']['input'];
  name: Scalars['String']['input'];
};


export type MutationSetModelVersionDescriptionArgs = {
  description: Scalars['String']['input'];
  name: Scalars['String']['input'];
  version: Scalars['Int']['input'];
};


export type MutationSetPipelineEnabledArgs = {
  enabled: Scalars['Boolean']['input'];
  id: Scalars['ID']['input'];
};


export type MutationSetTagArgs = {
  input: SetTagInput;
};


export type MutationTrainGridArgs = {
  input: TrainGridInput;
};

/** Relay-style page information; pass endCursor as `after` for the next page. */
export type PageInfo = {
  /** Pass as `after` for the next page; null on the last page. */
  endCursor?: Maybe<Scalars['String']['output']>;
  /** True when another page follows. */
  hasNextPage: Scalars['Boolean']['output'];
};

/** A run parameter (MLflow). */
export type Param = {
  /** Parameter name. */
  key: Scalars['String']['output'];
  /** Parameter value as MLflow stores it (text). */
  value: Scalars['String']['output'];
};

/** A named ingest -> trainGrid -> promote chain, run on a cron schedule and on demand. */
export type Pipeline = {
  /** false: the schedule starts nothing (runPipeline still works). */
  enabled: Scalars['Boolean']['output'];
  /** The pipeline id. */
  id: Scalars['ID']['output'];
  /** The most recent run. */
  lastRun?: Maybe<PipelineRun>;
  /** The pipeline's unique name. */
  name: Scalars['String']['output'];
  /** Next scheduled start, when enabled and scheduled. */
  nextRunAt?: Maybe<Scalars['DateTime']['output']>;
  /** Runs, most recent first. */
  runs: Array<PipelineRun>;
  /** Cron (5 fields, UTC); null: manual runs only. */
  schedule?: Maybe<Scalars['String']['output']>;
};


/** A named ingest -> trainGrid -> promote chain, run on a cron schedule and on demand. */
export type PipelineRunsArgs = {
  first?: Scalars['Int']['input'];
};

/** A named ingest -> trainGrid -> promote chain. */
export type PipelineInput = {
  /** Optional first step: fetch the next batch (url with mode APPEND, as from a data API) or reload a table. */
  ingest?: InputMaybe<IngestDatasetInput>;
  /** A unique name for the pipeline. */
  name: Scalars['String']['input'];
  /** Optional last step: move this alias to the new version, by promoteModel's rules. */
  promote?: InputMaybe<PipelinePromoteInput>;
  /** Cron (5 fields, UTC), e.g. "*\/5 * * * *"; null: only runPipeline starts it. */
  schedule?: InputMaybe<Scalars['String']['input']>;
  /** The trainGrid step (always waited for; promoteTo and requireBetter are not used here: set promote). registerAs is required with promote. */
  train: TrainGridInput;
};

/** The promote step: move an alias to the new version, by promoteModel's rules. */
export type PipelinePromoteInput = {
  /** The alias to move. */
  alias?: Scalars['String']['input'];
  /** Move the alias only if the new version beats its current holder on this metric. */
  requireBetter?: InputMaybe<MetricGuardInput>;
};

/** One run of a pipeline: its steps' outcomes and the error of the step that failed. */
export type PipelineRun = {
  /** The failed step and its error (`ingest: ...`, `train: ...`, `promote: ...`), or why it was skipped. */
  error?: Maybe<Scalars['String']['output']>;
  /** When the run ended. */
  finishedAt?: Maybe<Scalars['DateTime']['output']>;
  /** The run id. */
  id: Scalars['ID']['output'];
  /** The pipeline this run belongs to. */
  pipeline: Pipeline;
  /** The promote step's decision (promoted, with the reason); null without that step or before it. */
  promotion?: Maybe<Promotion>;
  /** Rows the ingest step wrote; null without an ingest step. */
  rowsIngested?: Maybe<Scalars['Int']['output']>;
  /** When the run started (null when skipped). */
  startedAt?: Maybe<Scalars['DateTime']['output']>;
  /** RUNNING, then SUCCEEDED or FAILED; CANCELLED: skipped because the previous run was still going (see error). */
  status: JobStatus;
  /** The trainGrid job of the train step. */
  trainingJob?: Maybe<TrainingJob>;
  /** SCHEDULE or MANUAL. */
  trigger: PipelineTrigger;
};

/** What started a pipeline run: its cron schedule or runPipeline. */
export type PipelineTrigger =
  | 'MANUAL'
  | 'SCHEDULE';

/** The prediction for one input row. */
export type Prediction = {
  /** The predicted class (an ONNX model's own label output); for a model without classes (a regressor), its value as text. */
  label: Scalars['String']['output'];
  /** Every class in the model's class order, probabilities summing to 1; empty for a model that gives no probabilities (a regressor or a label-only classifier). */
  probabilities: Array<ClassProbability>;
};

/** Predictions and the exact model version that made them. */
export type PredictionBatch = {
  /** The version the reference resolved to. */
  modelVersion: ModelVersion;
  /** One prediction per input row, in input order. */
  predictions: Array<Prediction>;
};

/** A logged prediction (gateway PostgreSQL database). */
export type PredictionRecord = {
  /** When the prediction was made. */
  createdAt: Scalars['DateTime']['output'];
  /** Log id (increases with time). */
  id: Scalars['ID']['output'];
  /** The row as the model used it (its input columns). */
  input: Scalars['JSONObject']['output'];
  /** The predicted class. */
  label: Scalars['String']['output'];
  /** The registered model's name. */
  modelName: Scalars['String']['output'];
  /** The version that answered. */
  modelVersion: Scalars['Int']['output'];
  /** Every class's probability. */
  probabilities: Array<ClassProbability>;
};

/** What a model answered over a window of the prediction log, and input drift. */
export type PredictionStats = {
  /** Predictions per version in the window. */
  byVersion: Array<VersionCount>;
  /** Per input feature: how far the serving version's inputs in the window are from the data it was trained on. Read PSI as: under 0.1 stable, 0.1 to 0.2 a moderate shift, over 0.2 a significant shift (retrain or investigate). */
  drift: Array<FeatureDrift>;
  /** Why drift is empty, when it is (e.g. a model logged from Python without a training profile or a readable dataset input). */
  driftNote?: Maybe<Scalars['String']['output']>;
  /** Share of each predicted label in the window. */
  labels: Array<LabelShare>;
  /** The registered model's name. */
  model: Scalars['String']['output'];
  /** The version the drift figures describe: the one that made the window's newest prediction (its rows only). */
  servingVersion?: Maybe<Scalars['Int']['output']>;
  /** Predictions (rows) in the window. */
  total: Scalars['Int']['output'];
};

/** Clean a table into train/validation/test tables. */
export type PrepareDatasetInput = {
  /** Rows per batch in the train table's batch_id column; null: one batch. */
  batchSize?: InputMaybe<Scalars['Int']['input']>;
  /** Drop rows with a NULL in any column. */
  dropNulls?: Scalars['Boolean']['input'];
  /** The source table. */
  from: Scalars['String']['input'];
  /** The label column, kept as is and used to stratify the split. */
  label: Scalars['String']['input'];
  /** Columns to one-hot encode into integer columns `<column>_<value>`. */
  oneHot?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Which database holds `from` (the tables are written there too). */
  source?: DatasetSource;
  /** Train/validation/test fractions; null: one table with every row. */
  split?: InputMaybe<SplitInput>;
  /** The train table to write; `<to>_validation` and `<to>_test` beside it. */
  to: Scalars['String']['input'];
};

/** The tables written by prepareDataset. */
export type PreparedDataset = {
  /** Distinct batch_id values in the train table (1 without batchSize). */
  batches: Scalars['Int']['output'];
  /** The test table, when asked for. */
  test?: Maybe<Dataset>;
  /** The train table (every row when there is no split). */
  train: Dataset;
  /** The validation table, when asked for. */
  validation?: Maybe<Dataset>;
};

/** Point an alias (and optionally a legacy stage) at a model version. */
export type PromoteModelInput = {
  /** The alias to point at the version. */
  alias?: Scalars['String']['input'];
  /** With stage STAGING or PRODUCTION: archive the versions that were in that stage. */
  archiveExisting?: Scalars['Boolean']['input'];
  /** The registered model's name. */
  name: Scalars['String']['input'];
  /** Promote only if this version beats the alias's current holder on the metric. */
  requireBetter?: InputMaybe<MetricGuardInput>;
  /** Also move the version to this legacy stage. */
  stage?: InputMaybe<ModelStage>;
  /** The version to promote. */
  version: Scalars['Int']['input'];
};

/** The outcome of a promotion attempt (also recorded in the audit table). */
export type Promotion = {
  /** The candidate version, as it is after the attempt. */
  modelVersion: ModelVersion;
  /** The version the alias pointed at before, if any. */
  previous?: Maybe<ModelVersion>;
  /** false when requireBetter refused the change (then nothing changed). */
  promoted: Scalars['Boolean']['output'];
  /** What happened and why, with both metric values when a guard was used. */
  reason: Scalars['String']['output'];
};

export type Query = {
  /** One table; null when it does not exist. */
  dataset?: Maybe<Dataset>;
  /** Tables of the MySQL database and the PostgreSQL schema (both when source is null), with row counts and columns. */
  datasets: Array<Dataset>;
  /** One MLflow experiment by id or by name (exactly one of them); null when there is none. */
  experiment?: Maybe<Experiment>;
  /** Active MLflow experiments, one page at a time (MLflow answers). */
  experiments: ExperimentConnection;
  /** Reachability and latency of every upstream: mysql, postgres, mlflow, s3. */
  health: Health;
  /** A model version by reference: "name@alias", "name/3", "name/Production" or a bare "name" (= name@champion), with or without "models:/"; null when it points at nothing. */
  modelVersion?: Maybe<ModelVersion>;
  /** A pipeline by id; null when there is none. */
  pipeline?: Maybe<Pipeline>;
  /** Every pipeline, oldest first. */
  pipelines: Array<Pipeline>;
  /** What the model answered over a time window, and how far live inputs drift from its training data: totals per version, label shares, and per feature the PSI against the serving version's training profile. "penguins" covers every version; "penguins@champion" or "penguins/3" only that version. Computed in SQL over the prediction log. */
  predictionStats: PredictionStats;
  /** Most recent first, from the gateway's prediction log. */
  predictions: Array<PredictionRecord>;
  /** One registered model by name; null when there is none. */
  registeredModel?: Maybe<RegisteredModel>;
  /** Registered models in the MLflow registry, one page at a time. */
  registeredModels: RegisteredModelConnection;
  /** One MLflow run by id; null when MLflow has no such run. */
  run?: Maybe<Run>;
  /** MLflow's search grammar passes through: filter "metrics.test_accuracy > 0.9", orderBy ["metrics.test_accuracy DESC"]. Without experimentIds, searches every active experiment. */
  runs: RunConnection;
  /** A training job by id; null when there is none. */
  trainingJob?: Maybe<TrainingJob>;
  /** Training jobs, most recent first. */
  trainingJobs: Array<TrainingJob>;
};


export type QueryDatasetArgs = {
  name: Scalars['String']['input'];
  source?: DatasetSource;
};


export type QueryDatasetsArgs = {
  source?: InputMaybe<DatasetSource>;
};


export type QueryExperimentArgs = {
  id?: InputMaybe<Scalars['ID']['input']>;
  name?: InputMaybe<Scalars['String']['input']>;
};


export type QueryExperimentsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryModelVersionArgs = {
  model: Scalars['String']['input'];
};


export type QueryPipelineArgs = {
  id: Scalars['ID']['input'];
};


export type QueryPredictionStatsArgs = {
  model: Scalars['String']['input'];
  since?: InputMaybe<Scalars['DateTime']['input']>;
  until?: InputMaybe<Scalars['DateTime']['input']>;
};


export type QueryPredictionsArgs = {
  first?: Scalars['Int']['input'];
  model?: InputMaybe<Scalars['String']['input']>;
};


export type QueryRegisteredModelArgs = {
  name: Scalars['String']['input'];
};


export type QueryRegisteredModelsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryRunArgs = {
  id: Scalars['ID']['input'];
};


export type QueryRunsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  experimentIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  filter?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  orderBy?: InputMaybe<Array<Scalars['String']['input']>>;
};


export type QueryTrainingJobArgs = {
  id: Scalars['ID']['input'];
};


export type QueryTrainingJobsArgs = {
  first?: Scalars['Int']['input'];
};

/** A registered model (MLflow registry). */
export type RegisteredModel = {
  /** The version an alias points at; null when the alias is not set. */
  alias?: Maybe<ModelVersion>;
  /** Every alias of the model and the version it points at. */
  aliases: Array<ModelAlias>;
  /** When the model was registered. */
  creationTime?: Maybe<Scalars['DateTime']['output']>;
  /** Free-text description (MLflow). */
  description?: Maybe<Scalars['String']['output']>;
  /** When the model or one of its versions last changed. */
  lastUpdatedTime?: Maybe<Scalars['DateTime']['output']>;
  /** The latest version in each stage. */
  latestVersions: Array<ModelVersion>;
  /** Registered model name. */
  name: Scalars['String']['output'];
  /** Registered model tags (MLflow). */
  tags: Array<Tag>;
  /** One version by number; null when there is none. */
  version?: Maybe<ModelVersion>;
  /** The model's versions, newest first. */
  versions: ModelVersionConnection;
};


/** A registered model (MLflow registry). */
export type RegisteredModelAliasArgs = {
  name: Scalars['String']['input'];
};


/** A registered model (MLflow registry). */
export type RegisteredModelVersionArgs = {
  number: Scalars['Int']['input'];
};


/** A registered model (MLflow registry). */
export type RegisteredModelVersionsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

/** A page of registered models. */
export type RegisteredModelConnection = {
  /** The registered models on this page. */
  nodes: Array<RegisteredModel>;
  /** Whether there is a next page, and its cursor. */
  pageInfo: PageInfo;
};

/** An MLflow run. Fields with arguments and related objects are resolved in batches. */
export type Run = {
  /** Root URI of the run's artifacts. */
  artifactUri?: Maybe<Scalars['String']['output']>;
  /** One level of the run's artifacts (MLflow's artifacts list; works for s3:// and mlflow-artifacts:/ roots). */
  artifacts: Array<Artifact>;
  /** Runs nested under this one. */
  children: Array<Run>;
  /** Datasets the run used (MLflow log-inputs). */
  datasetInputs: Array<DatasetInput>;
  /** When the run ended; null while it runs. */
  endTime?: Maybe<Scalars['DateTime']['output']>;
  /** The experiment the run belongs to. */
  experiment: Experiment;
  /** MLflow run id. */
  id: Scalars['ID']['output'];
  /** The latest value of one metric; null when the run has not logged it. */
  metric?: Maybe<Scalars['Float']['output']>;
  /** Every value the run logged for one metric, by step (MLflow metric history). */
  metricHistory: Array<Metric>;
  /** The latest value of each metric. */
  metrics: Array<Metric>;
  /** Model versions registered from this run. */
  modelVersions: Array<ModelVersion>;
  /** Run name. */
  name?: Maybe<Scalars['String']['output']>;
  /** Run parameters (MLflow). */
  params: Array<Param>;
  /** The parent run (tag mlflow.parentRunId). */
  parent?: Maybe<Run>;
  /** When the run started. */
  startTime?: Maybe<Scalars['DateTime']['output']>;
  /** MLflow run status. */
  status: RunStatus;
  /** Run tags, including MLflow's own (mlflow.*). */
  tags: Array<Tag>;
};


/** An MLflow run. Fields with arguments and related objects are resolved in batches. */
export type RunArtifactsArgs = {
  path?: InputMaybe<Scalars['String']['input']>;
};


/** An MLflow run. Fields with arguments and related objects are resolved in batches. */
export type RunMetricArgs = {
  key: Scalars['String']['input'];
};


/** An MLflow run. Fields with arguments and related objects are resolved in batches. */
export type RunMetricHistoryArgs = {
  key: Scalars['String']['input'];
};

/** A page of runs. */
export type RunConnection = {
  /** The runs on this page. */
  nodes: Array<Run>;
  /** Whether there is a next page, and its cursor. */
  pageInfo: PageInfo;
};

/** MLflow run status. */
export type RunStatus =
  | 'FAILED'
  | 'FINISHED'
  | 'KILLED'
  | 'RUNNING'
  | 'SCHEDULED';

/** TPE: model-based search over ranges (as Optuna's default sampler). HALVING: successive halving; candidates dropped early end KILLED. */
export type SearchStrategy =
  /** Every combination of the listed values. */
  | 'GRID'
  /** Successive halving: every candidate trains on a few rows, the best third advance with triple the rows. */
  | 'HALVING'
  /** `trials` combinations sampled reproducibly from `seed` (lists and ranges). */
  | 'RANDOM'
  /** Tree-structured Parzen estimator: random start-up trials, then `trials` in batches, each drawn to maximise l(x)/g(x). */
  | 'TPE';

/** One upstream's reachability. */
export type ServiceHealth = {
  /** Round-trip time of the probe in milliseconds. */
  latencyMs?: Maybe<Scalars['Float']['output']>;
  /** Why the upstream is down, when it is. */
  message?: Maybe<Scalars['String']['output']>;
  /** mysql, postgres, mlflow or s3. */
  name: Scalars['String']['output'];
  /** Whether the upstream answered the probe in time. */
  ok: Scalars['Boolean']['output'];
};

/** A tag to set on an experiment, run, registered model or model version. */
export type SetTagInput = {
  /** Experiment id, run id, model name, or "name/version". */
  id: Scalars['String']['input'];
  /** Tag key, at most 250 characters of letters, digits, spaces and `_ - . : /` (MLflow's grammar); keys starting with "mlflow." are MLflow's own and refused. */
  key: Scalars['String']['input'];
  /** What kind of object the tag goes on. */
  target: TagTarget;
  /** Tag value (MLflow keeps up to 5000 characters, 8000 on runs). */
  value: Scalars['String']['input'];
};

/** Fractions of rows for the validation and test parts; the rest is train. */
export type SplitInput = {
  /** Seed of the shuffle: the same seed gives the same split. */
  seed?: Scalars['Int']['input'];
  /** Share of rows for the `<to>_test` table (stratified by label). */
  test?: Scalars['Float']['input'];
  /** Share of rows for the `<to>_validation` table (stratified by label). */
  validation?: Scalars['Float']['input'];
};

export type Subscription = {
  /** Alias moves of one registered model, whoever moved it through the gateway (promoteModel, trainGrid's promoteTo, deleteModelAlias). */
  modelAliasChanged: ModelAliasChange;
  /** Each run of one pipeline as it starts and ends (from any gateway process); a skipped run arrives once, CANCELLED. */
  pipelineRunUpdated: PipelineRun;
  /** Every change of one training job (status, completed, a finished trial); the first event is the job now, the last event has a final status. */
  trainingJobUpdated: TrainingJob;
};


export type SubscriptionModelAliasChangedArgs = {
  name: Scalars['String']['input'];
};


export type SubscriptionPipelineRunUpdatedArgs = {
  pipelineId: Scalars['ID']['input'];
};


export type SubscriptionTrainingJobUpdatedArgs = {
  id: Scalars['ID']['input'];
};

/** A key/value tag (MLflow). */
export type Tag = {
  /** Tag name. */
  key: Scalars['String']['output'];
  /** Tag value (text). */
  value: Scalars['String']['output'];
};

/** What a tag is set on: an experiment, a run, a registered model or a model version (MLflow). */
export type TagTarget =
  | 'EXPERIMENT'
  | 'MODEL_VERSION'
  | 'REGISTERED_MODEL'
  | 'RUN';

/** A hyperparameter search trained in the gateway and tracked in MLflow. */
export type TrainGridInput = {
  /** Dataset table name. */
  dataset: Scalars['String']['input'];
  /** MLflow experiment; created when missing. */
  experimentName: Scalars['String']['input'];
  /** Default: every other column. */
  features?: InputMaybe<Array<Scalars['String']['input']>>;
  /** k-fold cross-validation on the training part when >= 2; else a validation split. */
  folds?: Scalars['Int']['input'];
  /** One entry per algorithm, each with its candidate hyperparameter values. */
  grid: Array<AlgorithmGridInput>;
  /** The label column. */
  label: Scalars['String']['input'];
  /** Then point this alias at the new version (through promoteModel's rules). */
  promoteTo?: InputMaybe<Scalars['String']['input']>;
  /** The metric that ranks trials (accuracy, f1_macro, precision_macro, recall_macro, log_loss, roc_auc_ovr). */
  rankBy?: Scalars['String']['input'];
  /** Register the best trial's model under this name. */
  registerAs?: InputMaybe<Scalars['String']['input']>;
  /** With promoteTo: move the alias only if the new version beats its current holder on this metric (promoteModel's guard: a tie is not better). The version is registered either way; the outcome is the parent run's gateway.promotion tag. */
  requireBetter?: InputMaybe<MetricGuardInput>;
  /** Seed for the split, the folds and RANDOM sampling: the same seed gives the same trials. */
  seed?: Scalars['Int']['input'];
  /** Which database holds the dataset table. */
  source?: DatasetSource;
  /** GRID tries every combination; RANDOM samples `trials` of them; TPE picks `trials` by a model of the results; HALVING trains every candidate on few rows and advances the best third. */
  strategy?: SearchStrategy;
  /** Share of rows held out (stratified) as the test split; never used for selection. */
  testFraction?: Scalars['Float']['input'];
  /** RANDOM and TPE: how many trials to train; HALVING: how many candidates to sample (default: every combination of the lists). */
  trials?: InputMaybe<Scalars['Int']['input']>;
  /** false: return at once with status QUEUED or RUNNING and poll trainingJob. */
  wait?: Scalars['Boolean']['input'];
};

/** A trainGrid job, stored in the gateway's PostgreSQL database. */
export type TrainingJob = {
  /** The trial that ranked first on the cross-validated `rankBy` metric. */
  best?: Maybe<Trial>;
  /** Trials finished so far (FINISHED, FAILED or KILLED). */
  completed: Scalars['Int']['output'];
  /** When the job was submitted. */
  createdAt: Scalars['DateTime']['output'];
  /** The API key name that started the job. */
  createdBy?: Maybe<Scalars['String']['output']>;
  /** Why the job failed, when it did. */
  error?: Maybe<Scalars['String']['output']>;
  /** When the job ended; null while it runs. */
  finishedAt?: Maybe<Scalars['DateTime']['output']>;
  /** Job id (UUID). */
  id: Scalars['ID']['output'];
  /** The version registered from the best trial, with `registerAs`. */
  modelVersion?: Maybe<ModelVersion>;
  /** The MLflow run every trial is nested under. */
  parentRun?: Maybe<Run>;
  /** QUEUED, RUNNING, SUCCEEDED, FAILED or CANCELLED. */
  status: JobStatus;
  /** Number of trials in the search. */
  total: Scalars['Int']['output'];
  /** Every trial in search order. */
  trials: Array<Trial>;
};

/** One hyperparameter combination, trained and evaluated as a nested MLflow run. */
export type Trial = {
  /** The model family trained. */
  algorithm: Algorithm;
  /** Why the trial failed, was cancelled, or (HALVING) was eliminated, when it did not finish. */
  error?: Maybe<Scalars['String']['output']>;
  /** When the trial ended (FINISHED, FAILED or KILLED); null while it is scheduled or running. */
  finishedAt?: Maybe<Scalars['DateTime']['output']>;
  /** Metric name to value, e.g. cv_accuracy_mean, test_accuracy, test_f1_macro. */
  metrics: Scalars['JSONObject']['output'];
  /** The hyperparameters of this trial, defaults filled in. */
  params: Scalars['JSONObject']['output'];
  /** The trial's nested MLflow run. */
  run?: Maybe<Run>;
  /** When a worker started the trial; null until then. */
  startedAt?: Maybe<Scalars['DateTime']['output']>;
  /** The MLflow status of the trial's run. */
  status: RunStatus;
  /** The process that ran it (host:pid), so work spread over worker processes can be seen. */
  worker?: Maybe<Scalars['String']['output']>;
};

/** How many predictions one version made in the window. */
export type VersionCount = {
  /** Predictions (rows) it made in the window. */
  count: Scalars['Int']['output'];
  /** Model version number. */
  version: Scalars['Int']['output'];
};

export type DatasetSummaryFragment = { name: string, source: DatasetSource, rowCount: number, columns: Array<{ name: string, type: string, nullable: boolean }> };

export type DatasetsQueryVariables = Exact<{
  source?: InputMaybe<DatasetSource>;
}>;


export type DatasetsQuery = { datasets: Array<{ name: string, source: DatasetSource, rowCount: number, columns: Array<{ name: string, type: string, nullable: boolean }> }> };

export type DatasetQueryVariables = Exact<{
  name: Scalars['String']['input'];
  source?: InputMaybe<DatasetSource>;
}>;


export type DatasetQuery = { dataset?: { name: string, source: DatasetSource, rowCount: number, columns: Array<{ name: string, type: string, nullable: boolean }> } | null };

export type DatasetRowsQueryVariables = Exact<{
  name: Scalars['String']['input'];
  source?: InputMaybe<DatasetSource>;
  limit?: InputMaybe<Scalars['Int']['input']>;
  offset?: InputMaybe<Scalars['Int']['input']>;
}>;


export type DatasetRowsQuery = { dataset?: { name: string, rows: Array<Record<string, unknown>> } | null };

export type DatasetProfileQueryVariables = Exact<{
  name: Scalars['String']['input'];
  source?: InputMaybe<DatasetSource>;
}>;


export type DatasetProfileQuery = { dataset?: { name: string, rowCount: number, profile: Array<{ name: string, nullCount: number, distinctCount: number, min?: unknown | null, max?: unknown | null, mean?: number | null }> } | null };

export type DatasetRunsQueryVariables = Exact<{
  name: Scalars['String']['input'];
  source?: InputMaybe<DatasetSource>;
  first?: InputMaybe<Scalars['Int']['input']>;
}>;


export type DatasetRunsQuery = { dataset?: { name: string, runs: Array<{ id: string, name?: string | null }> } | null };

export type IngestDatasetMutationVariables = Exact<{
  input: IngestDatasetInput;
}>;


export type IngestDatasetMutation = { ingestDataset: { rowsWritten: number, dataset: { name: string, source: DatasetSource, rowCount: number, columns: Array<{ name: string, type: string, nullable: boolean }> } } };

export type PrepareDatasetMutationVariables = Exact<{
  input: PrepareDatasetInput;
}>;


export type PrepareDatasetMutation = { prepareDataset: { batches: number, train: { name: string, source: DatasetSource, rowCount: number, columns: Array<{ name: string, type: string, nullable: boolean }> }, validation?: { name: string, source: DatasetSource, rowCount: number, columns: Array<{ name: string, type: string, nullable: boolean }> } | null, test?: { name: string, source: DatasetSource, rowCount: number, columns: Array<{ name: string, type: string, nullable: boolean }> } | null } };

export type HealthQueryVariables = Exact<{ [key: string]: never; }>;


export type HealthQuery = { health: { ok: boolean, services: Array<{ name: string, ok: boolean, latencyMs?: number | null, message?: string | null }> } };

export type InteropTrainMutationVariables = Exact<{
  input: TrainGridInput;
}>;


export type InteropTrainMutation = { trainGrid: { id: string, status: JobStatus, error?: string | null, parentRun?: { experiment: { id: string, name: string } } | null, trials: Array<{ algorithm: Algorithm, status: RunStatus, metrics: Record<string, unknown>, run?: { id: string, name?: string | null } | null }>, modelVersion?: { name: string, version: number, runId?: string | null, source: string, loggedModelId?: string | null } | null } };

export type InteropRegisterMutationVariables = Exact<{
  runId: Scalars['ID']['input'];
  name: Scalars['String']['input'];
  artifactPath?: InputMaybe<Scalars['String']['input']>;
}>;


export type InteropRegisterMutation = { registerModel: { name: string, version: number, runId?: string | null, source: string } };

export type MonitoringStatsQueryVariables = Exact<{
  model: Scalars['String']['input'];
  since?: InputMaybe<Scalars['DateTime']['input']>;
  until?: InputMaybe<Scalars['DateTime']['input']>;
}>;


export type MonitoringStatsQuery = { predictionStats: { model: string, total: number, servingVersion?: number | null, driftNote?: string | null, byVersion: Array<{ version: number, count: number }>, labels: Array<{ label: string, count: number, share: number }>, drift: Array<{ feature: string, psi?: number | null, trainingMean?: number | null, servingMean?: number | null, unseenShare: number }> } };

export type HousekeepingDeleteAliasMutationVariables = Exact<{
  name: Scalars['String']['input'];
  alias: Scalars['String']['input'];
}>;


export type HousekeepingDeleteAliasMutation = { deleteModelAlias: { name: string, aliases: Array<{ alias: string, version: { version: number } }> } };

export type HousekeepingSetTagMutationVariables = Exact<{
  input: SetTagInput;
}>;


export type HousekeepingSetTagMutation = { setTag: boolean };

export type HousekeepingDeleteTagMutationVariables = Exact<{
  input: DeleteTagInput;
}>;


export type HousekeepingDeleteTagMutation = { deleteTag: boolean };

export type HousekeepingDescribeVersionMutationVariables = Exact<{
  name: Scalars['String']['input'];
  version: Scalars['Int']['input'];
  description: Scalars['String']['input'];
}>;


export type HousekeepingDescribeVersionMutation = { setModelVersionDescription: { version: number } };

export type HousekeepingArchiveMutationVariables = Exact<{
  name: Scalars['String']['input'];
  version: Scalars['Int']['input'];
}>;


export type HousekeepingArchiveMutation = { archiveModelVersion: { version: number, stage?: string | null, aliases: Array<string> } };

export type OnnxModelVersionQueryVariables = Exact<{
  model: Scalars['String']['input'];
}>;


export type OnnxModelVersionQuery = { modelVersion?: { name: string, version: number, source: string, flavors: Array<string>, servable: boolean, servableReason?: string | null, loggedModelId?: string | null } | null };

export type OnnxPredictMutationVariables = Exact<{
  model: Scalars['String']['input'];
  inputs: Array<Scalars['JSONObject']['input']> | Scalars['JSONObject']['input'];
}>;


export type OnnxPredictMutation = { predict: { modelVersion: { name: string, version: number, loggedModelId?: string | null }, predictions: Array<{ label: string, probabilities: Array<{ label: string, probability: number }> }> } };

export type PipelineRunFieldsFragment = { id: string, trigger: PipelineTrigger, status: JobStatus, startedAt?: string | null, finishedAt?: string | null, rowsIngested?: number | null, error?: string | null, trainingJob?: { id: string, status: JobStatus, modelVersion?: { name: string, version: number } | null } | null, promotion?: { promoted: boolean, reason: string, modelVersion: { version: number, aliases: Array<string> }, previous?: { version: number } | null } | null };

export type CreatePipelineMutationVariables = Exact<{
  input: PipelineInput;
}>;


export type CreatePipelineMutation = { createPipeline: { id: string, name: string, schedule?: string | null, enabled: boolean, nextRunAt?: string | null } };

export type RunPipelineMutationVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type RunPipelineMutation = { runPipeline: { id: string, trigger: PipelineTrigger, status: JobStatus, startedAt?: string | null, finishedAt?: string | null, rowsIngested?: number | null, error?: string | null, pipeline: { id: string, name: string }, trainingJob?: { id: string, status: JobStatus, modelVersion?: { name: string, version: number } | null } | null, promotion?: { promoted: boolean, reason: string, modelVersion: { version: number, aliases: Array<string> }, previous?: { version: number } | null } | null } };

export type SetPipelineEnabledMutationVariables = Exact<{
  id: Scalars['ID']['input'];
  enabled: Scalars['Boolean']['input'];
}>;


export type SetPipelineEnabledMutation = { setPipelineEnabled: { id: string, enabled: boolean, nextRunAt?: string | null } };

export type DeletePipelineMutationVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type DeletePipelineMutation = { deletePipeline: boolean };

export type PipelineRunsQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type PipelineRunsQuery = { pipeline?: { id: string, name: string, schedule?: string | null, enabled: boolean, nextRunAt?: string | null, lastRun?: { id: string, trigger: PipelineTrigger, status: JobStatus, startedAt?: string | null, finishedAt?: string | null, rowsIngested?: number | null, error?: string | null, trainingJob?: { id: string, status: JobStatus, modelVersion?: { name: string, version: number } | null } | null, promotion?: { promoted: boolean, reason: string, modelVersion: { version: number, aliases: Array<string> }, previous?: { version: number } | null } | null } | null, runs: Array<{ id: string, trigger: PipelineTrigger, status: JobStatus, startedAt?: string | null, finishedAt?: string | null, rowsIngested?: number | null, error?: string | null, trainingJob?: { id: string, status: JobStatus, modelVersion?: { name: string, version: number } | null } | null, promotion?: { promoted: boolean, reason: string, modelVersion: { version: number, aliases: Array<string> }, previous?: { version: number } | null } | null }> } | null };

export type PipelinesQueryVariables = Exact<{ [key: string]: never; }>;


export type PipelinesQuery = { pipelines: Array<{ id: string, name: string }> };

export type ScaleJobQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type ScaleJobQuery = { trainingJob?: { id: string, status: JobStatus, error?: string | null, finishedAt?: string | null, parentRun?: { id: string, status: RunStatus } | null, trials: Array<{ status: RunStatus, worker?: string | null, error?: string | null, run?: { id: string, status: RunStatus } | null }> } | null };

export type ScaleTrainGridMutationVariables = Exact<{
  input: TrainGridInput;
}>;


export type ScaleTrainGridMutation = { trainGrid: { id: string, status: JobStatus } };

export type ScaleCancelMutationVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type ScaleCancelMutation = { cancelTrainingJob: { id: string, status: JobStatus } };

export type HostileIngestMutationVariables = Exact<{
  input: IngestDatasetInput;
}>;


export type HostileIngestMutation = { ingestDataset: { rowsWritten: number, dataset: { name: string, rowCount: number } } };

export type HostilePrepareMutationVariables = Exact<{
  input: PrepareDatasetInput;
}>;


export type HostilePrepareMutation = { prepareDataset: { batches: number, train: { name: string } } };

export type HostileCreateExperimentMutationVariables = Exact<{
  name: Scalars['String']['input'];
  tags?: InputMaybe<Scalars['JSONObject']['input']>;
}>;


export type HostileCreateExperimentMutation = { createExperiment: { id: string, name: string } };

export type HostileRegisterModelMutationVariables = Exact<{
  runId: Scalars['ID']['input'];
  name: Scalars['String']['input'];
  artifactPath?: InputMaybe<Scalars['String']['input']>;
}>;


export type HostileRegisterModelMutation = { registerModel: { name: string, version: number } };

export type HostilePromoteMutationVariables = Exact<{
  input: PromoteModelInput;
}>;


export type HostilePromoteMutation = { promoteModel: { promoted: boolean, reason: string } };

export type HostilePredictMutationVariables = Exact<{
  model: Scalars['String']['input'];
  inputs: Array<Scalars['JSONObject']['input']> | Scalars['JSONObject']['input'];
}>;


export type HostilePredictMutation = { predict: { modelVersion: { version: number }, predictions: Array<{ label: string }> } };

export type HostileRunArtifactsQueryVariables = Exact<{
  id: Scalars['ID']['input'];
  path?: InputMaybe<Scalars['String']['input']>;
}>;


export type HostileRunArtifactsQuery = { run?: { id: string, artifacts: Array<{ path: string, isDir: boolean }> } | null };

export type SecurityModelAliasesQueryVariables = Exact<{
  name: Scalars['String']['input'];
}>;


export type SecurityModelAliasesQuery = { registeredModel?: { name: string, aliases: Array<{ alias: string, version: { version: number } }>, latestVersions: Array<{ version: number }> } | null };

export type SecurityDatasetRowCountQueryVariables = Exact<{
  name: Scalars['String']['input'];
  source?: InputMaybe<DatasetSource>;
}>;


export type SecurityDatasetRowCountQuery = { dataset?: { name: string, rowCount: number, columns: Array<{ name: string, type: string }> } | null };

export type HostileTrainGridMutationVariables = Exact<{
  input: TrainGridInput;
}>;


export type HostileTrainGridMutation = { trainGrid: { id: string, status: JobStatus, createdBy?: string | null } };

export type HostileCancelMutationVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type HostileCancelMutation = { cancelTrainingJob: { id: string, status: JobStatus } };

export type SecurityTrainingJobQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type SecurityTrainingJobQuery = { trainingJob?: { id: string, status: JobStatus, error?: string | null, createdBy?: string | null, parentRun?: { id: string, status: RunStatus } | null, trials: Array<{ status: RunStatus, run?: { id: string, status: RunStatus } | null }>, modelVersion?: { name: string, version: number } | null } | null };

export type FaultPartialQueryVariables = Exact<{
  experiment: Scalars['String']['input'];
  model?: InputMaybe<Scalars['String']['input']>;
  dataset?: InputMaybe<Scalars['String']['input']>;
  source?: InputMaybe<DatasetSource>;
}>;


export type FaultPartialQuery = { experiment?: { id: string, name: string } | null, dataset?: { name: string, rowCount: number } | null, predictions: Array<{ id: string }> };

export type ServingPromoteMutationVariables = Exact<{
  input: PromoteModelInput;
}>;


export type ServingPromoteMutation = { promoteModel: { promoted: boolean, reason: string, modelVersion: { name: string, version: number, stage?: string | null, aliases: Array<string> }, previous?: { version: number, stage?: string | null, aliases: Array<string> } | null } };

export type ServingPredictMutationVariables = Exact<{
  model: Scalars['String']['input'];
  inputs: Array<Scalars['JSONObject']['input']> | Scalars['JSONObject']['input'];
}>;


export type ServingPredictMutation = { predict: { modelVersion: { name: string, version: number }, predictions: Array<{ label: string, probabilities: Array<{ label: string, probability: number }> }> } };

export type ServingPredictionsQueryVariables = Exact<{
  model?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
}>;


export type ServingPredictionsQuery = { predictions: Array<{ id: string, modelName: string, modelVersion: number, input: Record<string, unknown>, label: string, createdAt: string, probabilities: Array<{ label: string, probability: number }> }> };

export type ServingIngestMutationVariables = Exact<{
  input: IngestDatasetInput;
}>;


export type ServingIngestMutation = { ingestDataset: { rowsWritten: number } };

export type ServingTrainMutationVariables = Exact<{
  input: TrainGridInput;
}>;


export type ServingTrainMutation = { trainGrid: { status: JobStatus, error?: string | null, modelVersion?: { name: string, version: number, aliases: Array<string> } | null } };

export type TrackingRunFieldsFragment = { id: string, name?: string | null, status: RunStatus, startTime?: string | null, endTime?: string | null, artifactUri?: string | null, params: Array<{ key: string, value: string }>, metrics: Array<{ key: string, value: number, step: number, timestamp: string }>, tags: Array<{ key: string, value: string }> };

export type TrackingVersionFieldsFragment = { name: string, version: number, stage?: string | null, status?: string | null, source: string, runId?: string | null, aliases: Array<string>, creationTime?: string | null, tags: Array<{ key: string, value: string }> };

export type TrackingExperimentQueryVariables = Exact<{
  id?: InputMaybe<Scalars['ID']['input']>;
  name?: InputMaybe<Scalars['String']['input']>;
}>;


export type TrackingExperimentQuery = { experiment?: { id: string, name: string, artifactLocation?: string | null, lifecycleStage: string, creationTime?: string | null, lastUpdateTime?: string | null, tags: Array<{ key: string, value: string }>, runs: { nodes: Array<{ id: string, name?: string | null }>, pageInfo: { hasNextPage: boolean, endCursor?: string | null } } } | null };

export type TrackingExperimentsQueryVariables = Exact<{
  filter?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type TrackingExperimentsQuery = { experiments: { nodes: Array<{ id: string, name: string }>, pageInfo: { hasNextPage: boolean, endCursor?: string | null } } };

export type TrackingRunQueryVariables = Exact<{
  id: Scalars['ID']['input'];
  metric: Scalars['String']['input'];
  path?: InputMaybe<Scalars['String']['input']>;
}>;


export type TrackingRunQuery = { run?: { metric?: number | null, id: string, name?: string | null, status: RunStatus, startTime?: string | null, endTime?: string | null, artifactUri?: string | null, metricHistory: Array<{ key: string, value: number, step: number, timestamp: string }>, experiment: { id: string, name: string }, parent?: { id: string, name?: string | null } | null, children: Array<{ id: string, name?: string | null, status: RunStatus, startTime?: string | null, endTime?: string | null, artifactUri?: string | null, parent?: { id: string } | null, params: Array<{ key: string, value: string }>, metrics: Array<{ key: string, value: number, step: number, timestamp: string }>, tags: Array<{ key: string, value: string }> }>, artifacts: Array<{ path: string, isDir: boolean, size?: number | null }>, artifactsAt: Array<{ path: string, isDir: boolean, size?: number | null }>, datasetInputs: Array<{ name: string, digest: string, sourceType?: string | null, source?: string | null }>, modelVersions: Array<{ name: string, version: number, stage?: string | null, aliases: Array<string> }>, params: Array<{ key: string, value: string }>, metrics: Array<{ key: string, value: number, step: number, timestamp: string }>, tags: Array<{ key: string, value: string }> } | null };

export type TrackingRunArtifactsQueryVariables = Exact<{
  id: Scalars['ID']['input'];
  path?: InputMaybe<Scalars['String']['input']>;
}>;


export type TrackingRunArtifactsQuery = { run?: { id: string, artifacts: Array<{ path: string, isDir: boolean, size?: number | null }> } | null };

export type TrackingRunsQueryVariables = Exact<{
  experimentIds?: InputMaybe<Array<Scalars['ID']['input']> | Scalars['ID']['input']>;
  filter?: InputMaybe<Scalars['String']['input']>;
  orderBy?: InputMaybe<Array<Scalars['String']['input']> | Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type TrackingRunsQuery = { runs: { nodes: Array<{ id: string, name?: string | null, experiment: { id: string } }>, pageInfo: { hasNextPage: boolean, endCursor?: string | null } } };

export type TrackingRunsBatchedQueryVariables = Exact<{
  experimentIds?: InputMaybe<Array<Scalars['ID']['input']> | Scalars['ID']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
}>;


export type TrackingRunsBatchedQuery = { runs: { nodes: Array<{ id: string, name?: string | null, experiment: { name: string }, parent?: { name?: string | null } | null, modelVersions: Array<{ version: number, aliases: Array<string> }>, metrics: Array<{ key: string, value: number }> }>, pageInfo: { hasNextPage: boolean } } };

export type TrackingRunsFamilyQueryVariables = Exact<{
  experimentIds?: InputMaybe<Array<Scalars['ID']['input']> | Scalars['ID']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
}>;


export type TrackingRunsFamilyQuery = { runs: { nodes: Array<{ id: string, children: Array<{ id: string }> }> } };

export type TrackingRegisteredModelQueryVariables = Exact<{
  name: Scalars['String']['input'];
  number: Scalars['Int']['input'];
  alias: Scalars['String']['input'];
}>;


export type TrackingRegisteredModelQuery = { registeredModel?: { name: string, description?: string | null, creationTime?: string | null, lastUpdatedTime?: string | null, tags: Array<{ key: string, value: string }>, aliases: Array<{ alias: string, version: { version: number, aliases: Array<string> } }>, latestVersions: Array<{ name: string, version: number, stage?: string | null, status?: string | null, source: string, runId?: string | null, aliases: Array<string>, creationTime?: string | null, tags: Array<{ key: string, value: string }> }>, versions: { nodes: Array<{ version: number }>, pageInfo: { hasNextPage: boolean, endCursor?: string | null } }, version?: { name: string, version: number, stage?: string | null, status?: string | null, source: string, runId?: string | null, aliases: Array<string>, creationTime?: string | null, tags: Array<{ key: string, value: string }> } | null, alias?: { version: number } | null } | null };

export type TrackingModelVersionsQueryVariables = Exact<{
  name: Scalars['String']['input'];
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type TrackingModelVersionsQuery = { registeredModel?: { versions: { nodes: Array<{ name: string, version: number, stage?: string | null, status?: string | null, source: string, runId?: string | null, aliases: Array<string>, creationTime?: string | null, tags: Array<{ key: string, value: string }> }>, pageInfo: { hasNextPage: boolean, endCursor?: string | null } } } | null };

export type TrackingRegisteredModelsQueryVariables = Exact<{
  filter?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type TrackingRegisteredModelsQuery = { registeredModels: { nodes: Array<{ name: string, aliases: Array<{ alias: string, version: { version: number } }>, latestVersions: Array<{ version: number, aliases: Array<string>, registeredModel: { name: string } }> }>, pageInfo: { hasNextPage: boolean, endCursor?: string | null } } };

export type TrackingModelVersionQueryVariables = Exact<{
  model: Scalars['String']['input'];
}>;


export type TrackingModelVersionQuery = { modelVersion?: { signature?: Record<string, unknown> | null, name: string, version: number, stage?: string | null, status?: string | null, source: string, runId?: string | null, aliases: Array<string>, creationTime?: string | null, run?: { id: string, name?: string | null } | null, registeredModel: { name: string }, tags: Array<{ key: string, value: string }> } | null };

export type TrackingCreateExperimentMutationVariables = Exact<{
  name: Scalars['String']['input'];
  tags?: InputMaybe<Scalars['JSONObject']['input']>;
}>;


export type TrackingCreateExperimentMutation = { createExperiment: { id: string, name: string, lifecycleStage: string, tags: Array<{ key: string, value: string }> } };

export type TrackingRegisterModelMutationVariables = Exact<{
  runId: Scalars['ID']['input'];
  name: Scalars['String']['input'];
  artifactPath?: InputMaybe<Scalars['String']['input']>;
}>;


export type TrackingRegisterModelMutation = { registerModel: { signature?: Record<string, unknown> | null, name: string, version: number, stage?: string | null, status?: string | null, source: string, runId?: string | null, aliases: Array<string>, creationTime?: string | null, run?: { id: string } | null, registeredModel: { name: string }, tags: Array<{ key: string, value: string }> } };

export type TrainingJobFieldsFragment = { id: string, status: JobStatus, total: number, completed: number, error?: string | null, createdAt: string, finishedAt?: string | null, createdBy?: string | null, parentRun?: { id: string, name?: string | null, status: RunStatus, experiment: { name: string }, tags: Array<{ key: string, value: string }>, params: Array<{ key: string, value: string }>, metrics: Array<{ key: string, value: number }>, datasetInputs: Array<{ name: string, digest: string, source?: string | null, sourceType?: string | null, schema?: string | null }>, children: Array<{ id: string, status: RunStatus }> } | null, trials: Array<{ algorithm: Algorithm, params: Record<string, unknown>, metrics: Record<string, unknown>, status: RunStatus, error?: string | null, startedAt?: string | null, finishedAt?: string | null, run?: { id: string, status: RunStatus, artifactUri?: string | null, parent?: { id: string } | null, tags: Array<{ key: string, value: string }>, params: Array<{ key: string, value: string }> } | null }>, best?: { algorithm: Algorithm, params: Record<string, unknown>, metrics: Record<string, unknown>, run?: { id: string } | null } | null, modelVersion?: { name: string, version: number, status?: string | null, source: string, runId?: string | null, aliases: Array<string>, tags: Array<{ key: string, value: string }> } | null };

export type TrainGridMutationVariables = Exact<{
  input: TrainGridInput;
}>;


export type TrainGridMutation = { trainGrid: { id: string, status: JobStatus, total: number, completed: number, error?: string | null, createdAt: string, finishedAt?: string | null, createdBy?: string | null, parentRun?: { id: string, name?: string | null, status: RunStatus, experiment: { name: string }, tags: Array<{ key: string, value: string }>, params: Array<{ key: string, value: string }>, metrics: Array<{ key: string, value: number }>, datasetInputs: Array<{ name: string, digest: string, source?: string | null, sourceType?: string | null, schema?: string | null }>, children: Array<{ id: string, status: RunStatus }> } | null, trials: Array<{ algorithm: Algorithm, params: Record<string, unknown>, metrics: Record<string, unknown>, status: RunStatus, error?: string | null, startedAt?: string | null, finishedAt?: string | null, run?: { id: string, status: RunStatus, artifactUri?: string | null, parent?: { id: string } | null, tags: Array<{ key: string, value: string }>, params: Array<{ key: string, value: string }> } | null }>, best?: { algorithm: Algorithm, params: Record<string, unknown>, metrics: Record<string, unknown>, run?: { id: string } | null } | null, modelVersion?: { name: string, version: number, status?: string | null, source: string, runId?: string | null, aliases: Array<string>, tags: Array<{ key: string, value: string }> } | null } };

export type CancelTrainingJobMutationVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type CancelTrainingJobMutation = { cancelTrainingJob: { id: string, status: JobStatus, total: number, completed: number, error?: string | null, createdAt: string, finishedAt?: string | null, createdBy?: string | null, parentRun?: { id: string, name?: string | null, status: RunStatus, experiment: { name: string }, tags: Array<{ key: string, value: string }>, params: Array<{ key: string, value: string }>, metrics: Array<{ key: string, value: number }>, datasetInputs: Array<{ name: string, digest: string, source?: string | null, sourceType?: string | null, schema?: string | null }>, children: Array<{ id: string, status: RunStatus }> } | null, trials: Array<{ algorithm: Algorithm, params: Record<string, unknown>, metrics: Record<string, unknown>, status: RunStatus, error?: string | null, startedAt?: string | null, finishedAt?: string | null, run?: { id: string, status: RunStatus, artifactUri?: string | null, parent?: { id: string } | null, tags: Array<{ key: string, value: string }>, params: Array<{ key: string, value: string }> } | null }>, best?: { algorithm: Algorithm, params: Record<string, unknown>, metrics: Record<string, unknown>, run?: { id: string } | null } | null, modelVersion?: { name: string, version: number, status?: string | null, source: string, runId?: string | null, aliases: Array<string>, tags: Array<{ key: string, value: string }> } | null } };

export type TrainingJobQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type TrainingJobQuery = { trainingJob?: { id: string, status: JobStatus, total: number, completed: number, error?: string | null, createdAt: string, finishedAt?: string | null, createdBy?: string | null, parentRun?: { id: string, name?: string | null, status: RunStatus, experiment: { name: string }, tags: Array<{ key: string, value: string }>, params: Array<{ key: string, value: string }>, metrics: Array<{ key: string, value: number }>, datasetInputs: Array<{ name: string, digest: string, source?: string | null, sourceType?: string | null, schema?: string | null }>, children: Array<{ id: string, status: RunStatus }> } | null, trials: Array<{ algorithm: Algorithm, params: Record<string, unknown>, metrics: Record<string, unknown>, status: RunStatus, error?: string | null, startedAt?: string | null, finishedAt?: string | null, run?: { id: string, status: RunStatus, artifactUri?: string | null, parent?: { id: string } | null, tags: Array<{ key: string, value: string }>, params: Array<{ key: string, value: string }> } | null }>, best?: { algorithm: Algorithm, params: Record<string, unknown>, metrics: Record<string, unknown>, run?: { id: string } | null } | null, modelVersion?: { name: string, version: number, status?: string | null, source: string, runId?: string | null, aliases: Array<string>, tags: Array<{ key: string, value: string }> } | null } | null };

export type TrainingJobsQueryVariables = Exact<{
  first?: InputMaybe<Scalars['Int']['input']>;
}>;


export type TrainingJobsQuery = { trainingJobs: Array<{ id: string, status: JobStatus, total: number, completed: number, createdBy?: string | null }> };

export const DatasetSummaryFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DatasetSummary"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Dataset"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"rowCount"}},{"kind":"Field","name":{"kind":"Name","value":"columns"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"nullable"}}]}}]}}]} as unknown as DocumentNode<DatasetSummaryFragment, unknown>;
export const PipelineRunFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"PipelineRunFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PipelineRun"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"trigger"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"rowsIngested"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"trainingJob"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"modelVersion"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"promotion"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"promoted"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"modelVersion"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"aliases"}}]}},{"kind":"Field","name":{"kind":"Name","value":"previous"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]}}]}}]} as unknown as DocumentNode<PipelineRunFieldsFragment, unknown>;
export const TrackingRunFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"TrackingRunFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Run"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"startTime"}},{"kind":"Field","name":{"kind":"Name","value":"endTime"}},{"kind":"Field","name":{"kind":"Name","value":"artifactUri"}},{"kind":"Field","name":{"kind":"Name","value":"params"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"metrics"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"step"}},{"kind":"Field","name":{"kind":"Name","value":"timestamp"}}]}},{"kind":"Field","name":{"kind":"Name","value":"tags"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}}]}}]} as unknown as DocumentNode<TrackingRunFieldsFragment, unknown>;
export const TrackingVersionFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"TrackingVersionFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ModelVersion"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"stage"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"runId"}},{"kind":"Field","name":{"kind":"Name","value":"aliases"}},{"kind":"Field","name":{"kind":"Name","value":"tags"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"creationTime"}}]}}]} as unknown as DocumentNode<TrackingVersionFieldsFragment, unknown>;
export const TrainingJobFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"TrainingJobFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"TrainingJob"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"completed"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"createdBy"}},{"kind":"Field","name":{"kind":"Name","value":"parentRun"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"experiment"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"tags"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"params"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"metrics"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"datasetInputs"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"digest"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"sourceType"}},{"kind":"Field","name":{"kind":"Name","value":"schema"}}]}},{"kind":"Field","name":{"kind":"Name","value":"children"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"trials"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"algorithm"}},{"kind":"Field","name":{"kind":"Name","value":"params"}},{"kind":"Field","name":{"kind":"Name","value":"metrics"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"run"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"artifactUri"}},{"kind":"Field","name":{"kind":"Name","value":"parent"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"tags"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"params"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"best"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"algorithm"}},{"kind":"Field","name":{"kind":"Name","value":"params"}},{"kind":"Field","name":{"kind":"Name","value":"metrics"}},{"kind":"Field","name":{"kind":"Name","value":"run"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"modelVersion"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"runId"}},{"kind":"Field","name":{"kind":"Name","value":"aliases"}},{"kind":"Field","name":{"kind":"Name","value":"tags"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}}]}}]}}]} as unknown as DocumentNode<TrainingJobFieldsFragment, unknown>;
export const DatasetsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Datasets"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"source"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DatasetSource"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"datasets"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"source"},"value":{"kind":"Variable","name":{"kind":"Name","value":"source"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"DatasetSummary"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DatasetSummary"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Dataset"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"rowCount"}},{"kind":"Field","name":{"kind":"Name","value":"columns"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"nullable"}}]}}]}}]} as unknown as DocumentNode<DatasetsQuery, DatasetsQueryVariables>;
export const DatasetDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Dataset"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"source"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DatasetSource"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"dataset"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}},{"kind":"Argument","name":{"kind":"Name","value":"source"},"value":{"kind":"Variable","name":{"kind":"Name","value":"source"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"DatasetSummary"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DatasetSummary"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Dataset"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"rowCount"}},{"kind":"Field","name":{"kind":"Name","value":"columns"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"nullable"}}]}}]}}]} as unknown as DocumentNode<DatasetQuery, DatasetQueryVariables>;
export const DatasetRowsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"DatasetRows"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"source"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DatasetSource"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"limit"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"offset"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"dataset"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}},{"kind":"Argument","name":{"kind":"Name","value":"source"},"value":{"kind":"Variable","name":{"kind":"Name","value":"source"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"rows"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"limit"},"value":{"kind":"Variable","name":{"kind":"Name","value":"limit"}}},{"kind":"Argument","name":{"kind":"Name","value":"offset"},"value":{"kind":"Variable","name":{"kind":"Name","value":"offset"}}}]}]}}]}}]} as unknown as DocumentNode<DatasetRowsQuery, DatasetRowsQueryVariables>;
export const DatasetProfileDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"DatasetProfile"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"source"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DatasetSource"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"dataset"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}},{"kind":"Argument","name":{"kind":"Name","value":"source"},"value":{"kind":"Variable","name":{"kind":"Name","value":"source"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"rowCount"}},{"kind":"Field","name":{"kind":"Name","value":"profile"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"nullCount"}},{"kind":"Field","name":{"kind":"Name","value":"distinctCount"}},{"kind":"Field","name":{"kind":"Name","value":"min"}},{"kind":"Field","name":{"kind":"Name","value":"max"}},{"kind":"Field","name":{"kind":"Name","value":"mean"}}]}}]}}]}}]} as unknown as DocumentNode<DatasetProfileQuery, DatasetProfileQueryVariables>;
export const DatasetRunsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"DatasetRuns"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"source"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DatasetSource"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"dataset"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}},{"kind":"Argument","name":{"kind":"Name","value":"source"},"value":{"kind":"Variable","name":{"kind":"Name","value":"source"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"runs"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]} as unknown as DocumentNode<DatasetRunsQuery, DatasetRunsQueryVariables>;
export const IngestDatasetDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"IngestDataset"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"IngestDatasetInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ingestDataset"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rowsWritten"}},{"kind":"Field","name":{"kind":"Name","value":"dataset"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"DatasetSummary"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DatasetSummary"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Dataset"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"rowCount"}},{"kind":"Field","name":{"kind":"Name","value":"columns"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"nullable"}}]}}]}}]} as unknown as DocumentNode<IngestDatasetMutation, IngestDatasetMutationVariables>;
export const PrepareDatasetDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"PrepareDataset"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"PrepareDatasetInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"prepareDataset"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"batches"}},{"kind":"Field","name":{"kind":"Name","value":"train"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"DatasetSummary"}}]}},{"kind":"Field","name":{"kind":"Name","value":"validation"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"DatasetSummary"}}]}},{"kind":"Field","name":{"kind":"Name","value":"test"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"DatasetSummary"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DatasetSummary"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Dataset"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"rowCount"}},{"kind":"Field","name":{"kind":"Name","value":"columns"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"nullable"}}]}}]}}]} as unknown as DocumentNode<PrepareDatasetMutation, PrepareDatasetMutationVariables>;
export const HealthDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Health"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"health"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ok"}},{"kind":"Field","name":{"kind":"Name","value":"services"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"ok"}},{"kind":"Field","name":{"kind":"Name","value":"latencyMs"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<HealthQuery, HealthQueryVariables>;
export const InteropTrainDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"InteropTrain"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"TrainGridInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"trainGrid"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"parentRun"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"experiment"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"trials"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"algorithm"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"metrics"}},{"kind":"Field","name":{"kind":"Name","value":"run"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"modelVersion"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"runId"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"loggedModelId"}}]}}]}}]}}]} as unknown as DocumentNode<InteropTrainMutation, InteropTrainMutationVariables>;
export const InteropRegisterDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"InteropRegister"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"runId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"artifactPath"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"registerModel"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"runId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"runId"}}},{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}},{"kind":"Argument","name":{"kind":"Name","value":"artifactPath"},"value":{"kind":"Variable","name":{"kind":"Name","value":"artifactPath"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"runId"}},{"kind":"Field","name":{"kind":"Name","value":"source"}}]}}]}}]} as unknown as DocumentNode<InteropRegisterMutation, InteropRegisterMutationVariables>;
export const MonitoringStatsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"MonitoringStats"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"model"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"since"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DateTime"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"until"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DateTime"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"predictionStats"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"model"},"value":{"kind":"Variable","name":{"kind":"Name","value":"model"}}},{"kind":"Argument","name":{"kind":"Name","value":"since"},"value":{"kind":"Variable","name":{"kind":"Name","value":"since"}}},{"kind":"Argument","name":{"kind":"Name","value":"until"},"value":{"kind":"Variable","name":{"kind":"Name","value":"until"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"model"}},{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"byVersion"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}},{"kind":"Field","name":{"kind":"Name","value":"labels"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"label"}},{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"share"}}]}},{"kind":"Field","name":{"kind":"Name","value":"servingVersion"}},{"kind":"Field","name":{"kind":"Name","value":"drift"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"feature"}},{"kind":"Field","name":{"kind":"Name","value":"psi"}},{"kind":"Field","name":{"kind":"Name","value":"trainingMean"}},{"kind":"Field","name":{"kind":"Name","value":"servingMean"}},{"kind":"Field","name":{"kind":"Name","value":"unseenShare"}}]}},{"kind":"Field","name":{"kind":"Name","value":"driftNote"}}]}}]}}]} as unknown as DocumentNode<MonitoringStatsQuery, MonitoringStatsQueryVariables>;
export const HousekeepingDeleteAliasDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"HousekeepingDeleteAlias"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"alias"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deleteModelAlias"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}},{"kind":"Argument","name":{"kind":"Name","value":"alias"},"value":{"kind":"Variable","name":{"kind":"Name","value":"alias"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"aliases"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"alias"}},{"kind":"Field","name":{"kind":"Name","value":"version"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]}}]}}]}}]} as unknown as DocumentNode<HousekeepingDeleteAliasMutation, HousekeepingDeleteAliasMutationVariables>;
export const HousekeepingSetTagDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"HousekeepingSetTag"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SetTagInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"setTag"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}]}]}}]} as unknown as DocumentNode<HousekeepingSetTagMutation, HousekeepingSetTagMutationVariables>;
export const HousekeepingDeleteTagDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"HousekeepingDeleteTag"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"DeleteTagInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deleteTag"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}]}]}}]} as unknown as DocumentNode<HousekeepingDeleteTagMutation, HousekeepingDeleteTagMutationVariables>;
export const HousekeepingDescribeVersionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"HousekeepingDescribeVersion"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"version"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"description"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"setModelVersionDescription"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}},{"kind":"Argument","name":{"kind":"Name","value":"version"},"value":{"kind":"Variable","name":{"kind":"Name","value":"version"}}},{"kind":"Argument","name":{"kind":"Name","value":"description"},"value":{"kind":"Variable","name":{"kind":"Name","value":"description"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]}}]} as unknown as DocumentNode<HousekeepingDescribeVersionMutation, HousekeepingDescribeVersionMutationVariables>;
export const HousekeepingArchiveDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"HousekeepingArchive"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"version"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"archiveModelVersion"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}},{"kind":"Argument","name":{"kind":"Name","value":"version"},"value":{"kind":"Variable","name":{"kind":"Name","value":"version"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"stage"}},{"kind":"Field","name":{"kind":"Name","value":"aliases"}}]}}]}}]} as unknown as DocumentNode<HousekeepingArchiveMutation, HousekeepingArchiveMutationVariables>;
export const OnnxModelVersionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"OnnxModelVersion"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"model"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"modelVersion"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"model"},"value":{"kind":"Variable","name":{"kind":"Name","value":"model"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"flavors"}},{"kind":"Field","name":{"kind":"Name","value":"servable"}},{"kind":"Field","name":{"kind":"Name","value":"servableReason"}},{"kind":"Field","name":{"kind":"Name","value":"loggedModelId"}}]}}]}}]} as unknown as DocumentNode<OnnxModelVersionQuery, OnnxModelVersionQueryVariables>;
export const OnnxPredictDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"OnnxPredict"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"model"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"inputs"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"JSONObject"}}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"predict"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"model"},"value":{"kind":"Variable","name":{"kind":"Name","value":"model"}}},{"kind":"Argument","name":{"kind":"Name","value":"inputs"},"value":{"kind":"Variable","name":{"kind":"Name","value":"inputs"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"modelVersion"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"loggedModelId"}}]}},{"kind":"Field","name":{"kind":"Name","value":"predictions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"label"}},{"kind":"Field","name":{"kind":"Name","value":"probabilities"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"label"}},{"kind":"Field","name":{"kind":"Name","value":"probability"}}]}}]}}]}}]}}]} as unknown as DocumentNode<OnnxPredictMutation, OnnxPredictMutationVariables>;
export const CreatePipelineDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreatePipeline"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"PipelineInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createPipeline"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"schedule"}},{"kind":"Field","name":{"kind":"Name","value":"enabled"}},{"kind":"Field","name":{"kind":"Name","value":"nextRunAt"}}]}}]}}]} as unknown as DocumentNode<CreatePipelineMutation, CreatePipelineMutationVariables>;
export const RunPipelineDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RunPipeline"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"runPipeline"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"PipelineRunFields"}},{"kind":"Field","name":{"kind":"Name","value":"pipeline"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"PipelineRunFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PipelineRun"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"trigger"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"rowsIngested"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"trainingJob"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"modelVersion"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"promotion"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"promoted"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"modelVersion"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"aliases"}}]}},{"kind":"Field","name":{"kind":"Name","value":"previous"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]}}]}}]} as unknown as DocumentNode<RunPipelineMutation, RunPipelineMutationVariables>;
export const SetPipelineEnabledDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SetPipelineEnabled"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"enabled"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"setPipelineEnabled"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"enabled"},"value":{"kind":"Variable","name":{"kind":"Name","value":"enabled"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"enabled"}},{"kind":"Field","name":{"kind":"Name","value":"nextRunAt"}}]}}]}}]} as unknown as DocumentNode<SetPipelineEnabledMutation, SetPipelineEnabledMutationVariables>;
export const DeletePipelineDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DeletePipeline"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deletePipeline"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}]}]}}]} as unknown as DocumentNode<DeletePipelineMutation, DeletePipelineMutationVariables>;
export const PipelineRunsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PipelineRuns"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"pipeline"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"schedule"}},{"kind":"Field","name":{"kind":"Name","value":"enabled"}},{"kind":"Field","name":{"kind":"Name","value":"nextRunAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastRun"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"PipelineRunFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"runs"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"50"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"PipelineRunFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"PipelineRunFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PipelineRun"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"trigger"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"rowsIngested"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"trainingJob"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"modelVersion"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"promotion"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"promoted"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"modelVersion"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"aliases"}}]}},{"kind":"Field","name":{"kind":"Name","value":"previous"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]}}]}}]} as unknown as DocumentNode<PipelineRunsQuery, PipelineRunsQueryVariables>;
export const PipelinesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Pipelines"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"pipelines"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]} as unknown as DocumentNode<PipelinesQuery, PipelinesQueryVariables>;
export const ScaleJobDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ScaleJob"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"trainingJob"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"parentRun"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"Field","name":{"kind":"Name","value":"trials"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"worker"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"run"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]}}]}}]} as unknown as DocumentNode<ScaleJobQuery, ScaleJobQueryVariables>;
export const ScaleTrainGridDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ScaleTrainGrid"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"TrainGridInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"trainGrid"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<ScaleTrainGridMutation, ScaleTrainGridMutationVariables>;
export const ScaleCancelDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ScaleCancel"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cancelTrainingJob"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<ScaleCancelMutation, ScaleCancelMutationVariables>;
export const HostileIngestDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"HostileIngest"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"IngestDatasetInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ingestDataset"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rowsWritten"}},{"kind":"Field","name":{"kind":"Name","value":"dataset"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"rowCount"}}]}}]}}]}}]} as unknown as DocumentNode<HostileIngestMutation, HostileIngestMutationVariables>;
export const HostilePrepareDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"HostilePrepare"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"PrepareDatasetInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"prepareDataset"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"batches"}},{"kind":"Field","name":{"kind":"Name","value":"train"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]} as unknown as DocumentNode<HostilePrepareMutation, HostilePrepareMutationVariables>;
export const HostileCreateExperimentDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"HostileCreateExperiment"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"tags"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"JSONObject"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createExperiment"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}},{"kind":"Argument","name":{"kind":"Name","value":"tags"},"value":{"kind":"Variable","name":{"kind":"Name","value":"tags"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]} as unknown as DocumentNode<HostileCreateExperimentMutation, HostileCreateExperimentMutationVariables>;
export const HostileRegisterModelDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"HostileRegisterModel"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"runId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"artifactPath"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"registerModel"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"runId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"runId"}}},{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}},{"kind":"Argument","name":{"kind":"Name","value":"artifactPath"},"value":{"kind":"Variable","name":{"kind":"Name","value":"artifactPath"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]}}]} as unknown as DocumentNode<HostileRegisterModelMutation, HostileRegisterModelMutationVariables>;
export const HostilePromoteDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"HostilePromote"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"PromoteModelInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"promoteModel"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"promoted"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}}]}}]}}]} as unknown as DocumentNode<HostilePromoteMutation, HostilePromoteMutationVariables>;
export const HostilePredictDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"HostilePredict"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"model"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"inputs"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"JSONObject"}}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"predict"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"model"},"value":{"kind":"Variable","name":{"kind":"Name","value":"model"}}},{"kind":"Argument","name":{"kind":"Name","value":"inputs"},"value":{"kind":"Variable","name":{"kind":"Name","value":"inputs"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"modelVersion"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"version"}}]}},{"kind":"Field","name":{"kind":"Name","value":"predictions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"label"}}]}}]}}]}}]} as unknown as DocumentNode<HostilePredictMutation, HostilePredictMutationVariables>;
export const HostileRunArtifactsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"HostileRunArtifacts"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"path"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"run"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"artifacts"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"path"},"value":{"kind":"Variable","name":{"kind":"Name","value":"path"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"isDir"}}]}}]}}]}}]} as unknown as DocumentNode<HostileRunArtifactsQuery, HostileRunArtifactsQueryVariables>;
export const SecurityModelAliasesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SecurityModelAliases"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"registeredModel"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"aliases"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"alias"}},{"kind":"Field","name":{"kind":"Name","value":"version"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"latestVersions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]}}]}}]} as unknown as DocumentNode<SecurityModelAliasesQuery, SecurityModelAliasesQueryVariables>;
export const SecurityDatasetRowCountDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SecurityDatasetRowCount"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"source"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DatasetSource"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"dataset"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}},{"kind":"Argument","name":{"kind":"Name","value":"source"},"value":{"kind":"Variable","name":{"kind":"Name","value":"source"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"rowCount"}},{"kind":"Field","name":{"kind":"Name","value":"columns"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"type"}}]}}]}}]}}]} as unknown as DocumentNode<SecurityDatasetRowCountQuery, SecurityDatasetRowCountQueryVariables>;
export const HostileTrainGridDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"HostileTrainGrid"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"TrainGridInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"trainGrid"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"createdBy"}}]}}]}}]} as unknown as DocumentNode<HostileTrainGridMutation, HostileTrainGridMutationVariables>;
export const HostileCancelDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"HostileCancel"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cancelTrainingJob"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<HostileCancelMutation, HostileCancelMutationVariables>;
export const SecurityTrainingJobDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SecurityTrainingJob"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"trainingJob"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"createdBy"}},{"kind":"Field","name":{"kind":"Name","value":"parentRun"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"Field","name":{"kind":"Name","value":"trials"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"run"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"modelVersion"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]}}]}}]} as unknown as DocumentNode<SecurityTrainingJobQuery, SecurityTrainingJobQueryVariables>;
export const FaultPartialDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"FaultPartial"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"experiment"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"model"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"dataset"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}},"defaultValue":{"kind":"StringValue","value":"none","block":false}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"source"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DatasetSource"}},"defaultValue":{"kind":"EnumValue","value":"MYSQL"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"experiment"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"experiment"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"dataset"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"dataset"}}},{"kind":"Argument","name":{"kind":"Name","value":"source"},"value":{"kind":"Variable","name":{"kind":"Name","value":"source"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"rowCount"}}]}},{"kind":"Field","name":{"kind":"Name","value":"predictions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"model"},"value":{"kind":"Variable","name":{"kind":"Name","value":"model"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"1"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]} as unknown as DocumentNode<FaultPartialQuery, FaultPartialQueryVariables>;
export const ServingPromoteDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ServingPromote"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"PromoteModelInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"promoteModel"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"promoted"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"modelVersion"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"stage"}},{"kind":"Field","name":{"kind":"Name","value":"aliases"}}]}},{"kind":"Field","name":{"kind":"Name","value":"previous"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"stage"}},{"kind":"Field","name":{"kind":"Name","value":"aliases"}}]}}]}}]}}]} as unknown as DocumentNode<ServingPromoteMutation, ServingPromoteMutationVariables>;
export const ServingPredictDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ServingPredict"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"model"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"inputs"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"JSONObject"}}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"predict"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"model"},"value":{"kind":"Variable","name":{"kind":"Name","value":"model"}}},{"kind":"Argument","name":{"kind":"Name","value":"inputs"},"value":{"kind":"Variable","name":{"kind":"Name","value":"inputs"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"modelVersion"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}},{"kind":"Field","name":{"kind":"Name","value":"predictions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"label"}},{"kind":"Field","name":{"kind":"Name","value":"probabilities"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"label"}},{"kind":"Field","name":{"kind":"Name","value":"probability"}}]}}]}}]}}]}}]} as unknown as DocumentNode<ServingPredictMutation, ServingPredictMutationVariables>;
export const ServingPredictionsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ServingPredictions"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"model"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"predictions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"model"},"value":{"kind":"Variable","name":{"kind":"Name","value":"model"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"modelName"}},{"kind":"Field","name":{"kind":"Name","value":"modelVersion"}},{"kind":"Field","name":{"kind":"Name","value":"input"}},{"kind":"Field","name":{"kind":"Name","value":"label"}},{"kind":"Field","name":{"kind":"Name","value":"probabilities"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"label"}},{"kind":"Field","name":{"kind":"Name","value":"probability"}}]}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}}]}}]} as unknown as DocumentNode<ServingPredictionsQuery, ServingPredictionsQueryVariables>;
export const ServingIngestDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ServingIngest"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"IngestDatasetInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ingestDataset"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rowsWritten"}}]}}]}}]} as unknown as DocumentNode<ServingIngestMutation, ServingIngestMutationVariables>;
export const ServingTrainDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ServingTrain"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"TrainGridInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"trainGrid"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"modelVersion"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"aliases"}}]}}]}}]}}]} as unknown as DocumentNode<ServingTrainMutation, ServingTrainMutationVariables>;
export const TrackingExperimentDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"TrackingExperiment"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"experiment"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"artifactLocation"}},{"kind":"Field","name":{"kind":"Name","value":"lifecycleStage"}},{"kind":"Field","name":{"kind":"Name","value":"creationTime"}},{"kind":"Field","name":{"kind":"Name","value":"lastUpdateTime"}},{"kind":"Field","name":{"kind":"Name","value":"tags"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"runs"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"orderBy"},"value":{"kind":"ListValue","values":[{"kind":"StringValue","value":"attributes.start_time ASC","block":false}]}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"10"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]}}]} as unknown as DocumentNode<TrackingExperimentQuery, TrackingExperimentQueryVariables>;
export const TrackingExperimentsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"TrackingExperiments"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"experiments"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<TrackingExperimentsQuery, TrackingExperimentsQueryVariables>;
export const TrackingRunDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"TrackingRun"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"metric"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"path"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"run"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"TrackingRunFields"}},{"kind":"Field","name":{"kind":"Name","value":"metric"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"key"},"value":{"kind":"Variable","name":{"kind":"Name","value":"metric"}}}]},{"kind":"Field","name":{"kind":"Name","value":"metricHistory"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"key"},"value":{"kind":"Variable","name":{"kind":"Name","value":"metric"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"step"}},{"kind":"Field","name":{"kind":"Name","value":"timestamp"}}]}},{"kind":"Field","name":{"kind":"Name","value":"experiment"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"parent"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"children"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"TrackingRunFields"}},{"kind":"Field","name":{"kind":"Name","value":"parent"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"artifacts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"isDir"}},{"kind":"Field","name":{"kind":"Name","value":"size"}}]}},{"kind":"Field","alias":{"kind":"Name","value":"artifactsAt"},"name":{"kind":"Name","value":"artifacts"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"path"},"value":{"kind":"Variable","name":{"kind":"Name","value":"path"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"isDir"}},{"kind":"Field","name":{"kind":"Name","value":"size"}}]}},{"kind":"Field","name":{"kind":"Name","value":"datasetInputs"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"digest"}},{"kind":"Field","name":{"kind":"Name","value":"sourceType"}},{"kind":"Field","name":{"kind":"Name","value":"source"}}]}},{"kind":"Field","name":{"kind":"Name","value":"modelVersions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"stage"}},{"kind":"Field","name":{"kind":"Name","value":"aliases"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"TrackingRunFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Run"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"startTime"}},{"kind":"Field","name":{"kind":"Name","value":"endTime"}},{"kind":"Field","name":{"kind":"Name","value":"artifactUri"}},{"kind":"Field","name":{"kind":"Name","value":"params"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"metrics"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"step"}},{"kind":"Field","name":{"kind":"Name","value":"timestamp"}}]}},{"kind":"Field","name":{"kind":"Name","value":"tags"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}}]}}]} as unknown as DocumentNode<TrackingRunQuery, TrackingRunQueryVariables>;
export const TrackingRunArtifactsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"TrackingRunArtifacts"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"path"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"run"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"artifacts"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"path"},"value":{"kind":"Variable","name":{"kind":"Name","value":"path"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"isDir"}},{"kind":"Field","name":{"kind":"Name","value":"size"}}]}}]}}]}}]} as unknown as DocumentNode<TrackingRunArtifactsQuery, TrackingRunArtifactsQueryVariables>;
export const TrackingRunsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"TrackingRuns"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"experimentIds"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"orderBy"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"runs"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"experimentIds"},"value":{"kind":"Variable","name":{"kind":"Name","value":"experimentIds"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"orderBy"},"value":{"kind":"Variable","name":{"kind":"Name","value":"orderBy"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"experiment"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<TrackingRunsQuery, TrackingRunsQueryVariables>;
export const TrackingRunsBatchedDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"TrackingRunsBatched"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"experimentIds"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"runs"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"experimentIds"},"value":{"kind":"Variable","name":{"kind":"Name","value":"experimentIds"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"experiment"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"parent"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"modelVersions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"aliases"}}]}},{"kind":"Field","name":{"kind":"Name","value":"metrics"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}}]}}]}}]}}]} as unknown as DocumentNode<TrackingRunsBatchedQuery, TrackingRunsBatchedQueryVariables>;
export const TrackingRunsFamilyDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"TrackingRunsFamily"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"experimentIds"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"runs"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"experimentIds"},"value":{"kind":"Variable","name":{"kind":"Name","value":"experimentIds"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"children"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]}}]} as unknown as DocumentNode<TrackingRunsFamilyQuery, TrackingRunsFamilyQueryVariables>;
export const TrackingRegisteredModelDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"TrackingRegisteredModel"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"number"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"alias"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"registeredModel"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"creationTime"}},{"kind":"Field","name":{"kind":"Name","value":"lastUpdatedTime"}},{"kind":"Field","name":{"kind":"Name","value":"tags"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"aliases"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"alias"}},{"kind":"Field","name":{"kind":"Name","value":"version"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"aliases"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"latestVersions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"TrackingVersionFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"versions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"1"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"version"}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"version"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"number"},"value":{"kind":"Variable","name":{"kind":"Name","value":"number"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"TrackingVersionFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"alias"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"alias"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"TrackingVersionFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ModelVersion"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"stage"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"runId"}},{"kind":"Field","name":{"kind":"Name","value":"aliases"}},{"kind":"Field","name":{"kind":"Name","value":"tags"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"creationTime"}}]}}]} as unknown as DocumentNode<TrackingRegisteredModelQuery, TrackingRegisteredModelQueryVariables>;
export const TrackingModelVersionsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"TrackingModelVersions"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"registeredModel"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"versions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"TrackingVersionFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"TrackingVersionFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ModelVersion"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"stage"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"runId"}},{"kind":"Field","name":{"kind":"Name","value":"aliases"}},{"kind":"Field","name":{"kind":"Name","value":"tags"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"creationTime"}}]}}]} as unknown as DocumentNode<TrackingModelVersionsQuery, TrackingModelVersionsQueryVariables>;
export const TrackingRegisteredModelsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"TrackingRegisteredModels"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"registeredModels"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"aliases"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"alias"}},{"kind":"Field","name":{"kind":"Name","value":"version"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"latestVersions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"aliases"}},{"kind":"Field","name":{"kind":"Name","value":"registeredModel"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<TrackingRegisteredModelsQuery, TrackingRegisteredModelsQueryVariables>;
export const TrackingModelVersionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"TrackingModelVersion"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"model"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"modelVersion"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"model"},"value":{"kind":"Variable","name":{"kind":"Name","value":"model"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"TrackingVersionFields"}},{"kind":"Field","name":{"kind":"Name","value":"signature"}},{"kind":"Field","name":{"kind":"Name","value":"run"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"registeredModel"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"TrackingVersionFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ModelVersion"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"stage"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"runId"}},{"kind":"Field","name":{"kind":"Name","value":"aliases"}},{"kind":"Field","name":{"kind":"Name","value":"tags"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"creationTime"}}]}}]} as unknown as DocumentNode<TrackingModelVersionQuery, TrackingModelVersionQueryVariables>;
export const TrackingCreateExperimentDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"TrackingCreateExperiment"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"tags"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"JSONObject"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createExperiment"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}},{"kind":"Argument","name":{"kind":"Name","value":"tags"},"value":{"kind":"Variable","name":{"kind":"Name","value":"tags"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"lifecycleStage"}},{"kind":"Field","name":{"kind":"Name","value":"tags"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}}]}}]}}]} as unknown as DocumentNode<TrackingCreateExperimentMutation, TrackingCreateExperimentMutationVariables>;
export const TrackingRegisterModelDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"TrackingRegisterModel"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"runId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"artifactPath"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"registerModel"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"runId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"runId"}}},{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}},{"kind":"Argument","name":{"kind":"Name","value":"artifactPath"},"value":{"kind":"Variable","name":{"kind":"Name","value":"artifactPath"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"TrackingVersionFields"}},{"kind":"Field","name":{"kind":"Name","value":"signature"}},{"kind":"Field","name":{"kind":"Name","value":"run"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"registeredModel"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"TrackingVersionFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ModelVersion"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"stage"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"runId"}},{"kind":"Field","name":{"kind":"Name","value":"aliases"}},{"kind":"Field","name":{"kind":"Name","value":"tags"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"creationTime"}}]}}]} as unknown as DocumentNode<TrackingRegisterModelMutation, TrackingRegisterModelMutationVariables>;
export const TrainGridDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"TrainGrid"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"TrainGridInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"trainGrid"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"TrainingJobFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"TrainingJobFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"TrainingJob"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"completed"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"createdBy"}},{"kind":"Field","name":{"kind":"Name","value":"parentRun"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"experiment"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"tags"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"params"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"metrics"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"datasetInputs"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"digest"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"sourceType"}},{"kind":"Field","name":{"kind":"Name","value":"schema"}}]}},{"kind":"Field","name":{"kind":"Name","value":"children"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"trials"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"algorithm"}},{"kind":"Field","name":{"kind":"Name","value":"params"}},{"kind":"Field","name":{"kind":"Name","value":"metrics"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"run"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"artifactUri"}},{"kind":"Field","name":{"kind":"Name","value":"parent"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"tags"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"params"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"best"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"algorithm"}},{"kind":"Field","name":{"kind":"Name","value":"params"}},{"kind":"Field","name":{"kind":"Name","value":"metrics"}},{"kind":"Field","name":{"kind":"Name","value":"run"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"modelVersion"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"runId"}},{"kind":"Field","name":{"kind":"Name","value":"aliases"}},{"kind":"Field","name":{"kind":"Name","value":"tags"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}}]}}]}}]} as unknown as DocumentNode<TrainGridMutation, TrainGridMutationVariables>;
export const CancelTrainingJobDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CancelTrainingJob"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cancelTrainingJob"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"TrainingJobFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"TrainingJobFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"TrainingJob"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"completed"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"createdBy"}},{"kind":"Field","name":{"kind":"Name","value":"parentRun"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"experiment"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"tags"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"params"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"metrics"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"datasetInputs"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"digest"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"sourceType"}},{"kind":"Field","name":{"kind":"Name","value":"schema"}}]}},{"kind":"Field","name":{"kind":"Name","value":"children"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"trials"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"algorithm"}},{"kind":"Field","name":{"kind":"Name","value":"params"}},{"kind":"Field","name":{"kind":"Name","value":"metrics"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"run"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"artifactUri"}},{"kind":"Field","name":{"kind":"Name","value":"parent"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"tags"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"params"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"best"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"algorithm"}},{"kind":"Field","name":{"kind":"Name","value":"params"}},{"kind":"Field","name":{"kind":"Name","value":"metrics"}},{"kind":"Field","name":{"kind":"Name","value":"run"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"modelVersion"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"runId"}},{"kind":"Field","name":{"kind":"Name","value":"aliases"}},{"kind":"Field","name":{"kind":"Name","value":"tags"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}}]}}]}}]} as unknown as DocumentNode<CancelTrainingJobMutation, CancelTrainingJobMutationVariables>;
export const TrainingJobDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"TrainingJob"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"trainingJob"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"TrainingJobFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"TrainingJobFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"TrainingJob"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"completed"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"createdBy"}},{"kind":"Field","name":{"kind":"Name","value":"parentRun"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"experiment"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"tags"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"params"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"metrics"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"datasetInputs"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"digest"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"sourceType"}},{"kind":"Field","name":{"kind":"Name","value":"schema"}}]}},{"kind":"Field","name":{"kind":"Name","value":"children"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"trials"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"algorithm"}},{"kind":"Field","name":{"kind":"Name","value":"params"}},{"kind":"Field","name":{"kind":"Name","value":"metrics"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"run"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"artifactUri"}},{"kind":"Field","name":{"kind":"Name","value":"parent"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"tags"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"params"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"best"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"algorithm"}},{"kind":"Field","name":{"kind":"Name","value":"params"}},{"kind":"Field","name":{"kind":"Name","value":"metrics"}},{"kind":"Field","name":{"kind":"Name","value":"run"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"modelVersion"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"runId"}},{"kind":"Field","name":{"kind":"Name","value":"aliases"}},{"kind":"Field","name":{"kind":"Name","value":"tags"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}}]}}]}}]} as unknown as DocumentNode<TrainingJobQuery, TrainingJobQueryVariables>;
export const TrainingJobsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"TrainingJobs"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"trainingJobs"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"completed"}},{"kind":"Field","name":{"kind":"Name","value":"createdBy"}}]}}]}}]} as unknown as DocumentNode<TrainingJobsQuery, TrainingJobsQueryVariables>;