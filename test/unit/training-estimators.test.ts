import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { parse } from "csv-parse/sync";
import { GraphQLError } from "graphql";
import { ALGORITHMS, withDefaults } from "../../src/services/models/hyperparams";
import type { GatewayModelFile } from "../../src/services/models/model-format";
import { loadGatewayModel, ModelFormatError } from "../../src/services/models/model-runtime";
import { labelRows } from "../../src/services/models/pipeline";
import { planEvaluation } from "../../src/services/training/split";
import { runTrial, TrainingData } from "../../src/services/training/trial";

const NUMERIC = ["bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g", "year"];

/** The raw penguins table as the datasets service reads it: NA as null, numbers as numbers. */
function penguins(): TrainingData {
  const file = path.resolve(__dirname, "..", "..", "..", "data", "penguins.csv");
  const records = parse(readFileSync(file), { columns: true }) as Record<string, string>[];
  const rows = records.map((r) =>
    Object.fromEntries(
      Object.entries(r).map(([k, v]) => [k, v === "NA" ? null : NUMERIC.includes(k) ? Number(v) : v]),
    ),
  );
  const labelled = labelRows(rows, "species");
  const features = [
    "island",
    "bill_length_mm",
    "bill_depth_mm",
    "flipper_length_mm",
    "body_mass_g",
    "sex",
    "year",
  ].map((name) => ({ name, numeric: NUMERIC.includes(name) }));
  return {
    label: "species",
    features,
    rows: labelled.rows.map((r) => Object.fromEntries(features.map((f) => [f.name, r[f.name]]))),
    labels: labelled.labels,
    classes: labelled.classes,
    plan: planEvaluation(labelled.labels, { testFraction: 0.2, folds: 3, seed: 42 }),
    seed: 42,
  };
}

const data = penguins();
const probe = [
  {
    island: "Biscoe",
    bill_length_mm: 47.5,
    bill_depth_mm: 14.2,
    flipper_length_mm: 217,
    body_mass_g: 4875,
    sex: "female",
    year: 2008,
  },
  {
    island: "Dream",
    bill_length_mm: 49.5,
    bill_depth_mm: 19,
    flipper_length_mm: 200,
    body_mass_g: 3800,
    sex: "male",
    year: 2008,
  },
  {
    island: "Torgersen",
    bill_length_mm: 38.6,
    bill_depth_mm: 21.2,
    flipper_length_mm: 191,
    body_mass_g: 3800,
    sex: "male",
    year: 2007,
  },
  // missing values are imputed, an unseen island encodes as all zeros
  { island: "Atlantis", bill_length_mm: null },
];

const PARAMS: Record<string, Record<string, number | string | boolean>> = {
  LOGISTIC_REGRESSION: { learningRate: 0.1, numSteps: 300 },
  RANDOM_FOREST: { nEstimators: 10 },
  NAIVE_BAYES: { varSmoothing: 0.01 },
};

for (const algorithm of ALGORITHMS) {
  test(`${algorithm} trains on raw penguins, scores well and predicts the same after a JSON round trip`, () => {
    const spec = { algorithm, params: withDefaults(algorithm, PARAMS[algorithm] ?? {}) };
    const out = runTrial(data, spec);
    assert.equal(out.model.algorithm, algorithm);
    assert.deepEqual(out.model.classes, ["Adelie", "Chinstrap", "Gentoo"]);
    for (const key of [
      "accuracy",
      "f1_macro",
      "precision_macro",
      "recall_macro",
      "log_loss",
      "roc_auc_ovr",
    ]) {
      assert.equal(typeof out.metrics[`test_${key}`], "number", key);
      assert.equal(typeof out.metrics[`cv_${key}_mean`], "number", key);
      assert.equal(typeof out.metrics[`cv_${key}_std`], "number", key);
    }
    assert.ok(
      out.metrics.test_accuracy >= (algorithm === "NAIVE_BAYES" ? 0.85 : 0.93),
      JSON.stringify(out.metrics),
    );
    const file = JSON.parse(JSON.stringify(out.model)) as GatewayModelFile;
    const model = loadGatewayModel(file);
    const proba = model.predictProba(probe);
    assert.equal(proba.length, probe.length);
    for (const row of proba) {
      assert.equal(row.length, 3);
      assert.ok(Math.abs(row.reduce((a, b) => a + b, 0) - 1) < 1e-9, `sums to 1: ${row}`);
      assert.ok(row.every((p) => p >= 0 && p <= 1));
    }
    const best = proba.slice(0, 3).map((row) => file.classes[row.indexOf(Math.max(...row))]);
    assert.deepEqual(best, ["Gentoo", "Chinstrap", "Adelie"]);
    // loading again gives identical answers: the file is not changed by loading
    assert.deepEqual(loadGatewayModel(file).predictProba(probe), proba);
  });
}

test("logistic regression reaches test accuracy ≥ 0.95 on raw penguins for sensible grids", () => {
  for (const learningRate of [0.05, 0.1]) {
    for (const numSteps of [200, 500]) {
      const out = runTrial(data, { algorithm: "LOGISTIC_REGRESSION", params: { learningRate, numSteps } });
      assert.ok(
        out.metrics.test_accuracy >= 0.95,
        `${learningRate}/${numSteps}: ${out.metrics.test_accuracy}`,
      );
      assert.ok(
        out.metrics.cv_accuracy_mean >= 0.95,
        `${learningRate}/${numSteps}: ${out.metrics.cv_accuracy_mean}`,
      );
    }
  }
});

test("the model runtime refuses text in a numeric column, naming the input field", () => {
  const out = runTrial(data, { algorithm: "KNN", params: withDefaults("KNN", {}) });
  const model = loadGatewayModel(out.model);
  assert.throws(
    () => model.predictProba([probe[0], { ...probe[0], bill_length_mm: "long" }]),
    (err: unknown) =>
      err instanceof GraphQLError &&
      err.extensions.code === "BAD_USER_INPUT" &&
      err.extensions.field === "inputs[1].bill_length_mm",
  );
  assert.equal(
    model.predictProba([{ ...probe[0], bill_length_mm: "47.5" }]).length,
    1,
    "numeric text is read",
  );
});

test("the model runtime refuses files that are not gateway models", () => {
  const out = runTrial(data, { algorithm: "NAIVE_BAYES", params: withDefaults("NAIVE_BAYES", {}) });
  assert.throws(() => loadGatewayModel({ ...out.model, format: "sklearn" } as never), ModelFormatError);
  assert.throws(() => loadGatewayModel({ ...out.model, formatVersion: 2 } as never), ModelFormatError);
  assert.throws(() => loadGatewayModel({ ...out.model, algorithm: "XGBOOST" }), ModelFormatError);
});
