"""The --jsonl contracts: one answer per input line, in order, whatever a line holds.

These run the real command in a subprocess on bytes, as other tools feed it: a line that is
not UTF-8, a lone surrogate, JSON nested too deeply for the parser must each get their own
error line, and the batch goes on.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.cli import jsonl
from bot.coach import Coach
from bot.problems import CheckTooSlow
from tests.conftest import SMALL

TIMEOUT = 60
GOOD = b'{"id": "ok", "text": "idk"}\n'


def run(tmp_path: Path, command: str, data: bytes, *extra: str) -> list[dict[str, object]]:
    path = tmp_path / "in.jsonl"
    path.write_bytes(data)
    argv = [sys.executable, "-m", "bot.cli", command, "--phrasebook", str(SMALL), *extra]
    done = subprocess.run(
        [*argv, "--jsonl", str(path)], capture_output=True, timeout=TIMEOUT, check=False
    )
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    assert b"Traceback" not in done.stderr
    return [json.loads(line) for line in done.stdout.decode("utf-8").splitlines()]


BROKEN = {
    "not UTF-8": (b"\xff\xfe oops\n", "is not UTF-8 text (at byte 1)"),
    "deeply nested": (b"[" * 100_000 + b"\n", "is nested too deeply to be an answerable line"),
    "not JSON": (b"{bad\n", "is not JSON: Expecting property name enclosed in double quotes"),
    "null": (b"null\n", 'needs a "text" string'),
    "a list": (b"[]\n", 'needs a "text" string'),
    "an id that is no plain value": (b'{"id": {"x": 1}, "text": 3}\n', 'needs a "text" string'),
}


@pytest.fixture(scope="module")
def answers(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, object]]:
    """One batch: each broken line followed by a good one, and a lone surrogate at the end."""
    data = b"".join(line + GOOD for line, _ in BROKEN.values())
    data += b'{"id": "s", "text": "idk \\ud800"}\n'
    return run(tmp_path_factory.mktemp("jsonl"), "check", data)


@pytest.mark.parametrize("case", list(BROKEN))
def test_a_broken_line_gets_its_own_error_and_the_batch_goes_on(
    answers: list[dict[str, object]], case: str
) -> None:
    n = list(BROKEN).index(case)
    broken, good = answers[2 * n], answers[2 * n + 1]
    line = 2 * n + 1
    assert broken == {"id": None, "line": line, "error": f"line {line} {BROKEN[case][1]}"}
    assert good["id"] == "ok" and good["findings"]


def test_every_line_gets_one_answer(answers: list[dict[str, object]]) -> None:
    assert len(answers) == 2 * len(BROKEN) + 1


def test_a_lone_surrogate_is_checked_and_written_back_as_valid_json(
    answers: list[dict[str, object]],
) -> None:
    assert answers[-1]["rewrite"] == "Let me find out \ud800"


def test_fixes_survives_deep_nesting_too(tmp_path: Path) -> None:
    kb = SMALL.parent / "knowledge" / "small"
    lines = b"[" * 100_000 + b'\n{"id": 2, "query": "printer"}\n'
    first, second = run(tmp_path, "fixes", lines, "--kb", str(kb))
    assert first["error"] == "line 1 is nested too deeply to be an answerable line"
    assert second["id"] == 2


# -- fuzzed: whatever the lines hold, one parseable answer per non-blank line -----------------

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=12,
)
ROWS = st.fixed_dictionaries(
    {"id": JSON_VALUES, "text": st.text(max_size=80)}, optional={"context": JSON_VALUES}
)
LINES = st.one_of(
    ROWS.map(lambda row: json.dumps(row).encode("utf-8")),  # escapes: lone surrogates included
    ROWS.map(lambda row: json.dumps(row, ensure_ascii=False).encode("utf-8", "surrogatepass")),
    JSON_VALUES.map(lambda value: json.dumps(value).encode("utf-8")),
    st.binary(max_size=60).map(lambda data: data.replace(b"\n", b" ")),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(lines=st.lists(LINES, max_size=8))
def test_any_batch_gets_one_parseable_answer_per_line(
    small_coach: Coach, lines: list[bytes]
) -> None:
    answers = [jsonl.encoded(a) for a in jsonl.check_answers(small_coach, None, lines)]
    assert len(answers) == sum(1 for line in lines if not _blank(line))
    for number, line in enumerate(answers):
        assert line.endswith(b"\n") and line.count(b"\n") == 1  # one line each
        answer = json.loads(line.decode("utf-8"))  # UTF-8, and valid JSON
        assert "error" in answer or {"id", "lang", "findings", "rewrite"} <= answer.keys(), number


def _blank(line: bytes) -> bool:
    """A line the contract skips: it decodes, and holds only whitespace."""
    try:
        return not line.decode("utf-8").strip()
    except UnicodeDecodeError:
        return False


@pytest.fixture(scope="module")
def small_coach() -> Coach:
    return Coach(None, SMALL)


def test_a_line_whose_check_is_cut_off_gets_an_error_and_the_batch_goes_on(
    small_coach: Coach, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = small_coach.check

    def check(text: str, *args: object, **kw: object) -> object:
        if text == "slow":
            raise CheckTooSlow(5, "dont-know", "phrasebook/dont-know.yaml")
        return real(text, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(small_coach, "check", check)
    lines = [b'{"id": 1, "text": "slow"}', b'{"id": 2, "text": "I don\'t know."}']

    first, second = jsonl.check_answers(small_coach, None, lines)

    assert first == {
        "id": 1,
        "line": 1,
        "error": "line 1: the check was cut off after 5 s, while rule dont-know"
        " (phrasebook/dont-know.yaml) (check_seconds in rules.yaml); the batch goes on",
    }
    assert [f["rule"] for f in second["findings"]] == ["dont-know"]
