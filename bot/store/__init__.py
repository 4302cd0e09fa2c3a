"""What the Slack app keeps: the outbox of tips to deliver, tips, feedback, mutes, the audit log,
and each workspace's phrasebook edits.

Message text is kept in one place only: an outbox job's row, while its tip is pending. It is
deleted when the tip is delivered or dropped; the job's event id stays a day, to drop retries.

`Store` is the interface every backend keeps; `open_store` picks the backend for a setting:
SQLite (bot/store/sqlite.py), embedded and with nothing to install, for one machine; or
PostgreSQL (bot/store/postgres.py) for many workers on many machines sharing one database.
Both run the same tests (tests/store/).

Every row belongs to a workspace (`team`: a team id, or an Enterprise Grid org id for an org
install; "" when the app serves one workspace), so one workspace's counts, mutes, audit log and
phrasebook never show in another's.

The outbox is a queue that any worker may take from: `claim_pending` takes the oldest
claimable jobs (pending, or claimed by a worker whose lease ran out) for one `owner`, which
renews its leases while it lives (`renew`), so a worker killed mid-tip has its jobs taken by
the others once the lease runs out, and a live worker's slow tip is never taken from it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from typing import Protocol

from bot.model import AuditEntry, Job, PendingEdit, StatRow, UserSummary

POSTGRES_SCHEMES = ("postgresql://", "postgres://")


class Store(Protocol):
    """The outbox, counts, feedback, mutes, retry de-duplication, the audit log, and each
    workspace's phrasebook files."""

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
    ) -> bool: ...

    def claim_pending(
        self, *, lease: float, owner: str = "", limit: int = 100, now: float | None = None
    ) -> list[Job]: ...

    def renew(self, owner: str, *, lease: float, now: float | None = None) -> int: ...

    def release(self, owner: str) -> int: ...

    def owners(self) -> set[str]: ...

    def reserve_tip(self, event_id: str, cap: int, *, now: float | None = None) -> bool: ...

    def finish_job(
        self,
        event_id: str,
        shown: Sequence[tuple[str, str]] | None,
        *,
        now: float | None = None,
    ) -> bool: ...

    def retry_later(self, event_id: str, *, delay: float, now: float | None = None) -> bool: ...

    def pending_jobs(self) -> int: ...

    def record_tip(
        self,
        user: str,
        channel: str,
        findings: Sequence[tuple[str, str]],
        *,
        team: str = "",
        now: float | None = None,
    ) -> None: ...

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
    ) -> None: ...

    def unmute(self, user: str, rule: str, *, team: str = "") -> None: ...

    def muted(self, user: str, *, team: str = "") -> frozenset[str]: ...

    def audit(
        self,
        user: str,
        action: str,
        rule: str,
        detail: str,
        *,
        team: str = "",
        now: float | None = None,
    ) -> None: ...

    def audit_log(self, limit: int = 50, *, team: str = "") -> list[AuditEntry]: ...

    def stats(self, *, since: float | None = None, team: str | None = None) -> list[StatRow]: ...

    def user_summary(
        self, user: str, *, team: str = "", since: float | None = None
    ) -> UserSummary: ...

    def accept_edit(
        self,
        user: str,
        form: str,
        fields: dict[str, str],
        *,
        team: str = "",
        now: float | None = None,
    ) -> int: ...

    def pending_edits(self) -> list[PendingEdit]: ...

    def finish_edit(self, edit_id: int) -> None: ...

    def save_files(
        self,
        team: str,
        files: dict[str, str],
        *,
        base: int,
        user: str = "",
        now: float | None = None,
    ) -> int | None: ...

    def files(self, team: str) -> tuple[int, dict[str, str]]: ...

    def versions(self) -> dict[str, int]: ...

    def locked(self, name: str) -> AbstractContextManager[None]: ...

    def listen(self, on_change: Callable[[str], None]) -> None: ...

    def ping(self) -> None: ...

    def close(self) -> None: ...


def open_store(where: str, *, pool_size: int = 10) -> Store:
    """The store for a setting: a postgresql:// URL, else a SQLite file path (or ":memory:")."""
    if where.startswith(POSTGRES_SCHEMES):
        from bot.store.postgres import PostgresStore

        return PostgresStore(where, pool_size=pool_size)
    from bot.store.sqlite import SqliteStore

    return SqliteStore(where)


def is_postgres(where: str) -> bool:
    return where.startswith(POSTGRES_SCHEMES)
