"""Phrase families: one line a lead writes for many wordings, and what lint says when it is broken."""

from __future__ import annotations

import pytest

from bot.check.engine import Engine
from bot.check.family import FamilyError, expand
from bot.model import Level, Phrase, Phrasebook, Rule


def texts(phrase: str) -> list[str]:
    return [v.text for v in expand(phrase)]


def test_alternatives_multiply_out_in_the_order_written() -> None:
    assert texts("{we|I} {can't|won't be able to} help") == [
        "we can't help",
        "we won't be able to help",
        "I can't help",
        "I won't be able to help",
    ]


def test_optional_words_and_empty_choices() -> None:
    assert texts("I [really] don't care") == ["I really don't care", "I don't care"]
    assert texts("{truly|} sorry") == ["truly sorry", "sorry"]


def test_choices_nest() -> None:
    assert texts("{no {idea|clue}|dunno}") == ["no idea", "no clue", "dunno"]


def test_a_gap_splits_the_wording_and_says_how_far() -> None:
    [plain] = expand("take ... business elsewhere")
    [wide] = expand("take ...5 business elsewhere")

    assert (plain.runs, plain.gaps) == (("take", "business elsewhere"), (3,))
    assert wide.gaps == (5,)


def test_dots_that_end_a_phrase_are_punctuation() -> None:
    assert [v.runs for v in expand("whatever...")] == [("whatever...",)]


def test_a_tilde_asks_for_every_form_of_one_word() -> None:
    [variant] = expand("~apologise")
    assert (variant.runs, variant.lemma) == (("apologise",), True)


def test_a_plain_phrase_is_itself() -> None:
    [variant] = expand("I don't know")
    assert (variant.runs, variant.gaps, variant.lemma) == (("I don't know",), (), False)


@pytest.mark.parametrize(
    ("phrase", "message", "column"),
    [
        ("{we|I can't", "{ is never closed", 0),
        ("{we} can't", "{ } with one choice", 0),
        ("I [] care", "[ ] holds nothing", 2),
        ("I [really care", "[ is never closed", 2),
        ("a | b", 'unexpected "|"', 2),
        ("{a|b}] c", 'unexpected "]"', 5),
        ("take ...9 business", "a gap of 9 words is not allowed", 5),
        ("~no idea", "~ matches every form of a single word; this phrase has several", 0),
        ("no ~idea", "~ goes once, at the start of a one-word phrase", 3),
        ("{a|b} {c|d} {e|f} {g|h} {i|j} {k|l} {m|n} {o|p} {q|r} {s|t}", "over 1000 wordings", 0),
    ],
)
def test_broken_families_say_what_and_where(phrase: str, message: str, column: int) -> None:
    with pytest.raises(FamilyError) as err:
        expand(phrase)
    assert message in err.value.message
    assert err.value.column == column


def engine(*phrases: str, lang: str = "en") -> Engine:
    rule = Rule(
        id="flat-no",
        level=Level.WARNING,
        message="m",
        why="w",
        better_wording={lang: "Here is what we can do."},
        replace_with={lang: "here is what we can do"},
        phrases=tuple(Phrase(p, lang, line=3, column=7) for p in phrases),
        file="flat-no.yaml",
    )
    return Engine(Phrasebook((rule,)))


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("Sorry, we cannot change anything here.", "we cannot change anything"),
        ("I won't be able to do that.", "I won't be able to do that"),
        ("We can't do that, sorry.", "We can't do that"),
        ("We can do that.", None),
    ],
)
def test_the_engine_matches_every_wording_of_a_family(text: str, flagged: str | None) -> None:
    found = engine("{we|I} {can't|cannot|won't be able to} {do|change} {that|anything}").check(text)
    assert [f.match for f in found.findings] == ([flagged] if flagged else [])


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("Take your business elsewhere.", True),
        ("Feel free to take all of your business elsewhere.", True),  # 3 words between
        ("Take it from me: the business elsewhere is closed.", False),  # across a clause
        ("Take the box to the shop, then business elsewhere.", False),  # too far
    ],
)
def test_a_gap_stays_within_its_clause_and_its_bound(text: str, flagged: bool) -> None:
    assert bool(engine("take ... business elsewhere").check(text).findings) is flagged


def test_words_on_both_sides_of_a_gap_match_in_all_their_forms() -> None:
    assert engine("take ... business elsewhere").check("She took her business elsewhere.").findings


def test_a_tilde_word_matches_its_forms_and_a_plain_one_only_itself() -> None:
    assert engine("~refuse").check("We refused the return.").findings
    assert not engine("refuse").check("We refused the return.").findings


def test_a_broken_family_is_a_lint_problem_naming_the_phrase_and_spot() -> None:
    [problem] = engine("{we|I can't").problems
    assert problem.message == 'phrase "{we|I can\'t": { is never closed'
    assert (problem.file, problem.line, problem.column) == ("flat-no.yaml", 3, 7)
    assert problem.fix == "every { needs its }, every [ its ]; | goes inside { }"
