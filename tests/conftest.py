"""Shared fixtures: the real phrasebook, and a small one whose semantics the tests pin down."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.check.engine import Engine
from bot.coach import Coach
from bot.phrasebook.load import load

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SMALL = DATA / "phrasebook"
SHARED = ROOT.parent / "shared"

# The knowledge search goes by words alone unless a test asks for meaning: building vectors in
# the background would make results depend on timing.
os.environ["PHRASEBOT_MEANING"] = "off"


@pytest.fixture(scope="session")
def coach() -> Coach:
    """The shipped phrasebook with the shipped rules.yaml, phrases only: the tests of matching
    check thousands of drafts, and the meaning tier embeds each sentence (tests/check/
    test_meaning.py and the meaning_coach fixture test it)."""
    return Coach(ROOT / "rules.yaml", meaning=False)


@pytest.fixture(scope="session")
def meaning_coach() -> Coach:
    """The shipped phrasebook as it runs: phrases and the meaning tier."""
    return Coach(ROOT / "rules.yaml")


@pytest.fixture(scope="session")
def small() -> Engine:
    """A four-rule phrasebook made for these tests."""
    book, problems = load(SMALL)
    assert book is not None and not problems, problems
    return Engine(book)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """One line when the PostgreSQL tests did not run, and why."""
    from tests.pg import SKIPPED, URL

    if not URL:
        terminalreporter.write_line(SKIPPED)
