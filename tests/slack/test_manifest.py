"""manifest.yaml declares exactly what the app listens for, and the scopes that needs."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from bot.slack import ids
from tests.slack.conftest import ROOT, Bot, message_shortcut, shortcut


@pytest.fixture(scope="module")
def manifest() -> dict[str, Any]:
    data = yaml.safe_load((ROOT / "manifest.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_the_manifest_declares_exactly_the_commands_the_app_registers(
    manifest: dict[str, Any], bot: Bot
) -> None:
    declared = [c["command"] for c in manifest["features"]["slash_commands"]]

    assert sorted(declared) == sorted(ids.COMMANDS)
    assert [bot.command(name).status for name in declared] == [200] * len(declared)
    assert bot.command("/not-ours").status == 404


def test_the_manifest_declares_exactly_the_shortcuts_the_app_registers(
    manifest: dict[str, Any], bot: Bot
) -> None:
    declared = [(s["callback_id"], s["type"]) for s in manifest["features"]["shortcuts"]]

    assert sorted(declared) == sorted(
        [(c, "global") for c in ids.GLOBAL_SHORTCUTS]
        + [(c, "message") for c in ids.MESSAGE_SHORTCUTS]
    )
    for callback_id, kind in [*declared, ("not_ours", "global")]:
        payload = shortcut(callback_id) if kind == "global" else message_shortcut(callback_id, "Hi")
        expected = 404 if callback_id == "not_ours" else 200
        assert bot.interact(payload).status == expected, callback_id


def test_the_manifest_subscribes_to_messages_and_app_home(manifest: dict[str, Any]) -> None:
    events = manifest["settings"]["event_subscriptions"]["bot_events"]

    assert events == [
        "message.channels",
        "message.groups",
        "message.im",
        "message.mpim",
        "app_home_opened",
        "app_uninstalled",
        "tokens_revoked",
    ]


def test_the_manifest_asks_for_the_scopes_the_app_uses(manifest: dict[str, Any]) -> None:
    assert set(manifest["oauth_config"]["scopes"]["bot"]) == {
        "chat:write",
        "chat:write.customize",
        "commands",
        "channels:history",
        "groups:history",
        "im:history",
        "mpim:history",
        "users:read",
        "usergroups:read",
        "im:write",
    }


def test_an_oauth_install_asks_for_the_manifest_s_scopes(manifest: dict[str, Any]) -> None:
    assert list(ids.BOT_SCOPES) == manifest["oauth_config"]["scopes"]["bot"]


def test_the_manifest_names_the_oauth_redirect_url(manifest: dict[str, Any]) -> None:
    assert manifest["oauth_config"]["redirect_urls"] == ["https://example.com/slack/oauth_redirect"]


def test_the_manifest_turns_on_home_interactivity_and_socket_mode(
    manifest: dict[str, Any],
) -> None:
    assert manifest["features"]["app_home"]["home_tab_enabled"] is True
    assert manifest["settings"]["interactivity"]["is_enabled"] is True
    assert manifest["settings"]["socket_mode_enabled"] is True
