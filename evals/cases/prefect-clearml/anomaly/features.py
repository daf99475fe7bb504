import pandas as pd


def rolling_features(df: pd.DataFrame, cols: list[str], window: int) -> pd.DataFrame:
    out = pd.DataFrame(index=df.index)
    for c in cols:
        roll = df[c].rolling(window, min_periods=window)
        out[f"{c}_mean"] = roll.mean()
        out[f"{c}_std"] = roll.std()
        out[f"{c}_delta"] = df[c] - out[f"{c}_mean"]
    return out.dropna()
