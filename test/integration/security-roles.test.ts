import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { sha256Hex } from "../../src/auth";
import { buildGatewaySchema } from "../../src/schema/build";
import { startTestGateway, TestGateway, uniqueName } from "../helpers/gateway";

type Need = "VIEWER" | "TRAINER" | "ADMIN";

const MISSING = uniqueName("sec_missing");
const NO_JOB = "00000000-0000-4000-8000-000000000000";

/**
 * Every root field with the role it needs and a harmless call: names that do not exist or arguments that are
 * refused, so an allowed call writes nothing (except promoteModel's audit row, which is the point of the last test).
 */
const TABLE: Record<string, { need: Need; op: string }> = {
  health: { need: "VIEWER", op: "{ health { ok } }" },
  datasets: { need: "VIEWER", op: "{ datasets { name } }" },
  dataset: { need: "VIEWER", op: `{ dataset(name: "${MISSING}") { name } }` },
  experiments: { need: "VIEWER", op: "{ experiments(first: 1) { nodes { id } } }" },
  experiment: { need: "VIEWER", op: `{ experiment(name: "${MISSING}") { id } }` },
  runs: { need: "VIEWER", op: '{ runs(experimentIds: ["0"], first: 1) { nodes { id } } }' },
  run: { need: "VIEWER", op: `{ run(id: "${MISSING}") { id } }` },
  registeredModels: { need: "VIEWER", op: "{ registeredModels(first: 1) { nodes { name } } }" },
  registeredModel: { need: "VIEWER", op: `{ registeredModel(name: "${MISSING}") { name } }` },
  modelVersion: { need: "VIEWER", op: `{ modelVersion(model: "${MISSING}/1") { version } }` },
  trainingJob: { need: "VIEWER", op: `{ trainingJob(id: "${NO_JOB}") { id } }` },
  trainingJobs: { need: "VIEWER", op: "{ trainingJobs(first: 1) { id } }" },
  predictions: { need: "VIEWER", op: `{ predictions(model: "${MISSING}", first: 1) { id } }` },
  predict: {
    need: "VIEWER",
    op: `mutation { predict(model: "${MISSING}", inputs: [{ a: 1 }]) { predictions { label } } }`,
  },
  ingestDataset: {
    need: "TRAINER",
    op: `mutation { ingestDataset(input: { name: "${MISSING}" }) { rowsWritten } }`,
  },
  prepareDataset: {
    need: "TRAINER",
    op: `mutation { prepareDataset(input: { from: "${MISSING}", to: "${MISSING}_to", label: "y" }) { batches } }`,
  },
  createExperiment: { need: "TRAINER", op: 'mutation { createExperiment(name: "") { id } }' },
  trainGrid: {
    need: "TRAINER",
    op: `mutation { trainGrid(input: { experimentName: "${MISSING}", dataset: "${MISSING}", label: "y", grid: [] }) { id } }`,
  },
  cancelTrainingJob: { need: "TRAINER", op: `mutation { cancelTrainingJob(id: "${NO_JOB}") { id } }` },
  registerModel: {
    need: "TRAINER",
    op: `mutation { registerModel(runId: "${MISSING}", name: "${MISSING}") { version } }`,
  },
  promoteModel: {
    need: "ADMIN",
    op: `mutation { promoteModel(input: { name: "${MISSING}", version: 1 }) { promoted } }`,
  },
  predictionStats: {
    need: "VIEWER",
    op: `{ predictionStats(model: "${MISSING}") { byVersion { __typename } } }`,
  },
  setTag: {
    need: "TRAINER",
    op: `mutation { setTag(input: { target: RUN, id: "${MISSING}", key: "k", value: "v" }) }`,
  },
  deleteTag: {
    need: "TRAINER",
    op: `mutation { deleteTag(input: { target: RUN, id: "${MISSING}", key: "k" }) }`,
  },
  setModelDescription: {
    need: "TRAINER",
    op: `mutation { setModelDescription(name: "${MISSING}", description: "") { name } }`,
  },
  setModelVersionDescription: {
    need: "TRAINER",
    op: `mutation { setModelVersionDescription(name: "${MISSING}", version: 1, description: "") { version } }`,
  },
  deleteModelAlias: {
    need: "ADMIN",
    op: `mutation { deleteModelAlias(name: "${MISSING}", alias: "champion") { name } }`,
  },
  archiveModelVersion: {
    need: "ADMIN",
    op: `mutation { archiveModelVersion(name: "${MISSING}", version: 1) { version } }`,
  },
  pipelines: { need: "VIEWER", op: "{ pipelines { id } }" },
  pipeline: { need: "VIEWER", op: `{ pipeline(id: "${NO_JOB}") { id } }` },
  createPipeline: {
    need: "TRAINER",
    // A schedule that is not a cron expression: refused before anything is written.
    op: `mutation { createPipeline(input: { name: "${MISSING}", schedule: "not cron",
      train: { experimentName: "${MISSING}", dataset: "${MISSING}", label: "y", grid: [] } }) { id } }`,
  },
  runPipeline: { need: "TRAINER", op: `mutation { runPipeline(id: "${NO_JOB}") { id } }` },
  setPipelineEnabled: {
    need: "TRAINER",
    op: `mutation { setPipelineEnabled(id: "${NO_JOB}", enabled: false) { id } }`,
  },
  deletePipeline: { need: "TRAINER", op: `mutation { deletePipeline(id: "${NO_JOB}") }` },
};

const RANK: Record<Need, number> = { VIEWER: 1, TRAINER: 2, ADMIN: 3 };
const suffix = uniqueName("k");
const KEYS = {
  viewer: { name: `viewer-${suffix}`, key: `viewer-secret-${suffix}`, rank: 1 },
  trainer: { name: `trainer-${suffix}`, key: `trainer-secret-${suffix}`, rank: 2 },
  admin: { name: `admin-${suffix}`, key: `admin-secret-${suffix}`, rank: 3 },
};

let gw: TestGateway;
before(async () => {
  gw = await startTestGateway({
    API_KEYS: [
      `${KEYS.viewer.name}:VIEWER:${sha256Hex(KEYS.viewer.key)}`,
      `${KEYS.trainer.name}:TRAINER:${sha256Hex(KEYS.trainer.key)}`,
      `${KEYS.admin.name}:ADMIN:${sha256Hex(KEYS.admin.key)}`,
    ].join(","),
  });
});
after(() => gw.close());

test("the table names every Query and Mutation root field of the schema", async () => {
  const schema = await buildGatewaySchema();
  const fields = [
    ...Object.keys(schema.getQueryType()?.getFields() ?? {}),
    ...Object.keys(schema.getMutationType()?.getFields() ?? {}),
  ].sort();
  assert.deepEqual(fields, Object.keys(TABLE).sort());
});

const callers: { label: string; headers: Record<string, string>; rank: number }[] = [
  { label: "no key", headers: {}, rank: 0 },
  { label: "wrong key", headers: { authorization: "Bearer not-a-configured-key" }, rank: 0 },
  { label: "malformed header", headers: { authorization: `Token ${KEYS.admin.key}` }, rank: 0 },
  { label: "VIEWER", headers: { authorization: `Bearer ${KEYS.viewer.key}` }, rank: 1 },
  { label: "TRAINER", headers: { authorization: `Bearer ${KEYS.trainer.key}` }, rank: 2 },
  { label: "ADMIN", headers: { authorization: `Bearer ${KEYS.admin.key}` }, rank: 3 },
];

for (const caller of callers) {
  test(`roles × operations: ${caller.label}`, async () => {
    const problems: string[] = [];
    for (const [field, { need, op }] of Object.entries(TABLE)) {
      const res = await gw.raw(op, undefined, caller.headers);
      const codes = (res.errors ?? []).map((e) => e.extensions?.code);
      const expected =
        caller.rank === 0 ? "UNAUTHENTICATED" : caller.rank < RANK[need] ? "FORBIDDEN" : "allowed";
      if (expected === "allowed") {
        if (codes.includes("UNAUTHENTICATED") || codes.includes("FORBIDDEN"))
          problems.push(`${field}: expected allowed, got ${codes.join(",")}`);
        if (codes.includes("GRAPHQL_VALIDATION_FAILED") || codes.includes("GRAPHQL_PARSE_FAILED"))
          problems.push(`${field}: the table's operation is not valid: ${JSON.stringify(res.errors)}`);
        if (codes.includes("INTERNAL_SERVER_ERROR"))
          problems.push(
            `${field}: harmless arguments gave INTERNAL_SERVER_ERROR: ${JSON.stringify(res.errors)}`,
          );
      } else {
        if (codes[0] !== expected || codes.length !== 1)
          problems.push(`${field}: expected ${expected}, got ${JSON.stringify(res.errors ?? res.data)}`);
        const calls = Object.values(res.extensions?.upstreamCalls ?? {}).reduce((a, b) => a + b, 0);
        if (calls) problems.push(`${field}: refused, but made ${calls} upstream calls`);
        if (
          expected === "FORBIDDEN" &&
          !new RegExp(`needs the ${need} role`).test(res.errors?.[0].message ?? "")
        )
          problems.push(
            `${field}: the FORBIDDEN message should name the role needed: ${res.errors?.[0].message}`,
          );
      }
    }
    assert.deepEqual(problems, []);
  });
}

test("trainGrid's promoteTo moves an alias, so it needs ADMIN like promoteModel", async () => {
  const op = `mutation { trainGrid(input: { experimentName: "${MISSING}", dataset: "${MISSING}", label: "y",
    grid: [], registerAs: "${MISSING}", promoteTo: "champion" }) { id } }`;
  const trainer = await gw.raw(op, undefined, { authorization: `Bearer ${KEYS.trainer.key}` });
  assert.equal(trainer.errors?.[0].extensions?.code, "FORBIDDEN");
  assert.match(trainer.errors![0].message, /trainGrid with promoteTo needs the ADMIN role/);
  assert.deepEqual(trainer.extensions?.upstreamCalls ?? {}, {}, "refused before any upstream call");
  const admin = await gw.raw(op, undefined, { authorization: `Bearer ${KEYS.admin.key}` });
  assert.ok(
    !["FORBIDDEN", "UNAUTHENTICATED"].includes(String(admin.errors?.[0].extensions?.code)),
    JSON.stringify(admin.errors),
  );
  const viewer = await gw.raw(op, undefined, { authorization: `Bearer ${KEYS.viewer.key}` });
  assert.equal(viewer.errors?.[0].extensions?.code, "FORBIDDEN");
});

test("a promotion attempt is audited under the API key's name; refused callers leave no audit row", async () => {
  // Its own model name, so the audit rows it counts are the ones this test causes.
  const name = uniqueName("sec_audit");
  const op = `mutation { promoteModel(input: { name: "${name}", version: 1 }) { promoted } }`;
  for (const caller of callers) {
    const res = await gw.raw(op, undefined, caller.headers);
    const code = res.errors?.[0].extensions?.code;
    assert.equal(code, caller.rank === 0 ? "UNAUTHENTICATED" : caller.rank < 3 ? "FORBIDDEN" : "NOT_FOUND");
  }
  const rows = await gw.services.db.query<{ requested_by: string | null; promoted: boolean }>(
    "SELECT requested_by, promoted FROM promotions WHERE model_name = $1",
    [name],
  );
  assert.deepEqual(
    rows.map((r) => [r.requested_by, r.promoted]),
    [[KEYS.admin.name, false]],
    "one row: the ADMIN's attempt on a missing model, not promoted",
  );
});
