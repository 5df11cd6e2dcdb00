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

/** One penguin of each species, raw as data/penguins.csv has them, with the species (the label). */
export const KNOWN_PENGUINS = [
  {
    species: "Adelie",
    island: "Torgersen",
    bill_length_mm: 39.1,
    bill_depth_mm: 18.7,
    flipper_length_mm: 181,
    body_mass_g: 3750,
    sex: "male",
    year: 2007,
  },
  {
    species: "Chinstrap",
    island: "Dream",
    bill_length_mm: 46.5,
    bill_depth_mm: 17.9,
    flipper_length_mm: 192,
    body_mass_g: 3500,
    sex: "female",
    year: 2007,
  },
  {
    species: "Gentoo",
    island: "Biscoe",
    bill_length_mm: 46.1,
    bill_depth_mm: 13.2,
    flipper_length_mm: 211,
    body_mass_g: 4500,
    sex: "female",
    year: 2007,
  },
];

/** The same three penguins as predict takes them: features only. */
export const SAMPLE_PENGUINS = KNOWN_PENGUINS.map(({ species: _species, ...features }) => features);

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
