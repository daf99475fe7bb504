"""Score the test split and write metrics/plots for `dvc metrics` and `dvc plots`."""

import json
import pickle
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import scipy.sparse as sp
from dvclive import Live
from sklearn.metrics import (
    ConfusionMatrixDisplay,
    accuracy_score,
    average_precision_score,
    f1_score,
    roc_auc_score,
)


def main(model_path: Path, feat_dir: Path) -> None:
    clf = pickle.load(open(model_path, "rb"))
    X = sp.load_npz(feat_dir / "test.npz")
    y = pickle.load(open(feat_dir / "labels.pkl", "rb"))["test"]
    proba = clf.predict_proba(X)[:, 1]
    pred = (proba >= 0.5).astype(int)

    metrics = {
        "accuracy": round(accuracy_score(y, pred), 4),
        "f1_macro": round(f1_score(y, pred, average="macro"), 4),
        "roc_auc": round(roc_auc_score(y, proba), 4),
        "avg_precision": round(average_precision_score(y, proba), 4),
        "n_test": int(len(y)),
    }
    Path("eval").mkdir(exist_ok=True)
    with open("eval/metrics.json", "w") as fh:
        json.dump(metrics, fh, indent=2)

    with Live("eval", dvcyaml=False) as live:
        live.log_sklearn_plot("confusion_matrix", y, pred, name="confusion_matrix.json")
        live.log_sklearn_plot("precision_recall", y, proba, name="precision_recall.json")
        fig, ax = plt.subplots(figsize=(4, 4))
        ConfusionMatrixDisplay.from_predictions(y, pred, ax=ax, normalize="true")
        live.log_image("confusion_normalized.png", fig)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
