"""Text an agent quotes: "the customer wrote "I have no idea"" reports, it does not say.

quoted_spans() finds spans between paired quotation marks on one line: “…”, „…“, «…», ‹…›,
"…" and '…' (and ‘…’). An opening mark starts a word (after a space, a bracket, a dash or a
colon, or at the start) and a closing one ends a word, so apostrophes ("don't", "customers'")
and Hebrew acronyms (עו"ד) are never taken for quotes.
"""

from __future__ import annotations

import re
from bisect import bisect_right

MAX_QUOTE = 400  # a longer "quote" is more likely two stray marks
_PAIRS = {"“": "”", "„": "“", "«": "»", "‹": "›", '"': '"', "'": "'", "‘": "’", "‚": "‘"}
_OPENS_AFTER = " \t\n([{—–-:;,/>*_~"  # mrkdwn bold and italic marks may wrap a quote
_CLOSES_BEFORE = " \t\n)]}.,;:!?…—–-/*_~"
_MARKS = re.compile("[" + re.escape("".join(set(_PAIRS) | set(_PAIRS.values()))) + "]")


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each quoted stretch, marks included, in order and not overlapping."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in _MARKS.finditer(text):
        i = m.start()
        if i < pos or not _opens(text, i):
            continue
        close = _PAIRS[text[i]]
        end = _closing(text, i + 1, close)
        if end is not None:
            spans.append((i, end + 1))
            pos = end + 1
    return spans


def _opens(text: str, i: int) -> bool:
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before in _OPENS_AFTER or before in _PAIRS) and not after.isspace()


def _closing(text: str, start: int, close: str) -> int | None:
    limit = min(len(text), start + MAX_QUOTE)
    j = start
    while j < limit:
        c = text[j]
        if c == "\n":
            return None
        if c == close and j > start and not text[j - 1].isspace():
            after = text[j + 1] if j + 1 < len(text) else " "
            if after in _CLOSES_BEFORE or after in _PAIRS.values():
                return j
        j += 1
    return None


def inside(spans: list[tuple[int, int]], starts: list[int]) -> list[bool]:
    """For each offset in `starts`, whether it lies inside one of the spans."""
    if not spans:
        return [False] * len(starts)
    firsts = [s for s, _ in spans]
    out = []
    for offset in starts:
        k = bisect_right(firsts, offset) - 1
        out.append(k >= 0 and offset < spans[k][1])
    return out
