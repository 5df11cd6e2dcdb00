// Registry housekeeping and prediction monitoring against the real stack: aliases and tags read back with MLflow's
// Python client, predictionStats over the real prediction log, drift of a shifted feature against the training data.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import {
  HousekeepingArchiveDocument,
  HousekeepingDeleteAliasDocument,
  HousekeepingDeleteTagDocument,
  HousekeepingDescribeVersionDocument,
  HousekeepingSetTagDocument,
  MonitoringStatsDocument,
  PrepareDatasetDocument,
  ServingIngestDocument,
  ServingPredictDocument,
  ServingPromoteDocument,
  ServingTrainDocument,
} from "../generated/graphql";
import { DatasetSource } from "../../src/schema/enums";
import type { TrainingProfile } from "../../src/services/models/training-profile";
import { dataOf, startTestGateway, TestGateway, uniqueName } from "../helpers/gateway";
import { runPythonJson } from "../helpers/python";

interface Readback {
  aliases: Record<string, string>;
  modelTags: Record<string, string>;
  version: { version: number; tags: Record<string, string>; stage: string; description: string | null };
}

const FEATURES = ["island", "bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g", "sex"];

let gw: TestGateway;
let model: string;
/** The penguins table in MySQL that the gateway's models were trained on. */
let dataset: string;
let rows: Record<string, unknown>[];

before(async () => {
  gw = await startTestGateway();
  dataset = uniqueName("monitoring_penguins");
  model = uniqueName("monitoring_model");
  dataOf(await gw.gql(ServingIngestDocument, { input: { name: dataset, builtin: "PENGUINS" } }));
  const train = async (
    grid: { algorithm: "LOGISTIC_REGRESSION" | "DECISION_TREE"; params: Record<string, unknown> },
    promoteTo?: string,
  ) => {
    const job = dataOf(
      await gw.gql(ServingTrainDocument, {
        input: {
          experimentName: uniqueName("monitoring"),
          dataset,
          label: "species",
          features: FEATURES,
          grid: [grid],
          folds: 2,
          registerAs: model,
          promoteTo,
          wait: true,
        },
      }),
    ).trainGrid;
    assert.equal(job.status, "SUCCEEDED", job.error ?? "");
  };
  await train(
    { algorithm: "LOGISTIC_REGRESSION", params: { learningRate: [0.1], numSteps: [300] } },
    "champion",
  );
  await train({ algorithm: "DECISION_TREE", params: { maxDepth: [4] } });
  const table = await gw.services.datasets.readTable(DatasetSource.MYSQL, dataset, FEATURES);
  rows = table.rows;
});
after(() => gw?.close());

const stats = async (ref: string, since?: Date, until?: Date) =>
  dataOf(
    await gw.gql(MonitoringStatsDocument, {
      model: ref,
      since: since?.toISOString(),
      until: until?.toISOString(),
    }),
  ).predictionStats;

async function predictAll(ref: string, inputs: Record<string, unknown>[]): Promise<string[]> {
  const labels: string[] = [];
  for (let i = 0; i < inputs.length; i += 200) {
    const out = dataOf(
      await gw.gql(ServingPredictDocument, { model: ref, inputs: inputs.slice(i, i + 200) }),
    );
    labels.push(...out.predict.predictions.map((p) => p.label));
  }
  return labels;
}

const tick = () => new Promise((r) => setTimeout(r, 20));

test("predictionStats counts per version and label shares match the predictions made, and a far shift shows as PSI > 0.2", async () => {
  const t0 = new Date();
  await tick();
  const labels = await predictAll(`${model}@champion`, rows);
  const v2 = await predictAll(`${model}/2`, rows.slice(0, 30));
  await tick();
  const t1 = new Date();
  await tick();
  const shifted = rows.map((r) => ({
    ...r,
    bill_length_mm: typeof r.bill_length_mm === "number" ? r.bill_length_mm + 100 : r.bill_length_mm,
  }));
  await predictAll(`${model}@champion`, shifted);

  const all = await stats(model, t0, t1);
  assert.equal(all.total, rows.length + 30);
  assert.deepEqual(all.byVersion, [
    { version: 1, count: rows.length },
    { version: 2, count: 30 },
  ]);
  const expected = new Map<string, number>();
  for (const l of [...labels, ...v2]) expected.set(l, (expected.get(l) ?? 0) + 1);
  assert.deepEqual(
    Object.fromEntries(all.labels.map((l) => [l.label, l.count])),
    Object.fromEntries(expected),
  );
  assert.ok(Math.abs(all.labels.reduce((s, l) => s + l.share, 0) - 1) < 1e-9);
  assert.equal(all.servingVersion, 2, "the newest prediction in the window was made by version 2");

  // Version 1 alone over the unshifted rows: it saw what it was trained on.
  const steady = await stats(`${model}/1`, t0, t1);
  assert.equal(steady.total, rows.length);
  assert.equal(steady.driftNote, null);
  assert.deepEqual(steady.drift.map((d) => d.feature).sort(), [...FEATURES].sort());
  for (const d of steady.drift) assert.ok(d.psi != null && d.psi < 0.1, `${d.feature} psi ${d.psi}`);

  const moved = await stats(`${model}@champion`, t1);
  assert.equal(moved.total, rows.length);
  const bill = moved.drift.find((d) => d.feature === "bill_length_mm")!;
  assert.ok(bill.psi! > 0.2, `bill_length_mm psi ${bill.psi}`);
  assert.ok(bill.servingMean! > bill.trainingMean! + 90, JSON.stringify(bill));
  for (const d of moved.drift.filter((x) => x.feature !== "bill_length_mm"))
    assert.ok(d.psi! < 0.1 && d.psi! < bill.psi!, `${d.feature} psi ${d.psi}`);
  const island = moved.drift.find((d) => d.feature === "island")!;
  assert.equal(island.trainingMean, null);
  assert.equal(island.unseenShare, 0);
});

test("predictionStats of a Python-registered model without a training profile answers the counts and says why drift is empty", async () => {
  const name = uniqueName("monitoring_py");
  const reg = await runPythonJson<{ versions: { version: number }[] }>("serving_versions.py", [
    name,
    uniqueName("monitoring_py_exp"),
    "test_accuracy",
    "0.9",
  ]);
  await gw.services.db.query(
    `INSERT INTO prediction_requests (model_name, model_version, row_count, inputs, labels, probabilities)
     SELECT $1, $2, 1, '[{"x": 1}]', '{a}', '[[]]' FROM generate_series(1, 5)`,
    [name, reg.versions[0].version],
  );
  const s = await stats(name);
  assert.equal(s.total, 5);
  assert.deepEqual(s.drift, []);
  assert.match(s.driftNote ?? "", /training_profile\.json.*no dataset input/);
});

test("trainGrid keeps the training profile in the model file and as the run's training_profile.json (read with MLflow's Python client)", async () => {
  const mv = await gw.services.mlflow.getModelVersion(model, 1);
  assert.ok(mv?.run_id, "version 1 has a source run");
  const artifact = await runPythonJson<TrainingProfile>("read_artifact_json.py", [
    mv.run_id,
    "training_profile.json",
  ]);
  const modelFile = await runPythonJson<{ trainingProfile: TrainingProfile }>("read_artifact_json.py", [
    mv.run_id,
    "model/model.json",
  ]);
  assert.deepEqual(artifact, modelFile.trainingProfile, "the artifact is the profile the model file carries");
  assert.deepEqual(artifact.features.map((f) => f.name).sort(), [...FEATURES].sort());
  assert.ok(
    artifact.rows > rows.length / 2 && artifact.rows <= rows.length,
    `${artifact.rows} training rows`,
  );
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  for (const f of artifact.features) {
    const values = rows.map((r) => r[f.name]).filter((v) => v !== null && v !== undefined);
    assert.ok(f.nullShare >= 0 && f.nullShare < 0.1, `${f.name} nullShare ${f.nullShare}`);
    if (f.kind === "numeric") {
      const nums = values.map(Number);
      assert.equal(f.shares.length, f.edges.length + 1, f.name);
      assert.ok(f.edges.length >= 5, `${f.name} has ${f.edges.length} cut points`);
      assert.ok(
        f.edges.every((e, i) => i === 0 || e > f.edges[i - 1]),
        `${f.name} edges ascend`,
      );
      assert.ok(Math.abs(sum(f.shares) - 1) < 1e-9, `${f.name} shares sum to 1`);
      assert.ok(f.mean > Math.min(...nums) && f.mean < Math.max(...nums), `${f.name} mean ${f.mean}`);
    } else {
      assert.ok(Math.abs(sum(Object.values(f.shares)) - 1) < 1e-9, `${f.name} shares sum to 1`);
      assert.deepEqual(Object.keys(f.shares).sort(), [...new Set(values.map(String))].sort(), f.name);
    }
  }
});

test("a Python-registered ONNX model without a training profile is compared with the MySQL table its run logged as training input", async () => {
  // The clean table (rows with a null dropped), as the seed stacks train on: ONNX string inputs have no null.
  const clean = uniqueName("monitoring_clean");
  dataOf(await gw.gql(PrepareDatasetDocument, { input: { from: dataset, to: clean, label: "species" } }));
  const complete = (await gw.services.datasets.readTable(DatasetSource.MYSQL, clean, FEATURES)).rows;
  assert.ok(complete.length > 300 && complete.length < rows.length, `${complete.length} clean rows`);
  const prefix = uniqueName("monitoring_onnx");
  const fixture = await runPythonJson<{ lr_mysql: { name: string; version: number } }>(
    "serving_onnx_models.py",
    [prefix, `${prefix}_exp`, `lr_mysql=${clean}`],
  );
  const ref = `${fixture.lr_mysql.name}/${fixture.lr_mysql.version}`;
  const t0 = new Date();
  await tick();
  await predictAll(ref, complete);
  await tick();
  const t1 = new Date();
  await tick();
  await predictAll(
    ref,
    complete.map((r) => ({
      ...r,
      bill_length_mm: typeof r.bill_length_mm === "number" ? r.bill_length_mm + 100 : r.bill_length_mm,
    })),
  );

  const steady = await stats(ref, t0, t1);
  assert.equal(steady.total, complete.length);
  assert.equal(steady.driftNote, null, "the profile came from the dataset input's table");
  assert.deepEqual(steady.drift.map((d) => d.feature).sort(), [...FEATURES].sort());
  for (const d of steady.drift)
    assert.ok(d.psi != null && d.psi < 0.1, `${d.feature} psi ${d.psi}: ${JSON.stringify(steady.drift)}`);

  const moved = await stats(ref, t1);
  assert.equal(moved.total, complete.length);
  const bill = moved.drift.find((d) => d.feature === "bill_length_mm")!;
  assert.ok(bill.psi! > 0.2, `bill_length_mm psi ${bill.psi}`);
  for (const d of moved.drift.filter((x) => x.feature !== "bill_length_mm"))
    assert.ok(d.psi! < bill.psi!, `${d.feature} psi ${d.psi}`);
});

test("deleteModelAlias removes the alias in MLflow, keeps the version, and is audited; unknown alias or model is NOT_FOUND", async () => {
  dataOf(await gw.gql(ServingPromoteDocument, { input: { name: model, version: 2, alias: "challenger" } }));
  const res = dataOf(await gw.gql(HousekeepingDeleteAliasDocument, { name: model, alias: "challenger" }));
  assert.deepEqual(
    res.deleteModelAlias.aliases.map((a) => a.alias),
    ["champion"],
  );
  const back = await runPythonJson<Readback>("registry_readback.py", [model, "2"]);
  assert.equal(back.aliases.challenger, undefined);
  assert.equal(back.aliases.champion, "1");
  assert.equal(back.version.version, 2, "the version stays");
  const audit = await gw.services.db.query<{ action: string; version: number; alias: string }>(
    "SELECT action, version, alias FROM promotions WHERE model_name = $1 ORDER BY id DESC LIMIT 1",
    [model],
  );
  assert.deepEqual(audit[0], { action: "delete_alias", version: 2, alias: "challenger" });

  const again = await gw.gql(HousekeepingDeleteAliasDocument, { name: model, alias: "challenger" });
  assert.equal(again.errors?.[0]?.extensions?.code, "NOT_FOUND");
  assert.match(again.errors![0].message, /no alias @challenger.*@champion/);
  const noModel = await gw.gql(HousekeepingDeleteAliasDocument, {
    name: uniqueName("nope"),
    alias: "champion",
  });
  assert.equal(noModel.errors?.[0]?.extensions?.code, "NOT_FOUND");
});

test("setTag and deleteTag on every target are what MLflow stores; mlflow.* keys and unknown targets are refused", async () => {
  const mv = await gw.services.mlflow.getModelVersion(model, 1);
  const run = await gw.services.mlflow.getRun(mv!.run_id!);
  const experimentId = run!.info.experiment_id;
  const set = (
    target: "EXPERIMENT" | "RUN" | "REGISTERED_MODEL" | "MODEL_VERSION",
    id: string,
    key = "team",
    value = "fraud",
  ) => gw.gql(HousekeepingSetTagDocument, { input: { target, id, key, value } });
  for (const [target, id] of [
    ["EXPERIMENT", experimentId],
    ["RUN", run!.info.run_id],
    ["REGISTERED_MODEL", model],
    ["MODEL_VERSION", `${model}/1`],
  ] as const)
    assert.equal(dataOf(await set(target, id)).setTag, true);

  const back = await runPythonJson<Readback>("registry_readback.py", [model, "1"]);
  assert.equal(back.version.tags.team, "fraud");
  assert.equal(back.modelTags.team, "fraud");
  const exp = await gw.services.mlflow.getExperiment(experimentId);
  assert.equal(exp?.tags?.find((t) => t.key === "team")?.value, "fraud");
  const runBack = await gw.services.mlflow.getRun(run!.info.run_id);
  assert.equal(runBack?.data?.tags?.find((t) => t.key === "team")?.value, "fraud");

  dataOf(
    await gw.gql(HousekeepingDeleteTagDocument, {
      input: { target: "MODEL_VERSION", id: `${model}/1`, key: "team" },
    }),
  );
  const afterDelete = await runPythonJson<Readback>("registry_readback.py", [model, "1"]);
  assert.equal(afterDelete.version.tags.team, undefined);

  const reserved = await set("RUN", run!.info.run_id, "mlflow.runName", "x");
  assert.equal(reserved.errors?.[0]?.extensions?.code, "BAD_USER_INPUT");
  assert.match(reserved.errors![0].message, /input\.key.*reserved/);
  // A key MLflow's own grammar refuses: BAD_USER_INPUT naming the field, with MLflow's reason.
  for (const [target, id] of [
    ["RUN", run!.info.run_id],
    ["REGISTERED_MODEL", model],
  ] as const) {
    const refused = await set(target, id, "cost#center", "x");
    assert.equal(refused.errors?.[0]?.extensions?.code, "BAD_USER_INPUT", JSON.stringify(refused.errors));
    assert.equal(refused.errors![0].extensions?.field, "input.key");
    assert.equal(refused.errors![0].extensions?.upstream, "mlflow");
    assert.match(refused.errors![0].message, /input\.key was refused by MLflow: .*Names may only contain/);
  }
  const model2 = await runPythonJson<Readback>("registry_readback.py", [model, "1"]);
  assert.equal(model2.modelTags["cost#center"], undefined, "nothing was written");
  const missing = await set("MODEL_VERSION", `${model}/99`);
  assert.equal(missing.errors?.[0]?.extensions?.code, "NOT_FOUND");
  const badId = await set("MODEL_VERSION", model);
  assert.equal(badId.errors?.[0]?.extensions?.code, "BAD_USER_INPUT");
});

test("a version's description and archiving are what MLflow stores", async () => {
  dataOf(
    await gw.gql(HousekeepingDescribeVersionDocument, {
      name: model,
      version: 2,
      description: "tree baseline",
    }),
  );
  const archived = dataOf(await gw.gql(HousekeepingArchiveDocument, { name: model, version: 2 }));
  assert.equal(archived.archiveModelVersion.stage, "Archived");
  const back = await runPythonJson<Readback>("registry_readback.py", [model, "2"]);
  assert.equal(back.version.description, "tree baseline");
  assert.equal(back.version.stage, "Archived");
});
