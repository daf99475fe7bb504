"""Trackers a plugin or a configuration drives on the project's behalf, read as the calls they make.

A Kedro project with the kedro-mlflow plugin never calls ``mlflow`` itself: the plugin's hook opens
a run for every ``kedro run``, names it after the pipeline and logs every node parameter; catalog
datasets of type ``kedro_mlflow.io.*`` log metric histories, artifacts and models when a node
returns them; ``pipeline_ml_factory`` logs the inference pipeline as a model at the end of the
training run; ``mlflow.yml`` names the experiment and the tracking server. Each of these is read
here as the tracker call it stands for, at the line that declares it, so the rules that read
tracker calls (parameters, metrics per step, artifacts, models, naming) need no special case, as
Hydra ``_target_`` and LightningCLI ``class_path`` entries are read as calls already
(``index.configs.instantiations``). Other config-driven trackers (transformers ``report_to``,
accelerate ``log_with``, Lightning loggers in YAML, Hydra callbacks) name a class or a tracker the
engine reads directly; this module holds the ones whose calls are implied, not named.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..index.python_facts import Call, Dyn

KEDRO_MLFLOW = "kedro_mlflow"
KEDRO_MLFLOW_PACKAGES = frozenset({"kedro-mlflow"})  # dependency names as the manifests normalise them


@dataclass(frozen=True)
class ImpliedCall:
    """A tracker call a plugin makes: where it is declared, the call, and what declares it."""

    path: str
    call: Call
    detail: str


# kedro_mlflow.io dataset classes (both the DataSet spelling of kedro-mlflow < 0.12 and the Dataset
# one after) by what saving into them does. A "history" dataset logs one value per step.
_DATASET_KIND = (
    (re.compile(r"^MlflowMetric(s)?HistoryData[sS]et$"), "metric_history"),
    (re.compile(r"^MlflowMetricsData[sS]et$"), "metric_history"),  # {name: {value, step}} per save
    (re.compile(r"^MlflowMetricData[sS]et$"), "metric"),
    (re.compile(r"^MlflowArtifactData[sS]et$"), "artifact"),
    (re.compile(r"^Mlflow(ModelLogger|ModelTracking)Data[sS]et$"), "model_log"),
    (re.compile(r"^Mlflow(ModelSaver|ModelLocalFileSystem)Data[sS]et$"), "model_save"),
    (re.compile(r"^MlflowModelRegistryData[sS]et$"), "model_registry"),
)


def _dataset_kind(type_value: str) -> str:
    cls = type_value.rsplit(".", 1)[-1]
    for rx, kind in _DATASET_KIND:
        if rx.match(cls):
            return kind
    return ""


def _is_catalog(path: str) -> bool:
    name = path.rsplit("/", 1)[-1].lower()
    return "catalog" in name and name.endswith((".yml", ".yaml"))


def _is_mlflow_yml(path: str) -> bool:
    return path.rsplit("/", 1)[-1].lower() in ("mlflow.yml", "mlflow.yaml")


def kedro_mlflow_calls(index) -> list[ImpliedCall]:
    """The MLflow calls kedro-mlflow makes in this project, or [] when the plugin is not active.

    The plugin is active when the project depends on it (or imports it) and declares something for
    it to do: a ``kedro_mlflow.io`` catalog dataset, ``pipeline_ml_factory``, an ``mlflow.yml``, or its
    hook in ``settings.HOOKS``. Its hook is registered automatically when it is installed, unless
    ``DISABLE_HOOKS_FOR_PLUGINS`` names it; then only what the project wires by hand counts."""
    out: list[ImpliedCall] = []
    dep = next((d for d in index.dependencies if d.name in KEDRO_MLFLOW_PACKAGES), None)
    imported = sorted(
        (path, i)
        for path, m in index.modules.items()
        for i in m.imports
        if i.module.split(".", 1)[0] == KEDRO_MLFLOW
    )
    if dep is None and not imported:
        return out
    for path in sorted(index.configs):
        doc = index.configs[path]
        if doc.error:
            continue
        if _is_catalog(path):
            out.extend(_catalog_calls(doc))
        elif _is_mlflow_yml(path):
            out.extend(_mlflow_yml_calls(doc))
    hook_lines, disabled = [], False
    for path in sorted(index.modules):
        m = index.modules[path]
        for c in m.calls:
            if c.name.startswith(KEDRO_MLFLOW + ".") and c.name.endswith(
                ("pipeline_ml_factory", "PipelineML")
            ):
                out.append(_pipeline_ml(path, c))
            elif c.name.startswith(KEDRO_MLFLOW + ".") and c.name.endswith("MlflowHook"):
                hook_lines.append((path, c.line, c.cell))
        for a in m.assigns:
            if a.target.endswith("DISABLE_HOOKS_FOR_PLUGINS") and "kedro-mlflow" in str(a.value).replace(
                "_", "-"
            ):
                disabled = True
    if not out and not hook_lines:
        return out  # installed, but nothing in the project asks it for anything
    if hook_lines or not disabled:
        if hook_lines:
            path, line, cell = hook_lines[0]
            where = (path, line, cell, "kedro-mlflow MlflowHook in settings.HOOKS")
        elif dep is not None:
            where = (
                dep.path,
                dep.line,
                0,
                f"kedro-mlflow hook (registered on install: {dep.name}{dep.spec})",
            )
        else:
            path, imp = imported[0]
            where = (path, imp.line, imp.cell, f"kedro-mlflow hook (imports {imp.module})")
        out.extend(_hook_calls(*where))
    return out


def _catalog_calls(doc) -> list[ImpliedCall]:
    out = []
    for key, value, line in doc.entries:
        if (
            not isinstance(value, str)
            or key.rsplit(".", 1)[-1] != "type"
            or not value.startswith(KEDRO_MLFLOW)
        ):
            continue
        kind = _dataset_kind(value)
        entry = key[: -len(".type")] if key.endswith(".type") else key
        name = entry.split(".", 1)[0]
        sub = {k[len(entry) + 1 :]: v for k, v, _ in doc.entries if k.startswith(entry + ".")}
        cls = value.rsplit(".", 1)[-1]
        detail = f"catalog `{name}`: {cls}"
        if kind == "metric_history":
            call = Call("mlflow.log_metric", line, 0, (name, Dyn(name)), (("step", Dyn("step")),))
            out.append(ImpliedCall(doc.path, call, f"{detail} logs `{name}` per step"))
        elif kind == "metric":
            call = Call("mlflow.log_metric", line, 0, (name, Dyn(name)), ())
            out.append(ImpliedCall(doc.path, call, f"{detail} logs `{name}`"))
        elif kind == "artifact":
            target = next((v for k, v in sub.items() if k.endswith("filepath") and isinstance(v, str)), name)
            call = Call("mlflow.log_artifact", line, 0, (target,), ())
            out.append(ImpliedCall(doc.path, call, f"{detail} logs `{target}` as an artifact"))
        elif kind in ("model_log", "model_save"):
            if sub.get("run_id") not in (None, ""):
                continue  # reads the model of an earlier run back (run_id given): no model is logged here
            flavor = sub.get("flavor") if isinstance(sub.get("flavor"), str) else "mlflow.pyfunc"
            flavor = flavor if flavor.startswith("mlflow.") else "mlflow." + flavor
            verb = "log_model" if kind == "model_log" else "save_model"
            kwargs = tuple((k, v) for k, v in sub.items() if k in ("artifact_path", "registered_model_name"))
            call = Call(f"{flavor}.{verb}", line, 0, (Dyn(name),), kwargs)
            what = "logs the model to the run" if kind == "model_log" else "saves the model in MLflow format"
            out.append(ImpliedCall(doc.path, call, f"{detail} {what}"))
        elif kind == "model_registry":
            call = Call("mlflow.pyfunc.load_model", line, 0, (Dyn("models:/" + name),), ())
            out.append(ImpliedCall(doc.path, call, f"{detail} loads a registered model"))
    return out


def _mlflow_yml_calls(doc) -> list[ImpliedCall]:
    """kedro-mlflow's mlflow.yml: the experiment name, a run name and the tracking server."""
    out = []
    for key, value, line in doc.entries:
        if not isinstance(value, str) or not value.strip():
            continue
        if key == "tracking.experiment.name":
            call = Call("mlflow.set_experiment", line, 0, (value,), ())
            out.append(ImpliedCall(doc.path, call, f"mlflow.yml names the experiment {value!r}"))
        elif key == "tracking.run.name":
            call = Call("mlflow.start_run", line, 0, (), (("run_name", value),))
            out.append(ImpliedCall(doc.path, call, f"mlflow.yml names runs {value!r}"))
        elif key in ("server.mlflow_tracking_uri", "mlflow_tracking_uri"):
            call = Call("mlflow.set_tracking_uri", line, 0, (value,), ())
            out.append(ImpliedCall(doc.path, call, f"mlflow.yml tracking server {value}"))
    return out


def _pipeline_ml(path: str, c: Call) -> ImpliedCall:
    """``pipeline_ml_factory(training=..., inference=...)``: the inference pipeline is logged as an
    MLflow model at the end of every run of the training pipeline."""
    opts = c.kw("log_model_kwargs")
    kwargs = [("artifact_path", Dyn("log_model_kwargs"))]
    if isinstance(opts, dict) and isinstance(opts.get("registered_model_name"), str):
        kwargs.append(("registered_model_name", opts["registered_model_name"]))
    call = Call("mlflow.pyfunc.log_model", c.line, c.cell, (Dyn("inference pipeline"),), tuple(kwargs))
    return ImpliedCall(
        path, call, "pipeline_ml_factory logs the inference pipeline as an MLflow model per run"
    )


def _hook_calls(path: str, line: int, cell: int, what: str) -> list[ImpliedCall]:
    """What the kedro-mlflow hook does for every ``kedro run``: opens a run named after the pipeline,
    tags it with the run parameters of the Kedro session, logs every node parameter (``params:*``)."""
    return [
        ImpliedCall(
            path,
            Call("mlflow.start_run", line, cell, (), (("run_name", Dyn("the pipeline name")),)),
            f"{what}: a run per `kedro run`, named after the pipeline",
        ),
        ImpliedCall(
            path,
            Call("mlflow.set_tags", line, cell, (Dyn("kedro run parameters"),), ()),
            f"{what}: tags each run with the Kedro run parameters",
        ),
        ImpliedCall(
            path,
            Call("mlflow.log_params", line, cell, (Dyn("params:* of every node"),), ()),
            f"{what}: logs every node parameter (params:*) of the run",
        ),
    ]


# self.init_wandb(**cfg.wandb), self.setup_tensorboard(): a set-up method of a tracker, named for it
_TRACKER_SETUP = re.compile(
    r"^self\.(?:init|setup|set_up|enable|start|create)_(wandb|tensorboard|mlflow|neptune|comet|clearml|aim)"
    r"(?:_\w+)?$"
)
# The call each tracker's own set-up makes: what the inherited method stands for.
_SETUP_CALL = {
    "wandb": "wandb.init",
    "tensorboard": "torch.utils.tensorboard.SummaryWriter",
    "mlflow": "mlflow.start_run",
    "neptune": "neptune.init_run",
    "comet": "comet_ml.Experiment",
    "clearml": "clearml.Task.init",
    "aim": "aim.Run",
}


def inherited_tracker_calls(index) -> list[ImpliedCall]:
    """A tracker set-up method a class inherits from a library's base class (a solver built on
    flashy.BaseSolver calling self.init_tensorboard(...)): the library opens the tracker for the project.
    Only where no module of the project defines the method (the project's own wrapper is read through
    the calls in its body) and the class has a base from outside the project."""
    found = [
        (path, m, c, hit)
        for path, m in sorted(index.modules.items())
        for c in m.calls
        if c.name.startswith("self.") and (hit := _TRACKER_SETUP.match(c.name)) is not None
    ]
    if not found:
        return []
    defined = {name for m in index.modules.values() for name, *_ in m.functions}
    own = {p.removesuffix(".py").replace("/", ".") for p in index.modules}

    def external(base: str) -> bool:
        # a base of the project's own modules: its dotted name or one of its prefixes is a module path
        parts = base.split(".")
        return base not in ("", "object") and not any(
            ".".join(parts[:i]) in own for i in range(1, len(parts) + 1)
        )

    out = []
    for path, m, c, hit in found:
        # the class the call is made in (the innermost around it), and its bases from outside the project;
        # a torch Module or an ABC sets up no tracker
        around = [
            (line, name) for name, line, cell, end in m.classes if cell == c.cell and line <= c.line <= end
        ]
        cls = max(around)[1] if around else None
        bases = [
            b
            for k, b, *_ in m.bases
            if k == cls and external(b) and not b.endswith((".Module", "ABC", "Protocol", "Generic"))
        ]
        if not bases or c.name.split(".", 1)[1] in defined:
            continue
        call = Call(_SETUP_CALL[hit.group(1)], c.line, c.cell, (), ())
        out.append(ImpliedCall(path, call, f"{c.name}, inherited from {bases[0]}, sets up {hit.group(1)}"))
    return out


def _implied(index) -> list[ImpliedCall]:
    return [*kedro_mlflow_calls(index), *inherited_tracker_calls(index)]


def implied_calls(index) -> list[ImpliedCall]:
    """Every tracker call a plugin, a configuration or an inherited library method makes on the
    project's behalf, in a stable order. Built once per index: detection, the rules' facts and the run
    records all read it."""
    from ..index.build import per_index

    return per_index(index, "_et_implied_calls", _implied)


def runs_opened_by_plugin(index, tracker_root: str = "mlflow") -> bool:
    """True when every run of the tracker is opened by a plugin hook (``kedro run``) and the project
    never calls the tracker itself. The process's main file is then the plugin's command, outside the
    repository, so MLflow finds no git commit to tag the run with (kedro-mlflow sets none either)."""
    opened = any(
        ic.call.name == f"{tracker_root}.start_run" and "hook" in ic.detail for ic in implied_calls(index)
    )
    if not opened:
        return False
    return not any(c.name.split(".", 1)[0] == tracker_root for m in index.modules.values() for c in m.calls)


__all__ = [
    "ImpliedCall",
    "implied_calls",
    "inherited_tracker_calls",
    "kedro_mlflow_calls",
    "runs_opened_by_plugin",
]
