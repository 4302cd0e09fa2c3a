"""The PostgreSQL store's counts: tips, feedback, mutes and the lead audit log, per workspace.

Every row holds Slack ids, rule ids, language codes, counts and times; the audit log's detail
is phrasebook content a lead wrote. PostgresStore (bot/store/postgres.py) is made of this and
the outbox.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import psycopg
from psycopg_pool import ConnectionPool

from bot.model import AuditEntry, StatRow, UserSummary
from bot.store.shared import TOP_RULES, check_kind, distinct, floor, now_or

_STATS = """
    SELECT rule, lang, channel,
           COUNT(*) FILTER (WHERE kind = 'shown'), COUNT(*) FILTER (WHERE kind = 'helpful'),
           COUNT(*) FILTER (WHERE kind = 'false_alarm'), COUNT(*) FILTER (WHERE kind = 'muted')
    FROM events WHERE at >= %s AND (%s::text IS NULL OR team = %s)
    GROUP BY rule, lang, channel
    ORDER BY 4 DESC, rule, lang, channel
"""


class PostgresCounts:
    """Counts, feedback, mutes and the audit log, on connections from the store's pool."""

    _pool: ConnectionPool[psycopg.Connection[Any]]

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
        with self._pool.connection() as conn, conn.transaction():
            insert_tip(conn, team, user, channel, findings, now_or(now))

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
        with self._pool.connection() as conn, conn.transaction():
            conn.execute(
                "INSERT INTO events (at, kind, team, user_id, channel, rule, lang) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s)",
                (now_or(now), kind, team, user, channel, rule, lang),
            )
            if kind == "muted":  # the count and the mute land together
                conn.execute(
                    "INSERT INTO mutes (team, user_id, rule) VALUES (%s, %s, %s) "
                    "ON CONFLICT DO NOTHING",
                    (team, user, rule),
                )

    def unmute(self, user: str, rule: str, *, team: str = "") -> None:
        """Show `rule` to `user` again."""
        with self._pool.connection() as conn:
            conn.execute(
                "DELETE FROM mutes WHERE team = %s AND user_id = %s AND rule = %s",
                (team, user, rule),
            )

    def muted(self, user: str, *, team: str = "") -> frozenset[str]:
        """Return the rule ids `user` muted."""
        with self._pool.connection() as conn:
            return frozenset(_muted_rules(conn, team, user))

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
        with self._pool.connection() as conn:
            conn.execute(
                "INSERT INTO audit (at, team, user_id, action, rule, detail) "
                "VALUES (%s, %s, %s, %s, %s, %s)",
                (now_or(now), team, user, action, rule, detail),
            )

    def audit_log(self, limit: int = 50, *, team: str = "") -> list[AuditEntry]:
        """Return the workspace's latest `limit` lead changes, newest first."""
        with self._pool.connection() as conn:
            rows = conn.execute(
                "SELECT at, user_id, action, rule, detail FROM audit WHERE team = %s "
                "ORDER BY at DESC, id DESC LIMIT %s",
                (team, max(limit, 0)),
            ).fetchall()
        return [AuditEntry(*row) for row in rows]

    def stats(self, *, since: float | None = None, team: str | None = None) -> list[StatRow]:
        """Return counts per (rule, lang, channel), most shown first, then by rule; of one
        workspace, or of all when `team` is None."""
        with self._pool.connection() as conn:
            rows = conn.execute(_STATS, (floor(since), team, team)).fetchall()
        return [StatRow(*row) for row in rows]

    def user_summary(self, user: str, *, team: str = "", since: float | None = None) -> UserSummary:
        """Return one agent's tips, feedback given, most flagged rules and mutes."""
        who = (team, user, floor(since))
        with self._pool.connection() as conn:
            (tips,) = one(
                conn,
                "SELECT COUNT(*) FROM tips WHERE team = %s AND user_id = %s AND at >= %s",
                who,
            )
            helpful, false_alarm = one(
                conn,
                "SELECT COUNT(*) FILTER (WHERE kind = 'helpful'), "
                "COUNT(*) FILTER (WHERE kind = 'false_alarm') FROM events "
                "WHERE team = %s AND user_id = %s AND at >= %s",
                who,
            )
            top = conn.execute(
                "SELECT rule, COUNT(*) AS n FROM events WHERE team = %s AND user_id = %s "
                "AND at >= %s AND kind = 'shown' GROUP BY rule ORDER BY n DESC, rule LIMIT %s",
                (*who, TOP_RULES),
            ).fetchall()
            muted = _muted_rules(conn, team, user)
        return UserSummary(
            tips=int(tips),
            helpful=int(helpful),
            false_alarm=int(false_alarm),
            top_rules=tuple((rule, int(n)) for rule, n in top),
            muted=tuple(muted),
        )


def one(conn: psycopg.Connection[Any], query: str, params: Sequence[Any] = ()) -> Any:
    return conn.execute(query, params or None).fetchone()


def insert_tip(
    conn: psycopg.Connection[Any],
    team: str,
    user: str,
    channel: str,
    findings: Sequence[tuple[str, str]],
    at: float,
) -> None:
    """Record one tip to `user` and one "shown" per distinct (rule, lang) in it."""
    conn.execute("INSERT INTO tips (team, user_id, at) VALUES (%s, %s, %s)", (team, user, at))
    rows = [(at, team, user, channel, rule, lang) for rule, lang in distinct(list(findings))]
    if rows:
        with conn.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO events (at, kind, team, user_id, channel, rule, lang) "
                "VALUES (%s, 'shown', %s, %s, %s, %s, %s)",
                rows,
            )


def _muted_rules(conn: psycopg.Connection[Any], team: str, user: str) -> list[str]:
    rows = conn.execute(
        "SELECT rule FROM mutes WHERE team = %s AND user_id = %s ORDER BY rule", (team, user)
    ).fetchall()
    return [rule for (rule,) in rows]
