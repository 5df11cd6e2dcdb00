"""Downloads one JSON artifact of a run with MLflow's own Python client and prints it.

Usage: read_artifact_json.py <run_id> <artifact path>  (MLFLOW_TRACKING_URI and S3 settings come from the environment)
"""

import json
import sys

import mlflow


def main() -> None:
    run_id, artifact_path = sys.argv[1], sys.argv[2]
    local = mlflow.artifacts.download_artifacts(run_id=run_id, artifact_path=artifact_path)
    with open(local, encoding="utf-8") as f:
        print(json.dumps(json.load(f)))


if __name__ == "__main__":
    main()
