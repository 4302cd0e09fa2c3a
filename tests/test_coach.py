import shutil
from pathlib import Path

import pytest

from bot.coach import Coach
from bot.problems import PhrasebookError
from tests.conftest import SMALL


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "phrasebook"
    shutil.copytree(SMALL, target)
    (tmp_path / "rules.yaml").write_text("phrasebook: phrasebook\n", encoding="utf-8")
    return target


def test_a_broken_edit_is_refused_and_the_last_good_phrasebook_stays(folder: Path) -> None:
    coach = Coach(folder.parent / "rules.yaml")
    assert coach.check("idk").findings
    (folder / "dont-know.yaml").write_text("level: warning\nphrases: [unclosed\n", encoding="utf-8")
    problems = coach.reload()
    assert [(Path(p.file).name, p.line, p.rule) for p in problems] == [
        ("dont-know.yaml", 3, "dont-know")
    ]
    assert coach.check("idk").findings  # still served by the previous phrasebook


def test_a_good_edit_goes_live(folder: Path) -> None:
    coach = Coach(folder.parent / "rules.yaml")
    text = (folder / "calm.yaml").read_text(encoding="utf-8")
    (folder / "calm.yaml").write_text(
        text.replace("[relax,", "[relax, chill out,"), encoding="utf-8"
    )
    assert coach.reload() == []
    assert [f.rule for f in coach.check("Chill out, please").findings] == ["calm"]


def test_an_example_that_stops_passing_blocks_the_reload(folder: Path) -> None:
    coach = Coach(folder.parent / "rules.yaml")
    text = (folder / "dont-know.yaml").read_text(encoding="utf-8")
    (folder / "dont-know.yaml").write_text(text.replace("[I don't know, ", "["), encoding="utf-8")
    [problem] = coach.reload()
    assert problem.message == 'example not flagged: "I really don\'t know." (en)'
    assert coach.check("I don't know").findings


def test_a_broken_phrasebook_at_start_raises_with_every_problem(folder: Path) -> None:
    (folder / "calm.yaml").write_text("levle: warning\n", encoding="utf-8")
    with pytest.raises(PhrasebookError) as err:
        Coach(folder.parent / "rules.yaml")
    messages = [p.message for p in err.value.problems]
    assert 'unknown key "levle" (did you mean "level"?)' in messages
    assert 'missing "phrases"' in messages
