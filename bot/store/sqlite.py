"""The Slack app's SQLite store: embedded, nothing to install; for one machine.

Privacy: message text lives only in an outbox row whose tip is pending (the text and, for an
edit, the text before it); delivering or dropping the tip sets both to NULL in the same
transaction that marks the job done, and a CHECK constraint refuses a done row with text.
Every other row holds Slack ids, rule ids, language codes, counts and times; the audit log's
detail and a workspace's phrasebook files are phrasebook content a lead wrote, never a draft.

The outbox: `accept` stores a message event as a pending job in one committed transaction,
before the app acks it (synchronous=FULL: the commit is on disk when accept returns), and the
event id is the key that drops Slack's retries. A worker claims the oldest jobs with one
atomic UPDATE ... WHERE state is pending (or the lease ran out: the claimer died), posts the
tip, then `finish_job` marks it done and counts the tip as shown, in one transaction.

Bolt runs listeners on several threads, so one connection is shared behind a lock; every
write is one IMMEDIATE transaction, which also keeps other processes on the same file (the
workers of `serve --workers N`) honest. `locked` is a lock across those processes too (flock).
"""

from __future__ import annotations

import fcntl
import hashlib
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from bot.model import Job, PendingEdit
from bot.store.migrations import SQLITE, newer
from bot.store.shared import (
    DAY,
    HOUR,
    PRUNE_EVERY,
    dump,
    load,
    now_or,
    storable,
)
from bot.store.sqlite_counts import SqliteCounts, insert_tip

SCHEMA_VERSION = len(SQLITE)
BUSY_SECONDS = 10.0  # how long a write waits for another process's to finish
_JOB = (
    "event_id, user, channel, channel_type, ts, thread_ts, text, previous, claims, team, accepted"
)
_CLAIMABLE = "state != 'done' AND (state = 'pending' OR lease_until <= ?)"


class SqliteStore(SqliteCounts):
    """The store in one SQLite file; safe across threads and across processes on one machine."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        # Autocommit mode: transactions are opened explicitly by _write.
        self._db = sqlite3.connect(
            self.path, timeout=BUSY_SECONDS, isolation_level=None, check_same_thread=False
        )
        self._lock = threading.Lock()
        self._named: dict[str, threading.Lock] = {}
        self._next_prune = float("-inf")
        self._open()

    def _open(self) -> None:
        """Set the file up and bring its schema up to date. Workers opening a new file
        together may find it locked where SQLite does not wait on the busy timeout (changing
        the journal mode, reading the schema while another worker changes it): try again, for
        as long as the busy timeout would have waited."""
        deadline = time.monotonic() + BUSY_SECONDS
        while True:
            try:
                self._db.execute("PRAGMA journal_mode = WAL")
                # FULL: a committed accept survives a crash of the machine, not the process only.
                self._db.execute("PRAGMA synchronous = FULL")
                # Deleted message text is overwritten with zeros, not left in free space.
                self._db.execute("PRAGMA secure_delete = ON")
                self._migrate()
                return
            except sqlite3.OperationalError as err:
                if "locked" not in str(err) or time.monotonic() > deadline:
                    raise
                time.sleep(0.02)

    def close(self) -> None:
        """Close the connection; the store cannot be used afterwards."""
        with self._lock:
            self._db.close()

    def ping(self) -> None:
        """Raise if the database cannot be read (for /readyz)."""
        with self._lock:
            self._db.execute("SELECT COUNT(*) FROM outbox WHERE 0").fetchone()

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
        with self._write() as db:
            if at >= self._next_prune:
                sql = "DELETE FROM outbox WHERE state = 'done' AND finished < ?"
                db.execute(sql, (at - DAY,))
                self._next_prune = at + PRUNE_EVERY
            inserted = db.execute(
                "INSERT OR IGNORE INTO outbox (state, accepted, event_id, team, user, channel, "
                "channel_type, ts, thread_ts, text, previous) "
                "VALUES ('pending', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
            return inserted.rowcount == 1

    def claim_pending(
        self, *, lease: float, owner: str = "", limit: int = 100, now: float | None = None
    ) -> list[Job]:
        """Claim up to `limit` jobs for `owner`, oldest first: pending ones, and claimed ones
        whose lease ran out (the worker that claimed them died)."""
        at = now_or(now)
        with self._write() as db:
            rows = db.execute(
                f"UPDATE outbox SET state = 'claimed', owner = ?, lease_until = ?, "
                f"claims = claims + 1 WHERE event_id IN (SELECT event_id FROM outbox "
                f"WHERE {_CLAIMABLE} ORDER BY accepted LIMIT ?) RETURNING {_JOB}",
                (owner, at + lease, at, max(limit, 0)),
            ).fetchall()
        return sorted((Job(*row) for row in rows), key=lambda job: job.accepted)

    def renew(self, owner: str, *, lease: float, now: float | None = None) -> int:
        """Extend the lease of every job `owner` holds: it is alive. How many it holds."""
        with self._write() as db:
            cursor = db.execute(
                "UPDATE outbox SET lease_until = ? WHERE owner = ? AND state = 'claimed'",
                (now_or(now) + lease, owner),
            )
            return cursor.rowcount

    def release(self, owner: str) -> int:
        """Give back every job `owner` holds and has not started (it is stopping): pending
        again at once, for another worker. How many."""
        with self._write() as db:
            cursor = db.execute(
                "UPDATE outbox SET state = 'pending', owner = NULL, lease_until = 0, "
                "reserved = 0, claims = MAX(claims - 1, 0) "
                "WHERE owner = ? AND state = 'claimed'",
                (owner,),
            )
            return cursor.rowcount

    def owners(self) -> set[str]:
        """The workers holding claimed jobs now."""
        with self._lock:
            rows = self._db.execute(
                "SELECT DISTINCT owner FROM outbox WHERE state = 'claimed' AND owner IS NOT NULL"
            ).fetchall()
        return {owner for (owner,) in rows}

    def reserve_tip(self, event_id: str, cap: int, *, now: float | None = None) -> bool:
        """Hold one of the author's `cap` tips an hour (0: no cap) for a claimed job; False if
        the author had `cap` already, counting the tips being posted right now."""
        at = now_or(now)
        with self._write() as db:
            row = db.execute(
                "SELECT team, user FROM outbox WHERE event_id = ? AND state = 'claimed'",
                (event_id,),
            ).fetchone()
            if row is None:
                return False
            team, user = row
            if cap > 0:
                (shown,) = db.execute(
                    "SELECT COUNT(*) FROM tips WHERE team = ? AND user = ? AND at > ?",
                    (team, user, at - HOUR),
                ).fetchone()
                (posting,) = db.execute(
                    "SELECT COUNT(*) FROM outbox WHERE team = ? AND user = ? AND reserved = 1 "
                    "AND state = 'claimed' AND event_id != ?",
                    (team, user, event_id),
                ).fetchone()
                if shown + posting >= cap:
                    return False
            db.execute("UPDATE outbox SET reserved = 1 WHERE event_id = ?", (event_id,))
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
        with self._write() as db:
            row = db.execute(
                "SELECT team, user, channel FROM outbox WHERE event_id = ? AND state != 'done'",
                (event_id,),
            ).fetchone()
            if row is None:
                return False
            if shown is not None:
                insert_tip(db, row[0], row[1], row[2], shown, at)
            db.execute(
                "UPDATE outbox SET state = 'done', text = NULL, previous = NULL, reserved = 0, "
                "lease_until = 0, owner = NULL, finished = ? WHERE event_id = ?",
                (at, event_id),
            )
            return True

    def retry_later(self, event_id: str, *, delay: float, now: float | None = None) -> bool:
        """Give a claimed job back, to be claimed again in `delay` seconds (Slack was busy);
        its text stays. False if the job is not claimed."""
        at = now_or(now)
        with self._write() as db:
            cursor = db.execute(
                "UPDATE outbox SET lease_until = ?, reserved = 0, owner = NULL "
                "WHERE event_id = ? AND state = 'claimed'",
                (at + delay, event_id),
            )
            return cursor.rowcount == 1

    def pending_jobs(self) -> int:
        """How many accepted events still wait for their tip."""
        with self._lock:
            (count,) = self._db.execute(
                "SELECT COUNT(*) FROM outbox WHERE state != 'done'"
            ).fetchone()
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
        with self._write() as db:
            cursor = db.execute(
                "INSERT INTO edits (at, team, user, form, fields) VALUES (?, ?, ?, ?, ?)",
                (now_or(now), team, user, form, dump(fields)),
            )
            return int(cursor.lastrowid or 0)

    def pending_edits(self) -> list[PendingEdit]:
        """The edits accepted and not yet finished (left by a crash), oldest first."""
        with self._lock:
            rows = self._db.execute(
                "SELECT id, user, form, fields, team FROM edits ORDER BY id"
            ).fetchall()
        return [
            PendingEdit(i, user, form, load(fields), team) for i, user, form, fields, team in rows
        ]

    def finish_edit(self, edit_id: int) -> None:
        """The edit went live or was refused, and the lead was told: forget it."""
        with self._write() as db:
            db.execute("DELETE FROM edits WHERE id = ?", (edit_id,))

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
        version after `base`; None if another version came first (the caller is behind)."""
        with self._write() as db:
            (latest,) = db.execute(
                "SELECT COALESCE(MAX(version), 0) FROM phrasebook_versions WHERE team = ?",
                (team,),
            ).fetchone()
            if latest != base:
                return None
            db.execute(
                "INSERT INTO phrasebook_versions (team, version, at, user, files) "
                "VALUES (?, ?, ?, ?, ?)",
                (team, base + 1, now_or(now), user, dump(files)),
            )
            return base + 1

    def files(self, team: str) -> tuple[int, dict[str, str]]:
        """A workspace's latest version and its files; (0, {}) before its first edit."""
        with self._lock:
            row = self._db.execute(
                "SELECT version, files FROM phrasebook_versions WHERE team = ? "
                "ORDER BY version DESC LIMIT 1",
                (team,),
            ).fetchone()
        return (0, {}) if row is None else (int(row[0]), load(row[1]))

    def versions(self) -> dict[str, int]:
        """Each workspace's latest phrasebook version."""
        with self._lock:
            rows = self._db.execute(
                "SELECT team, MAX(version) FROM phrasebook_versions GROUP BY team"
            ).fetchall()
        return {team: int(version) for team, version in rows}

    @contextmanager
    def locked(self, name: str) -> Iterator[None]:
        """Hold a lock named `name` across the threads and processes using this file."""
        with self._lock:
            named = self._named.setdefault(name, threading.Lock())
        with named:
            if self.path == ":memory:":
                yield
                return
            digest = hashlib.blake2b(name.encode(), digest_size=6).hexdigest()
            with open(f"{self.path}.{digest}.lock", "a+b") as handle:
                fcntl.flock(handle, fcntl.LOCK_EX)
                try:
                    yield
                finally:
                    fcntl.flock(handle, fcntl.LOCK_UN)

    def listen(self, on_change: Callable[[str], None]) -> None:
        """SQLite has no notifications: other processes see new versions by polling."""

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """Hold the lock and one IMMEDIATE transaction; roll back if the body raises."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def _migrate(self) -> None:
        """Bring the schema up to SCHEMA_VERSION, refusing a file from a newer phrasebot.

        Workers starting together may race to migrate one file: a script that fails because
        another process ran it first is let go once the version shows that."""
        with self._lock:
            version = self._version()
            if version > SCHEMA_VERSION:
                self._db.close()
                raise newer(version, SCHEMA_VERSION, "`store` in rules.yaml")
            for number in range(version, SCHEMA_VERSION):
                # The version bump rides in the same transaction: a crash cannot half-migrate.
                script = SQLITE[number] + f"PRAGMA user_version = {number + 1};"
                try:
                    self._db.executescript(f"BEGIN IMMEDIATE; {script} COMMIT;")
                except sqlite3.Error:
                    if self._db.in_transaction:
                        self._db.execute("ROLLBACK")
                    if self._version() <= number:
                        raise

    def _version(self) -> int:
        (version,) = self._db.execute("PRAGMA user_version").fetchone()
        return int(version)
