"""A phrase that stands for a family of wordings, written once by a lead.

    {we|I} {can't|cannot|won't be able to} {do|change} {that|anything}
    I [really] don't care                 optional words
    take ... business elsewhere           up to 3 words of the same clause in between
    take ...5 business elsewhere          up to 5 (at most 6); a ... that ends or starts the
                                          phrase is the punctuation it looks like
    ~apologise                            a single word in all its forms (one-word phrases
                                          otherwise match the exact form only)

Alternatives may be empty (`{really|}` is `[really]`) and may nest. expand() turns a phrase
into its plain variants, each a list of word runs with the gap allowed between them, or
raises FamilyError naming what is wrong and where, for lint.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import product

MAX_VARIANTS = 1000  # one phrase may stand for at most this many plain wordings
MAX_GAP = 6
DEFAULT_GAP = 3
SPECIAL = frozenset("{}[]|~") | {"..."}
_GAP = re.compile(r"\.\.\.(\d*)|…(\d*)")


@dataclass(frozen=True)
class Variant:
    """One plain wording: runs of words, and the most words allowed between run i and i+1."""

    runs: tuple[str, ...]
    gaps: tuple[int, ...]
    lemma: bool  # `~word`: a one-word phrase that matches every form of the word

    @property
    def text(self) -> str:
        return " … ".join(self.runs)


class FamilyError(ValueError):
    """A phrase's family syntax is broken: `column` (0-based) points at the spot."""

    def __init__(self, message: str, fix: str, column: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.fix = fix
        self.column = column


def is_family(text: str) -> bool:
    """Whether a phrase uses the family syntax at all (plain phrases skip the parser)."""
    return any(c in text for c in "{}[]|~…") or "..." in text


@dataclass(frozen=True)
class Gap:
    most: int
    column: int


# A parsed phrase: a sequence of items; an item is a word, a Gap, or a tuple of alternatives
# (each itself a sequence).
Item = str | Gap | tuple["list[Item]", ...]
Seq = list[Item]


def expand(text: str) -> list[Variant]:
    """Every plain wording `text` stands for, in the order written."""
    if not is_family(text):
        return [Variant((text.strip(),), (), False)]
    lemma = False
    body = text.strip()
    if body.startswith("~"):
        lemma = True
        body = body[1:]
        if "~" in body or not body.strip():
            raise FamilyError(
                "~ goes once, before a single word", "write e.g. `~apologise`", text.find("~")
            )
    tokens = _tokens(body, offset=len(text) - len(text.lstrip()) + (1 if lemma else 0))
    seq, end = _sequence(tokens, 0, text)
    if end != len(tokens):
        _, column = tokens[end]
        raise FamilyError(f'unexpected "{tokens[end][0]}"', _BALANCE, column)
    variants: list[Variant] = []
    seen: set[tuple[tuple[str, ...], tuple[int, ...]]] = set()
    for flat in _flatten(seq, text):
        variant = _variant(flat, text, lemma)
        key = (variant.runs, variant.gaps)
        if variant.runs and key not in seen:
            seen.add(key)
            variants.append(variant)
        if len(variants) > MAX_VARIANTS:
            raise FamilyError(
                f"this phrase stands for over {MAX_VARIANTS} wordings",
                "split it into two or three phrases, or list fewer alternatives",
            )
    if not variants:
        raise FamilyError("every wording of this phrase is empty", "write at least one word")
    if lemma and any(len(v.runs) != 1 or len(v.runs[0].split()) != 1 for v in variants):
        raise FamilyError(
            "~ matches every form of a single word; this phrase has several",
            "drop the ~: in a phrase of several words every word already matches all its forms",
        )
    return variants


_BALANCE = "every { needs its }, every [ its ]; | goes inside { }"


def _tokens(text: str, offset: int) -> list[tuple[str, int]]:
    out: list[tuple[str, int]] = []
    i = 0
    while i < len(text):
        c = text[i]
        gap = _GAP.match(text, i)
        if gap:
            out.append((gap.group(), offset + i))
            i = gap.end()
        elif c in "{}[]|":
            out.append((c, offset + i))
            i += 1
        elif c.isspace():
            i += 1
        else:
            j = i
            while j < len(text) and not text[j].isspace() and text[j] not in "{}[]|":
                if _GAP.match(text, j):
                    break
                j += 1
            out.append((text[i:j], offset + i))
            i = j
    return out


def _sequence(tokens: list[tuple[str, int]], i: int, text: str) -> tuple[Seq, int]:
    seq: Seq = []
    while i < len(tokens):
        tok, column = tokens[i]
        if tok in ("}", "]", "|"):
            return seq, i
        if tok == "{":
            alternatives, i = _alternatives(tokens, i + 1, text, column)
            seq.append(alternatives)
            continue
        if tok == "[":
            inner, j = _sequence(tokens, i + 1, text)
            if j >= len(tokens) or tokens[j][0] != "]":
                raise FamilyError("[ is never closed", _BALANCE, column)
            if not inner:
                raise FamilyError("[ ] holds nothing", "put the optional words inside", column)
            seq.append((inner, []))
            i = j + 1
            continue
        gap = _GAP.fullmatch(tok)
        if gap:
            digits = gap.group(1) or gap.group(2)
            most = int(digits) if digits else DEFAULT_GAP
            if not 1 <= most <= MAX_GAP:
                raise FamilyError(
                    f"a gap of {most} words is not allowed",
                    f"write ... for up to {DEFAULT_GAP} words, or ...N with N from 1 to {MAX_GAP}",
                    column,
                )
            seq.append(Gap(most, column))
        elif "~" in tok:
            raise FamilyError(
                "~ goes once, at the start of a one-word phrase", "write e.g. `~apologise`", column
            )
        else:
            seq.append(tok)
        i += 1
    return seq, i


def _alternatives(
    tokens: list[tuple[str, int]], i: int, text: str, column: int
) -> tuple[tuple[Seq, ...], int]:
    options: list[Seq] = []
    while True:
        inner, i = _sequence(tokens, i, text)
        options.append(inner)
        if i >= len(tokens):
            raise FamilyError("{ is never closed", _BALANCE, column)
        if tokens[i][0] == "|":
            i += 1
            continue
        if tokens[i][0] != "}":
            raise FamilyError(f'"{tokens[i][0]}" inside {{ }}', _BALANCE, tokens[i][1])
        if len(options) < 2:
            raise FamilyError("{ } with one choice", "separate the choices with |: {we|I}", column)
        return tuple(options), i + 1


def _flatten(seq: Seq, text: str) -> list[list[str | Gap]]:
    """Every way through the choices, as flat lists of words and gaps."""
    parts: list[list[list[str | Gap]]] = []
    for item in seq:
        if isinstance(item, tuple):
            choices: list[list[str | Gap]] = []
            for option in item:
                choices.extend(_flatten(option, text))
                if len(choices) > MAX_VARIANTS:
                    break
            parts.append(choices)
        else:
            parts.append([[item]])
    out: list[list[str | Gap]] = []
    for combo in product(*parts):
        out.append([x for piece in combo for x in piece])
        if len(out) > MAX_VARIANTS * 4:
            raise FamilyError(
                f"this phrase stands for over {MAX_VARIANTS} wordings",
                "split it into two or three phrases, or list fewer alternatives",
            )
    return out


def _variant(flat: list[str | Gap], text: str, lemma: bool) -> Variant:
    """Join words into runs split at gaps. A ... with no word before or after it is the
    punctuation it looks like ("whatever..."), not a gap."""
    runs: list[str] = []
    gaps: list[int] = []
    words: list[str] = []
    pending: Gap | None = None
    for x in flat:
        if isinstance(x, Gap):
            if not words and not runs:
                words.append("...")
                continue
            pending = x if pending is None else Gap(pending.most + x.most, x.column)
            continue
        if pending is not None:
            runs.append(" ".join(words))
            gaps.append(min(pending.most, MAX_GAP))
            words = []
            pending = None
        words.append(x)
    if pending is not None:
        words[-1:] = [words[-1] + "..."] if words else ["..."]
    if words:
        runs.append(" ".join(words))
    return Variant(tuple(runs), tuple(gaps), lemma)
