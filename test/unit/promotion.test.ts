// Promotion decisions (alias moves, the requireBetter guard, the audit row) with a fake registry and database.
import assert from "node:assert/strict";
import { test } from "node:test";
import pino from "pino";
import { ErrorCode, errorCode } from "../../src/errors";
import type { EventBus } from "../../src/services/events/bus";
import type { MlflowClient } from "../../src/services/mlflow/client";
import type { MlflowModelVersion } from "../../src/services/mlflow/types";
import { PromotionService, type PromoteRequest } from "../../src/services/promotion/service";
import type { GatewayDb } from "../../src/services/store/db";

/** A registry of one model: versions with the test_accuracy of their runs, and aliases. */
function fakeRegistry(accuracies: Record<number, number | undefined>, aliases: Record<string, number> = {}) {
  const calls: string[] = [];
  const version = (v: number): MlflowModelVersion => ({
    name: "m",
    version: String(v),
    status: "READY",
    run_id: `run${v}`,
    aliases: Object.keys(aliases).filter((a) => aliases[a] === v),
  });
  const mlflow = {
    getModelVersion: async (_name: string, v: string | number) =>
      Number(v) in accuracies ? version(Number(v)) : null,
    getModelVersionByAlias: async (_name: string, alias: string) =>
      alias in aliases ? version(aliases[alias]) : null,
    getRun: async (id: string) => {
      const value = accuracies[Number(id.slice(3))];
      return { info: {}, data: { metrics: value === undefined ? [] : [{ key: "test_accuracy", value }] } };
    },
    setAlias: async (_name: string, alias: string, v: string | number) => {
      calls.push(`setAlias ${alias}=${v}`);
      aliases[alias] = Number(v);
    },
    transitionStage: async (_name: string, v: string | number, stage: string, archive: boolean) => {
      calls.push(`stage ${v}=${stage}${archive ? " archive" : ""}`);
    },
  };
  const audit: { params: unknown[] }[] = [];
  let auditFails = false;
  const db = {
    query: async (_sql: string, params: unknown[]) => {
      if (auditFails) throw new Error("connection refused");
      audit.push({ params });
      return [];
    },
  };
  // Alias moves are published to subscribers (integration: subscriptions.test.ts); recorded here.
  const published: { topic: string; payload: unknown }[] = [];
  const events = {
    publish: async (topic: string, payload: unknown) => void published.push({ topic, payload }),
  };
  const service = new PromotionService({
    log: pino({ level: "silent" }),
    db: db as unknown as GatewayDb,
    events: events as unknown as EventBus,
    mlflow: mlflow as unknown as MlflowClient,
  });
  return { service, calls, audit, aliases, published, failAudit: () => (auditFails = true) };
}

const req = (over: Partial<PromoteRequest> = {}): PromoteRequest => ({
  name: "m",
  version: 2,
  alias: "champion",
  archiveExisting: false,
  ...over,
});
const GUARD = { requireBetter: { metric: "test_accuracy", higherIsBetter: true } };
/** promoted and reason of an audit row (the insert's 6th and 7th parameters). */
const auditOf = (row: { params: unknown[] }) => ({ promoted: row.params[5], reason: String(row.params[6]) });

test("without a holder the alias moves, the guard has nothing to beat, and the audit says so", async () => {
  const r = fakeRegistry({ 1: 0.9, 2: 0.8 });
  const out = await r.service.promote(req(GUARD), "alice");
  assert.equal(out.promoted, true);
  assert.match(out.reason, /@champion now points at version 2 \(it pointed at no version before\)/);
  assert.deepEqual(r.calls, ["setAlias champion=2"]);
  assert.equal(r.audit.length, 1);
  assert.equal(r.audit[0].params[7], "alice");
  // Subscribers of modelAliasChanged hear of the move, once.
  assert.equal(r.published.length, 1);
  assert.equal(r.published[0].topic, "model-alias:m");
  assert.deepEqual(
    { ...(r.published[0].payload as object), changedAt: undefined },
    { name: "m", alias: "champion", version: 2, previousVersion: null, changedAt: undefined },
  );
});

test("requireBetter refuses a worse version and a tie with both values, and moves nothing", async () => {
  for (const candidate of [0.85, 0.9]) {
    const r = fakeRegistry({ 1: 0.9, 2: candidate }, { champion: 1 });
    const out = await r.service.promote(req(GUARD), null);
    assert.equal(out.promoted, false);
    assert.equal(
      out.reason,
      `not promoted: version 2 has test_accuracy=${candidate}, @champion (version 1) has test_accuracy=0.9; higher is better and the candidate must beat the current holder`,
    );
    assert.deepEqual(r.calls, [], "no alias or stage moved");
    assert.deepEqual(r.published, [], "nothing moved, nothing published");
    assert.equal(r.aliases.champion, 1);
    assert.deepEqual(auditOf(r.audit[0]), { promoted: false, reason: out.reason });
  }
});

test("requireBetter lets a strictly better version through; lower-is-better flips the comparison", async () => {
  const better = fakeRegistry({ 1: 0.9, 2: 0.95 }, { champion: 1 });
  const out = await better.service.promote(req(GUARD), null);
  assert.equal(out.promoted, true);
  assert.match(
    out.reason,
    /moved from version 1 to version 2; version 2 has test_accuracy=0.95, .*=0.9 \(higher/,
  );
  assert.deepEqual(better.calls, ["setAlias champion=2"]);

  const lower = fakeRegistry({ 1: 0.9, 2: 0.95 }, { champion: 1 });
  const refused = await lower.service.promote(
    req({ requireBetter: { metric: "test_accuracy", higherIsBetter: false } }),
    null,
  );
  assert.equal(refused.promoted, false);
  assert.match(refused.reason, /lower is better/);
});

test("a holder without the metric is not replaced under requireBetter; a candidate without it is BAD_USER_INPUT", async () => {
  const noHolderMetric = fakeRegistry({ 1: undefined, 2: 0.95 }, { champion: 1 });
  const out = await noHolderMetric.service.promote(req(GUARD), null);
  assert.equal(out.promoted, false);
  assert.match(out.reason, /@champion \(version 1\) has no test_accuracy to compare with/);
  assert.deepEqual(noHolderMetric.calls, []);

  const noCandidateMetric = fakeRegistry({ 1: 0.9, 2: undefined }, { champion: 1 });
  await assert.rejects(noCandidateMetric.service.promote(req(GUARD), null), (e) => {
    assert.equal(errorCode(e), ErrorCode.BAD_USER_INPUT);
    return true;
  });
  assert.deepEqual(noCandidateMetric.calls, []);
  assert.equal(auditOf(noCandidateMetric.audit[0]).promoted, false, "the failed attempt is audited too");
  assert.match(auditOf(noCandidateMetric.audit[0]).reason, /^error BAD_USER_INPUT: /);
});

test("an alias already on the version is 'promoted' without a guard check; a missing version is NOT_FOUND", async () => {
  const same = fakeRegistry({ 2: undefined }, { champion: 2 });
  const out = await same.service.promote(req(GUARD), null);
  assert.equal(out.promoted, true);
  assert.match(out.reason, /@champion already pointed at version 2/);

  const missing = fakeRegistry({ 1: 0.9 });
  await assert.rejects(missing.service.promote(req({ version: 7 }), null), (e) => {
    assert.equal(errorCode(e), ErrorCode.NOT_FOUND);
    return true;
  });
  assert.deepEqual(missing.calls, []);
});

test("a stage move follows the alias; listeners hear of moves, not of refusals; a lost audit row hides nothing", async () => {
  const r = fakeRegistry({ 1: 0.9, 2: 0.95 }, { champion: 1 });
  const heard: string[] = [];
  r.service.onPromoted((name) => heard.push(name));
  const out = await r.service.promote(req({ stage: "Production", archiveExisting: true }), null);
  assert.deepEqual(r.calls, ["setAlias champion=2", "stage 2=Production archive"]);
  assert.match(out.reason, /stage Production \(other Production versions archived\)/);
  assert.deepEqual(heard, ["m"]);

  const refused = fakeRegistry({ 1: 0.9, 2: 0.5 }, { champion: 1 });
  refused.service.onPromoted((name) => heard.push(name));
  refused.failAudit();
  const no = await refused.service.promote(req(GUARD), null);
  assert.equal(no.promoted, false, "the outcome comes back although the audit row could not be written");
  assert.deepEqual(heard, ["m"], "no listener call for a refusal");
});
