"""The app serving many workspaces, through Bolt with signed requests: each request is answered
as its workspace has things (its coach, its leads, its bot token, its rows in the store).

Two installed workspaces, T1 (installed by U0001) and T2 (installed by U0002), on a copy of the
small test phrasebook: the installer is a workspace's first lead, a lead's edit changes that
workspace only, and counts and mutes are kept apart.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from slack_bolt.authorization import AuthorizeResult
from slack_sdk import WebClient

from bot.coach import Coach
from bot.knowledge.search import KnowledgeBase
from bot.slack.app import build_app
from bot.slack.deliver import Deliverer
from bot.slack.workspaces import Workspaces
from bot.store.sqlite import SqliteStore
from tests.conftest import SMALL
from tests.slack.conftest import ROOT, Bot, button, lead_view, settings_view, submission
from tests.slack.fakeslack import FakeSlack, Requests

TOKENS = {"T1": "xoxb-t1-token", "T2": "xoxb-t2-token"}
INSTALLERS = {"T1": "U0001", "T2": "U0002"}
ADDED = "beats me"


class Installed:
    def bot_token(self, key: str) -> str | None:
        return TOKENS.get(key)

    def installer(self, key: str) -> str | None:
        return INSTALLERS.get(key)


def authorize(enterprise_id: str | None, team_id: str | None, **_: Any) -> AuthorizeResult | None:
    token = TOKENS.get(team_id or "")
    if token is None:
        return None
    return AuthorizeResult(
        enterprise_id=enterprise_id,
        team_id=team_id,
        bot_token=token,
        bot_user_id=f"UBOT{team_id}",
        bot_id=f"B{team_id}",
    )


@pytest.fixture
def many(fake: FakeSlack, kb: KnowledgeBase, tmp_path: Path) -> Iterator[Bot]:
    made = serve_many(fake, kb, tmp_path)
    yield made
    made.close()


# A meaning bank for the small phrasebook's dont-know, so that its tier is on.
BANK = """\
bad:
  en:
    - "I don't know, sorry."
    - "No idea."
    - "No clue what happened to your parcel."
    - "Who knows when the trains will run again."
    - "Beats me why your card was declined."
    - "Your guess is as good as mine."
    - "Couldn't tell you, honestly."
    - "That's a mystery to me too."
good:
  en:
    - "Let me find out for you; can you give me a minute?"
    - "I'm not sure yet, but I'll check with billing and reply by 4 pm."
    - "The courier said he had no idea where the van was, so I've raised it with the depot."
    - "Anyone who knows the booking code can check in online."
    - "Good question. Let me look that up in our records right now."
    - "Do you know your policy number? It helps me find the claim faster."
"""


@pytest.fixture
def many_with_bank(fake: FakeSlack, kb: KnowledgeBase, tmp_path: Path) -> Iterator[Bot]:
    made = serve_many(fake, kb, tmp_path, bank=BANK)
    yield made
    made.close()


def serve_many(fake: FakeSlack, kb: KnowledgeBase, tmp_path: Path, bank: str = "") -> Bot:
    """The app serving T1 and T2 on a copy of the small phrasebook (with `bank` for
    dont-know's meaning, when given)."""
    shutil.copytree(SMALL, tmp_path / "phrasebook")
    if bank:
        (tmp_path / "phrasebook" / "meaning").mkdir()
        (tmp_path / "phrasebook" / "meaning" / "dont-know.yaml").write_text(bank, encoding="utf-8")
    rules = tmp_path / "rules.yaml"
    rules.write_text(
        f"phrasebook: phrasebook\nknowledge: {ROOT / 'knowledge'}\nleads: [U0900]\n"
        "tips_per_hour: 0\n",
        encoding="utf-8",
    )
    coach = Coach(rules)
    store = SqliteStore(tmp_path / "store.sqlite")
    client = WebClient(base_url=fake.api_url, timeout=5)
    deliver = Deliverer(client, workers=4)
    workspaces = Workspaces(coach, store, folder=tmp_path / "ws", tokens=Installed())
    app = build_app(
        coach=coach,
        kb=kb,
        store=store,
        client=client,
        signing_secret=Requests(fake).secret,
        deliverer=deliver,
        workspaces=workspaces,
        authorize=authorize,  # type: ignore[arg-type]
    )
    return Bot(app, fake, Requests(fake), deliver, store, coach)


def in_team(body: dict[str, Any], team: str) -> dict[str, Any]:
    body["team_id"] = team
    for auth in body.get("authorizations") or []:
        auth["team_id"] = team
    return body


def post(bot: Bot, team: str, text: str, n: int, user: str = "U0005") -> None:
    message = bot.slack.message(text, user=user, ts=f"1700000000.{n:06d}", event_id=f"EvM{n}")
    assert bot.send(in_team(message, team)).status == 200


def interact(bot: Bot, team: str, payload: dict[str, Any]) -> int:
    payload["team"] = {"id": team, "domain": team.lower()}
    if isinstance(payload.get("view"), dict):
        payload["view"]["app_installed_team_id"] = payload["view"]["team_id"] = team
    return bot.send(bot.slack.interaction(payload)).status


def tips(bot: Bot) -> dict[str, str]:
    """thread_ts -> the token each tip was posted with."""
    return {c.args["thread_ts"]: c.token for c in bot.tips()}


def test_each_workspace_is_tipped_with_its_own_token(many: Bot) -> None:
    post(many, "T1", "I don't know.", 1)
    post(many, "T2", "I don't know.", 2)
    post(many, "T9", "I don't know.", 3)  # never installed: no answer, no crash

    assert tips(many) == {
        "1700000000.000001": "xoxb-t1-token",
        "1700000000.000002": "xoxb-t2-token",
    }


def test_a_workspace_s_installer_leads_it_and_its_edit_changes_it_alone(many: Bot) -> None:
    values = {"rule": "dont-know", "lang": "en", "phrase": ADDED}
    refused = submission(lead_view("lead_add_phrase_view", dict(values)), user="U0001")
    assert interact(many, "T2", refused) == 200  # U0001 installed T1, not T2
    many.settle()
    assert many.store.pending_edits() == []

    form = submission(lead_view("lead_add_phrase_view", values), user="U0002")
    assert interact(many, "T2", form) == 200
    many.settle()
    [done] = [c for c in many.calls("chat.postMessage") if c.token == "xoxb-t2-token"]
    assert done.args["text"].startswith(f"Done: “{ADDED}” (en) is now flagged by dont-know.")

    post(many, "T2", "Beats me, sorry.", 4)
    post(many, "T1", "Beats me, sorry.", 5)
    many.settle()
    assert list(tips(many)) == ["1700000000.000004"]
    [entry] = many.store.audit_log(team="T2")
    assert (entry.user, entry.rule, entry.detail) == ("U0002", "dont-know", f'en: "{ADDED}"')
    assert many.store.audit_log(team="T1") == []
    shipped = (Path(many.coach.settings.phrasebook) / "dont-know.yaml").read_text(encoding="utf-8")
    assert ADDED not in shipped


def test_counts_and_mutes_are_kept_per_workspace(many: Bot) -> None:
    value = json.dumps({"r": ["dont-know"], "l": "en", "f": []})
    payload = button("tip_mute", value, user="U0005")
    assert interact(many, "T1", payload) == 200
    many.settle()

    post(many, "T1", "I don't know.", 6)
    post(many, "T2", "I don't know.", 7)
    many.settle()

    assert list(tips(many)) == ["1700000000.000007"]  # muted in T1 only
    assert many.store.muted("U0005", team="T1") == frozenset({"dont-know"})
    assert [row.shown for row in many.store.stats(team="T2")] == [1]
    assert [row.muted for row in many.store.stats(team="T1")] == [1]


def test_a_workspace_s_leads_name_more_leads_for_it_alone(many: Bot) -> None:
    view = settings_view(["U0002", "U0003"], [], "info", "0")
    assert interact(many, "T2", submission(view, user="U0002")) == 200
    many.settle()

    values = {"rule": "dont-know", "lang": "en", "phrase": "search me"}
    in_t2 = submission(lead_view("lead_add_phrase_view", dict(values)), user="U0003")
    in_t1 = submission(lead_view("lead_add_phrase_view", dict(values)), user="U0003")
    assert interact(many, "T1", in_t1) == 200  # refused there: not a lead of T1
    assert interact(many, "T2", in_t2) == 200
    many.settle()

    assert [e.user for e in many.store.audit_log(team="T2")] == ["U0003", "U0002"]
    assert many.store.audit_log(team="T1") == []


SOUNDS = "Honestly the courier route is a mystery to me."


def test_a_sentence_a_lead_teaches_is_learnt_by_that_workspace_alone(many_with_bank: Bot) -> None:
    many = many_with_bank
    values = {"rule": "dont-know", "lang": "en", "sentence": SOUNDS, "side": "good"}
    form = submission(lead_view("lead_add_sample_view", values), user="U0001")
    assert interact(many, "T1", form) == 200
    many.settle()
    [done] = [c for c in many.calls("chat.postMessage") if c.token == "xoxb-t1-token"]
    assert (
        done.args["text"]
        == f"Done: “{SOUNDS}” (en) is now a good sample of dont-know. It is live now."
    )

    post(many, "T1", SOUNDS, 8)
    post(many, "T2", SOUNDS, 9)
    many.settle()
    assert list(tips(many)) == ["1700000000.000009"]  # still flagged in T2
    own = Path(many.coach.settings.phrasebook).parent / "ws" / "T1" / "phrasebook" / "meaning"
    own = own / "dont-know.yaml"
    text = own.read_text(encoding="utf-8")
    assert text.startswith(BANK) and text.endswith(
        f"    - {SOUNDS}\n"
    )  # the whole bank, and its own
    shipped = Path(many.coach.settings.phrasebook, "meaning", "dont-know.yaml")
    assert shipped.read_text(encoding="utf-8") == BANK


def test_a_workspace_s_own_folder_keeps_the_shipped_banks_and_their_vectors(
    fake: FakeSlack, kb: KnowledgeBase, tmp_path: Path
) -> None:
    shutil.copytree(ROOT / "phrasebook", tmp_path / "book")
    (tmp_path / "rules.yaml").write_text("phrasebook: book\n", encoding="utf-8")
    workspaces = Workspaces(
        Coach(tmp_path / "rules.yaml", meaning=False),
        SqliteStore(tmp_path / "store.sqlite"),
        folder=tmp_path / "ws",
        tokens=Installed(),
    )

    own = Path(workspaces.settings("T1").phrasebook)

    shipped = tmp_path / "book" / "meaning"
    assert sorted(p.name for p in (own / "meaning").iterdir()) == sorted(
        p.name for p in shipped.iterdir()
    )
    assert (own / "meaning" / "_vectors.npz").samefile(shipped / "_vectors.npz")
