// Every GraphQL enum of the schema, registered with type-graphql.
import { registerEnumType } from "type-graphql";

export enum DatasetSource {
  MYSQL = "MYSQL",
  POSTGRES = "POSTGRES",
}
registerEnumType(DatasetSource, { name: "DatasetSource", description: "Where a dataset table lives." });

export enum BuiltinDataset {
  PENGUINS = "PENGUINS",
  IRIS = "IRIS",
}
registerEnumType(BuiltinDataset, {
  name: "BuiltinDataset",
  description:
    "Datasets shipped with the gateway (no download): Palmer penguins (CC0) and Fisher's iris (public domain).",
});

export enum IngestMode {
  REPLACE = "REPLACE",
  APPEND = "APPEND",
}
registerEnumType(IngestMode, {
  name: "IngestMode",
  description: "REPLACE swaps a new table in atomically; APPEND adds rows when the columns match.",
});

export enum RunStatus {
  RUNNING = "RUNNING",
  SCHEDULED = "SCHEDULED",
  FINISHED = "FINISHED",
  FAILED = "FAILED",
  KILLED = "KILLED",
}
registerEnumType(RunStatus, { name: "RunStatus", description: "MLflow run status." });

export enum ModelStage {
  NONE = "NONE",
  STAGING = "STAGING",
  PRODUCTION = "PRODUCTION",
  ARCHIVED = "ARCHIVED",
}
registerEnumType(ModelStage, {
  name: "ModelStage",
  description: "MLflow's legacy (deprecated) model stages.",
});

export enum Algorithm {
  LOGISTIC_REGRESSION = "LOGISTIC_REGRESSION",
  DECISION_TREE = "DECISION_TREE",
  RANDOM_FOREST = "RANDOM_FOREST",
  KNN = "KNN",
  NAIVE_BAYES = "NAIVE_BAYES",
  SVM = "SVM",
  GRADIENT_BOOSTING = "GRADIENT_BOOSTING",
  ADABOOST = "ADABOOST",
}
registerEnumType(Algorithm, {
  name: "Algorithm",
  description: "Model families the gateway trains itself (ml.js).",
  valuesConfig: {
    LOGISTIC_REGRESSION: {
      description: "One-vs-rest logistic regression (ml-logistic-regression) with bias and standardization.",
    },
    DECISION_TREE: { description: "CART decision tree classifier (ml-cart)." },
    RANDOM_FOREST: { description: "Random forest classifier (ml-random-forest)." },
    KNN: { description: "k-nearest neighbours (ml-knn) on standardized features." },
    NAIVE_BAYES: { description: "Gaussian naive Bayes (ml-naivebayes)." },
    SVM: {
      description:
        "Support vector classifier (libsvm via libsvm-js), rbf or linear kernel; Platt-scaled pairwise probabilities.",
    },
    GRADIENT_BOOSTING: {
      description:
        "Gradient boosted regression trees with softmax over the classes (scikit-learn's algorithm).",
    },
    ADABOOST: { description: "SAMME AdaBoost over depth-limited decision trees (scikit-learn's algorithm)." },
  },
});

export enum SearchStrategy {
  GRID = "GRID",
  RANDOM = "RANDOM",
  TPE = "TPE",
  HALVING = "HALVING",
}
registerEnumType(SearchStrategy, {
  name: "SearchStrategy",
  description:
    "TPE: model-based search over ranges (as Optuna's default sampler). HALVING: successive halving; candidates dropped early end KILLED.",
  valuesConfig: {
    GRID: { description: "Every combination of the listed values." },
    RANDOM: { description: "`trials` combinations sampled reproducibly from `seed` (lists and ranges)." },
    TPE: {
      description:
        "Tree-structured Parzen estimator: random start-up trials, then `trials` in batches, each drawn to maximise l(x)/g(x).",
    },
    HALVING: {
      description:
        "Successive halving: every candidate trains on a few rows, the best third advance with triple the rows.",
    },
  },
});

export enum JobStatus {
  QUEUED = "QUEUED",
  RUNNING = "RUNNING",
  SUCCEEDED = "SUCCEEDED",
  FAILED = "FAILED",
  CANCELLED = "CANCELLED",
}
registerEnumType(JobStatus, { name: "JobStatus", description: "Lifecycle of a training job." });

export enum Role {
  VIEWER = "VIEWER",
  TRAINER = "TRAINER",
  ADMIN = "ADMIN",
}
registerEnumType(Role, {
  name: "Role",
  description: "VIEWER: queries and predict; TRAINER: + ingest, prepare, train, register; ADMIN: + promote.",
});

export enum TagTarget {
  EXPERIMENT = "EXPERIMENT",
  RUN = "RUN",
  REGISTERED_MODEL = "REGISTERED_MODEL",
  MODEL_VERSION = "MODEL_VERSION",
}
registerEnumType(TagTarget, {
  name: "TagTarget",
  description: "What a tag is set on: an experiment, a run, a registered model or a model version (MLflow).",
});

export enum PipelineTrigger {
  SCHEDULE = "SCHEDULE",
  MANUAL = "MANUAL",
}
registerEnumType(PipelineTrigger, {
  name: "PipelineTrigger",
  description: "What started a pipeline run: its cron schedule or runPipeline.",
});
