"""Calls the Airflow example's task functions as plain callables against a running gateway; prints JSON.

usage: airflow_tasks.py <graphql url> <api key> <batch url> <table> <experiment> <model> [<pipeline id>]
With a pipeline id, run_gateway_pipeline runs that pipeline once more after the task-by-task runs.
"""

import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "examples", "airflow"))
import gateway_pipeline_dag as flow  # noqa: E402

url, key, batch_url, table, experiment, model = sys.argv[1:7]
gw = flow.Gateway(url=url, api_key=key, timeout_s=300)
train = {
    "experimentName": experiment,
    "dataset": table,
    "label": "label",
    "grid": [{"algorithm": "LOGISTIC_REGRESSION", "params": {"learningRate": [0.1], "numSteps": [150]}}],
    "folds": 2,
    "registerAs": model,
}
out = {"runs": []}
for _ in range(2):
    rows = flow.ingest_next_batch(gw, table, batch_url)
    trained = flow.train_model(gw, train)
    promotion = flow.promote_if_better(gw, trained["model"], trained["version"])
    out["runs"].append({"rows": rows, "version": trained["version"], "promotion": promotion})
if len(sys.argv) > 7:
    out["pipelineRun"] = flow.run_gateway_pipeline(gw, sys.argv[7])
try:
    flow.graphql(flow.Gateway(url=url, api_key="wrong"), "{ pipelines { id } }")
    out["wrongKey"] = None
except flow.GatewayError as err:
    out["wrongKey"] = err.errors[0].get("extensions", {}).get("code")
print(json.dumps(out))
