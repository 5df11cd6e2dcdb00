// The SVM family (svm.ts) as ONNX nodes: libsvm's one-vs-one decision values from the support vectors, Platt's
// sigmoid per class pair, and libsvm's pairwise coupling (multiclass_probability) unrolled with its stopping rule.
import { parseSvmModel, SvmState } from "../svm";
import { DataType, doubles, GraphBuilder, int, int64s } from "./builder";
import { FamilyExporter, onesColumn, scatterClasses } from "./family-helpers";

type Constant = { classes: number[]; constant: true };

/** libsvm's clipping of each pairwise probability. */
const CLIP = 1e-7;

/** Kernel values [N, S] of the rows against the support vectors (linear: x·sv, rbf: exp(−γ‖sv − x‖²)). */
function kernel(g: GraphBuilder, X: string, vectors: number[][], width: number, s: SvmState): string {
  const S = vectors.length;
  if (s.kernel === "linear") {
    const t = new Array<number>(width * S);
    vectors.forEach((v, i) => v.forEach((x, j) => (t[j * S + i] = x)));
    return g.node("MatMul", [X, g.constant("support_vectors_t", doubles([width, S], t))]);
  }
  const x = g.node("Unsqueeze", [X, g.constant("axes", int64s([1]))]);
  const diff = g.node("Sub", [g.constant("support_vectors", doubles([S, width], vectors.flat())), x]);
  const sq = g.node("ReduceSum", [g.node("Mul", [diff, diff]), g.constant("axes", int64s([2]))], {
    keepdims: int(0),
  });
  return g.node("Exp", [g.node("Mul", [sq, g.constant("minus_gamma", doubles([], [-s.gamma]))])]);
}

/**
 * The decision value of each local class pair (a < b, in the order of state.platt) as kernel values · W + bias:
 * libsvm's pair (i, j) of its own class order becomes the local pair, negated when libsvm's order is reversed.
 */
function pairWeights(s: SvmState, width: number) {
  const m = parseSvmModel(s.model, width);
  const K = s.classes.length;
  const S = m.vectors.length;
  const P = (K * (K - 1)) / 2;
  const pairIndex = (a: number, b: number) => a * K - (a * (a + 1)) / 2 + (b - a - 1);
  const W = new Array<number>(S * P).fill(0);
  const bias = new Array<number>(P).fill(0);
  const start: number[] = [];
  m.nSv.reduce((at, n, c) => ((start[c] = at), at + n), 0);
  let p = 0;
  for (let i = 0; i < m.labels.length; i++) {
    for (let j = i + 1; j < m.labels.length; j++) {
      const [a, b] = [m.labels[i], m.labels[j]];
      const sign = a < b ? 1 : -1;
      const col = pairIndex(Math.min(a, b), Math.max(a, b));
      for (let v = 0; v < m.nSv[i]; v++) W[(start[i] + v) * P + col] = sign * m.coef[j - 1][start[i] + v];
      for (let v = 0; v < m.nSv[j]; v++) W[(start[j] + v) * P + col] = sign * m.coef[i][start[j] + v];
      bias[col] = -sign * m.rho[p++];
    }
  }
  return { vectors: m.vectors, W, bias, P };
}

/** libsvm's multiclass_probability on r [N, K, K] (r[a][b] = P(a | a or b)), row by row as svm.ts's couple. */
function couple(g: GraphBuilder, X: string, r: string, K: number): string {
  const c = (name: string, dims: number[], values: number[]) => g.constant(name, doubles(dims, values));
  const axes = (v: number[]) => g.constant("axes", int64s(v));
  const rT = g.node("Transpose", [r], { perm: { kind: "ints", value: [0, 2, 1] } });
  // Q[t][t] = Σ_j r[j][t]², Q[t][j] = −r[j][t]·r[t][j] (r's diagonal is zero).
  const diag = g.node("ReduceSum", [g.node("Mul", [rT, rT]), axes([2])], { keepdims: int(0) });
  const identity = Array.from({ length: K * K }, (_, i) => (i % (K + 1) === 0 ? 1 : 0));
  const Q = g.node("Sub", [
    g.node("Mul", [g.node("Unsqueeze", [diag, axes([2])]), c("identity", [K, K], identity)]),
    g.node("Mul", [rT, r]),
  ]);
  const at = (t: number) => g.constant("index", int64s([t]));
  const Qtt = Array.from({ length: K }, (_, t) => g.node("Gather", [diag, at(t)], { axis: int(1) }));
  const Qrow = Array.from({ length: K }, (_, t) =>
    g.node("Squeeze", [g.node("Gather", [Q, at(t)], { axis: int(1) }), axes([1])]),
  );
  const unit = Array.from({ length: K }, (_, t) =>
    c(
      "unit",
      [K],
      Array.from({ length: K }, (_, j) => (j === t ? 1 : 0)),
    ),
  );
  const one = c("one", [], [1]);
  const two = c("two", [], [2]);
  const eps = c("stop", [], [0.005 / K]);
  const zero = c("zero", [], [0]);
  const p0 = g.node("Mul", [onesColumn(g, X), c("uniform", [K], new Array<number>(K).fill(1 / K))]);
  // A Loop of at most max(100, K) rounds; it ends early once every row has stopped.
  const b = g.subgraph();
  b.freshInput("round", DataType.INT64, []);
  b.freshInput("go_on", DataType.BOOL, []);
  let p = b.freshInput("p", DataType.DOUBLE, [null, K]);
  let active = b.freshInput("active", DataType.DOUBLE, [null, 1]);
  let Qp = b.node("Squeeze", [b.node("MatMul", [Q, b.node("Unsqueeze", [p, axes([2])])]), axes([2])]);
  let pQp = b.node("ReduceSum", [b.node("Mul", [p, Qp]), axes([1])], { keepdims: int(1) });
  // libsvm stops once max_t |Qp[t] − pQp| < 0.005 / K; a stopped row keeps its p (its steps are multiplied by 0).
  const err = b.node("ReduceMax", [b.node("Abs", [b.node("Sub", [Qp, pQp])])], {
    axes: { kind: "ints", value: [1] },
    keepdims: int(1),
  });
  const stopped = b.node("Cast", [b.node("Less", [err, eps])], { to: int(DataType.DOUBLE) });
  active = b.node("Mul", [active, b.node("Sub", [one, stopped])]);
  for (let t = 0; t < K; t++) {
    const Qpt = b.node("Gather", [Qp, at(t)], { axis: int(1) });
    const diff = b.node("Mul", [b.node("Div", [b.node("Sub", [pQp, Qpt]), Qtt[t]]), active]);
    p = b.node("Add", [p, b.node("Mul", [diff, unit[t]])]);
    const onePlus = b.node("Add", [one, diff]);
    const inner = b.node("Add", [b.node("Mul", [diff, Qtt[t]]), b.node("Mul", [two, Qpt])]);
    pQp = b.node("Div", [
      b.node("Div", [b.node("Add", [pQp, b.node("Mul", [diff, inner])]), onePlus]),
      onePlus,
    ]);
    Qp = b.node("Div", [b.node("Add", [Qp, b.node("Mul", [diff, Qrow[t]])]), onePlus]);
    p = b.node("Div", [p, onePlus]);
  }
  const more = b.node("Greater", [b.node("ReduceMax", [active], { keepdims: int(0) }), zero]);
  b.output(more, DataType.BOOL, []);
  b.output(p, DataType.DOUBLE, [null, K]);
  b.output(active, DataType.DOUBLE, [null, 1]);
  const rounds = g.constant("rounds", { type: DataType.INT64, dims: [], values: [Math.max(100, K)] });
  const start = g.constant("start", { type: DataType.BOOL, dims: [], values: [1] });
  const [final] = g.nodeN(
    "Loop",
    [rounds, start, p0, onesColumn(g, X)],
    { body: { kind: "graph", value: b.toGraph("coupling") } },
    { outputs: 2 },
  );
  return final;
}

/** Probabilities over the local classes as svmPredictor computes them, scattered to the job's classes. */
export const svm: FamilyExporter = (g, X, raw, nClasses, width) => {
  const s = raw as SvmState | Constant;
  if ("constant" in s) return scatterClasses(g, onesColumn(g, X), s.classes, nClasses);
  const K = s.classes.length;
  const { vectors, W, bias, P } = pairWeights(s, width);
  const kv = kernel(g, X, vectors, width, s);
  const d = g.node("Add", [
    g.node("MatMul", [kv, g.constant("dual_coefficients", doubles([vectors.length, P], W))]),
    g.constant("rho", doubles([P], bias)),
  ]);
  // P(a | a or b) = 1 / (1 + exp(A·d + B)) = sigmoid(−(A·d + B)), clipped to [1e-7, 1 − 1e-7].
  const z = g.node("Add", [
    g.node("Mul", [
      d,
      g.constant(
        "platt_a",
        doubles(
          [P],
          s.platt.map((q) => -q.A),
        ),
      ),
    ]),
    g.constant(
      "platt_b",
      doubles(
        [P],
        s.platt.map((q) => -q.B),
      ),
    ),
  ]);
  const pair = g.node("Max", [
    g.node("Min", [g.node("Sigmoid", [z]), g.constant("clip_high", doubles([], [1 - CLIP]))]),
    g.constant("clip_low", doubles([], [CLIP])),
  ]);
  // r (flattened [N, K·K]) = pair · M + c: r[a][b] = pair, r[b][a] = 1 − pair.
  const M = new Array<number>(P * K * K).fill(0);
  const offset = new Array<number>(K * K).fill(0);
  let q = 0;
  for (let a = 0; a < K; a++) {
    for (let b = a + 1; b < K; b++, q++) {
      M[q * K * K + a * K + b] = 1;
      M[q * K * K + b * K + a] = -1;
      offset[b * K + a] = 1;
    }
  }
  const rFlat = g.node("Add", [
    g.node("MatMul", [pair, g.constant("pair_to_r", doubles([P, K * K], M))]),
    g.constant("pair_offset", doubles([K * K], offset)),
  ]);
  let proba: string;
  if (K === 2) {
    // libsvm's two-class answer: [r[0][1], r[1][0]].
    const pick = [0, 0, 1, 0, 0, 1, 0, 0];
    proba = g.node("MatMul", [rFlat, g.constant("two_class", doubles([4, 2], pick))]);
  } else {
    const r = g.node("Reshape", [rFlat, g.constant("shape", int64s([-1, K, K]))]);
    proba = couple(g, X, r, K);
  }
  return scatterClasses(g, proba, s.classes, nClasses);
};
