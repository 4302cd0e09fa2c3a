"""Misspelt phrase words match; real words and short ones are taken as written."""

from __future__ import annotations

import pytest

from bot.check.typos import Typos, _one_edit
from bot.coach import Coach


@pytest.mark.parametrize(
    ("a", "b", "one"),
    [
        ("garantee", "guarantee", True),  # a letter dropped
        ("guaranntee", "guarantee", True),  # one added
        ("guarentee", "guarantee", True),  # one changed
        ("guaratnee", "guarantee", True),  # two neighbours swapped
        ("guarantee", "guarantee", False),  # the same word is not a typo
        ("garentee", "guarantee", False),  # two edits
        ("gauratnee", "guarantee", False),  # two swaps
    ],
)
def test_one_edit(a: str, b: str, one: bool) -> None:
    assert _one_edit(a, b) is one
    assert _one_edit(b, a) is one


def test_a_misspelling_gets_the_keys_of_the_phrase_word_it_was_meant_to_be() -> None:
    typos = Typos([("guaranteed", "en"), ("гарантую", "uk")])

    assert typos.extra("guaranted", "en") == ("=guaranteed", "guarantee")
    assert typos.extra("гаратную", "uk")[0] == "=гарантую"


@pytest.mark.parametrize(
    ("word", "lang"),
    [
        ("guaranteed", "en"),  # the phrase word itself: its own keys do
        ("relay", "en"),  # a real word one edit from "relax"
        ("calms", "en"),  # a real word
        ("знати", "uk"),  # a real word one edit from "знаю"-like phrase words
        ("kno", "en"),  # too short to guess at
        ("סליחה", "he"),  # no Hebrew dictionary here: taken as written
    ],
)
def test_real_words_short_ones_and_unknown_scripts_are_taken_as_written(
    word: str, lang: str
) -> None:
    typos = Typos([("guaranteed", "en"), ("relax", "en"), ("calm", "en"), ("знаю", "uk")])

    assert typos.extra(word, lang) == ()


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("We garantee it arrives tomorrow.", "over-promise"),
        ("That's not my problm.", "not-my-problem"),
        ("It's company polcy.", "policy-wall"),
        ("Take your buisness elsewhere.", "dont-come-back"),
    ],
)
def test_the_shipped_phrasebook_catches_misspelt_phrases(
    coach: Coach, text: str, rule: str
) -> None:
    assert rule in {f.rule for f in coach.check(text).findings}


def test_a_real_word_near_a_phrase_word_is_not_flagged(coach: Coach) -> None:
    assert coach.check("Please relay the message to the courier.").findings == ()
