"""Families of real code the fresh64 round (repositories never seen before its first audit) showed the
auditor reading wrong, each with a synthetic case of our own."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import detections_by_tool, dimension, finding, write_repo

DORA_TRAIN = """
import torch
from dora import hydra_main

from sep import distrib
from sep.solver import Solver


@hydra_main(config_path="../conf", config_name="config")
def main(args):
    distrib.init()
    model = distrib.wrap(torch.nn.Linear(4, 4))
    Solver(model, args).train()


if __name__ == "__main__":
    main()
"""

DORA_SOLVER = """
import torch
from dora import get_xp


class Solver:
    def __init__(self, model, args):
        xp = get_xp()
        self.model, self.args = model, args
        self.link = xp.link
        self.checkpoint_file = xp.folder / "checkpoint.th"
        self.opt = torch.optim.Adam(model.parameters(), lr=args.lr)

    def train(self):
        for epoch in range(self.args.epochs):
            loss = self.model(torch.zeros(2, 4)).sum()
            loss.backward()
            self.opt.step()
            self.link.push_metrics({"train": {"loss": loss.item()}})
            torch.save({"state": self.model.state_dict(), "args": self.args}, self.checkpoint_file)
"""

DORA_DISTRIB = """
import torch
from torch.nn.parallel import DistributedDataParallel
from dora import distrib as dora_distrib

world_size = 1


def init():
    global world_size
    if not torch.distributed.is_initialized():
        dora_distrib.init()
    world_size = dora_distrib.world_size()


def wrap(model):
    if world_size == 1:
        return model
    return DistributedDataParallel(model, device_ids=[torch.cuda.current_device()])
"""

DORA_CONF = """
lr: 0.001
epochs: 10
seed: 42
dora:
  dir: outputs
"""


def test_dora_experiments_are_tracked_runs_with_their_config_metrics_and_ddp(tmp_path):
    # Dora runs each experiment in a folder named by its config's signature: the Hydra config, the
    # per-epoch metrics pushed to the link (history.json) and the checkpoint are kept per run; its
    # distrib.init joins the process group the launcher set up, so the DDP wrap is a path runs take
    files = {
        "sep/__init__.py": "",
        "sep/train.py": DORA_TRAIN,
        "sep/solver.py": DORA_SOLVER,
        "sep/distrib.py": DORA_DISTRIB,
        "conf/config.yaml": DORA_CONF,
        "requirements.txt": "dora-search>=0.1.12\nhydra-core>=1.1\ntorch\n",
    }
    result = run_audit(write_repo(tmp_path, files), jobs=1)
    tools = detections_by_tool(result)
    assert tools["dora"].present and tools["dora"].scope == "core", tools.get("dora")
    assert tools["ddp"].present, tools.get("ddp")
    assert finding(result, "ET110").status == "PASS"
    assert finding(result, "ET210").status == "PASS", finding(result, "ET210").message
    assert finding(result, "ET301").status == "PASS", finding(result, "ET301").message
    assert dimension(result, "parameter_logging").score >= 4
    assert dimension(result, "result_persistence").score >= 4, dimension(result, "result_persistence").reasons


def test_a_dora_log_helper_alone_tracks_nothing(tmp_path):
    files = {
        "train.py": "import torch\nfrom dora.log import fatal\n\n\ndef main():\n    fatal('no data')\n",
    }
    result = run_audit(write_repo(tmp_path, files), jobs=1)
    assert "dora" not in {t for t, d in detections_by_tool(result).items() if d.present}
