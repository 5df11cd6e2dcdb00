// Issue 13: exposure. Anonymous callers are refused before their body is read; /metrics is closed in
// production; upstream error bodies and addresses never reach clients; artifacts are read with a cap and
// only from under the version's run; disabled authentication is announced loudly.
import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { after, test } from "node:test";
import { sha256Hex } from "../../src/auth";
import { loadConfig } from "../../src/config";
import { createLogger } from "../../src/logger";
import { startGateway } from "../../src/server";
import { createServices } from "../../src/services";
import { dataOf, startTestGateway, testEnv, TestGateway, uniqueName } from "../helpers/gateway";

const KEY = `exposure-${uniqueName("k")}`;
const PROD = { NODE_ENV: "production", API_KEYS: `exp-viewer:VIEWER:${sha256Hex(KEY)}` };
const open: TestGateway[] = [];
after(async () => {
  for (const g of open) await g.close();
});
async function gateway(env: Record<string, string>): Promise<TestGateway> {
  const g = await startTestGateway(env);
  open.push(g);
  return g;
}
const baseOf = (g: TestGateway) => g.url.replace(/\/graphql$/, "");

/** Send headers announcing `declared` bytes, write only the first 64 KB, and wait for the answer. */
function partialPost(url: string, declared: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, {
      method: "POST",
      headers: { "content-type": "application/json", "content-length": String(declared) },
    });
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error("no answer before the body was complete: the gateway waited to read it"));
    }, 5000);
    req.on("response", (res) => {
      let body = "";
      res.on("data", (c) => (body += c));
      res.on("end", () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, body });
      });
    });
    req.on("error", () => {}); // the gateway closes the connection on purpose
    req.write(`{"query":"{ __typename }","padding":"${"x".repeat(64 * 1024)}`);
  });
}

test("production: a request without a key is refused 401 before its body is read", async () => {
  const g = await gateway(PROD);
  const res = await partialPost(g.url, 5 * 1024 * 1024 - 100);
  assert.equal(res.status, 401);
  assert.equal(JSON.parse(res.body).errors[0].extensions.code, "UNAUTHENTICATED");
  const typename = await g.raw(`{ __typename }`);
  assert.equal(typename.status, 401, "not even __typename answers without a key");
  const wrong = await g.raw(`{ __typename }`, {}, { authorization: "Bearer not-a-key" });
  assert.equal(wrong.status, 401);
  const ok = await g.raw(`{ __typename }`, {}, { authorization: `Bearer ${KEY}` });
  assert.equal(ok.status, 200);
  assert.equal((await fetch(`${baseOf(g)}/healthz`)).status, 200, "anonymous callers keep /healthz");
});

test("production: /metrics needs METRICS_TOKEN, or is served only on METRICS_PORT", async () => {
  const closed = await gateway(PROD);
  assert.equal((await fetch(`${baseOf(closed)}/metrics`)).status, 403);
  const token = `metrics-${uniqueName("t")}`;
  const tokened = await gateway({ ...PROD, METRICS_TOKEN: token });
  assert.equal((await fetch(`${baseOf(tokened)}/metrics`)).status, 401);
  const withToken = await fetch(`${baseOf(tokened)}/metrics`, {
    headers: { authorization: `Bearer ${token}` },
  });
  assert.equal(withToken.status, 200);
  assert.match(await withToken.text(), /gateway_graphql_requests_total/);
  const probe = http.createServer();
  await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
  const port = (probe.address() as AddressInfo).port;
  await new Promise((r) => probe.close(r));
  const separate = await gateway({ ...PROD, METRICS_PORT: String(port) });
  assert.equal((await fetch(`${baseOf(separate)}/metrics`)).status, 403);
  const own = await fetch(`http://127.0.0.1:${port}/metrics`);
  assert.equal(own.status, 200);
  assert.match(await own.text(), /gateway_graphql_requests_total/);
});

test("an MLflow 500 body (SQL, hosts) never reaches the client; the correlation id does", async () => {
  const secret = "psycopg2.errors.QueryCanceled: SELECT * FROM runs WHERE host=10.1.2.3:5432";
  const fake = http.createServer((_req, res) => {
    res.statusCode = 500;
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ error_code: "INTERNAL_ERROR", message: secret }));
  });
  await new Promise<void>((r) => fake.listen(0, "127.0.0.1", r));
  try {
    const port = (fake.address() as AddressInfo).port;
    const g = await gateway({ MLFLOW_TRACKING_URI: `http://127.0.0.1:${port}`, MLFLOW_RETRIES: "0" });
    const res = await g.raw(`{ experiments(first: 1) { nodes { id } } }`);
    const err = res.errors?.[0];
    assert.equal(err?.extensions?.code, "UPSTREAM_UNAVAILABLE");
    assert.doesNotMatch(JSON.stringify(res), /psycopg|SELECT|10\.1\.2\.3/);
    assert.match(err!.message, /^MLflow is unavailable/);
    assert.equal(typeof err!.extensions?.correlationId, "string");
    assert.ok(err!.message.includes(String(err!.extensions!.correlationId)));
    // The V2 inference lane masks it the same way.
    const v2 = await fetch(`${g.url.replace(/\/graphql$/, "")}/v2/models/any-model@champion`);
    const v2Body = await v2.text();
    assert.equal(v2.status, 503, v2Body);
    assert.doesNotMatch(v2Body, /psycopg|SELECT|10\.1\.2\.3/);
    assert.match(v2Body, /MLflow is unavailable.*correlation id/);
  } finally {
    await new Promise((r) => fake.close(r));
  }
});

test("a database's address in a connection error never reaches the client", async () => {
  const g = await gateway({ MYSQL_URL: "mysql://gateway:gateway@127.0.0.1:1/datasets" });
  const res = await g.raw(`{ datasets(source: MYSQL) { name } }`);
  assert.equal(res.errors?.[0].extensions?.code, "UPSTREAM_UNAVAILABLE");
  assert.doesNotMatch(JSON.stringify(res.errors), /127\.0\.0\.1|ECONNREFUSED/);
  assert.match(res.errors![0].message, /^MySQL is unavailable/);
});

test("model files are size-checked before reading, and sources must lie under the version's run", async () => {
  const g = await gateway({ MODEL_MAX_BYTES: "4096" });
  const { mlflow, artifacts } = g.services;
  const experimentId = await mlflow.createExperiment(uniqueName("exposure_models"));
  const run = await mlflow.createRun({ experimentId });
  const root = run.info.artifact_uri!.replace(/\/+$/, "");
  const mlmodel = "flavors:\n  mlops_gateway:\n    model_file: model.json\n";
  await artifacts.put(root, "model/MLmodel", mlmodel, "text/yaml");
  await artifacts.put(root, "model/model.json", `{"format":"mlops_gateway","pad":"${"x".repeat(200_000)}"}`);
  const name = uniqueName("exposure_huge");
  await mlflow.ensureRegisteredModel(name);
  const huge = await mlflow.createModelVersion({ name, source: `${root}/model`, runId: run.info.run_id });
  const res = await g.raw(
    `mutation { predict(model: "${name}/${huge.version}", inputs: [{ x: 1 }]) { predictions { label } } }`,
  );
  assert.equal(res.errors?.[0].extensions?.code, "UNSUPPORTED_MODEL");
  assert.match(res.errors![0].message, /has \d+ bytes, more than the 4096 bytes .*MODEL_MAX_BYTES/);

  // Another run's files, registered under this version's name: refused before anything is read.
  const other = await mlflow.createRun({ experimentId });
  const elsewhere = await mlflow.createModelVersion({
    name,
    source: `${root}/model`,
    runId: other.info.run_id,
  });
  const res2 = await g.raw(
    `mutation { predict(model: "${name}/${elsewhere.version}", inputs: [{ x: 1 }]) { predictions { label } } }`,
  );
  assert.equal(res2.errors?.[0].extensions?.code, "UNSUPPORTED_MODEL");
  assert.match(res2.errors![0].message, /outside the artifact location of its run/);
  dataOf(await g.raw(`{ __typename }`));
});

test("start-up warns loudly when authentication is disabled", async () => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const config = loadConfig(testEnv({ AUTH_DISABLED: "true", LOG_LEVEL: "warn" }));
  const services = createServices(config, createLogger("warn", sink));
  const gw = await startGateway(config, services);
  await gw.close();
  const warning = lines
    .map((l) => JSON.parse(l) as { level: number; msg: string })
    .find((l) => /AUTHENTICATION IS DISABLED/.test(l.msg));
  assert.ok(warning, lines.join(""));
  assert.equal(warning.level, 40);
});
