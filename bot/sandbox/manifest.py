"""What Slack knows of the app from manifest.yaml: its name, slash commands and shortcuts.

Slack offers a command in the composer, and a shortcut in a message's menu, only when the
app's manifest declares it; the sandbox reads the same file (beside rules.yaml, in the checkout,
or under an installed wheel's share/phrasebot) so it offers exactly those.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.config import INSTALLED_ROOT, SOURCE_ROOT
from bot.yamlfile import YamlError, read

FILE = "manifest.yaml"


@dataclass(frozen=True)
class Command:
    name: str  # "/check"
    description: str
    usage_hint: str = ""


@dataclass(frozen=True)
class Shortcut:
    callback_id: str
    name: str
    kind: str  # "global" or "message"
    description: str = ""


@dataclass(frozen=True)
class Manifest:
    name: str = "phrasebot"
    commands: tuple[Command, ...] = ()
    shortcuts: tuple[Shortcut, ...] = ()
    path: str = ""

    def command(self, name: str) -> Command | None:
        return next((c for c in self.commands if c.name == name), None)

    def shortcut(self, callback_id: str) -> Shortcut | None:
        return next((s for s in self.shortcuts if s.callback_id == callback_id), None)


def find(beside: Path | None = None) -> Path | None:
    """manifest.yaml beside the rules.yaml in use, else the checkout's, else the wheel's."""
    roots = [beside] if beside else []
    for root in [*roots, SOURCE_ROOT, INSTALLED_ROOT]:
        if (root / FILE).is_file():
            return root / FILE
    return None


def load(path: Path | None) -> Manifest:
    """The manifest's name, commands and shortcuts; an empty one when there is no readable file."""
    if path is None:
        return Manifest()
    try:
        data = read(path).value
    except (OSError, YamlError):
        return Manifest(path=str(path))
    if not isinstance(data, dict):
        return Manifest(path=str(path))
    features = _mapping(data.get("features"))
    bot_user = _mapping(features.get("bot_user"))
    commands = tuple(
        Command(str(c["command"]), str(c.get("description") or ""), str(c.get("usage_hint") or ""))
        for c in _items(features.get("slash_commands"))
        if c.get("command")
    )
    shortcuts = tuple(
        Shortcut(
            str(s["callback_id"]),
            str(s.get("name") or s["callback_id"]),
            str(s.get("type") or "global"),
            str(s.get("description") or ""),
        )
        for s in _items(features.get("shortcuts"))
        if s.get("callback_id")
    )
    name = str(bot_user.get("display_name") or "phrasebot")
    return Manifest(name, commands, shortcuts, str(path))


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _items(value: Any) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []
