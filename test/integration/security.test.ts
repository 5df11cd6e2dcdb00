import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { after, before, describe, test } from "node:test";
import pino from "pino";
import { sha256Hex } from "../../src/auth";
import { loadConfig } from "../../src/config";
import { startGateway, Gateway } from "../../src/server";
import { createServices } from "../../src/services";
import { HealthDocument } from "../generated/graphql";
import { dataOf, GqlResult, startTestGateway, testEnv, TestGateway } from "../helpers/gateway";

const post = (
  url: string,
  body: string,
  headers: Record<string, string> = { "content-type": "application/json" },
) => fetch(url, { method: "POST", headers, body });

async function json(res: Response): Promise<GqlResult<Record<string, unknown>>> {
  const text = await res.text();
  try {
    return { ...(JSON.parse(text) as object), status: res.status };
  } catch {
    throw new Error(`non-JSON answer (HTTP ${res.status}): ${text.slice(0, 200)}`);
  }
}

const noStack = (text: string) =>
  assert.doesNotMatch(text, /\n\s+at |\.ts:\d+|\.js:\d+|stacktrace/, "no stack trace");

describe("query limits, batching, CSRF and body size", () => {
  let gw: TestGateway;
  before(async () => {
    gw = await startTestGateway({ BODY_LIMIT: "32kb" });
  });
  after(() => gw.close());

  test("a query deeper than QUERY_MAX_DEPTH is refused before execution with a coded 400", async () => {
    const deep = `{ run(id: "x") { ${"parent { ".repeat(15)}id${" }".repeat(15)} } }`;
    const res = await gw.raw(deep);
    assert.equal(res.status, 400);
    assert.equal(res.data, undefined, "nothing ran");
    assert.equal(res.errors?.[0].extensions?.code, "GRAPHQL_VALIDATION_FAILED");
    assert.match(res.errors![0].message, /depth limit of 15 exceeded, found 17/);
    assert.deepEqual(res.extensions?.upstreamCalls ?? {}, {}, "no upstream was called");
  });

  test("an alias flood (the batching attack inside one document) is refused", async () => {
    const flood = `{ ${Array.from({ length: 200 }, (_, i) => `h${i}: health { ok }`).join(" ")} }`;
    const res = await gw.raw(flood);
    assert.equal(res.status, 400);
    assert.equal(res.errors?.[0].extensions?.code, "GRAPHQL_VALIDATION_FAILED");
    assert.match(res.errors![0].message, /Aliases limit of 15 exceeded, found 200/);
    assert.deepEqual(res.extensions?.upstreamCalls ?? {}, {});
  });

  test("directive, token and cost floods are refused with a coded 400, never a 500", async () => {
    const directives = await gw.raw(`{ health { ok ${"@skip(if: false) ".repeat(60)} } }`);
    assert.equal(directives.status, 400);
    assert.equal(directives.errors?.[0].extensions?.code, "GRAPHQL_VALIDATION_FAILED");
    const tokens = await gw.raw(`{ ${"a ".repeat(6000)} }`);
    assert.equal(tokens.status, 400);
    assert.equal(tokens.errors?.[0].extensions?.code, "GRAPHQL_PARSE_FAILED");
    assert.match(tokens.errors![0].message, /more that 5000 tokens/);
    const cost = await gw.raw(
      `{ experiments(first: 1000) { nodes { runs(first: 1000) { nodes { id metrics { key value } } } } } }`,
    );
    assert.equal(cost.status, 400);
    assert.match(cost.errors![0].message, /Cost limit of 20000 exceeded/);
  });

  test("a batched JSON array of operations is refused", async () => {
    const one = { query: "{ health { ok } }" };
    const res = await json(await post(gw.url, JSON.stringify([one, one, one])));
    assert.equal(res.status, 400);
    assert.match(res.errors![0].message, /batching disabled/i);
    assert.equal(res.errors![0].extensions?.code, "BAD_REQUEST");
  });

  test("CSRF: a simple request (no JSON content type, no preflight header) is refused", async () => {
    const body = JSON.stringify({ query: "{ health { ok } }" });
    for (const type of [
      "text/plain",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=x",
    ]) {
      const res = await json(await post(gw.url, body, { "content-type": type }));
      assert.equal(res.status, 400, type);
      assert.match(res.errors![0].message, /Cross-Site Request Forgery/, type);
    }
    const get = await json(await fetch(`${gw.url}?query=${encodeURIComponent("{ health { ok } }")}`));
    assert.equal(get.status, 400);
    assert.match(get.errors![0].message, /Cross-Site Request Forgery/);
    // The same GET with the preflight header is a legitimate read...
    const ok = await json(
      await fetch(`${gw.url}?query=${encodeURIComponent("{ health { ok } }")}`, {
        headers: { "apollo-require-preflight": "true" },
      }),
    );
    assert.equal(ok.status, 200, JSON.stringify(ok));
    // ...but a mutation never runs over GET.
    const mutation = await json(
      await fetch(`${gw.url}?query=${encodeURIComponent("mutation { __typename }")}`, {
        headers: { "apollo-require-preflight": "true" },
      }),
    );
    assert.equal(mutation.status, 405, JSON.stringify(mutation));
  });

  test("a body over BODY_LIMIT is answered 413 with a JSON error; malformed JSON is a 400 without a stack", async () => {
    const big = await post(
      gw.url,
      JSON.stringify({ query: "{ health { ok } }", variables: { pad: "x".repeat(40_000) } }),
    );
    const bigText = await big.text();
    assert.equal(big.status, 413);
    assert.match(big.headers.get("content-type") ?? "", /json/);
    assert.match(JSON.parse(bigText).errors[0].message, /larger than BODY_LIMIT \(32kb\)/);
    const bad = await post(gw.url, '{"query": "{ health { ok } }"');
    const badText = await bad.text();
    assert.equal(bad.status, 400);
    assert.ok(JSON.parse(badText).errors[0].extensions.code);
    noStack(badText);
  });

  test("MLflow's /ajax-api and /graphql are not proxied: the gateway answers 404 for anything but its own routes", async () => {
    const base = gw.url.replace(/\/graphql$/, "");
    for (const p of [
      "/ajax-api/2.0/mlflow/runs/search",
      "/ajax-api/2.0/mlflow/experiments/search?max_results=1",
      "/api/2.0/mlflow/experiments/search",
      "/get-artifact?path=../../etc/passwd&run_uuid=1",
      "/model-versions/get-artifact?path=MLmodel&name=x&version=1",
      "/api/2.0/mlflow-artifacts/artifacts/",
      "/graphql/../ajax-api/2.0/mlflow/runs/search",
    ]) {
      for (const method of ["GET", "POST"]) {
        const res = await fetch(base + p, {
          method,
          headers: { "content-type": "application/json" },
          body: method === "POST" ? "{}" : undefined,
        });
        const text = await res.text();
        assert.equal(res.status, 404, `${method} ${p}: ${text.slice(0, 100)}`);
        assert.doesNotMatch(text, /experiments|mlflow\.|"runs"/);
      }
    }
    // MLflow's own GraphQL schema is not reachable through ours either.
    const mlflowQuery = await gw.raw(
      '{ mlflowGetExperiment(input: { experimentId: "0" }) { experiment { name } } }',
    );
    assert.equal(mlflowQuery.status, 400);
    assert.equal(mlflowQuery.errors?.[0].extensions?.code, "GRAPHQL_VALIDATION_FAILED");
  });
});

describe("inputs no upstream can take", () => {
  let gw: TestGateway;
  before(async () => {
    gw = await startTestGateway();
  });
  after(() => gw.close());

  test("a NUL character in any argument is BAD_USER_INPUT naming it, before any upstream call", async () => {
    for (const [query, variables, field] of [
      ["query($n: String!) { experiment(name: $n) { id } }", { n: "a\u0000b" }, "$n"],
      ["mutation($n: String!) { createExperiment(name: $n) { id } }", { n: "x\u0000" }, "$n"],
      [
        'mutation($t: JSONObject) { createExperiment(name: "x", tags: $t) { id } }',
        { t: { k: ["\u0000"] } },
        "$t.k[0]",
      ],
      ['{ experiment(name: "a\\u0000b") { id } }', undefined, "name"],
    ] as const) {
      const res = await gw.raw(query, variables as Record<string, unknown> | undefined);
      assert.equal(res.status, 400, query);
      assert.equal(res.errors?.[0].extensions?.code, "BAD_USER_INPUT", JSON.stringify(res.errors));
      assert.equal(res.errors?.[0].extensions?.field, field);
      assert.match(res.errors![0].message, /NUL character/);
      assert.deepEqual(res.extensions?.upstreamCalls ?? {}, {}, "nothing reached MLflow");
    }
  });

  test("arguments nested deeper than 32 levels are refused", async () => {
    let deep: unknown = 1;
    for (let i = 0; i < 40; i++) deep = { a: deep };
    const res = await gw.raw('mutation($t: JSONObject) { createExperiment(name: "x", tags: $t) { id } }', {
      t: deep,
    });
    assert.equal(res.status, 400);
    assert.equal(res.errors?.[0].extensions?.code, "BAD_USER_INPUT");
    assert.match(res.errors![0].message, /nested more than 32 levels/);
  });
});

describe("error masking", () => {
  let gateway: Gateway;
  let url: string;
  const lines: Record<string, unknown>[] = [];
  before(async () => {
    const config = loadConfig(testEnv({ LOG_LEVEL: "info" }));
    const sink = new Writable({
      write(chunk, _enc, done) {
        for (const line of String(chunk).split("\n").filter(Boolean)) lines.push(JSON.parse(line));
        done();
      },
    });
    const services = createServices(config, pino({ level: "info" }, sink));
    gateway = await startGateway(config, services);
    url = gateway.url;
  });
  after(() => gateway.close());

  test("an unexpected error is INTERNAL_SERVER_ERROR with a correlation id that is in the log line, never its message", async () => {
    const original = gateway.services.health.check;
    gateway.services.health.check = async () => {
      throw new Error("password=hunter2 at /srv/gateway/src/services/health.ts:12");
    };
    try {
      const res = await post(url, JSON.stringify({ query: "{ health { ok } }" }), {
        "content-type": "application/json",
        "x-request-id": "sec-test-correlation-1",
      });
      const text = await res.text();
      assert.doesNotMatch(text, /hunter2|health\.ts/);
      noStack(text);
      const body = JSON.parse(text) as GqlResult<unknown>;
      const err = body.errors![0];
      assert.equal(err.extensions?.code, "INTERNAL_SERVER_ERROR");
      assert.equal(err.extensions?.correlationId, "sec-test-correlation-1");
      assert.equal(res.headers.get("x-request-id"), "sec-test-correlation-1");
      assert.match(err.message, /correlation id sec-test-correlation-1/);
      const logged = lines.find((l) => l.correlationId === "sec-test-correlation-1");
      assert.ok(logged, "the log has a line with the correlation id");
      assert.equal(logged.level, 50, "logged as an error");
      assert.match(JSON.stringify(logged.err), /hunter2/, "the log keeps the real cause for operators");
    } finally {
      gateway.services.health.check = original;
    }
  });

  test("a plain TypeError from a resolver is masked too, and coded errors pass through unchanged", async () => {
    const original = gateway.services.health.check;
    gateway.services.health.check = async () => (undefined as unknown as { x: { y: number } }).x as never;
    try {
      const res = await json(await post(url, JSON.stringify({ query: "{ health { ok } }" })));
      assert.equal(res.errors?.[0].extensions?.code, "INTERNAL_SERVER_ERROR");
      assert.match(String(res.errors?.[0].extensions?.correlationId), /^[0-9a-f-]{36}$/);
      assert.doesNotMatch(res.errors![0].message, /undefined|reading/);
    } finally {
      gateway.services.health.check = original;
    }
    const validation = await json(await post(url, JSON.stringify({ query: "{ health { nope } }" })));
    assert.equal(validation.errors?.[0].extensions?.code, "GRAPHQL_VALIDATION_FAILED");
  });
});

describe("production settings", () => {
  let gw: TestGateway;
  const KEY = "prod-viewer-key";
  before(async () => {
    gw = await startTestGateway({
      NODE_ENV: "production",
      API_KEYS: `prod-viewer:VIEWER:${sha256Hex(KEY)}`,
      EXPOSE_UPSTREAM_CALLS: "false",
    });
  });
  after(() => gw.close());
  const auth = { authorization: `Bearer ${KEY}` };

  test("introspection is off, field suggestions are hidden and there is no landing page", async () => {
    const intro = await gw.raw("{ __schema { queryType { name } } }", undefined, auth);
    assert.equal(intro.status, 400);
    assert.match(intro.errors![0].message, /introspection/i);
    const typeQuery = await gw.raw('{ __type(name: "Run") { fields { name } } }', undefined, auth);
    assert.equal(typeQuery.status, 400);
    const typo = await gw.raw("{ healt { ok } }", undefined, auth);
    assert.equal(typo.status, 400);
    assert.doesNotMatch(typo.errors![0].message, /Did you mean|"health"/);
    const page = await fetch(gw.url, { headers: { accept: "text/html" } });
    const html = await page.text();
    assert.doesNotMatch(html, /sandbox|embeddable|<html/i);
  });

  test("without a key every operation is UNAUTHENTICATED, and /readyz says what is down but not why", async () => {
    const res = await gw.gql(HealthDocument);
    assert.equal(res.errors?.[0].extensions?.code, "UNAUTHENTICATED");
    // issue 13: refused from the headers alone, before the document is parsed: 401 and no data at all.
    assert.equal(res.status, 401);
    assert.equal(res.data, undefined);
    assert.equal(dataOf(await gw.gql(HealthDocument, undefined, auth)).health.ok, true);
    assert.equal(
      res.extensions?.upstreamCalls,
      undefined,
      "upstream call counts are not exposed in production",
    );
    const base = gw.url.replace(/\/graphql$/, "");
    const ready = (await (await fetch(`${base}/readyz`)).json()) as { services: Record<string, unknown>[] };
    assert.deepEqual(Object.keys(ready.services[0]).sort(), ["name", "ok"]);
  });
});

describe("rate limit", () => {
  let gw: TestGateway;
  const keys = { a: "rate-key-a", b: "rate-key-b" };
  before(async () => {
    gw = await startTestGateway({
      API_KEYS: `rate-a:VIEWER:${sha256Hex(keys.a)},rate-b:VIEWER:${sha256Hex(keys.b)}`,
      RATE_LIMIT_PER_MINUTE: "3",
    });
  });
  after(() => gw.close());

  test("past RATE_LIMIT_PER_MINUTE a key gets 429 RATE_LIMITED with Retry-After; other keys are unaffected", async () => {
    const q = JSON.stringify({ query: "{ __typename }" });
    const as = (key: string) => ({ "content-type": "application/json", authorization: `Bearer ${key}` });
    for (let i = 0; i < 3; i++) assert.equal((await post(gw.url, q, as(keys.a))).status, 200);
    const limited = await post(gw.url, q, as(keys.a));
    assert.equal(limited.status, 429);
    assert.ok(Number(limited.headers.get("retry-after")) >= 1);
    const body = (await limited.json()) as GqlResult<unknown>;
    assert.equal(body.errors?.[0].extensions?.code, "RATE_LIMITED");
    assert.equal((await post(gw.url, q, as(keys.b))).status, 200);
  });
});
