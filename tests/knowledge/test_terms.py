"""Search terms: what a text is indexed and searched by."""

import pytest

from bot.knowledge.terms import search_terms


def flat(text: str) -> list[str]:
    return [forms[-1] for forms in search_terms(text)]


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("refund on Thursday in June", "refund"),
        ("Повернення коштів у четвер", "Повернення коштів"),
        ("возврат в пятницу, в декабре", "возврат"),
    ],
)
def test_dates_say_when_not_what(text: str, topic: str) -> None:
    assert search_terms(text) == search_terms(topic)


def test_greetings_and_stop_words_name_no_problem() -> None:
    assert search_terms("Hi, thanks, please: the card reader is dead") == search_terms(
        "card reader dead"
    )


def test_hyphenated_words_are_also_searched_joined() -> None:
    assert flat("Wi-Fi drops") == ["wi", "fi", "drop", "wifi"]


def test_latin_accents_fold_and_other_scripts_keep_theirs() -> None:
    assert flat("café") == ["cafe"]
    assert flat("їжак") == ["їжак"]


def test_lone_surrogates_do_not_stop_the_search() -> None:
    assert flat("refund \ud800 late") == ["refund", "late"]


def test_empty_and_blank_texts_have_no_terms() -> None:
    assert search_terms("") == search_terms("   \n") == []
