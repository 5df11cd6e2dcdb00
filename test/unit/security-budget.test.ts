// Issue 13, pure parts: the operation budget, IPv6 spellings, client addresses, cost buckets, metric labels,
// reserved column names, staging-table ages, redaction of secrets in config errors and logs.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { Writable } from "node:stream";
import { test } from "node:test";
import type { IncomingMessage } from "node:http";
import { parse as parseYaml } from "yaml";
import { buildSchema, GraphQLError, Kind, parse, type OperationDefinitionNode } from "graphql";
import { ConfigError, loadConfig } from "../../src/config";
import { createLogger } from "../../src/logger";
import { operationLabeler } from "../../src/metrics";
import { budgetProblem, measureOperation } from "../../src/security/budget";
import { clientAddress } from "../../src/security/http-guard";
import { RateLimiter } from "../../src/security/rate-limit";
import { checkIdentifier, isIdentifier } from "../../src/services/datasets/identifiers";
import { stagingCreatedAt } from "../../src/services/datasets/staging";
import { stagingName } from "../../src/services/datasets/sources";
import { checkUrl, isPublicAddress } from "../../src/services/datasets/url-guard";
import { isUnder } from "../../src/services/serving/model-source";

const REPO = path.resolve(__dirname, "..", "..", "..");
const SCHEMA = buildSchema(readFileSync(path.join(REPO, "src", "schema", "schema.graphql"), "utf8"));
const LIMITS = { maxCost: 20000, maxPredictRows: 10000 };

function measure(query: string, variables: Record<string, unknown> = {}) {
  const doc = parse(query);
  const op = doc.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  return measureOperation(SCHEMA, doc, op, variables);
}

/** `{ runs { nodes { experiment { runs { nodes { ... } } } } } }` nested `levels` times. */
function nestedRuns(levels: number): string {
  let inner = "id";
  for (let i = 0; i < levels; i++) inner = `runs { nodes { experiment { ${inner} } } }`;
  return `{ experiments { nodes { ${inner} } } }`;
}

test("15 aliased predicts of 5,000 rows are over PREDICT_MAX_ROWS, counted across fields", () => {
  const aliases = Array.from(
    { length: 15 },
    (_, i) => `p${i}: predict(model: "m", inputs: $rows) { predictions { label } }`,
  );
  const rows = Array.from({ length: 5000 }, () => ({ x: 1 }));
  const budget = measure(`mutation($rows: [JSONObject!]!) { ${aliases.join(" ")} }`, { rows });
  assert.equal(budget.predictRows, 75_000);
  const err = budgetProblem(budget, LIMITS);
  assert.ok(err instanceof GraphQLError);
  assert.equal(err.extensions.code, "LIMIT_EXCEEDED");
  assert.equal(err.extensions.limit, "PREDICT_MAX_ROWS");
  assert.match(err.message, /75000 rows.*PREDICT_MAX_ROWS/);
  // One predict of the largest allowed size is within every limit.
  const one = measure(
    `mutation($rows: [JSONObject!]!) { predict(model: "m", inputs: $rows) { predictions { label probabilities { label probability } } } }`,
    { rows: Array.from({ length: 10000 }, () => ({ x: 1 })) },
  );
  assert.equal(budgetProblem(one, LIMITS), null, `cost ${one.cost}`);
});

test("nested lists weigh their default page sizes multiplicatively: the nested-runs document is refused", () => {
  const budget = measure(nestedRuns(5));
  assert.ok(budget.cost > 1_000_000, `cost ${budget.cost}`);
  const err = budgetProblem(budget, LIMITS);
  assert.equal(err?.extensions.limit, "QUERY_MAX_COST");
  assert.match(err!.message, /QUERY_MAX_COST/);
  // first: via a variable counts the same as a literal; a small page passes.
  const small = measure(
    `query($n: Int) { experiments(first: $n) { nodes { runs(first: $n) { nodes { id } } } } }`,
    {
      n: 5,
    },
  );
  assert.equal(budgetProblem(small, LIMITS), null);
  const large = measure(
    `query($n: Int) { experiments(first: $n) { nodes { runs(first: $n) { nodes { id } } } } }`,
    {
      n: 200,
    },
  );
  assert.equal(budgetProblem(large, LIMITS)?.extensions.limit, "QUERY_MAX_COST");
});

test("fragments count as the fields they contain", () => {
  const direct = measure(`{ experiments(first: 20) { nodes { runs(first: 20) { nodes { id name } } } } }`);
  const spread = measure(
    `{ experiments(first: 20) { nodes { runs(first: 20) { nodes { ...R } } } } } fragment R on Run { id name }`,
  );
  assert.equal(spread.cost, direct.cost);
});

test("at most one trainGrid, ingestDataset or prepareDataset per operation", () => {
  const two = measure(
    `mutation { a: ingestDataset(input: { name: "a", builtin: PENGUINS }) { rowsWritten } b: ingestDataset(input: { name: "b", builtin: PENGUINS }) { rowsWritten } }`,
  );
  assert.deepEqual(two.heavyMutations, ["ingestDataset", "ingestDataset"]);
  assert.equal(budgetProblem(two, LIMITS)?.extensions.limit, "HEAVY_MUTATIONS_PER_OPERATION");
  const one = measure(
    `mutation { a: ingestDataset(input: { name: "a", builtin: PENGUINS }) { rowsWritten } }`,
  );
  assert.equal(budgetProblem(one, LIMITS), null);
});

test("every IPv6 spelling that embeds a private IPv4 address, or is not global unicast, is refused", () => {
  const refused = [
    "::127.0.0.1",
    "::7f00:1",
    "::ffff:127.0.0.1",
    "::ffff:7f00:1",
    "0:0:0:0:0:ffff:7f00:1",
    "::ffff:0:127.0.0.1",
    "::ffff:0:7f00:1",
    "::a9fe:a9fe",
    "::ffff:a9fe:a9fe",
    "::10.0.0.1",
    "64:ff9b::10.0.0.1",
    "64:ff9b::a9fe:a9fe",
    "64:ff9b:1::1",
    "2002:7f00:1::1",
    "2002:c0a8:101::1",
    "2001:0:4136:e378:8000:63bf:3fff:fdd2",
    "fc00::1",
    "fe80::1",
    "::1",
    "::",
    "ff02::1",
    "100::1",
    "3fff::1",
  ];
  for (const ip of refused) assert.equal(isPublicAddress(ip), false, ip);
  for (const ip of ["::127.0.0.1", "::ffff:0:127.0.0.1", "::a9fe:a9fe", "64:ff9b::7f00:1"]) {
    assert.throws(
      () => checkUrl(`http://[${ip}]/data.csv`, { allowedHosts: [], allowPrivate: false }, "input.url"),
      (err: GraphQLError) => err.extensions.code === "BAD_USER_INPUT" && /private/.test(err.message),
      ip,
    );
  }
  for (const ip of ["2606:4700:4700::1111", "::ffff:8.8.8.8", "64:ff9b::808:808"])
    assert.equal(isPublicAddress(ip), true, ip);
});

test("the client address comes from X-Forwarded-For only through TRUST_PROXY hops", () => {
  const req = (xff: string | undefined) =>
    ({
      socket: { remoteAddress: "10.0.0.2" },
      headers: xff ? { "x-forwarded-for": xff } : {},
    }) as unknown as IncomingMessage;
  assert.equal(clientAddress(req("1.2.3.4"), 0), "10.0.0.2", "no trusted proxy: the socket");
  assert.equal(clientAddress(req("6.6.6.6, 1.2.3.4"), 1), "1.2.3.4", "one proxy: the entry it appended");
  assert.equal(clientAddress(req("6.6.6.6, 1.2.3.4, 10.0.0.9"), 2), "1.2.3.4");
  assert.equal(clientAddress(req(undefined), 1), "10.0.0.2");
});

test("the cost bucket takes a document's cost, and refills over the minute", () => {
  let now = 0;
  const limiter = new RateLimiter(1000, () => now);
  assert.equal(limiter.take("k", 600).allowed, true);
  const refused = limiter.take("k", 600);
  assert.equal(refused.allowed, false);
  assert.ok(refused.retryAfterMs > 0);
  now += 60_000;
  assert.equal(limiter.take("k", 5000).allowed, true, "more than a bucket counts as a full bucket");
});

test("operation labels come from the schema's root fields (or capitalized), else other", () => {
  const label = operationLabeler(SCHEMA);
  assert.equal(label("predict"), "predict");
  assert.equal(label("Experiments"), "Experiments");
  assert.equal(label("EXPERIMENTS"), "other");
  assert.equal(label("x_3f9a1c"), "other");
  assert.equal(label(null), "anonymous");
});

test("__proto__, constructor and prototype are refused as column names", () => {
  for (const name of ["__proto__", "constructor", "prototype"]) {
    assert.equal(isIdentifier(name), false, name);
    assert.throws(
      () => checkIdentifier(name, "input.csv", "column name"),
      (err: GraphQLError) => err.extensions.code === "BAD_USER_INPUT" && /reserved/.test(err.message),
    );
  }
  assert.equal(isIdentifier("proto"), true);
});

test("staging table names carry their creation time", () => {
  const before = Date.now();
  const at = stagingCreatedAt(stagingName("stage"));
  assert.ok(at !== null && at >= before && at <= Date.now());
  assert.equal(stagingCreatedAt("__gw_stage_0123456789abcdef"), null, "old-style names carry none");
});

test("a model source must lie under the run's artifact location", () => {
  assert.equal(isUnder("s3://mlflow/1/abc/artifacts/model", "s3://mlflow/1/abc/artifacts"), true);
  assert.equal(isUnder("s3://mlflow/1/abc/artifacts", "s3://mlflow/1/abc/artifacts/"), true);
  assert.equal(isUnder("s3://mlflow/1/abcd/artifacts/model", "s3://mlflow/1/abc"), false);
  assert.equal(isUnder("s3://mlflow/other/model", "s3://mlflow/1/abc/artifacts"), false);
});

test("config errors never print passwords, tokens or secrets", () => {
  try {
    loadConfig({
      MYSQL_URL: "http://gateway:hunter2@db:3306/datasets",
      MLFLOW_TRACKING_TOKEN: "tok-secret",
      MLFLOW_TIMEOUT_MS: "abc",
      API_KEYS: "ci:TRAINER:the-real-key-pasted-by-mistake",
    });
    assert.fail("expected a ConfigError");
  } catch (err) {
    assert.ok(err instanceof ConfigError);
    const text = err.problems.join("\n");
    assert.match(text, /MYSQL_URL/);
    assert.doesNotMatch(text, /hunter2|the-real-key/);
  }
  try {
    loadConfig({
      MLFLOW_TRACKING_PASSWORD: "x",
      S3_FORCE_PATH_STYLE: "maybe",
      UPSTREAM_TIMEOUT_MS: "hunter2",
    });
  } catch (err) {
    assert.ok(err instanceof ConfigError);
    assert.match(err.problems.join(), /UPSTREAM_TIMEOUT_MS/);
  }
});

test("without S3 keys the AWS default credential chain is used", () => {
  const config = loadConfig({});
  assert.equal(config.s3.accessKeyId, undefined);
  assert.equal(config.s3.secretAccessKey, undefined);
});

test("the logger redacts authorization headers and credentials", () => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const log = createLogger("info", sink);
  log.info({ headers: { authorization: "Bearer sekrit-key" }, s3: { secretAccessKey: "aws-sekrit" } }, "x");
  log.info({ mlflow: { password: "pw-sekrit", token: "tok-sekrit" } }, "y");
  const text = lines.join("");
  assert.doesNotMatch(text, /sekrit/);
  assert.match(text, /\[redacted\]/);
});

test("docker-compose publishes every port on 127.0.0.1 only", () => {
  const compose = parseYaml(readFileSync(path.join(REPO, "docker-compose.yaml"), "utf8")) as {
    services: Record<string, { ports?: (string | { host_ip?: string })[] }>;
  };
  let count = 0;
  for (const [name, service] of Object.entries(compose.services)) {
    for (const p of service.ports ?? []) {
      count++;
      const hostIp = typeof p === "string" ? p.split(":").slice(0, -2).join(":") : p.host_ip;
      assert.equal(hostIp, "127.0.0.1", `${name} publishes ${JSON.stringify(p)} on every interface`);
    }
  }
  assert.ok(count >= 6);
});
