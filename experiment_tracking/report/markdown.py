"""The Markdown report: the seed's eight sections in order, then the summary table and data gaps.

Deterministic: the same tree gives the same bytes, apart from the one marked generation line.
"""

from __future__ import annotations

import datetime as _dt
import importlib
import re

from .. import __version__
from ..detect.signatures import CATEGORY_LABELS, CATEGORY_ORDER
from ..focus import phase_numbers
from ..model import FAIL, PASS, REPORT_MARKER, REVIEW, WARN
from ..review import focus_first, review_questions
from .escape import code_span, md_block, md_inline, md_text

SECTIONS = (
    "Executive Summary",
    "Open Review Questions",
    "Analyst Review",
    "Experiment Infrastructure Inventory",
    "Parameter Management Assessment",
    "Metric Logging Evaluation",
    "Reproducibility Scorecard (0-30)",
    "Pipeline Architecture Review",
    "Collaboration Assessment",
    "Prioritized Recommendations",
    "Summary Table",
    "Data Gaps",
)
SECTION_PHASES = {
    "Experiment Infrastructure Inventory": ("1",),
    "Parameter Management Assessment": ("2",),
    "Metric Logging Evaluation": ("3",),
    "Reproducibility Scorecard (0-30)": ("4",),
    "Pipeline Architecture Review": ("5",),
    "Collaboration Assessment": ("6",),
}
NOT_MEASURED = {
    "2": "configuration architecture, hyperparameter logging completeness and parameter search",
    "3": "metric logging, artifact management and run comparison",
    "4": "seeds, determinism, environment pinning, containers and code-data-model linkage",
    "5": "pipeline structure, training orchestration and model registry",
    "6": "team collaboration and governance (access, model cards, fairness, privacy, retention)",
}
STATUS_ORDER = {FAIL: 0, WARN: 1, REVIEW: 2, PASS: 3}
NO_REVIEW_QUESTIONS = "None: every finding was decided from the evidence."
GENERATED_PREFIX = REPORT_MARKER
ADDRESSED_NOTE = "addressed-to-agents"  # index/build.py's ADDRESSED (not imported: keeps this light)


# Every string that can come from the audited tree goes through report/escape.py: paths as code
# spans, details as text, and the auditor's own messages (which embed such values) as md_inline.
def _one_line(text: str) -> str:
    return md_inline(" ".join(str(text).split()))


def _code(text: str, cell: bool = False) -> str:
    return code_span(text, cell=cell)


def evidence_list(evidence, limit: int = 6, cell: bool = False) -> str:
    shown = [
        _code(e.where(), cell) + (f" ({md_text(e.detail)})" if e.detail else "") for e in evidence[:limit]
    ]
    more = len(evidence) - limit
    if more > 0:
        shown.append(f"and {more} more")
    return ", ".join(shown)


def finding_block(f, scanned: int = 0, evidence: int = 6) -> list[str]:
    lines = [f"- **{f.status}** `{f.rule_id}` {md_inline(f.title)} — {md_inline(f.message)}"]
    if f.evidence:
        lines.append(f"  - Evidence: {evidence_list(f.evidence, evidence)}")
    elif f.status != PASS:
        lines.append(f"  - Evidence: none found — an absence across the {scanned} project files read")
    if f.status == REVIEW and f.question:
        lines.append(f"  - Question: {_one_line(f.question)}")
    if f.recommendation and f.status != PASS:
        rec = f.recommendation.strip().splitlines()
        first = md_inline(rec[0]) if rec and not rec[0].startswith("```") else "see the snippet below"
        lines.append(f"  - Fix: {first}")
        if len(rec) > 1 or (rec and rec[0].startswith("```")):
            body = rec[1:] if not rec[0].startswith("```") else rec
            lines.extend("    " + ln for ln in md_block(body))
    return lines


def _phase_findings(result, phase: str):
    fs = [f for f in result.findings if f.phase.split(".")[0] == phase]
    return sorted(fs, key=lambda f: (f.phase, STATUS_ORDER.get(f.status, 3), f.rule_id))


# The detections a phase focus lists in full, with every piece of evidence (its deeper look).
FOCUS_CATEGORIES = {
    "1": ("tracking", "hpo", "pipelines", "distributed", "data_versioning", "data_validation"),
    "2": ("hpo",),
    "3": ("tracking",),
    "4": ("data_versioning", "data_validation"),
    "5": ("pipelines", "distributed"),
    "6": (),
}
FOCUS_EVIDENCE = 40  # evidence shown per finding of a focused phase (others show 6)


def _findings_section(result, phase: str) -> list[str]:
    """Every finding of the phase, passes included, whatever the focus (a focus never hides a
    pass while showing the warnings). A focused phase gets its whole evidence and its tools."""
    fs = _phase_findings(result, phase)
    phases = phase_numbers(result.ctx.focus)
    if phase not in phases:
        return _findings_lines(result, fs, phase)
    out = [
        f"In focus ({', '.join(result.ctx.focus.phases)}): every finding of this phase with all its evidence, "
        f"{sum(1 for f in fs if f.status == PASS)} passing and {sum(1 for f in fs if f.status != PASS)} not."
    ]
    cats = FOCUS_CATEGORIES.get(phase, ())
    dets = [d for d in result.ctx.present() if d.category in cats] if phase != "1" else []
    if dets:
        out += ["", "Tools of this phase, with every place they are used:", ""]
        for d in dets:
            out.append(
                f"- {md_inline(d.label)} ({d.usage}, {d.scope}): {evidence_list(d.evidence, FOCUS_EVIDENCE)}"
            )
    return out + _findings_lines(result, fs, phase, FOCUS_EVIDENCE)


def _findings_lines(result, fs, phase: str | None = None, evidence: int = 6) -> list[str]:
    if not fs:
        return [
            f"No rule of phase {phase} applied to this repository; {NOT_MEASURED.get(phase, 'this phase')} "
            "were checked and nothing relevant was found."
        ]
    out = []
    current = None
    for f in fs:
        if f.phase != current:
            current = f.phase
            out.append("")
            out.append(f"**Step {f.phase}**")
            out.append("")
        out.extend(finding_block(f, result.ctx.index.files_parsed, evidence))
    return out


def _render_runs(result) -> list[str]:
    ctx = result.ctx
    if ctx.catalog is None:
        return ["Run stores were not read (the run catalog is unavailable in this build)."]
    try:
        render = importlib.import_module("experiment_tracking.runs.render")
    except ModuleNotFoundError:
        return [f"{len(ctx.catalog.runs)} run(s) found in tracking stores."]
    text = render.render_runs_markdown(ctx.catalog, ctx.linkage)
    return text.rstrip().splitlines()


def experiments_cataloged(result) -> str:
    """The seed's "Experiments cataloged" count (runs), with the experiments and stores behind it."""
    cat = result.ctx.catalog
    if cat is None or not cat.runs:
        return "0 (no run store found on disk)"
    server = any(s["family"] == "mlflow_server" for s in cat.stores)
    committed = any(s["family"] == "run-dir" for s in cat.stores)
    disk = any(s["family"] not in ("mlflow_server", "run-dir") for s in cat.stores) or not (
        server or committed
    )
    source = " and ".join(
        ["read from disk"] * disk
        + ["run directories the training code writes, committed with the code"] * committed
        + ["from a tracking server"] * server
    )
    return f"{cat.describe()}, {source}"


def _config_count(ctx) -> int:
    """Parsed configuration documents, and gin files (bindings, not YAML or JSON: read as text)."""
    gin = sum(1 for f in ctx.inventory.project_files() if f.path.endswith(".gin"))
    return len(ctx.index.configs) + gin


def gaps_count(result) -> int:
    return sum(1 for f in result.findings if f.status in (FAIL, WARN))


def render_markdown(result, today: str | None = None) -> str:
    ctx = result.ctx
    today = today or _dt.date.today().isoformat()
    name = md_text(ctx.inventory.root.name or str(ctx.inventory.root))
    L: list[str] = [f"# Experiment Tracking Analysis: {name}", ""]
    L.append(f"{GENERATED_PREFIX} {__version__} on {today} -->")
    L.append("")
    L.append(f"Focus: {md_text(ctx.focus.describe())}")
    if phase_numbers(ctx.focus) or ctx.focus.tools:
        L.append("")
        L.append(
            "A tool or phase focus orders and deepens what is shown; every rule still runs and the score "
            "is the whole repository's."
        )
    L.append("")

    # 1. Executive summary
    L += ["## Executive Summary", ""]
    present = ctx.present()
    trackers = [d for d in present if d.category == "tracking"]
    sc = result.scorecard
    if sc is not None:
        L.append(
            f"- Reproducibility score: **{sc.total}/30** (weakest dimension: {sc.weakest_label} at "
            f"{sc.weakest_score}/5)"
        )
    from ..rules.facts import tracking_tools_text

    L.append(f"- Tracking tools identified: {tracking_tools_text(ctx, trackers)}")
    L.append(f"- Experiments cataloged: {experiments_cataloged(result)}")
    fails = [f for f in result.findings if f.status == FAIL]
    warns = [f for f in result.findings if f.status == WARN]
    questions = focus_first(result, review_questions(result))
    L.append(
        f"- Reproducibility gaps: {len(fails) + len(warns)} ({len(fails)} FAIL, {len(warns)} WARN), "
        f"{len(questions)} open review question(s) from {len(result.findings)} checks"
    )
    inv = ctx.inventory
    L.append(
        f"- Scanned {len(inv.project_files())} project files ({len(ctx.index.modules)} Python modules and "
        f"notebooks, {ctx.index.python_lines} lines of code, {_config_count(ctx)} config documents) and "
        f"{len(inv.store_files())} files in {len(inv.store_roots)} tracking store(s)"
        f"{'' if inv.is_git else '; not a git repository'}."
    )
    focused = phase_numbers(ctx.focus)
    top = sorted(
        fails + warns,
        key=lambda f: (f.phase.split(".")[0] not in focused, STATUS_ORDER[f.status], f.phase, f.rule_id),
    )[:3]
    if top:
        L.append("")
        L.append("Most important gaps:")
        L.append("")
        for f in top:
            where = f" ({_code(f.evidence[0].where())})" if f.evidence else ""
            L.append(f"1. **{f.status}** `{f.rule_id}` {md_inline(f.title)}: {md_inline(f.message)}{where}")
    L.append("")

    # Right after the summary: what the evidence could not decide, and the question that would.
    L += ["## Open Review Questions", ""]
    L += review_lines(questions)
    L.append("")
    # The analyst's judgements as data (read back and applied by the next audit), then free notes.
    from ..judgements import SECTION_TITLE, render_review

    L += [f"## {SECTION_TITLE}", ""]
    L += render_review(result)
    L.append("")

    # 2. Inventory
    L += ["## Experiment Infrastructure Inventory", "", "### Tools in use (Step 1.1)", ""]
    if ctx.focus.tools:
        shown = [d for d in present if d.tool in ctx.focus.tools]
        if len(shown) < len(present):
            others_in_use = sorted({d.label for d in present if d.tool not in ctx.focus.tools})
            L.append(f"Focus on {', '.join(ctx.focus.tools)}; also in use: {', '.join(others_in_use)}.")
            L.append("")
        present = shown
    if present:
        L += ["| Category | Tool | Usage | Scope | Evidence |", "|---|---|---|---|---|"]
        for cat in CATEGORY_ORDER:
            for d in [d for d in present if d.category == cat]:
                L.append(
                    f"| {CATEGORY_LABELS[cat]} | {d.label} | {d.usage} | {d.scope} | {evidence_list(d.evidence, 3, cell=True)} |"
                )
    else:
        L.append(
            "No experiment tracking, search, pipeline, distributed or data versioning tool is used or configured."
        )
    # TensorBoard event files and checkpoints a TF Estimator writes into its model_dir by itself: the
    # run's record, though no tracker is called.
    from ..model import Evidence
    from ..records import estimator_parts

    framework = [
        Evidence(p.evidence.path, p.evidence.line, p.target, p.evidence.cell)
        for p in estimator_parts(ctx.records, trained=False)
    ]
    if framework:
        kept = (
            "TensorBoard event files and checkpoints"
            if estimator_parts(ctx.records)
            else "TensorBoard event files of its evaluations"
        )
        L += [
            "",
            f"Written by the framework on its own (no tracker call): the TF Estimator keeps {kept} in its "
            f"model_dir — {evidence_list(framework, 4)}.",
        ]
    others = [d for d in ctx.detections if not d.present]
    if others:
        L += [
            "",
            "Not counted as present (only declared as a dependency, imported without a call, or mentioned "
            "in prose, comments or strings):",
            "",
        ]
        for d in others:
            L.append(f"- {d.label} ({d.usage}): {evidence_list(d.evidence, 2)}")
    L += ["", "### Experiment taxonomy (Step 1.2)", ""]
    tax = ctx.taxonomy
    L.append(
        f"- Training entry points: {len(tax.training_entry_points)}"
        + (f" — {evidence_list(tax.training_entry_points, 5)}" if tax.training_entry_points else "")
    )
    L.append(
        f"- Other entry points (scripts, CLIs): {len(tax.entry_points)}"
        + (f" — {evidence_list(tax.entry_points, 5)}" if tax.entry_points else "")
    )
    hpo = [d for d in present if d.category == "hpo"]
    grids = tax.sweep_definitions
    searches = ", ".join(d.label for d in hpo)
    if grids:
        searches += ("; " if searches else "") + f"grids defined in code: {evidence_list(grids, 3)}"
    L.append(
        f"- Sweeps / hyperparameter searches: {searches or 'no search library or sweep definition found'}"
    )
    L.append(
        f"- Ablation studies (by name): {evidence_list(tax.ablations, 3) if tax.ablations else 'none found'}"
    )
    L.append(f"- Run and experiment naming: {_naming(result)}")
    L.append(f"- Tagging: {evidence_list(tax.tagging, 4) if tax.tagging else 'no tagging calls found'}")
    L.append(
        f"- Notebooks with inline experiment records (metrics in saved outputs): {len(tax.notebook_records)}"
        + (f" — {evidence_list(tax.notebook_records, 4)}" if tax.notebook_records else "")
    )
    L.append("")
    L += _render_runs(result)
    L += ["", "### Data version control (Step 1.3)", ""]
    dv = [d for d in present if d.category in ("data_versioning", "data_validation")]
    L.append(
        f"- Data versioning and feature stores: {', '.join(d.label for d in dv if d.category == 'data_versioning') or 'none'}"
    )
    L.append(
        f"- Data schema validation: {', '.join(d.label for d in dv if d.category == 'data_validation') or 'none'}"
    )
    L.append(
        f"- Seeded splits: {len(tax.splits_seeded)}; unseeded splits: {len(tax.splits_unseeded)}; committed split files: {len(tax.split_files)}"
    )
    L += ["", "### Findings", ""]
    L += _findings_section(result, "1")
    L.append("")

    for title in list(SECTION_PHASES)[1:]:
        L += [f"## {title}", ""]
        phase = SECTION_PHASES[title][0]
        if title.startswith("Reproducibility Scorecard"):
            L += _scorecard_table(result)
            L.append("")
        L += _findings_section(result, phase)
        L.append("")

    # 8. Recommendations
    L += ["## Prioritized Recommendations", ""]
    L += _recommendations(result)
    L.append("")
    L += ["## Summary Table", "", "| Area | Status | Priority |", "|------|--------|----------|"]
    for row in result.summary:
        L.append(f"| {row['area']} | {row['status']} | {row['priority']} |")
    if not result.summary:
        L.append("| (not computed) | - | - |")
    # Which findings set each row below PASS: the row's status is its worst finding's, and an area holds
    # rules a reader may not look for there (run naming and tagging under Collaboration).
    behind = [f"{row['area']}: {', '.join(row['rules'])}" for row in result.summary if row.get("rules")]
    if behind:
        L += ["", "Findings behind each row below PASS: " + "; ".join(behind) + "."]
    # a WARN with no finding behind it: the area had nothing to assess, which the table cannot say
    empty = [row["area"] for row in result.summary if row.get("note") and not row.get("rules")]
    if empty:
        L += [
            "",
            f"Rows marked WARN with no finding ({', '.join(empty)}): no rule of the area applied to this "
            "repository, so nothing there was assessed (WARN only because the table has no N/A).",
        ]
    L.append("")
    L += ["## Data Gaps", ""]
    L += _data_gaps(result)
    L.append("")
    return "\n".join(L)


def review_lines(questions) -> list[str]:
    """The numbered open questions, each with its rule (or dimension) and evidence."""
    if not questions:
        return [NO_REVIEW_QUESTIONS]
    out = [
        "The static analysis could not decide these; each answer settles a finding or a score.",
        "",
    ]
    for i, q in enumerate(questions, 1):
        gain = f" (could change the score by up to {q.points} point(s))" if q.points else ""
        where = f" — Evidence: {evidence_list(q.evidence)}" if q.evidence else ""
        out.append(f"{i}. `{q.rule_id}` {_one_line(q.title)}{gain}: {_one_line(q.question)}{where}")
    return out


def _scorecard_table(result) -> list[str]:
    sc = result.scorecard
    if sc is None:
        return ["The scorecard was not computed in this build."]
    from ..scoring import score_bar

    out = ["| Dimension | Score | Why |", "|-----------|-------|-----|"]
    for dim in sc.dimensions:
        why = "; ".join(dim.reasons) or "-"
        out.append(f"| {dim.label} | {dim.score}/5 {score_bar(dim.score)} | {md_inline(why, cell=True)} |")
    out.append(f"| **Total** | **{sc.total}/30** | weakest: {sc.weakest_label} ({sc.weakest_score}/5) |")
    out += [""] + _scorecard_chart(sc)
    try:
        from ..scoring import checklist_lines
    except ImportError:  # pragma: no cover - scoring stage absent
        return out
    extra = checklist_lines(sc)
    if extra:
        out += [""] + extra
    return out


def _naming(result) -> str:
    """Naming calls, or else the run directories named per run (from the arguments, a timestamp or a
    counter): a run named by its output path is named, whatever the tracker."""
    tax = result.ctx.taxonomy
    rec = result.ctx.records
    named = [
        p
        for p in ((*rec.metrics, *rec.config, *rec.checkpoints) if rec else ())
        if p.keeping in ("named", "time", "counter")
    ]
    if named:
        from ..fixes import training_paths

        main = training_paths(result.ctx)
        # the training path's folders; a utility's output file (a BPE tool's, a converter's) names no run
        named = [p for p in named if p.evidence.path in main] if main else named
    calls = tax.experiment_names or tax.run_naming  # run_naming: a name given by configuration (Hydra)
    if calls and named:
        from ..rules.facts import switch_of

        if all(switch_of(result.ctx, e) for e in calls):
            # the names a tracker gives only when a run switches it on; every run's folder is named
            return (
                f"each run's output path names the run: {md_inline(named[0].describe())} "
                + evidence_list([p.evidence for p in named[:2]], 2)
                + "; a tracker switched on by an option names its runs too: "
                + evidence_list(calls, 2)
            )
    if calls:
        return evidence_list(calls, 4)
    if named:
        return (
            f"no naming calls; each run's output path names the run: {md_inline(named[0].describe())} "
            + evidence_list([p.evidence for p in named[:2]], 2)
        )
    given = [
        p for p in ((*rec.metrics, *rec.config, *rec.checkpoints) if rec else ()) if p.keeping == "user_dir"
    ]
    if given:
        # `--output_dir /path/to/save`: the run is named by the folder its command gives it, when the
        # commands give one; otherwise every run shares the option's default
        from ..detect.engine import commanded_options
        from ..fixes import training_paths
        from ..index.python_facts import option_dest

        folder = given[0].target.rsplit("/", 1)[0] if "/" in given[0].target else given[0].target
        # (an option's name only when the folder is one: `{args.output_dir}`, not an expression read at run time)
        hole = re.fullmatch(r"\{(?:[A-Za-z_]\w*\.)*([A-Za-z_]\w*)\}(?:/.*)?", folder)
        if hole is not None:
            # ... an option the project declares (`--output_dir`), not a variable built at run time (log_dir)
            from ..index.python_facts import option_defaults

            # (a bare name, `{folder}`, only where the writing script parses it: the trainer's local
            # `folder = args['logging']['folder']` is not the launcher's --folder)
            bare = folder.startswith("{" + hole.group(1) + "}")
            writer = result.ctx.index.modules.get(given[0].evidence.path)
            modules = [writer] if bare and writer is not None else result.ctx.index.modules.values()
            declared = any(hole.group(1) in option_defaults(m) for m in modules)
            hole = hole if declared else None
        commanded = hole is not None and hole.group(1) in commanded_options(result.ctx.index)
        # `add_argument("--experiment", "-e", dest="experiment_directory", required=True)`: no run starts
        # without naming its folder, whatever the documented commands spell
        # ... declared by the training's own modules (an evaluation script's required --output_dir names
        # nothing of a training run that takes the option with a default)
        main = training_paths(result.ctx)
        required = hole is not None and any(
            c.kw("required") is True and option_dest(c) == hole.group(1)
            for m in result.ctx.index.modules.values()
            if not main or m.path in main
            for c in m.calls
            if c.name.endswith("add_argument")
        )
        how = (
            "a run is known by the output folder its command must give it (the option is required)"
            if required
            else "a run is known by the output folder its command gives it"
            if commanded
            else "runs write to the folder an option names, and no documented command sets it, so they share "
            "its default"
            if hole is not None
            else "a run's folder is named by a setting read when it starts"
        )
        return f"no naming calls; {how} ({md_inline('`' + folder + '`')}) " + evidence_list(
            [given[0].evidence], 1
        )
    return "no naming calls found"


def _scorecard_chart(sc) -> list[str]:
    """The six dimensions as a Mermaid bar chart (GitHub renders it; elsewhere it stays readable)."""
    labels = ", ".join(f'"{d.label}"' for d in sc.dimensions)
    scores = ", ".join(str(int(d.score)) for d in sc.dimensions)
    return [
        "```mermaid",
        "xychart-beta",
        f'    title "Reproducibility scorecard: {sc.total}/30"',
        f"    x-axis [{labels}]",
        '    y-axis "Score" 0 --> 5',
        f"    bar [{scores}]",
        "```",
    ]


def focus_ordered_recommendations(result) -> list[dict]:
    """The recommendations, those of the focused phases first (a stable re-order: the priorities
    stay as scored)."""
    from ..review import DIMENSION_PHASE

    phases = phase_numbers(result.ctx.focus)
    recs = list(result.recommendations)
    if not phases:
        return recs
    phase_of = {f.rule_id: f.phase.split(".")[0] for f in result.findings}

    def in_focus(r) -> bool:
        got = {phase_of.get(rid) for rid in r.get("rule_ids", [])}
        got.add(DIMENSION_PHASE.get(r.get("dimension", ""), ""))
        return bool(got & phases)

    return sorted(recs, key=lambda r: not in_focus(r))


def _recommendations(result) -> list[str]:
    recs = focus_ordered_recommendations(result)
    if recs:
        out = []
        for i, r in enumerate(recs, 1):
            gain = f" (+{r['points']} {r['dimension_label']})" if r.get("points") else ""
            out.append(f"{i}. **[{r['priority']}] {md_inline(r['title'])}**{gain} — {md_inline(r['action'])}")
            for ln in md_block((r.get("snippet") or "").strip().splitlines()):
                out.append("   " + ln)
        return out
    # Without the scoring stage, list failing and warning findings in severity order.
    fs = sorted(
        (f for f in result.findings if f.status in (FAIL, WARN)),
        key=lambda f: (STATUS_ORDER[f.status], f.rule_id),
    )
    if not fs:
        return ["No gaps found; keep the current practices and re-run this audit in CI."]
    out = []
    for i, f in enumerate(fs, 1):
        prio = "P1" if f.status == FAIL else "P3"
        where = f" in {_code(f.evidence[0].path)}" if f.evidence else ""
        first = (f.recommendation.strip().splitlines() or [""])[0]
        out.append(
            f"{i}. **[{prio}] {md_inline(f.title)}**{where} — "
            f"{md_inline(first) if not first.startswith('```') else 'apply the fix below'}"
        )
    return out


def _data_gaps(result) -> list[str]:
    notes = result.notes
    out = []
    by_kind: dict[str, list] = {}
    for n in notes:
        by_kind.setdefault(n.kind, []).append(n)
    addressed = by_kind.pop(ADDRESSED_NOTE, [])
    labels = {
        "skipped-large": "over the 20 MB parse limit",
        "parse-error": "could not be parsed",
        "other-python-syntax": "written for another Python version than the auditor runs on (Python 2, 3.6 or older, 3.12), read with those lines rewritten",
        "unreadable": "could not be read",
        "binary": "binary content in a text file",
        "encoding": "invalid UTF-8",
        "symlink-outside": "symlinks leaving the repository (not followed)",
        "not-searched": "ignored directories too large to search for run stores",
        "truncated": "read only in part (too many keys or too deeply nested)",
        "deleted": "tracked in git but absent from the working tree (`git checkout -- <path>` restores "
        "them; findings about notebooks and code do not cover them)",
    }
    for kind in sorted(by_kind):
        items = by_kind[kind]
        label = labels.get(kind, kind)
        out.append(
            f"- Not read: {len(items)} file(s) {label}: "
            + ", ".join(
                f"{_code(n.path)}" + (f" ({md_text(n.detail)})" if n.detail else "") for n in items[:8]
            )
            + (f", and {len(items) - 8} more" if len(items) > 8 else "")
        )
    if addressed:
        # Where, never what: the text is data, and quoting it would hand it to the next reader.
        out.append(
            f"- Text addressed to automated reviewers — not followed: {len(addressed)} place(s), "
            + ", ".join(f"{_code(n.path)} ({md_text(n.detail)})" for n in addressed[:12])
            + (f", and {len(addressed) - 12} more" if len(addressed) > 12 else "")
            + ". The audit treats everything in the repository as data, never as instructions."
        )
    inv = result.ctx.inventory
    from ..inventory import DATA_PROGRAMS_WHY

    corpus = {d: why for d, why in inv.vendored.items() if why.startswith(DATA_PROGRAMS_WHY)}
    vendored = {d: why for d, why in inv.vendored.items() if d not in corpus}
    for left, head in (
        (vendored, "Not the project: {} vendored third-party tree(s) left out of the audit, "),
        (corpus, "Not the project's code: {} folder(s) of programs stored as data left out of the audit, "),
    ):
        if left:
            out.append(
                "- "
                + head.format(len(left))
                + ", ".join(f"{_code(d + '/')} ({md_text(why)})" for d, why in list(left.items())[:8])
                + (f", and {len(left) - 8} more" if len(left) > 8 else "")
                + "."
            )
    if inv.missing_submodules:
        out.append(
            f"- {len(inv.missing_submodules)} git submodule(s) not checked out, so not read: "
            + ", ".join(_code(p) for p in inv.missing_submodules[:8])
            + " (run `git submodule update --init` and audit again to include them)."
        )
    from ..rules.facts import (
        LIBRARY_NOT_ASSESSED,
        RESEARCH_NOT_ASSESSED,
        TEACHING_NOT_ASSESSED,
        foreign_training,
        library,
        research_release,
        teaching_material,
        without_assessed,
    )

    foreign = foreign_training(result.ctx)
    if foreign is not None:
        lang, paths = foreign
        out.append(
            f"- The training code is {lang} ({', '.join(_code(p) for p in paths[:4])}"
            + (f" and {len(paths) - 4} more files" if len(paths) > 4 else "")
            + "): this audit reads Python code and notebooks only, so what that code records (options, "
            "metrics, checkpoints, seeds) and the packages it needs are not assessed; findings about code "
            "describe the Python files alone."
        )

    assessed = {f.rule_id for f in result.findings}
    lib = library(result.ctx)
    if lib is not None:
        out.append(
            f"- A library: {_code(lib.where())} installs the published package (`{md_text(lib.detail)}`), so its "
            f"runs happen in its users' projects. Not assessed here: {without_assessed(LIBRARY_NOT_ASSESSED, assessed)}."
        )
    release = research_release(result.ctx)
    if release is not None:
        out.append(
            f"- Research code: {_code(release.where())} {release.detail.replace('the code implements', 'it implements')}, "
            "so what it owes its readers is "
            "what the paper's results need, not a team's process. Not assessed here: "
            f"{without_assessed(RESEARCH_NOT_ASSESSED, assessed)}."
        )
    teaching = teaching_material(result.ctx)
    if teaching is not None:
        where = teaching.where() if teaching.line else teaching.path
        out.append(
            f"- Teaching material: {_code(where)} {md_text(teaching.detail)}, so its notebooks are lessons each "
            f"reader runs, not a team's experiments. Not assessed here: {without_assessed(TEACHING_NOT_ASSESSED, assessed)}."
        )
    if result.validation.get("self_healed"):
        out.append(
            f"- Self-healed in {result.validation['iterations']} iteration(s): {md_inline(result.validation['healed'])}."
        )
    ignored = [f for f in result.ctx.inventory.files if f.origin == "ignored" and not f.store]
    if ignored:
        out.append(
            f"- {len(ignored)} gitignored project file(s) were read to complete the analysis, e.g. "
            + ", ".join(_code(f.path) for f in ignored[:5])
            + "; runs trained from ignored code cannot be tied to a commit."
        )
    gaps = result.validation.get("gaps") or []
    for g in gaps:
        need = f" Needed: {md_inline(g['hint'])}" if g.get("hint") else ""
        out.append(
            f"- Still incomplete after {result.validation.get('iterations', 0)} validation iteration(s): "
            f"{md_inline(g.get('section', ''))} — {md_inline(g.get('message', ''))}.{need}"
        )
    if result.ctx.inventory.get("cookiecutter.json") or result.ctx.inventory.get("copier.yml"):
        out.append(
            "- This is a project template (cookiecutter/copier): files hold `{{ ... }}` placeholders, so "
            "pins and settings are judged as written, not as a generated project would have them."
        )
    if not result.ctx.inventory.is_git:
        out.append(
            "- Not a git repository: commit linkage and tracked/untracked status could not be checked."
        )
    if result.ctx.catalog is not None and not result.ctx.catalog.runs:
        out.append(
            "- No run store was found on disk (runs may live on a remote tracking server); per-run "
            "reproducibility could not be verified — export or point the audit at the store to include it."
        )
    if not out:
        out.append("- None: every file in scope was read and every section has evidence.")
    return out
