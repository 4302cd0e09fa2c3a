"""Make a lead's edit live, or refuse it whole: judge it in memory, write it atomically, install.

The change is judged exactly as `phrasebot lint` judges the files, with the changed texts
standing in for the files on disk: every example is run once, here. Only a change without
problems is written (each file replaced in one step) and the phrasebook it was judged as is
put live as it is, so nothing is run twice. Edits are made one at a time.
"""

from __future__ import annotations

import contextlib
import difflib
import os
import tempfile
import threading
from dataclasses import replace
from pathlib import Path

from bot import config
from bot.check.engine import Engine
from bot.coach import Coach
from bot.model import Settings
from bot.phrasebook.edit import Change
from bot.phrasebook.verify import build
from bot.problems import Problem, blocking

_LOCK = threading.Lock()  # one edit at a time: judging, writing and installing see one state


def check(change: Change, settings: Settings) -> list[Problem]:
    """Every problem the phrasebook would have with the change made; nothing is written.

    Lines point into the files as they are now (a refused change is never written); a line
    the change adds gets the place it would take.
    """
    return _judge(change, settings)[1]


def apply(change: Change, coach: Coach) -> list[Problem]:
    """Judge the change, write it and put it live; on any problem write nothing."""
    with _LOCK:
        stale = _stale(change)
        if stale:
            return stale
        (settings, engine), problems = _judge(change, coach.settings)
        if engine is None or blocking(problems):
            return problems
        for path, text in change.files.items():
            try:
                _write_atomic(path, text)
            except OSError as err:
                fix = "check that the folder exists and the bot may write to it"
                return [Problem(str(path), 1, change.rule, f"cannot write: {err.strerror}", fix)]
        coach.install(settings, engine)
        return []


def _judge(
    change: Change, settings: Settings
) -> tuple[tuple[Settings, Engine | None], list[Problem]]:
    overlay = {str(path): text for path, text in change.files.items()}
    problems: list[Problem] = []
    if settings.path:
        loaded, problems = config.load(settings.path, overlay)
        settings = replace(loaded, phrasebook=settings.phrasebook)
    engine, more = build(settings, overlay)
    lines = {str(path): _lines_now(path, text) for path, text in change.files.items()}
    return (settings, engine), [_on_disk(p, lines) for p in problems + more]


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
