"""DVC: pipeline locks (`dvc.lock`), tracked data (`*.dvc`), remotes, dvclive and experiments.

Each stage recorded in a `dvc.lock` is one run (DVC writes the lock only after the stage
succeeded). Each experiment ref under `.git/refs/exps/` (or in packed-refs) is one run whose
commit holds its lock and metrics. Credentials in `.dvc/config.local` are never read.
"""

from __future__ import annotations

import configparser
import json
import os
import re

from ..model import Run
from .common import ENV_FILE_NAMES, Collector, count_keys, find_seed, join, redact

CODE_SUFFIXES = (".py", ".ipynb", ".sh", ".r", ".jl", ".ts", ".js", ".yaml", ".yml", ".toml", ".cfg")
MODEL_HINTS = (".pkl", ".pt", ".pth", ".ckpt", ".joblib", ".h5", ".onnx", ".safetensors", "model")


def _digest(entry: dict) -> str | None:
    for key in ("md5", "etag", "checksum", "sha256"):
        if entry.get(key):
            return str(entry[key])
    return None


def _is_code(path: str) -> bool:
    return path.lower().endswith(CODE_SUFFIXES)


def stage_facts(stage: dict) -> dict:
    """Params, data digests, env and model facts of one lock stage."""
    params: dict = {}
    for values in (stage.get("params") or {}).values():
        if isinstance(values, dict):
            params.update(values)
    deps = [d for d in stage.get("deps") or [] if isinstance(d, dict)]
    outs = [o for o in stage.get("outs") or [] if isinstance(o, dict)]
    if not params:
        # A parameters file listed as a dependency is pinned whole by its hash.
        for d in deps:
            name = os.path.basename(str(d.get("path", ""))).lower()
            if re.fullmatch(r"(params|parameters|config|hparams)[\w-]*\.(ya?ml|json|toml)", name) and _digest(
                d
            ):
                params[f"{name}#md5"] = _digest(d)
    digests = sorted({d for d in (_digest(x) for x in deps if not _is_code(str(x.get("path", "")))) if d})
    env = any(os.path.basename(str(d.get("path", ""))).lower() in ENV_FILE_NAMES for d in deps)
    model = any(any(h in str(o.get("path", "")).lower() for h in MODEL_HINTS) for o in outs)
    return {"params": params, "digests": digests, "env": env, "model": model}


def _lock_runs(col: Collector, rel: str, data, experiment: str) -> list[Run]:
    if not isinstance(data, dict):
        return []
    stages = data.get("stages") if "stages" in data else data  # schema 1 had no "stages" key
    runs = []
    for name in sorted(stages or {}, key=str):
        stage = stages[name]
        if not isinstance(stage, dict):
            continue
        facts = stage_facts(stage)
        runs.append(
            Run(
                store="dvc",
                run_id=str(name),
                path=rel,
                experiment=experiment,
                name=str(name),
                status="finished",
                params=len(facts["params"]),
                seed=find_seed(facts["params"]),
                data_digests=facts["digests"],
                env_captured=facts["env"],
                model_artifact=facts["model"],
            )
        )
    return runs


def read_project(col: Collector, paths: list[str], roots: dict[str, str]) -> None:
    locks = sorted(p for p in paths if p.rsplit("/", 1)[-1] == "dvc.lock")
    dvc_files = sorted(p for p in paths if p.endswith(".dvc") and not p.startswith(".dvc/"))
    pipelines = sorted(p for p in paths if p.rsplit("/", 1)[-1] == "dvc.yaml")
    metrics_by_dir: dict[str, int] = {}
    for p in paths:
        if p.endswith("dvclive/metrics.json") or p.rsplit("/", 1)[-1] == "metrics.json":
            d = p.rsplit("/", 1)[0] if "/" in p else "."
            data = col.read_json(p)
            metrics_by_dir[d] = count_keys(data) - (1 if isinstance(data, dict) and "step" in data else 0)
    # Metric files a stage declares (dvc.yaml `metrics: - scores.json`): DVC tracks them by hash in
    # dvc.lock whatever their name; they belong to that stage's run.
    present = set(paths)
    stage_metrics: dict[str, int] = {}
    for pipe in pipelines:
        spec = col.read_yaml(pipe)
        stages = spec.get("stages") if isinstance(spec, dict) else None
        base = pipe.rsplit("/", 1)[0] if "/" in pipe else "."
        for stage_name, stage in stages.items() if isinstance(stages, dict) else ():
            declared = stage.get("metrics") if isinstance(stage, dict) else None
            for item in declared if isinstance(declared, list) else ():
                name = (
                    item
                    if isinstance(item, str)
                    else next(iter(item), None)
                    if isinstance(item, dict)
                    else None
                )
                if not isinstance(name, str):
                    continue
                rel = name if base == "." else f"{base}/{name}"
                keys = count_keys(col.read_json(rel)) if rel in present and rel.endswith(".json") else 0
                stage_metrics[str(stage_name)] = stage_metrics.get(str(stage_name), 0) + (keys or 1)
    for lock in locks:
        data = col.read_yaml(lock)
        if data is None:
            continue
        runs = _lock_runs(col, lock, data, "workspace")
        base = lock.rsplit("/", 1)[0] if "/" in lock else "."
        for run in runs:
            run.metrics = stage_metrics.get(run.name) or sum(
                n for d, n in metrics_by_dir.items() if d == base or d.startswith(base + "/") or base == "."
            )
        col.runs.extend(runs)
        col.add_store("dvc", lock, len(runs), kind="lock")
    tracked = 0
    for f in dvc_files:
        data = col.read_yaml(f)
        if isinstance(data, dict) and isinstance(data.get("outs"), list):
            tracked += 1
    if pipelines or dvc_files:
        col.add_store("dvc", ".", 0, kind="project", pipelines=len(pipelines), tracked_data=tracked)
    if col.exists(".dvc/config"):
        _remotes(col)
    _experiments(col)
    if not locks:
        for root, family in sorted(roots.items()):
            if family == "dvclive":
                _dvclive(col, root)


def read_store(col: Collector, root: str) -> None:
    """dvclive/ directories are read by read_project (a pipeline's dvclive is part of a stage)."""


def _dvclive(col: Collector, root: str) -> None:
    run = Run(store="dvc", run_id=root, path=root, experiment="dvclive", status="unknown")
    if col.exists(join(root, "params.yaml")):
        params = col.read_yaml(join(root, "params.yaml"))
        run.params = count_keys(params, skip_private=False)
        run.seed = find_seed(params) if isinstance(params, dict) else None
    if col.exists(join(root, "metrics.json")):
        metrics = col.read_json(join(root, "metrics.json"))
        run.metrics = count_keys(metrics) - (1 if isinstance(metrics, dict) and "step" in metrics else 0)
        run.status = "finished"
    col.runs.append(run)
    col.add_store("dvc", root, 1, kind="dvclive")


def _remotes(col: Collector) -> None:
    text = col.read_text(".dvc/config")
    if text is None:
        return
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    try:
        parser.read_string(text)
    except configparser.Error as exc:
        col.note("parse-error", ".dvc/config", str(exc).splitlines()[0])
        return
    remotes = []
    for section in parser.sections():
        if section.startswith("'remote") or section.startswith('remote "') or section.startswith("remote "):
            name = section.split(None, 1)[-1].strip("'\" ")
            url = redact(parser.get(section, "url", fallback=""))
            remotes.append({"name": name, "url": url})
    col.add_store(
        "dvc", ".dvc", 0, kind="config", remotes=remotes, config_local=col.exists(".dvc/config.local")
    )


def exp_refs(col: Collector) -> list[tuple[str, str, str]]:
    """(baseline sha, experiment name, commit sha) from loose refs and packed-refs."""
    git_dir = col.abspath(".git")
    out: dict[tuple[str, str], str] = {}
    if not os.path.isdir(git_dir):
        return []
    top = os.path.join(git_dir, "refs", "exps")
    for dirpath, dirnames, filenames in os.walk(top):
        dirnames[:] = sorted(d for d in dirnames if d not in ("exec", "celery", "temp"))
        rel = os.path.relpath(dirpath, top).replace(os.sep, "/").split("/")
        if len(rel) != 2:
            continue
        for name in sorted(filenames):
            try:
                with open(os.path.join(dirpath, name), encoding="utf-8") as fh:
                    sha = fh.read(200).strip()
            except OSError:
                continue
            out[(rel[0] + rel[1], name)] = sha
    packed = os.path.join(git_dir, "packed-refs")
    try:
        with open(packed, encoding="utf-8", errors="replace") as fh:
            for line in fh:
                parts = line.split()
                if len(parts) == 2 and parts[1].startswith("refs/exps/"):
                    segs = parts[1].split("/")
                    if len(segs) == 5 and segs[2] not in ("exec", "celery", "temp"):
                        out.setdefault((segs[2] + segs[3], segs[4]), parts[0])
    except OSError:
        pass
    return [(b, n, s) for (b, n), s in sorted(out.items())]


def _experiments(col: Collector) -> None:
    refs = exp_refs(col)
    if not refs:
        return
    repo = None
    try:
        import git

        repo = git.Repo(col.root)
    except Exception:  # noqa: BLE001 - no usable repository: experiments still count
        repo = None
    runs = []
    for baseline, name, sha in refs:
        run = Run(
            store="dvc",
            run_id=name,
            path=f".git/refs/exps/{baseline[:2]}/{baseline[2:]}/{name}",
            experiment="dvc exp",
            name=name,
            status="finished",
            git_commit=sha if len(sha) >= 7 else None,
            parent_run=baseline,
        )
        if repo is not None:
            _exp_from_commit(run, repo, sha)
        runs.append(run)
    col.runs.extend(runs)
    col.add_store("dvc", ".git/refs/exps", len(runs), kind="experiments")


def _blob(repo, sha: str, path: str) -> bytes | None:
    try:
        return repo.commit(sha).tree[path].data_stream.read()
    except Exception:  # noqa: BLE001 - a missing path or object means "not recorded"
        return None


def _exp_from_commit(run: Run, repo, sha: str) -> None:
    import yaml

    raw = _blob(repo, sha, "dvc.lock")
    if raw:
        try:
            data = yaml.safe_load(raw)
        except yaml.YAMLError:
            data = None
        if isinstance(data, dict):
            params: dict = {}
            digests: set = set()
            for stage in (data.get("stages") or {}).values():
                if isinstance(stage, dict):
                    facts = stage_facts(stage)
                    params.update(facts["params"])
                    digests.update(facts["digests"])
                    run.env_captured = run.env_captured or facts["env"]
                    run.model_artifact = run.model_artifact or facts["model"]
            run.params = len(params)
            run.seed = find_seed(params)
            run.data_digests = sorted(digests)
    raw = _blob(repo, sha, "dvclive/metrics.json")
    if raw:
        try:
            metrics = json.loads(raw)
        except ValueError:
            metrics = None
        run.metrics = count_keys(metrics) - (1 if isinstance(metrics, dict) and "step" in metrics else 0)
