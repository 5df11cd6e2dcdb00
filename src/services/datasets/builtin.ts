// The built-in datasets shipped in data/ (no download at run time): where their files are.
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { BuiltinDataset } from "../../schema/enums";

const FILES: Record<BuiltinDataset, string> = {
  [BuiltinDataset.PENGUINS]: "penguins.csv",
  [BuiltinDataset.IRIS]: "iris.csv",
};

/** data/ of the project: beside dist/ when compiled (dist/src/services/datasets → ../../../../data), else the cwd's. */
export function dataDirectory(): string {
  const candidates = [
    path.resolve(__dirname, "../../../../data"),
    path.resolve(__dirname, "../../../data"),
    path.resolve("data"),
  ];
  return (
    candidates.find((dir) => existsSync(path.join(dir, FILES[BuiltinDataset.PENGUINS]))) ?? candidates[0]
  );
}

/** The CSV text of a built-in dataset. */
export async function readBuiltin(dataset: BuiltinDataset): Promise<string> {
  return readFile(path.join(dataDirectory(), FILES[dataset]), "utf8");
}
