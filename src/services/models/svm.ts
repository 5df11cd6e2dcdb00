// Support vector classifier: libsvm (libsvm-js, compiled to asm.js, no install script) trains, as for
// scikit-learn's SVC; probabilities are libsvm's method computed here: Platt sigmoids per class pair fitted on
// cross-validated decision values, then pairwise coupling. libsvm's own -b option draws its folds from a C rand()
// whose state lives on in the worker (the same seed gave different probabilities); our folds come from the seed.
import type SvmLibrary from "libsvm-js/asm";

let library: typeof SvmLibrary | undefined;
/**
 * libsvm-js, loaded on the first SVM fit: parsing its asm.js takes ~100 ms and a 16 MB heap, which the gateway's
 * main thread and the workers that never train an SVM should not pay (prediction does not use it).
 */
function libsvm(): typeof SvmLibrary {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy load, see above
  library ??= require("libsvm-js/asm") as typeof SvmLibrary;
  return library;
}

export interface SvmOptions {
  C: number;
  kernel: string;
  /** RBF width; 0 means scikit-learn's "scale": 1 / (features · variance of X). */
  gamma: number;
}

/** The fitted state: libsvm's model file text, the Platt sigmoid of each class pair, the class mapping. */
export interface SvmState {
  /** Local class index → job class index. */
  classes: number[];
  kernel: string;
  /** The gamma used (after resolving "scale"). */
  gamma: number;
  /** libsvm's model file (support vectors, coefficients, rho). */
  model: string;
  /** P(first of pair | pair) = 1 / (1 + exp(A·d + B)) for the pairs (i, j), i < j, of local classes. */
  platt: { A: number; B: number }[];
}

/** libsvm's model file, parsed: what the decision function needs. */
export interface ParsedSvm {
  /** Local class of each of libsvm's classes, in libsvm's order. */
  labels: number[];
  rho: number[];
  /** Support vectors grouped by libsvm class (counts nSv), dense. */
  vectors: number[][];
  nSv: number[];
  /** coef[k][s]: the dual coefficients (k = 0..nClass−2) of support vector s. */
  coef: number[][];
}

const PROBABILITY_FOLDS = 5;

/** scikit-learn's gamma="scale": 1 / (n_features · Var(X)) over every value of X. */
export function scaleGamma(X: number[][]): number {
  const width = X[0]?.length ?? 1;
  let n = 0;
  let sum = 0;
  for (const row of X) {
    for (const v of row) sum += v;
    n += row.length;
  }
  const mean = n ? sum / n : 0;
  let ss = 0;
  for (const row of X) for (const v of row) ss += (v - mean) ** 2;
  const variance = n ? ss / n : 0;
  return variance > 0 ? 1 / (width * variance) : 1;
}

/** Train libsvm and return its model file text; the model is freed from the asm.js heap at once. */
function train(X: number[][], y: number[], kernel: string, gamma: number, C: number): string {
  const SVM = libsvm();
  const svm = new SVM({
    type: SVM.SVM_TYPES.C_SVC,
    kernel: kernel === "linear" ? SVM.KERNEL_TYPES.LINEAR : SVM.KERNEL_TYPES.RBF,
    gamma,
    cost: C,
    quiet: true,
  });
  try {
    svm.train(X, y);
    return svm.serializeModel();
  } finally {
    svm.free();
  }
}

export function parseSvmModel(text: string, width: number): ParsedSvm {
  const lines = text.split("\n");
  const header = new Map<string, string[]>();
  let i = 0;
  for (; i < lines.length && lines[i].trim() !== "SV"; i++) {
    const [key, ...rest] = lines[i].trim().split(/\s+/);
    header.set(key, rest);
  }
  const labels = (header.get("label") ?? []).map(Number);
  const nSv = (header.get("nr_sv") ?? []).map(Number);
  const rho = (header.get("rho") ?? []).map(Number);
  const k = labels.length;
  const coef: number[][] = Array.from({ length: Math.max(k - 1, 0) }, () => []);
  const vectors: number[][] = [];
  for (i++; i < lines.length; i++) {
    const parts = lines[i].trim().split(/\s+/).filter(Boolean);
    if (!parts.length) continue;
    for (let c = 0; c < k - 1; c++) coef[c].push(Number(parts[c]));
    const v = new Array<number>(width).fill(0);
    for (const pair of parts.slice(k - 1)) {
      const [index, value] = pair.split(":");
      const j = Number(index) - 1;
      if (j >= 0 && j < width) v[j] = Number(value);
    }
    vectors.push(v);
  }
  return { labels, rho, vectors, nSv, coef };
}

/** libsvm's one-vs-one decision values d(i, j) for i < j in libsvm's class order (positive: class i). */
export function decisionValues(m: ParsedSvm, kernel: string, gamma: number, x: number[]): number[] {
  const kv = m.vectors.map((sv) => {
    let s = 0;
    if (kernel === "linear") for (let j = 0; j < x.length; j++) s += sv[j] * x[j];
    else {
      for (let j = 0; j < x.length; j++) s += (sv[j] - x[j]) ** 2;
      s = Math.exp(-gamma * s);
    }
    return s;
  });
  const start: number[] = [];
  m.nSv.reduce((at, n, c) => ((start[c] = at), at + n), 0);
  const out: number[] = [];
  let p = 0;
  for (let i = 0; i < m.labels.length; i++) {
    for (let j = i + 1; j < m.labels.length; j++) {
      let sum = 0;
      for (let s = 0; s < m.nSv[i]; s++) sum += m.coef[j - 1][start[i] + s] * kv[start[i] + s];
      for (let s = 0; s < m.nSv[j]; s++) sum += m.coef[i][start[j] + s] * kv[start[j] + s];
      out.push(sum - m.rho[p++]);
    }
  }
  return out;
}

/** Decision values per local class pair (a < b), from libsvm's order (which follows the training rows). */
function pairValues(
  m: ParsedSvm,
  kernel: string,
  gamma: number,
  x: number[],
  K: number,
): Map<number, number> {
  const raw = decisionValues(m, kernel, gamma, x);
  const out = new Map<number, number>();
  let p = 0;
  for (let i = 0; i < m.labels.length; i++) {
    for (let j = i + 1; j < m.labels.length; j++) {
      const [a, b] = [m.labels[i], m.labels[j]];
      out.set(a < b ? a * K + b : b * K + a, a < b ? raw[p] : -raw[p]);
      p++;
    }
  }
  return out;
}

/** libsvm's sigmoid_train: Platt's sigmoid fitted by Newton's method with backtracking (Lin, Lin and Weng). */
export function fitPlatt(dec: number[], positive: boolean[]): { A: number; B: number } {
  const prior1 = positive.filter(Boolean).length;
  const prior0 = positive.length - prior1;
  const hi = (prior1 + 1) / (prior1 + 2);
  const lo = 1 / (prior0 + 2);
  const t = positive.map((p) => (p ? hi : lo));
  const loss = (A: number, B: number) =>
    dec.reduce((f, d, i) => {
      const z = d * A + B;
      return f + (z >= 0 ? t[i] * z + Math.log1p(Math.exp(-z)) : (t[i] - 1) * z + Math.log1p(Math.exp(z)));
    }, 0);
  let A = 0;
  let B = Math.log((prior0 + 1) / (prior1 + 1));
  let f = loss(A, B);
  for (let iter = 0; iter < 100; iter++) {
    let h11 = 1e-12;
    let h22 = 1e-12;
    let h21 = 0;
    let g1 = 0;
    let g2 = 0;
    dec.forEach((d, i) => {
      const z = d * A + B;
      const p = z >= 0 ? Math.exp(-z) / (1 + Math.exp(-z)) : 1 / (1 + Math.exp(z));
      const q = 1 - p;
      h11 += d * d * p * q;
      h22 += p * q;
      h21 += d * p * q;
      g1 += d * (t[i] - p);
      g2 += t[i] - p;
    });
    if (Math.abs(g1) < 1e-5 && Math.abs(g2) < 1e-5) break;
    const det = h11 * h22 - h21 * h21;
    const dA = -(h22 * g1 - h21 * g2) / det;
    const dB = -(-h21 * g1 + h11 * g2) / det;
    const gd = g1 * dA + g2 * dB;
    let step = 1;
    for (; step >= 1e-10; step /= 2) {
      const next = loss(A + step * dA, B + step * dB);
      if (next < f + 0.0001 * step * gd) {
        A += step * dA;
        B += step * dB;
        f = next;
        break;
      }
    }
    if (step < 1e-10) break;
  }
  return { A, B };
}

/** P(first | pair) from a decision value (libsvm's sigmoid_predict), clipped as libsvm does. */
function sigmoid(d: number, { A, B }: { A: number; B: number }): number {
  const z = d * A + B;
  const p = z >= 0 ? Math.exp(-z) / (1 + Math.exp(-z)) : 1 / (1 + Math.exp(z));
  return Math.min(1 - 1e-7, Math.max(1e-7, p));
}

/** libsvm's multiclass_probability: class probabilities from pairwise ones r[i][j] (Wu, Lin and Weng, method 2). */
export function couple(r: number[][]): number[] {
  const k = r.length;
  if (k === 2) return [r[0][1], r[1][0]];
  const Q = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let t = 0; t < k; t++) {
    for (let j = 0; j < k; j++) {
      if (j === t) continue;
      Q[t][t] += r[j][t] * r[j][t];
      Q[t][j] = -r[j][t] * r[t][j];
    }
  }
  const p = new Array<number>(k).fill(1 / k);
  const Qp = new Array<number>(k).fill(0);
  for (let iter = 0; iter < Math.max(100, k); iter++) {
    let pQp = 0;
    for (let t = 0; t < k; t++) {
      Qp[t] = 0;
      for (let j = 0; j < k; j++) Qp[t] += Q[t][j] * p[j];
      pQp += p[t] * Qp[t];
    }
    if (Math.max(...Qp.map((q) => Math.abs(q - pQp))) < 0.005 / k) break;
    for (let t = 0; t < k; t++) {
      const diff = (-Qp[t] + pQp) / Q[t][t];
      p[t] += diff;
      pQp = (pQp + diff * (diff * Q[t][t] + 2 * Qp[t])) / (1 + diff) / (1 + diff);
      for (let j = 0; j < k; j++) {
        Qp[j] = (Qp[j] + diff * Q[t][j]) / (1 + diff);
        p[j] /= 1 + diff;
      }
    }
  }
  return p;
}

/**
 * Fit on local labels 0..K-1 (K ≥ 2): the final model on every row, and for each class pair a Platt sigmoid on
 * the decision values of 5-fold cross-validation (folds dealt per class from `random`).
 */
export function fitSvm(
  X: number[][],
  y: number[],
  classes: number[],
  opts: SvmOptions,
  random: () => number,
): SvmState {
  const K = classes.length;
  const width = X[0]?.length ?? 0;
  const gamma = opts.gamma > 0 ? opts.gamma : scaleGamma(X);
  const model = train(X, y, opts.kernel, gamma, opts.C);
  // Stratified folds: shuffle each class, deal its rows round-robin.
  const fold = new Array<number>(X.length).fill(0);
  let next = 0;
  for (let c = 0; c < K; c++) {
    const members = y.map((v, i) => (v === c ? i : -1)).filter((i) => i >= 0);
    for (let i = members.length - 1; i > 0; i--) {
      const j = Math.min(i, Math.floor(random() * (i + 1)));
      [members[i], members[j]] = [members[j], members[i]];
    }
    for (const i of members) fold[i] = next++ % PROBABILITY_FOLDS;
  }
  const held: Map<number, number>[] = new Array(X.length);
  for (let f = 0; f < PROBABILITY_FOLDS; f++) {
    const trainRows = X.map((_, i) => i).filter((i) => fold[i] !== f);
    const validRows = X.map((_, i) => i).filter((i) => fold[i] === f);
    if (!validRows.length || new Set(trainRows.map((i) => y[i])).size < 2) continue;
    const parsed = parseSvmModel(
      train(
        trainRows.map((i) => X[i]),
        trainRows.map((i) => y[i]),
        opts.kernel,
        gamma,
        opts.C,
      ),
      width,
    );
    for (const i of validRows) held[i] = pairValues(parsed, opts.kernel, gamma, X[i], K);
  }
  const full = parseSvmModel(model, width);
  const platt: SvmState["platt"] = [];
  for (let a = 0; a < K; a++) {
    for (let b = a + 1; b < K; b++) {
      const dec: number[] = [];
      const positive: boolean[] = [];
      X.forEach((x, i) => {
        if (y[i] !== a && y[i] !== b) return;
        // A row whose fold model lacked the pair falls back to the final model's value.
        const d = held[i]?.get(a * K + b) ?? pairValues(full, opts.kernel, gamma, x, K).get(a * K + b);
        if (d === undefined) return;
        dec.push(d);
        positive.push(y[i] === a);
      });
      platt.push(fitPlatt(dec, positive));
    }
  }
  return { classes, kernel: opts.kernel, gamma, model, platt };
}

/** Probabilities over the local classes from the parsed model (no asm.js at prediction time). */
export function svmPredictor(state: SvmState, width: number): (X: number[][]) => number[][] {
  const parsed = parseSvmModel(state.model, width);
  const K = state.classes.length;
  return (X) =>
    X.map((x) => {
      const values = pairValues(parsed, state.kernel, state.gamma, x, K);
      const r = Array.from({ length: K }, () => new Array<number>(K).fill(0));
      let p = 0;
      for (let a = 0; a < K; a++) {
        for (let b = a + 1; b < K; b++) {
          r[a][b] = sigmoid(values.get(a * K + b) ?? 0, state.platt[p++]);
          r[b][a] = 1 - r[a][b];
        }
      }
      return couple(r);
    });
}

const predictors = new WeakMap<SvmState, (X: number[][]) => number[][]>();

/** Probabilities over the local classes; the parsed model is kept per state (the loaded model's lifetime). */
export function svmProba(state: SvmState, X: number[][]): number[][] {
  let predict = predictors.get(state);
  if (!predict) {
    predict = svmPredictor(state, X[0]?.length ?? 0);
    predictors.set(state, predict);
  }
  return predict(X);
}
