"""A tip: what to reword in a draft, why, the draft rewritten, known fixes, and feedback buttons.

A finding shows how it was made: a listed phrase in bold in its sentence, or a sentence that
"sounds like" one of the rule's bad samples (the meaning tier), naming that sample. The
findings, the rewrite and the short list of fixes are also what the compose modal and /check
show (bot.slack.blocks.compose).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from bot.model import Finding, Hit, Report
from bot.slack import ids, texts
from bot.slack.blocks import kit
from bot.slack.blocks.fixes import hit_summary
from bot.slack.blocks.kit import Block, Message
from bot.slack.blocks.share import false_alarm_value

_TIP_FIXES = 3
_FALLBACK_MATCHES = 5
_REWRITE_BLOCKS = 4
# A sentence ends at . ! ? before a space (not in "3.5" or "<!channel>") or at a line break.
_LAST_STOP = re.compile(r".*(?:[.!?]\s|\n)", re.DOTALL)
_NEXT_STOP = re.compile(r"[.!?](?=\s|$)|(?=\n)")


def tip(report: Report, fixes: Sequence[Hit] = (), *, title: str = "phrasebot tip") -> Message:
    """Tell an agent what to reword in a draft, why, the rewrite and known fixes."""
    if report.clean:
        return clean(report)
    blocks = [kit.header(title), *feedback(report, fixes), _tip_actions(report, fixes)]
    return kit.message(_tip_fallback(report), blocks)


def _tip_fallback(report: Report) -> str:
    """'phrasebot: 2 things to reword: "I don't know" (dont-know), "soon" (vague-timeline)';
    a sentence the meaning tier flagged: '"…" (dont-know, sounds like "No idea.")'."""
    shown = report.findings[:_FALLBACK_MATCHES]
    items = [f'"{_snippet(f.match, 60)}" ({kit.esc(f.rule)}{_sounds(f)})' for f in shown]
    more = len(report.findings) - len(shown)
    tail = f", and {more} more" if more else ""
    count = kit.plural(len(report.findings), "thing")
    return f"phrasebot: {count} to reword: {', '.join(items)}{tail}"


def _snippet(text: str, limit: int) -> str:
    return kit.isolate(kit.esc(kit.clip(kit.one_line(text), limit)))


def _sounds(f: Finding) -> str:
    return f', sounds like "{_snippet(f.like, 40)}"' if f.how == "similar" and f.like else ""


def _tip_ids(
    report: Report, fixes: Sequence[Hit] = (), room: int = kit.BUTTON_VALUE
) -> dict[str, Any]:
    """The ids the tip buttons carry: {"r": rule ids, "l": language, "f": fix ids}, within
    `room` characters once compact."""
    rules = list(dict.fromkeys(f.rule for f in report.findings))
    fix_ids = list(dict.fromkeys(hit.fix.id for hit in fixes))
    value = {"r": rules, "l": report.lang, "f": fix_ids}
    while len(kit.compact(value)) > room and (rules or fix_ids):
        (fix_ids or rules).pop()
    return value


def _tip_value(report: Report, fixes: Sequence[Hit] = ()) -> str:
    return kit.compact(_tip_ids(report, fixes))


def read_tip_value(value: str | None) -> tuple[list[str], str, list[str]]:
    """Rule ids, language and fix ids from a tip button's value; nothing usable gives empties."""
    try:
        parsed = json.loads(value or "{}")
    except ValueError:
        parsed = {}
    if not isinstance(parsed, dict):
        parsed = {}
    rules = [str(r) for r in parsed.get("r") or () if isinstance(r, str)]
    fixes = [str(f) for f in parsed.get("f") or () if isinstance(f, str)]
    return rules, str(parsed.get("l") or ""), fixes


def _tip_actions(report: Report, fixes: Sequence[Hit]) -> Block:
    """Helpful, False alarm, Mute, Show known fixes. Only False alarm may carry a sentence of
    the draft: the one the meaning tier flagged, for its agent to share with the leads."""
    value = _tip_value(report, fixes)
    false_alarm = false_alarm_value(report, lambda room: _tip_ids(report, fixes, room))
    several = len({f.rule for f in report.findings}) > 1
    mute = "Mute these rules for me" if several else "Mute this rule for me"
    return {
        "type": "actions",
        "block_id": ids.TIP_ACTIONS,
        "elements": [
            kit.button("Helpful", ids.HELPFUL, value, "primary"),
            kit.button("False alarm", ids.FALSE_ALARM, false_alarm),
            kit.button(mute, ids.MUTE, value),
            kit.button("Show known fixes", ids.SHOW_FIXES, value),
        ],
    }


def clean(report: Report) -> Message:
    """Tell an agent the draft reads well."""
    blocks = [
        kit.section("✓ *Reads well*: nothing to reword."),
        kit.context(f"Checked against the phrasebook · {kit.lang_name(report.lang)}"),
    ]
    return kit.message("phrasebot: nothing to reword", blocks)


# -- findings, the rewrite and known fixes: also the compose modal's ---------------------------


def feedback(report: Report, fixes: Sequence[Hit]) -> list[Block]:
    """What a draft with findings gets: findings, the rewrite, known fixes."""
    count = kit.plural(len(report.findings), "thing")
    return [
        kit.context(f"{count} to reword · {kit.lang_name(report.lang)}"),
        *_finding_blocks(report),
        *_rewrite_blocks(report.rewrite),
        *short_fixes(fixes),
    ]


def _finding_blocks(report: Report) -> list[Block]:
    return [
        kit.optional(kit.section(_finding_text(n, report, f)), "finding", [f.rule])
        for n, f in enumerate(report.findings, 1)
    ]


def _finding_text(n: int, report: Report, f: Finding) -> str:
    """One finding: what, where (the phrase in bold, or the sentence and what it sounds like),
    why, and the better wording."""
    lines = [
        f"*{n}. {kit.isolate(kit.esc(kit.clip(kit.one_line(f.message), 200)))}*  `{kit.esc(f.rule)}` · {f.level}",
        *(_sounds_like(f) if f.how == "similar" else [_in_context(report, f)]),
        kit.labelled("Why", kit.esc(kit.clip(f.why, 600))),
    ]
    if f.better_wording:
        lines.append(kit.labelled("Better wording", kit.esc(kit.clip(f.better_wording, 600))))
    return "\n".join(lines)


def _in_context(report: Report, f: Finding) -> str:
    """The flagged words in their sentence, the match in bold, as a quote."""
    start, end = max(f.start, 0), min(f.end, len(report.text))
    if report.text[start:end].strip() != f.match.strip():
        return f"> *{kit.esc(kit.clip(kit.one_line(f.match), 200))}*"
    before, match, after = _sentence(report.text, start, end)
    # Bold only takes when the asterisks touch the words, so spaces stay outside them.
    lead, trail = match[: len(match) - len(match.lstrip())], match[len(match.rstrip()) :]
    bold = kit.esc(kit.clip(kit.one_line(match), 200))
    return f"> {kit.esc(kit.flat(before + lead))}*{bold}*{kit.esc(kit.flat(trail + after))}"


def _sounds_like(f: Finding) -> list[str]:
    """A sentence the meaning tier flagged: quoted whole, and the rule's sample it sounds like."""
    lines = [f"> {kit.esc(kit.clip(kit.one_line(f.match), 300))}"]
    if f.like:
        like = kit.esc(texts.quoted(kit.clip(kit.one_line(f.like), 150)))
        lines.append(kit.labelled("Sounds like", like))
    return lines


def _sentence(text: str, start: int, end: int, side: int = 120) -> tuple[str, str, str]:
    """The sentence around text[start:end], cut to `side` characters either side of it."""
    # Look only a few sides away, so a 40,000-character draft with no full stop stays cheap.
    lo, hi = max(start - 4 * side, 0), min(end + 4 * side, len(text))
    stop = _LAST_STOP.match(text, lo, start)
    left = stop.end() if stop else lo
    stop = _NEXT_STOP.search(text, end, hi)
    right = stop.end() if stop else hi
    before = text[left:start].lstrip()
    after = text[end:right].rstrip()
    if len(before) > side:
        before = "…" + before[-side + 1 :].lstrip()
    return before, text[start:end], kit.clip(after, side)


def _rewrite_blocks(rewrite: str) -> list[Block]:
    """The rewritten draft in code blocks ready to copy, split when longer than one section."""
    pieces, cut = kit.pieces(kit.esc(kit.fence(rewrite)), kit.CODE_PIECE, _REWRITE_BLOCKS)
    blocks = []
    for n, piece in enumerate(pieces):
        label = "*Rewritten draft*, ready to copy:\n" if n == 0 else ""
        tail = "…" if cut and n == len(pieces) - 1 else ""
        blocks.append(kit.section(f"{label}```\n{piece}{tail}\n```"))
    if cut:
        blocks.append(
            kit.context("The draft is longer than a Slack message can show: the rest is cut.")
        )
    return blocks


def short_fixes(fixes: Sequence[Hit]) -> list[Block]:
    """The first few known fixes, in short."""
    if not fixes:
        return []
    items = [
        kit.optional(kit.section(hit_summary(hit)), "fix", [hit.fix.id])
        for hit in fixes[:_TIP_FIXES]
    ]
    return [kit.section("*Known fixes*"), *items]
