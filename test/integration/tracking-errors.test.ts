// Tracking and registry rules: null for what does not exist, BAD_USER_INPUT for malformed ids, filters and pages,
// CONFLICT for a taken experiment name, and cursor pagination over MLflow's page tokens.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import {
  TrackingCreateExperimentDocument,
  TrackingExperimentDocument,
  TrackingExperimentsDocument,
  TrackingModelVersionDocument,
  TrackingModelVersionsDocument,
  TrackingRegisteredModelDocument,
  TrackingRegisteredModelsDocument,
  TrackingRunArtifactsDocument,
  TrackingRunDocument,
  TrackingRunsDocument,
} from "../generated/graphql";
import { dataOf, GqlResult, startTestGateway, TestGateway, uniqueName } from "../helpers/gateway";

let gw: TestGateway;
let prefix: string;
let experimentIds: string[];
let runIds: string[];
let model: string;
before(async () => {
  gw = await startTestGateway();
  const mlflow = gw.services.mlflow;
  prefix = uniqueName("trkerr");
  experimentIds = [];
  for (const suffix of ["a", "b", "c"])
    experimentIds.push(await mlflow.createExperiment(`${prefix}_${suffix}`));
  runIds = [];
  for (let i = 0; i < 3; i++) {
    const run = await mlflow.createRun({ experimentId: experimentIds[0], runName: `run${i}` });
    runIds.push(run.info.run_id);
  }
  model = `${prefix}_model`;
  await mlflow.createRegisteredModel(model);
  for (const id of runIds) {
    await mlflow.createModelVersion({
      name: model,
      source: `s3://mlflow/${experimentIds[0]}/${id}/artifacts/model`,
      runId: id,
    });
  }
});
after(() => gw.close());

function assertBadInput(res: GqlResult<unknown>, field: string, message?: RegExp): void {
  const err = res.errors?.[0];
  assert.equal(err?.extensions?.code, "BAD_USER_INPUT", JSON.stringify(res));
  assert.equal(err?.extensions?.field, field, err?.message);
  if (message) assert.match(err!.message, message);
}

test("run, experiment, registeredModel and modelVersion answer null for what does not exist", async () => {
  const missingRun = "0123456789abcdef0123456789abcdef";
  assert.equal(dataOf(await gw.gql(TrackingRunDocument, { id: missingRun, metric: "x" })).run, null);
  assert.equal(dataOf(await gw.gql(TrackingExperimentDocument, { id: "987654321" })).experiment, null);
  assert.equal(
    dataOf(await gw.gql(TrackingExperimentDocument, { name: uniqueName("noexp") })).experiment,
    null,
  );
  assert.equal(
    dataOf(
      await gw.gql(TrackingRegisteredModelDocument, {
        name: uniqueName("nomodel"),
        number: 1,
        alias: "champion",
      }),
    ).registeredModel,
    null,
  );
  assert.equal(
    dataOf(await gw.gql(TrackingModelVersionDocument, { model: `${model}/42` })).modelVersion,
    null,
  );
  const found = dataOf(
    await gw.gql(TrackingRegisteredModelDocument, { name: model, number: 42, alias: "nope" }),
  );
  assert.ok(found.registeredModel);
  assert.equal(found.registeredModel.version, null);
  assert.equal(found.registeredModel.alias, null);
});

test("malformed run and experiment ids are BAD_USER_INPUT naming the argument", async () => {
  assertBadInput(
    await gw.gql(TrackingRunDocument, { id: "not a run id!", metric: "x" }),
    "id",
    /not a run id/,
  );
  assertBadInput(await gw.gql(TrackingRunDocument, { id: "x".repeat(257), metric: "x" }), "id");
  assertBadInput(await gw.gql(TrackingExperimentDocument, { id: "../1" }), "id", /not an experiment id/);
  assertBadInput(await gw.gql(TrackingExperimentDocument, { id: "1".repeat(65) }), "id");
  // Well-formed, but MLflow's SQL store only has integer ids: MLflow's explanation comes through.
  assertBadInput(await gw.gql(TrackingExperimentDocument, { id: "abc" }), "id", /integer/);
  assertBadInput(
    await gw.gql(TrackingRunsDocument, { experimentIds: [experimentIds[0], "bad id"] }),
    "experimentIds[1]",
  );
});

test("experiment needs exactly one of id and name", async () => {
  const neither = await gw.gql(TrackingExperimentDocument, {});
  assert.equal(neither.errors?.[0]?.extensions?.code, "BAD_USER_INPUT");
  const both = await gw.gql(TrackingExperimentDocument, { id: experimentIds[0], name: `${prefix}_a` });
  assert.equal(both.errors?.[0]?.extensions?.code, "BAD_USER_INPUT");
});

test("a malformed filter or order is BAD_USER_INPUT carrying MLflow's explanation", async () => {
  const runs = await gw.gql(TrackingRunsDocument, { experimentIds, filter: "metrics.accuracy >>> 0.5" });
  assertBadInput(runs, "filter", /metrics\.accuracy >>> 0\.5/);
  assert.equal(runs.errors?.[0]?.extensions?.upstream, "mlflow");
  assertBadInput(
    await gw.gql(TrackingRunsDocument, { experimentIds, filter: "tags.team IN ('a')" }),
    "filter",
    /quoted string/,
  );
  assertBadInput(
    await gw.gql(TrackingRunsDocument, { experimentIds, orderBy: ["nonsense.key DESC"] }),
    "orderBy",
  );
  assertBadInput(await gw.gql(TrackingExperimentsDocument, { filter: "experiment_name ~ 'x'" }), "filter");
  assertBadInput(await gw.gql(TrackingRegisteredModelsDocument, { filter: "bogus = 'x'" }), "filter");
});

test("first above 1000 or below 1 is BAD_USER_INPUT naming first; a foreign cursor names after", async () => {
  assertBadInput(await gw.gql(TrackingRunsDocument, { experimentIds, first: 1001 }), "first", /1 to 1000/);
  assertBadInput(await gw.gql(TrackingRunsDocument, { experimentIds, first: 0 }), "first");
  assertBadInput(await gw.gql(TrackingExperimentsDocument, { first: -5 }), "first");
  assertBadInput(await gw.gql(TrackingRegisteredModelsDocument, { first: 5000 }), "first");
  assertBadInput(await gw.gql(TrackingModelVersionsDocument, { name: model, first: 1001 }), "first");
  assertBadInput(await gw.gql(TrackingExperimentsDocument, { after: "not a cursor!" }), "after");
  assertBadInput(await gw.gql(TrackingRunsDocument, { experimentIds, after: "bm90IGpzb24=" }), "after");
  assert.ok(dataOf(await gw.gql(TrackingRunsDocument, { experimentIds, first: 1000 })).runs);
});

test("experiments, runs, registered models and versions page with first/after over MLflow's page tokens", async () => {
  const seen: string[] = [];
  let after: string | null | undefined;
  do {
    const page = dataOf(
      await gw.gql(TrackingExperimentsDocument, { filter: `name LIKE '${prefix}%'`, first: 2, after }),
    ).experiments;
    assert.ok(page.nodes.length <= 2);
    seen.push(...page.nodes.map((e) => e.id));
    assert.equal(page.pageInfo.hasNextPage, page.pageInfo.endCursor !== null);
    after = page.pageInfo.endCursor;
  } while (after);
  assert.deepEqual([...seen].sort(), [...experimentIds].sort());

  const first = dataOf(
    await gw.gql(TrackingRunsDocument, { experimentIds, first: 2, orderBy: ["attributes.run_name ASC"] }),
  ).runs;
  assert.deepEqual(
    first.nodes.map((r) => r.name),
    ["run0", "run1"],
  );
  assert.equal(first.pageInfo.hasNextPage, true);
  const second = dataOf(
    await gw.gql(TrackingRunsDocument, {
      experimentIds,
      first: 2,
      orderBy: ["attributes.run_name ASC"],
      after: first.pageInfo.endCursor,
    }),
  ).runs;
  assert.deepEqual(
    second.nodes.map((r) => r.name),
    ["run2"],
  );
  assert.deepEqual(second.pageInfo, { hasNextPage: false, endCursor: null });

  const versions1 = dataOf(await gw.gql(TrackingModelVersionsDocument, { name: model, first: 2 }))
    .registeredModel!.versions;
  assert.deepEqual(
    versions1.nodes.map((v) => v.version),
    [3, 2],
  );
  const versions2 = dataOf(
    await gw.gql(TrackingModelVersionsDocument, {
      name: model,
      first: 2,
      after: versions1.pageInfo.endCursor,
    }),
  ).registeredModel!.versions;
  assert.deepEqual(
    versions2.nodes.map((v) => v.version),
    [1],
  );
  assert.equal(versions2.pageInfo.hasNextPage, false);

  const models = dataOf(
    await gw.gql(TrackingRegisteredModelsDocument, { filter: `name = '${model}'`, first: 1 }),
  ).registeredModels;
  assert.deepEqual(
    models.nodes.map((m) => m.name),
    [model],
  );
  assert.deepEqual(
    models.nodes[0].latestVersions.map((v) => v.registeredModel.name),
    [model],
  );
});

test("runs without experimentIds searches every active experiment", async () => {
  const other = await gw.services.mlflow.createRun({ experimentId: experimentIds[2], runName: "elsewhere" });
  const res = dataOf(
    await gw.gql(TrackingRunsDocument, {
      filter: `attributes.run_id IN ('${runIds[1]}', '${other.info.run_id}')`,
      orderBy: ["attributes.run_name ASC"],
    }),
  ).runs;
  assert.deepEqual(
    res.nodes.map((r) => [r.name, r.experiment.id]),
    [
      ["elsewhere", experimentIds[2]],
      ["run1", experimentIds[0]],
    ],
  );
});

test("createExperiment turns JSON tags into MLflow tags; a taken name is CONFLICT; non-text tags are refused", async () => {
  const name = uniqueName("trk_created");
  const created = dataOf(
    await gw.gql(TrackingCreateExperimentDocument, {
      name,
      tags: { team: "ml", priority: 2, public: false },
    }),
  ).createExperiment;
  assert.equal(created.name, name);
  assert.equal(created.lifecycleStage, "active");
  assert.deepEqual(
    [...created.tags].sort((a, b) => (a.key < b.key ? -1 : 1)),
    [
      // the gateway's experiments are model-training experiments to MLflow 3's UI
      { key: "mlflow.experimentKind", value: "custom_model_development" },
      { key: "priority", value: "2" },
      { key: "public", value: "false" },
      { key: "team", value: "ml" },
    ],
  );
  const fetched = await gw.services.mlflow.getExperimentByName(name);
  assert.equal(fetched?.experiment_id, created.id);

  const dup = await gw.gql(TrackingCreateExperimentDocument, { name });
  assert.equal(dup.errors?.[0]?.extensions?.code, "CONFLICT", JSON.stringify(dup));
  assert.equal(dup.errors?.[0]?.extensions?.field, "name");
  assert.doesNotMatch(dup.errors![0].message, /SQL|INSERT|psycopg/, "no upstream internals in the message");
  assertBadInput(
    await gw.gql(TrackingCreateExperimentDocument, { name: uniqueName("trk"), tags: { nested: { a: 1 } } }),
    "tags.nested",
  );
  assertBadInput(await gw.gql(TrackingCreateExperimentDocument, { name: "  " }), "name");
});

test("a run's artifacts refuse paths that escape the run", async () => {
  for (const path of ["../other", "a/../../b", "/abs"]) {
    assertBadInput(await gw.gql(TrackingRunArtifactsDocument, { id: runIds[0], path }), "path");
  }
  const empty = dataOf(await gw.gql(TrackingRunArtifactsDocument, { id: runIds[0], path: "nothing-here" }));
  assert.deepEqual(empty.run?.artifacts, []);
});

test("a malformed model reference is BAD_USER_INPUT explaining the forms", async () => {
  for (const model of ["a/b/c", "", "name@", "models:/x/-1", "@alias"]) {
    assertBadInput(await gw.gql(TrackingModelVersionDocument, { model }), "model", /name@alias/);
  }
  assertBadInput(
    await gw.gql(TrackingRegisteredModelDocument, { name: model, number: 0, alias: "champion" }),
    "number",
  );
});
