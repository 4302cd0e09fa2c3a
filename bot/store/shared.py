"""What both store backends share: time windows, feedback kinds, and small helpers."""

from __future__ import annotations

import difflib
import json
import re
import time

HOUR = 3600.0
DAY = 24 * HOUR
FEEDBACK_KINDS = ("helpful", "false_alarm", "muted")
TOP_RULES = 5
PRUNE_EVERY = 600.0  # seconds between sweeps of done outbox jobs; a sweep per event is waste


def now_or(now: float | None) -> float:
    return time.time() if now is None else now


def floor(since: float | None) -> float:
    return float("-inf") if since is None else since


def check_kind(kind: str) -> None:
    """Raise ValueError naming the allowed feedback kinds, with a guess when one is close."""
    if kind in FEEDBACK_KINDS:
        return
    close = difflib.get_close_matches(kind, FEEDBACK_KINDS, n=1)
    guess = f" (did you mean {close[0]!r}?)" if close else ""
    raise ValueError(f"unknown feedback kind {kind!r}{guess}; allowed: {', '.join(FEEDBACK_KINDS)}")


def dump(fields: dict[str, str]) -> str:
    """A lead's form fields or a workspace's files as stored: JSON, non-ASCII kept."""
    return json.dumps(fields, ensure_ascii=False, sort_keys=True)


def load(text: str) -> dict[str, str]:
    value = json.loads(text)
    return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else {}


def distinct(
    findings: list[tuple[str, str]] | tuple[tuple[str, str], ...],
) -> list[tuple[str, str]]:
    """Each (rule, lang) once, in order: a tip counts a rule in a language once."""
    return list(dict.fromkeys(findings))


_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def storable(text: str | None) -> str | None:
    """Message text as both backends can keep it: a NUL (PostgreSQL refuses it in text) and a
    lone surrogate (not UTF-8; JSON may carry one) become U+FFFD, as the check reads them."""
    return None if text is None else _UNSTORABLE.sub("\ufffd", text)
