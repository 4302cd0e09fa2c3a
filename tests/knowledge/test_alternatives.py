"""Known fixes offered with a checked draft whose rule asks for an alternative."""

from collections.abc import Iterator

import pytest

from bot.coach import Coach
from bot.knowledge.alternatives import fixes_for as alternatives
from bot.knowledge.search import KnowledgeBase
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def shipped() -> Iterator[KnowledgeBase]:
    kb = KnowledgeBase(ROOT / "knowledge", ":memory:")
    yield kb
    kb.close()


@pytest.mark.parametrize(
    ("draft", "context", "expected"),
    [
        (
            "Sorry, that is not possible.",
            "My card reader battery dies by lunchtime",
            "reader-battery-drains",
        ),
        (
            "I don't know why that happens.",
            "The receipt printer prints blank receipts",
            "printer-not-printing",
        ),
        (
            "Sorry, that is not possible.",
            "My payout still hasn't arrived in the bank",
            "payout-late",
        ),
    ],
)
def test_a_draft_flagged_for_alternatives_gets_fixes_for_its_context(
    shipped: KnowledgeBase, coach: Coach, draft: str, context: str, expected: str
) -> None:
    report = coach.check(draft)
    assert any(f.alternatives for f in report.findings)
    assert alternatives(shipped, report, context)[0].fix.id == expected


def test_alternatives_are_at_most_the_limit(shipped: KnowledgeBase, coach: Coach) -> None:
    report = coach.check("I don't know why that happens.")
    context = "The receipt printer prints blank receipts"
    assert len(alternatives(shipped, report, context, limit=1)) == 1


def test_without_context_the_draft_itself_is_searched(shipped: KnowledgeBase, coach: Coach) -> None:
    report = coach.check("Sorry, a refund to the card is not possible.")
    assert alternatives(shipped, report)[0].fix.id == "issue-refund"


def test_a_draft_flagged_only_by_a_rule_without_alternatives_gets_none(
    shipped: KnowledgeBase, coach: Coach
) -> None:
    report = coach.check("We will fix it soon.")
    assert [f.rule for f in report.findings] == ["vague-timeline"]
    assert alternatives(shipped, report, "The receipt printer prints blank receipts") == []


def test_a_clean_draft_gets_no_alternatives(shipped: KnowledgeBase, coach: Coach) -> None:
    report = coach.check("Thanks, the refund is on its way.")
    assert report.clean
    assert alternatives(shipped, report, "refund not arrived") == []


@pytest.mark.parametrize("draft", ["That is not our problem.", "I don't know why that happens."])
def test_a_draft_with_no_topic_of_its_own_gets_no_alternatives(
    shipped: KnowledgeBase, coach: Coach, draft: str
) -> None:
    report = coach.check(draft)
    assert any(f.alternatives for f in report.findings)
    assert alternatives(shipped, report) == []


def test_the_draft_is_searched_by_its_prose_not_its_markup(
    shipped: KnowledgeBase, coach: Coach
) -> None:
    """A link's address or a code span names no topic of the agent's; the prose does."""
    plain = coach.check("Sorry, a refund to the card is not possible.")
    marked = coach.check(
        "Sorry, a *refund* to the card is not possible. See <https://x.example/payout-late|this>"
        " and `payout late printer`."
    )
    assert plain.tokens is not None and marked.tokens is not None
    assert [h.fix.id for h in alternatives(shipped, marked)] == [
        h.fix.id for h in alternatives(shipped, plain)
    ]
