"""A one-line progress indicator on stderr, for audits long enough to wonder about.

Shown only when stderr is a terminal and the audit has already run for ``DELAY`` seconds, so
CI logs, pipes and quick audits see nothing. The line is rewritten in place (carriage return)
and erased when the audit ends.
"""

from __future__ import annotations

import sys
import time

DELAY = 2.0
MIN_INTERVAL = 0.1  # seconds between redraws of the same stage


class Progress:
    """Callable as ``progress(stage, done, total)``; ``total`` 0 means a stage without a count."""

    def __init__(self, stream=None, delay: float = DELAY, enabled: bool | None = None):
        self.stream = stream if stream is not None else sys.stderr
        if enabled is None:
            isatty = getattr(self.stream, "isatty", None)
            enabled = bool(isatty and isatty())
        self.enabled = enabled
        self.delay = delay
        self.start = time.monotonic()
        self.shown = False
        self._last = (0.0, "")

    def __call__(self, stage: str, done: int = 0, total: int = 0) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self.start < self.delay:
            return
        last_time, last_stage = self._last
        if stage == last_stage and now - last_time < MIN_INTERVAL and done != total:
            return
        self._last = (now, stage)
        line = f"experiment-tracking: {stage}"
        if total:
            line += f" {done:,}/{total:,} files"
        line += f" ({now - self.start:.0f} s)"
        try:
            self.stream.write("\r" + line[:79] + "\x1b[K")
            self.stream.flush()
        except (OSError, ValueError):
            self.enabled = False
            return
        self.shown = True

    def close(self) -> None:
        if self.shown:
            try:
                self.stream.write("\r\x1b[K")
                self.stream.flush()
            except (OSError, ValueError):
                pass
            self.shown = False
