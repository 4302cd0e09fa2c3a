"""The one entry point every door uses: check drafts against the live phrasebook, reload safely.

The CLI, the Slack app and the benchmarks all hold a Coach. A phrasebook goes live only when it
has no problems (bot.phrasebook.verify); reload() keeps the last good one in service otherwise.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from bot import config
from bot.check.engine import Engine
from bot.model import Level, Report, Settings
from bot.phrasebook import verify
from bot.phrasebook.load import SHARED_FILE, rule_files
from bot.problems import PhrasebookError, Problem, blocking

Stamp = tuple[tuple[str, str], ...]  # (file, digest of its bytes) for every file read


@dataclass(frozen=True)
class _Live:
    settings: Settings
    engine: Engine
    stamp: Stamp  # the files it was built from, as they were then


class Coach:
    """Check drafts against the live phrasebook; reload() swaps in a new one only if it is sound."""

    def __init__(
        self, config_path: str | Path | None = None, phrasebook_dir: str | Path | None = None
    ) -> None:
        self._config_path = config_path
        self._phrasebook_dir = phrasebook_dir
        self._lock = threading.Lock()
        self._last: tuple[Stamp, list[Problem]] | None = None
        live, problems = self._build()
        if live is None:
            raise PhrasebookError(problems)
        self._live = live

    @property
    def engine(self) -> Engine:
        return self._live.engine

    @property
    def settings(self) -> Settings:
        return self._live.settings

    def check(
        self, text: str, *, min_level: Level | None = None, muted: Collection[str] = ()
    ) -> Report:
        """Check a draft; min_level (a channel's) and muted (an agent's) leave findings out."""
        return self._live.engine.check(text, min_level=min_level, skip=muted)

    def reload(self) -> list[Problem]:
        """Load rules.yaml and the phrasebook again; on any problem keep serving the previous.

        Files that have not changed since the live phrasebook (or the last refused one) was
        built are not judged again: the answer is the same.
        """
        stamp = self._stamp(self._live.settings)
        if stamp == self._live.stamp:
            return []
        if self._last and self._last[0] == stamp:
            return self._last[1]
        live, problems = self._build()
        if live is not None:
            self.install(live.settings, live.engine)
        else:
            self._last = (stamp, problems)
        return problems

    def install(self, settings: Settings, engine: Engine) -> None:
        """Put a phrasebook that was already judged sound live (a lead's checked edit)."""
        with self._lock:
            self._live = _Live(settings, engine, self._stamp(settings))
            self._last = None

    def _build(self) -> tuple[_Live | None, list[Problem]]:
        settings, problems = config.settings_for(self._config_path, self._phrasebook_dir)
        stamp = self._stamp(settings)
        engine, more = verify.build(settings)
        problems += more
        if engine is None or blocking(problems):
            return None, problems
        return _Live(settings, engine, stamp), problems

    def _stamp(self, settings: Settings) -> Stamp:
        """What the phrasebook is built from: each file with a digest of its bytes.

        Content, not modification times: two writes within one clock tick look alike by time.
        """
        folder = Path(settings.phrasebook)
        paths = [*rule_files(folder), folder / SHARED_FILE]
        if settings.path:
            paths.append(Path(settings.path))
        found = []
        for path in paths:
            try:
                digest = hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()
            except OSError:
                continue
            found.append((str(path), digest))
        return tuple(found)
