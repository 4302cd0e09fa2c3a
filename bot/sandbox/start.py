"""`phrasebot sandbox`: start the real app beside a fake Slack and a page to drive it.

One process runs three loopback servers: the real Slack app (the Bolt app and its HTTP
endpoint, exactly what `phrasebot serve --http` runs, built from the sandbox's scratch folder),
the fake Slack Web API the app calls, and the page. The page's actions go to the app as signed
requests over its endpoint; what the app calls lands in the workspace the page shows.
"""

from __future__ import annotations

import logging
import secrets
import signal
import sys
import threading
from dataclasses import dataclass
from http.server import ThreadingHTTPServer
from pathlib import Path

from bot.sandbox import dashboard, manifest
from bot.sandbox.scratch import NotAScratchFolder, Scratch, prepare
from bot.sandbox.sender import Slack
from bot.sandbox.server import Page, page_server
from bot.sandbox.slackapi import SlackApi
from bot.sandbox.workspace import LEAD, Workspace
from bot.slack.httpd import EVENTS_PATH, http_server
from bot.slack.serve import Runtime
from bot.slack.texts import CANNOT_LISTEN

log = logging.getLogger("phrasebot.sandbox")

BOT_TOKEN = "xoxb-0000-sandbox-notarealtoken"
EXIT_USAGE = 2
READY = (
    "phrasebot sandbox: open http://{host}:{port}/ to try phrasebot as agents and leads will.\n"
    "It is a local look-alike of Slack driving the real app; nothing leaves this machine.\n"
    "Its own copy of the phrasebook and its store are in {folder}. Ctrl-C stops it.\n"
    "To connect a real workspace, set the Slack tokens (README: Slack) and `make run` again."
)


STOPPED = "phrasebot sandbox: stopped."


class CannotListen(Exception):
    """The page's port is taken or not ours to use."""


def run(
    *,
    host: str,
    port: int,
    config: str | None,
    phrasebook: str | None,
    scratch: str | None = None,
) -> int:
    """Serve the sandbox until Ctrl-C or SIGTERM; 2 when it cannot start."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        sandbox = Sandbox.start(
            host=host,
            port=port,
            config=config,
            phrasebook=phrasebook,
            scratch=Path(scratch) if scratch else None,
        )
    except (CannotListen, NotAScratchFolder) as err:
        print(
            f"phrasebot sandbox: {err}" if isinstance(err, NotAScratchFolder) else err,
            file=sys.stderr,
        )
        return EXIT_USAGE
    _stop_on_sigterm()
    bound_host, bound_port = sandbox.page.server_address[:2]
    shown = _shown(str(bound_host))
    print(READY.format(host=shown, port=bound_port, folder=sandbox.scratch.folder), flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        _ignore_more_stops()  # a second Ctrl-C (or make passing one on) must not cut it short
        sandbox.stop()
        print(STOPPED, file=sys.stderr)
    return 0


def _ignore_more_stops() -> None:
    if threading.current_thread() is threading.main_thread():
        for stop in (signal.SIGINT, signal.SIGTERM):
            signal.signal(stop, signal.SIG_IGN)


def _stop_on_sigterm() -> None:
    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, stop)


@dataclass
class Sandbox:
    workspace: Workspace
    api: SlackApi
    runtime: Runtime
    endpoint: ThreadingHTTPServer
    page: ThreadingHTTPServer
    slack: Slack
    scratch: Scratch
    threads: list[threading.Thread]

    @classmethod
    def start(
        cls,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        config: str | None = None,
        phrasebook: str | None = None,
        scratch: Path | None = None,
    ) -> Sandbox:
        """Build and start everything; the page listens on host:port (0: any free port)."""
        made = prepare(config=config, phrasebook=phrasebook, lead=LEAD, folder=scratch)
        beside = Path(made.source.path).parent if made.source.path else None
        known = manifest.load(manifest.find(beside))
        workspace = Workspace()
        page = Page(workspace)
        try:
            page_http = page_server(host, port, page)
        except OSError as err:
            said = CANNOT_LISTEN.format(host=host, port=port, error=err.strerror)
            raise CannotListen(said) from None
        page_port = page_http.server_address[1]
        api = SlackApi(workspace, avatars=f"http://127.0.0.1:{page_port}/avatar/")
        api.start()
        secret = secrets.token_hex(16)
        try:
            runtime = Runtime.start(
                config=str(made.rules),
                phrasebook=None,
                token=BOT_TOKEN,
                signing_secret=secret,
                api_url=api.api_url,
            )
        except BaseException:
            api.close()
            page_http.server_close()
            raise
        endpoint = http_server(runtime.app, "127.0.0.1", 0, signing_secret=secret)
        url = f"http://127.0.0.1:{endpoint.server_address[1]}{EVENTS_PATH}"
        slack = Slack(workspace, url, secret, known)

        page.connect(slack, lambda: dashboard.page(dashboard.figures(runtime.store)))
        threads = [
            threading.Thread(target=s.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True)
            for s in (endpoint, page_http)
        ]
        for thread in threads:
            thread.start()
        return cls(workspace, api, runtime, endpoint, page_http, slack, made, threads)

    @property
    def url(self) -> str:
        host, port = self.page.server_address[:2]
        return f"http://{_shown(str(host))}:{port}/"

    def stop(self) -> None:
        for server in (self.page, self.endpoint):
            server.shutdown()
            server.server_close()
        for thread in self.threads:
            thread.join(timeout=5)
        self.runtime.stop()
        self.api.close()


def _shown(host: str) -> str:
    """The address to open: every interface is reached at the loopback one."""
    return "127.0.0.1" if host in ("0.0.0.0", "", "::") else host
