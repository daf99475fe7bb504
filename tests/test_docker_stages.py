"""A Dockerfile's FROM line that names an earlier stage, or takes its image from a build argument,
pulls no unpinned `latest` image: ET412, the Python/framework checks and the environment score all
read the image the stages start from, and ask where only `docker build --build-arg` decides it."""

from experiment_tracking.audit import run_audit
from experiment_tracking.index.manifests import parse_dockerfile
from tests.rules.repo_helpers import dimension, write_repo

TRAIN = """
import torch

def fit(epochs):
    model = torch.nn.Linear(3, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    for _ in range(epochs):
        loss = model(torch.ones(4, 3)).sum()
        loss.backward()
        opt.step()
    torch.save(model.state_dict(), "weights.pt")

if __name__ == "__main__":
    fit(3)
"""
REQS = "torch==2.2.0\nnumpy==1.26.4\npyyaml==6.0.1\ntqdm==4.66.2\nscipy==1.12.0\n"


def _audit(tmp_path, dockerfile: str):
    root = write_repo(tmp_path, {"train.py": TRAIN, "requirements.txt": REQS, "Dockerfile": dockerfile})
    result = run_audit(root)
    return result, next(f for f in result.findings if f.rule_id == "ET412")


def test_a_stage_built_on_an_earlier_stage_is_not_an_image(tmp_path):
    result, f = _audit(
        tmp_path,
        "FROM ubuntu:22.04 AS System\n"
        "RUN apt-get update\n"
        "FROM system AS deps\n"
        "COPY requirements.txt .\n"
        "FROM deps AS app\n"
        "COPY --from=deps /usr/lib /usr/lib\n"
        "COPY train.py .\n",
    )
    assert f.status == "PASS", f.message
    assert [(e.line, e.detail) for e in f.evidence if e.line] == [(1, "ubuntu:22.04")]
    env = dimension(result, "environment_capture")
    assert not any("latest" in r for r in env.reasons), env.reasons


def test_an_arg_default_picks_a_stage_or_names_the_image(tmp_path):
    images, _ = parse_dockerfile(
        "Dockerfile",
        "ARG FLAVOUR=gpu\nARG TORCH_TAG=2.2.0-cuda12.1-cudnn8-runtime\n"
        "FROM pytorch/pytorch:${TORCH_TAG} AS gpu\n"
        "FROM python:3.11-slim AS cpu\n"
        "FROM ${FLAVOUR}\n"
        "ARG LATE=python:3.12\n"
        "FROM ${LATE:-python:3.10}\n",
    )
    # A FROM line sees only the ARGs declared before the first FROM.
    assert [(i.line, i.image, i.tag, i.build_args) for i in images] == [
        (3, "pytorch/pytorch", "2.2.0-cuda12.1-cudnn8-runtime", ()),
        (4, "python", "3.11-slim", ()),
        (7, "python", "3.10", ()),
    ]
    _, f = _audit(
        tmp_path,
        "ARG VARIANT=gpu\n"
        "FROM nvidia/cuda:12.2.0-runtime-ubuntu22.04 AS gpu\n"
        "FROM python:3.11-slim AS cpu\n"
        "FROM ${VARIANT}\n"
        "COPY train.py .\n",
    )
    assert f.status == "PASS", f.message
    assert not any("latest" in e.detail for e in f.evidence)


def test_an_image_left_to_a_build_argument_is_a_question(tmp_path):
    result, f = _audit(tmp_path, "ARG BASE_IMAGE\nFROM ${BASE_IMAGE} AS base\nFROM base\nCOPY train.py .\n")
    assert f.status == "REVIEW", f.message
    assert "build time" in f.evidence[0].detail and "BASE_IMAGE" in f.question
    assert not any("latest" in e.detail for e in f.evidence)
    env = dimension(result, "environment_capture")
    assert any("chosen at build time" in r for r in env.reasons), env.reasons


def test_a_build_argument_picking_one_of_the_stages_pulls_nothing_more(tmp_path):
    _, f = _audit(
        tmp_path,
        "ARG CUDA\n"
        "FROM nvidia/cuda:11.8.0-runtime-ubuntu22.04 AS cuda11\n"
        "FROM nvidia/cuda:12.2.0-runtime-ubuntu22.04 AS cuda12\n"
        "FROM cuda${CUDA}\n"
        "COPY train.py .\n",  # builds the project (a file that installs nothing of it is a template)
    )
    assert f.status == "PASS", f.message
    assert [e.line for e in f.evidence if e.line] == [2, 3]


def test_an_image_named_like_no_stage_is_still_pulled_and_unpinned(tmp_path):
    _, f = _audit(tmp_path, "FROM python:3.11-slim AS base\nFROM builder\nCOPY --from=base /x /x\n")
    assert f.status == "WARN"
    assert [e.detail for e in f.evidence if e.line == 2] == ["builder:latest"]
