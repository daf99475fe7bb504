"""Files kept in a data folder are committed data whatever their format (pygcn's data/cora/cora.cites,
a tab-separated edge list); the sample images a demo runs on (data/girl.png) are not. Synthetic."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.conftest import make_git_repo
from tests.rules.repo_helpers import dimension

TRAIN = "import numpy as np\nimport torch\nedges = np.genfromtxt('data/cora/cora.cites')\nfor e in range(10):\n    loss = model(x).mean()\n    loss.backward()\n"


def test_an_edge_list_in_a_data_folder_is_committed_data(tmp_path):
    cites = "".join(f"{i}\t{i + 1}\n" for i in range(400))
    make_git_repo(
        tmp_path, {"train.py": TRAIN, "data/cora/cora.cites": cites, "data/cora/README": "Cora dataset\n"}
    )
    dim = dimension(run_audit(tmp_path), "data_versioning")
    assert dim.score == 2 and "data/cora/cora.cites" in dim.reasons[0], dim.reasons


def test_demo_images_in_a_data_folder_are_not_training_data(tmp_path):
    make_git_repo(tmp_path, {"train.py": TRAIN, "data/girl.png": "x" * 4096})
    assert "committed to git" not in dimension(run_audit(tmp_path), "data_versioning").reasons[0]
