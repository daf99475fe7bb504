"""`conda list --explicit > spec-file.txt` (or `--export`) fixes every package of an environment at one
build: a lock file, whatever the file is called, and the Python it names is pinned. When the code
imports packages the spec leaves out, the spec locks only part of the environment. A Python version in
a commented-out Dockerfile line (`# RUN conda install python=3.6`) pins nothing."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo

SPEC = """# This file may be used to create an environment using:
# $ conda create --name <env> --file <this file>
# platform: linux-64
@EXPLICIT
https://repo.anaconda.com/pkgs/main/linux-64/python-3.7.13-h12debd9_0.conda
https://repo.anaconda.com/pkgs/main/linux-64/numpy-1.21.5-py37h6c91a56_3.conda
https://conda.anaconda.org/pytorch/linux-64/pytorch-1.11.0-py3.7_cuda11.3_cudnn8.2.0_0.tar.bz2
https://conda.anaconda.org/pytorch/linux-64/torchvision-0.12.0-py37_cu113.tar.bz2
"""

NOTEBOOK_CODE = "import numpy as np\nimport torch\nmodel = torch.nn.Linear(2, 1)\nfor epoch in range(3):\n    model(torch.zeros(2)).sum().backward()\n"

DOCKERFILE = (
    "FROM continuumio/miniconda3:4.12.0\n"
    "# [Optional] Uncomment to install a different version of Python than the default\n"
    "# RUN conda install -y python=3.6\n"
)


def _find(result, rid):
    return next(f for f in result.findings if f.rule_id == rid)


def test_an_explicit_spec_is_a_lock_and_pins_python(tmp_path):
    write_repo(tmp_path, {"spec-file.txt": SPEC, "train.py": NOTEBOOK_CODE})
    result = run_audit(tmp_path)
    assert _find(result, "ET410").status == "PASS" and "spec-file.txt" in _find(result, "ET410").message
    et411 = _find(result, "ET411")
    assert et411.status == "PASS" and any(e.path == "spec-file.txt" and e.line == 5 for e in et411.evidence)


def test_an_export_spec_is_read_too(tmp_path):
    export = "# platform: linux-64\n# created by conda\npython=3.9.7=h12debd9_1\nnumpy=1.21.2=py39h20f2e39_0\npytorch=1.10.0=py3.9_cpu_0\n"
    write_repo(tmp_path, {"conda-env.txt": export, "train.py": NOTEBOOK_CODE})
    assert _find(run_audit(tmp_path), "ET410").status == "PASS"


def test_a_spec_missing_most_imported_packages_locks_part_of_the_environment(tmp_path):
    code = (
        "import matplotlib.pyplot as plt\nimport pandas as pd\nimport sklearn\nimport seaborn\n"
        + NOTEBOOK_CODE
    )
    write_repo(tmp_path, {"spec-file.txt": SPEC, "train.py": code})
    result = run_audit(tmp_path)
    f = _find(result, "ET410")
    assert f.status == "WARN" and "the code imports" in f.message and "pandas" in f.message
    env = next(d for d in result.scorecard.dimensions if d.name == "environment_capture")
    assert env.score == 2


def test_a_python_version_in_a_dockerfile_comment_pins_nothing(tmp_path):
    write_repo(tmp_path, {"Dockerfile": DOCKERFILE, "train.py": NOTEBOOK_CODE})
    f = _find(run_audit(tmp_path), "ET411")
    assert not any("python=3.6" in e.detail for e in f.evidence)
