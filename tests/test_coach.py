import shutil
from pathlib import Path
from typing import Any

import pytest

from bot.coach import Coach
from bot.phrasebook import verify
from bot.phrasebook.edit import Change, add_phrase
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


def test_a_reload_with_nothing_changed_builds_nothing(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    coach = Coach(folder.parent / "rules.yaml")
    builds = count_builds(monkeypatch)
    assert coach.reload() == []
    assert builds == []


def test_a_refused_reload_is_not_judged_again_until_a_file_changes(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    coach = Coach(folder.parent / "rules.yaml")
    (folder / "calm.yaml").write_text("levle: warning\n", encoding="utf-8")
    builds = count_builds(monkeypatch)
    first = coach.reload()
    assert first and coach.reload() == first
    assert len(builds) == 1


def test_a_reload_that_goes_live_with_notes_only_says_it_went_live(folder: Path) -> None:
    coach = Coach(folder.parent / "rules.yaml")
    calm = folder / "calm.yaml"
    calm.write_text(
        calm.read_text(encoding="utf-8")
        .replace("better_wording:", "suggestion:")
        .replace("[relax,", "[relax, chill out,"),
        encoding="utf-8",
    )
    assert coach.reload() == []
    assert [f.rule for f in coach.check("Chill out, please").findings] == ["calm"]


def test_a_reload_follows_rules_yaml_to_another_folder_and_back(tmp_path: Path) -> None:
    shutil.copytree(SMALL, tmp_path / "a")
    shutil.copytree(SMALL, tmp_path / "b")
    (tmp_path / "b" / "calm.yaml").write_text("levle: warning\n", encoding="utf-8")
    rules = tmp_path / "rules.yaml"
    rules.write_text("phrasebook: a\n", encoding="utf-8")
    coach = Coach(rules)
    rules.write_text("phrasebook: b\n", encoding="utf-8")
    assert coach.reload() != []  # b is broken: a stays live
    assert coach.settings.phrasebook == str(tmp_path / "a")
    shutil.copyfile(SMALL / "calm.yaml", tmp_path / "b" / "calm.yaml")
    assert coach.reload() == []  # b fixed: it goes live although neither a nor rules.yaml moved
    assert coach.settings.phrasebook == str(tmp_path / "b")


def test_a_file_written_while_a_reload_builds_is_picked_up_next_time(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    coach = Coach(folder.parent / "rules.yaml")
    calm = folder / "calm.yaml"
    calm.write_text(calm.read_text(encoding="utf-8").replace("[relax,", "[relax, chill,"))
    real = verify.build

    def build_then_edit(*args: Any, **kwargs: Any) -> Any:
        built = real(*args, **kwargs)
        calm.write_text(calm.read_text(encoding="utf-8").replace("[relax,", "[relax, easy now,"))
        return built

    monkeypatch.setattr(verify, "build", build_then_edit)
    assert coach.reload() == []
    monkeypatch.setattr(verify, "build", real)
    assert coach.check("Easy now, please").findings == ()
    assert coach.reload() == []
    assert [f.rule for f in coach.check("Easy now, please").findings] == ["calm"]


def test_an_edit_is_refused_when_rules_yaml_names_another_folder_since(tmp_path: Path) -> None:
    shutil.copytree(SMALL, tmp_path / "a")
    shutil.copytree(SMALL, tmp_path / "b")
    rules = tmp_path / "rules.yaml"
    rules.write_text("phrasebook: a\n", encoding="utf-8")
    coach = Coach(rules)
    change = add_phrase(coach.settings, "dont-know", "en", "search me")
    rules.write_text("phrasebook: b\n", encoding="utf-8")
    [problem] = coach.apply(change)
    assert problem.message == (
        f"rules.yaml now names the phrasebook {tmp_path / 'b'}, not the live {tmp_path / 'a'}"
    )
    assert "search me" not in (tmp_path / "a" / "dont-know.yaml").read_text(encoding="utf-8")


def test_an_edit_for_a_file_outside_the_live_phrasebook_is_refused(
    folder: Path, tmp_path: Path
) -> None:
    coach = Coach(folder.parent / "rules.yaml")
    elsewhere = tmp_path / "elsewhere.yaml"
    change = Change({elsewhere: "level: info\n"}, "add-rule", "elsewhere", base={elsewhere: None})
    [problem] = coach.apply(change)
    assert problem.message.startswith("this edit is for a file outside the live phrasebook")
    assert not elsewhere.exists()


def test_an_edit_with_a_phrasebook_given_on_the_command_line_goes_live(tmp_path: Path) -> None:
    book = tmp_path / "book"
    shutil.copytree(SMALL, book)
    coach = Coach(None, book)
    assert coach.apply(add_phrase(coach.settings, "dont-know", "en", "search me")) == []
    assert [f.rule for f in coach.check("Search me.").findings] == ["dont-know"]


def count_builds(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    builds: list[object] = []
    real = verify.build

    def counted(*args: Any, **kwargs: Any) -> Any:
        builds.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(verify, "build", counted)
    return builds
