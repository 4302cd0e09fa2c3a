"""The workspace: who sees what, Slack's timestamps and triggers, the modal stack, the log."""

from __future__ import annotations

import threading

from bot.sandbox.workspace import AGENT, LEAD, LOG_KEPT, Origin, Workspace, dm_of, with_ids


class Clock:
    def __init__(self) -> None:
        self.now = 1_700_000_000.0

    def __call__(self) -> float:
        return self.now


def test_the_channels_start_with_customers_messages_in_three_languages() -> None:
    seen = Workspace().snapshot(AGENT)

    texts = [m["text"] for m in seen["messages"]]
    assert any("card reader" in t for t in texts)
    assert any("Термінал" in t for t in texts)
    assert any("התשלום" in t for t in texts)
    assert [c["name"] for c in seen["conversations"]] == ["support", "billing", "phrasebot"]


def test_a_private_message_and_a_dm_are_seen_by_their_person_only() -> None:
    space = Workspace()
    space.post("C0001", "for Dana only", only_for=AGENT)
    space.post(dm_of(LEAD).id, "for Lev, in his DM")

    dana = [m["text"] for m in space.snapshot(AGENT)["messages"]]
    lev = [m["text"] for m in space.snapshot(LEAD)["messages"]]

    assert "for Dana only" in dana and "for Dana only" not in lev
    assert "for Lev, in his DM" in lev and "for Lev, in his DM" not in dana


def test_timestamps_are_unique_and_rise_even_when_the_clock_stands_still() -> None:
    space = Workspace(clock=Clock())

    stamps = [space.post("C0001", str(n)).ts for n in range(5)]

    assert stamps == sorted(set(stamps))


def test_a_trigger_is_good_for_three_seconds_as_in_slack() -> None:
    clock = Clock()
    space = Workspace(clock=clock)
    trigger_id = space.trigger(AGENT, "C0001")

    assert space.take_trigger(trigger_id)[1] == ""
    clock.now += 3.5
    assert space.take_trigger(trigger_id)[1] == "expired_trigger_id"
    assert space.take_trigger("1.2.abc")[1] == "invalid_trigger_id"


def test_a_modal_is_opened_updated_with_its_state_kept_pushed_and_closed() -> None:
    space = Workspace()
    first = space.open_modal(AGENT, {"type": "modal", "blocks": [{"type": "divider"}]}, "C0002")
    space.keep_state(first["id"], {"b": {"a": {"type": "plain_text_input", "value": "typed"}}})

    updated = space.update_view(first["id"], {"type": "modal", "blocks": []})
    pushed = space.push_modal(AGENT, {"type": "modal", "blocks": []})

    assert updated["id"] == first["id"] and updated["hash"] != first["hash"]
    assert updated["state"]["values"]["b"]["a"]["value"] == "typed"
    assert first["blocks"][0]["block_id"]  # Slack names every block
    assert pushed["root_view_id"] == first["id"] and pushed["previous_view_id"] == first["id"]
    assert [m["view"]["id"] for m in space.snapshot(AGENT)["modals"]] == [first["id"], pushed["id"]]
    assert space.snapshot(AGENT)["modals"][0]["channel"] == "C0002"
    space.close_modal(AGENT)
    assert [m["view"]["id"] for m in space.snapshot(AGENT)["modals"]] == [first["id"]]
    space.close_modal(AGENT, everything=True)
    assert space.snapshot(AGENT)["modals"] == []
    assert space.snapshot(LEAD)["modals"] == []


def test_app_home_is_one_view_per_person_republished_in_place() -> None:
    space = Workspace()

    first = space.publish(AGENT, {"type": "home", "blocks": []})
    again = space.publish(AGENT, {"type": "home", "blocks": [{"type": "divider"}]})

    assert again["id"] == first["id"]
    assert space.snapshot(AGENT)["home"]["blocks"][0]["type"] == "divider"
    assert space.snapshot(LEAD)["home"] is None


def test_blocks_get_the_ids_slack_gives_and_keep_their_own() -> None:
    blocks = [
        {"type": "actions", "block_id": "mine", "elements": [{"type": "button", "action_id": "a"}]},
        {"type": "actions", "elements": [{"type": "button"}]},
        "not a block",
    ]

    out = with_ids(blocks)

    assert out is not None
    assert out[0] == blocks[0]
    assert out[1]["block_id"] and out[1]["elements"][0]["action_id"]
    assert out[2] == "not a block"
    assert with_ids(None) is None
    assert with_ids({"type": "divider"}) == [{"type": "divider"}]  # kept for the page to show


def test_a_response_url_knows_who_asked_and_where() -> None:
    space = Workspace()
    space.respond_base = "http://127.0.0.1:9/respond/"
    origin = Origin(AGENT, "C0001", "1.0001", message_ts="1.0002")

    url = space.response_url(origin)

    assert url.startswith(space.respond_base)
    assert space.origin("/respond/" + url.rsplit("/", 1)[1]) == origin
    assert space.origin("/respond/unknown") is None


def test_the_log_keeps_the_newest_entries_and_gives_those_after_a_mark() -> None:
    space = Workspace()
    for n in range(LOG_KEPT + 5):
        space.record("to the app", f"event {n}", "request", "response")

    assert len(space.log) == LOG_KEPT
    newest = space.log[-1].id
    assert [e["title"] for e in space.snapshot(AGENT, log_after=newest - 2)["log"]] == [
        f"event {LOG_KEPT + 3}",
        f"event {LOG_KEPT + 4}",
    ]


def test_wait_returns_at_a_change_and_otherwise_after_its_timeout() -> None:
    space = Workspace()
    now = space.version
    assert space.wait(now, 0.05) == now

    threading.Timer(0.05, lambda: space.post("C0001", "hi")).start()
    assert space.wait(now, 5) > now
