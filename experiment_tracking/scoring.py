"""The 0-30 reproducibility scorecard, the 8-row summary table and the prioritized recommendations.

Each of the six dimensions has five criteria worth one point each (docs/scoring.md lists them).
Criteria 1-2 of a dimension are practices "done by hand and documented"; criteria 3-5 are
"automated and enforced" (a tool records it with every run, run stores on disk prove it, or a
pipeline/CI makes it impossible to skip). A criterion is decided from rule findings and the run
catalog, so every point given or withheld has a reason that cites a rule and its evidence.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from .model import FAIL, PASS, REVIEW, WARN, Finding

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


def score_bar(score: int, top: int = 5) -> str:
    """A dimension's score drawn as filled and empty blocks: 3 -> '███░░'."""
    n = max(0, min(top, int(score)))
    return "█" * n + "░" * (top - n)


@dataclass
class Dimension:
    name: str
    label: str
    score: int
    reasons: list[str] = field(default_factory=list)
    next: str = ""  # what the next rubric level needs
    rules: tuple = ()  # rules whose fixes lead there
    review: str = ""  # an open question whose answer could change the level
    snippet: str = ""  # the fix for the next level when no rule's fix is it (a CI workflow)
    review_points: int = 0  # how far the answer could move the level, when more than one


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
            "review": {d.name: d.review for d in self.dimensions if d.review},
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


def _rank(status: str) -> int:
    # An open question weighs like a warning: the area needs a look before it can pass.
    return {FAIL: 0, WARN: 1, REVIEW: 1, PASS: 2}.get(status, 3)


# What a training program in another language may record itself, by the dimension it decides
_CODE_RECORDS = {
    "parameter_logging": "its resolved options",
    "result_persistence": "its metrics and checkpoints",
}


def compute_scorecard(ctx, findings: list[Finding], profile: str | None = None) -> Scorecard:
    """Each dimension at the highest rubric level its evidence reaches (rubric.py)."""
    from .rubric import LEVELS, RUBRIC

    v = _View(ctx, findings)
    dims = []
    for name, label in DIMENSIONS:
        lv = LEVELS[name](ctx, v)
        d = Dimension(name, label, lv.score)
        d.reasons = [f"level {lv.score} ({lv.name or RUBRIC[name][lv.score]}): " + "; ".join(lv.reasons)]
        if lv.score < 5:
            d.reasons.append(f"next, level {lv.score + 1} ({RUBRIC[name][lv.score + 1]}): needs {lv.next}")
        d.next = lv.next
        d.rules = tuple(lv.rules)
        d.review = lv.review
        d.snippet = lv.snippet
        if not d.review and d.score < 4 and name in _CODE_RECORDS:
            from .rules.facts import foreign_training, unread_framework

            foreign = foreign_training(ctx)
            unread = unread_framework(ctx)
            if foreign is not None:
                lang, paths = foreign
                d.review = (
                    f"The training code is {lang} ({', '.join(paths[:3])}), which this audit does not read: "
                    f"does {paths[0]} record {_CODE_RECORDS[name]} with every run, and where?"
                )
                # unread code may keep a whole hand-written run record: up to level 4
                d.review_points = max(1, 4 - d.score)
                # what the level rests on is the code read, not the Lua training code: say so, instead
                # of "results are only printed" about files never opened
                d.reasons[0] = (
                    f"level {d.score} ({RUBRIC[name][d.score]}): in the Python and configuration files read, "
                    + "; ".join(lv.reasons)
                    + f"; the {lang} training code ({', '.join(paths[:2])}) is not read, so what it records is open"
                )
            elif unread is not None:
                d.review = (
                    f"The training runs through {unread.package} ({unread.imp.where()}), {unread.place}: does it "
                    f"record {_CODE_RECORDS[name]} with every run, and where?"
                )
                d.review_points = max(1, 4 - d.score)
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
        status = WARN if status == REVIEW else status  # the summary table speaks PASS/WARN/FAIL
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


def _concrete_line(text: str) -> str:
    """The fix's first prose line when it names something to do: not the note that the rule's usual
    example does not fit this project."""
    line = _first_line(text)
    return "" if line.startswith("(Do this with") else line


# Fixes that belong where a run starts (seeding, determinism, recording the commit, seed or environment):
# placed in the training entry point, never in the optimiser or logger module that happened to be cited.
_RUN_START = frozenset({"ET210", "ET212", "ET213", "ET401", "ET403", "ET420", "ET421", "ET422"})
# Fixes to the repository as a whole (a pin file, an image, the README): no Python module is their place.
_REPOSITORY_WIDE = frozenset({"ET411", "ET412", "ET413", "ET601", "ET604", "ET610", "ET613", "ET614"})


_NONDETERMINISTIC_SETTING = re.compile(
    r"benchmark\s*=\s*True|deterministic\s*=\s*False|use_deterministic_algorithms\(False"
)
_GPU_FRAMEWORKS = frozenset({"torch", "tensorflow", "jax", "keras", "lightning", "pytorch_lightning", "flax"})


_LAUNCHES = re.compile(r"launches training in ([^\s,]+)")


def run_start(entry) -> str:
    """Where a run starts, for a fix: the entry point's file, or, for a package's command dispatcher
    (``litgpt/__main__.py`` handing ``litgpt pretrain`` to litgpt/pretrain.py), the module it hands the run
    to, which parses the options and writes the record."""
    m = _LAUNCHES.search(entry.detail) if entry.path.endswith("__main__.py") else None
    return m.group(1) if m else entry.path


_ONLY_SOME = re.compile(r"\bonly \d+ of \d+ training scripts")


_FRAMEWORK_CALL = re.compile(r"(?<![\w.])(torch|tf|tensorflow|jax|keras|flax)\.\w")


def _speaking(ctx, entries: list[str], fix: str) -> list[str]:
    """The entry points whose code imports the frameworks the fix's snippet calls, first: a torch
    seed goes into the torch notebook, not the JAX one beside it."""
    wanted = {
        "tensorflow" if n == "tf" else n for n in _FRAMEWORK_CALL.findall("".join(fix.split("```")[1::2]))
    }
    if not wanted:
        return entries
    modules = ctx.index.modules

    def missing(path):
        m = modules.get(path)
        roots = {i.module.split(".", 1)[0] for i in m.imports} if m is not None else set()
        return len(wanted - roots)

    return sorted(entries, key=missing)  # stable: the entry points' order among equals


_CONTEXT_DETAIL = re.compile(r"^(seeds\b|seed set\b|seeded\b)", re.I)


def fix_site(ctx, f: Finding) -> str:
    """The file a finding's fix goes in: its evidence on the main training path first (the entry point,
    then a module it imports), the training entry point for a run-start fix cited elsewhere, the
    repository for a repository-wide fix cited in code."""
    # evidence that shows what is already done (`seeds torch` beside the unseeded DataLoaders) is context:
    # the fix goes where the gap is
    gaps = [e.path for e in f.evidence if not _CONTEXT_DETAIL.match(e.detail)]
    paths = gaps or [e.path for e in f.evidence]
    from .records import run_dir_expr, run_dir_site

    site = run_dir_site(ctx)
    folder = run_dir_expr(ctx)
    # os.path.join(os.path.join(opt.dir, opt.name), 'x') is written as one join: os.path.join(opt.dir, opt.name, 'x')
    inner = folder[:-1] + ", " if folder.startswith("os.path.join(") else None
    if site and (
        f"os.path.join({folder}," in (f.recommendation or "")
        or (inner is not None and inner in (f.recommendation or ""))
    ):
        # The fix writes into a directory held by a variable of one file (the writer made in train()):
        # only there does the name exist.
        return site
    if f.rule_id in _REPOSITORY_WIDE:
        if not paths or paths[0].endswith((".py", ".ipynb")):
            return "(repository)"
        return paths[0]
    from .fixes import training_paths

    entries = [run_start(e) for e in ctx.taxonomy.training_entry_points]
    cited = [p for p in entries if p in paths]  # in the entry points' order: the main one first
    if f.rule_id == "ET403":
        # cudnn.benchmark = True set in train_dist.py: the line to change is there, not in another script
        explicit = [e.path for e in f.evidence if _NONDETERMINISTIC_SETTING.search(e.detail)]
        if explicit:
            return explicit[0]
    if f.rule_id == "ET403" and entries:
        # GPU kernels: the first entry point that runs a deep-learning framework (not an XGBoost script)
        modules = ctx.index.modules
        gpu = [
            p
            for p in entries
            if p in modules and any(i.module.split(".", 1)[0] in _GPU_FRAMEWORKS for i in modules[p].imports)
        ]
        entries = gpu or entries
    if f.rule_id in _RUN_START and entries:
        entries = _speaking(ctx, entries, f.recommendation or "")
        if _ONLY_SOME.search(f.message):
            # "Seeds are set in only 2 of 4 training scripts": the fix goes where it is missing, and the
            # evidence names those scripts beside the covered ones' settings (the main one may be covered)
            lacking = [p for p in entries if any(e.path == p and "training" in e.detail for e in f.evidence)]
            if lacking:
                return lacking[0]
        # The main script, whichever file the evidence cites first (an `import torch` in a variant script,
        # or a self-test under `if __name__ == "__main__"` in an optimiser module, also an entry point).
        return entries[0]
    if cited:
        return cited[0]
    main = training_paths(ctx)
    return next((p for p in paths if p in main), paths[0] if paths else "(repository)")


def _target(v: _View, rule_ids, default: str) -> str:
    for rid in rule_ids:
        f = v.by_rule.get(rid)
        if f and f.status != PASS and f.evidence:
            return fix_site(v.ctx, f)
    if default in (
        "training entry point",
        "training loop",
        "evaluation code",
        "the split code",
        "data loading code",
        "config module",
    ):
        from .rules.facts import facts

        # a project that trains nothing (a probe of pretrained models) runs its entry points, those its
        # README names first
        readme = " ".join(t for p, t in facts(v.ctx).docs.items() if p.lower().startswith("readme"))
        named = sorted(
            v.ctx.taxonomy.entry_points,
            key=lambda e: (readme.find(e.path.rsplit("/", 1)[-1]) % (len(readme) + 1), e.path),
        )
        tr = v.ctx.taxonomy.training_entry_points or facts(v.ctx).training or named
        if tr:
            return run_start(tr[0])
        # Never a made-up path: say what is missing instead of citing a file that does not exist.
        return "(no training entry point found)"
    return default


# Next levels that are about the repository as a whole (a docs site, CI, tagged releases, a lock file): no
# training script is their place when no finding cites one.
_DIMENSION_SITE = {
    "documentation": "(repository)",
    "code_versioning": "(repository)",
    "environment_capture": "(repository)",
}


def _readme(ctx) -> str:
    return next((p for p in sorted(ctx.index.texts) if re.fullmatch(r"readme(\.\w+)?", p.lower())), "")


def _stack(ctx) -> str:
    from .rules.facts import stack_label

    return stack_label(ctx) or "no tracker"


def recommendations(
    ctx, findings: list[Finding], scorecard: Scorecard | None = None, limit: int = 8
) -> list[dict]:
    from .rubric import RUBRIC

    v = _View(ctx, findings)
    scorecard = scorecard or compute_scorecard(ctx, findings)
    profile = scorecard.profile
    items: dict[str, dict] = {}
    # One item per dimension below 5: what its next rubric level needs, fixed in the file a finding names.
    # A model card documents models the project publishes; a framework or a paper release without weights
    # gets no model-card item (its rubric level stays in the scorecard).
    no_weights = released_weights(ctx) is None and profile != "production"
    from .rules.facts import research_release

    release = research_release(ctx) is not None
    for dim in scorecard.dimensions:
        if dim.score >= 5 or not dim.next:
            continue
        if no_weights and dim.name == "documentation" and "model card" in dim.next:
            continue
        if dim.name == "documentation" and dim.score >= 3 and release:
            # a paper's code release with a good README: a docs site is not what its readers lack
            continue
        bad = [v.by_rule[r] for r in dim.rules if r in v.by_rule and v.by_rule[r].status != PASS]
        f = bad[0] if bad else None
        status = f.status if f else WARN
        area = AREA_OF.get(f.rule_id, "") if f else ""
        prio = area_priority(area, status, profile) if area else "P3"
        target = _target(v, dim.rules, _DIMENSION_SITE.get(dim.name, "training entry point"))
        # a page of documentation to write (a Data section of a weights release) goes in the README
        prose = dim.name == "documentation" or dim.snippet.startswith("```markdown")
        # ... as it does where nothing trains (the fix's file is then an entry point that runs no training)
        untrained = not ctx.taxonomy.training_entry_points
        if prose and (target in ("(repository)", "(no training entry point found)") or untrained):
            target = _readme(ctx) or target
        fix = f.recommendation if f else ""
        key = f.rule_id if f else f"{dim.name}.next"
        if key in items:
            items[key]["points"] += 1
            continue
        snippet = dim.snippet or _snippet(fix)
        how = _concrete_line(fix)
        if how and re.sub(r"\W", "", how.lower())[:24] in re.sub(r"\W", "", dim.next.lower()):
            how = ""  # the next level's own words already say it
        if not snippet and not how and dim.name != "documentation":  # a page to write is its own action
            # Only the rubric's wording of a next level, with no change named in this project: the
            # scorecard already states it, and a recommendation says what to change, and where.
            continue
        items[key] = {
            "priority": prio,
            "title": f"Improve {dim.label} to level {dim.score + 1}: {RUBRIC[dim.name][dim.score + 1]}",
            "action": f"`{target}`: {dim.next}" + (f". {how}" if how and not snippet else ""),
            "snippet": snippet,
            "points": 1,
            "dimension": dim.name,
            "dimension_label": dim.label,
            "rule_ids": sorted({r for r in dim.rules if r in v.by_rule} | ({f.rule_id} if f else set())),
            "file": target,
        }
    # Failing findings that no dimension step covers (secrets, unseeded estimators, ...) still get an item.
    covered = {r for it in items.values() for r in it["rule_ids"]}
    for f in sorted(findings, key=lambda f: (_rank(f.status), f.rule_id)):
        if f.status == PASS or f.rule_id in covered or f.rule_id in items:
            continue
        if not _snippet(f.recommendation) and not _concrete_line(f.recommendation):
            continue  # nothing to change is named: the finding itself says what is missing
        if f.rule_id == "ET610" and no_weights:
            continue
        seeds = v.by_rule.get("ET401")
        if f.rule_id == "ET212" and seeds is not None and seeds.message.startswith("No random seed is set"):
            continue  # nothing is seeded yet: seeding (ET401) comes first, and it names the value to record
        exposed = f.rule_id == "ET204" and f.status == FAIL  # a credential, always urgent
        if f.status == WARN and AREA_OF.get(f.rule_id) not in CRITICAL.get(profile, set()) and not exposed:
            continue
        area = AREA_OF.get(f.rule_id, "")
        prio = "P1" if exposed else area_priority(area, f.status, profile)
        target = fix_site(ctx, f)
        items[f.rule_id] = {
            "priority": prio,
            "title": _imperative(f.rule_id, f.title, f.message),
            "action": f"`{target}`: "
            + (
                _first_line(f.recommendation)
                or ("apply the fix below" if _snippet(f.recommendation) else f.message)
            ),
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
    from .rules.facts import teaching_material

    if teaching_material(ctx) is not None:
        # lessons each reader re-runs cell by cell: no run of theirs is an experiment to record (run folders,
        # parameter files, metric streams, a tracker); pins, data checksums and tags still fit
        out = [
            it
            for it in out
            if it["dimension"] not in _RUN_RECORD_DIMENSIONS
            and not _PER_RUN_SNIPPET.search(it["snippet"] or "")
            and not (it["rule_ids"] and set(it["rule_ids"]) <= _RUN_RECORD_RULES)
        ]
    return _one_run_record(out)[:limit]


_RUN_RECORD_DIMENSIONS = frozenset({"parameter_logging", "result_persistence"})
_RUN_RECORD_RULES = frozenset({"ET101", "ET210", "ET211", "ET212", "ET213", "ET301", "ET420", "ET421"})
_PER_RUN_SNIPPET = re.compile(r"\brun_dir\b|mlflow\.|wandb\.init|os\.path\.join\('runs'")


_WRITES_INTO_RUN_DIR = re.compile(r"os\.path\.join\(run_dir, '([\w.]+)'\)")
_DUMPS_OPTIONS = re.compile(r"json\.dump\(vars\((\w+)\)")


def _one_run_record(items: list[dict]) -> list[dict]:
    """Fixes that each write into a run directory the code does not have yet make it once, in the first of
    them; a fix that only repeats what the others already write (the seed of an options object they dump
    whole, a hand-made tracker of the parameters and metrics they record) is left out."""
    from .records import NEW_RUN_DIR

    others = [it["snippet"] or "" for it in items if it["rule_ids"] not in (["ET101"], ["ET212"])]
    dumped = {m.group(1) for s in others for m in _DUMPS_OPTIONS.finditer(s)}
    written = {m.group(1) for s in others for m in _WRITES_INTO_RUN_DIR.finditer(s)}
    out, made = [], 0
    for it in items:
        snip = it["snippet"] or ""
        if it["rule_ids"] == ["ET212"] and any(f"'seed': {o}.seed" in snip for o in dumped):
            continue  # the seed is one of the options the parameters' record already holds
        if (
            it["rule_ids"] == ["ET101"]
            and "config.json" in snip
            and "metrics.jsonl" in written
            and any(n.startswith(("args", "config", "flags", "settings")) for n in written - {"config.json"})
        ):
            continue  # the run's options and metrics are already written by the items above
        if NEW_RUN_DIR in snip:
            if made:
                snip = snip.replace(
                    NEW_RUN_DIR, f"# run_dir: the directory made per run in recommendation {made}\n"
                )
                it = {**it, "snippet": snip}
            else:
                made = len(out) + 1
        out.append(it)
    return out


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


def _imperative(rule_id: str, fallback: str, message: str = "") -> str:
    missing = re.match(r"No (.+?) files?\.", message or "")
    if rule_id == "ET213" and (message or "").startswith("No Python or library-version"):
        return "Log the Python and library versions with every run"  # CPU-only code has no GPU to name
    if rule_id == "ET204" and "view token" in (message or "") and message.startswith("No credentials"):
        return "Drop the expired view tokens from raw-file links"
    if rule_id == "ET613" and missing:
        return f"Add a {missing.group(1)} file"  # name only what is missing, never a LICENSE that exists
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
    # (open access to code and data with instructions: whether each run records its commit and data digest,
    # ET420/ET421, is the linkage the scorecard grades, not whether the code and data are released)
    ("code-data", "Code and data to reproduce the main results", ("ET120", "ET604")),
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


# Where trained weights are published: model hubs, archives, release assets, cloud buckets, or a link
# to a checkpoint file; and prose that offers pretrained models with a link.
_WEIGHT_LINK = re.compile(
    # huggingface.co/<org>/<model>: a model repository (not the datasets, docs or library pages)
    r"(huggingface\.co/(?!(datasets|docs|transformers|blog|spaces|course|papers|learn|models)\b)[\w-]+/[\w.-]+|"
    r"download\.pytorch\.org/models|torch\.hub\.load|"
    r"https?://\S+\.(pth|pt|ckpt|h5|safetensors)\b)\S*",
    re.I,
)
# Hosts that serve data as often as weights: a link there offers weights only when its line or the
# lines around it speak of models (a dataset tarball on storage.googleapis.com is not a release).
_SHARED_HOST = re.compile(
    r"(zenodo\.org|releases/download|github\.com/[\w.-]+/[\w.-]+/releases\b|dl\.fbaipublicfiles\.com|storage\.googleapis\.com|gs://|"
    r"drive\.google\.com|dropbox\.com|onedrive|https?://\S+\.(pkl|npz|tar\.gz|zip)\b)",
    re.I,
)
# A download command fetching a weight file: by its suffix, or from a pretrained/checkpoint folder.
_WEIGHT_FETCH = re.compile(
    r"^[^#\n]*\b(?:wget|curl|gsutil\s+(?:-m\s+)?cp|download)\b[^\n]*?(?:"
    r"\S+\.(?:weights|pth|pt|ckpt|h5|safetensors|conv\.\d+|caffemodel|pb|tflite|onnx)\b|"
    r"\S*(?:pretrained|checkpoints?|model)/\S*(?:checkpoint|model\.ckpt\S*|\.index|\.meta)\b|"
    # an archive named for what it holds (ckpts/svhn/teacher_ckpt.tar.gz)
    r"[^\s/]*(?:ckpts?|checkpoints?|weights|pre-?trained)[\w.-]*\.(?:tar\.gz|tgz|tar|zip)\b)",
    re.I | re.M,
)
# A line about a model the project builds on (a guidance or base model users must get access to)
_USES_OTHERS_MODEL = re.compile(
    r"\b(accept\w*\s+the\s+licen[cs]e|log\s*in(to)?\b|sign(ing)?\s+a\s+licen[cs]e|access\s+token|"
    r"requires?\s+(you|signing|access))",
    re.I,
)
_OWN_RELEASE = re.compile(r"\b(our|we\s+(release|provide|share|publish))\b", re.I)
_WEIGHTS_SCRIPT = re.compile(
    r"(^|/)(download|get|fetch)[_-]?(pre-?trained[_-]?)?(models?|weights|checkpoints?|ckpts?|pretrained)\.(sh|bash)$",
    re.I,
)
_WEIGHTS_CONSTANT = re.compile(
    r"(PRETRAINED|WEIGHTS?|CHECKPOINTS?|CKPT|MODELS?)_?\w*(URL|URLS|LINK|LINKS)$", re.I
)
# Trained models committed in a folder kept for them (zoo/, pretrained/, trained_models/).
_SHIPPED_MODEL = re.compile(
    r"(^|/)(zoo|model_zoo|pretrained(_models)?|trained_models)/[^/]+\.(json|npz|npy|pth|pt|h5|pkl|ckpt|zip)$",
    re.I,
)
# Files that hold trained weights (an archive of them, or a framework's checkpoint format)
_WEIGHT_SUFFIXES = (".zip", ".tar.gz", ".tgz", ".pth", ".pt", ".ckpt", ".onnx", ".h5", ".pth.tar")
_MODEL_WORDS = re.compile(r"\b(models?|weights|checkpoints?|ckpts?|pre-?trained|snapshots?)\b", re.I)
_NAMED_WEIGHTS = re.compile(
    r"\b(weights?\s+files?|model\s+weights|trained\s+weights|checkpoint\s+files?)\b", re.I
)
_DATA_WORDS = re.compile(r"\b(data(set)?s?|corpus|annotations?|images|benchmark data)\b", re.I)
_BASE_MODEL = re.compile(
    r"\bbase\s+(model|checkpoint|weights)\b|\bstarts?\s+from\b|\binitiali[sz](e|ed)\s+from\b|\bfine-?tun",
    re.I,
)
# a sentence offering the project's trained model behind a link, whatever the host
_TRAINED_MODEL_LINK = re.compile(
    r"\b(download|get|find)\b[^\n]{0,40}\b(the|our)\s+(trained|final|released)\s+(models?|weights|checkpoints?)\b"
    r"[^\n]{0,60}\]\(https?://",
    re.I,
)
# instructions that place downloaded weights where the training reads them: an input, not a release
_INPUT_WEIGHTS = re.compile(
    r"\bconvert\s+(it|them|the\s+\w+)\b|\b(put|place|move|save)\s+(it|them|the\s+(converted\s+)?\w+(\s+\w+)?)\s+"
    r"(under|in|into|to)\b",
    re.I,
)
_WEIGHT_PROSE = re.compile(
    # "### Weight-tied Layers", "Weight decay": the word names a technique, not files of weights
    # "# dvc-checkpoints-mnist": a word inside a project's hyphenated name is not a section on weights
    r"^(#+|\*\*).*(?<![-_./])\b(pre-?trained|model\s+zoo|checkpoints(?![-_]\w)|model\s+list|released\s+models|"
    # "## Weights and Biases Online Visualization": the tracker's name
    r"weights?(\s+files?)?(?![-\w]|\s+(tying|tied|decay|sharing|init\w*|norm\w*|standardi\w*|averag\w*|and\s+biases|&\s+biases))|download)|"
    r"\b(we|our)\s+(also\s+)?(provide|release|share|publish)\w*\s+(\w+\W+){0,3}(models?|weights|checkpoints?)|"
    # "We also have pretrained checkpoints for these two configurations: [CTX](...)"
    # ... not the verb: "we have pretrained models on ImageNet for 100 epochs"
    r"\bwe\s+(also\s+)?have\s+(released\s+)?pre-?trained\s+(models?|weights|checkpoints?)\b(?!\s+on\b)",
    re.I | re.M,
)


# Where trained weights are downloaded from: file hosts, release assets, weight files
_WEIGHT_HOST = re.compile(
    r"(drive\.google|dropbox|huggingface\.co/(?!datasets\b|docs\b)|/releases/download/|pan\.baidu|onedrive|1drv\.ms|"
    r"zenodo|figshare|s3[.-][\w.-]*amazonaws|storage\.googleapis|\.(pth|pt|ckpt|h5|pkl|bin|safetensors|zip|tar|tgz|npz)\b)",
    re.I,
)


_RELEASED_ITEM = re.compile(
    r"\bpre-?trained\s+(models?|weights|checkpoints?)\b|\b(model\s+weights|checkpoints)\b", re.I
)


def _items_after(text: str, pos: int) -> list[str]:
    """The list items right after the line holding ``pos`` (at most 10): what a link's sentence lists."""
    items = []
    for line in text[text.find("\n", pos) + 1 :].splitlines()[:10]:
        if not re.match(r"\s*([-*+]|\d+[.)])\s", line):
            break
        items.append(line)
    return items


def _evidence_at(path: str, text: str, pos: int, what: str):
    from .model import Evidence

    return Evidence(path, text.count("\n", 0, pos) + 1, what)


def released_weights(ctx):
    """Where the README or the docs offer trained weights (an Evidence, or None): a prose offer of
    pretrained models/checkpoints with a link near it, or a link to a hub, archive, release page or
    checkpoint file."""
    for offer in _weight_offers(ctx):
        if not _needed_input(ctx, offer):
            return offer
    return None


# "You will also need at least 1 VQGAN pretrained model", "you need to download some pretrained checkpoints":
# weights the reader must fetch to run the code are its inputs (someone else's model), not a release
_NEEDED_WEIGHTS = re.compile(
    r"\b(you|users?)\s+(will\s+)?(also\s+)?(need|have)\s+to\s+download\b"
    r"|\b(you|users?)\s+(will\s+)?(also\s+)?need\b[^.\n]{0,60}\b(pre-?trained|checkpoints?|weights)\b",
    re.I,
)


# The authors' own release in a window of prose ("our code", "our paper" near a download say nothing of it)
_OWN_WEIGHTS = re.compile(
    r"\bwe\s+(release|provide|share|publish)|\bour\s+(pre-?trained\s+)?(models?|checkpoints?|weights)\b|"
    # "We train all components from scratch on 115M image-text pairs": the weights offered are theirs
    r"\bwe\s+(?:have\s+)?train(?:ed)?\s+(?:all|every|the|our|each)\b[^.\n]{0,40}\bfrom\s+scratch\b",
    re.I,
)


# "the SAM ViT-H checkpoint released by Meta", "weights provided by the original authors": someone else's model
_THIRD_PARTY = re.compile(
    r"(?i)\b(released|provided|published|trained|shared|made available)\s+by\b|\b(original|official)\s+(authors|repo\w*)\b"
)


def own_released_weights(ctx):
    """The first offer of trained weights (released_weights) when its section does not name them as someone
    else's (released by Meta, from the original authors) unless it also says the authors release theirs; else
    None."""
    offer = released_weights(ctx)
    if offer is None:
        return None
    window = _section_around(ctx.index.texts.get(offer.path), offer.line)
    return offer if not _THIRD_PARTY.search(window) or _OWN_WEIGHTS.search(window) else None


def _section_around(text, line: int) -> str:
    """A line's section of a document: up to 15 lines above it (from its heading) and 6 below, to the next
    heading."""
    if not text or not line:
        return ""
    every = text.splitlines()
    before = every[max(0, line - 16) : line]
    heads = [i for i, row in enumerate(before) if row.startswith("#")]
    after = []
    for row in every[line : line + 6]:
        if row.startswith("#"):
            break
        after.append(row)
    return "\n".join((before[heads[-1] :] if heads else before) + after)


def _needed_input(ctx, offer) -> bool:
    """The text around an offer of weights (its section, at most 15 lines up and 6 down) says the reader needs
    them to run the code, and never that the authors release them."""
    text, line = ctx.index.texts.get(offer.path), offer.line
    if offer.path.endswith((".sh", ".bash")):
        # a download script: what the README says where it sends the reader to that script
        readme = _readme(ctx)
        said = ctx.index.texts.get(readme, "") if readme else ""
        at = said.find(offer.path.rsplit("/", 1)[-1])
        text, line = (said, said.count("\n", 0, at) + 1) if at >= 0 else (None, 0)
    window = _section_around(text, line)
    if not window:
        return False
    return bool(_NEEDED_WEIGHTS.search(window)) and not _OWN_WEIGHTS.search(window)


def _weight_offers(ctx):
    """Each place the README, the docs or the project's scripts offer trained weights, first found first."""
    readme = _readme(ctx)
    docs = [
        p
        for p in sorted(ctx.index.texts)
        if p.lower().endswith(".md") and re.search(r"(model[-_]?zoo|pretrain|checkpoint|docs/)", p, re.I)
    ][:5]
    # ... and the guides the README sends its reader to ("check out the [user manual page](USAGE.md)")
    said = ctx.index.texts.get(readme, "") if readme else ""
    folder = readme.rsplit("/", 1)[0] + "/" if readme and "/" in readme else ""
    docs += [
        q
        for link in re.findall(r"\]\((?!https?:)\.?/?([\w./-]+\.md)\)", said)
        if (q := folder + link) in ctx.index.texts and q not in docs and q != readme
    ][:3]
    for path in ([readme] if readme else []) + docs:
        text = ctx.index.texts[path]
        at = functools.partial(_evidence_at, path, text)
        for m in _WEIGHT_PROSE.finditer(text):
            line = text[m.start() : (text.find("\n", m.start()) + 1 or len(text))]
            if line.startswith("**") and len(line[2:].split("**", 1)[0]) > 80:
                continue  # a bold paragraph (advice on fetching someone else's model), not a bold heading
            # "## Download datasets": a download heading offers weights only when it names them
            if re.search(r"download", m.group(0), re.I) and not re.search(
                r"pre-?trained|model\s+zoo|checkpoints|model\s+list|released\s+models", m.group(0), re.I
            ):
                if not _MODEL_WORDS.search(line) or _DATA_WORDS.search(line):
                    continue
            near = text[m.start() : m.end() + 1500]
            # the section only, with its subsections (## Model zoo, ### Ablation model), not the next ones
            level = len(m.group(0)) - len(m.group(0).lstrip("#"))
            nxt = re.search(rf"\n#{{1,{level}}} " if level else r"\n#+ ", near[len(m.group(0)) :])
            near = near[: len(m.group(0)) + nxt.start()] if nxt else near
            # a link to somewhere else (a relative ](../configs/x.json) link points into the repository)
            # ... and under a heading naming only checkpoints or downloads ("Adding dvclive checkpoints to a
            # DVC project"), a link to files: a host of weights or a weights file, not a docs page
            named = re.search(
                r"pre-?trained|model\s+zoo|released\s+models|model\s+list|\bwe\b|\bour\b", m.group(0), re.I
            )
            if (
                named
                and re.fullmatch(r"model\s+zoo", named.group(0), re.I)
                and not re.search(
                    r"pre-?trained|weights|checkpoints?|\btrained\b", near[len(m.group(0)) :], re.I
                )
                # ... a table of results whose rows link files ("| R-50 | 78.2 | [model](https://...) |"),
                # or links named for what they fetch, is a zoo of trained models
                and not re.search(r"^\|.*\]\(https?://", near, re.M)
                and not re.search(r"\[\s*(download|models?|ckpts?|checkpoints?|weights)\s*\]\(", near, re.I)
            ):
                # "### Using the Model Zoo: Jraph provides a set of implemented reference models": a
                # library's architectures, no trained weights
                named = None
            if (
                re.search(r"https?://(?!huggingface\.co/datasets\b|localhost\b|127\.0\.0\.1\b)", near)
                and (named or _WEIGHT_HOST.search(near))
                # "Download the DenseCL pre-trained model ... convert it and put it under pre-trained/": another
                # project's weights the training starts from, not this project's release
                and not (_INPUT_WEIGHTS.search(near) and not _OWN_WEIGHTS.search(near))
            ):
                yield at(m.start(), "offers pretrained weights")
            # `bash download.sh pretrained-celeba-256x256`, `python download.py --model s --ckpt 1000000`: the
            # project's download script fetches them
            if re.search(
                r"\b[\w-]*download[\w-]*\.sh\s+\S*(pre-?trained|model|checkpoint|weights)", near, re.I
            ) or (
                re.search(
                    r"\b[\w-]*download[\w-]*\.py\b[^\n`]*?--?(pre-?trained|model|checkpoint|ckpt|weights)\b",
                    near,
                    re.I,
                )
                # ... not the base model a fine-tuning starts from (someone else's weights, fetched as input)
                and not _BASE_MODEL.search(near)
            ):
                yield at(m.start(), "offers pretrained weights through its download script")
        for m in _WEIGHT_LINK.finditer(text):
            # a Hub model page cited in prose ("Huggingface's 175B parameter BLOOM also places a
            # layernorm ...") is someone else's model; an offered one is named as weights or a model
            line = text[text.rfind("\n", 0, m.start()) + 1 : (text.find("\n", m.end()) + 1 or len(text))]
            hub = m.group(0).lower().startswith(("huggingface.co", "https://huggingface.co"))
            if hub and _USES_OTHERS_MODEL.search(line) and not _OWN_RELEASE.search(line):
                continue  # "you need to accept the license on the model card of DeepFloyd IF": a model it uses
            if not hub or re.search(
                r"\b(models?|weights|checkpoints?|pre-?trained|download\w*)\b", line, re.I
            ):
                yield at(m.start(), "links trained weights")
        for m in _TRAINED_MODEL_LINK.finditer(text):
            # "Download the trained model from [here](https://cloudstor...)": the project's own, on any host
            yield at(m.start(), "links trained weights")
        for m in _SHARED_HOST.finditer(text):
            start = text.rfind("\n", 0, max(0, text.rfind("\n", 0, m.start()))) + 1
            if text[start:].startswith("```"):
                # the link is the first line of a command block: the line that introduces the block
                start = text.rfind("\n", 0, max(0, start - 1)) + 1
            end = text.find("\n", text.find("\n", m.end()) + 1)
            window = text[start : end if end > 0 else len(text)]
            # "the weight file for the X dataset": named weights are weights, whatever data they fit
            if _NAMED_WEIGHTS.search(window) or (
                _MODEL_WORDS.search(window) and not _DATA_WORDS.search(window)
            ):
                yield at(m.start(), "links released models")
            # "We provide the [download link](...) to" a list: the test sets, then "4 pretrained models"
            if any(_RELEASED_ITEM.search(item) for item in _items_after(text, m.end())):
                yield at(m.start(), "links released models (listed below the link)")
            # a results table whose row links a file by a network's name: `| [ResNet-18](https://drive...) |`
            # (not a dataset's row: "| WMT'16 | Data for the ... | [Download](https://drive...) |")
            row_start = text.rfind("\n", 0, m.start()) + 1
            row = text[row_start : (text.find("\n", m.end()) + 1 or len(text))]
            link = re.search(r"\[([^\]]+)\]\(\S*$", text[row_start : m.start()])
            if (
                row.lstrip().startswith("|")
                and link
                and not _DATA_WORDS.search(row)
                and not re.fullmatch(
                    r"\W*(download|here|link|generate|get( it)?|files?)\W*", link.group(1), re.I
                )
            ):
                yield at(m.start(), "links released models from a results table")
    from .detect.engine import CORE, scope_of
    from .model import Evidence

    # A download script of the project fetching weight files (weights/download_weights.sh: wget
    # .../yolov3.weights; tf/sota/download.sh: .../model/checkpoint).
    for path, text in sorted(ctx.index.texts.items()):
        if not path.endswith((".sh", ".bash")) or scope_of(path) != CORE:
            continue
        named = _WEIGHTS_SCRIPT.search(path) is not None  # download_models.sh: what it fetches is weights
        for number, line in enumerate(text.splitlines(), 1):
            if named and len(line) < 4096 and re.match(r"\s*(wget|curl|gsutil|gdown)\b", line):
                yield Evidence(path, number, "the project's weights download script fetches them")
            # a download line of ordinary length (the pattern is not run over a pasted blob)
            if len(line) < 4096 and (
                "wget" in line or "curl" in line or "download" in line or "gsutil" in line
            ):
                if _WEIGHT_FETCH.search(line):
                    yield Evidence(path, number, "a script downloads the released weights")
    # Trained models committed with the code and run by the README (`python model.py env zoo/x.json`).
    shipped = [
        f.path
        for f in ctx.inventory.project_files()
        if f.origin in ("tracked", "walked") and _SHIPPED_MODEL.search(f.path) and scope_of(f.path) == CORE
    ]
    if shipped and readme:
        text = ctx.index.texts[readme]
        for name in shipped:
            at = text.find(name)
            if at >= 0:
                yield _evidence_at(readme, text, at, f"runs the committed trained model {name}")
    # Archives or weight files committed in a folder the README says holds pretrained models ("`models`
    # contains pretrained [weights] for usage in ..."): the release is in the repository itself
    if readme:
        text = ctx.index.texts[readme]
        folders = {
            f.path.rsplit("/", 1)[0]
            for f in ctx.inventory.project_files()
            if f.origin in ("tracked", "walked")
            and "/" in f.path
            and f.path.lower().endswith(_WEIGHT_SUFFIXES)
            and scope_of(f.path) == CORE
        }
        for folder in sorted(folders):
            # "`models` contains pretrained weights", "The pretrained model can be found in `pretrained_models/x/`"
            quoted = rf"[`'\"]{re.escape(folder)}/?[`'\"]"
            said = re.search(
                rf"^(?:.*{quoted}.*\bpre-?trained\b|.*\bpre-?trained\b.*{quoted}).*$", text, re.I | re.M
            )
            if said:
                yield _evidence_at(readme, text, said.start(), f"ships pretrained models in {folder}/")
    # The project's code downloads its released weights by URL (whisper's _MODELS table of .pt files)

    for path, mod in sorted(ctx.index.modules.items()):
        if scope_of(path) != CORE:
            continue
        for name, value in mod.constants.items():
            values = (
                value.values() if isinstance(value, dict) else value if isinstance(value, list) else [value]
            )
            # the ImageNet backbone the code builds on (Keras applications, torchvision) is someone else's
            values = [v for v in values if not (isinstance(v, str) and _BACKBONE_LINK.search(v))]
            if any(isinstance(v, str) and _WEIGHT_LINK.fullmatch(v) for v in values) or (
                # PRETRAINED_MODEL_URL = "https://.../naacl-2019-tutorial/": a link named for weights
                _WEIGHTS_CONSTANT.search(name)
                and any(
                    isinstance(v, str) and v.startswith(("http://", "https://", "s3://", "gs://"))
                    for v in values
                )
            ):
                yield Evidence(
                    path, mod.constant_lines.get(name, 0), f"{name}: the released weights' download URLs"
                )


# Someone else's pretrained backbone the code downloads to build on: Keras applications' ImageNet weights
# (vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5), torchvision's model files.
_BACKBONE_LINK = re.compile(
    r"(_notop\.h5$|_dim_ordering_\w+_kernels(_notop)?\.h5$|fchollet/deep-learning-models/|download\.pytorch\.org/models/|"
    r"storage\.googleapis\.com/tensorflow/keras-applications/)",
    re.I,
)


# tools/test_net.py, eval/eval.py, evaluate.py: a script that evaluates trained models
_EVAL_SCRIPT = re.compile(r"(^|/)(eval|evaluate|evaluation|test_net|eval_\w+|\w+_eval)\.py$")


def _evaluation_scripts(ctx) -> bool:
    from .detect.engine import CORE, scope_of

    # test_net.py (detectron2, SlowFast) tests a trained network, not the code: no pytest file
    return any(
        _EVAL_SCRIPT.search(p) and (scope_of(p) == CORE or (p.endswith("test_net.py") and "tests/" not in p))
        for p in ctx.index.modules
    )


def checklists(ctx, v: _View) -> dict:
    from .rules.facts import trains_nothing

    neurips = []
    # a release without training code states no training run's hyperparameters, whatever options its
    # inference script parses
    untrained = trains_nothing(ctx)
    for key, label, rules in NEURIPS:
        sts = [v.status(r) for r in rules if v.status(r)]
        status = min(sts, key=_rank) if sts and not (untrained and key == "training-details") else "N/A"
        neurips.append({"item": key, "label": label, "rules": list(rules), "status": status})
    tr = ctx.taxonomy.training_entry_points
    weights = released_weights(ctx) is not None
    from .rules.facts import training_code
    from .rules.phase3_results import printed_evaluations
    from .rules.phase6_governance import results_tables

    results = [e for e in results_tables(ctx) if e.path.count("/") == 0]  # the top-level README
    f302 = v.by_rule.get("ET302")
    pwc = [
        (
            PWC[0],
            v.status("ET410") is not None
            and not (
                v.status("ET410") == FAIL
                # (a setup.py declaring nothing is no specification either)
                and (
                    "No dependency manifest" in v.by_rule["ET410"].message
                    or "No file lists the packages" in v.by_rule["ET410"].message
                )
                # the README's set-up installs the packages by name: a specification, if not a file
                and "set-up instructions install" not in v.by_rule["ET410"].message
            ),
        ),
        (PWC[1], bool(tr) or training_code(ctx) is not None),
        (
            PWC[2],
            bool(f302 and "No evaluation metric" not in f302.message)
            or _evaluation_scripts(ctx)
            or bool(printed_evaluations(ctx)),
        ),
        (PWC[3], bool(v.ok("ET520") or weights)),
        (PWC[4], bool(results and v.ok("ET604"))),
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
