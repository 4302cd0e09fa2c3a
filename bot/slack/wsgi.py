"""The WSGI application `phrasebot serve --http` runs under gunicorn, one per worker process.

Routes:
- POST /slack/events: events, slash commands and interactivity, to Bolt; refused first unless
  the request is what Slack sends (the same checks as the in-process server, bot/slack/httpd.py):
  chunked 400, a body over 1 MB 413, a body not in within 10 s 408, a bad or stale signature
  over the raw bytes 401, a signed body that is not a JSON object (or a form whose payload is
  not one) 400. None of them leaves a traceback in the log.
- GET /slack/install and /slack/oauth_redirect: Slack's OAuth install flow (many workspaces).
- GET /healthz: the process answers. GET /readyz: the phrasebook is loaded and the store
  answers (503 with the reason otherwise), for a load balancer to send traffic only here.
- GET /metrics: Prometheus's text format, every worker's counts added up.
"""

from __future__ import annotations

import logging
import socket
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

from slack_bolt import App, BoltRequest, BoltResponse
from slack_sdk.signature import SignatureVerifier

from bot.slack import metrics
from bot.slack.httpd import (
    BODY_TIMEOUT,
    EVENTS_PATH,
    HEALTH_PATH,
    MAX_BODY,
    bolt_request,
    content_length,
    signed,
)

log = logging.getLogger("phrasebot.slack")

READY_PATH = "/readyz"
METRICS_PATH = "/metrics"
StartResponse = Callable[[str, list[tuple[str, str]]], Any]
Environ = dict[str, Any]
Answer = tuple[int, list[tuple[str, str]], bytes]  # status, header lines, body
REASONS = {
    200: "OK",
    302: "Found",
    400: "Bad Request",
    401: "Unauthorized",
    404: "Not Found",
    405: "Method Not Allowed",
    408: "Request Timeout",
    413: "Content Too Large",
    500: "Internal Server Error",
    503: "Service Unavailable",
}


class SlackWsgi:
    """Bolt behind WSGI, with the checks, health, readiness and metrics around it."""

    def __init__(
        self,
        app: App,
        *,
        signing_secret: str,
        ready: Callable[[], str | None],
        pending: Callable[[], int] | None = None,
        body_timeout: float = BODY_TIMEOUT,
    ) -> None:
        self.app = app
        self.verifier = SignatureVerifier(signing_secret)
        self.ready = ready  # None when ready, else why not
        self.pending = pending
        self.body_timeout = body_timeout

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        began = time.perf_counter()
        method = environ.get("REQUEST_METHOD", "GET")
        path = environ.get("PATH_INFO", "")
        try:
            status, headers, body = self._route(method, path, environ)
        except Exception as err:  # Bolt catches a listener's errors; this is a last guard
            log.error("http: %s %s failed: %s", method, path, type(err).__name__)
            status, headers, body = 500, [], b""
        metrics.answered(status, time.perf_counter() - began if path == EVENTS_PATH else None)
        out = [(k, v) for k, v in headers if k.lower() != "content-length"]
        out.append(("Content-Length", str(len(body))))
        start_response(f"{status} {REASONS.get(status, 'Unknown')}", out)
        return [body]

    def _route(self, method: str, path: str, environ: Environ) -> Answer:
        flow = self.app.oauth_flow
        if method == "GET":
            if path == HEALTH_PATH:
                return _text(200, "ok")
            if path == READY_PATH:
                why = self.ready()
                return _text(200, "ready") if why is None else _text(503, why)
            if path == METRICS_PATH:
                data, kind = metrics.exposition(self.pending() if self.pending else None)
                return 200, [("Content-Type", kind)], data
            if flow is not None and path in (flow.install_path, flow.redirect_uri_path):
                fields: dict[str, str | Sequence[str]] = {**_headers(environ)}
                oauth = BoltRequest(body="", query=environ.get("QUERY_STRING", ""), headers=fields)
                if path == flow.install_path:
                    return _bolt(flow.handle_installation(oauth))
                return _bolt(flow.handle_callback(oauth))
            return _closing(404)
        if method != "POST":
            return _closing(405)
        if "HTTP_TRANSFER_ENCODING" in environ:
            return _closing(400, "chunked body")
        length = content_length([environ.get("CONTENT_LENGTH") or "0"])
        if length is None:
            return _closing(400, "bad Content-Length")
        if path != EVENTS_PATH:
            return _closing(404)
        if length > MAX_BODY:
            return _closing(413, "body too big")
        raw = self._read(environ, length)
        if raw is None:
            return _closing(408, "body not sent in time")
        headers = Headers(environ)
        if not signed(self.verifier, raw, headers):
            return 401, [], b""
        request = bolt_request(raw, environ.get("QUERY_STRING", ""), headers)
        if request is None:
            log.debug("http: 400 signed body is not a JSON object")
            return 400, [], b""
        return _bolt(self.app.dispatch(request))

    def _read(self, environ: Environ, length: int) -> bytes | None:
        """The body, read within body_timeout in all; None if it did not come in time."""
        stream = environ["wsgi.input"]
        sock: socket.socket | None = environ.get("gunicorn.socket")
        deadline = time.monotonic() + self.body_timeout
        chunks: list[bytes] = []
        got = 0
        try:
            while got < length:
                left = deadline - time.monotonic()
                if left <= 0:
                    return None
                if sock is not None:
                    sock.settimeout(left)
                chunk = stream.read(min(length - got, 65536))
                if not chunk:
                    return None  # the client hung up half-way
                chunks.append(chunk)
                got += len(chunk)
        except OSError:  # TimeoutError included
            return None
        finally:
            if sock is not None:
                sock.settimeout(None)
        return b"".join(chunks)


class Headers:
    """A WSGI environ's request headers, read as http.server's are (get, get_all, keys)."""

    def __init__(self, environ: Mapping[str, Any]) -> None:
        self._values = _headers(environ)

    def get(self, name: str, default: str | None = None) -> str | None:
        return self._values.get(name.lower(), default)

    def get_all(self, name: str) -> list[str] | None:
        value = self._values.get(name.lower())
        return None if value is None else [value]

    def keys(self) -> Iterator[str]:
        return iter(self._values)


def _headers(environ: Mapping[str, Any]) -> dict[str, str]:
    found = {}
    for key, value in environ.items():
        if key in ("CONTENT_LENGTH", "CONTENT_TYPE"):
            found[key.lower().replace("_", "-")] = str(value)
        elif key.startswith("HTTP_"):
            found[key[5:].lower().replace("_", "-")] = str(value)
    return found


def _bolt(response: BoltResponse) -> Answer:
    headers = []
    for key, values in response.headers.items():
        listed: Sequence[Any] = values if isinstance(values, list | tuple) else [values]
        headers += [(key, str(value)) for value in listed]
    body = response.body if isinstance(response.body, bytes) else str(response.body).encode()
    return response.status, headers, body


def _text(status: int, text: str) -> Answer:
    return status, [("Content-Type", "text/plain; charset=utf-8")], text.encode("utf-8")


def _closing(status: int, why: str = "") -> Answer:
    """Answer and close: the body was not read, so the connection cannot be reused."""
    if why:
        log.debug("http: %d %s", status, why)
    return status, [("Connection", "close")], b""
