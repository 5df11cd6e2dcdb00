// One trial, pure compute: cross-validate a parameter set, refit on the training part, score on the test split.
import { fitEstimator, needsBias } from "../models/estimators";
import { GATEWAY_FLAVOR, GatewayModelFile, MODEL_FORMAT_VERSION } from "../models/model-format";
import { restrictPlan } from "./halving";
import { meanStd, METRIC_NAMES, scoreAll, Scores } from "./metrics";
import { FeatureColumn, fitPipeline, inputColumns, transformRows } from "../models/pipeline";
import { profileRows } from "../models/training-profile";
import type { TrialSpec } from "./search";
import type { EvaluationPlan } from "./split";

/** Everything a trial needs, shared by all trials of a job (sent once to each worker). */
export interface TrainingData {
  label: string;
  features: FeatureColumn[];
  /** Rows with a label, feature columns only. */
  rows: Record<string, unknown>[];
  /** Class index of each row. */
  labels: number[];
  classes: string[];
  plan: EvaluationPlan;
  seed: number;
}

export interface TrialOutcome {
  /** cv_<metric>_mean, cv_<metric>_std and test_<metric> for every defined metric. */
  metrics: Record<string, number>;
  /** Fitted on the whole training part. */
  model: GatewayModelFile;
  /** Wall time of the trial's compute. */
  seconds: number;
}

function fitAndScore(data: TrainingData, spec: TrialSpec, train: number[], score: number[]) {
  const pick = (idx: number[]) => idx.map((i) => data.rows[i]);
  const pipeline = fitPipeline(pick(train), data.features, { bias: needsBias(spec.algorithm) });
  const estimator = fitEstimator(
    spec.algorithm,
    spec.params,
    transformRows(pipeline, pick(train)),
    train.map((i) => data.labels[i]),
    { nClasses: data.classes.length, seed: data.seed },
  );
  const proba = estimator.predictProba(transformRows(pipeline, pick(score)));
  const scores = scoreAll(
    score.map((i) => data.labels[i]),
    proba,
    data.classes.length,
  );
  return { pipeline, estimator, scores };
}

/** Cross-validate, refit on the training part, score on the test split; the pipeline is fitted on training rows only. */
export function runTrial(
  data: TrainingData,
  spec: TrialSpec,
  now: () => Date = () => new Date(),
): TrialOutcome {
  const started = performance.now();
  const plan = spec.rows ? restrictPlan(data.plan, data.labels, spec.rows, data.seed) : data.plan;
  const foldScores: Scores[] = plan.folds.map((f) => fitAndScore(data, spec, f.train, f.valid).scores);
  const final = fitAndScore(data, spec, plan.train, plan.test);
  const metrics: Record<string, number> = {};
  for (const m of METRIC_NAMES) {
    const values = foldScores.map((s) => s[m]).filter((v): v is number => v !== undefined);
    if (values.length) {
      const { mean, std } = meanStd(values);
      metrics[`cv_${m}_mean`] = mean;
      metrics[`cv_${m}_std`] = std;
    }
    if (final.scores[m] !== undefined) metrics[`test_${m}`] = final.scores[m]!;
  }
  const model: GatewayModelFile = {
    format: GATEWAY_FLAVOR,
    formatVersion: MODEL_FORMAT_VERSION,
    algorithm: spec.algorithm,
    params: spec.params,
    label: data.label,
    classes: data.classes,
    inputs: inputColumns(data.features),
    pipeline: final.pipeline,
    estimator: final.estimator.toJSON(),
    createdAt: now().toISOString(),
    trainingProfile: profileRows(
      plan.train.map((i) => data.rows[i]),
      data.features.map((f) => ({ name: f.name, kind: f.numeric ? "numeric" : "categorical" })),
    ),
  };
  return { metrics, model, seconds: (performance.now() - started) / 1000 };
}
