"""Where cues are looked for, and the clock a check runs against.

Spans gives sentence and clause limits by token; Cues answers "is this cue within these
tokens?" by bisection, so a draft with thousands of findings and cues stays linear; Clock cuts
a check off once its time budget has run out.
"""

from __future__ import annotations

import time
from bisect import bisect_left, bisect_right
from collections.abc import Mapping

from bot.check import nlp
from bot.check.matcher import Match
from bot.model import Rule
from bot.phrasebook.safe_regex import Pattern
from bot.problems import CheckTooSlow

MAX_TOKEN_FOR_PATTERNS = 64  # cue regexes only ever see one short token
PATTERN_TICK = 256  # tokens tried against a cue's patterns between looks at the clock


class Clock:
    """A check's time budget: tick() raises CheckTooSlow once it has run out."""

    def __init__(self, budget: float | None) -> None:
        self.budget = budget
        self.deadline = None if budget is None else time.monotonic() + budget

    def tick(self, rule: Rule | None = None) -> None:
        if self.deadline is not None and time.monotonic() > self.deadline:
            assert self.budget is not None
            raise CheckTooSlow(self.budget, rule.id if rule else "", rule.file if rule else "")


class Spans:
    """Sentence and clause limits by token index, for cue scopes and sentence starts."""

    def __init__(self, tokens: nlp.Tokens, walls: list[bool]) -> None:
        self.n = len(tokens)
        self.sentence_starts = [0]
        self.clause_starts = [0]
        for i, kind in enumerate(tokens.breaks):
            if kind == nlp.SENTENCE or (walls and walls[i]):
                self.sentence_starts.append(i + 1 if kind else i)
            if kind or (walls and walls[i]):
                self.clause_starts.append(i + 1 if kind else i)

    def _around(self, starts: list[int], i: int) -> tuple[int, int]:
        k = bisect_right(starts, i) - 1
        end = starts[k + 1] - 1 if k + 1 < len(starts) else self.n - 1
        return starts[k], max(end, i)

    def sentence_start(self, i: int) -> int:
        return self._around(self.sentence_starts, i)[0]

    def scope(self, scope: str, first: int, last: int) -> tuple[int, int]:
        clause = self._around(self.clause_starts, first)
        sentence = self._around(self.sentence_starts, first)
        end_of_sentence = self._around(self.sentence_starts, last)[1]
        return {
            "clause": (clause[0], self._around(self.clause_starts, last)[1]),
            "sentence": (sentence[0], end_of_sentence),
            "rest-of-sentence": (clause[0], end_of_sentence),
            "rest-of-draft": (clause[0], self.n - 1),
            "after": (last + 1, self.n - 1),
            "draft": (0, self.n - 1),
            "before": (sentence[0], first - 1),
            "just-before": (max(sentence[0], first - 2), first - 1),
            "opening": (0, min(2, self.n - 1)),  # the draft's first words: who it is for
        }[scope]


class Cues:
    """Where each cue occurs in one draft, by token, to ask "is there one in this span?" fast.

    Every candidate finding asks about its own scope, and a draft may hold thousands of both:
    looking through all of a cue's matches for each would be quadratic. Here the matches are
    sorted by their first token and found by bisection; a cue's token patterns are tried on
    each token once, the first time the cue is asked about.
    """

    def __init__(
        self,
        matches: dict[str, list[Match]],
        patterns: Mapping[str, list[Pattern]],
        text: str,
        tokens: nlp.Tokens,
    ) -> None:
        self._spans = {
            cue: sorted((m.first, m.last) for m in found) for cue, found in matches.items()
        }
        self._firsts = {cue: [first for first, _ in spans] for cue, spans in self._spans.items()}
        self._patterns = patterns
        self._hits: dict[str, list[int]] = {}
        self._text = text
        self._tokens = tokens

    def near(self, cue: str, lo: int, hi: int, m: Match, rule: Rule, clock: Clock) -> bool:
        """Whether the cue occurs within tokens lo..hi, outside the match m itself; the
        rule asking is named if the clock runs out meanwhile."""
        spans, firsts = self._spans.get(cue, ()), self._firsts.get(cue, [])
        k = bisect_left(firsts, lo)
        while k < len(spans) and spans[k][0] <= hi:
            first, last = spans[k]
            if last <= hi and not (first <= m.last and m.first <= last):
                return True
            k += 1
        hits = self._pattern_hits(cue, rule, clock)
        k = bisect_left(hits, lo)
        while k < len(hits) and hits[k] <= hi:
            if not m.first <= hits[k] <= m.last:
                return True
            k += 1
        return False

    def _pattern_hits(self, cue: str, rule: Rule, clock: Clock) -> list[int]:
        if cue not in self._hits:
            patterns = self._patterns.get(cue) or []
            tokens, text = self._tokens, self._text
            hits = []
            for i in range(len(tokens) if patterns else 0):
                if i % PATTERN_TICK == 0:
                    clock.tick(rule)
                word = nlp.fold_word(text[tokens.starts[i] : tokens.ends[i]])
                if len(word) <= MAX_TOKEN_FOR_PATTERNS and any(p.search(word) for p in patterns):
                    hits.append(i)
            self._hits[cue] = hits
        return self._hits[cue]
