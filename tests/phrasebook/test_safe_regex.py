import pytest

from bot.phrasebook.safe_regex import problem_with


@pytest.mark.parametrize("pattern", [r"\d{1,2}:\d{2}", r"^\d{1,2}(am|pm)$", r"[a-z]+day"])
def test_accepts_simple_patterns(pattern: str) -> None:
    assert problem_with(pattern) is None


@pytest.mark.parametrize(
    ("pattern", "why"),
    [
        (r"(a+)+$", "repeat inside a repeat"),
        (r"(\w+\s?)*$", "repeat inside a repeat"),
        (r"(ab|a)*c", "alternatives under a repeat"),
        (r"(a)\1", "backreferences"),
        (r"(?=a)a", "lookahead"),
        (r"(", "not a valid regex"),
        ("", "non-empty"),
        ("a" * 101, "longer than"),
    ],
)
def test_refuses_patterns_that_can_explode(pattern: str, why: str) -> None:
    found = problem_with(pattern)
    assert found is not None and why in found
