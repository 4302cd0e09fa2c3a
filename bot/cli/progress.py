"""A progress bar on stderr, drawn only when a person is watching (a terminal)."""

from __future__ import annotations

import sys
import time
from typing import TextIO

WIDTH = 30
EVERY = 0.1  # seconds between redraws


class Bar:
    """Call it with (done, total); close() ends the line. Silent when stderr is not a terminal."""

    def __init__(self, label: str, stream: TextIO | None = None, *, show: bool | None = None):
        self.stream = stream or sys.stderr
        self.label = label
        self.show = self.stream.isatty() if show is None else show
        self._drawn = 0.0
        self._open = False

    def __call__(self, done: int, total: int) -> None:
        if not self.show or not total:
            return
        now = time.monotonic()
        if done < total and now - self._drawn < EVERY:
            return
        self._drawn = now
        filled = WIDTH * done // total
        self.stream.write(f"\r{self.label} [{'#' * filled}{' ' * (WIDTH - filled)}] {done}/{total}")
        self.stream.flush()
        self._open = True

    def close(self) -> None:
        if self._open:
            self.stream.write("\n")
            self.stream.flush()
            self._open = False
