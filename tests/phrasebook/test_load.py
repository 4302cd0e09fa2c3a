"""The rule-file loader's problems, each exactly as `phrasebot lint` shows it.

Each case writes a phrasebook folder in tmp_path (the tests run from there, so files are named
"phrasebook/..."), loads it, and compares str(problem): where, rule, message, the quoted line
with a caret under the column, and the fix.
"""

from pathlib import Path
from typing import Any

import pytest

from bot.model import Level
from bot.phrasebook.load import load, rule_files
from bot.problems import Problem

BLOCKS = {
    "message": "message: A dead end\n",
    "why": "why: It tells the customer nothing.\n",
    "better_wording": "better_wording:\n  en: Let me find out.\n",
    "replace_with": "replace_with:\n  en: let me find out\n",
    "phrases": "phrases:\n  en: [idk]\n",
}
# A rule with only the required keys; anything appended starts on line 9.
VALID = "".join(BLOCKS.values())
SHARED = "cues:\n  concrete-time:\n    phrases:\n      en: [today]\n"
FILE = "phrasebook/dont-know.yaml"


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    folder = Path("phrasebook")
    folder.mkdir()
    (folder / "_language.yaml").write_text(SHARED, encoding="utf-8")
    return folder


def loaded(folder: Path, text: str, name: str = "dont-know.yaml") -> list[Problem]:
    (folder / name).write_text(text, encoding="utf-8")
    return load(folder)[1]


def rendered(folder: Path, text: str, name: str = "dont-know.yaml") -> list[str]:
    return [str(p) for p in loaded(folder, text, name)]


def lines(*shown: str) -> str:
    return "\n".join(shown)


# -- a rule that loads ---------------------------------------------------------------------


def test_a_rule_with_only_the_required_keys_loads_without_problems(folder: Path) -> None:
    (folder / "dont-know.yaml").write_text(VALID, encoding="utf-8")
    book, problems = load(folder)
    assert problems == []
    assert book is not None and [r.id for r in book.rules] == ["dont-know"]


def test_level_is_not_required_and_defaults_to_warning(folder: Path) -> None:
    (folder / "dont-know.yaml").write_text(VALID, encoding="utf-8")
    book, _ = load(folder)
    assert book is not None and book.rule("dont-know").level == Level.WARNING


def test_a_rule_with_a_problem_is_left_out_of_the_phrasebook(folder: Path) -> None:
    (folder / "dont-know.yaml").write_text("level: warn\n" + VALID, encoding="utf-8")
    (folder / "calm.yaml").write_text(VALID.replace("[idk]", "[relax]"), encoding="utf-8")
    book, problems = load(folder)
    assert len(problems) == 1
    assert book is not None and [r.id for r in book.rules] == ["calm"]


# -- the file as a whole -------------------------------------------------------------------


def test_a_file_that_is_not_a_mapping_is_reported_first(folder: Path) -> None:
    assert rendered(folder, "- idk\n- no idea\n")[0] == lines(
        f"{FILE}:1:1: dont-know: a rule file must be a mapping, got list ['idk', 'no idea']",
        "  1 | - idk",
        "    | ^",
        "  fix: write a rule file as `key: value` lines",
    )


MISSING = {
    "message": ("why: It tells the customer nothing.", "one line: what was flagged"),
    "why": (
        "message: A dead end",
        "why a customer should not hear it, in words an agent accepts",
    ),
    "better_wording": (
        "message: A dead end",
        "per language: the better way to say it, a whole sentence, shown to the agent",
    ),
    "replace_with": (
        "message: A dead end",
        "per language: the words the rewrite puts in place of the flagged ones, so they must"
        " fit mid-sentence; a phrase may carry its own (`- beats me: let me find out`)",
    ),
    "phrases": (
        "message: A dead end",
        "per language (en, uk, ru, he, hy): what an agent should not write",
    ),
}


@pytest.mark.parametrize("key", list(MISSING))
def test_each_required_key_left_out_is_missing(folder: Path, key: str) -> None:
    first_line, what = MISSING[key]
    text = "".join(block for name, block in BLOCKS.items() if name != key)
    assert rendered(folder, text) == [
        lines(
            f'{FILE}:1:1: dont-know: missing "{key}"',
            f"  1 | {first_line}",
            "    | ^",
            f"  fix: add `{key}:` ({what})",
        )
    ]


def test_a_key_written_twice_is_reported_on_its_second_line(folder: Path) -> None:
    assert rendered(folder, VALID + "message: Again\n") == [
        lines(
            f'{FILE}:9: dont-know: "message" is written twice',
            "  9 | message: Again",
            "  fix: keep one of them",
        )
    ]


def test_a_yaml_syntax_error_points_at_the_line_and_column(folder: Path) -> None:
    assert rendered(folder, VALID + "owner: me: you\n") == [
        lines(
            f"{FILE}:9:10: dont-know: not valid YAML: mapping values are not allowed in this context",
            "  9 | owner: me: you",
            "    |          ^",
            "  fix: fix the YAML syntax on that line",
        )
    ]


def test_a_file_that_is_not_utf8_is_reported_on_line_1(folder: Path) -> None:
    (folder / "dont-know.yaml").write_bytes(b"message: caf\xe9\n")
    [problem] = load(folder)[1]
    assert problem.headline == (
        f"{FILE}:1: dont-know: the file is not UTF-8 text (invalid continuation byte)"
    )


def test_the_fix_for_a_file_that_is_not_utf8_says_to_save_it_as_utf8(folder: Path) -> None:
    (folder / "dont-know.yaml").write_bytes(b"message: caf\xe9\n")
    [problem] = load(folder)[1]
    assert "UTF-8" in problem.fix


def test_a_file_that_cannot_be_read_says_why(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (folder / "dont-know.yaml").write_text(VALID, encoding="utf-8")

    read_text = Path.read_text

    def denied(self: Path, *args: Any, **kwargs: Any) -> str:
        if self.name == "dont-know.yaml":
            raise PermissionError(13, "Permission denied", str(self))
        return read_text(self, *args, **kwargs)

    monkeypatch.setattr(Path, "read_text", denied)
    assert [str(p) for p in load(folder)[1]] == [
        f"{FILE}:1: dont-know: cannot read the file: Permission denied\n  fix: check the path"
    ]


@pytest.mark.parametrize("name", ["Dont_Know.yaml", "dont know.yaml", "dont--know.yaml"])
def test_a_file_name_that_is_not_a_usable_rule_id(folder: Path, name: str) -> None:
    rule = name.removesuffix(".yaml")
    assert rendered(folder, VALID, name) == [
        lines(
            f'phrasebook/{name}:1:1: {rule}: "{rule}" is not a usable rule id',
            "  1 | message: A dead end",
            "    | ^",
            "  fix: name the file in lower case with dashes, e.g. dont-know.yaml",
        )
    ]


def test_a_missing_folder_is_a_problem(tmp_path: Path) -> None:
    book, problems = load(tmp_path / "nowhere")
    assert book is None
    assert [str(p) for p in problems] == [
        f"{tmp_path / 'nowhere'}:1: -: phrasebook folder not found\n"
        "  fix: pass --phrasebook DIR with the rule files"
    ]


def test_a_folder_without_rules_is_a_problem(folder: Path) -> None:
    assert [str(p) for p in load(folder)[1]] == [
        "phrasebook:1: -: no rules found\n  fix: add one YAML file per rule, e.g. dont-know.yaml"
    ]


# -- one key's value -----------------------------------------------------------------------

# (the rule file's text, the one problem it has)
VALUES = {
    "unknown key": (
        VALID + "levle: info\n",
        f'{FILE}:9:1: dont-know: unknown key "levle" (did you mean "level"?)',
        "  9 | levle: info",
        "    | ^",
        "  fix: use one of: level, message, why, better_wording, replace_with, phrases,"
        " replace, rewrites, exceptions, unless, examples, alternatives, veto, link, owner,"
        " reviewed",
    ),
    "unknown level": (
        "level: warn\n" + VALID,
        f"{FILE}:1:8: dont-know: unknown level 'warn' (did you mean \"warning\"?)",
        "  1 | level: warn",
        "    |        ^",
        "  fix: use one of: info, warning, error",
    ),
    "level not text": (
        "level: 3\n" + VALID,
        f"{FILE}:1:8: dont-know: unknown level 3",
        "  1 | level: 3",
        "    |        ^",
        "  fix: use one of: info, warning, error",
    ),
    "message not text": (
        VALID.replace("message: A dead end", "message: [a, b]"),
        f"{FILE}:1:10: dont-know: message must be non-empty text, got list ['a', 'b']",
        "  1 | message: [a, b]",
        "    |          ^",
        "  fix: write message as text",
    ),
    "message empty": (
        VALID.replace("message: A dead end", "message:"),
        f"{FILE}:1:9: dont-know: message must be non-empty text, got nothing",
        "  1 | message:",
        "    |         ^",
        "  fix: write message as text",
    ),
    "why not text": (
        VALID.replace("why: It tells the customer nothing.", "why: 42"),
        f"{FILE}:2:6: dont-know: why must be non-empty text, got int 42",
        "  2 | why: 42",
        "    |      ^",
        "  fix: write why as text",
    ),
    "unknown language in phrases": (
        VALID + "  eng: [dunno]\n",
        f'{FILE}:9:3: dont-know: unknown language "eng" in phrases (did you mean "en"?)',
        "  9 |   eng: [dunno]",
        "    |   ^",
        "  fix: use one of: en, uk, ru, he, hy",
    ),
    "unknown language in better_wording": (
        VALID.replace("  en: Let me find out.\n", "  en: Let me find out.\n  ua: Дізнаюся.\n"),
        f'{FILE}:5:3: dont-know: unknown language "ua" in better_wording',
        "  5 |   ua: Дізнаюся.",
        "    |   ^",
        "  fix: use one of: en, uk, ru, he, hy",
    ),
    "phrases not a list": (
        VALID.replace("  en: [idk]", "  en: {idk: 1}"),
        f"{FILE}:8:7: dont-know: phrases (en) must be a list",
        "  8 |   en: {idk: 1}",
        "    |       ^",
        "  fix: write one phrase per `- ` line",
    ),
    "phrases not per language": (
        VALID.replace("phrases:\n  en: [idk]", "phrases: [idk]"),
        f"{FILE}:7:10: dont-know: phrases must be a mapping, got list ['idk']",
        "  7 | phrases: [idk]",
        "    |          ^",
        "  fix: write phrases as `key: value` lines",
    ),
    "a phrase that is not text": (
        VALID.replace("  en: [idk]", "  en:\n    - idk\n    - [a, b]"),
        f"{FILE}:10:7: dont-know: an item of phrases (en) must be a phrase, got list ['a', 'b']",
        "  10 |     - [a, b]",
        "     |       ^",
        "  fix: write the phrase as plain text",
    ),
    "an empty phrase": (
        VALID.replace("  en: [idk]", "  en:\n    - idk\n    - ''"),
        f"{FILE}:10:7: dont-know: an item of phrases (en) must be a phrase, got str ''",
        "  10 |     - ''",
        "     |       ^",
        "  fix: write the phrase as plain text",
    ),
    "a phrase over 400 characters": (
        VALID.replace("  en: [idk]", "  en:\n    - idk\n    - " + "x" * 401),
        f"{FILE}:10:7: dont-know: phrase is 401 characters long",
        "  10 |     - " + "x" * 401,
        "     |       ^",
        "  fix: keep phrases under 400 characters",
    ),
    "a phrase's rewrite that is not text": (
        VALID.replace("  en: [idk]", "  en:\n    - idk: [let me check]"),
        f"{FILE}:9:7: dont-know: the rewrite for 'idk' must be text",
        "  9 |     - idk: [let me check]",
        "    |       ^",
        "  fix: write `- phrase: the words to replace it with`",
    ),
    "an exception that is not text": (
        VALID + "exceptions:\n  en: [idk why, 12.5, [x]]\n",
        f"{FILE}:10:23: dont-know: an item of exceptions (en) must be a phrase, got list ['x']",
        "  10 |   en: [idk why, 12.5, [x]]",
        "     |                       ^",
        "  fix: write the phrase as plain text",
    ),
    "unless not a list": (
        VALID + "unless: concrete-time\n",
        f"{FILE}:9:9: dont-know: unless must be a list",
        "  9 | unless: concrete-time",
        "    |         ^",
        "  fix: write `- cue: concrete-time` items with a `scope:`",
    ),
    "unknown unless key": (
        VALID + "unless:\n  - {cue: concrete-time, scop: sentence}\n",
        f'{FILE}:10:26: dont-know: unknown key "scop" (did you mean "scope"?)',
        "  10 |   - {cue: concrete-time, scop: sentence}",
        "     |                          ^",
        "  fix: use cue and scope",
    ),
    "unless without a cue": (
        VALID + "unless:\n  - scope: sentence\n",
        f"{FILE}:10:5: dont-know: unless entry has no cue",
        "  10 |   - scope: sentence",
        "     |     ^",
        "  fix: name a cue from _language.yaml, e.g. `cue: concrete-time`",
    ),
    "unknown cue": (
        VALID + "unless:\n  - cue: concrete-tim\n",
        f'{FILE}:10:10: dont-know: unknown cue "concrete-tim" (did you mean "concrete-time"?)',
        "  10 |   - cue: concrete-tim",
        "     |          ^",
        "  fix: define it under cues: in _language.yaml, or use one of: concrete-time",
    ),
    "unknown scope": (
        VALID + "unless:\n  - {cue: concrete-time, scope: sentense}\n",
        f"{FILE}:10:33: dont-know: unknown scope 'sentense' (did you mean \"sentence\"?)",
        "  10 |   - {cue: concrete-time, scope: sentense}",
        "     |                                 ^",
        "  fix: use one of: clause, sentence, rest-of-sentence, rest-of-draft, after, draft, before, just-before, opening",
    ),
    "unknown example kind": (
        VALID + "examples:\n  en:\n    bda:\n      - Idk, sorry.\n",
        f'{FILE}:11:5: dont-know: unknown example kind "bda" (did you mean "bad"?)',
        "  11 |     bda:",
        "     |     ^",
        "  fix: use bad: and good:",
    ),
    "an example that is not text": (
        VALID + "examples:\n  en:\n    bad:\n      - Idk, sorry.\n      - 42\n",
        f"{FILE}:13:9: dont-know: example must be text, got int 42",
        "  13 |       - 42",
        "     |         ^",
        "  fix: write the example as a quoted sentence",
    ),
    "reviewed not a date": (
        VALID + "reviewed: last week\n",
        f"{FILE}:9:11: dont-know: reviewed must be a date, got 'last week'",
        "  9 | reviewed: last week",
        "    |           ^",
        "  fix: write it as YYYY-MM-DD",
    ),
    "alternatives not true or false": (
        VALID + "alternatives: sometimes\n",
        f"{FILE}:9:15: dont-know: alternatives must be true or false, got 'sometimes'",
        "  9 | alternatives: sometimes",
        "    |               ^",
        "  fix: write `alternatives: true` to offer known fixes, or leave the key out",
    ),
    "veto not true or false": (
        VALID + "veto: never\n",
        f"{FILE}:9:7: dont-know: veto must be true or false, got 'never'",
        "  9 | veto: never",
        "    |       ^",
        "  fix: write `veto: false` to keep every phrase finding of the rule, or leave the key out",
    ),
    "link not text": (
        VALID + "link: [a, b]\n",
        f"{FILE}:9:7: dont-know: link must be non-empty text, got list ['a', 'b']",
        "  9 | link: [a, b]",
        "    |       ^",
        "  fix: write link as text",
    ),
}


@pytest.mark.parametrize(("text", "shown"), [(t, s) for t, *s in VALUES.values()], ids=list(VALUES))
def test_a_wrong_value_is_reported_exactly(folder: Path, text: str, shown: list[str]) -> None:
    assert rendered(folder, text) == [lines(*shown)]


def test_an_unknown_cue_when_none_are_defined_says_so(folder: Path) -> None:
    (folder / "_language.yaml").unlink()
    assert rendered(folder, VALID + "unless:\n  - cue: concrete-time\n") == [
        lines(
            f'{FILE}:10:10: dont-know: unknown cue "concrete-time"',
            "  10 |   - cue: concrete-time",
            "     |          ^",
            "  fix: define it under cues: in _language.yaml, or use one of: none defined yet",
        )
    ]


@pytest.mark.parametrize(("key", "line"), [("better_wording", 3), ("replace_with", 6)])
def test_a_wording_missing_a_language_the_phrases_use(folder: Path, key: str, line: int) -> None:
    text = VALID.replace("  en: [idk]", "  en: [idk]\n  uk: [не знаю]")
    other = "replace_with" if key == "better_wording" else "better_wording"
    text = text.replace(f"{other}:\n", f"{other}:\n  uk: з'ясую\n")
    assert rendered(folder, text) == [
        lines(
            f"{FILE}:{line}:1: dont-know: no {key} in uk, but the rule has uk phrases",
            f"  {line} | {key}:",
            "    | ^",
            f"  fix: add `uk:` under {key}",
        )
    ]


def test_a_phrase_of_exactly_200_characters_is_fine(folder: Path) -> None:
    assert rendered(folder, VALID.replace("[idk]", "[idk, " + "x" * 200 + "]")) == []


# -- old key names -------------------------------------------------------------------------

OLD_NAMES = VALID.replace("better_wording:", "suggestion:").replace("replace_with:", "instead:")


def test_the_old_key_names_are_read_with_a_note_each(folder: Path) -> None:
    assert rendered(folder, OLD_NAMES) == [
        lines(
            f'{FILE}:3:1: dont-know: note: "suggestion" is the old name of "better_wording"',
            "  3 | suggestion:",
            "    | ^",
            "  fix: rename `suggestion:` to `better_wording:` (it means the same)",
        ),
        lines(
            f'{FILE}:5:1: dont-know: note: "instead" is the old name of "replace_with"',
            "  5 | instead:",
            "    | ^",
            "  fix: rename `instead:` to `replace_with:` (it means the same)",
        ),
    ]


def test_the_old_key_names_are_notes_only(folder: Path) -> None:
    assert [p.note for p in loaded(folder, OLD_NAMES)] == [True, True]


def test_a_rule_under_the_old_key_names_still_loads_with_their_values(folder: Path) -> None:
    (folder / "dont-know.yaml").write_text(OLD_NAMES, encoding="utf-8")
    book, _ = load(folder)
    assert book is not None
    rule = book.rule("dont-know")
    assert (rule.better_wording, rule.replace_with) == (
        {"en": "Let me find out."},
        {"en": "let me find out"},
    )


def test_an_old_and_a_new_name_at_once_are_refused(folder: Path) -> None:
    (folder / "dont-know.yaml").write_text(VALID + "suggestion:\n  en: Check.\n", encoding="utf-8")
    book, problems = load(folder)
    assert [str(p) for p in problems] == [
        lines(
            f'{FILE}:9:1: dont-know: "suggestion" and "better_wording" are the same key under'
            " its old and new name",
            "  9 | suggestion:",
            "    | ^",
            "  fix: keep better_wording: only",
        )
    ]
    assert [p.note for p in problems] == [False]
    assert book is not None and book.rules == ()


# -- _language.yaml ------------------------------------------------------------------------

SHARED_FILE = "phrasebook/_language.yaml"
SHARED_CASES = {
    "unknown key": (
        "filers:\n  en: [really]\n",
        f'{SHARED_FILE}:1:1: -: unknown key "filers" (did you mean "fillers"?)',
        "  1 | filers:",
        "    | ^",
        "  fix: use one of: fillers, cues, context",
    ),
    "fillers not a list": (
        "fillers:\n  en: really\n",
        f"{SHARED_FILE}:2:7: -: fillers must be a list of single words",
        "  2 |   en: really",
        "    |       ^",
        "  fix: write one word per `- ` line",
    ),
    "fillers not words": (
        "fillers:\n  en: [really, 3]\n",
        f"{SHARED_FILE}:2:7: -: fillers must be a list of single words",
        "  2 |   en: [really, 3]",
        "    |       ^",
        "  fix: write one word per `- ` line",
    ),
    "fillers in an unknown language": (
        "fillers:\n  eng: [really]\n",
        f'{SHARED_FILE}:2:3: -: unknown language "eng" in fillers (did you mean "en"?)',
        "  2 |   eng: [really]",
        "    |   ^",
        "  fix: use one of: en, uk, ru, he, hy",
    ),
    "unknown cue key": (
        "cues:\n  concrete-time:\n    phrase:\n      en: [today]\n",
        f'{SHARED_FILE}:3:5: cue concrete-time: unknown key "phrase" (did you mean "phrases"?)',
        "  3 |     phrase:",
        "    |     ^",
        "  fix: use phrases and patterns",
    ),
    "a cue that is not a mapping": (
        "cues:\n  concrete-time: today\n",
        f"{SHARED_FILE}:2:18: cue concrete-time: cue concrete-time must be a mapping,"
        " got str 'today'",
        "  2 |   concrete-time: today",
        "    |                  ^",
        "  fix: write cue concrete-time as `key: value` lines",
    ),
    "a cue phrase that is not text": (
        "cues:\n  concrete-time:\n    phrases:\n      en: [[today]]\n",
        f"{SHARED_FILE}:4:12: cue concrete-time: an item of phrases (en) must be a phrase,"
        " got list ['today']",
        "  4 |       en: [[today]]",
        "    |            ^",
        "  fix: write the phrase as plain text",
    ),
    "a pattern with a backreference": (
        "cues:\n  concrete-time:\n    patterns: ['(\\d)\\1pm']\n",
        f"{SHARED_FILE}:3:16: cue concrete-time: unsafe or invalid pattern '(\\\\d)\\\\1pm':"
        " backreferences are not allowed",
        "  3 |     patterns: ['(\\d)\\1pm']",
        "    |                ^",
        "  fix: write a simpler pattern, or plain phrases instead",
    ),
    "a pattern with a lookahead": (
        "cues:\n  concrete-time:\n    patterns:\n      - 'pm(?=!)'\n",
        f"{SHARED_FILE}:4:9: cue concrete-time: unsafe or invalid pattern 'pm(?=!)':"
        " lookahead or lookbehind are not allowed",
        "  4 |       - 'pm(?=!)'",
        "    |         ^",
        "  fix: write a simpler pattern, or plain phrases instead",
    ),
    "a pattern that is not a regex": (
        "cues:\n  concrete-time:\n    patterns: ['[0-9']\n",
        f"{SHARED_FILE}:3:16: cue concrete-time: unsafe or invalid pattern '[0-9':"
        " not a valid regex (unterminated character set at position 0)",
        "  3 |     patterns: ['[0-9']",
        "    |                ^",
        "  fix: write a simpler pattern, or plain phrases instead",
    ),
    "not a mapping": (
        "- really\n",
        f"{SHARED_FILE}:1:1: -: the shared language file must be a mapping, got list ['really']",
        "  1 | - really",
        "    | ^",
        "  fix: write the shared language file as `key: value` lines",
    ),
}


@pytest.mark.parametrize(
    ("text", "shown"), [(t, s) for t, *s in SHARED_CASES.values()], ids=list(SHARED_CASES)
)
def test_a_language_file_problem_is_reported_exactly(
    folder: Path, text: str, shown: list[str]
) -> None:
    (folder / "_language.yaml").write_text(text, encoding="utf-8")
    assert rendered(folder, VALID) == [lines(*shown)]


def test_the_rules_still_load_when_the_language_file_has_problems(folder: Path) -> None:
    (folder / "_language.yaml").write_text("filers: {}\n", encoding="utf-8")
    (folder / "dont-know.yaml").write_text(VALID, encoding="utf-8")
    book, problems = load(folder)
    assert len(problems) == 1
    assert book is not None and [r.id for r in book.rules] == ["dont-know"]


def test_a_filler_of_two_words_is_refused(folder: Path) -> None:
    (folder / "_language.yaml").write_text("fillers:\n  en: [really much]\n", encoding="utf-8")
    assert [p.message for p in loaded(folder, VALID)] == ["fillers must be a list of single words"]


# -- which files are rules -----------------------------------------------------------------


def test_rule_files_are_the_yaml_files_not_starting_with_an_underscore_or_a_dot(
    tmp_path: Path,
) -> None:
    for name in [
        "calm.yaml",
        "vague.yml",
        "_language.yaml",
        "_draft.yaml",
        ".calm.yaml",
        ".calm.yaml.1234.tmp",
        "calm.yaml~",
        "calm.yaml.bak",
        "notes.txt",
        "README.md",
    ]:
        (tmp_path / name).write_text("level: info\n", encoding="utf-8")
    (tmp_path / "old.yaml").mkdir()
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "gone.yaml").write_text("level: info\n", encoding="utf-8")
    assert [p.name for p in rule_files(tmp_path)] == ["calm.yaml", "vague.yml"]


def test_rule_files_add_a_new_file_from_the_overlay(tmp_path: Path) -> None:
    (tmp_path / "calm.yaml").write_text("level: info\n", encoding="utf-8")
    overlay = {
        str(tmp_path / "sarcasm.yaml"): "level: info\n",
        str(tmp_path / "_draft.yaml"): "level: info\n",
        str(tmp_path / "elsewhere" / "other.yaml"): "level: info\n",
    }
    assert [p.name for p in rule_files(tmp_path, overlay)] == ["calm.yaml", "sarcasm.yaml"]


def test_files_that_are_not_rules_are_not_loaded(folder: Path) -> None:
    (folder / "dont-know.yaml").write_text(VALID, encoding="utf-8")
    (folder / "_draft.yaml").write_text("not: [valid\n", encoding="utf-8")
    (folder / ".dont-know.yaml").write_text("not: [valid\n", encoding="utf-8")
    book, problems = load(folder)
    assert problems == []
    assert book is not None and [r.id for r in book.rules] == ["dont-know"]


def test_the_overlay_stands_in_for_the_file_on_disk(folder: Path) -> None:
    (folder / "dont-know.yaml").write_text(VALID, encoding="utf-8")
    overlay = {str(folder / "dont-know.yaml"): "level: loud\n" + VALID}
    assert [p.message for p in load(folder, overlay)[1]] == ["unknown level 'loud'"]


def test_a_problem_under_an_old_key_name_names_and_points_at_it(tmp_path: Path) -> None:
    (tmp_path / "calm.yaml").write_text(
        "message: m\nwhy: w\nsuggestion:\n  en: Take your time.\ninstead:\n  en: take your time\n"
        "phrases:\n  en: [relax]\n  uk: [розслабтеся]\n",
        encoding="utf-8",
    )
    problems = [str(p) for p in load(tmp_path)[1] if not p.note]
    assert problems == [
        f"{tmp_path}/calm.yaml:3:1: calm: no suggestion in uk, but the rule has uk phrases\n"
        "  3 | suggestion:\n"
        "    | ^\n"
        "  fix: add `uk:` under suggestion",
        f"{tmp_path}/calm.yaml:5:1: calm: no instead in uk, but the rule has uk phrases\n"
        "  5 | instead:\n"
        "    | ^\n"
        "  fix: add `uk:` under instead",
    ]


def test_an_unknown_replace_mode_is_named_with_the_ones_there_are(folder: Path) -> None:
    (shown,) = rendered(folder, VALID + "replace: clauses\n")
    assert "unknown replace 'clauses' (did you mean \"clause\"?)" in shown
    assert "fix: use one of: span, clause" in shown
