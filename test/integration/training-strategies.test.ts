// The SVM, gradient boosting and AdaBoost families and the TPE and HALVING strategies, end to end through
// GraphQL, with the MLflow runs read back by MLflow's own Python client.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import {
  IngestDatasetDocument,
  ServingPredictDocument,
  TrainGridDocument,
  type TrainGridInput,
  type TrainingJobFieldsFragment,
} from "../generated/graphql";
import { dataOf, GqlResult, startTestGateway, TestGateway, uniqueName } from "../helpers/gateway";
import { SAMPLE_PENGUINS } from "../helpers/penguins";
import { runPythonJson } from "../helpers/python";

let gw: TestGateway;
let penguins: string;

before(async () => {
  gw = await startTestGateway();
  penguins = uniqueName("penguins_strategies");
  dataOf(
    await gw.gql(IngestDatasetDocument, { input: { name: penguins, source: "MYSQL", builtin: "PENGUINS" } }),
  );
});
after(() => gw.close());

function send(
  overrides: Partial<TrainGridInput>,
): Promise<GqlResult<{ trainGrid: TrainingJobFieldsFragment }>> {
  return gw.gql(TrainGridDocument, {
    input: {
      experimentName: uniqueName("strategies"),
      dataset: penguins,
      label: "species",
      grid: [{ algorithm: "DECISION_TREE", params: {} }],
      folds: 2,
      ...overrides,
    },
  });
}

const train = async (overrides: Partial<TrainGridInput>) => dataOf(await send(overrides)).trainGrid;

interface RunView {
  status: string;
  parent: string | null;
  params: Record<string, string>;
  history: [number, number][];
}

const readRuns = (metric: string, ids: string[]) =>
  runPythonJson<Record<string, RunView>>("read_trial_runs.py", [metric, ...ids]);

for (const algorithm of ["SVM", "GRADIENT_BOOSTING", "ADABOOST"] as const) {
  test(`${algorithm} trains with its defaults, registers and predicts the three species through GraphQL`, async () => {
    const model = uniqueName(`strategies_${algorithm.toLowerCase()}`);
    const j = await train({ grid: [{ algorithm, params: {} }], registerAs: model });
    assert.equal(j.status, "SUCCEEDED", j.error ?? "");
    const [t] = j.trials;
    assert.equal(t.status, "FINISHED");
    assert.ok((t.metrics.test_accuracy as number) >= 0.93, JSON.stringify(t.metrics));
    assert.ok(t.startedAt && t.finishedAt && t.startedAt <= t.finishedAt, `${t.startedAt} ${t.finishedAt}`);
    const predicted = dataOf(
      await gw.gql(ServingPredictDocument, { model: `${model}/1`, inputs: SAMPLE_PENGUINS }),
    ).predict;
    assert.deepEqual(
      predicted.predictions.map((p) => p.label),
      ["Adelie", "Chinstrap", "Gentoo"],
    );
    for (const p of predicted.predictions) {
      const sum = p.probabilities.reduce((s, x) => s + x.probability, 0);
      assert.ok(Math.abs(sum - 1) < 1e-9, `probabilities sum to ${sum}`);
    }
  });
}

test("TPE: start-up trials then model-chosen ones, all nested FINISHED runs with their chosen params, reproducible", async () => {
  const tpe = {
    strategy: "TPE" as const,
    trials: 12,
    grid: [
      {
        algorithm: "DECISION_TREE" as const,
        params: { maxDepth: { min: 1, max: 8 }, minNumSamples: [1, 3, 10, 30] },
      },
    ],
  };
  const j = await train(tpe);
  assert.equal(j.status, "SUCCEEDED", j.error ?? "");
  assert.equal(j.total, 12);
  assert.equal(j.completed, 12);
  assert.ok(j.trials.every((t) => t.status === "FINISHED"));
  const runs = await readRuns(
    "cv_accuracy_mean",
    j.trials.map((t) => t.run!.id),
  );
  for (const t of j.trials) {
    const r = runs[t.run!.id];
    assert.equal(r.status, "FINISHED");
    assert.equal(r.parent, j.parentRun!.id);
    // The params MLflow holds are the ones the trial trained with (TPE decides the later ones at run time).
    assert.equal(r.params.maxDepth, String(t.params.maxDepth));
    assert.equal(r.params.minNumSamples, String(t.params.minNumSamples));
  }
  const again = await train(tpe);
  assert.deepEqual(
    again.trials.map((t) => t.params),
    j.trials.map((t) => t.params),
    "the same seed gives the same TPE trials",
  );
});

test("HALVING: 9 candidates, the best third advance each rung; eliminated runs KILLED with their rung metrics", async () => {
  const j = await train({
    strategy: "HALVING",
    grid: [{ algorithm: "DECISION_TREE", params: { maxDepth: [1, 2, 6], minNumSamples: [1, 5, 40] } }],
    registerAs: uniqueName("strategies_halving"),
  });
  assert.equal(j.status, "SUCCEEDED", j.error ?? "");
  assert.equal(j.total, 9);
  assert.equal(j.completed, 9);
  const finished = j.trials.filter((t) => t.status === "FINISHED");
  const killed = j.trials.filter((t) => t.status === "KILLED");
  assert.equal(finished.length, 1, "one candidate survives 9 → 3 → 1");
  assert.equal(killed.length, 8);
  assert.equal(j.best!.run!.id, finished[0].run!.id);
  assert.equal(finished[0].metrics.rung, 2);
  assert.equal(killed.filter((t) => t.metrics.rung === 0).length, 6);
  assert.equal(killed.filter((t) => t.metrics.rung === 1).length, 2);
  for (const t of killed) assert.match(t.error ?? "", /eliminated by successive halving after rung/);
  const rows = (t: (typeof j.trials)[number]) => t.metrics.train_rows as number;
  assert.ok(rows(finished[0]) > rows(killed.find((t) => t.metrics.rung === 1)!));

  const runs = await readRuns(
    "cv_accuracy_mean",
    j.trials.map((t) => t.run!.id),
  );
  for (const t of j.trials) {
    const r = runs[t.run!.id];
    assert.equal(r.parent, j.parentRun!.id);
    assert.equal(r.status, t.status);
    // One value per rung reached, at step = rung.
    assert.deepEqual(
      r.history.map(([step]) => step),
      Array.from({ length: (t.metrics.rung as number) + 1 }, (_, k) => k),
    );
  }
  assert.ok(j.modelVersion, "the survivor is registered");
});

test("bad params are BAD_USER_INPUT naming the field: unknown name, out of range, a range under GRID, TPE without trials", async () => {
  const cases: [Partial<TrainGridInput>, string][] = [
    [{ grid: [{ algorithm: "SVM", params: { cost: [1] } }] }, "input.grid[0].params.cost"],
    [
      { grid: [{ algorithm: "GRADIENT_BOOSTING", params: { subsample: [1.5] } }] },
      "input.grid[0].params.subsample[0]",
    ],
    [{ grid: [{ algorithm: "SVM", params: { kernel: ["poly"] } }] }, "input.grid[0].params.kernel[0]"],
    [
      { grid: [{ algorithm: "ADABOOST", params: { nEstimators: { min: 5, max: 50 } } }] },
      "input.grid[0].params.nEstimators",
    ],
    [
      { strategy: "TPE", grid: [{ algorithm: "ADABOOST", params: { nEstimators: { min: 5, max: 50 } } }] },
      "input.trials",
    ],
  ];
  for (const [overrides, field] of cases) {
    const res = await send(overrides);
    assert.ok(res.errors?.length, `expected an error for ${JSON.stringify(overrides)}`);
    assert.equal(res.errors![0].extensions?.code, "BAD_USER_INPUT", res.errors![0].message);
    assert.equal(res.errors![0].extensions?.field, field, res.errors![0].message);
  }
});
