import "reflect-metadata";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { buildSchema as buildFromSdl } from "graphql";
import { printGatewaySchema } from "../../src/schema/build";

const ROOT = path.resolve(__dirname, "..", "..", "..");

test("the committed src/schema/schema.graphql matches the type-graphql classes (run npm run schema:emit)", async () => {
  const committed = readFileSync(path.join(ROOT, "src", "schema", "schema.graphql"), "utf8");
  assert.equal(committed, await printGatewaySchema());
});

test("the committed SDL has every type, field and argument of shared/CONTRACT.graphql", () => {
  const contractPath = path.join(ROOT, "..", "shared", "CONTRACT.graphql");
  let contractText: string;
  try {
    contractText = readFileSync(contractPath, "utf8");
  } catch {
    contractText = readFileSync(path.join(ROOT, "docs", "CONTRACT.graphql"), "utf8");
  }
  const want = buildFromSdl(contractText);
  const have = buildFromSdl(readFileSync(path.join(ROOT, "src", "schema", "schema.graphql"), "utf8"));
  const missing: string[] = [];
  for (const [name, t] of Object.entries(want.getTypeMap())) {
    if (name.startsWith("__")) continue;
    const h = have.getType(name);
    if (!h) {
      missing.push(`type ${name}`);
      continue;
    }
    if ("getFields" in t && "getFields" in h) {
      const hf = (h as { getFields(): Record<string, { args?: { name: string }[] }> }).getFields();
      for (const [fname, f] of Object.entries(
        (t as { getFields(): Record<string, { args?: { name: string }[] }> }).getFields(),
      )) {
        if (!hf[fname]) missing.push(`field ${name}.${fname}`);
        else
          for (const a of f.args ?? [])
            if (!hf[fname].args?.some((x) => x.name === a.name))
              missing.push(`arg ${name}.${fname}(${a.name})`);
      }
    }
  }
  assert.deepEqual(missing, []);
});
