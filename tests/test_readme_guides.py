"""README_cait.md, README_resmlp.md... beside a README.md that indexes them are one guide per model
or experiment: several guides with set-up and commands are extensive documentation. Synthetic
deit-style layout."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import dimension, write_repo

TRAIN = "import torch\nfor step in range(10):\n    loss = model(x).mean()\n    loss.backward()\n"
GUIDE = (
    "# {name}\n\nThis repository contains the {name} model.\n\n## Installation\n\n```\npip install -r requirements.txt\n```\n\n"
    "## Training\n\n```\npython -m torch.distributed.launch --nproc_per_node=8 main.py --model {name} --batch-size 64\n```\n\n"
    "## Results\n\n| model | top-1 |\n|---|---|\n| {name} | 81.2 |\n"
)


def test_readme_guides_beside_the_readme_are_documentation_pages(tmp_path):
    files = {
        "main.py": TRAIN,
        "README.md": "# Models\n\nSee README_deit.md, README_cait.md, README_resmlp.md.\n",
    }
    for name in ("deit", "cait", "resmlp"):
        files[f"README_{name}.md"] = GUIDE.format(name=name)
    write_repo(tmp_path, files)
    dim = dimension(run_audit(tmp_path), "documentation")
    assert dim.score >= 4 and "3 documentation page(s)" in dim.reasons[0], dim.reasons
