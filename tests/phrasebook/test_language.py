"""The shared file, _language.yaml: fillers and cues listed twice are caught by lint."""

from pathlib import Path

from bot.phrasebook.load import load

RULE = """\
message: m
why: w
better_wording: {en: Let me check.}
replace_with: {en: let me check}
phrases: {en: [no idea]}
"""


def problems_of(tmp_path: Path, shared: str) -> list[str]:
    (tmp_path / "_language.yaml").write_text(shared, encoding="utf-8")
    (tmp_path / "dont-know.yaml").write_text(RULE, encoding="utf-8")
    return [str(p) for p in load(tmp_path)[1]]


def test_a_filler_listed_twice(tmp_path: Path) -> None:
    shared = "fillers:\n  en:\n    - really\n    - just\n    - Really\n"
    assert problems_of(tmp_path, shared) == [
        f'{tmp_path}/_language.yaml:5:7: -: filler "Really" (en) is listed twice (first on line 3)\n'
        "  5 |     - Really\n"
        "    |       ^\n"
        "  fix: keep one of them"
    ]


def test_a_cue_phrase_listed_twice(tmp_path: Path) -> None:
    shared = "cues:\n  soon:\n    phrases:\n      en: [by noon, today, By  noon]\n"
    assert problems_of(tmp_path, shared) == [
        f'{tmp_path}/_language.yaml:4:28: cue soon: cue phrase "By  noon" (en) is listed twice'
        " (first on line 4)\n"
        "  4 |       en: [by noon, today, By  noon]\n"
        "    |                            ^\n"
        "  fix: keep one of them"
    ]


def test_the_same_words_in_two_languages_are_not_a_repeat(tmp_path: Path) -> None:
    shared = "fillers:\n  uk: [так, ну]\n  ru: [так, ну]\n"
    assert problems_of(tmp_path, shared) == []


def test_the_shipped_shared_file_lists_block_lists_a_person_can_read() -> None:
    text = (Path(__file__).resolve().parents[2] / "phrasebook" / "_language.yaml").read_text(
        encoding="utf-8"
    )
    assert max(len(line) for line in text.splitlines()) <= 100
    assert not [line for line in text.splitlines() if "[" in line.split("#")[0] and ": [" in line]
