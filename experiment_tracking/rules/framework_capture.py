"""What a run-recording framework captures on its own, read from facts: Sacred.

A Sacred ``Experiment`` seeds ``random`` and numpy (and TensorFlow and PyTorch when they are
imported) from its root seed at the start of every run; that seed is the ``seed`` config entry,
drawn at random when the config does not set one. It keeps the run's whole configuration (the seed
included), the host (Python version, CPU, GPUs), the versions of the packages the experiment imports
and the git commit. Only an observer writes any of it anywhere: one attached in code
(``ex.observers.append(FileStorageObserver(...))``) or given on the command line of a run
(``-F DIR``, ``-m MONGO``). An Experiment without an observer records nothing.

Experiments are told apart by the module that creates them: what is attached to ``ex`` in a module
(or to ``pkg.mod.ex`` from elsewhere) applies to the experiments that module creates.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field

from ..model import PASS, REVIEW, Evidence
from .facts import assigned, ev, facts, find

EXPERIMENT = ("sacred.Experiment", "sacred.experiment.Experiment")
# Observers that only send a message (Slack, Telegram) keep no record of the run.
_NOTIFIERS = re.compile(r"(Slack|Telegram)Observer")
# Command-line options of a Sacred run that attach a recording observer (file, MongoDB, SQL, TinyDB,
# S3, Google Cloud Storage).
_OBSERVER_OPTIONS = re.compile(
    r"^(-F|--file_storage|-m|--mongo_db|-s|--sql|-t|--tiny_db|-S|--s3|-G|--gcs)(=.*)?$|^-F\S+$"
)
_OPTION_OBSERVERS = {
    "F": "FileStorageObserver", "fi": "FileStorageObserver", "m": "MongoObserver", "mo": "MongoObserver",
    "s": "SqlObserver", "sq": "SqlObserver", "t": "TinyDbObserver", "ti": "TinyDbObserver",
    "S": "S3Observer", "s3": "S3Observer", "G": "GoogleCloudStorageObserver", "gc": "GoogleCloudStorageObserver",
}  # fmt: skip
_PYTHON = re.compile(r"^(python[\d.]*|.*/python[\d.]*)$")


@dataclass
class SacredExperiment:
    path: str  # the module that creates it
    created: Evidence  # the Experiment(...) line
    observers: list[Evidence] = field(default_factory=list)  # observers.append, -F/-m launch lines
    runners: set[str] = field(default_factory=set)  # modules that start its runs
    from_command_line: bool = False  # started by automain / run_commandline: -F/-m apply
    save_git_info: bool = True
    config_keys: list[tuple[str, Evidence]] = field(default_factory=list)  # config scope entries

    @property
    def observed(self) -> bool:
        return bool(self.observers)


def sacred_experiments(ctx) -> list[SacredExperiment]:
    """The project's Sacred experiments with what records their runs (cached per audit)."""
    cached = getattr(ctx, "_et_sacred", None)
    if cached is None:
        cached = _experiments(ctx)
        ctx._et_sacred = cached
    return cached


def _experiments(ctx) -> list[SacredExperiment]:
    from ..detect.engine import project_imports, project_modules

    by_path: dict[str, list[SacredExperiment]] = {}
    for m, c in find(ctx, exact=EXPERIMENT):
        x = SacredExperiment(
            m.path, ev(m, c, "Sacred Experiment"), save_git_info=c.kw("save_git_info") is not False
        )
        by_path.setdefault(m.path, []).append(x)
    if not by_path:
        return []
    dotted = project_modules(ctx.index)

    def owner(obj: str, here: str) -> str:
        """The module creating the experiment ``obj`` names (``sacred.Experiment()``, ``pkg.mod.ex``)."""
        if obj.startswith(tuple(e + "()" for e in EXPERIMENT)):
            return here if here in by_path else ""
        mod = obj.rsplit(".", 1)[0] if "." in obj else ""
        path = dotted.get(mod, "")
        return path if path in by_path else ""

    importers: dict[str, set[str]] = {}
    for path, hits in project_imports(ctx.index).items():
        for hit in hits:
            importers.setdefault(hit, set()).add(path)

    def attach(m, obj: str, e: Evidence) -> None:
        path = owner(obj, m.path)
        # `def add_observers(ex): ex.observers.append(...)`: the experiments of this module, or of
        # the modules that import the helper.
        paths = (
            [path]
            if path
            else [m.path]
            if m.path in by_path
            else sorted(importers.get(m.path, set()) & set(by_path))
        )
        for p in paths:
            for x in by_path[p]:
                x.observers.append(e)

    for m, c in find(ctx, suffixes=("append", "extend", "insert")):
        obj, _, how = c.name.rpartition(".observers.")
        if not obj or how not in ("append", "extend", "insert"):
            continue
        what = " ".join(str(a) for a in c.args)
        if _NOTIFIERS.search(what) or not (
            obj.startswith("sacred.") or owner(obj, m.path) or m.imported("sacred")
        ):
            continue
        kind = re.search(r"(\w+Observer)", what)
        attach(m, obj, ev(m, c, f"Sacred {kind.group(1) if kind else 'observer'} records every run"))
    for m, a in assigned(ctx, lambda t: t.endswith(".observers")):
        if not _NOTIFIERS.search(str(a.value)) and a.value not in ([], None):
            attach(
                m,
                a.target.rsplit(".", 1)[0],
                Evidence(m.path, a.line, "Sacred observers record every run", a.cell),
            )
    f = facts(ctx)
    for m, d in f.decorators:
        if d.name.endswith(".automain"):
            path = owner(d.name.rsplit(".", 1)[0], m.path)
            for x in by_path.get(path, ()):
                x.runners.add(m.path)
                x.from_command_line = True
    for m, c in find(ctx, suffixes=("run_commandline", "run")):
        obj, _, last = c.name.rpartition(".")
        path = owner(obj, m.path) if last in ("run", "run_commandline") else ""
        for x in by_path.get(path, ()):
            x.runners.add(m.path)
            x.from_command_line |= last == "run_commandline"
    for e, script in _observer_commands(ctx):
        path = dotted.get(script) or script
        for xs in by_path.values():
            for x in xs:
                if x.from_command_line and path in x.runners:
                    x.observers.append(e)
    _config_entries(ctx, by_path, owner)
    return [x for xs in by_path.values() for x in xs]


def _config_entries(ctx, by_path, owner) -> None:
    """The entries of each experiment's config scopes and `ex.add_config(...)` dicts."""
    for m in facts(ctx).modules:
        for deco, _line, cell, names in getattr(m, "config_scopes", ()):
            path = owner(deco.rsplit(".", 1)[0], m.path)
            for x in by_path.get(path, ()):
                x.config_keys += [
                    (n, Evidence(m.path, ln, f"Sacred config entry {n}", cell)) for n, ln in names
                ]
    for m, c in find(ctx, suffixes=("add_config",)):
        path = owner(c.name.rsplit(".", 1)[0], m.path)
        keys = [k for _, k in c.kwargs] + [k for a in c.args if isinstance(a, dict) for k in a]
        for x in by_path.get(path, ()):
            x.config_keys += [(k, ev(m, c, f"Sacred config entry {k}")) for k in keys if k != "**"]


def _observer_commands(ctx) -> list[tuple[Evidence, str]]:
    """Launch commands that start a script with a Sacred observer option (`python train.py -F runs`),
    in scripts, Makefiles, notebooks and the docs: (evidence, the script's path or dotted module)."""
    f = facts(ctx)
    lines = [(p, cell, i, s) for p, cell, i, s in f.shell]
    for path, text in sorted(f.docs.items()):
        lines += [(path, 0, i, s.strip()) for i, s in enumerate(text.splitlines(), 1) if "python" in s]
    out = []
    for path, cell, i, s in lines:
        if "python" not in s or not re.search(
            r"\s-(F|m|s|t|S|G)\b|--(file_storage|mongo_db|sql|tiny_db|s3|gcs)", s
        ):
            continue
        try:
            words = shlex.split(s.lstrip("$! "), comments=True)
        except ValueError:
            continue
        for k, w in enumerate(words[:-1]):
            if not _PYTHON.match(w):
                continue
            rest = words[k + 1 :]
            while len(rest) > 1 and rest[0].startswith("-") and rest[0] != "-m":
                rest = rest[1:]  # the interpreter's own options (-u, -O)
            if rest[0] == "-m" and len(rest) > 1:
                script, opts = rest[1], rest[2:]
            elif rest[0].endswith(".py"):
                script, opts = _module_path(ctx, rest[0]), rest[1:]
            else:
                continue
            opt = next((o for o in opts if _OBSERVER_OPTIONS.match(o)), None)
            if opt:
                flag = opt.split("=")[0] if opt.startswith("--") else opt[:2]
                kind = _OPTION_OBSERVERS[flag.lstrip("-")[:2]]
                out.append(
                    (
                        Evidence(path, i, f"Sacred {kind} records every run (started with `{flag}`)", cell),
                        script,
                    )
                )
            break
    return out


def _module_path(ctx, script: str) -> str:
    """The project module a script path on a command line names (`./src/train.py`, `train.py` run
    from its folder)."""
    script = script.removeprefix("./")
    if script in ctx.index.modules:
        return script
    hits = [p for p in ctx.index.modules if p.endswith("/" + script)]
    return hits[0] if len(hits) == 1 else script


def run_experiments(ctx) -> list[SacredExperiment]:
    """The experiments whose runs the project starts (all of them when it starts none it can be seen to)."""
    xs = sacred_experiments(ctx)
    return [x for x in xs if x.runners] or xs


def observed(ctx) -> list[SacredExperiment]:
    return [x for x in run_experiments(ctx) if x.observed]


def unobserved(ctx) -> list[SacredExperiment]:
    return [x for x in run_experiments(ctx) if not x.observed]


def recorder_evidence(ctx, what: str, pred=None) -> list[Evidence]:
    """Where Sacred records ``what`` with every run: each observed experiment's creation line and its
    first observer line."""
    out = []
    for x in observed(ctx):
        if pred is not None and not pred(x):
            continue
        out.append(Evidence(x.created.path, x.created.line, f"Sacred Experiment: {what}", x.created.cell))
        out.append(x.observers[0])
    return out[:12]


def observer_question(ctx, what: str) -> tuple[str, list[Evidence]]:
    """('', []) when every run Sacred experiment is observed; else a question about the launch and the
    experiments it concerns."""
    missing = unobserved(ctx)
    if not missing:
        return "", []
    e = missing[0].created
    others = f" (and {len(missing) - 1} other experiment(s))" if len(missing) > 1 else ""
    return (
        f"`{e.where()}` creates a Sacred Experiment{others} with no observer attached in the code or in the "
        f"launch commands found: are its runs started with one (`-F <dir>`, `-m <mongo url>`)? "
        f"Without an observer Sacred keeps {what} nowhere.",
        [x.created for x in missing[:3]],
    )


def sacred_seeded(ctx, used: dict) -> tuple[set[str], list[Evidence], set[str]]:
    """(frameworks Sacred seeds, where, the modules that start the seeded runs) for the experiments the
    project runs. TensorFlow (Sacred 0.7.1+) and PyTorch (0.7.5+) are seeded when imported before the
    run starts."""
    xs = [x for x in sacred_experiments(ctx) if x.runners]
    if not xs:
        return set(), [], set()
    version = _sacred_version(ctx)
    fws = {"random", "numpy"}
    if "tensorflow" in used and (version is None or version >= (0, 7, 1)):
        fws.add("tensorflow")
    if "torch" in used and (version is None or version >= (0, 7, 5)):
        fws.add("torch")
    what = f"Sacred seeds {', '.join(sorted(fws))} from the run's seed"
    where = [Evidence(x.created.path, x.created.line, what, x.created.cell) for x in xs]
    return fws, where, {p for x in xs for p in x.runners}


def _sacred_version(ctx) -> tuple[int, ...] | None:
    for d in ctx.index.dependencies:
        if d.name == "sacred" and d.exact:
            m = re.search(r"(\d+)\.(\d+)(?:\.(\d+))?", d.spec or "")
            if m:
                return tuple(int(g or 0) for g in m.groups())
    return None


def sacred_capture(ctx, recorded: str, kept: str, pred=None):
    """What Sacred does for a rule about ``recorded``: None without Sacred experiments; (PASS, evidence,
    '') when every experiment the project runs has an observer; else (REVIEW, evidence, question)."""
    if not sacred_experiments(ctx):
        return None
    question, where = observer_question(ctx, kept)
    if question:
        return REVIEW, where + recorder_evidence(ctx, recorded, pred)[:2], question
    found = recorder_evidence(ctx, recorded, pred)
    return (PASS, found, "") if found else None


def sacred_config_keys(ctx) -> list[tuple[str, Evidence]]:
    """(name, where) of the config entries of the experiments the project runs."""
    seen, out = set(), []
    for x in run_experiments(ctx):
        for name, e in x.config_keys:
            if (name, e.path, e.line) not in seen:
                seen.add((name, e.path, e.line))
                out.append((name, e))
    return out
