"""How each tool shows itself: code names, config targets, files and stores, packages, words.

A name in ``code`` matches a resolved call, decorator or class base when it is equal to it or
is a dotted prefix of it (``mlflow`` matches ``mlflow.log_param`` and ``mlflow.start_run().info``).
``config_targets`` match Hydra ``_target_``, LightningCLI ``class_path`` and Kedro ``type`` values
the same way. Imports alone never make a tool "used": something must be called or subclassed.
"""

from __future__ import annotations

import functools
import re
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


# Ploomber's pipeline specification (pipeline.yaml, pipeline.serve.yaml)
PLOOMBER_SPEC = re.compile(r"pipeline(\.[\w-]+)?\.ya?ml")


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
    # TF 1.x's contrib summaries (create_file_writer, scalar): the TF2 API's forerunner, event files too
    "tensorflow.contrib.summary",
    "clu.metric_writers",
    # TF 0.x, before tf.summary: tf.train.SummaryWriter (renamed FileWriter in 0.12) and the summary ops
    "tensorflow.train.SummaryWriter",
    "tensorflow.scalar_summary",
    "tensorflow.histogram_summary",
    "tensorflow.image_summary",
    # tensorpack's trainer: its default monitors (TFEventWriter, JSONWriter) write event files and stats.json
    # into the logger directory of every run
    "tensorpack.launch_train_with_config",
    "tensorflow.merge_all_summaries",
    "tensorflow.keras.callbacks.TensorBoard",
    "tf.keras.callbacks.TensorBoard",
    "keras.callbacks.TensorBoard",
    "tensorboard",
    # TF's own event-file writer, wrapped by projects that write summaries themselves (trax's jaxboard)
    "tensorflow.python.summary.writer",
    # ... and the one beneath it (pywrap_tensorflow.EventsWriter in TF 1.x, _pywrap_events_writer later)
    "tensorflow.python.pywrap_tensorflow.EventsWriter",
    "tensorflow.python._pywrap_events_writer",
    "tensorflow.python.client._pywrap_events_writer",
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
        "Hydra",
        # OmegaConf alone loads and merges configs and records nothing; Hydra's @hydra.main gives each
        # run a directory holding its resolved config (.hydra/config.yaml)
        ("hydra",),
        targets=(),
        packages=("hydra-core",),
        mentions=("hydra",),
        stores=("hydra",),
    ),
    S(
        # a Polyaxonfile whose component runs a `kind: dag` of operations (each a component or a reference)
        "polyaxon_pipelines",
        "pipelines",
        "Polyaxon DAGs",
    ),
    S(
        # Guild operations chained by `requires:` on another operation's output, or run as `steps:`
        "guild_pipelines",
        "pipelines",
        "Guild AI pipelines (requires, steps)",
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
        # Dora (facebookresearch): each experiment (XP) runs in a folder named by a signature of its
        # config, holding its arguments, the Hydra config, per-epoch metrics (history.json) and checkpoints.
        # Its log helpers (dora.log.fatal) and distrib.init record nothing.
        "dora",
        "tracking",
        "Dora",
        ("dora.hydra_main", "dora.argparse_main", "dora.get_xp"),
        packages=("dora-search",),
        mentions=("dora grid", "dora run"),
    ),
    S(
        # Polyaxon's tracking client (`tracking.init()`, `Run(...)`, the framework callbacks under
        # polyaxon.tracking.contrib) and its 0.x clients; polyaxon.client alone manages projects and runs
        # on the server and records nothing of the run it is called from
        "polyaxon",
        "tracking",
        "Polyaxon",
        (
            "polyaxon.tracking",
            "polyaxon_client.tracking",
            "polyaxon_helper",
            *_via("PolyaxonLogger", "polyaxon_logger"),
        ),
        packages=("polyaxon", "polyaxon-client", "polyaxon-helper"),
        mentions=("polyaxon",),
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
        # wandb-like APIs (init(project, config=...), log(...)): SwanLab is often imported `as wandb`
        "swanlab",
        "tracking",
        "SwanLab",
        ("swanlab",),
        packages=("swanlab",),
        mentions=("swanlab",),
        report_to="swanlab",
    ),
    S(
        "trackio",
        "tracking",
        "Trackio",
        ("trackio",),
        packages=("trackio",),
        mentions=("trackio",),
        report_to="trackio",
    ),
    S(
        # Lineage: run events (start, complete) naming the job, its input and output datasets and facets
        # such as the source code location, sent to a backend (Marquez, DataHub) or a file
        "openlineage",
        "tracking",
        "OpenLineage",
        ("openlineage",),
        packages=("openlineage-python", "openlineage-airflow", "apache-airflow-providers-openlineage"),
    ),
    S(
        # DataHub's metadata emitters (and its Airflow plug-in): lineage of datasets, jobs and models
        "datahub",
        "tracking",
        "DataHub",
        ("datahub",),
        packages=("acryl-datahub", "acryl-datahub-airflow-plugin"),
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
        # a Guild operation's flags given as a search space (`lr: loguniform[1e-5:1e-1]`, a list of values)
        # or run by an optimizer (`optimizers:`): `guild run` samples the space, one run per trial
        "guild_optimizers",
        "hpo",
        "Guild AI search spaces",
    ),
    S(
        # a Polyaxonfile's `matrix:` (grid, random, hyperband, bayes, hyperopt, iterative, or a mapping of
        # given parameter sets): Polyaxon runs the component once per suggestion, each a run of its own
        "polyaxon_matrix",
        "hpo",
        "Polyaxon matrix search",
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
    # `for lr in 1e-5 3e-5; do python train.py --lr $lr; done`: a grid run by the project's own launchers
    S("shell_sweep", "hpo", "Parameter grid in shell loops"),
    # Dora grids: an Explorer subclass decorates functions whose launcher.bind_/sub(...) calls schedule one
    # experiment per setting (`dora grid <name>` launches them)
    S("dora_grid", "hpo", "Dora grid", ("dora.Explorer", "dora.explore.Explorer"), mentions=("dora grid",)),
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
    # scikit-optimize's Bayesian minimisers and its sklearn search (not its import alone)
    S(
        "skopt",
        "hpo",
        "scikit-optimize",
        (
            "skopt.gp_minimize",
            "skopt.forest_minimize",
            "skopt.gbrt_minimize",
            "skopt.dummy_minimize",
            "skopt.Optimizer",
            "skopt.BayesSearchCV",
            "skopt.optimizer",
        ),
        packages=("scikit-optimize",),
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
    # Argo Workflows: Workflow manifests (apiVersion argoproj.io/...) or the Hera SDK that submits them
    S(
        "argo",
        "pipelines",
        "Argo Workflows",
        ("hera.workflows", "hera_workflows", "argo.workflows.client", "argo_workflows"),
        packages=("hera", "hera-workflows", "argo-workflows"),
        mentions=("argo workflows", "argoproj"),
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
    # MLflow Recipes, called MLflow Pipelines before MLflow 2.0: a step DAG (ingest, split, train,
    # evaluate, register) that MLflow runs and caches from recipe.yaml / pipeline.yaml
    S("mlflow_pipelines", "pipelines", "MLflow Recipes (Pipelines)", ("mlflow.recipes", "mlflow.pipelines")),
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
    # Ploomber: a pipeline.yaml of tasks (a script, notebook, function or SQL file and the product it
    # writes), or DAGs built in Python
    S("ploomber", "pipelines", "Ploomber", ("ploomber",), packages=("ploomber",), mentions=("ploomber",)),
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
    S("shell_recipe", "pipelines", "Staged shell recipe", ()),
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
            # detectron2.engine.launch(main, num_gpus) starts one DDP process per GPU
            "detectron2.engine.launch",
            "detectron2.engine.defaults.launch",
            "pytorch_lightning.strategies.DDPStrategy",
            "lightning.pytorch.strategies.DDPStrategy",
            "lightning.fabric.strategies.DDPStrategy",
            "lightning_fabric.strategies.DDPStrategy",
            # Lightning 1.2-1.5 named the strategies plugins: Trainer(plugins=DDPPlugin(...))
            "pytorch_lightning.plugins.DDPPlugin",
            "pytorch_lightning.plugins.DDPSpawnPlugin",
            "pytorch_lightning.plugins.training_type.DDPPlugin",
            # flashy (Dora's trainer library): init_process_group, then gradients all-reduced per step
            "flashy.distrib.init",
            "flashy.distrib.sync_model",
            "flashy.distrib.eager_sync_model",
            "flashy.distrib.wrap",
            # fairseq (and projects on a fork of it): distributed_init joins the process group, and its
            # Trainer wraps the model in DistributedDataParallel
            "fairseq.distributed_utils.distributed_init",
            "fairseq.distributed_utils.call_main",
            "fairseq.distributed.utils.distributed_init",
            "fairseq.distributed.utils.call_main",
        ),
        mentions=("torchrun",),
    ),
    # One process driving every visible GPU (nn.DataParallel): no launcher, no ranks, but the batch is split
    # across devices, so the run's result depends on how many the machine had
    S(
        "data_parallel",
        "distributed",
        "PyTorch DataParallel (one process, several GPUs)",
        (
            "torch.nn.DataParallel",
            "torch.nn.parallel.DataParallel",
            "torch.nn.parallel.data_parallel.DataParallel",
            "torch.nn.parallel.data_parallel",
            # OpenMMLab's wrapper of nn.DataParallel (its MMDistributedDataParallel is DDP's)
            "mmcv.parallel.MMDataParallel",
            "mmengine.model.MMDataParallel",
        ),
    ),
    S(
        "fsdp",
        "distributed",
        "PyTorch FSDP",
        (
            "torch.distributed.fsdp",
            "pytorch_lightning.strategies.FSDPStrategy",
            "lightning.pytorch.strategies.FSDPStrategy",
            "lightning.fabric.strategies.FSDPStrategy",
            "lightning_fabric.strategies.FSDPStrategy",
            # fairscale's FSDP, the one PyTorch's grew from (fairseq wraps models in it)
            "fairscale.nn.FullyShardedDataParallel",
            "fairscale.nn.data_parallel.FullyShardedDataParallel",
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
            "lightning.fabric.strategies.DeepSpeedStrategy",
            "lightning_fabric.strategies.DeepSpeedStrategy",
        ),
        packages=("deepspeed",),
        mentions=("deepspeed",),
    ),
    S(
        "accelerate",
        "distributed",
        "Hugging Face Accelerate",
        # What runs processes on several devices; accelerate's big-model loading helpers
        # (init_empty_weights, dispatch_model, set_module_tensor_to_device) and set_seed are not.
        (
            "accelerate.Accelerator",
            "accelerate.accelerator.Accelerator",
            "accelerate.PartialState",
            "accelerate.state",
            "accelerate.notebook_launcher",
            "accelerate.launchers",
            "accelerate.commands",
            "accelerate.DistributedType",
            "accelerate.DeepSpeedPlugin",
            "accelerate.FullyShardedDataParallelPlugin",
            "accelerate.utils.DistributedType",
            "accelerate.utils.DeepSpeedPlugin",
            "accelerate.utils.FullyShardedDataParallelPlugin",
            "accelerate.utils.DistributedDataParallelKwargs",
            "accelerate.utils.InitProcessGroupKwargs",
            "accelerate.utils.gather",
            "accelerate.utils.gather_object",
            "accelerate.utils.broadcast",
            "accelerate.utils.reduce",
            "accelerate.utils.wait_for_everyone",
        ),
        packages=("accelerate",),
    ),
    S(
        "hivemind",
        "distributed",
        "Hivemind (decentralised training and serving over a DHT)",
        (
            "hivemind.DHT",
            "hivemind.dht",
            "hivemind.Optimizer",
            "hivemind.optim",
            "hivemind.moe",
            "hivemind.averaging",
            "hivemind.p2p",
            "hivemind.P2P",
        ),  # fmt: skip
        packages=("hivemind",),
    ),
    S(
        "tf_distribute",
        "distributed",
        "TensorFlow distribution strategies",
        tuple(
            f"{root}.distribute.{cls}"
            # tf.contrib.distribute: the TF 1.x home of the same strategies (MirroredStrategy in TF 1.13)
            for root in (
                "tensorflow",
                "tf",
                "tensorflow.compat.v1",
                "tensorflow.compat.v2",
                "tensorflow.contrib",
            )
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
    # JAX data parallelism: one program replicated over devices, gradients averaged by collectives
    S("jax_pmap", "distributed", "JAX pmap data parallelism", ("jax.pmap", "flax.jax_utils.replicate")),
    # JAX sharding: a device mesh and partitioned arrays (pjit, NamedSharding, shard_map)
    S(
        "jax_sharding",
        "distributed",
        "JAX sharding (pjit / mesh)",
        (
            "jax.experimental.pjit",
            "jax.sharding",
            "jax.experimental.shard_map",
            "jax.experimental.maps.Mesh",
            "jax.experimental.mesh_utils",
            "jax.distributed.initialize",
        ),
    ),
    # MPI: worker processes started by mpirun that exchange gradients or statistics (mpi4py collectives)
    S(
        "mpi",
        "distributed",
        "MPI (mpi4py)",
        tuple(
            f"mpi4py.MPI.COMM_WORLD.{op}"
            for op in (
                "Allreduce",
                "allreduce",
                "Bcast",
                "bcast",
                "Allgather",
                "allgather",
                "Reduce",
                "reduce",
                # master-worker exchange (evolution strategies sending solutions, receiving fitness)
                "Send",
                "send",
                "Recv",
                "recv",
                "Scatter",
                "scatter",
                "Gather",
                "gather",
                # a communicator split into groups (training and test workers), only meaningful across processes
                "Split",
            )
        )
        # the RL libraries' MPI launch helpers: GPUs assigned per rank, the script re-launched under mpirun
        # (an MpiAdam alone also runs in one process)
        + ("baselines.common.mpi_util.setup_mpi_gpus", "spinup.utils.mpi_tools.mpi_fork"),
        mentions=("mpirun", "mpiexec"),
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
    S(
        # a Polyaxonfile whose component runs a Kubeflow training job (`run.kind: tfjob`, pytorchjob,
        # mpijob, ...): Polyaxon starts its replicas (chief, workers, launcher) on the cluster
        "polyaxon_distributed",
        "distributed",
        "Polyaxon distributed jobs (TFJob, PyTorchJob, MPIJob, ...)",
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
    # dataset artifacts only (engine: comet_ml.Artifact of a dataset type, Neptune track_files)
    S("comet_artifacts", "data_versioning", "Comet Artifacts", ()),
    S("neptune_artifacts", "data_versioning", "Neptune file tracking", ()),
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


# -- libraries whose training object trains, evaluates and saves itself ------------------------
@dataclass(frozen=True)
class LearnerAPI:
    """What the methods and arguments of a library's training object mean, as data.

    A fastai notebook never calls ``torch.save`` or writes a loop: ``learn = cnn_learner(data, arch,
    metrics=[accuracy])`` builds the object, ``learn.fit_one_cycle(4)`` trains it (fastai's recorder
    prints a loss/metric table per epoch), ``learn.save('stage-1')`` writes its weights to
    ``models/stage-1.pth`` under the data path and ``learn.load('stage-1')`` reads them back. Read
    by the parser (star-import names, saves as checkpoint writes), detection (training, splits) and
    the rules (evaluation metrics, best-model callbacks, seeds, fixes in the library's own idiom).
    """

    library: str  # import root
    label: str
    # Modules a star import of the library re-exports under short names (`np`, `torch`, `F`).
    reexports: tuple[tuple[str, str], ...]
    # The library's own names a star import binds, resolved under the star-imported module.
    names: frozenset
    constructors: frozenset  # calls that return the training object (last name segment)
    train: frozenset  # its methods that train it
    distinctive_train: frozenset  # training methods no other library's objects have (any receiver)
    save: frozenset  # methods that write its weights: <model_dir>/<name>.pth
    export: frozenset  # methods that write the whole object for inference (export.pkl)
    load: frozenset  # methods that read saved weights back into it
    model_dir: str
    export_file: str
    metrics_kw: str  # the constructor keyword naming the metrics computed on the validation set
    # Callbacks: (class name, what it does); given by name in callback_fns=[...] or called in cbs=...
    metric_loggers: frozenset  # write the per-epoch table to a CSV file (history.csv)
    best_savers: frozenset  # save the model whenever the monitored metric improves
    # Random train/validation splits and the keyword that seeds them.
    splitters: tuple[tuple[str, str], ...]
    # Data factories that split off valid_pct of the items at random (seeded by `seed=`).
    split_factories: frozenset
    v2_modules: tuple[str, ...]  # import prefixes only the second major version has
    v2_names: frozenset  # names only the second major version has


# Learners and their factories (v0.7, v1, v2): names a star import binds, and calls returning a learner.
_FASTAI_LEARNERS = frozenset(
    {
        "Learner", "ConvLearner", "RNN_Learner", "RNNLearner", "create_cnn", "cnn_learner", "vision_learner",
        "unet_learner", "tabular_learner", "text_classifier_learner", "language_model_learner",
        "collab_learner", "load_learner",
    }
)  # fmt: skip

FASTAI = LearnerAPI(
    library="fastai",
    label="fastai",
    reexports=(
        ("np", "numpy"),
        ("pd", "pandas"),
        ("torch", "torch"),
        ("nn", "torch.nn"),
        ("F", "torch.nn.functional"),
        ("optim", "torch.optim"),
        ("plt", "matplotlib.pyplot"),
        ("random", "random"),
        ("math", "math"),
        ("os", "os"),
        ("re", "re"),
        ("json", "json"),
        ("pickle", "pickle"),
    ),
    names=_FASTAI_LEARNERS
    | frozenset(
        {
            # callbacks, seeding, metrics
            "CSVLogger",
            "SaveModelCallback",
            "EarlyStoppingCallback",
            "set_seed",
            "accuracy",
            "error_rate",
            "top_k_accuracy",
            # data: item lists and loaders whose methods split the data
            "ImageItemList",
            "ImageList",
            "ItemList",
            "TabularList",
            "TextList",
            "SegmentationItemList",
            "ObjectItemList",
            "ImageDataBunch",
            "TextDataBunch",
            "TabularDataBunch",
            "ImageDataLoaders",
            "TextDataLoaders",
            "TabularDataLoaders",
            "SegmentationDataLoaders",
            "DataBlock",
            "RandomSplitter",
            "TrainTestSplitter",
        }
    ),  # fmt: skip
    constructors=_FASTAI_LEARNERS
    | frozenset({"get_learner", "pretrained", "from_model_data", "classifier", "language_model"}),
    train=frozenset({"fit", "fit_one_cycle", "fine_tune", "fit_flat_cos", "fit_sgdr", "fit_fc"}),
    distinctive_train=frozenset({"fit_one_cycle", "fine_tune", "fit_flat_cos", "fit_sgdr"}),
    save=frozenset({"save"}),
    export=frozenset({"export"}),
    load=frozenset({"load"}),
    model_dir="models",
    export_file="export.pkl",
    metrics_kw="metrics",
    metric_loggers=frozenset({"CSVLogger"}),
    best_savers=frozenset({"SaveModelCallback"}),
    splitters=(
        ("random_split_by_pct", "seed"),  # v1 before 1.0.47
        ("split_by_rand_pct", "seed"),  # v1
        ("RandomSplitter", "seed"),  # v2
        ("TrainTestSplitter", "random_state"),  # v2, scikit-learn's split underneath
    ),
    split_factories=frozenset(
        {
            "from_folder",
            "from_df",
            "from_csv",
            "from_name_re",
            "from_name_func",
            "from_path_re",
            "from_path_func",
            "from_lists",
            "from_paths",
            "from_dsets",
        }
    ),  # fmt: skip
    v2_modules=(
        "fastai.callback.",
        "fastai.learner",
        "fastai.data.",
        "fastai.vision.all",
        "fastai.text.all",
        "fastai.tabular.all",
        "fastai.collab.all",
        "fastai.medical.",
        "fastai.distributed",
    ),  # fmt: skip
    v2_names=frozenset(
        {
            "vision_learner",
            "fine_tune",
            "fit_flat_cos",
            "DataBlock",
            "ImageDataLoaders",
            "TextDataLoaders",
            "TabularDataLoaders",
            "RandomSplitter",
            "cbs",
        }
    ),  # fmt: skip
)
LEARNER_APIS: tuple[LearnerAPI, ...] = (FASTAI,)


# Keras callbacks the rules read by name (best-model selection, logging, resume, early stopping).
_KERAS_CALLBACKS = ("ModelCheckpoint", "EarlyStopping", "TensorBoard", "CSVLogger", "ReduceLROnPlateau",
                    "LearningRateScheduler", "BackupAndRestore", "ProgbarLogger", "RemoteMonitor")  # fmt: skip
_KERAS_CALLBACK_MODULES = (
    "tensorflow.keras.callbacks",
    "keras.callbacks",
    "tensorflow.python.keras.callbacks",
)


def star_names(module: str) -> dict[str, str]:
    """The names ``from module import *`` binds that matter here (the library's learners, callbacks and
    the modules it re-exports; Keras's callbacks; the classes and functions the tool signatures name
    directly under the module), each with the dotted name it resolves to; {} for other modules."""
    root = module.split(".", 1)[0]
    for api in LEARNER_APIS:
        if root == api.library:
            out = dict(api.reexports)
            out.update({n: f"{module}.{n}" for n in api.names})
            return out
    out = {n: f"{module}.{n}" for n in _KERAS_CALLBACKS} if module in _KERAS_CALLBACK_MODULES else {}
    if module == "tensorpack":
        out |= {n: f"tensorpack.{n}" for n in _TENSORPACK_NAMES}
    return out | _signature_names(module)


# What `from tensorpack import *` binds that matters here: its trainer entry, configs, logger and callbacks
_TENSORPACK_NAMES = (
    "launch_train_with_config",
    "TrainConfig",
    "AutoResumeTrainConfig",
    "logger",
    "ModelSaver",
    "MinSaver",
    "MaxSaver",
    "PeriodicCallback",
    "GPUMemoryTracker",
    "HostMemoryTracker",
    "ThroughputTracker",
    "GPUUtilizationTracker",
    "EstimatedTimeLeft",
)


@functools.lru_cache(maxsize=256)
def _signature_names(module: str) -> dict[str, str]:
    out = {}
    for sig in SIGNATURES:
        for prefix in sig.code:
            rest = prefix[len(module) + 1 :] if prefix.startswith(module + ".") else ""
            if rest and rest.isidentifier():
                out[rest] = prefix
    return out


def learner_api(name: str) -> LearnerAPI | None:
    root = name.split(".", 1)[0]
    return next((api for api in LEARNER_APIS if api.library == root), None)


def learner_role(name: str) -> str:
    """What a resolved call does to a library's training object: 'build' (a constructor), 'train',
    'save', 'export' or 'load' (a method called on what a constructor returned, through methods that
    return the object: ``fastai.vision.Learner().clip_grad().save``); '' for anything else
    (``Learner().model.eval``, ``Learner().recorder.plot``)."""
    api = learner_api(name)
    if api is None:
        return ""
    head, sep, rest = name.partition("()")
    if not sep:
        return "build" if _constructor(api, head) else ""
    receiver, _, method = name.rpartition(".")
    if not learner_object(receiver):
        return ""
    if method in api.train:
        return "train"
    if method in api.save:
        return "save"
    if method in api.export:
        return "export"
    if method in api.load:
        return "load"
    return ""


def learner_object(expr: str) -> bool:
    """``expr`` (a resolved name) is a library's training object: what a constructor returned,
    through methods that return the object (``fastai.vision.Learner().clip_grad()``), not one of its
    attributes (``Learner().model``, ``Learner().recorder``)."""
    api = learner_api(expr)
    if api is None:
        return False
    head, sep, rest = expr.partition("()")
    if not sep or not _constructor(api, head):
        return False
    return all(seg.endswith("()") and "." not in seg[:-2] for seg in rest[1:].split(".") if rest) and (
        not rest or rest.startswith(".")
    )


def _constructor(api: LearnerAPI, head: str) -> bool:
    last = head.rsplit(".", 1)[-1]
    if last not in api.constructors:
        return False
    # pretrained/classifier/from_model_data are constructors only as ConvLearner./RNNLearner. classmethods.
    return (
        last[0].isupper()
        or "_" in last
        or head.rsplit(".", 2)[-2:-1]
        in (
            ["ConvLearner"],
            ["RNNLearner"],
            ["RNN_Learner"],
        )
    )
