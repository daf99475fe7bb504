"""How each tool shows itself: code names, config targets, files and stores, packages, words.

A name in ``code`` matches a resolved call, decorator or class base when it is equal to it or
is a dotted prefix of it (``mlflow`` matches ``mlflow.log_param`` and ``mlflow.start_run().info``).
``config_targets`` match Hydra ``_target_``, LightningCLI ``class_path`` and Kedro ``type`` values
the same way. Imports alone never make a tool "used": something must be called or subclassed.
"""

from __future__ import annotations

from dataclasses import dataclass

PL_LOGGERS = (
    "pytorch_lightning.loggers",
    "pytorch_lightning.logging",
    "lightning.pytorch.loggers",
    "lightning.loggers",
)  # .logging: Lightning <= 0.7
# Integration modules of other libraries that log to a tracker on the user's behalf.
INTEGRATIONS = (
    "optuna.integration",
    "optuna_integration",
    "transformers.integrations",
    "ray.air.integrations",
    "ray.tune.integration",
    "ray.tune.logger",
    "fastai.callback",
    "ignite.contrib.handlers",
    "ignite.handlers",
    "catalyst.loggers",
    "keras_core.callbacks",
)


def _via(*names: str) -> tuple[str, ...]:
    """Dotted names of integration classes/modules, under every integration package."""
    return tuple(f"{pkg}.{n}" for pkg in INTEGRATIONS for n in names)


def _pl(name: str) -> tuple[str, ...]:
    return tuple(f"{prefix}.{name}" for prefix in PL_LOGGERS)


@dataclass(frozen=True)
class Signature:
    tool: str
    category: str
    label: str
    code: tuple[str, ...] = ()
    config_targets: tuple[str, ...] = ()
    packages: tuple[str, ...] = ()
    mentions: tuple[str, ...] = ()
    report_to: str = ""  # value of transformers' TrainingArguments(report_to=...)
    stores: tuple[str, ...] = ()  # inventory store families that mean "configured"


def S(tool, category, label, code=(), targets=None, packages=(), mentions=(), report_to="", stores=()):
    return Signature(
        tool,
        category,
        label,
        tuple(code),
        tuple(code if targets is None else targets),
        tuple(packages),
        tuple(mentions),
        report_to,
        tuple(stores),
    )


TB_CODE = (
    "torch.utils.tensorboard",
    "tensorboardX",
    "tensorflow.summary",
    "tensorflow.compat.v1.summary",
    "tensorflow.compat.v2.summary",
    "tf.summary",
    "clu.metric_writers",
    "tensorflow.keras.callbacks.TensorBoard",
    "tf.keras.callbacks.TensorBoard",
    "keras.callbacks.TensorBoard",
    "tensorboard",
    "jax.experimental.jax2tf",
    "flax.metrics.tensorboard",
    "tensorboard_logger",
    "ignite.contrib.handlers.tensorboard_logger",
    *_pl("TensorBoardLogger"),
    *_pl("TestTubeLogger"),  # test_tube writes TensorBoard event files (and meta_tags.csv)
    *_pl("tensorboard"),
    *_via(
        "TensorBoardCallback", "tensorboard", "tensorboard_logger", "TensorboardLogger", "TBXLoggerCallback"
    ),
)

SIGNATURES: tuple[Signature, ...] = (
    # -- experiment tracking -------------------------------------------------------------
    S(
        "mlflow",
        "tracking",
        "MLflow",
        (
            "mlflow",
            *_pl("MLFlowLogger"),
            *_pl("mlflow"),
            *_via("MLflowCallback", "mlflow", "MLflowLoggerCallback", "MLflowLogger"),
            "ultralytics.utils.callbacks.mlflow",
            # kedro-mlflow: catalog datasets kedro_mlflow.io.*, pipeline_ml_factory, MlflowHook
            "kedro_mlflow",
        ),
        packages=("mlflow", "mlflow-skinny", "kedro-mlflow"),
        mentions=("mlflow",),
        report_to="mlflow",
        stores=("mlflow",),
    ),
    S(
        "wandb",
        "tracking",
        "Weights & Biases",
        (
            "wandb",
            *_pl("WandbLogger"),
            *_pl("wandb"),
            *_via(
                "WeightsAndBiasesCallback",
                "WandbCallback",
                "wandb",
                "WandbLoggerCallback",
                "wandb_logger",
                "WandBLogger",
            ),
        ),
        packages=("wandb",),
        mentions=("wandb", "weights & biases", "weights and biases"),
        report_to="wandb",
        stores=("wandb",),
    ),
    S(
        "dvc",
        "tracking",
        "DVC / DVCLive",
        ("dvclive", "dvc.api", "dvc.repo"),
        packages=("dvc", "dvclive"),
        mentions=("dvc", "dvclive"),
        report_to="dvclive",
        stores=("dvclive",),
    ),
    S(
        "sacred",
        "tracking",
        "Sacred",
        ("sacred",),
        packages=("sacred",),
        mentions=("sacred",),
        stores=("sacred",),
    ),
    S(
        "neptune",
        "tracking",
        "Neptune",
        (
            "neptune",
            *_pl("NeptuneLogger"),
            *_pl("neptune"),
            *_via("NeptuneCallback", "neptune", "neptune_logger"),
        ),
        packages=("neptune", "neptune-client"),
        mentions=("neptune.ai", "neptune"),
        report_to="neptune",
        stores=("neptune",),
    ),
    S(
        "comet",
        "tracking",
        "Comet ML",
        ("comet_ml", *_pl("CometLogger"), *_pl("comet"), *_via("CometCallback", "comet")),
        packages=("comet-ml",),
        mentions=("comet_ml", "comet ml", "comet.ml", "comet.com"),
        report_to="comet_ml",
        stores=("comet",),
    ),
    S(
        "tensorboard",
        "tracking",
        "TensorBoard",
        TB_CODE,
        packages=("tensorboard", "tensorboardx", "tensorboard-plugin-wit", "tensorboard-logger"),
        mentions=("tensorboard",),
        report_to="tensorboard",
        stores=("tensorboard",),
    ),
    S(
        "hydra",
        "tracking",
        "Hydra / OmegaConf",
        ("hydra", "omegaconf"),
        targets=(),
        packages=("hydra-core", "omegaconf"),
        mentions=("hydra", "omegaconf"),
        stores=("hydra",),
    ),
    S(
        "guild",
        "tracking",
        "Guild AI",
        ("guild",),
        packages=("guildai",),
        mentions=("guild ai", "guildai"),
        stores=("guild",),
    ),
    S(
        "clearml",
        "tracking",
        "ClearML",
        ("clearml", "trains"),
        packages=("clearml",),
        mentions=("clearml",),
        report_to="clearml",
    ),
    S(
        "aim",
        "tracking",
        "Aim",
        ("aim", "aim.pytorch_lightning.AimLogger"),
        packages=("aim",),
        mentions=("aimstack",),
        report_to="aim",
        stores=("aim",),
    ),
    S(
        # A live dashboard server: plots and images of each run while it trains (kept only if saved).
        "visdom",
        "tracking",
        "Visdom",
        ("visdom",),
        packages=("visdom",),
    ),
    S(
        "custom_logging",
        "tracking",
        "Custom result logging",
        (
            *_pl("CSVLogger"),
            *_pl("csv_logs"),
            "tensorflow.keras.callbacks.CSVLogger",
            "tf.keras.callbacks.CSVLogger",
            "keras.callbacks.CSVLogger",
        ),
        stores=("lightning",),
    ),
    # -- hyperparameter search -----------------------------------------------------------
    S(
        "optuna",
        "hpo",
        "Optuna",
        ("optuna", "hydra_plugins.hydra_optuna_sweeper", "ray.tune.search.optuna", "ray.tune.suggest.optuna"),
        packages=("optuna", "hydra-optuna-sweeper"),
        mentions=("optuna",),
    ),
    S(
        "ray_tune",
        "hpo",
        "Ray Tune",
        ("ray.tune", "hydra_plugins.hydra_ray_launcher"),
        packages=("ray",),
        mentions=("ray tune",),
    ),
    S(
        "hyperopt",
        "hpo",
        "Hyperopt",
        ("hyperopt", "ray.tune.search.hyperopt", "ray.tune.suggest.hyperopt"),
        packages=("hyperopt",),
        mentions=("hyperopt",),
    ),
    S(
        "wandb_sweeps",
        "hpo",
        "W&B Sweeps",
        ("wandb.sweep", "wandb.agent", "wandb.controller"),
        mentions=("wandb sweep",),
    ),
    S(
        "sklearn_gridsearch",
        "hpo",
        "scikit-learn search CV",
        (
            "sklearn.model_selection.GridSearchCV",
            "sklearn.model_selection.RandomizedSearchCV",
            "sklearn.model_selection.HalvingGridSearchCV",
            "sklearn.model_selection.HalvingRandomSearchCV",
            "sklearn.model_selection._search",
            # A hand-written search loop over sampled or gridded parameter settings.
            "sklearn.model_selection.ParameterSampler",
            "sklearn.model_selection.ParameterGrid",
        ),
    ),
    S(
        "keras_tuner",
        "hpo",
        "KerasTuner",
        ("keras_tuner", "kerastuner"),
        packages=("keras-tuner",),
        mentions=("keras tuner", "keras-tuner"),
    ),
    S(
        "nevergrad",
        "hpo",
        "Nevergrad",
        ("nevergrad",),
        packages=("nevergrad",),
        mentions=("nevergrad",),
    ),
    S(
        "ax",
        "hpo",
        "Ax",
        ("ax.service", "ax.optimize", "ax.Client", "ax.api"),
        packages=("ax-platform",),
    ),
    S(
        "hydra_multirun",
        "hpo",
        "Hydra multirun",
        ("hydra_plugins",),
        packages=(),
        mentions=("multirun",),
    ),
    # -- pipelines -----------------------------------------------------------------------
    S(
        "airflow",
        "pipelines",
        "Apache Airflow",
        ("airflow",),
        packages=("apache-airflow",),
        mentions=("airflow",),
    ),
    S(
        "prefect",
        "pipelines",
        "Prefect",
        ("prefect",),
        packages=("prefect",),
        mentions=("prefect",),
    ),
    S(
        "kubeflow",
        "pipelines",
        "Kubeflow Pipelines",
        ("kfp",),
        packages=("kfp",),
        mentions=("kubeflow",),
    ),
    S(
        "metaflow",
        "pipelines",
        "Metaflow",
        ("metaflow",),
        packages=("metaflow",),
        mentions=("metaflow",),
    ),
    S(
        "kedro",
        "pipelines",
        "Kedro",
        ("kedro", "kedro_datasets"),
        packages=("kedro",),
        mentions=("kedro",),
    ),
    S("zenml", "pipelines", "ZenML", ("zenml",), packages=("zenml",), mentions=("zenml",)),
    S(
        "dagster",
        "pipelines",
        "Dagster",
        ("dagster",),
        packages=("dagster",),
        mentions=("dagster",),
    ),
    S("flyte", "pipelines", "Flyte", ("flytekit",), packages=("flytekit",), mentions=("flyte",)),
    S("luigi", "pipelines", "Luigi", ("luigi",), packages=("luigi",), mentions=("luigi",)),
    S("dvc_pipelines", "pipelines", "DVC pipelines", (), mentions=("dvc repro",)),
    S(
        "snakemake",
        "pipelines",
        "Snakemake",
        ("snakemake",),
        packages=("snakemake",),
        mentions=("snakemake",),
    ),
    S("make", "pipelines", "Makefile pipeline", ()),
    # -- distributed training ------------------------------------------------------------
    S(
        "ddp",
        "distributed",
        "PyTorch DDP",
        (
            "torch.nn.parallel.DistributedDataParallel",
            "torch.nn.parallel.distributed",
            "torch.distributed.init_process_group",
            "torch.distributed.launch",
            "torch.distributed.run",
            "pytorch_lightning.strategies.DDPStrategy",
            "lightning.pytorch.strategies.DDPStrategy",
        ),
        mentions=("torchrun",),
    ),
    S(
        "fsdp",
        "distributed",
        "PyTorch FSDP",
        (
            "torch.distributed.fsdp",
            "pytorch_lightning.strategies.FSDPStrategy",
            "lightning.pytorch.strategies.FSDPStrategy",
        ),
    ),
    S(
        "deepspeed",
        "distributed",
        "DeepSpeed",
        (
            "deepspeed",
            "pytorch_lightning.strategies.DeepSpeedStrategy",
            "lightning.pytorch.strategies.DeepSpeedStrategy",
        ),
        packages=("deepspeed",),
        mentions=("deepspeed",),
    ),
    S(
        "accelerate",
        "distributed",
        "Hugging Face Accelerate",
        ("accelerate",),
        packages=("accelerate",),
    ),
    S(
        "tf_distribute",
        "distributed",
        "TensorFlow distribution strategies",
        tuple(
            f"{root}.distribute.{cls}"
            for root in ("tensorflow", "tf", "tensorflow.compat.v1", "tensorflow.compat.v2")
            for cls in (
                "MirroredStrategy",
                "MultiWorkerMirroredStrategy",
                "experimental.MultiWorkerMirroredStrategy",
                "TPUStrategy",
                "experimental.TPUStrategy",
                "ParameterServerStrategy",
                "experimental.ParameterServerStrategy",
                "experimental.CentralStorageStrategy",
            )
        ),
    ),
    S(
        "horovod",
        "distributed",
        "Horovod",
        ("horovod",),
        packages=("horovod",),
        mentions=("horovod",),
    ),
    S(
        "ray_train",
        "distributed",
        "Ray Train",
        # ray.train.report/get_context are also how Tune trainables report; only trainers count.
        tuple(
            f"ray.train.{m}"
            for m in (
                "torch",
                "tensorflow",
                "lightning",
                "huggingface",
                "xgboost",
                "lightgbm",
                "horovod",
                "data_parallel_trainer",
                "DataParallelTrainer",
                "trainer",
                "base_trainer",
            )
        ),
        packages=("ray",),
    ),
    # -- data versioning -----------------------------------------------------------------
    S(
        "dvc",
        "data_versioning",
        "DVC data versioning",
        ("dvc.api",),
        packages=("dvc",),
        mentions=("dvc",),
    ),
    S("git_lfs", "data_versioning", "Git LFS", (), mentions=("git lfs", "git-lfs")),
    S(
        "mlflow_datasets",
        "data_versioning",
        "MLflow dataset tracking",
        ("mlflow.log_input", "mlflow.data", "mlflow.MlflowClient().log_inputs"),
    ),
    S(
        "wandb_artifacts",
        "data_versioning",
        "W&B Artifacts",
        # Only dataset artifacts version data (code and model artifacts do not): see engine.WANDB_ARTIFACT_CALLS.
        (),
    ),
    S(
        "delta_lake",
        "data_versioning",
        "Delta Lake",
        ("deltalake", "delta.tables", "delta.pip_utils"),
        packages=("deltalake", "delta-spark"),
        mentions=("delta lake",),
    ),
    S(
        "lakefs",
        "data_versioning",
        "lakeFS",
        ("lakefs", "lakefs_client", "lakefs_sdk"),
        packages=("lakefs", "lakefs-client", "lakefs-sdk"),
        mentions=("lakefs",),
    ),
    S(
        "feast",
        "data_versioning",
        "Feast feature store",
        ("feast",),
        packages=("feast",),
        mentions=("feast",),
    ),
    S(
        "tecton",
        "data_versioning",
        "Tecton feature store",
        ("tecton",),
        packages=("tecton",),
        mentions=("tecton",),
    ),
    S(
        "hopsworks",
        "data_versioning",
        "Hopsworks feature store",
        ("hopsworks", "hsfs"),
        packages=("hopsworks", "hsfs"),
        mentions=("hopsworks",),
    ),
    # -- data validation (schemas) -------------------------------------------------------
    S("pandera", "data_validation", "pandera", ("pandera",), packages=("pandera",)),
    S(
        "great_expectations",
        "data_validation",
        "Great Expectations",
        ("great_expectations",),
        packages=("great-expectations",),
        mentions=("great expectations", "great_expectations"),
    ),
)

BY_KEY = {(s.tool, s.category): s for s in SIGNATURES}
CATEGORY_ORDER = (
    "tracking",
    "hpo",
    "pipelines",
    "distributed",
    "data_versioning",
    "data_validation",
)
CATEGORY_LABELS = {
    "tracking": "Experiment tracking",
    "hpo": "Hyperparameter search",
    "pipelines": "Pipelines and orchestration",
    "distributed": "Distributed training",
    "data_versioning": "Data versioning and feature stores",
    "data_validation": "Data schemas and validation",
}


def mention_words() -> list[str]:
    words = set()
    for s in SIGNATURES:
        words.update(m.lower() for m in s.mentions)
    return sorted(words, key=lambda w: (-len(w), w))
