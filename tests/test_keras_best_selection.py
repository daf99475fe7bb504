"""Keras callbacks select the best model only when told to: ModelCheckpoint saves every epoch unless
save_best_only=True, monitor= on ReduceLROnPlateau or EarlyStopping selects nothing, and
EarlyStopping keeps the best weights only with restore_best_weights=True."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo

TRAIN = """
from tensorflow.keras.callbacks import *
callbacks = [
    ModelCheckpoint("files/model.h5"{ckpt}),
    ReduceLROnPlateau(monitor="val_loss", factor=0.1, patience=20),
    CSVLogger("files/data.csv"),
    EarlyStopping(monitor="val_loss", patience=50, restore_best_weights={restore}),
]
model.fit(train, validation_data=valid, epochs=100, callbacks=callbacks)
"""


def _et310(tmp_path, ckpt="", restore="False"):
    write_repo(tmp_path, {"train.py": TRAIN.replace("{ckpt}", ckpt).replace("{restore}", restore)})
    return next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET310")


def test_monitors_that_select_nothing_are_not_best_model_selection(tmp_path):
    f = _et310(tmp_path)
    assert f.status == "WARN" and "no best-model selection" in f.message


def test_save_best_only_or_restored_best_weights_select_the_best(tmp_path):
    assert _et310(tmp_path, ckpt=", monitor='val_loss', save_best_only=True").status == "PASS"
    assert _et310(tmp_path, restore="True").status == "PASS"
