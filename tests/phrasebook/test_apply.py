"""Judging a Change and making it live: refused whole on any problem, written atomically,
installed as judged. The edits themselves: test_edit.py."""

import difflib
import shutil
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest

from bot.coach import Coach
from bot.phrasebook import verify
from bot.phrasebook.apply import judge
from bot.phrasebook.edit import (
    Change,
    add_exception,
    add_phrase,
    add_rule,
    add_sample,
    set_rule,
)
from bot.problems import Problem
from bot.yamlfile import read
from tests.conftest import ROOT, SMALL
from tests.phrasebook.test_edit import RULES_YAML

# -- the live phrasebook: every edit goes through check, write and reload --------------------


@dataclass(frozen=True)
class Applied:
    change: Change
    problems: list[Problem]
    before: bytes
    after: bytes


def run(coach: Coach, change: Change) -> Applied:
    [path] = change.files
    before = path.read_bytes() if path.exists() else b""
    problems = coach.apply(change)
    return Applied(change, problems, before, path.read_bytes() if path.exists() else b"")


def changed_lines(before: bytes, after: bytes) -> list[str]:
    diff = difflib.unified_diff(before.decode().splitlines(), after.decode().splitlines(), n=0)
    return [line for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---")]


@pytest.fixture(scope="module")
def coach(tmp_path_factory: pytest.TempPathFactory) -> Coach:
    """The shipped phrasebook, copied, served by a Coach that reloads from the copy."""
    root = tmp_path_factory.mktemp("live")
    shutil.copytree(ROOT / "phrasebook", root / "phrasebook")
    (root / "rules.yaml").write_text(RULES_YAML, encoding="utf-8")
    return Coach(config_path=root / "rules.yaml")


@pytest.fixture(scope="module")
def added_phrase(coach: Coach) -> Applied:
    return run(coach, add_phrase(coach.settings, "dont-know", "en", "search me"))


@pytest.fixture(scope="module")
def added_exception(coach: Coach) -> tuple[list[str], Applied]:
    draft = "You have no idea how grateful we are."
    before = [f.rule for f in coach.check(draft).findings]
    return before, run(coach, add_exception(coach.settings, "dont-know", "en", "no idea how"))


@pytest.fixture(scope="module")
def added_rule(coach: Coach) -> Applied:
    change = add_rule(
        coach.settings,
        "sarcasm",
        level="warning",
        message="Sarcasm at the customer",
        why="Sarcasm reads as contempt in writing, whatever the tone in your head.",
        lang="en",
        phrases=["good luck with that", "yeah, right"],
        better_wording="I see why this is hard; here is what we can try next.",
        replace_with="here is what we can try next",
        bad_examples=["Good luck with that, the warehouse is closed."],
        good_examples=["Good luck with the move!"],
    )
    return run(coach, change)


@pytest.fixture(scope="module")
def refused(coach: Coach) -> Applied:
    """An exception that makes the rule's own bad example pass."""
    return run(coach, add_exception(coach.settings, "flat-no", "en", "that's impossible"))


def test_an_added_phrase_goes_live(added_phrase: Applied) -> None:
    assert added_phrase.problems == []


def test_an_added_phrase_is_one_new_line_and_every_other_line_stays(added_phrase: Applied) -> None:
    assert changed_lines(added_phrase.before, added_phrase.after) == ["+    - search me"]


def test_an_added_phrase_is_matched_by_the_reloaded_coach(
    coach: Coach, added_phrase: Applied
) -> None:
    assert [f.rule for f in coach.check("Search me, sorry.").findings] == ["dont-know"]


def test_an_added_phrase_is_described_for_the_audit_log(added_phrase: Applied) -> None:
    change = added_phrase.change
    assert (change.action, change.rule, change.detail) == (
        "add-phrase",
        "dont-know",
        'en: "search me"',
    )


def test_an_added_exception_stops_the_finding(
    coach: Coach, added_exception: tuple[list[str], Applied]
) -> None:
    before, applied = added_exception
    assert before == ["dont-know"]
    assert applied.problems == []
    assert coach.check("You have no idea how grateful we are.").findings == ()


def test_an_added_exception_is_described_for_the_audit_log(
    added_exception: tuple[list[str], Applied],
) -> None:
    change = added_exception[1].change
    assert (change.action, change.detail) == ("add-exception", 'en: "no idea how"')


def test_a_new_rule_goes_live_and_flags_its_bad_example(coach: Coach, added_rule: Applied) -> None:
    assert added_rule.problems == []
    report = coach.check("Good luck with that, the warehouse is closed.")
    assert [f.rule for f in report.findings] == ["sarcasm"]


def test_a_new_rule_is_written_as_its_own_file(coach: Coach, added_rule: Applied) -> None:
    path = Path(coach.settings.phrasebook) / "sarcasm.yaml"
    assert added_rule.after == added_rule.change.files[path].encode()
    assert added_rule.before == b""
    assert added_rule.change.detail == 'en: "good luck with that", "yeah, right" (warning)'


def test_a_broken_change_is_refused_naming_the_real_file_line_and_rule(
    coach: Coach, refused: Applied
) -> None:
    real = str(Path(coach.settings.phrasebook) / "flat-no.yaml")
    assert [(p.file, p.line, p.rule, p.message) for p in refused.problems] == [
        (
            real,
            read(Path(real)).line("examples", "en", "bad", 0),
            "flat-no",
            "example not flagged: \"Sorry, that's impossible. A confirmed booking can't be moved.\" (en)",
        )
    ]


def test_a_broken_change_writes_nothing(refused: Applied) -> None:
    assert refused.after == refused.before


def test_a_broken_change_leaves_the_old_phrasebook_in_service(
    coach: Coach, refused: Applied
) -> None:
    assert [f.rule for f in coach.check("Sorry, that's impossible.").findings] == ["flat-no"]


def test_a_phrase_that_flags_a_good_example_is_refused(coach: Coach) -> None:
    change = add_phrase(coach.settings, "dont-know", "en", "find out")
    messages = [p.message for p in judge(change, coach.settings).problems]
    assert (
        'good example is flagged by its own rule: "Let me find out why it failed." (en) matches "find out"'
        in messages
    )


def test_a_rule_switched_off_stops_firing_and_on_again_fires(coach: Coach) -> None:
    draft = "Hurry up, please."
    assert coach.apply(set_rule(coach.settings, "hurry-up", False)) == []
    assert coach.check(draft).findings == ()
    assert coach.apply(set_rule(coach.settings, "hurry-up", True)) == []
    assert [f.rule for f in coach.check(draft).findings] == ["hurry-up"]


def test_a_change_that_cannot_be_made_again_is_refused_when_its_file_moved_on(
    coach: Coach,
) -> None:
    change = add_phrase(coach.settings, "calm-down", "en", "settle down, sir")
    [path] = change.files
    stale = replace(change, base={path: "level: info\n"}, redo=None)
    assert [p.message for p in coach.apply(stale)] == [
        "the file changed since this edit was prepared"
    ]
    assert "settle down, sir" not in path.read_text(encoding="utf-8")


def test_two_edits_prepared_on_one_version_of_a_file_both_land(coach: Coach) -> None:
    first = add_phrase(coach.settings, "calm-down", "en", "simmer down, please")
    second = add_exception(coach.settings, "calm-down", "en", "calm down the engine")
    assert coach.apply(first) == []
    assert coach.apply(second) == []  # prepared before the first landed: made again on it
    [path] = first.files
    text = path.read_text(encoding="utf-8")
    assert "simmer down, please" in text and "calm down the engine" in text


def test_an_edit_that_no_longer_applies_is_refused_with_the_real_reason(coach: Coach) -> None:
    first = add_phrase(coach.settings, "calm-down", "en", "cool your jets")
    again = add_phrase(coach.settings, "calm-down", "en", "cool your jets")
    assert coach.apply(first) == []
    [problem] = coach.apply(again)
    assert problem.message == (
        "the file changed since this edit was prepared, and the edit no longer applies:"
        ' "cool your jets" is already in the phrases of calm-down (en)'
    )


# -- a sentence for the meaning tier: taught at once ------------------------------------------

SOUNDS_LIKE = "The weather forecast is a mystery to me."


def test_a_sentence_filed_as_good_stops_its_similar_finding_at_once(coach: Coach) -> None:
    [before] = coach.check(SOUNDS_LIKE).findings
    assert (before.rule, before.how) == ("dont-know", "similar")

    applied = run(coach, add_sample(coach.settings, "dont-know", "en", SOUNDS_LIKE, False))

    assert applied.problems == []
    assert changed_lines(applied.before, applied.after) == [f"+    - {SOUNDS_LIKE}"]
    assert coach.check(SOUNDS_LIKE).findings == ()
    assert [f.how for f in coach.check("I have zero idea why the parcel is late.").findings] == [
        "similar"
    ]


def test_a_sample_that_no_longer_applies_is_refused_with_the_real_reason(coach: Coach) -> None:
    text = "Your parcel's whereabouts are a riddle to me."
    first = add_sample(coach.settings, "dont-know", "en", text, True)
    again = add_sample(coach.settings, "dont-know", "en", text, False)
    assert coach.apply(first) == []
    [problem] = coach.apply(again)
    assert problem.message == (
        "the file changed since this edit was prepared, and the edit no longer applies:"
        f' "{text}" is already a bad sample of dont-know (en)'
    )


def test_a_rule_s_first_sample_makes_its_bank_and_turns_the_tier_on(small_coach: Coach) -> None:
    assert small_coach.engine.meaning is None  # the test phrasebook has no bank
    change = add_sample(
        small_coach.settings, "calm", "en", "Take a breath and stop shouting.", True
    )

    assert small_coach.apply(change) == []

    [path] = change.files
    assert path.parent.name == "meaning" and path.is_file()
    [finding] = small_coach.check("Breathe deeply and quit yelling at me.").findings
    assert (finding.rule, finding.how, finding.like) == (
        "calm",
        "similar",
        "Take a breath and stop shouting.",
    )


# -- the work an edit costs: examples run once, the reload after it is free ------------------


@pytest.fixture
def small_coach(tmp_path: Path) -> Coach:
    """The four-rule test phrasebook, copied, served by its own Coach."""
    shutil.copytree(SMALL, tmp_path / "phrasebook")
    (tmp_path / "rules.yaml").write_text("phrasebook: phrasebook\n", encoding="utf-8")
    return Coach(config_path=tmp_path / "rules.yaml")


def counting(monkeypatch: pytest.MonkeyPatch, name: str) -> list[int]:
    """Wrap bot.phrasebook.verify.<name> so that each call is counted; the real one runs."""
    calls = [0]
    real: Callable[..., Any] = getattr(verify, name)

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(verify, name, counted)
    return calls


def test_an_applied_edit_runs_the_phrasebook_s_examples_once(
    small_coach: Coach, monkeypatch: pytest.MonkeyPatch
) -> None:
    runs = counting(monkeypatch, "run_examples")
    change = add_phrase(small_coach.settings, "dont-know", "en", "search me")
    assert small_coach.apply(change) == []
    assert runs == [1]


def test_checking_an_edit_runs_the_examples_once_and_installs_nothing(
    small_coach: Coach, monkeypatch: pytest.MonkeyPatch
) -> None:
    runs = counting(monkeypatch, "run_examples")
    change = add_phrase(small_coach.settings, "dont-know", "en", "search me")
    assert judge(change, small_coach.settings).problems == []
    assert runs == [1]
    assert small_coach.check("Search me.").findings == ()


def test_the_reload_after_an_applied_edit_builds_nothing(
    small_coach: Coach, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert small_coach.apply(add_phrase(small_coach.settings, "dont-know", "en", "search me")) == []
    builds = counting(monkeypatch, "build")
    runs = counting(monkeypatch, "run_examples")
    assert small_coach.reload() == []
    assert (builds, runs) == ([0], [0])
    assert [f.rule for f in small_coach.check("Search me.").findings] == ["dont-know"]


def test_a_change_on_disk_after_an_applied_edit_is_still_picked_up(
    small_coach: Coach, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert small_coach.apply(add_phrase(small_coach.settings, "dont-know", "en", "search me")) == []
    calm = Path(small_coach.settings.phrasebook) / "calm.yaml"
    calm.write_text(
        calm.read_text(encoding="utf-8").replace("[relax,", "[relax, chill out,"), encoding="utf-8"
    )
    builds = counting(monkeypatch, "build")
    assert small_coach.reload() == []
    assert builds == [1]
    assert [f.rule for f in small_coach.check("Chill out, search me.").findings] == [
        "calm",
        "dont-know",
    ]
