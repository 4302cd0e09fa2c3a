"""Block Kit builders: fallback text, Slack's limits, escaping, right-to-left text, ids."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from bot.coach import Coach
from bot.model import (
    AuditEntry,
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
    StatRow,
    UserSummary,
)
from bot.problems import Problem
from bot.slack import blocks as b
from bot.slack import ids

DRAFT = "I don't know, we'll fix it soon"
RLI, PDI, RLM = "\u2067", "\u2069", "\u200f"


def finding(rule: str, start: int, end: int, text: str, **kw: Any) -> Finding:
    """A finding on text[start:end], with made-up wording."""
    values: dict[str, Any] = {
        "level": Level.WARNING,
        "message": f"{rule} message",
        "why": f"{rule} why",
        "suggestion": f"{rule} suggestion",
        "instead": "[instead]",
        "lang": "en",
    }
    values.update(kw)
    return Finding(rule=rule, start=start, end=end, match=text[start:end], **values)


def small_report(draft: str = DRAFT) -> Report:
    """The two findings the shipped phrasebook gives DRAFT."""
    at = draft.index("I don't know")
    soon = draft.index("soon")
    findings = (
        finding("dont-know", at, at + 12, draft, suggestion="Let me find out for you."),
        finding("vague-timeline", soon, soon + 4, draft, suggestion="By 3 pm today."),
    )
    return Report(draft, "en", findings, "Let me find out, we'll fix it by [time]")


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
    return b.home(
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


# -- every message -------------------------------------------------------------------------------

MESSAGES = {
    "tip": lambda: b.tip(small_report(), hits(2)),
    "clean": lambda: b.clean(Report("Thanks!", "en", (), "Thanks!")),
    "fixes": lambda: b.fixes_list("refund", hits(2)),
    "no fixes": lambda: b.fixes_list("refund", ()),
    "shared": lambda: b.shared_fix(fix(), "U123"),
    "problems": lambda: b.problems_message([Problem("a.yaml", 3, "a", "bad")], intro="Refused."),
    "notice": lambda: b.notice("Done."),
    "200 findings": lambda: b.tip(many_findings_report(), hits(5)),
    "40,000 characters": lambda: b.tip(huge_report(), hits(3)),
    "long fix": lambda: b.shared_fix(fix(fix="step. " * 20_000), "U123"),
    "500 problems": lambda: b.problems_message(
        [Problem("r.yaml", i, f"r{i}", "x" * 200, "fix it") for i in range(500)], intro="No."
    ),
    "many fixes": lambda: b.fixes_list("refund", hits(80)),
}


@pytest.mark.parametrize("build", MESSAGES.values(), ids=MESSAGES.keys())
def test_every_message_has_short_fallback_text(build: Any) -> None:
    text = build()["text"]
    assert text.strip() and len(text) <= 3000


@pytest.mark.parametrize("build", MESSAGES.values(), ids=MESSAGES.keys())
def test_every_message_keeps_block_kit_limits(build: Any) -> None:
    blocks = build()["blocks"]
    assert 0 < len(blocks) <= 50
    assert limit_breaches(blocks) == []


VIEWS = {
    "compose empty": lambda: b.compose_modal(),
    "compose tip": lambda: b.compose_modal(draft=DRAFT, report=small_report(), fixes=hits(3)),
    "compose huge": lambda: b.compose_modal(
        draft=huge_report().text, report=huge_report(), context_fixes=hits(40)
    ),
    "compose 200 findings": lambda: b.compose_modal(
        draft=many_findings_report().text, report=many_findings_report()
    ),
    "home agent": lambda: home_view(is_lead=False),
    "home 10,000 rules": lambda: home_view(is_lead=True, rules=10_000),
    "add phrase": lambda: b.add_phrase_modal([rule("a"), rule("b")]),
    "add phrase 250 rules": lambda: b.add_phrase_modal([rule(f"r{i}") for i in range(250)]),
    "add rule": lambda: b.add_rule_modal(),
    "toggle": lambda: b.toggle_rule_modal([rule("a" * 100)], Settings()),
}


@pytest.mark.parametrize("build", VIEWS.values(), ids=VIEWS.keys())
def test_every_view_keeps_block_kit_limits(build: Any) -> None:
    blocks = build()["blocks"]
    assert 0 < len(blocks) <= 100
    assert limit_breaches(blocks) == []


# -- tips ----------------------------------------------------------------------------------------


def test_tip_fallback_names_each_match_and_rule() -> None:
    assert b.tip(small_report())["text"] == (
        'phrasebot: 2 things to reword: "I don\'t know" (dont-know), "soon" (vague-timeline)'
    )


def test_tip_shows_the_match_in_bold_in_its_sentence() -> None:
    section = b.tip(small_report())["blocks"][3]["text"]["text"]
    assert "> I don't know, we'll fix it *soon*" in section.split("\n")


def test_tip_shows_the_rewrite_in_a_code_block() -> None:
    rewrite = b.tip(small_report())["blocks"][4]["text"]["text"]
    assert (
        rewrite
        == "*Rewritten draft*, ready to copy:\n```\nLet me find out, we'll fix it by [time]\n```"
    )


def test_tip_buttons_carry_rule_ids_language_and_fix_ids() -> None:
    values = {
        json.loads(x["value"])
        == {"r": ["dont-know", "vague-timeline"], "l": "en", "f": ["fix-1", "fix-2"]}
        for x in buttons(b.tip(small_report(), hits(2))["blocks"])
    }
    assert values == {True}


def test_tip_buttons_are_the_four_feedback_actions() -> None:
    action_ids = [x["action_id"] for x in buttons(b.tip(small_report())["blocks"])]
    assert action_ids == [ids.HELPFUL, ids.FALSE_ALARM, ids.MUTE, ids.SHOW_FIXES]


def test_tip_button_values_never_carry_the_draft() -> None:
    report = small_report("Order 12345 for jane@example.com: I don't know, soon")
    for button in buttons(b.tip(report)["blocks"]):
        assert "jane" not in button["value"] and "12345" not in button["value"]


def test_tip_button_value_drops_ids_to_stay_under_2000_characters() -> None:
    value = b.tip(many_findings_report(), hits(300))["blocks"][-1]["elements"][0]["value"]
    parsed = json.loads(value)
    assert len(value) <= 2000 and parsed["r"][:2] == ["rule-0", "rule-1"] and parsed["f"] == []


def test_tip_shows_at_most_three_known_fixes() -> None:
    shown = [t for t in texts(b.tip(small_report(), hits(5))["blocks"]) if t.startswith("*Refund")]
    assert shown == [
        "*Refund stuck 1*\nThe refund button spins forever\nOpen the order.",
        "*Refund stuck 2*\nThe refund button spins forever\nOpen the order.",
        "*Refund stuck 3*\nThe refund button spins forever\nOpen the order.",
    ]


def test_tip_escapes_a_channel_mention_in_the_draft() -> None:
    message = b.tip(small_report("<!channel> I don't know, soon"))
    dumped = json.dumps(message)
    assert "<!channel>" not in dumped and "&lt;!channel&gt;" in dumped


def test_tip_escapes_a_link_in_the_match() -> None:
    text = "I don't know <http://evil.example|click>"
    report = Report(text, "en", (finding("x", 0, len(text), text),), text)
    assert "<http" not in json.dumps(b.tip(report))


def test_tip_with_200_findings_ends_with_a_note_of_the_rest() -> None:
    blocks = b.tip(many_findings_report())["blocks"]
    note = next(x for x in blocks if x["type"] == "context" and "more" in x["elements"][0]["text"])
    assert note["elements"][0]["text"].startswith("…and 155 more findings: rule-45, rule-46, ")


def test_tip_with_200_findings_keeps_the_rewrite_and_the_buttons() -> None:
    blocks = b.tip(many_findings_report())["blocks"]
    assert blocks[-1]["block_id"] == ids.TIP_ACTIONS
    assert blocks[-2]["text"]["text"].startswith("*Rewritten draft*")


def test_tip_on_a_40000_character_draft_cuts_the_rewrite_with_a_note() -> None:
    all_text = texts(b.tip(huge_report())["blocks"])
    assert "The draft is longer than a Slack message can show: the rest is cut." in all_text


def test_tip_on_a_40000_character_draft_quotes_only_the_sentence() -> None:
    section = b.tip(huge_report())["blocks"][3]["text"]["text"]
    assert section.split("\n")[1] == "> " + "x" * 30 + " *I don't know*."


def test_tip_from_the_real_engine(real_coach: Coach) -> None:
    message = b.tip(real_coach.check(DRAFT))
    assert message["text"] == (
        'phrasebot: 2 things to reword: "I don\'t know" (dont-know), "soon" (vague-timeline)'
    )


def test_tip_for_a_clean_report_says_it_reads_well() -> None:
    assert b.tip(Report("Thanks!", "en", (), "Thanks!"))["text"] == "phrasebot: nothing to reword"


# -- right-to-left ------------------------------------------------------------------------------

HE_DRAFT = "אני לא יודע, נחזור אליך בקרוב"
HE_SUGGESTION = "תן לי לבדוק את זה בשבילך, אפשר דקה?"
HE_REWRITE = "תן לי לבדוק, נחזור אליך עד [שעה]"


def hebrew_report(suggestion: str = HE_SUGGESTION) -> Report:
    f = finding("dont-know", 0, 11, HE_DRAFT, lang="he", suggestion=suggestion)
    return Report(HE_DRAFT, "he", (f,), HE_REWRITE)


def test_hebrew_suggestion_sits_on_its_own_line_under_its_label() -> None:
    lines = b.tip(hebrew_report())["blocks"][2]["text"]["text"].split("\n")
    assert lines[-2:] == ["*Better wording:*", HE_SUGGESTION]


def test_hebrew_rewrite_sits_on_its_own_line() -> None:
    rewrite = b.tip(hebrew_report())["blocks"][3]["text"]["text"]
    assert rewrite.split("\n")[1:] == ["```", HE_REWRITE, "```"]


def test_hebrew_line_led_by_a_latin_word_starts_right_to_left() -> None:
    lines = b.tip(hebrew_report("Zoom לא עובד"))["blocks"][2]["text"]["text"].split("\n")
    assert lines[-1] == RLM + "Zoom לא עובד"


def test_hebrew_match_is_isolated_in_the_english_fallback() -> None:
    assert b.tip(hebrew_report())["text"] == (
        f'phrasebot: 1 thing to reword: "{RLI}אני לא יודע{PDI}" (dont-know)'
    )


def test_hebrew_sentence_is_quoted_with_the_match_in_bold() -> None:
    lines = b.tip(hebrew_report())["blocks"][2]["text"]["text"].split("\n")
    assert lines[1] == "> *אני לא יודע*, נחזור אליך בקרוב"


# -- clean, fixes, notices -----------------------------------------------------------------------


def test_clean_says_the_draft_reads_well() -> None:
    message = b.clean(Report("Thanks!", "en", (), "Thanks!"))
    assert message["blocks"][0]["text"]["text"] == "✓ *Reads well*: nothing to reword."


def test_fixes_list_offers_to_share_each_fix_by_id() -> None:
    accessories = [
        x["accessory"] for x in b.fixes_list("refund", hits(2))["blocks"] if "accessory" in x
    ]
    assert [(a["action_id"], a["value"]) for a in accessories] == [
        (ids.SHARE_FIX, "fix-1"),
        (ids.SHARE_FIX, "fix-2"),
    ]


def test_fixes_list_shows_steps_alternatives_and_links() -> None:
    f = fix(alternatives=("Offer store credit",), links=("https://wiki.example.com/refunds",))
    section = b.fixes_list("refund", [Hit(f, 0.8)])["blocks"][2]["text"]["text"]
    assert section == (
        "*Refund stuck 1*\nThe refund button spins forever\nOpen the order.\nPress Refund again (1)."
        "\n*If that is not possible:*\n• Offer store credit\n<https://wiki.example.com/refunds>"
    )


def test_fixes_list_without_hits_suggests_what_to_do() -> None:
    message = b.fixes_list("<!here> refund", ())
    assert message["text"] == 'phrasebot: no known fix for "&lt;!here&gt; refund"'
    assert "ask a team lead" in message["blocks"][0]["text"]["text"]


def test_fixes_list_fallback_counts_the_fixes() -> None:
    assert b.fixes_list("refund", hits(2))["text"] == 'phrasebot: 2 known fixes for "refund"'


def test_fixes_list_keeps_lead_links_but_escapes_other_markup() -> None:
    f = fix(fix="See <https://wiki.example.com|the wiki>, not <!channel>.")
    section = b.fixes_list("refund", [Hit(f, 0.8)])["blocks"][2]["text"]["text"]
    assert "See <https://wiki.example.com|the wiki>, not &lt;!channel&gt;." in section


def test_shared_fix_says_who_shared_it() -> None:
    message = b.shared_fix(fix(), "U123")
    assert message["text"] == "<@U123> shared a known fix: Refund stuck 1"
    assert message["blocks"][0]["elements"][0]["text"] == "<@U123> shared a known fix"


def test_shared_fix_does_not_trust_a_user_id_that_is_not_one() -> None:
    assert b.shared_fix(fix(), "<!channel>")["text"].startswith("&lt;!channel&gt; shared")


def test_problems_message_lists_each_problem_with_its_fix_in_a_code_block() -> None:
    problem = Problem("phrasebook/a.yaml", 12, "a", 'example not flagged: "x"', "add a phrase")
    message = b.problems_message([problem], intro="Not saved: the phrasebook has problems.")
    assert message["blocks"][1]["text"]["text"] == (
        '```\nphrasebook/a.yaml:12: a: example not flagged: "x"\n  fix: add a phrase\n```'
    )
    assert message["text"] == "Not saved: the phrasebook has problems. (1 problem)"


def test_problems_message_summarises_past_the_block_limit() -> None:
    problems = [Problem("r.yaml", i, f"r{i}", "x" * 200, "fix it") for i in range(2000)]
    note = b.problems_message(problems, intro="No.")["blocks"][-1]["elements"][0]["text"]
    assert note.startswith("…and 1424 more problems: r576, r577, ")


def test_notice_escapes_its_text() -> None:
    assert b.notice("Added <b> & more") == {
        "text": "Added &lt;b&gt; &amp; more",
        "blocks": [
            {"type": "section", "text": {"type": "mrkdwn", "text": "Added &lt;b&gt; &amp; more"}}
        ],
    }


# -- compose modal --------------------------------------------------------------------------------


def draft_input(view: dict[str, Any]) -> dict[str, Any]:
    return next(x for x in view["blocks"] if x.get("block_id") == ids.COMPOSE_BLOCK)


def test_compose_input_dispatches_on_every_character() -> None:
    block = draft_input(b.compose_modal(draft=DRAFT))
    assert block["dispatch_action"] is True
    assert block["element"]["action_id"] == ids.COMPOSE_INPUT
    assert block["element"]["multiline"] is True
    assert block["element"]["dispatch_action_config"] == {
        "trigger_actions_on": ["on_character_entered"]
    }
    assert block["element"]["initial_value"] == DRAFT


def test_compose_modal_sends_and_cancels() -> None:
    view = b.compose_modal()
    assert (view["type"], view["callback_id"], view["submit"]["text"], view["close"]["text"]) == (
        "modal",
        ids.COMPOSE_VIEW,
        "Send",
        "Cancel",
    )


def test_compose_target_starts_at_the_given_channel() -> None:
    block = next(
        x
        for x in b.compose_modal(channel="C1")["blocks"]
        if x.get("block_id") == ids.COMPOSE_TARGET_BLOCK
    )
    assert block["element"] == {
        "type": "conversations_select",
        "action_id": ids.COMPOSE_TARGET,
        "placeholder": {
            "type": "plain_text",
            "text": "Pick a channel or conversation",
            "emoji": True,
        },
        "filter": {"exclude_bot_users": True},
        "initial_conversation": "C1",
    }


def test_compose_target_defaults_to_the_current_conversation() -> None:
    block = next(
        x for x in b.compose_modal()["blocks"] if x.get("block_id") == ids.COMPOSE_TARGET_BLOCK
    )
    assert block["element"]["default_to_current_conversation"] is True


def test_compose_metadata_holds_ids_only() -> None:
    view = b.compose_modal(draft=DRAFT, report=small_report(), channel="C1", thread_ts="1.2")
    assert json.loads(view["private_metadata"]) == {"channel": "C1", "thread_ts": "1.2"}


def test_compose_shows_the_customers_fixes_above_the_reply_box() -> None:
    blocks = b.compose_modal(context_fixes=hits(1))["blocks"]
    assert blocks[0]["text"]["text"] == "*Known fixes for the customer's message*"
    assert blocks[1]["text"]["text"].startswith("*Refund stuck 1*")


def test_compose_without_a_draft_gives_a_hint() -> None:
    last = b.compose_modal()["blocks"][-1]
    assert last["elements"][0]["text"].startswith("Start typing")


def test_compose_with_a_clean_draft_says_it_reads_well() -> None:
    view = b.compose_modal(draft="Thanks!", report=Report("Thanks!", "en", (), "Thanks!"))
    assert view["blocks"][-1]["text"]["text"] == "✓ *Reads well*: nothing to reword."


def test_compose_with_findings_shows_them_without_tip_buttons() -> None:
    blocks = b.compose_modal(draft=DRAFT, report=small_report())["blocks"]
    assert buttons(blocks) == []
    assert any(t.startswith("*1. dont-know message*") for t in texts(blocks))


def test_compose_keeps_a_huge_draft_within_the_input_limit() -> None:
    block = draft_input(b.compose_modal(draft=huge_report().text))
    assert len(block["element"]["initial_value"]) == 3000


# -- App Home -------------------------------------------------------------------------------------

LEAD_BUTTONS = [
    ids.LEAD_ADD_PHRASE,
    ids.LEAD_ADD_EXCEPTION,
    ids.LEAD_ADD_RULE,
    ids.LEAD_TOGGLE_RULE,
    ids.LEAD_RELOAD,
]


def test_home_for_a_lead_has_the_lead_buttons() -> None:
    action_ids = [x["action_id"] for x in buttons(home_view(is_lead=True)["blocks"])]
    assert action_ids == LEAD_BUTTONS


def test_home_for_an_agent_has_no_lead_buttons() -> None:
    assert buttons(home_view(is_lead=False)["blocks"]) == []


def test_home_is_a_home_view() -> None:
    assert home_view(is_lead=False)["type"] == "home"


def test_home_lists_the_phrasebook_marking_off_rules() -> None:
    lines = [t for t in texts(home_view(is_lead=False)["blocks"]) if t.startswith("`rule-0`")]
    assert lines == [
        "`rule-0` · warning · rule-0 message · 2 phrases\n"
        "`rule-1` · warning · rule-1 message · 2 phrases\n"
        "`rule-2` · warning · *off* · rule-2 message · 2 phrases"
    ]


def test_home_shows_the_agents_own_week() -> None:
    all_text = texts(home_view(is_lead=False)["blocks"])
    assert "*Flagged most:* `rule-0` ×3\n*Muted for you:* `rule-1`" in all_text
    assert "*Tips*\n4" in all_text


def test_home_for_a_lead_flags_rules_with_many_false_alarms() -> None:
    stats = [StatRow("dont-know", "en", "C1", shown=9, helpful=1, false_alarm=4)]
    all_text = "\n".join(texts(home_view(is_lead=True, stats=stats)["blocks"]))
    assert (
        "`dont-know` flagged 9× · helpful 1 · false alarm 4 · muted 0 · ⚠️ many false alarms"
        in all_text
    )


def test_home_for_a_lead_shows_recent_changes() -> None:
    audit = [AuditEntry(0.0, "U0LEAD9", "add-phrase", "dont-know", "beats me")]
    all_text = "\n".join(texts(home_view(is_lead=True, audit=audit)["blocks"]))
    assert (
        "<!date^0^{date_short_pretty} {time}|1970-01-01 00:00 UTC> · <@U0LEAD9> · add-phrase"
        " `dont-know`: beats me" in all_text
    )


def test_home_with_10000_rules_notes_the_rest() -> None:
    note = home_view(is_lead=True, rules=10_000)["blocks"][-1]["elements"][0]["text"]
    assert note.startswith("…and ") and " more rules: rule-" in note


# -- lead modals ----------------------------------------------------------------------------------


def state(**fields: dict[str, Any]) -> dict[str, Any]:
    return {"values": {name: {name: value} for name, value in fields.items()}}


def test_lead_form_values_flattens_selects_inputs_and_radios() -> None:
    values = state(
        rule={"type": "static_select", "selected_option": {"value": "dont-know"}},
        lang={"type": "static_select", "selected_option": None},
        phrase={"type": "plain_text_input", "value": "beats me"},
        good={"type": "plain_text_input", "value": None},
        state={"type": "radio_buttons", "selected_option": {"value": "off"}},
    )
    assert b.lead_form_values(values) == {
        "rule": "dont-know",
        "lang": "",
        "phrase": "beats me",
        "good": "",
        "state": "off",
    }


def test_lead_form_values_takes_the_values_dict_too() -> None:
    values = state(phrase={"type": "plain_text_input", "value": "x"})["values"]
    assert b.lead_form_values(values) == {"phrase": "x"}


def field_ids(view: dict[str, Any]) -> list[str]:
    return [x["block_id"] for x in view["blocks"] if x["type"] == "input"]


def test_add_phrase_modal_asks_for_rule_language_and_phrase() -> None:
    view = b.add_phrase_modal([rule("a")])
    assert (view["callback_id"], field_ids(view)) == (
        ids.ADD_PHRASE_VIEW,
        [ids.FIELD_RULE, ids.FIELD_LANG, ids.FIELD_PHRASE],
    )


def test_add_exception_modal_has_its_own_callback() -> None:
    assert b.add_phrase_modal([rule("a")], exception=True)["callback_id"] == ids.ADD_EXCEPTION_VIEW


def test_add_phrase_modal_groups_more_than_100_rules() -> None:
    view = b.add_phrase_modal([rule(f"r{i:03}") for i in range(250)])
    groups = view["blocks"][1]["element"]["option_groups"]
    assert [len(g["options"]) for g in groups] == [100, 100, 50]
    assert groups[0]["label"]["text"] == "r000 … r099"


def test_add_rule_modal_asks_for_every_part_of_a_rule() -> None:
    view = b.add_rule_modal()
    assert (view["callback_id"], field_ids(view)) == (
        ids.ADD_RULE_VIEW,
        [
            "id",
            "level",
            "message",
            "why",
            "lang",
            "phrases",
            "suggestion",
            "instead",
            "bad",
            "good",
        ],
    )


def test_toggle_rule_modal_options_say_on_or_off() -> None:
    settings = Settings(rules={"b": RuleSetting(off=True)})
    view = b.toggle_rule_modal([rule("a"), rule("b")], settings)
    options = view["blocks"][0]["element"]["options"]
    assert [o["text"]["text"] for o in options] == ["a · on", "b · off"]
    assert view["callback_id"] == ids.TOGGLE_RULE_VIEW


def test_toggle_rule_modal_keeps_the_state_of_a_long_rule_id() -> None:
    view = b.toggle_rule_modal([rule("a" * 100)], Settings())
    text = view["blocks"][0]["element"]["options"][0]["text"]["text"]
    assert len(text) == 75 and text.endswith("… · on")


# -- _fit -----------------------------------------------------------------------------------------


def test_fit_drops_from_the_longest_list_and_notes_it_in_place() -> None:
    blocks = [b._section("head")]
    blocks += [b._optional(b._section(f"f{i}"), "finding", [f"r{i}"]) for i in range(10)]
    blocks += [b._optional(b._section("x"), "fix", ["x"]), b._section("tail")]
    fitted = b._fit(blocks, 8)
    assert [x.get("text", {}).get("text") or x["elements"][0]["text"] for x in fitted] == [
        "head",
        "f0",
        "f1",
        "f2",
        "f3",
        "…and 6 more findings: r4, r5, r6, r7, r8, r9",
        "x",
        "tail",
    ]


def test_fit_trims_long_text_without_cutting_an_entity() -> None:
    text = b.notice("&" * 1000)["blocks"][0]["text"]["text"]
    assert text == "&amp;" * 599 + "…"


def test_fit_closes_a_code_block_it_cuts() -> None:
    text = b._fit([b._section("```\n" + "x" * 5000 + "\n```")], 50)[0]["text"]["text"]
    assert len(text) == 3000 and text.endswith("x…\n```")
