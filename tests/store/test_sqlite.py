"""The SQLite store's file: kept across reopen, WAL, versioned migrations, no text left behind."""

from __future__ import annotations

import sqlite3
import threading
from contextlib import closing
from pathlib import Path

import pytest

from bot.model import AuditEntry, StatRow
from bot.store.migrations import SQLITE
from bot.store.sqlite import SCHEMA_VERSION
from bot.store.sqlite import SqliteStore as Store


def mute(store: Store, user: str, rule: str) -> None:
    store.record_feedback(user, "C1", rule, "en", "muted", now=0)


def test_finish_leaves_no_text_in_the_file(tmp_path: Path) -> None:
    path = tmp_path / "phrasebot.sqlite"
    store = Store(path)
    try:
        store.accept(
            "Ev01",
            user="U1",
            channel="C1",
            channel_type="channel",
            ts="1.2",
            thread_ts=None,
            text="Zebulon idk",
            previous="Zebulon before",
            now=0,
        )
        store.claim_pending(lease=60, now=0)
        store.finish_job("Ev01", [("vague", "en")], now=1)
    finally:
        store.close()
    with closing(sqlite3.connect(path)) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        assert db.execute("SELECT text, previous FROM outbox").fetchall() == [(None, None)]
        with pytest.raises(sqlite3.IntegrityError):
            db.execute("UPDATE outbox SET text = 'back' WHERE event_id = 'Ev01'")
    assert b"Zebulon" not in path.read_bytes()


def test_a_file_at_version_4_is_migrated_keeping_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "phrasebot.sqlite"
    with closing(sqlite3.connect(path)) as db:
        db.executescript("".join(SQLITE[:4]) + "PRAGMA user_version = 4;")
        db.execute("INSERT INTO mutes (user, rule) VALUES ('U1', 'calm')")
        db.execute("INSERT INTO tips (user, at) VALUES ('U1', 5)")
        db.commit()
    store = Store(path)
    try:
        assert store.muted("U1") == frozenset({"calm"})
        assert store.user_summary("U1").tips == 1
    finally:
        store.close()


def test_workers_opening_one_new_file_at_once_migrate_it_once(tmp_path: Path) -> None:
    path = tmp_path / "phrasebot.sqlite"
    stores: list[Store] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(4)

    def open_it() -> None:
        barrier.wait()
        try:
            stores.append(Store(path))
        except BaseException as err:
            errors.append(err)

    threads = [threading.Thread(target=open_it) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for store in stores:
        store.close()
    assert errors == []
    with closing(sqlite3.connect(path)) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_file_store_keeps_everything_across_reopen(tmp_path: Path) -> None:
    path = tmp_path / "state" / "phrasebot.sqlite"
    first = Store(path)
    first.record_tip("U1", "C1", [("vague", "en")], now=0)
    mute(first, "U1", "calm")
    first.audit("U9", "rule-on", "calm", "", now=0)
    first.close()
    again = Store(path)
    try:
        assert again.stats() == [
            StatRow("vague", "en", "C1", shown=1),
            StatRow("calm", "en", "C1", muted=1),
        ]
        assert again.muted("U1") == frozenset({"calm"})
        assert again.audit_log() == [AuditEntry(0, "U9", "rule-on", "calm", "")]
    finally:
        again.close()


def test_file_store_uses_wal_and_the_schema_version(tmp_path: Path) -> None:
    path = tmp_path / "phrasebot.sqlite"
    Store(path).close()
    with closing(sqlite3.connect(path)) as db:
        journal = db.execute("PRAGMA journal_mode").fetchone()[0]
        version = db.execute("PRAGMA user_version").fetchone()[0]
    assert (journal, version) == ("wal", SCHEMA_VERSION)


def test_file_from_a_newer_phrasebot_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "phrasebot.sqlite"
    with closing(sqlite3.connect(path)) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(RuntimeError, match="newer than this phrasebot"):
        Store(path)


def test_schema_has_no_column_that_could_hold_message_text(tmp_path: Path) -> None:
    path = tmp_path / "phrasebot.sqlite"
    Store(path).close()
    with closing(sqlite3.connect(path)) as db:
        tables = [t for (t,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        columns = {t: [row[1] for row in db.execute(f"PRAGMA table_info({t})")] for t in tables}
    # Any new column has to be added here, on purpose: message text must never get a place,
    # except in the outbox while a tip is pending (text, previous; see the outbox tests).
    assert columns == {
        "outbox": [
            "event_id",
            "state",
            "accepted",
            "lease_until",
            "reserved",
            "claims",
            "finished",
            "user",
            "channel",
            "channel_type",
            "ts",
            "thread_ts",
            "text",
            "previous",
            "team",
            "owner",
        ],
        "tips": ["user", "at", "team"],
        "events": ["at", "kind", "user", "channel", "rule", "lang", "team"],
        "mutes": ["team", "user", "rule"],
        "audit": ["id", "at", "user", "action", "rule", "detail", "team"],
        "edits": ["id", "at", "user", "form", "fields", "team"],  # a lead's phrasebook content
        # a workspace's phrasebook files, as its leads edited them
        "phrasebook_versions": ["team", "version", "at", "user", "files"],
    }
