"""Python versions stated in README prose the way older research repositories write them: "Known
dependencies: Python (3.5.4), OpenAI gym (0.10.5)" and a requirements item "* Python 2.7 or 3.6".
Synthetic."""

from __future__ import annotations

import pytest

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo

TRAIN = "import torch\nfor step in range(10):\n    loss = model(x).mean()\n    loss.backward()\n"


@pytest.mark.parametrize(
    "line",
    [
        "- Known dependencies: Python (3.5.4), OpenAI gym (0.10.5), tensorflow (1.8.0)",
        "  * Python 2.7 or 3.6",
        "Code is tested on TensorFlow version 1.0.1 for Python 2.7 and Python 3.5.",
        "Networks are trained using [PyTorch 1.4.0](https://github.com/pytorch/pytorch) and Python 3.6.",
    ],
)
def test_python_versions_in_readme_prose_are_stated(tmp_path, line):
    write_repo(tmp_path, {"train.py": TRAIN, "README.md": f"# x\n\n## Requirements\n\n{line}\n"})
    f = next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET411")
    assert f.status == "PASS" and "states the Python version" in f.message, f.message
