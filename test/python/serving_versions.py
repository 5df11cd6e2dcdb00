"""Creates one run per metric value (logging the metric) and registers each run as a version of a model.

Usage: serving_versions.py <registered model name> <experiment name> <metric key> <value> [<value> ...]
Prints one JSON line: {"name", "versions": [{"version", "runId", "value"}]} (version 1 has the first value).
The versions point at `<run artifact uri>/model`; promotion never reads model files, so none are written.
"""
import json
import sys
import warnings

warnings.filterwarnings("ignore")

import mlflow  # noqa: E402
from mlflow import MlflowClient  # noqa: E402

name, experiment, metric = sys.argv[1], sys.argv[2], sys.argv[3]
values = [float(v) for v in sys.argv[4:]]
mlflow.set_experiment(experiment)
client = MlflowClient()
client.create_registered_model(name)
out = []
for value in values:
    with mlflow.start_run() as run:
        mlflow.log_metric(metric, value)
    mv = client.create_model_version(name, f"{run.info.artifact_uri}/model", run_id=run.info.run_id)
    out.append({"version": int(mv.version), "runId": run.info.run_id, "value": value})
print(json.dumps({"name": name, "versions": out}))
