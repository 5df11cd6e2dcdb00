import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { buildSchema, GraphQLError, parse, validate } from "graphql";
import type { ResolverData } from "type-graphql";
import { assertRole, authChecker as checker, authenticate, sha256Hex } from "../../src/auth";
import { loadConfig } from "../../src/config";
import type { Context } from "../../src/context";
import { Role } from "../../src/schema/enums";
import { CircuitBreaker, isS3ConnectionFailure } from "../../src/security/breaker";
import { findInputProblem, MAX_INPUT_DEPTH } from "../../src/security/input-guard";
import { queryLimits } from "../../src/security/limits";
import { RateLimiter } from "../../src/security/rate-limit";
import {
  assertSafeRelativePath,
  joinArtifactUri,
  parseArtifactUri,
  parseModelSource,
} from "../../src/services/artifacts/uri";

const REPO = path.resolve(__dirname, "..", "..", "..");
const BUCKET = "mlflow";

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (err) {
    return err instanceof GraphQLError ? String(err.extensions.code) : `not a GraphQLError: ${String(err)}`;
  }
  return undefined;
};

// ------------------------------------------------------------------ MLflow advisories: paths and sources

test("artifact paths from MLflow's traversal advisories are refused after repeated decoding", () => {
  const hostile: Record<string, string[]> = {
    "CVE-2023-30172 / CVE-2023-2356 relative traversal": [
      "../../etc/passwd",
      "model/../../secret",
      "a/./b",
      "..",
    ],
    "CVE-2023-2780 backslash traversal": ["..\\..\\etc\\passwd", "model\\..\\x", "%5c..%5cetc"],
    "CVE-2023-1176 absolute path": ["/etc/passwd", "%2fetc%2fpasswd", "//etc/passwd"],
    "CVE-2023-6909 / CVE-2024-3848 fragment": ["#/../../etc", "model#/../../x", "model%23/../x"],
    "CVE-2024-1560 double URL-decoding": [
      "%2e%2e/%2e%2e/etc",
      "%252e%252e/%252e%252e/etc",
      "%25252e%25252e%25252fetc",
      "model%252f..%252f..%252fx",
    ],
    "CVE-2024-1593 ; path parameters": ["..;/..;/etc", "model;/../x", "a/%3b/b"],
    "malformed or nested encoding": ["..%2f%zz", "%E0%A4%A", "%25".repeat(12) + "2e"],
    "control characters and queries": ["model\u0000.txt", "a%0d%0ab", "model?x=../../"],
  };
  for (const [advisory, paths] of Object.entries(hostile)) {
    for (const p of paths) {
      assert.equal(
        codeOf(() => assertSafeRelativePath(p, "path")),
        "BAD_USER_INPUT",
        `${advisory}: ${p}`,
      );
      assert.equal(
        codeOf(() => joinArtifactUri(`s3://${BUCKET}/1/abc/artifacts`, p)),
        "BAD_USER_INPUT",
        p,
      );
    }
  }
  for (const ok of ["model", "model/MLmodel", "plots/roc curve.png", "a/b.c/d...e", "%41bc"]) {
    assert.equal(
      codeOf(() => assertSafeRelativePath(ok, "path")),
      undefined,
      ok,
    );
  }
});

test("model sources from MLflow's advisories are refused: only s3://<bucket>/, mlflow-artifacts:/, runs:/, models:/", () => {
  const hostile: Record<string, string[]> = {
    "CVE-2023-1177 local file source": ["file:///etc/passwd", "file:/etc", "FILE:///root/.ssh"],
    "CVE-2024-3573 empty scheme": ["/etc/passwd", "etc/passwd", "", "./model", ":/etc"],
    "CVE-2024-1483 http:///#/../../": [
      "http:///#/../../etc/",
      "http://127.0.0.1:5000/#/../../",
      "https://evil.test/model",
    ],
    "CVE-2023-6909 # in s3 and proxied URIs": [`s3://${BUCKET}/1/#/../../x`, "mlflow-artifacts:/1/#/../../x"],
    "CVE-2024-1560 double-encoded traversal in a URI": [
      `s3://${BUCKET}/1/%252e%252e/%252e%252e/other`,
      "mlflow-artifacts:/%2e%2e/%2e%2e/etc",
      "runs:/abc123/%252e%252e/%252e%252e",
    ],
    "CVE-2024-1593 ; in a URI": [`s3://${BUCKET}/a/..;/..;/x`, "runs:/abc123/model;/../../x"],
    "other buckets and hosts": [
      "s3://other-bucket/model",
      `s3://${BUCKET}@evil/model`,
      `s3://${BUCKET}:80/model`,
      `s3://${BUCKET}/../other/x`,
      "mlflow-artifacts://evil.test/model",
      "gs://bucket/model",
      "hdfs://nn/model",
      "dbfs:/model",
    ],
    "bad runs:/ and models:/ references": [
      "runs:/../../etc",
      "runs:/",
      "models:/../../etc",
      "models:/a/b/c",
      "models:/x#y",
    ],
  };
  for (const [advisory, sources] of Object.entries(hostile)) {
    for (const s of sources) {
      assert.equal(
        codeOf(() => parseModelSource(s, BUCKET, "source")),
        "BAD_USER_INPUT",
        `${advisory}: ${s}`,
      );
    }
  }
  assert.deepEqual(parseModelSource(`s3://${BUCKET}/1/abc/artifacts/model`, BUCKET), {
    kind: "s3",
    bucket: BUCKET,
    key: "1/abc/artifacts/model",
  });
  assert.deepEqual(parseModelSource("mlflow-artifacts:/1/abc/artifacts/model", BUCKET), {
    kind: "mlflow-artifacts",
    path: "1/abc/artifacts/model",
  });
  assert.deepEqual(parseModelSource("runs:/0123abcd/model", BUCKET), {
    kind: "runs",
    runId: "0123abcd",
    path: "model",
  });
  assert.deepEqual(parseModelSource("models:/penguins@champion", BUCKET), {
    kind: "models",
    reference: "penguins@champion",
  });
  assert.equal(parseModelSource(`models:/m-${"0a".repeat(16)}`, BUCKET).kind, "models");
  // The artifact store itself reads only s3:// and mlflow-artifacts:/.
  assert.equal(
    codeOf(() => parseArtifactUri("runs:/0123abcd/model", BUCKET)),
    "BAD_USER_INPUT",
  );
});

// ------------------------------------------------------------------ authentication and roles

const KEYS = { viewer: "v-key-1234", trainer: "t-key-5678", admin: "a-key-9012" };
const authConfig = loadConfig({
  API_KEYS: `ci-viewer:VIEWER:${sha256Hex(KEYS.viewer)},ci-trainer:trainer:${sha256Hex(KEYS.trainer)},ops:ADMIN:${sha256Hex(KEYS.admin).toUpperCase()}`,
}).auth;

// type-graphql's AuthChecker type also admits a class; ours is the function form.
const authChecker = checker as (data: ResolverData<Context>, roles: Role[]) => boolean;
const check = (caller: ReturnType<typeof authenticate>, roles: Role[]) =>
  codeOf(() =>
    authChecker(
      {
        context: { caller: caller.caller, authError: caller.error } as unknown as Context,
      } as ResolverData<Context>,
      roles,
    ),
  );

test("API keys are matched by SHA-256 and map to their name and role", () => {
  assert.deepEqual(authenticate(`Bearer ${KEYS.viewer}`, authConfig).caller, {
    name: "ci-viewer",
    role: Role.VIEWER,
  });
  assert.deepEqual(authenticate(`bearer ${KEYS.trainer}`, authConfig).caller, {
    name: "ci-trainer",
    role: Role.TRAINER,
  });
  assert.deepEqual(authenticate(`Bearer ${KEYS.admin}`, authConfig).caller, {
    name: "ops",
    role: Role.ADMIN,
  });
  assert.deepEqual(authenticate(undefined, authConfig), { caller: null });
  for (const header of [
    `Bearer ${KEYS.viewer}x`,
    `Bearer ${sha256Hex(KEYS.viewer)}`,
    "Bearer ",
    `Basic ${KEYS.admin}`,
    KEYS.admin,
  ]) {
    const a = authenticate(header, authConfig);
    assert.equal(a.caller, null, header);
    assert.ok(a.error, `an unrecognized key says why: ${header}`);
  }
  // The configured hash is not a key: sending it must not authenticate.
  assert.equal(authenticate(`Bearer ${sha256Hex(KEYS.admin)}`, authConfig).caller, null);
});

test("the auth checker: no key UNAUTHENTICATED, too low a role FORBIDDEN, higher roles include lower ones", () => {
  const viewer = authenticate(`Bearer ${KEYS.viewer}`, authConfig);
  const trainer = authenticate(`Bearer ${KEYS.trainer}`, authConfig);
  const admin = authenticate(`Bearer ${KEYS.admin}`, authConfig);
  const none = authenticate(undefined, authConfig);
  const wrong = authenticate("Bearer nope", authConfig);
  assert.equal(check(none, [Role.VIEWER]), "UNAUTHENTICATED");
  assert.equal(check(wrong, [Role.VIEWER]), "UNAUTHENTICATED");
  assert.equal(check(viewer, [Role.VIEWER]), undefined);
  assert.equal(check(viewer, [Role.TRAINER]), "FORBIDDEN");
  assert.equal(check(viewer, [Role.ADMIN]), "FORBIDDEN");
  assert.equal(check(trainer, [Role.VIEWER]), undefined);
  assert.equal(check(trainer, [Role.TRAINER]), undefined);
  assert.equal(check(trainer, [Role.ADMIN]), "FORBIDDEN");
  for (const r of [Role.VIEWER, Role.TRAINER, Role.ADMIN]) assert.equal(check(admin, [r]), undefined);
  assert.throws(
    () =>
      authChecker({ context: { caller: viewer.caller } as unknown as Context } as ResolverData<Context>, [
        Role.ADMIN,
      ]),
    /needs the ADMIN role; the API key "ci-viewer" has VIEWER/,
  );
  assert.throws(
    () => assertRole({ caller: trainer.caller }, Role.ADMIN, "trainGrid with promoteTo"),
    /trainGrid with promoteTo needs the ADMIN role; the API key "ci-trainer" has TRAINER/,
  );
  assert.deepEqual(assertRole({ caller: admin.caller }, Role.ADMIN, "x"), admin.caller);
  assert.equal(
    codeOf(() => assertRole({ caller: null }, Role.VIEWER, "x")),
    "UNAUTHENTICATED",
  );
  const open = authenticate(undefined, loadConfig({}).auth);
  assert.deepEqual(open.caller, { name: "anonymous", role: Role.ADMIN }, "auth disabled: anonymous ADMIN");
});

test("security settings are validated and production defaults are safe", () => {
  const c = loadConfig({});
  assert.deepEqual(c.limits, {
    maxDepth: 15,
    maxAliases: 15,
    maxDirectives: 50,
    maxTokens: 5000,
    maxCost: 20000,
    maxUpstreamCalls: 500,
  });
  assert.deepEqual(c.breaker, { failureThreshold: 5, cooldownMs: 10000 });
  assert.equal(c.auth.rateLimitPerMinute, 0);
  assert.throws(() => loadConfig({ QUERY_MAX_DEPTH: "1" }), /QUERY_MAX_DEPTH="1" is not valid/);
  assert.throws(() => loadConfig({ QUERY_MAX_COST: "lots" }), /QUERY_MAX_COST="lots" is not valid/);
  assert.throws(() => loadConfig({ BREAKER_FAILURE_THRESHOLD: "0" }), /BREAKER_FAILURE_THRESHOLD/);
  assert.throws(() => loadConfig({ RATE_LIMIT_PER_MINUTE: "-1" }), /RATE_LIMIT_PER_MINUTE/);
  assert.throws(() => loadConfig({ API_KEYS: "ci:VIEWER:not-a-hash" }), /SHA-256 hex/);
  const prod = loadConfig({ NODE_ENV: "production", API_KEYS: `ops:ADMIN:${"b".repeat(64)}` });
  assert.equal(prod.auth.disabled, false);
  assert.equal(prod.http.introspection, false);
  assert.equal(prod.http.landingPage, false);
  assert.equal(prod.http.exposeUpstreamCalls, false);
  // issue 13: rate limits on by default in production.
  assert.equal(prod.auth.rateLimitPerMinute, 600);
  assert.equal(prod.auth.rateLimitCostPerMinute, 200_000);
});

// ------------------------------------------------------------------ circuit breaker and rate limiter

test("the circuit breaker opens after N consecutive connection failures, fails fast, then lets one probe through", () => {
  let now = 1_000_000;
  const b = new CircuitBreaker("mlflow", { failureThreshold: 3, cooldownMs: 5000 }, undefined, () => now);
  const refused = new Error("connect ECONNREFUSED 127.0.0.1:5000");
  Object.assign(refused, { code: "ECONNREFUSED" });
  for (let i = 0; i < 2; i++) {
    b.before();
    b.after(false, refused);
  }
  b.before();
  b.after(true); // an answer resets the count
  for (let i = 0; i < 3; i++) {
    b.before();
    b.after(false, refused);
  }
  assert.equal(b.currentState, "open");
  let err: unknown;
  try {
    b.before();
  } catch (e) {
    err = e;
  }
  assert.ok(err instanceof GraphQLError);
  assert.equal(err.extensions.code, "UPSTREAM_UNAVAILABLE");
  assert.equal(err.extensions.upstream, "mlflow");
  assert.match(
    err.message,
    /MLflow is unavailable \(3 consecutive connection failures, last: ECONNREFUSED\); the gateway tries again in 5 s/,
  );

  now += 5000;
  assert.equal(b.currentState, "half-open");
  b.before(); // the probe
  assert.equal(
    codeOf(() => b.before()),
    "UPSTREAM_UNAVAILABLE",
    "only one probe at a time",
  );
  b.after(false, refused); // the probe failed: open again for a full cool-down
  assert.equal(b.currentState, "open");
  now += 4999;
  assert.equal(
    codeOf(() => b.before()),
    "UPSTREAM_UNAVAILABLE",
  );
  now += 1;
  b.before();
  b.after(true);
  assert.equal(b.currentState, "closed");
  b.before();
  b.before(); // closed: no limit on concurrent calls
});

test("S3 errors with an HTTP status prove S3 is up; errors without one are connection failures", () => {
  assert.equal(
    isS3ConnectionFailure(Object.assign(new Error("x"), { code: "ECONNREFUSED", $metadata: {} })),
    true,
  );
  assert.equal(
    isS3ConnectionFailure(Object.assign(new Error("NoSuchKey"), { $metadata: { httpStatusCode: 404 } })),
    false,
  );
  assert.equal(
    isS3ConnectionFailure(Object.assign(new Error("slow"), { $metadata: { httpStatusCode: 503 } })),
    false,
  );
  assert.equal(isS3ConnectionFailure(new GraphQLError("x", { extensions: { code: "NOT_FOUND" } })), false);
});

test("the rate limiter allows a minute's budget at once, then refills evenly", () => {
  let now = 0;
  const rl = new RateLimiter(60, () => now);
  for (let i = 0; i < 60; i++) assert.equal(rl.take("key:a").allowed, true);
  const refused = rl.take("key:a");
  assert.equal(refused.allowed, false);
  assert.equal(refused.retryAfterMs, 1000);
  assert.equal(rl.take("key:b").allowed, true, "buckets are per key");
  now += 1000;
  assert.equal(rl.take("key:a").allowed, true);
  assert.equal(rl.take("key:a").allowed, false);
  assert.equal(new RateLimiter(0).take("x").allowed, true, "0 turns it off");
});

test("the input guard finds NUL characters in values and keys, and nesting past the limit, without recursion", () => {
  assert.equal(findInputProblem({ name: "ok", tags: { a: "b" }, rows: [{ x: 1 }] }, "$input"), null);
  assert.deepEqual(findInputProblem({ name: "a\u0000b" }, "$input"), {
    field: "$input.name",
    problem: "contains a NUL character (U+0000)",
  });
  assert.equal(findInputProblem([{ ok: 1 }, { ["k\u0000"]: 1 }], "$inputs")?.field, "$inputs[1].k\\0");
  let deep: unknown = 1;
  for (let i = 0; i < MAX_INPUT_DEPTH + 1; i++) deep = [deep];
  assert.match(findInputProblem(deep, "$x")?.problem ?? "", /nested more than 32 levels/);
  let veryDeep: unknown = "x";
  for (let i = 0; i < 200_000; i++) veryDeep = { a: veryDeep };
  assert.ok(findInputProblem(veryDeep, "$x"), "a 200,000-level document is refused, not a stack overflow");
});

// ------------------------------------------------------------------ query limits

function limitErrors(sdl: string, query: string): string[] {
  const schema = buildSchema(sdl);
  const { validationRules } = queryLimits(loadConfig({}));
  return validate(schema, parse(query, queryLimits(loadConfig({})).parseOptions), validationRules).map(
    (e) => e.message,
  );
}

const CONTRACT = readFileSync(path.join(REPO, "docs", "CONTRACT.graphql"), "utf8");

test("the deepest sensible query (13 levels) and a wide dashboard query pass the default limits", () => {
  const deepest = `{ trainingJob(id: "1") { best { run { parent { experiment { runs { nodes { modelVersions {
    registeredModel { aliases { version { tags { key } } } } } } } } } } } } }`;
  assert.deepEqual(limitErrors(CONTRACT, deepest), []);
  const dashboard = `query($n: Int) { experiments(first: 50) { nodes { id name tags { key value }
    runs(first: $n) { nodes { id name status startTime endTime params { key value } metrics { key value step timestamp }
    tags { key value } experiment { name } } pageInfo { hasNextPage endCursor } } } pageInfo { hasNextPage endCursor } } }`;
  assert.deepEqual(limitErrors(CONTRACT, dashboard), []);
});

test("queries past the default depth, alias, directive and cost limits are refused with the limit named", () => {
  const tooDeep = `{ run(id: "x") { ${"parent { ".repeat(15)}id${" }".repeat(15)} } }`;
  assert.match(limitErrors(CONTRACT, tooDeep).join(), /depth limit of 15 exceeded, found 17/);
  const aliases = `{ ${Array.from({ length: 16 }, (_, i) => `a${i}: health { ok }`).join(" ")} }`;
  assert.match(limitErrors(CONTRACT, aliases).join(), /Aliases limit of 15 exceeded, found 16/);
  const directives = `{ health { ok ${"@include(if: true) ".repeat(51)} } }`;
  assert.match(limitErrors(CONTRACT, directives).join(), /Directives limit of 50 exceeded, found 51/);
  const costly = `{ experiments(first: 100) { nodes { runs(first: 100) { nodes { id params { key value } metrics { key value } } } } } }`;
  assert.match(limitErrors(CONTRACT, costly).join(), /Cost limit of 20000 exceeded/);
  const tokens = `{ ${"health { ok } ".repeat(1300)} }`;
  assert.throws(() => parse(tokens, queryLimits(loadConfig({})).parseOptions), /more that 5000 tokens/);
});

test("every operation the tests send passes the default query limits", () => {
  const sdl = readFileSync(path.join(REPO, "src", "schema", "schema.graphql"), "utf8");
  const dir = path.join(REPO, "test", "operations");
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".graphql"))) {
    const text = readFileSync(path.join(dir, file), "utf8");
    const errors = limitErrors(sdl, text).filter((m) => /limit/i.test(m));
    assert.deepEqual(errors, [], file);
  }
});

// ------------------------------------------------------------------ MLflow's own GraphQL and ajax API

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? sourceFiles(p) : p.endsWith(".ts") ? [p] : [];
  });
}

test("no gateway code builds URLs to MLflow's /graphql or /ajax-api", () => {
  for (const file of sourceFiles(path.join(REPO, "src"))) {
    const code = readFileSync(file, "utf8")
      .split("\n")
      .filter((l) => !/^\s*(\/\/|\*|\/\*)/.test(l))
      .join("\n");
    assert.doesNotMatch(code, /ajax-api/, file);
    if (file.includes(`${path.sep}mlflow${path.sep}`)) assert.doesNotMatch(code, /\/graphql(?![\w-])/, file);
  }
});
