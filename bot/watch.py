"""Notice edits made on disk (a git pull, a lead's editor) and reload once they have settled."""

from __future__ import annotations

import logging
import os
import stat
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

log = logging.getLogger(__name__)

Snapshot = dict[Path, tuple[int, int]]  # path -> (mtime_ns, size)


class Watcher:
    """Poll folders and files for changes and call back once per burst of changes.

    A snapshot holds every file with one of `suffixes` under each folder (recursively) and each
    file given by name, whatever its suffix. Dotfiles and folders, and editor leftovers (`~`,
    `.swp`, `.#…`) are ignored. With settle on, the callback waits until a scan finds nothing new
    after a change, so a git pull that is half written is not loaded mid-way.
    """

    def __init__(
        self,
        paths: Sequence[Path],
        on_change: Callable[[], None],
        *,
        interval: float = 2.0,
        suffixes: tuple[str, ...] = (".yaml", ".yml", ".md"),
    ) -> None:
        self._paths = tuple(Path(p) for p in paths)
        self._on_change = on_change
        self._interval = interval
        self._suffixes = suffixes
        self._seen = self.snapshot()  # what is there at start counts as already loaded
        self._pending = False  # a change was seen and has not been called back yet
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Poll every `interval` seconds in a daemon thread."""
        if self._thread and self._thread.is_alive():
            return
        self._stopping.clear()
        self._thread = threading.Thread(target=self._run, name="phrasebot-watch", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop polling; returns once the thread has ended (a running callback is let finish)."""
        self._stopping.set()
        if self._thread:
            self._thread.join(timeout=self._interval + 30)
            self._thread = None

    def check_now(self, *, settle: bool = True) -> bool:
        """Scan once; call on_change and return True when a change is ready to load.

        With settle (the default) a change is ready on the first scan that finds nothing new
        after it; without, at once. True means on_change ran, even if it raised (that is logged).
        """
        current = self.snapshot()
        changed, self._seen = current != self._seen, current
        if changed and settle:
            self._pending = True
            return False
        if not (changed or self._pending):
            return False
        self._pending = False
        try:
            self._on_change()
        except Exception:
            log.exception("the change callback failed; watching goes on")
        return True

    def snapshot(self) -> Snapshot:
        """Each watched file's modification time and size, right now."""
        found: Snapshot = {}
        for path in self._paths:
            if path.is_dir():
                for root, dirs, files in os.walk(path):
                    dirs[:] = [d for d in dirs if not d.startswith(".")]
                    for name in files:
                        if name.endswith(self._suffixes) and not _ignored(name):
                            _stat(Path(root) / name, found)
            else:
                _stat(path, found)  # named explicitly: watched whatever its name
        return found

    def _run(self) -> None:
        while not self._stopping.wait(self._interval):
            try:
                self.check_now()
            except Exception:  # a folder that cannot be read must not end the watching
                log.exception("scanning for changes failed; trying again next time")


def _ignored(name: str) -> bool:
    """Dotfiles (including atomic-write temp files and `.#` locks) and editor backups."""
    return name.startswith(".") or name.endswith(("~", ".swp"))


def _stat(path: Path, found: Snapshot) -> None:
    try:
        info = path.stat()
    except OSError:  # gone between listing and looking, or never there: not in the snapshot
        return
    if stat.S_ISREG(info.st_mode):
        found[path] = (info.st_mtime_ns, info.st_size)
