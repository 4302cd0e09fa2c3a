"""Workspaces: which coach, bot token and leads serve each Slack workspace, and their leads'
edits kept in step on every worker.

One workspace (SLACK_BOT_TOKEN set): every request is the home workspace's (key ""), served
by the coach of rules.yaml; a lead's edit is written to the phrasebook folder as before.

Many workspaces (installed through OAuth): a workspace is served by the shipped phrasebook and
rules.yaml, with the person who installed the app as its lead, until its leads change
something. From its first edit on it has a folder of its own, .phrasebot/workspaces/<key>/:
the shipped phrasebook files (rule files, _language.yaml, the meaning banks and their vectors)
with its edits on top, a rules.yaml of its own (leads, channels, levels), and a coach built
from them. No other workspace sees its edits.

One truth across workers: every edit is made under the store's lock for that workspace, on
files first brought up to the store's latest version, judged and put live by Coach.apply (a
broken one is refused and nothing is saved), then saved in the store as the next version.
Every other worker hears of it (PostgreSQL's NOTIFY, or a look every few seconds), writes the
same files and reloads them, judged again: a phrasebook that does not pass is not put live.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from bot.coach import Coach
from bot.config import settings_for
from bot.model import Settings
from bot.phrasebook import apply, bank
from bot.phrasebook.edit import Change
from bot.problems import PhrasebookError, Problem
from bot.store import Store

log = logging.getLogger("phrasebot.slack")

RULES = "rules.yaml"
BOOK = "phrasebook/"
SYNC_EVERY = 5.0  # seconds between looks for other workers' edits when NOTIFY is not there


class Tokens(Protocol):
    """The installations: a workspace's bot token and who installed the app there."""

    def bot_token(self, key: str) -> str | None: ...

    def installer(self, key: str) -> str | None: ...


@dataclass(frozen=True)
class Workspace:
    key: str  # the team id, the Enterprise Grid org id for an org install, or ""
    coach: Coach
    token: str | None  # the bot token; None: the app's own (SLACK_BOT_TOKEN)
    leads: tuple[str, ...]


def workspace_key(enterprise: str | None, team: str | None, org_install: bool | None) -> str:
    """The store's name for a workspace: the org id for an org-wide install, the team id (after
    its org id, in an Enterprise Grid org) otherwise."""
    if org_install and enterprise:
        return enterprise
    if enterprise and team:
        return f"{enterprise}:{team}"
    return team or enterprise or ""


def key_parts(key: str) -> tuple[str | None, str | None, bool]:
    """(enterprise id, team id, org install) back from a workspace key."""
    enterprise, _, team = key.rpartition(":")
    if enterprise:
        return enterprise, team, False
    if key.startswith("E"):
        return key, None, True
    return None, key or None, False


class Workspaces:
    """Every workspace this worker serves: the home one, or each installed one."""

    def __init__(
        self,
        home: Coach,
        store: Store,
        *,
        folder: Path,
        tokens: Tokens | None = None,
        run: Callable[[Callable[[], object]], None] | None = None,
    ) -> None:
        self.home = home
        self.store = store
        self.folder = folder
        self.tokens = tokens
        self._run = run or (lambda work: threading.Thread(target=work, daemon=True).start())
        # Read without a lock (requests read them on every event); written under the
        # workspace's own lock, so a long reload or edit holds up no other workspace nor any ack.
        self._own: dict[str, Coach] = {}  # workspaces with a folder of their own, loaded
        self._at: dict[str, int] = {}  # the version of each workspace's files on this worker
        self._locks: dict[str, threading.RLock] = {}
        self._lock = threading.Lock()  # for _locks and _syncing
        self._syncing: set[str] = set()

    @property
    def many(self) -> bool:
        return self.tokens is not None

    def get(self, key: str) -> Workspace:
        """The workspace a request with this key comes from."""
        if self.tokens is None:
            return Workspace("", self.home, None, self.home.settings.leads)
        own = self._own.get(key)
        if own is not None:
            return Workspace(key, own, self.tokens.bot_token(key), own.settings.leads)
        installer = self.tokens.installer(key)
        return Workspace(
            key, self.home, self.tokens.bot_token(key), (installer,) if installer else ()
        )

    def _busy(self, key: str) -> threading.RLock:
        """The lock for one workspace's files and coach on this worker."""
        with self._lock:
            return self._locks.setdefault(key, threading.RLock())

    # -- keeping every worker's files at the store's latest version ------------------------

    def start(self) -> None:
        """Bring every workspace's files to the store's latest version, then follow changes."""
        for key in self.store.versions():
            self.sync(key)
        self.store.listen(self.changed)

    def changed(self, key: str) -> None:
        """Another worker saved a new version: sync it, off the caller's thread."""
        if self.tokens is None and key != "":
            return
        with self._lock:
            if key in self._syncing:
                return
            self._syncing.add(key)
        self._run(lambda: self._sync_once(key))

    def _sync_once(self, key: str) -> None:
        try:
            self.sync(key)
        finally:
            with self._lock:
                self._syncing.discard(key)

    def look(self) -> None:
        """Compare this worker's versions with the store's (when notifications may be missed)."""
        for key, version in self.store.versions().items():
            if self._at.get(key, 0) < version:
                self.changed(key)

    def sync(self, key: str) -> list[Problem]:
        """Write the store's latest files for `key` and reload them; the problems if they do
        not pass (the last good phrasebook stays live)."""
        with self._busy(key):
            version, files = self.store.files(key)
            if version <= self._at.get(key, 0):
                return []
            problems = self._live_at(key, files)
            self._at[key] = version
        if problems:
            log.error(
                "workspace %s: version %d refused, %d problems", key or "-", version, len(problems)
            )
        else:
            log.info("workspace %s: phrasebook version %d live", key or "-", version)
        return problems

    def _live_at(self, key: str, files: dict[str, str]) -> list[Problem]:
        """Make the workspace's files these, and its coach live on them."""
        if self.tokens is None:
            _write(self._paths(self.home.settings, files))
            return self.home.reload()
        root = self._materialize(key, files)
        own = self._own.get(key)
        if own is not None:
            return own.reload()
        try:
            self._own[key] = Coach(root / RULES)
        except PhrasebookError as err:
            return err.problems
        return []

    def reload_all(self) -> None:
        """The shipped files changed on disk: every workspace's own folder follows them."""
        for key, coach in list(self._own.items()):
            with self._busy(key):
                self._materialize(key, self.store.files(key)[1])
                problems = coach.reload()
                if problems:
                    log.error(
                        "workspace %s: %d problems after a change on disk", key, len(problems)
                    )

    # -- a lead's edit -------------------------------------------------------------------------

    def settings(self, key: str) -> Settings:
        """The settings a lead's edit of workspace `key` is prepared against: its own files
        (a folder of its own is made at its first edit)."""
        if self.tokens is None:
            return self.home.settings
        own = self._own.get(key)
        if own is not None:
            return own.settings
        with self._busy(key):
            _, files = self.store.files(key)
            root = self._materialize(key, files or self._first(key))
        return settings_for(root / RULES)[0]

    def apply(self, key: str, user: str, change: Change) -> list[Problem]:
        """Judge the change, write it and put it live here, then save it as the workspace's
        next version for every other worker; the problems instead when it is refused."""
        with self.store.locked(f"phrasebook:{key}"), self._busy(key):
            version, files = self.store.files(key)
            if version > self._at.get(key, 0):
                self._live_at(key, files)
                self._at[key] = version
            coach = self._coach_for_edit(key, files)
            problems = coach.apply(change)
            if problems:
                return problems
            settings = coach.settings
            before = files if files or self.tokens is None else self._first(key)
            saved = {**before, **_names(settings, change.files)}
            new = self.store.save_files(key, saved, base=version, user=user)
            if new is None:  # cannot happen under the lock; say so rather than hide it
                log.error("workspace %s: version %d moved on during an edit", key or "-", version)
            else:
                self._at[key] = new
            return []

    def _coach_for_edit(self, key: str, files: dict[str, str]) -> Coach:
        if self.tokens is None:
            return self.home
        own = self._own.get(key)
        if own is None:
            root = self._materialize(key, files or self._first(key))
            own = self._own[key] = Coach(root / RULES)
        return own

    def _first(self, key: str) -> dict[str, str]:
        """A new workspace's own rules.yaml: the shipped one, its phrasebook its own folder and
        its installer its lead."""
        assert self.tokens is not None
        settings = self.home.settings
        text = Path(settings.path).read_text(encoding="utf-8") if settings.path else ""
        installer = self.tokens.installer(key)
        text = set_top(text, "phrasebook", "phrasebook")
        text = set_top(text, "database", None)  # the server's, not the workspace's business
        text = set_top(text, "leads", f"[{installer}]" if installer else "[]")
        return {RULES: text}

    def _materialize(self, key: str, files: dict[str, str]) -> Path:
        """The workspace's folder: the shipped phrasebook with its own files on top."""
        root = self.folder / re.sub(r"[^A-Za-z0-9_.-]", "_", key or "home")
        shipped = Path(self.home.settings.phrasebook)
        wanted = {_stored(shipped, p): p.read_text(encoding="utf-8") for p in _rule_like(shipped)}
        wanted.update(files)
        (root / BOOK).mkdir(parents=True, exist_ok=True)
        _write({root / name: text for name, text in wanted.items()})
        for stale in _rule_like(root / BOOK):
            if _stored(root / BOOK, stale) not in wanted:
                stale.unlink()
        _seed(shipped, root / BOOK)
        return root

    def _paths(self, settings: Settings, files: dict[str, str]) -> dict[Path, str]:
        """Where the home workspace keeps each stored file."""
        out = {}
        for name, text in files.items():
            if name == RULES and settings.path:
                out[Path(settings.path)] = text
            elif name.startswith(BOOK):
                out[Path(settings.phrasebook) / name.removeprefix(BOOK)] = text
        return out


def _names(settings: Settings, paths: Iterable[Path]) -> dict[str, str]:
    """The files an applied change wrote, by their name in the store, as they are now."""
    out = {}
    for path in paths:
        if settings.path and path == Path(settings.path):
            name = RULES
        else:
            name = BOOK + path.relative_to(Path(settings.phrasebook)).as_posix()
        out[name] = path.read_text(encoding="utf-8")
    return out


def _rule_like(folder: Path) -> list[Path]:
    """A phrasebook's text files: its rule files, _language.yaml and its meaning banks."""
    found = [*folder.glob("*.y*ml"), *(folder / bank.FOLDER).glob("*.y*ml")]
    return sorted(p for p in found if p.is_file())


def _stored(folder: Path, path: Path) -> str:
    """A phrasebook file's name in the store: phrasebook/dont-know.yaml, phrasebook/meaning/…"""
    return BOOK + path.relative_to(folder).as_posix()


def _seed(shipped: Path, book: Path) -> None:
    """Give a workspace's phrasebook the shipped bank's vectors (a hard link where it can be),
    so its coach embeds only the sentences its leads added. A stale copy does no harm: the
    vectors are looked up by content."""
    source = shipped / bank.FOLDER / bank.SEED_FILE
    target = book / bank.FOLDER / bank.SEED_FILE
    if not source.is_file() or (target.is_file() and target.samefile(source)):
        return
    if target.is_file() and target.stat().st_size == source.stat().st_size:
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    target.unlink(missing_ok=True)
    try:
        os.link(source, target)
    except OSError:  # another file system, or no hard links there
        shutil.copyfile(source, target)


def _write(files: dict[Path, str]) -> None:
    """Write each file whose text differs, atomically."""
    changed = {}
    for path, text in files.items():
        try:
            if path.read_text(encoding="utf-8") == text:
                continue
        except OSError:
            pass
        changed[path] = text
    if changed:
        problems = apply.write(Change(changed, "sync", "-"))
        if problems:
            raise OSError(str(problems[0]))


def set_top(text: str, key: str, value: str | None) -> str:
    """The YAML text with top-level `key` set to `value` (a flow scalar, list or mapping), or
    gone when value is None: a one-line entry keeps its comment; a block under the key (indented
    or `- ` lines) is replaced; a missing key is added at the end."""
    line = "" if value is None else f"{key}: {value}\n"
    one = re.compile(
        rf"^{re.escape(key)}:[ \t]*(?P<value>[^#\n]*?)(?P<note>[ \t]+#[^\n]*)?\n(?![ \t]+\S|- )",
        re.M,
    )
    found = one.search(text + ("" if text.endswith("\n") else "\n"))
    if found and found.group("value") and value is not None:
        start, end = found.span("value")
        return text[:start] + value + text[end:]
    block = re.compile(rf"^{re.escape(key)}:[^\n]*(?:\n(?:[ \t]+\S|- )[^\n]*)*\n?", re.M)
    if block.search(text):
        return block.sub(lambda _: line, text, count=1)
    return text + ("" if not text or text.endswith("\n") else "\n") + line
