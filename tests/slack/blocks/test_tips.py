"""Tips: fallback text, the match in its sentence, the rewrite, buttons, escaping, right-to-left."""

from __future__ import annotations

import json

from bot.coach import Coach
from bot.model import Report
from bot.slack import ids
from bot.slack.blocks import tips
from tests.slack.blocks.conftest import (
    DRAFT,
    PDI,
    RLI,
    RLM,
    buttons,
    finding,
    hits,
    huge_report,
    many_findings_report,
    similar_report,
    small_report,
    texts,
)

# -- tips ----------------------------------------------------------------------------------------


def test_tip_fallback_names_each_match_and_rule() -> None:
    assert tips.tip(small_report())["text"] == (
        'phrasebot: 2 things to reword: "I don\'t know" (dont-know), "soon" (vague-timeline)'
    )


def test_tip_shows_the_match_in_bold_in_its_sentence() -> None:
    section = tips.tip(small_report())["blocks"][3]["text"]["text"]
    assert "> I don't know, we'll fix it *soon*" in section.split("\n")


def test_tip_shows_the_rewrite_in_a_code_block() -> None:
    rewrite = tips.tip(small_report())["blocks"][4]["text"]["text"]
    assert (
        rewrite
        == "*Rewritten draft*, ready to copy:\n```\nLet me find out, we'll fix it by [time]\n```"
    )


def test_tip_buttons_carry_rule_ids_language_and_fix_ids() -> None:
    values = {
        json.loads(x["value"])
        == {"r": ["dont-know", "vague-timeline"], "l": "en", "f": ["fix-1", "fix-2"]}
        for x in buttons(tips.tip(small_report(), hits(2))["blocks"])
    }
    assert values == {True}


def test_tip_buttons_are_the_four_feedback_actions() -> None:
    action_ids = [x["action_id"] for x in buttons(tips.tip(small_report())["blocks"])]
    assert action_ids == [ids.HELPFUL, ids.FALSE_ALARM, ids.MUTE, ids.SHOW_FIXES]


def test_tip_button_values_never_carry_the_draft() -> None:
    report = small_report("Order 12345 for jane@example.com: I don't know, soon")
    for button in buttons(tips.tip(report)["blocks"]):
        assert "jane" not in button["value"] and "12345" not in button["value"]


def test_tip_button_value_drops_ids_to_stay_under_2000_characters() -> None:
    value = tips.tip(many_findings_report(), hits(300))["blocks"][-1]["elements"][0]["value"]
    parsed = json.loads(value)
    assert len(value) <= 2000 and parsed["r"][:2] == ["rule-0", "rule-1"] and parsed["f"] == []


def test_tip_shows_at_most_three_known_fixes() -> None:
    shown = [
        t for t in texts(tips.tip(small_report(), hits(5))["blocks"]) if t.startswith("*Refund")
    ]
    assert shown == [
        "*Refund stuck 1*\nThe refund button spins forever\nOpen the order.",
        "*Refund stuck 2*\nThe refund button spins forever\nOpen the order.",
        "*Refund stuck 3*\nThe refund button spins forever\nOpen the order.",
    ]


def test_tip_escapes_a_channel_mention_in_the_draft() -> None:
    message = tips.tip(small_report("<!channel> I don't know, soon"))
    dumped = json.dumps(message)
    assert "<!channel>" not in dumped and "&lt;!channel&gt;" in dumped


def test_tip_escapes_a_link_in_the_match() -> None:
    text = "I don't know <http://evil.example|click>"
    report = Report(text, "en", (finding("x", 0, len(text), text),), text)
    assert "<http" not in json.dumps(tips.tip(report))


def test_tip_with_200_findings_ends_with_a_note_of_the_rest() -> None:
    blocks = tips.tip(many_findings_report())["blocks"]
    note = next(x for x in blocks if x["type"] == "context" and "more" in x["elements"][0]["text"])
    assert note["elements"][0]["text"].startswith("…and 155 more findings: rule-45, rule-46, ")


def test_tip_with_200_findings_keeps_the_rewrite_and_the_buttons() -> None:
    blocks = tips.tip(many_findings_report())["blocks"]
    assert blocks[-1]["block_id"] == ids.TIP_ACTIONS
    assert blocks[-2]["text"]["text"].startswith("*Rewritten draft*")


def test_tip_on_a_40000_character_draft_cuts_the_rewrite_with_a_note() -> None:
    all_text = texts(tips.tip(huge_report())["blocks"])
    assert "The draft is longer than a Slack message can show: the rest is cut." in all_text


def test_tip_on_a_40000_character_draft_quotes_only_the_sentence() -> None:
    section = tips.tip(huge_report())["blocks"][3]["text"]["text"]
    assert section.split("\n")[1] == "> " + "x" * 30 + " *I don't know*."


def test_tip_from_the_real_engine(real_coach: Coach) -> None:
    message = tips.tip(real_coach.check(DRAFT))
    assert message["text"] == (
        'phrasebot: 2 things to reword: "I don\'t know" (dont-know), "soon" (vague-timeline)'
    )


def test_tip_for_a_clean_report_says_it_reads_well() -> None:
    assert (
        tips.tip(Report("Thanks!", "en", (), "Thanks!"))["text"] == "phrasebot: nothing to reword"
    )


# -- how a finding was made: a phrase, or what a sentence sounds like ----------------------------


def test_a_similar_finding_quotes_its_sentence_and_what_it_sounds_like() -> None:
    section = tips.tip(similar_report())["blocks"][2]["text"]["text"]
    assert section.split("\n")[:3] == [
        "*1. dont-know message*  `dont-know` · warning",
        "> I have zero idea why the parcel is late.",
        "*Sounds like:* “No clue what happened to your parcel.”",
    ]


def test_a_phrase_finding_beside_it_still_shows_its_words_in_bold() -> None:
    section = tips.tip(similar_report())["blocks"][3]["text"]["text"]
    assert section.split("\n")[1] == "> We'll write *soon*."
    assert "Sounds like" not in section


def test_the_fallback_says_what_a_similar_finding_sounds_like() -> None:
    assert tips.tip(similar_report())["text"] == (
        'phrasebot: 2 things to reword: "I have zero idea why the parcel is late." (dont-know,'
        ' sounds like "No clue what happened to your parcel."), "soon" (vague-timeline)'
    )


def test_what_it_sounds_like_is_clipped_and_escaped() -> None:
    like = "<!channel> " + "very " * 60 + "long."
    section = tips.tip(similar_report(like=like))["blocks"][2]["text"]["text"]
    [line] = [x for x in section.split("\n") if x.startswith("*Sounds like:*")]
    assert line.startswith("*Sounds like:* “&lt;!channel&gt; very very")
    assert line.endswith("…”") and len(line) < 200


def test_a_hebrew_sample_it_sounds_like_sits_on_its_own_line() -> None:
    section = tips.tip(similar_report(like="אין לי מושג.", lang="he"))["blocks"][2]["text"]["text"]
    assert section.split("\n")[2:4] == ["*Sounds like:*", "“אין לי מושג.”"]


def test_a_similar_finding_from_the_real_engine_names_a_bank_sentence(real_coach: Coach) -> None:
    report = real_coach.check("I have zero idea why the parcel is late.")
    [f] = report.findings
    section = tips.tip(report)["blocks"][2]["text"]["text"]
    assert f"*Sounds like:* “{f.like}”" in section.split("\n")


# -- False alarm may carry the flagged sentence; no other button ever does ----------------------


def button_values(report: Report, n: int = 0) -> dict[str, dict]:
    return {
        x["action_id"]: json.loads(x["value"]) for x in buttons(tips.tip(report, hits(n))["blocks"])
    }


def test_false_alarm_carries_the_sentence_the_tier_flagged() -> None:
    values = button_values(similar_report())
    assert values[ids.FALSE_ALARM]["s"] == [
        "dont-know",
        "I have zero idea why the parcel is late.",
        "No clue what happened to your parcel.",
    ]
    for other in (ids.HELPFUL, ids.MUTE, ids.SHOW_FIXES):
        assert values[other] == {"r": ["dont-know", "vague-timeline"], "l": "en", "f": []}


def test_false_alarm_carries_no_sentence_when_only_phrases_fired() -> None:
    values = button_values(small_report())
    assert values[ids.FALSE_ALARM] == values[ids.HELPFUL]


def test_a_sentence_too_long_to_be_a_sample_is_not_carried() -> None:
    draft = "I have zero idea why " + "the parcel " * 45 + "is late."
    values = button_values(similar_report(draft))
    assert "s" not in values[ids.FALSE_ALARM]
    assert values[ids.FALSE_ALARM]["x"] == 1


def test_false_alarm_with_a_sentence_stays_under_2000_characters() -> None:
    many = many_findings_report()
    similar = similar_report()
    report = Report(many.text, "en", (*many.findings, *similar.findings[:1]), many.rewrite)
    value = tips.tip(report, hits(300))["blocks"][-1]["elements"][1]["value"]
    assert len(value) <= 2000
    assert json.loads(value)["s"][0] == "dont-know"


# -- right-to-left ------------------------------------------------------------------------------

HE_DRAFT = "אני לא יודע, נחזור אליך בקרוב"
HE_SUGGESTION = "תן לי לבדוק את זה בשבילך, אפשר דקה?"
HE_REWRITE = "תן לי לבדוק, נחזור אליך עד [שעה]"


def hebrew_report(suggestion: str = HE_SUGGESTION) -> Report:
    f = finding("dont-know", 0, 11, HE_DRAFT, lang="he", better_wording=suggestion)
    return Report(HE_DRAFT, "he", (f,), HE_REWRITE)


def test_hebrew_suggestion_sits_on_its_own_line_under_its_label() -> None:
    lines = tips.tip(hebrew_report())["blocks"][2]["text"]["text"].split("\n")
    assert lines[-2:] == ["*Better wording:*", HE_SUGGESTION]


def test_hebrew_rewrite_sits_on_its_own_line() -> None:
    rewrite = tips.tip(hebrew_report())["blocks"][3]["text"]["text"]
    assert rewrite.split("\n")[1:] == ["```", HE_REWRITE, "```"]


def test_hebrew_line_led_by_a_latin_word_starts_right_to_left() -> None:
    lines = tips.tip(hebrew_report("Zoom לא עובד"))["blocks"][2]["text"]["text"].split("\n")
    assert lines[-1] == RLM + "Zoom לא עובד"


def test_hebrew_match_is_isolated_in_the_english_fallback() -> None:
    assert tips.tip(hebrew_report())["text"] == (
        f'phrasebot: 1 thing to reword: "{RLI}אני לא יודע{PDI}" (dont-know)'
    )


def test_hebrew_sentence_is_quoted_with_the_match_in_bold() -> None:
    lines = tips.tip(hebrew_report())["blocks"][2]["text"]["text"].split("\n")
    assert lines[1] == "> *אני לא יודע*, נחזור אליך בקרוב"


def test_clean_says_the_draft_reads_well() -> None:
    message = tips.clean(Report("Thanks!", "en", (), "Thanks!"))
    assert message["blocks"][0]["text"]["text"] == "✓ *Reads well*: nothing to reword."
