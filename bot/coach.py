"""The one entry point every door uses: check drafts against the live phrasebook, reload safely.

The CLI, the Slack app and the benchmarks all hold a Coach. A phrasebook goes live only when it
has no problems (bot.phrasebook.verify); reload() keeps the last good one in service otherwise.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from bot import config
from bot.check.engine import Engine
from bot.model import Level, Report, Settings
from bot.phrasebook import compiled, verify
from bot.phrasebook.bank import bank_files
from bot.phrasebook.load import rule_files
from bot.phrasebook.reader import SHARED_FILE
from bot.problems import EditError, PhrasebookError, Problem, blocking

if TYPE_CHECKING:
    from bot.phrasebook.edit import Change

Stamp = tuple[tuple[str, str], ...]  # (file, digest of its bytes) for every file read


@dataclass(frozen=True)
class _Live:
    settings: Settings
    engine: Engine
    stamp: Stamp  # the files it was built from, as they were then


class Coach:
    """Check drafts against the live phrasebook; reload() swaps in a new one only if it is sound."""

    def __init__(
        self,
        config_path: str | Path | None = None,
        phrasebook_dir: str | Path | None = None,
        *,
        meaning: bool | None = None,
    ) -> None:
        """meaning=False leaves the meaning tier out whatever rules.yaml says (phrases only:
        nothing is embedded, and start-up does not load the encoder)."""
        self._config_path = config_path
        self._phrasebook_dir = phrasebook_dir
        self._meaning = meaning
        self._editing = threading.RLock()  # one reload or edit at a time
        self._last: tuple[Stamp, list[Problem]] | None = None
        live, problems = self._build(*self._read_settings())
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
        self, text: str, min_level: Level | None = None, *, muted: Collection[str] = ()
    ) -> Report:
        """Check a draft; min_level (a channel's) and muted (an agent's) leave findings out.

        A check running past rules.yaml's check_seconds is cut off: CheckTooSlow names the
        rule it was working on."""
        live = self._live
        return live.engine.check(
            text, min_level=min_level, skip=muted, budget=live.settings.check_seconds
        )

    def reload(self) -> list[Problem]:
        """Load rules.yaml and the phrasebook again: [] when live, else the problems, and the
        previous phrasebook stays in service.

        Files whose bytes have not changed since the live phrasebook (or the last refused one)
        was built are not judged again: the answer would be the same.
        """
        with self._editing:
            settings, problems = self._read_settings()
            stamp = _stamp(settings)
            if stamp == self._live.stamp:
                return []
            if self._last and self._last[0] == stamp:
                return self._last[1]
            live, problems = self._build(settings, problems, stamp)
            if live is None:
                self._last = (stamp, problems)
                return problems
            self._install(live)
            return []

    def apply(self, change: Change) -> list[Problem]:
        """Judge a lead's edit, write it and put it live: [] when live, else the problems,
        and nothing is written. Edits are made one at a time."""
        from bot.phrasebook import apply  # leads' edits: the YAML editor loads only for them

        with self._editing:
            settings, _ = self._read_settings()
            if settings.phrasebook != self._live.settings.phrasebook:
                return [_moved(self._live.settings, settings, change.rule)]
            judged = apply.judge(change, self._live.settings)
            if judged.stale and change.redo is not None:
                # Prepared on an older version of the file: make the same edit on it as it is.
                try:
                    change = change.redo(self._live.settings)
                except EditError as err:
                    return [_no_longer(judged.problems[0], err)]
                judged = apply.judge(change, self._live.settings)
            if not judged.sound:
                return judged.problems
            assert judged.engine is not None
            written = apply.write(change)
            if written:
                return written
            self._install(
                _Live(judged.settings, judged.engine, _stamp(judged.settings, judged.texts))
            )
            return []

    def _install(self, live: _Live) -> None:
        """Swap in a judged phrasebook; callers hold _editing, and checks read _live as is."""
        self._live = live
        self._last = None

    def _read_settings(self) -> tuple[Settings, list[Problem]]:
        settings, problems = config.settings_for(self._config_path, self._phrasebook_dir)
        if self._meaning is not None and self._meaning != settings.meaning:
            settings = replace(settings, meaning=self._meaning)
        return settings, problems

    def _build(
        self, settings: Settings, problems: list[Problem], stamp: Stamp | None = None
    ) -> tuple[_Live | None, list[Problem]]:
        """Judge the phrasebook these settings name. The stamp is taken before the files are
        read, so a write during the build shows at the next reload."""
        stamp = _stamp(settings) if stamp is None else stamp
        if not blocking(problems):
            kept = compiled.load(settings, stamp)
            if kept is not None:  # judged before, from these very files: live at once
                known, notes = kept
                verify.attach_vectors(known, settings)
                return _Live(settings, known, stamp), problems + notes
        engine, more = verify.build(settings)
        problems = problems + more
        if engine is None or blocking(problems):
            return None, problems
        compiled.save(settings, stamp, engine, more)
        return _Live(settings, engine, stamp), problems


def _stamp(settings: Settings, texts: Mapping[str, str] | None = None) -> Stamp:
    """What a phrasebook is built from: each file with a digest of its bytes (or of the text
    `texts` gives for it, as judged).

    Content, not modification times: two writes within one clock tick look alike by time.
    """
    folder = Path(settings.phrasebook)
    paths = {*rule_files(folder, texts), *bank_files(folder, texts), folder / SHARED_FILE}
    if settings.path:
        paths.add(Path(settings.path))
    found = []
    for path in sorted(paths):
        try:
            given = (texts or {}).get(str(path))
            data = given.encode("utf-8") if given is not None else path.read_bytes()
        except OSError:
            continue
        found.append((str(path), hashlib.blake2b(data, digest_size=16).hexdigest()))
    return tuple(found)


def _no_longer(stale: Problem, err: EditError) -> Problem:
    return Problem(
        stale.file,
        stale.line,
        stale.rule,
        f"the file changed since this edit was prepared, and the edit no longer applies:"
        f" {err.message}",
        err.fix,
    )


def _moved(live: Settings, now: Settings, rule: str) -> Problem:
    return Problem(
        now.path or now.phrasebook,
        1,
        rule,
        f"rules.yaml now names the phrasebook {now.phrasebook}, not the live {live.phrasebook}",
        "reload the phrasebook first, then make the edit again",
    )
