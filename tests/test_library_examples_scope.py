"""A library whose training code lives in examples/ (flax): docs folders of their own name
(docs_nnx/, docs_linen/) are documentation, benchmark scripts time the library, and an example's
train_test.py tests it; none of them is the typical run the scorecard counts."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from experiment_tracking.detect.engine import scope_of
from tests.rules.repo_helpers import write_repo

TRAIN = """import torch

model = torch.nn.Linear(2, 2)
opt = torch.optim.SGD(model.parameters(), lr=0.1)
for step in range(10):
    model(torch.randn(2, 2)).sum().backward()
    opt.step()
"""


def test_docs_folders_and_benchmarks_are_not_the_project_code():
    assert scope_of("docs_nnx/guides/mnist_tutorial.ipynb") == "example"
    assert scope_of("site-docs/x.py") == "example"
    assert scope_of("benchmarks/nnx_simple_training.py") == "example"
    assert scope_of("docstrings/x.py") == "core"


def test_a_promoted_examples_test_file_stays_a_test(tmp_path):
    files = {
        "mylib/__init__.py": "",
        "mylib/layers.py": "import torch\n",
        "setup.py": "from setuptools import setup\nsetup(name='mylib')\n",
        "examples/mnist/main.py": TRAIN,
        "examples/mnist/train_test.py": "import unittest\n" + TRAIN,
        "benchmarks/speed_training.py": TRAIN,
        "docs_nnx/tutorial.py": TRAIN,
    }
    result = run_audit(write_repo(tmp_path, files))
    entries = {e.path for e in result.ctx.taxonomy.training_entry_points}
    assert "examples/mnist/main.py" in entries
    assert "examples/mnist/train_test.py" not in entries
