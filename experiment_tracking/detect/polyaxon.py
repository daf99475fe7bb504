"""Polyaxonfiles (the v1 specification) and the components they define, read from a config document's
flattened entries: what each component runs (the project module its container's command names), the
inputs it declares and whether a git initializer checks its code out. Polyaxon records every run of a
component: its resolved inputs, the compiled specification, its status and logs."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, replace

from ..model import Evidence

# What a Polyaxonfile may hold beside `version:` and `kind:` (v1 specification): its run, a search over
# its inputs, or a reference to the component an operation runs
POLYAXON_KEYS = frozenset(
    {"run", "matrix", "component", "pathRef", "urlRef", "hubRef", "dagRef", "params", "runPatch"}
)
POLYAXON_MATRIX = frozenset({"grid", "random", "hyperband", "bayes", "hyperopt", "iterative", "mapping"})
# The Kubeflow training operators a component's run may be (replicas Polyaxon starts together)
POLYAXON_DISTRIBUTED = frozenset({"tfjob", "pytorchjob", "mpijob", "mxjob", "xgbjob", "paddlejob"})

# The run kinds that run a program to its end, as a training run does: a job, or a Kubeflow job's
# replicas (a service serves a notebook, TensorBoard or an app; a dag's operations are components)
JOB_KINDS = frozenset({"job"}) | POLYAXON_DISTRIBUTED

# A template Polyaxon fills in (`{{ globals.artifacts_path }}`, `{{ lr }}`); no brace inside, so a run
# of `{` is passed over once, not retried from each of its characters
TEMPLATE = re.compile(r"\{\{[^{}]*\}\}")
# A command word longer than this, or a path of more segments, names no script of the project
MAX_TOKEN = 1000
MAX_PARTS = 64
MAX_NESTING = 8  # dags inside the operations of dags


def polyaxonfile(doc) -> bool:
    """A Polyaxonfile of the v1 specification: a component (inputs, outputs, run) or an operation
    (params or a matrix for a component it defines or references), each run of which Polyaxon records."""
    return (
        doc.format == "yaml"
        and doc.get("kind") in ("component", "operation")
        and "version" in doc.top_keys()
        and bool(POLYAXON_KEYS & doc.top_keys())
    )


@dataclass(frozen=True)
class PolyaxonComponent:
    """A component of a Polyaxonfile: what `polyaxon run -f FILE` executes. Polyaxon keeps a record of
    each run of it: the resolved inputs, the compiled specification, its status and logs."""

    path: str  # the Polyaxonfile
    line: int  # its `run.kind:` line
    kind: str  # job, service, dag, tfjob, pytorchjob, mpijob, ...
    inputs: tuple[str, ...]  # the names of the inputs it declares
    inputs_line: int  # the line of its first input (its `inputs:` list), 0 without inputs
    git_line: int  # the line of its git initializer (`init: - git:`), 0 without one
    module: str  # the project module its container runs, '' when not resolved (code in the image)
    typed: bool = False  # every input declares its type
    trains: bool = False  # a job (or Kubeflow job) running a training entry point (told by the rules)

    def evidence(self, detail: str = "") -> Evidence:
        return Evidence(self.path, self.line, detail or f"Polyaxon component (run kind: {self.kind})")


def components(index) -> list[PolyaxonComponent]:
    """The components of every Polyaxonfile of the index (whatever its scope): top-level, inline under an
    operation's `component:`, or inline in an operation of a dag (`run.operations[].component`), each
    read from its own entries; read once per index state (a heal pass admits files)."""
    key = (len(index.modules), len(index.configs))
    cached = index.__dict__.get("_et_polyaxon_components")
    if cached is not None and cached[0] == key:
        return cached[1]
    # module file name -> the project's modules of that name, the longest path first: a script is found
    # by the path it ends in, without building every suffix of a long path
    by_name: dict[str, list[str]] = {}
    for p in index.modules:
        by_name.setdefault(p.rsplit("/", 1)[-1], []).append(p)
    for paths in by_name.values():
        paths.sort(key=len, reverse=True)
    out: list[PolyaxonComponent] = []
    for path, doc in sorted(index.configs.items()):
        if doc.error or not polyaxonfile(doc):
            continue
        prefix = "component." if doc.get("kind") == "operation" else ""
        _read(path, doc.entries, prefix, by_name, out)
    index.__dict__["_et_polyaxon_components"] = (key, out)
    return out


def _read(path: str, entries, prefix: str, by_name: dict, out: list, depth: int = 0) -> None:
    """The component whose keys start with `prefix`, then those its dag's operations define inline
    (each operation's entries start at its `run.operations[]` item; a component a dag only references
    by pathRef is read from its own file)."""
    ops_key = prefix + "run.operations[]"
    own: list = []
    operations: list[list] = []
    for entry in entries:
        k = entry[0]
        if not k.startswith(prefix):
            continue
        if k == ops_key:
            if entry[1] is None:  # the next operation of the dag
                operations.append([])
        elif k.startswith(ops_key + "."):
            if operations:
                operations[-1].append(entry)
        else:
            own.append(entry)
    entries = own
    kind_key = prefix + "run.kind"
    run = [(k, v, ln) for k, v, ln in entries if k.startswith(prefix + "run.")]
    kind, line = next(((v, ln) for k, v, ln in run if k == kind_key), (None, 0))
    if not isinstance(kind, str):
        return
    inputs = tuple(v for k, v, _ in entries if k == prefix + "inputs[].name" and isinstance(v, str))
    inputs_line = next((ln for k, _v, ln in entries if k == prefix + "inputs"), 0)
    git_line = next((ln for k, _v, ln in run if k.endswith(".init[].git")), 0)
    folder = path.rsplit("/", 1)[0] + "/" if "/" in path else ""
    work = [v for k, v, _ in run if k.endswith("container.workingDir") and isinstance(v, str)]
    words = [
        v
        for k, v, _ in run
        if k.endswith(("container.command[]", "container.args[]", "container.command", "container.args"))
        and isinstance(v, str)
    ]
    # the script the container's command runs (`python -u model.py`, `-m pkg.train`)
    tokens = [t.strip("'\"+") for w in words for t in TEMPLATE.sub(" ", w).split() if len(t) <= MAX_TOKEN]
    scripts = [t for t in tokens if t.endswith((".py", ".ipynb"))]
    scripts += [b.replace(".", "/") + ".py" for a, b in zip(tokens, tokens[1:], strict=False) if a == "-m"]
    module = next((found for sc in scripts if (found := _resolved_script(sc, folder, work[:1], by_name))), "")
    types = [v for k, v, _ in entries if k == prefix + "inputs[].type" and v]
    typed = bool(inputs) and len(types) == len(inputs)
    out.append(PolyaxonComponent(path, line, kind, inputs, inputs_line, git_line, module, typed))
    if depth < MAX_NESTING:
        for operation in operations:
            _read(path, operation, ops_key + ".component.", by_name, out, depth + 1)


def _resolved_script(script: str, folder: str, work: list, by_name: dict) -> str:
    """The project module a container's script is: beside the Polyaxonfile, under the working
    directory it names (`{{ globals.artifacts_path }}/repo/sub`: the clone's path ends in the
    project's), or from the repository's root. The longest module path the script's path ends in."""
    tails = [folder + script]
    for w in work:
        tails.append(TEMPLATE.sub("", w).strip().rstrip("/") + "/" + script)
    tails.append(script)
    for tail in tails:
        parts = [p for p in tail.split("/")[-MAX_PARTS:] if p and p != "."]
        if not parts:
            continue
        joined = "/".join(parts)
        for candidate in by_name.get(parts[-1], ()):
            if joined == candidate or joined.endswith("/" + candidate):
                return candidate
    return ""


def training_files(index, training: set[str]) -> dict[str, PolyaxonComponent]:
    """Polyaxonfile -> the first component it runs that trains: a job (or a Kubeflow job) whose script is
    one of the `training` modules, defined in the file or in the file its operation names by pathRef.
    A service (a notebook, TensorBoard), a component of the Polyaxon hub or a job running other code
    records no training run."""
    out: dict[str, PolyaxonComponent] = {}
    for c in components(index):
        if c.kind in JOB_KINDS and c.module in training:
            out.setdefault(c.path, replace(c, trains=True))
    for path, doc in sorted(index.configs.items()):
        if path in out or doc.error or doc.get("kind") != "operation" or not polyaxonfile(doc):
            continue
        ref = doc.get("pathRef")
        if isinstance(ref, str) and len(ref) <= MAX_TOKEN:
            target = posixpath.normpath(posixpath.join(posixpath.dirname(path), ref))
            if target in out:
                out[path] = out[target]
    return out
