"""The sandbox's page: its files, the workspace as one person sees it, and what they do.

GET  /                   the Slack look-alike (static/index.html and the files beside it)
GET  /dashboard          the lead's dashboard
GET  /avatar/<user>.svg  a person's initials, the only pictures the page shows
GET  /sandbox/state      what one person sees; waits (long poll) until something changed
POST /sandbox/<what>     say, edit, action, submit, close, shortcut, home: as Slack would
                         send it to the app (bot.sandbox.sender)

Everything is served from this process: the page loads nothing from anywhere else, and its
Content-Security-Policy says so to the browser.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import asdict
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from bot.sandbox.sender import Slack
from bot.sandbox.workspace import BY_ID, YOU_CAN_BE, Workspace

log = logging.getLogger("phrasebot.sandbox")

STATIC = Path(__file__).resolve().parent / "static"
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
}
CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "connect-src 'self'; font-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
    "form-action 'self'"
)
POLL_SECONDS = 20.0
MAX_BODY = 1 << 20
MAX_TEXT = 40_000  # Slack's longest message
AVATAR_COLOURS = ("#4a154b", "#1264a3", "#2eb67d", "#e01e5a", "#ecb22e", "#5a5a5a", "#0b4c8c")


class Page:
    """What the page's requests reach: the workspace, Slack's side, the dashboard.

    The page's server is bound first (the app is told its address for avatars), so Slack's
    side and the dashboard are plugged in by `connect` once the app is up.
    """

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self._slack: Slack | None = None
        self._dashboard: Callable[[], str] = lambda: ""

    def connect(self, slack: Slack, dashboard: Callable[[], str]) -> None:
        self._slack = slack
        self._dashboard = dashboard

    @property
    def slack(self) -> Slack:
        if self._slack is None:
            raise LookupError("the app is still starting")
        return self._slack

    def dashboard(self) -> str:
        return self._dashboard()

    def state(self, query: dict[str, list[str]]) -> dict[str, Any]:
        user = _one(query, "user")
        if user not in YOU_CAN_BE:
            raise ValueError("user")
        since = int(_one(query, "since") or -1)
        log_after = int(_one(query, "log") or 0)
        self.workspace.wait(since, POLL_SECONDS)
        seen = self.workspace.snapshot(user, log_after=log_after)
        manifest = self.slack.manifest
        seen["app"] = {
            "name": manifest.name,
            "commands": [asdict(c) for c in manifest.commands],
            "shortcuts": [asdict(s) for s in manifest.shortcuts],
        }
        return seen

    def act(self, what: str, data: dict[str, Any]) -> None:
        """Do what a person did on the page; ValueError for what the page cannot ask."""
        user = str(data.get("user") or "")
        if user not in YOU_CAN_BE:
            raise ValueError("user")
        slack = self.slack
        if what == "say":
            text = _text(data, "text")
            channel = self._channel(user, data)
            if text.strip():
                slack.say(user, channel, text, _optional(data, "thread_ts"))
        elif what == "edit":
            slack.edit(user, self._channel(user, data), _text(data, "ts"), _text(data, "text"))
        elif what == "action":
            where, action, values = data.get("where"), data.get("action"), data.get("values")
            if not isinstance(where, dict) or not isinstance(action, dict):
                raise ValueError("action")
            slack.action(user, where, action, values if isinstance(values, dict) else {})
        elif what == "submit":
            values = data.get("values")
            slack.submit(user, _text(data, "view_id"), values if isinstance(values, dict) else {})
        elif what == "close":
            slack.close(user, _text(data, "view_id"), everything=bool(data.get("everything")))
        elif what == "shortcut":
            where = self._channel(user, data) if _optional(data, "channel") else None
            slack.shortcut(user, _text(data, "callback_id"), where, _optional(data, "ts"))
        elif what == "home":
            tab = _text(data, "tab")
            if tab not in ("home", "messages"):
                raise ValueError("tab")
            slack.home_opened(user, tab)
        else:
            raise LookupError(what)

    def _channel(self, user: str, data: dict[str, Any]) -> str:
        """A channel this person may write in: a channel, or their own DM with the app."""
        channel = _text(data, "channel")
        found = self.workspace.conversation(channel)
        if found is None or (found.kind == "im" and found.user != user):
            raise ValueError("channel")
        return channel


def page_server(host: str, port: int, page: Page) -> ThreadingHTTPServer:
    """The page's HTTP server, bound; call serve_forever() to run it."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            log.debug("page: " + format, *args)

        def do_GET(self) -> None:
            path, _, query = self.path.partition("?")
            if path == "/":
                self._file(STATIC / "index.html")
            elif path.startswith("/static/"):
                self._file(STATIC / path.removeprefix("/static/"))
            elif path == "/dashboard":
                self._send(200, TYPES[".html"], page.dashboard().encode())
            elif path.startswith("/avatar/") and path.endswith(".svg"):
                user = path.removeprefix("/avatar/").removesuffix(".svg")
                self._send(200, TYPES[".svg"], avatar(user).encode())
            elif path == "/sandbox/state":
                try:
                    seen = page.state(parse_qs(query))
                except ValueError:
                    self._send(400, "text/plain", b"bad request")
                    return
                self._json(seen)
            else:
                self._send(404, "text/plain", b"not found")

        def do_POST(self) -> None:
            path = self.path.partition("?")[0]
            length = int(self.headers.get("Content-Length") or 0)
            if not path.startswith("/sandbox/") or length > MAX_BODY:
                self._send(404 if length <= MAX_BODY else 413, "text/plain", b"")
                return
            try:
                data = json.loads(self.rfile.read(length) or b"{}")
                if not isinstance(data, dict):
                    raise ValueError("body")
                page.act(path.removeprefix("/sandbox/"), data)
            except LookupError:
                self._send(404, "text/plain", b"not found")
                return
            except ValueError as err:
                self._send(400, "text/plain", f"bad request: {err}".encode())
                return
            self._json({"ok": True})

        def _file(self, path: Path) -> None:
            """A file of static/, by name: nothing outside it, nothing it does not hold."""
            if path.parent != STATIC or not path.is_file() or path.suffix not in TYPES:
                self._send(404, "text/plain", b"not found")
                return
            self._send(200, TYPES[path.suffix], path.read_bytes())

        def _json(self, value: Any) -> None:
            body = json.dumps(value, ensure_ascii=False).encode("utf-8")
            self._send(200, "application/json; charset=utf-8", body)

        def _send(self, status: int, content_type: str, body: bytes) -> None:
            try:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Cache-Control", "no-store")
                self.send_header("Content-Security-Policy", CSP)
                self.send_header("X-Content-Type-Options", "nosniff")
                self.end_headers()
                self.wfile.write(body)
            except OSError:  # the page went away (a reload during a long poll)
                self.close_connection = True

    class Server(ThreadingHTTPServer):
        daemon_threads = True

        def handle_error(self, request: Any, client_address: Any) -> None:
            log.warning("page: a request failed", exc_info=True)

    return Server((host, port), Handler)


def avatar(user: str) -> str:
    """A round badge with a person's initial: the page loads no pictures from elsewhere."""
    person = BY_ID.get(user)
    name = person.real_name if person else "?"
    fill = AVATAR_COLOURS[sum(map(ord, user)) % len(AVATAR_COLOURS)]
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 36 36" width="36" height="36">'
        f'<rect width="36" height="36" rx="6" fill="{fill}"/>'
        '<text x="18" y="24" font-size="17" font-family="sans-serif" fill="#fff" '
        f'text-anchor="middle">{escape(name[:1].upper())}</text></svg>'
    )


def _one(query: dict[str, list[str]], key: str) -> str:
    return (query.get(key) or [""])[0]


def _text(data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or len(value) > MAX_TEXT:
        raise ValueError(key)
    return value


def _optional(data: dict[str, Any], key: str) -> str | None:
    value = data.get(key)
    return value if isinstance(value, str) and value else None
