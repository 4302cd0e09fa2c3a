"""Slash commands typed in the composer, as Slack sends them: /check, /fixes, /draft, /phrasebook."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.sandbox.person import Person

pytestmark = pytest.mark.browser

CHECKED = [
    ("en", "/check I have no idea what happened.", "no idea"),
    ("uk", "/check Я не знаю, що сталося.", "Я не знаю"),
    ("he", "/check אין לי מושג מה קרה.", "אין לי מושג"),
]


@pytest.mark.parametrize(("lang", "typed", "flagged"), CHECKED, ids=[c[0] for c in CHECKED])
def test_check_answers_only_its_author(page: Page, lang: str, typed: str, flagged: str) -> None:
    dana = Person(page)

    dana.post(typed)

    answer = dana.private(flagged)
    expect(answer.get_by_role("heading", name="phrasebot tip")).to_be_visible()
    expect(answer.get_by_role("button", name="Helpful")).to_be_visible()
    expect(dana.message(typed)).to_have_count(0)  # a command is not a message


def test_check_without_a_draft_says_how_to_use_it(page: Page) -> None:
    dana = Person(page)

    dana.post("/check")

    expect(dana.private("Paste your draft after the command")).to_be_visible()


def test_the_composer_offers_the_commands_the_manifest_declares(page: Page) -> None:
    dana = Person(page)

    dana.composer().fill("/")

    offered = page.get_by_role("list", name="Slash commands")
    expect(offered.get_by_role("button")).to_have_count(4)
    offered.get_by_role("button", name="/fixes").click()
    expect(dana.composer()).to_have_value("/fixes ")


def test_an_unknown_command_is_refused_by_slack_not_sent(page: Page) -> None:
    dana = Person(page)

    dana.post("/weather tomorrow")

    expect(dana.private("/weather is not a valid command")).to_be_visible()


FIXES = [
    ("en", "receipt printer is not printing", "Receipt printer not printing"),
    ("uk", "термінал не друкує чеки", "Термінал не друкує чеки"),
    ("he", "עדכון תוכנה במכשיר נתקע", "עדכון תוכנה במכשיר הסליקה נתקע"),
]


@pytest.mark.parametrize(("lang", "query", "title"), FIXES, ids=[f[0] for f in FIXES])
def test_fixes_lists_known_fixes_and_share_posts_one_for_everyone(
    page: Page, lang: str, query: str, title: str
) -> None:
    dana = Person(page)

    dana.post(f"/fixes {query}")

    listed = dana.private("Known fixes").filter(has_text=query)
    expect(listed.get_by_role("heading", name="Known fixes")).to_be_visible()
    expect(listed.get_by_text(title).first).to_be_visible()
    listed.get_by_role("button", name="Share in channel").first.click()
    shared = dana.message("shared a known fix").filter(has_text=title)
    expect(shared).to_be_visible()
    expect(shared.locator(".mention").first).to_have_text("@Dana")


def test_an_agent_may_not_change_the_phrasebook(page: Page) -> None:
    dana = Person(page)

    dana.post("/phrasebook phrase")

    expect(dana.private("Only team leads can change the phrasebook")).to_be_visible()
    dana.no_dialog()
