from pathlib import Path

import pytest

from bot.yamlfile import YamlError, parse, read


def test_remembers_the_line_of_every_key_and_item() -> None:
    doc = parse("level: warning\nphrases:\n  en:\n    - one\n    - two\n")
    assert doc.line("level") == 1
    assert doc.line("phrases", "en") == 3
    assert doc.line("phrases", "en", 1) == 5
    assert doc.line("phrases", "en", 9) == 3  # falls back to the nearest known part


def test_reports_keys_written_twice() -> None:
    doc = parse("level: info\nlevel: error\n")
    assert doc.duplicates == ((("level",), 2),)


def test_syntax_errors_name_the_line() -> None:
    with pytest.raises(YamlError) as err:
        parse("level: info\nphrases: [a, b\nwhy: x\n")
    assert err.value.line == 3
    assert "not valid YAML" in err.value.message


def test_dates_become_text() -> None:
    assert parse("reviewed: 2026-11-20").value == {"reviewed": "2026-11-20"}


def test_empty_file_is_none() -> None:
    assert parse("").value is None


RULE = """\
level: warning
phrases:
  en:
    - one
    - two
  he: [א, ב]
why: It tells the customer nothing.
"""


@pytest.mark.parametrize(
    ("path", "column"),
    [
        (("level",), 8),
        (("phrases", "en", 0), 7),
        (("phrases", "en", 1), 7),
        (("phrases", "he"), 7),
        (("phrases", "he", 1), 11),
        (("why",), 6),
    ],
)
def test_remembers_the_column_where_each_value_starts(
    path: tuple[str | int, ...], column: int
) -> None:
    assert parse(RULE).column(*path) == column


def test_remembers_the_column_of_each_key() -> None:
    doc = parse(RULE)
    assert (doc.key_columns[("phrases",)], doc.key_columns[("phrases", "he")]) == (1, 3)


def test_a_block_value_points_at_its_key() -> None:
    doc = parse(RULE)
    assert (doc.line("phrases"), doc.column("phrases")) == (2, 1)
    assert (doc.line("phrases", "en"), doc.column("phrases", "en")) == (3, 3)


def test_a_missing_part_falls_back_to_the_column_of_the_nearest_known_one() -> None:
    assert parse(RULE).column("phrases", "he", 7) == 7


def test_a_problem_about_a_value_quotes_its_line_with_the_value_s_column() -> None:
    problem = parse(RULE).problem("calm.yaml", ("phrases", "he", 1), "calm", "too short", "add")
    assert str(problem) == (
        "calm.yaml:6:11: calm: too short\n  6 |   he: [א, ב]\n    |           ^\n  fix: add"
    )


def test_a_problem_about_a_key_points_at_the_key() -> None:
    problem = parse(RULE).problem("calm.yaml", ("phrases", "he"), "calm", "m", "f", key=True)
    assert (problem.line, problem.column, problem.source) == (6, 3, "  he: [א, ב]")


def test_a_problem_can_be_a_note() -> None:
    problem = parse(RULE).problem("calm.yaml", ("level",), "calm", "m", "f", note=True)
    assert problem.note is True


def test_a_problem_in_an_empty_document_is_on_line_1_without_a_quote() -> None:
    problem = parse("").problem("calm.yaml", ("level",), "calm", "m", "f")
    assert str(problem) == "calm.yaml:1: calm: m\n  fix: f"


def test_shifted_moves_lines_and_duplicates_and_keeps_columns_and_quotes() -> None:
    doc = parse("level: info\nlevel: error\n").shifted(3)
    assert (doc.line("level"), doc.column("level"), doc.duplicates) == (5, 8, ((("level",), 5),))
    assert doc.source(5) == "level: error"


def test_shifted_block_values_still_point_at_their_key() -> None:
    doc = parse(RULE).shifted(10)
    assert (doc.line("phrases"), doc.column("phrases")) == (12, 1)


def test_a_syntax_error_has_the_column_and_the_line_as_written() -> None:
    with pytest.raises(YamlError) as err:
        parse("level: info\nmessage: a: b\n")
    assert (err.value.line, err.value.column, err.value.source) == (2, 11, "message: a: b")
    assert err.value.message == "not valid YAML: mapping values are not allowed in this context"


def test_a_syntax_error_becomes_a_problem_quoting_its_line() -> None:
    with pytest.raises(YamlError) as err:
        parse("level: info\nmessage: a: b\n")
    assert str(err.value.problem("calm.yaml", "calm")) == (
        "calm.yaml:2:11: calm: not valid YAML: mapping values are not allowed in this context\n"
        "  2 | message: a: b\n"
        "    |           ^\n"
        "  fix: fix the YAML syntax on that line"
    )


def test_a_file_that_is_not_utf8_is_a_yaml_error_on_line_1(tmp_path: Path) -> None:
    path = tmp_path / "calm.yaml"
    path.write_bytes(b"message: caf\xe9\n")
    with pytest.raises(YamlError) as err:
        read(path)
    assert (err.value.line, err.value.column, err.value.source, err.value.message) == (
        1,
        0,
        "",
        "the file is not UTF-8 text (invalid continuation byte)",
    )


def test_read_takes_the_overlay_s_text_instead_of_the_file(tmp_path: Path) -> None:
    path = tmp_path / "calm.yaml"
    path.write_text("level: info\n", encoding="utf-8")
    assert read(path, {str(path): "level: error\n"}).value == {"level": "error"}
