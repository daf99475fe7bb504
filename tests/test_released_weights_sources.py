"""Released weights the report must see: a download script fetching weight files, trained models
committed in a zoo/ folder that the README runs, and a results table written without outer pipes."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo

TRAIN = "import torch\nmodel = torch.nn.Linear(2, 2)\nfor epoch in range(3):\n    loss = model(x).sum()\n"
TRAIN += "    loss.backward()\ntorch.save(model.state_dict(), 'model.pth')\n"


def _pwc(result) -> dict:
    items = result.scorecard.checklists["papers_with_code"]["items"]
    return {i["item"]: i["met"] for i in items}


def test_a_script_downloading_weight_files_releases_them(tmp_path):
    script = '#!/bin/bash\n# Download weights\nwget -c "https://example.org/files/yolov3.weights"\n'
    write_repo(tmp_path, {"train.py": TRAIN, "weights/download_weights.sh": script, "README.md": "# Det\n"})
    assert _pwc(run_audit(tmp_path))["Pre-trained models"]


def test_a_script_downloading_a_checkpoint_folder_releases_it(tmp_path):
    script = "URL=http://example.org/pretrained\nmkdir -p model && cd model\n"
    script += "download ${URL}/enwik8/model/checkpoint\ndownload ${URL}/enwik8/model/model.ckpt-0.index\n"
    write_repo(tmp_path, {"train.py": TRAIN, "sota/download.sh": script, "README.md": "# LM\n"})
    assert _pwc(run_audit(tmp_path))["Pre-trained models"]


def test_a_data_download_script_releases_no_weights(tmp_path):
    script = "wget https://example.org/data/train.csv\nwget https://example.org/data/valid.csv\n"
    write_repo(tmp_path, {"train.py": TRAIN, "getdata.sh": script, "README.md": "# Tabular\n"})
    assert not _pwc(run_audit(tmp_path))["Pre-trained models"]


def test_trained_models_committed_in_a_zoo_that_the_readme_runs_are_released(tmp_path):
    readme = "# ES\n\nRun a trained agent:\n\n```\npython model.py cartpole zoo/cartpole.cma.json\n```\n"
    files = {"train.py": TRAIN, "README.md": readme, "zoo/cartpole.cma.json": "[[0.1, 0.2]]\n"}
    write_repo(tmp_path, files)
    assert _pwc(run_audit(tmp_path))["Pre-trained models"]


def test_a_results_table_without_outer_pipes_is_a_results_table(tmp_path):
    readme = (
        "# LM\n\nRun `python train.py --lr 0.1` after `pip install -r requirements.txt`.\n\n## Results\n\n"
    )
    readme += "Method | enwik8 | text8\n-- | -- | --\nPrevious | 1.06 | 1.13\nOurs | **0.99** | **1.08**\n"
    write_repo(tmp_path, {"train.py": TRAIN, "README.md": readme, "requirements.txt": "torch==2.1.0\n"})
    assert _pwc(run_audit(tmp_path))["README with results table and precise commands"]


def test_a_constant_naming_the_pretrained_models_url_releases_them(tmp_path):
    utils = 'PRETRAINED_MODEL_URL = "https://s3.amazonaws.com/models.example.org/tutorial/"\n'
    write_repo(tmp_path, {"train.py": TRAIN, "utils.py": utils, "README.md": "# Tutorial\n"})
    assert _pwc(run_audit(tmp_path))["Pre-trained models"]


def test_a_data_url_constant_releases_no_weights(tmp_path):
    utils = 'DATASETS_URL = "https://s3.amazonaws.com/datasets.example.org/wikitext-103/"\n'
    write_repo(tmp_path, {"train.py": TRAIN, "utils.py": utils, "README.md": "# Tutorial\n"})
    assert not _pwc(run_audit(tmp_path))["Pre-trained models"]
