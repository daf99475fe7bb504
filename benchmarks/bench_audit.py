"""Time `discover` and `audit` on a synthetic ML repository; print per-stage times and peak RSS.

    python benchmarks/bench_audit.py [--py 5000 --notebooks 200 --yaml 1000] [--keep DIR]

Each measurement runs in a fresh child process (cold imports, no warm caches in Python) so
peak RSS is that of one audit. Numbers are reported, not asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

CHILD = r"""
import json, resource, sys, time
from experiment_tracking.audit import discover, run_audit
from experiment_tracking.report.markdown import render_markdown
root, mode, cache = sys.argv[1], sys.argv[2], (sys.argv[3] if len(sys.argv) > 3 else None)
t = time.perf_counter()
if mode == "discover":
    ctx, timings = discover(root, cache=cache)
    index = ctx.index
else:
    result = run_audit(root, cache=cache)
    t2 = time.perf_counter()
    render_markdown(result)
    timings = dict(result.timings, render=time.perf_counter() - t2)
    index = result.ctx.index
total = time.perf_counter() - t
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(json.dumps({"total": total, "timings": timings, "python_lines": index.python_lines,
                  "files": index.files_parsed, "rss_mb": rss, "child_rss_mb": children}))
"""


def measure(root: Path, mode: str, cache: str | None = None) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(root), mode, *([cache] if cache else [])],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def help_time() -> float:
    best = 1e9
    for _ in range(5):
        t = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "experiment_tracking", "--help"], capture_output=True, check=True
        )
        best = min(best, time.perf_counter() - t)
    return best


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--py", type=int, default=5000)
    ap.add_argument("--notebooks", type=int, default=200)
    ap.add_argument("--yaml", type=int, default=1000)
    ap.add_argument("--keep", default=None, help="generate into this directory and keep it")
    ap.add_argument("--repo", default=None, help="measure an existing repository instead")
    ap.add_argument("--corpus", action="store_true", help="per-stage times over the evals/ corpus instead")
    args = ap.parse_args()
    if args.corpus:
        corpus()
        return
    tmp = None
    if args.repo:
        root = Path(args.repo)
    else:
        root = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="et-bench-")) / "repo"
        if not root.exists():
            tmp = root
            subprocess.run(
                [
                    sys.executable,
                    str(HERE / "make_synthetic_repo.py"),
                    str(root),
                    "--py",
                    str(args.py),
                    "--notebooks",
                    str(args.notebooks),
                    "--yaml",
                    str(args.yaml),
                    "--git",
                ],
                check=True,
                capture_output=True,
            )
    print(f"repository: {root}")
    print(f"`experiment-tracking --help`: {help_time() * 1000:.0f} ms (best of 5)")
    for mode in ("discover", "audit"):
        m = measure(root, mode)
        lines_s = m["python_lines"] / m["timings"]["index"] if m["timings"].get("index") else 0
        stages = ", ".join(f"{k} {v:.2f}s" for k, v in m["timings"].items())
        print(
            f"{mode}: {m['total']:.2f}s wall; {m['files']} files parsed ({m['files'] / m['total']:.0f} files/s); "
            f"{m['python_lines']} Python/notebook lines ({lines_s:,.0f} lines/s in the index stage); "
            f"peak RSS {m['rss_mb']:.0f} MB (workers {m['child_rss_mb']:.0f} MB)"
        )
        print(f"  stages: {stages}")
    # The content cache: a first audit fills a fresh cache, a second one (one file changed) reads it.
    cache = tempfile.mkdtemp(prefix="et-bench-cache-")
    try:
        for label in ("audit, cache cold", "audit, cache warm (one file changed)"):
            if label.endswith("changed)"):
                touched = next(p for p in sorted(root.rglob("*.py")) if ".git" not in p.parts)
                original = touched.read_bytes()
                touched.write_bytes(original + b"\n# touched\n")
            try:
                m = measure(root, "audit", cache)
            finally:
                if label.endswith("changed)"):
                    touched.write_bytes(original)
            stages = ", ".join(f"{k} {v:.2f}s" for k, v in m["timings"].items())
            print(f"{label}: {m['total']:.2f}s wall; peak RSS {m['rss_mb']:.0f} MB\n  stages: {stages}")
    finally:
        import shutil

        shutil.rmtree(cache, ignore_errors=True)
    if tmp is not None and not args.keep:
        import shutil

        shutil.rmtree(tmp.parent, ignore_errors=True)


def corpus() -> None:
    """Per-stage seconds for every eval case (git repositories made by evals/make_git.py)."""
    sys.path.insert(0, str(HERE.parent))
    from evals.make_git import materialize
    from evals.runner import CASES
    from experiment_tracking.audit import run_audit
    from experiment_tracking.report.markdown import render_markdown

    totals: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for case in sorted(p for p in CASES.iterdir() if (p / "expected.yaml").exists()):
            root = materialize(case, Path(tmp) / case.name)
            result = run_audit(root, jobs=1)
            t = time.perf_counter()
            render_markdown(result)
            timings = dict(result.timings, render=time.perf_counter() - t)
            for k, v in timings.items():
                totals[k] = totals.get(k, 0.0) + v
            row = "  ".join(f"{k} {v * 1000:6.1f}" for k, v in timings.items())
            print(f"{case.name:<26} ms: {row}")
    print("total ms: " + "  ".join(f"{k} {v * 1000:.0f}" for k, v in totals.items()))


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
