"""Known fixes to offer with a checked draft, when a rule asks for an alternative.

A flat "no" or "not our problem" should come with another way forward: rules with
`alternatives: true` offer the fixes that fit the conversation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.knowledge.terms import tokens_terms
from bot.model import Hit, Report

if TYPE_CHECKING:
    from bot.knowledge.search import KnowledgeBase

DRAFT_MIN_SCORE = 0.5  # a draft's own words must match well to suggest a fix
DRAFT_MIN_WORDS = 2


def fixes_for(
    kb: KnowledgeBase, report: Report, context: str | None = None, limit: int = 3
) -> list[Hit]:
    """Known fixes for a checked draft whose findings call for an alternative ([] otherwise).

    The customer's message (context) says best what the conversation is about. The draft is
    the agent's own words, so it is searched without its flagged phrases ("not our problem"
    is no topic), and only a confident match counts.
    """
    if not any(f.alternatives for f in report.findings):
        return []
    hits: dict[str, Hit] = {}
    if context:
        for hit in kb.search(context, limit):
            hits.setdefault(hit.fix.id, hit)
    # "why that happens" names no topic: a draft needs a few words of its own to be searched,
    # and they must be found as words (embedding every tipped draft would cost 20-70 ms each).
    # The check tokenized the draft's prose already: its tokens are searched, not tokenized
    # again (a third of a JSONL run's CPU went to doing it twice).
    flagged = [(f.start, f.end) for f in report.findings]
    own = tokens_terms(report.tokens, flagged) if report.tokens else None
    text = report.text if own is not None else _unflagged(report)
    found = kb.search(
        text, limit, min_words=DRAFT_MIN_WORDS, words_only=True, terms=own, floor=DRAFT_MIN_SCORE
    )
    for hit in found:
        if hit.score >= DRAFT_MIN_SCORE:
            hits.setdefault(hit.fix.id, hit)
    return list(hits.values())[:limit]


def _unflagged(report: Report) -> str:
    text = report.text
    for f in sorted(report.findings, key=lambda f: -f.start):
        text = text[: f.start] + " " + text[f.end :]
    return text
