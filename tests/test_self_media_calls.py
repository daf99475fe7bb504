"""`self.add_image(...)` logs an image only in a class that logs (a LightningModule, a logger, a writer
or a callback); in a Dataset class it registers an input image (Mask R-CNN's utils.Dataset API) and
stores nothing with a run. Synthetic."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo

DATASET = """
import keras


class Dataset:
    def __init__(self):
        self.image_info = []

    def add_image(self, source, image_id, path):
        self.image_info.append({"source": source, "id": image_id, "path": path})


class BalloonDataset(Dataset):
    def load(self, files):
        for i, f in enumerate(files):
            self.add_image("balloon", image_id=i, path=f)


model = keras.Sequential([keras.layers.Dense(1)])
model.compile(optimizer="sgd", loss="mse")
model.fit(x, y, epochs=3)
"""

LOGGING = """
import keras
from keras.callbacks import Callback


class SampleImages(Callback):
    def __init__(self, writer):
        self.writer = writer

    def on_epoch_end(self, epoch, logs=None):
        self.add_image("samples", render(self.model), epoch)


model = keras.Sequential([keras.layers.Dense(1)])
model.compile(optimizer="sgd", loss="mse")
model.fit(x, y, epochs=3, callbacks=[SampleImages(writer)])
"""


def _et311(tmp_path, code):
    write_repo(tmp_path, {"train.py": code})
    return next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET311")


def test_a_dataset_registering_images_stores_no_artifact(tmp_path):
    f = _et311(tmp_path, DATASET)
    assert f.status != "PASS" and not any("add_image" in e.detail for e in f.evidence), f


def test_a_callback_adding_images_stores_artifacts(tmp_path):
    f = _et311(tmp_path, LOGGING)
    assert f.status == "PASS" and any("add_image" in e.detail for e in f.evidence), f
