// A scikit-learn pickle registered from Python is refused with directions; scripts/convert_to_onnx.py registers an
// ONNX copy as a new version, which predict serves with scikit-learn's labels and probabilities.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { OnnxModelVersionDocument, OnnxPredictDocument } from "../generated/graphql";
import { dataOf, startTestGateway, TestGateway, uniqueName } from "../helpers/gateway";
import { runPythonJson } from "../helpers/python";

interface Fixture {
  name: string;
  version: number;
  classes: string[];
  rows: Record<string, unknown>[];
  labels: string[];
  probabilities: number[][];
  converted: { name: string; version: number; source: string; modelId: string; maxDiff: number };
}

let gw: TestGateway;
let fx: Fixture;

before(async () => {
  const name = uniqueName("onnx_convert");
  [gw, fx] = await Promise.all([
    startTestGateway(),
    runPythonJson<Fixture>("serving_sklearn_pipeline.py", [name, `${name}_exp`, "--convert"]),
  ]);
});

after(async () => {
  await gw?.close();
});

test("predict refuses the pickle with UNSUPPORTED_MODEL saying how to make it servable", async () => {
  const res = await gw.gql(OnnxPredictDocument, { model: `${fx.name}/${fx.version}`, inputs: [fx.rows[0]] });
  assert.equal(res.errors?.[0].extensions?.code, "UNSUPPORTED_MODEL", JSON.stringify(res));
  const message = res.errors![0].message;
  assert.match(message, /python_function, sklearn|sklearn, python_function/);
  assert.match(message, /skl2onnx/);
  assert.match(message, /mlflow\.onnx\.log_model/);
  assert.match(message, /scripts\/convert_to_onnx\.py/);
  assert.match(message, /Serving models trained in Python/);
  const mv = dataOf(
    await gw.gql(OnnxModelVersionDocument, { model: `${fx.name}/${fx.version}` }),
  ).modelVersion!;
  assert.equal(mv.servable, false);
  assert.ok(mv.flavors.includes("sklearn"), JSON.stringify(mv.flavors));
  assert.match(mv.servableReason ?? "", /mlflow\.onnx\.log_model/);
});

test("convert_to_onnx.py registers an ONNX copy that predict serves like scikit-learn", async () => {
  const c = fx.converted;
  assert.equal(c.name, fx.name);
  assert.equal(c.version, fx.version + 1);
  assert.ok(c.maxDiff < 1e-4);
  const mv = dataOf(
    await gw.gql(OnnxModelVersionDocument, { model: `${c.name}/${c.version}` }),
  ).modelVersion!;
  assert.equal(mv.servable, true);
  assert.ok(mv.flavors.includes("onnx"));
  assert.equal(mv.loggedModelId, c.modelId);
  const out = dataOf(
    await gw.gql(OnnxPredictDocument, { model: `${c.name}/${c.version}`, inputs: fx.rows }),
  ).predict;
  assert.equal(out.modelVersion.version, c.version);
  let maxDiff = 0;
  out.predictions.forEach((p, i) => {
    assert.equal(p.label, fx.labels[i], `row ${i}`);
    assert.deepEqual(
      p.probabilities.map((x) => x.label),
      fx.classes,
    );
    p.probabilities.forEach(
      (x, j) => (maxDiff = Math.max(maxDiff, Math.abs(x.probability - fx.probabilities[i][j]))),
    );
  });
  assert.ok(maxDiff < 1e-4, `probabilities differ from scikit-learn's by ${maxDiff}`);
});
