// Every config variable is documented: in .env.example (with its real default) and in README's configuration table.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { buildSchema, parse, validate } from "graphql";
import { loadConfig } from "../../src/config";
import { configVariables, REPO_ROOT } from "../helpers/config-variables";

const read = (file: string) => readFileSync(path.join(REPO_ROOT, file), "utf8");
const variables = configVariables();

/** .env.example's variable lines: `# NAME=default` (documented, commented out) or `NAME=value` (set). */
function exampleEntries(): { name: string; value: string; active: boolean }[] {
  return read(".env.example")
    .split("\n")
    .map((line) => /^(#\s?)?([A-Z][A-Z0-9_]*)=(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ name: m[2], value: m[3], active: !m[1] }));
}

test("src/config.ts reads the variables the issue requires", () => {
  for (const v of [
    "MYSQL_URL",
    "DATABASE_URL",
    "MLFLOW_TRACKING_URI",
    "S3_ENDPOINT",
    "S3_REGION",
    "S3_ACCESS_KEY_ID",
    "S3_SECRET_ACCESS_KEY",
    "S3_BUCKET",
    "PORT",
    "NODE_ENV",
  ]) {
    assert.ok(variables.includes(v), v);
  }
});

test(".env.example lists every config variable once, and nothing else", () => {
  const names = exampleEntries().map((e) => e.name);
  const dupes = names.filter((n, i) => names.indexOf(n) !== i);
  assert.deepEqual(dupes, [], "listed twice in .env.example");
  assert.deepEqual(
    variables.filter((v) => !names.includes(v)),
    [],
    "config variables missing from .env.example (add `NAME=default` with a one-line comment)",
  );
  assert.deepEqual(
    names.filter((n) => !variables.includes(n)),
    [],
    "variables in .env.example that src/config.ts does not read",
  );
});

test(".env.example shows each variable's real default: uncommenting a line changes nothing", () => {
  const defaults = loadConfig({});
  for (const { name, value } of exampleEntries()) {
    // An empty value documents a default that is computed (e.g. from the CPU count) or an unset option.
    if (value === "") continue;
    assert.deepEqual(
      loadConfig({ [name]: value }),
      defaults,
      `.env.example: ${name}=${value} is not the default`,
    );
  }
});

test("every config variable has a row in README's configuration table, with its real default", () => {
  const readme = read("README.md");
  const section = /^## Configuration\n([\s\S]*?)(?=^## )/m.exec(readme)?.[1];
  assert.ok(section, "README has a ## Configuration section");
  const rows = [...section.matchAll(/^\|\s*`([A-Z][A-Z0-9_]*)`\s*\|([^|]*)\|/gm)].map((m) => ({
    name: m[1],
    defaultCell: m[2].trim(),
  }));
  const names = rows.map((r) => r.name);
  assert.deepEqual(
    variables.filter((v) => !names.includes(v)),
    [],
    "config variables missing from README's configuration table",
  );
  assert.deepEqual(
    names.filter((r) => !variables.includes(r)),
    [],
    "README documents variables src/config.ts does not read",
  );
  // A default written as a literal (`5000`, `true`, `info` (...)) must be the code's default in development;
  // prose defaults ("unset", "on unless production", "the number of CPU cores") are left to the reader.
  const defaults = loadConfig({});
  for (const { name, defaultCell } of rows) {
    const literal = /^`([^`]*)`/.exec(defaultCell)?.[1];
    if (literal === undefined) continue;
    assert.deepEqual(
      loadConfig({ [name]: literal }),
      defaults,
      `README: ${name}'s default is not ${literal}`,
    );
  }
});

test("README's example operations are valid against the public contract", () => {
  // The contract, not the emitted SDL: schema.test.ts already checks that the SDL has all of the contract.
  const schema = buildSchema(read(path.join("docs", "CONTRACT.graphql")));
  const blocks = [...read("README.md").matchAll(/^```graphql\n([\s\S]*?)^```/gm)].map((m) => m[1]);
  assert.ok(
    blocks.length >= 7,
    "README shows health, ingest, prepare, trainGrid, predict, promoteModel, runs",
  );
  for (const block of blocks) {
    const doc = parse(block);
    const errors = validate(schema, doc).map((e) => e.message);
    assert.deepEqual(errors, [], `README example:\n${block}`);
  }
  const used = blocks.join("\n");
  for (const op of [
    "health",
    "ingestDataset",
    "prepareDataset",
    "trainGrid",
    "predict",
    "promoteModel",
    "runs(",
  ]) {
    assert.ok(used.includes(op), `README has an example using ${op}`);
  }
});
