// Maps predict's rows onto an ONNX graph's inputs: which field each input reads, its type and width, and the
// checked, coerced values as flat arrays ready for onnxruntime tensors. Pure, so it is unit-tested without I/O.
import { badInput } from "../../../errors";
import type { GraphInput } from "./graph";
import { ELEM } from "./proto";

/** One graph input as rows feed it: a column (one value per row) or a vector (a list of `width` numbers). */
export interface InputPlan {
  name: string;
  kind: "column" | "vector";
  /** Values per row: 1 for a column. */
  width: number;
  /** ELEM.FLOAT, ELEM.INT64, ELEM.STRING, ... (the graph's tensor type: what onnxruntime is given). */
  elemType: number;
}

/** An input of the MLflow signature (tensor-spec or column spec), reduced to what the plan needs. */
export interface SignatureInput {
  name: string;
  /** The signature's last dimension for a tensor spec ([-1, 4] → 4), 1 for a column spec. */
  width: number | null;
}

const ELEM_NAMES: Record<number, string> = {
  [ELEM.FLOAT]: "float",
  [ELEM.DOUBLE]: "double",
  [ELEM.INT64]: "int64",
  [ELEM.INT32]: "int32",
  [ELEM.INT8]: "int8",
  [ELEM.UINT8]: "uint8",
  [ELEM.STRING]: "string",
  [ELEM.BOOL]: "bool",
};
export const elemName = (e: number) => ELEM_NAMES[e] ?? `type ${e}`;
const isNumeric = (e: number) => e !== ELEM.STRING && e !== ELEM.BOOL;
const isFloat = (e: number) => e === ELEM.FLOAT || e === ELEM.DOUBLE;

/** The signature's inputs as names and widths (MLflow keeps them as JSON text); [] when absent or unreadable. */
export function signatureInputs(signature: unknown): SignatureInput[] {
  const raw = (signature as { inputs?: unknown } | null | undefined)?.inputs;
  let specs: unknown;
  try {
    specs = typeof raw === "string" ? JSON.parse(raw) : raw;
  } catch {
    return [];
  }
  if (!Array.isArray(specs)) return [];
  const out: SignatureInput[] = [];
  for (const s of specs as Record<string, unknown>[]) {
    if (!s || typeof s.name !== "string") return [];
    const tensor = s["tensor-spec"] as { shape?: unknown } | undefined;
    const shape = Array.isArray(tensor?.shape) ? (tensor.shape as number[]) : null;
    const last = shape && shape.length >= 2 ? shape[shape.length - 1] : 1;
    out.push({ name: s.name, width: typeof last === "number" && last > 0 ? last : null });
  }
  return out;
}

/**
 * The plan for each graph input. Names and widths come from the MLflow signature when it names the graph's inputs,
 * otherwise from the graph's own metadata; the tensor type is always the graph's. An input of shape [-1] or
 * [-1, 1] is a column; [-1, n] with n > 1 is a vector. Throws (plain Error) for inputs the gateway cannot feed.
 */
export function planInputs(graphInputs: GraphInput[], signature: SignatureInput[]): InputPlan[] {
  const bySignature = new Map(signature.map((s) => [s.name, s]));
  const useSignature = signature.length > 0 && graphInputs.every((g) => bySignature.has(g.name));
  return graphInputs.map((g) => {
    if (!ELEM_NAMES[g.elemType]) throw new Error(`input ${g.name} has tensor ${elemName(g.elemType)}`);
    if (g.dims.length > 2)
      throw new Error(`input ${g.name} has ${g.dims.length} dimensions (at most 2 are fed)`);
    const width =
      (useSignature ? bySignature.get(g.name)!.width : null) ?? (g.dims.length === 2 ? g.dims[1] : 1);
    if (width === null) throw new Error(`input ${g.name} has no fixed width ([-1, n] with a known n)`);
    const kind = g.dims.length === 2 && width > 1 ? "vector" : "column";
    if (kind === "vector" && !isNumeric(g.elemType))
      throw new Error(`input ${g.name} is a ${elemName(g.elemType)} vector (only numeric vectors are fed)`);
    return { name: g.name, kind, width, elemType: g.elemType };
  });
}

/** What each plan asks of a row, for messages ("bill_length_mm (float)", "input (4 numbers)"). */
export function describePlan(plan: InputPlan): string {
  return plan.kind === "vector"
    ? `${plan.name} (a list of ${plan.width} numbers)`
    : `${plan.name} (${elemName(plan.elemType)})`;
}

export type FeedValues = (number | bigint | string | boolean)[];

/** How many problems one error message lists before it stops. */
const MAX_LISTED = 5;

/**
 * Checked and coerced values of every input, row after row (a vector's numbers are laid out row-major).
 * null is a missing number (NaN) in float inputs, and refused elsewhere; numbers are text in string inputs;
 * booleans are 0/1 in numeric inputs. Anything else is BAD_USER_INPUT naming the row, the field and what the
 * model expects. Fields the model does not read are ignored.
 */
export function buildFeeds(
  rows: readonly Record<string, unknown>[],
  plans: readonly InputPlan[],
  field = "inputs",
): Map<string, FeedValues> {
  const feeds = new Map<string, FeedValues>(plans.map((p) => [p.name, new Array(rows.length * p.width)]));
  const problems: { field: string; message: string }[] = [];
  const expects = `the model expects ${plans.map(describePlan).join(", ")}`;
  for (let i = 0; i < rows.length && problems.length <= MAX_LISTED; i++) {
    const row = rows[i];
    if (row === null || typeof row !== "object" || Array.isArray(row)) {
      problems.push({ field: `${field}[${i}]`, message: `${field}[${i}] is not an object of column values` });
      continue;
    }
    for (const plan of plans) {
      const where = `${field}[${i}].${plan.name}`;
      const out = feeds.get(plan.name)!;
      if (!Object.prototype.hasOwnProperty.call(row, plan.name) || row[plan.name] === undefined) {
        problems.push({ field: where, message: `${where} is missing (${describePlan(plan)})` });
        continue;
      }
      const value = row[plan.name];
      if (plan.kind === "vector") {
        if (!Array.isArray(value) || value.length !== plan.width) {
          const got = Array.isArray(value) ? `a list of ${value.length}` : describe(value);
          problems.push({
            field: where,
            message: `${where} is ${got}; the model expects a list of ${plan.width} numbers`,
          });
          continue;
        }
        for (let k = 0; k < plan.width; k++) {
          const v = coerce(value[k], plan.elemType);
          if (v instanceof Problem) {
            problems.push({ field: where, message: `${where}[${k}] ${v.message}` });
            break;
          }
          out[i * plan.width + k] = v;
        }
        continue;
      }
      const v = coerce(value, plan.elemType);
      if (v instanceof Problem) problems.push({ field: where, message: `${where} ${v.message}` });
      else out[i] = v;
    }
  }
  if (problems.length) {
    const listed = problems.slice(0, MAX_LISTED).map((p) => p.message);
    const more = problems.length > MAX_LISTED ? "; and more problems after these" : "";
    throw badInput(`${listed.join("; ")}${more}; ${expects}.`, { field: problems[0].field });
  }
  return feeds;
}

class Problem {
  constructor(readonly message: string) {}
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "string")
    return `text ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === "number" || typeof value === "boolean") return `${typeof value} ${String(value)}`;
  if (Array.isArray(value)) return "a list";
  return "an object";
}

/** A value as the tensor type wants it, or a Problem saying why it does not fit. */
function coerce(value: unknown, elem: number): number | bigint | string | boolean | Problem {
  if (elem === ELEM.STRING) {
    if (typeof value === "string") return value;
    if (typeof value === "number" && Number.isFinite(value)) return String(value);
    if (typeof value === "boolean") return String(value);
    return new Problem(`is ${describe(value)}; the model expects text (string)`);
  }
  if (elem === ELEM.BOOL) {
    if (typeof value === "boolean") return value;
    return new Problem(`is ${describe(value)}; the model expects true or false (bool)`);
  }
  if (value === null && isFloat(elem)) return Number.NaN;
  let n: number;
  if (typeof value === "number") n = value;
  else if (typeof value === "boolean") n = value ? 1 : 0;
  else
    return new Problem(
      `is ${describe(value)}; the model expects a number (${elemName(elem)})${isFloat(elem) ? " or null" : ""}`,
    );
  if (!Number.isFinite(n)) return new Problem(`is not a finite number (${String(n)})`);
  if (isFloat(elem)) return n;
  if (!Number.isInteger(n))
    return new Problem(`is ${n}; the model expects a whole number (${elemName(elem)})`);
  return elem === ELEM.INT64 ? BigInt(n) : n;
}
