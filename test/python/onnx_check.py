"""Checks ONNX files written by the gateway with the ONNX project's own tools and scores them with onnxruntime.

Usage: onnx_check.py <rows.json> <model.onnx>...  Prints one JSON line: per model the checker's verdict, the
graph's inputs and outputs, and onnxruntime's label and probabilities for the rows (one feed per raw column).
"""
import json
import sys

import numpy as np
import onnx
import onnxruntime as ort


def feeds(session, rows):
    out = {}
    for i in session.get_inputs():
        values = [row.get(i.name) for row in rows]
        if i.type == "tensor(string)":
            out[i.name] = np.array([["" if v is None else str(v)] for v in values], dtype=object)
        else:
            out[i.name] = np.array([[np.nan if v is None else float(v)] for v in values], dtype=np.float64)
    return out


def main() -> None:
    with open(sys.argv[1], encoding="utf-8") as f:
        rows = json.load(f)
    result = {}
    for path in sys.argv[2:]:
        model = onnx.load(path)
        onnx.checker.check_model(model, full_check=True)
        session = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
        label, proba = session.run(["label", "probabilities"], feeds(session, rows))
        result[path] = {
            "checked": True,
            "inputs": [[i.name, i.type, list(i.shape)] for i in session.get_inputs()],
            "outputs": [[o.name, o.type] for o in session.get_outputs()],
            "label": [str(x) for x in label],
            "probabilities": proba.tolist(),
        }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
