"""The in-process HTTP server: POST /slack/events and GET /healthz on a small threading server
that hands each request to Bolt, as Bolt's own dev server does.

It runs inside the caller's process, which suits the tests and anything that embeds the app.
`phrasebot serve --http` runs the production server instead (gunicorn, bot/slack/server.py),
whose WSGI application (bot/slack/wsgi.py) makes the same checks with the same functions here:
a request is refused before Bolt parses anything unless its size, its signature over the raw
bytes and its shape are what Slack sends.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Mapping, Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from slack_bolt import App, BoltRequest
from slack_bolt.request.internals import parse_body
from slack_sdk.signature import SignatureVerifier

log = logging.getLogger("phrasebot.slack")

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
MAX_BODY = 1 << 20  # Slack's payloads are a few kB; anything this big is not from Slack
BODY_TIMEOUT = 10.0  # seconds a client has to send the whole body once the headers are in


def http_server(
    app: App,
    host: str,
    port: int,
    *,
    signing_secret: str | None = None,
    body_timeout: float = BODY_TIMEOUT,
) -> ThreadingHTTPServer:
    """A server for POST /slack/events and GET /healthz; call serve_forever() to run it.

    Nothing a client sends can make it drop the connection unanswered or log a traceback:
    a bad Content-Length is 400 at once, a body over MAX_BODY 413, a body not in within
    `body_timeout` 408, a bad signature 401 (checked on the raw bytes before anything parses
    them: Bolt parses the body before its own check), a signed body that is not a JSON object
    (or a form whose payload is not one) 400.
    """
    if signing_secret is None:
        signing_secret = str(getattr(app, "_signing_secret", "") or "")
    verifier = SignatureVerifier(signing_secret)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        timeout = 60  # an idle keep-alive connection is closed after this long

        def log_message(self, format: str, *args: Any) -> None:
            log.debug("http: " + format, *args)  # paths and status codes only

        def do_GET(self) -> None:
            if self.path.partition("?")[0] == HEALTH_PATH:
                self._send(200, {"Content-Type": ["text/plain"]}, "ok")
            else:
                self._refuse(404)

        def do_POST(self) -> None:
            path, _, query = self.path.partition("?")
            length = content_length(self.headers.get_all("Content-Length") or [])
            if length is None or "Transfer-Encoding" in self.headers:
                self._refuse(400, "bad Content-Length")
                return
            if path != EVENTS_PATH:
                self._refuse(404)
                return
            if length > MAX_BODY:
                self._refuse(413, "body too big")
                return
            raw = self._read(length)
            if raw is None:
                self._refuse(408, "body not sent in time")
                return
            if not signed(verifier, raw, self.headers):
                self._send(401, {}, "")
                return
            request = bolt_request(raw, query, self.headers)
            if request is None:
                self._send(400, {}, "")
                log.debug("http: 400 signed body is not a JSON object")
                return
            try:
                response = app.dispatch(request)
            except Exception as err:  # Bolt catches a listener's errors; this is a last guard
                log.error("http: dispatch failed: %s", type(err).__name__)
                self._send(500, {}, "")
                return
            self._send(response.status, response.headers, response.body)

        def do_other(self) -> None:
            self._refuse(405)

        do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_HEAD = do_other

        def _read(self, length: int) -> bytes | None:
            """The body, read within body_timeout in all; None if it did not come in time."""
            deadline = time.monotonic() + body_timeout
            chunks: list[bytes] = []
            got = 0
            try:
                while got < length:
                    left = deadline - time.monotonic()
                    if left <= 0:
                        return None
                    self.connection.settimeout(left)
                    chunk = self.rfile.read1(min(length - got, 65536))
                    if not chunk:
                        return None  # the client hung up half-way
                    chunks.append(chunk)
                    got += len(chunk)
            except OSError:  # TimeoutError included
                return None
            finally:
                self.connection.settimeout(self.timeout)
            return b"".join(chunks)

        def _refuse(self, status: int, why: str = "") -> None:
            """Answer and close: the body was not read, so the connection cannot be reused."""
            self.close_connection = True
            if why:
                log.debug("http: %d %s", status, why)
            self._send(status, {"Connection": "close"}, "")

        def _send(self, status: int, headers: Mapping[str, Any], body: str) -> None:
            data = body.encode("utf-8")
            try:
                self.send_response(status)
                for key, values in headers.items():
                    if key.lower() == "content-length":
                        continue
                    for value in values if isinstance(values, list | tuple) else [values]:
                        self.send_header(key, str(value))
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except OSError:  # the client went away before the answer
                self.close_connection = True

    class Server(ThreadingHTTPServer):
        daemon_threads = True
        request_queue_size = (
            128  # the listen backlog: a burst of new connections must not be refused
        )

        def handle_error(self, request: Any, client_address: Any) -> None:
            """One line, no traceback: a client must not be able to fill the log."""
            err = sys.exc_info()[1]
            log.warning("http: request failed: %s", type(err).__name__)

    return Server((host, port), Handler)


def content_length(values: Sequence[str]) -> int | None:
    """The body's length: 0 when absent, None when not one plain non-negative number."""
    if not values:
        return 0
    if len(set(values)) != 1:
        return None
    value = values[0].strip()
    if not value.isascii() or not value.isdigit() or len(value) > 12:
        return None
    return int(value)


def signed(verifier: SignatureVerifier, raw: bytes, headers: Any) -> bool:
    timestamp = headers.get("X-Slack-Request-Timestamp")
    signature = headers.get("X-Slack-Signature")
    try:
        return bool(verifier.is_valid(body=raw, timestamp=timestamp, signature=signature))
    except (ValueError, OverflowError):  # not a number for a timestamp; not UTF-8
        return False


def bolt_request(raw: bytes, query: str, headers: Any) -> BoltRequest | None:
    """The request for Bolt, or None when the body is not what Slack sends: UTF-8, and a JSON
    object, a form, or a form whose payload is a JSON object."""
    try:
        body = raw.decode("utf-8")
        content_type = (headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if not isinstance(parse_body(body, content_type or None), dict):
            return None
        fields: dict[str, str | Sequence[str]] = {
            k: headers.get_all(k) or [] for k in set(headers.keys())
        }
        return BoltRequest(body=body, query=query, headers=fields)
    except Exception:  # malformed JSON, too deep, or a shape Bolt cannot read
        return None
