"""Search the team's known fixes the way people ask: a few words, or a whole customer message.

Two sides find candidates: the words of the query (bot.knowledge.lexical: FTS5, folded forms,
typos, synonyms, coverage) and its meaning (bot.knowledge.vectors: the multilingual sentence
encoder). bot.knowledge.hybrid puts them in one order and decides, with a calibrated
confidence, whether the base has an answer at all; a query it has none for gets no results
rather than noise. Until every entry has its vectors (they are built in the background, and
kept on disk by content), the search goes by words alone, as it did before there were vectors.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Sequence
from pathlib import Path

from bot.check import nlp
from bot.embed.cache import VectorCache
from bot.knowledge import hybrid, lexical, synonyms, views
from bot.knowledge.index import Change, Index
from bot.knowledge.vectors import Built, Embed, Progress, Vectors
from bot.model import Fix, Hit
from bot.problems import Problem

log = logging.getLogger("phrasebot.knowledge")

CANDIDATES = 24
MIN_SCORE = 0.3  # by words alone: coverage below this is not an answer
RUNNER_UP = 0.6  # by words alone: further results must score this share of the best one
MEANING_ENV = "PHRASEBOT_MEANING"  # "off": search by words alone (no encoder, no vectors)
VECTORS_FILE = "vectors.sqlite"  # beside the index: every base's vectors, by content


def meaning_default() -> bool:
    """Whether a base searches by meaning when not told: yes, unless PHRASEBOT_MEANING=off."""
    return os.environ.get(MEANING_ENV, "").strip().lower() not in ("off", "0", "no", "false")


class KnowledgeBase:
    """A knowledge folder and its index; refresh() picks up edited files.

    `meaning` (default: on, unless PHRASEBOT_MEANING=off) adds the sentence encoder; `vectors`
    is its vector file (default: vectors.sqlite beside the index); `background` builds the
    vectors in a thread (else call build()); `embed` and `sparse` replace the encoder's dense
    and sparse sides (tests).
    """

    def __init__(
        self,
        folder: str | Path,
        index: str | Path,
        *,
        meaning: bool | None = None,
        vectors: str | Path | None = None,
        background: bool = True,
        embed: Embed | None = None,
        sparse: Embed | None = None,
    ) -> None:
        self.folder = Path(folder)
        self._index = Index(index)
        self._lock = threading.Lock()
        self.problems: list[Problem] = []
        self._synonyms: dict[str, frozenset[str]] = {}
        self._words: lexical.Memo = {}  # what the base says of each query word, until it changes
        self._synonyms_stamp: tuple[int | None, ...] = ()
        self._synonyms_loaded: tuple[dict[str, frozenset[str]], list[Problem]] = ({}, [])
        self._references: list[Problem] | None = None
        self._background = background
        self._vectors: Vectors | None = None
        if meaning if meaning is not None else meaning_default():
            if vectors is None:
                vectors = (
                    ":memory:" if str(index) == ":memory:" else Path(index).with_name(VECTORS_FILE)
                )
            self._vectors = Vectors(VectorCache(vectors), self._view_texts, embed, sparse=sparse)
        self.refresh()

    def refresh(self) -> list[Problem]:
        """Re-index the files that changed since the last look; return every current problem."""
        first = self._references is None
        problems, change = self._index.sync(self.folder)
        found, more = self._load_synonyms()
        if change or first:
            self._references = self._index.broken_references()
        problems += (self._references or []) + more
        with self._lock:
            if change or found is not self._synonyms:
                self._words = {}
            self._synonyms = found
            self.problems = problems
        self._follow(change, first=first)
        return problems

    def _follow(self, change: Change, *, first: bool) -> None:
        """Queue the vectors the change needs; build them in the background if asked to."""
        if self._vectors is None:
            return
        if first:
            self._vectors.plan(self._index.rows())
        elif change:
            self._vectors.change(change.removed, self._index.rows(change.added))
        if self._background and (self._vectors.pending() or not self._vectors.started()):
            self._vectors.start()

    def _load_synonyms(self) -> tuple[dict[str, frozenset[str]], list[Problem]]:
        """The synonyms, read again only when the team's file changed."""
        team = self.folder / synonyms.TEAM_FILE
        try:
            stamp = team.stat().st_mtime_ns
        except OSError:
            stamp = None
        if self._synonyms_stamp != (stamp,):
            cache = None if self._index.path == ":memory:" else Path(self._index.path).parent
            self._synonyms_loaded = synonyms.load(team, cache)
            self._synonyms_stamp = (stamp,)
        return self._synonyms_loaded

    def _view_texts(self, rowids: Sequence[int]) -> dict[int, list[str]]:
        return {rowid: views.texts(fix) for rowid, fix in self._index.fixes(rowids).items()}

    # -- vectors -----------------------------------------------------------------------------------

    def build(self, progress: Progress | None = None) -> Built | None:
        """Give every entry its vectors now, on every core (None when meaning is off, or when
        the encoder cannot run: the search then goes by words alone)."""
        if self._vectors is None:
            return None
        try:
            return self._vectors.build(progress)
        except Exception as err:
            log.warning("no vectors (%s): the search goes by words alone", err)
            return None

    def pending(self) -> int:
        """Entries still waiting for their vectors (0 when meaning is off)."""
        return self._vectors.pending() if self._vectors is not None else 0

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the background build; whether the search goes by meaning too now."""
        return self._vectors.wait(timeout) if self._vectors is not None else False

    @property
    def by_meaning(self) -> bool:
        """Whether searches use meaning now (every entry has its vectors)."""
        return self._vectors is not None and self._vectors.ready() is not None

    def __len__(self) -> int:
        return len(self._index)

    def close(self) -> None:
        if self._vectors is not None:
            self._vectors.close()
        self._index.close()

    def get(self, fix_id: str) -> Fix | None:
        return self._index.get(fix_id)

    # -- searching ---------------------------------------------------------------------------------

    def search(
        self,
        query: str,
        limit: int = 5,
        *,
        min_words: int = 1,
        words_only: bool = False,
        terms: Sequence[tuple[str, ...]] | None = None,
        floor: float = 0.0,
    ) -> list[Hit]:
        """The confident fixes for a query, best first; [] when the base has no answer
        (or the query has fewer than min_words words that name anything). words_only leaves
        the encoder out (a draft's own words: cheap, and it must match by words anyway);
        `terms` are the query's search terms when the caller has them already
        (terms.tokens_terms), so it is not tokenized again; with words_only, `floor` is the
        least coverage the caller will take (fewer candidates need fetching)."""
        prepared = self._prepare(query, terms)
        if len(prepared.words) < max(min_words, 1):
            return []
        candidates = None if words_only else self._hybrid(query, prepared, limit)
        if candidates is None:
            return self._by_words(prepared, limit, floor if words_only else 0.0)
        picked = hybrid.answer(candidates, limit)
        fixes = self._index.fixes([c.rowid for c, _ in picked]) if picked else {}
        return [
            Hit(fixes[c.rowid], round(p, 3), c.words, c.meaning)
            for c, p in picked
            if c.rowid in fixes
        ]

    def candidates(self, query: str, depth: int = 3) -> list[tuple[Fix, hybrid.Candidate]]:
        """The best candidates of both sides for a query, with their features, before any
        confidence is applied ([] until the vectors are ready): for calibration."""
        found = self._hybrid(query, self._prepare(query), depth) or []
        fixes = self._index.fixes([c.rowid for c in found]) if found else {}
        return [(fixes[c.rowid], c) for c in found if c.rowid in fixes]

    def _prepare(self, query: str, terms: Sequence[tuple[str, ...]] | None = None) -> lexical.Query:
        with self._lock:
            table, memo = self._synonyms, self._words
        return lexical.prepare(self._index, table, query, terms, memo)

    def _hybrid(
        self, query: str, prepared: lexical.Query, depth: int
    ) -> list[hybrid.Candidate] | None:
        matrix = self._vectors.ready() if self._vectors is not None else None
        if matrix is None or self._vectors is None:
            return None
        text = query[: lexical.MAX_QUERY_CHARS].encode("utf-8", "replace").decode("utf-8")
        vector, latent = self._vectors.queries(text)
        if vector is None:
            return None
        rows = self._index.candidates(lexical.retrieval_forms(prepared), CANDIDATES)
        lang = nlp.detect(text)
        return hybrid.rank(prepared, rows, self._index.terms, matrix, vector, lang, depth, latent)

    def _by_words(self, prepared: lexical.Query, limit: int, floor: float = 0.0) -> list[Hit]:
        forms = lexical.retrieval_forms(prepared)
        needed = lexical.needed_forms(prepared, floor) if floor > 0 else None
        if needed is not None and sum(prepared.df[f] for f in needed) <= CANDIDATES:
            forms, needed = needed, None  # all that hold them fit under the limit: fetch those
        rows = self._index.candidates(forms, CANDIDATES, needed)
        terms = self._index.terms(rows)
        scored = [(*lexical.coverage(prepared, terms[r]), r) for r in rows if r in terms]
        if not scored:
            return []
        scored.sort(key=lambda item: -item[0])  # stable: bm25 order breaks ties
        best = scored[0][0]
        if best < MIN_SCORE:
            return []
        keep = [s for s in scored if s[0] >= max(MIN_SCORE, best * RUNNER_UP)][:limit]
        fixes = self._index.fixes([r for _, _, r in keep])
        return [Hit(fixes[r], round(s, 3), words) for s, words, r in keep if r in fixes]
