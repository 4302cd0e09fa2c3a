"""A judged, compiled phrasebook kept on disk, so the next start skips compiling and judging.

Building a phrasebook (tokenizing 2,000 phrases in five languages, running every example,
checking every wording, fitting the meaning tier's classifier) takes seconds; loading the
result takes milliseconds. The key is a digest of everything the result depends on: the
settings, the bytes of every file the phrasebook is read from (rules.yaml, the rule files,
_language.yaml, the meaning bank), and the code that compiles it. Only a phrasebook that went
live is kept, with its notes; a broken one is judged again each time, so its problems are told.

The files sit beside the knowledge index (`compiled/<key>.pickle`); the newest few are kept. A
file that cannot be read (another version of Python, a half-written file) is ignored and built
again: it is a cache, nothing is lost with it.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import os
import pickle
import sys
import tempfile
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import bot
from bot.check.engine import Engine
from bot.model import Settings
from bot.problems import Problem

log = logging.getLogger("phrasebot.compiled")

FORMAT = 1
KEEP = 4  # compiled phrasebooks kept per folder (a few versions to switch between)
# The code whose output is cached: a change to any of it makes a new key.
SOURCES = ("check", "phrasebook", "embed", "model.py", "config.py", "problems.py")


def folder_for(settings: Settings) -> Path:
    return Path(settings.index).parent / "compiled"


def key(settings: Settings, stamp: Iterable[tuple[str, str]]) -> str:
    digest = hashlib.blake2b(digest_size=16)
    for part in (str(FORMAT), sys.version, _code(), repr(settings), *map(repr, stamp)):
        digest.update(part.encode("utf-8", "replace"))
        digest.update(b"\0")
    return digest.hexdigest()


def load(
    settings: Settings, stamp: Iterable[tuple[str, str]]
) -> tuple[Engine, list[Problem]] | None:
    """The engine compiled for these settings and files, and its notes; None if none is kept."""
    path = folder_for(settings) / f"{key(settings, stamp)}.pickle"
    collecting = gc.isenabled()
    gc.disable()  # tens of thousands of new objects, none garbage: the collector only slows it
    try:
        with open(path, "rb") as f:
            engine, notes = pickle.load(f)
    except FileNotFoundError:
        return None
    except Exception as err:  # a cache: whatever is wrong with it, build again
        log.info("compiled phrasebook %s unreadable (%s): building again", path.name, err)
        return None
    finally:
        if collecting:
            gc.enable()
    if not isinstance(engine, Engine):
        return None
    return engine, list(notes)


def save(
    settings: Settings, stamp: Iterable[tuple[str, str]], engine: Engine, notes: list[Problem]
) -> None:
    """Keep a live engine for next time; trouble writing it only costs the next start time."""
    folder = folder_for(settings)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, scratch = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            pickle.dump((engine, notes), f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(scratch, folder / f"{key(settings, stamp)}.pickle")
        _prune(folder)
    except (OSError, pickle.PicklingError, RecursionError) as err:
        log.warning("could not keep the compiled phrasebook in %s: %s", folder, err)


def _prune(folder: Path) -> None:
    kept = sorted(folder.glob("*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in kept[KEEP:]:
        old.unlink(missing_ok=True)
    for stale in folder.glob("*.tmp"):
        stale.unlink(missing_ok=True)


@cache
def _code() -> str:
    """A digest of the source that compiles a phrasebook (read once per process)."""
    root = Path(bot.__file__).parent
    digest = hashlib.blake2b(digest_size=16)
    for name in SOURCES:
        target = root / name
        files = sorted(target.rglob("*.py")) if target.is_dir() else [target]
        for path in files:
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()
