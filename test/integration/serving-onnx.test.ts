// predict on ONNX models logged from Python: scikit-learn pipelines on penguins converted with skl2onnx, logged with
// mlflow.onnx.log_model (MLflow 3 LoggedModels, sources models:/<model_id>), compared with onnxruntime in Python.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { OnnxModelVersionDocument, OnnxPredictDocument } from "../generated/graphql";
import { dataOf, startTestGateway, TestGateway, uniqueName } from "../helpers/gateway";
import { runPythonJson } from "../helpers/python";

interface Fixture {
  name: string;
  version: number;
  source: string;
  modelId: string;
  classes: string[];
  rows: Record<string, unknown>[];
  labels: string[];
  probabilities: number[][];
  sklearnLabels: string[];
}
type Algo = "lr" | "rf" | "gb" | "svc" | "lr_tensor" | "lr_gone";

let gw: TestGateway;
let fx: Record<Algo, Fixture>;

before(async () => {
  const prefix = uniqueName("onnx");
  [gw, fx] = await Promise.all([
    startTestGateway(),
    runPythonJson<Record<Algo, Fixture>>("serving_onnx_models.py", [prefix, `${prefix}_exp`]),
  ]);
});

after(async () => {
  await gw?.close();
});

async function expectSameAsPython(algo: Algo): Promise<void> {
  const f = fx[algo];
  const out = dataOf(
    await gw.gql(OnnxPredictDocument, { model: `${f.name}@champion`, inputs: f.rows }),
  ).predict;
  assert.equal(out.modelVersion.name, f.name);
  assert.equal(out.modelVersion.version, f.version);
  assert.equal(out.modelVersion.loggedModelId, f.modelId);
  assert.equal(out.predictions.length, f.rows.length);
  assert.ok(f.rows.length > 50, "held-back rows");
  let maxDiff = 0;
  out.predictions.forEach((p, i) => {
    assert.equal(p.label, f.labels[i], `${algo} row ${i}: label`);
    assert.deepEqual(
      p.probabilities.map((c) => c.label),
      f.classes,
      `${algo} row ${i}: classes in the model's order`,
    );
    p.probabilities.forEach(
      (c, j) => (maxDiff = Math.max(maxDiff, Math.abs(c.probability - f.probabilities[i][j]))),
    );
  });
  assert.ok(maxDiff < 1e-4, `${algo}: probabilities differ from onnxruntime in Python by ${maxDiff}`);
  // scikit-learn's own labels (skl2onnx reproduces them on these rows).
  assert.deepEqual(
    out.predictions.map((p) => p.label),
    f.sklearnLabels,
  );
}

for (const algo of ["lr", "rf", "gb", "svc"] as const) {
  test(`predict on @champion of a ${algo} pipeline gives onnxruntime-in-Python's labels and probabilities`, () =>
    expectSameAsPython(algo));
}

test("predict on a model with one 2-D tensor input takes rows {input: [n numbers]}", () =>
  expectSameAsPython("lr_tensor"));

test("ModelVersion reports the onnx flavor, servable and the LoggedModel id", async () => {
  const f = fx.rf;
  const mv = dataOf(
    await gw.gql(OnnxModelVersionDocument, { model: `${f.name}/${f.version}` }),
  ).modelVersion!;
  assert.equal(mv.source, `models:/${f.modelId}`);
  assert.deepEqual([...mv.flavors].sort(), ["onnx", "python_function"]);
  assert.equal(mv.servable, true);
  assert.equal(mv.servableReason, null);
  assert.equal(mv.loggedModelId, f.modelId);
});

test("concurrent single-row predicts (run by onnxruntime together) each get their own row's answer; a bad one fails alone", async () => {
  for (const algo of ["lr", "lr_tensor"] as const) {
    const f = fx[algo];
    const bad = algo === "lr" ? { ...f.rows[0], bill_length_mm: "long" } : { input: [1, 2, 3] };
    const sent = [...f.rows.slice(0, 30), bad, ...f.rows.slice(30, 60)];
    const answers = await Promise.all(
      sent.map((row) => gw.gql(OnnxPredictDocument, { model: `${f.name}@champion`, inputs: [row] })),
    );
    answers.forEach((res, k) => {
      if (k === 30) {
        assert.equal(res.errors?.[0].extensions?.code, "BAD_USER_INPUT", `${algo}: the bad row's own error`);
        assert.equal(res.data ?? null, null);
        return;
      }
      const i = k < 30 ? k : k - 1;
      const p = dataOf(res).predict.predictions;
      assert.equal(p.length, 1);
      assert.equal(p[0].label, f.labels[i], `${algo} request ${k}: the label of its own row`);
      p[0].probabilities.forEach((c, j) =>
        assert.ok(Math.abs(c.probability - f.probabilities[i][j]) < 1e-4, `${algo} request ${k}, class ${j}`),
      );
    });
  }
});

test("a missing column, a wrong type and a wrong length are BAD_USER_INPUT naming the row, column and expectation", async () => {
  const f = fx.lr;
  const { sex: _sex, ...noSex } = f.rows[0];
  const missing = await gw.gql(OnnxPredictDocument, { model: f.name, inputs: [f.rows[1], noSex] });
  assert.equal(missing.errors?.[0].extensions?.code, "BAD_USER_INPUT", JSON.stringify(missing));
  assert.equal(missing.errors?.[0].extensions?.field, "inputs[1].sex");
  assert.match(missing.errors![0].message, /inputs\[1\]\.sex is missing \(sex \(string\)\)/);

  const wrongType = await gw.gql(OnnxPredictDocument, {
    model: f.name,
    inputs: [{ ...f.rows[0], bill_length_mm: "long" }],
  });
  assert.equal(wrongType.errors?.[0].extensions?.code, "BAD_USER_INPUT");
  assert.equal(wrongType.errors?.[0].extensions?.field, "inputs[0].bill_length_mm");
  assert.match(wrongType.errors![0].message, /is text "long"; the model expects a number \(float\)/);

  const t = fx.lr_tensor;
  const wrongLength = await gw.gql(OnnxPredictDocument, { model: t.name, inputs: [{ input: [1, 2, 3] }] });
  assert.equal(wrongLength.errors?.[0].extensions?.code, "BAD_USER_INPUT");
  assert.equal(wrongLength.errors?.[0].extensions?.field, "inputs[0].input");
  assert.match(wrongLength.errors![0].message, /is a list of 3; the model expects a list of 4 numbers/);
});

test("a version whose files were deleted from S3 is NOT_FOUND saying the files are missing", async () => {
  const f = fx.lr_gone;
  const res = await gw.gql(OnnxPredictDocument, { model: `${f.name}@champion`, inputs: [fx.lr.rows[0]] });
  assert.equal(res.errors?.[0].extensions?.code, "NOT_FOUND", JSON.stringify(res));
  assert.match(res.errors![0].message, /files are missing/);
  assert.doesNotMatch(res.errors![0].message, /not logged as an MLflow model/);
  const mv = dataOf(
    await gw.gql(OnnxModelVersionDocument, { model: `${f.name}/${f.version}` }),
  ).modelVersion!;
  assert.equal(mv.servable, false);
  assert.match(mv.servableReason ?? "", /files are missing/);
});

test("a version whose source is behind MLflow's artifact proxy (mlflow-artifacts:/) is served too", async () => {
  const f = fx.lr;
  const { mlflow, artifacts } = gw.services;
  // The same files as the LoggedModel's, copied into a run of an experiment whose artifacts live behind the proxy.
  const dir = await mlflow.getModelVersionDownloadUri(f.name, f.version);
  const prefix = uniqueName("onnx_proxied");
  const experimentId = await mlflow.createExperiment(prefix, undefined, `mlflow-artifacts:/${prefix}`);
  const run = await mlflow.createRun({ experimentId });
  const source = `${run.info.artifact_uri}/model`;
  assert.match(source, /^mlflow-artifacts:\//);
  for (const file of ["MLmodel", "model.onnx"])
    await artifacts.put(source, file, await artifacts.get(`${dir}/${file}`));
  await mlflow.createRegisteredModel(prefix);
  const mv = await mlflow.createModelVersion({ name: prefix, source, runId: run.info.run_id });
  const name = prefix;
  const rows = f.rows.slice(0, 10);
  const out = dataOf(
    await gw.gql(OnnxPredictDocument, { model: `${name}/${mv.version}`, inputs: rows }),
  ).predict;
  assert.equal(out.modelVersion.version, Number(mv.version));
  out.predictions.forEach((p, i) => {
    assert.equal(p.label, f.labels[i]);
    p.probabilities.forEach((c, j) => assert.ok(Math.abs(c.probability - f.probabilities[i][j]) < 1e-4));
  });
});
