"""A manifest that pins everything it lists but not the framework the training code imports (a conda
file of python and numpy beside ``import torch``, installed by a README line) pins the environment
around the model, not the library that computes it: ET410 says which framework is missing and the
environment dimension stops short of 'pinned'."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import dimension, write_repo

TRAIN = (
    "import argparse\nimport numpy as np\nimport torch\n"
    "p = argparse.ArgumentParser()\np.add_argument('--lr', type=float, default=0.1)\nargs = p.parse_args()\n"
    "for epoch in range(3):\n    loss = model(x)\n    loss.backward()\n"
    "torch.save(model.state_dict(), 'm.pt')\n"
)
CONDA = (
    "name: proj\nchannels: [conda-forge]\ndependencies:\n  - python=3.9.12\n  - numpy=1.23.5\n"
    "  - scipy=1.9.3\n  - pandas=1.5.2\n  - pip=22.3\n  - tqdm=4.64.1\n{extra}"
)
README = "# proj\n\n```bash\nconda env create -f environment.yml\npip install torch torchvision\npython train.py\n```\n"


def _audit(tmp_path, extra="", files=None):
    write_repo(
        tmp_path,
        {
            "train.py": TRAIN,
            "environment.yml": CONDA.replace("{extra}", extra),
            "README.md": README,
            **(files or {}),
        },
    )
    result = run_audit(tmp_path)
    return result, next(f for f in result.findings if f.rule_id == "ET410")


def test_a_framework_imported_but_in_no_manifest_is_named_and_caps_the_environment(tmp_path):
    result, f = _audit(tmp_path)
    assert f.status == "WARN"
    assert "torch" in f.message and "no dependency file" in f.message
    assert any(e.path == "train.py" and e.line == 3 for e in f.evidence)
    env = dimension(result, "environment_capture")
    assert env.score <= 3
    assert "torch" in " ".join(env.reasons)


def test_the_framework_pinned_in_the_conda_file_passes(tmp_path):
    result, f = _audit(tmp_path, "  - pytorch=1.13.1\n")
    assert f.status == "PASS"
    assert "torch" not in " ".join(dimension(result, "environment_capture").reasons)


def test_a_versioned_framework_image_fixes_the_framework(tmp_path):
    docker = "FROM pytorch/pytorch:1.13.1-cuda11.6-cudnn8-runtime\nCOPY environment.yml .\n"
    _, f = _audit(tmp_path, files={"Dockerfile": docker})
    assert f.status == "PASS"


def test_a_framework_only_in_an_unused_module_is_not_asked_for(tmp_path):
    # The training path imports sklearn only; torch appears nowhere in the code.
    train = "import argparse\nfrom sklearn.linear_model import LogisticRegression\nm = LogisticRegression().fit(X, y)\n"
    write_repo(
        tmp_path, {"train.py": train, "environment.yml": CONDA.replace("{extra}", "  - scikit-learn=1.2.0\n")}
    )
    f = next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET410")
    assert f.status == "PASS"
