"""Training entry points declared elsewhere than in a script's ``__main__`` block.

Training is often launched through a declaration rather than ``python train.py``:

- a CLI with subcommands (``python -m pkg train``): argparse sub-parsers whose ``set_defaults(func=...)``
  handler calls the training code, click/typer command groups, ``fire.Fire({...})``;
- a Kedro pipeline registry (``register_pipelines`` in ``pipeline_registry.py``), run by ``kedro run``;
- a project file that names the command of each entry point (an ``MLproject`` run by ``mlflow run``).

Each is found from the index alone (calls, function spans, imports, config entries); nothing of the
audited code is imported or run.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass

from ..model import Evidence

# A command or a pipeline named like training; predict/evaluate/serve commands are not.
# How a Kedro registry entry point's evidence starts (the rubric recognises the pipeline by it).
PIPELINE_REGISTRY = "Kedro pipeline registry"
TRAINING_WORD = re.compile(
    r"(^|[_\-.])(train\w*|fit|fitting|fine[_-]?tun\w*|pretrain\w*|learn\w*)([_\-.]|$)", re.I
)


@dataclass(frozen=True)
class Subcommand:
    name: str
    line: int
    cell: int
    body: tuple  # (first line, last line, cell) of the handler's code


def _module_of(name: str, by_dotted: dict[str, str]) -> str:
    """The project module a resolved call name points into (``pkg.train.train`` -> pkg/train.py)."""
    parts = name.replace("()", "").split(".")
    for n in range(len(parts) - 1, 0, -1):
        hit = by_dotted.get(".".join(parts[:n]))
        if hit:
            return hit
    return ""


def dotted_modules(index) -> dict[str, str]:
    out: dict[str, str] = {}
    for path in index.modules:
        if path.endswith(".py"):
            dotted = path[: -len(".py")].replace("/", ".")
            for d in (dotted, dotted.removesuffix(".__init__")):
                out[d] = path
                if d.startswith("src."):
                    out[d[4:]] = path
    return out


def _span_of(m, name: str, within: tuple | None = None) -> tuple | None:
    """The (first, last, cell) lines of function ``name`` in module ``m``, innermost to ``within``."""
    best = None
    for fname, start, cell, end in m.functions:
        if fname != name:
            continue
        if within is not None and not (within[2] == cell and within[0] <= start <= within[1]):
            continue
        if best is None or start > best[0]:
            best = (start, end, cell)
    return best


def _enclosing(m, line: int, cell: int) -> tuple | None:
    """The innermost function span holding a line."""
    f = m.innermost_function(line, cell)
    return (f[1], f[3], f[2]) if f is not None else None


def subcommands(m) -> list[Subcommand]:
    """The subcommands a module declares, each with the span of the code that handles it."""
    out: list[Subcommand] = []
    if not any(c.name.endswith(".add_parser") or c.name == "fire.Fire" for c in m.calls) and not any(
        d.name.endswith(("command", "command()")) for d in m.decorators
    ):
        return out  # most modules declare no subcommand: skip the sort below
    calls = sorted(m.calls, key=lambda c: (c.cell, c.line))
    # argparse: add_parser("train") ... set_defaults(func=handler) in the same function.
    for i, c in enumerate(calls):
        if not c.name.endswith(".add_parser") or not c.args or not isinstance(c.args[0], str):
            continue
        scope = _enclosing(m, c.line, c.cell)
        handler = None
        for d in calls[i + 1 :]:
            if d.cell != c.cell:
                break
            if d.name.endswith(".add_parser") and d.name.rsplit(".", 1)[0] == c.name.rsplit(".", 1)[0]:
                break  # the next subcommand's parser
            if d.name.endswith(".set_defaults") and d.has_kw("func"):
                func = d.kw("func")
                text = getattr(func, "text", func if isinstance(func, str) else "")
                handler = (text or "", d.line)
                break
        body = None
        if handler is not None:
            local = handler[0].rsplit(".", 1)[-1]
            body = _span_of(m, local, scope) or _span_of(m, local)
            if body is None:  # an imported function: the set_defaults line names it
                body = (handler[1], handler[1], c.cell)
        out.append(Subcommand(c.args[0], c.line, c.cell, body or scope or (c.line, c.line, c.cell)))
    # click / typer: functions decorated with a group's or app's .command().
    for dec in m.decorators:
        if not dec.name.endswith((".command", ".command()")) and not dec.name.endswith("click.command"):
            continue
        fn = min(
            (f for f in m.functions if f[2] == dec.cell and f[1] >= dec.line),
            key=lambda f: f[1],
            default=None,
        )
        if fn is None:
            continue
        name = dec.args[0] if dec.args and isinstance(dec.args[0], str) else fn[0].replace("_", "-")
        out.append(Subcommand(name, dec.line, dec.cell, (fn[1], fn[3], fn[2])))
    # fire.Fire({"train": train, ...}): a command per key.
    for c in calls:
        if c.name == "fire.Fire" and c.args and isinstance(c.args[0], dict):
            for key, value in c.args[0].items():
                text = getattr(value, "text", "")
                body = _span_of(m, text.rsplit(".", 1)[-1]) if text else None
                out.append(Subcommand(key, c.line, c.cell, body or (c.line, c.line, c.cell)))
    return out


def _reaches(m, body: tuple, trains, by_dotted, train_call, depth: int = 0) -> str:
    """The training code a handler reaches: a project module that trains, called from the handler
    (following the module's own functions two levels down), or the module itself when it trains there."""
    first, last, cell = body
    for c in m.calls:
        if c.cell != cell or not first <= c.line <= last:
            continue
        if train_call.search(c.name):
            return m.path
        target = _module_of(c.name, by_dotted)
        if target and target != m.path and target in trains:
            return f"{target} ({c.name.rsplit('.', 1)[-1]})"
        if depth < 2 and "." not in c.name:
            inner = _span_of(m, c.name)
            if inner is not None and inner != body:
                hit = _reaches(m, inner, trains, by_dotted, train_call, depth + 1)
                if hit:
                    return hit
    return ""


def cli_training_commands(index, trains: set[str], train_call) -> list[Evidence]:
    """One training entry point per CLI module: the subcommand whose handler runs training code
    (commands named like training first)."""
    by_dotted = dotted_modules(index)
    out = []
    for path in sorted(index.modules):
        m = index.modules[path]
        cmds = subcommands(m)
        if not cmds:
            continue
        cmds.sort(key=lambda s: (not TRAINING_WORD.search(s.name), s.cell, s.line))
        for s in cmds:
            hit = _reaches(m, s.body, trains, by_dotted, train_call)
            if hit:
                where = "" if hit == path else f" in {hit}"
                out.append(Evidence(path, s.line, f"CLI subcommand `{s.name}` runs training{where}", s.cell))
                break
    return out


def training_subcommand_options(index, training_entry_points) -> list:
    """(module facts, call) of the options a training subcommand declares: the ``add_argument`` calls
    on its parser, from its ``add_parser`` line to the next subcommand's (or the end of the function).
    The options of the predict or export subcommands of the same CLI are not the training run's."""
    out = []
    for e in training_entry_points:
        if not e.detail.startswith("CLI subcommand"):
            continue
        m = index.modules.get(e.path)
        if m is None:
            continue
        scope = _enclosing(m, e.line, e.cell)
        end = (
            scope[1]
            if scope is not None
            else max((c.line for c in m.calls if c.cell == e.cell), default=e.line)
        )
        nxt = [
            c.line
            for c in m.calls
            if c.cell == e.cell and c.name.endswith(".add_parser") and e.line < c.line <= end
        ]
        end = min(nxt) - 1 if nxt else end
        out += [
            (m, c)
            for c in m.calls
            if c.cell == e.cell and e.line < c.line <= end and c.name.endswith(".add_parser().add_argument")
        ]
    return out


def launcher_overrides(training_entry_points) -> list[Evidence]:
    """Training entry points whose launcher takes parameter overrides on its command line: a Kedro
    pipeline run by ``kedro run --params key=value`` (over ``parameters.yml``)."""
    return [
        Evidence(e.path, e.line, "`kedro run --params key=value` overrides parameters per run", e.cell)
        for e in training_entry_points
        if e.detail.startswith(PIPELINE_REGISTRY)
    ][:1]


def reach_training(start: str, imports: dict[str, set[str]], trains: set[str], limit: int = 6) -> str:
    """The nearest module that trains among those ``start`` imports, transitively (breadth first,
    at most ``limit`` imports deep), or ''."""
    seen = {start}
    todo = deque([(start, 0)])
    while todo:
        path, depth = todo.popleft()
        if path != start and path in trains:
            return path
        if depth >= limit:
            continue
        for hit in sorted(imports.get(path, ())):
            if hit not in seen:
                seen.add(hit)
                todo.append((hit, depth + 1))
    return ""


def kedro_registries(index, imports: dict[str, set[str]], trains: set[str]) -> list[Evidence]:
    """Kedro pipeline registries whose pipelines run training nodes: ``kedro run`` is the entry point."""
    out = []
    for path in sorted(index.modules):
        m = index.modules[path]
        if not path.endswith(".py") or not m.imported("kedro"):
            continue
        span = next(((s, c, e) for name, s, c, e in m.functions if name == "register_pipelines"), None)
        if span is None:
            continue
        target = reach_training(path, imports, trains)
        if not target:
            continue
        start, cell, end = span
        # The pipeline or node tag that names training (`only_nodes_with_tags("training")`,
        # `pipeline_ml_factory(training=...)`), when the registry says it in a literal.
        named = ""
        line = start
        for c in m.calls:
            if c.cell != cell or not start <= c.line <= end:
                continue
            words = [a for a in c.args if isinstance(a, str)] + [k for k, _ in c.kwargs]
            hit = next((w for w in words if TRAINING_WORD.search(w)), "")
            if hit:
                named, line = hit, c.line
                break
        what = f"the `{named}` pipeline" if named else "the registered pipelines"
        out.append(
            Evidence(path, line, f"{PIPELINE_REGISTRY}: `kedro run` runs {what}, training in {target}", cell)
        )
    return out


# Commands an MLproject entry point runs: a script, a module, or a notebook executed in place.
_PY_SCRIPT = re.compile(r"\bpython[\d.]*\s+(?:-\w+\s+)*(?:-m\s+([\w.]+)|([\w./-]+\.py))\b")
_NOTEBOOK = re.compile(r"\b(?:jupyter[\s-]+nbconvert|papermill|jupyter[\s-]+execute)\b.*?([\w./-]+\.ipynb)")


def project_file_launches(index) -> dict[str, Evidence]:
    """Files launched by a project file's entry points (MLproject ``entry_points.<name>.command``),
    by path, with the evidence of the line that launches them."""
    out: dict[str, Evidence] = {}
    modules = set(index.modules)
    by_dotted = dotted_modules(index)
    for path in sorted(index.configs):
        doc = index.configs[path]
        if doc.error or not path.rsplit("/", 1)[-1].lower().startswith("mlproject"):
            continue
        base = path.rsplit("/", 1)[0] + "/" if "/" in path else ""
        for key, value, line in doc.entries:
            m = re.fullmatch(r"entry_points\.([^.]+)\.command", key)
            if not m or not isinstance(value, str):
                continue
            entry = m.group(1)
            targets = []
            for hit in _PY_SCRIPT.finditer(value):
                if hit.group(1):
                    targets.append(by_dotted.get(hit.group(1), ""))
                else:
                    targets.append(base + hit.group(2).lstrip("./"))
            targets += [base + n.group(1).lstrip("./") for n in _NOTEBOOK.finditer(value)]
            for t in targets:
                if t in modules and t not in out:
                    out[t] = Evidence(
                        path, line, f"MLflow Projects entry point `{entry}` (`mlflow run`) runs {t}"
                    )
    return out


__all__ = [
    "cli_training_commands",
    "launcher_overrides",
    "kedro_registries",
    "project_file_launches",
    "reach_training",
    "subcommands",
    "training_subcommand_options",
]
