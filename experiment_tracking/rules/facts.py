"""Facts every rule reads, built in one linear pass over the index per audit (phases 2-6 and the
scorecard share them), so each rule after the first is a few dictionary lookups. Rules read these
facts, never files."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from ..detect.engine import call_root as _root  # one cached root-of-a-call-name for all stages
from ..detect.engine import scope_of
from ..detect.signatures import learner_api
from ..index.build import is_compose
from ..index.configs import instantiations
from ..index.lines import shell_lines
from ..index.manifests import PIP_VALUE_OPTIONS
from ..index.python_facts import CLOCK_READ, ModuleFacts, in_spans, registered_plugin
from ..inventory import is_shell_script
from ..model import Evidence

# --------------------------------------------------------------------------------------------
# Shared facts (phases 2-6)
# --------------------------------------------------------------------------------------------

CODE_TRACKERS = (
    "mlflow",
    "wandb",
    "neptune",
    "comet",
    "clearml",
    "aim",
    "sacred",
    "guild",
    "dvc",
    "swanlab",
    "polyaxon",
    "trackio",
)


def _tracker_call(name: str) -> bool:
    """A tracker API call: kept as evidence even in a branch that is off, since it describes an
    optional tracker rather than something a run does."""
    return _root(name) in CODE_TRACKERS or "tensorboard" in name.lower() or "SummaryWriter" in name


CONFIG_DIRS = frozenset(
    {
        "conf",
        "config",
        "configs",
        "configuration",
        "configurations",
        "cfg",
        "hydra",
        "params",
        "settings",
        "experiments",
    }
)
DOC_NAMES = re.compile(r"(^|/)(readme|contributing|experiments?|results?|notes|changelog)[^/]*$", re.I)


@dataclass
class Facts:
    """Everything rules look up, built in one pass over the index."""

    calls: list = field(default_factory=list)  # (ModuleFacts, Call), core/optional scope only
    by_last: dict = field(default_factory=dict)  # last name segment -> [(facts, call)]
    by_root: dict = field(default_factory=dict)  # first name segment -> [(facts, call)]
    decorators: list = field(default_factory=list)  # (ModuleFacts, Call)
    assigns: list = field(default_factory=list)  # (ModuleFacts, Assign)
    bases: list = field(default_factory=list)  # (ModuleFacts, class, base, line, cell)
    imports: dict = field(default_factory=dict)  # top-level module -> [Evidence]
    modules: list = field(default_factory=list)  # ModuleFacts in core/optional scope
    docs: dict = field(default_factory=dict)  # path -> text of prose files (README, docs/...)
    corpora: set = field(default_factory=set)  # folders of pages the code reads as its input
    shell: list = field(default_factory=list)  # (path, cell, line, command) incl. scripts/Makefiles
    config_docs: list = field(default_factory=list)  # ConfigDoc of project configs (not manifests)
    training: list = field(default_factory=list)  # Evidence of training entry points/notebooks
    main_path: frozenset = frozenset()  # modules of the main training path (entry points + their imports)
    found: dict = field(default_factory=dict)  # find()'s answers without a predicate, by question

    def add_call(self, m, c) -> None:
        self.calls.append((m, c))
        self.by_last.setdefault(_last(c.name), []).append((m, c))
        self.by_root.setdefault(_root(c.name), []).append((m, c))


# The span that marks a whole module dead (no run reaches it)
WHOLE_MODULE = (1, 1 << 30, 0)


def dead_functions(ctx) -> dict[str, list[tuple[int, int, int]]]:
    cached = getattr(ctx, "_et_dead", None)
    if cached is not None:
        return cached
    out = _dead_functions(ctx)  # the run records and the facts both need it
    # Code after a raise or return never runs either, whatever switch a user flips.
    for path, m in ctx.index.modules.items():
        if getattr(m, "unreachable", None):
            out.setdefault(path, []).extend(m.unreachable)
    # The __main__ demo of a library module the project imports (parallel_model.py training MNIST)
    # runs only when someone runs that file: its seeds, options and data are no run's.
    from ..detect.engine import LIBRARY_DEMO, dead_modules, judges_dead_code

    # A module no run reaches (a package left behind when the pipelines importing it were deleted):
    # what it seeds, logs or saves happens in no run.
    if judges_dead_code(ctx.inventory, ctx.taxonomy):
        for path in dead_modules(ctx.index):
            out.setdefault(path, []).append(WHOLE_MODULE)
    for e in ctx.taxonomy.entry_points:
        m = ctx.index.modules.get(e.path)
        if e.detail == LIBRARY_DEMO and m is not None and m.main_guard:
            out.setdefault(e.path, []).append((m.main_guard, 1 << 30, m.main_guard_cell))
    ctx._et_dead = out
    return out


# Modules named as helpers: their functions are called by other modules, never loaded by a framework
HELPER_MODULE = re.compile(r"^(utils?|helpers?|common|misc|tools)(_\w+)?$")


def _dead_functions(ctx) -> dict[str, list[tuple[int, int, int]]]:
    """Module-level functions (and methods of plain classes) nothing in the project calls or passes on:
    their lines, per module.
    Seeds set, metrics computed or models saved there never happen in a run. A function counts as
    called when a call names it through its own module (``set_seed(...)`` there, ``utils.set_seed``,
    ``pkg.utils.set_seed`` elsewhere), or when its name is passed or assigned as a value. Methods and
    nested functions are never judged (a framework may call them), nor entry-point-like names."""
    # Identifiers passed or assigned as values anywhere (callbacks, registries, `fn = set_seed`), read
    # once into a set: one pass over the facts, whatever the number of functions.
    modules = ctx.index.modules
    # Only the names of the functions judged below are looked up: the calls of other names are
    # not kept (one pass over the calls, two small indexes).
    toplevel = {name for m in modules.values() for name in m.toplevel}
    # an importable package's modules are its users' API (library() itself needs these facts)
    lib = distribution(ctx) is not None
    judged = {path: [*m.plain_methods, *(() if lib else m.module_methods)] for path, m in modules.items()}
    methods = {name for ms in judged.values() for name, *_ in ms}
    values: set[str] = set()
    by_last: dict[str, list[tuple[str, str]]] = {}  # last name -> (module path, resolved call name)
    # Methods of plain classes that nothing calls by name outside their own body (Model.save in a
    # class Model(object) that no script calls): what they save or seed never happens.
    calls_at: dict[str, list[tuple[str, int, int]]] = {}
    for path, m in modules.items():
        # pickle.load(f) is a library function, not a call of some object's load() method
        libraries = {i.module.split(".", 1)[0] for i in m.imports} if methods else ()
        texts = []  # one search per module: words never run across the spaces that join them
        for c in m.calls:
            name = c.name
            if name.endswith((".remote", ".options")) and name.count(".") >= 2:
                # shared_storage.save_checkpoint.remote(): a Ray actor's method (or task) called remotely
                name = name.rsplit(".", 1)[0]
            last = name.rsplit(".", 1)[-1]
            if last in toplevel:
                by_last.setdefault(last, []).append((path, name))
            if last in methods and not (
                "." in name and name.split(".", 1)[0] in libraries and "()" not in name
            ):
                calls_at.setdefault(last, []).append((path, c.line, c.cell))
            if c.args:
                texts.extend(map(_value_text, c.args))
            if c.kwargs:
                texts.extend(_value_text(v) for _, v in c.kwargs)
        texts.extend(_value_text(a.value) for a in m.assigns)
        texts.extend(d.name for d in m.decorators)
        values.update(_WORD.findall(" ".join(texts)))
    out: dict[str, list[tuple[int, int, int]]] = {}
    for path, methods_here in judged.items():
        for name, start, cell, end in methods_here:
            # short names a library calls on objects it is handed (sklearn's fit, a mapping's get)
            if (
                len(name) < 3
                or name in _DUCK_CALLED
                or name in values
                or name.startswith(("main", "run", "test"))
            ):
                continue
            outside = any(
                not (x[0] == path and x[2] == cell and start <= x[1] <= end) for x in calls_at.get(name, ())
            )
            if not outside:
                out.setdefault(path, []).append((start, end, cell))
    imported: set[str] | None = None  # the dotted modules the project imports names from, read once
    for path, m in ctx.index.modules.items():
        # Config modules are loaded by file path (absl config_flags, ml_collections) and their
        # get_config() is called by the framework: nothing in the project names it.
        stem = path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        # ... a config module by what it holds (get_config) or its name; experiments/sgd/detector/utils.py
        # is a helper module whatever folder it sits in
        if not m.toplevel:
            continue
        if CONFIG_DIRS.intersection(path.split("/")[:-1]) and (
            any(n.startswith("get_config") for n in m.toplevel) or not HELPER_MODULE.search(stem)
        ):
            # ... unless the project imports it as any module (yacs' config/default.py, whose save_config
            # the scripts import and never call): then its callers are known by name like any module's
            if imported is None:
                imported = {i.module.rpartition(".")[0] for xm in modules.values() for i in xm.imports}
                imported |= {i.module for xm in modules.values() for i in xm.imports}
            dotted = path.removesuffix(".py").removesuffix("/__init__").replace("/", ".")
            if dotted not in imported:
                continue
        package = (
            (path.split("/")[1] if path.startswith("src/") and path.count("/") > 1 else path.split("/")[0])
            if "/" in path
            else ""
        )
        spans: dict[str, list[tuple[int, int, int]]] = {}
        for fname, start, cell, end in m.functions:
            spans.setdefault(fname, []).append((start, end, cell))
        for name in m.toplevel:
            if name.startswith("test_") and name in spans and not by_last.get(name) and name not in values:
                # a pytest test beside the library code (def test_probtypes() in distributions.py): pytest
                # runs it, no training run does
                out.setdefault(path, []).extend(spans[name])
                continue
            if name.startswith(("main", "_main", "run", "cli", "test", "get_config")) or name in values:
                continue
            callers = by_last.get(name, ())
            if any(p == path or f"{stem}.{name}" in n or n == name for p, n in callers):
                continue
            # called through the package that re-exports it (`from baselines.common import
            # set_global_seeds`, the package __init__ importing * from misc_util)
            # ... or through a package a folder on sys.path holds (lib/config/default.py imported as `from
            # config import update_config` once lib/ is on the path)
            folders = path.split("/")[:-1]
            if any(
                (n.split(".", 1)[0] == package or n.split(".", 1)[0] in folders) and n.endswith("." + name)
                for _, n in callers
            ):
                continue
            # MODEL = importlib.import_module(FLAGS.model); MODEL.dump_results(...): a module chosen by an
            # option's value may be this one
            if any(n.startswith(IMPORTED_BY_NAME) and n.endswith("()." + name) for _, n in callers):
                continue
            if name in spans:
                out.setdefault(path, []).extend(spans[name])
    return out


IMPORTED_BY_NAME = ("importlib.import_module(", "__import__(")
_DUCK_CALLED = frozenset({"fit", "get", "set", "put", "pop", "add", "map", "len", "sum"})


def _value_text(v) -> str:
    """The names a value may pass on: an expression's text, or a string that is one (dotted) identifier
    (a name looked up with getattr, a registry or call_func_by_name); the words of a sentence (a flag's
    help text) name nothing."""
    if isinstance(v, str):
        # 'train.train_progressive_gan' handed to a call-by-name helper names a function too
        return v if all(part.isidentifier() for part in v.split(".")) else ""
    return str(v)


# A name passed on as a value (`callback=save_model`), not one called where it is passed
# (`json.load(open(p))` handed to node_link_graph calls json's load, no method of the project)
_WORD = re.compile(r"\w+\b(?!\(\))")


def facts(ctx) -> Facts:
    cached = getattr(ctx, "_et_facts", None)
    if cached is not None:
        return cached
    f = Facts()
    dead = dead_functions(ctx)
    for path in sorted(ctx.index.modules):
        m = ctx.index.modules[path]
        spans = dead.get(path, ())
        if scope_of(path) in ("test", "example") or WHOLE_MODULE in spans:
            continue
        f.modules.append(m)
        # A branch the code never takes (`if not deterministic:` after `deterministic = True`) is no
        # evidence either; a tracker call there stays, as an optional tracker the user may switch on.
        branches = getattr(m, "dead_branches", ())
        for c in m.calls:
            if spans and in_spans(spans, c.line, c.cell):
                continue  # code in a function nothing calls does not run
            if branches and in_spans(branches, c.line, c.cell) and not _tracker_call(c.name):
                continue
            if c.kw("disable") is True and c.name.endswith("autolog"):
                continue  # mlflow.xgboost.autolog(disable=True) turns logging off
            f.add_call(m, c)
        for d in m.decorators:
            f.decorators.append((m, d))
        for a in m.assigns:
            if (spans and in_spans(spans, a.line, a.cell)) or (
                branches and in_spans(branches, a.line, a.cell)
            ):
                continue
            f.assigns.append((m, a))
        for cls, base, line, cell in m.bases:
            f.bases.append((m, cls, base, line, cell))
        for imp in m.imports:
            root = imp.module.split(".", 1)[0]
            if root not in f.imports:  # the first import of each package is evidence enough
                f.imports[root] = [Evidence(path, imp.line, f"imports {imp.module}", imp.cell)]
    corpora = f.corpora = _document_corpora(ctx, f)
    for path in sorted(ctx.index.texts):
        low = path.lower()
        # find_md_files('../docs_sample/'): pages the code reads as its input, not its documentation
        corpus = bool(corpora) and path.rsplit("/", 1)[0] in corpora
        if not corpus and (
            low.endswith((".md", ".rst", ".txt")) or DOC_NAMES.search(low) or "/docs/" in "/" + low
        ):
            f.docs[path] = ctx.index.texts[path]
        if is_shell_script(low) or low.rsplit("/", 1)[-1] in (
            "makefile",
            "gnumakefile",
        ):
            for i, s in shell_lines(ctx.index.texts[path]):
                f.shell.append((path, 0, i, s))
    f.shell.extend(ctx.index.shell)
    for path in sorted(ctx.index.configs):
        doc = ctx.index.configs[path]
        if doc.error or scope_of(path) == "test" or is_tooling_config(path):
            continue
        f.config_docs.append(doc)
        # Objects a config instantiates count as calls made at that config line.
        made = instantiations(doc)
        if made:
            m = ModuleFacts(path=path, calls=made)
            for c in made:
                f.add_call(m, c)
    # Calls a plugin makes on the project's behalf (kedro-mlflow's hook and catalog datasets) count as
    # calls made at the line that declares them, as config instantiations do.
    from ..detect.plugins import implied_calls

    implied: dict[str, list] = {}
    for ic in implied_calls(ctx.index):
        if scope_of(ic.path) != "test":
            implied.setdefault(ic.path, []).append(ic.call)
    for path, calls in sorted(implied.items()):
        m = ModuleFacts(path=path, calls=calls)
        for c in calls:
            f.add_call(m, c)
    f.training = list(ctx.taxonomy.training_entry_points)
    from ..fixes import training_paths

    f.main_path = training_paths(ctx)
    ctx._et_facts = f
    return f


_READS_FOLDER = re.compile(
    r"glob|listdir|scandir|walk|iterdir|loader|^load|^read|^find_\w*files?$|files$", re.I
)


def _document_corpora(ctx, f) -> set[str]:
    """Folders of three or more Markdown or text pages that a call of the project's code is handed by name
    (`find_md_files('../docs_sample/')`, `DirectoryLoader("data/docs")`): a corpus an LLM app retrieves
    from, whose pages say nothing of this project's own practices."""
    pages: dict[str, int] = {}
    for path in ctx.index.texts:
        if path.lower().endswith((".md", ".rst", ".txt")) and "/" in path:
            folder = path.rsplit("/", 1)[0]
            pages[folder] = pages.get(folder, 0) + 1
    folders = {d for d, n in pages.items() if n >= 3}
    if not folders:
        return set()
    out = set()
    for _m, c in f.calls:
        # a reader of the folder (glob, listdir, a loader, find_md_files), not makedirs or a write target
        if not _READS_FOLDER.search(c.name.rsplit(".", 1)[-1]):
            continue
        for a in (*c.args, *(v for _k, v in c.kwargs)):
            if not isinstance(a, str) or len(a) > 200 or "/" not in a and "_" not in a:
                continue
            name = re.sub(r"^(\.\.?/)+", "", a).strip("/")
            if name and "*" not in name:
                out |= {d for d in folders if d == name or d.endswith("/" + name)}
    return out


# CI, editor, docs-site and packaging configs describe the tooling, not experiments.
TOOLING_DIRS = (
    ".github/",
    ".gitlab/",
    ".circleci/",
    ".devcontainer/",
    ".vscode/",
    ".idea/",
    ".azure-pipelines/",
    ".zen/",  # ZenML client state, not experiment configuration
)
TOOLING_FILES = frozenset(
    {
        ".pre-commit-config.yaml", ".pre-commit-hooks.yaml", "mkdocs.yml", "mkdocs.yaml", ".readthedocs.yaml",
        ".readthedocs.yml", "codecov.yml", ".codecov.yml", ".gitlab-ci.yml", "renovate.json", ".yamllint",
        ".yamllint.yml", "package.json", "package-lock.json", "tsconfig.json", "citation.cff", ".markdownlint.yaml",
        "dependabot.yml", "azure-pipelines.yml", ".travis.yml", "appveyor.yml", "circle.yml", "tox.ini", ".flake8",
        "pyproject.toml", "setup.cfg", "pipfile", "pipfile.lock", "poetry.lock", "uv.lock", "pdm.lock",
        "environment.yml", "environment.yaml", "conda.yaml", "conda.yml", "dvc.lock",
    }
)  # fmt: skip


def is_tooling_config(path: str) -> bool:
    low = path.lower()
    name = low.rsplit("/", 1)[-1]
    # A top-level dot-folder (.gemini/, .cursor/, .claude/) holds an editor's or assistant's settings.
    hidden_dir = low.startswith(".") and "/" in low and not low.startswith((".dvc/", ".hydra/"))
    return (
        name in TOOLING_FILES
        or low.startswith(TOOLING_DIRS)
        or ("/" + low).find("/.github/") >= 0
        or hidden_dir
    )


def source_lines(ctx, path: str) -> list[str] | None:
    """A module's source lines, read from disk once per audit, for the few rules that need a statement the
    facts keep no text of; None when the file cannot be read."""
    memo = ctx.__dict__.setdefault("_et_source_lines", {})
    if path not in memo:
        try:
            with open(ctx.inventory.root / path, encoding="utf-8", errors="replace") as f:
                memo[path] = f.read().splitlines()
        except OSError:
            memo[path] = None
    return memo[path]


def builds_path(a) -> bool:
    """An assignment whose value is a path the code builds (`os.path.join(...)`, `Path(...)`,
    `'{}-{}'.format(...)`)."""
    return type(a.value).__name__ == "Dyn" and re.search(r"(join|Path|format)\(\)$", a.value.text) is not None


def run_dir_named_by(ctx, m, value: re.Pattern, after: int = 0) -> Evidence | None:
    """The line, after line ``after`` of module ``m``, that joins ``value`` (a pattern of its source text:
    `env['git commit']`, `args.seed`) into the path of a directory the module then makes
    (`args.save = os.path.join(args.save_dir, '{}-{}'.format(args.name, args.seed))`, `os.makedirs(args.save)`):
    every run's folder is named by that value. The facts keep no text of a format call's arguments, so
    the source line is read."""
    made = {getattr(x, "text", x) for c in m.calls if c.name.endswith(("makedirs", "mkdir")) for x in c.args}
    lines = source_lines(ctx, m.path) if made else None
    for a in m.assigns if lines else ():
        if a.line > after and a.target in made and builds_path(a) and value.search(line_at(lines, a.line)):
            return Evidence(m.path, a.line, f"{a.target}: a run directory named by it", a.cell)
    return None


def line_at(lines: list[str] | None, n: int) -> str:
    """Line ``n`` (1-based) of ``source_lines``' answer, '' outside it."""
    return lines[n - 1] if lines and 0 < n <= len(lines) else ""


@functools.lru_cache(maxsize=65536)
def _last(name: str) -> str:
    return name.rsplit(".", 1)[-1].replace("()", "")


def ev(m, c, detail: str = "") -> Evidence:
    return Evidence(m.path, c.line, (detail or c.name)[:160], c.cell)


def find(ctx, *, prefixes=(), suffixes=(), exact=(), roots=None, pred=None) -> list:
    """(facts, call) pairs whose resolved name matches; ``roots`` limits the first segment."""
    f = facts(ctx)
    prefixes, suffixes, exact = tuple(prefixes), tuple(suffixes), tuple(exact)
    key = (prefixes, suffixes, exact, frozenset(roots) if roots is not None else None)
    if pred is None:
        found = f.found.get(key)
        if found is not None:
            return list(found)  # the same question asked by another rule; a copy the caller may extend
    out = []
    if suffixes and not prefixes and not exact:
        pool = [pc for s in suffixes for pc in f.by_last.get(s.rsplit(".", 1)[-1], ())]
    elif prefixes or exact or suffixes:
        # Only calls that can match: those under the named packages (a prefix without a dot may
        # name a package by its start, `whatif` for `whatif_tool`), or ending with a suffix's
        # last segment. A call in two pools is kept once below.
        wanted = {_root(p) for p in (*prefixes, *exact) if "." in p or p in exact}
        loose = tuple(p.split("(", 1)[0] for p in prefixes if "." not in p)
        if loose:
            wanted.update(r for r in f.by_root if r.startswith(loose))
        pool = [pc for r in sorted(wanted) for pc in f.by_root.get(r, ())]
        pool += [pc for s in suffixes for pc in f.by_last.get(_last(s), ())]
    else:
        pool = f.calls
    for m, c in pool:
        n = c.name
        ok = (
            (prefixes and n.startswith(prefixes))
            or (exact and n in exact)
            or (suffixes and (n.endswith(tuple("." + s for s in suffixes)) or n in suffixes))
        )
        if not ok:
            continue
        if roots is not None and _root(n) not in roots:
            continue
        if pred is not None and not pred(c):
            continue
        out.append((m, c))
    unique = {(mc[0].path, id(mc[1])): mc for mc in out}
    main = f.main_path
    # The main training path first, so a rule that cites its first few calls cites the training code.
    found = sorted(
        unique.values(),
        key=lambda mc: (mc[0].path not in main, mc[0].path, mc[1].cell, mc[1].line, mc[1].name),
    )
    if pred is None:
        f.found[key] = found
        return list(found)
    return found


def evs(pairs, detail=None, limit: int = 12) -> list[Evidence]:
    out = []
    for m, c in pairs[:limit]:
        out.append(ev(m, c, detail(c) if callable(detail) else (detail or "")))
    return out


def decorated(ctx, *suffixes: str) -> list:
    return [
        (m, d) for m, d in facts(ctx).decorators if d.name.endswith(suffixes) or _last(d.name) in suffixes
    ]


def dora_mains(ctx) -> list:
    """Entry points run by Dora (`@dora.hydra_main`, `@dora.argparse_main`): each run executes in its
    experiment's folder, named by a signature of its configuration, where Dora keeps its arguments."""
    return decorated(ctx, "dora.hydra_main", "dora.argparse_main")


def assigned(ctx, pred) -> list:
    return [(m, a) for m, a in facts(ctx).assigns if pred(a.target)]


def unused_module(ctx, path: str) -> bool:
    """A module of the project's code that nothing imports and that does nothing when run (no
    `__main__` block, no top-level work): its functions run in no run of the project."""
    from ..detect.engine import project_imports, scope_of

    m = ctx.index.modules.get(path)
    if m is None or not path.endswith(".py") or path.endswith("__init__.py") or m.main_guard or m.script_line:
        return False
    if scope_of(path) != "core":
        return False
    imported = getattr(ctx, "_et_imported_modules", None)
    if imported is None:
        imported = ctx._et_imported_modules = {
            p for hits in project_imports(ctx.index).values() for p in hits
        }
    return path not in imported


def in_module_self_test(ctx, e: Evidence) -> bool:
    """The evidence sits under the `if __name__ == "__main__":` block of a module no training starts
    from (network/backbone/hrnetv2.py's smoke test): it runs only when that file is run by hand."""
    m = ctx.index.modules.get(e.path)
    if m is None or not m.main_guard or (e.cell, e.line) < (m.main_guard_cell, m.main_guard):
        return False
    entries = getattr(ctx, "_et_training_entries", None)
    if entries is None:
        entries = ctx._et_training_entries = {t.path for t in ctx.taxonomy.training_entry_points}
    return e.path not in entries


def code_trackers(ctx) -> list:
    return [
        d
        for d in ctx.present("tracking", include_examples=False)
        if d.tool != "hydra" and not switched_off(ctx, d)
    ]


def tracker_ids(ctx) -> set[str]:
    return {d.tool for d in ctx.present("tracking", include_examples=False) if not switched_off(ctx, d)}


def switched_off(ctx, d) -> bool:
    """A tracker no run made with the shipped configuration logs to: configured but left off, or
    behind switches every shipped configuration leaves off."""
    return _left_off(d) or _off_by_default(ctx, d)


def _off_by_default(ctx, d) -> bool:
    """An optional tracker whose every call sits behind a switch that every shipped configuration
    leaves off (NAFNet's `wandb: {project: ~}` in all 17 option files): no run made with what the
    repository ships logs to it, as with a tracker configured but left off."""
    from ..model import OPTIONAL, USED

    if d.usage != USED or d.scope != OPTIONAL:
        return False
    memo = ctx.__dict__.setdefault("_et_off_by_default", {})
    key = (d.tool, tuple(d.evidence))
    if key not in memo:
        calls = [e for e in d.evidence if not e.detail.startswith("imports")]
        conds = {switch_of(ctx, e) for e in calls}
        # keys of the option files only: a command-line flag or a constant that defaults off
        # (`wandb_log = False`, `--use_wandb`) is a switch users flip per run, the tracker optional
        memo[key] = bool(calls) and "" not in conds and all(_keyed_switch(ctx, c)[0] == "off" for c in conds)
    return memo[key]


def _left_off(d) -> bool:
    """A tracker configured but left off (BasicSR's `logger.wandb.project: ~`): the runs do not log to
    it until a user turns it on, so nothing it would record is recorded."""
    from ..model import CONFIGURED, OPTIONAL

    return d.usage == CONFIGURED and d.scope == OPTIONAL


def stack_label(ctx) -> str:
    t = tracker_ids(ctx)
    for tool in ("mlflow", "wandb", "neptune", "comet", "clearml", "sacred", "dvc", "aim"):
        if tool in t:
            return tool
    return ""


def switch_of(ctx, evidence) -> str:
    """The condition (`args.track`) guarding an evidence line, or '' when it always runs."""
    from ..records import destination_built, every_command_turns_on, switch_at

    m = ctx.index.modules.get(evidence.path)
    if m is None:
        return ""
    # Inside a function that the project calls only behind a switch (push_to_hub under --upload-model,
    # init_wandb under --wandb): that switch first, whatever branches the function takes inside
    # (`if opt.debug: wandb.init(mode="offline") else: wandb.init(...)` runs either way once called).
    if ctx.records is not None:
        for name, start, cell, end in m.functions:
            if (
                cell == evidence.cell
                and start <= evidence.line <= end
                and name in ctx.records.switched_functions
            ):
                return ctx.records.switched_functions[name]
    cond = switch_at(m, evidence.line, evidence.cell)
    if cond and installed_switch(ctx, cond, evidence):
        # `if args.log_wandb: if has_wandb: wandb.init(...)`: the user's option outside decides whether a
        # run that has the package uses it; whether it is installed comes second
        from ..records import switches_at

        cond = next(
            (
                c
                for c in switches_at(m, evidence.line, evidence.cell)[1:]
                if not installed_switch(ctx, c, evidence)
            ),
            cond,
        )
    written = next((w.target for w in m.writes if (w.line, w.cell) == (evidence.line, evidence.cell)), "")
    if cond and evidence.cell == 0 and destination_built(ctx, cond, evidence.path, evidence.line, written):
        return ""  # `if args.save:` before a save into args.save, a path every default run builds
    if cond and every_command_turns_on(ctx, evidence.path, cond):
        return ""  # `if args.save_content:` where every documented command passes --save_content
    if cond or ctx.records is None:
        return cond
    plugin = registered_plugin(m, evidence.line, evidence.cell)
    if plugin:
        return plugin
    # A call into a tracker run that wandb.init(mode="disabled" if not ONLINE else "online") opened
    if m.mode_switches:
        roots = {_root(c.name) for c in m.calls if c.line == evidence.line and c.cell == evidence.cell}
        said = evidence.detail.lower().replace("weights & biases", "wandb").replace("w&b", "wandb")
        roots |= {r for r, _ in m.mode_switches if r in said}
        from ..index.python_facts import live_switch

        for root, cond in m.mode_switches:
            # `mode='online' if args.options.use_wandb else 'disabled'` with use_wandb: bool = True: on
            if root in roots and live_switch(m, cond):
                return cond
    # ... or in a class the project builds only behind one (`if FLAGS.save_video: env = WANDBVideo(env)`:
    # the wrapper's step() logs the videos).
    switched = ctx.records.switched_functions
    for name, start, cell, end in m.classes:
        if not (cell == evidence.cell and start <= evidence.line <= end):
            continue
        if name in switched:
            return switched[name]
        # ... or made only by its own factory, called behind one (`WandbLogger.initialize_wandb_logger(...)`
        # under `if self.args.logger == "wandb":`, its body returning `cls(...)`)
        for fn, f_start, f_cell, f_end in m.functions:
            if (
                fn in switched
                and f_cell == cell
                and start <= f_start <= end
                and any(
                    c.cell == cell and f_start <= c.line <= f_end and c.name in ("cls", name) for c in m.calls
                )
            ):
                return switched[fn]
    cls = offered_class(ctx, evidence)
    return f"{OFFERED} {cls}" if cls else ""


# The condition of a tracker call inside a class the project offers and never builds itself: a run
# records through it only when the user's own script builds that class.
OFFERED = "a script builds"


def offered_class(ctx, evidence) -> str:
    """The class holding a tracker call whose detection is optional because none of the project's own
    code builds that class (keras-rl's WandbLogger callback, offered to the library's users), or ''."""
    cache = getattr(ctx, "_et_offered", None)
    if cache is None:
        cache = ctx._et_offered = _offered_classes(ctx)
    for path, cell, start, end, name in cache:
        if path == evidence.path and cell == evidence.cell and start <= evidence.line <= end:
            return name
    return ""


def _offered_classes(ctx) -> list[tuple[str, int, int, int, str]]:
    from ..model import OPTIONAL

    lines = {
        (e.path, e.cell, e.line)
        for d in ctx.present("tracking")
        if d.scope == OPTIONAL
        for e in d.evidence
        if e.path.endswith(".py")
    }
    # a library with no runs of its own (its algorithm classes are what its users build): what the
    # class records is what the library offers, not a switch its own runs leave off
    if not lines or not ctx.taxonomy.training_entry_points:
        return []
    # the names the project calls, subclasses or assigns: a class among them is built somewhere, and its
    # detection is optional for another reason (a switch around the building call)
    made: set[str] = set()
    words = re.compile(r"[A-Za-z_]\w+")
    for m in ctx.index.modules.values():
        made.update(part for c in m.calls for part in c.name.replace("()", "").split("."))
        made.update(base.rsplit(".", 1)[-1] for _c, base, _l, _cc in m.bases)
        # logger_cls = WandbLogger, partial(WandbLogger, ...), LOGGERS.get("WandbLogger"): made by reference
        made.update(
            w
            for c in m.calls
            for v in (*c.args, *(v for _, v in c.kwargs))
            for w in words.findall(str(getattr(v, "text", v)))
        )
        made.update(w for a in m.assigns for w in words.findall(str(getattr(a.value, "text", ""))))
    # `_target_: rlx.callbacks.WandbLogger` in a Hydra config
    made.update(
        w
        for doc in ctx.index.configs.values()
        for _k, v, _l in doc.entries
        if isinstance(v, str)
        for w in words.findall(v)
    )
    out = []
    for path, cell, line in lines:
        m = ctx.index.modules.get(path)
        if m is not None and any(i.guarded for i in m.imports):
            continue  # optional behind a guarded import (try: import wandb): that switch is the question
        holders = [(a, b, n) for n, a, c, b in (m.classes if m else ()) if c == cell and a <= line <= b]
        if not holders:
            continue
        start, end, name = min(holders)  # the outermost class is what a script must build
        if name not in made:
            out.append((path, cell, start, end, name))
    return out


def tracker_switch(ctx, evidence: list) -> str:
    """How a tracker's runs are turned on, for a finding's message: "when a switch turns the tracker
    on", or "when a script builds `WandbLogger`" for a class the project offers and never builds."""
    found = guarding_switch(ctx, evidence)
    if found and found[0].startswith(OFFERED):
        return switch_phrase(found[0])
    return "when a switch turns the tracker on"


def switch_phrase(cond: str) -> str:
    """`when ...` for a switch condition, as a reader says it."""
    if cond.startswith(OFFERED):
        return f"when a script builds `{cond[len(OFFERED) + 1 :]}`"
    return f"when `{cond}` is on"


def tracker_wrappers(ctx) -> list:
    """(facts, call, tool) for each run opened through another library's wrapper class
    (``mlxu.WandBLogger(...)``): the tracker is known from the class name, what the wrapper records
    is not visible in this repository. The project's own wrapper classes are read from their code."""
    cached = getattr(ctx, "_et_wrappers", None)
    if cached is not None and cached[0] is ctx.index:
        return list(cached[1])
    from ..detect.engine import project_roots, wrapped_tracker

    own = project_roots(ctx.index)
    out = []
    for last, calls in facts(ctx).by_last.items():
        if not wrapped_tracker("." + last):
            continue
        for m, c in calls:
            tool = wrapped_tracker(c.name) if "(" not in c.name else None
            if tool and _root(c.name) not in own:
                out.append((m, c, tool))
    ctx._et_wrappers = (ctx.index, out)
    return list(out)


def wrapper_options(c) -> list[str]:
    """The arguments a wrapper receives that are built from the run's options (``variant=
    get_user_flags(FLAGS)``, ``config=vars(args)``), as written: the candidates for its run config."""
    out = []
    for k, v in (*((None, a) for a in c.args), *c.kwargs):
        text = getattr(v, "text", None)
        # `config=FLAGS.logger` is the wrapper's own settings, not the run's options.
        if isinstance(text, str) and _OPTIONS_TEXT.search(text) and not _LOGGER_TEXT.search(text):
            out.append(f"{k}={text}" if k else text)
    return out


def wrapper_param_question(ctx) -> tuple[str, list]:
    """The review question when the only place the run's options can reach a tracker is a wrapper
    from another library: whether it records them cannot be read from this repository."""
    for m, c, tool in tracker_wrappers(ctx):
        passed = wrapper_options(c)
        if passed:
            where = Evidence(m.path, c.line, f"passes {passed[0][:60]} to {c.name}", c.cell)
            question = (
                f"`{where.where()}` passes `{passed[0][:60]}` to `{c.name}`, a {tool} wrapper from another "
                f"library: does it record them as every run's configuration (e.g. `wandb.init(config=...)`)?"
            )
            return question, [where]
    return "", []


# The whole options object as an argument: vars(opts), args, cfg.__dict__, parser.parse_args()
_WHOLE_OPTIONS_TEXT = re.compile(
    r"^(vars\(.*\)|.*parse_(known_)?args\(\)|(args|opts?|cfg|config|hparams|options|flags)(\.__dict__)?)$"
)


def live_dashboard_options(ctx) -> list[Evidence]:
    """The whole options object handed to Visdom, or to the project's own class around it
    (`vis.vis_table("Options", vars(opts))`): shown on a live dashboard while the run trains, kept only
    in the dashboard server's memory unless its environment is saved."""
    dash = [m for m in ctx.index.modules.values() if m.imported("visdom")]
    if not dash:
        return []
    wrappers = {cls for m in dash for cls, *_ in m.classes}
    out = []
    for m in ctx.index.modules.values():
        for c in m.calls:
            head = c.name.split("()", 1)[0] if "()" in c.name else ""
            if not (head.startswith("visdom.") or head.rsplit(".", 1)[-1] in wrappers):
                continue
            whole = [
                v.text
                for v in (*c.args, *(v for _, v in c.kwargs))
                if _WHOLE_OPTIONS_TEXT.match(getattr(v, "text", "") or "")
            ]
            if whole:
                # the index keeps a call's name, not its argument: vars(opts) reads as vars()
                shown = "vars(...)" if whole[0] == "vars()" else whole[0][:60]
                out.append(
                    Evidence(m.path, c.line, f"passes the whole options object ({shown}) to {c.name}", c.cell)
                )
    return out


_LOGGER_TEXT = re.compile(r"(?i)(\blog|logg(er|ing))")
_OPTIONS_TEXT = re.compile(
    r"(?i)(?<![a-z])(args|opts?|flags|hparams|hps|cfg|config|conf|params|variant|options)(?![a-z])|vars\("
)


def when_enabled_question(ctx, evidence: list, what: str) -> str:
    """A review question when every piece of evidence runs only behind a switch, else ''."""
    found = guarding_switch(ctx, evidence)
    return switch_question(ctx, what, *found) if found else ""


def metaflow_flows(ctx) -> list:
    """Metaflow in the project's own code: every value a step assigns to `self` is kept with its run."""
    return [
        d for d in ctx.present("pipelines", include_examples=False) if d.tool == "metaflow" and d.evidence
    ]


# A call whose result is the data itself (a table, arrays, a dataset object), not a path or a handle
# (a config or a model read with json/pickle is no data; `.dropna()` after the read still holds it)
_DATA_READ = re.compile(
    r"^(pandas\.read_\w+|polars\.read_\w+|numpy\.load|datasets\.load_(dataset|from_disk)|"
    r"torchvision\.datasets\.\w+|tensorflow_datasets\.load|sklearn\.datasets\.(load|fetch)_\w+|"
    r"pyarrow\.\w+\.read_\w+)\(\)"
)


_DATA_ATTR = re.compile(
    r"^(X|y|df)(_\w+)?$|(^|_)(data|dataset|datasets|dataframe|features|labels|rows|table|corpus|samples|"
    r"images|train|test|valid|val|training|validation)(_|$)",
)


def metaflow_data_artifacts(ctx) -> list[Evidence]:
    """Data a Metaflow step reads into `self` (`self.df = pd.read_csv(...)`): kept as a versioned
    artifact of the run. A flow whose steps start a subprocess that loads the data keeps none."""
    from ..index.python_facts import Dyn

    out = []
    for m in facts(ctx).modules:
        if not any(base.endswith("FlowSpec") for _cls, base, _l, _c in m.bases):
            continue
        for a in m.assigns:
            if not (a.target.startswith("self.") and isinstance(a.value, Dyn)):
                continue
            # a read of the data, or a value a call built that the step keeps under a data name
            # (self.dataset = sf_client.fetch_all(...), self.session_dataset = SessionDataset(...))
            if _DATA_READ.match(a.value.text) or (
                _DATA_ATTR.search(a.target[5:]) and a.value.text.endswith(")")
            ):
                out.append(Evidence(m.path, a.line, f"{a.target} = {a.value.text}", a.cell))
        # raw = IncludeFile("raw", default="data/train.csv"): the file's content is an artifact of the run
        out += [
            Evidence(m.path, c.line, "IncludeFile", c.cell)
            for c in m.calls
            if c.name == "metaflow.IncludeFile"
        ]
    return out


# self.model = ..., self.best_model, self.seasonal_naive_model: a trained model kept under its name
_MODEL_ATTR = re.compile(
    r"(^|_)(model|models|estimator|classifier|regressor|clf|booster|pipeline)(_|$)", re.I
)


def metaflow_model_artifacts(ctx) -> list[Evidence]:
    """A model a Metaflow step keeps in `self` (`self.model = model.fit(...)`): Metaflow stores every
    value a step assigns to self as a versioned artifact of the run."""
    from ..index.python_facts import Dyn

    out = []
    for m in facts(ctx).modules:
        flows = {cls for cls, base, _l, _c in m.bases if base.endswith("FlowSpec")}
        spans = [(a, b, c) for name, a, c, b in m.classes if name in flows]
        out += [
            Evidence(m.path, a.line, f"{a.target} is kept as a Metaflow artifact of the run", a.cell)
            for a in m.assigns
            if a.target.startswith("self.")
            and "." not in a.target[5:]
            and _MODEL_ATTR.search(a.target[5:])
            and not _MODEL_SETTING_ATTR.search(a.target[5:])
            and isinstance(a.value, Dyn)
            and a.value.text not in ("None",)
            and not _LOADED.search(a.value.text)
            and any(c == a.cell and s <= a.line <= e for s, e, c in spans)
        ]
    return out


# self.model_path, self.model_name, self.model_type: a setting about the model, not the model
_MODEL_SETTING_ATTR = re.compile(
    r"_(path|name|type|uri|url|dir|config|cfg|params|id|version|kwargs|args)$", re.I
)
# self.model = joblib.load(path): a model read in, not one the run trained
_LOADED = re.compile(r"(^|\.)(load\w*|read\w*|from_pretrained|restore\w*)\(")


# --------------------------------------------------------------------------------------------
# ZenML: a pipeline framework that records every run itself
# --------------------------------------------------------------------------------------------

# What a step's return annotation names when its output is the data itself (kept as an artifact
# of the run), not a handle on files elsewhere (a DataLoader, a path string).
ZENML_DATA_TYPES = re.compile(
    r"^(pandas\.(DataFrame|Series)|numpy\.ndarray|polars\.(DataFrame|LazyFrame)|pyarrow\.Table|"
    r"datasets\.(Dataset|DatasetDict)|scipy\.sparse\.\w+|tensorflow\.data\.Dataset|pyspark\.sql\.DataFrame)$"
)
# ... when its output is a trained model (stored as a model artifact of the run).
ZENML_MODEL_TYPES = re.compile(
    r"(ArtifactType\.MODEL$|^sklearn\.(base\.\w*(Estimator|Mixin)|pipeline\.Pipeline)$|^sklearn\.\w+\.\w+(Regressor|Classifier)$|"
    r"^torch\.nn\.Module$|^(tensorflow\.)?keras\.(Model|Sequential|models\.\w+)$|"
    r"^(xgboost\.(Booster|XGB\w+)|lightgbm\.(Booster|LGBM\w+)|catboost\.CatBoost\w*)$|"
    r"^transformers\.(\w*PreTrainedModel|\w*Model(For\w+)?)$|^(lightning\.\w+\.|pytorch_lightning\.)LightningModule$)"
)
ZENML_METADATA = ("log_metadata", "log_artifact_metadata", "log_model_metadata", "log_step_metadata")
# Keys of a metadata dict that are results, not descriptions of the data.
_METRIC_KEY = re.compile(
    r"(?i)(^|_)(metrics?|acc(uracy)?|loss|r2(_score)?|mse|rmse|mae|mape|f1|auc|roc_auc|precision|recall|score|bleu|rouge|wer|iou|map)($|_)"
)


@dataclass(frozen=True)
class ZenmlStep:
    """A function decorated with ZenML's @step (or @pipeline) in a module of the main path."""

    path: str
    name: str
    line: int  # the decorator's line
    cell: int
    end: int
    params: tuple
    returns: tuple  # names in the return annotation (types resolved, output names)
    returns_value: bool
    decorator: object  # the decorator Call

    def evidence(self, detail: str) -> Evidence:
        return Evidence(self.path, self.line, detail, self.cell)

    def holds(self, path: str, line: int, cell: int = 0) -> bool:
        return path == self.path and cell == self.cell and self.line <= line <= self.end

    def outputs_data(self) -> bool:
        return any(ZENML_DATA_TYPES.match(n) for n in self.returns)

    def outputs_model(self) -> bool:
        return any(ZENML_MODEL_TYPES.search(n) for n in self.returns)


@dataclass(frozen=True)
class ZenmlRuns:
    """ZenML pipelines the project's main training path runs. ZenML keeps every run in its own
    store: the pipeline's and steps' parameters and configuration, every step output as a versioned
    artifact with its lineage, and the metadata a step logs (``log_metadata``)."""

    detection: object  # the ZenML Detection
    pipelines: tuple  # ZenmlStep of each @pipeline function
    steps: tuple  # ZenmlStep of each @step function

    @property
    def label(self) -> str:
        return self.detection.label

    @property
    def evidence(self) -> list:
        return [p.evidence("decorator @ " + p.decorator.name) for p in self.pipelines[:1]] + [
            s.evidence("decorator @ " + s.decorator.name) for s in self.steps[:2]
        ]

    def step_at(self, path: str, line: int, cell: int = 0):
        return next((s for s in self.steps if s.holds(path, line, cell)), None)


# A Markdown link: "[TensorFlow](https://...) 1.15" reads as its text.
MD_LINK = re.compile(r"\[([^\]\n]*)\]\([^)\n]*\)")


def mlflow_recipe(ctx):
    """(the recipe.yaml line naming an MLflow Recipe, whether it registers the model) when the project is
    an MLflow Recipe (`recipe: "regression/v1"`, run by `mlflow.recipes.Recipe(profile=...).run()`): the
    framework logs each run's resolved recipe, parameters, metrics and model to an MLflow run; else None."""
    cached = getattr(ctx, "_et_recipe", False)
    if cached is not False:
        return cached
    out = None
    runs = find(ctx, prefixes=("mlflow.recipes.Recipe", "mlflow.pipelines.Pipeline"))
    for doc in facts(ctx).config_docs:
        name = doc.path.rsplit("/", 1)[-1]
        if name in ("recipe.yaml", "pipeline.yaml") and isinstance(
            doc.get("recipe") or doc.get("template"), str
        ):
            line = next((ln for k, _, ln in doc.entries if k in ("recipe", "template")), 1)
            registers = (
                any(k.startswith("steps.register") for k, *_ in doc.entries) or "register" in doc.key_set()
            )
            if runs or registers:
                out = (
                    Evidence(doc.path, line, f"MLflow Recipe {doc.get('recipe') or doc.get('template')}"),
                    registers,
                )
                break
    ctx._et_recipe = out
    return out


@dataclass(frozen=True)
class GuildOp:
    """An operation of a Guild file: what `guild run NAME` executes, where Guild keeps a run record."""

    path: str  # the guild.yml
    line: int  # its `main:`, `exec:` or `steps:` line
    name: str
    command: str  # `train --data-dir data`, or `steps` for a pipeline of operations
    module: str  # the project module it runs, '' when not resolved (`{{main}}`, a package's module)

    def evidence(self, detail: str = "") -> Evidence:
        return Evidence(
            self.path, self.line, detail or f"Guild operation `{self.name}` runs `{self.command[:60]}`"
        )


_GUILD_FILES = ("guild.yml", "guild.yaml")


def guild_operations(ctx) -> list[GuildOp]:
    """Every operation the project's Guild files define. Guild records each run of one (its flags, a
    copy of the source code, the commit, its outputs), whatever the script itself logs."""
    cached = getattr(ctx, "_et_guild_ops", None)
    if cached is not None:
        return cached
    out = []
    for path, doc in sorted(ctx.index.configs.items()):
        if path.rsplit("/", 1)[-1] not in _GUILD_FILES or doc.error or scope_of(path) == "vendored":
            continue
        folder = path.rsplit("/", 1)[0] + "/" if "/" in path else ""
        listed = any(k.startswith("[]") for k, _v, _l in doc.entries)
        # name -> [line, command]; entries come in document order, an operation's key before its
        # attributes, so a key under a known operation is an attribute even when names hold dots
        ops: dict[str, list] = {}
        for key, value, line in doc.entries:
            if listed:
                if not key.startswith("[].operations."):
                    continue
                rest = key[len("[].operations.") :]
            else:
                rest = key
            owner = next((n for n in ops if rest.startswith(n + ".")), None)
            if owner is None:
                ops.setdefault(rest, [line, ""])
            elif rest[len(owner) + 1 :] in ("main", "exec", "steps"):
                command = value if isinstance(value, str) else "steps"
                ops[owner] = [line, command.strip()]
        for name, (line, command) in ops.items():
            # an operation without `main:` runs the module of its name (`train.py:` or `train:`)
            command = command or name.removesuffix(".py")
            module = ""
            if not command.startswith(("{", "steps")):
                script = re.search(r"([\w./-]+\.(?:py|ipynb))\b", command)
                head = script.group(1) if script else command.split()[0].replace(".", "/") + ".py"
                module = folder + head if folder + head in ctx.index.modules else ""
            out.append(GuildOp(path, line, name, command, module))
    ctx._et_guild_ops = out
    return out


def guild_site(ctx, d) -> Evidence | None:
    """Where Guild records the project's runs: the first operation that runs a training script (else
    any operation), or the tracker's first cited call when no Guild file defines one."""
    ops = guild_operations(ctx)
    entries = {e.path for e in ctx.taxonomy.training_entry_points}
    op = next((o for o in ops if o.module in entries), ops[0] if ops else None)
    if op is not None:
        return op.evidence()
    return d.evidence[0] if d.evidence else None


def guild_run_modules(ctx) -> dict[str, set[str]]:
    """guild file -> the training scripts and notebooks its runs execute: the modules its operations
    name, and, where one names its module by a template (`main: '{{main}} --datadir data'`) or any
    script beside it may be run (`guild run train.py`), the training entry points in its folder."""
    cached = getattr(ctx, "_et_guild_runs", None)
    if cached is not None:
        return cached
    out: dict[str, set[str]] = {}
    open_ended: set[str] = set()  # files with an operation whose module a template names
    for op in guild_operations(ctx):
        out.setdefault(op.path, set()).update([op.module] if op.module else [])
        if op.command.startswith("{"):
            open_ended.add(op.path)
    for path in open_ended:
        # (only there: a file whose operations all name their module runs those, not the baselines the
        # README runs with plain python beside them)
        folder = path.rsplit("/", 1)[0] + "/" if "/" in path else ""
        out[path].update(e.path for e in ctx.taxonomy.training_entry_points if e.path.startswith(folder))
    ctx._et_guild_runs = out
    return out


def polyaxon_components(ctx) -> list:
    """The components the project's Polyaxonfiles define, top-level or inline under an operation's
    `component:` (a matrix or params given to a component in the same file)."""
    from ..detect.polyaxon import JOB_KINDS, components

    key = (id(ctx.index), len(ctx.index.configs), len(ctx.index.modules))
    cached = getattr(ctx, "_et_polyaxon_components", None)
    if cached is not None and cached[0] == key:
        return cached[1]
    # (a Polyaxonfile illustrating the docs, or a test's fixture, runs none of the project's runs); a
    # component trains when it runs a training entry point as a job (a download job's inputs, a notebook
    # service's git checkout are none of a training run's records)
    entries = {e.path for e in ctx.taxonomy.training_entry_points}
    out = [
        replace(c, trains=c.kind in JOB_KINDS and c.module in entries)
        for c in components(ctx.index)
        if scope_of(c.path) == "core"
    ]
    ctx._et_polyaxon_components = (key, out)
    return out


def polyaxon_imaged_runs(ctx) -> set[str]:
    """The modules a Polyaxonfile's components run on the cluster without a git initializer (the code in
    the image), with the project modules they import: such a run is no new run of the client, which
    logs no code reference for it (Polyaxon takes a scheduled run's commit from its git initializer)."""
    from ..detect.engine import import_closure, project_imports

    starts = {c.module for c in polyaxon_components(ctx) if c.module and not c.git_line}
    return import_closure(project_imports(ctx.index), starts) if starts else set()


def polyaxon_recorded(ctx, e: Evidence) -> set[str]:
    """The modules whose runs Polyaxon records as a cited Polyaxonfile line says: those of every training
    component declaring inputs, or with a git initializer, or else the modules of that file's components."""
    comps = polyaxon_components(ctx)
    if not any(c.path == e.path for c in comps):
        return set()
    if e.detail.startswith("inputs (") and "Polyaxon" in e.detail:
        return {c.module for c in comps if c.inputs and c.trains}
    if e.detail.startswith("Polyaxon records the commit its git initializer"):
        return {c.module for c in comps if c.git_line and c.trains}
    return {c.module for c in comps if c.path == e.path and c.module}


def polyaxon_inputs(ctx) -> list[Evidence]:
    """Components running a training entry point that declare inputs: Polyaxon resolves and keeps every
    run's inputs (the operation's params, or a matrix's suggestion) with the run."""
    return [
        Evidence(
            c.path, c.inputs_line, f"inputs ({_names(c.inputs)}) Polyaxon resolves and records with each run"
        )
        for c in polyaxon_components(ctx)
        if c.inputs and c.trains
    ]


def _names(names) -> str:
    unique = list(dict.fromkeys(names))
    return ", ".join(unique[:6]) + (", ..." if len(unique) > 6 else "")


def polyaxon_git_inits(ctx) -> list[Evidence]:
    """Training components whose code comes from a git initializer: Polyaxon clones the repository and
    records the commit it checked out as the run's code reference (a notebook service's checkout is
    no training run's)."""
    return [
        Evidence(
            c.path, c.git_line, "Polyaxon records the commit its git initializer checks out for each run"
        )
        for c in polyaxon_components(ctx)
        if c.git_line and c.trains
    ]


# Polyaxon's tracking client: `tracking.init()` and `Run(...)` open a run, which records the environment
# (Python, OS, installed packages) unless track_env=False, and, for a new run (one the client creates,
# not one a Polyaxonfile starts on the cluster), the commit of the git checkout it runs in unless
# track_code=False
_POLYAXON_OPENINGS = ("polyaxon.tracking.init", "polyaxon.tracking.Run")


def polyaxon_openings(ctx, flag: str) -> list:
    """(facts, call) of the places a Polyaxon run is opened with `flag` (track_code, track_env) left on."""
    return find(ctx, exact=_POLYAXON_OPENINGS, pred=lambda c: c.kw(flag) is not False)


def zenml_runs(ctx):
    """The ZenML pipelines of the main training path, or None. ZenML records a run only when the code
    runs as a pipeline: a @pipeline and its @step functions in modules the training entry points
    reach (a pipeline beside a plain training script records nothing of that script's runs)."""
    cached = getattr(ctx, "_et_zenml", False)
    if cached is not False:
        return cached
    ctx._et_zenml = None
    f = facts(ctx)
    det = next(
        (d for d in ctx.present("pipelines", include_examples=False) if d.tool == "zenml" and d.evidence),
        None,
    )
    if det is None:
        return None
    main = f.main_path
    if not f.training:
        # No script trains outside the pipelines: the entry points that launch them are the main path
        # (`python run.py -tp` runs the training pipeline, whose trainer step fits the model).
        from ..detect.engine import import_closure, project_imports

        main = import_closure(project_imports(ctx.index), [e.path for e in ctx.taxonomy.entry_points])
    pipelines, steps = [], []
    for m, d in f.decorators:
        kind = _last(d.name)
        if not d.name.startswith("zenml.") or kind not in ("pipeline", "step") or m.path not in main:
            continue
        sig = min(
            (s for s in getattr(m, "signatures", ()) if s[2] == d.cell and s[1] >= d.line),
            key=lambda s: s[1],
            default=None,
        )
        if sig is None:
            continue
        name, _line, cell, end, params, returns, returns_value = sig
        item = ZenmlStep(m.path, name, d.line, cell, end, params, returns, returns_value, d)
        (pipelines if kind == "pipeline" else steps).append(item)
    if pipelines and steps:
        ctx._et_zenml = ZenmlRuns(det, tuple(pipelines), tuple(steps))
    return ctx._et_zenml


def zenml_data_steps(ctx) -> list:
    """Steps of the main path whose output is the data itself (a DataFrame, an array, a dataset):
    ZenML keeps it as a versioned artifact of every run."""
    runs = zenml_runs(ctx)
    if runs is None:
        return []
    out = []
    for s in runs.steps:
        m = ctx.index.modules.get(s.path)
        # An array a step computes with a model (`service.predict(data)`) is predictions, not data.
        if (
            s.outputs_data()
            and m is not None
            and not any(
                s.holds(s.path, c.line, c.cell) and _last(c.name).startswith("predict") for c in m.calls
            )
        ):
            out.append(s)
    return out


def zenml_parameters(ctx) -> list[Evidence]:
    """What ZenML stores as each run's configuration: the pipeline's own parameters (`def
    training(epochs: int = 15)`, not the step instances an older pipeline is handed), step
    parameter classes (`BaseParameters`), and a configuration file given to the run (`config_path=`)."""
    runs = zenml_runs(ctx)
    if runs is None:
        return []
    out = []
    for p in runs.pipelines:
        m = ctx.index.modules.get(p.path)
        called = {c.name for c in (m.calls if m is not None else ()) if p.holds(p.path, c.line, c.cell)}
        values = [x for x in p.params if x not in called and x not in ("self", "cls")]
        if values:
            listed = ", ".join(values[:4])
            out.append(
                p.evidence(f"ZenML stores the parameters of pipeline {p.name} ({listed}) with every run")
            )
    for m, c in find(
        ctx, suffixes=("with_options", "run", "configure"), pred=lambda c: c.has_kw("config_path")
    ):
        v = c.kw("config_path")
        where = v if isinstance(v, str) else "a configuration file"
        out.append(ev(m, c, f"ZenML stores the run configuration from {where} with every run"))
    paths = {s.path for s in (*runs.pipelines, *runs.steps)}
    paths |= _imported_by(ctx, paths)
    for m, cls, base, line, cell in facts(ctx).bases:
        if base.startswith("zenml.") and base.endswith("BaseParameters") and m.path in paths:
            out.append(Evidence(m.path, line, f"ZenML stores the step parameters {cls} with every run", cell))
    return out


def _imported_by(ctx, paths) -> set:
    from ..detect.engine import project_imports

    imports = project_imports(ctx.index)
    return {hit for p in paths for hit in imports.get(p, ())}


_ZENML_REGISTER = re.compile(r"zenml\s+(orchestrator|step-operator)\s+register\s+\S+")
_ZENML_FLAVOR = re.compile(r"(--flavor[= ]|-f\s+)['\"]?([\w-]+)")


def zenml_containers(ctx) -> tuple[list[Evidence], list[Evidence]]:
    """(DockerSettings the pipelines give, registrations of a stack component that runs steps in
    containers). ZenML builds an image from the DockerSettings only for such a stack (Kubeflow,
    Vertex, SageMaker, Kubernetes, local Docker...); on the default local orchestrator nothing is built."""
    runs = zenml_runs(ctx)
    if runs is None:
        return [], []
    settings = [
        ev(m, c, "ZenML DockerSettings") for m, c in find(ctx, suffixes=("DockerSettings",), roots={"zenml"})
    ]
    for doc in facts(ctx).config_docs:
        for k, _v, line in doc.entries:
            if re.fullmatch(r"(settings\.docker|steps\.[^.]+\.settings\.docker)(\..*)?", k):
                settings.append(Evidence(doc.path, line, "ZenML DockerSettings in the run configuration"))
                break
    stacks = []
    for path, text in sorted(ctx.index.texts.items()):
        for m in _ZENML_REGISTER.finditer(text):
            end = m.end()
            while True:  # the command with its continuation lines (`\` at the end of a line)
                nl = text.find("\n", end)
                if nl < 0 or not text[end:nl].rstrip().endswith("\\") or nl - m.end() > 1000:
                    end = len(text) if nl < 0 else nl
                    break
                end = nl + 1
            f = _ZENML_FLAVOR.search(text, m.end(), end)
            if f and f.group(2) != "local":
                line = text.count("\n", 0, m.start()) + 1
                stacks.append(
                    Evidence(path, line, f"registers a {f.group(2)} {m.group(1)} (runs steps in containers)")
                )
                break
    return settings, stacks


def zenml_metadata_logs(ctx, runs=None) -> list:
    """(step, module, call) of each ``log_metadata`` call in a step: what ZenML attaches to the run,
    its artifacts or its model version."""
    runs = runs or zenml_runs(ctx)
    if runs is None:
        return []
    out = []
    for m, c in find(ctx, suffixes=ZENML_METADATA, roots={"zenml"}):
        step = runs.step_at(m.path, c.line, c.cell)
        if step is not None:
            out.append((step, m, c))
    return out


def zenml_metric_logs(ctx, runs=None) -> list[Evidence]:
    """``log_metadata`` calls that record results: in a step that computes evaluation metrics, or
    with metric-named keys (r2_score, accuracy, loss)."""
    runs = runs or zenml_runs(ctx)
    out = []
    for step, m, c in zenml_metadata_logs(ctx, runs):
        md = c.kw("metadata") if c.has_kw("metadata") else (c.args[0] if c.args else None)
        keys = list(md) if isinstance(md, dict) else []
        computes = any(step.holds(m.path, x.line, x.cell) and _EVAL_CALL.match(x.name) for x in m.calls)
        if computes or any(isinstance(k, str) and _METRIC_KEY.search(k) for k in keys):
            out.append(ev(m, c, f"{c.name} records the results of step `{step.name}` with the run"))
    return out


_EVAL_CALL = re.compile(r"^(sklearn\.metrics\.\w+|torchmetrics\.\w+|evaluate\.load|keras\.metrics\.\w+)")


def tracking_tools_text(ctx, trackers) -> str:
    """The executive summary's list of tracking tools: the trackers, then the pipeline frameworks whose
    runs record themselves on the main path (ZenML, Metaflow), or 'none'."""
    names = [d.label for d in trackers]
    zen = zenml_runs(ctx)
    if zen is not None and zen.label not in names:
        names.append(f"{zen.label} (every pipeline run keeps its parameters, step outputs and metadata)")
    flows = metaflow_flows(ctx)
    if flows and flows[0].label not in names:
        names.append(f"{flows[0].label} (every flow run keeps its parameters and step artifacts)")
    return ", ".join(names) or "none"


def run_sites(d, n: int = 3) -> list:
    """The places a tracker opens its runs the same way as its first cited call (two wandb.init
    calls, one behind each switch): what a question about its switch must weigh together."""
    first = d.evidence[0] if d.evidence else None
    return [e for e in d.evidence if e.detail == first.detail][:n] if first else []


def guarding_switch(ctx, evidence: list):
    """(condition, evidence) when every cited place runs only behind a switch, else None. Of several
    guarded places, the one behind "the package is installed" is the path every run takes where it is
    installed; a narrower switch (resuming from an artifact) is not the question."""
    # A finding citing one of a tracker's run-opening calls holds through the others as well.
    cited = {(e.path, e.line) for e in evidence}
    extra = [
        s
        for d in ctx.present("tracking")
        for sites in [run_sites(d)]
        if any((s.path, s.line) in cited for s in sites)
        for s in sites
        if (s.path, s.line) not in cited
    ]
    pairs = [(switch_of(ctx, e), e) for e in [*evidence, *extra] if e.path]
    if not pairs or not all(c for c, _ in pairs):
        return None
    return next(((c, e) for c, e in pairs if installed_switch(ctx, c, e)), pairs[0])


def installed_switch(ctx, cond: str, e) -> str:
    """The package a switch tests for being importable (`if wandb:` / `elif self.wandb:` /
    `if wandb is not None` after `try: import wandb / except ImportError: wandb = None`), or ''."""
    m = ctx.index.modules.get(e.path)
    name = re.sub(r"\s+is\s+not\s+None$", "", re.sub(r"^(self\.)", "", cond.strip()))
    if m is None or not re.fullmatch(r"\w+", name):
        return ""
    guarded = {i.module.split(".", 1)[0] for i in m.imports if i.guarded}
    if name in guarded:
        return name
    # try: import hydra / hydra_available = True / except ImportError: hydra_available = False: a flag set
    # in the guarded import's own try block says whether the package is installed, no option of the user's
    # (module-level constants keep only their last value: the try block's lines are read)
    guards = [i for i in m.imports if i.guarded and i.cell == e.cell == 0]
    lines = source_lines(ctx, e.path) if guards and name in m.constants else None
    # (set inside the try block, indented like the import: not a constant after the except clause)
    sets = re.compile(rf"(\s+){re.escape(name)}\s*=\s*True\s*(#.*)?$")

    def in_try(i) -> bool:
        indent = len(line_at(lines, i.line)) - len(line_at(lines, i.line).lstrip())
        for n in range(i.line + 1, i.line + 5):
            text = line_at(lines, n)
            if re.match(r"\s*(except|finally|else)\b", text) or (
                text.strip() and len(text) - len(text.lstrip()) < indent
            ):
                return False
            hit = sets.match(text)
            if hit and len(hit.group(1)) == indent:
                return True
        return False

    return next((i.module.split(".", 1)[0] for i in guards if in_try(i)), "")


def switch_question(ctx, what: str, cond: str, e) -> str:
    """The review question for a practice that holds only behind a switch, with what the committed
    configuration sets that switch to when the code says so."""
    package = installed_switch(ctx, cond, e)
    if package:
        listed = next((d for d in ctx.index.dependencies if d.name == package.replace("_", "-")), None)
        where = f"{listed.path} lists it" if listed else "no dependency manifest lists it"
        return (
            f"{what} only when the `{package}` package is installed (`{cond}` at {e.where()} tests its "
            f"guarded import; {where}): was it installed where the runs you report were made?"
        )
    if cond.startswith(OFFERED):
        return (
            f"{what} only when a run's script builds `{cond[len(OFFERED) + 1 :]}` ({e.where()}), a class the "
            "project offers its users; none of the project's own code builds it. Did the runs you report use it?"
        )
    if cond.startswith("the run's configuration"):  # a plug-in picked by name (registered_plugin)
        return f"{what} only when {cond} ({e.where()}): did the runs you report name it?"
    state, where = switch_defaults(ctx, cond)
    known = f" The committed defaults set it {state} ({where})." if state else ""
    return (
        f"{what} only when `{cond}` is true ({e.where()}): were the runs you report made with it on?{known}"
    )


_SIMPLE_SWITCH = re.compile(r"^(not\s+)?[\w.]*?(\w+)$")


# an option handed to a call by the caller: args.save_tb, opt.use_wandb, FLAGS.log
_PASSED_OPTION = re.compile(
    r"(?:args|opts?|FLAGS|flags|config|cfg|hparams|(?:[\w.()]+\.)?parse_args\(\))\.(\w+)"
)


def switch_defaults(ctx, cond: str, depth: int = 0) -> tuple[str, str]:
    """What the committed configuration sets a switch to: ("off", "cfgs/config.yaml:16"). Read from a
    YAML/JSON key, a Python config assignment (`training.snapshot_sampling = True`) or a command-line
    default of the same name; ("", "") when there is none or they disagree."""
    if ".get(" in cond or "[" in cond:
        keyed = _keyed_switch(ctx, cond)
        if keyed[0]:
            return keyed
    m = _SIMPLE_SWITCH.match(cond.strip())
    if not m or m.group(1):
        return "", ""
    name = m.group(2)
    found: list[tuple[bool, Evidence]] = []
    for doc in facts(ctx).config_docs:
        for k, v, line in doc.entries:
            if isinstance(v, bool) and (k == name or k.endswith("." + name)):
                found.append((v, Evidence(doc.path, line, f"{k}: {str(v).lower()}")))
    for mod, a in facts(ctx).assigns:
        if (
            isinstance(a.value, bool)
            and (a.target == name or a.target.endswith("." + name))
            and "." in a.target
        ):
            found.append((a.value, Evidence(mod.path, a.line, f"{a.target} = {a.value}", a.cell)))
    for mod in facts(ctx).modules:
        # use_wandb_logging = False at the top of the training script
        if isinstance(mod.constants.get(name), bool):
            found.append((mod.constants[name], Evidence(mod.path, 0, f"{name} = {mod.constants[name]}")))
        # `use_wandb: bool = True` in an options dataclass
        for cls, field_name, value, line, cell in getattr(mod, "class_defaults", ()):
            if field_name == name and isinstance(value, bool):
                found.append((value, Evidence(mod.path, line, f"{cls}.{name} = {value}", cell)))
    for mod, c in facts(ctx).calls:
        if (
            c.kwargs
            and c.has_kw(name)
            and not c.name.endswith(("add_argument", "DEFINE_bool", "DEFINE_boolean"))
        ):
            # Logger(args.work_dir, use_tb=args.save_tb): the switch a class or function is handed, set by
            # the caller's value (a literal, or an option's own default)
            v = c.kw(name)
            if isinstance(v, bool):
                found.append((v, Evidence(mod.path, c.line, f"{name}={v}", c.cell)))
                continue
            opt = _PASSED_OPTION.fullmatch(getattr(v, "text", "") or "")
            if opt and depth == 0 and opt.group(1) != name:
                state, where = switch_defaults(ctx, opt.group(1), depth + 1)
                if state:
                    found.append(
                        (
                            state == "on",
                            Evidence(mod.path, c.line, f"{name}={opt.group(0)} ({where})", c.cell),
                        )
                    )
            continue
        # absl: flags.DEFINE_boolean("checkpoint_model", False, "...")
        if c.name.endswith(("DEFINE_bool", "DEFINE_boolean")) and len(c.args) > 1 and c.args[0] == name:
            if isinstance(c.args[1], bool):
                found.append((c.args[1], Evidence(mod.path, c.line, f"--{name} default {c.args[1]}", c.cell)))
            continue
        if c.name.endswith("add_argument") and any(
            isinstance(x, str) and x.lstrip("-").replace("-", "_") == name for x in c.args
        ):
            action = c.kw("action")
            default = c.kw("default") if c.has_kw("default") else (action == "store_false")
            if isinstance(default, bool):
                found.append((default, Evidence(mod.path, c.line, f"--{name} default {default}", c.cell)))
    values = {v for v, _ in found}
    if len(values) != 1:
        return "", ""
    where = ", ".join(e.where() for _, e in found[:3]) + (
        f" and {len(found) - 3} more" if len(found) > 3 else ""
    )
    return ("on" if values.pop() else "off"), where


# `opt['logger'].get('use_tb_logger')`, `opt['logger']['wandb'].get('project') is not None`: keys of the
# options dict, read from the YAML option files; `'debug' not in opt['name']` excludes debug runs only
_KEY = re.compile(r"\[\s*['\"](\w+)['\"]\s*\]|\.get\(\s*['\"](\w+)['\"]")
_EXCLUSION = re.compile(r"^['\"][\w-]+['\"]\s+not\s+in\s+[\w.]+(\[['\"]\w+['\"]\])*$")
# The only tests read: a key's value (`opt['a']['b']`, `opt['a'].get('b')`, no default), or its presence
# (`... is not None`). A `not`, a comparison, a default or an `or` is another test, not judged here.
_KEY_READ = re.compile(
    r"^[A-Za-z_]\w*(\.\w+)*(\[\s*['\"]\w+['\"]\s*\])*(\.get\(\s*['\"]\w+['\"]\s*\))?(\s+is\s+not\s+None)?$"
)
# ... cut short by the facts ("…"): its start, up to a key named in full
_KEY_READ_CUT = re.compile(r"^[A-Za-z_]\w*(\.\w+)*(\[\s*['\"]\w+['\"]\s*\])*(\.get\(\s*['\"]\w+['\"])[^…]*…$")


def _keyed_switch(ctx, cond: str) -> tuple[str, str]:
    """What the shipped option files make a test of their keys: ("off", where) when one of its
    conjuncts is false in every file that configures its section (`wandb: {project: ~}`), ("on", where)
    when every conjunct holds in all of them; ("", "") otherwise. A test cut short in the facts ("…")
    can still be off: a key that is null everywhere fails both `X.get(k)` and `X.get(k) is not None`."""
    memo = ctx.__dict__.setdefault("_et_keyed_switch", {})
    if cond not in memo:
        memo[cond] = _read_keyed_switch(ctx, cond)
    return memo[cond]


def _read_keyed_switch(ctx, cond: str) -> tuple[str, str]:
    docs = facts(ctx).config_docs
    if re.search(r"\bor\b", cond):
        return "", ""
    states = []
    for part in re.split(r"\s+and\s+", cond.strip()):
        part = part.strip()
        while part.startswith("(") and part.endswith(")"):
            part = part[1:-1].strip()
        if _EXCLUSION.match(part):
            states.append(("skip", ""))
            continue
        read = _KEY_READ.match(part)
        cut = not read and bool(_KEY_READ_CUT.match(part))
        if not read and not cut:
            states.append(("", ""))  # a test of another kind: not known from the files
            continue
        keys = [a or b for a, b in _KEY.findall(part)]
        if not keys:
            states.append(("", ""))  # a plain name (`args.use_wandb`): the simple switch's reading
            continue
        dotted = ".".join(keys)
        section = [
            d for d in docs if any(k == keys[0] or k.startswith(keys[0] + ".") for k, _, _ in d.entries)
        ]
        if not section:
            states.append(("", ""))
            continue
        values = []
        for d in section:
            hit = next(
                ((v, line) for k, v, line in d.entries if k == dotted or k.endswith("." + dotted)), None
            )
            inner = next((line for k, _, line in d.entries if k.startswith(dotted + ".")), None)
            if inner is not None:
                values.append((True, d.path, inner))  # a mapping under the key: given
            elif hit is not None:
                values.append(
                    (hit[0] not in (None, False, "", "~") and str(hit[0]).lower() != "null", d.path, hit[1])
                )
            else:
                values.append((False, d.path, 0))  # absent: .get() gives None
        if cut and any(v for v, _, _ in values):
            states.append(("", ""))  # cut short: only "null everywhere" decides it
            continue
        on = {v for v, _, _ in values}
        where = ", ".join(f"{p}:{ln}" if ln else p for _, p, ln in values[:2]) + (
            f" and {len(values) - 2} more" if len(values) > 2 else ""
        )
        states.append(("on" if on == {True} else "off" if on == {False} else "", where))
    off = [s for s in states if s[0] == "off"]
    if off:
        return off[0]
    if states and all(s[0] in ("on", "skip") for s in states) and any(s[0] == "on" for s in states):
        return "on", next(s[1] for s in states if s[0] == "on")
    return "", ""


def trains(ctx) -> bool:
    return bool(facts(ctx).training)


def mostly_notebooks(ctx) -> bool:
    """Most training entry points are notebooks (a course, a book): run cell by cell, often in Colab,
    their parameters belong in a cell, not on a command line."""
    entries = ctx.taxonomy.training_entry_points
    return sum(e.path.endswith(".ipynb") for e in entries) * 2 > len(entries) > 0


def trains_nothing(ctx) -> bool:
    """No training entry point, no call that updates a model in the project's own code and no tracker
    used there (a library of Kedro dataset connectors that save and load models for others): nothing here
    makes a run, so nothing here is a run's record, and seeding or GPU determinism has nothing to act on."""
    return not trains(ctx) and training_code(ctx) is None and not code_trackers(ctx)


def training_code(ctx):
    """The first call that updates a model, outside metric and analysis modules: (facts, call), or None.
    A library with no training script still holds training code (an algorithm's learn())."""
    from ..detect.engine import TRAIN_CALL, statistic_module, updates_weights

    f = facts(ctx)
    key = ("training_code",)  # asked by many rules (trains_nothing): read once per facts
    if key in f.found:
        return f.found[key]
    stepped = None
    found = None
    for m, c in f.calls:
        if not (TRAIN_CALL.search(c.name) and scope_of(m.path) == "core" and not statistic_module(m.path)):
            continue
        if c.name.endswith(".backward"):
            # a backward pass in a project where no module builds or steps an optimizer (a loss balancer's
            # gradients, a model's forward/backward smoke test) updates nothing: the weights are stepped
            # elsewhere. One module stepping them (a Trainer beside the library's backward_and_clip())
            # makes it training code.
            if stepped is None:
                stepped = any(updates_weights(x) for x in f.modules if scope_of(x.path) == "core")
            if not stepped:
                continue
        found = (m, c)
        break
    f.found[key] = found
    return found


_TOKEN_START = re.compile(r"[\s(<\"'\[]")


# Advice, not a report: "in practice, you might run the same experiment across ~3 different seeds".
_ADVICE = re.compile(r"\b(you|might|could|should|would|may|try|consider|recommend\w*|ideally|e\.g\.)\b", re.I)


# A reference-list entry or a BibTeX field: the words of a cited title say nothing about this project.
_CITATION = re.compile(
    r"^\s*(?:(?:\[\d+\]|\d+\.|[-*])\s+(?=.*\b(?:19|20)\d\d\b)(?=.*\b(?:proceedings|conference|workshop|"
    r"journal|arxiv|preprint|neurips|nips|icml|iclr|cvpr|iccv|eccv|aaai|acl|emnlp|icaif|et al)\b)"
    r"|@\w+\s*\{|(?:title|booktitle|journal)\s*=)",
    re.I,
)


def _prose_match(pattern: re.Pattern, text: str, reported: bool = False):
    """The first match that is prose, not part of a URL ('pii' in a journal link) or a badge's alt text;
    ``reported``: not in a sentence that advises rather than reports."""
    return next(prose_matches(pattern, text, reported), None)


def prose_matches(pattern: re.Pattern, text: str, reported: bool = False):
    """Every match of ``pattern`` in ``text`` that is prose (see ``_prose_match``), in order."""
    for m in pattern.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        head = text[line_start : m.start()]
        if reported and _ADVICE.search(re.split(r"[.!?]\s", head)[-1]):
            continue
        token = _TOKEN_START.split(head)[-1] if head else ""
        if "://" in token or token.startswith("www."):
            continue
        if "![" in head and "]" not in head[head.rfind("![") :]:
            continue  # the alt text of a badge image: ![cuDNN 7.3.1](https://img.shields.io/...)
        if "#" in head + m.group(0)[:1] and text.count("```", 0, line_start) % 2 == 1:
            # `# training dataset` in a fenced config or shell block, or `jnp.ones(...)  # ImageNet sized
            # inputs.` in a Python one: a comment, not a heading
            continue
        if _planned(text, line_start):
            continue  # "## TODO / - Train the model on the MS-COCO data set": work not done yet
        line_end = text.find("\n", m.end())
        if _CITATION.search(text[line_start : line_end if line_end >= 0 else len(text)]):
            continue  # a paper's title in a reference list ("... the Impact of Fairness ... and Privacy, 2018")
        yield m


_PLANNED_LINE = re.compile(r"\s*(?:[-*+]\s*)?(?:\[ \]|todo\b|to-do\b)", re.I)
_PLANNED_SECTION = re.compile(
    r"#+\s*(?:todos?|to-?do(?: list)?|future work|roadmap|planned|coming soon|wish ?list|next steps)\b", re.I
)


def _planned(text: str, line_start: int) -> bool:
    """The line is planned work: a TODO item or an unchecked box, or a line of a TODO / Future work /
    Roadmap section (the nearest Markdown heading above it)."""
    if _PLANNED_LINE.match(text, line_start):
        return True
    at = line_start
    for _ in range(200):  # a section's heading is near; a long heading-less file is not walked whole
        if at <= 0:
            break
        prev = text.rfind("\n", 0, at - 1) + 1
        if text.startswith("#", prev):
            return _PLANNED_SECTION.match(text, prev) is not None
        at = prev
    return False


_CHANGELOG = re.compile(r"(changelog|changes|history|release[-_ ]?notes|news)(\.\w+)?$", re.I)


def doc_search(ctx, pattern: re.Pattern, limit: int = 6, reported: bool = False) -> list[Evidence]:
    """Lines of prose files (and notebook markdown) matching a pattern (``reported``: not advice). A
    changelog records what changed in a release ("python 3.14 support"), never how to set up or run."""
    from ..detect.engine import in_copied_project

    out = []
    for path, text in facts(ctx).docs.items():
        # ... nor do the docs of another project copied whole into this one speak for it (FastReID's
        # model zoo inside BoT-SORT states FastReID's hardware)
        if _CHANGELOG.match(path.rsplit("/", 1)[-1]) or in_copied_project(ctx.inventory, path):
            continue
        m = _prose_match(pattern, text, reported)
        if m:
            out.append(Evidence(path, text.count("\n", 0, m.start()) + 1, m.group(0)[:80]))
            if len(out) >= limit:
                return out
    for path, cells in sorted(ctx.index.markdown.items()):
        for cell_text in cells:
            m = _prose_match(pattern, cell_text, reported)
            if m:
                out.append(Evidence(path, 0, f"markdown: {m.group(0)[:60]}"))
                break
        if len(out) >= limit:
            break
    return out


def files_named(ctx, pattern: re.Pattern, limit: int = 6) -> list[Evidence]:
    out = []
    for fe in ctx.inventory.project_files():
        if pattern.search(fe.path):
            out.append(Evidence(fe.path, 0, "file present"))
            if len(out) >= limit:
                break
    return out


def where_list(evidence, limit: int = 3) -> str:
    return ", ".join(e.where() for e in evidence[:limit]) + (
        f" and {len(evidence) - limit} more" if len(evidence) > limit else ""
    )


# seed call -> frameworks whose global RNG it seeds
SEED_CALLS: dict[str, tuple[str, ...]] = {
    # detectron2's default_setup seeds python, numpy and torch from cfg.SEED (a random seed it logs
    # when the config leaves it negative) at the start of every run
    "detectron2.engine.default_setup": ("random", "numpy", "torch"),
    "detectron2.engine.defaults.default_setup": ("random", "numpy", "torch"),
    "detectron2.utils.env.seed_all_rng": ("random", "numpy", "torch"),
    "random.seed": ("random",),
    "numpy.random.seed": ("numpy",),
    "numpy.random.default_rng": ("numpy",),
    "numpy.random.RandomState": ("numpy",),
    "numpy.random.Generator": ("numpy",),
    "torch.manual_seed": ("torch",),
    "torch.random.manual_seed": ("torch",),
    "torch.cuda.manual_seed": ("torch",),
    "torch.cuda.manual_seed_all": ("torch",),
    "tensorflow.random.set_seed": ("tensorflow",),
    "tensorflow.set_random_seed": ("tensorflow",),
    "tensorflow.compat.v1.set_random_seed": ("tensorflow",),
    "tensorflow.keras.utils.set_random_seed": ("tensorflow", "random", "numpy"),
    "keras.utils.set_random_seed": ("tensorflow", "random", "numpy"),
    "jax.random.PRNGKey": ("jax",),
    "jax.random.key": ("jax",),
    # Haiku's key sequence built from a seed: every key it yields follows from that seed
    "haiku.PRNGSequence": ("jax",),
    "transformers.set_seed": ("random", "numpy", "torch", "tensorflow"),
    "transformers.trainer_utils.set_seed": ("random", "numpy", "torch", "tensorflow"),
    "accelerate.utils.set_seed": ("random", "numpy", "torch"),
    "lightning.seed_everything": ("random", "numpy", "torch"),
    "lightning.pytorch.seed_everything": ("random", "numpy", "torch"),
    "pytorch_lightning.seed_everything": ("random", "numpy", "torch"),
    "lightning.fabric.utilities.seed.seed_everything": ("random", "numpy", "torch"),
    "lightning_fabric.utilities.seed.seed_everything": ("random", "numpy", "torch"),
    "pytorch_lightning.utilities.seed.seed_everything": ("random", "numpy", "torch"),
    "lightning.pytorch.utilities.seed.seed_everything": ("random", "numpy", "torch"),
    "mlx.core.random.seed": ("mlx",),
    "paddle.seed": ("paddle",),
    # libzero / delu: improve_reproducibility(seed) seeds random, numpy and torch (and sets cuDNN's
    # deterministic flags); delu.random.seed in its later releases
    "zero.improve_reproducibility": ("random", "numpy", "torch"),
    "zero.random.seed": ("random", "numpy", "torch"),
    "delu.improve_reproducibility": ("random", "numpy", "torch"),
    "delu.random.seed": ("random", "numpy", "torch"),
    # Stable-Baselines3's helper, mmengine's and timm's
    "stable_baselines3.common.utils.set_random_seed": ("random", "numpy", "torch"),
    "mmengine.runner.set_random_seed": ("random", "numpy", "torch"),
    "mmcv.runner.set_random_seed": ("random", "numpy", "torch"),
    "timm.utils.random_seed": ("random", "numpy", "torch"),
}
SEED_HELPERS = ("seed_everything", "set_seed", "set_random_seed", "seed_all", "set_global_seeds", "fix_seed")
FRAMEWORK_ROOTS = {
    "torch": "torch",
    "fastai": "torch",  # fastai trains torch models: torch's seed decides their initialisation
    "tensorflow": "tensorflow",
    "keras": "tensorflow",
    "jax": "jax",
    "numpy": "numpy",
    "random": "random",
}


def data_versioning_tools(ctx, include_examples: bool = True) -> list:
    """Data versioning detections that version data: DVC that only tracks a trained model file (or is
    only initialised) versions no data."""
    from ..detect.engine import DVC_MODEL, DVC_REPO

    out = []
    # dvc.lock pins every stage's dependencies and outputs by hash: that versions pipeline data.
    lock = any(f.path.rsplit("/", 1)[-1] == "dvc.lock" for f in ctx.inventory.project_files())
    for d in ctx.present("data_versioning", include_examples=include_examples):
        if (
            d.tool == "dvc"
            and not lock
            and all(
                e.detail in (DVC_MODEL, DVC_REPO)
                or (
                    e.detail.startswith("runs `") and not re.search(r"dvc\s+(add|repro|import|exp)", e.detail)
                )
                for e in d.evidence
            )
        ):
            continue  # `dvc pull dvcfiles/trained_model.dvc` fetches the model, no data
        if d.scope == "test":
            continue  # LFS over the tests' fixtures versions no data a run trains on
        out.append(d)
    return out


def seeded_by(name: str) -> tuple[str, ...]:
    """The frameworks one seeding call seeds (a helper seeds every framework it knows)."""
    fw = SEED_CALLS.get(name)
    if fw is not None:
        return fw
    if name.startswith("tensorflow") and name.endswith("RunConfig"):
        return ("tensorflow",)  # RunConfig(tf_random_seed=...): the graph seed of the Estimator's own graph
    if re.match(r"mm\w*\.(apis|utils|core|runner)(\.\w+)?\.set_random_seed$", name):
        return ("random", "numpy", "torch")  # OpenMMLab's (mmdet.apis, mmseg.apis, ...): no TensorFlow
    if re.search(r"run_\w*experiment", name):
        return ("random", "numpy", "tensorflow")  # rllab's set_seed: random, numpy and TensorFlow
    if (
        "seed_everything" in name
        or "TrainingArguments" in name
        or "SFTConfig" in name
        or name.startswith(("transformers.", "trl."))
        or learner_api(name) is not None  # fastai's set_seed: python, numpy and torch
    ):
        return ("random", "numpy", "torch")
    return ("random", "numpy", "torch", "tensorflow")


def hf_trainers(ctx) -> list:
    """Trainers of Hugging Face transformers or TRL the project builds (`Trainer(...)`, `SFTTrainer(...)`):
    they seed, save their arguments and models the transformers way."""
    built = [
        (m, c)
        for m, c in find(ctx, prefixes=("transformers.", "trl."))
        if (last := c.name.rsplit(".", 1)[-1]).endswith("Trainer") and last[:1].isupper()
    ]
    if built:
        return built
    # class AxolotlTrainer(Trainer), built as `trainer_cls(...)` from a registry: the project's own
    # subclass of the library's Trainer, which seeds and saves as its base does
    from ..index.python_facts import Call

    return [
        (m, Call(base, line, cell, (), ()))
        for m in facts(ctx).modules
        for _cls, base, line, cell in m.bases
        if base.startswith(("transformers.", "trl.")) and re.search(r"\.\w*Trainer$", base)
    ][:3]


def estimator_seeds(ctx) -> list:
    """`tf.estimator.RunConfig(tf_random_seed=seed)` (and TPU RunConfigs): the seed of the graph the
    Estimator builds for every train and evaluate call."""
    return find(
        ctx,
        suffixes=("RunConfig",),
        pred=lambda c: c.name.startswith("tensorflow") and c.kw("tf_random_seed") is not None,
    )


# np.random.seed(np.random.get_state()[1][0] + worker_id): from the generator's own state, or the worker's id
# (torch.initial_seed() in the main process follows a manual_seed, so it is no re-seed by itself)
_OWN_STATE = re.compile(r"get_state\(\)|worker_info|worker_id")


def _worker_reseed(m, c, workers: set[str]) -> bool:
    """A seed call that re-seeds a data-loading worker: inside a function handed to a DataLoader as its
    worker_init_fn, or from the generator's own state (`np.random.seed(np.random.get_state()[1][0] + id)`):
    it follows the main process's draws and fixes none of them."""
    text = str(getattr(c.args[0], "text", c.args[0])) if c.args else ""
    if _OWN_STATE.search(text):
        return True
    here = m.innermost_function(c.line, c.cell)
    return here is not None and here[0].rsplit(".", 1)[-1] in workers


def _seeding(ctx):
    """(seed calls, frameworks seeded, frameworks used by training code); read once per index state
    (three rules ask)."""
    key = (id(ctx.index), len(ctx.index.modules), len(ctx.taxonomy.training_entry_points))
    cached = getattr(ctx, "_et_seeding", None)
    if cached is not None and cached[0] == key:
        calls, seeded, used = cached[1]
        return list(calls), set(seeded), dict(used)
    found = _read_seeding(ctx)
    ctx._et_seeding = (key, found)
    calls, seeded, used = found
    return list(calls), set(seeded), dict(used)


def _read_seeding(ctx):
    calls = find(ctx, exact=tuple(SEED_CALLS))
    # A library's seeding helper (lightning, transformers, torch_geometric, mmengine, sb3, ...): imported
    # from outside the project; the project's own helpers are read through the seed calls in their body.
    # `self.set_seed(args)` is the project's own method, however it is named.
    project_roots = {p.split("/", 1)[0].removesuffix(".py") for p in ctx.index.modules} | {
        "src",
        "self",
        "cls",
    }
    modules = ctx.index.modules

    def sibling(m, root: str) -> bool:
        # a module beside the script, imported by its bare name (CodeT5/run_gen.py's `from configs import
        # set_seed`, CodeT5/configs.py): the project's helper, read through its body - not a library that
        # an unrelated module elsewhere shares a name with (analysis/baselines.py beside baselines.common)
        folder = m.path.rsplit("/", 1)[0] if "/" in m.path else ""
        return bool(folder) and (
            f"{folder}/{root}.py" in modules or f"{folder}/{root}/__init__.py" in modules
        )

    calls += [
        (m, c)
        for m, c in find(ctx, suffixes=SEED_HELPERS)
        if "." in c.name
        and c.name.split(".", 1)[0] not in project_roots
        and not sibling(m, c.name.split(".", 1)[0])
        and c.name not in SEED_CALLS
        # `e = GymEnv(name); e.set_seed(seed)`: a method of an object (an environment seeding its own
        # generator), not a library's helper that seeds the frameworks
        and "()" not in c.name
        and c.name.split(".", 1)[0] in {i.module.split(".", 1)[0] for i in m.imports}
    ]
    # A TF Estimator builds its own graph and seeds it from its RunConfig(tf_random_seed=...).
    calls += estimator_seeds(ctx)
    calls += _rllab_seeds(ctx)
    # The Hugging Face Trainer calls set_seed(args.seed) (default 42) before it builds the model.
    calls += find(ctx, suffixes=("TrainingArguments", "Seq2SeqTrainingArguments", "SFTConfig"))
    # ... and so does the Trainer built from arguments parsed by HfArgumentParser into a subclass.
    calls += hf_trainers(ctx)
    seeded = set()
    real = []
    f = facts(ctx)
    from ..fixes import training_paths as main_path

    # The modules training runs (entry points and what they import); a model-named module the imports
    # do not reach may be loaded by name. A script of its own (a checkpoint converter) is not training.
    training_paths = main_path(ctx) if f.training else frozenset()
    side = _side_seeds(ctx, calls, training_paths)
    ctx._et_side_seeds = [
        ev(
            m,
            c,
            "seeds only the module's `__main__` self-test"
            if m.path in training_paths
            else "seeds only a side script or data preparation",
        )
        for m, c in side
    ]
    skip = {(m.path, c.line, c.cell) for m, c in side}
    # functions handed to DataLoaders as worker_init_fn (by name, in any module)
    # (the project's own function by its bare name: `np.random.seed` handed directly names no function here)
    workers = {
        name
        for _, c in find(ctx, suffixes=("DataLoader",))
        if (x := c.kw("worker_init_fn")) is not None
        and isinstance(getattr(x, "text", None), str)
        and "." not in (name := x.text.split(" ", 1)[0])  # `worker_init_fn if ... else None`: the function
    }
    ctx._et_clock_seeds = []
    ctx._et_clock_frameworks = set()  # the frameworks those clock seeds seed
    clocks = _clock_functions(ctx)
    for m, c in calls:
        if (m.path, c.line, c.cell) in skip:
            continue
        fw = seeded_by(c.name)
        if c.name in (
            "numpy.random.default_rng",
            "numpy.random.RandomState",
            "numpy.random.Generator",
            # np.random.seed() / random.seed() with nothing (or None) re-seed from the OS's entropy
            "numpy.random.seed",
            "random.seed",
        ) and (
            not (c.args or c.kwargs)
            or (c.args and c.args[0] is None)
            or (c.has_kw("seed") and c.kw("seed") is None)  # RandomState(seed=None): from the OS's entropy
        ):
            continue  # an unseeded generator
        if _clock_seed(m, c, clocks):
            # set_random_seed(int(time.time() * 1e9)): a new seed every run, on purpose
            ctx._et_clock_seeds.append(
                ev(m, c, "seeded from the clock or the process id: a new seed every run")
            )
            ctx._et_clock_frameworks.update(fw)
            continue
        if _none_by_default(ctx, m, c):
            continue  # np.random.seed(sync_seed) with sync_seed=None that no caller passes: entropy
        if _in_layer(m, c):
            continue  # a reversible block re-seeding to recompute its dropout in backward: not the run's seed
        if _worker_reseed(m, c, workers):
            continue  # each data-loading worker re-seeded from what the main process drew (ET404's part)
        if _state_restored(m, c):
            continue  # seeded for one draw, then the generator's earlier state put back: the run is not seeded
        seeded.update(fw)
        real.append((m, c))
    used = {}
    # The training entry points first: their imports are the evidence a reader checks.
    entries = {e.path for e in f.training}
    for m in sorted(f.modules, key=lambda m: (m.path not in entries, m.path not in training_paths)):
        if training_paths and m.path not in training_paths and (m.main_guard or not _is_model_code(m)):
            continue
        for imp in m.imports:
            root = FRAMEWORK_ROOTS.get(imp.module.split(".", 1)[0])
            if root and not imp.guarded:
                used.setdefault(root, Evidence(m.path, imp.line, f"imports {imp.module}", imp.cell))
    if "tensorflow" in used and _tensorflow_draws_nothing(
        f, training_paths, "torch" in used or "jax" in used
    ):
        del used["tensorflow"]  # summaries or record decoding: TensorFlow draws nothing here
    from .framework_capture import sacred_seeded

    # A Sacred Experiment seeds the global generators at the start of every run; so does a framework's
    # training command (allennlp train, fairseq-train, spacy train).
    seeded.update(sacred_seeded(ctx, used)[0])
    from ..detect.framework_clis import cli_seeds

    seeded.update(cli_seeds(ctx.index)[0])
    return real, seeded, used


_TF_SUMMARIES = re.compile(
    r"^tensorflow\.(compat\.v1\.)?(summary\.|Summary\b|HistogramProto\b|io\.gfile\.|gfile\.)"
)
# TensorFlow calls that draw no random numbers: TensorBoard summaries, file and record reading, and
# deterministic tensor maths (a PyTorch project decoding a dataset's TFRecords with tf.reshape/gather_nd)
_TF_DRAWS_NOTHING = re.compile(
    r"^(?:keras|tensorflow)\.(?:compat\.v[12]\.)?(?:summary\.|Summary\b|HistogramProto\b|io\.|gfile\.|"
    r"python_io\.|enable_eager_execution|executing_eagerly|config\.|errors\.|dtypes\.|TensorShape|"
    r"data\.TFRecordDataset|train\.(?:Example|Features?|Int64List|BytesList|FloatList)\b|make_ndarray|"
    r"make_tensor_proto|image\.(?:decode|encode)_\w+|strings\.|sparse\.|math\.(?!.*random)|linalg\.|"
    r"(?:convert_to_tensor|constant|reshape|expand_dims|squeeze|gather|gather_nd|where|reverse|concat|stack|"
    r"unstack|cast|transpose|matmul|reduce_\w+|shape|zeros|ones|zeros_like|ones_like|range|tile|split|"
    r"boolean_mask|logical_\w+|equal|not_equal|greater\w*|less\w*|clip_by_value|sqrt|square|exp|abs|"
    r"maximum|minimum|identity|one_hot|argmax|argmin|norm|einsum|scatter_nd|tensor_scatter_nd_update|"
    r"meshgrid|atan2|cos|sin|ensure_shape|size|rank|fill|pad|slice|strided_slice|cumsum|add|subtract|"
    r"multiply|divide|print|Graph|Session|disable_eager_execution|placeholder|variable_scope|name_scope|"
    r"get_logger|group|initializers\.local_variables|local_variables_initializer|test\.)\b)"
)


def _tensorflow_draws_nothing(f, training_paths, other_framework: bool) -> bool:
    """The training code calls TensorFlow only for what draws no random numbers: TensorBoard summaries
    (a PyTorch project's logger.py around tf.summary.FileWriter), or reading a dataset's records with
    deterministic tensor maths (waymo_utils decoding range images). No Keras model, layer or subclass,
    no shuffle: TensorFlow has nothing here to seed. Beyond summaries, only beside another framework
    that trains (a TensorFlow project's `model.fit` on a model built out of sight is TensorFlow's own)."""
    mods = [m for m in f.modules if not training_paths or m.path in training_paths]
    if any(m.imported("keras") for m in mods) or any(
        base.startswith(("tensorflow.", "keras.")) and not base.startswith("tensorflow.test.")
        for m in mods
        for _c, base, *_ in m.bases
    ):
        return False
    calls = [c.name for m in mods for c in m.calls if c.name.startswith(("tensorflow.", "keras."))]
    if not calls:
        return False
    if all(_TF_SUMMARIES.match(n) for n in calls):
        return True
    return other_framework and all(
        _TF_DRAWS_NOTHING.match(n) and "random" not in n and "shuffle" not in n for n in calls
    )


_LAYER_BASE = re.compile(r"(^|\.)(Module|Function)$")


# A generator's state read and put back: (seeding call, state getter, state setter)
_STATE_PAIRS = {
    "numpy.random.seed": ("numpy.random.get_state", "numpy.random.set_state"),
    "random.seed": ("random.getstate", "random.setstate"),
    "torch.manual_seed": ("torch.get_rng_state", "torch.set_rng_state"),
}


def _state_restored(m, c) -> bool:
    """`state = np.random.get_state(); np.random.seed(0); <pick a fixed subset>; np.random.set_state(state)`:
    the seed fixes one draw, and the generator goes on from the state it had before, unseeded."""
    pair = _STATE_PAIRS.get(c.name)
    if pair is None:
        return False
    fn = m.innermost_function(c.line, c.cell)
    if fn is None:
        return False  # a script's top level: a later set_state may restore a checkpoint's state instead
    lo, hi = fn[1], fn[3]
    get, put = pair
    if not any(x.name == get and x.cell == c.cell and lo <= x.line < c.line for x in m.calls):
        return False
    # handed the name the getter's value was bound to (the index resolves it to that call), not a state
    # read from a checkpoint
    saved = f"{get}()"
    return any(
        x.name == put
        and x.cell == c.cell
        and c.line < x.line <= hi
        and x.args
        and getattr(x.args[0], "text", None) == saved
        for x in m.calls
    )


def _in_layer(m, c) -> bool:
    """The call sits in a method of a network layer or an autograd function (a class built on
    torch.nn.Module / torch.autograd.Function): it runs inside the model's forward or backward pass."""
    layers = {
        cls
        for cls, base, *_ in m.bases
        if _LAYER_BASE.search(base) and ("nn" in base or "autograd" in base or "torch" in base)
    }
    return any(
        name in layers and cell == c.cell and start < c.line <= end for name, start, cell, end in m.classes
    )


def options_in_run_names(ctx) -> tuple[Evidence, object] | None:
    """(where the name is built, the record part) when a run's folder is named from every option and its
    value (`./logs/{self.model_dir}`, model_dir extending a string with each `k, v` of the config's
    items): the configuration is kept in the run's path. Memoised per audit."""
    memo = ctx.__dict__.setdefault("_et_options_in_names", {})
    if "found" not in memo:
        memo["found"] = _options_in_run_names(ctx)
    return memo["found"]


def _options_in_run_names(ctx):
    # a property or function returning the name (model_dir), or a name built where the record is written
    built = {
        (m.path if fn else "", name): Evidence(m.path, line, f"{name}: every option and its value", cell)
        for m in ctx.index.modules.values()
        for fn, name, line, cell in m.option_names
    }
    rec = ctx.records
    if not built or rec is None:
        return None
    for p in (*rec.config, *rec.metrics, *rec.checkpoints):
        for held in re.findall(r"\{([^{}]+)\}", p.target):
            name = held.removeprefix("self.").removesuffix("()")
            where = built.get(("", name)) or built.get((p.evidence.path, name))
            if where is not None:
                return where, p
    return None


def default_replaced(ctx, m, fn, name: str, c) -> bool:
    """`if seed is None: seed = 1234` in function ``fn`` above call ``c``: the parameter's default is
    replaced before it is used (a notebook's cells are not read back from its file: assumed replaced)."""
    if c.cell:
        return True
    body = (source_lines(ctx, m.path) or [])[fn[1] : c.line - 1]
    return any(re.match(rf"\s*{re.escape(name)}\s*(=[^=]|\+=|:)", ln) for ln in body)


def _none_by_default(ctx, m, c) -> bool:
    """`def pair_random_crop(x, y, sync_seed=None): np.random.seed(sync_seed)`, and no call of the function
    passes that parameter: numpy (or random) is re-seeded from the OS's entropy, a new seed on every call.
    (A seeding helper called so, `random_seed()`, is ET401's own finding: see _helper_left_unseeded.)"""
    if c.name not in ("numpy.random.seed", "random.seed") or len(c.args) != 1 or c.kwargs:
        return False
    name = getattr(c.args[0], "text", "")
    fn = m.innermost_function(c.line, c.cell)
    if fn is None or "seed" in fn[0].lower() or name not in m.none_defaults.get(fn[0], ()):
        return False
    if default_replaced(ctx, m, fn, name, c):
        return False
    params = m.func_params.get(fn[0]) or m.method_params.get(fn[0]) or ()
    at = params.index(name) - (params[:1] == ("self",)) if name in params else 99
    if any(
        str(getattr(v, "text", "")).rsplit(".", 1)[-1] == fn[0]
        for mod in ctx.index.modules.values()
        for x in mod.calls
        for v in (*x.args, *(v for _, v in x.kwargs))
    ):
        return False  # handed on (functools.partial(pair_random_crop, sync_seed=1234)): its caller is unknown
    return not any(
        x.has_kw(name) or len(x.args) > at or x.has_kw("**") for _, x in facts(ctx).by_last.get(fn[0], ())
    )


def _clock_functions(ctx) -> frozenset:
    """Short project functions whose result is a clock read (`def get_time_seed(): return int(1e6 *
    time.time() % 1e5) * 1000`): a seed drawn through them is the clock's."""
    out = set()
    for path, m in ctx.index.modules.items():
        reads = [x.line for x in m.calls if x.cell == 0 and CLOCK_READ.match(x.name)]
        # the short functions holding a read; the module's lines are read only when there is one
        short = [
            (name, held)
            for name, start, cell, end in (m.functions if reads else ())
            if cell == 0 and end - start <= 3 and (held := [n for n in reads if start < n <= end])
        ]
        lines = source_lines(ctx, path) if short else None
        dotted = path.removesuffix(".py").replace("/", ".")
        for name, held in short:
            # the clock read is what it returns (not a fallback when no seed is given:
            # `if seed is None: seed = int(time.time())`)
            if any(line_at(lines, n).lstrip().startswith("return ") for n in held):
                # called by its bare name in its module, or by its module's dotted name from another
                out |= {name, f"{dotted}.{name}"}
    return frozenset(out)


def _clock_seed(m, c, clocks=frozenset()) -> bool:
    """The seed is read from the clock or the OS's entropy where it is set (`seed(int(time.time()))`), or
    bound to such a read before, unconditionally and in the same scope (`s = int(time.time()); seed(s)`;
    the parser's clock_seeds): a different seed on every run. A fallback to the clock when no seed is
    given (`if seed < 0: seed = int(time.time())`) leaves the given seed fixed."""
    if (c.line, c.cell) in m.clock_seeds:
        return True
    # (a project function by its name: numpy.random.seed is not the project's `def seed()`)
    return any(
        (CLOCK_READ.match(x.name) or (x is not c and x.name in clocks))
        and (x.line, x.cell) == (c.line, c.cell)
        for x in m.calls
    )


def _rllab_seeds(ctx) -> list:
    """rllab's run_experiment_lite(seed=...) seeds random, numpy and TensorFlow in the run it starts;
    a project wrapper passing **kwargs on to it (run_sac_experiment) is called with the seed."""
    direct = find(ctx, suffixes=("run_experiment_lite",))
    if not direct:
        return []
    out = [(m, c) for m, c in direct if c.has_kw("seed")]
    wrappers = {
        name
        for m, c in direct
        if c.has_kw("**")
        for name, start, cell, end in m.functions
        if cell == c.cell and start <= c.line <= end
    }
    if wrappers:
        out += [(m, c) for m, c in find(ctx, suffixes=tuple(sorted(wrappers))) if c.has_kw("seed")]
    return out


def _side_seeds(ctx, calls, training_paths) -> list:
    """Seed calls that no training run executes: in a script of its own that training does not import
    (`np.random.RandomState(0)` in a weight converter), under the `__main__` guard of a module training
    imports, or in a function only such scripts call
    (`seed(123)` in `utils.create_input_files`, which the data-preparation script runs and train.py,
    importing utils for other helpers, never calls)."""
    if not training_paths:
        return []
    out = []
    enclosing = []
    entries = {e.path for e in ctx.taxonomy.training_entry_points}
    for m, c in calls:
        if m.path not in training_paths:
            if m.main_guard or not _is_model_code(m):
                out.append((m, c))
            continue
        inner = max(
            (fn for fn in m.functions if fn[2] == c.cell and fn[1] <= c.line <= fn[3]),
            key=lambda fn: fn[1],
            default=None,
        )
        if inner is not None:
            enclosing.append((m, c, inner[0]))
        elif m.path not in entries and m.main_guard and c.cell == m.main_guard_cell and c.line > m.main_guard:
            # a data loader's `if __name__ == "__main__":` self-test: training imports the module,
            # and the guard keeps that block from running
            out.append((m, c))
    if enclosing:
        side = _side_functions(ctx, {name for _, _, name in enclosing}, training_paths)
        out += [(m, c) for m, c, name in enclosing if name in side]
    return out


# Methods something else calls for the project (Python on construction, a framework on its hooks): a
# call found by their name (super().__init__() in a plotting script) is not who runs them
_CALLED_IMPLICITLY = re.compile(r"__\w+__|setup|on_\w+|forward|configure_\w+|\w+_step")


def _side_functions(ctx, names: set, training_paths, depth: int = 3) -> set:
    """Of these functions, those only side scripts run: every call of one is in a module training does
    not import, or in a function of the training path that is itself called only so (a converter's
    ``get_splits`` seeding numpy, called by its ``create_records``, which only the conversion script
    calls), followed ``depth`` calls up. A function nobody calls is not one."""
    # name -> {(calling module, the function around the call or "" at the top)}
    sites: dict[str, set] = {}
    wanted = set(names)
    from ..detect.engine import project_modules

    # the project's own roots, as its imports name them (`proj.train` in a src layout or a package checkout)
    own = {p.split("/", 1)[0].removesuffix(".py") for p in ctx.index.modules} | {
        d.split(".", 1)[0] for d in project_modules(ctx.index)
    }
    for _ in range(depth):
        if not wanted:
            break
        found = {n: set() for n in wanted}
        for path, m in ctx.index.modules.items():
            # tf.test.main(), unittest.main(): a library's function of the same name is not the project's
            libraries = {i.module.split(".", 1)[0] for i in m.imports} - own
            for c in m.calls:
                library = "." in c.name and c.name.split(".", 1)[0] in libraries
                # called by name, or handed on to be called (`tf.app.run(main)`, `pool.map(worker, ...)`)
                # called, or handed on by name: app.run(main), functools.partial(app.run, main)
                hit = [n for n in ("" if library else c.name.rsplit(".", 1)[-1],
                                   *(getattr(a, "text", "") for a in c.args[:3]))
                       if n in found]  # fmt: skip
                if hit:
                    fn = m.innermost_function(c.line, c.cell) if path in training_paths else None
                    for n in hit:
                        found[n].add((path, fn[0] if fn else ""))
        sites.update(found)
        wanted = {
            fn
            for calls in found.values()
            for path, fn in calls
            if path in training_paths and fn and fn not in sites
        }

    def side(name: str, seen: frozenset) -> bool:
        calls = sites.get(name)
        if not calls or name in seen or _CALLED_IMPLICITLY.fullmatch(name):
            return False
        return all(path not in training_paths or (fn and side(fn, seen | {name})) for path, fn in calls)

    return {n for n in names if side(n, frozenset())}


def value_recorded(m, c, record_call, bare: bool = False) -> bool:
    """The value a call returns (a device name, a memory reading) reaches a record: the call, or the name
    its value is assigned to, is an argument of a call ``record_call`` accepts (a log, a tracker, a
    write). ``bare``: the call is matched by its last name anywhere in the argument text (a reading
    written inside an expression, `mem=torch.cuda.max_memory_allocated() / 2**20`); otherwise by its
    full name as a word. Read and printed, or used to choose a kernel, it records nothing."""
    names = [c.name.rsplit(".", 1)[-1] if bare else c.name]
    names += [a.target for a in m.assigns if a.line == c.line and a.cell == c.cell and "." not in a.target]
    names += [n for line, cell, n in m.call_targets if (line, cell) == (c.line, c.cell)]
    if bare:
        # One step of data flow: the reading is an argument of a call whose value is kept
        # (`logs = get_train_logs(state, loss, torch.cuda.max_memory_allocated())`, then `log(logs)`).
        holders = {
            (x.line, x.cell)
            for x in m.calls
            if x is not c
            and x.line <= c.line
            and names[0] in " ".join(str(v) for v in (*x.args, *(v for _, v in x.kwargs)))
        }
        names += [n for line, cell, n in m.call_targets if (line, cell) in holders]
    for other in m.calls:
        if other is c or not record_call(other):
            continue
        text = " ".join(str(v) for v in (*other.args, *(v for _, v in other.kwargs)))
        if bare and any(n in text for n in names):
            return True
        if not bare and any(re.search(r"(^|[^\w.])" + re.escape(n) + r"\b", text) for n in names):
            return True
    return False


_RECORDING_CALL = re.compile(
    r"(^|\.)(log\w*|info|debug|warning|write\w*|add_text|add_scalars?|update|set_tags?|dump|save)$"
)


def device_recorded(m, c) -> bool:
    """The queried device or version goes into a record (`logger.info(torch.cuda.get_device_name(0))`,
    `wandb.config.update({"gpu": gpu})`); read to pick an attention kernel or to warn that no GPU was
    found, or printed, it is not."""
    return value_recorded(
        m,
        c,
        lambda x: (
            bool(_RECORDING_CALL.search(x.name))
            and not x.name.startswith(("torch.cuda", "tensorflow.config"))
        ),
    )


def covered_entries(ctx, paths: set, entries=None) -> tuple[int, int]:
    """(training entry points whose own code or imported modules hold one of ``paths``, all of them)."""
    entries = ctx.taxonomy.training_entry_points if entries is None else entries
    if len(entries) > 300:
        return len(entries), len(entries)  # a monorepo's reach is not worth a walk per entry point
    covered = sum(bool(entry_closure(ctx, e.path) & paths) for e in entries)
    return covered, len(entries)


def entry_closure(ctx, path: str) -> frozenset:
    """A training script and the project modules it imports, transitively; walked once per audit for each
    script, however many rules ask."""
    from ..detect.engine import import_closure, project_imports

    cache = getattr(ctx, "_et_entry_closures", None)
    if cache is None or cache[0] is not ctx.index:
        cache = ctx._et_entry_closures = (ctx.index, {})
    closure = cache[1].get(path)
    if closure is None:
        closure = cache[1][path] = frozenset(import_closure(project_imports(ctx.index), [path]))
    return closure


def reaches_few(covered: int, total: int) -> bool:
    """A practice in at most half of four or more training scripts or notebooks: most runs lack it."""
    return total >= 4 and covered * 2 <= total


def _is_model_code(m) -> bool:
    return bool(re.search(r"(train|model|fit|experiment|learn)", m.path, re.I))


# An entrypoint script that runs the project's demo or app (`exec python3 demo.py --weights ...`)
_DEMO_EXEC = re.compile(
    r"^\s*(exec\s+)?python3?\s+(\S*/)?(demo|app|serve|server|api|gradio_app)\w*\.py\b", re.M
)
_SERVER_CMD = re.compile(
    r"^\s*(CMD|ENTRYPOINT)\b.*\b(uvicorn|gunicorn|streamlit|flask|fastapi|bentoml|torchserve|tritonserver|gradio|"
    r"serve|waitress|hypercorn|app\.py|api\.py|server\.py)\b",
    re.I | re.M,
)


_DASHBOARD_CMD = re.compile(
    r"^\s*(CMD|ENTRYPOINT)\b.*\b(sacredboard|omniboard|tensorboard|mlflow\s+(?:ui|server)|aim\s+up)\b",
    re.I | re.M,
)
_DOCKER_RUN = re.compile(r"^\s*(?:\$\s*)?(?:sudo\s+)?(?:nvidia-)?docker\s+run\b(.*)$", re.M)
_IMAGE_REF = re.compile(r"^[a-z0-9][\w.-]*(?:/[\w.-]+)*:[\w][\w.-]*$")


def documented_images(ctx) -> list[Evidence]:
    """Tagged images the set-up instructions run the project in (`nvidia-docker run ...
    nvcr.io/nvidia/pytorch:21.08-py3`): a container named in prose, with no definition in the tree.
    ET412 and the environment score both ask: read once per audit."""
    cached = getattr(ctx, "_et_documented_images", None)
    if cached is None:
        cached = ctx._et_documented_images = _documented_images(ctx)
    return list(cached)


_JOB_IMAGE_KEYS = frozenset({"image", "base_image", "container", "docker_image", "container_image"})


def job_images(ctx) -> list[Evidence]:
    """Tagged images a job specification or CI runs the project's code in (`base_image:
    anyscale/ray:2.6.0-py310-cu118` of a cluster environment, an MCLI run's `image:`, a CI job's
    `container:`), not a model server's deployment nor a service beside it: read once per audit."""
    cached = getattr(ctx, "_et_job_images", None)
    if cached is None:
        cached = []
        for doc in facts(ctx).config_docs:
            if "devcontainer" in doc.path.lower():
                continue  # an editor's development container, not where the runs ran
            if re.search(
                r"(inference|serving|serve|deploy(ment)?s?)[-_/]", doc.path.lower()
            ) and not re.search(r"cluster|train|job", doc.path.lower()):
                continue  # a model server's deployment spec
            for key, value, line in doc.entries:
                leaf = key.rsplit(".", 1)[-1]
                if leaf not in _JOB_IMAGE_KEYS or not isinstance(value, str):
                    continue
                ref = value.strip()
                name = ref.split("@", 1)[0]
                if (
                    _IMAGE_REF.match(ref)
                    and ":" in name.rsplit("/", 1)[-1]
                    and not _service_image(ref)
                    and "${" not in ref
                ):
                    cached.append(Evidence(doc.path, line, ref))
        ctx._et_job_images = cached
    return list(cached)


def _documented_images(ctx) -> list[Evidence]:
    from ..detect.engine import _LEGACY_DIRS, SIDE_PROJECT_DIRS, in_copied_project

    out = []
    for path, text in sorted(facts(ctx).docs.items()):
        if in_copied_project(ctx.inventory, path):
            continue  # a copied project's own docs run the upstream's image, not this project's
        if (SIDE_PROJECT_DIRS | _LEGACY_DIRS).intersection(path.lower().split("/")[:-1]):
            continue  # a side project's README runs its own image (LMFlow's experimental/Hymba)
        for m in _DOCKER_RUN.finditer(text):
            # -v host/:/container/ and -p 8888:8888 hold colons too: an image reference has no ':/'
            image = next(
                (
                    tok
                    for tok in m.group(1).split()
                    if _IMAGE_REF.match(tok) and not re.match(r"^\d+:\d+$", tok)
                ),
                None,
            )
            if image and not _service_image(image):
                out.append(Evidence(path, text.count("\n", 0, m.start()) + 1, image))
                break
        if len(out) >= 2:
            break
    return out


_PIP_INSTALL = re.compile(
    r"^\s*(?:\$\s*)?(?:!|%)?(?:python[\d.]*\s+-m\s+)?(pip3?|conda|mamba)\s+install\s+(.+)$", re.M
)
# conda pins with one `=` (pytorch=1.6.0, cudatoolkit=10.1); `=1.6.*` pins the minor release only
_CONDA_PINNED = re.compile(r"^([A-Za-z0-9][\w.-]*)==?(\d[\w.+-]*)$")
_PINNED_REQ = re.compile(r"^([A-Za-z0-9][\w.-]*)(?:\[[\w,.-]+\])?==[\w.+-]+$")


def documented_pins(ctx) -> tuple[int, int, Evidence | None]:
    """Packages the set-up instructions or the notebooks' install cells install by name (`pip install
    transformers==4.34.0 wandb`): (exactly pinned, named, the first line with a pin). With no manifest,
    these commands are the project's only dependency list. Options, URLs, paths and -r files are not
    packages."""
    cached = getattr(ctx, "_et_documented_pins", None)
    if cached is not None:
        return cached
    exact, named, first = set(), set(), None
    # ... and the install cells of notebooks (`!pip install transformers datasets`), one command each
    cells = [
        (p, cmd, Evidence(p, line, "pip install with == pins", cell))
        for p, cell, line, cmd in ctx.index.shell
    ]
    texts = [(p, t, None) for p, t in sorted(facts(ctx).docs.items())] + cells
    for path, text, at in texts:
        for m in _PIP_INSTALL.finditer(text):
            skip_next = False
            conda = m.group(1) in ("conda", "mamba")
            for tok in m.group(2).split("#", 1)[0].split():
                tok = tok.strip("'\"`")
                if skip_next:
                    skip_next = False
                    continue
                if tok in PIP_VALUE_OPTIONS or (conda and tok in ("-n", "--name", "-p", "--prefix")):
                    skip_next = True  # conda's -c names a channel, like pip's -c a constraints file
                    continue
                if tok in ("&&", ";", "|", "||"):
                    break
                if not tok or tok.startswith(("-", ".", "/", "~", "$")) or ":" in tok or "/" in tok:
                    continue
                pinned = _PINNED_REQ.match(tok) or (_CONDA_PINNED.match(tok) if conda else None)
                name = (pinned.group(1) if pinned else re.split(r"[<>=!~\[]", tok, maxsplit=1)[0]).lower()
                if not re.fullmatch(r"[a-z0-9][\w.-]*", name):
                    continue
                named.add(name)
                if pinned:
                    exact.add(name)
                    if first is None:
                        first = at or Evidence(
                            path, text.count("\n", 0, m.start()) + 1, "pip install with == pins"
                        )
    ctx._et_documented_pins = (len(exact), len(named), first)
    ctx._et_documented_exact = frozenset(exact)
    return ctx._et_documented_pins


def documented_exact(ctx) -> frozenset:
    """The names of the packages the set-up instructions install pinned exactly (`pip install
    tensorflow==2.3.0` in tf/README.md)."""
    documented_pins(ctx)
    return ctx._et_documented_exact


# Services a compose file or the set-up instructions run beside the project: a tracking server, databases,
# object stores, brokers, proxies, dashboards and model servers are infrastructure, not the environment
# the code runs in.
def _service_image(ref: str) -> bool:
    """An image reference (`name:tag@digest`) naming a service or model server, not the project's own."""
    return bool(_SERVICE_IMAGE.search(ref.split("@", 1)[0].rsplit(":", 1)[0]))


_SERVICE_IMAGE = re.compile(
    r"(^|/)(mlflow|postgres|postgresql|mysql|mariadb|redis|minio|mongo|mongodb|nginx|traefik|rabbitmq|kafka|"
    r"cp-kafka|zookeeper|cp-zookeeper|elasticsearch|opensearch|grafana|prometheus|memcached|adminer|pgadmin4?|"
    r"localstack|jaeger|all-in-one|otel-collector|kibana|mlflow-server|aim|clearml-server|label-studio|"
    r"mongo-express|omniboard|sacredboard|tensorboard|etcd|consul|"
    # model servers: they serve a trained model, they are not where the project's code trains it
    r"text-generation-inference|vllm-openai|vllm|tritonserver|torchserve|serving|ollama|tgi-gaudi|"
    r"text-embeddings-inference)$",
    re.I,
)


def project_images(ctx) -> list:
    """Base images of the environment the project's code runs in: not a model server (serving-only
    Dockerfiles, Cog predictors) and not the services a compose file starts beside it. A FROM line
    naming an earlier stage pulls no image and is not among them; an image a build argument picks
    is, with ``build_args`` set (neither pinned nor `latest`)."""
    # Where nothing trains (a release of inference code, weights hosted elsewhere), the server's image
    # runs the very code the project releases: it is that code's environment.
    serving = serving_only_containers(ctx) if not trains_nothing(ctx) else frozenset()
    # A demo's or an example's Dockerfile (demo/Dockerfile cloning the repository to run inference) is
    # that example's environment, not the one the project's own training runs in.
    trains_outside = any(scope_of(e.path) != "example" for e in ctx.taxonomy.training_entry_points)
    images = [
        i
        for i in ctx.index.base_images
        if i.path not in serving
        and not (is_compose(i.path.rsplit("/", 1)[-1].lower()) and _SERVICE_IMAGE.search(i.image))
        and not (trains_outside and demo_container(ctx, i.path))
    ]
    # ... nor the images of another project copied whole into this one (FastReID's docker/ inside
    # BoT-SORT's fast_reid/), which build the upstream, not this project; kept when they are all there is
    # and the README builds one of them
    from ..detect.engine import in_copied_project

    foreign = foreign_containers(ctx)
    images = [i for i in images if i.path not in foreign]
    own = [i for i in images if not in_copied_project(ctx.inventory, i.path)]
    readme_builds = any(
        i.path in text
        for p, text in ctx.index.texts.items()
        if p.lower().startswith("readme")
        for i in images
    )
    return own if own or not readme_builds else images


# What a Dockerfile does to build this project's environment: copy the checkout, install its requirement
# files or the package itself, create its conda environment, clone a repository
_BUILDS_PROJECT = re.compile(
    r"^\s*(COPY|ADD)\s|pip3?\s+install\s[^\n]*(-r\s|-e\s|\s\.(\s|$)|requirements|setup\.py)|setup\.py|"
    r"conda\s+env\s+(create|update)|environment\.ya?ml|requirements[\w.-]*\.txt|git\s+clone|pyproject",
    re.I | re.M,
)


_DOCKER_COMMAND = re.compile(r"\bdocker(-compose)?\s+(build|run|compose)\b")
_FRAMEWORK_IMAGE = re.compile(
    r"^\s*FROM\s+(?:[\w.-]+/)*(pytorch|tensorflow|jax|transformers-pytorch\w*)(?::|\s|$)", re.I | re.M
)


def foreign_containers(ctx) -> frozenset:
    """Dockerfiles that build no part of this project's environment: no copy of the checkout, none of its
    requirement files, not the package, and none of the packages its manifests declare (FairMOT's
    build/Dockerfile, a CUDA + PyTorch 1.2 template). Read once per index."""
    cached = getattr(ctx, "_et_foreign_containers", None)
    if cached is not None:
        return cached
    declared = {
        d.name.lower().replace("_", "-")
        for d in ctx.index.dependencies
        if not d.path.rsplit("/", 1)[-1].lower().startswith("dockerfile")
    } - {"torch", "torchvision", "pytorch", "numpy", "python", "pip", "setuptools", "wheel"}
    out = set()
    dockerfiles = ctx.inventory.of_kind("dockerfile") if declared else []
    # a Dockerfile the documentation builds or runs (`docker run -v $(pwd):/workspace`: the code mounted at
    # run time) is the project's; so is one FROM a framework's image the code imports
    documented = bool(dockerfiles) and any(
        _DOCKER_COMMAND.search(text)
        for text in (*facts(ctx).docs.values(), *(cmd for *_, cmd in ctx.index.shell))
    )
    for fe in dockerfiles if not documented else ():
        text = ctx.index.texts.get(fe.path)
        if text is None or _BUILDS_PROJECT.search(text) or _FRAMEWORK_IMAGE.search(text):
            continue
        words = set(re.findall(r"[\w.-]+", text.lower().replace("_", "-")))
        if not declared & words:
            out.add(fe.path)
    ctx._et_foreign_containers = frozenset(out)
    return ctx._et_foreign_containers


def demo_container(ctx, path: str) -> bool:
    """A demo's Dockerfile (demo/Dockerfile), or an example's that clones the project from the network
    instead of building the checkout: that demo's environment, not the training's."""
    if scope_of(path) != "example":
        return False
    return bool(re.search(r"(^|/)demos?/", path)) or "git clone" in ctx.index.texts.get(path, "")


def serving_only_containers(ctx) -> frozenset:
    """Dockerfiles that build a model server (CMD uvicorn/streamlit/...) or a dashboard over the runs'
    records (sacredboard, TensorBoard) and never run training: they capture the serving environment, not
    the one that produced the results."""
    cached = getattr(ctx, "_et_serving", None)
    if cached is not None:
        return cached
    train_names = {e.path.rsplit("/", 1)[-1] for e in ctx.taxonomy.training_entry_points}
    out = set()
    for path, text in ctx.index.texts.items():
        name = path.rsplit("/", 1)[-1].lower()
        if not (name.startswith("dockerfile") or name.endswith(".dockerfile")):
            continue
        # ENTRYPOINT ["/entrypoint.sh"] copied from beside the Dockerfile: what that script execs is the command
        folder = path.rsplit("/", 1)[0] + "/" if "/" in path else ""
        scripts = [
            ctx.index.texts.get(folder + m.group(1), "")
            for m in re.finditer(r"^\s*COPY\s+(?:--\S+\s+)*([\w.-]+\.sh)\s", text, re.M)
        ]
        command = text + "".join(scripts)
        if (
            (
                _SERVER_CMD.search(text)
                or any(_DEMO_EXEC.search(t) for t in scripts)
                # an image that installs only a dashboard over the runs' records (sacredboard); one that
                # builds the project and opens TensorBoard by default still runs the training
                or (_DASHBOARD_CMD.search(text) and not _BUILDS_PROJECT.search(text))
            )
            and not any(t in command for t in train_names)
            and not re.search(r"\btrain(ing)?\b", command, re.I)
        ):
            out.add(path)
    # A Cog spec with a predictor and no `train:` builds the image that serves the model.
    for path, doc in ctx.index.configs.items():
        if (
            path.rsplit("/", 1)[-1] == "cog.yaml"
            and "predict" in doc.top_keys()
            and "train" not in doc.top_keys()
        ):
            out.add(path)
    ctx._et_serving = frozenset(out)
    return ctx._et_serving


# --------------------------------------------------------------------------------------------
# Libraries whose training object trains, evaluates and saves itself (fastai's Learner)
# --------------------------------------------------------------------------------------------


def learner_calls(ctx, *roles: str) -> list:
    """(facts, call) pairs that build a library's training object or call one of its methods, by role
    ('build', 'train', 'save', 'export', 'load'; see detect.signatures.LEARNER_APIS)."""
    from ..detect.signatures import LEARNER_APIS, learner_role

    out = []
    for api in LEARNER_APIS:
        for m, c in facts(ctx).by_root.get(api.library, ()):
            if learner_role(c.name) in roles:
                out.append((m, c))
    return out


def learner_metrics(ctx) -> list[tuple]:
    """(facts, call, metric names) for each training object built with metrics computed on the
    validation set after every epoch (fastai ``Learner(..., metrics=[accuracy, map5])``)."""
    from ..detect.signatures import learner_api

    out = []
    for m, c in learner_calls(ctx, "build"):
        value = c.kw(learner_api(c.name).metrics_kw)
        values = value if isinstance(value, list) else [value] if value is not None else []
        names = [_last(getattr(v, "text", str(v))) for v in values if v is not None]
        names = [n for n in names if n and n not in ("None", "Lambda")] or (["a metric"] if values else [])
        if names:
            out.append((m, c, names))
    return out


def learner_version(ctx, library: str = "fastai") -> int:
    """The library's major version the project is written for (0 when it is not used): fastai v2 has
    modules (fastai.vision.all, fastai.callback.*) and names (vision_learner, DataBlock, cbs=) that v1
    does not."""
    from ..detect.signatures import LEARNER_APIS

    api = next((a for a in LEARNER_APIS if a.library == library), None)
    if api is None or library not in facts(ctx).imports:
        return 0
    for m in facts(ctx).modules:
        if any(i.module.startswith(api.v2_modules) for i in m.imports):
            return 2
    for _m, c in facts(ctx).by_root.get(library, ()):
        if _last(c.name) in api.v2_names or c.has_kw("cbs"):
            return 2
    return 1


def learner_fix(ctx, snippets: dict) -> str:
    """The snippet for the library version the project uses ({1: ..., 2: ...}), fenced; '' when the
    project does not use that library."""
    version = learner_version(ctx)
    code = snippets.get(version) if version else None
    return f"```python\n{code}\n```" if code else ""


# Step decorators that send a Metaflow step to remote compute (and into an image).
METAFLOW_REMOTE = ("metaflow.kubernetes", "metaflow.batch")


def metaflow_code_packages(ctx) -> Evidence | None:
    """Metaflow packages a flow's code with every run it sends to remote compute (steps decorated
    @kubernetes or @batch): run-level code capture when most of the project's flows run that way."""
    flows, remote = 0, []
    for m in facts(ctx).modules:
        if not any(base.endswith("FlowSpec") for _, base, _, _ in m.bases) or scope_of(m.path) == "test":
            continue
        flows += 1
        sent = [d for d in m.decorators if d.name in METAFLOW_REMOTE]
        if sent:
            remote.append(
                Evidence(m.path, sent[0].line, f"@{sent[0].name.rsplit('.', 1)[-1]} step", sent[0].cell)
            )
    if flows and len(remote) * 2 >= flows:
        return remote[0]
    return None


def source_pickling(ctx) -> Evidence | None:
    """A project module whose pickles carry the source of the classes they hold: ``__reduce__`` hands
    ``inspect.getsource(module)`` to the unpickler (NVlabs' ``torch_utils.persistence``, copied into
    StyleGAN2-ADA, StyleGAN3 and EDM), so each saved snapshot records the code that defined it."""
    for m, c in find(ctx, exact=("inspect.getsource",)):
        if any(name == "__reduce__" for name, *_ in m.functions):
            return Evidence(m.path, c.line, "inspect.getsource() pickled by __reduce__", c.cell)
    return None


# `pip install peft`, `pip install -U 'litgpt[all]'`, `pip install git+https://github.com/deepmind/jaxline`: the
# README installs the package by name from an index (or its repository), not `pip install -e .` of a checkout.
_INDEX_INSTALL = re.compile(
    r"\b(?:pip3?|uv pip|python -m pip) install\s+(?:(?:-U|--upgrade|--user|-q|--pre)\s+)*[\"']?"
    r"(?:git\+(?:https?|git|ssh)://[\w.-]+/[\w.-]+/)?(?P<name>[A-Za-z][\w.-]*?)(?:\.git)?(?:\[[\w,\s-]*\])?[\"']?(?=[\s`'\"<>=~!]|$)"
)


def distribution(ctx) -> Evidence | None:
    """The package the repository publishes (``setup(name="peft")``, ``[project] name = "litgpt"``), when
    its code is that importable package: where the name is declared, or None."""
    cached = getattr(ctx, "_et_distribution", False)
    if cached is not False:
        return cached
    found = None
    for path in ("pyproject.toml", "setup.cfg"):
        doc = ctx.index.configs.get(path)
        if doc is None or doc.error:
            continue
        for key, value, line in doc.entries:
            if key in ("project.name", "tool.poetry.name", "metadata.name") and isinstance(value, str):
                found = Evidence(path, line, value)
                break
        if found:
            break
    m = ctx.index.modules.get("setup.py")
    if found is None and m is not None:
        for c in m.calls:
            name = c.kw("name") if c.name.endswith("setup") else None
            if isinstance(name, str):
                found = Evidence("setup.py", c.line, name)
                break
    if found is not None:
        # the code is the package: `peft` under src/ or at the root, with an __init__.py
        package = re.sub(r"[-.]", "_", found.detail.lower())
        named = any(p in ctx.index.modules for p in (f"{package}/__init__.py", f"src/{package}/__init__.py"))
        # ... or a folder of modules under that name without one (a namespace package poetry ships:
        # pytorch_tabnet/tab_model.py, ...)
        named = named or any(
            p.startswith((f"{package}/", f"src/{package}/")) and p.endswith(".py") for p in ctx.index.modules
        )
        # ... or packages the setup finds under another name (OpenNMT-py ships `onmt`): a top-level
        # package of the project beside a setup.py that lists or finds its packages
        listed = m is not None and any(
            c.name.endswith("find_packages") or (c.name.endswith("setup") and c.has_kw("packages"))
            for c in m.calls
        )
        other = listed and any(
            p.count("/") == 1 and p.endswith("/__init__.py") and scope_of(p) == "core"
            for p in ctx.index.modules
        )
        if not (named or other):
            found = None
    ctx._et_distribution = found
    return found


# What a library's users decide in their own projects (the rules that stay silent for a library).
LIBRARY_NOT_ASSESSED = (
    "a shared tracking store (ET601), written conclusions (ET602), fairness (ET611), personal data (ET612), "
    "access and retention (ET614) and a pipeline definition (ET501); a model card (ET610), a run comparison "
    "(ET320) or a model registry (ET520) is reported where the repository has one, never asked for; error "
    "bars (ET321) and hardware (ET413) only where the repository reports results"
)


def library_without_results(ctx) -> bool:
    """A published library whose documents report no measured results (no results table): its examples
    demonstrate the API; no result of its own needs error bars or the hardware it ran on."""
    cached = getattr(ctx, "_et_lib_no_results", None)
    if cached is None:
        from .phase6_governance import results_tables

        cached = ctx._et_lib_no_results = library(ctx) is not None and not results_tables(ctx)
    return cached


RESEARCH_NOT_ASSESSED = (
    "a shared tracking store (ET601), access and retention (ET614), a pipeline definition (ET501), a journal "
    "of conclusions beyond the paper's (ET602) and a "
    "CODEOWNERS file (ET613 judges the licence); a model card (ET610) and a model registry (ET520) only where "
    "it releases trained models"
)


def without_assessed(text: str, assessed: set) -> str:
    """A note's list of rules left out, without those the audit did assess (a README results table makes
    ET602 pass; an experiment tracker in a course makes ET601 pass): only the list before the first ';', and
    only items named by their rule ids alone ("(ET602)", "(ET611, ET612)"), not "(ET613 judges the licence)"."""
    head, sep, tail = text.partition(";")
    # (items end with their rule ids: "access and retention (ET614)" is one item)
    items = [x for x in re.split(r"(?<=\)),\s+(?:and\s+)?|(?<=\))\s+and\s+", head) if x]
    kept = []
    for item in items:
        ids = re.search(r"\(((?:ET\d{3}(?:,\s*)?)+)\)\s*$", item)
        if ids and set(re.findall(r"ET\d{3}", ids.group(1))) <= assessed:
            continue
        kept.append(item.strip())
    if not kept:
        return tail.strip()
    joined = ", ".join(kept[:-1]) + (" and " if len(kept) > 1 else "") + kept[-1]
    return joined + (sep + tail if sep else "")


# A paper's page (its arXiv or OpenReview id), and a paper cited by the README: a BibTeX entry, or a link to
# the paper's page.
_PAPER_PAGE = re.compile(
    r"arxiv\.org/(?:abs|pdf)/(\d{4}\.\d{4,5})|openreview\.net/(?:forum|pdf)\?id=([\w-]+)", re.I
)
_BIBTEX = re.compile(
    r"@(article|inproceedings|misc|conference|incollection|techreport|unpublished)\s*\{\s*[^,\s]+\s*,", re.I
)
_PAPER_CITED = re.compile(_BIBTEX.pattern + "|" + _PAPER_PAGE.pattern, re.I)


def _software_entry(text: str, at: int) -> bool:
    """The BibTeX entry starting at ``at`` (up to the next `@`, at most 800 characters) cites a code repository: published as its
    URL on a code host, with no venue or preprint of a paper."""
    nxt = text.find("@", at + 1)
    entry = text[at : min(at + 800, nxt if nxt > 0 else len(text))]
    return bool(_SOFTWARE_ENTRY.search(entry)) and not re.search(
        r"\b(booktitle|eprint)\s*=|\bjournal\s*=\s*\{(?![^}]*github)", entry, re.I
    )


# A BibTeX entry of a code repository: published as its URL on a code host
_SOFTWARE_ENTRY = re.compile(
    r"\b(howpublished|url)\s*=\s*\{\s*(\\url\{)?\s*https?://(www\.)?(github\.com|gitlab\.com|bitbucket\.org)/",
    re.I,
)


_RELEASE_STATED = re.compile(
    r"\bofficial\s+(?:\w+\s+){0,2}(?:implementation|code(?:\s*base)?|release)\b|"
    r"\bcode\s+(?:for|accompanying|of|to\s+reproduce)\s+(?:the|our)\s+(?:\w+\s+){0,2}paper\b|"
    r"\bimplementation\s+of\s+(?:the|our)\s+(?:\w+\s+){0,2}paper\b|"
    # "This repository is an implementation of [Transfer Learning ...](https://arxiv.org/pdf/1806.04558.pdf)"
    r"\b(?:this|the)\s+(?:repository|repo|code(?:\s*base)?|project)\s+is\s+(?:an?\s+)?(?:\w+\s+)?"
    r"implementation\s+of\s+\[[^\]]{5,200}\]\(\s*(?:https?://)?(?:www\.)?(?:arxiv\.org|openreview\.net)",
    re.I,
)


# Dataset classes of a library that fetch one fixed release and check it against checksums the library's
# code holds (torchvision's CIFAR10 md5 list, torchtext's hash_dict, TFDS's registered checksums, Keras's
# get_file(file_hash=...)); folders of the user's own files are not among them.
_CHECKSUMMED_DATA = re.compile(
    # (not the classes that read a copy the user fetched: COCO, Cityscapes, LSUN, ImageNet, video sets)
    r"^(?:torchvision\.datasets\.(?!ImageFolder|DatasetFolder|FakeData|VisionDataset|folder|wrap_|Coco|"
    r"Cityscapes|LSUN|ImageNet|HMDB51|UCF101|Kinetics|Kitti|CelebA|Places365|SBU|Flickr)\w+|"
    r"torchtext\.datasets\.\w+|torchaudio\.datasets\.\w+|tensorflow_datasets\.load|tfds\.load|"
    r"(?:tensorflow\.)?keras\.datasets\.\w+\.load_data)$"
)
_DATA_LIBRARY = {
    "torchvision": "torchvision",
    "torchtext": "torchtext",
    "torchaudio": "torchaudio",
    "tensorflow_datasets": "tensorflow-datasets",
    "tfds": "tensorflow-datasets",
    "tensorflow": "tensorflow",
    "keras": "keras",
}
# The distributions that ship a library under another name (tensorflow-gpu==1.15.0 pins TensorFlow)
_DISTRIBUTIONS = {
    "tensorflow": ("tensorflow", "tensorflow-gpu", "tensorflow-cpu", "tf-nightly"),
    "keras": ("keras", "tensorflow", "tensorflow-gpu", "tensorflow-cpu"),
    "tensorflow-datasets": ("tensorflow-datasets", "tfds-nightly"),
}


_LOCAL_FOLDER_DATA = re.compile(r"torchvision\.datasets\.(folder\.)?(ImageFolder|DatasetFolder)$")


def checksummed_library_data(ctx) -> tuple[Evidence, str, Evidence | None] | None:
    """The training data read through a library's dataset class that checks a fixed release against
    checksums in the library's code (`torchvision.datasets.CIFAR10(root, download=True)`): (the call, the
    library's package name, the exact pin of that package when a manifest has one). The data's version is
    then the library's."""
    cached = getattr(ctx, "_et_lib_data", False)
    if cached is not False:
        return cached
    from ..fixes import training_paths

    main = training_paths(ctx)
    hits = [
        (m, c)
        for m, c in facts(ctx).calls
        if _CHECKSUMMED_DATA.match(c.name) and scope_of(m.path) not in ("example", "test")
    ]
    # the training path's own data; a figure script reading CIFAR-10 says nothing of what training reads
    own = [(m, c) for m, c in hits if m.path in main] if main else hits
    # ... its only data: beside a folder of the user's own files (`elif args.data_set == 'IMNET':
    # ImageFolder(root)`) the release is one choice of several, and the local folder is unversioned
    # (in the module that builds the library's dataset: a switch between them; an ImageFolder of generated
    # samples scored for the Inception Score elsewhere is no training data)
    built = {m.path for m, _c in own}
    folders = [(m, c) for m, c in facts(ctx).calls if _LOCAL_FOLDER_DATA.match(c.name) and m.path in built]
    found = None
    if own and not folders:
        m, c = own[0]
        package = _DATA_LIBRARY[c.name.split(".", 1)[0]]
        names = _DISTRIBUTIONS.get(package, (package,))
        pin = next(
            (
                Evidence(d.path, d.line, f"{d.name}{d.spec}")
                for d in ctx.index.dependencies
                if d.name.lower().replace("_", "-") in names and (d.spec or "").startswith("==")
            ),
            None,
        )
        found = (ev(m, c, c.name), package, pin)
    ctx._et_lib_data = found
    return found


# The fields of a BibTeX entry left as a template's placeholders: title={Your Title}, year={Year}
_TEMPLATE_ENTRY = re.compile(
    r"\b(?:title|author|year|journal|booktitle)\s*=\s*\{\s*(?:your\b[^}]*|year|location|title|author\(?s?\)?)\s*\}",
    re.I,
)


def research_release(ctx) -> Evidence | None:
    """The repository is the code release of a paper its README cites (a BibTeX entry or the paper's
    arXiv/OpenReview page), not a team's working repository nor a published library. What it owes its
    readers is what the paper's results need; a team's process (a shared tracking server, CODEOWNERS,
    access and retention rules) is not part of it, and a model card or registry only where it releases
    trained models. Evidence: the citation."""
    cached = getattr(ctx, "_et_research", False)
    if cached is not False:
        return cached
    found = None
    if library(ctx) is None:
        for path in sorted(facts(ctx).docs):
            if "/" in path or not path.lower().startswith("readme"):
                continue
            text = facts(ctx).docs[path]
            # its own BibTeX entry first: a README citing its paper may link related papers above it
            m = _BIBTEX.search(text) or _PAPER_CITED.search(text)
            if m is not None and len(_TEMPLATE_ENTRY.findall(text[m.start() : m.start() + 400])) >= 2:
                # @article{YourName, title={Your Title}, year={Year}}: a template's blank to fill in,
                # no paper yet; a link to the paper elsewhere still cites one
                end = m.start() + 400
                m = _PAPER_CITED.search(text, end) or _PAPER_CITED.search(text[: m.start()])
            if m is not None and m.group(0).startswith("@") and _software_entry(text, m.start()):
                # @misc{..., howpublished = {\url{https://github.com/...}}}: the software cited, not a paper
                # it implements; a paper's entry or page elsewhere in the README still makes it a release
                m = next(
                    (x for x in _BIBTEX.finditer(text) if not _software_entry(text, x.start())), None
                ) or _PAPER_PAGE.search(text)
            what = "cites the paper the code implements"
            if m is None:
                what = "says it is the code of a paper"
                # "Official implementation of the TD7 algorithm." under the paper's title: the release
                # says what it is at the top, without a link or BibTeX entry
                top = "".join(text.splitlines(keepends=True)[:30])  # offsets as in the text (CRLF kept)
                m = _RELEASE_STATED.search(top)
            if m and not m.group(0).startswith("@") and len(set(_PAPER_PAGE.findall(text))) > 3:
                # links to many papers and no BibTeX of its own: a collection (tutorials, a reading
                # list, a model zoo), not the release of one paper ... unless its top says which paper
                # it implements (a table of the papers its parts come from follows)
                m = _RELEASE_STATED.search("".join(text.splitlines(keepends=True)[:30]))
                what = "says it is the code of a paper"
            if m:
                found = Evidence(path, text.count("\n", 0, m.start()) + 1, what)
                break
    ctx._et_research = found
    return found


TEACHING_NOT_ASSESSED = (
    "a shared tracking store (ET601), access and retention (ET614), a pipeline definition (ET501), resuming "
    "after a failure (ET511), fairness and personal data (ET611, ET612), a CODEOWNERS file (ET613 judges the "
    "licence), and a model card (ET610) or registry (ET520) unless it releases trained models"
)
# What teaching material says it is, near the top of its README: a course, its lectures or exercises, a book.
_TEACHING = re.compile(
    r"\b(course(?:ware| material)?|lectures?|lessons?|exercises|syllabus|curriculum|workshop|bootcamp|"
    r"textbook|(?:this|the) book|class notes|homework|assignments|tutorials)\b",
    re.I,
)
_NUMBERED_NOTEBOOK = re.compile(r"(^|/)\d{1,3}[-_. ]\w[^/]*\.ipynb$")


def teaching_material(ctx) -> Evidence | None:
    """The repository is teaching material: a course's or a book's notebooks (numbered lessons, or a README
    that calls them a course, lectures, exercises), run cell by cell by each reader. Its lessons make no
    runs a team shares or resumes; what it owes its readers is that every lesson runs and shows what it
    teaches. Evidence: the README's words, or the numbered notebooks."""
    cached = getattr(ctx, "_et_teaching", False)
    if cached is not False:
        return cached
    found = None
    notebooks = mostly_notebooks(ctx)
    if library(ctx) is None and research_release(ctx) is None:
        from ..detect.engine import COURSE, _root_readme

        readme = next((p for p in sorted(facts(ctx).docs) if _root_readme(p)), None)
        text = facts(ctx).docs.get(readme, "") if readme else ""
        head = "\n".join(text.splitlines()[:12])
        # a course of scripts (CS 20's lesson files) says so plainly; tutorials or exercises beside
        # scripts may be a project's own how-tos
        hit = (_TEACHING if notebooks else COURSE).search(head)
        numbered = (
            sorted(f.path for f in ctx.inventory.project_files() if _NUMBERED_NOTEBOOK.search(f.path))
            if notebooks
            else []
        )
        if hit:
            found = Evidence(
                readme, head.count("\n", 0, hit.start()) + 1, f"calls itself {hit.group(0).lower()}"
            )
        elif len(numbered) >= 4:
            found = Evidence(numbered[0], 0, f"{len(numbered)} numbered lesson notebooks")
    ctx._et_teaching = found
    return found


class Unread(NamedTuple):
    """Code the training runs through that this audit cannot read: its name, the import that shows it,
    where it is (for a finding's message) and how it is kept (for a question)."""

    package: str
    imp: Evidence
    place: str
    kept: str
    subject: str = ""  # what a question asks about ("does <subject> record ..."), the package when empty
    # the calls that hand the run to that code: (last name, full name, path, line)
    calls: tuple = ()

    def subject_for(self, rule_id: str) -> str:
        """What a rule's question asks about: the code, with the calls that may do what the rule checks
        cited first (the logging setup for metrics, the checkpoint loader for resume)."""
        if not self.calls:
            return self.subject or self.package
        wanted = _RULE_CALLS.get(rule_id)

        def rank(call) -> tuple:
            last = call[0]
            fits = wanted is not None and wanted.search(last) is not None
            return (not fits, next((r for rx, r in _HANDS_RUN if rx.search(last)), 3), call[3])

        cited = sorted(self.calls, key=rank)[:3]
        return (
            "the code they hold (" + ", ".join(f"{full} at `{p}:{line}`" for _, full, p, line in cited) + ")"
        )


def unread_framework(ctx) -> Unread | None:
    """The code the training runs through when it is not in the tree: a package kept in a git submodule
    that is not checked out (dreamer-pytorch's runs go through rlpyt/), or the project modules a script
    written to be dropped into another repository imports (AlphaNet's train_alphanet.py importing
    utils.saver, utils.logging, models and solver from AttentiveNAS, which its README says to download).
    The logging, checkpoints and seeding may all happen there, unread. Absences are then questions, not
    findings."""
    cached = getattr(ctx, "_et_unread_framework", False)
    if cached is not False:
        return cached
    found = _unread_submodule(ctx) or _absent_project_modules(ctx)
    ctx._et_unread_framework = found
    return found


# The names research code gives its own packages; imported and found neither in the tree nor among the
# declared dependencies, they are the project's modules left out of it, not a library.
_OWN_PACKAGE_NAMES = frozenset(
    {"utils", "util", "data", "dataset", "datasets", "dataloader", "data_loader", "models", "model", "solver",
     "solvers", "evaluate", "evaluation", "engine", "core", "lib", "libs", "config", "configs", "tools",
     "common", "misc", "helpers", "trainer", "trainers", "loss", "losses", "loss_function", "loss_functions",
     "networks", "network", "nets", "modules", "layers", "ops", "options", "opts", "logger", "train_utils"}
)  # fmt: skip


# the calls a rule's question cites first, by what their names say they do
_RULE_CALLS = {
    rule: re.compile(rx, re.I)
    for rule, rx in {
        "ET101": r"log|record|save|write",
        "ET110": r"name|dir",
        "ET210": r"config|copy|setup|dump|save",
        "ET212": r"seed|config",
        "ET301": r"log|display|progress|meter|write",
        "ET302": r"eval|valid|test",
        "ET303": r"time|meter|progress",
        "ET310": r"save|checkpoint",
        "ET401": r"seed",
        "ET420": r"git|commit|version",
        "ET511": r"resume|load|restore",
    }.items()
}
# what a call into such a module may do with the run, the writes first: (pattern, rank)
_HANDS_RUN = (
    (re.compile(r"(?i)save|copy|dump|write|record|checkpoint"), 0),
    (re.compile(r"(?i)log"), 1),
    (re.compile(r"(?i)load|resume"), 2),
)


def _absent_project_modules(ctx) -> Unread | None:
    """The training scripts' own imports of project modules that are not in the tree: two or more such
    modules (one may be a leftover import), each named like a project's package and provided by no
    declared dependency."""
    import sys

    from ..detect.engine import _LIBRARY_ROOTS, module_prefixes

    # the project's dotted names, and a folder or module of that name anywhere in the tree (lib/models/ that
    # _init_paths.py puts on sys.path)
    prefixes = set(module_prefixes(ctx.index))
    prefixes.update(part.removesuffix(".py") for p in ctx.index.modules for part in p.split("/"))
    declared = {d.name.replace("-", "_").lower() for d in ctx.index.dependencies}
    from ..rubric import typical_entries

    # (the scripts a typical run starts from: a leftover script beside a complete train.py excuses nothing)
    for e in typical_entries(ctx):
        m = ctx.index.modules.get(e.path)
        if m is None:
            continue
        here = e.path.rsplit("/", 1)[0].replace("/", ".") + "." if "/" in e.path else ""
        absent = [
            i
            for i in m.imports
            if (root := i.module.split(".", 1)[0]) in _OWN_PACKAGE_NAMES
            and not i.guarded
            and root not in prefixes
            and here + root not in prefixes
            and root not in declared
            and root not in _LIBRARY_ROOTS
            and root not in sys.stdlib_module_names
        ]
        roots = {i.module.split(".", 1)[0] for i in absent}
        if len(roots) >= 2:
            # (in the order the script imports them)
            names = list(
                dict.fromkeys(i.module.split(".", 1)[0] for i in sorted(absent, key=lambda i: i.line))
            )
            shown = (
                ", ".join(names[:-1][:6]) + f" and {names[-1]}"
                if len(names) <= 7
                else ", ".join(names[:6]) + " and more"
            )
            first = min(absent, key=lambda i: (i.cell, i.line))
            # the calls that hand the run to that code, those that save, copy, log or load first
            bound = {i.module.rsplit(".", 1)[-1]: i.module for i in absent}
            handed = []
            for c in m.calls:
                head = c.name.split(".", 1)[0]
                # (the module's own functions and classes, not a method of what one returned: .step())
                if (head in bound or head in roots) and "()" not in c.name:
                    full = bound.get(head, head) + c.name[len(head) :] if head in bound else c.name
                    last = c.name.rsplit(".", 1)[-1]
                    rank = next((r for rx, r in _HANDS_RUN if rx.search(last)), 3)
                    handed.append((rank, c.line, full, c))
            calls = tuple(
                (full.rsplit(".", 1)[-1].removesuffix("()"), full.removesuffix("()"), e.path, c.line)
                for _, _, full, c in sorted(handed)
            )
            return Unread(
                f"its modules {shown}",
                Evidence(e.path, first.line, f"imports {first.module}", first.cell),
                "which are not in this tree",
                "which are not in this tree",
                "the code they hold",
                calls,
            )
    return None


def _unread_submodule(ctx) -> Unread | None:
    """A package kept in a git submodule that is not checked out, which the training code imports."""
    found = None
    missing = {p.rstrip("/").rsplit("/", 1)[-1]: p for p in ctx.inventory.missing_submodules}
    if missing:
        from ..detect.engine import _descends

        entries = [e.path for e in ctx.taxonomy.training_entry_points]
        # Training scripts that run their own gradient loop (backward, optimizer step) hand training to no
        # package: one a helper module imports (utils/ importing a progress bar from a submodule) is a
        # helper too; only the scripts' own imports can be the framework their runs go through.
        helpers = sorted(
            {
                p
                for e in entries
                if not (m := ctx.index.modules.get(e)) or not _descends(m)
                for p in entry_closure(ctx, e)
            }
            - set(entries)
        )
        # the entry point's own import first: where a reader sees training hand over to the package
        for path in [*entries, *helpers]:
            m = ctx.index.modules.get(path)
            for i in m.imports if m is not None else ():
                top = i.module.split(".", 1)[0]
                if top in missing:
                    where = missing[top]
                    found = Unread(
                        top,
                        Evidence(path, i.line, f"imports {i.module}", i.cell),
                        f"a git submodule not checked out at {where}/",
                        f"kept in the submodule {where}/ (not checked out)",
                    )
                    break
            if found:
                break
    return found


def library(ctx) -> Evidence | None:
    """The repository is a library others install by name and train with (peft, allennlp, stable-baselines3):
    its README installs the published package. Its runs happen in its users' scripts, so a shared tracking
    store, a model registry, a model card, its users' data and a lock of its users' environments are theirs
    to decide; the library is judged on what it records when it trains. Evidence: the install line."""
    cached = getattr(ctx, "_et_library", False)
    if cached is not False:
        return cached
    found = None
    dist = distribution(ctx)
    if dist is not None:
        wanted = re.sub(r"[-_.]+", "-", dist.detail.lower())
        for path in sorted(facts(ctx).docs):
            if path.count("/") > 1 or not re.search(r"(^|/)(readme|install)[^/]*$", path, re.I):
                continue  # the project's own README or install page, not a vendored one
            text = facts(ctx).docs[path]
            for m in _INDEX_INSTALL.finditer(text):
                if re.sub(r"[-_.]+", "-", m.group("name").lower()) == wanted:
                    found = Evidence(path, text.count("\n", 0, m.start()) + 1, m.group(0).strip())
                    break
            if found:
                break
    ctx._et_library = found
    return found


# Training code in a language the audit does not read: Torch7 (Lua), R, Julia, MATLAB/Octave.
_FOREIGN_CODE = {".lua": "Lua", ".r": "R", ".jl": "Julia", ".m": "MATLAB"}
# A command running a file of one of those languages: `th train.lua`, `Rscript fit.R`, `julia run.jl`
_FOREIGN_LAUNCH = re.compile(
    r"\b(?:th|luajit|qlua|lua|Rscript|julia|octave)\s+(?:-\S+\s+)*['\"]?(?:[\w.-]+/)*([\w.-]+\.(?:lua|[rR]|jl|m))\b|"
    # MATLAB: `matlab -r "train_net"`, run('gen_laplacian/gen_laplacian.m')
    r"\bmatlab\b[^\n]*?-r\s*['\"]?(\w+)|\brun\(\s*['\"](?:[\w.-]+/)*([\w.-]+\.m)['\"]"
)


def _launched_files(ctx) -> set[str]:
    """The file names the project's scripts, notebooks and documentation run with a foreign interpreter."""
    out: set[str] = set()
    texts = [
        t
        for p, t in ctx.index.texts.items()
        if p.lower().endswith((".md", ".rst", ".txt")) or is_shell_script(p.lower())
    ]
    # os.system(' th neuralstyle_seg.lua -content_image ' + ...) in a Python driver: the commands its calls build
    texts += [
        a if isinstance(a, str) else getattr(a, "text", "")
        for m in ctx.index.modules.values()
        for c in m.calls
        if c.name.startswith(("os.system", "os.popen", "subprocess.", "sh."))
        for a in c.args[:2]
    ]
    for text in texts:
        for m in _FOREIGN_LAUNCH.finditer(text or ""):
            name = m.group(1) or m.group(3) or (m.group(2) + ".m" if m.group(2) else "")
            if name:
                out.add(name)
    return out


_TRAIN_STEM = re.compile(r"^(train|main|run|fit|learn)\w*$", re.I)


def foreign_training(ctx) -> tuple[str, list[str]] | None:
    """(language, its files, training-named first) when the project trains in a language this audit
    does not parse (CycleGAN's train.lua and options.lua) and no Python or notebook code trains:
    what those files record is not assessed, and findings about the code describe the Python alone."""
    cached = getattr(ctx, "_et_foreign", False)
    if cached is not False:
        return cached
    out = None
    if not ctx.taxonomy.training_entry_points:
        by_lang: dict[str, list[str]] = {}
        for f in ctx.inventory.project_files():
            name = f.path.rsplit("/", 1)[-1]
            lang = _FOREIGN_CODE.get(("." + name.rsplit(".", 1)[-1]).lower()) if "." in name else None
            if lang and scope_of(f.path) not in ("test", "example"):
                by_lang.setdefault(lang, []).append(f.path)
        # `th neuralstyle_seg.lua ...` in gen_all.py or the README: the files the project's commands run
        # are its entry points, whatever they are named (and whichever language has more files)
        launched = _launched_files(ctx) if by_lang else set()
        ranked = sorted(
            by_lang.items(),
            key=lambda kv: (-sum(p.rsplit("/", 1)[-1] in launched for p in kv[1]), -len(kv[1])),
        )
        for lang, paths in ranked:
            runs = [p for p in paths if p.rsplit("/", 1)[-1] in launched]
            trains = runs + [
                p
                for p in paths
                if p not in runs and _TRAIN_STEM.match(p.rsplit("/", 1)[-1].rsplit(".", 1)[0])
            ]
            # one launched helper of another language (`th convert_torch.lua`) is not a training code base
            named = any(_TRAIN_STEM.match(p.rsplit("/", 1)[-1].rsplit(".", 1)[0]) for p in trains)
            if trains and (len(paths) >= 2 or named):
                out = (lang, trains + [p for p in paths if p not in trains])
                break
    ctx._et_foreign = out
    return out
