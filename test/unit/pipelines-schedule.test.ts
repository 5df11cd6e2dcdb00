// Cron arithmetic of pipeline schedules (UTC, 5 fields): the next start shown to users and the tick a scheduled
// start belongs to (one run per tick, whichever process starts it).
import assert from "node:assert/strict";
import { test } from "node:test";
import { checkSchedule, cronTickAt, nextCronTick } from "../../src/services/pipelines/service";

const at = (iso: string) => new Date(iso);

test("cronTickAt maps every start within a tick's minute to that tick, and a start on the tick to itself", () => {
  assert.equal(
    cronTickAt("* * * * *", at("2026-12-02T12:43:41.971Z")).toISOString(),
    "2026-12-02T12:43:00.000Z",
  );
  assert.equal(
    cronTickAt("* * * * *", at("2026-12-02T12:43:51.164Z")).toISOString(),
    "2026-12-02T12:43:00.000Z",
  );
  assert.equal(
    cronTickAt("* * * * *", at("2026-12-02T12:44:00.000Z")).toISOString(),
    "2026-12-02T12:44:00.000Z",
  );
  assert.equal(
    cronTickAt("*/5 * * * *", at("2026-12-02T12:49:59.000Z")).toISOString(),
    "2026-12-02T12:45:00.000Z",
  );
  assert.equal(
    cronTickAt("0 3 * * *", at("2026-12-02T02:59:00.000Z")).toISOString(),
    "2026-12-01T03:00:00.000Z",
  );
});

test("nextCronTick is the first start after the given time", () => {
  assert.equal(
    nextCronTick("*/5 * * * *", at("2026-12-02T12:45:00.000Z")).toISOString(),
    "2026-12-02T12:50:00.000Z",
  );
  assert.equal(
    nextCronTick("0 3 * * *", at("2026-12-02T02:59:00.000Z")).toISOString(),
    "2026-12-02T03:00:00.000Z",
  );
});

test("checkSchedule takes 5 fields and refuses anything else with BAD_USER_INPUT naming the field", () => {
  assert.equal(checkSchedule(" */5 * * * * ", "input.schedule"), "*/5 * * * *");
  for (const bad of ["* * * *", "*/5 * * * * *", "61 * * * *", "every minute"]) {
    assert.throws(
      () => checkSchedule(bad, "input.schedule"),
      (err: { extensions?: { code?: string; field?: string } }) =>
        err.extensions?.code === "BAD_USER_INPUT" && err.extensions.field === "input.schedule",
      bad,
    );
  }
});
