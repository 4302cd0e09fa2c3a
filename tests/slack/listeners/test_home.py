"""App Home: each agent's own tab; leads see their tools."""

from __future__ import annotations

import json

from tests.slack.conftest import AGENT, FLAGGED, GROUP_LEAD, LEAD, Bot


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
