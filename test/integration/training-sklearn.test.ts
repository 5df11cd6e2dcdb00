// Quality bar: with default hyperparameters, the SVM, gradient boosting and AdaBoost families reach on penguins
// the test accuracy of scikit-learn's SVC, GradientBoostingClassifier and AdaBoostClassifier (the stack's venv)
// within 2 points, both fitted on the same preprocessed matrices of the same split.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { parse } from "csv-parse/sync";
import { fitEstimator } from "../../src/services/models/estimators";
import { AlgorithmName, withDefaults } from "../../src/services/models/hyperparams";
import { fitPipeline, labelRows, transformRows } from "../../src/services/models/pipeline";
import { planEvaluation } from "../../src/services/training/split";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const PYTHON = path.join(ROOT, ".stack", "venv", "bin", "python");
const NUMERIC = ["bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g", "year"];
const FEATURES = ["island", ...NUMERIC.slice(0, 4), "sex", "year"].map((name) => ({
  name,
  numeric: NUMERIC.includes(name),
}));

const SKLEARN = `
import json, sys
from sklearn.ensemble import AdaBoostClassifier, GradientBoostingClassifier
from sklearn.svm import SVC
d = json.load(sys.stdin)
out = {}
for name, model in [("SVM", SVC()), ("GRADIENT_BOOSTING", GradientBoostingClassifier(random_state=0)),
                    ("ADABOOST", AdaBoostClassifier(random_state=0))]:
    model.fit(d["Xtrain"], d["ytrain"])
    out[name] = float(model.score(d["Xtest"], d["ytest"]))
print(json.dumps(out))
`;

const accuracy = (proba: number[][], y: number[]) =>
  proba.filter((p, i) => p.indexOf(Math.max(...p)) === y[i]).length / y.length;

for (const seed of [42, 7]) {
  test(`SVM, gradient boosting and AdaBoost match scikit-learn's test accuracy within 2 points (penguins, seed ${seed})`, () => {
    const records = parse(readFileSync(path.join(ROOT, "data", "penguins.csv")), { columns: true }) as Record<
      string,
      string
    >[];
    const rows = records.map((r) =>
      Object.fromEntries(
        Object.entries(r).map(([k, v]) => [k, v === "NA" ? null : NUMERIC.includes(k) ? Number(v) : v]),
      ),
    );
    const labelled = labelRows(rows, "species");
    const plan = planEvaluation(labelled.labels, { testFraction: 0.2, folds: 0, seed });
    const pick = (idx: number[]) => idx.map((i) => labelled.rows[i]);
    const pipeline = fitPipeline(pick(plan.train), FEATURES, { bias: false });
    const Xtrain = transformRows(pipeline, pick(plan.train));
    const Xtest = transformRows(pipeline, pick(plan.test));
    const ytrain = plan.train.map((i) => labelled.labels[i]);
    const ytest = plan.test.map((i) => labelled.labels[i]);

    const theirs = JSON.parse(
      execFileSync(PYTHON, ["-c", SKLEARN], {
        input: JSON.stringify({ Xtrain, ytrain, Xtest, ytest }),
      }).toString(),
    ) as Record<string, number>;
    for (const algorithm of ["SVM", "GRADIENT_BOOSTING", "ADABOOST"] as AlgorithmName[]) {
      const model = fitEstimator(algorithm, withDefaults(algorithm, {}), Xtrain, ytrain, {
        nClasses: labelled.classes.length,
        seed,
      });
      const ours = accuracy(model.predictProba(Xtest), ytest);
      assert.ok(
        ours >= theirs[algorithm] - 0.02,
        `${algorithm}: test accuracy ${ours.toFixed(3)}, scikit-learn ${theirs[algorithm].toFixed(3)}`,
      );
    }
  });
}
