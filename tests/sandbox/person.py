"""A person on the sandbox page, found by what they see: roles, names, visible text.

Tests read like what someone does in Slack: `dana.post("I don't know, sorry.")`, then look
for the private tip that follows, the dialog that opens, the button to press.
"""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Locator, Page, expect

AGENT = "Dana (agent)"
LEAD = "Lev (lead)"


class Person:
    def __init__(self, page: Page) -> None:
        self.page = page

    # -- who and where ---------------------------------------------------------------------

    def be(self, who: str) -> Person:
        self.page.get_by_label("You are").select_option(label=who)
        expect(self.page.get_by_label("You are")).to_have_value("U0900" if who == LEAD else "U0001")
        return self

    def open_channel(self, name: str) -> None:
        self.page.get_by_role("button", name=f"#{name}", exact=True).click()
        expect(self.composer(f"#{name}")).to_be_visible()

    def open_app(self, tab: str) -> Locator:
        self.page.get_by_role("button", name="phrasebot", exact=True).click()
        self.page.get_by_role("tab", name=tab).click()
        expect(self.page.get_by_role("tab", name=tab)).to_have_attribute("aria-selected", "true")
        return self.page.get_by_role("tabpanel")

    # -- the conversation ----------------------------------------------------------------------

    def composer(self, where: str = "#support") -> Locator:
        return self.page.get_by_role("textbox", name=f"Message {where}")

    def log(self) -> Locator:
        return self.page.get_by_role("log")

    def post(self, text: str, where: str = "#support") -> None:
        box = self.composer(where)
        box.fill(text)
        box.press("Enter")
        expect(box).to_have_value("")

    def message(self, text: str) -> Locator:
        """The one message (article) holding `text`, private ones left out."""
        return (
            self.log()
            .get_by_role("article")
            .filter(has_text=text)
            .filter(has_not_text="Only visible to you")
        )

    def private(self, text: str) -> Locator:
        """The message only this person sees that holds `text` (a tip, an answer)."""
        return (
            self.log()
            .get_by_role("article")
            .filter(has_text="Only visible to you")
            .filter(has_text=text)
        )

    def menu(self, message: Locator, item: str) -> None:
        """Pick an item of a message's ⋯ menu."""
        message.hover()
        message.get_by_role("button", name="More actions").click()
        self.page.get_by_role("menuitem", name=item).click()

    # -- modals ------------------------------------------------------------------------------------

    def dialog(self, title: str) -> Locator:
        found = self.page.get_by_role("dialog", name=title)
        expect(found).to_be_visible()
        return found

    def no_dialog(self) -> None:
        expect(self.page.get_by_role("dialog")).to_have_count(0)


def texts(locator: Locator) -> list[str]:
    return [str(t) for t in locator.all_inner_texts()]


def attribute(locator: Locator, script: str) -> Any:
    return locator.evaluate(script)
