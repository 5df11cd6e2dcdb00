// Property-based tests: generated hostile arguments for every mutation. Each must be refused with the right code
// (or succeed when it happens to be valid), never INTERNAL_SERVER_ERROR, and a refusal must leave nothing written.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import fc from "fast-check";
import { sha256Hex } from "../../src/auth";
import {
  HostileCancelDocument,
  HostileCreateExperimentDocument,
  HostileIngestDocument,
  HostilePredictDocument,
  HostilePrepareDocument,
  HostilePromoteDocument,
  HostileRegisterModelDocument,
  HostileRunArtifactsDocument,
  HostileTrainGridDocument,
  SecurityModelAliasesDocument,
} from "../generated/graphql";
import {
  dataOf,
  GqlResult,
  startTestGateway,
  TestGateway,
  trainIrisChampion,
  uniqueName,
} from "../helpers/gateway";
import { cleanUpNames } from "../helpers/cleanup";
import { PROPERTY_SEED, propertyOptions } from "../helpers/property";

// HOSTILE_RUNS=200 for a deeper search; PROPERTY_SEED=<n> replays a seed (PROPERTY_SEED=random draws one);
// HOSTILE_DEBUG=1 prints every refusal's message.
const RUNS = Number(process.env.HOSTILE_RUNS ?? 30);
const MARK = uniqueName("hx").toLowerCase(); // letters, digits, "_": a valid identifier prefix
const KEY = { name: `hostile-${MARK}`, secret: `hostile-secret-${MARK}` };
const AS = { authorization: `Bearer ${KEY.secret}` };

// ------------------------------------------------------------------ generators

/** Strings that broke or bent real systems: traversal, injection, encoding tricks, control characters, size. */
const HOSTILE = [
  "",
  " ",
  "\t\n",
  "../../etc/passwd",
  "..\\..\\windows\\win.ini",
  "%2e%2e%2f%2e%2e%2fetc",
  "%252e%252e%252fetc",
  "model#/../../x",
  "model;/../x",
  "..;/..;/",
  "'; DROP TABLE users; --",
  '" OR "1"="1',
  "`id`",
  "$(id)",
  "${7*7}",
  "{{7*7}}",
  "<script>alert(1)</script>",
  "\u0000",
  "a\u0000b",
  "\u202e\u0041\u200b",
  "💥".repeat(40),
  "a".repeat(5000),
  "file:///etc/passwd",
  "http://169.254.169.254/latest/meta-data/",
  "models:/../../x",
  "s3://other-bucket/x",
  "/",
  "//",
  "\\\\server\\share",
  "\r\nX-Injected: 1",
];
const hostileString = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE) },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", minLength: 200, maxLength: 1500 }) },
);
/** A name that carries this run's mark, so anything it creates can be found (and nothing else matches). */
const markedName = (tag: string) => hostileString.map((s) => `${MARK}_${tag}_${s}`);

/**
 * A valid input with one or two fields replaced by hostile values, so each case gets past the other checks and
 * reaches the one under attack; about one case in ten is the valid input itself (the "ok" path is exercised too).
 */
function withHostileFields<T extends Record<string, unknown>>(
  base: () => T,
  hostile: Partial<Record<keyof T & string, fc.Arbitrary<unknown>>>,
): fc.Arbitrary<T> {
  const keys = Object.keys(hostile);
  const chosen = fc.oneof(
    { weight: 1, arbitrary: fc.constant<string[]>([]) },
    { weight: 9, arbitrary: fc.shuffledSubarray(keys, { minLength: 1, maxLength: 2 }) },
  );
  return fc
    .tuple(chosen, fc.record(hostile as Record<string, fc.Arbitrary<unknown>>))
    .map(([fields, values]) => {
      const out: Record<string, unknown> = { ...base() };
      for (const k of fields) out[k] = values[k];
      return out as T;
    });
}
let serial = 0;

const HOSTILE_URLS = [
  "file:///etc/passwd",
  "http://127.0.0.1:5000/api/2.0/mlflow/experiments/search",
  "http://localhost:5000/health",
  "http://169.254.169.254/latest/meta-data/",
  "http://[::1]:5000/",
  "http://[::ffff:127.0.0.1]:3306/",
  "http://0.0.0.0:5432/",
  "http://2130706433/",
  "http://0x7f.1/",
  "http://10.0.0.1/data.csv",
  "http://192.168.1.1/data.csv",
  "http://user:pass@example.invalid/x.csv",
  "gopher://127.0.0.1:6379/_FLUSHALL",
  "ftp://example.invalid/x.csv",
  "data:text/csv,a,b%0A1,2",
  "javascript:alert(1)",
  "not a url",
  "http:///#/../../etc/",
];
const HOSTILE_CSV = [
  "",
  "a,b\n1",
  "a,a\n1,2",
  '"unterminated,x\n1,2',
  "\u0000,\u0001\n1,2",
  "'; DROP TABLE x; --,b\n1,2",
  "a b,c-d\n1,2",
  `${Array.from({ length: 300 }, (_, i) => `c${i}`).join(",")}\n1`,
  `a\n${"x".repeat(70_000)}`,
  "\ufeffa,b\r\n1,2\r\n",
  "__proto__,constructor\n1,2",
];
const hostileCsv = fc.oneof(fc.constantFrom(...HOSTILE_CSV), fc.string({ maxLength: 200 }));

/** JSON objects that target parsers and merges: prototype keys, depth, size, odd values. */
const hostileObject = fc.oneof(
  fc.constantFrom<Record<string, unknown>>(
    JSON.parse('{"__proto__": {"polluted": "yes"}}'),
    { constructor: { prototype: { polluted: "yes" } } },
    { a: "x".repeat(20_000) },
    { a: [[[[[[[[[[1]]]]]]]]]] },
    { "": null },
    { "../../x": 1, "a;b": 2, "\u0000": 3 },
    { n: 1e308, m: -1e308, t: true },
  ),
  fc.dictionary(hostileString, fc.jsonValue({ maxDepth: 3 }), { maxKeys: 5 }),
);

// ------------------------------------------------------------------ harness

let gw: TestGateway;
const ALLOWED = new Set(["BAD_USER_INPUT", "NOT_FOUND", "CONFLICT", "UNSUPPORTED_MODEL"]);

/** Outcomes per test, printed as a diagnostic so a reader sees what the generated cases exercised. */
const tally = new Map<string, number>();
function report(t: { diagnostic(msg: string): void }): void {
  t.diagnostic(`seed ${PROPERTY_SEED}, outcomes: ${JSON.stringify(Object.fromEntries([...tally].sort()))}`);
  tally.clear();
}

/** The outcome of one call: "ok", or the error code; fails on a 5xx, an internal error or an unexpected code. */
function outcome(res: GqlResult<unknown>, extra: string[] = []): string {
  const result = outcomeOf(res, extra);
  tally.set(result, (tally.get(result) ?? 0) + 1);
  return result;
}

function outcomeOf(res: GqlResult<unknown>, extra: string[]): string {
  if (process.env.HOSTILE_DEBUG)
    console.error(JSON.stringify(res.errors?.[0]?.message ?? "ok").slice(0, 200));
  assert.ok(res.status < 500, `HTTP ${res.status}: ${JSON.stringify(res.errors)}`);
  if (!res.errors?.length) return "ok";
  const codes = res.errors.map((e) => String(e.extensions?.code));
  for (const [i, code] of codes.entries()) {
    assert.notEqual(code, "INTERNAL_SERVER_ERROR", JSON.stringify(res.errors[i]));
    assert.ok(
      ALLOWED.has(code) || extra.includes(code),
      `unexpected code ${code}: ${JSON.stringify(res.errors[i])}`,
    );
  }
  return codes[0];
}

const sqlTables = async (): Promise<string[]> => {
  const my = await gw.services.mysql.query<{ t: string }>(
    "SELECT table_name AS t FROM information_schema.tables WHERE table_schema = DATABASE() AND LOWER(table_name) LIKE ?",
    [`${MARK}%`],
  );
  const pg = await gw.services.postgres.query<{ t: string }>(
    "SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public' AND LOWER(table_name) LIKE $1",
    [`${MARK}%`],
  );
  return [...my.map((r) => `mysql:${r.t}`), ...pg.map((r) => `postgres:${r.t}`)].sort();
};

const countRows = async (table: string) =>
  Number((await gw.services.mysql.query<{ n: number }>(`SELECT COUNT(*) AS n FROM \`${table}\``))[0].n);

before(async () => {
  gw = await startTestGateway({
    API_KEYS: `${KEY.name}:ADMIN:${sha256Hex(KEY.secret)}`,
    PREDICT_MAX_ROWS: "50",
    INGEST_MAX_BYTES: "65536",
    INGEST_TIMEOUT_MS: "2000",
    MAX_TRIALS: "4",
  });
});
after(async () => {
  await cleanUpNames(gw.services, MARK);
  await gw.close();
});

// ------------------------------------------------------------------ datasets

describe("datasets", () => {
  const source = `${MARK}_src`;
  before(async () => {
    const csv = [
      "x1,x2,cat,y",
      ...Array.from({ length: 30 }, (_, i) => `${i},${i % 7}.5,${"abc"[i % 3]},${i % 2 ? "p" : "q"}`),
    ].join("\n");
    dataOf(await gw.gql(HostileIngestDocument, { input: { name: source, csv } }, AS));
  });

  test("ingestDataset: hostile names, URLs and CSV are refused with BAD_USER_INPUT and create no table", async (t) => {
    const input = fc.record(
      {
        name: fc.oneof(markedName("in"), fc.constant(source)),
        source: fc.constantFrom("MYSQL" as const, "POSTGRES" as const),
        builtin: fc.option(fc.constantFrom("IRIS" as const, "PENGUINS" as const), { nil: undefined }),
        url: fc.option(fc.constantFrom(...HOSTILE_URLS), { nil: undefined }),
        csv: fc.option(hostileCsv, { nil: undefined }),
        mode: fc.constantFrom("REPLACE" as const, "APPEND" as const),
      },
      { requiredKeys: ["name", "source", "mode"] },
    );
    let tables = await sqlTables();
    let sourceRows = await countRows(source);
    await fc.assert(
      fc.asyncProperty(input, async (inp) => {
        const res = await gw.gql(HostileIngestDocument, { input: inp }, AS);
        const result = outcome(res);
        const now = await sqlTables();
        if (result !== "ok") {
          assert.deepEqual(
            now,
            tables,
            `refused (${result}) but the tables changed: ${JSON.stringify(inp).slice(0, 300)}`,
          );
          assert.equal(
            await countRows(source),
            sourceRows,
            "a refused ingest left the existing table as it was",
          );
          if (inp.url) assert.notEqual(result, "ok");
        } else {
          assert.ok(!inp.url, `a hostile URL was fetched: ${inp.url}`);
          tables = now;
          sourceRows = await countRows(source);
        }
      }),
      propertyOptions(RUNS),
    );
    report(t);
  });

  test("prepareDataset: hostile tables, labels and splits are refused and leave no partial tables", async (t) => {
    const split = fc.record(
      {
        validation: fc.oneof(
          fc.double({ noNaN: true, noDefaultInfinity: true }),
          fc.constantFrom(-1, 0, 0.5, 1, 2),
        ),
        test: fc.oneof(
          fc.double({ noNaN: true, noDefaultInfinity: true }),
          fc.constantFrom(-0.1, 0, 0.99, 1),
        ),
        seed: fc.integer(),
      },
      { requiredKeys: [] },
    );
    const input = withHostileFields(
      () => ({ from: source, to: `${MARK}_to_${++serial}`, label: "y" }) as Record<string, unknown>,
      {
        from: fc.oneof(markedName("from"), hostileString),
        to: fc.oneof(markedName("to"), hostileString, fc.constant(source)),
        source: fc.constant("POSTGRES" as const),
        label: fc.oneof(fc.constantFrom("cat", "x1", "missing"), hostileString),
        dropNulls: fc.boolean(),
        oneHot: fc.array(fc.oneof(fc.constantFrom("cat", "y", "x1"), hostileString), { maxLength: 3 }),
        split,
        batchSize: fc.oneof(fc.integer(), fc.constantFrom(0, -1, 1, 2 ** 31 - 1)),
      },
    );
    let tables = await sqlTables();
    const sourceRows = await countRows(source);
    await fc.assert(
      fc.asyncProperty(input, async (inp) => {
        const res = await gw.gql(HostilePrepareDocument, { input: inp as never }, AS);
        const result = outcome(res);
        const now = await sqlTables();
        if (result !== "ok")
          assert.deepEqual(
            now,
            tables,
            `refused (${result}) but tables changed: ${JSON.stringify(inp).slice(0, 300)}`,
          );
        else tables = now;
        assert.equal(await countRows(source), sourceRows, "the source table is never written");
      }),
      propertyOptions(RUNS),
    );
    report(t);
  });

  // Found by the property above with some seeds: to = from replaced the raw table with its prepared copy.
  test("prepareDataset refuses a to, or a derived _validation/_test name, that is the table it reads", async () => {
    const raw = `${MARK}_raw_test`;
    const csv = ["x1,y", ...Array.from({ length: 20 }, (_, i) => `${i % 3 ? i : ""},${i % 2 ? "p" : "q"}`)];
    dataOf(await gw.gql(HostileIngestDocument, { input: { name: raw, csv: csv.join("\n") } }, AS));
    const tables = await sqlTables();
    for (const [from, input] of [
      [source, { to: source, split: { test: 0.2, seed: 1 } }],
      [source, { to: source.toUpperCase() }],
      [raw, { to: raw }],
      [raw, { to: raw.slice(0, -"_test".length), split: { test: 0.2, seed: 1 } }],
      [raw, { to: raw.slice(0, -"_test".length) }], // no test part: the old <to>_test would be removed
    ] as const) {
      const before = await countRows(from);
      const res = await gw.gql(
        HostilePrepareDocument,
        { input: { from, label: "y", dropNulls: true, ...input } },
        AS,
      );
      const err = res.errors?.[0];
      assert.equal(
        err?.extensions?.code,
        "BAD_USER_INPUT",
        `${JSON.stringify(input)}: ${JSON.stringify(res)}`,
      );
      assert.equal(err?.extensions?.field, "input.to");
      assert.match(err!.message, new RegExp(`from "${from}"`));
      assert.equal(await countRows(from), before, "the raw table keeps all its rows, nulls included");
      assert.deepEqual(await sqlTables(), tables, "nothing was written");
    }
    // The same prepare into another name works and leaves the raw table as it was.
    const clean = `${MARK}_raw_clean`;
    dataOf(
      await gw.gql(
        HostilePrepareDocument,
        { input: { from: raw, to: clean, label: "y", dropNulls: true } },
        AS,
      ),
    );
    assert.equal(await countRows(raw), 20);
    assert.ok((await countRows(clean)) < 20, "the cleaned copy dropped the rows with nulls");
  });

  test("SSRF: ingest URLs to files, loopback, link-local and private addresses are refused before any connection", async () => {
    for (const url of [
      "file:///etc/passwd",
      "http://127.0.0.1:5000/",
      "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
      "http://[::1]/",
      "http://[::1]:5000/health",
      "http://localhost:5000/health",
      "http://[::ffff:127.0.0.1]:5000/",
      "http://2130706433:5000/",
      "http://0x7f000001:5000/",
      "http://0177.0.0.1:5000/",
      "http://127.1:5000/",
      "http://0.0.0.0:5000/",
      "http://[fe80::1]/",
      "http://10.1.2.3/x.csv",
      "http://172.16.0.1/x.csv",
      "http://192.168.0.1/x.csv",
      "http://100.64.0.1/x.csv",
      "gopher://127.0.0.1:6379/_INFO",
      "ftp://127.0.0.1/x.csv",
      "http:///#/../../etc/",
    ]) {
      const name = `${MARK}_ssrf`;
      const res = await gw.gql(HostileIngestDocument, { input: { name, url } }, AS);
      assert.equal(
        res.errors?.[0].extensions?.code,
        "BAD_USER_INPUT",
        `${url}: ${JSON.stringify(res.errors)}`,
      );
      assert.equal(res.errors?.[0].extensions?.field, "input.url", url);
      assert.doesNotMatch(
        res.errors![0].message,
        /mlflow|"experiments"|<html/i,
        "nothing from the target leaks",
      );
    }
    assert.deepEqual(
      (await sqlTables()).filter((t) => t.endsWith("_ssrf")),
      [],
    );
  });
});

// ------------------------------------------------------------------ tracking and registry

describe("tracking and registry", () => {
  let runId = "";
  const model = `${MARK}-model`;

  before(async () => {
    const exp = dataOf(
      await gw.gql(HostileCreateExperimentDocument, { name: `${MARK}-experiment` }, AS),
    ).createExperiment;
    const run = await gw.services.mlflow.createRun({ experimentId: exp.id, runName: "hostile-fixture" });
    runId = run.info.run_id;
    const root = run.info.artifact_uri;
    assert.ok(root, "MLflow gave the run an artifact location");
    await gw.services.artifacts.put(root, "model/MLmodel", "flavors: {}\n", "text/yaml");
    await gw.services.artifacts.put(root, "model/model.json", "{}", "application/json");
    dataOf(await gw.gql(HostileRegisterModelDocument, { runId, name: model, artifactPath: "model" }, AS));
    dataOf(
      await gw.gql(HostilePromoteDocument, { input: { name: model, version: 1, alias: "champion" } }, AS),
    );
  });

  test("run.artifacts(path:) refuses traversal in every encoding (CVE-2023-6909, CVE-2024-1560, CVE-2024-1593)", async () => {
    const ok = dataOf(await gw.gql(HostileRunArtifactsDocument, { id: runId, path: "model" }, AS));
    assert.deepEqual(ok.run?.artifacts.map((a) => a.path).sort(), ["model/MLmodel", "model/model.json"]);
    for (const path of [
      "../..",
      "../../../etc/passwd",
      "model/../../..",
      "%2e%2e/%2e%2e",
      "%252e%252e/%252e%252e",
      "model#/../../..",
      "model%23/../..",
      "..;/..;/",
      "..\\..\\",
      "/etc/passwd",
      "model\u0000",
    ]) {
      const res = await gw.gql(HostileRunArtifactsDocument, { id: runId, path }, AS);
      assert.equal(
        res.errors?.[0].extensions?.code,
        "BAD_USER_INPUT",
        `${path}: ${JSON.stringify(res.errors ?? res.data)}`,
      );
      // A NUL is refused for every argument before resolvers run, so the field is the variable.
      assert.equal(res.errors?.[0].extensions?.field, path.includes("\u0000") ? "$path" : "path", path);
    }
  });

  test("registerModel refuses artifact paths outside the run (CVE-2023-1177, CVE-2024-1483, CVE-2024-1558)", async () => {
    for (const artifactPath of [
      "../../etc",
      "../../../../etc/passwd",
      "model/../../..",
      "%2e%2e/%2e%2e/etc",
      "%252e%252e%252f%252e%252e",
      "#/../../",
      "..;/etc",
      "..\\..\\etc",
      "/etc",
      "file:///etc/passwd",
      "http:///#/../../etc/",
    ]) {
      const name = `${MARK}-traversal`;
      const res = await gw.gql(HostileRegisterModelDocument, { runId, name, artifactPath }, AS);
      assert.equal(
        res.errors?.[0].extensions?.code,
        "BAD_USER_INPUT",
        `${artifactPath}: ${JSON.stringify(res.errors)}`,
      );
      assert.equal(res.errors?.[0].extensions?.field, "artifactPath", artifactPath);
      assert.equal(
        await gw.services.mlflow.getRegisteredModel(name),
        null,
        "no registered model was created",
      );
    }
  });

  test("createExperiment: hostile names and tags are refused with BAD_USER_INPUT and create no experiment", async (t) => {
    const args = fc.record({
      name: fc.oneof(markedName("exp"), hostileString),
      tags: fc.option(hostileObject, { nil: undefined }),
    });
    await fc.assert(
      fc.asyncProperty(args, async ({ name, tags }) => {
        const before = await existingExperiment(name);
        const res = await gw.gql(HostileCreateExperimentDocument, { name, tags }, AS);
        const result = outcome(res);
        if (result !== "ok" && !before) {
          assert.equal(
            await existingExperiment(name),
            null,
            `refused (${result}) but created: ${JSON.stringify(name).slice(0, 200)}`,
          );
        }
      }),
      propertyOptions(RUNS),
    );
    report(t);
  });

  test("registerModel: hostile run ids, names and paths are refused and register nothing", async (t) => {
    const args = withHostileFields(
      () => ({ runId, name: `${MARK}-reg-${++serial}`, artifactPath: "model" }),
      {
        runId: fc.oneof(hostileString, fc.constantFrom("0".repeat(32), "abc", runId.toUpperCase())),
        name: fc.oneof(markedName("reg"), hostileString),
        artifactPath: fc.oneof(hostileString, fc.constantFrom("model/MLmodel", "nothing-here", "model/")),
      },
    );
    await fc.assert(
      fc.asyncProperty(args, async (a) => {
        const name = a.name;
        const existed = await registered(name);
        const res = await gw.gql(
          HostileRegisterModelDocument,
          { runId: a.runId, name, artifactPath: a.artifactPath },
          AS,
        );
        const result = outcome(res);
        if (result !== "ok" && !existed) {
          assert.equal(
            await registered(name),
            null,
            `refused (${result}) but a model was registered: ${name.slice(0, 100)}`,
          );
        }
      }),
      propertyOptions(RUNS),
    );
    report(t);
  });

  test("promoteModel: hostile names, versions, aliases and guards are refused and move no alias", async (t) => {
    const args = withHostileFields(
      () => ({ name: model, version: 1, alias: `a${++serial}` }) as Record<string, unknown>,
      {
        name: fc.oneof(markedName("none"), hostileString),
        version: fc.oneof(fc.integer({ min: -3, max: 4 }), fc.constantFrom(2 ** 31 - 1, -(2 ** 31))),
        alias: fc.oneof(fc.constantFrom("v1", "V2", "latest", ""), hostileString),
        stage: fc.constantFrom(
          "NONE" as const,
          "STAGING" as const,
          "PRODUCTION" as const,
          "ARCHIVED" as const,
        ),
        archiveExisting: fc.boolean(),
        requireBetter: fc.record({ metric: hostileString, higherIsBetter: fc.boolean() }),
      },
    );
    let state = await aliasesOf(model);
    await fc.assert(
      fc.asyncProperty(args, async (input) => {
        const res = await gw.gql(HostilePromoteDocument, { input: input as never }, AS);
        const result = outcome(res);
        const now = await aliasesOf(model);
        if (result !== "ok")
          assert.deepEqual(
            now,
            state,
            `refused (${result}) but the model changed: ${JSON.stringify(input).slice(0, 200)}`,
          );
        else state = now;
      }),
      propertyOptions(RUNS),
    );
    report(t);
    assert.ok(state.includes("champion=1"), "the champion alias never moved");
  });

  async function existingExperiment(name: string) {
    try {
      return await gw.services.mlflow.getExperimentByName(name);
    } catch {
      return null; // a name MLflow cannot even look up was certainly not created
    }
  }
  async function registered(name: string) {
    try {
      return await gw.services.mlflow.getRegisteredModel(name);
    } catch {
      return null;
    }
  }
  async function aliasesOf(name: string): Promise<string[]> {
    const m = dataOf(await gw.gql(SecurityModelAliasesDocument, { name }, AS)).registeredModel;
    return [
      ...(m?.aliases.map((a) => `${a.alias}=${a.version.version}`) ?? []),
      ...(m?.latestVersions.map((v) => `latest=${v.version}`) ?? []),
    ].sort();
  }
});

// ------------------------------------------------------------------ training

describe("training", () => {
  const table = `${MARK}_iris`;
  const jobsOf = async () =>
    (
      await gw.services.db.query<{ id: string; status: string }>(
        "SELECT id::text AS id, status FROM training_jobs WHERE created_by = $1 ORDER BY id",
        [KEY.name],
      )
    ).map((r) => `${r.id}:${r.status}`);

  before(async () => {
    dataOf(await gw.gql(HostileIngestDocument, { input: { name: table, builtin: "IRIS" } }, AS));
  });

  test("trainGrid: hostile experiments, tables, labels, grids and settings are refused and start no job", async (t) => {
    const grid = fc.array(
      fc.record({
        algorithm: fc.constant("LOGISTIC_REGRESSION" as const),
        params: fc.oneof(
          fc.constantFrom<Record<string, unknown>>(
            { learningRate: [0.1], numSteps: [50] },
            { learningRate: [-1] },
            { learningRate: ["0.1; DROP TABLE x"] },
            { numSteps: [1e12] },
            { numSteps: Array.from({ length: 50 }, (_, i) => i + 1) },
            { unknownParam: [1] },
            { learningRate: 0.1 },
            { learningRate: [] },
            { __proto__: [1] },
            JSON.parse('{"__proto__": {"polluted": "yes"}}'),
          ),
          hostileObject,
        ),
      }),
      { maxLength: 3 },
    );
    const valid = () =>
      ({
        experimentName: `${MARK}-train`,
        dataset: table,
        label: "species",
        grid: [{ algorithm: "LOGISTIC_REGRESSION", params: { learningRate: [0.1], numSteps: [20] } }],
        folds: 2,
        wait: false,
      }) as Record<string, unknown>;
    const input = withHostileFields(valid, {
      experimentName: fc.oneof(markedName("exp"), hostileString),
      dataset: fc.oneof(markedName("none"), hostileString),
      source: fc.constant("POSTGRES" as const),
      label: fc.oneof(fc.constantFrom("sepal_length", "nope"), hostileString),
      features: fc.array(fc.oneof(fc.constantFrom("petal_width", "species"), hostileString), {
        maxLength: 3,
      }),
      grid,
      strategy: fc.constant("RANDOM" as const),
      trials: fc.oneof(fc.integer(), fc.constantFrom(0, -1, 5, 2 ** 31 - 1)),
      folds: fc.oneof(fc.integer(), fc.constantFrom(0, 1, 51, -5)),
      testFraction: fc.oneof(
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.constantFrom(0, 1, -0.5),
      ),
      seed: fc.integer(),
      rankBy: fc.oneof(fc.constantFrom("log_loss", "f1_micro"), hostileString),
      registerAs: hostileString,
      promoteTo: hostileString,
    });
    let jobs = await jobsOf();
    await fc.assert(
      fc.asyncProperty(input, async (inp) => {
        const res = await gw.gql(HostileTrainGridDocument, { input: inp as never }, AS);
        const result = outcome(res);
        const now = await jobsOf();
        if (result !== "ok") {
          assert.deepEqual(
            now.map((j) => j.split(":")[0]),
            jobs.map((j) => j.split(":")[0]),
            `refused (${result}) but a job row was written`,
          );
        } else {
          assert.equal(dataOf(res).trainGrid.createdBy, KEY.name, "the job records the API key's name");
        }
        jobs = now;
      }),
      propertyOptions(RUNS),
    );
    report(t);
  });

  test("cancelTrainingJob: hostile ids are NOT_FOUND or BAD_USER_INPUT and change no job", async (t) => {
    const before = await gw.services.db.query(
      "SELECT id::text, status FROM training_jobs WHERE created_by = $1 ORDER BY id",
      [KEY.name],
    );
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          hostileString,
          fc.uuid(),
          fc.constantFrom("00000000-0000-0000-0000-000000000000", "' OR 1=1 --", "*"),
        ),
        async (id) => {
          const res = await gw.gql(HostileCancelDocument, { id }, AS);
          assert.notEqual(outcome(res), "ok", id);
        },
      ),
      propertyOptions(RUNS),
    );
    report(t);
    const after = await gw.services.db.query(
      "SELECT id::text, status FROM training_jobs WHERE created_by = $1 ORDER BY id",
      [KEY.name],
    );
    const untouched = (rows: Record<string, unknown>[]) =>
      rows.filter((r) => before.some((b) => b.id === r.id));
    assert.deepEqual(
      untouched(after).filter((r) => r.status === "CANCELLED").length,
      untouched(before).filter((r) => r.status === "CANCELLED").length,
      "no job was cancelled",
    );
  });
});

// ------------------------------------------------------------------ serving

describe("serving", () => {
  const served = `${MARK}-served`;
  const ROW = { sepal_length: 5.1, sepal_width: 3.5, petal_length: 1.4, petal_width: 0.2 };
  before(async () => {
    await trainIrisChampion(gw, `${MARK}_serve`, served, { numSteps: 50, headers: AS });
  });

  test("predict: hostile model references and rows are refused; only answered rows are logged", async (t) => {
    const hostileValue = fc.oneof(
      hostileString,
      fc.constantFrom<unknown>(
        null,
        true,
        [],
        {},
        [1, 2],
        { nested: { deep: 1 } },
        -1e308,
        1e308,
        "1e309",
        "NaN",
        "",
      ),
    );
    const row = fc.oneof(
      { weight: 1, arbitrary: fc.constant<Record<string, unknown>>({ ...ROW }) },
      {
        weight: 3,
        arbitrary: fc
          .tuple(fc.constantFrom(...Object.keys(ROW)), hostileValue, fc.boolean())
          .map(([col, value, drop]) => {
            const r: Record<string, unknown> = { ...ROW, [col]: value };
            if (drop) delete r[col];
            return r;
          }),
      },
      { weight: 1, arbitrary: hostileObject.map((o) => ({ ...ROW, ...o })) },
      { weight: 1, arbitrary: hostileObject },
    );
    const args = fc.record({
      model: fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom(served, `${served}/1`, `models:/${served}@champion`) },
        {
          weight: 2,
          arbitrary: fc.oneof(
            hostileString,
            markedName("m"),
            fc.constantFrom(
              "models:/../../x",
              `${served}@`,
              "@x",
              `${served}/0`,
              `${served}/-1`,
              `${served}/Prod`,
            ),
          ),
        },
      ),
      inputs: fc.oneof(
        fc.array(row, { minLength: 0, maxLength: 5 }),
        fc.array(fc.constant({ ...ROW }), { minLength: 51, maxLength: 60 }),
      ),
    });
    let answered = 0;
    await fc.assert(
      fc.asyncProperty(args, async ({ model, inputs }) => {
        const res = await gw.gql(HostilePredictDocument, { model, inputs }, AS);
        if (outcome(res) === "ok") {
          const predictions = dataOf(res).predict.predictions;
          assert.equal(predictions.length, inputs.length);
          assert.ok(predictions.every((p) => ["setosa", "versicolor", "virginica"].includes(p.label)));
          answered += inputs.length;
        }
      }),
      propertyOptions(RUNS),
    );
    report(t);
    // The log is written in batches (PREDICTION_LOG_FLUSH_MS): wait a little for the last one.
    let logged = -1;
    for (let i = 0; i < 20 && logged !== answered; i++) {
      if (i) await new Promise((r) => setTimeout(r, 150));
      const rows = await gw.services.db.query(
        "SELECT count(*)::int AS n FROM predictions WHERE requested_by = $1",
        [KEY.name],
      );
      logged = Number(rows[0].n);
    }
    assert.equal(logged, answered, "every answered row is logged once; refused rows never");
  });
});

test("no hostile argument polluted Object.prototype in the gateway's process", () => {
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.equal(Object.prototype.hasOwnProperty.call(Object.prototype, "polluted"), false);
});
