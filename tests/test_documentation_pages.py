"""Documentation is what the README sends its readers to, wherever the pages live."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import dimension, write_repo

TRAIN = "import torch\nfor epoch in range(3):\n    loss.backward()\n"


def test_guides_the_readme_links_to_count_as_documentation_pages(tmp_path):
    guide = "# Fine-tune\n\nRun `python finetune.py --data_dir data`.\n"
    readme = (
        "# Project\n\n## Setup\n\n```bash\npip install -r requirements.txt\n```\n\n## Guides\n\n"
        "- [Fine-tune with adapters](howto/finetune_adapter.md)\n- [Prepare data](./howto/prepare.md)\n"
    )
    files = {"finetune.py": TRAIN, "README.md": readme, "howto/finetune_adapter.md": guide}
    files |= {"howto/prepare.md": guide, "howto/tpus.md": guide, "notes/scratch.md": "todo\n"}
    write_repo(tmp_path, files)
    reasons = " ".join(dimension(run_audit(tmp_path), "documentation").reasons)
    assert "3 documentation page(s)" in reasons  # the linked folder's pages; an unlinked notes folder is not


def test_models_the_readme_links_on_a_release_page_are_published(tmp_path):
    train = "import torch\nmodel = torch.nn.Linear(2, 2)\nfor epoch in range(3):\n    loss.backward()\n"
    train += "torch.save(model.state_dict(), 'model.pth')\n"
    readme = "# Agent\n\nResults and pretrained models can be found in the [releases](https://github.com/o/agent/releases).\n"
    write_repo(tmp_path, {"main.py": train, "README.md": readme})
    f = next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET520")
    assert "published (README.md:3)" in f.message
    assert "Publish each checkpoint" not in (f.recommendation or "")  # it is published already


def test_a_readme_that_says_to_download_a_linked_dataset_documents_the_data_source(tmp_path):
    readme = "# Vocoder\n\n## Train\n\n1. Download [LJ Speech Data]. In this example it's in `data/`\n\n"
    readme += "[LJ Speech Data]: https://keithito.com/LJ-Speech-Dataset\n"
    write_repo(tmp_path, {"train.py": TRAIN, "README.md": readme})
    data = dimension(run_audit(tmp_path), "data_versioning")
    assert data.score == 1 and "README.md:5" in " ".join(data.reasons)
