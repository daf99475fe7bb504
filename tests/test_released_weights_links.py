"""Where a README offers trained weights: a 'Weight file' section linking a drive file does; a
heading about outputs and checkpoints whose only links are local (localhost, files in the
repository), a 'Download datasets' heading, or links to a hub's dataset or documentation pages do not."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from experiment_tracking.scoring import released_weights
from tests.rules.repo_helpers import write_repo

TRAIN = "import torch\nfor epoch in range(3):\n    loss.backward()\n"


def _released(tmp_path, readme):
    write_repo(tmp_path, {"train.py": TRAIN, "README.md": readme})
    return released_weights(run_audit(tmp_path).ctx)


def test_a_weight_file_section_with_a_drive_link_offers_weights(tmp_path):
    readme = (
        "# Net\n\n## Weight file:\nThe weight file for the lesion segmentation dataset can be found here:\n"
        "[link](https://drive.google.com/file/d/1jjM/view)\n"
    )
    assert _released(tmp_path, readme).where() == "README.md:3"


def test_local_links_dataset_downloads_and_hub_docs_offer_no_weights(tmp_path):
    readme = (
        "# Net\n\n## 2. Output, checkpoints and visualizations\nOutputs go to `out_dir` "
        "([config](../configs/x.json)); open `http://localhost:6006`.\n\n## Download datasets\n"
        "Get them from https://data.dgl.ai/dataset/x.zip\n\nWe load [datasets](https://huggingface.co/datasets) "
        "with the [Transformers](https://huggingface.co/transformers/) library.\n"
    )
    assert _released(tmp_path, readme) is None
