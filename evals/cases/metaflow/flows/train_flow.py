from metaflow import FlowSpec, Parameter, card, current, environment, pypi_base, resources, retry, schedule, step


@schedule(daily=True)
@pypi_base(
    python="3.10.13",
    packages={"xgboost": "2.0.3", "pandas": "2.1.4", "scikit-learn": "1.3.2", "pyarrow": "14.0.2"},
)
class FraudTrainFlow(FlowSpec):
    """Train the fraud model on a rolling window of labelled transactions."""

    train_start = Parameter("train-start", default="2023-07-01")
    train_end = Parameter("train-end", default="2024-01-01")
    max_depth = Parameter("max-depth", default=6, type=int)
    learning_rate = Parameter("learning-rate", default=0.1, type=float)
    n_estimators = Parameter("n-estimators", default=600, type=int)
    seed = Parameter("seed", default=17, type=int)

    @step
    def start(self):
        from fraud.io import load_transactions

        self.raw = load_transactions(self.train_start, self.train_end)
        self.n_rows = len(self.raw)
        self.next(self.featurize)

    @retry(times=2)
    @step
    def featurize(self):
        from fraud.features import build_features

        self.table = build_features(self.raw)
        # time-based split: last 20% of days is the test set
        cutoff = self.table["ts"].quantile(0.8)
        self.train_df = self.table[self.table["ts"] < cutoff]
        self.test_df = self.table[self.table["ts"] >= cutoff]
        self.next(self.train)

    @resources(cpu=8, memory=32000)
    @environment(vars={"OMP_NUM_THREADS": "8"})
    @step
    def train(self):
        import xgboost as xgb

        from fraud.features import FEATURES

        self.params = {
            "max_depth": self.max_depth,
            "learning_rate": self.learning_rate,
            "n_estimators": self.n_estimators,
            "subsample": 0.8,
            "colsample_bytree": 0.8,
            "eval_metric": "aucpr",
            "random_state": self.seed,
        }
        self.model = xgb.XGBClassifier(**self.params)
        self.model.fit(self.train_df[FEATURES], self.train_df["is_fraud"])
        self.next(self.evaluate)

    @card(type="default")
    @step
    def evaluate(self):
        from metaflow.cards import Markdown, Table
        from sklearn.metrics import average_precision_score, roc_auc_score

        from fraud.features import FEATURES

        proba = self.model.predict_proba(self.test_df[FEATURES])[:, 1]
        self.metrics = {
            "test_aucpr": float(average_precision_score(self.test_df["is_fraud"], proba)),
            "test_auroc": float(roc_auc_score(self.test_df["is_fraud"], proba)),
        }
        current.card.append(Markdown(f"# Fraud model — run {current.run_id}"))
        current.card.append(Table([[k, f"{v:.4f}"] for k, v in self.metrics.items()], headers=["metric", "value"]))
        self.next(self.end)

    @step
    def end(self):
        print(f"{current.flow_name}/{current.run_id}: {self.metrics}")


if __name__ == "__main__":
    FraudTrainFlow()
