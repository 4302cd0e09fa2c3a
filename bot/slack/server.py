"""`phrasebot serve --http`: the app behind gunicorn, N worker processes on one port.

Why gunicorn (with Bolt's synchronous App over WSGI) rather than uvicorn (ASGI): every
listener, the check and the Web API calls are synchronous code; gunicorn runs it as it is, in
its gthread workers, whose event loop keeps idle keep-alive connections off the threads. Its
pre-fork master is what a production server needs here: it restarts a worker that dies (a
kill -9 included), and on SIGTERM each worker stops accepting, answers the requests in flight
within graceful_timeout, then stops its own work (bot.slack.serve.Runtime.stop: the tips being
posted are finished, the rest of its claims given back to the outbox for the others). uvicorn
would need Bolt's AsyncApp, or a hop to a thread for every request, around the same code.

Each worker builds its own runtime (coach, knowledge base, store connections, delivery pool)
after the fork: nothing with threads or sockets is shared across processes. Metrics are counted
per worker into PROMETHEUS_MULTIPROC_DIR, which the master makes fresh at start.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from gunicorn.app.base import BaseApplication

log = logging.getLogger("phrasebot.slack")

GRACEFUL_SECONDS = 30.0  # a worker asked to stop has this long to finish its requests
BOOT_SECONDS = 120  # a worker that has not reported in this long is replaced (start-up included)
KEEPALIVE_SECONDS = 30  # an idle keep-alive connection is closed after this long
METRICS_DIR = "PROMETHEUS_MULTIPROC_DIR"


@dataclass(frozen=True)
class Options:
    host: str
    port: int
    workers: int = 1
    threads: int = 16
    graceful: float = GRACEFUL_SECONDS


class Worker:
    """What one worker process runs: a WSGI app and what stops its work."""

    def __init__(self, wsgi: Callable[..., Any], stop: Callable[[], None]) -> None:
        self.wsgi = wsgi
        self.stop = stop


class _Gunicorn(BaseApplication):  # type: ignore[misc]
    def __init__(self, build: Callable[[], Worker], options: Options, on_ready: Callable[[], None]):
        self._build = build
        self._options = options
        self._on_ready = on_ready
        self._worker: Worker | None = None
        super().__init__()

    def load_config(self) -> None:
        o = self._options
        settings: dict[str, Any] = {
            "bind": [f"{o.host}:{o.port}"],
            "workers": max(o.workers, 1),
            "worker_class": "gthread",
            "threads": max(o.threads, 1),
            "graceful_timeout": int(o.graceful),
            "timeout": BOOT_SECONDS,
            "keepalive": KEEPALIVE_SECONDS,
            "backlog": 2048,
            "proc_name": "phrasebot",
            "accesslog": None,
            "loglevel": "info",
            "preload_app": False,
            "control_socket_disable": True,  # one path per user: two servers would clash
            "when_ready": lambda server: self._on_ready(),
            "worker_exit": self._worker_exit,
            "child_exit": _child_exit,
        }
        for key, value in settings.items():
            self.cfg.set(key, value)

    def load(self) -> Callable[..., Any]:
        """In each worker, after the fork: build its runtime."""
        self._worker = self._build()
        return self._worker.wsgi

    def _worker_exit(self, server: Any, worker: Any) -> None:
        if self._worker is not None:
            self._worker.stop()


def _child_exit(server: Any, worker: Any) -> None:
    """In the master: a worker ended; its metric files stop counting as live."""
    if os.environ.get(METRICS_DIR):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)  # type: ignore[no-untyped-call]


def run(build: Callable[[], Worker], options: Options, *, on_ready: Callable[[], None]) -> None:
    """Serve until SIGTERM or SIGINT (then drain); returns once every worker has stopped."""
    made = _metrics_dir()
    master = os.getpid()
    try:
        _Gunicorn(build, options, on_ready).run()
    except SystemExit as done:
        if os.getpid() != master:
            # A worker ends with sys.exit from inside the master's stack it was forked with:
            # leave now, before that stack's cleanup runs here too.
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(done.code if isinstance(done.code, int) else 1)
        raise
    finally:
        if made and os.getpid() == master:
            shutil.rmtree(made, ignore_errors=True)


def _metrics_dir() -> str | None:
    """Point prometheus-client at a folder for every worker's counts: the operator's, emptied,
    or a fresh one made here (and removed at the end)."""
    given = os.environ.get(METRICS_DIR)
    if given:
        for name in os.listdir(given):
            if name.endswith(".db"):
                os.unlink(os.path.join(given, name))
        return None
    made = tempfile.mkdtemp(prefix="phrasebot-metrics-")
    os.environ[METRICS_DIR] = made
    return made
