"""Airflow DAG: the seeds' ingest -> train -> promote-if-better flow, driven through the gateway's GraphQL API.

Each task is a plain function of (gateway, ...) that sends one GraphQL operation over HTTP with the standard
library, so it runs (and is tested) without Airflow. With Airflow installed, the DAG at the bottom wires them
together and reads the gateway's URL and API key from the Airflow connection `mlops_gateway` (host: the
/graphql URL, password: the API key).
"""

from __future__ import annotations

import json
import urllib.request
from dataclasses import dataclass
from typing import Any


@dataclass
class Gateway:
    """Where the gateway's /graphql endpoint is and the API key to send (Authorization: Bearer)."""

    url: str
    api_key: str | None = None
    timeout_s: float = 600.0


class GatewayError(RuntimeError):
    """The gateway answered with GraphQL errors; `errors` holds them (message, extensions.code, ...)."""

    def __init__(self, errors: list[dict[str, Any]]):
        self.errors = errors
        first = errors[0]
        code = first.get("extensions", {}).get("code")
        super().__init__(f"{code}: {first.get('message')}" if code else str(first.get("message")))


def graphql(gw: Gateway, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    """POST one operation; return `data`, or raise GatewayError with the errors."""
    body = json.dumps({"query": query, "variables": variables or {}}).encode()
    headers = {"content-type": "application/json"}
    if gw.api_key:
        headers["authorization"] = f"Bearer {gw.api_key}"
    req = urllib.request.Request(gw.url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=gw.timeout_s) as res:
            answer = json.load(res)
    except urllib.error.HTTPError as err:  # GraphQL errors can come with a 4xx status and a JSON body
        answer = json.load(err)
    if answer.get("errors"):
        raise GatewayError(answer["errors"])
    return answer["data"]


def ingest_next_batch(gw: Gateway, table: str, batch_url: str, source: str = "MYSQL") -> int:
    """Fetch the next batch from the data API and append it to the table; returns the rows written."""
    data = graphql(
        gw,
        """mutation Ingest($input: IngestDatasetInput!) {
          ingestDataset(input: $input) { rowsWritten }
        }""",
        {"input": {"name": table, "url": batch_url, "mode": "APPEND", "source": source}},
    )
    return data["ingestDataset"]["rowsWritten"]


def train_model(gw: Gateway, train_input: dict[str, Any]) -> dict[str, Any]:
    """Run trainGrid (waiting for it) and return the job id, its status and the registered version."""
    data = graphql(
        gw,
        """mutation Train($input: TrainGridInput!) {
          trainGrid(input: $input) { id status error modelVersion { name version } }
        }""",
        {"input": {**train_input, "wait": True}},
    )
    job = data["trainGrid"]
    if job["status"] != "SUCCEEDED":
        raise RuntimeError(f"training job {job['id']} ended {job['status']}: {job['error']}")
    return {"jobId": job["id"], "model": job["modelVersion"]["name"], "version": job["modelVersion"]["version"]}


def promote_if_better(
    gw: Gateway, model: str, version: int, metric: str = "test_accuracy", alias: str = "champion"
) -> dict[str, Any]:
    """Move the alias to the version only if it beats the alias's holder on the metric (promoteModel's guard)."""
    data = graphql(
        gw,
        """mutation Promote($input: PromoteModelInput!) {
          promoteModel(input: $input) { promoted reason previous { version } }
        }""",
        {"input": {"name": model, "version": version, "alias": alias, "requireBetter": {"metric": metric}}},
    )
    return data["promoteModel"]


def run_gateway_pipeline(gw: Gateway, pipeline_id: str) -> dict[str, Any]:
    """Or let the gateway run the whole chain: runPipeline of a pipeline made with createPipeline."""
    data = graphql(
        gw,
        """mutation Run($id: ID!) {
          runPipeline(id: $id) { id status error rowsIngested promotion { promoted reason } }
        }""",
        {"id": pipeline_id},
    )
    run = data["runPipeline"]
    if run["status"] != "SUCCEEDED":
        raise RuntimeError(f"pipeline run {run['id']} ended {run['status']}: {run['error']}")
    return run


# ------------------------------------------------------------------------------------------------ the DAG
try:  # Airflow is optional: without it this file is a library of task functions.
    import pendulum
    from airflow.decorators import dag, task
    from airflow.hooks.base import BaseHook
except ImportError:  # pragma: no cover - exercised only where Airflow is installed
    dag = None

TABLE = "penguins_stream"
BATCH_URL = "http://batch-api.internal:8080/next"
TRAIN = {
    "experimentName": "penguins_stream",
    "dataset": TABLE,
    "label": "species",
    "grid": [{"algorithm": "LOGISTIC_REGRESSION", "params": {"learningRate": [0.05, 0.1], "numSteps": [500]}}],
    "folds": 3,
    "rankBy": "f1_macro",
    "registerAs": "penguins_stream",
}

if dag is not None:  # pragma: no cover

    def _gateway() -> Gateway:
        conn = BaseHook.get_connection("mlops_gateway")
        return Gateway(url=conn.host, api_key=conn.password)

    @dag(schedule="*/5 * * * *", start_date=pendulum.datetime(2026, 1, 1, tz="UTC"), catchup=False, max_active_runs=1)
    def gateway_ingest_train_promote():
        @task
        def ingest() -> int:
            return ingest_next_batch(_gateway(), TABLE, BATCH_URL)

        @task
        def train(_rows: int) -> dict:
            return train_model(_gateway(), TRAIN)

        @task
        def promote(trained: dict) -> dict:
            return promote_if_better(_gateway(), trained["model"], trained["version"], metric="test_f1_macro")

        promote(train(ingest()))

    gateway_ingest_train_promote()
