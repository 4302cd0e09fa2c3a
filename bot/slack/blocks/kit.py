"""The Block Kit kit every builder uses: Slack's limits, escaping, right-to-left text, fitting.

Builders make plain dicts (no client) from the small constructors here, and end in `message`
or `modal`, which call `fit`: it keeps Slack's limits (blocks per surface, characters per
text, options per select) by trimming text with "…" and, past the block limit, dropping the
optional items of the longest list behind an "…and N more" note: a message that is too big is
refused by Slack outright, so a shorter one is always better than none.

Draft and customer text is escaped (&, <, >) so it cannot mention @channel or fake a link, and
never goes into a button value or private_metadata: those carry rule, fix and channel ids only.
The one exception is a sentence the meaning tier flagged, which a tip's False alarm carries so
that its agent may share it with the leads (bot.slack.blocks.share).

Slack lays out each line by its first strong character, so a Hebrew snippet goes on a line of
its own (with a right-to-left mark when a Latin word leads it), and a snippet inside an English
line is wrapped in directional isolates.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

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

CODE_PIECE = 2800  # leaves room for a label and the ``` fences in a 3000-character section

_LANG_NAMES = {
    "en": "English",
    "uk": "Ukrainian",
    "ru": "Russian",
    "he": "Hebrew",
    "hy": "Armenian",
}

_RLM = "\u200f"
_RLI = "\u2067"
_PDI = "\u2069"
_ISOLATES = "\u2066\u2067\u2068"
_LINE_LEAD = re.compile(r"^(?:> ?|• )?[*_~]*")
_URL = re.compile(r"https?://[^\s<>|]+")
_SLACK_LINK = re.compile(r"<(?:https?://|mailto:)[^<>\s|]+(?:\|[^<>]*)?>")
_USER_ID = re.compile(r"[UW][A-Z0-9]+")


# -- text --------------------------------------------------------------------------------------


def esc(text: str) -> str:
    """Escape the three characters Slack treats as markup."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def kb_text(text: str) -> str:
    """Escape knowledge-base text, keeping the web links a lead wrote as <url|label>."""
    out, pos = [], 0
    for m in _SLACK_LINK.finditer(text):
        out += [esc(text[pos : m.start()]), m.group()]
        pos = m.end()
    out.append(esc(text[pos:]))
    return "".join(out)


def clip(text: str, limit: int) -> str:
    """Cut plain text to `limit` characters, ending in "…" when cut."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def flat(text: str) -> str:
    """Collapse whitespace, line breaks included, keeping a space at either end."""
    return re.sub(r"\s+", " ", text)


def one_line(text: str) -> str:
    """Collapse whitespace so a snippet stays on one line."""
    return flat(text).strip()


def trim(text: str, limit: int) -> str:
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


def fence(text: str) -> str:
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


def isolate(text: str) -> str:
    """Wrap a right-to-left snippet that sits inside an English line."""
    return f"{_RLI}{text}{_PDI}" if _has_rtl(text) else text


def labelled(label: str, text: str) -> str:
    """An English label and its text: on one line, or on two when the text is right-to-left."""
    return f"*{label}:*\n{text}" if _has_rtl(text) else f"*{label}:* {text}"


def _noun(n: int, noun: str) -> str:
    """The noun for a count: finding, findings, fixes."""
    if n == 1:
        return noun
    return noun + ("es" if noun.endswith(("x", "s", "ch", "sh")) else "s")


def plural(n: int, noun: str) -> str:
    """'1 finding', '2 findings', '3 fixes'."""
    return f"{n} {_noun(n, noun)}"


def mention(user_id: str) -> str:
    """A user mention, or the escaped text when it is not a user id."""
    return f"<@{user_id}>" if _USER_ID.fullmatch(user_id) else esc(user_id)


def link(url: str) -> str:
    """A web link as Slack markup; anything else escaped."""
    return f"<{url}>" if _URL.fullmatch(url) else esc(url)


def lang_name(lang: str) -> str:
    return _LANG_NAMES.get(lang, lang)


def compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def pieces(text: str, size: int, most: int) -> tuple[list[str], bool]:
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


def chunks(
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


# -- block constructors ------------------------------------------------------------------------


def md(text: str) -> dict[str, Any]:
    return {"type": "mrkdwn", "text": _bidi(text)}


def plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": _bidi(text), "emoji": True}


def section(text: str) -> Block:
    return {"type": "section", "text": md(text)}


def context(text: str) -> Block:
    return {"type": "context", "elements": [md(text)]}


def header(text: str) -> Block:
    return {"type": "header", "text": plain(text)}


def divider() -> Block:
    return {"type": "divider"}


def button(text: str, action_id: str, value: str = "", style: str = "") -> dict[str, Any]:
    button: dict[str, Any] = {"type": "button", "text": plain(text), "action_id": action_id}
    if value:
        button["value"] = value
    if style:
        button["style"] = style
    return button


def optional(block: Block, noun: str, names: Sequence[str]) -> Block:
    """Mark a block as an item `fit` may drop, counted as len(names) `noun`s."""
    block["_drop"] = (noun, tuple(names))
    return block


def message(text: str, blocks: list[Block]) -> Message:
    fallback = clip(text, FALLBACK_TEXT) or "phrasebot"
    return {"text": fallback, "blocks": fit(blocks, MESSAGE_BLOCKS)}


def modal(callback_id: str, title: str, blocks: list[Block], submit: str | None = "Save") -> View:
    view: View = {
        "type": "modal",
        "callback_id": callback_id,
        "title": plain(clip(title, MODAL_TITLE)),
        "close": plain("Cancel"),
        "blocks": fit(blocks, VIEW_BLOCKS),
    }
    if submit:
        view["submit"] = plain(submit)
    return view


def notice(text: str) -> Message:
    """A one-line message: a refusal or a confirmation."""
    shown = esc(text.strip()) or "phrasebot"
    return message(shown, [section(shown)])


# -- fitting -----------------------------------------------------------------------------------


def fit(blocks: Sequence[Block], limit: int) -> list[Block]:
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
    unique = ", ".join(esc(n) for n in dict.fromkeys(names))
    text = f"…and {len(names)} more {_noun(len(names), noun)}"
    return context(trim(f"{text}: {unique}" if unique else text, SECTION_TEXT))


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
        return {**obj, "text": trim(obj["text"], limit)}
    if obj.get("type") == "plain_text":
        return {**obj, "text": clip(obj["text"], limit)}
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
