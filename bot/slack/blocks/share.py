"""A sentence the meaning tier flagged, shared by its agent with the leads as a harmless example.

A False alarm on a tip whose draft has a sentence flagged as sounding like a rule's bad samples
thanks the agent and offers to share that one sentence with the team leads. Only if the agent
presses Share does each lead get a DM with it, and a button that files it in the rule's meaning
bank as good (bot.phrasebook.edit.add_sample); Dismiss keeps nothing.

The sentence travels only inside Slack's own payloads: the False alarm button's value, the Share
button's, then the leads' DM and its Add button. A button value holds at most 2,000 characters
and a bank sample at most 400: a sentence that does not fit is not offered, and the thanks
says why.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot.model import Report
from bot.phrasebook.bank import MAX_SAMPLE_CHARS
from bot.slack import ids, texts
from bot.slack.blocks import kit
from bot.slack.blocks.kit import Block, Message

LIKE_CHARS = 150  # the bank sentence it sounded like, as carried and shown
_QUOTED = 400  # a sentence as quoted in a message (a sample is at most MAX_SAMPLE_CHARS)


@dataclass(frozen=True)
class Shared:
    """A draft's sentence the meaning tier flagged for a rule, as an agent may share it."""

    rule: str
    lang: str  # the draft's language: the bank's list it would go in
    text: str  # the sentence, on one line
    like: str = ""  # the rule's bad sample it sounded like, clipped


def candidate(report: Report) -> Shared | None:
    """The draft's first sentence flagged by the meaning tier, or None."""
    f = next((f for f in report.findings if f.how == "similar"), None)
    if f is None:
        return None
    like = kit.clip(kit.one_line(f.like), LIKE_CHARS)
    return Shared(f.rule, report.lang, kit.one_line(f.match), like)


def false_alarm_value(report: Report, ids_within: Callable[[int], dict[str, Any]]) -> str:
    """The False alarm button's value: the tip's ids (`ids_within(room)`: trimmed to fit that
    many characters), plus {"s": [rule, sentence, like]} when the draft has a sentence the tier
    flagged, or {"x": 1} when that sentence is too long to be a sample."""
    shared = candidate(report)
    if shared is None:
        return kit.compact(ids_within(kit.BUTTON_VALUE))
    if len(shared.text) <= MAX_SAMPLE_CHARS:
        for like in (shared.like, ""):
            part = {"s": [shared.rule, shared.text, like]}
            value = kit.compact({**ids_within(kit.BUTTON_VALUE - len(kit.compact(part))), **part})
            if len(value) <= kit.BUTTON_VALUE:
                return value
    return kit.compact({**ids_within(kit.BUTTON_VALUE - len(',"x":1')), "x": 1})


def read_offer(value: str | None, lang: str) -> tuple[Shared | None, bool]:
    """The sentence a False alarm value offers to share (or None), and whether one was too long."""
    parsed = _parsed(value)
    found = parsed.get("s")
    shared = None
    if isinstance(found, list) and len(found) == 3 and all(isinstance(x, str) for x in found):
        rule, text, like = found
        if rule and text.strip():
            shared = Shared(rule, lang, text, like)
    return shared, parsed.get("x") == 1


def share_value(shared: Shared, *, like: bool = True) -> str:
    """A Share or Add button's value: {"r": rule, "l": language, "s": sentence, "k": like}."""
    value = {"r": shared.rule, "l": shared.lang, "s": shared.text}
    if like and shared.like:
        value["k"] = shared.like
    found = kit.compact(value)
    return share_value(shared, like=False) if like and len(found) > kit.BUTTON_VALUE else found


def read_shared(value: str | None) -> Shared | None:
    """The sentence a Share or Add button carries, or None when the value is not one."""
    parsed = _parsed(value)
    rule, lang, text, like = (parsed.get(k) for k in ("r", "l", "s", "k"))
    if not (isinstance(rule, str) and isinstance(lang, str) and isinstance(text, str)):
        return None
    if not (rule and text.strip()):
        return None
    return Shared(rule, lang, text, like if isinstance(like, str) else "")


def _parsed(value: str | None) -> dict[str, Any]:
    try:
        parsed = json.loads(value or "{}")
    except ValueError:
        return {}
    return parsed if isinstance(parsed, dict) else {}


# -- the agent's side: thanks, and the offer -----------------------------------------------------


def thanks_for_false_alarm(shared: Shared | None, too_long: bool) -> Message:
    """Thank the agent for a False alarm; offer to share the flagged sentence, if there is one."""
    if shared is None and not too_long:
        return kit.notice(texts.THANKS_FALSE_ALARM)
    blocks: list[Block] = [kit.section(kit.esc(texts.THANKS_FALSE_ALARM))]
    if shared is None:
        blocks.append(kit.context(kit.esc(texts.SHARE_TOO_LONG)))
        return kit.message(kit.esc(texts.THANKS_FALSE_ALARM), blocks)
    value = share_value(shared)
    blocks += [
        kit.section(kit.esc(texts.SHARE_OFFER)),
        kit.section(_sentence(shared)),
        {
            "type": "actions",
            "block_id": ids.SHARE_ACTIONS,
            "elements": [
                kit.button(texts.SHARE_BUTTON, ids.SHARE_SENTENCE, value, "primary"),
                kit.button(texts.NO_THANKS, ids.NO_SHARE),
            ],
        },
    ]
    fallback = f"{texts.THANKS_FALSE_ALARM} {texts.SHARE_BUTTON}?"
    return kit.message(kit.esc(fallback), blocks)


# -- the leads' side: the DM, and what it becomes ------------------------------------------------


def for_the_leads(shared: Shared, by: str) -> Message:
    """A lead's DM: the sentence an agent shared, the rule, what it sounded like, who shared it,
    and buttons to add it to the rule's bank as harmless or to dismiss it."""
    rule = kit.esc(shared.rule)
    add = texts.ADD_AS_HARMLESS.format(rule=shared.rule)
    blocks = [
        kit.section(texts.SHARED_WITH_YOU.format(user=kit.mention(by), rule=rule)),
        kit.section(_sentence(shared)),
        {
            "type": "actions",
            "block_id": ids.SAMPLE_ACTIONS,
            "elements": [
                kit.button(add, ids.SAMPLE_ADD, share_value(shared, like=False), "primary"),
                kit.button(texts.DISMISS, ids.SAMPLE_DISMISS),
            ],
        },
        kit.context(kit.esc(texts.ADD_AS_HARMLESS_NOTE.format(rule=shared.rule))),
    ]
    shown = kit.isolate(kit.esc(kit.clip(shared.text, 100)))
    fallback = texts.SHARED_FALLBACK.format(user=kit.mention(by), rule=rule, sentence=shown)
    return kit.message(fallback, blocks)


def closed(shared: Shared | None, said: str) -> Message:
    """The leads' DM once it is dealt with: what became of it, and the sentence, no buttons."""
    blocks = [kit.section(said)]
    if shared is not None:
        blocks.append(kit.section(_sentence(shared, like=False)))
    return kit.message(said, blocks)


def _sentence(shared: Shared, *, like: bool = True) -> str:
    """The sentence quoted, the rule that flagged it and what it sounded like."""
    quote = f"> {kit.esc(kit.clip(shared.text, _QUOTED))}"
    about = f"Flagged by `{kit.esc(shared.rule)}` · {kit.lang_name(shared.lang)}"
    if like and shared.like:
        sounded = kit.esc(texts.quoted(shared.like))
        return f"{quote}\n{about}\n{kit.labelled('Sounded like', sounded)}"
    return f"{quote}\n{about}"
