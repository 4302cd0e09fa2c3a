"""The lead edits as Changes (new file texts, nothing written), and every refusal with its message
and the form field it is about. Judging and applying a Change: test_apply.py; the text-level
line edits: tests/test_yamledit.py."""

import difflib
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from bot.model import Settings
from bot.phrasebook import bank, edit
from bot.phrasebook.edit import (
    Change,
    add_exception,
    add_phrase,
    add_rule,
    add_sample,
    set_rule,
)
from bot.problems import EditError
from bot.yamledit import add_item
from bot.yamlfile import parse
from tests.conftest import ROOT
from tests.test_yamledit import QUOTED, RULE

RULES_YAML = """\
# What phrasebot checks, and where (a test copy).
phrasebook: phrasebook          # the rule folder
languages: [en, uk, ru, he, hy]
min_level: info                 # report info, warning and error
rules: {}                       # per rule: a level (info, warning, error) or off

# Slack app
leads: []                       # who may edit the phrasebook from Slack
"""


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


def changed_lines(before: str, after: str) -> list[str]:
    diff = difflib.unified_diff(before.splitlines(), after.splitlines(), n=0)
    return [line for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---")]


def refusal(call: Any, *args: Any, **kwargs: Any) -> EditError:
    with pytest.raises(EditError) as err:
        call(*args, **kwargs)
    return err.value


# -- adding a phrase or an exception --------------------------------------------------------


def test_an_added_phrase_is_the_file_with_the_item_added_and_nothing_written(
    book: Settings,
) -> None:
    path = Path(book.phrasebook) / "dont-know.yaml"
    change = add_phrase(book, "dont-know", "en", "  beats me ")
    assert change.files == {path: add_item(RULE, "phrases", "en", "beats me")}
    assert path.read_text(encoding="utf-8") == RULE


def test_an_added_phrase_remembers_the_file_it_was_made_from(book: Settings) -> None:
    path = Path(book.phrasebook) / "dont-know.yaml"
    change = add_phrase(book, "dont-know", "en", "beats me")
    assert (change.action, change.rule, change.lang, change.phrases, change.base) == (
        "add-phrase",
        "dont-know",
        "en",
        ("beats me",),
        {path: RULE},
    )


def test_an_added_exception_is_described_for_the_audit_log(book: Settings) -> None:
    change = add_exception(book, "dont-know", "en", "no idea how")
    assert (change.action, change.detail) == ("add-exception", 'en: "no idea how"')


# Each edit changes only the lines it must, whatever the layout of the file.
LAYOUTS = {
    "after the last item, keeping its comment": (
        RULE,
        add_phrase,
        "en",
        "beats me",
        RULE.replace(
            "    - no idea        # the most common one\n",
            "    - no idea        # the most common one\n    - beats me\n",
        ),
    ),
    "into a flow list": (
        RULE,
        add_phrase,
        "hy",
        "չգիտենք",
        RULE.replace("  hy: [չգիտեմ]\n", "  hy: [չգիտեմ, չգիտենք]\n"),
    ),
    "into an empty flow list": (
        RULE,
        add_phrase,
        "he",
        "לא יודע",
        RULE.replace("  he: []\n", "  he: [לא יודע]\n"),
    ),
    "a missing language at the end of the mapping": (
        RULE,
        add_phrase,
        "ru",
        "не знаю",
        RULE.replace("  he: []\n", "  he: []\n  ru:\n    - не знаю\n"),
    ),
    "a missing exceptions section before the examples and their comment": (
        RULE,
        add_exception,
        "en",
        "let me know",
        RULE.replace(
            "# Run as tests.\n", "exceptions:\n  en:\n    - let me know\n\n# Run as tests.\n"
        ),
    ),
    "a missing exceptions section at the end without examples": (
        "level: info\nphrases:\n  en: [idk]\n\n\n",
        add_exception,
        "en",
        "idk why",
        "level: info\nphrases:\n  en: [idk]\n\nexceptions:\n  en:\n    - idk why\n\n\n",
    ),
    "an empty exceptions mapping takes the first language": (
        "exceptions: {}   # none yet\nexamples: {}\n",
        add_exception,
        "uk",
        "ви не знаєте",
        "exceptions:      # none yet\n  uk:\n    - ви не знаєте\nexamples: {}\n",
    ),
    "a single phrase becomes a list": (
        "phrases:\n  en: idk  # the only one\n",
        add_phrase,
        "en",
        "dunno",
        "phrases:\n  en:      # the only one\n    - idk\n    - dunno\n",
    ),
}


@pytest.mark.parametrize(
    ("before", "make", "lang", "item", "after"), list(LAYOUTS.values()), ids=list(LAYOUTS)
)
def test_an_edit_changes_only_the_lines_it_must(
    book: Settings, before: str, make: Any, lang: str, item: str, after: str
) -> None:
    (Path(book.phrasebook) / "dont-know.yaml").write_text(before, encoding="utf-8")
    assert edited(make(book, "dont-know", lang, item)) == after


@pytest.mark.parametrize("phrase", QUOTED)
@pytest.mark.parametrize("lang", ["en", "hy"])  # a block list and a flow list
def test_phrases_needing_quotes_read_back_exactly(book: Settings, lang: str, phrase: str) -> None:
    text = edited(add_phrase(book, "dont-know", lang, phrase))
    assert parse(text).value["phrases"][lang][-1] == phrase


def test_windows_line_ends_are_kept(book: Settings) -> None:
    path = Path(book.phrasebook) / "dont-know.yaml"
    path.write_bytes(b"phrases:\r\n  en:\r\n    - idk\r\n")
    text = edited(add_phrase(book, "dont-know", "en", "dunno"))
    assert text == "phrases:\r\n  en:\r\n    - idk\r\n    - dunno\r\n"


def test_an_unknown_rule_is_an_error_with_did_you_mean(book: Settings) -> None:
    err = refusal(add_phrase, book, "dont-kno", "en", "idk")
    assert err.message == 'no rule "dont-kno" in the phrasebook (did you mean "dont-know"?)'
    assert err.field == edit.RULE


def test_an_unknown_language_is_an_error_with_did_you_mean(book: Settings) -> None:
    err = refusal(add_phrase, book, "dont-know", "eng", "idk")
    assert err.message == 'unknown language "eng" (did you mean "en"?)'
    assert err.field == edit.LANG


def test_a_phrase_already_there_is_refused_whatever_its_case(book: Settings) -> None:
    err = refusal(add_phrase, book, "dont-know", "en", "No  Idea")
    assert err.message == '"No  Idea" is already in the phrases of dont-know (en)'
    assert err.field == edit.PHRASE


def test_an_exception_already_there_is_refused(book: Settings) -> None:
    (Path(book.phrasebook) / "dont-know.yaml").write_text(
        "exceptions:\n  en: [idk why]\n", encoding="utf-8"
    )
    err = refusal(add_exception, book, "dont-know", "en", "IDK why")
    assert (err.message, err.field) == (
        '"IDK why" is already in the exceptions of dont-know (en)',
        edit.PHRASE,
    )


@pytest.mark.parametrize(
    ("phrase", "message"),
    [
        ("   ", "the phrase is empty"),
        ("x" * 401, "the phrase is 401 characters long"),
        ("two\nlines", "a phrase must be one line"),
    ],
)
def test_a_phrase_that_cannot_be_a_phrase_is_refused(
    book: Settings, phrase: str, message: str
) -> None:
    err = refusal(add_phrase, book, "dont-know", "en", phrase)
    assert err.message == message
    assert err.field == edit.PHRASE


# A rule file the editor must not touch: the request as a whole is refused (field "").
UNEDITABLE = {
    "phrases not per language": (
        "phrases: [idk]\n",
        "dont-know.yaml: phrases is not laid out as it should be",
    ),
    "not a mapping": (
        "- idk\n",
        "dont-know.yaml: phrases is not laid out as it should be",
    ),
    "not YAML": (
        "phrases:\n  en: [idk\n",
        "dont-know.yaml:3: not valid YAML: did not find expected ',' or ']'",
    ),
    "a section on one line": (
        "phrases: {en: [idk]}\n",
        "this section is written on one line, which the editor cannot extend",
    ),
    "a key written twice": (
        "phrases:\n  en: [idk]\n  en: [dunno]\n",
        "the edit to dont-know.yaml could not be made safely in its current layout",
    ),
}


@pytest.mark.parametrize(("text", "message"), list(UNEDITABLE.values()), ids=list(UNEDITABLE))
def test_a_file_the_editor_cannot_edit_safely_is_refused_whole(
    book: Settings, text: str, message: str
) -> None:
    (Path(book.phrasebook) / "dont-know.yaml").write_text(text, encoding="utf-8")
    err = refusal(add_phrase, book, "dont-know", "en", "no clue")
    assert (err.message, err.field) == (message, "")


def test_a_file_that_is_not_utf8_is_refused(book: Settings) -> None:
    (Path(book.phrasebook) / "dont-know.yaml").write_bytes(b"phrases:\n  en: [caf\xe9]\n")
    err = refusal(add_phrase, book, "dont-know", "en", "no clue")
    assert (err.fix, err.field) == ("check the file, then try again", "")


# -- a sentence for a rule's meaning bank ---------------------------------------------------

BANK = """\
# dont-know's bank (a test copy).
bad:
  en:
    - "No clue what happened to your parcel."
good:
  en:
    - "The courier said he had no idea where the van was."
  uk:
    - "Кур'єр не знав коду під'їзду."
"""


def bank_file(book: Settings, text: str | None = BANK) -> Path:
    path = Path(book.phrasebook) / "meaning" / "dont-know.yaml"
    if text is not None:
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return path


def test_a_good_sample_is_one_line_added_to_good_and_nothing_written(book: Settings) -> None:
    path = bank_file(book)
    change = add_sample(book, "dont-know", "en", "  The forecast is a mystery to me. ", False)

    assert changed_lines(BANK, edited(change)) == ["+    - The forecast is a mystery to me."]
    assert change.files.keys() == {path}
    assert path.read_text(encoding="utf-8") == BANK
    assert (change.action, change.rule, change.lang, change.phrases, change.side) == (
        "add-sample",
        "dont-know",
        "en",
        ("The forecast is a mystery to me.",),
        "good",
    )
    assert change.base == {path: BANK}
    assert change.detail == 'en: "The forecast is a mystery to me." (good)'


def test_a_bad_sample_in_a_language_the_bank_lacks_gets_its_own_list(book: Settings) -> None:
    bank_file(book)
    change = add_sample(book, "dont-know", "he", "אין לי מושג מה קרה לחבילה.", True)

    assert parse(edited(change)).value["bad"] == {
        "en": ["No clue what happened to your parcel."],
        "he": ["אין לי מושג מה קרה לחבילה."],
    }
    assert change.side == "bad"


def test_a_sample_on_several_lines_is_one_sentence(book: Settings) -> None:
    bank_file(book)
    change = add_sample(book, "dont-know", "en", "No idea\n  at all,\tsorry.", True)
    assert change.phrases == ("No idea at all, sorry.",)


def test_a_rule_without_a_bank_gets_one_opening_like_the_shipped_ones(book: Settings) -> None:
    path = bank_file(book, None)
    change = add_sample(book, "dont-know", "en", "Search me.", True)

    assert change.files == {
        path: bank.HEADER.format(rule="dont-know") + "\nbad:\n  en:\n    - Search me.\n"
    }
    assert change.base == {path: None}  # applied only while there is still no such file
    assert not path.exists()


def test_the_bank_header_is_the_one_every_shipped_bank_opens_with() -> None:
    for path in sorted((ROOT / "phrasebook" / "meaning").glob("*.yaml")):
        if path.stem == bank.HARMLESS:
            continue  # no rule's bank: its own header says what it holds
        header = bank.HEADER.format(rule=path.stem)
        assert path.read_text(encoding="utf-8").startswith(header + "\n"), path.name


@pytest.mark.parametrize(
    ("sentence", "bad", "message", "fix"),
    [
        (
            "no clue  what happened to your parcel.",
            True,
            '"no clue what happened to your parcel." is already a bad sample of dont-know (en)',
            "nothing to add",
        ),
        (
            "No clue what happened to your parcel.",
            False,
            '"No clue what happened to your parcel." is already a bad sample of dont-know (en)',
            "a sentence cannot be both: take it out of meaning/dont-know.yaml",
        ),
        (
            "Кур'єр не знав коду під'їзду.",
            False,
            "\"Кур'єр не знав коду під'їзду.\" is already a good sample of dont-know (uk)",
            "nothing to add",
        ),
        ("  ", True, "the sentence is empty", "write the sentence"),
    ],
)
def test_a_sample_already_there_or_empty_is_refused_on_the_sentence(
    book: Settings, sentence: str, bad: bool, message: str, fix: str
) -> None:
    bank_file(book)
    err = refusal(add_sample, book, "dont-know", "en", sentence, bad)
    assert (err.message, err.fix, err.field) == (message, fix, edit.SENTENCE)


def test_a_sample_for_a_rule_that_does_not_exist_is_refused_on_the_rule(book: Settings) -> None:
    err = refusal(add_sample, book, "dont-knw", "en", "No clue.", True)
    assert (err.message, err.field) == (
        'no rule "dont-knw" in the phrasebook (did you mean "dont-know"?)',
        edit.RULE,
    )


def test_a_sample_in_an_unknown_language_is_refused_on_the_language(book: Settings) -> None:
    err = refusal(add_sample, book, "dont-know", "de", "Keine Ahnung.", True)
    assert (err.message, err.field) == ('unknown language "de"', edit.LANG)


BROKEN_BANKS = {
    "not YAML": (
        "bad:\n  en: [No clue\n",
        "meaning/dont-know.yaml:3: not valid YAML: did not find expected ',' or ']'",
    ),
    "a side not per language": (
        "good: [He had no idea.]\n",
        "meaning/dont-know.yaml: good is not laid out as it should be",
    ),
    "not a mapping": (
        "- No clue.\n",
        "meaning/dont-know.yaml: good is not laid out as it should be",
    ),
}


@pytest.mark.parametrize(("text", "message"), list(BROKEN_BANKS.values()), ids=list(BROKEN_BANKS))
def test_a_bank_the_editor_cannot_edit_safely_is_refused_whole(
    book: Settings, text: str, message: str
) -> None:
    bank_file(book, text)
    err = refusal(add_sample, book, "dont-know", "en", "He had no idea.", False)
    assert (err.message, err.field) == (message, "")


# -- a new rule -----------------------------------------------------------------------------


def new_rule(settings: Settings, rule_id: str, level: str = "warning", **given: Any) -> Change:
    fields: dict[str, Any] = {
        "message": "Rushing the customer",
        "why": "It   tells them\nthey are a bother.",
        "lang": "en",
        "phrases": ["chop chop", "yes"],
        "better_wording": "Take your time.",
        "replace_with": "take your time",
        "bad_examples": ["Chop chop, I have other customers."],
    }
    return add_rule(settings, rule_id, level=level, **{**fields, **given})


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


def test_a_new_rule_is_a_new_file_in_the_phrasebook_folder(book: Settings) -> None:
    path = Path(book.phrasebook) / "chop-chop.yaml"
    change = new_rule(book, "chop-chop", level="Error")
    assert (list(change.files), change.base, change.level) == ([path], {path: None}, "error")
    assert not path.exists()


def test_a_new_rule_with_good_examples_lists_them_after_the_bad(book: Settings) -> None:
    text = edited(new_rule(book, "chop-chop", good_examples=["Take your time."]))
    assert parse(text).value["examples"] == {
        "en": {"bad": ["Chop chop, I have other customers."], "good": ["Take your time."]}
    }


@pytest.mark.parametrize(
    ("rule_id", "message"),
    [
        ("hurry-up", 'a rule "hurry-up" already exists'),
        ("Chop_Chop", '"Chop_Chop" is not a usable rule id'),
    ],
)
def test_a_new_rule_needs_a_free_kebab_case_id(book: Settings, rule_id: str, message: str) -> None:
    err = refusal(new_rule, book, rule_id)
    assert err.message == message
    assert err.field == edit.NEW_ID


def test_a_new_rule_needs_a_known_level(book: Settings) -> None:
    err = refusal(new_rule, book, "chop-chop", level="warn")
    assert err.message == 'unknown level "warn" (did you mean "warning"?)'
    assert err.field == edit.LEVEL


# (what the lead left wrong, the message, the field it is shown beside)
NEW_RULE_REFUSALS = {
    "language": ({"lang": "xx"}, 'unknown language "xx"', edit.LANG),
    "message": ({"message": "  \n "}, "the message is empty", edit.MESSAGE),
    "why": ({"why": ""}, "the why is empty", edit.WHY),
    "better wording": ({"better_wording": " "}, "the better wording is empty", edit.BETTER_WORDING),
    "replace with": (
        {"replace_with": ""},
        "the wording to replace with is empty",
        edit.REPLACE_WITH,
    ),
    "no phrases": ({"phrases": []}, "a new rule needs at least one phrase", edit.PHRASES),
    "an empty phrase": ({"phrases": ["chop chop", " "]}, "the phrase is empty", edit.PHRASES),
    "a phrase twice": (
        {"phrases": ["chop chop", "Chop  Chop"]},
        '"Chop  Chop" is listed twice',
        edit.PHRASES,
    ),
    "no bad example": ({"bad_examples": []}, "a new rule needs at least one bad example", edit.BAD),
}


@pytest.mark.parametrize(
    ("given", "message", "field"), list(NEW_RULE_REFUSALS.values()), ids=list(NEW_RULE_REFUSALS)
)
def test_a_new_rule_refusal_names_its_field(
    book: Settings, given: dict[str, Any], message: str, field: str
) -> None:
    err = refusal(new_rule, book, "chop-chop", **given)
    assert (err.message, err.field) == (message, field)


@pytest.mark.parametrize(
    ("given", "field"), [({"bad_examples": [" "]}, edit.BAD), ({"good_examples": [""]}, edit.GOOD)]
)
def test_an_empty_example_is_refused_beside_its_list(
    book: Settings, given: dict[str, Any], field: str
) -> None:
    assert refusal(new_rule, book, "chop-chop", **given).field == field


def test_an_empty_example_is_refused_in_plain_words(book: Settings) -> None:
    err = refusal(new_rule, book, "chop-chop", bad_examples=[" "])
    assert (err.message, err.fix) == ("the example is empty", "write the example")


# -- switching a rule off and on ------------------------------------------------------------


def test_switching_off_and_on_gives_rules_yaml_back_byte_for_byte(book: Settings) -> None:
    path = Path(book.path)
    off = edited(set_rule(book, "hurry-up", False))
    assert changed_lines(RULES_YAML, off) == [
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


def test_switching_off_is_described_for_the_audit_log(book: Settings) -> None:
    change = set_rule(book, "hurry-up", False)
    assert (change.action, change.rule, change.detail) == (
        "rule-off",
        "hurry-up",
        "rules.yaml: off",
    )
    assert change.base == {Path(book.path): RULES_YAML}


def test_switching_off_a_rule_already_off_is_refused(book: Settings) -> None:
    Path(book.path).write_text("rules:\n  hurry-up: off\n", encoding="utf-8")
    err = refusal(set_rule, book, "hurry-up", False)
    assert err.message == "hurry-up is already off"
    assert err.field == edit.STATE


def test_switching_on_a_rule_already_on_is_refused(book: Settings) -> None:
    err = refusal(set_rule, book, "hurry-up", True)
    assert (err.message, err.field) == ("hurry-up is already on", edit.STATE)


def test_switching_a_rule_needs_a_rules_yaml(book: Settings) -> None:
    err = refusal(set_rule, replace(book, path=""), "hurry-up", False)
    assert err.message == "there is no rules.yaml to switch rules off in"
    assert err.field == ""


def test_switching_an_unknown_rule_is_an_error_with_did_you_mean(book: Settings) -> None:
    err = refusal(set_rule, book, "hury-up", False)
    assert err.message == 'no rule "hury-up" in the phrasebook (did you mean "hurry-up"?)'
    assert err.field == edit.RULE


@pytest.mark.parametrize("text", ["- rules\n", "rules: [hurry-up]\n"])
def test_switching_in_a_rules_yaml_laid_out_otherwise_is_refused(book: Settings, text: str) -> None:
    Path(book.path).write_text(text, encoding="utf-8")
    err = refusal(set_rule, book, "hurry-up", False)
    assert (err.message, err.field) == ("rules.yaml is not laid out as expected", "")
