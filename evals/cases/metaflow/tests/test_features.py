import pandas as pd

from fraud.features import build_features


def test_foreign_flag():
    tx = pd.DataFrame(
        {
            "card_id": [1, 1],
            "ts": pd.to_datetime(["2024-01-01 10:00", "2024-01-01 10:30"], utc=True),
            "amount": [10.0, 900.0],
            "country": ["DE", "US"],
            "card_country": ["DE", "DE"],
            "merchant_risk": [0.1, 0.4],
            "card_present": [1, 0],
        }
    )
    out = build_features(tx)
    assert out["is_foreign"].tolist() == [0, 1]
