// Batching: a page of runs with experiment, parent, model versions and metrics costs a constant number of MLflow calls.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import {
  ServingPromoteDocument,
  TrackingRunsBatchedDocument,
  TrackingRunsFamilyDocument,
} from "../generated/graphql";
import { dataOf, startTestGateway, TestGateway, uniqueName } from "../helpers/gateway";
import type { MlflowClient } from "../../src/services/mlflow/client";

interface Family {
  experimentId: string;
  experimentName: string;
  model: string;
  runs: { id: string; name: string; parentName: string | null; versions: number[]; accuracy: number }[];
}

/**
 * `size` runs under one new experiment: every fifth run is a parent, the others are nested under the parent
 * before them; every seventh run has a model version registered from it; alias "champion" on version 1.
 */
async function createFamily(mlflow: MlflowClient, size: number): Promise<Family> {
  const experimentName = uniqueName(`batch${size}`);
  const experimentId = await mlflow.createExperiment(experimentName);
  const model = uniqueName(`batch${size}_model`);
  await mlflow.createRegisteredModel(model);
  const runs: Family["runs"] = [];
  let parent: { id: string; name: string } | null = null;
  for (let i = 0; i < size; i++) {
    const name = `r${i}`;
    const isParent = i % 5 === 0;
    const created = await mlflow.createRun({
      experimentId,
      runName: name,
      tags: !isParent && parent ? [{ key: "mlflow.parentRunId", value: parent.id }] : undefined,
    });
    const id = created.info.run_id;
    const accuracy = Math.round((0.5 + i / (2 * size)) * 1000) / 1000;
    await mlflow.logBatch(id, {
      metrics: [{ key: "accuracy", value: accuracy, timestamp: Date.now(), step: 0 }],
    });
    await mlflow.updateRun(id, "FINISHED");
    runs.push({ id, name, parentName: isParent ? null : parent!.name, versions: [], accuracy });
    if (isParent) parent = { id, name };
  }
  for (let i = 0; i < size; i += 7) {
    const run = runs[i];
    const mv = await mlflow.createModelVersion({
      name: model,
      source: `s3://mlflow/${experimentId}/${run.id}/artifacts/model`,
      runId: run.id,
    });
    run.versions.push(Number(mv.version));
  }
  await mlflow.setAlias(model, "champion", 1);
  return { experimentId, experimentName, model, runs };
}

let gw: TestGateway;
let small: Family;
let large: Family;
before(async () => {
  gw = await startTestGateway();
  [small, large] = await Promise.all([
    createFamily(gw.services.mlflow, 10),
    createFamily(gw.services.mlflow, 30),
  ]);
});
after(() => gw.close());

async function batched(family: Family) {
  const res = await gw.gql(TrackingRunsBatchedDocument, { experimentIds: [family.experimentId], first: 100 });
  return { data: dataOf(res), calls: res.extensions?.upstreamCalls?.mlflow ?? Number.NaN };
}

test("100 runs with experiment, parent, model versions and metrics cost a small constant number of MLflow calls", async (t) => {
  const s = await batched(small);
  const l = await batched(large);
  t.diagnostic(`MLflow calls: ${s.calls} for 10 runs, ${l.calls} for 30 runs`);
  assert.equal(s.data.runs.nodes.length, 10);
  assert.equal(l.data.runs.nodes.length, 30);
  assert.ok(l.calls <= 6, `30 runs cost ${l.calls} MLflow calls`);
  assert.equal(l.calls, s.calls, `10 runs cost ${s.calls} calls, 30 runs ${l.calls}`);

  for (const family of [small, large]) {
    const nodes = (family === small ? s : l).data.runs.nodes;
    for (const want of family.runs) {
      const got = nodes.find((n) => n.id === want.id);
      assert.ok(got, `run ${want.name} is listed`);
      assert.equal(got.name, want.name);
      assert.equal(got.experiment.name, family.experimentName);
      assert.equal(got.parent?.name ?? null, want.parentName, `parent of ${want.name}`);
      assert.deepEqual(got.metrics, [{ key: "accuracy", value: want.accuracy }]);
      assert.deepEqual(
        got.modelVersions.map((v) => v.version),
        want.versions,
        `model versions of ${want.name}`,
      );
      for (const v of got.modelVersions) assert.deepEqual(v.aliases, v.version === 1 ? ["champion"] : []);
    }
  }
});

test("parents outside the page are fetched in one search, not one call per run", async () => {
  const onlyChildren = async (family: Family) => {
    const res = await gw.raw<{ runs: { nodes: { name: string; parent: { name: string } | null }[] } }>(
      `query($ids: [ID!]) { runs(experimentIds: $ids, filter: "tags.\`mlflow.parentRunId\` LIKE '%'", first: 100) { nodes { name parent { name } } } }`,
      { ids: [family.experimentId] },
    );
    const data = dataOf(res);
    for (const n of data.runs.nodes) {
      assert.equal(n.parent?.name, family.runs.find((r) => r.name === n.name)!.parentName);
    }
    return { count: data.runs.nodes.length, calls: res.extensions?.upstreamCalls?.mlflow ?? Number.NaN };
  };
  const s = await onlyChildren(small);
  const l = await onlyChildren(large);
  assert.equal(s.count, 8);
  assert.equal(l.count, 24);
  // runs/search, then one runs/search for every parent of the page
  assert.equal(l.calls, 2);
  assert.equal(s.calls, l.calls);
});

test("children of every run in a page cost one extra search", async () => {
  const family = async (f: Family) => {
    const res = await gw.gql(TrackingRunsFamilyDocument, { experimentIds: [f.experimentId], first: 100 });
    const nodes = dataOf(res).runs.nodes;
    for (const want of f.runs) {
      const expected = f.runs
        .filter((r) => r.parentName === want.name)
        .map((r) => r.id)
        .sort();
      const got = nodes.find((n) => n.id === want.id)!;
      assert.deepEqual(got.children.map((c) => c.id).sort(), expected, `children of ${want.name}`);
    }
    return res.extensions?.upstreamCalls?.mlflow ?? Number.NaN;
  };
  const s = await family(small);
  const l = await family(large);
  assert.equal(l, 2);
  assert.equal(s, l);
});

test("a registered model's aliases are remembered across requests for MODEL_ALIAS_TTL_MS; a promotion through the gateway shows at once", async () => {
  const ttlMs = 4000;
  const cached = await startTestGateway({ MODEL_ALIAS_TTL_MS: String(ttlMs) });
  try {
    const page = async () => {
      const res = await cached.gql(TrackingRunsBatchedDocument, {
        experimentIds: [small.experimentId],
        first: 100,
      });
      const aliases = Object.fromEntries(
        dataOf(res).runs.nodes.flatMap((n) => n.modelVersions.map((v) => [v.version, v.aliases])),
      );
      return { aliases, calls: res.extensions?.upstreamCalls?.mlflow ?? Number.NaN };
    };
    const cold = await page();
    const warm = await page();
    assert.deepEqual(cold.aliases, { 1: ["champion"], 2: [] });
    assert.deepEqual(warm.aliases, cold.aliases);
    assert.equal(warm.calls, cold.calls - 1, "the aliases came from memory: no registered-models search");

    // Moved through this gateway: the next page shows it (the remembered aliases were forgotten).
    const promoted = dataOf(
      await cached.gql(ServingPromoteDocument, {
        input: { name: small.model, version: 2, alias: "challenger" },
      }),
    ).promoteModel;
    assert.equal(promoted.promoted, true);
    const moved = await page();
    assert.deepEqual(moved.aliases, { 1: ["champion"], 2: ["challenger"] });
    assert.equal(moved.calls, cold.calls);

    // Moved in MLflow directly: another process's change shows once the remembered answer is older than the TTL.
    await cached.services.mlflow.setAlias(small.model, "direct", 2);
    await new Promise((r) => setTimeout(r, ttlMs + 100));
    assert.deepEqual((await page()).aliases, { 1: ["champion"], 2: ["challenger", "direct"] });
  } finally {
    await cached.close();
  }
});

test("a repeated search looks up the versions of its last page's runs beside the search; what changed since still shows", async (t) => {
  // Aliases are looked up by every request here (no TTL), so the number of MLflow calls depends on the versions alone.
  const fresh = await startTestGateway({ MODEL_ALIAS_TTL_MS: "0" });
  t.after(() => fresh.close());
  const mlflow = fresh.services.mlflow;
  const experimentId = await mlflow.createExperiment(uniqueName("pagehint"));
  const model = uniqueName("pagehint_model");
  await mlflow.createRegisteredModel(model);
  const newRun = async (name: string) => {
    const run = await mlflow.createRun({ experimentId, runName: name });
    await mlflow.updateRun(run.info.run_id, "FINISHED");
    return run.info.run_id;
  };
  const register = async (runId: string) =>
    Number(
      (
        await mlflow.createModelVersion({
          name: model,
          source: `s3://mlflow/${experimentId}/${runId}/artifacts/model`,
          runId,
        })
      ).version,
    );
  const ids = [];
  for (let i = 0; i < 4; i++) ids.push(await newRun(`r${i}`));
  await register(ids[0]);
  const page = async () => {
    const res = await fresh.gql(TrackingRunsBatchedDocument, { experimentIds: [experimentId], first: 100 });
    const versions = Object.fromEntries(
      dataOf(res).runs.nodes.map((n) => [n.id, n.modelVersions.map((v) => v.version)]),
    );
    return { versions, calls: res.extensions?.upstreamCalls?.mlflow ?? Number.NaN };
  };

  const first = await page();
  assert.deepEqual(first.versions, { [ids[0]]: [1], [ids[1]]: [], [ids[2]]: [], [ids[3]]: [] });

  // Registered in MLflow directly between two identical requests: the versions are read afresh, never remembered.
  await register(ids[2]);
  const second = await page();
  assert.deepEqual(second.versions, { [ids[0]]: [1], [ids[1]]: [], [ids[2]]: [2], [ids[3]]: [] });
  assert.equal(
    second.calls,
    first.calls,
    "the same calls: the versions search only moved beside runs/search",
  );

  // A run new to the page: the remembered runs were looked up beside the search, the new one after it.
  ids.push(await newRun("r4"));
  await register(ids[4]);
  const third = await page();
  assert.deepEqual(third.versions, {
    [ids[0]]: [1],
    [ids[1]]: [],
    [ids[2]]: [2],
    [ids[3]]: [],
    [ids[4]]: [3],
  });
  assert.equal(
    third.calls,
    first.calls + 1,
    "one more versions search, for the run the last page did not have",
  );

  // The page as it is now is what the next request expects: back to the usual number of calls.
  assert.equal((await page()).calls, first.calls);
});
