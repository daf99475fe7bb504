"""Reading code written for another Python than the one the auditor runs on.

Python 2 research code (print statements, ``except E, e:``, octal ``0777``), Python 3.6 code using
``async`` as a name, notebooks exported as scripts (``!pip``, ``%run`` lines) and Python 3.12 code
(f-strings reusing their quotes, PEP 701; ``type`` aliases and type parameters, PEP 695) do not parse
on this interpreter. Rather than dropping such a module, and with it the project's training code,
the lines the parser rejects are rewritten in place - every line kept where it is, so evidence keeps
its line numbers - and parsing is tried again. What was rewritten is reported (Data Gaps).
"""

from __future__ import annotations

import ast
import re

_FSTRING_START = re.compile(r"(?<![\w])(?:[rR]?[fF]|[fF][rR])(['\"])")
_TYPE_ALIAS = re.compile(r"^(\s*)type\s+([A-Za-z_]\w*)\s*(?:\[[^\]]*\])?\s*=")
_TYPE_PARAMS = re.compile(r"^(\s*(?:async\s+)?(?:def|class)\s+[A-Za-z_]\w*)\s*\[[^\]]*\]")


def _parse_newer_syntax(source: str, exc: SyntaxError, limit: int = 40):
    """Python 3.12 syntax read by an older interpreter: f-strings that reuse their own quotes
    inside braces (PEP 701), ``type X = ...`` aliases and ``def f[T]`` type parameters (PEP 695).
    The failing line is simplified in place (an f-string becomes an empty string, an alias a plain
    assignment, type parameters are dropped), keeping every line where it is, and parsing is tried
    again. Returns (tree or None, what was simplified)."""
    lines = source.split("\n")
    orig = list(lines)
    changed: list[int] = []
    py2 = False  # a line rewritten as Python 2 (`print 'x'`): the module is not Python 3.6 code
    for _ in range(limit):
        n = (exc.lineno or 0) - 1
        if not 0 <= n < len(lines):
            return None, ""
        fixed = _simplify_line(lines[n])
        if fixed == lines[n]:
            fixed = _py2_line(lines[n])
            py2 = py2 or fixed != lines[n]
        if fixed == lines[n]:
            return None, ""
        if _MAGIC.match(lines[n]):
            # `!deepspeed ... \` continued over the next lines: the whole shell command goes
            k, prev = n + 1, lines[n]
            while k < len(lines) and prev.rstrip().endswith("\\"):
                prev, lines[k] = lines[k], ""
                k += 1
        lines[n] = fixed
        changed.append(n + 1)
        try:
            tree = ast.parse("\n".join(lines))
        except SyntaxError as again:
            exc = again
            continue
        except (ValueError, RecursionError, MemoryError):
            return None, ""
        shown = ", ".join(str(x) for x in sorted(set(changed))[:5])
        what = (
            "exercise placeholders"
            if any(_EXERCISE_HOLE.search(orig[i - 1]) or _EMPTY_RIGHT.match(orig[i - 1]) for i in changed)
            # `.cuda(async=True)`: code that parses only on Python 3.6 or older (async became a keyword in 3.7)
            else ASYNC_NAME_NOTE
            if not py2 and any(_async_as_name(orig[i - 1]) for i in changed)
            else "newer or older Python syntax"
        )
        return tree, f"{what} simplified at line(s) {shown}" + (" ..." if len(set(changed)) > 5 else "")
    return None, ""


# A notebook exported as a script (Databricks, Jupytext) keeps its shell escapes and magics
# (`!deepspeed train.py`, `%pip install ...`); an IPython-only line is no statement of the module.
_MAGIC = re.compile(r"^(\s*)[!%]")
# `async` and `await` became keywords in Python 3.7: older code uses them as names (`async=True`).
_ASYNC_NAME = re.compile(r"\b(async|await)\b(?!\s+(?:def|for|with)\b)")


# Exercise placeholders in course notebooks: `tokens = <YOUR CODE>`, `<YOUR CODE: your network here>`,
# `scores = # your code here`. The student's code goes there; read the rest of the cell.
_EXERCISE_HOLE = re.compile(r"<[^<>\n]*\b(your|todo|code|fill|insert|implement)\b[^<>\n]*>", re.I)
_EMPTY_RIGHT = re.compile(r"^(\s*[\w.\[\]'\", ]+\s*=)\s*(#.*)?$")


ASYNC_NAME_NOTE = "Python 3.6 syntax (`async` or `await` as a name)"


def _async_as_name(line: str) -> bool:
    """`async` or `await` used as a name in the code of the line (`x.cuda(async=True)`), not in its strings or
    its comment ("# non_blocking: async copy")."""
    code = _STRING_OR_COMMENT.sub(" ", line)
    return bool(_ASYNC_NAME.search(code)) and not re.match(r"\s*(async\s+(def|for|with)|await\s)", code)


_STRING_OR_COMMENT = re.compile(r"'[^'\n]*'|\"[^\"\n]*\"|#.*$")


def _simplify_line(line: str) -> str:
    m = _MAGIC.match(line)
    if m:
        return f"{m.group(1)}pass  # {line.strip()[:60]}"
    if _EXERCISE_HOLE.search(line):
        return _EXERCISE_HOLE.sub("...", line)
    m = _EMPTY_RIGHT.match(line)
    if m:
        return f"{m.group(1)} ...  {m.group(2) or ''}".rstrip()
    if _async_as_name(line):
        return _ASYNC_NAME.sub(r"\1_", line)
    m = _TYPE_ALIAS.match(line)
    if m:
        return f"{m.group(1)}{m.group(2)} = None"
    m = _TYPE_PARAMS.match(line)
    if m:
        return m.group(1) + line[m.end() :]
    out, i = [], 0
    for m in _FSTRING_START.finditer(line):
        if m.start() < i:
            continue
        end = _fstring_end(line, m.end(), m.group(1))
        if end is None:
            break
        out.append(line[i : m.start()] + '""')
        i = end
    return "".join(out) + line[i:] if out else line


def _fstring_end(line: str, pos: int, quote: str) -> int | None:
    """Where a one-line f-string opened before ``pos`` ends, braces nesting any quotes."""
    depth = 0
    while pos < len(line):
        ch = line[pos]
        if ch == "\\":
            pos += 2
            continue
        if ch == "{":
            if depth == 0 and line.startswith("{{", pos):
                pos += 2
                continue
            depth += 1
        elif ch == "}":
            depth = max(0, depth - 1)
        elif ch == quote and depth == 0:
            return pos + 1
        elif ch in "'\"" and depth > 0:
            close = line.find(ch, pos + 1)
            if close < 0:
                return None
            pos = close
        pos += 1
    return None


# -- Python 2 ---------------------------------------------------------------------------------------
_PY2_MESSAGES = (
    "Missing parentheses in call to 'print'",
    "Missing parentheses in call to 'exec'",
    "multiple exception types must be parenthesized",
    "leading zeros in decimal integer literals",
    "inconsistent use of tabs and spaces",
)
_PY2_LINE = re.compile(
    r"^\s*(print\b(?!\s*\()|exec\s+[^(\s]|except\b.*,\s*\w+\s*:|raise\s+[\w.]+\s*,|from\s+__builtin__\s+import)"
    r"|<>|`|\b\d+[lL]\b|\bur['\"]"
)
# `print x` at the start of a line, or after a compound statement's header on the same line
# (`for k in d: print k, d[k]`)
_PRINT = re.compile(
    r"^(\s*(?:(?:for|if|elif|while|with|except|def|class)\b.*?:\s*|(?:else|try|finally|except)\s*:\s*)?)"
    r"print\b(?!\s*\()(?:\s*>>\s*([^,]+),)?\s*(.*?)\s*,?\s*$"
)
# `from __builtin__ import False, open`: names Python 3 reserves as keywords are dropped from the import
_KEYWORD_IMPORT = re.compile(r"^(\s*)from\s+__builtin__\s+import\s+([\w\s,]+?)\s*$")
_KEYWORDS = frozenset({"True", "False", "None"})
_EXCEPT = re.compile(r"^(\s*except\s+)(\([^)]*\)|[\w.]+)\s*,\s*([A-Za-z_]\w*)\s*:")
_RAISE = re.compile(r"^(\s*raise\s+)([\w.]+)\s*,\s*(.+?)\s*$")
_EXEC = re.compile(r"^(\s*)exec\s+(?!\()(.+?)(?:\s+in\s+(.+?))?\s*$")
_OCTAL = re.compile(r"(?<![\w.])0([0-7]+)\b(?!\.)")
_LONG = re.compile(r"\b(\d+)[lL]\b")
_BACKTICK = re.compile(r"`([^`\n]+)`")


def _python2(exc: SyntaxError, source: str) -> bool:
    if isinstance(exc, TabError) or any(m in (exc.msg or "") for m in _PY2_MESSAGES):
        return True
    lines = source.split("\n")
    n = (exc.lineno or 0) - 1
    return 0 <= n < len(lines) and bool(_PY2_LINE.search(lines[n]))


def _print_statement(line: str):
    """The match of a Python 2 print statement on the line, or None: not `print = ...`, and a compound
    statement's header before it closes every string it opens (the colon is the header's, not one inside
    a string: `msg = 'usage: print the loss'`)."""
    m = _PRINT.match(line)
    if m is None or re.match(r"\s*print\s*=", line):
        return None
    head = m.group(1)
    return m if head.count("'") % 2 == 0 and head.count('"') % 2 == 0 else None


def _py2_line(line: str) -> str:
    """One line of Python 2 as the Python 3 it means, when it is one of the common constructs."""
    m = _KEYWORD_IMPORT.match(line)
    if m:
        names = [n.strip() for n in m.group(2).split(",") if n.strip() and n.strip() not in _KEYWORDS]
        return f"{m.group(1)}from __builtin__ import {', '.join(names)}" if names else f"{m.group(1)}pass"
    m = _print_statement(line)
    if m:
        indent, target, rest = m.group(1), m.group(2), m.group(3)
        args = rest + (f", file={target.strip()}" if target else "")
        return f"{indent}print({args.lstrip(', ')})"
    m = _EXEC.match(line)
    if m:
        return f"{m.group(1)}exec({m.group(2)}" + (f", {m.group(3)})" if m.group(3) else ")")
    line = _EXCEPT.sub(lambda x: f"{x.group(1)}{x.group(2)} as {x.group(3)}:", line)
    m = _RAISE.match(line)
    if m and not m.group(3).startswith(("(", "[")) or (m and m.group(3).count(",") == 0):
        line = f"{m.group(1)}{m.group(2)}({m.group(3)})" if m else line
    line = _OCTAL.sub(r"0o\1", line)
    line = _LONG.sub(r"\1", line)
    line = _BACKTICK.sub(r"repr(\1)", line)
    return line.replace("<>", "!=").replace('ur"', 'r"').replace("ur'", "r'")


def _py2_to_3(source: str) -> str:
    """Every line rewritten by ``_py2_line``; tabs expanded as Python 2 read them (every 8 columns).
    A print statement continued with backslashes (`print "..." \\` / `% (a, b)`) is closed on its
    last line, every line kept where it is."""
    lines = source.expandtabs(8).split("\n")
    out = []
    i = 0
    while i < len(lines):
        line = lines[i]
        m = _print_statement(line)
        if m and line.rstrip().endswith("\\"):
            j = i
            while j + 1 < len(lines) and lines[j].rstrip().endswith("\\"):
                j += 1
            out.append(f"{m.group(1)}print({line[m.end(1) + len('print') :].strip()}")
            out.extend(lines[i + 1 : j])
            out.append(lines[j].rstrip().rstrip(",") + ")")
            i = j + 1
            continue
        out.append(_py2_line(line))
        i += 1
    return "\n".join(out)


def parse_with_fallback(source: str, exc: SyntaxError):
    """(tree, what was rewritten) for a module the interpreter rejected, or (None, "") when it stays
    unreadable. Python 2 is rewritten in one pass (a module has many print statements), then any
    line still rejected is tried line by line, Python 3.12 constructs included."""
    note = ""
    if _python2(exc, source):
        source = _py2_to_3(source)
        note = "Python 2 syntax read as Python 3 (print/exec statements, except and raise with commas, octal and long literals)"
        try:
            return ast.parse(source), note
        except SyntaxError as again:
            exc = again
        except (ValueError, RecursionError, MemoryError):
            return None, ""
    tree, simplified = _parse_newer_syntax(source, exc)
    if tree is None:
        return None, ""
    return tree, "; ".join(x for x in (note, simplified) if x)
