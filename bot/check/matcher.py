"""A token trie that finds every phrase in a draft in one pass.

Like spaCy's PhraseMatcher, the work per draft follows the draft's length, not the number of
phrases: from each token we walk down the trie by the token's keys, so 14 rules or 10,000 cost
about the same. Unlike PhraseMatcher, a walk may step over a few filler words ("I *really*
don't know", "not *really* my problem"), a token can carry several keys (form and lemma), and
a phrase may hold a bounded gap (an int among its keys: "take ... business elsewhere" skips up
to that many words, never across a wall or a clause break).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

MAX_GAP = 2  # filler words allowed between two words of a phrase
# A comma or a dash is a pause: pauses may stand around fillers ("Мені, чесно, все одно"), and
# alone once a phrase is two words in ("для тих, хто в танку", "не хочете — не треба"), never
# straight after its first word ("No, way more than that" is not "no way").
PAUSES = frozenset({"=,", "=-"})


class _Node:
    """One trie node. Slots and a plain constructor: a compiled phrasebook holds thousands of
    them, and loading it from disk (bot.phrasebook.compiled) makes each one again."""

    __slots__ = ("children", "ends", "gaps")

    def __init__(
        self,
        children: dict[str, _Node] | None = None,
        ends: list[Hashable] | None = None,
        gaps: dict[int, _Node] | None = None,
    ) -> None:
        self.children = children if children is not None else {}
        self.ends = ends if ends is not None else []
        self.gaps = gaps if gaps is not None else {}  # most words skipped -> what follows

    def __reduce__(self) -> tuple[type[_Node], tuple[object, ...]]:
        return (_Node, (self.children, self.ends, self.gaps))


@dataclass(frozen=True)
class Match:
    label: Hashable
    first: int  # token indexes, inclusive
    last: int


class Matcher:
    """Map sequences of keys to labels; find them in token key lists."""

    def __init__(self, fillers: Iterable[str] = ()) -> None:
        self._root = _Node()
        self._fillers = frozenset(fillers)
        self.size = 0

    def add(self, keys: Sequence[str | int], label: Hashable) -> None:
        """Add a phrase: its keys, an int between two of them for a gap of up to that many
        words."""
        node = self._root
        for key in keys:
            if isinstance(key, int):
                node = node.gaps.setdefault(key, _Node())
            else:
                node = node.children.setdefault(key, _Node())
        node.ends.append(label)
        self.size += 1

    def find(
        self,
        keys: Sequence[Sequence[str]],
        walls: Sequence[bool] = (),
        stops: Sequence[bool] = (),
    ) -> list[Match]:
        """Find every phrase; walls[i] is True where a phrase may not continue into token i,
        stops[i] where token i ends a clause (a gap may not step over it)."""
        found: list[Match] = []
        n = len(keys)
        root = self._root.children
        wall = list(walls) if walls else [False] * n
        stop = list(stops) if stops else [False] * n
        for i in range(n):
            for key in keys[i]:
                node = root.get(key)
                if node is not None:
                    self._extend(node, i, i, keys, (wall, stop), found)
        return found

    def _extend(
        self,
        node: _Node,
        first: int,
        last: int,
        keys: Sequence[Sequence[str]],
        limits: tuple[list[bool], list[bool]],
        found: list[Match],
    ) -> None:
        for label in node.ends:
            found.append(Match(label, first, last))
        for most, after in node.gaps.items():
            self._across(after, most, first, last, keys, limits, found)
        if not node.children:
            return
        wall = limits[0]
        pos, words, commas = last + 1, 0, 0
        while pos < len(keys) and not wall[pos]:
            if pos == last + 1 or words or last > first:
                for key in keys[pos]:
                    child = node.children.get(key)
                    if child is not None:
                        self._extend(child, first, pos, keys, limits, found)
            if words < MAX_GAP and not self._fillers.isdisjoint(keys[pos]):
                words += 1
            elif commas < MAX_GAP and not PAUSES.isdisjoint(keys[pos]):
                commas += 1
            else:
                break
            pos += 1

    def _across(
        self,
        node: _Node,
        most: int,
        first: int,
        last: int,
        keys: Sequence[Sequence[str]],
        limits: tuple[list[bool], list[bool]],
        found: list[Match],
    ) -> None:
        """Go on from `node` at any of the next most+1 tokens of the same clause."""
        wall, stop = limits
        for pos in range(last + 1, min(last + 2 + most, len(keys))):
            if wall[pos] or stop[pos]:
                return
            for key in keys[pos]:
                child = node.children.get(key)
                if child is not None:
                    self._extend(child, first, pos, keys, limits, found)
