"""Rewrite a draft with each flagged span replaced by better wording, reading naturally.

The replacement takes the capital of the sentence start it lands on; a removed span takes
its surrounding comma and space with it, and the next word is capitalised if it now starts a
sentence; a no-break or other Unicode space counts as a space there, and a bidi mark or a
zero-width character as nothing. Everything outside the flagged spans is left exactly as the
agent typed it.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.check.nlp import INVISIBLE as _INVISIBLE
from bot.check.nlp import SPACES as _SPACES
from bot.model import Finding

_SENTENCE_END = ".!?։…\n"
_OPENERS = "\"'«„“(¿¡" + _SPACES + _INVISIBLE
_TAIL = 32


def rewrite(text: str, findings: Sequence[Finding]) -> str:
    """Return `text` with every flagged span replaced by its finding's wording."""
    out: list[str] = []
    tail = ""  # the end of what is written so far: enough to see a sentence start
    pos = 0
    for f in sorted(findings, key=lambda f: (f.start, -f.end)):
        if f.start < pos:  # overlaps a span already replaced
            continue
        before = text[pos : f.start]
        at_start = _starts_sentence((tail + before)[-_TAIL:])
        if f.replace_with:
            pieces = [before, _fit_case(f.replace_with, text[f.start : f.end], at_start)]
            pos = f.end
        else:
            pieces, pos = _drop(text, before, f.end, at_start)
        out += pieces
        tail = (tail + "".join(pieces))[-_TAIL:]
    out.append(text[pos:])
    return "".join(out)


def _drop(text: str, before: str, end: int, at_start: bool) -> tuple[list[str], int]:
    """Remove a span with the comma or space that tied it in; return the pieces and where to go on."""
    bare = before.rstrip(_INVISIBLE)
    while end < len(text) and text[end] in ",;:" and (not bare.strip() or bare[-1].isspace()):
        end += 1
    if end < len(text) and text[end] in _SPACES and (not bare or bare[-1] in _SPACES + "\n"):
        end += 1
    if end < len(text) and text[end] in ".!?":
        before = before.rstrip(_SPACES + ",;:")
    elif end < len(text) and text[end] in ",;:" and bare and bare[-1] in _SPACES:
        before = before.rstrip(_SPACES)
    if at_start and end < len(text):
        return [before, text[end].upper()], end + 1
    return [before], end


def _starts_sentence(before: str) -> bool:
    stripped = before.rstrip(_OPENERS)
    return not stripped or stripped[-1] in _SENTENCE_END


def _fit_case(wording: str, matched: str, at_start: bool) -> str:
    if at_start:
        return wording[:1].upper() + wording[1:]
    if (
        matched[:1].islower()
        and wording[:1].isupper()
        and wording[1:2].islower()
        and not wording.startswith("I ")
    ):
        return wording[:1].lower() + wording[1:]
    return wording
