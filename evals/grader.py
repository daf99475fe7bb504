"""Grade an agent's run of /experiment-tracking against ``evals/evals.json`` (skill-creator format).

Each eval lists human-readable ``expectations`` and, for the deterministic ones, machine
``checks`` whose ``text`` is one of those expectations. This script evaluates the checks on the
agent's output directory and writes ``grading.json`` in the skill-creator shape::

    {"expectations": [{"text", "passed", "evidence"}],
     "summary": {"passed", "failed", "total", "pass_rate"}, ...}

Expectations without a check (judgement about the transcript) are listed under ``ungraded``
for a model grader; checks that cannot run on what was given (no transcript, output directory
is not the audited workspace) are listed under ``skipped``. Neither counts in the summary.

Usage::

    python evals/grader.py prepare --eval 1 /tmp/ws        # the case as a git repo, no expected.yaml
    # ... run the agent in /tmp/ws with the eval's prompt, save its final message ...
    python evals/grader.py grade /tmp/ws --eval 1 --transcript final_message.md
    python evals/grader.py triggers -o trigger-evals.json  # for skill-creator's description loop
    python evals/grader.py lint                            # evals.json is well-formed

``OUTPUT_DIR`` is either the audited workspace after the run (the report is then
``docs/experiment-tracking-analysis.md`` inside it) or a skill-creator ``outputs/`` directory
holding the report; a transcript is taken from ``--transcript`` or from ``transcript.md`` /
``final_message.md`` in the directory. Exit status: 0 all graded expectations passed, 1 some
failed, 2 usage error.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVALS_FILE = ROOT / "evals" / "evals.json"
REPORT = "docs/experiment-tracking-analysis.md"
TRANSCRIPT_NAMES = (
    "transcript.md",
    "transcript.txt",
    "final_message.md",
    "final_message.txt",
    "response.md",
    "console.txt",
)
CHECK_TYPES = (
    "report_exists",
    "report_valid",
    "no_secrets",
    "repo_unchanged",
    "output_block",
    "score_in_range",
    "mentions",
    "not_claimed_used",
    "summary_status",
    "focus",
    "review_answered",
)

try:
    from experiment_tracking import validate as V
except ImportError:  # run as a script from a checkout without an install
    sys.path.insert(0, str(ROOT))
    from experiment_tracking import validate as V


class Skip(Exception):
    """The check cannot run on what was given."""


# --------------------------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------------------------


def load_evals(path: Path = EVALS_FILE) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def find_eval(doc: dict, key: str | int) -> dict:
    for e in doc["evals"]:
        if str(e["id"]) == str(key) or e.get("name") == key:
            return e
    raise KeyError(f"no eval with id or name {key!r}")


def case_dir(ev: dict) -> Path | None:
    for f in ev.get("files", []):
        p = ROOT / f
        if p.is_dir():
            return p
    return None


def find_report(out: Path) -> Path | None:
    for rel in (
        REPORT,
        f"outputs/{REPORT}",
        "experiment-tracking-analysis.md",
        "outputs/experiment-tracking-analysis.md",
    ):
        if (out / rel).is_file():
            return out / rel
    hits = sorted(out.rglob("experiment-tracking-analysis.md"))
    return hits[0] if hits else None


def find_transcript(out: Path, given: Path | None) -> str | None:
    if given is not None:
        return given.read_text(encoding="utf-8", errors="replace")
    for base in (out, out / "outputs"):
        for name in TRANSCRIPT_NAMES:
            if (base / name).is_file():
                return (base / name).read_text(encoding="utf-8", errors="replace")
    return None


# --------------------------------------------------------------------------------------------
# Secrets in a fixture repository (so that none is ever printed)
# --------------------------------------------------------------------------------------------

_SECRET_PATTERNS = (
    re.compile(r"\b(AKIA[0-9A-Z]{16})\b"),
    re.compile(
        r"(?i)(?:api[_-]?key|secret(?:[_-]?access)?(?:[_-]?key)?|token|passw(?:or)?d|pwd)"
        r"[\"']?\s*[:=]\s*[\"']?([^\s\"',;#()\[\]]{8,})"
    ),
    re.compile(r"(?i)\bkey\s*=\s*[\"']([^\"']{16,})[\"']"),
    re.compile(r"[a-z][a-z0-9+.-]*://[^:/\s@]+:([^@\s]{8,})@"),
)
_NOT_SECRET = re.compile(r"(?i)^(?:os\.|\$|<|\{\{|none|null|true|false|example$|changeme|your[_-]|xxx|\*+$)")


def secrets_in(case: Path) -> dict[str, str]:
    """{secret value: 'path:line'} for credential-looking values committed in a case: AWS key
    ids, values assigned to key/secret/token/password names, passwords in URIs, private keys."""
    found: dict[str, str] = {}
    for p in sorted(case.rglob("*")):
        if not p.is_file() or p.name == "expected.yaml" or p.stat().st_size > 2_000_000:
            continue
        try:
            text = p.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        rel = p.relative_to(case).as_posix()
        in_key = False
        for n, raw in enumerate(text.splitlines(), 1):
            line = raw.replace('\\"', '"').replace("\\n", " ")  # JSON-escaped notebook source
            if "PRIVATE KEY-----" in line:
                in_key = "BEGIN" in line
                continue
            if in_key and len(line.strip()) >= 20:
                found.setdefault(line.strip(), f"{rel}:{n}")
                continue
            for pat in _SECRET_PATTERNS:
                for m in pat.finditer(line):
                    value = m.group(1).strip()
                    if len(value) >= 8 and not _NOT_SECRET.match(value):
                        found.setdefault(value, f"{rel}:{n}")
    return found


def _mask(value: str) -> str:
    return value[:3] + "…" + f"({len(value)} chars)"


# --------------------------------------------------------------------------------------------
# Report helpers
# --------------------------------------------------------------------------------------------

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")


def section_lines(text: str, key: str) -> list[str]:
    """Raw Markdown lines of one section (``key`` as in ``validate.REQUIRED_SECTIONS``)."""
    patterns = {**V.REQUIRED_SECTIONS, **V.OPTIONAL_SECTIONS}[key][1]
    lines = text.splitlines()
    out: list[str] = []
    level = None
    in_fence = False
    for ln in lines:
        if ln.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
        m = None if in_fence else _HEADING.match(ln)
        if m:
            lvl = len(m.group(1))
            if level is not None and lvl <= level:
                break
            title = re.sub(r"[^0-9a-z]+", " ", m.group(2).lower()).strip()
            title = re.sub(r"^(?:(?:phase|section|part|step)\s+)?(?:\d+(?:\s\d+)*|[ivx]+)\s+", "", title)
            if level is None and any(re.search(p, title) for p in patterns):
                level = lvl
                continue
        if level is not None:
            out.append(ln)
    return out


_CLAIM = re.compile(r"(?i)\b(used|in use|uses|active|configured|integrated|enabled|logs? to)\b")
_DISCLAIM = re.compile(
    r"(?i)\b(not|never|no|none|mentioned|declared|only in|comments?|prose|readme|docs?|strings?|"
    r"stub|probe|trap|unused|absent|commented|literal|find_spec|dependency only)\b"
)


def claimed_used(report: str, transcript: str | None, patterns: Iterable[str]) -> list[str]:
    """Lines that present a tool as in use: inventory lines and 'Tracking tools identified'."""
    pats = [re.compile(p, re.I) for p in patterns]
    hits = []
    inventory = section_lines(report, "inventory")
    tools_lines = [
        ln
        for src in (report, transcript or "")
        for ln in src.splitlines()
        if re.search(r"(?i)tracking tools identified", ln)
    ]
    for ln in inventory:
        if any(p.search(ln) for p in pats) and _CLAIM.search(ln) and not _DISCLAIM.search(ln):
            hits.append(ln.strip())
    for ln in tools_lines:
        value = ln.split(":", 1)[-1]
        if any(p.search(value) for p in pats) and not _DISCLAIM.search(value):
            hits.append(ln.strip())
    return hits


# --------------------------------------------------------------------------------------------
# Checks: each returns (passed, evidence) or raises Skip
# --------------------------------------------------------------------------------------------


class Context:
    def __init__(self, out: Path, ev: dict, transcript: str | None, case: Path | None):
        self.out, self.ev, self.transcript, self.case = out, ev, transcript, case
        self.report_path = find_report(out)
        self.report = (
            self.report_path.read_text(encoding="utf-8", errors="replace") if self.report_path else None
        )

    def need_report(self) -> str:
        if self.report is None:
            raise _Fail("no report found")
        return self.report


class _Fail(Exception):
    pass


def check_report_exists(ctx: Context, c: dict):
    if ctx.report_path is None:
        return False, f"no experiment-tracking-analysis.md under {ctx.out}"
    rel = ctx.report_path.relative_to(ctx.out).as_posix()
    return True, f"found {rel} ({len(ctx.report.splitlines())} lines)"


def _workspace_root(ctx: Context):
    """The audited repository when the output directory is it (the report at its default path):
    then the report's citations are verified against it (validate --root)."""
    if ctx.report_path is not None and ctx.report_path == ctx.out / REPORT:
        return ctx.out
    return None


def check_report_valid(ctx: Context, c: dict):
    gaps = V.validate_report(ctx.need_report(), _workspace_root(ctx))
    if not gaps:
        return True, "validate: no gaps"
    codes = sorted({g.code for g in gaps})
    if c.get("allow_data_gaps"):
        dg = V.section_text(ctx.report, "data-gaps") or ""
        words = len(re.findall(r"\w+", dg))
        if words >= 8 and not re.fullmatch(r"\W*none\W*", dg, re.I):
            return True, f"{len(gaps)} gap(s) ({', '.join(codes)}) flagged in Data Gaps ({words} words)"
    first = "; ".join(str(g) for g in gaps[:3])
    return False, f"{len(gaps)} gap(s): {first}"


def check_review_answered(ctx: Context, c: dict):
    """Every open review question was answered (in the Analyst Review block, then re-audited)."""
    open_items = [q for q in (V.report_facts(ctx.need_report()).get("review_questions") or []) if "?" in q]
    if not open_items:
        return True, "no open review question left"
    return False, f"{len(open_items)} open review question(s), first: {open_items[0][:120]}"


def check_no_secrets(ctx: Context, c: dict):
    if ctx.case is None:
        raise Skip("no case directory to read the secrets from")
    secrets = secrets_in(ctx.case)
    secrets.update({v: "evals.json" for v in c.get("values", [])})
    texts = {"report": ctx.report or "", "transcript": ctx.transcript or ""}
    leaks = [
        f"value from {where} ({_mask(v)}) in the {name}"
        for v, where in secrets.items()
        for name, t in texts.items()
        if v in t
    ]
    if leaks:
        return False, "; ".join(leaks[:5])
    checked = [n for n, t in texts.items() if t]
    return True, f"none of {len(secrets)} credential-like values appears in {' or '.join(checked)}"


def _tree(root: Path) -> dict[str, bytes]:
    out = {}
    for p in root.rglob("*"):
        rel = p.relative_to(root)
        if not p.is_file() or rel.parts[0] == ".git" or "__pycache__" in rel.parts:
            continue
        out[rel.as_posix()] = p.read_bytes()
    return out


def check_repo_unchanged(ctx: Context, c: dict):
    if ctx.case is None:
        raise Skip("no case directory to compare with")
    original = _tree(ctx.case)
    original.pop("expected.yaml", None)
    now = _tree(ctx.out)
    present = sum(1 for k in original if k in now)
    if original and present < max(1, len(original) // 2):
        raise Skip("the output directory is not the audited workspace")
    allowed = {REPORT, "grading.json", *TRANSCRIPT_NAMES}
    changed = [k for k, v in original.items() if k in now and now[k] != v]
    deleted = [k for k in original if k not in now]
    added = [k for k in now if k not in original and k not in allowed]
    problems = [f"modified {k}" for k in changed] + [f"deleted {k}" for k in deleted]
    problems += [f"added {k}" for k in added]
    if problems:
        return False, "; ".join(sorted(problems)[:8])
    return True, f"{len(original)} files unchanged; only {REPORT} written"


def check_output_block(ctx: Context, c: dict):
    t = ctx.transcript
    if t is None:
        raise Skip("no transcript or final message given")
    missing = []
    if "## Experiment Tracking Analysis Complete" not in t:
        missing.append("the heading")
    for area in V.SUMMARY_AREAS:
        if not re.search(rf"\|\s*\**{re.escape(area)}\**\s*\|\s*[^|]*\b(PASS|WARN|FAIL)\b", t, re.I):
            missing.append(f"row {area}")
    for cmd in ("/research-data-management", "/lab-automation", "/codebase-health"):
        if cmd not in t:
            missing.append(f"NEXT STEPS {cmd}")
    m = re.search(r"Reproducibility score:\s*\**(\d+)\s*/\s*30", t)
    if m is None:
        missing.append("'Reproducibility score: N/30'")
    elif ctx.report is not None:
        total = V.report_facts(ctx.report)["total"]
        if total is not None and int(m.group(1)) != total:
            missing.append(f"a score matching the report ({m.group(1)} vs {total})")
    if missing:
        return False, "missing: " + ", ".join(missing)
    return True, "heading, 8 summary rows, score and 3 next steps present"


def check_score_in_range(ctx: Context, c: dict):
    total = V.report_facts(ctx.need_report())["total"]
    if total is None:
        return False, "no readable total in the scorecard"
    ok = c["min"] <= total <= c["max"]
    return ok, f"total {total}/30 (expected {c['min']}-{c['max']})"


def check_mentions(ctx: Context, c: dict):
    report = ctx.need_report()
    where = "report"
    text = report
    if c.get("section"):
        where = f"section {c['section']}"
        sec = V.section_text(report, c["section"])
        if sec is None:
            return False, f"no {c['section']} section"
        text = sec
    missing = [p for p in c["patterns"] if not re.search(p, text, re.I)]
    if missing:
        return False, f"{where} lacks {', '.join(repr(p) for p in missing)}"
    return True, f"{where} matches {', '.join(repr(p) for p in c['patterns'])}"


def check_not_claimed_used(ctx: Context, c: dict):
    hits = claimed_used(ctx.need_report(), ctx.transcript, c["patterns"])
    if hits:
        return False, "presented as in use: " + " | ".join(h[:120] for h in hits[:3])
    return True, "not presented as in use (inventory, tools identified)"


def check_summary_status(ctx: Context, c: dict):
    row = V.report_facts(ctx.need_report())["summary"].get(c["area"])
    if row is None:
        return False, f"no {c['area']} row"
    return row["status"] in c["allowed"], f"{c['area']}: {row['status']} {row['priority']}"


def check_focus(ctx: Context, c: dict):
    focus = V.report_facts(ctx.need_report())["focus"]
    if focus is None:
        return False, "no Focus: line"
    missing = [w for w in c["contains"] if w.lower() not in focus.lower()]
    return not missing, f"Focus: {focus}" + (f" (missing {', '.join(missing)})" if missing else "")


CHECKS = {name: globals()[f"check_{name}"] for name in CHECK_TYPES}


# --------------------------------------------------------------------------------------------
# Grading
# --------------------------------------------------------------------------------------------


def grade(
    out: Path,
    ev: dict,
    transcript: str | None = None,
    case: Path | None = None,
) -> dict:
    """The grading.json document for one eval run."""
    out = Path(out)
    ctx = Context(out, ev, transcript, case if case is not None else case_dir(ev))
    results, skipped = [], []
    for c in ev.get("checks", []):
        try:
            passed, evidence = CHECKS[c["type"]](ctx, c)
        except Skip as why:
            skipped.append({"text": c["text"], "reason": str(why)})
            continue
        except _Fail as why:
            passed, evidence = False, str(why)
        results.append({"text": c["text"], "passed": bool(passed), "evidence": evidence})
    checked = {c["text"] for c in ev.get("checks", [])}
    ungraded = [e for e in ev["expectations"] if e not in checked]
    n_pass = sum(r["passed"] for r in results)
    total = len(results)
    return {
        "eval_id": ev["id"],
        "eval_name": ev.get("name", str(ev["id"])),
        "expectations": results,
        "summary": {
            "passed": n_pass,
            "failed": total - n_pass,
            "total": total,
            "pass_rate": round(n_pass / total, 2) if total else 0.0,
        },
        "skipped": skipped,
        "ungraded": ungraded,
    }


def lint(doc: dict) -> list[str]:
    """Problems of an evals.json document (shape, checks, cases, trigger queries)."""
    problems = []
    if doc.get("skill_name") != "experiment-tracking":
        problems.append("skill_name must be 'experiment-tracking'")
    evals = doc.get("evals", [])
    if len(evals) < 8:
        problems.append(f"{len(evals)} evals (at least 8)")
    ids = [e.get("id") for e in evals]
    if len(set(ids)) != len(ids) or not all(isinstance(i, int) for i in ids):
        problems.append("eval ids must be unique integers")
    for e in evals:
        where = f"eval {e.get('id')}"
        for key in ("prompt", "expected_output", "files", "expectations"):
            if not e.get(key):
                problems.append(f"{where}: missing {key}")
        for f in e.get("files", []):
            if not (ROOT / f).exists():
                problems.append(f"{where}: {f} does not exist")
        for c in e.get("checks", []):
            if c.get("type") not in CHECKS:
                problems.append(f"{where}: unknown check type {c.get('type')!r}")
            if c.get("text") not in e.get("expectations", []):
                problems.append(f"{where}: check text is not an expectation: {c.get('text')!r}")
    trig = doc.get("trigger_queries", [])
    pos = sum(1 for t in trig if t.get("should_trigger") is True)
    neg = sum(1 for t in trig if t.get("should_trigger") is False)
    if len(trig) < 16 or pos + neg != len(trig):
        problems.append(f"{len(trig)} trigger queries (at least 16, each with should_trigger)")
    if neg * 2 < len(trig):
        problems.append(f"only {neg} of {len(trig)} trigger queries are near-misses (half needed)")
    return problems


def _main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="evals/grader.py", description=__doc__.split("\n\n")[0])
    p.add_argument("--evals", type=Path, default=EVALS_FILE, help="the evals.json file")
    sub = p.add_subparsers(dest="cmd", required=True)
    g = sub.add_parser("grade", help="grade one run and write grading.json")
    g.add_argument("output_dir", type=Path)
    g.add_argument("--eval", required=True, help="eval id or name")
    g.add_argument("--transcript", type=Path, help="the agent's final message or transcript")
    g.add_argument("--case", type=Path, help="the case directory (default: the eval's files)")
    g.add_argument("--out", type=Path, help="where to write grading.json (default: OUTPUT_DIR)")
    pr = sub.add_parser("prepare", help="materialise the eval's case as a git repo (no expected.yaml)")
    pr.add_argument("--eval", required=True)
    pr.add_argument("dest", type=Path)
    t = sub.add_parser("triggers", help="print the trigger queries as a skill-creator eval set")
    t.add_argument("-o", "--output", type=Path)
    sub.add_parser("lint", help="check evals.json")
    args = p.parse_args(argv)
    try:
        doc = load_evals(args.evals)
    except (OSError, ValueError) as exc:
        print(f"grader: cannot read {args.evals}: {exc}", file=sys.stderr)
        return 2
    if args.cmd == "lint":
        problems = lint(doc)
        for line in problems:
            print(line)
        return 1 if problems else 0
    if args.cmd == "triggers":
        data = json.dumps(doc["trigger_queries"], indent=2, ensure_ascii=False) + "\n"
        if args.output:
            args.output.write_text(data, encoding="utf-8")
        else:
            sys.stdout.write(data)
        return 0
    try:
        ev = find_eval(doc, args.eval)
    except KeyError as exc:
        print(f"grader: {exc.args[0]}", file=sys.stderr)
        return 2
    if args.cmd == "prepare":
        sys.path.insert(0, str(ROOT))
        from evals.make_git import materialize

        case = case_dir(ev)
        if case is None:
            print(f"grader: eval {ev['id']} names no existing case directory", file=sys.stderr)
            return 2
        repo = materialize(case, args.dest)
        print(f"{repo}\n\nprompt: {ev['prompt']}")
        return 0
    if not args.output_dir.is_dir():
        print(f"grader: {args.output_dir} is not a directory", file=sys.stderr)
        return 2
    transcript = find_transcript(args.output_dir, args.transcript)
    result = grade(args.output_dir, ev, transcript, args.case)
    dest = args.out or args.output_dir / "grading.json"
    dest.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    s = result["summary"]
    print(f"{dest}: {s['passed']}/{s['total']} passed, {len(result['skipped'])} skipped")
    return 0 if s["failed"] == 0 else 1


if __name__ == "__main__":
    sys.exit(_main())
