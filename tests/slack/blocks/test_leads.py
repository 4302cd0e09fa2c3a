"""Lead modals, reading what a lead submitted, and the problems that refuse a change."""

from __future__ import annotations

from typing import Any

from bot.model import RuleSetting, Settings
from bot.phrasebook import edit
from bot.problems import Problem
from bot.slack import ids
from bot.slack.blocks import leads
from tests.slack.blocks.conftest import rule
from tests.slack.conftest import slack_accepts

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
    assert leads.lead_form_values(values) == {
        "rule": "dont-know",
        "lang": "",
        "phrase": "beats me",
        "good": "",
        "state": "off",
    }


def test_lead_form_values_takes_the_values_dict_too() -> None:
    values = state(phrase={"type": "plain_text_input", "value": "x"})["values"]
    assert leads.lead_form_values(values) == {"phrase": "x"}


def field_ids(view: dict[str, Any]) -> list[str]:
    return [x["block_id"] for x in view["blocks"] if x["type"] == "input"]


def test_add_phrase_modal_asks_for_rule_language_and_phrase() -> None:
    view = leads.add_phrase_modal([rule("a")])
    assert (view["callback_id"], field_ids(view)) == (
        ids.ADD_PHRASE_VIEW,
        [ids.FIELD_RULE, ids.FIELD_LANG, ids.FIELD_PHRASE],
    )


def test_add_exception_modal_has_its_own_callback() -> None:
    assert (
        leads.add_phrase_modal([rule("a")], exception=True)["callback_id"] == ids.ADD_EXCEPTION_VIEW
    )


def test_add_phrase_modal_groups_more_than_100_rules() -> None:
    view = leads.add_phrase_modal([rule(f"r{i:03}") for i in range(250)])
    groups = view["blocks"][1]["element"]["option_groups"]
    assert [len(g["options"]) for g in groups] == [100, 100, 50]
    assert groups[0]["label"]["text"] == "r000 … r099"


def test_add_rule_modal_asks_for_every_part_of_a_rule() -> None:
    view = leads.add_rule_modal()
    assert (view["callback_id"], field_ids(view)) == (
        ids.ADD_RULE_VIEW,
        [
            "id",
            "level",
            "message",
            "why",
            "lang",
            "phrases",
            "better_wording",
            "replace_with",
            "bad",
            "good",
        ],
    )


def test_add_rule_modal_field_ids_are_the_edit_fields_errors_name() -> None:
    assert field_ids(leads.add_rule_modal()) == [
        edit.NEW_ID,
        edit.LEVEL,
        edit.MESSAGE,
        edit.WHY,
        edit.LANG,
        edit.PHRASES,
        edit.BETTER_WORDING,
        edit.REPLACE_WITH,
        edit.BAD,
        edit.GOOD,
    ]


def test_add_rule_modal_labels_better_wording_and_replace_with() -> None:
    blocks = {x["block_id"]: x for x in leads.add_rule_modal()["blocks"]}
    shown = [
        (blocks[f]["label"]["text"], blocks[f]["hint"]["text"])
        for f in (ids.FIELD_BETTER_WORDING, ids.FIELD_REPLACE_WITH)
    ]
    assert shown == [
        ("Better wording", "Shown to the agent: the better way to say it"),
        ("Replace with", "The words the rewrite puts in place of a phrase"),
    ]


def test_add_sample_modal_asks_for_rule_language_sentence_and_side() -> None:
    view = leads.add_sample_modal([rule("a"), rule("b")])
    assert (view["callback_id"], field_ids(view)) == (
        ids.ADD_SAMPLE_VIEW,
        [edit.RULE, edit.LANG, edit.SENTENCE, edit.SIDE],
    )
    blocks = {x.get("block_id"): x for x in view["blocks"]}
    assert blocks[ids.FIELD_SENTENCE]["element"]["max_length"] == 400
    side = blocks[ids.FIELD_SIDE]["element"]
    assert side["type"] == "radio_buttons"
    assert [(o["value"], o["text"]["text"]) for o in side["options"]] == [
        ("bad", "Bad: it means what the rule forbids"),
        ("good", "Good: it is harmless, though it sounds close"),
    ]
    assert view["title"]["text"] == "Teach a rule a sentence"
    slack_accepts(view)


def test_add_sample_modal_without_rules_says_to_add_one_first() -> None:
    view = leads.add_sample_modal([])
    assert field_ids(view) == [] and "submit" not in view


def test_toggle_rule_modal_options_say_on_or_off() -> None:
    settings = Settings(rules={"b": RuleSetting(off=True)})
    view = leads.toggle_rule_modal([rule("a"), rule("b")], settings)
    options = view["blocks"][0]["element"]["options"]
    assert [o["text"]["text"] for o in options] == ["a · on", "b · off"]
    assert view["callback_id"] == ids.TOGGLE_RULE_VIEW


def test_toggle_rule_modal_keeps_the_state_of_a_long_rule_id() -> None:
    view = leads.toggle_rule_modal([rule("a" * 100)], Settings())
    text = view["blocks"][0]["element"]["options"][0]["text"]["text"]
    assert len(text) == 75 and text.endswith("… · on")


def test_problems_message_lists_each_problem_with_its_fix_in_a_code_block() -> None:
    problem = Problem("phrasebook/a.yaml", 12, "a", 'example not flagged: "x"', "add a phrase")
    message = leads.problems_message([problem], intro="Not saved: the phrasebook has problems.")
    assert message["blocks"][1]["text"]["text"] == (
        '```\nphrasebook/a.yaml:12: a: example not flagged: "x"\n  fix: add a phrase\n```'
    )
    assert message["text"] == "Not saved: the phrasebook has problems. (1 problem)"


def test_problems_message_summarises_past_the_block_limit() -> None:
    problems = [Problem("r.yaml", i, f"r{i}", "x" * 200, "fix it") for i in range(2000)]
    note = leads.problems_message(problems, intro="No.")["blocks"][-1]["elements"][0]["text"]
    assert note.startswith("…and 1424 more problems: r576, r577, ")
