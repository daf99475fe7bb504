"""Fit the classifier; per-iteration metrics go to DVCLive."""

import pickle
import sys
from pathlib import Path

import numpy as np
import scipy.sparse as sp
import yaml
from dvclive import Live
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss


def main(feat_dir: Path, model_path: Path) -> None:
    params = yaml.safe_load(open("params.yaml"))
    p = params["train"]
    np.random.seed(params["seed"])

    X = sp.load_npz(feat_dir / "train.npz")
    y = pickle.load(open(feat_dir / "labels.pkl", "rb"))["train"]

    with Live(save_dvc_exp=True) as live:
        live.log_params({"seed": params["seed"], **p})
        clf = LogisticRegression(
            C=p["C"],
            max_iter=1,
            warm_start=True,
            class_weight=p["class_weight"],
            solver="saga",
            random_state=params["seed"],
        )
        for step in range(0, p["max_iter"], 100):
            clf.set_params(max_iter=step + 100)
            clf.fit(X, y)
            live.log_metric("train/log_loss", log_loss(y, clf.predict_proba(X)))
            live.next_step()

        model_path.parent.mkdir(parents=True, exist_ok=True)
        with open(model_path, "wb") as fh:
            pickle.dump(clf, fh)
        live.log_artifact(str(model_path), type="model", name="review-sentiment")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
