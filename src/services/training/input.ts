// trainGrid's input checks and data: every rule a request must pass before a job exists, and the prepared dataset.
import type { Config } from "../../config";
import { badInput } from "../../errors";
import { DatasetSource } from "../../schema/enums";
import type { DatasetService, TableData } from "../datasets/service";
import type { MlflowDatasetInput } from "../mlflow/types";
import { FeatureColumn, labelRows } from "../models/pipeline";
import { checkAlias } from "../promotion/rules";
import { METRIC_NAMES, MetricName } from "./metrics";
import { GridEntryInput, parseSearchSpaces, planTrials, SearchSpace, Strategy, TrialSpec } from "./search";
import { planEvaluation } from "./split";
import type { TrainingData } from "./trial";

/** trainGrid's input as the service reads it (the GraphQL input class fits it). */
export interface TrainGridRequest {
  experimentName: string;
  dataset: string;
  source: DatasetSource;
  label: string;
  features?: string[] | null;
  grid: GridEntryInput[];
  strategy: Strategy;
  trials?: number | null;
  folds: number;
  testFraction: number;
  seed: number;
  rankBy: string;
  registerAs?: string | null;
  promoteTo?: string | null;
  /** With promoteTo: promoteModel's guard (the alias moves only if the new version is strictly better). */
  requireBetter?: { metric: string; higherIsBetter: boolean } | null;
  wait: boolean;
}

/** What a job needs once validated: data, evaluation plan, trials, MLflow dataset input. */
export interface PreparedJob {
  request: TrainGridRequest;
  rankBy: MetricName;
  data: TrainingData;
  trials: TrialSpec[];
  spaces: SearchSpace[];
  datasetInput: MlflowDatasetInput;
  featureNames: string[];
  droppedRows: number;
}

export interface InputDeps {
  config: Config;
  datasets: DatasetService;
}

/** One-hot columns per text feature: beyond this a column is an id or free text, and the matrix explodes. */
const MAX_CATEGORIES = 1000;
const MODEL_NAME = /^[A-Za-z0-9][A-Za-z0-9_.\- ]{0,255}$/; // the rule registerRunModel applies, checked before training

export async function prepareJob(deps: InputDeps, request: TrainGridRequest): Promise<PreparedJob> {
  const { config } = deps;
  if (!request.experimentName?.trim()) {
    throw badInput("experimentName is empty: name the MLflow experiment to track the job in", {
      field: "input.experimentName",
    });
  }
  const rankBy = request.rankBy as MetricName;
  if (!METRIC_NAMES.includes(rankBy)) {
    throw badInput(
      `rankBy ${JSON.stringify(request.rankBy)} is not a metric; use one of ${METRIC_NAMES.join(", ")}`,
      {
        field: "input.rankBy",
      },
    );
  }
  if (!(request.testFraction > 0 && request.testFraction < 1)) {
    throw badInput(`testFraction ${request.testFraction} must be between 0 and 1 (exclusive), e.g. 0.2`, {
      field: "input.testFraction",
    });
  }
  if (!Number.isInteger(request.folds) || request.folds < 0 || request.folds > 50) {
    throw badInput(
      `folds ${request.folds} must be a whole number from 2 to 50 (or 0 for a validation split)`,
      {
        field: "input.folds",
      },
    );
  }
  if (
    request.registerAs !== null &&
    request.registerAs !== undefined &&
    !MODEL_NAME.test(request.registerAs)
  ) {
    throw badInput(
      `registerAs ${JSON.stringify(request.registerAs)} is not a valid model name: use letters, digits, "_", "-", "." and spaces`,
      { field: "input.registerAs" },
    );
  }
  if (request.promoteTo) {
    if (!request.registerAs) {
      throw badInput("promoteTo needs registerAs: the alias points at the version trainGrid registers", {
        field: "input.promoteTo",
      });
    }
    checkAlias(request.promoteTo, "input.promoteTo");
  }
  if (request.requireBetter) {
    if (!request.promoteTo) {
      throw badInput("requireBetter needs promoteTo: it guards the alias move that promoteTo asks for", {
        field: "input.requireBetter",
      });
    }
    if (!request.requireBetter.metric.trim()) {
      throw badInput("input.requireBetter.metric is empty: name a metric such as test_accuracy", {
        field: "input.requireBetter.metric",
      });
    }
  }
  const spaces = parseSearchSpaces(request.grid, request.strategy);
  const trials = planTrials(
    spaces,
    request.strategy,
    request.trials,
    request.seed,
    config.training.maxTrials,
  );

  const table = await readData(deps, request);
  const label = request.label;
  const featureNames = table.columns.map((c) => c.name).filter((n) => n !== label);
  const features: FeatureColumn[] = table.columns
    .filter((c) => c.name !== label)
    .map((c) => ({ name: c.name, numeric: c.numeric }));
  const labelled = labelRows(table.rows, label);
  for (const f of features) {
    if (f.numeric) continue;
    const distinct = new Set(labelled.rows.map((r) => r[f.name])).size;
    if (distinct > MAX_CATEGORIES) {
      throw badInput(
        `feature ${JSON.stringify(f.name)} is text with ${distinct} distinct values; one-hot encoding allows at most ${MAX_CATEGORIES}: leave it out with features (an id or free text does not generalize)`,
        {
          field: request.features ? `input.features[${request.features.indexOf(f.name)}]` : "input.features",
        },
      );
    }
  }
  if (labelled.classes.length < 2) {
    throw badInput(
      `label ${JSON.stringify(label)} has ${labelled.classes.length} distinct value(s) in the ${labelled.rows.length} rows with a label; classification needs at least 2`,
      { field: "input.label" },
    );
  }
  const plan = planEvaluation(labelled.labels, {
    testFraction: request.testFraction,
    folds: request.folds,
    seed: request.seed,
  });
  const data: TrainingData = {
    label,
    features,
    rows: labelled.rows.map((r) => Object.fromEntries(features.map((f) => [f.name, r[f.name]]))),
    labels: labelled.labels,
    classes: labelled.classes,
    plan,
    seed: request.seed,
  };
  return {
    request,
    rankBy,
    data,
    trials,
    spaces,
    datasetInput: datasetInput(table, label),
    featureNames,
    droppedRows: labelled.dropped,
  };
}

/** Read label and features (every other column by default); unknown names are BAD_USER_INPUT naming the field. */
async function readData(deps: InputDeps, request: TrainGridRequest): Promise<TableData> {
  const { label } = request;
  const fields = { dataset: "input.dataset" };
  if (request.features) {
    const features = request.features;
    if (!features.length) {
      throw badInput(
        "features is an empty list: name the columns to train on, or leave it out for all but the label",
        {
          field: "input.features",
        },
      );
    }
    features.forEach((f, i) => {
      if (f === label)
        throw badInput(
          `features[${i}] is the label ${JSON.stringify(label)}: a model cannot learn from its own answer`,
          {
            field: `input.features[${i}]`,
          },
        );
      if (features.indexOf(f) !== i)
        throw badInput(`features lists ${JSON.stringify(f)} twice`, { field: `input.features[${i}]` });
    });
    return deps.datasets.readTable(request.source, request.dataset, [label, ...features], {
      ...fields,
      column: (c) => (c === label ? "input.label" : `input.features[${features.indexOf(c)}]`),
    });
  }
  const table = await deps.datasets.readTable(request.source, request.dataset, undefined, fields);
  if (!table.columns.some((c) => c.name === label)) {
    throw badInput(
      `label ${JSON.stringify(label)} is not a column of dataset ${JSON.stringify(request.dataset)}; it has ${table.columns.map((c) => c.name).join(", ")}`,
      { field: "input.label" },
    );
  }
  if (table.columns.length < 2) {
    throw badInput(`dataset ${JSON.stringify(request.dataset)} has no column besides the label`, {
      field: "input.dataset",
    });
  }
  return table;
}

/** The MLflow dataset input of a table: name, digest, source URI, schema (MLflow ColSpec) and profile. */
function datasetInput(table: TableData, label: string): MlflowDatasetInput {
  const colspec = table.columns.map((c) => ({
    type: c.numeric ? "double" : "string",
    name: c.name,
    required: c.name === label || !c.nullable,
  }));
  return {
    tags: [{ key: "mlflow.data.context", value: "training" }],
    dataset: {
      name: table.table,
      digest: table.digest.slice(0, 36),
      source_type: table.source === DatasetSource.POSTGRES ? "postgresql" : "mysql",
      source: table.sourceUri,
      schema: JSON.stringify({ mlflow_colspec: colspec }),
      profile: JSON.stringify({
        num_rows: table.rows.length,
        num_elements: table.rows.length * table.columns.length,
      }),
    },
  };
}
