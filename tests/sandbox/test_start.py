"""`phrasebot sandbox` and `make run` without Slack tokens: the address printed, the page served,
Ctrl-C (SIGTERM) stops it; a taken port is said plainly."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

from tests.conftest import ROOT

TIMEOUT = 60


def launch(args: list[str], cwd: Path, **env: str) -> subprocess.Popen[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("SLACK_")}
    return subprocess.Popen(
        [sys.executable, "-m", "bot.cli", *args],
        cwd=cwd,
        env={**clean, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def address(process: subprocess.Popen[str]) -> str:
    """The address the sandbox printed on its first line."""
    assert process.stdout is not None
    first = process.stdout.readline()
    assert "open http://127.0.0.1:" in first, first + (
        process.stderr.read() if process.stderr else ""
    )
    return first.split("open ", 1)[1].split(" ", 1)[0]


def stop(process: subprocess.Popen[str]) -> tuple[int, str]:
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=TIMEOUT)
    return process.returncode, err


def test_phrasebot_sandbox_prints_its_address_and_serves_the_page(tmp_path: Path) -> None:
    scratch = tmp_path / "scratch"
    process = launch(
        ["sandbox", "--host", "127.0.0.1", "--port", "0", "--scratch", str(scratch)], ROOT
    )
    try:
        url = address(process)
        with urllib.request.urlopen(url, timeout=TIMEOUT) as page:
            assert b"phrasebot sandbox" in page.read()
    finally:
        code, err = stop(process)
    assert code == 0 and "phrasebot sandbox: stopped." in err
    assert (scratch / "phrasebook" / "dont-know.yaml").is_file()


def test_start_without_slack_tokens_runs_the_sandbox(tmp_path: Path) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_text(
        f"phrasebook: {ROOT / 'phrasebook'}\nknowledge: {ROOT / 'knowledge'}\n"
        "store: state/phrasebot.sqlite\n",
        encoding="utf-8",
    )
    process = launch(["start", "--config", str(rules)], tmp_path, PORT="0")
    try:
        url = address(process)
        with urllib.request.urlopen(url + "sandbox/state?user=U0001&since=-1", timeout=TIMEOUT):
            pass
    finally:
        code, _ = stop(process)
    assert code == 0
    assert (tmp_path / "state" / "sandbox" / "rules.yaml").is_file()  # beside its store


def test_a_taken_port_is_said_plainly(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        process = launch(["sandbox", "--port", str(port), "--scratch", str(tmp_path / "s")], ROOT)
        _, err = process.communicate(timeout=TIMEOUT)
    assert process.returncode == 2
    assert f"cannot listen on 127.0.0.1:{port}" in err
