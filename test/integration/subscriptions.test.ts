// Subscriptions over graphql-ws against the real stack: job progress, alias moves across processes, auth, limits.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { parse, type OperationDefinitionNode } from "graphql";
import { sha256Hex } from "../../src/auth";
import { MAX_NOTIFY_BYTES } from "../../src/services/events/bus";
import { dataOf, startTestGateway, TestGateway, uniqueName } from "../helpers/gateway";
import { GatewayProcess, startGatewayProcess, subscribe, wsClient } from "../helpers/subscriptions";

const KEYS = {
  viewer: { name: uniqueName("sub_viewer"), key: `viewer-${Math.random().toString(36).slice(2)}` },
  admin: { name: uniqueName("sub_admin"), key: `admin-${Math.random().toString(36).slice(2)}` },
};
const AUTH = {
  API_KEYS: [
    `${KEYS.viewer.name}:VIEWER:${sha256Hex(KEYS.viewer.key)}`,
    `${KEYS.admin.name}:ADMIN:${sha256Hex(KEYS.admin.key)}`,
  ].join(","),
  AUTH_DISABLED: "false",
};
const admin = { authorization: `Bearer ${KEYS.admin.key}` };
const viewerParams = { Authorization: `Bearer ${KEYS.viewer.key}` };

let gw: TestGateway;
let other: GatewayProcess;
let penguins: string;

before(async () => {
  [gw, other] = await Promise.all([startTestGateway(AUTH), startGatewayProcess(AUTH)]);
  penguins = uniqueName("sub_penguins");
  dataOf(
    await gw.raw(
      `mutation ($name: String!) { ingestDataset(input: { name: $name, builtin: PENGUINS }) { rowsWritten } }`,
      { name: penguins },
      admin,
    ),
  );
});
after(async () => {
  await Promise.allSettled([gw?.close(), other?.stop()]);
});

const TRAIN = `mutation ($input: TrainGridInput!) { trainGrid(input: $input) { id status total } }`;
const JOB_UPDATES = `subscription ($id: ID!) {
  trainingJobUpdated(id: $id) { id status total completed finishedAt trials { status } }
}`;
const ALIAS_CHANGES = `subscription ($name: String!) {
  modelAliasChanged(name: $name) { name alias previousVersion changedAt version { name version aliases } }
}`;

interface JobEvent {
  trainingJobUpdated: {
    id: string;
    status: string;
    total: number;
    completed: number;
    finishedAt: string | null;
    trials: { status: string }[];
  };
}
interface AliasEvent {
  modelAliasChanged: {
    name: string;
    alias: string;
    previousVersion: number | null;
    changedAt: string;
    version: { name: string; version: number; aliases: string[] } | null;
  };
}

const train = async (extra: Record<string, unknown>) =>
  dataOf(
    await gw.raw<{ trainGrid: { id: string; status: string; total: number } }>(
      TRAIN,
      {
        input: {
          experimentName: uniqueName("sub_exp"),
          dataset: penguins,
          label: "species",
          folds: 2,
          grid: [{ algorithm: "LOGISTIC_REGRESSION", params: { learningRate: [0.1], numSteps: [100] } }],
          ...extra,
        },
      },
      admin,
    ),
  ).trainGrid;

test("trainingJobUpdated streams a running grid from its current state to SUCCEEDED, completed never going backwards", async () => {
  const job = await train({
    wait: false,
    folds: 3,
    grid: [
      {
        algorithm: "LOGISTIC_REGRESSION",
        params: { learningRate: [0.01, 0.05, 0.1], numSteps: [1500, 3000] },
      },
    ],
  });
  assert.equal(job.total, 6);
  const client = wsClient(gw.url, viewerParams);
  try {
    const stream = subscribe<JobEvent>(client, JOB_UPDATES, { id: job.id });
    const { error } = await stream.done;
    assert.equal(error, undefined, JSON.stringify(error));
    const events = stream.events.map((e) => e.trainingJobUpdated);
    assert.ok(events.length >= 3, `several events: ${JSON.stringify(events)}`);
    assert.ok(events.every((e) => e.id === job.id && e.total === 6));
    for (let i = 1; i < events.length; i++) {
      assert.ok(
        events[i].completed >= events[i - 1].completed,
        `completed went backwards: ${JSON.stringify(events)}`,
      );
    }
    const last = events[events.length - 1];
    assert.equal(last.status, "SUCCEEDED");
    assert.equal(last.completed, 6);
    assert.ok(last.finishedAt);
    assert.ok(last.trials.every((t) => t.status === "FINISHED"));
    // Only the last event is final, and progress was seen on the way (not just the end).
    assert.ok(events.slice(0, -1).every((e) => e.finishedAt === null));
    assert.ok(
      events.some((e) => e.completed > 0 && e.completed < 6) ||
        events.some((e) => e.trials.some((t) => t.status === "RUNNING")),
      `progress between start and end: ${JSON.stringify(events)}`,
    );
  } finally {
    await client.dispose();
  }
});

test("an alias moved on one gateway process reaches a VIEWER subscribed on another (trainGrid promoteTo, promoteModel, deleteModelAlias)", async () => {
  const model = uniqueName("sub_model");
  const client = wsClient(other.url, viewerParams);
  try {
    const stream = subscribe<AliasEvent>(client, ALIAS_CHANGES, { name: model });
    // The subscription is live once the server acknowledged it; a probe event would need an alias, so wait a bit.
    await new Promise((r) => setTimeout(r, 500));
    await train({ wait: true, registerAs: model, promoteTo: "champion" });
    const first = (await stream.waitFor((e) => e.modelAliasChanged.version?.version === 1, "champion → 1"))
      .modelAliasChanged;
    assert.equal(first.name, model);
    assert.equal(first.alias, "champion");
    assert.equal(first.previousVersion, null);
    assert.deepEqual(first.version?.aliases, ["champion"]);

    await train({ wait: true, registerAs: model });
    const promoted = dataOf(
      await gw.raw<{ promoteModel: { promoted: boolean } }>(
        `mutation ($name: String!) { promoteModel(input: { name: $name, version: 2, alias: "champion" }) { promoted } }`,
        { name: model },
        admin,
      ),
    );
    assert.equal(promoted.promoteModel.promoted, true);
    const second = (await stream.waitFor((e) => e.modelAliasChanged.version?.version === 2, "champion → 2"))
      .modelAliasChanged;
    assert.equal(second.previousVersion, 1);
    assert.deepEqual(second.version?.aliases, ["champion"]);
    assert.ok(Date.parse(second.changedAt) >= Date.parse(first.changedAt));

    dataOf(
      await gw.raw(
        `mutation ($name: String!) { deleteModelAlias(name: $name, alias: "champion") { name } }`,
        { name: model },
        admin,
      ),
    );
    const deleted = (await stream.waitFor((e) => e.modelAliasChanged.version === null, "champion deleted"))
      .modelAliasChanged;
    assert.deepEqual([deleted.alias, deleted.previousVersion], ["champion", 2]);
  } finally {
    await client.dispose();
  }
});

test("with auth on, a connection without a valid key is closed with 4401; VIEWER may subscribe", async () => {
  for (const params of [undefined, { Authorization: "Bearer not-a-key" }, { Authorization: "Basic x" }]) {
    const client = wsClient(gw.url, params, { lazy: false });
    const closed = await client.closed;
    assert.equal(closed.code, 4401, JSON.stringify(params));
    assert.match(closed.reason, /Unauthorized/);
    await client.dispose();
  }
  const viewer = wsClient(gw.url, { apiKey: KEYS.viewer.key });
  try {
    const stream = subscribe<JobEvent>(viewer, JOB_UPDATES, { id: "00000000-0000-4000-8000-000000000000" });
    const { error } = await stream.done;
    // Authenticated and authorized: the answer is about the job, not the caller.
    assert.equal((error as { extensions?: { code?: string } }[])[0].extensions?.code, "NOT_FOUND");
  } finally {
    await viewer.dispose();
  }
});

test("an event larger than NOTIFY's 8000 bytes travels by id and arrives whole", async () => {
  const topic = uniqueName("sub_big_topic");
  const big = { text: "x".repeat(MAX_NOTIFY_BYTES * 3) };
  const iterator = gw.services.events.subscribe<typeof big>(topic);
  const next = iterator.next();
  await new Promise((r) => setTimeout(r, 100));
  await gw.services.events.publish(topic, big);
  const got = await Promise.race([
    next,
    new Promise((_, reject) => setTimeout(() => reject(new Error("no event")), 10_000)),
  ]);
  assert.deepEqual((got as IteratorResult<typeof big>).value, big);
  await iterator.return?.();
});

test("limits: subscriptions per connection, connections per key, idle close, query limits and subscriptions only", async () => {
  const limited = await startTestGateway({
    SUBSCRIPTIONS_PER_CONNECTION: "2",
    SUBSCRIPTION_CONNECTIONS_PER_KEY: "2",
    SUBSCRIPTION_IDLE_TIMEOUT_MS: "1000",
    QUERY_MAX_DEPTH: "4",
    AUTH_DISABLED: "true",
  });
  const clients: ReturnType<typeof wsClient>[] = [];
  try {
    const a = wsClient(limited.url);
    clients.push(a);
    // Too deep for QUERY_MAX_DEPTH=4: refused like an HTTP query, before it runs.
    const deep = subscribe(
      a,
      `subscription { modelAliasChanged(name: "m") { version { registeredModel { latestVersions { name } } } } }`,
    );
    const deepResult = await deep.done;
    assert.match(JSON.stringify(deepResult.error), /depth/i);
    const query = subscribe(a, `query { health { ok } }`);
    assert.match(JSON.stringify((await query.done).error), /subscriptions only/);

    const s1 = subscribe<AliasEvent>(a, ALIAS_CHANGES, { name: "m1" });
    const s2 = subscribe<AliasEvent>(a, ALIAS_CHANGES, { name: "m2" });
    const s3 = subscribe<AliasEvent>(a, ALIAS_CHANGES, { name: "m3" });
    const third = await s3.done;
    assert.equal((third.error as { extensions?: { code?: string } }[])[0].extensions?.code, "RATE_LIMITED");
    assert.match(JSON.stringify(third.error), /SUBSCRIPTIONS_PER_CONNECTION/);

    const b = wsClient(limited.url, undefined, { lazy: false });
    clients.push(b);
    const c = wsClient(limited.url, undefined, { lazy: false });
    clients.push(c);
    const closedC = await c.closed;
    assert.equal(closedC.code, 4429);
    assert.match(closedC.reason, /SUBSCRIPTION_CONNECTIONS_PER_KEY/);

    // b has no subscription: closed once idle; a holds two, so it stays open.
    const closedB = await b.closed;
    assert.equal(closedB.code, 4000);
    assert.match(closedB.reason, /Idle/);
    assert.equal(limited.gateway.subscriptions.connections, 1);
    s1.stop();
    s2.stop();
  } finally {
    await Promise.allSettled(clients.map((c) => c.dispose()));
    await limited.close();
  }
});

test("README's subscription examples work: WatchTraining ends with the job's final state, WatchChampion sees promoteTo", async () => {
  const readme = readFileSync(path.resolve(__dirname, "..", "..", "..", "README.md"), "utf8");
  const examples = new Map(
    [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)]
      .map((m) => ({ text: m[1], def: parse(m[1]).definitions[0] as OperationDefinitionNode }))
      .filter(({ def }) => def.operation === "subscription")
      .map(({ text, def }) => [def.name?.value, text]),
  );
  assert.deepEqual([...examples.keys()], ["WatchChampion", "WatchTraining"]);
  const model = uniqueName("sub_readme");
  const client = wsClient(other.url, viewerParams);
  try {
    const champion = subscribe<AliasEvent>(
      client,
      examples.get("WatchChampion")!.replaceAll('"penguins"', JSON.stringify(model)),
    );
    await new Promise((r) => setTimeout(r, 500));
    const job = await train({ wait: false, registerAs: model, promoteTo: "champion" });
    const watch = subscribe<{ trainingJobUpdated: { status: string; completed: number; total: number } }>(
      client,
      examples.get("WatchTraining")!,
      { id: job.id },
    );
    assert.equal((await watch.done).error, undefined);
    const last = watch.events[watch.events.length - 1].trainingJobUpdated;
    assert.deepEqual([last.status, last.completed], ["SUCCEEDED", last.total]);
    const moved = await champion.waitFor((e) => e.modelAliasChanged.version?.version === 1, "champion → 1");
    assert.equal(moved.modelAliasChanged.alias, "champion");
  } finally {
    await client.dispose();
  }
});
