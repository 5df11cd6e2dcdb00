// ONNX export: every family's graph passes onnx.checker and gives the JavaScript runtime's answers in
// onnxruntime-node and in Python's onnxruntime (labels identical, probabilities within 1e-4).
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import * as ort from "onnxruntime-node";
import { ALGORITHMS, withDefaults } from "../../src/services/models/hyperparams";
import { loadGatewayModel } from "../../src/services/models/model-runtime";
import { exportOnnx, onnxInputs } from "../../src/services/models/onnx/export";
import { labelRows } from "../../src/services/models/pipeline";
import { planEvaluation } from "../../src/services/training/split";
import { runTrial, TrainingData } from "../../src/services/training/trial";
import { penguinData, penguinRows } from "../helpers/penguins";
import { runPythonJson } from "../helpers/python";

const data = penguinData();
const dir = mkdtempSync(path.join(os.tmpdir(), "onnx-export-"));
after(() => rmSync(dir, { recursive: true, force: true }));

// The test split's rows, plus rows with missing values, an unseen island and an empty text value.
const rows: Record<string, unknown>[] = [
  ...data.plan.test.map((i) => data.rows[i]),
  { island: "Atlantis", bill_length_mm: null, sex: "female" },
  { island: "Dream", bill_length_mm: 45, bill_depth_mm: null, sex: null, year: 2009 },
  { island: "", flipper_length_mm: 230, body_mass_g: 6000, sex: "" },
];

const PARAMS: Record<string, Record<string, number | string | boolean>[]> = {
  LOGISTIC_REGRESSION: [{ learningRate: 0.1, numSteps: 300 }],
  DECISION_TREE: [{}],
  RANDOM_FOREST: [{ nEstimators: 10 }],
  KNN: [{}, { k: 7, weights: "distance" }],
  NAIVE_BAYES: [{ varSmoothing: 0.01 }],
  GRADIENT_BOOSTING: [{}, { nEstimators: 30, subsample: 0.7, maxDepth: 4 }],
  ADABOOST: [{}, { maxDepth: 3, learningRate: 0.5 }],
  SVM: [{}, { kernel: "linear", C: 0.5 }],
};

/** The JavaScript runtime's answers: label by first maximum, as predict picks it. */
function jsAnswers(file: ReturnType<typeof runTrial>["model"]) {
  const proba = loadGatewayModel(file).predictProba(rows);
  return { proba, labels: proba.map((p) => file.classes[p.indexOf(Math.max(...p))]) };
}

async function onnxNode(bytes: Uint8Array, file: ReturnType<typeof runTrial>["model"]) {
  const session = await ort.InferenceSession.create(bytes);
  const feeds: Record<string, ort.Tensor> = {};
  for (const input of onnxInputs(file.inputs)) {
    const values = rows.map((r) => r[input.name]);
    feeds[input.name] =
      input.type === "string"
        ? new ort.Tensor(
            "string",
            values.map((v) => (v === null || v === undefined ? "" : String(v))),
            [rows.length, 1],
          )
        : new ort.Tensor(
            "float64",
            Float64Array.from(values.map((v) => (v === null || v === undefined ? NaN : Number(v)))),
            [rows.length, 1],
          );
  }
  const out = await session.run(feeds);
  const n = file.classes.length;
  const flat = out.probabilities.data as Float32Array;
  return {
    labels: [...(out.label.data as string[])],
    proba: rows.map((_, i) => Array.from(flat.subarray(i * n, (i + 1) * n))),
    dims: out.probabilities.dims,
  };
}

function assertClose(actual: number[][], expected: number[][], what: string) {
  assert.equal(actual.length, expected.length, what);
  for (let i = 0; i < expected.length; i++) {
    for (let k = 0; k < expected[i].length; k++) {
      assert.ok(
        Math.abs(actual[i][k] - expected[i][k]) <= 1e-4,
        `${what}: row ${i} class ${k}: ${actual[i][k]} vs ${expected[i][k]} (${JSON.stringify(rows[i])})`,
      );
    }
  }
}

const cases = ALGORITHMS.flatMap((algorithm) =>
  (PARAMS[algorithm] ?? [{}]).map((p) => ({ algorithm, params: withDefaults(algorithm, p) })),
);
const files: Record<string, { expected: ReturnType<typeof jsAnswers> }> = {};

for (const spec of cases) {
  test(`${spec.algorithm} ${JSON.stringify(spec.params)}: onnxruntime-node gives the JavaScript runtime's answers`, async () => {
    const model = runTrial(data, spec).model;
    const bytes = exportOnnx(model);
    const expected = jsAnswers(model);
    const got = await onnxNode(bytes, model);
    assert.deepEqual(got.dims, [rows.length, 3]);
    assert.deepEqual(got.labels, expected.labels);
    assertClose(got.proba, expected.proba, spec.algorithm);
    const file = path.join(dir, `${spec.algorithm}-${Object.keys(files).length}.onnx`);
    writeFileSync(file, bytes);
    files[file] = { expected };
  });
}

/** Penguins without Chinstrap: two classes, where libsvm answers its pair's sigmoid without coupling. */
function twoClassData(): TrainingData {
  const labelled = labelRows(
    penguinRows().filter((r) => r.species !== "Chinstrap"),
    "species",
  );
  return {
    ...data,
    rows: labelled.rows.map((r) => Object.fromEntries(data.features.map((f) => [f.name, r[f.name]]))),
    labels: labelled.labels,
    classes: labelled.classes,
    plan: planEvaluation(labelled.labels, { testFraction: 0.2, folds: 3, seed: 42 }),
  };
}

for (const algorithm of ["SVM", "GRADIENT_BOOSTING", "ADABOOST"] as const) {
  test(`${algorithm} with two classes: onnxruntime-node gives the JavaScript runtime's answers`, async () => {
    const model = runTrial(twoClassData(), { algorithm, params: withDefaults(algorithm, {}) }).model;
    assert.equal(model.classes.length, 2);
    const expected = jsAnswers(model);
    const got = await onnxNode(exportOnnx(model), model);
    assert.deepEqual(got.dims, [rows.length, 2]);
    assert.deepEqual(got.labels, expected.labels);
    assertClose(got.proba, expected.proba, algorithm);
  });
}

test("every exported graph passes onnx.checker (full_check) and Python's onnxruntime agrees", async () => {
  assert.equal(Object.keys(files).length, cases.length, "every family exported");
  const rowsFile = path.join(dir, "rows.json");
  writeFileSync(rowsFile, JSON.stringify(rows));
  const result = await runPythonJson<
    Record<
      string,
      {
        checked: boolean;
        inputs: [string, string, unknown[]][];
        outputs: [string, string][];
        label: string[];
        probabilities: number[][];
      }
    >
  >("onnx_check.py", [rowsFile, ...Object.keys(files)]);
  for (const [file, { expected }] of Object.entries(files)) {
    const r = result[file];
    assert.equal(r.checked, true);
    assert.deepEqual(
      r.inputs.map(([name, type]) => [name, type]),
      data.features.map((f) => [f.name, f.numeric ? "tensor(double)" : "tensor(string)"]),
    );
    assert.deepEqual(r.outputs, [
      ["label", "tensor(string)"],
      ["probabilities", "tensor(float)"],
    ]);
    assert.deepEqual(r.label, expected.labels, file);
    assertClose(r.probabilities, expected.proba, file);
  }
});
