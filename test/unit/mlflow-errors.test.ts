// How MLflow's error answers become gateway errors (mapMlflowError, the one place that maps them).
import assert from "node:assert/strict";
import { test } from "node:test";
import { ErrorCode, errorCode } from "../../src/errors";
import { mapMlflowError, MlflowHttpError } from "../../src/services/mlflow/client";

test("MLflow refusing the gateway's own credentials (401/403) is UPSTREAM_UNAVAILABLE naming the settings to fix", () => {
  for (const err of [
    new MlflowHttpError(401, "UNAUTHENTICATED", "You are not authenticated."),
    new MlflowHttpError(401, undefined, "Unauthorized"),
    new MlflowHttpError(403, "PERMISSION_DENIED", "Permission denied"),
  ]) {
    const mapped = mapMlflowError(err, "GET /api/2.0/mlflow/experiments/search");
    assert.equal(errorCode(mapped), ErrorCode.UPSTREAM_UNAVAILABLE, `${err.status} ${err.errorCode}`);
    assert.equal(mapped.extensions.upstream, "mlflow");
    assert.match(mapped.message, new RegExp(`gateway's own credentials .*HTTP ${err.status}`));
    assert.match(mapped.message, /MLFLOW_TRACKING_TOKEN/);
  }
});

test("other MLflow answers keep their meaning: not found, conflict, bad input, unavailable", () => {
  const code = (status: number, mlflowCode?: string) =>
    errorCode(mapMlflowError(new MlflowHttpError(status, mlflowCode, "x"), "GET /x"));
  assert.equal(code(404, "RESOURCE_DOES_NOT_EXIST"), ErrorCode.NOT_FOUND);
  assert.equal(code(400, "RESOURCE_ALREADY_EXISTS"), ErrorCode.CONFLICT);
  assert.equal(code(400, "INVALID_PARAMETER_VALUE"), ErrorCode.BAD_USER_INPUT);
  assert.equal(code(503), ErrorCode.UPSTREAM_UNAVAILABLE);
  assert.equal(code(403), ErrorCode.UPSTREAM_UNAVAILABLE, "a host-check 403 without an MLflow code");
});
