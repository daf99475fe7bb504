"""Regressions found by auditing real public repositories (each with the pattern seen there)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from repo_helpers import status_of, write_repo  # noqa: E402

from experiment_tracking.audit import run_audit  # noqa: E402

TRAIN = """
import torch

def main():
    loss = model(x)
    loss.backward()

if __name__ == "__main__":
    main()
"""


def audit(tmp_path, files):
    return run_audit(write_repo(tmp_path, files), jobs=1)


def finding(result, rule_id):
    return next(f for f in result.findings if f.rule_id == rule_id)


def test_licence_text_is_not_an_access_policy(tmp_path):
    result = audit(
        tmp_path,
        {
            "train.py": "import mlflow\nmlflow.set_tracking_uri('http://mlflow.internal:5000')\n"
            "mlflow.log_param('a', 1)\n" + TRAIN,
            "LICENSE": "Permission is hereby granted, free of charge, to any person obtaining a copy\n",
            "configs/model.yaml": "bottleneck: null\n",
        },
    )
    f = finding(result, "ET614")
    assert f.status == "WARN"
    assert not any(e.path == "LICENSE" for e in f.evidence)


def test_tokenizer_settings_are_not_credentials(tmp_path):
    result = audit(
        tmp_path,
        {
            "train.py": 'tokenizer = "EleutherAI/gpt-neox-20b"\n' + TRAIN,
            "recipes/sft.yaml": 'tokenizer_name: "meta-llama/Llama-2-7b-hf"\nreport_to:\n- tensorboard\n- wandb\n',
            "setup.py": '# tokenizers: "tokenizers==0.9.4"\n',
        },
    )
    assert status_of(result, "ET204") == "PASS"
    present = {d.tool for d in result.ctx.detections if d.present}
    assert {"wandb", "tensorboard"} <= present  # report_to given as a YAML list, under recipes/


def test_statsmodels_models_and_plain_timers_are_not_evidence(tmp_path):
    result = audit(
        tmp_path,
        {
            "train.py": "import mlflow, time\nimport statsmodels.api as sm\n"
            "fam = sm.families.Gaussian()\nname = f'run-{int(time.time())}'\n" + TRAIN,
        },
    )
    assert status_of(result, "ET321") == "WARN"
    assert status_of(result, "ET303") == "WARN"


def test_cuda_image_documents_cuda_but_pins_no_python(tmp_path):
    result = audit(
        tmp_path,
        {
            "Dockerfile": "FROM nvidia/cuda:12.1.1-cudnn8-devel-ubuntu22.04\nRUN apt-get install -y python3\n",
            "train.py": TRAIN,
        },
    )
    assert status_of(result, "ET411") == "WARN"
    # The image fixes the CUDA stack, not which GPU produced the results (reviewers, fresh11/fresh12).
    f413 = finding(result, "ET413")
    assert f413.status == "WARN" and "not the GPU" in f413.message


def test_lightning_metric_logging_is_not_an_artifact_but_autolog_saves_models(tmp_path):
    result = audit(
        tmp_path,
        {
            "model.py": "import lightning.pytorch as pl\nclass M(pl.LightningModule):\n"
            "    def training_step(self, batch, i):\n        self.log_dict({'loss': 1.0})\n",
            "train.py": "import mlflow\nmlflow.pytorch.autolog()\n" + TRAIN,
        },
    )
    assert not any(e.path == "model.py" for e in finding(result, "ET311").evidence)
    assert status_of(result, "ET310") in ("PASS", "WARN", "REVIEW")  # saved (autolog), selection aside


def test_dvclive_callback_logs_metrics_per_step(tmp_path):
    result = audit(
        tmp_path,
        {
            "train.py": "from dvclive.keras import DVCLiveCallback\n"
            "def main():\n    model.fit(x, y, callbacks=[DVCLiveCallback(save_dvc_exp=True)])\n"
            "if __name__ == '__main__':\n    main()\n",
        },
    )
    assert status_of(result, "ET301") == "PASS"


def test_disabled_step_cache_is_not_caching(tmp_path):
    result = audit(
        tmp_path,
        {
            "pipeline.py": "from zenml import pipeline, step\n@step(enable_cache=False)\ndef train() -> None:\n"
            "    model.fit(x)\n@pipeline\ndef p():\n    train()\n",
        },
    )
    f = finding(result, "ET502")
    assert not any("caching" in e.detail for e in f.evidence)


def test_omegaconf_alone_records_no_runs(tmp_path):
    result = audit(
        tmp_path, {"train.py": "from omegaconf import OmegaConf\ncfg = OmegaConf.load('c.yaml')\n" + TRAIN}
    )
    assert status_of(result, "ET101") == "FAIL"


def test_run_recording_orchestrator_counts_as_recording_runs(tmp_path):
    result = audit(
        tmp_path,
        {
            "flow.py": "from metaflow import FlowSpec, step, Parameter\n\nclass Train(FlowSpec):\n"
            "    lr = Parameter('lr', default=0.1)\n\n    @step\n    def start(self):\n        self.next(self.end)\n\n"
            "    @step\n    def end(self):\n        pass\n\nif __name__ == '__main__':\n    Train()\n",
        },
    )
    f = finding(result, "ET101")
    assert f.status == "PASS" and "Metaflow" in f.message


def test_transitive_pins_in_a_frozen_environment_are_not_dead_dependencies(tmp_path):
    frozen = "".join(f"pkg{i}==1.0.{i}\n" for i in range(45)) + "omegaconf==2.3.0\n"
    result = audit(tmp_path / "frozen", {"requirements.txt": frozen, "train.py": TRAIN})
    assert status_of(result, "ET102") is None
    result = audit(tmp_path / "declared", {"requirements.txt": "wandb==0.16.1\n", "train.py": TRAIN})
    assert status_of(result, "ET102") == "WARN"


def test_seed_read_from_a_config_logged_whole_is_recorded(tmp_path):
    result = audit(
        tmp_path,
        {
            "train.py": "import wandb\nfrom transformers import set_seed\n\ndef main(args):\n"
            "    wandb.init(project='p', config=args)\n    set_seed(args.seed_model)\n    model.fit(x)\n\n"
            "if __name__ == '__main__':\n    main(parse())\n",
        },
    )
    f = finding(result, "ET212")
    assert f.status == "PASS" and "args.seed_model" in " ".join(e.detail for e in f.evidence)


def test_a_configured_wandb_sweep_keeps_its_history_on_the_server(tmp_path):
    result = audit(
        tmp_path,
        {
            "sweep.yaml": "program: train.py\nmethod: random\nmetric:\n  name: loss\n  goal: minimize\n"
            "parameters:\n  lr:\n    values: [0.1, 0.01]\n",
            "train.py": "import wandb\nwandb.init(project='p')\n" + TRAIN,
        },
    )
    assert status_of(result, "ET221") == "PASS"


def test_kedro_configuration_environments_are_composition(tmp_path):
    files = {f"conf/base/parameters_{i}.yml": f"alpha_{i}: 0.{i}\n" for i in range(3)}
    files["conf/local/parameters_0.yml"] = "alpha_0: 0.5\n"
    files["src/pipe/nodes.py"] = "from kedro.pipeline import node\nn = node(lambda x: x, 'a', 'b')\n"
    result = audit(tmp_path, files)
    f = finding(result, "ET203")
    assert f.status == "PASS" and any(
        "Kedro config environments: base, local" in e.detail for e in f.evidence
    )


def test_tracking_uri_built_from_a_file_path_constant_is_local(tmp_path):
    result = audit(
        tmp_path,
        {
            "pkg/config.py": "from pathlib import Path\nEFS_DIR = Path('/efs')\n"
            "MLFLOW_TRACKING_URI = 'file://' + str(EFS_DIR / 'mlflow')\n",
            "pkg/train.py": "import mlflow\nfrom pkg.config import MLFLOW_TRACKING_URI\n"
            "mlflow.set_tracking_uri(MLFLOW_TRACKING_URI)\nmlflow.log_param('a', 1)\n" + TRAIN,
        },
    )
    f = finding(result, "ET601")
    assert f.status == "WARN"
    assert any("local" in e.detail for e in f.evidence if e.path == "pkg/train.py")
