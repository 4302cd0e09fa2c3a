"""A Slack Web API on loopback that records every call: the sandbox's Slack, and the tests' fake.

`WebApi` answers `POST /api/<method>` (GET too) and posts to `/respond/<id>` (a response_url,
recorded under the method "response_url") with what `answer(method, args, path)` gives: `{"ok":
true}` unless a subclass knows better. Every call is recorded with its parsed arguments, its
raw body and the answer, and `wait_for` blocks, with a timeout, until enough calls of a method
came in. The sandbox answers from its workspace; the tests' FakeSlack answers with canned JSON.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

RESPONSE_URL = "response_url"  # the method name under which response_url posts are recorded


@dataclass(frozen=True)
class Call:
    """One request the Web API received: the method, its arguments parsed, the answer."""

    method: str
    args: dict[str, Any]
    answer: dict[str, Any] = field(default_factory=dict)
    at: float = 0.0  # time.time() when it arrived
    raw: str = ""  # the body as sent
    content_type: str = ""
    path: str = ""
    status: int = 200
    token: str = ""  # the token it was made with (Authorization: Bearer, or a token field)


@dataclass
class Answer:
    body: dict[str, Any]
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds to wait before answering (a slow or timing-out Slack)


class WebApi:
    """A Web API on `host` (a free port); start() it, close() it."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self._calls: list[Call] = []
        self._changed = threading.Condition()
        self._server = _Server((host, 0), self._handler())
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/"

    @property
    def api_url(self) -> str:
        """The WebClient base_url."""
        return self.url + "api/"

    def start(self) -> WebApi:
        self._thread.start()
        return self

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def answer(self, method: str, args: dict[str, Any], path: str, token: str = "") -> Answer:
        """What to answer a call of `method` (made with `token`) with; called before the call
        is recorded."""
        return Answer({"ok": True})

    def recorded(self, call: Call) -> None:
        """Called once a call is recorded (the sandbox tells its page)."""

    # -- what a caller reads -----------------------------------------------------------------

    def calls(self, method: str | None = None) -> list[Call]:
        with self._changed:
            return [c for c in self._calls if method is None or c.method == method]

    def methods(self) -> list[str]:
        """Every method called so far, in order (auth.test left out: Bolt's own business)."""
        return [c.method for c in self.calls() if c.method != "auth.test"]

    def forget(self) -> None:
        """Forget the calls recorded so far."""
        with self._changed:
            self._calls.clear()

    def wait_for(self, method: str, count: int = 1, timeout: float = 10.0) -> list[Call]:
        """Wait until `method` was called at least `count` times; fail after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                found = [c for c in self._calls if c.method == method]
                if len(found) >= count:
                    return found
                left = deadline - time.monotonic()
                if left <= 0:
                    seen = [c.method for c in self._calls]
                    raise AssertionError(
                        f"{method} called {len(found)} times, wanted {count} (calls: {seen})"
                    )
                self._changed.wait(left)

    # -- the server ----------------------------------------------------------------------------

    def _record(self, call: Call) -> None:
        with self._changed:
            self._calls.append(call)
            self._changed.notify_all()
        self.recorded(call)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        api = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                if len(raw) < length:  # the sender died mid-body: Slack gets no such call
                    self.close_connection = True
                    return
                text = raw.decode("utf-8", errors="replace")
                content_type = self.headers.get("Content-Type") or ""
                path = self.path.partition("?")[0]
                if path.startswith("/api/"):
                    method = path.removeprefix("/api/")
                elif path.startswith("/respond/"):
                    method = RESPONSE_URL
                else:
                    self._send(Answer({"ok": False, "error": "unknown_method"}, 404))
                    return
                args = parse_args(text, content_type)
                bearer = (self.headers.get("Authorization") or "").removeprefix("Bearer ")
                token = str(args.get("token") or bearer)
                answer = api.answer(method, args, path, token)
                api._record(
                    Call(
                        method,
                        args,
                        answer.body,
                        time.time(),
                        raw=text,
                        content_type=content_type,
                        path=path,
                        status=answer.status,
                        token=token,
                    )
                )
                if answer.delay:
                    time.sleep(answer.delay)
                try:
                    self._send(answer)
                except OSError:  # the client gave up waiting and hung up
                    self.close_connection = True

            do_GET = do_POST

            def _send(self, answer: Answer) -> None:
                body = json.dumps(answer.body).encode("utf-8")
                self.send_response(answer.status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                for key, value in answer.headers.items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(body)

        return Handler


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    # Slack takes every connection; http.server's backlog of 5 would refuse a burst of them
    # (the app would see resets and stalls that Slack never causes), as the load bench makes.
    request_queue_size = 1024


def parse_args(body: str, content_type: str) -> dict[str, Any]:
    """A Web API call's arguments, from JSON or a form; JSON-valued fields decoded."""
    if "json" in content_type:
        try:
            parsed = json.loads(body or "{}")
        except ValueError:
            return {"_": body}
        return parsed if isinstance(parsed, dict) else {"_": parsed}
    args: dict[str, Any] = dict(parse_qsl(body, keep_blank_values=True))
    for key in ("blocks", "view", "attachments"):
        if isinstance(args.get(key), str) and args[key][:1] in "[{":
            with contextlib.suppress(ValueError):  # else left as sent, for the page to show
                args[key] = json.loads(args[key])
    return args
