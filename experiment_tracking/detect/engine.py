"""Turn the inventory and the source index into detections with usage levels and evidence.

Levels, strongest first: used (called, subclassed, decorated with, or instantiated from a
config), configured (its config files or run stores exist), declared (a dependency and nothing
more, or imported but never called), mentioned (prose, comments, strings). Each detection keeps
the evidence of its strongest level.
"""

from __future__ import annotations

import contextvars
import functools
import os
import re
import sys
from dataclasses import dataclass, field

from ..index.build import SourceIndex
from ..index.configs import instantiations
from ..index.lines import shell_lines
from ..index.python_facts import _SETUP_CALLS, CLASS_PATH, PERMUTES, Dyn, ModuleFacts
from ..index.writes import DOWEL_FILE_OUTPUTS
from ..inventory import Inventory, is_shell_script
from ..model import (
    CONFIGURED,
    CORE,
    DECLARED,
    EXAMPLE,
    MENTIONED,
    OPTIONAL,
    SCOPE_ORDER,
    TEST,
    USAGE_ORDER,
    USED,
    Detection,
    Evidence,
)
from .polyaxon import (
    POLYAXON_DISTRIBUTED,
    POLYAXON_MATRIX,
    polyaxonfile,
)
from .polyaxon import (
    training_files as polyaxon_training_files,
)
from .signatures import (
    BY_KEY,
    CATEGORY_ORDER,
    LEARNER_APIS,
    PLOOMBER_SPEC,
    SIGNATURES,
    Signature,
    learner_role,
)

MAX_EVIDENCE = 8
PER_FILE = 2
TEST_DIRS = frozenset({"tests", "test", "testing", "unit_tests", "integration_tests"})
# Folders of code kept but no longer run (within EXAMPLE_DIRS): a launcher there starts no current run.
_LEGACY_DIRS = frozenset(
    {"deprecated", "archive", "archived", "legacy", "backup", "backups", "obsolete", "attic"}
)
# Side projects contributed beside the main package (LMFlow's contrib/ and experimental/, each with its
# own requirements, trainers and README set-up): not the project's main path.
SIDE_PROJECT_DIRS = frozenset({"contrib", "experimental"})
EXAMPLE_DIRS = frozenset(
    {
        "examples",
        "example",
        "docs",
        "doc",
        "tutorials",
        "tutorial",
        "demo",
        "demos",
        "samples",
        "sample",
        "cookbook",
        "colab",
        "colabs",
        # Code the project keeps but no longer runs: not its current training path.
        *_LEGACY_DIRS,
        # Scripts that time the library (a training loop run to measure steps per second), not its
        # experiments; promoted like examples when nothing else trains.
        "benchmarks",
        "benchmark",
    }
)
# Documentation folders of their own name: flax's docs_nnx/ and docs_linen/, a site-docs/.
_DOCS_DIR = re.compile(r"(docs?|documentation)[_-]\w+|[\w-]+[_-]docs?")
TARGET_KEYS = ("_target_", "class_path", "_class_path")
# pretrained.py (a registry of released weights), trained_models.py and learning_rate_at_step.py are
# named for what was trained or for a setting, not for training.
# The words of a script's name that say it trains; "experiment", "run_exp" and "main" name any run
_TRAINING_WORDS = r"train(?!ed)|fit|fine[-_ ]?tun|pretrain(?!ed)|learn(?!ed|ing[-_]?(?:rate|curve|sched))"
_TRAINING_WORD = re.compile(f"({_TRAINING_WORDS})", re.I)
TRAIN_NAME = re.compile(f"({_TRAINING_WORDS}|experiment|run_exp|main)", re.I)
# Calls that update a model: framework fit/train loops, autograd, TF1 optimizers, JAX/optax updates.
TRAIN_CALL = re.compile(
    # PIL's ImageOps.fit crops an image to a size: no model is fitted
    # ... or a trainer class picked at run time (trainer_class = DistributedTrainer if ... else LocalTrainer)
    r"((?<!ImageOps)\.fit|\.backward|\.train_model|Trainer\(\)\.train|\.fit_generator|trainer\.train|"
    r"trainer_(?:class|cls|type)\(\)\.train|"
    # ... or built by the project's factory (mmf: trainer = build_trainer(config); trainer.train())
    r"(?:build|get|make|create|setup)_trainer\(\)\.train|"
    r"Optimizer\(\)\.minimize|\.minimize|\.apply_gradients|\.compute_gradients|GradientTape|"
    r"jax\.value_and_grad|jax\.grad|optax\.\w+\(\)\.update|optax\.apply_updates|\.apply_gradients|"
    r"optim\w*\.step|optimizer\.step|xgboost\.train|lightgbm\.train|\.learn|"
    # an MLflow Recipe (Pipeline before MLflow 2.0) run from a notebook: its train step fits the model
    r"mlflow\.(recipes\.Recipe|pipelines\.Pipeline)\(\)\.run)$"
)
# A TensorFlow Estimator trains through its own loop (its model_fn holds the optimizer): tf.estimator's
# Estimator and canned estimators, TPUEstimator (tf.contrib.tpu, tf.compat.v1.estimator.tpu), an estimator
# built by keras model_to_estimator; `tf.estimator.train_and_evaluate(estimator, train_spec, eval_spec)`.
_ESTIMATOR_RUN = re.compile(
    r"(?:(?:Estimator|\.estimator\.\w+)\(\)\.(train|evaluate)|\bestimator\.(train)_and_evaluate)$"
)


def _first_top_level_training(facts: ModuleFacts) -> tuple[int, int] | None:
    """(line, cell) of the first module-level call that trains: a training call itself, or a call of one of
    the module's functions that trains (through others of its functions)."""
    trainers = _training_functions(facts)
    for c in sorted(facts.calls, key=lambda c: (c.cell, c.line)):
        if facts.innermost_function(c.line, c.cell) is not None:
            continue
        if c.name.rsplit(".", 1)[-1] in trainers or (
            TRAIN_CALL.search(c.name) and not PREPROCESSING_FIT.search(c.name)
        ):
            return c.line, c.cell
    return None


_OPTIMIZER_BUILT = re.compile(r"(^|\.)(optim\.\w+|optax\.\w+|\w*Optimizer)$")


def _optimises_inputs(facts: ModuleFacts) -> bool:
    """The module freezes the model (`p.requires_grad = False` for its parameters), makes an input that
    takes gradients (`Variable(x, requires_grad=True)`, `img.requires_grad_()`) and builds no optimizer over
    parameters (LBFGS([input_img]) optimises the image): its backward passes push gradients into the input
    (activation maximisation, style transfer, an adversarial example), no weight is trained."""
    if not any(a.target.endswith(".requires_grad") and a.value is False for a in facts.assigns):
        return False
    if not any(c.kw("requires_grad") is True or c.name.endswith(".requires_grad_") for c in facts.calls):
        return False  # a frozen backbone whose head is updated by hand (p.data -= lr * p.grad)
    return not any(
        _OPTIMIZER_BUILT.search(c.name) and not (c.args and isinstance(c.args[0], list)) for c in facts.calls
    )


def call_trains(facts: ModuleFacts, call) -> bool:
    """The call takes a training step or runs a training: a fit/backward/minimize call, a train op run in a
    session, an Estimator trained, a Theano update compiled."""
    return bool(
        TRAIN_CALL.search(call.name)
        or trains_by_arguments(facts, call)
        # DeiT's engine.py: loss_scaler(loss, optimizer, ...), timm's NativeScaler back-propagating
        # and stepping: the module's only update, so a training module
        or _hands_loss_to_optimizer(call)
        or estimator_run(call) == "train"
        or (call.name.endswith(".run") and _runs_train_op(call))
        or compiles_training_step(call, facts)
    )


def compiles_training_step(call, facts: ModuleFacts) -> bool:
    """Theano: `theano.function(inputs, loss, updates=sgd(loss, params))` compiles a function whose every
    call takes a gradient step, in a module that takes gradients (`T.grad`, a Lasagne update rule); the
    updates of a `theano.scan` sampling chain move a random state, not weights."""
    return (
        call.name == "theano.function"
        and call.has_kw("updates")
        and any(
            c.name in ("theano.grad", "theano.tensor.grad", "theano.gradient.grad")
            or c.name.startswith("lasagne.updates.")
            for c in facts.calls
        )
    )


def estimator_run(call) -> str:
    """What a call runs a TensorFlow Estimator for: "train", "evaluate", or "" (not an Estimator).
    An estimator handed over as a variable (returned by a builder, a function parameter) is known by
    the Estimator API's own argument: `estimator.train(input_fn=train_input_fn, max_steps=n)`."""
    name = call.name
    if not name.endswith(("train", "evaluate")):
        return ""
    m = _ESTIMATOR_RUN.search(name)
    if m:
        return "evaluate" if m.group(1) == "evaluate" else "train"
    last = name.rsplit(".", 1)[-1]
    if last not in ("train", "evaluate") or "." not in name:
        return ""
    first = call.args[0] if call.args else call.kw("input_fn")
    if call.has_kw("input_fn") or "input_fn" in str(getattr(first, "text", "")):
        return last
    return ""


# Fitting a scaler, an encoder or a projection (t-SNE, PCA) prepares or explores data; it trains no model.
PREPROCESSING_FIT = re.compile(
    r"^sklearn\.(preprocessing|decomposition|manifold|feature_extraction|impute|feature_selection|"
    r"random_projection|kernel_approximation)\.\w+\(\)\.fit|"
    # a subword vocabulary learned from a corpus (make_learner().learn, BPE/SentencePiece): a tokenizer
    r"(^|\.)\w*(bpe|sentencepiece|spm|tokeni[sz]er|vocab|subword)\w*(\(\))?\.(learn|fit|train)$|"
    # ... by a learner object asked to learn (fastai's Learner fits, SB3's algorithms are not learners)
    r"(^|\.)\w*learner\w*(\(\))?\.learn$",
    re.I,
)
# Scripts named for a tokenizer's vocabulary (learn_bpe.py, train_tokenizer.py, build_vocab.py)
_TOKENIZER_SCRIPT = re.compile(r"(bpe|sentencepiece|spm|tokeni[sz]er|vocab|subword)", re.I)
RESULTS_WORD = re.compile(
    r"(result|metric|score|history|eval|leaderboard|summary|report|perf|accurac|loss)", re.I
)

SHELL_PATTERNS: tuple[tuple[re.Pattern, str, str], ...] = tuple(
    (re.compile(p), tool, cat)
    for p, tool, cat in (
        (r"\bpython[0-9.]*\s+(\S+\s+)*?\S+\.py\b.*\s(-m|--multirun)(\s|$)", "hydra_multirun", "hpo"),
        (r"\bdvc\s+(repro|exp\s+run|run)\b", "dvc_pipelines", "pipelines"),
        (r"\bdvc\s+(pull|push|add|checkout|fetch)\b", "dvc", "data_versioning"),
        (r"\bmlflow\s+(run|ui|server|models)\b", "mlflow", "tracking"),
        (r"\bwandb\s+(sweep|agent)\b", "wandb_sweeps", "hpo"),
        (r"\b(torchrun|torch\.distributed\.(launch|run))\b", "ddp", "distributed"),
        (r"\baccelerate\s+launch\b", "accelerate", "distributed"),
        (r"(^|\s)deepspeed\s+\S+\.py\b", "deepspeed", "distributed"),
        # The HF Trainer's launch flags: --fsdp "full_shard auto_wrap", --deepspeed ds_config.json
        (
            r"(^|\s)--fsdp[= ]+['\"]?(full_shard|shard_grad_op|hybrid_shard|offload|auto_wrap)",
            "fsdp",
            "distributed",
        ),
        (r"(^|\s)--deepspeed[= ]+\S+\.json\b", "deepspeed", "distributed"),
        (r"\bhorovodrun\b", "horovod", "distributed"),
        (r"\bguild\s+run\b", "guild", "tracking"),
        # `guild run train.py lr=[1e-4:1e-1] -o bayesian -m 20`: a search over the flags' space
        (
            r"\bguild\s+run\b[^;&|\n]*(\s(-o|--optimizer)\s+\w|\s[\w-]+=\[[^\]]*:[^\]]*\])",
            "guild_optimizers",
            "hpo",
        ),
        (r"\bkedro\s+run\b", "kedro", "pipelines"),
        (r"\bsnakemake\b", "snakemake", "pipelines"),
        # `git lfs install` only sets up the hooks (a Dockerfile preparing a Hub push): no file is in LFS
        (r"\bgit\s+lfs\s+(track|pull|fetch|checkout)\b", "git_lfs", "data_versioning"),
        (r"\btensorboard\s+--logdir\b", "tensorboard", "tracking"),
    )
)


@functools.lru_cache(maxsize=65536)  # the same call names recur across a repository
def call_root(name: str) -> str:
    """First segment of a resolved call name: ``wandb`` for ``wandb.init().log``."""
    return name.split(".", 1)[0].split("(", 1)[0]


# Example directories that hold the project's own training scripts (a library whose README runs
# `python examples/train.py`, or `python -m pkg.examples.run_ppo2`), as lower-case folder paths: set per
# audit by detect() when nothing outside them trains.
_PROJECT_EXAMPLES: contextvars.ContextVar[frozenset] = contextvars.ContextVar(
    "project_examples", default=frozenset()
)
# Example folders that may hold a project's runnable scripts (not docs, tutorials or notebooks of a course).
_RUNNABLE_EXAMPLES = frozenset({"examples", "example", "demo", "demos", "samples", "sample"})


# Scripts named like tests that are not tests (TCN's word_cnn/word_cnn_test.py trains the model): set
# per audit by detect() from what each module holds.
_SCRIPTS_NAMED_AS_TESTS: contextvars.ContextVar[frozenset] = contextvars.ContextVar(
    "scripts_named_as_tests", default=frozenset()
)
_TEST_LIBRARIES = ("unittest", "pytest", "nose", "hypothesis", "absl.testing", "tensorflow.test")


def scripts_named_as_tests(index: SourceIndex) -> frozenset:
    """Modules whose file name says test (``*_test.py``, ``test_*.py``) outside test folders that
    define no test and import no test framework, and run as scripts: the project's own programs."""
    out = []
    for path, m in index.modules.items():
        parts = path.lower().split("/")
        name = parts[-1]
        if not (name.startswith("test_") or name.endswith(("_test.py", "_tests.py"))):
            continue
        if any(p in TEST_DIRS for p in parts[:-1]) or not (m.main_guard or m.script_line):
            continue
        if any(f[0].startswith("test") for f in m.functions) or any(
            c[0].startswith("Test") or c[0].endswith("Test") for c in m.classes
        ):
            continue
        if any(i.module.startswith(_TEST_LIBRARIES) for i in m.imports):
            continue
        out.append(path)
    return frozenset(out)


def scope_of(path: str) -> str:
    parts = path.lower().split("/")
    name = parts[-1]
    if path in _SCRIPTS_NAMED_AS_TESTS.get():
        return EXAMPLE if any(p in EXAMPLE_DIRS for p in parts[:-1]) else CORE
    promoted = _PROJECT_EXAMPLES.get()
    if (
        promoted
        and any("/".join(parts[: i + 1]) in promoted for i in range(len(parts) - 1))
        and not any(p in TEST_DIRS for p in parts[:-1])
        # examples/mnist/train_test.py tests the promoted example
        and not name.startswith("test_")
        and not name.endswith(("_test.py", "_tests.py"))
    ):
        return CORE
    if (
        any(p in TEST_DIRS for p in parts[:-1])
        or name.startswith(("test_", "mock_", "fake_"))
        or name == "conftest.py"
    ):
        return TEST  # mock_environment.py: a stand-in the tests run against, not the project's code
    if "features" in parts[:-1] and (
        parts[parts.index("features") + 1] == "steps" or name == "environment.py"
    ):
        return TEST  # behave's features/steps/*.py and features/environment.py: acceptance tests
    if name.endswith(("_test.py", "_tests.py")):
        return TEST
    if any(p in EXAMPLE_DIRS or (("doc" in p) and _DOCS_DIR.fullmatch(p)) for p in parts[:-1]):
        return EXAMPLE
    if len(parts) > 1 and parts[0] in SIDE_PROJECT_DIRS:
        return EXAMPLE  # a top-level contrib/ or experimental/ (not the package's own experimental module)
    return CORE


_SWEEP_FUNCTION = re.compile(
    r"^(get_|make_|build_)?(hyper_?)?(sweeps?|param_?grid|hparams?_grid|search_space)$", re.I
)
# (a name for a search over settings; "grid" alone names a gridworld's cells or an image grid as often)
_SWEEP_WORD = re.compile(r"sweep|search|(param|hparams?|hyper\w*)_?grid|grid_?search", re.I)
_SWEEP_CALL = re.compile(r"(^|\.)(product|sweep|zipit|chainit|grid_search|choice)$")


@dataclass
class Taxonomy:
    entry_points: list[Evidence] = field(default_factory=list)
    training_entry_points: list[Evidence] = field(default_factory=list)
    run_naming: list[Evidence] = field(default_factory=list)
    tagging: list[Evidence] = field(default_factory=list)
    experiment_names: list[Evidence] = field(default_factory=list)
    ablations: list[Evidence] = field(default_factory=list)
    # Grids written in code rather than handed to a search library: get_sweep(h) returning
    # h.product([h.sweep('lr', [...]), ...]) for a launcher to expand
    sweep_definitions: list[Evidence] = field(default_factory=list)
    splits_seeded: list[Evidence] = field(default_factory=list)
    splits_unseeded: list[Evidence] = field(default_factory=list)
    split_files: list[Evidence] = field(default_factory=list)
    notebook_records: list[Evidence] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {k: [e.to_dict() for e in v] for k, v in self.__dict__.items()}


_KEY_EVIDENCE = re.compile(
    r"(\.init\b|start_run|set_experiment|Logger\b|Experiment\b|observers|\.Run\b|Task\.init|_target_|class_path|"
    r"report_to|decorator @|subclasses|MLproject|dvc\.yaml|run store|SummaryWriter|FileWriter|create_file_writer)"
)
# Code reading a tracker's records back (TensorBoard's EventAccumulator in an analysis notebook) shows
# the tool is used, but says less than the code writing them.
_READER_EVIDENCE = re.compile(
    r"(event_accumulator|EventAccumulator|summary_iterator|event_processing|wandb\.Api)"
)


def _evidence_rank(ev: Evidence) -> int:
    if _KEY_EVIDENCE.search(ev.detail):
        return 0
    return 2 if _READER_EVIDENCE.search(ev.detail) else 1


class _Acc:
    # A detection shows at most PER_FILE places per file; a few key ones per file is enough to choose from.
    KEEP_PER_FILE = 4

    def __init__(self) -> None:
        # (tool, category) -> usage -> list[(scope, Evidence)]
        self.hits: dict[tuple[str, str], dict[str, list[tuple[str, Evidence]]]] = {}
        self.per_file: dict[tuple[str, str, str, str], int] = {}

    def add(self, tool: str, category: str, usage: str, ev: Evidence, scope: str | None = None) -> None:
        key = (tool, category, usage, ev.path)
        n = self.per_file.get(key, 0)
        if n >= self.KEEP_PER_FILE and _evidence_rank(ev):
            return  # an ordinary call in a file already cited enough; key calls are always kept
        self.per_file[key] = n + 1
        levels = self.hits.setdefault((tool, category), {})
        lst = levels.setdefault(usage, [])
        lst.append((scope or scope_of(ev.path), ev))

    def detections(self) -> list[Detection]:
        out = []
        for (tool, category), levels in self.hits.items():
            usage = next(u for u in USAGE_ORDER if u in levels)
            hits = levels[usage]
            scope = min((s for s, _ in hits), key=SCOPE_ORDER.index)
            launched = [
                h for h in levels.get(CONFIGURED, ()) if h[0] == CORE and h[1].detail.startswith("runs `")
            ]
            if scope == OPTIONAL and usage == USED and launched:
                # the code calls it behind a switch, but the project's launch commands turn it on
                # (`--report_to wandb` in every fine-tuning script): every run so launched records
                scope = CORE
                hits = [*launched, *hits]
            # Evidence from the winning scope first, at most PER_FILE places per file.
            # Where the run is created (init, a Logger, an observer, a config target) says most.
            hits = sorted(
                set(hits),
                key=lambda h: (
                    SCOPE_ORDER.index(h[0]),
                    _evidence_rank(h[1]),
                    h[1].path.endswith(".ipynb"),  # a script before a notebook
                    h[1],
                ),
            )
            chosen, per_file = [], {}
            for _, ev in hits:
                if per_file.get(ev.path, 0) >= PER_FILE:
                    continue
                per_file[ev.path] = per_file.get(ev.path, 0) + 1
                chosen.append(ev)
                if len(chosen) >= MAX_EVIDENCE:
                    break
            if (tool, usage) == ("mpi", USED) and any(
                self.hits.get((t, "distributed"), {}).get(USED) for t in ("ddp", "horovod")
            ):
                continue  # mpiexec starting DDP or Horovod workers: MPI is their launcher, not the mode
            sig = BY_KEY.get((tool, category))
            out.append(Detection(tool, category, usage, scope, chosen, sig.label if sig else tool))
        out.sort(
            key=lambda d: (
                CATEGORY_ORDER.index(d.category) if d.category in CATEGORY_ORDER else 99,
                d.tool,
            )
        )
        return out


class _CodeMatcher:
    def __init__(self) -> None:
        self.by_root: dict[str, list[tuple[str, Signature]]] = {}
        for sig in SIGNATURES:
            for prefix in sig.code:
                self.by_root.setdefault(prefix.split(".", 1)[0], []).append((prefix, sig))
        self.targets: dict[str, list[tuple[str, Signature]]] = {}
        for sig in SIGNATURES:
            for prefix in sig.config_targets:
                self.targets.setdefault(prefix.split(".", 1)[0], []).append((prefix, sig))

    @staticmethod
    def _match(name: str, table) -> list[Signature]:
        root = call_root(name)
        out = []
        for prefix, sig in table.get(root, ()):
            if name == prefix or name.startswith(prefix + ".") or name.startswith(prefix + "("):
                out.append(sig)
        return out

    def code(self, name: str) -> list[Signature]:
        return self._match(name, self.by_root)

    def target(self, value: str) -> list[Signature]:
        return self._match(value, self.targets)


_MATCHER: _CodeMatcher | None = None


def _matcher() -> _CodeMatcher:
    global _MATCHER
    if _MATCHER is None:
        _MATCHER = _CodeMatcher()
    return _MATCHER


def detect(inventory: Inventory, index: SourceIndex) -> tuple[list[Detection], Taxonomy]:
    """Detections and taxonomy. When no module outside example folders trains, the project is a
    library whose training scripts live in examples/ (its README runs them): those are its main path."""
    launched = launched_scripts(index)  # read once: every detection pass below asks
    _PROJECT_EXAMPLES.set(frozenset())
    _SCRIPTS_NAMED_AS_TESTS.set(scripts_named_as_tests(index))
    detections, tax = _detect(inventory, index, launched)
    if _course_readme(index):
        # a course's lesson scripts in examples/ are the course itself, whatever its assignments train
        return _promoted(inventory, index, launched, documented=False) or (detections, tax)
    # Launchers in examples/ found by what they import are still examples: promote the folder then too.
    if any(scope_of(e.path) != EXAMPLE for e in tax.training_entry_points):
        # ... unless the documentation runs training from examples/ and none of the other entry points
        # (a remote-launch shim, scripts/run_experiment_from_doodad.py): the examples are the main path.
        # Where it runs both, the examples of another top-level folder (atari/train.py beside d4rl/'s
        # examples/cql.py, each half of a paper's code) are that half's main path.
        tops = {
            e.path.split("/", 1)[0]
            for e in tax.training_entry_points
            if scope_of(e.path) != EXAMPLE and _is_launched(e.path, launched)
        }
        if tops:
            # only a half's own examples folder (d4rl/examples/), not the repository's examples/ of demos
            # beside a library whose training scripts the documentation runs
            return _promoted(inventory, index, launched, documented=True, skip=tops, nested=True) or (
                detections,
                tax,
            )
        return _promoted(inventory, index, launched, documented=True) or (detections, tax)
    return _promoted(inventory, index, launched, documented=False) or (detections, tax)


def _example_folder(path: str) -> str:
    """The example folder a module is in, as a lower-case path: `examples` or, inside the package, `gfootball/examples`."""
    parts = path.lower().split("/")[:-1]
    i = next((i for i, p in enumerate(parts) if p in _RUNNABLE_EXAMPLES), None)
    if i is None or any(
        p in TEST_DIRS or p in EXAMPLE_DIRS or ("doc" in p and _DOCS_DIR.fullmatch(p)) for p in parts[:i]
    ):
        return (
            ""  # docs/examples/, tutorials/examples/: pages of the documentation, not the project's scripts
        )
    return "/".join(parts[: i + 1])


def _promoted(
    inventory: Inventory,
    index: SourceIndex,
    launched: set[str],
    documented: bool,
    skip: frozenset | set = frozenset(),
    nested: bool = False,
):
    """Detection with the example folders as the project's own code (those the documentation runs
    scripts from, when ``documented``), kept when training is found there (one of the documented
    scripts, when ``documented``); else None, and the folders are example scope again."""
    roots = frozenset(
        folder
        for p in index.modules
        if (folder := _example_folder(p))
        and (not documented or _is_launched(p, launched))
        and p.split("/", 1)[0] not in skip  # ``skip``: top-level folders whose main path is documented
        and (not nested or "/" in folder)  # ``nested``: only examples inside a top-level folder
    )
    if not roots:
        return None
    _PROJECT_EXAMPLES.set(roots)
    promoted = _detect(inventory, index, launched)
    entries = promoted[1].training_entry_points
    if any(_is_launched(e.path, launched) for e in entries) if documented else entries:
        return promoted
    _PROJECT_EXAMPLES.set(frozenset())
    return None


def _detect(inventory: Inventory, index: SourceIndex, launched: set[str]) -> tuple[list[Detection], Taxonomy]:
    acc = _Acc()
    tax = Taxonomy()
    trainers: set[str] = set()  # modules that update a model themselves
    gained = _settings_always_on(index)
    promoted = _PROJECT_EXAMPLES.get()
    own = project_roots(index)
    own_module = _own_module_resolver(index)
    for path in sorted(index.modules):
        m = index.modules[path]
        holds = _precomputed_holds(m, gained.get(path), promoted)
        hits = m.derived.get("detect") if holds else None
        if hits is None:
            hits = module_hits(m)
        if _replay(acc, tax, hits, own, own_module):
            trainers.add(path)
    _configs(acc, index)
    _data_parallel_subclasses(acc, index, trainers)
    _plugin_calls(acc, tax, index)
    _config_naming(tax, index)
    _files(acc, inventory, index)
    _shell(acc, index)
    _stores(acc, inventory)
    _declared(acc, index)
    _mentions(acc, index)
    _split_files(tax, inventory, index)
    # A model fitted inside a metric or an analysis (a logistic regression behind a length-controlled
    # win rate in metrics/glm_winrate.py) computes a statistic; it is no training run.
    statistics = {p for p in trainers if statistic_module(p)}
    trainers -= statistics
    _named_only(tax, index, trainers, statistics)
    _entry_points_by_calls(tax, index, trainers)
    _side_fits(tax, index)
    _mains_that_train_nothing(tax, index)
    _mains_that_cannot_start(tax, index)
    _servers(tax, index)
    _relaying_notebooks(tax, index, trainers)
    _notebook_copies(tax)
    # The main training path first: scripts the project's own commands run (shell scripts, Makefiles,
    # README/docs commands), then train*.py, then other training-named files, then the rest.
    tax.training_entry_points.sort(key=_main_first(tax.training_entry_points, launched, index, trainers))
    _optional_on_the_training_path(acc, tax, index)
    _wrappers_made_behind_switches(acc, index)
    _splits_seeded_by_callers(tax, index)
    _trackers_in_dead_code(acc, tax, inventory, index)
    # what the project's commands run, not every script of the copy that trains (its side projects do)
    side = _copied_project_sides(inventory, index, launched)
    if side:
        # the copy's own side projects (fast_reid/projects/FastAttr/train_net.py) train the upstream's
        # demos, not this project's models: not its training entry points while any of its own remain
        kept = [e for e in tax.training_entry_points if e.path not in side]
        if kept:
            tax.training_entry_points = kept
    training = {e.path for e in tax.training_entry_points}
    _polyaxon_trackers(acc, tax, index, training)
    detections = _copied_library_options(_unwritten_summaries(acc.detections(), index), index, side, launched)
    detections = _ddp_without_processes(detections, index)
    detections = _wandb_never_started(detections, index)
    detections = _trackers_only_read(detections, index)
    detections = _search_never_started(detections, index)
    detections = _tensorboard_format_unchosen(detections, inventory, index)
    return _main_block_demos(detections, index, launched | training), tax


def _optional_on_the_training_path(acc: _Acc, tax: Taxonomy, index: SourceIndex) -> None:
    """A tracker the training code uses only when it is installed or switched on (yolov5's ClearML and
    Comet loggers) is optional, even when a side script (an HPO driver, hpo.py) imports it outright:
    the runs people make with train.py are recorded by it only when enabled."""
    entries = [e.path for e in tax.training_entry_points]
    if not entries:
        return
    main = import_closure(project_imports(index), entries)
    for (_tool, category), levels in acc.hits.items():
        hits = levels.get(USED)
        if category != "tracking" or not hits:
            continue
        on_path = [scope for scope, ev in hits if ev.path in main]
        off_core = [i for i, (scope, ev) in enumerate(hits) if ev.path not in main and scope == CORE]
        if on_path and all(s == OPTIONAL for s in on_path) and off_core:
            for i in off_core:
                hits[i] = (OPTIONAL, hits[i][1])


def _wrappers_made_behind_switches(acc: _Acc, index: SourceIndex) -> None:
    """A tracker called only inside the project's wrapper (yolox/utils/mlflow_logger.py's MlflowLogger),
    where every other module builds the wrapper, or calls its functions, behind a switch (`elif
    self.args.logger == "mlflow":`): the tracker runs only when the run asks for it."""
    from ..index.python_facts import in_spans

    @functools.cache
    def behind_switch(path: str, lines: frozenset) -> bool:
        m = index.modules.get(path)
        if m is None:
            return False
        names = {name for name, *_ in m.classes} | set(m.toplevel)

        # logger.py's init_wandb_logger beside get_root_logger: the callers of the functions and classes
        # that hold the tracker's calls, not of every name the module defines
        def holds(start: int, cell: int, end: int) -> bool:
            return any(c == cell and start <= line <= end for line, c in lines)

        in_class = [(a, c, b) for _n, a, c, b in m.classes]
        holding = {name for name, a, c, b in m.classes if holds(a, c, b)} | {
            name  # module-level functions, decorated or not (@master_only def init_wandb_logger)
            for name, a, c, b in m.functions
            if holds(a, c, b) and not any(cc == c and ca < a <= cb for ca, cc, cb in in_class)
        }
        names = holding or names
        dotted = path.removesuffix(".py").replace("/", ".")
        callers = [
            (other, c)
            for other_path, other in index.modules.items()
            if other_path != path and scope_of(other_path) == CORE
            for c in other.calls
            # MlflowLogger() or yolox.utils.MlflowLogger(): the wrapper by its name, from this module or a
            # package re-exporting it
            # ... or its factory (WandbLogger.initialize_wandb_logger(...))
            if (c.name.rsplit(".", 1)[-1] in names or any(part in names for part in c.name.split(".")[:-1]))
            and (
                c.name.startswith(dotted)
                or c.name.split(".", 1)[0] in (dotted.split(".", 1)[0], c.name)
                # `import vis` in src/engines/__init__.py, run from src/: the module by its path below a
                # folder the scripts are started from
                or ("." in c.name and ("." + dotted).endswith("." + c.name.rsplit(".", 1)[0]))
            )
        ]
        return bool(callers) and all(
            in_spans([b[:3] for b in other.flag_blocks], c.line, c.cell) for other, c in callers
        )

    called = None  # every name the project calls, subclasses or names in a config: read when needed
    named = None  # ... and every word of its texts (READMEs, scripts)

    def never_made(path: str, lines: frozenset, offered: bool = False) -> bool:
        """The tracker's calls sit only in classes of this module that nothing in the project builds,
        subclasses or names in a config (ConvNeXt-V2's WandbLogger, defined in utils.py and never built):
        code no run executes. With ``offered``: a package's class (keras-rl's WandbLogger callback) that
        none of the project's own code builds, whatever its README shows users doing."""
        nonlocal called, named
        m = index.modules.get(path)
        package = (path.rsplit("/", 1)[0] + "/__init__.py" if "/" in path else "") in index.modules
        # a package's class is API its users may build (a library's SummaryWriter, an algorithm class):
        # never-run code only in a project's own script modules, outside any package
        if m is None or package != offered:
            return False
        # ... and a helper module the project's scripts import (utils.py): they could build the class and
        # do not; a module nothing imports may be driven from outside the code read here
        if not offered and not any(path in hits for hits in project_imports(index).values()):
            return False
        # classes only: a module function nobody calls may still be the API a library's users or a
        # console script call; a wrapper class is there to be built, and none is
        holders = [
            (name, a, c, b)
            for name, a, c, b in m.classes
            if any(cc == c and a <= ln <= b for ln, cc in lines)
        ]
        # every line of the tracker inside a holder, none at module level
        if not holders or not all(
            any(c == cc and a <= line <= b for _n, a, c, b in holders) for line, cc in lines
        ):
            return False
        if called is None:
            called = set()
            words = re.compile(r"[A-Za-z_]\w+")
            for other in index.modules.values():
                for c in other.calls:
                    called.update(c.name.replace("()", "").split("."))
                    # dict(type="WandbLoggerHook"), LOGGERS.get("WandbLogger"): a class made by its name;
                    # app.run(main), Thread(target=worker): a function handed over to be called
                    if c.name in ("super", "isinstance", "issubclass", "type"):
                        continue  # super(WandbLogger, self): the class naming itself, not building it
                    for v in (*c.args, *(v for _, v in c.kwargs)):
                        if isinstance(v, str):
                            called.add(v)
                        elif isinstance(v, Dyn):
                            called.add(v.text.rsplit(".", 1)[-1])
                called.update(base.rsplit(".", 1)[-1] for _cls, base, _l, _c in other.bases)
                # logger_cls = WandbLogger, LOGGERS = {"wandb": WandbLogger}: a class picked by a name or a
                # registry the code builds from later
                for a in other.assigns:
                    if isinstance(a.value, Dyn):
                        called.add(a.value.text.rsplit(".", 1)[-1])
                for value in other.constants.values():
                    items = (
                        value.values()
                        if isinstance(value, dict)
                        else value
                        if isinstance(value, list)
                        else ()
                    )
                    called.update(v.text.rsplit(".", 1)[-1] for v in items if isinstance(v, Dyn))
            for doc in index.configs.values():  # `_target_: utils.WandbLogger` in a YAML config
                called.update(w for _k, v, _l in doc.entries if isinstance(v, str) for w in words.findall(v))
            named = set(called)
            for text in index.texts.values():
                if len(text) < 2_000_000:
                    named.update(words.findall(text))
        made = called if offered else named
        # the outermost holder of each line (a class, not its method) is what must be made or called; a
        # decorated one (@LOGGERS.register_module()) is made by the registry that decorator fills
        outer = [
            h
            for h in holders
            if not any(o is not h and o[2] == h[2] and o[1] <= h[1] and h[3] <= o[3] for o in holders)
        ]
        decorated = {(d.cell, d.line) for d in m.decorators}
        return all(
            name not in made and not any((c, ln) in decorated for ln in range(a - 3, a))
            for name, a, c, _ in outer
        )

    for (_tool, category), levels in acc.hits.items():
        hits = levels.get(USED)
        if category != "tracking" or not hits:
            continue
        # a tracker whose every call in the project's own code sits in a wrapper nothing builds: not used
        own = [(scope, ev) for scope, ev in hits if scope in (CORE, OPTIONAL)]
        mine = {ev.path for _, ev in own}
        if own and all(
            p.endswith(".py")
            and never_made(p, frozenset((ev.line, ev.cell) for _, ev in own if ev.path == p))
            for p in mine
        ):
            levels[MENTIONED] = levels.get(MENTIONED, []) + own
            levels[USED] = [(scope, ev) for scope, ev in hits if scope not in (CORE, OPTIONAL)]
            if not levels[USED]:
                del levels[USED]
            continue
        if not any(scope == CORE for scope, _ in hits):
            continue
        paths = {ev.path for scope, ev in hits if scope == CORE}
        if all(
            p.endswith(".py")
            and never_made(
                p, frozenset((ev.line, ev.cell) for scope, ev in hits if ev.path == p), offered=True
            )
            for p in paths
        ):
            # the library offers the tracker to its users; runs of its own scripts never start it
            levels[USED] = [(OPTIONAL if scope == CORE else scope, ev) for scope, ev in hits]
            continue
        if all(
            p.endswith(".py")
            and behind_switch(p, frozenset((ev.line, ev.cell) for scope, ev in hits if ev.path == p))
            for p in paths
        ):
            levels[USED] = [(OPTIONAL if scope == CORE else scope, ev) for scope, ev in hits]


# TF1 summary ops build tensors; only a writer (FileWriter, a Supervisor, an Estimator...) puts them on disk.
_SUMMARY_OP = re.compile(
    r"summary\.(histogram|scalar|image|audio|text|merge_all|merge|distribution)\b|"
    r"\b(scalar|histogram|image)_summary\b|merge_all_summaries"  # TF 0.x's names
)
_SUMMARY_WRITER = re.compile(
    r"(FileWriter|SummaryWriter|create_file_writer|Supervisor|MonitoredTrainingSession|SummarySaverHook|"
    r"estimator\.|TensorBoard|summary_writer|metric_writers|tensorboard_logger|"
    # TF-Slim's training loop and tensorpack's trainers merge and write every summary the graph holds
    r"slim\.learning\.train$|launch_train_with_config)"
)


# summary_writer.add_summary(s, step): a write through a writer made elsewhere (or left None, its
# FileWriter commented out: "Takes a lot of space. Disabled for now."), no writer made
_THROUGH_WRITER = re.compile(r"(^|\.)summary_writer\.(add_\w+|flush|close)$")


def _unwritten_summaries(detections: list, index: SourceIndex) -> list:
    """TensorBoard found only through TF1 summary ops, in a project that never creates a writer:
    the summaries are built and never written, so TensorBoard records nothing."""
    out = []
    for d in detections:
        if (
            d.tool == "tensorboard"
            and d.usage == USED
            and d.evidence
            and all(_SUMMARY_OP.search(e.detail) for e in d.evidence)
            and not any(
                _SUMMARY_WRITER.search(c.name) and not _THROUGH_WRITER.search(c.name)
                for m in index.modules.values()
                for c in m.calls
            )
        ):
            d = Detection(d.tool, d.category, DECLARED, d.scope, d.evidence, d.label)
        out.append(d)
    return out


def _plugin_calls(acc: _Acc, tax: Taxonomy, index: SourceIndex) -> None:
    """Tracker calls a plugin makes on the project's behalf (kedro-mlflow's hook and catalog
    datasets): the tracker is used, and the runs it opens are named and tagged like explicit calls."""
    from .plugins import implied_calls

    for ic in implied_calls(index):
        ev = Evidence(ic.path, ic.call.line, ic.detail[:160], ic.call.cell)
        m = index.modules.get(ic.path)
        # `if self.cfg.logging.log_wandb: self.init_wandb(...)`: an inherited set-up behind a switch
        switched = m is not None and any(
            c == ev.cell and a <= ev.line <= b and TRACKING_SWITCH.search(cond)
            for a, b, c, cond in m.flag_blocks
        )
        scope = OPTIONAL if switched and scope_of(ic.path) == CORE else None
        for sig in _matcher().code(ic.call.name):
            acc.add(sig.tool, sig.category, USED, ev, scope)
        name = ic.call.name
        if name in ("mlflow.set_experiment", "mlflow.start_run"):
            tax.run_naming.append(ev)
            if name == "mlflow.set_experiment" or ic.call.has_kw("run_name"):
                tax.experiment_names.append(ev)
        elif name in ("mlflow.set_tags", "mlflow.set_tag"):
            tax.tagging.append(ev)


# Scripts that use a trained model or study results: they import the training code but train nothing.
# How an imported module's __main__ demo is listed among the entry points (its block runs in no run).
LIBRARY_DEMO = "library module with a demo under __main__"
_TRAINING_FUNCTION_NAME = re.compile(r"(^|_)(train|fit)(_|$)", re.I)
_NOT_TRAINING = re.compile(
    # vis(ualise), not vision (deep_computer_vision.ipynb trains CNNs); app alone, not approach or mapping
    r"(sample|eval|test|plot|vis(?!ion)|viz|generat|export|convert|infer|predict|detect|demo|nll|bench|render|"
    r"play|enjoy|"
    # hub alone: push_to_hub.py, hub_upload.py; not run_classifier_with_tfhub.py (a model from TF Hub)
    r"record|analy|download|prepare|preprocess|dataset|serve|(?:^|_)app(?:s|_|$)|push|upload|(?:^|_)hub(?:_|$)|"
    r"publish|deploy)",
    re.I,
)


# A module of settings by its name (Config.py, settings.py, hparams.py): read with its constants.
SETTINGS_MODULE = re.compile(
    r"^(config|configs|conf|cfg|settings|hparams|hyperparams?|params|options|constants?)$", re.I
)


def _settings_always_on(index: SourceIndex) -> dict[str, frozenset[str]]:
    """`tensorboard = True` in a settings module (Config.py) makes `if config.tensorboard:` always true in
    the modules that read it: those names join every module's option defaults as set. Returns the
    names each module gained (by path)."""
    from ..index.python_facts import _IDENT, ALWAYS, enabling_test, option_defaults

    on = {
        name
        for path, m in index.modules.items()
        if SETTINGS_MODULE.match(path.rsplit("/", 1)[-1].removesuffix(".py"))
        for name, value in m.constants.items()
        if value is True
    }
    # Command-line switches on by default (`--tensorboard`, default 1), read in other modules through
    # `world.tensorboard` or `args.tensorboard`.
    on |= {name for m in index.modules.values() for name, v in option_defaults(m).items() if v == ALWAYS}
    passed = commanded = None
    for m in index.modules.values():
        defaults = option_defaults(m)
        # only the names this module's switches test: every module gaining every name would grow with
        # modules x names (a tree of thousands of option classes)
        tested = {
            w for *_, cond in (*m.flag_blocks, *getattr(m, "mode_switches", ())) for w in _IDENT.findall(cond)
        }
        new = [name for name in on & tested if name not in defaults]
        for name in new:
            defaults[name] = ALWAYS
        # ... and `if args.save != '':` / `if FLAGS.save_interval > 0:` on an option the commands pass
        enabling = {w for *_, cond in m.flag_blocks for w in _IDENT.findall(cond) if enabling_test(w, cond)}
        unset = [n for n, v in defaults.items() if v == "" and (_PATH_OPTION.search(n) or n in enabling)]
        # ... or a path option a framework defines (fairseq's --tensorboard-logdir, tested as
        # `len(args.tensorboard_logdir) > 0`): no default here, set where the commands pass it
        # (on a command line, not named in prose: "to turn it on, add --tensorboard-logdir")
        external = sorted(w for w in tested if w not in defaults and _PATH_OPTION.search(w))
        unset += external
        if unset:
            # `--output_dir` defaulting to '' ("empty for no saving") that the documented commands pass:
            # every documented run has the folder, so `if args.output_dir:` holds on them
            passed = _passed_options(index) if passed is None else passed
            if (enabling or external) and commanded is None:
                commanded = commanded_options(index)
            # (an interval or a '' switch only where a command line sets it, not a flag named in prose)
            given = [n for n in unset if n in (commanded if n in enabling or n in external else passed)]
            for name in given:
                defaults[name] = "set"
            new += given
        if new:
            # Kept on the module (like its defaults): a second detection pass or a self-healing
            # pass over the same facts finds the defaults already merged.
            m._gained_defaults = getattr(m, "_gained_defaults", frozenset()).union(new)
    return {p: m._gained_defaults for p, m in index.modules.items() if hasattr(m, "_gained_defaults")}


# `opt = TestOptions().parse()`: a project's options class parsing the command line
_OPTIONS_PARSE = re.compile(r"(Options|Opts|Config|Arguments|Args)\(\)\.parse$")
_PATH_OPTION = re.compile(r"(dir|directory|path|folder|root)$", re.I)
_PASSED_OPTION = re.compile(r"(?<![\w-])--([A-Za-z][\w-]*)[ =]+['\"]?(?!-)[^\s'\"`|]")


def _passed_options(index: SourceIndex) -> frozenset[str]:
    """Option names (dashes as underscores) the project's commands pass a value to: its shell scripts,
    notebook shell cells and documentation."""
    texts = [cmd for *_, cmd in index.shell]
    texts += [
        t
        for p, t in index.texts.items()
        if p.lower().endswith((".md", ".rst", ".txt")) or is_shell_script(p) or p.endswith("Makefile")
    ]
    return frozenset(m.group(1).replace("-", "_") for t in texts for m in _PASSED_OPTION.finditer(t))


# a documentation line that runs something: `python train.py --x 1`, `bash run.sh`, `torchrun ...`
_COMMAND_LINE = re.compile(
    r"\b(python\d?(\.\d+)?|ipython|torchrun|accelerate|deepspeed|srun|bash|sh)\b|\.sh\b"
)


_CONTINUED = re.compile(r"\\[ \t]*\r?\n")


def commanded_options(index: SourceIndex) -> frozenset[str]:
    """Option names the project's commands pass a value to on a command line: its shell scripts and notebook
    shell cells, and the documentation's lines that run something (not "use `--checkpoint_interval=10000`
    to enable it" in prose)."""
    texts = [cmd for *_, cmd in index.shell]
    texts += [t for p, t in index.texts.items() if is_shell_script(p) or p.endswith("Makefile")]
    # ... or a command the package installs (`t5_mesh_transformer --model_dir=...`)
    installed = list(_console_commands(index))
    own = (
        # at the start of a line, as a command is typed (`$ t5_mesh_transformer \`), not named in a sentence
        re.compile(r"^\s*(?:\$\s+)?(" + "|".join(map(re.escape, installed)) + r")(?![\w.-])")
        if installed
        else None
    )
    texts += [
        line
        for p, t in index.texts.items()
        if p.lower().endswith((".md", ".rst", ".txt"))
        # a command continued over lines (`t5_mesh_transformer \` then `  --model_dir="${MODEL_DIR}" \`)
        for line in _CONTINUED.sub(" ", t).splitlines()
        if "--" in line and (_COMMAND_LINE.search(line) or (own is not None and own.search(line)))
    ]
    return frozenset(m.group(1).replace("-", "_") for t in texts for m in _PASSED_OPTION.finditer(t))


def project_imports(index: SourceIndex) -> dict[str, set[str]]:
    """For each module, the project modules it imports (``from x.y import z`` may name x/y.py).
    Built once per index (detection and the training path both need it)."""
    from ..index.build import per_index

    return per_index(index, "_et_project_imports", _project_imports)


def project_modules(index: SourceIndex) -> dict[str, str]:
    """The project's Python modules by dotted name (`pkg.trainers` is pkg/trainers/__init__.py; a
    src layout's modules are named without `src.`). Built once per index."""
    from ..index.build import per_index

    return per_index(index, "_et_project_modules", _project_modules)


def _project_modules(index: SourceIndex) -> dict[str, str]:
    by_dotted: dict[str, str] = {}
    # A sub-folder with its own setup.py (d4rl/ holding the rlkit package) is installed as a package:
    # its modules are imported without the folder's name (`from rlkit.torch.sac.cql import ...`).
    installed = sorted(
        (p.rsplit("/", 1)[0].replace("/", ".") + "." for p in index.modules if p.endswith("/setup.py")),
        key=len,
        reverse=True,
    )
    as_installed: dict[str, list[str]] = {}
    for path in index.modules:
        if path.endswith(".py"):
            dotted = path[: -len(".py")].replace("/", ".")
            # `from pkg.trainers import Trainer` imports pkg/trainers/__init__.py
            dotted = dotted.removesuffix(".__init__")
            by_dotted.setdefault(dotted, path)
            if dotted.startswith("src."):
                by_dotted.setdefault(dotted[4:], path)
            folder = next((f for f in installed if dotted.startswith(f)), "")
            if folder:
                as_installed.setdefault(dotted[len(folder) :], []).append(path)
    # ... when one folder installs that name: several copies of one template (a course's spaceflights
    # projects, each installing `spaceflights`) leave the name's module undecided
    for name, paths in as_installed.items():
        if len(paths) == 1:
            by_dotted.setdefault(name, paths[0])
    return by_dotted


def sys_path_suffixes(index: SourceIndex) -> dict[str, str | None]:
    """A project that puts its own folders on sys.path (an _init_paths.py inserting src/lib) imports
    their modules by bare names: each dotted tail of a project module's name (`opts`, `trains.ctdet`)
    mapped to that module, or to None when several modules end that way; {} when no module edits
    sys.path. Built once per index (imports and detection both ask)."""
    from ..index.build import per_index

    return per_index(index, "_et_sys_path_suffixes", _sys_path_suffixes)


def _sys_path_suffixes(index: SourceIndex) -> dict[str, str | None]:
    by_suffix: dict[str, str | None] = {}
    if any(c.name in ("sys.path.insert", "sys.path.append") for m in index.modules.values() for c in m.calls):
        for dotted, target in project_modules(index).items():
            parts = dotted.split(".")
            for n in range(1, len(parts)):
                suffix = ".".join(parts[n:])
                by_suffix[suffix] = target if by_suffix.get(suffix, target) == target else None
    return by_suffix


def module_prefixes(index: SourceIndex) -> frozenset[str]:
    """Every dotted prefix of a project module's name (`lib`, `lib.config`, `lib.config.default`), once per
    index."""
    from ..index.build import per_index

    def build(index) -> frozenset[str]:
        out = set()
        for dotted in project_modules(index):
            parts = dotted.split(".")
            out.update(".".join(parts[:n]) for n in range(1, len(parts) + 1))
        return frozenset(out)

    return per_index(index, "_et_module_prefixes", build)


def _project_imports(index: SourceIndex) -> dict[str, set[str]]:
    by_dotted = project_modules(index)
    # Every dotted prefix of a project module's name: an import whose first segment (alone, or
    # after the importing script's own directory) is none of them names no project module.
    prefixes = module_prefixes(index)
    by_suffix = sys_path_suffixes(index)
    tops = {d.split(".", 1)[0] for d in by_dotted if "." in d}  # the project's packages (slowfast, tools)
    # Libraries the project installs (or that ship with Python): torchvision.datasets.utils is theirs,
    # whatever folder of the project (datasets/utils.py) its inner names also end
    libraries = {d.name.replace("-", "_") for d in index.dependencies} | set(sys.stdlib_module_names)
    libraries |= _LIBRARY_ROOTS
    out: dict[str, set[str]] = {}
    for path, m in index.modules.items():
        hits = set()
        # A script's own directory is on sys.path: `from exp.exp_main import X` in sub/run.py is sub/exp/exp_main.py
        here = path.rsplit("/", 1)[0].replace("/", ".") + "." if "/" in path else ""
        for imp in m.imports:
            first = imp.module.split(".", 1)[0]
            # `from core.function import train` with lib/ on sys.path and no lib/core/__init__.py: the
            # dotted name (or its module part) ends a project module's name, its first segment alone not
            on_path = first in by_suffix or (
                by_suffix and (imp.module in by_suffix or imp.module.rsplit(".", 1)[0] in by_suffix)
            )
            if first not in prefixes and not (here and here + first in prefixes) and not on_path:
                hit = _monorepo_path(imp.module, by_dotted, tops) if first not in libraries else None
                if hit and hit != path:
                    hits.add(hit)
                continue
            parts = imp.module.split(".")
            for n in range(len(parts), 0, -1):
                head = ".".join(parts[:n])
                hit = (
                    by_dotted.get(head)
                    or (by_dotted.get(here + head) if here else None)
                    or by_suffix.get(head)
                )
                if hit:
                    if hit != path:
                        hits.add(hit)
                    break
        # a function or module named by a dotted string and run by it (dnnlib's
        # run_func_name="training.training_loop.training_loop", importlib.import_module("models.resnet"))
        for c in m.calls:
            if c.name.endswith(_NOT_RUN_BY_NAME):
                continue  # getLogger("tools.export"), mock.patch("pkg.mod.fn"): a name, not a run of it
            for v in (*c.args, *(v for _, v in c.kwargs)):
                hit = _named_module(v, by_dotted) if isinstance(v, str) else None
                if hit and hit != path:
                    hits.add(hit)
        hits.update(q for q in _spliced_modules(index, path, m, by_dotted) if q != path)
        out[path] = hits
    return out


def _spliced_modules(index: SourceIndex, path: str, m, by_dotted: dict[str, str]) -> set[str]:
    """The project modules a loader may import by a spliced name: GAN zoo's `loadmodule("models.trainer." +
    match[name][0], ...)` (a helper exec'ing the import), CycleGAN's `importlib.import_module("models." +
    name + "_model")`: every module of that package with the constant ending."""
    if not m.spliced_names:
        return set()
    out: set[str] = set()
    for c in m.calls:
        if not any(isinstance(v, Dyn) for v in c.args) or not _loads_modules(index, c, by_dotted):
            continue
        # the name may be built on the lines just before the call (fn = "models." + name; import_module(fn))
        for package, ending, line in m.spliced_names:
            if c.line - 3 <= line <= c.line + 1:
                out.update(
                    p
                    for d, p in by_dotted.items()
                    if d.startswith(package + ".") and "." not in d[len(package) + 1 :] and d.endswith(ending)
                )
    return out


def _loads_modules(index: SourceIndex, c, by_dotted: dict[str, str]) -> bool:
    """The call imports a module by name: a loader of Python's, or a project function whose module
    imports by a computed name (exec of an import statement, importlib)."""
    if c.name.endswith(("import_module", "__import__")):
        return True
    owner = by_dotted.get(c.name.rpartition(".")[0])
    helper = index.modules.get(owner) if owner else None
    return helper is not None and any(
        x.name in ("exec", "importlib.import_module", "__import__") for x in helper.calls
    )


_DOTTED = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+")
_FILE_SUFFIXES = frozenset(
    {"py", "yaml", "yml", "json", "txt", "csv", "pt", "pth", "ckpt", "pkl", "md", "cfg", "npz", "npy", "h5",
     "hdf5", "log", "onnx", "bin", "toml", "ini", "png", "jpg", "tar", "gz", "zip", "safetensors", "pb"}
)  # fmt: skip
_NOT_RUN_BY_NAME = (
    "getLogger",
    "patch",
    "patch.object",
    "warn",
    "filterwarnings",
    "simplefilter",
    "import_string",
)


def _named_module(text: str, by_dotted: dict[str, str]) -> str | None:
    """The project module a dotted string names: the module itself ("models.resnet") or a function or
    class of it ("training.training_loop.training_loop"); None for a file name ("config.yaml")."""
    if len(text) > 200 or not _DOTTED.fullmatch(text):
        return None
    head, _, last = text.rpartition(".")
    if last in _FILE_SUFFIXES:
        return None
    # a one-dot name is a function of a project module ("train_loop.run") only when that module exists
    return by_dotted.get(text) or by_dotted.get(head)


# Libraries imported under a name other than their distribution's, or often left out of manifests.
_LIBRARY_ROOTS = frozenset(
    {"torch", "torchvision", "torchaudio", "tensorflow", "tf", "keras", "sklearn", "numpy", "np", "scipy",
     "pandas", "transformers", "datasets", "jax", "flax", "optax", "mmcv", "mmdet", "mmseg", "mmengine",
     "detectron2", "timm", "PIL", "cv2", "matplotlib", "skimage", "yaml", "google", "absl", "lightning",
     "pytorch_lightning", "hydra", "omegaconf", "gym", "gymnasium", "ray", "apex", "fairseq", "tensorboardX"}
)  # fmt: skip


def _monorepo_path(module: str, by_dotted: dict[str, str], tops: set[str]) -> str | None:
    """`from vision.fair.slowfast.tools.train_net import train`: the project's own module under the path it has
    in its authors' internal repository, which names one of the project's packages (slowfast) before the
    module's own dotted name (tools.train_net, or slowfast.utils.misc)."""
    parts = module.split(".")
    for i, part in enumerate(parts[:-1]):
        if part in tops and i > 0:
            for start in (i, i + 1):  # slowfast.utils.misc, or tools.train_net after slowfast
                # `from x.tools.train_net import train` is recorded with the name imported: drop it
                for end in (len(parts), len(parts) - 1):
                    tail = ".".join(parts[start:end])
                    if "." in tail and tail in by_dotted:
                        return by_dotted[tail]
    return None


def _entry_points_by_calls(tax: Taxonomy, index: SourceIndex, trainers: set[str]) -> None:
    """Decide entry points by what they run, across modules: a launcher that imports the training
    code (a submitit or multi-process wrapper, ``image_train.py`` calling ``TrainLoop``) starts
    training; a library module imported by others, whose ``__main__`` block is a demo, does not."""
    imports = project_imports(index)
    imported_by: dict[str, int] = {}
    for importer, hits in imports.items():
        if scope_of(importer) == "test":
            continue  # tests/run_x_test.py running run_x.main(): a smoke test of the script, not its user
        for h in hits:
            imported_by[h] = imported_by.get(h, 0) + 1
    training = {e.path for e in tax.training_entry_points}
    launched = launched_scripts(index)
    keep = []
    for e in tax.training_entry_points:
        stem = e.path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        m = index.modules.get(e.path)
        if m is not None and _self_test(m, index):
            tax.entry_points.append(Evidence(e.path, e.line, "a self-test on random inputs", e.cell))
            training.discard(e.path)
            continue
        # experiment.py that other modules import and that trains nothing itself (a logger set up at
        # the top, template helpers): a library module, whatever its name says
        # So is learning_schedules.py, whose `__main__` plots a schedule stepped on a stand-in optimizer:
        # it trains nothing and imports none of the project's code that could
        named_only = (
            m is not None
            and (not m.main_guard or not imports.get(e.path))
            and not any(TRAIN_CALL.search(c.name) for c in m.calls)
        )
        if (
            imported_by.get(e.path)
            and (not TRAIN_NAME.search(stem) or named_only)
            and not e.path.endswith(".ipynb")
            and not (m is not None and _main_runs_own_training(m))
            # `python fixmatch.py --dataset=...` in the README: the documented program, whatever imports it
            # (a smoke test under `__main__` of a module that imports none of the project's code, its
            # model's forward on `torch.ones`, stays a demo)
            and not (
                m is not None and m.main_guard and imports.get(e.path) and _is_launched(e.path, launched)
            )
        ):
            guarded = bool(index.modules[e.path].main_guard) if e.path in index.modules else False
            what = LIBRARY_DEMO if guarded else "library module others import"
            tax.entry_points.append(Evidence(e.path, e.line, what, e.cell))
            training.discard(e.path)
            continue
        keep.append(e)
    tax.training_entry_points = keep
    for e in _declared_entry_points(index, imports, trainers | training):
        if e.path not in training:
            tax.training_entry_points.append(e)
            training.add(e.path)
    tax.entry_points = [e for e in tax.entry_points if e.path not in training]
    listed = {e.path for e in tax.entry_points}
    # Scripts with top-level work and no main guard (S5_lgb_main.py calling a training function from
    # utils.py) start what they import: candidates here, kept only when they reach training code.
    scripts = [
        Evidence(p, m.script_line, "script", m.script_line_cell)
        for p, m in sorted(index.modules.items())
        if m.script_line
        and not m.main_guard
        and p.endswith(".py")
        and p not in training
        and p not in listed
        and p.rsplit("/", 1)[-1] != "setup.py"
        and imports.get(p)
        and scope_of(p) == CORE
    ]
    others = []
    trainer_functions: dict[str, set[str]] = {}  # per training module, asked by every script importing it
    for e in [*tax.entry_points, *scripts]:
        stem = e.path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        runs = sorted(
            _through_packages(imports, e.path) & (training | trainers),
            key=lambda p: (not TRAIN_NAME.search(p.rsplit("/", 1)[-1]), p),
        )
        main_trains = False
        drives_training = False  # the script calls the project's training function itself: train(model, data)
        if e.path in index.modules:
            # A script starts training only by calling a function of that code that trains (a feature
            # script importing helpers from the same utils.py does not; nor does compare.py calling
            # load_model from the facenet.py that also defines train()).
            # A training entry point it imports (a CLI module whose subcommand trains) is started by
            # calling any of its functions (commands.main()).
            mod = index.modules[e.path]
            called = {c.name.rsplit(".", 1)[-1] for c in mod.calls}
            # launch_job(cfg=cfg, func=train), mp.spawn(train, ...): a function handed to a launcher runs
            called |= {
                v.text.rsplit(".", 1)[-1]
                for c in mod.calls
                for v in (*c.args, *(x for _, x in c.kwargs))
                if isinstance(v, Dyn) and re.fullmatch(r"[\w.]+", v.text)
            }
            for p in runs:
                if p not in trainer_functions:
                    m = index.modules[p]
                    # synthesis.py importing build_model from train.py builds a model; it starts
                    # training only through a function that trains or the one train.py's own
                    # __main__ block calls (commands.main() of a CLI whose subcommand trains)
                    trainer_functions[p] = _training_functions(m) | (
                        _program_functions(m) if p in training else set()
                    )
            runs = [p for p in runs if called & trainer_functions[p]]
            if runs and _NOT_TRAINING.search(stem):
                # test_ind.py: m.init_train(...), then m.step_train(...) in a loop: a script named for
                # testing that trains through the model's own training methods (given arguments, unlike
                # the mode switch model.train())
                trainers_named = {
                    f for p in runs for f in trainer_functions[p] if _TRAINING_FUNCTION_NAME.search(f)
                }
                drives_training = any(
                    c.name.rsplit(".", 1)[-1] in trainers_named
                    # model.train(False), model.train(mode=False): nn.Module's mode switch, not a step
                    and any(not isinstance(v, bool) for v in (*c.args, *(v for _k, v in c.kwargs)))
                    for c in mod.calls
                )
            if not runs and called:
                # GAT.training(loss, lr) with GAT imported from a package whose base class (another module
                # the package's modules import) defines training() around opt.minimize(): deeper imports
                deeper = sorted(set(import_closure(imports, [e.path])) & trainers - {e.path})
                for p in deeper:
                    if p not in trainer_functions:
                        trainer_functions[p] = _training_functions(index.modules[p])
                runs = [p for p in deeper if called & trainer_functions[p]]
            if not runs and called:
                # run_train.py calls main() of the train.py beside it, whose main runs Engine().train(...)
                # of a project class that trains: one module further than the script's own calls
                for p in sorted(imports.get(e.path, ())):
                    via = _object_training_functions(index.modules.get(p), index, imports, trainers)
                    hit = next((via[f] for f in sorted(called & via.keys())), None)
                    if hit is not None:
                        runs = [hit]
                        break
            if not runs:
                # EasyDict(run_func_name='training.training_loop.training_loop') handed to dnnlib.submit_run:
                # a training function of the project named by its dotted path
                runs = _named_training_function(mod, index, trainer_functions)
            by_object = False
            if not runs:
                # algorithm = TorchBatchRLAlgorithm(...); algorithm.train(): a project class whose
                # training loop lives in a base class another module defines (BatchRLAlgorithm._train)
                runs = _object_training(mod, index, imports, trainers)
                by_object = bool(runs)
            relayed = False
            if not runs and mod.main_guard:
                # run_steps(DQNAgent(config)): a project function that drives the training method of
                # the agent it is handed (`agent.step()` in a loop)
                runs = _relayed_training(mod, index, imports, trainers, trainer_functions, called)
                relayed = bool(runs)
            # Training started from the module's own __main__ block (coco.py: `model.train(...)` under
            # `if args.command == "train"`): a training script, even when notebooks import its config
            # and dataset classes.
            guard = mod.main_guard
            main_trains = bool(guard) and any(
                c.line >= guard
                and c.cell == mod.main_guard_cell
                and (
                    # the __main__ block calls the module's own functions that hand an agent to the loop
                    (relayed and c.name.rsplit(".", 1)[-1] in {f[0] for f in mod.functions})
                    or any(c.name.rsplit(".", 1)[-1] in trainer_functions.get(p, ()) for p in runs)
                    # Runner().run(args) in the __main__ block: the object's training, started here
                    or (by_object and (_OBJECT_TRAIN.match(c.name) or _OBJECT_RUN.match(c.name)))
                )
                for c in mod.calls
            )
            if guard and runs and not main_trains:
                # run_atari.py's __main__ calls main(), main() calls train(), train() steps the imported
                # agent (`agent.step()`): training started here, through the module's own functions
                steps = set().union(*(trainer_functions.get(p, ()) for p in runs))
                dotted = tuple(p[:-3].replace("/", ".") for p in runs if p.endswith(".py"))
                dotted += tuple(d.rsplit(".", 1)[-1] for d in dotted if "." in d)
                reaching = _functions_calling(mod, steps, dotted)
                main_trains = any(
                    c.line >= guard
                    and c.cell == mod.main_guard_cell
                    and c.name.rsplit(".", 1)[-1] in reaching
                    for c in mod.calls
                )
        # A module the project imports (models/yolo.py) is a library whose __main__ is a self-test,
        # unless it is a training script others build on (train_fastspeech2.py subclassing its trainer).
        if (
            runs
            and (not _NOT_TRAINING.search(stem) or drives_training)
            and e.detail != LIBRARY_DEMO
            # backup/old_train.py launching the current trainer: a copy kept, not the training path
            and not _LEGACY_DIRS.intersection(e.path.lower().split("/")[:-1])
            # tutorials/transtrack/main_track.py driving its own engine beside it: a tutorial's copy of
            # another project, example scope like a script that trains itself there; an example that drives
            # the project's own trainer (examples/scripts/sft.py -> trl/trainer/) runs the project's training
            and (scope_of(e.path) == CORE or any(scope_of(p) == CORE for p in runs))
            and (main_trains or not (imported_by.get(e.path) and not TRAIN_NAME.search(stem)))
        ):
            tax.training_entry_points.append(
                Evidence(e.path, e.line, f"launches training in {runs[0]}", e.cell)
            )
        elif e.detail != "script":
            others.append(e)
        elif e.path in index.modules and any(
            c.name.endswith(("parse_args", "parse_known_args")) or _OPTIONS_PARSE.search(c.name)
            for c in index.modules[e.path].calls
        ):
            # run_eval.py: argparse options, then a top-level call into the project's code: a command
            # the user runs (an evaluation or export CLI), whatever it lacks a __main__ guard
            others.append(Evidence(e.path, e.line, "command-line script", e.cell))
    tax.entry_points = others
    _project_file_launches(tax, index, trainers)
    _framework_cli_entries(tax, index)


def _framework_cli_entries(tax: Taxonomy, index: SourceIndex) -> None:
    """A script running a framework's training command (`allennlp train config.json -s out/`) trains."""
    from .framework_clis import framework_runs

    listed = {e.path for e in tax.training_entry_points}
    reached = None
    for run in framework_runs(index):
        m = index.modules.get(run.evidence.path)
        if m is not None and run.evidence.path.endswith(".py") and not (m.main_guard or m.script_line):
            # build_runner(...) in apis/mmdet_train.py, the helper tools/train.py calls: a run starts there
            # from a listed script, the helper itself is no entry point (a console script's main() in a
            # package module that no listed script imports is one)
            if reached is None:
                reached = import_closure(project_imports(index), sorted(listed)) if listed else set()
            if run.evidence.path in reached:
                continue
        if run.evidence.path not in listed:
            tax.training_entry_points.append(run.evidence)
            listed.add(run.evidence.path)
    tax.entry_points = [e for e in tax.entry_points if e.path not in listed]


_PRETRAINED_LOADS = ("from_pretrained", "torch.load", "load_state_dict", "load_model", "load_weights")
# Calls that build an optimizer: code that trains holds one even when its loop runs through a framework
_OPTIMIZER_BUILDERS = ("torch.optim.", "optax.", "tensorflow.train.", "tensorflow.compat.v1.train.",
                       "tensorflow.keras.optimizers.", "keras.optimizers.", "tf.train.", "transformers.AdamW",
                       "transformers.Trainer", "transformers.Seq2SeqTrainer", "pytorch_lightning.Trainer",
                       "lightning.Trainer", "lightning.pytorch.Trainer", "sklearn.", "xgboost.", "lightgbm.",
                       "catboost.", "trl.", "flax.training.", "jax.grad", "jax.value_and_grad")  # fmt: skip


def _named_only(tax: Taxonomy, index: SourceIndex, trainers: set[str], statistics: set[str]) -> None:
    """A script taken for training by a generic name alone (datasets/main.py, a download CLI) that
    neither trains nor reaches code that trains through the project's imports is an entry point, not
    training - when other training entry points do reach training code. Training reached only at run
    time (a class named in a config, a pipeline session) leaves no import to follow, so the names stay
    when nothing else would."""
    if not trainers and not statistics:
        # nothing trains by its calls: the names are all there is to go on, unless the name is only a
        # generic one (run_experiments.py, main.py) and no module builds an optimizer either - a probe of
        # pretrained models (LAMA's run_experiments.py) evaluates, it trains nothing
        calls = [c.name for m in index.modules.values() for c in m.calls]
        # ... and the project shows it only runs models it loads: pretrained weights read
        # (from_pretrained, torch.load) and run without gradients. A numpy or gensim trainer named
        # main.py shows neither and stays training.
        inference = any(n.endswith(_PRETRAINED_LOADS) for n in calls) and any(
            n.endswith(("no_grad", "inference_mode", ".eval")) for n in calls
        )
        if inference and not any(n.startswith(_OPTIMIZER_BUILDERS) for n in calls):
            generic = [
                e for e in tax.training_entry_points if not _TRAINING_WORD.search(e.path.rsplit("/", 1)[-1])
            ]
            for e in generic:
                m = index.modules.get(e.path)
                tax.entry_points.append(
                    Evidence(e.path, m.main_guard if m else e.line, "entry point", e.cell)
                )
            tax.training_entry_points = [e for e in tax.training_entry_points if e not in generic]
        return
    imports = project_imports(index)
    keep, dropped = [], []
    for e in tax.training_entry_points:
        stem = e.path.rsplit("/", 1)[-1].removesuffix(".py").lower()
        if (
            e.path.endswith(".py")
            # main.py, or main_diff.py: named like an entry point, trained by nothing it reaches
            and (stem in ("main", "run", "cli", "__main__") or re.match(r"main_\w+$", stem))
            and e.path not in trainers
            and e.path not in statistics
            and not (import_closure(imports, [e.path]) & trainers)
        ):
            dropped.append(e)
        else:
            keep.append(e)
    # Named entries go when others train, or when every fit in the project is a statistic's.
    if not dropped or (not keep and trainers):
        return
    for e in dropped:
        m = index.modules.get(e.path)
        tax.entry_points.append(Evidence(e.path, m.main_guard if m else e.line, "entry point", e.cell))
    tax.training_entry_points = keep


# A module computing metrics or analyses, by its file or its folder: metrics/glm_winrate.py, analysis.py.
_STATISTIC_MODULE = re.compile(r"(^|/)(metrics?|statistics|stats|analysis|analy[sz]e\w*|scoring)(/|\.py$|_)")


def statistic_module(path: str) -> bool:
    """A module computing metrics or analyses, by its file or its folder (metrics/glm_winrate.py)."""
    return _STATISTIC_MODULE.search("/".join(path.rsplit("/", 2)[-2:])) is not None


# Web frameworks a serving script is built on, and the calls that start a server.
_WEB_ROOTS = (
    "fastapi",
    "flask",
    "uvicorn",
    "gradio",
    "streamlit",
    "waitress",
    "hypercorn",
    "bentoml",
    "starlette",
)
_SERVE_CALL = re.compile(
    r"^(uvicorn\.run|waitress\.serve|hypercorn\.\w+\.serve|flask\.Flask\(\)\.run|gradio\..*\.launch|\w+\.launch)$"
)


def _servers(tax: Taxonomy, index: SourceIndex) -> None:
    """A script whose own code starts a web server (a FastAPI app under uvicorn, a Flask or Gradio app)
    and updates no model serves predictions, however much training code the model it loads imports."""

    def serves(e) -> bool:
        m = index.modules.get(e.path)
        return (
            m is not None
            and any(i.module.split(".", 1)[0] in _WEB_ROOTS for i in m.imports)
            and any(_SERVE_CALL.match(c.name) for c in m.calls)
            and not any(TRAIN_CALL.search(c.name) for c in m.calls)
        )

    servers = [e for e in tax.training_entry_points if serves(e)]
    if not servers or len(servers) == len(tax.training_entry_points):
        return  # a project that only serves keeps its entry points as they were found
    tax.training_entry_points = [e for e in tax.training_entry_points if e not in servers]
    tax.entry_points += [Evidence(e.path, e.line, "serves a model (web server)", e.cell) for e in servers]


# Keywords of a call that trains: how long and with which update rule (also what an object built to train
# is given) ...
_SCHEDULE_KWARGS = frozenset(
    {"num_epochs", "epochs", "n_epochs", "max_epochs", "num_iters", "n_iters", "num_iterations", "iterations",
     "optim_config", "update_rule", "num_steps", "max_steps"}
)  # fmt: skip
# ... how fast and in what batches
_TRAINING_KWARGS = _SCHEDULE_KWARGS | {"learning_rate", "lr", "batch_size"}


def trains_by_arguments(m: ModuleFacts, call) -> bool:
    """A project object's `.train(...)` given data or a schedule (`net.train(X, y, X_val, y_val,
    num_iters=1000, learning_rate=1e-4)`), or `.train()` of an object built with one (`Solver(model,
    data, num_epochs=10, optim_config={...}).train()`): training, unlike torch's `model.train()` (a
    mode, one flag at most)."""
    name = call.name
    # (a tokenizer's train(files, trainer) builds a vocabulary, not the model a run trains)
    if not name.endswith(".train") or "tokeniz" in name.lower():
        return False
    if len(call.args) >= 2 or any(k in _TRAINING_KWARGS for k, _ in call.kwargs):
        return True
    ctor = name[: -len(".train")]
    if not ctor.endswith("()"):
        return False
    ctor = ctor[:-2]
    # built with a schedule (epochs, iterations, an update rule): `LitModel(lr=1e-3)` then `.train()` is
    # a module put in training mode
    return any(c.name == ctor and any(k in _SCHEDULE_KWARGS for k, _ in c.kwargs) for c in m.calls)


def _descends(m: ModuleFacts) -> bool:
    """The module runs its own gradient-descent loop: a backward pass and an optimizer step."""
    last = {c.name.rsplit(".", 1)[-1] for c in m.calls}
    return "backward" in last and "step" in last and any("optim" in c.name.lower() for c in m.calls)


def _updates(m: ModuleFacts) -> bool:
    """Some call of the module updates a model (a fit, an optimizer step), not only a backward pass."""
    return any(TRAIN_CALL.search(c.name) and not c.name.endswith(".backward") for c in m.calls)


def _side_fits(tax: Taxonomy, index: SourceIndex) -> None:
    """Scripts that fit a model for another purpose (analyze_errors.py fitting an SVM on a trained
    model's predictions, evaluate_probe.py) are not the project's training path when scripts named
    for training exist: they stay entry points, so rules and fixes cite the training scripts."""

    def stem(e):
        return e.path.rsplit("/", 1)[-1].rsplit(".", 1)[0]

    if not any(TRAIN_NAME.search(stem(e)) for e in tax.training_entry_points):
        return
    keep = []
    for e in tax.training_entry_points:
        m = index.modules.get(e.path)
        # build_an_image_dataset.py that trains a CNN and saves it with a Saver: training, whatever the
        # name says the lesson is about
        saves_model = m is not None and any(w.kind == "checkpoint" for w in m.writes)
        # "Inference and Validation.ipynb" running 30 epochs of loss.backward() / optimizer.step(): its own
        # gradient-descent loop trains, whatever the title says the lesson is about
        descends = m is not None and _descends(m)
        if m is not None and not TRAIN_NAME.search(stem(e)) and not saves_model and _fits_inputs(m):
            # DeepSDF's reconstruct.py: Adam over a latent code, against the decoder it loads: test-time fitting
            tax.entry_points.append(
                Evidence(
                    e.path, e.line, "fits inputs (a latent code, an image) against a model it loads", e.cell
                )
            )
            continue
        if (
            _NOT_TRAINING.search(stem(e))
            and not TRAIN_NAME.search(stem(e))
            and not saves_model
            and not descends
        ):
            word = _NOT_TRAINING.search(stem(e)).group(0).lower()
            # loss.backward() for Grad-CAM attention maps, no optimizer: gradients, no training
            what = "fits a model" if m is None or _updates(m) else "computes gradients, no optimizer step"
            tax.entry_points.append(
                Evidence(e.path, e.line, f"{what}; named for another purpose ({word!r})", e.cell)
            )
        else:
            keep.append(e)
    tax.training_entry_points = keep


_OPTIMIZER_CLASS = re.compile(r"(^|\.)optim\.[A-Z]\w*$")


def _fits_inputs(m: ModuleFacts) -> bool:
    """Every optimizer the module builds is handed tensors it made (`Adam([latent], lr=...)`), none a
    model's parameters, and the module loads a trained model's weights: it fits inputs of that model (a
    shape's latent code, an inverted image), training none."""
    opts = [c for c in m.calls if _OPTIMIZER_CLASS.search(c.name)]
    if not opts:
        return False
    for c in opts:
        given = c.args[0] if c.args else c.kw("params")
        if not isinstance(given, (list, tuple)) or not given:
            return False
        # (*G.parameters(): the generator's own weights handed with the latent, so it is tuned too)
        if any(
            isinstance(x, dict)
            or "parameters()" in getattr(x, "text", "")
            or getattr(x, "text", "") == "Starred"
            for x in given
        ):
            return False
    # ... a trained model's weights loaded into it (torch.load alone may read data)
    return any(c.name.endswith(("load_state_dict", "load_checkpoint")) for c in m.calls)


def _mains_that_train_nothing(tax: Taxonomy, index: SourceIndex) -> None:
    """main.py taken for training by its name alone, when neither it nor any project module it imports
    trains (multiagent-competition's main.py loads released policy pickles and plays matches): an entry
    point that runs trained models, not a training run."""
    imports = None
    keep = []
    for e in tax.training_entry_points:
        m = index.modules.get(e.path)
        name = e.path.rsplit("/", 1)[-1]
        if m is None or e.path.endswith(".ipynb") or not name.lower().startswith("main"):
            keep.append(e)
            continue
        imports = imports if imports is not None else project_imports(index)
        closure = import_closure(imports, [e.path])
        # ... a script running models it loads (pickle.load of policies, a restore), calling nothing a
        # framework could train through (`runner.train()`, Flax's `optimizer.update(grads)`)
        loads = any(
            c.name.endswith(("pickle.load", "torch.load", "load_state_dict", "restore")) for c in m.calls
        )
        if not loads or any(
            c.name.endswith((".train", ".update", "train_step", ".fit")) or call_trains(x, c)
            for p in closure
            if (x := index.modules.get(p)) is not None
            for c in x.calls
        ):
            keep.append(e)
            continue
        tax.entry_points.append(
            Evidence(e.path, e.line, "entry point; nothing it runs trains a model", e.cell)
        )
    tax.training_entry_points = keep


def _mains_that_cannot_start(tax: Taxonomy, index: SourceIndex) -> None:
    """`if __name__ == "__main__": main()` under `def main(args):`: the block calls the module's function
    without the argument it requires, so running the file stops with a TypeError before anything trains;
    the function is run by the launcher that imports it (suncet's main.py), which stays the entry point."""
    keep = []
    for e in tax.training_entry_points:
        m = index.modules.get(e.path)
        if m is None or e.path.endswith(".ipynb") or not m.main_guard or len(tax.training_entry_points) < 2:
            keep.append(e)
            continue
        required = getattr(m, "required_args", {})
        local = [
            c for c in m.calls if c.cell == m.main_guard_cell and c.line > m.main_guard and c.name in required
        ]
        short = [
            c
            for c in local
            if not any(k == "**" for k, _v in c.kwargs)
            # main(*sys.argv[1:]) passes however many there are
            and not any(getattr(a, "text", "") in ("Starred", "*") for a in c.args)
            and len(c.args) + len(c.kwargs) < required[c.name]
        ]
        if local and len(short) == len(local):
            c = short[0]
            detail = f"entry point; its __main__ block calls {c.name}() without the arguments it requires"
            tax.entry_points.append(Evidence(e.path, c.line, detail, c.cell))
            continue
        keep.append(e)
    tax.training_entry_points = keep


def _notebook_copies(tax: Taxonomy) -> None:
    """NNLM.ipynb beside NNLM.py (a notebook generated from the script, or the script exported from the
    notebook): one training run in two forms, counted once, as the script."""
    scripts = {e.path[:-3] for e in tax.training_entry_points if e.path.endswith(".py")}
    copies = [e for e in tax.training_entry_points if e.path.endswith(".ipynb") and e.path[:-6] in scripts]
    if not copies:
        return
    tax.training_entry_points = [e for e in tax.training_entry_points if e not in copies]
    tax.entry_points += [
        Evidence(e.path, e.line, f"notebook form of {e.path[:-6]}.py", e.cell) for e in copies
    ]


def _relaying_notebooks(tax: Taxonomy, index: SourceIndex, trainers: set[str]) -> None:
    """A notebook that trains nothing itself but runs the project's training script from a shell line
    (`!torchrun ... run_clm_pt_with_peft.py --seed $RANDOM`, `!python train.py`) launches that script:
    the script is the training path, with its seeds and records, and the notebook one of its commands."""
    scripts = [e.path for e in tax.training_entry_points if not e.path.endswith(".ipynb")]
    if not scripts:
        return
    runs: dict[str, set] = {}
    for path, _cell, _line, cmd in index.shell:
        for m in _PY_FILE.finditer(cmd):
            runs.setdefault(path, set()).add(m.group(1).lstrip("./").rsplit("/", 1)[-1])
    keep = []
    for e in tax.training_entry_points:
        ran = runs.get(e.path, set())
        if (
            e.path.endswith(".ipynb")
            and e.path not in trainers
            and any(s.rsplit("/", 1)[-1] in ran for s in scripts)
        ):
            tax.entry_points.append(Evidence(e.path, e.line, "runs the training script", e.cell))
        else:
            keep.append(e)
    tax.training_entry_points = keep


_PY_FILE = re.compile(r"(?:^|\s)([\w./-]+\.py)\b")
_OBJECT_TRAIN = re.compile(r"^([\w.]+)\.\w+\(\)\.(train|fit|learn)$")
_LOCAL_OBJECT_TRAIN = re.compile(r"^(\w+)\(\)\.(train|fit|learn)$")
_OBJECT_RUN = re.compile(r"^([\w.]+)\.\w+\(\)\.(run|start|execute)$")
_TRAIN_METHOD = re.compile(r"^(run_|do_|start_)?train(ing)?$")


# Organisations whose library modules projects copy in whole (a Trainer, a modeling file).
_UPSTREAM = re.compile(
    r"(hugging ?face|google|deepmind|facebook|meta platforms|microsoft|nvidia|openai|tensorflow|pytorch|lightning ai)"
)


def copied_library_modules(index: SourceIndex) -> set[str]:
    """Modules copied from a library: their header names an upstream organisation that few of the
    project's other modules name (ptuning/trainer.py, 'Copyright 2020-present the HuggingFace Inc.
    team', in a project whose own files carry no such notice)."""
    holders = [m.copyright_holder for m in index.modules.values() if m.path.endswith(".py")]
    total = len(holders)
    counts: dict[str, int] = {}
    for h in holders:
        if h:
            counts[h] = counts.get(h, 0) + 1
    return {
        p
        for p, m in index.modules.items()
        if m.copyright_holder
        and _UPSTREAM.search(m.copyright_holder)
        and counts[m.copyright_holder] * 3 <= total
        and m.lines >= 500  # a library module, not an adapted example script
    }


def _main_block_demos(detections: list, index: SourceIndex, launched: set[str]) -> list:
    """A tool used only under the `__main__` block of modules the project's code imports and no
    documented command runs (MiniImagenet.py viewing its samples in TensorBoard): that module's demo,
    not the project's runs. ``launched``: the modules run as commands (documented, or training entry points)."""
    imported = {h for hits in project_imports(index).values() for h in hits}

    def in_demo(e) -> bool:
        m = index.modules.get(e.path)
        return (
            m is not None
            and bool(m.main_guard)
            and e.cell == m.main_guard_cell
            and e.line >= m.main_guard
            and e.path in imported
            and e.path not in launched
        )

    out = []
    for d in detections:
        if d.category == "tracking" and d.present and d.scope in (CORE, OPTIONAL) and d.evidence:
            if any(in_demo(e) for e in d.evidence) and all(
                in_demo(e) or scope_of(e.path) in (EXAMPLE, TEST) for e in d.evidence
            ):
                d = Detection(d.tool, d.category, d.usage, EXAMPLE, d.evidence, d.label)
        out.append(d)
    return out


# Modules a framework finds by their name or place, not through an import: Kedro's settings (its hooks)
# and pipeline registry, each pipeline's pipeline.py (find_pipelines), a package run with `python -m`.
_DISCOVERED = re.compile(r"(^|/)(settings|pipeline_registry|pipeline|__main__|conftest|hooks|cli)\.py$")


_RUN_BY_DECORATOR = re.compile(
    r"(main|automain|command|group|task|flow|step|route|get|post|put|capture|config|job|op|asset|pipeline|node|"
    r"fixture|register\w*)$"
)


def _top_level_work(m: ModuleFacts) -> bool:
    """A call at module level other than set-up (logging, warnings, a logger, an object built from a class
    of the project): the file does something when run, whatever it assigns the result to."""
    import bisect

    spans = sorted((start, end) for _n, start, _c, end in (*m.functions, *m.classes))
    starts = [a for a, _ in spans]
    ends = []
    for _a, b in spans:  # the furthest end among spans starting at or before each start
        ends.append(max(b, ends[-1]) if ends else b)
    # `_C = CN()`, `cs = ConfigStore.instance()`: an object built at import; `model = train(0.01)` is work
    classes = {n for n, *_ in m.classes}
    for c in m.calls:
        i = bisect.bisect_right(starts, c.line) - 1
        if i >= 0 and ends[i] >= c.line:
            continue  # inside a function or class
        name = c.name.removesuffix("()")
        last = name.rsplit(".", 1)[-1]
        if name.startswith(_SETUP_PREFIXES) or last in _SETUP_LAST or last in classes:
            continue
        return True
    return False


# Set-up at import (python_facts' own list, less plotting, which is a script's work) and typing helpers
_SETUP_PREFIXES = tuple(p for p in _SETUP_CALLS if p not in ("matplotlib.", "plt.")) + (
    "typing.",
    "collections.",
)
_SETUP_LAST = frozenset(
    {"getLogger", "get_logger", "TypeVar", "namedtuple", "dataclass", "field", "compile", "getenv"}
)


def dead_modules(index: SourceIndex) -> frozenset[str]:
    """``_dead_modules``, worked out once per index: the detection and the facts both ask. A heal
    iteration that admits more modules asks afresh."""
    key, cached = index.__dict__.get("_et_dead_modules", (None, None))
    if key != len(index.modules):
        cached = frozenset(_dead_modules(index))
        index.__dict__["_et_dead_modules"] = (len(index.modules), cached)
    return cached


def _dead_modules(index: SourceIndex) -> set[str]:
    """The project's modules no run reaches: nothing imports them but modules that are themselves dead,
    and they do nothing when run (no `__main__` block, no top-level work). sf-kedro's general_nodes
    package, left behind when the pipelines importing it were deleted; a utilities/Tensorboard.py wrapper
    nobody imports. A top-level package's __init__ (a library's API) and the modules a framework finds by
    name are reached."""
    # importlib.import_module(f"models.{name}"), spec_from_file_location("m", path): any module may be
    # loaded by a name or path computed at run time; an unread module's imports are unknown
    if any(m.error or m.syntax_note for m in index.modules.values()) or any(
        _loads_by_computed_name(c) for m in index.modules.values() for c in m.calls
    ):
        return set()
    # `_target_: src.models.mnist_module.MNISTModule` (Hydra), `class_path:` (LightningCLI), a `type:` a
    # catalog builds, cog.yaml's `predict: predict.py:Predictor`: configuration naming the code it runs
    by_dotted: dict[str, str] = {}
    for p in index.modules:
        if p.endswith(".py"):
            for q in (p, p.removeprefix("src/")):
                by_dotted.setdefault(q[:-3].removesuffix("/__init__").replace("/", "."), p)
    named: set[str] = set()
    for doc in index.configs.values():
        for _k, v, _l in doc.entries:
            if not (isinstance(v, str) and "." in v and re.fullmatch(r"[\w./-]+(:\w+)?", v)):
                continue
            head = v.split(":", 1)[0]
            if head.endswith(".py"):
                named.add(head.removeprefix("./"))
                continue
            parts = head.split(".")
            hit = next(
                (by_dotted[d] for k in range(len(parts), 0, -1) if (d := ".".join(parts[:k])) in by_dotted),
                None,
            )
            if hit:
                named.add(hit)
    imports = project_imports(index)
    packages = {p.rsplit("/", 1)[0] for p in index.modules if p.endswith("/__init__.py")}

    def top_package(p: str) -> bool:
        folder = p.rsplit("/", 1)[0] if "/" in p else ""
        parent = folder.rsplit("/", 1)[0] if "/" in folder else ""
        return p.endswith("__init__.py") and parent not in packages

    candidates = {
        p
        for p, m in index.modules.items()
        if p.endswith(".py")
        and not m.main_guard
        and not m.script_line
        and not m.error  # unread: what it does when run is unknown
        # runs = mlflow.search_runs(...) at module level: work done when the file is run by hand
        and not _top_level_work(m)
        # @ex.automain, @hydra.main, @click.command, @app.route: a framework runs the decorated function
        and not any(_RUN_BY_DECORATOR.search(d.name) for d in m.decorators)
        and not top_package(p)
        and not _DISCOVERED.search(p)
        # configs/config_diffusion.py: settings a launcher reads by path, not code an import reaches
        and not {"config", "configs", "conf"} & set(p.split("/")[:-1])
        and scope_of(p) == CORE
    }
    # `from batch_rl.fixed_replay import run_experiment` run from atari/ (a package below the top folder,
    # on sys.path at run time): a module whose dotted path ends with an imported name is reached
    by_suffix: dict[str, list[str]] = {}
    for p in candidates:
        parts = p[:-3].removesuffix("/__init__").split("/")
        for k in range(len(parts)):
            by_suffix.setdefault(".".join(parts[k:]), []).append(p)

    def suffix_named(paths) -> set[str]:
        out: set[str] = set()
        for q in paths:
            for i in index.modules[q].imports:  # `from pkg.mod import func` is kept as pkg.mod.func
                out.update(by_suffix.get(i.module, ()))
                out.update(by_suffix.get(i.module.rsplit(".", 1)[0], ()))
        return out

    # start({'lr': 0.1}) in a notebook that `%run helpers.py`: a bare name the module defines, called
    # elsewhere, reaches it however it was loaded
    bare = set()
    for m in index.modules.values():
        own = {f[0] for f in m.functions} | {k[0] for k in m.classes}
        bare.update(c.name for c in m.calls if "." not in c.name and c.name not in own)
    called = {p for p in candidates if bare & set(index.modules[p].toplevel)}
    live = import_closure(
        imports, [p for p in index.modules if p not in candidates or p in called or p in named]
    )
    seen: set[str] = set()
    while True:  # what live modules import by a name the resolver did not place, until nothing is added
        fresh = live - seen
        seen |= fresh
        extra = suffix_named(fresh) - live
        if not extra:
            return candidates - live
        live |= import_closure(imports, extra)


# Loaders that run a module named by a value: the module's name or file path is an argument
_LOADERS = ("import_module", "__import__", "load_source", "run_path", "spec_from_file_location",
            "DEFINE_config_file", "Config.fromfile", "exec_module", "load_module")  # fmt: skip


def _loads_by_computed_name(c) -> bool:
    if c.name in ("exec", "execfile"):
        return True
    if not c.name.endswith(_LOADERS):
        return False
    # spec_from_file_location("model", f"models/{name}.py"): the path, not the name, is the second argument
    return not c.args or not all(isinstance(a, str) for a in c.args[:2])


def judges_dead_code(inventory: Inventory, tax: Taxonomy) -> bool:
    """Whether modules no run reaches are dead code: in a project with scripts of its own (training or
    other entry points) that is not packaged for others to import, or that is a Kedro project (packaged
    to be run). A packaged library's modules are its users' API; a folder of modules with no script may
    be imported by anything."""
    if not (tax.training_entry_points or tax.entry_points):
        return False
    # a Kedro project is packaged to be run (`kedro run`), not imported
    return (
        inventory.get("src/pipeline_registry.py") is not None
        or any(f.path.endswith("/pipeline_registry.py") for f in inventory.files)
        or not any(inventory.get(p) is not None for p in ("setup.py", "setup.cfg", "pyproject.toml"))
    )


def _trackers_in_dead_code(acc: _Acc, tax: Taxonomy, inventory: Inventory, index: SourceIndex) -> None:
    """A tracker's uses in dead code (``dead_modules``) record no run: mentions, not uses; what is left
    (a hook that turns MLflow on) decides. Only where ``judges_dead_code`` says modules can be dead."""
    if not judges_dead_code(inventory, tax):
        return
    dead = dead_modules(index)
    if not dead:
        return
    # ... nor names, tags, sweeps or splits a run has: none of them is made
    for name in ("run_naming", "tagging", "experiment_names", "ablations", "sweep_definitions", "splits_seeded",
                 "splits_unseeded"):  # fmt: skip
        setattr(tax, name, [e for e in getattr(tax, name) if e.path not in dead])
    uses = [
        levels for (_tool, category), levels in acc.hits.items() if category == "tracking" and USED in levels
    ]
    for levels in uses:
        kept = [h for h in levels[USED] if h[1].path not in dead]
        if len(kept) == len(levels[USED]):
            continue
        levels.setdefault(MENTIONED, []).extend(h for h in levels[USED] if h[1].path in dead)
        if kept:
            levels[USED] = kept
        else:
            del levels[USED]


# What starts a W&B run: its own init or agent, or an integration that calls init (Lightning's WandbLogger,
# Keras/HF callbacks, report_to/log_with naming it, a sweep)
_WANDB_START = re.compile(
    r"(^wandb\.(init|agent|sweep)$|wandb\w*(Logger|Callback|Hook)|report_to|log_with|init_trackers)", re.I
)


# A tracker's query and set-up API: code calling only these reads runs some other project logged (a
# W&B-to-Neptune migration tool, a results dashboard) and records none of this project's runs.
_QUERY_CALLS = {
    "wandb": re.compile(r"^wandb\.(Api|apis\.[\w.]+)(\(\).*)?$"),
    "mlflow": re.compile(
        r"^mlflow\.(search_runs|search_experiments|get_run|get_experiment|get_experiment_by_name|"
        r"artifacts\.download_artifacts)(\(\).*)?$"
    ),
}
# Set-up calls that log nothing themselves, but neither do they say the project only reads: beside a
# query they are its client's set-up
_SETUP_CALLS = {
    "wandb": re.compile(r"^wandb\.(require|login|setup|util\.[\w.]+)$"),
    "mlflow": re.compile(r"^mlflow\.(set_tracking_uri|get_tracking_uri)$"),
}
# Integrations that log through a framework's own hook (a Lightning logger), and trainers that report to
# every installed tracker unless told otherwise (the Hugging Face Trainer's default report_to)
_INTEGRATION = re.compile(
    r"(wandb|mlflow)\w*(Logger|Callback|Hook)|init_trackers|(^|\.)(\w*Trainer|TrainingArguments|YOLO)$", re.I
)
_INTEGRATION_KWARGS = ("report_to", "log_with", "logger", "loggers", "callbacks")


def _trackers_only_read(detections: list, index: SourceIndex) -> list:
    """A tracker the project only queries (`wandb.Api().runs(...)` in a migration tool, `mlflow.search_runs`
    in a dashboard) and never logs into: it keeps none of this project's runs, so it is mentioned,
    not used."""
    out = []
    for d in detections:
        if d.tool in _QUERY_CALLS and d.usage == USED and d.evidence and _only_reads(d, index):
            d = Detection(d.tool, d.category, MENTIONED, d.scope, d.evidence, d.label)
        out.append(d)
    return out


def _only_reads(d: Detection, index: SourceIndex) -> bool:
    """Every call of the tool queries runs or sets its client up, at least one queries, nothing logs
    through an integration, and no environment variable of the tool (WANDB_PROJECT, MLFLOW_*) is set
    for a trainer that would report to it on its own."""
    query, setup, prefix = _QUERY_CALLS[d.tool], _SETUP_CALLS[d.tool], d.tool + "."
    calls = [e.detail.removeprefix("calls ") for e in d.evidence if e.detail.startswith("calls ")]
    if not any(query.match(c) for c in calls) or not all(query.match(c) or setup.match(c) for c in calls):
        return False
    if any(not e.detail.startswith(("calls ", "imports ")) for e in d.evidence):
        return False
    env = d.tool.upper() + "_"
    for m in index.modules.values():
        if any(env in a.target for a in m.assigns):
            return False
        for c in m.calls:
            if c.name.startswith(prefix) and not (query.match(c.name) or setup.match(c.name)):
                return False
            if _INTEGRATION.search(c.name) or any(k in _INTEGRATION_KWARGS for k, _ in c.kwargs):
                return False
            if c.name.endswith(("environ.setdefault", "putenv", "environ.update")) and env in str(c.args):
                return False
    return True


def baselines_copies_without_tensorboard(inventory: Inventory, index: SourceIndex) -> frozenset:
    """Copies of Baselines' logger in the project (a module with `configure` and `make_output_format`)
    whose TensorBoard output no run chooses: it is one format among stdout/log/csv/json, written only
    when `format_strs` or OPENAI_LOG_FORMAT names it (the default is stdout, log and csv), and no module
    calling the copy, nor any script, names it."""
    from ..index.build import per_index

    return per_index(
        index, "_et_baselines_tb", lambda ix: _baselines_copies_without_tensorboard(inventory, ix)
    )


def baselines_logger_copies(index: SourceIndex) -> frozenset:
    """Modules of the project that are copies of Baselines' logger: `configure` and `make_output_format`."""
    from ..index.build import per_index

    return per_index(
        index,
        "_et_baselines_copies",
        lambda ix: frozenset(
            p
            for p, m in ix.modules.items()
            # (older copies set their outputs up in a `session` context manager, not `configure`)
            if "make_output_format" in m.toplevel
            and (any(f[0] == "configure" for f in m.functions) or any(k[0] == "session" for k in m.classes))
        ),
    )


def as_baselines_logger(name: str, copies: frozenset) -> str:
    """A call of a Baselines logger copy (`phasic_policy_gradient.logger.configure`) under the library's
    name (`baselines.logger.configure`); other names unchanged."""
    head, _, last = name.rpartition(".")
    # (imported by its package path, or flat from its own folder: `import logger` beside src/logger.py)
    if copies and head and "(" not in head and any(module_named(p, head) for p in copies):
        return "baselines.logger." + last
    return name


def module_named(path: str, dotted: str) -> bool:
    """The module at ``path`` is the one ``dotted`` names (`utils.training_utils` for
    utils/training_utils.py, also when imported from a parent package or the package root)."""
    mod = path.removesuffix(".py").removesuffix("/__init__").replace("/", ".")
    return mod == dotted or mod.endswith("." + dotted) or dotted.endswith("." + mod)


@functools.cache
def _module_names(copies: frozenset) -> tuple:
    return tuple(p.removesuffix(".py").replace("/", ".") for p in copies)


def copy_configured_with_dir(c, copies: frozenset) -> bool:
    """A call of a Baselines logger copy's configure() that names the folder (`configure(dir=log_dir)`): the
    copy is then read as the library at that call. Without one the copy's own fallback decides (it may not
    be Baselines' temporary folder), read from its code."""
    named = as_baselines_logger(c.name, copies)
    return named != c.name and named in BASELINES_CONFIGURE and (c.kw("dir") is not None or bool(c.args))


def copies_logged(index: SourceIndex, copies: frozenset) -> bool:
    """Some module of the project logs through the copy (logkv, dumpkvs, record_tabular); once per index."""
    from ..index.build import per_index

    return per_index(
        index,
        "_et_copies_logged",
        lambda ix: any(
            as_baselines_logger(c.name, copies) in BASELINES_KVS for m in ix.modules.values() for c in m.calls
        ),
    )


def _baselines_copies_without_tensorboard(inventory: Inventory, index: SourceIndex) -> frozenset:
    copies = baselines_logger_copies(index)
    if not copies:
        return frozenset()
    # a string naming it, alone or in a comma-joined list ("stdout,log,csv,tensorboard")
    named = re.compile(r"[\"'][\w,]*\btensorboard\b[\w,]*[\"']")
    if any("tensorboard" in text for text in index.texts.values()):
        return frozenset()  # a config or script naming it (OPENAI_LOG_FORMAT=..., log_formats: ...)
    # a list of formats the project keeps, the copy's own default included (LOG_OUTPUT_FORMATS = [...,
    # "tensorboard"]), or a settings module's
    if any(
        isinstance(v, (list, tuple)) and "tensorboard" in v
        for m in index.modules.values()
        for v in m.constants.values()
    ):
        return frozenset()
    stems = _module_names(copies)
    for path, m in index.modules.items():
        if (
            path in copies
            or not any(as_baselines_logger(c.name, copies) in BASELINES_CONFIGURE for c in m.calls)
            and not any(
                i.module.endswith(stems) or any(s.endswith("." + i.module) for s in stems) for i in m.imports
            )
        ):
            continue
        try:  # the caller's own text: `format_strs = ['csv', 'stdout']` is often bound before the call
            text = (inventory.root / path).read_text(encoding="utf-8", errors="replace")
        except OSError:
            return frozenset()
        if named.search(text):
            return frozenset()
    return frozenset(copies)


def _tensorboard_format_unchosen(detections: list, inventory: Inventory, index: SourceIndex) -> list:
    """TensorBoard found only in a Baselines logger copy whose TensorBoard format no run chooses: mentioned.
    Summary ops elsewhere (mlsh's tf_util conv2d building a tf.summary.image) count with it when no writer
    outside the copy would write them."""
    out = []
    copies = None
    for d in detections:
        if not (d.tool == "tensorboard" and d.category == "tracking" and d.usage == USED and d.evidence):
            out.append(d)
            continue
        copies = baselines_copies_without_tensorboard(inventory, index) if copies is None else copies
        paths = {e.path for e in d.evidence}
        if (
            paths & copies
            and all(e.path.endswith(".py") for e in d.evidence)
            and all(e.path in copies or _SUMMARY_OP.search(e.detail) for e in d.evidence)
            and (paths <= copies or not _writer_outside(index, copies))
        ):
            d = Detection(d.tool, d.category, MENTIONED, d.scope, d.evidence, d.label)
        out.append(d)
    return out


def _writer_outside(index: SourceIndex, copies: frozenset) -> bool:
    """A summary writer made by the project's code outside the Baselines logger copies."""
    return any(
        _SUMMARY_WRITER.search(c.name) and not _THROUGH_WRITER.search(c.name)
        for p, m in index.modules.items()
        if p not in copies
        for c in m.calls
    )


def _wandb_never_started(detections: list, index: SourceIndex) -> list:
    """W&B calls that only log into a run some other code would have started (`if wandb and wandb.run:
    wandb.log(...)`, YOLOv5's evaluation copied into YOLOP) where nothing in the project starts one:
    wandb.run stays None and W&B records nothing."""
    out = []
    for d in detections:
        if (
            d.tool == "wandb"
            and d.usage == USED
            and d.evidence
            and not any(_WANDB_START.search(e.detail) for e in d.evidence)
            and not any(_WANDB_START.search(c.name) for m in index.modules.values() for c in m.calls)
            # ... and the code itself asks whether some other code started a run (`if wandb.run:`)
            and any(
                "wandb.run" in cond
                for e in d.evidence
                if e.path in index.modules
                for *_span, cond in index.modules[e.path].flag_blocks
            )
        ):
            d = Detection(d.tool, d.category, MENTIONED, d.scope, d.evidence, d.label)
        out.append(d)
    return out


# What a trial's own code calls to report into a search some other code runs (a copied Hugging Face
# Trainer's loop): nothing else
_SEARCH_HOOK = re.compile(
    r"^(optuna\.(TrialPruned|Trial|trial\.\w+|exceptions\.TrialPruned)|"
    r"ray\.tune\.(report|get_trial_id|get_trial_name|get_trial_dir|checkpoint_dir|session\.report))$"
)
# What starts a hyperparameter search: a study, a tuner, or Hugging Face Trainer's entry that starts one
_SEARCH_START = re.compile(
    r"(^optuna\.(study\.)?(create_study|load_study)$|^optuna\.integration\.|"
    r"^ray\.tune\.(run|run_experiments|Tuner|tuner\.Tuner)$|(^|\.)(hyperparameter_search|run_hp_search_\w+)$)"
)


def _search_never_started(detections: list, index: SourceIndex) -> list:
    """Optuna or Ray Tune calls that only report into a search some other code would start (a copy of
    Hugging Face Trainer: `trial.report`, `raise optuna.TrialPruned()`, `tune.report(...)` in its
    training loop) where nothing in the project starts one, or only a method nothing calls does
    (the copy's own `hyperparameter_search`): those branches never run."""
    candidates = [
        d
        for d in detections
        if d.tool in ("optuna", "ray_tune")
        and d.usage == USED
        and d.evidence
        and all(_SEARCH_HOOK.search(e.detail.removeprefix("calls ")) for e in d.evidence)
    ]
    if not candidates or _search_started(index):
        return detections
    return [
        Detection(d.tool, d.category, MENTIONED, d.scope, d.evidence, d.label) if d in candidates else d
        for d in detections
    ]


def _search_started(index: SourceIndex) -> bool:
    """Some code that runs starts a search: a starting call at module level, or in a function the
    project calls by name."""
    called: set | None = None
    for m in index.modules.values():
        for c in m.calls:
            if not _SEARCH_START.search(c.name):
                continue
            inside = [f for f in m.functions if f[2] == c.cell and f[1] <= c.line <= f[3]]
            if not inside:
                return True
            if called is None:  # every name the project calls, read once
                called = {x.name.rsplit(".", 1)[-1] for mm in index.modules.values() for x in mm.calls}
            # the innermost function holding the start, called anywhere (not only from itself)
            func = max(inside, key=lambda f: f[1])
            if func[0] in called:
                return True
    return False


def _ddp_without_processes(detections: list, index: SourceIndex) -> list:
    """A model wrapped in DistributedDataParallel where nothing starts the processes or joins a process
    group (no init_process_group, no spawn or torchrun launch, no library that does it): DDP refuses to
    run without one, so the wrap is a branch no run takes (`if self.world_size > 1:` never true)."""
    out = []
    for d in detections:
        if (
            d.tool == "ddp"
            and d.present
            and d.evidence
            and all("DistributedDataParallel" in e.detail for e in d.evidence)
            and not _starts_processes(index)
        ):
            d = Detection(d.tool, d.category, MENTIONED, d.scope, d.evidence, d.label)
        out.append(d)
    return out


_LIBRARY_RUNNERS = frozenset({"Trainer", "Fabric", "Accelerator", "initialize", "init"})
_PROCESS_START = re.compile(
    r"(init_process_group|init_distributed\w*|init_dist|start_processes|"
    # a library's distributed module joining the group (dora.distrib.init(), from the launcher's environment)
    r"^(?!torch\.)\w+\.distrib(uted)?\.init|"
    # torch.multiprocessing.spawn / mp.spawn, detectron2's launch; not gradio's demo.launch()
    r"(^|\.)(mp|multiprocessing)\.spawn|detectron2\.engine(\.defaults)?\.launch|\.distributed\.launch)$"
)
_PROCESS_LAUNCH_LINE = re.compile(r"\btorchrun\b|torch\.distributed\.(launch|run)\b|\bmpirun\b|\bsrun\b")


def _starts_processes(index: SourceIndex) -> bool:
    """Some module starts worker processes or joins a process group, hands training to a library that
    does (a Lightning Trainer, an Accelerator, deepspeed.initialize), or a command launches the training
    with torchrun / torch.distributed.launch. A LightningModule base class or a tokenizer imported from
    transformers starts nothing."""
    for m in index.modules.values():
        for c in m.calls:
            if _PROCESS_START.search(c.name) or (
                c.name.split(".", 1)[0] in _DISTRIBUTED_LIBS and c.name.rsplit(".", 1)[-1] in _LIBRARY_RUNNERS
            ):
                return True
    return any(_PROCESS_LAUNCH_LINE.search(cmd) for _, _, _, cmd in index.shell) or any(
        _PROCESS_LAUNCH_LINE.search(text) for text in index.texts.values()
    )


# Files by which a folder is a whole project of its own: its install guide, changelog, getting-started
# ... or its own conda environment (Stable Diffusion's environment.yaml, copied beside its main.py)
_PROJECT_DOCS = re.compile(
    r"^(changelog|install|getting_started|contributing|model_zoo|environment[\w-]*\.ya?ml$)", re.I
)


def copied_project_roots(inventory: Inventory) -> list[str]:
    """Folders holding another project copied whole into this one: its own licence, README and install
    guide or changelog (BoT-SORT's fast_reid/, a copy of FastReID). Read once per inventory."""
    cached = getattr(inventory, "_et_copied_roots", None)
    if cached is None:
        cached = inventory._et_copied_roots = _copied_project_roots(inventory)
    return cached


def in_copied_project(inventory: Inventory, path: str) -> bool:
    """The file sits in another project copied whole into this one (copied_project_roots)."""
    return any(path.startswith(d + "/") for d in copied_project_roots(inventory))


def _copied_project_roots(inventory: Inventory) -> list[str]:
    kinds: dict[str, set] = {}
    for f in inventory.files:
        if "/" not in f.path:
            continue
        folder, name = f.path.rsplit("/", 1)
        low = name.lower()
        if low.startswith(("license", "licence", "copying")):
            kinds.setdefault(folder, set()).add("licence")
        elif low.startswith("readme"):
            kinds.setdefault(folder, set()).add("readme")
        elif _PROJECT_DOCS.match(low):
            kinds.setdefault(folder, set()).add("docs")
    return sorted(d for d, k in kinds.items() if len(k) == 3)


def _copied_project_sides(inventory: Inventory, index: SourceIndex, launched: set[str]) -> set[str]:
    """Modules of a copied project (copied_project_roots) that nothing the project runs reaches: the
    upstream's own side projects (fast_reid/projects/FastTune), not this project's code."""
    roots = copied_project_roots(inventory)
    if not roots:
        return set()
    imports = project_imports(index)

    def under(p: str) -> bool:
        return any(p.startswith(d + "/") for d in roots)

    starts = [p for p in index.modules if p in launched or not under(p)]
    reached = import_closure(imports, starts)
    return {p for p in index.modules if under(p) and p not in reached}


def _copied_library_options(
    detections: list, index: SourceIndex, side: set[str] = frozenset(), run: set[str] = frozenset()
) -> list:
    """A library module copied into the project brings the library's optional integrations with it
    (the Trainer's Optuna/Ray search, its DDP/FSDP wrapping): found only there, they are options of the
    copy, not tools the project uses; so are those of a copied project's side code (``side``), its
    trackers too (Stable Diffusion's main.py and its TestTube logger beside instruct-pix2pix's own)."""
    # a library's training script adapted as the project's own (timm's train.py as main.py, its header
    # kept) is what the project's documented commands run (``run``): its DDP is the project's, not an
    # option of a copy; a reference trainer nothing documented runs stays the copy's
    copied = {p for p in copied_library_modules(index) if not _is_launched(p, run)} | side
    if not copied:
        return detections
    out = []
    for d in detections:
        if (
            (d.category in ("hpo", "distributed") or (d.category == "tracking" and side))
            and d.present
            and d.evidence
            and all(e.path in (copied if d.category != "tracking" else side) for e in d.evidence)
        ):
            d = Detection(d.tool, d.category, MENTIONED, d.scope, d.evidence, d.label)
        out.append(d)
    return out


def _relayed_training(mod, index, imports, trainers, trainer_functions, called) -> list[str]:
    """Trainer modules whose training method a project function the script calls runs on an object it
    is handed: examples.py calls run_steps(agent), misc.py's run_steps calls agent.step(), and step()
    of an agent module takes the gradient steps."""
    closure = import_closure(imports, [mod.path])
    reached = sorted(_through_packages(imports, mod.path) & trainers)
    if len(closure) > 400 or not reached:
        return []
    methods: dict[str, str] = {}
    for p in reached:
        if p not in trainer_functions:
            trainer_functions[p] = _training_functions(index.modules[p])
        for name in trainer_functions[p]:
            if not name.startswith("_"):
                methods.setdefault(name, p)
    if not methods:
        return []
    for p in sorted(closure):
        m = index.modules.get(p)
        if m is None or p in trainers:
            continue
        # one pass over the calls: a method of another object (agent.step()), not a module function of
        # the same name, inside a function the script calls
        spans = [(line, end, cell) for name, line, cell, end in m.functions if name in called]
        if not spans:
            continue
        for c in m.calls:
            parts = c.name.split(".")
            if len(parts) == 2 and parts[1] in methods:
                if any(cell == c.cell and line <= c.line <= end for line, end, cell in spans):
                    return [methods[parts[1]]]
    return []


def _object_training_functions(mod, index: SourceIndex, imports: dict, trainers: set[str]) -> dict[str, str]:
    """{function of the module: trainer module} for the functions that call `.train()`/`.fit()` on an
    object of a project class whose module (or what it imports) updates a model."""
    if mod is None:
        return {}
    modules = project_modules(index)
    out: dict[str, str] = {}
    for c in mod.calls:
        reached = _trained_by_object(c.name, modules, imports, trainers) or _trained_by_function(
            c.name, modules, index
        )
        for name, line, cell, end in mod.functions if reached else ():
            if cell == c.cell and line <= c.line <= end:
                out.setdefault(name, reached)
    return out


def _named_training_function(mod, index: SourceIndex, trainer_functions: dict) -> list[str]:
    """[module] when a call of the script is handed the dotted path of a project function that trains
    (`run_func_name='training.training_loop.training_loop'`), else []."""
    modules = project_modules(index)
    for c in mod.calls:
        for v in (*c.args, *(x for _, x in c.kwargs)):
            if not (isinstance(v, str) and re.fullmatch(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)+", v)):
                continue
            path = modules.get(v.rsplit(".", 1)[0])
            if path is None:
                continue
            if path not in trainer_functions:
                trainer_functions[path] = _training_functions(index.modules[path])
            if v.rsplit(".", 1)[1] in trainer_functions[path]:
                return [path]
    return []


def _trained_by_function(name: str, modules: dict, index: SourceIndex) -> str | None:
    """The trainer module whose training function `engine_pretrain.train_one_epoch(...)` calls."""
    owner, _, fn = name.rpartition(".")
    parts = owner.split(".")
    # `from mae_st.engine_pretrain import ...` in a checkout that is the package itself: the name without it
    path = next((modules[d] for i in range(len(parts)) if (d := ".".join(parts[i:])) in modules), None)
    if path is None:
        return None
    memo = index.__dict__.setdefault("_et_training_functions", {})
    if path not in memo:
        memo[path] = _training_functions(index.modules[path])
    return path if fn in memo[path] else None


def _trained_by_object(name: str, modules: dict, imports: dict, trainers: set[str]) -> str | None:
    """The trainer module `pkg.Engine().train` reaches: the class's module, or what it imports."""
    m = _OBJECT_TRAIN.match(name)
    path = modules.get(m.group(1)) if m else None
    reached = sorted(import_closure(imports, [path]) & trainers) if path is not None else []
    return reached[0] if reached else None


def _object_training(mod: ModuleFacts, index: SourceIndex, imports: dict, trainers: set[str]) -> list[str]:
    """The trainer modules reached by `.train()`/`.fit()` on an object of the project's own class: the
    class's module, or what it imports (its base classes' modules), updates a model."""
    modules = project_modules(index)
    # classes of this module that define the training method themselves: nn.Module's .train() sets a mode
    own = {
        name
        for name, start, cell, end in mod.classes
        if any(
            f in ("train", "fit", "learn") and c == cell and start < line <= end
            for f, line, c, _e in mod.functions
        )
    }
    for c in mod.calls:
        m = _OBJECT_TRAIN.match(c.name)
        path = modules.get(m.group(1)) if m else None
        if m is None and (run := _OBJECT_RUN.match(c.name)) is not None:
            # Runner().run(args) where the class's module defines run_train(): a runner dispatching to
            # the training of the agent its config names
            target = modules.get(run.group(1))
            if target is not None and any(_TRAIN_METHOD.match(f[0]) for f in index.modules[target].functions):
                path = target
        local = _LOCAL_OBJECT_TRAIN.match(c.name) if m is None and own else None
        if local is not None and local.group(1) in own:
            # MuZero(game).train() under the module's own main guard: the class is defined here, and
            # what its train() reaches through this module's imports (Ray actors of trainer.py) trains
            path = mod.path
        called = _OBJECT_CALLED.fullmatch(c.name) if path is None else None
        if called is not None:
            # maml = Meta(args, config).to(device); maml(x_spt, y_spt, ...): the object called, its forward()
            # taking the optimiser step (a meta-learner's outer loop)
            target = modules.get(called.group(1))
            if target is not None and {"forward", "__call__"} & _training_functions(index.modules[target]):
                return [target]
        if path is not None:
            reached = sorted(import_closure(imports, [path]) & trainers)
            if reached:
                return reached[:1]
    return []


# `meta.Meta()(...)` / `meta.Meta().to()(...)`: a project class's instance called (recorded with a trailing "()")
_OBJECT_CALLED = re.compile(r"([\w.]+)\.[A-Z]\w*\(\)(?:\.(?:to|cuda|float|double)\(\))?")


# (a seeding call draws nothing: np.random.seed(args.seed) is no random input)
_RANDOM_INPUT = re.compile(
    r"^(torch\.(randn|rand|randint|randn_like|rand_like|zeros|ones)|numpy\.random\.(?!\w*seed$)\w+|"
    r"jax\.random\.(?!\w*seed$)\w+)$"
)
_DATA_SOURCE = re.compile(
    r"(DataLoader|Dataset|ImageFolder|load_dataset|read_csv|read_parquet|read_json|\.load$|\.open$|^open$|"
    r"tfds\.|torchvision\.datasets|keras\.datasets|from_tensor_slices|glob)"
)


def _self_test(m: ModuleFacts, index: SourceIndex) -> bool:
    """A module whose __main__ block trains on random tensors only (``vat(torch.randn(...))``,
    ``loss.backward()``): a smoke test of the module's classes, not a training run of the project. A package
    module is one whenever it does; a script of its own only on the further conditions below."""
    if not m.main_guard or m.path.endswith(".ipynb"):
        return False
    block = [c for c in m.calls if c.cell == m.main_guard_cell and c.line >= m.main_guard]
    # `if __name__ == '__main__': test()`: a block that runs nothing but the module's own test functions
    # has their bodies' random inputs and backward pass (`train(); test()` trains, whatever test() holds)
    bare = {c.name for c in block if "." not in c.name and c.name not in _BUILTIN_CALLS}
    if bare and all(_TEST_FUNCTION.match(n) for n in bare):
        spans = [(line, end, cell) for name, line, cell, end in m.functions if name in bare]
        block += [c for c in m.calls if c.cell == m.main_guard_cell and in_spans(spans, c.line, c.cell)]
    if not any(_RANDOM_INPUT.match(c.name) for c in block) or any(_DATA_SOURCE.search(c.name) for c in block):
        return False
    if "/" in m.path and m.path.rsplit("/", 1)[0] + "/__init__.py" in index.modules:
        return True
    # A script of its own (rexnetv1.py: `model(torch.randn(2, 3, 224, 224)).sum().backward()`) is a
    # self-test only when it runs a backward pass that nothing in it could apply (no optimizer built or
    # stepped anywhere in the module), saves nothing, takes no options, and is not named for training
    # (train.py drawing noise trains; a sinusoid regression updating its tensors by hand saves them).
    stem = m.path.rsplit("/", 1)[-1].removesuffix(".py")
    return (
        any(c.name.endswith(".backward") for c in block)
        and not updates_weights(m, by_hand=True)
        and not any(_SAVES_OR_TAKES_OPTIONS.search(c.name) for c in m.calls)
        and not _TRAINING_WORD.search(stem)
    )


def updates_weights(m: ModuleFacts, by_hand: bool = False) -> bool:
    """Anything in the module could apply gradients: an optimizer built or stepped (`opt.step()`,
    `optimizer.first_step()`, `opt.update(...)`); ``by_hand``: also weights changed under `torch.no_grad()`
    or through `.grad` (in a module that runs a backward pass itself; inference uses no_grad too).
    Without one, its `backward()` only computes gradients (a loss balancer's, a smoke test's)."""
    for c in m.calls:
        last = c.name.rsplit(".", 1)[-1]
        if (
            c.name.startswith(_OPTIMIZER_BUILDERS)
            or last in _UPDATE_STEPS
            or last.endswith("_step")
            or _OPTIMIZER_UPDATE.search(c.name)
            or (by_hand and (c.name.endswith("no_grad") or ".grad." in c.name))
        ):
            return True
    return False


# The module's own test functions a `__main__` block runs: test(), _test_balancer(), check_shapes(), smoke()
_TEST_FUNCTION = re.compile(r"^_*(test|check|smoke|sanity)\w*$", re.I)
_BUILTIN_CALLS = frozenset(
    {"print", "len", "range", "str", "int", "float", "list", "dict", "tuple", "zip", "enumerate"}
)
# The calls that apply gradients: an optimizer's step (`opt.step()`, `scaler.step(opt)`), TF/optax updates
_UPDATE_STEPS = frozenset({"step", "minimize", "apply_gradients", "apply_updates", "fit", "learn"})
# an optimizer's own update (optax's `opt.update(grads, state)`), not a dict's
_OPTIMIZER_UPDATE = re.compile(r"(^|\.)(opt\w*|\w*optimizer|updater|tx)\.update$", re.I)
# A program's marks: it writes a model or results, or parses options (a smoke test does neither)
_SAVES_OR_TAKES_OPTIONS = re.compile(
    r"(^|\.)(save|save_checkpoint|save_weights|save_pretrained|savez|dump|parse_args|parse_known_args)$"
)


def _main_runs_own_training(m: ModuleFacts) -> bool:
    """The module's __main__ block starts a training function the module defines (`tf.app.run()` or
    `app.run(main)` calling `main`, or `main()` itself): a training script that other scripts also import
    (run_classifier.py imported by run_classifier_with_tfhub.py), unlike a library's demo whose training
    sits in the guard block itself."""
    if not m.main_guard:
        return False
    own = _training_functions(m) | {
        name
        for name, line, cell, end in m.functions
        if any(c.cell == cell and line <= c.line <= end and estimator_run(c) == "train" for c in m.calls)
    }
    if not own:
        return False
    for c in m.calls:
        if c.cell != m.main_guard_cell or c.line < m.main_guard:
            continue
        last = c.name.rsplit(".", 1)[-1]
        if last in own:
            return True
        if (
            last == "run"
            and c.name.startswith(("tensorflow.", "absl.app"))
            and ("main" in own or any(getattr(a, "text", "") in own for a in c.args))
        ):
            return True
    return False


def _program_functions(m: ModuleFacts) -> set[str]:
    """The functions that start a training entry point's program: the one its ``__main__`` block
    calls, or, for a module without one (a CLI module its subcommands declare), any of them; a script
    whose program is its top-level code is started by running it, not by calling its helpers."""
    if m.main_guard:
        return _main_called(m)
    return set() if m.script_line else {f[0] for f in m.functions}


def _main_called(m: ModuleFacts) -> set[str]:
    """The one function of the module its ``__main__`` block hands the program to (``main()``,
    ``cli()``); none when the block does the work itself, calling helpers (build_model, train_loop)."""
    own = {f[0] for f in m.functions}
    called = {
        last
        for c in m.calls
        if c.cell == m.main_guard_cell
        and c.line >= m.main_guard
        and (last := c.name.rsplit(".", 1)[-1]) in own
    }
    return called if len(called) == 1 else set()


def _with_callers(out: set[str], callers: dict[str, set[str]]) -> set[str]:
    """``out`` with every function that calls one of them, through the module's own calls."""
    todo = list(out)
    while todo:
        for caller in callers.get(todo.pop(), ()):
            if caller not in out:
                out.add(caller)
                todo.append(caller)
    return out


def _functions_calling(m: ModuleFacts, names: set[str], modules: tuple[str, ...]) -> set[str]:
    """The module's own functions that call one of ``names`` of the project modules ``modules`` (dotted:
    `ppo_agent.PpoAgent().step`, not `stats.update`), directly or through other functions of the module."""
    import bisect

    own = {f[0] for f in m.functions}
    spans = sorted((cell, line, end, name) for name, line, cell, end in m.functions)
    keys = [(cell, line) for cell, line, _e, _n in spans]

    def innermost(c) -> str | None:
        i = bisect.bisect_right(keys, (c.cell, c.line)) - 1
        while i >= 0 and spans[i][0] == c.cell:
            if spans[i][2] >= c.line:
                return spans[i][3]
            i -= 1
        return None

    prefixes = tuple(d + "." for d in modules)
    callers: dict[str, set[str]] = {}
    out: set[str] = set()
    for c in m.calls:
        last = c.name.rsplit(".", 1)[-1]
        step = last in names and c.name.startswith(prefixes)
        if not step and last not in own:
            continue
        fn = innermost(c)
        if fn is None:
            continue
        if step:
            out.add(fn)
        if last in own:
            callers.setdefault(last, set()).add(fn)
    return _with_callers(out, callers)


# Calls returning the function they are handed, compiled or bound: jax.jit(step), tf.function(step),
# torch.compile(step), functools.partial(step, model)
_STEP_WRAPPERS = frozenset({"jit", "pmap", "pjit", "function", "compile", "partial"})


def _training_functions(m: ModuleFacts) -> set[str]:
    """Names of a module's functions whose body makes a training call, or calls such a function of
    the same module (run_loop -> run_step -> forward_backward -> loss.backward())."""
    own = {f[0] for f in m.functions}
    callers: dict[str, set[str]] = {}  # a function of this module -> the functions calling it
    out = set()
    # TF1: the update op a graph builds (self.pretrain_updates = opt.apply_gradients(...)) trains when a
    # session runs it (sess.run([self.pretrain_updates, ...]) in pretrain_step).
    updates = {
        a.target
        for a in m.assigns
        if isinstance(a.value, Dyn) and re.search(r"\.(apply_gradients|minimize)\(", a.value.text + "(")
    }
    # the update op run by name somewhere (`sess.run(self._train)`): a computed fetch list elsewhere is
    # some other step (an act() running `[self.action] + self.extras`)
    named_update = bool(updates) and any(
        c.name.endswith(".run") and c.args and any(u in str(c.args[0]) for u in updates) for c in m.calls
    )
    # Theano: self.train_fn = theano.function(inputs, loss, updates=sgd(loss, params)) compiles the training
    # step, and each call of self.train_fn(x, y) takes one
    compiled = {(c.line, c.cell) for c in m.calls if compiles_training_step(c, m)}
    steps = {a.target for a in m.assigns if (a.line, a.cell) in compiled} if compiled else set()
    # self._sgd_step = jax.jit(sgd_step), then self._sgd_step(...) in update(): a call of the module's own
    # function under the attribute that holds it (compiled or not)
    wrapped = {
        (c.line, c.cell): c.args[0].text
        for c in m.calls
        if c.name.rsplit(".", 1)[-1] in _STEP_WRAPPERS and c.args and isinstance(c.args[0], Dyn)
    }
    # ... per class: an Evaluator's self._step is not the Learner's
    classes = [(a, b, cell, name) for name, a, cell, b in m.classes]

    def owner(line: int, cell: int) -> str:
        spans = [(a, name) for a, b, c, name in classes if c == cell and a <= line <= b]
        return max(spans)[1] if spans else ""

    held = {}
    for a in m.assigns:
        if isinstance(a.value, Dyn) and a.target.startswith("self."):
            fn = wrapped.get((a.line, a.cell), a.value.text)
            attr = a.target.rsplit(".", 1)[-1]
            if fn in own and attr not in own:
                held[(owner(a.line, a.cell), attr)] = fn
    for c in m.calls:
        last = c.name.rsplit(".", 1)[-1]
        if held and c.name.startswith("self."):
            last = held.get((owner(c.line, c.cell), last), last)
        trains = (
            (TRAIN_CALL.search(c.name) and not PREPROCESSING_FIT.search(c.name))
            or (last == "run" and _runs_train_op(c))
            # tpu_estimator.train(input_fn, max_steps): a TF Estimator's own training loop
            or (last == "train" and estimator_run(c) == "train")
            or (bool(compiled) and ((c.line, c.cell) in compiled or c.name in steps))
            or _hands_loss_to_optimizer(c)
        )
        if not trains and updates and last == "run" and c.args:
            text = str(c.args[0])
            # ... or fetches computed in place (`sess.run(self._losses + [self._train], feed_dict=fd)`), whose
            # parts the index keeps no text of: in a module that builds an update op, the update step
            trains = any(u in text for u in updates) or (text == "<BinOp>" and not named_update)
        if not trains and last not in own:
            continue
        enclosing = {
            name for name, line, cell, end in m.functions if cell == c.cell and line <= c.line <= end
        }
        if trains:
            out |= enclosing
        else:
            callers.setdefault(last, set()).update(enclosing)
    return _with_callers(out, callers)


# (not an option's value: `naming.build(args.loss, args.optimizer)` names a run)
_OPTION_NS = r"(?!(?:args|cfg|config|opts?|hparams|params|flags|FLAGS)\.)"
# (an optimizer's or a loss's name, type or settings is a label: draw_curve(val_loss, optimizer_name, ax))
_NOT_AN_OBJECT = (
    r"(?<!_name)(?<!_names)(?<!_type)(?<!_cls)(?<!_class)(?<!_str)(?<!_kwargs)(?<!_args)(?<!_cfg)(?<!_config)"
)
_LOSS_NAME = re.compile(_OPTION_NS + r"(?:\w+\.)*\w*loss\w*" + _NOT_AN_OBJECT)
_OPTIMIZER_NAME = re.compile(_OPTION_NS + r"(?:\w+\.)*\w*optim\w*" + _NOT_AN_OBJECT)
_NOT_A_STEP = re.compile(r"(^|\.)(print|format|info|debug|warning|log|append|write)$")


def _hands_loss_to_optimizer(c) -> bool:
    """`loss_scaler(loss, optimizer, parameters=model.parameters())` (MAE/DeiT's NativeScaler), a callable
    handed the loss and the optimizer: it back-propagates the one and steps the other."""
    if len(c.args) < 2 or _NOT_A_STEP.search(c.name):
        return False
    texts = [getattr(a, "text", None) for a in c.args[:3]]
    # (the loss as the index resolved it may be what it was last divided by: `loss /= accum_iter`; the
    # model's parameters handed beside the optimizer say the same)
    return any(isinstance(t, str) and _OPTIMIZER_NAME.fullmatch(t) for t in texts[1:]) and (
        (isinstance(texts[0], str) and _LOSS_NAME.fullmatch(texts[0]) is not None) or c.has_kw("parameters")
    )


def import_closure(imports: dict, starts, follow=None) -> set[str]:
    """The project modules ``starts`` import, transitively (with them); ``follow`` says which reached
    modules are followed further (all of them when None)."""
    out = set(starts)
    todo = list(out)
    while todo:
        for hit in imports.get(todo.pop(), ()):
            if hit not in out:
                out.add(hit)
                if follow is None or follow(hit):
                    todo.append(hit)
    return out


def _through_packages(imports: dict, path: str) -> set[str]:
    """What a module imports, seeing through package ``__init__`` files: ``from pkg.trainers import
    Seq2SeqTrainer`` reaches the module that ``pkg/trainers/__init__.py`` re-exports it from."""
    return import_closure(imports, [path], follow=lambda p: p.endswith("__init__.py")) - {path}


def _declared_entry_points(index: SourceIndex, imports: dict, trains: set[str]) -> list[Evidence]:
    """Training launched through a declaration: a CLI subcommand whose handler runs the training
    code (``python -m pkg train``), a Kedro pipeline registry whose pipelines train (``kedro run``)."""
    from .launchers import cli_training_commands, kedro_registries

    found = cli_training_commands(index, trains, TRAIN_CALL) + kedro_registries(index, imports, trains)
    return [e for e in found if scope_of(e.path) == CORE]


def _project_file_launches(tax: Taxonomy, index: SourceIndex, trainers: set[str]) -> None:
    """Scripts and notebooks a project file launches (an MLproject entry point run by `mlflow run`)
    are run by that tool, not by hand: say so on their entry point, and add the ones not yet listed."""
    from .launchers import project_file_launches

    launches = project_file_launches(index)
    if not launches:
        return
    for group in (tax.training_entry_points, tax.entry_points):
        for i, e in enumerate(group):
            by = launches.pop(e.path, None)
            if by is not None:
                detail = f"{e.detail}, run by MLflow Projects ({by.where()} entry point)"
                group[i] = Evidence(e.path, e.line, detail[:160], e.cell)
    for path, by in sorted(launches.items()):
        (tax.training_entry_points if path in trainers else tax.entry_points).append(by)


_PY_COMMAND = re.compile(r"\bpython[\d.]*\s+(?:-\w+\s+)*([\w./-]+\.py)\b")


# What a README says of a folder it links that is kept only for the record
_LEGACY_WORDS = re.compile(
    r"\b(no longer (?:being )?(?:maintained|supported|updated)|unmaintained|deprecated|legacy|obsolete|"
    r"outdated|archived|for reference only|kept for reference)\b",
    re.I,
)
_FOLDER_LINK = re.compile(r"\]\(\.?/?([\w.-]+(?:/[\w.-]+)*)/?\)")


def legacy_folders(index: SourceIndex) -> frozenset[str]:
    """Folders the root README links in a paragraph that calls them unmaintained, deprecated or legacy
    ("The [original version](CoRL) of the code used for the paper is also included for reference, but is
    no longer being maintained"): their scripts are not the project's main path. Read once per index."""
    from ..index.build import per_index

    return per_index(index, "_et_legacy_folders", _legacy_folders)


def _legacy_folders(index: SourceIndex) -> frozenset[str]:
    folders = {p.rsplit("/", 1)[0] for p in index.modules if "/" in p}
    out = set()
    for path, text in index.texts.items():
        if not _root_readme(path) or not _LEGACY_WORDS.search(text):
            continue
        # the sentence that links the folder says it ("deprecated" about a flag elsewhere in the paragraph
        # says nothing of the folders it links)
        for sentence in re.split(r"(?<=[.!?])\s+|\n\s*\n", text):
            if _LEGACY_WORDS.search(sentence):
                out.update(f for f in _FOLDER_LINK.findall(sentence) if f in folders)
    return frozenset(out)


def _root_readme(path: str) -> bool:
    return "/" not in path and path.lower().startswith("readme")


# A README that says plainly the repository is a course's code or a book's (rules.facts.teaching_material)
COURSE = re.compile(
    r"\b(?:code|examples?|material|exercises|notebooks|assignments|solutions)\s+(?:\w+\s+){0,3}for\s+"
    r"(?:the|this|a|my|our)\s+(?:[\w-]+\s+){0,3}?(?:course|class|book|lectures?)\b|"
    r"\bthis (?:course|book|class)\b|\b(?:syllabus|lecture notes|class notes|homework|textbook)\b|"
    # "This is a step-by-step tutorial from DQN to Rainbow": the repository says it is one
    r"\b(?:this|it) is an? (?:[\w-]+\s+){0,3}?tutorial\b|"
    # "Code for The Annotated Transformer blog post": a walkthrough written for readers
    r"\bcode (?:for|accompanying|of) (?:the|this|a|my|our)\s+(?:(?-i:[A-Z])[\w-]*\s+){0,4}?blog[\s-]*post\b",
    re.I,
)


def _course_readme(index: SourceIndex) -> bool:
    """The root README's head calls the repository a course's or a book's code."""
    return any(
        _root_readme(path) and COURSE.search("\n".join(text.splitlines()[:12]))
        for path, text in index.texts.items()
        if "/" not in path
    )


def launched_scripts(index: SourceIndex) -> set[str]:
    """The Python files the project's own commands run (see _launched_scripts), read once per index:
    detection and the run records both ask."""
    from ..index.build import per_index

    return per_index(index, "_et_launched_scripts", _launched_scripts)


def readme_launched_scripts(index: SourceIndex) -> set[str]:
    """The Python files the root README's commands run, read once per index: the main entry point's
    sort and the scorecard's typical run both ask."""
    from ..index.build import per_index

    return per_index(index, "_et_readme_launched_scripts", lambda i: _launched_scripts(i, only=_root_readme))


def _launched_scripts(index: SourceIndex, only=None) -> set[str]:
    """Python files the project's own commands run: `python -u run_longExp.py ...` in a shell script,
    a Makefile or the README; by path as written (may be relative to the script's directory).
    ``only``: read only the files whose path it accepts (the root README), and no notebook shell cells."""
    out: set[str] = set()
    for path, text in index.texts.items():
        if only is not None and not only(path):
            continue
        low = path.lower()
        if (
            is_shell_script(low)
            or low.endswith((".md", ".rst", ".txt"))
            or low.rsplit("/", 1)[-1] in ("makefile", "gnumakefile")
        ):
            out.update(_commands_run(text))
    for _path, _cell, _line, cmd in index.shell if only is None else ():
        out.update(_commands_run(cmd))
    commands = _console_commands(index)
    if commands:
        # `litgpt finetune ...`, `allennlp train config.jsonnet`, `t2t-trainer --problem=...`: the package's
        # own command, run at the start of a line of the README or a script, runs its module
        # ... a training command: its name says so (t2t-trainer) or its subcommand does (`litgpt finetune`,
        # `allennlp train`); `pyod install skill` runs no training
        said = re.compile(
            r"(?m)(?:^[ \t]*(?:\$[ \t]*)?|&&[ \t]*|`)("
            + "|".join(map(re.escape, commands))
            + r")(?=[ \t\\`]|$)([ \t]+[\w-]+)?"
        )
        texts = [
            t
            for p, t in index.texts.items()
            if p.lower().endswith((".md", ".rst", ".txt", ".sh")) and (only is None or only(p))
        ]
        texts += [cmd for _p, _c, _l, cmd in index.shell if only is None]
        for text in texts:
            for m in said.finditer(text):
                if _TRAINING_COMMAND.search(m.group(1)) or _TRAINING_COMMAND.search(
                    (m.group(2) or "").strip()
                ):
                    out.update(commands[m.group(1)])
    return out


_TRAINING_COMMAND = re.compile(
    r"(^|[_\-.])(train\w*|fit|fine[_-]?tun\w*|finetune\w*|pretrain\w*)([_\-.]|$)", re.I
)


def _console_commands(index: SourceIndex) -> dict[str, set[str]]:
    """The commands the package installs and the modules they run: ``console_scripts`` and
    ``[project.scripts]`` (``litgpt = "litgpt.__main__:main"``), and ``scripts=[...]`` files of setup.py
    (``tensor2tensor/bin/t2t-trainer``, which runs the module it imports from the project). Read once per
    index: every pass that ranks entry points asks."""
    cached = getattr(index, "_et_console", None)
    if cached is not None:
        return cached
    out: dict[str, set[str]] = {}

    def module_file(dotted: str) -> str | None:
        base = dotted.split(":", 1)[0].strip().replace(".", "/")
        for cand in (base + ".py", base + "/__main__.py", base + "/__init__.py", "src/" + base + ".py"):
            if cand in index.modules:
                return cand
        return None

    def add(name: str, target: str | None) -> None:
        if target and re.fullmatch(r"[A-Za-z][\w.-]*", name):
            out.setdefault(name, set()).add(target)

    for path in ("pyproject.toml", "setup.cfg"):
        doc = index.configs.get(path)
        for key, value, _line in doc.entries if doc is not None and not doc.error else ():
            if key.startswith(("project.scripts.", "tool.poetry.scripts.")) and isinstance(value, str):
                add(key.rsplit(".", 1)[-1], module_file(value))
    m = index.modules.get("setup.py")
    for c in m.calls if m is not None else ():
        if not c.name.endswith("setup"):
            continue
        entry = c.kw("entry_points")
        specs = entry.get("console_scripts", []) if isinstance(entry, dict) else []
        for spec in specs if isinstance(specs, list) else ():
            if isinstance(spec, str) and "=" in spec:
                name, _, target = spec.partition("=")
                add(name.strip(), module_file(target))
        scripts = c.kw("scripts")
        for script in scripts if isinstance(scripts, list) else ():
            if not isinstance(script, str):
                continue
            text = index.texts.get(script, "")
            for imp in re.finditer(r"(?m)^from\s+([\w.]+)\s+import\s+(\w+)", text):
                add(script.rsplit("/", 1)[-1], module_file(f"{imp.group(1)}.{imp.group(2)}"))
            # a script file the index does not hold (no .py suffix): the module beside it of its name
            beside = re.sub(r"[-.]", "_", script)
            add(script.rsplit("/", 1)[-1], beside + ".py" if beside + ".py" in index.modules else None)
    index._et_console = out
    return out


_PY_MODULE_COMMAND = re.compile(r"\bpython[\d.]*\s+(?:-\w+\s+)*-m\s+([A-Za-z_][\w.]*)")
# A distributed launcher and the script or module it starts, on the same command (lines continued with a
# backslash): `torchrun --nproc_per_node 1 torchrun_main.py`, `python -m torch.distributed.launch
# --nproc_per_node=8 train.py`, `accelerate launch -m pkg.train`, `deepspeed train.py`, `deepspeed --module pkg.train`
_LAUNCHED_BY = re.compile(
    r"\b(?:torchrun|accelerate\s+launch|deepspeed|horovodrun|torch\.distributed\.(?:launch|run))\b"
    r"(?:[^\n|;&]|\\\n)*?\s(?:([\w./-]+\.py)\b|(?:-m|--module)[\s=]+([A-Za-z_][\w.]*))"
)


def _commands_run(text: str) -> set[str]:
    """The Python files the commands in ``text`` run, by path as written."""
    out = {m.group(1).lstrip("./") for m in _PY_COMMAND.finditer(text)}
    # python -m nmt.nmt --src=vi: the module nmt/nmt.py
    out.update(m.group(1).replace(".", "/") + ".py" for m in _PY_MODULE_COMMAND.finditer(text))
    for m in _LAUNCHED_BY.finditer(text):
        out.add(m.group(1).lstrip("./") if m.group(1) else m.group(2).replace(".", "/") + ".py")
    return out


def _is_launched(path: str, launched: set[str]) -> bool:
    return any(path == s or path.endswith("/" + s) for s in launched)


def _main_first(entries: list, launched: set[str], index: SourceIndex, trainers: set[str]):
    """Sort key of training entry points, the main one first. A script the project's commands run comes
    first, also when the README names it at an old place (`python mava/systems/ff_ippo.py` after the file
    moved to mava/systems/ppo/anakin/): a launched path that no file has is matched by its file name. A
    variant (ff_ippo_store_experience.py beside ff_ippo.py, in any folder) comes after its base script."""
    suffixes = {
        "/".join(parts[i:]) for p in index.modules for parts in [p.split("/")] for i in range(len(parts))
    }
    stale = {s.rsplit("/", 1)[-1] for s in launched if s.endswith((".py", ".ipynb")) and s not in suffixes}
    stems = {e.path.rsplit("/", 1)[-1].rsplit(".", 1)[0].lower() for e in entries}
    # the root README's commands name the main path before a sub-project's page does (t2t-trainer before
    # rl/README's trainer_model_free)
    front = readme_launched_scripts(index) if launched else set()
    legacy = legacy_folders(index)

    def first_key(e: Evidence) -> tuple:
        name = e.path.rsplit("/", 1)[-1]
        stem = name.rsplit(".", 1)[0].lower()
        run = _is_launched(e.path, launched) or name in stale
        cuts = [i for i, ch in enumerate(stem) if ch == "_"]
        variant = any(stem[:i] in stems for i in cuts)
        old = any(e.path.startswith(d + "/") for d in legacy)
        return (old, not run, not _is_launched(e.path, front), variant)

    # A script named for training that reaches no training call (scripts/train_searcher.py building a
    # retrieval index) goes after the scripts that do train (main.py calling Trainer.fit). Only the
    # leading candidates are followed through their imports.
    leading = sorted(entries, key=lambda e: (*first_key(e), *_training_rank(e)))[:_CLOSURE_CANDIDATES]
    imports = project_imports(index)
    idle = {
        e.path
        for e in leading
        if e.path not in trainers and not (import_closure(imports, [e.path]) & trainers)
    }
    if len(idle) == len(leading):
        idle = set()  # nothing trains by its calls (a class named in a config): the names are all there is

    def key(e: Evidence) -> tuple:
        return (*first_key(e), e.path in idle, *_training_rank(e))

    return key


_CLOSURE_CANDIDATES = 12


def _training_rank(e: Evidence) -> tuple:
    name = e.path.rsplit("/", 1)[-1].lower()
    depth = e.path.count("/")
    rank = 0 if name.startswith("train") else 1 if TRAIN_NAME.search(name) else 2
    # train.py before train-horovod.py and train_ddp.py: a variant adds to the base script's name
    return (rank, depth, len(name), e.path)


def _ev(facts: ModuleFacts, line: int, cell: int, detail: str) -> Evidence:
    return Evidence(facts.path, line, detail[:160], cell)


class _Recorder:
    """Stands in for ``_Acc`` while one module is detected: keeps the additions ``_Acc.add`` would
    accept (its per-file cap is per path, and a module's additions come before any other stage's
    for that path), with their scope resolved, so replaying them later gives the same result."""

    def __init__(self) -> None:
        self.adds: list[tuple[str, str, str, Evidence, str]] = []
        self.per_file: dict[tuple[str, str, str], int] = {}

    def add(self, tool: str, category: str, usage: str, ev: Evidence, scope: str | None = None) -> None:
        key = (tool, category, usage)
        n = self.per_file.get(key, 0)
        if n >= _Acc.KEEP_PER_FILE and _evidence_rank(ev):
            return
        self.per_file[key] = n + 1
        self.adds.append((tool, category, usage, ev, scope or scope_of(ev.path)))


def module_hits(facts: ModuleFacts) -> tuple:
    """What detection finds in one module on its own: (additions to the detections, additions to
    the taxonomy by field, whether it trains). A pure function of the module's facts, the option
    defaults the project sets elsewhere and the promoted example folders; computed when the
    module is parsed (``index.build``) and kept with its facts in the content cache, so a
    re-audit only replays it. ``_precomputed_holds`` says when the project-wide inputs differ."""
    rec, tax = _Recorder(), Taxonomy()
    trains = _python(rec, tax, facts)
    taxes = tuple((k, tuple(v)) for k, v in tax.__dict__.items() if v)
    return tuple(rec.adds), taxes, trains


def parse_time_hits(facts: ModuleFacts) -> tuple:
    """``module_hits`` as ``_precomputed_holds`` assumes them: with no example folder promoted,
    whatever an earlier audit in this process (or the pass before a self-healing one) left in
    the context that ``scope_of`` reads."""
    token = _PROJECT_EXAMPLES.set(frozenset())
    named = _SCRIPTS_NAMED_AS_TESTS.set(frozenset())
    try:
        return module_hits(facts)
    finally:
        _PROJECT_EXAMPLES.reset(token)
        _SCRIPTS_NAMED_AS_TESTS.reset(named)


# A tracker reached through another library's wrapper class (mlxu.WandBLogger, a toolkit's
# TensorboardLogger): the class name says which tracker records the run. Detected from the call; a
# wrapper the project defines itself is read from its own code instead (``_replay`` drops these).
_WRAPPER = re.compile(
    r"(?i)^(wandb|mlflow|tensorboard|tensorboardx|comet|cometml|neptune|clearml|aim)_?"
    r"(logger|writer|tracker|callback|hook)$"
)
_WRAPPER_TOOL = {"tensorboardx": "tensorboard", "cometml": "comet"}
WRAPPED = "through the library wrapper"


def wrapped_tracker(name: str) -> str | None:
    if "." not in name:
        return None
    m = _WRAPPER.match(name.rsplit(".", 1)[-1])
    if not m:
        return None
    tool = m.group(1).lower()
    return _WRAPPER_TOOL.get(tool, tool)


def project_roots(index: SourceIndex) -> frozenset[str]:
    """Every folder and module name of the project's own code: a dotted name starting with one of
    them may be the project's own class. Computed once per index (rules ask per call)."""
    from ..index.build import per_index

    return per_index(index, "_et_project_roots", _project_roots)


def _project_roots(index: SourceIndex) -> frozenset[str]:
    names = set()
    for path in index.modules:
        for part in path.split("/"):
            names.add(part.removesuffix(".py"))
    return frozenset(names)


def _replay(
    acc: _Acc, tax: Taxonomy, hits: tuple, own: frozenset[str] = frozenset(), own_module=None
) -> bool:
    adds, taxes, trains = hits
    for tool, category, usage, ev, scope in adds:
        if ev.detail.startswith(WRAPPED) and call_root(ev.detail.rsplit(" ", 1)[-1]) in own:
            continue
        named = _CALLED_OR_IMPORTED.match(ev.detail) if own_module is not None else None
        if named and call_root(named.group(1)) in own and own_module(named.group(1)):
            continue  # from trains.train_factory import ...: the project's trains/ package, not ClearML
        acc.add(tool, category, usage, ev, scope)
    for name, evs in taxes:
        getattr(tax, name).extend(evs)
    return trains


_CALLED_OR_IMPORTED = re.compile(r"^(?:calls|imports) ([A-Za-z_][\w.]*\.[A-Za-z_][\w]*)")


def _own_module_resolver(index: SourceIndex):
    """Whether a dotted name of two or more parts is (inside) one of the project's own modules: the
    module itself, or, when the project puts its folders on sys.path, the one module ending that way."""
    by_dotted = project_modules(index)
    suffixes = sys_path_suffixes(index)  # an ambiguous tail (None) still names the project's modules

    def own_module(name: str) -> bool:
        parts = name.split(".")
        for n in range(len(parts), 1, -1):
            head = ".".join(parts[:n])
            if head in by_dotted or head in suffixes:
                return True
        return False

    return own_module


def _precomputed_holds(m: ModuleFacts, gained: frozenset[str] | None, promoted: frozenset) -> bool:
    """The hits computed at parse time (no promoted example folder, the module's own option
    defaults) hold in this project: its folder is not promoted, and none of the option defaults
    it ``gained`` from other modules (``_settings_always_on``) is named by one of its switches
    (``live_switch`` looks up only the names in a switch's condition)."""
    if promoted and _example_folder(m.path) in promoted:
        return False
    if m.path in _SCRIPTS_NAMED_AS_TESTS.get():
        return False  # computed as a test's hits at parse time
    if gained and m.flag_blocks:
        return not any(w in gained for *_, cond in m.flag_blocks for w in _IDENT.findall(cond))
    return True


# Parallel primitives that are distributed training only in a module that trains (jax.pmap also maps
# sampling and dataset encoding over devices).
TRAINING_PARALLELISM = frozenset({"jax_pmap", "jax_sharding"})
# DeepSpeed's FLOPs profiler, and its inference engine (deepspeed.init_inference: kernels for serving one
# model, mp_size GPUs at most): no distributed training
_PROFILER = re.compile(r"(deepspeed\.profiling\.|\.flops_profiler|^deepspeed\.init_inference$)")


_USER_LOGGER_TEST = re.compile(r"^isinstance\([^,()]+,\s*\(?\s*[\w.]*Logger\b")


def _python(acc: _Acc, tax: Taxonomy, facts: ModuleFacts) -> bool:
    m = _matcher()
    roots = {i.module.split(".", 1)[0] for i in facts.imports}
    base_scope = scope_of(facts.path)
    used_here: set[tuple[str, str]] = set()
    aside_here: set[tuple[str, str]] = set()  # calls set aside as no use (a profiler, an inference engine)

    blocks = facts.flag_blocks
    defaults = option_defaults(facts) if blocks else {}

    def switched_on(i) -> bool:
        # `if len(args.tensorboard_logdir) > 0: from tensorboardX import SummaryWriter` where every command
        # the project documents passes --tensorboard-logdir: imported on the runs people make
        # (a path option the commands pass, not a switch some config file sets: nanoGPT's wandb_log, on in
        # one config of several, keeps W&B optional)
        return bool(blocks) and any(
            c == i.cell
            and a <= i.line <= b
            and not live_switch(facts, cond, defaults)
            and any(defaults.get(w) == "set" for w in _IDENT.findall(cond))
            for a, b, c, cond in blocks
        )

    guarded_roots = {i.module.split(".", 1)[0] for i in facts.imports if i.guarded and not switched_on(i)}
    unguarded_roots = {i.module.split(".", 1)[0] for i in facts.imports if not i.guarded or switched_on(i)}
    # Classes registered under a name (`@TrainerCallback.register("wandb")`, `@HOOKS.register_module()`):
    # plug-ins a configuration picks by that name.
    registered = [
        (line, end, cell) for _name, line, cell, end in facts.classes if registered_plugin(facts, line, cell)
    ]

    # `try: import torch.utils.tensorboard` beside an unguarded `import torch`: the submodule is the
    # optional part (it needs the tensorboard package), whatever else of its root is imported.
    guarded_mods = {i.module for i in facts.imports if i.guarded and "." in i.module}
    guarded_mods -= {i.module for i in facts.imports if not i.guarded}

    # `run = wandb.init(...) if args.use_wandb else None`: the tracker's run exists only when the switch is
    # on, and its later calls (`if run: wandb.log(...)`) with it
    switched_roots = {
        r
        for r, cond in getattr(facts, "mode_switches", ())
        if TRACKER_MODULE.search(r) and live_switch(facts, cond, defaults or None)
    }

    def scope_for(name: str, line: int = 0, cell: int = 0) -> str:
        root = call_root(name)
        if base_scope == CORE and root in guarded_roots and root not in unguarded_roots:
            return OPTIONAL
        if base_scope == CORE and root in switched_roots:
            return OPTIONAL
        if base_scope == CORE and guarded_mods and any(name.startswith(g + ".") for g in guarded_mods):
            return OPTIONAL
        if base_scope == CORE and any(c == cell and a <= line <= b for a, b, c in registered):
            return OPTIONAL  # a plug-in a run uses only when its configuration names it
        # Inside `if args.track:` / `if wandb_log:` the tool runs only when someone switches it on.
        if base_scope == CORE and any(
            c == cell
            and a <= line <= b
            and TRACKING_SWITCH.search(cond)
            and live_switch(facts, cond, defaults)
            for a, b, c, cond in blocks
        ):
            return OPTIONAL
        return base_scope

    trains_here: list[bool] = []  # asked once, only for the tools that need it

    def module_trains() -> bool:
        if not trains_here:
            trains_here.append(any(TRAIN_CALL.search(c.name) for c in facts.calls))
        return trains_here[0]

    # `if isinstance(trainer.logger, WandbLogger): wandb.Histogram(...)`: a branch for a logger the
    # user may hand in. The project uses the tracker only where it builds that logger, which is
    # detected there; the branch itself is no use of it.
    user_logger = [(a, b, c) for a, b, c, cond in blocks if _USER_LOGGER_TEST.search(cond)]

    def hit(name: str, line: int, cell: int, what: str) -> None:
        if call_root(name) not in roots:
            return  # a local name that happens to look like a tool
        if user_logger and any(c == cell and a <= line <= b for a, b, c in user_logger):
            for sig in m.code(name):
                acc.add(
                    sig.tool,
                    sig.category,
                    DECLARED,
                    _ev(facts, line, cell, f"{what} {name} only for a logger the user hands in"),
                )
            return
        matched = False
        for sig in m.code(name):
            if sig.tool in TRAINING_PARALLELISM and not module_trains():
                continue  # pmap over an inference or encoding step: parallel, but no training
            if sig.tool == "data_parallel" and (
                # class DictGatherDataParallel(nn.DataParallel) in a copied library: a wrapper defined, none run
                what.startswith("class ")
                # ... or a model wrapped in a test (FCOS's tests/checkpoint.py): no run's GPUs
                or scope_of(facts.path) == TEST
                # predict.py wrapping the loaded model for a batch of inference: several GPUs, no training
                # (a model module wrapping its encoder trains nothing itself, yet runs in training)
                or (_NOT_TRAINING.search(facts.path.rsplit("/", 1)[-1]) and not module_trains())
            ):
                continue
            if sig.category == "distributed" and (
                _PROFILER.search(name)
                or (
                    "init_process_group" in name
                    and _NOT_TRAINING.search(facts.path.rsplit("/", 1)[-1])
                    and not module_trains()
                )
            ):
                # DeepSpeed's FLOPs profiler in a benchmark, init_process_group in a generation module (llama's
                # model-parallel inference): a profiler or processes, no distributed training
                aside_here.add((sig.tool, sig.category))
                continue
            # class X(SwanLabCallback): a tracker's trainer callback, used when a run's settings hand it
            # to the trainer (report_to, use_swanlab), not by every run
            callback = what.startswith("class ") and sig.category == "tracking" and name.endswith("Callback")
            acc.add(
                sig.tool,
                sig.category,
                USED,
                _ev(facts, line, cell, f"{what} {name}"),
                OPTIONAL if callback and base_scope == CORE else scope_for(name, line, cell),
            )
            used_here.add((sig.tool, sig.category))
            matched = True
        tool = wrapped_tracker(name) if not matched and what == "calls" else None
        if tool:
            acc.add(
                tool,
                "tracking",
                USED,
                _ev(facts, line, cell, f"{WRAPPED} {name}"),
                scope_for(name, line, cell),
            )
            used_here.add((tool, "tracking"))

    is_entry = bool(facts.main_guard)
    trains = False
    first_train = None
    # Training inside a branch a committed constant turns off (`training_mode = False` in the inference
    # copy of a training script), or after a raise, never runs: that copy does not train.
    never = [*getattr(facts, "dead_branches", ()), *getattr(facts, "unreachable", ())]
    learners = {api.library for api in LEARNER_APIS if api.library in roots}
    inputs_only = _optimises_inputs(facts)
    for call in facts.calls:
        name = call.name
        if call.kw("disabled") is True or call.kw("mode") == "disabled":
            # comet_ml.Experiment(disabled=True), wandb.init(mode="disabled"): a stand-in that records nothing
            for sig in m.code(name):
                acc.add(
                    sig.tool, sig.category, MENTIONED, _ev(facts, call.line, call.cell, f"{name}(disabled)")
                )
        else:
            hit(name, call.line, call.cell, "calls")
        if (
            (call_trains(facts, call) or (learners and _learner_trains(name)))
            and not PREPROCESSING_FIT.search(name)
            and not in_spans(never, call.line, call.cell)
            and not (inputs_only and name.endswith(".backward"))
        ):
            trains = True
            if first_train is None or (call.cell, call.line) < (first_train.cell, first_train.line):
                first_train = call
        _special_call(acc, tax, facts, call, roots, scope_for)
    _detectron2_writers(acc, facts, scope_for)
    # class TrainingArguments(transformers.TrainingArguments): report_to: str = field(default="wandb"):
    # every run the project's argument class parses reports to that tracker unless told otherwise
    # ... an arguments class of transformers, accelerate or TRL, not any dataclass with such a field
    hf_module = any(i.module.split(".", 1)[0] in ("transformers", "accelerate", "trl") for i in facts.imports)
    args_classes = {
        cls for cls, base, _l, _c in facts.bases if base.endswith(("Arguments", "Args", "Config"))
    }
    for cls, fld, value, line, cell in facts.class_defaults:
        if (
            fld in ("report_to", "log_with")
            and isinstance(value, str)
            and hf_module
            and (cls in args_classes or not args_classes)
        ):
            for sig in SIGNATURES:
                if sig.report_to and sig.report_to == value.lower():
                    ev = _ev(facts, line, cell, f"{fld} defaults to {value!r}")
                    acc.add(sig.tool, sig.category, USED, ev, scope_for(sig.tool, line, cell))
    for dec in facts.decorators:
        hit(dec.name, dec.line, dec.cell, "decorator @")
        if dec.name.endswith(("hydra.main", ".automain", ".main", "click.command", "typer.Typer().command")):
            is_entry = True
    for cls, base, line, cell in facts.bases:
        hit(base, line, cell, f"class {cls} subclasses")
    # @dataclass class TrainerConf: _target_ = "pytorch_lightning.trainer.Trainer" (Hydra instantiates it)
    # with its default logger: TensorBoard under lightning_logs/
    targets = {
        c: (v, ln, cl) for c, f, v, ln, cl in facts.class_defaults if f == "_target_" and isinstance(v, str)
    }
    loggers = {c: v for c, f, v, _, _ in facts.class_defaults if f == "logger"}
    for cls, (value, line, cell) in targets.items():
        if _PL_TRAINER.fullmatch(value) and loggers.get(cls, True) is True:
            ev = _ev(facts, line, cell, f"{cls}: _target_ {value}, Lightning's default logger (TensorBoard)")
            acc.add("tensorboard", "tracking", USED, ev)
    for a in facts.assigns:
        # wandb.config.lr = ... sets a tracker's field; `self.logger = run` (a handle made elsewhere, None
        # when the tracker is off) sets nothing of the tracker's
        if not a.target.endswith("()"):
            hit(a.target, a.line, a.cell, "sets")
        # trainer_config["distributed_backend"] = "ddp": the Trainer's settings filled before it is built
        key = re.search(r"(?:\[|\.)(distributed_backend|strategy|accelerator)\]?$", a.target)
        if key and isinstance(a.value, str) and "lightning" in " ".join(roots) + " " + a.target.lower():
            _strategy(acc, a.value, _ev(facts, a.line, a.cell, f"sets {key.group(1)} = {a.value!r}"), USED)
    _result_files(acc, facts)
    _mpi_workers(acc, facts)
    for i in facts.imports:
        for sig in m.code(i.module):
            if (sig.tool, sig.category) not in used_here:
                acc.add(
                    sig.tool,
                    sig.category,
                    DECLARED,
                    _ev(
                        facts,
                        i.line,
                        i.cell,
                        f"imports {i.module} ("
                        + (
                            "called for inference or profiling only"
                            if (sig.tool, sig.category) in aside_here
                            else "never called"
                        )
                        + ")",
                    ),
                )
    if any(c.name in ("fire.Fire", "typer.run") or c.name.endswith("typer.Typer") for c in facts.calls):
        is_entry = True
    nb = facts.path.endswith(".ipynb")
    name = facts.path.rsplit("/", 1)[-1]
    # A module with top-level work (nanoGPT's train.py style) is a script even without a main guard.
    script = bool(facts.script_line) and not facts.main_guard and not nb and name != "setup.py"
    # A name counts only when it starts like a training script (train.py, finetune_x.py, main.py);
    # record_training.py or plot_train.py train nothing.
    word = TRAIN_NAME.match(name)
    named = bool(word) and not _TOKENIZER_SCRIPT.search(name)
    if named and word.group(0).lower() == "main" and _MAIN_OF_A_TEST.match(name):
        # main_test_swinir.py, main_eval.py: the entry point of a test or an evaluation, not of training
        named = False
    if named and not trains and word.group(0).lower() == "main" and _only_evaluates(facts):
        # main.py whose work is `cal.test(args.nn, args.out_dataset, ...)`: an evaluation's entry point
        named = False
    if (is_entry or nb or script) and (trains or named) and scope_of(facts.path) == CORE:
        detail = "training notebook" if nb else ("training script" if script else "training entry point")
        line, cell = (
            (facts.main_guard, facts.main_guard_cell)
            if facts.main_guard
            else (facts.script_line, facts.script_line_cell)
        )
        if nb and first_train is not None:
            line, cell = first_train.line, first_train.cell  # the cell that trains, not the first cell
        elif script and trains:
            # the_annotated_transformer.py: a figure drawn at the top, `model = load_trained_model()` far
            # below: the script's training starts at its first top-level call that trains
            at = _first_top_level_training(facts)
            if at is not None:
                line, cell = at
        elif nb and not line:
            line, cell = (facts.calls[0].line, facts.calls[0].cell) if facts.calls else (0, 0)
        tax.training_entry_points.append(Evidence(facts.path, line, detail, cell))
    elif is_entry and not nb and not _tooling_script(facts.path) and scope_of(facts.path) != TEST:
        tax.entry_points.append(Evidence(facts.path, facts.main_guard, "entry point", facts.main_guard_cell))
    if facts.calls:
        # Rows drawn at random from a table in the code that trains (df.sample(frac=1) shuffles before
        # the first rows become the validation set): which rows a run sees is a split. A part of the
        # rows (df.sample(frac=0.95, random_state=200), the rest dropped for evaluation) is a split
        # wherever the data is prepared.
        kept = {(line, cell) for line, cell, _ in facts.call_targets}
        for call in facts.calls:
            drawn = _row_sample(call)
            frac = call.kw("frac")
            # a part kept under a name (df_train = df.sample(frac=0.95)), not a peek at a few rows
            partial = isinstance(frac, float) and 0 < frac < 1 and (call.line, call.cell) in kept
            # a test module's fixture rows (tests/test_data.py: data.sample(frac=0.5)) are no run's split
            if drawn is not None and (trains or partial) and scope_of(facts.path) != TEST:
                if not drawn[0] and _global_seed_before(facts, call):
                    # random_state=None draws from numpy's global RNG, seeded above it
                    drawn = (True, "sample() after numpy's global seed")
                ev = _ev(facts, call.line, call.cell, drawn[1])
                (tax.splits_seeded if drawn[0] else tax.splits_unseeded).append(ev)
    if facts.output_records:
        cell, shown = facts.output_records[0]
        detail = f"saved output shows {shown!r} ({len(facts.output_records)} cell(s) with metric outputs)"
        tax.notebook_records.append(Evidence(facts.path, 1, detail, cell))
    if "ablation" in facts.path.lower():
        tax.ablations.append(Evidence(facts.path, 0, "ablation by name"))
    for name, line, cell, _end in facts.functions:
        if _SWEEP_FUNCTION.match(name) and len(tax.sweep_definitions) < 20:
            grid = next(
                (c for c in facts.calls if _SWEEP_CALL.search(c.name) and line <= c.line <= _end), None
            )
        elif _SWEEP_WORD.search(name) and len(tax.sweep_definitions) < 20:
            # parse_json_sweep(config): itertools.product(*config.values()), every combination of a dict of
            # value lists (EGG's nest expanding a JSON grid into command lines)
            grid = next(
                (
                    c
                    for c in facts.calls
                    if c.name.endswith("product")
                    and line <= c.line <= _end
                    and c.args
                    and getattr(c.args[0], "text", "") == "Starred"
                    # product(*config.values()): the value lists of a dict of settings
                    and any(
                        v.line == c.line and v.cell == c.cell and v.name.endswith(".values")
                        for v in facts.calls
                    )
                ),
                None,
            )
        else:
            grid = None
        if grid is not None:
            tax.sweep_definitions.append(_ev(facts, line, cell, f"{name}() builds a grid ({grid.name})"))
    return trains


RUN_NAMING = {
    "mlflow.start_run": ("run_name",),
    "mlflow.set_experiment": (),
    "mlflow.create_experiment": (),
    "wandb.init": ("name", "project", "group", "job_type"),
    "sacred.Experiment": (),
    "neptune.init_run": ("name",),
    "comet_ml.Experiment": ("project_name",),
    "clearml.Task.init": ("task_name", "project_name"),
    "aim.Run": ("experiment",),
    # Polyaxon's client: the project a new run goes to and the run's name
    "polyaxon.tracking.init": ("name", "project"),
    "polyaxon.tracking.Run": ("name", "project"),
    # an OpenLineage run event names its job (namespace and name are required)
    "openlineage.client.run.Job": ("name",),
    "openlineage.client.event_v2.Job": ("name",),
}
# Logger/callback classes (Lightning, Ray, Keras, transformers) that name runs by keyword.
NAMING_CLASSES = ("Logger", "LoggerCallback", "Callback")
NAMING_KWS = ("experiment_name", "project", "name", "run_name", "project_name", "group")
_TAGGED_TRACKERS = frozenset({"neptune", "clearml", "comet_ml", "aim", "wandb", "mlflow", "swanlab"})
TAGGING = (
    "mlflow.set_tag",
    "mlflow.set_tags",
    "mlflow.set_experiment_tag",
    "wandb.run.tags",
    "mlflow.start_run",
    "wandb.init",
)


FOLDS = ("KFold", "StratifiedKFold", "GroupKFold", "StratifiedGroupKFold", "RepeatedKFold",
          "RepeatedStratifiedKFold", "ShuffleSplit", "StratifiedShuffleSplit", "GroupShuffleSplit")  # fmt: skip


def _split_seeding(call) -> tuple[bool, str] | None:
    """(seeded, detail) for a split other than sklearn's train_test_split: cross-validation folds,
    a Hugging Face `dataset.train_test_split(seed=...)`, torch `random_split(generator=...)`.
    Folds without shuffling are deterministic: as repeatable as a seeded split."""
    name = call.name
    last = name.rsplit(".", 1)[-1]
    if last in FOLDS and name.startswith("sklearn."):
        shuffles = last.startswith(("Shuffle", "Stratified", "Group", "Repeated")) and "Shuffle" in last
        shuffles = shuffles or last.startswith("Repeated") or call.kw("shuffle") not in (None, False)
        if not shuffles:
            return True, f"{last}(no shuffling: deterministic folds)"
        return call.kw("random_state") is not None, f"{last}(random_state={call.kw('random_state')!r})"
    if last == "train_test_split" and name.startswith("ray.data.") and call.kw("shuffle") is not True:
        # Ray Data's Dataset.train_test_split keeps the rows in order unless shuffle=True
        return True, f"{last}(shuffle=False: rows in order)"
    if last == "train_test_split" and not name.startswith("sklearn.") and "." in name:
        return call.has_kw("seed") or call.kw("shuffle") is False, f"{last}(seed={call.kw('seed')!r})"
    if name in ("torch.utils.data.random_split", "torch.utils.data.dataset.random_split"):
        return call.has_kw("generator") or len(call.args) > 2, "random_split(generator=...)"
    return None


# A TF1 training op fetched by name: vae.sess.run([vae.loss, vae.train_op], feed) steps the optimizer that
# the model class built (vae.py holds the minimize(); the script runs it).
_TRAIN_FETCH = re.compile(
    # ... or a model's own: G_train_op, D_train_op (stylegan's tflib.run(G_train_op, feed_dict))
    r"(^|[._])(train_op|train_ops|opt_op|optim_op|update_op|apply_op|train_step_op)$",
    re.I,
)


def _runs_train_op(call) -> bool:
    fetches = call.args[0] if call.args else call.kw("fetches")
    items = fetches if isinstance(fetches, (list, tuple)) else [fetches]
    # ... or the update op as its assignment resolves: G_train_op = G_opt.apply_updates()
    return any(
        _TRAIN_FETCH.search(t) or _UPDATE_OP.search(t)
        for a in items[:16]
        for t in [getattr(a, "text", "") or ""]
    )


_UPDATE_OP = re.compile(r"\.(apply_updates|apply_gradients|minimize)\(\)$")


def _learner_trains(name: str) -> bool:
    """A library's training object trains: ``learn.fit_one_cycle(4)`` on what ``cnn_learner(...)``
    returned, or a training method only that library has, on any receiver (a helper's ``learn``)."""
    if learner_role(name) == "train":
        return True
    last = name.rsplit(".", 1)[-1]
    return "." in name and any(last in api.distinctive_train for api in LEARNER_APIS)


def _index_shuffle_split(call, facts: ModuleFacts) -> tuple[bool, str] | None:
    """(seeded, detail) for a validation split made by shuffling indices (``np.random.shuffle(indices)``)
    and handing the two parts to samplers (``SubsetRandomSampler(train_idx)``), the PyTorch tutorials' way:
    seeded when numpy's (or random's) global seed is set before it."""
    sliced = (call.line, call.cell) in getattr(facts, "shuffle_splits", ())
    if PERMUTES.search(call.name):
        # rand_inds = np.random.default_rng(seed).permutation(n), cut into parts: seeded by its generator's seed
        # (a generator built with an argument), by torch's generator= or, for the global functions, by the
        # global seed above it
        if not sliced:
            return None
        if call.name.startswith("torch."):
            seeded = call.has_kw("generator") or _global_seed_before(facts, call)
        elif "()" in call.name:
            maker = call.name.split("()", 1)[0]
            seeded = any(c.name == maker and (c.args or c.kwargs) for c in facts.calls)
        else:
            seeded = _global_seed_before(facts, call)
        return seeded, "permutation of indices cut into parts" + (", seeded" if seeded else ", unseeded")
    if call.name not in ("numpy.random.shuffle", "random.shuffle"):
        return None
    if not sliced and not any(c.name.endswith(("SubsetRandomSampler", "data.Subset")) for c in facts.calls):
        return None
    seeded = _global_seed_before(facts, call)
    what = "shuffle of a list cut into parts" if sliced else "shuffle of indices for samplers"
    return seeded, f"{call.name.split('.', 1)[0]} {what}" + (
        " after the global seed" if seeded else ", unseeded"
    )


def _row_sample(call) -> tuple[bool, str] | None:
    """(seeded, detail) for rows drawn at random from a table: pandas ``DataFrame.sample(frac=...)``,
    seeded by ``random_state``."""
    if not call.name.endswith(".sample") or not call.has_kw("frac"):
        return None
    frac = call.kw("frac")
    if isinstance(frac, (int, float)) and not isinstance(frac, bool) and 0 < frac < 0.05:
        return None  # sample(frac=0.001): a few rows to look at or plot, not a split
    rs = call.kw("random_state")
    return rs is not None, f"sample(frac={call.kw('frac')!r}, random_state={rs!r})"


def _learner_split(call, roots) -> tuple[bool, str] | None:
    """(seeded, detail) for a library's random train/validation split: fastai's
    ``split_by_rand_pct(0.2, seed=42)``, ``RandomSplitter(seed=...)``, or a data factory given
    ``valid_pct`` (``ImageDataLoaders.from_folder(path, valid_pct=0.2, seed=42)``)."""
    last = call.name.rsplit(".", 1)[-1]
    for api in LEARNER_APIS:
        if api.library not in roots and call_root(call.name) != api.library:
            continue
        for splitter, key in api.splitters:
            if last == splitter:
                # the seed follows the validation share: split_by_rand_pct(0.2, 42)
                seed = call.kw(key, call.args[1] if len(call.args) > 1 else None)
                return seed is not None, f"{last}({key}={seed!r})"
        if last in api.split_factories and call.has_kw("valid_pct"):
            seed = call.kw("seed")
            return seed is not None, f"{last}(valid_pct=..., seed={seed!r})"
    return None


# Calls that seed numpy's global generator (and so sklearn's random_state=None): np.random.seed,
# `from numpy import random; random.seed(42)`, and the libraries' seed-everything helpers.
_GLOBAL_NUMPY_SEED = re.compile(r"(^numpy\.random\.seed$|(^|\.)(set_seed|seed_everything)$)")


def _seeded_before(facts: ModuleFacts, call, pattern: re.Pattern) -> bool:
    """A call matching ``pattern`` (with a seed argument) comes before ``call`` in the module: the first
    one is found once per module and pattern."""
    cache = facts.__dict__.setdefault("_et_first_seed", {})
    first = cache.get(pattern, False)
    if first is False:
        seeds = [c for c in facts.calls if pattern.search(c.name) and c.args]
        first = cache[pattern] = (
            min(((c.cell, c.line) for c in seeds), default=None),
            min(
                ((c.cell, c.line) for c in seeds if facts.innermost_function(c.line, c.cell) is None),
                default=None,
            ),
        )
    if first[0] is not None and first[0] < (call.cell, call.line):
        return True
    # random_split in a LightningDataModule's setup(), defined above the cell that seeds torch at the top
    # level: the split runs when the trainer calls setup(), after the seed, not where it is written; unless
    # the module's top level calls that function before the seed (`make_splits(data)` above the seed)
    fn = facts.innermost_function(call.line, call.cell)
    if first[1] is None or fn is None:
        return False
    return not any(
        c.name.rsplit(".", 1)[-1] == fn[0]
        and (c.cell, c.line) < first[1]
        and facts.innermost_function(c.line, c.cell) is None
        for c in facts.calls
    )


def _global_seed_before(facts: ModuleFacts, call) -> bool:
    return _seeded_before(facts, call, _GLOBAL_NUMPY_SEED) or _in_sacred_run(facts, call)


# A Sacred experiment's main: Sacred seeds random's and numpy's global generators from the run's seed
# before it calls main (and the functions main calls).
_SACRED_MAIN = re.compile(r"^sacred\.(Experiment|Ingredient)\(\)\.(main|automain)$")


def _in_sacred_run(facts: ModuleFacts, call) -> bool:
    """``call`` sits in a function of a module whose Sacred experiment's main is defined there: it runs
    inside the run, after Sacred seeded the global generators; top-level code runs on import, before."""
    fn = facts.innermost_function(call.line, call.cell)
    if fn is None or not any(_SACRED_MAIN.match(d.name) for d in facts.decorators):
        return False
    # a function the module's top level calls by its name runs on import, before any run seeds anything
    # (`ex.run()` starts the run: not a call of a function named run)
    return not any(c.name == fn[0] and facts.innermost_function(c.line, c.cell) is None for c in facts.calls)


# Calls that seed torch's global generator, which random_split draws from without a generator=.
_GLOBAL_TORCH_SEED = re.compile(r"(^torch\.manual_seed$|(^|\.)(set_seed|seed_everything|manual_seed_all)$)")


def _torch_seed_before(facts: ModuleFacts, call) -> bool:
    return _seeded_before(facts, call, _GLOBAL_TORCH_SEED)


_GLOBAL_SPLIT_SEEDS = (
    ("random_split", _torch_seed_before, "random_split after torch.manual_seed (torch's global generator)"),
    ("train_test_split(", _global_seed_before, "train_test_split() after numpy's global seed"),
)


# Splits that draw from a global generator when given no seed of their own, by detection's detail, with
# the calls that seed that generator
_GLOBAL_DRAWS = (
    ("random_split", _GLOBAL_TORCH_SEED),
    ("train_test_split(", _GLOBAL_NUMPY_SEED),
    ("sample(", _GLOBAL_NUMPY_SEED),
    ("numpy shuffle", _GLOBAL_NUMPY_SEED),
    ("random shuffle", re.compile(r"(^random\.seed$|(^|\.)(set_seed|seed_everything)$)")),
)


def _splits_seeded_by_callers(tax: Taxonomy, index: SourceIndex) -> None:
    """A split drawn from a global generator inside a helper's function (`random_split` in
    datasets.create_dataset(), an index shuffle in dataset/cifar10.py) runs when the training program
    calls it: seeded when every training program that reaches it seeds that generator before the call that
    leads there (`set_seed(config)` above `create_dataloader(config)`)."""
    training = {e.path for e in tax.training_entry_points}
    if not training or not tax.splits_unseeded:
        return
    callers: dict[str, list] | None = None
    programs = (training, {e.path for e in tax.entry_points} - training)
    kept = []
    for ev in tax.splits_unseeded:
        pattern = next((p for kind, p in _GLOBAL_DRAWS if ev.detail.startswith(kind)), None)
        m = index.modules.get(ev.path)
        fn = m.innermost_function(ev.line, ev.cell or 0) if m is not None and pattern is not None else None
        # A training program's own order was judged where the split was found: at its top level, or in a
        # function of its own (`def train(...)`, run by fire.Fire(train)); in a class of it (a constructor or
        # static method that main() reaches by building the class) the callers decide, unless the
        # function seeds the generator itself (then its own order did)
        in_class = fn is not None and _owning_class(m, fn) is not None
        if (
            fn is None
            or (ev.path in training and not in_class)
            or any(pattern.search(c.name) and c.cell == fn[2] and fn[1] <= c.line <= fn[3] for c in m.calls)
        ):
            kept.append(ev)
            continue
        if callers is None:
            callers = {}
            for path, facts in index.modules.items():
                for c in facts.calls:
                    callers.setdefault(c.name.rsplit(".", 1)[-1], []).append((path, facts, c))
        seed = _seed_before_callers(fn[0], callers, programs, pattern, {})
        if not seed:
            kept.append(ev)
            continue
        # random_split(generator=...) names the fix, not what the call passes
        what = re.sub(r"\(.*\)", "()", ev.detail.split(",")[0])
        tax.splits_seeded.append(Evidence(ev.path, ev.line, f"{what}, after the seed at {seed}", ev.cell))
    tax.splits_unseeded = kept


_UNREACHED = ""


def _seed_before_callers(name: str, callers, programs, pattern, seen: dict, depth: int = 0) -> str | None:
    """Where the global seed is set before every call of function ``name`` that training programs make
    (directly, or through up to four helpers); None when such a call comes first or a helper calls it
    where its module is imported; _UNREACHED when no training program reaches it (only other scripts,
    an evaluation, do). ``programs``: (training paths, other entry points' paths)."""
    if name in seen:
        return seen[name]  # asked before (or a recursion still open: no further caller there)
    if name.startswith("__") or depth > 4:
        return None
    seen[name] = _UNREACHED
    seen[name] = found = _seed_of_callers(name, callers, programs, pattern, seen, depth)
    return found


def _seed_of_callers(name: str, callers, programs, pattern, seen: dict, depth: int) -> str | None:
    training, others = programs
    found = _UNREACHED
    for path, facts, c in callers.get(name, ()):
        outer = facts.innermost_function(c.line, c.cell)
        if path in training:
            seed = _seed_run_before(facts, c, outer, pattern)
            if seed is not None:
                found = found or f"{path}:{seed.line}"
                continue
            # Pretrainer.__init__ drawing the split, built by main() after random.seed(args.seed): seeded
            # when whatever calls the enclosing function (its class, for a constructor) seeds first
            up_name = _called_as(facts, outer)
            up = (
                _seed_before_callers(up_name, callers, programs, pattern, seen, depth + 1)
                if up_name
                else None
            )
            if not up:
                return None
            found = found or up
            continue
        if path in others and (outer is None or outer[0] == "main"):
            continue  # a script that trains nothing (evaluate.py): none of its draws is a training run's
        if outer is None:
            return None  # called where the module is imported: before any seed
        up = _seed_before_callers(outer[0], callers, programs, pattern, seen, depth + 1)
        if up is None:
            return None
        found = found or up
    return found


def _called_as(facts: ModuleFacts, fn) -> str | None:
    """The name callers use to run function ``fn`` of a module: its own, or its class's for a constructor."""
    if fn is None or fn[0] == "main":
        return None
    if fn[0] != "__init__":
        return None if fn[0].startswith("__") else fn[0]
    owner = _owning_class(facts, fn)
    return owner[0] if owner else None


def _owning_class(facts: ModuleFacts, fn) -> tuple | None:
    """The class whose body holds function ``fn`` (a method), or None for a module-level function."""
    return next((k for k in facts.classes if k[2] == fn[2] and k[1] < fn[1] <= k[3]), None)


def _seed_run_before(facts: ModuleFacts, c, outer, pattern):
    """The seed call that runs before ``c``: in the same function above it, or at the module's top level
    above it (the seeding helper's own body, defined above, runs only when called)."""
    return next(
        (
            s
            for s in facts.calls
            if (s.cell, s.line) < (c.cell, c.line)
            and s.args
            and pattern.search(s.name)
            and facts.innermost_function(s.line, s.cell) in (outer, None)
        ),
        None,
    )


def _named_literal(facts: ModuleFacts, value):
    """A keyword handed a plain name (Trainer(strategy=strategy)) holds the strings the module assigns that
    name: the multi-process one when a branch picks between them (`'dp'` on Windows, else `'ddp_...'`)."""
    if not isinstance(value, Dyn) or not value.text.isidentifier():
        return value
    held = getattr(facts, "str_values", {}).get(value.text, ())
    return next((v for v in held if v.lower().startswith(("ddp", "fsdp", "deepspeed", "horovod"))), value)


def detectron2_trainers(facts: ModuleFacts) -> list[tuple[str, int, int]]:
    """The module's subclasses of detectron2's DefaultTrainer: (class, line, cell)."""
    if not any(i.module.startswith("detectron2") for i in facts.imports):
        return []
    return [(cls, line, cell) for cls, base, line, cell in facts.bases if base.endswith("DefaultTrainer")]


def _detectron2_writers(acc: _Acc, facts: ModuleFacts, scope_for) -> None:
    """`class Trainer(DefaultTrainer)` (or DefaultTrainer itself, built and trained): detectron2's default
    writers log every run's scalars to TensorBoard event files in cfg.OUTPUT_DIR, unless the class replaces
    them (its own build_writers)."""
    if not any(i.module.startswith("detectron2") for i in facts.imports):
        return
    own = [
        (f"class {cls}(DefaultTrainer)", cls, line, cell) for cls, line, cell in detectron2_trainers(facts)
    ]
    built = [c for c in facts.calls if c.name.endswith("detectron2.engine.DefaultTrainer")][:1]
    # ... or the lazy-config loop's hooks.PeriodicWriter(default_writers(output_dir, max_iter))
    built += [
        c
        for c in facts.calls
        if c.name.endswith(
            ("detectron2.engine.default_writers", "detectron2.engine.defaults.default_writers")
        )
    ][:1]
    for label, cls, line, cell in [
        *own,
        *((f"{c.name.rsplit('.', 1)[-1]}(...)", "", c.line, c.cell) for c in built),
    ]:
        span = next((c for c in facts.classes if c[0] == cls and c[2] == cell), None) if cls else None
        if span is not None and any(
            name == "build_writers" and c == cell and span[1] <= at <= span[3]
            for name, at, c, _e in facts.functions
        ):
            continue  # the project's own writers: read from its code
        where = (
            "the output directory it is given" if label.startswith("default_writers") else "cfg.OUTPUT_DIR"
        )
        what = f"{label}: detectron2's default writers (TensorBoard events in {where})"
        acc.add(
            "tensorboard",
            "tracking",
            USED,
            _ev(facts, line, cell, what),
            scope_for("tensorboard", line, cell),
        )
        return


def _special_call(acc: _Acc, tax: Taxonomy, facts: ModuleFacts, call, roots, scope_for) -> None:
    name = call.name
    # transformers' report_to= and accelerate's log_with= pick trackers by name.
    report_to = (
        call.kw("report_to") if name.endswith(("Arguments", "Args", "Config")) else call.kw("log_with")
    )
    root = call_root(name)
    tb_log = call.kw("tensorboard_log")
    if isinstance(tb_log, str) and root in roots:
        ev = _ev(facts, call.line, call.cell, f"{name}(tensorboard_log=...)")
        acc.add("tensorboard", "tracking", USED, ev, scope_for(name))
    elif isinstance(tb_log, Dyn) and tb_log.text not in ("None", "Constant"):
        # ALGOS[algo](..., tensorboard_log=self.tensorboard_log): an SB3 model built through a registry
        # logs to TensorBoard when the folder option is given.
        ev = _ev(facts, call.line, call.cell, f"tensorboard_log={tb_log.text}")
        acc.add("tensorboard", "tracking", USED, ev, "optional")
    report_flag = name.endswith("add_argument") and bool(call.args) and call.args[0] in REPORT_TO_FLAGS
    if report_flag:
        report_to = call.kw("default")  # parser.add_argument("--report_to", default="wandb")
        choices = call.kw("choices")
        if isinstance(choices, list):
            # choices=["tensorboard", "wandb", "all"]: each tracker a run may pick with the option
            for v in choices:
                for sig in SIGNATURES:
                    if isinstance(v, str) and sig.report_to and sig.report_to == v.lower() and v != report_to:
                        ev = _ev(facts, call.line, call.cell, f"{call.args[0]} choice {v!r}")
                        acc.add(sig.tool, sig.category, USED, ev, "optional")
    conditional = isinstance(report_to, Dyn) and " if ... else " in report_to.text
    if conditional:
        # report_to="wandb" if use_wandb else "none": the tracker of the runs made with the switch on
        report_to = [x.strip("'\"") for x in report_to.text.split(" if ... else ")]
    if (
        name.endswith(("TrainingArguments", "Seq2SeqTrainingArguments", "SFTConfig", "DPOConfig"))
        and root in roots
        and any(k.startswith("ddp_") for k, _ in call.kwargs)
    ):
        # ddp_find_unused_parameters=...: the script is written to run under torchrun as DDP
        acc.add("ddp", "distributed", USED, _ev(facts, call.line, call.cell, f"{name}(ddp_...)"), "optional")
    # a --report_to flag names what it is, whatever its parser resolves to (one handed in as a parameter)
    if report_to is not None and (root in roots or report_flag):
        values = report_to if isinstance(report_to, list) else [report_to]
        for v in values:
            if isinstance(v, str):
                for sig in SIGNATURES:
                    if sig.report_to and sig.report_to == v.lower():
                        acc.add(
                            sig.tool,
                            sig.category,
                            USED,
                            _ev(facts, call.line, call.cell, f"report_to={v!r}"),
                            "optional" if conditional else scope_for(name),
                        )
    # strategy= (Lightning >= 1.5); accelerator= / distributed_backend= held it in older releases
    strategy = next(
        (
            v
            for v in map(
                functools.partial(_named_literal, facts),
                (call.kw("strategy"), call.kw("distributed_backend"), call.kw("accelerator")),
            )
            if isinstance(v, str) and v.lower().startswith(("ddp", "dp", "fsdp", "deepspeed", "horovod"))
        ),
        call.kw("strategy"),
    )
    # TrainingArguments(deepspeed="ds_config.json" or a config dict): the HF Trainer runs under DeepSpeed
    ds = call.kw("deepspeed")
    if name.endswith("TrainingArguments") and ds is not None and ds is not False and ds != "":
        what = f"{name.rsplit('.', 1)[-1]}(deepspeed=...)"
        acc.add("deepspeed", "distributed", USED, _ev(facts, call.line, call.cell, what))
    if (
        _PL_TRAINER.fullmatch(name)
        and call.kw("logger", True) is True
        and not call.has_kw("**")
        and root in roots
    ):
        # pl.Trainer(...) with its default logger: TensorBoard event files under lightning_logs/version_N
        ev = _ev(
            facts,
            call.line,
            call.cell,
            f"{name.rsplit('.', 1)[-1]}(): Lightning's default logger (TensorBoard)",
        )
        acc.add("tensorboard", "tracking", USED, ev, scope_for(name))
    # lightning's Fabric takes the same strategy names as its Trainer
    if isinstance(strategy, str) and name.endswith(("Trainer", "Fabric")):
        owner = name.rsplit(".", 1)[-1]
        _strategy(acc, strategy, _ev(facts, call.line, call.cell, f"{owner}(strategy={strategy!r})"), USED)
    elif name.endswith(("Trainer", "Fabric")):
        # distributed_backend="ddp" if num_gpus > 1 else None: distributed on multi-GPU runs
        for key in ("strategy", "distributed_backend", "accelerator"):
            v = call.kw(key)
            m = re.match(
                r"'(ddp\w*|fsdp\w*|deepspeed\w*|horovod)' if \.\.\. else", getattr(v, "text", "") or ""
            )
            if m:
                _strategy(acc, m.group(1), _ev(facts, call.line, call.cell, f"Trainer({key}={v.text})"), USED)
                break
    kws = RUN_NAMING.get(name)
    if kws is None and name.endswith(".init_trackers") and (call.args or call.has_kw("project_name")):
        # accelerator.init_trackers("network_train", init_kwargs=...): Accelerate names the project its
        # trackers log to, whatever helper built the accelerator
        kws = ("project_name",) if call.has_kw("project_name") else ()
    if (
        kws is None
        and name.endswith(NAMING_CLASSES)
        and call_root(name) in roots
        and any(call.has_kw(k) for k in NAMING_KWS)
    ):
        kws = tuple(k for k in NAMING_KWS if call.has_kw(k))
    if kws is not None:
        # A name passed as a variable (name=cfg.run_name) names the run as well as a literal does.
        lits = [f"{k}={call.kw(k)!r}" for k in kws if call.has_kw(k) and call.kw(k) is not None]
        if call.args and isinstance(call.args[0], str):
            lits.insert(0, repr(call.args[0]))
        elif not kws and call.args and isinstance(call.args[0], Dyn):
            # set_experiment(project_name): the name is the first argument, however it is computed
            lits.insert(0, repr(call.args[0]))
        elif not kws and call.kw("experiment_name") is not None:
            lits.insert(0, f"experiment_name={call.kw('experiment_name')!r}")
        if lits or not kws:
            tax.run_naming.append(_ev(facts, call.line, call.cell, f"{name}({', '.join(lits)})"))
        if lits:
            tax.experiment_names.append(_ev(facts, call.line, call.cell, ", ".join(lits)))
    # wandb.init(tags=[]) / tags=None: a run given no tag
    no_tags = call.kw("tags") in ([], (), None, "")
    # neptune.init_run(tags=[...]), clearml Task.init(tags=...): any tracker's run opened with its tags
    tracker_run = root in _TAGGED_TRACKERS and root in roots and call.has_kw("tags") and not no_tags
    if (
        (name in TAGGING and (name.startswith("mlflow.set_") or (call.has_kw("tags") and not no_tags)))
        or (name.endswith((".set_tags", ".set_tag", ".add_tags", ".add_tag")) and root in roots)
        or tracker_run
    ):
        tax.tagging.append(_ev(facts, call.line, call.cell, name))
    # a test's fixture split is no run's split; scikit-learn's own function, not a project's of that name
    # (darts.utils.model_selection.train_test_split splits a series at a point in time)
    testing = scope_of(facts.path) == TEST
    if not testing and name.endswith("model_selection.train_test_split") and call_root(name) == "sklearn":
        rs = call.kw("random_state")
        shuffle = call.kw("shuffle")
        if isinstance(shuffle, Dyn) and shuffle.text in facts.constants:
            shuffle = facts.constants[shuffle.text]  # SHUFFLE = False at the top of the module or notebook
        # No shuffling: the split is the rows in their order, the same every run.
        detail = (
            "train_test_split(shuffle=False): rows in order"
            if shuffle is False
            else f"train_test_split(random_state={rs!r})"
        )
        seeded = shuffle is False or rs is not None
        if not seeded and _global_seed_before(facts, call):
            # random_state=None draws from numpy's global RNG, seeded above: the same split every run
            seeded, detail = True, "train_test_split() after numpy's global seed"
        (tax.splits_seeded if seeded else tax.splits_unseeded).append(
            _ev(facts, call.line, call.cell, detail)
        )
    split = _split_seeding(call) or _learner_split(call, roots) or _index_shuffle_split(call, facts)
    if split is not None and (
        testing
        # a module's function of that name (darts.utils...train_test_split), not a Dataset's method
        or (
            name.endswith(".train_test_split")
            and "()" not in name
            and call_root(name) in roots
            and call_root(name) != "datasets"
        )
    ):
        split = None
    # A split left without a seed draws from a global generator: seeded when that one is, above it
    # (datasets' train_test_split(seed=None) from numpy's, random_split() from torch's).
    for kind, seeded_before, why in _GLOBAL_SPLIT_SEEDS:
        if split is not None and not split[0] and split[1].startswith(kind) and seeded_before(facts, call):
            split = (True, why)
    if split is not None:
        ev = _ev(facts, call.line, call.cell, split[1])
        (tax.splits_seeded if split[0] else tax.splits_unseeded).append(ev)
    if name in BASELINES_CONFIGURE and any(
        c.name.startswith("baselines.logger.")
        and c.name.endswith(("logkv", "logkvs", "record_tabular", "dumpkvs"))
        for c in facts.calls
    ):
        # random-network-distillation's loop logs through Baselines' logger: progress.csv and log.txt per run
        acc.add(
            "custom_logging",
            "tracking",
            USED,
            _ev(facts, call.line, call.cell, "Baselines' logger (progress.csv)"),
        )
    if name.startswith("rllab.") and name.endswith(
        ("instrument.run_experiment_lite", "logger.add_tabular_output")
    ):
        # rllab's run_experiment_lite sets its logger to the run's folder: progress.csv, params.json, debug.log
        acc.add(
            "custom_logging",
            "tracking",
            USED,
            _ev(facts, call.line, call.cell, "rllab's logger (progress.csv, params.json per run)"),
        )
    if name.startswith("dowel.") and (
        (last := name.rsplit(".", 1)[-1]) == "TensorBoardOutput" or last in DOWEL_FILE_OUTPUTS
    ):
        # garage's logger: logger.add_output(dowel.CsvOutput(path)) keeps every tabular.record() row in
        # that file, dowel.TensorBoardOutput(log_dir) writes them as TensorBoard events
        board = last == "TensorBoardOutput"
        what = f"{name}(): dowel's logger " + (
            "writes TensorBoard events" if board else "writes its rows to a file"
        )
        acc.add(
            "tensorboard" if board else "custom_logging",
            "tracking",
            USED,
            _ev(facts, call.line, call.cell, what),
        )
    if name == "sqlite3.connect" and scope_of(facts.path) == CORE:
        db = call.args[0] if call.args else ""
        if isinstance(db, str) and RESULTS_WORD.search(db + facts.path) or TRAIN_NAME.search(facts.path):
            acc.add(
                "custom_logging",
                "tracking",
                USED,
                _ev(facts, call.line, call.cell, "writes results to SQLite"),
            )
    if name in WANDB_ARTIFACT_CALLS or (name.endswith(("use_artifact", "log_artifact")) and root == "wandb"):
        kind = call.kw("type", call.args[1] if len(call.args) > 1 else None)
        label = call.args[0] if call.args and isinstance(call.args[0], str) else ""
        if (
            _is_data_artifact(kind) or (not isinstance(kind, str) and _is_data_artifact(label))
        ) and not _table_only_artifact(facts, call):
            acc.add(
                "wandb_artifacts",
                "data_versioning",
                USED,
                _ev(facts, call.line, call.cell, f"{name} (dataset)"),
            )
    # Comet Artifacts of a dataset (comet_ml.Artifact(name, artifact_type="dataset"), get_artifact of a
    # dataset's name) and Neptune's track_files (the run keeps each file's hash and location)
    if root == "comet_ml" and name.endswith(("comet_ml.Artifact", ".get_artifact", ".log_artifact")):
        # Artifact(name, artifact_type); get_artifact(name, workspace): only the constructor's second
        # argument is the type
        second = call.args[1] if len(call.args) > 1 and name.endswith("Artifact") else None
        kind = call.kw("artifact_type", second)
        label = call.args[0] if call.args and isinstance(call.args[0], str) else ""
        if _is_data_artifact(kind) or (not isinstance(kind, str) and _is_data_artifact(label)):
            acc.add(
                "comet_artifacts",
                "data_versioning",
                USED,
                _ev(facts, call.line, call.cell, f"{name} (dataset)"),
            )
    if root in ("neptune", "neptune_client") and name.endswith("track_files") and tracked_data(call):
        acc.add(
            "neptune_artifacts",
            "data_versioning",
            USED,
            _ev(facts, call.line, call.cell, "Neptune track_files"),
        )
    if name.endswith(".format") and call.args and call.args[0] == "delta":
        acc.add(
            "delta_lake",
            "data_versioning",
            USED,
            _ev(facts, call.line, call.cell, 'format("delta")'),
        )


_MODEL_FILE = re.compile(r"(model|ckpt|checkpoint|weights?|\.pt$|\.pth$|\.h5$|\.onnx$|\.safetensors$)", re.I)


def tracked_data(call) -> bool:
    """Neptune's `run["data/train"].track_files("data/train.csv")`: a file or folder of data, not a
    model's weights (`run["model"].track_files("model.pt")`)."""
    path = call.args[0] if call.args and isinstance(call.args[0], str) else ""
    return bool(path) and not _MODEL_FILE.search(path)


def _table_only_artifact(facts, call) -> bool:
    """The function making the artifact puts only a wandb.Table in it (`artifact.add(table, "validation")`,
    a few images shown beside predictions in the W&B UI) and no files, directories or references: a
    display, not a versioned dataset."""
    fn = facts.innermost_function(call.line, call.cell)
    if fn is None:
        return False
    near = [c for c in facts.calls if c.cell == fn[2] and fn[1] <= c.line <= fn[3]]
    if any(c.name.endswith((".add_file", ".add_dir", ".add_reference")) for c in near):
        return False
    tables = any(c.name.endswith("wandb.Table") for c in near)
    return tables and any(
        c.name.endswith(".add") and c.args and "table" in str(getattr(c.args[0], "text", "")).lower()
        for c in near
    )


DATA_DIRS = frozenset(
    {"data", "dataset", "datasets", "input", "inputs", "raw", "processed", "interim", "features"}
)
RESULT_SUFFIXES = (".csv", ".json", ".jsonl", ".tsv", ".yaml", ".yml")
WRITER_CALLS = frozenset(
    {"json.dump", "json.dumps", "csv.writer", "csv.DictWriter", "yaml.dump", "yaml.safe_dump"}
)
WRITER_SUFFIXES = (".write_text", ".to_csv", ".to_json", ".writerow", ".writerows", ".to_parquet")


WANDB_ARTIFACT_CALLS = frozenset({"wandb.Artifact", "wandb.use_artifact", "wandb.log_artifact"})


# configure() sets the folder and formats for the process; scoped_configure() the same inside a with-block.
BASELINES_CONFIGURE = frozenset({"baselines.logger.configure", "baselines.logger.scoped_configure"})
BASELINES_KVS = frozenset(
    {"baselines.logger.logkv", "baselines.logger.logkvs", "baselines.logger.record_tabular",
     "baselines.logger.logkv_mean", "baselines.logger.dumpkvs", "baselines.logger.dump_tabular"}
)  # fmt: skip


def _is_data_artifact(value) -> bool:
    return isinstance(value, str) and bool(re.search(r"(data|corpus|split|features|table)", value, re.I))


def _tooling_script(path: str) -> bool:
    """Packaging, CI and template hooks: scripts, but not experiments."""
    low = path.lower()
    return low.rsplit("/", 1)[-1] in ("setup.py", "noxfile.py", "tasks.py", "conftest.py") or low.startswith(
        (".github/", "hooks/", "ci/", ".circleci/", "docs/")
    )


_READ_CALL = re.compile(
    r"(^open$|\.open$|(^|\.)(load|loads|safe_load|read_csv|read_json|read_parquet|read_table|loadtxt|genfromtxt|"
    r"DictReader|reader)$)"
)


def _write_mode(c) -> bool:
    return any(
        isinstance(a, str) and a in ("w", "a", "wt", "at", "a+", "w+") for a in (*c.args, c.kw("mode"))
    )


_TEMP_DIR_CALL = re.compile(r"^tempfile\.(mkdtemp|TemporaryDirectory|gettempdir|mkstemp|NamedTemporaryFile)$")


_DATA_DIR_TARGET = re.compile(
    r"\{[\w.]*?(?<![a-z])(data_?dir|data_?path|data_?root|dataroot|data_?folder|dataset_?dir)\}", re.I
)


_PER_INSTANCE_OUTPUT = re.compile(r"instances_results|(^|[_.-])predictions?([_.-]|$)")
_MODEL_DESCRIPTION = re.compile(
    r"(^|[_.-])(model|net|network|arch)[_-]?(summary|stats|info|structure)([_.-]|$)"
)


def _result_files(acc: _Acc, facts: ModuleFacts) -> None:
    """Results written to files named like results/metrics/scores: a hand-made tracker."""
    writes = any(
        c.name in WRITER_CALLS
        or c.name.endswith(WRITER_SUFFIXES)
        or ((c.name == "open" or c.name.endswith(".open")) and _write_mode(c))
        for c in facts.calls
    )
    if not writes:
        return
    # a literal on a line that only reads (`probe = json.load(open('demo_results.json'))`) names another
    # step's results, not what this code writes
    written = {(w.line, w.cell) for w in facts.writes if w.kind != "open"} | {
        (c.line, c.cell)
        for c in facts.calls
        if c.name in WRITER_CALLS
        or c.name.endswith(WRITER_SUFFIXES)
        or ((c.name == "open" or c.name.endswith(".open")) and _write_mode(c))
    }
    read = {(c.line, c.cell) for c in facts.calls if _READ_CALL.search(c.name)} - written
    # files named just after a temporary directory is made: a results.csv there is a tool's scratch file
    # (a metric binary's output read back and deleted), no run's record
    temp_calls = [(c.line, c.cell) for c in facts.calls if _TEMP_DIR_CALL.search(c.name)]
    for text, line, cell in facts.file_literals:
        if not text.lower().endswith(RESULT_SUFFIXES):
            continue
        # a few lines below a temporary directory's creation (tmp_dir / "results.csv")
        if (line, cell) in read or any(tc == cell and 0 <= line - tl <= 5 for tl, tc in temp_calls):
            continue
        parts = text.replace("\\", "/").lower().split("/")
        base = parts[-1]
        if not RESULTS_WORD.search(text) or "config" in base or "param" in base:
            continue
        if _PER_INSTANCE_OUTPUT.search(base):
            continue  # coco_instances_results.json: an evaluator's per-instance predictions, not a result log
        if _MODEL_DESCRIPTION.search(base):
            continue  # model_summary.csv: the network's layers, parameters and FLOPs, no run's result
        if DATA_DIRS.intersection(parts[:-1]):
            continue  # data/no_score.csv beside data/training_features.csv: a data export, not a result log
        # deepnets1m_eval_meta.json written into {data_dir}: a dataset's metadata (its evaluation split's),
        # not a result of a run
        if re.search(r"(^|[_.-])meta(data)?([_.-]|$)", base) or any(
            w.line == line and w.cell == cell and _DATA_DIR_TARGET.search(w.target) for w in facts.writes
        ):
            continue
        if facts.header_files and any(
            w.line == line and w.cell == cell and w.target in facts.header_files for w in facts.writes
        ):
            continue  # test_metric.csv given its header line only: no result is written there
        acc.add("custom_logging", "tracking", USED, _ev(facts, line, cell, f"writes results to {text!r}"))
        return


_PL_TRAINER = re.compile(
    r"(pytorch_lightning|lightning)(\.pytorch)?(\.trainer(\.trainer)?)?\.Trainer(\.from_argparse_args)?"
)
REPORT_TO_FLAGS = frozenset({"--report_to", "--report-to", "--log_with", "--log-with"})
_WANDB_OFF = re.compile(
    r"^\s*(wandb\s+(disabled|off)\b|(export\s+)?WANDB_MODE=['\"]?(disabled|dryrun)\b|(export\s+)?WANDB_DISABLED=['\"]?true\b)",
    re.I,
)
_REPORT_TO_CLI = re.compile(r"--(?:report[_-]to|log[_-]with)[= ]+([\w,]+)")
NAMING_KEYS = ("project", "name", "experiment_name", "run_name", "experiment", "project_name", "group")


def _config_naming(tax: Taxonomy, index: SourceIndex) -> None:
    """Loggers instantiated from configs name and tag runs through their keys."""
    _unpacked_logger_sections(tax, index)
    _environment_tags(tax, index)
    for path in sorted(index.configs):
        doc = index.configs[path]
        if doc.error:
            continue
        for call in instantiations(doc):
            if not call.name.endswith(("Logger", "Callback")):
                continue
            named = [f"{k}={v!r}" for k, v in call.kwargs if k in NAMING_KEYS]
            if named:
                tax.experiment_names.append(Evidence(path, call.line, ", ".join(named)[:160]))
            if (call_prefix(doc, call.line) + "tags") in doc.key_set():
                tax.tagging.append(Evidence(path, call.line, f"{call.name.rsplit('.', 1)[-1]} tags"))
        # hydra.run.dir: examples/outputs/x beside a timestamped hydra.sweep.dir: a single run (no
        # --multirun) writes into the fixed folder; only the sweeps' jobs are named
        fixed_run_dir = any(
            k == "hydra.run.dir" and isinstance(v, str) and "${" not in v for k, v, _ in doc.entries
        )
        for key, value, line in doc.entries:
            if not isinstance(value, str) or not value.strip():
                continue
            # Hydra names each run's directory from the clock or the overrides; a trainer's config
            # names its run (HF `run_name:`, a W&B `name:` under a logger is handled above).
            if key in ("hydra.run.dir", "hydra.sweep.dir", "hydra.sweep.subdir") and (
                re.search(_HYDRA_NAMED_DIR, value) or (key == "hydra.run.dir" and "${" in value)
            ):
                # (outputs/${name}_seed${seed}: each run's folder named by its settings)
                if key != "hydra.run.dir" and fixed_run_dir:
                    continue
                what = "Hydra run directory" if key == "hydra.run.dir" else "Hydra multirun directory"
                tax.run_naming.append(Evidence(path, line, f"{what} {value[:80]}"))
            elif key.rsplit(".", 1)[-1] == "run_name" and scope_of(path) != TEST:
                tax.run_naming.append(Evidence(path, line, f"run_name: {value[:60]}"))
                tax.experiment_names.append(Evidence(path, line, f"run_name={value[:60]!r}"))


_HYDRA_NAMED_DIR = r"\$\{(now:|hydra\.job\.(override_dirname|num|name))"
_WANDB_CONSTRUCTORS = ("wandb.init", "WandbLogger", "WandbCallback")


# Trackers read a run's tags, name and group from the environment when the code does not pass them
# (`os.environ["WANDB_TAGS"] = git_describe`, `WANDB_TAGS=v1 python train.py`).
_TAG_VARIABLES = ("WANDB_TAGS",)  # W&B's documented environment variable for a run's tags
_ENV_TAG = re.compile(r"(?:^|[\s;&])(" + "|".join(_TAG_VARIABLES) + r")=[^\s\"']")


def _environment_tags(tax: Taxonomy, index: SourceIndex) -> None:
    for m in index.modules.values():
        for a in m.assigns:
            var = a.target.removeprefix("os.environ[").rstrip("]").strip("'\"")
            if a.target.startswith("os.environ[") and var in _TAG_VARIABLES and scope_of(m.path) != TEST:
                tax.tagging.append(Evidence(m.path, a.line, f"sets {var} (the tracker's run tags)", a.cell))
                return
    scripts = sorted(x for x in _script_commands(index) if is_shell_script(x[0]))
    for path, cell, line, cmd in (*scripts, *index.shell):
        hit = _ENV_TAG.search(cmd)
        if hit and scope_of(path) != TEST:
            tax.tagging.append(Evidence(path, line, f"sets {hit.group(1)} (the tracker's run tags)", cell))
            return


def _unpacked_logger_sections(tax: Taxonomy, index: SourceIndex) -> None:
    """`WandbLogger(..., **config.wandb)`: the `wandb:` section of the configuration is the logger's
    keywords, so its `name`/`project`/`id` name runs and its `tags` tag them."""
    sections = set()
    for m in index.modules.values():
        if not any(
            i.module.split(".", 1)[0] in ("wandb", "lightning", "pytorch_lightning") for i in m.imports
        ):
            continue
        for c in m.calls:
            if c.name.endswith(_WANDB_CONSTRUCTORS):
                for k, v in c.kwargs:
                    text = getattr(v, "text", None)
                    if k == "**" and isinstance(text, str) and "." in text:
                        sections.add(text.rsplit(".", 1)[-1])
    if not sections:
        return
    tag_keys = {f"{s}.tags[]" for s in sections}
    for path in sorted(index.configs):
        doc = index.configs[path]
        for key, value, line in doc.entries:
            section, _, leaf = key.rpartition(".")
            if section not in sections or value in (None, ""):
                continue
            if leaf in NAMING_KEYS or leaf == "id":
                tax.run_naming.append(Evidence(path, line, f"{key}: {str(value)[:60]} (W&B run keywords)"))
                tax.experiment_names.append(Evidence(path, line, f"{leaf}={str(value)[:60]!r}"))
        tags = [line for key, _, line in doc.entries if key in tag_keys]
        if tags:
            tax.tagging.append(Evidence(path, tags[0], "W&B run tags from the configuration"))


def call_prefix(doc, line: int) -> str:
    for k, _, ln in doc.entries:
        if ln == line and k.rsplit(".", 1)[-1] in ("_target_", "class_path"):
            return k[: -len(k.rsplit(".", 1)[-1])]
    return ""


ACCELERATE_BACKENDS = {
    "DEEPSPEED": "deepspeed",
    "FSDP": "fsdp",
    "MULTI_GPU": "ddp",
    "MULTI_NPU": "ddp",
    "MULTI_XPU": "ddp",
}


def _strategy(acc: _Acc, value: str, ev: Evidence, usage: str) -> None:
    v = value.lower()
    if v.startswith("ddp"):  # "dp" is DataParallel: one process driving several GPUs, not DDP
        acc.add("ddp", "distributed", usage, ev)
    elif v.startswith("fsdp"):
        acc.add("fsdp", "distributed", usage, ev)
    elif v.startswith("deepspeed"):
        acc.add("deepspeed", "distributed", usage, ev)
    elif v.startswith("horovod"):
        acc.add("horovod", "distributed", usage, ev)


from ..index.python_facts import (  # noqa: E402
    _IDENT,
    TRACKER_MODULE,
    in_spans,
    live_switch,
    option_defaults,
    registered_plugin,
)
from ..index.python_facts import _TRACKING_SWITCH as TRACKING_SWITCH  # noqa: E402


def _choice_group(lower_path: str) -> bool:
    """A Hydra-style config group of alternatives (logger/, loggers/): each file is one option."""
    parts = lower_path.split("/")[:-1]
    return any(p in ("logger", "loggers") for p in parts)


def _configs(acc: _Acc, index: SourceIndex) -> None:
    m = _matcher()
    for path in sorted(index.configs):
        doc = index.configs[path]
        if doc.error:
            continue
        name = path.rsplit("/", 1)[-1].lower()
        lower = path.lower()
        is_catalog = "catalog" in name and doc.format == "yaml"
        top = doc.top_keys()
        for key, value, line in doc.entries:
            leaf = key.rsplit(".", 1)[-1].removesuffix("[]")  # report_to: [wandb, tensorboard]
            if isinstance(value, str):
                if (
                    leaf in TARGET_KEYS
                    or (is_catalog and leaf == "type")
                    # target: pytorch_lightning.loggers.WandbLogger with its params: (CompVis configs)
                    or (leaf == "target" and CLASS_PATH.fullmatch(value))
                ):
                    for sig in m.target(value):
                        # configs/logger/wandb.yaml is one choice of a config group: used when selected.
                        scope = OPTIONAL if _choice_group(lower) and scope_of(path) == CORE else None
                        acc.add(sig.tool, sig.category, USED, Evidence(path, line, f"{leaf}: {value}"), scope)
                    if is_catalog and leaf == "type":
                        acc.add(
                            "kedro",
                            "pipelines",
                            USED,
                            Evidence(path, line, f"Kedro catalog type: {value}"),
                        )
                # A Lightning Trainer's settings: `trainer.strategy: ddp`, or in a trainer config group
                # (configs/training/trainer/x.yaml: kwargs.accelerator: ddp, Lightning < 1.5)
                if (leaf == "strategy" and key.startswith(("trainer", "strategy"))) or (
                    leaf in ("strategy", "accelerator", "distributed_backend")
                    and ("trainer" in key.split(".")[:-1] or "trainer" in lower.split("/")[:-1])
                ):
                    _strategy(acc, value, Evidence(path, line, f"{key}: {value}"), CONFIGURED)
                if leaf == "deepspeed" and re.search(r"\.json$", value.strip()):
                    # "deepspeed": "ds_z3_config.json" in a Trainer's (or LLaMA-Factory's) arguments: the
                    # run starts DeepSpeed with that ZeRO config
                    acc.add("deepspeed", "distributed", CONFIGURED, Evidence(path, line, f"{key}: {value}"))
                if "hydra/sweeper" in key or "hydra/sweeper" in value:
                    acc.add(
                        "hydra_multirun",
                        "hpo",
                        CONFIGURED,
                        Evidence(path, line, f"Hydra sweeper {value}"),
                    )
                    if "optuna" in (key + value).lower():
                        acc.add(
                            "optuna",
                            "hpo",
                            CONFIGURED,
                            Evidence(path, line, "Hydra Optuna sweeper"),
                        )
                if leaf == "report_to":
                    for sig in SIGNATURES:
                        if sig.report_to and sig.report_to == value.lower():
                            acc.add(
                                sig.tool,
                                sig.category,
                                CONFIGURED,
                                Evidence(path, line, f"report_to: {value}"),
                            )
            if key == "hydra.mode" and str(value).upper() == "MULTIRUN":
                acc.add(
                    "hydra_multirun",
                    "hpo",
                    CONFIGURED,
                    Evidence(path, line, "hydra.mode: MULTIRUN"),
                )
            if key.startswith("hydra.sweeper") and key.count(".") == 1:
                acc.add("hydra_multirun", "hpo", CONFIGURED, Evidence(path, line, key))
        if doc.format == "yaml":
            defaults = doc.get("defaults")
            in_conf = any(p in ("conf", "config", "configs", "cfg", "hydra") for p in lower.split("/")[:-1])
            if "defaults" in top and (in_conf or "hydra" in top) and _defaults_line(doc) is not None:
                acc.add(
                    "hydra",
                    "tracking",
                    CONFIGURED,
                    Evidence(path, _defaults_line(doc), "Hydra defaults list"),
                )
            elif "hydra" in top and defaults is None and any(k.startswith("hydra.") for k in doc.key_set()):
                acc.add("hydra", "tracking", CONFIGURED, Evidence(path, 0, "hydra: settings"))
            if name.startswith("sweep") or "sweep" in lower:
                if {"method", "parameters"} <= top:
                    acc.add(
                        "wandb_sweeps",
                        "hpo",
                        CONFIGURED,
                        Evidence(path, 0, "W&B sweep configuration (method, parameters)"),
                    )
            if name in ("dvc.yaml",) and "stages" in top:
                acc.add(
                    "dvc_pipelines",
                    "pipelines",
                    CONFIGURED,
                    Evidence(path, _line(doc, "stages"), "dvc.yaml stages"),
                )
                for k, _, ln in doc.entries:
                    if k.endswith((".metrics", ".plots")) or k in ("metrics", "plots"):
                        acc.add(
                            "dvc",
                            "tracking",
                            CONFIGURED,
                            Evidence(path, ln, f"DVC {k.rsplit('.', 1)[-1]}"),
                        )
                        break
            if name == "dvc.lock":
                acc.add(
                    "dvc",
                    "data_versioning",
                    CONFIGURED,
                    Evidence(path, 0, "dvc.lock records data hashes"),
                )
            if name.endswith(".dvc") and "outs" in top:
                outs = [str(v) for k, v, _ in doc.entries if k.endswith("outs[].path") and v]
                # models/model.onnx.dvc versions a trained model, not the data it was trained on
                model_only = bool(outs) and all(_MODEL_ARTIFACT.search(o) for o in outs)
                acc.add(
                    "dvc",
                    "data_versioning",
                    CONFIGURED,
                    Evidence(path, _line(doc, "outs"), DVC_MODEL if model_only else "DVC-tracked data"),
                )
            if name in ("guild.yml", "guild.yaml"):
                acc.add("guild", "tracking", CONFIGURED, Evidence(path, 0, "Guild file"))
                _guild_chains_and_searches(acc, path, doc)
            if polyaxonfile(doc):
                _polyaxon_runs(acc, path, doc)  # (the tracker it configures: _polyaxon_trackers)
            if name in ("feature_store.yaml", "feature_store.yml"):
                acc.add(
                    "feast",
                    "data_versioning",
                    CONFIGURED,
                    Evidence(path, 0, "Feast feature_store.yaml"),
                )
            dist = doc.get("distributed_type")
            if isinstance(dist, str) and dist.upper() in ACCELERATE_BACKENDS:
                _strategy(acc, ACCELERATE_BACKENDS[dist.upper()], Evidence(path, _line(doc, "distributed_type"),
                          f"Accelerate distributed_type: {dist}"), CONFIGURED)  # fmt: skip
            if "distributed_type" in top and "compute_environment" in top:
                acc.add(
                    "accelerate",
                    "distributed",
                    CONFIGURED,
                    Evidence(path, _line(doc, "distributed_type"), "Accelerate config"),
                )
            if name == "mlproject" or name.startswith("mlproject"):
                acc.add("mlflow", "tracking", CONFIGURED, Evidence(path, 0, "MLproject"))
            api = doc.get("apiVersion")
            if (
                isinstance(api, str)
                and api.startswith("argoproj.io/")
                and doc.get("kind")
                in ("Workflow", "WorkflowTemplate", "CronWorkflow", "ClusterWorkflowTemplate")
            ):
                # A Kubeflow pipeline compiled for KFP v1 is an Argo Workflow too: its annotations say so.
                kfp = any("pipelines.kubeflow.org" in k for k in doc.key_set())
                acc.add(
                    "kubeflow" if kfp else "argo",
                    "pipelines",
                    CONFIGURED,
                    Evidence(
                        path,
                        _line(doc, "kind"),
                        f"{'compiled Kubeflow pipeline' if kfp else 'Argo'} {doc.get('kind')}",
                    ),
                )
            if name in ("kfp.yaml",) or (("pipelineSpec" in top or "pipelineInfo" in top) and "root" in top):
                acc.add(
                    "kubeflow",
                    "pipelines",
                    CONFIGURED,
                    Evidence(path, 0, "compiled Kubeflow pipeline"),
                )
        if doc.format == "json" and "zero_optimization" in top:
            acc.add(
                "deepspeed",
                "distributed",
                CONFIGURED,
                Evidence(path, _line(doc, "zero_optimization"), "DeepSpeed config"),
            )
        if name == "pyproject.toml":
            if "tool.kedro" in doc.key_set():
                acc.add(
                    "kedro",
                    "pipelines",
                    CONFIGURED,
                    Evidence(path, _line(doc, "tool.kedro"), "[tool.kedro]"),
                )


# `lr: loguniform[1e-5:1e-1]`, `[0.1:0.5]`, a flag's list of values to try: a search space
_GUILD_SPACE = re.compile(r"^\s*(?:(?:log)?uniform|randint|choice)?\[[^\]]*:[^\]]*\]\s*$")


def _items(doc, key: str) -> int:
    return sum(1 for k, _v, _l in doc.entries if k == key)


def _guild_chains_and_searches(acc, path: str, doc) -> None:
    """A Guild file whose operations chain (`requires:` another operation's output, `steps:`) is a pipeline;
    one whose flags hold search spaces, or that names an optimizer, defines a search."""
    chain = search = None
    for k, v, line in doc.entries:
        last = k.rsplit(".", 1)[-1]
        # (`_check:` operations whose steps run the others with expectations are the file's tests)
        private = re.search(r"(^|\.)_[\w-]+\.steps$", k) is not None
        flag = ".flags." in f".{k}."  # a flag named `steps` is a value, not the operation's steps
        if chain is None and (
            (last == "steps" and not private and not flag)
            or (k.endswith((".sources[].operation", ".requires[].operation")) and isinstance(v, str))
        ):
            chain = Evidence(
                path, line, "Guild operations chained (requires another operation's output, or steps)"
            )
        if search is None and (
            # an operation's optimizers, not a flag named `optimizer` (Adam, SGD)
            (last in ("optimizer", "optimizers") and ".flags." not in f".{k}.")
            # a flag's sampling distribution (`distribution: loguniform` between min and max)
            or (last == "distribution" and ".flags." in f".{k}")
            or (".flags." in f".{k}" and isinstance(v, str) and _GUILD_SPACE.match(v))
            # `lr: [1e-5:1e-1]` or `batch: [16, 32, 64]`, read as list items of the flag itself
            or (re.search(r"\.flags\.[^.]+\[\]$", k) is not None and (":" in str(v) or _items(doc, k) > 1))
        ):
            search = Evidence(
                path, line, f"Guild search space or optimizer ({k.rsplit('.', 2)[-1]}: {str(v)[:40]})"
            )
    if chain is not None:
        acc.add("guild_pipelines", "pipelines", CONFIGURED, chain)
    if search is not None:
        acc.add("guild_optimizers", "hpo", CONFIGURED, search)


def _polyaxon_trackers(acc: _Acc, tax: Taxonomy, index: SourceIndex, training: set[str]) -> None:
    """A Polyaxonfile configures Polyaxon as the tracker of the project's runs where it runs a training
    entry point as a job: Polyaxon records each of those runs (inputs, specification, status, logs),
    under the file's `name:` when it gives one."""
    for path, comp in sorted(polyaxon_training_files(index, training).items()):
        doc = index.configs[path]
        runs = f"; runs {comp.module}" if comp.path == path else f"; runs {comp.module} through {comp.path}"
        acc.add(
            "polyaxon",
            "tracking",
            CONFIGURED,
            Evidence(path, _line(doc, "kind"), f"Polyaxonfile (kind: {doc.get('kind')}{runs})"),
        )
        name = doc.get("name")
        if isinstance(name, str) and name.strip():
            line, shown = _line(doc, "name"), name[:60]
            tax.run_naming.append(Evidence(path, line, f"Polyaxon run name: {shown}"))
            tax.experiment_names.append(Evidence(path, line, f"name={shown!r} (Polyaxonfile)"))


def _polyaxon_runs(acc, path: str, doc) -> None:
    """A Polyaxonfile's matrix is a search (one run per suggestion), a run of kind dag a pipeline of
    operations, and a Kubeflow job kind a distributed run, wherever the operation or component is
    (top level, inline under `component:`, or an operation of a dag)."""
    found = set()
    for k, v, line in doc.entries:
        if not isinstance(v, str):
            continue
        if k.endswith("matrix.kind") and v in POLYAXON_MATRIX and "hpo" not in found:
            found.add("hpo")
            what = "given parameter sets" if v == "mapping" else "search"
            acc.add(
                "polyaxon_matrix", "hpo", CONFIGURED, Evidence(path, line, f"Polyaxon matrix ({v}: {what})")
            )
        if not k.endswith("run.kind"):
            continue
        if v == "dag" and "pipelines" not in found:
            found.add("pipelines")
            acc.add(
                "polyaxon_pipelines",
                "pipelines",
                CONFIGURED,
                Evidence(path, line, "Polyaxon dag of operations"),
            )
        if v in POLYAXON_DISTRIBUTED and "distributed" not in found:
            found.add("distributed")
            acc.add("polyaxon_distributed", "distributed", CONFIGURED, Evidence(path, line, f"Polyaxon {v}"))


def _line(doc, key: str) -> int:
    for k, _, line in doc.entries:
        if k == key:
            return line
    return 0


def _defaults_line(doc) -> int | None:
    """The line of a Hydra defaults list; a `defaults:` mapping (Ludwig's per-type feature defaults) is
    not one."""
    head = None
    for k, _, line in doc.entries:
        if k == "defaults":
            head = line
        elif k.startswith("defaults[]"):
            return head or line
    return None


DVC_MODEL = "DVC-tracked model file (not data)"
DVC_REPO = "DVC repository config"
_MODEL_ARTIFACT = re.compile(
    r"(\.(onnx|pt|pth|ckpt|h5|keras|pkl|joblib|pb|tflite|safetensors|bin|cbm|model)$|(^|/)(models?|checkpoints?)(/|$)|model)",
    re.I,
)


def _files(acc: _Acc, inventory: Inventory, index: SourceIndex) -> None:
    for f in inventory.project_files():
        name = f.path.rsplit("/", 1)[-1]
        low = name.lower()
        if f.path == ".dvc/config" or f.path.endswith("/.dvc/config"):
            acc.add("dvc", "data_versioning", CONFIGURED, Evidence(f.path, 0, DVC_REPO))
        elif low == "mlproject":
            acc.add("mlflow", "tracking", CONFIGURED, Evidence(f.path, 0, "MLproject"))
        elif low == "clearml.conf":
            acc.add("clearml", "tracking", CONFIGURED, Evidence(f.path, 0, "ClearML configuration"))
        elif f.kind == "snakefile":
            acc.add("snakemake", "pipelines", CONFIGURED, Evidence(f.path, 0, "Snakefile"))
        elif f.kind == "sqlite" and low.startswith("mlflow"):
            acc.add("mlflow", "tracking", CONFIGURED, Evidence(f.path, 0, "MLflow database store"))
    for path, doc in index.configs.items():
        # Ploomber's spec: `tasks:` each with a `source` (script, notebook, function, SQL) and its `product`
        if PLOOMBER_SPEC.fullmatch(path.rsplit("/", 1)[-1]) and not doc.error:
            keys = doc.key_set()
            if "tasks[].source" in keys and "tasks[].product" in keys:
                line = next((ln for k, _, ln in doc.entries if k == "tasks"), 0)
                acc.add(
                    "ploomber",
                    "pipelines",
                    CONFIGURED,
                    Evidence(path, line, "Ploomber pipeline spec (tasks)"),
                )
    tracked = None
    for path, text in index.texts.items():
        name = path.rsplit("/", 1)[-1].lower()
        if name == ".gitattributes":
            # A rule counts when it covers a tracked file: the Hugging Face template's thirty patterns
            # (*.bin, *.h5, *.msgpack) over a repository holding none of them version nothing.
            if tracked is None:  # outside git, the files on disk stand for what a commit would hold
                tracked = [f.path for f in inventory.files if f.origin == "tracked" or not inventory.is_git]
            base = path.rsplit("/", 1)[0] + "/" if "/" in path else ""
            for i, line in enumerate(text.splitlines(), 1):
                if "filter=lfs" in line and line.split():
                    covers = _lfs_covers(line.split()[0], base, tracked)
                    fixtures = bool(covers) and all(_test_fixture(p, index) for p in covers)
                    media = bool(covers) and all(_documentation_media(p) for p in covers)
                    acc.add(
                        "git_lfs",
                        "data_versioning",
                        CONFIGURED if covers and not media else MENTIONED,
                        Evidence(
                            path,
                            i,
                            line.strip()[:80]
                            + ("" if covers else " (matches no tracked file)")
                            + (" (test fixtures)" if fixtures else "")
                            + (" (documentation media, not data)" if media else ""),
                        ),
                        TEST if fixtures else None,
                    )
        elif name in ("makefile", "gnumakefile") or name.endswith(".mk"):
            _makefile(acc, path, text)
        elif name.endswith((".sh", ".bash")) and "stage" in text:
            _staged_recipe(acc, path, text)
    for f in inventory.files:
        # Git LFS pointer files are tiny text stubs standing in for large data.
        if f.kind == "other" and 100 <= f.size <= 200 and not f.store and f.origin == "tracked":
            try:
                with open(inventory.root / f.path, "rb") as fh:
                    head = fh.read(48)
            except OSError:
                continue
            if head.startswith(b"version https://git-lfs.github.com/spec/"):
                media = _documentation_media(f.path)
                acc.add(
                    "git_lfs",
                    "data_versioning",
                    MENTIONED if media else CONFIGURED,
                    Evidence(f.path, 1, "Git LFS pointer file" + (" (documentation media)" if media else "")),
                    TEST if _test_fixture(f.path, index) else None,
                )


# Pictures, clips and papers a README or docs page shows, outside any data folder: LFS keeps them out of
# the clone's history, but they are not what a run reads (LMFlow's `*.gif` demos under docs/).
_MEDIA_SUFFIXES = (".gif", ".png", ".jpg", ".jpeg", ".svg", ".webp", ".mp4", ".webm", ".mov", ".pdf", ".pptx")
_MEDIA_DIRS = frozenset(
    {"docs", "doc", "assets", "asset", "figures", "figs", "fig", "media", "demo", "demos", "screenshots", "paper",
     ".github"}
)  # fmt: skip


_SPLIT_DIRS = frozenset({"train", "val", "valid", "validation", "test", "labels", "annotations"})


def _documentation_media(path: str) -> bool:
    parts = path.lower().split("/")
    # images/train/x.png, labels/: a dataset laid out by split, whatever folder holds it
    if not parts[-1].endswith(_MEDIA_SUFFIXES) or (DATA_DIRS | _SPLIT_DIRS).intersection(parts[:-1]):
        return False
    return len(parts) == 1 or bool(_MEDIA_DIRS.intersection(parts[:-1]))


def _lfs_covers(pattern: str, base: str, tracked: list[str], limit: int = 50) -> list[str]:
    """The tracked files (at most ``limit``) a .gitattributes pattern, relative to its folder, matches."""
    from fnmatch import fnmatch

    pattern = pattern.lstrip("/")
    out = []
    for p in tracked:
        if not p.startswith(base):
            continue
        rel = p[len(base) :]
        if (
            fnmatch(rel, pattern)
            or ("/" not in pattern and fnmatch(rel.rsplit("/", 1)[-1], pattern))
            or (pattern.endswith("/**") and rel.startswith(pattern[:-2]))
        ):
            out.append(p)
            if len(out) >= limit:
                break
    return out


_FIXTURE_DIRS = frozenset({"fixtures", "test_fixtures", "testdata", "test_data", "test_assets"})


def _test_fixture(path: str, index: SourceIndex) -> bool:
    """A file the tests read: under a test folder, or in a fixtures folder (test_data/, fixtures/)
    inside the code package itself (open_instruct/test_data/sft_sample.jsonl) - a dataset's own test
    split in data/test_data/ is data, not a fixture."""
    if scope_of(path) == TEST:
        return True
    parts = path.split("/")
    for n, part in enumerate(parts[:-1]):
        if part.lower() in _FIXTURE_DIRS:
            package = "/".join(parts[:n])
            return bool(package) and f"{package}/__init__.py" in index.modules
    return False


_MAKE_TARGET = re.compile(r"^([A-Za-z0-9_.\-/]+)\s*:(?!=)", re.MULTILINE)
_ML_TARGET = re.compile(
    r"(train|eval|preprocess|prepare|feature|data|model|predict|pipeline|experiment)", re.I
)


# Kaldi/ESPnet-style recipe stages: if [ ${stage} -le 1 ] && [ ${stop_stage} -ge 1 ]; then
_RECIPE_STAGE = re.compile(r"^\s*if\s+\[\s*\$\{?stage\}?\s+-le\s+(\d+)\s*\]", re.MULTILINE)


def _staged_recipe(acc: _Acc, path: str, text: str) -> None:
    """A shell recipe run stage by stage (`run.sh --stage 1 --stop-stage 3`): data split, features,
    training and evaluation in a fixed order, each stage skippable from the command line."""
    from ..index.lines import LineTable

    stages = list(_RECIPE_STAGE.finditer(text))
    if len(stages) < 2 or not re.search(r"\bpython[0-9.]*\s+\S+", text):
        return
    line = LineTable(text).line_of(stages[0].start())
    acc.add("shell_recipe", "pipelines", CONFIGURED, Evidence(path, line, f"{len(stages)} recipe stages"))


def _makefile(acc: _Acc, path: str, text: str) -> None:
    from ..index.lines import LineTable

    ml_targets = []
    table = None
    for m in _MAKE_TARGET.finditer(text):
        target = m.group(1)
        if _ML_TARGET.search(target) and not target.startswith("."):
            table = table or LineTable(text)
            ml_targets.append((target, table.line_of(m.start())))
    runs_python = re.search(r"\bpython[0-9.]*\s+(-m\s+)?\S+", text) is not None
    if len(ml_targets) >= 2 and runs_python:
        names = ", ".join(t for t, _ in ml_targets[:4])
        acc.add(
            "make",
            "pipelines",
            CONFIGURED,
            Evidence(path, ml_targets[0][1], f"ML targets: {names}"),
        )


def _uses_hydra(index: SourceIndex) -> bool:
    """Some module imports Hydra, or there is no code to tell (asked once per launch line: kept per index)."""
    from ..index.build import per_index

    return per_index(index, "_et_uses_hydra", _imports_hydra)


def _imports_hydra(index: SourceIndex) -> bool:
    return not index.modules or any(m.imported("hydra") for m in index.modules.values())


def _sets_up_distributed(index: SourceIndex) -> bool:
    """Some module joins a process group or wraps a model for DDP, or hands the launch to a library that
    does (Lightning, Accelerate, the HF Trainer, DeepSpeed)."""
    from ..index.build import per_index

    return per_index(index, "_et_sets_up_distributed", _find_distributed_setup)


def _find_distributed_setup(index: SourceIndex) -> bool:
    if not index.modules:
        return True  # no code to tell: the launch line is all there is
    for m in index.modules.values():
        if any(i.module.split(".", 1)[0] in _DISTRIBUTED_LIBS for i in m.imports):
            return True
        if any(_DISTRIBUTED_SETUP.search(c.name) for c in m.calls):
            return True
    return False


_DISTRIBUTED_LIBS = frozenset({"lightning", "pytorch_lightning", "accelerate", "transformers", "deepspeed",
                               "mmengine", "mmcv", "detectron2", "fairseq", "composer", "ignite", "horovod"})  # fmt: skip
_DISTRIBUTED_SETUP = re.compile(
    r"(init_process_group|DistributedDataParallel|init_distributed|DistributedSampler|get_rank|"
    r"get_world_size|launch|spawn|barrier|all_reduce)$"
)


def _script_commands(index: SourceIndex) -> list[tuple[str, int, int, str]]:
    """The commands of the project's shell scripts, Makefiles and Dockerfiles (RUN/CMD/ENTRYPOINT), as
    (path, 0, line, command): split once per index, for every reader of them."""
    from ..index.build import per_index

    def split(index) -> list[tuple[str, int, int, str]]:
        lines: list[tuple[str, int, int, str]] = []
        for path, text in index.texts.items():
            low = path.lower()
            if is_shell_script(low) or low.rsplit("/", 1)[-1] in (
                "makefile",
                "gnumakefile",
            ):
                lines.extend((path, 0, i, s) for i, s in shell_lines(text))
            elif low.rsplit("/", 1)[-1].startswith("dockerfile"):
                for i, ln in enumerate(text.splitlines(), 1):
                    if ln.strip().upper().startswith(("RUN", "CMD", "ENTRYPOINT")):
                        lines.append((path, 0, i, ln.strip()))
        return lines

    return per_index(index, "_et_script_commands", split)


def _shell(acc: _Acc, index: SourceIndex) -> None:
    lines: list[tuple[str, int, int, str]] = [*index.shell, *_script_commands(index)]
    silenced: set[str] = set()  # scripts that switch W&B off before they launch (`wandb disabled`)
    for path, cell, line, cmd in lines:
        if _WANDB_OFF.search(cmd):
            silenced.add(path)
            continue
        m = _REPORT_TO_CLI.search(cmd)
        if m and path in silenced and "wandb" in m.group(1).lower():
            continue  # `--report_to wandb` after `wandb disabled`: W&B records nothing in this launch
        # `--report_to wandb` is a Trainer argument wherever it sits: on the launch line, on a continuation
        # line of it, or in a variable of shared arguments (base_args="... --report_to wandb") the launchers use
        if m and (
            re.search(r"\b(python[0-9.]*|accelerate|torchrun|deepspeed)\b", cmd) or "--report_to" in cmd
        ):
            for value in m.group(1).lower().split(","):
                for sig in SIGNATURES:
                    if sig.report_to and sig.report_to == value:
                        ev = Evidence(path, line, f"runs `{cmd[:80]}`", cell)
                        acc.add(sig.tool, sig.category, CONFIGURED, ev)
        for pattern, tool, cat in SHELL_PATTERNS:
            if tool == "hydra_multirun" and ("python" not in cmd or not _uses_hydra(index)):
                continue  # `-m` is Hydra's multirun only to a Hydra app (so-vits-svc: `train.py -m 44k`, a model name)
            if tool == "ddp" and not _sets_up_distributed(index):
                # `python -m torch.distributed.launch train.py` over code that never joins a process
                # group (pix2pixHD: nn.DataParallel only): several copies of one process, not DDP
                continue
            if pattern.search(cmd):
                acc.add(tool, cat, CONFIGURED, Evidence(path, line, f"runs `{cmd[:80]}`", cell))
    for ev in shell_grids(lines):
        acc.add("shell_sweep", "hpo", CONFIGURED, ev)


_FOR_VALUES = re.compile(r"^\s*for\s+(\w+)\s+in\s+([^;]*?)\s*(?:;\s*do\b.*)?$")
_LAUNCH = re.compile(r"\b(python[\d.]*|torchrun|accelerate|deepspeed|srun|sbatch|bash|sh)\b")
# Loop variables that walk over runs, files or devices rather than settings; and the benchmark's own
# task variants (a forecasting benchmark's horizons: for pred_len in 96 192 336 720), not a search.
_NOT_SETTING = re.compile(
    r"^(i|j|k|n|idx|f|file|files|dir|d|path|gpu|gpus|device|node|host|job|split|task|env|dataset|data|model|"
    r"ckpt|checkpoint|seed|seeds|run|trial|x|name|set|sets|subset|part|phase|mode|stage|lang|spk|speaker|"
    r"pred_len|pred_length|prediction_length|horizon|forecast_len|out_len)$",
    re.I,
)
# An option choosing the data a run reads: --dataset=..., --data_path ..., DATASET=...
_DATA_OPTION = re.compile(
    r"(?:--?)?(?:[\w.]*[_-])?(?:dataset|data|task|env)(?:[_-](?:name|path|dir|file))?[ =]"
    # ... or how much of it is labelled or used: a semi-supervised benchmark's label budgets (--num_labels 250),
    # a few-shot setting, a subset's size: the data regime a results table walks, not a method's setting
    r"|(?:--?)(?:num_labels|n_labels|num_labeled|n_labeled|nlabels|labels_per_class|n_shots?|k_shots?|shots?|"
    r"data_size|subset_size|label_ratio|labeled_ratio)[ =]",
    re.I,
)
# An option naming where a run writes: --train_dir=..., --output_dir ..., --exp_name ...
_OUTPUT_OPTION = re.compile(
    r"(?:--?)?(?:[\w.]*[_-])?(?:dir|path|folder|out|output|outdir|logdir|name|tag)[ =]", re.I
)
# Values that name the parts of a dataset (for x in train dev eval): a loop over data, not settings.
_SPLIT_WORDS = frozenset({"train", "dev", "eval", "test", "valid", "val", "validation", "tr", "cv", "tt"})


def shell_grids(lines) -> list[Evidence]:
    """`for lr in 1e-5 3e-5 5e-5; do ... --learning_rate $lr` in the project's shell scripts: a loop
    over two or more values of a setting whose body launches a run with it - a hand-made grid search.
    Loops over seeds are repetitions (ET321), over files or GPUs plumbing."""
    out = []
    by_path: dict[str, list] = {}
    for path, cell, line, cmd in lines:
        by_path.setdefault((path, cell), []).append((line, cmd))
    for (path, cell), cmds in by_path.items():
        for n, (line, cmd) in enumerate(cmds):
            m = _FOR_VALUES.match(cmd)
            if not m or _NOT_SETTING.match(m.group(1)):
                continue
            values = m.group(2).split("#", 1)[0].split()
            values = [v.strip("'\"") for v in values]
            if len(values) < 2 or any(v.startswith(("$", "`", "{")) for v in values):
                continue
            if any(v.lower().split("_")[0] in _SPLIT_WORDS for v in values):
                continue
            var = m.group(1)
            used = re.compile(r"--?[\w.-]+[ =]\S*\$\{?" + var + r"\b|\b[\w.]+=\S*\$\{?" + var + r"\b")
            body = cmds[n + 1 : n + 40]
            # --dataset=cifar10.${seed}@${size}-1: the value picks the data a run trains on (a benchmark's
            # label budgets), not a setting of the method; a loop over those is a table of results
            # (common_args="--dataset=cifar10.${seed}@${size}-1": the option inside a variable's value)
            uses = [re.sub(r"^[\w.]+=[\"']?(?=-)", "", u.group(0)) for _, c in body for u in used.finditer(c)]
            # (... and the folder each run writes to, named after that data: --train_dir=experiments/${ds})
            if (
                uses
                and any(_DATA_OPTION.match(u) for u in uses)
                and all(_DATA_OPTION.match(u) or _OUTPUT_OPTION.match(u) for u in uses)
            ):
                continue
            if any(used.search(c) for _, c in body) and any(_LAUNCH.search(c) for _, c in body):
                out.append(Evidence(path, line, f"loops over {var} = {' '.join(values[:4])}"[:160], cell))
                break
    return out


def _stores(acc: _Acc, inventory: Inventory) -> None:
    for root, family in sorted(inventory.store_roots.items()):
        if family == "dvc":
            continue  # .dvc/ is handled with its config
        for sig in SIGNATURES:
            if family in sig.stores:
                acc.add(
                    sig.tool,
                    sig.category,
                    CONFIGURED,
                    Evidence(root, 0, f"{family} run store"),
                    CORE,
                )
        if family == "hydra":
            parts = root.split("/")
            if "multirun" in parts:
                acc.add(
                    "hydra_multirun",
                    "hpo",
                    CONFIGURED,
                    Evidence(root, 0, "Hydra multirun outputs"),
                    CORE,
                )
        if family == "lightning":
            has_tb = any(
                r.startswith(root + "/") and fam == "tensorboard" for r, fam in inventory.store_roots.items()
            )
            if has_tb or any(f.kind == "tfevents" for f in inventory.files if f.store == root):
                acc.add(
                    "tensorboard",
                    "tracking",
                    CONFIGURED,
                    Evidence(root, 0, "TensorBoard event files"),
                    CORE,
                )


def _declared(acc: _Acc, index: SourceIndex) -> None:
    by_pkg: dict[str, list[Signature]] = {}
    for sig in SIGNATURES:
        for p in sig.packages:
            by_pkg.setdefault(p, []).append(sig)
    for dep in index.dependencies:
        for sig in by_pkg.get(dep.name, ()):
            if sig.tool == "ray_train" or (sig.tool == "ray_tune" and "tune" not in dep.extras):
                continue  # "ray" alone says nothing about which Ray library (LoFTR: ray for parallel prep)
            if dep.name == "accelerate" and re.search(r"=np\d", dep.spec):
                continue  # accelerate=2.3.0=np111py35_3: Anaconda's numba-based Accelerate, not Hugging Face's
            acc.add(
                sig.tool,
                sig.category,
                DECLARED,
                Evidence(dep.path, dep.line, f"depends on {dep.name}{dep.spec}"),
            )


def _mentions(acc: _Acc, index: SourceIndex) -> None:
    by_word: dict[str, list[Signature]] = {}
    for sig in SIGNATURES:
        for w in sig.mentions:
            by_word.setdefault(w.lower(), []).append(sig)
    for word in sorted(index.mentions):
        for sig in by_word.get(word, ()):
            if sig.category == "data_versioning" and sig.tool == "dvc":
                continue  # one DVC mention is reported once, under tracking
            for ev in index.mentions[word]:
                acc.add(
                    sig.tool,
                    sig.category,
                    MENTIONED,
                    Evidence(ev.path, ev.line, f"mentions {word!r}", ev.cell),
                )


MIN_SPLIT_BYTES = 64
_SPLIT_FILE = re.compile(
    # .lst: the image lists of a split (data/list/cityscapes/train.lst)
    # ... train_id_list.txt: the ids of a split's samples
    r"(^|/)(train|training|val|valid|validation|dev|test|holdout)([_\-.]?(split|set|ids|idx|index|indices|files|list|ids?_list|file_list))?\.(csv|tsv|txt|lst|json|jsonl|parquet|npy|pkl)$"
    # ljs_audio_text_train_filelist.txt, imagenet_subsets/1percent.txt, splits/fold0_val.txt
    r"|(^|/)[\w.-]*[_\-.](train|val|valid|validation|dev|test)[_\-.]?(filelist|list|split|ids|files)[\w.-]*\.(txt|csv|tsv|json|jsonl)$"
    r"|(^|/)(splits?|filelists?|subsets?)/(?:[^/]+/)*[^/]+\.(txt|csv|tsv|json|jsonl)$"
    # chairs_split.txt: a split's definition by name, whatever the dataset is called
    r"|(^|/)[\w.-]*[_\-.]split\.(txt|csv|tsv|json|jsonl)$"
    # experiment_cfgs/splitfile_1.json .. splitfile_5.json: the splits of repeated experiments
    r"|(^|/)split[_\-.]?files?(?:[_\-.]\w+)?\.(txt|csv|tsv|json|jsonl)$"
    # index lists of a split: CSL_train.index, DD_val.idx
    r"|(^|/)[\w.-]*[_\-.](train|val|valid|validation|dev|test)\.(index|idx|ids)$",
    re.I,
)
# A line naming one sample file by its relative path (and maybe a label): a list of files, not the data.
_LISTED_FILE = re.compile(
    r"[\w.,+=~-]+(/[\w.,+=~-]+)+\.(jpe?g|png|bmp|tiff?|webp|wav|flac|mp3|mp4|avi|npy|npz|ply|pcd|txt|xml|json)(\s+[\w.-]{1,32})?",  # a class label at most: box columns make an annotation file, which is data
    re.I,
)


def lists_files(inventory: Inventory, path: str) -> bool:
    """The file's first lines each name a sample file by its relative path: a split or manifest listing
    data kept elsewhere (FairMOT's src/data/mot17.train: MOT17/images/train/.../000001.jpg). Read once per
    inventory: the split files and the committed data both ask."""
    seen = getattr(inventory, "_et_lists_files", None)
    if seen is None:
        seen = inventory._et_lists_files = {}
    if path not in seen:
        seen[path] = _lists_files(inventory, path)
    return seen[path]


# a class vocabulary by its name or folder (openseg_labels/ade20k_150.txt, coco_classes.txt, label_names.txt), or an
# index of category ids per image (ade20k_instance_imgCatIds.json)
_VOCABULARY_PATH = re.compile(
    r"(?i)(^|[/_-])(labels?|classes|class_?names|categories|vocab(ulary)?)([/_.-]|$)|(cat|category|class|label)_?ids\b"
)
# one name per line, an index before it or not: `3:sky,clouds`, `wall, brick wall`, `person`. A name is words
# joined by single spaces, so each run of spaces has one reading (no backtracking on padded tables)
_VOCABULARY_NAME = r"[^\W\d][\w'()/.-]*(?: [\w'()/.-]+)*"
_VOCABULARY_LINE = re.compile(rf"(?:\d+ ?[:,\t ] ?)?{_VOCABULARY_NAME}(?: ?, ?{_VOCABULARY_NAME})*")


def label_vocabulary(inventory: Inventory, path: str) -> bool:
    """A list of class names (or an index of images' category ids) the code maps its labels with: named
    as one, and, for text, each of its first lines a different name (or a few comma-separated synonyms) of a
    word or two. A lookup table, not the samples a run trains on: sentences (a class-per-file text dataset,
    a tokenised corpus) and one label per sample (repeated values) are data."""
    if not _VOCABULARY_PATH.search(path):
        return False
    if path.lower().endswith(".json"):
        return bool(re.search(r"(?i)(cat|category|class|label)_?ids\b", path.rsplit("/", 1)[-1]))
    if not path.lower().endswith(".txt"):
        return False
    lines = _head_lines(inventory, path, 20)
    if len(lines) < 3 or any(len(ln) > 160 or not _VOCABULARY_LINE.fullmatch(ln) for ln in lines):
        return False
    names = [re.sub(r"^\d+ ?[:,\t ] ?", "", ln).split(",")[0].strip() for ln in lines]
    words = sum(len(n.split()) for n in names) / len(names)
    return words <= 3 and len(set(names)) * 10 >= len(names) * 9


def _head_lines(inventory: Inventory, path: str, most: int) -> list[str]:
    """The first non-blank lines of a file (up to ``most``, from its first KiB, a cut last line left out). The
    KiB is read once per inventory: the split-list, sample-id and class-vocabulary checks all ask."""
    heads = getattr(inventory, "_et_heads", None)
    if heads is None:
        heads = inventory._et_heads = {}
    if path not in heads:
        try:
            with open(os.path.join(inventory.root, path), encoding="utf-8", errors="replace") as fh:
                heads[path] = fh.read(1024)
        except OSError:
            heads[path] = ""
    head = heads[path]
    lines = [ln.strip() for ln in head.splitlines()[:most] if ln.strip()]
    if len(head) == 1024 and len(lines) > 1:
        lines = lines[:-1]  # the last line may be cut
    return lines


def _lists_files(inventory: Inventory, path: str) -> bool:
    lines = _head_lines(inventory, path, 8)
    return len(lines) >= 3 and all(_LISTED_FILE.fullmatch(ln) for ln in lines)


# a file of predictions, results or a submission: an output, whatever folder it sits in
_OUTPUT_NAME = re.compile(r"pred|submission|result|output|score|logits?", re.I)
# A folder or file named as a subset or split of the data (imagenet_subsets/, cifar10_splits/, x_split.3.txt)
_SUBSET_LIST = re.compile(r"(^|/)[\w.-]*(subset|split)s?[\w.-]*/|[_\-.]split[_\-.][^/]*$", re.I)
# a sample's index, or its file name with no folder
_SAMPLE_ID = re.compile(r"\d{1,9}|[\w.,+=~-]+\.(jpe?g|png|bmp|tiff?|webp|wav|flac|mp3|mp4|avi|npy|npz)", re.I)


def _strings_of_code_and_configs(index: SourceIndex) -> list[str]:
    """The string values configuration files hold and the strings code passes to calls or binds as paths."""
    out = [v for doc in index.configs.values() for _k, v, _line in doc.entries if isinstance(v, str)]
    for m in index.modules.values():
        out += [text for text, _line, _cell in m.file_literals]
        out += [v for c in m.calls for v in (*c.args, *(x for _k, x in c.kwargs)) if isinstance(v, str)]
    return out


def _lists_ids(inventory: Inventory, path: str) -> bool:
    """The file's first lines each hold one sample: an index or a file name."""
    lines = _head_lines(inventory, path, 16)
    return len(lines) >= 5 and all(_SAMPLE_ID.fullmatch(ln) for ln in lines)


def _no_samples(f, index: SourceIndex, root) -> bool:
    """A few bytes of words ("hello" in test.txt): no sample path, id, number or delimiter to list."""
    if f.size >= MIN_SPLIT_BYTES:
        return False
    text = index.texts.get(f.path)
    if text is None:  # plain .txt files are not kept in the index: a few bytes are read here
        try:
            with open(os.path.join(root, f.path), encoding="utf-8", errors="replace") as fh:
                text = fh.read(MIN_SPLIT_BYTES)
        except OSError:
            return False
    return not re.search(r"[/|,.;:\d\t]", text)


_BINARY_DATA = (
    ".jpg",
    ".jpeg",
    ".png",
    ".npy",
    ".npz",
    ".pt",
    ".pth",
    ".h5",
    ".gz",
    ".zip",
    ".tar",
    ".pkl",
    ".bin",
)


def _only_evaluates(facts) -> bool:
    """The module calls an evaluation function of the project (test(), evaluate()) and nothing named for
    training."""
    lasts = [c.name.rsplit(".", 1)[-1] for c in facts.calls]
    return any(_EVALUATION_CALL.match(n) for n in lasts) and not any(_TRAINING_CALL.match(n) for n in lasts)


_EVALUATION_CALL = re.compile(r"(test|eval|evaluate|inference|infer|predict|demo)(_\w*)?$", re.I)
_TRAINING_CALL = re.compile(r"\w*(train|fit|learn|finetune|fine_tune)\w*$", re.I)
# main_test_swinir.py, main_eval.py: main_ followed by the word of a test; main_detection.py still trains
_MAIN_OF_A_TEST = re.compile(
    r"main[_-](test|eval|evaluate|infer|inference|demo|predict|sample)(?:[_.-]|$)", re.I
)
# A folder named for a split (metadata/miniimagenet/train/), and the files that list a split's samples
_SPLIT_DIR = re.compile(r"train|training|val|valid|validation|dev|test", re.I)
_LIST_SUFFIXES = (".csv", ".tsv", ".txt", ".lst", ".json", ".jsonl")
# test.json, val.txt: a file named by a split word alone, which says nothing more of what it holds
_BARE_SPLIT = re.compile(r"(train|training|val|valid|validation|dev|test|holdout)\.\w+", re.I)
_SPLIT_WORD = re.compile(
    r"(?:^|[_\-.])(trainval|train|training|val|valid|validation|dev|test|holdout)(?:\d*)(?:[_\-.]|$)", re.I
)
# a data folder (data/, src/data/, datasets/): where lists of sample files are kept
# ... or a dataset's metadata folder (scannet/meta_data/)
_DATA_FOLDER = re.compile(r"(^|/)(meta_?)?(data|datasets?|lists?|filelists?|splits?)/", re.I)
_SUFFIX_SPLIT = re.compile(
    r"^[A-Za-z][\w.-]*[_\-.](train|val|valid|validation|dev|test)\.(txt|csv|tsv|lst)$", re.I
)


def _data_parallel_subclasses(acc, index: SourceIndex, trainers: set) -> None:
    """`self.model = DataParallelWithCallback(model, device_ids=opt.gpu_ids)`: the project's (or a copied
    library's) subclass of nn.DataParallel, built where the model trains: one process driving every GPU,
    as nn.DataParallel is (the class definition alone runs nothing; see the per-module scan)."""
    bases = [(cls, base) for m in index.modules.values() for cls, base, _line, _cell in m.bases]
    # torch.nn.DataParallel, torch.nn.parallel.DataParallel, torch.nn.parallel.data_parallel.DataParallel
    classes = {cls for cls, base in bases if base.startswith("torch.") and base.endswith(".DataParallel")}
    if not classes:
        return
    for _ in range(3):  # DataParallelWithCallback(DataParallel), DataParallel(nn.parallel.DataParallel)
        grown = classes | {cls for cls, base in bases if base.rsplit(".", 1)[-1] in classes}
        if grown == classes:
            break
        classes = grown
    for path in sorted(index.modules):
        m = index.modules[path]
        if scope_of(path) != CORE or (_NOT_TRAINING.search(path.rsplit("/", 1)[-1]) and path not in trainers):
            continue
        for c in m.calls:
            last = c.name.rsplit(".", 1)[-1]
            if last in classes and not c.name.endswith(f"{last}.{last}"):
                detail = f"builds {last}, a subclass of nn.DataParallel"
                acc.add("data_parallel", "distributed", USED, _ev(m, c.line, c.cell, detail))
                break


def _mpi_workers(acc, facts) -> None:
    """A script that asks MPI both how many processes run and which one it is (`if MPI.COMM_WORLD.Get_size()
    > 1: rank = MPI.COMM_WORLD.Get_rank()`, then a seed offset by rank) is written to run as one of several
    mpirun workers, whose collectives a library may run (stable-baselines' TRPO and DDPG); a rank asked
    alone, to log on rank 0, runs as well in one process."""
    size = next((c for c in facts.calls if c.name == "mpi4py.MPI.COMM_WORLD.Get_size"), None)
    rank = next((c for c in facts.calls if c.name == "mpi4py.MPI.COMM_WORLD.Get_rank"), None)
    if size is not None and rank is not None and scope_of(facts.path) == CORE:
        acc.add(
            "mpi", "distributed", USED, _ev(facts, rank.line, rank.cell, "runs as one of several MPI workers")
        )


def _split_files(tax: Taxonomy, inventory: Inventory, index: SourceIndex) -> None:
    looked = 0
    written = None  # the file names the project's code writes, gathered once a subset list is looked at
    named: list[str] = []  # the strings of the code and the configs, gathered at the same time
    files = inventory.project_files()
    # folder -> the split names its files carry (train, val, test, ...)
    splits_in: dict[str, set] = {}
    # X -> the split folders under it (metadata/miniimagenet/{train,val,test}/n01930112.csv): lists of a
    # split's samples kept one file per class, the folder naming the split
    # ... below the root (train/ and test/ at the top are packages and tests), holding lists only: no code
    # beside them, and at least two lists in each
    split_dirs: dict[str, set] = {}
    listed_in: dict[str, int] = {}
    coded = set()
    for f in files:
        m = _SPLIT_WORD.search(f.path.rsplit("/", 1)[-1])
        if m:
            splits_in.setdefault(f.path.rpartition("/")[0], set()).add(m.group(1).lower()[:3])
        parts = f.path.split("/")
        if len(parts) >= 3 and _SPLIT_DIR.fullmatch(parts[-2]):
            folder = "/".join(parts[:-1])
            if f.path.lower().endswith(_LIST_SUFFIXES):
                listed_in[folder] = listed_in.get(folder, 0) + 1
            else:
                coded.add(folder)
    for folder, n in listed_in.items():
        if n >= 2 and folder not in coded:
            parent, _, split = folder.rpartition("/")
            split_dirs.setdefault(parent, set()).add(split.lower()[:3])
    split_dirs = {parent: splits for parent, splits in split_dirs.items() if len(splits) >= 2}
    for f in files:
        by_content = False
        parts = f.path.split("/")
        in_split_dir = (
            len(parts) >= 3
            and parts[-2].lower()[:3] in split_dirs.get("/".join(parts[:-2]), ())
            and f.path.lower().endswith(_LIST_SUFFIXES)
        )
        if (
            f.origin in ("tracked", "walked")
            and (_DATA_FOLDER.search(f.path) or _SUBSET_LIST.search(f.path))
            and looked < 200
            and f.size < 64 << 20
            and not f.path.lower().endswith(_BINARY_DATA)
        ):
            # named by the dataset alone (caltech.all, mot17.half): its lines name sample files
            looked += 1
            by_content = lists_files(inventory, f.path)
            if (
                not by_content
                and _SUBSET_LIST.search(f.path)
                and f.path.lower().endswith(_LIST_SUFFIXES)
                and not _OUTPUT_NAME.search(f.path.rsplit("/", 1)[-1])
            ):
                # imagenet_subsets/10percent.txt (n01440764_10026.JPEG per line), spc.4000_split.152.txt (an
                # index per line): the samples a labelled subset or split holds, by name or by index; not a
                # file the project's code writes (submissions/test_split/pred_labels.txt)
                if written is None:
                    written = {w.target.rsplit("/", 1)[-1] for m in index.modules.values() for w in m.writes}
                    named = _strings_of_code_and_configs(index)
                name = f.path.rsplit("/", 1)[-1]
                # ... that the code or a config names (subset_path: imagenet_subsets/): lists only a README's
                # evaluation instructions mention (msn's low-shot subsets) are no split of the runs' data
                folder = f.path.rsplit("/", 1)[0].rsplit("/", 1)[-1] if "/" in f.path else ""
                by_content = (
                    name not in written
                    and any((folder or name) in s for s in named)
                    and _lists_ids(inventory, f.path)
                )
        if (
            f.origin in ("tracked", "walked")
            and (
                by_content
                or in_split_dir
                or _SPLIT_FILE.search(f.path)
                # voc12_train.txt, coco17_val.txt in data/: a dataset's split named by its suffix
                or (_DATA_FOLDER.search(f.path) and _SUFFIX_SPLIT.search(f.path.rsplit("/", 1)[-1]))
            )
            and f.kind not in ("requirements", "doc", "license")  # requirements/test.txt lists packages
            and not _no_samples(f, index, inventory.root)
            # web/dets/test.json beside ssd300.json and yolact_base.json: named like a split, but alone in a
            # folder of outputs; a split named outside a data folder has another split beside it
            and (
                by_content
                or in_split_dir
                or _DATA_FOLDER.search(f.path)
                or not _BARE_SPLIT.fullmatch(f.path.rsplit("/", 1)[-1])
                or len(splits_in.get(f.path.rpartition("/")[0], ())) > 1
            )
        ):
            tax.split_files.append(Evidence(f.path, 0, "committed split file"))
            if len(tax.split_files) >= 10:
                break
    if len(tax.split_files) > 1:
        # the ones the code names first (list_file='./data/voc12_train.txt'), then the others
        names = {e.path.rsplit("/", 1)[-1] for e in tax.split_files}
        named = {
            v.rsplit("/", 1)[-1]
            for m in index.modules.values()
            for c in m.calls
            for v in (*c.args, *(x for _k, x in c.kwargs))
            if isinstance(v, str) and v.rsplit("/", 1)[-1] in names
        }
        tax.split_files.sort(key=lambda e: e.path.rsplit("/", 1)[-1] not in named)


def present(detections: list[Detection], category: str | None = None) -> list[Detection]:
    return [d for d in detections if d.present and (category is None or d.category == category)]


def by_tool(detections: list[Detection]) -> dict[tuple[str, str], Detection]:
    return {(d.tool, d.category): d for d in detections}


__all__ = [
    "detect",
    "present",
    "by_tool",
    "scope_of",
    "Taxonomy",
    "EXAMPLE",
    "TEST",
]
