"""The model MLflow's own scoring server serves in bench/predict.ts: a scikit-learn logistic regression on penguins.

Trains on data/penguins.csv (the same rows as the gateway's built-in PENGUINS table), logs the pipeline with
mlflow.sklearn.log_model to the stack's MLflow (S3 artifacts) and registers it, so that
`mlflow models serve -m models:/<name>/<version> --env-manager local` can serve it.
Prints one JSON line: name, version, model URI, test accuracy, library versions.

With --onnx it also converts the same fitted pipeline with skl2onnx (one [-1, 1] input per column, zipmap off) and
logs it with mlflow.onnx.log_model (with a signature) as version 1 of <name>_onnx: the model both the gateway and
`mlflow models serve` serve in the ONNX rows of the benchmark (onnxModelUri, onnxName in the JSON line).

Usage: serve_model_sklearn.py --csv data/penguins.csv --model name [--experiment name] [--seed 42] [--onnx]
Needs MLFLOW_TRACKING_URI, MLFLOW_S3_ENDPOINT_URL and the AWS_* keys of the stack's S3 in the environment.
"""
import argparse
import json
import os
import platform
import warnings

os.environ.setdefault("MLFLOW_ENABLE_TELEMETRY", "false")
os.environ.setdefault("GIT_PYTHON_REFRESH", "quiet")

import mlflow  # noqa: E402
import pandas as pd  # noqa: E402
import sklearn  # noqa: E402
from mlflow.models import infer_signature  # noqa: E402
from sklearn.compose import ColumnTransformer  # noqa: E402
from sklearn.impute import SimpleImputer  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.metrics import accuracy_score  # noqa: E402
from sklearn.model_selection import train_test_split  # noqa: E402
from sklearn.pipeline import Pipeline  # noqa: E402
from sklearn.preprocessing import OneHotEncoder, StandardScaler  # noqa: E402

warnings.filterwarnings("ignore")


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--csv", required=True)
    p.add_argument("--model", required=True)
    p.add_argument("--experiment", default="gwtest_bench_serving_baseline")
    p.add_argument("--label", default="species")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--onnx", action="store_true")
    a = p.parse_args()

    df = pd.read_csv(a.csv, na_values=["NA", ""]).dropna(subset=[a.label])
    X = df.drop(columns=[a.label])
    y = df[a.label].astype(str)
    numeric = [c for c in X.columns if pd.api.types.is_numeric_dtype(X[c])]
    categorical = [c for c in X.columns if c not in numeric]
    # Doubles in the signature: JSON clients send 181 and 181.0 alike, and MLflow converts int64 to float64.
    X[numeric] = X[numeric].astype(float)
    # Missing text is the string "NA", imputed by the pipeline: skl2onnx converts imputers of string missing values
    # only, and the ONNX copy (--onnx) is the same fitted pipeline.
    X[categorical] = X[categorical].fillna("NA").astype(object)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, stratify=y, random_state=a.seed)
    pipe = Pipeline(
        [
            (
                "prep",
                ColumnTransformer(
                    [
                        ("num", Pipeline([("impute", SimpleImputer()), ("scale", StandardScaler())]), numeric),
                        (
                            "cat",
                            Pipeline(
                                [
                                    ("impute", SimpleImputer(missing_values="NA", strategy="most_frequent")),
                                    ("onehot", OneHotEncoder(handle_unknown="ignore")),
                                ]
                            ),
                            categorical,
                        ),
                    ]
                ),
            ),
            ("clf", LogisticRegression(max_iter=1000)),
        ]
    )
    pipe.fit(X_train, y_train)
    accuracy = accuracy_score(y_test, pipe.predict(X_test))

    mlflow.set_experiment(a.experiment)
    with mlflow.start_run(run_name="sklearn-logistic-regression"):
        mlflow.log_params({"algorithm": "LogisticRegression", "max_iter": 1000})
        mlflow.log_metric("test_accuracy", accuracy)
        info = mlflow.sklearn.log_model(
            pipe,
            name="model",
            signature=infer_signature(X_test, pipe.predict(X_test)),
            # MLflow 3's default skops format refuses numpy.dtype in this pipeline; the seeds pickle.
            serialization_format=mlflow.sklearn.SERIALIZATION_FORMAT_CLOUDPICKLE,
            registered_model_name=a.model,
        )
    version = info.registered_model_version
    onnx_out = log_onnx_copy(pipe, X_test, numeric, categorical, a.model + "_onnx") if a.onnx else {}
    print(
        json.dumps(
            {
                **onnx_out,
                "name": a.model,
                "version": version,
                "modelUri": f"models:/{a.model}/{version}",
                "testAccuracy": accuracy,
                "versions": {
                    "python": platform.python_version(),
                    "mlflow": mlflow.__version__,
                    "scikit-learn": sklearn.__version__,
                    "pandas": pd.__version__,
                },
            }
        )
    )


def log_onnx_copy(pipe, X_test, numeric, categorical, name):
    import numpy as np
    from skl2onnx import convert_sklearn
    from skl2onnx.common.data_types import FloatTensorType, StringTensorType

    types = [(c, FloatTensorType([None, 1])) for c in numeric] + [(c, StringTensorType([None, 1])) for c in categorical]
    onx = convert_sklearn(
        pipe, initial_types=types, options={id(pipe): {"zipmap": False}}, target_opset={"": 17, "ai.onnx.ml": 3}
    )
    sample = X_test.dropna().head(5)
    feeds = {c: sample[[c]].to_numpy().astype(np.float32) for c in numeric}
    feeds.update({c: sample[[c]].to_numpy().astype(object) for c in categorical})
    import onnxruntime as ort

    label, proba = ort.InferenceSession(onx.SerializeToString(), providers=["CPUExecutionProvider"]).run(None, feeds)
    with mlflow.start_run(run_name="sklearn-logistic-regression-onnx"):
        info = mlflow.onnx.log_model(
            onx,
            name="model",
            signature=infer_signature(feeds, {"label": label, "probabilities": proba}),
            registered_model_name=name,
            pip_requirements=["onnx", "onnxruntime"],
        )
    version = info.registered_model_version
    return {"onnxName": name, "onnxVersion": version, "onnxModelUri": f"models:/{name}/{version}"}


if __name__ == "__main__":
    main()
