"""How a problem is told: where, which rule, what is wrong, the line quoted, and the fix."""

import pytest

from bot.problems import EditError, PhrasebookError, Problem, blocking, did_you_mean, quoted

# -- rendering ------------------------------------------------------------------------------


def test_the_headline_names_file_line_column_rule_and_message() -> None:
    problem = Problem("book/calm.yaml", 3, "calm", "unknown level 'loud'", column=8)
    assert problem.headline == "book/calm.yaml:3:8: calm: unknown level 'loud'"


def test_without_a_column_the_headline_stops_at_the_line() -> None:
    problem = Problem("book/calm.yaml", 3, "calm", "unknown level 'loud'")
    assert problem.where == "book/calm.yaml:3"
    assert str(problem) == "book/calm.yaml:3: calm: unknown level 'loud'"


def test_a_note_says_so_after_the_rule() -> None:
    problem = Problem("calm.yaml", 2, "calm", '"instead" is the old name', note=True)
    assert problem.headline == 'calm.yaml:2: calm: note: "instead" is the old name'


def test_the_fix_comes_last_on_its_own_line() -> None:
    problem = Problem(
        "rules.yaml", 1, "-", "log_text must be true or false", "write `log_text: false`"
    )
    assert str(problem) == (
        "rules.yaml:1: -: log_text must be true or false\n  fix: write `log_text: false`"
    )


def test_the_source_line_is_quoted_with_a_caret_under_the_column() -> None:
    problem = Problem("calm.yaml", 4, "calm", "unknown level 'loud'", "use info", 8, "level: loud")
    assert str(problem) == (
        "calm.yaml:4:8: calm: unknown level 'loud'\n"
        "  4 | level: loud\n"
        "    |        ^\n"
        "  fix: use info"
    )


def test_the_caret_gutter_is_as_wide_as_the_line_number() -> None:
    problem = Problem("calm.yaml", 123, "calm", "m", column=3, source="- x")
    assert str(problem).splitlines()[1:] == ["  123 | - x", "      |   ^"]


def test_a_quote_without_a_column_has_no_caret() -> None:
    problem = Problem("calm.yaml", 4, "calm", "m", "f", source="level: loud")
    assert str(problem) == "calm.yaml:4: calm: m\n  4 | level: loud\n  fix: f"


def test_trailing_spaces_of_the_quoted_line_are_dropped() -> None:
    problem = Problem("calm.yaml", 4, "calm", "m", source="level: loud   \t")
    assert str(problem) == "calm.yaml:4: calm: m\n  4 | level: loud"


def test_a_blank_source_is_not_quoted() -> None:
    problem = Problem("calm.yaml", 4, "calm", "m", "f", 2, source="   ")
    assert str(problem) == "calm.yaml:4:2: calm: m\n  fix: f"


def test_a_phrasebook_error_carries_every_problem_and_shows_them_all() -> None:
    problems = [Problem("a.yaml", 1, "a", "one", "fix a"), Problem("b.yaml", 2, "b", "two")]
    err = PhrasebookError(problems)
    assert err.problems == problems
    assert str(err) == "a.yaml:1: a: one\n  fix: fix a\nb.yaml:2: b: two"


def test_an_edit_error_shows_message_and_fix_and_names_its_field() -> None:
    err = EditError("the phrase is empty", "type the words", "phrase")
    assert (str(err), err.message, err.fix, err.field) == (
        "the phrase is empty\n  fix: type the words",
        "the phrase is empty",
        "type the words",
        "phrase",
    )


def test_an_edit_error_is_about_the_whole_request_unless_a_field_is_named() -> None:
    assert EditError("m", "f").field == ""


# -- did_you_mean ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "choices", "said"),
    [
        ("levle", ["level", "message", "why"], ' (did you mean "level"?)'),
        ("warn", ["info", "warning", "error"], ' (did you mean "warning"?)'),
        ("phrase", ["phrases", "patterns"], ' (did you mean "phrases"?)'),
        ("colour", ["level", "message", "why"], ""),
        ("level", [], ""),
    ],
)
def test_did_you_mean_offers_the_closest_choice_or_nothing(
    word: str, choices: list[str], said: str
) -> None:
    assert did_you_mean(word, choices) == said


def test_did_you_mean_takes_any_iterable_of_choices() -> None:
    assert did_you_mean("hury-up", (x for x in ["hurry-up", "calm-down"])) == (
        ' (did you mean "hurry-up"?)'
    )


# -- blocking -------------------------------------------------------------------------------


def test_notes_do_not_block_and_everything_else_does() -> None:
    error = Problem("a.yaml", 1, "a", "broken")
    note = Problem("a.yaml", 2, "a", "old name", note=True)
    assert blocking([note, error, note]) == [error]


def test_only_notes_block_nothing() -> None:
    assert blocking([Problem("a.yaml", 2, "a", "old name", note=True)]) == []


# -- quoted ---------------------------------------------------------------------------------


def test_quoted_gives_a_problem_the_line_it_names() -> None:
    [problem] = quoted([Problem("a.yaml", 2, "a", "m")], {"a.yaml": "one\ntwo\nthree\n"}.get)
    assert problem.source == "two"


def test_quoted_keeps_a_quote_already_there() -> None:
    given = Problem("a.yaml", 2, "a", "m", source="as it was")
    assert quoted([given], {"a.yaml": "one\ntwo\n"}.get) == [given]


@pytest.mark.parametrize("line", [0, 3])
def test_quoted_leaves_a_line_the_file_does_not_have(line: int) -> None:
    given = Problem("a.yaml", line, "a", "m")
    assert quoted([given], {"a.yaml": "one\ntwo\n"}.get) == [given]


def test_quoted_leaves_a_file_that_cannot_be_read() -> None:
    given = Problem("gone.yaml", 1, "a", "m")
    assert quoted([given], lambda file: None) == [given]


def test_quoted_reads_each_file_once_and_keeps_the_order() -> None:
    read: list[str] = []

    def text_of(file: str) -> str:
        read.append(file)
        return f"{file} first\n{file} second\n"

    problems = [
        Problem("a.yaml", 2, "a", "m"),
        Problem("b.yaml", 1, "b", "m"),
        Problem("a.yaml", 1, "a", "m"),
    ]
    assert [p.source for p in quoted(problems, text_of)] == [
        "a.yaml second",
        "b.yaml first",
        "a.yaml first",
    ]
    assert read == ["a.yaml", "b.yaml"]
