import assert from "node:assert/strict";
import { test } from "node:test";
import { GraphQLError } from "graphql";
import { parseModelReference } from "../../src/services/mlflow/model-reference";

test("model references in MLflow's URI forms", () => {
  assert.deepEqual(parseModelReference("penguins@champion"), {
    name: "penguins",
    kind: "alias",
    alias: "champion",
  });
  assert.deepEqual(parseModelReference("models:/penguins@challenger"), {
    name: "penguins",
    kind: "alias",
    alias: "challenger",
  });
  assert.deepEqual(parseModelReference("penguins/3"), { name: "penguins", kind: "version", version: 3 });
  assert.deepEqual(parseModelReference("models:/penguins/Production"), {
    name: "penguins",
    kind: "stage",
    stage: "Production",
  });
  assert.deepEqual(parseModelReference("penguins/staging"), {
    name: "penguins",
    kind: "stage",
    stage: "Staging",
  });
  assert.deepEqual(parseModelReference("penguins"), { name: "penguins", kind: "alias", alias: "champion" });
});

test("anything else is BAD_USER_INPUT explaining the forms", () => {
  for (const bad of [
    "",
    "a/b/c",
    "penguins/0",
    "penguins/Prod",
    "pen@",
    "@x",
    "../etc/passwd",
    "penguins@v3",
  ]) {
    assert.throws(
      () => parseModelReference(bad),
      (err: unknown) =>
        err instanceof GraphQLError &&
        err.extensions.code === "BAD_USER_INPUT" &&
        /name@alias/.test(err.message),
      bad,
    );
  }
});
