"""The scratch folder: a fresh copy of the phrasebook and the sandbox's own settings each start."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.config import settings_for
from bot.model import Level
from bot.sandbox.scratch import MARK, NotAScratchFolder, prepare
from tests.conftest import ROOT

TEAM_RULES = """\
phrasebook: phrasebook
knowledge: {knowledge}
languages: [en, uk, he]
min_level: warning
rules:
  calm-down: off
  dont-know: error
channels:
  "*": {{min_level: error}}
  C0789IJKL: off
store: .phrasebot/phrasebot.sqlite
leads: [U0123ABCD]
tips_per_hour: 10
"""


@pytest.fixture
def team(tmp_path: Path) -> Path:
    """A team's folder: rules.yaml and a copy of the shipped phrasebook."""
    shutil.copytree(ROOT / "phrasebook", tmp_path / "phrasebook")
    rules = tmp_path / "rules.yaml"
    rules.write_text(TEAM_RULES.format(knowledge=ROOT / "knowledge"), encoding="utf-8")
    return rules


def test_the_sandbox_gets_its_own_copy_and_settings_beside_the_store(team: Path) -> None:
    made = prepare(config=str(team), phrasebook=None, lead="U0900")

    assert made.folder == team.parent / ".phrasebot" / "sandbox"
    assert (made.folder / "phrasebook" / "dont-know.yaml").read_text(encoding="utf-8") == (
        team.parent / "phrasebook" / "dont-know.yaml"
    ).read_text(encoding="utf-8")
    settings, problems = settings_for(made.rules)
    assert problems == []
    assert settings.phrasebook == str(made.folder / "phrasebook")
    assert settings.store == str(made.folder / "phrasebot.sqlite")
    assert settings.index == str(made.folder / "knowledge.sqlite")
    assert settings.knowledge == str(ROOT / "knowledge")  # only read
    assert (settings.leads, settings.tips_per_hour) == (("U0900",), 0)
    assert settings.languages == ("en", "uk", "he") and settings.min_level is Level.WARNING
    assert settings.rules["calm-down"].off and settings.rules["dont-know"].level is Level.ERROR
    assert settings.channel("C0001").min_level is Level.ERROR  # the team's "*"
    assert "C0789IJKL" not in settings.channels  # another workspace's channel means nothing here


def test_every_start_begins_afresh(team: Path) -> None:
    first = prepare(config=str(team), phrasebook=None, lead="U0900")
    (first.folder / "phrasebook" / "dont-know.yaml").write_text("edited\n", encoding="utf-8")
    (first.folder / "phrasebot.sqlite").write_text("counts", encoding="utf-8")

    again = prepare(config=str(team), phrasebook=None, lead="U0900")

    assert "edited" not in (again.folder / "phrasebook" / "dont-know.yaml").read_text(
        encoding="utf-8"
    )
    assert not (again.folder / "phrasebot.sqlite").exists()
    assert (again.folder / MARK).is_file()


def test_a_folder_holding_someone_elses_files_is_refused(team: Path, tmp_path: Path) -> None:
    theirs = tmp_path / "theirs"
    theirs.mkdir()
    (theirs / "notes.txt").write_text("keep me", encoding="utf-8")

    with pytest.raises(NotAScratchFolder, match="not a phrasebot sandbox folder"):
        prepare(config=str(team), phrasebook=None, lead="U0900", folder=theirs)
    assert (theirs / "notes.txt").read_text(encoding="utf-8") == "keep me"


def test_a_store_folder_that_cannot_be_written_falls_back_to_a_temporary_one(
    team: Path, tmp_path: Path
) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the store's folder should be", encoding="utf-8")
    text = team.read_text(encoding="utf-8").replace(
        ".phrasebot/phrasebot.sqlite", "blocked/x.sqlite"
    )
    team.write_text(text, encoding="utf-8")

    made = prepare(config=str(team), phrasebook=None, lead="U0900")

    assert made.folder.name.startswith("phrasebot-sandbox-")
    assert (made.folder / "rules.yaml").is_file()
    shutil.rmtree(made.folder)
