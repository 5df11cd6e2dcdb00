// Tracking and registry through GraphQL, compared field for field with what MLflow's own Python client reads back.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import {
  TrackingExperimentDocument,
  TrackingRegisterModelDocument,
  TrackingModelVersionDocument,
  TrackingRegisteredModelDocument,
  TrackingRunDocument,
} from "../generated/graphql";
import { dataOf, startTestGateway, TestGateway, uniqueName } from "../helpers/gateway";
import { runPythonJson } from "../helpers/python";

type KV = { key: string; value: string };
interface PyRun {
  id: string;
  name: string;
  experimentId: string;
  status: string;
  startTime: number;
  endTime: number | null;
  artifactUri: string;
  params: KV[];
  metrics: Record<string, number>;
  tags: KV[];
  datasetInputs: { name: string; digest: string; sourceType: string; source: string }[];
}
interface PyVersion {
  name: string;
  version: number;
  stage: string;
  status: string;
  source: string;
  runId: string;
  aliases: string[];
  tags: KV[];
  creationTimestamp: number;
}
interface PySignature {
  inputs: string;
  outputs: string | null;
  params: string | null;
}
export interface PyFixture {
  experiment: { id: string; name: string; artifactLocation: string; lifecycleStage: string; tags: KV[] };
  parent: PyRun;
  children: PyRun[];
  metricHistory: { step: number; value: number; timestamp: number }[];
  artifacts: { path: string; isDir: boolean; size: number | null }[];
  notesArtifacts: { path: string; isDir: boolean; size: number | null }[];
  registeredModel: { name: string; tags: KV[]; aliases: Record<string, number>; latestVersions: PyVersion[] };
  versions: PyVersion[];
  signature: PySignature;
  runModelSignature: PySignature;
}

const iso = (ms: number | null | undefined) => (ms ? new Date(ms).toISOString() : null);
const byKey = <T extends { key: string }>(xs: readonly T[]) =>
  [...xs].sort((a, b) => (a.key < b.key ? -1 : 1));
const parsedSignature = (s: PySignature) => {
  const out: Record<string, unknown> = {
    inputs: JSON.parse(s.inputs),
    outputs: s.outputs ? JSON.parse(s.outputs) : null,
  };
  if (s.params) out.params = JSON.parse(s.params);
  return out;
};

let gw: TestGateway;
let fx: PyFixture;
before(async () => {
  [gw, fx] = await Promise.all([
    startTestGateway(),
    runPythonJson<PyFixture>("mlflow_fixture.py", [uniqueName("trk")]),
  ]);
});
after(() => gw.close());

function expectRun(
  got: {
    id: string;
    name?: string | null;
    status: string;
    startTime?: string | null;
    endTime?: string | null;
    artifactUri?: string | null;
    params: KV[];
    metrics: { key: string; value: number }[];
    tags: KV[];
  },
  want: PyRun,
): void {
  assert.equal(got.id, want.id);
  assert.equal(got.name, want.name);
  assert.equal(got.status, want.status);
  assert.equal(got.startTime, iso(want.startTime));
  assert.equal(got.endTime, iso(want.endTime));
  assert.equal(got.artifactUri, want.artifactUri);
  assert.deepEqual(byKey(got.params), want.params);
  assert.deepEqual(Object.fromEntries(got.metrics.map((m) => [m.key, m.value])), want.metrics);
  assert.deepEqual(byKey(got.tags), want.tags);
}

test("an experiment by name and by id matches what the Python client reads back", async () => {
  const byName = dataOf(await gw.gql(TrackingExperimentDocument, { name: fx.experiment.name })).experiment;
  const byId = dataOf(await gw.gql(TrackingExperimentDocument, { id: fx.experiment.id })).experiment;
  assert.ok(byName && byId);
  assert.deepEqual(byId, byName);
  assert.equal(byName.id, fx.experiment.id);
  assert.equal(byName.name, fx.experiment.name);
  assert.equal(byName.artifactLocation, fx.experiment.artifactLocation);
  assert.equal(byName.lifecycleStage, fx.experiment.lifecycleStage);
  assert.deepEqual(byKey(byName.tags), fx.experiment.tags);
  assert.deepEqual(
    byName.runs.nodes.map((r) => r.id),
    [fx.parent.id, ...fx.children.map((c) => c.id)],
    "runs oldest first: the parent, then its children",
  );
  assert.equal(byName.runs.pageInfo.hasNextPage, false);
});

test("a run's params, latest metrics, tags, status, times, history, family, artifacts and dataset inputs match the Python client", async () => {
  const run = dataOf(
    await gw.gql(TrackingRunDocument, { id: fx.parent.id, metric: "accuracy", path: "notes" }),
  ).run;
  assert.ok(run);
  expectRun(run, fx.parent);
  assert.equal(run.metric, fx.parent.metrics.accuracy);
  assert.deepEqual(
    run.metricHistory.map((m) => ({ step: m.step, value: m.value, timestamp: m.timestamp })),
    fx.metricHistory.map((m) => ({ step: m.step, value: m.value, timestamp: iso(m.timestamp) })),
  );
  assert.ok(run.metricHistory.every((m) => m.key === "accuracy"));
  assert.deepEqual(run.experiment, { id: fx.experiment.id, name: fx.experiment.name });
  assert.equal(run.parent, null);

  assert.equal(run.children.length, fx.children.length);
  for (const want of fx.children) {
    const child: (typeof run.children)[number] | undefined = run.children.find((c) => c.id === want.id);
    assert.ok(child, `child ${want.name}`);
    expectRun(child, want);
    assert.equal(child.parent?.id, fx.parent.id);
  }

  const sortPath = <T extends { path: string }>(xs: T[]) =>
    [...xs].sort((a, b) => (a.path < b.path ? -1 : 1));
  assert.deepEqual(sortPath(run.artifacts), sortPath(fx.artifacts));
  assert.deepEqual(sortPath(run.artifactsAt), sortPath(fx.notesArtifacts));
  assert.deepEqual(run.datasetInputs, fx.parent.datasetInputs);

  assert.deepEqual(
    run.modelVersions,
    fx.versions.map((v) => ({ name: v.name, version: v.version, stage: v.stage, aliases: v.aliases })),
  );
});

test("a child run's parent, and the children's own fields, match the Python client", async () => {
  const want = fx.children[1];
  const run = dataOf(await gw.gql(TrackingRunDocument, { id: want.id, metric: "accuracy" })).run;
  assert.ok(run);
  expectRun(run, want);
  assert.deepEqual(run.parent, { id: fx.parent.id, name: fx.parent.name });
  assert.deepEqual(run.children, []);
  assert.deepEqual(run.datasetInputs, []);
  assert.equal(run.metric, want.metrics.accuracy);
  assert.deepEqual(
    run.metricHistory.map((m) => m.value),
    [want.metrics.accuracy],
  );
});

test("a registered model's tags, aliases, versions and stages match the Python client", async () => {
  const name = fx.registeredModel.name;
  const model = dataOf(
    await gw.gql(TrackingRegisteredModelDocument, { name, number: 1, alias: "champion" }),
  ).registeredModel;
  assert.ok(model);
  assert.equal(model.name, name);
  assert.deepEqual(byKey(model.tags), fx.registeredModel.tags);
  assert.deepEqual(
    model.aliases.map((a) => ({ alias: a.alias, version: a.version.version })),
    Object.entries(fx.registeredModel.aliases).map(([alias, version]) => ({ alias, version })),
  );
  assert.deepEqual(model.aliases[0].version.aliases, ["champion"]);

  const expectVersion = (got: (typeof model.latestVersions)[number] | null | undefined, want: PyVersion) => {
    assert.ok(got);
    assert.deepEqual(
      { ...got, tags: byKey(got.tags) },
      {
        name: want.name,
        version: want.version,
        stage: want.stage,
        status: want.status,
        source: want.source,
        runId: want.runId,
        aliases: want.aliases,
        tags: want.tags,
        creationTime: iso(want.creationTimestamp),
      },
    );
  };
  expectVersion(model.version, fx.versions[0]);
  // The Python client's latest_versions carry no aliases; the versions themselves do.
  const latest = [...model.latestVersions].sort((a, b) => a.version - b.version);
  assert.deepEqual(
    latest.map((v) => ({ version: v.version, stage: v.stage })),
    fx.registeredModel.latestVersions.map((v) => ({ version: v.version, stage: v.stage })),
  );
  for (const v of latest) expectVersion(v, fx.versions.find((w) => w.version === v.version)!);

  assert.equal(model.alias?.version, 1);
  assert.deepEqual(model.versions.nodes, [{ version: 2 }], "newest first");
  assert.equal(model.versions.pageInfo.hasNextPage, true);
});

test("a model version's signature is parsed from the MLmodel the Python client logged", async () => {
  const name = fx.registeredModel.name;
  const mv = dataOf(await gw.gql(TrackingModelVersionDocument, { model: `${name}@champion` })).modelVersion;
  assert.ok(mv);
  assert.equal(mv.version, 1);
  assert.deepEqual(mv.signature, parsedSignature(fx.signature));
  assert.deepEqual(mv.run, { id: fx.parent.id, name: fx.parent.name });
  assert.deepEqual(mv.registeredModel, { name });
  assert.deepEqual(mv.aliases, ["champion"]);
  assert.deepEqual(byKey(mv.tags), fx.versions[0].tags);
});

test("model references resolve in every MLflow form; ones that point at nothing are null", async () => {
  const name = fx.registeredModel.name;
  const version = async (model: string) =>
    dataOf(await gw.gql(TrackingModelVersionDocument, { model })).modelVersion?.version ?? null;
  assert.equal(await version(`${name}/2`), 2);
  assert.equal(await version(`models:/${name}/1`), 1);
  assert.equal(await version(`${name}/Staging`), 2);
  assert.equal(await version(`${name}/staging`), 2);
  assert.equal(await version(name), 1, "a bare name means @champion");
  assert.equal(await version(`models:/${name}@champion`), 1);
  assert.equal(await version(`${name}/Production`), null);
  assert.equal(await version(`${name}/99`), null);
  assert.equal(await version(`${name}@challenger`), null);
  assert.equal(await version(`${uniqueName("nomodel")}@champion`), null);
  assert.equal(await version(`${uniqueName("nomodel")}/Staging`), null);
});

test("a stage reference answers the version with its aliases and stage", async () => {
  const mv = dataOf(
    await gw.gql(TrackingModelVersionDocument, { model: `${fx.registeredModel.name}/Staging` }),
  ).modelVersion;
  assert.ok(mv);
  assert.equal(mv.stage, fx.versions[1].stage);
  assert.deepEqual(mv.aliases, fx.versions[1].aliases);
  assert.equal(mv.source, fx.versions[1].source);
});

test("registerModel registers a run's model directory, and its signature matches the Python client's", async () => {
  const name = uniqueName("trk_registered");
  const res = await gw.gql(TrackingRegisterModelDocument, { runId: fx.parent.id, name });
  const mv = dataOf(res).registerModel;
  assert.equal(mv.name, name);
  assert.equal(mv.version, 1);
  assert.equal(mv.status, "READY");
  assert.equal(mv.runId, fx.parent.id);
  assert.equal(mv.source, `${fx.parent.artifactUri}/model`);
  assert.deepEqual(mv.run, { id: fx.parent.id });
  assert.deepEqual(mv.registeredModel, { name });
  assert.deepEqual(mv.signature, parsedSignature(fx.runModelSignature));

  const again = dataOf(
    await gw.gql(TrackingRegisterModelDocument, { runId: fx.parent.id, name, artifactPath: "model/" }),
  );
  assert.equal(again.registerModel.version, 2, "a second registration is the next version");
});

test("registerModel refuses a missing run, a malformed run id, and an artifactPath that holds nothing or escapes the run", async () => {
  const name = uniqueName("trk_refused");
  const cases: [Record<string, string>, string][] = [
    [{ runId: "0123456789abcdef0123456789abcdef" }, "runId"],
    [{ runId: "not a run id!" }, "runId"],
    [{ runId: fx.parent.id, artifactPath: "no-such-dir" }, "artifactPath"],
    [{ runId: fx.parent.id, artifactPath: "../other-run" }, "artifactPath"],
    [{ runId: fx.parent.id, name: "bad/name" }, "name"],
  ];
  for (const [vars, field] of cases) {
    const res = await gw.gql(TrackingRegisterModelDocument, {
      runId: vars.runId,
      name: vars.name ?? name,
      artifactPath: vars.artifactPath,
    });
    assert.equal(res.errors?.[0]?.extensions?.code, "BAD_USER_INPUT", JSON.stringify({ vars, res }));
    assert.equal(res.errors?.[0]?.extensions?.field, field, res.errors?.[0]?.message);
  }
});
