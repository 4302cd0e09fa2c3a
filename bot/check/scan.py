"""What one pass of the phrase tier over a draft leaves, shared by the engine and the review.

Keep says which findings a check reports and holds its clock; Label names what a phrase in the
trie stands for; Scan is the pass itself: the findings, and what the meaning tier reads next.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

from bot.check import nlp
from bot.check.matcher import Match
from bot.check.scope import Clock
from bot.model import Finding, Level, Phrase


@dataclass(frozen=True)
class Keep:
    """Which findings a check reports (at least this level, and none of these rules), and
    the clock it runs against."""

    min_level: Level
    skip: Collection[str]  # asked only about rules that matched: it may be looked up lazily
    clock: Clock


@dataclass(frozen=True)
class Scan:
    """One pass of the phrase tier over a draft, and what the meaning tier reads after it."""

    lang: str
    findings: tuple[Finding, ...]
    tokens: nlp.Tokens | None = None
    walls: list[bool] = field(default_factory=list)  # hidden markup a sentence ends at
    visible: str = ""  # the prose (mrkdwn code, links and quote lines blanked), same offsets
    safe: str = ""  # the draft with lone surrogates replaced, one for one
    matches: list[Match] = field(default_factory=list)


@dataclass(frozen=True)
class Label:
    kind: str  # "rule", "except" or "cue"
    name: str  # rule id or cue name
    phrase: Phrase
    single: bool  # a one-word phrase: guarded against proper names ("the Relax Plus plan")
