"""Self-evolution telemetry: one entry per run in the project's Claude Code memory directory.

The entry format is the seed's (``telemetry/README.md`` describes it)::

    ### /experiment-tracking — 2025-01-15
    - Outcome: SUCCESS
    - Self-healed: yes — re-scanned notebooks/ | no
    - Iterations used: 1 / 2
    - Bottleneck: none
    - Suggestion: none

Public API::

    find_memory_dir(project=None, env=None, home=None) -> Path | None
    format_entry(outcome, self_healed, iterations, max_iterations=2, bottleneck="none",
                 suggestion="none", date=None, skill="experiment-tracking") -> str
    append_entry(entry_text, memory_dir) -> Path       # atomic, never rewrites the file
    record(outcome, ..., project=None, env=None) -> Path | None   # find + format + append
    outcome_for(report_written, gaps_remaining, open_questions=0) -> "SUCCESS" | "PARTIAL" | "FAILED"
    report_review(report_text, root=None) -> ReportCheck   # gaps (with --root evidence checks),
                                                           # review questions asked/answered, overrides
    parse_entries(text, skill="experiment-tracking") -> list[dict]  # tolerant, for /evolve

The memory directory is located the way Claude Code names project directories: the git
repository's main worktree root (else the directory itself), ``os.path.realpath`` + Unicode NFC,
every character outside ``[A-Za-z0-9]`` replaced by ``-``; names longer than 200 characters are
cut to 200 and matched by that prefix. The base is ``$CLAUDE_CONFIG_DIR/projects`` (else
``~/.claude/projects``); ``CLAUDE_CODE_PROJECT_DIR_NAME`` overrides the name. The memory dir is
``<base>/<name>/memory/``; when it does not exist, nothing is written.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

SKILL = "experiment-tracking"
OUTCOMES = ("SUCCESS", "PARTIAL", "FAILED")
TELEMETRY_FILE = "skill-telemetry.md"
MAX_NAME = 200


# --------------------------------------------------------------------------------------------
# Locating the memory directory
# --------------------------------------------------------------------------------------------


def project_root(start: str | os.PathLike) -> Path:
    """The main worktree root of the git repository containing ``start``, else ``start``.

    Reads ``.git`` files directly (no git binary): a linked worktree's ``.git`` file points at
    ``<common>/worktrees/<name>``, whose ``commondir`` leads to the main repository.
    """
    start_path = Path(os.path.realpath(start))
    here = start_path if start_path.is_dir() else start_path.parent
    for d in (here, *here.parents):
        dotgit = d / ".git"
        if dotgit.is_dir():
            return d
        if dotgit.is_file():
            main = _main_root_from_gitfile(dotgit)
            return main if main is not None else d
    return here


def _main_root_from_gitfile(dotgit: Path) -> Path | None:
    try:
        first = dotgit.read_text(encoding="utf-8", errors="replace").splitlines()[0]
    except (OSError, IndexError):
        return None
    if not first.startswith("gitdir:"):
        return None
    gitdir = Path(first[len("gitdir:") :].strip())
    if not gitdir.is_absolute():
        gitdir = dotgit.parent / gitdir
    gitdir = Path(os.path.realpath(gitdir))
    commondir_file = gitdir / "commondir"
    if not commondir_file.is_file():
        return None  # a submodule or a plain gitdir link: the directory itself is the project
    try:
        common = Path(commondir_file.read_text(encoding="utf-8").strip())
    except OSError:
        return None
    if not common.is_absolute():
        common = gitdir / common
    common = Path(os.path.realpath(common))
    # Main worktree of a non-bare repository: the directory holding the common .git dir.
    return common.parent if common.name == ".git" else None


def project_dir_name(project: str | os.PathLike) -> str:
    """Claude Code's directory name for a project path (before the 200-character cut)."""
    path = unicodedata.normalize("NFC", os.path.realpath(project))
    return re.sub(r"[^A-Za-z0-9]", "-", path)


def projects_base(env: Mapping[str, str] | None = None, home: str | os.PathLike | None = None):
    env = os.environ if env is None else env
    config = env.get("CLAUDE_CONFIG_DIR")
    if config:
        return Path(config).expanduser() / "projects"
    return Path(home if home is not None else Path.home()) / ".claude" / "projects"


def find_memory_dir(
    project: str | os.PathLike | None = None,
    env: Mapping[str, str] | None = None,
    home: str | os.PathLike | None = None,
) -> Path | None:
    """The project's existing ``memory/`` directory, or None when there is none."""
    env = os.environ if env is None else env
    base = projects_base(env, home)
    override = env.get("CLAUDE_CODE_PROJECT_DIR_NAME")
    if override:
        mem = base / override / "memory"
        return mem if mem.is_dir() else None
    name = project_dir_name(project_root(project if project is not None else os.getcwd()))
    if len(name) <= MAX_NAME:
        mem = base / name / "memory"
        return mem if mem.is_dir() else None
    prefix = name[:MAX_NAME]
    try:
        candidates = sorted(p for p in base.iterdir() if p.name.startswith(prefix))
    except OSError:
        return None
    for cand in candidates:
        if (cand / "memory").is_dir():
            return cand / "memory"
    return None


# --------------------------------------------------------------------------------------------
# Formatting and appending
# --------------------------------------------------------------------------------------------


def _one_line(value: object) -> str:
    return " ".join(str(value).split())


def normalise_outcome(outcome: str) -> str:
    o = _one_line(outcome).upper()
    if o not in OUTCOMES:
        raise ValueError(f"outcome must be one of {', '.join(OUTCOMES)}, not {outcome!r}")
    return o


def normalise_self_healed(value: str | bool | None) -> str:
    """'no' | 'yes — what was healed'. Accepts 'yes: x', 'yes - x', a bare description, bools."""
    if value is None or value is False:
        return "no"
    if value is True:
        return "yes"
    v = _one_line(value)
    if not v or v in ("0", "-") or re.match(r"^(?:no|none|false|n/a)\b", v, re.IGNORECASE):
        return "no"
    m = re.match(r"^(?:yes|true)\s*\((.*)\)$", v, re.IGNORECASE) or re.match(
        r"^(?:yes|true)\b\s*(?:[—–:-]+|,)?\s*(.*)$", v, re.IGNORECASE
    )
    if m:
        what = m.group(1).strip()
        return f"yes — {what}" if what else "yes"
    return f"yes — {v}"


def format_entry(
    outcome: str,
    self_healed: str | bool | None,
    iterations: int,
    max_iterations: int = 2,
    bottleneck: str | None = "none",
    suggestion: str | None = "none",
    date: _dt.date | str | None = None,
    skill: str = SKILL,
    check: ReportCheck | None = None,
) -> str:
    """The seed's entry, one field per line, ending with a newline. With ``check`` (what the final
    report says, see :func:`report_review`) four more lines record the review loop; parsers that
    know only the seed's fields keep them as extra fields."""
    if isinstance(iterations, bool) or not isinstance(iterations, int) or iterations < 0:
        raise ValueError(f"iterations must be a non-negative integer, not {iterations!r}")
    if isinstance(max_iterations, bool) or not isinstance(max_iterations, int) or max_iterations < 1:
        raise ValueError(f"max iterations must be a positive integer, not {max_iterations!r}")
    if iterations > max_iterations:
        raise ValueError(f"iterations used ({iterations}) exceed the maximum ({max_iterations})")
    if date is None:
        date = _dt.date.today()
    if isinstance(date, str):
        date = _dt.date.fromisoformat(date.strip())
    return (
        f"### /{skill} — {date.isoformat()}\n"
        f"- Outcome: {normalise_outcome(outcome)}\n"
        f"- Self-healed: {normalise_self_healed(self_healed)}\n"
        f"- Iterations used: {iterations} / {max_iterations}\n"
        f"- Bottleneck: {_one_line(bottleneck or '') or 'none'}\n"
        f"- Suggestion: {_one_line(suggestion or '') or 'none'}\n"
        + (check.entry_lines() if check is not None else "")
    )


def append_entry(entry: str, memory_dir: str | os.PathLike) -> Path:
    """Append ``entry`` to ``memory_dir/skill-telemetry.md`` atomically.

    One ``os.write`` of the whole entry on an ``O_APPEND`` descriptor, under an exclusive
    ``flock``, so concurrent writers never interleave; existing bytes are never rewritten. A
    blank line separates the entry from what precedes it.
    """
    path = Path(memory_dir) / TELEMETRY_FILE
    data = entry if entry.endswith("\n") else entry + "\n"
    fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        _lock(fd)
        try:
            size = os.fstat(fd).st_size
            tail = os.pread(fd, 2, size - 2) if size >= 2 else os.pread(fd, size, 0)
            if size == 0 or tail.endswith(b"\n\n"):
                prefix = ""
            elif tail.endswith(b"\n"):
                prefix = "\n"
            else:
                prefix = "\n\n"
            payload = (prefix + data).encode("utf-8")
            written = os.write(fd, payload)
            while written < len(payload):  # a short write on a regular file is rare; finish it
                written += os.write(fd, payload[written:])
            os.fsync(fd)
        finally:
            _unlock(fd)
    finally:
        os.close(fd)
    return path


def _lock(fd: int) -> None:
    try:
        import fcntl
    except ImportError:  # Windows: O_APPEND + one write is the guarantee left
        return
    fcntl.flock(fd, fcntl.LOCK_EX)


def _unlock(fd: int) -> None:
    try:
        import fcntl
    except ImportError:
        return
    fcntl.flock(fd, fcntl.LOCK_UN)


def outcome_for(report_written: bool, gaps_remaining: int, open_questions: int = 0) -> str:
    """The outcome from a run's result: no report -> FAILED; gaps left (the validator's, evidence
    verification included) or review questions unanswered -> PARTIAL; else SUCCESS."""
    if not report_written:
        return "FAILED"
    return "SUCCESS" if gaps_remaining == 0 and open_questions == 0 else "PARTIAL"


@dataclass
class ReportCheck:
    """What the final report says about the loop: the validator's gaps and the review questions."""

    gaps: list = field(default_factory=list)  # validate.Gap, evidence verification included when rooted
    verified: bool = False  # the evidence was checked against the repository (--root)
    asked: int = 0  # review questions raised: answered + still open
    answered: int = 0
    overrides: int = 0
    added: int = 0
    stale: int = 0

    @property
    def open(self) -> int:
        return self.asked - self.answered

    def outcome(self, report_written: bool = True) -> str:
        if not report_written:
            return "FAILED"
        return "SUCCESS" if self.verified and not self.gaps and not self.open else "PARTIAL"

    def why_not_success(self) -> str:
        why = []
        if not self.verified:
            why.append("evidence not verified against the repository (--root)")
        if self.gaps:
            why.append(f"{len(self.gaps)} validator gap(s), first: {self.gaps[0]}")
        if self.open:
            why.append(f"{self.open} review question(s) unanswered")
        return "; ".join(why)

    def entry_lines(self) -> str:
        verified = (
            "no" if not self.verified else ("yes" if not self.gaps else f"yes, {len(self.gaps)} gap(s)")
        )
        return (
            f"- Review questions: {self.asked} asked / {self.answered} answered\n"
            f"- Overrides: {self.overrides}\n"
            f"- Added findings: {self.added}\n"
            f"- Evidence verified: {verified}\n"
        )


def report_review(text: str, root: str | os.PathLike | None = None) -> ReportCheck:
    """The validator's gaps (``root``: with evidence verification) and the review loop's counts,
    read from a report: answers applied in its Analyst Review block, questions still open."""
    from .judgements import read_review
    from .validate import report_facts, validate_report

    gaps = validate_report(text, root)
    block = read_review(text)
    open_items = [q for q in (report_facts(text).get("review_questions") or []) if "?" in q]
    applied = [j for j in block.judgements if j.state != "invalid"]
    answered = sum(1 for j in applied if j.kind == "answers")
    return ReportCheck(
        gaps=gaps,
        verified=root is not None,
        asked=answered + len(open_items),
        answered=answered,
        overrides=sum(1 for j in applied if j.kind == "overrides"),
        added=sum(1 for j in applied if j.kind == "added"),
    )


def record(
    outcome: str,
    self_healed: str | bool | None,
    iterations: int,
    max_iterations: int = 2,
    bottleneck: str | None = "none",
    suggestion: str | None = "none",
    *,
    project: str | os.PathLike | None = None,
    env: Mapping[str, str] | None = None,
    home: str | os.PathLike | None = None,
    date: _dt.date | str | None = None,
    check: ReportCheck | None = None,
) -> Path | None:
    """Format and append one entry if the project has a memory directory; else return None.

    Raises ValueError for invalid values (checked even when nothing is written).
    """
    entry = format_entry(
        outcome, self_healed, iterations, max_iterations, bottleneck, suggestion, date, check=check
    )
    mem = find_memory_dir(project, env, home)
    if mem is None:
        return None
    return append_entry(entry, mem)


# --------------------------------------------------------------------------------------------
# Parsing (tolerant of hand-edited entries)
# --------------------------------------------------------------------------------------------

_HEAD_RE = re.compile(
    r"^#{2,4}\s*/?(?P<skill>[A-Za-z0-9][\w.-]*)\s*(?:[—–:|]|-{1,2})?\s*(?P<date>.*?)\s*#*\s*$"
)
_FIELD_RE = re.compile(
    r"^\s*[-*+]\s+(?:\*\*(?P<bkey>[A-Za-z][A-Za-z _-]*?)\s*(?::\*\*|\*\*\s*:)"
    r"|(?P<key>[A-Za-z][A-Za-z _-]*?)\s*:)\s?(?P<val>.*)$"
)
_KEYS = {
    "outcome": "outcome",
    "result": "outcome",
    "status": "outcome",
    "self healed": "self_healed",
    "selfhealed": "self_healed",
    "healed": "self_healed",
    "iterations used": "iterations",
    "iterations": "iterations",
    "iteration": "iterations",
    "bottleneck": "bottleneck",
    "suggestion": "suggestion",
    "suggestions": "suggestion",
}


def _parse_date(raw: str) -> str | None:
    m = re.search(r"(\d{4})-(\d{1,2})-(\d{1,2})", raw)
    if not m:
        return None
    try:
        return _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
    except ValueError:
        return None


def _blank(skill: str, date_raw: str, line: int) -> dict:
    return {
        "skill": skill,
        "date": _parse_date(date_raw),
        "date_raw": date_raw,
        "outcome": None,
        "self_healed": None,
        "healed": None,
        "iterations": None,
        "max_iterations": None,
        "bottleneck": None,
        "suggestion": None,
        "extra": {},
        "problems": [],
        "line": line,
    }


def _apply_field(entry: dict, key: str, val: str) -> None:
    val = val.strip()
    norm_key = re.sub(r"[\s_-]+", " ", key.strip().lower())
    field = _KEYS.get(norm_key) or _KEYS.get(norm_key.replace(" ", ""))
    if field is None:
        entry["extra"][key.strip()] = val
        return
    bold = re.fullmatch(r"\*\*(.+?)\*\*", val)
    if bold and field in ("outcome", "self_healed", "iterations"):  # '- Outcome: **FAILED**'
        val = bold.group(1).strip()
    if field == "outcome":
        word = re.search(r"[A-Za-z]+", val)
        o = word.group(0).upper() if word else ""
        o = {"SUCCEEDED": "SUCCESS", "PASS": "SUCCESS", "FAIL": "FAILED", "FAILURE": "FAILED"}.get(o, o)
        if o in OUTCOMES:
            entry["outcome"] = o
        else:
            entry["outcome"] = None
            entry["problems"].append(f"unknown outcome {val!r}")
    elif field == "self_healed":
        norm = normalise_self_healed(val)
        entry["self_healed"] = norm != "no"
        entry["healed"] = norm[len("yes — ") :] if norm.startswith("yes — ") else None
    elif field == "iterations":
        m = re.match(r"\s*(\d+)\s*(?:(?:/|of|out of)\s*(\d+))?", val)
        if m:
            entry["iterations"] = int(m.group(1))
            entry["max_iterations"] = int(m.group(2)) if m.group(2) else None
        else:
            entry["problems"].append(f"unreadable iterations {val!r}")
    else:
        entry[field] = val or None


def parse_entries(text: str, skill: str | None = SKILL) -> list[dict]:
    """Entries of ``skill`` (all skills when None) in file order.

    Tolerates hand edits: other heading levels, ``-``/``–``/``:`` separators, bold keys, ``*``
    bullets, ``1/2`` or ``1 of 2``, extra fields (kept in ``extra``) and missing fields (None).
    Unreadable values are listed in ``problems`` instead of raising.
    """
    entries: list[dict] = []
    cur: dict | None = None
    for n, line in enumerate(text.replace("\r\n", "\n").split("\n"), start=1):
        stripped = line.strip()
        head = _HEAD_RE.match(stripped) if stripped.startswith("#") else None
        if head and (stripped.lstrip("#").lstrip().startswith("/") or _parse_date(head.group("date"))):
            cur = _blank(head.group("skill"), head.group("date").strip(), n)
            entries.append(cur)
            continue
        if stripped.startswith("#"):
            cur = None  # some other heading ends the entry
            continue
        if cur is None:
            continue
        m = _FIELD_RE.match(line)
        if m:
            _apply_field(cur, m.group("bkey") or m.group("key"), m.group("val"))
    out = []
    for e in entries:
        if skill is not None and e["skill"] != skill:
            continue
        if e["date"] is None:
            e["problems"].append(f"unreadable date {e['date_raw']!r}")
        for f in ("outcome", "self_healed", "iterations"):
            if e[f] is None and not any(p.startswith(f"unknown {f}") for p in e["problems"]):
                e["problems"].append(f"missing {f.replace('_', '-')}")
        out.append(e)
    return out
