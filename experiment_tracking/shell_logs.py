"""Launch scripts that keep a run's console output: `python -u train.py --config=... 2>&1 | tee
${model_dir}/train-$now.log` (or `> log.txt`). What the training script prints or logs to the console
(its options, its per-epoch losses) lands in that file, one per run when the name holds the launch
time. Read from the shell text; nothing is run."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .index.manifests import logical_lines
from .inventory import is_shell_script
from .model import Evidence

_RUN = re.compile(
    r"(?:\bpython\d?(?:\.\d+)?|\$\{?PYTHON\w*\}?)\s+(?:-u\s+)?(?P<script>[\w${}./-]+\.py\b|\$\{?\w+\}?)[^\n|]*?"
    r"(?:\|\s*tee\s+(?:-a\s+)?(?P<tee>[^\s;&|]+)|(?<![<>])\d?>>?\s*(?P<redir>[^\s;&|]+))"
)
# python (maybe quoted, as `eval $(echo "python" "${base}/main.py" ...)` writes it) on a script
_PLAIN_RUN = re.compile(
    r"(?:\bpython\d?(?:\.\d+)?|\$\{?PYTHON\w*\}?)[\"']?\s+(?:-u\s+)?[\"']?(?P<script>[\w${}./-]+\.py)\b"
)
# where a block's closing line sends its output: `> >(tee -a "${dir}/stdout")`, `| tee log`, `> log`
_BLOCK_TARGET = re.compile(r"tee\s+(?:-a\s+)?([^\s;&|)]+)|^\s*\d?>>?\s*(?!>?\()([^\s;&|]+)")
_BARE_VAR = re.compile(r"^\$\{?\w+\}?$")
_ASSIGNED = re.compile(r"^\s*(\w+)=([^\s;&|]+)", re.M)
_DATED = re.compile(r"\$\(\s*date\b|`date\b")


@dataclass(frozen=True)
class ConsoleLog:
    target: str  # the file, as the script names it (${model_dir}/train-$now.log)
    keeping: str  # time | named | fixed
    evidence: Evidence  # the launch line


def console_logs(ctx) -> dict[str, ConsoleLog]:
    """module path -> the file its launch script keeps its console output in; cached per audit."""
    cached = ctx.__dict__.get("_et_console_logs")
    if cached is not None:
        return cached
    out: dict[str, ConsoleLog] = {}
    modules = ctx.index.modules
    for path, text in sorted(ctx.index.texts.items()):
        if not is_shell_script(path.lower()):
            continue
        dated = {m.group(1) for m in re.finditer(r"^\s*(\w+)=\$\(\s*date\b", text, re.M)}
        # RUN_FN=${WORKDIR}/run_gen.py in each branch of an if, then `python ${RUN_FN} ... | tee ${LOG}`: the
        # variable runs whichever script a branch gave it
        values: dict[str, list[str]] = {}
        for a in _ASSIGNED.finditer(text):
            values.setdefault(a.group(1), []).append(a.group(2).strip("\"'"))
        # a command continued on the next lines (`\\`) is one command
        lines = None
        for line, command in logical_lines(text):
            found = [
                (hit.group("script"), hit.group("tee") or hit.group("redir") or "")
                for hit in _RUN.finditer(command)
            ]
            if not found:
                # `{ ... eval $(echo "python" "${base}/main.py" ...) ... } > >(tee -a "${dir}/stdout")`: a run inside
                # a block whose output the closing brace sends to a file
                plain = _PLAIN_RUN.search(command)
                if plain:
                    lines = lines if lines is not None else text.splitlines()
                    kept = _BLOCK_TARGET.search(block_output(lines, line - 1))
                    if kept:
                        found = [(plain.group("script"), kept.group(1) or kept.group(2))]
            found = [
                (s, t)
                for script, t in found
                for s in (
                    [v for v in values.get(script.strip("${}"), ()) if v.endswith(".py")]
                    if _BARE_VAR.match(script)
                    else (script,)
                )
            ]
            for script, target in found:
                target = target.strip("\"'")
                # `| tee ${LOG}` after LOG=${OUTPUT_DIR}/train.log: the file is what the one assignment names
                one = values.get(target.strip("${}"), ()) if _BARE_VAR.match(target) else ()
                if len(one) == 1:
                    target = one[0]
                if not target or target.startswith(("/dev/", "&")):
                    continue
                module = _module_for(script, modules)
                if module is None or module in out:
                    continue
                names = set(re.findall(r"\$\{?(\w+)\}?", target))
                keeping = (
                    "time" if (_DATED.search(target) or names & dated) else "named" if names else "fixed"
                )
                out[module] = ConsoleLog(
                    target,
                    keeping,
                    Evidence(path, line, f"keeps the console output of {module} in {target}"[:120]),
                )
    ctx.__dict__["_et_console_logs"] = out
    return out


def block_output(lines: list[str], i: int) -> str:
    """What follows the closing brace of the ``{ ... }`` block line ``i`` lies in (`} > >(tee -a
    "${dir}/stdout")`: where the block's output goes), '' when the line is in no block within reach."""
    depth = 0
    for j in range(i - 1, max(-1, i - 20), -1):
        s = lines[j].strip()
        if s.startswith("}"):
            depth += 1
        elif s.endswith("{"):
            if depth == 0:
                break
            depth -= 1
    else:
        return ""
    depth = 0
    for j in range(i + 1, min(len(lines), i + 40)):
        s = lines[j].strip()
        if s.endswith("{"):
            depth += 1
        elif s.startswith("}"):
            if depth == 0:
                return s[1:]
            depth -= 1
    return ""


def _module_for(script: str, modules) -> str | None:
    """The project module a launch line runs: `tool/train.py`, or `${exp_dir}/train.py` (a copy of the
    script the launcher made in the run's directory) by its file name when one module has it."""
    clean = re.sub(r"^(\./)+", "", script)
    if clean in modules:
        return clean
    name = clean.rsplit("/", 1)[-1]
    found = [p for p in modules if p == name or p.endswith("/" + name)]
    return found[0] if len(found) == 1 else None
