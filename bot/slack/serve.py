"""`phrasebot serve`: run the Slack app over Socket Mode, or over HTTP at /slack/events.

Socket Mode (SLACK_APP_TOKEN set, no --http) needs no public URL: the app dials out to Slack.
HTTP mode serves one endpoint for events, slash commands and interactivity, plus /healthz, on
a small threading HTTP server that hands each request to Bolt, as Bolt's own dev server does.
Either way a watcher reloads the phrasebook, rules.yaml and the knowledge base when they change
on disk, keeping the last good phrasebook live and telling the leads what is wrong.
"""

from __future__ import annotations

import logging
import os
import re
import signal
import sys
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import FrameType
from typing import Any

from slack_bolt import App, BoltRequest
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_bolt.request.internals import parse_body
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.signature import SignatureVerifier

from bot.coach import Coach
from bot.dotenv import load_dotenv
from bot.knowledge.search import KnowledgeBase
from bot.slack import texts
from bot.slack.app import build_app
from bot.slack.blocks.leads import problems_message
from bot.slack.deliver import Deliverer
from bot.slack.deps import LEASE, Leads
from bot.store import Store, open_store
from bot.watch import Watcher

log = logging.getLogger("phrasebot.slack")

EXIT_USAGE = 2
EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
MAX_BODY = 1 << 20  # Slack's payloads are a few kB; anything this big is not from Slack
BODY_TIMEOUT = 10.0  # seconds a client has to send the whole body once the headers are in
TOKEN_SHAPES = {
    "SLACK_BOT_TOKEN": re.compile(r"xoxb-[A-Za-z0-9-]+"),
    "SLACK_APP_TOKEN": re.compile(r"xapp-[A-Za-z0-9-]+"),
    "SLACK_SIGNING_SECRET": re.compile(r"[0-9a-fA-F]{32}"),
}


def serve(*, config: str | None, phrasebook: str | None, http: bool, host: str, port: int) -> int:
    """Run until Ctrl-C or SIGTERM; 2 when a token is missing or malformed."""
    load_dotenv(Path.cwd() / ".env")
    env = os.environ
    socket_mode = bool(env.get("SLACK_APP_TOKEN")) and not http
    needed = ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN" if socket_mode else "SLACK_SIGNING_SECRET")
    wrong = token_problems(env, needed)
    if wrong:
        for line in wrong:
            print(line, file=sys.stderr)
        print(texts.TOKEN_HINT.format(name=needed[-1]), file=sys.stderr)
        return EXIT_USAGE
    api_url = env.get("SLACK_API_URL")
    refused = bot_token_refused(env["SLACK_BOT_TOKEN"], api_url)
    if refused:
        print(refused, file=sys.stderr)
        return EXIT_USAGE
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    # Bolt logs a refused request's body at INFO: a real message whose signature is stale
    # would land in the log with its text. Bolt and the SDK speak up from WARNING only.
    for noisy in ("slack_bolt", "slack_sdk", "pymorphy3"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    runtime = Runtime.start(
        config=config,
        phrasebook=phrasebook,
        token=env["SLACK_BOT_TOKEN"],
        signing_secret=env.get("SLACK_SIGNING_SECRET", ""),
        api_url=api_url,
    )
    _stop_on_sigterm()
    try:
        if socket_mode:
            handler = SocketModeHandler(runtime.app, env["SLACK_APP_TOKEN"])
            try:
                handler.connect()  # type: ignore[no-untyped-call]
            except SlackApiError as err:
                print(_refused("SLACK_APP_TOKEN", err), file=sys.stderr)
                return EXIT_USAGE
            print(texts.SERVING_SOCKET, file=sys.stderr)
            try:
                threading.Event().wait()
            finally:
                handler.close()  # type: ignore[no-untyped-call]
        else:
            try:
                secret = env["SLACK_SIGNING_SECRET"]
                server = http_server(runtime.app, host, port, signing_secret=secret)
            except OSError as err:
                print(
                    texts.CANNOT_LISTEN.format(host=host, port=port, error=err.strerror),
                    file=sys.stderr,
                )
                return 2
            bound = server.server_address
            print(texts.SERVING_HTTP.format(host=bound[0], port=bound[1]), file=sys.stderr)
            try:
                server.serve_forever(poll_interval=0.5)
            finally:
                server.server_close()
    except KeyboardInterrupt:
        pass
    finally:
        runtime.stop()
        print(texts.STOPPED, file=sys.stderr)
    return 0


def bot_token_refused(token: str, api_url: str | None) -> str | None:
    """Ask Slack whether it takes the bot token (auth.test); a message when it does not.

    A network failure is not the token's fault: it is logged, and serving goes ahead.
    """
    client = WebClient(token=token, base_url=_base_url(api_url), timeout=10)
    try:
        client.auth_test()
    except SlackApiError as err:
        return _refused("SLACK_BOT_TOKEN", err)
    except OSError as err:
        print(texts.SLACK_UNREACHABLE.format(error=type(err).__name__), file=sys.stderr)
    return None


def _refused(name: str, err: SlackApiError) -> str:
    code = str(err.response.get("error") or err.response.status_code)
    return texts.TOKEN_REFUSED.format(name=name, code=code, where=texts.TOKEN_WHERE[name])


def _base_url(api_url: str | None) -> str:
    return (api_url.rstrip("/") + "/") if api_url else WebClient.BASE_URL


def token_problems(env: Mapping[str, str], names: tuple[str, ...]) -> list[str]:
    """What is wrong with each named token, in words that say where to get a good one."""
    out = []
    for name in names:
        value = env.get(name, "").strip()
        where = texts.TOKEN_WHERE[name]
        if not value:
            out.append(texts.TOKEN_MISSING.format(name=name, where=where))
        elif not TOKEN_SHAPES[name].fullmatch(value):
            out.append(texts.TOKEN_MALFORMED.format(name=name, where=where))
    return out


def _stop_on_sigterm() -> None:
    def stop(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, stop)


@dataclass
class Runtime:
    """Everything `serve` runs: the app and what it needs, and the watcher."""

    app: App
    coach: Coach
    kb: KnowledgeBase
    store: Store
    deliver: Deliverer
    leads: Leads
    watcher: Watcher

    @classmethod
    def start(
        cls,
        *,
        config: str | None,
        phrasebook: str | None,
        token: str,
        signing_secret: str,
        api_url: str | None = None,
        lease: float = LEASE,
    ) -> Runtime:
        """Build everything and start the watcher; tips of events accepted before a crash or
        a restart (the store's outbox) are queued for delivery here, by build_app."""
        coach = Coach(config, phrasebook)
        settings = coach.settings
        kb = KnowledgeBase(settings.knowledge, settings.index)
        store = open_store(settings.store)
        client = WebClient(token=token, base_url=_base_url(api_url))
        deliver = Deliverer(client)
        app = build_app(
            coach=coach,
            kb=kb,
            store=store,
            client=client,
            signing_secret=signing_secret,
            deliverer=deliver,
            lease=lease,
        )
        leads = Leads(deliver)
        paths = [Path(settings.phrasebook), Path(settings.knowledge)]
        if settings.path:
            paths.append(Path(settings.path))
        watcher = Watcher(paths, lambda: on_disk_change(coach, kb, deliver, leads))
        watcher.start()
        log.info(
            "serving %d rules, %d known fixes",
            len(coach.engine.phrasebook.rules),
            len(kb),
        )
        return cls(app, coach, kb, store, deliver, leads, watcher)

    def stop(self) -> None:
        self.watcher.stop()
        self.deliver.close(wait=True)
        self.store.close()
        self.kb.close()


def on_disk_change(coach: Coach, kb: KnowledgeBase, deliver: Deliverer, leads: Leads) -> None:
    """Reload what changed on disk; tell every lead when the files have problems."""
    problems = coach.reload()
    known = kb.refresh()
    log.info(
        "files changed on disk: %d phrasebook problems, %d knowledge problems",
        len(problems),
        len(known),
    )
    for found, intro in ((problems, texts.DISK_PROBLEMS), (known, texts.KNOWLEDGE_PROBLEMS)):
        if found:
            for user in leads.users(coach.settings.leads):
                deliver.dm(user, problems_message(found, intro=intro))


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
            length = _content_length(self.headers.get_all("Content-Length") or [])
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
            if not _signed(verifier, raw, self.headers):
                self._send(401, {}, "")
                return
            request = _bolt_request(raw, query, self.headers)
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


def _content_length(values: Sequence[str]) -> int | None:
    """The body's length: 0 when absent, None when not one plain non-negative number."""
    if not values:
        return 0
    if len(set(values)) != 1:
        return None
    value = values[0].strip()
    if not value.isascii() or not value.isdigit() or len(value) > 12:
        return None
    return int(value)


def _signed(verifier: SignatureVerifier, raw: bytes, headers: Any) -> bool:
    timestamp = headers.get("X-Slack-Request-Timestamp")
    signature = headers.get("X-Slack-Signature")
    try:
        return bool(verifier.is_valid(body=raw, timestamp=timestamp, signature=signature))
    except (ValueError, OverflowError):  # not a number for a timestamp; not UTF-8
        return False


def _bolt_request(raw: bytes, query: str, headers: Any) -> BoltRequest | None:
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
