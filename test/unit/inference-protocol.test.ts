// The Open Inference Protocol's tensor rules and routes, and the HTTP layer's byte sizes (pure functions).
import assert from "node:assert/strict";
import { test } from "node:test";
import { GraphQLError } from "graphql";
import { matchInferenceRoute } from "../../src/http/inference";
import { parseByteSize } from "../../src/http/io";
import { flatPredictions, labelledPredictions, labelsOf } from "../../src/services/models/servable";
import { flatProbabilitiesText } from "../../src/services/serving/log-text";
import {
  inferResponse,
  inferResponseJson,
  parseInferRequest,
  tensorColumns,
  tensorsToRows,
} from "../../src/services/serving/inference-protocol";
import { inputCount, inputRows, rowsToColumns, workerInput } from "../../src/services/serving/scoring-input";

const cols = [
  { name: "island", type: "string" as const },
  { name: "bill_length_mm", type: "double" as const },
];
const body = {
  inputs: [
    { name: "island", shape: [2], datatype: "BYTES", data: ["Dream", "Biscoe"] },
    { name: "bill_length_mm", shape: [2, 1], datatype: "FP64", data: [[39.1], [46.1]] },
    { name: "ignored", shape: [2], datatype: "INT32", data: [1, 2] },
  ],
};

const refused = (fn: () => unknown, match: RegExp) =>
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof GraphQLError);
    assert.equal(err.extensions.code, "BAD_USER_INPUT");
    assert.match(err.message, match);
    return true;
  });

test("columnar tensors become rows of the model's columns; [rows, 1] nested data is accepted", () => {
  const req = parseInferRequest(body, 10);
  assert.equal(req.rows, 2);
  assert.deepEqual(tensorsToRows(req, cols), [
    { island: "Dream", bill_length_mm: 39.1 },
    { island: "Biscoe", bill_length_mm: 46.1 },
  ]);
});

test("tensors that do not fit are refused naming the tensor and the fix", () => {
  refused(() => parseInferRequest({}, 10), /inputs must be a non-empty list/);
  refused(
    () => parseInferRequest({ inputs: [{ ...body.inputs[0], shape: [3] }] }, 10),
    /has 2 values; its shape says 3/,
  );
  refused(
    () => parseInferRequest({ inputs: [{ ...body.inputs[0], shape: [2, 2] }] }, 10),
    /must be \[rows\] or \[rows, 1\]/,
  );
  refused(() => parseInferRequest({ inputs: [{ ...body.inputs[0], datatype: "STRING" }] }, 10), /datatype/);
  refused(() => parseInferRequest(body, 1), /at most 1 rows.*PREDICT_MAX_ROWS/);
  refused(() => parseInferRequest({ inputs: [body.inputs[0], body.inputs[0]] }, 10), /sent twice/);
  refused(
    () => tensorsToRows(parseInferRequest({ inputs: [body.inputs[0]] }, 10), cols),
    /"bill_length_mm" has no tensor/,
  );
  refused(
    () =>
      tensorsToRows(
        parseInferRequest({ inputs: [{ ...body.inputs[0], datatype: "FP32" }, body.inputs[1]] }, 10),
        cols,
      ),
    /"island" is FP32; the model expects BYTES/,
  );
});

test("the answer carries the resolved version, flat probabilities and only the requested outputs", () => {
  const req = parseInferRequest({ ...body, id: "x", outputs: [{ name: "probabilities" }] }, 10);
  const out = inferResponse(req, {
    modelName: "m",
    modelVersion: "3",
    classes: ["a", "b"],
    labels: ["a", "b"],
    probabilities: Float64Array.from([0.75, 0.25, 0.5, 0.5]),
  });
  assert.deepEqual(out, {
    model_name: "m",
    model_version: "3",
    id: "x",
    outputs: [
      {
        name: "probabilities",
        datatype: "FP64",
        shape: [2, 2],
        data: [0.75, 0.25, 0.5, 0.5],
        parameters: { classes: ["a", "b"] },
      },
    ],
  });
});

test("V2 paths decode URL-encoded gateway references; BODY_LIMIT sizes count 1 kb as 1024 bytes", () => {
  assert.deepEqual(matchInferenceRoute("/v2/models/penguins%40champion/infer"), {
    endpoint: "infer",
    method: "POST",
    reference: "penguins@champion",
  });
  assert.deepEqual(matchInferenceRoute("/v2/models/penguins/versions/3"), {
    endpoint: "metadata",
    method: "GET",
    reference: "penguins/3",
  });
  assert.equal(
    (matchInferenceRoute("/v2/models/penguins%2F3/ready") as { reference: string }).reference,
    "penguins/3",
  );
  assert.ok("error" in (matchInferenceRoute("/v2/models/%E0%A4%A/infer") ?? {}));
  assert.equal(matchInferenceRoute("/v2/repository/index"), null);
  assert.equal(parseByteSize("32kb"), 32 * 1024);
  assert.equal(parseByteSize("5mb"), 5 * 1024 * 1024);
  assert.equal(parseByteSize("100b"), 100);
});

test("a worker's labels are the most probable class of each row, as labelledPredictions says", () => {
  const classes = ["a", "b", "c"];
  // Row 2 ties b and c: the first of them wins in both.
  const proba = new Float64Array([0.7, 0.2, 0.1, 0.1, 0.3, 0.6, 0.2, 0.4, 0.4]);
  assert.deepEqual(labelsOf(classes, proba), ["a", "c", "b"]);
  assert.deepEqual(
    labelsOf(classes, proba),
    labelledPredictions(classes, proba).map((p) => p.label),
  );
});

test("the columns a worker is sent make the same rows as tensorsToRows", () => {
  const req = parseInferRequest(body, 10);
  const columns = tensorColumns(req, cols);
  assert.deepEqual(
    columns.map((c) => c.name),
    ["island", "bill_length_mm"],
    "the model's columns only, in its order",
  );
  assert.deepEqual(inputRows({ columns, count: req.rows }), tensorsToRows(req, cols));
  assert.equal(inputCount({ columns, count: req.rows }), 2);
});

test("predict's rows go to a worker as the model's columns, in its column order, other fields left out", () => {
  const rows = [
    { bill_length_mm: 39.1, island: "Dream", note: "ignored" },
    { island: "Biscoe", bill_length_mm: null },
  ];
  const input = workerInput(rows, cols);
  assert.deepEqual(input, {
    columns: [
      { name: "island", data: ["Dream", "Biscoe"] },
      { name: "bill_length_mm", data: [39.1, null] },
    ],
    count: 2,
  });
  // What the worker rebuilds is what it would have read from the rows.
  assert.deepEqual(inputRows(input), [
    { island: "Dream", bill_length_mm: 39.1 },
    { island: "Biscoe", bill_length_mm: null },
  ]);
  // Wrong types travel as they are: the worker's validation names them.
  assert.deepEqual(rowsToColumns([{ island: 3, bill_length_mm: "x" }], cols), [
    { name: "island", data: [3] },
    { name: "bill_length_mm", data: ["x"] },
  ]);
});

test("rows a worker must report on (a missing column, not an object) are sent as rows", () => {
  const missing = [{ island: "Dream", bill_length_mm: 1 }, { island: "Dream" }];
  assert.equal(rowsToColumns(missing, cols), null);
  assert.deepEqual(workerInput(missing, cols), { rows: missing });
  const notObject = [{ island: "Dream", bill_length_mm: 1 }, [1, 2] as unknown as Record<string, unknown>];
  assert.equal(rowsToColumns(notObject, cols), null);
  assert.equal(rowsToColumns([null as unknown as Record<string, unknown>], cols), null);
  // A column named like an Object.prototype member would read the prototype's on a row without it.
  assert.equal(rowsToColumns([{}], [{ name: "constructor", type: "string" }]), null);
  assert.deepEqual(workerInput(missing, undefined), { rows: missing });
});

test("a worker's predictions read like labelledPredictions', their probabilities made when read", () => {
  const classes = ["a", "b", "c"];
  const proba = new Float64Array([0.1, 0.7, 0.2, 0.5, 0.25, 0.25]);
  const eager = labelledPredictions(classes, proba);
  const lazy = flatPredictions(classes, proba, labelsOf(classes, proba));
  assert.deepEqual(
    lazy.map((p) => ({ label: p.label, probabilities: p.probabilities })),
    eager,
  );
  assert.deepEqual(JSON.parse(JSON.stringify(lazy)), eager);
  assert.deepEqual(lazy[1].probabilities, [
    { label: "a", probability: 0.5 },
    { label: "b", probability: 0.25 },
    { label: "c", probability: 0.25 },
  ]);
});

test("a worker's answer as JSON text reads exactly like the object answer, whichever outputs and id", () => {
  const classes = ["a", 'b "quoted"'];
  const proba = Float64Array.from([0.1 + 0.2, 0.7, 1e-7, 1 - 1e-7, 0, 1]);
  const labels = labelsOf(classes, proba);
  assert.equal(flatProbabilitiesText(proba), JSON.stringify(Array.from(proba)));
  for (const extra of [{}, { id: 'r "1"' }, { outputs: [{ name: "probabilities" }, { name: "label" }] }]) {
    const req = parseInferRequest({ ...body, ...extra }, 10);
    const scores = { modelName: 'm "x"', modelVersion: "3", classes, labels: labels.slice(0, 2) };
    const asObject = inferResponse(req, { ...scores, probabilities: proba.subarray(0, 4) });
    const asText = inferResponseJson(req, scores, flatProbabilitiesText(proba.subarray(0, 4)));
    assert.equal(asText, JSON.stringify(asObject));
  }
});
