"""Known fixes: the list with Share buttons, and a fix shared in a channel."""

from __future__ import annotations

from bot.model import Hit
from bot.slack import ids
from bot.slack.blocks import fixes
from tests.slack.blocks.conftest import fix, hits


def test_fixes_list_offers_to_share_each_fix_by_id() -> None:
    accessories = [
        x["accessory"] for x in fixes.fixes_list("refund", hits(2))["blocks"] if "accessory" in x
    ]
    assert [(a["action_id"], a["value"]) for a in accessories] == [
        (ids.SHARE_FIX, "fix-1"),
        (ids.SHARE_FIX, "fix-2"),
    ]


def test_fixes_list_shows_steps_alternatives_and_links() -> None:
    f = fix(alternatives=("Offer store credit",), links=("https://wiki.example.com/refunds",))
    section = fixes.fixes_list("refund", [Hit(f, 0.8)])["blocks"][2]["text"]["text"]
    assert section == (
        "*Refund stuck 1*\nThe refund button spins forever\nOpen the order.\nPress Refund again (1)."
        "\n*If that is not possible:*\n• Offer store credit\n<https://wiki.example.com/refunds>"
    )


def test_fixes_list_says_why_each_fix_was_found_and_its_language() -> None:
    found = [
        Hit(fix(1), 0.9, ("refund", "<card>"), True),
        Hit(fix(2, lang="uk"), 0.7, (), True),
        Hit(fix(3), 0.6, ("refund",), False),
        Hit(fix(4), 1.0),  # shown by id: no reason to give
    ]
    lines = [
        b["text"]["text"].splitlines()[-1] for b in fixes.fixes_list("refund", found)["blocks"][2:]
    ]
    assert lines == [
        "_matched: refund, &lt;card&gt; + similar meaning · en_",
        "_matched: similar meaning · uk_",
        "_matched: refund · en_",
        "Press Refund again (4).",
    ]


def test_fixes_list_without_hits_suggests_what_to_do() -> None:
    message = fixes.fixes_list("<!here> refund", ())
    assert message["text"] == 'phrasebot: no known fix for "&lt;!here&gt; refund"'
    assert "ask a team lead" in message["blocks"][0]["text"]["text"]


def test_fixes_list_fallback_counts_the_fixes() -> None:
    assert fixes.fixes_list("refund", hits(2))["text"] == 'phrasebot: 2 known fixes for "refund"'


def test_fixes_list_keeps_lead_links_but_escapes_other_markup() -> None:
    f = fix(fix="See <https://wiki.example.com|the wiki>, not <!channel>.")
    section = fixes.fixes_list("refund", [Hit(f, 0.8)])["blocks"][2]["text"]["text"]
    assert "See <https://wiki.example.com|the wiki>, not &lt;!channel&gt;." in section


def test_shared_fix_says_who_shared_it() -> None:
    message = fixes.shared_fix(fix(), "U123")
    assert message["text"] == "<@U123> shared a known fix: Refund stuck 1"
    assert message["blocks"][0]["elements"][0]["text"] == "<@U123> shared a known fix"


def test_shared_fix_does_not_trust_a_user_id_that_is_not_one() -> None:
    assert fixes.shared_fix(fix(), "<!channel>")["text"].startswith("&lt;!channel&gt; shared")


def test_a_tip_summary_says_why_its_fix_was_found() -> None:
    assert fixes.hit_summary(Hit(fix(), 0.9, ("refund",), True)).splitlines() == [
        "*Refund stuck 1*",
        "The refund button spins forever",
        "Open the order.",
        "_matched: refund + similar meaning · en_",
    ]
    assert fixes.hit_summary(Hit(fix(), 1.0)) == fixes.fix_summary(fix())
