"""The sandbox offers what manifest.yaml declares, as Slack does."""

from __future__ import annotations

from pathlib import Path

from bot.sandbox import manifest
from bot.slack import ids
from tests.conftest import ROOT


def test_the_projects_manifest_gives_every_command_and_shortcut_the_app_registers() -> None:
    found = manifest.load(manifest.find(ROOT))

    assert found.name == "phrasebot"
    assert sorted(c.name for c in found.commands) == sorted(ids.COMMANDS)
    assert sorted((s.callback_id, s.kind) for s in found.shortcuts) == sorted(
        [(c, "global") for c in ids.GLOBAL_SHORTCUTS]
        + [(c, "message") for c in ids.MESSAGE_SHORTCUTS]
    )
    reply = found.shortcut(ids.REPLY)
    assert reply is not None and reply.name == "Reply with phrasebot"
    check = found.command(ids.CHECK)
    assert check is not None and check.usage_hint


def test_a_manifest_beside_the_rules_comes_first(tmp_path: Path) -> None:
    (tmp_path / "manifest.yaml").write_text(
        "features:\n  bot_user: {display_name: coachbot}\n  slash_commands:\n    - command: /coach\n",
        encoding="utf-8",
    )

    found = manifest.load(manifest.find(tmp_path))

    assert (found.name, [c.name for c in found.commands], found.shortcuts) == (
        "coachbot",
        ["/coach"],
        (),
    )


def test_a_missing_or_broken_manifest_offers_nothing(tmp_path: Path) -> None:
    broken = tmp_path / "manifest.yaml"
    broken.write_text("features: [\n", encoding="utf-8")

    assert manifest.load(None).commands == ()
    assert manifest.load(broken).commands == ()
    broken.write_text("- a list\n", encoding="utf-8")
    assert manifest.load(broken).shortcuts == ()
