"""Find the agent's own prose in Slack mrkdwn.

Code, link addresses, mentions, emoji codes and quoted lines are not the agent's words, so
rules must not fire there. Rather than cutting the draft into pieces, this module masks those
parts with spaces: the result has the same length as the draft, so every offset the matcher
reports points straight into the original text. Masked spans are also returned so that a
phrase cannot be stitched together across them ("I don't `x` know").

Every scan here is a plain loop over str.find or a regex without nested quantifiers: hostile
input (40,000 backticks, an unclosed emoji code) stays linear.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ANGLE = re.compile(r"<([^<>\n]*)>")
_EMOJI = re.compile(r":[a-z0-9_+'\-]+:")
_QUOTE = re.compile(r"^[ \t]*(?:>|&gt;)", re.MULTILINE)
_ENTITY = re.compile(r"&(?:amp|lt|gt);")
_FORMATTING = str.maketrans({"*": " ", "_": " ", "~": " "})
_MARKUP = re.compile(r"[`<>:&*_~]")


@dataclass(frozen=True)
class Prose:
    """The draft with non-prose blanked out; `hidden` lists the blanked spans, in order, and
    `through` those of them a sentence reads across (a link's address, its label shown)."""

    text: str
    hidden: tuple[tuple[int, int], ...]
    through: tuple[tuple[int, int], ...] = ()

    @property
    def stops(self) -> tuple[tuple[int, int], ...]:
        """The hidden spans a sentence ends at: code, quote lines, mentions, emoji."""
        return tuple(h for h in self.hidden if h not in self.through)


def prose(draft: str) -> Prose:
    """Blank out everything in a Slack draft that is not the agent's own prose."""
    if not _MARKUP.search(draft):
        return Prose(draft, ())
    spans: list[tuple[int, int]] = []
    spans += _code_blocks(draft)
    spans += _inline_code(draft, spans)
    labelled = set()
    for m in _ANGLE.finditer(draft):
        parts = _angle_parts(m)
        spans += parts
        if len(parts) > 1:
            labelled.update(parts)
    for m in _EMOJI.finditer(draft):
        if any(c.isalpha() for c in m.group()):
            spans.append(m.span())
    for m in _QUOTE.finditer(draft):
        end = draft.find("\n", m.start())
        spans.append((m.start(), len(draft) if end < 0 else end))
    hidden = _merge(spans)

    chars = list(draft.translate(_FORMATTING))
    for m in _ENTITY.finditer(draft):
        chars[m.start() : m.end()] = " " * (m.end() - m.start())
    for start, end in hidden:
        chars[start:end] = (" " if c != "\n" else "\n" for c in draft[start:end])
    return Prose("".join(chars), tuple(hidden), tuple(h for h in hidden if h in labelled))


def _code_blocks(text: str) -> list[tuple[int, int]]:
    spans = []
    pos = text.find("```")
    while pos >= 0:
        close = text.find("```", pos + 3)
        if close < 0:
            break
        spans.append((pos, close + 3))
        pos = text.find("```", close + 3)
    return spans


def _inline_code(text: str, blocks: list[tuple[int, int]]) -> list[tuple[int, int]]:
    spans = []
    block = 0  # blocks are in order and pos only grows, so one pointer walks them
    pos = text.find("`")
    while pos >= 0:
        while block < len(blocks) and blocks[block][1] <= pos:
            block += 1
        if block < len(blocks) and blocks[block][0] <= pos:
            pos = text.find("`", blocks[block][1])
            continue
        close = text.find("`", pos + 1)
        newline = text.find("\n", pos + 1)
        if close < 0:
            break
        if 0 <= newline < close:  # inline code never spans lines in Slack
            pos = close
            continue
        spans.append((pos, close + 1))
        pos = text.find("`", close + 1)
    return spans


def _angle_parts(m: re.Match[str]) -> list[tuple[int, int]]:
    """Hide a Slack <…> element, keeping a link's label (the part after "|") visible."""
    inner = m.group(1)
    bar = inner.find("|")
    if inner[:1] in "@#!" or bar < 0:
        return [m.span()]
    label_start = m.start() + 1 + bar + 1
    return [(m.start(), label_start), (m.end() - 1, m.end())]


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
