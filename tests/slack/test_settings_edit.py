"""A lead changes the workspace's settings from Slack: leads, quiet channels, level, tip cap.

The change is rules.yaml edited as text (comments kept), judged and put live like any other;
through the app, `/phrasebook settings` opens the form and its submission goes live.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.coach import Coach
from bot.knowledge.search import KnowledgeBase
from bot.model import ChannelSetting, Level
from bot.problems import EditError
from bot.slack import ids
from bot.slack.settings_edit import settings_change
from tests.conftest import SMALL
from tests.slack.conftest import LEAD, Bot, make_bot, settings_view, submission
from tests.slack.fakeslack import FakeSlack

RULES = """\
phrasebook: phrasebook
leads: [U0900, S0001]   # who may edit
min_level: info
tips_per_hour: 10       # per agent
channels:
  "*": {min_level: warning}
  C0002: off
  C0003: {min_level: error}
"""


@pytest.fixture
def coach(tmp_path: Path) -> Coach:
    shutil.copytree(SMALL, tmp_path / "phrasebook")
    (tmp_path / "rules.yaml").write_text(RULES, encoding="utf-8")
    return Coach(tmp_path / "rules.yaml")


def change(coach: Coach, **fields: object) -> str:
    args = {"leads": ["U0900"], "quiet": ["C0002"], "min_level": "info", "tips_per_hour": "10"}
    args.update(fields)
    made = settings_change(coach.settings, **args)  # type: ignore[arg-type]
    [text] = made.files.values()
    return text


def test_leads_level_and_cap_are_set_keeping_comments_and_user_groups(coach: Coach) -> None:
    text = change(coach, leads=["U0900", "U0901"], min_level="warning", tips_per_hour="3")
    assert "leads: [U0900, U0901, S0001]   # who may edit" in text
    assert "min_level: warning\n" in text
    assert "tips_per_hour: 3       # per agent" in text


def test_quiet_channels_are_switched_off_and_others_back_on(coach: Coach) -> None:
    text = change(coach, quiet=["C0003", "C0009"])
    assert '"*": {min_level: warning}' in text  # every channel's default stays
    assert "C0002" not in text  # no longer quiet: on again
    assert "C0003: {min_level: error, tips: false}" in text
    assert "C0009: off" in text


def test_a_change_goes_live_through_the_coach(coach: Coach) -> None:
    made = settings_change(
        coach.settings, leads=["U0901"], quiet=["C0005"], min_level="error", tips_per_hour="0"
    )
    assert coach.apply(made) == []
    settings = coach.settings
    assert (settings.leads, settings.min_level, settings.tips_per_hour) == (
        ("U0901", "S0001"),
        Level.ERROR,
        0,
    )
    assert settings.channel("C0005") == ChannelSetting(tips=False)
    assert settings.channel("C0002").tips is True


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"leads": []}, ids.FIELD_LEADS),
        ({"tips_per_hour": "lots"}, ids.FIELD_TIPS),
        ({"tips_per_hour": "-1"}, ids.FIELD_TIPS),
        ({"min_level": "loud"}, ids.FIELD_MIN_LEVEL),
    ],
)
def test_what_cannot_be_saved_is_refused_on_its_field(
    coach: Coach, fields: dict[str, object], field: str, tmp_path: Path
) -> None:
    (tmp_path / "rules.yaml").write_text(RULES.replace("S0001", "U0902"), encoding="utf-8")
    coach.reload()
    with pytest.raises(EditError) as refused:
        change(coach, **fields)
    assert refused.value.field == field


# -- through the app -----------------------------------------------------------------------------


@pytest.fixture
def lead_bot(fake: FakeSlack, coach: Coach, kb: KnowledgeBase) -> Iterator[Bot]:
    made = make_bot(fake, coach, kb)
    yield made
    made.close()


def test_a_lead_opens_the_settings_form_with_the_settings_as_they_are(lead_bot: Bot) -> None:
    lead_bot.command("/phrasebook", "settings", user=LEAD)

    [opened] = lead_bot.calls("views.open")
    view = opened.args["view"]
    assert view["callback_id"] == ids.SETTINGS_VIEW
    elements = {b["block_id"]: b.get("element", {}) for b in view["blocks"] if "block_id" in b}
    assert elements[ids.FIELD_LEADS]["initial_users"] == ["U0900"]
    assert elements[ids.FIELD_QUIET]["initial_conversations"] == ["C0002"]
    assert elements[ids.FIELD_TIPS]["initial_value"] == "10"


def test_a_leads_saved_settings_go_live(lead_bot: Bot, coach: Coach) -> None:
    view = settings_view(["U0900", "U0777"], ["C0004"], "warning", "5")

    response = lead_bot.interact(submission(view, user=LEAD))

    assert (response.status, response.body) == (200, "")
    lead_bot.settle()
    assert coach.settings.leads == ("U0900", "U0777", "S0001")
    assert (coach.settings.channel("C0004").tips, coach.settings.tips_per_hour) == (False, 5)
    [done] = [c.args["text"] for c in lead_bot.calls("chat.postMessage")]
    assert done.startswith("Done: the workspace's settings were saved:")
    [entry] = lead_bot.store.audit_log()
    assert (entry.user, entry.action) == (LEAD, "settings")


def test_settings_without_a_lead_are_refused_on_the_leads_field(lead_bot: Bot) -> None:
    (Path(lead_bot.coach.settings.path)).write_text(RULES.replace(", S0001", ""), encoding="utf-8")
    lead_bot.coach.reload()
    response = lead_bot.interact(submission(settings_view([], [], "info", "10"), user=LEAD))
    assert response.status == 200
    assert ids.FIELD_LEADS in response.body
