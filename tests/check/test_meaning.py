"""The meaning tier: sentences that mean what a rule forbids, in words no phrase lists.

The small tests use a stand-in encoder (a vector per word), so what they pin is the tier's own
logic: the neighbours, the classifier, the nearest-sample rule, the veto, the budget. The tests
at the end run the real encoder over the shipped bank.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np
import pytest

from bot.check.meaning import MAX_UNITS, Meaning, Tuning
from bot.coach import Coach
from bot.embed import encoder
from bot.embed.cache import VectorCache
from bot.model import Sample

WORDS = ["idea", "clue", "know", "court", "sue", "lawyer", "thanks", "order", "ship", "ball"]


def bag(texts: Sequence[str]) -> np.ndarray:
    """A stand-in encoder: which of a few words a text holds, normalised."""
    out = np.zeros((len(texts), encoder.DIM), dtype=np.float32)
    for i, text in enumerate(texts):
        for j, word in enumerate(WORDS):
            out[i, j] = text.lower().count(word)
        out[i, 100 + len(text.split()) % 7] = 0.3  # a little of everything else
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.where(norms == 0, 1, norms)


def samples() -> list[Sample]:
    bad = {
        "dont-know": ["no idea", "not a clue", "no clue at all", "who would know", "idea none"],
        "legal-threat": ["we will sue", "see you in court", "our lawyer", "court case", "sue you"],
    }
    good = ["thanks for the order", "the order will ship", "thanks, it ships", "order shipped"]
    out = [Sample(rule, t, "en", True) for rule, texts in bad.items() for t in texts]
    out += [Sample("dont-know", t, "en", False) for t in good]
    return out


def tier(**tuning: object) -> Meaning:
    return Meaning(
        samples(),
        ["dont-know", "legal-threat", "calm-down"],
        VectorCache(),
        replace(Tuning(), **tuning),  # type: ignore[arg-type]
        embed=bag,
    )


def flagged(meaning: Meaning, text: str) -> list[str]:
    [verdicts] = meaning.judge([text])
    return [v.rule for v in verdicts if meaning.flags(text, v)]


def test_a_sentence_near_a_rules_bad_samples_is_flagged_for_that_rule_only() -> None:
    meaning = tier()
    assert flagged(meaning, "honestly no idea, not a clue") == ["dont-know"]
    assert flagged(meaning, "our lawyer will see you in court") == ["legal-threat"]


def test_a_sentence_near_the_good_samples_is_not_flagged() -> None:
    assert flagged(tier(), "thanks, your order will ship today") == []


def test_a_rule_without_bad_samples_is_not_judged() -> None:
    assert tier().rules == ["dont-know", "legal-threat"]


def test_the_verdict_names_the_nearest_bad_sample() -> None:
    [verdicts] = tier().judge(["see you in court, we will sue"])
    legal = next(v for v in verdicts if v.rule == "legal-threat")
    assert legal.like in ("see you in court", "we will sue")


def test_a_good_sample_nearer_than_any_bad_one_wins() -> None:
    text = "no clue thanks for the order"
    before = tier()
    extra = [*samples(), Sample("dont-know", text, "en", False)]
    after = Meaning(extra, before.rules, VectorCache(), Tuning(), embed=bag)

    assert flagged(after, text) == []  # a lead filed it as good: it stops firing at once


def test_short_sentences_need_a_wider_margin() -> None:
    meaning = tier(margin=-1.0, short_margin=10.0, ridge_margin=None, nearest=False)
    assert flagged(meaning, "no idea") == []  # two words: short
    assert flagged(meaning, "no idea at all, none") != []


def test_the_veto_needs_both_the_neighbours_and_the_classifier() -> None:
    meaning = tier(veto=-0.01, veto_harmless=0.3)
    [verdicts] = meaning.judge(["thanks for the order, it will ship"])
    assert meaning.vetoes(next(v for v in verdicts if v.rule == "dont-know"))
    [verdicts] = meaning.judge(["no idea where the order is"])
    assert not meaning.vetoes(next(v for v in verdicts if v.rule == "dont-know"))
    assert not tier(veto=None).vetoes(next(v for v in verdicts if v.rule == "dont-know"))


def test_draft_sentences_are_embedded_once_and_kept_in_memory_only(tmp_path: object) -> None:
    seen: list[str] = []

    def counting(texts: Sequence[str]) -> np.ndarray:
        seen.extend(texts)
        return bag(texts)

    cache = VectorCache()
    meaning = Meaning(samples(), ["dont-know"], cache, Tuning(), embed=counting)
    on_disk = len(cache)
    seen.clear()
    meaning.judge(["no idea where it is", "no idea where it is"])
    meaning.judge(["no idea where it is"])

    assert seen == ["no idea where it is"]
    assert len(cache) == on_disk  # a draft's sentence never reaches the vector file


def test_the_bank_is_embedded_once_across_builds() -> None:
    seen: list[str] = []

    def counting(texts: Sequence[str]) -> np.ndarray:
        seen.extend(texts)
        return bag(texts)

    cache = VectorCache()
    Meaning(samples(), ["dont-know"], cache, Tuning(), embed=counting)
    first = len(seen)
    Meaning(
        [*samples(), Sample("dont-know", "dunno mate", "en", True)],
        ["dont-know"],
        cache,
        Tuning(),
        embed=counting,
    )

    assert first == len({s.text for s in samples() if s.rule == "dont-know"})
    assert seen[first:] == ["dunno mate"]  # a lead's new sample is the only one embedded


# -- the shipped bank, the real encoder ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("I have zero idea why your parcel is stuck in Leeds.", "dont-know"),
        ("Take your business somewhere else if you're unhappy.", "dont-come-back"),
        ("Без малейшего понятия, где сейчас ваш заказ.", "dont-know"),
        ("Ні, так не можна, і крапка.", "flat-no"),
    ],
)
def test_the_shipped_tier_catches_wording_no_phrase_lists(
    meaning_coach: Coach, text: str, rule: str
) -> None:
    found = {f.rule: f for f in meaning_coach.check(text).findings}
    assert rule in found
    assert found[rule].how in ("phrase", "similar")


def test_a_similar_finding_says_so_and_names_the_sample(meaning_coach: Coach) -> None:
    report = meaning_coach.check(
        "Honestly, I haven't the faintest notion why the parcel went to Leeds."
    )
    [finding] = [f for f in report.findings if f.rule == "dont-know"]
    assert finding.how == "similar"
    assert finding.like
    assert finding.match == report.text  # the whole sentence
    assert report.rewrite == finding.better_wording  # a drop-in: it is the only finding there


def test_a_similar_finding_beside_a_phrase_rewrites_the_whole_sentence(
    meaning_coach: Coach,
) -> None:
    """The phrase's wording alone would leave the blame in place, to be flagged again."""
    report = meaning_coach.check(
        "As I already said, you ought to have checked the size chart before ordering."
    )
    hows = {f.rule: f.how for f in report.findings}
    assert hows == {"know-it-all": "phrase", "youre-wrong": "similar"}
    assert "size chart" not in report.rewrite
    assert meaning_coach.check(report.rewrite).findings == ()


@pytest.mark.parametrize(
    "text",
    [
        "Thanks for waiting: the refund reached your card this morning.",
        "No problem at all! I've updated the delivery address to 14 Elm Street.",
        'The customer wrote: "I have zero idea why it broke."',
        "The courier said he had no idea where the building was.",
    ],
)
def test_the_shipped_tier_leaves_harmless_drafts_alone(meaning_coach: Coach, text: str) -> None:
    assert meaning_coach.check(text).findings == ()


@pytest.mark.parametrize(
    ("text", "rules"),
    [
        (
            "Calm down, I already told you twice: refunds take 5 business days.",
            {"calm-down", "know-it-all"},
        ),
        ("לא יודע, תבדוק בעצמך באתר.", {"dont-know", "not-my-problem"}),
    ],
)
def test_no_veto_in_a_sentence_that_breaks_two_rules_in_words(
    meaning_coach: Coach, text: str, rules: set[str]
) -> None:
    assert {f.rule for f in meaning_coach.check(text).findings} >= rules


def test_a_rule_with_veto_false_keeps_its_phrase_findings(meaning_coach: Coach) -> None:
    text = "Per my last message, the reset link expires after 15 minutes."
    review = meaning_coach.engine._review
    assert review is not None and "know-it-all" in review._never_vetoed  # veto: false in its file
    assert [f.rule for f in meaning_coach.check(text).findings] == ["know-it-all"]
    review._never_vetoed = set()  # as if the file did not say so: the sentence reads as harmless
    try:
        assert meaning_coach.check(text).findings == ()
    finally:
        review._never_vetoed = {"know-it-all"}


def test_phrases_only_leaves_the_tier_out(coach: Coach, meaning_coach: Coach) -> None:
    text = "Honestly, I haven't the faintest notion why the parcel went to Leeds."
    assert [f.rule for f in meaning_coach.check(text).findings] == ["dont-know"]
    assert coach.check(text).findings == ()


def test_a_long_draft_judges_at_most_the_budget_of_sentences(meaning_coach: Coach) -> None:
    review = meaning_coach.engine._review
    assert review is not None
    asked: list[int] = []
    real = review.meaning.judge

    def spy(units: Sequence[str]) -> object:
        asked.append(len(units))
        return real(units)

    review.meaning.judge = spy  # type: ignore[method-assign]
    try:
        meaning_coach.check("Thanks for your order number 12. " * 100)
    finally:
        review.meaning.judge = real  # type: ignore[method-assign]
    assert asked == [MAX_UNITS]
