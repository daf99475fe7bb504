"""A project's own subclass of a logging callback (`class CustomTensorBoard(keras.callbacks.TensorBoard)`
writing every batch's loss with `self.writer.add_summary(summary, self.counter)`) logs training
metrics per step; a checkpoint path filled by `self.filepath.format(epoch=epoch + 1, **logs)` from an
unknown template is not known to hold the epoch (keras-yolo3's has none: one file, overwritten)."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo

CALLBACKS = """import tensorflow as tf
from keras.callbacks import ModelCheckpoint, TensorBoard


class CustomTensorBoard(TensorBoard):
    def __init__(self, log_every=1, **kwargs):
        super().__init__(**kwargs)
        self.log_every = log_every
        self.counter = 0

    def on_batch_end(self, batch, logs=None):
        self.counter += 1
        for name, value in logs.items():
            summary = tf.Summary()
            v = summary.value.add()
            v.simple_value = value.item()
            v.tag = name
            self.writer.add_summary(summary, self.counter)
        self.writer.flush()


class CustomModelCheckpoint(ModelCheckpoint):
    def __init__(self, model_to_save, **kwargs):
        super().__init__(**kwargs)
        self.model_to_save = model_to_save

    def on_epoch_end(self, epoch, logs=None):
        filepath = self.filepath.format(epoch=epoch + 1, **logs)
        self.model_to_save.save(filepath, overwrite=True)
"""
TRAIN = """import json

from callbacks import CustomModelCheckpoint, CustomTensorBoard


def main():
    with open("config.json") as f:
        config = json.load(f)
    model = create_model()
    callbacks = [
        CustomModelCheckpoint(model_to_save=model, filepath=config["saved_weights_name"], save_best_only=True),
        CustomTensorBoard(log_dir=config["tensorboard_dir"]),
    ]
    model.fit_generator(generator=train_generator, epochs=config["nb_epochs"], callbacks=callbacks)


if __name__ == "__main__":
    main()
"""


def test_a_subclassed_tensorboard_callback_logs_per_step_and_the_checkpoint_is_one_file(tmp_path):
    files = {
        "callbacks.py": CALLBACKS,
        "train.py": TRAIN,
        "config.json": '{"saved_weights_name": "raccoon.h5", "tensorboard_dir": "logs", "nb_epochs": 10}\n',
    }
    result = run_audit(write_repo(tmp_path, files))
    f = next(f for f in result.findings if f.rule_id == "ET301")
    assert f.status == "PASS", f.message
    assert any("CustomTensorBoard" in e.detail or "add_summary" in e.detail for e in f.evidence)
    ckpts = result.ctx.records.checkpoints
    assert ckpts and not any(p.step_labelled for p in ckpts), [p.target for p in ckpts]
