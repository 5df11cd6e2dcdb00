"""Logs and registers a scikit-learn model with MLflow's own Python client (a model the gateway must refuse).

Usage: serving_sklearn_model.py <registered model name> <experiment name>
Prints one JSON line: {"name", "version", "runId", "source"}.
"""
import json
import sys
import warnings

warnings.filterwarnings("ignore")

import mlflow  # noqa: E402
import numpy as np  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402

name, experiment = sys.argv[1], sys.argv[2]
mlflow.set_experiment(experiment)
X = np.array([[0.0, 1.0], [1.0, 0.0], [0.2, 0.9], [0.9, 0.1]])
y = np.array(["a", "b", "a", "b"])
with mlflow.start_run() as run:
    info = mlflow.sklearn.log_model(
        LogisticRegression().fit(X, y), name="model", registered_model_name=name, input_example=X[:1]
    )
client = mlflow.MlflowClient()
mv = client.get_model_version(name, info.registered_model_version)
print(json.dumps({"name": name, "version": int(mv.version), "runId": run.info.run_id, "source": mv.source}))
