"""`phrasebot serve`: run the Slack app over Socket Mode, or over HTTP at /slack/events.

Socket Mode (SLACK_APP_TOKEN set, no --http) needs no public URL: the app dials out to Slack,
in this one process. HTTP mode runs the production server (gunicorn, bot/slack/server.py):
`--workers N` processes behind one port, each with its own runtime. With SLACK_CLIENT_ID and
SLACK_CLIENT_SECRET and no SLACK_BOT_TOKEN the app serves every workspace that installs it
(bot/slack/oauth.py), over HTTP. The store is PostgreSQL when PHRASEBOT_DATABASE_URL (or
`database:` in rules.yaml) names one, else the SQLite file; many workers on many machines
share it. A watcher reloads the phrasebook, rules.yaml and the knowledge base when they
change on disk, keeping the last good phrasebook live and telling the leads what is wrong.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import signal
import sys
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.coach import Coach
from bot.config import settings_for
from bot.dotenv import load_dotenv
from bot.knowledge.search import KnowledgeBase
from bot.slack import oauth as installs
from bot.slack import server, texts
from bot.slack.app import build_app
from bot.slack.blocks.leads import problems_message
from bot.slack.deliver import Deliverer
from bot.slack.deps import Leads
from bot.slack.httpd import http_server
from bot.slack.outbox import LEASE, Outbox
from bot.slack.workspaces import SYNC_EVERY, Workspaces
from bot.slack.wsgi import SlackWsgi
from bot.store import Store, open_store
from bot.watch import Watcher

__all__ = ["Launch", "Runtime", "http_server", "on_disk_change", "serve"]

log = logging.getLogger("phrasebot.slack")

EXIT_USAGE = 2
TOKEN_SHAPES = {
    "SLACK_BOT_TOKEN": re.compile(r"xoxb-[A-Za-z0-9-]+"),
    "SLACK_APP_TOKEN": re.compile(r"xapp-[A-Za-z0-9-]+"),
    "SLACK_SIGNING_SECRET": re.compile(r"[0-9a-fA-F]{32}"),
    "SLACK_CLIENT_ID": re.compile(r"[0-9]+\.[0-9]+"),
    "SLACK_CLIENT_SECRET": re.compile(r"[0-9a-fA-F]{32}"),
}


def serve(
    *,
    config: str | None,
    phrasebook: str | None,
    http: bool,
    host: str,
    port: int,
    workers: int = 1,
    threads: int = 16,
) -> int:
    """Run until Ctrl-C or SIGTERM; 2 when a token is missing or malformed."""
    load_dotenv(Path.cwd() / ".env")
    env = os.environ
    many = not env.get("SLACK_BOT_TOKEN") and bool(
        env.get("SLACK_CLIENT_ID") or env.get("SLACK_CLIENT_SECRET")
    )
    socket_mode = bool(env.get("SLACK_APP_TOKEN")) and not http and not many
    if many:
        needed: tuple[str, ...] = ("SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET", "SLACK_SIGNING_SECRET")
    elif socket_mode:
        needed = ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN")
    else:
        needed = ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET")
    wrong = token_problems(env, needed)
    if wrong:
        for line in wrong:
            print(line, file=sys.stderr)
        print(texts.TOKEN_HINT.format(name=needed[-1]), file=sys.stderr)
        return EXIT_USAGE
    api_url = env.get("SLACK_API_URL")
    if not many:
        refused = bot_token_refused(env["SLACK_BOT_TOKEN"], api_url)
        if refused:
            print(refused, file=sys.stderr)
            return EXIT_USAGE
    _log_plainly()
    launch = Launch(
        config=config,
        phrasebook=phrasebook,
        token=None if many else env["SLACK_BOT_TOKEN"],
        signing_secret=env.get("SLACK_SIGNING_SECRET", ""),
        api_url=api_url,
        database=env.get("PHRASEBOT_DATABASE_URL", "").strip() or None,
        client_id=env.get("SLACK_CLIENT_ID") if many else None,
        client_secret=env.get("SLACK_CLIENT_SECRET") if many else None,
        redirect_uri=env.get("SLACK_REDIRECT_URI") or None,
    )
    unreachable = launch.check_store()
    if unreachable:
        print(unreachable, file=sys.stderr)
        return EXIT_USAGE
    if workers > 1:
        launch.warm_up()
    if socket_mode:
        return _socket_mode(launch, env["SLACK_APP_TOKEN"])
    return _http(launch, server.Options(host, port, workers, threads), many=many)


def _log_plainly() -> None:
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s"
    )
    # Bolt logs a refused request's body at INFO: a real message whose signature is stale
    # would land in the log with its text. Bolt and the SDK speak up from WARNING only.
    for noisy in ("slack_bolt", "slack_sdk", "pymorphy3", "phrasebot.bolt"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def _socket_mode(launch: Launch, app_token: str) -> int:
    runtime = launch.runtime()
    _stop_on_sigterm()
    try:
        handler = SocketModeHandler(runtime.app, app_token)
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
    except KeyboardInterrupt:
        pass
    finally:
        runtime.stop()
        print(texts.STOPPED, file=sys.stderr)
    return 0


def _http(launch: Launch, options: server.Options, *, many: bool) -> int:
    def ready() -> None:
        count = f"{options.workers} worker" + ("s" if options.workers != 1 else "")
        print(
            texts.SERVING_HTTP.format(workers=count, host=options.host, port=options.port),
            file=sys.stderr,
            flush=True,
        )
        if many:
            print(
                texts.SERVING_OAUTH.format(host=options.host, port=options.port),
                file=sys.stderr,
                flush=True,
            )

    try:
        server.run(launch.worker, options, on_ready=ready)
    except SystemExit as done:  # gunicorn's master ends with sys.exit
        code = done.code if isinstance(done.code, int) else 1
        print(texts.STOPPED, file=sys.stderr)
        return code
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


@dataclass(frozen=True)
class Launch:
    """Everything a worker needs to start its runtime: settings only, nothing started, so it
    crosses gunicorn's fork as it is."""

    config: str | None
    phrasebook: str | None
    token: str | None  # the app's bot token; None: many workspaces, each with its own
    signing_secret: str
    api_url: str | None = None
    database: str | None = None  # PHRASEBOT_DATABASE_URL; None: rules.yaml's database or store
    client_id: str | None = None
    client_secret: str | None = None
    redirect_uri: str | None = None
    lease: float = LEASE

    def where(self) -> str:
        """The store: the environment's database, else rules.yaml's database, else its file."""
        settings, _ = settings_for(self.config, self.phrasebook)
        return self.database or settings.database or settings.store

    def check_store(self) -> str | None:
        """Open the store once (migrating it) before any worker starts; what is wrong, if any."""
        where = self.where()
        try:
            open_store(where).close()
        except Exception as err:
            shown = re.sub(r"//[^@/]*@", "//…@", where)  # no password in the output
            return texts.STORE_UNREACHABLE.format(where=shown, error=type(err).__name__)
        return None

    def warm_up(self) -> None:
        """Build the knowledge index and embed the meaning bank once, here, before workers
        start: each would otherwise build the same files at the same moment."""
        coach = Coach(self.config, self.phrasebook)
        KnowledgeBase(
            coach.settings.knowledge,
            coach.settings.index,
            meaning=None if coach.settings.meaning else False,
        ).close()

    def runtime(self) -> Runtime:
        return Runtime.start(
            config=self.config,
            phrasebook=self.phrasebook,
            token=self.token,
            signing_secret=self.signing_secret,
            api_url=self.api_url,
            lease=self.lease,
            database=self.database,
            client_id=self.client_id,
            client_secret=self.client_secret,
            redirect_uri=self.redirect_uri,
        )

    def worker(self) -> server.Worker:
        """In a gunicorn worker: its runtime, behind the WSGI app."""
        runtime = self.runtime()
        wsgi = SlackWsgi(
            runtime.app,
            signing_secret=self.signing_secret,
            ready=runtime.not_ready,
            pending=runtime.store.pending_jobs,
        )
        return server.Worker(wsgi, runtime.stop)


@dataclass
class Runtime:
    """Everything `serve` runs in one process: the app and what it needs, and the watcher."""

    app: App
    coach: Coach
    kb: KnowledgeBase
    store: Store
    deliver: Deliverer
    leads: Leads
    watcher: Watcher
    outbox: Outbox
    workspaces: Workspaces

    @classmethod
    def start(
        cls,
        *,
        config: str | None,
        phrasebook: str | None,
        token: str | None,
        signing_secret: str,
        api_url: str | None = None,
        lease: float = LEASE,
        database: str | None = None,
        client_id: str | None = None,
        client_secret: str | None = None,
        redirect_uri: str | None = None,
        workers: int = 8,
    ) -> Runtime:
        """Build everything and start the watcher; tips of events accepted before a crash or
        a restart (the store's outbox) are delivered from here on."""
        coach = Coach(config, phrasebook)
        settings = coach.settings
        # meaning: off in rules.yaml leaves the sentence encoder out of the search too
        kb = KnowledgeBase(
            settings.knowledge, settings.index, meaning=None if settings.meaning else False
        )
        where = database or settings.database or settings.store
        store = open_store(where)
        client = WebClient(token=token, base_url=_base_url(api_url))
        deliver = Deliverer(client, workers=workers)
        oauth = authorize = tokens = None
        if token is None and client_id and client_secret:
            found, states = installs.stores(where, client_id)
            cached = installs.CachedInstallations(found)
            oauth = installs.oauth_settings(
                client_id, client_secret, cached, states, redirect_uri=redirect_uri
            )
            authorize = installs.authorize(cached, client_id, client_secret)
            tokens = installs.InstalledTokens(cached)
        workspaces = Workspaces(
            coach,
            store,
            folder=_own_folder(Path(settings.store).parent / "workspaces"),
            tokens=tokens,
            run=lambda work: deliver.later(work, what="phrasebook sync"),
        )
        outbox = Outbox(store, deliver, lease=lease)
        app = build_app(
            coach=coach,
            kb=kb,
            store=store,
            client=client,
            signing_secret=signing_secret,
            deliverer=deliver,
            workspaces=workspaces,
            oauth=oauth,
            authorize=authorize,
            outbox=outbox,
        )
        workspaces.start()
        deliver.every(SYNC_EVERY, workspaces.look, what="phrasebook versions")
        leads = Leads(deliver)
        paths = [Path(settings.phrasebook), Path(settings.knowledge)]
        if settings.path:
            paths.append(Path(settings.path))
        watcher = Watcher(paths, lambda: on_disk_change(coach, kb, deliver, leads, workspaces))
        watcher.start()
        log.info(
            "serving %d rules, %d known fixes, store %s",
            len(coach.engine.phrasebook.rules),
            len(kb),
            "PostgreSQL" if where.startswith("postgres") else "SQLite",
        )
        return cls(app, coach, kb, store, deliver, leads, watcher, outbox, workspaces)

    def not_ready(self) -> str | None:
        """Why this worker should get no traffic yet, or None: the store must answer."""
        try:
            self.store.ping()
        except Exception as err:
            return f"store unreachable: {type(err).__name__}"
        return None

    def stop(self) -> None:
        """Drain: claim no more tips, finish those being posted, give the rest back."""
        self.outbox.stop()
        self.watcher.stop()
        self.deliver.close(wait=True)
        self.store.close()
        self.kb.close()
        shutil.rmtree(self.workspaces.folder, ignore_errors=True)


def _own_folder(parent: Path) -> Path:
    """This process's folder for workspaces' own files; those of processes gone are removed."""
    parent.mkdir(parents=True, exist_ok=True)
    for other in parent.iterdir():
        if other.name.isdigit() and not _alive(int(other.name)):
            shutil.rmtree(other, ignore_errors=True)
    mine = parent / str(os.getpid())
    mine.mkdir(exist_ok=True)
    return mine


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def on_disk_change(
    coach: Coach,
    kb: KnowledgeBase,
    deliver: Deliverer,
    leads: Leads,
    workspaces: Workspaces | None = None,
) -> None:
    """Reload what changed on disk; tell every lead when the files have problems."""
    problems = coach.reload()
    known = kb.refresh()
    if workspaces is not None and workspaces.many:
        workspaces.reload_all()
    log.info(
        "files changed on disk: %d phrasebook problems, %d knowledge problems",
        len(problems),
        len(known),
    )
    for found, intro in ((problems, texts.DISK_PROBLEMS), (known, texts.KNOWLEDGE_PROBLEMS)):
        if found:
            for user in leads.users(coach.settings.leads):
                deliver.dm(user, problems_message(found, intro=intro))
