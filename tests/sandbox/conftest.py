"""The sandbox under test, once per session, and headless Chromium to look at it as a person.

The sandbox runs as `phrasebot sandbox` does: the real app from a scratch copy of the shipped
phrasebook, the fake Web API and the page, all on loopback. Tests share it, so each one writes
drafts of its own and looks for them.

Browser tests (marked `browser`) use Debian's Chromium through Playwright. Every page fails
its test on any request to a host other than this machine and on any script error or console
error. Without /usr/bin/chromium they are skipped, and one line at the end of the run says how
to get them; with PHRASEBOT_REQUIRE_BROWSER=1 (as .ci/run sets) they fail instead.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

from bot.sandbox.start import Sandbox

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL = {"127.0.0.1", "localhost", "::1", "[::1]"}
WAIT_MS = 10_000  # the longest any one wait in a browser test may take
HOW = "`apt-get install -y chromium` (what .ci/run does), then `make test`"
_skipped: list[str] = []


def missing_browser() -> str | None:
    """Why the browser tests cannot run here, or None."""
    if not CHROMIUM.is_file():
        return f"no Chromium at {CHROMIUM}"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed (make test installs requirements.lock)"
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    why = missing_browser()
    if why is None or os.environ.get("PHRASEBOT_REQUIRE_BROWSER") == "1":
        return
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(pytest.mark.skip(reason=why))
            _skipped.append(item.nodeid)
    _skipped.insert(0, why)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if _skipped:
        why, count = _skipped[0], len(_skipped) - 1
        terminalreporter.write_line(f"{count} browser tests skipped: {why}; to run them: {HOW}")


@pytest.fixture(scope="package")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    started = Sandbox.start(scratch=tmp_path_factory.mktemp("sandbox") / "scratch")
    yield started
    started.stop()


@pytest.fixture(scope="package")
def browser() -> Iterator[Any]:
    why = missing_browser()
    if why is not None:
        pytest.fail(f"browser tests cannot run: {why}; {HOW}")
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=WAIT_MS)
    with sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any, sandbox: Sandbox) -> Iterator[Any]:
    """A fresh page on the sandbox; the test fails on a request elsewhere or a script error."""
    context = browser.new_context(viewport={"width": 1280, "height": 860}, locale="en-US")
    outside: list[str] = []
    errors: list[str] = []

    def guard(route: Any) -> None:
        if urlparse(route.request.url).hostname in LOCAL:
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    opened = context.new_page()
    opened.set_default_timeout(WAIT_MS)
    opened.on("pageerror", lambda err: errors.append(f"uncaught: {err}"))
    opened.on(
        "console",
        lambda message: (
            errors.append(f"console: {message.text}") if message.type == "error" else None
        ),
    )
    opened.goto(sandbox.url)
    yield opened
    context.close()
    assert outside == [], f"the page asked for other hosts: {outside}"
    assert errors == [], f"the page had script errors: {errors}"
