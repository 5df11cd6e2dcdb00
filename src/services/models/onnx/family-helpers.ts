// What every family exporter shares: its signature, and mapping a training part's local classes onto the job's.
import { doubles, GraphBuilder, int, int64s } from "./builder";

/**
 * What a family adds to the graph. `X` is the pipeline's output (double [N, width], the columns transformRows
 * makes). It returns a double tensor [N, nClasses] of non-negative class weights in the model's class order;
 * the exporter divides each row by its sum, as the JavaScript runtime's toProba does, so a family may return
 * probabilities or unnormalised votes.
 */
export type FamilyExporter = (
  g: GraphBuilder,
  X: string,
  state: unknown,
  nClasses: number,
  /** The number of columns of X. */
  width: number,
) => string;

/** Weights of a subset of classes (local index j is class classes[j]) → [N, nClasses] with zeros elsewhere. */
export function scatterClasses(g: GraphBuilder, local: string, classes: number[], nClasses: number): string {
  if (classes.length === nClasses && classes.every((c, i) => c === i)) return local;
  const m = new Array<number>(classes.length * nClasses).fill(0);
  classes.forEach((c, j) => (m[j * nClasses + c] = 1));
  return g.node("MatMul", [local, g.constant("class_scatter", doubles([classes.length, nClasses], m))]);
}

/** A [N, 1] double column of ones shaped like the rows of X. */
export function onesColumn(g: GraphBuilder, X: string): string {
  const rows = g.node("Shape", [X], { start: int(0), end: int(1) });
  const shape = g.node("Concat", [rows, g.constant("one_dim", int64s([1]))], { axis: int(0) });
  return g.node("ConstantOfShape", [shape], { value: { kind: "tensor", value: doubles([1], [1]) } });
}
