"""The Slack app's PostgreSQL store: one database for many workers on many machines.

Chosen with `PHRASEBOT_DATABASE_URL=postgresql://…` (or `database:` in rules.yaml). The same
interface and guarantees as the SQLite store (bot/store/sqlite.py), and the same tests:

- privacy: message text lives only in a pending outbox row; the update that marks a job done
  sets it to NULL, and a CHECK refuses a done row that holds any;
- the outbox is a queue: `claim_pending` takes the oldest claimable rows with
  `FOR UPDATE SKIP LOCKED`, so workers never wait on each other nor take one job twice;
- one transaction per write, committed before the call returns (synchronous_commit as the
  server has it: on by default, so an accepted event survives a crash of the server).

Connections come from a psycopg_pool pool, in autocommit mode; a write of several statements
is one explicit transaction. A change to a workspace's phrasebook is announced with NOTIFY
(`listen` hears it on a connection of its own), so every worker reloads within moments.
Advisory locks serialize what must not overlap: migrations, the tip cap of one agent, and a
workspace's phrasebook edits (`locked`).
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg import sql
from psycopg_pool import ConnectionPool

from bot.model import Job, PendingEdit
from bot.store.migrations import POSTGRES, newer
from bot.store.postgres_counts import PostgresCounts, insert_tip, one
from bot.store.shared import (
    DAY,
    HOUR,
    PRUNE_EVERY,
    dump,
    load,
    now_or,
    storable,
)

log = logging.getLogger("phrasebot.store")

SCHEMA_VERSION = len(POSTGRES)
_JOB = (
    "event_id, user_id, channel, channel_type, ts, thread_ts, text, previous, claims, team, "
    "accepted"
)
_CLAIMABLE = "state <> 'done' AND (state = 'pending' OR lease_until <= %s)"
_MIGRATING = "phrasebot: migrating"


class PostgresStore(PostgresCounts):
    """The store in a PostgreSQL database, shared by every worker; safe across threads."""

    def __init__(self, url: str, *, pool_size: int = 10, timeout: float = 10.0) -> None:
        self.url = url
        self._pool = ConnectionPool(
            url,
            min_size=1,
            max_size=max(pool_size, 2),
            kwargs={"autocommit": True},
            timeout=timeout,
            name="phrasebot",
            open=False,
        )
        self._pool.open(wait=True, timeout=timeout)
        self._next_prune = float("-inf")
        self._closing = threading.Event()
        self._listener: threading.Thread | None = None
        try:
            with self._pool.connection() as conn:
                self._migrate(conn)
                (schema,) = one(conn, "SELECT current_schema()")
        except BaseException:
            self._pool.close()
            raise
        self.channel = f"phrasebot:{schema}:files"

    def close(self) -> None:
        """Stop listening and close every connection; the store cannot be used afterwards."""
        self._closing.set()
        if self._listener is not None:
            self._listener.join(timeout=5)
        self._pool.close()

    def ping(self) -> None:
        """Raise if the database cannot be reached (for /readyz)."""
        with self._pool.connection(timeout=2.0) as conn:
            conn.execute("SELECT 1 FROM outbox WHERE FALSE")

    # -- the outbox ------------------------------------------------------------------------

    def accept(
        self,
        event_id: str,
        *,
        user: str,
        channel: str,
        channel_type: str,
        ts: str,
        thread_ts: str | None,
        text: str,
        previous: str | None = None,
        team: str = "",
        now: float | None = None,
    ) -> bool:
        """Store a message event as a pending job; False when its event id was accepted before
        (a retry). Committed when this returns: only then may the event be acked."""
        at = now_or(now)
        with self._pool.connection() as conn:
            if at >= self._next_prune:
                self._next_prune = at + PRUNE_EVERY
                conn.execute(
                    "DELETE FROM outbox WHERE state = 'done' AND finished < %s", (at - DAY,)
                )
            cursor = conn.execute(
                "INSERT INTO outbox (state, accepted, event_id, team, user_id, channel, "
                "channel_type, ts, thread_ts, text, previous) "
                "VALUES ('pending', %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) "
                "ON CONFLICT (event_id) DO NOTHING",
                (
                    at,
                    event_id,
                    team,
                    user,
                    channel,
                    channel_type,
                    ts,
                    thread_ts,
                    storable(text),
                    storable(previous),
                ),
            )
            return cursor.rowcount == 1

    def claim_pending(
        self, *, lease: float, owner: str = "", limit: int = 100, now: float | None = None
    ) -> list[Job]:
        """Claim up to `limit` jobs for `owner`, oldest first: pending ones, and claimed ones
        whose lease ran out (the worker that claimed them died). Rows another worker is
        claiming at this moment are skipped, not waited for."""
        at = now_or(now)
        with self._pool.connection() as conn:
            rows = conn.execute(
                f"UPDATE outbox SET state = 'claimed', owner = %s, lease_until = %s, "
                f"claims = claims + 1 WHERE event_id IN (SELECT event_id FROM outbox "
                f"WHERE {_CLAIMABLE} ORDER BY accepted LIMIT %s FOR UPDATE SKIP LOCKED) "
                f"RETURNING {_JOB}",
                (owner, at + lease, at, max(limit, 0)),
            ).fetchall()
        return sorted((Job(*row) for row in rows), key=lambda job: job.accepted)

    def renew(self, owner: str, *, lease: float, now: float | None = None) -> int:
        """Extend the lease of every job `owner` holds: it is alive. How many it holds."""
        with self._pool.connection() as conn:
            cursor = conn.execute(
                "UPDATE outbox SET lease_until = %s WHERE owner = %s AND state = 'claimed'",
                (now_or(now) + lease, owner),
            )
            return cursor.rowcount

    def release(self, owner: str) -> int:
        """Give back every job `owner` holds (it is stopping): pending again at once."""
        with self._pool.connection() as conn:
            cursor = conn.execute(
                "UPDATE outbox SET state = 'pending', owner = NULL, lease_until = 0, "
                "reserved = FALSE, claims = GREATEST(claims - 1, 0) "
                "WHERE owner = %s AND state = 'claimed'",
                (owner,),
            )
            return cursor.rowcount

    def owners(self) -> set[str]:
        """The workers holding claimed jobs now."""
        with self._pool.connection() as conn:
            rows = conn.execute(
                "SELECT DISTINCT owner FROM outbox WHERE state = 'claimed' AND owner IS NOT NULL"
            ).fetchall()
        return {owner for (owner,) in rows}

    def reserve_tip(self, event_id: str, cap: int, *, now: float | None = None) -> bool:
        """Hold one of the author's `cap` tips an hour (0: no cap) for a claimed job; False if
        the author had `cap` already, counting the tips being posted right now."""
        at = now_or(now)
        with self._pool.connection() as conn, conn.transaction():
            row = one(
                conn,
                "SELECT team, user_id FROM outbox WHERE event_id = %s AND state = 'claimed'",
                (event_id,),
            )
            if row is None:
                return False
            team, user = row
            if cap > 0:
                # One agent's reservations one at a time, whichever worker makes them.
                _lock(conn, f"cap:{team}:{user}", transaction=True)
                # One statement, one snapshot: a tip finished meanwhile moves from posting
                # to shown, and must not be missed in both.
                (held,) = one(
                    conn,
                    "SELECT (SELECT COUNT(*) FROM tips WHERE team = %s AND user_id = %s "
                    "AND at > %s) + (SELECT COUNT(*) FROM outbox WHERE team = %s "
                    "AND user_id = %s AND reserved AND state = 'claimed' AND event_id <> %s)",
                    (team, user, at - HOUR, team, user, event_id),
                )
                if held >= cap:
                    return False
            conn.execute("UPDATE outbox SET reserved = TRUE WHERE event_id = %s", (event_id,))
            return True

    def finish_job(
        self,
        event_id: str,
        shown: Sequence[tuple[str, str]] | None,
        *,
        now: float | None = None,
    ) -> bool:
        """Mark a job done and delete its text; with `shown` (the tip's rules and languages),
        count the tip as delivered. False if the job was done already."""
        at = now_or(now)
        with self._pool.connection() as conn, conn.transaction():
            row = one(
                conn,
                "UPDATE outbox SET state = 'done', text = NULL, previous = NULL, "
                "reserved = FALSE, lease_until = 0, owner = NULL, finished = %s "
                "WHERE event_id = %s AND state <> 'done' RETURNING team, user_id, channel",
                (at, event_id),
            )
            if row is None:
                return False
            if shown is not None:
                insert_tip(conn, row[0], row[1], row[2], shown, at)
            return True

    def retry_later(self, event_id: str, *, delay: float, now: float | None = None) -> bool:
        """Give a claimed job back, to be claimed again in `delay` seconds (Slack was busy);
        its text stays. False if the job is not claimed."""
        with self._pool.connection() as conn:
            cursor = conn.execute(
                "UPDATE outbox SET lease_until = %s, reserved = FALSE, owner = NULL "
                "WHERE event_id = %s AND state = 'claimed'",
                (now_or(now) + delay, event_id),
            )
            return cursor.rowcount == 1

    def pending_jobs(self) -> int:
        """How many accepted events still wait for their tip."""
        with self._pool.connection() as conn:
            (count,) = one(conn, "SELECT COUNT(*) FROM outbox WHERE state <> 'done'")
        return int(count)

    # -- leads' edits between the ack and going live ---------------------------------------

    def accept_edit(
        self,
        user: str,
        form: str,
        fields: dict[str, str],
        *,
        team: str = "",
        now: float | None = None,
    ) -> int:
        """Keep a lead's submitted edit until finish_edit(); its id."""
        with self._pool.connection() as conn:
            (edit_id,) = one(
                conn,
                "INSERT INTO edits (at, team, user_id, form, fields) "
                "VALUES (%s, %s, %s, %s, %s) RETURNING id",
                (now_or(now), team, user, form, dump(fields)),
            )
        return int(edit_id)

    def pending_edits(self) -> list[PendingEdit]:
        """The edits accepted and not yet finished (left by a crash), oldest first."""
        with self._pool.connection() as conn:
            rows = conn.execute(
                "SELECT id, user_id, form, fields, team FROM edits ORDER BY id"
            ).fetchall()
        return [
            PendingEdit(i, user, form, load(fields), team) for i, user, form, fields, team in rows
        ]

    def finish_edit(self, edit_id: int) -> None:
        """The edit went live or was refused, and the lead was told: forget it."""
        with self._pool.connection() as conn:
            conn.execute("DELETE FROM edits WHERE id = %s", (edit_id,))

    # -- a workspace's phrasebook files ----------------------------------------------------

    def save_files(
        self,
        team: str,
        files: dict[str, str],
        *,
        base: int,
        user: str = "",
        now: float | None = None,
    ) -> int | None:
        """Store `files` (name -> text: every file the workspace's leads changed) as the next
        version after `base`, and tell every listening worker; None if another version came
        first (the caller is behind)."""
        with self._pool.connection() as conn, conn.transaction():
            (latest,) = one(
                conn,
                "SELECT COALESCE(MAX(version), 0) FROM phrasebook_versions WHERE team = %s",
                (team,),
            )
            if latest != base:
                return None
            cursor = conn.execute(
                "INSERT INTO phrasebook_versions (team, version, at, user_id, files) "
                "VALUES (%s, %s, %s, %s, %s) ON CONFLICT DO NOTHING",
                (team, base + 1, now_or(now), user, dump(files)),
            )
            if cursor.rowcount != 1:
                return None
            conn.execute("SELECT pg_notify(%s, %s)", (self.channel, team))  # sent at commit
            return base + 1

    def files(self, team: str) -> tuple[int, dict[str, str]]:
        """A workspace's latest version and its files; (0, {}) before its first edit."""
        with self._pool.connection() as conn:
            row = one(
                conn,
                "SELECT version, files FROM phrasebook_versions WHERE team = %s "
                "ORDER BY version DESC LIMIT 1",
                (team,),
            )
        return (0, {}) if row is None else (int(row[0]), load(row[1]))

    def versions(self) -> dict[str, int]:
        """Each workspace's latest phrasebook version."""
        with self._pool.connection() as conn:
            rows = conn.execute(
                "SELECT team, MAX(version) FROM phrasebook_versions GROUP BY team"
            ).fetchall()
        return {team: int(version) for team, version in rows}

    @contextmanager
    def locked(self, name: str) -> Iterator[None]:
        """Hold a lock named `name` across every worker on this database (an advisory lock,
        let go by the server if this process dies)."""
        with self._pool.connection() as conn:
            key = _lock(conn, name)
            try:
                yield
            finally:
                conn.execute("SELECT pg_advisory_unlock(%s)", (key,))

    def listen(self, on_change: Callable[[str], None]) -> None:
        """Call on_change(team) when any worker saves a new version of a workspace's files,
        from a thread of its own with its own connection (reconnecting if it drops)."""
        if self._listener is not None:
            return
        self._listener = threading.Thread(
            target=self._listen, args=(on_change,), name="phrasebot-listen", daemon=True
        )
        self._listener.start()

    def _listen(self, on_change: Callable[[str], None]) -> None:
        while not self._closing.is_set():
            try:
                with psycopg.connect(self.url, autocommit=True) as conn:
                    conn.execute(sql.SQL("LISTEN {}").format(sql.Identifier(self.channel)))
                    while not self._closing.is_set():
                        for note in conn.notifies(timeout=0.5):
                            try:
                                on_change(note.payload)
                            except Exception as err:  # one bad reload must not stop listening
                                log.error("files changed: reload failed: %s", type(err).__name__)
            except psycopg.Error as err:
                log.warning(
                    "listening for phrasebook changes: %s; again in 1 s", type(err).__name__
                )
                self._closing.wait(1.0)

    def _migrate(self, conn: psycopg.Connection[Any]) -> None:
        """Bring the schema up to SCHEMA_VERSION, one worker at a time; refuse a database from
        a newer phrasebot."""
        with conn.transaction():
            _lock(conn, _MIGRATING, transaction=True)
            conn.execute("CREATE TABLE IF NOT EXISTS phrasebot_schema (version INTEGER NOT NULL)")
            row = one(conn, "SELECT version FROM phrasebot_schema")
            if row is None:
                conn.execute("INSERT INTO phrasebot_schema (version) VALUES (0)")
            version = 0 if row is None else int(row[0])
            if version > SCHEMA_VERSION:
                raise newer(version, SCHEMA_VERSION, "PHRASEBOT_DATABASE_URL")
            for number in range(version, SCHEMA_VERSION):
                # Each script and its version bump in the one transaction (DDL is transactional).
                conn.execute(POSTGRES[number])
                conn.execute("UPDATE phrasebot_schema SET version = %s", (number + 1,))


def _lock(conn: psycopg.Connection[Any], name: str, *, transaction: bool = False) -> int:
    """Take the advisory lock for `name` (until the transaction ends, or until unlocked)."""
    key = int.from_bytes(hashlib.blake2b(name.encode(), digest_size=8).digest(), "big", signed=True)
    which = "pg_advisory_xact_lock" if transaction else "pg_advisory_lock"
    conn.execute(f"SELECT {which}(%s)", (key,))
    return key
