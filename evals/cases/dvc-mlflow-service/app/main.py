import joblib
from fastapi import FastAPI

from app.schemas import Customer

app = FastAPI()
model = joblib.load("models/model.pkl")


@app.post("/predict")
def predict(c: Customer):
    return {"churn": int(model.predict([[c.tenure, c.monthly_charges]])[0])}
