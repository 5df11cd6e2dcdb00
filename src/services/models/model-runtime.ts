// Loads a gateway model file (model/model.json) for prediction: raw rows in, class probabilities out.
import { badInput } from "../../errors";
import { loadEstimator } from "./estimators";
import { ALGORITHMS, AlgorithmName } from "./hyperparams";
import { GATEWAY_FLAVOR, GatewayModelFile, LoadedModel, MODEL_FORMAT_VERSION } from "./model-format";
import { transformRows } from "./pipeline";

/** Why a model file cannot be served (the caller maps it to UNSUPPORTED_MODEL). */
export class ModelFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ModelFormatError";
  }
}

/**
 * Build a predictor from a model file. Throws ModelFormatError when the file is not a gateway model of a
 * supported format version. predictProba throws BAD_USER_INPUT (field `inputs[i].column`) for a value that is
 * not a number in a numeric column; missing values are imputed as in training.
 */
export function loadGatewayModel(file: GatewayModelFile): LoadedModel {
  if (!file || typeof file !== "object" || file.format !== GATEWAY_FLAVOR) {
    throw new ModelFormatError(`not a ${GATEWAY_FLAVOR} model file (format ${JSON.stringify(file?.format)})`);
  }
  if (file.formatVersion !== MODEL_FORMAT_VERSION) {
    throw new ModelFormatError(
      `model format version ${file.formatVersion} is not supported (this gateway reads version ${MODEL_FORMAT_VERSION})`,
    );
  }
  if (!ALGORITHMS.includes(file.algorithm as AlgorithmName)) {
    throw new ModelFormatError(
      `algorithm ${JSON.stringify(file.algorithm)} is not supported by this gateway`,
    );
  }
  if (!Array.isArray(file.classes) || !file.classes.length || !file.pipeline) {
    throw new ModelFormatError("the model file has no classes or no pipeline");
  }
  const estimator = loadEstimator(file.algorithm as AlgorithmName, file.estimator, file.classes.length);
  return {
    file,
    predictProba(rows) {
      const X = transformRows(file.pipeline, rows, (row, column, value) => {
        throw badInput(
          `inputs[${row}].${column} = ${JSON.stringify(value)} is not a number; ${column} is numeric (send a number or null)`,
          { field: `inputs[${row}].${column}` },
        );
      });
      return estimator.predictProba(X);
    },
  };
}
