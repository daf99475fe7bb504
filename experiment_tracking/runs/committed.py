"""Runs a project's own code wrote and its authors committed: the files under a run directory the
training code writes to (`log/classification/<run>/logs/<model>.txt`, `checkpoints/best_model.pth`)
are stored runs, as much as a tracker's. Which files those are comes from the run records (the
paths the code writes, with the parts a run fills in left open), matched against the files in git."""

from __future__ import annotations

import re

from ..model import Run
from ..records import STEP_NAMED

_HOLE = re.compile(r"\{[^{}]*\}")
# Files no run writes as its record: the project's pages and sources. A target whose file name is all
# placeholders (`08-deep-learning/{row.page_name}`, a page rendered per row of a table) would otherwise
# match every lesson page of the folder.
_NOT_RECORDS = frozenset(
    {"doc", "python", "notebook", "shell", "dockerfile", "makefile", "requirements", "license"}
)
# the kinds of file a run's metrics are written to
_RECORD_FILE = re.compile(r"\.(csv|tsv|jsonl?|txt|log)$", re.I)
_ROLES = (("config", "params"), ("metrics", "metrics"), ("checkpoints", "model"))


def _pattern(target: str, role: str = "") -> re.Pattern | None:
    """A regex for the committed files a write target names, its group ``run`` the run's directory (up
    to the last segment a run fills in), or the file itself when only its name varies; None when the
    target starts with a value known only at run time (`{args.output_dir}/log.txt`: no committed path
    to compare) or names one fixed file every run overwrites."""
    path = re.sub(r"/{2,}", "/", target.strip()).removeprefix("./")
    parts = path.split("/")
    if len(parts) >= 2 and "{" in parts[0]:
        # only a metrics file, straight in the option's folder: a config or a checkpoint named so
        # (`{name}_config.yaml`, `{name}_checkpoint_best.pth`) is as often a shipped one
        if role != "metrics" or len(parts) > 2:
            return None
        return _named_results(parts[-1])
    if len(parts) < 2 or not parts[0] or "{" in parts[0] or any(p in ("", ".", "..") for p in parts):
        return None
    dirs = parts[:-1]
    held = max((i + 1 for i, p in enumerate(dirs) if "{" in p), default=0)
    if not held and ("{" not in parts[-1] or _HOLE.fullmatch(parts[-1])):
        # a file name that is all placeholder (`08-deep-learning/{row.page_name}`) matches every file
        # of its folder: nothing says which of them, if any, a run wrote
        return None

    def seg(i: int, p: str) -> str:
        if _HOLE.fullmatch(p) and i > 0 and _HOLE.fullmatch(parts[i - 1]):
            # {timestr}/{args.log_dir}: one of two branches names the folder, not both
            return "(?:/[^/]+)?"
        return ("/" if i else "") + "".join(
            "[^/]+" if _HOLE.fullmatch(t) else re.escape(t) for t in re.split(r"(\{[^{}]*\})", p) if t
        )

    pieces = [seg(i, p) for i, p in enumerate(parts)]
    if not held:
        return re.compile("(?P<run>" + "".join(pieces) + ")$")
    return re.compile("(?P<run>" + "".join(pieces[:held]) + ")" + "".join(pieces[held:]) + "$")


def _named_results(name: str) -> re.Pattern | None:
    """A results file named from the run (`{args.dataset}_{args.model}_baseline_training_results.csv`)
    in a folder an option names: wherever the authors committed such files, each is one run's record.
    Only a name with a part the run fills in and a distinctive fixed part (eight letters or more)
    says which files a run wrote; `log.txt` or `{name}.csv` could be anything."""
    pieces = re.split(r"(\{[^{}]*\})", name)
    fixed = "".join(t for t in pieces if not _HOLE.fullmatch(t))
    if not any(_HOLE.fullmatch(t) for t in pieces) or len(re.sub(r"[^A-Za-z]", "", fixed)) < 8:
        return None
    if not _RECORD_FILE.search(name) or STEP_NAMED.search(name):
        return None  # a table or log a run writes, not one file per step of it
    body = "".join("[^/]+" if _HOLE.fullmatch(t) else re.escape(t) for t in pieces if t)
    return re.compile("(?P<run>(?:.*/)?" + body + ")$")


def committed_runs(records, files) -> list[Run]:
    """One Run per committed run directory (or per committed results file named by its run) that the
    training code's records describe."""
    if records is None:
        return []
    patterns = []
    for attr, what in _ROLES:
        for part in getattr(records, attr, ()):
            if (
                STEP_NAMED.search(part.target.rpartition("/")[2])
                and "{" not in part.target.rpartition("/")[0]
            ):
                # saved_networks/bird-dqn-{global_step}: the files one run saves step after step in a
                # shared folder, not a run each
                continue
            regex = _pattern(part.target, attr)
            if regex is not None:
                patterns.append((regex, what, part.target.rpartition("/")[2]))
    if not patterns:
        return []
    runs: dict[str, Run] = {}
    for f in files:
        for regex, what, name in patterns:
            hit = regex.fullmatch(f.path)
            if hit is None:
                continue
            if f.kind in _NOT_RECORDS and not name.endswith("." + f.path.rsplit(".", 1)[-1]):
                continue  # a page or a source file, where the code names no such file
            run_dir = hit.group("run")
            run = runs.get(run_dir)
            if run is None:
                experiment = run_dir.rsplit("/", 1)[0]
                run = runs[run_dir] = Run(
                    store="run-dir",
                    run_id=run_dir,
                    path=run_dir,
                    experiment=experiment,
                    name=run_dir.rsplit("/", 1)[-1],
                )
            if what == "params":
                run.params = max(run.params, 1)
            elif what == "metrics":
                run.metrics = max(run.metrics, 1)
            else:
                run.model_artifact = True
    return sorted(runs.values(), key=lambda r: r.path)[:500]


def add_committed_runs(catalog, records, files) -> None:
    """Add the committed run directories to the catalog, one store per experiment folder."""
    runs = committed_runs(records, files)
    if not runs:
        return
    catalog.runs.extend(runs)
    per: dict[str, int] = {}
    for r in runs:
        per[r.experiment] = per.get(r.experiment, 0) + 1
    for experiment, n in sorted(per.items()):
        catalog.stores.append({"family": "run-dir", "path": experiment, "runs": n})
