import json
import os

import joblib
import mlflow
import pandas as pd
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import accuracy_score, f1_score

X = pd.read_csv("data/processed/X_train.csv")
y = pd.read_csv("data/processed/y_train.csv").values.ravel()
X_val = pd.read_csv("data/processed/X_val.csv")
y_val = pd.read_csv("data/processed/y_val.csv").values.ravel()

mlflow.set_experiment("churn")
with mlflow.start_run():
    model = RandomForestClassifier(n_estimators=200, max_depth=6, random_state=42).fit(X, y)
    pred = model.predict(X_val)
    acc, f1 = accuracy_score(y_val, pred), f1_score(y_val, pred)
    mlflow.log_param("n_estimators", 200)
    mlflow.log_metric("accuracy", acc)
    mlflow.log_metric("f1", f1)
    os.makedirs("models", exist_ok=True)
    joblib.dump(model, "models/model.pkl")
    with open("metrics/train_scores.json", "w") as f:
        json.dump({"accuracy": acc, "f1": f1}, f, indent=4)
