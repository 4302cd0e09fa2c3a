"""App Home: each agent's own tab; leads see their tools; Unmute brings a rule's tips back."""

from __future__ import annotations

import json

from tests.slack.conftest import AGENT, FLAGGED, GROUP_LEAD, LEAD, Bot, home_button


def open_home(bot: Bot, user: str) -> dict[str, object]:
    bot.send(bot.slack.event("app_home_opened_home", user=user))
    [published] = bot.calls("views.publish")
    assert published.args["user_id"] == user
    view = published.args["view"]
    assert isinstance(view, dict)
    return view


def test_opening_app_home_publishes_the_agents_week(bot: Bot) -> None:
    bot.post(FLAGGED)
    bot.settle()

    view = open_home(bot, AGENT)

    assert view["type"] == "home"
    assert "*Tips*\\n1" in json.dumps(view["blocks"])


def test_an_agent_does_not_see_the_lead_tools(bot: Bot) -> None:
    view = open_home(bot, AGENT)

    assert "lead_add_phrase" not in json.dumps(view["blocks"])


def test_a_lead_sees_the_lead_tools(bot: Bot) -> None:
    view = open_home(bot, LEAD)

    assert "lead_add_phrase" in json.dumps(view["blocks"])


def test_a_member_of_the_leads_user_group_is_a_lead(bot: Bot) -> None:
    bot.fake.queue("usergroups.users.list", {"ok": True, "users": [GROUP_LEAD]})

    view = open_home(bot, GROUP_LEAD)

    assert "lead_add_phrase" in json.dumps(view["blocks"])
    [asked] = bot.fake.calls("usergroups.users.list")
    assert asked.args["usergroup"] == "S0001"


def test_the_messages_tab_publishes_nothing(bot: Bot) -> None:
    bot.send(bot.slack.event("app_home_opened_messages"))

    assert bot.methods() == []


def test_unmute_in_app_home_brings_the_rules_tips_back(bot: Bot) -> None:
    bot.store.record_feedback(AGENT, "C0001", "dont-know", "en", "muted")

    bot.interact(home_button("home_unmute", value="dont-know", block_id="b1"))
    bot.settle()
    bot.post(FLAGGED)

    assert bot.store.muted(AGENT) == frozenset()
    [tip] = bot.tips()
    assert tip.args["text"].startswith('phrasebot: 2 things to reword: "I don\'t know" (dont-know)')


def test_unmute_republishes_the_agents_app_home_without_the_mute(bot: Bot) -> None:
    bot.store.record_feedback(AGENT, "C0001", "dont-know", "en", "muted")

    bot.interact(home_button("home_unmute", value="dont-know", block_id="b1"))

    [published] = bot.calls("views.publish")
    assert published.args["user_id"] == AGENT
    assert "*Muted for you:* none" in json.dumps(published.args["view"]["blocks"])
    assert "home_unmute" not in json.dumps(published.args["view"]["blocks"])
