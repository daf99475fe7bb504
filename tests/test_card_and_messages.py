"""What a model card already gives, and what a log message is not:
- with a model card committed (ET610 PASS), documentation level 5 needs what the README lacks, never
  "a model card";
- a model card saying the data holds "photos of real people" states whether personal data is used;
- `logger.log("creating samples...")` is a message, not a timing metric (ET303)."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import dimension, write_repo

TRAIN = """import argparse

import torch

import logger


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--lr", type=float, default=1e-4)
    a = p.parse_args()
    logger.log("creating samples...")
    model = torch.nn.Linear(2, 2)
    opt = torch.optim.Adam(model.parameters(), lr=a.lr)
    for step in range(10):
        model(torch.randn(2, 2)).sum().backward()
        opt.step()
    torch.save(model.state_dict(), "model.pt")


if __name__ == "__main__":
    main()
"""
LOGGER = """def log(*args):
    print(*args)
"""
README = "# Diffusion\n\n" + "".join(
    f"## Section {i}\n\nThe model {i} is trained with `python train.py --lr 1e-4` on ImageNet.\n\n"
    for i in range(30)
)
CARD = (
    "# Model card\n\n## Training data\n\nBecause ImageNet contains images from the internet, it includes "
    "photos of real people.\n\n## Intended use\n\nResearch.\n"
)


def test_a_committed_card_is_not_asked_for_and_states_personal_data(tmp_path):
    files = {
        "train.py": TRAIN,
        "logger.py": LOGGER,
        "README.md": README,
        "model-card.md": CARD,
        "docs/a.md": "# A\n\ntext\n",
        "docs/b.md": "# B\n\ntext\n",
        "docs/c.md": "# C\n\ntext\n",
    }
    result = run_audit(write_repo(tmp_path, files))
    docs = dimension(result, "documentation")
    assert not any("needs a model card" in r for r in docs.reasons), docs.reasons
    by = {f.rule_id: f for f in result.findings}
    assert by["ET610"].status == "PASS"
    assert by["ET612"].status == "PASS", by["ET612"].message
    assert by["ET303"].status != "PASS", by["ET303"].evidence


def test_a_guides_lone_limitations_heading_is_no_model_card(tmp_path):
    guide = (
        "# Hijax\n\nA guide to a JAX feature.\n\n### Limitations\n\nNested transforms are not supported.\n"
    )
    card = "# Model\n\n## Intended use\n\nResearch.\n\n## Limitations\n\nFails on small objects.\n"
    base = {"train.py": TRAIN, "logger.py": LOGGER, "README.md": "# Net\n\n`python train.py`\n"}
    lone = run_audit(write_repo(tmp_path / "a", {**base, "docs_nnx/hijax.md": guide}))
    assert next(f for f in lone.findings if f.rule_id == "ET610").status == "WARN"
    both = run_audit(write_repo(tmp_path / "b", {**base, "docs/model.md": card}))
    assert next(f for f in both.findings if f.rule_id == "ET610").status == "PASS"


def test_card_headings_in_a_fenced_block_are_comments(tmp_path):
    """`# Intended use` and `# Limitations` as comments inside a fenced shell block are no card sections
    (the prose reading every documentation search shares)."""
    fenced = "# Setup\n\n```bash\n# Intended use\npip install .\n# Limitations\npython train.py\n```\n"
    base = {"train.py": TRAIN, "logger.py": LOGGER, "README.md": "# Net\n\n`python train.py`\n"}
    res = run_audit(write_repo(tmp_path, {**base, "docs/setup.md": fenced}))
    assert next(f for f in res.findings if f.rule_id == "ET610").status == "WARN"
