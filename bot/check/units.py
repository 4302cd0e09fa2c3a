"""A draft's sentences as the meaning tier reads them, with their place in the draft.

Sentences follow the tokenizer's sentence breaks and the walls of hidden mrkdwn (code, quote
lines, mentions, emoji), so a unit never spans a code block; a link's label is read in its
place: "All terms are in <https://…|our returns page>, but…" is one sentence, as it reads in
Slack, not "All terms are in". What the encoder reads is the sentence as it shows in prose,
with quoted text left out: "the customer wrote "no idea"" reports, it does not say.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from bot.check import nlp
from bot.check.quotes import quoted_spans
from bot.check.scope import Spans

_LETTER = re.compile(r"[^\W\d_]")
MAX_UNIT_CHARS = 600  # the encoder reads 512 tokens at most; a run-on "sentence" is cut here


@dataclass(frozen=True)
class Unit:
    start: int  # offsets into the draft, end exclusive
    end: int
    text: str  # what the encoder reads
    first: int  # its tokens, inclusive
    last: int

    @property
    def words(self) -> int:
        return len(self.text.split())


def units(visible: str, tokens: nlp.Tokens, spans: Spans) -> list[Unit]:
    """The sentences of a draft whose prose is `visible` (same offsets as the draft)."""
    return _units(visible, tokens, spans.sentence_starts)


def _units(visible: str, tokens: nlp.Tokens, limits: list[int]) -> list[Unit]:
    if not len(tokens):
        return []
    quotes = quoted_spans(visible)
    starts = [*limits, len(tokens)]
    out = []
    for first, after in pairwise(starts):
        last = after - 1
        while last >= first and (
            visible[tokens.starts[last] : tokens.ends[last]].isspace()
            or (last > first and tokens.breaks[last] == nlp.CLAUSE)
        ):
            last -= 1  # a line break or a comma that ends it
        if last < first:
            continue
        start, end = tokens.starts[first], tokens.ends[last]
        text = _unquoted(visible, start, end, quotes)
        if _LETTER.search(text):
            out.append(Unit(start, end, " ".join(text.split())[:MAX_UNIT_CHARS], first, last))
    return out


def _unquoted(text: str, start: int, end: int, quotes: list[tuple[int, int]]) -> str:
    pieces = []
    pos = start
    for a, b in quotes:
        if b <= pos or a >= end:
            continue
        pieces.append(text[pos:a])
        pos = max(pos, b)
    pieces.append(text[pos:end])
    return "".join(pieces)
