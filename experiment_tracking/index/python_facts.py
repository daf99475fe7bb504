"""Facts from one Python module (or the code cells of one notebook), from a single ``ast`` parse.

Names are resolved through the module's imports, so ``import mlflow as mf; mf.log_param(...)``
is recorded as ``mlflow.log_param``. Variables assigned from a call carry that call's name with
``()`` appended, so ``run = wandb.init(); run.log(...)`` becomes ``wandb.init().log`` and
``ex = Experiment(); @ex.automain`` becomes ``sacred.Experiment().automain``. One flat namespace
per module is an approximation that matches how training scripts are written.
"""

from __future__ import annotations

import ast
import builtins
import collections
import re
from dataclasses import dataclass, field
from typing import NamedTuple

from ..detect.framework_clis import OPENMMLAB_PACKAGES
from ..detect.signatures import LEARNER_APIS, learner_api, learner_role, star_names
from . import writes as _w
from .given import absent_test, given_test, returns_early
from .syntax_fallback import parse_with_fallback
from .writes import Write

MAX_LITERAL_ITEMS = 64
# String constants that name files of these kinds are kept: results, checkpoints, data.
FILE_SUFFIXES = (
    ".csv",
    ".tsv",
    ".json",
    ".jsonl",
    ".yaml",
    ".yml",
    ".parquet",
    ".pt",
    ".pth",
    ".ckpt",
    ".pkl",
    ".pickle",
    ".joblib",
    ".h5",
    ".keras",
    ".onnx",
    ".safetensors",
    ".npy",
    ".npz",
    ".png",
    ".pdf",
    ".svg",
    ".html",
    ".txt",
    ".log",
    ".db",
    ".sqlite",
)
# File names kept as literals: data and result files, and the scripts a launcher starts ('train.py').
LITERAL_SUFFIXES = (*FILE_SUFFIXES, ".py", ".sh", ".jpg", ".jpeg")  # images a script opens by name too
# a function turning a mapping into text by its name: dict2str, cfg_to_str, format_config, pretty_dict
_TEXT_FORMATTER = re.compile(r"(2str|to_?str|^format_|_format$|pretty|^dump_?s?$)", re.I)
# calls that read a file named by their first argument
_READ_CALLS = frozenset({"open", "io.open", "codecs.open", "numpy.loadtxt", "numpy.genfromtxt", "numpy.fromfile",
                         "pandas.read_csv", "pandas.read_table"})  # fmt: skip
_SETUP_CALLS = (
    "warnings.",
    "logging.",
    "print",
    "sys.path",
    "os.environ",
    "load_dotenv",
    "dotenv.",
    "matplotlib.",
    "plt.",
    "torch.set_",
    "np.set_",
    "numpy.set_",
    "pd.set_option",
    "pandas.set_option",
)
# Nodes that can hold no call: never pushed on the walk stack.
_SKIP = frozenset({ast.Name, ast.Constant, ast.Load, ast.Store, ast.Del})
IMPORT_ERRORS = frozenset({"ImportError", "ModuleNotFoundError", "Exception", "BaseException"})


@dataclass(frozen=True)
class Dyn:
    """A value that is not a literal; ``text`` is its resolved dotted name when it has one."""

    text: str

    def __repr__(self) -> str:
        return f"<{self.text}>"


class Call(NamedTuple):
    # NamedTuples: millions are built per audit and pickled back from workers; a tuple is cheapest.
    name: str  # resolved dotted name, e.g. "mlflow.log_params" or "wandb.init().log"
    line: int
    cell: int
    args: tuple
    kwargs: tuple  # ((keyword, value), ...); value is a literal or Dyn; "**" for **kwargs

    def kw(self, key: str, default=None):
        for k, v in self.kwargs:
            if k == key:
                return v
        return default

    def has_kw(self, key: str) -> bool:
        return any(k == key for k, _ in self.kwargs)


class Import(NamedTuple):
    module: str  # fully qualified: "torch.utils.tensorboard.SummaryWriter"
    line: int
    cell: int
    guarded: bool  # inside try/except ImportError: optional use


class Assign(NamedTuple):
    target: str  # resolved dotted target, e.g. "torch.backends.cudnn.deterministic"
    value: object
    line: int
    cell: int


@dataclass
class ModuleFacts:
    path: str
    lines: int = 0
    imports: list[Import] = field(default_factory=list)
    calls: list[Call] = field(default_factory=list)
    decorators: list[Call] = field(default_factory=list)  # bare decorators get args=()
    bases: list[tuple[str, str, int, int]] = field(default_factory=list)  # class, base, line, cell
    assigns: list[Assign] = field(default_factory=list)
    functions: list[tuple[str, int, int, int]] = field(default_factory=list)  # name, line, cell, end line
    toplevel: list[str] = field(default_factory=list)  # module-level functions without decorators
    file_literals: list[tuple[str, int, int]] = field(default_factory=list)  # text, line, cell
    # String literals naming a process launcher ("mpirun", "torchrun ..."): a script that starts its
    # own workers (subprocess.check_call(["mpirun", "-np", n, sys.executable] + sys.argv)).
    launcher_literals: list[tuple[str, int, int]] = field(default_factory=list)
    output_records: list[tuple[int, str]] = field(default_factory=list)  # notebook cell, metric shown
    constants: dict[str, object] = field(default_factory=dict)  # module-level literal lists/dicts by name
    constant_lines: dict[str, int] = field(default_factory=dict)  # where each constant is assigned
    # Parameters of module-level functions: the options of `CLI(main)`, `fire.Fire(main)`, `typer.run(main)`.
    func_params: dict[str, tuple] = field(default_factory=dict)
    # how many arguments a call of each module-level function must pass (parameters without defaults)
    required_args: dict[str, int] = field(default_factory=dict)
    # parameters of methods and nested functions, by name (the first definition): a wrapper method's
    # argument (def write_hparams(self, hparams)) is what its callers hand it
    method_params: dict[str, tuple] = field(default_factory=dict)
    # parameters of functions and methods whose default is False, None, 0 or "", by function name (the first
    # definition): a caller that leaves them out leaves them off
    off_params: dict[str, tuple] = field(default_factory=dict)
    # `f(x) if args.flag else g(x)` statements: (line, cell, the guarded call's last name, test, option, source)
    ifexp_calls: list[tuple[int, int, str, str, str, str]] = field(default_factory=list)
    writes: list[Write] = field(default_factory=list)  # what is written to disk, where, built from what
    # Functions that write a file whose path is one of their parameters: def dict_to_json(d, fname).
    # (function, index of the path parameter, index of the object parameter or -1, the write)
    writer_funcs: list[tuple[str, int, int, Write]] = field(default_factory=list)
    # Calls that pass a path-like argument: (called name, argument index, path template, origins,
    # the other arguments' text, line, cell, enclosing function), to follow into writer_funcs.
    path_calls: list[tuple[str, int, str, tuple, str, int, int, str]] = field(default_factory=list)
    # Blocks run only when a tracking/logging switch is on: (first line, last line, cell, condition).
    flag_blocks: list[tuple[int, int, int, str]] = field(default_factory=list)
    # Functions whose body does nothing but return None (`def loader_worker_init_fn(dataset): return None`):
    # a value built by calling one is None, whatever its name promises.
    none_functions: list[str] = field(default_factory=list)
    # Blocks run only when a file exists, tested on a computed path (`if (logdir / 'variables.pkl').exists():`),
    # which flag_blocks leaves out: (first line, last line, cell, condition). What the disk holds, not a switch.
    file_blocks: list[tuple[int, int, int, str]] = field(default_factory=list)
    # (line, cell) of seeding calls whose argument was read from the clock or the OS's entropy one
    # assignment before (`seed = int(time.time()) % 10000; set_global_seeds(seed * 100 + rank)`)
    clock_seeds: list[tuple[int, int]] = field(default_factory=list)
    # functions that return the commit they read (`return root, {"githash": sha}`)
    commit_returns: list[str] = field(default_factory=list)
    # (library root, condition) of a tracker run opened with mode="disabled" unless the condition holds
    mode_switches: list[tuple[str, str]] = field(default_factory=list)
    # Bodies of `if` tests comparing a score with the best one so far (`if acc > best_acc:`, `if
    # mean_reward > saved_mean_reward:`): (first line, last line, cell, test). A save there keeps the best.
    best_blocks: list[tuple[int, int, int, str]] = field(default_factory=list)
    # Names set from a comparison with the best score (`save_model = True` on a better accuracy): a test of
    # one of them asks whether this epoch is the best, not whether the run switched something on.
    best_flag_names: list[str] = field(default_factory=list)
    # (line, cell) of `np.random.shuffle(items)` calls whose list is then sliced (`items[n:]`): a split made
    # by hand (an 80/20 train/validation cut of the shuffled list)
    shuffle_splits: list[tuple[int, int]] = field(default_factory=list)
    # Blocks run only when a value is given (`if args.seed is not None:`, `if "seed" in cfg:`, the rest
    # of a function after `if seed is None: return`): (first line, last line, cell, condition, the
    # value's name, the object it is read from or '', its position among the enclosing function's
    # parameters (after self) or -1 when it is not one). See index/given.py.
    given_blocks: list[tuple[int, int, int, str, str, str, int]] = field(default_factory=list)
    # Directories the module refuses to write into when they already exist (`if exists(d): raise`)
    # (directory expression, options whose `not` in the same test lets a run reuse it)
    refused_dirs: list[tuple[str, tuple]] = field(default_factory=list)
    # A package's dotted name spliced with a value (`"models.trainer." + name`, f"models.{name}_model"):
    # (package, constant ending, line), the name of a module some loader may import
    spliced_names: list[tuple[str, str, int]] = field(default_factory=list)
    # (function, line, cell) of `if k not in b: raise KeyError(...)`: a merge that refuses unknown keys
    key_checks: list[tuple[str, int, int]] = field(default_factory=list)
    # Branches that never run: `if not deterministic:` after `deterministic = True`, `if False:`.
    # (first line, last line, cell); detection still sees them, rules do not take them as evidence.
    dead_branches: list[tuple[int, int, int]] = field(default_factory=list)
    # Statements after a raise or return in the same block: (first line, last line, cell)
    unreachable: list[tuple[int, int, int]] = field(default_factory=list)
    # Files the module writes only text literals into (a CSV header, the rows' writes commented out)
    header_files: list[str] = field(default_factory=list)
    # Methods of classes with no base class (plain objects, not framework subclasses whose methods a
    # library calls): (method, first line, cell, last line).
    plain_methods: list[tuple[str, int, int, int]] = field(default_factory=list)
    # the helpers of torch modules (not the Module API torch calls): judged like plain methods, except in
    # a library, whose users call its modules' methods
    module_methods: list[tuple[str, int, int, int]] = field(default_factory=list)
    # Every class of the module: (name, first line, cell, last line); what its methods call and assign
    # is read from the calls and assigns in that span (a class that parses the command line).
    classes: list[tuple[str, int, int, int]] = field(default_factory=list)
    # Module-level functions with decorators (pipeline steps, tasks, flows): (name, def line, cell,
    # last line, parameter names, names in the return annotation (resolved types and the string
    # output names), whether the body returns a value). What a framework keeps of a step's run.
    signatures: list[tuple[str, int, int, int, tuple, tuple, bool]] = field(default_factory=list)
    # Config scopes (`@ex.config def cfg(): seed = 0; env_name = ...`): a framework keeps the names
    # the body binds as the run's configuration. (decorator, def line, cell, ((name, line), ...))
    config_scopes: list[tuple[str, int, int, tuple]] = field(default_factory=list)
    # Keys of the dict a Lightning hook returns (`return {"loss": loss, "log": logs}` in training_step,
    # Lightning < 1.0's way to hand metrics to its logger): (hook, key, line, cell)
    returned_keys: list[tuple[str, str, int, int]] = field(default_factory=list)
    # stats = {"dt": timer.seconds(), "mem": gpu_mem_usage(), ...}: (name, its string keys, line, cell) of
    # the dict literals bound to a name, so a log call handed the name is known to log those keys
    named_dicts: list[tuple[str, tuple, int, int]] = field(default_factory=list)
    # Lines of dict literals that hold a literal "config" dict ({"run": ..., "config": {"lr": args.lr}}): a
    # Ray Tune experiment spec whose trials get only those chosen values
    literal_configs: list[tuple[int, int]] = field(default_factory=list)
    # Paths a class keeps in its fields (``self.checkpoint_path = join(self.log_dir, ...)`` in one method,
    # handed to a callback in another): field -> (template, origins), for the writers read later.
    field_paths: dict = field(default_factory=dict)
    # Fields a constructor sets from its own parameter (``self.output_dir = output_dir or default``):
    # field -> (class, parameter index, parameter name), so the writes below ``{self.output_dir}`` are
    # followed to the directories the class's callers hand it (records._passed_run_dir).
    param_fields: dict = field(default_factory=dict)
    # Module-level names bound to a path template, (template, origins) by name, for the modules that
    # import this one; and the modules this one imports under another name (`import Config as config`).
    module_paths: dict = field(default_factory=dict)
    # Names bound inside functions to a directory made new per run (`folder = join(args.out, strftime(...))`):
    # (name, template), where the fixes can add files beside the run's own.
    run_dirs: list = field(default_factory=list)
    module_aliases: dict = field(default_factory=dict)
    main_guard: int = 0  # line of ``if __name__ == "__main__"`` (0 = none)
    script_line: int = 0  # first module-level call or loop outside the main guard (0 = none)
    script_line_cell: int = 0
    main_guard_cell: int = 0
    error: str = ""
    syntax_note: str = ""  # newer or Python 2 syntax simplified to read the module (see syntax_fallback)
    fstring_line: int = 0  # the first f-string's line: the module is Python 3.6 or later (0 = none)
    kernel_python: str = ""  # a notebook's metadata: the Python it was last run with ("3.6.4")
    kernel_gpu: str = ""  # a Colab notebook's metadata: the GPU its runtime had ("T4"), or "GPU"
    # a notebook's saved `%watermark -p torch,numpy` / `-iv` output: (cell, "torch 1.8.1") per package
    package_versions: list[tuple[int, str]] = field(default_factory=list)
    # What later stages compute from this module alone, computed once when it is parsed and kept
    # with its facts in the content cache (``index.build.derive``): "detect" -> the detection
    # engine's module_hits. Absent: the stage computes it itself.
    derived: dict = field(default_factory=dict)
    # Library names the module binds at module level (`import tensorflow as tf`, `SummaryWriter =
    # tf.summary.FileWriter`): what `from this_module import *` passes on. name -> resolved name
    exports: dict = field(default_factory=dict)
    star_imports: list = field(default_factory=list)  # modules star-imported that no library list knows
    # `name = call(...)` statements: (line, cell, name), for one step of data flow from a call's
    # arguments to what is done with its value (`logs = get_logs(mem=...)`, then `log(logs)`).
    call_targets: list = field(default_factory=list)
    # Log or print calls whose text holds a library's version (`logger.info(f"torch {torch.__version__}")`):
    # (line, cell, the attribute as written).
    version_logs: list = field(default_factory=list)
    # Module-level functions that make a directory named by the time (or a counter) and return it
    # (`create_save_path()`: join(cwd, f"run_{now:%Y%m%d}"), makedirs, return): what a caller binds
    # to their result is a fresh directory per run.
    fresh_dir_funcs: list = field(default_factory=list)
    # Names that say where training is (step, epoch, start_epoch, ckpt_step), set from a value read out
    # of another object: (line, cell, name, source). The source is the object's name
    # (`start_epoch = checkpoint["epoch"] + 1` -> "checkpoint", `step = ckpt_step` -> "ckpt_step"), or
    # "call:<name>" for a call's result (`step, aux = t.load(bucket, model_dir)`). Records follow the
    # source back to a load: the run continues where a saved one stopped.
    position_assigns: list = field(default_factory=list)
    # Names a function assigns that hold a measure it computes by hand (acc, correct, top1, score, err):
    # (line, cell, name)
    measures: list = field(default_factory=list)
    # Loops over every option of an object (`for k, v in vars(args).items()`, `config.get_keys().items()`):
    # (line, cell, what the items come from, names the loop body calls, that name resolved). A body
    # that hands each option to a tracker logs the whole configuration.
    option_loops: list = field(default_factory=list)
    # Literal defaults of annotated class fields (dataclasses, pydantic models): (class, field, value, line, cell).
    class_defaults: list = field(default_factory=list)
    # String literals assigned to plain names anywhere in the module (`strategy = "ddp"` in one branch,
    # "dp" in another), by name: what a keyword handed the name (Trainer(strategy=strategy)) may hold.
    str_values: dict = field(default_factory=dict)
    str_lines: dict = field(default_factory=dict)  # name -> line of its first string assignment kept
    # Module-level functions' parameters that default to None: `def random_seed(seed=None)`.
    none_defaults: dict = field(default_factory=dict)
    # Seed parameters with an int literal default, of any function or method: `random_seed=1234`.
    seed_defaults: dict = field(default_factory=dict)
    # Path parameters of module-level functions with a string default: {function: {parameter: (index,
    # default)}} (`def train_fn(..., log_dir='/tmp/procgen')`): the directory of every run no caller overrides.
    path_defaults: dict = field(default_factory=dict)
    # Names (variables, and functions or properties returning them) built from every key and value of a
    # mapping: `for k, v in self._attrs.items(): model_dir += "/%s-%s" % (k, v)`. A run folder so named
    # keeps the whole configuration in its path.
    # (function, name, line, cell): the name a function builds, or the function (property) returning it
    option_names: list = field(default_factory=list)
    # Who the header's copyright line names ("the huggingface inc team"): a module copied from
    # another project keeps its authors' notice.
    copyright_holder: str = ""
    # (function, name or attribute) bound to tempfile's self-removing directories and files (with
    # tempfile.TemporaryDirectory() as tmp): what is written under them is gone when the run ends
    temp_dirs: list = field(default_factory=list)
    # if/else statements: (body's first line, its last, else's first line, its last, cell, the test)
    either_or: list = field(default_factory=list)

    def imported(self, prefix: str) -> bool:
        return any(i.module == prefix or i.module.startswith(prefix + ".") for i in self.imports)

    def in_function_named(self, names, line: int, cell: int) -> bool:
        """The line sits inside a function or method whose name is in ``names`` (at any depth)."""
        return any(
            name in names and c == cell and start <= line <= end for name, start, c, end in self.functions
        )

    def innermost_function(self, line: int, cell: int) -> tuple | None:
        """(name, start, cell, end) of the innermost function holding a line, or None."""
        best = None
        for f in self.functions:
            if f[2] == cell and f[1] <= line <= f[3] and (best is None or f[1] >= best[1]):
                best = f
        return best


# The index of the process in a multi-process launch: jax.host_id(), jax.process_index(), dist.get_rank(),
# args.local_rank, a data worker's id
PROCESS_INDEX = re.compile(
    r"(?:[\w.]+\.)?(?:host_id|process_index|process_id|get_rank|get_local_rank|local_rank|rank|worker_id|"
    r"worker_info\.id|torch\.utils\.data\.get_worker_info\(\)\.id)(?:\(\))?"
)


def literal(node: ast.AST, resolve=None, depth: int = 0):
    """A simple literal value of ``node``, or Dyn with a readable name for anything else."""
    if isinstance(node, ast.Constant):
        v = node.value
        if isinstance(v, (str, int, float, bool)) or v is None:
            return v[:500] if isinstance(v, str) else v
        return Dyn(type(v).__name__)
    if depth < 3 and isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        items = node.elts[:MAX_LITERAL_ITEMS]
        return [literal(e, resolve, depth + 1) for e in items]
    if depth < 3 and isinstance(node, ast.Dict):
        out = {}
        for k, v in list(zip(node.keys, node.values, strict=False))[:MAX_LITERAL_ITEMS]:
            if isinstance(k, ast.Constant) and isinstance(k.value, str):
                out[k.value] = literal(v, resolve, depth + 1)
        return out
    if (
        depth < 3
        and isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "dict"
        and not node.args
        and node.keywords
        and all(k.arg for k in node.keywords)
    ):
        # dict(epochs=epochs, lr=lr) is a dict literal written as a call: the keys are what it holds
        return {k.arg: literal(k.value, resolve, depth + 1) for k in node.keywords[:MAX_LITERAL_ITEMS]}
    if (
        isinstance(node, ast.Subscript)
        and isinstance(node.value, ast.Dict)
        and node.value.values
        and all(isinstance(v, ast.Constant) and isinstance(v.value, str) for v in node.value.values)
    ):
        # {'cifar10': 'cifar10:3.0.0', 'celebahq256': 'celeb_a_hq/256:2.0.0'}[name]: one of these strings
        return Dyn("one of " + ", ".join(repr(v.value[:80]) for v in node.value.values[:8]))
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        inner = literal(node.operand, resolve, depth + 1)
        if isinstance(inner, (int, float)) and not isinstance(inner, bool):
            return -inner
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mult)) and resolve is not None:
        # 20201473 + jax.host_id(): a literal offset by the process's index (a seed per host)
        sides = [literal(x, resolve, depth + 1) for x in (node.left, node.right)]
        texts = [str(v) if type(v) is int else getattr(v, "text", "") for v in sides]
        if any(type(v) is int for v in sides) and all(
            PROCESS_INDEX.fullmatch(t) or t.isdigit() for t in texts
        ):
            return Dyn(f" {'+' if isinstance(node.op, ast.Add) else '*'} ".join(texts))
    if isinstance(node, ast.IfExp):
        # `"ddp" if gpus > 1 else None`: either value, decided at run time; keep the choices readable.
        a, b = literal(node.body, None, depth + 1), literal(node.orelse, None, depth + 1)
        if not isinstance(a, (Dyn, list, dict)) and not isinstance(b, (Dyn, list, dict)):
            return Dyn(f"{a!r} if ... else {b!r}")
        if b is None or a is None:
            # worker_init_fn=init_fn if is_iterable else None: a value on some runs, none on others
            given = _w._short(node.body if b is None else node.orelse, 60)
            return Dyn(f"{given} if ... else None" if b is None else f"None if ... else {given}")
    if resolve is not None:
        name = resolve(node)
        if name:
            return Dyn(name)
    return Dyn(type(node).__name__)


_CONFIG_SCOPE = re.compile(r"\.(config|named_config)$")


def _bound_names(body: list) -> tuple:
    """(name, line) of the local names a function body binds by assignment, in branches too but not in
    nested functions or classes: what a config scope keeps (at most 200)."""
    out: list[tuple[str, int]] = []
    stack = list(reversed(body))
    while stack and len(out) < 200:
        n = stack.pop()
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        targets = (
            n.targets
            if isinstance(n, ast.Assign)
            else [n.target]
            if isinstance(n, (ast.AnnAssign, ast.AugAssign))
            else []
        )
        for t in targets:
            for x in t.elts if isinstance(t, (ast.Tuple, ast.List)) else [t]:
                if isinstance(x, ast.Name):
                    out.append((x.id, n.lineno))
        if isinstance(n, (ast.If, ast.For, ast.While, ast.With, ast.Try)):
            for block in ("finalbody", "orelse", "handlers", "body"):
                stack.extend(reversed(getattr(n, block, None) or []))
        elif isinstance(n, ast.ExceptHandler):
            stack.extend(reversed(n.body))
    return tuple(out)


def _returns_value(fn: ast.AST) -> bool:
    """Whether a function's own body (not a nested function's) returns something other than None."""
    stack = list(getattr(fn, "body", ()))
    while stack:
        n = stack.pop()
        if isinstance(n, ast.Return):
            if n.value is not None and not (isinstance(n.value, ast.Constant) and n.value.value is None):
                return True
            continue
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            continue
        if isinstance(n, ast.stmt):
            stack.extend(ast.iter_child_nodes(n))
    return False


# Modules whose dump(obj, stream) serialises its first argument (not a receiver writing itself).
_DUMP_MODULES = ("json.", "yaml.", "pickle.", "joblib.", "marshal.", "toml.", "ruamel.", "cloudpickle.", "dill.", "ujson.", "orjson.", "simplejson.")  # fmt: skip


class _Collector:
    """Walks a module once, keeping the import/alias state across notebook cells."""

    def __init__(self, facts: ModuleFacts, package: str):
        self.facts = facts
        self.package = package  # dotted package of the module, for relative imports
        self.aliases: dict[str, str] = {}
        self.cell = 0
        self.depth = 0  # >0 inside a function or class body
        # Variables bound to paths and to open files, for tracing writes (one flat namespace).
        self.paths: dict[str, tuple[str, tuple]] = {}
        self.handles: dict[str, tuple[str, tuple, str]] = {}
        self.with_node: ast.With | ast.AsyncWith | None = None  # the `with` whose items are being read
        self.func = ""  # the enclosing function's name
        self._outer_bypass: dict[int, tuple] = {}  # nested if -> options its enclosing ifs require false
        self.declared_global: set[str] = set()  # module names functions reassign under `global`
        self.logs_to_file = False  # the module sets up a log file somewhere (basicConfig, FileHandler)
        # names bound to what a call handed a path returned: name -> (function, argument, path, origins)
        self.bound_writers: dict[str, tuple] = {}
        self.bound_count = 0  # their calls kept so far (at most 60 per module)
        self.import_roots: set[str] = set()  # top-level modules imported so far
        self.params: frozenset = (
            frozenset()
        )  # its parameters: `if init:` is the caller's choice, not a switch
        self.param_order: list[str] = []  # the enclosing function's positional parameters, in order
        self.enclosing: list[tuple[str, list]] = []  # (name, parameters) of the functions around a nested one
        self.varargs: frozenset = frozenset()  # its *args and **kwargs names
        self.loops: list[ast.AST] = []  # the for/while loops around the current statement
        self.loop_names: dict[int, set] = {}  # loop id -> names it assigns (built on demand)
        self.dicts: dict[str, ast.Dict] = {}  # name -> dict literal it was bound to (checkpoint = {...})
        self.dict_binding: dict[
            str, tuple[str, ast.Dict]
        ] = {}  # name -> (function, dict literal) it holds now
        self.derived: dict[str, ast.expr] = {}  # name -> the call or literal its value was built from
        # use_wandb = torch.distributed.get_rank() == 0: names that only say which process this is
        self.process_flags: set[tuple[str, str]] = set()  # (function, name)
        self.best_aliases: set[tuple[str, str]] = set()  # (function, name) holding the best score so far
        # name -> values it held before its last assignment: `flags_str = FLAGS.flags_into_string()` in one
        # branch of an if/else and a hand-built join of the flags in the other; a write of the name writes either
        self.derived_before: dict[str, list] = {}
        self.default_paths: dict[str, str] = {}  # a file-name default -> the parameter it is the default of
        # name -> a command built before it is run: cmd = ['git', 'rev-parse', 'HEAD']; Popen(cmd)
        self.commands: dict[str, ast.expr] = {}
        self.merged: dict[str, list] = {}  # name -> what `name.update(...)` merged into it
        # (function, name) -> the keys of the dicts `name.append({...})` filled it with (one record per item)
        self.appended_keys: dict[tuple[str, str], set] = {}
        # (function, cell, name, line) of each `shutil.rmtree(name)` of a temporary folder (`tmpdir`, or one
        # the function made with tempfile): a folder the function deletes once done with it
        self.removed_dirs: list[tuple[str, int, str, int]] = []
        self.init_params: dict[str, list] = {}  # class -> its __init__ parameters (after self)
        self.attr_aliases: dict[str, str] = {}  # self.<attr> -> the imported module assigned to it
        self.late_imports: dict[str, str] = {}  # see _late_imports
        self.defined_names: set[str] = set()  # functions and methods defined so far (off_params)
        self.builder = _w.PathBuilder(
            self.resolve,
            self.paths,
            self._varies,
            facts.constants,
            lambda name: name in self.clock_names,
            self._built_text,
            self._default_branch,
        )
        self.loop_stores: dict[int, frozenset] = {}  # loop id -> names and attributes it assigns
        self.literal_loops: set[int] = set()  # loops over a literal list of fixed paths
        self.part_loops: set[int] = set()  # loops over the parts an object holds (its layers, networks)
        # attributes of an options object set to a per-run directory (opt.save_dir = increment_path(...))
        self.late_attrs: dict[str, tuple[str, tuple]] = {}
        self.star_bound: set[str] = set()  # names a star import bound (`np` from fastai's)
        self.unpacked: set[str] = set()  # names unpacked from a call's result (`done` of env.step)
        self.clock_names: set[str] = set()  # names last bound to a value read from the clock
        self.torch_classes: set[str] = set()  # classes of this module built on torch.nn.Module
        # names last bound to an instance of one (net = Net(...)), a copy of it (net_best = copy.deepcopy(net))
        # or the module moved (net.cpu()): what torch.save is handed is then the model, whatever its name
        self.module_names: set[str] = set()
        # names last bound to text built by string operations alone from other values (no clock, no call
        # of the project's): `timeStamp = "-".join(task_names) + "_" + args.save_name` -> that expression
        self.text_built: dict[str, ast.expr] = {}
        self.commit_names: set[str] = set()  # names bound to the commit read (git rev-parse HEAD)
        self.in_branch = 0  # depth of `if` branches around the statement (the main guard aside)
        # libraries a star import of a project module may pass on under their usual names: where
        self.star_libraries: dict[str, tuple[int, int, bool]] = {}
        # log files the module sets up (FileHandler, basicConfig(filename=), dictConfig): (path, origins)
        self.log_files: list[tuple[str, tuple]] = []
        self.prints_to_file = False  # sys.stdout was pointed at a file: print() writes the run's log
        self.log_forwarders: dict[str, str] = {}  # a one-parameter helper -> the logging call it hands it to

    def _export(self, short: str, full: str) -> None:
        if not short.startswith("_") and short != full and len(self.facts.exports) < 200:
            self.facts.exports[short] = full

    # -- name resolution -------------------------------------------------------------
    def resolve(self, node: ast.AST) -> str:
        if isinstance(node, ast.Name):
            got = self.aliases.get(node.id)
            if got is None and self.depth and self.late_imports:
                got = self.late_imports.get(node.id)
            return node.id if got is None else got
        if isinstance(node, ast.Attribute):
            if self.attr_aliases and isinstance(node.value, ast.Name) and node.value.id == "self":
                module = self.attr_aliases.get(node.attr)
                if module:  # self._wandb = wandb in __init__, self._wandb.log(...) later
                    return module
            base = self.resolve(node.value)
            if not base:
                return ""
            if base in _RENAMED_MODULES:  # from sklearn import cross_validation; cross_validation.KFold
                return f"{_RENAMED_MODULES[base]}.{node.attr}"
            return f"{base}.{node.attr}"
        if isinstance(node, ast.Call):
            base = self.resolve(node.func)
            return f"{base}()" if base else ""
        if isinstance(node, ast.Subscript):
            base = self.resolve(node.value)
            key = node.slice
            if isinstance(key, ast.Constant) and isinstance(key.value, str):
                return f"{base}[{key.value}]" if base else ""
            return f"{base}[]" if base else ""
        return ""

    def _late_imports(self, body: list, tree: ast.AST) -> dict[str, str]:
        """Module globals an import binds after the functions that use them are defined (`from keras
        import callbacks` under `if __name__ == "__main__":`, below `def train()` calling
        callbacks.TensorBoard): bound when those functions run. Names the module also assigns or takes
        as a parameter anywhere are left out, as one flat namespace cannot tell which binding a use sees."""
        late: dict[str, str] = {}
        defined = False
        pending = collections.deque(body)  # statements in source order, nested blocks in place
        while pending:
            node = pending.popleft()
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                defined = True
            elif isinstance(node, (ast.If, ast.Try)) or type(node).__name__ == "TryStar":
                nested = [*node.body, *node.orelse, *getattr(node, "finalbody", ())]
                for h in getattr(node, "handlers", ()):
                    nested.extend(h.body)
                pending.extendleft(reversed(nested))
            elif defined and isinstance(node, ast.Import):
                for a in node.names:
                    late[a.asname or a.name.split(".")[0]] = a.name if a.asname else a.name.split(".")[0]
            elif defined and isinstance(node, ast.ImportFrom):
                mod = self._relative(node.module, node.level) if node.level else (node.module or "")
                for a in node.names:
                    if a.name != "*":
                        late[a.asname or a.name] = f"{mod}.{a.name}" if mod else a.name
        if late:
            for n in ast.walk(tree):
                if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load):
                    late.pop(n.id, None)
                elif isinstance(n, ast.arg):
                    late.pop(n.arg, None)
        return late

    def _relative(self, module: str | None, level: int) -> str:
        parts = self.package.split(".") if self.package else []
        if level > 1:
            parts = parts[: len(parts) - (level - 1)] if level - 1 <= len(parts) else []
        base = ".".join(parts)
        if module:
            return f"{base}.{module}" if base else module
        return base

    # -- the walk --------------------------------------------------------------------
    def run(self, tree: ast.AST) -> None:
        self.bool_consts = consts = _LazyConsts(tree)
        f = self.facts
        first = (len(f.writes), len(f.path_calls), len(f.writer_funcs))
        self.builder.returns = _w.path_returns(tree)
        self.tree = tree
        self._tuple_returns = None
        self.late_imports = self._late_imports(getattr(tree, "body", []), tree)
        self.top_defs = frozenset(
            n.name
            for n in getattr(tree, "body", [])
            if type(n) in (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
        )
        try:
            self._body(getattr(tree, "body", []), guarded=False)
            self._step_params(tree, first)
            self._late_attr_paths(first[0], first[1])
            self._memory_writes()
            if self.removed_dirs:
                self._drop_removed_writes()
            self._drop_header_only_writes()
            if self.star_libraries:
                used = {c.name.split(".", 1)[0] for c in f.calls}
                for full, (line, cell, guarded) in self.star_libraries.items():
                    if full.split(".", 1)[0] in used and self.aliases.get(_SHORT_OF[full]) == full:
                        f.imports.append(Import(full, line, cell, guarded))
        finally:
            # The collector is freed by the cyclic collector, paused while files are parsed:
            # holding the tree past the walk would keep every parsed tree alive until then.
            consts.tree = None
            self.tree = None

    def _drop_header_only_writes(self) -> None:
        """A file the module writes only text literals into (`file.write("epoch,batchid,loss\\n")`, the
        rows' own writes commented out): a header, no value of any run."""
        f = self.facts
        literal: dict[str, bool] = {}
        for w in f.writes:
            if w.kind == "open" or not w.target:
                continue
            is_literal = w.kind == "stream" and not w.roots and _QUOTED.fullmatch(w.what) is not None
            literal[w.target] = literal.get(w.target, True) and is_literal
        header = {t for t, only in literal.items() if only}
        if header:
            f.writes = [w for w in f.writes if not (w.kind == "stream" and w.target in header)]
            f.header_files = sorted(header)[:20]

    def _drop_removed_writes(self) -> None:
        """Writes into a folder the same function deletes (`mmcv.dump(part, join(tmpdir, "part_0.pkl"))`, then
        `shutil.rmtree(tmpdir)` once the parts are gathered): scratch files, nothing a run keeps."""
        f = self.facts
        # (a folder removed before the writes is an old run's, cleared for the new one)
        gone = {(fn, cell, "{" + name + "}/"): line for fn, cell, name, line in self.removed_dirs}

        def scratch(w) -> bool:
            head = w.target.split("/", 1)[0] + "/"
            return w.line < gone.get((w.func, w.cell, head), 0)

        f.writes = [w for w in f.writes if not scratch(w)]
        f.writer_funcs = [wf for wf in f.writer_funcs if not scratch(wf[3])]

    def _body(self, stmts, guarded: bool) -> None:
        for i, stmt in enumerate(stmts):
            self._stmt(stmt, guarded)
            if type(stmt) is ast.If and self.depth and i + 1 < len(stmts) and returns_early(stmt.body):
                # `if seed is None: return` then `seed_everything(seed)`: the rest needs the value
                found = absent_test(stmt.test, self.derived)
                if found is not None:
                    self._given(stmts[i + 1 :], stmt.test, found, stmt.lineno)
            if type(stmt) in (ast.Raise, ast.Return) and i + 1 < len(stmts):
                # `raise ValueError("No way wandb")` above the body: what follows never runs
                rest = stmts[i + 1 :]
                self.facts.unreachable.append(
                    (rest[0].lineno, max((b.end_lineno or b.lineno) for b in rest), self.cell)
                )

    def _stand_in_import(self, node: ast.If) -> None:
        """`if not tag: from .metrics import SummaryWriterDummy as SummaryWriter` / `else: from tensorboardX
        import SummaryWriter`: one name bound to a tracker on one branch and to the project's stand-in on
        the other; what is written through it is written only when the test picks the tracker."""

        def bound(stmts) -> dict[str, str]:
            out = {}
            for st in stmts:
                if type(st) is ast.ImportFrom and st.module:
                    base = "." * st.level + st.module
                    out.update({a.asname or a.name: f"{base}.{a.name}" for a in st.names})
                elif type(st) is ast.Import:
                    out.update({a.asname or a.name.split(".")[0]: a.name for a in st.names})
            return out

        body, other = bound(node.body), bound(node.orelse)
        for name in sorted(body.keys() & other.keys()):
            sides = [(body[name], True), (other[name], False)]
            tracked = [(mod, on_body) for mod, on_body in sides if TRACKER_MODULE.search(mod)]
            if len(tracked) != 1:
                continue
            mod, on_body = tracked[0]
            cond = _w._short(node.test, 80) if on_body else _negated_text(node.test)
            # the module the name comes from (torch.utils.tensorboard, not all of torch)
            where = mod.rsplit(".", 1)[0] if "." in mod else mod
            self.facts.mode_switches.append((where, cond))
            return

    def _given(self, body: list, test: ast.expr, found, first: int = 0, negated: bool = False) -> None:
        """Record statements that run only when ``found`` (a Given) is given; ``negated``: they run
        when ``test`` is false (an else branch)."""
        f = self.facts
        if len(f.given_blocks) >= 400 or found.option in getattr(self, "installed_flags", ()):
            return  # `if _has_numpy:`: the package is installed, no value a user gives
        order = self.param_order[1:] if self.param_order[:1] in (["self"], ["cls"]) else self.param_order
        if found.source or found.option not in self.params:
            pos = -1
        else:
            pos = order.index(found.option) if found.option in order else 99  # keyword-only
        end = max((b.end_lineno or b.lineno) for b in body)
        cond = _w._short(test, 80)
        if negated:
            inner = test.operand if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not) else None
            cond = _w._short(inner, 80) if inner is not None else f"not ({cond})"
        f.given_blocks.append(
            (first or body[0].lineno, end, self.cell, cond, found.option, found.source, pos)
        )

    def _stmt(self, node: ast.stmt, guarded: bool) -> None:
        f = self.facts
        if type(node) is ast.Assign and type(node.value) is ast.Dict and len(f.literal_configs) < 50:
            if any(type(d) is ast.Dict and _holds_literal_config(d) for d in ast.walk(node.value)):
                f.literal_configs.append((node.lineno, self.cell))
        if (
            type(node) is ast.Return
            and self.func
            and f.option_names
            and node.value is not None
            and len(f.option_names) < 20
            and any(
                type(n) is ast.Name and (self.func, n.id) == (fn, name)
                for n in ast.walk(node.value)
                for fn, name, *_ in f.option_names
            )
        ):
            # `return model_dir + '/'`: the property names the run so too
            f.option_names.append(("", self.func, node.lineno, self.cell))
        if (
            type(node) is ast.Return
            and self.func
            and node.value is not None
            and self.commit_names
            and self.func not in f.commit_returns
            and any(type(n) is ast.Name and n.id in self.commit_names for n in ast.walk(node.value))
        ):
            f.commit_returns.append(self.func)  # return root, {"githash": git_hash}
        if (
            type(node) is ast.Assign
            and type(node.value) is ast.Dict
            and len(node.targets) == 1
            and type(node.targets[0]) in (ast.Name, ast.Attribute)
            and len(f.named_dicts) < 100
        ):
            keys = tuple(_dict_keys(node.value)[:30])
            if keys:
                f.named_dicts.append((_w._short(node.targets[0]), keys, node.lineno, self.cell))
        if (
            type(node) is ast.Return
            and self.func
            and _STEP_HOOK.match(self.func)
            and len(f.returned_keys) < 100
        ):
            for key in _dict_keys(node.value):
                f.returned_keys.append((self.func, key, node.lineno, self.cell))
        if isinstance(node, ast.Import):
            for a in node.names:
                f.imports.append(Import(a.name, node.lineno, self.cell, guarded))
                self.import_roots.add(a.name.split(".", 1)[0])
                if a.asname:
                    self.aliases[a.asname] = _RENAMED_MODULES.get(a.name, a.name)
                    if len(f.module_aliases) < 50:
                        f.module_aliases[a.asname] = a.name
                else:
                    top = a.name.split(".")[0]
                    self.aliases[top] = top
                    if "." not in a.name and len(f.module_aliases) < 50:
                        f.module_aliases[top] = top
                if not self.depth:
                    short = a.asname or a.name.split(".")[0]
                    self._export(short, self.aliases[short])
            return
        if isinstance(node, ast.ImportFrom):
            mod = self._relative(node.module, node.level) if node.level else (node.module or "")
            mod = _RENAMED_MODULES.get(mod, mod)
            self.import_roots.add(mod.split(".", 1)[0])
            for a in node.names:
                if a.name == "*":
                    f.imports.append(Import(mod, node.lineno, self.cell, guarded))
                    # `from fastai.vision import *` binds numpy as np, torch, the learner factories...:
                    # resolved as if imported by name (an explicit import of the same name wins).
                    names = star_names(mod)
                    for short, full in names.items():
                        if short not in self.aliases:
                            self.aliases[short] = full
                            self.star_bound.add(short)
                    if not names:
                        if not self.depth and len(f.star_imports) < 20:
                            f.star_imports.append(mod)
                        # `from ops import *` of the project's own module, which imports tensorflow as tf:
                        # the conventional names it passes on (imported below only if the module uses them)
                        for short, full in _CONVENTIONAL_ALIASES.items():
                            if short not in self.aliases:
                                self.aliases[short] = full
                                self.star_bound.add(short)
                                self.star_libraries[full] = (node.lineno, self.cell, guarded)
                    continue
                full = f"{mod}.{a.name}" if mod else a.name
                f.imports.append(Import(full, node.lineno, self.cell, guarded))
                self.aliases[a.asname or a.name] = full
                if not self.depth and not node.level:
                    self._export(a.asname or a.name, full)
            return
        if isinstance(node, ast.Try) or type(node).__name__ == "TryStar":
            catches = any(self._catches_import_error(h) for h in node.handlers)
            self._body(node.body, guarded or catches)
            for h in node.handlers:
                self._body(h.body, guarded)
            self._body(node.orelse, guarded)
            self._body(node.finalbody, guarded)
            return
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            if not self.depth and node.name in self.star_bound:
                self.aliases.pop(node.name, None)  # `def accuracy(...)` rebinds a star-imported name
            f.functions.append((node.name, node.lineno, self.cell, node.end_lineno or node.lineno))
            if _returns_nothing(node.body) and len(f.none_functions) < 100:
                f.none_functions.append(node.name)
            if not self.depth and not node.decorator_list:
                f.toplevel.append(node.name)
            a = node.args
            params = tuple(x.arg for x in (*a.posonlyargs, *a.args, *a.kwonlyargs))
            # parameters whose default leaves a switch off (`def manual_seed(seed, fix_cudnn=False)`): a
            # caller that does not pass them leaves the blocks testing them unrun
            pos_defaults = list(zip(reversed(a.args), reversed(a.defaults), strict=False))
            off = tuple(
                x.arg
                for x, d in (*pos_defaults, *zip(a.kwonlyargs, a.kw_defaults, strict=False))
                if type(d) is ast.Constant and not d.value
            )
            for x, d in (*pos_defaults, *zip(a.kwonlyargs, a.kw_defaults, strict=False)):
                if (
                    "seed" in x.arg.lower()
                    and type(d) is ast.Constant
                    and type(d.value) is int
                    and len(f.seed_defaults) < 50
                ):
                    f.seed_defaults.setdefault(x.arg, d.value)
            if node.name in self.defined_names:
                # two functions of that name: which one a call reaches is unknown
                f.off_params.pop(node.name, None)
            elif off and len(f.off_params) < 300:
                f.off_params[node.name] = off
            self.defined_names.add(node.name)
            if self.depth and node.name not in f.method_params and len(f.method_params) < 300:
                f.method_params[node.name] = params
            if not self.depth:
                f.func_params[node.name] = params
                # (a decorated one, @hydra.main or @click.command, is handed its arguments by the decorator)
                if len(f.required_args) < 300 and not node.decorator_list:
                    positional = len(a.posonlyargs) + len(a.args) - len(a.defaults)
                    keywords = sum(d is None for d in a.kw_defaults)
                    f.required_args[node.name] = positional + keywords
                order = [x.arg for x in (*a.posonlyargs, *a.args)]
                paths = {
                    x.arg: (order.index(x.arg) if x.arg in order else -1, d.value)
                    for x, d in _param_defaults(a)
                    if type(d) is ast.Constant and isinstance(d.value, str) and _PATH_PARAM.search(x.arg)
                }
                if paths and len(f.path_defaults) < 100:
                    f.path_defaults[node.name] = paths
                fresh = _makes_fresh_dir(node) if getattr(self, "makes_dirs", True) else ""
                if fresh and len(f.fresh_dir_funcs) < 50:
                    f.fresh_dir_funcs.append((node.name, fresh))
                positional = (*a.posonlyargs, *a.args)
                nones = tuple(
                    x.arg
                    for x, d in (
                        *zip(positional[len(positional) - len(a.defaults) :], a.defaults, strict=False),
                        *zip(a.kwonlyargs, a.kw_defaults, strict=False),
                    )
                    if isinstance(d, ast.Constant) and d.value is None
                )
                if nones and len(f.none_defaults) < 200:
                    f.none_defaults[node.name] = nones
            for d in node.decorator_list:
                self._decorator(d)
            if not self.depth and node.decorator_list and len(f.config_scopes) < 100:
                scope = next(
                    (n for n in map(self._decorator_name, node.decorator_list) if _CONFIG_SCOPE.search(n)), ""
                )
                if scope:
                    f.config_scopes.append((scope, node.lineno, self.cell, _bound_names(node.body)))
            if not self.depth and node.decorator_list and len(f.signatures) < 500:
                f.signatures.append(
                    (
                        node.name,
                        node.lineno,
                        self.cell,
                        node.end_lineno or node.lineno,
                        params[:24],
                        self._annotation_names(node.returns),
                        _returns_value(node),
                    )
                )
            self._exprs_in_args(node.args)
            forwarded = _log_forwarder(node, self.resolve)
            if forwarded:
                # def log_string(str): logger.info(str); print(str): its calls log what they are handed
                self.log_forwarders[node.name] = forwarded
            self._early_return_switch(node)
            self.depth += 1
            outer, self.func = self.func, node.name
            outer_params, outer_varargs = self.params, self.varargs
            self.params = frozenset(params)
            self.varargs = frozenset(x.arg for x in (a.vararg, a.kwarg) if x is not None)
            outer_order, self.param_order = self.param_order, [x.arg for x in (*a.posonlyargs, *a.args)]
            if outer:
                self.enclosing.append((outer, outer_order))
            # `def initialize_exp(params, dump_params=True)`: on unless a caller turns it off.
            outer_on, self.params_on = getattr(self, "params_on", frozenset()), _true_defaults(a)
            outer_defaults, self.str_defaults = (
                getattr(self, "str_defaults", {}),
                {
                    x.arg: d.value
                    for x, d in _param_defaults(a)
                    if type(d) is ast.Constant and isinstance(d.value, str)
                },
            )
            # A parameter is the caller's value: a path bound to the same name elsewhere (another
            # function's parameter default, a module variable) is not it; restored on the way out.
            shadowed = {}
            for x in (*a.posonlyargs, *a.args, *a.kwonlyargs):
                if x.arg in self.paths:
                    shadowed[x.arg] = self.paths.pop(x.arg)
            # output_fname="progress.txt": a file-name parameter is its default unless a caller says otherwise
            for x, d in _param_defaults(a):
                # save(self, checkpoint_dir, step, filename="model"): a file name without a suffix too
                if (
                    isinstance(d, ast.Constant)
                    and isinstance(d.value, str)
                    and (
                        d.value.lower().endswith(FILE_SUFFIXES)
                        or (
                            # a file's name, never a directory (run_dir=".", which callers replace)
                            re.search(r"(file|filename|fname|file_name)$", x.arg, re.I) is not None
                            and re.fullmatch(r"\w[\w.-]*", d.value) is not None
                        )
                    )
                ):
                    self.paths[x.arg] = (d.value, ("fixed",))
                    self.default_paths[d.value] = x.arg
            if node.name == "__init__" and getattr(self, "cls", ""):
                self.init_params[self.cls] = self.param_order[1:]
            # names read from the clock or the commit are this function's own bindings
            outer_clock, self.clock_names = self.clock_names, set()
            outer_commit, self.commit_names = self.commit_names, set()
            outer_text, self.text_built = self.text_built, {}
            self._body(node.body, guarded)
            self.clock_names, self.commit_names, self.text_built = outer_clock, outer_commit, outer_text
            for x in (*a.posonlyargs, *a.args, *a.kwonlyargs):
                self.paths.pop(x.arg, None)
            self.paths.update(shadowed)
            if self.default_paths:
                own = {x.arg for x in (*a.posonlyargs, *a.args, *a.kwonlyargs)}
                self.default_paths = {k: v for k, v in self.default_paths.items() if v not in own}
            self.str_defaults = outer_defaults
            self.depth -= 1
            self.func, self.params, self.param_order = outer, outer_params, outer_order
            if outer:
                self.enclosing.pop()
            self.varargs = outer_varargs
            self.params_on = outer_on
            return
        if (
            not self.depth
            and not f.script_line
            and isinstance(node, (ast.Expr, ast.For, ast.While, ast.With))
        ):
            # Work at module level (a call, a loop): the file runs as a script when executed.
            # Set-up calls (warnings, logging, print, sys.path) do not make a module a script.
            if not isinstance(node, ast.Expr) or (
                isinstance(node.value, ast.Call)
                and not self.resolve(node.value.func).startswith(_SETUP_CALLS)
                # register_train("example", fn): a plug-in registers itself on import; flags.DEFINE_integer(...)
                # declares an option of whichever program imports the module (absl, tf.app.flags)
                and not self.resolve(node.value.func)
                .rsplit(".", 1)[-1]
                .startswith(("register", "DEFINE", "mark_flag"))
            ):
                f.script_line = node.lineno
                f.script_line_cell = self.cell
        if isinstance(node, ast.ClassDef):
            if not self.depth and node.name in self.star_bound:
                self.aliases.pop(node.name, None)  # `class Learner:` is the module's own class
            for d in node.decorator_list:
                self._decorator(d)
            for b in node.bases:
                name = self.resolve(b)
                if name:
                    f.bases.append((node.name, name, node.lineno, self.cell))
            for kw in node.keywords:
                self._expr(kw.value)
            # a torch module's own helpers (Tacotron.log(path, msg)): torch calls only the Module API it
            # defines (forward, extra_repr, ...), so a helper nothing calls by name never runs
            torch_module = bool(node.bases) and all(
                self.resolve(b) in _TORCH_MODULE_BASES for b in node.bases
            )
            if any(self.resolve(b) in _TORCH_MODULE_BASES for b in node.bases):
                self.torch_classes.add(node.name)
            if (
                torch_module
                or all(self.resolve(b) in ("object", "") and isinstance(b, ast.Name) for b in node.bases)
            ) and not node.keywords:
                for item in node.body:
                    if (
                        isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef))
                        and not item.decorator_list
                        and not item.name.startswith(("__", "on_"))
                        and not (
                            torch_module and (item.name.startswith("_") or item.name in _TORCH_MODULE_API)
                        )
                        and len(f.plain_methods) < 2000
                    ):
                        (f.module_methods if torch_module else f.plain_methods).append(
                            (item.name, item.lineno, self.cell, item.end_lineno or item.lineno)
                        )
            if len(f.classes) < 2000:
                f.classes.append((node.name, node.lineno, self.cell, node.end_lineno or node.lineno))
            # `seed: int = 1234` in a config dataclass: the default every run gets unless it is set
            for item in node.body:
                if not (isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name)):
                    continue
                value = item.value
                if (
                    isinstance(value, ast.Call)
                    and _w._short(value.func) in ("field", "dataclasses.field")
                    and not value.args
                ):
                    # report_to: str = field(default="wandb", metadata=...): the dataclass field's default
                    value = next((k.value for k in value.keywords if k.arg == "default"), None)
                if isinstance(value, ast.Constant) and len(f.class_defaults) < 400:
                    f.class_defaults.append((node.name, item.target.id, value.value, item.lineno, self.cell))
            self.depth += 1
            outer_cls, self.cls = getattr(self, "cls", ""), node.name
            outer_fields, self.cls_fields = getattr(self, "cls_fields", {}), {}
            outer_attrs, self.attrs_on = getattr(self, "attrs_on", frozenset()), _attributes_on(node)
            outer_payload, self.payload_writers = getattr(self, "payload_writers", {}), _payload_writers(node)
            first_write = len(f.writes)
            self._body(node.body, guarded)
            self._class_paths(first_write)
            self.cls, self.cls_fields, self.attrs_on = outer_cls, outer_fields, outer_attrs
            self.payload_writers = outer_payload
            self.depth -= 1
            return
        if type(node) is ast.Expr and len(f.shuffle_splits) < 20:
            cut = _cut_into_part(node.value)
            if cut:
                self._shuffle_split({cut, self.resolve(ast.Name(cut)) or ""}, node.lineno)
        if type(node) is ast.Expr and type(node.value) is ast.IfExp and type(node.value.body) is ast.Call:
            # `enable_full_determinism(seed) if args.full_determinism else set_seed(seed)`: the first call
            # runs only when the option is given; the else branch, on the same line, runs by default
            found = given_test(node.value.test, self.derived)
            if found is not None and len(f.ifexp_calls) < 100:
                callee = _w._short(node.value.body.func, 80).rsplit(".", 1)[-1]
                cond = _w._short(node.value.test, 80)
                f.ifexp_calls.append((node.lineno, self.cell, callee, cond, found.option, found.source))
        if isinstance(node, ast.If):
            # an `elif` (an If alone in orelse, at the outer If's column) leaves a third way through; an
            # `else:` whose first statement is an `if` is still the one alternative
            elif_ = len(node.orelse) == 1 and type(node.orelse[0]) is ast.If
            elif_ = elif_ and node.orelse[0].col_offset == node.col_offset
            if node.orelse and not elif_ and len(f.either_or) < 100:
                # `if not args.pretrained: train(...) else: saver.restore(...)`: two alternative branches
                body_end = max((b.end_lineno or b.lineno) for b in node.body)
                else_end = max((b.end_lineno or b.lineno) for b in node.orelse)
                f.either_or.append(
                    (
                        node.body[0].lineno,
                        body_end,
                        node.orelse[0].lineno,
                        else_end,
                        self.cell,
                        _w._short(node.test, 80),
                    )
                )
            if len(f.best_blocks) < 100 and (
                _compares_with_best(node.test)
                or _tests_best_flag(node.test, getattr(self, "best_flags", ()))
                or _compares_with_alias(node.test, {n for f, n in self.best_aliases if f == self.func})
            ):
                end = max((b.end_lineno or b.lineno) for b in node.body)
                f.best_blocks.append((node.lineno, end, self.cell, _w._short(node.test, 80)))
            if not self._is_main_guard(node.test):
                found = given_test(node.test, self.derived)
                if (
                    found is not None
                    and type(node.test) is ast.Compare
                    and type(node.test.ops[0]) in (ast.Gt, ast.GtE, ast.NotEq)
                    and not (
                        type(node.test.comparators[0]) is ast.Constant
                        and node.test.comparators[0].value is None
                    )
                    and not _uses(node.body, found.option)
                ):
                    # `if args.n_gpu > 0: torch.cuda.manual_seed_all(args.seed)`: a count, not a value
                    # the block uses past its sentinel
                    found = None
                if (
                    found is not None
                    and not found.source
                    and found.option not in self.params
                    and _PROCESS_GUARD.search(found.option)
                ):
                    # `if is_child: return _setup_distributed_group(args)` after os.fork(): which process
                    # this is, set by the code itself, not a value a run is given
                    found = None
                if found is not None:
                    self._given(node.body, node.test, found, node.lineno)
                elif node.orelse and (found := absent_test(node.test, self.derived)) is not None:
                    # The else branch only: the body runs when the value is missing.
                    self._given(node.orelse, node.test, found, negated=True)
            # `if isdir(out) and not args.overwrite_output_dir:` around `if listdir(out): raise` (the
            # Hugging Face scripts): the outer test's option lets a run reuse the directory too.
            outer = self._outer_bypass.pop(id(node), ()) if self._outer_bypass else ()
            if any(type(s) is ast.If for s in node.body):
                around = outer + _negated_options(node.test)
                if around:
                    for s in node.body:
                        if type(s) is ast.If:
                            self._outer_bypass[id(s)] = around
            if self.func and len(f.key_checks) < 20 and _refuses_unknown_key(node):
                # py-faster-rcnn's _merge_a_into_b: a config merged onto typed defaults, unknown keys refused
                f.key_checks.append((self.func, node.lineno, self.cell))
            if any(type(s) is ast.Raise for s in node.body) and len(f.refused_dirs) < 20:
                # `if os.path.exists(out) and os.listdir(out) and not overwrite: raise`: the script will
                # not write into a directory an earlier run filled, so each run has its own.
                # `and not args.overwrite_output_dir`: the option that lets a run reuse the directory
                bypass = outer + _negated_options(node.test)
                # `if not zip_path.is_file(): raise`: a missing input, not a directory refused once filled
                missing = {
                    id(n.operand)
                    for n in ast.walk(node.test)
                    if type(n) is ast.UnaryOp and type(n.op) is ast.Not and type(n.operand) is ast.Call
                }
                for n in ast.walk(node.test):
                    if id(n) in missing:
                        continue
                    if (
                        type(n) is ast.Call
                        and n.args
                        and _w._short(n.func, 40).rsplit(".", 1)[-1] in ("exists", "listdir", "isdir")
                    ):
                        f.refused_dirs.append((_w._short(n.args[0], 60), bypass))
                        held = self.paths.get(n.args[0].id) if type(n.args[0]) is ast.Name else None
                        if held and held[0]:
                            # save_path = join(results_dir, f"{prefix}{bsuite_id}.csv") refused once it exists:
                            # that file, as the path it was built
                            f.refused_dirs.append((held[0], bypass))
                    elif (
                        type(n) is ast.Call
                        and not n.args
                        and type(n.func) is ast.Attribute
                        and n.func.attr in ("exists", "is_file", "is_dir")
                    ):
                        # save_path = Path(cfg.save_folder) / "config.yaml"; if save_path.is_file() and
                        # not cfg.save_overwrite: raise: the run's folder, refused once it holds a run
                        path, _ = self.builder.build(n.func.value)
                        head = path.split("/", 1)[0]
                        if head.startswith("{") and head.endswith("}"):
                            f.refused_dirs.append((head[1:-1], bypass))
            if self._is_main_guard(node.test) and not all(
                # `if __name__ == "__main__": pass` (a template's placeholder) runs nothing
                type(b) is ast.Pass or (type(b) is ast.Expr and type(b.value) is ast.Constant)
                for b in node.body
            ):
                # the last guard: an early `if __name__ == "__main__": matplotlib.use("Agg")` only
                # configures a backend; the command-line block comes at the end
                f.main_guard = node.lineno
                f.main_guard_cell = self.cell
            type_checking = isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"
            # `should_save = LocalClock(args.save_every)`, then `if should_save(step):`: an object built
            # here and asked when to act (a schedule), not an option switched on or off
            scheduled = (
                type(node.test) is ast.Call
                and type(node.test.func) is ast.Name
                and type(self.derived.get(node.test.func.id)) is ast.Call
            ) or _asks_schedule(
                # `log = self._should_log(step)` then `if log:`: the same question, asked of the step
                self.derived.get(node.test.id) if type(node.test) is ast.Name else node.test
            )
            if (
                len(f.flag_blocks) < 200
                and not scheduled
                and _is_switch(node.test)
                and not self._is_main_guard(node.test)
            ):
                # `if is_main_process():` runs on every run (on one process): not an on/off switch.
                # Module names (torch in `torch.cuda.is_available()`) and the function's own parameters
                # are not what switches. Identifiers are read from the AST; the text only when kept.
                idents = set()
                state = self._loop_state() if self.loops else set()
                # `len(self._video) > 0`: how much a collection holds is data, not a switch; but
                # `len(self.args.tensorboard_logdir) > 0` asks whether a path option was given
                sized = {
                    id(x)
                    for c in ast.walk(node.test)
                    if type(c) is ast.Call and type(c.func) is ast.Name and c.func.id == "len"
                    for a in c.args
                    if not _path_option_read(a)
                    for x in ast.walk(a)
                }
                # `if prefix == 'test':` in a function handed 'train' by one caller and 'test' by another:
                # which call this is, not an option (the parameter itself is dropped below, so its text is too)
                plain_params = {p for p in self.params if not _OPTION_PARAM.match(p)}
                sized |= {
                    id(x)
                    for c in ast.walk(node.test)
                    if type(c) is ast.Compare
                    and all(
                        type(x) is ast.Constant or (type(x) is ast.Name and x.id in plain_params)
                        for x in (c.left, *c.comparators)
                    )
                    # ... but `if logger_name == "wandb":` picks a tracker by its name, whoever passes it
                    and not any(
                        type(x) is ast.Constant and str(x.value).lower() in _TRACKER_NAMES
                        for x in (c.left, *c.comparators)
                    )
                    for x in (c.left, *c.comparators)
                }
                # `not opt.continue_train`, `not args.no_wandb`: a flag that is off unless given, negated
                negated = {
                    id(x)
                    for c in ast.walk(node.test)
                    if type(c) is ast.UnaryOp
                    and type(c.op) is ast.Not
                    and type(c.operand) in (ast.Name, ast.Attribute)
                    for x in ast.walk(c.operand)
                }
                positive = set()
                # `if timer.should_trigger_for_step(step):`: a schedule's test, true in every run now and then
                sized |= {
                    id(x)
                    for c in ast.walk(node.test)
                    if type(c) is ast.Call and _CADENCE_CALL.search(_w._short(c.func, 80))
                    for x in ast.walk(c)
                }
                for n in ast.walk(node.test):
                    if id(n) in sized:
                        continue
                    if isinstance(n, ast.Attribute) and _chain_root(n) in state:
                        continue  # `time_step.last()` where time_step changes every step: loop state
                    if isinstance(n, ast.Attribute) and _LIBRARY_STATE.match(
                        self.aliases.get(_chain_root(n), "") + _w._short(n)[len(_chain_root(n)) :]
                    ):
                        continue  # `torch.backends.cudnn.enabled`: the library's own state, on unless turned off
                    found = ()
                    if isinstance(n, ast.Name):
                        v = self.aliases.get(n.id, "")
                        if not (v and "(" not in v and v.split(".", 1)[0] in self.import_roots):
                            found = (n.id,)
                    elif isinstance(n, ast.Attribute):
                        found = (n.attr,)
                    elif isinstance(n, ast.Constant) and isinstance(n.value, str):
                        found = tuple(_IDENT.findall(n.value))
                    idents.update(found)
                    if id(n) not in negated:
                        positive.update(found)
                idents -= _PROCESS_WORDS | {p for p in self.params if not _OPTION_PARAM.match(p)}
                idents -= self.unpacked
                idents -= getattr(self, "params_on", frozenset())
                idents -= getattr(self, "attrs_on", frozenset())
                # `if save_model and ...:` after `save_model = True` on a better score: when, not whether
                idents -= getattr(self, "best_flags", set())
                idents -= {n for f, n in getattr(self, "schedule_flags", ()) if f == self.func}
                idents -= getattr(self, "installed_flags", set())
                # `if writer is not None: writer.writerow(fields)`: whether the file was opened, not an option
                idents -= {w for w in idents if w in self.handles}
                if idents and state:
                    idents -= state
                # `if FLAGS.checkpoint_interval > 0:` turns the saving on at all: a switch, not a schedule
                enabled = _enabled_intervals(node.test)
                idents = {
                    w
                    for w in idents
                    if not _PROCESS_GUARD.search(w)
                    and (self.func, w) not in self.process_flags
                    and w not in _PLUMBING
                    and (not _SCHEDULE.search(w) or w in enabled)
                    and not _TRAIN_MODE.fullmatch(w)
                }
                if idents and not idents & positive and not idents & _MODEL_STATE:
                    # Every switch left is negated (`if save and not opt.continue_train:`): command-line
                    # flags are off unless given, so the branch runs on every fresh run by default.
                    idents = set()
                if idents and not self._same_calls_both_ways(node):
                    cond = _w._short(node.test, 80)
                    # The body only: the else branch runs when the switch is off.
                    end = max((b.end_lineno or b.lineno) for b in node.body)
                    f.flag_blocks.append((node.lineno, end, self.cell, cond))
            elif len(f.file_blocks) < 100 and _tests_file(node.test):
                end = max((b.end_lineno or b.lineno) for b in node.body)
                f.file_blocks.append((node.lineno, end, self.cell, _w._short(node.test, 80)))
            if node.orelse and len(f.mode_switches) < 10:
                self._stand_in_import(node)
            known = _static_truth(node.test, self.bool_consts)
            dead = node.orelse if known is True else node.body if known is False else None
            if dead:
                f.dead_branches.append(
                    (dead[0].lineno, max((b.end_lineno or b.lineno) for b in dead), self.cell)
                )
            self._expr(node.test)
            # An import under a condition (`if args.wandb: import wandb`, `if backend == RAY: from ray
            # import tune`) loads the tool only on that branch: optional, like a guarded import.
            main = self._is_main_guard(node.test)
            self.in_branch += not main
            self._body(node.body, guarded or type_checking if main else True)
            self._body(node.orelse, guarded if main else True)
            self.in_branch -= not main
            return
        if isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            value = node.value
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if self.depth and len(f.measures) < 100:
                # correct += (pred == y).sum().item(); val_acc = correct / total: a measure worked out by
                # hand, with no call that names it
                f.measures.extend(
                    (node.lineno, self.cell, t.id)
                    for t in targets
                    if type(t) is ast.Name and _MEASURE_NAME.search(t.id)
                )
            if (
                type(value) is ast.Subscript
                and type(value.slice) is ast.Slice
                and type(value.value) is ast.Name
                and len(f.shuffle_splits) < 20
                # valid_imgs = imgs[cut:]: a part named for the split, not a batch of shuffled rays
                and any(type(t) is ast.Name and _SPLIT_PART.search(t.id) for t in targets)
            ):
                # the shuffle's argument is recorded as the name resolves (`list(range(n))` for a list built so)
                self._shuffle_split({value.value.id, self.resolve(value.value) or ""}, node.lineno)
            elif (
                type(value) is ast.Subscript
                and type(value.slice) is ast.Subscript
                and type(value.slice.slice) is ast.Slice
                and type(value.slice.value) is ast.Name
                and len(f.shuffle_splits) < 20
            ):
                # patient_list = patient_list[rand_inds[:train_count]]: rows picked by a cut of indices drawn in
                # a random order (what the indices came from decides: a permutation, see _shuffle_split)
                self._shuffle_split({value.slice.value.id}, node.lineno)
            if (
                type(node) is ast.Assign
                and len(targets) == 1
                and type(targets[0]) is ast.Name
                and (
                    _compares_with_best(value)
                    # `if acc > best_acc: best_acc = acc; new_best = True`, then `if new_best: save(...)`
                    or (
                        type(value) is ast.Constant
                        and value.value is True
                        and any(c == self.cell and a <= node.lineno <= b for a, b, c, _ in f.best_blocks)
                    )
                )
            ):
                # should_save = save_model and eval_loss < best_val_loss: a later `if should_save:` saves the best
                if not hasattr(self, "best_flags"):
                    self.best_flags = set()
                self.best_flags.add(targets[0].id)
                if targets[0].id not in f.best_flag_names and len(f.best_flag_names) < 20:
                    f.best_flag_names.append(targets[0].id)
            if (
                type(node) is ast.Assign
                and len(targets) == 1
                and type(targets[0]) is ast.Name
                and _periodic(value)
            ):
                # do_save = (... or (epoch_itr.end_of_epoch() and epoch % args.save_interval == 0)): a later
                # `if do_save:` runs on a schedule, in every run
                if not hasattr(self, "schedule_flags"):
                    self.schedule_flags = set()
                self.schedule_flags.add((self.func, targets[0].id))
            if (
                isinstance(node, ast.AugAssign)
                and isinstance(node.target, ast.Name)
                and len(self.merged) < 400
            ):
                # message += "{}: {}\n".format(k, v): what the accumulated text is built from
                self.merged.setdefault(node.target.id, []).append(value)
            if (
                isinstance(node, ast.Assign)
                and len(targets) == 1
                and isinstance(targets[0], ast.Subscript)
                and isinstance(targets[0].value, ast.Name)
                and len(self.merged) < 400
                and (_reads_attributes(value) or type(value) is ast.Name)
            ):
                # dct[k] = str(getattr(self, k)) in `for k in self.__dir__():`: the dict is filled with an
                # object's attributes (a dict filled with records read from a file is data, not followed);
                # saved["init_params"] = init_params, init_params[key] = val over self.get_params().items():
                # a dict assembled from named parts carries what they were built from
                into = self.merged.setdefault(targets[0].value.id, [])
                into.append(value)
                if type(value) is ast.Name:
                    # the part's own sources come along (init_params filled from self.get_params().items())
                    into.extend(self.merged.get(value.id, ())[:6])
            if (
                isinstance(node, ast.Assign)
                and len(targets) == 1
                and type(targets[0]) is ast.Subscript
                and type(targets[0].value) is ast.Name
                and targets[0].value.id in self.dicts
                and type(targets[0].slice) is ast.Constant
                and isinstance(targets[0].slice.value, str)
                and len(self.dicts[targets[0].value.id].keys) < 32
            ):
                # data_dict = {}; data_dict['args'] = Config.get_args_dict(); joblib.dump(data_dict, path):
                # the entry set by its key is part of the dict literal the name holds
                held = self.dicts[targets[0].value.id]
                self.dicts[targets[0].value.id] = ast.Dict(
                    keys=[*held.keys, targets[0].slice], values=[*held.values, value]
                )
            if value is not None:
                self._expr(value)
                if (
                    type(node) is ast.AugAssign
                    and type(node.op) is ast.Add
                    and _w.is_pathy(node.target, self.paths)
                ):
                    # out_name += " - x{}".format(w): the name it had, extended (a timestamp stays)
                    value = ast.copy_location(
                        ast.BinOp(left=node.target, op=ast.Add(), right=node.value), node
                    )
                self._assign(targets, value, node.lineno)
                lazy = _lazy_module(value) if isinstance(node, ast.Assign) and len(targets) == 1 else None
                if lazy and isinstance(targets[0], ast.Name):
                    # wandb = LazyLoader("wandb", globals(), "wandb"), importlib.import_module("comet_ml"): the
                    # module bound on first use, optional like a guarded import
                    f.imports.append(Import(lazy, node.lineno, self.cell, True))
                    self.import_roots.add(lazy.split(".", 1)[0])
                    self.aliases[targets[0].id] = lazy
            for t in targets:
                self._expr_targets(t)
            return
        if isinstance(node, (ast.With, ast.AsyncWith)):
            outer, self.with_node = self.with_node, node
            for item in node.items:
                self._expr(item.context_expr)
                if item.optional_vars is not None:
                    self._assign([item.optional_vars], item.context_expr, node.lineno)
            self.with_node = outer
            self._body(node.body, guarded)
            return
        if isinstance(node, (ast.For, ast.AsyncFor)) and len(self.merged) < 400:
            # for k, v in sorted(vars(opt).items()): the loop names carry what they iterate over
            for n in ast.walk(node.target):
                if isinstance(n, ast.Name):
                    self.merged.setdefault(n.id, []).append(node.iter)
        if isinstance(node, (ast.For, ast.AsyncFor)):
            self._loop_handle(node.target, node.iter)
            source = _items_source(node.iter) or _keys_source(node)
            # ... of the options themselves (vars(args), self._attrs of the config), not of metrics
            built = _named_from_items(node) if _OPTIONS_SOURCE.search(source.rsplit(".", 1)[-1]) else None
            if built and len(self.facts.option_names) < 20:
                self.facts.option_names.append((self.func, built, node.lineno, self.cell))
            if source and len(self.facts.option_loops) < 50:
                called = set()
                for n in ast.walk(node):
                    if isinstance(n, ast.Call):
                        called.add(self.resolve(n.func) or _w._short(n.func))
                        # logprint = logger(H.logdir); logprint(key=k, value=H[k]): the function that made
                        # the logger is what writes, so it is named too
                        made = self.derived.get(n.func.id) if isinstance(n.func, ast.Name) else None
                        if isinstance(made, ast.Call):
                            called.add(self.resolve(made.func))
                resolved = self.resolve(ast.Name(id=source)) if source.isidentifier() else source
                self.facts.option_loops.append(
                    (
                        node.lineno,
                        self.cell,
                        source,
                        tuple(sorted(c for c in called if c))[:16],
                        resolved or source,
                    )
                )
        if isinstance(node, (ast.For, ast.AsyncFor)) and _over_own_parts(node.iter):
            # for i, l in enumerate(self.l): open("{}.{}".format(self.model_file, i), "w"): one file per
            # layer or network the object holds, the same names at every save, not a step of training
            self.part_loops.add(id(node))
        if isinstance(node, (ast.For, ast.AsyncFor)) and isinstance(node.target, ast.Name):
            items = node.iter
            if isinstance(items, ast.Name) and isinstance(self.derived.get(items.id), (ast.List, ast.Tuple)):
                items = self.derived[items.id]
            if isinstance(items, (ast.List, ast.Tuple)) and items.elts and self._pathlike(items.elts[0]):
                # for checkpoint_path in [output_dir / "checkpoint.pth"]: the fixed paths of a list, one
                # after the other; the loop name is that path, not a step of training
                self.paths[node.target.id] = self.builder.build(items.elts[0])
                self.literal_loops.add(id(node))
        if isinstance(node, (ast.For, ast.AsyncFor, ast.While)):
            self.loops.append(node)
            self._fields(node, guarded)
            self.loops.pop()
            return
        # Everything else: visit expressions and nested statement lists generically.
        self._fields(node, guarded)

    def _loop_state(self) -> set:
        """Names reassigned inside the loops around the current statement (`done`, `is_best`,
        `terminated`): they change during a run, so a condition on them is not an on/off switch.
        Computed only when a condition asks, once per loop."""
        out: set = set()
        for loop in self.loops:
            names = self.loop_names.get(id(loop))
            if names is None:
                names = {
                    n.id for n in ast.walk(loop) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)
                }
                self.loop_names[id(loop)] = names
            out |= names
        return out

    def _generic(self, node: ast.AST, guarded: bool) -> None:
        # match_case, excepthandler, comprehension, etc.
        if isinstance(node, ast.stmt):
            self._stmt(node, guarded)
        else:
            self._fields(node, guarded)

    def _fields(self, node: ast.AST, guarded: bool) -> None:
        for _, value in ast.iter_fields(node):
            if isinstance(value, list):
                for v in value:
                    if isinstance(v, ast.stmt):
                        self._stmt(v, guarded)
                    elif isinstance(v, ast.expr):
                        self._expr(v)
                    elif isinstance(v, ast.AST):
                        self._generic(v, guarded)
            elif isinstance(value, ast.expr):
                self._expr(value)
            elif isinstance(value, ast.AST):
                self._generic(value, guarded)

    def _exprs_in_args(self, args: ast.arguments) -> None:
        for d in [*args.defaults, *[d for d in args.kw_defaults if d is not None]]:
            self._expr(d)

    def _expr_targets(self, t: ast.expr) -> None:
        # Subscript/attribute targets may contain calls: cfg[get_key()] = ...
        if isinstance(t, ast.Subscript):
            self._expr(t.slice)

    def _pathlike(self, value: ast.expr) -> bool:
        """_PATHLIKE, with a join imported under another name (`from os.path import join as pjoin`)."""
        if _PATHLIKE(value):
            return True
        if type(value) is not ast.Call:
            return False
        name = self.resolve(value.func) or ""
        return name.startswith(("os.path.", "posixpath.", "ntpath.", "pathlib.")) and (
            name.rsplit(".", 1)[-1] in _PATH_CALLS or name.endswith(("pathlib.Path", "pathlib.PurePath"))
        )

    def _bind_path(self, targets, value: ast.expr) -> None:
        # a path, or what a path function of the module returns (self._prepare_file(prefix, "csv"))
        pathlike = (
            self._pathlike(value)
            or (
                type(value) is ast.Call
                and bool(self.builder.returns)
                and _w._short(value.func) in self.builder.returns
            )
            # save_path = os.path.join(results_dir, filename); self._save_path = save_path: a path built
            # above in the same function, kept on the object
            or (type(value) is ast.Name and value.id in self.paths and value.id not in self.params)
        )
        if isinstance(value, ast.Constant) and value.value is None:
            return  # `self.output_dir = None` on the branch that logs nothing: no path, keep the other
        if (
            type(value) is ast.Call
            and type(value.func) is ast.Attribute
            and value.func.attr in ("update", "replace", "_replace", "copy")
            and len(targets) == 1
            and type(targets[0]) is ast.Name
            and len(self.paths) < 400
        ):
            # config = config.update(logdir=config.logdir.format(timestamp=...)): the new object's field
            # holds the path given to it (read later as config.logdir)
            for k in value.keywords:
                if k.arg and _w.names_a_path(k.arg):
                    self.paths[f"{targets[0].id}.{k.arg}"] = self.builder.build(k.value)
        if (
            isinstance(value, ast.Name)
            and value.id in self.params
            and len(targets) == 1
            and isinstance(targets[0], ast.Attribute)
            and (_w.names_a_path(value.id) or _w.names_a_path(_w._short(targets[0])))
        ):
            # self.fname = fname: the attribute holds the path the caller passes
            self.paths[_w._short(targets[0])] = ("{" + value.id + "}", ("unknown",))
            return
        for t in targets:
            built = None  # the value's path template, built once for this target
            if (
                pathlike
                and self.func
                and getattr(self, "cls", "")
                and isinstance(t, ast.Attribute)
                and isinstance(t.value, ast.Name)
                and (t.value.id == "self" or t.value.id in self.params)
                and len(self.cls_fields) < 50
            ):
                # args.savepath = join(args.logbase, args.exp_name) in one method of the class, read as
                # self.savepath in another: a field of the object the class builds (see _class_paths).
                built = self.cls_fields[t.attr] = self.builder.build(value)
            if (
                self.declared_global
                and not self.depth
                and isinstance(t, ast.Name)
                and t.id in self.declared_global
            ):
                continue
            if (
                isinstance(t, ast.Subscript)
                and isinstance(t.value, ast.Name)
                and pathlike
                and len(self.paths) < 400
            ):
                # checkpoints[cur_iter] = join(output_dir, f"model_iter{cur_iter}.pkl"), then
                # save(checkpoints[cur_iter], model): the dict's entries hold the paths the run writes
                self.paths[_w.entry_key(t)] = built or self.builder.build(value)
                continue
            if isinstance(t, (ast.Name, ast.Attribute)):
                key = t.id if isinstance(t, ast.Name) else _w._short(t)
                # out_dir = "out", run_name = f"{args.env}__{args.seed}": named like a path or a run name
                named_by_key = bool(_w.names_a_path(key) or _RUN_NAME_VAR.search(key.rsplit(".", 1)[-1]))
                # setting = f"{args.env}_{args.seed}": a label of the options, whatever the name says
                label = not named_by_key and _options_label(value)
                named = isinstance(value, (ast.Constant, ast.JoinedStr)) and (named_by_key or label)
                bind = (pathlike or named) and len(self.paths) < 400
                # an attribute of an options object, not of self: opt.save_dir read by other functions
                late = (
                    isinstance(t, ast.Attribute)
                    and not (isinstance(t.value, ast.Name) and t.value.id == "self")
                    and len(self.late_attrs) < 20
                )
                if not (bind or (late and isinstance(value, ast.Call) and _w.names_a_path(t.attr))):
                    continue
                path, origins = built or self.builder.build(value)
                if label and not pathlike:
                    # one name per setting: a run repeating the setting writes the same files, so it is
                    # per run only when a run changes them
                    origins = ("user_dir",)
                if late and ({"time", "counter"} & set(origins) or (named and "named" in origins)):
                    # opt.save_dir = str(increment_path(Path(opt.project) / opt.name)): a numbered
                    # directory the writes of functions defined above read (see _late_attr_paths);
                    # args.file_name = f"TD7_{args.env}_{args.seed}": the name the run's files get
                    self.late_attrs[key] = (path, origins)
                if not bind:
                    continue
                if isinstance(t, ast.Attribute) and _CONFIG_ATTR.match(key) and origins == ("fixed",):
                    # cfg.out_dir = "results": a default that a config file or the command line
                    # overrides per run, not a fixed path; keep the name, not the default.
                    path, origins = "{" + key + "}", ("user_dir",)
                self.paths[key] = (path, origins)
                if (
                    self.depth
                    and isinstance(t, ast.Name)
                    # ... or named from three or more settings (lr_{lr}/wd_{wd}/seed_{seed}): one folder per
                    # setting, which a sweep's runs do not share
                    and ({"time", "counter"} & set(origins) or ("named" in origins and path.count("{") >= 3))
                    and not re.search(r"\.\w{1,5}$", path)
                    and len(self.facts.run_dirs) < 20
                ):
                    self.facts.run_dirs.append((key, path))
                if not self.depth and isinstance(t, ast.Name) and len(self.facts.module_paths) < 100:
                    # model_path = save_path + "models/" at the top of Config.py: other modules read it
                    # as config.model_path
                    self.facts.module_paths[key] = (path, origins)

    def _joined_lists(self, value: ast.expr) -> list | None:
        """`[...] + name + [...]` of literal lists and module-level list constants, joined; else None."""
        if not (isinstance(value, ast.BinOp) and isinstance(value.op, ast.Add)):
            return None
        out: list = []
        for side in (value.left, value.right):
            if isinstance(side, (ast.List, ast.Tuple)):
                part = literal(side, self.resolve)
            elif isinstance(side, ast.Name):
                part = self.facts.constants.get(side.id)
            else:
                part = self._joined_lists(side)
            if not isinstance(part, (list, tuple)):
                return None
            out.extend(part)
        return out[:MAX_LITERAL_ITEMS]

    def _varies(self, node: ast.AST) -> str:
        """How a path placeholder changes during the run: "step" when the enclosing loops assign a name or
        attribute it is built from (``for epoch in ...``, ``self.step += 1``), a ``param:`` mark when it is
        a parameter of the enclosing function (its callers decide, ``_step_params``), else ""."""
        if isinstance(node, ast.Constant):
            return ""
        if self.loops:
            stored: set = set()
            for loop in self.loops:
                stored |= self._loop_stores(loop)
            for n in ast.walk(node):
                if isinstance(n, ast.Name) and n.id in stored:
                    return _w.STEP
                if isinstance(n, ast.Attribute) and _w._short(n) in stored:
                    return _w.STEP
        if self.func and isinstance(node, ast.Name) and node.id in self.param_order:
            order = self.param_order
            i = order.index(node.id) - (1 if order[0] in ("self", "cls") else 0)
            return f"param:{self.func}:{i}:{node.id}"
        return ""

    def forget_nodes(self) -> None:
        """Drop what is keyed by the id() of another cell's nodes: once that cell's tree is freed, a node
        of the next cell can get the same id and read a stale entry (a loop over a tuple of names taken
        for a loop over fixed paths)."""
        self.loop_names.clear()
        self.loop_stores.clear()
        self.literal_loops.clear()
        self.part_loops.clear()
        self._outer_bypass.clear()

    def _loop_stores(self, loop: ast.AST) -> frozenset:
        found = self.loop_stores.get(id(loop))
        if found is None:
            found = frozenset(
                n.id if isinstance(n, ast.Name) else _w._short(n)
                for n in ast.walk(loop)
                if isinstance(n, (ast.Name, ast.Attribute)) and isinstance(n.ctx, ast.Store)
            )
            if id(loop) in self.literal_loops and isinstance(loop.target, ast.Name):
                found -= {loop.target.id}  # the loop over a list of fixed paths: its name is no step
            if id(loop) in self.part_loops:
                found -= {n.id for n in ast.walk(loop.target) if isinstance(n, ast.Name)}
            self.loop_stores[id(loop)] = found
        return found

    def _step_params(self, tree: ast.AST, first: tuple) -> None:
        """Resolve the ``param:`` marks of this walk's writes: the placeholder is a step or epoch label
        when a caller in the module passes a value its loop changes (``self.save(label)`` in the training
        loop, ``self.keep(self.step // every)``); otherwise the mark is dropped."""
        f = self.facts
        w0, p0, r0 = first
        marks = {o for w in f.writes[w0:] for o in w.origins if o.startswith("param:")}
        marks |= {o for pc in f.path_calls[p0:] for o in pc[3] if o.startswith("param:")}
        marks |= {o for wf in f.writer_funcs[r0:] for o in wf[3].origins if o.startswith("param:")}
        if not marks:
            return
        varying = _varying_args(tree, {m.split(":")[1] for m in marks}, self._loop_stores)

        def fixed(origins: tuple) -> tuple:
            out = []
            for o in origins:
                if o.startswith("param:"):
                    _, func, i, name = o.split(":")
                    if (func, i) not in varying and (func, name) not in varying:
                        continue
                    o = _w.STEP
                out.append(o)
            return tuple(dict.fromkeys(out))

        for i in range(w0, len(f.writes)):
            f.writes[i] = f.writes[i]._replace(origins=fixed(f.writes[i].origins))
        for i in range(p0, len(f.path_calls)):
            pc = f.path_calls[i]
            f.path_calls[i] = (*pc[:3], fixed(pc[3]), *pc[4:])
        for i in range(r0, len(f.writer_funcs)):
            wf = f.writer_funcs[i]
            f.writer_funcs[i] = (*wf[:3], wf[3]._replace(origins=fixed(wf[3].origins)))

    def _class_paths(self, first: int) -> None:
        """Writes of the class into ``{self.<field>}`` that was unknown where they are written: the
        methods of a class do not run in source order (``save`` defined above the ``mkdir`` that builds
        ``args.savepath`` and calls it), so the field's path, built anywhere in the class from ``self`` or
        from the object a method is handed, is put in once the whole class has been read."""
        fields = self.cls_fields
        if not fields:
            return
        kept = self.facts.field_paths
        for name, (path, origins) in fields.items():
            if path and len(kept) < 100:
                kept.setdefault(name, (path, origins))
        writes = self.facts.writes
        for i in range(first, len(writes)):
            w = writes[i]
            m = _SELF_FIELD.match(w.target)
            if m is None or m.group(1) not in fields:
                continue
            path, origins = fields[m.group(1)]
            if not path or path.startswith(m.group(0)):
                continue
            hole = _w.origin_of(f"self.{m.group(1)} self.{m.group(1)}")
            rest = tuple(o for o in w.origins if o != hole)
            writes[i] = w = w._replace(
                target=(path + w.target[len(m.group(0)) :])[:240],
                origins=tuple(dict.fromkeys((*origins, *rest))),
            )
            # self._filename = join(directory, name + ".csv") in __init__, opened in __enter__ and written
            # in write(): constructing the class with a directory writes there (Writer(directory=run_dir))
            param = _param_hole(w.target)
            owner = getattr(self, "cls", "")  # the class being read: _class_paths runs at its end
            if param and owner and param.group(1) in self.init_params.get(owner, ()):
                pi = self.init_params[owner].index(param.group(1))
                if len(self.facts.writer_funcs) < 100 and not any(
                    wf[0] == owner and wf[3].line == w.line for wf in self.facts.writer_funcs
                ):
                    self.facts.writer_funcs.append((owner, pi, -1, w))

    def _late_attr_paths(self, first: int, first_call: int) -> None:
        """Writes into `{opt.save_dir}` in a function defined above the one that sets it
        (`opt.save_dir = increment_path(...)` in main(), read by train(opt)): the options object
        carries the numbered or timestamped directory to the writes, and to the paths handed to the
        project's writers (`create_logger(os.path.join(params.dump_path, 'train.log'))`)."""
        late = self.late_attrs
        if not late:
            return

        def placed(target: str, given: tuple):
            for key, (path, origins) in late.items():
                hole = "{" + key + "}"
                if target.startswith(path + "/") or target == path:
                    continue  # (already placed by the flow: `{args.out}/{time}/args.json` is not placed twice)
                # (params.dump_path = join(params.dump_path, exp_id): a run's folder inside the option's)
                if hole in target and (not path.startswith(hole) or path.startswith(hole + "/")):
                    rest = tuple(o for o in given if o not in ("user_dir", "unknown"))
                    return target.replace(hole, path, 1)[:240], tuple(dict.fromkeys((*origins, *rest)))
            return None

        writes = self.facts.writes
        for i in range(first, len(writes)):
            found = placed(writes[i].target, writes[i].origins)
            if found is not None:
                writes[i] = writes[i]._replace(target=found[0], origins=found[1])
        calls = self.facts.path_calls
        for i in range(first_call, len(calls)):
            name, pos, target, origins, *rest = calls[i]
            found = placed(target, origins)
            if found is not None:
                calls[i] = (name, pos, found[0], found[1], *rest)

    def _bind_handle(self, target: ast.expr, value: ast.expr) -> None:
        """``f = open(path, "a")`` / ``with open(...) as f`` / ``w = csv.writer(f)``."""
        if isinstance(target, ast.Subscript) and isinstance(target.value, (ast.Name, ast.Attribute)):
            # _tabular_fds[file_name] = open(file_name, "w"): a logger keeping one handle per output
            # file, written later through the dict (for fd in _tabular_fds.values(): fd.write(...))
            if isinstance(value, ast.Call) and _w.opens(self.resolve(value.func), value) and value.args:
                path, origins = self.builder.build(value.args[0])
                mode = _w.open_mode(value)
                given = value.args[1] if len(value.args) > 1 else None
                if not mode and type(given) is ast.Name:
                    # def _add_output(self, file_name, arr, fds, mode="a"): open(file_name, mode)
                    mode = getattr(self, "str_defaults", {}).get(given.id, "")
                self.handles[_w._short(target.value) + "[]"] = (path, origins, mode)
                self._kept_handle(path, origins, mode, value.lineno)
            return
        if (
            isinstance(target, ast.Name)
            and isinstance(value, ast.Subscript)
            and isinstance(value.value, (ast.Name, ast.Attribute))
            and _w._short(value.value) + "[]" in self.handles
        ):
            # writer = _state["writer"] after _state["file"] = open("logs.tsv", "a") and
            # _state["writer"] = csv.DictWriter(_state["file"], ...): a handle the dict keeps, taken out
            self.handles[target.id] = self.handles[_w._short(value.value) + "[]"]
            return
        if not isinstance(target, (ast.Name, ast.Attribute)) or not isinstance(value, ast.Call):
            return
        if isinstance(target, ast.Attribute):
            name = self.resolve(value.func)
            # self.log_file = path.open('w'): a Path opened by its method, the receiver is the path and the
            # first argument the mode
            path_method = (
                type(value.func) is ast.Attribute and value.func.attr == "open" and _mode_first(value)
            )
            if path_method or (_w.opens(name, value) and value.args):
                if path_method:
                    path, origins = self.builder.build(value.func.value)
                    mode = value.args[0].value
                else:
                    path, origins = self.builder.build(value.args[0])
                    mode = _w.open_mode(value)
                self.handles[_w._short(target)] = (path, origins, mode)
                if self.func != "__init__":
                    self._kept_handle(path, origins, mode, value.lineno)
                elif not path_method:
                    # def __init__(self, opts, fields, filename="log.csv"): self.f = open(filename, "w"): the file
                    # a constructor's caller names (`CSVLogger(filename=...)`); the default where it names none
                    path, origins = self._callers_path(value.args[0], path, origins)
                # class CSVOutputFormat: def __init__(self, filename): self.file = open(filename, "w+t"):
                # the class is a writer; `CSVOutputFormat(join(dir, "progress.csv"))` writes that file.
                m = _param_hole(path)
                cls = getattr(self, "cls", "")
                if (
                    m
                    and cls
                    and self.func == "__init__"
                    and m.group(1) in self.param_order[1:]
                    and len(self.facts.writer_funcs) < 100
                    and mode[:1] in ("w", "a")
                ):
                    write = Write(
                        "stream", "", (), path, origins, mode, value.lineno, self.cell, "open().write", cls
                    )
                    self.facts.writer_funcs.append((cls, self.param_order.index(m.group(1)) - 1, -1, write))
            elif name.rsplit(".", 1)[-1] in ("writer", "DictWriter", "TextIOWrapper") and value.args:
                # self._csv_writer = csv.DictWriter(self._csv_file, ...): rows go to that file
                src = value.args[0]
                key = _w._short(src) if isinstance(src, ast.Attribute) else getattr(src, "id", None)
                if key in self.handles:
                    self.handles[_w._short(target)] = self.handles[key]
            return
        name = self.resolve(value.func)
        func = value.func
        mode_first = _mode_first(value)
        # `snapshot.open("wb")` on a Path: the first argument is a mode, the receiver the path.
        if isinstance(func, ast.Attribute) and func.attr == "open" and (not _w.is_open(name) or mode_first):
            # (Path(out) / "log.txt").open("a"): the receiver is the path, the first argument the mode
            path, origins = self.builder.build(func.value)
            arg = (
                value.args[0]
                if value.args
                else next((k.value for k in value.keywords if k.arg == "mode"), None)
            )
            mode = arg.value if isinstance(arg, ast.Constant) and isinstance(arg.value, str) else ""
            self.handles[target.id] = (path, origins, mode)
            return
        if _w.opens(name, value) and value.args:
            path, origins = self.builder.build(value.args[0])
            mode = _w.open_mode(value)
            self.handles[target.id] = (path, origins, mode)
            self.facts.writes.append(
                Write("open", "", (), path, origins, mode, value.lineno, self.cell, name, self.func)
            )
        elif name.rsplit(".", 1)[-1] in ("writer", "DictWriter", "TextIOWrapper") and value.args:
            # w = csv.writer(f), or csv.writer(self.csv_file) over the handle the object keeps
            src = value.args[0]
            key = _w._short(src) if isinstance(src, ast.Attribute) else getattr(src, "id", None)
            if key in self.handles:
                self.handles[target.id] = self.handles[key]

    def _loop_handle(self, target: ast.expr, items: ast.expr) -> None:
        """``for fd in list(fds.values())`` / ``for name, fd in fds.items()`` over a dict of open files:
        the loop name is each of those handles."""
        if (
            isinstance(items, ast.Call)
            and self.resolve(items.func) in ("list", "tuple", "sorted")
            and items.args
        ):
            items = items.args[0]
        if isinstance(items, ast.Subscript) and isinstance(items.slice, ast.Slice):
            items = items.value  # for f in self.text_outputs[1:]: the files, the console left out
        if isinstance(items, (ast.Name, ast.Attribute)) and isinstance(target, ast.Name):
            # for f in self.text_outputs: each file the list was handed
            kept = self.handles.get(_w._short(items) + "[]")
            if kept is not None:
                self.handles[target.id] = kept
            return
        if not (isinstance(items, ast.Call) and isinstance(items.func, ast.Attribute) and not items.args):
            return
        kept = self.handles.get(_w._short(items.func.value) + "[]")
        if kept is None:
            return
        if items.func.attr == "values" and isinstance(target, ast.Name):
            self.handles[target.id] = kept
        elif (
            items.func.attr == "items"
            and isinstance(target, ast.Tuple)
            and len(target.elts) == 2
            and isinstance(target.elts[1], ast.Name)
        ):
            self.handles[target.elts[1].id] = kept

    def _kept_handle(self, path: str, origins: tuple, mode: str, line: int) -> None:
        """A file opened for writing on a parameter's path and kept beyond the call (in an attribute or
        a module's dict of handles): the function opens its caller's output stream, so its callers are
        followed to the path they pass (``logger.add_tabular_output(join(log_dir, "progress.csv"))``)."""
        if not (mode[:1] in ("w", "a") and _param_hole(path)):
            return
        write = Write("stream", "", (), path, origins, mode, line, self.cell, "open().write", self.func)
        self._writer_param(path, None, write)

    def _artifact(self, node: ast.Call, name: str) -> None:
        """A plot, image, audio or video file written by the run: ``plt.savefig(f"{out}/loss.png")``,
        ``save_image(x, path)``, a project helper ``save_grid(img, run_dir / "fakes.png")``."""
        last = name.rsplit(".", 1)[-1]
        kw = {k.arg: k.value for k in node.keywords if k.arg}
        values = [*node.args, *kw.values()]
        target = None
        for value in values:
            if isinstance(value, ast.Constant) and not isinstance(value.value, str):
                continue
            if isinstance(value, (ast.Constant, ast.JoinedStr, ast.BinOp, ast.Call)) or _w.is_pathy(
                value, self.paths
            ):
                path, origins = self.builder.build(value)
                if path.lower().endswith(_w.MEDIA_SUFFIXES):
                    target = value
                    break
        if target is None and (last in _w.MEDIA_SAVERS or _PIL_SAVE.search(name)):
            # The saver's path argument: savefig(fname), imwrite(uri, im), save_image(tensor, fp); mmcv's
            # imwrite(img, file_path) takes the image first
            pos = 1 if last in ("save_image", "save_images", "RecordVideo") or name.startswith("mmcv.") else 0
            target = (
                node.args[pos]
                if len(node.args) > pos
                else kw.get("fp")
                or kw.get("file_path")
                or kw.get("fname")
                or kw.get("uri")
                or kw.get("filename")
                or kw.get("video_folder")
            )
            if target is None:
                return
            path, origins = self.builder.build(target)
        if target is None:
            return
        if type(target) is ast.Name and _IN_MEMORY.fullmatch(self.aliases.get(target.id, "")):
            # plt.savefig(buf) with buf = io.BytesIO(), cStringIO.StringIO() or six.BytesIO(): an image
            # kept in memory (sent to a dashboard, shown inline)
            return
        what = next((_w._short(v) for v in values if v is not target), "")
        self.facts.writes.append(
            Write("artifact", what, (), path, origins, "", node.lineno, self.cell, name, self.func)
        )

    def _built_text(self, name: str) -> str | None:
        """The source text of the string expression a name was last bound to (text_built), or None."""
        node = self.text_built.get(name)
        if type(node) is ast.IfExp:
            node = self._default_branch(node) or node
        return None if node is None else _w._short(node, 120)

    def _default_branch(self, node: ast.IfExp) -> ast.expr | None:
        """ymd_time = time.strftime("%Y-%m-%d_") if datestamp else "": the branch the enclosing function's
        parameter picks by default (`datestamp=False`: no date in the folder unless a caller asks); None
        when the test is no parameter of it."""
        test = node.test
        if type(test) is not ast.Name or test.id not in self.params or test.id not in self.param_order:
            return None
        return node.body if test.id in getattr(self, "params_on", frozenset()) else node.orelse

    def _write(self, node: ast.Call, name: str) -> None:
        """Record a call that writes a file: a serialiser, a stream write, a summary writer, a save."""
        last = name.rsplit(".", 1)[-1]
        args = node.args
        kw = {k.arg: k.value for k in node.keywords if k.arg}
        obj = target = None
        kind, shell_what = "dump", ""
        manager_save = False
        if last in _w.MEDIA_SAVERS or _PIL_SAVE.search(name):
            self._artifact(node, name)
            return
        mode = ""
        hdf5 = False
        if last in _HDF5_WRITES:
            # self.f = tables.open_file(filename, "w") / h5py.File(path, "w"): a run log in one HDF5 file, its
            # tables grown row by row (the metrics) and its arrays (the weights at a snapshot)
            handle = node.func.value if isinstance(node.func, ast.Attribute) else None
            key = _w._short(handle) if isinstance(handle, (ast.Name, ast.Attribute)) else None
            if key is None or key not in self.handles:
                return
            if last == "create_table":
                # a table grows by rows: a log; the row layout it is created with (built from the first row's
                # keys) is its columns
                kind = "stream"
                data = (
                    args[2]
                    if len(args) > 2
                    else (kw.get("description") or (args[1] if len(args) > 1 else None))
                )
            else:
                kind = "checkpoint"
                data = args[2] if len(args) > 2 else (kw.get("obj") or kw.get("data"))
                if not (
                    (self.func and _SNAPSHOT_FUNC.search(self.func))
                    or (data is not None and _WEIGHTS_VALUE.search(_w._short(data)))
                ):
                    return  # another array: a dataset's (trajectories, features, rewards collected)
            obj, target, hdf5 = data, ast.Name(id=key), True
            target.lineno = node.lineno
        # A stream write through an open handle: f.write(...), writer.writerow(...), print(..., file=f).
        elif last in ("write", "writelines", "writerow", "writerows", "print"):
            handle = (
                kw.get("file")
                if last == "print"
                else (node.func.value if isinstance(node.func, ast.Attribute) else None)
            )
            direct = (
                isinstance(handle, ast.Call) and _w.opens(self.resolve(handle.func), handle) and handle.args
            )
            key = (
                _w._short(handle)
                if isinstance(handle, ast.Attribute)
                else _w._short(handle.value) + "[]"
                if isinstance(handle, ast.Subscript)
                else None
            )
            if key is not None and key in self.handles:
                handle = ast.Name(id=key)  # self.file = open(...) in __init__, self.file.write(...) later
                handle.lineno = node.lineno
            elif direct:
                pass  # open(path, "w").write(sha): the target is the open call itself
            elif not (isinstance(handle, ast.Name) and handle.id in self.handles):
                return
            kind, obj, target = "stream", (args[0] if args else None), handle
        elif last in _TF_SESSION_DIRS and name.startswith("tensorflow"):
            # MonitoredTrainingSession(master, is_chief, checkpoint_dir): given a directory, it saves
            # checkpoints (every 600 s unless told otherwise) and summaries there, and restores the latest
            # checkpoint when it starts, as an Estimator does with its model_dir; the master is no path.
            # SingularMonitoredSession(hooks, scaffold, master, config, checkpoint_dir) only restores there
            # (it adds no saving hook of its own); CheckpointSaverHook(checkpoint_dir, ...) only saves there.
            at, shell_what = _TF_SESSION_DIRS[last]
            target = kw.get("checkpoint_dir") or (args[at] if len(args) > at else None)
            if target is None or (isinstance(target, ast.Constant) and target.value is None):
                return  # no directory: it writes nothing
            kind = "estimator"
            secs = kw.get("save_checkpoint_secs")
            if (
                last == "MonitoredTrainingSession"
                and isinstance(secs, ast.Constant)
                and secs.value is None
                and "save_checkpoint_steps" not in kw
            ):
                shell_what = "summaries"  # checkpoints turned off
        elif last in _w.SUMMARY_WRITERS:
            if last == "EventsWriter" and not name.startswith("tensorflow"):
                return  # another library's EventsWriter
            target = (
                args[0]
                if args
                else (kw.get("logdir") or kw.get("log_dir") or kw.get("checkpoint_dir") or kw.get("workdir"))
            )
            kind = "summary"
        elif last in _w.DOWEL_FILE_OUTPUTS and name.startswith("dowel."):
            # logger.add_output(dowel.CsvOutput(tabular_log_file)): the logger's rows go to that file
            target = args[0] if args else kw.get("file_name")
            kind, mode = "stream", "w"
        elif last in _w.ESTIMATOR_DIRS:
            if not name.startswith("tensorflow"):
                return  # another library's RunConfig or Estimator
            # tf.estimator.Estimator(model_fn, model_dir): the directory is its second argument
            target = kw.get("model_dir") or (
                args[1] if len(args) > 1 and last in ("Estimator", "TPUEstimator") else None
            )
            if target is None or (isinstance(target, ast.Constant) and target.value is None):
                return  # no model_dir here (a temporary one, or the RunConfig's)
            kind = "estimator"
        elif last == "FileHandler":
            target = args[0] if args else kw.get("filename")
            kind = "stream"
            mode = "a"
        elif (
            last in _w.CHECKPOINT_CALLS
            or (last == "save" and name.endswith(("Saver().save", "Saver.save")))
            or _TRAINING_STATE_SAVE.search(name)
        ):
            # fabric.save(path, state) (Lightning Fabric), accelerator.save_state(dir) (accelerate): the
            # training state (model, optimizer, step) written by the library that runs the loop
            kind = "checkpoint"
            if "Saver" in name:
                target = args[1] if len(args) > 1 else kw.get("save_path")
            elif (
                len(args) > 1
                and isinstance(node.func, ast.Attribute)
                and not self._path_arg(0, args[0], False)
                and (
                    self._path_arg(1, args[1], False)
                    or _PATH_NAME.search(_w._short(args[1]))
                    # mlflow.pytorch.save_model(model, args.export): the model, then where it goes, unless
                    # the second is more state (cp.save_checkpoint(model, model_ema, optimizer, epoch))
                    or (
                        type(args[0]) is ast.Name
                        and _MODELISH.search(args[0].id)
                        and not _STATE_ARG.search(_w._short(args[1]))
                    )
                )
            ):
                # utils.save_model(model, args.output_model_file), keras' save_model(model, filepath): the
                # object first, the file second
                target = args[1]
            else:
                target = (
                    args[0] if args else (kw.get("filepath") or kw.get("save_directory") or kw.get("path"))
                )
                if (
                    # ... or a module's, handed the model first (cp.save_checkpoint(model, ema, opt, epoch))
                    args
                    and (
                        isinstance(node.func, ast.Name)
                        or (type(args[0]) is ast.Name and _MODELISH.search(args[0].id))
                    )
                    and not self._path_arg(0, args[0], False)
                    and not (type(args[0]) is ast.Name and _PATH_NAME.search(args[0].id))
                ):
                    # save_checkpoint({"epoch": ..., "state_dict": ...}, is_best): the project's own
                    # function handed the state, not a path; its body's writes are followed from here
                    return
            handed = "Saver" not in name and len(args) > 1 and target is args[1]
            obj = args[0] if handed else (node.func.value if isinstance(node.func, ast.Attribute) else None)
        elif last == "save" and _CKPT_MANAGER.search(name):
            # each save is a new step's checkpoint (max_to_keep of them), never the same file again
            manager_save = True
            # A checkpoint manager saving the training state: clu (Multihost)Checkpoint(dir).save(state),
            # orbax CheckpointManager(dir).save(step, items), tf.train.CheckpointManager(ckpt, dir).save();
            # tf.train.Checkpoint(...).save(prefix) and orbax Checkpointer().save(path, item) name the path.
            kind = "checkpoint"
            owner = name.rsplit(".", 2)[-2]
            if owner in (
                "Checkpoint()",
                "Checkpointer()",
                "PyTreeCheckpointer()",
                "StandardCheckpointer()",
            ) and (name.startswith(("tensorflow", "tf.", "orbax"))):
                target = args[0] if args else kw.get("file_prefix") or kw.get("directory")
                obj = args[1] if len(args) > 1 else None
            else:
                recv = node.func.value if isinstance(node.func, ast.Attribute) else None
                ctor = self.derived.get(recv.id) if isinstance(recv, ast.Name) else None
                if isinstance(ctor, ast.Call):
                    ckw = {k.arg: k.value for k in ctor.keywords if k.arg}
                    target = ckw.get("directory") or ckw.get("base_directory") or ckw.get("ckpt_dir")
                    if target is None and ctor.args:
                        # tf.train.CheckpointManager(checkpoint, directory, max_to_keep)
                        tf_manager = name.startswith(("tensorflow", "tf.")) and owner == "CheckpointManager()"
                        target = ctor.args[1] if tf_manager and len(ctor.args) > 1 else ctor.args[0]
                obj = args[-1] if args else None
        elif name in _COMMAND_RUNNERS:
            # os.system(f"cp ./*.py {out_dir}"): the project's code copied into a run's directory
            copied = _shell_copy(args[0]) if args else None
            if copied is None:
                return
            kind, shell_what, target = "copy", copied[0], copied[1]
        elif (last in ("copy", "copyfile", "copy2", "copytree", "move") and name.startswith("shutil")) or (
            last in _w.FILE_MOVES and name.startswith(("tensorflow", "os."))
        ):
            # a file copied or moved into place: shutil, tf.io.gfile.copy/rename (TF1 tf.gfile.Copy), os.rename
            kind = "copy"
            # tf.io.gfile.copy(src=tmp_name, dst=final_name, overwrite=True): by keyword too
            obj = args[0] if args else kw.get("src") or kw.get("oldpath")
            target = args[1] if len(args) > 1 else kw.get("dst") or kw.get("newpath")
            listed = self._listed_sources(obj) if type(obj) is ast.Name and self.loops else ""
            if listed:
                # for f in os.listdir(root): if f.endswith('.py'): shutil.copy2(f, dst): the project's code
                obj, shell_what = None, listed
        elif last in _w.SERIALISERS:
            if (
                name.startswith(("plt.", "matplotlib", "PIL", "cv2", "imageio"))
                or last == "save"
                and (name.endswith(("savefig", "Image.save")))
            ):
                return
            oi, ti = _w.SERIALISERS[last]
            if last == "save" and name.startswith(_w.NUMPY_SAVE):
                oi, ti = 1, 0
            if (
                last in _w.NAMED_WRITERS
                and len(node.args) >= 2
                and (self._pathlike(node.args[0]) or _w.is_pathy(node.args[0], self.paths))
            ):
                oi, ti = 1, 0  # save_json("scores.json", scores): a helper that takes the path first
            if last in _w.SELF_SAVES and self._self_save(node, name):
                return
            if (
                last == "save"
                and isinstance(node.func, ast.Attribute)
                # accelerator.save(obj, path): torch.save on the main process (Accelerate, torch_xla)
                and not _TORCH_SAVE_WRAPPER.search(name)
                and not name.startswith(
                    (
                        "torch.",
                        "omegaconf.",
                        "OmegaConf",
                        "numpy.",
                        "np.",
                        "joblib",
                        "tensorflow",
                        "tf.",
                        "paddle",
                    )
                )
            ):
                # model.save(path): a model object saving itself (Keras, gensim, sklearn wrappers);
                # any other object's save() is not part of a run record, unless it writes an image.
                bound = self.aliases.get(node.func.value.id, "") if type(node.func.value) is ast.Name else ""
                if (
                    bound
                    and not re.search(r"[(\[]", bound)
                    and bound.split(".", 1)[0] in self.import_roots
                    # (an imported model object saving itself is handed the path first: model.save("m.h5"))
                    and len(args) > 1
                    and not (self._pathlike(args[0]) or _w.is_pathy(args[0], self.paths))
                ):
                    # networks.save(net, sess, filename=...): an imported module's function, no object
                    # saving itself; the project's own is followed to its writes through its callers
                    return
                if not _MODELISH.search(_w._short(node.func.value)):
                    self._artifact(node, name)
                    return
                kind = "checkpoint"
                oi, ti = -1, 0
            if last == "dump" and not args and "stream" in kw and isinstance(node.func, ast.Attribute):
                oi = -1  # yacs/ruamel: cfg.dump(stream=f) writes the receiver
            elif (
                last == "dump"
                and len(args) == 1
                and isinstance(node.func, ast.Attribute)
                and not name.startswith(_DUMP_MODULES)
            ):
                if _message(args[0]) or (
                    _LOGGER_NAME.search(_w._short(node.func.value)) and not self._path_arg(0, args[0], False)
                ):
                    return  # logger.dump('Dialog %d' % i): a project logger's method handed a line of text
                recv = node.func.value
                if (
                    type(recv) is ast.Name
                    and recv.id[:1].islower()
                    and not self.aliases.get(recv.id, "()").endswith("()")
                    and not self._path_arg(0, args[0], False)
                ):
                    # hyperparams.dump(hparams): an imported module's function handed an object, which it
                    # writes where its own code says (sys.stdout by default); no object writing itself to a
                    # path it is handed
                    return
                oi, ti = -1, 0  # mmcv's cfg.dump(osp.join(work_dir, name)): the config writes itself there
            obj = (
                node.func.value
                if oi == -1 and isinstance(node.func, ast.Attribute)
                else (args[oi] if len(args) > oi >= 0 else None)
            )
            if obj is None and last in ("savez", "savez_compressed") and node.keywords:
                # np.savez(path, test_bpd=np.array(test_bpd)): the arrays go by keyword, each named in
                # the archive by its keyword, as a dict of named arrays would be
                named = [k for k in node.keywords if k.arg and k.arg not in ("file", "allow_pickle")]
                if named:
                    obj = ast.Dict(keys=[ast.Constant(k.arg) for k in named], values=[k.value for k in named])
            if isinstance(obj, ast.Starred):
                return  # a pass-through wrapper (def save(*args): torch.save(*args)); its callers count
            target = (
                args[ti]
                if len(args) > ti
                else (
                    kw.get("f")
                    or kw.get("fp")
                    or kw.get("stream")
                    or kw.get("file")
                    or kw.get("path")
                    or kw.get("path_or_buf")
                    or kw.get("filename")
                )
            )
            if target is None and last in ("dump", "safe_dump"):
                # yaml.dump(cfg) with no stream (and a yacs cfg.dump()) returns the text: logged or
                # printed, it is written nowhere by this call
                return
        else:
            return
        # torch.save(checkpoint, mem_file) with mem_file = io.BytesIO(): bytes kept in memory (handed on to a
        # loader), no file, unless the buffer's bytes are taken out (getvalue()) to be written or uploaded:
        # decided once the module is read (_memory_writes)
        memory = (
            type(target) is ast.Name and _IN_MEMORY.fullmatch(self.aliases.get(target.id, "")) is not None
        )
        resolve = self.resolve
        if self.varargs:
            # save_git_diff(path, *args, **kwargs): the caller's extra arguments, not the run's options
            varargs = self.varargs
            resolve = lambda n: "" if type(n) is ast.Name and n.id in varargs else self.resolve(n)  # noqa: E731
        roots = _w.names_in(obj, resolve) if obj is not None else ()
        if isinstance(obj, ast.Name) and obj.id in self.derived:
            roots = roots + _w.names_in(self.derived[obj.id], resolve)
            for before in self.derived_before.get(obj.id, ()):
                roots = roots + _w.names_in(before, resolve)
        elif type(obj) is ast.BinOp:
            # f.write('\n' + cmd_input): text added to the command line is still the command line
            for n in ast.walk(obj):
                if type(n) is ast.Name and _reads_argv(self.derived.get(n.id, n)):
                    roots = roots + _w.names_in(self.derived[n.id], resolve)

        cls = getattr(self, "cls", "")
        if cls and self.func and obj is not None:
            subject = _w.self_subject(obj, self.resolve, self.derived)
            if subject:
                roots = (_w.self_mark(cls, subject), *roots)
        # f.write(str(final_result)) after final_result.update(vars(args)): the merged values count,
        # two steps deep (message += f(k, v), where k, v come from `for k, v in vars(opt).items()`).
        seen: set = set()
        if isinstance(obj, ast.Name) and obj.id in self.merged:
            # config = yaml.load(f); config.update(vars(args)); yaml.dump(config, ...): the object
            # written holds what was merged into it, whatever it was first built from
            seen.add(obj.id)
            for merged in self.merged[obj.id][:6]:
                roots = roots + _w.names_in(merged, self.resolve)
        roots = self._merged_roots(roots, seen)
        if isinstance(obj, ast.Name) and _per_example_output(self.appended_keys.get((self.func, obj.id), ())):
            # json.dump(result, ...) of records {"image_id": ..., "caption": ...}: what the model output for
            # each example (COCO/VQA result files), not metrics of the run
            roots = (*roots, "per-example predictions")
        d = (
            obj
            if isinstance(obj, ast.Dict)
            else (self.dicts.get(obj.id) if isinstance(obj, ast.Name) else None)
        )
        if d is not None:
            # torch.save({"model": ..., "args": args}, ...) or checkpoint = {...}; torch.save(checkpoint, ...)
            # 'opt': self.opt.state_dict() is the optimizer's state, whatever the key says: not the options
            keys = tuple(
                f"key:{k.value}"
                for k, v in zip(d.keys, d.values, strict=True)
                if isinstance(k, ast.Constant) and isinstance(k.value, str) and not _state_of(v)
            )
            roots = roots + keys[:16] + _w.names_in(d, self.resolve, 16)
        if isinstance(target, ast.Call) and _w.opens(self.resolve(target.func), target) and target.args:
            mode = _w.open_mode(target)  # json.dump(results, open(path, "w"))
            target = target.args[0]
        if isinstance(target, ast.Name) and target.id in self.handles:
            path, origins, mode = self.handles[target.id]
            if hdf5:
                mode = "a"  # each table row or snapshot adds to the file the run opened
        elif target is not None:
            path, origins = self.builder.build(target)
        else:
            path, origins = "", ()
        if manager_save and path:
            path, origins = path + "/{step}", (*origins, _w.STEP)
        elif (
            kind == "checkpoint"
            and "Saver" in name
            and path
            and (kw.get("global_step") is not None or len(args) > 2)
            and not (isinstance(kw.get("global_step"), ast.Constant) and kw["global_step"].value is None)
        ):
            # saver.save(sess, prefix, global_step=t): TensorFlow appends the step, a new file per save
            # (the last max_to_keep of them kept). Written <global_step>, not as a placeholder of the path: the
            # folder is still the one the next run saves the same steps into (records.SAVER_STEP).
            path = path + "-<global_step>"
        elif kind == "checkpoint" and last == "save_checkpoint" and "tag" in kw and path:
            # DeepSpeed's engine.save_checkpoint(save_dir, tag=f"global_step{i}"): a folder per tag
            path, origins = path + "/{tag}", (*origins, _w.STEP)
        if last == "FileHandler" and target is not None:
            self.log_files.append((path, origins))  # logger.info(args) writes there
        if kind == "dump" and name == "torch.save" and obj is not None and self.module_names:
            if _module_value(obj, self.torch_classes, self.module_names, self.resolve):
                kind = "checkpoint"  # torch.save(net_best.cpu(), args.save): the project's module, whole
        moves = last in ("move", "Rename", "rename", "replace")
        # (a copy carries the content on only as the temporary step of an atomic write: a copy kept as
        # checkpoint_latest.pth beside the step's checkpoint is a copy, read as one)
        moved = (
            self._moved_write(obj)
            if kind == "copy" and path and obj is not None and (moves or re.search(r"(?i)tmp|temp", path))
            else None
        )
        if moved is not None:
            # an atomic write: dataframe.to_csv(tmp_name), then tf.io.gfile.rename(tmp_name, output_file): the
            # final file holds what was written to the temporary one
            kind, roots, mode, name, shell_what = moved.kind, moved.roots, moved.mode, moved.call, moved.what
            # (the object a caller hands in, when it is a parameter: atomic_write_to_csv(dataframe, path))
            obj = next((ast.Name(id=r) for r in moved.roots if r in self.param_order), None)
            if moves:
                self.facts.writes.remove(moved)  # the temporary file is gone
        write = Write(
            kind,
            # a copy's source in full enough to show its suffix (join(this_dir, '../lib/models', name + '.py'))
            _w._short(obj, 160 if kind == "copy" else 60) if obj is not None else shell_what,
            roots,
            path,
            origins,
            mode,
            node.lineno,
            self.cell,
            name,
            self.func,
        )
        if memory:
            if not hasattr(self, "memory_targets"):
                self.memory_targets = {}
            # (its calls read as the buffer's constructor: buffer.getvalue() is io.BytesIO().getvalue)
            self.memory_targets[len(self.facts.writes)] = (target.id, self.aliases.get(target.id, ""))
        self.facts.writes.append(write)
        self._writer_param(path, obj, write)
        hole, hole_origins = self._callers_path(target, path, origins)
        if hole != path:
            # def save_checkpoint(state, is_best, filename="checkpoint.pth.tar"): the default file, unless
            # a caller names another (filename=f"checkpoint_{epoch:04d}.pth.tar"); its callers are followed
            self._writer_param(hole, obj, write._replace(target=hole, origins=hole_origins))

    def _listed_sources(self, name: ast.Name) -> str:
        """``*.py`` when ``name`` walks a directory listing (os.listdir, glob, iterdir) kept to Python or
        shell files by the loop (``if f.endswith('.py')``, ``glob('*.py')``): the copy is of the code."""
        for loop in reversed(self.loops):
            if not (type(loop) in (ast.For, ast.AsyncFor) and type(loop.target) is ast.Name):
                continue
            if loop.target.id != name.id:
                continue
            items = loop.iter
            call = items.func if type(items) is ast.Call else None
            last = call.attr if type(call) is ast.Attribute else getattr(call, "id", "")
            if last not in ("listdir", "glob", "iglob", "rglob", "iterdir", "scandir"):
                return ""
            if not self._own_dir(items):
                return ""  # glob(join(corpus_dir, "**", "*.py")): source files gathered as data
            texts = [n.value for n in ast.walk(loop) if type(n) is ast.Constant and isinstance(n.value, str)]
            if not any(t.endswith((".py", ".sh")) for t in texts):
                return ""
            deep = (
                last == "rglob"
                or any("**" in t for t in texts)
                or any(k.arg == "recursive" for k in items.keywords)
            )
            # os.listdir(".") reaches the top-level files only: a package's modules (models/, utils/) stay out
            return "*.py" if deep else "top-level *.py"
        return ""

    def _own_dir(self, listing: ast.Call) -> bool:
        """The listing walks the project's own folder: the working directory (os.listdir(), ".", os.getcwd(),
        a `root="."` parameter, Path(".").glob(...)) or the module's (dirname(__file__)), or a glob pattern
        under it (`glob.glob("*.py")`), not a corpus or data folder."""
        f = listing.func
        name = self.resolve(f) or ""
        if type(f) is ast.Attribute and not name.startswith(("os.", "glob.")):
            where = f.value  # Path(root).glob("*.py"), here.iterdir()
        elif listing.args:
            where = listing.args[0]
        else:
            return True  # os.listdir(): the working directory
        if type(where) is ast.Name and where.id in self.param_order:
            text = self.str_defaults.get(where.id, where.id)
        else:
            text = _w._short(where, 120)
        return bool(
            re.fullmatch(r"(?:(?:pathlib\.)?Path\()?[\"']?\.?/?[\"']?\)?", text)
            or re.fullmatch(r"[\"']?(\./)?(\*\*/)?\*\.(py|sh)[\"']?", text)
            or re.search(r"__file__|getcwd|\bcwd\(\)", text)
        )

    def _moved_write(self, source: ast.expr) -> Write | None:
        """The write this function made to the file ``source`` names (``dataframe.to_csv(tmp_name)`` before
        ``copy(tmp_name, ...)``), through the copies made of it since; None when it wrote none there."""
        src, _ = self.builder.build(source)
        if not src:
            return None
        for w in reversed(self.facts.writes[-50:]):
            if w.func != self.func:
                break
            if w.target == src and w.kind in ("dump", "stream", "checkpoint"):
                return w
        return None

    def _callers_path(self, node, path: str, origins: tuple) -> tuple:
        """The path a parameter with a file-name default stands for: its placeholder (``{filename}``), so
        the function's callers are followed to the file they name; ``(path, origins)`` for any other node."""
        if not (
            isinstance(node, ast.Name)
            and node.id in self.param_order
            and self.str_defaults.get(node.id) == path
            and node.id in self.paths
        ):
            return path, origins
        default = self.paths.pop(node.id)
        try:
            return self.builder.build(node)
        finally:
            self.paths[node.id] = default

    def _self_save(self, node: ast.Call, name: str) -> bool:
        """``super().save(path)`` / ``self.save(path)`` in a method, or ``args.save(path)`` on the parsed
        options: the object saving itself (an options library's class writes every argument). Recorded
        as a dump of that object; False when the call is not of that shape. A model's ``self.save`` is
        told apart in the records, by whether the class holds the run's options."""
        recv = node.func.value if isinstance(node.func, ast.Attribute) else None
        cls = getattr(self, "cls", "")
        own = (
            cls
            and self.func
            and (
                (isinstance(recv, ast.Name) and recv.id == "self")
                or (
                    isinstance(recv, ast.Call) and isinstance(recv.func, ast.Name) and recv.func.id == "super"
                )
            )
        )
        parsed = recv is not None and not own and _PARSED.search(self.resolve(recv))
        # config.save(logdir / "config.yaml"): a configuration object of an options library saving
        # itself to a configuration file, whatever library built it (elements.Config, a ConfigDict)
        config_object = (
            recv is not None
            and not own
            and type(recv) is ast.Name
            and _CONFIG_OBJECT.fullmatch(recv.id) is not None
            and node.args
        )
        if not (own or parsed or config_object):
            return False
        kw = {k.arg: k.value for k in node.keywords if k.arg}
        target = (
            node.args[0]
            if node.args
            else next(
                (kw[k] for k in ("path", "file", "f", "filename", "fname", "path_or_buf") if k in kw), None
            )
        )
        if target is None or isinstance(target, ast.Constant) and not isinstance(target.value, str):
            return False
        path, origins = self.builder.build(target)
        if config_object and not parsed and not _CONFIG_FILE_NAME.search(path.rsplit("/", 1)[-1]):
            return False
        if path.lower().endswith(_w.MEDIA_SUFFIXES):
            return False
        if own:
            what, roots = "self", (_w.self_mark(cls, "self"),)
        else:
            what, roots = _w._short(recv), _w.names_in(recv, self.resolve)
        write = Write("dump", what, roots, path, origins, "", node.lineno, self.cell, name, self.func)
        self.facts.writes.append(write)
        if own:
            self._artifact(node, name)  # self.save(...) of a model class is read as before
        return True

    def _learner_write(self, node: ast.Call, name: str) -> None:
        """A library's training object saving itself (fastai ``learn.save('stage-1')`` writes
        ``models/stage-1.pth`` under the data path, ``learn.export()`` writes ``export.pkl``): a
        checkpoint, named by the argument."""
        api = learner_api(name)
        kw = {k.arg: k.value for k in node.keywords if k.arg}
        arg = node.args[0] if node.args else kw.get("file") or kw.get("fname") or kw.get("name")
        path, origins = self.builder.build(arg) if arg is not None else ("", ())
        if learner_role(name) == "save":
            target = f"{api.model_dir}/{path or '{name}'}.pth"
            origins = origins or ("unknown",)
        else:
            target = path or api.export_file
            origins = origins or ("fixed",)
        receiver = node.func.value if isinstance(node.func, ast.Attribute) else None
        what = _w._short(receiver) if receiver is not None else ""
        self.facts.writes.append(
            Write(
                "checkpoint",
                what,
                (name.rsplit(".", 1)[0],),
                target,
                origins,
                "wb",
                node.lineno,
                self.cell,
                name,
                self.func,
            )
        )

    def _writer_param(self, path: str, obj, write: Write) -> None:
        """A write whose path is a parameter of the enclosing function makes that function a writer
        its callers use: ``def dict_to_json(d, fname): json.dump(d, open(fname, "a"))``."""
        m = _param_hole(path)
        if m is None:
            # open(join(self.output_dir, filename)) in def save_pickle(self, obj, filename): of the holes,
            # the one parameter of this function is what its callers decide
            order = self.param_order[1:] if self.param_order[:1] in (["self"], ["cls"]) else self.param_order
            own = [x for x in _PARAM_HOLE.finditer(path) if x.group(1) in order]
            m = own[0] if len(own) == 1 and self.func != "__init__" else None
        # def yaml_save(file="data.yaml", data=None): open(file, "w"): the parameter's default names the file
        # only when a caller passes none
        hole = m.group(1) if m else self.default_paths.get(path, "")
        cls = getattr(self, "cls", "")
        if hole and cls and self.func != "__init__" and hole in self.init_params.get(cls, ()):
            # self.fname = fname in __init__, open(self.fname, "a") in log(): CSVLogger(path) writes path
            if len(self.facts.writer_funcs) < 100:
                self.facts.writer_funcs.append((cls, self.init_params[cls].index(hole), -1, write))
            return
        if m and self.func and m.group(1) not in self.param_order:
            # def logger(log_prefix): def log(**kw): open(f"{log_prefix}.jsonl", "a+"): the factory's
            # parameter; what its callers pass (logprint = logger(run_dir)) is where the returned log writes
            owner = next(((f, order) for f, order in reversed(self.enclosing) if m.group(1) in order), None)
            if owner and len(self.facts.writer_funcs) < 100:
                self.facts.writer_funcs.append((owner[0], owner[1].index(m.group(1)), -1, write))
            return
        if not (hole and self.func and hole in self.param_order):
            return
        if len(self.facts.writer_funcs) >= 100:
            return
        if is_blank_write(write) and (write.func, write.target) not in text_written(self.facts.writes):
            # add_newline_at_end_of_file(path): a newline alone, for whatever file it is handed (asked at most
            # once per writer function kept, so the scan stays within 100 passes over the module's writes)
            return
        pi = self.param_order.index(hole)
        oi = (
            self.param_order.index(obj.id) if isinstance(obj, ast.Name) and obj.id in self.param_order else -1
        )
        if oi < 0:
            # hp = json.dumps(vars(hparams)); fout.write(hp): what is written is built from one parameter
            built = [
                r for r in write.roots if r in self.param_order and r not in ("self", "cls") and r != hole
            ]
            if len(set(built)) == 1:
                oi = self.param_order.index(built[0])
        if getattr(self, "cls", "") and self.param_order[:1] in (["self"], ["cls"]):
            # logger.log_variant(path, variant) calls def log_variant(self, log_file, variant_data):
            # positions as the caller passes them, without the bound self
            pi, oi = pi - 1, (oi - 1 if oi > 0 else oi)
        # a write in __init__ is made by constructing the class: Writer(path)
        owner = cls if cls and self.func == "__init__" else self.func
        self.facts.writer_funcs.append((owner, pi, oi, write))

    def _dict_now(self, name: ast.Name):
        """The dict literal ``name`` holds at this point of the current function, else None."""
        bound = self.dict_binding.get(name.id)
        return bound[1] if bound is not None and bound[0] == self.func else None

    def _path_call(self, n: ast.Call, name: str) -> None:
        """A call passing a path it builds (``dict_to_json(stats, f"{out}/stats.json")``): kept so a
        writer function defined elsewhere in the project can be followed to what it writes."""
        if name == "functools.partial" and n.args and isinstance(n.args[0], (ast.Name, ast.Attribute)):
            # functools.partial(logging, log_path=log_path): the arguments bound are logging's
            name = self.resolve(n.args[0]) or _w._short(n.args[0])
            n = ast.Call(func=n.args[0], args=n.args[1:], keywords=n.keywords, lineno=n.lineno)
        # Logger("logs"), MetersGroup(join(log_dir, "train")): a writer class handed the directory
        # or prefix it builds its files from
        last = name.rsplit(".", 1)[-1]
        to_class = last[:1].isupper() and not last.endswith(("Error", "Exception", "Warning"))
        if to_class and _OUTPUT_CLASS.search(last) and len(n.args) > 1:
            self._output_class(n, name)
        # the first two paths among the positional arguments: _duplicate(last_path, best_path) copies to its
        # second; DCGAN(sess, out_dir=FLAGS.out_dir): each keyword argument holding a path, matched by the
        # parameter's name
        # save_hparams(hp, hp.logdir): the parsed options handed over with one of their directories
        parsed_args = {
            j
            for j, x in enumerate(n.args[:4])
            if type(x) is ast.Name and _PARSED.search(self.resolve(x) or "")
        }
        positional = [
            (i, a)
            # train(config, generator, discriminator, kp_detector, checkpoint, log_dir, dataset): a run's
            # directory is often handed on after the models and options
            for i, a in enumerate(n.args[:8])
            # ... or a directory option alone (write_hparams_to_csv(hparam_dict, FLAGS.root_output_dir, name))
            if self._path_arg(i, a, to_class) or self._parsed_dir_option(a)
        ][:2]
        keywords = [
            (k.arg, k.value) for k in n.keywords[:32] if k.arg and self._path_arg(k.arg, k.value, to_class)
        ]
        for i, a in [*positional, *keywords]:
            path, origins = self.builder.build(a)
            stem = re.sub(r"\{[^}]*\}", "", path.rsplit("/", 1)[-1])
            if type(a) is ast.Name and a.id in self.params and path == "{" + a.id + "}":
                # add_tabular_output(self, file_name): self._add_output(file_name, ...): the callers'
                # path handed on as it came, whatever it names; followed, not kept as a call of its own
                self._forward(n, name, i, path, origins)
                continue
            if len(self.facts.path_calls) >= 400 or not (
                path.lower().endswith(_w.RECORD_SUFFIXES)
                or (to_class and "." not in stem)
                # make_output_format(fmt, dir) with dir = join(tempdir, now().strftime(...)): a
                # directory this function built, handed to a function that may write in it
                or (type(a) in (ast.Name, ast.Attribute) and _w.is_pathy(a, self.paths) and "." not in stem)
                or (type(a) is ast.Name and _PATH_NAME.search(a.id) is not None and "." not in stem)
                or (self._module_setting(a) and _PATH_NAME.search(a.attr) is not None and "." not in stem)
                # save_hparams(hp, hp.logdir): a directory option of the run handed to a function
                or (self._parsed_dir_option(a) and "." not in stem)
                or (isinstance(i, str) and re.search(r"(dir|path|folder|root|filename)$", i) is not None)
                # os.path.join(serialization_dir, CONFIG_NAME): a file name another module's constant holds
                or _NAMED_FILE_HOLE.search(path) is not None
                # self.save_models(os.path.join(self.model_dir, "best")): a folder built below a directory
                # the run was handed, given to a method that writes into it
                # ... or joined with `/` below an options attribute (Path(config.result_path) / config.exp_name)
                or (
                    type(a) in (ast.Call, ast.BinOp)
                    and "." not in stem
                    and _RUN_DIR_HEAD.match(path) is not None
                )
            ):
                continue
            # ResultLogger(logdir + "train.txt", **hps.__dict__): what the writer is handed
            # as keywords is written too (its __init__ dumps **kwargs).
            others = " ".join(
                [_w._short(x, 40) for j, x in enumerate(n.args[:4]) if j != i]
                # save_hparams(hp, hp.logdir) after hp = parser.parse_args(): the object is the parsed options
                + ["parse_args()" for j in sorted(parsed_args) if j != i]
                # CSVLogger(args=args, fieldnames=[...], filename=f): the parsed options handed by keyword
                # (marked: the options count as written only where the writer writes what it is handed)
                + [
                    f"kwopt:{_w._short(k.value, 40)}"
                    for k in n.keywords[:32]
                    if k.arg
                    and k.arg != i
                    and type(k.value) is ast.Name
                    and _PARSED.search(self.resolve(k.value) or "")
                ]
                + ["**" + _w._short(k.value, 40) for k in n.keywords if k.arg is None]
                # save_checkpoint({"epoch": ..., "state_dict": ...}, filename=...): the keys say what the
                # dict holds, past the shortened text
                + [
                    f"key:{k.value}"
                    for x in n.args[:4]
                    # ... also of a dict bound to a name first (data = {"network": ..., "train_config": config})
                    for d in [
                        x if type(x) is ast.Dict else self._dict_now(x) if type(x) is ast.Name else None
                    ]
                    if d is not None
                    for k in d.keys[:16]
                    if type(k) is ast.Constant and isinstance(k.value, str)
                ]
            )
            self.facts.path_calls.append((name, i, path, origins, others, n.lineno, self.cell, self.func))
            self._forward(n, name, i, path, origins)

    def _forward(self, n: ast.Call, name: str, i, path: str, origins: tuple) -> None:
        """Logger.__init__(self, log_dir): MetersGroup(join(log_dir, "train")): when ``path`` holds a
        parameter of this function, the function hands it on to the writer ``name`` (argument ``i``);
        its callers write what that writer writes (followed in records._helper_writes)."""
        # which of the call's positions carry this function's own parameters (`pass:0`), so a caller's other
        # arguments are known to reach the inner writer's payload, or not (a keyword parameter: unknown)
        params = set(self.param_order)
        keyword_params = any(type(k.value) is ast.Name and k.value.id in params for k in n.keywords)
        passed = (
            ()
            if keyword_params
            else tuple(f"pass:{j}" for j, a in enumerate(n.args) if self._carries_param(a, params))
            or ("pass:",)
        )
        forward = Write(
            "forward", name, (str(i), *passed), path, origins, "", n.lineno, self.cell, name, self.func
        )
        self._writer_param(path, None, forward)

    def _carries_param(self, a: ast.expr, params: set) -> bool:
        """A parameter itself, or a name built here from one parameter alone (`dataframe =
        pd.DataFrame(pd.Series(series_data))`): what the caller hands in, reshaped."""
        if type(a) is not ast.Name:
            return False
        if a.id in params:
            return True
        value = self.derived.get(a.id)
        if type(value) is not ast.Call:
            return False
        used = {x.id for x in ast.walk(value) if type(x) is ast.Name and x.id in params} - {"self", "cls"}
        return len(used) == 1

    def _parsed_dir_option(self, a: ast.expr) -> bool:
        """`hp.logdir` where `hp = parser.parse_args()`: a directory option of the parsed command line."""
        return (
            type(a) is ast.Attribute
            and type(a.value) is ast.Name
            and _PATH_NAME.search(a.attr) is not None
            # (absl's FLAGS.root_output_dir as much as argparse's parsed options)
            and (a.value.id == "FLAGS" or _PARSED.search(self.resolve(a.value) or "") is not None)
        )

    def _module_setting(self, a: ast.expr) -> bool:
        """``config.model_path`` where ``import Config as config``: a name another module sets at its top."""
        return (
            type(a) is ast.Attribute and type(a.value) is ast.Name and a.value.id in self.facts.module_aliases
        )

    def _built_path(self, a: ast.expr) -> bool:
        """A path built here (os.path.join(folder, "log.csv")), or a variable bound to one."""
        return (self._pathlike(a) and not isinstance(a, ast.Name)) or _w.is_pathy(a, self.paths)

    def _path_arg(self, i, a: ast.expr, to_class: bool) -> bool:
        """A path built here, or a variable bound to one (log_file = os.path.join(folder, "log.csv")),
        a directory keyword (out_dir=args.out_dir), or a directory word handed to a class (Logger("logs"))."""
        return bool(
            self._built_path(a)
            # add_tabular_output(self, file_name): self._add_output(file_name, ...) hands its own path on
            or (type(a) is ast.Name and a.id in self.params and _PATH_PARAM.search(a.id) is not None)
            # checkpoint.save(ckpt_save_path, t, params): a variable named as a directory or path
            or (isinstance(i, int) and type(a) is ast.Name and _PATH_NAME.search(a.id) is not None)
            # save_checkpoint(state, config.model_path): ... or a module's setting so named
            or (isinstance(i, int) and self._module_setting(a) and _PATH_NAME.search(a.attr) is not None)
            or (
                isinstance(i, str)
                and isinstance(a, (ast.Name, ast.Attribute))
                and _PATH_NAME.search(i) is not None
            )
            or (
                to_class
                and type(a) is ast.Constant
                and isinstance(a.value, str)
                and _DIR_WORD.fullmatch(a.value)
            )
        )

    def _shuffle_split(self, names: set, line: int) -> None:
        """`valid = items[cut:]` after `np.random.shuffle(items)`: the shuffle makes a split."""
        f = self.facts
        bound = {(ln, cell) for ln, cell, name in f.call_targets[-200:] if name in names}
        for c in reversed(f.calls[-200:]):  # the shuffle comes shortly before its slices
            if c.cell != self.cell or c.line > line:
                continue
            # ... or `rand_inds = rng.permutation(n)` before `patients[rand_inds[:train_count]]`: the indices drawn
            # in a random order, then cut
            if (
                c.name in ("numpy.random.shuffle", "random.shuffle")
                and c.args
                and getattr(c.args[0], "text", None) in names
            ) or (PERMUTES.search(c.name) and (c.line, c.cell) in bound):
                if (c.line, c.cell) not in f.shuffle_splits:
                    f.shuffle_splits.append((c.line, c.cell))
                return

    def _early_return_switch(self, node) -> None:
        """`if not self._is_mlflow_enabled(): return` at the top of a function: the rest of it runs only
        when the tracking switch is on, a block like `if self._is_mlflow_enabled(): ...`."""
        f = self.facts
        for stmt in node.body:
            if not (
                type(stmt) is ast.If
                and not stmt.orelse
                and type(stmt.body[-1]) is ast.Return
                and type(stmt.test) is ast.UnaryOp
                and type(stmt.test.op) is ast.Not
            ):
                continue
            operand = stmt.test.operand
            cond = _w._short(operand, 80)
            # `if not should_log(step): return`: a schedule, not a switch; `if not is_main_process():` a
            # process guard; both as the `if` visitor reads them
            if (
                _TRACKING_SWITCH.search(cond)
                and _is_switch(operand)
                and not _asks_schedule(operand)
                and not _PROCESS_GUARD.search(cond)
                and len(f.flag_blocks) < 200
                and node.end_lineno
            ):
                f.flag_blocks.append((stmt.end_lineno + 1, node.end_lineno, self.cell, cond))
            return

    def _same_calls_both_ways(self, node: ast.If) -> bool:
        """The else branch makes every call the body makes (`if async_log: log_params(d, synchronous=False)
        else: log_params(d)`): the test picks how, not whether, so it is no on/off switch."""
        if not node.orelse:
            return False

        def called(stmts) -> set:
            return {self.resolve(n.func) for st in stmts for n in ast.walk(st) if type(n) is ast.Call}

        body = called(node.body)
        return bool(body) and body <= called(node.orelse)

    def _log_file_setup(self, n: ast.Call, name: str) -> None:
        """A log file set up through logging's configuration: ``basicConfig(filename=path)``, or a
        ``dictConfig`` whose handler is a ``logging.FileHandler`` on ``filename``: what the run logs
        goes there, appended."""
        target = None
        if name == "loguru.logger.add":
            # logger.add(save_file): a file sink; logger.add(sys.stderr) or a function is no file
            target = n.args[0]
            if type(target) is ast.Lambda or re.search(
                r"std(out|err)|write|print", self.resolve(target) or ""
            ):
                return
        elif name.endswith("basicConfig"):
            target = next((k.value for k in n.keywords if k.arg == "filename"), None)
        elif name.endswith(("get_logger", "get_root_logger")):
            # OpenMMLab's get_root_logger(log_file, log_level) / get_logger(name, log_file): a FileHandler on
            # log_file beside the console (None: the console only)
            at = 0 if name.endswith("get_root_logger") else 1
            target = next((k.value for k in n.keywords if k.arg == "log_file"), None)
            if target is None and len(n.args) > at:
                target = n.args[at]
            if type(target) is ast.Constant and target.value is None:
                return
        elif name == "logging.StreamHandler":
            # StreamHandler(_cached_log_stream(filename)): a stream the project's helper opens on the file
            # it is handed (PathManager.open(filename, "a")); the console is no file
            inner = n.args[0]
            handed = inner.args[0] if inner.args else None
            if handed is not None and self._built_path(handed):
                target = handed
        elif n.args and type(n.args[0]) is ast.Dict:
            for d in ast.walk(n.args[0]):
                if type(d) is not ast.Dict:
                    continue
                entries = {
                    k.value: v for k, v in zip(d.keys, d.values, strict=True) if type(k) is ast.Constant
                }
                cls = entries.get("class")
                if (
                    type(cls) is ast.Constant
                    and str(cls.value).endswith("FileHandler")
                    and "filename" in entries
                ):
                    target = entries["filename"]
                    break
        if target is None:
            return
        path, origins = self.builder.build(target)
        self.log_files.append((path, origins))
        call = "loguru.logger.add" if name == "loguru.logger.add" else "logging.FileHandler"
        self.facts.writes.append(
            Write("stream", "", (), path, origins, "a", n.lineno, self.cell, call, self.func)
        )

    def _stdout_to_file(self, value: ast.Call) -> None:
        """``sys.stdout = Logger(osp.join(save_dir, log_name))`` (a tee of the console into a file, as
        open-reid's Logger) or ``sys.stdout = open(path, "w")``: what the run prints lands in that file.
        ``sys.stdout = Unbuffered(sys.stdout)`` or a file on ``os.devnull`` keeps nothing."""
        target = value.args[0]
        text = self.resolve(target) or _w._short(target)
        # sys.stdout = Tee(sys.stdout, log_file): the console beside a file opened for writing
        held = next((self.handles[a.id] for a in value.args[1:] if self._write_handle(a)), None)
        teed = held is not None and re.search(r"\bsys\.", text) is not None
        if teed:
            text = held[0]
        if (
            re.search(r"\bsys\.|devnull|StringIO", text)
            or isinstance(target, ast.Constant)
            and not isinstance(target.value, str)
        ):
            return
        path, origins = held[:2] if teed else self.builder.build(target)
        if not path:
            return
        self.log_files.append((path, origins))
        self.prints_to_file = True
        self.facts.writes.append(
            Write("stream", "", (), path, origins, "w", value.lineno, self.cell, "sys.stdout", self.func)
        )

    def _write_handle(self, a: ast.expr) -> bool:
        """A name bound to a file this function opened for writing or appending."""
        return type(a) is ast.Name and a.id in self.handles and self.handles[a.id][2][:1] in ("w", "a")

    def _console_to_file(self, node: ast.Call, last: str) -> bool:
        """``contextlib.redirect_stdout(log_file)``, or a helper handed the console and a file opened for
        writing (``redirect_streams([sys.stdout], [log_file, sys.stdout])``, ``Tee(sys.stdout, log_file)``):
        what the run prints lands in that file, as with ``sys.stdout = Logger(path)``. The function whose
        parameter names the file then tees its callers' console into the path they hand it
        (``with log_std_streams(exp_dir / "train.stdout"): train()``)."""
        w = self.with_node
        if w is None or not any(item.context_expr is node for item in w.items) or not _spans_run(w.body):
            # a tee around the run (`with log_std_streams(path): train()`, a helper's `yield`), not around
            # model.summary() or a library's noise, nor a subprocess's own output (stdout=f)
            return False
        values = [*node.args, *(k.value for k in node.keywords)]
        values = [e for v in values for e in (v.elts if type(v) in (ast.List, ast.Tuple) else (v,))]
        consoles = [v for v in values if self.resolve(v) in ("sys.stdout", "sys.stderr")]
        if not consoles and last not in ("redirect_stdout", "redirect_stderr"):
            return False
        held = next((self.handles[v.id] for v in values if self._write_handle(v)), None)
        if held is None or not held[0] or re.search(r"devnull|StringIO", held[0]):
            return False  # redirect_stdout(open(os.devnull, "w")): silenced, nothing kept
        path, origins, mode = held
        self.log_files.append((path, origins))
        self.prints_to_file = True
        write = Write("stream", "", (), path, origins, mode, node.lineno, self.cell, "sys.stdout", self.func)
        self.facts.writes.append(write)
        self._writer_param(path, None, write)
        return True

    def _memory_writes(self) -> None:
        """Drop the writes into an in-memory buffer whose bytes never leave it (no `buf.getvalue()` or
        `buf.getbuffer()` in the same function: an atomic write or an upload takes them out)."""
        marked = getattr(self, "memory_targets", None)
        if not marked:
            return
        taken = set()
        for c in self.facts.calls:
            if c.name.endswith((".getvalue", ".getbuffer")):
                fn = self.facts.innermost_function(c.line, c.cell)
                taken.add((c.name.rsplit(".", 1)[0], fn[0] if fn else ""))
        self.facts.writes = [
            w
            for i, w in enumerate(self.facts.writes)
            if i not in marked or any((name, w.func or "") in taken for name in marked[i])
        ]

    def _prediction_match(self, n: ast.Compare) -> None:
        """``(predicted == labels).sum()``: predictions compared with labels, kept as the call
        ``predicted.eq(labels)`` that torch's spelling of the same count makes (accuracy counted by hand)."""
        if (
            len(n.ops) != 1
            or type(n.ops[0]) is not ast.Eq
            or type(n.comparators[0]) not in (ast.Name, ast.Attribute)
        ):
            return
        left = n.left
        if type(left) not in (ast.Name, ast.Attribute, ast.Call):
            return
        name = self.resolve(left)
        if not name or not _PREDICTION_SIDE.search(name) or len(self.facts.calls) > 100_000:
            return
        # ... against the labels (not `prediction_type == PredictionType.EPSILON`, a mode)
        if not _LABEL_SIDE.fullmatch(_w._short(n.comparators[0], 60).rsplit(".", 1)[-1]):
            return
        fake = ast.Call(
            func=ast.Attribute(value=left, attr="eq", ctx=ast.Load()), args=[n.comparators[0]], keywords=[]
        )
        ast.copy_location(fake, n)
        ast.copy_location(fake.func, n)
        self.facts.calls.append(self._make_call(fake, name + ".eq"))

    def _logged_options(self, n: ast.Call, name: str) -> None:
        """``logger.info(args)`` / ``logging.info(f"args: {args}")`` in a module that logs to a file:
        the run's options written into its log file. Only an argument that names the options as a whole
        (the parsed namespace, ``vars(args)``, its text) is kept."""
        arg = n.args[-1] if _lazy_format(n) else n.args[0]
        if _lazy_format(n):
            arg_obj = arg  # logging.info("args = %s", args): the logger formats the one value in
        elif type(arg) is ast.JoinedStr:
            inner = [v.value for v in arg.values if type(v) is ast.FormattedValue]
            if len(inner) != 1:
                return
            arg_obj = inner[0]
        elif (
            type(arg) is ast.Call
            and type(arg.func) is ast.Attribute
            and arg.func.attr == "format"
            and type(arg.func.value) is ast.Constant
            and len(arg.args) == 1
        ):
            arg_obj = arg.args[0]  # "new run with parameters:\n{}".format(...)
        else:
            arg_obj = arg
        if (
            type(arg_obj) is ast.Call
            and arg_obj.args
            and (
                # json.dumps(cfg, indent=4), yaml.dump(cfg): the options as text
                (func := self.resolve(arg_obj.func))
                in ("vars", "str", "repr", "pprint.pformat", "json.dumps", "yaml.dump", "yaml.safe_dump")
                or func.endswith(".pformat")  # pp = pprint.PrettyPrinter(); pp.pformat
                # the project's own formatter of the options dict (basicsr's dict2str(opt))
                or _TEXT_FORMATTER.search(func.rsplit(".", 1)[-1])
            )
        ):
            arg_obj = arg_obj.args[0]
        if (
            type(arg_obj) is ast.Attribute
            and arg_obj.attr == "__dict__"
            and type(arg_obj.value) is ast.Name
            and arg_obj.value.id == "self"
            and self.func == "__init__"
        ):
            # a model class logging every setting it was built with (self.__dict__ at the end of
            # __init__): the run's hyperparameters, written into its log (set up further down the
            # module, init_logging() called first: filled in when the module is read)
            path, origins = self.log_files[-1] if self.log_files else ("", ())
            self._append_stream("vars(self)", ("hparams", "self.__dict__"), path, origins, n.lineno, name)
            return
        if (
            type(arg_obj) is ast.Attribute
            and arg_obj.attr in ("pretty_text", "text")
            and type(arg_obj.value) is ast.Name
            and "Config" in (self.resolve(arg_obj.value) or "")
        ):
            # logger.info(f'Config:\n{cfg.pretty_text}') after cfg = Config.fromfile(...): an mmcv Config's whole
            # text (not args.text, one option holding a prompt)
            arg_obj = arg_obj.value
        if (
            type(arg_obj) is ast.Call
            and type(arg_obj.func) is ast.Attribute
            and _CONFIG_DICT_METHOD.fullmatch(arg_obj.func.attr)
            and not arg_obj.args
        ):
            arg_obj = arg_obj.func.value  # game_config.get_hparams(), cfg.to_dict(): the object's settings
        if type(arg_obj) is ast.Name:
            named = arg_obj.id
        elif (
            type(arg_obj) is ast.Attribute and type(arg_obj.value) is ast.Name and arg_obj.value.id == "self"
        ):
            named = arg_obj.attr  # self.args, self.cfg: the options the trainer was built with
        else:
            return
        # `opt`: the options dict of BasicSR-style trainers (an optimizer is not logged as a whole)
        if not (
            _PARSED.search(self.resolve(arg_obj) or "") or _CONFIG_OBJECT.fullmatch(named) or named == "opt"
        ):
            return  # def setup_logger(args): logger.info(args): the options handed in count too
        # no log file set up here: the records find the one the project sets up elsewhere (init_logger(path)
        # in a utility module, loguru's logger.add(save_file) in the trainer's setup)
        path, origins = self.log_files[-1] if self.log_files else ("", ())
        roots = _w.names_in(arg, self.resolve)
        if type(arg) is ast.JoinedStr:
            # logger.info(f"CONFIG:\n{config}") after config = json.dumps(vars(opt)): what the message holds
            for v in arg.values:
                if type(v) is ast.FormattedValue and type(v.value) is ast.Name and v.value.id in self.derived:
                    roots = roots + _w.names_in(self.derived[v.value.id], self.resolve)
        self._append_stream(_w._short(arg), roots, path, origins, n.lineno, name)

    def _merged_roots(self, roots: tuple, seen: set) -> tuple:
        """``roots`` with what was merged into them, two steps deep (message += f(k, v), where k, v come
        from `for k, v in vars(opt).items()`)."""
        for _ in range(2):
            for root in [r for r in roots if r in self.merged and r not in seen][:6]:
                seen.add(root)
                for merged in self.merged[root][:6]:
                    roots = roots + _w.names_in(merged, self.resolve)
                    # for k, v in sorted(args.items()) after args = dict((n, getattr(opt, n)) for n in
                    # dir(opt)): what the iterated dict was built from
                    for n in ast.walk(merged):
                        if (
                            type(n) is ast.Name
                            and n.id not in seen
                            and type(self.derived.get(n.id)) is ast.Call
                        ):
                            seen.add(n.id)
                            roots = roots + _w.names_in(self.derived[n.id], self.resolve)
        return roots

    def _bound_write(self, n: ast.Call) -> None:
        """``logging("    - {} : {}".format(k, v))`` where ``logging`` holds what a project function
        returned when handed a path: a write of the argument through that function, if it returns a
        writer (decided in records._helper_writes, which follows the function)."""
        factory, i, path, origins = self.bound_writers[n.func.id]
        if self.bound_count >= 60:
            return
        self.bound_count += 1
        arg = n.args[0]
        self.facts.writes.append(
            Write(
                "bound",
                _w._short(arg),
                self._merged_roots(_w.names_in(arg, self.resolve), set()),
                path,
                origins,
                "a",
                n.lineno,
                self.cell,
                f"{factory}#{i}",
                self.func,
            )
        )

    def _output_class(self, n: ast.Call, name: str) -> None:
        """A logging library's output handed a directory and a file name (``JSONLOutput(logdir,
        "metrics.jsonl")``, ``CSVWriter(run_dir, "progress.csv")``): a stream of that file in that
        directory. The library is not read; its class name and the file's name say what is written."""
        first, second = n.args[0], n.args[1]
        if not (type(second) is ast.Constant and isinstance(second.value, str)):
            return
        if "/" in second.value or not second.value.lower().endswith(_w.RECORD_SUFFIXES):
            return
        if not (
            self._pathlike(first)
            or _w.is_pathy(first, self.paths)
            or (isinstance(first, (ast.Name, ast.Attribute)) and _w.names_a_path(_w._short(first)))
        ):
            return
        directory, origins = self.builder.build(first)
        if not directory:
            return
        self._append_stream("", (), f"{directory.rstrip('/')}/{second.value}"[:240], origins, n.lineno, name)

    def _payload_logged(self, n: ast.Call, name: str) -> None:
        """``self.log(f"opt: {self.opt}")`` where the class's ``log`` prints what it is handed into a file the
        instance opened (``print(*args, file=self.log_ptr)``): the options written into that file."""
        handle = self.handles.get(self.payload_writers[name[5:]])
        if handle is None:
            return
        self.log_files.append(handle[:2])
        try:
            self._logged_options(n, name)
        finally:
            self.log_files.pop()

    def _param_field(self, targets, value: ast.expr) -> None:
        """``self.output_dir = output_dir or "/tmp/experiments/%i" % time.time()`` in a constructor: the
        field holds what the caller hands (the fallback only when it hands nothing)."""
        if self.func != "__init__" or not getattr(self, "cls", "") or len(targets) != 1:
            return
        t = targets[0]
        if not (isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name) and t.value.id == "self"):
            return
        head = value.values[0] if type(value) is ast.BoolOp and type(value.op) is ast.Or else value
        if (
            type(head) is not ast.Name
            or head.id not in self.param_order
            or len(self.facts.param_fields) >= 50
        ):
            return
        if not (_w.names_a_path(head.id) or _w.names_a_path(t.attr)):
            return
        order = self.param_order
        i = order.index(head.id) - (1 if order[0] in ("self", "cls") else 0)
        self.facts.param_fields.setdefault(t.attr, (self.cls, i, head.id))

    def _append_stream(
        self, what: str, roots: tuple, path: str, origins: tuple, line: int, call: str
    ) -> None:
        """A line appended to ``path`` by ``call`` here: one entry of a run's log or metrics stream."""
        self.facts.writes.append(
            Write("stream", what, roots, path, origins, "a", line, self.cell, call, self.func)
        )

    def _returned_parts(self, call: ast.Call, n: int) -> list | None:
        """The expressions a module-level function of this module returns as an n-tuple, each element
        replaced by what its name was assigned in the function's own body (None where unknown)."""
        if type(call.func) is not ast.Name:
            return None
        if self._tuple_returns is None:
            self._tuple_returns = _tuple_returns(getattr(self, "tree", None))
        parts = self._tuple_returns.get(call.func.id)
        return parts if parts is not None and len(parts) == n else None

    def _assign(self, targets, value: ast.expr, line: int) -> None:
        self._bind_path(targets, value)
        if len(targets) == 1 and type(targets[0]) is ast.Name and len(self.best_aliases) < 50:
            # _metric = self.trainer_state.best_metric ... if metric > _metric: the best kept, by another name
            held = value.id if type(value) is ast.Name else value.attr if type(value) is ast.Attribute else ""
            if re.search(r"(^|_)best(_|$)", held, re.I):
                self.best_aliases.add((self.func, targets[0].id))
            else:
                self.best_aliases.discard((self.func, targets[0].id))
        self._param_field(targets, value)
        if (
            type(value) is ast.Call
            and len(targets) == 1
            and isinstance(targets[0], (ast.Name, ast.Attribute))
            and len(self.facts.temp_dirs) < 50
            and _w.AUTO_DELETED.fullmatch(self.resolve(value.func))
            # NamedTemporaryFile(delete=False) stays on disk
            and not any(k.arg == "delete" for k in value.keywords)
        ):
            # (the function it is bound in, the name): a name in another function is another value
            self.facts.temp_dirs.append((self.func or "", _w._short(targets[0])))
        if (
            type(value) is ast.Constant
            and isinstance(value.value, str)
            and len(value.value) < 80
            and len(targets) == 1
            and type(targets[0]) is ast.Name
            # new names up to a bound; a name already kept gets its other values (strategy = "ddp" later)
            and (targets[0].id in self.facts.str_values or len(self.facts.str_values) < 200)
        ):
            values = self.facts.str_values.setdefault(targets[0].id, [])
            self.facts.str_lines.setdefault(targets[0].id, line)
            if value.value not in values and len(values) < 8:
                values.append(value.value)
        if (
            len(targets) == 1
            and type(targets[0]) is ast.Attribute
            and type(value) is ast.Call
            and value.args
            and self.resolve(targets[0]) == "sys.stdout"
        ):
            self._stdout_to_file(value)
        if (
            type(value) is ast.Call
            and len(targets) == 1
            and type(targets[0]) is ast.Name
            and self.facts.path_calls
            and self.facts.path_calls[-1][5] == value.lineno
            and len(self.bound_writers) < 20
        ):
            # logging = create_exp_dir(args.work_dir, ...): what the call returns may write to the path it
            # was handed (a logger bound to {work_dir}/log.txt); records follow the call to find out
            name, i, path, origins = self.facts.path_calls[-1][:4]
            self.bound_writers[targets[0].id] = (name, i, path, origins)
        if (
            len(targets) == 1
            and type(targets[0]) is ast.Tuple
            and type(value) is ast.Tuple
            and len(targets[0].elts) == len(value.elts) <= 16
        ):
            # last, best = w / "last.pt", w / "best.pt": each name is bound to its own path
            for t, v in zip(targets[0].elts, value.elts, strict=True):
                if isinstance(t, (ast.Name, ast.Attribute)):
                    self._bind_path([t], v)
        if (
            isinstance(value, ast.Name)
            and value.id in self.aliases
            and len(targets) == 1
            and isinstance(targets[0], ast.Attribute)
            and isinstance(targets[0].value, ast.Name)
            and targets[0].value.id == "self"
            and self.aliases[value.id].split(".", 1)[0] in self.import_roots
        ):
            self.attr_aliases[targets[0].attr] = self.aliases[value.id]
        elif (
            type(value) is ast.Call
            and len(targets) == 1
            and isinstance(targets[0], ast.Attribute)
            and isinstance(targets[0].value, ast.Name)
            and targets[0].value.id == "self"
        ):
            # self.saver = tf.train.Saver(...) in one method, self.saver.save(sess, path) in another:
            # the checkpoint saver the class built (only savers: other objects keep their own names)
            ctor = self.resolve(value.func)
            # tf bound by a star import of a project module (from ops import *) counts as tensorflow
            root = ctor.split(".", 1)[0]
            if ctor.endswith(_SAVER_CTORS) and (root in self.import_roots or root in ("tf", "tensorflow")):
                self.attr_aliases[targets[0].attr] = ctor + "()"
        if isinstance(value, ast.Dict) and len(targets) == 1 and isinstance(targets[0], ast.Name):
            self.dicts[targets[0].id] = value
        for t in targets:
            # the dict literal a name holds in this function, for a tracker's mode read from it; any other
            # binding of the name, or an item set on it, leaves its value unknown
            if type(t) is ast.Name:
                if isinstance(value, ast.Dict):
                    self.dict_binding[t.id] = (self.func, value)
                else:
                    self.dict_binding.pop(t.id, None)
            elif type(t) is ast.Subscript and type(t.value) is ast.Name:
                self.dict_binding.pop(t.value.id, None)
        if (
            isinstance(value, ast.Call)
            and len(targets) == 1
            and isinstance(targets[0], (ast.Tuple, ast.List))
        ):
            # obs, reward, done, info = env.step(action): results of a step, never a switch
            self.unpacked.update(e.id for e in targets[0].elts if isinstance(e, ast.Name))
            if len(self.derived) < 400:
                # root, metadata = get_metadata(): each name holds part of what the call returns, built
                # from what the call is (a write of `metadata` is a write of get_metadata()'s value)
                parts = self._returned_parts(value, len(targets[0].elts))
                for i, e in enumerate(targets[0].elts):
                    if type(e) is ast.Name:
                        # args, args_text = _parse_args(), whose body returns `args, args_text` after
                        # args_text = yaml.safe_dump(args.__dict__): the part is what it was built from there
                        self.derived[e.id] = parts[i] if parts and parts[i] is not None else value
        # any other binding of the name (`use_wandb = False` under `if not args.wandb:`) ends it
        for t in targets:
            if type(t) is ast.Name:
                self.process_flags.discard((self.func, t.id))
        if (
            len(targets) == 1
            and type(targets[0]) is ast.Name
            and type(value) in (ast.Compare, ast.BoolOp)
            and _picks_process(value, self.import_roots)
        ):
            self.process_flags.add((self.func, targets[0].id))
        if (
            len(targets) == 1
            and isinstance(targets[0], ast.Name)
            and (
                isinstance(value, (ast.Call, ast.ListComp, ast.DictComp, ast.Dict, ast.List, ast.Tuple))
                # cmd = 'python ' + ' '.join(sys.argv): the command line as text, written under the name
                or (type(value) in (ast.BinOp, ast.JoinedStr) and _reads_argv(value))
            )
            and len(self.derived) < 400
        ):
            # ordered_args = OrderedDict((k, vars(args)[k]) for k in ...): what the value is built from,
            # resolved only if a write serialises it (most assigned calls are never written)
            before = self.derived.get(targets[0].id)
            if before is not None and len(self.derived_before.setdefault(targets[0].id, [])) < 2:
                self.derived_before[targets[0].id].append(before)
            self.derived[targets[0].id] = _namespace_source(value, self.derived) or value
        names = [t.id for t in targets if type(t) is ast.Name]
        if names:
            # one walk of the value: is it the clock (only an unconditional read: `seed = int(time.time())`,
            # not a fallback `seed = args.seed if args.seed >= 0 else int(time.time())`), is it the commit
            clock_ok = not self.in_branch and type(value) is not ast.IfExp
            clock = commit = False
            text = type(value) in (ast.BinOp, ast.JoinedStr, ast.Call)  # built, not merely renamed
            clocks, clocked = self.clock_names, False  # (clocked: built from a name read from the clock)
            for n in ast.walk(value):
                t = type(n)
                if t is ast.Call:
                    clock = clock or (clock_ok and CLOCK_READ.match(self.resolve(n.func)) is not None)
                    text = text and type(n.func) is ast.Attribute and n.func.attr in _TEXT_METHODS
                    continue
                if clocks and t is ast.Name and n.id in clocks:
                    clocked = True
                if not commit:
                    commit = _commit_node(n, self.commit_names)
            held = self.torch_classes and _module_value(
                value, self.torch_classes, self.module_names, self.resolve
            )
            for name in names:
                (self.module_names.add if held else self.module_names.discard)(name)
                (self.clock_names.add if clock else self.clock_names.discard)(name)
                (self.commit_names.add if commit else self.commit_names.discard)(name)
                if (text and not clock and not clocked and not self.in_branch) or (
                    # prefix = time.strftime(...) if datestamp else "": the branch a parameter's default picks
                    type(value) is ast.IfExp
                    and not self.in_branch
                    and self._default_branch(value) is not None
                ):
                    self.text_built[name] = value  # its text is made only when a path asks (rarely)
                else:
                    self.text_built.pop(name, None)
        if len(targets) == 1:
            self._bind_handle(targets[0], value)
            if (
                isinstance(targets[0], ast.Name)
                and (
                    isinstance(value, (ast.List, ast.Tuple, ast.JoinedStr, ast.Constant))
                    # cmd = "cd {}; git log | head -n1".format(root): a command template filled in
                    or (_format_receiver(value) is not None)
                )
                and len(self.commands) < 400
            ):
                self.commands[targets[0].id] = value
        lit = None
        called = self.resolve(value.func) if isinstance(value, ast.Call) else ""
        if type(value) is ast.IfExp and not called:
            # run = DummyWandb() if use_dummy else wandb.init(...): the handle is the tracker's run when the
            # run is tracked; the other branch is the project's stand-in (or None)
            branches = [b for b in (value.body, value.orelse) if type(b) is ast.Call]
            imported = [
                n
                for n in (self.resolve(b.func) for b in branches)
                if n and n.split(".", 1)[0] in self.import_roots
            ]
            # a tracker's run or writer (or the project's wrapper of one), not a framework's object built on
            # one branch (`DistributedSampler(ds) if args.distributed else None` switches no record)
            if len(imported) == 1 and (
                imported[0].startswith(_TRACKER_CALLS) or not imported[0].startswith(_FRAMEWORK_OBJECTS)
            ):
                called = imported[0]
                test = value.test
                if type(test) in (ast.Name, ast.Attribute) and len(self.facts.mode_switches) < 10:
                    # the tracker runs on one branch of the test: its calls through the handle happen only
                    # when the test says so (`not use_dummy_wandb`)
                    cond = _w._short(test, 80)
                    on_body = type(value.body) is ast.Call and imported[0] == self.resolve(value.body.func)
                    cond = cond if on_body else f"not {cond}"
                    self.facts.mode_switches.append((imported[0].split(".", 1)[0], cond))
                    self.facts.flag_blocks.append(
                        (value.lineno, value.end_lineno or value.lineno, self.cell, cond)
                    )
        for t in targets:
            if isinstance(t, ast.Name) and not self.depth and len(self.facts.constants) < 200:
                # Module-level constants: literal collections (install_requires = [...] in setup.py)
                # and string templates (MLFLOW_TRACKING_URI = "file://" + str(path) -> "file://{}").
                self.facts.constant_lines[t.id] = value.lineno
                if isinstance(value, (ast.List, ast.Tuple, ast.Dict)):
                    self.facts.constants[t.id] = literal(value, self.resolve)
                elif (joined := self._joined_lists(value)) is not None:
                    # jax_requirements = ['jax==0.4.3', ...] + tensorflow: the lists joined
                    self.facts.constants[t.id] = joined
                elif isinstance(value, ast.Constant) and isinstance(value.value, (bool, int, float)):
                    self.facts.constants[t.id] = value.value  # settings: epochs = 2000, tensorboard = True
                elif _importable(value, self.resolve) in _ALWAYS_INSTALLED:
                    # _has_numpy = importlib.util.find_spec("numpy") is not None: true wherever the
                    # framework runs (numpy comes with it), no choice of the user's
                    if not hasattr(self, "installed_flags"):
                        self.installed_flags = set()
                    self.installed_flags.add(t.id)
                else:
                    template = _string_template(value)
                    if template is not None:
                        self.facts.constants[t.id] = template
                    elif t.id.isupper():
                        # ENV_NAME = args.env after ENV_NAME = "CartPole-v0": no longer the literal (a
                        # lower-case counter's first value stays: the loop readers ask for it)
                        self.facts.constants.pop(t.id, None)
            elif isinstance(t, ast.Name) and self.depth and t.id.isupper():
                # a function assigning a module constant's name (`global ENV_NAME`, or a shadow of it):
                # the module-level literal is not what every use reads
                self.facts.constants.pop(t.id, None)
            if isinstance(t, ast.Name):
                if _POSITION_LIKE.fullmatch(t.id) and len(self.facts.position_assigns) < 50:
                    source = _read_from(value)
                    if source:
                        self.facts.position_assigns.append((line, self.cell, t.id, source))
                if not self.depth:
                    self.facts.exports.pop(t.id, None)
                if called:
                    self.aliases[t.id] = f"{called}()"
                    loaded = _namespace_source(value, self.derived)
                    if loaded is not None and self.resolve(loaded):
                        # enc_args = Namespace(**ckpt["args"]): the options loaded from another run's file
                        self.aliases[t.id] = self.resolve(loaded)
                    if _day_format(called, value):
                        # ts = time.strftime("%m-%d"): the day, shared by every run of that day, not a
                        # clock reading that tells runs apart (read by index.writes.origin_of)
                        self.aliases[t.id] = "calendar_day()"
                    if len(self.facts.call_targets) < 500:
                        self.facts.call_targets.append((value.lineno, self.cell, t.id))
                elif isinstance(value, (ast.Name, ast.Attribute)):
                    name = self.resolve(value)
                    if name and name != t.id:
                        self.aliases[t.id] = name
                        if not self.depth and name.split(".", 1)[0] in self.import_roots:
                            self._export(t.id, name)
                    else:
                        self.aliases.pop(t.id, None)
                elif not (isinstance(value, ast.Constant) and value.value is None):
                    # ``x = None`` is the fallback of an optional import: keep its alias.
                    self.aliases.pop(t.id, None)
                elif (
                    (was := self.aliases.get(t.id))
                    and "(" not in was  # a function named, not a call's result (writer = make_writer())
                    and was.split(".", 1)[0] not in self.import_roots
                ):
                    # ``init_fn = worker_init_fn`` in one branch, ``init_fn = None`` in the other: the
                    # project's function only on some runs (read as `worker_init_fn=init_fn` later)
                    if not was.endswith(" else None"):
                        self.aliases[t.id] = f"{was} if ... else None"
            elif isinstance(t, (ast.Attribute, ast.Subscript)):
                target = self.resolve(t)
                if target:
                    if lit is None:
                        lit = literal(value, self.resolve)
                    self.facts.assigns.append(Assign(target, lit, line, self.cell))
            elif isinstance(t, (ast.Tuple, ast.List)):
                for elt in t.elts:
                    if isinstance(elt, ast.Name):
                        self.aliases.pop(elt.id, None)
                        if (
                            called
                            and _POSITION_LIKE.fullmatch(elt.id)
                            and len(self.facts.position_assigns) < 50
                        ):
                            self.facts.position_assigns.append((line, self.cell, elt.id, f"call:{called}"))

    def _annotation_names(self, node: ast.expr | None) -> tuple:
        """The types an annotation names, resolved (``pandas.DataFrame``), and its string constants
        (``Annotated[pd.DataFrame, "raw_data"]``: the output's name), at most 24."""
        out: list[str] = []
        stack = [node] if node is not None else []
        while stack and len(out) < 24:
            n = stack.pop()
            if isinstance(n, (ast.Name, ast.Attribute)):
                name = self.resolve(n)
                if name:
                    out.append(name)
            elif isinstance(n, ast.Constant):
                if isinstance(n.value, str) and len(n.value) < 80:
                    out.append(n.value)
            elif isinstance(n, ast.Call):
                name = self.resolve(n.func)
                if name:
                    out.append(name)
                stack.extend(reversed([*n.args, *(k.value for k in n.keywords)]))
            elif isinstance(n, ast.Subscript):
                stack.extend((n.slice, n.value))
            elif isinstance(n, (ast.Tuple, ast.List)):
                stack.extend(reversed(n.elts))
            elif isinstance(n, ast.BinOp):  # X | None
                stack.extend((n.right, n.left))
        return tuple(out)

    def _decorator_name(self, d: ast.expr) -> str:
        return self.resolve(d.func if isinstance(d, ast.Call) else d) or ""

    def _decorator(self, d: ast.expr) -> None:
        if isinstance(d, ast.Call):
            name = self.resolve(d.func)
            call = self._make_call(d, name)
            self.facts.decorators.append(call)
            self._expr(d)  # also a call, and its arguments may hold calls
        else:
            name = self.resolve(d)
            if name:
                self.facts.decorators.append(Call(name, d.lineno, self.cell, (), ()))

    def _make_call(self, node: ast.Call, name: str) -> Call:
        if self.clock_names and _SEEDING.search(name) and len(self.facts.clock_seeds) < 20:
            # not a parameter of this function: `def set_seed(seed)` is handed whatever its callers pass
            given = [*node.args, *(k.value for k in node.keywords)]
            if any(
                type(n) is ast.Name and n.id in self.clock_names and n.id not in self.params
                for a in given
                for n in ast.walk(a)
            ):
                self.facts.clock_seeds.append((node.lineno, self.cell))
        args = tuple(literal(a, self.resolve) for a in node.args[:6])
        if (
            node.args
            and isinstance(args[0], Dyn)
            and (
                name in _COMMAND_RUNNERS
                or (isinstance(node.args[0], ast.Name) and node.args[0].id in self.commands)
            )
        ):
            # os.system(f"cp ./*.py {out}"): the command as written, its unknown parts as {};
            # Popen(cmd) after cmd = ['git', 'rev-parse', 'HEAD']: the command it was bound to
            first = node.args[0]
            if isinstance(first, ast.Name) and first.id in self.commands:
                first = self.commands[first.id]
            template = _string_template(first)
            # the project's own runner (_exec(cmd)) is told apart only for the git commands it runs
            runs = name in _COMMAND_RUNNERS or bool(template and _GIT_COMMAND.search(template))
            if runs and template is not None:
                args = (template, *args[1:])
            elif runs and isinstance(first, (ast.List, ast.Tuple)):
                args = (literal(first, self.resolve), *args[1:])
        kwargs = tuple(
            (
                kw.arg if kw.arg is not None else "**",
                literal(kw.value, self.resolve) if (known := self._switch_value(kw)) is None else known,
            )
            for kw in node.keywords[:MAX_LITERAL_ITEMS]
        )
        return Call(name, node.lineno, self.cell, args, kwargs)

    def _switch_value(self, kw: ast.keyword) -> str | bool | None:
        """mode=config["WANDB_MODE"] where config is a dict literal holding "disabled": the tracker's
        on/off keyword as the literal the dict gives it (other keywords keep naming the option they read)."""
        v = kw.value
        if kw.arg not in ("mode", "disabled", "offline") or type(v) is not ast.Subscript:
            return None
        if type(v.value) is not ast.Name or type(v.slice) is not ast.Constant:
            return None
        func, d = self.dict_binding.get(v.value.id, (None, None))
        if d is None or func != self.func:
            return None
        for k, x in zip(d.keys, d.values, strict=False):
            if type(k) is ast.Constant and k.value == v.slice.value and type(x) is ast.Constant:
                return x.value if isinstance(x.value, (str, bool)) else None
        return None

    def _mode_switch(self, n: ast.Call) -> None:
        """``wandb.init(mode="disabled" if not TRACK_ONLINE else "online")``: the call records only when
        the condition says so, as if it stood under ``if TRACK_ONLINE:`` (a flag block of its lines)."""
        for k in n.keywords:
            v = k.value
            if k.arg != "mode" or type(v) is not ast.IfExp or len(self.facts.flag_blocks) >= 200:
                continue
            off = {"disabled"}  # "offline" still keeps the run, locally
            body_off = type(v.body) is ast.Constant and v.body.value in off
            else_off = type(v.orelse) is ast.Constant and v.orelse.value in off
            if body_off == else_off:
                continue
            test = v.test
            if body_off:  # "disabled" if <test> else ...: on when the test is false
                test = (
                    test.operand if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not) else None
                )
            if test is None or not isinstance(test, (ast.Name, ast.Attribute)):
                continue
            cond = _w._short(test, 80)
            self.facts.flag_blocks.append((n.lineno, n.end_lineno or n.lineno, self.cell, cond))
            # every later call of the same library in this module logs into that run, or into nothing
            root = (self.resolve(n.func) or "").split(".", 1)[0]
            if root and len(self.facts.mode_switches) < 10:
                self.facts.mode_switches.append((root, cond))

    def _versions_logged(self, n: ast.Call) -> None:
        """logger.info(f"Running on torch {torch.__version__}"): a library's version in a logged line."""
        for a in n.args:
            for x in ast.walk(a):
                if type(x) is ast.Attribute and x.attr == "__version__":
                    self.facts.version_logs.append((n.lineno, self.cell, _w._short(x, 60)))
                    return

    def _options_as_text(self, n: ast.Call, name: str) -> None:
        """writer.add_text("Hyperparameters", "\\n".join(hp_table)) with hp_table = [f"| {k} | {v} |" for k, v
        in self.config.__dict__.items()]: every option handed to the tracker as one text, like a loop
        calling it once per option."""
        for a in n.args[1:3]:
            for x in ast.walk(a):
                comp = self.derived.get(x.id) if type(x) is ast.Name else x
                if type(comp) in (ast.ListComp, ast.GeneratorExp) and comp.generators:
                    source = _items_source(comp.generators[0].iter)
                    if source:
                        resolved = self.resolve(ast.Name(id=source)) if source.isidentifier() else source
                        self.facts.option_loops.append(
                            (n.lineno, self.cell, source, (name,), resolved or source)
                        )
                        return

    def _read_literal(self, n: ast.Call) -> None:
        # open("cora/cora.cites"): a file read by its literal path is a file the code depends on, whatever
        # its suffix (graph edge lists, .tab tables and .content files have none the suffix list knows)
        first = n.args[0]
        if type(first) is not ast.Constant or type(first.value) is not str:
            return
        path = first.value
        mode = n.args[1] if len(n.args) > 1 else next((k.value for k in n.keywords if k.arg == "mode"), None)
        if mode is not None and (type(mode) is not ast.Constant or set(str(mode.value)) & set("wax+")):
            return
        if (
            0 < len(path) <= 300
            and not path[-8:].lower().endswith(LITERAL_SUFFIXES)  # the generic walk records those
            and not any(c.isspace() for c in path)
            and "/" in path.strip("/")
            and not path.startswith(("/", "~", "http:", "https:"))
        ):
            self.facts.file_literals.append((path, first.lineno, self.cell))

    def _expr(self, node: ast.expr) -> None:
        # Iterative so deeply nested expressions cannot exhaust the Python stack; leaves and
        # operator nodes are never pushed, which halves the nodes visited in typical code.
        stack = [node]
        calls = self.facts.calls
        pop, push = stack.pop, stack.append
        while stack:
            n = pop()
            t = type(n)
            if t is ast.Call:
                name = self.resolve(n.func)
                if (
                    self.depth
                    and type(n.func) is ast.Name
                    and name.endswith("()")
                    and n.func.id in self.top_defs
                ):
                    # checkpoint = torch.load(path) at the top under `if args.resume:`, and a `def checkpoint`
                    # the functions call when they run: the module's function, not the loaded value
                    name = n.func.id
                if name:
                    calls.append(self._make_call(n, name))
                    if n.keywords:
                        self._mode_switch(n)
                    if name in _READ_CALLS and n.args:
                        self._read_literal(n)
                    last = name.rsplit(".", 1)[-1]
                    if (
                        last == "update"
                        and n.args
                        and isinstance(n.func, ast.Attribute)
                        and isinstance(n.func.value, ast.Name)
                        and len(self.merged) < 400
                    ):
                        # result.update(vars(training_args)): what the dict is later written with
                        self.merged.setdefault(n.func.value.id, []).append(n.args[0])
                    if (
                        name == "shutil.rmtree"
                        and n.args
                        and type(n.args[0]) is ast.Name
                        and len(self.removed_dirs) < 50
                        and (
                            _TEMP_NAME.search(n.args[0].id)
                            or _made_by_tempfile(self.derived.get(n.args[0].id))
                        )
                    ):
                        self.removed_dirs.append((self.func, self.cell, n.args[0].id, n.lineno))
                    if (
                        last == "append"
                        and len(n.args) == 1
                        and type(n.func) is ast.Attribute
                        and type(n.func.value) is ast.Name
                        and len(self.appended_keys) < 100
                    ):
                        # result.append({"image_id": image_id, "caption": caption}) (or dict(image_id=...)): a
                        # record per item, in this function's list of that name
                        keys = _record_keys(n.args[0])
                        if keys:
                            self.appended_keys.setdefault((self.func, n.func.value.id), set()).update(keys)
                    if (
                        last == "append"
                        and len(n.args) == 1
                        and type(n.func) is ast.Attribute
                        and isinstance(n.func.value, (ast.Name, ast.Attribute))
                        and type(n.args[0]) is ast.Call
                    ):
                        # self.text_outputs.append(open(join(dir, "log.txt"), "w")): a logger's list of
                        # output files, each written later (for f in self.text_outputs: f.write(s))
                        held = ast.Subscript(value=n.func.value, slice=ast.Constant(0), ctx=ast.Store())
                        self._bind_handle(held, n.args[0])
                    if last in ("add_text", "log_text") and n.args and len(self.facts.option_loops) < 50:
                        self._options_as_text(n, name)
                    if last in _VERSION_SINKS and n.args and len(self.facts.version_logs) < 20:
                        self._versions_logged(n)
                    wrote = False
                    if name == "print" and self.prints_to_file and len(n.args) == 1 and not n.keywords:
                        self._logged_options(n, name)  # print(cfg) after sys.stdout = Logger(log_path)
                    elif self.handles and (n.args or n.keywords) and self._console_to_file(n, last):
                        pass
                    elif last in _LEARNER_WRITES and learner_role(name) in ("save", "export"):
                        self._learner_write(n, name)
                    elif last in _WRITE_TRIGGERS or (name in _COMMAND_RUNNERS and n.args):
                        before = len(self.facts.writes)
                        self._write(n, name)
                        # checkpoint.save(ckpt_dir, step, params): a save no library defines is the
                        # project's own, followed like any call handed a path
                        wrote = len(self.facts.writes) > before
                        # (not print, rich's print included: a file named in a message is not written)
                        if not wrote and not isinstance(n.func, ast.Attribute) and last != "print":
                            # write(wav, filename + "_enhanced.wav"): the project's own saver handed an
                            # audio, image or video file's path writes that file
                            self._artifact(n, name)
                            wrote = len(self.facts.writes) > before
                    elif last in _w.MEDIA_SAVERS or _ARTIFACT_CALL.search(last):
                        self._artifact(n, name)
                    elif (
                        (last in _LOG_SETUP and name.startswith("logging"))
                        or (name == "loguru.logger.add" and n.args)
                        or (name == "logging.StreamHandler" and n.args and type(n.args[0]) is ast.Call)
                        or (
                            OPENMMLAB_PACKAGES.match(name.split(".", 1)[0])
                            and last in ("get_logger", "get_root_logger")
                        )
                    ):
                        self._log_file_setup(n, name)
                    elif (
                        name.startswith("self.")
                        and name[5:] in getattr(self, "payload_writers", ())
                        and len(n.args) == 1
                        and not n.keywords
                    ):
                        self._payload_logged(n, name)
                    elif (
                        last in _LOG_LEVELS
                        and (len(n.args) == 1 or _lazy_format(n))
                        and (self.log_files or self.logs_to_file or _LOGGER_CALL.search(name))
                    ):
                        self._logged_options(n, name)
                    elif name in self.log_forwarders and len(n.args) == 1 and not n.keywords:
                        self._logged_options(n, self.log_forwarders[name])
                    if (
                        self.bound_writers
                        and type(n.func) is ast.Name
                        and n.args
                        and n.func.id in self.bound_writers
                    ):
                        self._bound_write(n)
                    if (
                        (n.args or n.keywords)  # Writer(name="stats", directory=run_dir): keywords only
                        and (last not in _WRITE_TRIGGERS or not wrote)
                        and not name.startswith(_NOT_WRITER_CALLS)
                        and len(self.facts.path_calls) < 400
                    ):
                        self._path_call(n, name)
            elif t is ast.Lambda:
                self._exprs_in_args(n.args)
            elif t is ast.Compare:
                self._prediction_match(n)
            elif t is ast.JoinedStr:
                if not self.facts.fstring_line:
                    self.facts.fstring_line = n.lineno
                template = "".join(v.value if type(v) is ast.Constant else "{}" for v in n.values)
                if template.lower().endswith(LITERAL_SUFFIXES):
                    self.facts.file_literals.append((template[:300], n.lineno, self.cell))
            for f in n._fields:
                v = getattr(n, f, None)
                if type(v) is list:
                    for c in v:
                        if type(c) is ast.Constant:
                            cv = c.value
                            if (
                                t is not ast.JoinedStr
                                and type(cv) is str
                                and cv[-8:].lower().endswith(LITERAL_SUFFIXES)
                            ):
                                self.facts.file_literals.append((cv[:300], c.lineno, self.cell))
                            elif (
                                type(cv) is str
                                and cv.startswith(_LAUNCHERS)
                                and len(self.facts.launcher_literals) < 10
                            ):
                                self.facts.launcher_literals.append((cv[:80], c.lineno, self.cell))
                        elif type(c) not in _SKIP:
                            if type(c) is ast.comprehension:
                                push(c.iter)
                                stack.extend(c.ifs)
                            elif type(c) is ast.keyword:
                                push(c.value)
                            elif isinstance(c, ast.expr):
                                push(c)
                elif type(v) is ast.Constant:
                    cv = v.value
                    if type(cv) is str and cv[-8:].lower().endswith(LITERAL_SUFFIXES):
                        self.facts.file_literals.append((cv[:300], v.lineno, self.cell))
                elif v is not None and type(v) not in _SKIP and isinstance(v, ast.expr):
                    push(v)

    @staticmethod
    def _catches_import_error(h: ast.ExceptHandler) -> bool:
        if h.type is None:
            return True
        types = h.type.elts if isinstance(h.type, ast.Tuple) else [h.type]
        for t in types:
            name = t.id if isinstance(t, ast.Name) else getattr(t, "attr", "")
            if name in IMPORT_ERRORS:
                return True
        return False

    @staticmethod
    def _is_main_guard(test: ast.expr) -> bool:
        if not isinstance(test, ast.Compare) or len(test.comparators) != 1:
            return False
        sides = [test.left, test.comparators[0]]
        names = {s.id for s in sides if isinstance(s, ast.Name)}
        consts = {s.value for s in sides if isinstance(s, ast.Constant)}
        return "__name__" in names and "__main__" in consts


# A condition that switches tracking on or off: `if args.track:`, `if wandb_log and master_process:`.
_TRACKING_SWITCH = re.compile(
    r"(track|wandb|mlflow|tensorboard|\btb_|_tb\b|neptune|comet|clearml|\baim\b|use_log|log_to|report_to|logger|"
    r"enable_log|with_log|\blog\b|_log\b|log_dir|save_model|save_ckpt|save_checkpoint|\bsave\b|checkpoint)",
    re.I,
)


_IDENT = re.compile(r"[A-Za-z_]\w*")
# The last segment of a path is a constant naming a file (CONFIG_NAME, WEIGHTS_NAME, TRAINING_ARGS_FILE).
_NAMED_FILE_HOLE = re.compile(r"(^|/)\{[A-Z][A-Z0-9_]*_(NAME|FILE|FILENAME)\}$")
_SIDE_MODE = re.compile(
    r"(eval|evaluate|evaluation|test|predict|prediction|export|debug|inference|infer|sample|demo)"
)
# logdir, outfile, save_path: not profile (a profiler switch ends in "file" too)
_PATH_NAME = re.compile(r"(dir|directory|path|folder|root|(?<!pro)file|filename)$", re.I)
_PROCESS_WORDS = frozenset({"and", "or", "not", "is", "None", "True", "False", "in"}) | frozenset(
    # len(self.gpu_ids) > 0, isinstance(x, list): built-in functions are not what switches
    n
    for n in dir(builtins)
    if not n.startswith("_") and n[0].islower()
)


# Conditions that pick the process (rank 0, TF's chief worker, JAX's host 0) or test the machine (is a GPU
# there?): not user switches.
def _lazy_format(n: ast.Call) -> bool:
    """`logging.info("args = %s", args)`: a message with one placeholder and the value it takes."""
    return (
        len(n.args) == 2
        and not n.keywords
        and type(n.args[0]) is ast.Constant
        and type(n.args[0].value) is str
        and n.args[0].value.count("%") == 1
    )


def _reads_argv(value: ast.expr) -> bool:
    return any(
        type(n) is ast.Attribute and n.attr == "argv" and type(n.value) is ast.Name and n.value.id == "sys"
        for n in ast.walk(value)
    )


def _picks_process(value: ast.expr, import_roots) -> bool:
    """A comparison whose every name picks the process (`torch.distributed.get_rank() == 0`,
    `args.local_rank in (-1, 0)`): modules, plumbing objects and process words only, no option."""
    names, attrs = set(), set()
    for n in ast.walk(value):
        if type(n) is ast.Name:
            names.add(n.id)
        elif type(n) is ast.Attribute:
            attrs.add(n.attr)
    # module names only as plain names (torch in torch.distributed.get_rank()); an attribute is what is
    # read (`args.wandb` is the option, whatever module shares its name)
    words = (names - set(import_roots) - _PLUMBING - {"torch", "dist", "jax", "os"}) | (
        attrs - {"environ", "get"}
    )
    return bool(words) and all(_PROCESS_GUARD.search(w) for w in words)


_PROCESS_GUARD = re.compile(
    r"(rank|main_process|master|is_primary|is_main|world|distributed|local_process|zero(?!_?shot)|is_available|cuda|gpu|"
    # is_child: which side of os.fork() a hand-written launcher's process is on (DeBERTa's dist_launcher)
    r"device|(?<![a-z])tpu|is_initialized|chief|process_index|host_id|is_leader|coordinator|is_child|is_parent)",
    re.I,
)


# Schedules, not switches: `if eval_every_step(self.global_step):`, `if epoch % args.log_freq == 0:` pick
# when something happens during every run (a name with one of these words as a segment).
def _enabled_intervals(test: ast.expr) -> set:
    """The schedule options a test compares with zero to turn something on at all (`FLAGS.checkpoint_interval
    > 0`, `args.save_every != 0`, `eval_freq >= 1`), not a step compared with one (`step % every == 0`) nor a
    run's length (`epochs > 0`)."""
    out = set()
    # the test itself, or a part of an `and`/`or` of tests: `if FLAGS.save_every > 0 and is_chief:`
    for c in test.values if type(test) is ast.BoolOp else (test,):
        if (
            type(c) is ast.Compare
            and len(c.ops) == 1
            and type(c.left) in (ast.Name, ast.Attribute)
            and type(c.comparators[0]) is ast.Constant
            and (
                (type(c.ops[0]) in (ast.Gt, ast.NotEq) and c.comparators[0].value == 0)
                or (type(c.ops[0]) is ast.GtE and c.comparators[0].value == 1)
            )
        ):
            name = c.left.attr if type(c.left) is ast.Attribute else c.left.id
            if _INTERVAL.search(name):
                out.add(name)
    return out


_INTERVAL = re.compile(r"(^|_)(every|freq|frequency|interval|period)(_|$)", re.I)


_SCHEDULE = re.compile(
    r"(^|_)(step|steps|epoch|epochs|iter|iters|iteration|episode|episodes|frame|frames|batch_idx|every|freq|"
    r"frequency|interval|until)(_|$)",
    re.I,
)


def _options_label(value: ast.expr) -> bool:
    """setting = f"{args.env}_{args.seed}": a label made only of the run's options, joined by
    separators, whatever the variable is called (the files named with it are per setting)."""
    if type(value) is not ast.JoinedStr:
        return False
    held = [v.value for v in value.values if type(v) is ast.FormattedValue]
    text = "".join(v.value for v in value.values if type(v) is ast.Constant and isinstance(v.value, str))
    return (
        len(held) >= 2
        and all(type(h) is ast.Attribute and _chain_root(h) in _OPTION_OBJECTS for h in held)
        and re.fullmatch(r"[\w.\-]*", text) is not None
    )


# The keys of a record per example: its identifier, and what the model gave for it
_EXAMPLE_ID_KEY = re.compile(
    r"^(image|img|question|sample|example|video|utt|utterance|doc|item|sentence)_?id$|^id$"
)
# (not `text` or `label`: a dataset's own records {"id", "text", "label"} hold those too)
_OUTPUT_KEY = re.compile(
    r"^(caption|bbox|boxes|segmentation|keypoints|category_id|answer|pred\w*|prediction|output|translation|"
    r"hypothesis|response|generated\w*)$"
)
_TEMP_NAME = re.compile(r"(?i)^(tmp|temp)|_(tmp|temp)(_|$)|(tmp|temp)_?dir")


def _namespace_source(value, derived: dict):
    """`Namespace(**ckpt["args"])`: a namespace holds what it is unpacked from; that source stands for it
    (the options of another run, loaded), unless it is the run's own options (`vars(args)`, merged with an
    argument file: SCOPS's `args = Namespace(**args_dict)`), read as the parsed namespace."""
    if not (
        type(value) is ast.Call
        and not value.args
        and len(value.keywords) == 1
        and value.keywords[0].arg is None
        and (
            (type(value.func) is ast.Name and value.func.id == "Namespace")
            or (type(value.func) is ast.Attribute and value.func.attr == "Namespace")
        )
    ):
        return None
    src = value.keywords[0].value
    seen = derived.get(src.id) if type(src) is ast.Name else src
    own = (type(seen) is ast.Call and type(seen.func) is ast.Name and seen.func.id == "vars") or (
        type(seen) is ast.Attribute and seen.attr == "__dict__"
    )
    return None if own else src


def _made_by_tempfile(value) -> bool:
    """A value made by tempfile (mkdtemp(), TemporaryDirectory().name)."""
    return value is not None and any(
        type(n) is ast.Attribute and n.attr in ("mkdtemp", "TemporaryDirectory", "gettempdir")
        for n in ast.walk(value)
    )


def _record_keys(arg) -> set[str]:
    """The string keys of a dict literal or a `dict(key=...)` call."""
    if type(arg) is ast.Dict:
        return {k.value for k in arg.keys if type(k) is ast.Constant and type(k.value) is str}
    if type(arg) is ast.Call and type(arg.func) is ast.Name and arg.func.id == "dict":
        return {k.arg for k in arg.keywords if k.arg}
    return set()


def _per_example_output(keys) -> bool:
    return any(_EXAMPLE_ID_KEY.match(k) for k in keys) and any(_OUTPUT_KEY.match(k) for k in keys)


_QUOTED = re.compile(r"[rbuf]?(['\"]).*\1", re.S)


def _tuple_returns(tree) -> dict[str, list]:
    """Module-level functions ending in `return a, b`: for each element, the value its name was last
    assigned in the function's own top-level statements, or the element itself when it is a call
    (None otherwise)."""
    out: dict[str, list] = {}
    for fn in getattr(tree, "body", ()):
        if type(fn) not in (ast.FunctionDef, ast.AsyncFunctionDef) or not fn.body:
            continue
        last = fn.body[-1]
        if type(last) is not ast.Return or type(last.value) is not ast.Tuple:
            continue
        bound: dict[str, ast.expr] = {}
        for stmt in fn.body:
            if type(stmt) is ast.Assign and len(stmt.targets) == 1 and type(stmt.targets[0]) is ast.Name:
                bound[stmt.targets[0].id] = stmt.value
        # (`return args, yaml.safe_dump(args.__dict__)`: a call in the return itself is the element's value; a
        # literal built there (`{"githash": sha}`) is read through the function, whose commit reads count)
        out[fn.name] = [
            bound.get(e.id) if type(e) is ast.Name else e if type(e) is ast.Call else None
            for e in last.value.elts
        ]
    return out


# A name for one part of a dataset split: valid_imgs, train_lines, test_idx, holdout
# a random order of indices: numpy's permutation (global, or a default_rng/RandomState generator's), torch.randperm
PERMUTES = re.compile(
    r"^(numpy\.random\.|numpy\.random\.default_rng\(\)\.|numpy\.random\.RandomState\(\)\.)permutation$|^torch\.randperm$"
)
_SPLIT_PART = re.compile(r"(^|_)(train|training|val|valid|validation|test|dev|holdout|eval)(_|$)", re.I)


def _cut_into_part(value: ast.expr) -> str | None:
    """`train_idxs.extend(idxs[:n])`: the list a slice is cut from into a list named for a part of a split."""
    if not (
        type(value) is ast.Call
        and type(value.func) is ast.Attribute
        and value.func.attr in ("extend", "append")
        and type(value.func.value) is ast.Name
        and _SPLIT_PART.search(value.func.value.id)
        and len(value.args) == 1
    ):
        return None
    arg = value.args[0]
    if type(arg) is ast.Subscript and type(arg.slice) is ast.Slice and type(arg.value) is ast.Name:
        return arg.value.id
    return None


# `if opt.isTrain: self.save_options(opt)`: the training mode itself, on in every training run
_TRAIN_MODE = re.compile(r"(is_?train(ing)?|train(ing)?_?mode|do_train|mode_train)", re.I)
# nn.Module.training: the module's mode, on while it trains; `not self.training` is evaluation
_MODEL_STATE = frozenset({"training"})
# torch's backend and device state (torch.backends.cudnn.enabled), which a test reads: no switch of the run
_LIBRARY_STATE = re.compile(r"torch\.(backends|cuda)(\.|$)")
_OPTION_OBJECTS = frozenset({"args", "cfg", "config", "opt", "opts", "FLAGS", "flags", "hparams", "params"})
_RUN_NAME_VAR = re.compile(r"(name|run|exp|tag|id|prefix|suffix|desc)", re.I)
# ... and the run's distributed helper: `if accelerator.is_main_process:` / `if fabric.is_global_zero:` pick
# the process, `if accelerator.sync_gradients:` the step; none switches anything off for a run.
_PLUMBING = frozenset(
    {"self", "args", "cfg", "config", "opt", "opts", "FLAGS", "flags", "hparams", "utils", "misc", "dist"}
    | {"accelerator", "fabric", "sync_gradients", "is_global_zero"}
)


def _PROCESS_GUARD_SETS(cond: str, all_paths: bool = True, defaults: dict | None = None) -> set:
    """Identifiers of a condition that only pick the process (rank 0, master) or are plumbing (self, args).
    A path option (`if args.output_dir:`) holds on every run when its default is a path; with an empty
    default (`--tensorboard-dir ''`) it is a switch. Without defaults, ``all_paths`` decides."""

    def path_always(w: str) -> bool:
        # (`if args.save != '':` asks whether a destination is given, whatever the option is called)
        if not (_PATH_NAME.search(w) or enabling_test(w, cond) == "given"):
            return False
        if defaults is not None and w in defaults:
            return bool(defaults[w])
        return all_paths

    def schedule(w: str) -> bool:
        # ... unless compared with zero to turn something on at all (`FLAGS.checkpoint_interval > 0`) where
        # the option's default turns it off (-1): a run that keeps the default does without
        return bool(_SCHEDULE.search(w)) and not (
            defaults is not None
            and defaults.get(w) == ""
            and _INTERVAL.search(w)
            and enabling_test(w, cond) == "interval"
        )

    return {w for w in _IDENT.findall(cond) if _PROCESS_GUARD.search(w) or path_always(w) or schedule(w)
            or (defaults is not None and defaults.get(w) == ALWAYS) or w in _PLUMBING
            or _TRAIN_MODE.fullmatch(w)}  # fmt: skip


def option_dest(c) -> str:
    """The namespace attribute argparse stores an option under: its dest=, else its long name, else its
    first name (`-e, --epochs` is args.epochs; `-l, dest="lr"` is args.lr)."""
    dest = c.kw("dest")
    if isinstance(dest, str):
        return dest
    names = [a for a in c.args if isinstance(a, str)]
    return (
        next((n for n in names if n.startswith("--")), names[0] if names else "")
        .lstrip("-")
        .replace("-", "_")
    )


def option_defaults(m) -> dict:
    """argparse/absl option destinations of a module with their literal defaults ('' when unset)."""
    cached = getattr(m, "_option_defaults", None)
    if cached is not None:
        return cached
    out = {}
    for c in m.calls:
        if c.name.endswith(("add_argument", "DEFINE_string")):
            dest = option_dest(c)
            default = (
                c.kw("default")
                if c.has_kw("default")
                else (c.args[1] if "DEFINE" in c.name and len(c.args) > 1 else None)
            )
            if dest:
                out[dest] = default if isinstance(default, str) else ("" if default is None else "set")
                if _off_interval(dest, default):
                    out[dest] = ""
                if c.kw("required") is True:
                    out[dest] = "set"  # every run passes it (`--output_dir`, required=True)
                # --tensorboard with default 1 (or True, or action="store_false"): on unless turned off
                if (
                    default is True
                    or (type(default) is int and default == 1)
                    or c.kw("action") == "store_false"
                ):
                    out[dest] = ALWAYS
        elif c.name.endswith("DEFINE_integer") and len(c.args) > 1 and _off_interval(c.args[0], c.args[1]):
            out[c.args[0]] = ""  # flags.DEFINE_integer("checkpoint_interval", -1, ...): none by default
    # `deterministic = True` at module level, then `if deterministic:`: a literal, not a switch
    for name, value in m.constants.items():
        if value is True:
            out.setdefault(name, ALWAYS)
    # `use_wandb: bool = True` in the options dataclass the module parses: on unless a run turns it off
    for _cls, name, value, *_ in getattr(m, "class_defaults", ()):
        if value is True:
            out.setdefault(name, ALWAYS)
    m._option_defaults = out  # computed once per module; a cache, not a fact
    return out


def enabling_test(w: str, cond: str) -> str:
    """How a condition's text tests an option for being set at all: "given" (`args.save != ''`),
    "interval" (`FLAGS.checkpoint_interval > 0`, `!= 0`, `>= 1`), or ''."""
    if re.search(rf"\b{w}\s*!=\s*(''|\"\")", cond):
        return "given"
    return "interval" if re.search(rf"\b{w}\s*(>\s*0|!=\s*0|>=\s*1)(?![\d.])", cond) else ""


_OPTION_HOLDER = re.compile(r"(FLAGS|flags|args|opts?|options|config|cfg|hparams|params)\.\w+$")


def _off_interval(name, default) -> bool:
    """An interval option whose default turns what it schedules off (-1, 0)."""
    return (
        isinstance(name, str)
        and type(default) is int
        and default <= 0
        and _INTERVAL.search(name.lstrip("-").replace("-", "_")) is not None
    )


ALWAYS = "\0always"  # an option default meaning: set to True in the code, so the branch always runs


_REGISTER = re.compile(r"\.(register|register_module|register_callback|register_logger)$")


def registered_plugin(m, line: int, cell: int) -> str:
    """The condition under which a line in a class registered by name runs (allennlp's
    ``@TrainerCallback.register("wandb")``, mmcv's ``@HOOKS.register_module()``): a plug-in a run uses only
    when its configuration names it. '' outside such a class."""
    for name, start, c, end in m.classes:
        if c != cell or not start <= line <= end:
            continue
        for d in m.decorators:
            if d.cell == cell and start - 3 <= d.line < start and _REGISTER.search(d.name):
                key = next((a for a in d.args if isinstance(a, str)), name)
                return f'the run\'s configuration names the "{key}" plug-in'
    return ""


# A buffer in memory (io.BytesIO(), cStringIO.StringIO(), six.BytesIO()): what is written there is no file
_IN_MEMORY = re.compile(r"(?:[\w.]*\.)?(?:BytesIO|StringIO)\(\)")


# The predicted side of `==`: predicted, preds, y_pred, outputs.argmax(1), logits.max(1)[1]
_PREDICTION_SIDE = re.compile(
    r"((^|[._])(\w*_)?(pred|preds|predicted|prediction|predictions|y_hat|yhat)$|argmax|\.max\(\)|\.topk\(\))",
    re.I,
)
# ... and the labels it is compared with: labels, targets, y, y_true, batch_labels, gt
_LABEL_SIDE = re.compile(
    r"(\w*_)?(labels?|targets?|y|y_true|y_test|y_val|gts?|truths?|answers?|classes)", re.I
)


# Packages every framework run has installed (torch, TensorFlow and JAX all install numpy)
_ALWAYS_INSTALLED = frozenset({"numpy"})


def _importable(value, resolve) -> str:
    """The package ``importlib.util.find_spec("numpy") is not None`` (or the spec alone) asks for, else ''."""
    if type(value) is ast.Compare and len(value.ops) == 1 and type(value.ops[0]) is ast.IsNot:
        value = value.left
    if (
        type(value) is ast.Call
        and resolve(value.func).endswith("find_spec")
        and value.args
        and type(value.args[0]) is ast.Constant
        and isinstance(value.args[0].value, str)
    ):
        return value.args[0].value.split(".", 1)[0]
    return ""


def _path_option_read(node) -> bool:
    """``self.args.tensorboard_logdir``: a path option read off the parsed options."""
    return (
        type(node) is ast.Attribute
        and _PATH_NAME.search(node.attr) is not None
        and _OPTION_HOLDER.search(_w._short(node, 60)) is not None
    )


# a timer's or schedule's test of the current step: tf.estimator.SecondOrStepTimer.should_trigger_for_step,
# an every-n helper (`should_log(step)`, `is_log_step(step)`)
_CADENCE_CALL = re.compile(
    r"(^|\.)(should_trigger_for_step|should_(log|save|eval|evaluate|checkpoint)|is_(log|save|eval)_step)$"
)


def _periodic(value) -> bool:
    """A test true every so many steps in any run: `epoch % args.save_interval == 0`, alone, beside calls
    (`epoch_itr.end_of_epoch() and ...`), or as one alternative of an `or`; `args.save and epoch % 5 == 0`
    is a switch as well as a schedule."""
    if type(value) is ast.Compare:
        return type(value.left) is ast.BinOp and type(value.left.op) is ast.Mod
    if type(value) is ast.Call and _CADENCE_CALL.search(_w._short(value.func, 80)):
        # timer.should_trigger_for_step(step) on a SecondOrStepTimer(every_steps=100): a schedule, in every run
        return True
    if type(value) is ast.BoolOp and type(value.op) is ast.Or:
        return any(_periodic(v) for v in value.values)
    if type(value) is ast.BoolOp and type(value.op) is ast.And:
        # beside a call that asks the loop where it is (`epoch_itr.end_of_epoch()`), not one that reads a
        # setting (`bool(args.save_dir)`, `getattr(args, "use_wandb", False)`): that part is a switch
        return any(_periodic(v) for v in value.values) and all(
            _periodic(v)
            or (
                type(v) is ast.Call
                and not v.args
                and not v.keywords
                and type(v.func) is ast.Attribute
                and not _OPTION_HOLDER.match(_w._short(v.func, 60))
            )
            for v in value.values
        )
    return False


def live_switch(m, cond: str, defaults: dict | None = None) -> bool:
    """A flag block that really switches something on or off in this module's runs."""
    if _file_state(cond):
        return False  # `if snapshot.exists():` asks what the disk holds (a run to resume), not the user
    if _TRAINING_PHASE.fullmatch(cond.strip()):
        # `if training:` with training = FLAGS.mode == TRAIN: on in every training run, whatever else
        return False
    defaults = option_defaults(m) if defaults is None else defaults
    # `accumulator.wants_gradients()`: a question put to an object of the run while it runs (the state of
    # a distributed group, a queue), not an option the user sets; `cfg.get("use_wandb")` reads one
    cond = _STATE_QUERY.sub(" ", cond)
    if not cond.strip(" ()"):
        return False
    # `all_args.use_wandb`: the object holding the options is no switch of its own, its attribute is
    containers = set(_CONTAINER.findall(cond)) if "." in cond else set()
    words = set(_IDENT.findall(cond)) - containers
    best = set(getattr(m, "best_flag_names", ()))
    return bool(words - _PROCESS_WORDS - best - _PROCESS_GUARD_SETS(cond, defaults=defaults))


# A literal of whitespace only as written by a stream (`f.write('\n')`)
_BLANK_TEXT = re.compile(r"""(['"])(?:\\[nrt]|\s)*\1""")


def is_blank_write(w) -> bool:
    """A stream write of whitespace only (`f.write('\n')`): it ends a record, or adds nothing."""
    return w.kind == "stream" and _BLANK_TEXT.fullmatch(w.what.strip()) is not None


def text_written(writes) -> set:
    """(function, file) pairs written something other than a newline (`opt_file.write(message)` before
    `opt_file.write("\n")`): there a newline ends a record, it is not the only thing written."""
    return {
        (x.func, x.target) for x in writes if x.kind != "open" and not _BLANK_TEXT.fullmatch(x.what.strip())
    }


_CONTAINER = re.compile(r"\b([A-Za-z_]\w*)\s*\.(?=\s*[A-Za-z_])")
# A method called without arguments on an object that holds no options (not args, cfg, FLAGS...), its
# answer the condition: `accumulator.has_gradients()`, `not learn_batcher.empty()`
# (the object's own methods, `self._is_mlflow_enabled()`, and a method named for a setting,
# `tracker.is_enabled()`, may read the configuration: they stay switches)
_STATE_QUERY = re.compile(
    r"(?<![\w.])(?!(?:self|cls|args|opts?|options|cfg|config|conf|hparams|hps|params|flags|FLAGS)\b)"
    r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*\."
    r"(?!get\b|\w*(?:enabled|disabled|active|use|should|wandb|mlflow|tensorboard|track|log))[A-Za-z_]\w*\(\)"
)
# A PIL image saving itself: Image.save, Image.fromarray(x).save(path), to_pil_image(t).save(path)
_PIL_SAVE = re.compile(r"(Image\.save|Image\.\w+\(\)\.save|to_pil_image\(\)\.save|ToPILImage\(\)\(\)\.save)$")
# A test of whether this run trains (the phase a mode option picks), not an opt-in: `args.train` of a
# --train/--validate/--test/--export group selects the run's phase, and every training run has it on
_TRAINING_PHASE = re.compile(
    r"(?:[\w.]+\.)?(train|training|is_training|is_train|do_train|train_mode|mode\s*==\s*(?:TRAIN|['\"]train['\"]))"
)


# Modules of the trackers a project swaps for a stand-in of its own (tensorboardX, torch's tensorboard).
TRACKER_MODULE = re.compile(
    r"^(tensorboardX|torch\.utils\.tensorboard|tensorflow\.summary|wandb|mlflow|neptune|comet_ml|clearml|aim|swanlab|"
    r"trackio|polyaxon)\b"
)


def _negated_text(test: ast.expr) -> str:
    """The condition under which the else branch of ``if test:`` runs: `tag` for `not tag`, `tag and
    is_master` for `not tag or not is_master`."""
    if type(test) is ast.UnaryOp and type(test.op) is ast.Not:
        return _w._short(test.operand, 80)
    if (
        type(test) is ast.BoolOp
        and type(test.op) is ast.Or
        and all(type(v) is ast.UnaryOp and type(v.op) is ast.Not for v in test.values)
    ):
        return " and ".join(_w._short(v.operand, 40) for v in test.values)[:80]
    return f"not ({_w._short(test, 74)})"


_STEP_HOOK = re.compile(r"^(training|validation|test)_(step|end|epoch_end|step_end)$")


def _holds_literal_config(d: ast.Dict) -> bool:
    return any(
        type(k) is ast.Constant and k.value == "config" and type(v) is ast.Dict
        for k, v in zip(d.keys, d.values, strict=True)
    )


def _dict_keys(value) -> list[str]:
    """The string keys of a dict literal, or the keywords of a dict(...) call."""
    if type(value) is ast.Dict:
        return [k.value for k in value.keys if type(k) is ast.Constant and isinstance(k.value, str)]
    if type(value) is ast.Call and type(value.func) is ast.Name and value.func.id == "dict":
        return [k.arg for k in value.keywords if k.arg]
    return []


def _returns_nothing(body: list) -> bool:
    """A body of only a docstring, `pass` and `return` / `return None`."""
    stmts = body[1:] if body and type(body[0]) is ast.Expr and type(body[0].value) is ast.Constant else body
    return bool(stmts) and all(
        type(st) is ast.Pass
        or (
            type(st) is ast.Return
            and (st.value is None or (type(st.value) is ast.Constant and st.value.value is None))
        )
        for st in stmts
    )


def _asks_schedule(test) -> bool:
    """`self._should_log(step)`, `every(epoch)`: a call handed only the step or epoch counter asks a schedule
    whether to act now; every run gets there."""
    if (
        type(test) is ast.Call
        and not test.args
        and not test.keywords
        and type(test.func) is ast.Attribute
        and type(test.func.value) in (ast.Name, ast.Attribute)
    ):
        # `self.iter_counter.needs_displaying()`: the loop's counter object asked whether it is time
        owner = test.func.value.id if type(test.func.value) is ast.Name else test.func.value.attr
        return (
            _SCHEDULE.search(owner) is not None
            or re.search(r"(counter|clock|timer)$", owner, re.I) is not None
        )
    arg = test.args[0] if type(test) is ast.Call and len(test.args) == 1 and not test.keywords else None
    # `should(a.save_freq)`: the option holding the schedule, asked the same way
    name = arg.id if type(arg) is ast.Name else arg.attr if type(arg) is ast.Attribute else ""
    return bool(name) and _SCHEDULE.search(name) is not None


def _tests_file(test: ast.expr) -> bool:
    """`path.exists()`, `os.path.isfile(os.path.join(d, 'last.pt'))`: whether a file is on disk."""
    return (
        type(test) is ast.Call
        and isinstance(test.func, ast.Attribute)
        and test.func.attr in ("exists", "isfile", "is_file")
    )


_FILE_STATE = re.compile(r"^(not\s+)?[\w.]*\.?(exists|isfile|is_file|isdir|is_dir)\(")


def _file_state(cond: str) -> bool:
    """One test of what the disk holds, its argument built by any calls:
    `not os.path.exists(os.path.join(log_dir, os.path.basename(opt.config)))`."""
    m = _FILE_STATE.match(cond)
    if m is None or not cond.endswith(")"):
        return False
    depth = 0
    for i, ch in enumerate(cond[m.end() - 1 :], m.end() - 1):
        depth += ch == "("
        depth -= ch == ")"
        if depth == 0:
            return i == len(cond) - 1  # the test's own parenthesis closes the condition
    return False


# wandb's and neptune's connection modes, and the key or option naming one (WANDB_MODE, args.wandb_mode)
_TRACKER_MODES = frozenset({"online", "offline", "disabled", "async", "sync", "debug", "read-only"})
_HOSTED_MODE_KEY = re.compile(r"(wandb|neptune|comet|clearml|mlflow)_?mode", re.I)


def _is_switch(test: ast.expr) -> bool:
    """A plain on/off condition: names, attributes and calls joined by and/or/not (`if args.track:`,
    `if wandb_log and master_process:`), or a mode compared with a string (`if FLAGS.mode == "eval":`);
    not a numeric comparison such as `if loss < best or always_save:`. A conjunction is a switch
    when one of its parts is (`if capture_video and idx == 0:` runs only with the option on)."""
    if isinstance(test, ast.BoolOp):
        values = test.values
        if isinstance(test.op, ast.And) and any(
            type(n) is ast.BinOp and type(n.op) is ast.Mod for v in values for n in ast.walk(v)
        ):
            # `if cfg.snapshot_freq != 0 and task_id % cfg.snapshot_freq == 0:`: a schedule and its guard
            values = [v for v in values if not _enabled_intervals(v)]
        parts = [_is_switch(v) for v in values]
        return any(parts) if isinstance(test.op, ast.And) else all(parts)
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        # `if not args.test:` / `if not args.no_wandb:` runs unless someone passes the flag: the
        # default path, not something switched on.
        if isinstance(test.operand, (ast.Name, ast.Attribute)) or _mode_test(test.operand) is not None:
            return False  # `if not config.script.endswith("_env"):` runs in every other mode
        return _is_switch(test.operand)
    strings = _mode_test(test)
    if strings is not None:
        # `if config.script.startswith("eval"):` is a mode compared by its text, as below
        return any(_SIDE_MODE.fullmatch(v.lower().strip("_")) for v in strings) and not any(
            "train" in v for v in strings
        )
    if isinstance(test, ast.Compare):
        sides = [test.left, *test.comparators]
        strings = [x.value for x in sides if isinstance(x, ast.Constant) and isinstance(x.value, str)]
        # `if logger_name == "wandb":` / `if args.logger in ("wandb", "mlflow"):` picks one tracker of
        # several by an option: that tracker runs only when a run asks for it
        strings += [
            e.value
            for x in sides
            if isinstance(x, (ast.Tuple, ast.List, ast.Set))
            for e in x.elts
            if isinstance(e, ast.Constant) and isinstance(e.value, str)
        ]
        # `config.get("WANDB_MODE", "disabled") == "online"`: a tracker's connection mode, the tracker
        # records only in a run that sets it online
        if (
            strings
            and all(v.lower() in _TRACKER_MODES for v in strings)
            and _HOSTED_MODE_KEY.search(ast.dump(test.left))
        ):
            return True
        # ... but `"wandb" in cfg.logging` asks whether the configuration has the tracker's section, which the
        # committed configuration answers
        if (
            strings
            and all(v.lower() in _HOSTED_TRACKERS for v in strings)
            and type(test.left) is not ast.Constant
        ):
            return True
        # `if self.neptune_logger is not None:` after `neptune_logger = neptune.init_run(...) if on else None`:
        # a tracker's handle, present only when the run switched the tracker on
        if (
            len(test.ops) == 1
            and type(test.ops[0]) in (ast.IsNot, ast.Is)
            and type(test.comparators[0]) is ast.Constant
            and test.comparators[0].value is None
            and type(test.left) in (ast.Name, ast.Attribute)
        ):
            name = test.left.id if type(test.left) is ast.Name else test.left.attr
            # `if args.output_folder is not None:` around the run's writes: a path option, so the
            # writes happen when its default is a path or a run passes one (live_switch weighs that)
            path_option = type(test.ops[0]) is ast.IsNot and _PATH_NAME.search(name) is not None
            return _TRACKER_HANDLE.search(name) is not None or path_option
        # `opt['logger']['wandb'].get('project') is not None`: a field of a tracker's section of an options
        # dict, which each run's option file fills in or leaves empty (`project: ~`). Whether the section
        # exists at all (`config.get('wandb') is not None`) the committed configuration answers.
        if (
            len(test.ops) == 1
            and type(test.ops[0]) is ast.IsNot
            and type(test.comparators[0]) is ast.Constant
            and test.comparators[0].value is None
            and any(k.lower() in _HOSTED_TRACKERS for k in _key_path(test.left)[:-1])
        ):
            return True
        if (
            len(test.ops) == 1
            and type(test.ops[0]) in (ast.Gt, ast.NotEq)
            and type(test.left) is ast.Call
            and type(test.left.func) is ast.Name
            and test.left.func.id == "len"
            and len(test.left.args) == 1
            and _path_option_read(test.left.args[0])
            and type(test.comparators[0]) is ast.Constant
            and test.comparators[0].value == 0
        ):
            # `if len(self.args.tensorboard_logdir) > 0:`: a path option given or left empty, as `!= ""`
            return True
        if _enabled_intervals(test) and _OPTION_HOLDER.match(_w._short(test.left)):
            # `if FLAGS.checkpoint_interval > 0:` saves only when a run sets an interval (its default decides,
            # live_switch); an object's own attribute (self.save_freq) is set by whoever builds it
            return True
        if (
            len(test.ops) == 1
            and type(test.ops[0]) is ast.NotEq
            and type(test.left) in (ast.Name, ast.Attribute)
            and type(test.comparators[0]) is ast.Constant
            and test.comparators[0].value == ""
        ):
            # `if args.save != '':` writes only where a destination is given: the option's default decides
            return True
        # Only a side mode (`if mode == "eval":`) switches the main path off; `mode == "train"` is
        # the main path and `model_name == "lightgbm"` a choice among alternatives, one always taken.
        return (
            bool(strings)
            and any(_SIDE_MODE.fullmatch(v.lower()) for v in strings)
            and not any("train" in v for v in strings)
        )
    # `if args["track"]:` reads an option from the options dict by its key, as `args.track` would
    keyed = {id(n.value) for n in ast.walk(test) if _option_key(n)}
    return not any(
        isinstance(n, (ast.BinOp, ast.Compare)) or (isinstance(n, ast.Subscript) and not _option_key(n))
        for n in ast.walk(test)
        if id(n) not in keyed
    )


def _key_path(node: ast.expr) -> list[str]:
    """The string keys read from an options dict: `opt['logger'].get('wandb')` -> ['logger', 'wandb']."""
    keys = []
    while True:
        if (
            type(node) is ast.Subscript
            and type(node.slice) is ast.Constant
            and isinstance(node.slice.value, str)
        ):
            keys.append(node.slice.value)
            node = node.value
        elif (
            type(node) is ast.Call
            and type(node.func) is ast.Attribute
            and node.func.attr == "get"
            and node.args
            and type(node.args[0]) is ast.Constant
            and isinstance(node.args[0].value, str)
        ):
            keys.append(node.args[0].value)
            node = node.func.value
        else:
            return keys[::-1]


def _option_key(n) -> bool:
    """`args["track"]`, `config["train"]["use_wandb"]`: a string key of an options dict."""
    if not (
        isinstance(n, ast.Subscript) and isinstance(n.slice, ast.Constant) and isinstance(n.slice.value, str)
    ):
        return False
    root = n.value
    while isinstance(root, (ast.Subscript, ast.Attribute)):
        root = root.value
    return isinstance(root, ast.Name) and _CONFIG_OBJECT.fullmatch(root.id) is not None


def _reads_attributes(value) -> bool:
    """The value reads an object's attributes by name (``getattr(self, k)``, ``vars(opt)[k]``)."""
    return any(
        type(n) is ast.Call and type(n.func) is ast.Name and n.func.id in ("getattr", "vars")
        for n in ast.walk(value)
    )


def _state_of(value) -> bool:
    """The value is an object's learned or running state (``optimizer.state_dict()``, ``get_weights()``)."""
    return (
        type(value) is ast.Call
        and type(value.func) is ast.Attribute
        and value.func.attr in ("state_dict", "get_weights", "get_state", "state")
    )


def _lazy_module(value) -> str:
    """The module a lazy loader binds (``LazyLoader("wandb", globals(), "wandb")``,
    ``importlib.import_module("comet_ml")``, ``lazy_import("aim")``), or ''."""
    if type(value) is not ast.Call:
        return ""
    func = value.func
    name = func.attr if type(func) is ast.Attribute else func.id if type(func) is ast.Name else ""
    if name not in ("LazyLoader", "lazy_import", "import_module", "lazy_module", "LazyModule"):
        return ""
    names = [a.value for a in value.args if type(a) is ast.Constant and isinstance(a.value, str)]
    module = names[-1] if names else ""
    return module if re.fullmatch(r"[A-Za-z_][\w.]*", module) else ""


# The name of a tracker's run handle (self.neptune_logger, wandb_run, tb_writer, mlflow_client).
_TRACKER_HANDLE = re.compile(
    r"(wandb|neptune|comet|mlflow|clearml|aim_run|tensorboard|tb_|_tb\b|summary_writer)", re.I
)
# The names an option picks a tracker by (`if logger_name == "csv":`).
_TRACKER_NAMES = frozenset(
    {"tensorboard", "tb", "csv", "wandb", "mlflow", "neptune", "comet", "clearml", "aim", "polyaxon"}
)
# Trackers that keep runs on a server or a hosted service, by the name an option selects them with.
_HOSTED_TRACKERS = frozenset(
    {
        "wandb",
        "mlflow",
        "neptune",
        "comet",
        "comet_ml",
        "cometml",
        "clearml",
        "aim",
        "swanlab",
        "trackio",
        "polyaxon",
    }
)


def _mode_test(test: ast.expr) -> list | None:
    """The strings of a mode tested by its text (``mode.endswith(("_env", "_replay"))``), else None."""
    if not (
        isinstance(test, ast.Call)
        and isinstance(test.func, ast.Attribute)
        and test.func.attr in ("startswith", "endswith")
        and test.args
    ):
        return None
    arg = test.args[0]
    values = arg.elts if isinstance(arg, (ast.Tuple, ast.List)) else [arg]
    strings = [v.value for v in values if isinstance(v, ast.Constant) and isinstance(v.value, str)]
    return strings if len(strings) == len(values) else None


_TORCH_SAVE_WRAPPER = re.compile(r"(^|\.)(accelerator|Accelerator\(\)|xm|xla_model)\.save$")
_TRAINING_STATE_SAVE = re.compile(r"((^|\.)fabric|Fabric\(\))\.save$|(^|\.)accelerator\.save_state$", re.I)
_MODELISH = re.compile(
    r"(model|net|estimator|clf|learner|agent|policy|pipe|booster|gen|disc|encoder|decoder)", re.I
)
_LOG_SETUP = frozenset({"basicConfig", "dictConfig"})
# A logger, whatever sets up its file: logging.getLogger('train').info, loguru's logger, self.logger
# logger.info, logging.info, and a logger a project helper returns (get_logger().info: semseg's get_logger)
_LOGGER_CALL = re.compile(
    r"^(logging\.|loguru\.logger\.)|(^|\.)(logger|log|_logger|LOGGER|\w*_logger\(\))\.\w+$"
)
# A config object's method returning every setting (get_hparams(), to_dict(), as_dict())
_CONFIG_DICT_METHOD = re.compile(
    r"(get_)?(h?params|hparams|hyper_?params|config|args|options|settings|all)|to_dict|as_dict|dict"
)
_LOG_LEVELS = frozenset({"info", "debug", "warning"})


def _commit_node(n: ast.AST, commit_names: set) -> bool:
    """This node makes a value the commit: a `git rev-parse`/`git describe` command's word, GitPython's
    hexsha, or a name already bound to the commit (`sha = sha.decode().strip()`)."""
    t = type(n)
    if t is ast.Name:
        return n.id in commit_names
    if t is ast.Constant:
        return isinstance(n.value, str) and _COMMIT_COMMAND.search(n.value) is not None
    return t is ast.Attribute and n.attr == "hexsha"


_COMMIT_COMMAND = re.compile(r"^(rev-parse|describe)$|\bgit\s+(rev-parse|describe)\b")
# A seeding call (np.random.seed, set_global_seeds, torch.manual_seed, RandomState, PRNGKey) and a clock
# or entropy read (time.time(), datetime.now(), os.urandom, uuid4) its argument may come from
_SEEDING = re.compile(r"(seed\w*|RandomState|default_rng|PRNGKey)$", re.I)


def _module_value(node: ast.expr, classes: set, names: set, resolve) -> bool:
    """An expression whose value is one of the project's torch modules: `Net(...)`, a name bound to one,
    its copy (`copy.deepcopy(net)`) or the module moved or switched (`net.cpu()`, `net.to(device)`)."""
    for _ in range(4):
        if type(node) is ast.Name:
            return node.id in names
        if type(node) is not ast.Call:
            return False
        func = node.func
        if type(func) is ast.Attribute and func.attr in _MODULE_MOVES and type(func.value) is not ast.Name:
            node = func.value
        elif type(func) is ast.Attribute and func.attr in _MODULE_MOVES:
            return func.value.id in names
        elif resolve(func) == "copy.deepcopy" and node.args:
            node = node.args[0]
        else:
            return resolve(func).rsplit(".", 1)[-1] in classes
    return False


# TF1 sessions and hooks given a checkpoint_dir: (its position, what they do there: "" saves, writes summaries
# and restores; "restores" only; "checkpoints" only saves)
_TF_SESSION_DIRS = {
    "MonitoredTrainingSession": (2, ""),
    "SingularMonitoredSession": (4, "restores"),
    "CheckpointSaverHook": (0, "checkpoints"),
}
_MODULE_MOVES = frozenset({"cpu", "cuda", "to", "eval", "train", "float", "half", "double"})
# String methods that build text from their inputs and read nothing else (no clock, no counter)
_TEXT_METHODS = frozenset({"join", "split", "rsplit", "format", "replace", "strip", "lower", "upper"})
# Reads that differ on every run: the clock, the OS's entropy, a fresh uuid, the process id
CLOCK_READ = re.compile(
    r"^(time\.(time|time_ns|perf_counter|monotonic)|datetime\.datetime\.(now|utcnow|today)|os\.urandom|uuid\.uuid4|"
    r"os\.getpid)$"
)
# What a training-state saver is handed besides the model: more of the state, not a path
_STATE_ARG = re.compile(r"model|net|ema|optim|opt\b|sched|epoch|step|state|<", re.I)
# PyTables' and h5py's writers of a table or an array into an open file
_HDF5_WRITES = frozenset({"create_table", "create_array", "create_carray", "create_earray", "create_dataset"})
# ... an array stored by a function saving the model, or holding its variables' values
_SNAPSHOT_FUNC = re.compile(r"snapshot|checkpoint|save_model|save_weights|save_params", re.I)
# (the model's: `v.get_value()`, `model.weights`; not `class_weights` of a dataset)
_WEIGHTS_VALUE = re.compile(r"get_value\(|state_dict|get_weights|(^|\.)(weights|params)\b", re.I)
_WRITE_TRIGGERS = frozenset(
    {
        *_w.SERIALISERS,
        *_w.SUMMARY_WRITERS,
        *_w.CHECKPOINT_CALLS,
        *_w.ESTIMATOR_DIRS,
        *_w.DOWEL_FILE_OUTPUTS,
        *_w.TF_CHECKPOINT_DIRS,
    }
    | _HDF5_WRITES
    | {
        "write",
        "writelines",
        "writerow",
        "writerows",
        "save_state",
        "print",
        "FileHandler",
        "copy",
        "copyfile",
        "copy2",
        "copytree",
        "move",
        *_w.FILE_MOVES,
    }
)
# Library calls that take a path but are not the project's writer functions.
_NOT_WRITER_CALLS = ("os.", "open", "print", "json.", "yaml.", "torch.", "np.", "numpy.", "pd.", "pandas.", "shutil.",
                     "pathlib.", "Path", "glob.", "logging.", "tf.", "tensorflow.", "sys.", "io.", "re.", "str")  # fmt: skip
_CONFIG_ATTR = re.compile(r"^(cfg|config|conf|args|opts?|hparams|hps|FLAGS|_C|C)\.", re.I)
# The names code uses for libraries without importing them itself, when a star import of the
# project's own module is the only place they can come from.
_CONVENTIONAL_ALIASES = {"tf": "tensorflow", "np": "numpy", "pd": "pandas", "plt": "matplotlib.pyplot"}
_SHORT_OF = {full: short for short, full in _CONVENTIONAL_ALIASES.items()}
_PARAM_HOLE = re.compile(r"\{(\w+)\}")
_PATH_PARAM = re.compile(r"(dir|directory|path|folder|root|file|file_?name|fname)$", re.I)
_SAVER_CTORS = (".Saver", ".CheckpointManager", ".Checkpoint", ".Checkpointer")
# A logging library's output or writer class: JSONLOutput, CSVWriter, TabularLogger, MetricsRecorder
_OUTPUT_CLASS = re.compile(r"(Output|Writer|Logger|Recorder)$")
_DIR_WORD = re.compile(r"[\w.-]+(/[\w.-]+)*/?")


_TIME_CALLS = ("strftime", "now", "time", "uuid1", "uuid4", "gmtime", "localtime", "today")


def _makes_fresh_dir(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> str:
    """How a function that creates a directory (or joins its path) and returns it names a new one per
    call: "time" (a time reading or a uuid in it), "counter" (the next number after the runs already there:
    `run_id = max(run_id, int(prefix) + 1)` over a glob of the results directory), or ''."""
    names = set()
    returns = False
    joined = False  # a path returned joined with `/`: Path(EXP_DIR) / "fairseq" / f"local_{stamp}"
    bound: dict[str, str] = {}  # name -> the last name of the call it is bound to
    returned = ""
    for n in ast.walk(fn):
        if isinstance(n, ast.Call):
            f = n.func
            names.add(f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", ""))
        elif isinstance(n, ast.Return) and n.value is not None:
            returns = True
            joined = joined or _path_joined(n.value)
            returned = n.value.id if type(n.value) is ast.Name else "-"
        elif type(n) is ast.Assign and len(n.targets) == 1 and type(n.targets[0]) is ast.Name:
            v = n.value
            f = v.func if type(v) is ast.Call else None
            bound[n.targets[0].id] = f.attr if type(f) is ast.Attribute else getattr(f, "id", "")
    if not returns:
        return ""
    if names & set(_TIME_CALLS) and (names & {"makedirs", "mkdir"} or "join" in names or joined):
        # make_logdir(): os.path.join('runs', current_time + '_' + hostname): a new directory's path
        # per call, made by whoever writes there first
        return "time"
    if (
        names & {"makedirs", "mkdir"}
        and names & {"glob", "listdir", "scandir", "iterdir"}
        and names & {"max", "len"}
    ):
        return "counter"
    if bound.get(returned) and (names & {"makedirs", "mkdir"} or re.search(r"dir|path|folder", returned)):
        # prepare_exp_dir(): exp_dir = get_exp_dir(); exp_dir.mkdir(); return exp_dir: whatever the
        # function it calls makes (resolved across the project's modules)
        return "via:" + bound[returned]
    return ""


# What a run's own work is called inside a block: a loop, or a call that trains, fits or runs
_RUN_CALL = re.compile(r"(?i)(^|_)(train|fit|learn|main|run|cli_main|launch)($|_)")


def _spans_run(body: list) -> bool:
    """A block that runs the training (a loop, or a call such as train(), cli_main(), trainer.fit()), or
    a context manager's `yield` (the caller's block, whatever it holds), not a single model.summary()."""
    for n in (x for stmt in body for x in ast.walk(stmt)):
        if type(n) in (ast.For, ast.While, ast.Yield, ast.AsyncFor):
            return True
        if type(n) is ast.Call:
            f = n.func
            name = f.attr if type(f) is ast.Attribute else getattr(f, "id", "")
            if _RUN_CALL.search(name):
                return True
    return False


def _path_joined(value: ast.expr) -> bool:
    """``Path(root) / "fairseq" / name``: a path joined with `/` from a string or a Path (a number
    divided, as an elapsed time in minutes, is no path)."""
    divided = False
    while type(value) is ast.BinOp and type(value.op) is ast.Div:
        right = value.right
        if type(right) is ast.JoinedStr or (type(right) is ast.Constant and isinstance(right.value, str)):
            return True
        value, divided = value.left, True
    return divided and type(value) is ast.Call and getattr(value.func, "id", "") == "Path"


# Attributes that hold data or progress, not parts of a model: a loop over them steps through a run
_STEPPED_ATTR = re.compile(
    r"(load|data|batch|sample|episode|step|epoch|iter|queue|stream|env|task|split|file)", re.I
)


def _over_own_parts(items: ast.expr) -> bool:
    """`self.layers`, `enumerate(self.l)`, `range(len(self.nets))`: the parts an object holds."""
    while type(items) is ast.Call and type(items.func) is ast.Name and items.args:
        if items.func.id == "range":
            # range(len(self.nets)): the parts' indices; range(self.rounds) counts rounds of the run
            last = items.args[-1]
            if not (type(last) is ast.Call and type(last.func) is ast.Name and last.func.id == "len"):
                return False
            items = last
            continue
        if items.func.id not in ("enumerate", "len", "list", "zip", "reversed"):
            return False
        items = items.args[0]
    return (
        type(items) is ast.Attribute
        and type(items.value) is ast.Name
        and items.value.id == "self"
        and not _STEPPED_ATTR.search(items.attr)
    )


_MEASURE_NAME = re.compile(
    r"(^|_)(acc|accuracy|correct|top_?[15]|prec(ision)?(@?\d+)?|recall|f1|err(or)?|score|psnr|bleu|auc)(_|$|\d)",
    re.I,
)


def _param_hole(path: str) -> re.Match | None:
    """The one placeholder of a path a function builds from a parameter: ``{fname}``, or
    ``{prefix}.csv`` (its callers' path with a suffix added), beside placeholders of expressions
    (``{checkpoint_dir}/model.b{str(self.batch_size)}``); None when two name a variable."""
    found = _PARAM_HOLE.findall(path)
    if len(found) == 1:
        return _PARAM_HOLE.search(path)
    # `{save_path}/qmcjax_ckpt_{t}.npz`, `{directory}/{name}.csv`: the one hole named as a path is the
    # directory the callers decide; the others vary within it
    pathy = [m for m in _PARAM_HOLE.finditer(path) if _PATH_PARAM.search(m.group(1))]
    return pathy[0] if len(pathy) == 1 and pathy[0].start() == 0 else None


# A configuration object by its name, and a file named as the run's configuration (config.yaml,
# hparams.json, args.txt, flags.json)
_CONFIG_OBJECT = re.compile(
    r"(\w+_)?(config|cfg|conf|hparams|hyperparams|params|args|opts|options|flags|settings)"
)
_CONFIG_FILE_NAME = re.compile(
    r"^(\w*[_-])?(config|cfg|conf|hparams|hyperparams|params|args|opts|options|flags|settings)"
    r"\.(ya?ml|json|toml|txt|cfg|ini|gin)$",
    re.I,
)
# The parsed options as an object: `args = Options().parse_args()`, then `args.save(path)`.
_PARSED = re.compile(r"(parse_args|parse_known_args|parse_args_into_dataclasses)\(\)$")
_SELF_FIELD = re.compile(r"\{self\.(\w+)\}")
# A parameter named as an on/off option (`def make_env(env_id, capture_video):`) is the run's switch
# handed down from its caller; other parameters (`if init:`) are the caller's choice of branch.
_OPTION_PARAM = re.compile(
    r"^(use|save|log|capture|enable|with|do|track|record|dump|plot|visuali[sz]e|render|wandb|tensorboard|tb)(_|$)",
    re.I,
)
# Methods by which a library's training object saves itself (fastai's Learner.save / export).
_LEARNER_WRITES = frozenset(m for api in LEARNER_APIS for m in (*api.save, *api.export))
# A project's own helper that saves or writes something (save_image_grid, write_samples, export_plot).
_ARTIFACT_CALL = re.compile(r"(save|write|export|dump)", re.I)
_POSITION_LIKE = re.compile(r"\w*(step|epoch|iter|iteration)", re.I)


def _unwrapped(it: ast.expr) -> ast.expr:
    while (
        isinstance(it, ast.Call)
        and isinstance(it.func, ast.Name)
        and it.func.id in ("sorted", "list", "enumerate")
        and it.args
    ):
        it = it.args[0]
    return it


def _keys_source(loop: ast.For | ast.AsyncFor) -> str:
    """`for i, k in enumerate(sorted(H)): log(key=k, value=H[k])`: a mapping walked by its keys, each
    value read by the loop's key; its name, or ""."""
    obj = _unwrapped(loop.iter)
    if not isinstance(obj, ast.Name):
        return ""
    keys = {n.id for n in ast.walk(loop.target) if isinstance(n, ast.Name)}
    for n in ast.walk(loop):
        if (
            isinstance(n, ast.Subscript)
            and isinstance(n.value, ast.Name)
            and n.value.id == obj.id
            and isinstance(n.slice, ast.Name)
            and n.slice.id in keys
        ):
            return obj.id
    return ""


# What holds a run's options, by the name a loop walks the items of
_OPTIONS_SOURCE = re.compile(
    r"^_*(args|arg|opts?|options|cfg|config|conf|flags|FLAGS|hparams|hps|params|attrs)$"
)


def _named_from_items(loop: ast.For | ast.AsyncFor) -> str | None:
    """The string a `for k, v in X.items():` loop extends with both the key and the value
    (`name += "/%s-%s" % (k, v)`): its name, else None."""
    t = loop.target
    if not (isinstance(t, ast.Tuple) and len(t.elts) == 2 and all(isinstance(e, ast.Name) for e in t.elts)):
        return None
    key, value = (e.id for e in t.elts)
    for n in ast.walk(loop):
        if type(n) is ast.AugAssign and type(n.op) is ast.Add and type(n.target) is ast.Name:
            read = {x.id for x in ast.walk(n.value) if type(x) is ast.Name}
            if key in read and value in read:
                return n.target.id
    return None


def _items_source(it: ast.expr) -> str:
    """What `for k, v in <it>` walks the options of: `vars(args).items()` -> "args",
    `sorted(cfg.items())` -> "cfg", `config.get_keys().items()` -> "config"; "" for other loops."""
    it = _unwrapped(it)
    if not (
        isinstance(it, ast.Call)
        and isinstance(it.func, ast.Attribute)
        and it.func.attr in ("items", "keys")
        and not it.args
    ):
        return ""
    obj = it.func.value
    if isinstance(obj, ast.Call) and isinstance(obj.func, ast.Name) and obj.func.id == "vars" and obj.args:
        obj = obj.args[0]
    elif isinstance(obj, ast.Attribute) and obj.attr == "__dict__":
        obj = obj.value
    elif (
        isinstance(obj, ast.Call)
        and isinstance(obj.func, ast.Attribute)
        and obj.func.attr in ("get_keys", "to_dict", "as_dict", "_asdict", "flag_values_dict")
    ):
        obj = obj.func.value
    return _w._short(obj) if isinstance(obj, (ast.Name, ast.Attribute)) else ""


def _read_from(value: ast.expr) -> str:
    """The name a value is read out of: `ckpt["epoch"] + 1` -> "ckpt", `meta["checkpoints"][-1]` ->
    "meta", a bare name -> itself; "" for anything else (a literal, a call, arithmetic on literals)."""
    if isinstance(value, ast.Name):
        return value.id
    for n in ast.walk(value):
        if isinstance(n, ast.Subscript):
            root = n.value
            while isinstance(root, (ast.Subscript, ast.Attribute)):
                root = root.value
            return root.id if isinstance(root, ast.Name) else ""
    return ""


_PATH_CALLS = frozenset({*_w.JOIN_CALLS, "abspath", "expanduser", "format"})


# a logger object by its name (logger, self.log): its dump() of anything but a path prints or records a line
_LOGGER_NAME = re.compile(r"(^|[._])(logger|log|logging)$", re.I)


def _message(value: ast.expr) -> bool:
    """Text built to be read, not a path: words with spaces ('Welcome to the chat'), a rule ('=' * 80), or
    such words formatted ('dialogue %d | rank %.3f' % (...), f"epoch {i} loss {loss}")."""
    if isinstance(value, ast.BinOp) and isinstance(value.op, (ast.Mod, ast.Mult)):
        value = value.left if isinstance(value.left, (ast.Constant, ast.JoinedStr)) else value.right
        if isinstance(value, ast.Constant) and isinstance(value.value, str) and not _PATHLIKE(value):
            return True
    if isinstance(value, ast.JoinedStr):
        text = _literal_text(value)
        if not text.strip():
            return False  # f"{dump_path}": a path held whole in a variable
    elif isinstance(value, ast.Constant) and isinstance(value.value, str):
        text = value.value
    else:
        return False
    # (spaces in a path are rare; a file suffix at the end still names a file: f"{run} best.pt")
    return not text.strip() or (
        re.search(r"\s", text.strip()) is not None and not re.search(r"\.[A-Za-z]\w{0,4}$", text)
    )


def _literal_text(value: ast.JoinedStr) -> str:
    """The literal parts of an f-string, joined: `f"runs/{name}.pt"` -> `runs/.pt`."""
    return "".join(v.value for v in value.values if isinstance(v, ast.Constant) and isinstance(v.value, str))


def _PATHLIKE(value: ast.expr) -> bool:
    """An expression that builds a path: a string with a separator or suffix, an f-string, a join."""
    if isinstance(value, ast.Constant):
        return isinstance(value.value, str) and ("/" in value.value or "." in value.value[-8:])
    if isinstance(value, ast.JoinedStr):
        # f"runs/{name}" or f"{x}.pt" builds a path; f"epoch {i} loss {l}" is a message
        text = _literal_text(value)
        return "/" in text or "." in text[-8:]
    if isinstance(value, ast.BinOp) and isinstance(value.op, (ast.Add, ast.Div, ast.Mod)):
        return isinstance(
            value.left, (ast.Constant, ast.JoinedStr, ast.Name, ast.Call, ast.Attribute, ast.BinOp)
        )
    if isinstance(value, ast.Call):
        f = value.func
        last = f.attr if isinstance(f, ast.Attribute) else (f.id if isinstance(f, ast.Name) else "")
        return last in _PATH_CALLS
    return False


# A path starting from a directory parameter or field ({log_dir}/model/best, {self.save_dir}/final)
_RUN_DIR_HEAD = re.compile(
    r"\{(?:self\.|(?:args|opts?|config|cfg|conf|hparams|flags)\.)?\w*(?:dir|path|folder|root)\}/", re.I
)
# Modules a library renamed, read under their current name (scikit-learn < 0.18's train_test_split,
# GridSearchCV and learning_curve moved to model_selection)
_RENAMED_MODULES = {
    "sklearn.cross_validation": "sklearn.model_selection",
    "sklearn.grid_search": "sklearn.model_selection",
    "sklearn.learning_curve": "sklearn.model_selection",
    # Python 2's C pickler, the same dump and load as pickle's
    "cPickle": "pickle",
}


def _negated_options(test: ast.expr) -> tuple:
    """The names a test requires false (`not args.overwrite_output_dir`, `not getattr(args,
    "overwrite_output_dir", False)`): options that skip its body."""
    out = []
    for n in ast.walk(test):
        if type(n) is not ast.UnaryOp or type(n.op) is not ast.Not:
            continue
        if type(n.operand) in (ast.Name, ast.Attribute):
            out.append(_w._short(n.operand, 60).rsplit(".", 1)[-1])
        elif (
            type(n.operand) is ast.Call
            and type(n.operand.func) is ast.Name
            and n.operand.func.id == "getattr"
            and len(n.operand.args) >= 2
            and type(n.operand.args[1]) is ast.Constant
            and isinstance(n.operand.args[1].value, str)
        ):
            out.append(n.operand.args[1].value)
    return tuple(out)


# Calls that hand their first argument to a shell: its text is a command, kept as a template.
_COMMAND_RUNNERS = frozenset(
    {
        "os.system",
        "os.popen",
        "subprocess.run",
        "subprocess.call",
        "subprocess.check_call",
        "subprocess.check_output",
        "subprocess.Popen",
        "subprocess.getoutput",
        "subprocess.getstatusoutput",
    }
)


_CODE_SOURCE = re.compile(r"(\.py|\.sh|\*)$")


def _shell_copy(node: ast.expr) -> tuple[str, ast.expr] | None:
    """``cp [-r] SOURCES DEST`` run from Python, with code among the sources (``./*.py``, ``train.sh``)
    and the destination computed (``f"cp ./*.py {output_path}"``, ``["cp", "-r", "src", log_dir]``):
    (the command as written, the destination expression)."""
    if isinstance(node, (ast.List, ast.Tuple)):
        words = [
            e.value if isinstance(e, ast.Constant) and isinstance(e.value, str) else None for e in node.elts
        ]
        dest = node.elts[-1] if node.elts else None
    elif isinstance(node, ast.JoinedStr):
        text = _string_template(node) or ""
        words = text.split()
        holes = [v.value for v in node.values if isinstance(v, ast.FormattedValue)]
        dest = holes[-1] if holes and words and words[-1].endswith("{}") else None
        if dest is None and words and "{}" in words[-1]:
            dest = _last_word(list(node.values), lambda parts: ast.JoinedStr(values=parts))
    elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        text = _string_template(node) or ""
        words = text.split()
        dest = node.right if words and words[-1].endswith("{}") else None
        if dest is None and words and "{}" in words[-1]:
            # 'cp main.py outputs' + '/' + args.exp_name + '/' + 'main.py.backup': the destination is
            # the last word, a path with the run's name inside it
            dest = _last_word(_added_parts(node), _add_all)
    elif (
        isinstance(node, ast.BinOp)
        and isinstance(node.op, ast.Mod)
        and isinstance(node.left, ast.Constant)
        and isinstance(node.left.value, str)
    ):
        # 'cp train.py %s' % (LOG_DIR): the last value fills the destination
        words = node.left.value.split()
        values = node.right.elts if isinstance(node.right, ast.Tuple) else [node.right]
        dest = values[-1] if values and words and words[-1] == "%s" else None
    else:
        return None
    if dest is None or len(words) < 3 or words[0] not in ("cp", "rsync"):
        return None
    sources = [w for w in words[1:-1] if w and not w.startswith("-")]
    if not any(_CODE_SOURCE.search(w) for w in sources):
        return None
    return " ".join(w for w in words[:-1] if w)[:120], dest


# Calls a logged or printed line goes through.
_VERSION_SINKS = frozenset({"info", "warning", "debug", "log", "print", "write", "cprint"})


def _added_parts(node: ast.expr) -> list:
    """The operands of a chain of + (a + b + c), in order."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _added_parts(node.left) + _added_parts(node.right)
    return [node]


def _add_all(parts: list) -> ast.expr:
    out = parts[0]
    for p in parts[1:]:
        out = ast.BinOp(left=out, op=ast.Add(), right=p)
    return out


def _last_word(parts: list, build) -> ast.expr | None:
    """The expression of a command's last word (after the last space of its literal pieces), rebuilt
    from the pieces that make it."""
    for i in range(len(parts) - 1, -1, -1):
        p = parts[i]
        if isinstance(p, ast.Constant) and isinstance(p.value, str) and " " in p.value:
            tail = p.value.rsplit(" ", 1)[1]
            rest = ([ast.copy_location(ast.Constant(value=tail), p)] if tail else []) + parts[i + 1 :]
            return ast.fix_missing_locations(ast.copy_location(build(rest), p)) if rest else None
    return None


_GIT_COMMAND = re.compile(r"\bgit\s+\w")


def _format_receiver(node: ast.expr) -> str | None:
    """The template of ``"cd {}; git log".format(root)``, or None for any other expression."""
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "format"
        and isinstance(node.func.value, ast.Constant)
        and isinstance(node.func.value.value, str)
    ):
        return node.func.value.value[:300]
    return None


def _day_format(called: str, value: ast.expr) -> bool:
    """``strftime("%Y%m%d")`` (a constant format with no field finer than the day)."""
    if not called.endswith("strftime") or not isinstance(value, ast.Call):
        return False
    fmt = next(
        (a.value for a in value.args if isinstance(a, ast.Constant) and isinstance(a.value, str)), None
    )
    return fmt is not None and "%" in fmt and not _w.CLOCK_FIELD.search(fmt)


_TORCH_MODULE_BASES = frozenset({"torch.nn.Module", "torch.nn.modules.module.Module"})
# What torch (or code handed the module) calls on a Module by name
_TORCH_MODULE_API = frozenset(
    {
        "forward", "extra_repr", "reset_parameters", "train", "eval", "state_dict", "load_state_dict",
        "parameters", "named_parameters", "buffers", "children", "modules", "to", "cuda", "cpu", "apply",
        "zero_grad", "requires_grad_", "half", "float", "double", "type", "share_memory",
    }
)  # fmt: skip


def _string_template(node: ast.expr) -> str | None:
    """A string built from constants and unknowns, with ``{}`` for each unknown part."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value[:300]
    template = _format_receiver(node)
    if template is not None:
        return template
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)[:300]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _string_template(node.left), _string_template(node.right)
        if left is not None or right is not None:
            return ((left if left is not None else "{}") + (right if right is not None else "{}"))[:300]
    return None


def module_package(path: str) -> str:
    """Dotted package for a repo-relative path, used to resolve relative imports."""
    parts = path.split("/")[:-1]
    if parts and parts[0] == "src":
        parts = parts[1:]
    return ".".join(p for p in parts if p.isidentifier())


_param_defaults = _w.param_defaults


def _true_defaults(a: ast.arguments) -> frozenset:
    """Parameters whose default is the literal True."""
    return frozenset(x.arg for x, d in _param_defaults(a) if isinstance(d, ast.Constant) and d.value is True)


def _payload_writers(cls: ast.ClassDef) -> dict[str, str]:
    """Methods that write what they are handed into a file the instance holds open, by method name, with
    the attribute holding the file: `def log(self, *args): print(*args, file=self.log_ptr)`,
    `def write(self, msg): self.fh.write(msg)`."""
    out = {}
    for item in cls.body:
        if not isinstance(item, ast.FunctionDef):
            continue
        a = item.args
        params = [x.arg for x in (*a.posonlyargs, *a.args)][1:]
        given = (
            a.vararg.arg if a.vararg is not None and not params else (params[0] if len(params) == 1 else "")
        )
        if not given:
            continue
        for n in ast.walk(item):
            if not (isinstance(n, ast.Call) and n.args):
                continue
            first = n.args[0]
            first = first.value if isinstance(first, ast.Starred) else first
            if not (isinstance(first, ast.Name) and first.id == given):
                continue
            into = None
            if isinstance(n.func, ast.Name) and n.func.id == "print":
                into = next((k.value for k in n.keywords if k.arg == "file"), None)
            elif isinstance(n.func, ast.Attribute) and n.func.attr == "write":
                into = n.func.value
            if (
                isinstance(into, ast.Attribute)
                and isinstance(into.value, ast.Name)
                and into.value.id == "self"
            ):
                out[item.name] = f"self.{into.attr}"
                break
    return out


def _attributes_on(cls: ast.ClassDef) -> frozenset:
    """Attributes the constructor sets that a later test in a method does not switch on or off:
    one set from a parameter that defaults to True (`use_tensorboardX=True` then `self.use_tensorboardX =
    use_tensorboardX`), on unless a caller turns it off like the parameter itself; and a file handle
    (`self.log_ptr = open(log_path, "a+")`), whose test asks whether the file was opened, which its own
    guard decides, not the user."""
    init = next((i for i in cls.body if isinstance(i, ast.FunctionDef) and i.name == "__init__"), None)
    if init is None:
        return frozenset()
    on = _true_defaults(init.args)
    out = set()
    for st in ast.walk(init):
        if not isinstance(st, ast.Assign):
            continue
        value = st.value
        handle = isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id == "open"
        if handle or (isinstance(value, ast.Name) and value.id in on):
            out.update(
                t.attr
                for t in st.targets
                if isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name) and t.value.id == "self"
            )
    return frozenset(out)


def _chain_root(node: ast.expr) -> str:
    """The variable an attribute chain starts from: `time_step` in `time_step.last().x`."""
    while isinstance(node, (ast.Attribute, ast.Call, ast.Subscript)):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else ""


def _varying_args(tree: ast.AST, funcs: set, loop_stores) -> set:
    """(function, argument index or keyword) for each call of one of ``funcs`` in ``tree`` that passes a
    value its enclosing loops change: a name or attribute assigned inside the loop (``loop_stores``,
    the collector's cached names a loop assigns)."""
    out: set = set()
    stack: list = [(tree, frozenset())]
    while stack:
        node, stored = stack.pop()
        if isinstance(node, (ast.For, ast.AsyncFor, ast.While)):
            stored = stored | loop_stores(node)
        elif isinstance(node, ast.Call) and stored:
            fn = node.func
            last = fn.attr if isinstance(fn, ast.Attribute) else fn.id if isinstance(fn, ast.Name) else ""
            if last in funcs:
                for key, value in [
                    *enumerate(node.args),
                    *((k.arg, k.value) for k in node.keywords if k.arg),
                ]:
                    if any(
                        (isinstance(n, ast.Name) and n.id in stored)
                        or (isinstance(n, ast.Attribute) and _w._short(n) in stored)
                        for n in ast.walk(value)
                    ):
                        out.add((last, str(key)))
        stack.extend((c, stored) for c in ast.iter_child_nodes(node))
    return out


class _LazyConsts:
    """``_bool_constants`` of a tree, computed on the first lookup: only an `if name:` test asks,
    and the walk over the whole tree was ~40 % of parsing a module that has none."""

    def __init__(self, tree: ast.AST) -> None:
        self.tree = tree
        self.found: dict[str, bool] | None = None

    def get(self, name: str, default=None):
        if self.found is None:
            if self.tree is None:
                return default  # asked after the walk (nothing does): no tree to read
            self.found = _bool_constants(self.tree)
            self.tree = None
        return self.found.get(name, default)


def _bool_constants(tree: ast.AST) -> dict[str, bool]:
    """Names bound exactly once in the module (or cell), to True or False: `deterministic = True`.
    Any other binding (a parameter, a loop target, `global`, a second assignment) makes the name
    a variable, whose value static analysis cannot know."""
    bound: dict[str, int] = {}
    value: dict[str, bool] = {}
    rebound: dict[str, int] = {}  # a dict's own rebindings and whole updates (its entries' constancy)
    for n in ast.walk(tree):
        names: list[str] = []
        if isinstance(n, ast.Assign):
            for t in n.targets:
                names += [x.id for x in ast.walk(t) if isinstance(x, ast.Name)]
                # p['check_point'] = False: an entry of a settings dict, counted by its key
                entry = _const_entry(t)
                if entry:
                    names.append(entry)
            if (
                len(n.targets) == 1
                and isinstance(n.targets[0], ast.Name)
                and isinstance(n.value, ast.Constant)
                and isinstance(n.value.value, bool)
            ):
                value[n.targets[0].id] = n.value.value
            entry = _const_entry(n.targets[0]) if len(n.targets) == 1 else ""
            if entry and isinstance(n.value, ast.Constant) and isinstance(n.value.value, bool):
                value[entry] = n.value.value
        elif (
            isinstance(n, ast.Call)
            and isinstance(n.func, ast.Attribute)
            and isinstance(n.func.value, ast.Name)
            and n.func.attr in ("update", "setdefault", "__setitem__", "pop")
        ):
            # p.update(vars(args)): any entry of the dict may change
            rebound[n.func.value.id] = rebound.get(n.func.value.id, 0) + 2
        if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store):
            rebound[n.id] = rebound.get(n.id, 0) + 1
        elif isinstance(
            n, (ast.AnnAssign, ast.AugAssign, ast.NamedExpr, ast.For, ast.AsyncFor, ast.comprehension)
        ):
            names += [x.id for x in ast.walk(n.target) if isinstance(x, ast.Name)]
        elif isinstance(n, ast.withitem) and n.optional_vars is not None:
            names += [x.id for x in ast.walk(n.optional_vars) if isinstance(x, ast.Name)]
        elif isinstance(n, ast.arg):
            names.append(n.arg)
        elif isinstance(n, (ast.Global, ast.Nonlocal)):
            names += list(n.names) * 2
        elif isinstance(n, (ast.Import, ast.ImportFrom)):
            names += [(a.asname or a.name).split(".")[0] for a in n.names]
        elif isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.append(n.name)
        for x in names:
            bound[x] = bound.get(x, 0) + 1
    # an entry stays constant only while its dict is bound once and never updated whole
    return {
        k: v
        for k, v in value.items()
        if bound.get(k) == 1 and ("[" not in k or rebound.get(k.split("[", 1)[0], 0) <= 1)
    }


def _const_entry(target: ast.expr) -> str:
    """`p['check_point']` for a subscript of a name by a constant string key, else ''."""
    if (
        isinstance(target, ast.Subscript)
        and isinstance(target.value, ast.Name)
        and isinstance(target.slice, ast.Constant)
        and isinstance(target.slice.value, str)
    ):
        return f"{target.value.id}[{target.slice.value!r}]"
    return ""


def extends(m, base: str) -> bool:
    """Some class of the module subclasses a class named ``base`` (LightningModule, Trainable), however
    imported."""
    return any(b.endswith(base) for _, b, *_ in m.bases)


def in_spans(spans, line: int, cell: int) -> bool:
    """The line lies in one of the (first line, last line, cell) spans: dead functions, dead branches."""
    return any(a <= line <= b and c == cell for a, b, c in spans)


def _static_truth(test: ast.expr, consts) -> bool | None:
    """The value of an `if` test when the code alone decides it, else None."""
    if isinstance(test, ast.Constant) and isinstance(test.value, (bool, int)):
        return bool(test.value)
    if isinstance(test, ast.Name):
        return consts.get(test.id)
    if isinstance(test, ast.Subscript) and _const_entry(test):
        return consts.get(_const_entry(test))
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        inner = _static_truth(test.operand, consts)
        return None if inner is None else not inner
    return None


_BEST_NAME = re.compile(r"(^|_|\.)(best|saved|min|max|lowest|highest|top)(_|$)|^(best|min|max)[A-Z]", re.I)


# Trackers whose run or writer a stand-in may replace on the other branch of a test.
_TRACKER_CALLS = (
    "wandb.", "mlflow.", "comet_ml.", "neptune.", "clearml.", "aim.", "tensorboardX.", "swanlab.", "trackio.", "dvclive.",
    "polyaxon.",
    "torch.utils.tensorboard.", "tensorflow.summary.", "tensorflow.compat.v1.summary.",
)  # fmt: skip


# Frameworks whose objects (samplers, models, devices) a branch builds without switching any record.
_FRAMEWORK_OBJECTS = ("torch.", "tensorflow.", "jax.", "numpy.", "sklearn.", "pandas.", "transformers.")


# A flag named for a new best (`if self.best_changed:`, `if is_best:`), set where the metric improved,
# maybe in another method (Demucs's solver sets it in train() and saves best.th in _serialize())
_BEST_FLAG_NAME = re.compile(r"(is|new|save)_best\w*|best_(changed|updated|improved|flag)|improved", re.I)


def _tests_best_flag(test: ast.expr, flags) -> bool:
    """`if should_save_model:` or `if save and is_best:`, the flag set from a comparison with the best."""
    names = test.values if type(test) is ast.BoolOp and type(test.op) is ast.And else [test]
    if any(type(n) is ast.Attribute and _BEST_FLAG_NAME.fullmatch(n.attr) for n in names):
        return True
    if not flags:
        return False
    return any(type(n) is ast.Name and n.id in flags for n in names)


def _uses(body: list, name: str) -> bool:
    """The statements read ``name`` (as a bare name, an attribute or a string key)."""
    for stmt in body:
        for n in ast.walk(stmt):
            if (type(n) is ast.Name and n.id == name) or (type(n) is ast.Attribute and n.attr == name):
                return True
            if type(n) is ast.Constant and n.value == name:
                return True
    return False


def _mode_first(call: ast.Call) -> bool:
    """The call's first argument is a file mode ('w', 'ab', 'r+'): `path.open('w')` on a Path."""
    return (
        bool(call.args)
        and isinstance(call.args[0], ast.Constant)
        and isinstance(call.args[0].value, str)
        and re.fullmatch(r"[rwax][bt]?\+?[bt]?", call.args[0].value) is not None
    )


def _refuses_unknown_key(node: ast.If) -> bool:
    """`if k not in b: raise KeyError(...)` (or `if not k in b:`, `if not hasattr(b, k):`)."""
    t = node.test
    unknown = (type(t) is ast.Compare and len(t.ops) == 1 and type(t.ops[0]) is ast.NotIn) or (
        type(t) is ast.UnaryOp
        and type(t.op) is ast.Not
        and (
            (type(t.operand) is ast.Compare and type(t.operand.ops[0]) is ast.In)
            or (type(t.operand) is ast.Call and getattr(t.operand.func, "id", "") == "hasattr")
        )
    )
    if not unknown:
        return False
    # `if solver_type not in ['dpmsolver', 'taylor']: raise`: a value checked against its choices, not a
    # key against the defaults it would be merged onto
    compare = t if type(t) is ast.Compare else t.operand if type(t.operand) is ast.Compare else None
    if compare is not None and type(compare.comparators[0]) in (ast.List, ast.Tuple, ast.Set, ast.Constant):
        return False
    for st in node.body:
        if type(st) is ast.Raise and st.exc is not None:
            exc = st.exc.func if type(st.exc) is ast.Call else st.exc
            if getattr(exc, "id", getattr(exc, "attr", "")) in ("KeyError", "AttributeError", "ValueError"):
                return True
    return False


def _log_forwarder(node, resolve) -> str:
    """The logging call (`logger.info`) a one-parameter helper hands its parameter to, unchanged
    (`def log_string(str): logger.info(str); print(str)`), or ''."""
    a = node.args
    params = [x.arg for x in (*a.posonlyargs, *a.args) if x.arg not in ("self", "cls")]
    if len(params) != 1 or len(node.body) > 4:
        return ""
    for st in node.body:
        call = st.value if type(st) is ast.Expr else None
        if (
            type(call) is ast.Call
            and len(call.args) == 1
            and type(call.args[0]) is ast.Name
            and call.args[0].id == params[0]
        ):
            name = resolve(call.func) or ""
            if name.rsplit(".", 1)[-1] in _LOG_LEVELS and _LOGGER_CALL.search(name):
                return name
    return ""


def _best_named(x: ast.expr) -> bool:
    """`best_loss`, `self.best_acc`: a name saying it holds the best so far (not max_iters, top_k)."""
    name = x.id if type(x) is ast.Name else x.attr if type(x) is ast.Attribute else ""
    return re.search(r"(^|_)best", name, re.I) is not None


def _best_side(side: ast.expr) -> bool:
    """One side of a comparison holds the best score kept so far."""
    # `max_avg_reward * 0.9 <= avg_reward`: the best so far, scaled by a tolerance
    while type(side) is ast.BinOp and (type(side.left) is ast.Constant or type(side.right) is ast.Constant):
        side = side.left if type(side.right) is ast.Constant else side.right
    if type(side) is ast.BoolOp:
        # `loss < (self.best_result or loss + 1)`: the best kept, or a stand-in before the first one
        return any(_best_side(v) for v in side.values)
    if isinstance(side, (ast.Name, ast.Attribute)):
        return bool(_BEST_NAME.search(side.id if isinstance(side, ast.Name) else side.attr))
    if type(side) is ast.Subscript and type(side.slice) is ast.Constant:
        key = side.slice.value
        # stats['best_valid']: the best score kept under a key of a stats dict
        if isinstance(key, str):
            return bool(_BEST_NAME.search(key))
        # cost_best[0]: the best kept in a one-element list a nested function can rebind
        return (
            isinstance(key, int)
            and isinstance(side.value, (ast.Name, ast.Attribute))
            and _best_side(side.value)
        )
    return False


def _compares_with_alias(test: ast.expr, aliases: set) -> bool:
    """`metric > _metric` where `_metric` holds the best score so far: an ordering against it, no constant."""
    return bool(aliases) and any(
        type(n) is ast.Compare
        and any(type(op) in (ast.Gt, ast.Lt, ast.GtE, ast.LtE) for op in n.ops)
        and not any(type(x) is ast.Constant for x in (n.left, *n.comparators))
        and any(type(x) is ast.Name and x.id in aliases for x in (n.left, *n.comparators))
        for n in ast.walk(test)
    )


def _compares_with_best(test: ast.expr) -> bool:
    """`acc > best_acc`, `val_loss < self.best_loss`, `saved_mean_reward is None or mean > saved_mean_reward`."""
    for n in ast.walk(test):
        # ... or `valid_loss == best_loss` after best_loss = min(history + [valid_loss]): equal to the best
        # kept, the score just improved it (not `best is None`, nor a test against a constant)
        if type(n) is ast.Compare and any(
            type(op) in (ast.Gt, ast.Lt, ast.GtE, ast.LtE)
            or (type(op) is ast.Eq and any(_best_named(x) for x in (n.left, *n.comparators)))
            for op in n.ops
        ):
            sides = (n.left, *n.comparators)
            # `max_jitter > 0`, `best_acc > 0.9`: a test against a constant selects nothing
            if not any(type(x) is ast.Constant for x in sides) and any(_best_side(x) for x in sides):
                return True
        # a comparison called as a function: getattr(metric, cmp)(prev_best) with cmp "__lt__",
        # self.monitor_op(current, self.best), np.less(loss, best_loss), operator.gt(acc, best)
        if type(n) is ast.Call and any(
            isinstance(a, (ast.Name, ast.Attribute))
            and _BEST_NAME.search(a.id if type(a) is ast.Name else a.attr)
            for a in n.args
        ):
            f = n.func
            if type(f) is ast.Call and isinstance(f.func, ast.Name) and f.func.id == "getattr":
                return True
            fname = f.id if type(f) is ast.Name else f.attr if type(f) is ast.Attribute else ""
            if _COMPARE_FUNC.search(fname):
                return True
    return False


_COMPARE_FUNC = re.compile(
    r"(^|_)(op|cmp|compare|better|is_better|less|greater|lt|gt|le|ge|improved?)$", re.I
)


# The save of a checkpoint manager object (its class name ends the receiver: `...CheckpointManager().save`).
_CKPT_MANAGER = re.compile(
    r"\.(\w*Checkpoint|CheckpointManager|\w*Checkpointer|AsyncCheckpointer)\(\)\.save$"
)


_HEADER_COPYRIGHT = re.compile(
    r"^#\s*Copyright\s+(?:\(c\)\s*)?(?:[\d\-, ]+(?:present)?\s*)?(.+)$", re.I | re.M
)


def header_holder(source: str) -> str:
    """The copyright holder a module's opening comment names, normalised ('' when none)."""
    m = _HEADER_COPYRIGHT.search(source[:1500])
    if not m:
        return ""
    who = re.sub(
        r"\b(19|20)\d{2}\b|all rights reserved|\(c\)|©|\bthe\b|\binc\b|\bteam\b|\bauthors?\b",
        " ",
        m.group(1).lower(),
    )
    return re.sub(r"[^a-z0-9]+", " ", who).strip()[:60]


_LAUNCHERS = ("mpirun", "mpiexec", "torchrun", "horovodrun", "srun ", "deepspeed ")
_GLOBAL_STMT = re.compile(r"^[ \t]+global[ \t]+([\w, \t]+)", re.M)


def parse_python(path: str, source: str) -> ModuleFacts:
    facts = ModuleFacts(path=path, lines=source.count("\n") + 1)
    facts.copyright_holder = header_holder(source)
    try:
        tree = ast.parse(source, filename=path)
    except SyntaxError as exc:
        tree, simplified = parse_with_fallback(source, exc)
        if tree is None:
            facts.error = _describe_error(exc)
            return facts
        facts.syntax_note = simplified
    except (ValueError, RecursionError, MemoryError) as exc:
        facts.error = _describe_error(exc)
        return facts
    collector = _Collector(facts, module_package(path))
    # only a module that makes directories or formats a time can hold a function making a run directory
    # (one walk less per function everywhere else)
    # (a paths helper returning `EXP_DIR / f"local_{int(time.time() * 1000)}"` makes no directory itself)
    collector.makes_dirs = any(w in source for w in ("mkdir", "makedirs", "strftime", "time()", "uuid"))
    # `gamename = 'invalid_gamename'` at the top, reassigned from argv under `global gamename` in main():
    # the module-level value is a placeholder, not the name the files get
    if "global " in source:
        collector.declared_global = {
            n.strip() for m in _GLOBAL_STMT.finditer(source) for n in m.group(1).split(",") if n.strip()
        }
    collector.logs_to_file = "basicConfig" in source or "FileHandler" in source or "logger.add(" in source
    try:
        collector.run(tree)
    except RecursionError:
        facts.error = "nesting too deep to analyse completely"
    # a quoted key: "target" / 'target' (the word alone is in most training loops)
    if 'target"' in source or "target'" in source or "_target_" in source or "class_path" in source:
        facts.calls.extend(_dict_instantiations(tree, collector.resolve))
    if '." +' in source or ".' +" in source or ".{" in source:
        facts.spliced_names = [
            (
                (m.group(1) or m.group(3)).rstrip("."),
                m.group(2) or m.group(4) or "",
                source.count("\n", 0, m.start()) + 1,
            )
            for m in SPLICED_NAME.finditer(source)
        ]
    if collector.logs_to_file and collector.log_files:
        path, origins = collector.log_files[0]
        facts.writes[:] = [
            w._replace(target=path, origins=origins) if w.what == "vars(self)" and not w.target else w
            for w in facts.writes
        ]
    return facts


# "models.trainer." + name (+ "_model"), f"models.{name}_model": a dotted package name and a value
SPLICED_NAME = re.compile(
    r"""["']((?:[A-Za-z_]\w*\.)+)["']\s*\+\s*[\w.\[\]()'"]+(?:\s*\+\s*["'](\w+)["'])?"""
    r"""|\bf["']((?:[A-Za-z_]\w*\.)+)\{[^{}"']+\}(\w*)["']"""
)
# A class named by its import path: pytorch_lightning.loggers.TestTubeLogger, main.ImageLogger.
CLASS_PATH = re.compile(r"(?:[A-Za-z_]\w*\.)+[A-Z]\w*")
# The key naming the class and the key holding its arguments: the CompVis convention
# (instantiate_from_config), Hydra, LightningCLI.
DICT_TARGET_KEYS = {"target": "params", "_target_": None, "class_path": "init_args"}


def _dict_instantiations(tree: ast.AST, resolve) -> list[Call]:
    """Classes a Python config dict names for a factory to build (``{"target": "pytorch_lightning.loggers.
    TestTubeLogger", "params": {...}}`` handed to ``instantiate_from_config``), as calls at that line,
    like the same dict in YAML. Alternatives kept in one dict of configs (``default_logger_cfgs =
    {"wandb": {...}, "testtube": {...}}``) count only when chosen: by a constant key somewhere in the
    module, or by any key when one is read at run time."""
    found: dict[int, Call] = {}
    for n in ast.walk(tree):
        if type(n) is not ast.Dict or len(n.keys) > 64:
            continue
        keys = [k.value if type(k) is ast.Constant else None for k in n.keys]
        for key, params in DICT_TARGET_KEYS.items():
            if key not in keys:
                continue
            v = n.values[keys.index(key)]
            if not (type(v) is ast.Constant and isinstance(v.value, str) and CLASS_PATH.fullmatch(v.value)):
                break
            if params is None:
                items = [(k, x) for k, x in zip(keys, n.values, strict=False) if k and k != key]
            else:
                sub = n.values[keys.index(params)] if params in keys else None
                items = (
                    [
                        (k.value, x)
                        for k, x in zip(sub.keys, sub.values, strict=False)
                        if type(k) is ast.Constant
                    ]
                    if type(sub) is ast.Dict
                    else []
                )
            kwargs = tuple((str(k), literal(x, resolve)) for k, x in items[:MAX_LITERAL_ITEMS])
            found[id(n)] = Call(v.value, v.lineno, 0, (), kwargs)
            break
    if not found:
        return []
    registry: dict[int, tuple[str, object]] = {}  # target dict -> (the dict of alternatives, its key)
    chosen: dict[str, set] = {}
    for n in ast.walk(tree):
        if type(n) is ast.Assign and type(n.value) is ast.Dict and len(n.targets) == 1:
            t = n.targets[0]
            if type(t) is ast.Name:
                for k, x in zip(n.value.keys, n.value.values, strict=False):
                    if id(x) in found and type(k) is ast.Constant:
                        registry[id(x)] = (t.id, k.value)
        elif type(n) is ast.Subscript and type(n.value) is ast.Name:
            k = n.slice
            chosen.setdefault(n.value.id, set()).add(k.value if type(k) is ast.Constant else _ANY_KEY)
    out = []
    for i, call in found.items():
        where = registry.get(i)
        if where is not None:
            picked = chosen.get(where[0], set())
            if picked and _ANY_KEY not in picked and where[1] not in picked:
                continue  # an alternative never chosen
        out.append(call)
    return out


_ANY_KEY = object()


def _describe_error(exc: BaseException) -> str:
    if isinstance(exc, SyntaxError):
        return f"syntax error at line {exc.lineno}: {exc.msg}"
    if isinstance(exc, RecursionError):
        return "nesting too deep to parse"
    return f"{type(exc).__name__}: {exc}"[:200]


def parse_cells(path: str, cells: list[tuple[int, str]]) -> ModuleFacts:
    """Code cells of a notebook, each parsed alone but sharing imports like a kernel does."""
    facts = ModuleFacts(path=path)
    collector = _Collector(facts, module_package(path))
    errors = []
    for number, source in cells:
        facts.lines += source.count("\n") + 1
        try:
            tree = ast.parse(source)
        except SyntaxError as exc:
            tree, simplified = parse_with_fallback(source, exc)
            if tree is None:
                errors.append(f"cell {number}: {_describe_error(exc)}")
                continue
            facts.syntax_note = facts.syntax_note or f"cell {number}: {simplified}"
        except (ValueError, RecursionError, MemoryError) as exc:
            errors.append(f"cell {number}: {_describe_error(exc)}")
            continue
        collector.cell = number
        collector.forget_nodes()
        try:
            collector.run(tree)
        except RecursionError:
            errors.append(f"cell {number}: nesting too deep to analyse completely")
    facts.error = "; ".join(errors[:5])
    return facts
