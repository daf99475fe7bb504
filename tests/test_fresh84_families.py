"""Families of real code met in round fresh84 (eight research repositories the auditor had not seen), each as
a synthetic case that fails without its fix."""

from tests.rules.repo_helpers import audit_committed, detections_by_tool, dimension, status_of


def _framework_targets(result) -> set[str]:
    rec = result.ctx.records
    return {p.target for p in rec.config + rec.checkpoints + rec.metrics if p.framework}


FAIRSEQ_TRAIN = """#!/bin/bash
fairseq-train $DATASET/bin/ \\
    --save-dir models/$NAME \\
    --tensorboard-logdir tensorboard_logs/$NAME \\
    --arch bart_large \\
    --lr 3e-05 \\
    --ddp-backend no_c10d \\
    --log-format json
"""


def test_a_framework_command_is_read_through_its_continuation_lines(tmp_path):
    files = {
        "scripts/train.sh": FAIRSEQ_TRAIN,
        "README.md": "# Entity linking\n\nRun `bash scripts/train.sh`.\n",
    }
    result = audit_committed(tmp_path / "r", files)
    found = detections_by_tool(result)
    # `--tensorboard-logdir` on the command's fourth line turns fairseq's TensorBoard logging on
    assert "tensorboard" in found, found
    assert found["tensorboard"].evidence[0].line == 2
    # (--ddp-backend names the DDP implementation; it launches no second process)
    assert "ddp" not in found, found
    # `--save-dir models/$NAME` on a continuation line: the run's directory, not fairseq's default
    targets = _framework_targets(result)
    assert "models/$NAME/checkpoint_best.pt" in targets, targets
    assert not any(t.startswith("checkpoints/") for t in targets), targets
    assert dimension(result, "result_persistence").score >= 3


def test_a_framework_option_on_a_later_command_is_not_read_into_this_one(tmp_path):
    two = "fairseq-train data-bin --arch bart_large\necho --save-dir elsewhere --tensorboard-logdir tb\n"
    result = audit_committed(tmp_path / "r", {"train.sh": two, "README.md": "# x\n"})
    targets = _framework_targets(result)
    assert "checkpoints/checkpoint_best.pt" in targets, targets
    assert "tensorboard" not in detections_by_tool(result)


TF1_MONITORED = """
import numpy as np
import tensorflow as tf

flags = tf.app.flags
FLAGS = flags.FLAGS
flags.DEFINE_string("logdir", "/tmp/agent", "TensorFlow log directory.")
flags.DEFINE_integer("seed", 1, "Random seed.")


def build_loss():
    x = tf.random_normal([8, 4])
    w = tf.get_variable("w", [4, 1])
    loss = tf.reduce_mean(tf.matmul(x, w) ** 2)
    tf.summary.scalar("loss", loss)
    return loss


def train():
    server = tf.train.Server.create_local_server()
    with tf.Graph().as_default():
        tf.set_random_seed(FLAGS.seed)
        loss = build_loss()
        step = tf.train.get_or_create_global_step()
        train_op = tf.train.AdamOptimizer(1e-3).minimize(loss, global_step=step)
        with tf.train.MonitoredTrainingSession(
            server.target, is_chief=True, checkpoint_dir=FLAGS.logdir, save_summaries_secs=30
        ) as session:
            while not session.should_stop():
                session.run(train_op)


def main(_):
    np.random.seed(FLAGS.seed)
    train()


if __name__ == "__main__":
    tf.app.run()
"""

TF1_TEST = """
import tensorflow as tf


class LossTest(tf.test.TestCase):
    def test_runs(self):
        self.assertTrue(True)


if __name__ == "__main__":
    tf.test.main()
"""


def test_a_monitored_training_session_keeps_checkpoints_and_summaries_in_its_checkpoint_dir(tmp_path):
    files = {"experiment.py": TF1_MONITORED, "experiment_test.py": TF1_TEST, "README.md": "# Agent\n"}
    result = audit_committed(tmp_path / "r", files)
    rec = result.ctx.records
    # MonitoredTrainingSession(master, is_chief, checkpoint_dir=...): the directory, not the master
    assert {p.target for p in rec.checkpoints} == {"{FLAGS.logdir}"}, rec.checkpoints
    assert "{server.target}" not in {p.target for p in rec.metrics}, rec.metrics
    assert status_of(result, "ET310") != "FAIL"
    assert status_of(result, "ET511") == "PASS"
    # one folder, /tmp/agent by default, for every run's events and checkpoints
    assert dimension(result, "result_persistence").score == 2


def test_a_library_main_does_not_make_the_projects_main_a_side_script(tmp_path):
    from experiment_tracking.rules.phase4_reproducibility import seeded_frameworks

    files = {"experiment.py": TF1_MONITORED, "experiment_test.py": TF1_TEST, "README.md": "# Agent\n"}
    result = audit_committed(tmp_path / "r", files)
    # tf.test.main() in the test module is TensorFlow's main, not experiment.py's main(): train() runs
    _calls, seeded, _used = seeded_frameworks(result.ctx)
    assert "tensorflow" in seeded, seeded


def test_a_keyword_argument_in_a_readme_code_block_is_no_credential():
    from experiment_tracking.index.secrets import scan_secrets

    readme = (
        "```python\nprefix_allowed_tokens_fn = get_prefix_allowed_tokens_fn(model, sentences)\n\n"
        "model.sample(\n    sentences,\n    prefix_allowed_tokens_fn=prefix_allowed_tokens_fn,\n)\n"
        "    access_token=access_token_7f3a9b2c1d,\n```\n"
    )
    assert scan_secrets("README.md", readme) == []
    # a token set in a settings file is still found
    assert [h.kind for h in scan_secrets(".env", "ACCESS_TOKEN=7f3a9b2c1d8e4f5a6b7c\n")] == ["env_secret"]


PREPROCESS = """
import pickle
import sys


def main(src, dst):
    results = {}
    with open(src) as f:
        for line in f:
            title, _, anchors = line.partition("\\t")
            results[title] = anchors.split()
    with open(dst, "wb") as f:
        pickle.dump(results, f)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
"""


def test_fairseq_restarting_from_a_pretrained_file_is_no_resume(tmp_path):
    restarting = FAIRSEQ_TRAIN.replace("--arch", "--restore-file models/bart.large/model.pt \\\n    --arch")
    files = {
        "scripts/train.sh": restarting,
        "scripts/preprocess_anchors.py": PREPROCESS,
        "README.md": "# x\n",
    }
    result = audit_committed(tmp_path / "r", files)
    # `--restore-file models/bart.large/model.pt`: every launch loads BART again, not checkpoint_last.pt
    assert status_of(result, "ET511") != "PASS"
    # the run's TensorBoard logs are the metrics cited first, not a preprocessing script's dump
    ev = next(f for f in result.findings if f.rule_id == "ET301").evidence
    assert ev[0].path == "scripts/train.sh", ev
    plain = audit_committed(tmp_path / "p", {"scripts/train.sh": FAIRSEQ_TRAIN, "README.md": "# x\n"})
    assert status_of(plain, "ET511") == "PASS"


def test_versions_in_brackets_after_linked_package_names_are_versions_in_prose(tmp_path):
    readme = (
        "# Dialogue models\n\n## Dependencies\n\nVersions given are what the code has been tested on.\n\n"
        "- [numpy](https://www.numpy.org/) (1.14.3)\n- [PyTorch](https://pytorch.org/) (1.0.1.post2)\n"
        "- [tqdm](https://tqdm.github.io/) (4.19.7)\n"
    )
    train = "import numpy as np\nimport torch\n\nmodel = torch.nn.Linear(2, 2)\ntorch.save(model.state_dict(), 'm.pt')\n"
    result = audit_committed(tmp_path / "r", {"README.md": readme, "train.py": train})
    env = dimension(result, "environment_capture")
    assert env.score == 1, env.reasons
    assert "README.md:7" in env.reasons[0], env.reasons


TF09_GAN = """
import numpy as np
import tensorflow as tf


class Data:
    def __init__(self, images, labels):
        # ten labelled examples of each class, the same ten every run
        state = np.random.get_state()
        np.random.seed(0)
        ids = np.arange(len(labels))
        np.random.shuffle(ids)
        self.supervised = images[ids[:100]]
        np.random.set_state(state)
        self.images = images

    def next_batch(self, n):
        return self.images[np.random.choice(len(self.images), n)]


def train(data, log_dir):
    x = tf.placeholder(tf.float32, [None, 784])
    w = tf.get_variable("w", [784, 1])
    loss = tf.reduce_mean(tf.matmul(x, w))
    tf.scalar_summary("loss", loss)
    tf.image_summary("samples", tf.reshape(x, [-1, 28, 28, 1]))
    summary_op = tf.merge_all_summaries()
    opt = tf.train.AdamOptimizer(1e-3).minimize(loss)
    with tf.Session() as sess:
        writer = tf.train.SummaryWriter(log_dir, sess.graph)
        for step in range(1000):
            _, s = sess.run([opt, summary_op], {x: data.next_batch(64)})
            writer.add_summary(s, step)


if __name__ == "__main__":
    train(Data(np.zeros((1000, 784)), np.zeros(1000)), "logs/run")
"""


def test_a_seed_whose_generator_state_is_put_back_seeds_nothing(tmp_path):
    from experiment_tracking.rules.phase4_reproducibility import seeded_frameworks

    result = audit_committed(tmp_path / "r", {"train.py": TF09_GAN, "README.md": "# GAN\n"})
    _calls, seeded, _used = seeded_frameworks(result.ctx)
    # get_state(); seed(0); <fixed subset>; set_state(state): training draws from the unseeded state
    assert "numpy" not in seeded, seeded
    assert status_of(result, "ET212") != "PASS"
    kept_state = TF09_GAN.replace("        np.random.set_state(state)\n", "")
    kept = audit_committed(tmp_path / "k", {"train.py": kept_state, "README.md": "# GAN\n"})
    assert "numpy" in seeded_frameworks(kept.ctx)[1]


def test_images_added_to_tensorboard_by_tensorflows_old_summary_names_are_artifacts(tmp_path):
    result = audit_committed(tmp_path / "r", {"train.py": TF09_GAN, "README.md": "# GAN\n"})
    # tf.image_summary (TensorFlow before 0.12): sample grids in every run's event files
    assert status_of(result, "ET311") == "PASS"


def test_code_calling_what_only_python_2_has_gets_a_python_2_fix(tmp_path):
    py2 = TF09_GAN.replace("for step in range(1000):", "for step in xrange(1000):")
    result = audit_committed(
        tmp_path / "r", {"train.py": py2, "requirements.txt": "tensorflow\n", "README.md": "# x\n"}
    )
    fix = next(f for f in result.findings if f.rule_id == "ET411").recommendation
    assert "echo '2.7'" in fix, fix
    # a module that defines the name for both Pythons is not Python 2 only
    shim = "try:\n    xrange\nexcept NameError:\n    xrange = range\n" + py2
    both = audit_committed(
        tmp_path / "b", {"train.py": shim, "requirements.txt": "tensorflow\n", "README.md": "# x\n"}
    )
    assert "echo '2.7'" not in next(f for f in both.findings if f.rule_id == "ET411").recommendation


DATA_README = """# Architecture benchmark

## Download the dataset

The full dataset:

https://storage.example.org/bench/bench_full.tfrecord

Size: ~1.95 GB, SHA256: `3d64db8180fb1b0207212f9032205064312b6907a3bbc81eabea10db2f5c7e9c`
"""
READER = "import tensorflow as tf\n\nfor r in tf.python_io.tf_record_iterator('bench_full.tfrecord'):\n    print(r)\n"


def test_a_digest_published_under_a_data_download_link_is_a_checksum_for_that_data(tmp_path):
    result = audit_committed(tmp_path / "r", {"README.md": DATA_README, "query.py": READER})
    data = dimension(result, "data_versioning")
    assert data.score == 3, data.reasons
    assert "README.md:9" in data.reasons[0], data.reasons
    # a pretrained model's digest says nothing of the data
    model = (
        DATA_README.replace("Download the dataset", "Download the model")
        .replace("The full dataset:", "The weights:")
        .replace("bench_full.tfrecord", "model.ckpt")
    )
    other = audit_committed(tmp_path / "m", {"README.md": model, "query.py": READER})
    assert dimension(other, "data_versioning").score < 3


SCALER_ENGINE = """
import math

import torch


class NativeScaler:
    def __init__(self):
        self._scaler = torch.cuda.amp.GradScaler()

    def __call__(self, loss, optimizer, parameters=None):
        self._scaler.scale(loss).backward()
        self._scaler.step(optimizer)
        self._scaler.update()


def train_one_epoch(model, loader, optimizer, loss_scaler, accum_iter=1):
    for i, (x, y) in enumerate(loader):
        loss = torch.nn.functional.cross_entropy(model(x), y)
        if not math.isfinite(loss.item()):
            raise ValueError("loss is not finite")
        loss /= accum_iter
        loss_scaler(loss, optimizer, parameters=model.parameters())
        optimizer.zero_grad()
"""
SCALER_MAIN = """
import argparse

import torch

from proj.engine import NativeScaler, train_one_epoch


def get_args_parser():
    p = argparse.ArgumentParser()
    p.add_argument("--epochs", type=int, default=10)
    return p


def main(args):
    model = torch.nn.Linear(4, 2)
    optimizer = torch.optim.AdamW(model.parameters())
    for epoch in range(args.epochs):
        train_one_epoch(model, [], optimizer, NativeScaler())
"""
SCALER_RUN = """
from main_train import get_args_parser, main


def invoke_main():
    main(get_args_parser().parse_args())


if __name__ == "__main__":
    invoke_main()
"""


def test_a_launcher_of_a_main_whose_loop_hands_the_loss_and_optimizer_to_a_scaler_trains(tmp_path):
    files = {
        "engine.py": SCALER_ENGINE,
        "main_train.py": SCALER_MAIN,
        "run_train.py": SCALER_RUN,
        "README.md": "# x\n",
    }
    result = audit_committed(tmp_path / "r", files)
    # loss_scaler(loss, optimizer, parameters=...) back-propagates and steps: train_one_epoch trains, and
    # run_train.py starts it through main_train.main (imported as proj.engine, the checkout's own package)
    entries = {e.path for e in result.ctx.taxonomy.training_entry_points}
    assert "run_train.py" in entries, result.ctx.taxonomy.training_entry_points


LEARNER = """
import torch


class Learner:
    def __init__(self):
        self.net = torch.nn.Linear(4, 1)
        self.opt = torch.optim.SGD(self.net.parameters(), lr=0.1)

    def train_step(self, x):
        loss = self.net(x).pow(2).mean()
        self.opt.zero_grad()
        loss.backward()
        self.opt.step()
        return loss
"""
ESTIMATOR_SCRIPT = """
import torch
from absl import app

from estimators.learner import Learner


def main(argv):
    learner = Learner()
    for step in range(100):
        learner.train_step(torch.randn(8, 4))


if __name__ == "__main__":
    app.run(main)
"""


def test_a_script_a_smoke_test_imports_is_still_an_entry_point(tmp_path):
    smoke = "from scripts import run_estimator\n\n\ndef test_runs():\n    run_estimator.main(None)\n"
    files = {
        "estimators/__init__.py": "",
        "estimators/learner.py": LEARNER,
        "scripts/__init__.py": "",
        "scripts/run_estimator.py": ESTIMATOR_SCRIPT,
        "tests/run_estimator_test.py": smoke,
        "README.md": "# x\n",
    }
    result = audit_committed(tmp_path / "r", files)
    # tests/run_estimator_test.py runs main() as a smoke test: the script is still what users run
    entries = {e.path for e in result.ctx.taxonomy.training_entry_points}
    assert "scripts/run_estimator.py" in entries, (entries, result.ctx.taxonomy.entry_points)


LOG_SETUP = """
import argparse
import json
import logging
import os
import time


def get_logger(opt):
    logger = logging.getLogger()
    logger.setLevel(logging.INFO)
    logger.addHandler(logging.FileHandler(os.path.join(opt.model_dir, time.strftime("%Y%m%d-%H%M%S") + ".txt"), "a"))
    config = json.dumps(vars(opt), indent=4, sort_keys=True)
    logger.info(f"CONFIG:\\n{config}")
    return logger


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--model-dir", default="models")
    p.add_argument("--lr", type=float, default=1e-3)
    get_logger(p.parse_args())
"""


def test_a_message_holding_the_options_dumped_to_json_is_the_runs_configuration(tmp_path):
    result = audit_committed(tmp_path / "r", {"train.py": LOG_SETUP, "README.md": "# x\n"})
    rec = result.ctx.records
    # config = json.dumps(vars(opt)); logger.info(f"CONFIG:\\n{config}"): every option, into the run's log
    assert any(p.whole and p.evidence.line == 13 for p in rec.config), rec.config
    assert not any(p.evidence.line == 13 for p in rec.metrics), rec.metrics
