"""Two people on one workspace: what each sees, the lead dashboard, editing a message."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from bot.cli import render
from bot.sandbox.start import Sandbox
from tests.sandbox.person import AGENT, LEAD, Person

pytestmark = pytest.mark.browser


def test_a_private_tip_is_seen_by_its_author_only(page: Page) -> None:
    dana = Person(page)
    draft = "Nobody knows why the terminal froze."
    dana.post(draft)
    expect(dana.private(draft)).to_be_visible()

    lev = Person(page).be(LEAD)
    expect(lev.message(draft)).to_be_visible()
    expect(lev.private(draft)).to_have_count(0)

    Person(page).be(AGENT)
    expect(dana.private(draft)).to_be_visible()


def test_a_dm_from_phrasebot_shows_as_new_until_it_is_read(page: Page, sandbox: Sandbox) -> None:
    dana = Person(page)
    expect(dana.composer()).to_be_visible()

    sandbox.api.workspace.post("D0001", "A note from phrasebot")

    app = page.get_by_role("button", name="phrasebot", exact=True)
    expect(app).to_have_accessible_description("1 new")
    dana.open_app("Messages")
    expect(page.get_by_role("tabpanel").get_by_text("A note from phrasebot")).to_be_visible()
    expect(app).to_have_accessible_description("")


def test_editing_a_message_sends_the_edit_and_tips_what_is_new(page: Page) -> None:
    dana = Person(page)
    dana.post("Your refund is on the way to your card.")
    said = dana.message("Your refund is on the way")

    dana.menu(said, "Edit message")
    box = dana.composer()
    expect(box).to_have_value("Your refund is on the way to your card.")
    box.fill("Your refund is on the way, I guess, soon.")
    box.press("Enter")

    expect(dana.message("I guess, soon").get_by_text("(edited)")).to_be_visible()
    expect(dana.private("I guess, soon").get_by_text("vague-timeline", exact=True)).to_be_visible()


def test_the_lead_dashboard_draws_the_stores_figures(page: Page, sandbox: Sandbox) -> None:
    dana = Person(page)
    dana.post("Not my problem, ask billing instead.")
    expect(dana.private("ask billing instead")).to_be_visible()
    assert sandbox.runtime.deliver.wait_idle(timeout=10)

    page.get_by_role("link", name="Lead dashboard").click()

    expect(page.get_by_role("heading", name="Lead dashboard", level=1)).to_be_visible()
    for chart in ("Tips per rule per day", "Helpful and false alarms per rule", "Mutes per rule"):
        expect(page.get_by_role("img", name=chart)).to_be_visible()
    rows = sandbox.runtime.store.stats(since=None)
    report = render.stats(rows, days=7)
    expect(page.locator("pre")).to_have_text(report)
    page.get_by_role("link", name="Back to the sandbox").click()
    expect(dana.composer()).to_be_visible()
