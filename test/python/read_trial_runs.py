"""Reads trainGrid trial runs with MLflow's own Python client: status, parent run and a metric's history.

Usage: read_trial_runs.py <metric> <run_id>...  (MLFLOW_TRACKING_URI and S3 settings come from the environment)
"""
import json
import sys

from mlflow.tracking import MlflowClient


def main() -> None:
    metric, run_ids = sys.argv[1], sys.argv[2:]
    client = MlflowClient()
    out = {}
    for run_id in run_ids:
        run = client.get_run(run_id)
        history = client.get_metric_history(run_id, metric)
        out[run_id] = {
            "status": run.info.status,
            "parent": run.data.tags.get("mlflow.parentRunId"),
            "params": run.data.params,
            "history": sorted([[m.step, m.value] for m in history]),
        }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
