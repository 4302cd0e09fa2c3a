"""Nothing a user can paste makes check() raise, and offsets always point into the draft."""

import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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


def test_huge_and_odd_drafts(coach: Coach) -> None:
    sentence = "Honestly I don't know, we'll fix it soon. "
    for draft in [
        sentence * 1000,
        "\x00\x01\x02" * 10_000,
        "🙂" * 40_000,
        "\u200f" * 40_000,
        "a" * 40_000,
        "`" * 40_000,
    ]:
        report = coach.check(draft)
        for f in report.findings:
            assert draft[f.start : f.end] == f.match


def test_work_grows_linearly_with_the_text(coach: Coach) -> None:
    """Counted, not timed: the findings of n copies are n times the findings of one."""
    one = "Relax, I don't know why. It will be fixed soon, guaranteed.\n"
    single = len(coach.check(one).findings)
    assert single > 0
    assert len(coach.check(one * 500).findings) == 500 * single
