// Issue 13, item 2: the largest allowed predicts are scored on worker threads, so /healthz keeps answering
// while they run; a single row is still scored in place, with the same answer.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { dataOf, startTestGateway, TestGateway, uniqueName } from "../helpers/gateway";
import { SAMPLE_PENGUINS } from "../helpers/penguins";

const MAX_ROWS = 10000; // the default PREDICT_MAX_ROWS
let gw: TestGateway;
let model: string;
let dataset: string;

/** The Gentoo of the three sample penguins. */
const ROW = SAMPLE_PENGUINS[2];

before(async () => {
  gw = await startTestGateway();
  dataset = uniqueName("hs_penguins").toLowerCase();
  model = uniqueName("hs_knn");
  dataOf(
    await gw.raw(
      `mutation { ingestDataset(input: { name: "${dataset}", builtin: PENGUINS }) { rowsWritten } }`,
    ),
  );
  // kNN keeps its training rows: every predicted row is compared with all of them.
  const train = dataOf(
    await gw.raw(
      `mutation($input: TrainGridInput!) { trainGrid(input: $input) { status error modelVersion { version } } }`,
      {
        input: {
          experimentName: uniqueName("hostile_scoring"),
          dataset,
          label: "species",
          grid: [{ algorithm: "KNN", params: { k: [5] } }],
          folds: 2,
          registerAs: model,
          wait: true,
        },
      },
    ),
  ) as { trainGrid: { status: string; error: string | null; modelVersion: { version: string } } };
  assert.equal(train.trainGrid.status, "SUCCEEDED", train.trainGrid.error ?? "");
  model = `${model}/${train.trainGrid.modelVersion.version}`;
});

after(async () => {
  await gw.services.mysql.query(`DROP TABLE IF EXISTS \`${dataset}\``).catch(() => {});
  await gw.close();
});

const predictDoc = `mutation($model: String!, $inputs: [JSONObject!]!) { predict(model: $model, inputs: $inputs) { predictions { label probabilities { label probability } } } }`;

test("/healthz answers while the largest allowed predicts are scored", async () => {
  const base = gw.url.replace(/\/graphql$/, "");
  const rows = Array.from({ length: MAX_ROWS }, (_, i) => ({ ...ROW, bill_length_mm: 35 + (i % 200) / 10 }));
  const before = gw.services.serving.scoring.completed;
  let done = false;
  const predicts = Promise.all(
    Array.from({ length: 3 }, () => gw.raw(predictDoc, { model, inputs: rows })),
  ).finally(() => {
    done = true;
  });
  let answeredDuring = 0;
  while (!done) {
    const res = await fetch(`${base}/healthz`);
    assert.equal(res.status, 200);
    await res.text();
    if (!done) answeredDuring++;
    await new Promise((r) => setTimeout(r, 10));
  }
  const results = await predicts;
  for (const r of results) {
    const data = dataOf(r) as { predict: { predictions: { label: string }[] } };
    assert.equal(data.predict.predictions.length, MAX_ROWS);
  }
  assert.ok(answeredDuring >= 3, `/healthz answered ${answeredDuring} times while the predicts ran`);
  assert.equal(gw.services.serving.scoring.completed - before, 3, "each large predict ran on a worker");
});

test("one row is scored on the main thread, and agrees with the worker's answer", async () => {
  const before = gw.services.serving.scoring.completed;
  const one = dataOf(await gw.raw(predictDoc, { model, inputs: [ROW] })) as {
    predict: { predictions: { label: string; probabilities: { probability: number }[] }[] };
  };
  assert.equal(gw.services.serving.scoring.completed, before, "no worker for a single row");
  const many = dataOf(
    await gw.raw(predictDoc, { model, inputs: Array.from({ length: 600 }, () => ROW) }),
  ) as typeof one;
  assert.equal(gw.services.serving.scoring.completed, before + 1);
  assert.deepEqual(many.predict.predictions[599], one.predict.predictions[0]);
  // The worker hands the log its rows as JSON text: the logged rows are the same as the main thread's.
  await gw.services.serving.flush();
  const name = model.split("/")[0];
  const logged = await gw.services.db.query<{ input: unknown; label: string; probabilities: unknown }>(
    "SELECT input, label, probabilities FROM predictions WHERE model_name = $1 ORDER BY id DESC LIMIT 601",
    [name],
  );
  assert.equal(logged.length, 601, "the single row and the 600 worker-scored rows were logged");
  const mainRow = logged[600];
  for (const row of [logged[0], logged[599]]) assert.deepEqual(row, mainRow);
  assert.equal(mainRow.label, one.predict.predictions[0].label);
  assert.ok(!("species" in (mainRow.input as object)), "the log keeps only the model's input columns");
});

test("a bad value in a large request is still BAD_USER_INPUT naming the row and column", async () => {
  const rows = Array.from({ length: 600 }, () => ({ ...ROW }));
  rows[321] = { ...ROW, body_mass_g: "heavy" as unknown as number };
  const res = await gw.raw(predictDoc, { model, inputs: rows });
  assert.equal(res.errors?.[0].extensions?.code, "BAD_USER_INPUT");
  assert.match(String(res.errors?.[0].extensions?.field), /inputs\[321\]\.body_mass_g/);
});

test("a large request's text reaches the log as sent (quotes, backslashes, non-ASCII), scored on a worker", async () => {
  const odd = 'Bis\\co"e ü 😀';
  const rows = Array.from({ length: 600 }, (_, i) => ({ ...ROW, island: i === 7 ? odd : ROW.island }));
  const before = gw.services.serving.scoring.completed;
  const res = dataOf(await gw.raw(predictDoc, { model, inputs: rows })) as {
    predict: { predictions: { label: string }[] };
  };
  assert.equal(res.predict.predictions.length, 600);
  assert.equal(gw.services.serving.scoring.completed, before + 1, "scored on a worker");
  await gw.services.serving.flush();
  const logged = await gw.services.db.query<{ input: { island: string } }>(
    "SELECT input FROM predictions WHERE model_name = $1 ORDER BY id DESC LIMIT 600",
    [model.split("/")[0]],
  );
  assert.equal(logged.length, 600);
  // Newest first: the request's row 7 is the 593rd row back.
  assert.equal(logged[599 - 7].input.island, odd);
  assert.equal(logged[0].input.island, ROW.island);
});

test("a large request with a row missing a column is BAD_USER_INPUT naming that row and column", async () => {
  const rows: Record<string, unknown>[] = Array.from({ length: 600 }, () => ({ ...ROW }));
  delete rows[450].sex;
  const res = await gw.raw(predictDoc, { model, inputs: rows });
  assert.equal(res.errors?.[0].extensions?.code, "BAD_USER_INPUT");
  assert.equal(res.errors?.[0].extensions?.field, "inputs[450].sex");
  assert.match(res.errors?.[0].message ?? "", /inputs\[450\]\.sex is missing/);
});
