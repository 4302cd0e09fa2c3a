"""Judge a lead's edit in memory and write it atomically; Coach.apply puts it live.

The change is judged exactly as `phrasebot lint` judges the files, with the changed texts
standing in for the files on disk: every example is run once, here. Only a sound change is
written (each file replaced in one step), and the phrasebook it was judged as goes live as it
is, so nothing is run twice.
"""

from __future__ import annotations

import contextlib
import difflib
import os
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from bot import config
from bot.check.engine import Engine
from bot.model import Settings
from bot.phrasebook.edit import Change
from bot.phrasebook.verify import build
from bot.problems import Problem, blocking


@dataclass(frozen=True)
class Judged:
    """A change judged: the settings and engine it would put live, or its problems."""

    settings: Settings
    engine: Engine | None
    problems: list[Problem]
    texts: dict[str, str]  # the changed files' texts, as judged
    stale: bool = False  # refused because a file moved on since the change was prepared

    @property
    def sound(self) -> bool:
        return self.engine is not None and not blocking(self.problems)


def judge(change: Change, settings: Settings) -> Judged:
    """Every problem the phrasebook would have with the change made; nothing is written.

    Lines point into the files as they are now (a refused change is never written); a line
    the change adds gets the place it would take. A change is refused outright when it is
    stale (a file moved on since it was prepared) or names a file outside the phrasebook
    folder and rules.yaml of these settings.
    """
    texts = {str(path): text for path, text in change.files.items()}
    stale = _stale(change)
    if stale:
        return Judged(settings, None, stale, texts, stale=True)
    outside = _outside(change, settings)
    if outside:
        return Judged(settings, None, outside, texts)
    problems: list[Problem] = []
    if settings.path:
        loaded, problems = config.load(settings.path, texts)
        settings = replace(loaded, phrasebook=settings.phrasebook)
    engine, more = build(settings, texts)
    lines = {str(path): _lines_now(path, text) for path, text in change.files.items()}
    return Judged(settings, engine, [_on_disk(p, lines) for p in problems + more], texts)


def write(change: Change) -> list[Problem]:
    """Write each changed file atomically; [] when all were written."""
    for path, text in change.files.items():
        try:
            path.parent.mkdir(parents=True, exist_ok=True)  # a rule's first meaning bank
            _write_atomic(path, text)
        except OSError as err:
            fix = "check that the folder exists and the bot may write to it"
            return [Problem(str(path), 1, change.rule, f"cannot write: {err.strerror}", fix)]
    return []


def _outside(change: Change, settings: Settings) -> list[Problem]:
    """Files the change would write that are neither in the phrasebook folder nor rules.yaml."""
    book = Path(settings.phrasebook)
    return [
        Problem(
            str(path),
            1,
            change.rule,
            f"this edit is for a file outside the live phrasebook ({book})",
            "make the edit again: it will start from the phrasebook as it is now",
        )
        for path in change.files
        if not path.is_relative_to(book) and str(path) != settings.path
    ]


def _stale(change: Change) -> list[Problem]:
    """Files that changed on disk since the change was prepared: applying would undo that."""
    problems = []
    for path, before in change.base.items():
        now = path.read_bytes().decode("utf-8", "replace") if path.exists() else None
        if now != before:
            problems.append(
                Problem(
                    str(path),
                    1,
                    change.rule,
                    "the file changed since this edit was prepared",
                    "make the edit again: it will start from the file as it is now",
                )
            )
    return problems


def _lines_now(path: Path, new: str) -> dict[int, int]:
    """Map each line of the changed text to the line it is on in the file now."""
    old = path.read_bytes().decode("utf-8", "replace") if path.is_file() else new
    matcher = difflib.SequenceMatcher(None, old.splitlines(), new.splitlines(), autojunk=False)
    return {
        j1 + k + 1: i1 + k + 1 for _, i1, _, j1, j2 in matcher.get_opcodes() for k in range(j2 - j1)
    }


def _on_disk(problem: Problem, lines: dict[str, dict[int, int]]) -> Problem:
    moved = lines.get(problem.file, {}).get(problem.line, problem.line)
    return problem if moved == problem.line else replace(problem, line=moved)


def _write_atomic(path: Path, text: str) -> None:
    """Replace the file in one step: a reader sees the old text or the new, never half of one."""
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(text.encode("utf-8"))
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    with contextlib.suppress(
        OSError
    ):  # the rename itself survives a crash once the folder is synced
        folder = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)
