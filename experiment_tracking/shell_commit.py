"""Launch scripts that write the checked-out commit into a run's folder.

A research project often starts its runs from a shell script that makes the run's folder and records
the code there before training: ``git rev-parse HEAD > "$out/commit"``, ``git log -1 | tee -a
"$out/version"``, or a script of its own that prints the commit, status and diff, sourced or run in a
block whose output goes to a file (``{ source lib/describe_version.sh; } > >(tee -a "$dir/version")``).
Every run launched that way keeps the commit of its code beside its results.
"""

from __future__ import annotations

import re

from .model import Evidence
from .shell_logs import block_output

_SHELL = (".sh", ".bash")
# the output of a line or a block sent to a file: `> f`, `>> f`, `| tee [-a] f`, `> >(tee -a f)`
# (not a device: /dev/null, /dev/stderr; not a scratch file under /tmp)
_TO_FILE = re.compile(
    r"(?:>>?\s*(?!&|/dev/|/tmp/|\s*>?\()[\"']?[$\w./{}~-]+|\|\s*tee\s+(?:-a\s+)?\S+|>\s*>\(\s*tee\s)"
)
# a script run or sourced by name: `source x.sh`, `. x.sh`, `bash x.sh`, `source_lib "x.sh"`
_RUNS_SCRIPT = re.compile(r"(?:^|[\s;{(])[\"']?(?:[$\w./{}-]*/)?([\w.-]+\.(?:sh|bash))\b")


# The command that prints the commit's hash: rev-parse (HEAD, --short HEAD), describe, a log of one entry
# printed whole or as %H/%h; not a commit's message (`git log --format=%B -n 1`), not the branch
_READS_COMMIT = re.compile(
    r"\bgit\s+(?:--no-pager\s+)?(?:rev-parse(?!\s+--(?:is-inside-work-tree|show-toplevel|git-dir|abbrev-ref|show-cdup))"
    r"|describe|log\b(?![^;&|\n]*(?:--format|--pretty)[= ]*['\"]?(?:%[^Hh]|oneline\b(?!.*-1)))[^;&|\n]*?(?:-1\b|-n\s*1\b))"
)
# a script that starts a run: python (or the interpreter held in a variable) on a script of the project,
# `eval $(echo "python" "${base}/main.py" ...)` too; not `python -m build` in a release script
_STARTS_RUN = re.compile(r"(?:\bpython[\d.]*|\$\{?PYTHON\w*\}?)[\"']?\s+(?:-u\s+)?[\"']?[$\w{}./-]*\.py\b")
# VAR=$(git rev-parse HEAD): the commit kept in a variable, written out by a later line
_COMMIT_VAR = re.compile(r"^\s*(?:export\s+|local\s+)?(\w+)=[\"']?(?:\$\(|`)")


def _redirects(line: str) -> bool:
    """The line sends its output to a file; a `>` inside a quoted string (echo "=> version") is text."""
    line = re.sub(r"\"[^\"]*\"|'[^']*'", lambda m: '"q"' if ">" in m.group(0) else m.group(0), line)
    return _TO_FILE.search(line) is not None


def _commit_lines(text: str) -> list[int]:
    return [
        i
        for i, line in enumerate(text.splitlines())
        if not line.lstrip().startswith("#") and _READS_COMMIT.search(line)
    ]


def shell_commit_captures(ctx) -> list[Evidence]:
    """Evidence of each shell script that writes the commit to a file: the line where the commit (or the
    script printing it) is sent there."""
    texts = {p: t for p, t in ctx.index.texts.items() if p.endswith(_SHELL)}
    printers = {}  # script name -> the line reading the commit, for scripts that print it
    out = []
    for path, text in sorted(texts.items()):
        lines = text.splitlines()
        for i in _commit_lines(text):
            held = _COMMIT_VAR.match(lines[i])
            if held and _STARTS_RUN.search(text):
                # COMMIT=$(git rev-parse HEAD) ... echo "$COMMIT" > "$out/commit.txt"
                use = re.compile(rf"\$\{{?{held.group(1)}\b")
                later = next(
                    (j for j in range(i + 1, len(lines)) if use.search(lines[j]) and _redirects(lines[j])),
                    None,
                )
                if later is not None:
                    out.append(Evidence(path, later + 1, "the launch script writes the git commit to a file"))
            elif _redirects(lines[i]) and _STARTS_RUN.search(text):
                out.append(Evidence(path, i + 1, "the launch script writes the git commit to a file"))
            elif "/dev/null" not in lines[i] and (
                not re.search(r"\$\(|`", lines[i]) or re.search(r"^\s*(echo|printf)\b", lines[i])
            ):
                # printed (`git rev-parse HEAD`, `echo "version: $(git rev-parse HEAD)"`), not kept in a variable
                printers.setdefault(path.rsplit("/", 1)[-1], i + 1)
    if not printers:
        return out[:2]
    for path, text in sorted(texts.items()):
        if not _STARTS_RUN.search(text):
            continue  # a CI check or a helper, not the script that starts the run
        lines = text.splitlines()
        for i, line in enumerate(lines):
            if line.lstrip().startswith("#"):
                continue
            m = _RUNS_SCRIPT.search(line)
            if m is None or m.group(1) not in printers or path.rsplit("/", 1)[-1] == m.group(1):
                continue
            if _redirects(line) or _redirects(block_output(lines, i)):
                detail = f"runs {m.group(1)} (it prints the git commit) with its output sent to a file"
                out.append(Evidence(path, i + 1, detail))
    return out[:2]
