"""Regression cases for claim families found by reviewers on real repositories (evals/claims)."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from experiment_tracking.index.configs import parse_yaml
from experiment_tracking.index.manifests import parse_compose, parse_dockerfile
from tests.rules.repo_helpers import status_of, write_repo

TRAIN_CLI = """
import argparse, os
import torch
p = argparse.ArgumentParser()
p.add_argument("--lr", type=float, default=0.1)
args = p.parse_args()
path = os.environ.get("PATH")
for step in range(10):
    loss.backward()
"""


def _finding(result, rule_id):
    return next(f for f in result.findings if f.rule_id == rule_id)


def test_a_command_line_is_a_configuration_layer_that_needs_no_code_edits(tmp_path):
    write_repo(tmp_path, {"train.py": TRAIN_CLI})
    f = _finding(run_audit(tmp_path), "ET201")
    assert f.status == "PASS" and "code edits" not in f.message
    assert "environment variables" not in f.message  # os.environ.get("PATH") is the machine, not a parameter


def test_a_negated_fairness_sentence_is_not_an_evaluation(tmp_path):
    write_repo(
        tmp_path,
        {
            "train.py": TRAIN_CLI,
            "MODEL_CARD.md": "# Card\n\nThe models have not been evaluated with respect to fairness.\n",
        },
    )
    assert status_of(run_audit(tmp_path), "ET611") == "WARN"


def test_dockerfile_pins_on_continuation_lines_are_read():
    text = (
        "FROM python:3.10-slim\nRUN pip install \\\n    numpy==1.26.4 \\\n    # a comment\n    torch==2.3.1\n"
    )
    images, deps = parse_dockerfile("Dockerfile", text)
    assert [(d.name, d.exact) for d in deps] == [("numpy", True), ("torch", True)]
    assert images[0].tag == "3.10-slim"


def test_a_compose_service_that_builds_its_image_names_no_base_image():
    doc = parse_yaml(
        "docker-compose.yml",
        "services:\n  db:\n    image: postgres:15\n  app:\n    build: .\n    image: myapp\n",
    )
    assert [i.image for i in parse_compose(doc)] == ["postgres"]


def test_a_container_that_installs_one_python_minor_pins_python(tmp_path):
    write_repo(
        tmp_path,
        {
            "train.py": TRAIN_CLI,
            "Dockerfile": "FROM nvidia/cuda:11.8.0-devel-ubuntu22.04\nRUN apt-get install -y python3.10\n",
        },
    )
    result = run_audit(tmp_path)
    f = _finding(result, "ET411")
    assert f.status == "PASS" and any(e.path == "Dockerfile" and e.line == 2 for e in f.evidence)
    assert status_of(result, "ET412") == "PASS"
