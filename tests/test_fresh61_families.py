"""Families of real code the fresh61 round (repositories never seen before its first audit) showed the
auditor reading wrong, each with a synthetic case of our own."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import commit_all, dimension, write_repo

GRAPH_TRAIN = """
import numpy as np
import torch


def load_graph():
    feats = []
    with open("graphs/toy.content") as fp:
        for line in fp:
            feats.append([float(x) for x in line.split()[1:-1]])
    edges = []
    with open("graphs/toy.cites", "r") as fp:
        for line in fp:
            edges.append(line.split())
    return np.array(feats), edges


def run():
    feats, edges = load_graph()
    model = torch.nn.Linear(feats.shape[1], 2)
    opt = torch.optim.SGD(model.parameters(), lr=0.5)
    for batch in range(100):
        loss = model(torch.tensor(feats, dtype=torch.float32)).sum()
        loss.backward()
        opt.step()
        print(batch, loss.item())


if __name__ == "__main__":
    run()
"""


def test_committed_file_read_by_literal_path_is_data_whatever_its_suffix(tmp_path):
    # graph benchmarks ship their edge lists and features as .cites/.content/.tab files the training
    # code opens by a literal path: committed data, though no data suffix names it
    row = " ".join(["0.0"] * 40)
    write_repo(
        tmp_path,
        {
            "model/train.py": GRAPH_TRAIN,
            "graphs/toy.content": "".join(f"{i} {row} label\n" for i in range(60)),
            "graphs/toy.cites": "".join(f"{i} {i + 1}\n" for i in range(400)),
            "README.md": "# Toy graph model\n\n`python -m model.train`\n",
        },
    )
    commit_all(tmp_path)
    dim = dimension(run_audit(tmp_path), "data_versioning")
    assert dim.score == 2, dim.reasons
    assert any("graphs/toy.c" in r for r in dim.reasons)
