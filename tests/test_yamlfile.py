import pytest

from bot.yamlfile import YamlError, parse


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
