"""Configuration the way older TF/PyTorch research code does it: docopt reads the command line from
the module's usage text, TF-style HParams defaults in code are overridden by a preset JSON
(`hparams.parse_json`) and `--hparams k=v`, and `json.dump(hparams.values(), f)` writes every one of
them; yacs-style YAML files are overrides merged onto defaults in code (`merge_from_file`). A Hugo
site's docs/config.toml configures the documentation, not the runs. Synthetic, after
wavenet_vocoder and Swin-Transformer."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import status_of, write_repo

TRAIN = '''"""Train a vocoder.

usage: train.py [options]

options:
    --checkpoint-dir=<dir>   Where to save checkpoints [default: checkpoints].
    --preset=<json>          Path of preset parameters (json).
    --hparams=<parmas>       Hyper parameters [default: ].
"""
import json
import os

import torch
from docopt import docopt

from hparams import hparams

if __name__ == "__main__":
    args = docopt(__doc__)
    checkpoint_dir = args["--checkpoint-dir"]
    with open(args["--preset"]) as f:
        hparams.parse_json(f.read())
    hparams.parse(args["--hparams"])
    os.makedirs(checkpoint_dir, exist_ok=True)
    with open(os.path.join(checkpoint_dir, "hparams.json"), "w") as f:
        json.dump(hparams.values(), f, indent=2)
    model = torch.nn.Linear(4, 1)
    opt = torch.optim.Adam(model.parameters(), lr=hparams.lr)
    for step in range(hparams.steps):
        loss = model(torch.randn(8, 4)).pow(2).mean()
        loss.backward()
        opt.step()
'''

HPARAMS = """
from tfcompat.hparam import HParams

hparams = HParams(lr=1e-3, steps=1000, batch_size=8)
"""

SITE = "\\n".join(f'param{i} = "value{i}"' for i in range(60)) + "\\n"


def _repo(tmp_path):
    files = {
        "train.py": TRAIN,
        "hparams.py": HPARAMS,
        "docs/config.toml": SITE,
        "requirements.txt": "torch\n",
    }
    for name in ("ljspeech", "cmu_arctic", "mulaw256"):
        files[f"presets/{name}.json"] = '{"lr": 0.001, "steps": 1000, "batch_size": 8}\n'
    return write_repo(tmp_path, files)


def test_docopt_is_a_command_line_and_hparams_values_the_whole_config(tmp_path):
    result = run_audit(_repo(tmp_path))
    f201 = next(f for f in result.findings if f.rule_id == "ET201")
    assert "command line" in f201.message, f201.message
    assert status_of(result, "ET210") == "PASS"
    assert status_of(result, "ET211") == "PASS"


def test_presets_merged_onto_defaults_in_code_are_composed_and_the_site_config_is_not_a_run_config(tmp_path):
    result = run_audit(_repo(tmp_path))
    f203 = next(f for f in result.findings if f.rule_id == "ET203")
    assert f203.status == "PASS", f203.message
    assert not any(
        "docs/" in e.path for f in result.findings for e in f.evidence if f.rule_id.startswith("ET2")
    )
