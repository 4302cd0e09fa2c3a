"""The Slack app under test: the real Bolt app, the real coach, a fake Slack on loopback.

The coach and knowledge base are built once per session (the coach takes seconds); each test
gets a fresh app, store and delivery pool, and the fake forgets its calls. Settings come from a
tmp rules.yaml: leads U0900 and the user group S0001, tips off in C0002, only errors in C0003,
at most 3 tips an hour.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from slack_bolt import App, BoltResponse
from slack_sdk import WebClient
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from bot.coach import Coach
from bot.knowledge.search import KnowledgeBase
from bot.slack import ids
from bot.slack.app import build_app
from bot.slack.deliver import Deliverer
from bot.store import Store
from bot.store.sqlite import SqliteStore
from tests.slack.fakeslack import BOT_TOKEN, Call, FakeSlack, Requests, dispatch, fixture

ROOT = Path(__file__).resolve().parents[2]
AGENT = "U0001"
LEAD = "U0900"
GROUP_LEAD = "U0901"  # a lead through the user group S0001
RULES = """\
phrasebook: {phrasebook}
knowledge: {knowledge}
index: index.sqlite
store: store.sqlite
leads: [{lead}, S0001]
tips_per_hour: 3
channels:
  C0002: off
  C0003: {{min_level: error}}
"""
FLAGGED = "Honestly I don't know, we'll get back to you soon."
SOUNDS_LIKE = "I have zero idea why the parcel is late."  # flagged by the meaning tier only
CLEAN = "Thanks for waiting: the refund reached your card this morning."


def write_rules(folder: Path, phrasebook: Path) -> Path:
    path = folder / "rules.yaml"
    text = RULES.format(phrasebook=phrasebook, knowledge=ROOT / "knowledge", lead=LEAD)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def slack_coach(tmp_path_factory: pytest.TempPathFactory) -> Coach:
    folder = tmp_path_factory.mktemp("slack-rules")
    return Coach(write_rules(folder, ROOT / "phrasebook"))


@pytest.fixture(scope="session")
def kb(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KnowledgeBase]:
    base = KnowledgeBase(ROOT / "knowledge", tmp_path_factory.mktemp("kb") / "index.sqlite")
    yield base
    base.close()


@pytest.fixture(scope="session")
def fake_server() -> Iterator[FakeSlack]:
    fake = FakeSlack().start()
    yield fake
    fake.close()


@pytest.fixture
def fake(fake_server: FakeSlack) -> FakeSlack:
    fake_server.reset()
    return fake_server


@dataclass
class Bot:
    """The app as Slack sees it: send it requests, then read what it called at the fake."""

    app: App
    fake: FakeSlack
    slack: Requests
    deliver: Deliverer
    store: Store
    coach: Coach
    slept: list[float] = field(default_factory=list)

    def close(self) -> None:
        """Let queued work finish, stop the delivery pool and the store, then check that every
        message and view the app sent passes Slack's own SDK models."""
        self.settle()
        self.deliver.close()
        self.store.close()
        for call in self.fake.calls():
            sent_to_slack_accepts(call)

    def send(self, body: dict[str, Any] | str, **sign: Any) -> BoltResponse:
        return dispatch(self.app, self.slack.signed(body, **sign))

    def post(self, text: str, **fields: Any) -> BoltResponse:
        """A human posts `text` (in C0001 as U0001 unless told otherwise)."""
        return self.send(self.slack.message(text, **fields))

    def command(self, name: str, text: str = "", *, user: str = AGENT) -> BoltResponse:
        return self.send(self.slack.command(name, text, user_id=user))

    def interact(self, payload: dict[str, Any]) -> BoltResponse:
        return self.send(self.slack.interaction(payload))

    def settle(self) -> None:
        """Wait (bounded) until every post-ack job has run."""
        assert self.deliver.wait_idle(timeout=20), "post-ack work did not finish"

    def calls(self, method: str) -> list[Call]:
        self.settle()
        return self.fake.calls(method)

    def methods(self) -> list[str]:
        """Every Web API method the app called, in order, once its work is done."""
        self.settle()
        return self.fake.methods()

    def tips(self) -> list[Call]:
        return self.calls("chat.postEphemeral")

    def answers(self) -> list[dict[str, Any]]:
        """What went back through response_url."""
        return [c.args for c in self.calls("response_url")]


def make_bot(
    fake: FakeSlack, coach: Coach, kb: KnowledgeBase, store: SqliteStore | None = None
) -> Bot:
    client = WebClient(token=BOT_TOKEN, base_url=fake.api_url, timeout=5)
    slept: list[float] = []
    deliver = Deliverer(client, workers=4, sleep=slept.append)
    store = store or SqliteStore(":memory:")
    app = build_app(
        coach=coach,
        kb=kb,
        store=store,
        client=client,
        signing_secret=Requests(fake).secret,
        deliverer=deliver,
    )
    return Bot(app, fake, Requests(fake), deliver, store, coach, slept)


@pytest.fixture
def bot(fake: FakeSlack, slack_coach: Coach, kb: KnowledgeBase) -> Iterator[Bot]:
    made = make_bot(fake, slack_coach, kb)
    yield made
    made.close()


# -- Slack's own SDK as an independent check of what the app builds ------------------------------


def slack_accepts(built: dict[str, Any]) -> None:
    """Slack's SDK models parse a message or view, pass its limit checks, and give it back as is.

    Block.parse / View(**view) then to_dict() runs every validator of every nested object
    (texts, buttons, options, inputs); comparing the result with what went in catches a key the
    models do not know (a typo, or a private key such as "_drop" left in).
    """
    if "type" in built:
        parsed = View(**built).to_dict()
    else:
        parsed = {**built, "blocks": [_block(b) for b in built.get("blocks", [])]}
    assert _plain_json(parsed) == _plain_json(built)


def sent_to_slack_accepts(call: Call) -> None:
    """Every message or view one Web API call (or response_url post) carried, through the SDK."""
    if isinstance(call.args.get("view"), dict):
        slack_accepts(call.args["view"])
    if isinstance(call.args.get("blocks"), list):
        slack_accepts({"blocks": call.args["blocks"]})


def _block(block: dict[str, Any]) -> dict[str, Any]:
    parsed = Block.parse(block)
    assert parsed is not None, f"not a block Slack knows: {block.get('type')}"
    out = parsed.to_dict()
    assert isinstance(out, dict)
    return out


def _plain_json(value: Any) -> Any:
    return json.loads(json.dumps(value, sort_keys=True))


# -- payloads the tests send, from the shared fixtures -------------------------------------------


def button(
    action_id: str, value: str, *, user: str = AGENT, channel: str = "C0001"
) -> dict[str, Any]:
    """A click on a button of an ephemeral tip in a thread."""
    payload = fixture("interactivity/block_actions_button_ephemeral_in_thread.json")
    payload["user"]["id"] = user
    payload["container"]["channel_id"] = payload["channel"]["id"] = channel
    payload["actions"] = [
        {
            "action_id": action_id,
            "block_id": "tip_actions",
            "value": value,
            "type": "button",
            "action_ts": "1700000001.000100",
        }
    ]
    return payload


def value_of(message: dict[str, Any], action_id: str) -> str:
    """The value of the button with this action id in a message the app sent."""
    found = [
        element.get("value", "")
        for block in message.get("blocks", [])
        if block.get("type") == "actions"
        for element in block["elements"]
        if element.get("action_id") == action_id
    ]
    assert len(found) == 1, f"{action_id}: {len(found)} buttons"
    return str(found[0])


def action_ids(message: dict[str, Any]) -> list[str]:
    """The action ids of every button in a message, in order."""
    return [
        element["action_id"]
        for block in message.get("blocks", [])
        if block.get("type") == "actions"
        for element in block["elements"]
    ]


def dm_button(action_id: str, value: str, *, user: str = LEAD) -> dict[str, Any]:
    """A click on a button of a message the app sent to `user` in a DM."""
    payload = fixture("interactivity/block_actions_button_message.json")
    payload["user"]["id"] = user
    payload["container"]["channel_id"] = payload["channel"]["id"] = "D0001"
    action = {"action_id": action_id, "block_id": "sample_actions", "type": "button"}
    payload["actions"] = [{**action, "value": value, "action_ts": "1700000003.000100"}]
    return payload


def home_button(
    action_id: str, *, user: str = AGENT, value: str | None = None, block_id: str = "lead_actions"
) -> dict[str, Any]:
    """A click on a button in App Home."""
    payload = fixture("interactivity/block_actions_home_tab.json")
    payload["user"]["id"] = user
    action = {"action_id": action_id, "block_id": block_id, "type": "button", "action_ts": "1.2"}
    if value is not None:
        action["value"] = value
    payload["actions"] = [action]
    return payload


def shortcut(callback_id: str, *, user: str = AGENT) -> dict[str, Any]:
    payload = fixture("interactivity/shortcut.json")
    payload.update(callback_id=callback_id)
    payload["user"]["id"] = user
    return payload


def message_shortcut(
    callback_id: str, text: str, *, user: str = AGENT, thread_ts: str | None = None
) -> dict[str, Any]:
    payload = fixture("interactivity/message_action.json")
    payload.update(callback_id=callback_id)
    payload["user"]["id"] = user
    payload["message"].update(text=text, user="U0002")
    payload["message"].pop("blocks")
    if thread_ts:
        payload["message"]["thread_ts"] = thread_ts
    return payload


def compose_view(
    *,
    view_id: str = "V0100",
    view_hash: str = "1700000000.h1",
    channel: str | None = "C0001",
    thread_ts: str | None = None,
    text: str | None = None,
    target: str | None = "C0001",
    metadata: str | None = None,
) -> dict[str, Any]:
    """An open compose modal as Slack includes it in a payload (its private_metadata as the
    app set it, when given)."""
    view = fixture("interactivity/view_submission.json")["view"]
    view.update(
        id=view_id,
        hash=view_hash,
        callback_id="compose",
        private_metadata=metadata or json.dumps({"channel": channel, "thread_ts": thread_ts}),
    )
    view["state"] = {
        "values": {
            "compose_draft": {"compose_input": {"type": "plain_text_input", "value": text}},
            "compose_target": {
                "compose_target_select": {
                    "type": "conversations_select",
                    "selected_conversation": target,
                }
            },
        }
    }
    return view


def keystroke(text: str, *, action_ts: str = "1700000002.000100", **view: Any) -> dict[str, Any]:
    """A character typed in the compose box (dispatch_action on every character)."""
    payload = fixture("interactivity/block_actions_home_tab.json")
    compose = compose_view(text=text, **view)
    payload.update(container={"type": "view", "view_id": compose["id"]}, view=compose)
    payload["actions"] = [
        {
            "type": "plain_text_input",
            "block_id": "compose_draft",
            "action_id": "compose_input",
            "value": text,
            "action_ts": action_ts,
        }
    ]
    return payload


def submission(view: dict[str, Any], *, user: str = AGENT) -> dict[str, Any]:
    payload = fixture("interactivity/view_submission.json")
    payload["user"]["id"] = user
    payload["view"] = view
    return payload


def lead_view(callback_id: str, values: dict[str, str]) -> dict[str, Any]:
    """A lead modal as submitted: each field is its own block and action id."""
    view = fixture("interactivity/view_submission.json")["view"]
    state: dict[str, Any] = {}
    for name, value in values.items():
        if name in ("rule", "lang", "level"):
            state[name] = {name: {"type": "static_select", "selected_option": {"value": value}}}
        elif name in ("state", "side"):
            state[name] = {name: {"type": "radio_buttons", "selected_option": {"value": value}}}
        else:
            state[name] = {name: {"type": "plain_text_input", "value": value}}
    view.update(callback_id=callback_id, private_metadata="", state={"values": state})
    return view


def settings_view(leads: list[str], quiet: list[str], level: str, tips: str) -> dict[str, Any]:
    """The workspace settings form as submitted."""
    view = fixture("interactivity/view_submission.json")["view"]
    state = {
        ids.FIELD_LEADS: {ids.FIELD_LEADS: {"type": "multi_users_select", "selected_users": leads}},
        ids.FIELD_QUIET: {
            ids.FIELD_QUIET: {
                "type": "multi_conversations_select",
                "selected_conversations": quiet,
            }
        },
        ids.FIELD_MIN_LEVEL: {
            ids.FIELD_MIN_LEVEL: {"type": "static_select", "selected_option": {"value": level}}
        },
        ids.FIELD_TIPS: {ids.FIELD_TIPS: {"type": "plain_text_input", "value": tips}},
    }
    view.update(callback_id=ids.SETTINGS_VIEW, private_metadata="", state={"values": state})
    return view
