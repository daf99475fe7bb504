"""Phase 1 rules: is there experiment tracking at all, where, and is the data versioned."""

from __future__ import annotations

import re

from ..model import FAIL, PASS, REVIEW, WARN, Evidence
from .facts import (
    ZENML_DATA_TYPES,
    facts,
    find,
    learner_fix,
    library,
    library_without_results,
    metaflow_data_artifacts,
    research_release,
    switched_off,
    training_code,
    trains,
    trains_nothing,
    zenml_data_steps,
    zenml_runs,
)
from .registry import rule
from .stack import for_stack

NAMING_FIX = {
    "mlflow": '```python\nmlflow.set_experiment("churn-model")\nwith mlflow.start_run(run_name=f"xgb-depth{cfg.depth}"):\n    ...\n```',
    "wandb": '```python\nwandb.init(project="churn-model", name=f"xgb-depth{cfg.depth}", group="baseline", config=cfg)\n```',
    "neptune": '```python\nrun = neptune.init_run(project="team/churn-model", name=f"xgb-depth{cfg.depth}")\n```',
    "comet": '```python\nexp = comet_ml.Experiment(project_name="churn-model")\nexp.set_name(f"xgb-depth{cfg.depth}")\n```',
    "clearml": '```python\ntask = Task.init(project_name="churn-model", task_name=f"xgb-depth{cfg.depth}")\n```',
    "aim": '```python\nrun = aim.Run(experiment="churn-model")\nrun.name = f"xgb-depth{cfg.depth}"\n```',
    "sacred": '```python\nex = Experiment("churn-model")\n```',
}
TAGS_FIX = {
    "mlflow": '```python\nmlflow.set_tags({"purpose": "ablation", "data_version": data_version})\n```',
    "wandb": '```python\nwandb.init(project="seg", tags=["ablation", f"data-{data_version}"])\n```',
    "neptune": '```python\nrun["sys/tags"].add(["ablation", f"data-{data_version}"])\n```',
    "comet": '```python\nexp.add_tags(["ablation", f"data-{data_version}"])\n```',
    "clearml": '```python\ntask.add_tags(["ablation", f"data-{data_version}"])\n```',
    "aim": '```python\nrun.add_tag("ablation")\n```',
}
DATA_FIX = {
    "mlflow": '```python\ndataset = mlflow.data.from_pandas(df, source=path, name="train")\n'
    'mlflow.log_input(dataset, context="training")  # records a digest of the data with the run\n```\n'
    "or version the files: `dvc init && dvc add <data directory>`.",
    "wandb": '```python\nart = wandb.Artifact("train-data", type="dataset")\nart.add_file("data/train.csv")\n'
    'run.log_artifact(art)  # later runs: run.use_artifact("train-data:v3")\n```',
    "default": "```bash\ndvc init && dvc add <data directory> && git add <data directory>.dvc .gitignore\n```",
}

DATA_SUFFIXES = (
    ".csv",
    ".tsv",
    ".parquet",
    ".npy",
    ".npz",
    ".h5",
    ".hdf5",
    ".pkl",
    ".pickle",
    ".pt",
    ".pth",
    ".ckpt",
    ".bin",
    ".safetensors",
    ".zip",
    ".tar",
    ".gz",
    ".feather",
    ".arrow",
    ".jsonl",
    ".tfrecord",
    ".onnx",
    ".joblib",
)
LARGE_DATA_BYTES = 10 * 1024 * 1024


def _tools(dets) -> str:
    return ", ".join(f"{d.label} ({d.usage}{'' if d.scope == 'core' else ', ' + d.scope})" for d in dets)


RUN_RECORDING_PIPELINES = frozenset({"metaflow", "zenml", "kubeflow", "flyte"})


def _data_type(step) -> str:
    return next((n for n in step.returns if ZENML_DATA_TYPES.match(n)), "data")


def _records_runs(d) -> bool:
    """OmegaConf alone reads configs; Hydra records runs only through @hydra.main and its outputs."""
    if d.tool != "hydra":
        return True
    return any("omegaconf" not in e.detail.lower() for e in d.evidence)


@rule(
    "ET101",
    "no-experiment-tracker",
    "1.1",
    "An experiment tracker records runs",
    what="Checks that the project uses (or configures) at least one experiment tracker: MLflow, "
    "Weights & Biases, DVC/DVCLive, Sacred, Neptune, Comet, TensorBoard, Hydra run outputs, "
    "Guild, ClearML, Aim, or a custom result logger.",
    why="Without a tracker, the parameters, metrics and code version of past runs exist only in "
    "terminals and memories; no run can be compared or recreated.",
    example="```python\nmodel.fit(X, y)\nprint(model.score(X_test, y_test))  # lost when the terminal closes\n```",
    fix="```python\nimport mlflow\nwith mlflow.start_run():\n    mlflow.log_params(params)\n"
    '    model.fit(X, y)\n    mlflow.log_metric("accuracy", model.score(X_test, y_test))\n```',
)
def tracker_present(ctx):
    r = tracker_present.rule
    core = [d for d in ctx.present("tracking", include_examples=False) if _records_runs(d)]
    anywhere = [d for d in ctx.present("tracking") if _records_runs(d)]
    # Orchestrators that version every run's parameters and outputs in their own store.
    # (ZenML only when the main path runs its pipelines: a pipeline module beside the training
    # script records none of that script's runs.)
    zen = zenml_runs(ctx)
    recorders = [
        d
        for d in ctx.present("pipelines", include_examples=False)
        if d.tool in RUN_RECORDING_PIPELINES and (d.tool != "zenml" or zen is not None)
    ]
    if not core and recorders:
        ev = [e for d in recorders for e in d.evidence[:2]]
        return [
            r.finding(
                PASS,
                f"No dedicated tracker, but {_tools(recorders)} records every run's parameters and artifacts.",
                ev,
            )
        ]
    if core:
        ev = [e for d in core for e in d.evidence[:2]]
        return [r.finding(PASS, f"Trackers in use: {_tools(core)}.", ev)]
    if anywhere:
        ev = [e for d in anywhere for e in d.evidence[:2]]
        return [r.finding(WARN, f"Trackers appear only in examples or tests: {_tools(anywhere)}.", ev)]
    declared = [d for d in ctx.detections if d.category == "tracking" and d.usage == "declared"]
    ev = [e for d in declared for e in d.evidence[:2]]
    if not ctx.index.modules and not ctx.inventory.store_roots:
        # Nothing runs yet: there is no run to lose, but nothing is set up to record one either.
        return [r.finding(WARN, "No code and no run store in scope, so nothing records experiments yet.", ev)]
    msg = "No experiment tracker is used or configured"
    if declared:
        msg += f" (declared but never called: {', '.join(d.label for d in declared)})"
    if not declared and not ctx.inventory.store_roots and trains_nothing(ctx):
        # An inference release or a tool that trains nothing (CLIP, llama, segment-anything) makes no
        # training runs for a tracker to record: a tracker is no gap there.
        return []
    entry = ctx.taxonomy.training_entry_points[:3]
    if entry:
        msg += f"; training code: {', '.join(e.where() for e in entry)}"
    # the training code first: the fix goes there, not into the module with the unused import
    return [r.finding(FAIL, msg + ".", [*entry[:1], *ev] if entry else ev, _tracker_fix(ctx))]


# Recording runs in the way the project trains: an estimator's fit/score (the rule's MLflow example), the
# Hugging Face Trainer's own reporting, Keras callbacks, or, for a hand-written loop (a GAN's session,
# an RL episode loop), a per-run metrics file that needs no new dependency.
TRACKER_FIXES = {
    "hf_trainer": "TrainingArguments(..., report_to=['tensorboard'], logging_dir=os.path.join(output_dir, 'logs'),\n"
    "                  logging_steps=10)   # loss, learning rate and eval metrics per step, per run",
    "keras": "run_dir = os.path.join('runs', time.strftime('%Y%m%d-%H%M%S'))\n"
    "model.fit(..., callbacks=[keras.callbacks.CSVLogger(os.path.join(run_dir, 'history.csv')),\n"
    "                          keras.callbacks.TensorBoard(run_dir)])   # per-epoch metrics, one folder per run",
    "loop": "run_dir = os.path.join('runs', time.strftime('%Y%m%d-%H%M%S'))   # one folder per run\n"
    "os.makedirs(run_dir)\n"
    "with open(os.path.join(run_dir, 'config.json'), 'w') as f:\n"
    "    json.dump(config, f, indent=2)   # the settings this run used\n"
    "metrics = open(os.path.join(run_dir, 'metrics.jsonl'), 'a')\n"
    "# in the training loop, once per step / epoch / episode:\n"
    "metrics.write(json.dumps({'step': step, 'loss': float(loss)}) + '\\n'); metrics.flush()",
}


def _tracker_fix(ctx) -> str:
    from ..fixes import imported_roots
    from .facts import hf_trainers

    learner = learner_fix(ctx, LEARNER_TRACKER_FIXES)
    if learner:
        return learner
    roots = imported_roots(ctx)
    if hf_trainers(ctx):
        style = "hf_trainer"
    elif (
        roots & {"keras", "tensorflow"}
        and "torch" not in roots
        and find(ctx, suffixes=("fit", "fit_generator"), pred=_keras_fit)
    ):
        style = "keras"
    elif roots & {"torch", "tensorflow", "jax", "flax", "keras", "theano", "chainer", "mxnet", "paddle"}:
        style = "loop"
    else:
        return ""  # an estimator's fit/score: the rule's own example fits
    text = TRACKER_FIXES[style]
    from ..records import run_dir_expr

    run = run_dir_expr(ctx)
    if style != "hf_trainer" and run != "run_dir":
        # The code already keeps a folder per run (its checkpoints' model_dir, a writer's logdir): the
        # records go there, not into a second tree cut off from them.
        lines = [ln for ln in text.splitlines() if not ln.startswith(("run_dir = ", "os.makedirs(run_dir"))]
        text = re.sub(r"\brun_dir\b", run, "\n".join(lines))
    return f"```python\n{text}\n```"


def _keras_fit(c) -> bool:
    """`model.fit(x, y, epochs=...)` of Keras rather than an estimator's `fit(X, y)`."""
    return (
        c.has_kw("epochs")
        or c.has_kw("callbacks")
        or c.has_kw("validation_data")
        or c.name.endswith("fit_generator")
    )


# A tracker around the library's own training call (fastai: no model.fit(X, y) to wrap).
LEARNER_TRACKER_FIXES = {
    1: "import mlflow\nwith mlflow.start_run():\n    mlflow.log_params({'arch': 'resnet50', 'lr': lr, 'epochs': epochs})\n"
    "    learn.fit_one_cycle(epochs, lr, callbacks=[CSVLogger(learn, filename='history')])\n"
    "    mlflow.log_artifact(str(learn.path/'history.csv'))   # the per-epoch losses and metrics\n"
    "    learn.save('stage-1')\n    mlflow.log_artifact(str(learn.path/learn.model_dir/'stage-1.pth'))",
    2: "import mlflow.fastai\nmlflow.fastai.autolog()   # parameters, per-epoch metrics and the model of every fit\n"
    "with mlflow.start_run():\n    learn.fine_tune(epochs)",
}


def _frozen_manifests(ctx) -> set[str]:
    """Requirement files that snapshot a whole environment: many packages, nearly all pinned exactly."""
    by_path: dict[str, list] = {}
    for dep in ctx.index.dependencies:
        by_path.setdefault(dep.path, []).append(dep)
    return {
        path
        for path, deps in by_path.items()
        if len(deps) >= 40 and sum(d.exact for d in deps) >= 0.9 * len(deps)
    }


@rule(
    "ET102",
    "declared-tracker-unused",
    "1.1",
    "Declared tracking dependencies are actually used",
    what="Finds tracking or search libraries that are listed as dependencies or imported, but never "
    "called anywhere in the project.",
    why="A dependency that is never called suggests tracking that silently stopped working (a "
    "removed call, an import left behind) and makes readers believe runs are logged when they are not.",
    example="```text\n# requirements.txt\nwandb==0.16.0   # but no wandb.init() anywhere\n```",
    fix="Either call the tracker from the training entry point (`wandb.init(config=cfg)`) or remove "
    "the dependency so the environment says what the code does.",
)
def declared_unused(ctx):
    r = declared_unused.rule
    frozen = _frozen_manifests(ctx)
    dead = [
        d
        for d in ctx.detections
        if d.usage == "declared"
        and d.category in ("tracking", "hpo")
        # A pip-freeze style lock lists transitive packages (omegaconf under kedro): not a claim of use.
        and not all(e.path in frozen for e in d.evidence)
        # The same package at work under another role: `dvc` declared for DVC pipelines or data versioning.
        and not any(
            o is not d and o.tool.split("_")[0] == d.tool.split("_")[0] and o.usage in ("used", "configured")
            for o in ctx.detections
        )
        # `ray` listed for Ray Tune, but the project calls ray itself (ray.init, @ray.remote actors):
        # the package is at work; only the Tune part is unused, and removing it would break the code.
        and not (d.tool.split("_")[0] != d.tool and facts(ctx).by_root.get(d.tool.split("_")[0]))
    ]
    if not dead:
        return []
    ev = [e for d in dead for e in d.evidence[:2]]
    # TF1 summary ops built where nothing writes them (engine: _unwritten_summaries): called, to no effect
    built = [
        d
        for d in dead
        if d.tool == "tensorboard"
        and d.evidence
        and all(e.detail.startswith("calls ") and "summary" in e.detail for e in d.evidence)
    ]
    parts = []
    unused = [d.label for d in dead if d not in built]
    if unused:
        parts.append(f"Declared or imported but never called: {', '.join(unused)}.")
    for d in built:
        parts.append(
            f"{d.label}: called ({d.evidence[0].where()}: {d.evidence[0].detail.removeprefix('calls ')}), but "
            "nothing in the project writes what it builds (no summary writer is created), so no run records it."
        )
    return [r.finding(WARN, " ".join(parts), ev)]


# The environment variables a tracker takes its project, experiment or run name from, by tracker.
_NAMING_ENV = {
    "wandb": ("WANDB_PROJECT", "WANDB_NAME"),
    "mlflow": ("MLFLOW_EXPERIMENT_NAME",),
    "comet": ("COMET_PROJECT_NAME",),
    "neptune": ("NEPTUNE_PROJECT",),
}
# VAR=value at the start of a command or after another assignment (`CUDA_VISIBLE_DEVICES=0 WANDB_PROJECT=x
# python train.py`), never an empty value
_ENV_SET = re.compile(r"""(?:^|[ \t;])(?:export[ \t]+|env[ \t]+)?(?P<sh>[A-Z_]+)=(?!["']{2}|\s|$)""", re.M)


def _named_by_environment(ctx, tools: set) -> list[Evidence]:
    from ..detect.engine import scope_of
    from ..inventory import is_shell_script

    wanted = {v: t for t, names in _NAMING_ENV.items() if t in tools for v in names}
    if not wanted:
        return []
    out = []
    for path, text in sorted(ctx.index.texts.items()):
        if not is_shell_script(path.lower()) or scope_of(path) in ("test", "example"):
            continue
        for m in _ENV_SET.finditer(text):
            start = text.rfind("\n", 0, m.start()) + 1
            if m.group("sh") in wanted and not text[start : m.start()].lstrip().startswith("#"):
                out.append(Evidence(path, text.count("\n", 0, m.start()) + 1, f"sets {m.group('sh')}"))
                break
    # os.environ["WANDB_PROJECT"] = "sft" in the project's code (an assignment, not a read)
    for m in facts(ctx).modules:
        for a in m.assigns:
            hit = re.fullmatch(r"os\.environ\[['\"]?(\w+)['\"]?\]", a.target)
            if hit and hit.group(1) in wanted and a.value not in (None, ""):
                out.append(Evidence(m.path, a.line, f"sets {hit.group(1)}", a.cell))
                break
    return out


# What a run's own name is made of: an experiment or run name (expname, run_name), a tag, a seed, an id
_RUN_NAME_WORD = re.compile(r"name|exp|run|tag|desc|prefix|suffix|seed|version|setting|(^|_)id(_|$)", re.I)
# ... not a setting's name: a model's, a dataset's or an environment's is shared by every run of it
# (`{p['scan_model']}`, `{cfg['train_db_name']}`, `{args.env_name}`)
_SETTING_NAME = re.compile(r"(model|data|db|dataset|env|arch|task|backbone|net|game)_?name", re.I)


def _names_a_run(target: str) -> bool:
    for held in re.findall(r"\{([^{}]+)\}", target):
        key = re.findall(r"[A-Za-z_]\w*", held.rsplit(".", 1)[-1].replace("'", " ").replace('"', " "))
        if key and _RUN_NAME_WORD.search(key[-1]) and not _SETTING_NAME.search(key[-1]):
            return True
    return False


@rule(
    "ET110",
    "no-run-naming",
    "1.2",
    "Runs and experiments are named",
    what="Looks for calls that name experiments and runs (`mlflow.set_experiment`, "
    '`mlflow.start_run(run_name=...)`, `wandb.init(project=..., name=...)`, Sacred `Experiment("name")`, '
    "Polyaxon's `tracking.init(name=...)` or a Polyaxonfile's `name:`).",
    why="Unnamed runs land in a default experiment with generated names; months later nobody can "
    "tell which run belonged to which study.",
    example="```python\nwith mlflow.start_run():  # run 'bold-lamb-42' in experiment 'Default'\n    ...\n```",
    fix='```python\nmlflow.set_experiment("churn-model")\nwith mlflow.start_run(run_name=f"xgb-depth{cfg.depth}"):\n    ...\n```',
)
def run_naming(ctx):
    r = run_naming.rule
    # A run directory named from the run's own arguments or a timestamp names the run too.
    rec = ctx.records
    dirs = (
        [
            p
            for p in (*rec.metrics, *rec.config, *rec.checkpoints)
            # "archived": a folder named by the run's option file (BasicSR's experiments/{name})
            if p.keeping in ("time", "counter", "archived")
            or (p.keeping == "named" and _names_a_run(p.target))
        ]
        if rec
        else []
    )
    from ..fixes import training_paths

    main = training_paths(ctx)
    if main:
        # a utility's output file (a BPE tool's, a checkpoint converter's) names no training run
        dirs = [p for p in dirs if p.evidence.path in main]
    code_trackers = [
        d for d in ctx.present("tracking") if d.tool not in ("hydra", "custom_logging", "tensorboard", "dvc")
    ]
    if dirs and not ctx.taxonomy.experiment_names:
        return [
            r.finding(
                PASS,
                f"Each run's output is named per run: {dirs[0].describe()}.",
                [p.evidence for p in dirs[:3]],
            )
        ]
    from .facts import dora_mains, evs

    dora = dora_mains(ctx)
    if dora and not ctx.taxonomy.experiment_names:
        return [
            r.finding(
                PASS,
                "Dora names each experiment's folder by a signature of its configuration, so a run with "
                "the same settings finds its folder again.",
                evs(dora[:1], "runs in the folder Dora names by the config's signature"),
            )
        ]
    if not code_trackers:
        return []
    named = ctx.taxonomy.experiment_names + [p.evidence for p in dirs[:2]]
    if named:
        return [
            r.finding(
                PASS,
                f"Experiments or runs are named in {len({e.path for e in named})} file(s).",
                named,
            )
        ]
    # `export WANDB_PROJECT=...` in the launch script, os.environ["MLFLOW_EXPERIMENT_NAME"] = ...: the
    # tracker reads the project or experiment name (and the run name) from the environment
    by_env = _named_by_environment(ctx, {d.tool for d in code_trackers})
    if by_env:
        return [
            r.finding(
                PASS,
                f"Runs are named through the environment the tracker reads ({by_env[0].detail}).",
                by_env[:3],
            )
        ]
    # A ZenML step run with an experiment tracker (`@step(experiment_tracker=...)`): ZenML opens the
    # tracker's run itself, named after the pipeline (experiment) and the pipeline run (run).
    zen = zenml_runs(ctx)
    tracked = [
        s for s in (zen.steps if zen is not None else []) if s.decorator.kw("experiment_tracker") is not None
    ]
    if tracked:
        return [
            r.finding(
                PASS,
                "ZenML names the tracker's runs: the experiment after the pipeline and each run after the "
                f"pipeline run (`{tracked[0].name}` runs with `experiment_tracker=`).",
                [s.evidence("step with an experiment tracker") for s in tracked[:3]],
            )
        ]
    return [
        r.finding(
            WARN,
            f"Runs are logged without an experiment or run name (trackers: {_tools(code_trackers)}).",
            [e for d in code_trackers for e in d.evidence[:2]],
            for_stack(ctx, NAMING_FIX),
        )
    ]


@rule(
    "ET111",
    "no-run-tags",
    "1.2",
    "Runs are tagged for later search",
    what="Looks for tagging calls (`mlflow.set_tag(s)`, `wandb.init(tags=[...])`, `start_run(tags=...)`).",
    why="Tags (model family, dataset version, purpose such as 'ablation') are how a team finds the "
    "runs that matter among hundreds.",
    example='```python\nwandb.init(project="seg")\n```',
    fix='```python\nwandb.init(project="seg", tags=["ablation", f"data-{data_version}"])\n# or\nmlflow.set_tags({"purpose": "ablation", "data_version": data_version})\n```',
)
def run_tags(ctx):
    r = run_tags.rule
    trackers = [
        d
        for d in ctx.present("tracking")
        if d.tool in ("mlflow", "wandb", "neptune", "comet", "clearml", "aim") and not switched_off(ctx, d)
    ]
    if not trackers:
        return []
    if ctx.taxonomy.tagging:
        return [
            r.finding(
                PASS,
                f"Runs are tagged ({len(ctx.taxonomy.tagging)} tagging call(s)).",
                ctx.taxonomy.tagging,
            )
        ]
    evidence = [e for d in trackers for e in d.evidence[:1]]
    fix = for_stack(ctx, TAGS_FIX)
    init = next((e for e in evidence if "wandb.init" in e.detail), None)
    if init is not None:
        # the project's own wandb.init call takes the tags; the usual example's project="seg" is no name of its
        fix = (
            f"Add `tags=` to the `wandb.init` call at `{init.where()}`, naming what the run tests and the data "
            'it reads:\n```python\nwandb.init(..., tags=["<purpose>", f"data-{<dataset version>}"])\n```'
        )
    return [r.finding(WARN, "No tagging calls found for " + _tools(trackers) + ".", evidence, fix)]


@rule(
    "ET120",
    "no-data-versioning",
    "1.3",
    "Datasets are versioned",
    what="Checks for a data versioning mechanism: DVC (`.dvc` files, `dvc.lock`), Git LFS, W&B "
    "Artifacts, Delta Lake, lakeFS, or a feature store; the data a ZenML step returns is kept as an "
    "artifact of each run (the source it came from is not versioned by that).",
    why="If the dataset behind a run can change in place, the run cannot be recreated even with the "
    "exact code and parameters.",
    example="```text\ndata/train.csv   # overwritten by every preprocessing run\n```",
    fix="```bash\ndvc init && dvc add data/train.csv && git add data/train.csv.dvc .gitignore\n```\n"
    'or record a dataset digest with each run (`mlflow.log_input(mlflow.data.from_pandas(df), context="training")`).',
)
def data_versioning(ctx):
    r = data_versioning.rule
    from .facts import data_versioning_tools

    dv = data_versioning_tools(ctx)
    if dv:
        return [r.finding(PASS, f"Data versioning: {_tools(dv)}.", [e for d in dv for e in d.evidence[:2]])]
    if not ctx.index.modules:
        return [
            r.finding(
                WARN, "No code in scope yet; decide how datasets will be versioned before the first run."
            )
        ]
    from ..domain import data_domain, registry_pin_fix

    kept = metaflow_data_artifacts(ctx)
    if kept:
        # The data a step loads into self is versioned with the run; the source files are not.
        return [
            r.finding(
                WARN,
                "Metaflow stores the data each run loads (assigned to `self`) as a versioned artifact of "
                "the run; the source files themselves are not versioned.",
                kept[:2],
            )
        ]
    data_steps = zenml_data_steps(ctx)
    if data_steps:
        # A step's output is stored as a versioned artifact of the run, linked to the steps that read
        # it: the data each run trained on is kept; the sources it was read from are not versioned.
        names = ", ".join(f"`{s.name}`" for s in data_steps[:3])
        return [
            r.finding(
                WARN,
                f"ZenML stores the data its steps return ({names}) as a versioned artifact of every run, "
                "with lineage to the steps that use it; the source it is read or generated from is not versioned.",
                [s.evidence(f"step {s.name} returns data ({_data_type(s)})") for s in data_steps[:3]],
                "Version the source as well, so a run's data artifact can be traced to it: "
                "`dvc add <data directory>` (with a DVC remote), or register the source files as a ZenML "
                "artifact (`zenml.register_artifact` / `ExternalArtifact`) that the loading step reads.",
            )
        ]
    dom = data_domain(ctx)
    if dom.kind == "simulator" and dom.own_envs:
        # the project's own environment (a game on pygame) generates the data: versioned with the code
        sims = ", ".join(dom.simulators)
        # a game in plain Python has no engine to pin
        pinned = bool(dom.simulator_pins) or not sims
        return [
            r.finding(
                PASS if pinned else WARN,
                f"No dataset: the data is generated by the project's own environment ({dom.own_envs[0].path}"
                + (f", on {sims}" if sims else "")
                + "), committed with the code"
                + (
                    "."
                    if not sims
                    else ", and the engine's version is pinned."
                    if pinned
                    else f"; {sims}'s version is not pinned."
                ),
                dom.own_envs[:2] + dom.simulator_pins[:1],
                ""
                if pinned
                else f"Pin the engine exactly (`{dom.simulators[0]}==<version>` in the requirements) "
                "and record the commit with every run.",
            )
        ]
    if dom.kind == "simulator":
        # Reinforcement learning: the simulator and its version are the data.
        if dom.simulator_pins:
            return [
                r.finding(
                    PASS,
                    f"No dataset: the data is generated by the simulator ({', '.join(dom.simulators)}), "
                    "whose version is pinned.",
                    dom.simulator_pins[:3],
                )
            ]
        return [
            r.finding(
                WARN,
                f"The data is generated by a simulator ({', '.join(dom.simulators)}) whose version is not pinned.",
                [],
                f"Pin the simulator packages exactly (e.g. `{dom.simulators[0]}==<version>` in the requirements) "
                "and record the environment id with every run.",
            )
        ]
    if dom.kind == "registry":
        if dom.registry_pinned:
            return [
                r.finding(
                    PASS, "Datasets are loaded from a registry at a pinned version.", dom.registry_pinned[:3]
                )
            ]
        return [
            r.finding(
                WARN,
                "Datasets are loaded from a registry by name, without a version or revision.",
                dom.registry[:3],
                f"Pin the dataset version: {registry_pin_fix(dom)}.",
            )
        ]
    from ..rubric import recorded_checksums

    listed = recorded_checksums(ctx)
    if listed is not None:
        # a manifest of the data files with their digests: the files are pinned, not versioned by a tool
        return [
            r.finding(
                WARN,
                f"No data versioning tool; the data files are listed with their checksums ({listed.detail}).",
                [listed],
                "Keep the checksums, and version the data itself with a tool (DVC, LFS with a remote) so older "
                "versions can be fetched again.",
            )
        ]
    from ..rubric import verified_downloads

    checked = verified_downloads(ctx)
    if checked:
        # download(url, sha1_hash=...): the bytes are pinned by digest; older versions are the source's
        return [
            r.finding(
                WARN,
                "No data versioning tool; downloads are checked against the digests the code states, so "
                "every run reads the same bytes.",
                [Evidence(m.path, c.line, f"{c.name} checks a digest", c.cell) for m, c in checked[:3]],
                "Keep the digests; record in each run which archives (and digests) it read (ET421).",
            )
        ]
    from .facts import checksummed_library_data

    lib_data = checksummed_library_data(ctx)
    if lib_data is not None:
        # torchvision.datasets.CIFAR10(root, download=True): one release, checked against the md5 sums in
        # torchvision's code; which one a run read is said by the library's version
        call, package, pin = lib_data
        return [
            r.finding(
                WARN,
                f"No data versioning tool; the data is read through `{call.detail}` ({call.where()}), a fixed "
                f"release that {package} checks against checksums in its own code, so its version is "
                f"{package}'s"
                + (f" ({pin.detail}, {pin.where()})." if pin else ", which no manifest pins exactly."),
                [call] + ([pin] if pin else []),
                f"Keep the library's dataset class; pin `{package}==<version>` in the requirements and record "
                f"`{package.replace('-', '_')}.__version__` with each run (ET421)."
                if pin is None
                else f"Record `{package.replace('-', '_')}.__version__` with each run (ET421).",
            )
        ]
    from ..rubric import committed_data_evidence, committed_data_fix, committed_training_data, data_kind

    committed = committed_training_data(ctx)
    if committed:
        # Data kept in git is versioned with the code: no separate tool, but nothing a run reads can
        # change without a commit.
        return [
            r.finding(
                WARN,
                f"No data versioning tool; {data_kind(committed, ctx)} is committed in git with the code "
                f"({len(committed)} file(s), e.g. {committed[0].path}), so it is versioned by the commit.",
                committed_data_evidence(committed, 3),
                committed_data_fix(ctx, committed),
            )
        ]
    # a library that reports results of its own (FCOS's pip-installable package beside its paper's COCO
    # tables) trained those on data of its own choosing: no excuse that its users bring the data
    lib = library(ctx) if library_without_results(ctx) else None
    from ..rubric import public_benchmark_doc

    # ... the code of a paper, or a library reporting its own results (ranked on a benchmark as a paper is)
    paper = research_release(ctx) is not None or library(ctx) is not None
    bench = public_benchmark_doc(ctx) if lib is None and paper else None
    from ..scoring import released_weights
    from .facts import trains_nothing

    if bench is not None and trains_nothing(ctx) and released_weights(ctx) is not None:
        # a release of inference code (training kept elsewhere, weights downloaded): no run here reads
        # the training data; what a reader can still be told is which release of it the weights saw
        return [
            r.finding(
                WARN,
                f"No training code here: the released weights were trained on the public benchmark the "
                f"documentation names ({bench.where()}: {bench.detail}), with no version or checksum stated.",
                [bench],
                f"State beside the weights which release of {bench.detail} they were trained on (version, "
                "split, and the download's sha256), so the published results can be traced to their data.",
            )
        ]
    from ..scoring import own_released_weights

    weights = own_released_weights(ctx) if bench is None and trains_nothing(ctx) else None
    if weights is not None:
        # a sampling or inference release (karlo's example.py loading its checkpoints): no code here reads
        # a dataset, so nothing here can version one; the gap is the released weights' provenance
        return [
            r.finding(
                WARN,
                f"No training code here: nothing reads a dataset; the released weights ({weights.where()}) come "
                "with no version or checksum of the data they were trained on.",
                [weights],
                "State beside the weights which data they were trained on (dataset, release or subset "
                "definition, and a checksum of the files), so the published results can be traced to it.",
            )
        ]
    if bench is not None:
        # the code of a paper on a public benchmark (COCO, VOC2012): the release names the data; what is
        # missing is a record of which copy a run read, a gap rather than a failure
        return [
            r.finding(
                WARN,
                f"No data versioning tool; the data is the public benchmark the documentation names "
                f"({bench.where()}: {bench.detail}), identified by its release, but no run records which copy "
                "or version it read.",
                [bench],
                _data_fix(ctx),
            )
        ]
    return [
        r.finding(
            # a library trains on what its users hand it: no versioned data of its own is a gap, not a failure
            WARN if lib is not None else FAIL,
            "No data versioning found (no DVC, Git LFS, W&B Artifacts, Delta Lake, lakeFS or feature store)"
            + (
                (
                    "; as a library, it trains on the data its users pass it."
                    if trains(ctx) or training_code(ctx)
                    else "; as a library that trains nothing, the data are its users'."
                )
                if lib is not None
                else "."
            ),
            (),
            _data_fix(ctx),
        )
    ]


# Data that is not a DataFrame (image folders, audio, text corpora): a digest of the file list, kept with
# the run, works in any stack; the tracker's own dataset record where there is one.
DIR_DATA_FIX = {
    "wandb": '```python\nart = wandb.Artifact("train-data", type="dataset")\nart.add_dir(data_dir)\n'
    'run.log_artifact(art)  # later runs: run.use_artifact("train-data:v3")\n```',
    "default": "```python\nfiles = sorted(p for p in glob.glob(os.path.join(data_dir, '**', '*'), recursive=True) if os.path.isfile(p))\n"
    "digest = hashlib.sha256('\\n'.join(f'{p}:{os.path.getsize(p)}' for p in files).encode()).hexdigest()\n"
    "with open(os.path.join(run_dir, 'data.json'), 'w') as f:   # beside the run's other records\n"
    "    json.dump({'data_dir': data_dir, 'files': len(files), 'digest': digest}, f)\n```\n"
    "or version the directory itself: `dvc add <data directory>`.",
}


def _data_fix(ctx) -> str:
    from ..fixes import project_packages

    if "pandas" in project_packages(ctx):
        return for_stack(ctx, DATA_FIX)
    from ..records import data_dir_expr, run_dir_expr, with_run_dir

    # the names the training code has: its data option and the directory it writes its records to
    data, run = data_dir_expr(ctx), run_dir_expr(ctx)
    text = for_stack(ctx, DIR_DATA_FIX)
    text = re.sub(r"\bdata_dir\b(?!')", data, text)  # the key 'data_dir' of the record stays
    if data == "data_dir":
        # no data option in the training code: say what the name stands for
        text = text.replace(
            "```python\n", "```python\n# data_dir: the directory the training data is read from\n", 1
        )
    fence = "```python\n"
    if text.startswith(fence):
        return fence + with_run_dir(run, re.sub(r"\brun_dir\b", run, text[len(fence) :]))
    return re.sub(r"\brun_dir\b", run, text)


@rule(
    "ET121",
    "unseeded-split",
    "1.3",
    "Train/validation/test splits are reproducible",
    what="Checks random splits for a seed (`train_test_split(random_state=)`, shuffling folds, "
    "`random_split(generator=)`, fastai `split_by_rand_pct(seed=)`/`RandomSplitter(seed=)`/`valid_pct=` "
    "with `seed=`, rows drawn with pandas `sample(frac=)` in training code), and notes committed split files.",
    why="A split drawn without a fixed seed changes every run: metrics move because the test set "
    "moved, and no past result can be recreated.",
    example="```python\nX_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.2)\n```",
    fix="```python\nX_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.2, random_state=cfg.seed, stratify=y)\n```\n"
    "or commit the split as files (`splits/test_ids.txt`) and version them.",
)
def split_repro(ctx):
    r = split_repro.rule
    tax = ctx.taxonomy
    if tax.splits_unseeded and tax.split_files:
        # The split drawn once and kept as files: whether runs read the files or draw again is in code
        # paths (a draw only when the files are missing) that the index does not settle.
        first, kept = tax.splits_unseeded[0], tax.split_files[0]
        return [
            r.finding(
                REVIEW,
                f"{len(tax.splits_unseeded)} split(s) are drawn without a seed, and split files are committed "
                f"({kept.path}).",
                tax.splits_unseeded[:3] + tax.split_files[:2],
                _split_fix(tax.splits_unseeded),
                question=f"`{first.where()}` draws a split without a seed and `{kept.path}` is committed: do "
                "the runs read the committed split files (the draw running only when they are missing)?",
            )
        ]
    if tax.splits_unseeded:
        return [
            r.finding(
                FAIL,
                f"{len(tax.splits_unseeded)} split(s) drawn at random without a seed (random_state/seed).",
                tax.splits_unseeded,
                _split_fix(tax.splits_unseeded),
            )
        ]
    if tax.splits_seeded or tax.split_files:
        ev = tax.splits_seeded + tax.split_files
        return [r.finding(PASS, "Splits are seeded or committed as files.", ev)]
    return []


# The seed in the idiom of the split that lacks it (by the detail detection gives each split).
SPLIT_FIXES = (
    # datasets.Dataset.train_test_split takes seed=, not scikit-learn's random_state/stratify
    (
        "train_test_split(seed=",
        "split = ds.train_test_split(test_size=0.1, seed=seed)   # a datasets.Dataset",
    ),
    ("sample(", "df = df.sample(frac=1, random_state=seed)   # the same shuffle every run"),
    ("random_split_by_pct(", "data = src.random_split_by_pct(0.2, seed=seed)"),
    ("split_by_rand_pct(", "data = src.split_by_rand_pct(0.2, seed=seed)"),
    ("RandomSplitter(", "splitter = RandomSplitter(valid_pct=0.2, seed=seed)"),
    (
        "random_split(",
        "train_ds, val_ds = random_split(ds, [n_train, n_val], generator=torch.Generator().manual_seed(seed))",
    ),
)


def _split_fix(unseeded) -> str:
    for prefix, code in SPLIT_FIXES:
        if any(
            e.detail.startswith(prefix) or prefix.startswith("(") and prefix in e.detail for e in unseeded
        ):
            return f"```python\n{code}\n```\nor commit the split as files (`splits/valid_ids.txt`) and version them."
    return ""


@rule(
    "ET122",
    "no-data-schema",
    "1.3",
    "Data schemas are validated",
    what="Looks for data validation libraries (pandera, Great Expectations) used in the project.",
    why="Without a schema check, a changed column type or a new category reaches training silently, "
    "and two runs 'on the same data' are not.",
    example="```python\ndf = pd.read_csv(path)\nmodel.fit(df[features], df[target])\n```",
    fix='```python\nimport pandera as pa\nschema = pa.DataFrameSchema({"age": pa.Column(int, pa.Check.ge(0))})\ndf = schema.validate(pd.read_csv(path))\n```',
)
def data_schema(ctx):
    r = data_schema.rule
    dv = ctx.present("data_validation")
    if dv:
        return [
            r.finding(PASS, f"Data validated with {_tools(dv)}.", [e for d in dv for e in d.evidence[:2]])
        ]
    if not ctx.taxonomy.training_entry_points:
        return []
    from ..domain import data_domain

    # A schema applies to tables; simulators, registry datasets, images and text have none to validate.
    # Tables read as data, not an import: research code imports pandas to print a results table.
    tabular = bool(find(ctx, prefixes=TABLE_READS)) or any(
        isinstance(v, str) and v.startswith(("pandas.", "polars.", "spark.")) and k.endswith("type")
        for d in facts(ctx).config_docs
        for k, v, _ in d.entries
    )  # a Kedro catalog's `type: pandas.CSVDataset` reads a table too
    if data_domain(ctx).kind != "files" or not tabular:
        return []
    return [r.finding(WARN, "No data schema validation (pandera, Great Expectations) found.")]


TABLE_READS = (
    "pandas.read_",
    "polars.read_",
    "polars.scan_",
    "pyarrow.parquet.read_",
    "pyarrow.csv.read_",
    "dask.dataframe.read_",
    "pyspark.",
)

_LFS_PATTERN = re.compile(r"^(\S+)\s.*filter=lfs")


@rule(
    "ET123",
    "large-data-in-git",
    "1.3",
    "Large data files are not committed to git directly",
    what="Lists tracked data and model files over 10 MB that are neither Git LFS pointers nor DVC outputs.",
    why="Large binaries in git history bloat every clone forever and are versioned only by commit, "
    "with no digest a run can reference.",
    example="```text\ngit add data/train.parquet models/best.ckpt\n```",
    fix='```bash\ndvc add data/train.parquet   # or: git lfs track "*.parquet"\n```',
)
def large_data(ctx):
    r = large_data.rule
    lfs_globs = []
    for path, text in ctx.index.texts.items():
        if path.endswith(".gitattributes"):
            for line in text.splitlines():
                m = _LFS_PATTERN.match(line.strip())
                if m:
                    lfs_globs.append(m.group(1))
    import fnmatch

    big = []
    for f in ctx.inventory.project_files():
        if f.origin != "tracked" or f.size < LARGE_DATA_BYTES or not f.path.lower().endswith(DATA_SUFFIXES):
            continue
        name = f.path.rsplit("/", 1)[-1]
        if any(fnmatch.fnmatch(name, g) or fnmatch.fnmatch(f.path, g) for g in lfs_globs):
            continue
        big.append(Evidence(f.path, 0, f"{f.size / 1e6:.0f} MB in git"))
    if not big:
        return []
    return [r.finding(WARN, f"{len(big)} large data/model file(s) committed directly to git.", big)]
