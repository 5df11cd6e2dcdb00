// Parses model references in MLflow's model-URI forms: name@alias, name/3, name/Stage, bare name (= @champion).
import { badInput } from "../../errors";

export type ModelReference =
  | { name: string; kind: "alias"; alias: string }
  | { name: string; kind: "version"; version: number }
  | { name: string; kind: "stage"; stage: "None" | "Staging" | "Production" | "Archived" };

const STAGES = new Map([
  ["none", "None"],
  ["staging", "Staging"],
  ["production", "Production"],
  ["archived", "Archived"],
] as const);

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.\- ]{0,255}$/;
const ALIAS = /^[A-Za-z_][A-Za-z0-9_-]{0,255}$/;

export const DEFAULT_ALIAS = "champion";

export function parseModelReference(ref: string, field = "model"): ModelReference {
  const explain = `use "name@alias", "name/<version>", "name/<Stage>" (None, Staging, Production, Archived) or a bare "name" (= name@${DEFAULT_ALIAS}), with or without "models:/"`;
  const raw = ref.trim().replace(/^models:\//, "");
  if (!raw) throw badInput(`${field} is empty: ${explain}`, { field });
  const at = raw.lastIndexOf("@");
  if (at >= 0) {
    const name = raw.slice(0, at);
    const alias = raw.slice(at + 1);
    if (!NAME.test(name) || name.includes("/") || !ALIAS.test(alias) || /^v\d+$/.test(alias)) {
      throw badInput(`${field} ${JSON.stringify(ref)} is not a model reference: ${explain}`, { field });
    }
    return { name, kind: "alias", alias };
  }
  const parts = raw.split("/");
  if (parts.length === 1) {
    if (!NAME.test(raw))
      throw badInput(`${field} ${JSON.stringify(ref)} is not a model reference: ${explain}`, { field });
    return { name: raw, kind: "alias", alias: DEFAULT_ALIAS };
  }
  if (parts.length === 2 && NAME.test(parts[0])) {
    const [name, tail] = parts;
    if (/^\d+$/.test(tail) && Number(tail) >= 1 && Number(tail) <= 2 ** 31)
      return { name, kind: "version", version: Number(tail) };
    const stage = STAGES.get(tail.toLowerCase() as "none");
    if (stage) return { name, kind: "stage", stage };
  }
  throw badInput(`${field} ${JSON.stringify(ref)} is not a model reference: ${explain}`, { field });
}

export function formatModelReference(ref: ModelReference): string {
  if (ref.kind === "alias") return `${ref.name}@${ref.alias}`;
  if (ref.kind === "version") return `${ref.name}/${ref.version}`;
  return `${ref.name}/${ref.stage}`;
}
