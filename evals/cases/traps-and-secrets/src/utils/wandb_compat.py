"""No-op stand-in with a wandb-like interface, so call sites don't change if we adopt a tracker.

This module does NOT import or wrap the wandb package.
"""

from __future__ import annotations


class _NullRun:
    def log(self, data: dict, step: int | None = None) -> None:
        pass

    def finish(self) -> None:
        pass


def init(project: str | None = None, config: dict | None = None) -> _NullRun:
    return _NullRun()
