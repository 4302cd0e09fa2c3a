"""Sign a request body as Slack does, so the app's own check (Bolt's) accepts it.

Slack sends `X-Slack-Request-Timestamp` and `X-Slack-Signature`: "v0=" and the hex HMAC-SHA256,
keyed with the app's signing secret, of "v0:<timestamp>:<the raw body>".
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Signed:
    """A request body with its headers, as Slack would send it."""

    body: str
    headers: dict[str, str]


def signature(secret: str, timestamp: str, body: str) -> str:
    base = f"v0:{timestamp}:{body}".encode()
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def sign(
    body: str,
    *,
    secret: str,
    timestamp: int | None = None,
    content_type: str = "application/json",
    extra: Mapping[str, str] | None = None,
) -> Signed:
    ts = str(int(time.time()) if timestamp is None else timestamp)
    headers = {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": signature(secret, ts, body),
        **(extra or {}),
    }
    return Signed(body, headers)
