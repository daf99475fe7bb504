"""Train leafnet from a JSON config."""

from __future__ import annotations

import argparse
import json
import os
import random
import time
from pathlib import Path

import numpy as np
import tensorflow as tf

from leafnet.data import make_datasets
from leafnet.model import UnfreezeBackbone, build_model, make_optimizer


def set_seeds(seed: int) -> None:
    os.environ["PYTHONHASHSEED"] = str(seed)
    random.seed(seed)
    np.random.seed(seed)
    tf.random.set_seed(seed)
    tf.config.experimental.enable_op_determinism()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--config", required=True)
    parser.add_argument("--logdir", default="logs")
    args = parser.parse_args()

    cfg = json.loads(Path(args.config).read_text())
    set_seeds(cfg["seed"])
    run_name = f"{Path(args.config).stem}-{time.strftime('%Y%m%d-%H%M%S')}"
    log_dir = Path(args.logdir) / run_name
    log_dir.mkdir(parents=True, exist_ok=True)
    (log_dir / "config.json").write_text(json.dumps(cfg, indent=2))

    train_ds, val_ds, classes = make_datasets(
        cfg["data_dir"], cfg["image_size"], cfg["batch_size"], cfg["val_split"], cfg["seed"]
    )
    model = build_model(cfg["backbone"], cfg["image_size"], len(classes), cfg["dropout"])
    model.compile(
        optimizer=make_optimizer(cfg["optimizer"]),
        loss=tf.keras.losses.CategoricalCrossentropy(label_smoothing=cfg["label_smoothing"]),
        metrics=["accuracy", tf.keras.metrics.TopKCategoricalAccuracy(k=2, name="top2")],
    )

    callbacks = [
        tf.keras.callbacks.TensorBoard(log_dir=str(log_dir), histogram_freq=1, update_freq="epoch"),
        tf.keras.callbacks.CSVLogger(str(log_dir / "history.csv")),
        tf.keras.callbacks.ModelCheckpoint(
            f"checkpoints/{run_name}/best.keras", monitor="val_accuracy", save_best_only=True
        ),
        tf.keras.callbacks.EarlyStopping(monitor="val_accuracy", patience=5, restore_best_weights=True),
        tf.keras.callbacks.ReduceLROnPlateau(monitor="val_loss", factor=0.3, patience=2),
        UnfreezeBackbone(cfg["fine_tune_at_epoch"]),
    ]

    file_writer = tf.summary.create_file_writer(str(log_dir / "text"))
    with file_writer.as_default():
        tf.summary.text("config", json.dumps(cfg, indent=2), step=0)

    model.fit(train_ds, validation_data=val_ds, epochs=cfg["epochs"], callbacks=callbacks)
    model.save(log_dir / "final.keras")


if __name__ == "__main__":
    main()
