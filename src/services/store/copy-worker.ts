// Worker-thread entry of GatewayDb.copyIn: owns the COPY connection, so the event loop neither writes the
// prediction log's bytes to the socket (about 110 KB per 1,000-row request) nor runs COPY's protocol.
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { parentPort, workerData } from "node:worker_threads";
import { Client } from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { describeCause, isConnectionError } from "../../errors";
import type { FromCopyWorker, ToCopyWorker } from "./copy-thread";

const { url, timeoutMs } = workerData as { url: string; timeoutMs: number };
let client: Promise<Client> | null = null;

async function connect(): Promise<Client> {
  const c = new Client({
    connectionString: url,
    connectionTimeoutMillis: Math.min(timeoutMs, 5000),
    statement_timeout: timeoutMs,
  });
  c.on("error", () => {
    client = null;
  });
  await c.connect();
  return c;
}

async function copyOnce(sql: string, chunks: Uint8Array[]): Promise<void> {
  try {
    client ??= connect();
    const c = await client;
    const buffers = chunks.map((u) => Buffer.from(u.buffer, u.byteOffset, u.byteLength));
    await pipeline(Readable.from(buffers, { objectMode: false }), c.query(copyFrom(sql)));
  } catch (err) {
    // After a failed COPY the connection may be mid-protocol: start the next copy on a fresh one.
    const stale = client;
    client = null;
    void stale?.then((c) => c.end()).catch(() => {});
    throw err;
  }
}

parentPort!.on("message", (msg: ToCopyWorker) => {
  const reply = (m: FromCopyWorker) => parentPort!.postMessage(m);
  if ("close" in msg) {
    const c = client;
    client = null;
    void (c ? c.then((x) => x.end()) : Promise.resolve()).catch(() => {}).then(() => reply({ id: msg.id }));
    return;
  }
  copyOnce(msg.sql, msg.chunks).then(
    () => reply({ id: msg.id }),
    (err: unknown) => {
      const code = (err as { code?: unknown } | null)?.code;
      reply({
        id: msg.id,
        error: {
          message: err instanceof Error ? err.message : String(err),
          code: typeof code === "string" ? code : undefined,
          connection: isConnectionError(err),
          cause: describeCause(err),
        },
      });
    },
  );
});
