import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { buildSchema, isInputObjectType, isObjectType } from "graphql";

test("every schema type, field and argument has a description (they show in Apollo Sandbox)", () => {
  const sdl = readFileSync(
    path.resolve(__dirname, "..", "..", "..", "src", "schema", "schema.graphql"),
    "utf8",
  );
  const schema = buildSchema(sdl);
  const missing: string[] = [];
  for (const [name, type] of Object.entries(schema.getTypeMap())) {
    if (
      name.startsWith("__") ||
      ["String", "Int", "Float", "Boolean", "ID", "Query", "Mutation", "Subscription"].includes(name)
    )
      continue;
    if (!type.description) missing.push(`type ${name}`);
  }
  for (const [name, type] of Object.entries(schema.getTypeMap())) {
    if (name.startsWith("__") || !(isObjectType(type) || isInputObjectType(type))) continue;
    for (const [fname, field] of Object.entries(type.getFields())) {
      if (!field.description) missing.push(`${name}.${fname}`);
      for (const arg of "args" in field ? field.args : [])
        if (!arg.description) missing.push(`${name}.${fname}(${arg.name})`);
    }
  }
  assert.deepEqual(missing, []);
});
