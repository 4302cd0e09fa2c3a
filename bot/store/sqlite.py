"""The Slack app's SQLite store: the outbox, tips, feedback counts, mutes, the lead audit log.

Privacy: message text lives only in an outbox row whose tip is pending (the text and, for an
edit, the text before it); delivering or dropping the tip sets both to NULL in the same
transaction that marks the job done, and a CHECK constraint refuses a done row with text.
Every other row holds Slack ids, rule ids, language codes, counts and times; the audit log's
detail is phrasebook content a lead wrote, never a draft.

The outbox: `accept` stores a message event as a pending job in one committed transaction,
before the app acks it (synchronous=FULL: the commit is on disk when accept returns), and the
event id is the key that drops Slack's retries. A worker claims a job with one atomic UPDATE
... WHERE state is pending (or its lease ran out: the claimer died), posts the tip, then
`finish_job` marks it done and counts the tip as shown, in one transaction.

Bolt runs listeners on several threads, so one connection is shared behind a lock; every
write is one IMMEDIATE transaction, which also keeps a second process on the same file honest.
"""

from __future__ import annotations

import difflib
import json
import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from bot.model import AuditEntry, Job, PendingEdit, StatRow, UserSummary

HOUR = 3600.0
DAY = 24 * HOUR
FEEDBACK_KINDS = ("helpful", "false_alarm", "muted")
TOP_RULES = 5
_PRUNE_EVERY = 600.0  # seconds between sweeps of done outbox jobs; a sweep per event is waste

# One script per schema version; a database at user_version n gets scripts n, n+1, ... applied.
_MIGRATIONS = (
    """
    CREATE TABLE deliveries (id TEXT PRIMARY KEY, seen REAL NOT NULL) WITHOUT ROWID;
    CREATE INDEX deliveries_seen ON deliveries (seen);
    CREATE TABLE tips (user TEXT NOT NULL, at REAL NOT NULL);
    CREATE INDEX tips_user_at ON tips (user, at);
    CREATE TABLE events (
        at REAL NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('shown', 'helpful', 'false_alarm', 'muted')),
        user TEXT NOT NULL,
        channel TEXT NOT NULL,
        rule TEXT NOT NULL,
        lang TEXT NOT NULL
    );
    CREATE INDEX events_at ON events (at);
    CREATE INDEX events_user_at ON events (user, at);
    CREATE TABLE mutes (
        user TEXT NOT NULL, rule TEXT NOT NULL, PRIMARY KEY (user, rule)
    ) WITHOUT ROWID;
    CREATE TABLE audit (
        id INTEGER PRIMARY KEY,
        at REAL NOT NULL,
        user TEXT NOT NULL,
        action TEXT NOT NULL,
        rule TEXT NOT NULL,
        detail TEXT NOT NULL
    );
    """,
    """
    CREATE TABLE outbox (
        event_id TEXT PRIMARY KEY,
        state TEXT NOT NULL CHECK (state IN ('pending', 'claimed', 'done')),
        accepted REAL NOT NULL,
        lease_until REAL NOT NULL DEFAULT 0,
        reserved INTEGER NOT NULL DEFAULT 0,
        claims INTEGER NOT NULL DEFAULT 0,
        finished REAL,
        user TEXT NOT NULL,
        channel TEXT NOT NULL,
        channel_type TEXT NOT NULL,
        ts TEXT NOT NULL,
        thread_ts TEXT,
        text TEXT,
        previous TEXT,
        CHECK (state != 'done' OR (text IS NULL AND previous IS NULL))
    );
    CREATE INDEX outbox_state ON outbox (state, lease_until);
    CREATE INDEX outbox_user ON outbox (user, reserved);
    CREATE INDEX outbox_finished ON outbox (finished);
    """,
    # A lead's submitted edit, kept from the ack until it is live or refused: phrasebook
    # content the lead wrote (phrases, messages, examples), never a customer's message.
    """
    CREATE TABLE edits (
        id INTEGER PRIMARY KEY,
        at REAL NOT NULL,
        user TEXT NOT NULL,
        form TEXT NOT NULL,
        fields TEXT NOT NULL
    );
    """,
    # Retries are told apart by the outbox's event ids now.
    """
    DROP TABLE deliveries;
    """,
)
_JOB = "event_id, user, channel, channel_type, ts, thread_ts, text, previous, claims"
_CLAIMABLE = "(state = 'pending' OR (state = 'claimed' AND lease_until <= ?))"
SCHEMA_VERSION = len(_MIGRATIONS)


_STATS = """
    SELECT rule, lang, channel,
           SUM(kind = 'shown'), SUM(kind = 'helpful'), SUM(kind = 'false_alarm'),
           SUM(kind = 'muted')
    FROM events WHERE at >= ?
    GROUP BY rule, lang, channel
    ORDER BY 4 DESC, rule, lang, channel
"""


class SqliteStore:
    """The store in one SQLite file: embedded, nothing to install; safe across threads."""

    def __init__(self, path: str | Path) -> None:
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        # Autocommit mode: transactions are opened explicitly by _write.
        self._db = sqlite3.connect(
            str(path), timeout=10.0, isolation_level=None, check_same_thread=False
        )
        self._lock = threading.Lock()
        self._next_prune = float("-inf")
        self._db.execute("PRAGMA journal_mode = WAL")
        # FULL: a committed accept survives a crash of the machine, not only of the process.
        self._db.execute("PRAGMA synchronous = FULL")
        # Deleted message text is overwritten with zeros, not left in free space in the file.
        self._db.execute("PRAGMA secure_delete = ON")
        self._migrate()

    def close(self) -> None:
        """Close the connection; the store cannot be used afterwards."""
        with self._lock:
            self._db.close()

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
        now: float | None = None,
    ) -> bool:
        """Store a message event as a pending job; False when its event id was accepted before
        (a retry). Committed when this returns: only then may the event be acked."""
        at = _now(now)
        with self._write() as db:
            if at >= self._next_prune:
                sql = "DELETE FROM outbox WHERE state = 'done' AND finished < ?"
                db.execute(sql, (at - DAY,))
                self._next_prune = at + _PRUNE_EVERY
            inserted = db.execute(
                "INSERT OR IGNORE INTO outbox (state, accepted, event_id, user, channel, channel_type, "
                "ts, thread_ts, text, previous) "
                "VALUES ('pending', ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (at, event_id, user, channel, channel_type, ts, thread_ts, text, previous),
            )
            return inserted.rowcount == 1

    def claim_job(self, event_id: str, *, lease: float, now: float | None = None) -> Job | None:
        """Claim one job for `lease` seconds; None if it is done or another worker holds it."""
        at = _now(now)
        with self._write() as db:
            row = db.execute(
                f"UPDATE outbox SET state = 'claimed', lease_until = ?, claims = claims + 1 "
                f"WHERE event_id = ? AND {_CLAIMABLE} RETURNING {_JOB}",
                (at + lease, event_id, at),
            ).fetchone()
        return None if row is None else Job(*row)

    def claim_pending(
        self, *, lease: float, limit: int = 100, now: float | None = None
    ) -> list[Job]:
        """Claim up to `limit` jobs, oldest first: pending ones, and claimed ones whose lease
        ran out (the process that claimed them died)."""
        at = _now(now)
        with self._write() as db:
            rows = db.execute(
                f"UPDATE outbox SET state = 'claimed', lease_until = ?, claims = claims + 1 "
                f"WHERE event_id IN (SELECT event_id FROM outbox WHERE {_CLAIMABLE} "
                f"ORDER BY accepted LIMIT ?) AND {_CLAIMABLE} RETURNING {_JOB}",
                (at + lease, at, max(limit, 0), at),
            ).fetchall()
        return [Job(*row) for row in rows]

    def reserve_tip(self, event_id: str, cap: int, *, now: float | None = None) -> bool:
        """Hold one of the author's `cap` tips an hour (0: no cap) for a claimed job; False if
        the author had `cap` already, counting the tips being posted right now."""
        at = _now(now)
        with self._write() as db:
            row = db.execute(
                "SELECT user FROM outbox WHERE event_id = ? AND state = 'claimed'", (event_id,)
            ).fetchone()
            if row is None:
                return False
            (user,) = row
            if cap > 0:
                (shown,) = db.execute(
                    "SELECT COUNT(*) FROM tips WHERE user = ? AND at > ?", (user, at - HOUR)
                ).fetchone()
                (posting,) = db.execute(
                    "SELECT COUNT(*) FROM outbox WHERE user = ? AND reserved = 1 "
                    "AND state = 'claimed' AND event_id != ?",
                    (user, event_id),
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
        at = _now(now)
        with self._write() as db:
            row = db.execute(
                "SELECT user, channel FROM outbox WHERE event_id = ? AND state != 'done'",
                (event_id,),
            ).fetchone()
            if row is None:
                return False
            if shown is not None:
                _insert_tip(db, row[0], row[1], shown, at)
            db.execute(
                "UPDATE outbox SET state = 'done', text = NULL, previous = NULL, reserved = 0, "
                "lease_until = 0, finished = ? WHERE event_id = ?",
                (at, event_id),
            )
            return True

    def retry_later(self, event_id: str, *, delay: float, now: float | None = None) -> bool:
        """Give a claimed job back, to be claimed again in `delay` seconds (Slack was busy);
        its text stays. False if the job is not claimed."""
        at = _now(now)
        with self._write() as db:
            cursor = db.execute(
                "UPDATE outbox SET lease_until = ?, reserved = 0 "
                "WHERE event_id = ? AND state = 'claimed'",
                (at + delay, event_id),
            )
            return cursor.rowcount == 1

    # -- leads' edits between the ack and going live ---------------------------------------

    def accept_edit(
        self, user: str, form: str, fields: dict[str, str], *, now: float | None = None
    ) -> int:
        """Keep a lead's submitted edit until finish_edit(); its id."""
        with self._write() as db:
            cursor = db.execute(
                "INSERT INTO edits (at, user, form, fields) VALUES (?, ?, ?, ?)",
                (_now(now), user, form, json.dumps(fields, ensure_ascii=False)),
            )
            return int(cursor.lastrowid or 0)

    def pending_edits(self) -> list[PendingEdit]:
        """The edits accepted and not yet finished (left by a crash), oldest first."""
        with self._lock:
            rows = self._db.execute(
                "SELECT id, user, form, fields FROM edits ORDER BY id"
            ).fetchall()
        return [PendingEdit(i, user, form, json.loads(fields)) for i, user, form, fields in rows]

    def finish_edit(self, edit_id: int) -> None:
        """The edit went live or was refused, and the lead was told: forget it."""
        with self._write() as db:
            db.execute("DELETE FROM edits WHERE id = ?", (edit_id,))

    def pending_jobs(self) -> int:
        """How many accepted events still wait for their tip."""
        with self._lock:
            (count,) = self._db.execute(
                "SELECT COUNT(*) FROM outbox WHERE state != 'done'"
            ).fetchone()
        return int(count)

    # -- counts ----------------------------------------------------------------------------

    def record_tip(
        self,
        user: str,
        channel: str,
        findings: Sequence[tuple[str, str]],
        *,
        now: float | None = None,
    ) -> None:
        """Record a tip the user asked for (/check, the compose modal): counted, never capped."""
        with self._write() as db:
            _insert_tip(db, user, channel, findings, _now(now))

    def record_feedback(
        self, user: str, channel: str, rule: str, lang: str, kind: str, *, now: float | None = None
    ) -> None:
        """Count one press of helpful, false_alarm or muted; "muted" also mutes the rule."""
        _check_kind(kind)
        with self._write() as db:
            db.execute(
                "INSERT INTO events (at, kind, user, channel, rule, lang) VALUES (?, ?, ?, ?, ?, ?)",
                (_now(now), kind, user, channel, rule, lang),
            )
            # The count and the mute land together, so the button cannot half-work.
            if kind == "muted":
                db.execute("INSERT OR IGNORE INTO mutes (user, rule) VALUES (?, ?)", (user, rule))

    def unmute(self, user: str, rule: str) -> None:
        """Show `rule` to `user` again."""
        with self._write() as db:
            db.execute("DELETE FROM mutes WHERE user = ? AND rule = ?", (user, rule))

    def muted(self, user: str) -> frozenset[str]:
        """Return the rule ids `user` muted."""
        with self._lock:
            return frozenset(_muted_rules(self._db, user))

    def audit(
        self, user: str, action: str, rule: str, detail: str, *, now: float | None = None
    ) -> None:
        """Log one lead change to the phrasebook."""
        with self._write() as db:
            db.execute(
                "INSERT INTO audit (at, user, action, rule, detail) VALUES (?, ?, ?, ?, ?)",
                (_now(now), user, action, rule, detail),
            )

    def audit_log(self, limit: int = 50) -> list[AuditEntry]:
        """Return the latest `limit` lead changes, newest first."""
        sql = "SELECT at, user, action, rule, detail FROM audit ORDER BY at DESC, id DESC LIMIT ?"
        with self._lock:
            rows = self._db.execute(sql, (max(limit, 0),)).fetchall()
        return [AuditEntry(*row) for row in rows]

    def stats(self, *, since: float | None = None) -> list[StatRow]:
        """Return counts per (rule, lang, channel), most shown first, then by rule."""
        with self._lock:
            rows = self._db.execute(_STATS, (_floor(since),)).fetchall()
        return [StatRow(*row) for row in rows]

    def user_summary(self, user: str, *, since: float | None = None) -> UserSummary:
        """Return one agent's tips, feedback given, most flagged rules and mutes."""
        start = _floor(since)
        with self._lock:
            tips_sql = "SELECT COUNT(*) FROM tips WHERE user = ? AND at >= ?"
            (tips,) = self._db.execute(tips_sql, (user, start)).fetchone()
            given = self._db.execute(
                "SELECT SUM(kind = 'helpful'), SUM(kind = 'false_alarm') FROM events "
                "WHERE user = ? AND at >= ?",
                (user, start),
            ).fetchone()
            top = self._db.execute(
                "SELECT rule, COUNT(*) AS n FROM events WHERE user = ? AND at >= ? "
                "AND kind = 'shown' GROUP BY rule ORDER BY n DESC, rule LIMIT ?",
                (user, start, TOP_RULES),
            ).fetchall()
            muted = _muted_rules(self._db, user)
        return UserSummary(
            tips=tips,
            helpful=given[0] or 0,  # SUM over no rows is NULL
            false_alarm=given[1] or 0,
            top_rules=tuple((rule, n) for rule, n in top),
            muted=tuple(muted),
        )

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
        """Bring the schema up to SCHEMA_VERSION, refusing a file from a newer phrasebot."""
        (version,) = self._db.execute("PRAGMA user_version").fetchone()
        if version > SCHEMA_VERSION:
            self._db.close()
            raise RuntimeError(
                f"store schema version {version} is newer than this phrasebot's "
                f"({SCHEMA_VERSION}): upgrade phrasebot or point `store` in rules.yaml elsewhere"
            )
        for number in range(version, SCHEMA_VERSION):
            # The version bump rides in the same transaction, so a crash cannot half-migrate.
            script = _MIGRATIONS[number] + f"PRAGMA user_version = {number + 1};"
            try:
                self._db.executescript(f"BEGIN IMMEDIATE; {script} COMMIT;")
            except sqlite3.Error:
                if self._db.in_transaction:
                    self._db.execute("ROLLBACK")
                raise


def _now(now: float | None) -> float:
    return time.time() if now is None else now


def _floor(since: float | None) -> float:
    return float("-inf") if since is None else since


def _check_kind(kind: str) -> None:
    """Raise ValueError naming the allowed feedback kinds, with a guess when one is close."""
    if kind in FEEDBACK_KINDS:
        return
    close = difflib.get_close_matches(kind, FEEDBACK_KINDS, n=1)
    guess = f" (did you mean {close[0]!r}?)" if close else ""
    raise ValueError(f"unknown feedback kind {kind!r}{guess}; allowed: {', '.join(FEEDBACK_KINDS)}")


def _insert_tip(
    db: sqlite3.Connection, user: str, channel: str, findings: Sequence[tuple[str, str]], at: float
) -> None:
    """Record one tip to `user` and one "shown" per distinct (rule, lang) in it."""
    db.execute("INSERT INTO tips (user, at) VALUES (?, ?)", (user, at))
    db.executemany(
        "INSERT INTO events (at, kind, user, channel, rule, lang) VALUES (?, 'shown', ?, ?, ?, ?)",
        [(at, user, channel, rule, lang) for rule, lang in dict.fromkeys(findings)],
    )


def _muted_rules(db: sqlite3.Connection, user: str) -> list[str]:
    rows = db.execute("SELECT rule FROM mutes WHERE user = ? ORDER BY rule", (user,)).fetchall()
    return [rule for (rule,) in rows]
