"""What the Slack app keeps: retries seen, tips, feedback, mutes, the audit log; never message text.

`Store` is the interface every backend keeps; `open_store` picks the backend for a setting.
Today there is one backend, SQLite (bot/store/sqlite.py), embedded and with nothing to install.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from bot.model import AuditEntry, StatRow, UserSummary


class Store(Protocol):
    """Counts, feedback, mutes, retry de-duplication and the lead audit log."""

    def first_delivery(self, key: str, *, now: float | None = None) -> bool: ...

    def claim_tip(
        self,
        user: str,
        channel: str,
        findings: Sequence[tuple[str, str]],
        cap: int,
        *,
        now: float | None = None,
    ) -> bool: ...

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

    def close(self) -> None: ...


def open_store(where: str) -> Store:
    """The store for a `store:` setting: a SQLite file path (or ":memory:")."""
    from bot.store.sqlite import SqliteStore

    return SqliteStore(where)
