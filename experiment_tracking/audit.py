"""Run the stages in order and hold their results: discovery, runs, rules, scorecard."""

from __future__ import annotations

import dataclasses
import importlib
import os
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


def discover(
    root: str | os.PathLike,
    focus: Focus | None = None,
    jobs: int | None = None,
    expand: int = 0,
    exclude: tuple[str, ...] = (REPORT_PATH,),
) -> tuple[AuditContext, dict]:
    from .detect.engine import detect
    from .detect.signatures import mention_words
    from .focus import in_focus_path
    from .index.build import build_index, paused_gc
    from .inventory import build_inventory

    root = check_root(root)
    focus = focus or Focus()
    timings = {}
    t = time.perf_counter()
    inv = build_inventory(root, expand=expand)
    if exclude and any(inv.get(p) for p in exclude):
        inv = dataclasses.replace(
            inv, files=[f for f in inv.files if f.path not in exclude], dirs=frozenset()
        )
    if focus.paths:
        kept = [f for f in inv.files if in_focus_path(f.path, focus)]
        roots = {r: fam for r, fam in inv.store_roots.items() if in_focus_path(r + "/x", focus)}
        inv = dataclasses.replace(inv, files=kept, store_roots=roots, dirs=frozenset())
    timings["inventory"] = time.perf_counter() - t
    t = time.perf_counter()
    index = build_index(inv, tuple(mention_words()), jobs=jobs, expand=expand)
    timings["index"] = time.perf_counter() - t
    t = time.perf_counter()
    with paused_gc():
        detections, taxonomy = detect(inv, index)
    timings["detect"] = time.perf_counter() - t
    ctx = AuditContext(inventory=inv, index=index, detections=detections, taxonomy=taxonomy, focus=focus)
    from .records import build_records, record_detections

    ctx.records = build_records(ctx)
    ctx.detections.extend(record_detections(ctx))
    return ctx, timings


def _optional(modname: str):
    try:
        return importlib.import_module(modname)
    except ModuleNotFoundError as exc:
        if exc.name == modname:
            return None
        raise


def run_audit(
    root: str | os.PathLike,
    focus: Focus | None = None,
    jobs: int | None = None,
    expand: int = 0,
    exclude: tuple[str, ...] = (REPORT_PATH,),
    server=None,
) -> AuditResult:
    """``server``: a runs.mlflow_server.ServerRequest when the user asked for a tracking server
    (the only way this function opens a network connection)."""
    from .index.build import paused_gc
    from .rules.registry import all_rules

    ctx, timings = discover(root, focus, jobs, expand, exclude)
    result = AuditResult(ctx=ctx, timings=timings)
    t = time.perf_counter()
    runs = _optional("experiment_tracking.runs")
    if runs is not None:
        ctx.catalog = runs.build_catalog(ctx.inventory)
        if server is not None:
            from .runs.mlflow_server import join

            join(ctx.catalog, server.read(ctx))
        linkage = _optional("experiment_tracking.runs.linkage")
        if linkage is not None:
            ctx.linkage = linkage.verify(ctx.inventory.root, ctx.catalog)
    timings["runs"] = time.perf_counter() - t
    t = time.perf_counter()
    # Every rule runs whatever the focus: the score must mean the same with and without one.
    # A tool or phase focus shapes what the report shows, not what is measured.
    with paused_gc():
        for r in all_rules():
            result.findings.extend(r.check(ctx) or [])
    result.findings.sort(key=lambda f: (f.rule_id, f.status))
    from .fixes import fit_to_stack, switched_passes, training_first

    result.findings = training_first(ctx, fit_to_stack(ctx, switched_passes(ctx, result.findings)))
    timings["rules"] = time.perf_counter() - t
    scoring = _optional("experiment_tracking.scoring")
    if scoring is not None:
        result.scorecard = scoring.compute_scorecard(ctx, result.findings)
        result.summary = scoring.summary_table(ctx, result.findings, result.scorecard)
        result.recommendations = scoring.recommendations(ctx, result.findings, result.scorecard)
    return result


MAX_HEAL_ITERATIONS = 2


def audit_with_validation(
    root: str | os.PathLike,
    focus: Focus | None = None,
    jobs: int | None = None,
    config=None,
    profile: str | None = None,
    exclude: tuple[str, ...] = (REPORT_PATH,),
    server=None,
) -> tuple[AuditResult, str]:
    """The seed's self-healing loop: audit, read the report back, re-discover wider if it has gaps.

    Each further iteration widens discovery (gitignored files beyond the run stores, plain-text
    files, larger JSON documents); at most two. Gaps that remain are recorded in
    ``result.validation`` and listed in the report's Data Gaps section with the data that
    would close them.
    """
    from . import project_config
    from .report.markdown import render_markdown
    from .validate import sections_with_gaps, validate_report

    result = run_audit(root, focus, jobs, exclude=exclude, server=server)
    project_config.apply(result, config, profile)
    text = render_markdown(result)
    gaps = validate_report(text) + insufficient_data(result)
    iterations, healed = 0, []
    while gaps and iterations < MAX_HEAL_ITERATIONS:
        iterations += 1
        before = {(g.code, g.section) for g in gaps}
        sections = sections_with_gaps(gaps)
        result = run_audit(root, focus, jobs, expand=iterations, exclude=exclude, server=server)
        project_config.apply(result, config, profile)
        text = render_markdown(result)
        gaps = validate_report(text) + insufficient_data(result)
        fixed = before - {(g.code, g.section) for g in gaps}
        if fixed:
            healed.append(
                f"{len(fixed)} gap(s) in {', '.join(sections) or 'the report'} after expanded discovery"
            )
    result.validation = {
        "iterations": iterations,
        "self_healed": bool(healed) and not gaps,
        "healed": "; ".join(healed),
        "gaps": [g.to_dict() for g in gaps],
    }
    if gaps or iterations:  # Data Gaps states what was healed, what is missing and what would close it
        text = render_markdown(result)
    return result, text


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
