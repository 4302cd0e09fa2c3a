"""The word side of the search: a query's words, the entries that hold them, and coverage.

FTS5 finds candidate entries by any folded word of the query (bm25, title and problem weighted
above tags above the fix). Each candidate is then scored by coverage: the share of the query's
informative words (weighted by how rare they are in the base) that the entry holds, counting a
word found only in the fix for less. Misspelt words (one edit, 5+ letters) are mapped to a word
of the base, and synonyms count nearly as much as the customer's own word.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

from bot.knowledge import vocab
from bot.knowledge.index import Index, Terms
from bot.knowledge.terms import search_terms

COMMON_SHARE = 0.2  # forms in more than this share of the entries do not fetch candidates
COMMON_MIN_ENTRIES = 50  # ...unless the base is small enough for it not to matter
MAX_QUERY_WORDS = 40
SHORT_QUERY = 2  # words; up to this many, every word is the topic
CHATTY_QUERY = 16  # words past SHORT_QUERY over which unknown words fade to chatter
MAX_CHATTER = 0.7
SYNONYM_WEIGHT = 0.85  # a synonym is good evidence, the customer's own word better
MAX_QUERY_CHARS = 4000


@dataclass(frozen=True)
class Word:
    """One word of a query, as the forms it may be found under."""

    shown: str  # how the word is named when it explains a match
    forms: frozenset[str]  # the word's own forms
    synonyms: frozenset[str]  # its synonyms' forms
    idf: float  # how rare the word is in the base (its synonyms' if it is not there itself)
    known: bool  # the base has the word or one of its synonyms


@dataclass(frozen=True)
class Query:
    """A query's words, with what the base knows of their forms."""

    words: tuple[Word, ...]
    df: Mapping[str, int]  # entries holding each known form of the query
    total: int  # entries in the base

    @cached_property
    def lookup(self) -> dict[str, tuple[tuple[int, float], ...]]:
        """Each form of the query: the words it stands for, and what finding it is worth
        to each (1 for the word's own form, SYNONYM_WEIGHT for a synonym's)."""
        out: dict[str, list[tuple[int, float]]] = {}
        for i, word in enumerate(self.words):
            for form in word.forms:
                out.setdefault(form, []).append((i, 1.0))
            for form in word.synonyms - word.forms:
                out.setdefault(form, []).append((i, SYNONYM_WEIGHT))
        return {form: tuple(found) for form, found in out.items()}

    @cached_property
    def weights(self) -> tuple[float, float]:
        """The rarity of every word, and of the words the base knows, summed."""
        every = sum(w.idf for w in self.words)
        return every, sum(w.idf for w in self.words if w.known)


def prepare(
    index: Index,
    synonyms: Mapping[str, frozenset[str]],
    text: str,
    terms: Sequence[tuple[str, ...]] | None = None,
) -> Query:
    """The query's words as alternative forms: misspelt words mapped to a known form, and each
    word's synonyms added; a word named twice ("mobile phone": one thing) counted once.
    `terms` are the text's search terms when the caller has them (terms.tokens_terms)."""
    if terms is None:
        terms = search_terms(text[:MAX_QUERY_CHARS])
    raw = terms[: MAX_QUERY_WORDS * 2]
    wanted = {f for forms in raw for f in forms}
    wanted |= {s for f in list(wanted) for s in synonyms.get(f, ())}
    df = dict(index.counts(sorted(wanted)))
    total = len(index)
    words: dict[str, Word] = {}
    seen_forms: set[frozenset[str]] = set()  # each word once, whatever form it came in
    seen_synonyms: set[frozenset[str]] = set()
    for forms in raw:
        if not any(f in df or f in synonyms for f in forms):
            forms = _correct(index, forms, df) or forms
        if forms[-1] in words:
            continue
        own = frozenset(forms)
        others = frozenset().union(*(synonyms.get(f, ()) for f in forms)) - own
        if not others <= wanted:  # a corrected word's synonyms
            df.update(index.counts(sorted(others - wanted)))
            wanted |= others
        if own in seen_forms or (others and others in seen_synonyms):
            continue
        seen_forms.add(own)
        seen_synonyms.add(others)
        known = [f for f in forms if f in df] or [f for f in others if f in df]
        words[forms[-1]] = Word(forms[0], own, others, _idf(df, total, known), bool(known))
    return Query(tuple(list(words.values())[:MAX_QUERY_WORDS]), df, total)


def retrieval_forms(query: Query) -> list[str]:
    """The forms that fetch candidates: a form in most entries ranks nearly every row and
    finds nothing the rarer words miss, so it is left to the scoring."""
    known = sorted({f for w in query.words for f in w.forms | w.synonyms if f in query.df})
    common = max(COMMON_SHARE * query.total, COMMON_MIN_ENTRIES)
    rare = [f for f in known if query.df[f] <= common]
    return rare or known


def coverage(query: Query, terms: Terms) -> tuple[float, tuple[str, ...]]:
    """How much of the query an entry answers, in [0, 1], and the query's words it holds.

    In a short query every word is the topic, so a word the base never uses ("loan") means
    the base has no answer. A long message is mostly chatter ("my neighbours say…"), so there
    the words the base knows count for more.
    """
    every, known = query.weights
    if not every:
        return 0.0, ()
    best: dict[int, float] = {}  # word -> the most the entry's forms give it
    lookup = query.lookup
    for form in lookup.keys() & terms.keys():  # in C: the entry's forms the query names
        if field := terms[form]:
            for i, factor in lookup[form]:
                if field * factor > best.get(i, 0.0):
                    best[i] = field * factor
    held = sorted(best)  # in the query's order, as the words are named and summed
    have = sum(best[i] * query.words[i].idf for i in held)
    matched = [query.words[i].shown for i in held]
    chatter = min(max(len(query.words) - SHORT_QUERY, 0) / CHATTY_QUERY, MAX_CHATTER)
    score = (1 - chatter) * have / every + chatter * (have / known if known else 0.0)
    return score, tuple(matched)


def _idf(df: Mapping[str, int], total: int, forms: Sequence[str]) -> float:
    count = max((df.get(f, 0) for f in forms), default=0)
    n = max(total, 1)
    return math.log(1 + (n - count + 0.5) / (count + 0.5))


def _correct(index: Index, forms: tuple[str, ...], df: dict[str, int]) -> tuple[str, ...] | None:
    """A known form one edit away from the word (the commonest one), if there is one; its
    count is added to df."""
    word = forms[0]
    if len(word) < vocab.MIN_TYPO_LENGTH or word.isdigit():
        return None
    found = [t for t in index.near(word) if one_edit(word, t)]  # a shared key allows two
    if not found:
        return None
    df.update(index.counts(found))
    return (max(found, key=lambda t: df.get(t, 0)),)


def one_edit(a: str, b: str) -> bool:
    """One letter added, dropped, changed, or two neighbours swapped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return a == b
    head = next(
        (i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b))
    )
    if len(a) == len(b):
        swapped = a[head + 2 :] == b[head + 2 :] and a[head : head + 2] == b[head : head + 2][::-1]
        return a[head + 1 :] == b[head + 1 :] or swapped
    return a[head + 1 :] == b[head:] if len(a) > len(b) else a[head:] == b[head + 1 :]
