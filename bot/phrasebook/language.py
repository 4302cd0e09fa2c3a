"""The shared file of a phrasebook, _language.yaml: fillers, cues, and the context of every rule.

Fillers are words a phrase may step over ("I *really* don't know"); cues are phrases and token
patterns that cancel a rule nearby ("soon ... by 3 pm"); `context:` names cues that cancel every
rule ("the customer said ...", "anyone who ..."). A word or phrase listed twice is a problem,
like a phrase listed by two rules.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.model import Cue, Unless
from bot.phrasebook.reader import Reader, read_yaml, same_words
from bot.phrasebook.safe_regex import problem_with
from bot.problems import Problem

KEYS = ("fillers", "cues", "context")
CUE_KEYS = ("phrases", "patterns")


@dataclass(frozen=True)
class Shared:
    """What _language.yaml gives every rule."""

    cues: tuple[Cue, ...] = ()
    fillers: dict[str, tuple[str, ...]] = field(default_factory=dict)
    context: tuple[Unless, ...] = ()


def load(path: Path, overlay: Mapping[str, str] | None) -> tuple[Shared, list[Problem]]:
    doc, problems = read_yaml(path, "-", overlay)
    if doc is None:
        return Shared(), problems
    r = Reader(str(path), doc, "-")
    data = r.mapping(doc.value or {}, (), "the shared language file")
    r.unknown_keys(data, (), KEYS, f"use one of: {', '.join(KEYS)}")
    fillers = {}
    for lang, words in r.per_language(data.get("fillers", {}), ("fillers",), "fillers").items():
        if isinstance(words, list) and all(isinstance(w, str) and _one_word(w) for w in words):
            fillers[lang] = tuple(words)
            for i, first in _repeats([same_words(w) for w in words]):
                r.problem(
                    ("fillers", lang, i),
                    f'filler "{words[i]}" ({lang}) is listed twice'
                    f" (first on line {doc.line('fillers', lang, first)})",
                    "keep one of them",
                )
        else:
            r.problem(
                ("fillers", lang),
                "fillers must be a list of single words",
                "write one word per `- ` line",
            )
    cues = []
    for name, body in r.mapping(data.get("cues", {}), ("cues",), "cues").items():
        r.rule = f"cue {name}"
        body = r.mapping(body, ("cues", name), f"cue {name}")
        r.unknown_keys(body, ("cues", name), CUE_KEYS, "use phrases and patterns")
        phrases = r.phrase_list(body.get("phrases", {}), ("cues", name, "phrases"), "phrases")
        for i, first in _repeats([(p.lang, same_words(p.text)) for p in phrases]):
            twice, earlier = phrases[i], phrases[first]
            r.problems.append(
                Problem(
                    r.file,
                    twice.line,
                    r.rule,
                    f'cue phrase "{twice.text}" ({twice.lang}) is listed twice'
                    f" (first on line {earlier.line})",
                    "keep one of them",
                    twice.column,
                    doc.source(twice.line),
                )
            )
        patterns = _patterns(r, body.get("patterns", []), ("cues", name, "patterns"))
        cues.append(Cue(name, phrases, patterns))
    r.rule = "-"
    names = tuple(c.name for c in cues)
    context = (
        r.unless_list(data.get("context", []), ("context",), names) if "context" in data else ()
    )
    return Shared(tuple(cues), fillers, context), r.problems


def _one_word(word: str) -> bool:
    return bool(word.strip()) and len(word.split()) == 1


def _repeats(items: Sequence[Hashable]) -> list[tuple[int, int]]:
    """(index, index of its first occurrence) for every item listed before."""
    first: dict[Hashable, int] = {}
    out = []
    for i, item in enumerate(items):
        if item in first:
            out.append((i, first[item]))
        else:
            first[item] = i
    return out


def _patterns(r: Reader, value: Any, path: tuple[str | int, ...]) -> tuple[str, ...]:
    out = []
    for i, pattern in enumerate(value if isinstance(value, list) else [value]):
        trouble = problem_with(pattern)
        if trouble:
            r.problem(
                (*path, i),
                f"unsafe or invalid pattern {pattern!r}: {trouble}",
                "write a simpler pattern, or plain phrases instead",
            )
        else:
            out.append(pattern)
    return tuple(out)
