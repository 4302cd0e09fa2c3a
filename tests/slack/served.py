"""`phrasebot serve --http` as an operator runs it, in a subprocess: for the server tests, the
chaos test and the load bench. The fake Slack stays in the caller's process (or its own).
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from tests.slack.fakeslack import BOT_TOKEN, SECRET, fixture, sign

ROOT = Path(__file__).resolve().parents[2]
RULES = """\
phrasebook: {root}/phrasebook
knowledge: {root}/knowledge
index: index.sqlite
store: store.sqlite
tips_per_hour: 0
"""
BOOT_SECONDS = 90.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Served:
    """A running `phrasebot serve --http`: its master process, port and log."""

    proc: subprocess.Popen[bytes]
    port: int
    log: Path

    def workers(self) -> list[int]:
        """The worker processes' ids, now."""
        path = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children")
        return [int(p) for p in path.read_text().split()] if path.exists() else []

    def text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def stop(self, timeout: float = 60.0) -> int:
        """SIGTERM, as a service manager stops it; its exit code."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise

    def kill(self) -> None:
        """kill -9 of the master and every worker."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(30)

    def get(self, path: str) -> tuple[int, bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            return response.status, response.read()
        finally:
            conn.close()


def write_rules(folder: Path, extra: str = "") -> Path:
    path = folder / "rules.yaml"
    path.write_text(RULES.format(root=ROOT) + extra, encoding="utf-8")
    return path


def serve(
    folder: Path,
    api_url: str,
    *,
    workers: int = 1,
    database: str | None = None,
    env: dict[str, str] | None = None,
    port: int | None = None,
) -> Served:
    """Start `phrasebot serve --http` on folder/rules.yaml; returns once every worker serves."""
    if not (folder / "rules.yaml").exists():
        write_rules(folder)
    port = port or free_port()
    log = folder / "server.log"
    environ = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": api_url,
        **(env or {}),
    }
    for name in ("SLACK_APP_TOKEN", "PROMETHEUS_MULTIPROC_DIR"):
        environ.pop(name, None)
    if database:
        environ["PHRASEBOT_DATABASE_URL"] = database
    else:
        environ.pop("PHRASEBOT_DATABASE_URL", None)
    argv = [sys.executable, "-m", "bot.cli", "serve", "--config", str(folder / "rules.yaml")]
    argv += ["--http", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)]
    with log.open("ab") as out:
        proc = subprocess.Popen(
            argv, cwd=folder, env=environ, stdout=out, stderr=out, start_new_session=True
        )
    served = Served(proc, port, log)
    deadline = time.monotonic() + BOOT_SECONDS
    while len(re.findall(r"serving \d+ rules", served.text())) < workers:
        if proc.poll() is not None or time.monotonic() > deadline:
            if proc.poll() is None:
                served.kill()
            raise AssertionError(f"server did not start: {served.text()[-3000:]}")
        time.sleep(0.2)
    return served


def flagged_event(n: int, *, text: str, team: str | None = None, prefix: str = "EvS") -> str:
    """A signed-to-be message event numbered n: its ts names it (1700000000.<n>)."""
    body = fixture("events/message_channel.json")
    body["event"].pop("blocks", None)
    body["event_id"] = f"{prefix}{n:06d}"
    body["event"].update(
        text=text, user=f"U{n % 50:04d}", channel="C0001", ts=f"1700000000.{n:06d}"
    )
    if team:
        body["team_id"] = team
        for auth in body.get("authorizations") or []:
            auth["team_id"] = team
    return json.dumps(body)


def post_signed(port: int, body: str, *, extra: dict[str, str] | None = None) -> int:
    signed = sign(body, secret=SECRET, extra=extra)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("POST", "/slack/events", signed.body.encode(), signed.headers)
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()
