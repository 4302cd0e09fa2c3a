"""Synonym sets: the shipped ones and a team's, folded as the search folds words."""

from pathlib import Path

from bot.knowledge import synonyms


def test_a_shipped_set_links_its_words_both_ways() -> None:
    table, problems = synonyms.load()
    assert problems == []
    assert "reimburse" in table["refund"] and "refund" in table["reimburse"]


def test_a_set_links_every_form_of_its_words(tmp_path: Path) -> None:
    team = tmp_path / "_synonyms.yaml"
    team.write_text("en:\n  - [gizmo, terminal]\n", encoding="utf-8")
    table, problems = synonyms.load(team)
    assert problems == []
    assert "terminal" in table["gizmo"]


def test_a_team_file_that_is_not_grouped_by_language_is_reported(tmp_path: Path) -> None:
    team = tmp_path / "_synonyms.yaml"
    team.write_text("- [gizmo, terminal]\n", encoding="utf-8")
    _, problems = synonyms.load(team)
    assert [p.message for p in problems] == ["synonyms must be grouped by language"]


def test_a_set_that_is_not_a_list_of_words_is_reported_with_its_line(tmp_path: Path) -> None:
    team = tmp_path / "_synonyms.yaml"
    team.write_text("en:\n  - [gizmo, terminal]\n  - just one\n", encoding="utf-8")
    _, problems = synonyms.load(team)
    assert [(p.line, p.message) for p in problems] == [(3, "a synonym set must be a list of words")]
