from __future__ import annotations

import pandas as pd

BUCKET = "s3://acme-risk-data/transactions"


def load_transactions(start: str, end: str) -> pd.DataFrame:
    df = pd.read_parquet(f"{BUCKET}/", filters=[("date", ">=", start), ("date", "<", end)])
    df["ts"] = pd.to_datetime(df["ts"], utc=True)
    return df
