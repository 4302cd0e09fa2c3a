"""A token trie that finds every phrase in a draft in one pass.

Like spaCy's PhraseMatcher, the work per draft follows the draft's length, not the number of
phrases: from each token we walk down the trie by the token's keys, so 14 rules or 10,000 cost
about the same. Unlike PhraseMatcher, a walk may step over a few filler words ("I *really*
don't know", "not *really* my problem") and a token can carry several keys (form and lemma).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field

MAX_GAP = 2  # filler words allowed between two words of a phrase
COMMA = "=,"  # commas may stand around fillers ("Мені, чесно, все одно"), never alone


@dataclass
class _Node:
    children: dict[str, _Node] = field(default_factory=dict)
    ends: list[Hashable] = field(default_factory=list)


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

    def add(self, keys: Sequence[str], label: Hashable) -> None:
        node = self._root
        for key in keys:
            node = node.children.setdefault(key, _Node())
        node.ends.append(label)
        self.size += 1

    def find(self, keys: Sequence[Sequence[str]], walls: Sequence[bool] = ()) -> list[Match]:
        """Find every phrase; walls[i] is True where a phrase may not continue into token i."""
        found: list[Match] = []
        n = len(keys)
        root = self._root.children
        wall = list(walls) if walls else [False] * n
        for i in range(n):
            for key in keys[i]:
                node = root.get(key)
                if node is not None:
                    self._extend(node, i, i, keys, wall, found)
        return found

    def _extend(
        self,
        node: _Node,
        first: int,
        last: int,
        keys: Sequence[Sequence[str]],
        wall: list[bool],
        found: list[Match],
    ) -> None:
        for label in node.ends:
            found.append(Match(label, first, last))
        if not node.children:
            return
        pos, words, commas = last + 1, 0, 0
        while pos < len(keys) and not wall[pos]:
            if pos == last + 1 or words:
                for key in keys[pos]:
                    child = node.children.get(key)
                    if child is not None:
                        self._extend(child, first, pos, keys, wall, found)
            if words < MAX_GAP and not self._fillers.isdisjoint(keys[pos]):
                words += 1
            elif commas < MAX_GAP and COMMA in keys[pos]:
                commas += 1
            else:
                break
            pos += 1
