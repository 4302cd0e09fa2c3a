"""The leads' forms (add a phrase, an exception, a rule or a sentence for a rule's meaning bank;
turn a rule on or off), reading what they sent, and why a change was refused."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.model import LANGUAGES, LEVEL_NAMES, Level, Rule, Settings
from bot.phrasebook.bank import MAX_SAMPLE_CHARS
from bot.problems import Problem
from bot.slack import ids
from bot.slack.blocks import kit
from bot.slack.blocks.kit import Block, Message, View


def add_phrase_modal(rules: Sequence[Rule], *, exception: bool = False) -> View:
    """A modal for a lead to add a phrase (or an exception) to a rule.

    state.values keys (ids.FIELD_*): rule (rule id, static_select), lang (language,
    static_select), phrase (the phrase, plain_text_input).
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
        return kit.modal(
            callback, title, [kit.section("There are no rules yet: add a rule first.")], None
        )
    blocks = [
        kit.context(about + " It goes live only if every example still passes."),
        _select(ids.FIELD_RULE, "Rule", _rule_options(rules)),
        _lang_select(),
        _text_input(ids.FIELD_PHRASE, label),
    ]
    return kit.modal(callback, title, blocks, submit="Add")


def add_rule_modal() -> View:
    """A modal for a lead to add a whole rule.

    state.values keys (ids.FIELD_*): id, level (info/warning/error), message, why, lang,
    phrases (one per line), better_wording, replace_with, bad (one example per line), good (one
    per line, optional). Selects give the option value, inputs the text.
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
        _text_input(
            ids.FIELD_BETTER_WORDING,
            "Better wording",
            hint="Shown to the agent: the better way to say it",
        ),
        _text_input(
            ids.FIELD_REPLACE_WITH,
            "Replace with",
            hint="The words the rewrite puts in place of a phrase",
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
    return kit.modal(ids.ADD_RULE_VIEW, "Add a rule", blocks, submit="Add")


def add_sample_modal(rules: Sequence[Rule]) -> View:
    """A modal for a lead to teach a rule's meaning tier a sentence (meaning/<rule>.yaml).

    state.values keys (ids.FIELD_*): rule (static_select), lang (static_select), sentence
    (plain_text_input, at most a sample's length), side ("bad" or "good", radio_buttons).
    """
    title = "Teach a rule a sentence"
    if not rules:
        return kit.modal(
            ids.ADD_SAMPLE_VIEW,
            title,
            [kit.section("There are no rules yet: add a rule first.")],
            None,
        )
    sentence = _text_input(
        ids.FIELD_SENTENCE, "Sentence", hint="One whole sentence, as an agent would send it"
    )
    sentence["element"]["max_length"] = MAX_SAMPLE_CHARS
    sides = [
        _option("Bad: it means what the rule forbids", "bad"),
        _option("Good: it is harmless, though it sounds close", "good"),
    ]
    blocks = [
        kit.context(
            "The rule also flags sentences that mean the same as its bad ones, however they are"
            " worded, unless they sound more like its good ones. It goes live at once, if every"
            " example still passes."
        ),
        _select(ids.FIELD_RULE, "Rule", _rule_options(rules)),
        _lang_select(),
        sentence,
        _radio(ids.FIELD_SIDE, "It is", sides),
    ]
    return kit.modal(ids.ADD_SAMPLE_VIEW, title, blocks, submit="Add")


def toggle_rule_modal(rules: Sequence[Rule], settings: Settings) -> View:
    """A modal for a lead to turn a rule on or off.

    state.values keys (ids.FIELD_*): rule (rule id, static_select; options say on/off),
    state ("on" or "off", radio_buttons).
    """
    title = "Turn a rule on or off"
    if not rules:
        return kit.modal(
            ids.TOGGLE_RULE_VIEW, title, [kit.section("There are no rules yet.")], None
        )
    radio = _radio(ids.FIELD_STATE, "Turn it", [_option("On", "on"), _option("Off", "off")])
    blocks = [_select(ids.FIELD_RULE, "Rule", _rule_options(rules, settings)), radio]
    return kit.modal(ids.TOGGLE_RULE_VIEW, title, blocks)


def settings_modal(settings: Settings) -> View:
    """A modal for a lead to change the workspace's settings (its own rules.yaml).

    state.values keys (ids.FIELD_*): leads (multi_users_select), quiet_channels
    (multi_conversations_select), min_level (static_select), tips_per_hour (plain_text_input).
    """
    people = [u for u in settings.leads if not u.startswith("S")]
    groups = [g for g in settings.leads if g.startswith("S")]
    quiet = [c for c, ch in settings.channels.items() if c != "*" and not ch.tips]
    leads: Block = {
        "type": "input",
        "block_id": ids.FIELD_LEADS,
        "label": kit.plain("Leads"),
        "hint": kit.plain(
            "Who may change the phrasebook and these settings"
            + (f"; the user groups in rules.yaml ({', '.join(groups)}) stay" if groups else "")
        ),
        "element": {"type": "multi_users_select", "action_id": ids.FIELD_LEADS},
    }
    if people:
        leads["element"]["initial_users"] = people
    channels: Block = {
        "type": "input",
        "block_id": ids.FIELD_QUIET,
        "label": kit.plain("Channels without tips after posting"),
        "optional": True,
        "element": {
            "type": "multi_conversations_select",
            "action_id": ids.FIELD_QUIET,
            "filter": {"include": ["public", "private"], "exclude_bot_users": True},
        },
    }
    if quiet:
        channels["element"]["initial_conversations"] = quiet
    levels = [_option(name, name) for name in LEVEL_NAMES]
    tips = _text_input(ids.FIELD_TIPS, "Tips per agent per hour", hint="0: no cap")
    tips["element"]["initial_value"] = str(settings.tips_per_hour)
    blocks = [
        kit.context("This workspace's settings. They go live only if rules.yaml still passes."),
        leads,
        channels,
        _select(ids.FIELD_MIN_LEVEL, "Lowest level shown", levels, initial=str(settings.min_level)),
        tips,
    ]
    return kit.modal(ids.SETTINGS_VIEW, "Workspace settings", blocks, submit="Save")


# -- the parts of a form -----------------------------------------------------------------------


def _option(text: str, value: str) -> dict[str, Any]:
    return {"text": kit.plain(text), "value": value}


def _select(field: str, label: str, options: Sequence[dict[str, Any]], initial: str = "") -> Block:
    """A static_select input; past 100 options they go into groups of 100."""
    element: dict[str, Any] = {
        "type": "static_select",
        "action_id": field,
        "placeholder": kit.plain(f"Pick a {label.lower()}"),
    }
    if len(options) <= kit.OPTIONS:
        element["options"] = list(options)
    else:
        element["option_groups"] = [
            _group(options[i : i + kit.OPTIONS]) for i in range(0, len(options), kit.OPTIONS)
        ]
    chosen = next((o for o in options if o["value"] == initial), None)
    if chosen:
        element["initial_option"] = chosen
    return {"type": "input", "block_id": field, "label": kit.plain(label), "element": element}


def _radio(field: str, label: str, options: Sequence[dict[str, Any]]) -> Block:
    element = {"type": "radio_buttons", "action_id": field, "options": list(options)}
    return {"type": "input", "block_id": field, "label": kit.plain(label), "element": element}


def _group(options: Sequence[dict[str, Any]]) -> dict[str, Any]:
    first, last = options[0]["value"], options[-1]["value"]
    return {
        "label": kit.plain(kit.clip(f"{first} … {last}", kit.OPTION_TEXT)),
        "options": list(options),
    }


def _text_input(
    field: str, label: str, *, hint: str = "", multiline: bool = False, optional: bool = False
) -> Block:
    element = {"type": "plain_text_input", "action_id": field, "multiline": multiline}
    block: Block = {
        "type": "input",
        "block_id": field,
        "label": kit.plain(label),
        "element": element,
    }
    if hint:
        block["hint"] = kit.plain(hint)
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
    return kit.clip(rule_id, kit.OPTION_TEXT - len(state)) + state


def _lang_select() -> Block:
    options = [_option(f"{kit.lang_name(code)} ({code})", code) for code in LANGUAGES]
    return _select(ids.FIELD_LANG, "Language", options, initial="en")


# -- reading a submitted form ------------------------------------------------------------------


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
    for key in ("selected_users", "selected_conversations"):  # several: a comma between
        if key in state:
            return ",".join(str(v) for v in state[key] or ())
    if "selected_option" in state:
        return str((state["selected_option"] or {}).get("value", ""))
    return str(state.get("value") or "")


# -- why a change was refused ------------------------------------------------------------------


def problems_message(problems: Sequence[Problem], *, intro: str) -> Message:
    """Show a lead why a change was refused: each problem with its fix, in code blocks."""
    lines = [(p.rule, kit.esc(kit.fence(kit.clip(str(p), 1500)))) for p in problems]
    blocks = [kit.section(kit.esc(intro))]
    for chunk in kit.chunks(lines, kit.CODE_PIECE, 30):
        text = "```\n" + "\n".join(t for _, t in chunk) + "\n```"
        blocks.append(kit.optional(kit.section(text), "problem", [r for r, _ in chunk]))
    count = f" ({kit.plural(len(problems), 'problem')})" if problems else ""
    return kit.message(f"{kit.esc(kit.one_line(intro))}{count}", blocks)
