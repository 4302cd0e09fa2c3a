"""Quoted text is reported, not said: paired quotation marks, never apostrophes or acronyms."""

from __future__ import annotations

import pytest

from bot.check.quotes import inside, quoted_spans


def quotes(text: str) -> list[str]:
    return [text[a:b] for a, b in quoted_spans(text)]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ('The customer wrote: "I have no idea where it is".', ['"I have no idea where it is"']),
        ("He said 'you people are useless'; I apologised.", ["'you people are useless'"]),
        ("Клієнт каже, що має «no idea» де посилка", ["«no idea»"]),
        ("„Ich weiß nicht“ sagte er", ["„Ich weiß nicht“"]),
        ('Your subject, "I don\'t care anymore", worried me.', ['"I don\'t care anymore"']),
        ('*"calm down"* is rude', ['"calm down"']),
        ("I don't know.", []),  # an apostrophe inside a word
        ("The customers' orders and the shop's rules", []),  # possessives
        ('עו"ד שלנו יטפל בזה', []),  # a Hebrew acronym
        ('I said "no', []),  # never closed
        ('"one\ntwo"', []),  # quotes stay on one line
    ],
)
def test_quoted_spans(text: str, want: list[str]) -> None:
    assert quotes(text) == want


def test_inside_tells_which_offsets_are_quoted() -> None:
    text = 'a "b c" d'
    assert inside(quoted_spans(text), [0, 3, 5, 8]) == [False, True, True, False]
