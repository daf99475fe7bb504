import pandas as pd
from sklearn.model_selection import train_test_split

df = pd.read_csv("data/raw/churn.csv")
X_train, X_val, y_train, y_val = train_test_split(df.drop(columns=["churn"]), df["churn"], test_size=0.2, random_state=42)
for name, frame in (("X_train", X_train), ("X_val", X_val), ("y_train", y_train), ("y_val", y_val)):
    frame.to_csv(f"data/processed/{name}.csv", index=False)
