"""Phase 4 rules: seeds, determinism, environment pinning, containers, hardware, linkage."""

from __future__ import annotations

import fnmatch
import re

from ..index.python_facts import Dyn
from ..inventory import is_shell_script
from ..model import FAIL, PASS, REVIEW, WARN, Evidence
from .facts import (
    MD_LINK,
    METAFLOW_REMOTE,
    SEED_CALLS,
    _last,
    _seeding,
    assigned,
    code_trackers,
    covered_entries,
    default_replaced,
    demo_container,
    device_recorded,
    doc_search,
    documented_images,
    documented_pins,
    entry_closure,
    ev,
    evs,
    facts,
    find,
    in_module_self_test,
    job_images,
    learner_fix,
    library,
    library_without_results,
    metaflow_code_packages,
    project_images,
    reaches_few,
    run_dir_named_by,
    run_sites,
    scope_of,
    seeded_by,
    serving_only_containers,
    source_pickling,
    stack_label,
    tracker_ids,
    tracker_switch,
    training_code,
    trains,
    when_enabled_question,
    where_list,
    zenml_containers,
    zenml_runs,
)
from .framework_capture import sacred_capture, sacred_seeded
from .optin import (
    OWN_GENERATORS,
    _places,
    gate_question,
    gate_text,
    gated_on_text,
    named_option_defaults,
    runs_by_default,
    seed_gates,
    shipped_text,
    unfixed_seed_docs,
)
from .registry import rule

SEED_SNIPPETS = {
    "random": "random.seed(seed)",
    "numpy": "np.random.seed(seed)  # or rng = np.random.default_rng(seed)",
    "torch": "torch.manual_seed(seed); torch.cuda.manual_seed_all(seed)",
    "tensorflow": "tf.keras.utils.set_random_seed(seed)",
    "jax": "key = jax.random.PRNGKey(seed)",
}


def _at_fix_site(ctx, frameworks, site: str = "") -> list[str]:
    """The frameworks among ``frameworks`` that the fix's script (``site``, else the main training
    script) imports in its program (its module and the project modules it imports): a TF1 TPU script is
    given no torch or JAX seed because another corner of the repository uses them. All of them when it
    imports none."""
    from ..scoring import run_start
    from .facts import FRAMEWORK_ROOTS, entry_closure

    entries = ctx.taxonomy.training_entry_points
    if not entries and not site:
        return sorted(frameworks)
    closure = entry_closure(ctx, site or run_start(entries[0]))
    here = {
        FRAMEWORK_ROOTS[root]
        for p in closure
        if p in ctx.index.modules
        for i in ctx.index.modules[p].imports
        if (root := i.module.split(".", 1)[0]) in FRAMEWORK_ROOTS
    }
    return sorted(set(frameworks) & here) or sorted(frameworks)


# A seed drawn when the run starts: np.random.randint(10, 1000), random.randint(...), time.time()
_SEED_DRAWN_IN_CODE = re.compile(
    r"(numpy\.random\.|random\.|secrets\.|os\.urandom|time\.time|time\.time_ns)\w*\(\)$"
)


def _documented_entry_unseeded(ctx, seeding: set) -> Evidence | None:
    """The first training entry point, when the project's commands (README, shell scripts) launch it and
    neither it nor what it imports seeds anything, while another training entry point does."""
    entries = ctx.taxonomy.training_entry_points
    if len(entries) < 2:
        return None
    from ..detect.engine import launched_scripts

    first, launched = entries[0], launched_scripts(ctx.index)
    name = first.path.rsplit("/", 1)[-1]
    # commands name scripts as written (`python train.py` in scripts/gluon/): a bare name is this entry
    # only when no other training entry point shares it
    named = first.path in launched or (
        name in launched and not any(e.path.rsplit("/", 1)[-1] == name for e in entries[1:])
    )
    if not named or entry_closure(ctx, first.path) & seeding:
        return None
    return first


def _option_names(ctx) -> set[str]:
    """Every command-line option's name in the project (`--manual-seed`, its `dest=`), in any module: the
    parser may live in options.py while train.py draws the seed."""
    out = set()
    for _, x in find(ctx, suffixes=("add_argument",)):
        out.update(n.lstrip("-").replace("-", "_") for n in x.args if isinstance(n, str))
        if isinstance(x.kw("dest"), str):
            out.add(x.kw("dest"))
    return out


def _seed_fallback(ctx, m, c):
    """For a seed call in a helper that draws a seed only when given None (`def set_seed(seed=None): if seed
    is None: seed = random.getrandbits(32)`): (parameter, what the callers pass), where the callers' value
    is "a value" (every call passes one that is given), an option's name (`set_seed(args.seed)` with
    `--seed` left at None by every shipped default and command) or "" (a call passes nothing, or None);
    None where the seed call is not such a helper's."""
    spans = [(ln, fn) for fn, ln, cell, end in m.functions if cell == c.cell and ln <= c.line <= end]
    if not spans:
        return None
    fn = max(spans)[1]
    params = [p for p in m.none_defaults.get(fn, ()) if "seed" in p.lower()]
    if len(params) != 1:
        return None
    order = m.func_params.get(fn, ())
    pos = order.index(params[0]) if params[0] in order else -1
    from ..fixes import training_paths

    # the training runs' calls: a sampling script's set_seed(None) draws for its own samples
    main = training_paths(ctx)
    found = facts(ctx).by_last.get(fn, ())
    callers = [x for cm, x in found if cm.path in main] or [x for _, x in found]
    if not callers:
        return None
    for x in callers:
        value = x.kw(params[0]) if x.has_kw(params[0]) else x.args[pos] if 0 <= pos < len(x.args) else None
        if value is None:
            return params[0], ""  # set_seed(), set_seed(None): the fallback draws
        text = getattr(value, "text", "")
        if text and re.search(r"\.\w+$", text):
            # set_seed(args.seed): seeded by the option only where a shipped default or command gives it
            option = text.rsplit(".", 1)[-1]
            d = named_option_defaults(ctx, option, False)
            if d.absent and not d.given and not d.passed:
                return params[0], option
    return params[0], "a value"


def _drawn_only_when_not_passed(ctx, m, c) -> bool:
    """The helper's draw is a fallback no run takes: every call passes a seed that is given."""
    found = _seed_fallback(ctx, m, c)
    return found is not None and found[1] == "a value"


def _seed_drawn(ctx, m, c, options: set) -> str:
    """The draw a seed call's value comes from, or '': `random.seed(np.random.randint(1e6))`, or
    `opt.manualSeed = random.randint(1, 10000)` above `torch.manual_seed(opt.manualSeed)` where no option
    of that name exists (PointNet's scripts), so no command line can set it."""
    text = getattr(c.args[0], "text", "") if c.args else ""
    if not text:
        return ""
    if _SEED_DRAWN_IN_CODE.match(text):
        return "" if _drawn_only_when_not_passed(ctx, m, c) else text
    last = text.rsplit(".", 1)[-1]
    if last in options and not any(
        a.target == text
        and a.cell == c.cell
        and a.line < c.line
        and _SEED_DRAWN_IN_CODE.match(getattr(a.value, "text", "") or "")
        and not _under_test_of(ctx, m, a.line, last)
        for a in m.assigns
    ):
        return ""  # drawn only when the option is not given (DCGAN's `if opt.manualSeed is None:`)
    for a in m.assigns:
        value = getattr(a.value, "text", "")
        if (
            a.target == text
            and a.cell == c.cell
            and a.line < c.line
            and _SEED_DRAWN_IN_CODE.match(value or "")
        ):
            return f"{last} = {value}"
    return ""


# detectron2 seeds from cfg.SEED, and a negative SEED (its default, -1) means "draw one": the library's
# default_setup, or a project's copy of it calling seed_all_rng(None if seed < 0 else seed + rank)
_D2_SEEDING = ("detectron2.engine.default_setup", "detectron2.engine.defaults.default_setup")
# a shipped SEED for detectron2: `SEED: 42` in a config, `cfg.SEED = 42`, or `SEED 42` among a command's opts
_D2_SEED_VALUE = re.compile(r"(?<![\w.-])SEED[ =]+(-?\d+)\b")


def _d2_seed_shipped(ctx) -> list[Evidence]:
    """Where the repository gives detectron2's cfg.SEED (a lazy config's train.seed) a non-negative value."""
    out = []
    for doc in facts(ctx).config_docs:
        out += [
            Evidence(doc.path, line, f"{k}: {v!r}")
            for k, v, line in doc.entries
            if (k.split(".")[-1] == "SEED" or k.endswith("train.seed")) and type(v) is int and v >= 0
        ][:1]
    for m, a in facts(ctx).assigns:
        # cfg.SEED = 42, or cfg.SEED = args.seed: set by the code from what the run is given
        if a.target.endswith((".SEED", "train.seed")) and (
            (type(a.value) is int and a.value >= 0) or getattr(a.value, "text", None)
        ):
            out.append(Evidence(m.path, a.line, f"{a.target} = {getattr(a.value, 'text', a.value)}", a.cell))
    # a lazy config's `train = dict(..., seed=42)` in configs/common/train.py
    for m, c in facts(ctx).calls:
        if (
            c.name == "dict"
            and "config" in m.path.lower()
            and type(c.kw("seed")) is int
            and c.kw("seed") >= 0
        ):
            out.append(Evidence(m.path, c.line, f"seed={c.kw('seed')}", c.cell))
    for path, cell, line, cmd in facts(ctx).shell:
        hit = _D2_SEED_VALUE.search(cmd)
        if hit and int(hit.group(1)) >= 0:
            out.append(Evidence(path, line, f"passes {hit.group(0)}", cell))
    return out


def _under_test_of(ctx, m, line: int, name: str) -> bool:
    """The line runs only on some runs: on the same line as an `if` testing ``name`` (`if opt.seed is None:
    opt.seed = ...`), or in the body of the first less indented line above it (comments and blank lines
    skipped) when that is an `if`/`elif` testing ``name`` or an `else:`."""
    from .facts import source_lines

    lines = source_lines(ctx, m.path) or []
    if not 0 < line <= len(lines):
        return False
    here = lines[line - 1].lstrip()
    tests = re.compile(rf"\b{re.escape(name)}\b")
    if here.startswith("if ") and tests.search(here.split(":", 1)[0]):
        return True
    own = len(lines[line - 1]) - len(here)
    for row in reversed(lines[max(0, line - 40) : line - 1]):
        text = row.strip()
        if not text or text.startswith("#") or len(row) - len(row.lstrip()) >= own:
            continue
        return text.startswith("else") or (
            text.startswith(("if ", "elif ")) and tests.search(text) is not None
        )
    return False


def _drawn_unless_given(ctx, calls, options: set) -> tuple[list[Evidence], str] | None:
    """(evidence, the option) when every seed call takes a value drawn afresh in each run unless an option
    is given, and nothing the repository ships gives it: `if args.seed < 0: args.seed = random.randint(...)`
    under `--seed` defaulting to -1 or None, or detectron2's cfg.SEED left at its -1. Such a run is seeded,
    but with a new seed each time."""
    found, option = [], ""
    d2_checked = False  # the shipped SEED is looked for once, at the first detectron2 seeding
    for m, c in calls:
        if c.name in OWN_GENERATORS:
            continue
        text = getattr(c.args[0], "text", "") if c.args else ""
        if c.name in _D2_SEEDING or (c.name.endswith("seed_all_rng") and text.startswith("None if ")):
            if not d2_checked and _d2_seed_shipped(ctx):
                return None
            d2_checked = True
            found.append(
                ev(m, c, "seeds from cfg.SEED, drawn afresh when negative (detectron2's default, -1)")
            )
            option = option or "SEED"
            continue
        fallback = _seed_fallback(ctx, m, c) if _SEED_DRAWN_IN_CODE.match(text) else None
        if fallback is not None and fallback[1] not in ("", "a value"):
            # set_seed(args.seed) with --seed left at None: the helper draws, run after run
            param, given = fallback
            found.append(ev(m, c, f"{param} = {text[:-2]}(...) when `{given}` is not given"))
            option = option or given
            continue
        last = text.rsplit(".", 1)[-1]
        if not text or last not in options:
            return None
        draw = next(
            (
                a
                for a in m.assigns
                if a.target == text
                and a.cell == c.cell
                and a.line < c.line
                and _SEED_DRAWN_IN_CODE.match(getattr(a.value, "text", "") or "")
            ),
            None,
        )
        if draw is None or not _under_test_of(ctx, m, draw.line, last):
            return None  # no draw, or one that replaces whatever the option gives (_seed_drawn says so)
        defaults = named_option_defaults(ctx, last, True)
        declared = [e for e in defaults.given + defaults.absent if e.detail.startswith(f"--{last} default")]
        # the script's own declaration where it has one: evaluate.py's --seed 0 does not seed train.py's runs
        declared = [e for e in declared if e.path == m.path] or declared
        # the draw stands for the option's default only where that default is a sentinel (None, -1)
        sentinel = [e for e in declared if re.search(r"default (None|-\d+)$", e.detail)]
        if not sentinel or len(sentinel) < len(declared) or defaults.passed:
            return None
        found += [
            Evidence(m.path, draw.line, f"{last} = {draw.value.text[:-2]}(...) when not given", c.cell),
            sentinel[0],
        ]
        option = option or last
    return (found, option) if found else None


def seeded_frameworks(ctx) -> tuple[list, set, dict]:
    """(seed calls, frameworks they seed, frameworks in use): a private generator
    (`self._rng = np.random.RandomState(123)`) seeds only its own draws, so where training also draws from
    numpy's global RNG and nothing seeds that, numpy is not seeded."""
    calls, seeded, used = _seeding(ctx)
    global_draw = _unseeded_global_numpy_draw(ctx, calls)
    if global_draw:
        seeded = seeded - {"numpy"}
        used = {**used, "numpy": global_draw}
    return calls, seeded, used


@rule(
    "ET401",
    "no-seed",
    "4.1",
    "Random seeds are set for every framework in use",
    what="Finds seed calls per framework (`random.seed`, `np.random.seed`/`default_rng(seed)`, "
    "`torch.manual_seed` + CUDA, `tf.random.set_seed`/`keras.utils.set_random_seed`, a TF Estimator's "
    "`RunConfig(tf_random_seed=)`, "
    "`jax.random.PRNGKey`, `transformers.set_seed`, Lightning `seed_everything`, Sacred's automatic "
    "seeding of random, numpy, TensorFlow and PyTorch at the start of every run of an Experiment) and "
    "compares them with the frameworks the training code imports. A seed set only when an "
    "option is given (`if args.seed is not None:`, `if 'seed' in config:`, `if seed is None: return`) "
    "counts only when a shipped default, config or documented command gives the option; otherwise the "
    "finding asks whether the reported runs were made with it.",
    why="Unseeded weight initialisation, shuffling and dropout make every run different; a 0.5% "
    "improvement cannot be told apart from seed noise.",
    example="```python\nmodel = Net()            # random init differs every run\nloader = DataLoader(ds, shuffle=True)\n```",
    fix="```python\ndef seed_everything(seed: int) -> None:\n    random.seed(seed)\n    np.random.seed(seed)\n"
    "    torch.manual_seed(seed)\n    torch.cuda.manual_seed_all(seed)\n```\n"
    "or `lightning.seed_everything(seed, workers=True)` / `transformers.set_seed(seed)`.",
)
def seeds_set(ctx):
    r = seeds_set.rule
    calls, seeded, used = seeded_frameworks(ctx)
    # Python's `random` counts where training draws from it (random no-op starts, shuffled file
    # lists); an import alone is often incidental.
    draws = _random_draws(ctx)
    if draws:
        used = {**used, "random": draws[0]}
    relevant = {k: v for k, v in used.items() if k != "random" or "random" in seeded or draws}
    # numpy beside a deep-learning framework counts where the code draws from its global RNG
    # (np.random.rand/choice/shuffle...), or where a library that draws from it trains (scikit-learn
    # estimators left without random_state); numpy used for arithmetic needs no seed.
    if "numpy" in relevant and "numpy" not in seeded and not _numpy_draws(ctx):
        # numpy for arithmetic (np.nan, array maths in an ETL step) draws nothing to seed
        relevant.pop("numpy")
    # calls seeding only private generators (RandomState(rng) where numpy's global RNG is drawn): no seed
    if not seeded:
        if not trains(ctx) and (not relevant or set(relevant) <= {"random"} or training_code(ctx) is None):
            # no training: `random.randint` for record ids, or torch imported to save and load models for
            # others (or to probe pretrained ones, whatever logs the probe keeps), is no experiment to repeat
            return []
        per_call = _seeded_per_call(ctx)
        if per_call and set(relevant) <= {"numpy", "random"}:
            # scikit-learn/XGBoost style: every randomised estimator and split takes its own seed.
            return [
                r.finding(
                    PASS,
                    f"Randomness is seeded where it is drawn: {len(per_call)} estimator(s)/split(s) take a "
                    "random_state; no global seed is set.",
                    per_call[:5],
                )
            ]
        where = facts(ctx).training[:3] or list(relevant.values())[:3]
        if not relevant:
            # BPE merges, closed-form fits: the training code uses no library that draws random numbers,
            # so no seed is missing (a project's own RNG use is not read from imports)
            return []
        fws = ", ".join(sorted(relevant))
        snippet = "\n".join(_seed_snippet(ctx, k) for k in _at_fix_site(ctx, relevant) if k in SEED_SNIPPETS)
        fix = (
            r.fix
            if not snippet
            else f"Seed every framework at the start of training:\n```python\n{snippet}\n```"
        )
        # fastai's own helper only where the script the fix is for trains with fastai (one fastai
        # notebook in a collection of sklearn and LightGBM examples is not the script this fix targets)
        if where and _imports_in_closure(ctx, where[0].path, "fastai"):
            fix = _learner_seed_fix(ctx) or fix
        side = getattr(ctx, "_et_side_seeds", [])
        elsewhere = (
            f"; the seed at {where_list(side, 2)} is set only in a side script or data preparation, which "
            "no training run executes"
            if side
            else ""
        )
        clock = getattr(ctx, "_et_clock_seeds", [])
        if clock:
            # seed = int(time.time()) % 10000; set_global_seeds(seed): seeded, but never the same way twice
            elsewhere += (
                f"; the seed set at {where_list(clock, 2)} is read from the clock (or the OS's entropy) "
                "on every run, so no two runs draw the same numbers"
            )
        return [
            r.finding(
                FAIL,
                f"No {'fixed ' if clock else ''}random seed is set{' in training' if side else ''} ({fws}; "
                f"searched {len(facts(ctx).modules)} modules){elsewhere}.",
                clock[:2] + where + side[:2],
                fix,
            )
        ]
    missing = sorted(k for k in relevant if k not in seeded and (k != "random" or draws))
    _, by_sacred, sacred_runs = sacred_seeded(ctx, used)
    from ..detect.framework_clis import cli_seeds

    by_cli = cli_seeds(ctx.index)[1]
    sacred_runs = sacred_runs | {e.path for e in by_cli}
    ev_list = by_sacred[:4] + by_cli[:2] + evs(calls[:8], lambda c: f"seeds {', '.join(seeded_by(c.name))}")
    # Seeds that reach only a few of many training scripts or notebooks (numpy seeded for one split in
    # one notebook of nine): most runs are unseeded, whatever the seeded one does. A Sacred run is
    # seeded by the module that starts it.
    from .facts import hf_trainers

    # a Hugging Face Trainer seeds every generator from TrainingArguments.seed (42 unless given) when built
    seeded_elsewhere = _entries_seeded_where_drawn(ctx) | _hf_trainer_modules(ctx, hf_trainers(ctx))
    covered, total = covered_entries(ctx, {m.path for m, _ in calls} | sacred_runs | seeded_elsewhere)
    # ... or in one of the two or three stages of a pipeline (world-models seeds the VAE's training, not
    # the MDN-RNN's nor the controller's)
    few_stages = 2 <= total <= 3 and covered * 2 <= total
    if ev_list and (reaches_few(covered, total) or few_stages):
        # an entry is seeded when its program is: a wrapper calling the seeded main() of a module it imports
        seeding = {m.path for m, _ in calls} | sacred_runs | {x.path for x in ev_list} | seeded_elsewhere
        unseeded = [e for e in facts(ctx).training if not entry_closure(ctx, e.path) & seeding]
        clock = getattr(ctx, "_et_clock_seeds", [])
        by_clock = getattr(ctx, "_et_clock_frameworks", set())
        unset = [k for k in missing if k not in by_clock]
        never = f"; {', '.join(unset)} {'is' if len(unset) == 1 else 'are'} never seeded" if unset else ""
        if clock:
            # random.seed(datetime.now()) in the search scripts: seeded, but a new seed on every run
            never += f"; the seeds at {where_list(clock, 2)} are read from the clock, a new one every run"
        return [
            r.finding(
                FAIL,
                f"Seeds are set in only {covered} of {total} training scripts or notebooks "
                f"({', '.join(sorted(seeded))} at {where_list(ev_list, 2)}); the other {total - covered} run unseeded"
                f"{never}.",
                ev_list[:3] + unseeded[:3],
                _learner_seed_fix(ctx)
                or "Seed every run at the start of training, in code every training "
                "script or notebook runs:\n```python\n"
                + "\n".join(
                    _seed_snippet(ctx, k)
                    # the scripts left unseeded are where the fix goes: their frameworks, not the seeded one's
                    for k in _at_fix_site(ctx, relevant, unseeded[0].path if unseeded else "")
                    if k in SEED_SNIPPETS
                )
                + "\n```",
            )
        ]
    # the training script the project's own commands run (the README's) sets no seed, other scripts do
    documented = _documented_entry_unseeded(ctx, {m.path for m, _ in calls} | sacred_runs)
    if documented is not None and ev_list:
        return [
            r.finding(
                WARN,
                f"The training script the project's commands run ({documented.path}) sets no seed; seeds are "
                f"set only in other training code ({where_list(ev_list, 2)}).",
                [documented, *ev_list[:3]],
                "Seed the documented training script too, at its start:\n```python\n"
                + "\n".join(
                    _seed_snippet(ctx, k)
                    for k in _at_fix_site(ctx, relevant, documented.path)
                    if k in SEED_SNIPPETS
                )
                + "\n```",
            )
        ]
    unseeded_helper = _helper_left_unseeded(ctx, calls)
    if unseeded_helper is not None:
        helper, call = unseeded_helper
        return [
            r.finding(
                FAIL,
                f"Every seed goes through {helper.detail}, and training calls it without a seed "
                f"({call.where()}): its None default leaves {', '.join(sorted(seeded))} seeded from the "
                "operating system's entropy, so no two runs draw the same numbers.",
                [call, helper, *ev_list[:3]],
                "Pass the run's seed (and record it): `random_seed(args.seed)` with a `--seed` option "
                "that has a default.",
            )
        ]
    optin = _optin_seeding(ctx, calls, relevant, "seeds")
    if optin is not None:
        status, msg, evidence, question = optin
        return [r.finding(status, msg, evidence, _OPTIN_SEED_FIX, question)]
    options = _option_names(ctx)
    drawn_default = _drawn_unless_given(ctx, calls, options)
    if drawn_default is not None:
        found, option = drawn_default
        never = (
            f"; {', '.join(missing)} {'is' if len(missing) == 1 else 'are'} never seeded" if missing else ""
        )
        from .phase2_parameters import _seed_recorded

        kept = _seed_recorded(ctx)
        # ... written after the draw: options.json dumped before `if args.seed is None: args.seed = ...` holds null
        writes = [
            e for e in (kept[0].evidence if kept else []) if re.search(r"written|logs|records", e.detail)
        ]
        drawn_at = found[0]
        before = [e for e in writes if e.path == drawn_at.path and e.line < drawn_at.line]
        if kept and kept[0].status == PASS and not missing and not (writes and len(before) == len(writes)):
            # pix2pix's options.json, detectron2's log.txt: the drawn seed is kept, so a run can be repeated
            at = kept[0].evidence[-1] if kept[0].evidence else found[0]
            return [
                r.finding(
                    PASS,
                    f"Seeds set for {', '.join(sorted(seeded))}: a new seed is drawn in each run unless `{option}` is "
                    f"given ({found[0].where()}), and each run records the seed it used ({at.where()}), so a run "
                    "can be repeated by passing it.",
                    [*found[:2], at],
                )
            ]
        return [
            r.finding(
                WARN,
                f"Seeds set for {', '.join(sorted(seeded))}, but from a value drawn afresh in each run unless "
                f"`{option}` is given ({found[0].where()}), and no shipped default, config or documented command "
                f"gives it{never}: runs made as shipped differ, and one repeats only if it recorded the seed it drew.",
                found[:3],
                f"Give `{option}` a fixed default (or pass it in the documented commands) and record it with the "
                "run; to vary seeds, pass them explicitly.",
            )
        ]
    in_code = [(m, c, drawn) for m, c in calls if (drawn := _seed_drawn(ctx, m, c, options))]
    if in_code and len(in_code) == len(calls):
        m, c, drawn = in_code[0]
        return [
            r.finding(
                WARN,
                f"Seeds set for {', '.join(sorted(seeded))}, but with a value drawn afresh in every run "
                f"({m.path}:{c.line}: {drawn}): no two runs repeat unless each records the seed it drew, "
                "and no option can make a run repeat one"
                + (
                    f"; {', '.join(missing)} {'is' if len(missing) == 1 else 'are'} never seeded."
                    if missing
                    else "."
                ),
                [Evidence(m.path, c.line, f"seeded with {d}", c.cell) for m, c, d in in_code[:3]],
                "Seed from an option with a default (`--seed 0`) and record it with the run; to vary seeds, "
                "pass them in the commands that start the runs.",
            )
        ]
    if missing:
        snippet = "\n".join(_seed_snippet(ctx, k) for k in _at_fix_site(ctx, missing) if k in SEED_SNIPPETS)
        return [
            r.finding(
                WARN,
                f"Seeds set for {', '.join(sorted(seeded))}, but not for {', '.join(missing)}.",
                ev_list + [used[k] for k in missing],
                f"Also seed {', '.join(missing)}:\n```python\n{snippet}\n```",
            )
        ]
    drawn = _random_seed_commands(ctx)
    if drawn:
        return [
            r.finding(
                WARN,
                f"Seeds set for {', '.join(sorted(seeded))}, but the shipped commands draw a new seed for every "
                f"run ({drawn[0].where()}: {drawn[0].detail}): no two runs repeat unless each records its seed.",
                drawn[:2] + ev_list[:3],
                "Pass a fixed seed in the shipped commands (`--seed 42`), or keep varying it on purpose and record "
                "the seed each run used with its results.",
            )
        ]
    when = gated_on_text(ctx, calls)
    made = _unseeded_environment(ctx)
    if made is not None:
        # reinforcement learning: the simulator draws its own numbers (starts, sticky actions, sampled actions)
        return [
            r.finding(
                WARN,
                f"Seeds set for {', '.join(sorted(seeded))}{when}, but the environment made at {made.where()} is "
                "never seeded (no `env.reset(seed=...)`, `env.seed(...)` or `action_space.seed(...)`): its "
                "episodes differ between runs.",
                ev_list + [made],
                "```python\nobs, info = env.reset(seed=seed)   # gym < 0.26: env.seed(seed)\n"
                "env.action_space.seed(seed)\n```",
            )
        ]
    clock = getattr(ctx, "_et_clock_seeds", [])
    if clock:
        # np.random.seed(rank * 1000) at start-up, then reseed(env) with pool_rank + get_time_seed() in the
        # rollouts: the later seeds come from the clock, so the fixed one does not fix the run
        return [
            r.finding(
                WARN,
                f"Seeds set for {', '.join(sorted(seeded))}{when}, but the code also re-seeds from the clock "
                f"({where_list(clock, 2)}): from there on, no two runs draw the same numbers.",
                clock[:2] + ev_list,
                "Derive every later seed from the run's seed (`seed + rank`, `seed + epoch`), not from the time.",
            )
        ]
    return [r.finding(PASS, f"Seeds set for {', '.join(sorted(seeded))}{when}.", ev_list)]


def _unseeded_environment(ctx) -> Evidence | None:
    """A gym/gymnasium environment the training code makes, when nothing in the project seeds an
    environment or its action space (`env.seed(s)`, `env.reset(seed=s)`, `action_space.seed(s)`, a
    vector env's `seed=`)."""
    from ..fixes import training_paths

    main = training_paths(ctx)
    made = None
    for m, c in facts(ctx).calls:
        last = _last(c.name)
        # env.seed(s), or any call given a seed= (env.reset(seed=s), make_vec_env(seed=s), an SB3 learner's
        # PPO(..., seed=s) and RLlib's .debugging(seed=s) seed the environments they drive)
        if (last == "seed" and c.name not in SEED_CALLS and "random" not in c.name) or (
            c.has_kw("seed") and c.kw("seed") is not None
        ):
            return None
        if made is None and c.name.endswith(_ENV_MAKERS) and (not main or m.path in main):
            made = ev(m, c, f"{c.name}()")
    return made


# A seed option given a value drawn when the command runs: --seed $RANDOM, --seed=$(date +%s), $(shuf ...)
_DRAWN_SEED = re.compile(r"--?\w*seed\w*[= ]+[\"']?(\$\{?RANDOM\}?|\$\((date|shuf|od|python\S*)\b[^)]*\))")


def _random_seed_commands(ctx) -> list[Evidence]:
    out = []
    for path, text in sorted(ctx.index.texts.items()):
        if is_shell_script(path) or path.endswith(".md"):
            for m in _DRAWN_SEED.finditer(text):
                out.append(Evidence(path, text.count("\n", 0, m.start()) + 1, m.group(0)))
                break
    for path, cell, line, cmd in ctx.index.shell:
        m = _DRAWN_SEED.search(cmd)
        if m:
            out.append(Evidence(path, line, m.group(0), cell))
    return out


def _helper_left_unseeded(ctx, calls):
    """(the seeding helper, a training call of it) when every seed call sits in one project function
    seeding from a parameter that defaults to None (`def random_seed(seed=None): np.random.seed(seed)`)
    and the runs call it without one (`random_seed()`); else None."""
    helpers, params_used = set(), set()
    for m, c in calls:
        spans = [(ln, end, fn) for fn, ln, cell, end in m.functions if cell == c.cell and ln <= c.line <= end]
        if not spans:
            return None
        line, _, fn = max(spans)
        helpers.add((m.path, fn, line))
        arg = c.args[0] if c.args else c.kw("seed")
        if getattr(arg, "text", None) in m.none_defaults.get(fn, ()) and not default_replaced(
            ctx, m, (fn, line), arg.text, c
        ):
            params_used.add(arg.text)
    # one helper, seeding from one None-default parameter (its other calls draw from what it seeded:
    # torch.manual_seed(np.random.randint(1e6)))
    if len(helpers) != 1 or len(params_used) != 1:
        return None
    (path, fn, line), param = next(iter(helpers)), next(iter(params_used))
    params = ctx.index.modules[path].func_params.get(fn, ())
    index = params.index(param) if param in params else -1
    entries = {e.path for e in facts(ctx).training}
    found = facts(ctx).by_last.get(fn, ())
    callers = [(m, c) for m, c in found if m.path in entries]
    if not entries:
        # no entry point recognised: the scripts' `if __name__ == "__main__":` blocks start the runs
        callers = [
            (m, c)
            for m, c in found
            if m.main_guard
            and c.line > m.main_guard
            and not any(ln <= c.line <= end for _, ln, cell, end in m.functions if cell == c.cell)
        ]
    if not callers or any(len(c.args) > index >= 0 or c.has_kw(param) for _, c in callers):
        return None
    m, c = callers[0]
    return Evidence(path, line, f"{fn}({param}=None)"), ev(m, c, f"{fn}() called without a seed")


_OPTIN_SEED_FIX = (
    "Seed every run: give the seed option a default (`--seed` default 0, `seed: 0` in the shipped "
    "config) or make it required, so a run made as the README says is seeded and records its seed."
)


def _worker_init_functions(ctx) -> frozenset:
    """Names of the functions handed to a DataLoader as its worker_init_fn (directly or through
    functools.partial): they run in each worker process, never in the one that builds the model. Read
    once per index state (each seeding rule asks)."""
    key = (id(ctx.index), len(ctx.index.modules))
    cached = getattr(ctx, "_et_worker_init_functions", None)
    if cached is not None and cached[0] == key:
        return cached[1]
    out = set()
    for m in facts(ctx).modules:
        for c in m.calls:
            v = c.kw("worker_init_fn")
            text = getattr(v, "text", "")
            if text.endswith("partial()"):
                text = next(
                    (
                        getattr(p.args[0], "text", "")
                        for p in m.calls
                        # the partial(...) among the DataLoader call's arguments, on its lines
                        if c.line <= p.line <= c.line + 15
                        and p.cell == c.cell
                        and p.name.endswith("partial")
                        and p.args
                    ),
                    "",
                )
            if text and not text.endswith("()"):
                out.add(text.rsplit(".", 1)[-1])
    ctx._et_worker_init_functions = (key, frozenset(out))
    return ctx._et_worker_init_functions[1]


def _default_seeded(ctx, calls, gates) -> dict:
    """{framework: a seed call every training run makes}: not behind a test the shipped defaults fail.
    Beside such a test, only a seed in the code training runs stands in for it (a seed in a module
    no training script imports seeds none of those runs)."""
    from ..fixes import training_paths

    main = training_paths(ctx) if gates and facts(ctx).training else frozenset()
    in_workers = _worker_init_functions(ctx) if calls else frozenset()
    out = {}
    for m, c in calls:
        if (m.path, c.line, c.cell) in gates or (main and m.path not in main):
            continue
        if in_workers and m.in_function_named(in_workers, c.line, c.cell):
            continue  # a DataLoader's worker_init_fn seeds each worker's generators, not the run's own
        # A generator seeded where it is made (RandomState(h) behind `if fixed_randomness:`) seeds
        # no draw of the runs made with the shipped defaults when its test is off.
        if gates and c.name in OWN_GENERATORS and not runs_by_default(ctx, m, c):
            continue
        for fw in seeded_by(c.name):
            out.setdefault(fw, ev(m, c, f"seeds {', '.join(seeded_by(c.name))}"))
    for m, d in facts(ctx).decorators:
        if d.name.startswith("sacred."):
            for fw in ("random", "numpy"):
                out.setdefault(fw, Evidence(m.path, d.line, "Sacred seeds random/numpy", d.cell))
    return out


def _optin_seeding(ctx, calls, frameworks, what: str):
    """(status, message, evidence, question) when some of ``frameworks`` are seeded only behind a test
    that the runs made with the shipped defaults do not pass (`if args.seed is not None:` with
    `--seed` defaulting to None), else None. REVIEW: whether the reported runs passed the option is
    not in the code (prose saying the seed is not fixed is cited: it may be about another step)."""
    gates = seed_gates(ctx, calls)
    if not gates:
        return None
    default = _default_seeded(ctx, calls, gates)
    gated = [(m, c, gates[(m.path, c.line, c.cell)]) for m, c in calls if (m.path, c.line, c.cell) in gates]
    only = sorted(
        k for k in frameworks if k not in default and any(k in seeded_by(c.name) for _, c, _ in gated)
    )
    if not only:
        return None
    # The gate that holds back most of them: `seed_everything` behind `if seed is None: return`, not a
    # per-image generator behind its own switch.
    m, c, gate = max(gated, key=lambda x: len(set(only) & set(seeded_by(x[1].name))))
    at = ev(m, c, f"seeds {', '.join(seeded_by(c.name))} only when {gate.needs().replace('`', '')}")
    docs = unfixed_seed_docs(ctx)
    never = sorted(k for k in frameworks if k not in default and k not in only)
    others = sorted(k for k in frameworks if k in default)
    fws = ", ".join(only)
    shipped = shipped_text(ctx, gate)
    # a library's fallback (cfg["rnd.np_random_seed"] = None) beside the entry script's setting (1000): which
    # one a run gets is decided by the call between them, not by the defaults alone
    outcome = (
        "so a run is seeded only where a setting that gives it reaches the seeding call"
        if shipped.startswith("some shipped defaults set it")
        else "so runs made with the shipped defaults are unseeded"
    )
    msg = f"Seeds for {fws} are set only when {gate.needs()} ({at.where()}, {gate_text(gate, at)}); {shipped}, {outcome}"
    if others:
        msg += f" ({', '.join(others)} seeded at {where_list([default[k] for k in others], 2)})"
    if never:
        msg += f"; {', '.join(never)} {'is' if len(never) == 1 else 'are'} never seeded"
    if docs:
        msg += f"; {docs[0].where()}: '{docs[0].detail}'"
    question = gate_question(ctx, gate, f"{what} {fws}", at)
    evidence = [gate.where, *([gate.via] if gate.via else []), at, *docs]
    evidence += [ev(x, y, f"seeds {', '.join(seeded_by(y.name))}") for x, y, _ in gated if y is not c][:2]
    return REVIEW, msg + ".", evidence, question


_RANDOM_DRAWS = (
    "random.random",
    "random.randint",
    "random.randrange",
    "random.choice",
    "random.choices",
    "random.shuffle",
    "random.sample",
    "random.uniform",
    "random.gauss",
)


def _random_draws(ctx) -> list[Evidence]:
    """Draws from Python's global `random` in the modules training runs."""
    from ..fixes import training_paths

    main = training_paths(ctx)
    return [
        Evidence(m.path, c.line, f"draws {c.name}", c.cell)
        for m, c in find(ctx, exact=_RANDOM_DRAWS)
        # `random` never imported as Python's module: a name bound elsewhere (a notebook's later
        # `from jax import random`, which takes a key and keeps no global state)
        if m.path in main and any(i.module.split(".", 1)[0] == "random" for i in m.imports)
    ][:1]


def _numpy_draws(ctx) -> bool:
    """Draws from numpy's global RNG in the modules training runs, or a scikit-learn style library
    (which draws from it when no random_state is given) in use there."""
    from ..fixes import imported_roots, training_paths

    main = training_paths(ctx)
    roots = set(imported_roots(ctx))
    # the libraries the training path itself imports (an evaluation script's scikit-learn metrics draw nothing
    # for the runs)
    on_path = {i.module.split(".")[0] for p, m in ctx.index.modules.items() if p in main for i in m.imports}
    if {"sklearn", "xgboost", "lightgbm", "catboost"} & (on_path if main else roots) and (
        main
        or find(
            ctx,
            prefixes=("sklearn.", "xgboost.", "lightgbm.", "catboost."),
            pred=lambda c: bool(RANDOM_ESTIMATORS.match(c.name)) or c.name.endswith("train_test_split"),
        )
    ):
        return True
    # pandas' df.sample(frac=...) without random_state draws from numpy's global RNG (not random.sample)
    if "pandas" in roots and find(
        ctx,
        suffixes=("sample",),
        pred=lambda c: (
            not c.has_kw("random_state")
            and not c.name.startswith(("random.", "numpy."))
            and (c.has_kw("frac") or c.has_kw("n"))
        ),
    ):
        return True
    return any(
        m.path in main or not main
        for m, _ in find(ctx, prefixes=("numpy.random.",), pred=_draws_from_global_rng)
    )


def _unseeded_global_numpy_draw(ctx, calls) -> Evidence | None:
    """A draw from numpy's global RNG in the modules training runs, when numpy is seeded only through
    generators of its own (RandomState/default_rng with a seed), which leave the global RNG unseeded."""
    numpy_seeds = [c for _, c in calls if "numpy" in seeded_by(c.name)]
    if not numpy_seeds or any(c.name not in OWN_GENERATORS for c in numpy_seeds):
        return None
    from ..fixes import training_paths

    main = training_paths(ctx)
    for m, c in find(ctx, prefixes=("numpy.random.",), pred=_draws_from_global_rng):
        if not main or m.path in main:
            return Evidence(
                m.path,
                c.line,
                f"draws {c.name} from numpy's global RNG (the seeded generators are private)",
                c.cell,
            )
    return None


def _draws_from_global_rng(c) -> bool:
    if re.search(r"\.(default_rng|RandomState|Generator|PCG64|Philox)\(\)\.", c.name):
        return False  # `default_rng(seed).permutation(n)`: a draw from a generator of its own
    return c.name.rsplit(".", 1)[-1] not in (
        "seed",
        "default_rng",
        "RandomState",
        "Generator",
        "get_state",
        "set_state",
    )


# TF1-only APIs: tf.contrib and the top-level graph-mode names TF 2 moved to tf.compat.v1.
_TF1_ONLY = ("tensorflow.contrib.", "tensorflow.Session", "tensorflow.placeholder", "tensorflow.app.run",
             "tensorflow.set_random_seed", "tensorflow.train.Saver", "tensorflow.global_variables_initializer",
             # TF1's summaries, logging, files, variable scopes and optimizers (gone from the TF 2 namespace)
             "tensorflow.Summary", "tensorflow.summary.FileWriter", "tensorflow.logging.", "tensorflow.gfile.",
             "tensorflow.variable_scope", "tensorflow.get_variable", "tensorflow.train.AdamOptimizer",
             "tensorflow.train.GradientDescentOptimizer", "tensorflow.train.RMSPropOptimizer")  # fmt: skip


def _tf1(ctx) -> bool:
    """The project runs TensorFlow 1: a pin below 2, or APIs only TF 1 has (tf.contrib, tf.Session), or
    multi-backend Keras (2.0-2.3), whose TensorFlow backend was TF 1."""
    v = _pinned_version(ctx, "tensorflow", "tensorflow-gpu", "tensorflow-cpu")
    if v is not None:
        return v < (2, 0)
    if find(ctx, prefixes=_TF1_ONLY):
        return True
    # multi-backend Keras whose backend here is TensorFlow (imported or declared), not Theano alone
    roots = _import_roots(ctx)
    tf_declared = any(d.name.startswith("tensorflow") for d in ctx.index.dependencies)
    return multi_backend_keras(ctx) and ("tensorflow" in roots or tf_declared)


def _import_roots(ctx) -> frozenset:
    """Top-level packages the project's modules import, read once per audit (each snippet asks)."""
    key = (id(ctx.index), len(ctx.index.modules))  # a heal pass admits modules
    cached = getattr(ctx, "_et_module_roots", None)
    if cached is None or cached[0] != key:
        roots = frozenset(i.module.split(".", 1)[0] for m in facts(ctx).modules for i in m.imports)
        cached = ctx._et_module_roots = (key, roots)
    return cached[1]


def multi_backend_keras(ctx) -> bool:
    """Standalone Keras 2.0-2.3 over a backend it chooses at run time (TensorFlow 1, Theano, CNTK): the
    code asks `K.backend()` or imports Theano, or the manifests name such a Keras release; never where
    TensorFlow 2 is pinned (Keras 2.3 on TF 2.0/2.1 seeds and saves the TF 2 way)."""
    roots = _import_roots(ctx)
    if "keras" not in roots:
        return False
    tf = _pinned_version(ctx, "tensorflow", "tensorflow-gpu", "tensorflow-cpu")
    if tf is not None and tf >= (2, 0):
        return False
    if "theano" in roots or "cntk" in roots or find(ctx, suffixes=("backend.backend",)):
        return True
    for d in ctx.index.dependencies:
        if d.name == "keras":
            m = re.search(r"(\d+)\.(\d+)", d.spec or "")
            return bool(m) and (int(m.group(1)), int(m.group(2))) < (2, 4)
    return False


# A compat Session alone is often only set up for allow_growth in a Keras project that trains with fit().
_GRAPH_MODE = ("tensorflow.compat.v1.train.Saver", "tensorflow.compat.v1.placeholder",
               # `import tensorflow.compat.v1 as tf` code building graphs: summaries, scopes, TF1 optimizers
               "tensorflow.compat.v1.Summary", "tensorflow.compat.v1.summary.FileWriter",
               "tensorflow.compat.v1.variable_scope", "tensorflow.compat.v1.get_variable",
               "tensorflow.compat.v1.train.AdamOptimizer", "tensorflow.compat.v1.train.RMSPropOptimizer",
               "tensorflow.compat.v1.disable_v2_behavior")  # fmt: skip


def graph_mode(ctx) -> bool:
    """TensorFlow graph code: TF 1, or TF 2 running a tf.compat.v1 Session and Saver (no Keras fit, no
    eager seeding reaching the graph)."""
    # (multi-backend Keras runs on TF 1, but trains with fit() and saves with model.save)
    return (_tf1(ctx) and not multi_backend_keras(ctx)) or bool(find(ctx, prefixes=_GRAPH_MODE))


def _seed_snippet(ctx, framework: str) -> str:
    """The seeding line for one framework, in the API the project's version has."""
    if framework != "tensorflow":
        return SEED_SNIPPETS[framework]
    # An Estimator builds its own graph: a global tf.set_random_seed outside it does not reach it.
    configs = find(ctx, suffixes=("RunConfig",), pred=lambda c: c.name.startswith("tensorflow"))
    if configs:
        name = "tf." + configs[0][1].name.removeprefix("tensorflow.")
        return f"{name}(..., tf_random_seed=seed)   # the Estimator seeds the graph it builds"
    if multi_backend_keras(ctx):
        return (
            "tf.set_random_seed(seed)   # Keras' TensorFlow 1 backend; under Theano, numpy's seed is the one"
        )
    if _tf1(ctx):
        return "tf.set_random_seed(seed)   # TF1 (tf.compat.v1.set_random_seed under TF 2)"
    if graph_mode(ctx):
        return "tf.compat.v1.set_random_seed(seed)   # before the graph is built: its ops draw from it"
    v = _pinned_version(ctx, "tensorflow", "tensorflow-gpu", "tensorflow-cpu")
    if v is not None and v < (2, 7):  # keras.utils.set_random_seed arrived in TF 2.7
        return "tf.random.set_seed(seed)"
    return SEED_SNIPPETS[framework]


# Seeding in the library's own idiom: fastai v2 has a helper that seeds python, numpy and torch.
LEARNER_SEED_FIXES = {
    1: "random.seed(seed); np.random.seed(seed)\ntorch.manual_seed(seed); torch.cuda.manual_seed_all(seed)\n"
    "torch.backends.cudnn.deterministic = True   # fastai v1 has no seeding helper",
    2: "set_seed(seed, reproducible=True)   # python, numpy and torch; deterministic cuDNN",
}


def _imports_in_closure(ctx, path: str, root: str) -> bool:
    """The script or one of the project modules it imports imports ``root``."""
    for p in entry_closure(ctx, path) or {path}:
        m = ctx.index.modules.get(p)
        if m is not None and any(i.module.split(".", 1)[0] == root for i in m.imports):
            return True
    return False


def _learner_seed_fix(ctx) -> str:
    code = learner_fix(ctx, LEARNER_SEED_FIXES)
    return f"Seed every run at the start of each training notebook or script:\n{code}" if code else ""


def _fits(m) -> bool:
    """The module fits or searches something; a module that only loads and predicts draws no randomness."""
    cached = getattr(m, "_et_fits", None)
    if cached is None:
        cached = any(
            _last(c.name)
            in ("fit", "fit_transform", "fit_predict", "train", "cross_val_score", "cross_validate")
            or c.name.endswith("train_test_split")
            for c in m.calls
        )
        m._et_fits = cached
    return cached


def _seeded_per_call(ctx) -> list[Evidence]:
    """Every randomised estimator, shuffling splitter and train_test_split gets random_state (none
    without): the places, or [] when any draws unseeded."""
    good = []
    for m, c in facts(ctx).calls:
        if not _fits(m):
            continue
        if not _sklearn_draw(c):
            continue
        if not any(c.has_kw(k) for k in ("random_state", "seed", "random_seed", "**")):
            return []
        good.append(ev(m, c, f"{_last(c.name)}(random_state=...)"))
    return good


def _entries_seeded_where_drawn(ctx) -> set[str]:
    """Training entry points whose whole program draws nothing unseeded: no deep-learning or boosting
    library, no star import hiding what is called, and every draw a scikit-learn estimator, splitter or
    split handed its own seed (a lesson passing random_state=1 to each), or none at all (a
    LogisticRegression lesson). A random_state on a split does not seed the Keras network trained after
    it, nor does a helper module that draws nothing seed the torch script importing it."""
    quiet = {m.path for m in facts(ctx).modules if _draws_nothing(m)}
    return {
        e.path
        for e in ctx.taxonomy.training_entry_points
        if (closure := entry_closure(ctx, e.path))
        and all(p in quiet for p in closure if p in ctx.index.modules)
    }


def _hf_trainer_modules(ctx, built: list) -> set[str]:
    """Modules building a transformers/TRL Trainer, or the project's own subclass of one
    (`class ModifiedTrainer(Trainer)` built as `ModifiedTrainer(...)`)."""
    subclasses = {
        cls
        for m in facts(ctx).modules
        for cls, base, _l, _c in m.bases
        if base.startswith(("transformers.", "trl.")) and base.endswith("Trainer")
    }
    out = {m.path for m, _c in built}
    if subclasses:
        out |= {
            m.path
            for m in facts(ctx).modules
            if any(c.name.rsplit(".", 1)[-1] in subclasses for c in m.calls)
        }
    return out


# Libraries that draw random numbers when they build or train a model (weights, batches, environments).
_DL_ROOTS = frozenset({"torch", "tensorflow", "keras", "jax", "flax", "paddle", "mxnet", "theano", "lightning",
                       "pytorch_lightning", "transformers", "xgboost", "lightgbm", "catboost", "fastai", "timm",
                       "detectron2", "mmcv", "mmdet", "mmengine", "stable_baselines3", "gym", "gymnasium", "optax",
                       "haiku", "equinox", "diffusers", "peft", "trl", "accelerate", "deepspeed", "chainer",
                       "cntk", "caffe", "dgl", "torch_geometric", "spacy", "gensim"})  # fmt: skip
_DRAW_WORDS = re.compile(r"random|shuffle|sample|permutation|choice|dropout|noise", re.I)


def _draws_nothing(m) -> bool:
    """No deep-learning or boosting library, no star import of the project's own or an unknown module
    (its names are not seen drawing), and no call that draws (random, shuffle, sample, make_* data)
    except scikit-learn estimators and splits given their own seed."""
    if any(i.module.split(".", 1)[0] in _DL_ROOTS for i in m.imports) or getattr(m, "star_imports", None):
        return False
    for c in m.calls:
        seeded = any(c.has_kw(k) for k in ("random_state", "seed", "random_seed"))
        estimator = _sklearn_draw(c)
        if estimator and not seeded:
            return False
        if not estimator and (_DRAW_WORDS.search(c.name) or _SK_GENERATOR.match(c.name)) and not seeded:
            return False
    return True


# scikit-learn's data generators draw from numpy's global state unless given random_state
_SK_GENERATOR = re.compile(r"^sklearn\.datasets\.make_\w+$")


def _sklearn_draw(c) -> bool:
    """A randomised estimator, a shuffling splitter or a train_test_split: a call that draws unless seeded."""
    return bool(
        RANDOM_ESTIMATORS.match(c.name)
        or (SHUFFLING_SPLITTERS.match(c.name) and c.kw("shuffle") is True)
        or c.name.endswith("train_test_split")
    )


RANDOM_ESTIMATORS = re.compile(
    r"^(sklearn\.[\w.]+\.(RandomForest\w+|ExtraTrees\w+|GradientBoosting\w+|HistGradientBoosting\w+|DecisionTree\w+|"
    r"MLP\w+|SGD\w+|KMeans|MiniBatchKMeans|IsolationForest|Bagging\w+|AdaBoost\w+|RandomizedSearchCV|"
    r"StratifiedShuffleSplit|ShuffleSplit|TSNE|RandomTreesEmbedding|GaussianMixture|NMF|TruncatedSVD)|"
    r"xgboost\.(XGB\w+)|lightgbm\.(LGBM\w+)|catboost\.(CatBoost\w+))$"
)
SHUFFLING_SPLITTERS = re.compile(
    r"^sklearn\.model_selection\.(KFold|StratifiedKFold|GroupKFold|RepeatedKFold|RepeatedStratifiedKFold)$"
)


@rule(
    "ET402",
    "estimator-without-random-state",
    "4.1",
    "Randomised estimators and splitters get a random_state",
    what="Lists scikit-learn, XGBoost, LightGBM and CatBoost estimators with internal randomness "
    "(forests, boosting, MLP, SGD, k-means, RandomizedSearchCV, shuffling splitters) created "
    "without `random_state`/`seed`/`random_seed`.",
    why="Each such estimator draws from the global NumPy state or fresh entropy; a global "
    "`np.random.seed` does not make cross-validation folds or bootstrap samples stable across "
    "library versions or call order.",
    example="```python\nclf = RandomForestClassifier(n_estimators=500)\ncv = KFold(n_splits=5, shuffle=True)\n```",
    fix="```python\nclf = RandomForestClassifier(n_estimators=500, random_state=cfg.seed)\ncv = KFold(n_splits=5, shuffle=True, random_state=cfg.seed)\n```",
)
def estimator_random_state(ctx):
    r = estimator_random_state.rule
    bad, good = [], []
    # BaggingClassifier(DecisionTreeClassifier(), random_state=42): the ensemble draws its members' seeds
    # from its own random_state, so the estimator built as its argument is seeded too.
    in_seeded = {
        (m.path, c.cell, v.text)
        for m, c in facts(ctx).calls
        if any(c.has_kw(k) for k in ("random_state", "seed", "random_seed"))
        for v in (*c.args, *(x for _, x in c.kwargs))
        if isinstance(v, Dyn)
    }
    for m, c in facts(ctx).calls:
        name = c.name
        if not _fits(m):
            continue  # an estimator built to load a saved model (CatBoostClassifier().load_model) draws nothing
        if RANDOM_ESTIMATORS.match(name):
            pass
        elif SHUFFLING_SPLITTERS.match(name):
            if c.kw("shuffle") is not True:
                continue
        else:
            continue
        if any(c.has_kw(k) for k in ("random_state", "seed", "random_seed", "**")):
            good.append(ev(m, c, f"{_last(name)}(random_state=...)"))
        elif (m.path, c.cell, name + "()") in in_seeded:
            good.append(ev(m, c, f"{_last(name)} seeded by the ensemble it is built for"))
        else:
            bad.append(ev(m, c, f"{_last(name)} without random_state"))
    if bad:
        return [r.finding(WARN, f"{len(bad)} randomised estimator(s)/splitter(s) without random_state.", bad)]
    if good:
        return [r.finding(PASS, f"All {len(good)} randomised estimator(s) get a random_state.", good)]
    return []


DETERMINISM_TORCH = (
    "torch.use_deterministic_algorithms",
    # transformers' helper: use_deterministic_algorithms, CUBLAS_WORKSPACE_CONFIG and cuDNN flags in one call
    "transformers.enable_full_determinism",
    "transformers.trainer_utils.enable_full_determinism",
    # libzero's helper seeds every generator and sets cudnn.deterministic = True, benchmark = False
    "zero.improve_reproducibility",
    "delu.improve_reproducibility",
)
DETERMINISM_TF = (
    "tensorflow.config.experimental.enable_op_determinism",
    "tensorflow.config.enable_op_determinism",
)


_ACTING_KEY = re.compile(
    r"(^|\.)(player|policy|actor|agent|action|eval\w*|test\w*|sampl\w*|infer\w*)\.", re.I
)


def _cudnn_off(ctx) -> list[Evidence]:
    """`torch.backends.cudnn.enabled = False`, or set from an option that is off unless given
    (`--enable-cudnn`, store_true): without cuDNN its non-deterministic kernels never run."""
    from ..index.python_facts import option_defaults

    out = []
    for m, a in assigned(ctx, lambda t: t.endswith("cudnn.enabled")):
        text = getattr(a.value, "text", "")
        dest = text.rsplit(".", 1)[-1] if isinstance(text, str) and "." in text else ""
        if a.value is False or (dest and option_defaults(m).get(dest) == ""):
            why = "cuDNN disabled" if a.value is False else f"cuDNN off unless the `{dest}` option is given"
            out.append(Evidence(m.path, a.line, why, a.cell))
    return out


# Non-determinism of training on GPUs stated in prose: the word beside what it is about (kernels, cuDNN,
# GPUs, training, seeds), not an LLM's sampled output or a non-deterministic test.
_CONTEXT = r"(gpu|cuda|cudnn|kernel|atomic|training|trained|seed|reproduc)"
_KERNEL_NONDETERMINISM = re.compile(
    rf"non-?determinis\w*[^\n]{{0,120}}{_CONTEXT}|{_CONTEXT}[^\n]{{0,120}}non-?determinis\w*", re.I
)


@rule(
    "ET403",
    "no-determinism-flags",
    "4.1",
    "Deterministic GPU kernels are requested (or non-determinism is documented)",
    what="For PyTorch: `torch.use_deterministic_algorithms(True)`, `cudnn.deterministic = True`, "
    "`cudnn.benchmark = False`, `CUBLAS_WORKSPACE_CONFIG`, Lightning `Trainer(deterministic=True)`, "
    "transformers `enable_full_determinism()`; "
    "for TensorFlow: `enable_op_determinism()`/`TF_DETERMINISTIC_OPS` (`TF_CUDNN_DETERMINISTIC` on "
    "TF 1.14-2.0). `PYTHONHASHSEED` fixes Python's hashing (set order), not which GPU kernels run: it "
    "does not count.",
    why="Seeds alone do not make cuDNN convolutions, atomics-based reductions or scatter operations "
    "repeatable; two runs with the same seed still differ on GPU.",
    example="```python\ntorch.manual_seed(0)\ntorch.backends.cudnn.benchmark = True  # picks kernels by timing\n```",
    fix="```python\nos.environ['CUBLAS_WORKSPACE_CONFIG'] = ':4096:8'\ntorch.use_deterministic_algorithms(True)\n"
    "torch.backends.cudnn.benchmark = False\n```\nTensorFlow: `tf.config.experimental.enable_op_determinism()`.",
)
def determinism(ctx):
    r = determinism.rule
    _, _, used = _seeding(ctx)
    gpu = [k for k in ("torch", "tensorflow", "jax") if k in used]
    # no GPU kernels run; or nothing trains (a probe of pretrained models in eval mode): nothing learnt
    # depends on kernel order
    if not gpu or (not trains(ctx) and training_code(ctx) is None) or gpus_hidden(ctx) is not None:
        return []
    ok, bad, autotune_off = [], [], []
    wired_off = []  # (setting, the config key it reads, what the configs ship) left off by the configs
    ok += evs(find(ctx, exact=DETERMINISM_TORCH + DETERMINISM_TF))
    ok += _cudnn_off(ctx)
    from ..fixes import training_paths

    main = training_paths(ctx)
    # modules the project's other scripts reach (preprocessing, inference), and no training run: a module
    # loaded by name (a registry, Hydra's _target_) is outside every static closure and stays in
    others = {p for e in ctx.taxonomy.entry_points for p in entry_closure(ctx, e.path)} if main else set()

    def off_path(path: str) -> bool:
        return bool(main) and path not in main and path in others

    for m, a in assigned(
        ctx,
        lambda t: (
            t.endswith(("cudnn.deterministic", "cudnn.benchmark"))
            or "CUBLAS_WORKSPACE_CONFIG" in t
            or "TF_DETERMINISTIC_OPS" in t
            or "TF_CUDNN_DETERMINISTIC" in t
        ),
    ):
        e = Evidence(m.path, a.line, f"{a.target} = {a.value!r}"[:100], a.cell)
        if (
            a.target.endswith("cudnn.benchmark")
            and a.value is True
            or a.target.endswith("cudnn.deterministic")
            and a.value is False
        ):
            # benchmark mode in a module no training run imports (a face detector the preprocessing and
            # inference scripts use) leaves the training's kernels as they are
            if not off_path(m.path) and not _never_turned_on(ctx, m, a):
                bad.append(e)
        elif a.target.endswith("cudnn.benchmark") and a.value is not False:
            continue  # benchmark mode set from a variable asks for speed, not determinism
        elif a.target.endswith("cudnn.deterministic") and a.value is not True:
            # cudnn.deterministic = cfg.CUDNN.DETERMINISTIC: a setting of the configs, whose shipped
            # values decide
            key = getattr(a.value, "text", "")
            if re.fullmatch(r"[A-Za-z_][\w.]*\.\w+", key or ""):
                d = named_option_defaults(ctx, key.rsplit(".", 1)[-1], True)
                if d.given and not d.absent:
                    ok.append(
                        Evidence(m.path, a.line, f"{a.target} = {key}, true in {_places(d.given, 2)}", a.cell)
                    )
                elif d.absent:
                    wired_off.append((Evidence(m.path, a.line, f"{a.target} = {key}", a.cell), key, d))
            continue
        elif a.target.endswith("cudnn.benchmark"):
            autotune_off.append(e)
        else:
            ok.append(e)
    ok += evs(
        find(
            ctx,
            suffixes=("Trainer", "Trainer.from_argparse_args"),
            roots={"lightning", "pytorch_lightning"},
            pred=lambda c: c.kw("deterministic") is True,
        ),
        "Trainer(deterministic=True)",
    )
    ok += _trainer_kwargs_deterministic(ctx)
    # OpenMMLab's set_random_seed(seed, deterministic=args.deterministic) sets cudnn.deterministic and turns
    # benchmark mode off when given true: by a literal, or by an option every launch script passes
    from ..detect.framework_clis import OPENMMLAB_PACKAGES

    for m, c in find(
        ctx, suffixes=("set_random_seed",), pred=lambda c: OPENMMLAB_PACKAGES.match(c.name.split(".", 1)[0])
    ):
        value = c.kw("deterministic")
        if value is True:
            ok.append(ev(m, c, "set_random_seed(deterministic=True)"))
        elif re.fullmatch(r"[\w.()]+\.(\w+)", getattr(value, "text", "") or ""):
            d = named_option_defaults(ctx, value.text.rsplit(".", 1)[-1], True)
            # ... as this script's own default, or on a command that runs this script (scripts/eval.sh passing
            # --deterministic to eval.py gives train.py nothing)
            script = m.path.rsplit("/", 1)[-1]
            passed = [e for e in d.passed if script in _line_at(ctx, e)]
            given = [e for e in d.given if e.path == m.path]
            if passed or (given and not d.absent):
                where = _places(passed or given, 2)
                ok.append(ev(m, c, f"set_random_seed(deterministic={value.text}), given by {where}"))
    # (tools/benchmark.py's cudnn.benchmark = False times inference; no training run imports it)
    ok = [e for e in ok if not in_module_self_test(ctx, e) and not off_path(e.path)]
    for m, c in find(ctx, prefixes=("os.environ.setdefault", "os.putenv")):
        if (
            c.args
            and isinstance(c.args[0], str)
            and c.args[0] in ("CUBLAS_WORKSPACE_CONFIG", "TF_DETERMINISTIC_OPS", "TF_CUDNN_DETERMINISTIC")
        ):
            ok.append(ev(m, c, f"sets {c.args[0]}"))
    for path, text in ctx.index.texts.items():
        for key in (
            "CUBLAS_WORKSPACE_CONFIG",
            "TF_DETERMINISTIC_OPS",
            "TF_CUDNN_DETERMINISTIC",
        ):
            i = text.find(key)
            if i >= 0 and not path.lower().endswith((".md", ".rst")):
                ok.append(Evidence(path, text.count("\n", 0, i) + 1, f"sets {key}"))
    for doc in facts(ctx).config_docs:
        for k, v, line in doc.entries:
            # ... not a player's or policy's `deterministic` (greedy actions when it plays or is evaluated)
            if k.rsplit(".", 1)[-1] == "deterministic" and v is True and not _ACTING_KEY.search(k):
                ok.append(Evidence(doc.path, line, f"{k}: true"))
    # A changelog entry about one stochastic evaluation does not document the training's determinism.
    documented = [
        e
        for e in doc_search(ctx, _KERNEL_NONDETERMINISM, 6)
        if not re.search(r"(changelog|changes|history|news)", e.path, re.I)
    ][:2]
    gated = _gated_settings(ctx, ok)
    if ok and not bad and len(gated) == len(ok):
        # Every request sits behind a test the shipped defaults do not pass (`if seed_given:`).
        at, gate = gated[0]
        return [
            r.finding(
                REVIEW,
                f"Deterministic execution is requested only when {gate.needs()} ({at.where()}, "
                f"{gate_text(gate, at)}); {shipped_text(ctx, gate)}.",
                [gate.where, *([gate.via] if gate.via else []), at] + documented,
                _determinism_fix(ctx, _at_main_entry(ctx, gpu)),
                gate_question(ctx, gate, "requests deterministic execution", at),
            )
        ]
    ok = [e for e in ok if all(e is not g for g, _ in gated)] or ok
    if ok and not bad:
        return [
            r.finding(
                PASS, f"Deterministic execution is requested ({len(ok)} setting(s)).", ok + autotune_off
            )
        ]
    if wired_off and not bad:
        e, key, d = wired_off[0]
        shown = ", ".join(x.where() if x.line else f"{x.path} ({x.detail})" for x in d.absent[:3])
        more = f" and {len(d.absent) - 3} more" if len(d.absent) > 3 else ""
        return [
            r.finding(
                WARN,
                f"Deterministic cuDNN kernels are a setting (`{e.detail}`, {e.where()}), and the shipped "
                f"configurations leave it off ({shown}{more}).",
                [e, *d.absent[:3]] + autotune_off,
                f"Set `{key.rsplit('.', 1)[-1]}` true (and benchmark mode off) in the configurations behind "
                "reported results, or state in the README that their GPU runs are not bit-reproducible.",
            )
        ]
    if autotune_off and not bad:
        # benchmark = False stops cuDNN choosing kernels by timing; the kernels chosen may still be
        # non-deterministic until deterministic ones are requested.
        return [
            r.finding(
                WARN,
                "cuDNN autotuning is off (`cudnn.benchmark = False`), but deterministic kernels are not "
                "requested (`cudnn.deterministic = True` or `torch.use_deterministic_algorithms(True)`).",
                autotune_off,
                _determinism_fix(ctx, _at_main_entry(ctx, gpu)),
            )
        ]
    if bad:
        return [
            r.finding(
                WARN,
                "cuDNN autotuning / non-deterministic kernels are enabled explicitly.",
                bad + ok,
                _determinism_fix(ctx, _at_main_entry(ctx, gpu)),
            )
        ]
    if documented:
        return [r.finding(PASS, "No determinism flags, but non-determinism is documented.", documented)]
    if gpu == ["torch"] and not _torch_may_use_gpu(ctx):
        return [
            r.finding(
                PASS,
                "No determinism flags, and none needed: nothing moves a torch model or tensor to a GPU (no "
                "`.cuda()`, `torch.device`, `.to(device)`, `device=` argument, multi-GPU wrapper or trainer "
                "that picks a GPU), so the code runs on the CPU and GPU kernel determinism does not apply.",
                facts(ctx).training[:1],
            )
        ]
    return [
        r.finding(
            WARN,
            f"{', '.join(gpu)} used without determinism flags (searched code, configs, Dockerfiles and scripts).",
            [used[k] for k in gpu],
            _determinism_fix(ctx, _at_main_entry(ctx, gpu)),
        )
    ]


def _line_at(ctx, e) -> str:
    """The text of an evidence line (with the lines a trailing backslash continues), '' when unread."""
    lines = (ctx.index.texts.get(e.path) or "").splitlines()
    i, out = e.line - 1, []
    while 0 <= i < len(lines) and len(out) < 10:
        out.append(lines[i])
        if not lines[i].rstrip().endswith("\\"):
            break
        i += 1
    return "\n".join(out)


def _never_turned_on(ctx, m, a) -> bool:
    """The setting sits behind a test of a value no shipped configuration, default or documented command
    gives (`if cfg.get('cudnn_benchmark', False): torch.backends.cudnn.benchmark = True`): the runs made
    with what the repository ships never reach it."""
    from .optin import gate_at, option_defaults

    gate = gate_at(ctx, m, a.line, a.cell)
    # only a key read with an off default in the test itself: `if cfg.use_gpu:` is on wherever the config
    # computes it (use_gpu = torch.cuda.is_available()), whatever no file writes
    if gate is None or gate.kind != "given" or "|" in gate.option or not _OFF_DEFAULT_GET.search(gate.cond):
        return False
    d = option_defaults(ctx, gate)
    return not (d.given or d.passed)


_OFF_DEFAULT_GET = re.compile(r"\.get\(\s*['\"]\w+['\"]\s*,\s*(False|None|0)\s*\)")


def _trainer_kwargs_deterministic(ctx) -> list[Evidence]:
    """`kwargs["deterministic"] = True` on a dict handed to a Lightning Trainer as `**kwargs`."""
    out = []
    for m, a in assigned(ctx, lambda t: t.endswith("[deterministic]")):
        if a.value is not True:
            continue
        holder = a.target[: -len("[deterministic]")]
        for c in m.calls:
            if re.search(r"(^|\.)Trainer$", c.name) and c.name.startswith(("lightning", "pytorch_lightning")):
                if getattr(c.kw("**"), "text", None) == holder:
                    detail = f"sets deterministic=True in the arguments of the Trainer at line {c.line}"
                    out.append(Evidence(m.path, a.line, detail, a.cell))
                    break
    return out


def _gated_settings(ctx, settings: list[Evidence]) -> list:
    """(setting, gate) for the determinism settings in code that runs only behind a test the runs
    made with the shipped defaults do not pass."""
    from .optin import Gate, gate_at, gate_is_on

    out = []
    for e in settings:
        m = ctx.index.modules.get(e.path)
        gate = gate_at(ctx, m, e.line, e.cell) if m is not None and e.line else None
        if gate is None and m is not None:
            # `enable_full_determinism(seed) if args.full_determinism else set_seed(seed)`
            hit = next(
                (x for x in m.ifexp_calls if (x[0], x[1]) == (e.line, e.cell) and x[2] in e.detail), None
            )
            if hit is not None:
                where = Evidence(m.path, hit[0], f"tests `{hit[3]}`"[:100], hit[1])
                gate = Gate(hit[3], hit[4], where, "given", hit[5])
        if gate is not None and not gate_is_on(ctx, gate)[0]:
            out.append((e, gate))
    return out


def _tpu_training(ctx) -> bool:
    """The project trains on Cloud TPUs (a TPUEstimator, a TPU cluster resolver or TPU strategy)."""
    return bool(find(ctx, suffixes=("TPUEstimator", "TPUClusterResolver", "TPUStrategy")))


def _pinned_version(ctx, *names: str) -> tuple[int, int] | None:
    """The (major, minor) a manifest pins for the first of these packages, if it pins one."""
    wanted = {*names, *(("pytorch",) if "torch" in names else ())}  # conda's name for torch
    # The manifests of the main training script's own folders first (requirements.txt beside train/ before
    # ros1/requirements.txt of an inference node): the first of them to list the package decides, and one
    # that leaves it open (torch>=2.1.0) pins no old release whatever another sub-project's manifest says
    entries = ctx.taxonomy.training_entry_points
    home = entries[0].path.rsplit("/", 1)[0] if entries and "/" in entries[0].path else ""

    def ancestor(path: str) -> bool:
        folder = path.rsplit("/", 1)[0] if "/" in path else ""
        return not folder or home == folder or home.startswith(folder + "/")

    deps = sorted(
        (d for d in ctx.index.dependencies if d.name in wanted),
        key=lambda d: (not ancestor(d.path), -d.path.count("/")),
    )
    manifests: set[str] = set()  # read as manifests already: not prose stating a tested release
    floor = False  # a manifest of the training's folders leaves the release open (torch>=2.1.0)
    for d in deps:
        if floor and not ancestor(d.path):
            break  # what another sub-project pins is not the training's release
        if not _in_copied_project(ctx, d.path):  # not FastReID's image inside BoT-SORT
            m = re.search(r"(\d+)\.(\d+)", d.spec or "")
            if m and (d.exact or d.spec.startswith(("~=", "<", "=="))):
                return int(m.group(1)), int(m.group(2))
            # tensorflow>=1.13.0,<1.14.0: a bounded range is the release line of its lower bound
            low = re.search(r">=?\s*(\d+)\.(\d+)", d.spec or "")
            if low and re.search(r"<\s*\d+\.\d+", d.spec or ""):
                return int(low.group(1)), int(low.group(2))
            if low and ancestor(d.path):
                # torch>=1.4 at the root: an exact pin in another of the training's manifests still decides
                floor = True
                manifests = {x.path for x in ctx.index.dependencies}
    # Set-up instructions that install one version (INSTALL.md: `pip install torch==1.8.0`, `pytorch=1.8`)
    alternation = "|".join(re.escape(n) for n in {*names, *(("pytorch",) if "torch" in names else ())})
    nightly = re.compile(
        rf"\binstall\b[^\n]*\b(?:(?:{alternation})-nightly|tf-nightly)\b"
        if "tensorflow" in names
        else rf"\binstall\b[^\n]*\b(?:{alternation})-nightly\b"
    )
    # the install instructions at the top (README, INSTALL) or the project's images: a docs page on TPUs
    # installing tf-nightly says nothing of the environment the results came from
    setup_texts = [t for p, t in facts(ctx).docs.items() if "/" not in p]
    setup_texts += [ctx.index.texts.get(p, "") for p in {i.path for i in ctx.index.base_images}]
    if any(nightly.search(t) for t in setup_texts):
        return None  # `conda install pytorch-nightly`: a build of a day, no release the project states
    # ... or the versions it was tested with, in words ("tested with Python 2.7, TensorFlow 1.0.1")
    # ... "tested with pytorch-1.0"
    # ... "pytorch1.6.0+cu101" in a README's list of what the experiments ran with
    pattern = re.compile(rf"\b(?:{alternation})(?:\s*==?\s*|\s+|-)?v?(\d+)\.(\d+)", re.I)
    for path, text in sorted(facts(ctx).docs.items()):
        # an address names a page, not a version (pytorch.org/blog/pytorch-1.6-now-includes-...)
        if _in_copied_project(ctx, path) or path in manifests:
            continue
        blanked = _URL.sub(_page_blanked, text)
        for m in pattern.finditer(blanked):
            # "it does not work with PyTorch 1.5": the versions after a negation in its sentence, not
            # "PyTorch 1.4 (it does not work with 1.5)"; "PyTorch 1.0 from a nightly release": a day's build
            start = max(blanked.rfind("\n", 0, m.start()), blanked.rfind(". ", 0, m.start())) + 1
            after = blanked[m.end() : m.end() + 40].split("\n", 1)[0]
            if _NOT_THAT_RELEASE.search(blanked[start : m.start()]) or re.match(
                r"\S*\s+(from\s+a\s+)?nightly\b", after, re.I
            ):
                continue
            return int(m.group(1)), int(m.group(2))
    return None


# A version named to be avoided, or a pre-release build of it: no release to pin
_NOT_THAT_RELEASE = re.compile(
    r"\b(will\s+not|won't|does\s+not|doesn't|do\s+not|don't|cannot|can't)\s+(work|run|build|compile)\b|"
    r"\bincompatible\s+with\b|\bnightly\b|\bnot\s+(supported|compatible)\b",
    re.I,
)


_URL = re.compile(r"(https?://|www\.)\S+")


def _page_blanked(m: re.Match) -> str:
    """A page's address blanked; a package's (a wheel, an archive: torch-1.4.0-cp37-...whl) kept, since
    installing it pins that version."""
    url = m.group(0)
    return url if re.search(r"\.whl\b|/whl/|\.tar\.gz\b|\.zip\b|==", url) else " "


# Libraries that put a model on a GPU by themselves when one is present.
_GPU_BY_DEFAULT = ("lightning", "pytorch_lightning", "transformers", "accelerate", "deepspeed", "fastai",
                   "ignite", "mmengine", "mmcv", "detectron2", "stable_baselines3", "ultralytics", "timm",
                   "composer", "catalyst", "skorch", "pytorch_tabnet")  # fmt: skip
_GPU_CALLS = ("DataParallel", "DistributedDataParallel", "init_process_group", "set_device", "device")


def may_use_gpu(ctx) -> bool:
    """Whether the project's code can run on a GPU: a deep-learning framework, unless its only one is torch
    and nothing moves a model or tensor to a GPU (torch computes on the CPU unless told otherwise)."""
    from ..fixes import project_packages

    deep = project_packages(ctx) & {"torch", "tensorflow", "jax", "keras", "mxnet", "paddle", "cupy"}
    return bool(deep) and not (deep == {"torch"} and not _torch_may_use_gpu(ctx)) and gpus_hidden(ctx) is None


def gpus_hidden(ctx) -> Evidence | None:
    """Where every training script hides the GPUs before it starts (gae's train.py: `os.environ[
    'CUDA_VISIBLE_DEVICES'] = ""`, "train on CPU due to memory constraints"): training runs on the CPU."""
    entries = {e.path for e in ctx.taxonomy.training_entry_points}
    if not entries:
        return None
    hidden, shown = {}, set()
    for m, a in assigned(ctx, lambda t: "CUDA_VISIBLE_DEVICES" in t):
        if m.path not in entries:
            continue
        if isinstance(a.value, str) and a.value.strip() in ("", "-1"):
            hidden.setdefault(m.path, Evidence(m.path, a.line, f"{a.target} = {a.value!r}", a.cell))
        else:
            shown.add(m.path)  # `else: os.environ[...] = str(args.gpu)`: hidden only on one branch
    hidden = {p: e for p, e in hidden.items() if p not in shown}
    return hidden[min(hidden)] if hidden.keys() == entries else None


def _torch_may_use_gpu(ctx) -> bool:
    """Whether any code could run torch on a GPU. PyTorch computes on the CPU unless told otherwise: a
    `.cuda()` call, `torch.device`, `.to(x)` with anything but a dtype, a `device=` argument, a
    multi-GPU wrapper, or a library whose trainer picks the GPU itself."""
    from ..fixes import imported_roots

    if set(imported_roots(ctx)) & set(_GPU_BY_DEFAULT):
        return True
    for _m, c in facts(ctx).calls:
        parts = c.name.split(".")
        if "cuda" in parts[:-1] and parts[-1] not in ("manual_seed", "manual_seed_all"):
            return True  # torch.cuda.is_available(), torch.cuda.set_device(...)
        last = parts[-1]
        if last in ("cuda", *_GPU_CALLS) or c.has_kw("device") or c.has_kw("device_map"):
            return True
        # .to(device) with a variable, or .to("cuda:0"); a dtype or a "cpu" string keeps it on the CPU
        if last == "to" and any(
            not isinstance(a, str) or re.search(r"cuda|gpu|mps", a, re.I) for a in c.args if not _is_dtype(a)
        ):
            return True
        if any(isinstance(a, str) and re.match(r"(cuda|gpu)\b", a, re.I) for a in c.args):
            return True
    return False


def _is_dtype(arg) -> bool:
    return isinstance(arg, str) and arg.startswith(("torch.float", "torch.int", "torch.long", "torch.bool"))


# Operations whose CUDA backward has no deterministic implementation: under
# torch.use_deterministic_algorithms(True) they raise (PyTorch's documentation lists them).
_NONDETERMINISTIC_OP = re.compile(
    r"^torch\.nn\.(ReflectionPad[123]d|ReplicationPad[123]d|AdaptiveAvgPool[23]d|AdaptiveMaxPool2d|MaxPool3d|"
    r"FractionalMaxPool[23]d|CTCLoss|EmbeddingBag)$|^torch\.nn\.functional\.(grid_sample|ctc_loss|embedding_bag)$"
)


def _nondeterministic_op(ctx):
    """(name, evidence) of the first call of such an operation in the project's code, or None."""
    for m, c in facts(ctx).calls:
        if _NONDETERMINISTIC_OP.match(c.name) and scope_of(m.path) == "core":
            return c.name.rsplit(".", 1)[-1], Evidence(m.path, c.line, c.name, c.cell)
    return None


def _at_main_entry(ctx, frameworks: list[str]) -> list[str]:
    """The frameworks of the main training script and what it imports, where it uses some of them: a
    PyTorch script's fix needs no TensorFlow call because another example of the project uses it."""
    training = facts(ctx).training
    if not training:
        return frameworks
    modules = ctx.index.modules
    roots = {
        "tensorflow" if i.module.split(".", 1)[0] in ("tf", "keras") else i.module.split(".", 1)[0]
        for p in entry_closure(ctx, training[0].path)
        if p in modules
        for i in modules[p].imports
    }
    return [k for k in frameworks if k in roots] or frameworks


def _determinism_fix(ctx, frameworks: list[str]) -> str:
    """Determinism settings for the frameworks in use, in the API of the versions the project pins."""
    lines = []
    if "torch" in frameworks:
        v = _pinned_version(ctx, "torch")
        op = _nondeterministic_op(ctx) if v is None or v >= (1, 8) else None
        # an op without a deterministic CUDA kernel makes use_deterministic_algorithms(True) raise; warn_only
        # (PyTorch 1.11) lets it warn instead, before that only cuDNN's own settings apply
        why = f"{op[0]} ({op[1].where()}) has no deterministic CUDA kernel" if op else ""
        if (v is not None and v < (1, 8)) or (op and v is not None and v < (1, 11)):
            # use_deterministic_algorithms arrived in torch 1.8
            lines += [f"# {why}: cuDNN's own settings only"] if op else []
            lines += ["torch.backends.cudnn.deterministic = True", "torch.backends.cudnn.benchmark = False"]
        else:
            lines += [
                "os.environ['CUBLAS_WORKSPACE_CONFIG'] = ':4096:8'",
                f"torch.use_deterministic_algorithms(True, warn_only=True)   # {why}: warn, do not fail"
                if op
                else "torch.use_deterministic_algorithms(True)",
                "torch.backends.cudnn.benchmark = False",
            ]
    if "tensorflow" in frameworks:
        v = _pinned_version(ctx, "tensorflow", "tensorflow-gpu", "tensorflow-cpu")
        compat_v1 = any(
            i.module.startswith("tensorflow.compat.v1") for m in ctx.index.modules.values() for i in m.imports
        )
        # Stock TensorFlow: TF_CUDNN_DETERMINISTIC from 1.14 (cuDNN convolutions and pooling; the other
        # GPU ops need NVIDIA's tensorflow-determinism patch up to 2.0), TF_DETERMINISTIC_OPS from 2.1,
        # tf.config.experimental.enable_op_determinism() from 2.8.
        if v is not None and v < (1, 14):
            lines += [
                f"# TensorFlow {v[0]}.{v[1]} has no deterministic GPU kernels: state in the README that GPU",
                "# runs are not bit-reproducible, or move to TF >= 1.14 and set:",
                "os.environ['TF_CUDNN_DETERMINISTIC'] = '1'",
            ]
        elif (v is not None and v < (2, 1)) or (v is None and not compat_v1 and _tf1(ctx)):
            # TF 1 code (tf.contrib, tf.Session) with no pin: the TF 1.x settings, never a TF 2.8 API
            lines += [
                "os.environ['TF_CUDNN_DETERMINISTIC'] = '1'   # TF 1.14-2.0: deterministic cuDNN convolutions",
                "# other GPU ops (bias_add, segment sums): from tfdeterminism import patch; patch()",
            ]
        elif (v is not None and v < (2, 8)) or (v is None and compat_v1):
            lines += [
                "os.environ['TF_DETERMINISTIC_OPS'] = '1'   # TF 2.1-2.7 (TF 1.14-2.0: TF_CUDNN_DETERMINISTIC)"
            ]
        else:
            lines += ["tf.config.experimental.enable_op_determinism()"]
        if _tpu_training(ctx):
            lines += ["# GPU runs only: a TPU run (TPUEstimator with use_tpu) does not use cuDNN kernels"]
    if "jax" in frameworks:
        # appended, since projects set XLA_FLAGS themselves (memory, autotuning) before jax is imported
        lines += [
            "os.environ['XLA_FLAGS'] = os.environ.get('XLA_FLAGS', '') + ' --xla_gpu_deterministic_ops=true'"
        ]
    if not lines:
        return ""
    # The rule passes on either: deterministic kernels cost speed and some (fused attention, scatter
    # kernels) have none, so for long multi-GPU runs the documented alternative is often the right one.
    kernels = sorted(
        f.path
        for f in ctx.inventory.project_files()
        if f.path.endswith((".cu", ".cuh")) and scope_of(f.path) not in ("example", "test")
    )
    if kernels:
        # NeRF-style projects compile their own CUDA (ray marching, hash encodings with atomicAdd): no
        # framework flag reaches those kernels, so the README note is the fix that holds for them
        return (
            f"The project's own CUDA kernels ({kernels[0]}"
            + (f" and {len(kernels) - 1} more" if len(kernels) > 1 else "")
            + ") are outside what the framework's determinism flags control: state in the README that GPU "
            "runs are not bit-reproducible (and which kernels accumulate with atomics), and request "
            "deterministic kernels for the framework's own operations:\n"
            "```python\n" + "\n".join(lines) + "\n```"
        )
    return (
        "Request deterministic kernels where a run starts, or, where they are unsupported or too slow for "
        "the project's runs, state in the README that GPU runs are not bit-reproducible:\n"
        "```python\n" + "\n".join(lines) + "\n```"
    )


def _workers(m, c):
    """num_workers as the code sets it: `num_workers = 0` then `DataLoader(..., num_workers=num_workers)` (the
    lessons' way) is no worker process."""
    value = c.kw("num_workers")
    text = getattr(value, "text", None)
    if isinstance(text, str) and text.isidentifier() and text in m.constants:
        return m.constants[text]
    return value


_WORKER_SEEDS = frozenset({"torch.manual_seed", "numpy.random.seed", "random.seed"})


@rule(
    "ET404",
    "dataloader-worker-seeding",
    "4.1",
    "Data-loading workers are seeded",
    what="Checks PyTorch `DataLoader(num_workers>0)` calls for `worker_init_fn` or `generator=`, "
    "or Lightning `seed_everything(workers=True)`.",
    why="Each worker process has its own RNG; random augmentations then depend on worker scheduling "
    "and differ between runs even with a global seed.",
    example="```python\nDataLoader(ds, batch_size=64, shuffle=True, num_workers=8)\n```",
    fix="```python\ng = torch.Generator(); g.manual_seed(seed)\n"
    "def seed_worker(worker_id):\n    s = torch.initial_seed() % 2**32\n    np.random.seed(s); random.seed(s)\n"
    "DataLoader(ds, shuffle=True, num_workers=8, worker_init_fn=seed_worker, generator=g)\n```",
)
def dataloader_seeding(ctx):
    r = dataloader_seeding.rule
    loaders = find(ctx, prefixes=("torch.utils.data.DataLoader", "torch.utils.data.dataloader.DataLoader"))
    loaders = [(m, c) for m, c in loaders if c.name.endswith("DataLoader")]
    multi = [(m, c) for m, c in loaders if _workers(m, c) not in (None, 0)]
    if not multi:
        return []
    torch_seeds, _, _ = _seeding(ctx)
    gates = seed_gates(ctx, torch_seeds)
    workers_seeded = find(ctx, suffixes=("seed_everything",), pred=lambda c: c.kw("workers") is True)
    global_ok = [(m, c) for m, c in workers_seeded if (m.path, c.line, c.cell) not in gates]
    nothing = frozenset(n for m in ctx.index.modules.values() for n in getattr(m, "none_functions", ()))
    bad = [
        (m, c)
        for m, c in multi
        if not (_given(c, "worker_init_fn", nothing, m) or _given(c, "generator") or c.has_kw("**"))
    ]
    if not bad or global_ok:
        return [
            r.finding(
                PASS, f"{len(multi)} multi-worker DataLoader(s) are seeded.", evs(global_ok) + evs(multi[:4])
            )
        ]
    # A Dataset that seeds the worker it runs in (`worker_info = torch.utils.data.get_worker_info();
    # torch.manual_seed(worker_info.id); np.random.seed(worker_info.id)` in __getitem__): worker seeding
    # by hand, in the code every worker runs
    # ... not the worker_init_fn itself, which seeds only the loaders it is handed to (none of these)
    init_fns = {
        str(getattr(c.kw("worker_init_fn"), "text", "")).split(" ", 1)[0].rsplit(".", 1)[-1] for _, c in multi
    }
    in_worker = [
        (m, c)
        for m, c in find(ctx, exact=("torch.utils.data.get_worker_info",))
        if any(x.name in _WORKER_SEEDS for x in m.calls) and not m.in_function_named(init_fns, c.line, c.cell)
    ]
    if in_worker:
        m, c = in_worker[0]
        seeds = sorted({x.name for x in m.calls if x.name in _WORKER_SEEDS})
        return [
            r.finding(
                PASS,
                f"{len(bad)} multi-worker DataLoader(s) have no worker_init_fn, but the dataset seeds the "
                f"worker it runs in from torch.utils.data.get_worker_info() ({', '.join(seeds)} in {m.path}).",
                evs(in_worker[:1], "reads the worker's id") + evs(bad[:2], "DataLoader(num_workers=...)"),
            )
        ]
    draws, looked = _worker_draws(ctx, [m for m, _ in bad])
    if not draws:
        return [
            r.finding(
                PASS,
                f"{len(bad)} multi-worker DataLoader(s) have no worker_init_fn, but the code the workers run "
                f"draws no random numbers (no random transform or draw in {', '.join(looked[:4])}): "
                "worker seeding changes nothing.",
                evs(bad[:2], "DataLoader(num_workers=...)"),
            )
        ]
    # Since PyTorch 1.9 each worker seeds random, torch and NumPy from a base seed drawn from the
    # main process's torch RNG: a seeded torch makes the workers' streams repeatable.
    old_torch = _pinned_version(ctx, "torch")
    default = _default_seeded(ctx, torch_seeds, gates)
    optin = _optin_seeding(ctx, torch_seeds + workers_seeded, ["torch"], "seeds")
    if optin is not None and not (old_torch and old_torch < (1, 9)):
        # The workers' seeds come from a torch RNG seeded only when an option is given.
        _, msg, evidence, question = optin
        return [
            r.finding(
                REVIEW,
                f"{len(bad)} multi-worker DataLoader(s) without worker_init_fn draw their worker seeds from the "
                f"torch RNG (PyTorch >= 1.9). {msg}",
                evidence + evs(bad[:2], "DataLoader(num_workers=...)"),
                _OPTIN_SEED_FIX,
                question,
            )
        ]
    if "torch" in default and not (old_torch and old_torch < (1, 9)):
        where = [default["torch"]]
        alone = _loaders_without_seed(ctx, bad, torch_seeds)
        if alone:
            # Each notebook or script is its own process: another one's manual_seed seeds none of its draws.
            names = sorted({m.path for m, _ in alone})
            return [
                r.finding(
                    WARN,
                    f"{len(alone)} multi-worker DataLoader(s) used only by runs that never seed torch "
                    f"({', '.join(names[:3])}): the seed set elsewhere ({where[0].where()}) is another "
                    "notebook's or script's process, so their workers' seeds differ from run to run.",
                    evs(alone[:3], "DataLoader(num_workers=...)") + where,
                )
            ]
        return [
            r.finding(
                PASS,
                f"{len(bad)} multi-worker DataLoader(s) without worker_init_fn draw their worker seeds from "
                "the seeded torch RNG (PyTorch >= 1.9 seeds random, torch and NumPy in each worker from it).",
                where + evs(bad[:2], "DataLoader(num_workers=...)"),
            )
        ]
    if "torch" in default and not any(_NUMPY_DRAW.match(c.name) for _m, c in draws):
        # Every PyTorch seeds each worker's `random` and torch generators with base_seed + worker id, the
        # base drawn from the seeded main process; only NumPy's stays unseeded before 1.9.
        return [
            r.finding(
                PASS,
                f"{len(bad)} multi-worker DataLoader(s) without worker_init_fn: the workers draw only Python "
                f"`random` or torch numbers ({draws[0][0].path}:{draws[0][1].line} {draws[0][1].name}), which "
                "PyTorch seeds in each worker from the seeded main process; no NumPy draw runs there.",
                [default["torch"], *evs(bad[:2], "DataLoader(num_workers=...)")],
            )
        ]
    if "torch" not in default and not any(_NUMPY_DRAW.match(c.name) for _m, c in draws):
        # The workers draw only from `random` and torch, which PyTorch seeds in each worker from the main
        # process's torch generator: that one is unseeded (ET401), and a worker_init_fn would change nothing
        return [
            r.finding(
                WARN,
                f"{len(bad)} multi-worker DataLoader(s): data loading draws only Python `random` or torch numbers "
                f"({draws[0][0].path}:{draws[0][1].line} {draws[0][1].name}), which PyTorch seeds in each worker "
                "from the main process's torch generator, and nothing seeds that one (ET401).",
                evs(bad[:2], "DataLoader(num_workers=...)") + evs(draws[:1], "draws while loading"),
                "Seed torch in the main process before the DataLoader is built (`torch.manual_seed(seed)`): "
                "each worker's `random` and torch generators follow from it; no worker_init_fn is needed.",
            )
        ]
    return [
        r.finding(
            WARN,
            f"{len(bad)} DataLoader(s) with worker processes and no worker_init_fn/generator.",
            evs(bad, "DataLoader(num_workers=...)"),
            _OLD_TORCH_WORKER_FIX if old_torch and old_torch < (1, 7) else "",
        )
    ]


# The project pins a PyTorch older than 1.7, whose DataLoader takes no generator=: the worker_init_fn alone.
_OLD_TORCH_WORKER_FIX = (
    "```python\ndef seed_worker(worker_id):   # the pinned PyTorch's DataLoader has no generator= (added in 1.7)\n"
    "    s = torch.initial_seed() % 2**32   # each worker's torch seed, drawn from the seeded main process\n"
    "    np.random.seed(s); random.seed(s)\n"
    "DataLoader(ds, shuffle=True, num_workers=8, worker_init_fn=seed_worker)\n```"
)


def _loaders_without_seed(ctx, loaders, seed_calls) -> list:
    """The loaders only runs that never seed torch use: a notebook whose own cells, and the project
    modules it imports, set no torch seed; a module that only training scripts without a torch seed
    anywhere in their imports reach (another script's seed is another process's)."""
    from ..detect.engine import import_closure, project_imports

    seeded = {m.path for m, c in seed_calls if "torch" in seeded_by(c.name)}
    imports = project_imports(ctx.index)
    entries = ctx.taxonomy.training_entry_points
    closures = (
        [import_closure(imports, [e.path]) for e in entries if not e.path.endswith(".ipynb")]
        if len(entries) <= 300
        else []
    )
    out = []
    for m, c in loaders:
        if m.path.endswith(".ipynb"):
            if not (import_closure(imports, [m.path]) & seeded):
                out.append((m, c))
            continue
        runs = [cl for cl in closures if m.path in cl]
        if runs and not any(cl & seeded for cl in runs):
            out.append((m, c))
    return out


# Draws from NumPy's global generator, which workers of a PyTorch before 1.9 share unseeded: numpy itself,
# and augmentation libraries drawing from it; a project's own Random* transform may use it too.
_NUMPY_DRAW = re.compile(
    # torch's own RandomSampler draws from torch's generator, as torchvision's transforms do
    r"^(numpy\.random\.|albumentations\.|imgaug\.|monai\.)|^(?!torch(vision)?\.).*\bRandom[A-Z]\w*$"
)
_WORKER_DRAW = re.compile(
    r"^(random\.(random|randint|randrange|choice|choices|shuffle|sample|uniform|gauss|betavariate)$|"
    r"numpy\.random\.(?!seed$)\w+$|torch\.(rand|randn|randint|randperm|rand_like|randn_like|randint_like|"
    r"bernoulli|multinomial|normal|poisson)$|(albumentations|imgaug|kornia\.augmentation|monai\.transforms)\.|"
    # torchvision's random transforms (Resize, CenterCrop, ToTensor and Normalize draw nothing)
    r"torchvision\.transforms\.(\w+\.)?(ColorJitter|RandAugment|AutoAugment|TrivialAugmentWide|AugMix|"
    r"GaussianBlur|ElasticTransform)$|.*\bRandom[A-Z]\w*$)"
)


_AUGMENT = re.compile(r"(augment|transform|distort|jitter|crop|flip)", re.I)


def _worker_draws(ctx, loader_modules) -> tuple[list, list[str]]:
    """Random draws in the code DataLoader workers run: the modules that define a dataset's
    ``__getitem__``/``__iter__`` and the modules building the loaders (where transforms are composed).
    Returns (draws, the modules looked at)."""
    looked = {m.path for m in loader_modules}
    looked |= {
        m.path
        for m in facts(ctx).modules
        if any(name in ("__getitem__", "__iter__") for name, *_ in m.functions)
    }
    # ... and the project modules the loaders' modules import: the transforms they compose
    # (augmentations.GaussianBlur drawing np.random.rand() in its __call__)
    from ..detect.engine import project_imports

    imports = project_imports(ctx.index)
    imported = {p for m in loader_modules for p in imports.get(m.path, ())} - looked
    # get_params(self.opt, size) in a dataset's __getitem__, defined in base_dataset.py where it draws the
    # crop and flip: the functions a sample's loading calls by name, in the modules the dataset imports
    per_sample: set[str] = set()
    for m in facts(ctx).modules:
        if m.path not in looked:
            continue
        spans = [(s, e, cl) for name, s, cl, e in m.functions if name in ("__getitem__", "__iter__")]
        if spans:
            imported |= set(imports.get(m.path, ())) - looked
            per_sample |= {
                c.name.rsplit(".", 1)[-1]
                for c in m.calls
                if any(cl == c.cell and s <= c.line <= e for s, e, cl in spans)
            }
    # in an imported module, only what a transform runs on each sample (its __call__), not a model's
    # initialisation (torch.randn in a layer's __init__)
    draws = [
        (m, c)
        for m, c in facts(ctx).calls
        if (m.path in looked or m.path in imported)
        and _WORKER_DRAW.match(c.name)
        # rng = random.Random(idx) / np.random.RandomState(seed) per sample: a generator of its own, seeded
        # by what it is given, whatever worker runs it; a RandomSampler draws the order in the main process
        and not (_SEEDED_GENERATOR.match(c.name) and (c.args or c.kwargs))
        and not c.name.endswith("Sampler")
        and (
            m.path in looked
            or any(
                name in ("__call__", "forward_transform") or _AUGMENT.search(name) or name in per_sample
                for name, start, cell, end in m.functions
                if cell == c.cell and start <= c.line <= end
            )
        )
    ]
    return draws, sorted(looked | {m.path for m, _ in draws})


_SEEDED_GENERATOR = re.compile(
    r"^(random\.Random|numpy\.random\.(RandomState|default_rng|Generator|PCG64|SeedSequence)|torch\.Generator)$"
)


LOCK_SOURCES = ("poetry-lock", "uv-lock", "pdm-lock", "pipfile.lock", "lock", "conda-spec")
LOCK_NAMES = re.compile(
    r"(^|/)(poetry\.lock|uv\.lock|pdm\.lock|pipfile\.lock|pixi\.lock|conda-lock\.ya?ml|[\w.-]*\.conda-lock\.ya?ml|requirements[\w.-]*\.lock|[\w.-]*lock[\w.-]*\.txt)$",
    re.I,
)


_INSTALL_FROM = re.compile(
    r"(?:pip3?\s+install\s+(?:-\w+\s+)*(?:-r|--requirement)|(?:conda|mamba|micromamba)\s+env\s+(?:create|update)"
    r"\s+(?:-[\w-]+\s+\S+\s+)*?(?:-f|--file))\s+[\"']?(?:\./)?([\w./-]+)"
)


def _readme_installed(ctx) -> set[str]:
    """Dependency files the top-level README installs from (`pip install -r ./docs/requirements.txt`,
    `conda env create -f environment.yaml`): the project's environment wherever the file lives."""
    from ..detect.engine import _root_readme

    out = set()
    for path, text in ctx.index.texts.items():
        if _root_readme(path):
            out.update(m.group(1) for m in _INSTALL_FROM.finditer(text))
    return out


# Where each language keeps its packages at versions
_FOREIGN_MANIFESTS = {
    "Lua": "a rockspec with exact versions (`luarocks install --only-deps <name>.rockspec`) or a Dockerfile "
    "built from a pinned Torch7 image",
    "R": "an `renv.lock` (`renv::snapshot()`)",
    "Julia": "`Project.toml` with its `Manifest.toml`",
    "MATLAB": "the MATLAB release and toolboxes (`ver` output) in the README",
}


# The lock files a manifest of each kind is resolved into.
_LOCK_OF = {
    "pipfile": ("pipfile.lock",),
    "pyproject.toml": ("uv.lock", "poetry.lock", "pdm.lock", "pixi.lock"),
}
_INSTALLS_LOCK = re.compile(
    r"pipenv (install|sync)[^\n]*--(deploy|ignore-pipfile)|pipenv sync|uv sync[^\n]*--(locked|frozen)|"
    r"poetry install|pdm (install|sync)|pixi install[^\n]*--(locked|frozen)"
)


def pinning(ctx) -> dict:
    """Per manifest: (total, exact, hashed); plus lock files and compiled requirement files."""
    per_file: dict[str, list] = {}
    serving = serving_only_containers(ctx)
    installed = _readme_installed(ctx)
    if serving and not any(
        d.path not in serving and (scope_of(d.path) not in ("example", "test") or d.path in installed)
        for d in ctx.index.dependencies
    ):
        # cog.yaml built for the demo is the only list of packages, and it pins torch for the training
        # code too: the environment the project states, whatever it was written for
        used = {r for m in facts(ctx).modules for r in (i.module.split(".", 1)[0] for i in m.imports)}
        serving = frozenset(
            p for p in serving if not any(d.path == p and d.name in used for d in ctx.index.dependencies)
        )
    for d in ctx.index.dependencies:
        if d.source in LOCK_SOURCES or LOCK_NAMES.search(d.path) or d.dev:
            continue  # (a lock is counted apart; the developers' tools pin no run's environment)
        if (scope_of(d.path) in ("example", "test") and d.path not in installed) or d.path in serving:
            continue  # docs/conda_env.yml builds the docs, examples/ pins its own demo, a server its own
        s = per_file.setdefault(d.path, [0, 0, 0, d.source])
        s[0] += 1
        s[1] += d.exact
        s[2] += d.hashed
    _drop_untrained_projects(ctx, per_file)
    _drop_copied_projects(ctx, per_file, installed)
    _drop_windows_exports(ctx, per_file, installed)
    _drop_covered_ranges(ctx, per_file)
    _drop_undocumented_images(ctx, per_file, installed)
    locks = [fe.path for fe in ctx.inventory.project_files() if LOCK_NAMES.search(fe.path)]
    # a conda explicit or export spec fixes every package at one build: a lock, whatever its name
    locks += sorted({d.path for d in ctx.index.dependencies if d.source == "conda-spec"} - set(locks))
    # Pipfile beside its Pipfile.lock, pyproject.toml beside uv.lock: the manifest's ranges are what the
    # lock was resolved from, and what the project installs (`pipenv install --deploy`, `uv sync --locked`)
    # is the lock. Each such manifest is pinned, wherever its project sits.
    locked_by = {}
    for path, s in per_file.items():
        folder, _, name = path.rpartition("/")
        # a Dockerfile installing from the lock beside it (`pipenv install --deploy`, `uv sync --locked`):
        # its own `pip install pipenv` is the installer, not the environment
        kinds = (
            tuple(x for v in _LOCK_OF.values() for x in v)
            if s[3] == "docker" and _INSTALLS_LOCK.search(ctx.index.texts.get(path, ""))
            else _LOCK_OF.get(name.lower(), ())
        )
        lock = next(
            (x for x in locks if x.rpartition("/")[0] == folder and x.rpartition("/")[2].lower() in kinds),
            None,
        )
        if lock:
            s[1] = s[0]
            locked_by[path] = lock
    # A lock locks the project its directory holds: at the root, or above most of the training code.
    # The Pipfile.lock of a course's deployment lesson does not lock the notebooks of the others.
    entries = [e.path for e in ctx.taxonomy.training_entry_points]
    if entries:
        locks = [p for p in locks if _above_training(p, entries)]
    compiled = []
    for path, text in ctx.index.texts.items():
        if path.lower().rsplit("/", 1)[-1].startswith("requirements") and (
            "autogenerated by pip-compile" in text[:400]
            or "uv pip compile" in text[:400]
            or "--hash=" in text
        ):
            compiled.append(path)
    partial = _partial_locks(ctx, set(locks), per_file)
    return {
        "files": per_file,
        "locks": sorted(set(locks) - set(partial)),
        "compiled": sorted(set(compiled) - set(locks)),
        "partial": partial,
        "locked_by": locked_by,
    }


_PACKAGE_SOURCES = ("setup.py", "pyproject", "setup.cfg")


def _drop_undocumented_images(ctx, per_file: dict, installed: set) -> None:
    """Leave out a Dockerfile's own pip installs when the README sets the environment up from a file
    that pins nearly every package (`conda env create -f environment.yaml`) and never mentions a
    container: the documented environment is the one the results come from; a container the set-up
    instructions never build is a side path. A README that also builds or runs the container documents
    two environments, and both count."""
    from ..detect.engine import _root_readme

    if any(_root_readme(p) and re.search(r"\bdocker\b", t, re.I) for p, t in ctx.index.texts.items()):
        return
    documented = [f for f, s in per_file.items() if f in installed and s[0] >= 5 and s[1] >= 0.9 * s[0]]
    if documented:
        for f in [f for f, s in per_file.items() if s[3] == "docker" and f not in installed]:
            del per_file[f]


# `prefix: C:\Users\me\miniconda3\envs\dino` at the end of `conda env export`: made on Windows
_WINDOWS_PREFIX = re.compile(r"^[A-Za-z]:\\")


def _windows_export(ctx, path: str) -> bool:
    doc = ctx.index.configs.get(path)
    return doc is not None and any(
        k == "prefix" and isinstance(v, str) and _WINDOWS_PREFIX.match(v) for k, v, _ in doc.entries
    )


def _drop_windows_exports(ctx, per_file: dict, installed: set) -> None:
    """Leave out a conda environment exported on Windows (its prefix a drive path, its builds win-64's)
    that the README never installs from, beside other manifests: the GPU training it pins the packages of
    runs on Linux, where those builds do not exist, so it fixes no environment the results came from."""
    exports = [
        f
        for f, s in per_file.items()
        if s[3] in ("conda", "conda-pip", "conda-spec") and f not in installed and _windows_export(ctx, f)
    ]
    if exports and len(exports) < len(per_file):
        for f in exports:
            del per_file[f]


def _in_copied_project(ctx, path: str) -> bool:
    from ..detect.engine import in_copied_project

    return in_copied_project(ctx.inventory, path)


def _drop_copied_projects(ctx, per_file: dict, installed: set) -> None:
    """Leave out the manifests and Dockerfiles of another project copied whole into this one (FastReID's
    docker/Dockerfile inside BoT-SORT's fast_reid/): they set up the upstream's environment, not the one
    this project's README installs, unless the README installs from them. Everything stays when
    nothing else would be left."""
    copied = [f for f in per_file if f not in installed and _in_copied_project(ctx, f)]
    if copied and len(copied) < len(per_file):
        for f in copied:
            del per_file[f]
    # A tool copied in with its own licence and environment (preprocess/mobilestereonet/LICENSE beside its
    # mobilestereonet.yml): its environment is the tool's, not the one the set-up guide installs for
    # training; where the guide installs the packages itself (`pip install mmcv-full==1.4.0`), that is the
    # project's environment even when nothing else is left.
    # ... not a folder holding the training itself (a fork of an upstream trainer, with its licence)
    trained_in = {e.path for e in ctx.taxonomy.training_entry_points}
    licensed = [d for d in _licensed_folders(ctx) if not any(p.startswith(d + "/") for p in trained_in)]
    tools = [f for f in per_file if f not in installed and "/" in f and _under_any(f, licensed)]
    if tools and (len(tools) < len(per_file) or documented_pins(ctx)[0] >= 3):
        for f in tools:
            del per_file[f]
        ctx._et_tool_manifests = frozenset(tools)


def tool_manifests(ctx) -> frozenset:
    """The manifests ``pinning`` left out as those of a tool copied in with its own licence."""
    pinning(ctx)
    return getattr(ctx, "_et_tool_manifests", frozenset())


def _licensed_folders(ctx) -> list[str]:
    """Folders below the top that hold a licence file of their own."""
    return sorted(
        {
            f.path.rsplit("/", 1)[0]
            for f in ctx.inventory.files
            if "/" in f.path
            and f.path.rsplit("/", 1)[1].lower().startswith(("license", "licence", "copying"))
        }
    )


def _under_any(path: str, folders: list[str]) -> bool:
    return any(path.startswith(d + "/") for d in folders)


def _drop_covered_ranges(ctx, per_file: dict) -> None:
    """Leave out a package's ranges (setup.py install_requires) when a requirements file beside them
    pins nearly every package exactly, those included: the ranges are for the package's users, the
    pinned file is the environment the experiments install (softlearning's environment.yml installs its
    requirements.txt). A requirements file listing the same packages, pinned or not, is that environment
    too (ravens' requirements.txt pins 7 of the 13 packages its setup.py bounds from below): each package
    is counted once, as the requirements file has it."""
    pinned = [
        f for f, s in per_file.items() if s[3] not in _PACKAGE_SOURCES and s[0] >= 5 and s[1] >= 0.9 * s[0]
    ]
    # a requirements file of five or more in the package's own folder
    listed = [f for f, s in per_file.items() if s[3] == "requirements" and s[0] >= 5]
    if not pinned and not listed:
        return
    exact_names = {_norm_pkg(d.name) for d in ctx.index.dependencies if d.path in pinned and d.exact}
    for f in [f for f, s in per_file.items() if s[3] in _PACKAGE_SOURCES]:
        names = {_norm_pkg(d.name) for d in ctx.index.dependencies if d.path == f}
        if not names:
            continue
        folder = f.rpartition("/")[0]
        # ... never one pinning fewer than the package's own list (setup.py's exact pins stay)
        same = any(
            other.rpartition("/")[0] == folder
            and per_file[other][1] >= per_file[f][1]
            and len(names & {_norm_pkg(d.name) for d in ctx.index.dependencies if d.path == other})
            >= 0.8 * len(names)
            for other in listed
        )
        if same or len(names & exact_names) >= 0.8 * len(names):
            del per_file[f]


# Folders whose role is the project's set-up, whatever scripts they also hold (PWC-Net's Docker/, a
# docker/ folder with the Jupyter config its image copies in)
SETUP_FOLDERS = frozenset(
    {"docker", "dockerfiles", "setup", "env", "envs", "environment", "environments", "requirements", "conda",
     ".devcontainer", "install", "installation", "ci", ".ci"}
)  # fmt: skip


_SERVERS = frozenset(
    {
        "flask",
        "fastapi",
        "django",
        "gradio",
        "streamlit",
        "uvicorn",
        "starlette",
        "aiohttp",
        "tornado",
        "bottle",
    }
)


def _settings_only(ctx, folder: str) -> bool:
    """The folder's Python files only configure (a Jupyter config its image copies in): no script of
    their own to run, no server; a docker/serve.py with Flask is a serving sub-project."""
    own = [m for p, m in ctx.index.modules.items() if p.rpartition("/")[0] == folder]
    return all(
        not m.main_guard and not any(i.module.split(".", 1)[0] in _SERVERS for i in m.imports) for m in own
    )


def _drop_untrained_projects(ctx, per_file: dict) -> None:
    """Leave out the manifests of sub-projects that train nothing: a folder of code with its own
    dependency file and no training entry point under it (an inference demo's conda export, a serving
    package's requirements) describes another environment than the training one. Folders without code
    (docker/, envs/) describe the project's environment and stay; so does everything when nothing else
    would be left."""
    entries = [e.path for e in ctx.taxonomy.training_entry_points]
    if not entries or len(per_file) < 2:
        return
    code_dirs = set()
    for path in ctx.index.modules:
        parts = path.split("/")[:-1]
        code_dirs.update("/".join(parts[: i + 1]) for i in range(len(parts)))
    trained = set()
    for path in entries:
        parts = path.split("/")[:-1]
        trained.update("/".join(parts[: i + 1]) for i in range(len(parts)))
    drop = [
        p
        for p, stats in per_file.items()
        if "/" in p
        and stats[3] != "docker"
        and (d := p.rsplit("/", 1)[0]) in code_dirs
        and not (d.rsplit("/", 1)[-1].lower() in SETUP_FOLDERS and _settings_only(ctx, d))
        and d not in trained  # every folder above a training entry point
    ]
    if drop and len(drop) < len(per_file):
        for p in drop:
            del per_file[p]


def _above_training(lock: str, entries: list[str]) -> bool:
    here = lock.rsplit("/", 1)[0] + "/" if "/" in lock else ""
    return not here or 2 * sum(e.startswith(here) for e in entries) > len(entries)


def _partial_locks(ctx, locks: set, files: dict) -> dict[str, tuple[list[str], int]]:
    """Lock files that leave out most of what the dependency files list (a uv.lock of the project
    template's kedro and jupyter beside a requirements.txt of scikit-learn and pandas): they lock another
    environment than the one the code runs in. {lock: (packages it leaves out, packages listed)}; a lock
    whose packages were not read is left alone."""
    locked: dict[str, set] = {}
    # A lock read only in part (a long uv.lock past the entries a document keeps) cannot show what it
    # leaves out.
    cut = {
        p
        for p in locks
        if (doc := ctx.index.configs.get(p)) is not None
        and doc.truncated
        and not p.lower().endswith(("uv.lock", "poetry.lock", "pdm.lock"))  # those are read whole
    }
    for d in ctx.index.dependencies:
        if d.path in locks and d.path not in cut:
            locked.setdefault(d.path, set()).add(_norm_pkg(d.name))
    out = {}
    for lock, names in sorted(locked.items()):
        # The manifests of the lock's own project: those in its directory (a course's lessons each
        # keep a Pipfile and its Pipfile.lock), or every manifest for a lock at the root.
        here = lock.rsplit("/", 1)[0] if "/" in lock else ""
        listed = {
            _norm_pkg(d.name)
            for d in ctx.index.dependencies
            if d.path in files
            and d.source != "docker"
            and (not here or ("/" in d.path and d.path.rsplit("/", 1)[0] == here))
        }
        what = "the dependency files list"
        if len(listed) < 4:
            # No manifest beside it (a notebook collection with only `conda list --explicit`): what
            # the code imports is what the lock must hold.
            listed, what = _imported_packages(ctx, here), "the code imports"
            missing = sorted(p for p in listed if not ({p} | _DIST_ALIASES.get(p, set())) & names)
        else:
            missing = sorted(listed - names)
        if len(listed) >= 4 and len(missing) * 2 > len(listed):
            out[lock] = (missing, len(listed), what)
    return out


# Import names whose distribution is called otherwise (pip or conda); the import name itself is tried too.
_DIST_ALIASES = {
    "sklearn": {"scikit-learn"}, "cv2": {"opencv-python", "opencv", "py-opencv", "opencv-python-headless"},
    "pil": {"pillow"}, "yaml": {"pyyaml"}, "skimage": {"scikit-image"}, "bs4": {"beautifulsoup4"},
    "torch": {"pytorch"}, "torch-geometric": {"pyg"}, "tensorflow": {"tensorflow-gpu", "tensorflow-cpu"},
    "dateutil": {"python-dateutil"}, "google": {"protobuf"}, "attr": {"attrs"}, "jax": {"jaxlib"},
}  # fmt: skip


def _imported_packages(ctx, here: str) -> set[str]:
    """Third-party packages the project's code under ``here`` imports (stdlib and its own modules left out)."""
    import sys

    own = {p.split("/", 1)[0].removesuffix(".py") for p in ctx.index.modules} | {
        p.rsplit("/", 1)[-1].removesuffix(".py") for p in ctx.index.modules
    }
    out = set()
    for path, m in ctx.index.modules.items():
        if (here and not path.startswith(here + "/")) or scope_of(path) in ("example", "test"):
            continue
        for i in m.imports:
            root = i.module.split(".", 1)[0]
            if i.guarded:
                continue  # try: import tensorflow except ImportError: an optional package
            if root and root not in sys.stdlib_module_names and root not in own and not root.startswith("_"):
                out.add(_norm_pkg(root))
    return out


def _norm_pkg(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name.lower()).split("[", 1)[0]


FRAMEWORKS = frozenset({"torch", "tensorflow", "jax", "mxnet", "paddle"})  # as imported
# Dependency names are normalised (tensorflow_gpu -> tensorflow-gpu); the conda package of torch is pytorch.
FRAMEWORK_ALIASES = {
    "pytorch": "torch",
    "pytorch-gpu": "torch",
    "pytorch-cpu": "torch",
    "tensorflow-gpu": "tensorflow",
    "tensorflow-cpu": "tensorflow",
    "tensorflow-macos": "tensorflow",
    "tf-nightly": "tensorflow",
    "intel-tensorflow": "tensorflow",
    "jaxlib": "jax",
    "paddlepaddle-gpu": "paddle",
    "paddlepaddle": "paddle",
}


def unlisted_frameworks(ctx, files) -> list[Evidence]:
    """The deep-learning frameworks the training code imports that no manifest in ``files`` lists
    (a conda file of python and numpy beside ``import torch``): their version is whatever the user
    happens to install, however exactly the rest is pinned. One evidence per framework: its import."""
    listed = {FRAMEWORK_ALIASES.get(d.name, d.name) for d in ctx.index.dependencies if d.path in files}
    if not listed and not files:
        return []
    from .facts import documented_exact

    # tensorflow==2.3.0 in the set-up commands of the folder that imports it: a stated version
    listed |= {FRAMEWORK_ALIASES.get(n, n) for n in documented_exact(ctx)}
    from ..fixes import imported_roots, training_paths

    used = imported_roots(ctx)
    # pytorch/pytorch:1.13.1-cuda11.6, tensorflow/tensorflow:2.11.0-gpu: the image fixes the framework.
    for img in project_images(ctx):
        if img.pinned:
            listed |= {n for n in FRAMEWORKS if n in img.image.replace("pytorch", "torch")}
    out = []
    from ..detect.engine import baselines_copies_without_tensorboard

    # (the Baselines logger copy's `import tensorflow` inside its TensorBoard format, which no run chooses)
    unused_tb = baselines_copies_without_tensorboard(ctx.inventory, ctx.index)
    for name in sorted(FRAMEWORKS & used - listed):
        where = next(
            (
                (p, i.line)
                # the entry points first, then the modules they import, in a fixed order (a frozenset's
                # order changes with the interpreter's hash seed)
                for p in [e.path for e in ctx.taxonomy.training_entry_points]
                + sorted(training_paths(ctx) or ctx.index.modules)
                if p in ctx.index.modules
                for i in ctx.index.modules[p].imports
                # `try: import tensorflow as tf except ImportError:` in a weight-conversion helper: optional
                if i.module.split(".", 1)[0].lower() == name
                and not i.guarded
                and not (p in unused_tb and name == "tensorflow")
            ),
            None,
        )
        if where:
            out.append(Evidence(where[0], where[1], f"imports {name}"))
    return out


def _ignored_manifest(ctx) -> Evidence | None:
    """The root .gitignore line that keeps requirements.txt out of git (the last pattern matching it wins;
    `!requirements.txt` lets it back in): a fix writing that file must lift it."""
    text = ctx.index.texts.get(".gitignore")
    if text is None:
        try:
            text = (ctx.inventory.root / ".gitignore").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None
    last = None
    for i, line in enumerate(text.splitlines(), 1):
        pattern = line.strip()
        negated = pattern.startswith("!")
        pattern = pattern.lstrip("!").lstrip("/")
        if pattern and not pattern.startswith("#") and fnmatch.fnmatch("requirements.txt", pattern):
            last = None if negated else Evidence(".gitignore", i, pattern)
    return last


def _conda_export(ctx, files) -> tuple[str, int, Evidence] | None:
    """A requirements file holding `conda env export`'s list (`  - numpy=1.18.1=py37_0`): the path, how many
    entries and the first. `pip install -r` rejects the conda syntax, and conda reads such a list only
    from an environment.yml (a `conda list --export` file, without the dashes, `conda create --file` reads)."""
    from .facts import line_at, source_lines

    for path in sorted(files):
        conda = [
            d
            for d in ctx.index.dependencies
            if d.path == path and d.source == "requirements" and re.fullmatch(r"=[^=].*", d.spec)
        ]
        first = line_at(source_lines(ctx, path), conda[0].line).strip() if conda else ""
        if first.startswith("-"):
            return path, len(conda), Evidence(path, conda[0].line, f"conda syntax: {first[:60]}")
    return None


@rule(
    "ET410",
    "unpinned-dependencies",
    "4.1",
    "Dependencies are pinned exactly (lock file or == pins)",
    what="Measures each dependency manifest (requirements*.txt, pyproject, setup.py/cfg, Pipfile, "
    "environment.yml, pip installs in Dockerfiles): the share of exact `==` pins and hashes, and "
    "looks for lock files (poetry.lock, uv.lock, pdm.lock, Pipfile.lock, conda-lock, pip-compile "
    "output).",
    why="`torch>=2.0` resolves to a different version every month; results drift with the library "
    "and a year-old run cannot be re-executed.",
    example="```text\n# requirements.txt\ntorch\nnumpy>=1.24\nscikit-learn\n```",
    fix="```bash\npip-compile --generate-hashes requirements.in -o requirements.txt   # or: uv lock / poetry lock\n```\n"
    "or at least `pip freeze > requirements.lock` from the environment that produced the results.",
)
def dependency_pinning(ctx):
    r = dependency_pinning.rule
    p = pinning(ctx)
    files, locks, compiled = p["files"], p["locks"], p["compiled"]
    desc = []
    ev_list = []
    worst = 100
    for path in sorted(files):
        total, exact, hashed, source = files[path]
        pct = round(100 * exact / total) if total else 100
        worst = min(worst, pct)
        # ~=2.6.0 fixes the release series, not one build: say so rather than call it exact
        series = sum(
            1 for d in ctx.index.dependencies if d.path == path and d.exact and d.spec.startswith("~=")
        )
        what = (
            "exact"
            if not series
            else "pinned to a patch series (~=)"
            if series == exact
            else "exact or pinned to a patch series (~=)"
        )
        if path in p["locked_by"]:
            desc.append(f"{path} locked by {p['locked_by'][path]}")
        else:
            desc.append(
                f"{path} {exact} of {total} {what} ({pct}%)" + (f", {hashed} hashed" if hashed else "")
            )
        first = next(d for d in ctx.index.dependencies if d.path == path)
        ev_list.append(
            Evidence(path, first.line, f"{exact}/{total} " + ("exact pins" if not series else what))
        )
    ev_list += [Evidence(x, 0, "lock file") for x in locks] + [
        Evidence(x, 0, "compiled requirements") for x in compiled
    ]
    for lock, (missing, listed, what) in p["partial"].items():
        desc.append(
            f"{lock} locks only part of the environment ({len(missing)} of the {listed} packages {what} "
            f"are not in it: {', '.join(missing[:4])})"
        )
        ev_list.append(Evidence(lock, 0, "lock file of part of the environment"))
    if not files and not locks and not compiled and p["partial"]:
        return [
            r.finding(
                WARN,
                "The only environment file is a lock of part of the environment: " + "; ".join(desc) + ".",
                ev_list,
                "Export the whole environment the results come from (`conda list --explicit > spec-file.txt` "
                "after installing every package the code imports), or list the missing packages with pins.",
            )
        ]
    if locks or compiled:
        return [
            r.finding(
                PASS,
                f"Lock file(s): {', '.join(locks + compiled)}"
                + (f"; manifests: {'; '.join(desc)}" if desc else "")
                + ".",
                ev_list,
            )
        ]
    if not files:
        from .facts import foreign_training

        foreign = foreign_training(ctx)
        if foreign is not None:
            lang, paths = foreign
            return [
                r.finding(
                    WARN,
                    f"No file lists the packages the {lang} training code ({paths[0]}) needs, at versions.",
                    [Evidence(paths[0], 0, f"{lang} training code")],
                    f"List them with their versions where the install reads them: {_FOREIGN_MANIFESTS[lang]}.",
                )
            ]
        if not trains(ctx) and not facts(ctx).modules:
            return []
        exact_doc, named_doc, pin_line = documented_pins(ctx)
        ignored = _ignored_manifest(ctx)
        # setup.py with name, version and packages but no install_requires: a package file, no manifest
        empty = next(
            (
                f.path
                for f in ctx.inventory.project_files()
                if f.path in ("setup.py", "pyproject.toml", "setup.cfg")
            ),
            None,
        )
        from .facts import source_lines

        # install_requires=deps(): a list computed when setup.py runs, which the auditor does not run
        computed = empty is not None and any("install_requires" in x for x in source_lines(ctx, empty) or ())
        said = "declares no dependencies the auditor could read" if computed else "declares no dependencies"
        tools = sorted(tool_manifests(ctx))
        head = (
            f"No file lists the packages the code needs: {empty} {said}, and there is no "
            "requirements*.txt, environment.yml or Pipfile"
            if empty
            else "No dependency manifest for the project's own code: "
            f"{', '.join(tools[:2])} sets up the tool copied into {tools[0].rsplit('/', 1)[0]}/ with its own licence"
            if tools
            else "No dependency manifest (requirements*.txt, pyproject.toml, environment.yml, Pipfile, setup.py) was found"
        )
        return [
            r.finding(
                FAIL,
                head
                + (
                    f"; the set-up instructions install {named_doc} packages by hand, {exact_doc} pinned exactly "
                    f"({pin_line.where()}): a manifest would make those pins installable and checkable."
                    if exact_doc
                    else "."
                ),
                [pin_line] if exact_doc else [],
                "```bash\npip freeze > requirements.txt   # then prune to direct dependencies and keep the == pins\n```"
                + (
                    (
                        f"\nand delete the `requirements.txt` line of {ignored.where()}: it keeps the file out of git."
                        if ignored.detail == "requirements.txt"
                        else f"\nand add `!requirements.txt` below {ignored.where()} (`{ignored.detail}`), which keeps "
                        "the file out of git."
                    )
                    if ignored
                    else ""
                ),
            )
        ]
    unlisted = unlisted_frameworks(ctx, files)
    if worst >= 90 and unlisted:
        names = ", ".join(e.detail.removeprefix("imports ") for e in unlisted)
        return [
            r.finding(
                WARN,
                f"The listed dependencies are pinned exactly ({'; '.join(desc)}), but {names}, which the "
                f"training code imports ({unlisted[0].where()}), is in no dependency file: its version is "
                "whatever each user installs.",
                ev_list + unlisted,
                f"Add `{names.split(', ')[0]}==<the version the results were produced with>` to "
                f"{sorted(files)[0]}.",
            )
        ]
    total = sum(s[0] for s in files.values())
    if worst >= 90 and total < 5 and not all(s[3] == "metaflow" for s in files.values()):
        # Three pinned extras in a Dockerfile beside a README's loose `pip install` list: the pins are
        # exact, but most of what the code imports is pinned nowhere.
        listed = {_norm_pkg(d.name) for d in ctx.index.dependencies if d.path in files}
        boxed = {
            n
            for img in project_images(ctx)
            if img.pinned
            for n in FRAMEWORKS
            if n in img.image.replace("pytorch", "torch")
        }
        missing = sorted(
            p
            for p in _imported_packages(ctx, "")
            if p not in boxed and not ({p} | _DIST_ALIASES.get(p, set())) & listed
        )
        if len(missing) >= 3:
            return [
                r.finding(
                    WARN,
                    f"The {total} listed dependencies are pinned exactly ({'; '.join(desc)}), but the code "
                    f"imports {len(missing)} other packages that no dependency file names "
                    f"({', '.join(missing[:5])}{', ...' if len(missing) > 5 else ''}): their versions are "
                    "whatever each user installs.",
                    ev_list,
                    "List every package the code imports, pinned (`pip freeze` from the environment that "
                    "produced the results, pruned to what the code imports).",
                )
            ]
    conda = _conda_export(ctx, files)
    if worst >= 90 and conda:
        path, n, first = conda
        return [
            r.finding(
                WARN,
                f"Dependencies are pinned exactly ({'; '.join(desc)}), but {path} holds `conda env export`'s "
                f"list ({n} entries in conda's `name=version=build` syntax, {first.where()}): `pip install -r "
                f"{path}` rejects it, and conda reads such a list only from an environment.yml.",
                ev_list + [first],
                "Turn the export into an `environment.yml` (`name:`, `channels:` and `dependencies:` above the "
                "list) and say in the README: `conda env create -f environment.yml`.",
            )
        ]
    if worst >= 90:
        return [r.finding(PASS, f"Dependencies are pinned exactly: {'; '.join(desc)}.", ev_list)]
    status = WARN if worst >= 50 else FAIL
    fix = r.fix
    # The fix for the manifest holding the most loose pins, in the tool that locks that kind of file.
    loose: dict[str, int] = {}
    kind_of: dict[str, str] = {}
    for d in ctx.index.dependencies:
        if d.path in files and not d.exact:
            loose[d.path] = loose.get(d.path, 0) + 1
            kind_of[d.path] = d.source
    # A published library's requirements are ranges its users resolve, rightly (install_requires, the
    # requirements.txt setup.py reads, CI images that follow upstream); what is missing is a record of the
    # environment its own tests and benchmarks ran in: a gap, not a failure.
    lib_note = ""
    if library(ctx) is not None:
        status = WARN
        lib_note = (
            " (ranges are right for a library's users; no lock records the environment its own tests and "
            "benchmarks ran in)"
        )
    # an environment file is what users create the environment from: it is locked first
    conda = sorted(f for f in loose if kind_of[f] in ("conda", "conda-pip"))
    # a manifest kept for the record (tf1.2_legacy/, old/, deprecated/) is not the one users install
    current = {f: n for f, n in loose.items() if not _LEGACY_DIR.search(f)} or loose
    worst_file = conda[0] if conda else max(sorted(current), key=current.get) if current else None
    kind = kind_of.get(worst_file, "")
    if kind in ("conda", "conda-pip"):
        # A conda environment is locked by conda's tools, not by pip-compile of a requirements.in.
        fix = (
            f"```bash\nconda-lock -f {worst_file} -p linux-64   # or: conda env export --no-builds > "
            "environment.lock.yml\n```\nfrom the environment that produced the results."
        )
    elif kind in _PACKAGE_SOURCES:
        # A package's dependencies are ranges its users resolve; exact pins there would break their
        # installs. The environment the experiments and CI run in is locked beside it.
        fix = (
            f"Keep the ranges in `{worst_file}` for the package's users, and lock the environment the "
            "experiments and CI run in beside it:\n"
            f"```bash\nuv pip compile {worst_file} -o requirements.lock   # used by CI and the experiment scripts\n```"
        )
    elif worst_file is not None and worst_file.endswith(".txt") and not ctx.inventory.get("requirements.in"):
        fix = f"```bash\nuv pip compile {worst_file} -o requirements.lock   # or: pip freeze > requirements.lock\n```"
    elif worst_file is not None and "Dockerfile" in worst_file.rsplit("/", 1)[-1]:
        fix = (
            f"Pin every `pip install` in `{worst_file}` to the version the results were produced with "
            "(`package==x.y.z`), or install from a locked requirements file copied into the image."
        )
    old = _old_stack(ctx)
    if old and kind not in ("conda", "conda-pip") and worst_file is not None:
        # the requirements file users install from, not a package's ranges, holds those pins
        worst_file = next((f for f in sorted(current) if f.endswith(".txt")), worst_file)
        # a package's install_requires: exact pins there would break its users' installs
        target = (
            "a requirements file the experiments install from (`requirements-experiments.txt`), keeping the "
            f"ranges in `{worst_file}` for the package's users,"
            if kind_of.get(worst_file, "") in _PACKAGE_SOURCES
            else f"`{worst_file}`"
        )
        # torch 0.4 or TensorFlow 1.x: a lock resolved today holds versions this code never ran with (and
        # often cannot import); what users need is the versions of the results, written down.
        listed = [d for d in ctx.index.dependencies if d.path == worst_file]
        framework = old.split("==", 1)[0]
        loose_names = [d.name for d in listed if not d.exact]
        if loose_names and any(d.exact and d.name == framework for d in listed):
            # torch==0.4.1.post2 is pinned already: what is left is the packages beside it
            pinned = next(f"{d.name}{d.spec}" for d in listed if d.exact and d.name == framework)
            what = (
                f"the packages it leaves loose ({', '.join(loose_names[:4])}) at the versions the results "
                f"were produced with, of the time of the pinned `{pinned}`"
            )
        else:
            what = (
                f"the versions the results were produced with (`{old}`, as the project states, and each "
                "other package at its version of that time)"
            )
        fix = (
            f"Pin in {target} {what}; a lock compiled today "
            "(`uv pip compile`) would resolve releases this code has never run with. From the environment "
            "that produced the results, if it still exists: `pip freeze > requirements.lock`."
        )
    no_lock = (
        "no lock file of the whole environment"
        if p["partial"]
        else "no lock file for the others"
        if p["locked_by"]
        else "no lock file"
    )
    return [
        r.finding(status, f"Loose dependency pins: {'; '.join(desc)}; {no_lock}{lib_note}.", ev_list, fix)
    ]


def _old_stack(ctx) -> str:
    """The framework pin the project states when it is from before today's releases can run its code
    (PyTorch before 1.8, TensorFlow 1.x): `torch==0.4.<patch>`; '' otherwise."""
    from ..fixes import imported_roots

    roots = imported_roots(ctx)
    if "torch" in roots:
        v = _pinned_version(ctx, "torch")
        if v and v < (1, 8):
            return f"torch=={v[0]}.{v[1]}.<patch>"
    if "tensorflow" in roots:
        v = _pinned_version(ctx, "tensorflow", "tensorflow-gpu", "tensorflow-cpu")
        if v and v < (2, 0):
            return f"tensorflow=={v[0]}.{v[1]}.<patch>"
    return ""


_DOCKER_PYTHON = re.compile(
    r"\bpython3\.\d{1,2}\b|\bpython=3\.\d{1,2}\b|PYTHON_VERSION=3\.\d{1,2}|"
    # an interpreter a version manager or installer puts in the image: `pyenv install 3.6.12`,
    # `uv python install 3.11`, the Miniconda3-py37_4.10.3 installer (its Python is 3.7)
    r"\bpyenv\s+(?:install|global)\s+(?:-\S+\s+)*3\.\d{1,2}|\buv\s+python\s+install\s+3\.\d{1,2}|"
    r"Miniconda3-py3\d{1,2}_"
)
# An image tag naming its Python (py310, python3.10-ubuntu20.04, 22.04-py3)
_PYTHON_TAG = re.compile(r"(^|[-_])py(thon)?-?3\.?\d+")
_PY_RANGE = re.compile(r">=?\s*3\.(\d+)[^,]*,\s*<\s*3\.(\d+)")


def _given(c, key: str, nothing: frozenset = frozenset(), m=None) -> bool:
    """A keyword given a value on every call: ``worker_init_fn=init_fn if is_iterable else None`` hands
    one only on some, ``worker_init_fn=None`` none, and neither does a call of a function in
    ``nothing`` (``worker_init_fn=utils.loader_worker_init_fn(dataset)``, which returns None), nor a
    variable of the module's that a branch sets to None (``else: init_fn = None``)."""
    if not c.has_kw(key):
        return False
    v = c.kw(key)
    text = getattr(v, "text", "") or ""
    if text.endswith("()") and text[:-2].rsplit(".", 1)[-1] in nothing:
        return False
    if m is not None and text and any(a.target == text and a.value is None for a in m.assigns):
        return False
    return v is not None and not re.search(r"\belse None$", text)


def pins_python(spec: str) -> bool:
    """A specifier that fixes one minor version (==3.10, ~=3.10.4, >=3.10,<3.11, conda python=3.10);
    an open range (>=3.8, >=3.5,<4) admits several and pins nothing."""
    s = spec.replace(" ", "").strip("\"'")
    if re.fullmatch(r"v?3\.\d+(\.\d+|\.\*)?", s):
        return True
    if re.search(r"(^|[^<>!~=])=?=\s*v?3\.\d+", s) or s.startswith("~=3."):
        return True
    m = _PY_RANGE.search(s)
    return bool(m) and int(m.group(2)) - int(m.group(1)) <= 1


_CI_PYTHON = re.compile(r"3\.\d+(?:\.\d+)?")


# Workflow commands that only install, build or upload the package (or print and move around).
_PACKAGING_ONLY = re.compile(
    r"^\s*((python3?\s+-m\s+)?(pip3?|build|twine)\b.*|python3?\s+setup\.py\s+(sdist|bdist\w*).*|"
    r"(echo|cd|ls|mkdir|cat|export|rm)\b.*|)\s*$"
)


# Commands that only check style or build the docs (isort, flake8, a Sphinx build), or install for them.
_STYLE_ONLY = re.compile(
    r"\s*(?:python3? -m )?(?:pip install|isort|black|flake8|ruff|pylint|mypy|pre-commit|codespell|sphinx-build|"
    r"yapf|clang-format|mkdocs|make (?:docs|html)|cd docs)\b.*|"
    # find . -name '*.cpp' | xargs clang-format ...: a formatter run over a file list
    r"\s*(?:find|git ls-files)\b.*\|\s*xargs\b.*\b(?:clang-format|black|yapf|flake8|isort)\b.*"
)


def _style_only(runs: str) -> bool:
    joined = re.sub(r"\\\n", " ", runs)
    commands = [c for line in joined.splitlines() for c in re.split(r"&&|\|\||;", line) if c.strip()]
    return bool(commands) and all(_STYLE_ONLY.fullmatch(c) for c in commands)


def _runs_project_code(runs: str) -> bool:
    """Whether a workflow's run steps do more than install, build and upload the package: tests,
    `dvc repro`, the project's scripts."""
    joined = re.sub(r"\\\n", " ", runs)  # twine upload \ (newline) dist/*: one command
    commands = (c for line in joined.splitlines() for c in re.split(r"&&|\|\||;", line))
    return any(not _PACKAGING_ONLY.match(c) for c in commands)


_CLASSIFIER_PYTHON = re.compile(r"Programming Language :: Python :: (3\.\d+)\s*$")


def _classifier_pythons(ctx) -> list[Evidence]:
    """`Programming Language :: Python :: 3.8` in setup.py's or pyproject.toml's classifiers: the Python
    versions the package says it supports."""
    out = []
    for m in facts(ctx).modules:
        if m.path.rsplit("/", 1)[-1] != "setup.py":
            continue
        for c in m.calls:
            values = c.kw("classifiers") if c.name.endswith("setup") else None
            for v in values if isinstance(values, list) else ():
                hit = _CLASSIFIER_PYTHON.search(v) if isinstance(v, str) else None
                if hit:
                    out.append(Evidence(m.path, c.line, f"classifier Python {hit.group(1)}"))
    for path, doc in sorted(ctx.index.configs.items()):
        if path.rsplit("/", 1)[-1] != "pyproject.toml" or doc.error or scope_of(path) in ("example", "test"):
            continue
        for k, v, line in doc.entries:
            hit = (
                _CLASSIFIER_PYTHON.search(v)
                if k.startswith("project.classifiers") and isinstance(v, str)
                else None
            )
            if hit:
                out.append(Evidence(path, line, f"classifier Python {hit.group(1)}"))
    return out


def _declared_bounds(ctx) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
    """(the oldest Python the project runs on, the first it declares it does not run on), as (3, 8) and
    (3, 10) for requires-python ">=3.8,<3.10"; either None when not declared. The floor is raised to what
    the project's own pinned dependencies need."""
    floors, ceilings = [], []
    for e in ctx.index.python_version_pins:
        if scope_of(e.path) in ("example", "test"):
            continue
        m = re.search(r">=?\s*(\d)\.(\d+)", e.detail)
        if m:
            floors.append((int(m.group(1)), int(m.group(2))))
        m = re.search(r"<\s*(\d)\.(\d+)", e.detail)
        if m and not re.search(r"<=", e.detail):
            ceilings.append((int(m.group(1)), int(m.group(2))))
    needs = _pins_floor(ctx, core_only=True)
    if needs:
        m = re.match(r"(\d)\.(\d+)", needs[0])
        if m:
            floors.append((int(m.group(1)), int(m.group(2))))
    return (max(floors) if floors else None), (min(ceilings) if ceilings else None)


# The interpreter line of each version file: runtime.txt `python-3.8.10`, .python-version `3.10.4` (or a
# pyenv name holding the version), .tool-versions `python 3.11.2`
_VERSION_FILE_LINE = {
    "runtime.txt": re.compile(r"^\s*python-[23]\.\d+", re.I),
    # 3.10.4, 2.7.15, pypy3.9-7.3.9, miniconda3-4.7.12 (a distribution's name before the version)
    ".python-version": re.compile(r"^\s*(\S*-)?(pypy)?[23]\.\d+"),
    ".tool-versions": re.compile(r"^\s*python\s+(pypy)?[23]\.\d+"),
}


def _python_version_line(path, name: str) -> int:
    """The line of a version file that names a Python interpreter, 0 when none does."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return 0
    pattern = _VERSION_FILE_LINE[name]
    return next((i for i, ln in enumerate(text.splitlines(), 1) if pattern.match(ln)), 0)


_MISE_PYTHON = re.compile(r"""^[ \t]*python[ \t]*=[ \t]*["'\[]*[ \t]*["']?(3\.\d{1,2}(?:\.\d+)?)["']""", re.M)


def _stated_minor(text: str) -> tuple[int, int] | None:
    """The Python minor version a pin states (python=3.7, python:3.7-slim, Python 3.10.4, py310), else None;
    other versions beside it (ray:2.6.0) are not Python's."""
    m = (
        re.search(r"python\s*[=:~<>]*\s*v?([23])\.(\d{1,2})(?!\d)", text, re.I)
        or re.search(r"(?<![a-z])py([23])(\d{1,2})(?!\d)", text, re.I)
        # `pyenv install 3.6.12`, `uv python install 3.11`: the interpreter a version manager installs
        or re.search(
            r"\b(?:pyenv\s+(?:install|global)|uv\s+python\s+install)\s+(?:-\S+\s+)*([23])\.(\d{1,2})",
            text,
            re.I,
        )
    )
    return (int(m.group(1)), int(m.group(2))) if m else None


def _ci_python(ctx) -> list[Evidence]:
    """`actions/setup-python` with one version: the project's code is run and checked on that Python
    (a matrix of several versions states support, not a pin). The config reader keeps a version as
    written (an unquoted 3.10 is not the number 3.1)."""
    out = []
    travis = ctx.index.configs.get(".travis.yml")
    if travis is not None and not travis.error:
        # Travis: `python: ["3.6"]`, one version the tests run on
        pins = [(v, line) for k, v, line in travis.entries if k in ("python", "python[]") and v is not None]
        # script: black --check .: a style job runs none of the project's code on that Python
        runs = "\n".join(str(v) for k, v, _ in travis.entries if k.startswith("script") and v is not None)
        style = bool(runs) and (not _runs_project_code(runs) or _style_only(runs))
        if len({str(v).strip() for v, _ in pins}) == 1 and not style:
            m = _CI_PYTHON.fullmatch(str(pins[0][0]).strip())
            if m:
                out.append(Evidence(".travis.yml", pins[0][1], f"CI runs Python {m.group(0)}"))
    workflows = [
        (path, doc)
        for path, doc in sorted(ctx.index.configs.items())
        if path.startswith(".github/workflows/") and not doc.error
    ]
    versions = {
        path: {
            str(v).strip()
            for k, v, _ in doc.entries
            if k.endswith(("python-version", "python-version[]")) and v is not None and "${{" not in str(v)
        }
        for path, doc in workflows
    }
    # The tests run on a matrix of Pythons: the project supports a range, and the one version of a
    # style or docs job elsewhere is no pin.
    matrix = any(len(v) > 1 for v in versions.values())
    for path, doc in workflows:
        # one Python version, however often it is written (a setup step per job, a one-entry matrix);
        # `${{ matrix.python-version }}` refers to the matrix, which is read itself
        # a job publishing the package builds it on one Python, whatever the users run: not that job's
        publishing = {
            k.split(".")[1]
            for k, v, _ in doc.entries
            if k.startswith("jobs.")
            and isinstance(v, str)
            and (
                (k.endswith(".uses") and "pypi-publish" in v)
                or (k.endswith(".run") and re.search(r"\btwine\s+upload\b", v))
            )
        }
        pins = [
            (v, line)
            for k, v, line in doc.entries
            if k.endswith(("python-version", "python-version[]"))
            and v is not None
            and "${{" not in str(v)
            and not (k.startswith("jobs.") and k.split(".")[1] in publishing)
        ]
        if len({str(v).strip() for v, _ in pins}) != 1 or matrix:
            continue
        runs = "\n".join(str(v) for k, v, _ in doc.entries if k.endswith(".run") and v is not None)
        if runs and (not _runs_project_code(runs) or _style_only(runs)):
            continue  # a release workflow building the package, or a style check, runs none of its code
        m = _CI_PYTHON.fullmatch(str(pins[0][0]).strip())
        if m:
            out.append(Evidence(path, pins[0][1], f"CI runs Python {m.group(0)}"))
    return out


@rule(
    "ET411",
    "python-version-unpinned",
    "4.1",
    "The Python version is pinned",
    what="Looks for `requires-python`/poetry `python`, `.python-version`, `runtime.txt`, a `python` "
    "entry in environment.yml, or a `python:3.x` base image.",
    why="Python minor versions change hashing, dict/set behaviour of some libraries, and which wheels "
    "exist; an unstated version makes the environment ambiguous.",
    example="```toml\n[project]\nname = 'exp'\n# no requires-python\n```",
    fix="```bash\n# in the environment the results come from: record that interpreter's minor version\n"
    "python -c \"import sys; print('%d.%d' % sys.version_info[:2])\" > .python-version\n```",
)
def python_version(ctx):
    r = python_version.rule
    from .facts import foreign_training

    if foreign_training(ctx) is not None:
        return []  # train.lua: the interpreter the runs need is not Python's (Data Gaps says so)
    serving = serving_only_containers(ctx)
    from .facts import foreign_containers

    foreign = foreign_containers(ctx) | tool_manifests(ctx)  # a template's Python is not the project's
    found = [
        e
        for e in ctx.index.python_version_pins
        # the specifier whole: "requires-python >= 3.9" is an open range, not "3.9"
        if pins_python(e.detail.split(" ", 1)[-1])
        and scope_of(e.path) not in ("example", "test")
        and e.path not in foreign
    ]
    for fe in ctx.inventory.project_files():
        name = fe.path.rsplit("/", 1)[-1]
        if name in (".python-version", "runtime.txt", ".tool-versions"):
            # what the file says decides, not its name: mmcv-style projects keep their pip list in
            # requirements/runtime.txt; only `python-3.8.10` (runtime.txt), `3.10.4` (.python-version) or
            # `python 3.11.2` (.tool-versions) names an interpreter
            line = _python_version_line(ctx.inventory.root / fe.path, name) if fe.size < 65536 else 0
            if line:
                found.append(Evidence(fe.path, line, name))
        elif name in (".mise.toml", "mise.toml") and fe.size < 65536:
            # mise's [tools] python = "3.12": `mise install` provides that interpreter
            text = (ctx.inventory.root / fe.path).read_text(encoding="utf-8", errors="replace")
            m = _MISE_PYTHON.search(text)
            if m:
                found.append(
                    Evidence(fe.path, text.count("\n", 0, m.start()) + 1, f"mise python {m.group(1)}")
                )
    for d in ctx.index.dependencies:
        if (
            d.name == "python"
            and d.spec
            and pins_python(d.spec)
            and scope_of(d.path) not in ("example", "test")
            and d.path not in foreign
        ):
            found.append(Evidence(d.path, d.line, f"python{d.spec}"))
    for img in project_images(ctx):
        name = img.image.rsplit("/", 1)[-1]
        # A CUDA or OS image fixes no Python; python:3.11 or a tag naming pyXY does, and so does a
        # framework image released by version (pytorch/pytorch:1.13.1-..., nvcr.io/nvidia/pytorch:22.04-py3).
        fixes_python = (
            name == "python"
            or _PYTHON_TAG.search(img.tag or "")
            or (name in ("pytorch", "tensorflow", "tensorflow-gpu") and re.match(r"v?\d", img.tag or ""))
        )
        if fixes_python and (img.tag or img.digest):
            found.append(Evidence(img.path, img.line, f"base image {img.image}:{img.tag}"))
    # A container that installs or runs one Python minor version fixes it (apt install python3.10).
    for path, text in sorted(ctx.index.texts.items()):
        if path in serving or _in_copied_project(ctx, path):
            continue
        if path in foreign:
            continue
        if path.rsplit("/", 1)[-1].lower().startswith("dockerfile") or path.lower().endswith(".dockerfile"):
            # an instruction, never a comment ("# RUN conda install python=3.6" left as an option)
            m = next(
                (
                    m
                    for m in _DOCKER_PYTHON.finditer(text)
                    if not text[text.rfind("\n", 0, m.start()) + 1 : m.start()].lstrip().startswith("#")
                ),
                None,
            )
            if m:
                found.append(
                    Evidence(path, text.count("\n", 0, m.start()) + 1, f"container uses {m.group(0)}")
                )
    found += _ci_python(ctx)
    # an image a job specification or CI job runs in, tagged with its Python (anyscale/ray:2.6.0-py310-cu118)
    found += [
        Evidence(e.path, e.line, f"image {e.detail}", e.cell)
        for e in job_images(ctx)
        if _PYTHON_TAG.search(e.detail.rsplit(":", 1)[-1])
    ][:2]
    # a container or script on a Python older than the project declares or its pins allow (a 3.7 image beside
    # requires-python >= 3.8) runs some other environment than the project's
    low = _declared_bounds(ctx)[0]
    if low is not None:
        found = [e for e in found if (v := _stated_minor(e.detail)) is None or v >= low]
    if found:
        # (`RUN conda install python=3.6` is both an install and the container's Python: one place)
        found = list({(e.path, e.line, e.cell): e for e in reversed(found)}.values())[::-1]
        return [r.finding(PASS, "Python version pinned: " + where_list(found) + ".", found)]
    if not facts(ctx).modules:
        return []
    stated = _python_in_setup_docs(ctx)
    if low is not None:
        # "python==3.4.4" in a guide's legacy Theano section, for code needing tensorflow>=2.5
        old = [e for e in stated if (v := _stated_minor(e.detail)) is not None and v < low]
        stated = [e for e in stated if e not in old]
        if old and not stated:
            return [
                r.finding(
                    WARN,
                    f"The only Python stated ({old[0].detail}: {old[0].where()}) is older than the project allows "
                    f"(Python >= {low[0]}.{low[1]}); no file pins the one the results come from.",
                    old[:1],
                    _python_fix(ctx, r.fix, minimum=f"{low[0]}.{low[1]}"),
                )
            ]
    if stated:
        return [
            r.finding(
                PASS,
                "The documented set-up states the Python version ("
                + where_list(stated)
                + "); no project file enforces it.",
                stated,
            )
        ]
    # (... or the README's badges for several versions: python-2.7 beside python-3.6)
    supported = _classifier_pythons(ctx) or _badge_pythons(ctx)
    # a classifier older than the declared minimum is stale ("Python :: 3.6" beside requires-python >= 3.9)
    floor = next(
        (
            m.group(1)
            for e in ctx.index.python_version_pins
            if scope_of(e.path) not in ("example", "test")
            for m in [re.search(r">=?\s*(3\.\d+)", e.detail)]
            if m
        ),
        None,
    )
    if floor:
        supported = [e for e in supported if _minor(e.detail.rsplit(" ", 1)[-1]) >= _minor(floor)]
    # ... and so is one older than the dependencies allow ("Python :: 3.6" beside pydantic>=2, accelerate>=0.23)
    needs = _pins_floor(ctx)
    if needs and supported:
        stale = supported
        supported = [e for e in supported if _minor(e.detail.rsplit(" ", 1)[-1]) >= _minor(needs[0])]
        if not supported:
            return [
                r.finding(
                    WARN,
                    f"The only Python stated ({stale[0].detail}: {stale[0].where()}) is older than the dependencies "
                    f"allow ({needs[1]}); no file pins the one the results come from.",
                    stale[:1],
                    _python_fix(ctx, r.fix, minimum=needs[0]),
                )
            ]
    if supported:
        versions = sorted(
            {e.detail.rsplit(" ", 1)[-1] for e in supported}, key=lambda v: tuple(map(int, v.split(".")[:2]))
        )
        return [
            r.finding(
                WARN,
                f"The supported Python versions are stated ({', '.join(versions)}: {where_list(supported, 1)}); "
                "no file pins the one the results come from.",
                supported[:2],
                _python_fix(ctx, r.fix, minimum=versions[0]),
            )
        ]
    # requires-python = ">=3.8", python = "^3.8", python_requires=">=3.6": a lower bound, stated in a file
    declared = next(
        (
            e
            for e in ctx.index.python_version_pins
            if scope_of(e.path) not in ("example", "test") and re.search(r"(>=|\^|~=)\s*3\.\d", e.detail)
        ),
        None,
    )
    if declared is None:
        # `- python>=3.8` in environment.yml: a lower bound in the environment file
        declared = next(
            (
                Evidence(d.path, d.line, f"python{d.spec}")
                for d in ctx.index.dependencies
                if d.name == "python"
                and d.spec
                and re.search(r"(>=|\^|~=)\s*3\.\d", d.spec)
                and scope_of(d.path) not in ("example", "test")
            ),
            None,
        )
    if declared is not None:
        low = re.search(r"3\.\d+", declared.detail)
        return [
            r.finding(
                WARN,
                f"Only a minimum Python version is declared ({declared.detail.strip()}); no file pins one.",
                [declared],
                _python_fix(ctx, r.fix, minimum=low.group(0) if low else None),
            )
        ]
    minimum = next(
        (
            Evidence(p, t.count("\n", 0, m.start()) + 1, f"Python >= {m.group(1) or m.group(2)}")
            for p, t in sorted(facts(ctx).docs.items())
            for m in _PYTHON_MINIMUM.finditer(t)
            # "incompatible with Python 3.10 or higher", "If you are using Python 3.10 or higher", "Python 3.10
            # or higher is not supported": a limit or a case the text handles, not the version it asks for
            if not _UPPER_OR_CASE.search(_clause_before(t, m.start()))
            and not _UNSUPPORTED_AFTER.match(t, m.end())
        ),
        None,
    )
    if minimum is not None:
        return [
            r.finding(
                WARN,
                f"Only a minimum Python version is stated ({minimum.detail.strip()}); no file pins one.",
                [minimum],
                _python_fix(ctx, r.fix, minimum=minimum.detail.split()[-1]),
            )
        ]
    ran = _notebook_python(ctx)
    book = ctx.index.modules.get(ran.path) if ran is not None else None
    if (
        ran is not None
        and ran.detail.removeprefix("kernel metadata: Python ").startswith("2")
        # ... unless the notebook's own code is Python 2 (print 'x' fails to parse as Python 3)
        and not (book is not None and (book.error or book.syntax_note))
        # the builtin open() takes no encoding in Python 2 (asked only of a Python 2 kernel)
        and find(ctx, exact=("open",), pred=lambda c: c.has_kw("encoding"))
    ):
        # a notebook last saved under Python 2.7, beside code that only runs on Python 3 (the builtin
        # open() takes no encoding in Python 2): the metadata is older than the code
        ran = None
    if ran is not None:
        version = ran.detail.removeprefix("kernel metadata: Python ").split()[0]
        share = ran.detail.partition(" (")[2].rstrip(")")
        minor = ".".join(version.split(".")[:2])
        return [
            r.finding(
                WARN,
                f"No file pins the Python version; the notebooks record the one they were last run with "
                f"({version} in {ran.path}'s metadata{', as in ' + share if share else ''}).",
                [ran],
                _python_fix(ctx, r.fix, ran=minor),
            )
        ]
    major = _python2_stated(ctx) or _python3_major_stated(ctx)
    if major is not None:
        return [
            r.finding(
                WARN,
                f"Only the major Python version is stated ({major.where()}: {major.detail}); no file pins it.",
                [major],
                _python_fix(ctx, r.fix),
            )
        ]
    return [
        r.finding(
            WARN,
            "No Python version is pinned or stated (requires-python, .python-version, environment.yml, "
            "base image, set-up instructions).",
            # The manifests that were read and name no Python version (an absence has no line to cite).
            sorted({Evidence(d.path, 0, "no Python version here") for d in ctx.index.dependencies})[:3]
            or facts(ctx).training[:1],
            _python_fix(ctx, r.fix),
        )
    ]


def _notebook_python(ctx) -> Evidence | None:
    """The Python the project's training notebooks (else any notebook) were last run with, from their
    kernel metadata: the version the saved results came from."""
    from ..fixes import training_paths

    main = training_paths(ctx)
    books = [
        (p not in main, p, m.kernel_python)
        for p, m in ctx.index.modules.items()
        if p.endswith(".ipynb") and m.kernel_python and scope_of(p) not in ("example", "test")
    ]
    if not books:
        return None
    on_path = [b for b in books if not b[0]] or books
    # The version most of them ran with (the newest on a tie), not whichever sorts first: a collection's
    # one old Python 2 notebook is not the Python its TF2 notebooks need.
    counts: dict[tuple, int] = {}
    for _, _, version in on_path:
        key = tuple(int(x) for x in re.findall(r"\d+", version)[:2])
        counts[key] = counts.get(key, 0) + 1
    best = max(counts, key=lambda k: (counts[k], k))
    path, version = min(
        (p, v) for _, p, v in on_path if tuple(int(x) for x in re.findall(r"\d+", v)[:2]) == best
    )
    share = f" ({counts[best]} of {len(on_path)} notebooks)" if len(counts) > 1 else ""
    return Evidence(path, 0, f"kernel metadata: Python {version}{share}")


# The newest Python minor each framework release line has wheels for: a pin older than the project's
# framework cannot be installed (TensorFlow 2.2 has no Python 3.11 wheels).
_NEWEST_PYTHON = (
    ("tensorflow", (1, 0), "3.6"), ("tensorflow", (1, 13), "3.7"), ("tensorflow", (2, 2), "3.8"), ("tensorflow", (2, 5), "3.9"),
    ("tensorflow", (2, 8), "3.10"), ("tensorflow", (2, 12), "3.11"), ("tensorflow", (2, 16), "3.12"),
    # torch 1.7.1 added the Python 3.9 wheels (its release notes; pytorch/pytorch#48133)
    ("torch", (1, 0), "3.7"), ("torch", (1, 4), "3.8"), ("torch", (1, 7, 1), "3.9"),
    # torch 1.13.1 has cp311 wheels on PyPI (pip resolves one for `torch==1.13.1` under Python 3.11)
    ("torch", (1, 11), "3.10"), ("torch", (1, 13, 1), "3.11"), ("torch", (2, 2), "3.12"), ("torch", (2, 5), "3.13"),
    # numpy's releases bound the Python too (numpy 1.13 has no wheels past 3.6)
    ("numpy", (1, 0), "3.6"), ("numpy", (1, 14), "3.7"), ("numpy", (1, 17), "3.8"), ("numpy", (1, 19, 3), "3.9"),
    ("numpy", (1, 21), "3.10"), ("numpy", (1, 23), "3.11"), ("numpy", (1, 26), "3.12"), ("numpy", (2, 1), "3.13"),
    # Ray's wheels: 3.9 from 1.3 (ray-project/ray#12613), 3.10 from 2.2
    ("ray", (1, 0), "3.8"), ("ray", (1, 3), "3.9"), ("ray", (2, 2), "3.10"),
)  # fmt: skip


# The oldest Python a pinned release installs on (its python_requires): a declared minimum below it
# cannot install the project's own pins (pytorch-lightning==1.5.6 and PyYAML==6.0 under "3.5+").
_OLDEST_PYTHON = (
    ("torch", (1, 6), "3.6"), ("torch", (1, 11), "3.7"), ("torch", (2, 0), "3.8"), ("torch", (2, 5), "3.9"),
    ("tensorflow", (2, 4), "3.6"), ("tensorflow", (2, 7), "3.7"), ("tensorflow", (2, 12), "3.8"),
    ("tensorflow", (2, 14), "3.9"),
    ("numpy", (1, 19), "3.6"), ("numpy", (1, 20), "3.7"), ("numpy", (1, 22), "3.8"), ("numpy", (1, 25), "3.9"),
    ("pandas", (1, 2), "3.7"), ("pandas", (1, 4), "3.8"), ("pandas", (2, 1), "3.9"),
    ("scikit-learn", (1, 0), "3.7"), ("scikit-learn", (1, 1), "3.8"), ("scikit-learn", (1, 4), "3.9"),
    ("pytorch-lightning", (1, 0), "3.6"), ("pytorch-lightning", (1, 6), "3.7"), ("pytorch-lightning", (2, 0), "3.8"),
    ("pyyaml", (6, 0), "3.6"),
    ("pydantic", (2, 0), "3.7"), ("accelerate", (0, 21), "3.8"), ("transformers", (4, 31), "3.8"),
)  # fmt: skip


def _pins_floor(ctx, core_only: bool = False) -> tuple[str, str] | None:
    """(Python version, why) the exact pins need at least, from ``_OLDEST_PYTHON``; None without one.
    ``core_only``: the project's own manifests, not a docs build's or an example's requirements."""
    floor, why = None, ""
    for d in ctx.index.dependencies:
        if core_only and (scope_of(d.path) != "core" or re.match(r"(docs?|documentation)/", d.path)):
            continue
        name = _FRAMEWORK_NAMES.get(d.name.lower(), d.name.lower())
        # an exact pin, or a lower bound: pydantic>=2 installs only releases that need Python >= 3.7
        m = re.match(r"(?:==|>=|~=)\s*v?(\d+)\.(\d+)", d.spec or "")
        if not m:
            continue
        version = (int(m.group(1)), int(m.group(2)))
        fits = [py for pkg, since, py in _OLDEST_PYTHON if pkg == name and version >= since]
        if fits and (floor is None or _minor(fits[-1]) > _minor(floor)):
            floor, why = fits[-1], f"{d.name}{d.spec} needs Python >= {fits[-1]}"
    return (floor, why) if floor else None


_FRAMEWORK_NAMES = {"tensorflow-gpu": "tensorflow", "tensorflow-cpu": "tensorflow", "pytorch": "torch"}


_PROSE_FRAMEWORK = re.compile(
    r"\b(tensorflow|pytorch|torch)(?:-gpu)?\s*(?:==|=|version)?\s*v?(\d+\.\d+(?:\.\d+)?)\b", re.I
)


def _framework_specs(ctx):
    """(framework, version spec) of the torch and tensorflow requirements, under one name each: those
    the code imports (a torch pinned for a checkpoint converter is not a JAX trainer's framework)."""
    from ..fixes import imported_roots

    imported = imported_roots(ctx)
    listed = False
    for d in ctx.index.dependencies:
        name = _FRAMEWORK_NAMES.get(d.name, d.name)
        # a copied project's Dockerfile pins the upstream's framework (FastReID's torch 1.6 in BoT-SORT)
        if name in ("tensorflow", "torch") and name in imported and not _in_copied_project(ctx, d.path):
            listed = True
            yield name, d.spec or ""
    if not listed:
        # No manifest lists it: the version the README states ("Tensorflow == 2.0.0") is the one to fit.
        from ..rules.facts import facts

        for path, text in sorted(facts(ctx).docs.items()):
            if path.lower().rsplit("/", 1)[-1].startswith("readme") and not _in_copied_project(ctx, path):
                # "[TensorFlow](https://...) 1.15 (we hope to support TensorFlow 2.0 later)": a link reads
                # as its text, so the version named right after it is the one found first
                text = MD_LINK.sub(r"\1", text)
                for m in _PROSE_FRAMEWORK.finditer(text):
                    name = "torch" if m.group(1).lower() in ("torch", "pytorch") else "tensorflow"
                    if name in imported:
                        yield name, "==" + m.group(2)
                break


def _framework_pin(ctx) -> tuple[str, str] | None:
    """(framework, exact version) the project pins: ("torch", "1.6.0"), ("tensorflow", "2.2.0")."""
    for name, spec in _framework_specs(ctx):
        # a post-release or local build of the version (0.4.1.post2, 1.13.1+cu117) runs that version
        m = re.match(r"==\s*v?(\d+\.\d+(?:\.\d+)?)(?:\.post\d+|\+[\w.]+)?$", spec.strip())
        if m:
            return name, m.group(1)
    return None


# Set-up that compiles CUDA code: a build script, an extension's setup.py build, nvcc, deformable convs
_CUDA_BUILD = re.compile(
    r"\./make\.sh\b|\bsh\s+make\.sh\b|setup\.py\s+build(_ext)?\b|\bnvcc\b|\bDCNv2\b|cpp_extension", re.I
)


def compiles_cuda(ctx) -> bool:
    """The project builds CUDA code: its own .cu kernels, a torch cpp_extension it calls, or a set-up
    step that compiles one (CenterTrack's DCNv2 `./make.sh`)."""
    if any(f.path.endswith((".cu", ".cuh")) for f in ctx.inventory.project_files()):
        return True
    if find(ctx, prefixes=("torch.utils.cpp_extension.",)):
        return True
    return any(_CUDA_BUILD.search(text) for text in facts(ctx).docs.values())


def _image_fix(ctx, default: str, dockerfile: str | None = None, base: str = "") -> str:
    """The container fix on an image of the framework version the project pins, not the newest one,
    installing from the project's own dependency files (a snippet that copies a lock file the project
    does not have cannot be built). With a Dockerfile already there, only its FROM line is the fix."""
    pin = _framework_pin(ctx)
    if pin is not None:
        name, version = pin
        image = (
            f"pytorch/pytorch:{version}-<cuda>-<cudnn>-runtime   # the tag of torch {version} on Docker Hub"
            if name == "torch"
            # TF 1.x images without the -py3 suffix run Python 2
            else f"tensorflow/tensorflow:{version}-gpu"
            + ("-py3" if version.startswith("1.") and not _python2_modules(ctx) else "")
        )
    else:
        from ..fixes import imported_roots

        # no version the project states: no newest release either (an image of torch 2.3 for code written
        # against torch 1.x would not run it)
        image = re.sub(
            r"^pytorch/pytorch:[\d.]+-cuda[\d.]+-cudnn\d+",
            "pytorch/pytorch:<torch version>-<cuda>-<cudnn>",
            re.search(r"FROM (\S+)", default).group(1),
        )
        if image.startswith("pytorch/pytorch:<torch version>"):
            image += "   # the torch the results were produced with"
        roots = imported_roots(ctx)
        # no pin in a manifest, but the set-up names the version ("PyTorch 0.4.1", "TensorFlow 1.0.1"): an
        # image of that release line, not the newest one
        torch_v = _pinned_version(ctx, "torch") if "torch" in roots else None
        tf_v = _pinned_version(ctx, "tensorflow", "tensorflow-gpu") if "tensorflow" in roots else None
        if torch_v is not None:
            image = (
                f"pytorch/pytorch:{torch_v[0]}.{torch_v[1]}.<patch>-<cuda>-<cudnn>-runtime   "
                f"# torch {torch_v[0]}.{torch_v[1]}, the version the set-up names"
            )
        elif tf_v is not None:
            image = f"tensorflow/tensorflow:{tf_v[0]}.{tf_v[1]}.<patch>-gpu" + (
                "-py3" if tf_v[0] == 1 and not _python2_modules(ctx) else ""
            )
        if "torch" not in roots and image.startswith("pytorch/"):
            # A JAX, TensorFlow or scikit-learn project: a pinned Python image, its own framework from the lock.
            image = "python:<version>-slim@sha256:<digest>   # the Python the project runs on"
            if "jax" in roots and may_use_gpu(ctx):
                # jax's CUDA wheels run on the GPU only with the CUDA libraries a slim image lacks
                image = (
                    "nvidia/cuda:<cuda version>-cudnn-runtime-ubuntu22.04@sha256:<digest>   # the CUDA the "
                    "jax[cuda] wheels need"
                )
    if "-runtime" in image and compiles_cuda(ctx):
        # a runtime image has no nvcc: the extensions the set-up compiles (DCNv2, the project's .cu kernels)
        # build only on the -devel image
        image = (
            image.replace("-runtime", "-devel", 1).split("   #", 1)[0]
            + "   # -devel: nvcc, to build the CUDA extensions"
        )
    if dockerfile:
        # the Dockerfile's own image, pinned: a PyTorch image stays one, whatever another folder pins
        # (``base``: the unpinned image as the Dockerfile's reader resolved it, build arguments filled in)
        repo = re.sub(r"(@.*|:[^/:]*)$", "", base.split()[0]) if base.strip() else ""
        if repo and "$" not in repo and repo.lower() != "scratch" and image.split(":", 1)[0] != repo:
            torch_v = _pinned_version(ctx, "torch") if repo == "pytorch/pytorch" else None
            image = (
                f"pytorch/pytorch:{torch_v[0]}.{torch_v[1]}.<patch>-<cuda>-<cudnn>-runtime"
                if torch_v is not None
                else f"{repo}:<the tag the runs used>@sha256:<digest>"
            )
        return f"```dockerfile\n# {dockerfile}: pin the base image by tag and digest\nFROM {image}\n```"
    conda, install = _install_lines(ctx)
    if conda:
        image = "mambaorg/micromamba:<tag>@sha256:<digest>"
    elif image.startswith("nvidia/cuda:"):
        install = [
            "RUN apt-get update && apt-get install -y --no-install-recommends python3 python3-pip",
            *install,
        ]
    return "```dockerfile\nFROM " + image + "\n" + "\n".join(install) + "\n```"


def _install_lines(ctx) -> tuple[bool, list[str]]:
    """The Dockerfile lines that install the project's environment from the files it has: its lock,
    else its pinned or compiled requirements, else its conda file (True: installed by micromamba), else the
    package itself."""
    pins = pinning(ctx)
    for lock in pins["locks"] + pins["compiled"]:
        low = lock.lower().rsplit("/", 1)[-1]
        here = lock.rsplit("/", 1)[0] + "/" if "/" in lock else ""
        if low == "uv.lock":
            return False, [f"COPY {here}pyproject.toml {lock} ./", "RUN pip install uv && uv sync --frozen"]
        if low == "poetry.lock":
            return False, [
                f"COPY {here}pyproject.toml {lock} ./",
                "RUN pip install poetry && poetry install --no-root",
            ]
        if low == "pdm.lock":
            return False, [f"COPY {here}pyproject.toml {lock} ./", "RUN pip install pdm && pdm sync"]
        if low.endswith((".txt", ".lock")) and low not in ("pixi.lock", "pipfile.lock"):
            return False, [f"COPY {lock} .", f"RUN pip install --no-deps -r {low}"]
    files = pins["files"]
    conda = sorted(p for p, s in files.items() if s[3].startswith("conda"))
    reqs = sorted((p for p, s in files.items() if s[3] == "requirements"), key=lambda p: (p.count("/"), p))
    if reqs:
        name = reqs[0].rsplit("/", 1)[-1]
        return False, [
            f"COPY {reqs[0]} .",
            f"RUN pip install -r {name}   # exact versions: pin this file (see ET410)",
        ]
    if conda:
        name = conda[0].rsplit("/", 1)[-1]
        return True, [f"COPY {conda[0]} .", f"RUN micromamba install -y -n base -f {name}"]
    if any(s[3] in ("pyproject", "setup.py", "setup.cfg", "poetry") for s in files.values()):
        return False, [
            "COPY . /src",
            "RUN pip install /src   # the package with the versions its metadata allows",
        ]
    # no dependency file yet: write the one the image installs (ET410), from the environment that ran
    return False, [
        "# requirements.txt does not exist yet: write it from the environment the results came from",
        "# (pip freeze there), then:",
        "COPY requirements.txt .",
        "RUN pip install -r requirements.txt",
    ]


def _python_fix(ctx, default: str, minimum: str | None = None, ran: str | None = None) -> str:
    """``_python_pin``, and the Python 2 names the training path still calls beside its Python 3.6 syntax
    (`xrange` in a loop that also formats f-strings): no Python runs that code until they are ported."""
    fix = _python_pin(ctx, default, minimum, ran)
    left = _python2_leftovers(ctx)
    if left:
        fix += (
            f"\n\nThe training code is Python 3 (f-strings) but still calls Python 2 names in {', '.join(left[:3])}: "
            "port them (range, dict.items(), input, str): those calls fail on any Python 3."
        )
    return fix


def _python2_leftovers(ctx) -> list[str]:
    """The training path's modules that call Python 2 names, when the path is Python 3.6+ by its f-strings."""
    from ..fixes import training_paths

    main = training_paths(ctx)
    on_path = [m for p in sorted(main) if (m := ctx.index.modules.get(p)) is not None]
    if not any(m.fstring_line for m in on_path) or _python2_modules(ctx):
        return []
    return [m.path for m in on_path if _python2_calls(m, _uses_pandas(ctx))]


def _python_pin(ctx, default: str, minimum: str | None = None, ran: str | None = None) -> str:
    """The rule's fix with a Python version the evidence supports: the code's own dialect, the newest
    Python the project's framework release has wheels for, the version its notebooks ran with, or its
    declared minimum. With none of these, the fix records the interpreter the results come from
    rather than naming a version nobody chose (3.11 cannot install TensorFlow 1 or run Python 2)."""
    py2 = _python2_modules(ctx)
    from ..fixes import training_paths

    main = training_paths(ctx)
    # a Python 2 helper beside Python 3 training code (mnist/samples.py in a collection whose chatbot
    # requires Python >= 3.6) does not make the project Python 2
    if py2 and ((main and py2 not in main) or (minimum or "").startswith("3")):
        py2 = ""
    if py2:
        return (
            "```bash\necho '2.7' > .python-version   # the code is Python 2 (e.g. "
            + py2
            + "); or port it to Python 3 first\n```"
        )
    stated = _python2_stated(ctx)
    if stated is not None:
        return (
            "```bash\necho '2.7' > .python-version   # the README says the code was tested under Python 2 ("
            + stated.where()
            + ")\n```"
        )
    bound, why = None, ""
    numpy = [(d.name, d.spec or "") for d in ctx.index.dependencies if d.name in ("numpy", "ray")]
    for name, spec in (*_framework_specs(ctx), *numpy):
        m = re.match(r"==\s*v?(\d+)\.(\d+)(?:\.(\d+))?", spec)
        if not m:
            continue
        version = (int(m.group(1)), int(m.group(2)), int(m.group(3) or 0))
        # numpy 1.19.3 added wheels for 3.9: a release's patch level counts where the table names one
        fits = [py for fw, since, py in _NEWEST_PYTHON if fw == name and version >= (*since, 0)[:3]]
        if fits and (bound is None or _minor(fits[-1]) < _minor(bound)):
            bound, why = fits[-1], f"the newest Python {name} {spec.lstrip('=~ v')} has wheels for"
    if _tf1(ctx) and (bound is None or _minor(bound) > (3, 7)):
        bound, why = "3.7", "the newest Python TensorFlow 1.x has wheels for"
    from ..index.syntax_fallback import ASYNC_NAME_NOTE

    old = next(
        (
            p
            for p in sorted(main)
            if (m := ctx.index.modules.get(p)) and m.syntax_note.startswith(ASYNC_NAME_NOTE)
        ),
        None,
    )
    if old is not None and (bound is None or _minor(bound) > (3, 6)):
        # `.cuda(async=True)` on the training path parses only up to Python 3.6, whatever the pins allow
        # (said beside what the pins allow, when they allow more: the code, not the pins, sets the limit)
        pinned = f"; {why} {bound}" if bound else ""
        bound, why = "3.6", f"{old} uses `async` as a name, which Python 3.7 made a keyword{pinned}"
    tested, ci_file = _ci_pythons(ctx)
    listed = ", ".join(sorted(set(tested), key=_minor))
    if len(set(tested)) >= 2 and minimum is not None and not ran:
        # a package that states a range and tests several Pythons supports each of them: the newest is
        # no more the one its published results came from than the oldest
        return _python_pin_file(
            ctx,
            None,
            "",
            f"```bash\n# {ci_file} tests {listed}, all supported: in the environment the published results "
            "come from, record its interpreter\n" + default.removeprefix("```bash\n").split("\n", 1)[1],
        )
    if tested and not ran:
        # the versions the project's CI runs its tests under: pick one of them, never one nobody tests
        fitting = [v for v in tested if bound is None or _minor(v) <= _minor(bound)] or tested
        chosen = max(fitting, key=_minor)
        why = f"the newest Python {ci_file} tests ({listed})" + (
            f", which {why.removeprefix('the newest Python ')} too"
            if bound and _minor(chosen) <= _minor(bound)
            else ""
        )
        return _python_pin_file(ctx, chosen, why)
    if ran:
        version, why = ran, "the Python the notebooks last ran with"
    elif bound and not (minimum and _minor(minimum) > _minor(bound)):
        version = bound
        if minimum:
            why += f" (the project asks for >= {minimum})"
    elif minimum:
        version, why = minimum, "the declared minimum, so every user gets the same interpreter"
        floor = _pins_floor(ctx)
        if floor and _minor(floor[0]) > _minor(minimum):
            # the stated minimum is older than the project's own pins allow
            version, why = floor[0], f"{floor[1]} (the stated >= {minimum} is out of date)"
    else:
        return _python_pin_file(ctx, None, "", default)
    ceiling = _declared_bounds(ctx)[1]
    if ceiling is not None and _minor(version) >= ceiling:
        # requires-python ">=3.8,<3.10": the newest Python the project allows, never one it excludes
        version = f"{ceiling[0]}.{ceiling[1] - 1}"
        why = f"the newest Python the project allows (< {ceiling[0]}.{ceiling[1]})"
    return _python_pin_file(ctx, version, why)


_LEGACY_DIR = re.compile(r"(^|/)[^/]*(legacy|deprecated|archived?|old|obsolete)[^/]*/", re.I)


def _python_pin_file(ctx, version: str | None, why: str, default: str = "") -> str:
    """The snippet that pins ``version``: the conda set-up command the instructions give (conda ignores
    .python-version); else a .python-version file, or, where the project's .gitignore keeps that file out
    of the repository, its conda environment file, a statement of the version beside a published
    package's python_requires range, its setup.py's python_requires, or the ignore line removed.
    ``version`` None: the version is unknown, and ``default`` says how to record the one the results came
    from."""
    snippet = f"```bash\necho '{version}' > .python-version   # {why}\n```" if version else default
    conda = _conda_setup_line(ctx) if version else None
    if conda is not None:
        # the set-up instructions make a conda environment (which ignores .python-version): the Python
        # belongs in the command that creates it
        return (
            f"Name the Python in the conda set-up the instructions give ({conda.where()}):\n"
            f"```bash\nconda create --name <env> python={version}   # {why}\n```"
        )
    env = next(
        (
            d.path
            for d in ctx.index.dependencies
            if d.path.rsplit("/", 1)[-1] in ("environment.yml", "environment.yaml")
            and scope_of(d.path) not in ("example", "test")
        ),
        None,
    )
    version_text = version or "3.X"
    if env:
        # the project's environment is made with conda from its environment file, which ignores
        # .python-version: the interpreter is one more of that file's dependencies
        why = why or "X: the minor version of the interpreter the reported runs used (python --version)"
        return f"Pin it in `{env}` (conda ignores `.python-version`):\n```yaml\ndependencies:\n  - python={version_text}   # {why}\n```"
    ignore = next(
        (
            (path, i + 1)
            for path, text in sorted(ctx.index.texts.items())
            if path.rsplit("/", 1)[-1] == ".gitignore" and "/" not in path
            for i, line in enumerate(text.splitlines())
            if fnmatch.fnmatch(".python-version", line.strip().lstrip("/")) and not line.startswith("#")
        ),
        None,
    )
    if ignore is None:
        return snippet
    why = why or "X: the minor version of the interpreter the reported runs used (python --version)"
    if library(ctx) is not None:
        # a published package: python_requires="==3.8.*" would lock out every user on another Python
        return (
            "Keep `python_requires` a range for the package's users, and state the Python the reported runs "
            f'used where their results are given ("results produced with Python {version_text}"), or '
            f"commit a `.python-version` for the experiments (remove the line that ignores it, "
            f"{ignore[0]}:{ignore[1]})."
        )
    if "setup.py" in ctx.index.texts or "setup.py" in ctx.index.modules:
        # a package users pip-install from the repository, not a published library: its metadata is where
        # the interpreter is declared
        return (
            f"Declare it in `setup.py` (`.python-version` is ignored by {ignore[0]}:{ignore[1]}):\n"
            f'```python\nsetup(\n    ...,\n    python_requires="=={version_text}.*",   '
            f"# {why}\n)\n```"
        )
    return (
        f"Commit a `.python-version` file: remove the line that ignores it ({ignore[0]}:{ignore[1]}), then\n"
        + snippet
    )


_CONDA_SETUP = re.compile(r"^\s*(?:\$\s*)?conda\s+(?:create|install)\b(?![^\n]*\bpython=)", re.M)


def _conda_setup_line(ctx):
    """The first `conda create`/`conda install` line of the set-up instructions that names no Python,
    where the project keeps no environment file (that file is where the pin goes)."""
    if any(
        d.path.rsplit("/", 1)[-1] in ("environment.yml", "environment.yaml") for d in ctx.index.dependencies
    ):
        return None
    for path, text in sorted(facts(ctx).docs.items()):
        m = _CONDA_SETUP.search(text)
        if m is not None:
            return Evidence(path, text.count("\n", 0, m.start()) + 1, "conda set-up command")
    return None


# "tested with TensorFlow 1.13.1 under Python2", "runs on Python 2": the major version, which only 2.7 serves
_PYTHON2_PROSE = re.compile(
    r"\b(?:tested|run|runs|works?|written|developed)\b(?:[^.\n]|\.(?=\S)){0,80}?\b(?:under|with|on|for|in)\s+python\s?2\b(?!\.[0-6])",
    re.I,
)


def _python2_stated(ctx) -> Evidence | None:
    return _readme_states(ctx, _PYTHON2_PROSE)


# "python==3.x", "Python 3", "python >= 3": the major version only (not the `python3 train.py` command)
_PYTHON3_PROSE = re.compile(
    r"(?<![\w.-])python\s*(?:==?|>=)\s*3(?:\.x)?(?![.\w])|(?<![\w.-])python\s+3(?:\.x|\+)?(?![.\w])", re.I
)


def _python3_major_stated(ctx) -> Evidence | None:
    return _readme_states(ctx, _PYTHON3_PROSE)


def _readme_states(ctx, pattern: re.Pattern) -> Evidence | None:
    """The first place a README of the project (not of an example or test) says what ``pattern`` matches."""
    for path, text in sorted(facts(ctx).docs.items()):
        if path.lower().rsplit("/", 1)[-1].startswith("readme") and scope_of(path) not in ("example", "test"):
            m = pattern.search(text)
            if m:
                return Evidence(path, text.count("\n", 0, m.start()) + 1, m.group(0)[:60])
    return None


def _ci_pythons(ctx) -> tuple[list[str], str]:
    """The Python versions the project's CI tests under (a GitHub Actions python-version matrix, Travis'
    python list), and the file that says so."""
    for path, doc in sorted(ctx.index.configs.items()):
        if doc.error:
            continue
        if path.startswith(".github/workflows/"):
            keys = ("python-version", "python-version[]")
        elif path in (".travis.yml", ".travis.yaml"):
            keys = ("python", "python[]")
        else:
            continue
        found = {
            m.group(0)
            for k, v, _ in doc.entries
            if k.endswith(keys) and v is not None and "${{" not in str(v)
            for m in [re.fullmatch(r"[23]\.\d{1,2}", str(v).strip().strip("'\""))]
            if m
        }
        if found:
            return sorted(found, key=_minor), path
    return [], ""


def _minor(version: str) -> tuple[int, int]:
    major, minor = version.split(".")[:2]
    return int(major), int(minor)


def _python2_modules(ctx) -> str:
    """A training-path module (else any project module) that only reads as Python 2, or that calls what
    only Python 2 has (``xrange``, a dict's ``iteritems``), or ''. Read once per index state: the Python
    fix, the Docker fix's image tag and the fix rewriting ask it."""
    key = (id(ctx.index), len(ctx.index.modules), len(ctx.taxonomy.training_entry_points))
    cached = getattr(ctx, "_et_python2", None)
    if cached is None or cached[0] != key:
        cached = ctx._et_python2 = (key, _read_python2_modules(ctx))
    return cached[1]


def _read_python2_modules(ctx) -> str:
    from ..fixes import training_paths

    main = training_paths(ctx)
    # f-strings on the training path: that code is Python 3.6 or later, and a Python 2 name elsewhere (a
    # dict's iteritems() in a dataset helper) is a latent bug, not the Python the project runs on
    on_path = [ctx.index.modules[p] for p in main if p in ctx.index.modules]
    if any(m.fstring_line for m in on_path) and not any(
        m.syntax_note.startswith("Python 2") for m in on_path
    ):
        return ""
    pandas = _uses_pandas(ctx)
    py2 = sorted(
        (p not in main, p)
        for p, m in ctx.index.modules.items()
        if (m.syntax_note.startswith("Python 2") or _python2_calls(m, pandas))
        and scope_of(p) not in ("example", "test")
    )
    return py2[0][1] if py2 else ""


def _uses_pandas(ctx) -> bool:
    """pandas before 2.0 kept Series/DataFrame.iteritems: a project using pandas may call it on a frame."""
    return any(i.module.split(".", 1)[0] == "pandas" for m in ctx.index.modules.values() for i in m.imports)


# Built-ins Python 3 removed; a module that calls one without defining or importing it runs only on Python 2
_PY2_BUILTINS = frozenset({"xrange", "raw_input", "unicode", "unichr", "execfile"})
# dict methods Python 3 removed (pandas kept `Series.iteritems` until 2.0: not read in a project using pandas)
_PY2_DICT_METHODS = frozenset({"iteritems", "itervalues", "iterkeys"})
# compatibility layers: code that imports one runs on both Pythons, its Python 2 names behind a version test
_COMPAT = frozenset({"six", "future", "past", "builtins"})


# Standard modules only Python 2 has (Python 3 renamed or merged them: pickle, io, urllib.request, queue,
# configparser, builtins, ...); imported outside a try/except ImportError, the module runs only on Python 2
_PY2_MODULES = frozenset(
    {"cPickle", "cStringIO", "urllib2", "urlparse", "ConfigParser", "Queue", "__builtin__", "StringIO",
     "HTMLParser", "httplib", "Tkinter", "cookielib", "SocketServer", "copy_reg", "xmlrpclib", "UserDict"}
)  # fmt: skip


def _python2_calls(m, pandas: bool) -> bool:
    if any(i.module.split(".", 1)[0] in _COMPAT for i in m.imports):
        return False
    # import cPickle at the top: the module does not load on Python 3 (inside a function, only that function
    # fails, perhaps never called)
    if any(
        not i.guarded
        and i.module.split(".", 1)[0] in _PY2_MODULES
        and m.innermost_function(i.line, i.cell) is None
        for i in m.imports
    ):
        return True
    defined = {a.target for a in m.assigns} | {fn[0] for fn in m.functions}
    return any(
        (c.name in _PY2_BUILTINS and c.name not in defined)
        or (not pandas and "." in c.name and c.name.rsplit(".", 1)[-1] in _PY2_DICT_METHODS and not c.args)
        for c in m.calls
    )


# Set-up commands that create an environment with one Python minor version, and prose that names
# exactly one ("requires Python 3.9", "64-bit Python 3.7"); "Python 3.6+" or "3.8 or later" is a range.
_SETUP_PYTHON = re.compile(
    r"conda\s+create[^\n]*?\bpython=?=?\s*3\.\d{1,2}\b|\bpython3\.\d{1,2}\s+-m\s+venv\b|"
    r"virtualenv\b[^\n]*?(?:-p|--python)[= ]\s*python3\.\d{1,2}\b|pyenv\s+(?:install|local)\s+3\.\d{1,2}|"
    r"uv\s+venv\b[^\n]*?--python[= ]3\.\d{1,2}",
    re.I,
)
_PROSE_PYTHON = re.compile(
    # "This project is written in python 3.6 and Pytorch"
    # "We use python 3.8 and pytorch >= 1.7.0"
    r"(?:\b(?:requires?|using|uses?|used|with|tested (?:on|with)|(?<!if you )needs?|install(?:ed)?|64-bit|version|written in)"
    r"\s+python\s*(?:version\s*)?|"
    # "Code is tested on TensorFlow version 1.0.1 for Python 2.7 and Python 3.5."
    # "Networks are trained using PyTorch 1.4.0 and Python 3.6."
    # "Requires TensorFlow 1.15 and Python 3.5"
    r"\b(?:tested|trained|developed|requires?)\b(?:[^.\n]|\.(?=\S)){0,100}?(?<![\w.-])python\s*|"
    # "I'm using `PyTorch 0.4` in `Python 3.6`."
    r"\b(?:I'?m|we(?:'re| are)?)\s+using\b(?:[^.\n]|\.(?=\S)){0,60}?(?<![\w.-])python`?\s*|"
    r"(?<![\w.-])python\s*(?:==?|:)\s*|"  # "We test our models under python=3.7.3, pytorch=1.9.0"
    # "The python version upto `3.7.9` has been reported to work", "Python version is 3.8"
    r"\bpython\s+version\s+(?:up\s*to|of|is|was)\s+|"
    r"(?<![\w.-])python\s*\(\s*|"  # "Known dependencies: Python (3.5.4), OpenAI gym (0.10.5)"
    # a Requirements list item: "- Python 3.6", "* Python 2.7 or 3.6", "- [Python 3.9.13](https://www.python.org)",
    # "* Python version 3.6"
    # ... or a numbered one: "1. Python 3.5"
    # ... written as one word: "* python2.7", "- Python3.6"
    # (`[ \t]*`, not `\s*`: a blank line above is not where the item starts)
    # ... "- a Python installation version 2.7"
    r"^[ \t]*(?:[-*+]|\d{1,2}[.)])[ \t]*(?:an?\s+)?[\[`]?python\s*(?:install(?:ation)?\s+)?(?:version\s*)?|"
    # a line of its own in an environment list: "python 3.7" above "pytorch 1.1"
    r"^[ \t]*python[ \t]+(?=(?:3\.\d{1,2}|2\.7)(?:\.\d+)?[ \t]*$))"
    # "tested to work with Python 2.7.13 and 3.5.3": a Python 2 release named first
    r"(?:2\.7(?:\.\d+)?\s*(?:or|and|/|,)\s*)?"
    r"`?(3\.\d{1,2}|2\.7)(?:\.\d+)?\b(?![ \t]*\(?[ \t]*(?:\+|or\s+(?:later|higher|above|newer)|and\s+(?:later|above)|-|~|(?:or|/)\s*3\b(?!\.\d)))",
    re.I | re.M,
)
# ("Python 2.7 or 3": either major line, no release named.)
# "Python 3.10+ is recommended": a minimum is stated, which pins nothing.
_PYTHON_MINIMUM = re.compile(
    # "python3 (>=3.5)", "Python >= 3.8"
    # ... never a package named after it (opencv-python>=3.2 is OpenCV's version)
    r"(?<![\w.-])python3?\s*\(?\s*(?:>=\s*(3\.\d{1,2})|(3\.\d{1,2})[ \t]*\(?[ \t]*(?:\+|or\s+(?:later|higher|newer|above)))",
    re.I,
)


# "If you're using python 3.7, see Troubleshooting", "### Issues with python 3.7": a case the text
# handles, not the version it asks for
_CONDITIONAL = re.compile(
    r"\b(?:if|when|unless|in case)\s+(?:you(?:'re| are)?\s+)?(?:us(?:e|ing)|on|run(?:ning)?|have|stuck)\b|"
    r"\b(?:issues?|problems?|errors?|bugs?|troubleshoot\w*)\s+(?:with|on|in|under|for)\b",
    re.I,
)


_UNSUPPORTED_AFTER = re.compile(
    r"[^.,;\n]{0,40}?\b((is|are)\s+(not|n't)\s+(supported|compatible)|(does|do|will)\s*n[o']t\s+work|won'?t\s+work|"
    r"breaks?|fails?|unsupported|incompatible)\b",
    re.I,
)
# ("does not work with Python 2, please use Python 3.6 or higher": the limit is in the clause before the comma)
_UPPER_OR_CASE = re.compile(
    r"\b(incompatible|not\s+compatible|not\s+supported|unsupported|(does|do|will)\s*n[o']t\s+work|won'?t\s+work|"
    r"breaks?|fails?)\b[^.,;\n]*$|" + _CONDITIONAL.pattern,
    re.I,
)


def _clause_before(text: str, start: int) -> str:
    """The words of the match's sentence before it (back to a full stop, colon, bullet or line start)."""
    head = text[max(0, start - 120) : start]
    return re.split(r"[.:;!?\n]", head)[-1]


# A README badge naming one release: ![Python 3.7](https://img.shields.io/badge/python-3.7-green.svg) (not
# python-3.6%2B, a minimum, nor python-3.6%20%7C%203.7, a list)
_BADGE_PYTHON = re.compile(r"shields\.io/badge/python-(3\.\d{1,2}|2\.7)(?:\.\d+)?-(?=[a-z])", re.I)


def _badge_pythons(ctx) -> list[Evidence]:
    """One Evidence per Python version a document's badges name, when they name several (the versions the
    code claims to run on, none of them fixed)."""
    for path, text in sorted(facts(ctx).docs.items()):
        badges = {b.group(1): b for b in _BADGE_PYTHON.finditer(text)}
        if len(badges) > 1:
            return [
                Evidence(path, text.count("\n", 0, b.start()) + 1, f"badge python {v}")
                for v, b in badges.items()
            ]
    return []


_SETUP_PAGE = re.compile(r"install|set_?up|getting[_-]?started|environment|requirements|quick_?start")


def _python_in_setup_docs(ctx) -> list[Evidence]:
    """Where the README, docs or set-up scripts fix one Python version for the environment."""
    out = []
    texts = dict(facts(ctx).docs)
    texts.update((p, t) for p, t in ctx.index.texts.items() if is_shell_script(p.lower()))
    from .facts import _CHANGELOG

    stated: list[bool] = []

    def minimum() -> bool:
        # a badge is decoration: prose anywhere stating a minimum ("Python >= 3.6") says the version is open
        if not stated:
            stated.append(any(_PYTHON_MINIMUM.search(t) for t in texts.values()))
        return stated[0]

    for path, text in sorted(texts.items()):
        # docs/install.md is the project's set-up guide, though code under docs/ is an example's (a set-up
        # page by its name: docs/jetson.md's "JetPack comes with Python 3.8" is a deployment target)
        low = path.lower()
        guide = (
            low.split("/", 1)[0] in ("doc", "docs", "documentation")
            and not is_shell_script(low)
            and _SETUP_PAGE.search(low.rsplit("/", 1)[-1]) is not None
        )
        if (scope_of(path) in ("example", "test") and not guide) or _CHANGELOG.match(path.rsplit("/", 1)[-1]):
            continue  # a changelog's "python 3.14 support" is a release note, not the set-up
        # badges for 2.7 and 3.6 side by side: the versions it claims to run on, none fixed
        badges = list(_BADGE_PYTHON.finditer(text))
        badge = badges[0] if len({b.group(1) for b in badges}) == 1 else None
        m = (
            _SETUP_PYTHON.search(text)
            or (badge if badge and not minimum() else None)
            or next(
                (
                    x
                    for x in _PROSE_PYTHON.finditer(text)
                    if not _CONDITIONAL.search(_clause_before(text, x.start()) + x.group(0))
                ),
                None,
            )
        )
        if m:
            out.append(Evidence(path, text.count("\n", 0, m.start()) + 1, m.group(0)[:60]))
            if len(out) >= 3:
                break
    return out


_APT_INSTALL = re.compile(r"apt(?:-get)?\s+install\s+(?:-\S+\s+)*([^&|;\n]+)")


@rule(
    "ET412",
    "no-container",
    "4.1",
    "The environment is containerised with a pinned base image",
    what="Finds Dockerfiles, compose files and Singularity/Apptainer definitions; checks that base "
    "images are pinned by tag or digest (not `latest`), and that `apt-get install` pins versions; a "
    "FROM naming an earlier stage is no image, and one a build argument picks is asked about; "
    "ZenML DockerSettings count where a stack that runs steps in containers is registered. A Dockerfile "
    "that copies no code and installs neither the requirement files, the package nor any declared "
    "package is a template, not the project's environment.",
    why="Dependency pins do not cover the OS, CUDA and system libraries; a container image (pinned "
    "by digest) is the one artefact that recreates the whole stack.",
    example="```dockerfile\nFROM pytorch/pytorch:latest\nRUN apt-get install -y libgl1\n```",
    fix="```dockerfile\nFROM pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime@sha256:<digest>\nCOPY requirements.lock .\nRUN pip install --no-deps -r requirements.lock\n```",
)
def container(ctx):
    r = container.rule
    serving = serving_only_containers(ctx)
    images = project_images(ctx)
    files = [
        fe
        for fe in ctx.inventory.project_files()
        if fe.kind in ("dockerfile", "singularity") and fe.path not in serving
    ]
    # a demo's Dockerfile is that example's environment (project_images leaves its image out)
    kept = {i.path for i in images}
    # ... and a copied project's Dockerfile the upstream's (project_images leaves it out too)
    files = [fe for fe in files if fe.path in kept or not _in_copied_project(ctx, fe.path)]
    from .facts import foreign_containers

    foreign = [fe for fe in files if fe.path in foreign_containers(ctx)]
    if foreign and len(foreign) == len(files) and not images:
        from_line: dict[str, int] = {}
        for i in ctx.index.base_images:
            from_line.setdefault(i.path, i.line)
        return [
            r.finding(
                WARN,
                f"{foreign[0].path} builds no part of this project's environment: it copies no code and installs "
                "neither its requirement files, nor the package, nor any package its manifests declare.",
                # at its base image's line (FROM nvidia/cuda...): what the template starts from
                [
                    Evidence(
                        fe.path, from_line.get(fe.path, 0), "installs none of the project's dependencies"
                    )
                    for fe in foreign[:3]
                ],
                _image_fix(ctx, r.fix),
            )
        ]
    examples = [fe for fe in files if fe.path not in kept and demo_container(ctx, fe.path)]
    if examples and any(scope_of(e.path) != "example" for e in ctx.taxonomy.training_entry_points):
        files = [fe for fe in files if fe not in examples]
        if not images and not files and trains(ctx):
            return [
                r.finding(
                    WARN,
                    f"Only an example's container ({examples[0].path}); the project's training runs outside "
                    "any container.",
                    [Evidence(examples[0].path, 0, "example container")],
                    _image_fix(ctx, r.fix),
                )
            ]
    documented = documented_images(ctx) if not images and not files else []
    jobs = job_images(ctx) if not images and not files else []
    if (documented or jobs) and trains(ctx):
        first = (documented or jobs)[0]
        by = "The set-up instructions run" if documented else "A job specification runs"
        return [
            r.finding(
                PASS,
                f"{by} the project's code in the tagged image {first.detail} ({first.where()}); no "
                "Dockerfile records what is installed in it.",
                (documented + jobs)[:4],
            )
        ]
    if serving and not images and not files:
        first = sorted(serving)[0]
        return [
            r.finding(
                WARN,
                f"Only a serving container ({first} runs a model server); training runs outside any container.",
                [Evidence(first, 0, "serving container")],
                _image_fix(ctx, r.fix),
            )
        ]
    if not images and not files:
        zen = _zenml_container(ctx)
        if zen:
            return zen
        remote = _step_images(ctx)
        if remote:
            from ..index.manifests import floating_tag

            # a moving tag (`22.11-latest`, `nightly`) names whatever the newest build is, not one release
            tagged = [
                e
                for e in remote
                if "@sha256:" in e.detail
                or ((tag := re.search(r":([\w.-]+)$", e.detail)) and not floating_tag(tag.group(1)))
            ]
            return [
                r.finding(
                    PASS if len(tagged) == len(remote) else WARN,
                    f"Steps run in container images their decorators name ({len(tagged)} of {len(remote)} pinned "
                    "by tag or digest); no Dockerfile records what is installed in them.",
                    remote[:4],
                )
            ]
        if not trains(ctx):
            return []
        return [
            r.finding(
                WARN,
                "No Dockerfile, compose file or Singularity/Apptainer definition.",
                [],
                _image_fix(ctx, r.fix),
            )
        ]
    loose, pinned, at_build, loose_images = [], [], [], []
    for img in images:
        e = Evidence(img.path, img.line, img.shown)
        if img.build_args:
            at_build.append((e, img))
        elif img.pinned:
            pinned.append(e)
        elif img.image.lower() != "scratch":
            loose.append(e)
            loose_images.append(img.image)
    apt = []
    for path, text in ctx.index.texts.items():
        if path.rsplit("/", 1)[-1].lower().startswith("dockerfile"):
            for m in _APT_INSTALL.finditer(text):
                pkgs = [p for p in m.group(1).split() if not p.startswith("-") and p != "\\"]
                if pkgs and not any("=" in p for p in pkgs):
                    apt.append(
                        Evidence(path, text.count("\n", 0, m.start()) + 1, "apt packages without versions")
                    )
    digests = sum(1 for e in pinned if "@digest" in e.detail)
    if loose:
        return [
            r.finding(
                WARN,
                f"{len(loose)} base image(s) unpinned (no tag, or a tag that moves such as `latest`).",
                loose + [e for e, _ in at_build] + pinned + apt,
                _image_fix(ctx, r.fix, loose[0].path, loose_images[0]),
            )
        ]
    if at_build:
        # The Dockerfile leaves the image to `docker build --build-arg`: whether it is pinned is
        # decided by whoever builds, which no file read here states.
        first, img = at_build[0]
        args = " ".join(f"--build-arg {a}=..." for a in img.build_args)
        return [
            r.finding(
                REVIEW,
                f"{len(at_build)} base image(s) chosen at build time"
                + (f", {len(pinned)} pinned by tag or digest" if pinned else "")
                + ".",
                [e for e, _ in at_build] + pinned + apt,
                question=f"`{first.where()}` builds FROM `{img.image}`, which the Dockerfile leaves to "
                f"`docker build {args}`: which image do the runs you report build from, and is it "
                "pinned by tag or digest?",
            )
        ]
    msg = f"Containerised: {len(pinned)} base image(s) pinned by tag" + (
        f" ({digests} by digest)" if digests else ""
    )
    if apt:
        msg += f"; {len(apt)} apt install(s) without versions"
    return [r.finding(PASS, msg + ".", pinned + apt + [Evidence(fe.path, 0, fe.kind) for fe in files[:2]])]


def _step_images(ctx) -> list[Evidence]:
    """Images a pipeline's step decorators run the step in: Metaflow ``@kubernetes(image=...)``,
    ``@batch(image=...)``."""
    out = []
    for m in facts(ctx).modules:
        for d in m.decorators:
            image = d.kw("image")
            if d.name in METAFLOW_REMOTE and isinstance(image, str) and image:
                out.append(Evidence(m.path, d.line, image, d.cell))
    return out


def zenml_requirements(ctx) -> list[tuple[str, Evidence]]:
    """The packages ZenML's DockerSettings install in the image it builds (`requirements=[...]` in code,
    `settings.docker.requirements` in a run configuration)."""
    out = []
    for m, c in find(ctx, suffixes=("DockerSettings",), roots={"zenml"}):
        reqs = c.kw("requirements")
        if isinstance(reqs, list):
            out += [(x, ev(m, c, "DockerSettings requirements")) for x in reqs if isinstance(x, str)]
    for doc in facts(ctx).config_docs:
        for k, v, line in doc.entries:
            if re.fullmatch(r"(steps\.[^.]+\.)?settings\.docker\.requirements(\[\])?", k) and isinstance(
                v, str
            ):
                out.append((v, Evidence(doc.path, line, "DockerSettings requirements")))
    return out


def _zenml_container(ctx) -> list:
    """ET412 for ZenML DockerSettings: the image ZenML builds for a stack that runs steps in
    containers, judged by the pins of what it installs; without such a stack nothing is built."""
    r = container.rule
    settings, stacks = zenml_containers(ctx)
    if not settings:
        return []
    if not stacks:
        return [
            r.finding(
                WARN,
                "ZenML DockerSettings describe an image, but no stack that runs steps in containers is "
                "registered in the repository: on the default local orchestrator the runs use the local "
                "environment, and no container definition is committed.",
                settings[:3],
                _image_fix(ctx, r.fix),
            )
        ]
    reqs = zenml_requirements(ctx)
    loose = sorted({x for x, _ in reqs if "==" not in x and not x.startswith("-")})
    where = f"{settings[0].where()}, for the {stacks[0].detail.split(' (')[0].replace('registers a ', '')}"
    if loose:
        return [
            r.finding(
                WARN,
                f"ZenML builds the image its steps run in from DockerSettings ({where}), but "
                f"{len(loose)} of the packages it installs are not pinned ({', '.join(loose[:4])}).",
                settings[:2] + stacks[:1] + [e for _, e in reqs[:1]],
                'Pin what the image installs: `DockerSettings(requirements="requirements.lock", '
                'parent_image="zenmldocker/zenml:<version>-py3.11")` with a lock file of exact versions '
                "(`uv pip compile requirements.txt -o requirements.lock`).",
            )
        ]
    return [
        r.finding(
            PASS,
            f"Containerised by ZenML: the image its steps run in is built from DockerSettings ({where})"
            + (" with exactly pinned requirements." if reqs else "."),
            settings[:2] + stacks[:1],
        )
    ]


# A GPU model token (A40, A6000, L40S, RTX 3090, TITAN Xp, ...) is only hardware next to a word that
# says so ("NVIDIA A40", "A6000 GPU"): alone, "B16" or "L12" are model sizes and layer counts.
_GPU_MODEL = (
    r"(?:[ABHLPVT]\d{2,3}[A-Z]?|A\d{4}|RTX\s?A?\d{4}\w*|GTX\s?\d{3,4}\w*|TITAN[\s-]?[A-Z]{1,3}\w*|MI\d{3}X?)"
)
HARDWARE = re.compile(
    # model names as written (upper case: a CSV column 'a10' is none), and not a section label ("### T4. ...")
    # ("8 V100s": the plural of the model, a count of them)
    r"\b((?-i:A100|H100|V100|A10G?|P100|K80)(?-i:s)?|(?-i:L4|T4)(?!\.\s+[A-Z])|RTX\s?\d{4}\w*|GTX\s?\d{3,4}|TPU\s?v\d|MI\d{3}X?|"
    rf"(NVIDIA|Tesla|GeForce|Quadro)\s+(\w+\s+){{0,2}}?{_GPU_MODEL}|{_GPU_MODEL}\s*(GPUs?|\(\d+\s?G)|TITAN[\s-]?(X\w*|V|RTX)|"
    r"\d+\s?GB (GPU|VRAM)|"
    # "on one DGX-2 server", "a DGX A100": NVIDIA's systems name their GPUs (DGX-1: 8 V100, DGX-2: 16 V100)
    r"(?-i:DGX)[\s-]?(1|2|A100|H100|H200|B200|Station)\b|"
    # "(8GeForceRTX2080Ti": a count glued to the model in a table header
    r"\d+\s?x?\s?(GeForce|NVIDIA)\s*(RTX|GTX)\s?\d{3,4}\w*|"
    # "8 GPUs with at least 24G memory": the count and the memory a run needs
    r"\d+\s+GPUs?\s+with\s+(at\s+least\s+)?\d+\s?GB?\s+(of\s+)?memory|"
    # "4 GPUs (3090)", "2080Ti GPUs": a GeForce number beside the word GPU
    # ... "On a 980M GPU": a laptop part (M) of the 900 series too
    r"GPUs?\s*\((RTX\s?|GTX\s?)?(9[5-8]0|10[5-8]0|20[6-8]0|30[5-9]0|40[6-9]0)(\s?Ti|M)?|"
    r"(9[5-8]0|10[5-8]0|20[6-8]0|30[5-9]0|40[6-9]0)(\s?Ti|M)?\s+GPUs?|"
    # "16 Volta 32G GPUs": a GPU generation, with its memory
    r"(Volta|Ampere|Hopper|Turing|Pascal|Kepler|Maxwell|Blackwell)\s+(\d+\s?GB?\s+)?GPUs?)\b",
    re.I,
)
# `--device volta16gb`, `--constraint volta32gb`, `--gres=gpu:v100:8` in a documented launch command: the GPU
# the cluster is asked for
_LAUNCH_GPU = re.compile(
    r"--(device|constraint|gres|partition|gpus?|gpu[-_]type)[ =]+\S*?(volta|ampere|hopper|turing|pascal|[AHPV]100)\w*|"
    # submitit's --use_volta32
    r"--use[-_](volta|ampere|[AHPV]100)\w*",
    re.I,
)


# `read -e -p "Which GPU to use? : " GPU`, not `read line < gpus.txt`
_READ_PROMPT = re.compile(r"(^|[;&|]\s*)read\s+(-\w+\s+)*-\w*p\b")


# read into a variable (GPUS=`nvidia-smi -L | wc -l`), not printed into the job's log (echo "GPU: $(nvidia-smi ...)")
_CAPTURED_NVIDIA_SMI = re.compile(r"\b\w+=\s*(?:\$\(|`)[^)`]*nvidia-smi")


def _prompt_follows(text: str | None, line: int) -> bool:
    """A `read` prompt on ``line`` of a shell script or within the three commands after it: what ran
    there was shown to the person at the terminal, not kept."""
    if not text:
        return False
    lines = text.splitlines()
    here = lines[line - 1] if 0 < line <= len(lines) else ""
    after = [s.strip() for s in lines[line : line + 8] if s.strip() and not s.strip().startswith("#")]
    return bool(_READ_PROMPT.search(here)) or any(_READ_PROMPT.search(s) for s in after[:3])


def _launch_gpus(ctx) -> list[Evidence]:
    """The GPU a documented launch command asks a cluster for (prose search skips command blocks)."""
    from ..detect.engine import in_copied_project

    out = []
    for path, text in facts(ctx).docs.items():
        if in_copied_project(ctx.inventory, path):
            continue
        m = _LAUNCH_GPU.search(text)
        if m:
            out.append(
                Evidence(path, text.count("\n", 0, m.start()) + 1, f"launch command asks for {m.group(0)}")
            )
    return out


# The machine of a CPU-bound project: "~1.5 minutes on my MacBook Pro M1 Pro with 10 cores", "Intel Xeon
# Gold 6248", "AMD Ryzen 9 5950X", "16 CPU cores".
_MACHINE = (
    r"(MacBook\s+(Pro|Air)|Apple\s+M[1-5]|M[1-5]\s+(Pro|Max|Ultra)|Intel\s+(\(R\)\s*)?(Core|Xeon)|"
    r"AMD\s+(Ryzen|EPYC|Threadripper)|\d+\s+(CPU\s+|physical\s+|logical\s+)?cores)"
)
_RUN_WORDS = r"(took|takes|trained|training|ran|runs?\s+in|minutes?|hours?|seconds?|mins?)"
# ... in a sentence about a run ("~1.5 minutes on my MacBook Pro"), not set-up advice ("On a MacBook, install libomp")
CPU_MACHINE = re.compile(
    rf"\b{_RUN_WORDS}\b[^.\n]{{0,80}}\b{_MACHINE}\b|\b{_MACHINE}\b[^.\n]{{0,80}}\b{_RUN_WORDS}\b", re.I
)
# The software stack of the GPU, not the GPU: a CUDA or cuDNN version alone names no hardware.
CUDA_STACK = re.compile(
    # ... and `cuda:0` is a device index (MODEL.DEVICE "cuda:0"), no version
    # "CUDA® Toolkit 8.0 and cuDNN v6.0" (TensorFlow's install pages)
    # ... also as a Markdown link ("[CUDA](https://developer.nvidia.com/cuda-toolkit) 10.1"), and conda's
    # cudatoolkit==10.1.243
    # (not a package built for one CUDA: cupy-cuda101, a dependency's name)
    r"\b(?<!cupy-)(CUDA(?:®|\(R\))?\s*(toolkit\s*)?(version\s*)?(is\s*|of\s*)?(?!:\d\b)[=:]?\s*v?\d+(\.\d+)?|cuDNN\s*v?\d|"
    r"(CUDA|cuDNN)\]\([^)\s]*\)[ \t]*v?\d+\.\d|cudatoolkit\s*==?\s*\d+\.\d|NVIDIA driver|driver version)\b",
    re.I,
)


# A cloud or cluster job spec naming the GPU a run gets: GCP AI Platform/Vertex accelerator types, a
# SLURM request with a GPU type, a SageMaker GPU instance, a GKE accelerator node selector.
_JOB_GPU = re.compile(
    r"\bNVIDIA_(?:TESLA_)?[A-Z0-9_]+|\bacceleratorType:\s*[\"']?[A-Z][A-Z0-9_]+|"
    r"--gres[= ]gpu:[A-Za-z][\w-]*:\d+|--gpus(?:-per-node)?[= ][A-Za-z][\w-]*:\d+|"
    r"\binstance_type\s*[=:]\s*[\"']ml\.[pg]\d\w*\.\w+|\bgke-accelerator:\s*[\"']?[\w-]+"
)


def _job_accelerators(ctx) -> list[Evidence]:
    """Job specs of the project (shell scripts, YAML) that request a named GPU: the hardware of the runs
    they launch, stated where the runs are made."""
    out = []
    for path, text in sorted(ctx.index.texts.items()):
        low = path.lower()
        if scope_of(path) in ("example", "test") or not (
            is_shell_script(low) or low.endswith((".yaml", ".yml", ".sbatch", ".slurm", ".json"))
        ):
            continue
        m = _JOB_GPU.search(text)
        if m:
            out.append(Evidence(path, text.count("\n", 0, m.start()) + 1, f"job requests {m.group(0)}"))
            if len(out) >= 2:
                break
    return out


@rule(
    "ET413",
    "hardware-undocumented",
    "4.1",
    "The hardware behind reported results is documented",
    what="Searches README/docs and notebook markdown for GPU model, CUDA/cuDNN and driver versions, "
    "and code for logged device names (`torch.cuda.get_device_name`, `nvidia-smi`).",
    why="Reviewers and colleagues need to know whether a result needs an A100 for a week or a laptop "
    "for an hour, and which CUDA stack produced it.",
    example="```markdown\n## Results\nResNet-50: 76.1% top-1\n```",
    # placeholders, not an example machine: a copied example states hardware nobody used (and a CUDA
    # the project's framework version never supported)
    fix="```markdown\n## Hardware\nTrained on <n>x <GPU model> (<memory> GB), driver <version>, CUDA <version>, "
    "cuDNN <version>; about <hours> h per run.\n```",
)
def hardware(ctx):
    r = hardware.rule
    if not trains(ctx) or library_without_results(ctx):
        return []
    found = doc_search(ctx, HARDWARE, 4)
    found += _launch_gpus(ctx)[:1]
    found += evs(
        [
            (m, c)
            for m, c in find(
                ctx,
                prefixes=(
                    "torch.cuda.get_device_name",
                    "torch.cuda.get_device_properties",
                    "pynvml.",
                    "GPUtil.",
                ),
            )
            if device_recorded(m, c)
        ][:2],
        "device logged",
    )
    from .phase2_parameters import env_builder_written, env_reports_logged

    found += env_builder_written(ctx, device=True)  # a job-info helper's GPU names, dumped with the run
    # OpenMMLab's collect_env(), detectron2's collect_env_info(), torch's get_pretty_env_info(): the GPU
    # names and the CUDA stack, written into every training run's log (not an export script's)
    from ..fixes import training_paths

    main = training_paths(ctx)
    found += evs(
        [(m, c) for m, c in env_reports_logged(ctx) if not main or m.path in main][:2],
        "collect_env() (GPU names, CUDA) written to the run's log",
    )
    # a Colab notebook saved with its runtime's GPU (metadata.colab.gpuType: T4)
    found += [
        Evidence(m.path, 1, f"notebook metadata: Colab runtime with a {m.kernel_gpu} GPU")
        for m in facts(ctx).modules
        if getattr(m, "kernel_gpu", "") not in ("", "GPU")
    ][:2]
    found += _job_accelerators(ctx)
    found += [
        Evidence(p, line, "runs nvidia-smi", cell)
        for p, cell, line, cmd in facts(ctx).shell
        # a job script logs the GPU it ran on; a notebook's !nvidia-smi shows whoever opens it, and so
        # does a script that then asks at a prompt which GPU to use (`read -p "Which GPU to use?"`)
        if "nvidia-smi" in cmd
        # GPUS=`nvidia-smi -L | wc -l`: the output is read into a variable (how many processes to start),
        # never shown or kept
        and not _CAPTURED_NVIDIA_SMI.search(cmd)
        and not p.endswith(".ipynb")
        and not _prompt_follows(ctx.index.texts.get(p), line)
    ][:2]
    # A CUDA base image (nvidia/cuda:12.1.1-cudnn8-..., pytorch:...-cuda12.1-...) fixes the CUDA stack,
    # and so does a stated CUDA/cuDNN version: the software of the GPU, not which GPU ran.
    stack = (
        [
            Evidence(img.path, img.line, f"CUDA base image {img.image}:{img.tag}")
            for img in project_images(ctx)  # the project's own, not a copied project's nor a server's
            if re.search(r"(^|[-_])(cuda|cu)\d", img.tag or "") or (img.image.endswith("cuda") and img.tag)
        ][:2]
        + doc_search(ctx, CUDA_STACK, 2)
    )
    if "wandb" in tracker_ids(ctx):
        first = next(d for d in code_trackers(ctx) if d.tool == "wandb").evidence[0]
        # The line of the W&B call, so that a W&B switched off in code turns this into a question.
        found.append(
            Evidence(first.path, first.line, "W&B logs GPU model and CUDA automatically", first.cell)
        )
    if found:
        return [r.finding(PASS, "Hardware is documented or logged.", found + stack)]
    if stack:
        return [
            r.finding(
                WARN,
                f"The CUDA stack is stated ({stack[0].where()}: {stack[0].detail}), but not the GPU the "
                "reported results ran on.",
                stack,
            )
        ]

    if not may_use_gpu(ctx):
        # A CPU-bound project (gradient boosting, scikit-learn, torch models never moved to a GPU): the
        # machine is cores, memory and time.
        cpu = "```markdown\n## Hardware\nTrained on <CPU model>, <n> cores, <RAM> GB RAM; ~<minutes> per run (n_jobs=<n>).\n```"
        machine = doc_search(ctx, CPU_MACHINE, 2)
        if machine:
            return [r.finding(PASS, "The machine the runs used is documented (CPU, cores).", machine)]
        return [r.finding(WARN, "No CPU, memory or run-time figures in README, docs or notebooks.", [], cpu)]
    return [
        r.finding(
            WARN, "No GPU model, CUDA or driver version in README, docs, notebooks or logged metadata.", []
        )
    ]


# --------------------------------------------------------------------------------------------
# 4.2 Code-data-model linkage
# --------------------------------------------------------------------------------------------

AUTO_COMMIT = {
    "mlflow": "MLflow tags runs with mlflow.source.git.commit",
    "wandb": "W&B records the git commit and diff",
    "sacred": "Sacred records the git commit (save_git_info)",
    "neptune": "Neptune records the git reference",
    "comet": "Comet records git metadata",
    "clearml": "ClearML records the repository and commit",
    "guild": "Guild snapshots the source code and records the commit (vcs_commit)",
    "dvc": "DVC ties metrics and params to git commits",
}


# A function that builds the run's configuration: get_variant_spec, make_config, build_hparams
_CONFIG_BUILDER = re.compile(r"(config|cfg|variant|spec|params|hparams|settings|options)", re.I)


def _commit_names_run_dir(ctx, read: list) -> tuple[Evidence, Evidence] | None:
    """The commit value read at one of ``read`` (`env['git commit'] = check_output(['git', 'rev-parse',
    ...])`) joined into the path of a directory the module makes (`args.save = os.path.join(save_dir,
    '{}-{}-{}'.format(name, env['git commit'], seed))`): each run's folder is named by its commit.
    (that path's line, the read)."""
    for e in read:
        m = ctx.index.modules.get(e.path)
        for holder in [a.target for a in m.assigns if a.line == e.line] if m is not None else ():
            name, _, key = holder.partition("[")
            text = re.escape(name) + (r"\[['\"]" + re.escape(key.rstrip("]")) + r"['\"]\]" if key else r"\b")
            run_dir = run_dir_named_by(ctx, m, re.compile(r"(?<![\w.])" + text), e.line)
            if run_dir is not None:
                return run_dir, e
    return None


def _commit_in_config(ctx, rec):
    """(the call of a commit getter inside a function that builds the configuration, the whole
    configuration record of the runs), or None: `'git_sha': get_git_rev(__file__)` in get_variant_spec,
    whose result Ray Tune writes to every trial's params.json."""
    from ..records import commit_getters
    from .optin import _function_at

    whole = rec.whole_config() if rec is not None else []
    getters = commit_getters(ctx) if whole else set()
    for m, c in facts(ctx).calls if getters else ():
        if c.name.rsplit(".", 1)[-1] not in getters:
            continue
        at = _function_at(m, c.line, c.cell)
        fn = at[0] if at else ""
        if fn and fn not in getters and _CONFIG_BUILDER.search(fn):
            return Evidence(m.path, c.line, f"commit read in {fn}()", c.cell), whole[0]
    return None


def _commit_on_written_options(ctx, rec, read_only: list):
    """(the read, the record part) when the commit is set on the options object (`args.current_hash =
    check_output(['git', 'rev-parse', 'HEAD'])`) and a configuration record of the same module writes that
    object's attributes (`for k, v in vars(args).items(): log2file(args.log_file, ...)`)."""
    from .facts import line_at, source_lines

    for e in read_only:
        if rec is None or e.cell or e.path not in ctx.index.modules:
            continue
        lines = source_lines(ctx, e.path) or []
        # the source's own names: the facts resolve `args` to the parser call that made it
        set_on = _SET_ON.match(line_at(lines, e.line))
        if set_on is None:
            continue
        owner = re.escape(set_on.group(1))
        uses = re.compile(rf"\b(vars\(\s*{owner}\s*\)|{owner}\.__dict__)")
        for part in rec.config:
            # set before the record is written (`args.git_hash = ...` after `json.dump(vars(args))` is never kept)
            if part.evidence.path == e.path and not part.evidence.cell and e.line < part.evidence.line:
                near = "\n".join(lines[max(0, part.evidence.line - 3) : part.evidence.line])
                if uses.search(near):
                    return Evidence(e.path, e.line, f"`{set_on.group(1)}.{set_on.group(2)}`", e.cell), part
    return None


_SET_ON = re.compile(r"\s*([A-Za-z_]\w*)\.(\w+)\s*=[^=]")


def _describe_without_tags(ctx, written: list) -> Evidence | None:
    """The one call the run's commit comes from is `git describe` without `--always`, in a repository
    with no tags: git describe then exits with an error (CenterTrack's logger), so no commit is kept."""
    # a shallow clone (.git/shallow) lists no tags though its repository may have them
    if not ctx.inventory.is_git or ctx.inventory.tags or (ctx.inventory.root / ".git" / "shallow").exists():
        return None
    found = None
    for e in written:
        m = ctx.index.modules.get(e.path)
        calls = [c for c in (m.calls if m else ()) if e.line <= c.line <= e.line + 2]
        git = [c for c in calls if "git" in str(c.args)]
        # --always falls back to the hash, --all names any ref: both work without a tag
        if not git or not all(
            "describe" in str(c.args) and "--always" not in str(c.args) and "--all" not in str(c.args)
            for c in git
        ):
            return None
        found = found or Evidence(e.path, git[0].line, "git describe (needs a tag)", e.cell)
    return found


_GIT_READ = "git rev-parse HEAD"
_GIT_LOG_READ = "reads the git commit (git log)"
_GITPYTHON_READ = "reads the git commit (GitPython)"


_DORA_GIT_SAVE = "Dora git_save: each experiment runs from a clone of its commit"


def commit_capture(ctx) -> tuple[list[Evidence], list[Evidence]]:
    """(explicit commit logging, automatic capture by trackers)."""
    from ..records import reads_commit

    explicit = []
    for m, c in facts(ctx).calls:
        if c.args and any(isinstance(a, (str, list)) for a in c.args) and reads_commit(c):
            explicit.append(ev(m, c, _GIT_READ if "rev-parse" in str(c.args) else _GIT_LOG_READ))
        elif c.name.startswith(("git.Repo", "pygit2.Repository")) and (
            "head" in c.name or "commit" in c.name or c.name.endswith("Repo")
        ):
            explicit.append(ev(m, c, _GITPYTHON_READ))
        elif _last(c.name) in ("set_tag", "log_param", "set_tags", "log_params") and any(
            isinstance(a, str) and re.search(r"(git|commit|sha|revision)", a, re.I) for a in c.args
        ):
            explicit.append(ev(m, c, "commit logged explicitly"))
    for m, c in find(ctx, prefixes=("wandb.init",), pred=lambda c: c.kw("save_code") is True):
        explicit.append(ev(m, c, "wandb.init(save_code=True)"))
    for m, c in find(
        ctx,
        prefixes=("mlflow.", "wandb."),
        pred=lambda c: (
            _last(c.name) in ("log_code", "log_artifact")
            and any(isinstance(a, str) and a.endswith(".py") for a in c.args)
        ),
    ):
        explicit.append(ev(m, c, "code snapshot logged"))
    # Dora's git_save: an experiment starts only from a clean checkout, cloned at its commit into the
    # experiment's folder (`dora.git_save: true` in the Hydra config, or git_save=True to its main)
    explicit += [
        Evidence(doc.path, line, _DORA_GIT_SAVE)
        for doc in facts(ctx).config_docs
        for k, v, line in doc.entries
        if k.endswith("dora.git_save") and v is True
    ][:1]
    explicit += [
        ev(m, c, _DORA_GIT_SAVE)
        for m, c in find(ctx, prefixes=("dora.",), pred=lambda c: c.kw("git_save") is True)
    ][:1]
    from ..shell_commit import shell_commit_captures

    explicit += shell_commit_captures(ctx)
    auto = []
    from ..detect.plugins import runs_opened_by_plugin

    for d in code_trackers(ctx):
        if d.tool == "mlflow" and runs_opened_by_plugin(ctx.index):
            continue  # runs opened by a plugin's hook (`kedro run`): no main file in the repo to take a commit from
        if d.tool == "sacred":
            continue  # only an observer writes the commit Sacred reads (below)
        if d.tool in AUTO_COMMIT and d.scope in ("core", "optional") and d.evidence:
            from .facts import guild_site

            # Guild records the runs of its operations: the Guild file says which
            for e in [guild_site(ctx, d)] if d.tool == "guild" else run_sites(d):
                if d.tool == "mlflow" and e.path.endswith(".ipynb"):
                    # MLflow takes the commit from the repository of the file it runs (sys.argv[0]); in a
                    # notebook that is ipykernel's launcher, outside the repository: no commit tag.
                    continue
                auto.append(Evidence(e.path, e.line, AUTO_COMMIT[d.tool], e.cell))
    from .facts import polyaxon_git_inits, polyaxon_imaged_runs, polyaxon_openings

    # Polyaxon records the commit its git initializer checks out for a training component's runs, and
    # the client the commit of the checkout a new run starts in (track_code): a run a Polyaxonfile starts
    # on the cluster is no new run (unless opened with is_new=True), and without a git initializer its
    # code, baked into the image, has no commit recorded. The runs the client creates itself (named by
    # their project) come first.
    auto += polyaxon_git_inits(ctx)[:2]
    imaged = polyaxon_imaged_runs(ctx)
    opened = sorted(
        (
            (m, c)
            for m, c in polyaxon_openings(ctx, "track_code")
            if m.path not in imaged or c.kw("is_new") is True
        ),
        key=lambda mc: not mc[1].has_kw("project"),
    )
    auto += evs(
        opened[:2], "Polyaxon records the commit of the git checkout a new run starts in (track_code)"
    )
    sacred = _sacred_commit(ctx)
    if sacred is not None and sacred[0] == PASS:
        auto += sacred[1]
    return explicit, auto


def _sacred_commit(ctx):
    """Sacred reads the commit of the experiment's repository (unless `save_git_info=False`); its
    observers write it with every run."""
    return sacred_capture(
        ctx,
        "the commit is read (save_git_info) and its observer writes it",
        "the commit a run ran",
        pred=lambda x: x.save_git_info,
    )


def _store_stats(ctx) -> list[dict]:
    if ctx.linkage is not None:
        return [s for s in ctx.linkage.stores if s.get("runs")]
    return []


@rule(
    "ET420",
    "commit-not-linked",
    "4.2",
    "Each run records the git commit of its code",
    what="Checks that the exact code of a run is recoverable: a tracker that records the commit "
    "automatically (MLflow, W&B, a Sacred Experiment with an observer, Neptune, Comet, ClearML, DVC, Polyaxon's "
    "client for a run it creates unless `track_code=False`, and the git initializer of a Polyaxonfile's training job), "
    "explicit commit logging "
    "(`git rev-parse HEAD`, `save_code=True`), a registered ZenML code repository, and — when run "
    "stores are on disk — the share of "
    "runs that recorded a commit and whether those commits exist in this history. A commit read only "
    "with `git describe` (no `--always`) in a repository without tags is no record: git describe fails.",
    why="Without the commit, 'the model from March' cannot be rebuilt: the code that produced it is "
    "somewhere in hundreds of commits, or was never committed.",
    example="```python\nrun = neptune.init_run(git_ref=False)\n# or a custom CSV logger: no code version at all\n```",
    fix="```python\nsha = subprocess.check_output(['git', 'rev-parse', 'HEAD'], text=True).strip()\n"
    "mlflow.set_tag('mlflow.source.git.commit', sha)   # W&B: wandb.init(save_code=True) records it\n```\n"
    "and refuse to train from a dirty tree in CI (`git diff --quiet || exit 1`).",
)
def commit_linked(ctx):
    r = commit_linked.rule
    explicit, auto = commit_capture(ctx)
    stats = [s for s in _store_stats(ctx) if s["store"] not in ("tensorboard",)]
    if stats:
        total = sum(s["runs"] for s in stats)
        with_commit = sum(round(s["runs"] * s["with_commit_pct"] / 100) for s in stats)
        outside = sum(s.get("commits_not_in_history", 0) for s in stats)
        stores_ev = [Evidence(x.path, 0, "stored run") for x in (ctx.catalog.runs if ctx.catalog else [])[:3]]
        if total and with_commit / total >= 0.8:
            note = f"; {outside} recorded commit(s) are not in this repository's history" if outside else ""
            return [
                r.finding(
                    PASS,
                    f"{with_commit} of {total} stored run(s) record a git commit{note}.",
                    stores_ev + explicit + auto,
                )
            ]
        if total:
            return [
                r.finding(
                    WARN,
                    f"Only {with_commit} of {total} stored run(s) record a git commit.",
                    stores_ev + explicit + auto,
                )
            ]
    if auto and not explicit and all(e.path.endswith(".ipynb") for e in auto):
        return [
            r.finding(
                WARN,
                "The tracker records a commit, but it runs only from notebooks: cells executed out of order or "
                "unsaved are not identified by that commit.",
                auto,
                "```python\nwandb.init(project=..., save_code=True)   # stores the notebook as executed\n```\n"
                "or move the training into a script (`jupytext --to py:percent notebook.ipynb`).",
            )
        ]
    # Reading the commit (git rev-parse) records nothing unless the value is written with the run.
    rec = ctx.records
    read_only = [e for e in explicit if e.detail in (_GIT_READ, _GIT_LOG_READ, _GITPYTHON_READ)]
    written = [e for e in explicit if e not in read_only] + (rec.commit_recorded if rec is not None else [])
    if read_only and not written and not auto:
        into_config = _commit_in_config(ctx, rec)
        if into_config is not None:
            call, part = into_config
            return [
                r.finding(
                    REVIEW,
                    f"The git commit is read where the run's configuration is built ({call.where()}, "
                    f"{call.detail}); the configuration is written whole with every run ({part.evidence.where()}).",
                    [call, part.evidence, *read_only[:1]],
                    _commit_fix(ctx),
                    question=f"Does the value read at {call.where()} end up in the configuration that "
                    f"{part.evidence.where()} writes to `{part.target}` (then every run records its commit)?",
                )
            ]
        onto = _commit_on_written_options(ctx, rec, read_only)
        if onto is not None:
            where, part = onto
            return [
                r.finding(
                    PASS,
                    f"The commit read at {where.where()} is kept on the options ({where.detail}), which are "
                    f"written with every run ({part.evidence.where()}, `{part.target}`).",
                    [where, part.evidence],
                )
            ]
        named = _commit_names_run_dir(ctx, read_only)
        if named is not None:
            named, where = named
            return [
                r.finding(
                    PASS,
                    f"The commit read at {where.where()} names each run's directory ({named.where()}): "
                    "what a run writes there carries the commit it ran (uncommitted changes are not recorded).",
                    [named, where],
                )
            ]
        return [
            r.finding(
                WARN,
                "The git commit is read but never written with a run's record (only printed or used locally).",
                read_only,
                _commit_fix(ctx),
            )
        ]
    question = when_enabled_question(ctx, written + auto, "The commit is recorded")
    if question:
        return [
            r.finding(
                REVIEW,
                "The commit is recorded only by a tracker, " + tracker_switch(ctx, written + auto) + ".",
                auto,
                question=question,
            )
        ]
    describe = _describe_without_tags(ctx, written) if written and not auto else None
    if describe is not None:
        return [
            r.finding(
                WARN,
                f"The commit is read with `git describe` ({describe.where()}), which names the nearest annotated "
                "tag and fails where there is none: this repository has no tags, so in a clone of it the call "
                "raises and the run stops (or records nothing).",
                [describe, *written[:2]],
                "Read the commit itself: `git rev-parse HEAD` (or `git describe --always --dirty`, which falls "
                "back to the commit hash when there is no tag).",
            )
        ]
    if written or auto:
        how = (
            "explicitly"
            if written
            else "automatically by " + ", ".join(sorted({e.detail.split(" ")[0] for e in auto}))
        )
        return [r.finding(PASS, f"The git commit is recorded {how}.", written + auto)]
    zen = zenml_runs(ctx)
    if zen is not None:
        found = _zenml_commit(ctx, zen)
        if found:
            return found
    sacred = _sacred_commit(ctx)
    if sacred is not None:
        return [
            r.finding(
                REVIEW, "Sacred records the commit only through an observer.", sacred[1], question=sacred[2]
            )
        ]
    if not trains(ctx) and not code_trackers(ctx):
        return []
    copied = [p.evidence for p in rec.code] if rec is not None else []
    if copied:
        from ..records import code_copies, copy_destination

        # where the copy goes, as the records say: each run's folder, or one every launch shares
        into = copy_destination(code_copies(rec)[0])
        return [
            r.finding(
                WARN,
                f"No run records its commit, but the code is copied {into} ("
                + where_list(copied[:2])
                + "): a run keeps the files copied, not a commit that identifies the whole tree.",
                copied[:3],
                _commit_fix(ctx),
            )
        ]
    packages = metaflow_code_packages(ctx)
    if packages is not None:
        return [
            r.finding(
                WARN,
                f"No run records its commit, but Metaflow packages the flow's code with every run sent to "
                f"remote compute ({packages.where()}): the code is kept per run, without a commit that "
                "names it; local runs keep no package.",
                [packages],
                _commit_fix(ctx),
            )
        ]
    embeds = source_pickling(ctx) if rec is not None and rec.checkpoints else None
    if embeds is not None:
        return [
            r.finding(
                WARN,
                f"No run records its commit, but the pickled snapshots carry the source code of the classes "
                f"they hold ({embeds.where()}): a snapshot keeps its network's code, not a commit that "
                "identifies the whole tree (training loop, data pipeline).",
                [embeds],
                _commit_fix(ctx),
            )
        ]
    trackers = [d.label for d in ctx.present("tracking", include_examples=False)]
    msg = "No run records the commit of its code" + (
        f" ({', '.join(trackers)} {'does' if len(trackers) == 1 else 'do'} not capture it)"
        if trackers
        else " (no tracker)"
    )
    return [r.finding(FAIL, msg + ".", facts(ctx).training[:3], _commit_fix(ctx))]


_CODE_REPOSITORY = re.compile(r"zenml\s+code-repository\s+register\b")
# An option or variable that carries the commit a CI job builds (--git-sha, envvar="GITHUB_SHA").
_COMMIT_VALUE = re.compile(r"(?i)(^|[-_])(git[-_]?)?(sha|commit|revision)([-_]|$)|GITHUB_SHA|CI_COMMIT_SHA")
ZENML_COMMIT_FIX = (
    "```bash\nzenml code-repository register <name> --type=github --owner=<owner> --repository=<repo>\n```\n"
    "With a registered code repository ZenML records the commit of every run (from a clean checkout)."
)


def _zenml_commit(ctx, zen) -> list:
    """ET420 for a project whose runs ZenML records: ZenML stores a run's commit when the repository
    is registered as a ZenML code repository; a commit the launcher takes (`--git-sha`, GITHUB_SHA) may
    name the runs instead, which only the person who knows the launch can confirm."""
    r = commit_linked.rule
    registered = []
    for path, text in sorted(ctx.index.texts.items()):
        m = _CODE_REPOSITORY.search(text)
        if m:
            registered.append(
                Evidence(path, text.count("\n", 0, m.start()) + 1, "registers a ZenML code repository")
            )
    for path, doc in sorted(ctx.index.configs.items()):
        for _k, v, line in doc.entries:
            if isinstance(v, str) and _CODE_REPOSITORY.search(v):
                registered.append(Evidence(path, line, "registers a ZenML code repository"))
                break
    registered += evs(
        find(
            ctx,
            prefixes=(
                "zenml.code_repositories.",
                "zenml.integrations.github.code_repositories.",
                "zenml.integrations.gitlab.code_repositories.",
            ),
        )[:2]
    )
    registered += evs(find(ctx, suffixes=("create_code_repository",), roots={"zenml"})[:2])
    if registered:
        return [
            r.finding(
                PASS,
                "ZenML records the commit of every run: the repository is registered as a ZenML code repository.",
                registered[:3],
            )
        ]
    launch = {e.path for e in ctx.taxonomy.training_entry_points} | {
        e.path for e in ctx.taxonomy.entry_points
    }
    carried = []
    for m, c in facts(ctx).calls:
        if m.path not in launch:
            continue
        last = _last(c.name)
        texts = []
        if last in ("option", "argument", "add_argument", "DEFINE_string"):
            texts = [a for a in c.args if isinstance(a, str)] + [
                v for k, v in c.kwargs if k == "envvar" and isinstance(v, str)
            ]
        elif last == "getenv" or (last == "get" and "environ" in c.name):
            texts = [a for a in c.args[:1] if isinstance(a, str)]
        hit = next((t for t in texts if _COMMIT_VALUE.search(t.lstrip("-"))), None)
        if hit:
            carried.append(ev(m, c, f"the launcher takes the commit ({hit})"))
    if carried:
        e = carried[0]
        return [
            r.finding(
                REVIEW,
                "The launcher takes the commit it runs; ZenML itself records a run's commit only for a "
                "registered code repository, which this repository does not register.",
                carried[:3],
                ZENML_COMMIT_FIX,
                question=f"`{e.where()}` takes the commit ({e.detail.split('(', 1)[1].rstrip(')')}): does it "
                "name or tag every run (or snapshot) you report, so that each links to its commit?",
            )
        ]
    return [
        r.finding(
            FAIL,
            "No run records the commit of its code: ZenML records it only for a registered code repository, "
            "and none is registered.",
            zen.evidence[:2],
            ZENML_COMMIT_FIX,
        )
    ]


# COPY . /app, ADD . /seed_rl/: the image holds the repository's files (a .git it may not hold)
_COPIES_CODE = re.compile(r"^\s*(?:COPY|ADD)\s+(?:--\S+\s+)*\.\.?/?\s+\S+", re.M | re.I)
_INSTALLS_GIT = re.compile(r"(apt(?:-get)?|apk|yum|dnf|conda)\s+(?:install|add)\b[^\n]*\bgit\b", re.I)


def _image_without_git(ctx) -> Evidence | None:
    """A project Dockerfile that copies the repository into the image and installs no git: runs made in
    that image cannot ask git for their commit."""
    serving = serving_only_containers(ctx)  # a model server's image makes no runs
    for path, text in sorted(ctx.index.texts.items()):
        name = path.rsplit("/", 1)[-1].lower()
        if not (name.startswith("dockerfile") or name.endswith(".dockerfile")) or scope_of(path) != "core":
            continue
        if path in serving:
            continue
        m = _COPIES_CODE.search(text)
        # `apt-get install -y \` with git on a continued line: one command
        if m and not _INSTALLS_GIT.search(re.sub(r"\\\n", " ", text)):
            return Evidence(path, text.count("\n", 0, m.start()) + 1, m.group(0).strip())
    return None


def _commit_fix(ctx) -> str:
    image = _image_without_git(ctx)
    if image is not None:
        # git rev-parse inside the container fails: the commit is known where the image is built
        return (
            f"Runs made in the image `{image.path}` builds ({image.where()}: `{image.detail}`) cannot ask git for "
            "their commit (the image installs no git): pass the commit in at build time and record it with "
            "each run.\n```bash\n"
            f"docker build --build-arg GIT_COMMIT=$(git rev-parse HEAD) -f {image.path} .\n```\n"
            "```dockerfile\nARG GIT_COMMIT\nENV GIT_COMMIT=$GIT_COMMIT\n```\n"
            "and write `os.environ.get('GIT_COMMIT')` into the run's record beside its options."
        )
    stack = stack_label(ctx)
    if not stack:
        from ..records import hand_fix

        return hand_fix(ctx, "commit")
    if stack == "wandb":
        return "```python\nwandb.init(project=..., config=cfg, save_code=True)  # records commit + diff\n```"
    return (
        "```python\nimport subprocess, mlflow\nsha = subprocess.check_output(['git', 'rev-parse', 'HEAD'], text=True).strip()\n"
        "with mlflow.start_run():\n    mlflow.set_tag('mlflow.source.git.commit', sha)\n```"
    )


DATA_LINK_CALLS = (
    "mlflow.log_input",
    "mlflow.data.",
    "wandb.use_artifact",
    "wandb.init().use_artifact",
    "wandb.run.use_artifact",
    "dvc.api.open",
    "dvc.api.read",
    "dvc.api.get_url",
    "clearml.Dataset.get",
)


def _model_artifact(c) -> bool:
    """use_artifact(self.model_name_or_path) / use_artifact(state_artifact) / type="model": a run
    that fetches weights or optimizer state, not the version of its data."""
    if _last(c.name) not in ("use_artifact", "get_artifact"):
        return False
    named = " ".join(str(a) for a in [*c.args[:1], c.kw("type")] if a is not None)
    return bool(re.search(r"(model|ckpt|checkpoint|state|weights|optimizer)", named, re.I))


def data_link(ctx) -> list[Evidence]:
    out = evs(
        [(m, c) for m, c in find(ctx, prefixes=DATA_LINK_CALLS) if not _model_artifact(c)][:6],
        lambda c: f"{_last(c.name)} links the dataset version",
    )
    out += evs(
        [(m, c) for m, c in find(ctx, suffixes=("use_artifact",), roots={"wandb"}) if not _model_artifact(c)][
            :2
        ],
        "W&B artifact used as input",
    )
    # Comet's experiment.log_dataset_hash / log_dataset_info and Neptune's run["data"].track_files hash or
    # name the data with the run; Comet's get_artifact("name:version") reads a versioned dataset
    # (Comet's and Neptune's own calls: on their objects, or on an `experiment`/`run` where that tracker is used)
    from ..detect.engine import tracked_data

    used = tracker_ids(ctx)
    comet_roots = {"comet_ml"} | ({"experiment", "exp"} if "comet" in used else set())
    neptune_roots = {"neptune", "neptune_client"} | ({"run"} if "neptune" in used else set())
    out += evs(
        find(ctx, suffixes=("log_dataset_hash", "log_dataset_info"), roots=comet_roots)[:2],
        lambda c: f"{_last(c.name)} records the data's version with the run",
    )
    out += evs(
        find(ctx, suffixes=("track_files",), roots=neptune_roots, pred=tracked_data)[:2],
        "track_files records the data's version with the run",
    )
    out += evs(
        [
            (m, c)
            for m, c in find(ctx, suffixes=("get_artifact",), roots={"comet_ml"})
            if not _model_artifact(c)
        ][:1],
        "Comet artifact used as input",
    )
    out += polyaxon_data_refs(ctx)[:3]
    for m, c in find(ctx, suffixes=("log_param", "set_tag", "log_params", "set_tags")):
        if any(
            isinstance(a, str) and re.search(r"(data|dataset).*(version|hash|digest|sha|md5|rev)", a, re.I)
            for a in c.args
        ) or any(
            isinstance(a, dict)
            and any(re.search(r"(data|dataset).*(version|hash|digest|sha|md5|rev)", k, re.I) for k in a)
            for a in c.args
        ):
            out.append(ev(m, c, "dataset version logged"))
    for doc in facts(ctx).config_docs:
        name = doc.path.rsplit("/", 1)[-1]
        if name in ("dvc.lock", "dvc.yaml") and _dvc_data_deps(doc):
            out.append(
                Evidence(doc.path, 0, "dvc.lock pins each stage's data by hash")
                if name == "dvc.lock"
                else Evidence(doc.path, 0, "dvc.yaml stage deps")
            )
    return out


def polyaxon_data_refs(ctx) -> list[Evidence]:
    """Polyaxon's log_data_ref: given the data (`content=`, the 0.x client's first argument) it records
    a hash of it with the run, given `hash=` that hash, given only `path=` the path and, where the file
    is readable when the run starts, its hash; a name alone records no version."""
    out = []
    for m, c in find(ctx, suffixes=("log_data_ref",), pred=lambda c: "olyaxon" in c.name):
        if c.name.startswith("polyaxon_client"):  # log_data_ref(data, data_name="data")
            hashed, path = bool(c.args) or c.has_kw("data"), False
        else:  # log_data_ref(name, hash=None, path=None, content=None)
            hashed = c.has_kw("content") or c.has_kw("hash") or len(c.args) in (2, 4)
            path = c.has_kw("path") or len(c.args) == 3
        if hashed:
            out.append(ev(m, c, "log_data_ref records a hash of the data with the run"))
        elif path:
            out.append(
                ev(m, c, "log_data_ref records the data's path (and its hash where readable) with the run")
            )
    return out


# A stage that depends only on its own script hashes code, not data: `deps: [train.py]` with the data
# downloaded inside the script links no run to a data version.
_CODE_DEP = re.compile(
    r"\.(py|ipynb|sh|r|jl|m|js|ts|lua|cfg|toml|ini)$|^(src|scripts?|code|lib|utils)(/|$)|"
    # configuration and manifests: params.yaml, configs/*.json, requirements.txt, Dockerfile
    r"\.ya?ml$|(^|/)(configs?|conf)/|(^|/)requirements[\w.-]*\.txt$|(^|/)Dockerfile",
    re.I,
)


def _dvc_data_deps(doc) -> list[str]:
    """The dependencies of a dvc.yaml/dvc.lock stage that are not source code (dvc.lock lists
    `deps[].path`, dvc.yaml `deps[]`); a templated path (`${item}`) counts, for it names data as often as code."""
    return [
        v
        for k, v, _ in doc.entries
        if (k.endswith(".deps[]") or k.endswith(".deps[].path"))
        and isinstance(v, str)
        and not _CODE_DEP.search(v.strip())
    ]


_ENV_KEYWORDS = ("env", "env_id", "env_name", "environment", "env_type", "game")
_ENV_MAKERS = ("gym.make", "gymnasium.make", "envpool.make", "gym.vector.make", "gymnasium.make_vec")
_OPTION_VALUE = re.compile(
    # absl.flags.FLAGS.env: the flags object by its full name too
    r"(parse_args\(\)|parse_known_args\(\)|(?:^|absl\.flags\.)(args|opts?|cfg|config|FLAGS|flags|hparams|hps|params)\.)\S*?\.?(\w+)$"
)


def _env_options(ctx) -> list[tuple[str, Evidence]]:
    """(option, where) for each place the environment is picked by an option of the run:
    ``gym.make(args.env_name)``, ``Dataset(env=args.dataset)``."""

    out = []
    for m in facts(ctx).modules:
        for c in m.calls:
            values = [v for k, v in c.kwargs if k in _ENV_KEYWORDS]
            if c.name.endswith(_ENV_MAKERS) and c.args:
                values.append(c.args[0])
            for v in values:
                found = _OPTION_VALUE.search(v.text) if isinstance(v, Dyn) else None
                if found:
                    out.append(
                        (found.group(3), ev(m, c, f"environment picked by the option {found.group(3)}"))
                    )
    training = {e.path for e in facts(ctx).training}
    out.sort(key=lambda oe: oe[1].path not in training)
    return out


_OWN_ENV_FIX = (
    "Write the commit and the environment's settings (board size, rules, opponents) into each run's "
    "configuration record"
)


@rule(
    "ET421",
    "data-not-linked",
    "4.2",
    "Each run records the version of its data",
    what="Checks that the dataset behind a run is identified: `mlflow.log_input`, W&B "
    "`use_artifact`, DVC pipelines (dvc.lock hashes), `dvc.api` reads at a revision, a dataset "
    "hash/version logged as a parameter or tag, Polyaxon's `log_data_ref` given the data (a hash of it per run), "
    "stored runs with data digests, and data a Metaflow step "
    "keeps as an artifact (content-addressed per run; ZenML links the data artifacts of each run, but not "
    "the version of their source). For simulated data: the "
    "environment id in each run's output name, or an option (`env_name`, `env_id`, `game`) of a "
    "configuration every run records whole (a Sacred observer, Hydra, a tracker's config).",
    why="Data changes more often than code: a re-exported table, a fixed label, a new day of logs. "
    "Without the data version a run cannot be recreated even with the right commit.",
    example="```python\ndf = pd.read_csv('data/train.csv')  # which version of train.csv?\n```",
    fix="```python\ndataset = mlflow.data.from_pandas(df, source='data/train.csv', name='train')\nmlflow.log_input(dataset, context='training')   # records a digest\n```\n"
    "W&B: `run.use_artifact('train-data:v3')`; DVC: run training as a `dvc.yaml` stage with the data as a dep.",
)
def data_linked(ctx):
    r = data_linked.rule
    found = data_link(ctx)
    stats = _store_stats(ctx)
    total = sum(s["runs"] for s in stats)
    with_digest = sum(round(s["runs"] * s["with_data_digest_pct"] / 100) for s in stats)
    if with_digest:
        run = next(x for x in ctx.catalog.runs if x.data_digests)
        found.append(Evidence(run.path, 0, f"{with_digest}/{total} stored runs record a data digest"))
    if found:
        return [r.finding(PASS, "Runs are linked to a data version.", found)]
    from ..fixes import training_paths
    from .facts import metaflow_data_artifacts

    main = training_paths(ctx)
    # the flows that train (a reporting flow's artifacts say nothing of the training script's data)
    kept = [e for e in metaflow_data_artifacts(ctx) if main and e.path in main]
    if kept:
        # Metaflow stores what a step assigns to self, content-addressed, in every run's record: the data
        # a run read is in that run, whatever became of its source file
        return [
            r.finding(
                PASS,
                "Metaflow keeps the data each run reads as a content-addressed artifact of that run "
                f"({kept[0].where()}); the source file's own version is not recorded.",
                kept[:3],
            )
        ]
    if not trains(ctx):
        return []
    from ..domain import data_domain

    dom = data_domain(ctx)
    # D4RL/Minari: the versioned environment id names the logged dataset too ('halfcheetah-medium-v2')
    if dom.kind == "simulator" or dom.env_dataset:
        # The environment id in each run's name or record links the run to its data.
        named = ctx.records.named_by("env") if ctx.records is not None else []
        chosen = _env_options(ctx)
        if not named and chosen:
            # env=args.dataset: the option that picks the environment names the run's directory
            hole = re.compile(r"\{(?:[^}]*\.)?" + re.escape(chosen[0][0]) + r"\}")
            rec = ctx.records
            named = (
                [p for p in (*rec.metrics, *rec.config, *rec.checkpoints) if hole.search(p.target)]
                if rec
                else []
            )
        if named:
            return [
                r.finding(
                    PASS,
                    f"Each run's output name records the environment id ({named[0].target}).",
                    [named[0].evidence] + [e for _, e in chosen[:1]],
                )
            ]
        from ..records import main_records

        rec = main_records(ctx)
        dumped = rec.whole_config(per_run=True) if rec is not None else []
        if chosen and dumped:
            option, where = chosen[0]
            return [
                r.finding(
                    PASS,
                    f"The environment id is the option `{option}`, written with the run's whole options "
                    f"({dumped[0].describe()}); the simulator's version is not recorded with the run.",
                    [where, dumped[0].evidence],
                )
            ]
        # The environment id is an option of a configuration each run records whole.
        from .phase2_parameters import recorded_params

        recorded = recorded_params(ctx, ENV_ID_PARAM, 1)
        if recorded:
            name = recorded[0].detail.rsplit(" ", 1)[-1]
            versions = (
                "; Sacred also records the versions of the packages imported when the Experiment is created"
                if any(e.detail.startswith("Sacred") for e in recorded)
                else ""
            )
            return [
                r.finding(
                    PASS,
                    f"The environment id (`{name}`) is part of the configuration recorded with every run{versions}.",
                    recorded,
                )
            ]
        if dom.own_envs and not dom.simulators:
            # the project's own game: its code is versioned by the commit, its settings by the run's record
            # (an offline dataset of a registry's environments, env.get_dataset(), has no own environment)
            return [
                r.finding(
                    WARN,
                    f"The data is generated by the project's own environment ({dom.own_envs[0].where()}); runs "
                    "do not record the commit and the environment's settings that generated it.",
                    dom.own_envs[:1] + facts(ctx).training[:2],
                    _OWN_ENV_FIX + ".",
                )
            ]
        return [
            r.finding(
                WARN,
                "Runs do not record the environment id and simulator version they ran on.",
                facts(ctx).training[:3],
                "Put the environment id in the run's name or record, and log the simulator's version "
                "(e.g. `gymnasium.__version__`) with the run's options.",
            )
        ]
    from .facts import zenml_data_steps

    data_steps = zenml_data_steps(ctx)
    if data_steps:
        names = ", ".join(f"`{s.name}`" for s in data_steps[:3])
        return [
            r.finding(
                WARN,
                f"Each ZenML run links the data artifacts its steps return ({names}) to the run, but nothing "
                "records a version or digest of the source they are read or generated from.",
                [
                    s.evidence(f"step {s.name} returns the data as an artifact of the run")
                    for s in data_steps[:3]
                ],
                "```python\nlog_metadata(metadata={'source': data_path, 'sha256': digest},   # in the loading step\n"
                "             artifact_name='<data output>', infer_artifact=True)\n```",
            )
        ]
    # (as ET120: DVC that only tracks a model file, or is only initialised, versions no data)
    from .facts import data_versioning_tools

    dv = data_versioning_tools(ctx, include_examples=False)
    if dv:
        return [
            r.finding(
                WARN,
                f"Data is versioned ({', '.join(d.label for d in dv)}) but runs do not record which version they used.",
                [e for d in dv for e in d.evidence[:2]],
                _data_fix(ctx),
            )
        ]
    from ..rubric import committed_data_evidence, committed_data_fix, committed_training_data, data_kind

    committed = committed_training_data(ctx)
    if committed:
        # The commit is the data's version: the run is linked to its data exactly when it records the commit.
        return [
            r.finding(
                WARN,
                f"No run records a dataset version; {data_kind(committed, ctx)} is committed in git "
                f"({committed[0].path}), so the commit a run records names it (ET420).",
                committed_data_evidence(committed, 2),
                committed_data_fix(ctx, committed),
            )
        ]
    from .facts import checksummed_library_data

    lib_data = checksummed_library_data(ctx)
    if lib_data is not None:
        call, package, pin = lib_data
        module = package.replace("-", "_")
        return [
            r.finding(
                WARN,
                f"No run records a dataset version; the data is read through `{call.detail}` ({call.where()}), "
                f"a fixed release {package} checks against checksums in its code, so a run's data is named by "
                f"its {package} version"
                + (f", pinned by {pin.detail} ({pin.where()})." if pin else ", which no run records."),
                [call] + ([pin] if pin else []),
                f"Record `{module}.__version__` with each run's options, beside the dataset's name and split.",
            )
        ]
    lib = library(ctx) if library_without_results(ctx) else None  # (as ET120: results of its own)
    return [
        r.finding(
            # a library's runs train on the data its users pass it: a gap in what it records, not a failure
            WARN if lib is not None else FAIL,
            "No run records a dataset version or digest"
            + (f" (0 of {total} stored runs)" if total else "")
            + ("; as a library, it records what its users pass it." if lib is not None else "."),
            _data_reading_places(ctx, facts(ctx).training)[:3],
            _data_fix(ctx),
        )
    ]


# Options naming the simulated environment a run trains in (gym id, Atari game, dm_control domain and
# task, SMAC map).
ENV_ID_PARAM = re.compile(
    r"^(env|environment|gym_env|game|task|task_name|domain_name|map_name)(_?(id|name))?$"
)


def _data_reading_places(ctx, training: list) -> list:
    """The training places whose script (or a module it imports) loads data, when some do: the fix for a
    data version is for them, not for a benchmark training on torch.randint tokens (evidence is cited
    in path order, so the others are left out rather than put after)."""
    from ..rubric import DATA_LOADERS

    loading = {
        m.path
        for m, _c in find(ctx, prefixes=(*DATA_LOADERS, "pandas.read_", "numpy.load", "datasets.load_"))
    }
    reading = [e for e in training if e.path in loading or entry_closure(ctx, e.path) & loading]
    return reading or list(training)


def _data_fix(ctx) -> str:
    from ..domain import data_domain

    domain = data_domain(ctx)
    if domain.kind == "registry":
        from ..domain import registry_pin_fix

        # Hub/TFDS/D4RL datasets are versioned where they live: pin the version and keep it with the run.
        return f"Load the data at a pinned version ({registry_pin_fix(domain)}) and write the dataset name and version into the run's configuration record."
    if domain.kind == "simulator" and not domain.simulators:
        return _OWN_ENV_FIX + ": the environment is the project's own code."
    if domain.kind == "simulator":
        pkgs = sorted(domain.simulators)
        return (
            "Record the environment id and the simulator's package versions with every run, e.g. "
            "`{'env_id': env.spec.id, 'versions': {p: importlib.metadata.version(p) for p in "
            + repr(pkgs)
            + "}}` written into the run directory."
        )
    stack = stack_label(ctx)
    if not stack:
        # the data a run reads is mostly a directory (images, text, shards), seldom one data_path file
        from .phase1_discovery import _data_fix as dir_data_fix

        return dir_data_fix(ctx)
    if stack == "wandb":
        return "```python\nartifact = run.use_artifact('train-data:latest')  # logs the exact artifact version\npath = artifact.download()\n```"
    if stack == "dvc":
        return "```yaml\n# dvc.yaml\nstages:\n  train:\n    cmd: python train.py\n    deps: [data/train.csv, train.py]\n```"
    return "```python\nmlflow.log_input(mlflow.data.from_pandas(df, source='data/train.csv'), context='training')\n```"


@rule(
    "ET422",
    "runs-not-recreatable",
    "4.2",
    "Stored runs can be recreated (code + data + params + environment)",
    what="For runs read from tracking stores on disk, counts those that record all four of: a commit, "
    "a data digest, parameters and an environment snapshot, and lists what the others miss.",
    why="A run is reproducible only if every input is recorded; one missing piece (usually the data "
    "digest or the environment) is enough to make the result unrecoverable.",
    example="```text\nrun 3f2a...: commit yes, params yes, data digest no, environment no\n```",
    fix="Record the missing pieces in the training entry point: the commit (ET420), the data version "
    "(ET421), the full configuration (ET210) and the environment (ET213); then re-run and check "
    "`experiment-tracking audit` again.",
)
def runs_recreatable(ctx):
    r = runs_recreatable.rule
    stats = _store_stats(ctx)
    total = sum(s["runs"] for s in stats)
    if not total:
        return []
    rec = sum(s.get("recreatable", 0) for s in stats)
    worst = ctx.linkage.worst if ctx.linkage is not None else []
    ev_list = [Evidence(w["path"], 0, "missing: " + ", ".join(w["missing"])) for w in worst[:6]]
    if rec and rec / total >= 0.5:
        return [
            r.finding(
                PASS,
                f"{rec} of {total} stored run(s) record commit, data digest, params and environment.",
                ev_list or [Evidence(ctx.catalog.runs[0].path, 0, "stored run")],
            )
        ]
    missing = {}
    for w in worst:
        for x in w["missing"]:
            missing[x] = missing.get(x, 0) + 1
    top = ", ".join(f"{k} ({v})" for k, v in sorted(missing.items(), key=lambda kv: -kv[1]))
    return [
        r.finding(
            WARN,
            f"{rec} of {total} stored run(s) can be recreated; most often missing: {top or 'unknown'}.",
            ev_list,
        )
    ]
