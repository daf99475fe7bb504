from __future__ import annotations

import numpy as np
import pandas as pd

FEATURES = [
    "amount_log",
    "hour",
    "merchant_risk",
    "txn_count_1h",
    "txn_count_24h",
    "amount_vs_median_30d",
    "is_foreign",
    "card_present",
]


def build_features(tx: pd.DataFrame) -> pd.DataFrame:
    tx = tx.sort_values(["card_id", "ts"]).copy()
    tx["amount_log"] = np.log1p(tx["amount"])
    tx["hour"] = tx["ts"].dt.hour
    grouped = tx.set_index("ts").groupby("card_id")["amount"]
    tx["txn_count_1h"] = grouped.rolling("1h").count().to_numpy()
    tx["txn_count_24h"] = grouped.rolling("24h").count().to_numpy()
    median_30d = grouped.rolling("30d").median().to_numpy()
    tx["amount_vs_median_30d"] = tx["amount"] / np.maximum(median_30d, 1.0)
    tx["is_foreign"] = (tx["country"] != tx["card_country"]).astype(int)
    return tx
