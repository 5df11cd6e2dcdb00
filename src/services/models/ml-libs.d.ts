// Type declarations for the ml.js packages the estimators use that ship without types (only what we call).

declare module "ml-logistic-regression" {
  import type { Matrix } from "ml-matrix";
  interface TwoClassModel {
    /** sigmoid(x·w) per row: the probability of "not this class" (targets are 0 for the class). */
    testScores(features: Matrix): number[];
    /** 1 × d: the weights testScores multiplies by. */
    weights: Matrix;
  }
  class LogisticRegression {
    constructor(options?: { numSteps?: number; learningRate?: number });
    numberClasses: number;
    classifiers: TwoClassModel[];
    train(X: Matrix, Y: Matrix): void;
    predict(X: Matrix): number[];
    toJSON(): Record<string, unknown>;
    static load(model: unknown): LogisticRegression;
  }
  export = LogisticRegression;
}

declare module "ml-cart" {
  import type { Matrix } from "ml-matrix";
  interface TreeNode {
    /** The leaf's class frequencies (a 1×k row, k = largest class index in the leaf + 1). */
    classify(row: number[]): Matrix;
  }
  export class DecisionTreeClassifier {
    constructor(options?: {
      gainFunction?: string;
      splitFunction?: string;
      minNumSamples?: number;
      maxDepth?: number;
      gainThreshold?: number;
    });
    root: TreeNode;
    train(X: number[][] | Matrix, y: number[]): void;
    predict(X: number[][] | Matrix): number[];
    toJSON(): Record<string, unknown>;
    static load(model: unknown): DecisionTreeClassifier;
  }
}

declare module "ml-knn" {
  interface KDTree {
    /** The k nearest training points (each with its label appended) and their distances. */
    nearest(point: number[], k: number): [number[], number][];
  }
  class KNN {
    constructor(dataset: number[][], labels: number[], options?: { k?: number });
    k: number;
    kdTree: KDTree;
    predict(dataset: number[][]): number[];
    toJSON(): Record<string, unknown>;
    static load(model: unknown): KNN;
  }
  export = KNN;
}

declare module "ml-naivebayes" {
  import type { Matrix } from "ml-matrix";
  export class GaussianNB {
    /** Per class: the mean of each feature. */
    means: number[][];
    /** Per class: [log prior, then per feature [1 / (sqrt(2π)·std), -2·std²]]. */
    calculateProbabilities: [number, ...[number, number][]][];
    train(X: number[][] | Matrix, y: number[]): void;
    predict(X: number[][] | Matrix): number[];
    toJSON(): Record<string, unknown>;
    static load(model: unknown): GaussianNB;
  }
}

declare module "libsvm-js/asm" {
  interface SvmOptions {
    type?: number;
    kernel?: number;
    gamma?: number;
    cost?: number;
    probabilityEstimates?: boolean;
    quiet?: boolean;
  }
  class SVM {
    constructor(options?: SvmOptions);
    train(samples: number[][], labels: number[]): void;
    predict(samples: number[][]): number[];
    /** Per row: the predicted label and one probability per label (libsvm's pairwise coupling of Platt scores). */
    predictProbability(
      samples: number[][],
    ): { prediction: number; estimates: { label: number; probability: number }[] }[];
    getLabels(): number[];
    /** libsvm's model file text. */
    serializeModel(): string;
    /** The model lives in the asm.js heap, outside the garbage collector: free it when done. */
    free(): void;
    static load(serialized: string): SVM;
    static SVM_TYPES: { C_SVC: number };
    static KERNEL_TYPES: { LINEAR: number; RBF: number };
  }
  export = SVM;
}
