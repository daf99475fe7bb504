"""Run records: what each training path writes per run, whoever writes it.

Much research code is its own tracker: the resolved options are dumped into an output directory,
a metrics stream is appended per step, checkpoints land beside them and ``--resume`` reloads
them. This stage reads the write facts of the index (``index/writes.py``) and classifies each
write by meaning — the options of the run, a metrics stream, a checkpoint — and by whether its
path is kept per run (timestamped, numbered, named from the run's arguments) or overwritten.
Rules read this record exactly as they read a tracker's calls.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from .detect.engine import (
    BASELINES_CONFIGURE,
    BASELINES_KVS,
    DATA_DIRS,
    as_baselines_logger,
    baselines_logger_copies,
    copies_logged,
    copy_configured_with_dir,
    module_named,
    scope_of,
)
from .detect.signatures import learner_api
from .index.python_facts import _SCHEDULE, Dyn, extends, in_spans, is_blank_write, text_written
from .index.writes import AUTO_DELETED as _w_AUTO_DELETED
from .index.writes import SELF_MARK, SERIALISERS, STEP, TF_CHECKPOINT_DIRS
from .inventory import is_shell_script
from .model import Evidence
from .option_classes import option_classes, self_marks, whole_self

# What an object is, judged from the names it is built from (data flow, not the file's name).
_CONFIG_ROOTS = re.compile(
    # an estimator's get_params(): the arguments it was built with (scikit-learn's API; pytorch-tabnet's
    # save_model writes them to model_params.json beside the weights), not the run's other settings
    r"(parse_args\(\)|parse_known_args\(\)|FLAGS|flags\.|HfArgumentParser|OmegaConf|DictConfig|\bget_params\(\)|"
    # variant: the experiment dict of rllab, rlkit and garage launchers
    # options_dict = {"model_class": ..., "model_params": ...}: the options gathered in a dict
    # (vars(args): the namespace handed to vars())
    r"(^|[\s._(])(args|opts?|options|cfg|config|conf|hparams|hyperparams|flags|hps|variant)(_dict)?(\b|$))",
    re.I,
)
_WHOLE_CONFIG = re.compile(
    r"^(vars\((args|opts?|flags|config|cfg|hparams)\)|(FLAGS\.)?(args|opts?|cfg|config|conf|hparams|options|flags|hps|c|variant|"
    # ml_collections: FLAGS.config.to_json_best_effort() is the whole ConfigDict as JSON
    # TF's HParams: hparams.values() is the dict of every hyperparameter; yacs: cfg.dump() its YAML (sconf: dumps())
    # (lm-human-preferences' HParams dataclass: hparams.to_nested_dict(), its nested sections included)
    r"FLAGS)(\.__dict__|\.to_(nested_)?dict\(\)|\.to_json(_best_effort)?\(\)|\.to_yaml\(\)|\.flag_values_dict\(\)|\.values\(\)|\.dumps?\(\))?|"
    # a pydantic run config dumped whole: self._trainer_cfg.model_dump_json(indent=2), train_config.dict()
    r"(self\.)?_?((run|train|trainer|training|exp|experiment|job|task|full|all)_)?(config|cfg|conf|args|hparams)"
    r"\.(model_dump(_json)?|dict|json)\(\)|"
    r"OmegaConf\.to_(yaml|container)\(.*\)|"
    # dict(args): a config object (a DotDict loaded from YAML, a namespace) turned into a plain dict whole
    r"dict\((args|opts?|config|cfg|conf|hparams|options|params|hps)\)|"
    r"dataclasses\.asdict\(.*\)|asdict\(.*\)|.*flags_into_string\(\))$",
    re.I,
)
# gin.operative_config_str() / gin.config_str(), or the project's wrapper around them (get_gin_config_str).
_GIN_CALL = r"(operative_config_str|config_str|get_gin_config\w*|operative_gin\w*)\(\)"
_GIN_CONFIG = re.compile(r"[ .]" + _GIN_CALL)
# ... written by itself: the whole text of a write
_GIN_TEXT = re.compile(r"(str\()?[\w.]*?" + _GIN_CALL + r"\)?")
# Keys under which a checkpoint dict keeps the run's options ({"model": ..., "settings": opt}); never
# "params", which holds the weights in JAX and Haiku checkpoints.
_OPTIONS_KEY = re.compile(
    # ... also under a name saying they are the run's (train_config, run_args), not a model's or optimizer's
    r"key:((?:train|training|run|exp|experiment|trainer)_)?(args|arguments|config|cfg|conf|opts?|options|settings?|"
    r"hparams|hyper_?param(eter)?s|hps|flags|variant)( |$)"
)
_CONFIG_FILE = re.compile(
    # save/experiment-log.txt, config_results.json: a log or results file named after its run, not options
    r"(^|[/_{}.-])(?![^/]*[_.-](?:log|logs|metrics?|results?|scores?)\.)"
    r"(args|arguments|options|opts?|opt|config|cfg|conf|hparams|hyperparam\w*|flags|"
    # ... the word whole: confidence_in.txt (a detector's scores) or optimal.json are not options
    r"training_options|run_config|run_configuration|configuration|experiment)s?(?![a-z])[^/]*\.(json|ya?ml|txt|pkl|pickle|toml|cfg|ini|gin|conf)$"
    # variant.json: the experiment dict rllab, rlkit and garage launchers write per run
    r"|(^|/)variants?\.(json|ya?ml|pkl)$",
    re.I,
)
# Named like a record of results; train.csv or processed.csv are data, not metrics.
# A file named for the run's results: train_results.txt, eval_metrics.json, scores.csv
_RESULTS_NAME = re.compile(r"(^|[_\-.])(results?|metrics?|scores?)[_\-.]", re.I)
# "log" in trainLog, val_log, logs; not inside a word that only contains it (analogies, catalog, dialog,
# changelog, blog, biology) nor the logits a model outputs
_LOG_WORD = (
    r"(?<!ana)(?<!cata)(?<!dia)(?<!apo)(?<!bio)(?<!eco)(?<!topo)(?<!onto)(?<!epi)(?<!pro)(?<!change)(?<!b)"
    r"log(?!it)"
)
_METRIC_FILE = re.compile(
    r"(metric|stats|progress|"
    + _LOG_WORD
    + r"|result|eval|history|score|loss|accurac|monitor|reward|return|perf|summary|"
    r"leaderboard)[^/]*\.(jsonl|csv|tsv|txt|log|json|npy|npz|pkl)$|\.(jsonl|log)$",
    re.I,
)
_METRIC_OBJ = re.compile(
    r"(metric|stat(?!e)|result|eval|history|score|loss|acc|reward|return|"
    + _LOG_WORD
    + r"|record|summary|perf|fid|bleu|wer|"
    r"leaderboard|"
    # ap_data, mAP, per-class IoU, PSNR/SSIM: an evaluation's numbers, whichever config fields key them
    # ... and a likelihood model's: bits per dimension, negative log-likelihood, perplexity, ELBO
    r"(?:^|_)(?:ap|auc|iou|miou|psnr|ssim)(?:_|$)|(?<![a-z0-9])(?:bpd|nll|ppl|elbo)(?![a-z0-9])|perplexit|"
    r"bits_per_dim|(?-i:mAP))",
    re.I,
)
_CKPT_SUFFIX = (".pt", ".pth", ".th", ".cleanrl_model", ".ckpt", ".h5", ".hdf5", ".pkl", ".pickle", ".joblib", ".bin", ".safetensors",
                ".keras", ".onnx", ".model", ".tar", ".npz", ".msgpack", ".pb")  # fmt: skip
# Objects named as data: datasets, splits, features, audio and token arrays, cached inputs.
_DATA_OBJ = re.compile(
    r"(data|_set$|^(train|val|valid|test|dev)(_|$)|split|sample|example|feature|spectrogram|(^|_)mels?($|_)|audio|"
    r"wav|token|corpus|vocab|embedding|image|frame|^(x|y|X|Y)(_\w+)?$|label|input|graph|(^|_)adj(_|$))",
    re.I,
)
_MODEL_OBJ = re.compile(
    r"(model|state_dict|net\b|network|weights|ckpt|checkpoint|snapshot|generator|discriminator|encoder|"
    r"decoder|policy|actor|critic|agent|\bema\b|params|optimizer|saver|estimator|clf|regressor|classifier|"
    # self.variables of a tf.Module (every weight it tracks), trainable_variables
    r"pipeline|booster|learner|self\.variables\b|trainable_variables|\bG\b|\bD\b|"
    r"key:(model|state_dict|net|G|D|generator)(?=\s|$))",
    re.I,
)
# (a plain save() saves anything: FeatureStats.save of its own __dict__, save(tensor, split_path) of data)
_MODEL_SAVER_FUNC = re.compile(r"_?save_(model|weights|params|network|net|checkpoint|snapshot)", re.I)
_PREDICTIONS_NAME = re.compile(r"(^|[_\-])(preds?|predictions?|detections?|dets)[_.\-]", re.I)
_PREDICTION_FILE = re.compile(
    r"(pred|forecast|inference|generat|sample|submission|answer|completion|decod|transcri|bbox|detection|dets|oof|"
    # coco_instances_results.json, lvis_instances_results.json: detectron2 evaluators' per-instance outputs
    r"instances_results)[^/]*"
    r"\.(jsonl|json|csv|tsv|txt|npz|npy|pkl|pickle|parquet|feather)$|"
    # hyp3.en-fr.valid.txt: a translation model's hypotheses, as text, scored against the reference (not
    # hyp.json or best_hyp.json, hyperparameters)
    r"(^|/)hyp(?:othes[ie]s)?\d*\.[^/]+\.txt$",
    re.I,
)
# valid.pred.{epoch}: predictions named per epoch, with no suffix after the label (read from the name with
# its placeholders, which the plain name has lost)
PREDICTION_PER_STEP = re.compile(r"[._-](preds?|predictions?)\.\{[^}/]*\}$", re.I)
# gin bindings (config.gin) are a configuration file like YAML
_CONFIG_SUFFIXES = (
    ".json",
    ".yaml",
    ".yml",
    ".toml",
    ".cfg",
    ".ini",
    ".txt",
    ".pkl",
    ".pickle",
    ".gin",
    ".conf",
)
_LOG_SUFFIXES = (".jsonl", ".csv", ".tsv", ".txt", ".log", ".json", "}")
_DATA_STATS = re.compile(r"(dataset|data|norm|normali[sz]ation|obs|action)_?stat", re.I)
_RAW_BYTES = re.compile(
    # ... and what a helper fetches from a URL it is handed (download_if_missing(path, data_file_url))
    r"(video|mp4|tobytes|struct\.pack|encoded|requests\.|urlopen|url_data|url\b|\.content\b|image|img|\bim\b|audio|wav)",
    re.I,
)
_CKPT_FILE = re.compile(
    r"(model|ckpt|checkpoint|snapshot|network|weights|best|last|epoch|step|final|net)", re.I
)
_COMMIT_FILE = re.compile(
    r"(^|[_{}.-])(git|commit|revision|githash|git_?infos?|version_info)[^/]*\.(txt|log|json)$", re.I
)
_COMMIT = re.compile(r"(commit|git|sha\b|revision|rev_parse|githash|git_hash|hexsha)", re.I)
_RESUME_ARG = re.compile(
    r"^(resume\w*|restore\w*|continue\w*|load_(checkpoint|ckpt|model)\w*|\w*from_checkpoint|ckpt_path|"
    r"checkpoint_path|init_from|auto_resume\w*|reload\w*|"
    # not a count (`--warm_start_size`: replay-buffer samples collected before training)
    r"warm_start(?!_(size|steps?|epochs?|iters?|samples))\w*)$",
    re.I,
)
_RESUME_LOAD = (
    "torch.load",
    "load_state_dict",
    "train.latest_checkpoint",
    "Saver().restore",
    "Saver.restore",
    "load_weights",
    "CheckpointManager",
    "Checkpoint().restore",
    "restore_checkpoint",
    "load_checkpoint",
    "load_from_checkpoint",
    "resume_from_checkpoint",
    # clu: ckpt.restore_or_initialize(state) continues from the latest checkpoint in the directory;
    # elements/embodied: cp.load_or_save() loads the directory's checkpoint, or writes the first one
    "restore_or_initialize",
    "load_or_save",
)

# Loads that restore the latest checkpoint of the run's directory on start (resume without an option).
LATEST_RESTORE = ("latest_checkpoint", "CheckpointManager", "restore_or_initialize", "load_or_save")
# A path placeholder holding the step or epoch of a save ({epoch}, {self.global_step}, {it + 1}); a total
# taken from the options ({args.epochs}, {cfg.max_steps}, {num_epochs}) is one value per run.
_STEP_HOLE = re.compile(
    r"\{(?!(?:args|opts?|cfg|config|conf|hparams|hps|FLAGS|flags|params|options)\.)(?:[\w()\[\]]*\.)*"
    r"(?:global_|cur_|curr_|current_|train_|i_)?(?:epoch|ep|step|iter|iteration|itr|it|update|round|episode)"
    r"(?:_?(?:idx|num|no|id|count))?(?:\s*[+-]\s*1)?\}",
    re.I,
)
# an anonymous format field only: epoch{num_epochs} names the total, one file per run
_STEP_FORMAT = re.compile(r"(?:iter|iteration|epoch|step)[_-]?\{(?::[^}]*)?\}", re.I)
# bird-dqn-{global_step}, out_at_iteration_{i}.png, ckpt_{epoch}.pt: a file name labelled by the step it was
# written at (a loop over seeds or inputs names runs or samples, not steps)
STEP_NAMED = re.compile(
    r"\{(?:[\w()\[\]]*\.)*(?:global_|cur_|i_)?(?:epoch|ep|step|iter|iteration|itr|it|update|round)\w*\}|"
    r"(?:iter|iteration|epoch|step)[_-]?\{",
    re.I,
)
# What a TF Saver appends to its prefix when given global_step=: several files per run, in one folder.
SAVER_STEP = "-<global_step>"
PER_RUN_WORDS = {
    "time": "timestamped per run",
    "events": "as event files, one per run (named by time and host)",
    "counter": "numbered per run",
    "named": "named from the run's arguments",
    "user_dir": "in a directory named by an option or setting (kept per run only when a run changes it)",
    "fixed": "at a fixed path, overwritten by every run",
    "appended": "appended to, one entry per run",
    "unknown": "at a path built at run time",
    "refused": "in a directory the script refuses to reuse once filled (a new one per run)",
    "archived": "in a folder named by the run's option file; an earlier run's folder of that name is renamed "
    "with a timestamp, not overwritten (kept per run)",
    "experiment": "in the experiment's folder, which holds the configuration file the run reads (one folder per "
    "experiment; a rerun of the same experiment writes over it)",
}


_RANDOM_ID = re.compile(r"\brandom\.|\buuid|token_hex|token_urlsafe", re.I)
_CLOCK_IN_PATH = re.compile(r"strftime|\btime\b|datetime|\bnow\(|timestamp", re.I)


def _switched_on_by_every_command(ctx, rec: RunRecords) -> None:
    """A record written behind a flag (`if args.save_content: torch.save(content, ...)`) that every documented
    command running the script passes (`python3 train_ddgan.py ... --save_content` in each of the README's
    training commands): the documented runs all write it, as if unswitched."""
    if not rec.optional:
        return
    kept = []
    for part in rec.optional:
        m = ctx.index.modules.get(part.evidence.path)
        cond = switch_at(m, part.evidence.line, part.evidence.cell) if m is not None else ""
        if not every_command_turns_on(ctx, part.evidence.path, cond):
            kept.append(part)
            continue
        rec.add(part)
    rec.optional = kept


_LAUNCH = re.compile(r"\b(python[\d.]*|torchrun|accelerate\s+launch|deepspeed|mpirun|srun|horovodrun)\b")


def every_command_turns_on(ctx, script: str, cond: str) -> bool:
    """The switch is an option (`args.save_content`) that every documented command running the script
    passes, so every documented run has it on."""
    flag = re.fullmatch(r"(?:args|opts?|config|cfg|FLAGS|flags|params|hparams)\.(\w+)", cond.strip())
    return flag is not None and _every_command_passes(ctx, script, flag.group(1))


def _every_command_passes(ctx, script: str, option: str) -> bool:
    """The documented commands that run ``script`` (README and docs code, shell scripts; continued lines
    joined) all pass ``--option``; False when none runs it. Asked once per script and option."""
    memo = ctx.__dict__.setdefault("_et_every_command", {})
    if (script, option) not in memo:
        memo[(script, option)] = _every_command_passes_uncached(ctx, script, option)
    return memo[(script, option)]


def _every_command_passes_uncached(ctx, script: str, option: str) -> bool:
    name = script.rsplit("/", 1)[-1]
    runs = []
    for text in _command_texts(ctx):
        if name not in text:
            continue
        for command in re.sub(r"\\\s*\n", " ", text).splitlines():
            # (python, torchrun, accelerate launch, deepspeed, mpirun ... running the script)
            if re.search(rf"(^|[\s/]){re.escape(name)}\b", command) and _LAUNCH.search(command):
                runs.append(command)
    # --save_content or --save-content: argparse stores either as save_content
    flag = re.compile(rf"--{re.escape(option).replace('_', '[-_]')}(?![\w-])")
    return bool(runs) and all(flag.search(c) for c in runs)


def _passed(ctx, option: str) -> bool:
    """The project's own launch commands pass `--option` (run scripts, README commands)."""
    flag = "--" + option
    if any(flag in cmd for _p, _c, _l, cmd in ctx.index.shell):
        return True
    return any(flag in text for text in _command_texts(ctx))


def _command_texts(ctx):
    """The texts the project's launch commands are written in: shell scripts and README/docs pages."""
    return (
        text
        for path, text in ctx.index.texts.items()
        if is_shell_script(path) or path.endswith((".md", ".rst"))
    )


def _refused(target: str, refused: set) -> bool:
    """The target sits in a directory the project raises on when it already exists: the same
    expression, or the same options field (`self.output_dir` checked in the arguments class,
    `training_args.output_dir` written to)."""
    head = target.split("/", 1)[0].strip("{}")
    if head in refused or target in refused:
        return True
    field_name = head.rsplit(".", 1)[-1]
    return bool(re.search(r"(dir|path|folder|output)", field_name)) and any(
        r.rsplit(".", 1)[-1] == field_name for r in refused
    )


@dataclass(frozen=True)
class RecordPart:
    role: str  # config | metrics | checkpoint | code
    evidence: Evidence
    target: str
    keeping: str  # time | counter | named | user_dir | fixed | unknown (strongest origin of the path)
    whole: bool = False  # config: the whole configuration object, not a subset
    in_checkpoint: bool = False  # config saved inside a checkpoint file
    framework: bool = False  # written by a trainer/callback on its own, not by the project's code
    # The configuration file as loaded (yaml.safe_load), not the command-line options of the run.
    from_file: bool = False
    # A directory a later run continues in rather than overwrites (a TF Estimator's model_dir: it
    # restores the latest checkpoint there and trains on from its step).
    resumed: bool = False
    # The path changes during the run (a placeholder the training loop changes: index.writes.STEP).
    labelled: bool = False
    # Declared in a pipeline's data catalog (Kedro): the pipeline writes it, whichever node returns it.
    declared: bool = False

    @property
    def per_run(self) -> bool:
        return self.keeping in (
            "time", "counter", "named", "events", "appended", "refused", "archived", "experiment"
        )  # fmt: skip

    @property
    def step_labelled(self) -> bool:
        """A checkpoint whose path holds the step or epoch it was saved at (``state_{label}.pt`` with the
        label changing in the training loop, ``ckpt_{epoch}.pt``): a new file per label, several kept
        within a run, whatever its directory."""
        name = self.target.rsplit("/", 1)[-1]
        # checkpoint_step{:09d}.pth: a format field after the word step, filled with the step
        return self.role == "checkpoint" and (
            self.labelled or bool(_STEP_HOLE.search(name)) or bool(_STEP_FORMAT.search(name))
        )

    def per_run_question(self, what: str, ctx=None) -> str:
        """The question the code cannot settle: is the directory this part is written to new per run?
        With ``ctx``, the option's shipped default is named: a fixed folder every run that does not pass
        another shares."""
        where = f"`{self.target}`" if self.target else "a path built at run time"
        question = (
            f"`{self.evidence.where()}` writes {what} to {where}: does every run get its own directory?"
        )
        default = _fixed_default(ctx, self.target, self.evidence.path) if ctx is not None else None
        if default is not None:
            value, at = default
            question += (
                f" Its default is `{value}` ({at.where()}), which every run that does not pass another folder "
                "shares: do the runs you report each pass their own?"
            )
        elif ctx is not None:
            # README: `python Pretrain.py --output_dir output/Pretrain`: the documented runs name one folder
            fixed = _fixed_passed(ctx, self.target, self.evidence.path)
            if fixed is not None:
                question += (
                    f" The documented command passes a fixed folder ({fixed.where()}: {fixed.detail}), which a "
                    "rerun of it shares: do the runs you report each pass their own?"
                )
        return question

    def describe(self) -> str:
        where = f"`{self.target}`" if self.target else "a file"
        if self.resumed and self.keeping == "fixed":
            return (
                f"{where} at a fixed path every run shares (a later run resumes from its latest checkpoint)"
            )
        words = PER_RUN_WORDS.get(self.keeping, "")
        if (
            self.keeping == "time"
            and _RANDOM_ID.search(self.target)
            and not _CLOCK_IN_PATH.search(self.target)
        ):
            # {''.join(random.choice(chars) for _ in range(10))}, uuid4(): unique per run, but no time
            words = "named with a random id per run"
        text = f"{where} {words}".strip()
        return text + (
            ", one file per step or epoch label (several kept per run)"
            if self.step_labelled or self.target.endswith(SAVER_STEP)
            else ""
        )


@dataclass
class RunRecords:
    config: list[RecordPart] = field(default_factory=list)
    metrics: list[RecordPart] = field(default_factory=list)
    checkpoints: list[RecordPart] = field(default_factory=list)
    code: list[RecordPart] = field(default_factory=list)  # source/config files copied into the run dir
    # Plots, sample images/audio and prediction files the run writes (its outputs beyond metrics).
    artifacts: list[RecordPart] = field(default_factory=list)
    resume: list[Evidence] = field(default_factory=list)
    commit_recorded: list[Evidence] = field(default_factory=list)
    commit_printed: list[Evidence] = field(default_factory=list)
    # Functions the project calls only behind a switch, with that switch's condition.
    switched_functions: dict = field(default_factory=dict)
    # Parts written only when a switch is on (`if args.save_model:`, `if args.tensorboard_dir:`).
    optional: list[RecordPart] = field(default_factory=list)

    def add(self, part: RecordPart, optional: bool = False) -> None:
        if optional:
            self.optional.append(part)
            return
        {
            "config": self.config,
            "metrics": self.metrics,
            "checkpoint": self.checkpoints,
            "code": self.code,
            "artifact": self.artifacts,
        }[part.role].append(part)

    def within(self, paths: frozenset | None, roles=None) -> RunRecords:
        """The parts written by these modules (the main training path): a conversion or export script
        that rewrites a config.json is not the record of a training run. Unchanged when ``paths`` is
        empty (no training code was recognised); None keeps only what a pipeline declares. ``roles``:
        the kinds of parts filtered (all by default); the others are kept."""
        if paths is not None and not paths:
            return self
        paths = paths or frozenset()
        return self.kept(lambda p: p.evidence.path in paths or p.declared, roles)

    def kept(self, pred, roles=None) -> RunRecords:
        """The parts ``pred`` keeps, among the kinds ``roles`` names (all by default); the others stay."""

        def keep(xs, role):
            if roles is not None and role not in roles:
                return list(xs)
            return [p for p in xs if pred(p)]

        out = RunRecords(
            config=keep(self.config, "config"),
            metrics=keep(self.metrics, "metrics"),
            checkpoints=keep(self.checkpoints, "checkpoints"),
            code=keep(self.code, "code"),
            artifacts=keep(self.artifacts, "artifacts"),
            resume=self.resume,
            commit_recorded=self.commit_recorded,
            commit_printed=self.commit_printed,
            switched_functions=self.switched_functions,
            optional=keep(self.optional, "optional"),
        )
        return out

    def whole_config(self, per_run: bool | None = None) -> list[RecordPart]:
        return [
            p
            for p in self.config
            if p.whole and not p.in_checkpoint and (per_run is None or p.per_run == per_run)
        ]

    def named_by(self, word: str) -> list[RecordPart]:
        """Parts whose path names the run by an argument holding ``word`` (``{args.seed}``, ``{env_id}``)."""
        rx = re.compile(r"\{[^}]*" + re.escape(word) + r"[^}]*\}", re.I)
        return [p for p in (*self.metrics, *self.config, *self.checkpoints) if rx.search(p.target)]

    def to_dict(self) -> dict:
        def parts(xs):
            return [
                {
                    "role": p.role,
                    "evidence": p.evidence.to_dict(),
                    "target": p.target,
                    "kept": PER_RUN_WORDS.get(p.keeping, p.keeping),
                    "per_run": p.per_run,
                    "whole": p.whole,
                    "in_checkpoint": p.in_checkpoint,
                }
                for p in xs
            ]

        return {
            "config": parts(self.config),
            "metrics": parts(self.metrics),
            "checkpoints": parts(self.checkpoints),
            "code": parts(self.code),
            "artifacts": parts(self.artifacts),
            "resume": [e.to_dict() for e in self.resume],
            "commit_recorded": [e.to_dict() for e in self.commit_recorded],
            "commit_printed": [e.to_dict() for e in self.commit_printed],
            "when_enabled": parts(self.optional),
        }


def _class_bases(ctx) -> dict[str, set]:
    """Every class of the project -> the last names of its bases (an empty set for a class with none)."""
    bases: dict[str, set] = {}
    for m in ctx.index.modules.values():
        for c, *_ in m.classes:
            bases.setdefault(c, set())
        for cls, base, _line, _cell in m.bases:
            bases.setdefault(cls, set()).add(base.rsplit(".", 1)[-1])
    return bases


def _helper_writes(ctx) -> dict[str, list]:
    """Writes made through the project's own writer functions, placed at their call sites:
    ``dict_to_json(stats, f"{out_dir}/stats.json")`` writes what ``dict_to_json`` writes, there. A
    function that hands its path parameter on to another writer (``Logger(log_dir)`` building
    ``MetersGroup(join(log_dir, "train"))``) is followed through, a few calls deep."""
    from .index.writes import Write

    writers: dict[str, list] = {}
    from .detect.engine import scope_of

    for path, m in ctx.index.modules.items():
        if scope_of(path) == "test":
            continue  # tests/test_running.py's _process_fn pickling numbers writes nothing of a run
        for func, pi, oi, w in m.writer_funcs:
            owner = next((c for c, a, cell, b in m.classes if cell == w.cell and a <= w.line <= b), "")
            writers.setdefault(func, []).append((pi, oi, w, owner, path))
    out: dict[str, list] = {}
    if not writers:
        return out
    # class -> its base classes' last names: Agent(common.Module) saves with Module.save, not Config.save
    bases = {c: b for c, b in _class_bases(ctx).items() if b}  # the classes that have bases

    def lineage(cls: str) -> set:
        seen, todo = set(), [cls]
        while todo and len(seen) < 20:
            c = todo.pop()
            if c not in seen:
                seen.add(c)
                todo.extend(bases.get(c, ()))
        return seen

    def candidates(name: str, caller: str = "") -> list:
        found = writers.get(name.rsplit(".", 1)[-1], ())
        if caller and "." not in name and found:
            # run(train_loader, ..., pathCheckpoint) calls the caller's own run(), not another module's
            # run() that writes {pathCheckpoint}_logs.json
            if name in ctx.index.modules[caller].func_params:
                return [x for x in found if x[4] == caller]
        head = name.rpartition(".")[0]
        if head and len({x[4] for x in found}) > 1:
            # utils.training_utils.create_managers: the function of that module, not another module's
            # create_managers (one_shot_epe/train_lib.py's, which also writes hparams.csv)
            named = [x for x in found if module_named(x[4], head)]
            if named:
                return named
        receiver = re.search(r"(\w+)\(\)\.\w+$", name)
        if receiver and len({x[3] for x in found}) > 1:
            # agent.Agent().save: of the project's methods named save, the one of Agent or a base of it
            mine = lineage(receiver.group(1))
            picked = [x for x in found if x[3] in mine]
            if not picked and receiver.group(1) in bases:
                return []  # keras.Model's save for a class of the project: not another class's save
            return picked or list(found)
        return list(found)

    def fill(template: str, target: str) -> str:
        # def __init__(self, prefix): open(f"{prefix}.csv", "w"): the caller's path, suffixed
        hole = _hole_name(template)
        return (template.replace("{" + hole + "}", target, 1) if hole else target)[:240]

    def reached(name: str, i: int, target: str, depth: int = 0, caller: str = "", passed=None):
        """(write, the path it writes) for each write a call of ``name`` with ``target`` as argument
        ``i`` makes, the first write of the writer and later stream writes of its other methods.
        ``passed``: in a forward, the positions the forwarding call fills with its own function's
        parameters (None when unknown)."""
        first = None
        for pi, _oi, w, _cls, _path in candidates(name, caller):
            # a keyword argument (out_dir=...) reaches the parameter its name says
            if pi != i and not (isinstance(i, str) and _hole_name(w.target) == i):
                continue
            if w.kind == "dump" and grown_history(ctx.index.modules[_path], w, _lines_of(ctx)):
                w = w._replace(roots=(*w.roots, HISTORY))
            if w.kind == "forward":
                if depth < 4:
                    key = w.roots[0]
                    marks = [r[5:] for r in w.roots[1:] if r.startswith("pass:")]
                    inner = {int(x) for x in marks if x} if marks else None
                    for w2, written, how in reached(
                        w.what,
                        int(key) if key.isdigit() else key,
                        fill(w.target, target),
                        depth + 1,
                        "",
                        inner,
                    ):
                        # train(config, model, ..., log_dir) handing log_dir on to Logger(log_dir): the
                        # outer call's other arguments are not what the inner writer is handed
                        yield w2, written, "own" if how == "first" and not w2.what else how
                continue
            if first is None:
                first = w
                # json.dump(self.annotations, open(cache_json, "w")) in a dataset class's __init__: the
                # object writes what it computed itself, not the arguments its caller hands it
                # ... and torch.save(train_dataset, fname) in create_prompt_dataset(rank, data_path, ...,
                # output_path): an object of its own making, whatever the caller hands in beside the path
                own = _oi == -1 and bool(w.roots)
                # build_and_test_game(opts, dump_dir=...) handing dump_interactions(Interaction.from_iterable(..),
                # name, dump_dir) a payload of its own making: not the outer call's options
                own = own or (passed is not None and _oi >= 0 and _oi not in passed)
                yield w, fill(w.target, target), "own" if own else "first"
            elif (
                own
                and w.kind == "stream" == first.kind
                and w.func == first.func
                and w.target == first.target
                and w.roots
            ):
                # confusion_matrix(result_t, result_a, fname): a function writing several lines of its own
                # making into the file it is handed (the accuracy matrix, then "Final Accuracy: %.4f"): each
                # line is part of what the call writes, as if written at the call
                yield w, fill(w.target, target), "own"
            elif w.func not in (first.func, "__init__") and w.kind == "stream":
                # A writer object that opens its file once and writes it again from another method
                # (ResultLogger.log per epoch): those lines are a stream of the run, with their own payload.
                yield w, fill(w.target, target), "stream"
            elif w.func not in (first.func, "__init__") and w.kind == "dump" and w.roots:
                # Logger.save_cpk: torch.save of the models the object holds, into the directory it was
                # given: the object's own payload
                yield w, fill(w.target, target), "own"

    for path, m in ctx.index.modules.items():
        for w in m.writes:
            if w.kind != "bound":
                continue
            # logging(...) where logging = create_exp_dir(work_dir): when the function hands the path on
            # to a writer (get_logger -> functools.partial(logging, log_path=...)), each call writes there
            factory, _, key = w.call.rpartition("#")
            for w2, written, _how in reached(factory, int(key) if key.isdigit() else key, w.target):
                if w2.kind == "stream":
                    out.setdefault(path, []).append(
                        Write(
                            "stream",
                            w.what,
                            w.roots,
                            written,
                            w.origins,
                            "a",
                            w.line,
                            w.cell,
                            f"{factory.rsplit('.', 1)[-1]} ({w2.call})",
                            w.func,
                        )
                    )
                    break
        for name, i, target, origins, others, line, cell, func in m.path_calls:
            if "kwopt:" in others:
                # CSVLogger(args=args, filename=...): the options handed by keyword are written when the
                # writer writes one of its parameters (`for k in vars(opts): w.writerow(...)`), not when it
                # only reads a setting from them (args.log_every)
                writes_param = any(x[1] >= 0 for x in candidates(name))
                others = re.sub(r"kwopt:(\S+)", r"\1 parse_args()" if writes_param else "", others).strip()
            for w, written, how in reached(name, i, target, caller=path):
                if how == "first":
                    roots, mode = tuple(x.lstrip("*") for x in others.split()), w.mode
                    # the keys a dict argument holds, and the mark of a parsed namespace, are roots
                    what = re.sub(r"(\s+(key:\S+|parse_args\(\)))+$", "", others)
                    if not what and w.kind == "copy" and w.what.endswith("*.py"):
                        what = w.what  # copy_py(job_dir): the project's code files the writer lists itself
                    if (
                        not what
                        and "." in name
                        and any(r == "self" or r.startswith("self.") for r in w.roots)
                    ):
                        # params.to_file(path), whose to_file dumps self.as_dict(): a method writing its own
                        # object writes the receiver
                        what = name.rpartition(".")[0]
                        roots = (what,)
                else:
                    what, roots, mode = w.what, w.roots, (w.mode if how == "own" else "a")
                    if how == "stream":
                        # io = IOStream(path); io.cprint(str(args)): a method streaming its argument
                        # writes, at each call of it on the object, what that call hands it
                        out.setdefault(path, []).extend(_method_payloads(m, name, w, written, origins))
                out.setdefault(path, []).append(
                    Write(
                        w.kind,
                        what,
                        roots,
                        written,
                        origins,
                        mode,
                        line,
                        cell,
                        f"{name.rsplit('.', 1)[-1]} ({w.call})",
                        func,
                    )
                )
    return out


def _copies_configured(ctx, copies: frozenset) -> bool:
    """Some call of a Baselines logger copy's configure() names the run's folder (once per index)."""
    from .index.build import per_index

    return per_index(
        ctx.index,
        "_et_copies_configured",
        lambda ix: any(copy_configured_with_dir(c, copies) for m in ix.modules.values() for c in m.calls),
    )


def _output_format_spans(m) -> list:
    """(first line, last line, cell) of a Baselines logger copy's output-format classes (those with
    writekvs or writeseq: HumanOutputFormat, CSVOutputFormat, TensorBoardOutputFormat...)."""
    methods = {(name, cell, a) for name, a, cell, _b in m.functions if name in ("writekvs", "writeseq")}
    return [
        (a, b, cell)
        for name, a, cell, b in m.classes
        if name.endswith("OutputFormat") or any(mc == cell and a <= ma <= b for _n, mc, ma in methods)
    ]


def _method_payloads(m, ctor: str, w, written: str, origins: tuple) -> list:
    """The writes of the calls `ctor().method(x)` in module ``m`` when the writer class's method
    streams its own parameter (``def cprint(self, text): self.f.write(text + "\\n")``): each call
    writes ``x``, e.g. `str(args)`, the whole options namespace, into the file the object opened."""
    from .index.writes import Write

    if not w.roots or not all(re.fullmatch(r"[A-Za-z_]\w*", r) for r in w.roots):
        return []
    out = []
    wanted = f"{ctor}().{w.func}"
    hits = [c for c in m.calls if c.args and (c.name == wanted or _handed_object_call(m, c, w.func))]
    lines = {(c.line, c.cell) for c in hits}
    nested = {(c.line, c.cell, c.name): c for c in m.calls if (c.line, c.cell) in lines} if hits else {}
    for c in hits:
        arg = getattr(c.args[0], "text", None)
        if not isinstance(arg, str):
            continue
        roots = [arg]
        # str(args): the call's text keeps only its name; the nested call on the line holds the argument
        inner = nested.get((c.line, c.cell, arg[:-2])) if arg.endswith("()") else None
        if inner is not None and inner.args and isinstance(getattr(inner.args[0], "text", None), str):
            roots = [inner.args[0].text, arg]
            arg = f"{arg[:-2]}({_OPTIONS_NAME.sub('args', inner.args[0].text)})"
        func = m.innermost_function(c.line, c.cell)
        out.append(
            Write("stream", arg, tuple(roots), written, origins, "a", c.line, c.cell,
                  f"{w.func} ({w.call})", func[0] if func else "")
        )  # fmt: skip
    return out


def _handed_object_call(m, c, method: str) -> bool:
    """`io.cprint(...)` in `def train(args, io)`: the object handed in by the module that built it
    (the method's own name, not a file's write or a logger's info, says whose method it is)."""
    receiver, _, called = c.name.rpartition(".")
    if called != method or method in _FILE_METHODS or not re.fullmatch(r"[A-Za-z_]\w*", receiver):
        return False
    func = m.innermost_function(c.line, c.cell)
    return func is not None and receiver in (m.func_params.get(func[0]) or ())


_FILE_METHODS = frozenset(
    {"write", "writelines", "print", "log", "info", "debug", "warning", "flush", "close"}
)
# argparse.ArgumentParser().parse_args(): the parsed namespace, shown by the name scripts give it
_OPTIONS_NAME = re.compile(r"^.*\bparse_(known_)?args\(\)$")


def _imported_path(w, m, modules: dict, dotted: dict):
    """A write under a path another project module builds at its top (``config.model_path``, where
    Config.py holds ``model_path = save_path + "models/"`` and ``save_path`` carries a timestamp): the
    path as that module builds it, with how it varies between runs."""
    end = w.target.find("}")
    alias, _, name = w.target[1:end].partition(".")
    if not name.isidentifier() or alias not in m.module_aliases:
        return w  # {args.output_dir}: an object's attribute, not an imported module's name
    module = dotted.get(m.module_aliases[alias])
    bound = modules[module].module_paths.get(name) if module is not None else None
    if bound is None or not bound[0] or bound[0].startswith("{"):
        return w
    template, origins = bound
    rest = tuple(o for o in w.origins if o not in ("user_dir", "unknown"))
    target = (template + w.target[end + 1 :])[:240]
    return w._replace(target=target, origins=tuple(dict.fromkeys((*origins, *rest))))


def _imported_file_name(w, m, modules: dict, dotted: dict):
    """``join(serialization_dir, CONFIG_NAME)`` with ``from ..archival import CONFIG_NAME`` and
    ``CONFIG_NAME = "config.json"`` there: the file the constant names, so the path says what it holds."""
    head, _, last = w.target.rpartition("/")
    name = last[1:-1] if last.startswith("{") else ""
    if not name.isidentifier():
        return w
    source = next((i.module for i in m.imports if i.module.endswith("." + name)), None)
    module = dotted.get(source.rpartition(".")[0]) if source else None
    bound = modules[module].module_paths.get(name) if module is not None else None
    if bound is None or not bound[0] or "{" in bound[0] or "/" in bound[0]:
        return w
    return w._replace(target=f"{head}/{bound[0]}" if head else bound[0])


def _deleted_at_exit(m, w) -> bool:
    """The write lands in a temporary directory or file its function made with tempfile's self-removing
    kinds (``self.config_dir = tempfile.TemporaryDirectory()``, then ``{self.config_dir.name}/x.py``), and
    the module hands that directory to nothing that could keep what is in it (an upload, a tracker's
    log_artifacts, Ray's Checkpoint.from_directory): only to path joins, copies into it and imports."""
    hole = re.match(r"\{([\w.]+?)(\.name)?\}", w.target) if m.temp_dirs else None
    if hole is None:
        return False
    name = hole.group(1)
    # an attribute (self.config_dir) is the object's, whichever method made it; a name is its function's
    if not any(n == name and (name.startswith("self.") or f == w.func) for f, n in m.temp_dirs):
        return False
    handed = (name, f"{name}.name")
    # the writes into it are not hand-offs (model.save(dp)); a name is read as what it is bound to
    # (`dp` arrives as tempfile.TemporaryDirectory())
    writes_in = {(x.line, x.cell) for x in m.writes if x.target.startswith("{" + name)}
    return not any(
        not _KEEPS_NOTHING.match(c.name)
        and (c.line, c.cell) not in writes_in
        and any(
            (t := getattr(a, "text", None)) in handed or (isinstance(t, str) and _w_AUTO_DELETED.match(t))
            for a in (*c.args, *(v for _, v in c.kwargs))
        )
        for c in m.calls
    )


# Calls a temporary directory is handed to without anything in it being kept: joins, copies into it,
# opening files there, putting it on the import path, printing it
_KEEPS_NOTHING = re.compile(
    r"(os\.path\.\w+|pathlib\.Path|Path|shutil\.copy\w*|open|(sys\.path|[\w.]*sys_path)\.(append|insert|remove)|print|str|os\.makedirs|"
    r"os\.listdir|importlib\.\w+|logging\.\w+)$"
)


def _fresh_dir_vars(ctx) -> dict[str, dict]:
    """Per module, the names bound to the result of a project function that makes a new directory per
    call and returns it (``ckpt_save_path = checkpoint.create_save_path(cfg.log.save_path)``), with how
    it names it ("time" or "counter")."""
    funcs = dict(x for m in ctx.index.modules.values() for x in m.fresh_dir_funcs)
    for _ in range(3):
        # prepare_exp_dir() returning what get_exp_dir() made (in another module): as fresh as that
        funcs = {k: funcs.get(v[4:], v) if v.startswith("via:") else v for k, v in funcs.items()}
    funcs = {k: v for k, v in funcs.items() if not v.startswith("via:")}
    out: dict[str, dict] = {}
    for path, m in ctx.index.modules.items() if funcs else ():
        kinds = {
            (c.line, c.cell): funcs[last] for c in m.calls if (last := c.name.rsplit(".", 1)[-1]) in funcs
        }
        for line, cell, name in m.call_targets:
            if (line, cell) in kinds:
                out.setdefault(path, {})[name] = kinds[(line, cell)]
    _fresh_params(ctx, out)
    return out


def _fresh_params(ctx, fresh: dict[str, dict]) -> None:
    """``fairseq_train(data, exp_dir=exp_dir)`` after ``exp_dir = prepare_exp_dir()``: a parameter that
    every call the project makes of the function hands a directory made per run. Kept in ``fresh`` under
    (function, parameter) of the module defining it: what the function writes below it is per run."""
    # the project's module-level functions by name, with their parameters (a name defined twice is skipped)
    defined: dict[str, list] = {}
    for path, m in ctx.index.modules.items():
        for name, params in m.func_params.items():
            defined.setdefault(name, []).append((path, params))
    handed: dict[tuple[str, str], list] = {}
    for path, m in ctx.index.modules.items():
        for name, i, template, _origins, _others, _line, _cell, _func in m.path_calls:
            hole = re.fullmatch(r"\{(\w+)\}", template)
            # (a path built here, the time in it, is already the record at this call: _helper_writes)
            kind = fresh.get(path, {}).get(hole.group(1)) if hole else None
            callee = name.rsplit(".", 1)[-1]
            if not kind or len(defined.get(callee, ())) != 1:
                continue
            params = defined[callee][0][1]
            # by position or by keyword: the same parameter
            param = i if isinstance(i, str) else params[i] if i < len(params) else None
            if param in params:
                handed.setdefault((callee, param), []).append(kind)
    if not handed:
        return
    wanted = {callee for callee, _ in handed}
    calls: dict[str, int] = {}
    for path, m in ctx.index.modules.items():
        if scope_of(path) == "test":
            continue
        for c in m.calls:
            head, _, last = c.name.rpartition(".")
            # train(...) or pkg.train.train(...), not model.train() nor trainer.fit(): a call of the function
            if last in wanted and (not head or module_named(defined[last][0][0], head)):
                calls[last] = calls.get(last, 0) + 1
    for (callee, param), kinds in handed.items():
        if len(kinds) < calls.get(callee, 0) or len(set(kinds)) > 1:
            continue  # a call handing it another directory (or a fixed one)
        fresh.setdefault(defined[callee][0][0], {})[(callee, param)] = kinds[0]


# The parsed command line: its attributes are the options as given, not fields a class builds.
_CLI_NAMES = re.compile(r"args|opt|opts|FLAGS|flags|hparams|hps|parsed_args|all_args")


# Functions that talk to a trained model: the text they stream out is its answers (a transcript)
_INFERENCE_FUNC = re.compile(r"(chat|interactive\w*|demo|serve|translate|decode_interactive)")
# What puts a value into an event file (add_graph alone shows the model's graph, no measurement)
_SUMMARY_ADDS = frozenset(
    {"add_summary", "add_scalar", "add_scalars", "add_histogram", "add_image", "add_images", "add_text",
     "add_figure", "add_hparams", "add_pr_curve", "add_audio", "add_embedding", "add_run_metadata", "add_event"}
)  # fmt: skip


def _summary_adds(ctx) -> list[str]:
    """The calls, anywhere in the project, that put a value into an event file (read once per build)."""
    return [
        c.name
        for m in ctx.index.modules.values()
        for c in m.calls
        if c.name.rsplit(".", 1)[-1] in _SUMMARY_ADDS
    ]


def _graph_only_writer(m, w, adds: list[str]) -> bool:
    """A TF1 FileWriter bound to a name in a module that adds nothing to any writer and hands that name
    to no call (a lesson's `writer = tf.summary.FileWriter('./graphs/logreg', graph)` to view the
    graph): its event file holds the graph, not the run's metrics."""
    if not w.call.endswith("FileWriter") or any(c.name.rsplit(".", 1)[-1] in _SUMMARY_ADDS for c in m.calls):
        return False
    bound = next((name for line, cell, name in m.call_targets if line == w.line and cell == w.cell), None)
    if bound is None:
        return False  # built inside a call or a `with`: handed on, maybe to code that adds summaries
    if any(getattr(a, "text", None) == bound for c in m.calls for a in (*c.args, *(v for _, v in c.kwargs))):
        return False
    # ... nor used from a module importing it (`g.writer.add_summary(s, step)` with `import graph as g`);
    # ``adds`` holds none of this module's (it adds nothing, above)
    stem = m.path.rsplit("/", 1)[-1].removesuffix(".py")
    held = f"{stem}.{bound}."
    return not any(held in name for name in adds)


def _run_dir_kwargs(ctx) -> dict:
    """Directories the project's calls hand to a parameter, by keyword or position: keyword or index ->
    [(the callee's last name, the path, its origins)], for ``_passed_run_dir``."""
    found: dict = {}
    for path, m in ctx.index.modules.items():
        if scope_of(path) == "test":
            continue
        for pc in m.path_calls:
            if pc[2]:
                found.setdefault(pc[1], []).append((pc[0].rsplit(".", 1)[-1], pc[2], pc[3]))
    return found


def _passed_run_dir(w, m, run_kwargs: dict, classes: dict, ctx=None):
    """A write into `{log_dir}/...` where ``log_dir`` is a constructor parameter the class builds its
    paths from (``self.model_dir = join(log_dir, 'model')``) and every call of that class (by its name, a
    subclass's, or a local alias such as `Agent = SacdAgent if ... else SharedSacdAgent`) passes it a
    directory made per run, by keyword or at its position: the path as the caller built it."""
    hole = _hole_name(w.target)
    prefix = "{" + hole + "}"
    field = re.match(r"\{self\.(\w+)\}", w.target)
    owner = next((c for c, a, cell, b in m.classes if cell == w.cell and a <= w.line <= b), "")
    if field is not None and field.group(1) in m.param_fields:
        # {self.output_dir}/progress.txt with `self.output_dir = output_dir or ...` in the constructor:
        # what the callers hand as output_dir (Logger(**setup_logger_kwargs(exp_name, seed)))
        cls, index, hole = m.param_fields[field.group(1)]
        prefix = field.group(0)
        if owner != cls and cls not in classes.get(owner, ()):
            return w
        family = {cls} | {c for c, bases in classes.items() if cls in bases}
        if ctx is not None and not _every_call_hands(ctx, family, hole, index):
            return w  # Logger() somewhere with nothing handed: that run writes to the fallback
    else:
        if not hole or not w.target.startswith(prefix):
            return w
        index = next(
            (
                int(o.split(":")[2])
                for _p, origins in m.field_paths.values()
                for o in origins
                if o.startswith("param:__init__:") and o.split(":")[3] == hole
            ),
            None,
        )
    if index is None or not owner:
        return w
    family = {owner} | {c for c, bases in classes.items() if owner in bases}
    passed = [
        (template, origins)
        for key in (hole, index)
        for callee, template, origins in run_kwargs.get(key, ())
        # the class itself or a subclass; by keyword also a name that is no class of the project (a local
        # alias: `Agent = SacdAgent if ... else SharedSacdAgent`), never another function's argument; for a
        # field the constructor keeps, only the class or a kwargs dict built for it (dict(output_dir=...))
        if callee in family
        or (key == hole and callee not in classes and (prefix == "{" + hole + "}" or callee == "dict"))
    ]
    if not passed or not all({"time", "counter"} & set(origins) for _t, origins in passed):
        return w
    template, origins = passed[0]
    rest = tuple(o for o in w.origins if o not in ("user_dir", "unknown"))
    return w._replace(
        target=(template + w.target[len(prefix) :])[:240], origins=tuple(dict.fromkeys((*origins, *rest)))
    )


def _every_call_hands(ctx, family: set, param: str, index: int) -> bool:
    """Every call of the class (or of a subclass: EpochLogger(Logger)) in the project hands it ``param``: by
    keyword, at its position, or through a ``**kwargs`` dict (Logger(**logger_kwargs))."""
    from .fixes import training_paths
    from .rules.facts import facts

    by_last = facts(ctx).by_last
    main = training_paths(ctx)
    # (the training runs' calls: a test_policy.py script's EpochLogger() logs an evaluation, not a run)
    calls = [
        (m, c) for name in sorted(family) for m, c in by_last.get(name, ()) if not main or m.path in main
    ]
    return bool(calls) and all(c.has_kw(param) or c.has_kw("**") or len(c.args) > index for _m, c in calls)


def _field_kinds(ctx) -> dict[str, str]:
    """Object fields the project's classes set to a directory made new per run, by field name:
    ``self.results_path = root / "results" / datetime.now().strftime(...)`` in every game's config class
    makes ``results_path`` "time", wherever a module reads it from the object it is handed. A name
    some class binds without a timestamp or counter is left out."""
    kinds: dict[str, set] = {}
    for m in ctx.index.modules.values():
        for name, (_path, origins) in m.field_paths.items():
            kinds.setdefault(name, set()).add(next((o for o in origins if o in ("time", "counter")), ""))
    return {name: k.pop() for name, k in kinds.items() if len(k) == 1 and "" not in k}


def _hole_name(template: str) -> str:
    m = re.search(r"\{(\w+)\}", template)
    return m.group(1) if m else ""


# The option a path starts with: {args.exp_dir}, {opt['log.exp_dir']}
_OPTION_HEAD = re.compile(r"^\{(?:[A-Za-z_]\w*\.)?(?:[A-Za-z_]\w*\[['\"])?([\w.]+?)(?:['\"]\])?\}")


def _fixed_default(ctx, target: str, script: str = ""):
    """(value, evidence) of the literal default of the option a path starts with (`{args.exp_dir}` or
    `{opt['log.exp_dir']}` defaulting to 'results'), or None. A bare name (`{folder}`) is an option only
    where the writing script parses one of that name: `folder = args['logging']['folder']` in the trainer is
    not the launcher's --folder."""
    m = _OPTION_HEAD.match(target)
    if m is None:
        return None
    from .rules.optin import named_option_defaults

    bare = target.startswith("{" + m.group(1) + "}")
    d = named_option_defaults(ctx, m.group(1), True)
    for e in d.given:
        if bare and script and e.path != script:
            continue
        v = re.search(r"default '([^']+)'$", e.detail)
        if v and v.group(1) != "required" and not (d.passed or d.absent):
            return v.group(1), e
    return None


def _fixed_passed(ctx, target: str, script: str):
    """A documented command that runs ``script`` and passes the option a path starts with a literal folder
    (no variable, date or placeholder in it); None when there is none."""
    m = _OPTION_HEAD.match(target)
    if m is None:
        return None
    from .rules.facts import facts
    from .rules.optin import named_option_defaults

    docs = facts(ctx).docs
    name = script.rsplit("/", 1)[-1]
    for e in named_option_defaults(ctx, m.group(1), True).passed:
        value = re.search(r"[ =]+(\S+)$", e.detail)
        if value and re.fullmatch(r"[\w./-]+", value.group(1).strip("'\"")):
            lines = (docs.get(e.path) or ctx.index.texts.get(e.path) or "").splitlines()
            # the command on that line, or on the line it continues (`python -m ... Grounding.py \`)
            around = " ".join(lines[max(0, e.line - 3) : e.line])
            if name in around:
                return e
    return None


def main_records(ctx) -> RunRecords | None:
    """The run records of the main training path (training entry points and what they import)."""
    if ctx.records is None:
        return None
    from .fixes import training_paths

    return ctx.records.within(training_paths(ctx))


# The run's options as parsed, and a configuration file as loaded: the two sources of a whole config.
# A function that builds the whole configuration: get_default_config(), load_config(), get_cfg()
_CONFIG_FACTORY = re.compile(
    r"([\w.]+\.)?(get_|load_|make_|build_|setup_)?(default_)?(config|cfg|conf|hparams|args|options|settings)\(\)"
)
_WHOLE_NAME = re.compile(
    # not the settings of the optimizer's parameter groups or of layers (`final_optimizer_settings[n] =
    # {"lr": ..., "wd": ..., "shape": ...}` per weight): the model's parts, not the run's options
    r"(?!(?:\w*_)?(?:optimizer|optim|layer|grad|weight)_(?:params|settings|config|options))"
    r"(\w+_)?(params|config|cfg|conf|hparams|hyperparams|args|opts|options|settings|variant)",
    re.I,
)
_SETTINGS_METHOD = re.compile(
    r"(?:[\w.]*\.)?(\w+)\.(get_h?params|get_hyper_?params|get_config|to_dict|as_dict)"
)
# Options read back from another run's file (a checkpoint's stored arguments), not this run's
_LOADED_RUN = re.compile(r"(torch\.load|pickle\.load|joblib\.load|\bckpt\b|checkpoint|state_dict|pretrained)")
# ... or a namespace rebuilt from them (args = Namespace(**args_dict) after merging an argument file in)
_PARSED_OPTIONS = re.compile(
    r"(parse_args\(\)|parse_known_args\(\)|FLAGS|OmegaConf|DictConfig|\bNamespace\(\))"
)
# The namespace a command-line parser returned, or an object built from it.
_CLI_NAMESPACE = re.compile(
    r"(parse_args\(\)|parse_known_args\(\)|\bFLAGS\b|\bvars\b|(^|\s)(args|opts?)(\.|\s|$))"
)
# A yacs-style global configuration imported from the project's config module (mit_semseg.config.cfg)
_GLOBAL_CONFIG = re.compile(r"(?:^|\s)[\w.]*\b(?:config|configs|defaults?)\.(?:_C|C|cfg|config|cfgs)(?:\s|$)")
# Values of the command line merged into a configuration object (cfg.merge_from_list(args.opts))
_CLI_MERGE = re.compile(r"merge_from_(list|args|dict)$|update_config$|cfg_from_list$")


def _global_config(roots: str) -> bool:
    return bool(_GLOBAL_CONFIG.search(roots)) and not _CLI_NAMESPACE.search(roots)


_FILE_LOADED = re.compile(
    r"(yaml\.(safe_|full_)?load\(\)|json\.load\(\)|toml\.load\(\)|tomllib\.load\(\)|"
    # Params.from_file(path), Config.from_json_file(path): a configuration object read from its file
    r"(Params|Config|Conf|Settings|HParams|Options)\.from_(file|json_file|yaml_file|yaml|json)\(\))"
)
# Values read out of a model: a TF session's variables, a state dict, Keras weights.
_WEIGHTS = re.compile(
    r" (sess\.run\(\)|\w*state_dict\(\)|get_weights\(\)|get_variable_value\(\)|trainable_variables|"
    r"global_variables\(\)|get_collection\(\)|tf\.get_collection|var_list|parameters\(\)|"
    # Lasagne: the values of a network's parameters (lasagne.layers.get_all_param_values(net))
    r"[\w.]*get_all_param_values(\(\))?) "
)
_ORIGIN_RANK = ("time", "counter", "named", "user_dir", "unknown", "fixed")


def keeping_of(origins: tuple) -> str:
    for o in _ORIGIN_RANK:
        if o in origins:
            return o
    return "unknown"


# A row of column names: a list of string literals, or of literal prefixes numbered in a comprehension
_HEADER_ROW = re.compile(
    r"\[\s*(['\"][^'\"]*['\"]\s*,\s*)*['\"][^'\"]*['\"]\s*,?\s*\]|"
    r"\[\s*['\"][^'\"]*['\"]\s*\+\s*str\(\w+\)\s+for\s+\w+\s+in\s+[^\]]+\]"
)
_SERIALISED = re.compile(
    r"^(?:json\.dumps|yaml\.(?:safe_)?dump|str|repr|pprint\.pformat|toml\.dumps|"
    # the project's own formatter of the options dict (basicsr's dict2str(opt))
    r"\w*2str|\w*to_?str|format_\w+|pretty\w*)\((?P<obj>.*?)(?:,.*)?\)$"
)


_OPTIONS_ROOT = re.compile(r"(^|[ ._])(args|opts?|config|cfg|hparams|flags)( |$)")


# The parameters of a model held as arrays: what numpy-based trainers save as their model.
_PARAM_VECTOR = re.compile(
    r"(model_?params?|policy_?params?|current_param|best_\w*params?|flat_?params?|get_flat\(\)|get_weights\(\)|"
    r"\.get_params\(\))",
    re.I,
)
_PLACEHOLDER_IN_PATH = re.compile(r"\{[^}/]*\}")
# A path placeholder naming the dataset directory ({args.data}, {FLAGS.data_dir}, {opt.data_root}).
_DATA_DIR_HOLE = re.compile(
    r"\{[\w.]*?(?<![a-z])(data|dataset|datasets|data_?dir|data_?path|data_?root|dataroot|data_?folder)\}",
    re.I,
)
# A field of the parsed options, and one that names overrides or a configuration file, not a setting.
_OPTION_FIELD = re.compile(r"parse_(known_)?args\(\)\.\w+$")
_OVERRIDE_FIELD = re.compile(r"\.(hyper_?params|params|overrides?|opts|config|cfg|conf|config_file|hparams)$")
# The name of a run's whole configuration object (not a model's architecture config: xlnet_config, bert_config)
_RUN_CONFIG_NAME = re.compile(
    # saved_hyperparams: the hyperparameter dict (file defaults and command-line overrides) as saved
    r"((run|submit|train|training|exp|experiment|job|task|saved|full|all)_)?"
    r"(config|cfg|conf|args|opts|options|hparams|hyperparams|hyper_params|params|settings)"
)
# (a config's text by the format it is in: args_str = " ".join(sys.argv) is no serialised config)
# training_params.txt, params.json: the run's parameter dict as text. A params.pkl or .npz can hold a JAX
# model's weights; text, JSON and YAML cannot.
_PARAMS_TEXT_FILE = re.compile(
    r"(^|[/_.-])((train|training|run|exp|experiment|hyper)_?)?param(eter)?s\.(json|ya?ml|txt|toml)$", re.I
)
# ... holding one object named as parameters, whole: str(params), json.dumps(hparams, indent=4), params
_PARAMS_TEXT = re.compile(
    r"((str|json\.dumps|yaml\.(safe_)?dump|pprint\.pformat)\()?((train|training|run|exp|experiment|all|full|model)_)?"
    r"(params|parameters|hparams|hyper_?parameters)"
    r"(\)|,.*\))?"
)
_SERIALISED_CONFIG_NAME = re.compile(_RUN_CONFIG_NAME.pattern + r"_?(json|yaml|yml|toml)")
# Calls whose result is still the options (a copy, a dict or namespace of them, a config object).
_OPTIONS_CALL = re.compile(
    r"(^|\.)(vars|dict|asdict|to_dict|to_container|copy|deepcopy|Namespace|parse_args|parse_known_args|"
    r"EasyDict|edict|AttrDict|Munch|DotMap|\w*Config\w*|\w*[Cc]onf|\w*Args|\w*Arguments|\w*Options|\w*Params|"
    r"\w*Settings|\w*HParams)\(\)$"
)


def _omegaconf_save(w) -> bool:
    """OmegaConf.save, called directly or inside a project helper ("save_config (OmegaConf.save)")."""
    return w.call.endswith(("OmegaConf.save", "OmegaConf.save)"))


# the module object itself, saved whole (torch.save(model, f)), not a dict or a state_dict
_WHOLE_MODEL = re.compile(r"^(self\.)?(\w+_)?(model|net|network|policy|agent)$", re.I)


def serialiser_of(w) -> str:
    """The serialiser a write goes through: `save_model (torch.save)` -> torch.save."""
    return w.call.rsplit(" (", 1)[-1].rstrip(")")


def _models_holding_options(ctx) -> frozenset:
    """The project's torch modules that keep the options they are built with (`class RnnModel(nn.Module):
    def __init__(self, ..., args): self.args = args`); once per index."""
    from .index.build import per_index

    def build(index):
        out = set()
        for m in index.modules.values():
            # torch's Module itself (a LightningDataModule holds data settings, and saves nothing of the model)
            modules = {cls for cls, base, _l, _c in m.bases if re.search(r"(^|\.)Module$", base)}
            if not modules:
                continue
            for a in m.assigns:
                # the parsed options (args, opt, hparams), not an architecture's config (LLaMA's self.config)
                held = re.fullmatch(r"self\.(args|opts?|hparams|hps)", a.target)
                if held is None or getattr(a.value, "text", None) != held.group(1):
                    continue
                out.update(
                    cls
                    for cls, start, cell, end in m.classes
                    if cls in modules and cell == a.cell and start < a.line <= end
                )
        if not out:
            return frozenset()
        # ... and built somewhere (RnnModel(n, args)): a class nothing constructs saves nothing
        # (or imported by name into a registry: MODELS = {"rnn_model": RnnModel}, built by its key)
        built = {c.name.rsplit(".", 1)[-1] for mm in index.modules.values() for c in mm.calls}
        built |= {i.module.rsplit(".", 1)[-1] for mm in index.modules.values() for i in mm.imports}
        return frozenset(out & built)

    return per_index(ctx.index, "_et_models_holding_options", build)


def _built_from_options(w) -> bool:
    """The written object is something a call built from the options (``model = TCN(args.emsize, ...)``,
    ``corpus = Corpus(args.data)``): the options are its inputs, not what the file holds."""
    what = w.what.strip()
    return (
        bool(w.roots)
        and re.fullmatch(r"\w+", what) is not None
        and not _CONFIG_ROOTS.search(what)
        and w.roots[0].endswith("()")
        and not _OPTIONS_CALL.search(w.roots[0])
    )


def _options_only_as_run_length(roots) -> bool:
    """The options reach a write only as the run's length (`for epoch in range(start, args.epochs)`, then
    `f.write("%03d,%0.5f" % (epoch + 1, test_loss))`; `args.epochs + 1` labelling the last row): the row's
    step counter, not a setting the file records."""
    fields = [r for r in roots if _CONFIG_ROOTS.search(r)]
    # (parse_args, parse_args() and parse_args().epochs: the chain's steps; the longest says what is read)
    leaves = [r for r in fields if not any(o != r and o.startswith(r) for o in fields)]
    return bool(leaves) and all(_SCHEDULE.search(r.rsplit(".", 1)[-1]) for r in leaves)


def _formatted_itself(root: str, roots: list, text: str) -> bool:
    """``root`` is formatted as it is, not only as the head of a longer chain that ``text`` formats."""
    if not any(o.startswith(root + ".") for o in roots):
        return True
    return re.search(re.escape(root) + r"(?![\w.\[(])", text) is not None


def _whole(what: str, roots: str) -> bool:
    """The object is a whole configuration: ``vars(a)`` where ``a`` came from parse_args(), a config
    object itself, or its serialised form (``json.dumps(vars(a), indent=4)``)."""
    text = what.strip().lstrip("*")  # Logger(path, **hps.__dict__) hands over the whole namespace
    # f.write(str(final_result) + "\n"): one line holding the object
    text = re.sub(r"^str\((.*)\)\s*\+\s*['\"]\\n['\"]$", r"\1", text)
    text = re.sub(r"^str\((\w+)\)$", r"\1", text)
    m = _SERIALISED.match(text)
    if m:
        text = m.group("obj").strip()
    # hparams.to_json(indent=0, sort_keys=True): the object's own serialisation, whatever its formatting
    # (`model_dump(include={"lr"})` dumps a part: left as it is)
    if not re.search(r"\b(include|exclude)\s*=", text):
        text = re.sub(
            # ... or sconf's config.dumps(quote_str=True), yacs's cfg.dump(default_flow_style=False)
            r"^([\w.]+\.(?:to_json|to_json_best_effort|to_dict|to_yaml|model_dump_json|model_dump|dumps?))\(.+\)$",
            r"\1()",
            text,
        )
    if _WHOLE_CONFIG.match(text) or (text == "vars(self)" and "self.__dict__" in roots.split()):
        return True  # ... or a class logging every setting it holds (index: _logged_options)
    if re.search(r"(^|\s)[\w.]*Config\.fromfile\(\)\.(pretty_)?text(\s|$)", roots):
        # logger.info(f'Config:\n{cfg.pretty_text}'), 'Config:\n{}'.format(cfg.text): an mmcv Config's whole
        # text, merges included
        return True
    if _GIN_CONFIG.search(" " + roots) or _GIN_CONFIG.search(" " + text):
        return True  # gin's config string: every binding the run used (t5x writes it to config.gin)
    # "params={}\n\nnet_params={}".format(..., params, net_params): the option dicts themselves,
    # formatted whole into the text, not a few of their fields
    # self.run_config.data_provider.train.dataset.transform formats a part the config holds, not the
    # config: a root reached only on the way to a longer chain is not formatted itself
    split = roots.split()
    formatted = [r for r in split if _formatted_itself(r, split, text)]
    if re.search(r"\{\}|%[sr]|\{\w*\}", text) and any(
        _WHOLE_NAME.fullmatch(r)
        if "." not in r
        # mit_semseg.config.cfg: a yacs-style global config imported from the project's config module
        else bool(
            _WHOLE_NAME.fullmatch(r.rsplit(".", 1)[-1])
            and re.search(r"(^|\.)(config|configs|defaults?)\.", r)
        )
        for r in formatted
        if "(" not in r
    ):
        return True
    # 'Show configuration\n{}\n'.format(cfg) after cfg = get_default_config(): the object a function
    # returning the whole configuration built, formatted whole
    if re.search(r"\{\}|%[sr]|\{\w*\}", text) and any(_CONFIG_FACTORY.fullmatch(r) for r in formatted):
        return True
    # 'Param: {}'.format(game_config.get_hparams()): a config object's method returning every setting;
    # "args: {}".format(self.args): the options the trainer was built with
    # ... f"opt: {self.opt}": the trainer's options object (`opt`, as the index reads it) formatted whole
    if re.search(r"\{\}|%[sr]|\{[\w.]*\}", text) and any(
        ((m := _SETTINGS_METHOD.fullmatch(r)) and _WHOLE_NAME.fullmatch(m.group(1)))
        or (r.startswith("self.") and (_WHOLE_NAME.fullmatch(r[5:]) or r == "self.opt"))
        for r in formatted
    ):
        return True
    # for name in sorted(vars(args)): f.write(f"{name}: {getattr(args, name)}\n"): a line per option,
    # every option of the parsed namespace
    # ... or f.write("  %s: %s\n" % (k, v)) over dict((n, getattr(opt, n)) for n in dir(opt))
    words = set(roots.split())
    # vars(opt), or every attribute: dict((n, getattr(opt, n)) for n in dir(opt))
    # ... or for k, v in args.__dict__.items(): log("{} : {}".format(k, v))
    every_option = (
        "vars" in words or {"dir", "getattr"} <= words or any(w.endswith(".__dict__") for w in words)
    )
    options_root = _OPTIONS_ROOT.search(roots)
    if (
        (re.fullmatch(r"f?(['\"]).*\{\w+[^}]*\}.*\1", text) or re.search(r"%[sr]|\{\}", text))
        and every_option
        and (_PARSED_OPTIONS.search(roots) or options_root)
    ):
        return True
    loaded = _FILE_LOADED.search(text)
    if loaded and loaded.end() == len(text):
        return True  # the configuration file as loaded, written back whole
    inner = re.fullmatch(r"vars\((\w+)\)|(\w+)\.__dict__|(\w+)", text)
    if inner and _WEIGHTS.search(" " + roots + " "):
        return False  # {v.name: value for v, value in zip(variables, sess.run(variables))}: the weights
    # The options themselves, or a whole configuration file as loaded (dict2namespace(yaml.safe_load(f)));
    # not an object built from one option (pred_dicts filled in a loop over os.listdir(args.input_dir))
    # (a namespace rebuilt from a checkpoint's stored options, Namespace(**ckpt['args']), is another run's)
    parsed = (
        _PARSED_OPTIONS.search(roots) and not _one_field_only(roots) and not _LOADED_RUN.search(roots)
    ) or _FILE_LOADED.search(roots)
    # ordered_args = OrderedDict((k, vars(self.args)[k]) ...): built from the whole argument namespace
    from_vars = every_option and options_root
    return bool(inner) and bool(parsed or from_vars)


# json.dump(H.to_json(), open(join(log_dir, "hparams.json"), "w")): an object's own serialisation of itself
# (a bare name: self.config.to_dict() in a model's save_pretrained is the architecture the model holds)
_SELF_SERIALISED = re.compile(r"(\w+)\.(?:to_json|to_dict|to_yaml|as_dict|asdict|dumps?)\(\)")


def _serialises_itself(w, what: str) -> bool:
    """An object written whole by its own serialiser into a file named as the configuration: the run's
    hyperparameters object (a dataclass handed to main(H)), not one of its fields (H.task.to_json(),
    a part) nor a model's architecture (model.to_json())"""
    m = _SELF_SERIALISED.fullmatch(what.strip())
    return (
        w.kind == "dump"
        and m is not None
        and m.group(1) != "self"
        and not _MODEL_OBJ.search(m.group(1))
        and not _DATA_OBJ.search(m.group(1))
        # a model's own save (save_pretrained, save_model) writes its architecture's config
        and not re.search(r"pretrained|save_model|_model$", w.func or "")
    )


_ARRAY_WRITERS = frozenset({"numpy.savetxt", "numpy.save", "numpy.savez", "numpy.savez_compressed"})


def _one_field_only(roots: str) -> bool:
    """The parsed options reach the object only through their fields: every root naming the parser's
    result (parse_args()) is the head of a longer root that reads a field of it (parse_args().input_dir)."""
    words = roots.split()
    heads = [r for r in words if r.endswith(("parse_args()", "parse_known_args()"))]
    # args.__dict__, args.items(): the whole namespace, not one of its fields
    if any(re.match(re.escape(h) + r"\.(__\w+__|items|keys|values|copy)\b", r) for h in heads for r in words):
        return False
    return bool(heads) and all(any(r.startswith(h + ".") for r in words) for h in heads)


def _namespace_in_sequence(what: str, roots: tuple) -> bool:
    """``torch.save((results, model.state_dict(), args), path)``: a tuple or list one of whose items is the
    parsed command line itself, not a field of it: the saved file holds every option of the run."""
    if not what.lstrip().startswith(("(", "[")):
        return False
    # ... or an item that names the options whole, however they reached here (a helper's `args` parameter,
    # `args, unknown = parser.parse_known_args()`)
    if _OPTIONS_ITEM.search(what):
        return True
    heads = [r for r in roots if r.endswith(("parse_args()", "parse_known_args()"))]
    return bool(heads) and not _one_field_only(" ".join(roots))


_OPTIONS_ITEM = re.compile(r"[(\[,]\s*(?:args|opts?|hparams|hps|FLAGS)\s*(?=[,)\]])")


_SAVE_METHODS = frozenset(
    {"save", "save_model", "save_weights", "save_checkpoint", "save_state", "dump_model"}
)


def _saves_learned_state(m, w) -> bool:
    """A trained class's own save() writing its state (a tokenizer's merges) to a file of its own: the
    trained model, whatever the format (minbpe's `{file_prefix}.model`). A data container's save (an
    encoded audio file's codes) is not: its class has no train/fit/learn method."""
    if w.kind not in ("dump", "stream") or not any(r.startswith("self.") for r in w.roots):
        return False
    around = [(line, end) for _n, line, cell, end in m.classes if cell == w.cell and line <= w.line <= end]
    return any(
        name in ("train", "fit", "learn") and cell == w.cell and start < line <= end
        for start, end in around
        for name, line, cell, _end in m.functions
    )


_FOLDER_WORD = r"\.\w*(dir|directory|folder|root|cache)"
_FOLDER_OPTION = re.compile(_FOLDER_WORD + "$", re.I)  # a root: args.cache_dir
_FOLDER_OPTION_TEXT = re.compile(r"[\w.]*" + _FOLDER_WORD + r"\b", re.I)  # ... inside an expression's text
# A pretrained encoder's own files, as released (BERT's bert_config.json and vocab.txt, GPT-2's merges.txt)
_PRETRAINED_FILE = re.compile(
    r"^(bert|albert|electra|roberta|xlnet|gpt2?)_config\.json$|^(vocab|merges)\.(txt|json)$|^(spiece|sentencepiece)\.model$"
)
# the source of a copy naming a tokenizer's vocabulary or model (vocab_path, args.spm_model, merges_file)
_VOCAB_SOURCE = re.compile(
    r"(?<![a-z])(vocab|vocabulary|merges|spm|sentencepiece|bpe|tokeni[sz]er)(?![a-z])", re.I
)
_MODEL_COMPONENT_FILE = re.compile(
    r"^(tokenizer|generation|preprocessor|processor|adapter|feature_extractor|image_processor)_config\.json$|"
    r"^special_tokens_map\.json$"
)


# the serialisers a DataFrame calls on itself (to_csv, to_json, to_pickle, to_parquet)
_TABLE_WRITERS = tuple(f".{name}" for name, (obj, _path) in SERIALISERS.items() if obj == -1)


def _counters_only(what: str) -> bool:
    """`(epoch, epoch_iter)`, `epoch + 1`, `global_step`: only loop counters and small literals."""
    words = re.findall(r"[A-Za-z_]\w*", what)
    return (
        bool(words)
        and re.fullmatch(r"[\w\s().,+\-\[\]]*", what) is not None
        and all(_SCHEDULE.search(w) for w in words)
    )


_LISTS_TRACKED = re.compile(r"\bgit\s+ls-files\b")


def _periodic_checkpointer(m, c) -> bool:
    """A DetectionCheckpointer given a save_dir in a module that saves with it (hooks.PeriodicCheckpointer,
    or a checkpointer's .save): one built only to load weights (`DetectionCheckpointer(model).load(path)`,
    an evaluation's resume_or_load) writes nothing."""
    if not (c.has_kw("save_dir") or len(c.args) > 1):
        return False
    # (a checkpointer's save resolves as detectron2.checkpoint.DetectionCheckpointer().save)
    return _drives_periodic_checkpointer(m) or any(
        x.name.endswith(".save") and "Checkpointer" in x.name for x in m.calls
    )


def _drives_periodic_checkpointer(m) -> bool:
    """The module registers detectron2's PeriodicCheckpointer hook (model_<iter>.pth every period)."""
    return any(x.name.endswith("PeriodicCheckpointer") for x in m.calls)


_DATA_SOURCE = re.compile(r"(?i)data|dataset|corpus|images?_?(dir|root)")
_DATA_FOLDERS = frozenset(
    {"data", "dataset", "datasets", "assets", "checkpoints", "configs", "images", "inputs"}
)


def _top_packages(ctx) -> frozenset:
    """The project's top-level folders of Python code (`rqvae` for rqvae/models/vq.py)."""
    from .index.build import per_index

    return per_index(
        ctx.index,
        "_et_top_packages",
        lambda index: frozenset(p.split("/", 1)[0] for p in index.modules if "/" in p),
    )


def _copies_tracked_files(m, w) -> bool:
    """A copy of each file a module function lists with `git ls-files` (`for f in self.get_file_list():
    shutil.copyfile(f, join(run_dir, f))`): a snapshot of the project's code in the run's folder."""
    listers = getattr(m, "_et_ls_listers", None)
    if listers is None:
        lines = {(c.cell, c.line) for c in m.calls if any(_lists_tracked(a) for a in c.args)}
        listers = m._et_ls_listers = frozenset(  # computed once per module; a cache, not a fact
            name
            for name, line, cell, end in m.functions
            if any(cc == cell and line <= ln <= end for cc, ln in lines)
        )
    return bool(listers) and any(r.rsplit(".", 1)[-1] in listers for r in w.roots)


def _lists_tracked(arg) -> bool:
    """`git ls-files` as one command string or as an argument list (["git", "ls-files"])."""
    text = " ".join(map(str, arg)) if isinstance(arg, (list, tuple)) else arg
    return isinstance(text, str) and _LISTS_TRACKED.search(text) is not None


def _in_dataset_class(m, w) -> bool:
    """The write sits in a class that serves samples (defines __getitem__): a dataset writing its own
    prepared files, not a run's output."""
    for _name, start, cell, end in m.classes:
        if cell == w.cell and start <= w.line <= end:
            return _defines(m, (start, cell, end), ("__getitem__",))
    return False


def _defines(m, span: tuple[int, int, int], names: tuple[str, ...]) -> bool:
    """The class spanning ``span`` (first line, cell, last line) defines a method of one of ``names``."""
    start, cell, end = span
    return any(f in names and c == cell and start < line <= end for f, line, c, _e in m.functions)


_ONE_OPTION = re.compile(r"(args|opts?|cfg|config|flags|hparams|FLAGS)\.\w+")


def _one_option_among_data(roots) -> bool:
    """The roots hold single options (`args.samplingType`) only beside other values, never the options
    object itself (`args`, `vars(args)`)."""
    options = [r for r in roots if _CONFIG_ROOTS.search(r)]
    return bool(options) and len(options) < len(roots) and all(_ONE_OPTION.fullmatch(r) for r in options)


# A string literal with no value filled in: 'model_checkpoint_path: "model.ckpt-0"'
_FIXED_TEXT = re.compile(r"[rbu]?('[^'{}]*'|\"[^\"{}]*\")")


# The command line written out: ' '.join(sys.argv), or 'python ' + ' '.join(sys.argv) + '\n' (a run.sh to rerun it)
_COMMAND_LINE = re.compile(
    r"(['\"][^'\"]*['\"]\s*\+\s*)?(.*\.join\()?sys\.argv(\[1:\])?\)?(\s*\+\s*['\"][^'\"]*['\"])?"
)


_LITERAL_FALSE = re.compile(r"^\s*(el)?if\s+(False|0|None)\s*:")


def _parameter_never_given(ctx, m, line: int, cell: int, cache: dict) -> bool:
    """The line runs only when a parameter of its function is given (`if scripts_to_save is not None:` in
    `def create_exp_dir(path, scripts_to_save=None)`), and no call of the function in the project gives it:
    what the branch writes is written by no run (DARTS' helper copying the scripts, called with the path
    alone)."""
    for start, end, c, cond, name, source, pos in m.given_blocks:
        if c != cell or not start <= line <= end or source or pos < 0:
            continue
        func = m.innermost_function(start, cell)
        # (a decorated function, a click command or a hydra main, is handed its arguments by the decorator,
        # whatever its callers pass)
        if func is None or _decorated(m, func):
            continue
        # a parameter off by default (`=None`/`=False`) that callers leave out, or one every caller hands a
        # literal False (save_checkpoint(state, is_best=False, ...) in a loop that never picks a best model)
        off = name in m.off_params.get(func[0], ())
        # `if seed is not None:` runs for seed=0: only a literal None leaves it off; `if is_best:` is off for
        # any falsy literal
        none_test = bool(re.search(rf"\b{re.escape(name)}\s+is\s+not\s+None\b", cond))
        key = (m.path, func[0], name, pos, none_test)
        if key not in cache:
            # (a method is called on objects of any name: its calls by name alone)
            method = any(cell == func[2] and a <= func[1] <= b for _c, a, cell, b in m.classes)
            calls = _calls_by_last_name(ctx).get(func[0], ()) if method else _calls_of(ctx, m, func[0])
            cache[key] = bool(calls) and not any(_gives(x, name, pos, off, none_test) for x in calls)
        if cache[key]:
            return True
    return False


def _default_path_unused(ctx, m, w, cache: dict) -> bool:
    """``w`` writes to the default of its function's path parameter (`def save_checkpoint(state, is_best,
    filename='checkpoint.pth.tar')`), and every call of the function hands that parameter a path: the
    default is written by no run; the calls' own paths are the records (placed at each call)."""
    if not w.func:
        return False
    pi = next(
        (pi for f, pi, _oi, x in m.writer_funcs if f == w.func and x.line == w.line and x.cell == w.cell),
        None,
    )
    params = m.func_params.get(w.func, ())
    if (
        pi is None
        or not 0 <= pi < len(params)
        or any(cell == w.cell and a <= w.line <= b for _c, a, cell, b in m.classes)
    ):
        return False  # (a method: called on objects of any name, its callers are not known by name)
    key = (m.path, w.func, "path", pi)
    if key not in cache:
        name = params[pi]
        calls = _calls_of(ctx, m, w.func)
        cache[key] = bool(calls) and all(x.has_kw(name) or len(x.args) > pi for x in calls)
    return cache[key]


def _gives(x, name: str, pos: int, off: bool, none_test: bool = False) -> bool:
    """Whether call ``x`` may hand parameter ``name`` (at position ``pos``) a value that runs the block: by
    keyword or position, anything but a literal None (``none_test``: the block tests `is not None`) or
    anything but a literal False, None, 0 or ""; left out, only a parameter with no default (``off`` False)
    is given, by a ``**`` or ``*`` we cannot read."""
    if x.has_kw("**") or any(getattr(a, "text", "") == "Starred" for a in x.args):
        return True
    if x.has_kw(name):
        value = next(v for k, v in x.kwargs if k == name)
    elif pos != 99 and len(x.args) > pos:
        value = x.args[pos]
    else:
        return not off
    if none_test:
        return value is not None
    return not (value is None or value is False or value == 0 or value == "")


def _calls_of(ctx, m, func: str) -> list:
    """The calls that may be of module ``m``'s function ``func``: every call by that name but those shown to
    be of another module's function of the same name (eval.py's own save_checkpoint called there, or one
    imported from or named through a third module that defines it). A call through a package's re-export or
    a star import stays: it may be this one."""
    from .detect.engine import module_named

    modules = ctx.index.modules
    definers = {p for p, xm in modules.items() if func in xm.func_params and p != m.path}

    def of_another(path: str, x) -> bool:
        head = x.name.rpartition(".")[0]
        if head:
            return not module_named(m.path, head) and any(module_named(p, head) for p in definers)
        if path == m.path:
            return False
        if path in definers:
            return True  # its own function of that name
        imported = [
            i.module.rpartition(".")[0] for i in modules[path].imports if i.module.rpartition(".")[2] == func
        ]
        return (
            bool(imported)
            and not any(module_named(m.path, h) for h in imported)
            and all(any(module_named(p, h) for p in definers) for h in imported)
        )

    return [x for path, x in _located_calls(ctx).get(func, ()) if not of_another(path, x)]


def _located_calls(ctx) -> dict:
    """The project's calls by the last segment of their name, with their module, gathered once per audit."""
    found = ctx.__dict__.get("_et_calls_at")
    if found is None:
        found = ctx._et_calls_at = {}
        for path, xm in ctx.index.modules.items():
            for x in xm.calls:
                found.setdefault(x.name.rsplit(".", 1)[-1], []).append((path, x))
    return found


def _calls_by_last_name(ctx) -> dict:
    """The project's calls by the last segment of their name, gathered once per audit."""
    found = ctx.__dict__.get("_et_calls_by_last")
    if found is None:
        found = ctx._et_calls_by_last = {k: [x for _, x in v] for k, v in _located_calls(ctx).items()}
    return found


def _decorated(m, func: tuple) -> bool:
    return any(d.cell == func[2] and func[1] - 8 <= d.line < func[1] for d in m.decorators)


def _under_literal_false(ctx, m, line: int, cell: int) -> bool:
    """The line is in a branch written `if False:` (debugging code switched off in the source), which no
    setting turns on; a branch a committed constant turns off (`if not inference_only:`) stays optional."""
    spans = [s for s in getattr(m, "dead_branches", ()) if s[2] == cell and s[0] <= line <= s[1]]
    if not spans or cell:
        return False
    lines = _lines_of(ctx)(m.path)

    def opens_branch(first: int) -> bool:
        # the line itself (`if False: torch.save(...)`), or the nearest line above it that is not a comment
        for n in range(first, max(0, first - 4), -1):
            text = lines[n - 1] if 0 < n <= len(lines) else ""
            if _LITERAL_FALSE.match(text):
                return True
            if n < first and text.strip() and not text.lstrip().startswith("#"):
                return False
        return False

    return any(opens_branch(s[0]) for s in spans)


def command_line_write(w) -> bool:
    return w.kind in ("stream", "dump") and (
        _COMMAND_LINE.fullmatch(w.what.strip()) is not None
        # cmd_input = 'python ' + ' '.join(sys.argv) + '\n'; f.write('\n' + cmd_input): the same, under a name
        or (
            "sys.argv" in w.roots
            and _TEXT_AND_NAMES.fullmatch(w.what.strip()) is not None
            and set(w.roots) <= {*re.findall(r"\w+", _STRING_LITERAL.sub("", w.what)), "sys.argv", "sys"}
        )
    )


# string literals and names joined with +: '\n' + cmd_input
_TEXT_AND_NAMES = re.compile(r"(?:['\"][^'\"]*['\"]|\w+)(?:\s*\+\s*(?:['\"][^'\"]*['\"]|\w+))*")
_STRING_LITERAL = re.compile(r"'[^']*'|\"[^\"]*\"")


# a configuration file read: yaml.safe_load, json.load, toml.load, OmegaConf.load, mmcv's Config.fromfile
_CONFIG_FILE_READ = re.compile(
    r"^(yaml\.(safe_|full_|unsafe_)?load|json\.load|toml\.load|tomllib\.load|omegaconf\.OmegaConf\.load|"
    r"[\w.]*Config\.fromfile|configparser\.\w+|gin\.parse_config_files?\w*)$"
)
COMMAND_LINE = ": the command line the run was started with"


def command_line_with_its_script(rec, ctx):
    """(command-line record, code copy) when a run writes the command line it was started with into its own
    folder and copies the script that parses it there too: the options given plus the defaults in the copied
    script are every option of the run (SEAL's cmd_input.txt beside seal_link_pred.py). Not when the script
    reads a configuration file (`yaml.safe_load(open(args.config))`): its values are in neither."""
    if rec is None:
        return None
    for p in rec.config:
        if not (p.per_run and p.evidence.detail.endswith(COMMAND_LINE)):
            continue
        m = ctx.index.modules.get(p.evidence.path)
        if m is None or any(_CONFIG_FILE_READ.search(c.name) for c in m.calls):
            continue
        folder = p.target.rsplit("/", 1)[0]
        script = p.evidence.path.rsplit("/", 1)[-1]
        for c in rec.code:
            if (
                c.per_run
                and c.target.rstrip("/") == folder
                and re.search(rf"\b{re.escape(script)}\b", c.evidence.detail)
            ):
                return p, c
    return None


HISTORY = "@history"  # the mark of a list grown by one entry per call, then dumped whole
GROWN_HISTORY = "(a history grown by one entry per step, written whole)"


# a table built from a list: pd.DataFrame(rows), pandas.DataFrame.from_records(rows)
_TABLE_OF = re.compile(r"(?:pandas|pd)\.DataFrame(?:\.from_records|\.from_dict)?\(?\)?")


# files of results, logs or data, whatever serialiser wrote them
_NOT_SETTINGS_FILE = re.compile(
    r"result|metric|score|log|histor|annotation|label|instances|predict|eval", re.I
)


def _lines_of(ctx):
    """A module's source lines by path, read when a rule needs the statement the facts keep no text of."""
    from .rules.facts import source_lines

    return lambda path: source_lines(ctx, path) or []


def grown_history(m, w, lines_of=None) -> bool:
    """``def log(self, train_point): self.data.append(train_point)`` and ``pickle.dump(self.data, fp)`` in a
    method of the same class (the same one, or a ``save()``): each call adds the value it is handed to the
    object's list, and the file holds them all, a history of values (a logger's per-epoch losses). A list
    filled from a loop's items (a vocabulary's words) or a local list is no history. So is a table made of
    that list (``df = pd.DataFrame(self._data); df.to_csv(path)``, bsuite's CSV logger)."""
    if w.cell:
        return False
    held = w.what if w.what.startswith("self.") else None
    if held is None and re.fullmatch(r"\w+", w.what) and any(_TABLE_OF.fullmatch(r) for r in w.roots):
        held = next((r for r in w.roots if re.fullmatch(r"self\.\w+", r)), None)
    if held is None:
        return lines_of is not None and _grown_by_callers(m, w, lines_of)
    owner = next(((a, b) for _c, a, cell, b in m.classes if cell == 0 and a <= w.line <= b), None)
    if owner is None:
        return False
    for c in m.calls:
        # (one entry per call: extend(ids) grows an index's id map by a batch, no history of values)
        if c.name != held + ".append" or c.cell or not owner[0] <= c.line <= owner[1]:
            continue
        handed = getattr(c.args[0], "text", "") if c.args else ""
        func = m.innermost_function(c.line, 0)
        # the method's parameters as parsed (method_params), not its source read again
        if handed.isidentifier() and func is not None and handed in m.method_params.get(func[0], ()):
            return True
    return False


def _grown_by_callers(m, w, lines_of) -> bool:
    """DeepSDF's `save_logs(experiment_directory, loss_log, lr_log, ..., epoch)` dumping `{'loss': loss_log,
    ...}`: a function of the module writing lists it is handed, called with lists its caller appends to
    (`loss_log.append(loss)` per batch). The file holds the whole history so far, rewritten each time."""
    params = m.func_params.get(w.func, ())
    handed = [p for p in params if p in w.roots]
    if not handed or w.cell:
        return False
    calls = [c for c in m.calls if c.name == w.func and not c.cell]
    # (the source is read only for such a function with callers here: the dump of every module is no reason)
    lines = lines_of(m.path) if calls else []
    for c in calls:
        caller = m.innermost_function(c.line, 0)
        # ... appended in the loop that trains (a backward pass, an optimizer step): a curve of the run,
        # not the predictions an evaluation collects batch by batch (vissl's kNN labels), nor the test
        # set's predictions gathered after the training loop in the same function
        steps = [
            x.line
            for x in m.calls
            if caller is not None
            and caller[1] <= x.line <= caller[3]
            and x.name.endswith((".backward", ".step"))
        ]
        loops = [span for s in steps if (span := _enclosing_loop(lines, s)) is not None]
        if not loops:
            continue
        for p in handed:
            i = params.index(p)
            arg = c.args[i] if i < len(c.args) else c.kw(p)
            name = getattr(arg, "text", "")
            if name.isidentifier() and any(
                x.name == name + ".append" and any(a <= x.line <= b for a, b in loops) for x in m.calls
            ):
                return True
    return False


def _enclosing_loop(lines: list[str], n: int) -> tuple[int, int] | None:
    """(first, last) line of the innermost `for`/`while` statement around line ``n``, read from its
    indentation; None outside any loop."""
    if not 0 < n <= len(lines):
        return None

    def indent(s: str) -> int:
        return len(s) - len(s.lstrip())

    depth = indent(lines[n - 1])
    for i in range(n - 1, 0, -1):
        text = lines[i - 1]
        if not text.strip() or indent(text) >= depth:
            continue
        depth = indent(text)
        if re.match(r"\s*(async\s+)?(for|while)\b", text):
            end = i
            for j in range(i + 1, len(lines) + 1):
                if lines[j - 1].strip() and indent(lines[j - 1]) <= depth:
                    break
                end = j
            return i, end
        if re.match(r"\s*(async\s+)?def\b", text):
            return None
    return None


# the result of an evaluation: eval_loop(), evaluate(), validate(), test_model(), compute_metrics()
_EVALUATED = re.compile(
    r"(?:^|\.)(?:eval\w*|evaluate\w*|validate\w*|test_\w+|compute_metrics?)\(\)(?:\.\w+)?$"
)


def _handed_every_argument(ctx, m, w) -> bool:
    """``def save_config(self, config)`` writing its one parameter to config.json, called as
    ``logger.save_config(locals())`` first thing in the training function (Spinning Up's logger): the
    file holds every argument of the function the run was started with, the whole configuration."""
    params = [p for p in m.method_params.get(w.func, m.func_params.get(w.func, ())) if p != "self"]
    if len(params) != 1 or w.func.startswith("_"):
        return False
    # method name -> whether every call of it on an object hands `locals()` (one pass over the calls)
    by_method = getattr(ctx, "_et_locals_handed", None)
    if by_method is None:
        by_method = ctx._et_locals_handed = {}
        for mod in ctx.index.modules.values():
            for c in mod.calls:
                if c.args and "." in c.name:
                    last = c.name.rsplit(".", 1)[-1]
                    by_method[last] = (
                        by_method.get(last, True) and getattr(c.args[0], "text", None) == "locals()"
                    )
    return by_method.get(w.func, False)


def launched_with(m) -> set[tuple[str, str]]:
    """(function, name) of the names a launcher hands whole to a function it was given, in that function:
    ``def call(fn, *, args, kwargs): write_metadata(dir, args=args, kwargs=kwargs); fn(*args, **kwargs)``
    gives {("call", "kwargs")} (the call's starred arguments keep no name). A decorator's wrapper passing
    its own **kwargs on says nothing of a dict written elsewhere."""
    params = {p for ps in m.func_params.values() for p in ps}
    out = set()
    for c in m.calls:
        if c.name not in params:
            continue
        inner = [f for f, a, cell, b in m.functions if cell == c.cell and a <= c.line <= b]
        for k, v in c.kwargs:
            if k == "**" and isinstance(getattr(v, "text", None), str):
                # (a closure's call, `def thunk(): return fn(*args, **kwargs)`, uses its enclosing function's)
                out |= {(f, v.text) for f in inner}
    return out


# One identifier of an object (`encoding.name`, `model.id`): what it is called, not what a run measured
_NAME_ONLY = re.compile(r"[A-Za-z_][\w.]*\.(?:name|id|kind|type)")


def _role(w, submitted=None) -> tuple[str, bool, bool] | None:
    """(role, whole, in_checkpoint) of one write, or None when it is not part of a run record.
    ``submitted``: a pattern of the files the project's commands submit (predictions)."""
    roots = " ".join(w.roots)
    target = w.target.lower()
    name = target.rsplit("/", 1)[-1]
    what = w.what
    if w.kind in ("open", "bound"):
        return None  # a bound call is a write only once followed (_helper_writes)
    if w.kind in ("stream", "dump") and _GIN_TEXT.fullmatch(what.strip()):
        # f.write(gin.operative_config_str()) into whatever path a helper builds: every binding the run used
        # (a dict holding it beside the weights is judged below, as a checkpoint)
        return "config", True, False
    if w.kind == "artifact":
        return "artifact", False, False
    if w.kind == "summary":
        return "metrics", False, False
    if (
        w.kind in ("stream", "dump")
        and _PARAMS_TEXT_FILE.search(name)
        and _PARAMS_TEXT.fullmatch(what.strip())
        # (params = {"w": w.tolist(), "b": float(b)}: a numpy model's weights built here, not the options)
        and all(_PARAMS_TEXT.fullmatch(r) or _CONFIG_ROOTS.search(r) for r in w.roots)
    ):
        # write_to_file(join(out, "training_params.txt"), str(params)): every parameter the run used, as text
        return "config", True, False
    # named like a configuration file by its own words: "{optimizer}" in log/{env}.{optimizer}.json is a
    # value filled in, not the word "opt"; a file named by one variable ({write_config_file}.txt) is named
    # by what the variable's name says
    whole_name = re.fullmatch(r"\{[^}]*\}(\.\w+)?", name) is not None
    # ... by the variable's own name: {FLAGS.seed}.txt is named by the seed, not by the flags object
    if whole_name:
        head = target.rsplit("/", 1)[0] + "/" if "/" in target else ""
        config_file = bool(_CONFIG_FILE.search(head + re.sub(r"^\{(?:[^}]*\.)?([^.}]*)\}", r"{\1}", name)))
    else:
        config_file = bool(_CONFIG_FILE.search(_PLACEHOLDER_IN_PATH.sub("_", target)))
    if w.kind == "copy" and (_MODEL_COMPONENT_FILE.search(name) or _PRETRAINED_FILE.search(name)):
        # copy(params["bert_config_file"], join(export, "bert_config.json")), vocab.txt: the pretrained
        # model's architecture and vocabulary placed beside the exported model, none of the run's settings
        return "artifact", False, False
    if w.kind == "copy":
        # The best checkpoint copied or renamed under its own name (model.ckpt-best, model_best.pth):
        # the run keeps its best model beside the last one.
        if "best" in name and (_CKPT_FILE.search(name) or name.endswith(_CKPT_SUFFIX)):
            return "checkpoint", False, False
        if (
            name.endswith((".py", ".sh"))
            # the src/ tree, not src_file_path nor a variable named src (copyfile(src, dst) of images)
            or re.search(r"(^|[\"'/ ])(\./)?src(/|[\"'])", what)
            or "__file__" in what
            or re.search(r"\.(py|sh)\b", what)  # cp ./*.py {run_dir}
            # copyfile(script, join(dir_path, "scripts", basename(script))) for scripts_to_save: a
            # snapshot of the code in the run's own scripts/ (code/, src/) folder
            or (
                re.search(r"/(scripts?|code|src|source)/[^/]*$", target)
                and re.search(r"(^|[\s._])(scripts?|code|src|source)\w*(\s|$)", roots)
            )
        ):
            return "code", False, False
        # A copied configuration file; a copied report or Markdown file is not the run's options. A
        # destination named by a variable (copyfile(config, join(path, config_name))) says nothing of
        # the file's kind, so the source, a config path, decides.
        if re.search(r"(^|[-_.}])(error|errors|log|stdout|stderr)\.(txt|log)$", name):
            return (
                None  # shutil.copyfile(log, "{0}-error.txt"): the run's log kept on failure, not its options
            )
        named_by_variable = re.fullmatch(r"\{[^}]*\}", name) is not None
        # copy(opt.config, log_dir): a destination without a file suffix is the directory the file is
        # copied into, under its own name
        into_dir = not re.search(r"\.\w{1,6}$", name)
        # copy(join(FLAGS.cache_dir, archive), ...): an option naming the folder the file sits in says where
        # it is, not that it holds the options
        folders = [r for r in w.roots if _FOLDER_OPTION.search(r)]
        located = " ".join(r for r in w.roots if not any(f == r or f.startswith(r + ".") for f in folders))
        # ... in the source text too (copy(os.path.join(FLAGS.cache_dir, name), ...) inline)
        what = _FOLDER_OPTION_TEXT.sub("", what) if folders else what
        if into_dir and _VOCAB_SOURCE.search(what):
            # shutil.copy(vocab_path, args.output_dir): the tokenizer's vocabulary placed beside the model,
            # neither the run's options nor an output of the run
            return None
        if (name.endswith(_CONFIG_SUFFIXES) or named_by_variable or into_dir) and (
            config_file or _CONFIG_ROOTS.search(located + " " + what)
        ):
            return "config", True, False
        return None
    # ... but a DataFrame's own writer (data_frame.to_csv(...)) writes a table, whatever its name reads as
    if w.kind in ("dump", "stream") and _counters_only(what) and not w.call.endswith(_TABLE_WRITERS):
        # np.savetxt(iter_path, (epoch, epoch_iter)): where the loop stands, read back to resume, not the
        # options (however the counters were built from them); model.save(epoch) labels a checkpoint
        return ("checkpoint", False, False) if w.call.rsplit(".", 1)[-1] in _SAVE_METHODS else None
    if w.kind == "dump" and _NAME_ONLY.fullmatch(what.strip()):
        # json.dump(encoding.name, f): which tokenizer (or model) the run used, by its name: no result
        return None
    if w.kind in ("dump", "stream") and _MODEL_COMPONENT_FILE.search(name):
        # tokenizer_config.json, generation_config.json: a file of the saved model, not the run's options
        return "artifact", False, False
    if w.kind == "stream" and _COMMIT_FILE.search(name):
        return None  # git_infos.txt: the commit and branch of the run (commit_recorded), not its metrics
    if command_line_write(w):
        # print(" ".join(sys.argv), file=stats_file): the command line the run was started with, the
        # options given explicitly; the defaults stay in the code
        return "config", False, False
    if w.kind == "stream" and _HEADER_ROW.fullmatch(w.what.strip()):
        # writer.writerow(['update' + str(i) for i in range(n)]): a table's column names, whatever the
        # names the row is built from reach: the table is the record (a results table), not the options
        return ("metrics", False, False) if name.endswith((".csv", ".tsv")) else None
    words = set(w.roots)
    if w.kind in ("dump", "stream") and {"self.__dir__", "getattr"} <= words:
        # {k: str(getattr(self, k)) for k in self.__dir__()}: every attribute of the trainer written out,
        # its settings among them (nnU-Net's debug.json)
        return "config", True, False
    if (
        w.kind == "stream"
        and _RESULTS_NAME.search(name)
        and "instances_results" not in name  # coco_instances_results.json: per-instance outputs
        and not config_file
        and not _WHOLE_CONFIG.match(what.strip())
        and not re.search(r"\bvars\(|__dict__", what)
    ):
        # writer.write(f"{key} = {value}\n") into train_results.txt / eval_results.txt: the run's
        # results, whatever options the loop's names also reach
        return "metrics", False, False
    configish = bool(_CONFIG_ROOTS.search(roots) or _CONFIG_ROOTS.search(what))
    if configish and _RUN_LABEL_OPTION.fullmatch(what.strip()):
        # f.write(args.tag) into experiment_tag.txt: the label the run is given, none of its settings
        return None
    if configish and (
        _built_from_options(w)
        # (unless the namespace is written whole beside it: "{} epochs with {}".format(args.epochs, vars(args)))
        or (_options_only_as_run_length(w.roots) and not re.search(r"\bvars\b|__dict__", f"{what} {roots}"))
    ):
        configish = False
    if configish and " (" in w.call and _one_option_among_data(w.roots):
        # run(trainDataset, valDataset, batchSize, args.samplingType, ...) reaching a writer of its logs: the
        # arguments a project helper is handed, one option value among them, are not the run's options
        configish = False
    # a project helper's write is named "save_pickle (pickle.dump)": the serialiser is the inner call
    serialiser = serialiser_of(w)
    # np.savetxt(pred, "outputs/{args.exp_name}/pred_result/x.txt"): an array writer holds numbers (the
    # predictions, the points), whatever options their computation read; never the options themselves
    if configish and serialiser in _ARRAY_WRITERS and not _whole(what, roots):
        configish = False
    # pickle.dump(params, open(os.path.join(params.dump_path, "params.pkl"))): an object that carries
    # the run's own output directory is the options namespace, not weights.
    if (
        w.kind == "dump"
        and what
        and re.fullmatch(r"\w+", what)
        # ... or names it by its own fields, once the directory is resolved: pickle.dump(params, ...) into
        # {dump_path}/{params.exp_name}/{params.exp_id}/ (the experiment's name and id are options, never a model's fields)
        and re.search(
            r"\{" + re.escape(what) + r"\.\w*(dir|path|folder|root|exp_name|exp_id|run_name|run_id)\w*\}",
            w.target,
            re.I,
        )
    ):
        return "config", True, False
    # msn's main.py: `params = yaml.load(y_file)` of the run's configuration file, then `yaml.dump(params, f)`
    # into the logging folder: the configuration as loaded, copied whole, whatever the variable is called
    # (a YAML file, or JSON named for settings: not annotations filtered and re-saved, nor a results table
    # read, extended and written back)
    if (
        w.kind == "dump"
        and re.fullmatch(r"\w+", what)
        and re.search(r"(^|\s)(yaml\.(safe_|full_)?load|json\.load)\(\)", roots)
        and (
            (serialiser.endswith(("yaml.dump", "yaml.safe_dump")) and name.endswith((".yaml", ".yml")))
            or (
                serialiser.endswith("json.dump")
                and name.endswith(".json")
                and (config_file or "param" in name)
            )
        )
        and not _NOT_SETTINGS_FILE.search(name)
    ):
        return "config", True, False
    if w.kind == "checkpoint":
        return "checkpoint", False, False
    is_ckpt_file = name.endswith(_CKPT_SUFFIX) or (not name.count(".") and _CKPT_FILE.search(name))
    if is_ckpt_file and w.kind == "stream" and not w.roots and _FIXED_TEXT.fullmatch(what.strip()):
        # write('model_checkpoint_path: "model.ckpt-0"') into model/checkpoint: a fixed text (TF's pointer
        # to weights downloaded beside it), no model's state
        return None
    model_obj = bool(_MODEL_OBJ.search(roots) or _MODEL_OBJ.search(what) or _WEIGHTS.search(f" {roots} "))
    torch_like = serialiser.endswith(
        ("torch.save", "save_on_master", "pickle.dump", "joblib.dump", "dill.dump")
    )
    # torch.save(anything, ".../ckpt_100.pth"): a checkpoint file format, unless the object is named as
    # metrics or data (torch.save(metrics, "metrics.pth"), torch.save(train_set, "train.pt"), a mel
    # spectrogram cached as .pt): the format holds any tensor or dict.
    weights_file = (
        name.endswith((".pt", ".pth", ".ckpt", ".safetensors", ".pth.tar"))
        and torch_like
        and not _METRIC_OBJ.search(what)
        and not _DATA_OBJ.search(what)
    )
    # json.dump([es.current_param().tolist()], open(filebase + ".json")): a numpy model's parameter
    # vector (evolution strategies, plain numpy policies) saved as JSON or .npy is its checkpoint
    # ... but not an estimator's settings walked by name (self.get_params().items(): scikit-learn's API)
    param_vector = (
        w.kind == "dump"
        and bool(_PARAM_VECTOR.search(f"{what} {roots}"))
        and "get_params().items" not in roots
    )
    # save_pickle({'sac': sac, 'variant': variant}, 'model.pkl'): a file its writer names as the model,
    # in a model format, holds the model whatever the dict is called
    model_file = (
        is_ckpt_file and torch_like and re.match(r"(model|checkpoint|ckpt|weights|policy|agent)\b", name)
    )
    # torch.save(predictions, join(output_folder, "predictions.pth")): what the model output, in any
    # format, is the run's output, not its weights
    if (
        w.kind == "dump"
        and not config_file
        and (
            _PREDICTION_ROOTS.search(f" {what} ")
            or _PREDICTIONS_NAME.search(name)
            # records {"image_id": ..., "caption": ...} appended per example (index: appended_keys)
            or "per-example predictions" in w.roots
        )
        # ... unless it holds the weights ({"net": model.state_dict()} saved as pred_head_best.pth)
        and not _MODEL_OBJ.search(what)
        and not _WEIGHTS.search(f" {roots} ")
        and not model_file
    ):
        return "artifact", False, False
    # def save_params(network, sess, filename): dill.dump(to_save, f) of the values its variables hold: what
    # a function named for saving the model serialises is the model, whatever the dict is called (not
    # its own object's attributes, nor the options: torch.save(self.args) in a trainer's _save_model)
    model_saver = (
        w.kind == "dump"
        and _MODEL_SAVER_FUNC.fullmatch(w.func or "") is not None
        and not what.startswith("self")
        and not _CONFIG_ROOTS.search(f"{what} {roots}")
        and not _METRIC_OBJ.search(what)
        and not _DATA_OBJ.search(what)
    )
    if (
        w.kind in ("dump", "stream")
        and (model_obj or weights_file or param_vector or model_file or model_saver)
        and (is_ckpt_file or torch_like or param_vector)
        and not config_file
    ):
        # A checkpoint that also holds the options: {"model": ..., "args": args}, {"settings": opt}
        holds_config = bool(_OPTIONS_KEY.search(roots)) or _namespace_in_sequence(what, w.roots)
        return ("config" if holds_config else "checkpoint"), holds_config, holds_config
    # str(final_result) after final_result.update(vars(model_args)): the whole options namespace, written
    # (with the run's results) into a record; vars() of an options object is never a metric.
    options_vars = bool(re.search(r"\bvars\b", roots)) and configish
    # A forecast or prediction table whose columns or path are named from the options is an output.
    plain = _COMPRESSED.sub("", re.sub(r"\{[^}]*\}", "", name))  # the file name without placeholders
    if (
        w.kind == "dump"
        and (_PREDICTION_FILE.search(plain) or PREDICTION_PER_STEP.search(name))
        and not config_file
        and not _whole(what, roots)
    ):
        return "artifact", False, False
    # the dataset folder heads the path ({args.data}/corpus); {args.dataset}_{time} names a run's folder
    if (
        w.kind == "dump"
        and not config_file
        and "/" in target
        and _DATA_DIR_HOLE.fullmatch(target.split("/", 1)[0])
    ):
        # pickle.dump(data, open(join(opt.data_dir, opt.save_data))), json.dump(record_info, ...) under
        # {FLAGS.data_dir}/tfrecords: what a preprocessing step leaves in the dataset directory is data
        return None
    if config_file or (
        configish and w.kind in ("dump", "stream") and (options_vars or not _METRIC_OBJ.search(what))
    ):
        # f.write(data) where data = open(config_path).read(): a verbatim copy of the config file
        copied = bool(config_file) and ".read" in roots
        # config.save(path): a configuration object writing itself, all of it
        itself = (
            w.kind == "dump"
            and bool(what)
            and w.call.endswith(".save")
            and w.call[:-5] in (what, *w.roots[:1])
        )
        # pickle.dump(submit_config, open(join(run_dir, "submit_config.pkl"))): an object named as the
        # configuration, dumped whole into a file named as one
        # ... or its serialised text streamed into one (tf.write(config_json) into config.json)
        named_whole = bool(config_file) and (
            (w.kind == "dump" and _RUN_CONFIG_NAME.fullmatch(what.strip()) is not None)
            or (w.kind == "stream" and _SERIALISED_CONFIG_NAME.fullmatch(what.strip()) is not None)
            or _serialises_itself(w, what)
        )
        # OmegaConf.save, also through the project's helper (`dump_config (omegaconf.OmegaConf.save)`):
        # the config object handed to it is written whole
        omega = _omegaconf_save(w)
        whole = _whole(what, roots) or copied or itself or named_whole or omega
        return "config", whole, False
    if w.kind in ("dump", "stream") and (_PREDICTION_FILE.search(plain) or PREDICTION_PER_STEP.search(name)):
        return "artifact", False, False  # predictions.jsonl, samples.npz, inference-{step}.npz, sub.csv.gz
    if (
        w.kind == "dump"
        and plain.endswith(_TABLE_SUFFIXES)
        and not _METRIC_FILE.search(plain)
        and (
            _PREDICTION_ROOTS.search(roots)
            or (submitted is not None and submitted.fullmatch(_placeholders(w.target)))
        )
    ):
        # A table built from the model's predictions (all_preds, model.predict()), or the file the
        # project's own commands submit (`kaggle competitions submit -f subs/x.csv.gz`): the run's output.
        return "artifact", False, False
    if (
        w.kind == "dump"
        and plain.endswith(_TABLE_SUFFIXES)
        and re.search(r"\.(encode|embed\w*)\(\)", roots)
        and _MODEL_OBJ.search(roots)
        and not re.search(r"(tokeni[sz]er|vocab|bpe|sp_?model)\w*(\(\))?\.encode", roots, re.I)
    ):
        # np.save(out, model.encode(sents)): the embeddings a model computes are its output, not data
        # prepared for it (a tokenizer's encode() is: its ids feed the training)
        return "artifact", False, False
    if _RAW_BYTES.search(what + " " + roots):
        return None  # downloads, images, packed weights: data, not a record of the run
    if w.kind == "dump" and _FILLED_SLICE.fullmatch(what):
        return None  # np.save(path, self.reward[:self.size]): a replay buffer's filled part, data
    if _DATA_STATS.search(what + " " + name):
        # dataset_statistics.json, norm_stats.json beside a checkpoint: the normalisation the model
        # needs to run (action/observation mean and std), not a measurement of the run
        return None
    # data/no_score.csv next to data/training_features.csv: rows exported for later use, not metrics
    in_data_dir = bool(DATA_DIRS.intersection(target.lower().split("/")[:-1]))
    if in_data_dir and w.kind == "dump":
        return None
    if _CACHE_FILE.search(name):
        # pickle.dump((current_hash, result), open(filename + "_cache", "wb")) in a plotting script: a
        # cache of what it read, rebuilt when its inputs change, not a record of a run
        return None
    # ... or the console teed into a file (fairseq_train.stdout, train.out): whatever the run prints
    metric_file = bool(_METRIC_FILE.search(target)) or (
        w.kind == "stream" and not what and re.search(r"\bsys\.stdout\)?$", w.call) is not None
    )
    # An appended log file (not a dotfile such as .gitattributes, not a scratch tmp file).
    appended_log = (
        ("a" in w.mode)
        and (name.endswith(_LOG_SUFFIXES) or name in ("log", "logs", "results", "history"))
        and not name.startswith(".")
        and "tmp" not in name
        # dest_file.write(example) of records converted from the files read beside it: a dataset built
        # (by the record's own word: a logger's `writerow(data)` is handed whatever the run logs)
        and not re.fullmatch(r"(example|sample|instance|datum)s?", what)
    )
    # np.savez(path, logits=..., labels=...): arrays named by keyword are judged by their names
    # (a replay buffer's obs/actions/rewards is data, `logits` no log), not by the text around them
    keyed = serialiser.endswith(("savez", "savez_compressed")) and [
        r[4:] for r in w.roots if r.startswith("key:")
    ]
    if (w.kind == "stream" and (metric_file or appended_log)) or (
        w.kind == "dump" and (metric_file or (_metric_arrays(keyed) if keyed else _METRIC_OBJ.search(what)))
    ):
        return "metrics", False, False
    if w.kind == "dump" and HISTORY in w.roots:
        return "metrics", False, False
    if w.kind == "stream" and _METRIC_LINE.match(what.strip()) and not _ONE_OPTION.search(what + " " + roots):
        # print('Final Accuracy: %.4f' % fin.mean(), file=f): a line naming a measure and formatting its
        # number, into a file of the run: a result kept, whatever the file is called (not a setting's value,
        # "loss weight = %.2f" % args.loss_weight)
        return "metrics", False, False
    return None


# A text line that names a measure and formats a number into it: 'Final Accuracy: %.4f' % acc,
# f"val loss {loss:.3f}", "bleu = {:.2f}".format(b)
_METRIC_LINE = re.compile(
    r"f?(['\"])[^'\"\n]*\b(?:accuracy|acc|loss|error|err|precision|recall|f1|auc|bleu|rouge\w*|perplexity|ppl|"
    r"reward|return|map|iou|psnr|ssim|score|nll|bpd|top-?[15])\b[^'\"\n]*"
    r"(?:%[-+ #0]*\d*(?:\.\d+)?[fegd]|\{[^}]*:[^}]*[fegd%]\}|\{\})",
    re.I,
)


# Arrays a transition buffer is saved as, and whole-word names of a run's measurements
_BUFFER_KEYS = frozenset(
    {"obs", "observations", "action", "actions", "next_obs", "next_observations", "dones", "terminals",
     "states", "next_states", "terminal", "done"}
)  # fmt: skip
_METRIC_KEY_WORD = re.compile(
    r"(^|_)(loss|losses|acc|accuracy|bpd|nll|ppl|elbo|perplexity|score|scores|metric|metrics|returns?|rewards?|"
    r"errors?|fid|bleu|psnr|ssim|auc|iou|history)(_|$)",
    re.I,
)


def _metric_arrays(keys: list[str]) -> bool:
    return not _BUFFER_KEYS.intersection(k.lower() for k in keys) and any(
        _METRIC_KEY_WORD.search(k) for k in keys
    )


# A key naming the run's results as a whole word (log_return, train_losses, eval_history), not a setting
# that mentions one (grad_accum_steps, log_dir, eval_interval, loss_scaler)
_CURVE_WORDS = frozenset(
    {"return", "returns", "reward", "rewards", "loss", "losses", "metric", "metrics", "history", "score",
     "scores", "accuracy", "accuracies", "curve", "curves", "results"}
)  # fmt: skip
# ... nor one value kept for resuming or selection (nanoGPT's best_val_loss in ckpt.pt)
_SETTING_WORDS = frozenset(
    {"dir", "path", "interval", "freq", "scaler", "fn", "type", "steps", "every", "weight", "best", "min", "max",
     "last"}
)  # fmt: skip


_CACHE_FILE = re.compile(r"(^|[_.{}-])cache([_.{}-]|$)", re.I)
_RUN_LABEL_OPTION = re.compile(
    r"(args|opts?|FLAGS|flags|config|cfg|hparams)\.(tags?|name|exp_?name|run_?name|experiment_?name|notes?|comment|"
    r"description|run_?id|exp_?id)",
    re.I,
)


def _curve_key(key: str) -> bool:
    parts = set(key.lower().split("_"))
    return bool(parts & _CURVE_WORDS) and not parts & _SETTING_WORDS


# The filled part of an object's stored arrays: self.state[:self.size], self.reward[:self.crt_size]
_FILLED_SLICE = re.compile(r"self\.\w+\[[^\]]*\b(self\.)?\w*(size|ptr|crt|count|end|idx)\w*[^\]]*\]")
_COMPRESSED = re.compile(r"\.(gz|bz2|xz|zip|zst)$", re.I)
_TABLE_SUFFIXES = (".csv", ".tsv", ".parquet", ".feather", ".npy", ".npz", ".json", ".jsonl", ".txt", ".pkl")
# Names the written table is built from that hold the model's predictions.
_PREDICTION_ROOTS = re.compile(
    r"(^|[ ._])(preds?|predictions?|predicted\w*|\w+_preds?|y_pred\w*|y_hat|\w*\.predict(_proba)?\(\)|\w*get_preds\(\))( |$)|"
    # RandomForestClassifier().fit().predict().astype(): a fitted model's output, however converted
    r"\.predict(_proba)?\(\)(\.\w+\(\))*( |$)"
)
# Competition submissions the project's commands upload: kaggle competitions submit -f <file>
_SUBMIT = re.compile(r"\bkaggle\s+competitions\s+submit\b.*?(?:-f|--file)[ =]+(['\"]?)(\S+?)\1(?:\s|$)")
_PLACEHOLDER = re.compile(r"\{[^}]*\}|\$\{?\w+\}?")


def _placeholders(path: str) -> str:
    return _PLACEHOLDER.sub("{}", path.lstrip("./"))


def _submitted(ctx):
    """One pattern for the files the project's commands submit to a competition, or None."""
    found = []
    for _p, _c, _l, cmd in ctx.index.shell:
        m = _SUBMIT.search(cmd)
        if m:
            found.append(m.group(2))
    for path, text in ctx.index.texts.items():
        if is_shell_script(path) or path.endswith(".md"):
            found += [m.group(2) for m in _SUBMIT.finditer(text)]
    if not found:
        return None
    # A placeholder of the command ({sub_name}, $NAME) matches any name, and a write's own ({name})
    parts = sorted({re.escape(_placeholders(f)).replace(re.escape("{}"), "[^/]*") for f in found})
    return re.compile("|".join(parts))


def callers_by_name(index, wanted: set, passed: bool = False) -> dict[str, set]:
    """{function name: modules that call it by its last name} for the names in ``wanted``, in one pass
    over every call. ``passed``: a function handed on as the first argument (`tf.app.run(main)`,
    `pool.map(worker, ...)`) is called there too."""
    callers: dict[str, set] = {}
    for path, m in index.modules.items():
        for c in m.calls:
            last = c.name.rsplit(".", 1)[-1]
            if last in wanted:
                callers.setdefault(last, set()).add(path)
            if passed:
                for a in c.args[:1]:
                    text = getattr(a, "text", "")
                    if text in wanted:
                        callers.setdefault(text, set()).add(path)
    return callers


def _script_only_functions(ctx) -> dict[str, set]:
    """Per side script (an entry point that trains nothing, imported by the training code for its
    helpers: data_utils.py), the functions only its own `__main__` block runs (`tf.app.run(create_data)`):
    what they write belongs to that script's runs (data preparation), not to the training runs."""
    training = {e.path for e in ctx.taxonomy.training_entry_points}
    if not training:
        return {}  # no training path to tell apart: the scripts' own records are all there is
    from .detect.engine import project_imports

    imported = {p for hits in project_imports(ctx.index).values() for p in hits}
    started_in: dict[str, set] = {}
    for e in ctx.taxonomy.entry_points:
        m = ctx.index.modules.get(e.path)
        if m is None or e.path in training or e.path not in imported or not m.main_guard or not m.writes:
            continue
        local = {name for name, *_ in m.functions}
        started = {
            n
            for c in m.calls
            if (c.cell, c.line) >= (m.main_guard_cell, m.main_guard)
            for n in (c.name.rsplit(".", 1)[-1], *(getattr(a, "text", "") for a in c.args[:1]))
            if n in local
        }
        if started:
            started_in[e.path] = started
    if not started_in:
        return {}
    # ... and that no other module calls by name: one pass over the calls for all side scripts
    callers = callers_by_name(ctx.index, set().union(*started_in.values()))

    def calls_another(name: str, caller: str) -> bool:
        # sunrgbd/dataset.py's own viz_votes called in its __main__ is not scannet/dataset.py's
        return name not in ctx.index.modules[caller].toplevel

    out = {}
    for path, started in started_in.items():
        only = {n for n in started if not any(calls_another(n, p) for p in callers.get(n, set()) - {path})}
        if only:
            out[path] = only
    return out


def build_records(ctx) -> RunRecords:
    from .detect.engine import scope_of

    rec = RunRecords()
    switched_funcs = rec.switched_functions = _switched_functions(ctx)
    helper_writes = _helper_writes(ctx)
    fresh_vars = _fresh_dir_vars(ctx)
    submitted = _submitted(ctx)
    # The project's own Trainer subclasses (class CLTrainer(transformers.Trainer)) write what the Trainer
    # writes; arguments parsed as several dataclasses (model, data, training) are saved only in part.
    trainer_classes = {
        cls
        for m in ctx.index.modules.values()
        for cls, base, _, _ in m.bases
        if base.endswith(
            ("transformers.Trainer", "transformers.trainer.Trainer", "Seq2SeqTrainer", "SFTTrainer")
        )
    }
    split_args = splits_hf_arguments(ctx)
    # A LightningModule's hyperparameters (save_hyperparameters(), self.hparams = hparams) are written
    # by Lightning's loggers into each run's folder.
    saves = [
        c for m in ctx.index.modules.values() for c in m.calls if c.name.endswith("save_hyperparameters")
    ]
    hparams_saved = bool(saves) or any(
        a.target.endswith(".hparams") or a.target == "self.hparams"
        for m in ctx.index.modules.values()
        for a in m.assigns
    )
    pl_writes = frozenset({"config"} if hparams_saved else ()) | _lightning_metrics(ctx)
    # config.cmd_args = vars(args): the parsed command line folded into the configuration object, so an
    # OmegaConf.save of that configuration holds the options too, not only what its files said
    # ... into a configuration object, not an unrelated class's `self.args = vars(args)`
    namespace_folded = any(
        "." in a.target
        and type(a.value) is Dyn
        and a.value.text == "vars()"
        and re.search(r"(conf|cfg|hparams)", a.target.rsplit(".", 1)[0], re.I)
        for m in ctx.index.modules.values()
        for a in m.assigns
    )
    whole_given = module_given_whole_options(ctx)
    if saves and all(
        c.args and (isinstance(c.args[0], dict) or (isinstance(c.args[0], str) and not whole_given))
        for c in saves
    ):
        # save_hyperparameters({"lr": lr, ...}) or ("sincnet", "lstm") only: hparams.yaml holds the keys
        # chosen, not the whole config
        pl_writes |= {"subset"}
    elif saves and all(not c.args or isinstance(c.args[0], (dict, str)) for c in saves) and not whole_given:
        # save_hyperparameters() records the module's constructor arguments: the whole configuration only
        # where the module is handed the whole options (LitModel(**vars(args)), LitModel(hparams=args));
        # LitModel(args.hidden_dim, args.lr) leaves the batch size and the Trainer's flags unrecorded
        pl_writes |= {"subset"}
    # The project's own top-level modules and packages (under src/ for a src layout).
    own_modules = own_modules_of(ctx)
    own_classes = frozenset(cls for m in ctx.index.modules.values() for cls, *_ in m.bases)
    # class CheckpointHandler(ModelCheckpoint): the project's subclass of a framework's writer writes
    # what the framework's class writes (its base, resolved as imported)
    writer_bases = {
        cls: base
        for m in ctx.index.modules.values()
        for cls, base, *_ in m.bases
        if base.endswith(_WRITER_SUFFIXES)
        and base.split(".", 1)[0] not in own_modules
        # ... unless the subclass writes for itself (keras-yolo3's CustomModelCheckpoint saves in its own
        # on_epoch_end): its own writes are the record
        and not _writes_in_class(m, cls)
    }
    d2_trainers = frozenset(
        cls
        for m in ctx.index.modules.values()
        for cls, base, *_ in m.bases
        if base.endswith("DefaultTrainer")
    )
    tune_saves = _tune_trainable_saves(ctx)
    from .rules.facts import WHOLE_MODULE, dead_functions

    dead = dead_functions(ctx)
    self_tests = _self_test_starts(ctx)
    script_only = _script_only_functions(ctx)
    held_options = option_classes(ctx)
    resume_options: list[Evidence] = []
    resume_loads: list[Evidence] = []
    estimator_runs: set | None = None  # what the project runs its Estimators for: train, evaluate
    estimator_resume: list[Evidence] = []
    unpassed: dict = {}  # (module, function, parameter, position) -> no call gives it (_parameter_never_given)
    # Each module by the dotted name other modules import it under (pkg/config.py -> pkg.config, config).
    dotted: dict[str, str] = {}
    for p in ctx.index.modules:
        if p.endswith(".py"):
            parts = p[:-3].removesuffix("/__init__").split("/")
            for i in range(len(parts)):
                dotted.setdefault(".".join(parts[i:]), p)
    getters = commit_getters(ctx)
    # project functions whose return value holds the commit they read (not any function that reads it)
    returning = {f for m in ctx.index.modules.values() for f in m.commit_returns}
    field_kinds = _field_kinds(ctx)
    run_kwargs = _run_dir_kwargs(ctx)
    # class -> the last names of its bases, for the calls that build it through a subclass
    project_classes = _class_bases(ctx) if run_kwargs else {}
    summary_adds: list[str] | None = None  # read when the first TF1 FileWriter is met
    sinks = _log_sinks(ctx)
    from .shell_logs import console_logs

    console = console_logs(ctx)
    for path in sorted(ctx.index.modules):
        if scope_of(path) in ("test", "example") or WHOLE_MODULE in dead.get(path, ()):
            continue
        m = ctx.index.modules[path]
        # Files some write fills with the model's predictions (writerows(zip(ids, forest.predict(X)))): the
        # header row written into them names a predictions table (a submission), not a results table.
        predicted = {
            w.target
            for w in m.writes
            if w.kind in ("dump", "stream") and w.target and _PREDICTION_ROOTS.search(" ".join(w.roots))
        }
        commit_read = any(
            (reads_commit(c) or c.name.startswith("git.Repo"))
            for c in m.calls
            # (sh.git.log(...): the sh library runs git as a function)
            if c.name.startswith(("subprocess.", "os.popen", "git.", "os.system", "sh.git"))
            or "rev_parse" in c.name
        )
        # GIT_INFO = check_git_info() / results["git_hash"] = get_git_commit_hash(): a project function that
        # reads the commit, called here; a write records it when its value names it ({"git": GIT_INFO})
        commit_got = (
            not commit_read and bool(getters) and any(c.name.rsplit(".", 1)[-1] in getters for c in m.calls)
        )
        spans = dead.get(path, ())
        commit_writes: list[tuple[bool, object]] = []  # (the value names the commit, the write)
        fresh = fresh_vars.get(path, {})
        called = None
        written = None  # see text_written
        # a Baselines logger copy: what its output formats write is read at the project's configure() call
        # (the formats and the folder chosen there), as for the library itself; the project's own helpers
        # added to the copy (save_config, save_model) write as they do anywhere
        copies = baselines_logger_copies(ctx.index)
        formats = _output_format_spans(m) if path in copies and _copies_configured(ctx, copies) else ()
        # (the writes configure() makes through make_output_format, placed in the copy, are those formats')
        for w in [*m.writes, *(() if formats else helper_writes.get(path, ()))]:
            if formats and in_spans(formats, w.line, w.cell):
                continue
            if w.kind == "stream" and not w.target and _LOGGED.search(w.call):
                # the options logged in a module that sets up no log file: they land in the file its
                # call of the project's logging setup opens (init_logger(log_dir), setup_logger(save_dir)),
                # or only on the screen
                if called is None:  # this module's calls by name, once per module that needs them
                    called = {c.name.rsplit(".", 1)[-1] for c in m.calls}
                opened = next((x for x in sinks if x.func and x.func in called), None)
                if opened is not None and opened.target.startswith("{") and opened.target.endswith("}"):
                    # add_file_handler(name, log_file): the file is the path this module hands it
                    # (os.path.join(cfg.TRAIN.LOG_DIR, 'logs.txt')), placed at the call
                    opened = next(
                        (
                            x
                            for x in helper_writes.get(path, ())
                            if x.kind == "stream" and x.call.startswith(f"{opened.func} (")
                        ),
                        opened,
                    )
                if opened is None:
                    # ... or the file its launch script tees the console into (`| tee ${dir}/train-$now.log`)
                    kept = console.get(path)
                    if kept is None:
                        continue
                    w = w._replace(target=kept.target, origins=(kept.keeping,))
                else:
                    w = w._replace(target=opened.target, origins=opened.origins)
            if w.target.startswith("{"):
                w = _imported_path(w, m, ctx.index.modules, dotted)
            if w.target.endswith("}"):
                w = _imported_file_name(w, m, ctx.index.modules, dotted)
            if run_kwargs and w.func and w.target.startswith("{") and "user_dir" in w.origins:
                w = _passed_run_dir(w, m, run_kwargs, project_classes, ctx)
            kind = (
                fresh.get(_hole_name(w.target)) or fresh.get((w.func, _hole_name(w.target)))
                if fresh and w.target.startswith("{")
                else None
            )
            if kind is None and field_kinds and "user_dir" in w.origins:
                # {self.config.results_path}: the field every config class of the project builds with a
                # timestamp (self.results_path = ... / datetime.now().strftime(...)) in its own module
                head = re.match(r"\{([\w\[\]'\"]+)\.(?:[\w\[\]'\"]+\.)*(\w+)\}", w.target)
                cli = head is not None and _CLI_NAMES.fullmatch(head.group(1))
                kind = field_kinds.get(head.group(2)) if head and not cli else None
            if kind and kind not in w.origins:
                # ckpt_dir = checkpoint.create_save_path(...): a directory made per run (timestamped, or
                # the next run number)
                w = w._replace(origins=(kind, *(o for o in w.origins if o not in ("user_dir", "unknown"))))
            if spans and in_spans(spans, w.line, w.cell):
                continue  # written inside a function or method nothing calls
            if w.kind != "summary" and _under_literal_false(ctx, m, w.line, w.cell):
                continue  # `if False:  # visualize some graphs` ... f.savefig('tmp_vis.png'): never runs
            if getattr(m, "given_blocks", None) and _parameter_never_given(ctx, m, w.line, w.cell, unpassed):
                continue  # create_exp_dir(path, scripts_to_save=None) called as create_exp_dir(args.save)
            if "{" not in w.target and _default_path_unused(ctx, m, w, unpassed):
                continue  # save_checkpoint(state, filename='checkpoint.pth.tar') every caller hands a filename
            if _deleted_at_exit(m, w):
                continue  # copyfile(config, join(self.tmp.name, "mod.py")) to import it: gone when the run ends
            if path in self_tests and not w.func and (w.cell, w.line) > self_tests[path]:
                continue  # config_util.py's `if __name__ == "__main__":` check: training imports the module
            if w.func and w.func in script_only.get(path, ()):
                continue  # data_utils.create_data, run only by `python data_utils.py`: a preparation run
            if w.kind == "checkpoint" and w.roots[:1] and w.roots[0].endswith("from_pretrained()"):
                if not _trains_in(m, w.func):
                    continue  # pipe = X.from_pretrained(...); pipe.save_pretrained(path): a downloaded model cached
            if w.kind == "estimator":
                optional = _switched(m, w.line, w.cell) or (w.func in switched_funcs)
                if w.call.endswith(("MonitoredTrainingSession", *TF_CHECKPOINT_DIRS)):
                    if w.what == "restores" and not _trains_in(m, w.func):
                        continue  # evaluate.py restoring a trained model to score it: no training resumed
                    estimator_resume += _monitored_session_record(rec, path, w, optional)
                    continue
                if estimator_runs is None:
                    estimator_runs = _estimator_runs(ctx)
                estimator_resume += _estimator_record(rec, path, w, estimator_runs, optional)
                continue
            marks = self_marks(w.roots)
            own_whole = bool(marks) and whole_self(w, held_options)
            if marks and not own_whole:
                if w.what == "self" and w.call.startswith(("super().", "self.")):
                    continue  # another class saving itself (a model's save): read by the other facts
                w = w._replace(roots=tuple(r for r in w.roots if not r.startswith(SELF_MARK)))
            # The commit read with git rev-parse and written into the run's record: open(githash).write(sha)
            if (
                commit_read
                and w.kind != "open"
                and _COMMIT.search(" ".join(w.roots) + " " + w.what + " " + w.target)
            ) or (commit_got and w.kind != "open" and _COMMIT.search(" ".join(w.roots) + " " + w.what)):
                commit_writes.append((bool(_COMMIT.search(" ".join(w.roots) + " " + w.what)), w))
            elif (
                returning
                and w.kind != "open"
                and any(r.removesuffix("()").rsplit(".", 1)[-1] in returning for r in w.roots)
            ):
                # _, metadata = get_metadata(); dump_json(path, metadata): the value a project function
                # returns holding the commit it read (its githash), written whole
                commit_writes.append((True, w))
            # The options object writing itself, every option (class Parser(Tap): super().save(path)).
            if w.kind == "dump" and grown_history(m, w, _lines_of(ctx)):
                w = w._replace(roots=(*w.roots, HISTORY))
            if is_blank_write(w):
                if written is None:  # the (function, file) pairs written with text, once per module that asks
                    written = text_written(m.writes)
                if (w.func, w.target) not in written:
                    continue  # f.write('\n') alone: a newline added to whatever file a helper is handed
            role = ("config", True, False) if own_whole else _role(w, submitted)
            if role == ("config", False, False) and launched_with(m) & {(w.func, r) for r in w.roots}:
                # write_metadata(dir, args=args, kwargs=kwargs) beside fn(*args, **kwargs): a launcher writing
                # the arguments it calls the run's function with, all of them
                role = ("config", True, False)
            if role == ("config", False, False) and _handed_every_argument(ctx, m, w):
                role = ("config", True, False)
            if (
                role is not None
                and role[0] == "metrics"
                and w.kind == "stream"
                and w.func
                and _INFERENCE_FUNC.fullmatch(w.func)
            ):
                # chat()'s transcript (output_convo.txt), predict()'s answers: what the model said, not the run's
                # measurements
                role = ("artifact", False, False)
            if (
                role is not None
                and role[0] == "metrics"
                and w.target in predicted
                and w.kind == "stream"
                and _HEADER_ROW.fullmatch(w.what.strip())
            ):
                role = ("artifact", False, False)
            if role is None and w.func in _SAVE_METHODS and _saves_learned_state(m, w):
                role = ("checkpoint", False, False)
            if role is None and w.kind == "copy" and _copies_tracked_files(m, w):
                role = ("code", False, False)
            into = w.target.rstrip("/").rsplit("/", 1)[-1] if w.call == "shutil.copytree" else ""
            if (
                into
                and into in _top_packages(ctx)
                and into not in _DATA_FOLDERS
                # the package's own folder is the source (cwd / "rqvae"), not the data a run stages (data_root)
                and not _DATA_SOURCE.search(f"{w.what} {' '.join(w.roots)}")
            ):
                # shutil.copytree(Path.cwd() / "rqvae", log_path / "rqvae"): the project's own package copied
                # into the run's folder, a snapshot of the code that ran
                role = ("code", False, False)
            if role is None:
                continue
            if role[0] != "checkpoint" and _in_dataset_class(m, w):
                # a Dataset preparing its files (pre-encoded label masks, normalisation bounds, label lists
                # under its root): data, whatever the file looks like; a replay buffer saving its contents
                # is training state a run resumes from
                continue
            kind, whole, in_ckpt = role
            if w.kind == "summary" and w.call.endswith("FileWriter"):
                if summary_adds is None:
                    summary_adds = _summary_adds(ctx)
                if _graph_only_writer(m, w, summary_adds):
                    continue  # tf.summary.FileWriter('./graphs', sess.graph), nothing added: the graph, no metric
            keeping = keeping_of(w.origins)
            if kind == "config" and whole and keeping == "fixed" and w.kind == "stream" and ("a" in w.mode):
                keeping = "appended"  # the whole options appended to one file: a line per run, none lost
            if w.kind == "summary" and keeping not in ("time", "counter"):
                keeping = "events"  # event files never overwrite one another
            roots = " ".join(w.roots)
            # A configuration file copied into the run directory is the file as loaded too: the
            # command-line options and overrides of the run are not in it.
            from_file = bool(
                whole
                and kind == "config"
                and (
                    w.kind == "copy"
                    or (
                        _FILE_LOADED.search(roots)
                        and not (_PARSED_OPTIONS.search(roots) or re.search(r"\bvars\b", roots))
                    )
                    # OmegaConf.save(self.config): the configuration composed from its files (and
                    # key=value overrides), not the namespace the command-line parser returned
                    or (_omegaconf_save(w) and not _CLI_NAMESPACE.search(roots) and not namespace_folded)
                    # pysot.core.config.cfg after cfg.merge_from_file(args.cfg): the project's global
                    # config, its defaults overlaid by the file; no command-line value is merged into it
                    or (_global_config(roots) and not any(_CLI_MERGE.search(c.name) for c in m.calls))
                    # config = yaml.load(open(args.config)), dumped (or put in a checkpoint) as it is: the
                    # file the option named, not the options (args.seed is in neither)
                    or bool(_file_configs(m) & ({w.what} | (set(w.roots) if in_ckpt else set())))
                    # saved_hyperparams: a dict named as the hyperparameters that reads the options only
                    # through a field or two (args.hyperparams overrides): the file's values, not the
                    # command line (its seed and its other options are not in it)
                    or (
                        w.kind == "dump"
                        and _RUN_CONFIG_NAME.fullmatch(w.what.strip()) is not None
                        and "vars" not in roots.split()
                        and _one_field_only(roots)
                        # ... and the fields it reads are an override or a config path (args.hyperparams),
                        # not the options themselves ({'lr': args.lr, 'epochs': args.epochs})
                        and all(_OVERRIDE_FIELD.search(r) for r in w.roots if _OPTION_FIELD.search(r))
                    )
                )
            )
            detail = f"{w.call}({w.what})" if w.what else w.call
            if HISTORY in w.roots:
                detail += f" {GROWN_HISTORY}"
            if own_whole:
                detail += ": the options object writes every option"
            elif kind == "config" and not whole and command_line_write(w):
                detail += COMMAND_LINE
            if kind == "checkpoint" and learner_api(w.call) is not None:
                # learn.save('stage-1'): the object saves itself, to a file named by the argument
                detail = f"{w.what or 'learner'}.{w.call.rsplit('.', 1)[-1]}() writes {w.target}"
            part = RecordPart(
                kind,
                Evidence(path, w.line, detail, w.cell),
                w.target,
                keeping,
                whole,
                in_ckpt,
                from_file=from_file,
                labelled=STEP in w.origins,
            )
            optional = _switched(m, w.line, w.cell) or (w.func in switched_funcs)
            if (
                optional
                and w.cell == 0
                and destination_built(ctx, switch_at(m, w.line, w.cell), path, w.line, w.target)
            ):
                optional = False
            rec.add(part, optional)
            if (
                kind == "checkpoint"
                and serialiser_of(w).endswith("torch.save")
                and _WHOLE_MODEL.search(w.what)
                and _models_holding_options(ctx)
            ):
                # torch.save(model, f) of the whole module object, whose class keeps the options it was built
                # with (self.args = args): the options are pickled inside every saved model
                cls = sorted(_models_holding_options(ctx))[0]
                evidence = replace(part.evidence, detail=f"{detail}: {cls} keeps the options")
                rec.add(
                    replace(part, role="config", whole=True, in_checkpoint=True, evidence=evidence), optional
                )
            if kind == "checkpoint" and w.kind == "checkpoint" and _built_with_options(m, w.call):
                # LocalCheckpoint(path, include_in_all={'conf': vars(opt)}).save(state): the object
                # puts the options it was built with into every file it saves
                rec.add(replace(part, role="config", whole=True, in_checkpoint=True), optional)
            if kind == "config" and w.kind == "stream" and ("a" in w.mode) and _METRIC_OBJ.search(w.what):
                # One appended line per run holding the options and its results: a metrics record too.
                rec.add(RecordPart("metrics", part.evidence, part.target, keeping), optional)
            elif kind == "config" and w.kind == "dump" and any(_EVALUATED.search(r) for r in w.roots):
                # json.dump(dict(lr=params.lr, ..., accs=eval_loop(...).tolist()), f): the run's settings and
                # what its evaluation returned, in one file per run
                rec.add(RecordPart("metrics", part.evidence, part.target, keeping), optional)
            if in_ckpt:  # {"model": ..., "args": args}: a checkpoint that also holds the options
                rec.add(
                    RecordPart(
                        "checkpoint", part.evidence, part.target, part.keeping, labelled=part.labelled
                    ),
                    optional,
                )
                # ... and the run's curves under their own keys ({"log_return": ..., "network": ...,
                # "train_config": config}): one file holding the weights, the options and the metrics
                if any(r.startswith("key:") and _curve_key(r[4:]) for r in w.roots):
                    rec.add(RecordPart("metrics", part.evidence, part.target, part.keeping), optional)
        # Of the lines written to a file named for the commit (revision_info.txt), the ones whose value
        # is the commit (git_hash) are cited; all of them only when no value says which.
        for target in dict.fromkeys(w.target for _, w in commit_writes):
            lines = [(named, w) for named, w in commit_writes if w.target == target]
            keep = [w for named, w in lines if named] or [w for _, w in lines]
            rec.commit_recorded += [
                Evidence(path, w.line, f"commit written to {w.target or 'a file'}", w.cell) for w in keep
            ]
        if commit_read and not any(e.path == path for e in rec.commit_recorded):
            rec.commit_printed.extend(
                Evidence(path, c.line, "git commit read", c.cell) for c in m.calls if reads_commit(c)
            )
        _framework_writers(
            rec,
            m,
            trainer_classes,
            split_args,
            pl_writes,
            own_modules,
            own_classes,
            d2_trainers,
            writer_bases,
            tune_saves,
            lambda: shared_functions(ctx),
            (baselines_logger_copies(ctx.index), lambda copies: copies_logged(ctx.index, copies)),
        )
        _learner_callbacks(rec, m)
        found = m.derived.get("resume")  # computed when the module was parsed (index.build.derive)
        options, loads = found if found is not None else _resume_parts(m)
        if spans:
            loads = [e for e in loads if not in_spans(spans, e.line, e.cell)]
        resume_options += options
        resume_loads += loads
    # A training script whose launch script tees its console into a file: what it prints each epoch is
    # kept there (a metrics stream, per run when the file is named by the launch time).
    entries = {e.path for e in ctx.taxonomy.training_entry_points}
    for module, kept in sorted(console.items()):
        if module in entries:
            rec.add(RecordPart("metrics", kept.evidence, kept.target, kept.keeping))
            printed = _printed_options(ctx, module)
            if printed is not None:
                # print(' - lrate is {:f} and bsize {:d}'.format(args.lr, args.bsize)): those options go into
                # the same kept console log, a few of them, not the whole configuration
                detail = f"{printed[2]} {PRINTED_OPTIONS} {kept.target} keeps"
                part = RecordPart(
                    "config", Evidence(module, printed[0], detail, printed[1]), kept.target, kept.keeping
                )
                rec.add(part)
    _one_record_per_write(rec)
    _switched_on_by_every_command(ctx, rec)
    _unchosen_tensorboard_formats(ctx, rec)
    _catalog_datasets(ctx, rec)
    _evaluator_outputs(ctx, rec)
    _config_copied_by_unread_helper(ctx, rec)
    _options_into_logs(ctx, rec)
    _config_text_in_checkpoint_meta(ctx, rec)
    _commit_in_checkpoint_meta(ctx, rec)
    _experiment_folders(ctx, rec)
    _keyword_option_bags(ctx, rec)
    if not rec.commit_recorded:
        rec.commit_recorded += _commit_logged_to_file(ctx, getters)
    # An option naming a checkpoint (often in the CLI module) and a load (often in the training loop).
    if resume_options and resume_loads:
        # The option and the load that resume sit in the training path, not in a sampling script.
        resume_options.sort(key=lambda e: not _TRAINING_PATH.search(e.path))
        near = {e.path for e in resume_options[:1]}
        ranked = sorted(resume_loads, key=lambda e: (e.path not in near, not _TRAINING_PATH.search(e.path)))
        rec.resume = list(dict.fromkeys(resume_options[:1] + ranked[:1]))
    else:
        from .fixes import training_paths

        main = training_paths(ctx)
        rec.resume = [
            e
            for e in resume_loads
            # the latest checkpoint of the run's directory, restored on start: resume without an option
            # ... by the training code (web/helpers/export.py restoring it to export the weights resumes nothing)
            if any(k in e.detail for k in LATEST_RESTORE) and (not main or e.path in main)
        ][:2]
    if not rec.resume:
        rec.resume = estimator_resume[:1] or _own_checkpoint_reloaded(ctx, rec)
    _framework_cli_records(ctx, rec)
    _dopamine_runs(ctx, rec)
    refused_in = {
        (path, d)
        for path, m in ctx.index.modules.items()
        for d, bypass in getattr(m, "refused_dirs", ())
        if not any(_passed(ctx, b) for b in bypass)
    }
    if refused_in:
        # The script raises rather than reuse a filled directory: what it writes there is per run.
        # A directory built from the module's own location (Path(__file__).parent) is that module's: a
        # dataset script refusing its output folder says nothing of a training script's.
        # ... nor does a preprocessing script off the training path refusing its own --output_dir say
        # anything of the training script's folder of the same name
        from .fixes import training_paths

        main = training_paths(ctx)

        def refused_for(p) -> set:
            return {
                d
                for path, d in refused_in
                if path == p.evidence.path
                or ("__file__" not in d and not (p.evidence.path in main and path not in main))
            }

        for role in ("config", "metrics", "checkpoints", "code", "artifacts", "optional"):
            setattr(
                rec,
                role,
                [
                    replace(p, keeping="refused")
                    if p.keeping in ("user_dir", "fixed", "unknown") and _refused(p.target, refused_for(p))
                    else p
                    for p in getattr(rec, role)
                ],
            )
    return rec


# Kedro datasets that hold a fitted model, metrics or plots (kedro-datasets type names, any version).
_KEDRO_METRICS_TYPE = re.compile(r"^(kedro_datasets\.|kedro\.extras\.datasets\.)?tracking\.", re.I)
_KEDRO_PLOT_TYPE = re.compile(r"(matplotlib|plotly|pillow|image)\.", re.I)
_KEDRO_TABLE_TYPE = re.compile(r"(pandas|spark|polars|dask|ibis|snowflake|sql)\.", re.I)
_KEDRO_MODEL_DIR = re.compile(r"(^|/)(\d+_)?models?/", re.I)
_KEDRO_REPORT_DIR = re.compile(r"(^|/)(\d+_)?(reporting|reports?|metrics)/", re.I)


_OPTIONS_OBJECT = re.compile(
    r"(^|\.)(args|opts?|options|config|cfg|conf|hparams|hps|hyperparams|params|FLAGS|flags|settings|raw_keys)$",
    re.I,
)
# The detail of a loop handing every option to a log (phase 2 reads it as whole-config logging).
LOOP_RECORD = "every option of"


def options_object(m, source: str, resolved: str) -> bool:
    """``source`` (a loop's items, `vars(args)`, `H`) is the run's configuration: named as one, or the
    object the run's seed is read out of in this module (`np.random.seed(H.seed)`, whatever H is called)."""
    if not source:
        return False
    if _OPTIONS_OBJECT.search(source):
        return True
    head = resolved + "."
    return any(
        c.name.endswith(("seed", "manual_seed", "set_seed", "PRNGKey"))
        and any(getattr(a, "text", "").startswith(head) for a in c.args)
        for c in m.calls
    )


# An option read from the parsed options (args.lr, FLAGS.batch_size, opt.seed), as a call's argument
_OPTION_FIELD_TEXT = re.compile(r"\b(?:args|opts?|options|FLAGS|flags|config|cfg|hparams)\.\w+")


PRINTED_OPTIONS = "printed into the console log"


def _printed_options(ctx, path: str) -> tuple | None:
    """(line, cell, the options named) of the first print of option values in a module
    (`print(' - seed {:d}'.format(args.seed))`), or None. The facts keep no text of a format call's
    arguments, so the print's line is read."""
    from .rules.facts import line_at, source_lines

    m = ctx.index.modules[path]
    # the names the module binds to its parsed command line (args = parser.parse_args()), and absl's FLAGS;
    # not `opt.param_groups` of an optimizer
    parsing = {(c.line, c.cell) for c in m.calls if c.name.endswith(("parse_args", "parse_known_args"))}
    parsed = {n for line, cell, n in m.call_targets if (line, cell) in parsing}
    if m.imported("absl.flags") or any(c.name.endswith("DEFINE_string") for c in m.calls):
        parsed.add("FLAGS")
    prints = (
        sorted({(c.line, c.cell) for c in m.calls if c.name == "print" and c.cell == 0}) if parsed else []
    )
    lines = source_lines(ctx, path) if prints else None
    found = [
        (line, [f for f in _OPTION_FIELD_TEXT.findall(line_at(lines, line)) if f.split(".", 1)[0] in parsed])
        for line, _cell in prints
    ]
    found = [(line, names) for line, names in found if names]
    names = sorted({n for _, ns in found for n in ns})
    if len(names) < 2:
        return None  # print("unknown dataset", args.dataset) before exiting: no record of the run's options
    shown = ", ".join(f"`{n}`" for n in names[:12]) + (
        f" and {len(names) - 12} more" if len(names) > 12 else ""
    )
    return found[0][0], 0, shown


def _options_into_logs(ctx, rec: RunRecords) -> None:
    """`logprint = logger(H.logdir)` then `for k in sorted(H): logprint(key=k, value=H[k])`: every option
    goes into the log the factory's function writes, which is the run's configuration record there."""
    for path, m in ctx.index.modules.items():
        if not m.option_loops:
            continue
        logs = {}
        for part in rec.metrics:
            if part.evidence.path == path and not part.framework and " (" in part.evidence.detail:
                logs.setdefault(part.evidence.detail.split(" (", 1)[0], part)
        for line, cell, source, called, resolved in m.option_loops:
            part = next((logs[n] for n in sorted({c.rsplit(".", 1)[-1] for c in called}) if n in logs), None)
            if part is None or not options_object(m, source, resolved):
                continue
            rec.config.append(
                replace(
                    part,
                    role="config",
                    evidence=Evidence(path, line, f"{LOOP_RECORD} `{source}` written to the run's log", cell),
                    whole=True,
                )
            )


# cfg.text / cfg.pretty_text: the text of an mmcv-style Config, the file as loaded (with its bases)
_CONFIG_TEXT = re.compile(r"(^|\.)(pretty_)?text$")


def _config_text_in_checkpoint_meta(ctx, rec: RunRecords) -> None:
    """`cfg.checkpoint_config.meta = dict(config=cfg.text)` or `meta["config"] = cfg.pretty_text` (mmcv
    runners and their copies, det3d's torchie): the runner's checkpoint hook saves that meta dict in
    every checkpoint, so each checkpoint carries the config file's text, not the command-line options."""
    # the runner's own checkpoint saves, a per-run one first
    saved = sorted(
        (p for p in rec.checkpoints if "save_checkpoint" in p.evidence.detail), key=lambda p: not p.per_run
    )
    runner = any(i.module.split(".", 1)[0] == "mmcv" for m in ctx.index.modules.values() for i in m.imports)
    if not saved and not runner:
        return
    for path, m in ctx.index.modules.items():
        for a in m.assigns:
            value = a.value
            if isinstance(value, dict) and re.search(r"(^|\.)meta$", a.target):
                value = value.get("config", value.get("cfg"))
            elif not re.search(r"meta\[.(config|cfg).\]$", a.target):
                continue
            if not (isinstance(value, Dyn) and _CONFIG_TEXT.search(value.text)):
                continue
            where = saved[0] if saved else None
            target = where.target if where else "the runner's checkpoints ({work_dir}/epoch_{}.pth)"
            keeping = where.keeping if where else "user_dir"
            text = value.text.rsplit(".", 1)[-1]
            detail = f"{a.target} = the config's {text}, saved in every checkpoint"
            # meta['config'] handed to the runner (not checkpoint_config.meta): its TextLoggerHook also
            # writes the meta at the head of the run's JSON log, named by the run's start time
            log = (
                next(
                    (
                        p
                        for p in rec.metrics
                        if p.evidence.path == path and "TextLoggerHook" in p.evidence.detail and p.per_run
                    ),
                    None,
                )
                if "checkpoint_config" not in a.target
                else None
            )
            if log is not None:
                target, keeping = log.target, log.keeping
                detail = f"{a.target} = the config's {text}, which the runner writes at the head of the run's log and in every checkpoint"
            rec.config.append(
                RecordPart(
                    "config",
                    Evidence(path, a.line, detail, a.cell),
                    target,
                    keeping,
                    True,
                    log is None,
                    from_file=True,
                )
            )
            return


def _commit_in_checkpoint_meta(ctx, rec: RunRecords) -> None:
    """`cfg.checkpoint_config.meta = dict(mmdet_version=__version__ + get_git_hash()[:7], ...)` (the
    OpenMMLab training scripts and their copies): the checkpoint hook saves the meta dict in every
    checkpoint, the hash of the checkout the run started in with it."""
    if rec.commit_recorded:
        return
    from .detect.engine import scope_of

    for path, m in ctx.index.modules.items():
        if scope_of(path) in ("test", "example"):
            continue
        getters = [c.line for c in m.calls if c.name.endswith(LIBRARY_COMMIT_GETTERS) and not c.cell]
        if not getters:
            continue
        for a in m.assigns:
            # the getter called inside the dict literal assigned (it spans a few lines)
            if (
                isinstance(a.value, dict)
                and re.search(r"(^|\.)checkpoint_config\.meta$", a.target)
                and any(0 <= g - a.line <= len(a.value) + 1 for g in getters)
            ):
                detail = "the commit (get_git_hash) in the meta the checkpoint hook saves in every checkpoint"
                rec.commit_recorded.append(Evidence(path, a.line, detail, a.cell))
                break  # one per script: the detection and segmentation copies of tools/train.py each record it


EXPERIMENT_CONFIG = "the experiment's configuration file, read from the folder the run writes into"
# The folder joined into a configuration file's path (os.path.join(d, "specs.json"), d / "params.json")
_FOLDER_JOIN = re.compile(
    r"(?:path\.join|osp\.join)\(\s*([A-Za-z_][\w.]*)\s*,\s*([^()]+?)\)|([A-Za-z_][\w.]*)\s*/\s*([\"'\w][^()]*)"
)
_SETTINGS_FILE = re.compile(r"[\w.-]+\.(json|ya?ml|toml)")


def _experiment_folders(ctx, rec: RunRecords) -> None:
    """DeepSDF's experiment folders: the training reads its configuration from a file in the folder it is
    given (`json.load(open(os.path.join(experiment_directory, "specs.json")))`) and writes its logs and
    checkpoints into the same folder. Each experiment is a folder holding its own settings beside its
    outputs: those outputs are kept per experiment, and the file is the record of its settings (read,
    not written: nothing copies it, so an edit after the run changes it)."""
    from .fixes import training_paths
    from .rules.facts import line_at, source_lines

    main = training_paths(ctx)
    # a file the project writes itself (history.json read back from the output folder) is no settings
    # its author left for the run
    written = None
    loaders: dict[str, tuple[int, str, Evidence]] = {}  # function: (folder parameter, file, where read)
    folders: dict[str, list[tuple[str, str, Evidence]]] = {}  # module: (folder expression, file, where)
    for path, m in ctx.index.modules.items():
        if main and path not in main:
            continue
        for c in m.calls:
            if not c.name.endswith(_CONFIG_LOADS):
                continue
            fn = next((f for f in m.functions if f[1] <= c.line <= f[3] and f[2] == c.cell), None)
            lines = source_lines(ctx, path) or []
            start = fn[1] if fn else max(1, c.line - 3)
            body = "\n".join(line_at(lines, n) for n in range(start, c.line + 1))
            joins = list(_FOLDER_JOIN.finditer(body))
            if not joins:
                continue
            j = joins[-1]
            folder, name = (j.group(1), j.group(2)) if j.group(1) else (j.group(3), j.group(4))
            file = _config_file_name(name.strip(), lines)
            if file is not None and written is None:
                written = {
                    w.target.rsplit("/", 1)[-1]
                    for x in ctx.index.modules.values()
                    for w in x.writes
                    if w.target
                }
            if file is None or file in written:
                continue
            where = Evidence(path, c.line, f"{c.name} of {file} from the folder {folder}", c.cell)
            params = (m.func_params.get(fn[0]) or m.method_params.get(fn[0]) or ()) if fn else ()
            if folder in params:
                loaders[fn[0]] = (list(params).index(folder), file, where)
            # (and what the function itself writes below its parameter: DeepSDF's main_function reading
            # specs.json from, and saving into, experiment_directory)
            folders.setdefault(path, []).append((folder, file, where))
    if not loaders and not folders:
        return
    for path, m in ctx.index.modules.items():
        if main and path not in main:
            continue
        for c in m.calls:
            hit = loaders.get(c.name.rsplit(".", 1)[-1])
            if hit is None or len(c.args) <= hit[0] or not isinstance(c.args[hit[0]], Dyn):
                continue
            folders.setdefault(path, []).append((c.args[hit[0]].text, hit[1], hit[2]))
    for path, found in folders.items():
        for folder, file, where in found:
            _keep_in_experiment_folder(ctx, rec, path, folder, file, where)


def _keyword_option_bags(ctx, rec: RunRecords) -> None:
    """mixmatch's libml Model: `def __init__(self, train_dir, dataset, **kwargs)` keeps `self.params =
    EasyDict(kwargs)` and `save_args` dumps it to args.json; the scripts build it as `MixMatch(..., lr=FLAGS.lr,
    wd=FLAGS.wd, ...)`. The record holds the keywords the constructions pass: named in its evidence, and the
    whole configuration when they hand over every option the constructing script defines."""
    from .rules.facts import line_at, source_lines

    for i, part in enumerate(rec.config):
        m = ctx.index.modules.get(part.evidence.path)
        if part.whole or m is None or part.evidence.cell:
            continue
        w = next((w for w in m.writes if w.line == part.evidence.line and w.kind == "dump"), None)
        held = {r for r in (w.roots if w else ()) if re.fullmatch(r"self\.\w+", r)}
        owner = next((k for k in m.classes if k[2] == 0 and k[1] <= part.evidence.line <= k[3]), None)
        if not held or owner is None:
            continue
        lines = source_lines(ctx, m.path) or []
        bag, named = None, set()
        for a in m.assigns:
            if a.target in held and owner[1] <= a.line <= owner[3]:
                got = re.match(
                    rf"\s*{re.escape(a.target)}\s*=\s*(?:[\w.]*\()?\s*(\w+)\s*\)?\s*$", line_at(lines, a.line)
                )
                init = m.innermost_function(a.line, 0)
                signature = (
                    "".join(line_at(lines, n) for n in range(init[1], init[1] + 6)).split("):")[0]
                    if init
                    else ""
                )
                if got and init and init[0] == "__init__" and f"**{got.group(1)}" in signature:
                    bag = got.group(1)
                    # `def __init__(self, train_dir, dataset, lr, **kwargs)`: lr is taken by name, not kept
                    named = set(re.findall(r"[(,]\s*([A-Za-z_]\w*)\s*(?=[:=,)])", signature))
        if bag is None:
            continue
        built = _constructions(ctx, owner[0])
        if not built:
            continue
        keys = sorted({k for _m, c in built for k, _v in c.kwargs if k != "**" and k not in named})
        if not keys:
            continue
        whole = all(_hands_every_option(cm, c, named) for cm, c in built)
        said = "every option its script defines, as the keywords" if whole else "the keywords"
        detail = f"{part.evidence.detail} ({said} {owner[0]} is built with: {', '.join(keys[:12])})"
        rec.config[i] = replace(part, evidence=replace(part.evidence, detail=detail), whole=whole)


def _constructions(ctx, cls: str) -> list:
    """(module, call) of each construction of the project's class ``cls`` or of a subclass of it."""
    names = {cls}
    grew = True
    while grew:
        grew = False
        for m in ctx.index.modules.values():
            for sub, base, _line, _cell in m.bases:
                if base.rsplit(".", 1)[-1] in names and sub not in names:
                    names.add(sub)
                    grew = True
    return [
        (m, c)
        for m in ctx.index.modules.values()
        for c in m.calls
        if c.name.rsplit(".", 1)[-1] in names and c.kwargs
    ]


def _hands_every_option(m, c, named: set) -> bool:
    """The call passes every option its module defines (`flags.DEFINE_float('wd', ...)`, `add_argument('--wd')`)
    as the value of a keyword: the script's own settings all go into what it builds."""
    from .index.python_facts import option_dest

    defined = {
        x.args[0] if "DEFINE" in x.name else option_dest(x)
        for x in m.calls
        if (re.search(r"(^|\.)DEFINE_\w+$", x.name) and x.args and isinstance(x.args[0], str))
        or x.name.endswith("add_argument")
    }
    # (scales=FLAGS.scales or (log_width - 2): a keyword named as the option hands it, however computed)
    kept = [(k, v) for k, v in c.kwargs if k not in named]  # a named parameter of __init__ is not kept
    handed = {getattr(v, "text", "").rsplit(".", 1)[-1] for _k, v in kept} | {k for k, _v in kept}
    return bool(defined) and defined <= handed


def _config_file_name(name: str, lines: list[str]) -> str | None:
    """The file a join names: a literal ("specs.json"), or a module constant holding one
    (specifications_filename = "specs.json")."""
    literal = re.fullmatch(r"[\"']([^\"']+)[\"']", name)
    if literal:
        return literal.group(1) if _SETTINGS_FILE.fullmatch(literal.group(1)) else None
    if not re.fullmatch(r"[A-Za-z_]\w*", name):
        return None
    assigned = re.compile(rf"^{name}\s*=\s*[\"']([^\"']+)[\"']")
    value = next((mm.group(1) for ln in lines if (mm := assigned.match(ln))), None)
    return value if value and _SETTINGS_FILE.fullmatch(value) else None


def _built_under(ctx, value: str, folder: str) -> bool:
    """The expression builds a path below ``folder``: joined to it first (`os.path.join(folder, "logs")`,
    `folder / "ckpt"`), or handed to a project helper that joins its first parameter first (DeepSDF's
    `ws.get_model_params_dir(experiment_directory, True)`); not a folder elsewhere that merely takes the
    folder's name (`os.path.join("logs", os.path.basename(folder))`)."""
    from .rules.facts import line_at, source_lines

    f = re.escape(folder)
    if re.search(rf"(?:path\.join|osp\.join)\(\s*{f}\s*,|^{f}\s*/|^f[\"']\{{{f}\}}/", value.strip()):
        return True
    call = re.match(rf"\s*([\w.]+)\(\s*{f}\s*[,)]", value)
    if call is None:
        return False
    name = call.group(1).rsplit(".", 1)[-1]
    for m in ctx.index.modules.values():
        for fn in m.functions:
            params = m.func_params.get(fn[0]) if fn[0] == name else None
            if not params:
                continue
            lines = source_lines(ctx, m.path) or []
            body = "\n".join(line_at(lines, n) for n in range(fn[1], fn[3] + 1))
            p0 = re.escape(params[0])
            return bool(
                re.search(rf"(?:path\.join|osp\.join)\(\s*{p0}\s*,|(?<![\w.]){p0}\s*/\s*[\"'\w]", body)
            )
    return False


def _keep_in_experiment_folder(
    ctx, rec: RunRecords, path: str, folder: str, file: str, where: Evidence
) -> None:
    """What module ``path`` writes below ``folder`` (or below a folder derived from it on one line,
    `model_params_dir = ws.get_model_params_dir(experiment_directory, True)`) is kept in the experiment's
    folder; the configuration file read from there is the record of its settings."""
    from .rules.facts import line_at, source_lines

    lines = source_lines(ctx, path) or []
    derived = {folder}
    for m in re.finditer(r"^\s*([A-Za-z_]\w*)\s*=\s*(.+)$", "\n".join(lines), re.M):
        if _built_under(ctx, m.group(2), folder):
            derived.add(m.group(1))
    heads = {"{" + d + "}" for d in derived}
    moved = 0
    for parts in (rec.metrics, rec.checkpoints, rec.artifacts):
        for i, p in enumerate(parts):
            head = p.target.split("/", 1)[0]
            if p.evidence.path == path and head in heads and p.keeping in ("unknown", "user_dir"):
                parts[i] = replace(p, keeping="experiment")
                moved += 1
    if not moved:
        return  # a configuration read from a folder the run writes nothing into: an input, not a record
    # (the line read where the file is loaded, which may be another module's: DeepSDF's workspace helper)
    read = source_lines(ctx, where.path) or [] if where.path != path else lines
    detail = f"{line_at(read, where.line).strip()[:80] or where.detail}: the experiment's configuration, read from its folder"
    rec.config.append(
        RecordPart(
            "config",
            Evidence(where.path, where.line, detail, where.cell),
            "{" + folder + "}/" + file,
            "experiment",
            whole=True,
            from_file=True,
        )
    )


_TENSORBOARD_WRITE = re.compile(r"EventsWriter|SummaryWriter|FileWriter|TensorBoardOutputFormat")


def _unchosen_tensorboard_formats(ctx, rec: RunRecords) -> None:
    """The event files a Baselines logger copy's TensorBoard format would write, when no run chooses that
    format (mlsh's bundled logger: stdout, log and json only): no run writes them."""
    from .detect.engine import baselines_copies_without_tensorboard

    unchosen = baselines_copies_without_tensorboard(ctx.inventory, ctx.index)
    if unchosen:
        rec.metrics[:] = [
            p
            for p in rec.metrics
            if not (p.evidence.path in unchosen and _TENSORBOARD_WRITE.search(p.evidence.detail))
        ]


# detectron2's evaluators handed an output folder write the model's predictions there: (evaluator, the
# argument position of the folder, what they write)
_EVALUATOR_OUTPUTS = {
    "COCOEvaluator": (3, "coco_instances_results.json and instances_predictions.pth"),
    "LVISEvaluator": (3, "lvis_instances_results.json and instances_predictions.pth"),
    "SemSegEvaluator": (2, "sem_seg_predictions.json"),
    "COCOPanopticEvaluator": (1, "predictions.json and the panoptic PNGs"),
}
# ... imported from the package or from its module (detectron2.evaluation.coco_evaluation.COCOEvaluator)
_D2_EVALUATOR = re.compile(r"^detectron2\.evaluation\.(?:\w+\.)?(\w+)$")


def _evaluator_outputs(ctx, rec: RunRecords) -> None:
    """`COCOEvaluator(dataset_name, cfg, True, output_folder)` (a detectron2 trainer's build_evaluator): every
    evaluation writes the model's predictions into that folder, the run's outputs beside its metrics."""
    for path, m in ctx.index.modules.items():
        for name, i, template, origins, _others, line, cell, _func in m.path_calls:
            cls = _D2_EVALUATOR.match(name)
            known = _EVALUATOR_OUTPUTS.get(cls.group(1)) if cls else None
            if known is None or (i != known[0] and i != "output_dir") or not template:
                continue
            detail = f"{name.rsplit('.', 1)[-1]} writes the predictions ({known[1]}) into its output folder"
            rec.add(RecordPart("artifact", Evidence(path, line, detail, cell), template, keeping_of(origins)))


RELOADS_OWN_CHECKPOINT = ", the checkpoint this script saves"


def _own_checkpoint_reloaded(ctx, rec: RunRecords) -> list[Evidence]:
    """`utils.restart_from_checkpoint(os.path.join(args.output_dir, "checkpoint.pth"), run_variables=to_restore,
    student=student, optimizer=optimizer)` (DINO and the code built on it): a project function that loads a
    checkpoint, handed the very path the same script saves its checkpoints to: a run started again in that
    directory continues from the one an interrupted run left."""
    written = {(p.evidence.path, p.target) for p in rec.checkpoints if "{" in p.target}
    if not written:
        return []
    loaders = set()
    located = _located_calls(ctx)
    for path, c in (*located.get("load", ()), *located.get("load_state_dict", ())):
        if c.name in ("torch.load", "pickle.load", "joblib.load") or c.name.endswith(".load_state_dict"):
            fn = ctx.index.modules[path].innermost_function(c.line, c.cell)
            if fn is not None:
                loaders.add(fn[0])
    from .rubric import _EVALUATION_PART

    found = []
    for path, m in ctx.index.modules.items():
        for name, _i, template, _origins, _others, line, cell, _func in m.path_calls:
            last = name.rsplit(".", 1)[-1]
            if (path, template) in written and last in loaders:
                detail = f"{last} reloads `{template}`{RELOADS_OWN_CHECKPOINT}"
                found.append(Evidence(path, line, detail, cell))
    # the training's own first, not a downstream evaluation's (eval_linear.py restarting its classifier)
    found.sort(key=lambda e: (bool(_EVALUATION_PART.search(e.path)), e.path))
    return found[:1]


# the weights a model starts from, named as such (pretrained, pretrain_path, args.pretrained_weights)
_PRETRAINED_NAME = re.compile(r"(?i)(?<![a-z])pre_?train(ed)?(?![a-z])|pre_?trained_\w+|\w+_pre_?trained\b")


# a copying helper's name (copy_file, copyfile, copy_config) and a source named as the config file
_COPY_HELPER = re.compile(r"^(copy(_?file)?|copy_?config\w*|backup_?config\w*)$", re.I)
_CONFIG_SOURCE = re.compile(r"(^|\.)(config|cfg|conf)(_?file|_?path)?$", re.I)


def _config_copied_by_unread_helper(ctx, rec: RunRecords) -> None:
    """`saver.copy_file(args.config_file, '{}/{}'.format(args.models_save_dir, basename(args.config_file)))`,
    saver being a module that is not in the tree (a script dropped into another repository): the config file
    the run was started with, copied into the run's folder by a helper whose name says so. The project's own
    helpers are followed through their bodies instead (_helper_writes)."""
    from .detect.engine import project_modules
    from .rules.facts import unread_framework

    if unread_framework(ctx) is None:
        return
    own = project_modules(ctx.index)
    for path, m in ctx.index.modules.items():
        for name, _i, template, origins, others, line, cell, _func in m.path_calls:
            head, _, last = name.rpartition(".")
            if (
                head
                and _COPY_HELPER.match(last)
                and not head.startswith(("shutil", "os."))
                and head not in own
                and _CONFIG_SOURCE.search(others.split()[0] if others.split() else "")
            ):
                detail = f"{last}({others.split()[0]}) copies the config file into the run's folder"
                rec.add(
                    RecordPart(
                        "config",
                        Evidence(path, line, detail, cell),
                        template,
                        keeping_of(origins),
                        True,
                        from_file=True,
                    )
                )


def _catalog_datasets(ctx, rec: RunRecords) -> None:
    """What a Kedro pipeline writes through its data catalog: a dataset declared with ``versioned: true``
    is saved under ``<filepath>/<timestamp>/`` on every run (kept per run); without it, every run
    overwrites ``filepath``. A model (a pickle in ``06_models``), metrics (a ``tracking.*`` dataset, or a
    table under ``08_reporting`` named for metrics) and plots are the run's record whichever node returns
    them."""
    if not ctx.has("kedro"):
        return
    from .detect.engine import scope_of

    # kedro-mlflow's pipeline_ml_factory logs the training pipeline's outputs as each run's MLflow model
    ml_pipeline = any(
        c.name.endswith("pipeline_ml_factory") for m in ctx.index.modules.values() for c in m.calls
    )

    for path, doc in sorted(ctx.index.configs.items()):
        name = path.rsplit("/", 1)[-1].lower()
        if "catalog" not in name or doc.format != "yaml" or scope_of(path) in ("test", "example"):
            continue
        datasets: dict[str, dict] = {}
        for key, value, line in doc.entries:
            if "." not in key:
                continue
            ds, leaf = key.split(".", 1)
            entry = datasets.setdefault(ds, {"line": line})
            if leaf in ("type", "filepath", "versioned"):
                entry[leaf] = value
        for ds, e in datasets.items():
            kind, filepath = str(e.get("type") or ""), str(e.get("filepath") or "")
            if not kind or not filepath or "mlflow" in kind.lower():
                continue  # kedro-mlflow datasets log to the run's tracker, which the MLflow facts cover
            tracking = bool(_KEDRO_METRICS_TYPE.search(kind))  # tracking.* datasets are always versioned
            if tracking or (_METRIC_OBJ.search(ds) and _KEDRO_REPORT_DIR.search(filepath)):
                role = "metrics"
            elif _KEDRO_PLOT_TYPE.search(kind):
                role = "artifact"
            elif not _KEDRO_TABLE_TYPE.search(kind) and (
                _KEDRO_MODEL_DIR.search(filepath) or _MODEL_OBJ.search(ds)
            ):
                role = "checkpoint"
            else:
                continue
            versioned = tracking or e.get("versioned") is True
            if not versioned and ml_pipeline:
                continue
            detail = f"Kedro dataset {ds} ({kind})" + (", versioned" if versioned else "")
            rec.add(
                RecordPart(
                    role,
                    Evidence(path, e["line"], detail),
                    filepath,
                    "time" if versioned else "fixed",
                    framework=True,
                    declared=True,
                )
            )


ESTIMATOR_WRITES = "the Estimator writes"
MONITORED_WRITES = "the session writes"


def estimator_parts(
    rec: RunRecords | None, trained: bool = True, who: str = ESTIMATOR_WRITES
) -> list[RecordPart]:
    """The run-record parts a TF Estimator (``who``: or a MonitoredTrainingSession, MONITORED_WRITES)
    writes on its own (``trained``: of one that trains, whose event files hold loss and global_step/sec)."""
    if rec is None:
        return []
    return [
        p
        for p in (*rec.metrics, *(p for p in rec.optional if p.role == "metrics"))
        if p.framework
        and who in p.evidence.detail
        and (not trained or "global_step/sec" in p.evidence.detail)
    ]


def _estimator_runs(ctx) -> set:
    """What the project's code runs TensorFlow Estimators for: {"train", "evaluate"} or a part of it."""
    from .detect.engine import estimator_run, scope_of

    runs = set()
    for path, m in ctx.index.modules.items():
        if scope_of(path) == "test":
            continue
        for c in m.calls:
            run = estimator_run(c)
            if run:
                runs.add(run)
            elif _LEARN_RUNNER.search(c.name):
                # tf.contrib.learn's learn_runner.run(experiment_fn, schedule=...) trains and evaluates
                # the Estimator the Experiment holds (schedule "train_and_evaluate" and its variants)
                runs |= {"train", "evaluate"}
    return runs


_LEARN_RUNNER = re.compile(
    r"(^|\.)learn_runner\.run$|contrib\.learn\.(python\.learn\.)?Experiment\(\)\.(train\w*|continuous_train_and_eval)$"
)


def _estimator_record(rec: RunRecords, path: str, w, runs: set, optional: bool) -> list[Evidence]:
    """A TF Estimator (or the RunConfig handed to it) given a model_dir keeps the run there on its own:
    training writes numbered checkpoints (model.ckpt-<step>) and TensorBoard event files (loss,
    global_step/sec), evaluation its metrics under eval/; a run in a model_dir that holds a checkpoint
    restores it and trains on. Returns that resume, when the project trains its Estimators."""
    if not runs:
        return []  # only built (for predictions from a released checkpoint): it writes nothing
    trained = "train" in runs
    what = (
        "numbered checkpoints and TensorBoard event files (loss, global_step/sec"
        + (", evaluation metrics under eval/" if "evaluate" in runs else "")
        + ")"
        if trained
        else "TensorBoard event files of its evaluations (under eval/)"
    )
    evidence = Evidence(path, w.line, f"{w.call}: {ESTIMATOR_WRITES} {what} into model_dir", w.cell)
    return _kept_in_run_dir(rec, w, evidence, trained, optional, "model_dir", "the Estimator")


def _kept_in_run_dir(
    rec: RunRecords, w, evidence: Evidence, saves: bool, optional: bool, where: str, who: str
):
    """The event files a TF training loop writes into its directory, and (``saves``) the checkpoints it keeps
    there and restores on start: the resume that gives."""
    keeping = keeping_of(w.origins)
    rec.add(RecordPart("metrics", evidence, w.target, keeping, framework=True, resumed=saves), optional)
    if not saves:
        return []
    rec.add(RecordPart("checkpoint", evidence, w.target, keeping, framework=True, resumed=True), optional)
    return [_restores(evidence.path, w, where, who)]


def _restores(path: str, w, where: str, who: str) -> Evidence:
    """The resume a TF loop's directory gives: it restores the latest checkpoint there on start."""
    return Evidence(
        path,
        w.line,
        f"resumes when {where} `{w.target}` holds a checkpoint ({who} restores the latest one)",
        w.cell,
    )


def _monitored_session_record(rec: RunRecords, path: str, w, optional: bool) -> list[Evidence]:
    """A TF1 MonitoredTrainingSession given a checkpoint_dir: the session the training loop runs in saves
    numbered checkpoints there (unless save_checkpoint_secs=None), writes the summaries the graph adds and
    global_step/sec as TensorBoard event files, and restores the latest checkpoint when it starts. A
    SingularMonitoredSession only restores; a CheckpointSaverHook only saves."""
    if w.what == "restores":  # SingularMonitoredSession: the restore alone
        return [_restores(path, w, "checkpoint_dir", w.call)]
    if w.what == "checkpoints":  # CheckpointSaverHook: the saves alone
        evidence = Evidence(path, w.line, f"{w.call}: numbered checkpoints saved into checkpoint_dir", w.cell)
        part = RecordPart(
            "checkpoint", evidence, w.target, keeping_of(w.origins), framework=True, resumed=True
        )
        rec.add(part, optional)
        return []
    saves = w.what != "summaries"
    what = "numbered checkpoints and " if saves else ""
    evidence = Evidence(
        path,
        w.line,
        f"{w.call}: {MONITORED_WRITES} {what}TensorBoard event files (summaries, global_step/sec) into "
        "checkpoint_dir",
        w.cell,
    )
    return _kept_in_run_dir(rec, w, evidence, saves, optional, "checkpoint_dir", "the session")


_LOG_CALL = re.compile(r"(^logging\.|logger|\blog\b|getLogger\(\)).*\.?(info|warning|debug|critical|log)$")


# git rev-parse HEAD, `git log -1 --format=%H`, `git log | head -n1` (its first line names the commit),
# git describe: a command that reads the commit, as a string or an argument list
_READS_COMMIT = re.compile(
    r"rev-parse|\bgit\s+(?:describe|log\b[^;&]*?(?:-1\b|-n\s*1\b|\|\s*head|--format|--pretty))"
)


def reads_commit(c) -> bool:
    """A call that reads the checked-out commit through git's command line (or a `rev_parse` API)."""
    if "rev_parse" in c.name:
        return True
    # the sh library's git command as a function: sh.git.log("-1", format="%H"), sh.git.describe()
    if (
        re.search(r"(^|\.)git\.describe$", c.name)
        or (
            # sh.git("rev-parse", "HEAD"): the command's words are the arguments
            re.search(r"(^|\.)sh\.git$", c.name) and bool(_READS_COMMIT.search(" ".join(map(str, c.args))))
        )
        or (
            re.search(r"(^|\.)git\.log$", c.name)
            and ("-1" in c.args or c.has_kw("format") or c.has_kw("pretty") or c.has_kw("n"))
        )
    ):
        return True
    text = str(c.args)
    # (git rev-parse --abbrev-ref HEAD names the branch, not the commit)
    return (
        "git" in text
        and "abbrev-ref" not in text
        and bool(_READS_COMMIT.search(re.sub(r"[\'\",\[\]()]", " ", text)))
    )


def commit_getters(ctx) -> set[str]:
    """Project functions that read the commit (git rev-parse, GitPython), by name, wherever defined."""
    getters: set[str] = set()
    for m in ctx.index.modules.values():
        reads = [c.line for c in m.calls if reads_commit(c) or c.name.startswith("git.Repo")]
        for name, start, _, end in m.functions if reads else ():
            if any(start <= x <= end for x in reads):
                getters.add(name)
    # collect_env_info() putting get_git_hash() in the environment report it returns: the report holds it
    for m in ctx.index.modules.values() if getters else ():
        calls = [c.line for c in m.calls if c.name.rsplit(".", 1)[-1] in getters]
        for name, start, _, end in m.functions if calls else ():
            if _ENV_REPORT.search(name) and any(start <= x <= end for x in calls):
                getters.add(name)
    return getters


_ENV_REPORT = re.compile(r"(collect|get|gather)_(env|environment|system|sys|run)(_info)?$|env_info$")


_LOGGED = re.compile(r"\.(info|debug|warning)$")


def _self_test_starts(ctx) -> dict:
    """path -> (cell, line) of the `__main__` block of each module the project's other modules import
    and that is no training entry point: what that block writes is the module's own check or demo, run
    by hand, never by the training that imports it."""
    from .detect.engine import _is_launched, launched_scripts, project_imports

    entries = {e.path for e in ctx.taxonomy.training_entry_points}
    imported = {p for hits in project_imports(ctx.index).values() for p in hits}
    # ... unless the documentation or a script runs it (`python pytorch_diffusion/diffusion.py cifar10`
    # samples images): then the block is a command of the project
    launched = launched_scripts(ctx.index)
    return {
        p: (m.main_guard_cell, m.main_guard)
        for p, m in ctx.index.modules.items()
        if m.main_guard and p in imported and p not in entries and not _is_launched(p, launched)
    }


def _log_sinks(ctx) -> list:
    """The log files the project's logging setup functions open (logging.FileHandler(path),
    basicConfig(filename=), loguru's logger.add(path)), per-run ones first."""
    from .detect.engine import scope_of

    sinks = [
        w
        for p, m in sorted(ctx.index.modules.items())
        if scope_of(p) not in ("test", "example")
        for w in m.writes
        if w.kind == "stream" and w.target and w.call in ("logging.FileHandler", "loguru.logger.add")
    ]
    return sorted(sinks, key=lambda w: keeping_of(w.origins) not in ("time", "counter"))


def logs_to_file(ctx) -> bool:
    """The project sends its log to a file (a FileHandler, basicConfig(filename=), loguru's
    logger.add(path), a StreamHandler over an open file), not only to the console."""
    cached = getattr(ctx, "_et_logs_to_file", None)
    if cached is None:
        cached = ctx._et_logs_to_file = any(module_logs_to_file(m) for m in ctx.index.modules.values())
    return cached


def module_logs_to_file(m) -> bool:
    """The module sets up logging into a file (see logs_to_file)."""
    return any(w.call.endswith("FileHandler") or w.call == "loguru.logger.add" for w in m.writes) or any(
        (c.name.endswith("logging.basicConfig") and c.has_kw("filename"))
        # StreamHandler(open(filename, "a")): a handler over a file, not over the console
        or (c.name.endswith("StreamHandler") and c.args and not re.search(r"std(out|err)", str(c.args[0])))
        # OpenMMLab's get_logger(name, log_file): a FileHandler on log_file beside the console
        or (
            c.name.split(".", 1)[0] in ("mmcv", "mmdet", "mmseg", "mmengine", "mmpose", "mmocr")
            and c.name.endswith(("get_logger", "get_root_logger"))
            and (len(c.args) > 1 or c.has_kw("log_file"))
        )
        # detectron2's setup_logger(output_dir): a FileHandler on output_dir/log.txt beside the console
        or (
            c.name.endswith(("detectron2.utils.logger.setup_logger", "fvcore.common.logger.setup_logger"))
            and (bool(c.args) or c.has_kw("output"))
            and (c.args[0] if c.args else c.kw("output")) is not None
        )
        for c in m.calls
    )


# Libraries' functions returning the commit of the checkout they run in
LIBRARY_COMMIT_GETTERS = ("mmcv.utils.get_git_hash", "mmcv.get_git_hash", "mmengine.utils.get_git_hash",
                          "mmengine.get_git_hash")  # fmt: skip


def _commit_logged_to_file(ctx, getters: set[str]) -> list[Evidence]:
    """`logger.info(f"git: {get_sha()}")` where the project sends its log to a file
    (`logging.FileHandler(os.path.join(output_dir, "info.txt"))`, `basicConfig(filename=...)`): the
    commit lands in the run's log file, not only on the screen."""
    if not logs_to_file(ctx):
        return []
    from .detect.engine import import_closure, project_imports, scope_of

    out: list[Evidence] = []
    for path in sorted(ctx.index.modules):
        if scope_of(path) in ("test", "example"):
            continue
        m = ctx.index.modules[path]
        got = {(c.line, c.cell) for c in m.calls if c.name.rsplit(".", 1)[-1] in getters}
        # logging.info('git hash: ' + str(subprocess.check_output(['git', 'rev-parse', 'HEAD']))): read inline,
        # where this module or one it imports logs into a file (a console-only collect_env tool logs nowhere)
        inline = {(c.line, c.cell) for c in m.calls if reads_commit(c)}
        if inline and any(
            module_logs_to_file(x)
            for p in import_closure(project_imports(ctx.index), [path])
            if (x := ctx.index.modules.get(p)) is not None
        ):
            got |= inline
        # ... or a library's getter, where this module or one it imports logs into a file (a console-only
        # logger here says nothing of another script's log file)
        library = {(c.line, c.cell) for c in m.calls if c.name.endswith(LIBRARY_COMMIT_GETTERS)}
        if library and any(
            module_logs_to_file(x)
            for p in import_closure(project_imports(ctx.index), [path])
            if (x := ctx.index.modules.get(p)) is not None
        ):
            got |= library
        if not got and not getters:
            continue
        for c in m.calls:
            if _LOG_CALL.search(c.name) and (
                (c.line, c.cell) in got or any(f"{g}()" in str(c.args) for g in getters)
            ):
                out.append(Evidence(path, c.line, "commit logged to the run's log file", c.cell))
    return out[:2]


# Trainers and callbacks that keep a run's record on their own: (call suffix, role, path keyword(s), detail).
FRAMEWORK_WRITERS = (
    (
        "TrainingArguments",
        "metrics",
        ("output_dir",),
        "the Trainer writes trainer_state.json (log history) and checkpoints",
    ),
    (
        "Seq2SeqTrainingArguments",
        "metrics",
        ("output_dir",),
        "the Trainer writes trainer_state.json (log history) and checkpoints",
    ),
    (
        "SFTConfig",
        "metrics",
        ("output_dir",),
        "the Trainer writes trainer_state.json (log history) and checkpoints",
    ),
    ("callbacks.CSVLogger", "metrics", ("filename",), "Keras CSVLogger appends one row per epoch"),
    ("callbacks.TensorBoard", "metrics", ("log_dir",), "Keras TensorBoard callback"),
    # Lightning's namesake before Keras's: pytorch_lightning.callbacks / lightning.pytorch.callbacks
    # filepath= before Lightning 1.0 (the folder and the file name's template in one)
    (
        "lightning.callbacks.ModelCheckpoint",
        "checkpoint",
        ("dirpath", "filepath"),
        "Lightning ModelCheckpoint",
    ),
    ("pytorch.callbacks.ModelCheckpoint", "checkpoint", ("dirpath", "filepath"), "Lightning ModelCheckpoint"),
    ("callbacks.ModelCheckpoint", "checkpoint", ("filepath",), "Keras ModelCheckpoint"),
    (
        "transformers.Trainer",
        "metrics",
        ("args",),
        "the Trainer writes trainer_state.json (log history) and checkpoints",
    ),
    (
        "Seq2SeqTrainer",
        "metrics",
        ("args",),
        "the Trainer writes trainer_state.json (log history) and checkpoints",
    ),
    (
        "SFTTrainer",
        "metrics",
        ("args",),
        "the Trainer writes trainer_state.json (log history) and checkpoints",
    ),
    ("EvalCallback", "metrics", ("log_path", "best_model_save_path"), "evaluations.npz and the best model"),
    # detectron2: default_setup writes the resolved config.yaml, DefaultTrainer metrics.json, events and
    # checkpoints, all in cfg.OUTPUT_DIR.
    ("detectron2.engine.default_setup", "config", ("cfg",), "default_setup writes the resolved config.yaml"),
    (
        "detectron2.engine.DefaultTrainer",
        "metrics",
        ("cfg",),
        "DefaultTrainer writes metrics.json, events and checkpoints",
    ),
    # detectron2's plain and lazy-config training loops: hooks.PeriodicWriter(default_writers(output_dir, max_iter))
    # appends each iteration's metrics to metrics.json (with TensorBoard events and the printed log), and
    # hooks.PeriodicCheckpointer(DetectionCheckpointer(model, output_dir)) keeps model_<iter>.pth there
    (
        "engine.defaults.default_writers",
        "metrics",
        ("output_dir", 0),
        "detectron2's default_writers append metrics.json and TensorBoard events in the output directory",
    ),
    (
        "engine.default_writers",
        "metrics",
        ("output_dir", 0),
        "detectron2's default_writers append metrics.json and TensorBoard events in the output directory",
    ),
    (
        "utils.events.JSONWriter",
        "metrics",
        ("json_file", 0),
        "detectron2's JSONWriter appends each iteration's metrics",
    ),
    (
        "checkpoint.DetectionCheckpointer",
        "checkpoint",
        ("save_dir", 1),
        "DetectionCheckpointer saves model_<iter>.pth and last_checkpoint in its save_dir",
    ),
    ("monitor.Monitor", "metrics", ("filename",), "episode monitor CSV"),
    # tensorpack: the run's logger directory gets log.log, the default monitors' events and stats.json, and
    # ModelSaver's checkpoints
    (
        "tensorpack.logger.set_logger_dir",
        "metrics",
        ("dirname", 0),
        "tensorpack's trainer writes log.log, TensorBoard events and stats.json into the logger directory",
    ),
    # timm's training script (copied by many vision projects, often with `from timm.utils import *`)
    (
        "CheckpointSaver",
        "checkpoint",
        ("checkpoint_dir",),
        "timm CheckpointSaver keeps the last, the best and the top-N checkpoints",
    ),
    (
        "update_summary",
        "metrics",
        ("filename", 3),
        "timm update_summary appends one CSV row of metrics per epoch",
    ),
    # rllab (and the RL code built on it): run_experiment_lite runs the method with rllab's logger set to
    # the run's log_dir, which writes variant.json (the whole variant), progress.csv (dump_tabular) and
    # itr_<n>.pkl snapshots (save_itr_params)
    (
        "run_experiment_lite",
        "metrics",
        ("log_dir",),
        "rllab's logger writes params.json, progress.csv, debug.log and snapshots (itr_<n>.pkl, params.pkl for the "
        "last) to the run's log_dir",
    ),
    ("CheckpointCallback", "checkpoint", ("save_path",), "periodic checkpoints"),
    # TF-Agents' distributed training: the Learner keeps TensorBoard summaries and checkpoints (agent, policy,
    # train step) under root_dir/train, PolicySavedModelTrigger the policy's SavedModels, and each Actor the
    # summaries of its metrics
    (
        "tf_agents.train.learner.Learner",
        "metrics",
        ("root_dir", 0),
        "TF-Agents' Learner writes TensorBoard summaries and checkpoints under root_dir/train",
    ),
    (
        "tf_agents.train.triggers.PolicySavedModelTrigger",
        "checkpoint",
        ("saved_model_dir", 0),
        "PolicySavedModelTrigger saves the policy as a SavedModel every interval",
    ),
    ("tf_agents.train.actor.Actor", "metrics", ("summary_dir",), "the Actor writes its metrics' summaries"),
    # fairseq's trainer loop (and the projects built on it, often through a fork): every checkpoint it
    # saves under args.save_dir holds the run's whole argument namespace
    (
        "fairseq.checkpoint_utils.save_checkpoint",
        "checkpoint",
        (0,),
        "fairseq's save_checkpoint keeps checkpoint_last.pt, checkpoint_best.pt and per-epoch checkpoints "
        "in the run's save_dir, each holding the run's arguments",
    ),
)


def _learner_callbacks(rec: RunRecords, m) -> None:
    """Callbacks of a library's training object that keep a record (fastai's CSVLogger writes the
    per-epoch table to history.csv, SaveModelCallback the best model to models/bestmodel.pth): built
    in the code (``cbs=CSVLogger(fname=...)``), handed over with options
    (``callback_fns=[partial(CSVLogger, filename=...)]``) or by name (``callback_fns=[CSVLogger]``)."""
    from .detect.signatures import LEARNER_APIS
    from .index.python_facts import Dyn

    libraries = {api.library for api in LEARNER_APIS}
    if not any(i.module.split(".", 1)[0] in libraries for i in m.imports):
        return  # the callbacks are reached through the library's imports
    for c in m.calls:
        found = []
        if learner_api(c.name) is not None:
            found.append((c.name, c))
        elif c.name.endswith("partial") and c.args and isinstance(c.args[0], Dyn):
            found.append((c.args[0].text, c))
        for _, v in c.kwargs:
            found += [(x.text, None) for x in (v if isinstance(v, list) else [v]) if isinstance(x, Dyn)]
        for cls, options in found:
            part = _callback_part(m, c, cls, options)
            if part is not None:
                rec.add(part, _switched(m, c.line, c.cell))


def _callback_part(m, c, cls: str, options) -> RecordPart | None:
    from .index.writes import origin_of

    api = learner_api(cls)
    last = cls.rsplit(".", 1)[-1]
    if api is None or last not in api.metric_loggers | api.best_savers:
        return None
    if last in api.metric_loggers:
        role, keys, default = "metrics", ("fname", "filename"), "history"
        detail = f"{last} writes the per-epoch table of every fit"
    else:
        role, keys, default = "checkpoint", ("fname", "name"), "bestmodel"
        detail = f"{last} saves the model when the monitored metric improves"
        if options is not None and (
            options.kw("every") == "epoch" or options.kw("every_epoch") not in (None, False)
        ):
            detail = f"{last} saves the model after every epoch"
    value = next((options.kw(k) for k in keys if options.has_kw(k)), None) if options is not None else None
    if value is None:
        target, keeping = default, "fixed"
    elif isinstance(value, str):
        target, keeping = value, "fixed"
    else:
        text = getattr(value, "text", "")
        target, keeping = "{" + text + "}", origin_of(text)
    if role == "metrics" and not target.endswith(".csv"):
        target += ".csv"  # fastai v1 adds the suffix to `filename`
    if role == "checkpoint":
        target = f"{api.model_dir}/{target}.pth"
    return RecordPart(
        role, Evidence(m.path, c.line, f"{cls}: {detail}", c.cell), target, keeping, framework=True
    )


_SETTINGS_FILES = (".yaml", ".yml", ".json", ".toml", ".cfg", ".ini")


def _switched_functions(ctx) -> dict[str, str]:
    """Functions (by name) that the project calls only behind a switch: `if args.save_model: policy.save()`.
    A write inside such a function happens only when the switch is on."""
    own = {p.split("/", 1)[0].removesuffix(".py") for p in ctx.index.modules}
    first: dict[str, str] = {}  # name -> the switch at its first call site
    unswitched: set[str] = set()  # names called somewhere without a switch
    conds: dict[str, set] = {}  # name -> the switches of its call sites
    for m in ctx.index.modules.values():
        imported = {i.module.split(".", 1)[0] for i in m.imports}
        blocks = bool(m.flag_blocks)  # without any, no call of this module is behind a switch
        for c in m.calls:
            root = c.name.split(".", 1)[0].split("(", 1)[0]
            if root in imported and root not in own:
                continue  # numpy.save is not the project's save()
            name = c.name.rsplit(".", 1)[-1]
            cond = switch_at(m, c.line, c.cell) if blocks else ""
            first.setdefault(name, cond)
            if not cond:
                unswitched.add(name)
            else:
                conds.setdefault(name, set()).add(cond)
    # `if self.checkpoint: self._serialize()` with `checkpoint: true` in the committed config (beside `if
    # args.save_again: self._serialize()`): a switch the committed configuration sets on calls the function
    # in the default run, as a command-line option defaulting to True does (live_switch)
    from .rules.facts import switch_defaults

    on: dict[str, bool] = {}  # cond -> set on by a committed configuration file

    def set_on(cond: str) -> bool:
        if cond not in on:
            state, where = switch_defaults(ctx, cond)
            # a config file's value, not a keyword one caller (a figure script) passes
            on[cond] = state == "on" and where.split(":", 1)[0].endswith(_SETTINGS_FILES)
        return on[cond]

    for name, those in conds.items():
        if name not in unswitched and any(set_on(cond) for cond in those):
            unswitched.add(name)
    return {name: first[name] for name in sorted(first) if name not in unswitched}


def switch_at(m, line: int, cell: int) -> str:
    """The switch condition guarding a line of a module ('' when none)."""
    from .index.python_facts import live_switch, option_defaults

    defaults = None
    # Innermost first: in `if episode_done: ... if cfg.save_snapshot: save()` the question is the inner one.
    for a, b, c, cond in reversed(m.flag_blocks):
        if c == cell and a <= line <= b:
            defaults = option_defaults(m) if defaults is None else defaults
            if live_switch(m, cond, defaults):
                return cond
    return ""


def switches_at(m, line: int, cell: int) -> list[str]:
    """Every live switch condition guarding a line of a module, innermost first."""
    from .index.python_facts import live_switch, option_defaults

    defaults = option_defaults(m)
    return [
        cond
        for a, b, c, cond in reversed(m.flag_blocks)
        if c == cell and a <= line <= b and live_switch(m, cond, defaults)
    ]


def code_copies(rec) -> list:
    """The code copies as the callers of a copying helper place them (copy_py(shared_folder), recorded
    with the detail "copy_py (shutil.copy2)" by _helper_writes), else all of them: the helper's own write
    into its bare parameter ({dst_folder}) says nothing of where a run's copy goes."""
    parts = rec.code if rec is not None else []
    return [p for p in parts if re.match(r"[\w.]+ \(", p.evidence.detail)] or list(parts)


def copy_destination(p) -> str:
    """Where a code copy goes, as its record says: each run's folder, or the folder it names."""
    return "into each run's directory" if p.per_run else f"to {p.describe()}"


def switched_metrics(ctx, rec) -> tuple | None:
    """(condition, part) of the first metrics stream written only behind a switch (`if args.output_dir:`
    around the per-epoch log), else None."""
    for p in rec.optional if rec is not None else []:
        m = ctx.index.modules.get(p.evidence.path)
        cond = switch_at(m, p.evidence.line, p.evidence.cell) if p.role == "metrics" and m else ""
        if cond:
            return cond, p
    return None


def _built_with_options(m, call: str) -> bool:
    """`Ckpt(...).save` where this module builds `Ckpt` with the whole options among its arguments
    (`include_in_all={'conf': vars(opt)}`, `cfg=args`)."""
    ctor = re.match(r"^([\w.]+)\(\)\.\w*save\w*$", call)
    if ctor is None:
        return False

    def whole(v) -> bool:
        if isinstance(v, dict):
            return any(whole(x) for x in v.values())
        text = getattr(v, "text", None)
        return isinstance(text, str) and (text == "vars()" or _PARSED_NAMESPACE.fullmatch(text) is not None)

    return any(
        c.name == ctor.group(1) and any(whole(v) for v in (*c.args, *(v for _, v in c.kwargs)))
        for c in m.calls
    )


# The namespace parse_args() returns, as the facts write it (an `args` variable bound to it)
_PARSED_NAMESPACE = re.compile(r"[\w.]*parse_(known_)?args\(\)")


def destination_built(ctx, cond: str, path: str, line: int, target: str = "") -> bool:
    """`if args.save: torch.save(..., os.path.join(args.save, 'ghn.pt'))` where the code builds args.save
    as a path (`args.save = os.path.join(args.save_dir, ...)`) and no option of that name defaults to
    nothing: the test asks whether there is a destination, which a default run has, not whether the user
    opted in."""
    name = cond.strip()
    if not re.fullmatch(r"[A-Za-z_][\w.]*", name):
        return False
    from .rules.facts import line_at, source_lines

    # the save writes into the destination tested: its path starts there, or the test's name is on the
    # save's line (`os.path.join(args.save, 'ghn.pt')`, resolved to the folder the name was built from)
    if not target.startswith("{" + name + "}") and not re.search(
        r"(?<![\w.])" + re.escape(name) + r"\b", line_at(source_lines(ctx, path), line)
    ):
        return False
    attr = name.rsplit(".", 1)[-1]
    built, opt_in = _path_attributes(ctx)
    return attr in built and attr not in opt_in


def _path_attributes(ctx) -> tuple[set, set]:
    """(attributes the code sets to a path it builds, `args.save = os.path.join(args.save_dir, ...)`, outside
    any test of the attribute itself; attributes a user opts into: an option or a dataclass field of that
    name defaulting to nothing, `--save` with no default, `save: Optional[str] = None`, unless the code
    fills it in when it is unset: `if opt.log_file is None: opt.log_file = join(opt.model_dir, ...)`).
    Read once per audit."""
    cached = getattr(ctx, "_et_path_attributes", None)
    if cached is not None:
        return cached
    from .index.python_facts import option_defaults
    from .rules.facts import builds_path, line_at, source_lines

    built, opt_in, sites = set(), set(), []
    for m in ctx.index.modules.values():
        opt_in.update(k for k, v in option_defaults(m).items() if v == "")
        opt_in.update(fld for _cls, fld, value, *_ in m.class_defaults if value is None)
        for a in m.assigns:
            if "." not in a.target or not builds_path(a):
                continue
            attr = a.target.rsplit(".", 1)[-1]
            # `if cfg.save: cfg.save = join(cfg.save, name)`: built only where the user gave one
            gated = any(
                c == a.cell and lo <= a.line <= hi and re.search(rf"\b{re.escape(attr)}\b", cond)
                for lo, hi, c, cond in m.flag_blocks
            )
            if not gated:
                built.add(attr)
                sites.append((attr, m.path, a.line, a.cell))
    for attr, path, line, cell in sites:
        # the test on the line before: a default run, which leaves the option unset, gets the path
        unset = rf"^\s*if\s+(not\s+[\w.]*\b{re.escape(attr)}|[\w.]*\b{re.escape(attr)}\s+is\s+None)\s*:"
        if attr in opt_in and cell == 0 and re.match(unset, line_at(source_lines(ctx, path), line - 1)):
            opt_in.discard(attr)
    ctx._et_path_attributes = (built, opt_in)
    return built, opt_in


def _switched(m, line: int, cell: int) -> bool:
    """Behind a live switch, or in a branch a committed constant turns off (`training_mode = False`
    then `if training_mode:` in an inference copy of a training script): not every run's record."""
    if switch_at(m, line, cell) or in_spans(getattr(m, "dead_branches", ()), line, cell):
        return True
    # SummaryWriter(...) where the name is tensorboardX's only when a test picks it over a stand-in
    from .index.python_facts import TRACKER_MODULE

    switched = [r for r, _ in getattr(m, "mode_switches", ()) if TRACKER_MODULE.search(r)]
    return bool(switched) and any(
        c.line == line and c.cell == cell and any(c.name == r or c.name.startswith(r + ".") for r in switched)
        for c in m.calls
    )


_LIGHTNING_TRAINER = re.compile(r"(pytorch_lightning|lightning)(\.pytorch)?\.Trainer(\.from_argparse_args)?")


def _lightning_metrics(ctx) -> frozenset:
    """{"metrics"} unless the project's own LightningModules log nothing: Lightning's loggers write
    only what a module hands them (self.log, self.log_dict, self.logger), so a module whose
    training_step just returns its loss leaves no metric in lightning_logs/version_N."""
    modules = [m for m in ctx.index.modules.values() if extends(m, "LightningModule")]
    logs = any(
        c.name in ("self.log", "self.log_dict") or c.name.startswith("self.logger.")
        for m in modules
        for c in m.calls
    ) or any(key == "log" for m in modules for _hook, key, *_ in m.returned_keys)
    return frozenset({"metrics"}) if logs or not modules else frozenset()


def module_given_whole_options(ctx) -> bool:
    """A LightningModule of the project's is handed the program's whole parsed options
    (`Model(**vars(args))`, `Model(args)`, `Model(hparams=args)`) or a whole loaded config, or keeps
    them as `self.hparams = hparams` (the Lightning of 2020). Read once per index (a rule asks it per
    save_hyperparameters call)."""
    from .index.build import per_index

    return per_index(ctx.index, "_et_module_given_whole_options", _module_given_whole_options)


def _module_given_whole_options(index) -> bool:
    def whole(v) -> bool:
        text = getattr(v, "text", "")
        return text == "vars()" or text.endswith(("parse_args()", "parse_known_args()", "OmegaConf.load()"))

    modules = index.modules.values()
    if any(a.target == "self.hparams" for m in modules for a in m.assigns):
        return True
    # the LightningModules the project defines (and subclasses of them): the Trainer records theirs
    lit = {cls for m in modules for cls, base, *_ in m.bases if base.endswith("LightningModule")}
    lit |= {cls for m in modules for cls, base, *_ in m.bases if base.rsplit(".", 1)[-1] in lit}
    return any(
        c.name.rsplit(".", 1)[-1] in lit
        and (any(whole(a) for a in c.args) or any(whole(v) for _k, v in c.kwargs))
        for m in modules
        for c in m.calls
    )


def _lightning_record(rec: RunRecords, m, c, writes: frozenset = frozenset({"metrics"})) -> None:
    """Lightning keeps each run in lightning_logs/version_N under default_root_dir: logs and checkpoints;
    a logger given to the Trainer (TensorBoardLogger("logs", name=exp)) keeps it in save_dir/name/version_N,
    with the module's hyperparameters (hparams.yaml, test_tube's meta_tags.csv) when the module has them."""
    root = c.kw("default_root_dir")
    if isinstance(root, str):
        base = root.rstrip("/") + "/"
    else:
        text = getattr(root, "text", "")
        base = "{" + text + "}/" if text else ""
    target = base + "lightning_logs/version_{n}"
    detail, keeping = _LIGHTNING_DETAIL, "counter"
    logger = next((x for x in m.calls if x.name.rsplit(".", 1)[-1] in _PL_FOLDER_LOGGERS), None)
    given = getattr(c.kw("logger"), "text", "") or ""
    tracker_logger = any(x.name.rsplit(".", 1)[-1] in _PL_TRACKER_LOGGERS for x in m.calls) or re.search(
        r"(wandb|mlflow|neptune|comet)", given, re.I
    )
    if logger is None and c.has_kw("logger") and tracker_logger:
        # Trainer(logger=wandb_logger): the logger keeps the metrics (read as a tracker), and no
        # lightning_logs/version_N folder is made; checkpoints go where a ModelCheckpoint puts them.
        return
    if logger is not None and c.has_kw("logger"):
        save_dir = logger.kw("save_dir", logger.args[0] if logger.args else None)
        name = logger.kw("name", logger.args[1] if len(logger.args) > 1 else "default")
        part = lambda v: v if isinstance(v, str) else "{" + getattr(v, "text", "") + "}"  # noqa: E731
        target = f"{part(save_dir)}/{part(name)}/version_{{n}}"
        detail = f"{logger.name.rsplit('.', 1)[-1]} keeps each run in a numbered version_N folder"
        # `logger = TensorBoardLogger(..., name="debug", version=0)` under `if args.debug:`, another logger
        # otherwise: the version decides only when every logger the Trainer may be handed fixes the same one
        versions = {repr(x.kw("version")) for x in m.calls if x.name.rsplit(".", 1)[-1] in _PL_FOLDER_LOGGERS}
        version = logger.kw("version") if len(versions) == 1 else None
        if version is not None:
            # TestTubeLogger(..., version=0)  # always use version=0: every run writes the same folder,
            # unless its save_dir or name tells runs apart
            from .index.writes import origin_of

            text = getattr(version, "text", "")
            folder = f"version_{version}" if isinstance(version, int) else part(version)
            target = f"{part(save_dir)}/{part(name)}/{folder}"
            varied = [v.text for v in (save_dir, name, version) if getattr(v, "text", "")]
            keeping = keeping_of(tuple(origin_of(t) for t in varied)) if varied else "fixed"
            detail = (
                f"{logger.name.rsplit('.', 1)[-1]} with version={text or repr(version)}: every run writes "
                f"`{target}`"
            )
    evidence = Evidence(m.path, c.line, f"{c.name}: {detail}", c.cell)
    # Trainer(**trainer_params) with no logger= of its own: the dict may hand it logger=False or a logger
    # of the caller's choosing (darts builds its Trainer so), so the default folder is not every run's
    switched = _switched(m, c.line, c.cell)
    optional = switched or (c.has_kw("**") and not c.has_kw("logger"))
    if "metrics" in writes:
        rec.add(RecordPart("metrics", evidence, target, keeping, framework=True), optional)
    rec.add(RecordPart("checkpoint", evidence, target, keeping, framework=True), optional)
    if "config" in writes:
        # the module's hyperparameters also go into every checkpoint Lightning saves, whatever the logger
        whole = "subset" not in writes
        rec.add(RecordPart("config", evidence, target, keeping, whole, framework=True), switched)


# OpenAI Baselines' algorithms (baselines.ppo2.ppo2.learn, baselines.deepq.learn): each writes through
# baselines.logger, whose directory is logger.configure(dir=...), else $OPENAI_LOGDIR, else a new
# openai-<time> folder in the system temporary directory; save_interval=N keeps checkpoints there.
_BASELINES_LEARN = re.compile(r"baselines\.(\w+\.)+learn$")


def _directory_of(value, m=None, c=None, shared=None) -> tuple[str, str] | None:
    """(path template, how it varies between runs) of a directory argument; None when none is given.
    With the module and call: a parameter of the enclosing function that no call in the module passes is
    its default (`def train_fn(..., log_dir='/tmp/procgen')`, called without it: the same directory for
    every run)."""
    from .index.writes import origin_of

    if isinstance(value, str):
        return value, "fixed"
    if value is None:
        return None
    text = getattr(value, "text", "")
    default = _unpassed_default(m, c, text, shared) if m is not None and c is not None else None
    if default is not None:
        return default, "fixed"
    return "{" + text + "}", origin_of(text)


def shared_functions(ctx) -> frozenset:
    """(module, function) for the module-level functions with path defaults that another module calls or
    names (`from train import train_fn; train_fn(log_dir=run_dir)`, `pool.map(train_fn, ...)`); once per index."""
    from .index.build import per_index

    def build(index):
        # every module defining the name: a call by bare name may reach any of them
        wanted: dict = {}
        for p, mm in index.modules.items():
            for fn in mm.path_defaults:
                wanted.setdefault(fn, []).append(p)
        if not wanted:
            return frozenset()
        out = set()
        for p, mm in index.modules.items():
            for x in mm.calls:
                names = [x.name.rsplit(".", 1)[-1]]
                names += [
                    getattr(v, "text", "").rsplit(".", 1)[-1] for v in (*x.args, *(v for _, v in x.kwargs))
                ]
                out.update((d, n) for n in names for d in wanted.get(n, ()) if d != p)
        return frozenset(out)

    return per_index(ctx.index, "_et_shared_functions", build)


def _unpassed_default(m, c, name: str, shared=None) -> str | None:
    """The string default of the enclosing function's path parameter ``name`` when no call passes it;
    ``shared()``: the functions other modules call or name (asked only once a default is found)."""
    here = m.innermost_function(c.line, c.cell)
    if here is None or "." in here[0]:
        return None
    fn = here[0]
    index, default = m.path_defaults.get(fn, {}).get(name, (None, None))
    if default is None or (shared is not None and (m.path, fn) in shared()):
        return None  # another module calls it (or hands it on): its callers there decide
    for x in m.calls:
        # passed by name, by position, or through **kwargs: the caller decides
        if x.name.rsplit(".", 1)[-1] == fn and (x.has_kw(name) or x.has_kw("**") or 0 <= index < len(x.args)):
            return None
        # ... and a function handed to something else (a launcher, a pool) is called with who knows what
        if any(getattr(v, "text", None) == fn for v in (*x.args, *(v for _, v in x.kwargs))):
            return None
    return default


def _baselines_record(rec: RunRecords, m, c, shared=None) -> None:
    configured = next((x for x in m.calls if x.name in BASELINES_CONFIGURE), None)
    where = configured.kw("dir", configured.args[0] if configured.args else None) if configured else None
    target, keeping = _directory_of(where, m, configured, shared) or (
        "{tempfile.gettempdir()}/openai-{time}",
        "time",
    )
    detail = f"{c.name}: Baselines' logger writes progress.csv and log.txt to {target}"
    evidence = Evidence(m.path, c.line, detail, c.cell)
    optional = _switched(m, c.line, c.cell)
    rec.add(RecordPart("metrics", evidence, target + "/progress.csv", keeping, framework=True), optional)
    interval = c.kw("save_interval")
    if interval is not None and interval != 0:
        part = RecordPart("checkpoint", evidence, target + "/checkpoints/{update}", keeping, framework=True)
        rec.add(part, optional)


def _baselines_logger_record(rec: RunRecords, m, c, shared=None, logged_elsewhere: bool = False) -> None:
    """The project's own loop writing through Baselines' logger (random-network-distillation's run_atari.py:
    `logger.configure(dir=logger.get_dir(), format_strs=['stdout', 'log', 'csv'])`, then logkvs/dumpkvs):
    progress.csv and log.txt in the configured folder, a new openai-<time> one when none is given."""
    if any(_BASELINES_LEARN.match(x.name) for x in m.calls) or not (
        # ... or, for a copy's configure in train.py, logkv calls in the algorithm's module (ppo.py)
        any(x.name in BASELINES_KVS for x in m.calls) or logged_elsewhere
    ):
        return  # an algorithm's learn() is read by _baselines_record; nothing logged here, nothing kept
    formats = c.kw("format_strs", c.args[1] if len(c.args) > 1 else None)
    written = ["csv"]  # the logger's default formats (stdout, log, csv), or a choice the code computes
    if isinstance(formats, list) and all(isinstance(f, str) for f in formats):
        written = [f for f in ("csv", "json", "log", "tensorboard") if f in formats]
    if not written:
        return  # stdout only
    where = c.kw("dir", c.args[0] if c.args else None)
    if getattr(where, "text", "") in ("baselines.logger.get_dir()", "logger.get_dir()"):
        where = None  # the folder before any configure(): none, so the logger makes one
    target, keeping = _directory_of(where, m, c, shared) or ("{tempfile.gettempdir()}/openai-{time}", "time")
    file = {"csv": "progress.csv", "json": "progress.json", "log": "log.txt", "tensorboard": "tb"}[written[0]]
    detail = f"{c.name}: Baselines' logger writes {file} to {target}"
    evidence = Evidence(m.path, c.line, detail, c.cell)
    rec.add(
        RecordPart("metrics", evidence, f"{target}/{file}", keeping, framework=True),
        _switched(m, c.line, c.cell),
    )


# Ray Tune's launchers: each trial runs in its own folder under local_dir (~/ray_results by default).
_TUNE_RUN = re.compile(r"ray\.tune\.(tune\.)?(run|run_experiments|Tuner)|ray\.tune\.tuner\.Tuner")
_TUNE_DETAIL = (
    "Ray Tune keeps each trial in its own folder ({trainable}_{trial id}_{time}): params.json (the trial's "
    "config), result.json and progress.csv (every reported result)"
)


def tune_trainables(ctx) -> list:
    """(module, (first line, cell, last line)) of each project class extending Ray Tune's Trainable: the
    code Tune runs for every trial, handed the trial's config."""
    return [
        (m, (start, cell, end))
        for m in ctx.index.modules.values()
        for cls, base, *_ in m.bases
        if base.endswith("Trainable")
        for name, start, cell, end in m.classes
        if name == cls
    ]


def tune_launches(ctx) -> list:
    """(module, call) of each Ray Tune launch (tune.run, run_experiments, Tuner)."""
    from .rules.facts import find

    return [(m, c) for m, c in find(ctx, prefixes=("ray.tune",)) if _TUNE_RUN.fullmatch(c.name)]


def _tune_trainable_saves(ctx) -> bool:
    """A project class extending Tune's Trainable defines how it is checkpointed (save_checkpoint, _save):
    Tune then writes checkpoint_<n> folders into each trial's folder."""
    return any(_defines(m, span, ("save_checkpoint", "_save")) for m, span in tune_trainables(ctx))


def _literal_config_before(m, c) -> bool:
    """A dict literal holding a literal "config" dict, bound in the same function above the call."""
    func = m.innermost_function(c.line, c.cell)
    return any(
        cell == c.cell and line <= c.line and m.innermost_function(line, cell) == func
        for line, cell in m.literal_configs
    )


def _tune_record(rec: RunRecords, m, c, trainable_saves: bool) -> None:
    """What Ray Tune writes for every trial, whatever the trainable logs itself: the trial's config,
    every result it reports, and the checkpoints the trainable or the call asks for."""
    where = c.kw("local_dir") or c.kw("storage_path")
    root = (_directory_of(where) or ("~/ray_results", ""))[0]
    target = root + "/{experiment}/{trial}_{time}"
    evidence = Evidence(m.path, c.line, f"{c.name}: {_TUNE_DETAIL}", c.cell)
    optional = _switched(m, c.line, c.cell)
    config = c.kw("config") or c.kw("param_space")
    # config={"lr": tune.grid_search([...])}: the searched values only; a spec built elsewhere (or handed
    # in through **kwargs) is the run's whole configuration, and so is run_experiments' experiment spec
    # ({name: {"run": trainable, "config": variant}}), which always carries each trial's config
    spec = c.name.endswith("run_experiments") and bool(c.args)
    if spec and _literal_config_before(m, c):
        # {"run": ..., "config": {"dataroot": args.dataroot, ...}}: the trials get the values listed
        spec, config = False, {}
    whole = spec or c.has_kw("**") or (config is not None and not isinstance(config, dict))
    if config is not None or c.has_kw("**") or spec:
        rec.add(
            RecordPart("config", evidence, target + "/params.json", "time", whole, framework=True), optional
        )
    rec.add(RecordPart("metrics", evidence, target + "/result.json", "time", framework=True), optional)
    freq = c.kw("checkpoint_freq")
    if trainable_saves or c.kw("checkpoint_at_end") is True or (freq not in (None, 0)):
        rec.add(
            RecordPart("checkpoint", evidence, target + "/checkpoint_{n}", "time", framework=True), optional
        )


# Lightning loggers that write a version_N folder with the hyperparameters beside the metrics.
_PL_FOLDER_LOGGERS = frozenset({"TensorBoardLogger", "TestTubeLogger", "CSVLogger"})
_PL_TRACKER_LOGGERS = frozenset({"WandbLogger", "MLFlowLogger", "NeptuneLogger", "CometLogger"})


_LIGHTNING_DETAIL = (
    "Lightning keeps each run in a numbered lightning_logs/version_N folder (logs and checkpoints)"
)


def _writes_in_class(m, cls: str) -> bool:
    spans = [(start, end, cell) for name, start, cell, end in m.classes if name == cls]
    return any(start <= w.line <= end and w.cell == cell for w in m.writes for start, end, cell in spans)


def own_modules_of(ctx) -> frozenset:
    """The project's own top-level modules and packages (under src/ for a src layout)."""
    return frozenset(
        (p.split("/")[1] if p.startswith("src/") else p.split("/", 1)[0]).removesuffix(".py")
        for p in ctx.index.modules
    )


def _framework_writers(
    rec: RunRecords,
    m,
    trainer_classes=frozenset(),
    split_args=False,
    pl_writes=frozenset({"metrics"}),
    own_modules=frozenset(),
    own_classes=frozenset(),
    d2_trainers=frozenset(),
    writer_bases=None,
    tune_saves=False,
    shared=None,
    baselines=(frozenset(), None),  # (the project's Baselines logger copies, whether it logs through one)
) -> None:
    from .index.writes import origin_of

    copies, logged = baselines
    for c in m.calls:
        if _TUNE_RUN.fullmatch(c.name):
            _tune_record(rec, m, c, tune_saves)
            continue
        base = (writer_bases or {}).get(c.name.rsplit(".", 1)[-1])
        if base is not None:
            c = c._replace(name=base)  # read as the framework class it extends
        if _LIGHTNING_TRAINER.fullmatch(c.name):
            if c.kw("logger") is not False:  # logger=False: Lightning keeps no record
                _lightning_record(rec, m, c, pl_writes)
            continue
        if learner_api(c.name) is not None:
            continue  # fastai's CSVLogger is not Keras's: read by _learner_callbacks
        if _BASELINES_LEARN.match(c.name):
            _baselines_record(rec, m, c, shared)
            continue
        if c.name in BASELINES_CONFIGURE or copy_configured_with_dir(c, copies):
            # (Baselines' logger, or a copy of it in the project told its folder: phasic_policy_gradient/logger.py)
            named = c._replace(name=as_baselines_logger(c.name, copies))
            _baselines_logger_record(rec, m, named, shared, bool(copies) and logged(copies))
            continue
        own_trainer = c.name.rsplit(".", 1)[-1] in trainer_classes
        d2_trainer = c.name.rsplit(".", 1)[-1] in d2_trainers  # class Trainer(DefaultTrainer)
        if not (own_trainer or d2_trainer) and not c.name.endswith(_WRITER_SUFFIXES):
            continue  # no writer below can match: one test instead of one per writer
        # utils.callbacks.EvalCallback is the project's own class, not Stable-Baselines3's namesake.
        if not (own_trainer or d2_trainer) and (
            c.name.split(".", 1)[0] in own_modules or c.name.rsplit(".", 1)[-1] in own_classes
        ):
            continue
        for suffix, role, keys, detail in FRAMEWORK_WRITERS:
            if suffix == "checkpoint.DetectionCheckpointer" and not _periodic_checkpointer(m, c):
                continue
            if not (
                c.name.endswith(suffix)
                or (own_trainer and suffix == "transformers.Trainer")
                or (d2_trainer and suffix == "detectron2.engine.DefaultTrainer")
            ):
                continue
            if suffix.startswith("detectron2."):
                # Everything detectron2 writes goes to the config's OUTPUT_DIR, one per run only when
                # the config or the command line changes it.
                evidence = Evidence(m.path, c.line, f"{c.name}: {detail}", c.cell)
                part = RecordPart(
                    role, evidence, "{cfg.OUTPUT_DIR}", "user_dir", role == "config", framework=True
                )
                optional = _switched(m, c.line, c.cell)
                rec.add(part, optional)
                if role == "metrics":
                    rec.add(
                        # model_0004999.pth ... model_final.pth: the PeriodicCheckpointer it registers
                        RecordPart(
                            "checkpoint", evidence, part.target, "user_dir", framework=True, labelled=True
                        ),
                        optional,
                    )
                break
            # a keyword, or a position (update_summary(epoch, train, eval, filename))
            key = next(
                (k for k in keys if (c.has_kw(k) if isinstance(k, str) else len(c.args) > k)),
                0 if c.args and role != "metrics" else None,
            )
            value = None if key is None else c.kw(key) if isinstance(key, str) else c.args[key]
            # the path as the module built it (output_dir = get_outdir(base, f"{now:%Y%m%d}-{model}"))
            built = next(
                (
                    pc
                    for pc in m.path_calls
                    if pc[5] == c.line and pc[6] == c.cell and pc[0] == c.name and pc[1] == key
                ),
                None,
            )
            if value is None and suffix == "run_experiment_lite" and c.kw("exp_name") is None:
                # rllab names each run's folder from the launch time (data/local/<exp_prefix>/
                # <exp_prefix>_<timestamp>_<count>) unless log_dir or exp_name is given
                target, keeping = "data/local/{exp_prefix}/{exp_prefix}_<time>", "time"
            elif value is None:
                target, keeping = "", "unknown"
            elif isinstance(value, str):
                target, keeping = value, "fixed"
            elif built is not None and built[2] and keeping_of(built[3]) in ("time", "counter", "named"):
                # only when it shows a path per run: a literal it resolves to may be one branch's
                # fallback (`output_dir = "tmp_trainer"` when no arguments are given)
                target, keeping = built[2], keeping_of(built[3])
            else:
                text = getattr(value, "text", "")
                target, keeping = "{" + text + "}", origin_of(text)
                if built is not None and built[2] and re.fullmatch(r"[A-Z][A-Za-z]+", text):
                    # args.save_dir + '/tensorboard-logs' (an expression, named by its node type): the
                    # path the module built from it
                    target, keeping = built[2], keeping_of(built[3])
                bound = m.module_paths.get(text)
                if (
                    bound is not None
                    and bound[1] == ("fixed",)
                    and built is not None
                    and built[2] == bound[0]
                ):
                    # weights_file = "weights/DenseNet-40-12-CIFAR10.h5" at the top of the script, handed
                    # to ModelCheckpoint(weights_file): one literal path, which every run overwrites
                    target, keeping = bound[0], "fixed"
                known = m.field_paths.get(text[5:]) if text.startswith("self.") else None
                if known is not None:
                    # ModelCheckpoint(self.checkpoint_path): the path the class built for that field
                    target, keeping = known[0], keeping_of(known[1])
                if keys == ("args",):
                    # Trainer(args=training_args): it writes to training_args.output_dir, an argument
                    target, keeping = "{" + text + ".output_dir}", "user_dir"
            if "TensorBoard" in suffix and keeping not in ("time", "counter"):
                keeping = "events"
            if detail.startswith("Lightning"):
                if value is None:
                    # no dirpath: the logger's versioned directory (lightning_logs/version_N/checkpoints)
                    target, keeping = "lightning_logs/version_{n}/checkpoints", "counter"
                elif "HydraConfig" in target or (
                    # dirpath=Path(HydraConfig.get().run.dir): the call's text keeps no arguments
                    target.endswith("()}")
                    and any(i.module.endswith("hydra_config.HydraConfig") for i in m.imports)
                ):
                    keeping = "time"  # Hydra's run directory: outputs/<date>/<time> unless configured
            if suffix.startswith("fairseq.") and target.startswith("{"):
                # save_checkpoint(args, trainer, ...): into args.save_dir, a directory the command line names
                target, keeping = "{" + target.strip("{}") + ".save_dir}", "user_dir"
            part = RecordPart(
                role,
                Evidence(m.path, c.line, f"{c.name}: {detail}", c.cell),
                target,
                keeping,
                framework=True,
                # detectron2's periodic checkpoints are model_<iter>.pth: a new file per step, several kept (a
                # checkpointer only asked to save("model_final") keeps one)
                labelled=suffix == "checkpoint.DetectionCheckpointer" and _drives_periodic_checkpointer(m),
            )
            optional = _switched(m, c.line, c.cell)
            rec.add(part, optional)
            if suffix == "run_experiment_lite":
                # variant=... given, or passed on through a wrapper's **kwargs (run_sac_experiment(variant=...))
                # ... or the method call stubbed (`stub(globals())`, then run_experiment_lite(algo.train())):
                # rllab's log_parameters_lite writes the call's arguments, the algorithm's, the policy's and the
                # environment's, into params.json
                stubbed = any(x.name.endswith("instrument.stub") for x in m.calls)
                if c.has_kw("variant") or c.has_kw("**") or stubbed:
                    rec.add(
                        RecordPart("config", part.evidence, target, keeping, True, framework=True), optional
                    )
                rec.add(RecordPart("checkpoint", part.evidence, target, keeping, framework=True), optional)
                # ... and the run's text log beside them (debug.log, the tabular rows printed into it too)
                rec.add(
                    RecordPart("metrics", part.evidence, target + "/debug.log", keeping, framework=True),
                    optional,
                )
            if suffix == "tf_agents.train.learner.Learner":
                rec.add(RecordPart("checkpoint", part.evidence, target, keeping, framework=True), optional)
            if suffix.startswith("fairseq."):
                rec.add(
                    RecordPart("config", part.evidence, target, keeping, True, True, framework=True), optional
                )
            if suffix == "CheckpointSaver" and c.has_kw("args"):
                # CheckpointSaver(model, optimizer, args=args): every checkpoint holds the run's arguments
                rec.add(
                    RecordPart("config", part.evidence, target, keeping, True, True, framework=True), optional
                )
            if suffix.endswith(("TrainingArguments", "SFTConfig", "Trainer")):
                # Trainer.save_model / each checkpoint holds training_args.bin: the arguments, in a checkpoint.
                # With HfArgumentParser((ModelArguments, DataArguments, TrainingArguments)) only the
                # training arguments are in it: a subset of the options.
                rec.add(
                    RecordPart("config", part.evidence, target, keeping, not split_args, True, True), optional
                )
                rec.add(RecordPart("checkpoint", part.evidence, target, keeping, framework=True), optional)
            break


_WRITER_SUFFIXES = tuple(w[0] for w in FRAMEWORK_WRITERS)


_NO_CHECKPOINTS = re.compile(r"^checkpoint_config\s*=\s*(None\b|dict\()")


def _configs_without_checkpoints(ctx) -> tuple[list[Evidence], int]:
    """OpenMMLab's Python configs a run is started with (those no other config inherits): the ones whose
    `checkpoint_config` is None, set there or inherited through `_base_`, where the runner registers no
    CheckpointHook, and how many configs there are; neither when an evaluation hook keeps the best
    checkpoint (`save_best=`), which it saves whatever the CheckpointHook does. Read once per audit."""
    cached = ctx.__dict__.get("_et_configs_without_checkpoints")
    if cached is None:
        cached = ctx._et_configs_without_checkpoints = _read_configs_without_checkpoints(ctx)
    return cached


def _read_configs_without_checkpoints(ctx) -> tuple[list[Evidence], int]:
    import posixpath

    from .detect.engine import scope_of
    from .rules.facts import CONFIG_DIRS, source_lines

    own: dict[str, tuple[str, Evidence] | None] = {}  # path -> ("None" | "dict", where) set there
    bases: dict[str, list[str]] = {}
    for path in sorted(ctx.index.modules):
        if not CONFIG_DIRS.intersection(path.split("/")[:-1]) or scope_of(path) != "core":
            continue
        lines = source_lines(ctx, path) or ()
        text = "\n".join(lines)
        if _SAVE_BEST.search(text):
            return [], 0
        own[path] = next(
            (
                (m.group(1), Evidence(path, i, "checkpoint_config = None"))
                for i, line in enumerate(lines, 1)
                if (m := _NO_CHECKPOINTS.match(line))
            ),
            None,
        )
        # `_base_ = ['../_base_/default_runtime.py']` (or one path), as the module's facts hold it
        listed = ctx.index.modules[path].constants.get("_base_")
        listed = [listed] if isinstance(listed, str) else listed if isinstance(listed, (list, tuple)) else []
        folder = posixpath.dirname(path)
        bases[path] = [
            posixpath.normpath(posixpath.join(folder, b))
            for b in listed
            if isinstance(b, str) and b.endswith(".py")
        ]

    def effective(path: str, depth: int = 0):
        if own.get(path) is not None or depth > 5:
            return own.get(path)
        return next((v for b in bases.get(path, ()) if (v := effective(b, depth + 1)) is not None), None)

    inherited = {b for bs in bases.values() for b in bs}
    leaves = [p for p in own if p not in inherited and "_base_" not in p.split("/")]
    values = [(p, effective(p)) for p in leaves]
    values = [(p, v) for p, v in values if v is not None]
    off = [
        Evidence(
            p,
            v[1].line if v[1].path == p else 0,
            "checkpoint_config = None" + ("" if v[1].path == p else f" (from {v[1].where()})"),
        )
        for p, v in values
        if v[0] == "None"
    ]
    return off, len(values)


_SAVE_BEST = re.compile(r"save_best\s*=\s*(?!None\b|False\b)")


# A condition about prepared inputs kept on disk, not about a run's checkpoint.
_CACHED_INPUT = re.compile(r"(dataset|cache|corpus|vocab|tokeni[sz]|features|embedding)", re.I)


def _framework_cli_records(ctx, rec: RunRecords) -> None:
    """What a framework's training command run by a project script writes into the run's directory
    (AllenNLP's config.json, metrics and best.th under `-s out/`), and how a run is continued."""
    from .detect.framework_clis import framework_runs, keeping_of
    from .index.python_facts import in_spans
    from .rules.facts import dead_functions

    dead = dead_functions(ctx)
    for run in framework_runs(ctx.index):
        e, cli = run.evidence, run.cli
        if in_spans(dead.get(e.path, ()), e.line, e.cell):
            continue  # train_model() beside the custom_train_model() tools/train.py calls: no run starts there
        keeping = cli.keeping or (keeping_of(run.out_dir) if run.out_dir else "fixed")
        unsaved = _configs_without_checkpoints(ctx) if cli.name == "OpenMMLab" else None
        for role, name, whole, detail in cli.writes:
            if role == "checkpoint" and unsaved is not None:
                off, total = unsaved
                if off and len(off) == total:
                    continue  # every shipped config sets checkpoint_config = None: the runner saves none
                if off:
                    # the main model's configs save none, the first stage's do: kept only in some runs
                    detail += (
                        f"; {len(off)} of {total} configs set checkpoint_config = None and save none "
                        f"({off[0].where()})"
                    )
            target = f"{run.out_dir.rstrip('/')}/{name}" if run.out_dir else name
            part = RecordPart(
                role,
                Evidence(e.path, e.line, f"{detail} ({target})", e.cell),
                target,
                # (event files are named per run; a checkpoint beside them is kept under the folder's name)
                keeping_of(run.out_dir)
                if keeping == "events" and role != "metrics"
                # a file named by the run's start time ({timestamp}.log.json), in a folder the framework
                # does not name per run
                else "time"
                if not cli.keeping and "{timestamp}" in name
                else keeping,
                whole=whole,
                in_checkpoint=role == "config" and name.endswith(".pt"),
                framework=True,
                declared=True,
            )
            rec.add(part, role == "checkpoint" and unsaved is not None and 2 * len(unsaved[0]) > unsaved[1])
        for tool, option, what in cli.option_trackers:
            m = option.search(run.command)
            if m is not None:
                folder = m.group(1).strip("'\"")
                ev = Evidence(e.path, e.line, f"{what} ({folder})", e.cell)
                # TensorBoard's event files are named by time and host: one per run, none overwritten
                keeping = "events" if tool == "tensorboard" else keeping_of(folder)
                rec.add(RecordPart("metrics", ev, folder, keeping, framework=True, declared=True))
        if cli.resumable and not rec.resume and not (cli.restarts and cli.restarts.search(run.command)):
            how = f"with `{cli.resume}`" if cli.resume else "on its own, from the last checkpoint there"
            rec.resume = [
                Evidence(e.path, e.line, f"{cli.name} continues a run in its directory {how}", e.cell)
            ]


# Dopamine's experiment runner (or the project's subclass of it): base_dir/checkpoints holds each
# iteration's checkpoint, restored on start (a run continues where it stopped), base_dir/logs the
# per-iteration statistics, and base_dir the TensorBoard summaries.
_DOPAMINE_RUNNER = re.compile(r"^dopamine\.\w+\.run_experiment\.(Runner|TrainRunner|create_runner)$")


def _dopamine_runs(ctx, rec: RunRecords) -> None:
    modules = ctx.index.modules
    if not any(i.module.startswith("dopamine") for m in modules.values() for i in m.imports):
        return  # no Dopamine runner, nor a subclass of one, without importing it
    own = {cls for m in modules.values() for cls, base, _, _ in m.bases if _DOPAMINE_RUNNER.match(base)}
    for path, m in modules.items():
        # the runner checkpoints and logs from its loop, run_experiment(); a script stepping it by hand
        # (runner._run_one_episode(), bsuite's dopamine baseline) keeps nothing of the run
        loops = any(
            c.name.endswith(".run_experiment") and not _DOPAMINE_RUNNER.match(c.name) for c in m.calls
        )
        for c in m.calls:
            if not (_DOPAMINE_RUNNER.match(c.name) or (own and c.name.rsplit(".", 1)[-1] in own)):
                continue
            if not loops:
                continue
            found = _directory_of(c.kw("base_dir", c.args[0] if c.args else None))
            if found is None:
                continue
            target, keeping = found
            evidence = Evidence(
                path, c.line, f"{c.name}: Dopamine's runner keeps the run in {target}", c.cell
            )
            optional = _switched(m, c.line, c.cell)
            rec.add(RecordPart("metrics", evidence, target + "/logs", keeping, framework=True), optional)
            part = RecordPart(
                "checkpoint", evidence, target + "/checkpoints", keeping, framework=True, resumed=True
            )
            rec.add(part, optional)
            if not rec.resume:
                rec.resume = [
                    Evidence(
                        path,
                        c.line,
                        "Dopamine's runner resumes from the latest checkpoint in base_dir",
                        c.cell,
                    )
                ]


_HELPER_DETAIL = re.compile(r"^[\w.]+ \(")


def _one_record_per_write(rec: RunRecords) -> None:
    """A write followed from a call site (`train_and_evaluate(config, FLAGS.workdir)` reaching its
    `ckpt.save(state)`) that its own module already records under the same file layout is one write:
    kept where it is written, not again at the call."""

    def tail(target: str) -> str | None:
        return target.split("}", 1)[1] if target.startswith("{") and "}" in target else None

    def call(detail: str) -> str:
        # "build_estimator (tensorflow.estimator.RunConfig): ..." -> the writer reached; else the call itself
        helper = _HELPER_DETAIL.match(detail)
        text = detail[helper.end() :].split(")", 1)[0] if helper else detail
        return re.split(r"[(:]", text, maxsplit=1)[0].strip()

    for parts in (rec.config, rec.metrics, rec.checkpoints, rec.artifacts):
        direct = {
            (tail(p.target), call(p.evidence.detail))
            for p in parts
            if not _HELPER_DETAIL.match(p.evidence.detail) and tail(p.target) is not None
        }
        parts[:] = [
            p
            for p in parts
            if not (
                _HELPER_DETAIL.match(p.evidence.detail)
                and tail(p.target) is not None
                and (tail(p.target), call(p.evidence.detail)) in direct
            )
        ]


# A network the run is given as an input (a teacher to distil from, a pretrained backbone, a reference
# model), named by the option or variable the load reads
_INPUT_MODEL = re.compile(
    r"(^|[._])(teacher|pretrain\w*|backbone|base_model|ref(erence)?_model)",
    re.I,  # not init_state(): what a restore fills
)


def _loads_another_model(c, same_line) -> bool:
    """`load_models(run_manager, args.teacher_model, model_path=args.teacher_path)`: the weights of another
    network the run uses (a teacher, a pretrained backbone), not the run's own checkpoint to resume from.
    The calls on the same line count too (`teacher.load_state_dict(torch.load(args.teacher_path))`)."""
    calls = same_line(c) if c.args else [c]
    return any(
        _INPUT_MODEL.search(t if isinstance(t := getattr(v, "text", v), str) else "")
        for x in calls
        for v in (*x.args, *(v for _, v in x.kwargs))
    )


def _callers_pass_options(m, func: tuple, param: str) -> bool:
    """Every call of the function in its module leaves ``param`` out or hands it an option value
    (`Net(fname=args.load)`); not `restore(model, last)` with the file the run itself saves."""
    name = func[0]
    if name == "__init__":  # the class is what its callers call
        owner = [c for c in m.classes if c[2] == func[2] and c[1] <= func[1] <= c[3]]
        name = max(owner, key=lambda c: c[1])[0] if owner else name
    params = list(m.method_params.get(func[0]) or m.func_params.get(func[0]) or ())
    if params[:1] == ["self"]:
        params = params[1:]
    at = params.index(param) if param in params else -1
    for c in m.calls:
        if c.name.rsplit(".", 1)[-1] != name:
            continue
        given = c.kw(param) if c.has_kw(param) else (c.args[at] if 0 <= at < len(c.args) else None)
        if given is None or given == "":
            continue
        text = str(getattr(given, "text", given))
        hit = _FROM_OPTIONS.search(text)  # args.load, resolved: argparse.ArgumentParser().parse_args().load
        if hit is None or hit.end() != len(text):
            return False
    return True


def _resume_parts(m) -> tuple[list[Evidence], list[Evidence]]:
    """(options that name a checkpoint to continue from, calls that load a checkpoint) in one module."""
    options = []
    initial = set()  # options naming the weights a run starts from, however they are named
    for c in (*m.calls, *m.decorators):
        if c.name.endswith(
            ("add_argument", "DEFINE_string", "DEFINE_bool", "DEFINE_boolean", "click.option", "Option")
        ):
            names = [a for a in c.args if isinstance(a, str)]
            helptext = c.kw("help")
            if (
                isinstance(helptext, str)
                and _PRETRAINED_HELP.search(helptext)
                and not _RESUME_HELP.search(helptext)
            ):
                # --reload_model, help="Reload a pre-trained model": where training starts from
                initial.update(n.lstrip("-").replace("-", "_") for n in names)
                continue
            for n in names:
                if _RESUME_ARG.match(n.lstrip("-").replace("-", "_")) or (
                    isinstance(helptext, str)
                    and _RESUME_HELP.search(helptext)
                    # "Minimum improvement required to continue training": a stopping threshold
                    and not _STOP_THRESHOLD_HELP.search(helptext)
                ):
                    options.append(Evidence(m.path, c.line, f"option {n}", c.cell))
                    break
    by_line: dict = {}

    def same_line(c) -> list:
        if not by_line:  # one pass per module, made only when a load is judged
            for x in m.calls:
                by_line.setdefault((x.line, x.cell), []).append(x)
        return by_line.get((c.line, c.cell), [c])

    # Module-level option globals overridden from the command line (nanoGPT-style configurators).
    globals_ = [k for k in m.constants if _RESUME_ARG.match(k)]
    loads = [
        Evidence(m.path, c.line, c.name + (f" (option {globals_[0]})" if globals_ else ""), c.cell)
        for c in m.calls
        if (
            c.name.endswith(_RESUME_LOAD)
            or any(s in c.name for s in _RESUME_LOAD[2:5])
            or _LOADS_NETWORK.search(c.name)
        )
        and not copies_live_state(c)
        and c.name.split(".", 1)[0] not in _MEDIA_LOADERS
        and not _loads_another_model(c, same_line)
    ]
    if loads and m.either_or:
        # `if not args.pretrained: train(...)` / `else: saver.restore(...)`: the checkpoint is read instead of
        # training (to evaluate a trained model), not to continue one
        loads = [e for e in loads if not instead_of_training(m, e)]
    loads = loads[:2]
    if globals_ and loads:
        options.append(loads[0])
    # Auto-resume: `if snapshot.exists(): workspace.load_snapshot()` continues from the checkpoint the
    # interrupted run left, without any option.
    # The file names of the checkpoints this module writes: a test for one of them before a load is the
    # run finding what an interrupted run of its own left (`if (logdir / 'variables.pkl').exists():`).
    own_files = {
        w.target.rsplit("/", 1)[-1]
        for w in m.writes
        if w.kind == "checkpoint" and "." in w.target.rsplit("/", 1)[-1]
    }
    for start, end, cell, cond in (*m.flag_blocks, *getattr(m, "file_blocks", ())):
        # `if args.model and os.path.isfile(args.model)`: weights the user names (a warm start from a
        # pretrained model), not the checkpoint an interrupted run left.
        named = [a for _, a in _OPTION_ATTR.findall(cond)]
        own = any(f"'{f}'" in cond or f'"{f}"' in cond for f in own_files)
        if named and not own and not any(_RESUME_ARG.match(a) for a in named):
            continue
        # `def __init__(self, fname=''): if os.path.isfile(fname): torch.load(fname)`: a file the caller may
        # name (Net(fname=args.load), a warm start), off unless given; not what an interrupted run left
        func = m.innermost_function(start, cell) if not own else None
        tested = _TESTED_PATH.findall(cond) if func else ()
        if tested and all(
            t in m.off_params.get(func[0], ()) and _callers_pass_options(m, func, t) for t in tested
        ):
            continue
        names_resume = any(
            _RESUME_ARG.match(w) and w not in initial for w in re.findall(r"[A-Za-z_]\w*", cond)
        )
        tested_files = [q.rsplit("/", 1)[-1] for q in re.findall(r"['\"]([^'\"]{1,80})['\"]", cond)]
        if (
            tested_files
            and not names_resume
            and all(_RESULTS_NAME.search(f) and not _CKPT_FILE.search(f) for f in tested_files)
        ):
            # `if os.path.exists(join(save_path, "results.pkl")): load the model`: a run that finished (its
            # results written last) is reused, not an interrupted one continued
            continue
        if _CACHED_INPUT.search(cond) and not names_resume:
            continue  # `if dataset_cache and os.path.isfile(dataset_cache): torch.load(...)`: cached data
        if _PRETRAINED_NAME.search(cond) and not names_resume:
            continue  # `if os.path.isfile(pretrained): self.load_state_dict(...)`: a warm start from given weights
        inside = [e for e in loads if start <= e.line <= end and e.cell == cell]
        if not options and _EXISTS.search(cond) and inside and not _grown_results_file(m, start, end, cell):
            options.append(Evidence(m.path, start, f"resumes when {cond}", cell))
        elif not options and inside and names_resume:
            # `if resume_checkpoint:` / `if self.resume_from:` around the load: the run is given the
            # checkpoint to continue from (guided-diffusion's options come from a dict of defaults)
            options.append(Evidence(m.path, start, f"loads the checkpoint `{cond}` names", cell))
    # `if resume_run_id is not None: G, D, Gs = misc.load_pkl(locate_network_pkl(resume_run_id))`: a
    # block run only when a resume value is given
    for start, end, cell, _cond, name, _obj, _pos in getattr(m, "given_blocks", ()):
        if options:
            break
        if not any(start <= e.line <= end and e.cell == cell for e in loads):
            continue
        if _RESUME_ARG.match(name) and name not in initial:
            options.append(Evidence(m.path, start, f"loads the checkpoint `{name}` names", cell))
        elif _CHECKPOINT_NAME.search(name) and _restores_position(m, start, end, cell):
            # `checkpoint = None  # path to checkpoint` at the top of the script, then `if checkpoint is
            # not None: checkpoint = torch.load(checkpoint); start_epoch = checkpoint["epoch"] + 1`: the
            # run continues where the saved one stopped, whatever the setting is called
            options.append(Evidence(m.path, start, f"continues from the checkpoint `{name}` names", cell))
    # GAN zoo: `checkPointData = getLastCheckPoint(checkPointDir, modelLabel)`, then `if not restart and
    # checkPointData is not None: trainer.loadSavedTraining(...)`: the run's folder is searched for the last
    # checkpoint an earlier run left, and training goes on from it unless told to restart
    from .detect.engine import TRAIN_CALL

    for start, end, cell, _cond, _name, obj, _pos in getattr(m, "given_blocks", ()):
        # (CheckpointManager.latest_checkpoint restored on start is LATEST_RESTORE's, said as such)
        if options or not _LATEST_FINDER.search(obj) or any(k in obj for k in LATEST_RESTORE):
            continue
        inside = [
            c for c in m.calls if c.cell == cell and start <= c.line <= end and _LOAD_METHOD.search(c.name)
        ]
        # ... and then trains (an evaluation script loading the last checkpoint continues nothing)
        trains_on = any(
            x.cell == cell and x.line > end and (x.name.endswith(".train") or TRAIN_CALL.search(x.name))
            for x in m.calls
        )
        if inside and trains_on:
            c = inside[0]
            options.append(Evidence(m.path, start, f"continues from the last checkpoint `{obj}` finds", cell))
            loads = [Evidence(m.path, c.line, c.name, cell), *loads][:2]
    if not options:
        restored = _position_restored(m)
        if restored is not None:
            options.append(restored)
            loads = [restored, *loads][:2]  # the restore is the load that resumes
    return options[:1], loads


# a function finding the newest checkpoint a run left (getLastCheckPoint, find_latest_checkpoint, last_ckpt)
_LATEST_FINDER = re.compile(r"(?i)(last|latest)_?(check_?point|ckpt|snapshot)|find_latest|get_latest")
# a method loading a saved state: trainer.loadSavedTraining, model.load_checkpoint, agent.restore
_LOAD_METHOD = re.compile(r"\.(load|restore)(?:_?[A-Za-z]\w*)?$")


def instead_of_training(m, e) -> bool:
    """The load sits in one branch of an if/else whose other branch trains and which trains nothing itself."""
    from .detect.engine import TRAIN_CALL

    def trains(first: int, last: int, cell: int) -> bool:
        return any(
            c.cell == cell
            and first <= c.line <= last
            and (
                TRAIN_CALL.search(c.name)
                # train(sess, model, ...): the project's training function, not model.train() / .train(False)
                or (_TRAIN_FUNC.fullmatch(c.name) and any(not isinstance(a, bool) for a in c.args))
            )
            for c in m.calls
        )

    for b0, b1, e0, e1, cell, test in m.either_or:
        if cell != e.cell or _RESUME_TEST.search(test):
            continue  # `if args.resume is None: train() else: load(...); run_epochs(...)`: the resume branch
        for mine, other in (((e0, e1), (b0, b1)), ((b0, b1), (e0, e1))):
            if mine[0] <= e.line <= mine[1] and trains(*other, cell) and not trains(*mine, cell):
                return True
    return False


# An if/else chosen by a resume option: its loading branch continues training
_RESUME_TEST = re.compile(r"resum|restor|continu|restart|ckpt|checkpoint|snapshot", re.I)
# A project function that runs training (train(sess, model, ...), train_model(...), fit(...))
_TRAIN_FUNC = re.compile(r"([\w.]+\.)?(train|train_model|run_training|fit)")


def _grown_results_file(m, start: int, end: int, cell: int) -> bool:
    """`if os.path.exists(fname): log = load_pkl(fname) ... log[conf] = [mean, std]; save_pkl(log, fname)`:
    a results file read back to add this run's entry, not the checkpoint an interrupted run left. True
    when a value the module saves to a path loaded in the block gains an item or an element."""
    # path calls: (name, argument index, path, origins, the other arguments' text, line, cell, function)
    loaded = {pc[2] for pc in m.path_calls if pc[6] == cell and start <= pc[5] <= end}
    loaded.update(w.target for w in m.writes if w.cell == cell and start <= w.line <= end and "r" in w.mode)
    loaded.discard("")
    # (the other arguments' text is joined by spaces: `log fname 4` for save_pkl_object(log, fname, 4))
    saved = {a for pc in m.path_calls if pc[2] in loaded for a in pc[4].replace(",", " ").split()}
    saved.update(w.what for w in m.writes if w.target in loaded and "r" not in w.mode)
    # within the function holding the block (the whole module at its top level)
    lo, hi = next(
        ((a, b) for _n, a, c, b in m.functions if c == cell and a <= start and end <= b), (0, 1 << 30)
    )

    def here(x) -> bool:
        return x.cell == cell and lo <= x.line <= hi

    grown = {a.target[:-2] for a in m.assigns if a.target.endswith("[]") and here(a)}
    grown.update(
        c.name.rsplit(".", 1)[0]
        for c in m.calls
        if c.name.endswith((".append", ".update", ".extend")) and here(c)
    )
    if not saved & grown:
        return False
    # `ckpt = load(path); model.load_state_dict(ckpt["model"])`: the state goes back into training
    restores = any(here(c) and _RESTORES_STATE.search(c.name) for c in m.calls)
    return not restores and not _restores_position(m, start, end, cell)


_RESTORES_STATE = re.compile(r"(load_state_dict|set_weights|load_weights|restore\w*|set_state\w*)$")


_CHECKPOINT_NAME = re.compile(r"(checkpoint|ckpt|snapshot)", re.I)
# Libraries whose load() reads an image, a sound or a mesh (pyspng.load(f.read())), never a checkpoint.
_MEDIA_LOADERS = frozenset(
    {"pyspng", "imageio", "librosa", "soundfile", "torchaudio", "PIL", "cv2", "skimage", "nibabel", "trimesh"}
)


# Names that hold where training is; (a bare `ckpt_step` read from metadata is followed to them).
_POSITION = re.compile(
    r"((start|begin|init|first|cur|current|resume|resumed)_)?(epoch|step|iter|iteration|it)(_start)?|global_step|start_\w+",
    re.I,
)
_LOAD_CALL = re.compile(r"(^|[._])(load\w*|restore\w*|read_ckpt\w*|read_checkpoint\w*)$", re.I)


def _position_restored(m) -> Evidence | None:
    """Where training continues from a saved position: a name saying where training is (step, epoch,
    start_epoch) read out of what a load returned, directly or through one or two names
    (`meta = json.load(f)`, `ckpt_step = meta["checkpoints"][-1]`, `step = ckpt_step`; `step, aux =
    t.load(bucket, model_dir)`; `start_epoch = checkpoint["epoch"] + 1` after `torch.load`). A value read
    from the options (`epoch = cfg["epoch"]`) is a setting, not a saved position."""
    if not m.position_assigns:
        return None
    # the load among a line's calls: `torch.load(str(exp_dir) + '/best_model.pth')` also calls str()
    at = {}
    for c in m.calls:
        if _LOAD_CALL.search(c.name):
            at.setdefault((c.line, c.cell), c.name)
    loaded = {name: at[(line, cell)] for line, cell, name in m.call_targets if (line, cell) in at}
    read = {}
    for _line, _cell, name, source in m.position_assigns:
        read.setdefault(name, source)
    for line, cell, name, source in m.position_assigns:
        if not _POSITION.fullmatch(name):
            continue
        for _ in range(3):
            if _OPTIONS_ROOT.search(source) or source == name:
                break
            if source.startswith("call:"):
                if _LOAD_CALL.search(source[5:]):
                    last = source[5:].rsplit(".", 1)[-1]
                    return Evidence(m.path, line, f"`{name}` is set from what {last}() returns", cell)
                break
            if source in loaded:
                return Evidence(m.path, line, f"`{name}` is read from what {loaded[source]}() returned", cell)
            if source not in read:
                break
            source = read[source]
    return None


def _restores_position(m, start: int, end: int, cell: int) -> bool:
    """The block sets the epoch or step training starts from, or restores an optimizer's state."""
    if any(
        start <= line <= end and c == cell and _POSITION.fullmatch(name)
        for line, c, name, _ in m.position_assigns
    ):
        return True
    return any(
        start <= c.line <= end and c.cell == cell and re.search(r"optim\w*\.load_state_dict$", c.name, re.I)
        for c in m.calls
    )


def copies_live_state(c) -> bool:
    """`inner_opt.load_state_dict(self.optimizer.state_dict())`, `target.load_state_dict(net.state_dict())`:
    state copied between objects in memory (a target network, an inner-loop optimizer), no checkpoint read."""
    if not c.name.endswith("load_state_dict") or not c.args:
        return False
    text = str(getattr(c.args[0], "text", c.args[0]))
    # ... or an attribute of the object holding a state it kept earlier (self.optimizer_inner_state)
    return "state_dict()" in text or "deepcopy" in text or bool(re.fullmatch(r"self(\.\w+)+", text))


_OPTION_ATTR = re.compile(r"\b(args|opts?|FLAGS|flags|hparams|hps|config|cfg)\.(\w+)")
_EXISTS = re.compile(r"(\.exists\(|isfile\(|is_file\(|\.glob\(|listdir\()")
# the plain name a test of a file's existence is asked of: os.path.isfile(fname), exists(path)
_TESTED_PATH = re.compile(r"(?:exists|isfile|is_file)\(\s*([A-Za-z_]\w*)\s*\)")
_TRAINING_PATH = re.compile(r"(train|trainer|training|engine|loop|learner|fit|main)", re.I)
_PRETRAINED_HELP = re.compile(r"\bpre-?trained\b|\binitiali[sz]", re.I)
_RESUME_HELP = re.compile(r"\b(resume|continue training|restore training|restart from)\b", re.I)
_STOP_THRESHOLD_HELP = re.compile(
    r"\b(min(imum)?|improvement|delta|threshold|patience|tolerance)\b[^.\n]{0,60}\b(to\s+continue|before\s+stopping)\b",
    re.I,
)
# model.load(path) / ALGOS[algo].load(path): a model class loading itself (not json/yaml/numpy loads)
_LOADS_NETWORK = re.compile(
    r"(\.load_(network|model|pkl|snapshot)\w*|(?<!json)(?<!yaml)(?<!numpy)(?<!pickle)(?<!\bnp)\.load)$"
)


_SUMMARY_DETAIL = re.compile(
    r"(SummaryWriter|FileWriter|create_file_writer|summary\.|metric_writers|Supervisor)"
)


def _trains_in(m, func: str) -> bool:
    """Whether the module function ``func`` (any of that name) makes a training call."""
    from .detect.engine import TRAIN_CALL

    spans = [(line, cell, end) for name, line, cell, end in m.functions if name == func]
    return any(
        TRAIN_CALL.search(c.name)
        and any(cell == c.cell and line <= c.line <= end for line, cell, end in spans)
        for c in m.calls
    )


# Jobs beside training that write outputs of their own (score_flow.py, batch.py scoring a table).
_SIDE_JOB = re.compile(r"(^|[_-])(score|scoring|batch)([_-]|$)", re.I)


def record_detections(ctx) -> list:
    """A run record the project writes itself (a metrics stream beside its options or checkpoints)
    is a hand-made tracker: reported in Phase 1 as custom result logging, with its places."""
    from .detect.signatures import BY_KEY
    from .model import USED, Detection

    rec = ctx.records
    if rec is None or ctx.has("custom_logging", "tracking"):
        return []
    from .detect.engine import _NOT_TRAINING, project_imports
    from .fixes import training_paths

    main = training_paths(ctx)
    imports = project_imports(ctx.index) if main else {}
    linked = {a for a, hits in imports.items() if hits} | {h for hits in imports.values() for h in hits}

    def side_path(path: str) -> bool:
        # an inference script's ffmpeg file list, a batch-scoring job's output: written off the training
        # path by a module named for another purpose (a trainer built from a config is off the import path
        # too, and still records the runs), or by a standalone tool kept in the repository (an mAP
        # calculator, a format converter) that imports none of the project's modules and none imports
        stem = path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        return (
            bool(main)
            and path not in main
            and (
                _NOT_TRAINING.search(stem) is not None
                or _SIDE_JOB.search(stem) is not None
                or path not in linked
            )
        )

    def side_script(p) -> bool:
        return side_path(p.evidence.path)

    # The project's own metric files: not TensorBoard's event files, whatever their folder is named after.
    def hand_written(p) -> bool:
        return not p.framework and p.keeping != "events" and not _SUMMARY_DETAIL.search(p.evidence.detail)

    own = [p for p in rec.metrics if hand_written(p)]
    # Written only behind a switch (eval records under `if config.eval.enable_bpd:`) still records runs.
    own += [p for p in rec.optional if p.role == "metrics" and hand_written(p)]
    # options saved inside the checkpoint (torch.save({'args': args, 'model': ...})) are part of the
    # checkpoint, not a record of results beside it
    own_config = [p for p in rec.config if not p.framework and not p.from_file and not p.in_checkpoint]

    own = [p for p in own if not side_script(p)]
    own_config = [p for p in own_config if not side_script(p)]
    # the loaded config saved by the project's own code into a directory made per run (latent-diffusion's
    # {logdir}/configs/{now}-project.yaml): a hand-made run record too
    own_config += [
        p
        for p in rec.config
        if p.from_file and not p.framework and p.per_run and (not main or p.evidence.path in main)
    ]
    if own and (
        rec.config
        or rec.checkpoints
        or any(p.role == "checkpoint" for p in rec.optional)
        # a metrics log of its own per run (log_{date}.txt): a run record, whatever else is kept
        or any(p.per_run for p in own)
    ):
        evidence = [p.evidence for p in own[:3]] + [p.evidence for p in (*rec.config, *rec.checkpoints)[:2]]
    elif own_config and (rec.metrics or rec.checkpoints or rec.optional):
        # The run's options written by the project's own code beside its metrics (TensorBoard events)
        # or checkpoints: pix2pix's options.json in output_dir is a hand-made run record.
        evidence = [p.evidence for p in own_config[:2]] + [
            p.evidence for p in (*rec.metrics, *rec.checkpoints)[:2]
        ]
    else:
        return []
    sig = BY_KEY.get(("custom_logging", "tracking"))
    return [
        Detection(
            "custom_logging",
            "tracking",
            USED,
            "core",
            evidence,
            sig.label if sig else "Custom result logging",
        )
    ]


# Fixes for a project without a tracker: extend the run record it already writes (or start one),
# in plain Python, instead of bringing in a tracker it does not use.
def _settings_module_object(ctx, entries) -> tuple[str, str] | None:
    """(expression holding every setting, module path) of the Python config module the training code
    imports: the settings object it exports (`from core.config import cfg`: an EasyDict), or the
    module's public names (`import config`)."""
    from .rules.phase2_parameters import config_modules

    found = config_modules(ctx)
    if not found:
        return None
    path = found[0].path
    dotted = path.removesuffix(".py").replace("/", ".")
    for m in [x for x in entries if x is not None] + list(ctx.index.modules.values()):
        for i in m.imports:
            if i.module == dotted or dotted.endswith("." + i.module) or i.module.endswith("." + dotted):
                name = dotted.rsplit(".", 1)[-1]
                return f"{{k: v for k, v in vars({name}).items() if not k.startswith('_')}}", path
            head, _, obj = i.module.rpartition(".")
            if head and (head == dotted or dotted.endswith("." + head) or head.endswith(dotted)) and obj:
                return obj, path
    return None


def _params_dump(ctx) -> str:
    """The dump of the run's options in the project's own option system, formatted with {dir} later;
    '' for the plain `vars(args)` dump."""
    from .fixes import training_paths
    from .rules.phase2_parameters import _cli_sets_only_paths

    # the option system of the training path: absl imported by a vendored environment (SMAC's maps)
    # is not how an argparse training script takes its options
    main = training_paths(ctx)
    mods = [m for p, m in ctx.index.modules.items() if p in main] or list(ctx.index.modules.values())
    entries = [ctx.index.modules.get(e.path) for e in ctx.taxonomy.training_entry_points]
    # the entry point parses its own command line: absl flags imported elsewhere (a vendored
    # environment's) are not its options; a config it loads (OmegaConf, gin) still is
    argparse_entry = any(
        m is not None and any(c.name.endswith("parse_args") for c in m.calls) for m in entries
    )
    only_paths = _cli_sets_only_paths(ctx)
    settings_obj = _settings_module_object(ctx, entries) if not argparse_entry or only_paths else None
    if settings_obj is not None:
        expr, path = settings_obj
        expr = expr.replace("{", "{{").replace("}", "}}")  # the text is formatted with {dir} later
        return (
            "with open(os.path.join({dir}, 'config.json'), 'w') as f:\n"
            f"    json.dump({expr}, f, indent=2, default=str)   # every setting of {path}"
        )
    if only_paths is not None:
        # --image_folder on the command line, the hyperparameters module constants: dump both
        _, _options, hyper = only_paths
        items = ", ".join(f"'{n}': {n}" for n in hyper[:8]) + (", ..." if len(hyper) > 8 else "")
        return (
            "with open(os.path.join({dir}, 'config.json'), 'w') as f:\n"
            f"    json.dump({{{{**vars(args), {items}}}}}, f, indent=2, default=str)   # the options and the constants"
        )
    loaded = _configs_loaded_from_options(entries)
    if loaded:
        # --train_config configs/train.yaml: the options name files, the hyperparameters are what they hold
        items = ", ".join(f"'{n}': {n}" for n in loaded[:4])
        return (
            "with open(os.path.join({dir}, 'config.yaml'), 'w') as f:\n"
            f"    yaml.safe_dump({{{{'args': vars(args), {items}}}}}, f)   # the options and the config files they name"
        )
    for prefix, line, name in _OPTION_DUMPS:
        if argparse_entry and prefix in ("absl.flags", "ml_collections.config_flags"):
            continue
        if argparse_entry and prefix == "omegaconf" and not _omegaconf_options(mods):
            continue  # OmegaConf reads a pretrained model's definition here; argparse holds the run's options
        if any(m.imported(prefix) for m in mods):
            dump = f"with open(os.path.join({{dir}}, '{name}'), 'w') as f:\n    {line}"
            if prefix == "absl.flags" and any(m.imported("gin") for m in mods):
                # The flags name the gin files and bindings; the values the run used are gin's.
                _, gin_line, gin_name = next(d for d in _OPTION_DUMPS if d[0] == "gin")
                dump += (
                    f"\nwith open(os.path.join({{dir}}, '{gin_name}'), 'w') as f:   # after the model is built\n"
                    f"    {gin_line}"
                )
            return dump
    settings = _script_settings(ctx)
    if settings:
        # Settings edited in the script itself (Init_Epoch = 0, batch_size = 8): dump those names.
        items = ", ".join(f"'{n}': {n}" for n in settings[:8]) + (", ..." if len(settings) > 8 else "")
        return (
            "with open(os.path.join({dir}, 'settings.json'), 'w') as f:\n"
            f"    json.dump({{{{{items}}}}}, f, indent=2)   # the values edited in the script"
        )
    return ""


def _omegaconf_options(mods) -> bool:
    """Some OmegaConf load in these modules reads the run's options: not a model's definition handed whole
    to its class (`VQModel(**OmegaConf.load(path).model.params)`)."""
    from .rules.phase2_parameters import _splatted_into_class

    return any(
        c.name.startswith("omegaconf.OmegaConf.") and not _splatted_into_class(m, c)
        for m in mods
        for c in m.calls
        if c.name.endswith((".load", ".from_cli", ".merge", ".create", ".structured"))
    )


_FROM_OPTIONS = re.compile(r"parse_args\(\)\.\w+|\b(args|opts?|FLAGS)\.\w+")
_CONFIG_LOADS = ("yaml.load", "yaml.safe_load", "yaml.full_load", "json.load", "OmegaConf.load", "toml.load")


def _file_configs(m) -> set[str]:
    """Names the module binds to a configuration file its command line names (config =
    yaml.load(open(args.config))) and never sets from the options afterwards (config['seed'] =
    args.seed would merge them)."""
    cached = m.__dict__.get("_et_file_configs")
    if cached is None:
        names = set(_configs_loaded_from_options([m]))
        merged = {
            n
            for a in m.assigns
            for n in names
            if a.target.startswith((n + "[", n + "."))
            and _CLI_NAMESPACE.search(str(getattr(a.value, "text", a.value)))
        }
        cached = m.__dict__["_et_file_configs"] = frozenset(names - merged)
    return cached


def _configs_loaded_from_options(entries) -> list[str]:
    """Names the training entry point binds to configuration files it loads from paths its command line
    gives (`train_config = yaml.load(open(args.train_config), ...)`)."""
    out: list[str] = []
    for m in entries:
        if m is None:
            continue
        bound = {(line, cell): name for line, cell, name in m.call_targets}
        # open(args.train_config) handed to the load, on its line or the next (a call split over lines)
        opened = {
            (c.line, c.cell) for c in m.calls if c.name == "open" and _FROM_OPTIONS.search(str(c.args[:1]))
        }
        for c in m.calls:
            if c.name.endswith(_CONFIG_LOADS) and (
                _FROM_OPTIONS.search(str(c.args)) or any((c.line + d, c.cell) in opened for d in (0, 1, 2))
            ):
                name = bound.get((c.line, c.cell))
                if name and name not in out:
                    out.append(name)
    return out


def _script_settings(ctx) -> list[str]:
    """Module-level scalar settings of the training entry point, when it parses no command line."""
    m = _first_training_module(ctx)
    if m is None or any(c.name.endswith(("add_argument", "DEFINE_string", "parse_args")) for c in m.calls):
        return []
    return [
        n
        for n, v in m.constants.items()
        if isinstance(v, (int, float, str, bool))
        and not n.startswith("_")
        and not n.isupper()
        # url, saving_path_name, dataset_name = "census-income": where data comes from and goes, not
        # a setting of the training
        and not (isinstance(v, str) and (re.search(r"[/:.\\]", v) or _NOT_A_SETTING.search(n)))
        # ite_num = 0, running_loss = 0.0: a zero the loop adds to (or train_num, filled later), or its
        # step counter (the index folds ite_num += 1 to 1): the loop's state, not a setting
        and not (
            isinstance(v, (int, float))
            and not isinstance(v, bool)
            and ((v == 0 and _LOOP_STATE.search(n)) or _STEP_COUNTER.match(n))
        )
    ]


# Names a loop fills (running_loss, ite_num4val, total_correct, train_num = len(...) later), whole words:
# num_workers = 0 and warmup_steps = 0 are settings
_LOOP_STATE = re.compile(
    r"^(running|total|cur|current|best|sum)_|(^|_)(loss|losses|count|cnt|correct|num)$|^(ite|iter|it)(_num\w*)?$|"
    r"^(global_)?step$",
    re.I,
)
_STEP_COUNTER = re.compile(r"^(ite_num|ite|iter|iteration|it|global_step|step|total_steps?|n_iter)$", re.I)


def _loop_names(ctx) -> tuple[str, str]:
    """(the step counter, the loss) as the training entry point names them: the name `.backward()` is
    called on, and a counter it sets to 0 (ite_num, global_step); `step` and `loss` when not found."""

    m = _first_training_module(ctx)
    if m is not None:
        backward = [c for c in m.calls if c.name.endswith(".backward")]
        losses = [c.name[: -len(".backward")] for c in backward]
        # total_loss = criterion(...) a few lines above total_loss.backward(): the index resolves the
        # receiver to the expression, so the name bound to a loss just before stands for it
        ctors = {(c.line, c.cell) for c in m.calls if c.name.rsplit(".", 1)[-1].endswith("Loss")}
        bound = [
            name
            for line, cell, name in m.call_targets
            if "loss" in name.lower()
            and name.isidentifier()
            # criterion = nn.CrossEntropyLoss(): the loss function, not the value it computes
            and (line, cell) not in ctors
            and any(c.cell == cell and 0 <= c.line - line <= 15 for c in backward)
        ]
        loss = next((x for x in losses if x.isidentifier()), None) or (bound[0] if bound else "loss")
        # ite_num = 0, then ite_num += 1 in the loop (which the index folds to 1): the loop's counter
        step = next((n for n, v in m.constants.items() if v in (0, 1) and _STEP_COUNTER.match(n)), "step")
        return step, loss
    return "step", "loss"


_NOT_A_SETTING = re.compile(r"(url|uri|path|dir|file|folder|name|target|column|col|key|host)s?$", re.I)


HAND_FIXES = {
    "params": "with open(os.path.join({dir}, 'args.json'), 'w') as f:\n"
    "    json.dump(vars(args), f, indent=2, default=str)   # every option; paths written as text",
    "metrics": "with open(os.path.join({dir}, 'metrics.jsonl'), 'a') as f:\n"
    "    f.write(json.dumps({{'step': step, 'loss': float(loss)}}) + '\\n')",
    # .decode(), not text=True: Python 3.6 (the newest a TF 1.12 project runs on) has no text=
    "commit": "sha = subprocess.check_output(['git', 'rev-parse', 'HEAD']).decode().strip()\n"
    "dirty = bool(subprocess.check_output(['git', 'status', '--porcelain']).decode().strip())\n"
    "with open(os.path.join({dir}, 'git.json'), 'w') as f:\n"
    "    json.dump({{'commit': sha, 'dirty': dirty}}, f)",
    "env": "with open(os.path.join({dir}, 'environment.txt'), 'w') as f:\n"
    "    f.write(sys.version + '\\n' + platform.platform() + '\\n')\n"
    "    f.write(subprocess.check_output([sys.executable, '-m', 'pip', 'freeze']).decode())",
    "timing": "t0 = time.time()   # at the start of each epoch\n...\n"
    "with open(os.path.join({dir}, 'metrics.jsonl'), 'a') as f:\n"
    "    f.write(json.dumps({{'epoch': epoch, 'epoch_seconds': time.time() - t0}}) + '\\n')",
    "seed": "with open(os.path.join({dir}, 'seed.json'), 'w') as f:\n"
    "    json.dump({{'seed': seed}}, f)   # the value the run seeds its generators with",
    "data": "digest = hashlib.sha256(open(data_path, 'rb').read()).hexdigest()\n"
    "with open(os.path.join({dir}, 'data.json'), 'w') as f:\n"
    "    json.dump({{'path': data_path, 'sha256': digest}}, f)",
}


# The training code keeps no directory per run: a fix writing "beside the run's records" first makes one,
# rather than naming a `run_dir` the code does not have.
NEW_RUN_DIR = (
    "run_dir = os.path.join('runs', time.strftime('%Y%m%d-%H%M%S'))   # one directory per run\n"
    "os.makedirs(run_dir, exist_ok=True)\n"
)


def with_run_dir(run_dir: str, text: str) -> str:
    # os.path.join(os.path.join(opt.checkpoints_dir, opt.name), 'git.json'): one join
    text = re.sub(r"os\.path\.join\(os\.path\.join\(([^()]*)\),\s*", r"os.path.join(\1, ", text)
    if run_dir == "run_dir" and re.search(r"\brun_dir\b", text) and "run_dir =" not in text:
        return NEW_RUN_DIR + text
    if run_dir.startswith("HydraConfig.") and run_dir in text and "import HydraConfig" not in text:
        return "from hydra.core.hydra_config import HydraConfig   # Hydra's directory of this run\n" + text
    return text


# The attribute a summary writer keeps its directory in (torch.utils.tensorboard: log_dir; tensorboardX:
# logdir)
_WRITER_DIR_ATTR = {
    "torch.utils.tensorboard.SummaryWriter": "log_dir",
    "torch.utils.tensorboard.writer.SummaryWriter": "log_dir",
    "tensorboardX.SummaryWriter": "logdir",
}


def run_dir_expr(ctx) -> str:
    """The expression naming the directory the project already writes its run record to."""
    return _run_dir(ctx)[0]


def run_dir_site(ctx) -> str | None:
    """The file where the run directory's expression is a variable the code binds (`writer` made in
    train_eval.py, `log_dir` joined with a time stamp in main()): a fix writing there belongs in that file,
    not in an entry point where the name does not exist. None for an option (`args.save_dir`), which the
    entry point has too."""
    return _run_dir(ctx)[1]


def _run_dir(ctx) -> tuple[str, str | None]:
    cached = getattr(ctx, "_et_run_dir", None)
    if cached is None:
        cached = ctx._et_run_dir = _find_run_dir(ctx)
    return cached


# The folder a framework's trainer keeps a run in, read from the trainer object the project binds.
_TRAINER_DIR = (
    (re.compile(r"(^|\.)(\w*Trainer)$"), "TrainingArguments", "{}.args.output_dir"),
    (re.compile(r"(^|\.)Trainer(\.from_argparse_args)?$"), "Lightning", "{}.log_dir"),
)


def _framework_run_dir(ctx, parts) -> tuple[str, str] | None:
    """A Hugging Face Trainer's output_dir (trainer.args.output_dir) or a Lightning Trainer's version
    folder (trainer.log_dir) where the run record is the framework's: the fix writes beside it, in the
    file that binds the trainer, rather than into a new runs/ tree."""
    modules = ctx.index.modules
    for p in parts:
        if not p.framework:
            continue
        m = modules.get(p.evidence.path)
        if m is None:
            continue
        for name_rx, kind, template in _TRAINER_DIR:
            if kind not in p.evidence.detail and not (kind == "Lightning" and "lightning_logs" in p.target):
                continue
            made = {(c.line, c.cell) for c in m.calls if name_rx.search(c.name)}
            bound = [
                n for line, cell, n in m.call_targets if (line, cell) in made and re.fullmatch(r"[\w.]+", n)
            ]
            if bound:
                return template.format(bound[0]), p.evidence.path
    return None


def _file_options(ctx) -> dict[str, set]:
    """Per module, its options whose default is a file's path (`--checkpoint /tmp/hype_embeddings.pth`):
    what a run writes is that file (and its numbered copies), never files inside it. Per module: another
    script's `--output predictions.csv` says nothing of this one's `--output` folder."""
    from .index.python_facts import option_defaults

    return {
        path: {
            name
            for name, default in option_defaults(m).items()
            if re.search(r"\.(pth?|ckpt|pkl|pickle|h5|bin|npy|npz|json|ya?ml|txt|csv|tar)$", default or "")
        }
        for path, m in ctx.index.modules.items()
    }


def _find_run_dir(ctx) -> tuple[str, str | None]:
    rec = ctx.records
    exprs = []
    # The main training script's own record first: a preprocessing script's output folder is no run's.
    entries = [e.path for e in ctx.taxonomy.training_entry_points]
    parts = [*(rec.config if rec else ()), *(rec.metrics if rec else ())]
    from .fixes import training_paths

    main = training_paths(ctx)
    if main:
        # an evaluation script's output folder (rend_path) is no name the training code has
        parts = [p for p in parts if p.evidence.path in main]
    parts.sort(key=lambda p: entries.index(p.evidence.path) if p.evidence.path in entries else len(entries))
    # log_dir = join(opt.log_dir, name + strftime(...)) at the entry point: the variable holding the run's
    # own directory, not the option its path starts from (files written there would be shared by runs)
    modules = ctx.index.modules
    for p in parts:
        m = modules.get(p.evidence.path)
        bound = m.module_paths if m is not None else {}
        for name, (template, origins) in bound.items():
            if (
                name.isidentifier()
                and {"time", "counter"} & set(origins)
                and p.target.startswith(template)
                and p.target[len(template) : len(template) + 1] in ("", "/")
            ):
                return name, p.evidence.path
    for p in parts:
        # folder = join(args.output_folder, strftime(...)) inside main(): the run's own directory
        for name, template in getattr(modules.get(p.evidence.path), "run_dirs", ()):
            if p.target == template or p.target.startswith(template + "/"):
                return name, p.evidence.path
    for p in parts:
        # writer = SummaryWriter(log_dir=config.log_path + '/' + time.strftime(...)): the folder made for
        # this run is the writer's own, named by no variable; the writer says where it is
        attr = _WRITER_DIR_ATTR.get(p.evidence.detail)
        if attr and p.keeping in ("time", "counter") and p.target.endswith("}"):
            m = modules.get(p.evidence.path)
            bound = {(ln, cl): n for ln, cl, n in (m.call_targets if m is not None else ())}
            name = bound.get((p.evidence.line, p.evidence.cell))
            if name:
                return f"{name}.{attr}", p.evidence.path
    file_options = _file_options(ctx)
    for p in parts:
        m = re.match(r"^\{([\w.\[\]'\"]+)\}/", p.target)
        if m and m.group(1).rsplit(".", 1)[-1] in file_options.get(p.evidence.path, ()):
            continue  # --checkpoint /tmp/embeddings.pth: a file's path, no folder to write beside
        if m and not p.framework and not _DATA_DIR_HOLE.fullmatch("{" + m.group(1) + "}"):
            # {opt.checkpoints_dir}/{opt.name}/opt.txt: the run's folder is the option holes together
            held = re.match(r"^((?:\{[\w.]+\}/)+)[^/]+$", p.target)
            holes = re.findall(r"\{([\w.]+)\}", held.group(1)) if held else []
            if len(holes) > 1 and all(re.fullmatch(r"(self\.)?[A-Za-z_]\w*\.\w+", h) for h in holes):
                joined = f"os.path.join({', '.join(holes)})"
                if holes[0].startswith("self."):
                    # self.opt exists only in the class that writes the record (an options parser's
                    # parse(), a trainer): the fix goes beside that write, not in an entry point
                    return joined, p.evidence.path
                exprs.append(joined)
                continue
            exprs.append(m.group(1))
    if not exprs:
        framework = _framework_run_dir(ctx, parts)
        if framework is not None:
            return framework
    # self.log_dir belongs inside a class (a callback handed log_dir): outside it, the plain name is the
    # variable the caller passed.
    plain = [x for x in exprs if not x.startswith("self.")]
    if plain:
        return plain[0], None
    if exprs:
        return exprs[0].split(".", 1)[1], None
    # a Hydra entry point: each run already has its own output directory (outputs/<date>/<time>)
    for path in entries:
        m = modules.get(path)
        if m is not None and any(d.name.endswith("hydra.main") for d in m.decorators):
            from .rules.phase2_parameters import hydra_fixed_run_dir
            from .rules.phase4_reproducibility import _pinned_version

            if hydra_fixed_run_dir(ctx):
                break  # hydra.run.dir: outputs: one folder every run writes into

            # HydraConfig's runtime.output_dir came with Hydra 1.1; before it, Hydra ran each job inside
            # its output directory, so the working directory is the run's
            pinned = _pinned_version(ctx, "hydra-core")
            if pinned is not None and pinned < (1, 1):
                return "os.getcwd()", None
            return "HydraConfig.get().runtime.output_dir", None
    # no record yet: the run's own folder its checkpoints go to (model_dir = models_dir / run_id), then
    # the folder the training checkpoints go to (--logdir), rather than a new tree
    for p in rec.checkpoints if rec else ():
        if main and p.evidence.path not in main:
            continue
        for name, template in getattr(modules.get(p.evidence.path), "run_dirs", ()):
            if p.target.startswith(template + "/"):
                return name, p.evidence.path
    for p in rec.checkpoints if rec else ():
        m = re.match(r"^\{((?:args|opts?|FLAGS|cfg|config|hparams)\.[\w.]+)\}/", p.target)
        if (
            m
            and (not main or p.evidence.path in main)
            and not _DATA_DIR_HOLE.fullmatch("{" + m.group(1) + "}")
            and m.group(1).rsplit(".", 1)[-1] not in file_options.get(p.evidence.path, ())
        ):
            return m.group(1), None
    return "run_dir", None


# How each configuration system hands over every resolved option, for the "params" fix.
_OPTION_DUMPS = (
    # config_flags hands the whole ConfigDict over as FLAGS.config; the flags themselves only name the file.
    (
        "ml_collections.config_flags",
        "f.write(FLAGS.config.to_json_best_effort(indent=2))   # the resolved config, overrides included",
        "config.json",
    ),
    ("absl.flags", "f.write(FLAGS.flags_into_string())   # every absl flag", "flags.txt"),
    (
        "ml_collections",
        "f.write(config.to_json_best_effort(indent=2))   # the resolved ConfigDict",
        "config.json",
    ),
    ("gin", "f.write(gin.operative_config_str())   # every gin binding the run used", "operative_config.gin"),
    ("omegaconf", "f.write(OmegaConf.to_yaml(cfg, resolve=True))   # the resolved config", "config.yaml"),
    ("hydra", "f.write(OmegaConf.to_yaml(cfg, resolve=True))   # the resolved config", "config.yaml"),
)


# The same records in a ZenML project: ZenML already keeps each run, so what is missing goes into it.
ZENML_FIXES = {
    "params": "@step\ndef train(data: pd.DataFrame, learning_rate: float = 0.1, max_depth: int = 4) -> ...:\n"
    "    ...   # values given as step (or pipeline) parameters are stored with every run",
    "metrics": "log_metadata(metadata={'train_loss': train_losses, 'val_loss': val_losses})   # in the step",
    "commit": None,  # a registered code repository (ET420 says how)
    "env": "log_metadata(metadata={'python': sys.version, 'platform': platform.platform(),\n"
    "                       'packages': subprocess.check_output([sys.executable, '-m', 'pip', 'freeze'], text=True)})",
    "data": "log_metadata(metadata={'source': data_path, 'sha256': digest},   # in the loading step\n"
    "             artifact_name='<data output>', infer_artifact=True)",
}


def _takes_options(ctx) -> bool:
    """Some module of the training path reads a command line or a configuration system."""
    from .fixes import training_paths

    main = training_paths(ctx)
    return any(
        c.name.endswith(("parse_args", "parse_known_args", "fire.Fire", "typer.run", "hydra.main", "DEFINE_string",
                         "DEFINE_integer", "DEFINE_float", "DEFINE_bool", "DEFINE_boolean", "DEFINE_enum",
                         "DEFINE_list", "config_flags.DEFINE_config_file", "OmegaConf.load", "click.command", "docopt",
                         "parse_args_into_dataclasses", "parse_dict", "parse_yaml_file", "parse_json_file",
                         "LightningCLI", "jsonargparse.CLI", "jsonargparse.ArgumentParser", "tyro.cli"))
        for p, m in ctx.index.modules.items()
        if p in main or not main
        for c in (*m.calls, *m.decorators)
    )  # fmt: skip


def hand_fix(ctx, key: str) -> str:
    from .rules.facts import zenml_runs

    if zenml_runs(ctx) is not None and ZENML_FIXES.get(key):
        return "```python\n" + ZENML_FIXES[key] + "\n```"
    text = HAND_FIXES[key]
    if key == "params":
        text = _params_dump(ctx) or text
    if key == "metrics":
        step, loss = _loop_names(ctx)
        text = text.replace("'step': step", f"'step': {step}").replace("float(loss)", f"float({loss})")
    run_dir = run_dir_expr(ctx)
    text = with_run_dir(run_dir, text.format(dir=run_dir))
    if key == "params" and "vars(args)" in text and not _takes_options(ctx):
        # a notebook or script with no command line: there is no `args`; the settings gathered in one
        # dict (what ET201's fix asks for) are what each run writes
        text = (
            text.replace("vars(args)", "params")
            .replace("'args.json'", "'params.json'")
            .replace("every option; paths written as text", "the dict every setting is read from")
        )
    if key == "params" and "vars(args)" in text:
        text = text.replace("vars(args)", whole_options_expr(ctx, run_dir))
    if key == "seed":
        seed = _seed_expr(ctx, _options_name(ctx, run_dir))
        if seed:
            text = text.replace("{'seed': seed}", f"{{'seed': {seed}}}")
        if "." not in seed:
            # no option holds the seed at the entry point (a helper's parameter, a library's own
            # generator): say which value `seed` stands for instead of naming a variable the script lacks
            from .rules.phase2_parameters import seed_calls

            calls = seed_calls(ctx)
            if calls:
                m, c = calls[0]
                text = f"# seed: the value {m.path}:{c.line} ({c.name}) seeds with\n" + text
    if _writes_through_gfile(ctx):
        # The project writes its files through TensorFlow's gfile (a gs:// model_dir on TPU), where the
        # builtin open() fails.
        text = re.sub(r"\bopen\(", "tf.io.gfile.GFile(", text)
    return "```python\n" + text + "\n```"


_DATA_OPTION = re.compile(
    r"^-*(data_?dir|data_?root|data_?path|dataset_?dir|dataset_?path|dataset_?root|datadir|dataroot)$", re.I
)


def data_dir_expr(ctx) -> str:
    """The expression naming the data directory the training code is given (`args.datadir`,
    `FLAGS.data_dir`), or `data_dir` when it has no such option."""
    from .fixes import training_paths

    main = training_paths(ctx)
    # the training code's own option: a preprocessing script's --data_dir is where it writes, not what
    # a run reads under that name
    for _path, m in sorted((p, m) for p, m in ctx.index.modules.items() if p in main):
        for c in m.calls:
            if not c.name.endswith(("add_argument", "DEFINE_string")) or not c.args:
                continue
            name = next((a for a in c.args if isinstance(a, str) and _DATA_OPTION.match(a)), None)
            if name:
                attr = name.lstrip("-").replace("-", "_")
                if c.name.endswith("DEFINE_string"):
                    return f"FLAGS.{attr}"
                return f"{_options_name(ctx, run_dir_expr(ctx))}.{attr}"
    return "data_dir"


def whole_options_expr(ctx, run_dir: str | None = None) -> str:
    """Every option of the run as one mapping, in the training entry point's own names: `vars(config)`,
    `args` when the options are a dict already (vars() of a dict fails)."""
    name = _options_name(ctx, run_dir_expr(ctx) if run_dir is None else run_dir)
    if name == "args" and _flags_defined(ctx):
        # tf.app.flags / absl: no parsed namespace, FLAGS holds every option (TF >= 1.5 wraps absl)
        return "FLAGS.flag_values_dict()"
    expr = name if name in _dict_options(ctx) else f"vars({name})"
    loaded = _loaded_config_name(ctx)
    if loaded and loaded != name:
        # config = yaml.load(open(args.config)): the hyperparameters are in the file the options name
        return f"{{'args': {expr}, '{loaded}': {loaded}}}"
    return expr


_CONFIG_NAME = re.compile(r"(config|cfg|conf|params|hparams|hps|settings|options|opts)", re.I)


def splits_hf_arguments(ctx) -> bool:
    """The project parses several argument dataclasses with HfArgumentParser (model, data, training): the
    Trainer's checkpoints and tracker get the TrainingArguments only."""
    return any(
        c.name.endswith("HfArgumentParser") and c.args and isinstance(c.args[0], list) and len(c.args[0]) > 1
        for m in ctx.index.modules.values()
        for c in m.calls
    )


def _first_training_module(ctx):
    """The facts of the first training entry point's module, or None."""
    from .rules.facts import facts

    first = facts(ctx).training[:1]
    return ctx.index.modules.get(first[0].path) if first else None


def _loaded_config_name(ctx) -> str:
    """The name the first training entry point binds to a configuration file it loads
    (`config = yaml.load(f, Loader=yaml.SafeLoader)`), '' when none."""
    m = _first_training_module(ctx)
    if m is None:
        return ""
    loads = {(c.line, c.cell) for c in m.calls if c.name.endswith(_CONFIG_LOADS)}
    for line, cell, name in m.call_targets:
        # named as a configuration (config, cfg, hparams): not a vocabulary or label map loaded as JSON
        if (line, cell) in loads and name.isidentifier() and _CONFIG_NAME.search(name):
            return name
    return ""


def _flags_defined(ctx) -> bool:
    """The first training entry point defines its options as flags (`flags.DEFINE_float(...)`) and parses
    no command line of its own into a namespace."""
    m = _first_training_module(ctx)
    if m is None:
        return False
    names = [c.name for c in m.calls]
    return any(".DEFINE_" in n for n in names) and not any(n.endswith("parse_args") for n in names)


def _dict_options(ctx) -> set[str]:
    """Names the training entry point binds to its options turned into a dict (`args = vars(ap.parse_args())`)."""
    from .index.python_facts import Dyn

    out = set()
    m = _first_training_module(ctx)
    if m is not None:
        for line, cell, name in m.call_targets:
            if any(
                c.line == line
                and c.cell == cell
                and c.name == "vars"
                and c.args
                and isinstance(c.args[0], Dyn)
                and re.search(r"parse_(known_)?args\(\)$", c.args[0].text)
                for c in m.calls
            ):
                out.add(name)
    return out


def _options_name(ctx, run_dir: str) -> str:
    """The name of the run's options in the training entry point (see _options_name_read); where that
    gives `args`, the name the entry point's module binds `parser.parse_args()` to."""
    name = _options_name_read(ctx, run_dir)
    return (_parsed_name(ctx) or name) if name == "args" else name


def _parsed_name(ctx) -> str:
    """`opt = parser.parse_args()` in the first training entry point's module (under its main guard or
    not): the first name bound to such a call's result."""

    m = _first_training_module(ctx)
    if m is not None:
        parsed = {(c.line, c.cell) for c in m.calls if c.name.endswith(".parse_args")}
        return next(
            (n for line, cell, n in m.call_targets if (line, cell) in parsed and n.isidentifier()), ""
        )
    return ""


def _options_name_read(ctx, run_dir: str) -> str:
    """The name the training entry point gives its parsed command line: `config = parser.parse_args()`,
    or `main(parser.parse_args())` into `def main(config)`; else the object the run directory is read
    from (`config.logdir`); else `args`. A fix that dumps `vars(args)` where no `args` exists fails."""
    from .index.python_facts import Dyn

    m = _first_training_module(ctx)
    if m is not None:
        for a in m.assigns:
            if (
                isinstance(a.value, Dyn)
                and re.search(r"parse_args\(\)\)?$", a.value.text)
                and a.target.isidentifier()
            ):
                return a.target
        for c in m.calls:
            if c.args and isinstance(c.args[0], Dyn) and c.args[0].text.endswith("parse_args()"):
                params = m.func_params.get(c.name, ())
                if params and params[0].isidentifier() and params[0] != "self":
                    return params[0]
    if "(" in run_dir:
        # os.path.join(self.opt.log_dir, self.opt.model_name): the object the call's arguments read the
        # options from (self.opt), not the module the call is in (os)
        held = [
            n
            for n in re.findall(r"(?<![\w.])[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+(?![\w(])", run_dir)
            if n.split(".", 1)[0] not in _PATH_MODULES
        ]
        return held[0].rsplit(".", 1)[0] if held else "args"
    root = run_dir.split(".", 1)[0]
    if run_dir.rsplit(".", 1)[-1] in _WRITER_DIR_ATTR.values():
        # writer.logdir: the writer is no options object; the settings are what the function that made
        # the writer was handed (def train(config, model, ...))
        return _writer_function_options(ctx, root) or "args"
    if "." in run_dir and root.isidentifier() and root != "self":
        return root
    return "args"


_PATH_MODULES = frozenset({"os", "osp", "pathlib", "Path", "time", "datetime", "str", "sys", "shutil"})


def _writer_function_options(ctx, writer: str) -> str:
    """The options parameter (config, args, opt, hparams) of the function that binds ``writer``."""
    from .index.python_facts import _CONFIG_OBJECT

    for m in ctx.index.modules.values():
        lines = [(ln, cl) for ln, cl, n in m.call_targets if n == writer]
        for name, start, cell, end in m.functions:
            if any(cl == cell and start <= ln <= end for ln, cl in lines):
                found = next((p for p in m.func_params.get(name, ()) if _CONFIG_OBJECT.fullmatch(p)), "")
                if found:
                    return found
    return ""


def _seed_expr(ctx, options: str) -> str:
    """The expression the training path seeds its generators with (`config.seed`, `args.seed`), so the
    fix records that value rather than a `seed` name the code may not have."""
    from .fixes import training_paths
    from .index.python_facts import Dyn
    from .rules.phase2_parameters import seed_calls

    main = training_paths(ctx)
    entries = {e.path for e in ctx.taxonomy.training_entry_points}
    found = []
    # the project's own helper called at the entry point (`seed_everything(opt.seed)`): the option it is
    # handed, where the seeding calls inside it read only their parameter
    helpers = [
        (m, c)
        for path in sorted(entries)
        if (m := ctx.index.modules.get(path)) is not None
        for c in m.calls
        if "seed" in c.name.rsplit(".", 1)[-1].lower() and (c.args or c.has_kw("seed"))
    ]
    for m, c in [*seed_calls(ctx), *helpers]:
        arg = c.args[0] if c.args else c.kw("seed")
        if not isinstance(arg, Dyn) or "seed" not in arg.text.rsplit(".", 1)[-1].lower():
            continue
        if not re.fullmatch(r"[A-Za-z_][\w.]*", arg.text):
            # an options object resolved through a call (`tools.AttrDict().seed`): its seed attribute,
            # read from the options the entry point holds
            if not re.fullmatch(r"[\w.()]+\.\w+", arg.text):
                continue
            # config = get_cfg_defaults() ... seed_everything(config.TRAINER.SEED): the name the module
            # binds the call to, with the path read from it
            head, _, tail = arg.text.rpartition("().")
            bound = {(line, cell): n for line, cell, n in m.call_targets}
            name = next(
                (bound[(k.line, k.cell)] for k in m.calls if k.name == head and (k.line, k.cell) in bound), ""
            )
            arg = Dyn(f"{name}.{tail}" if name and tail else f"{options}.{arg.text.rsplit('.', 1)[-1]}")
        # the entry point's own call first; an option (`config.seed`) before a helper's parameter
        found.append((m.path not in entries, m.path not in main, "." not in arg.text, arg.text))
    return min(found)[3] if found else ""


def _writes_through_gfile(ctx) -> bool:
    """More of the project's file writes go through tf.io.gfile / tf.gfile than through open() (counted
    once per audit: each record fix asks)."""
    cached = getattr(ctx, "_et_gfile_writes", None)
    if cached is None:
        cached = ctx._et_gfile_writes = _count_gfile_writes(ctx)
    return cached


def _count_gfile_writes(ctx) -> bool:
    gfile = plain = 0
    for m in ctx.index.modules.values():
        for c in m.calls:
            if re.match(
                r"tensorflow\.(io\.gfile|gfile|compat\.v1\.gfile)\.(GFile|Open|makedirs|MakeDirs)$", c.name
            ):
                gfile += 1
            elif c.name == "open" and (
                any(a in ("w", "wb", "a") for a in c.args[1:2]) or c.kw("mode") in ("w", "wb")
            ):
                plain += 1
    return gfile > plain
