import assert from "node:assert/strict";
import { test } from "node:test";
import { ConfigError, loadConfig } from "../../src/config";

test("defaults point at the local stack", () => {
  const c = loadConfig({});
  assert.equal(c.port, 4000);
  assert.equal(c.mlflow.uri, "http://127.0.0.1:5000");
  assert.equal(c.s3.bucket, "mlflow");
  assert.equal(c.mysqlUrl, "mysql://gateway:gateway@127.0.0.1:3306/datasets");
  assert.equal(c.auth.disabled, true, "no keys outside production: auth is off");
});

test("a bad value is one message naming the variable", () => {
  assert.throws(
    () => loadConfig({ PORT: "eighty", MLFLOW_TRACKING_URI: "ftp://x" }),
    (err: unknown) => {
      assert.ok(err instanceof ConfigError);
      assert.equal(err.problems.length, 2);
      assert.match(err.problems[0], /^PORT="eighty" is not valid/);
      assert.match(err.problems[1], /^MLFLOW_TRACKING_URI=/);
      return true;
    },
  );
});

test("production without API keys refuses to start unless auth is explicitly off", () => {
  assert.throws(() => loadConfig({ NODE_ENV: "production" }), /API_KEYS is empty while NODE_ENV=production/);
  const c = loadConfig({ NODE_ENV: "production", AUTH_DISABLED: "true" });
  assert.equal(c.auth.disabled, true);
  assert.equal(c.http.introspection, false);
  assert.equal(c.http.landingPage, false);
});

test("API_KEYS entries are name:ROLE:sha256 and bad entries are named", () => {
  const hash = "a".repeat(64);
  const c = loadConfig({ API_KEYS: `ci:trainer:${hash}` });
  assert.deepEqual(c.auth.keys, [{ name: "ci", role: "TRAINER", sha256: hash }]);
  assert.equal(c.auth.disabled, false);
  assert.throws(() => loadConfig({ API_KEYS: "ci:boss:" + hash }), /role "boss"/);
});
