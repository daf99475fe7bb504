"""A live MLflow tracking server, read through its REST API (never the mlflow package).

Only when the user asks (``audit --tracking-uri URI`` or ``--online``) does the auditor open a
connection. It reads experiments, runs (params, last metric values, tags, status, times, the
recorded commit, dataset inputs), logged models, registered models with their versions, aliases
and stages, and joins the runs to the run catalogue so linkage checks their commits against this
repository's history like any local store. Runs are read newest first up to a budget; a fault
(server down, DNS, timeout, HTTP errors, HTML from a proxy, bad JSON, endless paging) becomes a
note and the rest of the audit goes on.
"""

from __future__ import annotations

import copy
import os
import re
import time
from dataclasses import dataclass, field

from ..model import Note, Run
from .common import is_commit_sha, is_seed_key, ms_to_iso, redact
from .mlflow_files import STATUS, TAG_COMMIT, TAG_MODEL_HISTORY, TAG_PARENT, TAG_RUN_NAME

STORE = "mlflow_server"
DEFAULT_MAX_RUNS = 10_000
DEFAULT_REQUEST_TIMEOUT = 30.0
DEFAULT_DEADLINE = 300.0
RUN_PAGE = 1000  # MLflow caps runs/search at 50,000 per page; 1,000 keeps each answer small
LIST_PAGE = 1000
LOGGED_MODEL_PAGE = 50  # logged-models/search allows at most 50 per page
MAX_PAGES = 10_000  # no endpoint may page more than this, whatever tokens it hands out
EXPERIMENT_CHUNK = 500  # experiment ids per runs/search request
_ENV_URI = re.compile(r"MLFLOW_TRACKING_URI\s*[=:]\s*[\"']?(https?://[^\s\"'`]+)")


@dataclass
class ServerRequest:
    """What the user asked for; ``read`` contacts the server once and keeps the answer, so the
    self-healing loop's later iterations reuse it instead of reading the server again."""

    uri: str | None = None
    online: bool = False
    max_runs: int = DEFAULT_MAX_RUNS
    request_timeout: float = DEFAULT_REQUEST_TIMEOUT
    deadline: float = DEFAULT_DEADLINE
    environ: dict | None = None  # tests pass their own; None means os.environ
    _result: ServerRead | None = None

    def read(self, ctx) -> ServerRead:
        if self._result is None:
            self._result = read_server(self, ctx)
        return self._result


@dataclass
class ServerRead:
    uri: str  # what is shown: no credentials, no query
    origin: str = ""
    runs: list[Run] = field(default_factory=list)
    experiments: list[dict] = field(default_factory=list)
    registered_models: list[dict] = field(default_factory=list)
    logged_models: int = 0
    notes: list[Note] = field(default_factory=list)
    sampled: bool = False
    requests: int = 0
    seconds: float = 0.0
    reached: bool = False

    def store(self) -> dict:
        return {
            "family": STORE,
            "path": self.uri,
            "runs": len(self.runs),
            "origin": self.origin,
            "sampled": self.sampled,
            "logged_models": self.logged_models,
            "requests": self.requests,
            "seconds": round(self.seconds, 2),
            "reached": self.reached,
        }


def configured_uris(ctx, environ=None) -> list[tuple[str, str]]:
    """(uri, where it was found) for ``--online``: the environment first, then what the repository
    sets in code (``mlflow.set_tracking_uri``/``MlflowClient`` literals), configs (Hydra/Lightning
    ``tracking_uri``) and files that export ``MLFLOW_TRACKING_URI``."""
    env = os.environ if environ is None else environ
    found: list[tuple[str, str]] = []
    if env.get("MLFLOW_TRACKING_URI"):
        found.append((env["MLFLOW_TRACKING_URI"], "MLFLOW_TRACKING_URI in the environment"))
    from ..rules.facts import find

    exact = ("mlflow.set_tracking_uri", "mlflow.MlflowClient", "mlflow.tracking.MlflowClient")
    for m, c in find(ctx, exact=exact):
        v = c.args[0] if c.args else c.kw("tracking_uri")
        if isinstance(v, str) and v.strip():
            found.append((v, f"{m.path}:{c.line}"))
    for path in sorted(ctx.index.configs):
        doc = ctx.index.configs[path]
        for k, v, line in doc.entries:
            if k.rsplit(".", 1)[-1].lower() in ("tracking_uri", "mlflow_tracking_uri") and isinstance(v, str):
                found.append((v, f"{path}:{line}"))
    for path in sorted(ctx.index.texts):
        if path.lower().endswith((".md", ".rst", ".txt")):
            continue  # prose shows example URIs (http://localhost:5000); it configures nothing
        for match in _ENV_URI.finditer(ctx.index.texts[path]):
            line = ctx.index.texts[path].count("\n", 0, match.start()) + 1
            found.append((match.group(1), f"{path}:{line}"))
    return found


def _resolve(req: ServerRequest, ctx) -> tuple[str | None, str, list[Note]]:
    from .server_http import is_http

    if req.uri:
        return req.uri, "--tracking-uri", []
    candidates = configured_uris(ctx, req.environ)
    servers = [(u, w) for u, w in candidates if is_http(u)]
    if not servers:
        where = "; ".join(f"{redact(u)} ({w})" for u, w in candidates[:3])
        detail = (
            f"--online: no http(s) tracking server is configured; found only local URIs: {where}"
            if candidates
            else "--online: no tracking URI found (MLFLOW_TRACKING_URI, mlflow.set_tracking_uri, "
            "tracking_uri in configs)"
        )
        return None, "", [Note("server-not-configured", ".", detail)]
    uri, where = servers[0]
    notes = []
    others = sorted({_display(u) for u, _ in servers[1:]} - {_display(uri)})
    if others:
        notes.append(
            Note(
                "server-skipped", ".", f"--online read {_display(uri)}; also configured: {', '.join(others)}"
            )
        )
    return uri, where, notes


def _display(uri: str) -> str:
    from .server_http import split_uri

    try:
        return split_uri(uri)[0]
    except ValueError:
        return redact(uri)


def read_server(req: ServerRequest, ctx) -> ServerRead:
    from .server_http import Fault, JsonClient, is_http

    started = time.monotonic()
    uri, origin, notes = _resolve(req, ctx)
    if uri is None:
        return ServerRead(uri="", notes=notes)
    if not is_http(uri):
        out = ServerRead(uri=redact(uri), origin=origin, notes=notes)
        out.notes.append(
            Note(
                "server-error",
                redact(uri),
                "not an http(s) tracking server; local stores (mlruns/, mlflow.db) are read from disk",
            )
        )
        return out
    out = ServerRead(uri=_display(uri), origin=origin, notes=notes)
    try:
        client = JsonClient(uri, req.request_timeout, req.deadline, req.environ)
    except Fault as exc:
        out.notes.append(Note("server-error", out.uri, str(exc)))
        return out
    reader = _Reader(client, out, max(0, int(req.max_runs)))
    try:
        reader.read_all()
    finally:
        out.requests = client.requests
        out.seconds = time.monotonic() - started
    out.notes = [Note(n.kind, n.path, client.scrub(n.detail)) for n in out.notes]
    return out


class _Stop(Exception):
    """Paging of one endpoint ended early; the note is already written."""


class _Reader:
    def __init__(self, client, out: ServerRead, max_runs: int) -> None:
        self.client = client
        self.out = out
        self.max_runs = max_runs
        self.truncated = ""

    def note(self, kind: str, detail: str) -> None:
        self.out.notes.append(Note(kind, self.out.uri, redact(self.client.scrub(detail))[:300]))

    def pages(self, what: str, fetch, key: str, limit: int | None = None):
        """Items of every page; stops on a repeated token, empty pages that keep paging, the page
        cap, the item limit or the deadline (each with a note, except the limit: the caller says)."""
        from .server_http import Fault

        token, seen, pages, empty_in_row, n = None, set(), 0, 0, 0
        while True:
            try:
                doc = fetch(token)
            except Fault as exc:
                self.note("server-error", f"{what}: {exc}")
                raise _Stop from None
            items = doc.get(key)
            if items is not None and not isinstance(items, list):
                self.note("server-error", f"{what}: '{key}' is not a list")
                raise _Stop
            items = items or []
            pages += 1
            n += len(items)
            yield from items
            token = doc.get("next_page_token")
            if not token or not isinstance(token, str):
                return
            if limit is not None and n >= limit:
                self.truncated = token  # items may be left beyond the budget
                return
            empty_in_row = 0 if items else empty_in_row + 1
            if token in seen or empty_in_row >= 3 or pages >= MAX_PAGES:
                self.note(
                    "server-error",
                    f"{what}: paging stopped after {pages} pages (the server keeps handing out page tokens)",
                )
                raise _Stop
            seen.add(token)

    def read_all(self) -> None:
        experiments = self.read_experiments()
        if experiments is None:
            return
        self.out.reached = True
        model_runs, env_runs = self.read_logged_models(experiments)
        version_runs = self.read_registry()
        self.read_runs(experiments, model_runs | version_runs, env_runs)

    def read_experiments(self) -> dict[str, tuple[str, bool]] | None:
        def fetch(token):
            body = {"max_results": LIST_PAGE, "view_type": "ALL"}
            if token:
                body["page_token"] = token
            return self.client.post("experiments/search", body)

        exps: dict[str, tuple[str, bool]] = {}
        try:
            for e in self.pages("experiments/search", fetch, "experiments"):
                if isinstance(e, dict) and e.get("experiment_id") is not None:
                    exps[str(e["experiment_id"])] = (
                        redact(str(e.get("name") or e["experiment_id"])),
                        e.get("lifecycle_stage") == "deleted",
                    )
        except _Stop:
            if not exps:
                return None
        return exps

    def read_logged_models(self, exps) -> tuple[set[str], set[str]]:
        """Runs that produced a logged model (MLflow 3), and those whose model is READY (its
        environment files were written with it). A server without the endpoint gets a note."""
        model_runs, env_runs = set(), set()
        ids = sorted(exps)
        for i in range(0, len(ids), EXPERIMENT_CHUNK):
            chunk = ids[i : i + EXPERIMENT_CHUNK]

            def fetch(token, chunk=chunk):
                body = {"experiment_ids": chunk, "max_results": LOGGED_MODEL_PAGE}
                if token:
                    body["page_token"] = token
                return self.client.post("logged-models/search", body)

            try:
                for m in self.pages("logged-models/search", fetch, "models", limit=self.max_runs):
                    info = m.get("info") if isinstance(m, dict) else None
                    if not isinstance(info, dict):
                        continue
                    self.out.logged_models += 1
                    run_id = info.get("source_run_id")
                    if isinstance(run_id, str) and run_id:
                        model_runs.add(run_id)
                        if str(info.get("status", "")).upper().endswith("READY"):
                            env_runs.add(run_id)
            except _Stop:
                break
        return model_runs, env_runs

    def read_registry(self) -> set[str]:
        def fetch_models(token):
            return self.client.get(
                "registered-models/search", {"max_results": LIST_PAGE, "page_token": token}
            )

        def fetch_versions(token):
            return self.client.get("model-versions/search", {"max_results": LIST_PAGE, "page_token": token})

        models: dict[str, dict] = {}
        try:
            for m in self.pages("registered-models/search", fetch_models, "registered_models"):
                if not isinstance(m, dict) or not isinstance(m.get("name"), str):
                    continue
                aliases = {
                    str(a.get("alias")): str(a.get("version"))
                    for a in m.get("aliases") or []
                    if isinstance(a, dict) and a.get("alias")
                }
                models[m["name"]] = {
                    "store": STORE,
                    "name": redact(m["name"]),
                    "versions": 0,
                    "path": self.out.uri,
                    "aliases": dict(sorted(aliases.items())),
                    "stages": {},
                }
        except _Stop:
            pass
        runs: set[str] = set()
        if models:
            try:
                for v in self.pages("model-versions/search", fetch_versions, "model_versions"):
                    if not isinstance(v, dict) or v.get("name") not in models:
                        continue
                    entry = models[v["name"]]
                    entry["versions"] += 1
                    stage = v.get("current_stage")
                    if isinstance(stage, str) and stage and stage != "None":
                        entry["stages"][stage] = entry["stages"].get(stage, 0) + 1
                    if isinstance(v.get("run_id"), str) and v["run_id"]:
                        runs.add(v["run_id"])
            except _Stop:
                pass
        for entry in models.values():
            entry["stages"] = dict(sorted(entry["stages"].items()))
        self.out.registered_models = [models[k] for k in sorted(models)]
        return runs

    def read_runs(self, exps, model_runs: set[str], env_runs: set[str]) -> None:
        """Newest first across all experiments, up to the budget."""
        ids = sorted(exps)
        raw: list[dict] = []
        more = stopped = False
        for i in range(0, len(ids), EXPERIMENT_CHUNK):
            chunk = ids[i : i + EXPERIMENT_CHUNK]
            before = len(raw)

            def fetch(token, chunk=chunk, before=before):
                body = {
                    "experiment_ids": chunk,
                    "run_view_type": "ALL",
                    "max_results": max(1, min(RUN_PAGE, self.max_runs - (len(raw) - before))),
                    "order_by": ["attributes.start_time DESC"],
                }
                if token:
                    body["page_token"] = token
                return self.client.post("runs/search", body)

            self.truncated = ""
            try:
                raw.extend(
                    r
                    for r in self.pages("runs/search", fetch, "runs", limit=self.max_runs)
                    if isinstance(r, dict)
                )
            except _Stop:
                stopped = True  # what was read is kept; the note says why paging stopped
                break
            if self.truncated and not more:
                more = self._left_after(chunk, self.truncated)
        raw.sort(key=_start_ms, reverse=True)
        if len(raw) > self.max_runs:
            more = True
            raw = raw[: self.max_runs]
        per_exp: dict[str, int] = {}
        for r in raw:
            run = _run(r, exps, self.out.uri, model_runs, env_runs)
            if run is not None:
                self.out.runs.append(run)
                eid = str((r.get("info") or {}).get("experiment_id"))
                per_exp[eid] = per_exp.get(eid, 0) + 1
        self.out.sampled = more or stopped
        if more:
            self.note(
                "server-sampled",
                f"the newest {len(self.out.runs)} runs were read (--max-runs {self.max_runs}); "
                "the server holds more",
            )
        for eid, (name, deleted) in sorted(exps.items()):
            self.out.experiments.append(
                {
                    "store": STORE,
                    "id": eid,
                    "name": name,
                    "path": self.out.uri,
                    "runs": per_exp.get(eid, 0),
                    "deleted": deleted,
                }
            )

    def _left_after(self, chunk: list[str], token: str) -> bool:
        """Whether a run is left past the budget (a full last page also carries a token)."""
        from .server_http import Fault

        body = {"experiment_ids": chunk, "run_view_type": "ALL", "max_results": 1, "page_token": token}
        body["order_by"] = ["attributes.start_time DESC"]
        try:
            return bool(self.client.post("runs/search", body).get("runs"))
        except Fault:
            return True  # unknown: call it a sample rather than claim completeness


def _start_ms(raw: dict) -> float:
    info = raw.get("info") if isinstance(raw.get("info"), dict) else {}
    try:
        return float(info.get("start_time") or 0)
    except (TypeError, ValueError):
        return 0.0


def _pairs(items) -> dict[str, str]:
    out: dict[str, str] = {}
    for it in items if isinstance(items, list) else []:
        if isinstance(it, dict) and isinstance(it.get("key"), str):
            out.setdefault(it["key"], it.get("value"))
    return out


def _run(raw: dict, exps, uri: str, model_runs: set[str], env_runs: set[str]) -> Run | None:
    info = raw.get("info")
    if not isinstance(info, dict):
        return None
    run_id = info.get("run_id") or info.get("run_uuid")
    if not isinstance(run_id, str) or not run_id:
        return None
    data = raw.get("data") if isinstance(raw.get("data"), dict) else {}
    params = _pairs(data.get("params"))
    metrics = _pairs(data.get("metrics"))  # the server returns each metric's last value
    tags = _pairs(data.get("tags"))
    inputs = raw.get("inputs") if isinstance(raw.get("inputs"), dict) else {}
    digests = set()
    for di in inputs.get("dataset_inputs") or []:
        ds = di.get("dataset") if isinstance(di, dict) else None
        if isinstance(ds, dict) and isinstance(ds.get("digest"), str) and ds["digest"]:
            digests.add(ds["digest"])
    outputs = raw.get("outputs") if isinstance(raw.get("outputs"), dict) else {}
    seed = next(
        (str(v) for k, v in sorted(params.items()) if is_seed_key(k) and v not in (None, "", "None", "null")),
        None,
    )
    commit = tags.get(TAG_COMMIT)
    history = str(tags.get(TAG_MODEL_HISTORY) or "").strip()
    eid = str(info.get("experiment_id"))
    exp_name, exp_deleted = exps.get(eid, (eid, False))
    status = STATUS.get(str(info.get("status", "")).upper(), "unknown")
    return Run(
        store=STORE,
        run_id=run_id,
        path=uri,
        experiment=exp_name,
        name=str(info.get("run_name") or tags.get(TAG_RUN_NAME) or ""),
        status=status,
        start_time=ms_to_iso(info.get("start_time")),
        end_time=ms_to_iso(info.get("end_time")),
        params=len(params),
        metrics=len(metrics),
        git_commit=commit.strip() if is_commit_sha(commit) else None,
        seed=seed,
        data_digests=sorted(digests),
        # log_model writes requirements.txt/conda.yaml/python_env.yaml beside every model it logs.
        env_captured=history not in ("", "[]") or run_id in env_runs,
        model_artifact=history not in ("", "[]")
        or run_id in model_runs
        or bool(outputs.get("model_outputs")),
        parent_run=tags.get(TAG_PARENT) or None,
        deleted=info.get("lifecycle_stage") == "deleted" or exp_deleted,
    )


def join(catalog, read: ServerRead) -> None:
    """Add what the server holds to the run catalogue (copies: linkage annotates runs in place)."""
    catalog.notes = sorted(set(catalog.notes) | set(read.notes))
    if not read.uri or not read.reached:
        return
    catalog.runs.extend(copy.copy(r) for r in read.runs)
    catalog.runs.sort(key=lambda r: (r.store, r.path, r.run_id))
    catalog.experiments.extend(dict(e) for e in read.experiments)
    catalog.registered_models.extend(copy.deepcopy(read.registered_models))
    catalog.stores.append(read.store())
