// Each algorithm's hyperparameters (type, range, default) and the validation of user-given values.
import { badInput } from "../../errors";

/** The algorithms the gateway trains (the GraphQL `Algorithm` enum has the same values). */
export const ALGORITHMS = [
  "LOGISTIC_REGRESSION",
  "DECISION_TREE",
  "RANDOM_FOREST",
  "KNN",
  "NAIVE_BAYES",
  "SVM",
  "GRADIENT_BOOSTING",
  "ADABOOST",
] as const;
export type AlgorithmName = (typeof ALGORITHMS)[number];

export type ParamValue = number | string | boolean;

export type ParamSpec =
  | { type: "float"; min: number; max: number; minExclusive?: boolean; default: number; description: string }
  | { type: "int"; min: number; max: number; default: number; description: string }
  | { type: "choice"; values: string[]; default: string; description: string }
  | { type: "boolean"; default: boolean; description: string };

export const HYPERPARAMETERS: Record<AlgorithmName, Record<string, ParamSpec>> = {
  LOGISTIC_REGRESSION: {
    learningRate: {
      type: "float",
      min: 0,
      minExclusive: true,
      max: 10,
      default: 0.1,
      description:
        "gradient step per row (divided by the row count for ml-logistic-regression's summed gradient)",
    },
    numSteps: { type: "int", min: 1, max: 100_000, default: 500, description: "gradient descent steps" },
  },
  DECISION_TREE: {
    maxDepth: { type: "int", min: 1, max: 64, default: 10, description: "maximum depth of the tree" },
    minNumSamples: {
      type: "int",
      min: 1,
      max: 100_000,
      default: 3,
      description: "a node with this many rows or fewer becomes a leaf",
    },
    gainThreshold: {
      type: "float",
      min: 0,
      max: 1,
      default: 0.01,
      description: "minimum Gini gain for a split",
    },
  },
  RANDOM_FOREST: {
    nEstimators: { type: "int", min: 1, max: 500, default: 25, description: "number of trees" },
    maxFeatures: {
      type: "float",
      min: 0,
      minExclusive: true,
      max: 1,
      default: 0.8,
      description: "fraction of the features each tree sees",
    },
    maxDepth: { type: "int", min: 1, max: 64, default: 10, description: "maximum depth of each tree" },
    minNumSamples: {
      type: "int",
      min: 1,
      max: 100_000,
      default: 3,
      description: "a node with this many rows or fewer becomes a leaf",
    },
    replacement: {
      type: "boolean",
      default: false,
      description: "draw each tree's features with replacement",
    },
  },
  KNN: {
    k: { type: "int", min: 1, max: 500, default: 5, description: "number of neighbours" },
    weights: {
      type: "choice",
      values: ["uniform", "distance"],
      default: "uniform",
      description: "neighbour votes: equal, or weighted by 1/distance",
    },
  },
  NAIVE_BAYES: {
    varSmoothing: {
      type: "float",
      min: 0,
      max: 1,
      default: 1e-9,
      description:
        "fraction of the largest feature variance added to every variance (as scikit-learn's GaussianNB)",
    },
  },
  // Defaults are scikit-learn's (SVC, GradientBoostingClassifier, AdaBoostClassifier).
  SVM: {
    C: {
      type: "float",
      min: 0,
      minExclusive: true,
      max: 1e6,
      default: 1,
      description: "regularization: the penalty on margin violations (larger fits the training rows harder)",
    },
    kernel: {
      type: "choice",
      values: ["rbf", "linear"],
      default: "rbf",
      description: "rbf: exp(-gamma·|x-x'|²); linear: x·x'",
    },
    gamma: {
      type: "float",
      min: 0,
      max: 1e4,
      default: 0,
      description:
        'rbf kernel width; 0 means scikit-learn\'s "scale", 1 / (features · variance of the inputs)',
    },
  },
  GRADIENT_BOOSTING: {
    nEstimators: { type: "int", min: 1, max: 2000, default: 100, description: "boosting stages" },
    learningRate: {
      type: "float",
      min: 0,
      minExclusive: true,
      max: 10,
      default: 0.1,
      description: "shrinkage of each stage's trees",
    },
    maxDepth: { type: "int", min: 1, max: 32, default: 3, description: "maximum depth of each tree" },
    subsample: {
      type: "float",
      min: 0,
      minExclusive: true,
      max: 1,
      default: 1,
      description: "share of the rows each stage fits on (below 1: stochastic gradient boosting)",
    },
  },
  ADABOOST: {
    nEstimators: { type: "int", min: 1, max: 2000, default: 50, description: "boosting rounds (at most)" },
    learningRate: {
      type: "float",
      min: 0,
      minExclusive: true,
      max: 10,
      default: 1,
      description: "shrinkage of each tree's vote weight",
    },
    maxDepth: {
      type: "int",
      min: 1,
      max: 32,
      default: 1,
      description: "depth of the base trees (1: decision stumps)",
    },
  },
};

/** "learningRate (float > 0 to 10, default 0.1)". */
export function describeParam(name: string, spec: ParamSpec): string {
  switch (spec.type) {
    case "float":
      return `${name} (number ${spec.minExclusive ? ">" : "≥"} ${spec.min} and ≤ ${spec.max}, default ${spec.default})`;
    case "int":
      return `${name} (whole number ${spec.min}–${spec.max}, default ${spec.default})`;
    case "choice":
      return `${name} (one of ${spec.values.map((v) => JSON.stringify(v)).join(", ")}, default "${spec.default}")`;
    case "boolean":
      return `${name} (true or false, default ${spec.default})`;
  }
}

/** Every hyperparameter of an algorithm, described for error messages. */
export function describeAllowed(algorithm: AlgorithmName): string {
  return Object.entries(HYPERPARAMETERS[algorithm])
    .map(([n, s]) => describeParam(n, s))
    .join("; ");
}

/** The spec of a named hyperparameter, or BAD_USER_INPUT listing the allowed names. */
export function paramSpec(algorithm: AlgorithmName, name: string, field: string): ParamSpec {
  const spec = Object.prototype.hasOwnProperty.call(HYPERPARAMETERS[algorithm], name)
    ? HYPERPARAMETERS[algorithm][name]
    : undefined;
  if (!spec) {
    throw badInput(
      `${algorithm} has no hyperparameter ${JSON.stringify(name)}; allowed: ${describeAllowed(algorithm)}`,
      { field },
    );
  }
  return spec;
}

/** Check one value against its spec; BAD_USER_INPUT names the field and what is allowed. */
export function checkParamValue(name: string, spec: ParamSpec, value: unknown, field: string): ParamValue {
  const fail = () =>
    badInput(`${field} = ${JSON.stringify(value)} is not allowed: expected ${describeParam(name, spec)}`, {
      field,
    });
  switch (spec.type) {
    case "float":
    case "int": {
      if (typeof value !== "number" || !Number.isFinite(value)) throw fail();
      if (spec.type === "int" && !Number.isInteger(value)) throw fail();
      const low = spec.type === "float" && spec.minExclusive ? value <= spec.min : value < spec.min;
      if (low || value > spec.max) throw fail();
      return value;
    }
    case "choice":
      if (typeof value !== "string" || !spec.values.includes(value)) throw fail();
      return value;
    case "boolean":
      if (typeof value !== "boolean") throw fail();
      return value;
  }
}

/** The full parameter set of a trial: the given values over the defaults. */
export function withDefaults(
  algorithm: AlgorithmName,
  params: Record<string, ParamValue>,
): Record<string, ParamValue> {
  const out: Record<string, ParamValue> = {};
  for (const [name, spec] of Object.entries(HYPERPARAMETERS[algorithm]))
    out[name] = params[name] ?? spec.default;
  return out;
}
