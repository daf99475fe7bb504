"""Trackers and flags reached through another library's helpers (mlxu.WandBLogger,
define_flags_with_default): the class or function name says what they are; what a wrapper records
is not in the repository, so the audit asks instead of asserting."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import detections_by_tool, status_of, write_repo
from tests.rules.repo_helpers import dimension as _dim

TRAIN = """
import mlkit
import torch

FLAGS, FLAGS_DEF = mlkit.define_flags_with_default(lr=1e-4, total_steps=1000, logger=mlkit.WandBLogger.get_default_config())


def main(argv):
    variant = mlkit.get_user_flags(FLAGS, FLAGS_DEF)
    logger = mlkit.WandBLogger(config=FLAGS.logger, variant=variant)
    model = torch.nn.Linear(2, 2)
    opt = torch.optim.SGD(model.parameters(), lr=FLAGS.lr)
    for step in range(FLAGS.total_steps):
        loss = model(torch.zeros(2)).sum()
        loss.backward()
        opt.step()
        logger.log({"step": step, "loss": loss.item()})


if __name__ == "__main__":
    mlkit.run(main)
"""


def test_a_tracker_wrapper_from_another_library_is_the_tracker_its_name_says(tmp_path):
    write_repo(tmp_path, {"train.py": TRAIN, "requirements.txt": "mlkit\ntorch\n"})
    result = run_audit(tmp_path)
    wandb = detections_by_tool(result)["wandb"]
    assert wandb.usage == "used" and wandb.scope == "core"
    assert "through the library wrapper mlkit.WandBLogger" in wandb.evidence[0].detail
    # its log method receives the metrics; the flags helper defines command-line options
    assert status_of(result, "ET301") == "PASS"
    assert status_of(result, "ET201") == "PASS"
    # what the wrapper records of `variant` is not in this repository: a question, not a FAIL
    f = next(f for f in result.findings if f.rule_id == "ET210")
    assert f.status == "REVIEW" and "variant=" in f.question and "FLAGS.logger" not in f.question
    assert "variant=" in _dim(result, "parameter_logging").review


def test_the_projects_own_wrapper_class_is_read_from_its_code_not_its_name(tmp_path):
    write_repo(
        tmp_path,
        {
            "train.py": TRAIN.replace(
                "import mlkit\n", "import mlkit\nfrom mlkit_local import loggers\n"
            ).replace("mlkit.WandBLogger(config", "loggers.WandBLogger(config"),
            "mlkit_local/__init__.py": "",
            "mlkit_local/loggers.py": "class WandBLogger:\n    def __init__(self, **kw):\n        self.kw = kw\n\n"
            "    def log(self, d):\n        print(d)\n",
        },
    )
    result = run_audit(tmp_path)
    assert "wandb" not in detections_by_tool(result)


def test_a_launcher_that_switches_wandb_off_reports_nothing_to_it(tmp_path):
    train = "from transformers import Trainer, TrainingArguments, HfArgumentParser\n"
    train += "args = HfArgumentParser(TrainingArguments).parse_args_into_dataclasses()[0]\n"
    train += "Trainer(model=model, args=args).train()\n"
    launch = "#!/bin/bash\nwandb disabled\ntorchrun --nproc_per_node=4 train.py \\\n    --report_to wandb \\\n    --output_dir out\n"
    write_repo(tmp_path, {"train.py": train, "run/eval.sh": launch})
    wandb = detections_by_tool(run_audit(tmp_path)).get("wandb")
    assert wandb is None or wandb.usage in ("mentioned", "declared")  # named, never run
    write_repo(tmp_path, {"run/train.sh": launch.replace("wandb disabled\n", "")})
    assert detections_by_tool(run_audit(tmp_path))["wandb"].evidence[0].path == "run/train.sh"


def test_a_wandb_section_unpacked_into_the_logger_names_and_tags_runs(tmp_path):
    main = """
import hydra
import lightning as L

@hydra.main(config_path="configs", config_name="config")
def main(config):
    wandb_logger = L.pytorch.loggers.WandbLogger(config=dict(config), **config.wandb)
    trainer = L.Trainer(logger=wandb_logger)
    trainer.fit(model)

if __name__ == "__main__":
    main()
"""
    cfg = "seed: 1\nwandb:\n  project: text-diffusion\n  name: null\n  id: ${.name}_${seed}\n  tags:\n    - ${seed}\n"
    write_repo(tmp_path, {"main.py": main, "configs/config.yaml": cfg})
    by = {f.rule_id: f for f in run_audit(tmp_path).findings}
    assert by["ET110"].status == "PASS" and any("text-diffusion" in e.detail for e in by["ET110"].evidence)
    assert by["ET111"].status == "PASS"


def test_system_metrics_switched_by_a_passed_setting_are_a_question(tmp_path):
    src = "import mlflow\nfrom sklearn.ensemble import RandomForestRegressor\n\n"
    src += "def run(run_config):\n    with mlflow.start_run(run_name=run_config.name, log_system_metrics=run_config.log_system_metrics):\n"
    src += "        model = RandomForestRegressor().fit(X, y)\n        mlflow.log_metric('rmse', 1.0)\n"
    src += "\nif __name__ == '__main__':\n    run(load_config())\n"
    write_repo(tmp_path, {"train.py": src})
    f = next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET303")
    assert f.status == "REVIEW" and "log_system_metrics=run_config.log_system_metrics" in f.question
