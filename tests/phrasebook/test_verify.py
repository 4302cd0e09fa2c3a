"""Judging a phrasebook before it may go live: every example, every offered wording."""

import shutil
from pathlib import Path

import pytest

from bot.model import Settings
from bot.phrasebook.verify import build
from tests.conftest import SMALL


@pytest.fixture
def book(tmp_path: Path) -> Path:
    folder = tmp_path / "phrasebook"
    shutil.copytree(SMALL, folder)
    return folder


def judged(folder: Path, overlay: dict[str, str] | None = None) -> list[str]:
    engine, problems = build(Settings(phrasebook=str(folder)), overlay)
    assert engine is not None
    return [p.headline.split(": ", 1)[1] for p in problems]


def add(folder: Path, name: str, text: str) -> None:
    path = folder / name
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_the_test_phrasebook_is_sound(book: Path) -> None:
    assert judged(book) == []


def test_a_bad_example_its_rule_does_not_flag(book: Path) -> None:
    add(book, "calm.yaml", "examples:\n  en:\n    bad: [Take a breath.]\n")
    assert judged(book) == ['calm: example not flagged: "Take a breath." (en)']


def test_a_good_example_its_own_rule_flags(book: Path) -> None:
    add(book, "calm.yaml", "examples:\n  en:\n    good: [Just relax.]\n")
    assert judged(book) == [
        'calm: good example is flagged by its own rule: "Just relax." (en) matches "relax"'
    ]


def test_a_good_example_another_rule_flags(book: Path) -> None:
    add(book, "calm.yaml", "examples:\n  en:\n    good: ['No way, sorry.']\n")
    assert judged(book) == [
        'calm: good example is flagged by rule refuse: "No way, sorry." (en) matches "No way"'
    ]


def test_an_offered_wording_that_is_itself_flagged(book: Path) -> None:
    path = book / "calm.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "{en: I understand this is frustrating.}", "{en: Relax now.}"
        ),
        encoding="utf-8",
    )
    assert judged(book) == ["calm: the better_wording (en) is itself flagged by 'calm': 'Relax'"]


def test_an_overlay_is_judged_instead_of_the_file_on_disk(book: Path) -> None:
    path = book / "calm.yaml"
    text = path.read_text(encoding="utf-8") + "examples:\n  en:\n    bad: [Take a breath.]\n"
    assert judged(book, {str(path): text}) == ['calm: example not flagged: "Take a breath." (en)']
    assert "Take a breath" not in path.read_text(encoding="utf-8")


def test_a_problem_quotes_the_line_it_names(book: Path) -> None:
    add(book, "calm.yaml", "examples:\n  en:\n    bad: [Take a breath.]\n")
    _, [problem] = build(Settings(phrasebook=str(book)))
    assert problem.source == "    bad: [Take a breath.]"


def test_a_rewrite_pair_that_comes_out_differently_is_refused_with_its_line(book: Path) -> None:
    add(
        book,
        "calm.yaml",
        "rewrites:\n  en:\n    - {from: 'Relax, it is late.', to: 'Relax, it is late.'}\n",
    )
    _, problems = build(Settings(phrasebook=str(book)))
    (problem,) = problems
    assert problem.line == len((book / "calm.yaml").read_text("utf-8").splitlines())
    assert "rewrite example gives" in problem.headline
    assert "fix replace_with" in problem.fix


def test_a_rewrite_pair_its_rule_does_not_flag(book: Path) -> None:
    add(book, "calm.yaml", "rewrites:\n  en:\n    - {from: Take a breath., to: Take a breath.}\n")
    assert judged(book) == ['calm: rewrite example not flagged by calm: "Take a breath." (en)']


def test_a_rewrite_pair_that_comes_out_right_passes(book: Path) -> None:
    engine, _ = build(Settings(phrasebook=str(book)))
    assert engine is not None
    got = engine.check("Relax, it is late.").rewrite
    add(book, "calm.yaml", f"rewrites:\n  en:\n    - {{from: 'Relax, it is late.', to: '{got}'}}\n")
    assert judged(book) == []


def test_a_rewrite_pair_must_be_a_from_to_pair(book: Path) -> None:
    add(book, "calm.yaml", "rewrites:\n  en:\n    - Relax, it is late.\n")
    _, problems = build(Settings(phrasebook=str(book)))
    assert any("a rewrite must be a from/to pair" in p.headline for p in problems)
