"""Checkpoint managers save the training state to the directory they were built with (clu, orbax,
tf.train.CheckpointManager) and restore the latest one on start; clu's writers and periodic actions
write images and timings with the run's metrics. JAX and TF2 research code keeps its run this way, so
none of it may read as "never saved", "no resume" or "no timings". Synthetic repositories."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import status_of, write_repo

CLU_TRAIN = """
import os

import jax
from clu import checkpoint, metric_writers, periodic_actions


def create_writer(logdir):
    return metric_writers.create_default_writer(logdir)


def train_and_evaluate(config, workdir):
    state = init_state(config)
    ckpt = checkpoint.MultihostCheckpoint(os.path.join(workdir, "checkpoints"), max_to_keep=5)
    latest = ckpt.get_latest_checkpoint_to_restore_from()
    if latest:
        state = ckpt.restore_or_initialize(state, latest)
    writer = create_writer(workdir)
    report_progress = periodic_actions.ReportProgress(num_train_steps=config.steps, writer=writer)
    step = jax.pmap(train_step, "batch")
    for i in range(config.steps):
        state, metrics = step(state, next(batches))
        writer.write_scalars(i, metrics)
        report_progress(i)
        if i % config.eval_every == 0:
            writer.write_images(i, {"samples": sample(state)})
            ckpt.save(state)
"""

MAIN = """
from absl import app, flags
from ml_collections import config_flags

import train

FLAGS = flags.FLAGS
config_flags.DEFINE_config_file("config", None, "Training configuration.")
flags.DEFINE_string("workdir", None, "Work unit directory.")


def main(argv):
    train.train_and_evaluate(FLAGS.config, FLAGS.workdir)


if __name__ == "__main__":
    app.run(main)
"""


def test_clu_checkpoints_resume_images_and_timings_are_recognised(tmp_path):
    write_repo(tmp_path, {"train.py": CLU_TRAIN, "main.py": MAIN})
    result = run_audit(tmp_path)
    ckpts = result.ctx.records.checkpoints
    assert [p.target for p in ckpts] == ["{workdir}/checkpoints/{step}"], ckpts
    save_line = CLU_TRAIN.lstrip("\n").splitlines().index("            ckpt.save(state)") + 1
    assert ckpts[0].evidence.line == save_line  # the save, not the constructor
    saved = next(f for f in result.findings if f.rule_id == "ET310")
    assert saved.status != "FAIL" and "{workdir}/checkpoints/{step}" in saved.message
    resume = next(f for f in result.findings if f.rule_id == "ET511")
    assert resume.status == "PASS" and "restores the latest checkpoint" in resume.message
    assert status_of(result, "ET311") == "PASS"  # write_images through the project's writer factory
    assert status_of(result, "ET303") == "PASS"  # ReportProgress writes steps_per_sec


TF_MANAGER = """
import tensorflow as tf

model = build_model()
ckpt = tf.train.Checkpoint(model=model, optimizer=tf.keras.optimizers.Adam())
manager = tf.train.CheckpointManager(ckpt, "runs/ckpts", max_to_keep=3)
ckpt.restore(manager.latest_checkpoint)
for epoch in range(10):
    for x, y in data:
        train_step(x, y)
    manager.save()
"""


def test_tf_checkpoint_manager_saves_to_its_directory(tmp_path):
    write_repo(tmp_path, {"train.py": TF_MANAGER})
    result = run_audit(tmp_path)
    assert [p.target for p in result.ctx.records.checkpoints] == ["runs/ckpts/{step}"]
    assert status_of(result, "ET310") in ("PASS", "WARN", "REVIEW")  # saved; selection aside
    assert status_of(result, "ET511") == "PASS"


def test_a_checkpoint_object_only_restored_is_not_a_save(tmp_path):
    code = CLU_TRAIN.replace("            ckpt.save(state)\n", "            pass\n")
    write_repo(tmp_path, {"train.py": code, "main.py": MAIN})
    result = run_audit(tmp_path)
    assert result.ctx.records.checkpoints == []
