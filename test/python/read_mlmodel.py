"""Reads a trainGrid trial's model with MLflow's own Python client and prints what it sees as JSON.

Usage: read_mlmodel.py <run_id>  (MLFLOW_TRACKING_URI and S3 settings come from the environment)
"""
import json
import sys

import mlflow
from mlflow.models import Model


def main() -> None:
    run_id = sys.argv[1]
    uri = f"runs:/{run_id}/model"
    info = mlflow.models.get_model_info(uri)
    model = Model.load(uri)
    local = mlflow.artifacts.download_artifacts(run_id=run_id, artifact_path="model/model.json")
    with open(local, encoding="utf-8") as f:
        model_json = json.load(f)
    signature = info.signature
    print(
        json.dumps(
            {
                "flavors": info.flavors,
                "run_id": info.run_id,
                "artifact_path": info.artifact_path,
                "utc_time_created": info.utc_time_created,
                "mlflow_version": info.mlflow_version,
                "model_uuid": info.model_uuid,
                "inputs": [{"name": c.name, "type": c.type.name} for c in signature.inputs.inputs],
                "outputs": [{"name": c.name, "type": c.type.name} for c in signature.outputs.inputs],
                "loaded_flavors": sorted(model.flavors),
                "model_json_classes": model_json["classes"],
                "model_json_algorithm": model_json["algorithm"],
            }
        )
    )


if __name__ == "__main__":
    main()
