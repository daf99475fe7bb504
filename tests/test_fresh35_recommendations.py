"""Recommendation families the claim reviews found unfit (fresh31-34), one regression case each: the fix
goes in the script that trains, names only what is missing, and fits the project's own record."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from experiment_tracking.scoring import fix_site, recommendations
from tests.conftest import git, make_git_repo
from tests.rules.repo_helpers import write_repo

TRAINER = """import argparse

import torch
from models.net import Net

parser = argparse.ArgumentParser()
parser.add_argument("--lr", type=float, default=0.1)
args = parser.parse_args()
model = Net()
optim = torch.optim.SGD(model.parameters(), lr=args.lr)
for step in range(10):
    loss = model(torch.randn(8, 4).cuda()).sum()
    loss.backward()
    optim.step()
"""
NET = "import torch\n\n\nclass Net(torch.nn.Module):\n    pass\n"
# A script named for training that builds a search index: it trains no model.
SEARCHER = """import argparse

import numpy as np

parser = argparse.ArgumentParser()
parser.add_argument("--out", default="index.npy")
args = parser.parse_args()
np.save(args.out, np.random.rand(10, 4))
"""


def _entries(result):
    return [e.path for e in result.ctx.taxonomy.training_entry_points]


def test_the_script_that_trains_goes_before_a_side_script_named_for_training(tmp_path):
    readme = "# Project\n\n```\npython scripts/train_searcher.py\npython main.py --lr 0.1\n```\n"
    write_repo(
        tmp_path,
        {
            "README.md": readme,
            "main.py": TRAINER,
            "models/net.py": NET,
            "scripts/train_searcher.py": SEARCHER,
        },
    )
    result = run_audit(tmp_path)
    assert _entries(result)[0] == "main.py", _entries(result)
    f403 = next(f for f in result.findings if f.rule_id == "ET403")
    assert fix_site(result.ctx, f403) == "main.py"


def test_a_readme_command_naming_a_moved_script_still_marks_it_launched(tmp_path):
    # The README still runs systems/ff_ippo.py; the file moved to systems/ppo/anakin/ff_ippo.py.
    readme = "# Project\n\n```\npython systems/ff_ippo.py env=lbf\n```\n"
    files = {
        "README.md": readme,
        "systems/ppo/anakin/ff_ippo.py": TRAINER,
        "models/net.py": NET,
        "aa/zz_train_probe.py": TRAINER,
    }
    write_repo(tmp_path, files)
    result = run_audit(tmp_path)
    assert _entries(result)[0] == "systems/ppo/anakin/ff_ippo.py", _entries(result)


def test_a_variant_script_comes_after_its_base_script_in_any_folder(tmp_path):
    files = {
        "systems/deep/nested/ff_ippo.py": TRAINER,
        "advanced/ff_ippo_store_experience.py": TRAINER,
        "models/net.py": NET,
    }
    write_repo(tmp_path, files)
    result = run_audit(tmp_path)
    assert _entries(result)[0] == "systems/deep/nested/ff_ippo.py", _entries(result)


def test_determinism_fix_goes_to_a_deep_learning_script_and_offers_the_documented_alternative(tmp_path):
    xgb = """import argparse

import xgboost as xgb

parser = argparse.ArgumentParser()
parser.add_argument("--depth", type=int, default=3)
args = parser.parse_args()
booster = xgb.XGBClassifier(max_depth=args.depth)
booster.fit([[0, 1]], [0])
"""
    readme = "# Project\n\n```\npython a/train.py\npython b/train_net.py\n```\n"
    write_repo(
        tmp_path, {"README.md": readme, "a/train.py": xgb, "b/train_net.py": TRAINER, "models/net.py": NET}
    )
    result = run_audit(tmp_path)
    assert _entries(result)[0] == "a/train.py", _entries(result)  # the XGBoost script leads
    f403 = next(f for f in result.findings if f.rule_id == "ET403")
    assert "not bit-reproducible" in f403.recommendation
    assert fix_site(result.ctx, f403) == "b/train_net.py"


def test_repository_wide_next_levels_name_the_repository_not_a_training_script(tmp_path):
    readme = (
        "# Project\n\nInstall with `pip install -r requirements.txt`.\n\n```\npython main.py --lr 0.1\n```\n"
    )
    readme += "\n".join(f"Line {i} of the usage notes and results." for i in range(40)) + "\n"
    write_repo(tmp_path, {"README.md": readme, "main.py": TRAINER, "models/net.py": NET})
    result = run_audit(tmp_path)
    every = recommendations(result.ctx, result.findings, result.scorecard, limit=50)
    docs = next(r for r in every if r["dimension"] == "documentation")
    assert docs["file"] == "README.md", docs
    env = next(r for r in every if r["dimension"] == "environment_capture")
    assert env["file"] == "(repository)", env


def test_code_versioning_next_level_names_only_what_is_missing(tmp_path):
    ci = "on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: pytest\n"
    files = {
        ".github/workflows/ci.yml": ci,
        "tests/test_net.py": "def test_net():\n    assert True\n",
        "main.py": TRAINER,
        "models/net.py": NET,
        ".gitignore": "outputs/\n",
    }
    root = make_git_repo(tmp_path / "r", files)
    git(root, "tag", "v0.1.0")
    result = run_audit(root)
    dim = next(d for d in result.scorecard.dimensions if d.name == "code_versioning")
    assert dim.score == 4, dim.reasons
    assert "tagged releases" not in dim.next, dim.next
    assert "linkage" in dim.next, dim.next


def test_a_record_fix_in_a_foreign_tracker_points_at_the_projects_own_run_record(tmp_path):
    code = """import argparse
import json
import os
import sys

import torch

parser = argparse.ArgumentParser()
parser.add_argument("--lr", type=float, default=0.1)
parser.add_argument("--seed", type=int, default=0)
parser.add_argument("--out", default="runs/exp")
args = parser.parse_args()
torch.manual_seed(args.seed)
os.makedirs(args.out, exist_ok=True)
stats = open(os.path.join(args.out, "stats.txt"), "a")
print(" ".join(sys.argv), file=stats)
model = torch.nn.Linear(4, 2)
optim = torch.optim.SGD(model.parameters(), lr=args.lr)
for step in range(10):
    loss = model(torch.randn(8, 4)).sum()
    loss.backward()
    optim.step()
    print(json.dumps({"step": step, "loss": loss.item()}), file=stats)
"""
    write_repo(tmp_path, {"main.py": code})
    result = run_audit(tmp_path)
    f212 = next((f for f in result.findings if f.rule_id == "ET212"), None)
    assert f212 is not None and f212.status != "PASS", f212
    assert "mlflow" not in f212.recommendation
    assert "run record this project already writes: `main.py:16`" in f212.recommendation, f212.recommendation
