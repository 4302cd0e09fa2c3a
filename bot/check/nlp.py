"""Tokens and match keys for the five languages; the only module that imports spaCy or pymorphy3.

Each token of a draft gets a small set of keys; a phrase token matches when its key is in the
set. Keys come in two kinds:

- "=form": the normalised surface form (lower case, n't -> not, ё -> е, Hebrew prefix letters
  stripped). Single-word phrases match on it, so "guaranteed" is not the noun "guarantee".
- "lemma": the dictionary form (en lookup table, uk/ru pymorphy3, a light Hebrew
  gender/number stem, the Armenian stem without its article). Words inside multi-word phrases
  match on it, so "не знаю" also catches "не знала" and "I don't know" catches "I didn't know".

Patterns and drafts go through the very same functions, so they are normalised alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

import pymorphy3
import spacy
from spacy.attrs import IDX, LENGTH, NORM
from spacy.lookups import load_lookups

_LATIN = re.compile(r"[A-Za-z\u00C0-\u024F]")
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
_HEBREW = re.compile(r"[\u05D0-\u05EA]")
_ARMENIAN = re.compile(r"[\u0531-\u0587]")
_SCRIPTS = (("en", _LATIN), ("cyr", _CYRILLIC), ("he", _HEBREW), ("hy", _ARMENIAN))
_WORD = re.compile(r"\S+")
# spaCy's affix splitting is super-linear on one long whitespace-free run (40,000 emoji take
# minutes); nobody types a word this long, so such runs are blanked before tokenizing.
_LONG_RUN = re.compile(r"\S{64,}")

_UK_ONLY = re.compile(r"[іїєґІЇЄҐ]")
_RU_ONLY = re.compile(r"[ыэъёЫЭЪЁ]")

# Armenian punctuation that spaCy leaves glued to words.
_HY_PUNCT = ["։", "՝", "՜", "՛", "՞", "․"]
_HY_MARKS = str.maketrans("", "", "՜՛՞")  # emphasis and question marks sit inside words
_HE_NIQQUD = re.compile(r"[\u0591-\u05C7]")
_HE_PREFIXES = "ושהכלבמ"
_HE_SUFFIXES = ("ים", "ות", "ת", "ה", "י", "ו")
_HY_ARTICLES = ("ը", "ն")
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "`": "'", "ё": "е"})
_EN_IS_AFTER = frozenset(["it", "that", "there", "here", "what", "who", "he", "she", "this"])
# Where the English lookup table picks the wrong word for support prose ("does" -> "doe").
_EN_LEMMA_FIXES = {"does": "do", "as": "as", "us": "us"}
_PERSONS = ("1per", "2per", "3per")

# Breaks between tokens: phrases never span a sentence; cues look within a clause or sentence.
CLAUSE, SENTENCE = 1, 2
_SENTENCE_ENDS = frozenset(".!?։…;")
_CLAUSE_ENDS = frozenset(",:—–-՝")


@dataclass(frozen=True)
class Tokens:
    """A draft's tokens as parallel lists; offsets point into the text given to tokenize()."""

    starts: list[int]
    ends: list[int]
    keys: list[tuple[str, ...]]
    breaks: list[int]  # 0, CLAUSE or SENTENCE: what this token itself is
    langs: list[str]

    def __len__(self) -> int:
        return len(self.starts)


def script_language(text: str) -> str | None:
    """Name the language of a word by its first letter: en, cyr, he, hy, or None."""
    for lang, pattern in _SCRIPTS:
        if pattern.match(text):
            return lang
    return None


def detect(text: str) -> str:
    """Tell the main language of a draft: en, uk, ru, he or hy (en when there are no letters)."""
    counts = {lang: len(pattern.findall(text)) for lang, pattern in _SCRIPTS}
    best = max(counts, key=lambda lang: counts[lang])
    if not counts[best]:
        return "en"
    return _cyrillic_language(text) if best == "cyr" else best


def detect_cyrillic(text: str) -> str:
    """Tell uk from ru for the Cyrillic words of a draft (uk when there are none)."""
    return _cyrillic_language(text) if _CYRILLIC.search(text) else "uk"


def _cyrillic_language(text: str) -> str:
    uk, ru = len(_UK_ONLY.findall(text)), len(_RU_ONLY.findall(text))
    if uk != ru:
        return "uk" if uk > ru else "ru"
    words = [w.lower() for w in re.findall(r"[\u0400-\u04FF'’]+", text)[:30]]
    uk_known = sum(_morph("uk").word_is_known(w) for w in words)
    ru_known = sum(_morph("ru").word_is_known(w) for w in words)
    return "ru" if ru_known > uk_known else "uk"


def tokenize(text: str, cyrillic: str = "uk") -> Tokens:
    """Split a draft into tokens, each with its match keys, in one or more script runs."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a few characters change length when lowered
        lowered = text
    lowered = _LONG_RUN.sub(lambda m: " " * len(m.group()), lowered)
    starts: list[int] = []
    ends: list[int] = []
    keys: list[tuple[str, ...]] = []
    breaks: list[int] = []
    langs: list[str] = []
    for run_start, run_end, script in _runs(lowered):
        lang = cyrillic if script == "cyr" else script
        doc = _tokenizer(lang)(lowered[run_start:run_end])
        rows = doc.to_array([NORM, IDX, LENGTH]).tolist()
        strings = doc.vocab.strings
        previous = ""
        for norm_hash, idx, length in rows:
            norm = strings[norm_hash]
            if script == "hy" and not norm.translate(_HY_MARKS):
                continue  # a lone ՞ or ՜ split off a word carries no meaning of its own
            start = run_start + idx
            starts.append(start)
            ends.append(start + length)
            if script == "en" and norm in ("'s", "s") and previous in _EN_IS_AFTER:
                keys.append(("=is", "be"))
                breaks.append(0)
            else:
                token_keys, kind = _token_info(norm, script)
                keys.append(token_keys)
                breaks.append(kind)
            langs.append(lang)
            previous = norm
    return Tokens(starts, ends, keys, breaks, langs)


def phrase_keys(phrase: str, lang: str) -> list[str]:
    """Turn a phrase as a lead wrote it into the keys the matcher looks for."""
    lowered = phrase.lower()
    script = "cyr" if lang in ("uk", "ru") else lang
    doc = _tokenizer(lang)(lowered)
    norms = [t.norm_ for t in doc if not t.is_space]
    if script == "en":
        norms = [
            "is" if n in ("'s", "s") and i and norms[i - 1] in _EN_IS_AFTER else n
            for i, n in enumerate(norms)
        ]
    if len(norms) == 1:
        return ["=" + _surface(norms[0], script)]
    return [_lemma(n, script, lang) for n in norms]


def _runs(text: str) -> list[tuple[int, int, str]]:
    """Cut the text where the script changes between words; most drafts are one run."""
    present = [lang for lang, pattern in _SCRIPTS if pattern.search(text)]
    if len(present) <= 1:
        return [(0, len(text), present[0] if present else "en")]
    runs: list[tuple[int, int, str]] = []
    for m in _WORD.finditer(text):
        letter = next((c for c in m.group() if c.isalpha()), "")
        script = script_language(letter) if letter else None
        if runs and (script is None or script == runs[-1][2]):
            runs[-1] = (runs[-1][0], m.end(), runs[-1][2])
        elif runs:
            runs[-1] = (runs[-1][0], m.start(), runs[-1][2])
            runs.append((m.start(), m.end(), script or "en"))
        else:
            runs.append((0, m.end(), script or "en"))
    if runs:
        runs[-1] = (runs[-1][0], len(text), runs[-1][2])
    return runs


def _break_kind(norm: str) -> int:
    if "\n" in norm or (norm and all(c in _SENTENCE_ENDS for c in norm)):
        return SENTENCE
    return CLAUSE if norm in _CLAUSE_ENDS else 0


@lru_cache(maxsize=200_000)
def _token_info(norm: str, script: str) -> tuple[tuple[str, ...], int]:
    """A token's keys and break kind, computed once per distinct word."""
    return _text_keys(norm, script), _break_kind(norm)


def _text_keys(norm: str, script: str) -> tuple[str, ...]:
    if script == "he":
        variants = _he_variants(norm)
        return tuple(dict.fromkeys(["=" + v for v in variants] + [_he_stem(v) for v in variants]))
    surface = _surface(norm, script)
    if script == "cyr":
        parses = [*_morph("uk").parse(surface)[:2], *_morph("ru").parse(surface)[:2]]
        return tuple(
            dict.fromkeys(["=" + surface, *(k for p in parses for k in _cyrillic_keys(p))])
        )
    if script == "hy":
        # Fold twice: a phrase word ending in ն is stemmed once, the draft's "…նը" needs two.
        return tuple(
            dict.fromkeys(["=" + surface, surface, _hy_stem(surface), _hy_stem(_hy_stem(surface))])
        )
    return tuple(dict.fromkeys(["=" + surface, _lemma(norm, script, "en")]))


def _surface(norm: str, script: str) -> str:
    if script == "he":
        return _HE_NIQQUD.sub("", norm)
    if script == "hy":
        return norm.translate(_HY_MARKS)
    return norm.translate(_APOSTROPHES)


def _lemma(norm: str, script: str, lang: str) -> str:
    surface = _surface(norm, script)
    if script == "en":
        return _EN_LEMMA_FIXES.get(surface) or str(_en_lemmas().get(surface, surface))
    if script == "cyr":
        return _cyrillic_keys(_morph(lang).parse(surface)[0])[-1]
    if script == "he":
        return _he_stem(surface)
    if script == "hy":
        return _hy_stem(surface)
    return surface


def _cyrillic_keys(parse: Any) -> list[str]:
    """The lemma, and for verbs the lemma with its person, last.

    A phrase verb with a person ("не знаю", 1st) matches only that person, so a question to the
    customer ("Не знаєте, де…?", 2nd) is not taken for the agent's own admission. Past-tense
    forms carry no person in uk/ru, so they count as every person ("не знала").
    """
    lemma = str(parse.normal_form).replace("ё", "е")
    if parse.tag.POS != "VERB":
        return [lemma]
    if parse.tag.person:
        return [lemma, f"{lemma}/{parse.tag.person}"]
    if parse.tag.tense == "past":
        return [lemma, *(f"{lemma}/{person}" for person in _PERSONS)]
    return [lemma]


def _he_variants(word: str) -> list[str]:
    """The word with up to three glued prefix letters (ו ש ה כ ל ב מ) taken off."""
    word = _HE_NIQQUD.sub("", word)
    variants = [word]
    for _ in range(3):
        head = variants[-1]
        if len(head) > 3 and head[0] in _HE_PREFIXES:
            variants.append(head[1:])
        else:
            break
    return variants


def _he_stem(word: str) -> str:
    """Fold Hebrew gender and number endings: יודע, יודעת, יודעים -> יודע."""
    for suffix in _HE_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def _hy_stem(word: str) -> str:
    if len(word) > 3 and word.endswith(_HY_ARTICLES):
        return word[:-1]
    return word


@cache
def _tokenizer(lang: str) -> Any:
    nlp: Any = spacy.blank(lang)
    if lang == "hy":
        extra = [re.escape(p) for p in _HY_PUNCT]
        defaults: Any = nlp.Defaults
        nlp.tokenizer.prefix_search = spacy.util.compile_prefix_regex(
            [*defaults.prefixes, *extra]
        ).search
        nlp.tokenizer.suffix_search = spacy.util.compile_suffix_regex(
            [*defaults.suffixes, *extra]
        ).search
    return nlp.tokenizer


@cache
def _morph(lang: str) -> Any:
    return pymorphy3.MorphAnalyzer(lang=lang)


@cache
def _en_lemmas() -> Any:
    return load_lookups("en", ["lemma_lookup"]).get_table("lemma_lookup")


def clear_caches() -> None:
    """Forget every word's keys (benchmarks use it to measure a cold start)."""
    _token_info.cache_clear()


@cache
def stop_words(lang: str) -> frozenset[str]:
    """spaCy's stop words for a language, lower case, ё folded to е."""
    defaults: Any = spacy.blank(lang).Defaults
    return frozenset(w.lower().replace("ё", "е") for w in defaults.stop_words)
