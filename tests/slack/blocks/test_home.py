"""App Home: the agent's week, the phrasebook, and the lead tools."""

from __future__ import annotations

from bot.model import AuditEntry, StatRow
from bot.slack import ids
from tests.slack.blocks.conftest import buttons, home_view, texts

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
