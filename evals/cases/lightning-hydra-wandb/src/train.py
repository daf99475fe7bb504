from __future__ import annotations

import logging
from typing import Any

import hydra
import lightning as L
import torch
from lightning.pytorch.loggers import Logger
from omegaconf import DictConfig, OmegaConf

from src.utils.instantiators import instantiate_callbacks, instantiate_loggers

log = logging.getLogger(__name__)


def log_hyperparameters(cfg: DictConfig, model: L.LightningModule, loggers: list[Logger]) -> None:
    hparams: dict[str, Any] = OmegaConf.to_container(cfg, resolve=True)  # type: ignore[assignment]
    hparams["model/params/total"] = sum(p.numel() for p in model.parameters())
    hparams["model/params/trainable"] = sum(p.numel() for p in model.parameters() if p.requires_grad)
    hparams["env/torch"] = torch.__version__
    hparams["env/cuda"] = torch.version.cuda
    hparams["env/gpu"] = torch.cuda.get_device_name(0) if torch.cuda.is_available() else "cpu"
    for logger in loggers:
        logger.log_hyperparams(hparams)


def train(cfg: DictConfig) -> dict[str, float]:
    L.seed_everything(cfg.seed, workers=True)
    torch.backends.cudnn.benchmark = False

    log.info("Instantiating datamodule <%s>", cfg.data._target_)
    datamodule: L.LightningDataModule = hydra.utils.instantiate(cfg.data)
    log.info("Instantiating model <%s>", cfg.model._target_)
    model: L.LightningModule = hydra.utils.instantiate(cfg.model)

    callbacks = instantiate_callbacks(cfg.get("callbacks"))
    loggers = instantiate_loggers(cfg.get("logger"))
    trainer: L.Trainer = hydra.utils.instantiate(cfg.trainer, callbacks=callbacks, logger=loggers)

    log_hyperparameters(cfg, model, loggers)
    if cfg.compile:
        model = torch.compile(model)

    trainer.fit(model=model, datamodule=datamodule, ckpt_path=cfg.ckpt_path)
    best = trainer.checkpoint_callback.best_model_path if trainer.checkpoint_callback else None
    trainer.test(model=model, datamodule=datamodule, ckpt_path=best or None)
    return {k: float(v) for k, v in trainer.callback_metrics.items()}


@hydra.main(version_base="1.3", config_path="../configs", config_name="train.yaml")
def main(cfg: DictConfig) -> float:
    metrics = train(cfg)
    return metrics.get("val/acc_best", 0.0)


if __name__ == "__main__":
    main()
