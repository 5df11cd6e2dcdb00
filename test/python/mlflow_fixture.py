"""Writes tracking and registry fixtures with MLflow's own Python client and prints what that client reads back.

Usage: mlflow_fixture.py <unique prefix>
Creates experiment <prefix>_exp (tagged), a parent run with two nested children, params, a metric logged at
several steps, tags, a dataset input, an artifact file, a scikit-learn model with a signature (logged as an MLflow 3
logged model and registered twice as <prefix>_model, alias "champion" on version 1, version 2 in "Staging"), and a
copy of the model saved inside the parent run's artifacts under "model" (for the gateway's registerModel).
The last stdout line is JSON of what the Python client reads back; the gateway's answers are compared to it.
"""

import json
import os
import sys
import tempfile
import warnings

warnings.filterwarnings("ignore")

import mlflow  # noqa: E402
import pandas as pd  # noqa: E402
from mlflow import MlflowClient  # noqa: E402
from mlflow.models import infer_signature  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402


def kv(d):
    return [{"key": k, "value": v} for k, v in sorted(d.items())]


def run_dict(client, run):
    info, data = run.info, run.data
    return {
        "id": info.run_id,
        "name": info.run_name,
        "experimentId": info.experiment_id,
        "status": info.status,
        "startTime": info.start_time,
        "endTime": info.end_time,
        "artifactUri": info.artifact_uri,
        "params": kv(data.params),
        "metrics": {k: v for k, v in sorted(data.metrics.items())},
        "tags": kv(data.tags),
        "datasetInputs": [
            {
                "name": di.dataset.name,
                "digest": di.dataset.digest,
                "sourceType": di.dataset.source_type,
                "source": di.dataset.source,
            }
            for di in (run.inputs.dataset_inputs if run.inputs else [])
        ],
    }


def version_dict(mv):
    return {
        "name": mv.name,
        "version": int(mv.version),
        "stage": mv.current_stage,
        "status": mv.status,
        "source": mv.source,
        "runId": mv.run_id,
        "aliases": sorted(mv.aliases or []),
        "tags": kv(mv.tags or {}),
        "creationTimestamp": mv.creation_timestamp,
    }


def main():
    prefix = sys.argv[1]
    client = MlflowClient()
    exp_name = f"{prefix}_exp"
    exp_id = client.create_experiment(exp_name, tags={"team": "ml", "purpose": "fixture"})
    mlflow.set_experiment(experiment_id=exp_id)

    df = pd.DataFrame(
        {
            "x1": [0.1, 0.4, 0.35, 0.8, 0.9, 0.05, 0.6, 0.2],
            "x2": [1.0, 0.2, 0.4, 0.1, 0.3, 0.9, 0.15, 0.7],
            "label": ["a", "b", "b", "b", "b", "a", "b", "a"],
        }
    )
    X, y = df[["x1", "x2"]], df["label"]
    clf = LogisticRegression().fit(X, y)
    signature = infer_signature(X, clf.predict(X))
    dataset = mlflow.data.from_pandas(df, source="fixtures/toy.csv", name=f"{prefix}_toy", targets="label")

    with mlflow.start_run(run_name="parent") as parent:
        mlflow.log_params({"C": "1.0", "solver": "lbfgs"})
        mlflow.set_tags({"stage": "fixture", "owner": "tests"})
        for step, value in [(0, 0.5), (1, 0.625), (2, 0.75), (3, 0.875)]:
            mlflow.log_metric("accuracy", value, step=step)
        mlflow.log_metric("loss", 0.25)
        mlflow.log_input(dataset, context="training")
        mlflow.log_text("hello from the fixture\n", "notes/readme.txt")
        model_info = mlflow.sklearn.log_model(clf, name="clf", signature=signature, input_example=X.head(2))
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "model")
            mlflow.sklearn.save_model(clf, path, signature=signature)
            mlflow.log_artifacts(path, "model")
        children = []
        for i in range(2):
            with mlflow.start_run(run_name=f"child-{i}", nested=True) as child:
                mlflow.log_param("fold", str(i))
                mlflow.log_metric("accuracy", 0.6 + i / 10)
                children.append(child.info.run_id)

    model_name = f"{prefix}_model"
    v1 = mlflow.register_model(model_info.model_uri, model_name)
    v2 = mlflow.register_model(model_info.model_uri, model_name)
    client.set_registered_model_alias(model_name, "champion", v1.version)
    client.transition_model_version_stage(model_name, v2.version, "Staging")
    client.set_model_version_tag(model_name, v1.version, "validated", "yes")
    client.set_registered_model_tag(model_name, "domain", "toy")

    exp = client.get_experiment(exp_id)
    parent_run = client.get_run(parent.info.run_id)
    out = {
        "experiment": {
            "id": exp.experiment_id,
            "name": exp.name,
            "artifactLocation": exp.artifact_location,
            "lifecycleStage": exp.lifecycle_stage,
            "tags": kv({k: v for k, v in exp.tags.items()}),
        },
        "parent": run_dict(client, parent_run),
        "children": [run_dict(client, client.get_run(c)) for c in children],
        "metricHistory": [
            {"step": m.step, "value": m.value, "timestamp": m.timestamp}
            for m in client.get_metric_history(parent.info.run_id, "accuracy")
        ],
        "artifacts": [
            {"path": f.path, "isDir": f.is_dir, "size": f.file_size}
            for f in client.list_artifacts(parent.info.run_id)
        ],
        "notesArtifacts": [
            {"path": f.path, "isDir": f.is_dir, "size": f.file_size}
            for f in client.list_artifacts(parent.info.run_id, "notes")
        ],
        "registeredModel": {
            "name": model_name,
            "tags": kv(client.get_registered_model(model_name).tags),
            "aliases": {a: int(v) for a, v in client.get_registered_model(model_name).aliases.items()},
            "latestVersions": sorted(
                [version_dict(mv) for mv in client.get_registered_model(model_name).latest_versions],
                key=lambda v: v["version"],
            ),
        },
        "versions": [version_dict(client.get_model_version(model_name, v)) for v in (v1.version, v2.version)],
        "signature": mlflow.models.get_model_info(f"models:/{model_name}/{v1.version}").signature.to_dict(),
        "runModelSignature": mlflow.models.get_model_info(f"runs:/{parent.info.run_id}/model").signature.to_dict(),
    }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
