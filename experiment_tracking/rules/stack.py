"""Fix snippets written for the tracker the project already uses."""

from __future__ import annotations

TRACKER_PREFERENCE = ("mlflow", "wandb", "neptune", "comet", "clearml", "aim", "sacred", "dvc", "tensorboard")


def primary_tracker(ctx) -> str:
    """The tracker a fix should use: the first present in core code, in a fixed preference order."""
    present = {d.tool for d in ctx.present("tracking") if d.scope in ("core", "optional")}
    present |= {d.tool for d in ctx.present("tracking")} if not present else set()
    for tool in TRACKER_PREFERENCE:
        if tool in present:
            return tool
    return "mlflow"  # nothing in use: MLflow is the common self-hosted default


def for_stack(ctx, snippets: dict[str, str]) -> str:
    tool = primary_tracker(ctx)
    return snippets.get(tool) or snippets.get("default") or next(iter(snippets.values()))
