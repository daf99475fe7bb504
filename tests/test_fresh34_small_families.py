"""Claim and score families found in the fresh34 review, one regression case each."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo


def _dim(result, name):
    return next(d for d in result.scorecard.dimensions if d.name == name)


def test_text_tokens_and_measurements_are_no_credentials():
    from experiment_tracking.index.secrets import _scan_line

    assert _scan_line("        columns = {'tokens': 'ndarray:int32'}", False) == ""
    assert _scan_line("latency_per_output_token=3.42ms/tok", True) == ""
    assert _scan_line("api_token = 'hf8Kz91LmQpR2sT7vW3xY6'", False) == "assigned_secret"


def test_a_requirements_folder_holds_requirement_lists(tmp_path):
    write_repo(
        tmp_path,
        {"requirements/pt2.txt": "torch==2.0.1\nnumpy>=1.24\nomegaconf\n", "main.py": "import torch\n"},
    )
    result = run_audit(tmp_path)
    f410 = next(f for f in result.findings if f.rule_id == "ET410")
    assert "requirements/pt2.txt 1 of 3 exact" in f410.message, f410.message


def test_a_tracker_set_up_in_a_switched_function_is_switched_by_its_callers_condition(tmp_path):
    code = """import argparse

import torch
import wandb


def init_wandb(opt):
    if opt.debug:
        wandb.init(project="sgm", mode="offline")
    else:
        wandb.init(project="sgm", config=vars(opt))


parser = argparse.ArgumentParser()
parser.add_argument("--debug", action="store_true")
parser.add_argument("--wandb", action="store_true")
opt = parser.parse_args()
if opt.wandb:
    init_wandb(opt)
model = torch.nn.Linear(4, 2)
optim = torch.optim.Adam(model.parameters())
for step in range(10):
    loss = model(torch.randn(8, 4)).sum()
    loss.backward()
    optim.step()
    if opt.wandb:
        wandb.log({"loss": loss.item()})
"""
    write_repo(tmp_path, {"main.py": code})
    questions = [f.question for f in run_audit(tmp_path).findings if f.status == "REVIEW"]
    assert questions and all("opt.debug" not in q for q in questions), questions
    assert any("`opt.wandb`" in q for q in questions)


def test_an_orbax_manager_keeping_checkpoints_by_a_metric_selects_the_best(tmp_path):
    code = """import jax
import optax
import orbax.checkpoint

options = orbax.checkpoint.CheckpointManagerOptions(
    create=True, best_fn=lambda m: m["episode_return"], best_mode="max", max_to_keep=3
)
manager = orbax.checkpoint.CheckpointManager("checkpoints", orbax.checkpoint.PyTreeCheckpointer(), options)
params = {"w": jax.numpy.zeros(3)}
opt = optax.adam(1e-3)
state = opt.init(params)
for step in range(100):
    grads = jax.grad(lambda p: (p["w"] ** 2).sum())(params)
    updates, state = opt.update(grads, state)
    params = optax.apply_updates(params, updates)
    manager.save(step, params, metrics={"episode_return": float(step)})
"""
    write_repo(tmp_path, {"train.py": code})
    f310 = next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET310")
    assert f310.status == "PASS" and "best" in f310.message, f310.message


def test_a_package_modules_smoke_test_on_random_tensors_is_no_training_run(tmp_path):
    module = """import torch
from torch import nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 2)

    def forward(self, x):
        return self.fc(x)


if __name__ == "__main__":
    net = Net()
    loss = net(torch.randn(2, 4)).sum()
    loss.backward()
"""
    train = """import torch
from torch.utils.data import DataLoader, TensorDataset

from mypkg.net import Net

net = Net()
opt = torch.optim.Adam(net.parameters())
loader = DataLoader(TensorDataset(torch.load("data.pt")), batch_size=8)
for (x,) in loader:
    loss = net(x).sum()
    opt.zero_grad()
    loss.backward()
    opt.step()
"""
    write_repo(tmp_path, {"mypkg/__init__.py": "", "mypkg/net.py": module, "train.py": train})
    tax = run_audit(tmp_path).ctx.taxonomy
    assert [e.path for e in tax.training_entry_points] == ["train.py"]
    assert any(e.path == "mypkg/net.py" and "self-test" in e.detail for e in tax.entry_points)


def test_a_section_label_or_a_column_name_is_no_gpu_model():
    from experiment_tracking.rules.phase4_reproducibility import HARDWARE

    assert not HARDWARE.search("### T4. Ensemble combination defaults")
    assert not HARDWARE.search("df = df[['a10', 'a11']]")
    assert HARDWARE.search("trained on a T4 GPU in Colab") and HARDWARE.search("8x A100 80GB")


def test_training_again_on_many_resampled_splits_is_a_repetition(tmp_path):
    code = """import numpy as np
from sklearn.linear_model import Ridge
from sklearn.model_selection import ShuffleSplit

x, y = np.random.rand(100, 3), np.random.rand(100)
boot = ShuffleSplit(n_splits=50, test_size=0.1, random_state=42)
scores = []
for train, test in boot.split(x):
    model = Ridge().fit(x[train], y[train])
    scores.append(model.score(x[test], y[test]))
print(np.mean(scores), np.std(scores))
"""
    write_repo(tmp_path, {"train.py": code})
    f321 = next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET321")
    assert f321.status == "PASS" and "ShuffleSplit" in f321.evidence[0].detail


def test_a_tracker_opened_disabled_unless_a_constant_says_online_is_switched(tmp_path):
    code = """import torch
import wandb

TRACK_EXPERIMENT_ONLINE = False

model = torch.nn.Linear(4, 2)
opt = torch.optim.Adam(model.parameters())
wandb.init(project="vit", mode="disabled" if not TRACK_EXPERIMENT_ONLINE else "online")
wandb.run.name = "baseline"
for step in range(10):
    loss = model(torch.randn(8, 4)).sum()
    opt.zero_grad()
    loss.backward()
    opt.step()
    wandb.log({"loss": loss.item()})
"""
    write_repo(tmp_path, {"train.py": code})
    by_rule = {f.rule_id: f for f in run_audit(tmp_path).findings}
    for rule in ("ET303", "ET420"):
        assert by_rule[rule].status == "REVIEW", (rule, by_rule[rule].message)
        assert "TRACK_EXPERIMENT_ONLINE" in by_rule[rule].question
