"""Values that cross module lines: rules, findings, fixes, settings, counts."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import IntEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.check.nlp import Tokens

LANGUAGES = ("en", "uk", "ru", "he", "hy")
# Rule ids (the file name) and known-fix ids: lower-case words joined by dashes.
KEBAB_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class Level(IntEnum):
    """How serious a finding is; ordered so that settings can ask for a minimum."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, name: str) -> Level:
        return cls[name.upper()]

    def __str__(self) -> str:
        return self.name.lower()


LEVEL_NAMES = tuple(str(level) for level in Level)
# How much of a draft a rule's replace_with stands for: just the flagged words, or the clause
# around them (a wording that is a whole clause: "I'll ask my team lead to review this").
REPLACE_MODES = ("span", "clause")


@dataclass(frozen=True)
class Phrase:
    """One way of saying the flagged thing, as a lead wrote it."""

    text: str
    lang: str
    replace_with: str | None = None  # its own wording for the rewrite; None: the rule's
    line: int = 0
    column: int = 0


@dataclass(frozen=True)
class Unless:
    """Do not fire when a cue (a concrete time, an alternative offered) is found nearby."""

    cue: str
    scope: str  # one of bot.phrasebook.reader.SCOPES


@dataclass(frozen=True)
class Example:
    text: str
    lang: str
    bad: bool
    line: int = 0
    column: int = 0


@dataclass(frozen=True)
class RewriteSpec:
    """A rewrite the rule promises, as prh's specs do: checking `text` must give `to`."""

    text: str
    to: str
    lang: str
    line: int = 0
    column: int = 0


@dataclass(frozen=True)
class Sample:
    """One sentence of a rule's meaning bank (phrasebook/meaning/<rule>.yaml): a way of saying
    what the rule forbids (bad), or a harmless sentence that sounds close (good)."""

    rule: str
    text: str
    lang: str
    bad: bool
    file: str = ""
    line: int = 0


@dataclass(frozen=True)
class Rule:
    id: str
    level: Level
    message: str
    why: str
    better_wording: dict[str, str]  # language -> the better way to say it, shown to the agent
    replace_with: dict[str, str]  # language -> what the rewrite puts in place of the match
    phrases: tuple[Phrase, ...]
    exceptions: tuple[Phrase, ...] = ()
    unless: tuple[Unless, ...] = ()
    examples: tuple[Example, ...] = ()
    replace: str = "span"  # how much replace_with stands for: "span" or "clause" (REPLACE_MODES)
    rewrites: tuple[RewriteSpec, ...] = ()
    link: str | None = None
    alternatives: bool = False  # findings offer known fixes from the knowledge base
    veto: bool = True  # the meaning tier may drop a phrase finding whose sentence reads harmless
    owner: str | None = None
    reviewed: str | None = None
    file: str = ""
    line: int = 1

    def better_wording_for(self, lang: str) -> str:
        return (
            self.better_wording.get(lang)
            or self.better_wording.get("en")
            or next(iter(self.better_wording.values()), "")
        )


@dataclass(frozen=True)
class Cue:
    """Words that change a rule's meaning nearby: "by 3 pm", "but here is what we can do"."""

    name: str
    phrases: tuple[Phrase, ...]
    patterns: tuple[str, ...] = ()  # regexes tried on single tokens; checked for safety on load


@dataclass(frozen=True)
class Phrasebook:
    rules: tuple[Rule, ...]
    cues: tuple[Cue, ...] = ()
    fillers: dict[str, tuple[str, ...]] = field(default_factory=dict)
    path: str = ""
    context: tuple[Unless, ...] = ()  # cues that cancel every rule (reported speech, ...)
    bank: tuple[Sample, ...] = ()  # the meaning bank: sentences per rule, bad and good

    def rule(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)


@dataclass(frozen=True)
class Finding:
    rule: str
    level: Level
    start: int  # offsets into the original draft, end exclusive
    end: int
    match: str
    message: str
    why: str
    better_wording: str  # the rule's, in the draft's language ("suggestion" in --jsonl)
    replace_with: str  # what the rewrite puts in place of the match ("instead" in --jsonl)
    lang: str
    alternatives: bool = False  # the rule asks for known fixes to be offered with it
    how: str = "phrase"  # "phrase": a listed wording matched; "similar": the meaning tier
    # What replace_with stands for: "span", "clause", "sentence", or "own" (a phrase's own
    # wording in a clause rule: the span, or the clause when other words open it)
    replace: str = "span"
    like: str = ""  # for "similar": the bank sentence it sounds most like


@dataclass(frozen=True)
class Report:
    """The answer to one draft."""

    text: str
    lang: str
    findings: tuple[Finding, ...]
    rewrite: str
    # The prose's tokens (offsets into text), so the draft's own words can be searched for
    # known fixes without tokenizing it again; never output, never compared.
    tokens: Tokens | None = field(default=None, compare=False, repr=False)

    @property
    def clean(self) -> bool:
        return not self.findings


@dataclass(frozen=True)
class Fix:
    """One known fix from the knowledge base."""

    id: str
    title: str
    fix: str  # the steps, plain text or Slack-style markdown
    problem: str = ""
    lang: str = "en"
    tags: tuple[str, ...] = ()
    alternatives: tuple[str, ...] = ()  # what to offer when the fix is not possible
    links: tuple[str, ...] = ()
    file: str = ""
    line: int = 0


@dataclass(frozen=True)
class Hit:
    """A fix found for a query, with a confidence in (0, 1] and why it was found: the query's
    words it holds, and whether its meaning is close (the fix's language is fix.lang)."""

    fix: Fix
    score: float
    words: tuple[str, ...] = ()
    meaning: bool = False


@dataclass(frozen=True)
class Job:
    """One accepted message event whose tip is not delivered yet: the outbox's row."""

    event_id: str
    user: str
    channel: str
    channel_type: str
    ts: str
    thread_ts: str | None
    text: str
    previous: str | None  # the text before an edit, when Slack sent it
    claims: int = 0  # how many times it was claimed, this claim included
    team: str = ""  # the workspace (or Enterprise Grid org) it came from; "" with one workspace
    accepted: float = field(default=0.0, compare=False)  # when it was accepted (unix seconds)


@dataclass(frozen=True)
class PendingEdit:
    """A lead's edit accepted from a Slack form and not yet live or refused."""

    id: int
    user: str
    form: str  # the form's callback id
    fields: dict[str, str]
    team: str = ""  # the workspace the lead edits


@dataclass(frozen=True)
class StatRow:
    """Counts for one rule in one language and channel; never any message text."""

    rule: str
    lang: str
    channel: str
    shown: int = 0
    helpful: int = 0
    false_alarm: int = 0
    muted: int = 0


@dataclass(frozen=True)
class UserSummary:
    """One agent's own counts, for App Home."""

    tips: int = 0
    helpful: int = 0
    false_alarm: int = 0
    top_rules: tuple[tuple[str, int], ...] = ()  # (rule id, times flagged), most first
    muted: tuple[str, ...] = ()  # rule ids this agent muted


@dataclass(frozen=True)
class AuditEntry:
    """One lead change: who, when (unix seconds), what."""

    when: float
    user: str
    action: str  # add-phrase, add-exception, add-rule, rule-off, rule-on, reload
    rule: str
    detail: str  # the phrasebook content changed (phrases are not customer text)


@dataclass(frozen=True)
class RuleSetting:
    level: Level | None = None  # None keeps the phrasebook's level
    off: bool = False


@dataclass(frozen=True)
class ChannelSetting:
    """How the Slack app treats one channel; "*" in rules.yaml sets the default."""

    tips: bool = True  # tips after posting in this channel
    min_level: Level | None = None  # None keeps the global min_level


@dataclass(frozen=True)
class Settings:
    """What is checked where (rules.yaml). Paths are absolute once loaded from a file."""

    phrasebook: str = "phrasebook"
    languages: tuple[str, ...] = LANGUAGES
    min_level: Level = Level.INFO
    rules: dict[str, RuleSetting] = field(default_factory=dict)
    channels: dict[str, ChannelSetting] = field(default_factory=dict)
    knowledge: str = "knowledge"  # the folder of known fixes
    index: str = ".phrasebot/knowledge.sqlite"  # the search index, rebuilt from `knowledge`
    store: str = ".phrasebot/phrasebot.sqlite"  # counts, feedback, mutes, audit log
    database: str = ""  # a postgresql:// URL: the store many workers share, instead of `store`
    leads: tuple[str, ...] = ()  # Slack user ids (U…, W…) or user group ids (S…)
    tips_per_hour: int = 10  # per agent, after posting; 0 turns the cap off
    log_text: bool = False  # log message text (debugging only; off keeps drafts private)
    check_seconds: float = 5.0  # a draft's check still running after this long is cut off
    meaning: bool = True  # the meaning tier: sentences that mean what a rule forbids
    meaning_tuning: dict[str, float] = field(default_factory=dict)  # its margins, if set
    path: str = ""

    def channel(self, channel_id: str) -> ChannelSetting:
        """The setting for a channel: its own entry, else "*", else tips at the global level."""
        return self.channels.get(channel_id) or self.channels.get("*") or ChannelSetting()

    def level_in(self, channel_id: str) -> Level:
        return self.channel(channel_id).min_level or self.min_level
