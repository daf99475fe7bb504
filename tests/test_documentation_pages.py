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


def _implementation_readme(framework: str) -> str:
    body = [f"## Introduction\n\nOur {framework} implementation of the model.\n"]
    body.append(f"## Prerequisite\n\n- {framework}: `pip install {framework.lower()}`\n")
    body.append("## Training\n\n" + "".join(f"- Task {i}: `bash run_task{i}.sh train`\n" for i in range(12)))
    body.append("## Results\n\n" + "".join(f"- task {i}: perplexity {20 + i}.0\n" for i in range(12)))
    return "\n".join(body)


def test_a_readme_that_sends_readers_to_its_implementations_readmes_is_documented_by_them(tmp_path):
    readme = "# Model\n\n## PyTorch\n\n- See `pytorch/README.md`.\n\n## TensorFlow\n\n- See `tf/README.md`.\n"
    files = {"README.md": readme, "pytorch/train.py": TRAIN, "tf/train.py": TRAIN}
    files |= {
        "pytorch/README.md": _implementation_readme("PyTorch"),
        "tf/README.md": _implementation_readme("TF"),
    }
    write_repo(tmp_path, files)
    docs = dimension(run_audit(tmp_path), "documentation")
    assert docs.score == 3
    assert "README.md with pytorch/README.md, tf/README.md" in " ".join(docs.reasons)


def test_per_topic_readmes_of_a_collection_make_no_long_readme(tmp_path):
    # Many topic READMEs of reading material are documentation pages, but not a long, good README.
    topic = "## Learning goals\n\n" + "".join(f"- concept {i}\n" for i in range(40))
    files = {"README.md": "# Exercises\n\nSolutions to the exercises.\n"}
    for name in ("DP", "MC", "TD", "DQN"):
        files |= {f"{name}/README.md": topic, f"{name}/solution.py": TRAIN}
    write_repo(tmp_path, files)
    assert dimension(run_audit(tmp_path), "documentation").score <= 2
