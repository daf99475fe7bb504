from __future__ import annotations

from sklearn.compose import ColumnTransformer
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler


def build_pipeline(numeric: list[str], categorical: list[str], model_params: dict, seed: int):
    pre = ColumnTransformer(
        [
            ("num", StandardScaler(), numeric),
            ("cat", OneHotEncoder(handle_unknown="ignore", min_frequency=20), categorical),
        ],
        remainder="drop",
    )
    clf = HistGradientBoostingClassifier(random_state=seed, **model_params)
    return Pipeline([("pre", pre), ("clf", clf)])
