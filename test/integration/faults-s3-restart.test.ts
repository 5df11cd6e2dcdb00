// Fault test: the local S3 server keeps its objects on disk, so a model trained before a restart of the server is
// still served after it. It stops and starts S3 with scripts/stack.sh, so `npm test` runs it alone, at the end.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import path from "node:path";
import { after, before, test } from "node:test";
import { HostilePredictDocument } from "../generated/graphql";
import { dataOf, startTestGateway, TestGateway, trainIrisChampion, uniqueName } from "../helpers/gateway";
import { runPythonJson } from "../helpers/python";

const REPO = path.resolve(__dirname, "..", "..", "..");
const MARK = uniqueName("s3restart").toLowerCase();
const MODEL = `${MARK}-model`;
const ROW = { sepal_length: 6.3, sepal_width: 2.9, petal_length: 5.6, petal_width: 1.8 };

function stack(action: "stop" | "start" | "status"): Promise<string> {
  return new Promise((resolve, reject) => {
    const args = action === "status" ? [action] : [action, "s3"];
    execFile(
      "bash",
      [path.join(REPO, "scripts", "stack.sh"), ...args],
      { cwd: REPO, timeout: 240_000 },
      (err, stdout, stderr) =>
        err && action !== "status"
          ? reject(new Error(`stack.sh ${args.join(" ")}: ${stderr || err.message}`))
          : resolve(stdout),
    );
  });
}

let gw: TestGateway;
let runId: string;

before(async () => {
  gw = await startTestGateway({ MODEL_ALIAS_TTL_MS: "0" });
  const job = await trainIrisChampion(gw, MARK, MODEL);
  runId = job.modelVersion!.runId!;
});
after(() => gw?.close());

test("S3 restarted: a model trained before the restart is still served, and MLflow's client still reads it", async () => {
  await stack("stop");
  assert.match(await stack("status"), /s3\s+down/, "the S3 server is really stopped");
  await stack("start");
  assert.match(await stack("status"), /s3\s+up/);

  // A fresh gateway has nothing cached: the model file must come from S3 as it is after the restart.
  const fresh = await startTestGateway();
  try {
    const out = dataOf(
      await fresh.gql(HostilePredictDocument, { model: `${MODEL}@champion`, inputs: [ROW, ROW] }),
    ).predict;
    assert.equal(out.modelVersion.version, 1);
    assert.equal(out.predictions.length, 2);
    assert.ok(out.predictions.every((p) => typeof p.label === "string" && p.label.length > 0));
  } finally {
    await fresh.close();
  }
  const seen = await runPythonJson<{ loaded_flavors: string[]; model_json_classes: string[] }>(
    "read_mlmodel.py",
    [runId],
  );
  assert.deepEqual(seen.loaded_flavors, ["mlops_gateway", "onnx", "python_function"]);
  assert.equal(seen.model_json_classes.length, 3);
});
