// The built-in penguins table as training sees it, for tests that train in-process (no database).
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { labelRows } from "../../src/services/models/pipeline";
import { planEvaluation } from "../../src/services/training/split";
import type { TrainingData } from "../../src/services/training/trial";

export const PENGUIN_NUMERIC = [
  "bill_length_mm",
  "bill_depth_mm",
  "flipper_length_mm",
  "body_mass_g",
  "year",
];
export const PENGUIN_FEATURES = [
  "island",
  "bill_length_mm",
  "bill_depth_mm",
  "flipper_length_mm",
  "body_mass_g",
  "sex",
  "year",
];

/** The raw rows of data/penguins.csv: NA as null, numbers as numbers. */
export function penguinRows(): Record<string, unknown>[] {
  const file = path.resolve(__dirname, "..", "..", "..", "data", "penguins.csv");
  const records = parse(readFileSync(file), { columns: true }) as Record<string, string>[];
  return records.map((r) =>
    Object.fromEntries(
      Object.entries(r).map(([k, v]) => [k, v === "NA" ? null : PENGUIN_NUMERIC.includes(k) ? Number(v) : v]),
    ),
  );
}

/** Penguins labelled by species with every other column a feature, and a 3-fold plan with a 20 % test split. */
export function penguinData(): TrainingData {
  const labelled = labelRows(penguinRows(), "species");
  const features = PENGUIN_FEATURES.map((name) => ({ name, numeric: PENGUIN_NUMERIC.includes(name) }));
  return {
    label: "species",
    features,
    rows: labelled.rows.map((r) => Object.fromEntries(features.map((f) => [f.name, r[f.name]]))),
    labels: labelled.labels,
    classes: labelled.classes,
    plan: planEvaluation(labelled.labels, { testFraction: 0.2, folds: 3, seed: 42 }),
    seed: 42,
  };
}
