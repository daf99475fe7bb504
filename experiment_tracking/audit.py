"""Run the stages in order and hold their results: discovery, runs, rules, scorecard."""

from __future__ import annotations

import dataclasses
import importlib
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import __version__
from .context import AuditContext, Focus
from .model import SCHEMA_VERSION, Finding, Note

# The audit's own report is never evidence about the project (it names every tool it checked).
REPORT_PATH = "docs/experiment-tracking-analysis.md"


class AuditError(Exception):
    """The audit cannot start (missing or unreadable root): one line for the user."""


@dataclass
class AuditResult:
    ctx: AuditContext
    findings: list[Finding] = field(default_factory=list)
    scorecard: Any = None
    summary: list[dict] = field(default_factory=list)
    recommendations: list[dict] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    validation: dict = field(default_factory=lambda: {"iterations": 0, "self_healed": False, "gaps": []})
    review: Any = None  # judgements.ReviewBlock: the analyst's judgements as applied to this audit

    @property
    def notes(self) -> list[Note]:
        notes = list(self.ctx.inventory.notes) + list(self.ctx.index.notes)
        if self.ctx.catalog is not None:
            notes += list(self.ctx.catalog.notes)
        return sorted(set(notes))


def check_root(root: str | os.PathLike) -> Path:
    p = Path(root)
    if not p.exists():
        raise AuditError(f"path does not exist: {root}")
    if not p.is_dir():
        raise AuditError(f"not a directory: {root}")
    if not os.access(p, os.R_OK | os.X_OK):
        raise AuditError(f"directory is not readable: {root}")
    return p.resolve()


def _inventory(root: Path, focus: Focus, expand: int, exclude: tuple[str, ...]):
    from .focus import in_focus_path
    from .inventory import build_inventory

    inv = build_inventory(root, expand=expand)
    if exclude and any(inv.get(p) for p in exclude):
        inv = dataclasses.replace(
            inv, files=[f for f in inv.files if f.path not in exclude], dirs=frozenset()
        )
    if focus.paths:
        kept = [f for f in inv.files if in_focus_path(f.path, focus)]
        roots = {r: fam for r, fam in inv.store_roots.items() if in_focus_path(r + "/x", focus)}
        inv = dataclasses.replace(inv, files=kept, store_roots=roots, dirs=frozenset())
    return inv


def _cache_dir(cache: bool | str | os.PathLike | None):
    """``True``: the user cache directory (or none if turned off); a path: that directory."""
    if cache is None or cache is False:
        return None
    if cache is True:
        from .cache import cache_dir

        return cache_dir()
    return Path(cache)


def discover(
    root: str | os.PathLike,
    focus: Focus | None = None,
    jobs: int | None = None,
    expand: int = 0,
    exclude: tuple[str, ...] = (REPORT_PATH,),
    cache: bool | str | os.PathLike | None = None,
    progress=None,
    previous: AuditContext | None = None,
    inventory=None,
) -> tuple[AuditContext, dict]:
    """Inventory, index, detections and run records.

    ``cache``: ``True`` reads and stores parsed per-file facts in the user's content cache
    (``cache.py``; the CLI's default), a path uses that directory, ``None`` (the library's
    default) parses every file and stores nothing.
    ``previous``: the context of an earlier pass over the same tree (self-healing); its parsed
    files are reused and only files it did not read are parsed. ``inventory``: already listed.
    """
    from .detect.engine import detect
    from .detect.signatures import mention_words
    from .index.build import build_index, paused_gc

    root = check_root(root)
    focus = focus or Focus()
    timings: dict[str, float] = {}
    t = time.perf_counter()
    inv = inventory if inventory is not None else _inventory(root, focus, expand, exclude)
    timings["inventory"] = time.perf_counter() - t
    t = time.perf_counter()
    index = build_index(
        inv,
        tuple(mention_words()),
        jobs=jobs,
        expand=expand,
        cache_dir=_cache_dir(cache),
        reuse=previous.index if previous is not None else None,
        progress=progress,
    )
    timings["index"] = time.perf_counter() - t
    if progress is not None:
        progress("detect", 0, 0)
    t = time.perf_counter()
    with paused_gc():
        detections, taxonomy = detect(inv, index)
    timings["detect"] = time.perf_counter() - t
    ctx = AuditContext(inventory=inv, index=index, detections=detections, taxonomy=taxonomy, focus=focus)
    from .records import build_records, record_detections

    with paused_gc():  # see _gc_paused
        ctx.records = build_records(ctx)
        from .rules.facts import trains_nothing

        if trains_nothing(ctx):
            # Nothing in the project trains: a model its library code saves when others call it (a
            # connector's torch.save) or a settings file it writes (a plugin's telemetry id) is no run's
            # model or configuration, unless the project's own scripts write it. What the project's code
            # outputs (an inference CLI's transcripts, a pipeline's tables) is still its results.
            from .detect.engine import import_closure, project_imports

            scripts = [e.path for e in ctx.taxonomy.entry_points]
            reached = frozenset(import_closure(project_imports(ctx.index), scripts))
            ctx.records = ctx.records.within(reached or None, ("config", "checkpoints"))
            # ... nor what a method no code of the project calls writes (a model's save_pretrained offered
            # to the library's users): an API, not a record of any run made here
            ctx.records = ctx.records.kept(_called_writer(ctx), ("config", "checkpoints"))
        ctx.detections.extend(record_detections(ctx))
        ctx.detections[:] = _distributed_in_dead_code(ctx)
        ctx.detections[:] = _optimisers_in_evaluation(ctx)
        from .detect.framework_clis import cli_detections

        found = cli_detections(ctx)
        # a tracker the framework is configured to write to replaces its mere mention (a YAML key); the
        # framework's detections are made only for tools no present detection names (cli_detections)
        keys = {(d.tool, d.category) for d in found}
        ctx.detections[:] = [d for d in ctx.detections if (d.tool, d.category) not in keys] + found
    return ctx, timings


def _distributed_in_dead_code(ctx) -> list:
    """Distributed training whose every line lies in a function nothing calls, in a helper module (a
    copied utils.py's init_distributed_mode), starts no process group: a mention, not a use. Functions of
    other modules may be reached by name (fire.Fire, a console script) where no call shows it."""
    from .index.python_facts import in_spans
    from .model import MENTIONED, Detection
    from .rules.facts import HELPER_MODULE, dead_functions

    dead = dead_functions(ctx)
    out = []
    for d in ctx.detections:
        if (
            d.category == "distributed"
            and d.present
            and d.evidence
            and all(
                e.path in dead
                and in_spans(dead[e.path], e.line, e.cell)
                and HELPER_MODULE.match(e.path.rsplit("/", 1)[-1].removesuffix(".py"))
                for e in d.evidence
            )
        ):
            d = Detection(d.tool, d.category, MENTIONED, d.scope, d.evidence, d.label)
        out.append(d)
    return out


# General black-box optimisers: a hyperparameter search only where a run's settings are what they optimise
_BLACK_BOX = frozenset({"nevergrad"})
# a folder or file of evaluation code: models/eval/, inference.py, sample_images.py
_EVALUATION_PATH = re.compile(
    r"(^|/|_)(eval\w*|infer\w*|generat\w*|sampl\w*|visuali[sz]\w*|demo\w*)(/|\.py$|_)", re.I
)


def _optimisers_in_evaluation(ctx) -> list:
    """GAN zoo's inspirational generation: nevergrad searching the latent vector that reproduces an image,
    in models/eval/, off the training path. A black-box optimiser used only by evaluation code optimises
    the evaluation's inputs, not a run's hyperparameters: a mention, not a search."""
    from .fixes import training_paths
    from .model import MENTIONED, Detection

    main = training_paths(ctx)
    out = []
    for d in ctx.detections:
        if (
            d.category == "hpo"
            and d.tool in _BLACK_BOX
            and d.present
            and d.evidence
            and main
            and all(e.path not in main and _EVALUATION_PATH.search(e.path) for e in d.evidence)
        ):
            d = Detection(d.tool, d.category, MENTIONED, d.scope, d.evidence, d.label)
        out.append(d)
    return out


# Methods a framework calls by name (Cog's Predictor.predict, Lightning's hooks, a server's handler).
_FRAMEWORK_HOOKS = frozenset(
    {"predict", "setup", "forward", "run", "main", "step", "fit", "evaluate", "execute", "handle", "process",
     "training_step", "validation_step", "test_step", "teardown", "call"}
)  # fmt: skip


def _called_writer(ctx):
    """A predicate: the record part is written outside any function, or in one the project's code calls
    (by name, or hands on as a value: a callback)."""
    called = set()
    for m in ctx.index.modules.values():
        for c in m.calls:
            called.add(c.name.rsplit(".", 1)[-1].removesuffix("()"))
            for v in (*c.args, *(v for _, v in c.kwargs)):
                text = getattr(v, "text", None)
                if isinstance(text, str):
                    called.add(text.rsplit(".", 1)[-1])
        called.update(d.name.rsplit(".", 1)[-1] for d in m.decorators)

    def keep(part) -> bool:
        m = ctx.index.modules.get(part.evidence.path)
        fn = m.innermost_function(part.evidence.line, part.evidence.cell) if m is not None else None
        if fn is None or fn[0] in called or fn[0].startswith(("__", "on_")) or fn[0] in _FRAMEWORK_HOOKS:
            return True
        # @app.command(), @click.command(), @router.post(...): a framework calls the decorated function
        return part.declared or any(d.cell == fn[2] and fn[1] - 3 <= d.line < fn[1] + 1 for d in m.decorators)

    return keep


def _gc_paused(fn):
    """Run ``fn`` with the cyclic collector paused (``index.build.paused_gc``): after the index is
    built every stage allocates against a heap of millions of acyclic fact objects, and each
    automatic full collection walks them all (on the 5,000-module tree the run records took 1.5 s
    with the collector on and 0.5 s without). The collector's state is restored after."""
    import functools

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        from .index.build import paused_gc

        with paused_gc():
            return fn(*args, **kwargs)

    return wrapper


def _optional(modname: str):
    try:
        return importlib.import_module(modname)
    except ModuleNotFoundError as exc:
        if exc.name == modname:
            return None
        raise


@_gc_paused
def run_audit(
    root: str | os.PathLike,
    focus: Focus | None = None,
    jobs: int | None = None,
    expand: int = 0,
    exclude: tuple[str, ...] = (REPORT_PATH,),
    server=None,
    cache: bool | str | os.PathLike | None = None,
    progress=None,
    previous: AuditResult | None = None,
    inventory=None,
    score: bool = True,
) -> AuditResult:
    """``server``: a runs.mlflow_server.ServerRequest when the user asked for a tracking server
    (the only way this function opens a network connection). ``score=False`` leaves the
    scorecard to the caller (``audit_with_validation`` scores once the project's configuration
    and the analyst's review are applied, so scoring here too would be thrown away)."""
    from .index.build import paused_gc
    from .rules.registry import all_rules

    ctx, timings = discover(
        root,
        focus,
        jobs,
        expand,
        exclude,
        cache=cache,
        progress=progress,
        previous=previous.ctx if previous is not None else None,
        inventory=inventory,
    )
    result = AuditResult(ctx=ctx, timings=timings)
    if progress is not None:
        progress("runs", 0, 0)
    t = time.perf_counter()
    prev = previous.ctx if previous is not None else None
    if (
        prev is not None
        and prev.inventory.store_roots == ctx.inventory.store_roots
        and prev.index.store_files == ctx.index.store_files
    ):
        # The run stores are the same files: their catalog and linkage stand as read.
        ctx.catalog, ctx.linkage = prev.catalog, prev.linkage
    else:
        runs = _optional("experiment_tracking.runs")
        if runs is not None:
            ctx.catalog = runs.build_catalog(ctx.inventory)
            if server is not None:
                from .runs.mlflow_server import join

                join(ctx.catalog, server.read(ctx))
            from .runs.committed import add_committed_runs

            # run directories the project's own code writes, committed with it (before linkage: they
            # record no commit to verify)
            add_committed_runs(ctx.catalog, ctx.records, ctx.inventory.project_files())
            linkage = _optional("experiment_tracking.runs.linkage")
            if linkage is not None:
                ctx.linkage = linkage.verify(ctx.inventory.root, ctx.catalog)
    timings["runs"] = time.perf_counter() - t
    if progress is not None:
        progress("rules", 0, 0)
    t = time.perf_counter()
    # Every rule runs whatever the focus: the score must mean the same with and without one.
    # A tool or phase focus shapes what the report shows, not what is measured.
    with paused_gc():
        for r in all_rules():
            result.findings.extend(r.check(ctx) or [])
    result.findings.sort(key=lambda f: (f.rule_id, f.status))
    from .fixes import (
        few_scripts_passes,
        fit_snippets,
        fit_to_stack,
        library_demo_fit,
        research_release_fit,
        seed_names_fit,
        switched_passes,
        training_first,
        unread_caveat,
        unread_framework_questions,
    )

    passes = few_scripts_passes(
        ctx, switched_passes(ctx, library_demo_fit(ctx, research_release_fit(ctx, result.findings)))
    )
    passes = unread_framework_questions(ctx, passes)
    result.findings = unread_caveat(
        ctx, training_first(ctx, fit_snippets(ctx, seed_names_fit(ctx, fit_to_stack(ctx, passes))))
    )
    timings["rules"] = time.perf_counter() - t
    scoring = _optional("experiment_tracking.scoring") if score else None
    if scoring is not None:
        result.scorecard = scoring.compute_scorecard(ctx, result.findings)
        result.summary = scoring.summary_table(ctx, result.findings, result.scorecard)
        result.recommendations = scoring.recommendations(ctx, result.findings, result.scorecard)
        from .fixes import fit_recommendation_snippets

        fit_recommendation_snippets(ctx, result.recommendations)
    return result


MAX_HEAL_ITERATIONS = 2
# What each self-healing iteration adds to discovery.
WIDENING = {1: "gitignored project files", 2: "plain-text files (.txt)"}
# Gaps that more files can close. The others (placeholder text, a finding without evidence,
# scorecard or summary problems) are about the report itself: wider discovery cannot change
# them, so they go straight to Data Gaps without another iteration.
WIDENABLE_GAPS = frozenset({"no-code", "empty-section"})
MAX_ADMITTED_LISTED = 20


@_gc_paused
def audit_with_validation(
    root: str | os.PathLike,
    focus: Focus | None = None,
    jobs: int | None = None,
    config=None,
    profile: str | None = None,
    exclude: tuple[str, ...] = (REPORT_PATH,),
    server=None,
    cache: bool | str | os.PathLike | None = None,
    progress=None,
    review=None,
) -> tuple[AuditResult, str]:
    """The seed's self-healing loop: audit, read the report back, re-discover wider if it has gaps.

    Each further iteration widens discovery (gitignored files beyond the run stores, then
    plain-text files); at most two, and only while a gap is one that more files can close. An
    iteration is incremental: it lists the wider tree, parses only the files it admits (the
    facts of the others are reused), and re-runs detection, rules and scoring only when it
    admitted something (the run catalog only when the run stores changed). Gaps that remain
    are recorded in ``result.validation`` — with what each iteration admitted and re-ran — and
    listed in the report's Data Gaps section with the data that would close them.

    ``review``: the Analyst Review block read from the previous report (``judgements.read_review``);
    its judgements are applied after the rules and before scoring on every pass, and the block is
    written back into the new report (verbatim when it could not be read).
    """
    from .report.markdown import render_markdown
    from .validate import sections_with_gaps, validate_report

    root = check_root(root)
    focus = focus or Focus()
    result = run_audit(
        root, focus, jobs, exclude=exclude, cache=cache, progress=progress, server=server, score=False
    )
    _configure_and_review(result, config, profile, review)
    text = render_markdown(result)
    gaps = validate_report(text) + insufficient_data(result)
    iterations, healed, runs = 0, [], []
    while any(g.code in WIDENABLE_GAPS for g in gaps) and iterations < MAX_HEAL_ITERATIONS:
        iterations += 1
        if progress is not None:
            progress(f"self-healing {iterations}", 0, 0)
        t = time.perf_counter()
        before = {(g.code, g.section) for g in gaps}
        sections = sections_with_gaps(g for g in gaps if g.code in WIDENABLE_GAPS)
        inv = _inventory(root, focus, iterations, exclude)
        admitted = _admitted(result, inv, iterations)
        record = {
            "iteration": iterations,
            "widened": WIDENING[iterations],
            "admitted": len(admitted),
            "admitted_files": admitted[:MAX_ADMITTED_LISTED],
            "reran": [],
        }
        if admitted:
            previous = result
            result = run_audit(
                root,
                focus,
                jobs,
                expand=iterations,
                exclude=exclude,
                cache=cache,
                progress=progress,
                previous=previous,
                inventory=inv,
                server=server,
                score=False,
            )
            reused = result.ctx.catalog is previous.ctx.catalog
            record["reran"] = ["inventory", "index", "detect", "rules", "scoring"] + (
                [] if reused else ["runs"]
            )
            record["parsed"] = result.ctx.index.stats.parsed if result.ctx.index.stats else 0
            _configure_and_review(result, config, profile, review)
            text = render_markdown(result)
            gaps = validate_report(text) + insufficient_data(result)
        else:
            record["reran"] = ["inventory"]  # nothing new to read: the report stands as it was
        fixed = before - {(g.code, g.section) for g in gaps}
        record["closed"] = len(fixed)
        record["seconds"] = round(time.perf_counter() - t, 3)
        runs.append(record)
        if fixed:
            healed.append(
                f"{len(fixed)} gap(s) in {', '.join(sections) or 'the report'} after expanded discovery"
            )
    result.validation = {
        "iterations": iterations,
        "self_healed": bool(healed) and not gaps,
        "healed": "; ".join(healed),
        "gaps": [g.to_dict() for g in gaps],
        "runs": runs,
        "not_widenable": sorted({g.code for g in gaps if g.code not in WIDENABLE_GAPS}),
    }
    if gaps or iterations:  # Data Gaps states what was healed, what is missing and what would close it
        text = render_markdown(result)
    return result, text


def _configure_and_review(result: AuditResult, config, profile: str | None, review) -> None:
    """Drop the project's disabled rules, apply the analyst's review, and score once.

    The review's step rescores (scorecard, summary, recommendations) whatever the block holds,
    so scoring before it too (``project_config.apply``) was thrown away: ~0.3 s on a large tree.
    Only an ignored block skips that step, and then ``project_config.apply`` scores.
    """
    from . import project_config
    from .judgements import apply_review

    if review is not None and review.ignored:
        project_config.apply(result, config, profile)
        apply_review(result, review)
        return
    disabled = set(config.disable) if config else set()
    if disabled:
        result.findings = [f for f in result.findings if f.rule_id not in disabled]
    chosen = profile or (config.profile if config else None) or "research"
    apply_review(result, review, profile=chosen)


def _admitted(result: AuditResult, inv, expand: int) -> list[str]:
    """Paths the wider listing adds: new or changed files, and files the index now reads."""
    from .index.build import wanted_entries

    before = {f.path: f.size for f in result.ctx.inventory.files}
    read = result.ctx.index.results
    new = {f.path for f in inv.files if before.get(f.path) != f.size}
    new.update(e.path for e in wanted_entries(inv, expand) if e.path not in read)
    return sorted(new)


def insufficient_data(result: AuditResult) -> list:
    """Gaps in what the audit could read (the seed: empty directories, missing configs)."""
    from .validate import Gap

    gaps = []
    index = result.ctx.index
    if not index.modules:
        gaps.append(
            Gap(
                "no-code",
                "inventory",
                "no Python module or notebook was found among the files git lists",
                hint="the training code: commit it (or un-ignore it), or run the audit on the directory that holds it",
            )
        )
    return gaps


def discovery_dict(ctx: AuditContext) -> dict:
    inv = ctx.inventory
    return {
        "schema_version": SCHEMA_VERSION,
        "tool_version": __version__,
        "root": str(inv.root),
        "focus": ctx.focus.to_dict(),
        "is_git": inv.is_git,
        "files": {
            "total": len(inv.files),
            "project": len(inv.project_files()),
            "in_stores": len(inv.store_files()),
        },
        "stores": [{"path": p, "family": fam} for p, fam in sorted(inv.store_roots.items())],
        "detections": [d.to_dict() for d in ctx.detections],
        "taxonomy": ctx.taxonomy.to_dict(),
        "notes": [n.to_dict() for n in sorted(set(inv.notes) | set(ctx.index.notes))],
    }


def audit_dict(result: AuditResult) -> dict:
    ctx = result.ctx
    d = discovery_dict(ctx)
    d["notes"] = [n.to_dict() for n in result.notes]
    cat = ctx.catalog
    d["runs"] = [_run_dict(r) for r in cat.runs] if cat is not None else []
    d["catalog"] = cat.to_dict() if cat is not None else None
    d["linkage"] = ctx.linkage.to_dict() if ctx.linkage is not None else None
    d["findings"] = [f.to_dict() for f in result.findings]
    sc = result.scorecard
    d["scorecard"] = sc.to_dict() if sc is not None else None
    d["summary"] = result.summary
    d["recommendations"] = result.recommendations
    d["validation"] = result.validation
    from .review import review_questions

    d["review_questions"] = [q.to_dict() for q in review_questions(result)]
    # The analyst's judgements as read from the report's Analyst Review block and applied.
    d["analyst_review"] = result.review.to_dict() if result.review is not None else None
    # What the code writes per run (options, metrics, checkpoints, resume, commit), whoever writes it.
    d["run_records"] = result.ctx.records.to_dict() if result.ctx.records is not None else None
    return d


def _run_dict(run) -> dict:
    keys = (
        "store",
        "run_id",
        "experiment",
        "name",
        "status",
        "git_commit",
        "git_dirty",
        "seed",
        "data_digests",
        "env_captured",
        "params",
        "metrics",
        "path",
        "commit_status",
        "model_artifact",
        "parent_run",
    )
    full = dataclasses.asdict(run) if dataclasses.is_dataclass(run) else dict(run)
    out = {k: full.get(k) for k in keys}
    out["recreatable"] = bool(getattr(run, "recreatable", False))
    return out
