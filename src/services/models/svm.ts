// Support vector classifier: libsvm (libsvm-js, compiled to asm.js, no install script) as scikit-learn's SVC
// uses it, with libsvm's own probability estimates (Platt scaling per class pair, then pairwise coupling).
import SVM from "libsvm-js/asm";

export interface SvmOptions {
  C: number;
  kernel: string;
  /** RBF width; 0 means scikit-learn's "scale": 1 / (features · variance of X). */
  gamma: number;
}

/** The fitted state: libsvm's model file text and the local → job class mapping. */
export interface SvmState {
  classes: number[];
  /** The gamma used (after resolving "scale"). */
  gamma: number;
  model: string;
}

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

/** Fit on local labels 0..K-1 (K ≥ 2). The model is freed from the asm.js heap once serialized. */
export function fitSvm(X: number[][], y: number[], classes: number[], opts: SvmOptions): SvmState {
  const gamma = opts.gamma > 0 ? opts.gamma : scaleGamma(X);
  const svm = new SVM({
    type: SVM.SVM_TYPES.C_SVC,
    kernel: opts.kernel === "linear" ? SVM.KERNEL_TYPES.LINEAR : SVM.KERNEL_TYPES.RBF,
    gamma,
    cost: opts.C,
    probabilityEstimates: true,
    quiet: true,
  });
  try {
    svm.train(X, y);
    return { classes, gamma, model: svm.serializeModel() };
  } finally {
    svm.free();
  }
}

/** Probabilities over the local classes (columns in local class order). */
export function svmProba(state: SvmState, X: number[][]): number[][] {
  // Loaded per call and freed at once: the asm.js heap is not garbage collected, and parsing is cheap.
  const svm = SVM.load(state.model);
  try {
    return svm.predictProbability(X).map((r) => {
      const out = new Array<number>(state.classes.length).fill(0);
      for (const e of r.estimates) out[e.label] = e.probability;
      return out;
    });
  } finally {
    svm.free();
  }
}
