"""Phase 6 rules: collaboration (shared tracking, conclusions, notebooks, onboarding) and governance
(model cards, fairness, privacy, ownership, access and retention). Never skipped, even for small teams."""

from __future__ import annotations

import functools
import itertools
import re

from ..index.python_facts import Dyn
from ..model import FAIL, PASS, REVIEW, WARN, Evidence
from .facts import (
    OFFERED,
    _last,
    code_trackers,
    distribution,
    doc_search,
    ev,
    evs,
    facts,
    files_named,
    find,
    library,
    prose_matches,
    research_release,
    switch_of,
    switch_phrase,
    teaching_material,
    trains,
    zenml_runs,
)
from .framework_capture import observed as observed_experiments
from .phase3_results import model_saves
from .registry import rule

HOSTED = {"neptune": "Neptune (hosted)", "comet": "Comet (hosted)", "clearml": "ClearML server"}


REMOTE_SCHEMES = (
    "http://",
    "https://",
    "databricks",
    "postgresql",
    "postgres://",
    "mysql",
    "mssql",
    "azureml://",
)


def _constant(ctx, module, dotted: str) -> str | None:
    """The string template of a module-level constant, looked up here first, then in any module."""
    name = dotted.rsplit(".", 1)[-1]
    for mod in (module, *ctx.index.modules.values()):
        value = mod.constants.get(name)
        if isinstance(value, str):
            return value
    return None


_URI_SET = re.compile(r"^[ \t]*(?!#|//|;)[^\n#]*MLFLOW_TRACKING_URI", re.M)


def _local_uri(v: str) -> bool:
    """A tracking URI on this machine: a path (``${paths.log_dir}/mlruns``), file:, sqlite:, localhost.

    One read from the environment (``${oc.env:MLFLOW_TRACKING_URI}``) is where teams put a shared server.
    """
    low = v.strip().lower()
    if low.startswith(("${oc.env", "${env:", "$mlflow", "${mlflow")):
        return False
    if "localhost" in low or "127.0.0.1" in low:
        return True
    return not low.startswith(REMOTE_SCHEMES)


_ZENML_SERVER = re.compile(r"ZENML_(STORE|SERVER)_URL\b|zenml\s+(connect\s+--url|login\s+(https?://|--pro))")


def zenml_server(ctx) -> list[Evidence]:
    """Where the project connects ZenML to a server (the run records of everyone who runs it):
    ZENML_STORE_URL in CI, compose or env files, `zenml login <url>` / `zenml connect --url` in scripts."""
    out = []
    for path, doc in sorted(ctx.index.configs.items()):
        for k, v, line in doc.entries:
            if (
                re.search(r"ZENML_(STORE|SERVER)_URL$", k)
                and isinstance(v, str)
                and v.strip()
                and not re.search(r"localhost|127\.0\.0\.1", v)
            ):
                out.append(Evidence(path, line, f"ZenML server {k.rsplit('.', 1)[-1]}"))
                break
    for path, text in sorted(ctx.index.texts.items()):
        if path.lower().endswith((".md", ".rst", ".txt")):
            continue  # a README's example is not where this project's runs go
        m = _ZENML_SERVER.search(text)
        if m:
            out.append(Evidence(path, text.count("\n", 0, m.start()) + 1, f"ZenML server: {m.group(0)[:40]}"))
    return out[:3]


ZENML_SERVER_FIX = (
    "```bash\nzenml login https://<your-zenml-server>   # or in CI: ZENML_STORE_URL and ZENML_STORE_API_KEY\n```\n"
    "so every run (parameters, artifacts, metadata, model versions) lands on one server the team can see."
)


@rule(
    "ET601",
    "local-only-tracking",
    "6.1",
    "Experiments are visible to the team (shared tracking server)",
    what="Classifies where runs go: an MLflow tracking server (`set_tracking_uri('https://...')`, "
    "`MLFLOW_TRACKING_URI` in compose/env/config), W&B/Neptune/Comet/ClearML (hosted unless "
    "offline), a ZenML server (`ZENML_STORE_URL`, `zenml login`), versus local-only stores (`./mlruns`, `file:`, SQLite, TensorBoard directories, "
    "CSV/JSON result files, Sacred FileStorageObserver).",
    why="Runs on one laptop are invisible to the team and lost with the disk; comparisons across "
    "people and machines need one shared store.",
    example="```python\nmlflow.set_tracking_uri('file:./mlruns')\n```",
    fix="```bash\nexport MLFLOW_TRACKING_URI=https://mlflow.internal.example.com   # set in CI and .env.example, not in code\n```\n"
    "or `wandb.init(entity='team', project='churn')`.",
)
def shared_tracking(ctx):
    r = shared_tracking.rule
    if library(ctx):
        return []  # where a library's users keep their runs is theirs to decide (facts.library)
    trackers = ctx.present("tracking", include_examples=False)
    zen = zenml_runs(ctx)
    server = zenml_server(ctx) if zen is not None else []
    if zen is not None and not trackers:
        if server:
            return [r.finding(PASS, "Runs go to a shared ZenML server.", server)]
        return [
            r.finding(
                WARN,
                "ZenML records each run in the store its client is connected to, and no ZenML server is "
                "configured in the repository: by default that is the local store of whoever ran it.",
                zen.evidence[:1],
                ZENML_SERVER_FIX,
            )
        ]
    from .facts import metaflow_code_packages

    remote = metaflow_code_packages(ctx)
    if remote is not None:
        # Remote compute (@kubernetes, @batch) needs Metaflow's cloud datastore: the runs, their artifacts
        # and code packages are there for anyone with the Metaflow client, local runs excepted.
        return [
            r.finding(
                PASS,
                "The flows run on remote compute, whose runs and artifacts Metaflow keeps in its shared "
                "cloud datastore (read back with the Metaflow client); runs made locally stay local.",
                [remote],
            )
        ]
    if not trackers:
        if not trains(ctx):
            return []
        return [
            r.finding(
                FAIL, "No tracker: results are visible only to whoever ran the code.", facts(ctx).training[:2]
            )
        ]
    shared, local = [], []
    # Tracking URIs the configuration files set, by key (env.yaml's `mlflow_tracking_uri: file:{{root}}/mlruns`)
    configured = {
        k.rsplit(".", 1)[-1].lower(): v
        for doc in facts(ctx).config_docs
        for k, v, _ in doc.entries
        if k.rsplit(".", 1)[-1].lower() in ("mlflow_tracking_uri", "tracking_uri") and isinstance(v, str)
    }
    # The constructor and set_tracking_uri only: client.delete_experiment(...) says nothing of the URI.
    for m, c in find(
        ctx, exact=("mlflow.set_tracking_uri", "mlflow.MlflowClient", "mlflow.tracking.MlflowClient")
    ):
        v = c.args[0] if c.args else c.kw("tracking_uri")
        if isinstance(v, Dyn):
            v = _constant(ctx, m, v.text) or v  # a module constant such as MLFLOW_TRACKING_URI
        if isinstance(v, Dyn):
            # a parameter named like a configured key (a pipeline injects it): the configured value
            leaf = re.split(r"[.\[\]'\"]+", v.text.strip("]'\""))[-1].lower()
            v = configured.get(leaf, v)
        if isinstance(v, str):
            (local if _local_uri(v) else shared).append(
                ev(m, c, "tracking URI " + ("local" if _local_uri(v) else "remote"))
            )
        elif v is not None:
            shared.append(ev(m, c, "tracking URI from the environment/config"))
    for path, text in ctx.index.texts.items():
        if "MLFLOW_TRACKING_URI" not in text or path.lower().endswith((".md", ".rst")):
            continue
        # `# MLFLOW_TRACKING_URI=https://dagshub.com/...` in .env.example: a commented-out example sets nothing
        found = _URI_SET.search(text)
        if found:
            shared.append(Evidence(path, text.count("\n", 0, found.start()) + 1, "MLFLOW_TRACKING_URI set"))
    for doc in facts(ctx).config_docs:
        for k, v, line in doc.entries:
            leaf = k.rsplit(".", 1)[-1].lower()
            if leaf in ("mlflow_tracking_uri", "tracking_uri") and isinstance(v, str):
                (local if _local_uri(v) else shared).append(
                    Evidence(doc.path, line, f"{leaf} " + ("local" if _local_uri(v) else "remote"))
                )
    for d in trackers:
        if d.tool == "wandb":
            offline = find(
                ctx, prefixes=("wandb.init",), pred=lambda c: c.kw("mode") in ("offline", "disabled")
            )
            # anonymous='must': runs go to throwaway anonymous projects (deleted after 7 days), not the team's
            anonymous = find(ctx, prefixes=("wandb.init",), pred=lambda c: c.kw("anonymous") == "must")
            if anonymous and not offline:
                local.append(
                    ev(*anonymous[0], "wandb.init(anonymous='must'): anonymous runs, not a team project")
                )
                continue
            (local if offline else shared).append(d.evidence[0] if d.evidence else Evidence("", 0))
        elif d.tool == "polyaxon" and d.evidence:
            # runs go to the Polyaxon deployment's API and artifacts store, unless opened offline
            offline = find(ctx, prefixes=("polyaxon.tracking.",), pred=lambda c: c.kw("is_offline") is True)
            e = ev(*offline[0], "Polyaxon offline mode: runs kept in local files") if offline else None
            (local if offline else shared).append(
                e or Evidence(d.evidence[0].path, d.evidence[0].line, "Polyaxon server", d.evidence[0].cell)
            )
        elif d.tool in HOSTED and d.evidence:
            shared.append(
                Evidence(d.evidence[0].path, d.evidence[0].line, HOSTED[d.tool], d.evidence[0].cell)
            )
        elif d.tool == "sacred":
            # Observers write the runs: to a database or bucket the team can reach, or to local files.
            kept = [o for x in observed_experiments(ctx) for o in x.observers]
            remote = [o for o in kept if re.search(r"(Mongo|S3|GoogleCloudStorage)Observer", o.detail)]
            if remote:
                shared.extend(remote[:3])
            elif kept:
                local.append(
                    Evidence(kept[0].path, kept[0].line, "Sacred observer writes local files", kept[0].cell)
                )
            elif d.evidence:
                local.append(
                    Evidence(
                        d.evidence[0].path,
                        d.evidence[0].line,
                        "Sacred without an observer: runs are not stored",
                    )
                )
        elif d.tool in ("tensorboard", "custom_logging", "hydra", "aim", "guild") and d.evidence:
            local.append(
                Evidence(
                    d.evidence[0].path, d.evidence[0].line, f"{d.label}: local files", d.evidence[0].cell
                )
            )
        elif d.tool == "dvc" and d.evidence:
            where, how = _dvc_metrics_sharing(ctx)
            e = d.evidence[0]
            (shared if where else local).append(Evidence(e.path, e.line, how, e.cell))
    for root, fam in ctx.inventory.store_roots.items():
        if fam == "mlflow" and not shared:
            local.append(Evidence(root, 0, "local ./mlruns store"))
    shared = [e for e in shared if e.path] + server
    # A tracker behind a switch the shipped defaults leave off (`wandb_log = False`, `if cfg.wandb.project:`)
    # shares only the runs made with it on.
    optional = {d.tool for d in trackers if d.scope == "optional"}
    switched = [
        (e, cond)
        for e, cond in ((e, switch_of(ctx, e)) for e in shared)
        if cond or any(e in d.evidence for d in trackers if d.tool in optional)
    ]
    if shared and len(switched) == len(shared):
        e, cond = switched[0]
        when = (
            switch_phrase(cond)
            if cond.startswith(OFFERED)
            else f"when `{cond}` holds"
            if cond
            else "when its switch is on"
        )
        return [
            r.finding(
                REVIEW,
                f"Runs go to a shared tracking store only {when} ({e.where()}); otherwise they stay with "
                "whoever ran them.",
                shared + local,
                "Turn the shared tracker on by default (or record in the README which runs were tracked).",
                f"Were the runs behind the reported results made with the tracker on ({e.where()})?",
            )
        ]
    # wandb.init(mode='online' if cfg.online else 'offline'): the runs reach W&B's server only when the
    # run is told to go online; otherwise they stay in the local wandb/ directory
    chosen = find(
        ctx,
        prefixes=("wandb.init",),
        pred=lambda c: (
            isinstance(c.kw("mode"), Dyn) and re.search(r"'(offline|disabled)'", c.kw("mode").text)
        ),
    )
    wandb_only = all(any(e in d.evidence for d in trackers if d.tool == "wandb") for e in shared)
    if shared and chosen and wandb_only:
        m, c = chosen[0]
        return [
            r.finding(
                REVIEW,
                f"Runs go to W&B's server only when the mode chosen at {m.path}:{c.line} "
                f"(`mode={c.kw('mode').text}`) is 'online'; otherwise they stay in the local wandb/ directory.",
                [ev(m, c, f"wandb.init(mode={c.kw('mode').text})")] + local,
                "Make online the default mode (or record in the README which runs were synced and where).",
                f"Were the runs behind the reported results made online ({m.path}:{c.line})?",
            )
        ]
    if shared:
        return [r.finding(PASS, "Runs go to a shared tracking store.", shared + local)]
    anonymous = [e for e in local if "anonymous" in e.detail]
    msg = (
        "Runs go to anonymous W&B projects that expire (no team project or shared server)."
        if anonymous
        else "Runs are stored only locally (no shared tracking server)."
    )
    return [r.finding(WARN, msg, local or [e for d in trackers for e in d.evidence[:1]])]


def _dvc_metrics_sharing(ctx) -> tuple[bool, str]:
    """(shared, how) for the metrics files a dvc.yaml declares: with `cache: false` they are committed
    to git; otherwise they live in the DVC cache, shared only through a configured remote."""
    uncached = any(
        doc.path.rsplit("/", 1)[-1] == "dvc.yaml"
        and ".metrics[]" in k
        and k.endswith(".cache")
        and v is False
        for doc in facts(ctx).config_docs
        for k, v, _ in doc.entries
    )
    if uncached:
        return True, "DVC metrics files committed to git (cache: false)"
    stores = ctx.catalog.stores if ctx.catalog is not None else []
    remotes = [r.get("name", "") for s in stores if s.get("family") == "dvc" for r in s.get("remotes") or []]
    if remotes:
        return True, f"DVC metrics in the DVC cache, shared through remote '{remotes[0]}' when pushed"
    return False, "DVC metrics in the local DVC cache (no remote configured)"


CONCLUSION_FILES = re.compile(
    # A folder such as configs/experiment/ holds configs, not conclusions: only documents count.
    r"(^|/)(experiments?|results?|findings|journal|lab[-_]?notebook|decisions?|adr|reports?)"
    r"([-_.\w]*|/(.+/)?[^/]+)\.(md|rst|ipynb)$",
    re.I,
)


def _placeholder(ctx, path: str) -> bool:
    """A document of one line without a number or heading: it says what a folder is for, no results."""
    text = ctx.index.texts.get(path)
    if text is None:
        text = facts(ctx).docs.get(path)
    if text is None:
        return False
    lines = [ln for ln in text.splitlines() if ln.strip()]
    return len(lines) <= 1 and not re.search(r"\d|^#", text, re.M)


# "Results" naming results, not where outputs go ("# Result Folder Structure", "## Results directory")
# ("## Where results are saved": where they go, too)
RESULTS_WORD = (
    r"(?<!where\s)results?(?!\s+(folders?|director(y|ies)|structure|layout|format|files?|paths?|locations?|"
    r"(are|is|will\s+be|get)\s+(saved|stored|written|placed|located|kept))\b)"
)
CONCLUSION_TEXT = re.compile(
    r"^#{1,3}\s*(" + RESULTS_WORD + r"|"
    r"conclusions?|findings|takeaways?|lessons|what (worked|didn'?t work)|ablations?|negative results)\b",
    re.I | re.M,
)


# (or a pair in one cell: `77.0 / 93.4` under `Top-1 / Top-5`)
_NUMBER_CELL = re.compile(
    r"^\s*[~≈]?\**\s*-?\d{1,4}[.,]\d+\s*(%|±\s*\d+([.,]\d+)?)?(\s*/\s*-?\d{1,4}[.,]\d+\s*%?)*\**\s*$"
)


# A table header naming a value's bounds or default: an interface's specification (an environment's
# observation space, a config's options), not measured results
_SPEC_HEADER = re.compile(
    r"(^|\| )min \| max( |$)|(^|\| )(type|description|option|parameter|argument)\b.*\| (default|range|bounds)( |$)"
)
# ... unless a column names a measurement (| Environment | Mean return | Min | Max |)
_METRIC_HEAD = re.compile(
    r"\b(mean|median|avg|average|return|reward|score|acc\w*|error|loss|f1|bleu|map|iou|auc)\b"
)

_RESULTS_HEADING = re.compile(r"\b(results?|performance|evaluation|benchmarks?|accuracy|scores?)\b", re.I)


def results_tables(ctx) -> list[Evidence]:
    """Tables of measured numbers in the project's prose (a results table in the README: accuracies,
    scores, losses per model or setting) — reported results, whatever the heading. A Markdown table
    needs its separator row; an HTML table its numeric cells."""
    out = []
    for path, text in sorted(facts(ctx).docs.items()):
        if not path.lower().endswith((".md", ".markdown", ".rst")) or path.startswith(
            ("tests/", "docs/experiment-tracking-analysis")
        ):
            continue
        first = numbers = 0
        separated = spec = False
        results_section = False
        for i, ln in enumerate([*text.splitlines(), ""], 1):
            # GFM tables may omit the outer pipes: `Model | ListOps | Text` over `----- | ----- | ----`.
            if ln.lstrip().startswith("|") or ln.count("|") >= 2:
                cells = ln.strip().strip("|").split("|")
                header = " | ".join(c.strip().lower() for c in cells)
                if (
                    not first
                    and not results_section
                    and _SPEC_HEADER.search(header)
                    and not _METRIC_HEAD.search(header)
                ):
                    spec = True  # `Num | Observation | Min | Max`: a specification's bounds, not results
                first = first or i
                if spec:
                    continue
                separated = separated or all(_SEPARATOR_CELL.match(c) for c in cells)
                numbers += sum(1 for cell in cells if _NUMBER_CELL.match(_cell_number(cell)))
                continue
            # `## Results` over a dev and a test score: two numbers are the reported results (the table's own
            # heading: a heading right below it starts the next section)
            if first and separated and numbers >= (2 if results_section else 3):
                out.append(Evidence(path, first, "table of results"))
                break
            if ln.startswith("#"):
                results_section = bool(_RESULTS_HEADING.search(ln))
            first = numbers = 0
            separated = spec = False
        else:
            m = _HTML_TABLE.search(text)
            # numeric cells, at least one a measurement (73.5%, 0.912) rather than a count or a year
            cells = _html_numbers(text, m.start()) if m else []
            if len(cells) >= 3 and any(re.search(r"[.,]\d|%", c) for c in cells):
                out.append(Evidence(path, text.count("\n", 0, m.start()) + 1, "table of results"))
            else:
                # Measured results with their spread, in prose or a pasted output block
                # ("hopper-medium-v2 ... 74.3 +/- 1.36" for each setting)
                spread = list(itertools.islice(_WITH_SPREAD.finditer(text), 3))
                if len(spread) >= 3:
                    out.append(
                        Evidence(
                            path, text.count("\n", 0, spread[0].start()) + 1, "results with their spread"
                        )
                    )
    return out


def _cell_number(cell: str) -> str:
    """A cell's leading value: a link reads as its text (`[0.8029](url)`), and links after the number
    (`0.334 [weights](url), [results](url)`) are dropped."""
    if _PAPER_ID_LINK.search(cell):
        return ""  # [1806.04558](https://arxiv.org/pdf/1806.04558.pdf): a paper's identifier, not a score
    text = _CELL_LINK.sub(lambda m: m.group(1), cell.replace("*", "").replace("_", ""))
    m = re.match(r"^\s*[~≈]?\s*-?\d{1,4}[.,]\d+\s*(%|±\s*\d+([.,]\d+)?)?", text)
    return m.group(0) if m and _CELL_LINK.search(cell) else text


_CELL_LINK = re.compile(r"\[([^\]\n]*)\]\([^)\n]*\)")
_PAPER_ID_LINK = re.compile(r"\[\W*\d{4}\.\d{4,5}(v\d+)?\W*\]\([^)\n]*arxiv\.org")
_WITH_SPREAD = re.compile(r"\b\d+(?:\.\d+)?\s*(?:±|\+/-|\\pm)\s*\d+(?:\.\d+)?")
_SEPARATOR_CELL = re.compile(r"^\s*:?-+:?\s*$")  # GFM (markdown-it, cmark-gfm): one hyphen is enough
_HTML_TABLE = re.compile(r"<table\b", re.I)
# a cell holding measurements: one number, or several side by side (`21.1&nbsp;|&nbsp;29.6`, AP and AR),
# bold or linked markup around them taken off
_HTML_CELL = re.compile(r"<td[^>]*>(.{0,200}?)</td>", re.I | re.S)
_CELL_NUMBERS = re.compile(r"\s*-?\d{1,5}(?:[.,]\d+)?\s*%?(?:\s*[|/]\s*-?\d{1,5}(?:[.,]\d+)?\s*%?)*\s*")


def _html_numbers(text: str, start: int) -> list[str]:
    """The numeric cells of the HTML table at ``start`` (the next 20,000 characters)."""
    out = []
    for m in _HTML_CELL.finditer(text, start, start + 20000):
        if re.search(r"<a\b", m.group(1), re.I):
            continue  # a linked number is a reference (an arXiv id, a download), not a measurement
        cell = re.sub(r"<[^>]+>", "", m.group(1)).replace("&nbsp;", " ")
        numbers = re.findall(r"\d+(?:[.,]\d+)?", cell)
        if (
            _CELL_NUMBERS.fullmatch(cell)
            # 2005.12872 is an arXiv id; 2021/03/15 a date: several side by side are measurements only
            # with their decimals (21.1 | 29.6)
            and not re.search(r"\b\d{4}\.\d{4,5}\b", cell)
            and (len(numbers) == 1 or all(re.search(r"[.,]", n) for n in numbers))
        ):
            out.append(cell)
    return out


def _section_has_content(ctx, e) -> bool:
    """A Results/Conclusions heading counts only when text or a table follows it before the next heading."""
    text = facts(ctx).docs.get(e.path)
    if text is None and not e.line and e.path in ctx.index.markdown:
        # a notebook's markdown cell: the heading counts when the cell says something under it (a bare
        # "# Results" above a code cell records nothing)
        for cell in ctx.index.markdown[e.path]:
            head = CONCLUSION_TEXT.search(cell)
            if head and len(re.findall(r"\w+", cell[head.end() :])) >= 6:
                return True
        return False
    if text is None or not e.line:
        return True  # a file match: the match itself is the content
    lines = text.splitlines()
    heading = lines[e.line - 1].lstrip() if 0 < e.line <= len(lines) else ""
    level = len(heading) - len(heading.lstrip("#")) if heading.startswith("#") else 6
    body = []
    for ln in lines[e.line :]:
        stripped = ln.lstrip()
        if stripped.startswith("#"):
            if len(stripped) - len(stripped.lstrip("#")) <= level:
                break  # the next section; a deeper heading (### Ablation study) is part of this one
            continue
        if ln.strip():
            body.append(ln)
    # results shown as a table, as figures (<img>, ![](...)), or written out
    return len(body) >= 2 or any(ln.lstrip().startswith("|") or "<img" in ln or "![" in ln for ln in body)


# An "Experiments" section (or a guide) that says what was tried and what came of it: "removing the background
# makes it converge faster", "the reason why I set it this way is...", "after several tests, I have found..."
_EXPERIMENTS_HEADING = re.compile(
    r"^#{1,4}\s*(experiments?|experimental\s+(notes|setup|details))\s*$", re.I | re.M
)
_FINDING_PROSE = re.compile(
    r"\b(after\s+(several|many|some|a\s+few|extensive)\s+(tests|experiments|trials|runs|tries)|"
    r"(I|we)\s+(have\s+)?(found|observed|noticed)\s+(that|a\s+few|some)|finds?\s+that|turned?\s+out\s+(that|to)|"
    r"the\s+reason\s+why\s+(I|we)|converges?\s+(much\s+|relatively\s+)?(faster|slower)|"
    r"(works?|performs?|did)\s+(much\s+|slightly\s+)?(better|worse)\s+than|did\s*n[o']t\s+(work|help))",
    re.I,
)

_FOUND_AFTER_TRYING = re.compile(
    r"\b(after\s+(several|many|some|a\s+few|extensive)\s+(tests|experiments|trials|runs|tries),?\s+(I|we)\b[^.\n]{0,40}|"
    r"(I|we)\s+(have\s+)?(found|observed|noticed)\s+that\b(?=[^.\n]{0,120}\b(better|worse|improv\w*|accura\w*|loss|"
    r"converge\w*|results?|values?|weights?|ratio|settings?|parameters?|faster|slower)\b))",
    re.I,
)


def _experiment_notes(ctx) -> list[Evidence]:
    """A documentation file's Experiments section, or a guide's prose, that records what the experiments
    found (not only how to run them)."""
    out = []
    for path, text in sorted(facts(ctx).docs.items()):
        if path.startswith(("tests/", "docs/experiment-tracking-analysis")):
            continue
        head = _EXPERIMENTS_HEADING.search(text)
        if head:
            level = len(head.group(0)) - len(head.group(0).lstrip("#"))
            nxt = re.compile(rf"^#{{1,{level}}}\s", re.M).search(text, head.end())
            body = text[head.end() : nxt.start() if nxt else len(text)]
            hit = _FINDING_PROSE.search(body)
            if hit:
                line = text.count("\n", 0, head.start()) + 1
                out.append(Evidence(path, line, f"section {head.group(0).strip()!r}: {hit.group(0)[:50]}"))
                continue
        # outside such a section, only the words of someone reporting what trying showed
        hit = _FOUND_AFTER_TRYING.search(text)
        if hit:
            out.append(Evidence(path, text.count("\n", 0, hit.start()) + 1, hit.group(0)[:60]))
        if len(out) >= 2:
            break
    return out


def _notebook_result_notes(ctx) -> list[Evidence]:
    """A notebook's markdown cell that logs what each variant scored ("## loss log", "### original:
    train 2.12 val 2.16 ... ### add batch norm: ..."): conclusions written beside the experiments."""
    out = []
    for path, cells in sorted(ctx.index.markdown.items()):
        for text in cells:
            head = _NOTE_HEADING.search(text)
            # numbers that are results (train 2.12 / val 2.16, acc 91.3), not settings (lr 0.001, PyTorch 1.13)
            if head and len(_RESULT_NUMBER.findall(text)) >= 2 and _RESULT_WORD.search(text):
                out.append(Evidence(path, 0, f"markdown cell {head.group(0).strip()!r} records results"))
                break
    return out


_NOTE_HEADING = re.compile(
    r"^#{1,4}\s*((loss|performance|results?|experiments?|runs?|training)\s+(log|notes?|summary)|"
    r"results?|conclusions?|findings|observations|takeaways?)\b[^\n]*",
    re.I | re.M,
)
_RESULT_NUMBER = re.compile(r"(?<![\w.])\d+\.\d+")
_RESULT_WORD = re.compile(
    r"\b(loss|nll|acc|accuracy|val|valid|dev|test|train|f1|bleu|rouge|wer|cer|error|score|ppl|perplexity|auc|map|"
    r"return|reward)\b[\s:=]*\d",
    re.I,
)


@rule(
    "ET602",
    "no-recorded-conclusions",
    "6.1",
    "Experiment purposes and conclusions are written down",
    what="Looks for recorded conclusions: EXPERIMENTS.md, docs/experiments/, results or decision "
    "logs, README/notebook sections titled Results/Conclusions/Findings, run notes "
    "(`mlflow.note.content`, `wandb.init(notes=...)`).",
    why="Metrics say what happened, not what was learned; failed approaches that are not written down "
    "get tried again by the next person.",
    example="```text\n(40 runs in the tracker; the conclusion lives in a Slack thread)\n```",
    fix="```markdown\n# EXPERIMENTS.md\n## 2024-05-02 — focal loss vs. class weights (runs 41-48)\n"
    "Hypothesis: ... Result: focal loss +0.8 F1 (3 seeds, p=0.04). Decision: adopt. Next: ...\n```",
)
def conclusions(ctx):
    r = conclusions.rule
    if library(ctx):
        return []  # a library runs no experiments of its own to conclude on
    # one line of prose (results/README.md: "Generated results will be placed in this folder") names a folder
    found = [e for e in files_named(ctx, CONCLUSION_FILES, 8) if not _placeholder(ctx, e.path)][:4]
    found += [e for e in doc_search(ctx, CONCLUSION_TEXT, 8) if _section_has_content(ctx, e)][:4]
    found += evs(find(ctx, prefixes=("wandb.init",), pred=lambda c: c.has_kw("notes"))[:2], "run notes")
    found += evs(
        [
            (m, c)
            for m, c in find(ctx, suffixes=("set_tag",))
            if any(isinstance(a, str) and "note" in a for a in c.args)
        ][:2],
        "run notes",
    )
    found += results_tables(ctx)[:2]
    found += _notebook_result_notes(ctx)[:2]
    found += _experiment_notes(ctx)
    found = [e for e in found if not e.path.startswith(("tests/", "docs/experiment-tracking-analysis"))]
    if found:
        return [r.finding(PASS, "Results or conclusions are recorded.", found)]
    if not trains(ctx) and not code_trackers(ctx):
        return []
    if research_release(ctx) is not None:
        return []  # the code of a paper: its conclusions are the paper's (RESEARCH_NOT_ASSESSED)
    return [
        r.finding(
            WARN,
            "No recorded conclusions (EXPERIMENTS.md, docs/experiments/, Results sections, run notes).",
            [],
        )
    ]


@rule(
    "ET603",
    "notebook-hygiene",
    "6.1",
    "Notebooks are reviewable (outputs stripped or paired, diffable)",
    what="When notebooks are committed, looks for nbstripout (git filter or pre-commit), jupytext "
    "pairing, nbdime or ReviewNB configuration. Notebooks a Sphinx conf.py renders without running them "
    "(`nbsphinx_execute = 'never'`, myst-nb execution off) keep their outputs: they are the published docs.",
    why="Notebooks with outputs produce unreadable diffs and huge commits, so they are not reviewed; "
    "outputs can also leak data and credentials.",
    example="```text\nnotebooks/03_cnn.ipynb  (2.3 MB of embedded outputs in git)\n```",
    fix="```bash\npip install nbstripout && nbstripout --install --attributes .gitattributes\n```\n"
    "or pair notebooks with scripts: `jupytext --set-formats ipynb,py:percent notebooks/*.ipynb`.",
)
def notebook_hygiene(ctx):
    r = notebook_hygiene.rule
    nbs = ctx.index.notebooks()
    if not nbs:
        return []
    found = []
    # A tool a dependency list names (a frozen environment of 65 packages with nbdime among them) is
    # installed, not set up: the filter, hook or pairing lives in configuration, and notebooks committed
    # with outputs say it is not in effect.
    dep_files = {d.path for d in ctx.index.dependencies}
    for path, text in ctx.index.texts.items():
        if path in dep_files:
            continue  # (pyproject.toml and setup.cfg are configs, read below: their [tool.jupytext] counts)
        m = re.search(r"(nbstripout|jupytext|nbdime|nbqa|reviewnb)", text, re.I)
        if m and not path.lower().endswith((".md", ".rst")):
            found.append(Evidence(path, text.count("\n", 0, m.start()) + 1, m.group(1)))
    # (the index's configs: the rules' config_docs leave tooling configs such as pre-commit's out)
    for doc in (ctx.index.configs[p] for p in sorted(ctx.index.configs)):
        if doc.path.rsplit("/", 1)[-1] in ("pyproject.toml", "setup.cfg"):
            # [tool.jupytext] formats = "ipynb,py:percent": the pairing configured beside the dependencies
            tool = next(
                (
                    (k, line)
                    for k, _v, line in doc.entries
                    if re.match(r"tool[.:](jupytext|nbqa|nbstripout)\b", k)
                ),
                None,
            )
            if tool is not None:
                found.append(Evidence(doc.path, tool[1], f"[{tool[0].rsplit('.', 1)[0]}]"))
            continue
        if re.search(r"(pre-commit|jupytext)", doc.path):
            for _k, v, line in doc.entries:
                if isinstance(v, str) and re.search(r"(nbstripout|jupytext|nbqa)", v):
                    found.append(Evidence(doc.path, line, v[:60]))
                    break
    listed = [
        Evidence(d.path, d.line, d.name)
        for d in ctx.index.dependencies
        if d.name in ("nbstripout", "jupytext", "nbdime")
    ]
    found += files_named(ctx, re.compile(r"(^|/)jupytext\.(toml|ya?ml)$|(^|/)\.jupytext$"), 1)
    with_outputs = [p for p in nbs if ctx.index.notebook_outputs.get(p, 1)]
    if found or (listed and not with_outputs):
        return [
            r.finding(PASS, "Notebook outputs are stripped or notebooks are paired/diffable.", found + listed)
        ]
    # Sphinx renders the notebooks under its source folder as pages from their saved outputs
    # (nbsphinx_execute = "never", myst-nb's execution off): those outputs are the published documentation
    rendered = _rendered_from_outputs(ctx)
    pages = [p for p in with_outputs if any(p.startswith(d) for d, _ in rendered)]
    if pages and len(pages) == len(with_outputs):
        return [
            r.finding(
                PASS,
                f"{len(pages)} notebook(s) with outputs are documentation pages Sphinx renders without running "
                f"them ({rendered[0][1].where()}): their saved outputs are the published docs.",
                [rendered[0][1]] + [Evidence(p, 0, "documentation notebook") for p in pages[:3]],
            )
        ]
    with_outputs = [p for p in with_outputs if p not in pages]
    # notebooks the commit holds that the working tree lacks were not read: their outputs are unknown
    absent = [n.path for n in ctx.inventory.notes if n.kind == "deleted" and n.path.endswith(".ipynb")]
    if not with_outputs and absent:
        return [
            r.finding(
                REVIEW,
                f"The {len(nbs)} notebook(s) read are committed without outputs; {len(absent)} more tracked in "
                "git are absent from the working tree and were not read.",
                [Evidence(p, 0, "no saved outputs") for p in nbs[:3]],
                question=f"Are {', '.join(absent[:3])}{' and others' if len(absent) > 3 else ''} committed "
                "with outputs (restore them with `git checkout -- <path>` and audit again)?",
            )
        ]
    if not with_outputs:
        return [
            r.finding(
                PASS,
                f"All {len(nbs)} notebook(s) are committed without outputs (no tool enforces it).",
                [Evidence(p, 0, "no saved outputs") for p in nbs[:5]],
            )
        ]
    return [
        r.finding(
            WARN,
            f"{len(with_outputs)} of {len(nbs)} notebook(s) committed with outputs and no nbstripout/jupytext/nbdime setup"
            + (
                f" ({listed[0].detail} is listed as a dependency, {listed[0].where()}, but nothing configures it)."
                if listed
                else "."
            ),
            [Evidence(p, 0, "notebook with outputs") for p in with_outputs[:5]] + listed[:1],
        )
    ]


# conf.py settings by which Sphinx renders notebooks from their saved outputs, never running them
_NO_EXECUTION = {"nbsphinx_execute": "never", "nb_execution_mode": "off", "jupyter_execute_notebooks": "off"}


def _rendered_from_outputs(ctx) -> list:
    """(folder prefix, evidence) of each Sphinx source folder whose conf.py renders notebooks without
    executing them."""
    out = []
    for path, m in sorted(ctx.index.modules.items()):
        if path.rsplit("/", 1)[-1] != "conf.py":
            continue
        held = getattr(m, "str_values", {})
        for name, value in _NO_EXECUTION.items():
            if held.get(name) == [value]:
                folder = path.rsplit("/", 1)[0] + "/" if "/" in path else ""
                line = getattr(m, "str_lines", {}).get(name, 0)
                out.append((folder, Evidence(path, line, f'{name} = "{value}"')))
                break
    return out


RUN_INSTRUCTIONS = re.compile(
    # a command at the start of a fenced line (after a prompt, environment settings, `cd dir &&`), not the
    # word in prose or a citation ("... to Accelerate Training" in a BibTeX block)
    r"(```(bash|sh|shell|console)?\s*\n(?:[^`\n]*\n)*?[ \t]*(?:\([\w.-]+\)\s*)?(?:[\w.-]+@[\w.-]+:\S*\s*)?(?:[$>!%]\s*)?"
    # `cd src && CUDA_VISIBLE_DEVICES=0 python ...`, `export X=1; python ...`, `srun -p gpu python ...`
    r"(?:(?:cd|export|source)\s+\S+\s*(?:&&|;)\s*)*(?:\w+=\S*\s+)*(?:(?:sudo|nohup|time|srun|sbatch|mpirun)\s+(?:\S+\s+){0,8}?)?"
    # ... or a script of the project run by the shell (`bash pretrain_audioset2M.sh`)
    r"(python(?:\d(?:\.\d+)?)?|make|dvc|kedro|docker|pip|conda|uv|poetry|mlflow|accelerate\s+(?:launch|config|env)|torchrun|"
    r"(?:bash|sh)\s+\S+\.sh)\b|"
    # an indented (four-space) code block holding a command
    r"^(?: {4}|\t)\s*(?:\$\s*)?(python3?|pip|make|dvc|kedro|docker|conda|torchrun|accelerate|bash)\s|"
    # (numbered: "### 1. Installation")
    r"^#{1,3}\s*(?:\d+[.)]\s*)?(usage|quick\s*start|getting started|how to run|reproduc\w*|install\w*|setup|train\w*|running|instructions|"
    r"how do i get started)\b|"
    # a command in an inline code span: "Download the data by running `kaggle competitions download -c x`"
    r"`(?:\$\s*)?(?:python3?|pip3?|conda|make|dvc|kedro|docker|kaggle|jupyter|bash|torchrun|accelerate|mlflow|"
    r"poetry|uv|git\s+clone)\s[^`\n]+`|"
    # ... or a launcher script: "To replicate the experiments, execute `./run_experiments.sh`."
    # ... `scripts/run.sh`, `sbatch scripts/train.sh` (a bare `run.sh` may only name the file)
    r"`(?:\$\s*)?(?:(?:(?:ba|z)?sh|sbatch|srun|qsub|source)\s+[\w./-]+|\./[\w./-]+|[\w.-]+/[\w./-]+)\.sh\b[^`\n]*`)",
    re.I | re.M,
)


def entry_point_mention(ctx, text: str):
    """The README names the script to run ("运行train.py即可开始训练", "run train.py"): run instructions
    in any language. Returns the match of the first training entry point's file name, or None."""
    # A notebook is run as it is named too ("Open `first_submission.ipynb` and run all cells").
    names = {e.path.rsplit("/", 1)[-1] for e in facts(ctx).training if e.path.endswith((".py", ".ipynb"))}
    # the notebook form of a training script (NNLM.ipynb beside NNLM.py) is run as it is named too
    names |= {
        e.path.rsplit("/", 1)[-1]
        for e in ctx.taxonomy.entry_points
        if e.detail.startswith("notebook form of")
    }
    for name in sorted(names):
        if name not in text:
            continue  # a plain search first: most names are not there, and each pattern is compiled
        for m in _file_name_pattern(name).finditer(text):
            # a link to the file (`[gae.ipynb](https://github.com/.../2.gae.ipynb)`, a table of contents)
            # names it, but says nothing of how to set up or run it
            start = max(
                text.rfind(" ", 0, m.start()), text.rfind("\n", 0, m.start()), text.rfind("(", 0, m.start())
            )
            before = text[text.rfind("\n", 0, m.start()) + 1 : m.start()]
            if (
                "://" in text[start + 1 : m.end()]
                or re.search(r"\[[^\]]*$", before)
                or before.rstrip().endswith("](")
                # [notebook](lectures/part1.ipynb): the link's target, a path under a folder
                or re.search(r"\]\([^)\s]*$", before)
            ):
                continue
            return m
    return None


@functools.lru_cache(maxsize=4096)
def _file_name_pattern(name: str) -> re.Pattern:
    # ASCII boundaries: in "运行train.py" the characters before the name are letters to \w.
    return re.compile(r"(?<![A-Za-z0-9_.-])" + re.escape(name) + r"(?![A-Za-z0-9_-])")


# a fenced block and what it holds: code, or a citation (```\n@InProceedings{...})
_FENCED = re.compile(r"```[^\n]*\n(.*?)```", re.S)
_SHELL_RUN = re.compile(r"(?:^|\s)(?:(?:ba|z)?sh\s+\S+\.sh|\./[\w./-]+\.sh)\b", re.M)


@rule(
    "ET604",
    "no-onboarding-docs",
    "6.1",
    "A README tells a newcomer how to set up and reproduce experiments",
    what="Checks for a top-level README with setup and run instructions (install, train, evaluate "
    "commands or Usage/Reproduce sections), plus CONTRIBUTING or docs/.",
    why="If running the training takes tribal knowledge, every new team member and every reviewer "
    "re-discovers it, and past experiments cannot be understood.",
    example="```markdown\n# churn\nModel stuff.\n```",
    fix="```markdown\n## Reproduce\n```bash\npip install -r requirements.lock\ndvc pull\npython src/train.py --config configs/train.yaml\n```\n```",
)
def onboarding(ctx):
    r = onboarding.rule
    readmes = sorted(p for p in ctx.index.texts if re.fullmatch(r"readme(\.\w+)?", p.lower()))
    if not readmes:
        if not facts(ctx).modules and not ctx.inventory.project_files():
            return []
        return [r.finding(FAIL, "No top-level README.", [])]
    text = ctx.index.texts[readmes[0]]
    m = RUN_INSTRUCTIONS.search(text) or entry_point_mention(ctx, text)
    extra = files_named(
        ctx, re.compile(r"(^|/)(contributing\.md|docs/index\.md|docs/getting[-_]started\.md)$", re.I), 2
    )
    scripts = [e.path for e in ctx.taxonomy.training_entry_points if not e.path.endswith(".ipynb")]
    linked = _linked_run_instructions(ctx, readmes[0], text)
    if linked is not None and (not m or m.group(0).lstrip().startswith("#")):
        # "## Training: see the [Training recipes](TRAINING.md)": the commands are one link away
        return [
            r.finding(
                PASS,
                f"The README links to run instructions ({linked.path}).",
                [linked] + extra,
            )
        ]
    if (
        m
        and m.group(0).lstrip().startswith("#")
        and not any(x.group(0).lstrip()[:1] not in ("#", "") for x in RUN_INSTRUCTIONS.finditer(text))
        # `sh scripts/train.sh`, `./run.sh`: a launcher script is a run command too
        and not _SHELL_RUN.search(text)
        and not entry_point_mention(ctx, text)
        and library(ctx) is None
        # no training script: only a README that shows no code at all (a usage heading over a Colab link, a
        # BibTeX entry); a Python usage block is how such a project is run
        and (scripts or not any(b.group(1).strip()[:1] not in ("", "@") for b in _FENCED.finditer(text)))
    ):
        # DenseNet: "# Usage: import densenet; densenet.DenseNet(...)" and never its cifar10.py, which trains;
        # MaskGIT: "## Running pretrained models" pointing to a Colab, with "Training [Coming Soon]"
        message = (
            f"The README has set-up or usage sections but names no training script and no command to run one "
            f"({scripts[0]} trains)."
            if scripts
            else "The README has set-up or usage sections but gives no command to run and no install step: how to "
            "run the code is left to what its links hold."
        )
        return [
            r.finding(
                WARN,
                message,
                [Evidence(readmes[0], text.count("\n", 0, m.start()) + 1, "usage section, no run command")],
            )
        ]
    if m:
        return [
            r.finding(
                PASS,
                "The README has setup/run instructions.",
                [Evidence(readmes[0], text.count("\n", 0, m.start()) + 1, "run instructions")] + extra,
            )
        ]
    # A short README that points into a documentation site: the instructions live there.
    pages = sorted(
        facts(ctx).docs.items(),
        key=lambda kv: (not re.search(r"(install|getting|start|usage|running|train)", kv[0], re.I), kv[0]),
    )
    for path, doc in pages:
        if re.match(r"^docs?/", path.lower()) and path.lower().endswith((".md", ".rst", ".txt")):
            hit = RUN_INSTRUCTIONS.search(doc) or re.search(r"^\s*(?:\$\s*)?python3?\s+-m\s+\S+", doc, re.M)
            if hit:
                return [
                    r.finding(
                        PASS,
                        "Set-up and run instructions are in the documentation, not the README.",
                        [Evidence(path, doc.count("\n", 0, hit.start()) + 1, "run instructions")],
                    )
                ]
    # A project in parts (gym/ and atari/), each with its own README holding the commands.
    from ..detect.engine import CORE, scope_of

    for path in sorted(ctx.index.texts):
        name = path.rsplit("/", 1)[-1].lower()
        if path.count("/") in (1, 2) and name.startswith("readme") and scope_of(path) == CORE:
            doc = ctx.index.texts[path]
            hit = RUN_INSTRUCTIONS.search(doc)
            if hit:
                return [
                    r.finding(
                        PASS,
                        f"Set-up and run instructions are in the READMEs of the project's parts ({path}), "
                        "not the top-level README.",
                        [Evidence(path, doc.count("\n", 0, hit.start()) + 1, "run instructions")],
                    )
                ]
    return [
        r.finding(
            WARN,
            "The README has no setup or run instructions (no commands, no Usage/Reproduce section).",
            [Evidence(readmes[0], 1, "README")],
            _reproduce_fix(ctx),
        )
    ]


_MD_LINK = re.compile(r"\]\(\s*(?:\./)?([\w./-]+\.(?:md|rst))(?:#[\w-]*)?\s*\)", re.I)


# the launcher script a line of a guide runs, captured: `./tools/dist_train.sh configs/x.py 4`
_LAUNCHER_RUN = re.compile(r"(?:^|\s|`)(?:(?:ba)?sh\s+)?(\.?/?[\w./-]+\.sh)\b", re.M)


def _linked_run_instructions(ctx, readme: str, text: str) -> Evidence | None:
    """The first document the README links to by a relative path (`[Training recipes](TRAINING.md)`)
    with a command that runs one of the project's training scripts (`python cifar.py -a resnet ...`);
    an install line or `pytest` in CONTRIBUTING.md runs no training."""
    from ..detect.engine import _commands_run, _is_launched

    entries = [e.path for e in ctx.taxonomy.training_entry_points]
    if not entries:
        return None
    base = readme.rsplit("/", 1)[0] + "/" if "/" in readme else ""
    for link in _MD_LINK.finditer(text):
        path = base + link.group(1)
        doc = ctx.index.texts.get(path)
        if doc is None or path == readme:
            continue
        launched = _commands_run(doc)
        run = next((e for e in entries if _is_launched(e, launched)), None)
        if run is None:
            # `./tools/dist_train.sh configs/x.py 4` in docs/getting_started.md: the committed launcher it
            # runs starts the training script
            for script in _LAUNCHER_RUN.findall(doc):
                local = script.removeprefix("./")
                body = ctx.index.texts.get(local)
                if body is not None:
                    inner = _commands_run(body)
                    folder = local.rsplit("/", 1)[0] + "/" if "/" in local else ""
                    # ... `python -m torch.distributed.launch ... $(dirname "$0")/train.py`: the script beside it
                    run = next(
                        (
                            e
                            for e in entries
                            if _is_launched(e, inner)
                            or (
                                e.startswith(folder)
                                and re.search(rf"dirname\W+\$0\W*\)?/{re.escape(e[len(folder) :])}\b", body)
                            )
                        ),
                        None,
                    )
                    if run is not None:
                        name = script.rsplit("/", 1)[-1]
                        at = doc.find(name)
                        return Evidence(
                            path,
                            doc.count("\n", 0, max(at, 0)) + 1,
                            f"runs {name}, which starts {run} (the README links to it)",
                        )
            continue
        name = run.rsplit("/", 1)[-1]
        at = doc.find(name)
        return Evidence(path, doc.count("\n", 0, max(at, 0)) + 1, f"runs {name} (the README links to it)")
    return None


def _reproduce_fix(ctx) -> str:
    """A Reproduce section from the project's own files: the dependency file it has and the training
    entry point it runs, not a lock file, DVC remote or src/ layout it does not have."""
    from .phase4_reproducibility import pinning

    pins = pinning(ctx)
    files = pins["files"]
    locks = pins["locks"] + pins["compiled"]
    reqs = sorted((p for p, s in files.items() if s[3] == "requirements"), key=lambda p: (p.count("/"), p))
    conda = sorted(p for p, s in files.items() if s[3].startswith("conda"))
    by_tool = {"uv.lock": "uv sync", "poetry.lock": "poetry install", "pdm.lock": "pdm sync",
               "pipfile.lock": "pipenv sync", "pixi.lock": "pixi install"}  # fmt: skip
    lock = locks[0].rsplit("/", 1)[-1].lower() if locks else ""
    if lock in by_tool and "/" not in locks[0]:
        install = by_tool[lock]
    elif lock.endswith((".txt", ".lock")) and lock not in by_tool and "/" not in locks[0]:
        install = f"pip install -r {locks[0]}"
    elif reqs:
        install = f"pip install -r {reqs[0]}"
    elif conda:
        install = f"conda env create -f {conda[0]}"
    elif any(s[3] in ("pyproject", "setup.py", "setup.cfg", "poetry") for s in files.values()):
        install = "pip install -e ."
    else:
        install = "pip install <the packages and versions the runs used>"
    entries = ctx.taxonomy.training_entry_points or facts(ctx).training
    if entries and entries[0].path.endswith(".py"):
        run = f"python {entries[0].path}   # with the options behind the reported results"
    elif entries:
        run = f"jupyter nbconvert --to notebook --execute {entries[0].path}"
    else:
        run = "<the command that trains the model>"
    return (
        "Add a section that takes a new reader from a fresh checkout to a result:\n"
        f"```markdown\n## Reproduce\n```bash\n{install}\n{run}\n```\n```"
    )


MODEL_CARD_FILES = re.compile(
    # Stable_Diffusion_v1_Model_Card.md: the card named after its model; CodeT5_model_card.pdf: one typeset
    # (a PDF only as a model card: IMX219_sensor_datasheet.pdf is a camera's datasheet, no dataset's)
    r"(^|/)([\w.-]*?[-_]?(model[-_ ]?card|modelcard|datasheet|data[-_]?card)[\w.-]*)\.(md|ya?ml|json|html)$|"
    r"(^|/)[\w.-]*?[-_]?(model[-_ ]?card|modelcard)[\w.-]*\.pdf$",
    re.I,
)
MODEL_CARD_TEXT = re.compile(
    r"(^model-index:|^#{1,3}\s*(model card|intended use|limitations|ethical considerations|training data|datasheet))",
    re.I | re.M,
)


def _card_sections(ctx) -> list[Evidence]:
    """Prose that is a card: a "Model card"/"Datasheet" heading or model-index metadata, or two card
    sections together (Intended use and Limitations). A guide's lone "### Limitations" of an API is not."""
    out = []
    docs = list(facts(ctx).docs.items()) + [
        (path, "\n".join(cells)) for path, cells in sorted(ctx.index.markdown.items())
    ]
    for path, text in docs:
        hits = list(itertools.islice(prose_matches(MODEL_CARD_TEXT, text), 20))
        kinds = {re.sub(r"^#+\s*", "", h.group(0)).lower() for h in hits}
        if hits and (kinds & {"model card", "datasheet", "model-index:"} or len(kinds) >= 2):
            line = text.count("\n", 0, hits[0].start()) + 1 if not path.endswith(".ipynb") else 0
            out.append(Evidence(path, line, hits[0].group(0)[:60]))
            if len(out) >= 3:
                break
    return out


def _card_of_a_dataset(m, c) -> bool:
    """huggingface_hub.ModelCard used for a dataset repository: the card built here is pushed with
    repo_type="dataset" a few lines on (a tokenised-dataset cache's README), so it documents no model."""
    return any(
        _last(d.name) == "push_to_hub" and d.kw("repo_type") == "dataset" and c.line <= d.line <= c.line + 60
        for d in m.calls
        if d.cell == c.cell
    )


@rule(
    "ET610",
    "no-model-card",
    "6.2",
    "Models are documented with a model card (and data with a datasheet)",
    what="Looks for MODEL_CARD.md/model cards, datasheets or data cards, Hugging Face `model-index` "
    "metadata, and README sections such as Intended use / Limitations / Training data.",
    why="A model card is the audit trail of a model decision: what it is for, what data it saw, where "
    "it fails. Without it, reuse and review depend on memory.",
    example="```text\nmodels/churn.pkl   # no description of data, metrics, limits\n```",
    fix="```markdown\n# MODEL_CARD.md\n## Intended use\n## Training data (version, dates, known gaps)\n"
    "## Metrics (per slice)\n## Limitations and ethical considerations\n## Owner and contact\n```",
)
def model_card(ctx):
    r = model_card.rule
    found = files_named(ctx, MODEL_CARD_FILES, 4) + _card_sections(ctx)
    own_classes = {name for m in ctx.index.modules.values() for name, *_ in m.classes}
    # Cards the training code writes for every model: Trainer.create_model_card, huggingface_hub ModelCard.
    found += evs(
        [
            (m, c)
            for m, c in find(
                ctx, suffixes=("create_model_card", "ModelCard.from_template", "ModelCard", "ModelCardData")
            )
            if not _card_of_a_dataset(m, c)
            # a ModelCard the project defines itself (an API's response object for /v1/models) is no card
            and not (c.name.rsplit(".", 1)[-1] in own_classes and not c.name.startswith("huggingface_hub"))
        ][:2],
        "writes a model card",
    )
    if found and library(ctx) and all(e.detail == "writes a model card" for e in found):
        return [r.finding(PASS, "The library writes a model card for the models trained with it.", found)]
    if found:
        return [r.finding(PASS, "Model card or datasheet found.", found)]
    if library(ctx):
        return []  # a library's users document the models they train with it
    if not trains(ctx):
        from ..scoring import own_released_weights

        # a release of trained weights with inference code only: the released models are what a card documents
        # (not a tool running someone else's checkpoint: "the SAM checkpoint released by Meta")
        offer = own_released_weights(ctx)
        if offer is None:
            return []
        return [
            r.finding(
                WARN,
                f"The project releases trained models ({offer.where()}) but no model card or datasheet documents "
                "them (searched file names and README/docs sections).",
                [offer],
            )
        ]
    return [
        r.finding(
            WARN,
            "No model card or datasheet (searched file names and README/docs sections).",
            evs(model_saves(ctx)[:2]) or facts(ctx).training[:1],
        )
    ]


_NEGATED = re.compile(r"\b(not|no|never|without|haven't|hasn't|isn't|aren't|lack(s|ing)?|unknown)\b", re.I)
FAIRNESS = (
    "fairlearn.",
    "aif360.",
    "responsibleai.",
    "raiwidgets.",
    "evidently.",
    "giskard.",
    "deepchecks.",
    "whatif",
)


def _simulated_only(ctx) -> bool:
    """Data generated by a simulator (gym, dm_control, MuJoCo) and read from no dataset: it holds no
    people, so fairness across groups and personal data do not arise."""
    from ..domain import data_domain

    return data_domain(ctx).kind == "simulator" and not find(ctx, prefixes=_DATA_READS)


# Words by which a project's documentation says its data describes people: groups across which a model
# can be unfair exist only then (a wavefunction, a waveform generator or synthetic stories have none).
_PEOPLE = re.compile(
    r"\b(gender|sex|race|racial|ethnic\w*|demographic\w*|faces|facial|patients?|customers?|applicants?|"
    r"employees?|borrowers?|loans?|hiring|income|medical|clinical|churn|credit (?:risk|scor\w*|card)|"
    r"personal data|(?:photos|images|pictures) of (?:real )?people)\b",
    re.I,
)


def _about_people(ctx) -> bool:
    """The documentation (README, docs, notebook text) speaks of people, or of data about them."""
    return any(_PEOPLE.search(text) for text in facts(ctx).docs.values())


# Reads of a dataset beside the simulator (offline RL from logged demonstrations, human feedback).
_DATA_READS = ("pandas.read_", "datasets.load_dataset", "h5py.File", "d4rl.", "minari.")


@rule(
    "ET611",
    "no-fairness-tracking",
    "6.2",
    "Bias and fairness are evaluated across experiment iterations",
    what="Looks for fairness tooling (fairlearn `MetricFrame`, AIF360, Responsible AI Toolbox, "
    "Giskard, Deepchecks, Evidently) or documented per-group/slice evaluation.",
    why="Aggregate metrics hide groups for which a model is much worse; tracking them per iteration "
    "is the only way to notice a regression.",
    example="```python\nmlflow.log_metric('auc', roc_auc_score(y, p))   # overall only\n```",
    fix="```python\nfrom fairlearn.metrics import MetricFrame\nmf = MetricFrame(metrics=recall_score, y_true=y, y_pred=y_hat, sensitive_features=df['region'])\n"
    "mlflow.log_dict(mf.by_group.to_dict(), 'fairness/recall_by_region.json')\n```",
)
def fairness(ctx):
    r = fairness.rule
    if not trains(ctx) or _simulated_only(ctx) or not _about_people(ctx) or library(ctx):
        return []
    found = evs(find(ctx, prefixes=FAIRNESS)[:3])
    docs = facts(ctx).docs
    for e in doc_search(
        ctx,
        re.compile(
            # "for fairness, both systems use the same batch size": a fair comparison, not model fairness
            r"(?<!for )(?<!in )(?<!the )\b(fairness(?! of (?:the |this )?comparison)|bias (audit|evaluation)|"
            r"per[- ](group|slice) (metrics|evaluation)|disparate impact)\b",
            re.I,
        ),
        4,
    ):
        # "The models have not been evaluated for fairness" says the opposite of an evaluation.
        lines = docs.get(e.path, "").splitlines()
        text = lines[e.line - 1] if 0 < e.line <= len(lines) else ""
        if not _NEGATED.search(text):
            found.append(e)
    if found:
        return [r.finding(PASS, "Fairness or per-group evaluation is present.", found)]
    return [r.finding(WARN, "No fairness/bias evaluation (fairlearn, AIF360, slice metrics) found.", [])]


# Anonymisation tools (Faker, which makes synthetic records, handles no personal data of its own).
PII_CODE = (
    "presidio_analyzer.",
    "presidio_anonymizer.",
    "scrubadub.",
    "anonympy.",
)
PII_TEXT = re.compile(
    r"\b(PII|personal data|personal information|personally[- ]identif(?:iable|ying)|GDPR|HIPAA|anonymi[sz]\w*|"
    # a model card saying the data holds people: "they include photos of real people"
    # (a website footer's "[Privacy](https://.../legal/privacy)" or "Privacy Policy" link is the
    # organisation's site policy, nothing about the experiments' data)
    # ... and differential privacy is a training method ("Install privacy datasets" for a DP-SGD or PATE
    # experiment, "privacy budget"), not a statement about whose data the experiments hold
    r"pseudonymi[sz]\w*|data protection|(?<![\[/.-])(?<!differential )(?<!differentially )"
    r"privacy(?!\]\(|-preserving|\s+(?:policy|notice|statement|datasets?|experiments?|budget|accounting|"
    r"guarantees?|amplification|loss|attacks?))|"
    r"(photos|images|pictures) of (real )?people)\b",
    re.I,
)


# Community and licence files: a licence's "publicity, privacy" rights clause says nothing of the data.
_COMMUNITY_DOC = re.compile(
    r"(^|/)(code_of_conduct|contributing|security|support|funding|licen[cs]e|copying)([._-]\w+)*$", re.I
)


@rule(
    "ET612",
    "pii-unaddressed",
    "6.2",
    "Personal data in experiments is identified and handled",
    what="Looks for PII handling: Presidio/scrubadub anonymisation, hashing of identifiers, and docs "
    "that state what personal data the experiments use and how it is protected (GDPR/HIPAA, "
    "anonymisation, pseudonymisation).",
    why="Experiment artifacts (prediction samples, logged tables, notebooks) copy training data into "
    "trackers that have weaker access control than the source database.",
    example="```python\nmlflow.log_table(df_test, 'predictions.json')   # includes customer emails\n```",
    fix="Document the data classification in the README (`## Data and privacy`), drop or hash direct "
    "identifiers before logging (`df['customer_id'] = df['customer_id'].map(sha256_hex)`), and never "
    "log raw rows as artifacts.",
)
def pii(ctx):
    r = pii.rule
    if not trains(ctx) or _simulated_only(ctx) or library(ctx):
        return []
    # A code of conduct's "privacy" is how contributors treat one another, not the experiments' data.
    docs = [e for e in doc_search(ctx, PII_TEXT, 6) if not _COMMUNITY_DOC.search(e.path)][:3]
    found = evs(find(ctx, prefixes=PII_CODE)[:3], "identifier hashing/anonymisation") + docs
    if found:
        return [r.finding(PASS, "Personal-data handling is addressed.", found)]
    if not _about_people(ctx):
        # Personal data arises where the documentation speaks of people (customers, patients, faces);
        # public benchmarks of images, text corpora or simulators hold none of the project's own.
        return []
    return [
        r.finding(WARN, "Nothing states whether experiments use personal data or how it is protected.", [])
    ]


_LICENCE_HEADING = re.compile(
    # an ATX heading (## License) or a setext one ("License and Citation" over a line of dashes)
    r"^(?:#{1,4}[ \t]*(licen[cs]e|licensing|copyright)\b[^\n]*\n|(licen[cs]e|licensing|copyright)\b[^\n]*\n"
    r"[-=]{3,}[ \t]*\n)(?:[ \t]*\n)*[ \t]*(?!#)(\S[^\n]{20,})",
    re.I | re.M,
)
_LICENCE_TBD = re.compile(
    r"\b(to be (added|decided|announced)|tbd|coming soon|will be (added|released))\b", re.I
)


def _readme_licence(ctx) -> list[Evidence]:
    """Licence terms written in the README's own section ("## License: free for research, contact us for
    commercial use"): the terms are declared, though no LICENSE file holds them."""
    readmes = sorted(p for p in ctx.index.texts if re.fullmatch(r"readme(\.\w+)?", p.lower()))
    text = ctx.index.texts[readmes[0]] if readmes else ""
    m = _LICENCE_HEADING.search(text)
    if m is None or _LICENCE_TBD.search(m.group(3)):
        return []
    return [Evidence(readmes[0], text.count("\n", 0, m.start()) + 1, "licence terms in the README")]


# Files of a team's process: CI, a contributing guide, review templates, maintainers, a CODEOWNERS file
# (even one that assigns nobody yet)
_TEAM_FILES = re.compile(
    r"(^(\.github/workflows/|\.gitlab-ci\.yml$|\.circleci/|azure-pipelines\.yml$|jenkinsfile$|\.travis\.yml$|"
    r"bitbucket-pipelines\.yml$|\.buildkite/|\.drone\.yml$|\.gitlab/merge_request_templates/|"
    r"(\.github/|docs/)?(contributing|maintainers|governance)(\.\w+)?$|\.github/pull_request_template|"
    r"\.pre-commit-config\.yaml$)|(^|/)codeowners$)",
    re.I,
)


def _team_process(files) -> bool:
    return any(_TEAM_FILES.search(f.path) for f in files)


@rule(
    "ET613",
    "no-ownership-license",
    "6.2",
    "Ownership and licence are declared (CODEOWNERS, LICENSE)",
    what="Checks for a LICENSE file and a CODEOWNERS file (root, `.github/` or `docs/`).",
    why="Without a licence the code, models and results cannot legally be reused; without owners, "
    "changes to training or promotion code are merged without review by the people accountable.",
    example="```text\n(no LICENSE, no CODEOWNERS)\n```",
    fix="```text\n# .github/CODEOWNERS\n/src/train/     @ml-team\n/configs/       @ml-team\n/dvc.yaml       @ml-platform\n```\nand add a LICENSE file.",
)
def ownership(ctx):
    r = ownership.rule
    files = ctx.inventory.project_files()
    if not files:
        return []
    lic = [Evidence(f.path, 0, "licence") for f in files if f.kind == "license"] or _readme_licence(ctx)
    # A CODEOWNERS file that holds only comments assigns nobody.
    owners = [
        Evidence(f.path, 0, "code owners")
        for f in files
        if f.path.rsplit("/", 1)[-1].lower() == "codeowners"
        and any(
            ln.strip() and not ln.lstrip().startswith("#")
            for ln in ctx.index.texts.get(f.path, "x").splitlines()
        )
    ]
    # (a CODEOWNERS file of comments only is there, and assigns nobody)
    commented = not owners and any(f.path.rsplit("/", 1)[-1].lower() == "codeowners" for f in files)
    no_owners = "the CODEOWNERS file assigns no owner (comments only)" if commented else "no CODEOWNERS file"
    held = (
        "LICENSE is present"
        if not lic or lic[0].detail == "licence"
        else f"Licence terms are stated in the README ({lic[0].where()})"
    )
    if lic and owners:
        return [r.finding(PASS, f"{held}, and CODEOWNERS is present.", lic[:1] + owners[:1])]
    if lic and library(ctx):
        # A published package's maintainers own it; what its users need is the licence to reuse it.
        return [
            r.finding(
                PASS,
                f"{held}, and the published package declares itself "
                f"({distribution(ctx).where()}); {no_owners}.",
                lic[:1] + [distribution(ctx)],
            )
        ]
    lesson = teaching_material(ctx)
    if lesson is not None and lic:
        # A course's notebooks: their authors teach; the licence is what readers need to reuse them.
        return [
            r.finding(
                PASS,
                f"{held}, and the repository is teaching material ({lesson.detail}); {no_owners} "
                "(a team's review routing).",
                lic[:1] + [lesson],
            )
        ]
    release = research_release(ctx)
    if release is not None:
        # A paper's code release: its authors are the paper's; the licence is what readers need to reuse it.
        if lic:
            return [
                r.finding(
                    PASS,
                    f"{held}, and the README {release.detail} "
                    f"({release.where()}); {no_owners} (a team's review routing).",
                    lic[:1] + [release],
                )
            ]
        return [
            r.finding(
                WARN,
                "No LICENSE file: readers of the paper cannot tell how they may reuse the code, data and models.",
                [release],
                "Add a LICENSE file (e.g. MIT or Apache-2.0) stating how the code, data and models may be used.",
            )
        ]
    if lic and not owners and not _team_process(files):
        # One person's project: CODEOWNERS routes a team's reviews, and nothing here shows a team.
        return [
            r.finding(
                PASS,
                f"{held}; {no_owners}, which routes a team's reviews, and none of the team-process files "
                "checked (CI configuration, contributing guide, pull-request template) is present.",
                lic[:1],
            )
        ]
    missing = " and ".join(x for x, ok in (("LICENSE", lic), ("CODEOWNERS", owners)) if not ok)
    empty_owner_files = [
        Evidence(f.path, 1, "comments only")
        for f in files
        if f.path.rsplit("/", 1)[-1].lower() == "codeowners"
    ]
    unassigned = not owners and bool(empty_owner_files)
    # The fix names only what is missing (never "add a LICENSE" beside an existing one), and the owners
    # file names the project's own training code and configuration, not a template's /src/train/.
    fix = _owners_fix(ctx) + ("" if lic else "\nand add a LICENSE file.")
    if owners:
        fix = "Add a LICENSE file (e.g. MIT or Apache-2.0) stating how the code, data and models may be used."
    message = f"No {missing} file."
    if unassigned:
        # CODEOWNERS present but holding only comments: nobody is assigned
        message = (
            "The CODEOWNERS file assigns no owner (comments only)"
            + ("" if lic else "; no LICENSE file")
            + "."
        )
    return [r.finding(WARN, message, lic[:1] + (owners[:1] or empty_owner_files[:1]), fix)]


def _owners_fix(ctx) -> str:
    """A CODEOWNERS snippet naming the folders that hold the project's training entry points and its
    configuration files, and dvc.yaml when there is one."""
    dirs = []
    for e in ctx.taxonomy.training_entry_points[:6]:
        top = e.path.split("/", 1)[0] + "/" if "/" in e.path else e.path
        if top not in dirs:
            dirs.append(top)
    for doc in facts(ctx).config_docs[:40]:
        top = doc.path.split("/", 1)[0] + "/" if "/" in doc.path else ""
        if top and top not in dirs and len(dirs) < 4:
            dirs.append(top)
    if ctx.inventory.get("dvc.yaml") is not None:
        dirs.append("dvc.yaml")
    lines = [f"/{d:<16} @ml-team" for d in dirs[:5]] or ["*                 @ml-team"]
    return "```text\n# .github/CODEOWNERS\n" + "\n".join(lines) + "\n```"


# Whole words only: "diameter", "bottleneck" and licence boilerplate ("permissions granted") are not policies.
ACCESS = re.compile(
    # (a W&B entity names a team's namespace; it says nothing of who may read it)
    r"(\bMLFLOW_TRACKING_(USERNAME|PASSWORD|TOKEN)\b|\bDATABRICKS_TOKEN\b|--app-name\s+basic-auth|"
    r"mlflow\.server\.auth|\baccess[ -]control|\bRBAC\b|\bIAM\s+(role|polic)|\b(read|write)[ -]access\b)",
    re.I,
)
RETENTION = re.compile(
    # retention of what the runs keep, or a policy of it: not "the student's retention of the material"
    r"(\b(data|artifacts?|runs?|logs?|records?|models?|experiments?|checkpoints?)\s+retention\b|"
    r"\bretention\s*(:|polic\w+|period|days|rules?|time|settings?)|\b\d+[- ]?(days?|months?|years?)\s+retention\b|"
    r"\blifecycle[_ ]?(rule|polic)|\bexpir(es|y|ation)\b|\bttl\b|\bmlflow\s+gc\b|\bdvc\s+gc\b|"
    r"wandb\s+artifact\s+cache\s+cleanup|\bdelete[_ ]old|\barchive\w*\s+(runs|experiments))",
    re.I,
)


def _in_comment(text: str, pos: int) -> bool:
    line_start = text.rfind("\n", 0, pos) + 1
    return text[line_start:pos].lstrip().startswith(("#", "//", "--"))


_PUBLISHED_SECRET = re.compile(r"(PASSWORD|TOKEN)[\"'\]]*\s*[:=]\s*[\"']?[A-Za-z0-9_\-]{12,}")
_RETENTION_KEY = re.compile(r"(^|[._])(retention|lifecycle|ttl|expir\w*)($|[._])", re.I)
_LEGAL = re.compile(r"(^|/)(licen[cs]e|copying|notice|third[_-]party)[\w.-]*$", re.I)


@rule(
    "ET614",
    "no-access-retention-policy",
    "6.2",
    "Access to experiments and artifact retention are defined",
    what="Looks for access controls on the tracking store (authenticated MLflow server, W&B entity/team, "
    "Databricks, IAM/RBAC notes) and retention policies (artifact TTLs, `mlflow gc`, `dvc gc`, "
    "storage lifecycle rules, documented retention). Not applied when runs stay in local files and nothing "
    "defines either: there is no shared store to secure or prune yet.",
    why="Experiment stores accumulate models and data copies; without access rules anyone can read "
    "or delete them, and without retention they grow forever or are purged by accident.",
    example="```text\n(public S3 bucket of artifacts, kept forever)\n```",
    fix="Run the tracking server with authentication (`mlflow server --app-name basic-auth`), restrict "
    "the artifact bucket with IAM, and document retention (e.g. 'runs older than 180 days without a "
    "registered model are deleted by `mlflow gc` weekly') in docs/governance.md.",
)
def access_retention(ctx):
    r = access_retention.rule
    if (not trains(ctx) and not code_trackers(ctx)) or library(ctx):
        return []
    access, retention = [], []
    corpora = facts(ctx).corpora
    for path, text in ctx.index.texts.items():
        if _LEGAL.search(path) or ("/" in path and path.rsplit("/", 1)[0] in corpora):
            continue  # (nor do the pages an LLM app retrieves from)
        m = ACCESS.search(text)
        # A commented-out line in a script (`# export WANDB_ENTITY=...`) defines nothing, and a password
        # or token published with its value gives access to anyone who reads it.
        while m and (
            (not path.lower().endswith((".md", ".rst", ".txt")) and _in_comment(text, m.start()))
            or (
                re.match(r"(MLFLOW_TRACKING|DATABRICKS)", m.group(0), re.I) and _PUBLISHED_SECRET.search(text)
            )
        ):
            m = ACCESS.search(text, m.end())
        if m:
            access.append(Evidence(path, text.count("\n", 0, m.start()) + 1, "access control"))
        m = RETENTION.search(text)
        if m:
            retention.append(Evidence(path, text.count("\n", 0, m.start()) + 1, "retention"))
    access += evs(
        find(ctx, prefixes=("wandb.init",), pred=lambda c: c.has_kw("entity"))[:1], "W&B team entity"
    )
    retention += evs(find(ctx, suffixes=("ttl",))[:1], "artifact TTL")
    for doc in facts(ctx).config_docs:
        for k, _, line in doc.entries:
            if _RETENTION_KEY.search(k):
                retention.append(Evidence(doc.path, line, k[:60]))
                break
    if access and retention:
        return [r.finding(PASS, "Access control and retention are defined.", access[:3] + retention[:3])]
    if not access and not retention:
        # Runs kept only as local files (TensorBoard event files, a run directory, ./mlruns): there is
        # no experiment store to secure or prune, and server or bucket advice does not apply (yet).
        local = shared_tracking(ctx)
        if local and ("only locally" in local[0].message or local[0].message.startswith("No tracker")):
            return []
    missing = " and ".join(
        x for x, ok in (("access controls", access), ("retention policy", retention)) if not ok
    )
    return [
        r.finding(
            WARN,
            f"No {missing} defined for experiments and artifacts.",
            access[:3] + retention[:3],
            _governance_fix(ctx, not access, not retention),
        )
    ]


# (access, retention) in the words of the store the project's runs go to
_GOVERNANCE_FIXES = {
    "wandb": (
        "log runs to a team's private project (`wandb.init(entity='<team>', project='<project>')`, the "
        "project's visibility set to Private)",
        "give logged artifacts a time to live (`artifact.ttl = datetime.timedelta(days=180)`) and say in "
        "docs/governance.md which runs are kept",
    ),
    "mlflow": (
        "run the tracking server with authentication (`mlflow server --app-name basic-auth`) and restrict the "
        "artifact bucket with IAM",
        "document retention in docs/governance.md (e.g. 'runs older than 180 days without a registered model "
        "are deleted by `mlflow gc` weekly')",
    ),
    "metaflow": (
        "restrict the datastore bucket (METAFLOW_DATASTORE_SYSROOT_S3) and the metadata service to the team "
        "with IAM",
        "add a lifecycle rule expiring old run artifacts in the datastore bucket and say in "
        "docs/governance.md which runs are kept",
    ),
    "dvc": (
        "restrict the DVC remote's bucket to the team with IAM",
        "document which experiments and cache objects are kept, and prune the rest with `dvc gc`",
    ),
}


_ANY_STORE = (
    "restrict who can read and delete the runs and their artifacts (the tracker workspace's team "
    "permissions, IAM on the artifact bucket)",
    "say in docs/governance.md how long runs and artifacts are kept and how old ones are deleted",
)


def _governance_fix(ctx, access: bool, retention: bool) -> str:
    """The missing half (or both) for the store the runs use, not MLflow's server for a W&B project."""
    used = [d.tool for d in code_trackers(ctx) if d.scope in ("core", "optional")]
    used += [d.tool for d in ctx.present("pipelines") if d.tool in _GOVERNANCE_FIXES]
    tool = next((t for t in used if t in _GOVERNANCE_FIXES), "")
    # Neptune, Comet, ClearML, Aim or no tracker: the same two halves in no one tool's words
    a, k = _GOVERNANCE_FIXES.get(tool, _ANY_STORE)
    parts = [x for x, need in ((a, access), (k, retention)) if need]
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + "."
