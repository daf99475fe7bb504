"""A project parser class built on a command-line library (class Parser(Tap), a subclass of
ArgumentParser) is the command line where it is parsed (Parser().parse_args()): ET201 names the
command-line layer, and a Tap class types its options by their annotations (ET202)."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo

SETUP = """
from tap import Tap

class Parser(Tap):
    config: str = "config.locomotion"
    dataset: str = "hopper-medium-v2"
    seed: int = 0
"""
TRAIN = """
import torch
from utils.setup import Parser

class Args(Parser):
    horizon: int = 32

args = Args().parse_args()
for step in range(10):
    loss = model(batch)
    loss.backward()
"""


def test_a_tap_parser_is_a_typed_command_line(tmp_path):
    write_repo(tmp_path, {"utils/__init__.py": "", "utils/setup.py": SETUP, "train.py": TRAIN})
    found = {f.rule_id: f for f in run_audit(tmp_path).findings}
    assert found["ET201"].status == "PASS" and "command line" in found["ET201"].message
    assert "train.py:7" in [e.where() for e in found["ET201"].evidence]
    assert found["ET202"].status == "PASS"
    assert found["ET202"].evidence[0].where() == "utils/setup.py:3"
