"""App Home for an agent and for a lead; a lead's edit goes live in the sandbox's own copy; the
DM with phrasebot; mute and unmute."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from bot.sandbox.start import Sandbox
from tests.sandbox.person import LEAD, Person

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]


def test_app_home_shows_an_agent_their_week_and_no_lead_tools(page: Page) -> None:
    dana = Person(page)

    home = dana.open_app("Home")

    expect(home.get_by_role("heading", name="Your week")).to_be_visible()
    expect(home.get_by_role("heading", name="The phrasebook")).to_be_visible()
    expect(home.get_by_role("button", name="Add a phrase")).to_have_count(0)


EDITS = [
    ("en", "search me", "Search me, the portal is down."),
    ("uk", "не розбираюся", "Не розбираюся в цих налаштуваннях, вибачте."),
    ("he", "לא בקיא", "אני לא בקיא בהגדרות האלה, סליחה."),
]


@pytest.mark.parametrize(("lang", "phrase", "draft"), EDITS, ids=[e[0] for e in EDITS])
def test_a_lead_adds_a_phrase_and_the_next_message_is_flagged_by_it(
    page: Page, sandbox: Sandbox, lang: str, phrase: str, draft: str
) -> None:
    lev = Person(page).be(LEAD)
    home = lev.open_app("Home")
    expect(home.get_by_role("heading", name="For team leads")).to_be_visible()

    home.get_by_role("button", name="Add a phrase").click()
    form = lev.dialog("Add a phrase")
    form.get_by_role("combobox", name="Rule").select_option("dont-know")
    expect(form.get_by_role("combobox", name="Language")).to_have_value("en")
    form.get_by_role("combobox", name="Language").select_option(lang)
    form.get_by_role("textbox", name="Phrase").fill(phrase)
    form.get_by_role("button", name="Add").click()
    lev.no_dialog()

    lev.page.get_by_role("tab", name="Messages").click()
    done = lev.log().get_by_role("article").filter(has_text="It is live now.")
    expect(done.filter(has_text=phrase)).to_be_visible(timeout=20_000)
    lev.open_channel("support")
    lev.post(draft)
    tip = lev.private(draft[:20])
    expect(tip.get_by_text("dont-know", exact=True)).to_be_visible()
    copy = sandbox.scratch.folder / "phrasebook" / "dont-know.yaml"
    assert phrase in copy.read_text(encoding="utf-8")
    assert phrase not in (ROOT / "phrasebook" / "dont-know.yaml").read_text(encoding="utf-8")


def test_a_refused_edit_shows_why_under_the_field(page: Page) -> None:
    lev = Person(page).be(LEAD)
    home = lev.open_app("Home")

    home.get_by_role("button", name="Add a phrase").click()
    form = lev.dialog("Add a phrase")
    form.get_by_role("combobox", name="Rule").select_option("dont-know")
    form.get_by_role("textbox", name="Phrase").fill("I don't know")
    form.get_by_role("button", name="Add").click()

    expect(form.get_by_role("alert")).to_contain_text("already")
    form.get_by_role("button", name="Cancel").click()
    lev.no_dialog()


def test_the_lead_opens_a_form_from_phrasebook_in_the_composer(page: Page) -> None:
    lev = Person(page).be(LEAD)

    lev.post("/phrasebook toggle")

    form = lev.dialog("Turn a rule on or off")
    expect(form.get_by_role("radiogroup", name="Turn it")).to_be_visible()
    form.get_by_role("button", name="Close").click()
    lev.no_dialog()


def test_the_dm_with_phrasebot_checks_a_draft_sent_to_it(page: Page) -> None:
    dana = Person(page)
    panel = dana.open_app("Messages")

    dana.post("Не знаю, коли це буде.", where="phrasebot")

    answer = panel.get_by_role("article").filter(has_text="phrasebot tip")
    expect(answer.filter(has_text="Не знаю").first).to_be_visible()
    expect(answer.first.get_by_text("Only visible to you")).to_have_count(0)  # a DM, not private


def test_mute_a_rule_then_unmute_it_from_app_home(page: Page) -> None:
    dana = Person(page)
    draft = "Please calm down, it happens."
    dana.post(draft)
    tip = dana.private(draft)

    tip.get_by_role("button", name="Mute this rule for me").click()
    expect(dana.private("you will not get tips for it any more")).to_be_visible()

    home = dana.open_app("Home")
    unmute = home.get_by_role("button", name="Unmute")
    expect(unmute).to_have_count(1)
    unmute.click()
    expect(home.get_by_role("button", name="Unmute")).to_have_count(0)


def test_an_agent_shares_a_flagged_sentence_and_the_lead_files_it_as_harmless(
    page: Page, sandbox: Sandbox
) -> None:
    dana = Person(page)
    draft = "The shuttle timetable is a mystery to me."
    dana.post(draft)
    tip = dana.private(draft)
    expect(tip.get_by_text("Sounds like:")).to_be_visible()

    tip.get_by_role("button", name="False alarm").click()
    offer = dana.private("Was this sentence harmless?")
    offer.get_by_role(
        "button", name="Share this sentence with the team leads as a harmless example"
    ).click()
    expect(dana.private("Shared with 1 team lead.")).to_be_visible()
    expect(dana.private("Was this sentence harmless?")).to_have_count(0)

    lev = dana.be(LEAD)
    panel = lev.open_app("Messages")
    shared = panel.get_by_role("article").filter(has_text="shares this sentence")
    expect(shared.get_by_text(draft)).to_be_visible()
    shared.get_by_role("button", name="Add to dont-know as harmless").click()
    expect(
        panel.get_by_role("article").filter(has_text="Added to dont-know as harmless")
    ).to_be_visible(timeout=20_000)

    lev.open_channel("support")
    before = len(sandbox.api.calls("chat.postEphemeral"))
    lev.post(draft)  # the same sentence, now filed as harmless: no tip
    expect(lev.message(draft).last).to_be_visible()
    assert sandbox.runtime.deliver.wait_idle(timeout=10)
    assert len(sandbox.api.calls("chat.postEphemeral")) == before
    copy = sandbox.scratch.folder / "phrasebook" / "meaning" / "dont-know.yaml"
    assert f"- {draft}" in copy.read_text(encoding="utf-8")
    assert draft not in (ROOT / "phrasebook" / "meaning" / "dont-know.yaml").read_text(
        encoding="utf-8"
    )


def test_a_lead_teaches_a_rule_a_sentence_from_app_home(page: Page, sandbox: Sandbox) -> None:
    draft = "You plainly got the dates wrong."
    lev = Person(page).be(LEAD)
    lev.post(draft)
    expect(lev.private(draft).get_by_text("Sounds like:")).to_be_visible()
    home = lev.open_app("Home")

    home.get_by_role("button", name="Teach a rule a sentence").click()
    form = lev.dialog("Teach a rule a sentence")
    form.get_by_role("combobox", name="Rule").select_option("youre-wrong")
    form.get_by_role("textbox", name="Sentence").fill(draft)
    form.get_by_role("radio", name="Good: it is harmless, though it sounds close").check()
    form.get_by_role("button", name="Add").click()
    lev.no_dialog()

    lev.page.get_by_role("tab", name="Messages").click()
    done = lev.log().get_by_role("article").filter(has_text="is now a good sample of youre-wrong")
    expect(done).to_be_visible(timeout=20_000)
    copy = sandbox.scratch.folder / "phrasebook" / "meaning" / "youre-wrong.yaml"
    assert f"- {draft}" in copy.read_text(encoding="utf-8")
    lev.open_channel("support")
    before = len(sandbox.api.calls("chat.postEphemeral"))
    lev.post(draft)
    expect(lev.message(draft).last).to_be_visible()
    assert sandbox.runtime.deliver.wait_idle(timeout=10)
    assert len(sandbox.api.calls("chat.postEphemeral")) == before
