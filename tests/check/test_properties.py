"""Nothing a user can paste makes check() raise, offsets always point into the draft, and the
work done (counted, never timed) grows linearly with the draft."""

import string
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.check import engine
from bot.check.engine import Engine
from bot.check.matcher import Matcher
from bot.coach import Coach

MRKDWN = st.sampled_from(
    [
        "`",
        "```",
        "<",
        ">",
        "|",
        ":",
        "*",
        "_",
        "~",
        "\n",
        "> ",
        "&gt;",
        "<@U1>",
        "<https://x.y|",
        "\u200f",
        "\u202e",
        "\x00",
        "\ud800",
        "🙂",
        "։",
        "՞",
        "ו",
    ]
)
WORDS = st.sampled_from(
    [
        "I",
        "don't",
        "know",
        "не",
        "знаю",
        "אין",
        "לי",
        "מושג",
        "չգիտեմ",
        "soon",
        "calm",
        "down",
        "by",
        "3",
        "pm",
        "İ",
        "ß",
        "ﬁ",
    ]
)
DRAFTS = st.one_of(
    st.text(),
    st.lists(st.one_of(WORDS, MRKDWN, st.text(string.punctuation, max_size=3)), max_size=60).map(
        " ".join
    ),
    st.binary(max_size=300).map(lambda b: b.decode("utf-8", errors="surrogateescape")),
)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(DRAFTS)
def test_check_never_raises_and_offsets_are_true(coach: Coach, draft: str) -> None:
    report = coach.check(draft)
    assert isinstance(report.rewrite, str)
    for f in report.findings:
        assert 0 <= f.start < f.end <= len(draft)
        assert draft[f.start : f.end] == f.match


# The adversarial drafts: long, control characters, emoji, bidi marks, one huge token, backticks;
# each as (the unit, how many times it is repeated).
ODD = [
    ("Honestly I don't know, we'll fix it soon. ", 1000),
    ("\x00\x01\x02", 10_000),
    ("🙂", 40_000),
    ("\u200f", 40_000),
    ("a", 40_000),
    ("`", 40_000),
]
# Drafts that keep the trie busy: every token starts a walk, fillers and commas are stepped over.
BUSY = [
    ("I don't ", 1000),
    ("I really really don't ", 1000),
    (", , , really ", 1000),
    ("не не знаю ", 1000),
    ("you you people ", 1000),
]


def test_huge_and_odd_drafts(coach: Coach) -> None:
    for unit, copies in ODD:
        draft = unit * copies
        report = coach.check(draft)
        for f in report.findings:
            assert draft[f.start : f.end] == f.match


def test_n_copies_of_a_draft_have_n_times_its_findings(coach: Coach) -> None:
    one = "Relax, I don't know why. It will be fixed soon, guaranteed.\n"
    single = len(coach.check(one).findings)
    assert single > 0
    assert len(coach.check(one * 500).findings) == 500 * single


# -- the work done, counted (never timed) --------------------------------------------------


@contextmanager
def trie_steps() -> Iterator[list[int]]:
    """Count the steps taken down the phrase trie (Matcher._extend calls) inside the block."""
    steps = [0]
    real = Matcher._extend

    def counted(self: Matcher, *args: Any) -> None:
        steps[0] += 1
        real(self, *args)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Matcher, "_extend", counted)
        yield steps


def steps_for(engine: Engine, draft: str) -> int:
    """The trie steps to check a draft once: with every rule muted no finding is kept, so no
    rewrite pass checks it again, and the matcher still walks every phrase."""
    with trie_steps() as steps:
        engine.check(draft, skip=set(engine.rules))
    return steps[0]


def test_the_step_count_is_each_step_down_the_trie(small: Engine) -> None:
    # i, do, n't, know: four steps; the filler "really" is stepped over, not down.
    assert [steps_for(small, d) for d in ["I don't know.", "I really don't know.", "Hi."]] == [
        4,
        4,
        0,
    ]


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(DRAFTS)
def test_trie_work_grows_linearly_with_the_draft(coach: Coach, draft: str) -> None:
    """Four times the copies, at most about four times the steps (the ends add a constant)."""
    assert steps_for(coach.engine, draft * 32) <= 5 * steps_for(coach.engine, draft * 8)


@pytest.mark.parametrize(("unit", "copies"), ODD + BUSY, ids=[repr(u) for u, _ in ODD + BUSY])
def test_trie_work_grows_linearly_on_adversarial_drafts(
    coach: Coach, unit: str, copies: int
) -> None:
    quarter = steps_for(coach.engine, unit * (copies // 4))
    assert steps_for(coach.engine, unit * copies) <= 5 * quarter


@pytest.mark.parametrize(("unit", "copies"), BUSY)
def test_a_busy_draft_takes_steps_in_proportion_to_its_tokens(
    coach: Coach, unit: str, copies: int
) -> None:
    """No vacuous pass above: these drafts do walk the trie, the same steps for every copy."""
    one = steps_for(coach.engine, unit)
    assert one > 0
    assert steps_for(coach.engine, unit * copies) == one * copies


def filter_work(coach: Coach, draft: str) -> int:
    """Lines of bot/check/engine.py run to check one draft: all the engine's own work, whatever
    loop a change adds (the matcher's trie steps are counted apart, above)."""
    lines = [0]
    source = engine.__file__

    def trace(frame: FrameType, event: str, arg: object) -> Any:
        if frame.f_code.co_filename != source:
            return None
        if event == "line":
            lines[0] += 1
        return trace

    sys.settrace(trace)
    try:
        coach.check(draft)
    finally:
        sys.settrace(None)
    return lines[0]


@pytest.mark.parametrize(
    "unit",
    [
        "We will fix it soon. Today is busy.\n",  # vague-timeline: concrete-time, vague-time cues
        "But no. That's impossible.\n",  # flat-no: the alternative cue, rest-of-draft
    ],
)
def test_finding_filter_work_grows_linearly_with_the_draft(coach: Coach, unit: str) -> None:
    quarter = filter_work(coach, unit * 250)
    assert quarter > 0
    assert filter_work(coach, unit * 1000) <= 5 * quarter


def test_finding_filter_work_grows_linearly_without_cues(coach: Coach) -> None:
    unit = "Relax, I don't know why.\n"  # calm-down and dont-know: no unless cues
    quarter = filter_work(coach, unit * 250)
    assert quarter > 0
    assert filter_work(coach, unit * 1000) <= 5 * quarter
