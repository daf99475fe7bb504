"""Training commands of frameworks that read the project's configuration and write the run's record
themselves: `allennlp train config.json -s out/`, `fairseq-train data-bin --save-dir ckpt/`,
`spacy train config.cfg --output out/`. A script of the project that runs one is a training entry point,
and what the framework writes into the run's directory is that run's record, though no line of the
project's Python writes it."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from ..model import Evidence


@dataclass(frozen=True)
class FrameworkCli:
    name: str
    command: re.Pattern  # the command, at the start of a command line of a script
    out_dir: re.Pattern  # the option naming the run's directory (group 1), if given
    default_dir: str  # where the framework writes without it ('' when the option is required)
    # (role, file in the run's directory, the whole configuration?, what the framework writes there)
    writes: tuple[tuple[str, str, bool, str], ...]
    resume: str  # how a run is continued: an option, or '' when the framework continues on its own
    tracker: str = ""  # the tracker it writes to by default (its detection key), '' for none
    # the generators it seeds at the start of every run, from its configuration or its own default seed
    seeds: tuple[str, ...] = ()
    seed_how: str = ""
    # Python calls that start the framework's training from a project module (BasicSR's
    # `train_pipeline(root_path)` reading `-opt options/x.yml`), beside or instead of a command
    calls: tuple[str, ...] = ()
    keeping: str = ""  # how the run's directory varies between runs, when the framework decides it
    # a configuration key that must be true in one of the project's config files for `tracker` to be used
    tracker_key: str = ""
    # trackers the framework writes to when a key of the option files names their project (BasicSR's
    # `logger.wandb.project`): (detection key, config key); used where a file sets it, optional where the
    # files carry the key but leave it empty
    optional_trackers: tuple[tuple[str, str], ...] = ()
    # a launch option that makes the framework train with DistributedDataParallel (`--launcher pytorch`)
    ddp_launch: re.Pattern | None = None
    # what the framework logs on its own at every run: (kind, what); kinds "timing" (ET303),
    # "environment" (ET213)
    logs: tuple[tuple[str, str], ...] = ()
    # what a key of the option files makes the framework do: (kind, key, what); the key given a true value
    # (a mapping: given at all) turns it on. Kinds: "artifacts" (ET311), "evaluation" (ET302).
    config_facts: tuple[tuple[str, str, str], ...] = ()
    # trackers an option of the command turns on (fairseq's `--tensorboard-logdir DIR`): (detection key,
    # the option with the directory the tracker writes into as group 1, what the framework writes there)
    option_trackers: tuple[tuple[str, re.Pattern, str], ...] = ()
    # an option that makes every launch load another file than the run's last checkpoint (fairseq's
    # `--restore-file pretrained/model.pt`): a relaunch starts over from it, the run is not continued
    restarts: re.Pattern | None = None
    # False when the framework keeps no checkpoint on disk by default (jaxline's in-memory checkpointer):
    # a run that stops cannot be continued
    resumable: bool = True
    # calls that start the framework's training where the project keeps its own copy of the launcher
    # (mmdet_custom/apis/train.py's train_detector): matched on the end of the call's name
    call_pattern: re.Pattern | None = None
    # loggers a `dict(type=...)` of the project's Python configs turns on (OpenMMLab's log_config hooks,
    # mmengine's vis_backends): (detection key, the type's name, what the framework writes through it)
    hooks: tuple[tuple[str, str, str], ...] = ()


_PY = r"python[\d.]*\s+(?:-\w+\s+)*-m\s+"
CLIS = (
    FrameworkCli(
        "AllenNLP",
        re.compile(rf"(?:\ballennlp\s+train|\b{_PY}allennlp\.run\s+train)\b"),
        re.compile(r"(?:\s-s|--serialization[-_]dir)[\s=]+(\S+)"),
        "",
        (
            ("config", "config.json", True, "AllenNLP writes the run's resolved configuration"),
            ("metrics", "metrics_epoch_{epoch}.json", False, "AllenNLP writes each epoch's metrics"),
            ("metrics", "log", False, "AllenNLP's trainer writes TensorBoard logs of the run"),
            ("checkpoint", "best.th", False, "AllenNLP keeps the best and the latest model state"),
        ),
        "--recover",
        "tensorboard",
        ("random", "numpy", "torch"),
        "random_seed, numpy_seed, pytorch_seed of its configuration (13370, 1337, 133 when it gives none)",
    ),
    FrameworkCli(
        "fairseq",
        re.compile(rf"(?:\bfairseq-train|\b{_PY}fairseq_cli\.train)\b"),
        re.compile(r"--save-dir[\s=]+(\S+)"),
        "checkpoints",
        (
            (
                "config",
                "checkpoint_last.pt",
                True,
                "fairseq saves the run's configuration in every checkpoint",
            ),
            ("checkpoint", "checkpoint_best.pt", False, "fairseq keeps the best and the last checkpoint"),
        ),
        "",
        "",
        ("random", "numpy", "torch"),
        "--seed (1 when none is given)",
        # (only with more than one process: --ddp-backend names the implementation, launching nothing)
        ddp_launch=re.compile(r"--distributed-world-size[\s=]+(?!1\b)\d"),
        # (`$SAVE/checkpoint_last.pt`, the run's own last checkpoint, is the resume itself)
        restarts=re.compile(r"--restore-file[\s=]+[\"']?(?!\S*checkpoint_last[^\s/]*\.pt)\S"),
        option_trackers=(
            (
                "tensorboard",
                re.compile(r"--tensorboard-logdir[\s=]+(\S+)"),
                "fairseq writes the run's training and validation metrics as TensorBoard logs",
            ),
        ),
    ),
    FrameworkCli(
        "spaCy",
        re.compile(rf"(?:\bspacy\s+train|\b{_PY}spacy\s+train)\b"),
        re.compile(r"(?:\s-o|--output(?:-path)?)[\s=]+(\S+)"),
        "",
        (
            ("config", "model-last/config.cfg", True, "spaCy saves the run's configuration with the model"),
            ("metrics", "model-last/meta.json", False, "spaCy writes the scores in the model's meta.json"),
            ("checkpoint", "model-best", False, "spaCy keeps the best and the last model"),
        ),
        "",
        "",
        ("random", "numpy", "torch"),
        "[system] seed of its configuration (0 by default)",
    ),
    FrameworkCli(
        "BasicSR",
        re.compile(rf"\b{_PY}basicsr\.train\b|\bbasicsr/train\.py\b"),
        re.compile(r"(?!x)x"),  # the directory comes from the option file's `name`
        "experiments/{name}",
        (
            (
                "config",
                "{name}.yml",
                True,
                "BasicSR copies the option file into the run's folder and logs every resolved option",
            ),
            (
                "metrics",
                "train_{name}_{time}.log",
                False,
                "BasicSR logs losses, learning rate and timing every print_freq iterations",
            ),
            (
                "checkpoint",
                "models/net_g_{iter}.pth",
                False,
                "BasicSR saves the networks and training states every save_checkpoint_freq iterations",
            ),
        ),
        "--auto_resume",
        "tensorboard",
        ("random", "numpy", "torch"),
        "manual_seed of its option file (a random seed, logged, when it gives none)",
        calls=("basicsr.train.train_pipeline",),
        keeping="archived",
        tracker_key="logger.use_tb_logger",
        optional_trackers=(("wandb", "logger.wandb.project"),),
        ddp_launch=re.compile(r"--launcher[\s=]+(?:pytorch|slurm)\b"),
        logs=(
            (
                "timing",
                "BasicSR's MessageLogger logs iteration time, data time and the ETA every print_freq iterations",
            ),
            (
                "environment",
                "BasicSR logs the PyTorch, TorchVision and BasicSR versions at the start of every run",
            ),
        ),
        config_facts=(
            (
                "artifacts",
                "val.save_img",
                "BasicSR saves the validation images into the run's visualization folder",
            ),
            (
                "evaluation",
                "val.metrics",
                "BasicSR computes the validation metrics the options list, logs them and keeps the best",
            ),
        ),
    ),
    FrameworkCli(
        "rl_games",
        re.compile(r"(?!x)x"),  # started from Python: Runner().run({'train': True, ...})
        re.compile(r"(?!x)x"),  # train_dir and the config's `name` choose the directory
        "runs/{name}_{time}",
        (
            ("metrics", "summaries", False, "rl_games writes the run's TensorBoard summaries"),
            (
                "checkpoint",
                "nn/{name}.pth",
                False,
                "rl_games keeps the best checkpoint by reward and the last ones of the run",
            ),
        ),
        "checkpoint=",
        "tensorboard",
        ("random", "numpy", "torch"),
        "params.seed of its configuration (the current time when none is given)",
        calls=("rl_games.torch_runner.Runner",),
        keeping="time",
    ),
    FrameworkCli(
        "jaxline",
        re.compile(r"(?!x)x"),  # started from Python: app.run(functools.partial(platform.main, Experiment))
        re.compile(r"(?!x)x"),  # the config's checkpoint_dir names the directory
        "{config.checkpoint_dir}",
        (
            (
                "metrics",
                "train",
                False,
                "jaxline's TensorBoardLogger writes the scalars the experiment's step returns as TensorBoard "
                "summaries",
            ),
        ),
        "",
        "tensorboard",
        ("jax",),
        "config.random_seed (42 in jaxline's base config)",
        calls=("jaxline.platform.main",),
        # (event files named per run, but all in config.checkpoint_dir: one folder unless a run changes it)
        resumable=False,
        logs=(("timing", "jaxline adds steps_per_sec to every set of scalars it writes"),),
    ),
    FrameworkCli(
        "Mesh TensorFlow",
        re.compile(r"(?!x)x"),  # started from Python: T5's mesh_transformer_main calls utils.run(...)
        re.compile(r"(?!x)x"),  # --model_dir names the directory
        "{model_dir}",
        (
            (
                "config",
                "operative_config.gin",
                True,
                "Mesh TensorFlow's training writes every gin binding the run used, defaults included",
            ),
            ("metrics", "events.out.tfevents", False, "the TF Estimator writes the training summaries"),
            ("checkpoint", "model.ckpt-{step}", False, "the TF Estimator keeps the run's latest checkpoints"),
        ),
        "",
        "tensorboard",
        calls=("mesh_tensorflow.transformer.utils.run",),
    ),
    FrameworkCli(
        # OpenMMLab 1.x (mmdet 2, mmseg 0.x, mmpose 0.x, ... on mmcv's runner): the project's train script
        # hands the config to the library's launcher, whose runner writes every run into cfg.work_dir
        "OpenMMLab",
        re.compile(r"(?!x)x"),  # started from Python: train_detector(model, datasets, cfg, ...)
        re.compile(r"(?!x)x"),  # cfg.work_dir (./work_dirs/<config name> unless --work-dir) names it
        "{cfg.work_dir}",
        (
            (
                "metrics",
                "{timestamp}.log.json",
                False,
                "the runner's TextLoggerHook writes loss, learning rate, iteration time, data time and GPU "
                "memory every logging interval into a log named by the run's start time",
            ),
            (
                "checkpoint",
                "latest.pth",
                False,
                "the runner's CheckpointHook saves a checkpoint every interval of the checkpoint_config",
            ),
        ),
        "--resume-from",
        "",
        calls=(
            "mmdet.apis.train_detector",
            "mmseg.apis.train_segmentor",
            "mmdet3d.apis.train_model",
            "mmcls.apis.train_model",
            "mmpose.apis.train_model",
            "mmaction.apis.train_model",
            "mmrotate.apis.train_detector",
            # the project's copy of train_detector building mmcv's runner itself (apis/mmdet_train.py's
            # build_runner(cfg.runner, ...) then register_training_hooks(..., cfg.checkpoint_config, ...))
            "mmcv.runner.build_runner",
        ),
        call_pattern=re.compile(r"(^|\.)apis(\.train)?\.(train_detector|train_segmentor|train_model)$"),
        ddp_launch=re.compile(r"--launcher[\s=]+(?:pytorch|slurm|mpi)\b"),
        logs=(("timing", "the runner's TextLoggerHook logs iteration time, data time and GPU memory"),),
        hooks=(
            (
                "custom_logging",
                "TextLoggerHook",
                "the runner writes the run's log as JSON lines into work_dir",
            ),
            ("custom_logging", "LocalVisBackend", "the runner writes the run's scalars into work_dir"),
            ("tensorboard", "TensorboardLoggerHook", "the runner writes TensorBoard events into work_dir"),
            ("tensorboard", "TensorboardVisBackend", "the runner writes TensorBoard events into work_dir"),
            ("wandb", "WandbLoggerHook", "the runner logs the run to W&B"),
            ("wandb", "WandbVisBackend", "the runner logs the run to W&B"),
            ("mlflow", "MlflowLoggerHook", "the runner logs the run to MLflow"),
            ("mlflow", "MLflowVisBackend", "the runner logs the run to MLflow"),
            ("neptune", "NeptuneLoggerHook", "the runner logs the run to Neptune"),
            ("dvclive", "DvcliveLoggerHook", "the runner logs the run with DVCLive"),
            ("clearml", "ClearMLLoggerHook", "the runner logs the run to ClearML"),
        ),
    ),
    FrameworkCli(
        # OpenMMLab 2.x (mmdet 3, mmseg 1, mmpretrain, ...): mmengine's Runner built from the config keeps
        # each run in a timestamped folder of cfg.work_dir, the config it ran with included
        "OpenMMLab (mmengine)",
        re.compile(r"(?!x)x"),
        re.compile(r"(?!x)x"),
        "{cfg.work_dir}",
        (
            (
                "config",
                "{timestamp}/vis_data/config.py",
                True,
                "mmengine's Runner saves the run's whole config",
            ),
            (
                "metrics",
                "{timestamp}/vis_data/scalars.json",
                False,
                "mmengine's LoggerHook and LocalVisBackend write loss, learning rate, time, data time and memory",
            ),
            (
                "checkpoint",
                "epoch_{n}.pth",
                False,
                "mmengine's CheckpointHook saves a checkpoint every interval and names the last one in "
                "last_checkpoint",
            ),
        ),
        "--resume",
        "",
        calls=("mmengine.runner.Runner.from_cfg", "mmengine.runner.Runner"),
        ddp_launch=re.compile(r"--launcher[\s=]+(?:pytorch|slurm|mpi)\b"),
        logs=(("timing", "mmengine's LoggerHook logs iteration time, data time and GPU memory"),),
        hooks=(
            ("custom_logging", "LoggerHook", "mmengine writes the run's log and scalars into work_dir"),
            ("custom_logging", "LocalVisBackend", "mmengine writes the run's scalars into work_dir"),
            ("tensorboard", "TensorboardVisBackend", "mmengine writes TensorBoard events into work_dir"),
            ("wandb", "WandbVisBackend", "mmengine logs the run to W&B"),
            ("mlflow", "MLflowVisBackend", "mmengine logs the run to MLflow"),
            ("clearml", "ClearMLVisBackend", "mmengine logs the run to ClearML"),
            ("neptune", "NeptuneVisBackend", "mmengine logs the run to Neptune"),
            ("dvclive", "DVCLiveVisBackend", "mmengine logs the run with DVCLive"),
        ),
    ),
)
# The packages of OpenMMLab: a launcher matched by its name alone (apis.train_model) is theirs only where
# the project imports one of them
OPENMMLAB_PACKAGES = re.compile(
    r"^(mmcv|mmengine|mmdet\w*|mmseg|mmpose|mmcls|mmpretrain|mmaction|mmocr|mmrotate|mmedit|mmagic|mmtrack)$"
)
_SCRIPT = re.compile(r"(^|/)([^/]+\.(sh|bash|slurm|sbatch|job)|makefile|gnumakefile)$", re.I)


@dataclass(frozen=True)
class CliRun:
    cli: FrameworkCli
    evidence: Evidence  # the command line in the script
    out_dir: str  # the run's directory as written ('' when the framework's default is used)
    command: str = ""  # the whole command, its continuation lines joined


def framework_runs(index) -> list[CliRun]:
    """The framework training commands in the project's scripts, in path order (read once per index)."""
    from ..index.build import per_index
    from .engine import CORE, scope_of

    # (read outside the cache: a library's example folders become its own code once detection finds
    # its training there)
    return [
        r
        for r in per_index(index, "_et_framework_runs", _framework_runs)
        if scope_of(r.evidence.path) == CORE
    ]


def _framework_runs(index) -> list[CliRun]:
    from .engine import TEST, scope_of

    out = []
    for path, text in sorted(index.texts.items()):
        if not _SCRIPT.search(path) or scope_of(path) == TEST:
            continue
        for cli in CLIS:
            for m in cli.command.finditer(text):
                start = text.rfind("\n", 0, m.start()) + 1
                if text[start : m.start()].lstrip().startswith("#"):
                    continue  # a commented-out command
                line_text = _with_script_values(text[: m.start()], _command(text, m.start()))
                d = cli.out_dir.search(line_text)
                line = text.count("\n", 0, m.start()) + 1
                out.append(
                    CliRun(
                        cli,
                        Evidence(path, line, f"runs {cli.name}'s training command"),
                        d.group(1).strip("'\"") if d else cli.default_dir,
                        line_text,
                    )
                )
                break
    wanted = {c: cli for cli in CLIS for c in cli.calls}
    patterned = [cli for cli in CLIS if cli.call_pattern is not None]
    if patterned and not any(
        OPENMMLAB_PACKAGES.match(i.module.split(".", 1)[0]) for m in index.modules.values() for i in m.imports
    ):
        patterned = []
    for path, m in sorted(index.modules.items()):
        if scope_of(path) == TEST:
            continue
        for c in m.calls:
            cli = wanted.get(_started(c)) or next(
                (x for x in patterned if x.call_pattern.search(_started(c))), None
            )
            mode = c.kw("mode")
            if cli is not None and isinstance(mode, str) and "train" not in mode:
                continue  # utils.run(..., mode="infer"): the framework decodes or scores, it trains nothing
            if cli is not None and c.has_kw("checkpointer_factory"):
                # jaxline handed a checkpointer of the project's (one that writes to disk): the run's
                # checkpoints are kept, and a restarted job restores the latest
                cli = dataclasses.replace(
                    cli,
                    writes=(
                        *cli.writes,
                        (
                            "checkpoint",
                            "checkpoints",
                            False,
                            f"the checkpointer the project hands {cli.name} keeps the run's state",
                        ),
                    ),
                    resumable=True,
                )
            if cli is not None:
                out.append(
                    CliRun(
                        cli,
                        Evidence(path, c.line, f"runs {cli.name}'s training pipeline", c.cell),
                        cli.default_dir,
                    )
                )
                break
    return out


def _started(c) -> str:
    """The function a call starts: its own name, or the one it hands on to be run
    (``app.run(functools.partial(platform.main, Experiment))`` starts jaxline's ``platform.main``, the
    argument's name as the module's imports resolve it)."""
    if c.name.endswith(("functools.partial", "absl.app.run")) and c.args:
        return getattr(c.args[0], "text", "") or c.name
    return c.name


def _command(text: str, start: int) -> str:
    """The command starting at ``start``, through the lines a trailing backslash continues: a long
    `fairseq-train data-bin \\` puts `--save-dir` on a line of its own."""
    end = start
    while True:
        nl = text.find("\n", end)
        if nl < 0:
            return text[start:]
        if not text[end:nl].rstrip(" \t\r").endswith("\\"):  # the line alone: no copy of what precedes it
            return text[start:nl]
        end = nl + 1


# NAME=bart_large or export SAVE="checkpoints/wmt": a literal value the script gives a variable
_SCRIPT_VALUE = re.compile(r"^[ \t]*(?:export[ \t]+)?([A-Za-z_]\w*)=([\"']?)([^\s\"'$`;&|]+)\2[ \t]*$", re.M)


def _with_script_values(before: str, command: str) -> str:
    """The command with the variables the script set to a literal above it written out (`$NAME` after
    `NAME=bart_large` is that one folder for every run, not a name each run is given)."""
    values = {m.group(1): m.group(3) for m in _SCRIPT_VALUE.finditer(before)}
    if not values:
        return command
    return re.sub(r"\$\{?([A-Za-z_]\w*)\}?", lambda v: values.get(v.group(1), v.group(0)), command)


def keeping_of(directory: str) -> str:
    """How the run's directory varies between runs, from how the script writes it: a date or time in it
    is per run; a variable or the script's arguments (`$@`, `$OUT`) is what the caller gives."""
    if re.search(r"\$\((date|uuidgen)|\$\{?(DATE|TIME|TIMESTAMP|NOW|RANDOM)\b", directory, re.I):
        return "time"
    # ... or, for a framework started from Python, the option its default names (`{model_dir}`)
    if "$" in directory or "%" in directory or "{" in directory:
        return "user_dir"
    return "fixed"


def cli_detections(ctx) -> list:
    """What a framework's training command runs with, where the project's own code shows no use of it:
    the tracker it writes to by default (AllenNLP's TensorBoard logs in the serialization directory), a
    tracker its option files switch on, or configure and leave off (BasicSR's `wandb.project: ~`:
    configured, optional), and DDP its documented launch starts (`--launcher pytorch`)."""
    from ..model import CONFIGURED, OPTIONAL, USED, Detection
    from .signatures import BY_KEY

    out = []
    for run in framework_runs(ctx.index):
        tool = run.cli.tracker
        if not tool or ctx.has(tool, "tracking") or any(d.tool == tool for d in out):
            continue
        if run.cli.tracker_key and not any(
            k == run.cli.tracker_key and v is True
            for doc in ctx.index.configs.values()
            for k, v, _ in doc.entries
        ):
            continue  # the option files leave the framework's tracker off
        sig = BY_KEY.get((tool, "tracking"))
        out.append(
            _run_tracker(
                tool, run, f"{run.cli.name}'s trainer writes {sig.label if sig else tool} logs of the run"
            )
        )
    for cli, _run in _one_run_each(ctx.index):
        for tool, ev in configured_hooks(ctx.index, cli):
            if not ctx.has(tool, "tracking") and not any(d.tool == tool for d in out):
                sig = BY_KEY.get((tool, "tracking"))
                out.append(Detection(tool, "tracking", CONFIGURED, "core", [ev], sig.label if sig else tool))
    for run in framework_runs(ctx.index):
        for tool, option, what in run.cli.option_trackers:
            m = option.search(run.command)
            if m is None or ctx.has(tool, "tracking") or any(d.tool == tool for d in out):
                continue
            out.append(_run_tracker(tool, run, f"{what} (`{' '.join(m.group(0).split())}`)"))
    for cli, _run in _one_run_each(ctx.index):
        for tool, key in cli.optional_trackers:
            if ctx.has(tool, "tracking") or any(d.tool == tool for d in out):
                continue
            entries = [
                (path, line, v)
                for path, doc in sorted(ctx.index.configs.items())
                for k, v, line in doc.entries
                if k == key
            ]
            if not entries:
                continue
            on = [x for x in entries if x[2] not in (None, "", False)]
            path, line, v = (on or entries)[0]
            sig = BY_KEY.get((tool, "tracking"))
            label = sig.label if sig else tool
            what = f"{key}: {v}" if on else f"{key} empty: {cli.name} logs to {label} once it names a project"
            out.append(
                Detection(
                    tool,
                    "tracking",
                    USED if on else CONFIGURED,
                    "core" if on else OPTIONAL,
                    [Evidence(path, line, what)],
                    label,
                )
            )
        if cli.ddp_launch is not None and not ctx.has("ddp", "distributed"):
            launch = _launch_line(ctx.index, cli.ddp_launch)
            if launch is not None:
                sig = BY_KEY.get(("ddp", "distributed"))
                path, line, text = launch
                out.append(
                    Detection(
                        "ddp",
                        "distributed",
                        USED,
                        "core",
                        [Evidence(path, line, f"{text}: {cli.name} trains with DistributedDataParallel")],
                        sig.label if sig else "ddp",
                    )
                )
    return out


def configured_hooks(index, cli: FrameworkCli) -> list[tuple[str, Evidence]]:
    """(detection key, evidence) of each logger of ``cli.hooks`` that a `dict(type=...)` in the project's
    Python modules names (a commented-out hook is no call: not configured)."""
    if not cli.hooks:
        return []
    from ..index.python_facts import Dyn
    from .engine import CORE, scope_of

    types = {name: (tool, what) for tool, name, what in cli.hooks}
    out: list[tuple[str, Evidence]] = []
    seen: set[str] = set()
    for path, m in sorted(index.modules.items()):
        if scope_of(path) != CORE:
            continue  # a hook a unit test builds configures no run
        for c in m.calls:
            kind = c.kw("type") if c.name == "dict" else None
            # mmengine's new-style configs name the class itself: dict(type=LoggerHook)
            kind = kind.text.rsplit(".", 1)[-1] if isinstance(kind, Dyn) else kind
            if isinstance(kind, str) and kind in types and kind not in seen:
                seen.add(kind)
                tool, what = types[kind]
                out.append((tool, Evidence(path, c.line, f"{kind}: {what}", c.cell)))
    return out


def _run_tracker(tool: str, run: CliRun, detail: str):
    """The tracker a framework's training command writes every run to, at the command."""
    from ..model import USED, Detection
    from .signatures import BY_KEY

    sig = BY_KEY.get((tool, "tracking"))
    e = run.evidence
    return Detection(
        tool, "tracking", USED, "core", [Evidence(e.path, e.line, detail, e.cell)], sig.label if sig else tool
    )


def _launch_line(index, pattern: re.Pattern):
    """(path, line, option) of the first command in the project's scripts or documentation that passes
    the launch option."""
    for path, text in sorted(index.texts.items()):
        low = path.lower()
        if not (_SCRIPT.search(path) or low.endswith((".md", ".rst", ".txt"))):
            continue
        m = pattern.search(text)
        if m is not None:
            return path, text.count("\n", 0, m.start()) + 1, m.group(0)
    return None


def cli_seeds(index) -> tuple[set[str], list[Evidence]]:
    """The generators the frameworks' training commands seed at the start of every run, and where."""
    seeded: set[str] = set()
    where = []
    for run in framework_runs(index):
        if run.cli.seeds:
            seeded.update(run.cli.seeds)
            e = run.evidence
            where.append(
                Evidence(
                    e.path,
                    e.line,
                    f"{run.cli.name} seeds {', '.join(run.cli.seeds)} from {run.cli.seed_how}",
                    e.cell,
                )
            )
    return seeded, where


def _one_run_each(index) -> list[tuple[FrameworkCli, CliRun]]:
    """Each framework the project runs, with the first of its runs."""
    first: dict[str, tuple[FrameworkCli, CliRun]] = {}
    for run in framework_runs(index):
        first.setdefault(run.cli.name, (run.cli, run))
    return list(first.values())


def framework_facts(ctx, kind: str) -> list[Evidence]:
    """What the frameworks whose training the project runs do on their own: a kind of ``logs`` (at the
    command or call that starts them), or of ``config_facts`` where an option file turns it on."""
    out: list[Evidence] = []
    for cli, run in _one_run_each(ctx.index):
        out += [
            Evidence(run.evidence.path, run.evidence.line, what, run.evidence.cell)
            for k, what in cli.logs
            if k == kind
        ]
        for fact_kind, key, what in cli.config_facts:
            if fact_kind != kind:
                continue
            for path, doc in sorted(ctx.index.configs.items()):
                hit = next(
                    (
                        line
                        for k, v, line in doc.entries
                        if (k == key and v not in (None, False, "", 0)) or k.startswith(key + ".")
                    ),
                    None,
                )
                if hit is not None:
                    out.append(Evidence(path, hit, f"{key}: {what}"))
                    break
    return out
