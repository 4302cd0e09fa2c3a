"""A judged phrasebook kept on disk: the next start loads it instead of building it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.coach import Coach
from bot.phrasebook import compiled, verify
from tests.conftest import SMALL


@pytest.fixture
def rules(tmp_path: Path) -> Path:
    book = tmp_path / "phrasebook"
    shutil.copytree(SMALL, book)
    path = tmp_path / "rules.yaml"
    path.write_text(f"phrasebook: {book}\nindex: {tmp_path}/index.sqlite\n", encoding="utf-8")
    return path


def builds(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    counted: list[int] = []
    real = verify.build

    def counting(*args: object, **kw: object) -> object:
        counted.append(1)
        return real(*args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(verify, "build", counting)
    return counted


def test_the_second_start_loads_what_the_first_judged(
    rules: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    counted = builds(monkeypatch)
    first = Coach(rules)
    second = Coach(rules)

    assert len(counted) == 1
    assert [f.rule for f in second.check("I don't know.").findings] == ["dont-know"]
    assert [f.rule for f in first.check("I don't know.").findings] == ["dont-know"]


def test_a_changed_file_is_built_and_judged_again(
    rules: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    counted = builds(monkeypatch)
    Coach(rules)
    rule = rules.parent / "phrasebook" / "dont-know.yaml"
    rule.write_text(rule.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    Coach(rules)

    assert len(counted) == 2


def test_a_broken_phrasebook_is_never_kept(rules: Path) -> None:
    rule = rules.parent / "phrasebook" / "dont-know.yaml"
    rule.write_text("level: loud\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(Exception, match="unknown level"):
            Coach(rules)
    assert not list((rules.parent / "compiled").glob("*.pickle"))


def test_an_unreadable_file_is_built_again(rules: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    Coach(rules)
    [kept] = (rules.parent / "compiled").glob("*.pickle")
    kept.write_bytes(b"not a pickle")
    counted = builds(monkeypatch)

    assert [f.rule for f in Coach(rules).check("I don't know.").findings] == ["dont-know"]
    assert len(counted) == 1


def test_the_key_follows_the_settings_the_files_and_the_code(rules: Path) -> None:
    coach = Coach(rules)
    settings = coach.settings
    stamp = (("a.yaml", "1"),)
    base = compiled.key(settings, stamp)

    assert compiled.key(settings, stamp) == base
    assert compiled.key(settings, (("a.yaml", "2"),)) != base
    from dataclasses import replace

    assert compiled.key(replace(settings, min_level=settings.min_level.__class__(3)), stamp) != base


def test_the_meaning_tier_comes_back_from_disk_without_any_draft_sentence(
    tmp_path: Path,
) -> None:
    root = Path(__file__).resolve().parents[2]
    path = tmp_path / "rules.yaml"
    path.write_text(
        f"phrasebook: {root / 'phrasebook'}\nindex: {tmp_path}/index.sqlite\n", encoding="utf-8"
    )
    text = "Honestly, I haven't the faintest notion why the parcel went to Leeds."
    first = Coach(path)
    assert [f.how for f in first.check(text).findings] == ["similar"]
    [kept] = (tmp_path / "compiled").glob("*.pickle")
    assert b"faintest notion" not in kept.read_bytes()  # drafts never reach the disk

    second = Coach(path)
    assert second.engine.meaning is not None
    assert [f.how for f in second.check(text).findings] == ["similar"]
