"""This auditor and ml-project-doctor on the same trees, in one run: cold, warm and the ratio.

    python benchmarks/side_by_side.py [TREE ...] [--runs 5] [--doctor PATH] [--work DIR]

Without TREE it generates the two benchmark trees (``make_synthetic_repo.py``): the
notebook-heavy profile and a 5,000-module monorepo. For each tree it times, as whole processes
(median of ``--runs`` after one warm-up, wall and CPU seconds, peak RSS of the process):

- ``no cache``: ``experiment-tracking audit --no-cache`` (parses everything, stores nothing);
- ``cold``: ``experiment-tracking audit`` with an empty content cache (a fresh directory: parses
  everything and writes the tree's pack once);
- ``warm``: the same with the cache filled by a previous audit, after one file was changed
  (the pre-commit / CI case: only that file is parsed again);
- ``doctor``: ``ml-project-doctor TREE -f json`` (0.1.1 or whatever is installed).

ml-project-doctor is a peer tool, not a dependency: install it in a separate environment
(``python -m venv /tmp/mpd-venv && /tmp/mpd-venv/bin/pip install ml-project-doctor``) and pass
``--doctor /tmp/mpd-venv/bin/ml-project-doctor`` (or put it on PATH). Without it the script
times this auditor alone and says so. Numbers are printed, never asserted: the machine may be
shared, so medians and ratios are what to quote.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent


def timed(cmd: list[str], env: dict | None = None) -> tuple[float, float, float]:
    """(wall s, cpu s, peak RSS MiB) of one run of ``cmd``, from the kernel's own accounting."""
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(proc.pid, 0)  # this child's usage (and that of the workers it reaped)
    proc.returncode = 0
    wall = time.perf_counter() - t
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def median_of(runs: int, cmd: list[str], prepare=None, env=None) -> dict:
    walls, cpus, peak = [], [], 0.0
    for i in range(runs + 1):
        if prepare is not None:
            prepare()
        wall, cpu, rss = timed(cmd, env)
        if i == 0:
            continue  # warm-up: imports and the OS file cache
        walls.append(wall)
        cpus.append(cpu)
        peak = max(peak, rss)
    return {"wall": statistics.median(walls), "cpu": statistics.median(cpus), "rss": peak}


def find_doctor(given: str | None) -> str | None:
    for cand in (given, os.environ.get("ML_PROJECT_DOCTOR"), "/tmp/mpd-venv/bin/ml-project-doctor"):
        if cand and os.access(cand, os.X_OK):
            return cand
    return shutil.which("ml-project-doctor")


def generate(work: Path) -> list[Path]:
    trees = []
    for name, args in (
        ("notebook-heavy", ["--profile", "notebook-heavy"]),
        ("monorepo-5000", ["--py", "5000", "--notebooks", "200", "--yaml", "1000"]),
    ):
        dest = work / name
        if not dest.exists():
            print(f"generating {name} ...", flush=True)
            subprocess.run(
                [sys.executable, str(HERE / "make_synthetic_repo.py"), str(dest), *args, "--git"],
                check=True,
                stdout=subprocess.DEVNULL,
            )
        trees.append(dest)
    return trees


def pick_touched(tree: Path) -> Path:
    """One Python file of the tree, changed before each warm run (a comment appended)."""
    for p in sorted(tree.rglob("*.py")):
        if ".git" not in p.parts:
            return p
    return next(p for p in sorted(tree.rglob("*")) if p.is_file() and ".git" not in p.parts)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("trees", nargs="*", type=Path)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--doctor", default=None, help="path of the ml-project-doctor executable")
    ap.add_argument("--work", type=Path, default=None, help="where generated trees are kept")
    args = ap.parse_args()
    work = args.work or Path(tempfile.gettempdir()) / "et-side-by-side"
    work.mkdir(parents=True, exist_ok=True)
    trees = args.trees or generate(work)
    doctor = find_doctor(args.doctor)
    if doctor is None:
        print(
            "ml-project-doctor not found (pass --doctor PATH, set ML_PROJECT_DOCTOR, or install it in "
            "/tmp/mpd-venv): timing this auditor alone"
        )
    env = {**os.environ, "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    header = (
        f"{'tree':<18} {'nocache s':>9} {'cold s':>8} {'warm s':>8} {'doctor s':>9} {'cold/doc':>9} "
        f"{'warm/doc':>9} {'warm/cold':>9} {'RSS MiB':>8}"
    )
    print(header)
    for tree in trees:
        cache = Path(tempfile.mkdtemp(prefix="et-cache-"))
        report = Path(tempfile.mkdtemp(prefix="et-report-")) / "report.md"
        audit = [
            sys.executable,
            "-m",
            "experiment_tracking",
            "audit",
            str(tree),
            "-o",
            str(report),
            "--quiet",
        ]

        def fresh_cache(cache=cache):
            shutil.rmtree(cache, ignore_errors=True)

        nocache = median_of(args.runs, [*audit, "--no-cache"], env=env)
        cold = median_of(
            args.runs,
            audit,
            fresh_cache,
            {**env, "EXPERIMENT_TRACKING_CACHE_DIR": str(cache)},
        )
        touched = pick_touched(tree)
        original = touched.read_bytes()
        counter = [0]

        def change_one(touched=touched, original=original, counter=counter):
            counter[0] += 1
            touched.write_bytes(original + f"\n# edit {counter[0]}\n".encode())

        warm_env = {**env, "EXPERIMENT_TRACKING_CACHE_DIR": str(cache)}
        subprocess.run(audit, env=warm_env, stdout=subprocess.DEVNULL, check=False)  # fill the cache
        try:
            warm = median_of(args.runs, audit, change_one, warm_env)
        finally:
            touched.write_bytes(original)
        doc = None
        if doctor:
            out = Path(tempfile.mkdtemp(prefix="mpd-")) / "out.json"
            doc = median_of(args.runs, [doctor, str(tree), "-f", "json", "-o", str(out)])
        shutil.rmtree(cache, ignore_errors=True)

        def ratio(a, b):
            return f"{a / b:9.2f}" if b else f"{'-':>9}"

        print(
            f"{tree.name:<18} {nocache['wall']:9.2f} {cold['wall']:8.2f} {warm['wall']:8.2f} "
            f"{(doc['wall'] if doc else float('nan')):9.2f} "
            f"{ratio(cold['wall'], doc['wall']) if doc else '-':>9} {ratio(warm['wall'], doc['wall']) if doc else '-':>9} "
            f"{ratio(warm['wall'], cold['wall'])} {max(nocache['rss'], cold['rss'], warm['rss']):8.0f}",
            flush=True,
        )
    print(
        "median wall seconds of", args.runs, "runs after one warm-up; ratios < 1 mean this auditor is faster"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
