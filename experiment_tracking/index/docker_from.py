"""What a Dockerfile's FROM line builds on: an image pulled from a registry, an earlier stage of the
same file (`FROM base AS python-req`, then `FROM python-req AS full`), or an image a build argument
picks (`FROM ${BASE_IMAGE}`).

Docker's rules, as far as they decide what is pulled: a FROM line sees only the ARGs declared before
the first FROM; `${X:-word}` is word when X is unset or empty, `${X:+word}` is word when X is set;
a reference without tag or digest that names an earlier stage (case-insensitively) is that stage.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass

_FROM = re.compile(r"^\s*FROM\s+(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?", re.IGNORECASE)
_ARG = re.compile(r"^\s*ARG\s+(.+)$", re.IGNORECASE)
_REF = re.compile(r"\$\{(\w+)(?::?([-+])([^}]*))?\}|\$(\w+)")
_LEFT = re.compile(r"\$\{?(\w+)")


@dataclass(frozen=True)
class From:
    ref: str  # the image as resolved, or as written where a build argument picks it
    build_args: tuple[str, ...] = ()  # the ARGs, given no default, that pick the image at build time
    stage: str = ""  # the earlier stage(s) it builds on: no image is pulled for this line


class FromReader:
    """Reads a Dockerfile's logical lines in order; ``line`` returns a ``From`` for each FROM."""

    def __init__(self) -> None:
        self.args: dict[str, str] = {}  # global ARGs; "" where no default is given
        self.stages: list[str] = []
        self.in_stage = False

    def line(self, text: str) -> From | None:
        m = _FROM.match(text)
        if m is None:
            am = _ARG.match(text)
            if am and not self.in_stage:
                self._declare(am.group(1))
            return None
        self.in_stage = True
        ref, unset = self.expand(m.group(1))
        found = From(ref, unset)
        if not unset and ref.lower() in self.stages:
            found = From(ref, (), ref.lower())
        elif unset:
            # FROM cuda${CUDA_VERSION} beside stages cuda12 and cuda13: a stage the argument picks.
            named = self._stages_matching(ref)
            if named:
                found = From(ref, unset, ", ".join(named))
        if m.group(2):
            self.stages.append(m.group(2).lower())
        return found

    def expand(self, text: str) -> tuple[str, tuple[str, ...]]:
        """``text`` with the global ARGs' defaults put in, and the ARGs left open (in order)."""
        unset: list[str] = []

        def put(m: re.Match) -> str:
            name = m.group(1) or m.group(4)
            value, op, word = self.args.get(name, ""), m.group(2), m.group(3)
            if op == "-":
                return value or word
            if op == "+" and name in self.args and value:
                return word
            if op == "+" and name in self.args:
                return ""
            if not value:
                unset.append(name)
                return m.group(0)
            return value

        out = _REF.sub(put, text)
        if not unset and "$" in out:  # a substitution form this reader does not evaluate
            unset = _LEFT.findall(out) or ["?"]
        return out, tuple(dict.fromkeys(unset))

    def _declare(self, decl: str) -> None:
        try:
            tokens = shlex.split(decl)
        except ValueError:
            tokens = decl.split()
        for token in tokens:
            name, eq, default = token.partition("=")
            if re.fullmatch(r"\w+", name):
                value, unset = self.expand(default) if eq else ("", ())
                self.args[name] = "" if unset else value

    def _stages_matching(self, ref: str) -> list[str]:
        # re.split yields the literal text at every 5th place, the captured groups between.
        literal = [p.lower() for p in _REF.split(ref)[::5]]
        if not "".join(literal).strip():
            return []
        return [s for s in self.stages if _fits(literal, s)]


def _fits(literal: list[str], name: str) -> bool:
    """Whether ``name`` is the literal parts in order with at least one character for each argument
    between them; leftmost placement decides it without backtracking, whatever the input."""
    if len(literal) == 1:
        return name == literal[0]
    if not name.startswith(literal[0]):
        return False
    pos = len(literal[0])
    for part in literal[1:-1]:
        found = name.find(part, pos + 1)
        if found < 0:
            return False
        pos = found + len(part)
    return len(name) - len(literal[-1]) >= pos + 1 and name.endswith(literal[-1])
