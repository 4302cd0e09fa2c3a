"""The compose modal: opened by /draft, the Draft a reply shortcut and Reply with phrasebot;
re-checked on every keystroke; Send posts the reply. And Check wording from a message's menu."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from bot.sandbox.start import Sandbox
from tests.sandbox.person import Person

pytestmark = pytest.mark.browser

TYPED = [
    ("en", "I don't know", "Let me find out for you"),
    ("uk", "Я не знаю", "Дозвольте, я з'ясую"),
    ("he", "אין לי מושג", "אבדוק"),
]


@pytest.mark.parametrize(("lang", "typed", "better"), TYPED, ids=[t[0] for t in TYPED])
def test_the_compose_box_rechecks_on_every_keystroke_and_send_posts(
    page: Page, sandbox: Sandbox, lang: str, typed: str, better: str
) -> None:
    dana = Person(page)
    keystrokes = _keystrokes(sandbox)

    dana.post("/draft")
    modal = dana.dialog("Reply with phrasebot")
    reply = modal.get_by_role("textbox", name="Your reply")
    expect(reply).to_be_focused()
    expect(modal.get_by_text("Start typing")).to_be_visible()
    reply.press_sequentially(typed, delay=20)

    expect(modal.get_by_text("1 thing to reword")).to_be_visible()
    expect(modal.get_by_text(better).first).to_be_visible()
    expect(reply).to_have_value(typed)  # the updates never undo what was typed
    assert _keystrokes(sandbox) - keystrokes == len(typed)
    expect(modal.get_by_role("combobox", name="Send to")).to_have_value("C0001")

    reply.fill(f"Thanks for waiting ({lang}): the refund is on its way.")
    reply.press("End")
    reply.press_sequentially(" Bye", delay=20)
    expect(modal.get_by_text("Reads well")).to_be_visible()
    modal.get_by_role("button", name="Send").click()

    dana.no_dialog()
    sent = dana.message(f"Thanks for waiting ({lang})")
    expect(sent).to_be_visible()
    expect(sent).to_contain_text("sent by @Dana with phrasebot")


def test_sending_an_empty_reply_shows_slacks_error_under_the_box(page: Page) -> None:
    dana = Person(page)
    dana.post("/draft")
    modal = dana.dialog("Reply with phrasebot")

    modal.get_by_role("button", name="Send").click()

    expect(modal.get_by_role("alert")).to_have_text("Write your reply first.")
    expect(modal.get_by_role("textbox", name="Your reply")).to_have_attribute(
        "aria-invalid", "true"
    )
    modal.get_by_role("button", name="Cancel").click()
    dana.no_dialog()


def test_the_draft_a_reply_shortcut_opens_the_compose_box(page: Page) -> None:
    dana = Person(page)

    page.get_by_role("button", name="Shortcuts").click()
    page.get_by_role("menuitem", name="Draft a reply").click()

    modal = dana.dialog("Reply with phrasebot")
    modal.get_by_role("button", name="Close").click()
    dana.no_dialog()


CUSTOMERS = [
    ("en", "My card reader won't turn on", "Card reader won't turn on or won't charge"),
    ("uk", "Термінал не вмикається", "Термінал не вмикається або не заряджається"),
    ("he", "התשלום בהצמדה לא עובד", "תשלום בהצמדה (ללא מגע) לא עובד"),
]


@pytest.mark.parametrize(("lang", "said", "fix"), CUSTOMERS, ids=[c[0] for c in CUSTOMERS])
def test_reply_with_phrasebot_answers_a_customer_with_known_fixes_at_hand(
    page: Page, lang: str, said: str, fix: str
) -> None:
    dana = Person(page)

    dana.menu(dana.message(said), "Reply with phrasebot")

    modal = dana.dialog("Reply with phrasebot")
    expect(modal.get_by_text("Known fixes for the customer's message")).to_be_visible()
    expect(modal.get_by_text(fix).first).to_be_visible()
    expect(modal.get_by_text("Sent as a reply in the thread you started from.")).to_be_visible()
    modal.get_by_role("textbox", name="Your reply").fill(f"Let us reset it together ({lang}).")
    modal.get_by_role("button", name="Send").click()
    dana.no_dialog()
    thread = dana.message(said).locator("xpath=following-sibling::*[1]")
    expect(
        thread.get_by_role("article").filter(has_text=f"reset it together ({lang})")
    ).to_be_visible()


def test_check_wording_from_a_messages_menu_gives_a_private_tip(page: Page) -> None:
    dana = Person(page)
    draft = "Calm down, nobody knows yet."
    dana.post(draft)
    expect(dana.private(draft)).to_be_visible()

    dana.menu(dana.message(draft), "Check wording")

    expect(dana.private(draft)).to_have_count(2)


def _keystrokes(sandbox: Sandbox) -> int:
    return sum(
        1 for e in sandbox.workspace.log if e.title.startswith("block_actions · compose_input")
    )
