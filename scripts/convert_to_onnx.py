"""Convert a registered scikit-learn model version to ONNX and register the copy as a new version of the same model.

Usage (with the stack's venv, MLFLOW_TRACKING_URI and the S3 settings in the environment):
    .stack/venv/bin/python scripts/convert_to_onnx.py <name>/<version> | <name>@<alias> [--alias ALIAS] [--tolerance T]

The version must have MLflow's sklearn flavor and an input example (log it with `input_example=`). The script loads
the model with MLflow (that unpickles it: run it only on models you trust, as you would in a notebook), converts
it with skl2onnx using the version's signature (or, without one, the input example) for the input names and types,
checks that onnxruntime reproduces predict_proba on the input example within --tolerance (default 1e-4), and logs the
ONNX copy with mlflow.onnx.log_model (with a signature) as a new version of the same registered model. With --alias,
the alias is moved to the new version. The last stdout line is JSON: name, version, source, modelId, maxDiff.
Exit status 1 with a message on stderr when the version cannot be converted or the check fails.
"""

import argparse
import json
import os
import sys
import tempfile
import warnings

warnings.filterwarnings("ignore")

import mlflow  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from mlflow import MlflowClient  # noqa: E402
from mlflow.models import Model, infer_signature  # noqa: E402


def fail(message):
    print(f"convert_to_onnx: {message}", file=sys.stderr)
    sys.exit(1)


def resolve(client, reference):
    if "@" in reference:
        name, alias = reference.rsplit("@", 1)
        return client.get_model_version_by_alias(name, alias)
    if "/" in reference:
        name, version = reference.rsplit("/", 1)
        if version.isdigit():
            return client.get_model_version(name, version)
    fail(f"{reference!r} is not a model reference: use <name>/<version> or <name>@<alias>")


def column_inputs(signature, example, model):
    """(name, kind) per ONNX input: one [-1, 1] tensor per named column, or one [-1, n] float tensor."""
    names = list(getattr(model, "feature_names_in_", []))
    if signature is not None and signature.inputs.has_input_names() and names:
        kinds = {c.name: str(c.type) for c in signature.inputs.inputs}
        return [(n, "string" if "string" in kinds.get(n, "").lower() else "float") for n in names], True
    if isinstance(example, pd.DataFrame) and names:
        return [(n, "string" if example[n].dtype == object else "float") for n in names], True
    width = getattr(model, "n_features_in_", None) or np.asarray(example).shape[1]
    return [("input", width)], False


def feeds_of(example, inputs, per_column):
    if per_column:
        frame = example if isinstance(example, pd.DataFrame) else pd.DataFrame(example)
        return {
            n: frame[[n]].to_numpy().astype(object if kind == "string" else np.float32) for n, kind in inputs
        }
    return {"input": np.asarray(example, dtype=np.float32)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("reference", help="<name>/<version> or <name>@<alias>")
    parser.add_argument("--alias", help="move this alias to the new ONNX version")
    parser.add_argument("--tolerance", type=float, default=1e-4)
    args = parser.parse_args()

    from skl2onnx import convert_sklearn
    from skl2onnx.common.data_types import FloatTensorType, StringTensorType
    import onnxruntime as ort

    client = MlflowClient()
    try:
        mv = resolve(client, args.reference)
    except mlflow.exceptions.MlflowException as err:
        fail(f"{args.reference} was not found in the registry: {err.message}")
    uri = f"models:/{mv.name}/{mv.version}"
    with tempfile.TemporaryDirectory() as tmp:
        local = mlflow.artifacts.download_artifacts(artifact_uri=uri, dst_path=tmp)
        meta = Model.load(os.path.join(local, "MLmodel"))
        if "onnx" in meta.flavors:
            fail(f"{mv.name}/{mv.version} already has the onnx flavor: the gateway serves it as it is")
        if "sklearn" not in meta.flavors:
            fail(f"{mv.name}/{mv.version} has the flavors {', '.join(meta.flavors)}, not sklearn: convert it by hand")
        example = meta.load_input_example(local)
        if example is None:
            fail(f"{mv.name}/{mv.version} has no input example: log the model with input_example=... to check the copy")
        model = mlflow.sklearn.load_model(local)
    if not hasattr(model, "predict_proba"):
        fail(f"{mv.name}/{mv.version} has no predict_proba (only classifiers are converted)")

    inputs, per_column = column_inputs(meta.signature, example, model)
    if per_column:
        types = [(n, StringTensorType([None, 1]) if k == "string" else FloatTensorType([None, 1])) for n, k in inputs]
    else:
        types = [("input", FloatTensorType([None, inputs[0][1]]))]
    try:
        onx = convert_sklearn(
            model, initial_types=types, options={id(model): {"zipmap": False}}, target_opset={"": 17, "ai.onnx.ml": 3}
        )
    except Exception as err:  # skl2onnx raises many types for unsupported estimators
        fail(f"skl2onnx cannot convert {mv.name}/{mv.version}: {err}")

    feeds = feeds_of(example, inputs, per_column)
    session = ort.InferenceSession(onx.SerializeToString(), providers=["CPUExecutionProvider"])
    label, proba = session.run(None, feeds)
    expected = model.predict_proba(example)
    max_diff = float(np.max(np.abs(np.asarray(proba, dtype=float) - expected)))
    if max_diff > args.tolerance:
        fail(f"onnxruntime's probabilities differ from predict_proba by {max_diff} (> {args.tolerance}): not registered")

    signature = infer_signature(feeds, {"label": label, "probabilities": proba})
    experiment_id = client.get_run(mv.run_id).info.experiment_id if mv.run_id else None
    with mlflow.start_run(experiment_id=experiment_id, run_name=f"onnx copy of {mv.name}/{mv.version}") as run:
        mlflow.set_tags({"gateway.converted_from": f"{mv.name}/{mv.version}", "gateway.onnx_check_max_diff": max_diff})
        info = mlflow.onnx.log_model(
            onx,
            name="model",
            signature=signature,
            input_example=feeds,
            registered_model_name=mv.name,
            pip_requirements=["onnx", "onnxruntime"],
        )
    version = str(info.registered_model_version)
    client.set_model_version_tag(mv.name, version, "gateway.converted_from", f"{mv.name}/{mv.version}")
    if args.alias:
        client.set_registered_model_alias(mv.name, args.alias, version)
    new = client.get_model_version(mv.name, version)
    print(
        json.dumps(
            {
                "name": mv.name,
                "version": int(version),
                "source": new.source,
                "modelId": info.model_id,
                "runId": run.info.run_id,
                "maxDiff": max_diff,
            }
        )
    )


if __name__ == "__main__":
    main()
