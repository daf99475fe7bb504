"""Fixes that fit the repository: a snippet is shown only when it speaks the project's stack.

Rule docs carry one example fix each (an MLflow call, a torch seed, a DVC command on
``data/train.csv``). Shown to a TensorFlow 1 project without MLflow, or with a path the repository
does not have, such a snippet is advice for another project. This pass runs after the rules: a
snippet that calls a library the project neither imports nor declares, or names a project path
that does not exist, is dropped: the finding's prose stays, or the project's own run record is named
as the place for the value.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .model import PASS, WARN, Evidence

# Module prefixes used in snippets -> the package the project must use for the snippet to fit.
SNIPPET_LIBS = {
    "mlflow": "mlflow",
    "wandb": "wandb",
    "torch": "torch",
    "tensorflow": "tensorflow",
    "tf": "tensorflow",
    "keras": "keras",
    "pd": "pandas",
    "pandas": "pandas",
    "pa": "pandera",
    "pandera": "pandera",
    "pl": "pytorch_lightning",
    "lightning": "lightning",
    "L": "lightning",
    "optuna": "optuna",
    "neptune": "neptune",
    "comet_ml": "comet_ml",
    "clearml": "clearml",
    "np": "numpy",
    "jax": "jax",
    "sklearn": "sklearn",
    "hydra": "hydra",
    "OmegaConf": "omegaconf",
    "Live": "dvclive",
    "fairlearn": "fairlearn",
    "ray": "ray",
}
# Packages that are one ecosystem: a project using one can take a snippet of the other.
SAME_STACK = {
    "keras": {"tensorflow", "keras"},
    "tensorflow": {"tensorflow", "keras"},
    "pytorch_lightning": {"pytorch_lightning", "lightning"},
    "lightning": {"pytorch_lightning", "lightning"},
}
# Model flavours inside tracker calls: mlflow.sklearn.log_model needs scikit-learn.
_FLAVOUR = re.compile(r"\b(?:mlflow|wandb)\.(sklearn|pytorch|tensorflow|keras|xgboost|lightgbm)\.")
FLAVOURS = {"sklearn": "sklearn", "pytorch": "torch", "tensorflow": "tensorflow", "keras": "keras",
            "xgboost": "xgboost", "lightgbm": "lightgbm"}  # fmt: skip
TOOLS = frozenset(
    {"mlflow", "wandb", "neptune", "comet_ml", "clearml", "dvclive", "optuna", "pandera", "fairlearn"}
)
# Fixes whose point is to adopt a tool the project lacks may name that tool.
ADOPTION_RULES = frozenset({"ET101", "ET120", "ET412", "ET501", "ET520", "ET601"})
_CALL = re.compile(r"(?<![\w.])([A-Za-z_][\w]*)\.[A-Za-z_]")
# Bare names that belong to one framework: `Trainer(callbacks=[ModelCheckpoint(save_top_k=1)])` is Lightning.
BARE_NAMES = {"Trainer": "lightning", "save_top_k": "lightning", "DeviceStatsMonitor": "lightning",
              "MetricFrame": "fairlearn", "MlflowClient": "mlflow", "GridSearchCV": "sklearn"}  # fmt: skip
_BARE = re.compile(r"\b(" + "|".join(BARE_NAMES) + r")\b")
_IMPORT = re.compile(r"^\s*(?:from|import)\s+([\w]+)", re.M)
_FROM_IMAGE = re.compile(r"^FROM\s+(pytorch/pytorch|tensorflow/tensorflow|nvcr\.io/nvidia/pytorch)", re.M)
_PATH = re.compile(r"(?<![\w/.-])((?:data|src|models|configs?|notebooks)/[\w./-]+)")
_BLOCK = re.compile(r"```[\w-]*\n.*?```", re.S)


def project_packages(ctx) -> set[str]:
    """Top-level packages the project imports (anywhere, not only on its main training path: a
    snippet seeding the TensorFlow a side module imports is not foreign) or declares."""
    from .index.build import per_index

    pkgs = set(imported_roots(ctx)) | per_index(ctx.index, "_et_import_roots", _import_roots)
    pkgs |= {d.name.lower().replace("-", "_") for d in ctx.index.dependencies}
    if "tensorflow_gpu" in pkgs or "tensorflow_cpu" in pkgs:
        pkgs.add("tensorflow")
    if "scikit_learn" in pkgs:
        pkgs.add("sklearn")
    # A tracker switched on in configuration only (report_to: wandb, a Lightning logger in YAML, a
    # plugin) is the project's tracker although no module imports it.
    pkgs |= {d.tool for d in ctx.present("tracking")}
    return pkgs


def imported_roots(ctx) -> frozenset[str]:
    """Top-level packages the project's code imports: its main training path's when it has one (a
    JAX trainer beside a torch checkpoint converter speaks JAX), else every module's."""
    cached = getattr(ctx, "_et_imported_roots", None)
    if cached is not None:
        return cached
    main = training_paths(ctx)
    modules = ctx.index.modules
    roots = frozenset(
        i.module.split(".", 1)[0].lower() for p in main if p in modules for i in modules[p].imports
    )
    if not roots:
        from .index.build import per_index

        roots = per_index(ctx.index, "_et_import_roots", _import_roots)
    ctx._et_imported_roots = roots
    return roots


def first_in_stack(ctx, table, value=None):
    """The first (package, ...) row of ``table`` whose package the project's code imports, else the
    first it only declares (a requirements file listing xgboost for a project training a RandomForest
    does not make xgboost its framework). ``value``: what to return for a row, or None to try the
    next one (the row itself by default)."""
    for pool in (imported_roots(ctx), project_packages(ctx)):
        for row in table:
            if row[0] in pool:
                found = row if value is None else value(row)
                if found:
                    return found
    return None


def _import_roots(index) -> frozenset[str]:
    return frozenset(i.module.split(".", 1)[0].lower() for m in index.modules.values() for i in m.imports)


def foreign(
    snippet: str, pkgs: set[str], paths: set[str], dirs: frozenset[str], adopting: bool = False
) -> str:
    """What makes a snippet foreign to this project ('' when it fits). A fix that adopts a tool may
    name that tool, never another framework (an sklearn model flavour for a TensorFlow project)."""
    libs = {SNIPPET_LIBS[n] for n in _CALL.findall(snippet) if n in SNIPPET_LIBS}
    libs |= {SNIPPET_LIBS.get(n, n) for n in _IMPORT.findall(snippet) if n in SNIPPET_LIBS}
    libs |= {FLAVOURS[f] for f in _FLAVOUR.findall(snippet)}
    libs |= {BARE_NAMES[n] for n in _BARE.findall(snippet)}
    image = _FROM_IMAGE.search(snippet)
    if image:
        libs.add("torch" if "pytorch" in image.group(1) else "tensorflow")
    if adopting:
        libs -= TOOLS
    for lib in sorted(libs):
        ok = SAME_STACK.get(lib, {lib})
        if not ok & pkgs:
            return f"uses {lib}, which this project does not use"
    for p in _PATH.findall(snippet):
        p = p.rstrip(".")
        if p not in paths and p.rstrip("/") not in dirs:
            return f"names `{p}`, which this repository does not have"
    return ""


_FSTRING = re.compile(r"""\bf(['"])((?:(?!\1)[^\\\n]|\\.)*)\1""")
_PY_BLOCK = re.compile(r"```python\n.*?```", re.S)


def _format_call(m: re.Match) -> str:
    """f"{a}/x_{b:.3f}" -> "{}/x_{:.3f}".format(a, b); left as it is when a field is too complex to move."""
    quote, body = m.group(1), m.group(2)
    out, args, i = [], [], 0
    while i < len(body):
        if body.startswith(("{{", "}}"), i):
            out.append(body[i : i + 2])
            i += 2
            continue
        if body[i] == "{":
            end = body.find("}", i)
            field = body[i + 1 : end] if end > 0 else ""
            if not field or "{" in field or quote in field:
                return m.group(0)
            expr, _, spec = field.partition(":") if "[" not in field else (field, "", "")
            args.append(expr.strip().removesuffix("!r").removesuffix("!s"))
            out.append("{" + (":" + spec if spec else "") + "}")
            i = end + 1
            continue
        out.append(body[i])
        i += 1
    text = quote + "".join(out) + quote
    return f"{text}.format({', '.join(args)})" if args else text


# f'a {x} ' f'b {y}': literals Python joins into one; joined before the move to .format, which would
# leave a string after a call (a SyntaxError)
_ADJACENT_FSTRINGS = re.compile(_FSTRING.pattern + r"""\s*f\1((?:(?!\1)[^\\\n]|\\.)*)\1""")
# os.makedirs(path, exist_ok=True) on a line of its own: Python 2's makedirs has no exist_ok
_MAKEDIRS = re.compile(r"^(?P<ind>[ \t]*)os\.makedirs\((?P<path>.+), exist_ok=True\)[ \t]*$", re.M)


def _python2_block(block: str) -> str:
    while True:
        joined = _ADJACENT_FSTRINGS.sub(lambda m: f"f{m.group(1)}{m.group(2)}{m.group(3)}{m.group(1)}", block)
        if joined == block:
            break
        block = joined
    block = _MAKEDIRS.sub(
        lambda m: f"{m['ind']}if not os.path.isdir({m['path']}):\n{m['ind']}    os.makedirs({m['path']})",
        block,
    )
    return _FSTRING.sub(_format_call, block)


def python2_text(text: str) -> str:
    """The Python code blocks of a fix as Python 2 runs them: no f-strings, no makedirs(exist_ok=)."""
    return _PY_BLOCK.sub(lambda b: _python2_block(b.group(0)), text)


def _before_fstrings(ctx) -> bool:
    """The project's code is Python 2, or its set-up names only Pythons older than 3.6 (`python=3.5.2` in the
    README's requirements): f-strings are a SyntaxError there."""
    from .rules.phase4_reproducibility import (
        _python2_modules,
        _python_in_setup_docs,
        _stated_minor,
        pins_python,
    )

    if _python2_modules(ctx):
        return True
    stated = [
        v
        for e in [
            *_python_in_setup_docs(ctx),
            *(e for e in ctx.index.python_version_pins if pins_python(e.detail.split(" ", 1)[-1])),
        ]
        if (v := _stated_minor(e.detail)) is not None
    ]
    return bool(stated) and max(stated) < (3, 6)


# pip run by the interpreter, or `pip freeze` in a shell: a uv environment has no pip unless asked for
_PIP_FREEZE_CALL = "[sys.executable, '-m', 'pip', 'freeze']"
_PIP_FREEZE_SHELL = re.compile(r"(?<![\w-])(?<!uv )pip freeze\b")
_ANY_BLOCK = re.compile(r"```\w*\n.*?```", re.S)


def uv_text(text: str) -> str:
    """The code blocks of a fix as a uv-managed environment runs them: `uv pip freeze` lists its packages."""
    return _ANY_BLOCK.sub(
        lambda b: _PIP_FREEZE_SHELL.sub(
            "uv pip freeze", b.group(0).replace(_PIP_FREEZE_CALL, "['uv', 'pip', 'freeze']")
        ),
        text,
    )


def _snippet_fits(ctx) -> list:
    """The rewrites the project's fixes need to run where it runs: Python 2 (or before 3.6) code, a uv
    environment (uv.lock at the root). Asked for the findings and again for the recommendations: once."""
    fits = getattr(ctx, "_et_snippet_fits", None)
    if fits is None:
        fits = []
        if _before_fstrings(ctx):
            fits.append(python2_text)
        if any(f.path == "uv.lock" for f in ctx.inventory.project_files()):
            fits.append(uv_text)
        ctx._et_snippet_fits = fits
    return fits


def _fitted(text: str, fits: list) -> str:
    for fit in fits:
        text = fit(text)
    return text


def fit_snippets(ctx, findings: list) -> list:
    """Fixes the project can run: for Python 2 code, or a project stating a Python older than 3.6,
    str.format instead of f-strings and no makedirs(exist_ok=); in a uv environment, `uv pip freeze`."""
    fits = _snippet_fits(ctx)
    if not fits:
        return findings
    return [
        replace(f, recommendation=_fitted(f.recommendation, fits)) if "```" in (f.recommendation or "") else f
        for f in findings
    ]


def fit_recommendation_snippets(ctx, recommendations: list) -> None:
    """The prioritised recommendations' snippets, as fit_snippets does the findings' fixes."""
    fits = _snippet_fits(ctx) if recommendations else []
    for rec in recommendations if fits else ():
        if rec.get("snippet"):
            rec["snippet"] = _fitted(rec["snippet"], fits)


def fit_to_stack(ctx, findings: list) -> list:
    """Findings whose snippets speak the project's stack; foreign snippets are dropped."""
    pkgs = project_packages(ctx)
    paths = {f.path for f in ctx.inventory.files}
    dirs = ctx.inventory.dirs
    own = _UNSET  # the project's own run record, looked up once when a fix needs it
    out = []
    for f in findings:
        text = f.recommendation or ""
        if f.status == PASS or "```" not in text:
            out.append(f)
            continue
        why = ""
        for block in _BLOCK.findall(text):
            why = foreign(block, pkgs, paths, dirs, f.rule_id in ADOPTION_RULES)
            if why:
                break
        if not why:
            out.append(f)
            continue
        prose = _BLOCK.sub("", text).strip()
        # "or validate with ...": an alternative to the snippet just removed reads as a fragment alone
        # ("and refuse to train from a dirty tree" continues the snippet's sentence the same way)
        prose = "\n".join(
            ln
            for ln in prose.splitlines()
            if not ln.lstrip().lower().startswith(("or ", "and ", "then ", "plus "))
        )
        if f.rule_id in RECORDED_WITH_RUN and own is _UNSET:
            own = own_record(ctx)
        if f.rule_id in RECORDED_WITH_RUN and own is not None and own.target:
            # The project is its own tracker: what a run should record goes into the record it writes.
            note = f"Add it to the run record this project already writes: `{own.evidence.where()}` writes `{own.target}`."
        elif f.rule_id in _HAND_KEYS:
            # No tracker and no record of its own: the value goes into a file beside the run's outputs.
            from .records import hand_fix

            note = f"Write it beside the run's outputs:\n{hand_fix(ctx, _HAND_KEYS[f.rule_id])}"
        else:
            # A snippet in another stack, with no equivalent in this one: the finding states what is
            # missing; a placeholder saying the example does not apply is no fix.
            note = ""
        out.append(replace(f, recommendation=(prose + "\n" + note).strip() if prose else note))
    return out


_UNSET = object()

# `random_state=cfg.seed`, `seed=seed`: the seed a rule's example snippet hands a call, by a name the
# project may not have
_SNIPPET_SEED = re.compile(r"\b(?:cfg\.seed|seed)\b(?=\s*[,)])")
_SEEDING = frozenset({"seed", "manual_seed", "set_seed", "set_random_seed", "seed_everything"})
# the rules whose snippets hand one call a seed (a split, an estimator, a loader's generator); the
# seeding rules' own snippets define the seed they use
_SEEDED_CALL_RULES = frozenset({"ET121", "ET402", "ET404"})
_BINDS_SEED = re.compile(
    r"^\s*seed\s*=|\bdef \w+\([^)]*\bseed\b|\blambda\b[^:]*\bseed\b|\bfor seed in\b", re.M
)


def module_seed(m) -> str:
    """The seed the module itself uses, in its own words: `np.random.seed(42)` gives `42`,
    `train_test_split(..., random_state=args.seed)` gives `args.seed`; "" when it seeds nothing."""
    from .index.python_facts import Dyn

    literal, named = "", ""
    for c in sorted(m.calls, key=lambda c: (c.cell, c.line)):
        if c.name.rsplit(".", 1)[-1] in _SEEDING and c.args:
            arg = c.args[0]
        else:
            arg = next((c.kw(k) for k in ("random_state", "seed", "random_seed") if c.has_kw(k)), None)
        if isinstance(arg, int) and not isinstance(arg, bool):
            literal = literal or str(arg)
        elif (
            isinstance(arg, Dyn)
            and re.fullmatch(r"[A-Za-z_][\w.]*", arg.text)
            and "seed" in arg.text.lower()
            and not _a_parameter(m, c, arg.text)
        ):
            named = named or arg.text
    # a literal the module seeds with (seed_everything(42)) before a name that may be local to a function
    return literal or named


def _a_parameter(m, c, name: str) -> bool:
    """`seed` inside `def seed_everything(seed): random.seed(seed)`: the function's parameter, which
    means nothing where the fix goes."""
    fn = m.innermost_function(c.line, c.cell)
    return fn is not None and name.split(".", 1)[0] in m.func_params.get(fn[0], ())


def seed_names_fit(ctx, findings: list) -> list:
    """Snippets that seed a call with the seed the cited file already uses (`random_state=42` in a
    notebook that seeds with 42), or with a constant they define, never with a `cfg` the code lacks."""
    out = []
    for f in findings:
        text = f.recommendation or ""
        if f.rule_id not in _SEEDED_CALL_RULES or f.status == PASS or not _SNIPPET_SEED.search(text):
            out.append(f)
            continue
        m = next((ctx.index.modules.get(e.path) for e in f.evidence if e.path in ctx.index.modules), None)
        seed = module_seed(m) if m is not None else ""

        def fit(block: re.Match, seed: str = seed) -> str:
            code = block.group(0)
            if not _SNIPPET_SEED.search(code) or _BINDS_SEED.search(code):
                return code
            if seed:
                return _SNIPPET_SEED.sub(seed, code)
            head, _, body = code.partition("\n")
            return f"{head}\nSEED = 0   # one fixed value, kept with the run's results\n" + _SNIPPET_SEED.sub(
                "SEED", body
            )

        out.append(replace(f, recommendation=_PY_BLOCK.sub(fit, text)))
    return out


# What each run-record rule writes when the project keeps no record yet (records.HAND_FIXES).
_HAND_KEYS = {"ET210": "params", "ET212": "seed", "ET213": "env", "ET420": "commit", "ET421": "data"}
# Rules whose fix records something with every run (the parameters, the seed, the environment, the commit,
# the dataset version): in a project that writes its own run record, the fix goes into that record.
RECORDED_WITH_RUN = frozenset({"ET210", "ET211", "ET212", "ET213", "ET420", "ET421"})


def own_record(ctx):
    """The configuration record the main training path writes by its own code (a RecordPart), the
    whole configuration first; None when it has none (a tracker or a framework writes it, or nothing)."""
    from .records import main_records

    rec = main_records(ctx)
    parts = [p for p in (rec.config if rec else []) if not p.framework and not p.in_checkpoint]
    parts.sort(key=lambda p: (not p.whole, p.evidence.path, p.evidence.line))
    return parts[0] if parts else None


def training_paths(ctx) -> frozenset:
    """The main training path: training entry points and the project modules they import,
    transitively (a loop in engine.py calling a logger in utils/log.py is on the path)."""
    cached = getattr(ctx, "_et_training_paths", None)
    if cached is not None:
        return cached
    from .detect.engine import import_closure, project_imports

    entries = [e.path for e in ctx.taxonomy.training_entry_points]
    result = frozenset(import_closure(project_imports(ctx.index), entries))
    ctx._et_training_paths = result
    return result


def training_first(ctx, findings: list) -> list:
    """Each finding's evidence with the main training path first, then other project code, then
    demos and tests; the places themselves are unchanged."""
    from .detect.engine import scope_of

    main = training_paths(ctx)

    def rank(e):
        scope = scope_of(e.path)
        return 0 if e.path in main else 2 if scope in ("example", "test") else 1

    out = []
    for f in findings:
        ordered = sorted(f.evidence, key=rank)  # stable: keeps path order within each group
        out.append(f if ordered == f.evidence else replace(f, evidence=ordered))
    return out


# Rules whose PASS rests on a tracker or integration being active: when every piece of evidence runs
# only behind a switch, the practice holds only for runs made with the switch on.
SWITCHABLE = frozenset({"ET110", "ET111", "ET211", "ET212", "ET213", "ET301", "ET303", "ET311", "ET320", "ET413",
                        "ET420", "ET520", "ET601"})  # fmt: skip
# Evidence that says what a record holds, not where it is written (`config key seed` in a YAML): it
# runs behind no switch of its own, and the record it belongs to decides.
_CONTENT_ONLY = re.compile(r"^(config key |argument |option |seeds )")


# A team's process: not what a paper's code release owes its readers (rules.facts.research_release); its
# README's commands in order are the workflow such a release documents, not a pipeline it lacks.
_TEAM_PROCESS = frozenset({"ET501", "ET601", "ET614"})
# Documentation and registration of released models: owed only where the release includes trained models.
_RELEASED_MODELS = frozenset({"ET610", "ET520"})


def research_release_fit(ctx, findings: list) -> list:
    """Drop the gaps a paper's code release (or a course's notebooks) does not have: a team's shared tracking server and access
    rules, and a model card or registry where no trained model is released (the report's Data Gaps say
    what was not assessed, and why)."""
    from .rules.facts import research_release, teaching_material

    teaching = teaching_material(ctx) is not None
    if research_release(ctx) is None and not teaching:
        return findings
    from .scoring import released_weights

    drop = set(_TEAM_PROCESS)
    if released_weights(ctx) is None:
        drop |= _RELEASED_MODELS
    if teaching:
        # lessons each reader runs cell by cell: no team, no failed overnight job, no people's data
        drop |= _LESSONS_NOT_OWED
    return [f for f in findings if f.rule_id not in drop or f.status == "PASS"]


# Run-record and configuration gaps of a library's example scripts: real, but no result of the library's
# depends on them
_DEMO_RECORDS = frozenset({"ET101", "ET201", "ET210", "ET212", "ET301", "ET420", "ET421"})


def library_demo_fit(ctx, findings: list) -> list:
    """A published library that reports no results of its own: what its example scripts fail to record is
    a gap of demos, not of the library's results; a WARN that says so, not a FAIL at the top of the report."""
    from .rules.facts import library_without_results

    if not library_without_results(ctx):
        return findings
    note = " (in the library's example scripts; the library reports no results of its own)"
    return [
        replace(f, status="WARN", message=f.message.rstrip(".") + note + ".")
        if f.rule_id in _DEMO_RECORDS and f.status == "FAIL"
        else f
        for f in findings
    ]


# What a course's notebooks do not owe their readers, beyond a team's process (rules.facts.teaching_material);
# ET613 keeps its licence judgement when a licence is missing (a FAIL or a WARN naming it).
# A lesson's saved outputs are what it teaches (read on nbviewer), not stale results to strip (ET603), and
# its conclusions are its prose, not an experiments log (ET602).
_LESSONS_NOT_OWED = frozenset({"ET511", "ET602", "ET603", "ET611", "ET612"})


def switched_passes(ctx, findings: list) -> list:
    """A PASS whose every cited place sits behind an on/off switch becomes a REVIEW question."""
    from .model import REVIEW
    from .rules.facts import OFFERED, guarding_switch, switch_defaults, switch_phrase, switch_question

    out = []
    for f in findings:
        if f.status != PASS or f.rule_id not in SWITCHABLE or not f.evidence:
            out.append(f)
            continue
        found = guarding_switch(ctx, [e for e in f.evidence if not _CONTENT_ONLY.match(e.detail)])
        if found is None:
            out.append(f)
            continue
        cond, first = found
        state, where = switch_defaults(ctx, cond)
        if state == "on":
            # Every committed configuration turns it on: runs made with them have the practice.
            out.append(
                replace(
                    f,
                    message=f.message.rstrip(".") + f" (`{cond}` is on in the committed defaults: {where}).",
                )
            )
            continue
        question = switch_question(ctx, f.title, cond, first)
        out.append(
            replace(
                f,
                status=REVIEW,
                message=f.message.rstrip(".")
                + (
                    f", only {switch_phrase(cond)}."
                    if cond.startswith(OFFERED)
                    else ", only when a switch is on."
                ),
                question=question,
            )
        )
    return out


# Rules whose PASS says every run records its parameters, environment or commit, and whose evidence is
# the few places that capture them (a tracker's init, a config dump): a finding citing three places or
# fewer cites them all. Rules citing a sample of many places (metrics logged in 130) are left alone:
# their evidence cannot say which scripts are reached.
_EVERY_RUN = frozenset({"ET210", "ET211", "ET213", "ET420"})


def _class_builders(ctx, e) -> set:
    """The modules that build the class a cited line sits in (`WandbLogger(opts)` in one game of a zoo whose
    library module defines the class every game imports): the scripts reaching them are the ones the practice
    holds for, not every importer of the library. Empty when the line is in no class or nothing builds it."""
    m = ctx.index.modules.get(e.path)
    if m is None:
        return set()
    owner = next((c for c in m.classes if c[2] == e.cell and c[1] <= e.line <= c[3]), None)
    if owner is None:
        return set()
    name = owner[0]
    # (asked for every opening call of every capture finding: one walk over the calls per class name)
    cache = ctx.__dict__.setdefault("_et_class_builders", {})
    if name not in cache:
        cache[name] = {
            p
            for p, mm in ctx.index.modules.items()
            if any(c.name == name or c.name.endswith("." + name) for c in mm.calls)
        }
    return cache[name]


def few_scripts_passes(ctx, findings: list) -> list:
    """A PASS resting on code that at most half of four or more training scripts reach (one example of
    fourteen logs to W&B) becomes a WARN that says how many: most runs lack the practice."""
    from .rules.facts import covered_entries, guild_run_modules, polyaxon_recorded, reaches_few

    modules = ctx.index.modules
    guild = guild_run_modules(ctx)
    guild_runs = set().union(*guild.values())

    def stands_for(e) -> set:
        # a Guild file cited stands for every script Guild runs (the finding cites one of them), a
        # Polyaxonfile for the scripts of every component that records the same
        if e.path in guild:
            return guild_runs
        return polyaxon_recorded(ctx, e) or _class_builders(ctx, e) or {e.path}

    out = []
    for f in findings:
        paths = {p for e in f.evidence for p in stands_for(e)}
        if (
            f.status != PASS
            or f.rule_id not in _EVERY_RUN
            or not paths
            or len(f.evidence) > 3
            or not paths <= modules.keys()
        ):
            out.append(f)
            continue
        covered, total = covered_entries(ctx, paths | _same_run_openings(ctx, f.evidence))
        if not reaches_few(covered, total):
            out.append(f)
            continue
        out.append(
            replace(
                f,
                status=WARN,
                message=f.message.rstrip(".")
                + f", but only in {covered} of {total} training scripts or notebooks; the other "
                f"{total - covered} do not reach the code cited.",
            )
        )
    return out


# Calls that open a tracker's run, where it captures the commit, the host and the packages on its own.
_RUN_OPENING = re.compile(
    r"(^wandb\.init|^mlflow\.start_run|^neptune\.init_run|^neptune\.init|^neptune\.new\.init|"
    r"^comet_ml\.(?:start|Experiment|OfflineExperiment)|Task\.init|^polyaxon\.tracking\.(?:init|Run)|"
    r"(?:Comet|Neptune|Wandb|MLFlow)Logger)$"
)
# The tracker a detection names, by the calls that open its runs (module roots and framework loggers)
_TOOL_OPENINGS = {
    "comet": ("comet_ml.", "CometLogger"),
    "neptune": ("neptune.", "NeptuneLogger"),
    "wandb": ("wandb.", "WandbLogger"),
    "mlflow": ("mlflow.", "MLFlowLogger"),
    "clearml": ("clearml.", "Task.init"),
    "polyaxon": ("polyaxon.tracking.",),
}
# ... and the tracker an automatic-capture finding names by its label ("Comet records git metadata"): a
# finding citing one script's run covers every script opening one
_CAPTURE_LABELS = {
    "Comet": "comet",
    "Neptune": "neptune",
    "W&B": "wandb",
    "MLflow": "mlflow",
    "ClearML": "clearml",
    "Polyaxon": "polyaxon",
}


def tracker_run_modules(ctx) -> frozenset:
    """Every module that opens a run of a tracker the project uses (comet_ml.start in 40 examples): the
    detection's evidence cites a few of them, the coverage of runs needs them all. Read once per audit."""
    return frozenset(p for paths in runs_by_tracker(ctx).values() for p in paths)


def runs_by_tracker(ctx) -> dict[str, frozenset]:
    """For each tracker the project uses, the modules that open its runs. Read once per audit."""
    cached = getattr(ctx, "_et_runs_by_tracker", None)
    if cached is not None:
        return cached
    from .rules.facts import code_trackers, facts

    wanted = {d.tool: _TOOL_OPENINGS[d.tool] for d in code_trackers(ctx) if d.tool in _TOOL_OPENINGS}
    found: dict[str, set] = {tool: set() for tool in wanted}
    if wanted:
        for m, c in facts(ctx).calls:
            if _RUN_OPENING.search(c.name):
                for tool, roots in wanted.items():
                    if any(r in c.name for r in roots):
                        found[tool].add(m.path)
    out = {tool: frozenset(paths) for tool, paths in found.items()}
    ctx._et_runs_by_tracker = out
    return out


def _same_run_openings(ctx, evidence) -> set[str]:
    """A finding cites a few of a tracker's run-opening calls (three of four training scripts' wandb.init):
    every module opening runs with the same call is covered as well."""
    modules = ctx.index.modules
    names = set()
    # (the trackers a capture finding names are among the project's: runs_by_tracker knows their runs)
    named = {_CAPTURE_LABELS.get(e.detail.split(" ", 1)[0]) for e in evidence} - {None}
    for e in evidence:
        m = modules.get(e.path)
        names.update(
            c.name
            for c in (m.calls if m else ())
            if (c.line, c.cell) == (e.line, e.cell) and _RUN_OPENING.search(c.name)
        )
    if not names and not named:
        return set()
    from .rules.facts import find

    out = set()
    for m, c in find(ctx, exact=tuple(sorted(names))) if names else ():
        # ... where the opening sits in a class, the modules building that class
        out |= _class_builders(ctx, Evidence(m.path, c.line, "", c.cell)) or {m.path}
    opened = runs_by_tracker(ctx) if named else {}
    for path in set().union(*(opened.get(tool, ()) for tool in named)):
        m = modules.get(path)
        calls = [c for c in (m.calls if m else ()) if _RUN_OPENING.search(c.name)]
        for c in calls:
            out |= _class_builders(ctx, Evidence(path, c.line, "", c.cell)) or {path}
    return out


# An absence read from the code: "No random seed is set", "Trained models are never saved".
_ABSENCE = re.compile(r"^(No |Nothing |Trained models are never|.* never |.*not found)", re.I)


# What an unread framework the training runs through may do on its own: record runs, log metrics and
# timings, save and reload checkpoints, seed, name runs, record the commit.
_FRAMEWORK_MAY_DO = {
    "ET101": "record its runs (a tracker or a run directory)",
    "ET110": "name its runs",
    "ET210": "record the run's parameters",
    "ET212": "record the seed",
    "ET301": "log training metrics",
    "ET302": "compute and record evaluation results",
    "ET303": "record timings",
    "ET310": "save checkpoints",
    "ET401": "seed the random generators",
    "ET420": "record the commit",
    "ET511": "resume from a checkpoint",
}


def unread_framework_questions(ctx, findings: list) -> list:
    """An absence the training code cannot show when its runs go through a package in a submodule that is
    not checked out: the finding becomes a question about that package."""
    from .model import REVIEW
    from .rules.facts import unread_framework

    found = unread_framework(ctx)
    if found is None:
        return findings
    package, imp = found.package, found.imp
    out = []
    for f in findings:
        does = _FRAMEWORK_MAY_DO.get(f.rule_id)
        if does is None or f.status not in ("FAIL", "WARN") or not _ABSENCE.match(f.message):
            out.append(f)
            continue
        out.append(
            replace(
                f,
                status=REVIEW,
                message=f.message.rstrip(".")
                + f", in the code read; the training runs through {package} ({imp.where()}), {found.place}.",
                evidence=[imp, *f.evidence][:4],
                question=f"`{imp.where()}` runs training through {package}, {found.kept}: does "
                f"{found.subject_for(f.rule_id)} {does} for every run, and where?",
            )
        )
    return out


def unread_caveat(ctx, findings: list) -> list:
    """A FAIL or WARN that reports something absent cannot speak for the project's modules that could
    not be parsed: say which were not searched, so the absence is not read as proven."""
    unread = sorted(
        {n.path for n in ctx.index.notes if n.kind == "parse-error" and n.path.endswith((".py", ".ipynb"))}
    )
    from .detect.engine import scope_of

    unread = [p for p in unread if scope_of(p) == "core"]
    if not unread:
        return findings
    # A notebook is read cell by cell: one unreadable cell leaves the others searched.
    cells = {n.path for n in ctx.index.notes if n.kind == "parse-error" and n.detail.startswith("cell ")}
    whole = [p for p in unread if p not in cells]
    partly = [p for p in unread if p in cells]
    parts = []
    for paths, what in (
        (whole, "module(s) could not be parsed and were not searched"),
        (partly, "notebook(s) have cells that could not be parsed; those cells were not searched"),
    ):
        if paths:
            shown = ", ".join(paths[:3]) + (f" and {len(paths) - 3} more" if len(paths) > 3 else "")
            parts.append(f"{len(paths)} {what}: {shown}")
    note = " (" + "; ".join(parts) + ".)"
    return [
        replace(f, message=f.message.rstrip() + note)
        if f.status in ("FAIL", "WARN") and _ABSENCE.match(f.message)
        else f
        for f in findings
    ]
