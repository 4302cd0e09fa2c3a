"""Search terms: what a text is indexed and searched by."""

import pytest

from bot.check import nlp
from bot.knowledge.terms import search_terms, tokens_terms


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


@pytest.mark.parametrize(
    "text",
    [
        "The card reader is dead, please help",
        "Wi-Fi drops every evening and the e-mail never arrives",
        "Повернення коштів у четвер, термінал не вмикається",
        "Возврат не пришёл… ’ничего’ не работает",
        "המסוף לא נדלק, הכסף לא הגיע",
        "Տերմինալը չի միանում",
    ],
)
def test_terms_of_the_checks_tokens_are_those_of_the_text(text: str) -> None:
    tokens = nlp.tokenize(text, cyrillic=nlp.detect_cyrillic(text))
    assert tokens_terms(tokens) == search_terms(text)


def test_terms_of_tokens_leave_out_the_skipped_spans() -> None:
    text = "Sorry, a refund to the card is not possible."
    tokens = nlp.tokenize(text)
    start = text.index("not possible")
    assert tokens_terms(tokens, [(start, start + len("not possible"))]) == search_terms(
        "Sorry, a refund to the card is"
    )
    assert "wifi" not in flat_of(tokens_terms(nlp.tokenize("call us, Wi-Fi down"), [(9, 14)]))


@pytest.mark.parametrize(
    "text",
    [
        "the café is closed, naïve résumé",
        "Բարև, ծանրոցն արդեն Երևան-ի պահեստում է",  # "և" folds to "եւ", as the index folds it
        "crème-brûlée Wi-Fi down",
    ],
)
def test_words_the_search_folds_are_folded_one_token_at_a_time(text: str) -> None:
    assert tokens_terms(nlp.tokenize(text)) == search_terms(text)


def flat_of(terms: list[tuple[str, ...]]) -> list[str]:
    return [forms[-1] for forms in terms]
