"""Known fixes: the list /fixes and "Show known fixes" answer with, and a fix shared in a channel."""

from __future__ import annotations

from collections.abc import Sequence

from bot.model import Fix, Hit
from bot.slack import ids
from bot.slack.blocks import kit
from bot.slack.blocks.kit import Block, Message


def fixes_list(query: str, hits: Sequence[Hit]) -> Message:
    """List known fixes for a query, each with a button to share it in the channel."""
    shown = kit.isolate(kit.esc(kit.clip(kit.one_line(query), 200)))
    if not hits:
        return kit.message(f'phrasebot: no known fix for "{shown}"', [kit.section(_no_fix(shown))])
    blocks = [
        kit.header("Known fixes"),
        kit.context(f'For "{shown}": {kit.plural(len(hits), "fix")}'),
        *[_fix_item(hit) for hit in hits],
    ]
    return kit.message(f'phrasebot: {kit.plural(len(hits), "known fix")} for "{shown}"', blocks)


def _no_fix(shown: str) -> str:
    return (
        f'No known fix for "{shown}" yet.\n'
        "Try other words: the product, the error message, what the customer is trying to do. "
        "If this keeps coming up, ask a team lead to add a fix to the knowledge base."
    )


def _fix_item(hit: Hit) -> Block:
    text = _fix_full(hit.fix)
    if hit.words or hit.meaning:
        text += "\n" + _why(hit)
    block = kit.section(text)
    block["accessory"] = kit.button("Share in channel", ids.SHARE_FIX, hit.fix.id)
    return kit.optional(block, "fix", [hit.fix.id])


def _why(hit: Hit) -> str:
    """Why the search found a fix, so an agent can judge it: the words, similar meaning, and
    the fix's language."""
    reasons = []
    if hit.words:
        reasons.append(kit.isolate(kit.esc(", ".join(hit.words))))
    if hit.meaning:
        reasons.append("similar meaning")
    return f"_matched: {' + '.join(reasons)} · {hit.fix.lang}_"


def shared_fix(fix: Fix, user_id: str) -> Message:
    """Post a known fix for everyone in a channel, saying who shared it."""
    who = kit.mention(user_id)
    blocks = [kit.context(f"{who} shared a known fix"), *_fix_blocks(fix)]
    return kit.message(
        f"{who} shared a known fix: {kit.isolate(kit.kb_text(kit.clip(kit.one_line(fix.title), 200)))}",
        blocks,
    )


def _fix_blocks(fix: Fix) -> list[Block]:
    """A whole fix; long steps run over several sections."""
    head = [f"*{kit.kb_text(kit.clip(kit.one_line(fix.title), 200))}*"]
    if fix.problem:
        head.append(kit.kb_text(kit.clip(fix.problem, 1000)))
    steps, cut = kit.pieces(kit.kb_text(fix.fix.strip()), kit.CODE_PIECE, 10)
    blocks = [kit.section("\n".join(head)), *[kit.section(s) for s in steps]]
    if cut:
        blocks.append(
            kit.context("The fix is longer than a Slack message can show: the rest is cut.")
        )
    tail = []
    if fix.alternatives:
        tail += [
            "*If that is not possible:*",
            *[f"• {kit.kb_text(kit.one_line(a))}" for a in fix.alternatives],
        ]
    if fix.links:
        tail.append(" · ".join(kit.link(url) for url in fix.links))
    return blocks + ([kit.section("\n".join(tail))] if tail else [])


def fix_summary(fix: Fix) -> str:
    """A fix in three lines: title, problem, the first line of the steps."""
    lines = [f"*{kit.kb_text(kit.clip(kit.one_line(fix.title), 200))}*"]
    if fix.problem:
        lines.append(kit.kb_text(kit.clip(kit.one_line(fix.problem), 300)))
    first = next((line.strip() for line in fix.fix.splitlines() if line.strip()), "")
    if first:
        lines.append(kit.kb_text(kit.clip(first, 300)))
    return "\n".join(lines)


def hit_summary(hit: Hit) -> str:
    """A found fix in three lines (fix_summary), then why it was found when the search says."""
    text = fix_summary(hit.fix)
    return text + "\n" + _why(hit) if hit.words or hit.meaning else text


def _fix_full(fix: Fix, steps: int = 1500) -> str:
    """A fix as agents use it: title, problem, the steps, what else to offer, links."""
    lines = [f"*{kit.kb_text(kit.clip(kit.one_line(fix.title), 200))}*"]
    if fix.problem:
        lines.append(kit.kb_text(kit.clip(fix.problem, 400)))
    lines.append(kit.kb_text(kit.clip(fix.fix.strip(), steps)))
    if fix.alternatives:
        lines.append("*If that is not possible:*")
        lines += [f"• {kit.kb_text(kit.clip(kit.one_line(a), 300))}" for a in fix.alternatives]
    if fix.links:
        lines.append(" · ".join(kit.link(url) for url in fix.links))
    return "\n".join(lines)
