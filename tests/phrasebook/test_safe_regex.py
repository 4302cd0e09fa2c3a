import pytest

from bot.coach import Coach
from bot.phrasebook.safe_regex import compile_pattern, problem_with


@pytest.mark.parametrize("pattern", [r"\d{1,2}:\d{2}", r"^\d{1,2}(am|pm)$", r"[a-z]+day"])
def test_accepts_simple_patterns(pattern: str) -> None:
    assert problem_with(pattern) is None


@pytest.mark.parametrize(
    ("pattern", "why"),
    [
        (r"(a)\1", "backreferences"),
        (r"(?=a)a", "lookahead"),
        (r"(", "not a valid regex"),
        ("", "non-empty"),
        ("a" * 101, "longer than"),
    ],
)
def test_refuses_what_the_linear_time_engine_cannot_run(pattern: str, why: str) -> None:
    found = problem_with(pattern)
    assert found is not None and why in found


@pytest.mark.parametrize(
    "pattern",
    [r"(a+)+$", r"(\w+\s?)*$", r"(ab|a)*c", r"^\d*\d*\d*\d*\d*\d*\d*\d*q$"],
)
def test_patterns_that_backtrack_for_ever_in_python_are_accepted_and_run_on_re2(
    pattern: str,
) -> None:
    # Python's re takes minutes on the last one against 64 digits; RE2 never backtracks.
    assert problem_with(pattern) is None
    compiled = compile_pattern(pattern)
    assert type(compiled).__module__.split(".")[0] == "re2"
    compiled.search("1" * 64)  # returns at once, match or not


def test_the_engine_runs_cue_patterns_on_re2(coach: Coach) -> None:
    patterns = [p for compiled in coach.engine._patterns.values() for p in compiled]
    assert patterns and all(type(p).__module__.split(".")[0] == "re2" for p in patterns)


@pytest.mark.parametrize(("word", "found"), [("17:00", True), ("24.99", False), ("3pm", True)])
def test_the_shipped_time_patterns_match_as_before(coach: Coach, word: str, found: bool) -> None:
    patterns = coach.engine._patterns["concrete-time"]
    assert any(p.search(word) for p in patterns) is found
