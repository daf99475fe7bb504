"""A log file named after the experiment (`save/experiment-log.txt`), opened with "w" and written a header
and one line per epoch, is a metrics file overwritten by every run, not a record of the configuration:
the hard-coded parameters stay at level 0 and the results are kept without per-run structure."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import dimension, write_repo

MAIN = """import numpy as np
import tensorflow as tf

EMB_DIM = 32
PRE_EPOCH_NUM = 120
SEED = 88


def main():
    np.random.seed(SEED)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        log = open("save/experiment-log.txt", "w")
        log.write("pre-training...\\n")
        for epoch in range(PRE_EPOCH_NUM):
            loss = sess.run(TRAIN_OP)
            if epoch % 5 == 0:
                buffer = "epoch:\\t" + str(epoch) + "\\tnll:\\t" + str(loss) + "\\n"
                log.write(buffer)
        log.close()


if __name__ == "__main__":
    main()
"""


def test_an_experiment_log_is_one_overwritten_metrics_file(tmp_path):
    result = run_audit(write_repo(tmp_path, {"sequence_gan.py": MAIN}))
    assert not result.ctx.records.config, result.ctx.records.config
    assert dimension(result, "parameter_logging").score == 0
    assert result.ctx.records.metrics and all(p.keeping == "fixed" for p in result.ctx.records.metrics)
    assert dimension(result, "result_persistence").score <= 2
