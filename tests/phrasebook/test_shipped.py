"""The shipped phrasebook: the required rules, in the required languages, with passing examples."""

import re

import pytest

from bot.config import settings_for
from bot.model import LANGUAGES, Phrasebook
from bot.phrasebook.verify import build
from tests.conftest import ROOT, SHARED

REQUIRED = [
    "dont-know",
    "dont-care",
    "not-my-problem",
    "hostile",
    "know-it-all",
    "dont-come-back",
    "youre-wrong",
    "hurry-up",
    "calm-down",
    "over-promise",
    "vague-timeline",
    "flat-no",
    "policy-wall",
    "legal-threat",
]


@pytest.fixture(scope="module")
def book() -> Phrasebook:
    settings, problems = settings_for(ROOT / "rules.yaml")
    engine, more = build(settings)
    assert engine is not None
    assert problems + more == [], "\n".join(map(str, problems + more))  # every example passes too
    return engine.phrasebook


def test_the_shipped_phrasebook_has_every_required_rule(book: Phrasebook) -> None:
    assert set(REQUIRED) - {r.id for r in book.rules} == set()


def test_the_required_rules_are_listed_once_each() -> None:
    assert len(REQUIRED) == len(set(REQUIRED))


def test_the_required_rules_agree_with_the_shared_catalogue() -> None:
    """REQUIRED is the source; the shared catalogue, when this checkout has one beside it,
    must name the same rules."""
    catalogue = SHARED / "eval" / "RULES.md"
    if not catalogue.exists():
        pytest.skip(f"no {catalogue} beside this checkout")
    listed = re.findall(r"^\| ([a-z-]+) \|", catalogue.read_text(encoding="utf-8"), re.M)
    assert set(listed) - {"id"} == set(REQUIRED)


@pytest.mark.parametrize("rule_id", REQUIRED)
def test_each_rule_speaks_every_language(book: Phrasebook, rule_id: str) -> None:
    rule = book.rule(rule_id)
    assert {p.lang for p in rule.phrases} == set(LANGUAGES)
    assert set(rule.better_wording) == set(rule.replace_with) == set(LANGUAGES)
    assert {e.lang for e in rule.examples if e.bad} >= {"en", "uk", "he"}
    assert {e.lang for e in rule.examples if not e.bad} >= {"en", "uk", "he"}
    assert rule.why and rule.message and rule.link and rule.owner and rule.reviewed


@pytest.mark.parametrize("rule_id", REQUIRED)
def test_each_rule_pins_a_rewrite_in_every_language(book: Phrasebook, rule_id: str) -> None:
    """Lint runs the pairs (a pair that comes out differently keeps the phrasebook from going
    live); here, each rule must have one per language to run."""
    rule = book.rule(rule_id)
    assert {spec.lang for spec in rule.rewrites} == set(LANGUAGES)
    assert all(spec.text != spec.to for spec in rule.rewrites)
