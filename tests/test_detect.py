"""Phase 1 detection on small real repositories: usage levels, scopes, evidence, and traps."""

from __future__ import annotations

import json
import textwrap

import pytest

from experiment_tracking.audit import discover
from tests.rules.repo_helpers import notebook


def write(root, files: dict[str, str]) -> None:
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


def detections(root) -> dict[tuple[str, str], object]:
    ctx, _ = discover(root)
    return {(d.tool, d.category): d for d in ctx.detections}


# -- traps: none of these may be reported as present ---------------------------------------


def test_readme_comment_string_and_commented_requirement_are_only_mentions(tmp_path):
    write(
        tmp_path,
        {
            "README.md": "We plan to try Weights & Biases and MLflow later.\n",
            "train.py": """
                # import wandb
                MSG = "log this with mlflow someday"
                def main():
                    print(MSG)
                """,
            "requirements.txt": "numpy==1.26.4\n# wandb==0.16.0\n",
        },
    )
    found = detections(tmp_path)
    assert found[("wandb", "tracking")].usage == "mentioned"
    assert found[("mlflow", "tracking")].usage == "mentioned"
    assert not found[("wandb", "tracking")].present
    paths = {e.path for e in found[("wandb", "tracking")].evidence}
    assert "requirements.txt" in paths or "README.md" in paths


def test_availability_probe_is_not_usage(tmp_path):
    write(
        tmp_path,
        {
            "train.py": """
                import importlib.util
                HAS_WANDB = importlib.util.find_spec("wandb") is not None
                """
        },
    )
    found = detections(tmp_path)
    d = found.get(("wandb", "tracking"))
    assert d is None or not d.present


def test_dependency_without_usage_is_declared(tmp_path):
    write(tmp_path, {"requirements.txt": "sacred==0.8.5\n", "train.py": "print('hi')\n"})
    d = detections(tmp_path)[("sacred", "tracking")]
    assert d.usage == "declared"
    assert d.evidence[0].path == "requirements.txt" and d.evidence[0].line == 1


def test_import_without_call_is_not_used(tmp_path):
    write(tmp_path, {"train.py": "import neptune\n\nprint('no calls')\n"})
    d = detections(tmp_path)[("neptune", "tracking")]
    assert d.usage == "declared"
    assert "never called" in d.evidence[0].detail


def test_local_name_that_looks_like_a_tool_is_not_usage(tmp_path):
    write(tmp_path, {"train.py": "def mlflow():\n    return 1\n\nmlflow()\n"})
    d = detections(tmp_path).get(("mlflow", "tracking"))
    assert d is None or not d.present


# -- positive detections ---------------------------------------------------------------------


def test_alias_is_resolved_with_line_evidence(tmp_path):
    write(
        tmp_path,
        {
            "src/train.py": """
                import mlflow as mf

                def run(params):
                    with mf.start_run():
                        mf.log_params(params)
                """
        },
    )
    d = detections(tmp_path)[("mlflow", "tracking")]
    assert d.usage == "used" and d.scope == "core"
    lines = {(e.path, e.line) for e in d.evidence}
    assert ("src/train.py", 4) in lines and ("src/train.py", 5) in lines


def test_notebook_only_usage_has_cell_evidence(tmp_path):
    write(
        tmp_path,
        {
            "analysis.ipynb": notebook(
                "%matplotlib inline\nimport wandb", "!pip install wandb\nwandb.init(project='x')"
            )
        },
    )
    d = detections(tmp_path)[("wandb", "tracking")]
    assert d.usage == "used"
    ev = d.evidence[0]
    assert (ev.path, ev.cell, ev.line) == ("analysis.ipynb", 2, 2)
    assert ev.where() == "analysis.ipynb cell 2 line 2"


def test_config_only_usage_via_target(tmp_path):
    write(
        tmp_path,
        {
            "configs/logger/wandb.yaml": """
                wandb:
                  _target_: lightning.pytorch.loggers.wandb.WandbLogger
                  project: demo
                """,
            "configs/train.yaml": "defaults:\n  - logger: wandb\n  - _self_\nseed: 1\n",
        },
    )
    found = detections(tmp_path)
    d = found[("wandb", "tracking")]
    assert d.usage == "used"
    assert d.evidence[0].path == "configs/logger/wandb.yaml" and d.evidence[0].line == 2
    assert found[("hydra", "tracking")].usage == "configured"


def test_lightning_cli_class_path_and_kedro_catalog_type(tmp_path):
    write(
        tmp_path,
        {
            "config.yaml": "trainer:\n  logger:\n    class_path: pytorch_lightning.loggers.MLFlowLogger\n",
            "conf/base/catalog.yml": "companies:\n  type: pandas.CSVDataset\n  filepath: data/01_raw/companies.csv\n",
        },
    )
    found = detections(tmp_path)
    assert found[("mlflow", "tracking")].usage == "used"
    assert found[("kedro", "pipelines")].usage == "used"


def test_example_and_test_scopes(tmp_path):
    write(
        tmp_path,
        {
            "examples/comet_demo.py": "import comet_ml\nexp = comet_ml.Experiment()\n",
            "tests/test_logging.py": "import neptune\nrun = neptune.init_run()\n",
            "src/model.py": "x = 1\n",
        },
    )
    found = detections(tmp_path)
    assert found[("comet", "tracking")].scope == "example"
    assert found[("neptune", "tracking")].scope == "test"
    assert found[("comet", "tracking")].present  # present, but with its scope stated


def test_guarded_import_is_optional(tmp_path):
    write(
        tmp_path,
        {
            "train.py": """
                try:
                    import wandb
                except ImportError:
                    wandb = None

                def log(m):
                    if wandb is not None:
                        wandb.log(m)
                """
        },
    )
    d = detections(tmp_path)[("wandb", "tracking")]
    assert d.usage == "used" and d.scope == "optional"


@pytest.mark.parametrize(
    "code,tool,category",
    [
        (
            "from sacred import Experiment\nex = Experiment('a')\n@ex.automain\ndef main():\n    pass\n",
            "sacred",
            "tracking",
        ),
        (
            "from torch.utils.tensorboard import SummaryWriter\nw = SummaryWriter()\nw.add_scalar('l', 1, 0)\n",
            "tensorboard",
            "tracking",
        ),
        (
            "import tensorflow as tf\ncb = tf.keras.callbacks.TensorBoard(log_dir='logs')\n",
            "tensorboard",
            "tracking",
        ),
        (
            "import hydra\n@hydra.main(config_path='conf', config_name='c', version_base=None)\ndef main(cfg):\n    pass\n",
            "hydra",
            "tracking",
        ),
        (
            "from clearml import Task\ntask = Task.init(project_name='p', task_name='t')\n",
            "clearml",
            "tracking",
        ),
        ("from aim import Run\nrun = Run()\n", "aim", "tracking"),
        (
            "from dvclive import Live\nwith Live() as live:\n    live.log_metric('acc', 1)\n",
            "dvc",
            "tracking",
        ),
        ("import optuna\nstudy = optuna.create_study()\n", "optuna", "hpo"),
        ("from ray import tune\ntuner = tune.Tuner(lambda c: None)\n", "ray_tune", "hpo"),
        (
            "from hyperopt import fmin, tpe\nfmin(fn=lambda x: x, space=None, algo=tpe.suggest, max_evals=3)\n",
            "hyperopt",
            "hpo",
        ),
        ("import wandb\nsweep_id = wandb.sweep({'method': 'grid'})\n", "wandb_sweeps", "hpo"),
        (
            "from sklearn.model_selection import GridSearchCV\ngs = GridSearchCV(None, {})\n",
            "sklearn_gridsearch",
            "hpo",
        ),
        ("import keras_tuner as kt\ntuner = kt.Hyperband(None)\n", "keras_tuner", "hpo"),
        ("from airflow import DAG\ndag = DAG('d')\n", "airflow", "pipelines"),
        ("from prefect import flow\n@flow\ndef f():\n    pass\n", "prefect", "pipelines"),
        ("from kfp import dsl\n@dsl.pipeline(name='p')\ndef p():\n    pass\n", "kubeflow", "pipelines"),
        (
            "from metaflow import FlowSpec, step\nclass F(FlowSpec):\n    @step\n    def start(self):\n        pass\n",
            "metaflow",
            "pipelines",
        ),
        ("from zenml import pipeline\n@pipeline\ndef p():\n    pass\n", "zenml", "pipelines"),
        ("from dagster import asset\n@asset\ndef a():\n    return 1\n", "dagster", "pipelines"),
        ("from flytekit import task\n@task\ndef t() -> int:\n    return 1\n", "flyte", "pipelines"),
        ("import luigi\nclass T(luigi.Task):\n    pass\n", "luigi", "pipelines"),
        ("import torch.distributed as dist\ndist.init_process_group('nccl')\n", "ddp", "distributed"),
        (
            "from torch.distributed.fsdp import FullyShardedDataParallel as FSDP\nm = FSDP(None)\n",
            "fsdp",
            "distributed",
        ),
        ("import deepspeed\ndeepspeed.initialize(model=None)\n", "deepspeed", "distributed"),
        ("from accelerate import Accelerator\na = Accelerator()\n", "accelerate", "distributed"),
        ("import horovod.torch as hvd\nhvd.init()\n", "horovod", "distributed"),
        ("from ray.train.torch import TorchTrainer\nt = TorchTrainer(None)\n", "ray_train", "distributed"),
        (
            "import jax\nstep = jax.pmap(lambda p, x: jax.grad(loss)(p, x), 'batch')\n",
            "jax_pmap",
            "distributed",
        ),
        (
            "import jax\nfrom jax.sharding import Mesh\nmesh = Mesh(devices, ('data',))\ng = jax.grad(loss)(p)\n",
            "jax_sharding",
            "distributed",
        ),
        (
            "from mpi4py import MPI\nMPI.COMM_WORLD.Allreduce(a, b, op=MPI.SUM)\n",
            "mpi",
            "distributed",
        ),
        ("import lightning as L\nfabric = L.Fabric(strategy='fsdp')\n", "fsdp", "distributed"),
        (
            "from lightning.fabric.strategies import FSDPStrategy\ns = FSDPStrategy(state_dict_type='full')\n",
            "fsdp",
            "distributed",
        ),
        (
            "import wandb\nart = wandb.Artifact('data', type='dataset')\n",
            "wandb_artifacts",
            "data_versioning",
        ),
        ("from deltalake import DeltaTable\nDeltaTable('s3://x')\n", "delta_lake", "data_versioning"),
        ("from feast import FeatureStore\nFeatureStore(repo_path='.')\n", "feast", "data_versioning"),
        ("import pandera as pa\nschema = pa.DataFrameSchema({})\n", "pandera", "data_validation"),
        ("import lightning.pytorch as pl\ntrainer = pl.Trainer(strategy='ddp')\n", "ddp", "distributed"),
        (
            "from transformers import TrainingArguments\nargs = TrainingArguments('o', report_to='wandb')\n",
            "wandb",
            "tracking",
        ),
        ("from optuna_integration import MLflowCallback\ncb = MLflowCallback()\n", "mlflow", "tracking"),
    ],
)
def test_tool_families_are_used(tmp_path, code, tool, category):
    write(tmp_path, {"pkg/train.py": code})
    d = detections(tmp_path)[(tool, category)]
    assert d.usage == "used", d
    assert d.evidence and d.evidence[0].path == "pkg/train.py" and d.evidence[0].line >= 1


def test_pmap_over_sampling_is_not_distributed_training(tmp_path):
    # jax.pmap also maps generation or dataset encoding over devices: parallel, but nothing trains.
    code = "import jax\np_generate = jax.pmap(generate, 'batch')\nimages = p_generate(params, keys)\n"
    write(tmp_path, {"pkg/sample.py": code})
    assert ("jax_pmap", "distributed") not in {
        k for k, d in detections(tmp_path).items() if d.usage == "used"
    }


def test_mpi_that_starts_ddp_workers_is_ddp(tmp_path):
    # mpiexec starts the DDP processes and MPI broadcasts a checkpoint: the distributed mode is DDP.
    code = (
        "import torch.distributed as dist\nfrom mpi4py import MPI\n"
        "dist.init_process_group('nccl', rank=MPI.COMM_WORLD.Get_rank())\n"
        "data = MPI.COMM_WORLD.bcast(open('ckpt.pt', 'rb').read())\n"
    )
    write(tmp_path, {"pkg/dist_util.py": code})
    used = {k for k, d in detections(tmp_path).items() if d.usage == "used"}
    assert ("ddp", "distributed") in used and ("mpi", "distributed") not in used


def test_mpi_rank_query_alone_is_not_distributed_training(tmp_path):
    # Asking MPI for a rank (logging only on rank 0) runs fine in one process: no data is exchanged.
    code = "from mpi4py import MPI\nrank = MPI.COMM_WORLD.Get_rank()\nprint(rank)\n"
    write(tmp_path, {"pkg/train.py": code})
    assert ("mpi", "distributed") not in {k for k, d in detections(tmp_path).items() if d.usage == "used"}


@pytest.mark.parametrize(
    "files,tool,category",
    [
        ({"dvc.yaml": "stages:\n  train:\n    cmd: python train.py\n"}, "dvc_pipelines", "pipelines"),
        ({"data/raw.csv.dvc": "outs:\n- md5: abc\n  path: raw.csv\n"}, "dvc", "data_versioning"),
        (
            {".gitattributes": "*.parquet filter=lfs diff=lfs merge=lfs -text\n", "data/train.parquet": "x"},
            "git_lfs",
            "data_versioning",
        ),
        (
            {"MLproject": "name: demo\nentry_points:\n  main:\n    command: python train.py\n"},
            "mlflow",
            "tracking",
        ),
        (
            {"sweep.yaml": "method: bayes\nparameters:\n  lr:\n    min: 0.0001\n    max: 0.1\n"},
            "wandb_sweeps",
            "hpo",
        ),
        ({"Snakefile": "rule all:\n    input: 'a'\n"}, "snakemake", "pipelines"),
        (
            {
                "argo/train.yaml": "apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata:\n  generateName: train-\n"
                "spec:\n  entrypoint: train\n  templates:\n  - name: train\n    container:\n      image: trainer:1.0\n"
            },
            "argo",
            "pipelines",
        ),
        ({"guild.yml": "train:\n  main: train\n"}, "guild", "tracking"),
        ({"ds_config.json": '{"zero_optimization": {"stage": 2}}'}, "deepspeed", "distributed"),
        ({"scripts/launch.sh": "#!/bin/bash\ntorchrun --nproc_per_node=4 train.py\n"}, "ddp", "distributed"),
        ({"scripts/sweep.sh": "python train.py -m lr=0.1,0.01\n"}, "hydra_multirun", "hpo"),
        (
            {
                "Makefile": "data:\n\tpython src/prepare.py\ntrain: data\n\tpython src/train.py\nevaluate: train\n\tpython src/eval.py\n"
            },
            "make",
            "pipelines",
        ),
        ({"mlruns/0/abc/meta.yaml": "run_id: abc\nstatus: 3\n"}, "mlflow", "tracking"),
        ({"wandb/run-20240101_000000-abc/files/config.yaml": "lr:\n  value: 0.1\n"}, "wandb", "tracking"),
        ({"outputs/2024-01-01/10-00-00/.hydra/config.yaml": "lr: 0.1\n"}, "hydra", "tracking"),
    ],
)
def test_configured_from_files_and_stores(tmp_path, files, tool, category):
    write(tmp_path, files)
    d = detections(tmp_path)[(tool, category)]
    assert d.usage in ("configured", "used"), d
    assert d.present


def test_store_files_are_not_indexed_as_project_code(tmp_path):
    write(
        tmp_path,
        {
            "wandb/run-1/files/code/train.py": "import comet_ml\ncomet_ml.Experiment()\n",
            "train.py": "print('x')\n",
        },
    )
    ctx, _ = discover(tmp_path)
    assert "wandb/run-1/files/code/train.py" not in ctx.index.modules
    assert not any(d.tool == "comet" and d.present for d in ctx.detections)


def test_training_entry_points_and_naming(tmp_path):
    write(
        tmp_path,
        {
            "src/train.py": """
                import mlflow
                from sklearn.model_selection import train_test_split

                def main():
                    mlflow.set_experiment("churn")
                    with mlflow.start_run(run_name="baseline"):
                        mlflow.set_tags({"purpose": "baseline"})
                    a, b = train_test_split([1, 2, 3, 4], test_size=0.5)
                    c, d = train_test_split([1, 2, 3, 4], random_state=7)

                if __name__ == "__main__":
                    main()
                """
        },
    )
    ctx, _ = discover(tmp_path)
    tax = ctx.taxonomy
    assert [(e.path, e.line) for e in tax.training_entry_points] == [("src/train.py", 11)]
    assert {e.line for e in tax.experiment_names} == {5, 6}
    assert [e.line for e in tax.tagging] == [7]
    assert [e.line for e in tax.splits_unseeded] == [8]
    assert [e.line for e in tax.splits_seeded] == [9]


def test_notebook_with_metric_outputs_is_an_inline_record(tmp_path):
    nb = {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {},
        "cells": [
            {"cell_type": "code", "source": "x = 1", "metadata": {}, "outputs": [], "execution_count": 1},
            {
                "cell_type": "code",
                "source": "print(f'accuracy: {acc:.3f}')",
                "metadata": {},
                "execution_count": 2,
                "outputs": [{"output_type": "stream", "name": "stdout", "text": ["accuracy: 0.912\n"]}],
            },
        ],
    }
    write(tmp_path, {"explore.ipynb": json.dumps(nb), "plain.ipynb": notebook("print('accuracy')")})
    ctx, _ = discover(tmp_path)
    recs = ctx.taxonomy.notebook_records
    assert [(e.path, e.cell) for e in recs] == [("explore.ipynb", 2)]
    assert "accuracy: 0.912" in recs[0].detail


def test_code_and_model_artifacts_are_not_data_versioning(tmp_path):
    write(
        tmp_path,
        {
            "train.py": """
                import wandb
                run = wandb.init(project="p")
                code = wandb.Artifact("project-source", type="code")
                run.use_artifact("pretrained-model:latest")
                """
        },
    )
    d = detections(tmp_path).get(("wandb_artifacts", "data_versioning"))
    assert d is None or not d.present


def test_logger_classes_name_runs_and_integrations_count(tmp_path):
    write(
        tmp_path,
        {
            "train.py": """
                from ray.air.integrations.mlflow import MLflowLoggerCallback
                from ray.tune.search.hyperopt import HyperOptSearch
                from tensorboard_logger import configure, log_value
                cb = MLflowLoggerCallback(experiment_name="llm", save_artifact=True)
                search = HyperOptSearch(metric="val_loss", mode="min")
                configure("runs/x")
                log_value("loss", 0.1, 1)
                """
        },
    )
    ctx, _ = discover(tmp_path)
    found = {(d.tool, d.category): d for d in ctx.detections if d.present}
    assert (
        ("mlflow", "tracking") in found
        and ("hyperopt", "hpo") in found
        and ("tensorboard", "tracking") in found
    )
    assert [e.line for e in ctx.taxonomy.experiment_names] == [4]


def test_setup_calls_do_not_make_a_script_and_notebook_entries_keep_their_cell(tmp_path):
    write(
        tmp_path,
        {
            "src/data/dataset_train.py": "import warnings\nwarnings.filterwarnings('ignore')\n\ndef load():\n    return 1\n",
            "train.ipynb": notebook("import torch", "model.fit(x)\nloss.backward()"),
        },
    )
    ctx, _ = discover(tmp_path)
    entries = [(e.path, e.cell, e.line) for e in ctx.taxonomy.training_entry_points]
    assert entries == [("train.ipynb", 2, 1)]


def test_mentions_in_notebooks_cite_cell_and_line(tmp_path):
    nb = {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {},
        "cells": [
            {"cell_type": "markdown", "source": "# Intro\n", "metadata": {}},
            {
                "cell_type": "markdown",
                "source": "Setup\n\nWe could log to Weights & Biases later.\n",
                "metadata": {},
            },
        ],
    }
    write(tmp_path, {"explore.ipynb": json.dumps(nb, indent=1)})
    d = detections(tmp_path)[("wandb", "tracking")]
    assert d.usage == "mentioned"
    assert (d.evidence[0].cell, d.evidence[0].line) == (2, 3)


def test_report_to_from_the_command_line_and_argparse_defaults(tmp_path):
    write(
        tmp_path,
        {
            "scripts/run_sft.sh": "accelerate launch train.py --report_to=tensorboard,wandb --lr 2e-5\n",
            "train.py": "import argparse\np = argparse.ArgumentParser()\np.add_argument('--report_to', default='mlflow')\n",
        },
    )
    found = detections(tmp_path)
    assert found[("tensorboard", "tracking")].usage == "configured"
    assert found[("wandb", "tracking")].usage == "configured"
    assert found[("mlflow", "tracking")].usage == "used"
    assert found[("mlflow", "tracking")].evidence[0].line == 3


def test_omegaconf_alone_is_not_hydra(tmp_path):
    # OmegaConf loads and merges configs and records nothing; Hydra's @hydra.main gives each run a
    # directory holding its resolved config.
    from experiment_tracking.audit import run_audit

    (tmp_path / "train.py").write_text(
        "from omegaconf import OmegaConf\ncfg = OmegaConf.merge(OmegaConf.load('c.yaml'), OmegaConf.from_cli())\n"
        "import torch\nfor e in range(3):\n    loss.backward()\n"
    )
    assert run_audit(tmp_path).ctx.has("hydra", "tracking") is None
