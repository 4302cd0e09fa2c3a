"""The PostgreSQL store's database: versioned migrations, no text left behind, notifications."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import psycopg
import pytest

from bot.store.postgres import SCHEMA_VERSION, PostgresStore
from tests.pg import fresh_schema, needs_postgres

pytestmark = needs_postgres


@pytest.fixture
def url() -> Iterator[str]:
    with fresh_schema() as made:
        yield made


def columns(url: str) -> dict[str, list[str]]:
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position"
        ).fetchall()
    found: dict[str, list[str]] = {}
    for table, column in rows:
        found.setdefault(table, []).append(column)
    return found


def test_schema_has_no_column_that_could_hold_message_text(url: str) -> None:
    PostgresStore(url).close()
    # Any new column has to be added here, on purpose: message text must never get a place,
    # except in the outbox while a tip is pending (text, previous).
    assert columns(url) == {
        "audit": ["id", "at", "team", "user_id", "action", "rule", "detail"],
        "edits": ["id", "at", "team", "user_id", "form", "fields"],
        "events": ["at", "kind", "team", "user_id", "channel", "rule", "lang"],
        "mutes": ["team", "user_id", "rule"],
        "outbox": [
            "event_id",
            "team",
            "state",
            "accepted",
            "lease_until",
            "owner",
            "reserved",
            "claims",
            "finished",
            "user_id",
            "channel",
            "channel_type",
            "ts",
            "thread_ts",
            "text",
            "previous",
        ],
        "phrasebook_versions": ["team", "version", "at", "user_id", "files"],
        "phrasebot_schema": ["version"],
        "tips": ["team", "user_id", "at"],
    }


def test_a_done_job_cannot_hold_text(url: str) -> None:
    store = PostgresStore(url)
    try:
        store.accept(
            "Ev01",
            user="U1",
            channel="C1",
            channel_type="channel",
            ts="1",
            thread_ts=None,
            text="Zebulon",
        )
        store.claim_pending(lease=60)
        store.finish_job("Ev01", None)
    finally:
        store.close()
    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT state, text, previous FROM outbox").fetchall() == [
            ("done", None, None)
        ]
        with pytest.raises(psycopg.errors.CheckViolation):
            conn.execute("UPDATE outbox SET text = 'back'")


def test_the_schema_version_is_kept_and_a_newer_database_refused(url: str) -> None:
    PostgresStore(url).close()
    with psycopg.connect(url, autocommit=True) as conn:
        assert conn.execute("SELECT version FROM phrasebot_schema").fetchall() == [
            (SCHEMA_VERSION,)
        ]
        conn.execute("UPDATE phrasebot_schema SET version = %s", (SCHEMA_VERSION + 1,))
    with pytest.raises(RuntimeError, match="newer than this phrasebot"):
        PostgresStore(url)


def test_workers_starting_at_once_migrate_one_database_once(url: str) -> None:
    stores: list[PostgresStore] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(4)

    def open_it() -> None:
        barrier.wait()
        try:
            stores.append(PostgresStore(url))
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
    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT version FROM phrasebot_schema").fetchall() == [
            (SCHEMA_VERSION,)
        ]


def test_a_saved_version_is_announced_to_every_listening_worker(url: str) -> None:
    saver, listener = PostgresStore(url), PostgresStore(url)
    heard: list[str] = []
    got = threading.Event()

    def on_change(team: str) -> None:
        heard.append(team)
        got.set()

    try:
        listener.listen(on_change)
        threading.Event().wait(0.5)  # LISTEN is issued on the listener's own connection
        saver.save_files("T1", {"rules.yaml": "leads: []\n"}, base=0)
        assert got.wait(5)
        assert heard == ["T1"]
    finally:
        saver.close()
        listener.close()


def test_an_unreachable_database_is_an_error_at_once() -> None:
    with pytest.raises(psycopg.OperationalError):
        PostgresStore("postgresql://nobody@127.0.0.1:1/none", timeout=2)
