// README's example operations, run in the README's order against the real stack, so the README cannot drift.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { parse, type OperationDefinitionNode } from "graphql";
import { dataOf, startTestGateway, TestGateway, uniqueName } from "../helpers/gateway";
import { cleanUpNames } from "../helpers/cleanup";

const README = readFileSync(path.resolve(__dirname, "..", "..", "..", "README.md"), "utf8");

/** Every fenced block of a language, in the order they appear. */
const blocks = (lang: string) =>
  [...README.matchAll(new RegExp("```" + lang + "\\n([\\s\\S]*?)```", "g"))].map((m) => m[1]);

// The README speaks of "penguins" (table, experiment, model); the test gives them a name of its own, so it runs
// against a stack in use, and twice. Every string literal starting with "penguins" is renamed.
const NAME = uniqueName("readme");
const rename = (op: string) => op.replaceAll('"penguins', `"${NAME}`);
// Subscriptions run over graphql-ws, not HTTP: subscriptions.test.ts runs the README's.
const operations = blocks("graphql")
  .map((text) => ({ def: parse(text).definitions[0] as OperationDefinitionNode, text }))
  .filter(({ def }) => def.operation !== "subscription")
  .map(({ def, text }) => ({ name: def.name?.value ?? "(anonymous)", text: rename(text) }));

let gw: TestGateway;
before(async () => {
  gw = await startTestGateway();
});
after(async () => {
  await cleanUpNames(gw.services, NAME);
  await gw.close();
});

test("README's example operations run in order without errors, and the guarded retrain is refused with both values", async () => {
  assert.deepEqual(
    operations.map((o) => o.name),
    [
      "Health",
      "IngestPenguins",
      "PreparePenguins",
      "TrainPenguins",
      "PredictSpecies",
      "RetrainPenguins",
      "PromoteIfBetter",
      "BestRuns",
      "ModelHealth",
      "TagChampion",
      "CreatePenguinsPipeline",
      "RunPenguinsPipeline",
    ],
    "the README's operations (update this list and the checks below when the README's flow changes)",
  );
  const answers: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    // RunPenguinsPipeline takes the id CreatePenguinsPipeline returned, as the README says.
    const created = answers.CreatePenguinsPipeline?.createPipeline as { id: string } | undefined;
    const res = await gw.raw(op.text, op.name === "RunPenguinsPipeline" ? { id: created?.id } : undefined);
    answers[op.name] = dataOf(res) as Record<string, unknown>;
  }
  type Job = { status: string; modelVersion: { version: number; aliases: string[] } };
  const first = answers.TrainPenguins.trainGrid as Job;
  assert.equal(first.status, "SUCCEEDED");
  assert.deepEqual([first.modelVersion.version, first.modelVersion.aliases], [1, ["champion"]]);
  const retrain = answers.RetrainPenguins.trainGrid as Job;
  assert.equal(retrain.status, "SUCCEEDED");
  assert.deepEqual(
    [retrain.modelVersion.version, retrain.modelVersion.aliases],
    [2, []],
    "version 2 is registered, and the guard kept champion on version 1",
  );
  const promotion = answers.PromoteIfBetter.promoteModel as { promoted: boolean; reason: string };
  assert.equal(promotion.promoted, false);
  assert.match(
    promotion.reason,
    /version 2 has test_accuracy=[\d.]+, @champion \(version 1\) has test_accuracy=[\d.]+/,
  );
  type Stats = { total: number; labels: { share: number }[]; drift: { psi: number | null }[] };
  const stats = answers.ModelHealth.predictionStats as Stats;
  assert.ok(stats.total > 0, "PredictSpecies was logged");
  assert.ok(Math.abs(stats.labels.reduce((s, l) => s + l.share, 0) - 1) < 1e-9);
  assert.ok(stats.drift.length > 0 && stats.drift.every((d) => d.psi !== null), JSON.stringify(stats));
  assert.equal(answers.TagChampion.setTag, true);
  type PipelineRun = {
    status: string;
    trigger: string;
    rowsIngested: number;
    trainingJob: { modelVersion: { version: number } };
    promotion: { promoted: boolean; reason: string };
  };
  const run = answers.RunPenguinsPipeline.runPipeline as PipelineRun;
  assert.deepEqual(
    [run.status, run.trigger, run.rowsIngested, run.trainingJob.modelVersion.version],
    ["SUCCEEDED", "MANUAL", 344, 3],
    JSON.stringify(run),
  );
  assert.match(run.promotion.reason, /test_accuracy/);
  // The answer the README shows is the answer the gateway gives.
  const shown = blocks("json").map((b) => JSON.parse(b) as Record<string, unknown>);
  const example = shown.find((j) => "promoted" in j);
  assert.deepEqual(promotion, example, "README's PromoteIfBetter answer");
});
