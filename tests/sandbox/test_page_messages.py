"""In a channel, as an agent: a private tip after posting, its buttons, slash commands."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from bot.sandbox.start import Sandbox
from tests.sandbox.person import Person

pytestmark = pytest.mark.browser

# A draft in each language, the words the tip quotes in bold, and the rule.
DRAFTS = [
    ("en", "Honestly, I don't know, sorry.", "I don't know", "dont-know"),
    ("uk", "Чесно кажучи, я не знаю, вибачте.", "я не знаю", "dont-know"),
    ("he", "אין לי מושג, מצטער.", "אין לי מושג", "dont-know"),
]


@pytest.mark.parametrize(("lang", "draft", "flagged", "rule"), DRAFTS, ids=[d[0] for d in DRAFTS])
def test_posting_a_flagged_message_gives_its_author_a_private_tip(
    page: Page, lang: str, draft: str, flagged: str, rule: str
) -> None:
    dana = Person(page)

    dana.post(draft)

    expect(dana.message(draft)).to_be_visible()
    tip = dana.private(draft)
    expect(tip).to_be_visible()
    expect(tip.get_by_role("heading", name="phrasebot tip")).to_be_visible()
    expect(tip.locator("strong", has_text=flagged).first).to_be_visible()
    expect(tip.get_by_text(rule, exact=True)).to_be_visible()
    for name in ("Helpful", "False alarm", "Mute this rule for me", "Show known fixes"):
        expect(tip.get_by_role("button", name=name)).to_be_visible()


def test_a_hebrew_draft_reads_right_to_left_and_the_english_around_it_left_to_right(
    page: Page,
) -> None:
    dana = Person(page)
    draft = "אני לא יודע, נחזור אליך בקרוב."

    dana.post(draft)

    said = dana.message(draft).locator(".mrkdwn .line")
    expect(said).to_have_count(1)
    assert said.evaluate("e => e.matches(':dir(rtl)')")
    tip = dana.private(draft)
    quote = tip.locator("blockquote .line").first
    expect(quote).to_contain_text("יודע")
    assert quote.evaluate("e => e.matches(':dir(rtl)')")
    why = tip.get_by_text("Why:").first
    assert why.evaluate("e => e.closest('.line').matches(':dir(ltr)')")


def test_the_tip_buttons_answer_privately(page: Page) -> None:
    dana = Person(page)
    draft = "We'll sort it out soon, I promise."
    dana.post(draft)
    tip = dana.private(draft)

    tip.get_by_role("button", name="Helpful").click()
    expect(dana.private("Thanks! Glad it helped.")).to_be_visible()

    tip.get_by_role("button", name="Show known fixes").click()
    fixes = dana.private("Known fixes")
    expect(fixes.first).to_be_visible()


def test_a_clean_message_gets_no_tip(page: Page, sandbox: Sandbox) -> None:
    dana = Person(page)
    draft = "Thanks for waiting: the refund reached your card this morning."

    before = len(sandbox.api.calls("chat.postEphemeral"))

    dana.post(draft)

    expect(dana.message(draft)).to_be_visible()
    assert sandbox.runtime.deliver.wait_idle(timeout=10)
    assert len(sandbox.api.calls("chat.postEphemeral")) == before
    expect(dana.private(draft)).to_have_count(0)
