"""Git LFS over the tests' fixtures (a sample file in the package's test_data/ folder) versions no
data a run trains on; LFS over the dataset's own test split (data/test_data/) does."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.conftest import make_git_repo

TRAIN = "import torch\nfrom pkg import model\nfor epoch in range(3):\n    loss.backward()\n"


def _et120(tmp_path, lfs_path):
    make_git_repo(
        tmp_path,
        {
            "train.py": TRAIN,
            "pkg/__init__.py": "",
            "pkg/model.py": "import torch\n",
            ".gitattributes": f"{lfs_path} filter=lfs diff=lfs merge=lfs -text\n",
            lfs_path: '{"prompt": "a", "completion": "b"}\n',
        },
    )
    result = run_audit(tmp_path)
    return result, next(f for f in result.findings if f.rule_id == "ET120")


def test_lfs_over_package_fixtures_is_not_data_versioning(tmp_path):
    result, f = _et120(tmp_path, "pkg/test_data/sft_sample.jsonl")
    assert f.status != "PASS"
    assert [d.scope for d in result.ctx.detections if d.tool == "git_lfs"] == ["test"]


def test_lfs_over_the_datasets_test_split_is(tmp_path):
    _, f = _et120(tmp_path, "data/test_data/test.jsonl")
    assert f.status == "PASS"
