// The Open Inference Protocol (KServe V2) REST shapes: columnar request tensors → rows, scores → output tensors.
// Pure, so the tensor rules are unit-tested without I/O. https://kserve.github.io/website/docs/concepts/architecture/data-plane/v2-protocol
import { badInput } from "../../errors";
import type { InputColumn } from "../models/model-format";

/** The V2 datatypes a column may arrive in; BYTES carries text. */
const NUMERIC = new Set([
  "INT8",
  "INT16",
  "INT32",
  "INT64",
  "UINT8",
  "UINT16",
  "UINT32",
  "UINT64",
  "FP16",
  "FP32",
  "FP64",
]);
const DATATYPES = new Set([...NUMERIC, "BOOL", "BYTES"]);
export const OUTPUT_NAMES = ["label", "probabilities"] as const;
export type OutputName = (typeof OUTPUT_NAMES)[number];

export interface InferTensor {
  name: string;
  shape: number[];
  datatype: string;
  data: unknown[];
}

/** A checked inference request: tensors by name, all with the same row count. */
export interface InferRequest {
  id?: string;
  rows: number;
  tensors: Map<string, InferTensor>;
  outputs: OutputName[];
}

const field = (i: number, what?: string) => (what ? `inputs[${i}].${what}` : `inputs[${i}]`);

/** Checks the request's envelope (not yet against a model): names, shapes, datatypes, data lengths. */
export function parseInferRequest(body: unknown, maxRows: number): InferRequest {
  if (body === null || typeof body !== "object" || Array.isArray(body))
    throw badInput('the request body must be a JSON object {"inputs": [...]}', { field: "body" });
  const b = body as Record<string, unknown>;
  if (b.id !== undefined && typeof b.id !== "string")
    throw badInput("id must be a string when sent", { field: "id" });
  if (!Array.isArray(b.inputs) || !b.inputs.length)
    throw badInput(
      'inputs must be a non-empty list of tensors, one per column: {"name", "shape", "datatype", "data"}',
      {
        field: "inputs",
      },
    );
  const tensors = new Map<string, InferTensor>();
  let rows = -1;
  b.inputs.forEach((t: unknown, i: number) => {
    if (t === null || typeof t !== "object" || Array.isArray(t))
      throw badInput(`${field(i)} is not a tensor object {"name", "shape", "datatype", "data"}`, {
        field: field(i),
      });
    const { name, shape, datatype, data } = t as Record<string, unknown>;
    if (typeof name !== "string" || !name)
      throw badInput(`${field(i, "name")} must be the column's name`, { field: field(i, "name") });
    if (tensors.has(name))
      throw badInput(`${field(i)}: the column ${JSON.stringify(name)} is sent twice`, {
        field: field(i, "name"),
      });
    if (typeof datatype !== "string" || !DATATYPES.has(datatype))
      throw badInput(
        `${field(i, "datatype")} of ${JSON.stringify(name)} must be one of BOOL, BYTES, INT8..INT64, UINT8..UINT64, FP16, FP32, FP64`,
        { field: field(i, "datatype") },
      );
    if (
      !Array.isArray(shape) ||
      !shape.every((d) => Number.isInteger(d) && (d as number) >= 0) ||
      !(shape.length === 1 || (shape.length === 2 && shape[1] === 1))
    )
      throw badInput(
        `${field(i, "shape")} of ${JSON.stringify(name)} must be [rows] or [rows, 1]: each tensor is one column of the batch`,
        { field: field(i, "shape") },
      );
    if (!Array.isArray(data))
      throw badInput(`${field(i, "data")} of ${JSON.stringify(name)} must be a list of values`, {
        field: field(i, "data"),
      });
    // Row-major and flat, as the protocol's JSON form has it; [[v], [v], ...] for a [rows, 1] shape is accepted too.
    const flat = data.length && Array.isArray(data[0]) ? (data as unknown[][]).flat() : data;
    const n = shape[0] as number;
    if (flat.length !== n)
      throw badInput(
        `${field(i, "data")} of ${JSON.stringify(name)} has ${flat.length} values; its shape says ${n}`,
        {
          field: field(i, "data"),
        },
      );
    if (rows >= 0 && n !== rows)
      throw badInput(
        `${field(i, "shape")}: ${JSON.stringify(name)} has ${n} rows, the first tensor ${rows}`,
        {
          field: field(i, "shape"),
        },
      );
    rows = n;
    tensors.set(name, { name, shape: shape as number[], datatype, data: flat });
  });
  if (rows < 1) throw badInput("the tensors have no rows: send at least one", { field: "inputs" });
  if (rows > maxRows)
    throw badInput(
      `the tensors have ${rows} rows; at most ${maxRows} rows are accepted per call (PREDICT_MAX_ROWS): split the request`,
      { field: "inputs" },
    );
  let outputs: OutputName[] = [...OUTPUT_NAMES];
  if (b.outputs !== undefined) {
    if (!Array.isArray(b.outputs))
      throw badInput('outputs must be a list of {"name": "label" | "probabilities"}', { field: "outputs" });
    outputs = b.outputs.map((o: unknown, i: number) => {
      const name = (o as { name?: unknown } | null)?.name;
      if (typeof name !== "string" || !(OUTPUT_NAMES as readonly string[]).includes(name))
        throw badInput(`outputs[${i}].name must be "label" or "probabilities"`, {
          field: `outputs[${i}].name`,
        });
      return name as OutputName;
    });
  }
  return { id: b.id as string | undefined, rows, tensors, outputs };
}

/**
 * The tensors as row objects, for the same row validation as GraphQL predict. With the model's input columns
 * known, a missing column or a datatype that does not fit is refused here, naming the tensor; without them (models
 * that do not declare typed columns) every tensor becomes a field and the model's own checks decide.
 */
export function tensorsToRows(req: InferRequest, inputs?: readonly InputColumn[]): Record<string, unknown>[] {
  return columnsToRows(tensorColumns(req, inputs), req.rows);
}

/** One input column's values, in row order. */
export interface DataColumn {
  name: string;
  data: unknown[];
}

/**
 * The request's tensors as the model's input columns (each checked against the column's type), in the model's
 * column order; every tensor in request order for a model that does not declare its columns.
 */
export function tensorColumns(req: InferRequest, inputs?: readonly InputColumn[]): DataColumn[] {
  const columns: DataColumn[] = [];
  if (!inputs) for (const t of req.tensors.values()) columns.push({ name: t.name, data: t.data });
  for (const col of inputs ?? []) {
    const t = req.tensors.get(col.name);
    if (!t)
      throw badInput(
        `the model's input column ${JSON.stringify(col.name)} has no tensor: send one tensor per input column (${inputs!
          .map((c) => c.name)
          .join(", ")})`,
        { field: "inputs" },
      );
    const want = col.type === "string" ? "BYTES" : col.type === "boolean" ? "BOOL" : "a numeric datatype";
    const fits =
      col.type === "string"
        ? t.datatype === "BYTES"
        : col.type === "boolean"
          ? t.datatype === "BOOL"
          : NUMERIC.has(t.datatype);
    if (!fits)
      throw badInput(
        `the tensor ${JSON.stringify(col.name)} is ${t.datatype}; the model expects ${want} (${col.type})`,
        { field: "inputs" },
      );
    columns.push({ name: col.name, data: t.data });
  }
  return columns;
}

/** Rows (one object per row, keyed by column name) from columns of `count` values each. */
export function columnsToRows(columns: readonly DataColumn[], count: number): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = new Array(count);
  for (let r = 0; r < count; r++) {
    const row: Record<string, unknown> = {};
    for (const c of columns) row[c.name] = c.data[r];
    rows[r] = row;
  }
  return rows;
}

export interface InferScores {
  modelName: string;
  modelVersion: string;
  classes: readonly string[];
  labels: readonly string[];
  /** Row-major, rows × classes. */
  probabilities: ArrayLike<number>;
}

/** The V2 answer: `label` (BYTES, [rows]) and `probabilities` (FP64, [rows, classes], the classes in parameters). */
export function inferResponse(req: InferRequest, scores: InferScores): Record<string, unknown> {
  const n = scores.labels.length;
  const k = scores.classes.length;
  const outputs = req.outputs.map((name) =>
    name === "label"
      ? { name, datatype: "BYTES", shape: [n], data: scores.labels }
      : {
          name,
          datatype: "FP64",
          shape: [n, k],
          data: Array.from(scores.probabilities),
          parameters: { classes: scores.classes },
        },
  );
  return {
    model_name: scores.modelName,
    model_version: scores.modelVersion,
    ...(req.id !== undefined ? { id: req.id } : {}),
    outputs,
  };
}

/**
 * inferResponse as JSON text, with the probabilities' data given as JSON text already (a scoring worker makes
 * it): 3,000 numbers turned into text were a tenth of the event loop's time per 1,000-row answer.
 */
export function inferResponseJson(
  req: InferRequest,
  scores: Omit<InferScores, "probabilities">,
  probabilitiesJson: string,
): string {
  const n = scores.labels.length;
  const k = scores.classes.length;
  const outputs = req.outputs.map((name) =>
    name === "label"
      ? JSON.stringify({ name, datatype: "BYTES", shape: [n], data: scores.labels })
      : `{"name":${JSON.stringify(name)},"datatype":"FP64","shape":[${n},${k}],"data":${probabilitiesJson},` +
        `"parameters":${JSON.stringify({ classes: scores.classes })}}`,
  );
  return (
    `{"model_name":${JSON.stringify(scores.modelName)},"model_version":${JSON.stringify(scores.modelVersion)}` +
    `${req.id !== undefined ? `,"id":${JSON.stringify(req.id)}` : ""},"outputs":[${outputs.join(",")}]}`
  );
}

/** V2 model metadata: the served version, its input columns as tensors, the two outputs. */
export function modelMetadata(
  name: string,
  version: string,
  inputs: readonly InputColumn[],
  classes: readonly string[],
  platform = "mlops_gateway",
): Record<string, unknown> {
  const datatype = (c: InputColumn) =>
    c.type === "string" ? "BYTES" : c.type === "boolean" ? "BOOL" : c.type === "long" ? "INT64" : "FP64";
  return {
    name,
    versions: [version],
    platform,
    inputs: inputs.map((c) => ({ name: c.name, datatype: datatype(c), shape: [-1] })),
    outputs: [
      { name: "label", datatype: "BYTES", shape: [-1] },
      { name: "probabilities", datatype: "FP64", shape: [-1, classes.length], parameters: { classes } },
    ],
  };
}
