"""A lead's change to the workspace's own rules.yaml from Slack: who leads, the channels without
tips after posting, the lowest level reported, the tip cap.

Made as a text edit of rules.yaml that keeps its comments and layout (bot.yamledit and
set_top), returned as a Change: judged, written and put live like any phrasebook edit (so a
rules.yaml that would not pass is refused with its problems), saved as the workspace's next
version for every worker. With many workspaces it is that workspace's rules.yaml only.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bot import yamledit
from bot.model import LEVEL_NAMES, Settings
from bot.phrasebook.edit import Change
from bot.problems import EditError
from bot.slack import ids
from bot.slack.workspaces import set_top
from bot.yamlfile import YamlError, parse

ACTION = "settings"
_USER = re.compile(r"^[UW][A-Z0-9]+$")
_CHANNEL = re.compile(r"^[CDG][A-Z0-9]+$")


def settings_change(
    settings: Settings,
    *,
    leads: Sequence[str],
    quiet: Sequence[str],
    min_level: str,
    tips_per_hour: str,
) -> Change:
    """rules.yaml with these leads (user groups already there are kept), these channels off
    (any other channel switched off before is on again), this level and this cap."""
    if not settings.path:
        raise EditError(
            "there is no rules.yaml to keep the settings in",
            "create rules.yaml beside the phrasebook folder with the line `phrasebook: phrasebook`",
        )
    people = [u for u in dict.fromkeys(leads) if _USER.match(u)]
    groups = [g for g in settings.leads if g.startswith("S")]
    if not people and not groups:
        raise EditError(
            "a workspace needs at least one lead",
            "keep yourself, or name another lead, so someone can still change the phrasebook",
            ids.FIELD_LEADS,
        )
    if min_level not in LEVEL_NAMES:
        raise EditError(
            f'unknown level "{min_level}"',
            f"use one of: {', '.join(LEVEL_NAMES)}",
            ids.FIELD_MIN_LEVEL,
        )
    cap = tips_per_hour.strip()
    if not cap.isdigit() or len(cap) > 6:
        raise EditError(
            f"“{cap}” is not a whole number of tips",
            "write a number such as 10, or 0 for no cap",
            ids.FIELD_TIPS,
        )
    path = Path(settings.path)
    raw = path.read_text(encoding="utf-8")
    text, eol = yamledit.unix(raw)
    text = set_top(text, "leads", "[" + ", ".join([*people, *groups]) + "]")
    text = set_top(text, "min_level", min_level)
    text = set_top(text, "tips_per_hour", str(int(cap)))
    text = _quiet_channels(text, path, [c for c in dict.fromkeys(quiet) if _CHANNEL.match(c)])
    return Change(
        {path: yamledit.native(text, eol)},
        ACTION,
        "-",
        phrases=(f"leads {' '.join([*people, *groups])}", f"min_level {min_level}", f"tips {cap}"),
        base={path: raw},
        redo=lambda now: settings_change(
            now, leads=leads, quiet=quiet, min_level=min_level, tips_per_hour=tips_per_hour
        ),
    )


def _quiet_channels(text: str, path: Path, quiet: list[str]) -> str:
    """Set each quiet channel `off`, and drop the `off` of any channel no longer quiet."""
    try:
        data = parse(text).value
    except YamlError as err:
        raise EditError(f"{path.name} cannot be read", "run `phrasebot lint` and fix it") from err
    channels = data.get("channels") if isinstance(data, dict) else None
    channels = {} if channels is None else channels
    if not isinstance(channels, dict):
        raise EditError(
            f"{path.name}: channels is not a mapping", "run `phrasebot lint` and fix it"
        )
    wanted: dict[str, Any] = {}
    for key, value in channels.items():
        name = str(key)
        if name in quiet:
            wanted[name] = {**value, "tips": False} if isinstance(value, dict) else False
        elif name == "*" or not _off(value):
            wanted[name] = value  # every channel's default is not this form's to change
        elif isinstance(value, dict) and set(value) - {"tips"}:
            wanted[name] = {k: v for k, v in value.items() if k != "tips"}  # on, level kept
    for name in quiet:
        wanted.setdefault(name, False)
    whole = {k: _render(v) for k, v in wanted.items()}
    for name in dict.fromkeys([*(str(k) for k in channels), *quiet]):
        if name not in wanted:
            text = yamledit.set_entry(text, "channels", name, None, whole)
        elif channels.get(name) != wanted[name]:
            text = yamledit.set_entry(text, "channels", name, whole[name], whole)
    return text


def _off(value: Any) -> bool:
    return (
        value is False or value == "off" or (isinstance(value, dict) and value.get("tips") is False)
    )


def _render(value: Any, *, top: bool = True) -> str:
    """A channels entry as flow YAML: a channel switched off is written `off`, as leads write
    it; inside a mapping, booleans are true and false."""
    if value is False and top:
        return "off"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        inner = ", ".join(
            f"{yamledit.scalar(str(k), flow=True)}: {_render(v, top=False)}"
            for k, v in value.items()
        )
        return "{" + inner + "}"
    return yamledit.scalar(str(value), flow=True)
