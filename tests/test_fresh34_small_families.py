"""Claim and score families found in the fresh34 review, one regression case each."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo


def _dim(result, name):
    return next(d for d in result.scorecard.dimensions if d.name == name)


def test_text_tokens_and_measurements_are_no_credentials():
    from experiment_tracking.index.secrets import _scan_line

    assert _scan_line("        columns = {'tokens': 'ndarray:int32'}", False) == ""
    assert _scan_line("latency_per_output_token=3.42ms/tok", True) == ""
    assert _scan_line("api_token = 'hf8Kz91LmQpR2sT7vW3xY6'", False) == "assigned_secret"


def test_a_requirements_folder_holds_requirement_lists(tmp_path):
    write_repo(
        tmp_path,
        {"requirements/pt2.txt": "torch==2.0.1\nnumpy>=1.24\nomegaconf\n", "main.py": "import torch\n"},
    )
    result = run_audit(tmp_path)
    f410 = next(f for f in result.findings if f.rule_id == "ET410")
    assert "requirements/pt2.txt 1 of 3 exact" in f410.message, f410.message
