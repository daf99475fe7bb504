"""With no manifest, the set-up instructions' `pip install name==version ...` lines are the project's
only dependency list: exact pins there make the environment partly pinned (rubric level 2), and
ET410's failure names them instead of saying nothing is known."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import dimension, write_repo

TRAIN = "import torch\nfor epoch in range(3):\n    loss = model(x)\n    loss.backward()\n"


def _audit(tmp_path, install: str):
    readme = f"# proj\n\n## Install\n\n```bash\n{install}\n```\n\n## Train\n\n```bash\npython train.py\n```\n"
    write_repo(tmp_path, {"train.py": TRAIN, "README.md": readme})
    result = run_audit(tmp_path)
    return result, next(f for f in result.findings if f.rule_id == "ET410")


def test_exact_pins_in_the_install_command_partly_pin_the_environment(tmp_path):
    result, f = _audit(
        tmp_path,
        "pip install packaging\npip install transformers==4.34.0 datasets==2.13.4 accelerate==0.24.1 "
        "sentencepiece[extra]==0.1.99 wandb  # logging",
    )
    env = dimension(result, "environment_capture")
    assert env.score == 2
    assert "6 packages, 4 pinned exactly (README.md:7)" in env.reasons[0]
    assert f.status == "FAIL" and "4 pinned exactly" in f.message
    assert f.evidence[0].path == "README.md" and f.evidence[0].line == 7


def test_unpinned_install_commands_and_requirement_files_are_not_pins(tmp_path):
    result, f = _audit(
        tmp_path, "pip install -r requirements.txt && pip install torch torchvision numpy\npip install -e ."
    )
    assert dimension(result, "environment_capture").score <= 1
    assert "pinned exactly" not in f.message and not f.evidence


def test_values_of_pips_value_options_are_not_packages(tmp_path):
    # `-t libs`, `--constraint c`, `--find-links wheels`, `--src src`: the next token is a directory
    # or a file, not a package; counted as unpinned packages they would outnumber the pins.
    result, _ = _audit(
        tmp_path,
        "pip install -t libs --constraint constraints --find-links wheels --src src "
        "torch==2.1.0 numpy==1.26.4 scipy==1.11.4",
    )
    env = dimension(result, "environment_capture")
    assert env.score == 2
    assert "3 packages, 3 pinned exactly (README.md:6)" in env.reasons[0]
