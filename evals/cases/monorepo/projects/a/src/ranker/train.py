from __future__ import annotations

import argparse

import lightgbm as lgb
import mlflow
import numpy as np
import pandas as pd
from sklearn.metrics import ndcg_score
from sklearn.model_selection import GroupShuffleSplit

from ranker.shared import load_shared


def ndcg_at_10(df: pd.DataFrame, scores: np.ndarray) -> float:
    vals = []
    for _, idx in df.groupby("qid").indices.items():
        if len(idx) > 1:
            vals.append(ndcg_score([df["label"].to_numpy()[idx]], [scores[idx]], k=10))
    return float(np.mean(vals))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--judgments", default=None)
    parser.add_argument("--num-leaves", type=int, default=63)
    parser.add_argument("--learning-rate", type=float, default=0.05)
    args = parser.parse_args()

    paths, feats, seeds = load_shared("paths"), load_shared("features"), load_shared("seeds")
    snapshot = args.judgments or paths["snapshots"]["judgments"]
    df = pd.read_parquet(f"{paths['data_root']}/{snapshot}/train.parquet").sort_values("qid")
    features = feats["query"] + feats["doc"]

    split = GroupShuffleSplit(n_splits=1, test_size=0.2, random_state=seeds["global_seed"])
    tr_idx, te_idx = next(split.split(df, groups=df["qid"]))
    train, test = df.iloc[tr_idx], df.iloc[te_idx]

    mlflow.set_experiment("search-ranker")
    with mlflow.start_run():
        mlflow.log_params(
            {"num_leaves": args.num_leaves, "learning_rate": args.learning_rate, "judgments": snapshot,
             "seed": seeds["global_seed"], "n_features": len(features)}
        )
        ranker = lgb.LGBMRanker(
            objective="lambdarank", num_leaves=args.num_leaves, learning_rate=args.learning_rate,
            n_estimators=800, random_state=seeds["global_seed"],
        )
        ranker.fit(train[features], train["label"], group=train.groupby("qid").size().to_numpy())
        score = ndcg_at_10(test, ranker.predict(test[features]))
        mlflow.log_metric("test_ndcg_at_10", score)
        mlflow.lightgbm.log_model(ranker.booster_, artifact_path="model")


if __name__ == "__main__":
    main()
