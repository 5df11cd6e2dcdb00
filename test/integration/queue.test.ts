// The job queue (pg-boss) against the real PostgreSQL: what several processes sharing one database do at once.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { Client } from "pg";
import { loadConfig } from "../../src/config";
import { createLogger } from "../../src/logger";
import { QueueService } from "../../src/services/queue/boss";
import { testEnv } from "../helpers/gateway";

const config = loadConfig(testEnv());
const namespace = `test-${process.pid}-q${Math.random().toString(36).slice(2, 6)}`;
const services = Array.from(
  { length: 4 },
  () =>
    new QueueService({ databaseUrl: config.databaseUrl, ...config.queue, namespace }, createLogger("silent")),
);

after(async () => {
  const [first] = services;
  for (const name of ["b", "c", "d", "dead"]) await first.deleteQueue(name).catch(() => {});
  await Promise.all(services.map((s) => s.stop({ graceful: false })));
});

test("replicas starting together create the same queues at once without failing (deadlocks are retried)", async () => {
  await Promise.all(services.map((s) => s.start()));
  // The training service's start-up order: dead-letter queues first, then the queues that name them.
  await Promise.all(
    services.map(async (s) => {
      await s.createQueue("dead");
      await Promise.all(["a", "b", "c", "d"].map((q) => s.createQueue(q, { deadLetter: "dead" })));
    }),
  );
  const [first, second] = services;
  const id = await first.send("a", { hello: "world" });
  assert.ok(id, "a job was queued on a created queue");
  const seen: unknown[] = [];
  await second.workEach<{ hello: string }>("a", async (data) => void seen.push(data), 0.5);
  const deadline = Date.now() + 15_000;
  while (!seen.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  assert.deepEqual(seen, [{ hello: "world" }], "another replica worked the job");
});

test("deleteQueue removes a queue that still holds jobs (pg-boss alone refuses), with its schedule", async () => {
  const [first] = services;
  await first.scheduleUtc("a", "*/5 * * * *", { hello: "again" });
  assert.ok((await first.schedules()).some((s) => s.name === "a"));
  await first.send("a", { waiting: true });
  await first.deleteQueue("a");
  assert.ok(!(await first.schedules()).some((s) => s.name === "a"), "the schedule is gone");
  const db = new Client({ connectionString: config.databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query(
      `SELECT count(*)::int AS n FROM "${config.queue.schema}".queue WHERE name = $1`,
      [`a-${namespace}`],
    );
    assert.equal(rows[0].n, 0, "the queue is gone");
  } finally {
    await db.end();
  }
});
