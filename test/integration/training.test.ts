import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, test } from "node:test";
import { ErrorCode, errorCode } from "../../src/errors";
import {
  CancelTrainingJobDocument,
  IngestDatasetDocument,
  TrainGridDocument,
  TrainingJobDocument,
  TrainingJobsDocument,
  type TrainGridInput,
  type TrainingJobFieldsFragment,
} from "../generated/graphql";
import { dataOf, GqlResult, startTestGateway, TestGateway, uniqueName } from "../helpers/gateway";
import { runPythonJson } from "../helpers/python";

let gw: TestGateway;
let penguins: string;

before(async () => {
  gw = await startTestGateway();
  penguins = uniqueName("penguins");
  dataOf(
    await gw.gql(IngestDatasetDocument, { input: { name: penguins, source: "MYSQL", builtin: "PENGUINS" } }),
  );
});
after(() => gw.close());

const tag = (tags: { key: string; value: string }[] | undefined, key: string) =>
  tags?.find((t) => t.key === key)?.value;

function input(overrides: Partial<TrainGridInput> = {}): TrainGridInput {
  return {
    experimentName: uniqueName("training"),
    dataset: penguins,
    label: "species",
    grid: [{ algorithm: "LOGISTIC_REGRESSION", params: { learningRate: [0.1], numSteps: [100] } }],
    folds: 2,
    ...overrides,
  };
}

async function train(
  gateway: TestGateway,
  overrides: Partial<TrainGridInput> = {},
): Promise<TrainingJobFieldsFragment> {
  return dataOf(await gateway.gql(TrainGridDocument, { input: input(overrides) })).trainGrid;
}

async function job(id: string, gateway = gw): Promise<TrainingJobFieldsFragment> {
  const found = dataOf(await gateway.gql(TrainingJobDocument, { id })).trainingJob;
  assert.ok(found, `job ${id} exists`);
  return found;
}

async function until(
  id: string,
  done: (j: TrainingJobFieldsFragment) => boolean,
  what: string,
  timeoutMs = 60_000,
): Promise<TrainingJobFieldsFragment> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const j = await job(id);
    if (done(j)) return j;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(j)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function badInput<T>(res: GqlResult<T>, field: string, message?: RegExp) {
  assert.ok(res.errors?.length, `expected an error, got ${JSON.stringify(res.data)}`);
  const err = res.errors![0];
  assert.equal(err.extensions?.code, "BAD_USER_INPUT", JSON.stringify(err));
  assert.equal(err.extensions?.field, field, err.message);
  if (message) assert.match(err.message, message);
}

test("a 2×2 logistic regression grid on raw penguins gives 4 FINISHED child runs, the best registered as version 1 @champion", async () => {
  const model = uniqueName("penguins_lr");
  const started = Date.now();
  const j = await train(gw, {
    grid: [{ algorithm: "LOGISTIC_REGRESSION", params: { learningRate: [0.05, 0.2], numSteps: [200, 400] } }],
    folds: 5,
    registerAs: model,
    promoteTo: "champion",
  });
  const seconds = (Date.now() - started) / 1000;
  assert.equal(j.status, "SUCCEEDED", j.error ?? "");
  assert.equal(j.total, 4);
  assert.equal(j.completed, 4);
  assert.equal(j.createdBy, "anonymous");
  assert.ok(j.finishedAt);
  assert.ok(seconds < 60, `took ${seconds}s`);

  const parent = j.parentRun!;
  assert.equal(parent.status, "FINISHED");
  assert.equal(parent.children.length, 4);
  assert.ok(parent.children.every((c) => c.status === "FINISHED"));
  assert.equal(tag(parent.tags, "gateway.job_id"), j.id);
  assert.equal(tag(parent.tags, "gateway.best_trial_run_id"), j.best!.run!.id);
  assert.ok(parent.metrics.some((m) => m.key === "best_cv_accuracy_mean"));
  const input = parent.datasetInputs[0];
  assert.equal(input.name, penguins);
  assert.equal(input.sourceType, "mysql");
  assert.match(input.source ?? "", new RegExp(`^mysql://.*${penguins}$`));
  assert.ok(input.digest.length > 0);
  assert.match(input.schema ?? "", /"name":"island"/);

  const grid = j.trials.map((t) => [t.params.learningRate, t.params.numSteps]);
  assert.deepEqual(grid, [
    [0.05, 200],
    [0.05, 400],
    [0.2, 200],
    [0.2, 400],
  ]);
  for (const t of j.trials) {
    assert.equal(t.status, "FINISHED");
    assert.equal(t.run!.status, "FINISHED");
    assert.equal(t.run!.parent!.id, parent.id);
    assert.equal(tag(t.run!.tags, "mlflow.parentRunId"), parent.id);
    assert.ok((t.metrics.test_accuracy as number) >= 0.95, JSON.stringify(t.metrics));
    for (const key of [
      "cv_accuracy_mean",
      "cv_accuracy_std",
      "cv_f1_macro_mean",
      "cv_log_loss_mean",
      "cv_roc_auc_ovr_mean",
      "test_f1_macro",
      "test_log_loss",
      "test_roc_auc_ovr",
      "test_precision_macro",
      "test_recall_macro",
    ]) {
      assert.equal(typeof t.metrics[key], "number", `${key} in ${JSON.stringify(t.metrics)}`);
    }
    assert.equal(t.run!.params.find((p) => p.key === "learningRate")?.value, String(t.params.learningRate));
    // the model directory is in the S3 bucket
    assert.match(t.run!.artifactUri!, /^s3:\/\//);
    const keys = await gw.services.artifacts.listS3(`${t.run!.artifactUri}/model/`);
    assert.deepEqual(keys.map((k) => k.split("/").pop()).sort(), [
      "MLmodel",
      "conda.yaml",
      "model.json",
      "model.onnx",
      "python_env.yaml",
      "requirements.txt",
    ]);
  }
  const bestCv = Math.max(...j.trials.map((t) => t.metrics.cv_accuracy_mean as number));
  assert.equal(j.best!.metrics.cv_accuracy_mean, bestCv);

  const mv = j.modelVersion!;
  assert.equal(mv.name, model);
  assert.equal(mv.version, 1);
  assert.equal(mv.status, "READY");
  assert.equal(mv.runId, j.best!.run!.id);
  assert.deepEqual(mv.aliases, ["champion"]);
  assert.equal(tag(mv.tags, "gateway.job_id"), j.id);

  // MLflow's own Python client reads the model directory as a model
  const seen = await runPythonJson<{
    flavors: Record<string, Record<string, unknown>>;
    run_id: string;
    inputs: { name: string; type: string }[];
    outputs: { name: string; type: string }[];
    mlflow_version: string;
    utc_time_created: string;
    loaded_flavors: string[];
    model_json_classes: string[];
  }>("read_mlmodel.py", [mv.runId!]);
  assert.equal(seen.run_id, mv.runId);
  assert.deepEqual(seen.loaded_flavors, ["mlops_gateway", "onnx", "python_function"]);
  assert.equal(seen.flavors.mlops_gateway.model_file, "model.json");
  assert.equal(seen.flavors.mlops_gateway.algorithm, "LOGISTIC_REGRESSION");
  assert.deepEqual(seen.flavors.mlops_gateway.classes, ["Adelie", "Chinstrap", "Gentoo"]);
  assert.deepEqual(seen.model_json_classes, ["Adelie", "Chinstrap", "Gentoo"]);
  assert.deepEqual(seen.inputs.map((c) => c.name).sort(), [
    "bill_depth_mm",
    "bill_length_mm",
    "body_mass_g",
    "flipper_length_mm",
    "island",
    "sex",
    "year",
  ]);
  // a tensor signature matching the ONNX graph: one input per raw column, outputs label and probabilities
  assert.equal(seen.inputs.find((c) => c.name === "island")?.type, "object");
  assert.equal(seen.inputs.find((c) => c.name === "bill_length_mm")?.type, "float64");
  assert.deepEqual(seen.outputs, [
    { name: "label", type: "object" },
    { name: "probabilities", type: "float32" },
  ]);
  assert.match(seen.mlflow_version, /^\d+\.\d+/);
  assert.match(seen.utc_time_created, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$/);

  // the job is stored: trainingJob and trainingJobs show it
  const again = await job(j.id);
  assert.deepEqual(
    again.trials.map((t) => t.metrics),
    j.trials.map((t) => t.metrics),
  );
  const list = dataOf(await gw.gql(TrainingJobsDocument, { first: 50 })).trainingJobs;
  assert.ok(list.some((x) => x.id === j.id && x.status === "SUCCEEDED" && x.completed === 4));
});

test("RANDOM search with the same seed picks the same trials twice", async () => {
  const grid = [
    {
      algorithm: "LOGISTIC_REGRESSION" as const,
      params: { learningRate: { min: 0.01, max: 1, log: true }, numSteps: [50, 100] },
    },
    { algorithm: "KNN" as const, params: { k: { min: 1, max: 15 }, weights: ["uniform", "distance"] } },
  ];
  const a = await train(gw, { strategy: "RANDOM", trials: 4, seed: 7, grid });
  const b = await train(gw, { strategy: "RANDOM", trials: 4, seed: 7, grid });
  assert.equal(a.status, "SUCCEEDED", a.error ?? "");
  assert.equal(a.total, 4);
  const picks = (j: TrainingJobFieldsFragment) =>
    j.trials.map((t) => ({ algorithm: t.algorithm, params: t.params }));
  assert.deepEqual(picks(b), picks(a));
  assert.notEqual(a.id, b.id);
  const c = await train(gw, { strategy: "RANDOM", trials: 4, seed: 8, grid, wait: false });
  await until(c.id, (j) => j.finishedAt !== null, "the third search");
  assert.notDeepEqual(picks(await job(c.id)), picks(a));
});

test("bad inputs are BAD_USER_INPUT naming the field", async () => {
  const send = (overrides: Partial<TrainGridInput>) => gw.gql(TrainGridDocument, { input: input(overrides) });
  badInput(await send({ dataset: "no_such_table_xyz" }), "input.dataset", /no_such_table_xyz/);
  badInput(await send({ label: "specie" }), "input.label", /specie/);
  badInput(await send({ features: ["island", "wingspan"] }), "input.features[1]", /wingspan/);
  badInput(await send({ features: ["island", "species"] }), "input.features[1]", /label/);
  badInput(
    await send({ grid: [{ algorithm: "LOGISTIC_REGRESSION", params: { learningRat: [0.1] } }] }),
    "input.grid[0].params.learningRat",
    /allowed: learningRate .*numSteps/,
  );
  badInput(
    await send({
      grid: [
        { algorithm: "KNN", params: {} },
        { algorithm: "DECISION_TREE", params: { maxDepth: [0] } },
      ],
    }),
    "input.grid[1].params.maxDepth[0]",
    /1–64/,
  );
  badInput(await send({ rankBy: "auc" }), "input.rankBy", /roc_auc_ovr/);
  badInput(await send({ testFraction: 1.5 }), "input.testFraction");
  badInput(await send({ promoteTo: "champion" }), "input.promoteTo", /registerAs/);
  badInput(
    await send({ registerAs: "m", requireBetter: { metric: "test_accuracy" } }),
    "input.requireBetter",
    /needs promoteTo/,
  );
  badInput(
    await send({ registerAs: "m", promoteTo: "champion", requireBetter: { metric: " " } }),
    "input.requireBetter.metric",
  );
  badInput(await send({ strategy: "RANDOM" }), "input.trials");
  badInput(
    await send({ grid: [{ algorithm: "KNN", params: { k: Array.from({ length: 201 }, (_, i) => i + 1) } }] }),
    "input.grid",
    /201 trials, more than the limit of 200/,
  );
});

test("a trial that throws marks its run FAILED with the error as a tag and the job goes on; all failing fails the job", async () => {
  const j = await train(gw, { grid: [{ algorithm: "KNN", params: { k: [3, 400] } }] });
  assert.equal(j.status, "SUCCEEDED", j.error ?? "");
  assert.equal(j.completed, 2);
  const [ok, bad] = j.trials;
  assert.equal(ok.status, "FINISHED");
  assert.equal(bad.status, "FAILED");
  assert.match(bad.error ?? "", /k = 400 is more than the \d+ rows/);
  assert.equal(bad.run!.status, "FAILED");
  assert.match(tag(bad.run!.tags, "gateway.error") ?? "", /k = 400/);
  assert.equal(j.best!.run!.id, ok.run!.id);

  const all = await train(gw, { grid: [{ algorithm: "KNN", params: { k: [400, 450] } }] });
  assert.equal(all.status, "FAILED");
  assert.match(all.error ?? "", /every trial failed; the first error: k = 400/);
  assert.equal(all.parentRun!.status, "FAILED");
  assert.ok(all.trials.every((t) => t.status === "FAILED" && t.run!.status === "FAILED"));
  assert.equal(all.best, null);
});

test("every algorithm family trains on a PostgreSQL table, tracked with a postgresql dataset input", async () => {
  const table = uniqueName("penguins_pg");
  dataOf(
    await gw.gql(IngestDatasetDocument, { input: { name: table, source: "POSTGRES", builtin: "PENGUINS" } }),
  );
  const j = await train(gw, {
    dataset: table,
    source: "POSTGRES",
    features: ["bill_length_mm", "bill_depth_mm", "flipper_length_mm", "island"],
    grid: [
      { algorithm: "LOGISTIC_REGRESSION", params: { numSteps: [200] } },
      { algorithm: "DECISION_TREE", params: { maxDepth: [4] } },
      { algorithm: "RANDOM_FOREST", params: { nEstimators: [5] } },
      { algorithm: "KNN", params: { k: [5] } },
      { algorithm: "NAIVE_BAYES", params: { varSmoothing: [0.01] } },
    ],
    rankBy: "log_loss",
  });
  assert.equal(j.status, "SUCCEEDED", j.error ?? "");
  assert.deepEqual(
    j.trials.map((t) => t.status),
    ["FINISHED", "FINISHED", "FINISHED", "FINISHED", "FINISHED"],
  );
  for (const t of j.trials)
    assert.ok((t.metrics.test_accuracy as number) >= 0.85, `${t.algorithm}: ${JSON.stringify(t.metrics)}`);
  assert.equal(j.parentRun!.datasetInputs[0].sourceType, "postgresql");
  const bestLoss = Math.min(...j.trials.map((t) => t.metrics.cv_log_loss_mean as number));
  assert.equal(j.best!.metrics.cv_log_loss_mean, bestLoss, "log loss ranks lower first");
});

test("wait: false returns at once; cancelTrainingJob kills the trials that have not started", async () => {
  const j = await train(gw, {
    grid: [
      {
        algorithm: "LOGISTIC_REGRESSION",
        params: { learningRate: [0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.07, 0.08], numSteps: [1500] },
      },
    ],
    folds: 3,
    wait: false,
  });
  assert.ok(j.status === "QUEUED" || j.status === "RUNNING", j.status);
  assert.equal(j.total, 8);
  assert.equal(j.finishedAt, null);
  await until(j.id, (x) => x.trials.some((t) => t.status === "RUNNING"), "a running trial");
  const cancelled = dataOf(await gw.gql(CancelTrainingJobDocument, { id: j.id })).cancelTrainingJob;
  assert.equal(cancelled.status, "CANCELLED");
  const done = await until(j.id, (x) => x.finishedAt !== null, "the cancelled job to settle");
  assert.equal(done.status, "CANCELLED");
  assert.equal(done.parentRun!.status, "KILLED");
  const killed = done.trials.filter((t) => t.status === "KILLED");
  assert.ok(killed.length >= 1, JSON.stringify(done.trials.map((t) => t.status)));
  for (const t of done.trials) {
    assert.ok(["FINISHED", "KILLED"].includes(t.status), t.status);
    if (t.run) assert.equal(t.run.status, t.status);
  }
  assert.ok(done.completed < 8);
  // cancelling an ended job changes nothing
  assert.equal(
    dataOf(await gw.gql(CancelTrainingJobDocument, { id: j.id })).cancelTrainingJob.status,
    "CANCELLED",
  );
  const missing = await gw.gql(CancelTrainingJobDocument, { id: randomUUID() });
  assert.equal(missing.errors?.[0]?.extensions?.code, "NOT_FOUND");
});

test("shutting down a gateway mid-job: its trials finish or go back to the queue, another process ends the job SUCCEEDED", async () => {
  const other = await startTestGateway();
  let id: string;
  try {
    const j = await train(other, {
      grid: [
        {
          algorithm: "LOGISTIC_REGRESSION",
          params: { learningRate: [0.01, 0.02, 0.03, 0.04, 0.05, 0.06], numSteps: [3000] },
        },
      ],
      folds: 3,
      wait: false,
    });
    id = j.id;
    await until(id, (x) => x.trials.some((t) => t.status === "RUNNING"), "a running trial");
  } finally {
    await other.close();
  }
  await assert.rejects(
    other.services.training.trainGrid({} as never, null),
    (e) => errorCode(e) === ErrorCode.UNAVAILABLE && /retry on another instance/.test(String(e)),
    "a closing gateway answers UNAVAILABLE (retry elsewhere), not an internal error",
  );
  const j = await until(id, (x) => x.finishedAt !== null, "the job to end on the remaining gateway", 120_000);
  assert.equal(j.status, "SUCCEEDED", JSON.stringify(j));
  assert.equal(j.parentRun!.status, "FINISHED");
  for (const t of j.trials) {
    assert.equal(t.status, "FINISHED");
    assert.equal(t.run!.status, "FINISHED");
  }
});
