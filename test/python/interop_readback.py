"""Reads gateway-trained models back with MLflow's own Python client, as a user of MLflow would.

Usage: interop_readback.py <request.json>, where the file holds {"experiment": name, "models": [names],
"rows": [...]}. MLFLOW_TRACKING_URI (and S3 settings) come from the environment. Prints one JSON line: per
registered model what pyfunc predicts for the rows at @champion, the version's model ids and run_id, whether its
model.onnx passes onnx.checker (full_check); and the experiment's LoggedModels with status, metrics and run.
"""
import json
import os
import sys

import mlflow
import onnx
import pandas as pd
from mlflow import MlflowClient


def main() -> None:
    with open(sys.argv[1], encoding="utf-8") as f:
        req = json.load(f)
    client = MlflowClient()
    experiment = client.get_experiment_by_name(req["experiment"])
    rows = pd.DataFrame(req["rows"])
    out = {"experiment_tags": experiment.tags, "models": {}, "logged_models": []}
    for name in req["models"]:
        uri = f"models:/{name}@champion"
        predicted = mlflow.pyfunc.load_model(uri).predict(rows)
        mv = client.get_model_version_by_alias(name, "champion")
        local = mlflow.artifacts.download_artifacts(uri)
        onnx.checker.check_model(onnx.load(os.path.join(local, "model.onnx")), full_check=True)
        out["models"][name] = {
            "label": [str(x) for x in predicted["label"]],
            "probabilities": predicted["probabilities"].tolist(),
            # MLflow 3.17's SQL registry keeps no model_id column (mv.model_id reads None even for versions the
            # Python client registers): the link is the source models:/<id>, the MLmodel's model_id, and the
            # LoggedModel's mlflow.modelVersions tag.
            "version_model_id": mv.model_id,
            "model_info_model_id": mlflow.models.get_model_info(uri).model_id,
            "run_id": mv.run_id,
            "source": mv.source,
            "onnx_checked": True,
        }
    for m in mlflow.search_logged_models(experiment_ids=[experiment.experiment_id], output_format="list"):
        out["logged_models"].append(
            {
                "model_id": m.model_id,
                "name": m.name,
                "status": str(m.status),
                "source_run_id": m.source_run_id,
                "artifact_location": m.artifact_location,
                "metrics": {x.key: x.value for x in (m.metrics or [])},
                "params": m.params,
                "model_versions": json.loads(m.tags.get("mlflow.modelVersions", "[]")),
            }
        )
    print(json.dumps(out))


if __name__ == "__main__":
    main()
