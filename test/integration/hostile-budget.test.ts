// Issue 13: bounded work per caller. Documents built to multiply work are refused before they run; repeated
// full-table work is answered from a short cache; client-chosen names add no metric series.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { DatasetSource } from "../../src/schema/enums";
import { dataOf, GqlResult, startTestGateway, TestGateway, uniqueName } from "../helpers/gateway";

let gw: TestGateway;
const created: string[] = [];

before(async () => {
  gw = await startTestGateway();
});

after(async () => {
  for (const t of created) await gw.services.mysql.query(`DROP TABLE IF EXISTS \`${t}\``).catch(() => {});
  await gw.close();
});

const calls = (res: GqlResult<unknown>, upstream: string) => res.extensions?.upstreamCalls?.[upstream] ?? 0;
const totalCalls = (res: GqlResult<unknown>) =>
  Object.values(res.extensions?.upstreamCalls ?? {}).reduce((a, b) => a + b, 0);

async function ingestCsv(csv: string): Promise<string> {
  const name = uniqueName("hb").toLowerCase();
  created.push(name);
  dataOf(
    await gw.raw(`mutation($input: IngestDatasetInput!) { ingestDataset(input: $input) { rowsWritten } }`, {
      input: { name, csv },
    }),
  );
  return name;
}

test("15 aliased predicts of 5,000 rows are refused before any model is loaded", async () => {
  const aliases = Array.from(
    { length: 15 },
    (_, i) => `p${i}: predict(model: "no_such_model@champion", inputs: $rows) { predictions { label } }`,
  );
  const rows = Array.from({ length: 5000 }, (_, i) => ({ bill_length_mm: i % 50 }));
  const res = await gw.raw(`mutation Aliased($rows: [JSONObject!]!) { ${aliases.join(" ")} }`, { rows });
  assert.equal(res.status, 400);
  assert.equal(res.errors?.[0].extensions?.code, "LIMIT_EXCEEDED");
  assert.equal(res.errors?.[0].extensions?.limit, "PREDICT_MAX_ROWS");
  assert.match(res.errors![0].message, /75000 rows.*PREDICT_MAX_ROWS/);
  assert.equal(totalCalls(res), 0, "refused before execution: no upstream was called");
});

test("the nested-runs document is refused by the weighted cost limit, without one MLflow call", async () => {
  // Depth 15, the deepest QUERY_MAX_DEPTH allows: graphql-armor's depth and cost limits let it through.
  let inner = "runs { nodes { id } }";
  for (let i = 0; i < 4; i++) inner = `runs { nodes { experiment { ${inner} } } }`;
  const res = await gw.raw(`{ ${inner} }`);
  assert.equal(res.status, 400);
  assert.equal(res.errors?.[0].extensions?.code, "LIMIT_EXCEEDED");
  assert.equal(res.errors?.[0].extensions?.limit, "QUERY_MAX_COST");
  assert.match(res.errors![0].message, /QUERY_MAX_COST/);
  assert.equal(calls(res, "mlflow"), 0);
});

test("two heavy mutations in one operation are refused and neither runs", async () => {
  const a = uniqueName("hb_a").toLowerCase();
  const b = uniqueName("hb_b").toLowerCase();
  created.push(a, b);
  const res = await gw.raw(
    `mutation { a: ingestDataset(input: { name: "${a}", builtin: PENGUINS }) { rowsWritten }
                b: ingestDataset(input: { name: "${b}", builtin: PENGUINS }) { rowsWritten } }`,
  );
  assert.equal(res.status, 400);
  assert.equal(res.errors?.[0].extensions?.limit, "HEAVY_MUTATIONS_PER_OPERATION");
  const after = dataOf(
    await gw.raw(`{ a: dataset(name: "${a}") { name } b: dataset(name: "${b}") { name } }`),
  );
  assert.deepEqual(after, { a: null, b: null });
});

test("a document repeating profile 15 times costs the database what one profile does", async () => {
  const csv = "x,y,label\n1,2,a\n3,4,b\n5,6,a\n";
  const one = await ingestCsv(csv);
  const many = await ingestCsv(csv);
  gw.services.datasets.forget(DatasetSource.MYSQL); // start both measurements from a cold cache
  const single = await gw.raw(`{ d0: dataset(name: "${one}") { rowCount profile { name distinctCount } } }`);
  dataOf(single);
  gw.services.datasets.forget(DatasetSource.MYSQL);
  const aliases = Array.from(
    { length: 15 },
    (_, i) => `d${i}: dataset(name: "${many}") { rowCount profile { name distinctCount } }`,
  );
  const repeated = await gw.raw(`{ ${aliases.join(" ")} }`);
  const data = dataOf(repeated) as Record<string, { profile: { name: string }[] }>;
  assert.equal(data.d14.profile.length, 3);
  assert.ok(calls(single, "mysql") > 0);
  assert.equal(
    calls(repeated, "mysql"),
    calls(single, "mysql"),
    "the 14 repeats are answered from the cache",
  );
  // A write through the gateway is seen at once: the cache forgets the source's tables.
  dataOf(
    await gw.raw(
      `mutation { ingestDataset(input: { name: "${many}", csv: "x,y,label\\n7,8,c\\n", mode: APPEND }) { rowsWritten } }`,
    ),
  );
  const fresh = dataOf(await gw.raw(`{ dataset(name: "${many}") { rowCount } }`)) as {
    dataset: { rowCount: number };
  };
  assert.equal(fresh.dataset.rowCount, 4);
});

test("random operation names add no lines to /metrics", async () => {
  const base = gw.url.replace(/\/graphql$/, "");
  const names = Array.from({ length: 40 }, () => `Op_${Math.random().toString(36).slice(2, 10)}`);
  for (const name of names) await gw.raw(`query ${name} { __typename }`);
  const text = await (await fetch(`${base}/metrics`)).text();
  for (const name of names) assert.ok(!text.includes(name), `${name} became a label`);
  assert.match(text, /gateway_graphql_requests_total\{operation="other",outcome="ok"\}/);
});

test("/readyz and /v2/health/ready answer from a cache of at most READYZ_CACHE_MS", async () => {
  const base = gw.url.replace(/\/graphql$/, "");
  const health = gw.services.health;
  const original = health.check.bind(health);
  let probes = 0;
  health.check = (timeoutMs?: number) => {
    probes++;
    return original(timeoutMs);
  };
  try {
    await new Promise((r) => setTimeout(r, 1100)); // past any earlier probe's cache
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => fetch(`${base}${i % 2 ? "/readyz" : "/v2/health/ready"}`)),
    );
    assert.ok(answers.every((r) => r.status === 200));
    assert.equal(probes, 1, "ten calls to /readyz and the V2 lane's ready, one probe of the upstreams");
    await new Promise((r) => setTimeout(r, 1100));
    await fetch(`${base}/readyz`);
    assert.equal(probes, 2, "a stale answer is probed again");
  } finally {
    health.check = original;
  }
});

test("a request that reaches UPSTREAM_MAX_CALLS is ended with LIMIT_EXCEEDED", async () => {
  const capped = await startTestGateway({ UPSTREAM_MAX_CALLS: "3" });
  try {
    const aliases = Array.from(
      { length: 6 },
      (_, i) => `e${i}: experiments(first: 1, filter: "name = 'x${i}'") { nodes { id } }`,
    );
    const res = await capped.raw(`{ ${aliases.join(" ")} }`);
    assert.ok(totalCalls(res) <= 3, `made ${totalCalls(res)} calls`);
    const refused = res.errors?.filter((e) => e.extensions?.code === "LIMIT_EXCEEDED") ?? [];
    assert.ok(refused.length >= 1, JSON.stringify(res.errors));
    assert.equal(refused[0].extensions?.limit, "UPSTREAM_MAX_CALLS");
    assert.match(refused[0].message, /UPSTREAM_MAX_CALLS/);
    // The cap is per request: the next one starts afresh, and the breaker did not count the refusals.
    dataOf(await capped.raw(`{ experiments(first: 1) { nodes { id } } }`));
  } finally {
    await capped.close();
  }
});

test("a __proto__ column is refused at ingest instead of vanishing from rows", async () => {
  const name = uniqueName("hb_proto").toLowerCase();
  created.push(name);
  for (const column of ["__proto__", "constructor"]) {
    const res = await gw.raw(
      `mutation($input: IngestDatasetInput!) { ingestDataset(input: $input) { rowsWritten } }`,
      { input: { name, csv: `a,${column}\n1,2\n` } },
    );
    assert.equal(res.errors?.[0].extensions?.code, "BAD_USER_INPUT", column);
    assert.match(res.errors![0].message, /reserved/);
  }
  assert.deepEqual(dataOf(await gw.raw(`{ dataset(name: "${name}") { name } }`)), { dataset: null });
});

test("reads for training and preparing stop at TRAINING_MAX_ROWS with a clear error", async () => {
  const small = await startTestGateway({ TRAINING_MAX_ROWS: "5" });
  try {
    const from = await ingestCsv("x,label\n1,a\n2,b\n3,a\n4,b\n5,a\n6,b\n7,a\n");
    const to = uniqueName("hb_to").toLowerCase();
    created.push(to, `${to}_validation`, `${to}_test`);
    const res = await small.raw(
      `mutation($input: PrepareDatasetInput!) { prepareDataset(input: $input) { batches } }`,
      { input: { from, to, label: "label" } },
    );
    assert.equal(res.errors?.[0].extensions?.code, "BAD_USER_INPUT");
    assert.equal(res.errors?.[0].extensions?.limit, "TRAINING_MAX_ROWS");
    assert.match(res.errors![0].message, /more than 5 rows.*TRAINING_MAX_ROWS/);
  } finally {
    await small.close();
  }
});

test("start-up drops staging tables left over for more than an hour, and keeps young ones", async () => {
  const old = `__gw_stage_${(Date.now() - 2 * 3600_000).toString(36)}_${Math.random().toString(16).slice(2, 14)}`;
  const young = `__gw_stage_${Date.now().toString(36)}_${Math.random().toString(16).slice(2, 14)}`;
  created.push(young);
  for (const t of [old, young]) await gw.services.mysql.query(`CREATE TABLE \`${t}\` (x INT)`);
  const next = await startTestGateway();
  await next.close();
  const rows = await gw.services.mysql.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name IN (?, ?)`,
    [old, young],
  );
  assert.deepEqual(
    rows.map((r) => r.name),
    [young],
  );
});

test("a training job's own MLflow calls do not count against the trainGrid request's UPSTREAM_MAX_CALLS", async () => {
  const capped = await startTestGateway({ UPSTREAM_MAX_CALLS: "25" });
  try {
    const dataset = uniqueName("hb_train").toLowerCase();
    created.push(dataset);
    dataOf(
      await capped.raw(
        `mutation { ingestDataset(input: { name: "${dataset}", builtin: PENGUINS }) { rowsWritten } }`,
      ),
    );
    const res = await capped.raw(
      `mutation($input: TrainGridInput!) { trainGrid(input: $input) { status error trials { status } } }`,
      {
        input: {
          experimentName: uniqueName("hb_train"),
          dataset,
          label: "species",
          grid: [{ algorithm: "DECISION_TREE", params: { maxDepth: [2, 3, 4, 5] } }],
          folds: 2,
          wait: true,
        },
      },
    );
    const job = (dataOf(res) as { trainGrid: { status: string; error: string | null; trials: unknown[] } })
      .trainGrid;
    assert.equal(job.status, "SUCCEEDED", job.error ?? "");
    assert.equal(job.trials.length, 4);
  } finally {
    await capped.close();
  }
});
