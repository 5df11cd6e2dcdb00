"""Reads a registered model back with MLflow's own client: aliases, and one version's tags, stage, description.

Usage: registry_readback.py NAME VERSION  -> prints one JSON line.
"""
import json
import sys

from mlflow import MlflowClient

name, version = sys.argv[1], sys.argv[2]
client = MlflowClient()
model = client.get_registered_model(name)
mv = client.get_model_version(name, version)
print(
    json.dumps(
        {
            "aliases": dict(model.aliases),
            "modelTags": dict(model.tags),
            "version": {
                "version": int(mv.version),
                "tags": dict(mv.tags),
                "stage": mv.current_stage,
                "description": mv.description,
            },
        }
    )
)
