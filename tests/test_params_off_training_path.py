"""Options and config files of scripts that train nothing (convert.py parsing a Darknet .cfg with
configparser and argparse to convert weights) are not where the runs' parameters come from: with
every training setting hard-coded in train.py, parameter logging is level 0."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import dimension, write_repo

CONVERT = """import argparse
import configparser

parser = argparse.ArgumentParser(description="Darknet to Keras converter.")
parser.add_argument("config_path", help="Path to Darknet cfg file.")
parser.add_argument("output_path", help="Path to output Keras model file.")


def _main(args):
    cfg_parser = configparser.ConfigParser()
    cfg_parser.read(args.config_path)
    print(cfg_parser.sections())


if __name__ == "__main__":
    _main(parser.parse_args())
"""
TRAIN = """import numpy as np
from keras.callbacks import ModelCheckpoint, TensorBoard


def _main():
    annotation_path = "train.txt"
    log_dir = "logs/000/"
    batch_size = 32
    model = create_model()
    logging = TensorBoard(log_dir=log_dir)
    checkpoint = ModelCheckpoint(log_dir + "ep{epoch:03d}.h5", save_best_only=True, period=3)
    model.compile(optimizer="adam", loss="mse")
    model.fit(np.zeros((8, 2)), np.zeros(8), batch_size=batch_size, epochs=50, callbacks=[logging, checkpoint])
    model.save_weights(log_dir + "trained_weights_final.h5")


if __name__ == "__main__":
    _main()
"""


def test_a_converters_options_are_not_the_training_parameters(tmp_path):
    result = run_audit(write_repo(tmp_path, {"convert.py": CONVERT, "train.py": TRAIN}))
    params = dimension(result, "parameter_logging")
    assert params.score == 0, params.reasons


def test_et201_reads_the_training_code_not_the_converter(tmp_path):
    result = run_audit(write_repo(tmp_path, {"convert.py": CONVERT, "train.py": TRAIN}))
    f = next(f for f in result.findings if f.rule_id == "ET201")
    assert f.status == "FAIL" and "hard-coded" in f.message, f.message
    assert not any(e.path == "convert.py" for e in f.evidence)
