"""Tests that pass only when a value is given: ``if args.seed is not None:``, ``if "seed" in cfg:``,
``if hasattr(args, "seed")``, ``if opt.seed > 0:``, and their negations before an early ``return``
(``if seed is None: return``). What follows runs only when a run is given that value: seeding
behind such a test is off in every run that does not pass it."""

from __future__ import annotations

import ast
import re
from typing import NamedTuple


class Given(NamedTuple):
    # The name of the value tested: `seed` for args.seed, cfg["seed"], "seed" in cfg (several values a
    # test needs together joined by "|")
    option: str
    # The object it is read from as written (`args`, `config`), the call a local name was assigned
    # from (`setup_seed(config)`), or '' for a bare name.
    source: str


# torch's backend modules, whose attributes are the library's own state, not a run's options
_LIBRARY_STATE = re.compile(r"^(torch\.backends(\.\w+)?|torch\.cuda|cudnn)$")


def _value(node: ast.expr, derived: dict, depth: int = 0) -> Given | None:
    """The value an expression reads: ``args.seed``, ``cfg["seed"]``, ``cfg.get("seed")``,
    ``getattr(args, "seed", None)``, or a bare name (followed once to what it was assigned from)."""
    if isinstance(node, ast.Attribute):
        base = _text(node.value)
        if _LIBRARY_STATE.search(base):
            return None  # torch.backends.cudnn.enabled: the library's own state, on unless turned off
        return Given(node.attr, base)
    if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant):
        key = node.slice.value
        return Given(key, _text(node.value)) if isinstance(key, str) else None
    if isinstance(node, ast.Call):
        func = node.func
        key = node.args[0] if node.args else None
        if isinstance(func, ast.Attribute) and func.attr == "get" and _str(key):
            return Given(key.value, _text(_unwrapped(func.value)))
        if isinstance(func, ast.Name) and func.id == "getattr" and len(node.args) > 1 and _str(node.args[1]):
            return Given(node.args[1].value, _text(node.args[0]))
        return None
    if isinstance(node, ast.Name):
        src = derived.get(node.id)
        if depth == 0 and isinstance(src, ast.Call):
            # seed = dict(config).get("seed", None) ... if seed is None: return
            inner = _value(src, derived, 1)
            if inner is not None:
                return inner
            # deterministic = setup_seed(config) ... if deterministic: the call decides
            return Given(node.id, _text(src))
        return Given(node.id, "")
    return None


def given_test(test: ast.expr, derived: dict) -> Given | None:
    """The value a test requires to be given: true only when it is (``x is not None``, ``"k" in cfg``,
    ``hasattr(cfg, "k")``, ``cfg.get("k")``, ``x``); a conjunction when one of its parts is."""
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And):
        # `args.cuda and args.cuda_deterministic`: every part must hold; the names joined by "|"
        parts = [g for g in (given_test(v, derived) for v in test.values) if g]
        return _joined(parts)
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        return absent_test(test.operand, derived)
    if isinstance(test, (ast.Name, ast.Attribute, ast.Subscript)):
        return _value(test, derived)
    if isinstance(test, ast.Compare) and len(test.ops) == 1:
        op, right = test.ops[0], test.comparators[0]
        if isinstance(op, (ast.IsNot, ast.NotEq)) and _none(right):
            return _value(test.left, derived)
        if isinstance(op, (ast.Gt, ast.GtE, ast.NotEq)) and _number(right):
            # `if opt.seed > 0:` / `if seed != -1:`: a value past a sentinel; the shipped default
            # decides whether it is given (a -1 default leaves the runs unseeded)
            return _value(test.left, derived)
        if (
            isinstance(op, ast.In)
            and _str(test.left)
            and not isinstance(right, (ast.List, ast.Tuple, ast.Set))
            and not _loaded_modules(right)
            and _options_like(right)
        ):
            return Given(test.left.value, _text(_unwrapped(right)))
        return None
    if isinstance(test, ast.Call):
        func = test.func
        if isinstance(func, ast.Name) and func.id == "hasattr" and len(test.args) > 1 and _str(test.args[1]):
            return Given(test.args[1].value, _text(test.args[0]))
        if isinstance(func, ast.Attribute) and func.attr == "get":
            return _value(test, derived)
    return None


def absent_test(test: ast.expr, derived: dict) -> Given | None:
    """The value a test finds missing: true when it is not given (``x is None``, ``not x``,
    ``"k" not in cfg``, ``not hasattr(cfg, "k")``); a disjunction when one of its parts is (the last
    such part names the value: ``not hasattr(args, "seed") or args.seed is None``)."""
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.Or):
        # `not hasattr(args, "seed") or args.seed is None`: what follows needs every part given
        parts = [g for g in (absent_test(v, derived) for v in test.values) if g]
        return _joined(parts)
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        return given_test(test.operand, derived)
    if isinstance(test, ast.Compare) and len(test.ops) == 1:
        op, right = test.ops[0], test.comparators[0]
        if isinstance(op, (ast.Is, ast.Eq)) and _none(right):
            return _value(test.left, derived)
        if (
            isinstance(op, ast.NotIn)
            and _str(test.left)
            and not _loaded_modules(right)
            and _options_like(right)
        ):
            return Given(test.left.value, _text(_unwrapped(right)))
    return None


# what holds a run's settings: cfg, config["train"], self.opt, args, kwargs, hparams
_OPTIONS_HOLDER = re.compile(
    r"(^|[._\['\"])(cfg|conf|config(uration)?s?|args|opts?|options|params|hparams|hyper\w*|settings|kwargs|flags|"
    r"spec)(?![a-z])",
    re.I,
)


def _options_like(node: ast.expr) -> bool:
    """`"seed" in cfg`, `"seed" in hps`: a key looked up among the settings, unless the object is plainly the
    data (`'edge' in split_edge['train']`, `"image" in batch`: which fields a sample or a split has, whatever
    any run is given)."""
    node = _unwrapped(node)
    if _OPTIONS_HOLDER.search(_text(node)):
        return True
    if isinstance(node, ast.Subscript):
        return False  # an entry of something else: split_edge['train'], data[0]
    return not _DATA_HOLDER.search(_text(node))


# what holds samples or model state: batch, sample, data, inputs, graph, split, state_dict, checkpoint
_DATA_HOLDER = re.compile(
    r"(^|[._])(batch|samples?|data(set)?|inputs?|outputs?|targets?|items?|examples?|records?|rows?|graphs?|"
    r"splits?|edges?|nodes?|feats?|features|state_dict|checkpoint|ckpt|weights|results?|preds?|predictions)\b",
    re.I,
)


def _loaded_modules(node: ast.expr) -> bool:
    """``sys.modules``: `'torch' in sys.modules` asks whether the program uses a library, not whether
    an option is given."""
    return _text(node) in ("sys.modules", "modules")


def _joined(parts: list) -> Given | None:
    """One Given for several values that must all be given, names and sources joined by "|" (each
    value once: `hasattr(args, "seed") and args.seed is not None` needs only `seed`)."""
    seen = {}
    for g in parts:
        seen.setdefault(g.option, g.source)
    if not seen:
        return None
    return Given("|".join(seen), "|".join(seen.values()))


def returns_early(body: list) -> bool:
    """A branch that leaves the function (``return``, ``return False``) without failing the run."""
    return bool(body) and isinstance(body[-1], ast.Return)


def _unwrapped(node: ast.expr) -> ast.expr:
    """``dict(config)`` / ``vars(args)`` read the same values as ``config`` / ``args``."""
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in ("dict", "vars")
        and len(node.args) == 1
    ):
        return node.args[0]
    return node


def _text(node: ast.expr) -> str:
    try:
        return ast.unparse(node)[:60]
    except Exception:  # noqa: BLE001 - a node ast cannot print names no source
        return ""


def _none(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value is None


def _number(node) -> bool:
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        node = node.operand
    return isinstance(node, ast.Constant) and type(node.value) in (int, float)


def _str(node) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)
