"""Workspaces: each one's coach and leads, its edits its own, and one truth on every worker.

Each "worker" here is a Workspaces of its own, with its own copy of the phrasebook on disk (as
a worker on another machine has), on one store: a SQLite file, or PostgreSQL when the tests
have one (then a worker hears of another's edit by NOTIFY, not only by looking).
"""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.coach import Coach
from bot.phrasebook import edit
from bot.slack.workspaces import Workspaces, key_parts, set_top, workspace_key
from bot.store import Store
from bot.store.postgres import PostgresStore
from bot.store.sqlite import SqliteStore
from tests.conftest import SMALL
from tests.pg import fresh_schema

ADDED = "beats me"
DRAFT = "Beats me, sorry."


class Installed:
    """Two installed workspaces, T1 and T2, and who installed each."""

    def bot_token(self, key: str) -> str | None:
        return {"T1": "xoxb-t1", "T2": "xoxb-t2"}.get(key)

    def installer(self, key: str) -> str | None:
        return {"T1": "U0001", "T2": "U0002"}.get(key)


def machine(root: Path) -> Path:
    """A machine's own copy of the phrasebook and rules.yaml; its rules.yaml path."""
    shutil.copytree(SMALL, root / "phrasebook")
    rules = root / "rules.yaml"
    rules.write_text("phrasebook: phrasebook\nleads: [U0900]\n", encoding="utf-8")
    return rules


@pytest.fixture(params=["sqlite", "postgres"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield str(tmp_path / "store.sqlite")
    else:
        with fresh_schema() as url:
            yield url


def open_one(where: str) -> Store:
    return PostgresStore(where) if where.startswith("postgresql") else SqliteStore(where)


def flagged(coach: Coach, text: str = DRAFT) -> list[str]:
    return [f.rule for f in coach.check(text).findings]


def eventually(condition: object, seconds: float = 8.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if callable(condition) and condition():
            return True
        time.sleep(0.05)
    return False


def test_a_workspace_key_names_the_team_or_the_org() -> None:
    assert workspace_key(None, "T1", False) == "T1"
    assert workspace_key("E1", "T1", False) == "E1:T1"
    assert workspace_key("E1", "T1", True) == "E1"
    assert [key_parts(k) for k in ("T1", "E1:T1", "E1", "")] == [
        (None, "T1", False),
        ("E1", "T1", False),
        ("E1", None, True),
        (None, None, False),
    ]


def test_set_top_replaces_a_key_with_its_block_or_adds_it() -> None:
    text = "a: 1  # one\nleads:\n  - U1\n  - U2\nb: 2\n"
    assert set_top(text, "leads", "[U9]") == "a: 1  # one\nleads: [U9]\nb: 2\n"
    assert set_top(text, "leads", None) == "a: 1  # one\nb: 2\n"
    assert set_top("a: 1", "c", "3") == "a: 1\nc: 3\n"


def test_one_workspace_serves_every_request_with_the_rules_yaml_leads(tmp_path: Path) -> None:
    store = SqliteStore(":memory:")
    home = Coach(machine(tmp_path))
    found = Workspaces(home, store, folder=tmp_path / "ws").get("T_ANY")
    assert (found.key, found.coach, found.token, found.leads) == ("", home, None, ("U0900",))
    store.close()


def test_an_edit_on_one_worker_is_live_on_another_within_seconds(
    tmp_path: Path, store_url: str
) -> None:
    stores = [open_one(store_url), open_one(store_url)]
    one = Workspaces(Coach(machine(tmp_path / "a")), stores[0], folder=tmp_path / "a-ws")
    two = Workspaces(Coach(machine(tmp_path / "b")), stores[1], folder=tmp_path / "b-ws")
    stop = threading.Event()
    looking = threading.Thread(target=_look, args=(two, stop), daemon=True)
    try:
        two.start()  # PostgreSQL: listens for NOTIFY, and needs no look
        if isinstance(stores[1], SqliteStore):
            looking.start()
        change = edit.add_phrase(one.settings(""), "dont-know", "en", ADDED)

        assert one.apply("", "U0900", change) == []

        assert flagged(one.home) == ["dont-know"]
        assert eventually(lambda: flagged(two.home) == ["dont-know"])
        added = (tmp_path / "b" / "phrasebook" / "dont-know.yaml").read_text(encoding="utf-8")
        assert ADDED in added  # the other machine's file says so too
    finally:
        stop.set()
        if looking.is_alive():
            looking.join(5)
        for store in stores:
            store.close()


def _look(workspaces: Workspaces, stop: threading.Event) -> None:
    """What the runtime does every few seconds (SYNC_EVERY), more often for the test."""
    while not stop.wait(0.5):
        workspaces.look()


def test_a_version_that_does_not_pass_is_refused_and_the_last_good_stays(
    tmp_path: Path, store_url: str
) -> None:
    store = open_one(store_url)
    worker = Workspaces(Coach(machine(tmp_path)), store, folder=tmp_path / "ws")
    try:
        broken = {"phrasebook/dont-know.yaml": "level: loud\nmessage: [\n"}
        assert store.save_files("", broken, base=0, user="U0900") == 1

        problems = worker.sync("")

        assert problems != []
        assert flagged(worker.home, "I don't know.") == ["dont-know"]  # the old one, live
    finally:
        store.close()


def test_each_workspace_s_edits_are_its_own_on_top_of_the_shipped_phrasebook(
    tmp_path: Path, store_url: str
) -> None:
    rules = machine(tmp_path)
    shipped = (tmp_path / "phrasebook" / "dont-know.yaml").read_text(encoding="utf-8")
    stores = [open_one(store_url), open_one(store_url)]
    one = Workspaces(Coach(rules), stores[0], folder=tmp_path / "w1", tokens=Installed())
    two = Workspaces(Coach(rules), stores[1], folder=tmp_path / "w2", tokens=Installed())
    try:
        assert (one.get("T1").leads, one.get("T2").leads) == (("U0001",), ("U0002",))
        assert one.get("T1").token == "xoxb-t1"
        change = edit.add_phrase(one.settings("T1"), "dont-know", "en", ADDED)

        assert one.apply("T1", "U0001", change) == []

        assert flagged(one.get("T1").coach) == ["dont-know"]
        assert flagged(one.get("T2").coach) == []  # another workspace: untouched
        assert flagged(one.home) == []
        assert (tmp_path / "phrasebook" / "dont-know.yaml").read_text(encoding="utf-8") == shipped
        assert one.get("T1").leads == ("U0001",)  # its own rules.yaml names its installer

        two.look()  # the other worker, on its next look (or at once, by NOTIFY)
        assert eventually(lambda: flagged(two.get("T1").coach) == ["dont-know"], 15)
        assert flagged(two.get("T2").coach) == []
    finally:
        for store in stores:
            store.close()


def test_a_workspace_s_rule_switched_off_stays_off_there_only(
    tmp_path: Path, store_url: str
) -> None:
    store = open_one(store_url)
    worker = Workspaces(Coach(machine(tmp_path)), store, folder=tmp_path / "ws", tokens=Installed())
    try:
        change = edit.set_rule(worker.settings("T2"), "dont-know", False)
        assert worker.apply("T2", "U0002", change) == []
        assert flagged(worker.get("T2").coach, "I don't know.") == []
        assert flagged(worker.get("T1").coach, "I don't know.") == ["dont-know"]
    finally:
        store.close()
