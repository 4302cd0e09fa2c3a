"""The shipped phrasebook: the required rules, in the required languages, with passing examples."""

import re

import pytest

from bot.config import settings_for
from bot.model import LANGUAGES, Phrasebook
from bot.phrasebook.verify import build
from tests.conftest import ROOT

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


def test_required_rules_match_the_catalogue(book: Phrasebook) -> None:
    catalogue = ROOT.parent / "shared" / "eval" / "RULES.md"
    if catalogue.exists():
        assert set(re.findall(r"^\| ([a-z-]+) \|", catalogue.read_text(encoding="utf-8"), re.M)) - {
            "id"
        } == set(REQUIRED)
    assert set(REQUIRED) <= {r.id for r in book.rules}


@pytest.mark.parametrize("rule_id", REQUIRED)
def test_each_rule_speaks_every_language(book: Phrasebook, rule_id: str) -> None:
    rule = book.rule(rule_id)
    assert {p.lang for p in rule.phrases} == set(LANGUAGES)
    assert set(rule.better_wording) == set(rule.replace_with) == set(LANGUAGES)
    assert {e.lang for e in rule.examples if e.bad} >= {"en", "uk", "he"}
    assert {e.lang for e in rule.examples if not e.bad} >= {"en", "uk", "he"}
    assert rule.why and rule.message and rule.link and rule.owner and rule.reviewed
