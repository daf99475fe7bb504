"""Comet quickstart: log a toy sklearn run. Needs COMET_API_KEY in the environment."""

import comet_ml
from sklearn.datasets import load_breast_cancer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split

comet_ml.login(project_name="search-tool-eval")
experiment = comet_ml.Experiment(auto_metric_logging=True, log_code=True)

X, y = load_breast_cancer(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)
params = {"C": 0.5, "max_iter": 500}
experiment.log_parameters(params)

clf = LogisticRegression(**params).fit(X_train, y_train)
experiment.log_metric("accuracy", clf.score(X_test, y_test))
experiment.end()
