"""A repository with no training code (an inference library that writes transcripts as `result`
JSON) logs no training metrics: ET301 does not apply, rather than passing on the transcript writer.
Synthetic whisper-style layout."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo

TRANSCRIBE = """
import argparse
import json
import os

import torch

from pkg.model import load_model


def transcribe(model, audio):
    with torch.no_grad():
        return {"text": model.decode(audio), "segments": []}


def cli():
    parser = argparse.ArgumentParser()
    parser.add_argument("audio")
    parser.add_argument("--output_dir", default=".")
    args = parser.parse_args()
    model = load_model("base")
    result = transcribe(model, args.audio)
    with open(os.path.join(args.output_dir, "results.json"), "w") as f:
        json.dump(result, f)


if __name__ == "__main__":
    cli()
"""


def test_an_inference_library_has_no_training_metrics_finding(tmp_path):
    write_repo(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/model.py": "def load_model(name):\n    return name\n",
            "pkg/transcribe.py": TRANSCRIBE,
        },
    )
    result = run_audit(tmp_path)
    assert not result.ctx.taxonomy.training_entry_points
    assert not [f for f in result.findings if f.rule_id == "ET301"]
