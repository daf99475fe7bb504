"""Phase 5 rules: pipelines, training orchestration, model registry and serving."""

from __future__ import annotations

import re

from ..detect.signatures import PLOOMBER_SPEC
from ..inventory import is_shell_script
from ..model import PASS, REVIEW, WARN, Evidence
from ..records import LATEST_RESTORE, RELOADS_OWN_CHECKPOINT, copies_live_state, instead_of_training
from .facts import (
    _last,
    decorated,
    ev,
    evs,
    facts,
    find,
    hf_trainers,
    learner_calls,
    learner_fix,
    library,
    stack_label,
    trains,
    when_enabled_question,
    where_list,
    zenml_parameters,
    zenml_runs,
)
from .phase3_results import model_saves
from .registry import rule

ORCHESTRATORS = ("airflow", "prefect", "kubeflow", "metaflow", "dagster", "flyte", "zenml", "luigi", "kedro")


def _pipelines(ctx):
    return ctx.present("pipelines", include_examples=False)


@rule(
    "ET501",
    "no-pipeline",
    "5.1",
    "The workflow is a defined pipeline, not scripts run by hand",
    what="Finds a pipeline definition (DVC `dvc.yaml` stages, Airflow, Prefect, Kubeflow, Metaflow, "
    "Kedro, ZenML, Dagster, Flyte, Luigi, Ploomber, Snakemake, Polyaxon DAGs, Makefile targets, a Kaldi/ESPnet-style `run.sh` "
    "with `--stage`/`--stop-stage` blocks) and lists its stages; a shell script that runs a training script "
    "and another of the project's steps in order is a scripted workflow (uncached). A paper's code release, "
    "whose README gives the commands in order, is not asked for one.",
    why="When data preparation, training and evaluation are run by hand in an order someone "
    "remembers, skipping or repeating a step silently changes the result.",
    example="```text\npython prepare.py && python featurize.py && python train.py   # from the README, by hand\n```",
    fix="```yaml\n# dvc.yaml\nstages:\n  prepare: {cmd: python prepare.py, deps: [data/raw], outs: [data/prepared]}\n"
    "  train: {cmd: python train.py, deps: [data/prepared, train.py], params: [train], outs: [model.pkl]}\n```",
)
def pipeline_defined(ctx):
    r = pipeline_defined.rule
    pipes = _pipelines(ctx)
    if pipes:
        stages = _stages(ctx)
        msg = f"Pipeline: {', '.join(d.label for d in pipes)}"
        if stages:
            msg += f" with {len(stages)} stage(s)/task(s)"
        return [r.finding(PASS, msg + ".", [e for d in pipes for e in d.evidence[:2]] + stages[:6])]
    if not trains(ctx) or library(ctx):
        return []  # a library's users chain its steps in their own pipelines
    scripted = scripted_workflow(ctx)
    if scripted:
        e = scripted[0]
        return [
            r.finding(
                PASS,
                f"The workflow is scripted: `{e.path}` runs {e.detail} in order (a script, not a pipeline "
                "tool: every step runs again each time, nothing is cached).",
                scripted[:3],
            )
        ]
    entry = facts(ctx).training + ctx.taxonomy.entry_points
    # An MLproject entry point launches a script or notebook (`mlflow run`): one step, not by hand.
    launched = [e for e in entry if "run by MLflow Projects" in e.detail]
    by_hand = len(entry) - len(launched)
    msg = f"No pipeline definition; {by_hand} script(s)/notebook(s) are run by hand."
    if launched:
        msg = (
            f"No multi-step pipeline: {', '.join(e.path for e in launched[:3])} run by MLflow Projects "
            f"(one entry point each); {by_hand} other script(s)/notebook(s) are run by hand."
        )
    return [r.finding(WARN, msg, (launched + [e for e in entry if e not in launched])[:6])]


# `python path/to/step.py`, `python -m pkg.step`, or a launcher's script (`torchrun train.py`)
_PY_STEP = re.compile(
    r"(?:^|[\s;&|(])(?:python[\d.]*|torchrun|deepspeed|accelerate\s+launch)\s+(?:-(?!m\s)\S+\s+)*"
    r"(?:-m\s+([\w.]+)|([\w./-]+\.py))"
)


def scripted_workflow(ctx) -> list[Evidence]:
    """Shell scripts that run a training script and another of the project's steps (data preparation,
    evaluation) in order: the workflow is written down, not remembered. Evidence: the script's first
    step, its detail the steps it runs."""
    modules = ctx.index.modules
    training = {e.path for e in facts(ctx).training}
    steps: dict[str, dict[str, int]] = {}  # shell script -> project script -> first line
    for path, _, line, cmd in facts(ctx).shell:
        if not is_shell_script(path.lower()):
            continue
        for m in _PY_STEP.finditer(cmd):
            rel = m.group(1).replace(".", "/") + ".py" if m.group(1) else m.group(2).removeprefix("./")
            folder = path.rsplit("/", 1)[0] + "/" if "/" in path else ""
            for candidate in (rel, folder + rel):
                if candidate in modules:
                    steps.setdefault(path, {}).setdefault(candidate, line)
                    break
    out = []
    for path, scripts in sorted(steps.items()):
        trained = training & scripts.keys()
        if trained and len(scripts) > len(trained):
            order = sorted(scripts, key=scripts.get)
            out.append(Evidence(path, min(scripts.values()), ", ".join(order[:4])))
    return out


def _stages(ctx) -> list[Evidence]:
    out = []
    for doc in facts(ctx).config_docs:
        if doc.path.rsplit("/", 1)[-1] == "dvc.yaml":
            for k, _, line in doc.entries:
                if re.fullmatch(r"stages\.[^.\[]+", k):
                    out.append(Evidence(doc.path, line, f"stage {k.split('.', 1)[1]}"))
    for m, d in decorated(
        ctx, "task", "step", "flow", "op", "asset", "component", "dsl.pipeline", "dsl.component"
    ):
        if d.name.split(".", 1)[0] in (
            "airflow",
            "prefect",
            "metaflow",
            "dagster",
            "flytekit",
            "zenml",
            "kfp",
        ):
            out.append(ev(m, d, f"@{_last(d.name)}"))
    out += evs(find(ctx, suffixes=("node",), roots={"kedro"})[:10], "Kedro node")
    out += evs(
        find(
            ctx,
            suffixes=("PythonOperator", "BashOperator", "KubernetesPodOperator", "DockerOperator"),
            roots={"airflow"},
        )[:10],
        "Airflow task",
    )
    return out


@rule(
    "ET502",
    "pipeline-not-cached",
    "5.1",
    "Pipeline steps are parameterised and cached",
    what="For a detected pipeline, looks for parameters (DVC `params`, Airflow `params`, Metaflow "
    "`Parameter`, Kedro `parameters.yml`, Prefect flow arguments) and caching/incremental execution "
    "(DVC deps/outs, Kedro versioned datasets, Prefect `cache_key_fn`, ZenML caching, Metaflow "
    "artifacts and `resume`).",
    why="Without parameters each variant is a code change; without caching every change re-runs the "
    "whole pipeline, so people skip steps by hand.",
    example="```python\n@task\ndef featurize(): ...   # recomputed on every run\n```",
    fix="```python\n@task(cache_key_fn=task_input_hash, cache_expiration=timedelta(days=7))\ndef featurize(path: str): ...\n```\n"
    "DVC: list `deps`, `outs` and `params` for each stage so `dvc repro` skips unchanged stages.",
)
def pipeline_caching(ctx):
    r = pipeline_caching.rule
    pipes = _pipelines(ctx)
    if not pipes:
        return []
    params, cache = [], []
    for doc in facts(ctx).config_docs:
        name = doc.path.rsplit("/", 1)[-1]
        if name == "dvc.yaml":
            for k, _, line in doc.entries:
                if k.endswith(".params") or k.endswith(".params[]"):
                    params.append(Evidence(doc.path, line, "DVC stage params"))
                    break
            for k, _, line in doc.entries:
                if k.endswith((".outs", ".outs[]", ".deps", ".deps[]")):
                    cache.append(Evidence(doc.path, line, "DVC deps/outs (cached by hash)"))
                    break
        if name.startswith("parameters") and "conf" in doc.path:
            params.append(Evidence(doc.path, 0, "Kedro parameters"))
        for k, v, line in doc.entries:
            if k.rsplit(".", 1)[-1] == "versioned" and v is True:
                cache.append(Evidence(doc.path, line, "versioned dataset"))
                break
        if PLOOMBER_SPEC.fullmatch(name) and "tasks[].product" in doc.key_set():
            # a task's params or grid; and Ploomber skips a task whose source and params are unchanged
            # since its product was built (incremental builds, on by default)
            at = next((ln for k, _, ln in doc.entries if k.startswith(("tasks[].params", "tasks[].grid"))), 0)
            if at:
                params.append(Evidence(doc.path, at, "Ploomber task params"))
            if not any("Ploomber" in e.detail for e in cache):
                first = next(ln for k, _, ln in doc.entries if k == "tasks[].product")
                cache.append(Evidence(doc.path, first, "Ploomber rebuilds only outdated products"))
    params += evs(
        find(
            ctx,
            prefixes=(
                "metaflow.Parameter",
                "metaflow.Config",
                "airflow.models.param.Param",
                "airflow.models.Param",
            ),
        )[:3],
        "pipeline parameter",
    )
    params += evs(
        [(m, c) for m, c in find(ctx, suffixes=("DAG", "dag")) if c.has_kw("params")][:2], "DAG params"
    )
    cache += [
        ev(m, d, "task caching")
        for m, d in decorated(ctx, "task", "step")
        if any(
            d.has_kw(k) and d.kw(k) is not False
            # Prefect's cache keys and results, ZenML's enable_cache, Flyte's @task(cache=True, cache_version=...)
            for k in ("cache_key_fn", "cache_policy", "enable_cache", "persist_result", "cache")
        )
    ]
    cache += evs(find(ctx, prefixes=("metaflow.",), pred=lambda c: _last(c.name) in ("resume",))[:2])
    zen = zenml_runs(ctx)
    if zen is not None:
        # ZenML caches a step's outputs (keyed by its code, parameters and inputs) unless told not to.
        zen_params = [e for e in zenml_parameters(ctx) if "parameters" in e.detail][:3]
        # A run configuration file turns caching off for a pipeline whose code leaves it unset (what
        # the code sets wins over the file).
        files = [
            ctx.index.configs.get(c.kw("config_path"))
            for _m, c in find(
                ctx,
                suffixes=("with_options", "run", "configure"),
                pred=lambda c: isinstance(c.kw("config_path"), str),
            )
        ]
        files_off = bool(files) and all(d is not None and d.get("enable_cache") is False for d in files)
        for p in zen.pipelines:
            on = p.decorator.kw("enable_cache")
            if on is False or (on is None and files_off):
                continue
            what = "enable_cache=True" if on is True else "ZenML caches step outputs by default"
            same = next((e for e in zen_params if (e.path, e.line) == (p.path, p.line)), None)
            if same is not None:  # one place, one piece of evidence: both facts in it
                zen_params.remove(same)
                params.append(p.evidence(f"{what}; {same.detail}"))
                cache.append(params[-1])
            else:
                cache.append(p.evidence(what))
        params += zen_params
    if any(d.tool == "metaflow" for d in pipes):
        cache.append(
            Evidence(
                pipes[0].evidence[0].path, 0, "Metaflow persists step artifacts (resume from a failed step)"
            )
        )
    if any(d.tool in ("snakemake", "make") for d in pipes):
        cache.append(next(d for d in pipes if d.tool in ("snakemake", "make")).evidence[0])
    if params and cache:
        return [r.finding(PASS, "Pipeline steps are parameterised and cached.", params + cache)]
    missing = " and ".join(x for x, ok in (("parameters", params), ("caching", cache)) if not ok)
    return [
        r.finding(
            WARN,
            f"The pipeline has no {missing}.",
            params + cache + [e for d in pipes for e in d.evidence[:1]],
            _for_orchestrator(pipes, CACHING_FIXES),
        )
    ]


# Fixes in the orchestrator the project uses (the rule's example is Prefect's or Airflow's).
CACHING_FIXES = {
    "kedro": "```yaml\n# conf/base/catalog.yml: keep each run's outputs instead of overwriting them\n"
    "<dataset_name>:\n  type: <its type>\n  filepath: <its path>\n  versioned: true\n```\n"
    "and `kedro run --from-nodes <node>` re-runs only from the step that changed.",
    "metaflow": "Metaflow persists step artifacts already; resume a failed run with `python flow.py resume`.",
    "dvc": "```yaml\nstages:\n  featurize:\n    cmd: python featurize.py\n    deps: [data/raw]\n    outs: [data/features]\n```",
    "zenml": "```python\n@step(enable_cache=True)\ndef featurize(df: pd.DataFrame) -> pd.DataFrame: ...\n```",
}
MONITORING_FIXES = {
    "kedro": "```python\n# src/<package>/hooks.py, registered in settings.HOOKS\nclass AlertHooks:\n"
    "    @hook_impl\n    def on_pipeline_error(self, error, run_params, pipeline, catalog):\n"
    "        notify(f\"kedro run {run_params['run_id']} failed: {error}\")\n```",
    "metaflow": "```python\n@retry(times=2)\n@catch(var='failure')\n@step\ndef train(self): ...\n```",
    "prefect": "```python\n@task(retries=2, retry_delay_seconds=600)\ndef train(...): ...\n```",
    "dagster": "```python\n@op(retry_policy=RetryPolicy(max_retries=2))\ndef train(): ...\n```",
    "zenml": "```python\n@step(retry=StepRetryConfig(max_retries=2, delay=600))\ndef train(...): ...\n```",
}


def _for_orchestrator(pipes, table: dict) -> str:
    return next((table[d.tool] for d in pipes if d.tool in table), "")


MONITOR_KWS = (
    "on_failure_callback",
    "email_on_failure",
    "sla",
    "sla_miss_callback",
    "retries",
    "on_failure",
    "on_retry_callback",
    "retry_delay_seconds",
)


_RETRY_LIBRARIES = ("tenacity.retry", "backoff.on_exception", "backoff.on_predicate", "urllib3.util.retry.Retry",
                    "urllib3.Retry", "requests.packages.urllib3.util.retry.Retry")  # fmt: skip
_RETRY_PARAM = re.compile(
    r"^(max_|num_|n_)?(retries|retry|attempts|tries)$|^max_(retry|attempt|tries)\w*$|^backoff\w*$"
)


def _step_retries(ctx) -> list[Evidence]:
    """Code of the project that retries a failing call itself: a retry library's decorator or adapter, or a
    function taking a retry count (`max_retries`) that sleeps between attempts."""
    out = evs(find(ctx, prefixes=_RETRY_LIBRARIES)[:2], lambda c: f"{_last(c.name)}: retries")
    # the pipeline's own modules, before the notebooks it was explored in
    for m in sorted(facts(ctx).modules, key=lambda m: (m.path.endswith(".ipynb"), m.path)):
        sleeping = {
            fn[0]
            for c in m.calls
            if c.name in ("time.sleep", "asyncio.sleep") and (fn := m.innermost_function(c.line, c.cell))
        }
        for name, line, cell, _end in m.functions:
            params = m.func_params.get(name) or m.method_params.get(name) or ()
            if name in sleeping and any(_RETRY_PARAM.match(p) for p in params):
                out.append(Evidence(m.path, line, f"{name}() retries with a pause between attempts", cell))
                break
        if len(out) >= 3:
            break
    code = [e for e in out if not e.path.endswith(".ipynb")]
    return code or out


@rule(
    "ET503",
    "pipeline-unmonitored",
    "5.1",
    "Pipeline failures are retried and alert someone",
    what="For orchestrators (Airflow, Prefect, Dagster, Kubeflow, Metaflow, Flyte, ZenML, Luigi, "
    "Kedro hooks): retries, failure callbacks, e-mail/Slack alerts, SLAs, Metaflow `@retry`/`@catch`, "
    "Prefect notifications.",
    why="A scheduled retraining that fails silently keeps serving a stale model; nobody notices until "
    "the metrics drift.",
    example="```python\nwith DAG('retrain', schedule='@weekly'): ...\n```",
    fix="```python\ndefault_args = {'retries': 2, 'retry_delay': timedelta(minutes=10),\n"
    "                'on_failure_callback': notify_slack, 'email_on_failure': True}\n```",
)
def pipeline_monitoring(ctx):
    r = pipeline_monitoring.rule
    orch = [d for d in _pipelines(ctx) if d.tool in ORCHESTRATORS]
    if not orch:
        return []
    found = []
    for m, c in facts(ctx).calls + facts(ctx).decorators:
        if c.name.split(".", 1)[0] not in (
            "airflow",
            "prefect",
            "metaflow",
            "dagster",
            "flytekit",
            "zenml",
            "kfp",
            "luigi",
            "kedro",
        ):
            continue
        if any(c.has_kw(k) for k in MONITOR_KWS) or _last(c.name) in (
            "retry",
            "catch",
            "set_retry",
            "sensor",
            "run_failure_sensor",
            "timeout",
        ):
            found.append(ev(m, c, f"{_last(c.name)}: retries/alerts"))
    for m, c in facts(ctx).calls:
        values = list(c.args[:1]) + [v for _, v in c.kwargs]
        if any(isinstance(v, dict) and any(k in MONITOR_KWS for k in v) for v in values):
            found.append(ev(m, c, "default_args with retries/alerts"))
    for m, a in facts(ctx).assigns:
        if isinstance(a.value, dict) and any(k in MONITOR_KWS for k in a.value):
            found.append(Evidence(m.path, a.line, "default_args with retries/alerts", a.cell))
    if found:
        return [r.finding(PASS, "Pipeline failures are retried or alerted on.", found)]
    own = _step_retries(ctx)
    if own:
        return [
            r.finding(
                WARN,
                f"Steps retry their own failing calls ({where_list(own, 2)}), but the "
                f"{', '.join(d.label for d in orch)} pipeline neither retries a failed step nor alerts anyone.",
                own[:3] + [e for d in orch for e in d.evidence[:1]],
                _for_orchestrator(orch, MONITORING_FIXES),
            )
        ]
    return [
        r.finding(
            WARN,
            f"No retries, failure callbacks or alerts in the {', '.join(d.label for d in orch)} pipeline.",
            [e for d in orch for e in d.evidence[:2]],
            _for_orchestrator(orch, MONITORING_FIXES),
        )
    ]


JOB_SCRIPT = re.compile(
    r"(#SBATCH|\bsbatch\b|\bsrun\b|#PBS|\bqsub\b|kind:\s*(Job|PyTorchJob|TFJob|MPIJob|RayJob|RayCluster)|submitit|\bsky\s+launch|gcloud\s+ai\s+custom-jobs)"
)


# (os.execvp(cmd[0], cmd): the launcher replaces itself with the command it built, `mpirun -np N ...`)
_SPAWNS = ("subprocess.Popen", "subprocess.run", "subprocess.call", "subprocess.check_call", "os.execvp", "os.execv",
           "os.execvpe", "os.system")  # fmt: skip
_MP_SPAWN = ("torch.multiprocessing.spawn", "torch.multiprocessing.start_processes")


def _process_launchers(ctx) -> list[Evidence]:
    """The project's own launcher: a script that starts one process per GPU running a training entry
    point (`subprocess.Popen([python, 'train.py', '--rank=i'])`), or `torch.multiprocessing.spawn`."""
    train_names = {e.path.rsplit("/", 1)[-1] for e in ctx.taxonomy.training_entry_points}
    out = evs(find(ctx, exact=_MP_SPAWN)[:1], "spawns the worker processes")
    # detectron2's launch(main, args.num_gpus, ...) starts one process per GPU (and per machine given
    # --num-machines); a launcher forking one child per GPU (`child = os.fork()` in DeBERTa's) does too
    out += evs(
        find(ctx, exact=("detectron2.engine.launch", "detectron2.engine.defaults.launch"))[:1],
        "detectron2's launch starts one process per GPU",
    )
    out += evs(find(ctx, exact=("os.fork",))[:1], "forks the worker processes")
    # mp.Process(target=spawned_train, args=(opt, device_id, ...)) for each GPU: the code starts its
    # training processes itself, with the world size its options give
    out += evs(
        find(
            ctx,
            suffixes=("Process",),
            pred=lambda c: (
                "multiprocessing" in c.name
                and re.search(r"train", str(getattr(c.kw("target"), "text", "")).rsplit(".", 1)[-1], re.I)
                is not None
            ),
        )[:1],
        "starts one training process per device",
    )
    for m, c in find(ctx, exact=_SPAWNS):
        if any(text.rsplit("/", 1)[-1] in train_names for text, _, _ in m.file_literals):
            out.append(ev(m, c, "starts the training processes"))
            break
        # subprocess.check_call(["mpirun", "-np", str(n), sys.executable] + sys.argv): the script
        # relaunches itself under the launcher
        if m.launcher_literals:
            out.append(ev(m, c, f"starts its workers with {m.launcher_literals[0][0].split()[0]}"))
            break
    return out


# A multi-process launch written out in the documentation
_DOC_LAUNCH = re.compile(
    r"(torchrun|accelerate\s+launch|torch\.distributed\.(launch|run)|horovodrun|mpirun|mpiexec)\b[^\n`]{0,60}"
)


@rule(
    "ET510",
    "training-orchestration",
    "5.2",
    "Distributed and cluster training is scripted (launcher configs, job scripts)",
    what="Reports the distributed mode (DDP, FSDP, DeepSpeed, Accelerate, Horovod, Ray Train, TF distribution strategies, JAX pmap/sharding, MPI) and "
    "the launcher: SLURM/PBS job scripts, Kubernetes Job/PyTorchJob manifests, Polyaxonfiles running a TFJob, "
    "PyTorchJob or MPIJob, submitit, "
    "accelerate/DeepSpeed config files, torchrun commands.",
    why="A multi-GPU run launched from someone's shell history cannot be repeated with the same "
    "world size, precision and sharding, which change the result.",
    example="```text\n(torchrun --nproc_per_node 8 train.py, typed by hand)\n```",
    fix="```bash\n#!/bin/bash\n#SBATCH --gres=gpu:8 --time=24:00:00\nsrun torchrun --nproc_per_node 8 train.py --config configs/train.yaml\n```\n"
    "or commit the `accelerate config` YAML and launch with `accelerate launch --config_file configs/accelerate.yaml`.",
)
def training_orchestration(ctx):
    r = training_orchestration.rule
    # DataParallel runs in the one process `python train.py` starts: there is no launch to script
    dist = [d for d in ctx.present("distributed", include_examples=False) if d.tool != "data_parallel"]
    jobs = []
    # (a package list naming submitit installs it; no job is submitted by that)
    manifests = {d.path for d in ctx.index.dependencies}
    for path, text in ctx.index.texts.items():
        m = JOB_SCRIPT.search(text)
        if m and not path.lower().endswith((".md", ".rst")) and path not in manifests:
            jobs.append(Evidence(path, text.count("\n", 0, m.start()) + 1, f"job script: {m.group(0)[:30]}"))
    for doc in facts(ctx).config_docs:
        kind = doc.get("kind")
        if isinstance(kind, str) and kind in ("Job", "PyTorchJob", "TFJob", "MPIJob", "RayJob", "CronJob"):
            jobs.append(Evidence(doc.path, 0, f"Kubernetes {kind}"))
        if "distributed_type" in doc.top_keys() or "zero_optimization" in doc.top_keys():
            jobs.append(Evidence(doc.path, 0, "launcher config"))
    from ..detect.polyaxon import POLYAXON_DISTRIBUTED
    from .facts import polyaxon_components

    # a Polyaxonfile's Kubeflow job: Polyaxon starts its replicas on the cluster
    jobs += [
        c.evidence(f"Polyaxon {c.kind} (its replicas started on the cluster)")
        for c in polyaxon_components(ctx)
        if c.kind in POLYAXON_DISTRIBUTED
    ][:2]
    jobs += [
        Evidence(p, line, f"runs `{cmd[:60]}`", cell)
        for p, cell, line, cmd in facts(ctx).shell
        # mpiexec -n 8 python train.py: MPI starts the workers (guided-diffusion style dist_util)
        if re.search(
            r"torchrun|accelerate\s+launch|deepspeed\s|horovodrun|\bmpiexec\s|\bmpirun\s|torch\.distributed\.(launch|run)\b",
            cmd,
        )
    ][:3]
    if not jobs:
        # the README's launch command (`python -m torch.distributed.launch --nproc_per_node 4 train.py`):
        # a documented way to start the workers, which a reader can run as written
        for path, text in sorted(facts(ctx).docs.items()):
            m = _DOC_LAUNCH.search(text)
            if m and not path.startswith("docs/experiment-tracking-analysis"):
                jobs.append(Evidence(path, text.count("\n", 0, m.start()) + 1, f"documents `{m.group(0)}`"))
                break
    jobs += evs(find(ctx, prefixes=("submitit.",))[:2])
    # Launchers that start the worker processes themselves: a Lightning Trainer given a
    # strategy (in code or config), Metaflow's @torchrun/@parallel, Ray Train trainers.
    jobs += evs(
        find(
            ctx,
            suffixes=("Trainer", "Trainer.from_argparse_args"),
            # Lightning 1.x: Trainer(gpus=8, accelerator="ddp") or plugins=DDPPlugin(...)
            pred=lambda c: any(
                c.has_kw(k) for k in ("strategy", "devices", "accelerator", "plugins", "gpus")
            ),
        )[:2],
        "Lightning Trainer launches the processes",
    )
    # scripts/reproduce_train/*.sh: `python train.py --gpus=8 --num_nodes=2 --accelerator="ddp"`, the
    # Trainer's own options on the launch line
    jobs += [
        Evidence(p, line, f"runs `{cmd[:60]}`", cell)
        for p, cell, line, cmd in facts(ctx).shell
        if re.search(r"--(accelerator|strategy|distributed_backend)[= ]+[\"']?ddp", cmd)
    ][:2]
    jobs += evs(
        find(
            ctx,
            exact=("lightning.Fabric", "lightning.fabric.Fabric", "lightning_fabric.Fabric"),
            pred=lambda c: c.has_kw("strategy") or c.has_kw("devices"),
        )[:2],
        "Lightning Fabric launches the processes",
    )
    launched = {(e.path, e.line) for e in jobs}
    jobs += [
        Evidence(d.path, d.line, f"{d.detail}")
        for d in (e for x in dist for e in x.evidence)
        if "strategy" in d.detail and (d.path, d.line) not in launched  # the launcher line says more
    ][:2]
    jobs += evs(
        [(m, c) for m, c in facts(ctx).decorators if c.name.startswith("metaflow.") and _last(c.name) in (
            "torchrun", "parallel", "deepspeed", "ray_parallel")][:2],
        "Metaflow launches the workers",
    )  # fmt: skip
    jobs += evs(
        find(ctx, prefixes=("ray.train.",), pred=lambda c: c.has_kw("scaling_config"))[:2],
        "Ray Train ScalingConfig",
    )
    jobs += _process_launchers(ctx)
    if not dist and not jobs:
        return []
    mode = ", ".join(d.label for d in dist) or "single process"
    if jobs:
        return [
            r.finding(
                PASS,
                f"Training orchestration: {mode}; "
                + (
                    f"the launch command is documented ({jobs[0].where()}), not committed as a script."
                    if all(e.detail.startswith("documents `") for e in jobs)
                    else "launch is scripted."
                ),
                jobs[:6]
                + [
                    e
                    for d in dist
                    for e in d.evidence[:1]
                    if (e.path, e.line) not in {(j.path, j.line) for j in jobs}
                ],
            )
        ]
    if all(_one_process(d) for d in dist):
        # MirroredStrategy, nn.DataParallel, jax.pmap: one Python process drives every local device
        return [
            r.finding(
                PASS,
                f"{mode}: one process drives all of the machine's devices, so a plain `python` run uses them and "
                "no launcher is needed.",
                [e for d in dist for e in d.evidence[:1]],
            )
        ]
    return [
        r.finding(
            WARN,
            f"{mode} is used but no launcher config or job script is committed.",
            [e for d in dist for e in d.evidence[:2]],
        )
    ]


# Data parallelism inside one process (no worker processes to start): tf.distribute's single-host
# strategies, torch's DataParallel, JAX's pmap over local devices.
_ONE_PROCESS = re.compile(r"(MirroredStrategy|OneDeviceStrategy|DataParallel|jax\.pmap)\b")
_MULTI_PROCESS = re.compile(r"(MultiWorker|ParameterServer|Distributed|jax\.distributed|TPUClusterResolver)")


def _one_process(d) -> bool:
    details = " ".join(e.detail for e in d.evidence)
    return bool(_ONE_PROCESS.search(details)) and not _MULTI_PROCESS.search(details)


RESUME_KWS = ("ckpt_path", "resume_from_checkpoint", "resume")


_RESTORES_RUN = re.compile(r"(checkpoint|saver|ckpt|manager|orbax|state)", re.I)


# Functions that use a trained model rather than train it: batch_predict(), serve(), evaluate_model().
_PREDICTING = re.compile(r"(predict|infer|serve|serving|score|scoring|eval|export|deploy)", re.I)


def _restored_for_training(m, c, main, ctx=None) -> bool:
    """A checkpoint read on the training path, not in a function or module that predicts with it, nor in
    a function only side scripts call (`load_agent(path)` building a finished agent for a diagnostic)."""
    func = (m.innermost_function(c.line, c.cell) or ("",))[0]
    if not ((not main or m.path in main) and not _PREDICTING.search(func) and not _scoring_module(m)):
        return False
    if ctx is None or not main or not func or func.startswith("__"):
        return True
    calls = facts(ctx).by_last.get(func, ())
    # Trainer.fit() resuming through self.load(ckpt): a caller in the module itself, outside the function
    if any(
        cm.path == m.path and (cm.innermost_function(c.line, c.cell) or ("",))[0] != func for cm, c in calls
    ):
        return True
    callers = [cm for cm, _ in calls if cm.path != m.path]
    if not callers:
        return True
    # the typical run's program (the documented training commands and what they import)
    from ..rubric import typical_closure

    typical = typical_closure(ctx) or main
    return any(cm.path in typical for cm in callers)


def _scoring_module(m) -> bool:
    """A module named for scoring or producing outputs (evaluate.py, infer.py) that trains nothing itself:
    the checkpoint it restores is read to predict with, whichever training script imports its helpers."""
    from ..detect.engine import TRAIN_CALL

    stem = m.path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return bool(_SCORING_STEM.search(stem)) and not any(TRAIN_CALL.search(c.name) for c in m.calls)


_SCORING_STEM = re.compile(
    r"(^|[_-])(eval\w*|infer\w*|predict\w*|test\w*|demo|sample|sampling|generate|export|serve|serving|stylize|render)"
    r"([_-]|$)",
    re.I,
)


@rule(
    "ET511",
    "no-resume",
    "5.2",
    "Training can resume from a checkpoint after a failure",
    what="Looks for checkpoint-and-resume: Lightning `fit(ckpt_path=...)`, Transformers "
    "`train(resume_from_checkpoint=...)`, Accelerate `load_state`, optimizer state restored with "
    "`load_state_dict`, Keras `BackupAndRestore`, Ray/Optuna resume; a saved stage loaded back before "
    "training goes on (fastai `learn.load`) is told apart from a resume after failure.",
    why="Pre-emptible and time-limited cluster jobs die; without resume a crash at hour 20 costs 20 "
    "hours and tempts people to report the partial run.",
    example="```python\nfor epoch in range(100):\n    train_epoch()\ntorch.save(model.state_dict(), 'final.pt')\n```",
    fix="```python\nstate = torch.load(ckpt) if os.path.exists(ckpt) else None\nif state:\n    model.load_state_dict(state['model']); optimizer.load_state_dict(state['optim']); start = state['epoch'] + 1\n"
    "# Lightning: trainer.fit(model, ckpt_path='last')\n```",
)
def resume(ctx):
    r = resume.rule
    if not trains(ctx):
        return []
    dl_roots = {
        "torch",
        "tensorflow",
        "keras",
        "lightning",
        "pytorch_lightning",
        "transformers",
        "accelerate",
        "jax",
        "flax",
        "fastai",
        "detectron2",
        "mmengine",
        "mmcv",
        "allennlp",
        "fairseq",
    }
    if not any(root in dl_roots for root in facts(ctx).imports) and not (ctx.records and ctx.records.resume):
        return []
    found = [
        (m, c)
        for m, c in facts(ctx).calls
        if c.kwargs
        and _last(c.name) in ("fit", "train", "run", "Trainer", "Tuner", "TrainingArguments")
        # resume_from_checkpoint=False turns resuming off
        and any(c.has_kw(k) and c.kw(k) not in (False, None) for k in RESUME_KWS)
    ]
    # ... where training runs: a scoring or serving flow's load_checkpoint reads a model to predict with
    main = facts(ctx).main_path
    found += [
        (m, c)
        for m, c in find(ctx, suffixes=("BackupAndRestore", "load_checkpoint", "restore_checkpoint"))
        if _restored_for_training(m, c, main, ctx) and not instead_of_training(m, c)
    ]
    # detectron2: trainer.resume_or_load(resume=args.resume) restores model, optimizer, scheduler, iteration
    found += find(ctx, suffixes=("resume_or_load",), pred=lambda c: c.has_kw("resume"))
    # TF-Agents: the Learner's checkpointer restores the latest checkpoint under root_dir/train when it is
    # built, as a common.Checkpointer's initialize_or_restore() does
    found += [
        (m, c)
        for m, c in find(
            ctx, exact=("tf_agents.train.learner.Learner", "tf_agents.utils.common.Checkpointer")
        )
        if _restored_for_training(m, c, main) and not instead_of_training(m, c)
    ]
    # `.restore` of a checkpoint object (tf.train.Checkpoint, a Saver, a CheckpointManager, orbax); an
    # EMA's `ema.restore(params)` swaps weights back and resumes nothing.
    # A checkpoint restore names what it restores (saver.restore(sess, path), ckpt.restore(path));
    # saver.restore() with nothing to read puts back a saved simulator or object state.
    # ... on the training path: evaluate.py restoring a model to stylise images resumes no training
    found += [
        (m, c)
        for m, c in find(
            ctx,
            suffixes=("restore",),
            pred=lambda c: bool(_RESTORES_RUN.search(c.name)) and bool(c.args or c.kwargs),
        )
        if _restored_for_training(m, c, main) and not instead_of_training(m, c)
    ]
    # accelerator.load_state(dir) restores a training run; an emulator's or env's load_state does not.
    found += find(ctx, suffixes=("load_state",), pred=lambda c: "accelerat" in c.name.lower())
    # Lightning 1.x: Trainer.add_argparse_args(parser) adds every Trainer argument to the command line,
    # --resume_from_checkpoint among them, and Trainer.from_argparse_args(args) hands it to the Trainer
    if find(ctx, suffixes=("Trainer.add_argparse_args",)):
        found += find(ctx, suffixes=("Trainer.from_argparse_args",))
    found += [
        (m, c)
        for m, c in find(ctx, suffixes=("load_state_dict",))
        if ("optim" in c.name.lower() or "sched" in c.name.lower())
        and not copies_live_state(c)
        # a model class's load() that only the test scripts call restores nothing for training
        and _restored_for_training(m, c, main, ctx)
    ]
    rec_resume = ctx.records.resume if ctx.records is not None else []
    weights_only = (
        rec_resume
        and not found
        and "torch" in facts(ctx).imports
        and not any(
            # an option named for resuming (--resume_checkpoint) says what the load is for
            e.detail.startswith("resumes when")
            or re.search(r"\(\) return(s|ed)$|optim|sched|epoch|step|resum|continu|restart", e.detail, re.I)
            for e in rec_resume
        )
        and any(
            e.detail.endswith(("load_state_dict", "load_weights")) or "load_state_dict" in e.detail
            for e in rec_resume
        )
        # the option names weights to load (--load_model, --init_weights, --pretrained), not a snapshot
        # its help calls a resume
        and all(
            re.match(r"option -*\w*(load|init|pretrain|weights?)", e.detail, re.I)
            for e in rec_resume
            if e.detail.startswith("option ")
        )
    )
    if weights_only:
        # --load_model then model.load_state_dict(...): the weights come back, the optimizer's moments, the
        # learning-rate schedule and the step count start again
        return [
            r.finding(
                WARN,
                "Saved weights can be loaded before training ("
                + where_list(rec_resume, 2)
                + "), but no optimizer state, schedule or step count is restored: a restarted run continues "
                "from the weights (a warm start), not from where the failed run stopped.",
                rec_resume[:4],
                "Save and restore the whole training state:\n```python\n"
                "torch.save({'model': model.state_dict(), 'optimizer': optimizer.state_dict(), 'step': step}, ckpt)\n"
                "state = torch.load(ckpt); model.load_state_dict(state['model'])\n"
                "optimizer.load_state_dict(state['optimizer']); start_step = state['step'] + 1\n```",
            )
        ]
    if found or rec_resume:
        return [
            r.finding(
                PASS,
                "Training can resume from a checkpoint"
                + (
                    ""
                    if not rec_resume
                    else " (it continues from the checkpoint an interrupted run left)"
                    if any(
                        e.detail.startswith(("resumes when", "continues from the last checkpoint"))
                        or e.detail.endswith(RELOADS_OWN_CHECKPOINT)
                        for e in rec_resume
                    )
                    else " (on start it restores the latest checkpoint in its directory)"
                    if all(any(k in e.detail for k in LATEST_RESTORE) for e in rec_resume)
                    else " (it continues from the step or epoch a saved run reached)"
                    if re.search(r"\(\) return(s|ed)$", rec_resume[0].detail)
                    else " (an option names the checkpoint to continue from)"
                )
                + ".",
                rec_resume[:4] + evs(found[:5], lambda c: f"resume: {_last(c.name)}"),
            )
        ]
    saves = model_saves(ctx)
    rec_ckpts = [p.evidence for p in (ctx.records.checkpoints if ctx.records is not None else [])]
    fix = learner_fix(ctx, LEARNER_RESUME_FIXES)
    # Staged training: a stage saved by the object itself is loaded back before training goes on
    # (fastai `learn.load('stage-1')` then `learn.fit_one_cycle(...)`).
    trained = {(m.path, c.cell, c.line) for m, c in learner_calls(ctx, "train")}
    staged = [
        (m, c)
        for m, c in learner_calls(ctx, "load")
        if any(p == m.path and (cell, line) > (c.cell, c.line) for p, cell, line in trained)
    ]
    if staged:
        return [
            r.finding(
                WARN,
                "No automatic resume after a failure: training is staged, and a saved stage is loaded back "
                f"before training goes on ({where_list(evs(staged[:2]), 2)}), so a failed run can be restarted "
                "by hand from its last saved stage, not from the epoch it reached.",
                evs(staged[:3], lambda c: f"loads a saved stage: {_last(c.name)}") + rec_ckpts[:2],
                fix,
            )
        ]
    return [
        r.finding(
            WARN,
            "No resume-from-checkpoint path (ckpt_path=, resume_from_checkpoint=, optimizer state restore).",
            rec_ckpts[:3] or evs(saves[:3]) or facts(ctx).training[:2],
            fix,
        )
    ]


# Resuming in the library's own idiom: a checkpoint every epoch, then continue from the epoch reached.
LEARNER_RESUME_FIXES = {
    1: "learn.fit_one_cycle(20, 1e-3, callbacks=[SaveModelCallback(learn, every='epoch', name='epoch')])\n"
    "# after a failure at epoch k: learn.load(f'epoch_{k}'); learn.fit_one_cycle(20, 1e-3, start_epoch=k + 1)",
    2: "learn.fit_one_cycle(20, 1e-3, cbs=SaveModelCallback(every_epoch=True, with_opt=True))\n"
    "# after a failure at epoch k: learn.load(f'model_{k}'); learn.fit_one_cycle(20, 1e-3, start_epoch=k + 1)",
}


REGISTRY_METHODS = (
    "register_model",
    "create_registered_model",
    "create_model_version",
    "set_registered_model_alias",
    "transition_model_version_stage",
    "link_artifact",
    "link_model",
    "push_to_hub",
    "upload_model",
)
PROMOTION = (
    "set_registered_model_alias",
    "transition_model_version_stage",
    "set_model_version_tag",
    "update_model_package",
    "link_artifact",
    "link_model",
)


# MLflow model flavours by the project's framework (the first that the project uses).
_FLAVOURS = (
    ("flax", "pyfunc"),  # a Flax project importing tensorflow for its data is not a TensorFlow model
    ("jax", "pyfunc"),
    ("transformers", "transformers"),
    ("lightning", "pytorch"),
    ("pytorch_lightning", "pytorch"),
    ("torch", "pytorch"),
    ("tensorflow", "tensorflow"),
    ("keras", "keras"),
    ("xgboost", "xgboost"),
    ("lightgbm", "lightgbm"),
    ("catboost", "catboost"),
    ("sklearn", "sklearn"),
)


def _registry_fix(ctx) -> str:
    """Register the model the project already saves, in its framework and tracker, under its own name."""
    from ..fixes import first_in_stack

    name = re.sub(r"[^\w-]+", "-", ctx.inventory.root.name.lower()).strip("-") or "model"
    if stack_label(ctx) == "wandb":
        return (
            f"```python\nart = wandb.Artifact('{name}', type='model'); art.add_file(checkpoint_path)\n"
            f"run.log_artifact(art)\nrun.link_artifact(art, 'model-registry/{name}')\n```"
        )
    row = first_in_stack(ctx, _FLAVOURS)
    flavour = row[1] if row else "pyfunc"
    # push_to_hub is a method of transformers models (and Trainers); a plain nn.Module beside a
    # transformers tokenizer has none.
    hf_models = find(ctx, suffixes=("save_pretrained", "push_to_hub")) or hf_trainers(ctx)
    if flavour == "transformers" and stack_label(ctx) != "mlflow" and hf_models:
        return f"```python\nmodel.push_to_hub('<org>/{name}', revision=run_name)   # a versioned model on the Hub\n```"
    if stack_label(ctx) != "mlflow":
        # No tracker to register in: version the released checkpoints themselves, whatever framework
        # wrote them (Flax pytrees, Keras weights, torch state dicts).
        return (
            "Publish each checkpoint you report as a versioned, checksummed release, e.g.\n"
            f"```bash\nsha256sum <run_dir>/<checkpoint> > <checkpoint>.sha256\n"
            f"huggingface-cli upload <org>/{name} <run_dir> --revision v1.0   # or a GitHub release\n```\n"
            "and name that version and checksum in the README next to the results it produced."
            + (
                f" To adopt a registry instead: `mlflow.{flavour}.log_model(model, 'model', "
                f"registered_model_name='{name}')`."
                if flavour != "pyfunc"
                else ""
            )
        )
    return (
        f"```python\nmlflow.{flavour}.log_model(model, 'model', registered_model_name='{name}')\n```\n"
        "(or `dvc add` the checkpoint directory, so each model version is pinned by a hash)"
    )


def zenml_models(ctx) -> list[Evidence]:
    """ZenML Models attached to a pipeline or step (`@pipeline(model=Model(name=...))`): every run
    creates a version of the model in ZenML's Model Control Plane, linked to its artifacts."""
    zen = zenml_runs(ctx)
    if zen is None:
        return []
    out = []
    for s in (*zen.pipelines, *zen.steps):
        # (A ZenML decorator's `model=` takes nothing but a ZenML Model.)
        for k in ("model", "model_version", "model_config"):
            if s.decorator.kw(k) is not None:
                out.append(s.evidence(f"runs of {s.name} create a version of a ZenML Model ({k}=)"))
    names = {p.name for p in zen.pipelines}
    for m, c in find(ctx, suffixes=("with_options",), pred=lambda c: c.has_kw("model")):
        if c.name.split(".")[-2] in names and "Model" in getattr(c.kw("model"), "text", ""):
            out.append(ev(m, c, "runs create a version of a ZenML Model (with_options(model=))"))
    return out


# A push of a dataset (a Dataset/DatasetDict, a tokenised cache, a dataset repository's card) to the
# Hub: the data a run used, not a trained model.
_DATASET_RECEIVER = re.compile(
    r"(^|[._])(\w*datasets?|ds|data|\w*_data|\w*mix\w*|\w*card)(\(\))?\.push_to_hub$", re.I
)


def dataset_push(c) -> bool:
    """The pushed object comes from the `datasets` library or a dataset-named value
    (datasets.Dataset.from_list().push_to_hub, get_datasets()[split].push_to_hub, ds.push_to_hub)."""
    return _last(c.name) == "push_to_hub" and (
        c.kw("repo_type") == "dataset"
        or c.name.startswith("datasets.")
        or bool(_DATASET_RECEIVER.search(c.name))
        or bool(re.search(r"(data|^ds$|_ds$|^ds_)", c.name.split(".", 1)[0], re.I))
        or "dataset" in c.name.lower()
        # new_ds_dict.push_to_hub(...): `ds` as one word of the receiver's name
        or "ds" in re.split(r"[_.]", c.name.split(".", 1)[0].lower())
        # push_to_hub(repo, split="test"): only a Dataset's push takes a split
        or c.kw("split") is not None
    )


_REGISTRY_ROOTS = frozenset(
    {"mlflow", "wandb", "huggingface_hub", "transformers", "peft", "clearml", "neptune", "comet_ml", "zenml",
     "bentoml", "sagemaker", "azureml", "azure", "google", "vertexai", "kfp", "dagshub", "modelbit", "keras",
     "torch", "diffusers", "sentence_transformers", "timm", "trl", "setfit", "spacy", "lightning",
     "pytorch_lightning", "accelerate"}
)  # fmt: skip


def _other_library(m, c) -> bool:
    root = c.name.split(".", 1)[0]
    imported = {i.module.split(".", 1)[0] for i in m.imports}
    return root in imported and root not in _REGISTRY_ROOTS


def registry_calls(ctx) -> list:
    # A project's own `def register_model(cls)` (a decorator filling a dict of architectures) is not a
    # model registry: only the trackers' and hubs' methods of that name are.
    own = {name for m in ctx.index.modules.values() for name, *_ in m.functions}
    out = [
        (m, c)
        for m, c in find(ctx, suffixes=REGISTRY_METHODS)
        if (_last(c.name) not in own or c.name.split(".", 1)[0] in ("mlflow", "wandb", "huggingface_hub"))
        and not dataset_push(c)
        # ... nor another library's factory of that name (rl_games' model_builder.register_model('amp',
        # Builder) maps a name to a network class): only registry libraries, or an object the project
        # holds (model.push_to_hub, client.create_model_version)
        and not _other_library(m, c)
    ]
    out += find(
        ctx, suffixes=("log_model",), roots={"mlflow"}, pred=lambda c: c.has_kw("registered_model_name")
    )
    out += find(
        ctx,
        prefixes=(
            "sagemaker.model.ModelPackage",
            "sagemaker.workflow.step_collections.RegisterModel",
            "google.cloud.aiplatform.Model.upload",
            "azure.ai.ml.entities.Model",
            "azureml.core.Model.register",
        ),
    )
    return out


@rule(
    "ET520",
    "no-model-registry",
    "5.3",
    "Trained models are versioned in a model registry",
    what="Finds registry use: MLflow `register_model`/`registered_model_name=`/`create_model_version`, "
    "W&B `link_artifact`/`link_model`, SageMaker model packages, Vertex AI `Model.upload`, Azure ML "
    "models, Hugging Face `push_to_hub`, a ZenML `Model` on a pipeline (its Model Control Plane); "
    "registered models found in run stores on disk.",
    why="Models passed around as files (`best_final_v2.pkl`) lose their lineage: which run, data and "
    "metrics produced the model that is in production?",
    example="```python\njoblib.dump(model, 'models/model_final_v3.pkl')\n```",
    fix="```python\nmlflow.sklearn.log_model(model, 'model', registered_model_name='churn-classifier')\n```\n"
    "W&B: `run.link_artifact(model_artifact, 'model-registry/churn-classifier')`.",
)
def model_registry(ctx):
    r = model_registry.rule
    calls = registry_calls(ctx)
    stored = ctx.catalog.registered_models if ctx.catalog is not None else []
    ev_list = evs(calls[:6], lambda c: f"registry: {_last(c.name)}") + [
        Evidence(m["path"], 0, f"registered model {m['name']}") for m in stored[:3]
    ]
    zen = zenml_models(ctx)
    if zen and not ev_list:
        return [
            r.finding(
                PASS,
                "Models are versioned in ZenML's Model Control Plane: every pipeline run creates a model "
                "version linked to the artifacts it produced.",
                zen[:3],
            )
        ]
    question = "" if stored else when_enabled_question(ctx, ev_list, "Models are registered")
    if question:
        return [
            r.finding(
                REVIEW, "Models are registered only when a switch turns it on.", ev_list, question=question
            )
        ]
    if ev_list:
        return [
            r.finding(
                PASS,
                f"Models are registered ({len(calls)} call(s), {len(stored)} registered model(s) on disk).",
                ev_list,
            )
        ]
    from ..scoring import own_released_weights, released_weights

    if library(ctx) or (not trains(ctx) and own_released_weights(ctx) is None):
        return []  # a library's users register the models they train with it
    saves = model_saves(ctx)
    rec = ctx.records
    if not saves and rec is not None:
        # Checkpoints the run record holds (torch.save of a list of states to ckpt_{step}.pth), also
        # those written only behind a switch (ET310 asks about that switch).
        saves = [(None, p.evidence) for p in [*rec.checkpoints, *rec.optional] if p.role == "checkpoint"][:4]
    published = released_weights(ctx)
    if published is not None:
        # The weights are already released (a hub, a release page): what is missing is the link from
        # each released file to the run that produced it, not publishing.
        return [
            r.finding(
                WARN,
                f"Trained models are published ({published.where()}), but no registry ties each released "
                "version to the run, commit and data that produced it.",
                [published] + [c if m is None else ev(m, c) for m, c in saves[:3]],
                "Name, beside each released checkpoint, the commit, configuration and data version of the run "
                "that produced it, with the file's sha256, in the README or the release notes.",
            )
        ]
    fix = _registry_fix(ctx)
    return [
        r.finding(
            WARN,
            "Models are not registered; they exist only as files"
            if saves
            else "No model registry and no saved models.",
            [c if m is None else ev(m, c) for m, c in saves[:4]] or facts(ctx).training[:2],
            fix,
        )
    ]


@rule(
    "ET521",
    "no-promotion-workflow",
    "5.3",
    "Model promotion uses aliases/stages with a recorded decision",
    what="For registered models, looks for promotion: MLflow aliases (`champion`/`challenger`) or "
    "stage transitions, version tags and descriptions, W&B registry links, SageMaker approval "
    "status; and evaluation gates before promotion.",
    why="Without an explicit promotion step, 'production' is whichever version someone loaded last; "
    "rollback and audit are guesswork.",
    example="```python\nmlflow.register_model(uri, 'churn')   # consumers load 'latest'\n```",
    fix="```python\nclient = MlflowClient()\nif new_auc > champion_auc:\n    client.set_registered_model_alias('churn', 'champion', version)\n"
    "    client.set_model_version_tag('churn', version, 'validated_by', 'ci-eval')\n```",
)
def promotion(ctx):
    r = promotion.rule
    calls = registry_calls(ctx)
    stored = ctx.catalog.registered_models if ctx.catalog is not None else []
    zen = zenml_models(ctx)
    if not calls and not stored and not zen:
        return []
    promo = [(m, c) for m, c in find(ctx, suffixes=PROMOTION)]
    # Neptune's model_version.change_stage("production"): on a model version Neptune made, not any
    # object's change_stage (a curriculum's stage)
    promo += [
        (m, c)
        for m, c in find(ctx, suffixes=("change_stage",))
        if c.name.startswith(("neptune.", "neptune_client."))
        or ("neptune" in facts(ctx).imports and "model_version" in c.name.lower())
    ]
    # A ZenML model version moved to a stage (`Client().get_model_version(...).set_stage("production")`).
    promo += find(ctx, suffixes=("set_stage",), roots={"zenml"}) if zen else []
    promo += find(ctx, suffixes=("update_model_version", "update_registered_model"))
    ev_list = evs(promo[:6], lambda c: f"promotion: {_last(c.name)}")
    for m in stored:
        if m.get("aliases") or m.get("stages"):
            ev_list.append(Evidence(m["path"], 0, "aliases/stages recorded in the registry"))
    if ev_list:
        return [r.finding(PASS, "Model versions are promoted with aliases/stages.", ev_list)]
    hub = [(m, c) for m, c in calls if "push_to_hub" in c.name or "huggingface_hub" in c.name]
    fix = ""
    if zen and not calls:
        fix = (
            "```python\nfrom zenml.client import Client\n"
            "Client().get_model_version('<model>', '<version>').set_stage('production')   # after the evaluation gate\n```"
        )
    if hub and len(hub) == len(calls):
        # Models on the Hugging Face Hub: a release is a tag on the model repository, not an MLflow alias.
        fix = (
            "```python\nfrom huggingface_hub import create_tag\n"
            "create_tag('<org>/<model>', tag='v1.0', revision='<commit of the evaluated upload>')\n```\n"
            "and name that tag in the README beside the results it produced."
        )
    return [
        r.finding(
            WARN,
            "Models are registered but never promoted (no alias, stage or approval).",
            evs(calls[:3]) or zen[:3],
            fix,
        )
    ]


SERVING = (
    "bentoml.",
    "seldon_core.",
    "kserve.",
    "ts.torch_handler.",
    "tritonclient.",
    "fastapi.FastAPI",
    "flask.Flask",
    "ray.serve.",
    "litserve.",
    "mlflow.pyfunc.load_model",
    "mlflow.models.build_docker",
    "sagemaker.model.Model().deploy",
    "google.cloud.aiplatform.Model().deploy",
    "gradio.",
    "streamlit.",
)


_WEB_APPS = ("fastapi.FastAPI", "flask.Flask", "gradio.", "streamlit.")
# What a web app does when it serves a model: loads one, or calls one.
_MODEL_USE = re.compile(
    r"(load_model|from_pretrained|\.predict\w*|predict_proba|torch\.load|torch\.jit\.load|joblib\.load|"
    r"pickle\.load|onnxruntime\.|InferenceSession|transformers\.pipeline|\.generate$|pyfunc\.)"
)


def _web_app(c) -> bool:
    return c.name.startswith(_WEB_APPS)


def _serves_a_model(m) -> bool:
    """A web app (a FastAPI queue dashboard, a code-execution sandbox) serves a model only when its
    module loads or calls one."""
    return any(_MODEL_USE.search(c.name) for c in m.calls)


def _app_serves_a_model(ctx, cmd: str) -> bool:
    """`uvicorn pkg.api:app`: the app module named must serve a model; a command naming no module
    of this project (torchserve, mlflow models serve) serves one by itself."""
    words = re.sub(r"[\"',\[\]]", " ", cmd)  # CMD ["uvicorn", "api:app"] as a command line
    target = re.search(r"(?:uvicorn|gunicorn)\s+(?:-\S+\s+)*([\w.]+):\w+", words)
    if not target:
        return True
    path = target.group(1).replace(".", "/") + ".py"
    m = next((mod for p, mod in ctx.index.modules.items() if p == path or p.endswith("/" + path)), None)
    return m is None or _serves_a_model(m)


@rule(
    "ET522",
    "serving",
    "5.3",
    "Model serving integration is identified",
    what="Reports how models are served: BentoML, Seldon, KServe, TorchServe, Triton, FastAPI/Flask, "
    "Ray Serve, `mlflow models serve`, SageMaker/Vertex endpoints, batch scoring with "
    "`mlflow.pyfunc.load_model`.",
    why="Knowing the serving path tells you which registry version is live and what must be "
    "reproducible at inference time (preprocessing, thresholds).",
    example="```text\n(no serving code: models are handed over as files)\n```",
    fix="```python\nmodel = mlflow.pyfunc.load_model('models:/churn-classifier@champion')\n```\n"
    "or `mlflow models serve -m models:/churn-classifier@champion`.",
)
def serving(ctx):
    r = serving.rule
    found = evs(
        [(m, c) for m, c in find(ctx, prefixes=SERVING) if not _web_app(c) or _serves_a_model(m)][:4],
        lambda c: f"serving: {c.name.split('(')[0]}",
    )
    found += [
        Evidence(p, line, f"runs `{cmd[:60]}`", cell)
        for p, cell, line, cmd in facts(ctx).shell
        if re.search(
            r"mlflow\s+models\s+serve|bentoml\s+serve|(?<![\w-])(torchserve|uvicorn|tritonserver)\s+[\w.-]",
            cmd,
        )
        and _app_serves_a_model(ctx, cmd)
    ][:2]
    for path, text in ctx.index.texts.items():
        if path.rsplit("/", 1)[-1].lower().startswith("dockerfile"):
            # the server a container starts (CMD/ENTRYPOINT), not a package its pip install line names
            m = re.search(
                r"(?im)^[ \t]*(?:CMD|ENTRYPOINT)\b[^\n]*?\b(uvicorn|gunicorn|torchserve|tritonserver|"
                r"mlflow[\"', ]+models[\"', ]+serve|bentoml[\"', ]+serve)[^\n]*",
                text,
            )
            if m and _app_serves_a_model(ctx, m.group(0)):
                found.append(Evidence(path, text.count("\n", 0, m.start()) + 1, f"serves with {m.group(1)}"))
    if found:
        return [
            r.finding(PASS, "Serving path: " + ", ".join(sorted({e.detail for e in found})[:3]) + ".", found)
        ]
    return []
