"""/check and the "Check wording" shortcut: a private answer for whoever asked."""

from __future__ import annotations

from tests.slack.conftest import (
    AGENT,
    CLEAN,
    FLAGGED,
    SOUNDS_LIKE,
    Bot,
    action_ids,
    button,
    message_shortcut,
    value_of,
)


def test_check_answers_with_a_private_tip(bot: Bot) -> None:
    response = bot.command("/check", FLAGGED)

    assert (response.status, response.body) == (200, "")
    [answer] = bot.answers()
    assert answer["response_type"] == "ephemeral"
    assert answer["text"] == (
        'phrasebot: 2 things to reword: "I don\'t know" (dont-know), "soon" (vague-timeline)'
    )


def test_check_is_counted_but_not_capped(bot: Bot) -> None:
    for _ in range(5):
        bot.command("/check", FLAGGED)

    assert len(bot.answers()) == 5
    assert bot.store.user_summary(AGENT).tips == 5


def test_check_of_a_clean_draft_says_it_reads_well(bot: Bot) -> None:
    bot.command("/check", CLEAN)

    [answer] = bot.answers()
    assert answer["text"] == "phrasebot: nothing to reword"


def test_check_with_no_draft_explains_itself(bot: Bot) -> None:
    bot.command("/check", "  ")

    [answer] = bot.answers()
    assert answer["text"].startswith("Paste your draft after the command, e.g. `/check ")


def test_check_leaves_out_rules_the_agent_muted(bot: Bot) -> None:
    bot.store.record_feedback(AGENT, "C0001", "dont-know", "en", "muted")
    bot.command("/check", FLAGGED)

    [answer] = bot.answers()
    assert answer["text"] == 'phrasebot: 1 thing to reword: "soon" (vague-timeline)'


def test_check_wording_tips_whoever_asked_privately(bot: Bot) -> None:
    bot.interact(message_shortcut("check_wording", FLAGGED, user="U0003"))

    [answer] = bot.answers()
    assert answer["response_type"] == "ephemeral"
    assert answer["text"].startswith("phrasebot: 2 things to reword:")


def test_check_says_what_a_sentence_sounds_like_and_false_alarm_offers_to_share_it(
    bot: Bot,
) -> None:
    bot.command("/check", SOUNDS_LIKE)

    [answer] = bot.answers()
    lines = answer["blocks"][2]["text"]["text"].split("\n")
    assert lines[1] == f"> {SOUNDS_LIKE}"
    assert lines[2].startswith("*Sounds like:* “")
    bot.interact(button("tip_false_alarm", value_of(answer, "tip_false_alarm")))
    assert action_ids(bot.answers()[-1]) == ["share_sentence", "share_no_thanks"]
    assert "conversations.open" not in bot.methods()
