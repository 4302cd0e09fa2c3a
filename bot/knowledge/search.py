"""Search the team's known fixes the way people ask: a few words, or a whole customer message.

FTS5 finds candidate entries by any folded word of the query (bm25, title and problem weighted
above tags above the fix). Each candidate is then scored by coverage: the share of the query's
informative words (weighted by how rare they are in the base) that the entry holds, counting a
word found only in the fix for less. A query whose best coverage stays low is one the base
cannot answer, and gets no results rather than noise.
"""

from __future__ import annotations

import math
import threading
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.knowledge import files as kbfiles
from bot.knowledge import synonyms
from bot.knowledge.index import FIELDS, Index
from bot.knowledge.terms import search_terms
from bot.model import Fix, Hit
from bot.problems import Problem

CANDIDATES = 24
COMMON_SHARE = 0.2  # forms in more than this share of the entries do not fetch candidates
COMMON_MIN_ENTRIES = 50  # ...unless the base is small enough for it not to matter
MAX_QUERY_WORDS = 40
MIN_SCORE = 0.3  # coverage below this is not an answer
RUNNER_UP = 0.6  # further results must score at least this share of the best one
MIN_TYPO_LENGTH = 5
SHORT_QUERY = 2  # words; up to this many, every word is the topic
CHATTY_QUERY = 16  # words past SHORT_QUERY over which unknown words fade to chatter
MAX_CHATTER = 0.7
SYNONYM_WEIGHT = 0.85  # a synonym is good evidence, the customer's own word better


class KnowledgeBase:
    """A knowledge folder and its index; refresh() picks up edited files."""

    def __init__(self, folder: str | Path, index: str | Path) -> None:
        self.folder = Path(folder)
        self._index = Index(index)
        self._lock = threading.Lock()
        self.problems: list[Problem] = []
        self._total = 0
        self._df: dict[str, int] = {}
        self._typos: dict[str, list[str]] | None = None
        self._synonyms: dict[str, frozenset[str]] = {}
        self._synonyms_stamp: tuple[int | None, ...] = ()
        self._references: list[Problem] | None = None
        self._synonyms_loaded: tuple[dict[str, frozenset[str]], list[Problem]] = ({}, [])
        self.refresh()

    def refresh(self) -> list[Problem]:
        """Re-index the files that changed since the last look; return every current problem."""
        problems, changed = self._index.sync(self.folder)
        found, more = self._load_synonyms()
        if changed or self._references is None:
            self._references = kbfiles.broken_references(self._index.all_fixes())
        problems += self._references + more
        with self._lock:
            self._synonyms = found
            if changed or not self._df:
                self._total, self._df = self._index.document_counts()
                self._typos = None
            self.problems = problems
        return problems

    def _load_synonyms(self) -> tuple[dict[str, frozenset[str]], list[Problem]]:
        """The synonyms, read again only when the team's file changed."""
        team = self.folder / synonyms.TEAM_FILE
        try:
            stamp = team.stat().st_mtime_ns
        except OSError:
            stamp = None
        if self._synonyms_stamp != (stamp,):
            self._synonyms_loaded = synonyms.load(team)
            self._synonyms_stamp = (stamp,)
        return self._synonyms_loaded

    def __len__(self) -> int:
        return len(self._index)

    def close(self) -> None:
        self._index.close()

    def get(self, fix_id: str) -> Fix | None:
        return self._index.get(fix_id)

    def search(self, query: str, limit: int = 5, *, min_words: int = 1) -> list[Hit]:
        """The confident fixes for a query, best first; [] when the base has no answer
        (or the query has fewer than min_words words that name anything)."""
        groups = self._groups(query)
        if len(groups) < max(min_words, 1):
            return []
        forms = self._retrieval_forms(groups)
        scored = []
        for rowid, fields in self._index.candidates(forms, CANDIDATES):
            scored.append((self._coverage(groups, fields), rowid))
        if not scored:
            return []
        scored.sort(key=lambda pair: -pair[0])  # stable: bm25 order breaks ties
        best = scored[0][0]
        if best < MIN_SCORE:
            return []
        keep = [(s, r) for s, r in scored if s >= max(MIN_SCORE, best * RUNNER_UP)][:limit]
        fixes = self._index.fixes([r for _, r in keep])
        return [Hit(fixes[r], round(s, 3)) for s, r in keep if r in fixes]

    def _retrieval_forms(self, words: list[_Word]) -> list[str]:
        """The forms that fetch candidates: a form in most entries ranks nearly every row
        and finds nothing the rarer words miss, so it is left to the scoring."""
        known = sorted({f for w in words for f in w.forms | w.synonyms if f in self._df})
        common = max(COMMON_SHARE * self._total, COMMON_MIN_ENTRIES)
        rare = [f for f in known if self._df[f] <= common]
        return rare or known

    def _groups(self, query: str) -> list[_Word]:
        """The query's words as alternative forms: misspelt words mapped to a known form,
        and each word's synonyms added."""
        words: dict[str, _Word] = {}
        for forms in search_terms(query[:4000])[: MAX_QUERY_WORDS * 2]:
            if not any(f in self._df or f in self._synonyms for f in forms):
                forms = self._correct(forms) or forms
            if forms[-1] in words:
                continue
            own = frozenset(forms)
            others = frozenset().union(*(self._synonyms.get(f, ()) for f in forms)) - own
            if any(w.forms == own or (others and w.synonyms == others) for w in words.values()):
                continue  # "mobile phone": one thing, counted once
            known = [f for f in forms if f in self._df] or [f for f in others if f in self._df]
            words[forms[-1]] = _Word(own, others, self._idf(known), bool(known))
        return list(words.values())[:MAX_QUERY_WORDS]

    def _correct(self, forms: tuple[str, ...]) -> tuple[str, ...] | None:
        """A known form one edit away from the word (the commonest one), if there is one."""
        word = forms[0]
        if len(word) < MIN_TYPO_LENGTH or word.isdigit():
            return None
        typos = self._typo_table()
        found = {t for key in _deletions(word) | {word} for t in typos.get(key, ())}
        found = {t for t in found if _one_edit(word, t)}  # shared deletions allow two edits
        if not found:
            return None
        return (max(sorted(found), key=lambda t: self._df.get(t, 0)),)

    def _typo_table(self) -> dict[str, list[str]]:
        with self._lock:
            if self._typos is None:
                table: dict[str, list[str]] = defaultdict(list)
                for term in self._df:
                    if len(term) >= MIN_TYPO_LENGTH - 1 and not term.isdigit():
                        for key in _deletions(term) | {term}:
                            table[key].append(term)
                self._typos = dict(table)
            return self._typos

    def _idf(self, forms: Sequence[str]) -> float:
        df = max((self._df.get(f, 0) for f in forms), default=0)
        n = max(self._total, 1)
        return math.log(1 + (n - df + 0.5) / (df + 0.5))

    def _coverage(self, words: list[_Word], fields: list[set[str]]) -> float:
        """How much of the query an entry answers, in [0, 1].

        In a short query every word is the topic, so a word the base never uses ("loan")
        means the base has no answer. A long message is mostly chatter ("my neighbours
        say…"), so there the words the base knows count for more.
        """
        have = every = known = 0.0
        for word in words:
            every += word.idf
            known += word.idf if word.known else 0.0
            weight = 0.0
            for field, terms in zip(FIELDS, fields, strict=True):
                field_weight = field.weight
                if weight >= field_weight:
                    break  # fields go from the weightiest down: nothing better to find
                if not terms.isdisjoint(word.forms):
                    weight = field_weight
                elif word.synonyms and not terms.isdisjoint(word.synonyms):
                    weight = max(weight, field_weight * SYNONYM_WEIGHT)
            have += weight * word.idf
        if not every:
            return 0.0
        chatter = min(max(len(words) - SHORT_QUERY, 0) / CHATTY_QUERY, MAX_CHATTER)
        return (1 - chatter) * have / every + chatter * (have / known if known else 0.0)


@dataclass(frozen=True)
class _Word:
    forms: frozenset[str]  # the word's own forms
    synonyms: frozenset[str]  # its synonyms' forms
    idf: float  # how rare the word is in the base (its synonyms' if it is not there itself)
    known: bool  # the base has the word or one of its synonyms


def _one_edit(a: str, b: str) -> bool:
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


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}
