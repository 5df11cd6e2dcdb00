"""The strongest way a Python user runs the same grid, as a second baseline for bench/train-grid.ts.

scikit-learn's GridSearchCV(n_jobs=2) over the same pipeline and grid as train_grid_sklearn.py (5-fold stratified
CV, refit on the training part), then MLflow: a parent run, one nested run per candidate with its params and CV
metrics written in one log-batch call, and only the best candidate's model logged (mlflow.sklearn.log_model) and
registered. Prints one JSON line: wall seconds (after imports), trials, and the best candidate's test accuracy.

Usage: train_grid_gridsearch.py --pg-url postgres://... --table penguins_x --experiment name --model name
       [--learning-rates 0.01,0.05,0.1,0.5] [--steps 100,300,500] [--folds 5] [--test-fraction 0.2] [--seed 42]
"""
import argparse
import json
import os
import time
import warnings

os.environ.setdefault("MLFLOW_ENABLE_TELEMETRY", "false")
os.environ.setdefault("GIT_PYTHON_REFRESH", "quiet")

import mlflow  # noqa: E402
import pandas as pd  # noqa: E402
from mlflow.entities import Metric, Param  # noqa: E402
from mlflow.models import infer_signature  # noqa: E402
from mlflow.tracking import MlflowClient  # noqa: E402
from sklearn.compose import ColumnTransformer  # noqa: E402
from sklearn.impute import SimpleImputer  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.metrics import accuracy_score  # noqa: E402
from sklearn.model_selection import GridSearchCV, StratifiedKFold, train_test_split  # noqa: E402
from sklearn.pipeline import Pipeline  # noqa: E402
from sklearn.preprocessing import OneHotEncoder, StandardScaler  # noqa: E402

from train_grid_sklearn import SCORING, read_table  # noqa: E402

warnings.filterwarnings("ignore")


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--pg-url", required=True)
    p.add_argument("--table", required=True)
    p.add_argument("--experiment", required=True)
    p.add_argument("--model", required=True)
    p.add_argument("--label", default="species")
    p.add_argument("--learning-rates", default="0.01,0.05,0.1,0.5")
    p.add_argument("--steps", default="100,300,500")
    p.add_argument("--folds", type=int, default=5)
    p.add_argument("--test-fraction", type=float, default=0.2)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--jobs", type=int, default=2)
    a = p.parse_args()

    started = time.perf_counter()
    df = read_table(a.pg_url, a.table).dropna(subset=[a.label])
    X = df.drop(columns=[a.label])
    y = df[a.label].astype(str)
    numeric = [c for c in X.columns if pd.api.types.is_numeric_dtype(X[c])]
    categorical = [c for c in X.columns if c not in numeric]
    X[numeric] = X[numeric].astype(float)
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=a.test_fraction, stratify=y, random_state=a.seed
    )
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
                                    ("impute", SimpleImputer(strategy="most_frequent")),
                                    ("onehot", OneHotEncoder(handle_unknown="ignore")),
                                ]
                            ),
                            categorical,
                        ),
                    ]
                ),
            ),
            ("clf", LogisticRegression()),
        ]
    )
    # The same mapping as train_grid_sklearn.py: learningRate → C = 10 × rate, numSteps → max_iter.
    grid = {
        "clf__C": [float(v) * 10 for v in a.learning_rates.split(",")],
        "clf__max_iter": [int(v) for v in a.steps.split(",")],
    }
    search = GridSearchCV(
        pipe,
        grid,
        scoring=SCORING,
        refit="accuracy",
        cv=StratifiedKFold(n_splits=a.folds, shuffle=True, random_state=a.seed),
        n_jobs=a.jobs,
    )
    search.fit(X_train, y_train)
    res = search.cv_results_
    test_accuracy = accuracy_score(y_test, search.best_estimator_.predict(X_test))

    client = MlflowClient()
    mlflow.set_experiment(a.experiment)
    with mlflow.start_run(run_name="sklearn-gridsearchcv") as parent:
        experiment_id = parent.info.experiment_id
        now = int(time.time() * 1000)
        for i, params in enumerate(res["params"]):
            child = client.create_run(
                experiment_id,
                run_name=f"logistic_regression-{i}",
                tags={"mlflow.parentRunId": parent.info.run_id},
            )
            metrics = []
            for name in SCORING:
                sign = -1 if name == "log_loss" else 1
                metrics.append(Metric(f"cv_{name}_mean", sign * float(res[f"mean_test_{name}"][i]), now, 0))
                metrics.append(Metric(f"cv_{name}_std", float(res[f"std_test_{name}"][i]), now, 0))
            client.log_batch(
                child.info.run_id,
                metrics=metrics,
                params=[Param(k.replace("clf__", ""), str(v)) for k, v in params.items()]
                + [Param("algorithm", "LOGISTIC_REGRESSION")],
            )
            client.set_terminated(child.info.run_id)
        mlflow.log_params({"dataset": a.table, "trials": len(res["params"]), "folds": a.folds})
        mlflow.log_params({f"best_{k.replace('clf__', '')}": v for k, v in search.best_params_.items()})
        mlflow.log_metric("test_accuracy", test_accuracy)
        signature = infer_signature(X_test, search.best_estimator_.predict(X_test))
        mlflow.sklearn.log_model(
            search.best_estimator_,
            name="model",
            signature=signature,
            serialization_format=mlflow.sklearn.SERIALIZATION_FORMAT_CLOUDPICKLE,
        )
        mlflow.register_model(f"runs:/{parent.info.run_id}/model", a.model)
    print(
        json.dumps(
            {
                "seconds": time.perf_counter() - started,
                "trials": len(res["params"]),
                "best_test_accuracy": test_accuracy,
            }
        )
    )


if __name__ == "__main__":
    main()
