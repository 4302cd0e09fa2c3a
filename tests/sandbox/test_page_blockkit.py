"""Block Kit drawn faithfully enough to judge a tip, from what an app sends the Web API.

These post through the sandbox's Web API with Slack's own client, as the app does, so any
block or modal an app may send can be tried, including ones the app does not send today.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.sandbox.start import BOT_TOKEN, Sandbox
from bot.sandbox.workspace import AGENT
from tests.sandbox.person import Person

pytestmark = pytest.mark.browser

SAMPLER = [
    {
        "type": "header",
        "text": {"type": "plain_text", "text": "Block Kit sampler :tada:", "emoji": True},
    },
    {
        "type": "section",
        "text": {
            "type": "mrkdwn",
            "text": "*bold* _italic_ ~strike~ `code` <https://example.com/guide|the guide> "
            ":white_check_mark: :+1::skin-tone-3: <@U0001> <#C0002>\n"
            "> a quoted line\n• first item\n• second item\n1. step one\n"
            "```\nline one\n  line two\n```\n&lt;not a tag&gt; &amp; more",
        },
    },
    {
        "type": "section",
        "fields": [
            {"type": "mrkdwn", "text": "*Tips*\n3"},
            {"type": "plain_text", "text": "Muted\n1"},
        ],
        "accessory": {
            "type": "button",
            "text": {"type": "plain_text", "text": "Side button"},
            "action_id": "side",
        },
    },
    {"type": "context", "elements": [{"type": "mrkdwn", "text": "a context line"}]},
    {"type": "divider"},
    {
        "type": "actions",
        "elements": [
            {
                "type": "button",
                "text": {"type": "plain_text", "text": "Sampler button"},
                "action_id": "sampler_button",
                "value": "42",
                "style": "primary",
            },
            {
                "type": "static_select",
                "action_id": "sampler_select",
                "placeholder": {"type": "plain_text", "text": "Pick a colour"},
                "options": [
                    {"text": {"type": "plain_text", "text": "Red"}, "value": "red"},
                    {"text": {"type": "plain_text", "text": "Blue"}, "value": "blue"},
                ],
            },
        ],
    },
    {
        "type": "section",
        "text": {"type": "mrkdwn", "text": "*Better wording:*\nתן לי לבדוק את זה בשבילך"},
    },
    {"type": "image", "image_url": "https://example.com/cat.png", "alt_text": "a cat"},
    {"type": "mystery_block", "text": "what is this?"},
]


def app(sandbox: Sandbox) -> WebClient:
    return WebClient(token=BOT_TOKEN, base_url=sandbox.api.api_url, timeout=5)


def test_a_message_of_every_kind_of_block_is_drawn(page: Page, sandbox: Sandbox) -> None:
    dana = Person(page)

    app(sandbox).chat_postMessage(channel="C0001", text="Block Kit sampler", blocks=SAMPLER)

    sampler = dana.message("Block Kit sampler")
    expect(sampler.get_by_role("heading", name="Block Kit sampler 🎉")).to_be_visible()
    for tag, text in [("strong", "bold"), ("em", "italic"), ("s", "strike"), ("code", "code")]:
        expect(sampler.locator(tag, has_text=text).first).to_be_visible()
    link = sampler.get_by_role("link", name="the guide")
    expect(link).to_have_attribute("href", "https://example.com/guide")
    expect(sampler.get_by_text("✅")).to_be_visible()
    expect(sampler.get_by_text("👍🏼")).to_be_visible()
    expect(sampler.get_by_text("@Dana", exact=True)).to_be_visible()
    expect(sampler.get_by_text("#billing", exact=True)).to_be_visible()
    expect(sampler.locator("blockquote")).to_have_text("a quoted line")
    expect(sampler.get_by_role("listitem")).to_have_count(3)
    expect(sampler.locator("pre").first).to_have_text("line one\n  line two")
    expect(sampler.get_by_text("<not a tag> & more")).to_be_visible()
    expect(sampler.get_by_text("a context line")).to_be_visible()
    expect(sampler.locator("hr")).to_have_count(1)
    expect(sampler.get_by_role("button", name="Side button")).to_be_visible()
    expect(sampler.get_by_role("combobox", name="Pick a colour")).to_be_visible()
    expect(sampler.get_by_role("img", name="a cat")).to_be_visible()
    hebrew = sampler.get_by_text("תן לי לבדוק")
    assert hebrew.evaluate("e => e.matches(':dir(rtl)')")
    unknown = sampler.get_by_role("note")
    expect(unknown).to_contain_text('cannot draw a "mystery_block" block')
    expect(unknown.locator("pre")).to_contain_text('"what is this?"')


def test_a_button_and_a_select_send_block_actions_with_the_state(
    page: Page, sandbox: Sandbox
) -> None:
    dana = Person(page)
    app(sandbox).chat_postMessage(channel="C0002", text="Pick one", blocks=SAMPLER[5:6])
    dana.open_channel("billing")
    message = dana.message("Sampler button")

    message.get_by_role("combobox", name="Pick a colour").select_option("blue")
    message.get_by_role("button", name="Sampler button").click()

    page.get_by_role("button", name="Requests").click()
    pressed = (
        page.get_by_role("complementary", name="Requests")
        .locator("details")
        .filter(has_text="block_actions · sampler_button")
    )
    expect(pressed).to_have_count(1)
    pressed.locator("summary").click()
    expect(pressed).to_contain_text('"value": "42"')
    expect(pressed).to_contain_text('"selected_option"')
    expect(pressed).to_contain_text("X-Slack-Signature: v0=")


def view(title: str, blocks: list[dict[str, Any]], **more: Any) -> dict[str, Any]:
    return {
        "type": "modal",
        "callback_id": "sampler_view",
        "title": {"type": "plain_text", "text": title},
        "close": {"type": "plain_text", "text": "Back out"},
        "submit": {"type": "plain_text", "text": "Go"},
        "blocks": blocks,
        **more,
    }


FORM = [
    {
        "type": "input",
        "block_id": "note",
        "label": {"type": "plain_text", "text": "Note"},
        "hint": {"type": "plain_text", "text": "Say it kindly"},
        "element": {
            "type": "plain_text_input",
            "action_id": "note",
            "multiline": True,
            "initial_value": "hello",
        },
    },
    {
        "type": "input",
        "block_id": "where",
        "label": {"type": "plain_text", "text": "Where"},
        "element": {
            "type": "conversations_select",
            "action_id": "where",
            "default_to_current_conversation": True,
        },
    },
    {
        "type": "input",
        "block_id": "how",
        "optional": True,
        "label": {"type": "plain_text", "text": "How"},
        "element": {
            "type": "radio_buttons",
            "action_id": "how",
            "options": [
                {"text": {"type": "plain_text", "text": "Gently"}, "value": "gently"},
                {"text": {"type": "plain_text", "text": "Firmly"}, "value": "firmly"},
            ],
        },
    },
    {
        "type": "actions",
        "elements": [{"type": "workflow_button", "text": {"type": "plain_text", "text": "?"}}],
    },
]


def test_a_modal_opens_updates_keeps_what_was_typed_and_pushes(
    page: Page, sandbox: Sandbox
) -> None:
    dana = Person(page)
    client = app(sandbox)

    opened = client.views_open(
        trigger_id=sandbox.workspace.trigger(AGENT, "C0002"), view=view("Sampler form", FORM)
    )
    form = dana.dialog("Sampler form")
    expect(form.get_by_role("textbox", name="Note")).to_have_value("hello")
    expect(form.get_by_text("Say it kindly")).to_be_visible()
    expect(form.get_by_role("combobox", name="Where")).to_have_value("C0002")
    expect(form.get_by_role("radiogroup", name="How (optional)")).to_be_visible()
    expect(form.get_by_role("note")).to_contain_text('cannot draw a "workflow_button" element')
    expect(form.get_by_role("button", name="Go")).to_be_visible()
    expect(form.get_by_role("button", name="Back out")).to_be_visible()
    form.get_by_role("textbox", name="Note").fill("typed by Dana")

    view_id = opened["view"]["id"]
    client.views_update(view_id=view_id, view=view("Sampler, updated", FORM[:1]))
    form = dana.dialog("Sampler, updated")
    expect(form.get_by_role("textbox", name="Note")).to_have_value("typed by Dana")
    with pytest.raises(SlackApiError, match="hash_conflict"):
        client.views_update(view_id=view_id, hash="1.stale", view=view("Never", FORM[:1]))

    pushed = [{"type": "section", "text": {"type": "mrkdwn", "text": "one level *deeper*"}}]
    client.views_push(
        trigger_id=sandbox.workspace.trigger(AGENT, "C0002"), view=view("Pushed", pushed)
    )
    top = dana.dialog("Pushed")
    top.get_by_role("button", name="Back", exact=True).click()
    form = dana.dialog("Sampler, updated")

    form.get_by_role("button", name="Go").click()  # the app has no form called sampler_view
    expect(form.get_by_role("alert")).to_contain_text("We had some trouble connecting")
    form.get_by_role("button", name="Close").click()
    dana.no_dialog()
