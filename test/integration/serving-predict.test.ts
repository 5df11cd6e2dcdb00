// predict end to end: penguins ingested, models trained and registered by trainGrid, served by alias with hot reload.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import {
  ServingIngestDocument,
  ServingPredictDocument,
  ServingPredictionsDocument,
  ServingPromoteDocument,
  ServingTrainDocument,
} from "../generated/graphql";
import { dataOf, startTestGateway, TestGateway, uniqueName } from "../helpers/gateway";
import { KNOWN_PENGUINS } from "../helpers/penguins";
import { startTcpProxy } from "../helpers/tcp-proxy";

const TTL_MS = 2000; // the default MODEL_ALIAS_TTL_MS
const MAX_ROWS = 100;

/** One known row of each species from the built-in table (data/penguins.csv), label column included. */
const KNOWN = KNOWN_PENGUINS;
const SPECIES = KNOWN.map((r) => r.species);

let gw: TestGateway;
let model: string;

before(async () => {
  gw = await startTestGateway({ PREDICT_MAX_ROWS: String(MAX_ROWS) });
  const dataset = uniqueName("serving_penguins");
  model = uniqueName("serving_penguins_model");
  dataOf(await gw.gql(ServingIngestDocument, { input: { name: dataset, builtin: "PENGUINS" } }));
  const train = async (
    grid: { algorithm: "LOGISTIC_REGRESSION" | "DECISION_TREE"; params: Record<string, unknown> },
    promoteTo?: string,
  ) =>
    dataOf(
      await gw.gql(ServingTrainDocument, {
        input: {
          experimentName: uniqueName("serving_predict"),
          dataset,
          label: "species",
          grid: [grid],
          folds: 2,
          registerAs: model,
          promoteTo,
          wait: true,
        },
      }),
    ).trainGrid;
  const v1 = await train(
    { algorithm: "LOGISTIC_REGRESSION", params: { learningRate: [0.1], numSteps: [300] } },
    "champion",
  );
  assert.equal(v1.status, "SUCCEEDED", v1.error ?? "");
  assert.equal(v1.modelVersion?.version, 1);
  const v2 = await train({ algorithm: "DECISION_TREE", params: { maxDepth: [4] } });
  assert.equal(v2.status, "SUCCEEDED", v2.error ?? "");
  assert.equal(v2.modelVersion?.version, 2);
});
after(() => gw?.close());

test("predict(name@champion) labels one known penguin of each species, every class probability summing to 1", async () => {
  const { predict } = dataOf(
    await gw.gql(ServingPredictDocument, { model: `${model}@champion`, inputs: KNOWN }),
  );
  assert.deepEqual(predict.modelVersion, { name: model, version: 1 });
  assert.deepEqual(
    predict.predictions.map((p) => p.label),
    SPECIES,
  );
  for (const p of predict.predictions) {
    assert.deepEqual(
      p.probabilities.map((c) => c.label),
      ["Adelie", "Chinstrap", "Gentoo"],
    );
    const sum = p.probabilities.reduce((s, c) => s + c.probability, 0);
    assert.ok(Math.abs(sum - 1) < 1e-9, `probabilities sum to ${sum}`);
    assert.equal(p.label, p.probabilities.reduce((a, b) => (b.probability > a.probability ? b : a)).label);
  }
});

test("with the model and alias cached, predict makes no MLflow, S3 or PostgreSQL call", async () => {
  await gw.gql(ServingPredictDocument, { model: `${model}@champion`, inputs: KNOWN });
  const res = await gw.gql(ServingPredictDocument, { model: `${model}@champion`, inputs: KNOWN });
  assert.equal(res.errors, undefined);
  assert.deepEqual(res.extensions?.upstreamCalls, {});
});

test("promoting version 2 from another gateway changes which version answers here within the TTL, without a restart", async () => {
  const other = await startTestGateway();
  try {
    const promoted = dataOf(
      await other.gql(ServingPromoteDocument, { input: { name: model, version: 2 } }),
    ).promoteModel;
    assert.equal(promoted.promoted, true);
    const started = Date.now();
    let version = 0;
    while (Date.now() - started < TTL_MS + 1500) {
      const { predict } = dataOf(await gw.gql(ServingPredictDocument, { model: model, inputs: KNOWN }));
      version = predict.modelVersion.version;
      if (version === 2) {
        assert.deepEqual(
          predict.predictions.map((p) => p.label),
          SPECIES,
          "version 2 (a decision tree) labels them too",
        );
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(version, 2, "the bare name (= @champion) answers with version 2");
    assert.ok(Date.now() - started <= TTL_MS + 1500, `took ${Date.now() - started} ms`);
  } finally {
    await other.close();
  }
  // A promotion made through this gateway takes effect here at once.
  dataOf(await gw.gql(ServingPromoteDocument, { input: { name: model, version: 1 } }));
  const { predict } = dataOf(
    await gw.gql(ServingPredictDocument, { model: `${model}@champion`, inputs: KNOWN }),
  );
  assert.equal(predict.modelVersion.version, 1);
});

test("a version reference is served as that version whatever the aliases say", async () => {
  const { predict } = dataOf(await gw.gql(ServingPredictDocument, { model: `${model}/2`, inputs: KNOWN }));
  assert.equal(predict.modelVersion.version, 2);
  assert.deepEqual(
    predict.predictions.map((p) => p.label),
    SPECIES,
  );
});

test("when MLflow goes away, predict keeps answering with the version the alias last pointed at", async () => {
  const mlflow = new URL(process.env.MLFLOW_TRACKING_URI ?? "http://127.0.0.1:5000");
  const proxy = await startTcpProxy(mlflow.hostname, Number(mlflow.port || 80));
  const viaProxy = await startTestGateway({
    MLFLOW_TRACKING_URI: `http://127.0.0.1:${proxy.port}`,
    MODEL_ALIAS_TTL_MS: "200",
    MLFLOW_RETRIES: "0",
  });
  try {
    const before = dataOf(
      await viaProxy.gql(ServingPredictDocument, { model: `${model}@champion`, inputs: KNOWN }),
    );
    assert.equal(before.predict.modelVersion.version, 1);
    proxy.setUp(false);
    await new Promise((r) => setTimeout(r, 300)); // past the TTL: the alias must be re-resolved, and cannot be
    const during = await viaProxy.gql(ServingPredictDocument, { model: `${model}@champion`, inputs: KNOWN });
    assert.equal(during.errors, undefined, JSON.stringify(during.errors));
    assert.equal(during.data?.predict.modelVersion.version, 1);
    assert.deepEqual(
      during.data?.predict.predictions.map((p) => p.label),
      SPECIES,
    );
    // A reference it never resolved cannot be guessed: that one is an upstream error.
    const unknown = await viaProxy.gql(ServingPredictDocument, { model: `${model}@other`, inputs: KNOWN });
    assert.equal(unknown.errors?.[0].extensions?.code, "UPSTREAM_UNAVAILABLE");
  } finally {
    await viaProxy.close();
    await proxy.close();
  }
});

test("bad rows are BAD_USER_INPUT naming the row index and column", async () => {
  const wrongType = await gw.gql(ServingPredictDocument, {
    model: `${model}@champion`,
    inputs: [...KNOWN, { ...KNOWN[0], bill_length_mm: "long" }],
  });
  assert.equal(wrongType.errors?.[0].extensions?.code, "BAD_USER_INPUT");
  assert.equal(wrongType.errors?.[0].extensions?.field, "inputs[3].bill_length_mm");
  assert.match(
    wrongType.errors![0].message,
    /inputs\[3\]\.bill_length_mm is text "long"; the model expects a number/,
  );

  const { island: _island, ...noIsland } = KNOWN[1];
  const missing = await gw.gql(ServingPredictDocument, {
    model: `${model}@champion`,
    inputs: [KNOWN[0], noIsland],
  });
  assert.equal(missing.errors?.[0].extensions?.code, "BAD_USER_INPUT");
  assert.match(missing.errors![0].message, /inputs\[1\]\.island is missing/);

  // JSON has no Infinity, but 1e999 in a GraphQL literal reads as one.
  const infinite = await gw.raw(
    `mutation { predict(model: "${model}@champion", inputs: [{island: "Dream", bill_length_mm: 1e999, bill_depth_mm: 17.9,
      flipper_length_mm: 192, body_mass_g: 3500, sex: "female", year: 2007}]) { predictions { label } } }`,
  );
  assert.equal(infinite.errors?.[0].extensions?.code, "BAD_USER_INPUT");
  assert.match(infinite.errors![0].message, /inputs\[0\]\.bill_length_mm is not a finite number/);

  const tooMany = await gw.gql(ServingPredictDocument, {
    model: `${model}@champion`,
    inputs: Array.from({ length: MAX_ROWS + 1 }, () => KNOWN[0]),
  });
  assert.equal(tooMany.errors?.[0].extensions?.code, "BAD_USER_INPUT");
  assert.match(tooMany.errors![0].message, /101 rows; at most 100/);
});

test("null values are imputed and columns the model does not use are ignored", async () => {
  const { predict } = dataOf(
    await gw.gql(ServingPredictDocument, {
      model: `${model}@champion`,
      inputs: [{ ...KNOWN[2], sex: null, year: null, note: "seen twice", id: 17 }],
    }),
  );
  assert.equal(predict.predictions[0].label, "Gentoo");
});

test("the prediction log holds every prediction once, newest first, with input, label and probabilities", async () => {
  const logged = async () => {
    await gw.services.serving.flush();
    const rows = await gw.services.db.query<{ n: string }>(
      "SELECT count(*) AS n FROM predictions WHERE model_name = $1",
      [model],
    );
    return Number(rows[0].n);
  };
  const before = await logged();
  const { predict } = dataOf(await gw.gql(ServingPredictDocument, { model: `${model}/1`, inputs: KNOWN }));
  assert.equal(await logged(), before + KNOWN.length, "one log row per predicted row, no more, no fewer");
  const { predictions } = dataOf(await gw.gql(ServingPredictionsDocument, { model, first: 3 }));
  assert.equal(predictions.length, 3);
  assert.deepEqual(
    predictions.map((p) => p.label),
    [...SPECIES].reverse(),
    "the last request's rows, newest (last row) first",
  );
  assert.ok(Number(predictions[0].id) > Number(predictions[1].id));
  const newest = predictions[0];
  assert.equal(newest.modelName, model);
  assert.equal(newest.modelVersion, 1);
  const { species: _species, ...gentooInput } = KNOWN[2];
  assert.deepEqual(newest.input, gentooInput, "the row as the model used it (label column not kept)");
  assert.deepEqual(newest.probabilities, predict.predictions[2].probabilities);

  const byVersion = dataOf(
    await gw.gql(ServingPredictionsDocument, { model: `${model}/2`, first: 50 }),
  ).predictions;
  assert.ok(byVersion.length >= 3 && byVersion.every((p) => p.modelVersion === 2));
});
