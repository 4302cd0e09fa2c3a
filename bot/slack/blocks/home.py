"""App Home: how to use phrasebot, the agent's own week, the phrasebook, and for leads their tools."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from bot.model import AuditEntry, Phrasebook, Rule, Settings, StatRow, UserSummary
from bot.slack import ids
from bot.slack.blocks import kit
from bot.slack.blocks.kit import Block, View

_AUDIT_ROWS = 5
_STAT_ROWS = 10


def home(
    *,
    user_id: str,
    summary: UserSummary,
    book: Phrasebook,
    settings: Settings,
    is_lead: bool,
    stats: Sequence[StatRow] = (),
    audit: Sequence[AuditEntry] = (),
) -> View:
    """The App Home tab: how to use phrasebot, the agent's week, the phrasebook, lead tools."""
    blocks = [*_home_intro(user_id), *_home_week(summary, book)]
    if is_lead:
        blocks += _home_lead(stats, audit)
    blocks += _home_book(book, settings)
    return {"type": "home", "blocks": kit.fit(blocks, kit.VIEW_BLOCKS)}


def _home_intro(user_id: str) -> list[Block]:
    how = "\n".join(
        [
            "• `/check your draft`: what to reword, why, and the draft rewritten (only you see it)",
            "• `/draft`: write a reply in a box that checks it as you type",
            "• `/fixes words`: known fixes from the knowledge base",
            "• On a message, *⋯ → Check wording* checks it; *⋯ → Reply with phrasebot* answers"
            " a customer with known fixes at hand",
            "• After you post in a support channel, a tip only you can see suggests better wording",
        ]
    )
    return [
        kit.header("phrasebot"),
        kit.section(
            f"Hi {kit.mention(user_id)}. phrasebot coaches the wording of support replies: it"
            " flags what a customer should not hear, says why, and offers better wording."
        ),
        kit.section(how),
        kit.divider(),
    ]


def _home_week(summary: UserSummary, book: Phrasebook) -> list[Block]:
    top = ", ".join(f"`{kit.esc(rule)}` ×{n}" for rule, n in summary.top_rules[:5]) or "none"
    count = len(summary.muted)
    muted = f"{kit.plural(count, 'rule')}, each below with Unmute" if count else "none"
    return [
        kit.header("Your week"),
        {
            "type": "section",
            "fields": [
                kit.md(f"*Tips*\n{summary.tips}"),
                kit.md(f"*Helpful*\n{summary.helpful}"),
                kit.md(f"*False alarms*\n{summary.false_alarm}"),
            ],
        },
        kit.section(f"*Flagged most:* {top}\n*Muted for you:* {muted}"),
        *_unmute_blocks(summary.muted, book),
        kit.divider(),
    ]


def _unmute_blocks(muted: Sequence[str], book: Phrasebook) -> list[Block]:
    """Each rule the agent muted, with a button that brings its tips back."""
    messages = {rule.id: rule.message for rule in book.rules}
    blocks = []
    for rule in muted:
        about = messages.get(rule)
        text = f"`{kit.esc(rule)}`"
        if about:
            text += f" · {kit.isolate(kit.esc(kit.clip(kit.one_line(about), 150)))}"
        block = kit.section(text)
        block["accessory"] = kit.button("Unmute", ids.UNMUTE, rule)
        blocks.append(kit.optional(block, "muted rule", [rule]))
    return blocks


def _home_book(book: Phrasebook, settings: Settings) -> list[Block]:
    lines = [(rule.id, _rule_line(rule, settings)) for rule in book.rules]
    blocks = [
        kit.header("The phrasebook"),
        kit.context(f"{kit.plural(len(lines), 'rule')} · off rules are not checked"),
    ]
    for chunk in kit.chunks(lines, 2800, 15):
        blocks.append(
            kit.optional(kit.section("\n".join(t for _, t in chunk)), "rule", [i for i, _ in chunk])
        )
    return blocks


def _rule_line(rule: Rule, settings: Settings) -> str:
    setting = settings.rules.get(rule.id)
    level = setting.level if setting and setting.level is not None else rule.level
    off = " · *off*" if setting and setting.off else ""
    phrases = kit.plural(len(rule.phrases), "phrase")
    return f"`{kit.esc(rule.id)}` · {level}{off} · {kit.isolate(kit.esc(kit.clip(kit.one_line(rule.message), 150)))} · {phrases}"


def _home_lead(stats: Sequence[StatRow], audit: Sequence[AuditEntry]) -> list[Block]:
    buttons = {
        "type": "actions",
        "block_id": ids.LEAD_ACTIONS,
        "elements": [
            kit.button("Add a phrase", ids.LEAD_ADD_PHRASE),
            kit.button("Add an exception", ids.LEAD_ADD_EXCEPTION),
            kit.button("Teach a rule a sentence", ids.LEAD_ADD_SAMPLE),
            kit.button("Add a rule", ids.LEAD_ADD_RULE),
            kit.button("Turn a rule on or off", ids.LEAD_TOGGLE_RULE),
            kit.button("Reload phrasebook", ids.LEAD_RELOAD),
            kit.button("Workspace settings", ids.LEAD_SETTINGS),
        ],
    }
    return [
        kit.header("For team leads"),
        kit.context("Changes are checked like `phrasebot lint` and go live only without problems."),
        buttons,
        kit.section(_stats_text(stats)),
        kit.section(_audit_text(audit)),
        kit.divider(),
    ]


def _stats_text(stats: Sequence[StatRow]) -> str:
    """The most-flagged rules with their feedback, over every language and channel."""
    totals: dict[str, list[int]] = {}
    for row in stats:
        t = totals.setdefault(row.rule, [0, 0, 0, 0])
        for n, count in enumerate((row.shown, row.helpful, row.false_alarm, row.muted)):
            t[n] += count
    if not totals:
        return "*Most flagged*\nNothing flagged yet."
    top = sorted(totals.items(), key=lambda kv: (-kv[1][0], kv[0]))[:_STAT_ROWS]
    lines = ["*Most flagged* (many false alarms: add an exception for the harmless wording)"]
    for rule, (shown, helpful, false_alarm, muted) in top:
        cue = " · ⚠️ many false alarms" if false_alarm >= 3 and false_alarm >= helpful else ""
        lines.append(
            f"`{kit.esc(rule)}` flagged {shown}× · helpful {helpful} · false alarm {false_alarm}"
            f" · muted {muted}{cue}"
        )
    return "\n".join(lines)


def _audit_text(audit: Sequence[AuditEntry]) -> str:
    """The last few lead changes: when, who, what."""
    if not audit:
        return "*Recent changes*\nNone yet."
    lines = ["*Recent changes*"]
    for entry in sorted(audit, key=lambda e: -e.when)[:_AUDIT_ROWS]:
        lines.append(
            f"{_date(entry.when)} · {kit.mention(entry.user)} · {kit.esc(entry.action)}"
            f" `{kit.esc(entry.rule)}`: {kit.isolate(kit.esc(kit.clip(kit.one_line(entry.detail), 200)))}"
        )
    return "\n".join(lines)


def _date(when: float) -> str:
    """A Slack date token: shown in the reader's time zone, with a UTC fallback."""
    utc = datetime.fromtimestamp(when, UTC).strftime("%Y-%m-%d %H:%M UTC")
    return f"<!date^{int(when)}^{{date_short_pretty}} {{time}}|{utc}>"
