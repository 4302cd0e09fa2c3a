import difflib
import shutil
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from bot.coach import Coach
from bot.model import Settings
from bot.phrasebook.apply import apply, check
from bot.phrasebook.edit import (
    Change,
    add_exception,
    add_phrase,
    add_rule,
    set_rule,
)
from bot.problems import EditError, Problem
from bot.yamledit import scalar
from bot.yamlfile import parse, read
from tests.conftest import ROOT

RULES_YAML = """\
# What phrasebot checks, and where (a test copy).
phrasebook: phrasebook          # the rule folder
languages: [en, uk, ru, he, hy]
min_level: info                 # report info, warning and error
rules: {}                       # per rule: a level (info, warning, error) or off

# Slack app
leads: []                       # who may edit the phrasebook from Slack
"""

RULE = """\
level: warning
message: A dead end
why: It tells the customer nothing.

phrases:
  en:
    - I don't know
    - no idea        # the most common one

  uk:
    - не знаю
  hy: [չգիտեմ]
  he: []

# Run as tests.
examples:
  en:
    bad:
      - No idea, sorry.
"""


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
    problems = apply(change, coach)
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
    messages = [p.message for p in check(change, coach.settings)]
    assert (
        'good example is flagged by its own rule: "Let me find out why it failed." (en) matches "find out"'
        in messages
    )


def test_a_rule_switched_off_stops_firing_and_on_again_fires(coach: Coach) -> None:
    draft = "Hurry up, please."
    assert apply(set_rule(coach.settings, "hurry-up", False), coach) == []
    assert coach.check(draft).findings == ()
    assert apply(set_rule(coach.settings, "hurry-up", True), coach) == []
    assert [f.rule for f in coach.check(draft).findings] == ["hurry-up"]


def test_a_change_prepared_before_the_file_moved_on_is_refused(coach: Coach) -> None:
    change = add_phrase(coach.settings, "calm-down", "en", "settle down, sir")
    [path] = change.files
    stale = replace(change, base={path: "level: info\n"})
    assert [p.message for p in apply(stale, coach)] == [
        "the file changed since this edit was prepared"
    ]
    assert "settle down, sir" not in path.read_text(encoding="utf-8")


# -- text edits on a scratch folder: exact results, no engine -------------------------------


@pytest.fixture
def book(tmp_path: Path) -> Settings:
    folder = tmp_path / "phrasebook"
    folder.mkdir()
    (folder / "dont-know.yaml").write_text(RULE, encoding="utf-8")
    (folder / "hurry-up.yaml").write_text("level: warning\n", encoding="utf-8")
    (tmp_path / "rules.yaml").write_text(RULES_YAML, encoding="utf-8")
    return Settings(phrasebook=str(folder), path=str(tmp_path / "rules.yaml"))


def edited(change: Change) -> str:
    [text] = change.files.values()
    return text


def test_a_phrase_goes_after_the_last_item_keeping_its_comment(book: Settings) -> None:
    text = edited(add_phrase(book, "dont-know", "en", "beats me"))
    assert text == RULE.replace(
        "    - no idea        # the most common one\n",
        "    - no idea        # the most common one\n    - beats me\n",
    )


def test_a_phrase_joins_a_flow_list(book: Settings) -> None:
    text = edited(add_phrase(book, "dont-know", "hy", "չգիտենք"))
    assert text == RULE.replace("  hy: [չգիտեմ]\n", "  hy: [չգիտեմ, չգիտենք]\n")


def test_a_phrase_fills_an_empty_flow_list(book: Settings) -> None:
    text = edited(add_phrase(book, "dont-know", "he", "לא יודע"))
    assert text == RULE.replace("  he: []\n", "  he: [לא יודע]\n")


def test_a_missing_language_is_added_at_the_end_of_the_mapping(book: Settings) -> None:
    text = edited(add_phrase(book, "dont-know", "ru", "не знаю"))
    assert text == RULE.replace("  he: []\n", "  he: []\n  ru:\n    - не знаю\n")


def test_a_missing_exceptions_section_goes_before_the_examples_and_their_comment(
    book: Settings,
) -> None:
    text = edited(add_exception(book, "dont-know", "en", "let me know"))
    assert text == RULE.replace(
        "# Run as tests.\n", "exceptions:\n  en:\n    - let me know\n\n# Run as tests.\n"
    )


def test_a_missing_exceptions_section_goes_at_the_end_without_examples(book: Settings) -> None:
    path = Path(book.phrasebook) / "dont-know.yaml"
    path.write_text("level: info\nphrases:\n  en: [idk]\n\n\n", encoding="utf-8")
    text = edited(add_exception(book, "dont-know", "en", "idk why"))
    assert text == "level: info\nphrases:\n  en: [idk]\n\nexceptions:\n  en:\n    - idk why\n\n\n"


def test_an_empty_exceptions_mapping_takes_the_first_language(book: Settings) -> None:
    path = Path(book.phrasebook) / "dont-know.yaml"
    path.write_text("exceptions: {}   # none yet\nexamples: {}\n", encoding="utf-8")
    text = edited(add_exception(book, "dont-know", "uk", "ви не знаєте"))
    assert text == "exceptions:      # none yet\n  uk:\n    - ви не знаєте\nexamples: {}\n"


def test_a_single_phrase_becomes_a_list(book: Settings) -> None:
    path = Path(book.phrasebook) / "dont-know.yaml"
    path.write_text("phrases:\n  en: idk  # the only one\n", encoding="utf-8")
    text = edited(add_phrase(book, "dont-know", "en", "dunno"))
    assert text == "phrases:\n  en:      # the only one\n    - idk\n    - dunno\n"


def test_windows_line_ends_are_kept(book: Settings) -> None:
    path = Path(book.phrasebook) / "dont-know.yaml"
    path.write_bytes(b"phrases:\r\n  en:\r\n    - idk\r\n")
    text = edited(add_phrase(book, "dont-know", "en", "dunno"))
    assert text == "phrases:\r\n  en:\r\n    - idk\r\n    - dunno\r\n"


QUOTED = [
    "a: b",
    "wait #1",
    "#hashtag",
    "yes",
    "No",
    "true",
    "null",
    "~",
    "123",
    "1.5",
    "12:30",
    "2026-11-22",
    "- dash",
    "? what",
    "@here",
    "%off",
    "`code`",
    "*star",
    "&amp",
    "!bang",
    "|pipe",
    ">more",
    "'quoted'",
    '"double"',
    "{brace}",
    "[bracket]",
    "ends with colon:",
    'say "hi"',
    "back\\slash",
    "tab\there",
    "yes, sure",
    "it's fine",
]


@pytest.mark.parametrize("phrase", QUOTED)
@pytest.mark.parametrize("lang", ["en", "hy"])  # a block list and a flow list
def test_phrases_needing_quotes_read_back_exactly(book: Settings, lang: str, phrase: str) -> None:
    text = edited(add_phrase(book, "dont-know", lang, phrase))
    assert parse(text).value["phrases"][lang][-1] == phrase


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("no worries", "no worries"),
        (" padded ", '" padded "'),
        ("a: b", '"a: b"'),
        ('"quoted" start', '"\\"quoted\\" start"'),
        ("yes", '"yes"'),
        ("rtl\u200fmark", '"rtl\\u200fmark"'),
    ],
)
def test_scalar_writes_plain_only_when_yaml_reads_it_back(text: str, written: str) -> None:
    assert scalar(text) == written
    assert parse(f"- {written}").value == [text]


def test_an_unknown_rule_is_an_error_with_did_you_mean(book: Settings) -> None:
    with pytest.raises(EditError) as err:
        add_phrase(book, "dont-kno", "en", "idk")
    assert err.value.message == 'no rule "dont-kno" in the phrasebook (did you mean "dont-know"?)'


def test_an_unknown_language_is_an_error_with_did_you_mean(book: Settings) -> None:
    with pytest.raises(EditError) as err:
        add_phrase(book, "dont-know", "eng", "idk")
    assert err.value.message == 'unknown language "eng" (did you mean "en"?)'


def test_a_phrase_already_there_is_refused_whatever_its_case(book: Settings) -> None:
    with pytest.raises(EditError) as err:
        add_phrase(book, "dont-know", "en", "No  Idea")
    assert err.value.message == '"No  Idea" is already in the phrases of dont-know (en)'


@pytest.mark.parametrize(
    ("phrase", "message"),
    [
        ("   ", "the phrase is empty"),
        ("x" * 201, "the phrase is 201 characters long"),
        ("two\nlines", "a phrase must be one line"),
    ],
)
def test_a_phrase_that_cannot_be_a_phrase_is_refused(
    book: Settings, phrase: str, message: str
) -> None:
    with pytest.raises(EditError) as err:
        add_phrase(book, "dont-know", "en", phrase)
    assert err.value.message == message


def new_rule(settings: Settings, rule_id: str, level: str = "warning") -> Change:
    return add_rule(
        settings,
        rule_id,
        level=level,
        message="Rushing the customer",
        why="It   tells them\nthey are a bother.",
        lang="en",
        phrases=["chop chop", "yes"],
        better_wording="Take your time.",
        replace_with="take your time",
        bad_examples=["Chop chop, I have other customers."],
    )


def test_a_new_rule_file_reads_back_as_the_lead_wrote_it(book: Settings) -> None:
    text = edited(new_rule(book, "chop-chop"))
    assert parse(text).value == {
        "level": "warning",
        "message": "Rushing the customer",
        "why": "It tells them they are a bother.",
        "better_wording": {"en": "Take your time."},
        "replace_with": {"en": "take your time"},
        "phrases": {"en": ["chop chop", "yes"]},
        "examples": {"en": {"bad": ["Chop chop, I have other customers."]}},
    }
    assert "why: >-\n  It tells them they are a bother.\n" in text


@pytest.mark.parametrize(
    ("rule_id", "message"),
    [
        ("hurry-up", 'a rule "hurry-up" already exists'),
        ("Chop_Chop", '"Chop_Chop" is not a usable rule id'),
    ],
)
def test_a_new_rule_needs_a_free_kebab_case_id(book: Settings, rule_id: str, message: str) -> None:
    with pytest.raises(EditError) as err:
        new_rule(book, rule_id)
    assert err.value.message == message


def test_a_new_rule_needs_a_known_level(book: Settings) -> None:
    with pytest.raises(EditError) as err:
        new_rule(book, "chop-chop", level="warn")
    assert err.value.message == 'unknown level "warn" (did you mean "warning"?)'


def test_switching_off_and_on_gives_rules_yaml_back_byte_for_byte(book: Settings) -> None:
    path = Path(book.path)
    off = edited(set_rule(book, "hurry-up", False))
    assert changed_lines(RULES_YAML.encode(), off.encode()) == [
        "-rules: {}                       # per rule: a level (info, warning, error) or off",
        "+rules:                          # per rule: a level (info, warning, error) or off",
        "+  hurry-up: off",
    ]
    path.write_text(off, encoding="utf-8")
    assert edited(set_rule(book, "hurry-up", True)) == RULES_YAML


def test_switching_off_keeps_a_rule_s_level_for_when_it_is_back_on(book: Settings) -> None:
    path = Path(book.path)
    path.write_text("rules:\n  hurry-up: error   # strict here\n", encoding="utf-8")
    off = edited(set_rule(book, "hurry-up", False))
    assert off == 'rules:\n  hurry-up: {level: error, "off": true} # strict here\n'
    path.write_text(off, encoding="utf-8")
    on = edited(set_rule(book, "hurry-up", True))
    assert (
        on == "rules:\n  hurry-up: error" + " " * 23 + "# strict here\n"
    )  # comment keeps its column


def test_switching_off_a_rule_already_off_is_refused(book: Settings) -> None:
    Path(book.path).write_text("rules:\n  hurry-up: off\n", encoding="utf-8")
    with pytest.raises(EditError) as err:
        set_rule(book, "hurry-up", False)
    assert err.value.message == "hurry-up is already off"


def test_switching_a_rule_needs_a_rules_yaml(book: Settings) -> None:
    with pytest.raises(EditError) as err:
        set_rule(replace(book, path=""), "hurry-up", False)
    assert err.value.message == "there is no rules.yaml to switch rules off in"


def test_switching_an_unknown_rule_is_an_error_with_did_you_mean(book: Settings) -> None:
    with pytest.raises(EditError) as err:
        set_rule(book, "hury-up", False)
    assert err.value.message == 'no rule "hury-up" in the phrasebook (did you mean "hurry-up"?)'
