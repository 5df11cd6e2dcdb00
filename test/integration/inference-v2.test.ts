// The Open Inference Protocol (KServe V2) lane end to end: a trainGrid model served by URL-encoded references,
// with API keys, validation errors, the resolved version in every answer, the prediction log and metrics.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { sha256Hex } from "../../src/auth";
import { ServingIngestDocument, ServingPredictDocument, ServingTrainDocument } from "../generated/graphql";
import { dataOf, startTestGateway, TestGateway, uniqueName } from "../helpers/gateway";
import { SAMPLE_PENGUINS } from "../helpers/penguins";

const MAX_ROWS = 50;
const suffix = uniqueName("v2");
const KEYS = {
  viewer: { name: `v2-viewer-${suffix}`, key: `v2-viewer-secret-${suffix}` },
  admin: { name: `v2-admin-${suffix}`, key: `v2-admin-secret-${suffix}` },
};
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

/** Rows → one V2 tensor per column (BYTES for text, FP64 for numbers). */
function tensors(rows: Record<string, unknown>[]) {
  return Object.keys(rows[0]).map((name) => ({
    name,
    shape: [rows.length],
    datatype: typeof rows[0][name] === "number" ? "FP64" : "BYTES",
    data: rows.map((r) => r[name]),
  }));
}

let gw: TestGateway;
let base: string;
let model: string;
let version: number;

interface V2Answer {
  status: number;
  body: {
    model_name?: string;
    model_version?: string;
    id?: string;
    outputs?: {
      name: string;
      datatype: string;
      shape: number[];
      data: unknown[];
      parameters?: { classes: string[] };
    }[];
    error?: string;
    code?: string;
    field?: string;
    versions?: string[];
    inputs?: { name: string; datatype: string }[];
    ready?: boolean;
  };
}

async function v2(
  path: string,
  body?: unknown,
  headers: Record<string, string> = bearer(KEYS.viewer.key),
): Promise<V2Answer> {
  const res = await fetch(base + path, {
    method: body === undefined ? "GET" : "POST",
    headers: { "content-type": "application/json", ...headers },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await res.text();
  assert.doesNotMatch(text, /\bat .*\.js:\d+/, "never a stack trace");
  return { status: res.status, body: JSON.parse(text) as V2Answer["body"] };
}

const logged = async (name: string) =>
  gw.services.db.query<{ n: string; requested_by: string; label: string }>(
    "SELECT count(*)::text AS n, min(requested_by) AS requested_by, min(label) AS label FROM predictions WHERE model_name = $1",
    [name],
  );

before(async () => {
  gw = await startTestGateway({
    PREDICT_MAX_ROWS: String(MAX_ROWS),
    // Requests of 20 rows or more are scored on a worker thread (the compact answer, flat probabilities).
    PREDICT_OFFLOAD_ROWS: "20",
    BODY_LIMIT: "64kb",
    API_KEYS: [
      `${KEYS.viewer.name}:VIEWER:${sha256Hex(KEYS.viewer.key)}`,
      `${KEYS.admin.name}:ADMIN:${sha256Hex(KEYS.admin.key)}`,
    ].join(","),
  });
  base = gw.url.replace(/\/graphql$/, "");
  const admin = bearer(KEYS.admin.key);
  const dataset = uniqueName("v2_penguins");
  model = uniqueName("v2_penguins_model");
  dataOf(await gw.gql(ServingIngestDocument, { input: { name: dataset, builtin: "PENGUINS" } }, admin));
  const job = dataOf(
    await gw.gql(
      ServingTrainDocument,
      {
        input: {
          experimentName: uniqueName("v2_infer"),
          dataset,
          label: "species",
          grid: [{ algorithm: "LOGISTIC_REGRESSION", params: { learningRate: [0.1], numSteps: [300] } }],
          folds: 2,
          registerAs: model,
          promoteTo: "champion",
          wait: true,
        },
      },
      admin,
    ),
  ).trainGrid;
  assert.equal(job.status, "SUCCEEDED", job.error ?? "");
  version = job.modelVersion!.version;
});
after(() => gw?.close());

test("infer by URL-encoded name@champion answers label and probabilities tensors and the resolved version, like predict", async () => {
  const ref = encodeURIComponent(`${model}@champion`);
  const res = await v2(`/v2/models/${ref}/infer`, { id: "req-1", inputs: tensors(SAMPLE_PENGUINS) });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(res.body.model_name, model);
  assert.equal(res.body.model_version, String(version));
  assert.equal(res.body.id, "req-1");
  const [label, probabilities] = res.body.outputs!;
  assert.deepEqual([label.name, label.datatype, label.shape], ["label", "BYTES", [3]]);
  const classes = probabilities.parameters!.classes;
  assert.deepEqual(
    [probabilities.name, probabilities.datatype, probabilities.shape],
    ["probabilities", "FP64", [3, classes.length]],
  );
  for (let r = 0; r < 3; r++) {
    const p = probabilities.data.slice(r * classes.length, (r + 1) * classes.length) as number[];
    assert.ok(Math.abs(p.reduce((a, b) => a + b, 0) - 1) < 1e-9, "each row's probabilities sum to 1");
    assert.equal(label.data[r], classes[p.indexOf(Math.max(...p))]);
  }
  const graphql = dataOf(
    await gw.gql(
      ServingPredictDocument,
      { model: `${model}@champion`, inputs: SAMPLE_PENGUINS },
      bearer(KEYS.viewer.key),
    ),
  ).predict;
  assert.deepEqual(
    label.data,
    graphql.predictions.map((p) => p.label),
    "the same labels as GraphQL predict",
  );

  // name/<version>, URL-encoded, and the protocol's own /versions/<v> path name the same version.
  const byNumber = await v2(`/v2/models/${encodeURIComponent(`${model}/${version}`)}/infer`, {
    inputs: tensors(SAMPLE_PENGUINS),
  });
  assert.equal(byNumber.status, 200, JSON.stringify(byNumber.body));
  assert.equal(byNumber.body.model_version, String(version));
  const versioned = await v2(`/v2/models/${encodeURIComponent(model)}/versions/${version}/infer`, {
    inputs: tensors(SAMPLE_PENGUINS),
    outputs: [{ name: "label" }],
  });
  assert.equal(versioned.status, 200, JSON.stringify(versioned.body));
  assert.deepEqual(
    versioned.body.outputs!.map((o) => o.name),
    ["label"],
    "only the requested output",
  );
  assert.deepEqual(versioned.body.outputs![0].data, label.data);
});

test("a request scored on a worker thread answers the same tensors as one scored in place", async () => {
  const path = `/v2/models/${encodeURIComponent(`${model}@champion`)}/infer`;
  const small = await v2(path, { inputs: tensors(SAMPLE_PENGUINS) });
  const before = gw.services.serving.scoring.completed;
  const rows = Array.from({ length: 10 }, () => SAMPLE_PENGUINS).flat();
  const large = await v2(path, { inputs: tensors(rows) });
  assert.equal(large.status, 200, JSON.stringify(large.body));
  assert.equal(gw.services.serving.scoring.completed, before + 1, "the 30 rows were scored on a worker");
  const [label, probabilities] = large.body.outputs!;
  const [smallLabel, smallProbabilities] = small.body.outputs!;
  assert.deepEqual(label.data, Array.from({ length: 10 }, () => smallLabel.data).flat());
  assert.deepEqual(probabilities.data, Array.from({ length: 10 }, () => smallProbabilities.data).flat());
});

test("model metadata names the resolved version and the input tensors; /v2/health/ready answers", async () => {
  const meta = await v2(`/v2/models/${encodeURIComponent(model)}`);
  assert.equal(meta.status, 200, JSON.stringify(meta.body));
  assert.deepEqual(meta.body.versions, [String(version)], "a bare name is name@champion");
  const inputs = Object.fromEntries(meta.body.inputs!.map((i) => [i.name, i.datatype]));
  assert.equal(inputs.island, "BYTES");
  assert.equal(inputs.bill_length_mm, "FP64");
  const ready = await v2("/v2/health/ready", undefined, {});
  assert.equal(ready.status, 200);
  assert.equal(ready.body.ready, true);
});

test("infer needs an API key: none or an unknown one is 401 UNAUTHENTICATED and nothing is logged", async () => {
  const path = `/v2/models/${encodeURIComponent(`${model}@champion`)}/infer`;
  await gw.services.serving.flush();
  const before = Number((await logged(model))[0].n);
  const none = await v2(path, { inputs: tensors(SAMPLE_PENGUINS) }, {});
  assert.equal(none.status, 401);
  assert.equal(none.body.code, "UNAUTHENTICATED");
  const wrong = await v2(path, { inputs: tensors(SAMPLE_PENGUINS) }, bearer("not-a-key"));
  assert.equal(wrong.status, 401);
  assert.match(wrong.body.error!, /not recognized/);
  const meta = await v2(`/v2/models/${encodeURIComponent(model)}`, undefined, {});
  assert.equal(meta.status, 401, "metadata needs a key too");
  await gw.services.serving.flush();
  assert.equal(Number((await logged(model))[0].n), before);
});

test("bad tensors are 400 BAD_USER_INPUT naming the tensor and the fix; unknown models 404; nothing is logged", async () => {
  const path = `/v2/models/${encodeURIComponent(`${model}@champion`)}/infer`;
  await gw.services.serving.flush();
  const before = Number((await logged(model))[0].n);
  const cases: { body: unknown; match: RegExp; status?: number }[] = [
    {
      body: { inputs: tensors(SAMPLE_PENGUINS).filter((t) => t.name !== "island") },
      match: /"island" has no tensor/,
    },
    {
      body: {
        inputs: tensors(SAMPLE_PENGUINS).map((t) => (t.name === "island" ? { ...t, datatype: "FP64" } : t)),
      },
      match: /"island" is FP64; the model expects BYTES/,
    },
    {
      body: { inputs: tensors(SAMPLE_PENGUINS).map((t) => (t.name === "year" ? { ...t, shape: [2] } : t)) },
      match: /has 3 values; its shape says 2/,
    },
    {
      body: {
        inputs: tensors(SAMPLE_PENGUINS).map((t) =>
          t.name === "body_mass_g" ? { ...t, data: [1, "heavy", 3] } : t,
        ),
      },
      match: /row\[1\]\.body_mass_g is text "heavy"; the model expects a number/,
    },
    {
      body: { inputs: tensors(Array.from({ length: MAX_ROWS + 1 }, () => SAMPLE_PENGUINS[0])) },
      match: /PREDICT_MAX_ROWS/,
    },
    { body: { inputs: [] }, match: /inputs must be a non-empty list/ },
    {
      body: { inputs: tensors(SAMPLE_PENGUINS), outputs: [{ name: "logits" }] },
      match: /outputs\[0\]\.name must be/,
    },
  ];
  for (const c of cases) {
    const res = await v2(path, c.body);
    assert.equal(res.status, 400, JSON.stringify(res.body));
    assert.equal(res.body.code, "BAD_USER_INPUT");
    assert.match(res.body.error!, c.match);
  }
  const malformed = await v2(path, '{"inputs": [');
  assert.equal(malformed.status, 400);
  assert.equal(malformed.body.code, "BAD_REQUEST");
  const big = await v2(path, { inputs: tensors(SAMPLE_PENGUINS), pad: "x".repeat(70_000) });
  assert.equal(big.status, 413);
  assert.match(big.body.error!, /BODY_LIMIT \(64kb\)/);
  const text = await fetch(base + path, {
    method: "POST",
    headers: { "content-type": "text/plain", ...bearer(KEYS.viewer.key) },
    body: JSON.stringify({ inputs: tensors(SAMPLE_PENGUINS) }),
  });
  assert.equal(text.status, 415, "a simple (CSRF-able) request is refused");
  const missing = await v2(`/v2/models/${encodeURIComponent(`${model}_nope@champion`)}/infer`, {
    inputs: tensors(SAMPLE_PENGUINS),
  });
  assert.equal(missing.status, 404);
  assert.equal(missing.body.code, "NOT_FOUND");
  const badRef = await v2(`/v2/models/${encodeURIComponent(`${model}@`)}/infer`, {
    inputs: tensors(SAMPLE_PENGUINS),
  });
  assert.equal(badRef.status, 400, JSON.stringify(badRef.body));
  await gw.services.serving.flush();
  assert.equal(Number((await logged(model))[0].n), before, "refused requests log nothing");
});

test("every answered row is in the prediction log with the caller, and /metrics counts the requests", async () => {
  const name = model;
  await gw.services.serving.flush();
  const before = Number((await logged(name))[0].n);
  const res = await v2(`/v2/models/${encodeURIComponent(`${name}/${version}`)}/infer`, {
    inputs: tensors(SAMPLE_PENGUINS),
  });
  assert.equal(res.status, 200);
  await gw.services.serving.flush();
  const after = (await logged(name))[0];
  assert.equal(Number(after.n), before + SAMPLE_PENGUINS.length);
  const rows = await gw.services.db.query<{
    requested_by: string;
    model_version: number;
    input: Record<string, unknown>;
  }>(
    "SELECT requested_by, model_version, input FROM predictions WHERE model_name = $1 ORDER BY id DESC LIMIT 3",
    [name],
  );
  assert.ok(rows.every((r) => r.requested_by === KEYS.viewer.name && r.model_version === version));
  assert.deepEqual(
    rows.map((r) => r.input.island).reverse(),
    SAMPLE_PENGUINS.map((r) => r.island),
  );
  const metrics = await (await fetch(`${base}/metrics`)).text();
  assert.match(metrics, /gateway_inference_requests_total\{endpoint="infer",outcome="ok"\} [1-9]/);
  assert.match(
    metrics,
    /gateway_inference_requests_total\{endpoint="infer",outcome="BAD_USER_INPUT"\} [1-9]/,
  );
});
