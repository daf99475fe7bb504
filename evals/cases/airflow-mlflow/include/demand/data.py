from __future__ import annotations

import pandas as pd
from airflow.providers.postgres.hooks.postgres import PostgresHook

SALES_SQL = """
SELECT store_id, sku, day, units, price, promo
FROM analytics.daily_sales
WHERE day >= %(start)s AND day < %(end)s
"""


def extract_sales(start: str, end: str, out_path: str) -> str:
    hook = PostgresHook(postgres_conn_id="warehouse")
    df = hook.get_pandas_df(SALES_SQL, parameters={"start": start, "end": end})
    df.to_parquet(out_path, index=False)
    return out_path


def add_calendar_features(df: pd.DataFrame) -> pd.DataFrame:
    df = df.copy()
    df["day"] = pd.to_datetime(df["day"])
    df["dow"] = df["day"].dt.dayofweek
    df["week"] = df["day"].dt.isocalendar().week.astype(int)
    df = df.sort_values(["store_id", "sku", "day"])
    for lag in (7, 14, 28):
        df[f"units_lag_{lag}"] = df.groupby(["store_id", "sku"])["units"].shift(lag)
    return df.dropna()
