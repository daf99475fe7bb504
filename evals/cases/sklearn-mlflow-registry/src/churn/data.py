from __future__ import annotations

import hashlib

import mlflow
import pandas as pd
from sklearn.model_selection import train_test_split


def load_accounts(path: str) -> pd.DataFrame:
    df = pd.read_parquet(path)
    return df.dropna(subset=["churned"]).reset_index(drop=True)


def frame_digest(df: pd.DataFrame) -> str:
    hashed = pd.util.hash_pandas_object(df, index=True).values
    return hashlib.sha256(hashed.tobytes()).hexdigest()[:16]


def split(df: pd.DataFrame, target: str, test_size: float, seed: int):
    X = df.drop(columns=[target])
    y = df[target].astype(int)
    return train_test_split(X, y, test_size=test_size, random_state=seed, stratify=y)


def log_dataset(df: pd.DataFrame, source: str, context: str) -> None:
    dataset = mlflow.data.from_pandas(df, source=source, name="accounts", targets="churned")
    mlflow.log_input(dataset, context=context)
    mlflow.set_tag(f"data.{context}.digest", frame_digest(df))
