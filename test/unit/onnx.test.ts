// The ONNX kernel's pure parts: the graph's inputs, outputs and class labels read from the protobuf, the ZipMap
// rewrite, input plans from the signature or the graph, and rows checked and coerced into feeds.
import assert from "node:assert/strict";
import { test } from "node:test";
import { inspectGraph, replaceZipMapOutputs } from "../../src/services/models/onnx/graph";
import { buildFeeds, planInputs, signatureInputs } from "../../src/services/models/onnx/inputs";
import { decodeModel, ELEM, encodeModel, onnxType } from "../../src/services/models/onnx/proto";
import { loadOnnxModel, RunBatcher } from "../../src/services/models/onnx/runtime";

const tensor = (elemType: number, dims: (number | string)[]) => ({
  tensorType: {
    elemType,
    shape: { dim: dims.map((d) => (typeof d === "number" ? { dimValue: d } : { dimParam: d })) },
  },
});

/** A classifier graph as skl2onnx writes it with ZipMap on: label + sequence of maps. */
function zipmapModel(): Uint8Array {
  const bytes = (s: string) => Buffer.from(s);
  const model = onnxType("ModelProto").fromObject({
    irVersion: 8,
    opsetImport: [
      { domain: "", version: 17 },
      { domain: "ai.onnx.ml", version: 3 },
    ],
    graph: {
      name: "g",
      input: [
        { name: "x", type: tensor(ELEM.FLOAT, ["N", 1]) },
        { name: "island", type: tensor(ELEM.STRING, ["N", 1]) },
      ],
      output: [
        { name: "output_label", type: tensor(ELEM.STRING, ["N"]) },
        {
          name: "output_probability",
          type: {
            sequenceType: {
              elemType: { mapType: { keyType: ELEM.STRING, valueType: tensor(ELEM.FLOAT, []) } },
            },
          },
        },
      ],
      node: [
        {
          opType: "LinearClassifier",
          domain: "ai.onnx.ml",
          input: ["features"],
          output: ["output_label", "probabilities"],
          attribute: [{ name: "classlabels_strings", type: 8, strings: [bytes("Adelie"), bytes("Gentoo")] }],
        },
        {
          opType: "ZipMap",
          domain: "ai.onnx.ml",
          input: ["probabilities"],
          output: ["output_probability"],
          attribute: [{ name: "classlabels_strings", type: 8, strings: [bytes("Adelie"), bytes("Gentoo")] }],
        },
      ],
    },
  });
  return encodeModel(model);
}

test("inspectGraph reads inputs, the label output and the classifier's class labels", () => {
  const info = inspectGraph(decodeModel(zipmapModel()).model);
  assert.deepEqual(info.inputs, [
    { name: "x", elemType: ELEM.FLOAT, dims: [null, 1] },
    { name: "island", elemType: ELEM.STRING, dims: [null, 1] },
  ]);
  assert.deepEqual(info.classLabels, ["Adelie", "Gentoo"]);
  assert.equal(info.operator, "LinearClassifier");
  assert.equal(info.outputs.label, "output_label");
  assert.equal(info.outputs.probabilities, undefined, "a sequence of maps is not a tensor output");
});

test("replaceZipMapOutputs makes the graph answer the probability tensor instead of the ZipMap", () => {
  const { message, model } = decodeModel(zipmapModel());
  assert.equal(replaceZipMapOutputs(message, model), true);
  const after = decodeModel(encodeModel(message)).model;
  assert.deepEqual(
    after.graph!.node!.map((n) => n.opType),
    ["LinearClassifier"],
  );
  const info = inspectGraph(after);
  assert.equal(info.outputs.label, "output_label");
  assert.equal(info.outputs.probabilities, "probabilities");
});

test("signatureInputs reads MLflow tensor specs and column specs", () => {
  const sig = {
    inputs: JSON.stringify([
      { name: "input", type: "tensor", "tensor-spec": { dtype: "float32", shape: [-1, 4] } },
      { name: "island", type: "string" },
    ]),
  };
  assert.deepEqual(signatureInputs(sig), [
    { name: "input", width: 4 },
    { name: "island", width: 1 },
  ]);
  assert.deepEqual(signatureInputs({ inputs: "not json" }), []);
  assert.deepEqual(signatureInputs(null), []);
});

test("planInputs: [-1, 1] is a column, [-1, n] a vector; the signature gives the width when the graph does not", () => {
  const plans = planInputs(
    [
      { name: "x", elemType: ELEM.FLOAT, dims: [null, 1] },
      { name: "v", elemType: ELEM.FLOAT, dims: [null, null] },
    ],
    [
      { name: "x", width: 1 },
      { name: "v", width: 3 },
    ],
  );
  assert.deepEqual(plans, [
    { name: "x", kind: "column", width: 1, elemType: ELEM.FLOAT },
    { name: "v", kind: "vector", width: 3, elemType: ELEM.FLOAT },
  ]);
  assert.throws(
    () => planInputs([{ name: "v", elemType: ELEM.FLOAT, dims: [null, null] }], []),
    /no fixed width/,
  );
});

test("buildFeeds coerces values to the tensor types and lays vectors out row-major", () => {
  const plans = planInputs(
    [
      { name: "x", elemType: ELEM.FLOAT, dims: [null, 1] },
      { name: "n", elemType: ELEM.INT64, dims: [null, 1] },
      { name: "s", elemType: ELEM.STRING, dims: [null, 1] },
      { name: "v", elemType: ELEM.FLOAT, dims: [null, 2] },
    ],
    [],
  );
  const feeds = buildFeeds(
    [
      { x: 1.5, n: 2, s: "a", v: [1, 2], extra: "ignored" },
      { x: null, n: 3, s: 7, v: [3, 4] },
    ],
    plans,
  );
  assert.deepEqual(feeds.get("x")!.slice(0, 1), [1.5]);
  assert.ok(Number.isNaN(feeds.get("x")![1] as number), "null is a missing number");
  assert.deepEqual(feeds.get("n"), [2n, 3n]);
  assert.deepEqual(feeds.get("s"), ["a", "7"]);
  assert.deepEqual(feeds.get("v"), [1, 2, 3, 4]);
});

test("buildFeeds refuses a missing column, a wrong type and a wrong length, naming row, column and expectation", () => {
  const plans = planInputs(
    [
      { name: "x", elemType: ELEM.FLOAT, dims: [null, 1] },
      { name: "n", elemType: ELEM.INT64, dims: [null, 1] },
      { name: "v", elemType: ELEM.FLOAT, dims: [null, 2] },
    ],
    [],
  );
  const refuse = (rows: Record<string, unknown>[]) => {
    try {
      buildFeeds(rows, plans);
    } catch (err) {
      const e = err as { message: string; extensions: { code: string; field: string } };
      return { code: e.extensions.code, field: e.extensions.field, message: e.message };
    }
    assert.fail("expected BAD_USER_INPUT");
  };
  const missing = refuse([
    { x: 1, n: 1, v: [1, 2] },
    { n: 1, v: [1, 2] },
  ]);
  assert.deepEqual([missing.code, missing.field], ["BAD_USER_INPUT", "inputs[1].x"]);
  assert.match(missing.message, /inputs\[1\]\.x is missing \(x \(float\)\)/);
  assert.match(missing.message, /the model expects x \(float\), n \(int64\), v \(a list of 2 numbers\)/);
  const wrongType = refuse([{ x: "1", n: 1.5, v: [1, 2] }]);
  assert.equal(wrongType.field, "inputs[0].x");
  assert.match(wrongType.message, /inputs\[0\]\.x is text "1"; the model expects a number \(float\) or null/);
  assert.match(wrongType.message, /inputs\[0\]\.n is 1.5; the model expects a whole number \(int64\)/);
  const wrongLength = refuse([{ x: 1, n: 1, v: [1, 2, 3] }]);
  assert.equal(wrongLength.field, "inputs[0].v");
  assert.match(wrongLength.message, /is a list of 3; the model expects a list of 2 numbers/);
  const nullInt = refuse([{ x: 1, n: null, v: [1, 2] }]);
  assert.match(nullInt.message, /inputs\[0\]\.n is null; the model expects a number \(int64\)/);
});

/** A one-node graph x [N, 1] float → output, built with the repository's onnx.proto. */
function oneNodeModel(node: Record<string, unknown>, output: { name: string; elemType: number }): Uint8Array {
  return encodeModel(
    onnxType("ModelProto").fromObject({
      irVersion: 8,
      opsetImport: [{ domain: "", version: 17 }],
      graph: {
        name: "g",
        input: [{ name: "x", type: tensor(ELEM.FLOAT, ["N", 1]) }],
        output: [{ name: output.name, type: tensor(output.elemType, ["N", 1]) }],
        node: [node],
      },
    }),
  );
}

test("a regressor answers its value as text with no probabilities (real onnxruntime)", async () => {
  const model = await loadOnnxModel(
    oneNodeModel({ opType: "Identity", input: ["x"], output: ["y"] }, { name: "y", elemType: ELEM.FLOAT }),
    null,
  );
  const out = await model.predict([{ x: 2.5 }, { x: -1 }]);
  assert.deepEqual(out.predictions, [
    { label: "2.5", probabilities: [] },
    { label: "-1", probabilities: [] },
  ]);
  assert.deepEqual(out.rows, [{ x: 2.5 }, { x: -1 }]);
});

test("a label-only classifier answers its int64 label (a BigInt) as text with no probabilities", async () => {
  const model = await loadOnnxModel(
    oneNodeModel(
      {
        opType: "Cast",
        input: ["x"],
        output: ["label"],
        attribute: [{ name: "to", type: 2, i: ELEM.INT64 }],
      },
      { name: "label", elemType: ELEM.INT64 },
    ),
    null,
  );
  const out = await model.predict([{ x: 3 }, { x: 7 }]);
  assert.deepEqual(
    out.predictions.map((p) => [p.label, p.probabilities.length]),
    [
      ["3", 0],
      ["7", 0],
    ],
  );
});

test("RunBatcher: requests of one turn share a run, each gets its own rows back; a failed batch is retried one by one", async () => {
  const plans = [{ name: "x", kind: "column" as const, width: 1, elemType: ELEM.FLOAT }];
  const runs: number[][] = [];
  // A stand-in for the session: each row's "prediction" is its value; a value of -1 fails the whole run.
  const batcher = new RunBatcher(
    plans,
    async (values) => {
      const xs = values.get("x") as number[];
      runs.push(xs);
      if (xs.includes(-1)) throw new Error("bad value");
      return { y: { data: xs } } as never;
    },
    (out) =>
      (out as unknown as { y: { data: number[] } }).y.data.map((v) => ({
        label: String(v),
        probabilities: [],
      })),
  );
  const ask = (xs: number[]) => batcher.predict(new Map([["x", xs]]), xs.length);
  const labels = (p: { label: string }[]) => p.map((x) => x.label);

  const answers = await Promise.all([ask([1]), ask([2, 3]), ask([4])]);
  assert.deepEqual(answers.map(labels), [["1"], ["2", "3"], ["4"]]);
  assert.deepEqual(runs, [[1, 2, 3, 4]], "one run for the three requests");

  runs.length = 0;
  const settled = await Promise.allSettled([ask([5]), ask([-1]), ask([6])]);
  assert.deepEqual(labels((settled[0] as PromiseFulfilledResult<{ label: string }[]>).value), ["5"]);
  assert.equal(settled[1].status, "rejected");
  assert.deepEqual(labels((settled[2] as PromiseFulfilledResult<{ label: string }[]>).value), ["6"]);
  assert.deepEqual(runs, [[5, -1, 6], [5], [-1], [6]], "the failed batch, then each request alone");

  runs.length = 0;
  assert.deepEqual(labels(await ask([7])), ["7"]);
  assert.deepEqual(runs, [[7]], "a request alone in its turn runs alone");
});
