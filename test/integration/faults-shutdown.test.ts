// Graceful shutdown of the real entry point: SIGTERM stops accepting, finishes in-flight requests, flushes the
// prediction log, finishes or hands back running trials (another process ends the job), closes pools and exits 0.
import assert from "node:assert/strict";
import { ChildProcess, spawn } from "node:child_process";
import http from "node:http";
import net from "node:net";
import path from "node:path";
import { after, before, test } from "node:test";
import { print } from "graphql";
import { sha256Hex } from "../../src/auth";
import {
  HostilePredictDocument,
  HostileTrainGridDocument,
  SecurityTrainingJobDocument,
} from "../generated/graphql";
import {
  dataOf,
  startTestGateway,
  testEnv,
  TestGateway,
  trainIrisChampion,
  uniqueName,
} from "../helpers/gateway";

const ENTRY = path.resolve(__dirname, "..", "..", "src", "index.js");
const MARK = uniqueName("shutdown").toLowerCase();
const KEY = { name: `shutdown-${MARK}`, secret: `shutdown-secret-${MARK}` };
const MODEL = `${MARK}-model`;
const ROW = { sepal_length: 5.9, sepal_width: 3.0, petal_length: 4.2, petal_width: 1.5 };

let gw: TestGateway;
const table = `${MARK}_iris`;

before(async () => {
  gw = await startTestGateway();
  await trainIrisChampion(gw, MARK, MODEL);
});
after(() => gw.close());

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

function startEntry(
  port: number,
): Promise<{ child: ChildProcess; output: () => string; exited: Promise<number | null> }> {
  const child = spawn(process.execPath, [ENTRY], {
    // testEnv: the same queue namespace as this file's gateway, whose workers finish the handed-back trials.
    env: testEnv({
      PORT: String(port),
      LOG_LEVEL: "info",
      API_KEYS: `${KEY.name}:TRAINER:${sha256Hex(KEY.secret)}`,
      // Only the shutdown flush can write these rows.
      PREDICTION_LOG_FLUSH_MS: "60000",
      PREDICTION_LOG_BATCH: "100000",
    }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the entry did not start: ${out.slice(-2000)}`)), 60_000);
    child.stdout!.on("data", () => {
      if (/gateway listening/.test(out)) {
        clearTimeout(timer);
        resolve({ child, output: () => out, exited });
      }
    });
    child.on("exit", (code) =>
      reject(new Error(`the entry exited with ${code} before listening: ${out.slice(-2000)}`)),
    );
  });
}

async function post(url: string, query: string, variables?: unknown) {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${KEY.secret}` },
    body: JSON.stringify({ query, variables }),
  });
  return {
    status: res.status,
    body: (await res.json()) as { data?: Record<string, unknown>; errors?: unknown[] },
  };
}

test("SIGTERM: in-flight requests finish, new ones are refused, the prediction log is flushed, jobs end, exit 0", async () => {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/graphql`;
  const entry = await startEntry(port);
  try {
    // Three logged predictions that only the shutdown flush can write.
    const predicted = await post(url, print(HostilePredictDocument), {
      model: `${MODEL}@champion`,
      inputs: [ROW, ROW, ROW],
    });
    assert.equal(predicted.status, 200, JSON.stringify(predicted.body));

    // A training job with work left when the signal comes.
    const started = await post(url, print(HostileTrainGridDocument), {
      input: {
        experimentName: `${MARK}-experiment`,
        dataset: table,
        label: "species",
        grid: [
          {
            algorithm: "LOGISTIC_REGRESSION",
            params: { learningRate: [0.01, 0.03, 0.1, 0.3], numSteps: [5000, 10000] },
          },
        ],
        folds: 5,
        wait: false,
      },
    });
    const jobId = (started.body.data?.trainGrid as { id: string } | undefined)?.id;
    assert.ok(jobId, JSON.stringify(started.body));
    for (let i = 0; i < 200; i++) {
      const j = dataOf(await gw.gql(SecurityTrainingJobDocument, { id: jobId })).trainingJob;
      if (j?.trials.some((t) => t.status === "RUNNING")) break;
      await new Promise((r) => setTimeout(r, 100));
    }

    // A slow request: headers and half the body now, the rest after the signal.
    const body = JSON.stringify({ query: "{ health { ok } }" });
    const slow = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = http.request(url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(body),
          authorization: `Bearer ${KEY.secret}`,
        },
      });
      req.on("response", (res) => {
        let text = "";
        res.on("data", (d) => (text += d));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on("error", reject);
      req.write(body.slice(0, 10));
      setTimeout(() => {
        entry.child.kill("SIGTERM");
        setTimeout(async () => {
          // The listener is closed: a new connection is refused while the old request is still open.
          await assert.rejects(
            fetch(url, { method: "POST", body: "{}", headers: { "content-type": "application/json" } }),
          );
          req.end(body.slice(10));
        }, 300);
      }, 100);
    });
    const finished = await slow;
    assert.equal(finished.status, 200, finished.text);
    assert.deepEqual(JSON.parse(finished.text).data, { health: { ok: true } });

    const code = await Promise.race([
      entry.exited,
      new Promise((r) => setTimeout(() => r("still running after 40 s"), 40_000)),
    ]);
    assert.equal(code, 0, entry.output().slice(-3000));
    assert.match(entry.output(), /shutdown complete/);

    const logged = await gw.services.db.query(
      "SELECT count(*)::int AS n FROM predictions WHERE requested_by = $1",
      [KEY.name],
    );
    assert.equal(logged[0].n, 3, "the prediction log was flushed on the way out");

    // Trials the entry was running finished or went back to the queue: this gateway's workers end the job.
    let job = dataOf(await gw.gql(SecurityTrainingJobDocument, { id: jobId })).trainingJob!;
    for (let i = 0; i < 1200 && job.status !== "SUCCEEDED" && job.status !== "FAILED"; i++) {
      await new Promise((r) => setTimeout(r, 100));
      job = dataOf(await gw.gql(SecurityTrainingJobDocument, { id: jobId })).trainingJob!;
    }
    assert.equal(job.createdBy, KEY.name, "the job row records the API key's name");
    assert.equal(job.status, "SUCCEEDED", JSON.stringify(job));
    assert.deepEqual(
      job.trials.filter((t) => t.status === "RUNNING" || t.status === "SCHEDULED"),
      [],
      "no trial is left running",
    );
    const runs = [job.parentRun?.status, ...job.trials.map((t) => t.run?.status)].filter(Boolean);
    assert.ok(!runs.includes("RUNNING"), `no MLflow run is left RUNNING: ${runs.join(", ")}`);
  } finally {
    if (entry.child.exitCode === null) entry.child.kill("SIGKILL");
  }
});
