"""Text-level YAML edits: exactly which lines change, and that YAML reads the result back."""

import pytest

from bot.problems import EditError
from bot.yamledit import add_item, double_quoted, native, scalar, set_entry, unix
from bot.yamlfile import parse

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

# -- scalar ---------------------------------------------------------------------------------


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


@pytest.mark.parametrize(("text", "written"), [("a, b", '"a, b"'), ("[x]", '"[x]"'), ("ok", "ok")])
def test_scalar_in_a_flow_list_quotes_flow_punctuation(text: str, written: str) -> None:
    assert scalar(text, flow=True) == written
    assert parse(f"[{written}]").value == [text]


def test_double_quoted_escapes_quotes_backslashes_and_unprintable_characters() -> None:
    assert double_quoted('a"b\\c\n\x07\u200f') == '"a\\"b\\\\c\\n\\x07\\u200f"'


# -- add_item -------------------------------------------------------------------------------


def test_an_item_goes_after_the_last_item_keeping_its_comment() -> None:
    assert add_item(RULE, "phrases", "en", "beats me") == RULE.replace(
        "    - no idea        # the most common one\n",
        "    - no idea        # the most common one\n    - beats me\n",
    )


def test_an_item_joins_a_flow_list() -> None:
    assert add_item(RULE, "phrases", "hy", "չգիտենք") == RULE.replace(
        "  hy: [չգիտեմ]\n", "  hy: [չգիտեմ, չգիտենք]\n"
    )


def test_an_item_fills_an_empty_flow_list() -> None:
    assert add_item(RULE, "phrases", "he", "לא יודע") == RULE.replace(
        "  he: []\n", "  he: [לא יודע]\n"
    )


def test_a_flow_list_over_several_lines_takes_the_item_before_its_bracket() -> None:
    text = "phrases:\n  en: [idk,\n    dunno]  # two\n"
    assert add_item(text, "phrases", "en", "no clue") == (
        "phrases:\n  en: [idk,\n    dunno, no clue]  # two\n"
    )


def test_a_missing_key_is_added_at_the_end_of_the_mapping() -> None:
    assert add_item(RULE, "phrases", "ru", "не знаю") == RULE.replace(
        "  he: []\n", "  he: []\n  ru:\n    - не знаю\n"
    )


def test_a_missing_section_goes_before_the_examples_and_their_comment() -> None:
    assert add_item(RULE, "exceptions", "en", "let me know") == RULE.replace(
        "# Run as tests.\n", "exceptions:\n  en:\n    - let me know\n\n# Run as tests.\n"
    )


def test_a_missing_section_goes_at_the_end_without_examples() -> None:
    text = "level: info\nphrases:\n  en: [idk]\n\n\n"
    assert add_item(text, "exceptions", "en", "idk why") == (
        "level: info\nphrases:\n  en: [idk]\n\nexceptions:\n  en:\n    - idk why\n\n\n"
    )


def test_an_empty_mapping_takes_the_first_key_keeping_its_comment() -> None:
    text = "exceptions: {}   # none yet\nexamples: {}\n"
    assert add_item(text, "exceptions", "uk", "ви не знаєте") == (
        "exceptions:      # none yet\n  uk:\n    - ви не знаєте\nexamples: {}\n"
    )


def test_a_single_item_becomes_a_list() -> None:
    text = "phrases:\n  en: idk  # the only one\n"
    assert add_item(text, "phrases", "en", "dunno") == (
        "phrases:\n  en:      # the only one\n    - idk\n    - dunno\n"
    )


def test_items_at_the_key_s_own_indent_are_followed() -> None:
    text = "phrases:\n  en:\n  - idk\n"
    assert add_item(text, "phrases", "en", "dunno") == "phrases:\n  en:\n  - idk\n  - dunno\n"


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
def test_items_needing_quotes_read_back_exactly(lang: str, phrase: str) -> None:
    text = add_item(RULE, "phrases", lang, phrase)
    assert parse(text).value["phrases"][lang][-1] == phrase


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "phrases: {en: [idk]}\n",
            "this section is written on one line, which the editor cannot extend",
        ),
        ('phrases:\n  en: "idk"\n', "this list is written in a form the editor cannot extend"),
        ("phrases:\n  en: |\n    idk\n", "this list is written in a form the editor cannot extend"),
    ],
)
def test_a_layout_the_editor_cannot_extend_is_refused(text: str, message: str) -> None:
    with pytest.raises(EditError) as err:
        add_item(text, "phrases", "en", "dunno")
    assert err.value.message == message


# -- set_entry ------------------------------------------------------------------------------

RULES_YAML = "phrasebook: phrasebook\nrules: {}   # per rule\nleads: []\n"


def test_an_entry_opens_an_empty_mapping_keeping_its_comment() -> None:
    assert set_entry(RULES_YAML, "rules", "hurry-up", "off", {"hurry-up": "off"}) == (
        "phrasebook: phrasebook\nrules:      # per rule\n  hurry-up: off\nleads: []\n"
    )


def test_removing_the_last_entry_writes_the_empty_mapping_back() -> None:
    opened = set_entry(RULES_YAML, "rules", "hurry-up", "off", {"hurry-up": "off"})
    assert set_entry(opened, "rules", "hurry-up", None, {}) == RULES_YAML


def test_a_value_is_replaced_in_place_and_its_comment_keeps_its_column() -> None:
    text = "rules:\n  hurry-up: error   # strict\n  calm-down: off\n"
    assert set_entry(text, "rules", "hurry-up", "info", {}) == (
        "rules:\n  hurry-up: info    # strict\n  calm-down: off\n"
    )


def test_an_entry_is_added_after_the_others() -> None:
    assert set_entry("rules:\n  hurry-up: off\n", "rules", "calm-down", "off", {}) == (
        "rules:\n  hurry-up: off\n  calm-down: off\n"
    )


def test_a_block_mapping_under_the_key_becomes_one_line() -> None:
    text = "rules:\n  hurry-up:\n    level: error\n    off: true\n  calm-down: off\n"
    assert set_entry(text, "rules", "hurry-up", "error", {}) == (
        "rules:\n  hurry-up: error\n  calm-down: off\n"
    )


def test_a_flow_mapping_is_written_out_as_a_block_of_every_entry() -> None:
    text = "rules: {hurry-up: error, calm-down: off}  # two\nleads: []\n"
    assert set_entry(text, "rules", "hurry-up", None, {"calm-down": "off"}) == (
        "rules:                                    # two\n  calm-down: off\nleads: []\n"
    )


def test_a_missing_section_is_added_at_the_end() -> None:
    assert set_entry("leads: []\n", "rules", "hurry-up", "off", {"hurry-up": "off"}) == (
        "leads: []\n\nrules:\n  hurry-up: off\n"
    )


def test_removing_from_a_missing_section_changes_nothing() -> None:
    assert set_entry("leads: []\n", "rules", "hurry-up", None, {}) == "leads: []\n"


# -- unix / native --------------------------------------------------------------------------


def test_unix_turns_windows_line_ends_into_newlines_and_remembers_them() -> None:
    assert unix("a: 1\r\nb: 2\r\n") == ("a: 1\nb: 2\n", "\r\n")


def test_unix_leaves_newlines_alone() -> None:
    assert unix("a: 1\nb: 2\n") == ("a: 1\nb: 2\n", "\n")


@pytest.mark.parametrize("raw", ["a: 1\r\nb: 2\r\n", "a: 1\nb: 2\n"])
def test_native_restores_the_line_ends_unix_took(raw: str) -> None:
    assert native(*unix(raw)) == raw
