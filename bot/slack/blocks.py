"""Turn phrasebot's values into Slack Block Kit messages and views: plain dicts, no client.

Every builder ends in `_fit`, which keeps Slack's limits (blocks per surface, characters per
text, options per select) by trimming text with "…" and, past the block limit, dropping the
optional items of the longest list behind an "…and N more" note: a message that is too big is
refused by Slack outright, so a shorter one is always better than none.

Draft and customer text is escaped (&, <, >) so it cannot mention @channel or fake a link, and
never goes into a button value or private_metadata: those carry rule, fix and channel ids only.

Slack lays out each line by its first strong character, so a Hebrew snippet goes on a line of
its own (with a right-to-left mark when a Latin word leads it), and a snippet inside an English
line is wrapped in directional isolates.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

from bot.model import (
    LANGUAGES,
    LEVEL_NAMES,
    AuditEntry,
    Finding,
    Fix,
    Hit,
    Level,
    Phrasebook,
    Report,
    Rule,
    Settings,
    StatRow,
    UserSummary,
)
from bot.problems import Problem
from bot.slack import ids

Message = dict[str, Any]
View = dict[str, Any]
Block = dict[str, Any]

# -- Block Kit limits --------------------------------------------------------------------------

MESSAGE_BLOCKS = 50
VIEW_BLOCKS = 100
SECTION_TEXT = 3000
FIELD_TEXT = 2000
FIELDS = 10
HEADER_TEXT = 150
CONTEXT_ELEMENTS = 10
ACTION_ELEMENTS = 25
BUTTON_TEXT = 75
BUTTON_VALUE = 2000
OPTION_TEXT = 75
OPTIONS = 100
PLACEHOLDER_TEXT = 150
LABEL_TEXT = 2000
MODAL_TITLE = 24
INPUT_MAX = 3000
FALLBACK_TEXT = 3000

_TIP_FIXES = 3
_FALLBACK_MATCHES = 5
_REWRITE_BLOCKS = 4
_CODE_PIECE = 2800  # leaves room for a label and the ``` fences in a 3000-character section
_AUDIT_ROWS = 5
_STAT_ROWS = 10

_LANG_NAMES = {
    "en": "English",
    "uk": "Ukrainian",
    "ru": "Russian",
    "he": "Hebrew",
    "hy": "Armenian",
}

# -- text ----------------------------------------------------------------------------------------

_RLM = "\u200f"
_RLI = "\u2067"
_PDI = "\u2069"
_ISOLATES = "\u2066\u2067\u2068"
_LINE_LEAD = re.compile(r"^(?:> ?|• )?[*_~]*")
_URL = re.compile(r"https?://[^\s<>|]+")
_SLACK_LINK = re.compile(r"<(?:https?://|mailto:)[^<>\s|]+(?:\|[^<>]*)?>")
_USER_ID = re.compile(r"[UW][A-Z0-9]+")
# A sentence ends at . ! ? before a space (not in "3.5" or "<!channel>") or at a line break.
_LAST_STOP = re.compile(r".*(?:[.!?]\s|\n)", re.DOTALL)
_NEXT_STOP = re.compile(r"[.!?](?=\s|$)|(?=\n)")


def _esc(text: str) -> str:
    """Escape the three characters Slack treats as markup."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _kb(text: str) -> str:
    """Escape knowledge-base text, keeping the web links a lead wrote as <url|label>."""
    out, pos = [], 0
    for m in _SLACK_LINK.finditer(text):
        out += [_esc(text[pos : m.start()]), m.group()]
        pos = m.end()
    out.append(_esc(text[pos:]))
    return "".join(out)


def _clip(text: str, limit: int) -> str:
    """Cut plain text to `limit` characters, ending in "…" when cut."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _flat(text: str) -> str:
    """Collapse whitespace, line breaks included, keeping a space at either end."""
    return re.sub(r"\s+", " ", text)


def _one_line(text: str) -> str:
    """Collapse whitespace so a snippet stays on one line."""
    return _flat(text).strip()


def _trim(text: str, limit: int) -> str:
    """Cut mrkdwn to `limit` characters without leaving half an entity, link or code block."""
    if len(text) <= limit:
        return text
    fenced = "```" in text
    cut = text[: limit - (5 if fenced else 1)]
    amp = cut.rfind("&")
    if amp >= 0 and ";" not in cut[amp:]:
        cut = cut[:amp]
    if cut.rfind("<") > cut.rfind(">"):
        cut = cut[: cut.rfind("<")]
    cut += "…"
    return cut + "\n```" if cut.count("```") % 2 else cut


def _fence(text: str) -> str:
    """Break runs of backticks so user text cannot close our code block."""
    return text.replace("```", "`\u200b`\u200b`")


def _outside_isolates(text: str) -> Iterator[str]:
    """The characters of a text that no isolate (U+2066-2068 … U+2069) encloses."""
    depth = 0
    for c in text:
        if c in _ISOLATES:
            depth += 1
        elif c == _PDI:
            depth = max(depth - 1, 0)
        elif not depth:
            yield c


def _strong(text: str) -> str:
    """The bidi class (L or R) of the first strong character outside isolates, or ""."""
    for c in _outside_isolates(text):
        kind = unicodedata.bidirectional(c)
        if kind in ("L", "R", "AL"):
            return "L" if kind == "L" else "R"
    return ""


def _has_rtl(text: str) -> bool:
    """Whether right-to-left letters (Hebrew, Arabic) sit outside any isolate."""
    return any(unicodedata.bidirectional(c) in ("R", "AL") for c in _outside_isolates(text))


def _bidi_line(line: str) -> str:
    """Start a right-to-left line with a right-to-left mark when a Latin word leads it."""
    if not _has_rtl(line) or _strong(line) != "L":
        return line
    lead = _LINE_LEAD.match(line)
    at = lead.end() if lead else 0
    return line[:at] + _RLM + line[at:]


def _bidi(text: str) -> str:
    """Give every right-to-left line of a text its own direction."""
    return "\n".join(_bidi_line(line) for line in text.split("\n"))


def _isolate(text: str) -> str:
    """Wrap a right-to-left snippet that sits inside an English line."""
    return f"{_RLI}{text}{_PDI}" if _has_rtl(text) else text


def _labelled(label: str, text: str) -> str:
    """An English label and its text: on one line, or on two when the text is right-to-left."""
    return f"*{label}:*\n{text}" if _has_rtl(text) else f"*{label}:* {text}"


def _noun(n: int, noun: str) -> str:
    """The noun for a count: finding, findings, fixes."""
    if n == 1:
        return noun
    return noun + ("es" if noun.endswith(("x", "s", "ch", "sh")) else "s")


def _plural(n: int, noun: str) -> str:
    """'1 finding', '2 findings', '3 fixes'."""
    return f"{n} {_noun(n, noun)}"


def _mention(user_id: str) -> str:
    """A user mention, or the escaped text when it is not a user id."""
    return f"<@{user_id}>" if _USER_ID.fullmatch(user_id) else _esc(user_id)


def _link(url: str) -> str:
    """A web link as Slack markup; anything else escaped."""
    return f"<{url}>" if _URL.fullmatch(url) else _esc(url)


def _lang_name(lang: str) -> str:
    return _LANG_NAMES.get(lang, lang)


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _pieces(text: str, size: int, most: int) -> tuple[list[str], bool]:
    """Split escaped text into at most `most` pieces of `size`; True when some was left over."""
    pieces: list[str] = []
    while text and len(pieces) < most:
        cut = len(text) if len(text) <= size else _cut_at(text, size)
        pieces.append(text[:cut])
        text = text[cut:]
    return pieces, bool(text)


def _cut_at(text: str, size: int) -> int:
    """Where to cut: a line end or space near `size`, never inside an entity."""
    window = text[:size]
    cut = max(window.rfind("\n"), window.rfind(" ")) + 1
    if cut < size * 0.8:
        cut = size
    amp = text.rfind("&", 0, cut)
    if amp > cut - 5 and ";" not in text[amp:cut]:
        cut = amp
    return max(cut, 1)


# -- block constructors -------------------------------------------------------------------------


def _md(text: str) -> dict[str, Any]:
    return {"type": "mrkdwn", "text": _bidi(text)}


def _plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": _bidi(text), "emoji": True}


def _section(text: str) -> Block:
    return {"type": "section", "text": _md(text)}


def _context(text: str) -> Block:
    return {"type": "context", "elements": [_md(text)]}


def _header(text: str) -> Block:
    return {"type": "header", "text": _plain(text)}


def _divider() -> Block:
    return {"type": "divider"}


def _button(text: str, action_id: str, value: str = "", style: str = "") -> dict[str, Any]:
    button: dict[str, Any] = {"type": "button", "text": _plain(text), "action_id": action_id}
    if value:
        button["value"] = value
    if style:
        button["style"] = style
    return button


def _optional(block: Block, noun: str, names: Sequence[str]) -> Block:
    """Mark a block as an item `_fit` may drop, counted as len(names) `noun`s."""
    block["_drop"] = (noun, tuple(names))
    return block


def _message(text: str, blocks: list[Block]) -> Message:
    fallback = _clip(text, FALLBACK_TEXT) or "phrasebot"
    return {"text": fallback, "blocks": _fit(blocks, MESSAGE_BLOCKS)}


def _modal(callback_id: str, title: str, blocks: list[Block], submit: str | None = "Save") -> View:
    view: View = {
        "type": "modal",
        "callback_id": callback_id,
        "title": _plain(_clip(title, MODAL_TITLE)),
        "close": _plain("Cancel"),
        "blocks": _fit(blocks, VIEW_BLOCKS),
    }
    if submit:
        view["submit"] = _plain(submit)
    return view


# -- fitting -------------------------------------------------------------------------------------


def _fit(blocks: Sequence[Block], limit: int) -> list[Block]:
    """Keep `blocks` within Block Kit's limits, dropping optional items past `limit` blocks.

    Items go from the end of the longest list first (200 findings lose to 3 fixes), and each
    list that lost some gets one note where they were: "…and 3 more findings: a, b".
    """
    dropped = _to_drop(blocks, limit)
    out: list[Block] = []
    noted: set[str] = set()
    for i, block in enumerate(blocks):
        if i not in dropped:
            out.append(_trimmed(block))
            continue
        noun = block["_drop"][0]
        if noun not in noted:
            noted.add(noun)
            names = [
                n
                for j in sorted(dropped)
                if blocks[j]["_drop"][0] == noun
                for n in blocks[j]["_drop"][1]
            ]
            out.append(_more(noun, names))
    # Only when the fixed blocks alone are too many, which no builder asks for.
    return out[:limit]


def _to_drop(blocks: Sequence[Block], limit: int) -> set[int]:
    """Indexes of optional blocks to drop so that the rest, and a note per list, fit."""
    lists: dict[str, list[int]] = {}
    for i, block in enumerate(blocks):
        if "_drop" in block:
            lists.setdefault(block["_drop"][0], []).append(i)
    dropped: set[int] = set()
    notes: set[str] = set()
    while len(blocks) - len(dropped) + len(notes) > limit:
        noun = max(lists, key=lambda n: len(lists[n]), default="")
        if not noun or not lists[noun]:
            break
        dropped.add(lists[noun].pop())
        notes.add(noun)
    return dropped


def _more(noun: str, names: Sequence[str]) -> Block:
    """The note standing in for dropped items."""
    unique = ", ".join(_esc(n) for n in dict.fromkeys(names))
    text = f"…and {len(names)} more {_noun(len(names), noun)}"
    return _context(_trim(f"{text}: {unique}" if unique else text, SECTION_TEXT))


def _trimmed(block: Block) -> Block:
    """A copy of a block with every text and list cut to its Block Kit limit."""
    out = {k: v for k, v in block.items() if k != "_drop"}
    kind = out["type"]
    if kind == "header":
        out["text"] = _text_within(out["text"], HEADER_TEXT)
    elif kind == "section":
        if "text" in out:
            out["text"] = _text_within(out["text"], SECTION_TEXT)
        if "fields" in out:
            out["fields"] = [_text_within(f, FIELD_TEXT) for f in out["fields"][:FIELDS]]
        if "accessory" in out:
            out["accessory"] = _element_within(out["accessory"])
    elif kind == "context":
        out["elements"] = [
            _text_within(e, SECTION_TEXT) for e in out["elements"][:CONTEXT_ELEMENTS]
        ]
    elif kind == "actions":
        out["elements"] = [_element_within(e) for e in out["elements"][:ACTION_ELEMENTS]]
    elif kind == "input":
        out["label"] = _text_within(out["label"], LABEL_TEXT)
        if "hint" in out:
            out["hint"] = _text_within(out["hint"], LABEL_TEXT)
        out["element"] = _element_within(out["element"])
    return out


def _text_within(obj: dict[str, Any], limit: int) -> dict[str, Any]:
    """A text object cut to `limit` characters (image elements pass unchanged)."""
    if obj.get("type") == "mrkdwn":
        return {**obj, "text": _trim(obj["text"], limit)}
    if obj.get("type") == "plain_text":
        return {**obj, "text": _clip(obj["text"], limit)}
    return obj


def _element_within(element: dict[str, Any]) -> dict[str, Any]:
    """An interactive element with its button text, placeholder and options cut to size."""
    out = dict(element)
    if out.get("type") == "button":
        out["text"] = _text_within(out["text"], BUTTON_TEXT)
    if "placeholder" in out:
        out["placeholder"] = _text_within(out["placeholder"], PLACEHOLDER_TEXT)
    if "options" in out:
        out["options"] = [_option_within(o) for o in out["options"][:OPTIONS]]
    if "option_groups" in out:
        out["option_groups"] = [
            {**g, "options": [_option_within(o) for o in g["options"][:OPTIONS]]}
            for g in out["option_groups"][:OPTIONS]
        ]
    if "initial_option" in out:
        out["initial_option"] = _option_within(out["initial_option"])
    return out


def _option_within(option: dict[str, Any]) -> dict[str, Any]:
    return {**option, "text": _text_within(option["text"], OPTION_TEXT)}


# -- findings, rewrite and fixes: shared by tips and the compose modal ----------------------------


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
    return before, text[start:end], _clip(after, side)


def _in_context(report: Report, f: Finding) -> str:
    """The flagged words in their sentence, the match in bold, as a quote."""
    start, end = max(f.start, 0), min(f.end, len(report.text))
    if report.text[start:end].strip() != f.match.strip():
        return f"> *{_esc(_clip(_one_line(f.match), 200))}*"
    before, match, after = _sentence(report.text, start, end)
    # Bold only takes when the asterisks touch the words, so spaces stay outside them.
    lead, trail = match[: len(match) - len(match.lstrip())], match[len(match.rstrip()) :]
    bold = _esc(_clip(_one_line(match), 200))
    return f"> {_esc(_flat(before + lead))}*{bold}*{_esc(_flat(trail + after))}"


def _finding_text(n: int, report: Report, f: Finding) -> str:
    """One finding: what, where, why, and the better wording."""
    lines = [
        f"*{n}. {_isolate(_esc(_clip(_one_line(f.message), 200)))}*  `{_esc(f.rule)}` · {f.level}",
        _in_context(report, f),
        _labelled("Why", _esc(_clip(f.why, 600))),
    ]
    if f.suggestion:
        lines.append(_labelled("Better wording", _esc(_clip(f.suggestion, 600))))
    return "\n".join(lines)


def _finding_blocks(report: Report) -> list[Block]:
    return [
        _optional(_section(_finding_text(n, report, f)), "finding", [f.rule])
        for n, f in enumerate(report.findings, 1)
    ]


def _rewrite_blocks(rewrite: str) -> list[Block]:
    """The rewritten draft in code blocks ready to copy, split when longer than one section."""
    pieces, cut = _pieces(_esc(_fence(rewrite)), _CODE_PIECE, _REWRITE_BLOCKS)
    blocks = []
    for n, piece in enumerate(pieces):
        label = "*Rewritten draft*, ready to copy:\n" if n == 0 else ""
        tail = "…" if cut and n == len(pieces) - 1 else ""
        blocks.append(_section(f"{label}```\n{piece}{tail}\n```"))
    if cut:
        blocks.append(
            _context("The draft is longer than a Slack message can show: the rest is cut.")
        )
    return blocks


def _fix_summary(fix: Fix) -> str:
    """A fix in three lines: title, problem, the first line of the steps."""
    lines = [f"*{_kb(_clip(_one_line(fix.title), 200))}*"]
    if fix.problem:
        lines.append(_kb(_clip(_one_line(fix.problem), 300)))
    first = next((line.strip() for line in fix.fix.splitlines() if line.strip()), "")
    if first:
        lines.append(_kb(_clip(first, 300)))
    return "\n".join(lines)


def _fix_full(fix: Fix, steps: int = 1500) -> str:
    """A fix as agents use it: title, problem, the steps, what else to offer, links."""
    lines = [f"*{_kb(_clip(_one_line(fix.title), 200))}*"]
    if fix.problem:
        lines.append(_kb(_clip(fix.problem, 400)))
    lines.append(_kb(_clip(fix.fix.strip(), steps)))
    if fix.alternatives:
        lines.append("*If that is not possible:*")
        lines += [f"• {_kb(_clip(_one_line(a), 300))}" for a in fix.alternatives]
    if fix.links:
        lines.append(" · ".join(_link(url) for url in fix.links))
    return "\n".join(lines)


def _tip_fix_blocks(fixes: Sequence[Hit]) -> list[Block]:
    """The first few known fixes, in short."""
    if not fixes:
        return []
    items = [
        _optional(_section(_fix_summary(hit.fix)), "fix", [hit.fix.id])
        for hit in fixes[:_TIP_FIXES]
    ]
    return [_section("*Known fixes*"), *items]


def _feedback(report: Report, fixes: Sequence[Hit]) -> list[Block]:
    """What a draft with findings gets: findings, the rewrite, known fixes."""
    count = _plural(len(report.findings), "thing")
    return [
        _context(f"{count} to reword · {_lang_name(report.lang)}"),
        *_finding_blocks(report),
        *_rewrite_blocks(report.rewrite),
        *_tip_fix_blocks(fixes),
    ]


# -- tips ----------------------------------------------------------------------------------------


def tip(report: Report, fixes: Sequence[Hit] = (), *, title: str = "phrasebot tip") -> Message:
    """Tell an agent what to reword in a draft, why, the rewrite and known fixes."""
    if report.clean:
        return clean(report)
    blocks = [_header(title), *_feedback(report, fixes), _tip_actions(report, fixes)]
    return _message(_tip_fallback(report), blocks)


def _tip_fallback(report: Report) -> str:
    """'phrasebot: 2 things to reword: "I don't know" (dont-know), "soon" (vague-timeline)'."""
    shown = report.findings[:_FALLBACK_MATCHES]
    items = [f'"{_isolate(_esc(_clip(_one_line(f.match), 60)))}" ({_esc(f.rule)})' for f in shown]
    more = len(report.findings) - len(shown)
    tail = f", and {more} more" if more else ""
    count = _plural(len(report.findings), "thing")
    return f"phrasebot: {count} to reword: {', '.join(items)}{tail}"


def _tip_value(report: Report, fixes: Sequence[Hit] = ()) -> str:
    """The ids the tip buttons carry: {"r": rule ids, "l": language, "f": fix ids}, compact."""
    rules = list(dict.fromkeys(f.rule for f in report.findings))
    fix_ids = list(dict.fromkeys(hit.fix.id for hit in fixes))
    value = _compact({"r": rules, "l": report.lang, "f": fix_ids})
    while len(value) > BUTTON_VALUE and (rules or fix_ids):
        (fix_ids or rules).pop()
        value = _compact({"r": rules, "l": report.lang, "f": fix_ids})
    return value


def _tip_actions(report: Report, fixes: Sequence[Hit]) -> Block:
    value = _tip_value(report, fixes)
    several = len({f.rule for f in report.findings}) > 1
    mute = "Mute these rules for me" if several else "Mute this rule for me"
    return {
        "type": "actions",
        "block_id": ids.TIP_ACTIONS,
        "elements": [
            _button("Helpful", ids.HELPFUL, value, "primary"),
            _button("False alarm", ids.FALSE_ALARM, value),
            _button(mute, ids.MUTE, value),
            _button("Show known fixes", ids.SHOW_FIXES, value),
        ],
    }


def clean(report: Report) -> Message:
    """Tell an agent the draft reads well."""
    blocks = [
        _section("✓ *Reads well*: nothing to reword."),
        _context(f"Checked against the phrasebook · {_lang_name(report.lang)}"),
    ]
    return _message("phrasebot: nothing to reword", blocks)


# -- known fixes ---------------------------------------------------------------------------------


def fixes_list(query: str, hits: Sequence[Hit]) -> Message:
    """List known fixes for a query, each with a button to share it in the channel."""
    shown = _isolate(_esc(_clip(_one_line(query), 200)))
    if not hits:
        return _message(f'phrasebot: no known fix for "{shown}"', [_section(_no_fix(shown))])
    blocks = [
        _header("Known fixes"),
        _context(f'For "{shown}": {_plural(len(hits), "fix")}'),
        *[_fix_item(hit) for hit in hits],
    ]
    return _message(f'phrasebot: {_plural(len(hits), "known fix")} for "{shown}"', blocks)


def _no_fix(shown: str) -> str:
    return (
        f'No known fix for "{shown}" yet.\n'
        "Try other words: the product, the error message, what the customer is trying to do. "
        "If this keeps coming up, ask a team lead to add a fix to the knowledge base."
    )


def _fix_item(hit: Hit) -> Block:
    block = _section(_fix_full(hit.fix))
    block["accessory"] = _button("Share in channel", ids.SHARE_FIX, hit.fix.id)
    return _optional(block, "fix", [hit.fix.id])


def shared_fix(fix: Fix, user_id: str) -> Message:
    """Post a known fix for everyone in a channel, saying who shared it."""
    who = _mention(user_id)
    blocks = [_context(f"{who} shared a known fix"), *_fix_blocks(fix)]
    return _message(
        f"{who} shared a known fix: {_isolate(_kb(_clip(_one_line(fix.title), 200)))}", blocks
    )


def _fix_blocks(fix: Fix) -> list[Block]:
    """A whole fix; long steps run over several sections."""
    head = [f"*{_kb(_clip(_one_line(fix.title), 200))}*"]
    if fix.problem:
        head.append(_kb(_clip(fix.problem, 1000)))
    steps, cut = _pieces(_kb(fix.fix.strip()), _CODE_PIECE, 10)
    blocks = [_section("\n".join(head)), *[_section(s) for s in steps]]
    if cut:
        blocks.append(_context("The fix is longer than a Slack message can show: the rest is cut."))
    tail = []
    if fix.alternatives:
        tail += [
            "*If that is not possible:*",
            *[f"• {_kb(_one_line(a))}" for a in fix.alternatives],
        ]
    if fix.links:
        tail.append(" · ".join(_link(url) for url in fix.links))
    return blocks + ([_section("\n".join(tail))] if tail else [])


# -- compose modal -------------------------------------------------------------------------------


def compose_modal(
    *,
    draft: str = "",
    report: Report | None = None,
    fixes: Sequence[Hit] = (),
    context_fixes: Sequence[Hit] = (),
    channel: str | None = None,
    thread_ts: str | None = None,
) -> View:
    """A modal to write a reply with live feedback as the agent types, then send it.

    The draft is at state.values[ids.COMPOSE_BLOCK][ids.COMPOSE_INPUT].value and the target at
    state.values[ids.COMPOSE_TARGET_BLOCK][ids.COMPOSE_TARGET].selected_conversation;
    private_metadata is {"channel": ..., "thread_ts": ...}.
    """
    text = draft or (report.text if report else "")
    blocks = [
        *_context_fix_blocks(context_fixes),
        _draft_input(text),
        _target_input(channel, thread_ts),
        _divider(),
        *_live(report if text.strip() else None, fixes),
    ]
    view = _modal(ids.COMPOSE_VIEW, "Reply with phrasebot", blocks, submit="Send")
    view["private_metadata"] = _compact({"channel": channel, "thread_ts": thread_ts})
    return view


def _context_fix_blocks(fixes: Sequence[Hit]) -> list[Block]:
    """Known fixes for the customer's message, shown above the reply box."""
    if not fixes:
        return []
    items = [_optional(_section(_fix_summary(hit.fix)), "fix", [hit.fix.id]) for hit in fixes]
    return [_section("*Known fixes for the customer's message*"), *items, _divider()]


def _draft_input(text: str) -> Block:
    # dispatch_action belongs on the input block: with it, every keystroke reaches the app.
    element: dict[str, Any] = {
        "type": "plain_text_input",
        "action_id": ids.COMPOSE_INPUT,
        "multiline": True,
        "max_length": INPUT_MAX,
        "placeholder": _plain("Write your reply; phrasebot checks it as you type"),
        "dispatch_action_config": {"trigger_actions_on": ["on_character_entered"]},
    }
    if text:
        element["initial_value"] = text[:INPUT_MAX]
    return {
        "type": "input",
        "block_id": ids.COMPOSE_BLOCK,
        "dispatch_action": True,
        "label": _plain("Your reply"),
        "element": element,
    }


def _target_input(channel: str | None, thread_ts: str | None) -> Block:
    element: dict[str, Any] = {
        "type": "conversations_select",
        "action_id": ids.COMPOSE_TARGET,
        "placeholder": _plain("Pick a channel or conversation"),
        "filter": {"exclude_bot_users": True},
    }
    if channel:
        element["initial_conversation"] = channel
    else:
        element["default_to_current_conversation"] = True
    block: Block = {
        "type": "input",
        "block_id": ids.COMPOSE_TARGET_BLOCK,
        "label": _plain("Send to"),
        "element": element,
    }
    if thread_ts:
        block["hint"] = _plain("Sent as a reply in the thread you started from.")
    return block


def _live(report: Report | None, fixes: Sequence[Hit]) -> list[Block]:
    """The feedback under the reply box: a hint, a clean bill, or the findings."""
    if report is None:
        return [_context("Start typing: what to reword, the rewrite and known fixes show up here.")]
    if report.clean:
        return [_section("✓ *Reads well*: nothing to reword."), *_tip_fix_blocks(fixes)]
    return _feedback(report, fixes)


# -- App Home ------------------------------------------------------------------------------------


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
    blocks = [*_home_intro(user_id), *_home_week(summary)]
    if is_lead:
        blocks += _home_lead(stats, audit)
    blocks += _home_book(book, settings)
    return {"type": "home", "blocks": _fit(blocks, VIEW_BLOCKS)}


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
        _header("phrasebot"),
        _section(
            f"Hi {_mention(user_id)}. phrasebot coaches the wording of support replies: it"
            " flags what a customer should not hear, says why, and offers better wording."
        ),
        _section(how),
        _divider(),
    ]


def _home_week(summary: UserSummary) -> list[Block]:
    top = ", ".join(f"`{_esc(rule)}` ×{n}" for rule, n in summary.top_rules[:5]) or "none"
    muted = ", ".join(f"`{_esc(rule)}`" for rule in summary.muted) or "none"
    return [
        _header("Your week"),
        {
            "type": "section",
            "fields": [
                _md(f"*Tips*\n{summary.tips}"),
                _md(f"*Helpful*\n{summary.helpful}"),
                _md(f"*False alarms*\n{summary.false_alarm}"),
            ],
        },
        _section(f"*Flagged most:* {top}\n*Muted for you:* {muted}"),
        _divider(),
    ]


def _home_book(book: Phrasebook, settings: Settings) -> list[Block]:
    lines = [(rule.id, _rule_line(rule, settings)) for rule in book.rules]
    blocks = [
        _header("The phrasebook"),
        _context(f"{_plural(len(lines), 'rule')} · off rules are not checked"),
    ]
    for chunk in _chunks(lines, 2800, 15):
        blocks.append(
            _optional(_section("\n".join(t for _, t in chunk)), "rule", [i for i, _ in chunk])
        )
    return blocks


def _rule_line(rule: Rule, settings: Settings) -> str:
    setting = settings.rules.get(rule.id)
    level = setting.level if setting and setting.level is not None else rule.level
    off = " · *off*" if setting and setting.off else ""
    phrases = _plural(len(rule.phrases), "phrase")
    return f"`{_esc(rule.id)}` · {level}{off} · {_isolate(_esc(_clip(_one_line(rule.message), 150)))} · {phrases}"


def _chunks(
    lines: Sequence[tuple[str, str]], size: int, most: int
) -> Iterable[list[tuple[str, str]]]:
    """Group lines so each group's text stays under `size` and `most` lines."""
    chunk: list[tuple[str, str]] = []
    length = 0
    for item in lines:
        if chunk and (length + len(item[1]) + 1 > size or len(chunk) >= most):
            yield chunk
            chunk, length = [], 0
        chunk.append(item)
        length += len(item[1]) + 1
    if chunk:
        yield chunk


def _home_lead(stats: Sequence[StatRow], audit: Sequence[AuditEntry]) -> list[Block]:
    buttons = {
        "type": "actions",
        "block_id": ids.LEAD_ACTIONS,
        "elements": [
            _button("Add a phrase", ids.LEAD_ADD_PHRASE),
            _button("Add an exception", ids.LEAD_ADD_EXCEPTION),
            _button("Add a rule", ids.LEAD_ADD_RULE),
            _button("Turn a rule on or off", ids.LEAD_TOGGLE_RULE),
            _button("Reload phrasebook", ids.LEAD_RELOAD),
        ],
    }
    return [
        _header("For team leads"),
        _context("Changes are checked like `phrasebot lint` and go live only without problems."),
        buttons,
        _section(_stats_text(stats)),
        _section(_audit_text(audit)),
        _divider(),
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
            f"`{_esc(rule)}` flagged {shown}× · helpful {helpful} · false alarm {false_alarm}"
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
            f"{_date(entry.when)} · {_mention(entry.user)} · {_esc(entry.action)}"
            f" `{_esc(entry.rule)}`: {_isolate(_esc(_clip(_one_line(entry.detail), 200)))}"
        )
    return "\n".join(lines)


def _date(when: float) -> str:
    """A Slack date token: shown in the reader's time zone, with a UTC fallback."""
    utc = datetime.fromtimestamp(when, UTC).strftime("%Y-%m-%d %H:%M UTC")
    return f"<!date^{int(when)}^{{date_short_pretty}} {{time}}|{utc}>"


# -- lead modals ---------------------------------------------------------------------------------


def _option(text: str, value: str) -> dict[str, Any]:
    return {"text": _plain(text), "value": value}


def _select(field: str, label: str, options: Sequence[dict[str, Any]], initial: str = "") -> Block:
    """A static_select input; past 100 options they go into groups of 100."""
    element: dict[str, Any] = {
        "type": "static_select",
        "action_id": field,
        "placeholder": _plain(f"Pick a {label.lower()}"),
    }
    if len(options) <= OPTIONS:
        element["options"] = list(options)
    else:
        element["option_groups"] = [
            _group(options[i : i + OPTIONS]) for i in range(0, len(options), OPTIONS)
        ]
    chosen = next((o for o in options if o["value"] == initial), None)
    if chosen:
        element["initial_option"] = chosen
    return {"type": "input", "block_id": field, "label": _plain(label), "element": element}


def _group(options: Sequence[dict[str, Any]]) -> dict[str, Any]:
    first, last = options[0]["value"], options[-1]["value"]
    return {"label": _plain(_clip(f"{first} … {last}", OPTION_TEXT)), "options": list(options)}


def _text_input(
    field: str, label: str, *, hint: str = "", multiline: bool = False, optional: bool = False
) -> Block:
    element = {"type": "plain_text_input", "action_id": field, "multiline": multiline}
    block: Block = {"type": "input", "block_id": field, "label": _plain(label), "element": element}
    if hint:
        block["hint"] = _plain(hint)
    if optional:
        block["optional"] = True
    return block


def _rule_options(rules: Sequence[Rule], settings: Settings | None = None) -> list[dict[str, Any]]:
    options = []
    for rule in rules:
        state = ""
        if settings is not None:
            setting = settings.rules.get(rule.id)
            state = " · off" if setting and setting.off else " · on"
        options.append(_option(_rule_option_text(rule.id, state), rule.id))
    return options


def _rule_option_text(rule_id: str, state: str) -> str:
    """Keep the on/off state visible even when the id has to be cut."""
    return _clip(rule_id, OPTION_TEXT - len(state)) + state


def _lang_select() -> Block:
    options = [_option(f"{_lang_name(code)} ({code})", code) for code in LANGUAGES]
    return _select(ids.FIELD_LANG, "Language", options, initial="en")


def add_phrase_modal(rules: Sequence[Rule], *, exception: bool = False) -> View:
    """A modal for a lead to add a phrase (or an exception) to a rule.

    state.values keys: ids.FIELD_RULE (rule id, static_select), ids.FIELD_LANG (language,
    static_select), ids.FIELD_PHRASE (the phrase, plain_text_input).
    """
    if exception:
        callback, title = ids.ADD_EXCEPTION_VIEW, "Add an exception"
        about = "A match that overlaps an exception is not flagged: write the harmless wording, e.g. _let me know_."
        label = "Harmless wording"
    else:
        callback, title = ids.ADD_PHRASE_VIEW, "Add a phrase"
        about = "Write the phrase as an agent would type it; its other forms are caught too."
        label = "Phrase"
    if not rules:
        return _modal(
            callback, title, [_section("There are no rules yet: add a rule first.")], None
        )
    blocks = [
        _context(about + " It goes live only if every example still passes."),
        _select(ids.FIELD_RULE, "Rule", _rule_options(rules)),
        _lang_select(),
        _text_input(ids.FIELD_PHRASE, label),
    ]
    return _modal(callback, title, blocks, submit="Add")


def add_rule_modal() -> View:
    """A modal for a lead to add a whole rule.

    state.values keys: ids.FIELD_ID, ids.FIELD_LEVEL (info/warning/error), ids.FIELD_MESSAGE, ids.FIELD_WHY,
    ids.FIELD_LANG, ids.FIELD_PHRASES (one per line), ids.FIELD_SUGGESTION, ids.FIELD_INSTEAD, ids.FIELD_BAD (one
    example per line), ids.FIELD_GOOD (one per line, optional). Selects give the option value,
    inputs the text.
    """
    levels = [_option(name, name) for name in LEVEL_NAMES]
    blocks = [
        _text_input(
            ids.FIELD_ID, "Rule id", hint="Lower-case words joined by hyphens, e.g. dont-know"
        ),
        _select(ids.FIELD_LEVEL, "Level", levels, initial=str(Level.WARNING)),
        _text_input(ids.FIELD_MESSAGE, "Message", hint="One line: what was flagged"),
        _text_input(ids.FIELD_WHY, "Why", multiline=True, hint="Why a customer should not hear it"),
        _lang_select(),
        _text_input(ids.FIELD_PHRASES, "Phrases", multiline=True, hint="One per line"),
        _text_input(ids.FIELD_SUGGESTION, "Better wording", hint="Shown to the agent"),
        _text_input(
            ids.FIELD_INSTEAD, "Instead", hint="The words the rewrite puts in place of a phrase"
        ),
        _text_input(ids.FIELD_BAD, "Examples it must flag", multiline=True, hint="One per line"),
        _text_input(
            ids.FIELD_GOOD,
            "Examples it must not flag",
            multiline=True,
            hint="One per line",
            optional=True,
        ),
    ]
    return _modal(ids.ADD_RULE_VIEW, "Add a rule", blocks, submit="Add")


def toggle_rule_modal(rules: Sequence[Rule], settings: Settings) -> View:
    """A modal for a lead to turn a rule on or off.

    state.values keys: ids.FIELD_RULE (rule id, static_select; options say on/off),
    ids.FIELD_STATE ("on" or "off", radio_buttons).
    """
    title = "Turn a rule on or off"
    if not rules:
        return _modal(ids.TOGGLE_RULE_VIEW, title, [_section("There are no rules yet.")], None)
    radio = {
        "type": "input",
        "block_id": ids.FIELD_STATE,
        "label": _plain("Turn it"),
        "element": {
            "type": "radio_buttons",
            "action_id": ids.FIELD_STATE,
            "options": [_option("On", "on"), _option("Off", "off")],
        },
    }
    blocks = [_select(ids.FIELD_RULE, "Rule", _rule_options(rules, settings)), radio]
    return _modal(ids.TOGGLE_RULE_VIEW, title, blocks)


def lead_form_values(view_state: dict[str, Any]) -> dict[str, str]:
    """Flatten a lead modal's state (view["state"] or its "values") into {field: value}."""
    values = view_state.get("values", view_state)
    out: dict[str, str] = {}
    for actions in values.values():
        for action_id, state in actions.items():
            out[action_id] = _state_value(state)
    return out


def _state_value(state: dict[str, Any]) -> str:
    """The value of one input, whatever its element type."""
    for key in ("selected_conversation", "selected_channel", "selected_user"):
        if key in state:
            return str(state[key] or "")
    if "selected_option" in state:
        return str((state["selected_option"] or {}).get("value", ""))
    return str(state.get("value") or "")


# -- problems and notices ------------------------------------------------------------------------


def problems_message(problems: Sequence[Problem], *, intro: str) -> Message:
    """Show a lead why a change was refused: each problem with its fix, in code blocks."""
    lines = [(p.rule, _esc(_fence(_clip(str(p), 1500)))) for p in problems]
    blocks = [_section(_esc(intro))]
    for chunk in _chunks(lines, _CODE_PIECE, 30):
        text = "```\n" + "\n".join(t for _, t in chunk) + "\n```"
        blocks.append(_optional(_section(text), "problem", [r for r, _ in chunk]))
    count = f" ({_plural(len(problems), 'problem')})" if problems else ""
    return _message(f"{_esc(_one_line(intro))}{count}", blocks)


def notice(text: str) -> Message:
    """A one-line message: a refusal or a confirmation."""
    shown = _esc(text.strip()) or "phrasebot"
    return _message(shown, [_section(shown)])
