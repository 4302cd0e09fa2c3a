"""Screenshots of the sandbox's main surfaces for the README: `make screenshots`.

Starts a sandbox of its own, does what a new user would (posts drafts in three languages, opens
the compose box, App Home as the lead, the dashboard) in headless Chromium, and writes PNGs to
docs/sandbox/. Every wait is bounded; nothing is fetched from anywhere but the sandbox.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from playwright.sync_api import Page, expect, sync_playwright

from bot.sandbox.start import Sandbox
from tests.sandbox.conftest import CHROMIUM, FLAGS, WAIT_MS
from tests.sandbox.person import LEAD, Person

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "docs" / "sandbox"
SIZE = {"width": 1280, "height": 800}


def shoot(page: Page, name: str, *, whole: bool = False) -> None:
    page.wait_for_timeout(300)  # let the caret and the last redraw settle
    page.screenshot(path=str(OUT / f"{name}.png"), full_page=whole)
    print(f"docs/sandbox/{name}.png")


def tour(page: Page) -> None:
    dana = Person(page)
    dana.post("Honestly I don't know, we'll get back to you soon.")
    expect(dana.private("we'll get back to you").first).to_be_visible()
    shoot(page, "tip")

    dana.post("Я не знаю, вибачте. Чекайте.")
    dana.post("אין לי מושג, תירגע.")
    expect(dana.private("תירגע").first).to_be_visible()
    page.get_by_role("log").evaluate("e => e.scrollTop = e.scrollHeight")
    shoot(page, "tips-uk-he")

    dana.menu(dana.message("My card reader won't turn on"), "Reply with phrasebot")
    modal = dana.dialog("Reply with phrasebot")
    reply = modal.get_by_role("textbox", name="Your reply")
    reply.press_sequentially("Sorry, I don't know why. We'll fix it soon.", delay=15)
    expect(modal.get_by_text("2 things to reword")).to_be_visible()
    shoot(page, "compose")
    modal.get_by_role("button", name="Close").click()

    dana.post("/fixes card reader won't turn on")
    expect(dana.private("Known fixes").first).to_be_visible()
    page.get_by_role("button", name="Requests").click()
    command = page.get_by_role("complementary", name="Requests").locator("details")
    command = command.filter(has_text="command /fixes").last
    command.locator("summary").click()
    command.evaluate("e => e.scrollIntoView({block: 'start'})")
    shoot(page, "fixes-and-requests")
    page.get_by_role("button", name="Requests").click()

    lev = Person(page).be(LEAD)
    home = lev.open_app("Home")
    expect(home.get_by_role("heading", name="For team leads")).to_be_visible()
    shoot(page, "home-lead")
    home.get_by_role("button", name="Add a phrase").click()
    form = lev.dialog("Add a phrase")
    form.get_by_role("combobox", name="Rule").select_option("dont-know")
    form.get_by_role("textbox", name="Phrase").fill("search me")
    shoot(page, "lead-add-phrase")
    form.get_by_role("button", name="Add").click()
    lev.no_dialog()
    page.get_by_role("tab", name="Messages").click()
    expect(lev.log().get_by_text("It is live now.")).to_be_visible(timeout=20_000)

    Person(page).be("Dana (agent)")
    dana.open_channel("support")
    feedback = [("we'll get back to you", "Helpful"), ("вибачте", "False alarm")]
    feedback.append(("תירגע", "Mute these rules for me"))
    for words, button in feedback:
        dana.private(words).first.get_by_role("button", name=button).click()
    expect(dana.private("you will not get tips for it any more")).to_be_visible()
    page.get_by_role("link", name="Lead dashboard").click()
    expect(page.get_by_role("heading", name="Lead dashboard")).to_be_visible()
    shoot(page, "dashboard", whole=True)


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        sandbox = Sandbox.start(scratch=Path(scratch) / "sandbox")
        try:
            with sync_playwright() as driver:
                expect.set_options(timeout=WAIT_MS)
                browser = driver.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
                page = browser.new_page(viewport=SIZE, locale="en-US")
                page.set_default_timeout(WAIT_MS)
                page.goto(sandbox.url)
                tour(page)
                browser.close()
        finally:
            sandbox.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
