from __future__ import annotations

import argparse
import json

import numpy as np
import tensorflow as tf
from sklearn.metrics import classification_report, confusion_matrix

from leafnet.data import make_datasets


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--checkpoint", required=True)
    parser.add_argument("--config", required=True)
    args = parser.parse_args()
    cfg = json.load(open(args.config))
    _, val_ds, classes = make_datasets(cfg["data_dir"], cfg["image_size"], cfg["batch_size"], cfg["val_split"], cfg["seed"])
    model = tf.keras.models.load_model(args.checkpoint)
    y_true = np.concatenate([y.numpy().argmax(1) for _, y in val_ds])
    y_pred = model.predict(val_ds).argmax(1)
    print(classification_report(y_true, y_pred, target_names=classes, digits=4))
    print(confusion_matrix(y_true, y_pred))


if __name__ == "__main__":
    main()
