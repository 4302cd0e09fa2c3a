"""kit: every builder's output keeps Block Kit's limits and fallback text; fitting, trimming, notices."""

from __future__ import annotations

from typing import Any

import pytest
from slack_sdk.errors import SlackObjectFormationError

from bot.model import Report, Settings
from bot.problems import Problem
from bot.slack.blocks import compose, fixes, kit, leads, tips
from tests.slack.blocks.conftest import (
    DRAFT,
    fix,
    hits,
    home_view,
    huge_report,
    limit_breaches,
    many_findings_report,
    rule,
    small_report,
)
from tests.slack.conftest import slack_accepts

# -- every message -------------------------------------------------------------------------------

MESSAGES = {
    "tip": lambda: tips.tip(small_report(), hits(2)),
    "clean": lambda: tips.clean(Report("Thanks!", "en", (), "Thanks!")),
    "fixes": lambda: fixes.fixes_list("refund", hits(2)),
    "no fixes": lambda: fixes.fixes_list("refund", ()),
    "shared": lambda: fixes.shared_fix(fix(), "U123"),
    "problems": lambda: leads.problems_message(
        [Problem("a.yaml", 3, "a", "bad")], intro="Refused."
    ),
    "notice": lambda: kit.notice("Done."),
    "200 findings": lambda: tips.tip(many_findings_report(), hits(5)),
    "40,000 characters": lambda: tips.tip(huge_report(), hits(3)),
    "long fix": lambda: fixes.shared_fix(fix(fix="step. " * 20_000), "U123"),
    "500 problems": lambda: leads.problems_message(
        [Problem("r.yaml", i, f"r{i}", "x" * 200, "fix it") for i in range(500)], intro="No."
    ),
    "many fixes": lambda: fixes.fixes_list("refund", hits(80)),
}


@pytest.mark.parametrize("build", MESSAGES.values(), ids=MESSAGES.keys())
def test_every_message_has_short_fallback_text(build: Any) -> None:
    text = build()["text"]
    assert text.strip() and len(text) <= 3000


@pytest.mark.parametrize("build", MESSAGES.values(), ids=MESSAGES.keys())
def test_every_message_keeps_block_kit_limits(build: Any) -> None:
    blocks = build()["blocks"]
    assert 0 < len(blocks) <= 50
    assert limit_breaches(blocks) == []


@pytest.mark.parametrize("build", MESSAGES.values(), ids=MESSAGES.keys())
def test_every_message_passes_slacks_sdk_models(build: Any) -> None:
    slack_accepts(build())


def test_slacks_sdk_models_catch_a_text_over_its_limit() -> None:
    with pytest.raises(SlackObjectFormationError, match="cannot exceed 3000 characters"):
        slack_accepts({"blocks": [{"type": "section", "text": kit.md("x" * 3001)}]})


def test_slacks_sdk_models_catch_a_key_they_do_not_know() -> None:
    with pytest.raises(AssertionError):
        slack_accepts({"blocks": [kit.optional(kit.section("x"), "finding", ["a"])]})


VIEWS = {
    "compose empty": lambda: compose.compose_modal(),
    "compose tip": lambda: compose.compose_modal(draft=DRAFT, report=small_report(), fixes=hits(3)),
    "compose huge": lambda: compose.compose_modal(
        draft=huge_report().text, report=huge_report(), context_fixes=hits(40)
    ),
    "compose 200 findings": lambda: compose.compose_modal(
        draft=many_findings_report().text, report=many_findings_report()
    ),
    "home agent": lambda: home_view(is_lead=False),
    "home 10,000 rules": lambda: home_view(is_lead=True, rules=10_000),
    "add phrase": lambda: leads.add_phrase_modal([rule("a"), rule("b")]),
    "add phrase 250 rules": lambda: leads.add_phrase_modal([rule(f"r{i}") for i in range(250)]),
    "add rule": lambda: leads.add_rule_modal(),
    "toggle": lambda: leads.toggle_rule_modal([rule("a" * 100)], Settings()),
}


@pytest.mark.parametrize("build", VIEWS.values(), ids=VIEWS.keys())
def test_every_view_passes_slacks_sdk_models(build: Any) -> None:
    slack_accepts(build())


@pytest.mark.parametrize("build", VIEWS.values(), ids=VIEWS.keys())
def test_every_view_keeps_block_kit_limits(build: Any) -> None:
    blocks = build()["blocks"]
    assert 0 < len(blocks) <= 100
    assert limit_breaches(blocks) == []


def test_notice_escapes_its_text() -> None:
    assert kit.notice("Added <b> & more") == {
        "text": "Added &lt;b&gt; &amp; more",
        "blocks": [
            {"type": "section", "text": {"type": "mrkdwn", "text": "Added &lt;b&gt; &amp; more"}}
        ],
    }


# -- _fit -----------------------------------------------------------------------------------------


def test_fit_drops_from_the_longest_list_and_notes_it_in_place() -> None:
    blocks = [kit.section("head")]
    blocks += [kit.optional(kit.section(f"f{i}"), "finding", [f"r{i}"]) for i in range(10)]
    blocks += [kit.optional(kit.section("x"), "fix", ["x"]), kit.section("tail")]
    fitted = kit.fit(blocks, 8)
    assert [x.get("text", {}).get("text") or x["elements"][0]["text"] for x in fitted] == [
        "head",
        "f0",
        "f1",
        "f2",
        "f3",
        "…and 6 more findings: r4, r5, r6, r7, r8, r9",
        "x",
        "tail",
    ]


def test_fit_trims_long_text_without_cutting_an_entity() -> None:
    text = kit.notice("&" * 1000)["blocks"][0]["text"]["text"]
    assert text == "&amp;" * 599 + "…"


def test_fit_closes_a_code_block_it_cuts() -> None:
    text = kit.fit([kit.section("```\n" + "x" * 5000 + "\n```")], 50)[0]["text"]["text"]
    assert len(text) == 3000 and text.endswith("x…\n```")
