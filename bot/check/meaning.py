"""The meaning tier: a draft's sentence that means what a rule forbids, however it is worded.

Each rule's meaning bank (phrasebook/meaning/<rule>.yaml) holds sentences that say what the rule
forbids (bad) and harmless ones that sound close (good). Every sentence is embedded by the
multilingual encoder (bot.embed), so a sentence in any of the five languages is compared with
samples in all of them. For a draft's sentence and a rule, the evidence is how much closer it
sits to the rule's bad samples (the mean cosine of the nearest k) than to

- the good samples of every rule (the nearest k): harmless look-alikes, and
- the bad samples of the nearest other rule: the sentence may mean something else.

A second opinion comes from a linear classifier over the same vectors: ridge regression onto
the rules and "harmless" (the good samples), standardized, with classes weighted to balance. It
is solved in closed form in a few milliseconds, so every reload (a lead's new sample) refits it.
A sentence is flagged for a rule when the neighbours' gaps pass `margin` (short sentences, which
say little, need `short_margin`), the classifier puts the rule ahead of every other class and of
"harmless" by `ridge_margin`, and no good sample of all is nearer than the rule's nearest bad one
(`nearest`: a sentence a lead files as good stops firing at once). The neighbours may also veto
a phrase match: when the sentence it sits in is nearer the good samples than the rule's bad
ones by more than `veto` and the classifier puts "harmless" ahead of the rule by
`veto_harmless`, the match was a harmless use of the words (either signal alone also vetoed
textbook drafts the phrases get right). The margins were chosen on
the tune half of eval/drafts (eval/tune_meaning.py) and can be set in rules.yaml under
`meaning:`.

Bank vectors come from a VectorCache (on disk, by content: an edit embeds only what changed);
a draft's sentences are embedded when checked and kept in memory only, never on disk.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bot.embed import encoder
from bot.embed.cache import VectorCache
from bot.model import Sample

UNIT_CACHE = 4096  # draft sentences whose vectors are kept in memory (edits, re-checks)
MAX_UNITS = 16  # sentences judged per draft: a chat message has a few; a long file, its first


@dataclass(frozen=True)
class Tuning:
    """How sure the meaning tier must be; see the module docstring."""

    k: int = 5
    margin: float = 0.0
    short_words: int = 4  # a sentence of fewer words is short
    min_words: int = 1  # a sentence of fewer words is never flagged (the phrases may be)
    short_margin: float = 0.02
    veto: float | None = -0.01  # None: phrase matches are never vetoed
    veto_harmless: float = 0.3
    nearest: bool = True  # also require the nearest sample of all to be one of the rule's bad
    ridge_margin: float | None = 0.0  # the classifier's lead the rule needs; None: no classifier
    ridge_lambda: float = 30.0


@dataclass(frozen=True)
class Verdict:
    """What the tier makes of one sentence for one rule."""

    rule: str
    score: float  # the smaller of the two gaps: above the margin, the sentence is flagged
    lean: float  # nearness to the rule's bad samples minus nearness to the good ones
    like: str  # the rule's bad sample nearest the sentence
    harmless: float = 0.0  # how far the classifier puts "harmless" ahead of the rule


class Meaning:
    """A compiled meaning bank: ask it about a draft's sentences."""

    def __init__(
        self,
        samples: Sequence[Sample],
        rules: Sequence[str],
        vectors: VectorCache,
        tuning: Tuning = Tuning(),
        embed: Callable[[Sequence[str]], np.ndarray] | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> None:
        self.tuning = tuning
        self.rules = [r for r in rules if any(s.rule == r and s.bad for s in samples)]
        self._embed = embed or (lambda texts: encoder.embed(texts, query=True))
        self._embed_given = embed
        bad = [s for s in samples if s.bad and s.rule in self.rules]
        good = [s for s in samples if not s.bad]
        self._bad_text = [s.text for s in bad]
        self._good_text = [s.text for s in good]
        self._bad_rule = np.array([self.rules.index(s.rule) for s in bad], dtype=np.int32)
        self._columns = [np.flatnonzero(self._bad_rule == j) for j in range(len(self.rules))]
        found = vectors.vectors([s.text for s in (*bad, *good)], embed=embed, progress=progress)
        self._bad = found[: len(bad)]
        self._good = found[len(bad) :]
        self._ridge = _Ridge(found, self._bad_rule, len(self.rules), tuning.ridge_lambda)
        self._vectors_on_disk: VectorCache | None = vectors
        self._units: OrderedDict[str, np.ndarray] = OrderedDict()
        self._known: dict[str, np.ndarray] = {}  # the phrasebook's own texts: never forgotten
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._bad_text) + len(self._good)

    def __getstate__(self) -> dict[str, object]:
        """What a compiled phrasebook keeps on disk: the bank's vectors and the classifier,
        never a draft's (the sentences seen lately stay behind), nor the vector file."""
        skip = {"_units", "_lock", "_embed", "_embed_given", "_vectors_on_disk"}
        state = {k: v for k, v in self.__dict__.items() if k not in skip}
        for name in ("_bad", "_good"):  # half the bytes to read at start-up
            state[name] = np.asarray(state[name]).astype(np.float16)
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self._bad = np.asarray(self._bad, dtype=np.float32)
        self._good = np.asarray(self._good, dtype=np.float32)
        self._embed = lambda texts: encoder.embed(texts, query=True)
        self._embed_given = None
        self._vectors_on_disk = None
        self._units = OrderedDict()
        self._lock = threading.Lock()

    def attach(self, vectors: VectorCache) -> None:
        """Give a Meaning loaded from disk its vector file again (for learn())."""
        self._vectors_on_disk = vectors

    def judge(self, units: Sequence[str]) -> list[list[Verdict]]:
        """For each sentence, a verdict per rule the bank knows (in the order of self.rules)."""
        if not units or not self.rules:
            return [[] for _ in units]
        vectors = self._vectors(units)
        k = self.tuning.k
        near_bad = vectors @ self._bad.T
        all_good = vectors @ self._good.T
        near_good = _top_mean(all_good, k) if len(self._good) else None
        nearest_good = all_good.max(axis=1) if len(self._good) else None
        votes = self._ridge.scores(vectors)
        out = []
        for i in range(len(units)):
            per_rule = np.array([_top_mean(near_bad[i, cols], k) for cols in self._columns])
            good = float(near_good[i]) if near_good is not None else -1.0
            verdicts = []
            for j, rule in enumerate(self.rules):
                other = float(np.max(np.delete(per_rule, j))) if len(per_rule) > 1 else -1.0
                lean = float(per_rule[j]) - good
                row = near_bad[i, self._columns[j]]
                nearest = int(np.argmax(row))
                score = min(lean, float(per_rule[j]) - other)
                if self.tuning.nearest and nearest_good is not None:
                    # A good sample nearer than every bad one of the rule: a harmless look-alike.
                    score = min(score, float(row[nearest]) - float(nearest_good[i]))
                if self.tuning.ridge_margin is not None:
                    ahead = float(votes[i, j] - np.max(np.delete(votes[i], j)))
                    # In the neighbours' units: past its own margin exactly when past theirs.
                    score = min(score, ahead - self.tuning.ridge_margin + self.tuning.margin)
                like = self._bad_text[self._columns[j][nearest]]
                harmless = float(votes[i, -1] - votes[i, j])
                verdicts.append(Verdict(rule, score, lean, like, harmless))
            out.append(verdicts)
        return out

    def flags(self, unit: str, verdict: Verdict) -> bool:
        words = sum(any(c.isalpha() for c in w) for w in unit.split())
        if words < self.tuning.min_words:
            return False
        short = words < self.tuning.short_words
        return verdict.score > (self.tuning.short_margin if short else self.tuning.margin)

    def vetoes(self, verdict: Verdict) -> bool:
        """Whether a phrase match in this sentence was a harmless use of the words: the
        neighbours lean to the good samples and the classifier calls it harmless."""
        if self.tuning.veto is None:
            return False
        return verdict.lean < self.tuning.veto and verdict.harmless > self.tuning.veto_harmless

    def own_vectors(self) -> tuple[list[str], np.ndarray]:
        """Every sample and phrasebook text known here, with its vector (for a seed file)."""
        texts = [*self._bad_text, *self._good_text, *self._known]
        vectors = np.vstack([self._bad, self._good, *(v[None] for v in self._known.values())])
        return texts, vectors

    def learn(self, texts: Sequence[str]) -> None:
        """Keep vectors of the phrasebook's own texts (examples, wordings), kept on disk by
        content like the bank's, so judging them never embeds them again. Never drafts."""
        texts = list(dict.fromkeys(t for t in texts if t not in self._known))
        if texts:
            assert self._vectors_on_disk is not None, "attach() the vector file first"
            found = self._vectors_on_disk.vectors(texts, embed=self._embed_given)
            with self._lock:
                self._known.update(zip(texts, found, strict=True))

    def _vectors(self, units: Sequence[str]) -> np.ndarray:
        """The units' vectors: from memory when seen lately, else embedded in one batch."""
        with self._lock:
            known = {u: self._known[u] for u in units if u in self._known}
            for u in units:
                if u in self._units and u not in known:
                    known[u] = self._units[u]
                    self._units.move_to_end(u)
        missing = list(dict.fromkeys(u for u in units if u not in known))
        if missing:
            made = self._embed(missing)
            with self._lock:
                for u, v in zip(missing, made, strict=True):
                    known[u] = v
                    self._units[u] = v
                while len(self._units) > UNIT_CACHE:
                    self._units.popitem(last=False)
        return np.stack([known[u] for u in units])


class _Ridge:
    """Ridge regression from standardized vectors onto one-hot classes (the rules, then
    "harmless"), classes weighted to balance; closed form, refit at every build."""

    def __init__(self, vectors: np.ndarray, bad_rule: np.ndarray, rules: int, lam: float) -> None:
        self._rules = rules
        if not len(vectors) or not rules:
            self._w = None
            return
        labels = np.concatenate(
            [bad_rule, np.full(len(vectors) - len(bad_rule), rules, dtype=np.int32)]
        )
        self._mean = vectors.mean(axis=0)
        self._scale = vectors.std(axis=0) + 1e-6
        x = self._features(vectors)
        classes = rules + 1
        counts = np.bincount(labels, minlength=classes).astype(np.float64)
        weight = np.sqrt(len(labels) / (classes * np.maximum(counts, 1.0)))[labels][:, None]
        target = (np.eye(classes)[labels] * 2 - 1) * weight
        a = x * weight
        self._w = np.linalg.solve(a.T @ a + lam * np.eye(a.shape[1]), a.T @ target)

    def _features(self, vectors: np.ndarray) -> np.ndarray:
        x = (vectors - self._mean) / self._scale
        return np.hstack([x, np.ones((len(x), 1))])

    def scores(self, vectors: np.ndarray) -> np.ndarray:
        """(n, rules + 1): each class's score; the last column is "harmless"."""
        if self._w is None:
            return np.zeros((len(vectors), self._rules + 1))
        return np.asarray(self._features(vectors) @ self._w)


_caches: dict[str, VectorCache] = {}
_caches_lock = threading.Lock()


def vectors_for(path: str | Path, seeds: Sequence[Path] = ()) -> VectorCache:
    """One VectorCache per file for the whole process (reloads reuse it)."""
    key = str(path)
    with _caches_lock:
        if key not in _caches:
            _caches[key] = VectorCache(path, seeds)
        return _caches[key]


def _top_mean(scores: np.ndarray, k: int) -> np.ndarray:
    """Mean of the k largest values along the last axis (all of them when fewer)."""
    if scores.shape[-1] == 0:
        return np.full(scores.shape[:-1], -1.0)
    k = min(k, scores.shape[-1])
    top = np.partition(scores, -k, axis=-1)[..., -k:]
    return np.asarray(top.mean(axis=-1))
