"""What a module writes to disk, traced from the AST: the raw material of run records.

A training script that is its own tracker writes the options it ran with, a metrics stream and
checkpoints into an output directory. To judge that record we need, for each write: what object
is serialised (``vars(args)``, a config, a model's state), to which path, built from what (a
timestamp, a counter, the run's arguments, a directory the user passes, or a fixed name), and in
which mode (``"a"`` appends a stream, ``"w"`` overwrites). This module turns expressions into
those facts; ``python_facts`` calls it while it walks the module, so nothing is parsed twice.
"""

from __future__ import annotations

import ast
import re
from typing import NamedTuple


class Write(NamedTuple):
    kind: str  # dump | stream | summary | checkpoint | copy | open | artifact | estimator
    what: str  # the serialised expression as written (short), "" when unknown
    roots: tuple  # resolved names the object is built from, e.g. ("argparse...parse_args()",)
    target: str  # path template: constants kept, unknowns as {expr}
    origins: tuple  # how the path varies: time | counter | named | user_dir | fixed | unknown
    mode: str  # "w", "a", "wb", ... ("" when not given)
    line: int
    cell: int
    call: str  # the resolved writing call, e.g. "json.dump"
    func: str = ""  # the function the write is in ("" at module level), to follow its call sites


# Serialisers: last name segment -> (object argument, path/handle argument); -1 = receiver.
SERIALISERS = {
    "dump": (0, 1),  # json/yaml/pickle/joblib/marshal
    "safe_dump": (0, 1),
    "save": (0, 1),  # torch.save, OmegaConf.save, np.save (reversed below)
    "savez": (1, 0),
    "savez_compressed": (1, 0),
    "savetxt": (1, 0),
    "to_csv": (-1, 0),
    "to_json": (-1, 0),
    "to_pickle": (-1, 0),
    "to_parquet": (-1, 0),
    "dump_json": (0, 1),
    # a helper library's writers named for what they do (batchgenerators' save_json(obj, path))
    "save_json": (0, 1),
    "write_json": (0, 1),
    "save_yaml": (0, 1),
    "write_yaml": (0, 1),
    "dump_yaml": (0, 1),
    "save_on_master": (0, 1),  # torch.save wrapped for distributed runs (DeiT/MAE/DINO style)
}
NUMPY_SAVE = ("numpy.save", "np.save")
# Helpers named for what they write, whose argument order varies by library (object or path first).
NAMED_WRITERS = frozenset({"save_json", "write_json", "save_yaml", "write_yaml", "dump_yaml", "dump_json"})
# TF1 sessions and hooks that keep checkpoints in a directory without being a summary writer:
# SingularMonitoredSession restores the latest checkpoint of its checkpoint_dir, CheckpointSaverHook saves there
TF_CHECKPOINT_DIRS = ("SingularMonitoredSession", "CheckpointSaverHook")
SUMMARY_WRITERS = (
    "Supervisor",  # TF1: tf.train.Supervisor(logdir=...) writes summaries and checkpoints
    "MonitoredTrainingSession",
    "create_default_writer",  # clu.metric_writers
    "FileWriter",
    "SummaryWriter",
    "create_file_writer",
    "create_summary_file_writer",
    "TensorBoardOutput",  # dowel (garage's logger): logger.add_output(dowel.TensorBoardOutput(log_dir))
    # TF's own event-file writer under FileWriter (pywrap_tensorflow.EventsWriter(prefix)): the tabular
    # loggers of OpenAI's older code write their TensorBoard events with it
    "EventsWriter",
)
# dowel's file outputs: logger.add_output(dowel.CsvOutput(path)) receives every tabular.record() row
DOWEL_FILE_OUTPUTS = frozenset({"CsvOutput", "TextOutput"})
# TensorFlow Estimators and the RunConfig handed to them: the estimator keeps its run in `model_dir`
# (checkpoints, TensorBoard event files) whenever it trains or evaluates.
ESTIMATOR_DIRS = frozenset(
    {
        "RunConfig",
        "Estimator",
        "TPUEstimator",
        "model_to_estimator",
        *(
            f"{kind}{task}"
            for kind in ("DNN", "Linear", "DNNLinearCombined", "BoostedTrees", "Baseline")
            for task in ("Classifier", "Regressor", "Estimator")
        ),
    }
)
# Copies and renames outside shutil: tf.io.gfile.copy/rename, TF1 tf.gfile.Copy/Rename, os.rename/replace.
FILE_MOVES = frozenset({"Copy", "copy", "Rename", "rename", "replace"})
# Calls that write an image, plot, audio or video; and the suffixes of such files (point clouds and meshes too:
# a 3D model's predicted boxes and votes dumped as .ply; not .obj, also a pickle's suffix).
MEDIA_SAVERS = frozenset(
    {
        "savefig",
        "save_image",
        "save_images",
        "imwrite",
        "imsave",
        "mimsave",
        "mimwrite",
        "write_video",
        "write_gif",
        "RecordVideo",  # gym's video recorder: the folder is its second argument
    }
)
MEDIA_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".pdf", ".wav", ".mp3", ".flac", ".mp4", ".avi", ".webm",
                  ".html", ".eps", ".tif", ".tiff", ".bmp", ".ply", ".off", ".pcd")  # fmt: skip
# Files a run record is made of: options, metrics streams, checkpoints.
RECORD_SUFFIXES = (".json", ".jsonl", ".yaml", ".yml", ".csv", ".tsv", ".txt", ".log", ".pkl", ".pickle", ".pt",
                   ".pth", ".ckpt", ".npz", ".npy", ".h5", ".toml", ".pth.tar",
                   ".stdout", ".stderr", ".out")  # fmt: skip
CHECKPOINT_CALLS = frozenset({"save_weights", "save_pretrained", "save_model", "save_checkpoint"})
# A number that grows with the runs already there: len(glob(f"{results}/*")), an experiment_index,
# get_latest_run_id() + 1.
_COUNTER = ("run_id", "runid", "run_idx", "exp_id", "version", "trial", "counter", "run_num", "next_run",
            "experiment_index", "exp_index", "run_index", "len(glob", "len(os.listdir", "len(listdir", "latest_run",
            "increment_path")  # fmt: skip
_NAMED = ("name", "exp", "tag", "desc", "seed", "env", "run", "prefix", "suffix", "model", "dataset", "task")
_USER_DIR = ("dir", "path", "out", "log", "save", "root", "folder", "ckpt", "checkpoint", "dest", "work")
# `--id` of the run itself (args.id, opt.id), not the id of a dataset or task a config holds (cfg.openml.id)
_RUN_ID_OPTION = re.compile(
    r"(^|[^\w.])(args|opts?|flags|hparams|params|cfg|config)\.id\W*$|parse_(known_)?args\(\)\.id\W*$"
)
_CLI_ROOTS = ("parse_args", "parse_known_args", "FLAGS", "flags.", "args", "opt", "cfg", "config", "hparams")


# Calls that join their arguments into one path. timm.utils.get_outdir(base, *parts) joins and creates
# the directory; timm's training script (and the many projects built on it) names each run's directory so.
JOIN_CALLS = ("join", "Path", "PurePath", "PosixPath", "joinpath", "get_outdir")

# An origin beside those of origin_of: the placeholder changes during one run (the step or epoch of a
# save), so the path names a new file each time; "param:<function>:<index>:<name>" while the callers of
# the enclosing function have not been read yet.
STEP = "step"


def is_pathy(node: ast.AST, paths: dict) -> bool:
    """A variable or attribute already bound to a path template."""
    key = path_key(node)
    return key is not None and key in paths


def path_key(node: ast.AST) -> str | None:
    """The name a path bound to this expression is kept under: a variable, an attribute, or an entry of
    a dict the module fills with paths (checkpoints[cur_iter]); None for anything else."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return _short(node)
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name):
        return entry_key(node)
    return None


def entry_key(node: ast.Subscript) -> str:
    """The key a dict entry's path is kept under: paths["config"] by its constant key, checkpoints[i]
    (any variable index) as one entry standing for all of them."""
    index = node.slice
    if isinstance(index, ast.Constant) and isinstance(index.value, (str, int)):
        return f"{node.value.id}[{index.value!r}]"
    return node.value.id + "[]"


_TIME_WORD = re.compile(
    r"time|date|now|today|utcnow|clock|getpid|uuid\d?|\w*stamp\w*|datetime\w*|\w+time|(time|date|now)_?str\w*|"
    r"isoformat|asctime|ctime|strftime"
)


_RANDOM_ID = re.compile(
    r"\brandom\.(choices?|randint|randrange|getrandbits)\(|\btoken_(hex|urlsafe)\(|shortuuid"
)

_STRFTIME_FORMAT = re.compile(r"strftime\(\s*(['\"])(.*?)\1")
# a field finer than the day: hour, minute, second, microsecond, epoch seconds, a full time or date-time
CLOCK_FIELD = re.compile(r"%[-_0^#]?[HIMSsfXTcRrp]")


def origin_of(text: str) -> str:
    """How one placeholder of a path varies between runs, judged from the names it is built from."""
    low = text.lower()
    # by whole words: `update_lr` holds "date" and `num_timesteps` "time", and neither is a clock
    if any(_TIME_WORD.fullmatch(w) for w in re.split(r"[^a-z0-9]+", low) if w):
        fmt = _STRFTIME_FORMAT.search(text)
        if fmt and not CLOCK_FIELD.search(fmt.group(2)):
            # time.strftime("%m-%d"): the day, which every run of that day shares
            return "unknown"
        return "time"
    if any(t in low for t in _COUNTER):
        # `--trial 1`, `--version v2`: an id the user types on the command line, not one the code counts up
        hits = [t for t in _COUNTER if t in low]
        if all(
            t.isidentifier() and re.search(rf"\b(?:args|opts?|flags|cfg|config|hparams)\.{t}\b", low)
            for t in hits
        ):
            return "named"
        return "counter"
    if _RANDOM_ID.search(low):
        # ''.join(random.choice(chars) for _ in range(10)), secrets.token_hex(4): a name drawn at random,
        # new for each run like a time stamp
        return "time"
    if "dora.get_xp()" in low:
        return "named"  # Dora's experiment folder, named by a signature of the run's configuration
    last = low.rsplit(".", 1)[-1].strip("()[]{}")
    from_cli = any(r.lower() in low for r in _CLI_ROOTS)
    if any(t in last for t in _USER_DIR):
        return "user_dir" if from_cli or last.endswith(("dir", "path", "root", "folder")) else "unknown"
    if (any(t in last for t in _NAMED) or (last == "id" and _RUN_ID_OPTION.search(low))) and from_cli:
        # a name taken from the run's own arguments or configuration (`--id`: "Experiment ID")
        return "named"
    return "unknown"


# tempfile's objects removed when closed or collected: nothing written into them outlives the run
AUTO_DELETED = re.compile(
    r"tempfile\.(TemporaryDirectory|NamedTemporaryFile|TemporaryFile|SpooledTemporaryFile)"
)


class PathBuilder:
    """Turns a path expression into a template, substituting variables bound to known paths."""

    def __init__(
        self,
        resolve,
        paths: dict[str, tuple[str, tuple]],
        varies=None,
        constants=None,
        is_clock=None,
        text_of=None,
        branch_of=None,
    ):
        self.resolve = resolve
        # `x if flag else y` -> the branch a parameter's default picks (`datestamp=False`: y), or None
        self.branch_of = branch_of
        # the module's literal constants by name, filled as the module is read (ENV_NAME = 'CartPole-v0')
        self.constants = constants if constants is not None else {}
        self.paths = paths  # variable -> (template, origins)
        # node -> "step" when the value changes during the run where the path is built (a loop variable,
        # a counter), a ``param:`` mark for a parameter its callers decide, or "" (see python_facts)
        self.varies = varies
        # function -> (its parameters, the path expression it returns, its parameters' defaults):
        # `self._prepare_file(name, "csv")`
        # is the path `def _prepare_file(self, prefix, suffix): return f"{prefix}.{suffix}"` builds
        self.returns: dict[str, tuple[list[str], ast.expr, dict]] = {}
        self._bound: list[dict[str, ast.expr]] = []  # a returned expression's parameters -> arguments
        # name -> bound to a clock reading where the path is built (`logdir = str(time.time())`), or None
        self.is_clock = is_clock
        # name -> the text expression it was built from by string operations alone, or None
        self.text_of = text_of

    def build(self, node: ast.AST | None, depth: int = 0) -> tuple[str, tuple]:
        if node is None:
            return "", ()
        parts: list[str] = []
        origins: list[str] = []
        self._walk(node, parts, origins, depth)
        text = "".join(parts)[:240]
        if not origins:
            origins = ["fixed"] if text else []
        return text, tuple(dict.fromkeys(origins))

    def _hole(self, node: ast.AST, parts: list, origins: list) -> None:
        value = self.constants.get(node.id) if isinstance(node, ast.Name) and node.id.isupper() else None
        if isinstance(value, (str, int)) and not isinstance(value, bool) and "{" not in str(value):
            # 'dqn_{}_weights.h5f'.format(ENV_NAME) with ENV_NAME = 'CartPole-v0': one name every run
            # of the script writes over, not a name taken from the run
            parts.append(str(value))
            return
        shown = _short(node)
        resolved = self.resolve(node) if not isinstance(node, ast.Constant) else ""
        parts.append("{" + shown + "}")
        origin = origin_of(f"{resolved} {shown}")
        if isinstance(node, ast.Name) and self.is_clock is not None and self.is_clock(node.id):
            origin = "time"  # a name bound to the clock's reading: a new value every run, whatever its name
        elif origin in ("time", "counter") and isinstance(node, ast.Name) and self.text_of is not None:
            # timeStamp = "-".join(task_names) + "_" + args.save_name: named as a time, built from the run's
            # names: what it is built from decides, not what it is called
            built = self.text_of(node.id)
            if built is not None:
                origin = origin_of(built)
        during = self.varies(node) if self.varies is not None else ""
        if during == STEP and origin == "unknown":
            # checkpoint/{str(i).zfill(6)}.pt with i the training loop's counter: every run counts the
            # same steps, so the next run writes the same names over this one's
            origin = "fixed"
        origins.append(origin)
        if during:
            origins.append(during)

    def _walk(self, node: ast.AST, parts: list, origins: list, depth: int) -> None:
        if depth > 8:
            self._hole(node, parts, origins)
            return
        if isinstance(node, ast.IfExp) and self.branch_of is not None:
            picked = self.branch_of(node)
            if picked is not None:
                self._walk(picked, parts, origins, depth + 1)
                return
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            parts.append(node.value)
            return
        if isinstance(node, ast.JoinedStr):
            for v in node.values:
                if isinstance(v, ast.Constant):
                    parts.append(str(v.value))
                elif isinstance(v, ast.FormattedValue):
                    self._walk(v.value, parts, origins, depth + 1)
            return
        if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Div)):
            self._walk(node.left, parts, origins, depth + 1)
            if isinstance(node.op, ast.Div):
                parts.append("/")
            self._walk(node.right, parts, origins, depth + 1)
            return
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):  # "%s/x" % name
            left = node.left
            values = node.right.elts if isinstance(node.right, ast.Tuple) else [node.right]
            pieces = (
                re.split(r"%[-#0 +]*\d*(?:\.\d+)?[sdifr]", left.value)
                if isinstance(left, ast.Constant) and isinstance(left.value, str)
                else []
            )
            if len(pieces) == len(values) + 1:
                # "%s/%s.txt" % (log_dir, args.model): each value where its placeholder stands
                for piece, value in zip(pieces, [*values, None], strict=True):
                    parts.append(piece)
                    if value is not None:
                        self._walk(value, parts, origins, depth + 1)
                return
            self._walk(left, parts, origins, depth + 1)
            self._hole(node.right, [], origins)
            return
        if self._bound and isinstance(node, ast.Name) and node.id in self._bound[-1]:
            # a parameter of the path function: the caller's argument, read where the caller stands
            arg = self._bound.pop()
            try:
                self._walk(arg[node.id], parts, origins, depth + 1)
            finally:
                self._bound.append(arg)
            return
        key = path_key(node)
        if key is not None:
            known = self.paths.get(key)
            if known is not None:
                parts.append(known[0])
                origins.extend(known[1])
                return
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
            holes: list[str] = []
            hole_origins: list[str] = []
            for a in [*node.args, *(k.value for k in node.keywords)]:
                self._hole(a, holes, hole_origins)
            recv = node.func.value
            if isinstance(recv, ast.Constant) and isinstance(recv.value, str) and "{}" in recv.value:
                text = recv.value
                for h in holes:
                    text = text.replace("{}", h, 1)
                parts.append(text)
                origins.extend(hole_origins)
            elif isinstance(recv, ast.Constant) and isinstance(recv.value, str):
                # "ckpt_{epoch:02d}.h5".format(epoch=e): the named fields stay as the template has them
                parts.append(recv.value)
                origins.extend(hole_origins)
            else:
                # self.filepath.format(epoch=epoch + 1, **logs): which fields the template holds is not
                # known here; the arguments may fill none of them (keras-yolo3's path has no {epoch})
                self._walk(recv, parts, origins, depth + 1)
                # ... but a field named for the launch time is there to be filled
                # (config.logdir.format(timestamp=elements.timestamp()): a logdir per run)
                if any(
                    k.arg and origin_of(k.arg) == "time" and "time" in hole_origins for k in node.keywords
                ):
                    origins.append("time")
            return
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "join"
            and isinstance(node.func.value, ast.Constant)
            and isinstance(node.func.value.value, str)
            and len(node.args) == 1
            and isinstance(node.args[0], (ast.List, ast.Tuple))
            and len(node.args[0].elts) <= 16
        ):
            # "".join([hms_time, "-", exp_name, "_s", str(seed)]): the pieces in order, each where it stands
            for i, a in enumerate(node.args[0].elts):
                if i:
                    parts.append(node.func.value.value)
                self._walk(a, parts, origins, depth + 1)
            return
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("replace", "strip", "rstrip", "lower")
            and isinstance(node.func.value, (ast.Name, ast.Attribute, ast.JoinedStr, ast.Call, ast.BinOp))
        ):
            # path.replace("*epoch*", "{epoch:04d}"): the same path, one placeholder spelled anew; it
            # keeps where the path comes from (a timestamped run directory stays timestamped)
            self._walk(node.func.value, parts, origins, depth + 1)
            return
        if isinstance(node, ast.Call) and self.returns and len(self._bound) < 3:
            fn = self.returns.get(_short(node.func))
            if fn is not None:
                params, expr, defaults = fn
                bound = dict(zip(params, node.args, strict=False))
                bound.update((k.arg, k.value) for k in node.keywords if k.arg in params)
                # operative_config_path(dir) with filename="operative_config.gin" left to its default
                bound.update((p, d) for p, d in defaults.items() if p not in bound)
                if all(p in bound for p in params):
                    # what the function's name says of the path stays (next_run_dir numbers the runs)
                    named = origin_of(f"{self.resolve(node.func)} {_short(node)}")
                    if named in ("time", "counter"):
                        origins.append(named)
                    self._bound.append(bound)
                    try:
                        self._walk(expr, parts, origins, depth + 1)
                    finally:
                        self._bound.pop()
                    return
        if isinstance(node, ast.Call):
            name = self.resolve(node.func)
            last = name.rsplit(".", 1)[-1]
            if last in JOIN_CALLS and node.args:
                if last == "get_outdir" and any(
                    k.arg == "inc" and not (isinstance(k.value, ast.Constant) and not k.value.value)
                    for k in node.keywords
                ):
                    origins.append("counter")  # get_outdir(..., inc=True) numbers the directory anew
                if last == "joinpath" and isinstance(node.func, ast.Attribute):
                    self._walk(node.func.value, parts, origins, depth + 1)
                    parts.append("/")
                for i, a in enumerate(node.args):
                    if i:
                        parts.append("/")
                    self._walk(a, parts, origins, depth + 1)
                return
            if (
                last
                in (
                    "abspath",
                    "expanduser",
                    "realpath",
                    "normpath",
                    "str",
                    "fspath",
                    "resolve",
                    "as_bytes",
                    "as_str",
                )
                and node.args
            ):
                self._walk(node.args[0], parts, origins, depth + 1)
                return
        self._hole(node, parts, origins)


def path_returns(tree: ast.AST) -> dict[str, tuple[list[str], ast.expr, dict]]:
    """Functions and methods of a module that return a path built from their parameters, keyed as they
    are called (``helper``, ``self._prepare_file``). Only the body's own statements are read: the value
    returned, or the name it was assigned from just before (``file_name = f"{prefix}.{suffix}"``)."""
    out: dict[str, tuple[list[str], ast.expr, dict]] = {}
    defs = [("", n) for n in getattr(tree, "body", ())]
    for node in getattr(tree, "body", ()):
        if isinstance(node, ast.ClassDef):
            defs.extend(("self.", n) for n in node.body)
    for prefix, fn in defs:
        if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        a = fn.args
        params = [x.arg for x in (*a.posonlyargs, *a.args)]
        # a parameter's default, unless it is None: the value then comes from the body's
        # `if path is None: path = self.path`
        defaults = {
            x.arg: d for x, d in param_defaults(a) if not (isinstance(d, ast.Constant) and d.value is None)
        }
        fills = dict(f for stmt in fn.body if (f := _none_fill(stmt)) is not None)
        params += [x.arg for x in a.kwonlyargs if x.arg in defaults or x.arg in fills]
        if prefix:
            params = params[1:]
        defaults.update((p, v) for p, v in fills.items() if p in params)
        bound: dict[str, ast.expr] = {}
        found = None
        for stmt in fn.body:
            if (
                isinstance(stmt, ast.Assign)
                and len(stmt.targets) == 1
                and isinstance(stmt.targets[0], ast.Name)
            ):
                bound[stmt.targets[0].id] = stmt.value
            elif isinstance(stmt, ast.Return) and stmt.value is not None:
                found = bound.get(stmt.value.id) if isinstance(stmt.value, ast.Name) else stmt.value
                if found is None and isinstance(stmt.value, ast.Name) and _makes_dirs(fn):
                    # def make_path(f): os.makedirs(dirname(f)); return f: the path it is handed
                    found = stmt.value
        if found is None or not (_built_path(found) or isinstance(found, ast.Name)):
            continue
        used = {n.id for n in ast.walk(found) if isinstance(n, ast.Name)}
        # ... and the names of the body's own assignments it reads (name = "...{:04d}".format(epoch))
        used |= {n.id for u in used & bound.keys() for n in ast.walk(bound[u]) if isinstance(n, ast.Name)}
        # get_checkpoint_best(): `return os.path.join(cfg.OUT_DIR, "model.pyth")`, no parameter: the path
        # its module's settings build, the same at every call
        if used & set(params) or (not params and _built_path(found)):
            # name = "{}{:04d}.pyth".format(prefix, epoch); return join(get_checkpoint_dir(), name): the
            # body's own names stand for what they were assigned
            local = {n: bound[n] for n in used if n in bound and n not in params}
            out[prefix + fn.name] = (params, found, {**local, **defaults})
    return out


def _none_fill(stmt: ast.stmt) -> tuple[str, ast.expr] | None:
    """``if path is None: path = self.path``: (the parameter, what it stands for when not given)."""
    if not (
        isinstance(stmt, ast.If)
        and not stmt.orelse
        and len(stmt.body) == 1
        and isinstance(stmt.test, ast.Compare)
        and isinstance(stmt.test.left, ast.Name)
        and len(stmt.test.ops) == 1
        and isinstance(stmt.test.ops[0], ast.Is)
        and isinstance(stmt.test.comparators[0], ast.Constant)
        and stmt.test.comparators[0].value is None
    ):
        return None
    body = stmt.body[0]
    if (
        isinstance(body, ast.Assign)
        and len(body.targets) == 1
        and isinstance(body.targets[0], ast.Name)
        and body.targets[0].id == stmt.test.left.id
    ):
        return body.targets[0].id, body.value
    return None


def param_defaults(a: ast.arguments) -> list[tuple[ast.arg, ast.expr]]:
    """(parameter, default expression) of every parameter that has a default."""
    positional = [*a.posonlyargs, *a.args]
    pairs = list(zip(positional[len(positional) - len(a.defaults) :], a.defaults, strict=True))
    return pairs + [(x, d) for x, d in zip(a.kwonlyargs, a.kw_defaults, strict=True) if d is not None]


def _makes_dirs(fn: ast.AST) -> bool:
    return any(
        isinstance(n, ast.Call)
        and isinstance(n.func, (ast.Attribute, ast.Name))
        and (n.func.attr if isinstance(n.func, ast.Attribute) else n.func.id) in ("makedirs", "mkdir")
        for n in ast.walk(fn)
    )


def _built_path(node: ast.expr) -> bool:
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Div, ast.Mod)):
        return True
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, (ast.Attribute, ast.Name))
        and (node.func.attr if isinstance(node.func, ast.Attribute) else node.func.id)
        in ("join", "Path", "joinpath")
    )


def names_a_path(name: str) -> bool:
    """A variable whose name says it holds a path (``out_dir = "out"``)."""
    low = name.lower().rsplit(".", 1)[-1]
    return any(t in low for t in _USER_DIR) or low.endswith(("file", "filename", "fname"))


def _short(node: ast.AST, limit: int = 60) -> str:
    try:
        text = ast.unparse(node)
    except Exception:  # noqa: BLE001 - unparse of odd nodes: fall back to the node type
        return type(node).__name__
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def names_in(node: ast.AST, resolve, limit: int = 8) -> tuple:
    """Resolved names an expression is built from (``vars(args)`` -> the parse_args() result)."""
    out: list[str] = []
    for n in ast.walk(node):
        if isinstance(n, (ast.Name, ast.Attribute)):
            r = resolve(n)
            if r and r not in out:
                out.append(r)
                if len(out) >= limit:
                    break
    return tuple(out)


def open_mode(call: ast.Call) -> str:
    mode = (
        call.args[1]
        if len(call.args) > 1
        else next((k.value for k in call.keywords if k.arg == "mode"), None)
    )
    return mode.value if isinstance(mode, ast.Constant) and isinstance(mode.value, str) else ""


def is_open(name: str) -> bool:
    return name in ("open", "io.open", "codecs.open") or name.endswith(
        ("gfile.GFile", "gfile.Open", "fsspec.open", ".open", "blobfile.BlobFile")
    )


def opens(name: str, call: ast.Call) -> bool:
    """An opener: the builtins and libraries `is_open` knows, or a wrapper of the project's own
    (`utils.open_file(path, 'w')`, `fopen(path, mode='a')`) called with a write mode."""
    if is_open(name):
        return True
    if name == "h5py.File":  # h5py.File(path, "w"): an HDF5 file opened for writing
        return open_mode(call)[:1] in ("w", "a", "x")
    return "open" in name.rsplit(".", 1)[-1].lower() and open_mode(call)[:1] in ("w", "a", "x")


# The options object writing itself from inside its class: `json.dump(vars(self), f)`, `self.__dict__`,
# `asdict(self)`, `self.to_dict()`, a comprehension over them, or `super().save(path)` in a subclass of an
# options library's class (Tap.save writes every argument). Whether the class holds the run's options is
# decided across the project (records read ``option_classes``): the write carries its class in a root
# ``@self:<Class>`` (``@self.opt:<Class>`` for ``vars(self.opt)``), which no name pattern matches.
SELF_MARK = "@self"
SELF_SAVES = frozenset({"save", "dump", "to_json", "dump_json"})
_WHOLE_OF = frozenset({"vars", "asdict", "dataclasses.asdict", "attr.asdict", "attrs.asdict", "dir"})
_WHOLE_METHODS = frozenset({"to_dict", "as_dict", "asdict", "_asdict", "dict", "model_dump", "todict"})
# Calls that hand their first argument on unchanged in content (a copy, a sorted view, its text).
_CARRIES = frozenset({"json.dumps", "yaml.dump", "yaml.safe_dump", "toml.dumps", "str", "repr", "pprint.pformat",
                      "dict", "OrderedDict", "collections.OrderedDict", "sorted", "list", "copy", "deepcopy",
                      "copy.copy", "copy.deepcopy", "items", "keys"})  # fmt: skip


def self_mark(cls: str, subject: str) -> str:
    return f"{SELF_MARK}{subject[4:]}:{cls}"


def self_subject(node: ast.AST | None, resolve, derived: dict, depth: int = 0) -> str:
    """``self`` when ``node`` is the whole object ``self`` (``vars(self)``, ``self.__dict__``, a dict
    comprehension over them), ``self.<attr>`` when it is the whole of one attribute (``vars(self.opt)``),
    "" otherwise. Attributes read one by one (``self.lr``) are not the whole object."""
    if node is None or depth > 4:
        return ""
    if isinstance(node, ast.Name):
        if node.id == "self":
            return "self"
        value = derived.get(node.id)
        return self_subject(value, resolve, derived, depth + 1) if value is not None else ""
    if isinstance(node, ast.Attribute):
        if node.attr == "__dict__":
            return _self_object(node.value)
        return ""
    if isinstance(node, ast.Call):
        func = node.func
        name = resolve(func) or (func.attr if isinstance(func, ast.Attribute) else "")
        if name in _WHOLE_OF and node.args:
            return _self_object(node.args[0])
        if isinstance(func, ast.Attribute) and func.attr in _WHOLE_METHODS and not node.args:
            return _self_object(func.value)
        last = name.rsplit(".", 1)[-1] if name else ""
        if name in _CARRIES or last in ("items", "keys", "copy", "deepcopy", "OrderedDict"):
            inner = node.args[0] if node.args else (func.value if isinstance(func, ast.Attribute) else None)
            return self_subject(inner, resolve, derived, depth + 1)
        return ""
    if isinstance(node, (ast.DictComp, ast.ListComp, ast.SetComp, ast.GeneratorExp)):
        # {k: getattr(self, k) for k in dir(self)}, {k: v for k, v in vars(self).items() if ...}
        return next(
            (s for g in node.generators if (s := self_subject(g.iter, resolve, derived, depth + 1))), ""
        )
    return ""


def _self_object(node: ast.AST) -> str:
    if isinstance(node, ast.Name) and node.id == "self":
        return "self"
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "self":
        return f"self.{node.attr}"
    return ""
