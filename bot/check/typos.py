"""Misspelt phrase words: "I dont knwo", "Я незнаю", "garantee".

A draft word of five letters or more that is one edit (a letter added, dropped, changed, or two
swapped) away from a word of some rule's phrases, and is not itself a word of the language,
is taken for that phrase word: it gets that word's match keys too. Real words are never
"corrected" ("relay" stays "relay", "знати" stays "знати"); Hebrew and Armenian have no
dictionary here, so their words are taken as written.

Candidates are found through a deletion index (each word with one letter dropped, as SymSpell
does), so the cost per draft word is a handful of dict lookups, and it is cached per word.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache

from bot.check import nlp

MIN_LETTERS = 5
SCRIPT_OF = {"en": "en", "uk": "cyr", "ru": "cyr", "he": "he", "hy": "hy"}
_DICTIONARY_LANGS = {"en": ("en",), "cyr": ("uk", "ru")}


class Typos:
    """Phrase words by script, and what a misspelling of each should match."""

    def __init__(self, words: Iterable[tuple[str, str]]) -> None:
        """`words`: (word, lang) for every word of every rule phrase."""
        self._index: dict[tuple[str, str], set[str]] = defaultdict(set)
        self._keys: dict[tuple[str, str], tuple[str, ...]] = {}
        for word, lang in words:
            word = nlp.fold_word(word).lower()
            script = SCRIPT_OF.get(lang, lang)
            if script not in _DICTIONARY_LANGS or not _letters(word):
                continue
            if (script, word) in self._keys:
                continue
            self._keys[(script, word)] = nlp.word_keys(word, lang)
            for variant in _deletions(word):
                self._index[(script, variant)].add(word)
        self.extra = lru_cache(maxsize=100_000)(self._extra)

    def __len__(self) -> int:
        return len(self._keys)

    def __getstate__(self) -> dict[str, object]:
        return {"_index": self._index, "_keys": self._keys}  # not the per-word cache

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self.extra = lru_cache(maxsize=100_000)(self._extra)

    def _extra(self, word: str, lang: str) -> tuple[str, ...]:
        """The keys to add to a draft word, if it is a misspelt phrase word; else ()."""
        script = SCRIPT_OF.get(lang, lang)
        if not _letters(word) or (script, word) in self._keys:
            return ()
        candidates = {
            known
            for variant in _deletions(word)
            for known in self._index.get((script, variant), ())
            if _one_edit(word, known)
        }
        if not candidates or _is_word(word, script):
            return ()
        return tuple(
            dict.fromkeys(k for known in sorted(candidates) for k in self._keys[(script, known)])
        )


def _letters(word: str) -> bool:
    return len(word) >= MIN_LETTERS and word.replace("'", "").replace("-", "").isalpha()


def _is_word(word: str, script: str) -> bool:
    return any(nlp.is_word(word, lang) for lang in _DICTIONARY_LANGS[script])


def _deletions(word: str) -> set[str]:
    return {word, *(word[:i] + word[i + 1 :] for i in range(len(word)))}


def _one_edit(a: str, b: str) -> bool:
    """Whether a and b differ by one insertion, deletion, substitution or swap of neighbours."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) < len(b):
        return a[i:] == b[i + 1 :]
    return a[i + 1 :] == b[i + 1 :] or (
        i + 1 < len(a) and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2 :] == b[i + 2 :]
    )
