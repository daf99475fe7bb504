"""Each notebook is its own process: torch.manual_seed in one notebook seeds none of another's
DataLoader workers. ET404 names the notebooks whose loaders draw from an unseeded torch RNG instead of
crediting them with a seed set elsewhere. Synthetic course-style repository."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import notebook, write_repo

SEEDED = notebook(
    "import torch\nfrom torch.utils.data import DataLoader\nfrom torchvision import transforms\n",
    "torch.manual_seed(42)\ntf = transforms.Compose([transforms.RandomCrop(28), transforms.ToTensor()])\n",
    "loader = DataLoader(train_data, batch_size=32, num_workers=2)\n"
    "for x, y in loader:\n    loss = loss_fn(model(x), y)\n    loss.backward()\n    optimizer.step()\n",
)
UNSEEDED = SEEDED.replace("torch.manual_seed(42)\\n", "")


def _et404(tmp_path, second):
    write_repo(tmp_path, {"01_workflow.ipynb": SEEDED, "extras/intro.ipynb": second})
    return next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET404")


def test_a_notebook_that_never_seeds_is_named(tmp_path):
    f = _et404(tmp_path, UNSEEDED)
    assert f.status == "WARN" and "extras/intro.ipynb" in f.message, f.message
    assert "extras/intro.ipynb" in {e.path for e in f.evidence}


def test_notebooks_that_each_seed_pass(tmp_path):
    assert _et404(tmp_path, SEEDED).status == "PASS"
