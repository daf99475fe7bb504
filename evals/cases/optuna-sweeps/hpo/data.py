from __future__ import annotations

import numpy as np
import pandas as pd
import torch
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

SEED = 11


def load_splits(path: str = "data/credit_default.parquet"):
    df = pd.read_parquet(path)
    y = df.pop("default_next_month").to_numpy(dtype=np.float32)
    X = pd.get_dummies(df, columns=["education", "marriage"]).to_numpy(dtype=np.float32)
    X_tmp, X_test, y_tmp, y_test = train_test_split(X, y, test_size=0.15, random_state=SEED, stratify=y)
    X_train, X_val, y_train, y_val = train_test_split(
        X_tmp, y_tmp, test_size=0.15, random_state=SEED, stratify=y_tmp
    )
    scaler = StandardScaler().fit(X_train)
    as_t = lambda a: torch.from_numpy(scaler.transform(a).astype(np.float32))  # noqa: E731
    return (as_t(X_train), torch.from_numpy(y_train)), (as_t(X_val), torch.from_numpy(y_val)), (
        as_t(X_test),
        torch.from_numpy(y_test),
    )
