"""A Lightning Trainer given a tracker's logger (WandbLogger) makes no lightning_logs/version_N folder:
the run's record is the tracker's, and checkpoints go where a ModelCheckpoint puts them."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo

RUN = """
import pytorch_lightning as pl
from pytorch_lightning.loggers import {logger}

def run(cfg, hydra_dir):
    logger = {logger}(project=cfg.project, tags=cfg.tags) if "{logger}" == "WandbLogger" else {logger}("logs")
    trainer = pl.Trainer(default_root_dir=hydra_dir, logger=logger, max_epochs=10)
    trainer.fit(model=model, datamodule=datamodule)

run(load(), "outputs")
"""


def _targets(tmp_path, logger):
    write_repo(tmp_path, {"run.py": RUN.replace("{logger}", logger)})
    rec = run_audit(tmp_path).ctx.records
    return [p.target for p in (*rec.metrics, *rec.checkpoints)]


def test_a_tracker_logger_leaves_no_version_folder(tmp_path):
    assert not any("version_" in t for t in _targets(tmp_path, "WandbLogger"))


def test_a_folder_logger_keeps_one(tmp_path):
    assert any("version_" in t for t in _targets(tmp_path, "TensorBoardLogger"))
