"""The sandbox's Web API answers as Slack would, through Slack's own client, as the app calls it."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.sandbox.slackapi import SlackApi
from bot.sandbox.workspace import AGENT, BOT_USER, LEAD, Origin, Workspace, dm_of


@pytest.fixture
def api() -> Iterator[SlackApi]:
    started = SlackApi(Workspace(), avatars="http://127.0.0.1:1/avatar/")
    started.start()
    yield started
    started.close()


@pytest.fixture
def client(api: SlackApi) -> WebClient:
    return WebClient(token="xoxb-sandbox", base_url=api.api_url, timeout=5)


def refused(call: Any) -> str:
    with pytest.raises(SlackApiError) as err:
        call()
    return str(err.value.response["error"])


def test_auth_test_names_the_bot_as_bolt_needs(client: WebClient) -> None:
    said = client.auth_test()

    assert (said["user_id"], said["bot_id"], said["team_id"]) == (BOT_USER, "B0001", "T0001")


def test_a_posted_message_lands_in_its_channel_tied_to_its_request(
    api: SlackApi, client: WebClient
) -> None:
    said = client.chat_postMessage(channel="C0001", text="hello", thread_ts="1.0")

    message = api.workspace.find("C0001", said["ts"])
    assert message is not None and message.bot and message.thread_ts == "1.0"
    assert api.workspace.log[-1].title == "chat.postMessage"
    assert message.exchange == api.workspace.log[-1].id


def test_a_message_to_a_person_goes_to_their_dm(api: SlackApi, client: WebClient) -> None:
    said = client.chat_postMessage(channel=LEAD, text="for you")

    assert said["channel"] == dm_of(LEAD).id


@pytest.mark.parametrize(
    ("args", "code"),
    [
        ({"channel": "C9999", "text": "x"}, "channel_not_found"),
        ({"channel": "C0001"}, "no_text"),
        ({"channel": "C0001", "text": "x", "blocks": [{"type": "divider"}] * 51}, "invalid_blocks"),
    ],
)
@pytest.mark.filterwarnings("ignore:The top-level `text` argument is missing")
def test_what_slack_refuses_is_refused(client: WebClient, args: dict[str, Any], code: str) -> None:
    assert refused(lambda: client.chat_postMessage(**args)) == code


def test_an_ephemeral_message_is_for_one_person(api: SlackApi, client: WebClient) -> None:
    said = client.chat_postEphemeral(channel="C0001", user=AGENT, text="psst")

    message = api.workspace.find("C0001", said["message_ts"])
    assert message is not None and message.only_for == AGENT
    assert refused(lambda: client.chat_postEphemeral(channel="C0001", user="U9", text="x")) == (
        "user_not_found"
    )


@pytest.mark.filterwarnings("ignore:The top-level `text` argument is missing")
def test_blocks_without_fallback_text_are_noted_in_the_requests_panel(
    api: SlackApi, client: WebClient
) -> None:
    client.chat_postMessage(channel="C0001", blocks=[{"type": "divider"}])

    assert "without fallback text" in api.workspace.log[-1].warning


def test_a_view_is_opened_by_its_trigger_and_updated_by_its_hash(
    api: SlackApi, client: WebClient
) -> None:
    trigger = api.workspace.trigger(AGENT, "C0001")
    opened = client.views_open(trigger_id=trigger, view={"type": "modal", "blocks": []})["view"]

    assert refused(
        lambda: client.views_update(view_id=opened["id"], hash="stale", view={"type": "modal"})
    ) == ("hash_conflict")
    updated = client.views_update(view_id=opened["id"], hash=opened["hash"], view={"type": "modal"})
    assert updated["view"]["id"] == opened["id"]
    assert refused(lambda: client.views_update(view_id="V9999", view={"type": "modal"})) == (
        "not_found"
    )
    assert refused(lambda: client.views_open(trigger_id="1.1.x", view={"type": "modal"})) == (
        "invalid_trigger_id"
    )


def test_home_is_published_for_a_person(api: SlackApi, client: WebClient) -> None:
    client.views_publish(user_id=AGENT, view={"type": "home", "blocks": []})

    assert api.workspace.snapshot(AGENT)["home"]["type"] == "home"
    assert refused(lambda: client.views_publish(user_id=AGENT, view={"type": "modal"})) == (
        "invalid_arguments"
    )


def test_users_info_gives_a_local_picture(client: WebClient) -> None:
    said = client.users_info(user=AGENT)

    assert said["user"]["profile"]["image_72"] == "http://127.0.0.1:1/avatar/U0001.svg"


def respond(api: SlackApi, origin: Origin, body: dict[str, Any]) -> dict[str, Any]:
    url = api.workspace.response_url(origin)
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=5) as answer:
        said: dict[str, Any] = json.loads(answer.read())
    return said


def test_a_response_url_adds_replaces_or_deletes_the_message_pressed(api: SlackApi) -> None:
    space = api.workspace
    tip = space.post("C0001", "the tip", only_for=AGENT, thread_ts="5.0")
    origin = Origin(AGENT, "C0001", "5.0", message_ts=tip.ts)

    respond(api, origin, {"text": "thanks"})
    [thanks] = [m for m in space.messages if m.text == "thanks"]
    assert (thanks.only_for, thanks.thread_ts) == (AGENT, "5.0")

    respond(api, origin, {"text": "for all", "response_type": "in_channel"})
    assert [m.only_for for m in space.messages if m.text == "for all"] == [None]

    respond(api, origin, {"text": "replaced", "replace_original": True})
    assert tip.text == "replaced"

    respond(api, origin, {"delete_original": "true"})
    assert space.find("C0001", tip.ts) is None


def test_an_unknown_method_is_said_so(client: WebClient) -> None:
    assert refused(lambda: client.api_call("chat.scheduleMessage")) == "unknown_method"
