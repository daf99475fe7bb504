"""Families of real code the fresh59 round (repositories never seen before its first audit) showed the
auditor reading wrong, each with a synthetic case of our own."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo


def _tools(result):
    return {d.tool for d in result.ctx.detections}


TRAIN = """
import argparse

import torch
from torch.utils.tensorboard import SummaryWriter

parser = argparse.ArgumentParser()
parser.add_argument("-c", "--config", default="configs/config.json")
parser.add_argument("-m", "--model", default="44k")
args = parser.parse_args()
writer = SummaryWriter("logs/" + args.model)
model = torch.nn.Linear(2, 2)
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
for step in range(10):
    loss = model(torch.ones(2)).sum()
    loss.backward()
    optimizer.step()
    writer.add_scalar("loss", loss.item(), step)
"""


def test_plain_ray_requirement_is_not_ray_tune(tmp_path):
    # `ray` is a general parallel runtime (a data-prep pool); only ray[tune] or an import of ray.tune
    # says Ray Tune is in the project
    write_repo(tmp_path, {"train.py": TRAIN, "requirements.txt": "torch==2.1.0\nray>=1.0.1\n"})
    assert "ray_tune" not in _tools(run_audit(tmp_path))
    write_repo(tmp_path, {"requirements.txt": "torch==2.1.0\nray[tune]>=2.0\n"})
    assert "ray_tune" in _tools(run_audit(tmp_path))


def test_dash_m_to_a_script_that_is_not_a_hydra_app_is_not_multirun(tmp_path):
    # so-vits-svc: `python train.py -c configs/config.json -m 44k`, -m names the model folder
    write_repo(tmp_path, {"train.py": TRAIN, "run.sh": "python train.py -c configs/config.json -m 44k\n"})
    assert "hydra_multirun" not in _tools(run_audit(tmp_path))
    hydra_app = (
        "import hydra\n\n\n@hydra.main(config_path='conf', config_name='config')\ndef main(cfg):\n    pass\n"
    )
    write_repo(tmp_path, {"sweep.py": hydra_app, "run.sh": "python sweep.py -m lr=0.1,0.01\n"})
    assert "hydra_multirun" in _tools(run_audit(tmp_path))
