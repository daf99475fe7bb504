import pandas as pd

from churn.features import build_pipeline


def test_pipeline_fits_tiny_frame():
    df = pd.DataFrame(
        {
            "tenure_months": [1, 20, 3, 40] * 10,
            "plan": ["basic", "pro", "basic", "team"] * 10,
            "churned": [1, 0, 1, 0] * 10,
        }
    )
    pipe = build_pipeline(["tenure_months"], ["plan"], {"max_iter": 10}, seed=0)
    pipe.fit(df[["tenure_months", "plan"]], df["churned"])
    assert pipe.predict_proba(df[["tenure_months", "plan"]]).shape == (40, 2)
