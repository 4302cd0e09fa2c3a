"""phrasebot: a phrasing coach for customer-support replies.

The public surface, for tools that use phrasebot from Python:

    from bot import Coach, KnowledgeBase
    coach = Coach()                              # ./rules.yaml, or the project's own
    report = coach.check("idk, maybe soon")      # a Report: findings and the rewrite
    kb = KnowledgeBase(coach.settings.knowledge, coach.settings.index)
    kb.search("card reader won't turn on")       # [Hit(fix, score), ...], best first

Errors: PhrasebookError (a phrasebook or rules.yaml with problems; .problems lists them, each a
Problem with file, line and column) and EditError (a lead's edit that cannot be made).
Names are loaded on first use, so `import bot` costs nothing until the engine is needed.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__all__ = [
    "Coach",
    "EditError",
    "Finding",
    "Fix",
    "Hit",
    "KnowledgeBase",
    "Level",
    "PhrasebookError",
    "Problem",
    "Report",
    "Settings",
]

_HOMES = {
    "Coach": "bot.coach",
    "KnowledgeBase": "bot.knowledge.search",
    "Finding": "bot.model",
    "Fix": "bot.model",
    "Hit": "bot.model",
    "Level": "bot.model",
    "Report": "bot.model",
    "Settings": "bot.model",
    "EditError": "bot.problems",
    "PhrasebookError": "bot.problems",
    "Problem": "bot.problems",
}

if TYPE_CHECKING:
    from bot.coach import Coach
    from bot.knowledge.search import KnowledgeBase
    from bot.model import Finding, Fix, Hit, Level, Report, Settings
    from bot.problems import EditError, PhrasebookError, Problem


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module 'bot' has no attribute {name!r}")
    return getattr(import_module(_HOMES[name]), name)
