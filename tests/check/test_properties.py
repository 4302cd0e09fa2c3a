"""Nothing a user can paste makes check() raise, offsets always point into the draft, and the
work done (counted, never timed) grows linearly with the draft."""

import string
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from random import Random
from types import FrameType
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.check import engine, nlp
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
        "\u200d",
        "\u00ad",
        "\u00a0",
        "\u2011",
        "\u2028",
        "\r\n",
        "\t",
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
        for edge in (draft[f.start], draft[f.end - 1]):  # a finding starts and ends on a word
            assert not edge.isspace() and edge not in nlp.INVISIBLE


# The adversarial drafts: long, control characters, emoji, bidi marks, one huge token, backticks;
# each as (the unit, how many times it is repeated).
ODD = [
    ("Honestly I don't know, we'll fix it soon. ", 1000),
    ("\x00\x01\x02", 10_000),
    ("🙂", 40_000),
    ("\u200f", 40_000),
    ("a", 40_000),
    ("`", 40_000),
    ("\u00a0\u200b", 20_000),
    ("a\u00ad", 20_000),
    ("I don't\nknow\r\n", 2000),
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
    """No vacuous pass above: these drafts do walk the trie, the same steps for every copy
    after the first (a phrase with a gap may reach from one copy into the next)."""
    one = steps_for(coach.engine, unit)
    each = steps_for(coach.engine, unit * 2) - one
    assert one > 0 and each > 0
    assert steps_for(coach.engine, unit * copies) == one + each * (copies - 1)


def filter_work(coach: Coach, draft: str) -> int:
    """Lines of bot/check/ run to check one draft: all the engine's own work (engine, scopes
    and cues, quotes, typos), whatever loop a change adds. The matcher's trie steps are counted
    apart, above; nlp's tokenizing is spaCy's work."""
    lines = [0]
    folder = Path(engine.__file__).parent
    sources = {str(p) for p in folder.glob("*.py")} - {
        str(folder / "matcher.py"),
        str(folder / "nlp.py"),
    }

    def trace(frame: FrameType, event: str, arg: object) -> Any:
        if frame.f_code.co_filename not in sources:
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


# -- invisible and look-alike characters ----------------------------------------------------

# What may stand between two words instead of a space; a line break only before a small letter.
GAPS = [
    " ",
    "  ",
    "\u00a0",
    "\u202f",
    "\u2009",
    "\u3000",
    "\t",
    " \u200b",
    "\u200f ",
    "\u200e\u00a0",
    " \u2066",
    "\u2069 ",
]
BREAKS = ["\n", "\r\n", " \n", "\u2028"]
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u200e", "\u200f"]
INVISIBLE += ["\u061c", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2069"]
HYPHENS = ["\u2010", "\u2011", "\u2012", "\u2015", "\u2212"]
APOSTROPHES = ["\u2019", "\u02bc", "\u2032", "`"]


def disguised(text: str, rnd: Random) -> str:
    """The text as a phone or a web page may hand it over: the same to a reader."""
    apostrophe = rnd.choice(APOSTROPHES if text.count("'") < 2 else APOSTROPHES[:-1])
    words = text.split(" ")
    out = []
    for i, word in enumerate(words):
        chars = [rnd.choice(HYPHENS) if c == "-" else apostrophe if c == "'" else c for c in word]
        for _ in range(rnd.randint(0, 2)):  # inside the word or next to it
            chars.insert(rnd.randint(0, len(chars)), rnd.choice(INVISIBLE))
        out.append("".join(chars))
        if i + 1 < len(words):
            after = words[i + 1][:1]
            out.append(rnd.choice(GAPS + BREAKS if after.islower() else GAPS))
    return "".join(out)


def squashed(text: str) -> str:
    return " ".join(nlp.fold_word(text).split())


@pytest.fixture(scope="module")
def flagged(coach: Coach) -> list[tuple[str, str, str]]:
    """(rule, text, what it flags) for every phrase and bad example the shipped rules flag."""
    cases = []
    for rule in coach.engine.rules.values():
        texts = [p.text for p in rule.phrases] + [e.text for e in rule.examples if e.bad]
        for text in texts:
            matches = [f.match for f in coach.check(text).findings if f.rule == rule.id]
            if matches:
                cases.append((rule.id, text, matches[0]))
    assert len(cases) > 2000
    return cases


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.integers(0, 2**32))
def test_every_phrase_is_found_through_invisible_and_look_alike_characters(
    coach: Coach, flagged: list[tuple[str, str, str]], seed: int
) -> None:
    """Each example disguises every phrase and bad example of the shipped phrasebook afresh (the
    seed drives the choices); the same rule flags the same words, and its offsets point at them
    in the disguised text."""
    rnd = Random(seed)
    missed = []
    for rule, text, match in flagged:
        draft = disguised(text, rnd)
        spans = [draft[f.start : f.end] for f in coach.check(draft).findings if f.rule == rule]
        if squashed(match) not in [squashed(s) for s in spans]:
            missed.append((rule, draft, spans))
    assert not missed, missed[:10]
