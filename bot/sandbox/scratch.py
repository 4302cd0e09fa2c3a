"""The sandbox's scratch folder: its own copy of the phrasebook, its own settings and store.

Trying the sandbox must never change the team's files or production counts, so at every start
the folder is emptied and filled again: a copy of the phrasebook (a lead's edits in the sandbox
change only the copy), a rules.yaml of the sandbox's own (the team's languages, levels and
rule settings; the sandbox's lead; no hourly cap), and a fresh store and search index. The
knowledge base is only read, so the team's folder is used as it is.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bot.config import settings_for
from bot.model import Settings

MARK = ".phrasebot-sandbox"  # only a folder holding this is ever emptied
FOLDER = "sandbox"  # beside the store: .phrasebot/sandbox/


@dataclass(frozen=True)
class Scratch:
    folder: Path
    rules: Path  # the sandbox's rules.yaml
    source: Settings  # the team's settings it was made from


class NotAScratchFolder(Exception):
    """The folder given holds files the sandbox did not put there."""


def prepare(
    *,
    config: str | None,
    phrasebook: str | None,
    lead: str,
    folder: Path | None = None,
) -> Scratch:
    """Empty the scratch folder and fill it again; the team's settings pick what is copied.

    Without `folder`, it is `sandbox/` beside the team's store (.phrasebot/sandbox/), or a
    temporary folder when that cannot be written (an installed wheel's share/ folder).
    """
    source, _problems = settings_for(config, phrasebook)
    if folder is None:
        folder = Path(source.store).parent / FOLDER
        try:
            _empty(folder)
        except OSError:
            folder = Path(tempfile.mkdtemp(prefix="phrasebot-sandbox-"))
            _empty(folder)
    else:
        _empty(folder)
    shutil.copytree(
        source.phrasebook,
        folder / "phrasebook",
        ignore=shutil.ignore_patterns(".*", "__pycache__"),
    )
    rules = folder / "rules.yaml"
    rules.write_text(rules_yaml(source, lead), encoding="utf-8")
    return Scratch(folder, rules, source)


def _empty(folder: Path) -> None:
    """Make `folder` an empty scratch folder; refuse one with files of someone else's."""
    if folder.exists() and any(folder.iterdir()):
        if not (folder / MARK).is_file():
            raise NotAScratchFolder(
                f"{folder} is not empty and is not a phrasebot sandbox folder: "
                "give an empty folder, or leave --scratch out"
            )
        shutil.rmtree(folder)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / MARK).write_text("phrasebot sandbox: emptied at every start\n", encoding="utf-8")


def rules_yaml(source: Settings, lead: str) -> str:
    """The sandbox's rules.yaml: the team's checks, the sandbox's own files and people."""
    rules = "".join(
        f"\n  {json.dumps(rule)}: {'off' if s.off else s.level}"
        for rule, s in sorted(source.rules.items())
        if s.off or s.level is not None
    )
    everywhere = source.channels.get("*")
    channels = "{}"
    if everywhere is not None:
        level = f", min_level: {everywhere.min_level}" if everywhere.min_level else ""
        channels = f'\n  "*": {{tips: {str(everywhere.tips).lower()}{level}}}'
    languages = ", ".join(source.languages)
    return f"""\
# phrasebot sandbox: its own settings, written at every start from {source.path or "the defaults"}.
# A lead's edits in the sandbox change only the copy of the phrasebook beside this file.
phrasebook: phrasebook
languages: [{languages}]
min_level: {source.min_level}
rules: {rules or "{}"}
knowledge: {json.dumps(source.knowledge)}
index: knowledge.sqlite
store: phrasebot.sqlite
leads: [{lead}]
tips_per_hour: 0
channels: {channels}
log_text: false
"""
