"""Recommendation families found in the fresh45-47 reviews: fixes that fit the repository's data, its run
directory (or the lack of one), its pinned framework and its own files. One regression case each."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.conftest import make_git_repo


def _finding(result, rule_id):
    return next((f for f in result.findings if f.rule_id == rule_id), None)


# A graph model trained on two files committed under data/, with argparse options (a seed among them), no
# run directory, no tracker, and a README that says what the model is but not how to run it.
GRAPH_TRAIN = """import argparse
import random

import numpy as np
import torch

parser = argparse.ArgumentParser()
parser.add_argument('--seed', type=int, default=72)
parser.add_argument('--lr', type=float, default=0.005)
parser.add_argument('--epochs', type=int, default=100)
args = parser.parse_args()
random.seed(args.seed)
np.random.seed(args.seed)
torch.manual_seed(args.seed)


def load_data(path='./data/cora/', dataset='cora'):
    features = np.genfromtxt('{}{}.content'.format(path, dataset), dtype=np.dtype(str))
    edges = np.genfromtxt('{}{}.cites'.format(path, dataset), dtype=np.int32)
    return features, edges


features, edges = load_data()
model = torch.nn.Linear(16, 7)
opt = torch.optim.Adam(model.parameters(), lr=args.lr)
for epoch in range(args.epochs):
    loss = model(torch.randn(8, 16)).pow(2).mean()
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(epoch, loss.item())
torch.save(model.state_dict(), 'model.pkl')
"""

EDGE_ROWS = "".join(f"{i}\t{i * 7 % 2708}\n" for i in range(600))


def _graph_repo(tmp_path, requirements="numpy==1.15.1\ntorch==0.4.1.post2\n"):
    return make_git_repo(
        tmp_path / "repo",
        {
            "train.py": GRAPH_TRAIN,
            "data/cora/cora.cites": EDGE_ROWS,
            "data/cora/cora.content": EDGE_ROWS.replace("\t", " label "),
            "requirements.txt": requirements,
            "README.md": "# Graph attention in PyTorch\n\nA re-implementation of a graph model on Cora.\n",
            "LICENSE": "MIT License\n",
        },
    )


def test_data_committed_in_git_is_versioned_by_the_commit(tmp_path):
    result = run_audit(_graph_repo(tmp_path))
    f120 = _finding(result, "ET120")
    assert f120.status == "WARN"
    assert "committed in git" in f120.message and "data/cora/" in f120.message
    f421 = _finding(result, "ET421")
    assert f421.status == "WARN" and "committed in git" in f421.message
    data_items = [it for it in result.recommendations if it.get("dimension") == "data_versioning"]
    for it in data_items + [{"snippet": f120.recommendation}, {"snippet": f421.recommendation}]:
        # no digest of an undefined data_dir into an undefined run_dir: the commit is the data's version
        assert "data.json" not in (it["snippet"] or "")
    assert "dvc add data/cora" in f120.recommendation


def test_run_directory_made_once_and_the_seed_not_recorded_twice(tmp_path):
    result = run_audit(_graph_repo(tmp_path))
    snippets = [it["snippet"] or "" for it in result.recommendations]
    using = [s for s in snippets if "os.path.join(run_dir" in s]
    assert len(using) >= 2
    # the first fix that writes into a run directory makes it; the others refer to it
    assert sum("os.makedirs(run_dir" in s for s in snippets) == 1
    first = next(i for i, s in enumerate(snippets) if "os.makedirs(run_dir" in s)
    assert all(
        f"recommendation {first + 1}" in s
        for s in using
        if "os.makedirs(run_dir" not in s and "run_dir =" not in s
    )
    # args.seed is one of the options the parameters' record dumps whole
    assert any("vars(args)" in s for s in snippets)
    assert not any(it["rule_ids"] == ["ET212"] for it in result.recommendations)


def test_container_fix_uses_the_pinned_post_release(tmp_path):
    result = run_audit(_graph_repo(tmp_path))
    f412 = _finding(result, "ET412")
    assert "pytorch/pytorch:0.4.1-" in f412.recommendation
    assert "2.3.1" not in f412.recommendation


def test_reproduce_fix_names_the_project_files(tmp_path):
    result = run_audit(_graph_repo(tmp_path))
    f604 = _finding(result, "ET604")
    assert f604.status == "WARN"
    assert "pip install -r requirements.txt" in f604.recommendation
    assert "python train.py" in f604.recommendation
    assert "dvc pull" not in f604.recommendation and "requirements.lock" not in f604.recommendation
