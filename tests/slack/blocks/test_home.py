"""App Home: the agent's week with an Unmute button per muted rule, the phrasebook, lead tools."""

from __future__ import annotations

from typing import Any

from bot.model import AuditEntry, Phrasebook, Settings, StatRow, UserSummary
from bot.slack import ids
from bot.slack.blocks.home import home
from tests.slack.blocks.conftest import buttons, home_view, rule, texts

LEAD_BUTTONS = [
    ids.LEAD_ADD_PHRASE,
    ids.LEAD_ADD_EXCEPTION,
    ids.LEAD_ADD_SAMPLE,
    ids.LEAD_ADD_RULE,
    ids.LEAD_TOGGLE_RULE,
    ids.LEAD_RELOAD,
    ids.LEAD_SETTINGS,
]


def lead_buttons(view: dict[str, Any]) -> list[str]:
    return [x["action_id"] for x in buttons(view["blocks"]) if x["action_id"] != ids.UNMUTE]


def test_home_for_a_lead_has_the_lead_buttons() -> None:
    assert lead_buttons(home_view(is_lead=True)) == LEAD_BUTTONS


def test_home_for_an_agent_has_no_lead_buttons() -> None:
    assert lead_buttons(home_view(is_lead=False)) == []


def test_home_offers_to_unmute_each_muted_rule() -> None:
    blocks = home_view(is_lead=False)["blocks"]
    unmute = [x for x in blocks if x.get("accessory", {}).get("action_id") == ids.UNMUTE]
    assert [
        (x["text"]["text"], x["accessory"]["text"]["text"], x["accessory"]["value"]) for x in unmute
    ] == [("`rule-1` · rule-1 message", "Unmute", "rule-1")]


def test_home_without_mutes_has_no_unmute_button() -> None:
    view = home(
        user_id="U123",
        summary=UserSummary(tips=1),
        book=Phrasebook((rule("rule-0"),)),
        settings=Settings(),
        is_lead=False,
    )
    assert buttons(view["blocks"]) == []


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
    assert (
        "*Flagged most:* `rule-0` ×3\n*Muted for you:* 1 rule, each below with Unmute" in all_text
    )
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
