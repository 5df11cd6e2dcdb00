// GatewayDb.copyIn runs COPY on a thread of its own: rows arrive, PostgreSQL's refusals keep their SQLSTATE, an
// unreachable database is UPSTREAM_UNAVAILABLE, and a thread that dies is replaced by the next copy.
import assert from "node:assert/strict";
import net from "node:net";
import { after, before, test } from "node:test";
import { loadConfig } from "../../src/config";
import { errorCode } from "../../src/errors";
import { GatewayDb } from "../../src/services/store/db";
import { testEnv, uniqueName } from "../helpers/gateway";

/** A port nothing listens on: one the system just handed out and that was closed again. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

const config = loadConfig(testEnv());
let db: GatewayDb;
let table: string;

before(async () => {
  db = new GatewayDb(config.databaseUrl, 5000);
  table = uniqueName("copy_thread").toLowerCase();
  await db.query(`CREATE TABLE ${table} (n integer NOT NULL, t text)`);
});
after(async () => {
  await db.query(`DROP TABLE IF EXISTS ${table}`);
  await db.close();
});

const row = async (n: number) =>
  (await db.query<{ n: number; t: string }>(`SELECT n, t FROM ${table} WHERE n = $1`, [n])).map((r) => [
    r.n,
    r.t,
  ]);
const rowsIn = async () =>
  (await db.query<{ n: number; t: string }>(`SELECT n, t FROM ${table} ORDER BY n`)).map((r) => [r.n, r.t]);

test("COPY on the thread writes text and byte chunks, a large one moved (its buffer detached here)", async () => {
  const big = Buffer.from(
    Array.from({ length: 2000 }, (_, i) => `${i + 10}\tbig ü ${"x".repeat(100)}\n`).join(""),
  );
  const own = new Uint8Array(big.byteLength);
  own.set(big);
  await db.copyIn(`COPY ${table} (n, t) FROM STDIN`, ["1\tone\n", Buffer.from("2\ttwo\\ttab\n"), own]);
  // Moved to the thread, not copied: this thread's view of it is gone.
  assert.equal(own.byteLength, 0);
  const rows = await rowsIn();
  assert.equal(rows.length, 2002);
  assert.deepEqual(rows[0], [1, "one"]);
  assert.deepEqual(rows[1], [2, "two\ttab"]);
  assert.deepEqual(rows[2001], [2009, `big ü ${"x".repeat(100)}`]);
});

test("a COPY PostgreSQL refuses rejects with its SQLSTATE and writes nothing; the next one works", async () => {
  const before = (await rowsIn()).length;
  await assert.rejects(db.copyIn(`COPY ${table} (n, t) FROM STDIN`, ["3\tok\n", "four\tbad\n"]), (err) => {
    assert.equal((err as { code?: string }).code, "22P02");
    assert.match((err as Error).message, /invalid input syntax for type integer/);
    return true;
  });
  assert.equal((await rowsIn()).length, before, "the refused COPY wrote none of its rows");
  assert.deepEqual(await row(3), []);
  await db.copyIn(`COPY ${table} (n, t) FROM STDIN`, ["5\tfive\n"]);
  assert.deepEqual(await row(5), [[5, "five"]]);
});

test("a thread that stops is replaced by the next copy", async () => {
  const thread = (db as unknown as { copyThread: { worker: { terminate(): Promise<number> } | null } })
    .copyThread;
  assert.ok(thread.worker, "the copies above started the thread");
  await thread.worker.terminate();
  await db.copyIn(`COPY ${table} (n, t) FROM STDIN`, ["6\tsix\n"]);
  assert.deepEqual(await row(6), [[6, "six"]]);
});

test("an unreachable database is UPSTREAM_UNAVAILABLE, like the gateway's other queries", async () => {
  const url = new URL(config.databaseUrl);
  url.port = String(await closedPort());
  const gone = new GatewayDb(url.toString(), 2000);
  try {
    await assert.rejects(gone.copyIn(`COPY ${table} (n, t) FROM STDIN`, ["7\tseven\n"]), (err) => {
      assert.equal(errorCode(err), "UPSTREAM_UNAVAILABLE");
      assert.match((err as Error).message, /gateway database is unreachable/);
      return true;
    });
  } finally {
    await gone.close();
  }
});
