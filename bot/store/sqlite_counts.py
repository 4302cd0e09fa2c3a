"""The SQLite store's counts: tips, feedback, mutes and the lead audit log, per workspace.

Every row holds Slack ids, rule ids, language codes, counts and times; the audit log's detail
is phrasebook content a lead wrote. SqliteStore (bot/store/sqlite.py) is made of this and the
outbox.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Sequence
from contextlib import AbstractContextManager

from bot.model import AuditEntry, StatRow, UserSummary
from bot.store.shared import TOP_RULES, check_kind, distinct, floor, now_or

_STATS = """
    SELECT rule, lang, channel,
           SUM(kind = 'shown'), SUM(kind = 'helpful'), SUM(kind = 'false_alarm'),
           SUM(kind = 'muted')
    FROM events WHERE at >= ? AND (? IS NULL OR team = ?)
    GROUP BY rule, lang, channel
    ORDER BY 4 DESC, rule, lang, channel
"""


class SqliteCounts:
    """Counts, feedback, mutes and the audit log, on the store's one connection."""

    _db: sqlite3.Connection
    _lock: threading.Lock

    def _write(self) -> AbstractContextManager[sqlite3.Connection]:
        raise NotImplementedError  # SqliteStore's: the lock and one IMMEDIATE transaction

    def record_tip(
        self,
        user: str,
        channel: str,
        findings: Sequence[tuple[str, str]],
        *,
        team: str = "",
        now: float | None = None,
    ) -> None:
        """Record a tip the user asked for (/check, the compose modal): counted, never capped."""
        with self._write() as db:
            insert_tip(db, team, user, channel, findings, now_or(now))

    def record_feedback(
        self,
        user: str,
        channel: str,
        rule: str,
        lang: str,
        kind: str,
        *,
        team: str = "",
        now: float | None = None,
    ) -> None:
        """Count one press of helpful, false_alarm or muted; "muted" also mutes the rule."""
        check_kind(kind)
        with self._write() as db:
            db.execute(
                "INSERT INTO events (at, kind, team, user, channel, rule, lang) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (now_or(now), kind, team, user, channel, rule, lang),
            )
            # The count and the mute land together, so the button cannot half-work.
            if kind == "muted":
                db.execute(
                    "INSERT OR IGNORE INTO mutes (team, user, rule) VALUES (?, ?, ?)",
                    (team, user, rule),
                )

    def unmute(self, user: str, rule: str, *, team: str = "") -> None:
        """Show `rule` to `user` again."""
        with self._write() as db:
            db.execute(
                "DELETE FROM mutes WHERE team = ? AND user = ? AND rule = ?", (team, user, rule)
            )

    def muted(self, user: str, *, team: str = "") -> frozenset[str]:
        """Return the rule ids `user` muted."""
        with self._lock:
            return frozenset(_muted_rules(self._db, team, user))

    def audit(
        self,
        user: str,
        action: str,
        rule: str,
        detail: str,
        *,
        team: str = "",
        now: float | None = None,
    ) -> None:
        """Log one lead change to the phrasebook."""
        with self._write() as db:
            db.execute(
                "INSERT INTO audit (at, team, user, action, rule, detail) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (now_or(now), team, user, action, rule, detail),
            )

    def audit_log(self, limit: int = 50, *, team: str = "") -> list[AuditEntry]:
        """Return the workspace's latest `limit` lead changes, newest first."""
        sql = (
            "SELECT at, user, action, rule, detail FROM audit WHERE team = ? "
            "ORDER BY at DESC, id DESC LIMIT ?"
        )
        with self._lock:
            rows = self._db.execute(sql, (team, max(limit, 0))).fetchall()
        return [AuditEntry(*row) for row in rows]

    def stats(self, *, since: float | None = None, team: str | None = None) -> list[StatRow]:
        """Return counts per (rule, lang, channel), most shown first, then by rule; of one
        workspace, or of all when `team` is None."""
        with self._lock:
            rows = self._db.execute(_STATS, (floor(since), team, team)).fetchall()
        return [StatRow(*row) for row in rows]

    def user_summary(self, user: str, *, team: str = "", since: float | None = None) -> UserSummary:
        """Return one agent's tips, feedback given, most flagged rules and mutes."""
        start = floor(since)
        who = (team, user, start)
        with self._lock:
            tips_sql = "SELECT COUNT(*) FROM tips WHERE team = ? AND user = ? AND at >= ?"
            (tips,) = self._db.execute(tips_sql, who).fetchone()
            given = self._db.execute(
                "SELECT SUM(kind = 'helpful'), SUM(kind = 'false_alarm') FROM events "
                "WHERE team = ? AND user = ? AND at >= ?",
                who,
            ).fetchone()
            top = self._db.execute(
                "SELECT rule, COUNT(*) AS n FROM events WHERE team = ? AND user = ? AND at >= ? "
                "AND kind = 'shown' GROUP BY rule ORDER BY n DESC, rule LIMIT ?",
                (*who, TOP_RULES),
            ).fetchall()
            muted = _muted_rules(self._db, team, user)
        return UserSummary(
            tips=tips,
            helpful=given[0] or 0,  # SUM over no rows is NULL
            false_alarm=given[1] or 0,
            top_rules=tuple((rule, n) for rule, n in top),
            muted=tuple(muted),
        )


def insert_tip(
    db: sqlite3.Connection,
    team: str,
    user: str,
    channel: str,
    findings: Sequence[tuple[str, str]],
    at: float,
) -> None:
    """Record one tip to `user` and one "shown" per distinct (rule, lang) in it."""
    db.execute("INSERT INTO tips (team, user, at) VALUES (?, ?, ?)", (team, user, at))
    db.executemany(
        "INSERT INTO events (at, kind, team, user, channel, rule, lang) "
        "VALUES (?, 'shown', ?, ?, ?, ?, ?)",
        [(at, team, user, channel, rule, lang) for rule, lang in distinct(list(findings))],
    )


def _muted_rules(db: sqlite3.Connection, team: str, user: str) -> list[str]:
    rows = db.execute(
        "SELECT rule FROM mutes WHERE team = ? AND user = ? ORDER BY rule", (team, user)
    ).fetchall()
    return [rule for (rule,) in rows]
