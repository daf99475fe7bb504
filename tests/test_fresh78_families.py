"""Families of real code the fresh78 round showed the auditor reading wrong, each with a synthetic case
of our own."""

from __future__ import annotations

from tests.rules.repo_helpers import audit_committed, detections_by_tool, status_of

# An RL loop writing through Baselines' logger inside `with logger.scoped_configure(...)`: rank 0
# keeps stdout, log and csv, the other workers only the log (a choice the code computes per rank)
SCOPED_LOGGER = """
import argparse
from baselines import logger
from mpi4py import MPI
import tensorflow as tf


def make_agent():
    loss = tf.reduce_mean(tf.square(tf.Variable(tf.zeros([4]))))
    return Agent(tf.train.AdamOptimizer(1e-4).minimize(loss))


def train(agent, steps):
    for _ in range(steps):
        info = agent.step()
        logger.logkvs(info)
        logger.dumpkvs()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=100)
    args = parser.parse_args()
    formats = ["stdout", "log", "csv"] if MPI.COMM_WORLD.Get_rank() == 0 else ["log"]
    with logger.scoped_configure(dir=None, format_strs=formats):
        train(make_agent(), args.steps)


if __name__ == "__main__":
    main()
"""


def test_baselines_scoped_configure_is_the_run_record(tmp_path):
    """`logger.scoped_configure()` is configure() for a with-block: the loop's logkvs/dumpkvs land in
    progress.csv of a fresh openai-<time> folder, a hand-written run record, not "no tracker"."""
    result = audit_committed(tmp_path, {"run.py": SCOPED_LOGGER})
    assert "custom_logging" in detections_by_tool(result)
    assert status_of(result, "ET301") == "PASS"
    assert status_of(result, "ET101") == "PASS"
