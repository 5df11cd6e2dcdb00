"""Trains scikit-learn pipelines on penguins, converts them with skl2onnx and logs them with mlflow.onnx.log_model.

Usage: serving_onnx_models.py <prefix> <experiment name> [algorithm ...]
Algorithms: lr, rf, gb, svc (one input per column; rf keeps skl2onnx's ZipMap output), lr_tensor (numeric
columns only, one 2-D tensor input named "input") and lr_gone (lr whose files are deleted from S3 after it is
registered), lr_mysql=<table> (lr whose run logs the MySQL table <table> as its training dataset input, the
way the gateway's own trainGrid names its inputs, and no training_profile.json). Each is registered as
<prefix>_<algorithm> with alias champion.
The last stdout line is JSON: per model its name, version, source, model_id, the held-back rows (raw, null for a
missing value) and what onnxruntime in Python answers for them (labels, class order, probabilities).
"""

import hashlib
import json
import os
import sys
import time
import warnings

warnings.filterwarnings("ignore")

import mlflow  # noqa: E402
import numpy as np  # noqa: E402
import onnxruntime as ort  # noqa: E402
import pandas as pd  # noqa: E402
from mlflow.models import infer_signature  # noqa: E402
from skl2onnx import convert_sklearn  # noqa: E402
from skl2onnx.common.data_types import FloatTensorType, StringTensorType  # noqa: E402
from sklearn.compose import ColumnTransformer  # noqa: E402
from sklearn.ensemble import GradientBoostingClassifier, RandomForestClassifier  # noqa: E402
from sklearn.impute import SimpleImputer  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.model_selection import train_test_split  # noqa: E402
from sklearn.pipeline import Pipeline  # noqa: E402
from sklearn.preprocessing import OneHotEncoder, StandardScaler  # noqa: E402
from sklearn.svm import SVC  # noqa: E402

NUMERIC = ["bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g"]
CATEGORICAL = ["island", "sex"]
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def load_penguins():
    df = pd.read_csv(os.path.join(ROOT, "data", "penguins.csv"), na_values=["NA", ""])
    for c in NUMERIC:
        df[c] = df[c].astype("float32")
    # A missing category is a category of its own (ONNX string tensors have no null).
    for c in CATEGORICAL:
        df[c] = df[c].fillna("unknown").astype(str)
    return df


def estimator(algo):
    return {
        "lr": lambda: LogisticRegression(max_iter=1000),
        "lr_tensor": lambda: LogisticRegression(max_iter=1000),
        "lr_gone": lambda: LogisticRegression(max_iter=1000),
        "lr_mysql": lambda: LogisticRegression(max_iter=1000),
        "rf": lambda: RandomForestClassifier(n_estimators=25, max_depth=6, random_state=0),
        "gb": lambda: GradientBoostingClassifier(n_estimators=30, max_depth=3, random_state=0),
        "svc": lambda: SVC(probability=True, random_state=0),
    }[algo]()


def numeric_steps():
    return Pipeline([("impute", SimpleImputer(strategy="median")), ("scale", StandardScaler())])


def build(algo, train):
    y = train["species"].to_numpy()
    if algo == "lr_tensor":
        pipe = Pipeline([("prep", numeric_steps()), ("clf", estimator(algo))])
        pipe.fit(train[NUMERIC].to_numpy(), y)
        types = [("input", FloatTensorType([None, len(NUMERIC)]))]
        return pipe, types
    prep = ColumnTransformer(
        [
            ("num", numeric_steps(), NUMERIC),
            ("cat", OneHotEncoder(handle_unknown="ignore"), CATEGORICAL),
        ]
    )
    pipe = Pipeline([("prep", prep), ("clf", estimator(algo))])
    pipe.fit(train[NUMERIC + CATEGORICAL], y)
    types = [(c, FloatTensorType([None, 1])) for c in NUMERIC] + [
        (c, StringTensorType([None, 1])) for c in CATEGORICAL
    ]
    return pipe, types


def feeds_of(algo, frame):
    if algo == "lr_tensor":
        return {"input": frame[NUMERIC].to_numpy().astype(np.float32)}
    out = {c: frame[[c]].to_numpy().astype(np.float32) for c in NUMERIC}
    out.update({c: frame[[c]].to_numpy().astype(object) for c in CATEGORICAL})
    return out


def rows_of(algo, frame):
    rows = []
    for _, r in frame.iterrows():
        nums = [None if pd.isna(r[c]) else float(r[c]) for c in NUMERIC]
        if algo == "lr_tensor":
            rows.append({"input": [0.0 if v is None else v for v in nums]})
        else:
            row = dict(zip(NUMERIC, nums))
            row.update({c: str(r[c]) for c in CATEGORICAL})
            rows.append(row)
    return rows


def delete_files(s3_uri):
    import boto3

    bucket, _, prefix = s3_uri[len("s3://") :].partition("/")
    s3 = boto3.client("s3", endpoint_url=os.environ["MLFLOW_S3_ENDPOINT_URL"])
    for obj in s3.list_objects_v2(Bucket=bucket, Prefix=prefix).get("Contents", []):
        s3.delete_object(Bucket=bucket, Key=obj["Key"])


def log_mysql_input(client, run_id, table, frame):
    """A dataset input naming a MySQL table (MLflow has no SQL dataset source: the entity is logged as it is)."""
    from mlflow.entities import Dataset, DatasetInput, InputTag

    digest = hashlib.sha256(",".join(frame.columns).encode()).hexdigest()[:36]
    source = json.dumps({"uri": f"mysql://{table}", "table": table})
    dataset = Dataset(name=table, digest=digest, source_type="mysql", source=source)
    client.log_inputs(run_id, datasets=[DatasetInput(dataset, tags=[InputTag("mlflow.data.context", "training")])])


def main():
    prefix, experiment = sys.argv[1], sys.argv[2]
    algos = sys.argv[3:] or ["lr", "rf", "gb", "svc", "lr_tensor", "lr_gone"]
    mysql_table = None
    for i, a in enumerate(algos):
        if a.startswith("lr_mysql="):
            mysql_table, algos[i] = a.split("=", 1)[1], "lr_mysql"
    mlflow.set_experiment(experiment)
    df = load_penguins()
    train, test = train_test_split(df, test_size=0.2, random_state=42, stratify=df["species"])
    if "lr_tensor" in algos:
        # A single 2-D float tensor has no null: held-back rows with a missing number are left out for it.
        test_tensor = test.dropna(subset=NUMERIC)
    client = mlflow.MlflowClient()
    out = {}
    started = time.time()
    for algo in algos:
        held = test_tensor if algo == "lr_tensor" else test
        pipe, types = build(algo, train)
        zipmap = algo == "rf"
        options = None if zipmap else {id(pipe): {"zipmap": False}}
        onx = convert_sklearn(pipe, initial_types=types, options=options, target_opset={"": 17, "ai.onnx.ml": 3})
        sess = ort.InferenceSession(onx.SerializeToString(), providers=["CPUExecutionProvider"])
        feeds = feeds_of(algo, held)
        label, proba = sess.run(None, feeds)
        classes = [str(c) for c in pipe.classes_]
        if zipmap:
            proba = np.array([[m[c] for c in pipe.classes_] for m in proba], dtype=np.float32)
        name = f"{prefix}_{algo}"
        sample_out = {"label": label, "probabilities": proba}
        signature = infer_signature(feeds, sample_out)
        with mlflow.start_run(run_name=name) as run:
            # Explicit requirements: MLflow need not infer them (which costs seconds per model).
            info = mlflow.onnx.log_model(
                onx,
                name="model",
                signature=signature,
                registered_model_name=name,
                pip_requirements=["onnx", "onnxruntime"],
            )
            if algo == "lr_mysql":
                log_mysql_input(client, run.info.run_id, mysql_table, train)
        version = int(info.registered_model_version)
        client.set_registered_model_alias(name, "champion", version)
        mv = client.get_model_version(name, version)
        if algo == "lr_gone":
            delete_files(mlflow.get_logged_model(info.model_id).artifact_location)
        sk_X = held[NUMERIC].to_numpy() if algo == "lr_tensor" else held[NUMERIC + CATEGORICAL]
        print(f"{algo}: {time.time() - started:.1f}s", file=sys.stderr)
        out[algo] = {
            "name": name,
            "version": version,
            "source": mv.source,
            "modelId": info.model_id,
            "runId": run.info.run_id,
            "classes": classes,
            "rows": rows_of(algo, held),
            "labels": [str(x) for x in label],
            "probabilities": np.asarray(proba, dtype=float).tolist(),
            "sklearnLabels": [str(x) for x in pipe.predict(sk_X)],
        }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
