"""The 0-30 reproducibility scorecard, the 8-row summary table and the prioritized recommendations.

Each of the six dimensions has five criteria worth one point each (docs/scoring.md lists them).
Criteria 1-2 of a dimension are practices "done by hand and documented"; criteria 3-5 are
"automated and enforced" (a tool records it with every run, run stores on disk prove it, or a
pipeline/CI makes it impossible to skip). A criterion is decided from rule findings and the run
catalog, so every point given or withheld has a reason that cites a rule and its evidence.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from .model import FAIL, PASS, WARN, Finding

DIMENSIONS = (
    ("code_versioning", "Code versioning"),
    ("data_versioning", "Data versioning"),
    ("environment_capture", "Environment capture"),
    ("parameter_logging", "Parameter logging"),
    ("result_persistence", "Result persistence"),
    ("documentation", "Documentation"),
)
LABELS = dict(DIMENSIONS)
PROFILES = ("research", "production")


@dataclass
class Dimension:
    name: str
    label: str
    score: int
    reasons: list[str] = field(default_factory=list)
    met: list[str] = field(default_factory=list)  # criterion keys
    missing: list[str] = field(default_factory=list)


@dataclass
class Scorecard:
    dimensions: list[Dimension]
    checklists: dict = field(default_factory=dict)
    profile: str = "research"

    @property
    def total(self) -> int:
        return sum(d.score for d in self.dimensions)

    @property
    def weakest(self) -> Dimension:
        return min(self.dimensions, key=lambda d: d.score)  # first of equals, in dimension order

    @property
    def weakest_label(self) -> str:
        return self.weakest.label

    @property
    def weakest_score(self) -> int:
        return self.weakest.score

    def to_dict(self) -> dict:
        return {
            "dimensions": {d.name: d.score for d in self.dimensions},
            "total": self.total,
            "weakest": self.weakest.name,
            "max": 30,
            "reasons": {d.name: list(d.reasons) for d in self.dimensions},
            "profile": self.profile,
            "checklists": self.checklists,
        }


# --------------------------------------------------------------------------------------------
# Facts the criteria read
# --------------------------------------------------------------------------------------------


class _View:
    """Findings by rule id, plus the run catalog, with small helpers for criteria."""

    def __init__(self, ctx, findings: list[Finding]):
        self.ctx = ctx
        self.by_rule: dict[str, Finding] = {}
        for f in findings:
            prev = self.by_rule.get(f.rule_id)
            if prev is None or _rank(f.status) < _rank(prev.status):
                self.by_rule[f.rule_id] = f
        stores = [s for s in (ctx.linkage.stores if ctx.linkage is not None else []) if s.get("runs")]
        self.runs = sum(s["runs"] for s in stores)
        self.pct = {
            key: (sum(s["runs"] * s.get(key, 0) for s in stores) / self.runs if self.runs else 0)
            for key in ("with_commit_pct", "with_seed_pct", "with_data_digest_pct", "env_captured_pct")
        }
        cat = ctx.catalog
        runs = [r for r in (cat.runs if cat is not None else []) if not r.deleted]
        self.params_pct = 100 * sum(1 for r in runs if r.params) / len(runs) if runs else 0
        # A recorded commit recovers code only if this repository still holds that commit.
        self.commit_found_pct = (
            100 * sum(1 for r in runs if r.commit_status in ("reachable", "unreachable")) / len(runs)
            if runs
            else 0
        )

    def status(self, rule_id: str) -> str | None:
        f = self.by_rule.get(rule_id)
        return f.status if f else None

    def ok(self, *rule_ids: str) -> bool:
        return all(self.status(r) == PASS for r in rule_ids)

    def why(self, rule_id: str) -> str:
        f = self.by_rule.get(rule_id)
        if f is None:
            return f"{rule_id} not applicable"
        where = f" ({f.evidence[0].where()})" if f.evidence else ""
        return f"{rule_id} {f.status}: {_clip(f.message)}{where}"

    def files(self, *patterns: str) -> list[str]:
        rx = re.compile("|".join(patterns), re.I)
        return [f.path for f in self.ctx.inventory.project_files() if rx.search(f.path)]


def _rank(status: str) -> int:
    return {FAIL: 0, WARN: 1, PASS: 2}.get(status, 3)


def _clip(text: str, n: int = 90) -> str:
    text = text.rstrip(".")
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


# A criterion: (key, description for docs, hand|auto, check(view) -> (met, reason), rule ids, fix)
@dataclass(frozen=True)
class Criterion:
    key: str
    text: str
    kind: str  # "hand" (done by hand and documented) | "auto" (automated and enforced)
    check: Callable
    rules: tuple[str, ...]
    fix_title: str
    fix_target: str  # default file to change when no finding names one
    fix_snippet: str = ""


def _follows_rule(v, rule_id: str):
    """The common criterion: met when its one rule passes, with that rule's reason."""
    return v.ok(rule_id), v.why(rule_id)


def _c_git(v):
    if v.ctx.inventory.is_git:
        return True, "code is in a git repository"
    return False, "not a git repository: no commit identifies the code of a run"


def _c_scripts(v):
    tr = v.ctx.taxonomy.training_entry_points
    scripts = [e for e in tr if e.path.endswith(".py")]
    if scripts:
        return True, f"training runs from versioned scripts ({scripts[0].where()})"
    if tr and v.ok("ET603"):
        return True, "training notebooks are paired/stripped for review (ET603 PASS)"
    if tr:
        return False, f"training lives only in notebooks ({tr[0].path}) with no jupytext/nbstripout"
    return False, "no training entry point found"


def _c_commit_auto(v):
    if v.ok("ET420"):
        return True, v.why("ET420")
    return False, v.why("ET420")


def _c_commit_verified(v):
    if v.runs and v.commit_found_pct >= 50:
        return (
            True,
            f"{v.commit_found_pct:.0f}% of {v.runs} stored runs record a commit found in this repository",
        )
    f = v.by_rule.get("ET420")
    if (
        f
        and f.status == PASS
        and any(
            "explicit" in e.detail
            or "save_code" in e.detail
            or "rev-parse" in e.detail
            or "snapshot" in e.detail
            for e in f.evidence
        )
    ):
        return True, "the commit or a code snapshot is logged explicitly in code"
    if v.runs:
        return False, (
            f"only {v.commit_found_pct:.0f}% of {v.runs} stored runs record a commit found in this repository "
            f"({v.pct['with_commit_pct']:.0f}% record one at all)"
        )
    return False, "no stored run proves that commits are recorded (no run store on disk, no explicit logging)"


def _c_enforced(v):
    ci = v.files(
        r"^\.github/workflows/",
        r"^\.gitlab-ci\.yml$",
        r"(^|/)Jenkinsfile$",
        r"^azure-pipelines\.yml$",
        r"^\.circleci/",
    )
    lock = v.files(r"(^|/)dvc\.lock$", r"(^|/)MLproject$")
    if lock:
        return True, f"runs are reproduced from the commit by {lock[0]}"
    if ci:
        return True, f"CI runs on every commit ({ci[0]})"
    return False, "nothing enforces it: no CI workflow, dvc.lock or MLproject"


def _c_data_doc(v):
    data_docs = v.files(r"(^|/)data/readme", r"(^|/)datasheet", r"(^|/)data[-_]?card")
    if data_docs:
        return True, f"data source documented ({data_docs[0]})"
    from .rules.phase2_parameters import doc_search

    hits = doc_search(
        v.ctx,
        re.compile(
            r"^#{1,3}\s*(data(set)?s?|data sources?)\b|\b(download|obtain) the (data|dataset)\b", re.I | re.M
        ),
        1,
    )
    if hits:
        return True, f"data source documented ({hits[0].where()})"
    if v.ok("ET120"):
        return True, "the data versioning tool records where the data comes from (ET120 PASS)"
    return False, "no documented data source (data/README, README Data section)"


def _c_splits(v):
    s = v.status("ET121")
    if s == PASS:
        return True, v.why("ET121")
    if s is None and v.status("ET401") == PASS:
        return True, "no ad-hoc split call; seeds are set (ET401 PASS)"
    if s is None:
        return False, "no seeded split or committed split files found"
    return False, v.why("ET121")


def _c_data_verified(v):
    if v.runs and v.pct["with_data_digest_pct"] >= 50:
        return True, f"{v.pct['with_data_digest_pct']:.0f}% of {v.runs} stored runs record a data digest"
    lock = v.files(r"(^|/)dvc\.lock$")
    if lock:
        return True, f"{lock[0]} pins every stage's inputs by hash"
    if v.ok("ET122"):
        return True, v.why("ET122")
    return False, "no stored run records a data digest, no dvc.lock, no schema validation"


def _c_manifest(v):
    s = v.status("ET410")
    if s is not None and not (s == FAIL and "No dependency manifest" in v.by_rule["ET410"].message):
        return True, "dependencies are declared in a manifest"
    return False, "no dependency manifest"


def _c_env_logged(v):
    if v.runs and v.pct["env_captured_pct"] >= 50:
        return True, f"{v.pct['env_captured_pct']:.0f}% of {v.runs} stored runs captured their environment"
    return v.ok("ET213"), v.why("ET213")


def _c_params_ext(v):
    s = v.status("ET201")
    return s in (PASS, WARN), v.why("ET201")


def _c_seeds(v):
    s = v.status("ET401")
    return s in (PASS, WARN), v.why("ET401")


def _c_params_complete(v):
    if v.ok("ET211") and v.status("ET212") != WARN:
        return True, "the whole configuration" + (
            " and the seed are" if v.ok("ET212") else " is"
        ) + " logged (ET211 PASS)"
    if not v.ok("ET211"):
        return False, v.why("ET211")
    return False, v.why("ET212")


def _c_params_verified(v):
    if v.runs and v.params_pct >= 50 and v.pct["with_seed_pct"] >= 50:
        return (
            True,
            f"{v.params_pct:.0f}% of stored runs record parameters and {v.pct['with_seed_pct']:.0f}% a seed",
        )
    if v.ok("ET202"):
        return True, v.why("ET202")
    return (
        False,
        "configuration is not validated (ET202) and no stored runs prove parameters + seed are recorded",
    )


def _c_models(v):
    if v.ok("ET310"):
        return True, v.why("ET310")
    if v.ok("ET520"):
        return True, v.why("ET520")
    return False, v.why("ET310")


def _c_artifacts_shared(v):
    if v.ok("ET311") and (v.ok("ET601") or v.ok("ET520")):
        return True, "artifacts are stored with runs in a shared store or registry"
    if not v.ok("ET311"):
        return False, v.why("ET311")
    return False, v.why("ET601")


def _c_named(v):
    if v.ok("ET110") or v.ok("ET111"):
        return True, v.why("ET110" if v.ok("ET110") else "ET111")
    if v.status("ET110") is None and v.ok("ET501"):
        return True, "runs are identified by pipeline stages (ET501 PASS)"
    return False, v.why("ET110") if v.status(
        "ET110"
    ) else "runs are neither named nor tagged (no tracker to name them)"


def _c_hardware_license(v):
    lic = [f for f in v.ctx.inventory.project_files() if f.kind == "license"]
    hw = v.status("ET413") in (PASS, None)
    if hw and lic:
        return True, "hardware documented (ET413) and a LICENSE is present"
    missing = ([] if hw else [v.why("ET413")]) + ([] if lic else ["no LICENSE file"])
    return False, "; ".join(missing)


CRITERIA: dict[str, tuple[Criterion, ...]] = {
    "code_versioning": (
        Criterion(
            "git",
            "The code is under git version control.",
            "hand",
            _c_git,
            (),
            "Put the code under git",
            "(repository root)",
            "```bash\ngit init && git add -A && git commit -m 'baseline'\n```",
        ),
        Criterion(
            "scripts",
            "Training runs from versioned scripts (or notebooks paired with jupytext / stripped with nbstripout).",
            "hand",
            _c_scripts,
            ("ET603",),
            "Move training out of notebooks into a versioned script",
            "src/train.py",
            "```bash\njupytext --to py:percent notebooks/train.ipynb -o src/train.py\n```",
        ),
        Criterion(
            "commit_auto",
            "A tracker records the git commit with every run automatically (ET420).",
            "auto",
            _c_commit_auto,
            ("ET420",),
            "Record the git commit with every run",
            "training entry point",
        ),
        Criterion(
            "commit_verified",
            "Stored runs prove it (>=50% of runs on disk carry a commit that this repository holds), or the commit / a code snapshot is logged explicitly.",
            "auto",
            _c_commit_verified,
            ("ET420",),
            "Log the commit (or a code snapshot) explicitly",
            "training entry point",
            "```python\nmlflow.set_tag('mlflow.source.git.commit', subprocess.check_output(['git', 'rev-parse', 'HEAD'], text=True).strip())\n```",
        ),
        Criterion(
            "enforced",
            "Enforced: CI runs on every commit, or runs are reproduced from the commit by dvc.lock / MLproject.",
            "auto",
            _c_enforced,
            (),
            "Add a CI workflow that runs the pipeline checks on every commit",
            ".github/workflows/ci.yml",
            "```yaml\non: [push, pull_request]\njobs:\n  audit:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: pip install experiment-tracking && experiment-tracking audit . --fail-under 20\n```",
        ),
    ),
    "data_versioning": (
        Criterion(
            "documented",
            "The data source is documented (data/README, datasheet, a Data section in the README).",
            "hand",
            _c_data_doc,
            (),
            "Document where the data comes from",
            "data/README.md",
            "```markdown\n# Data\nSource: <system/URL>, exported <date>, <rows> rows. Refresh: `make data`.\n```",
        ),
        Criterion(
            "splits",
            "Splits are reproducible: seeded split calls or committed split files (ET121).",
            "hand",
            _c_splits,
            ("ET121",),
            "Seed the train/test split",
            "the split code",
        ),
        Criterion(
            "tool",
            "Data is versioned by a tool: DVC, Git LFS, W&B Artifacts, MLflow datasets, lakeFS, Delta (ET120).",
            "auto",
            _follows_rule,
            ("ET120",),
            "Version the dataset with a data versioning tool",
            "data/",
        ),
        Criterion(
            "linked",
            "Each run records the data version or digest it used (ET421).",
            "auto",
            _follows_rule,
            ("ET421",),
            "Record the dataset version with every run",
            "training entry point",
        ),
        Criterion(
            "verified",
            "Verified/enforced: >=50% of stored runs carry a data digest, or dvc.lock pins inputs, or a data schema is validated (ET122).",
            "auto",
            _c_data_verified,
            ("ET122",),
            "Validate the data schema before training",
            "data loading code",
        ),
    ),
    "environment_capture": (
        Criterion(
            "manifest",
            "Dependencies are declared in a manifest (requirements, pyproject, environment.yml).",
            "hand",
            _c_manifest,
            ("ET410",),
            "Declare the dependencies",
            "requirements.txt",
        ),
        Criterion(
            "pins",
            "Dependencies are pinned exactly (>=90% == pins) or resolved by a lock file (ET410).",
            "hand",
            _follows_rule,
            ("ET410",),
            "Pin dependencies with a lock file",
            "requirements.txt",
        ),
        Criterion(
            "python",
            "The Python version is pinned (ET411).",
            "hand",
            _follows_rule,
            ("ET411",),
            "Pin the Python version",
            "pyproject.toml",
        ),
        Criterion(
            "container",
            "A container definition with a pinned base image exists (ET412).",
            "auto",
            _follows_rule,
            ("ET412",),
            "Containerise the training environment",
            "Dockerfile",
        ),
        Criterion(
            "logged",
            "The environment (GPU, CUDA, packages) is captured with every run, by the tracker or stored runs (ET213).",
            "auto",
            _c_env_logged,
            ("ET213",),
            "Log the environment with every run",
            "training entry point",
        ),
    ),
    "parameter_logging": (
        Criterion(
            "externalised",
            "Parameters come from config files / a CLI, not literals (ET201 PASS or WARN).",
            "hand",
            _c_params_ext,
            ("ET201",),
            "Move hyperparameters into a config file or CLI",
            "training entry point",
        ),
        Criterion(
            "seeds",
            "Random seeds are set (ET401 PASS or WARN).",
            "hand",
            _c_seeds,
            ("ET401",),
            "Set random seeds",
            "training entry point",
        ),
        Criterion(
            "logged",
            "Parameters are logged to a tracker with every run (ET210).",
            "auto",
            _follows_rule,
            ("ET210",),
            "Log hyperparameters with every run",
            "training entry point",
        ),
        Criterion(
            "complete",
            "The whole configuration and the seed are logged, not a subset (ET211, ET212).",
            "auto",
            _c_params_complete,
            ("ET211", "ET212"),
            "Log the whole configuration including the seed",
            "training entry point",
        ),
        Criterion(
            "verified",
            "Enforced/verified: the configuration is typed and validated (ET202), or >=50% of stored runs record parameters and a seed.",
            "auto",
            _c_params_verified,
            ("ET202",),
            "Validate the configuration with a schema",
            "config module",
        ),
    ),
    "result_persistence": (
        Criterion(
            "recorded",
            "Results are recorded somewhere other than the terminal: any tracker or results files (ET101).",
            "hand",
            _follows_rule,
            ("ET101",),
            "Record results with an experiment tracker",
            "training entry point",
        ),
        Criterion(
            "stepwise",
            "Training metrics are logged per step/epoch (ET301).",
            "auto",
            _follows_rule,
            ("ET301",),
            "Log training metrics per step",
            "training loop",
        ),
        Criterion(
            "eval",
            "Evaluation metrics are computed and recorded (ET302).",
            "auto",
            _follows_rule,
            ("ET302",),
            "Log evaluation metrics to the tracker",
            "evaluation code",
        ),
        Criterion(
            "models",
            "Models/checkpoints are saved with best-model selection or logged to the tracker/registry (ET310).",
            "auto",
            _c_models,
            ("ET310",),
            "Save checkpoints with best-model selection",
            "training entry point",
        ),
        Criterion(
            "shared",
            "Artifacts (plots, predictions) are stored with runs in a shared store or registry (ET311 + ET601/ET520).",
            "auto",
            _c_artifacts_shared,
            ("ET311", "ET601"),
            "Store plots and predictions as run artifacts on a shared server",
            "training entry point",
        ),
    ),
    "documentation": (
        Criterion(
            "readme",
            "A README explains setup and how to run/reproduce (ET604).",
            "hand",
            _follows_rule,
            ("ET604",),
            "Write setup and reproduce instructions",
            "README.md",
        ),
        Criterion(
            "named",
            "Runs are named and tagged for search (ET110/ET111) or identified by pipeline stages.",
            "hand",
            _c_named,
            ("ET110", "ET111"),
            "Name and tag runs",
            "training entry point",
        ),
        Criterion(
            "conclusions",
            "Experiment purposes and conclusions are recorded (ET602).",
            "hand",
            _follows_rule,
            ("ET602",),
            "Record experiment conclusions",
            "EXPERIMENTS.md",
        ),
        Criterion(
            "model_card",
            "Models have a model card / data a datasheet (ET610).",
            "hand",
            _follows_rule,
            ("ET610",),
            "Write a model card",
            "MODEL_CARD.md",
        ),
        Criterion(
            "hardware_license",
            "Hardware is documented or logged (ET413) and a LICENSE is present.",
            "hand",
            _c_hardware_license,
            ("ET413", "ET613"),
            "Document hardware and add a LICENSE",
            "README.md",
            "```markdown\n## Hardware\nTrained on 1x NVIDIA A100 40GB, CUDA 12.1, driver 535; ~2 h per run.\n```",
        ),
    ),
}


# Criterion snippets for stacks other than the MLflow default.
STACK_SNIPPETS = {
    (
        "commit_verified",
        "wandb",
    ): "```python\nrun = wandb.init(project=..., config=cfg, save_code=True)  # commit, diff and code\n```",
    (
        "commit_verified",
        "dvc",
    ): "```bash\ndvc exp run   # every experiment is a git commit with its params and metrics\n```",
    (
        "commit_verified",
        "neptune",
    ): '```python\nrun = neptune.init_run(source_files=["src/**/*.py"])  # git ref + code snapshot\n```',
}


def compute_scorecard(ctx, findings: list[Finding], profile: str | None = None) -> Scorecard:
    v = _View(ctx, findings)
    dims = []
    for name, label in DIMENSIONS:
        d = Dimension(name, label, 0)
        for c in CRITERIA[name]:
            met, reason = c.check(v, c.rules[0]) if c.check is _follows_rule else c.check(v)
            if met:
                d.score += 1
                d.met.append(c.key)
                d.reasons.append(f"+1 {reason}")
            else:
                d.missing.append(c.key)
                d.reasons.append(f"+0 {reason}")
        dims.append(d)
    sc = Scorecard(dims, profile=profile or _profile(ctx))
    sc.checklists = checklists(ctx, v)
    return sc


def _profile(ctx) -> str:
    prof = getattr(ctx, "profile", None)
    if prof in PROFILES:
        return prof
    try:
        from .project_config import load_from_index

        cfg = load_from_index(ctx.index)
        return cfg.profile if cfg and cfg.profile else "research"
    except Exception:  # noqa: BLE001 - a bad project config is reported by the CLI, not here
        return "research"


# --------------------------------------------------------------------------------------------
# Summary table
# --------------------------------------------------------------------------------------------

AREAS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "Parameter Management",
        ("ET201", "ET202", "ET203", "ET204", "ET210", "ET211", "ET212", "ET213", "ET220", "ET221", "ET222"),
    ),
    ("Metric Logging", ("ET101", "ET102", "ET301", "ET302", "ET303", "ET310", "ET311", "ET320", "ET321")),
    ("Data Versioning", ("ET120", "ET121", "ET122", "ET123")),
    ("Code-Data Linkage", ("ET420", "ET421", "ET422")),
    ("Environment Capture", ("ET401", "ET402", "ET403", "ET404", "ET410", "ET411", "ET412", "ET413")),
    ("Pipeline Architecture", ("ET501", "ET502", "ET503", "ET510", "ET511")),
    ("Model Registry", ("ET520", "ET521", "ET522")),
    (
        "Collaboration",
        ("ET110", "ET111", "ET601", "ET602", "ET603", "ET604", "ET610", "ET611", "ET612", "ET613", "ET614"),
    ),
)
CRITICAL = {
    "research": {"Parameter Management", "Data Versioning", "Code-Data Linkage", "Environment Capture"},
    "production": {
        "Parameter Management",
        "Data Versioning",
        "Code-Data Linkage",
        "Environment Capture",
        "Model Registry",
        "Pipeline Architecture",
    },
}
AREA_OF = {rid: area for area, rids in AREAS for rid in rids}


def area_priority(area: str, status: str, profile: str) -> str:
    critical = area in CRITICAL.get(profile, CRITICAL["research"])
    if status == FAIL:
        return "P1" if critical else "P2"
    if status == WARN:
        return "P2" if critical else "P3"
    return "P4"


def summary_table(ctx, findings: list[Finding], scorecard: Scorecard | None = None) -> list[dict]:
    profile = scorecard.profile if scorecard is not None else _profile(ctx)
    by_area: dict[str, list[Finding]] = {}
    for f in findings:
        area = AREA_OF.get(f.rule_id)
        if area:
            by_area.setdefault(area, []).append(f)
    rows = []
    for area, _ in AREAS:
        fs = by_area.get(area, [])
        if not fs:
            rows.append(
                {
                    "area": area,
                    "status": WARN,
                    "priority": "P4",
                    "rules": [],
                    "note": "nothing to assess: no rule applied",
                }
            )
            continue
        status = min((f.status for f in fs), key=_rank)
        prio = area_priority(area, status, profile)
        if any(f.rule_id == "ET204" and f.status == FAIL for f in fs):
            prio = "P1"  # exposed credentials are always urgent
        rows.append(
            {
                "area": area,
                "status": status,
                "priority": prio,
                "rules": sorted({f.rule_id for f in fs if f.status != PASS}),
            }
        )
    return rows


# --------------------------------------------------------------------------------------------
# Recommendations
# --------------------------------------------------------------------------------------------

_CODE_BLOCK = re.compile(r"```[\w-]*\n.*?```", re.S)


def _snippet(text: str) -> str:
    m = _CODE_BLOCK.search(text or "")
    return m.group(0) if m else ""


def _first_line(text: str) -> str:
    """The first prose line of a fix (never a line of its code block)."""
    for ln in (text or "").strip().splitlines():
        if ln.startswith("```"):
            return ""
        if ln.strip():
            return ln.strip()
    return ""


def _target(v: _View, rule_ids, default: str) -> str:
    for rid in rule_ids:
        f = v.by_rule.get(rid)
        if f and f.status != PASS and f.evidence:
            return f.evidence[0].path
    if default in (
        "training entry point",
        "training loop",
        "evaluation code",
        "the split code",
        "data loading code",
        "config module",
    ):
        tr = v.ctx.taxonomy.training_entry_points
        if tr:
            return tr[0].path
        return "src/train.py"
    return default


def _stack(ctx) -> str:
    from .rules.phase2_parameters import stack_label

    return stack_label(ctx) or "no tracker"


def recommendations(
    ctx, findings: list[Finding], scorecard: Scorecard | None = None, limit: int = 15
) -> list[dict]:
    v = _View(ctx, findings)
    scorecard = scorecard or compute_scorecard(ctx, findings)
    profile = scorecard.profile
    items: dict[str, dict] = {}
    for dim in scorecard.dimensions:
        for c in CRITERIA[dim.name]:
            if c.key not in dim.missing:
                continue
            bad = [v.by_rule[r] for r in c.rules if r in v.by_rule and v.by_rule[r].status != PASS]
            key = bad[0].rule_id if bad else f"{dim.name}.{c.key}"
            item = items.get(key)
            if item is None:
                f = bad[0] if bad else None
                status = f.status if f else WARN
                area = AREA_OF.get(f.rule_id, "") if f else ""
                prio = area_priority(area, status, profile) if area else ("P2" if c.kind == "auto" else "P3")
                target = _target(v, c.rules, c.fix_target)
                fix = f.recommendation if f else ""
                action_line = _first_line(fix) if f else ""
                action = f"`{target}`: " + (action_line or c.fix_title) + f" (detected stack: {_stack(ctx)})"
                item = {
                    "priority": prio,
                    "title": c.fix_title if not f else _imperative(f.rule_id, c.fix_title),
                    "action": action,
                    "snippet": _snippet(fix) or STACK_SNIPPETS.get((c.key, _stack(ctx)), c.fix_snippet),
                    "points": 0,
                    "dimension": dim.name,
                    "dimension_label": dim.label,
                    "rule_ids": sorted(
                        {r for r in c.rules if r in v.by_rule} | ({f.rule_id} if f else set())
                    ),
                    "file": target,
                }
                items[key] = item
            item["points"] += 1
    # Failing findings that no criterion covers (secrets, unseeded estimators, ...) still get an item.
    covered = {r for it in items.values() for r in it["rule_ids"]}
    for f in sorted(findings, key=lambda f: (_rank(f.status), f.rule_id)):
        if f.status == PASS or f.rule_id in covered or f.rule_id in items:
            continue
        if (
            f.status == WARN
            and AREA_OF.get(f.rule_id) not in CRITICAL.get(profile, set())
            and f.rule_id != "ET204"
        ):
            continue
        area = AREA_OF.get(f.rule_id, "")
        prio = "P1" if f.rule_id == "ET204" else area_priority(area, f.status, profile)
        target = f.evidence[0].path if f.evidence else "(repository)"
        items[f.rule_id] = {
            "priority": prio,
            "title": _imperative(f.rule_id, f.title),
            "action": f"`{target}`: {_first_line(f.recommendation) or 'apply the fix below'}",
            "snippet": _snippet(f.recommendation),
            "points": 0,
            "dimension": "",
            "dimension_label": "",
            "rule_ids": [f.rule_id],
            "file": target,
        }
    out = sorted(
        items.values(), key=lambda it: (it["priority"], -it["points"], it["rule_ids"][:1], it["title"])
    )
    return out[:limit]


_TITLE_VERB = {
    "ET101": "Adopt an experiment tracker",
    "ET120": "Version the datasets",
    "ET121": "Seed the train/test split",
    "ET122": "Validate the data schema",
    "ET201": "Move hyperparameters into config files and a CLI",
    "ET202": "Validate the configuration with a typed schema",
    "ET204": "Remove and rotate hard-coded credentials",
    "ET210": "Log all hyperparameters with every run",
    "ET211": "Log the whole configuration, not a subset",
    "ET212": "Record the seed with every run",
    "ET213": "Log GPU, CUDA and library versions with every run",
    "ET301": "Log training metrics per step",
    "ET302": "Log evaluation metrics to the tracker",
    "ET310": "Save checkpoints with best-model selection",
    "ET311": "Store plots and predictions as run artifacts",
    "ET401": "Seed every framework",
    "ET402": "Pass random_state to randomised estimators",
    "ET403": "Enable deterministic GPU kernels",
    "ET404": "Seed DataLoader worker processes",
    "ET422": "Record code, data, params and environment for every run",
    "ET501": "Define the workflow as a pipeline",
    "ET511": "Add resume-from-checkpoint to training",
    "ET521": "Promote model versions with registry aliases",
    "ET611": "Track fairness metrics per group",
    "ET612": "Document personal-data handling",
    "ET613": "Add LICENSE and CODEOWNERS files",
    "ET614": "Define access control and retention for runs",
    "ET123": "Move large data files out of git",
    "ET410": "Pin dependencies with a lock file",
    "ET411": "Pin the Python version",
    "ET412": "Containerise the environment with a pinned base image",
    "ET413": "Document the training hardware",
    "ET420": "Record the git commit with every run",
    "ET421": "Record the dataset version with every run",
    "ET520": "Register models in a model registry",
    "ET601": "Share runs on a tracking server",
    "ET602": "Record experiment conclusions",
    "ET603": "Strip or pair notebooks for review",
    "ET604": "Write setup and reproduce instructions in the README",
    "ET610": "Write a model card",
}


def _imperative(rule_id: str, fallback: str) -> str:
    if rule_id in _TITLE_VERB:
        return _TITLE_VERB[rule_id]
    return (
        fallback
        if fallback.split(" ", 1)[0].lower() in _VERBS
        else "Fix: " + fallback[0].lower() + fallback[1:]
    )


_VERBS = {
    "add",
    "adopt",
    "log",
    "record",
    "pin",
    "seed",
    "save",
    "store",
    "move",
    "put",
    "document",
    "write",
    "version",
    "validate",
    "register",
    "share",
    "strip",
    "remove",
    "containerise",
    "declare",
    "set",
    "name",
    "fix",
}


# --------------------------------------------------------------------------------------------
# NeurIPS reproducibility checklist and Papers-with-Code completeness
# --------------------------------------------------------------------------------------------

NEURIPS = (
    (
        "training-details",
        "Training details: hyperparameters and how they were chosen",
        ("ET201", "ET210", "ET211", "ET220"),
    ),
    ("error-bars", "Error bars / statistical significance", ("ET321",)),
    ("compute", "Compute resources (hardware, memory, time)", ("ET303", "ET413")),
    ("code-data", "Code and data to reproduce the main results", ("ET420", "ET421", "ET120", "ET604")),
    ("splits", "Experimental setting: data splits", ("ET121",)),
    ("seeds-env", "Seeds and software environment", ("ET401", "ET410", "ET412")),
    ("licenses", "Licences of code, data and models", ("ET613",)),
    ("safeguards", "Safeguards: personal data, fairness, credentials", ("ET204", "ET611", "ET612")),
    ("new-assets", "New assets documented (model card, datasheet)", ("ET610",)),
)
PWC = (
    "Specification of dependencies",
    "Training code",
    "Evaluation code",
    "Pre-trained models",
    "README with results table and precise commands",
)
RULE_CHECKLISTS: dict[str, list[str]] = {}
for _key, _label, _rules in NEURIPS:
    for _r in _rules:
        RULE_CHECKLISTS.setdefault(_r, []).append(f"NeurIPS: {_label}")
for _r, _item in (
    ("ET410", PWC[0]),
    ("ET301", PWC[1]),
    ("ET302", PWC[2]),
    ("ET520", PWC[3]),
    ("ET310", PWC[3]),
    ("ET604", PWC[4]),
):
    RULE_CHECKLISTS.setdefault(_r, []).append(f"Papers with Code: {_item}")


def checklists(ctx, v: _View) -> dict:
    neurips = []
    for key, label, rules in NEURIPS:
        sts = [v.status(r) for r in rules if v.status(r)]
        status = min(sts, key=_rank) if sts else "N/A"
        neurips.append({"item": key, "label": label, "rules": list(rules), "status": status})
    tr = ctx.taxonomy.training_entry_points
    readme = next(
        (ctx.index.texts[p] for p in sorted(ctx.index.texts) if re.fullmatch(r"readme(\.\w+)?", p.lower())),
        "",
    )
    weights = re.search(
        r"(huggingface\.co/|zenodo\.org|download\w*\s.*(weights|checkpoint|model)|releases/download)",
        readme,
        re.I,
    )
    f302 = v.by_rule.get("ET302")
    pwc = [
        (
            PWC[0],
            v.status("ET410") is not None
            and not (v.status("ET410") == FAIL and "No dependency manifest" in v.by_rule["ET410"].message),
        ),
        (PWC[1], bool(tr)),
        (PWC[2], bool(f302 and "No evaluation metric" not in f302.message)),
        (PWC[3], bool(v.ok("ET520") or weights)),
        (PWC[4], bool(re.search(r"^\|.*\|\s*\n\|\s*:?-{3,}", readme, re.M)) and v.ok("ET604")),
    ]
    return {
        "neurips": neurips,
        "papers_with_code": {
            "items": [{"item": item, "met": met} for item, met in pwc],
            "tally": sum(1 for _, met in pwc if met),
        },
    }


def checklist_lines(scorecard: Scorecard) -> list[str]:
    """Compact Markdown for the report: the 5-item Papers-with-Code tally and NeurIPS items."""
    cl = scorecard.checklists or {}
    pwc = cl.get("papers_with_code") or {}
    out = []
    if pwc:
        marks = ", ".join(f"{'✔' if i['met'] else '✘'} {i['item']}" for i in pwc["items"])
        out.append(f"Papers-with-Code completeness: **{pwc['tally']}/5** — {marks}.")
    ne = cl.get("neurips") or []
    if ne:
        parts = [f"{n['label']} {n['status']} ({', '.join(n['rules'])})" for n in ne]
        out.append("")
        out.append("NeurIPS reproducibility checklist: " + "; ".join(parts) + ".")
    return out


def apply_profile(result, profile: str) -> None:
    """Recompute scorecard-derived outputs for a profile (the CLI's --profile)."""
    result.scorecard = compute_scorecard(result.ctx, result.findings, profile)
    result.summary = summary_table(result.ctx, result.findings, result.scorecard)
    result.recommendations = recommendations(result.ctx, result.findings, result.scorecard)
