"""Markdown for the report: run stores, lifecycle states, linkage sentences, worst examples and a
Mermaid lineage graph. Level-3 headings only (the report owns the level-2 structure)."""

from __future__ import annotations

from ..report.escape import code_span, md_cell, mermaid_label
from .common import redact
from .linkage import STATUSES

LABELS = {
    "mlflow": "MLflow",
    "mlflow_sql": "MLflow (SQL)",
    "mlflow_server": "MLflow server",
    "wandb": "W&B",
    "sacred": "Sacred",
    "hydra": "Hydra",
    "tensorboard": "TensorBoard",
    "dvc": "DVC",
    "lightning": "Lightning",
    "guild": "Guild",
    "comet": "Comet",
    "neptune": "Neptune",
    "aim": "Aim",
}


def label(store: str) -> str:
    return LABELS.get(store, store)


def _cell(value) -> str:
    return md_cell(redact(str(value)))  # run names, paths and details are the store's text


def _code(value: str) -> str:
    return code_span(redact(str(value)), cell=True)


def sentence(stats: dict) -> str:
    """e.g. "412 MLflow runs: 37% record a commit, 12 commits are not in this history, 9% recreatable"."""
    n = stats["runs"]
    noun = "run" if n == 1 else "runs"
    parts = [f"{stats['with_commit_pct']}% record a commit"]
    if stats["commits"]:
        k = stats["commits_not_in_history"]
        parts.append(f"{k} commit{'s are' if k != 1 else ' is'} not in this history")
    parts.append(f"{stats['recreatable_pct']}% recreatable")
    return f"{n} {label(stats['store'])} {noun}: " + ", ".join(parts)


def _store_table(catalog) -> list[str]:
    lines = [
        "| Store | Path | Runs | " + " | ".join(STATUSES) + " | deleted |",
        "|---|---|---:|" + "---:|" * len(STATUSES) + "---:|",
    ]
    counts: dict[tuple[str, str], dict] = {}
    for run in catalog.runs:
        key = (run.store, _store_path(catalog, run))
        c = counts.setdefault(key, {s: 0 for s in (*STATUSES, "deleted", "runs")})
        c["runs"] += 1
        if run.deleted:
            c["deleted"] += 1
        else:
            c[run.status if run.status in STATUSES else "unknown"] += 1
    for (store, path), c in sorted(counts.items()):
        cells = " | ".join(str(c[s]) for s in STATUSES)
        lines.append(f"| {label(store)} | {_code(path)} | {c['runs']} | {cells} | {c['deleted']} |")
    return lines


def _store_path(catalog, run) -> str:
    best = ""
    for s in catalog.stores:
        p = s["path"]
        if s["family"] == run.store and (
            run.path == p or run.path.startswith(p.rstrip("/") + "/") or p == "."
        ):
            if len(p) > len(best) or not best:
                best = p
    return best or run.path


def _lineage(catalog, linkage) -> list[str]:
    runs = [r for r in catalog.runs if not r.deleted]
    digests = {d for r in runs for d in r.data_digests}
    data_runs = sum(1 for r in runs if r.data_digests)
    commits = {r.git_commit for r in runs if r.git_commit}
    reachable = {r.git_commit for r in runs if r.git_commit and r.commit_status == "reachable"}
    model_runs = sum(1 for r in runs if r.model_artifact)
    registered = len(catalog.registered_models)
    metric_runs = sum(1 for r in runs if r.metrics)
    recreatable = sum(1 for r in runs if r.recreatable)

    def node(name: str, text: str, found: bool) -> str:
        text = mermaid_label(text)  # numbers today; a store's text must never end the label
        return f'    {name}["{text}"]' if found else f'    {name}["{text}"]:::missing'

    lines = ["```mermaid", "flowchart LR"]
    lines.append(
        node(
            "data",
            f"Data: {len(digests)} digests in {data_runs} runs" if digests else "Data: no digest recorded",
            bool(digests),
        )
    )
    lines.append(
        node(
            "code",
            f"Code: {len(commits)} commits, {len(reachable)} in history"
            if commits
            else "Code: no commit recorded",
            bool(commits),
        )
    )
    model_text = f"Model: {model_runs} runs with artifacts"
    if registered:
        model_text += f", {registered} registered"
    lines.append(
        node(
            "model",
            model_text if model_runs or registered else "Model: no artifact recorded",
            bool(model_runs or registered),
        )
    )
    lines.append(
        node(
            "metrics",
            f"Metrics: {metric_runs} of {len(runs)} runs" if metric_runs else "Metrics: none recorded",
            bool(metric_runs),
        )
    )
    lines.append("    data --> code --> model --> metrics")
    lines.append(f'    runs(["{mermaid_label(f"{recreatable} of {len(runs)} runs recreatable")}"])')
    lines.append("    metrics -.-> runs")
    lines.append("    classDef missing stroke-dasharray: 5 5")
    lines.append("```")
    return lines


def _server_lines(catalog) -> list[str]:
    """A tracking server read over its REST API: what was read, and how much of it this repository made."""
    out: list[str] = []
    for s in catalog.stores:
        if s["family"] != "mlflow_server":
            continue
        uri = s["path"]
        runs = [r for r in catalog.runs if r.store == "mlflow_server" and r.path == uri]
        active = [r for r in runs if not r.deleted]
        n = len(active)
        ours = sum(1 for r in active if r.commit_status == "reachable")
        any_commit = sum(1 for r in active if r.git_commit)
        foreign = sum(1 for r in active if r.git_commit and r.commit_status != "reachable")
        pct = round(100 * ours / n) if n else 0
        origin = f" (from {_cell(s['origin'])})" if s.get("origin") else ""
        out += ["### Tracking server", "", f"Read over the REST API: {_code(uri)}{origin}.", ""]
        line = f"- {n} run{'s' if n != 1 else ''} on the server: {pct}% record a commit of this repository"
        line += f", {any_commit - ours} record another commit" if foreign else ""
        line += f", {n - any_commit} record none" if n - any_commit else ""
        out.append(line + ".")
        if len(runs) > n:
            out.append(f"- {len(runs) - n} deleted run(s) are left out of the shares.")
        if s.get("sampled"):
            out.append(f"- Sampled: the newest {len(runs)} runs were read; the server holds more.")
        # Request count, not seconds: the report body stays the same for the same answers.
        out.append(f"- {s.get('logged_models', 0)} logged model(s); read in {s.get('requests', 0)} requests.")
        models = [m for m in catalog.registered_models if m["store"] == "mlflow_server" and m["path"] == uri]
        if models:
            out += ["", "| Registered model | Versions | Aliases | Stages |", "|---|---:|---|---|"]
            for m in models:
                aliases = ", ".join(f"{a} → v{v}" for a, v in (m.get("aliases") or {}).items())
                stages = ", ".join(f"{k}: {v}" for k, v in (m.get("stages") or {}).items())
                out.append(f"| {_cell(m['name'])} | {m['versions']} | {_cell(aliases)} | {_cell(stages)} |")
        out.append("")
    return out


def render_runs_markdown(catalog, linkage) -> str:
    out: list[str] = []
    runs = catalog.runs
    if not runs and not catalog.stores:
        out += ["### Tracking stores", "", "No tracking store with runs was found on disk."]
        return "\n".join(out) + "\n"
    out += [
        "### Tracking stores",
        "",
        f"Experiments cataloged: {catalog.describe()}.",
        "",
        *_store_table(catalog),
        "",
    ]
    if catalog.registered_models:
        out += ["| Registered model | Store | Versions | Path |", "|---|---|---:|---|"]
        for m in catalog.registered_models:
            out.append(f"| {_cell(m['name'])} | {label(m['store'])} | {m['versions']} | {_code(m['path'])} |")
        out.append("")
    out += _server_lines(catalog)
    out += ["### Code–data–model linkage", ""]
    if linkage is not None and not linkage.is_git:
        out += ["The audited directory is not a git repository, so no recorded commit can be checked.", ""]
    stats = linkage.stores if linkage is not None else []
    for s in stats:
        out.append(f"- {sentence(s)}.")
    if stats:
        out += [
            "",
            "| Store | Runs | With commit | Commits not in history | Seed | Data digest | Environment | Recreatable |",
            "|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for s in stats:
            out.append(
                f"| {label(s['store'])} | {s['runs']} | {s['with_commit_pct']}% | {s['commits_not_in_history']} "
                f"| {s['with_seed_pct']}% | {s['with_data_digest_pct']}% | {s['env_captured_pct']}% "
                f"| {s['recreatable_pct']}% |"
            )
    out.append("")
    if linkage is not None and linkage.worst:
        out += [
            "### Runs that cannot be recreated",
            "",
            "| Store | Run | Status | Path | Not recorded |",
            "|---|---|---|---|---|",
        ]
        for w in linkage.worst:
            out.append(
                f"| {label(w['store'])} | {_code(w['run_id'])} | {_cell(w['status'])} | {_code(w['path'])} | {_cell(', '.join(w['missing']))} |"
            )
        out.append("")
    if linkage is not None and linkage.dvc_checks:
        out += ["### DVC hash consistency", "", "| Path | Check | Result |", "|---|---|---|"]
        for c in linkage.dvc_checks:
            out.append(
                f"| {_code(c['path'])} | {_cell(c['check'])} | {'ok' if c['ok'] else 'MISMATCH'}: {_cell(c['detail'])} |"
            )
        out.append("")
    out += ["### Lineage", "", *_lineage(catalog, linkage), ""]
    if catalog.notes:
        out += ["### Store notes", "", "| Kind | Path | Detail |", "|---|---|---|"]
        for n in catalog.notes:
            out.append(f"| {_cell(n.kind)} | {_code(n.path)} | {_cell(n.detail)} |")
        out.append("")
    return "\n".join(out).rstrip() + "\n"
