"""The focus of an audit: subtrees, tool names and phase words, as the skill's $ARGUMENTS.

People type what they mean — "training pipeline", "hyperparameter tuning", "seeds", "W&B" — so a
word is read, in order, as a path under the root, a tool (or an alias), or a phase word after
folding case, hyphens and plurals ("pipelines" = "pipeline", "hyper-parameters" =
"hyperparameter"). A word that is none of these is an error that lists every word and suggests
the nearest ones. What each word was read as is kept, and the report's Focus line shows it.

Kept light (no engine imports at top level): ``audit --help`` lists the words from here.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

from .context import Focus

# The seed's phases: number -> (canonical word, what it covers).
PHASES = {
    "1": ("discovery", "experiment infrastructure, taxonomy and data versioning"),
    "2": ("parameters", "configuration, hyperparameter logging and search"),
    "3": ("metrics", "metric logging, artifacts and run comparison"),
    "4": ("reproducibility", "seeds, environment, containers and code-data-model linkage"),
    "5": ("pipelines", "pipelines, training orchestration and the model registry"),
    "6": ("collaboration", "collaboration and governance"),
}
# Singular, lower-case words (plurals and hyphens are folded before lookup) -> phase numbers.
PHASE_WORDS: dict[str, tuple[str, ...]] = {
    "discovery": ("1",),
    "infrastructure": ("1",),
    "inventory": ("1",),
    "stack": ("1",),
    "tracking": ("1", "3"),
    "tracker": ("1", "3"),
    "data": ("1", "4"),
    "dataset": ("1", "4"),
    "versioning": ("1", "4"),
    "parameter": ("2",),
    "param": ("2",),
    "config": ("2",),
    "configuration": ("2",),
    "hyperparameter": ("2",),
    "hparam": ("2",),
    "search": ("2",),
    "tuning": ("2",),
    "tune": ("2",),
    "sweep": ("2",),
    "hpo": ("2",),
    "metric": ("3",),
    "artifact": ("3",),
    "result": ("3",),
    "logging": ("3",),
    "comparison": ("3",),
    "reproducibility": ("4",),
    "reproducible": ("4",),
    "determinism": ("4",),
    "environment": ("4",),
    "env": ("4",),
    "dependency": ("4",),
    "container": ("4",),
    "seed": ("4",),
    "linkage": ("4",),
    "lineage": ("4",),
    "pipeline": ("5",),
    "orchestration": ("5",),
    "workflow": ("5",),
    "training": ("5",),
    "registry": ("5",),
    "model": ("5",),
    "serving": ("5",),
    "deployment": ("5",),
    "collaboration": ("6",),
    "governance": ("6",),
    "documentation": ("6",),
}
# Tool names as the detectors spell them (tests keep this equal to detect/signatures.py).
TOOLS = (
    "accelerate", "aim", "airflow", "argo", "ax", "clearml", "comet", "comet_artifacts", "custom_logging", "dagster", "data_parallel", "ddp", "dora", "dora_grid",
    "deepspeed", "delta_lake", "dvc", "dvc_pipelines", "feast", "flyte", "fsdp", "git_lfs",
    "great_expectations", "guild", "guild_optimizers", "guild_pipelines", "hivemind", "hopsworks", "horovod", "hydra", "hydra_multirun", "hyperopt",
    "jax_pmap", "jax_sharding", "kedro", "keras_tuner", "kubeflow", "lakefs", "luigi", "make",
    "metaflow", "mlflow", "mlflow_datasets", "mlflow_pipelines", "mpi", "neptune", "neptune_artifacts", "nevergrad", "optuna", "pandera", "ploomber", "polyaxon", "polyaxon_distributed", "polyaxon_matrix", "polyaxon_pipelines", "prefect", "ray_train",
    "ray_tune", "sacred", "shell_recipe", "shell_sweep", "sklearn_gridsearch", "skopt", "snakemake", "swanlab", "tecton", "tensorboard",
    "trackio", "openlineage", "datahub", "wandb", "tf_distribute", "visdom", "wandb_artifacts", "wandb_sweeps", "zenml",
)  # fmt: skip
TOOL_ALIASES = {
    "scikit-optimize": "skopt",
    "w&b": "wandb",
    "weights&biases": "wandb",
    "weights_and_biases": "wandb",
    "comet_ml": "comet",
    "cometml": "comet",
    "tb": "tensorboard",
    "lightning": "tensorboard",
    "omegaconf": "hydra",
    "ray": "ray_tune",
    "lfs": "git_lfs",
    "gitlfs": "git_lfs",
    "makefile": "make",
    "sklearn": "sklearn_gridsearch",
    "deltalake": "delta_lake",
    "keras-tuner": "keras_tuner",
    "sklearn_search": "sklearn_gridsearch",  # the id before it followed the calibration vocabulary
    "tf.distribute": "tf_distribute",
}


class FocusError(ValueError):
    pass


def _singular(word: str) -> str:
    for tail, repl in (("ies", "y"), ("sses", "ss"), ("ches", "ch"), ("shes", "sh"), ("s", "")):
        if word.endswith(tail) and len(word) > len(tail) + 2 and not word.endswith("ss"):
            return word[: -len(tail)] + repl
    return word


def read_word(word: str) -> tuple[str, str] | None:
    """("tool", name) or ("phase", canonical phase word) for a typed word, or None."""
    low = word.lower().strip(".,;:!?\"'()")
    tool = TOOL_ALIASES.get(low, low.replace("-", "_"))
    if tool in TOOLS:
        return "tool", tool
    folded = low.replace("-", "").replace("_", "")
    for w in (folded, _singular(folded)):
        if w in PHASE_WORDS:
            return "phase", w
        if w in TOOL_ALIASES:
            return "tool", TOOL_ALIASES[w]
    return None


def vocabulary() -> str:
    """Every word a focus accepts, for --help and for the error on an unknown word."""
    by_phase: dict[str, list[str]] = {}
    for w, nums in PHASE_WORDS.items():
        for n in nums:
            by_phase.setdefault(n, []).append(w)
    phases = "; ".join(f"{n} {PHASES[n][0]}: {', '.join(sorted(by_phase[n]))}" for n in sorted(PHASES))
    return (
        f"phase words (plurals accepted) — {phases}. Tools: {', '.join(TOOLS)} "
        f"(aliases: {', '.join(sorted(TOOL_ALIASES))}). Paths: any file or directory under the repository."
    )


def parse_focus(root: Path, tokens: list[str]) -> Focus:
    focus = Focus()
    real_root = os.path.realpath(root)
    for raw in tokens:
        for token in raw.replace(",", " ").split():
            focus.typed.append(token)
            candidate = os.path.realpath(os.path.join(root, token))
            if os.path.exists(candidate) and (
                candidate == real_root or candidate.startswith(real_root + os.sep)
            ):
                rel = os.path.relpath(candidate, real_root).replace(os.sep, "/")
                if rel != "." and rel not in focus.paths:
                    focus.paths.append(rel)
                focus.readings.append((token, f"path {rel}/" if os.path.isdir(candidate) else f"path {rel}"))
                continue
            reading = read_word(token)
            if reading is None:
                raise FocusError(_unknown(token, root))
            kind, name = reading
            if kind == "tool":
                if name not in focus.tools:
                    focus.tools.append(name)
                focus.readings.append((token, f"tool {name}"))
                continue
            nums = PHASE_WORDS[name]
            for n in nums:
                canonical = PHASES[n][0]
                if canonical not in focus.phases:
                    focus.phases.append(canonical)
            focus.readings.append((token, " and ".join(f"phase {n} ({PHASES[n][0]})" for n in nums)))
    return focus


def _unknown(token: str, root) -> str:
    words = sorted(set(PHASE_WORDS) | set(TOOLS) | set(TOOL_ALIASES))
    near = difflib.get_close_matches(token.lower(), words, n=3, cutoff=0.6)
    hint = f" Did you mean {' or '.join(repr(w) for w in near)}?" if near else ""
    return (
        f"unknown focus {token!r}: not a path under {root}, a tool or a phase word.{hint} "
        f"Accepted: {vocabulary()}"
    )


def phase_numbers(focus: Focus) -> set[str]:
    names = {v[0]: k for k, v in PHASES.items()}
    out = set()
    for p in focus.phases:
        if p in names:
            out.add(names[p])
        else:
            out.update(PHASE_WORDS.get(p, ()))
    return out


# Files that describe every subtree: a path focus keeps them wherever they are.
_DESCRIBING_DIRS = (".github/", ".gitlab/", ".circleci/", ".ci/", "ci/", "bin/", "scripts/", "doc/", "docs/")
_DESCRIBING_NAMES = (
    "readme",
    "pyproject.toml",
    "setup.py",
    "setup.cfg",
    "requirements",
    "environment.yml",
    "environment.yaml",
    "pipfile",
    "poetry.lock",
    "uv.lock",
    "dockerfile",
    "makefile",
    "dvc.yaml",
    "params.yaml",
    "mlproject",
    "license",
)


def describes_every_subtree(path: str, focus_paths=()) -> bool:
    """Top-level files, CI, launch scripts and docs, and the manifests and READMEs of the
    directories above a focused path (a monorepo package's own pyproject.toml)."""
    if "/" not in path:
        return True
    if path.startswith(_DESCRIBING_DIRS):
        return True
    parent, name = path.rsplit("/", 1)
    if name.lower().startswith(_DESCRIBING_NAMES):
        return any(p == parent or p.startswith(parent + "/") for p in focus_paths)
    return False


def in_focus_path(path: str, focus: Focus) -> bool:
    if not focus.paths:
        return True
    if describes_every_subtree(path, focus.paths):
        return True
    return any(path == p or path.startswith(p.rstrip("/") + "/") for p in focus.paths)
