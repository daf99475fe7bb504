"""The project's own classes that hold a run's options: what they write of themselves is the whole config.

A research project often wraps its options in a class: a subclass of an options library's class
(``class Parser(Tap)``), a class whose method parses the command line (``self.opt =
self.parser.parse_args()``), or a dataclass handed to a parser (``tyro.cli(TrainConfig)``). Its
methods write the object itself (``super().save(path)``, ``json.dump(vars(self), f)``,
``asdict(self)``): every option of the run, wherever the class is used. The index marks such writes
with their class (``writes.self_mark``); this module decides, across the project, which classes hold
options, and so which of those writes are the run's whole configuration.
"""

from __future__ import annotations

import re

from .index.writes import SELF_MARK

# Library classes whose instances are the parsed options (or the parser that returns itself as them).
_OPTION_BASES = re.compile(
    r"(^|\.)(tap\.Tap|Tap|argparse\.ArgumentParser|argparse\.Namespace|configargparse\.\w*ArgParser|"
    r"simple_parsing\.\w+|jsonargparse\.\w+|pydantic_settings\.BaseSettings|pydantic\.BaseSettings|"
    r"ml_collections\.ConfigDict|ml_collections\.config_dict\.ConfigDict|omegaconf\.DictConfig)$"
)
# Calls that parse the command line (or a config) into the object that holds the run's options.
_PARSES = re.compile(r"(parse_args|parse_known_args|parse_args_into_dataclasses)$")
# Calls that build the options from a class they are handed (tyro.cli(TrainConfig)).
_BUILDS_FROM_CLASS = re.compile(
    r"^(tyro\.cli|tyro\.conf\.\w+|simple_parsing\.parse|pyrallis\.parse|draccus\.parse|omegaconf\.OmegaConf\.structured|"
    r"OmegaConf\.structured|transformers\.HfArgumentParser|jsonargparse\.CLI|jsonargparse\.auto_cli)$"
)
_MARK = re.compile(re.escape(SELF_MARK) + r"(?:\.(\w+))?:(\w+)$")
# An instance's item or attribute set (`config[name] = FLAGS[name].value`, `cfg.lr = args.lr`): the class
# of the instance, when the value is read from the parsed command line
_FILLED_INSTANCE = re.compile(r"^(?:[\w.]+\.)?(\w+)\(\)(\[\]|\.\w+)$")
_FROM_COMMAND_LINE = re.compile(r"(^|\.)FLAGS\b|parse_args\(\)|parse_known_args\(\)")


def self_marks(roots: tuple) -> list[tuple[str, str]]:
    """(class, attribute or "") of each self-marker root of a write."""
    out = []
    for r in roots:
        m = _MARK.match(r) if r.startswith(SELF_MARK) else None
        if m:
            out.append((m.group(2), m.group(1) or ""))
    return out


def option_classes(ctx) -> dict[str, frozenset]:
    """Class name -> the attributes of its instances that hold parsed options (``self.opt =
    parser.parse_args()``), for every project class that holds the run's options (with ``_PARSER_ONLY``
    for a class known only by a method that parses, see ``whole_self``). Classes are named by
    their last segment: a subclass in a script (``class Parser(utils.Parser)``) extends the class of the
    package, and options classes beget options classes."""
    cached = getattr(ctx, "_et_option_classes", None)
    if cached is not None and cached[0] is ctx.index:
        return cached[1]
    classes: dict[str, set] = {}
    bases: dict[str, set] = {}
    based: set = set()  # subclasses of an options library's class
    parsers: set = set()  # classes with a method that parses: they may hold more than the options
    for m in ctx.index.modules.values():
        for cls, base, _line, _cell in m.bases:
            bases.setdefault(cls, set()).add(base)
            if _OPTION_BASES.search(base):
                based.add(cls)
        spans = m.classes
        if spans:
            for c in m.calls:
                if _PARSES.search(c.name):
                    for cls, start, cell, end in spans:
                        if cell == c.cell and start < c.line <= end:
                            parsers.add(cls)
            for a in m.assigns:
                text = getattr(a.value, "text", "")
                if (
                    a.target.startswith("self.")
                    and a.target.count(".") == 1
                    and _PARSES.search(text.removesuffix("()"))
                ):
                    for cls, start, cell, end in spans:
                        if cell == a.cell and start < a.line <= end:
                            parsers.add(cls)
                            classes.setdefault(cls, set()).add(a.target[5:])
        for c in m.calls:
            if _BUILDS_FROM_CLASS.search(c.name):
                for v in (*c.args, *(v for _k, v in c.kwargs)):
                    for x in v if isinstance(v, list) else [v]:
                        text = getattr(x, "text", "")
                        if text and "(" not in text:
                            based.add(text.rsplit(".", 1)[-1])
    # def get_config(): config = Config(options); config[name] = FLAGS[name].value: a class of the project
    # filled from the command line holds the run's options, whatever it is named
    # ... by name (config[name] = FLAGS[name].value), or three of its fields or more; not a model given one
    # option (model.temperature = args.temperature)
    project = {cls for m in ctx.index.modules.values() for cls, _s, _c, _e in m.classes}
    fields: dict[str, set] = {}
    for m in ctx.index.modules.values():
        for a in m.assigns:
            filled = _FILLED_INSTANCE.match(a.target)
            if (
                filled
                and filled.group(1) in project
                and _FROM_COMMAND_LINE.search(getattr(a.value, "text", ""))
            ):
                fields.setdefault(filled.group(1), set()).add(filled.group(2))
    based |= {cls for cls, held in fields.items() if "[]" in held or len(held) >= 3}
    for cls in based:
        classes.setdefault(cls, set())
    for cls in parsers - based:
        classes.setdefault(cls, set()).add(_PARSER_ONLY)
    # Subclasses of an options class hold options too (to a fixed point; class names are few).
    changed = True
    while changed:
        changed = False
        for cls, bs in bases.items():
            parent = next((b.rsplit(".", 1)[-1] for b in sorted(bs) if b.rsplit(".", 1)[-1] in classes), None)
            if cls not in classes and parent is not None:
                classes[cls] = set(classes[parent])
                changed = True
    out = {k: frozenset(v) for k, v in classes.items()}
    ctx._et_option_classes = (ctx.index, out)
    return out


def whole_self(w, options: dict) -> bool:
    """The write ``w`` serialises an object that holds the run's options, whole: ``self`` in a method of
    an options class, or the attribute of it that holds the parsed options (``vars(self.opt)``). A class
    known only because one of its methods parses the command line (a trainer that keeps its arguments)
    pickling itself writes a checkpoint, not its options."""
    for cls, attr in self_marks(w.roots):
        held = options.get(cls)
        if held is None:
            continue
        if attr:
            if attr in held:
                return True
        elif not (_PARSER_ONLY in held and w.call.endswith(_PICKLERS)):
            return True
    return False


_PARSER_ONLY = "<parses>"
_PICKLERS = ("torch.save", "pickle.dump", "joblib.dump", "dill.dump", "cloudpickle.dump", "save_on_master")
