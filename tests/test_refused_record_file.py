"""A run folder refused once it holds a run's config (`save_path = Path(cfg.save_folder) /
"config.yaml"; if save_path.is_file() and not cfg.save_overwrite: raise`) makes what is written there
per run, unless the project's own commands pass the flag that lets a run reuse it. Synthetic, after
OLMo's scripts/train.py."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo

TRAIN = """
import sys
from pathlib import Path

import torch
from omegaconf import OmegaConf


def main(cfg):
    save_path = Path(cfg.save_folder) / "config.yaml"
    if save_path.is_file() and not cfg.save_overwrite:
        raise RuntimeError(f"{save_path} already exists, use --save_overwrite to overwrite")
    save_path.parent.mkdir(exist_ok=True, parents=True)
    OmegaConf.save(cfg, save_path)
    model = torch.nn.Linear(4, 1)
    loss = model(torch.randn(8, 4)).sum()
    loss.backward()


if __name__ == "__main__":
    cfg = OmegaConf.merge(OmegaConf.load(sys.argv[1]), OmegaConf.from_cli(sys.argv[2:]))
    main(cfg)
"""


def _config_keeping(tmp_path, files):
    result = run_audit(write_repo(tmp_path, files))
    return [p.keeping for p in result.ctx.records.config if p.target.endswith("config.yaml")]


def test_a_record_file_the_script_refuses_to_overwrite_is_per_run(tmp_path):
    assert _config_keeping(tmp_path, {"train.py": TRAIN}) == ["refused"]


def test_the_refusal_does_not_hold_when_the_documented_command_passes_the_flag(tmp_path):
    readme = "# Train\n\n```bash\npython train.py configs/tiny.yaml --save_overwrite\n```\n"
    assert "refused" not in _config_keeping(tmp_path, {"train.py": TRAIN, "README.md": readme})
