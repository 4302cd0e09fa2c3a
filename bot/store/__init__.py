"""What the Slack app keeps: the outbox of tips to deliver, tips, feedback, mutes, the audit log.

Message text is kept in one place only: an outbox job's row, while its tip is pending. It is
deleted when the tip is delivered or dropped; the job's event id stays a day, to drop retries.

`Store` is the interface every backend keeps; `open_store` picks the backend for a setting.
Today there is one backend, SQLite (bot/store/sqlite.py), embedded and with nothing to install.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from bot.model import AuditEntry, Job, PendingEdit, StatRow, UserSummary


class Store(Protocol):
    """The outbox, counts, feedback, mutes, retry de-duplication and the lead audit log."""

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
    ) -> bool: ...

    def claim_job(self, event_id: str, *, lease: float, now: float | None = None) -> Job | None: ...

    def claim_pending(
        self, *, lease: float, limit: int = 100, now: float | None = None
    ) -> list[Job]: ...

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
        now: float | None = None,
    ) -> None: ...

    def record_feedback(
        self, user: str, channel: str, rule: str, lang: str, kind: str, *, now: float | None = None
    ) -> None: ...

    def unmute(self, user: str, rule: str) -> None: ...

    def muted(self, user: str) -> frozenset[str]: ...

    def audit(
        self, user: str, action: str, rule: str, detail: str, *, now: float | None = None
    ) -> None: ...

    def audit_log(self, limit: int = 50) -> list[AuditEntry]: ...

    def stats(self, *, since: float | None = None) -> list[StatRow]: ...

    def user_summary(self, user: str, *, since: float | None = None) -> UserSummary: ...

    def accept_edit(
        self, user: str, form: str, fields: dict[str, str], *, now: float | None = None
    ) -> int: ...

    def pending_edits(self) -> list[PendingEdit]: ...

    def finish_edit(self, edit_id: int) -> None: ...

    def close(self) -> None: ...


def open_store(where: str) -> Store:
    """The store for a `store:` setting: a SQLite file path (or ":memory:")."""
    from bot.store.sqlite import SqliteStore

    return SqliteStore(where)
