"""A project's own parser handed the command line (`config.merge_from_args(sys.argv[1:])` over a nested
config object, minGPT) takes parameters from the command line: ET201 does not fail as if every value
were a literal."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo

UTILS = """class CfgNode:
    def __init__(self, **kwargs):
        self.__dict__.update(kwargs)

    def merge_from_args(self, args):
        for arg in args:
            key, val = arg.split("=")
            setattr(self, key.lstrip("-"), val)
"""
TRAIN = """import sys

import torch

from utils import CfgNode


def get_config():
    return CfgNode(lr=5e-4, batch_size=64, max_iters=1000)


if __name__ == "__main__":
    config = get_config()
    config.merge_from_args(sys.argv[1:])
    model = torch.nn.Linear(4, 4)
    opt = torch.optim.AdamW(model.parameters(), lr=config.lr)
    for it in range(config.max_iters):
        model(torch.randn(4, 4)).sum().backward()
        opt.step()
    torch.save(model.state_dict(), "model.pt")
"""


def test_a_config_merged_from_sys_argv_is_a_command_line(tmp_path):
    result = run_audit(write_repo(tmp_path, {"utils.py": UTILS, "chargpt.py": TRAIN}))
    f = next(f for f in result.findings if f.rule_id == "ET201")
    assert f.status != "FAIL", f.message
    assert "command line" in f.message, f.message
