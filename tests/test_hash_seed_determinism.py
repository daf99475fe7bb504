"""The report does not depend on the interpreter's hash seed: evidence chosen from sets of modules is
chosen in a fixed order, so two audits of the same tree in fresh processes say the same thing."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.rules.repo_helpers import write_repo

FILES = {
    "train.py": "from models import a, b\nfor epoch in range(3):\n    a.step()\n    b.step()\n    loss.backward()\n",
    "models/__init__.py": "",
    "models/a.py": "import torch\n\ndef step():\n    return torch.zeros(1)\n",
    "models/b.py": "import torch\n\ndef step():\n    return torch.ones(1)\n",
    "models/c.py": "import torch\n\ndef step():\n    return torch.ones(2)\n",
    "environment.yml": "dependencies:\n  - python=3.10.4\n  - numpy=1.26.4\n  - scipy=1.11.4\n  - pandas=2.1.4\n  - tqdm=4.66.1\n",
}


def _findings(root, seed):
    env = dict(os.environ, PYTHONHASHSEED=str(seed), EXPERIMENT_TRACKING_CACHE_DIR="off")
    out = subprocess.run(
        [sys.executable, "-m", "experiment_tracking", "audit", str(root), "--format", "json", "-o", "-"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    ).stdout
    return {f["rule_id"]: (f["status"], f["message"], f["evidence"]) for f in json.loads(out)["findings"]}


def test_findings_are_the_same_under_any_hash_seed(tmp_path):
    write_repo(tmp_path, FILES)
    runs = [_findings(tmp_path, seed) for seed in (1, 2, 3, 4)]
    assert "torch" in runs[0]["ET410"][1]
    assert all(r == runs[0] for r in runs[1:])
