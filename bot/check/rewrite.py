"""Rewrite a draft with each flagged span replaced by better wording, reading naturally.

A finding says how much its wording replaces (`Finding.replace`):
- "span": just the flagged words, snapped out to whole words ("haven't a clue", not "n't a
  clue"); a comma or colon the words ended on stays after the wording;
- "clause": the whole clause around them, up to the nearest comma, full stop, dash, bracket or
  mrkdwn mark, keeping a linking word it opens with ("and", "але", "но", "և"), for a wording
  that is a whole clause ("I'll ask my team lead to review this" for "our lawyers will get
  involved": a span swap would leave "… review this get involved");
- "sentence": the whole sentence (the meaning tier's findings), keeping its final stop.

Findings that overlap once widened are never spliced: the widest one is kept. A wording the
same sentence already carries is not put in twice: the second place just loses its words.
The replacement takes the capital of the sentence start it lands on; a removed span takes its
surrounding comma and space with it, and the next word is capitalised if it now starts a
sentence; a no-break or other Unicode space counts as a space there, and a bidi mark or a
zero-width character as nothing. Everything outside the replaced stretches is left exactly as
the agent typed it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from bot.check.nlp import INVISIBLE as _INVISIBLE
from bot.check.nlp import SPACES as _SPACES
from bot.model import Finding

_SENTENCE_END = ".!?։…\n"
_OPENERS = "\"'«„“(¿¡" + _SPACES + _INVISIBLE
_TAIL = 32
_KEPT_PUNCTUATION = ",;:"
# Where a clause stops: punctuation, brackets, quotes and the marks of Slack mrkdwn.
_CLAUSE_STOPS = frozenset('.!?։…;:,—–\n()[]{}<>|*_~`"«»„“”՝')
# A clause's opening linking word stays in front of the wording that replaces the clause.
_LINK = re.compile(
    r"(?:and|but|so|or|then|because|і|й|та|а|але|бо|тож|и|но|или|зато|և|բայց|ու|իսկ)"
    r"[" + re.escape(_SPACES) + r"]+",
    re.IGNORECASE,
)
_SUBJECT = re.compile(
    r"(?:^|(?<=[\s,(]))(?:i|я|ես|אני)[" + re.escape(_SPACES) + r"]+$", re.IGNORECASE
)
# A comma before "that" opens a clause that belongs to the one before it.
_COMPLEMENT = re.compile(r",\s*(?:that|що|щоб|что|чтобы|որ)\b", re.IGNORECASE)
_PARTICLE = re.compile(r"\b(?:та|да|а|ну)[" + re.escape(_SPACES) + r"]+", re.IGNORECASE)
_JOIN_GAP = 40  # characters between two places that count as one sentence for "said twice"
_CLAUSE_LONG = 12  # a wording this long is a clause: said once in three sentences
_RECENT = 1024  # how much of what is written so far is kept to look back on
_STOPS = _SENTENCE_END.replace("\n", "")
_EMOJI = re.compile(r":[a-z0-9_+\-']+:")
_EMPHASIS = "*_~"


@dataclass(frozen=True)
class _Cut:
    start: int
    end: int
    wording: str
    matched: str  # the flagged words, to take their case from


def rewrite(text: str, findings: Sequence[Finding]) -> str:
    """Return `text` with every flagged stretch replaced by its finding's wording."""
    cuts = _merge([_cut(text, f) for f in findings])
    out: list[str] = []
    recent = ""  # the end of what is written so far, to look back on (bounded: stays linear)
    pos = 0
    cap = False  # a dropped sentence start: the next word takes the capital
    for c in cuts:
        before = text[pos : c.start]
        at_start = _starts_sentence((recent + before)[-_TAIL:])
        wording = c.wording
        if wording and _said_nearby(wording, text, pos, c, recent):
            wording = ""
        if cap:
            before, cap = _capitalised(before), not before.strip()
        if wording:
            wording = _lead_said(wording, recent + before)
            pieces = [before, _fit_case(wording, c.matched, at_start)]
            pos, cap = c.end, False
        else:
            pieces, pos, cap = _drop(text, before, c.end, at_start)
        out += pieces
        recent = (recent + "".join(pieces))[-_RECENT:]
    rest = text[pos:]
    out.append(_capitalised(rest) if cap else rest)
    written = "".join(out)
    if cuts and not any(ch.isalnum() for ch in written):  # all was flagged: the rule's sentence
        return findings[0].better_wording
    return written


def _lead_said(wording: str, before: str) -> str:
    """ "На жаль, на жаль": a wording's opening words the draft just said are not said again."""
    lead, comma, rest = wording.partition(",")
    if not comma or not rest.strip():
        return wording
    said = before.rstrip(_SPACES + ",;").casefold()
    if said.endswith(lead.casefold()) and not said[: -len(lead)][-1:].isalnum():
        return rest.lstrip(_SPACES)
    return wording


def _cut(text: str, f: Finding) -> _Cut:
    start, end = _whole_words(text, f.start, f.end)
    wording = f.replace_with
    if not wording:
        return _Cut(start, end, wording, text[start:end])
    if f.replace in ("clause", "own"):
        bare = end
        while bare > start and text[bare - 1] in _CLAUSE_STOPS:
            bare -= 1  # "chill," ends its clause at its own comma
        lo, hi = _clause(text, start, bare)
        if f.replace == "clause" or text[lo:start].strip():
            wording = _balanced(text, lo, hi, wording.rstrip(_KEPT_PUNCTUATION + " "))
            return _Cut(lo, hi, wording, text[lo:hi])
    elif f.replace == "sentence":
        if wording[-1] not in _SENTENCE_END:  # a clause: the sentence keeps its own stop
            while end > start and text[end - 1] in _SENTENCE_END + _SPACES + _INVISIBLE:
                end -= 1
            stops = end
            while stops < len(text) and text[stops] in _STOPS + "՞":
                stops += 1
            if "?" in text[end:stops] or "՞" in text[end:stops]:  # a clause asks nothing
                wording += "."
                end = stops
        return _Cut(start, end, wording, text[start:end])
    else:
        start = _with_subject(text, start)
    ends_on_comma = end > start and text[end - 1] in _KEPT_PUNCTUATION
    if ends_on_comma and wording[-1] not in _KEPT_PUNCTUATION + _SENTENCE_END:
        end -= 1  # "Relax, it's …": the comma was part of the phrase, and stays
    return _Cut(start, end, _balanced(text, start, end, wording), text[start:end])


def _balanced(text: str, start: int, end: int, wording: str) -> str:
    """Keep mrkdwn emphasis whole: a mark the replaced stretch held alone ("_absolutely_ not")
    is put back, closing what opened before it or opening what closes after it."""
    line_start = text.rfind("\n", 0, start) + 1
    for mark in _EMPHASIS:
        if text.count(mark, start, end) % 2:
            if text.count(mark, line_start, start) % 2:
                wording += mark
            else:
                wording = mark + wording
    return wording


def _with_subject(text: str, start: int) -> int:
    """Take in an "I" just before the span: the wording speaks for the agent itself ("I have
    no idea" and "я без поняття" both become "let me find out", not "I let me find out");
    and a particle that opened the sentence ("Та хз" is not "Та дозвольте, я з'ясую")."""
    m = _SUBJECT.search(text, max(0, start - 6), start)
    if m and m.end() == start:
        start = m.start()
    m = _PARTICLE.search(text, max(0, start - 4), start)
    if m and m.end() == start and _starts_sentence(text[max(0, m.start() - _TAIL) : m.start()]):
        start = m.start()
    return start


def _whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a span that starts or ends inside a word ("n't a clue" in "haven't a clue")."""
    while 0 < start < len(text) and text[start].isalnum() and _in_word(text, start - 1):
        start -= 1
    while end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
        end += 1
    return start, end


def _in_word(text: str, i: int) -> bool:
    return text[i].isalnum() or (
        text[i] in "'’" and i > 0 and text[i - 1].isalnum()  # "haven't", "don’t"
    )


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause holding text[start:end], less an opening linking word and outer spaces."""
    lo = start
    while lo > 0 and text[lo - 1] not in _CLAUSE_STOPS and text[lo - 2 : lo] != " -":
        lo -= 1
    while lo < start and text[lo] in _SPACES + _INVISIBLE:
        lo += 1
    link = _LINK.match(text, lo, start)
    if link:
        lo = link.end()
    hi = _clause_end(text, end)
    while _COMPLEMENT.match(text, hi):  # "not our fault, that the courier is late": one clause
        hi = _clause_end(text, hi + 1)
    while hi > end and text[hi - 1] in _SPACES + _INVISIBLE:
        hi -= 1
    return lo, hi


def _clause_end(text: str, i: int) -> int:
    while i < len(text) and text[i] not in _CLAUSE_STOPS and text[i : i + 2] != " -":
        i += 1
    return i


def _merge(cuts: list[_Cut]) -> list[_Cut]:
    """Cuts in order, none overlapping: of two that overlap, the wider one stays."""
    kept: list[_Cut] = []
    for c in sorted(cuts, key=lambda c: (c.start, -c.end)):
        if kept and c.start < kept[-1].end:
            last = kept[-1]
            if (c.end - c.start) > (last.end - last.start) and c.wording:
                kept[-1] = c
            continue
        kept.append(c)
    return kept


def _said_nearby(wording: str, text: str, pos: int, c: _Cut, recent: str) -> bool:
    """Whether the same wording is already there, just before or just after (two findings of
    one rule, or one put in by an earlier pass of the engine's rewrite): in the same sentence,
    or, for a wording that is a clause, in the next or the one before."""
    key = wording.casefold()
    ends = 0 if len(wording) < _CLAUSE_LONG else 2  # sentence ends allowed in between
    window = _JOIN_GAP * (1 + ends)
    written = (recent + text[pos : c.start])[-window - len(wording) :].casefold()
    behind = [m.end() for m in _whole(key).finditer(written)]
    if behind and sum(ch in _SENTENCE_END for ch in written[behind[-1] :]) <= ends:
        return True
    ahead = text[c.end : c.end + window + len(wording)].casefold()
    m = _whole(key).search(ahead)
    return m is not None and sum(ch in _SENTENCE_END for ch in ahead[: m.start()]) <= ends


@lru_cache(maxsize=256)
def _whole(key: str) -> re.Pattern[str]:
    """The wording as whole words: "y" is not in "way"."""
    return re.compile(r"(?<!\w)" + re.escape(key) + r"(?!\w)")


def _drop(text: str, before: str, end: int, at_start: bool) -> tuple[list[str], int, bool]:
    """Remove a span with the comma or space that tied it in. Returns the pieces, where to go
    on, and whether what comes next now starts a sentence (and takes a capital)."""
    bare = before.rstrip(_INVISIBLE)
    if at_start and end < len(text) and text[end] in _STOPS:  # the whole sentence goes
        while end < len(text) and text[end] in _STOPS:
            end += 1
        while end < len(text) and text[end] in _SPACES:
            end += 1
        if end >= len(text):
            return [before.rstrip(_SPACES)], end, False
    tied = ",;" if _EMOJI.match(text, end) else ",;:"  # ":wave:" is not a colon
    while end < len(text) and text[end] in tied and (not bare.strip() or bare[-1].isspace()):
        end += 1
    if not bare or bare[-1] in _SPACES + "\n":
        while end < len(text) and text[end] in _SPACES:
            end += 1
    if end < len(text) and text[end] in ".!?":
        before = before.rstrip(_SPACES + ",;:")
    elif end < len(text) and text[end] in ",;" and bare and bare[-1] in _SPACES:
        before = before.rstrip(_SPACES)
    elif end < len(text) and text[end] in _SPACES and bare[-1:] in (",", ";", ":"):
        before = before.rstrip(",;:")  # "Sorry, <dropped> now" : not "Sorry, now"
        end += 1
        before += " "
    if end >= len(text):
        before = before.rstrip(_SPACES)
    return [before], end, at_start


def _capitalised(piece: str) -> str:
    """The piece with its first letter in capitals (after any spaces, marks or quotes)."""
    for i, ch in enumerate(piece):
        if ch.isalpha():
            return piece[:i] + ch.upper() + piece[i + 1 :]
        if ch.isalnum() or ch not in _OPENERS + "*_~":
            return piece
    return piece


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
