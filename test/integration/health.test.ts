import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { HealthDocument } from "../generated/graphql";
import { dataOf, startTestGateway, TestGateway } from "../helpers/gateway";

let gw: TestGateway;
before(async () => {
  gw = await startTestGateway();
});
after(() => gw.close());

test("health reports mysql, postgres, mlflow and s3 reachable with latencies", async () => {
  const { health } = dataOf(await gw.gql(HealthDocument));
  assert.equal(health.ok, true, JSON.stringify(health));
  assert.deepEqual(health.services.map((s) => s.name).sort(), ["mlflow", "mysql", "postgres", "s3"]);
  for (const s of health.services) {
    assert.equal(s.ok, true, `${s.name}: ${s.message}`);
    assert.ok(typeof s.latencyMs === "number" && s.latencyMs >= 0);
  }
});

test("/healthz answers while the process is alive and /readyz when every upstream is reachable", async () => {
  const base = gw.url.replace(/\/graphql$/, "");
  assert.equal((await fetch(`${base}/healthz`)).status, 200);
  const ready = await fetch(`${base}/readyz`);
  assert.equal(ready.status, 200);
  assert.equal(((await ready.json()) as { ok: boolean }).ok, true);
});

test("/metrics exposes per-operation and per-upstream metrics in Prometheus format", async () => {
  await gw.gql(HealthDocument);
  const base = gw.url.replace(/\/graphql$/, "");
  const text = await (await fetch(`${base}/metrics`)).text();
  assert.match(text, /gateway_graphql_requests_total\{operation="Health",outcome="ok"\} \d+/);
  assert.match(text, /gateway_upstream_calls_total\{upstream="mlflow",outcome="ok"\} \d+/);
  assert.match(text, /gateway_upstream_call_duration_seconds_bucket\{le="[^"]+",upstream="s3"\}/);
});

test("a health query answers with the upstream calls it made in extensions", async () => {
  const res = await gw.gql(HealthDocument);
  assert.equal(res.extensions?.upstreamCalls?.mlflow, 1);
  assert.equal(res.extensions?.upstreamCalls?.s3, 1);
});
