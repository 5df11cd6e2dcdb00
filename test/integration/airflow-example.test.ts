// examples/airflow's task functions, called as plain Python callables (Airflow itself is not installed) against a
// real gateway with API keys and a local batch API allowed through INGEST_ALLOWED_HOSTS.
import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, test } from "node:test";
import { CreatePipelineDocument, DeletePipelineDocument, PipelineRunsDocument } from "../generated/graphql";
import { sha256Hex } from "../../src/auth";
import { DatasetSource } from "../../src/schema/enums";
import { cleanUpNames } from "../helpers/cleanup";
import { dataOf, startTestGateway, uniqueName, type TestGateway } from "../helpers/gateway";
import { runPythonJson } from "../helpers/python";

const KEY = "airflow-example-admin-key";
const prefix = uniqueName("airflow");
const table = `${prefix}_rows`.slice(0, 60);
let gw: TestGateway;
let server: http.Server;
let base: string;
let calls = 0;

before(async () => {
  server = http.createServer((_req, res) => {
    const start = calls++ * 100;
    const rows = Array.from({ length: 100 }, (_, k) => {
      const i = start + k;
      const x1 = Math.sin(i * 3.1) * 2;
      const x2 = Math.cos(i * 7.7) * 2;
      return { x1: +x1.toFixed(4), x2: +x2.toFixed(4), label: x1 - x2 > 0 ? "yes" : "no" };
    });
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(rows));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  gw = await startTestGateway({
    AUTH_DISABLED: "false",
    API_KEYS: `airflow:ADMIN:${sha256Hex(KEY)}`,
    INGEST_URL_ALLOWED_HOSTS: "",
    INGEST_ALLOW_PRIVATE_URLS: "false",
    INGEST_ALLOWED_HOSTS: base.replace("http://", ""),
  });
});

after(async () => {
  await cleanUpNames(gw.services, prefix).catch(() => {});
  await gw.services.datasets
    .sourceOf(DatasetSource.MYSQL)
    .dropTable(table)
    .catch(() => {});
  await gw.close();
  await new Promise((resolve) => server.close(resolve));
});

test("the Airflow example's tasks append two batches, register versions 1 and 2 and promote only when better; run_gateway_pipeline runs a gateway pipeline", async () => {
  type Out = {
    runs: { rows: number; version: number; promotion: { promoted: boolean; reason: string } }[];
    pipelineRun: {
      id: string;
      status: string;
      error: string | null;
      rowsIngested: number;
      promotion: { promoted: boolean; reason: string } | null;
    };
    wrongKey: string | null;
  };
  // The same flow as a gateway pipeline (third batch, version 3), for the example's run_gateway_pipeline task.
  const created = await gw.gql(
    CreatePipelineDocument,
    {
      input: {
        name: `${prefix}_flow`,
        ingest: { name: table, url: `${base}/next`, mode: "APPEND" },
        train: {
          experimentName: `${prefix}_exp`,
          dataset: table,
          label: "label",
          grid: [{ algorithm: "LOGISTIC_REGRESSION", params: { learningRate: [0.1], numSteps: [150] } }],
          folds: 2,
          registerAs: `${prefix}_model`,
        },
        promote: { alias: "champion", requireBetter: { metric: "test_accuracy" } },
      },
    },
    { authorization: `Bearer ${KEY}` },
  );
  const pipeline = dataOf(created).createPipeline;
  const out = await runPythonJson<Out>("airflow_tasks.py", [
    gw.url,
    KEY,
    `${base}/next`,
    table,
    `${prefix}_exp`,
    `${prefix}_model`,
    pipeline.id,
  ]);
  assert.deepEqual(
    out.runs.map((r) => [r.rows, r.version]),
    [
      [100, 1],
      [100, 2],
    ],
  );
  assert.equal(out.runs[0].promotion.promoted, true);
  assert.match(out.runs[1].promotion.reason, /test_accuracy/);
  assert.equal(out.pipelineRun.status, "SUCCEEDED", out.pipelineRun.error ?? "");
  assert.equal(out.pipelineRun.rowsIngested, 100, "the third batch");
  assert.ok(out.pipelineRun.promotion, "the pipeline judged version 3 against the champion");
  const runs = dataOf(
    await gw.gql(PipelineRunsDocument, { id: pipeline.id }, { authorization: `Bearer ${KEY}` }),
  ).pipeline;
  assert.equal(runs?.lastRun?.id, out.pipelineRun.id, "the run the task started is the pipeline's last run");
  assert.equal(runs?.lastRun?.trainingJob?.modelVersion?.version, 3);
  assert.equal(out.wrongKey, "UNAUTHENTICATED");
  dataOf(await gw.gql(DeletePipelineDocument, { id: pipeline.id }, { authorization: `Bearer ${KEY}` }));
});
