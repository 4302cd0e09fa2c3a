"""Talk back to Slack after the ack: a bounded pool of workers and Web API errors handled.

Listeners ack at once and hand slow work (Web API calls, knowledge search, lead edits) to
`Deliverer`, so a slow or rate-limited Slack never delays an ack past 3 seconds. Two pools
keep interactive work (views.open must use its trigger_id within 3 s) from queueing behind a
backlog of tips.

Errors: `ratelimited` (HTTP 429) and HTTP 5xx wait (Retry-After when Slack sends one, else a
bounded exponential backoff with jitter) and try again, a bounded number of times; so do
connection errors. A post (chat.postMessage, chat.postEphemeral) that timed out or lost its
connection after the request went out may have been delivered: it is not sent again, so nobody
sees one tip twice. `not_in_channel`, `channel_not_found` and the like are logged and dropped;
auth errors are logged loudly. Nothing here raises into a listener, and nothing logs message
text: only methods, error codes, channel and user ids.
"""

from __future__ import annotations

import copy
import logging
import random
import socket
import threading
import time
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any
from urllib.error import URLError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.slack import metrics

log = logging.getLogger("phrasebot.slack")

DROPPED = frozenset(
    {
        "not_in_channel",
        "channel_not_found",
        "is_archived",
        "user_not_in_channel",
        "user_not_found",
        "messages_tab_disabled",
        "restricted_action",
        "cannot_dm_bot",
    }
)
AUTH = frozenset(
    {"invalid_auth", "not_authed", "token_revoked", "token_expired", "account_inactive"}
)
# Posting twice shows the same message twice: after a timeout these are not sent again.
NOT_IDEMPOTENT = frozenset({"chat.postMessage", "chat.postEphemeral"})
POSSIBLY_DELIVERED = "timeout_maybe_delivered"
Message = Mapping[str, Any]


@dataclass(frozen=True)
class Sent:
    """What one Web API call came to: ok and its data, or the Slack error code."""

    ok: bool
    error: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    transient: bool = False  # Slack was busy or unreachable: worth trying again later


class Deliverer:
    """Run post-ack work on bounded pools; call the Web API with retries and error handling."""

    def __init__(
        self,
        client: WebClient,
        *,
        workers: int = 8,
        attempts: int = 4,
        max_wait: float = 30.0,
        backoff: float = 0.5,
        sleep: Callable[[float], None] = time.sleep,
        jitter: Callable[[], float] = random.random,
    ) -> None:
        self.client = client
        # The SDK's own retry re-sends a request whose connection dropped after it went out,
        # which posts a tip twice; every retry is decided here instead.
        client.retry_handlers = []
        self.attempts = attempts
        self.max_wait = max_wait
        self.backoff = backoff
        self.workers = workers
        self.token: str | None = None  # None: the client's own token
        self._sleep = sleep
        self._jitter = jitter
        self._work = _Work(workers)

    def for_token(self, token: str | None) -> Deliverer:
        """The same pools and client, calling the Web API with another workspace's bot token."""
        if token == self.token:
            return self
        other = copy.copy(self)
        other.token = token
        return other

    # -- running work after the ack --------------------------------------------------------

    def later(self, work: Callable[[], object], *, what: str) -> None:
        """Run `work` on the background pool (tips, DMs, App Home, lead edits)."""
        self._work.submit(self._work.background, work, what)

    def soon(self, work: Callable[[], object], *, what: str) -> None:
        """Run `work` on the interactive pool (modals, replies to a click or a command)."""
        self._work.submit(self._work.interactive, work, what)

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Wait until no work is queued or running; False if `timeout` passed first."""
        return self._work.wait_idle(timeout)

    def busy(self) -> int:
        """How many pieces of work are queued or running."""
        return self._work.pending

    def every(
        self, seconds: float, work: Callable[[], object], *, what: str, inline: bool = False
    ) -> None:
        """Run `work` on the background pool every `seconds` until close(); inline, on the
        timer's own thread, when it must not wait behind a busy pool (a lease renewal)."""
        if inline:
            self._work.every(seconds, lambda: self._work.guarded(work, what), what)
        else:
            self._work.every(seconds, lambda: self.later(work, what=what), what)

    def close(self, *, wait: bool = True) -> None:
        self._work.close(wait=wait)

    # -- the Web API -----------------------------------------------------------------------

    def call(self, method: str, *, patient: bool = True, **args: Any) -> Sent:
        """Call a Web API method ("chat.postEphemeral"); never raises.

        patient=False gives up on a rate limit instead of waiting: for calls whose moment has
        passed by then (a trigger_id lasts 3 seconds, a keystroke's update is soon stale).
        """
        api: Callable[..., Any] = getattr(self.client, method.replace(".", "_"))
        if self.token is not None:
            args = {**args, "token": self.token}
        for attempt in range(1, self.attempts + 1):
            last = attempt == self.attempts or not patient
            try:
                response = api(**args)
                return Sent(True, data=dict(response.data))
            except SlackApiError as err:
                status = err.response.status_code
                code = str(err.response.get("error") or f"http_{status}")
                if status == 429 or code == "ratelimited" or status >= 500:
                    code = "ratelimited" if status == 429 or code == "ratelimited" else code
                    if last:
                        log.warning("%s: %s, gave up after %d tries", method, code, attempt)
                        metrics.slack_error(method, code)
                        return Sent(False, code, transient=True)
                    wait = self._wait(attempt, err.response.headers, default=status == 429)
                    log.info("%s: %s, retrying in %.1f s", method, code, wait)
                    self._sleep(wait)
                    continue
                _log_error(method, code, args)
                metrics.slack_error(method, code)
                return Sent(False, code, dict(err.response.data or {}))
            except (URLError, OSError) as err:
                if method in NOT_IDEMPOTENT and not _never_sent(err):
                    log.warning("%s: %s, maybe delivered: not sent again", method, _reason(err))
                    metrics.slack_error(method, POSSIBLY_DELIVERED)
                    return Sent(False, POSSIBLY_DELIVERED)
                if last:
                    log.warning("%s: %s, gave up after %d tries", method, _reason(err), attempt)
                    metrics.slack_error(method, "connection_error")
                    return Sent(False, "connection_error", transient=True)
                self._sleep(self._wait(attempt, None))
        return Sent(False, "ratelimited")  # unreachable: the last attempt returns

    def _wait(
        self, attempt: int, headers: Mapping[str, Any] | None, default: bool = False
    ) -> float:
        """Retry-After when Slack sent one (1 s for a 429 without it), else exponential backoff
        with jitter: base * 2**(attempt-1), scaled by [0.5, 1); never over max_wait."""
        after = _retry_after(headers)
        if after is None and default:
            after = 1.0
        if after is not None:
            return min(after, self.max_wait)
        ceiling: float = min(self.backoff * 2.0 ** (attempt - 1), self.max_wait)
        return ceiling * (0.5 + self._jitter() / 2)

    def ephemeral(self, channel: str, user: str, message: Message, thread_ts: str | None) -> Sent:
        """A message only `user` sees, in `channel` (and in the thread when thread_ts is set)."""
        args: dict[str, Any] = {"channel": channel, "user": user, **message}
        if thread_ts:
            args["thread_ts"] = thread_ts
        return self.call("chat.postEphemeral", **args)

    def post(self, channel: str, message: Message, **extra: Any) -> Sent:
        return self.call("chat.postMessage", channel=channel, **message, **extra)

    def dm(self, user: str, message: Message) -> Sent:
        """A direct message from the app to one user."""
        opened = self.call("conversations.open", users=user)
        if not opened.ok:
            return opened
        return self.post(str(opened.data["channel"]["id"]), message)

    def respond(self, respond: Callable[..., Any], message: Message, **extra: Any) -> bool:
        """Answer through a response_url (Bolt's `respond`): ephemeral unless told otherwise."""
        args = {"response_type": "ephemeral", "replace_original": False, **message, **extra}
        for attempt in range(1, 3):
            try:
                response = respond(**args)
            except (URLError, OSError) as err:
                if not _never_sent(err):  # a timeout: it may have been shown; not again
                    log.warning("response_url: %s, maybe delivered: not sent again", _reason(err))
                    return False
                log.warning("response_url: %s (try %d)", _reason(err), attempt)
                continue
            status = getattr(response, "status_code", 200)
            if status == 200:
                return True
            log.warning("response_url: HTTP %s", status)
            if status < 500:
                return False
        return False


def _retry_after(headers: Mapping[str, Any] | None) -> float | None:
    for key, value in (headers or {}).items():
        if key.lower() == "retry-after":
            try:
                return max(0.0, float(value[0] if isinstance(value, list) else value))
            except (TypeError, ValueError):
                return None
    return None


def _never_sent(err: BaseException) -> bool:
    """True when the request cannot have reached Slack: the connection was refused."""
    reason = getattr(err, "reason", err)
    return isinstance(reason, ConnectionRefusedError | socket.gaierror)


def _log_error(method: str, code: str, args: Mapping[str, Any]) -> None:
    where = {k: args[k] for k in ("channel", "user", "users", "view_id") if k in args}
    if code in AUTH:
        log.error(
            "%s: %s: the bot token is not accepted; check SLACK_BOT_TOKEN and that the app is "
            "installed",
            method,
            code,
        )
    elif code in DROPPED:
        log.warning("%s: %s %s: dropped", method, code, where)
    else:
        log.warning("%s: %s %s", method, code, where)


def _reason(err: BaseException) -> str:
    reason = getattr(err, "reason", None)
    return type(reason).__name__ if isinstance(reason, BaseException) else type(err).__name__


class _Work:
    """The pools, the count of work not yet done, and the timers, shared by every Deliverer
    made from one (one per workspace token)."""

    def __init__(self, workers: int) -> None:
        self.background = ThreadPoolExecutor(workers, thread_name_prefix="phrasebot-bg")
        self.interactive = ThreadPoolExecutor(
            max(2, workers // 2), thread_name_prefix="phrasebot-ui"
        )
        self.pending = 0
        self._idle = threading.Condition()
        self._closing = threading.Event()
        self._timers: list[threading.Thread] = []

    def submit(self, pool: ThreadPoolExecutor, work: Callable[[], object], what: str) -> None:
        with self._idle:
            self.pending += 1
        try:
            pool.submit(self._run, work, what)
        except RuntimeError:  # shut down: nothing may run any more
            self._done()
            log.warning("dropped %s: shutting down", what)

    def _run(self, work: Callable[[], object], what: str) -> None:
        try:
            self.guarded(work, what)
        finally:
            self._done()

    def guarded(self, work: Callable[[], object], what: str) -> None:
        try:
            work()
        except Exception as err:  # a bug in one job must not take the worker down
            log.error(
                "%s failed: %s", what, type(err).__name__, exc_info=log.isEnabledFor(logging.DEBUG)
            )

    def _done(self) -> None:
        with self._idle:
            self.pending -= 1
            if self.pending == 0:
                self._idle.notify_all()

    def wait_idle(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        with self._idle:
            while self.pending:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._idle.wait(left)
        return True

    def every(self, seconds: float, tick: Callable[[], None], what: str) -> None:
        def loop() -> None:
            while not self._closing.wait(seconds):
                tick()

        timer = threading.Thread(target=loop, name=f"phrasebot-{what}", daemon=True)
        self._timers.append(timer)
        timer.start()

    def close(self, *, wait: bool) -> None:
        self._closing.set()
        for timer in self._timers:
            timer.join(timeout=5)
        self.interactive.shutdown(wait=wait)
        self.background.shutdown(wait=wait)
