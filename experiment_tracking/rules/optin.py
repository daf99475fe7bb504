"""Practices that run only when a run is given an option: seeding behind ``if args.seed is not None:``,
``if "seed" in config:`` or ``if seed is None: return``, or behind an on/off switch. Whether the
runs made with what the repository ships have them depends on the option's default: the CLI
default, the configuration files, the commands the README and launch scripts run."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ..model import Evidence
from .facts import CONFIG_DIRS, _last, doc_search, facts, switch_defaults, switch_question


@dataclass(frozen=True)
class Gate:
    """The test a line runs behind."""

    cond: str  # the test as written: `seed is None` (with an early return), `args.seed is not None`
    option: str  # the value it needs: `seed`
    where: Evidence  # the test's line
    kind: str = "given"  # "given": a value must be passed; "switch": an on/off switch must be on
    source: str = ""  # what the value is read from: `config`, `args`
    via: Evidence | None = None  # the call behind the test, when the line is in a function it calls

    @property
    def truthy(self) -> bool:
        """The test asks for a true value (`if args.seed:`), not only a present one (`is not None`)."""
        return not re.search(r"\bNone\b|\bin\b|hasattr|getattr|\.get\(", self.cond)

    @property
    def test(self):
        """What a shipped value must be to pass: ('>', 0) for `if opt.seed > 0:`, else whether any
        true value (`if args.seed:`) or any value at all (`is not None`) does."""
        hit = re.search(rf"\b{re.escape(self.option)}\W{{0,3}}\s*(>=|>|!=)\s*(-?\d+(?:\.\d+)?)\b", self.cond)
        return (hit.group(1), float(hit.group(2))) if hit else self.truthy

    def needs(self) -> str:
        """`seed` is given / `args.use_seed` is on / `seed > 0`: the condition in words."""
        if self.kind == "switch":
            return f"`{self.cond}` is on"
        if isinstance(self.test, tuple):
            op, n = self.test
            return f"`{self.option} {op} {n:g}`"
        return f"`{self.option}` is {'set' if self.truthy else 'given'}"


@dataclass
class OptionDefaults:
    """What the repository ships for an option: values that give it, values that leave it unset,
    commands that pass it."""

    given: list = field(default_factory=list)
    absent: list = field(default_factory=list)
    passed: list = field(default_factory=list)

    @property
    def on_by_default(self) -> bool:
        return bool(self.passed) or (bool(self.given) and not self.absent)


def gate_at(ctx, m, line: int, cell: int = 0, depth: int = 0) -> Gate | None:
    """The test a line of module ``m`` runs behind, when every way to reach it passes one: a block of
    its own function, or every call of that function (followed through up to three callers)."""
    memo = ctx.__dict__.setdefault("_et_gates", {})
    key = (m.path, line, cell)
    if key not in memo:
        memo[key] = None  # a call cycle answers "not behind a test"
        memo[key] = _gate_at(ctx, m, line, cell, depth)
    return memo[key]


def _gate_at(ctx, m, line: int, cell: int, depth: int) -> Gate | None:
    from ..records import switch_at

    block = _innermost(getattr(m, "given_blocks", ()), line, cell)
    if block is not None:
        first, _end, _cell, cond, option, source, pos = block
        where = Evidence(m.path, first, f"tests `{cond}`"[:100], cell)
        if "|" in option:
            # Several values the test needs together: the one the shipped defaults leave unset decides.
            parts = [
                Gate(cond, o, where, "given", s)
                for o, s in zip(option.split("|"), source.split("|"), strict=False)
            ]
            off = [g for g in parts if not gate_is_on(ctx, g)[0]]
            # One the defaults are seen to leave unset (`--cuda-deterministic`, store_true) before one
            # nothing is known of (`args.cuda`, computed at run time).
            return next((g for g in off if option_defaults(ctx, g).absent), off[0] if off else parts[0])
        gate = Gate(cond, option, where, "given", source)
        if pos < 0 or depth >= 3:
            return gate
        return _through_parameter(ctx, m, line, cell, gate, pos)
    cond = switch_at(m, line, cell)
    if cond:
        first = min(a for a, b, c, x in m.flag_blocks if x == cond and c == cell and a <= line <= b)
        name = re.sub(r"^not\s+", "", cond).rsplit(".", 1)[-1]
        return Gate(
            cond, name, Evidence(m.path, first, f"runs only when `{cond}` is on"[:100], cell), "switch"
        )
    if depth >= 3:
        return None
    fn = _function_at(m, line, cell)
    if fn is None:
        return None
    callers = _callers(ctx, m, fn)
    gates = [gate_at(ctx, cm, c.line, c.cell, depth + 1) for cm, c in callers]
    if not gates or not all(gates) or _passed_as_value(ctx, fn[0]):
        return None
    cm, c = callers[0]
    return (
        gates[0]
        if gates[0].via
        else replace(gates[0], via=Evidence(cm.path, c.line, f"calls {c.name}", c.cell))
    )


def _through_parameter(ctx, m, line, cell, gate: Gate, pos: int) -> Gate | None:
    """A test of the function's own parameter (`def set_seed(seed=None): if seed is not None:`): what
    each caller passes decides. A literal value always runs the block; an option (`args.seed`) runs
    it only when that option is given."""
    fn = _function_at(m, line, cell)
    out = []
    for _, c in _callers(ctx, m, fn) if fn is not None else ():
        passed = c.has_kw(gate.option) or pos < len(c.args)
        value = c.kw(gate.option) if c.has_kw(gate.option) else (c.args[pos] if pos < len(c.args) else None)
        text = getattr(value, "text", None)
        forwards = c.has_kw("**") or any(getattr(a, "text", "").startswith("*") for a in c.args)
        if not passed and not forwards and gate.option in m.off_params.get(fn[0], ()) and gate.test is True:
            out.append(gate)  # manual_seed(args): fix_cudnn keeps its default, False
            continue
        # args.deterministic, or parse_args().deterministic where `args = parse_args()` is the project's parser
        if not passed or (text is not None and not (re.fullmatch(r"[\w.]+(\(\))?\.\w+", text))):
            return None  # the parameter's default, or a value computed here: not known to be unset
        if text is None:
            if _gives(value, gate.test):
                return None  # set_seed(0): this caller always runs it
            out.append(gate)  # set_seed(None)
        else:
            source, option = text.rsplit(".", 1)
            if source.endswith(("parse_args()", "parse_known_args()")):
                source = "args"  # the command line's options, as `args = parser.parse_args()` holds them
            out.append(Gate(gate.cond, option, gate.where, "given", source))
    return out[0] if out else None


def _innermost(blocks, line: int, cell: int):
    best = None
    for b in blocks:
        if b[2] == cell and b[0] <= line <= b[1] and (best is None or b[1] - b[0] < best[1] - best[0]):
            best = b
    return best


def _function_at(m, line: int, cell: int):
    """(name, first line, last line, cell, is_method) of the innermost function holding a line."""
    best = None
    for name, start, c, end in m.functions:
        if c == cell and start < line <= end and (best is None or start > best[1]):
            best = (name, start, end, c)
    if best is None:
        return None
    # A method: the innermost body around its `def` is a class's, not another function's.
    holder = max(
        [(s, "class") for _, s, c, e in m.classes if c == cell and s < best[1] <= e]
        + [(s, "def") for _, s, c, e in m.functions if c == cell and s < best[1] <= e],
        default=(0, ""),
    )
    return (*best, holder[1] == "class")


def _callers(ctx, m, fn) -> list:
    """The project's calls of a function or method, by how its name resolves: `set_seed(...)` in its
    own module or `pkg.utils.set_seed(...)` elsewhere for a function, `self.set_seed(...)` or
    `obj.set_seed(...)` for a method."""
    from ..detect.engine import project_roots

    name, start, end, cell, method = fn
    cache = ctx.__dict__.setdefault("_et_callers", {})
    key = (m.path, *fn)
    if key in cache:
        return cache[key]
    own = project_roots(ctx.index)
    out = []
    # A function is called by its bare name only in its own module; elsewhere by a dotted name.
    groups = ctx.__dict__.setdefault("_et_calls_by_name", {})
    if name not in groups:
        bare: dict[str, list] = {}
        dotted = []
        for cm, c in facts(ctx).by_last.get(name, ()):
            if "." in c.name:
                dotted.append((cm, c))
            else:
                bare.setdefault(cm.path, []).append((cm, c))
        groups[name] = (bare, dotted)
    bare, dotted = groups[name]
    for cm, c in (*bare.get(m.path, ()), *dotted):
        if cm.path == m.path and c.cell == cell and start <= c.line <= end:
            continue  # a recursive call
        root = c.name.split(".", 1)[0]
        if "." not in c.name:
            ok = not method and cm.path == m.path
        elif method:
            imported = {i.module.split(".", 1)[0] for i in cm.imports}
            ok = root in ("self", "cls", "super()") or "()" in c.name or root not in imported
        else:
            ok = root in own and root not in ("self", "cls") and "()" not in c.name
        if ok:
            out.append((cm, c))
    cache[key] = out
    return out


def _passed_as_value(ctx, name: str) -> bool:
    """The function is handed on as a value (`worker_init_fn=seed_worker`, `fn = set_seed`): something
    may call it that no call in the project names."""
    cached = ctx.__dict__.setdefault("_et_value_names", {})
    if name not in cached:
        pattern = re.compile(rf"(^|\.){re.escape(name)}$")
        cached[name] = any(
            pattern.search(getattr(v, "text", ""))
            for _, c in facts(ctx).calls
            for v in (*c.args, *(x for _, x in c.kwargs))
        ) or any(pattern.search(getattr(a.value, "text", "")) for _, a in facts(ctx).assigns)
    return cached[name]


# --------------------------------------------------------------------------------------------
# What the repository ships for an option
# --------------------------------------------------------------------------------------------

_PLACEHOLDER = re.compile(r"[A-Z][A-Z0-9_]*\]*|<[^>]*>?|\[.*|.*\]")
_ARG_CALLS = ("add_argument", "DEFINE_integer", "DEFINE_int", "DEFINE_string", "DEFINE_float", "DEFINE_bool")
_COMMAND = re.compile(r"\bpython\d?(\.\d+)?\b|\.py\b|\.sh\b|\baccelerate\b|\btorchrun\b|\bdeepspeed\b")


def option_defaults(ctx, gate: Gate) -> OptionDefaults:
    if not gate.source:
        # A bare name the module binds itself (`training_mode = True` at the top of the script): that
        # literal decides, whatever other modules call their own variable of that name.
        m = ctx.index.modules.get(gate.where.path)
        value = m.constants.get(gate.option) if m is not None else None
        if isinstance(value, (bool, int, float, str)):
            out = OptionDefaults()
            e = Evidence(m.path, 0, f"{gate.option} = {value!r}")
            (out.given if _gives(value, gate.test) else out.absent).append(e)
            return out
    return named_option_defaults(ctx, gate.option, gate.test)


def named_option_defaults(ctx, option: str, truthy) -> OptionDefaults:
    """What the tree's command lines, configs and defaults give ``option``; asked by several rules,
    computed once per audit."""
    memo = ctx.__dict__.setdefault("_et_option_defaults", {})
    key = (option, truthy)
    if key not in memo:
        memo[key] = _option_defaults(ctx, option, truthy)
    return memo[key]


def _gives(value, truthy) -> bool | None:
    """Whether a shipped value gives the option: None leaves it unset (as does a false value for a
    truthiness test, or -1 for `> 0`); a value computed at run time is not known. ``truthy`` is a
    Gate's test: a bool, or (operator, bound) for a numeric comparison."""
    if getattr(value, "text", None) is not None:
        return None
    if isinstance(value, str) and value.strip().lower() in ("none", "null", "~", ""):
        return False
    if isinstance(truthy, tuple):
        if value is None:
            return False
        try:
            number = float(value)
        except (TypeError, ValueError):
            return None  # `required`, a name: not known to pass the comparison
        op, bound = truthy
        return number > bound if op == ">" else number >= bound if op == ">=" else number != bound
    return value is not None and (bool(value) or not truthy)


_LIBRARY_ATTRIBUTE = re.compile(
    r"^(torch\.backends|torch\.cuda|cudnn|tf\.|tensorflow\.|jax\.config|np\.|numpy\.)"
)


def _option_defaults(ctx, option: str, truthy) -> OptionDefaults:
    out = OptionDefaults()
    f = facts(ctx)

    def note(value, e: Evidence) -> None:
        gives = _gives(value, truthy)
        if gives is not None:
            (out.given if gives else out.absent).append(e)

    dashed = {"--" + option, "--" + option.replace("_", "-"), option}
    for m, c in f.calls:
        last = _last(c.name)
        if last not in _ARG_CALLS and last != "option":
            continue
        names = [a for a in c.args if isinstance(a, str)]
        dest = c.kw("dest")
        if not (dashed & set(names) or dest == option):
            continue
        if "DEFINE" in last and len(c.args) > 1:
            value = c.args[1]
        elif c.has_kw("default"):
            value = c.kw("default")
        elif c.kw("required") is True:
            value = "required"
        else:
            value = False if c.kw("action") == "store_true" else None
        text = getattr(value, "text", None)
        if isinstance(text, str) and text.isidentifier() and text in m.constants:
            value = m.constants[text]  # default=default_exp_dir after `default_exp_dir = 'results'`
        note(value, Evidence(m.path, c.line, f"--{option} default {value!r}", c.cell))
    for doc in f.config_docs:
        for k, v, line in doc.entries:
            if k == option or k.endswith("." + option):
                note(v, Evidence(doc.path, line, f"{k}: {v!r}"))
                break
    for m in f.modules:
        for name, value in m.constants.items():
            for path, v in _dict_values(value, option, name):
                note(v, Evidence(m.path, 0, f"{path}: {v!r}"))
        # `cudnn_benchmark = True` at the top of an OpenMMLab Python config: the key as the config sets it
        if option in m.constants and CONFIG_DIRS.intersection(m.path.split("/")[:-1]):
            note(
                m.constants[option],
                Evidence(m.path, m.constant_lines.get(option, 0), f"{option} = {m.constants[option]!r}"),
            )
    for m in f.modules:
        for cls, name, value, line, cell in m.class_defaults:
            if name == option:
                note(value, Evidence(m.path, line, f"{cls}.{name} = {value!r}"[:80], cell))
    for m, a in f.assigns:
        # ... or a dotted key of a settings dict: tf_config['rnd.np_random_seed'] = 1000
        if (
            a.target.endswith(("." + option, f"[{option}]", f".{option}]"))
            and not _assigned_from_itself(a)
            # torch.backends.cudnn.deterministic = True: the library's state, set where the test passed
            and not _LIBRARY_ATTRIBUTE.match(a.target)
        ):
            note(a.value, Evidence(m.path, a.line, f"{a.target} = {a.value!r}"[:80], a.cell))
    opt = re.escape(option)
    # `--seed 3`, `--seed=3`, a bare `--exact` flag, or a Hydra override `seed=3` / `+seed=3`
    passing = re.compile(
        rf"--{opt}(?![\w-])(?:[ =]+(?P<v>[^\s|`]+))?|(?<![\w.-])\+{{0,2}}(?:\w+\.)*{opt}=(?P<w>[^\s|`]+)"
    )
    commands = [(p, c, line, cmd, False) for p, c, line, cmd in f.shell]
    for path, text in sorted(f.docs.items()):
        for i, row in enumerate(text.splitlines(), 1):
            if option in row:
                commands.append((path, 0, i, row, True))
    for path, cell, line, cmd, prose in commands:
        hit = passing.search(cmd)
        # In prose, only a command line that runs something before the option passes it (not a table
        # of options that names `--seed`).
        if hit is None or (prose and not _COMMAND.search(cmd[: hit.start()])):
            continue
        value = (hit.group("v") or hit.group("w") or "").strip("'\"")
        if _PLACEHOLDER.fullmatch(value):
            continue  # `usage: train.py [--seed SEED]`, `--seed <seed>`: how to pass it, not a value
        if isinstance(truthy, tuple):
            # `--seed -1` passes the option but not `seed > 0`
            if _gives(value, truthy):
                out.passed.append(Evidence(path, line, f"passes {hit.group(0).strip()[:40]}", cell))
        elif not value or value.startswith("-") or _gives(value, truthy):
            out.passed.append(Evidence(path, line, f"passes {hit.group(0).strip()[:40]}", cell))
    return out


def _assigned_from_itself(a) -> bool:
    return getattr(a.value, "text", "") == a.target


def _dict_values(value, option: str, path: str, depth: int = 0):
    """(key path, value) of every `option` key in a nested literal dict: `base.diffusion.seed`."""
    if not isinstance(value, dict) or depth > 4:
        return
    for k, v in value.items():
        # ... or a dotted key naming it: {'rnd.np_random_seed': 1000}
        if k == option or (isinstance(k, str) and k.endswith("." + option)):
            yield f"{path}.{k}", v
        else:
            yield from _dict_values(v, option, f"{path}.{k}", depth + 1)


def gate_is_on(ctx, gate: Gate) -> tuple[bool, str]:
    """(the runs made with the shipped defaults pass the test, where the defaults say so)."""
    if gate.kind == "switch":
        state, where = switch_defaults(ctx, gate.cond)
        if state:
            return state == "on", where
    if gate.source.endswith("get_worker_info()"):
        # `if worker_info is not None:` in a Dataset: true in every DataLoader worker process, where the
        # data is loaded when the loaders have workers; no option decides it
        return True, f"{gate.where.where()} (in each DataLoader worker)"
    if gate.source.endswith(")"):
        # A flag computed at run time (`deterministic = setup_seed(config)`): it follows the seeding
        # that function does behind its own test, when it does; else no default decides it.
        inner = _inner_seed_gate(ctx, gate.source)
        return gate_is_on(ctx, inner[1]) if inner else (False, "")
    d = option_defaults(ctx, gate)
    if d.on_by_default:
        return True, _places(d.passed or d.given, 2)
    return False, ""


def _places(evidence, limit: int = 3) -> str:
    """Places in words; a value read from Python code without a line is named by its key."""
    shown = [e.where() if e.line else f"{e.path} ({e.detail})" for e in evidence[:limit]]
    more = f" and {len(evidence) - limit} more" if len(evidence) > limit else ""
    return ", ".join(shown) + more


def shipped_text(ctx, gate: Gate) -> str:
    """What the repository ships for the option, in words: 'config/base.py sets it to None', 'no shipped
    configuration, command-line default or documented command sets it'."""
    if gate.kind == "switch":
        state, where = switch_defaults(ctx, gate.cond)
        if state:
            return f"the committed defaults set it {state} ({where})"
    if gate.source.endswith(")"):
        return f"`{gate.option}` is what `{gate.source}` returns{_seeds_within(ctx, gate.source)}"
    d = option_defaults(ctx, gate)
    if d.given and d.absent:
        return f"some shipped defaults set it ({_places(d.given, 2)}), others leave it unset ({_places(d.absent, 2)})"
    if d.absent:
        return f"the shipped defaults leave it unset ({_places(d.absent, 2)})"
    if d.passed or d.given:
        return f"the shipped defaults give it ({_places(d.passed or d.given, 2)})"
    configs = sorted({doc.path.split("/", 1)[0] + "/" for doc in facts(ctx).config_docs if "/" in doc.path})
    where = f" ({len(facts(ctx).config_docs)} config files in {', '.join(configs[:2])})" if configs else ""
    return f"no shipped configuration{where}, command-line default or documented command sets it"


def _inner_seed_gate(ctx, call: str):
    """(seed call, its gate) when the project function a call names seeds only behind a test of a
    given value (`def setup(config): seed = config.get("seed"); if seed is None: return False`)."""
    from .facts import _seeding

    name = call.split("(", 1)[0].rsplit(".", 1)[-1]
    for m, c in _seeding(ctx)[0]:
        fn = _function_at(m, c.line, c.cell)
        gate = gate_at(ctx, m, c.line, c.cell) if fn is not None and fn[0] == name else None
        if gate is not None and gate.kind == "given" and not gate.source.endswith(")"):
            return Evidence(m.path, c.line, f"calls {c.name}", c.cell), gate
    return None


def _seeds_within(ctx, call: str) -> str:
    """', and `setup` seeds only when `seed` is given (utils.py:117); ...' when the called project
    function holds seeding behind a test: the flag it returns follows that test."""
    inner = _inner_seed_gate(ctx, call)
    if inner is None:
        return ""
    at, gate = inner
    name = call.split("(", 1)[0].rsplit(".", 1)[-1]
    return f", and `{name}` seeds only when {gate.needs()} ({at.where()}); {shipped_text(ctx, gate)}"


_NOT_FIXED = re.compile(
    r"(?i)\b(?:do(?:es)?\s*n[o']t|not|never)\s+(?:fix|set)(?:ed|ting)?\s+(?:a\s+|the\s+|any\s+)?(?:random\s+)?seeds?\b"
    r"|\bseeds?\s+(?:is|are)\s+not\s+(?:fixed|set)\b"
)


def unfixed_seed_docs(ctx) -> list[Evidence]:
    """Prose that says the runs are not seeded ('we do not fix a random seed')."""
    return doc_search(ctx, _NOT_FIXED, 2)


OWN_GENERATORS = frozenset(
    {
        "numpy.random.default_rng",
        "numpy.random.RandomState",
        "numpy.random.Generator",
        "jax.random.PRNGKey",
        "jax.random.key",
    }
)


def gated_on_text(ctx, calls) -> str:
    """' (only when `seed` is given, as README.md:401 does)' when every seed call sits behind a test
    that the shipped defaults or documented commands pass; '' otherwise."""
    found = ""
    for m, c in calls:
        if c.name in OWN_GENERATORS:
            continue
        gate = gate_at(ctx, m, c.line, c.cell)
        on, where = gate_is_on(ctx, gate) if gate is not None else (False, "")
        if not on:
            return ""
        found = found or f" (only when {gate.needs()}, as {where} {'does' if ',' not in where else 'do'})"
    return found


def runs_by_default(ctx, m, c) -> bool:
    """The call runs in the runs made with the shipped defaults: behind no test, or one they pass."""
    gate = gate_at(ctx, m, c.line, c.cell)
    return gate is None or gate_is_on(ctx, gate)[0]


def seed_gates(ctx, calls) -> dict:
    """{(path, line, cell): Gate} of the seed calls that run only behind a test the runs made with
    the shipped defaults do not pass."""
    out = {}
    for m, c in calls:
        if c.name in OWN_GENERATORS:
            continue  # a generator seeded where it is made seeds only the draws behind the same test
        gate = gate_at(ctx, m, c.line, c.cell)
        if gate is not None and not gate_is_on(ctx, gate)[0]:
            out[(m.path, c.line, c.cell)] = gate
    return out


def gate_text(gate: Gate, at: Evidence) -> str:
    """How a line sits behind its test: '`seed is None` at utils.py:114', 'called at setup.py:131
    behind `args.seed is None` at setup.py:128'."""
    test = f"`{gate.cond}` at {gate.where.where()}"
    if gate.via is not None and gate.via.path == at.path and gate.via.line != at.line:
        return f"called at line {gate.via.line} behind {test}"
    if gate.via is not None and gate.via.path != at.path:
        return f"called at {gate.via.where()} behind {test}"
    return test


def gate_question(ctx, gate: Gate, what: str, at: Evidence) -> str:
    """'`utils.py:117` seeds torch only when `seed` is given (`seed is None` at utils.py:114); no
    shipped configuration ... sets it: were the runs you report made with it?' The call behind the
    test is the subject when the seed sits in a helper; a switch asks the switch question."""
    if gate.via is not None:
        at = gate.via  # the call behind the test is where the reader looks
    if gate.kind == "switch":
        return switch_question(ctx, f"`{at.where()}` {what}", gate.cond, gate.where)
    how = gate_text(gate, at)
    return (
        f"`{at.where()}` {what} only when {gate.needs()} ({how}); {shipped_text(ctx, gate)}: "
        f"were the runs you report made with it?"
    )
