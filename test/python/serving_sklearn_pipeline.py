"""Logs a scikit-learn pipeline on penguins as a pickle (mlflow.sklearn.log_model, cloudpickle) with a signature and an
input example, registers it and points @champion at it: the kind of version scripts/convert_to_onnx.py converts.

Usage: serving_sklearn_pipeline.py <registered model name> <experiment name> [--convert]
With --convert, then runs scripts/convert_to_onnx.py <name>@champion in this process (as its command line would,
sparing a second start of Python) and adds its JSON answer as "converted".
Prints one JSON line: name, version, classes, held-back rows (raw) and scikit-learn's labels and probabilities.
"""

import contextlib
import io
import json
import os
import runpy
import sys
import warnings

warnings.filterwarnings("ignore")

import mlflow  # noqa: E402
from mlflow.models import infer_signature  # noqa: E402
from sklearn.model_selection import train_test_split  # noqa: E402

from serving_onnx_models import CATEGORICAL, NUMERIC, build, load_penguins, rows_of  # noqa: E402

name, experiment = sys.argv[1], sys.argv[2]
mlflow.set_experiment(experiment)
df = load_penguins()
train, test = train_test_split(df, test_size=0.2, random_state=7, stratify=df["species"])
pipe, _ = build("lr", train)
X = train[NUMERIC + CATEGORICAL]
with mlflow.start_run():
    info = mlflow.sklearn.log_model(
        pipe,
        name="model",
        serialization_format="cloudpickle",
        signature=infer_signature(X, pipe.predict(X)),
        input_example=X.head(5),
        registered_model_name=name,
        pip_requirements=["scikit-learn"],
    )
version = int(info.registered_model_version)
mlflow.MlflowClient().set_registered_model_alias(name, "champion", version)
held = test[NUMERIC + CATEGORICAL]
out = {
    "name": name,
    "version": version,
    "classes": [str(c) for c in pipe.classes_],
    "rows": rows_of("lr", test),
    "labels": [str(x) for x in pipe.predict(held)],
    "probabilities": pipe.predict_proba(held).tolist(),
}
if "--convert" in sys.argv[3:]:
    script = os.path.join(os.path.dirname(__file__), "..", "..", "scripts", "convert_to_onnx.py")
    sys.argv = [script, f"{name}@champion"]
    captured = io.StringIO()
    with contextlib.redirect_stdout(captured):
        runpy.run_path(script, run_name="__main__")
    out["converted"] = json.loads(captured.getvalue().strip().split("\n")[-1])
print(json.dumps(out))
