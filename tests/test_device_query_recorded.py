"""A device query counts as hardware logged only when its value goes into a record (a logger, a
tracker's config, a file); read to choose an attention kernel and printed, it records nothing.
Synthetic."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo

KERNEL = """
import torch

props = torch.cuda.get_device_properties(torch.device("cuda"))
if props.major >= 8:
    print("A100 GPU detected, using flash attention")
for step in range(10):
    loss = model(x).mean()
    loss.backward()
"""

LOGGED = """
import logging

import torch

logger = logging.getLogger(__name__)
gpu = torch.cuda.get_device_name(0)
logger.info("training on %s", gpu)
for step in range(10):
    loss = model(x).mean()
    loss.backward()
"""


def _et413(tmp_path, code):
    write_repo(tmp_path, {"train.py": code})
    return next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET413")


def test_a_device_read_to_pick_a_kernel_is_not_logged(tmp_path):
    assert _et413(tmp_path, KERNEL).status != "PASS"


def test_a_device_name_handed_to_the_logger_is_logged(tmp_path):
    f = _et413(tmp_path, LOGGED)
    assert f.status == "PASS" and f.evidence[0].line == 6, f.evidence
