"""Families of real code the fresh73 round (and the remainder of fresh72) showed the auditor reading
wrong, each with a synthetic case of our own."""

from __future__ import annotations

from tests.rules.repo_helpers import audit_committed, detections_by_tool, finding, status_of

NEPTUNE_TRAIN = """
import argparse
import neptune
import torch

p = argparse.ArgumentParser()
p.add_argument("--lr", type=float, default=0.1)
args = p.parse_args()
run = neptune.init_run()
run["params"] = vars(args)
model = torch.nn.Linear(2, 1)
opt = torch.optim.SGD(model.parameters(), lr=args.lr)
for step in range(10):
    loss = model(torch.ones(2)).sum()
    opt.zero_grad()
    loss.backward()
    opt.step()
    run["loss"].append(loss.item())
"""

WANDB_MIGRATION = """
import wandb
import neptune

wandb.require("core")
api = wandb.Api()
for old in api.runs("team/project"):
    new = neptune.init_run(project="team/project")
    new["params"] = old.config
    new.stop()
"""


def test_tracker_only_queried_is_mentioned_not_used(tmp_path):
    """A migration tool that reads W&B runs through `wandb.Api()` logs none of this project's runs:
    W&B is mentioned, not a tracker in use, and its query is no comparison of this project's runs."""
    result = audit_committed(
        tmp_path, {"train.py": NEPTUNE_TRAIN, "tools/wandb_to_neptune.py": WANDB_MIGRATION}
    )
    tools = detections_by_tool(result)
    assert tools["wandb"].usage == "mentioned"
    assert tools["neptune"].usage == "used"
    cited = {e.path for e in finding(result, "ET320").evidence}
    assert "tools/wandb_to_neptune.py" not in cited or all(
        "wandb" not in e.detail for e in finding(result, "ET320").evidence
    )


def test_tracker_queried_and_logged_stays_used(tmp_path):
    """The same query in a project that also logs into W&B compares this project's runs."""
    train = (
        NEPTUNE_TRAIN.replace("import neptune", "import wandb")
        .replace('run = neptune.init_run()\nrun["params"] = vars(args)', "wandb.init(config=vars(args))")
        .replace('run["loss"].append(loss.item())', 'wandb.log({"loss": loss.item()})')
    )
    compare = 'import wandb\n\nruns = wandb.Api().runs("team/project", order="-summary_metrics.acc")\nprint(runs[0].id)\n'
    result = audit_committed(tmp_path, {"train.py": train, "compare.py": compare})
    assert detections_by_tool(result)["wandb"].usage == "used"
    assert status_of(result, "ET320") == "PASS"
    assert any(e.path == "compare.py" for e in finding(result, "ET320").evidence)
