"""What a text is searched by: its content words, folded as the phrase engine folds them.

Entries are indexed and queries searched under the same forms: case, ё/е and Latin diacritics
folded, lemmas for en/uk/ru, Hebrew prefix letters stripped, Wi-Fi also as wifi. Stop words,
greetings, dates and punctuation name no problem, so they are left out.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from functools import cache, lru_cache

from bot.check import nlp

_HYPHENATED = re.compile(r"\b\w+(?:-\w+)+\b")
# spaCy's English list holds words that name what a customer wants ("move", "call", "empty").
_TOPIC_WORDS = frozenset(
    [
        "move",
        "call",
        "show",
        "give",
        "put",
        "full",
        "empty",
        "back",
        "front",
        "top",
        "bottom",
        "side",
        "name",
        "part",
        "serious",
        "amount",
        "fire",
        "first",
        "last",
        "third",
        "twelve",
        "fifteen",
        "fifty",
        "sixty",
        "forty",
        "hundred",
        "bill",
        "cry",
        "down",
        "up",
        "off",
        "out",
        "over",
        "under",
        "again",
        "never",
    ]
)
# Dates say when, not what: "in June", "on Thursday" never decide which fix fits.
_DATES = frozenset(
    [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "понеділок",
        "вівторок",
        "середа",
        "четвер",
        "п'ятниця",
        "субота",
        "неділя",
        "понедельник",
        "вторник",
        "среда",
        "четверг",
        "пятница",
        "суббота",
        "воскресенье",
        "січень",
        "лютий",
        "березень",
        "квітень",
        "травень",
        "червень",
        "липень",
        "серпень",
        "вересень",
        "жовтень",
        "листопад",
        "грудень",
        "январь",
        "февраль",
        "март",
        "апрель",
        "май",
        "июнь",
        "июль",
        "август",
        "сентябрь",
        "октябрь",
        "ноябрь",
        "декабрь",
    ]
)
# Greetings and politeness carry no topic; spaCy's lists leave them in.
_EXTRA_STOPS = frozenset(
    [
        "hi",
        "hello",
        "hey",
        "thanks",
        "thank",
        "please",
        "pls",
        "hiya",
        "cheers",
        "regards",
        "dear",
        "guys",
        "sorry",
        "apologies",
        "apologise",
        "apologize",
        "unfortunately",
        "afraid",
        "привіт",
        "привет",
        "дякую",
        "спасибо",
        "будь",
        "ласка",
        "пожалуйста",
        "добрий",
        "день",
        "здравствуйте",
        "שלום",
        "תודה",
        "בבקשה",
        "היי",
    ]
)


def search_terms(text: str) -> list[tuple[str, ...]]:
    """The content words of a text for search: per word, the forms it may be indexed under.

    Words are folded the way the phrase matcher folds them (case, ё/е, diacritics, lemmas,
    Hebrew prefix letters); stop words, punctuation and one-letter tokens are left out.
    """
    if not text or text.isspace():
        return []
    # Lone surrogates (bytes that were not UTF-8) would stop spaCy's string hashing.
    folded = _strip_accents(text.encode("utf-8", "replace").decode("utf-8"))
    joined = _HYPHENATED.findall(folded)  # Wi-Fi is also searched as wifi, e-mail as email
    if joined:
        folded += " " + _unhyphenated(joined)
    lang = nlp.detect(folded)
    cyrillic = lang if lang in ("uk", "ru") else nlp.detect_cyrillic(folded)
    return _content(nlp.tokenize(folded, cyrillic=cyrillic), folded)


def tokens_terms(tokens: nlp.Tokens, skip: Sequence[tuple[int, int]] = ()) -> list[tuple[str, ...]]:
    """search_terms() of a text the phrase engine has tokenized already, leaving out the
    tokens inside the `skip` spans (offsets into tokens.text)."""
    text = tokens.text
    skipped = {  # tokens are in order: those a span overlaps are one run of them
        i
        for a, b in skip
        for i in range(bisect_right(tokens.ends, a), bisect_left(tokens.starts, b))
    }
    out: list[tuple[str, ...]] = []
    for i, (start, end) in enumerate(zip(tokens.starts, tokens.ends, strict=True)):
        if i not in skipped:
            out += _token_terms(text[start:end], tokens.keys[i], tokens.langs[i])
    joined = [m.group() for m in _HYPHENATED.finditer(text) if _outside(*m.span(), skip)]
    if joined:
        extra = _strip_accents(_unhyphenated(joined))
        cyrillic = next((lang for lang in tokens.langs if lang in ("uk", "ru")), "uk")
        out += _content(nlp.tokenize(extra, cyrillic=cyrillic), extra)
    return out


def _outside(start: int, end: int, skip: Sequence[tuple[int, int]]) -> bool:
    return not any(a < end and start < b for a, b in skip)


def _unhyphenated(words: Sequence[str]) -> str:
    """Hyphenated words joined up, to be searched that way too ("wifi", "email")."""
    return " ".join(w.replace("-", "") for w in words)


@lru_cache(maxsize=100_000)
def _token_terms(word: str, keys: tuple[str, ...], lang: str) -> tuple[tuple[str, ...], ...]:
    """The forms a token is searched under: none for a stop word or punctuation, one set as a
    rule; a word that changes once folded as the search folds it ("café", Armenian "և") is
    tokenized again that way."""
    if not word.isascii() and any(c.isalpha() for c in word):
        folded = _strip_accents(word)
        if folded != word:
            cyrillic = lang if lang in ("uk", "ru") else "uk"
            return tuple(_content(nlp.tokenize(folded, cyrillic=cyrillic), folded))
    forms = _content_forms(word, keys, lang)
    return (forms,) if forms else ()


def _content_forms(word: str, keys: tuple[str, ...], lang: str) -> tuple[str, ...]:
    """The forms of a content word; () for a stop word or punctuation."""
    forms = _search_forms(keys, lang)
    return forms if forms and not _is_stop(word.lower(), forms, lang) else ()


def _content(
    tokens: nlp.Tokens, text: str, kept: Sequence[int] | None = None
) -> list[tuple[str, ...]]:
    """The forms of the tokens (those `kept`, or all) that are content words."""
    out = []
    for i in kept if kept is not None else range(len(tokens)):
        word = text[tokens.starts[i] : tokens.ends[i]]
        if forms := _content_forms(word, tokens.keys[i], tokens.langs[i]):
            out.append(forms)
    return out


def _strip_accents(text: str) -> str:
    """Drop combining accents on Latin letters (café -> cafe); other scripts keep theirs."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    kept = _AFTER_ASCII.sub(_unless_combining, decomposed)  # a call per word, not per letter
    return unicodedata.normalize("NFC", kept)


_AFTER_ASCII = re.compile(r"(?<=[\x00-\x7f])[^\x00-\x7f]")


def _unless_combining(found: re.Match[str]) -> str:
    return "" if unicodedata.combining(found.group()) else found.group()


@lru_cache(maxsize=100_000)
def _search_forms(keys: tuple[str, ...], lang: str) -> tuple[str, ...]:
    forms = []
    for key in keys:
        form = key[1:] if key.startswith("=") else key
        if "/" in form or not any(ch.isalnum() for ch in form):
            continue
        if len(form) < 2 and not form.isdigit():
            continue
        form = form.strip("'-.")
        if form and form not in forms:
            forms.append(form)
    return tuple(forms)


def _is_stop(surface: str, forms: tuple[str, ...], lang: str) -> bool:
    stops = _stop_words(lang)
    return surface in stops or forms[-1] in stops


@cache
def _stop_words(lang: str) -> frozenset[str]:
    return (nlp.stop_words(lang) - _TOPIC_WORDS) | _EXTRA_STOPS | _DATES


def clear_caches() -> None:
    """Forget every word's search forms, and the engine's keys (for cold-start benchmarks)."""
    _search_forms.cache_clear()
    _token_terms.cache_clear()
    nlp.clear_caches()
