"""Shared helpers for the Block Kit builder tests: made-up reports, fixes and rules, tree walks."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from bot.coach import Coach
from bot.model import (
    Finding,
    Fix,
    Hit,
    Level,
    Phrase,
    Phrasebook,
    Report,
    Rule,
    RuleSetting,
    Settings,
    UserSummary,
)
from bot.slack.blocks.home import home

DRAFT = "I don't know, we'll fix it soon"
RLI, PDI, RLM = "\u2067", "\u2069", "\u200f"


def finding(rule: str, start: int, end: int, text: str, **kw: Any) -> Finding:
    """A finding on text[start:end], with made-up wording."""
    values: dict[str, Any] = {
        "level": Level.WARNING,
        "message": f"{rule} message",
        "why": f"{rule} why",
        "better_wording": f"{rule} suggestion",
        "replace_with": "[instead]",
        "lang": "en",
    }
    values.update(kw)
    return Finding(rule=rule, start=start, end=end, match=text[start:end], **values)


def small_report(draft: str = DRAFT) -> Report:
    """The two findings the shipped phrasebook gives DRAFT."""
    at = draft.index("I don't know")
    soon = draft.index("soon")
    findings = (
        finding("dont-know", at, at + 12, draft, better_wording="Let me find out for you."),
        finding("vague-timeline", soon, soon + 4, draft, better_wording="By 3 pm today."),
    )
    return Report(draft, "en", findings, "Let me find out, we'll fix it by [time]")


SIMILAR_DRAFT = "Hi Ann. I have zero idea why the parcel is late. We'll write soon."
LIKE = "No clue what happened to your parcel."


def similar_report(draft: str = SIMILAR_DRAFT, like: str = LIKE, lang: str = "en") -> Report:
    """A sentence the meaning tier flagged for dont-know, and a phrase finding after it."""
    start = draft.index("I have") if "I have" in draft else 0
    end = draft.index(".", start) + 1 if "." in draft[start:] else len(draft)
    findings = [finding("dont-know", start, end, draft, how="similar", like=like, lang=lang)]
    if "soon" in draft:
        soon = draft.index("soon")
        findings.append(finding("vague-timeline", soon, soon + 4, draft))
    return Report(draft, lang, tuple(findings), draft)


def many_findings_report(n: int = 200) -> Report:
    """n findings of n different rules, one per word."""
    words = [f"word{i}" for i in range(n)]
    text = " ".join(words) + "."
    findings, pos = [], 0
    for i, word in enumerate(words):
        findings.append(finding(f"rule-{i}", pos, pos + len(word), text))
        pos += len(word) + 1
    return Report(text, "en", tuple(findings), text.upper())


def huge_report() -> Report:
    """A 40,000-character draft with a finding at its start and one deep inside."""
    text = (("I don't know. " + "x" * 30 + " ") * 900)[:40_000]
    deep = text.index("I don't know", 20_000)
    findings = (finding("dont-know", 0, 12, text), finding("dont-know", deep, deep + 12, text))
    return Report(text, "en", findings, text.replace("I don't know", "Let me find out"))


def fix(n: int = 1, **kw: Any) -> Fix:
    values: dict[str, Any] = {
        "id": f"fix-{n}",
        "title": f"Refund stuck {n}",
        "fix": f"Open the order.\nPress Refund again ({n}).",
        "problem": "The refund button spins forever",
    }
    values.update(kw)
    return Fix(**values)


def hits(n: int) -> tuple[Hit, ...]:
    return tuple(Hit(fix(i), 0.9) for i in range(1, n + 1))


def rule(rule_id: str, phrases: int = 2) -> Rule:
    return Rule(
        id=rule_id,
        level=Level.WARNING,
        message=f"{rule_id} message",
        why="why",
        better_wording={"en": "better"},
        replace_with={"en": "instead"},
        phrases=tuple(Phrase(f"p{i}", "en") for i in range(phrases)),
    )


def home_view(*, is_lead: bool, rules: int = 3, **kw: Any) -> dict[str, Any]:
    book = Phrasebook(tuple(rule(f"rule-{i}") for i in range(rules)))
    return home(
        user_id="U123",
        summary=UserSummary(tips=4, helpful=2, top_rules=(("rule-0", 3),), muted=("rule-1",)),
        book=book,
        settings=Settings(rules={"rule-2": RuleSetting(off=True)}),
        is_lead=is_lead,
        **kw,
    )


def walk(node: Any) -> Iterator[dict[str, Any]]:
    """Every dict inside a block tree."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from walk(value)


def texts(blocks: list[dict[str, Any]]) -> list[str]:
    return [node["text"] for node in walk(blocks) if isinstance(node.get("text"), str)]


def buttons(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [node for node in walk(blocks) if node.get("type") == "button"]


def limit_breaches(blocks: list[dict[str, Any]]) -> list[str]:
    """Every Block Kit text or list limit the blocks break, as readable strings."""
    out = []
    for block in blocks:
        kind = block["type"]
        if kind == "section" and len(block.get("text", {}).get("text", "")) > 3000:
            out.append("section text")
        if kind == "header" and len(block["text"]["text"]) > 150:
            out.append("header text")
        if kind == "context" and any(len(e.get("text", "")) > 3000 for e in block["elements"]):
            out.append("context text")
    for node in buttons(blocks):
        if len(node["text"]["text"]) > 75 or len(node.get("value", "")) > 2000:
            out.append("button")
    for node in walk(blocks):
        if "options" in node and len(node["options"]) > 100:
            out.append("options")
        is_option = "value" in node and "text" in node and node.get("type") != "button"
        if is_option and len(node["text"]["text"]) > 75:
            out.append("option text")
    if any("_drop" in node for node in walk(blocks)):
        out.append("private key left in")
    return out


@pytest.fixture(scope="module")
def real_coach() -> Coach:
    return Coach()
