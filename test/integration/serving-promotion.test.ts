// promoteModel against the real MLflow registry, the audit table, and UNSUPPORTED_MODEL for a scikit-learn pickle.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { sha256Hex } from "../../src/auth";
import { ServingPredictDocument, ServingPromoteDocument } from "../generated/graphql";
import { dataOf, startTestGateway, TestGateway, uniqueName } from "../helpers/gateway";
import { runPythonJson } from "../helpers/python";

interface Versions {
  name: string;
  versions: { version: number; runId: string; value: number }[];
}
interface SklearnModel {
  name: string;
  version: number;
  source: string;
}

let gw: TestGateway;
let model: string;
let sklearn: SklearnModel;

before(async () => {
  model = uniqueName("serving_promote");
  const experiment = uniqueName("serving_promote_exp");
  // Both Python clients start in parallel with the gateway (MLflow's client takes seconds to import).
  const [g, , s] = await Promise.all([
    startTestGateway(),
    // version 1: 0.8, version 2: 0.9, version 3: 0.7
    runPythonJson<Versions>("serving_versions.py", [model, experiment, "test_accuracy", "0.8", "0.9", "0.7"]),
    runPythonJson<SklearnModel>("serving_sklearn_model.py", [uniqueName("serving_sklearn"), experiment]),
  ]);
  gw = g;
  sklearn = s;
});
after(() => gw?.close());

const aliasHolder = async (alias: string) =>
  (await gw.services.mlflow.getModelVersionByAlias(model, alias))?.version ?? null;

const auditRows = (name: string) =>
  gw.services.db.query<{
    version: number;
    alias: string | null;
    stage: string | null;
    previous_version: number | null;
    promoted: boolean;
    reason: string;
    requested_by: string | null;
  }>("SELECT * FROM promotions WHERE model_name = $1 ORDER BY id", [name]);

test("promoteModel points @champion at a version and moves it to the next one, naming the previous holder", async () => {
  const first = dataOf(
    await gw.gql(ServingPromoteDocument, { input: { name: model, version: 1 } }),
  ).promoteModel;
  assert.equal(first.promoted, true);
  assert.equal(first.previous, null);
  assert.equal(first.modelVersion.version, 1);
  assert.ok(first.modelVersion.aliases.includes("champion"), JSON.stringify(first));
  assert.equal(await aliasHolder("champion"), "1");

  const second = dataOf(
    await gw.gql(ServingPromoteDocument, { input: { name: model, version: 2 } }),
  ).promoteModel;
  assert.equal(second.promoted, true);
  assert.equal(second.previous?.version, 1);
  assert.deepEqual(second.previous?.aliases, [], "the previous holder no longer carries the alias");
  assert.ok(second.modelVersion.aliases.includes("champion"));
  assert.match(second.reason, /moved from version 1 to version 2/);
  assert.equal(await aliasHolder("champion"), "2");
});

test("promoteModel refuses a worse version when requireBetter is set: promoted false, alias unchanged, both values", async () => {
  const res = dataOf(
    await gw.gql(ServingPromoteDocument, {
      input: { name: model, version: 3, requireBetter: { metric: "test_accuracy" } },
    }),
  ).promoteModel;
  assert.equal(res.promoted, false);
  assert.match(res.reason, /0\.7/);
  assert.match(res.reason, /0\.9/);
  assert.equal(res.previous?.version, 2);
  assert.equal(await aliasHolder("champion"), "2", "the alias still points at the better version");

  // Lower is better for a loss-like reading of the same metric: 0.7 < 0.9 wins.
  const lower = dataOf(
    await gw.gql(ServingPromoteDocument, {
      input: { name: model, version: 3, requireBetter: { metric: "test_accuracy", higherIsBetter: false } },
    }),
  ).promoteModel;
  assert.equal(lower.promoted, true, lower.reason);
  assert.equal(await aliasHolder("champion"), "3");
});

test("promoteModel with requireBetter on a metric the candidate's run lacks is BAD_USER_INPUT", async () => {
  const res = await gw.gql(ServingPromoteDocument, {
    input: { name: model, version: 2, requireBetter: { metric: "no_such_metric" } },
  });
  assert.equal(res.errors?.[0].extensions?.code, "BAD_USER_INPUT");
  assert.match(res.errors![0].message, /no_such_metric/);
  assert.equal(await aliasHolder("champion"), "3");
});

test("promoteModel with a stage also transitions it, archiving the versions that were in that stage", async () => {
  const a = dataOf(
    await gw.gql(ServingPromoteDocument, {
      input: { name: model, version: 1, alias: "challenger", stage: "STAGING" },
    }),
  ).promoteModel;
  assert.equal(a.promoted, true);
  assert.equal(a.modelVersion.stage, "Staging");
  assert.ok(a.modelVersion.aliases.includes("challenger"));

  const b = dataOf(
    await gw.gql(ServingPromoteDocument, {
      input: { name: model, version: 2, alias: "challenger", stage: "STAGING", archiveExisting: true },
    }),
  ).promoteModel;
  assert.equal(b.modelVersion.stage, "Staging");
  assert.equal(b.previous?.version, 1);
  assert.equal(b.previous?.stage, "Archived");
  assert.equal((await gw.services.mlflow.getModelVersion(model, 1))?.current_stage, "Archived");
  assert.equal(await aliasHolder("challenger"), "2");
});

test("promoteModel of a version that does not exist is NOT_FOUND and changes nothing", async () => {
  const res = await gw.gql(ServingPromoteDocument, { input: { name: model, version: 99 } });
  assert.equal(res.errors?.[0].extensions?.code, "NOT_FOUND");
  assert.match(res.errors![0].message, /no version 99/);
  const other = await gw.gql(ServingPromoteDocument, {
    input: { name: uniqueName("serving_nomodel"), version: 1 },
  });
  assert.equal(other.errors?.[0].extensions?.code, "NOT_FOUND");
  assert.equal(await aliasHolder("champion"), "3");
});

test("every promotion attempt is audited in the gateway database with decision, reason and caller", async () => {
  const rows = await auditRows(model);
  // 2 moves, 1 refusal, 1 guarded move, 1 bad metric, 2 stage moves, 1 missing version
  assert.equal(rows.length, 8, JSON.stringify(rows, null, 1));
  assert.deepEqual(
    rows.map((r) => [r.version, r.promoted]),
    [
      [1, true],
      [2, true],
      [3, false],
      [3, true],
      [2, false],
      [1, true],
      [2, true],
      [99, false],
    ],
  );
  const refused = rows[2];
  assert.equal(refused.alias, "champion");
  assert.equal(refused.previous_version, 2);
  assert.match(refused.reason, /0\.7.*0\.9/);
  assert.equal(rows[6].stage, "Staging");
  assert.match(rows[7].reason, /NOT_FOUND/);
  assert.ok(
    rows.every((r) => r.requested_by === "anonymous"),
    "auth is off in tests: the caller is anonymous",
  );
});

test("predict refuses a scikit-learn model registered by MLflow's Python client with UNSUPPORTED_MODEL naming its flavors", async () => {
  const res = await gw.gql(ServingPredictDocument, {
    model: `${sklearn.name}/${sklearn.version}`,
    inputs: [{ x0: 1, x1: 2 }],
  });
  assert.equal(res.errors?.[0].extensions?.code, "UNSUPPORTED_MODEL", JSON.stringify(res.errors));
  assert.match(res.errors![0].message, /python_function/);
  assert.match(res.errors![0].message, /sklearn/);
  assert.deepEqual((res.errors![0].extensions?.flavors as string[]).sort(), ["python_function", "sklearn"]);

  // Through an alias too (the alias is resolved, then the model directory is refused the same way).
  await gw.services.mlflow.setAlias(sklearn.name, "champion", sklearn.version);
  const viaAlias = await gw.gql(ServingPredictDocument, { model: sklearn.name, inputs: [{ x0: 1, x1: 2 }] });
  assert.equal(viaAlias.errors?.[0].extensions?.code, "UNSUPPORTED_MODEL");
});

test("predict with a reference that points nowhere is NOT_FOUND, and a malformed one BAD_USER_INPUT", async () => {
  const noAlias = await gw.gql(ServingPredictDocument, { model: `${model}@nobody`, inputs: [{ a: 1 }] });
  assert.equal(noAlias.errors?.[0].extensions?.code, "NOT_FOUND");
  assert.match(noAlias.errors![0].message, /@nobody/);
  const noStage = await gw.gql(ServingPredictDocument, { model: `${model}/Production`, inputs: [{ a: 1 }] });
  assert.equal(noStage.errors?.[0].extensions?.code, "NOT_FOUND");
  const bad = await gw.gql(ServingPredictDocument, { model: `${model}/x/y`, inputs: [{ a: 1 }] });
  assert.equal(bad.errors?.[0].extensions?.code, "BAD_USER_INPUT");
});

test("promoteModel needs the ADMIN role and records the API key's name", async () => {
  const keys = { admin: "serving-admin-key-0123456789", viewer: "serving-viewer-key-0123456789" };
  const secured = await startTestGateway({
    AUTH_DISABLED: "false",
    API_KEYS: `ops:ADMIN:${sha256Hex(keys.admin)},dash:VIEWER:${sha256Hex(keys.viewer)}`,
  });
  try {
    const denied = await secured.gql(
      ServingPromoteDocument,
      { input: { name: model, version: 2 } },
      { authorization: `Bearer ${keys.viewer}` },
    );
    assert.equal(denied.errors?.[0].extensions?.code, "FORBIDDEN");
    const ok = dataOf(
      await secured.gql(
        ServingPromoteDocument,
        { input: { name: model, version: 2 } },
        { authorization: `Bearer ${keys.admin}` },
      ),
    ).promoteModel;
    assert.equal(ok.promoted, true);
    const rows = await auditRows(model);
    assert.equal(rows[rows.length - 1].requested_by, "ops");
  } finally {
    await secured.close();
  }
});
