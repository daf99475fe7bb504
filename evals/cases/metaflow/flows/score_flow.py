from metaflow import Flow, FlowSpec, Parameter, namespace, step


class FraudScoreFlow(FlowSpec):
    """Batch-score one day of transactions with the latest successful training run."""

    date = Parameter("date", required=True)

    @step
    def start(self):
        namespace("production")
        run = Flow("FraudTrainFlow").latest_successful_run
        self.model_run = run.pathspec
        self.model = run.data.model
        self.next(self.score)

    @step
    def score(self):
        import pandas as pd

        from fraud.features import FEATURES, build_features
        from fraud.io import load_transactions

        day_end = (pd.Timestamp(self.date) + pd.Timedelta(days=1)).strftime("%Y-%m-%d")
        tx = build_features(load_transactions(self.date, day_end))
        tx["score"] = self.model.predict_proba(tx[FEATURES])[:, 1]
        tx[["txn_id", "score"]].to_parquet(f"s3://acme-risk-data/scores/date={self.date}/scores.parquet")
        self.n_scored = len(tx)
        self.next(self.end)

    @step
    def end(self):
        print(f"scored {self.n_scored} transactions with {self.model_run}")


if __name__ == "__main__":
    FraudScoreFlow()
