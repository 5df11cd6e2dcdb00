"""The seeds' way of a hyperparameter grid, as the baseline for bench/train-grid.ts.

scikit-learn + MLflow's Python client against the same MLflow server and the same PostgreSQL table as the gateway:
a parent run, then for each combination a nested run with 5-fold stratified CV, a refit on the training part,
test metrics, log_params/log_metrics, mlflow.sklearn.log_model and register_model (every run, as the seed notebooks
do). Prints one JSON line: wall seconds (after imports), trials, and the test accuracy of the trial with the best
CV accuracy (the gateway's rule).

Usage: train_grid_sklearn.py --pg-url postgres://... --table penguins_x --experiment name --model name
       [--learning-rates 0.01,0.05,0.1,0.5] [--steps 100,300,500] [--folds 5] [--test-fraction 0.2] [--seed 42]
"""
import argparse
import itertools
import json
import os
import time
import warnings

os.environ.setdefault("MLFLOW_ENABLE_TELEMETRY", "false")
os.environ.setdefault("GIT_PYTHON_REFRESH", "quiet")

import mlflow  # noqa: E402
import pandas as pd  # noqa: E402
import psycopg2  # noqa: E402
from mlflow.models import infer_signature  # noqa: E402
from sklearn.compose import ColumnTransformer  # noqa: E402
from sklearn.impute import SimpleImputer  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.metrics import accuracy_score, f1_score, log_loss, precision_score, recall_score, roc_auc_score  # noqa: E402
from sklearn.model_selection import StratifiedKFold, cross_validate, train_test_split  # noqa: E402
from sklearn.pipeline import Pipeline  # noqa: E402
from sklearn.preprocessing import OneHotEncoder, StandardScaler  # noqa: E402

warnings.filterwarnings("ignore")

SCORING = {
    "accuracy": "accuracy",
    "f1_macro": "f1_macro",
    "precision_macro": "precision_macro",
    "recall_macro": "recall_macro",
    "log_loss": "neg_log_loss",
    "roc_auc_ovr": "roc_auc_ovr",
}


def read_table(pg_url: str, table: str) -> pd.DataFrame:
    with psycopg2.connect(pg_url) as conn, conn.cursor() as cur:
        cur.execute(f'SELECT * FROM "{table}"')
        cols = [d[0] for d in cur.description]
        return pd.DataFrame(cur.fetchall(), columns=cols)


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
    # The gateway's learningRate/numSteps map onto scikit-learn's C/max_iter only loosely: the grid has the same
    # size and the same work around each model (CV, refit, test, logging, log_model, register_model).
    grid = list(itertools.product([float(v) for v in a.learning_rates.split(",")], [int(v) for v in a.steps.split(",")]))

    mlflow.set_experiment(a.experiment)
    best = None  # (cv accuracy, test accuracy) of the trial with the best CV accuracy, as the gateway ranks
    with mlflow.start_run(run_name="sklearn-grid"):
        mlflow.log_params({"dataset": a.table, "trials": len(grid), "folds": a.folds})
        for i, (rate, steps) in enumerate(grid):
            with mlflow.start_run(run_name=f"logistic_regression-{i}", nested=True) as run:
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
                        ("clf", LogisticRegression(C=rate * 10, max_iter=steps)),
                    ]
                )
                cv = cross_validate(
                    pipe,
                    X_train,
                    y_train,
                    cv=StratifiedKFold(n_splits=a.folds, shuffle=True, random_state=a.seed),
                    scoring=SCORING,
                )
                metrics = {}
                for name in SCORING:
                    values = cv[f"test_{name}"] * (-1 if name == "log_loss" else 1)
                    metrics[f"cv_{name}_mean"] = float(values.mean())
                    metrics[f"cv_{name}_std"] = float(values.std())
                pipe.fit(X_train, y_train)
                pred = pipe.predict(X_test)
                proba = pipe.predict_proba(X_test)
                metrics.update(
                    {
                        "test_accuracy": accuracy_score(y_test, pred),
                        "test_f1_macro": f1_score(y_test, pred, average="macro"),
                        "test_precision_macro": precision_score(y_test, pred, average="macro", zero_division=0),
                        "test_recall_macro": recall_score(y_test, pred, average="macro"),
                        "test_log_loss": log_loss(y_test, proba, labels=pipe.classes_),
                        "test_roc_auc_ovr": roc_auc_score(y_test, proba, multi_class="ovr"),
                    }
                )
                mlflow.log_params({"algorithm": "LOGISTIC_REGRESSION", "C": rate * 10, "max_iter": steps})
                mlflow.log_metrics(metrics)
                signature = infer_signature(X_test, pred)
                # The seeds pickle their models (MLflow 3's default skops format refuses numpy.dtype in this pipeline).
                mlflow.sklearn.log_model(
                    pipe,
                    name="model",
                    signature=signature,
                    serialization_format=mlflow.sklearn.SERIALIZATION_FORMAT_CLOUDPICKLE,
                )
                mlflow.register_model(f"runs:/{run.info.run_id}/model", a.model)
                if best is None or metrics["cv_accuracy_mean"] > best[0]:
                    best = (metrics["cv_accuracy_mean"], metrics["test_accuracy"])
    print(
        json.dumps(
            {"seconds": time.perf_counter() - started, "trials": len(grid), "best_test_accuracy": best[1]}
        )
    )


if __name__ == "__main__":
    main()
