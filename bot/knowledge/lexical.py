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
ROUNDING = 5e-4  # scores are shown, and compared, to three places


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


@dataclass(frozen=True)
class Known:
    """What the base says of one word of a query, as prepare() remembers it."""

    key: str  # the form that names the word once corrected (a word named twice counts once)
    word: Word
    df: Mapping[str, int]  # entries holding each of the word's forms and synonyms the base has


Memo = dict[tuple[str, ...], Known]
MEMO = 50_000  # words remembered per base


def prepare(
    index: Index,
    synonyms: Mapping[str, frozenset[str]],
    text: str,
    terms: Sequence[tuple[str, ...]] | None = None,
    memo: Memo | None = None,
) -> Query:
    """The query's words as alternative forms: misspelt words mapped to a known form, and each
    word's synonyms added; a word named twice ("mobile phone": one thing) counted once.
    `terms` are the text's search terms when the caller has them (terms.tokens_terms); `memo`
    keeps what the base says of each word for the next query (the caller drops it when the
    base or its synonyms change)."""
    if terms is None:
        terms = search_terms(text[:MAX_QUERY_CHARS])
    raw = terms[: MAX_QUERY_WORDS * 2]
    memo = {} if memo is None else memo
    found: dict[tuple[str, ...], Known] = {}
    for forms in raw:
        if forms not in found and (seen := memo.get(forms)) is not None:
            found[forms] = seen
    fresh = [forms for forms in dict.fromkeys(raw) if forms not in found]
    if fresh:
        wanted = {f for forms in fresh for f in forms}
        wanted |= {s for f in list(wanted) for s in synonyms.get(f, ())}
        index.counts(sorted(wanted))  # one lookup for them all; the index remembers the counts
        if len(memo) > MEMO:
            memo.clear()
        total = len(index)
        for forms in fresh:
            found[forms] = memo[forms] = _word(index, synonyms, forms, total)
    words: dict[str, Word] = {}
    df: dict[str, int] = {}
    seen_forms: set[frozenset[str]] = set()  # each word once, whatever form it came in
    seen_synonyms: set[frozenset[str]] = set()
    for forms in raw:
        entry = found[forms]
        word = entry.word
        if entry.key in words or word.forms in seen_forms:
            continue
        if word.synonyms and word.synonyms in seen_synonyms:
            continue
        seen_forms.add(word.forms)
        seen_synonyms.add(word.synonyms)
        words[entry.key] = word
        df.update(entry.df)
    return Query(tuple(list(words.values())[:MAX_QUERY_WORDS]), df, len(index))


def _word(
    index: Index, synonyms: Mapping[str, frozenset[str]], forms: tuple[str, ...], total: int
) -> Known:
    """What the base says of one word: corrected to a known form if it has none, its
    synonyms, how rare it is."""
    if not any(f in synonyms for f in forms) and not index.counts(forms):
        forms = _correct(index, forms) or forms
    own = frozenset(forms)
    others = frozenset().union(*(synonyms.get(f, ()) for f in forms)) - own
    df = index.counts(sorted(own | others))
    known = [f for f in forms if f in df] or [f for f in others if f in df]
    return Known(forms[-1], Word(forms[0], own, others, _idf(df, total, known), bool(known)), df)


def retrieval_forms(query: Query) -> list[str]:
    """The forms that fetch candidates: a form in most entries ranks nearly every row and
    finds nothing the rarer words miss, so it is left to the scoring."""
    known = sorted({f for w in query.words for f in w.forms | w.synonyms if f in query.df})
    common = max(COMMON_SHARE * query.total, COMMON_MIN_ENTRIES)
    rare = [f for f in known if query.df[f] <= common]
    return rare or known


def needed_forms(query: Query, floor: float) -> list[str]:
    """Every form of the words an entry must hold one of to reach `floor` (the least coverage
    worth having): one holding none of them falls short even with every other word.

    Coverage is `have` (the worth of the words an entry holds, each at most its idf) times
    `per`; the known words are taken from the most common up while together they stay under
    the `have` the floor needs, and the rest are needed. [] when not even all of them reach it.
    """
    every, known = query.weights
    if not known:
        return []
    chatter = _chatter(query)
    per = (1 - chatter) / every + chatter / known
    need = (floor - ROUNDING) / per  # a score that rounds up to the floor still counts
    words = sorted((w for w in query.words if w.known), key=lambda w: w.idf)
    held = 0.0
    for n, word in enumerate(words):
        if held + word.idf >= need:
            return sorted({f for w in words[n:] for f in w.forms | w.synonyms if f in query.df})
        held += word.idf
    return []


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
    chatter = _chatter(query)
    score = (1 - chatter) * have / every + chatter * (have / known if known else 0.0)
    return score, tuple(matched)


def _chatter(query: Query) -> float:
    """The share of the score that goes by the words the base knows (long messages)."""
    return min(max(len(query.words) - SHORT_QUERY, 0) / CHATTY_QUERY, MAX_CHATTER)


def _idf(df: Mapping[str, int], total: int, forms: Sequence[str]) -> float:
    count = max((df.get(f, 0) for f in forms), default=0)
    n = max(total, 1)
    return math.log(1 + (n - count + 0.5) / (count + 0.5))


def _correct(index: Index, forms: tuple[str, ...]) -> tuple[str, ...] | None:
    """A known form one edit away from the word (the commonest one), if there is one."""
    word = forms[0]
    if len(word) < vocab.MIN_TYPO_LENGTH or word.isdigit():
        return None
    found = [t for t in index.near(word) if one_edit(word, t)]  # a shared key allows two
    if not found:
        return None
    df = index.counts(found)
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
