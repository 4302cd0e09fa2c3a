"""The command line, run in-process through main() with captured output."""

import io
import json
import shutil
import sys
from pathlib import Path

import pytest

from bot.cli.main import main
from tests.conftest import ROOT, SMALL


def run(capsys: pytest.CaptureFixture[str], *argv: str, stdin: str = "") -> tuple[int, str, str]:
    old = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        code = main(list(argv))
    finally:
        sys.stdin = old
    out, err = capsys.readouterr()
    return code, out, err


def test_jsonl_gives_one_line_per_input_in_order(capsys: pytest.CaptureFixture[str]) -> None:
    lines = [
        {"id": "a", "text": "idk why"},
        {"id": 2, "text": "All done!"},
        {"id": "c", "text": ""},
    ]
    stdin = (
        "\n".join(json.dumps(x) for x in lines) + "\n\nnot json\n" + json.dumps({"id": "d"}) + "\n"
    )
    code, out, _ = run(capsys, "check", "--phrasebook", str(SMALL), "--jsonl", "-", stdin=stdin)
    answers = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    assert [a["id"] for a in answers] == ["a", 2, "c", None, "d"]
    first = answers[0]
    assert first["lang"] == "en"
    assert first["rewrite"] == "Let me find out why"
    assert {k: first["findings"][0][k] for k in ("rule", "start", "end", "match", "severity")} == {
        "rule": "dont-know",
        "start": 0,
        "end": 3,
        "match": "idk",
        "severity": "warning",
    }
    assert first["findings"][0]["suggestion"] == "Let me find out for you."
    assert answers[1] == {
        "id": 2,
        "lang": "en",
        "findings": [],
        "rewrite": "All done!",
        "alternatives": [],
    }
    assert answers[3]["error"].startswith("line 5 is not JSON")
    assert answers[4]["error"] == 'line 6 needs a "text" string'


def test_check_shows_marks_why_suggestion_and_rewrite(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "check", "--phrasebook", str(SMALL), "--color", "never", "Honestly, idk."
    )
    assert code == 1  # found something, as linters say
    assert out == (
        "Honestly, [[idk]].\n\n"
        '1. warning dont-know: A dead-end "I don\'t know"\n'
        "   flagged: 'idk' (characters 10-13)\n"
        "   why:     It tells the customer they have reached a dead end.\n"
        "   better:  Let me find out for you.\n\n"
        "Rewrite:\n  Honestly, let me find out.\n"
    )


def test_check_reads_a_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_text("Relax, it's fine.", encoding="utf-8")
    _, out, _ = run(capsys, "check", "--phrasebook", str(SMALL), "--color", "never", str(draft))
    assert out.startswith("[[Relax]], it's fine.")


def test_check_a_clean_draft(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "check", "--phrasebook", str(SMALL), "Thanks, it's sorted.")
    assert out == "Thanks, it's sorted.\n\n✓ Nothing to change (en).\n"


def test_a_broken_phrasebook_is_reported_without_a_traceback(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "bad.yaml").write_text("level: [\n", encoding="utf-8")
    code, _, err = run(capsys, "check", "--phrasebook", str(tmp_path), "idk")
    assert code == 2
    assert "bad.yaml:2:1: bad: not valid YAML" in err
    assert "Traceback" not in err


def test_lint_passes_a_sound_phrasebook(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "lint", str(SMALL))
    assert code == 0
    assert out.startswith("ok: 4 rules, ")


def test_lint_reports_every_planted_mistake_with_file_and_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    book = tmp_path / "phrasebook"
    shutil.copytree(SMALL, book)
    know = book / "dont-know.yaml"
    text = know.read_text(encoding="utf-8")
    text = text.replace("level: warning", "level: warnng")  # line 1: bad level
    text = text.replace("why:", "whyy: x\nwhy:")  # line 3: unknown key
    text = text.replace(
        "  en: [let me know]", "  en: [let me know]\n  xx: [hm]"
    )  # unknown language
    text = text.replace(
        "    good: [Let me know if it works.]",
        "    good: [Let me know if it works., I don't know.]",
    )
    know.write_text(text, encoding="utf-8")
    calm = book / "calm.yaml"
    calm.write_text(
        calm.read_text(encoding="utf-8").replace("[relax,", "[relax, no idea,"), encoding="utf-8"
    )
    (book / "vague.yaml").write_text(
        (book / "vague.yaml")
        .read_text(encoding="utf-8")
        .replace("cue: concrete-time", "cue: concrete-tme"),
        encoding="utf-8",
    )
    (book / "broken.yaml").write_text("level: info\nmessage: [oops\n", encoding="utf-8")
    (tmp_path / "rules.yaml").write_text(
        "phrasebook: phrasebook\nrules:\n  calmm: off\nmin_levl: info\n", encoding="utf-8"
    )

    code, out, _ = run(capsys, "lint", "--config", str(tmp_path / "rules.yaml"))
    assert code == 1
    problems = [line for line in out.splitlines() if line.strip() and not line.startswith(" ")]
    expected = [
        f"{book}/broken.yaml:3:1: broken: not valid YAML",
        f"{book}/dont-know.yaml:1:8: dont-know: unknown level 'warnng' (did you mean \"warning\"?)",
        f'{book}/dont-know.yaml:3:1: dont-know: unknown key "whyy" (did you mean "why"?)',
        f'{book}/dont-know.yaml:22:3: dont-know: unknown language "xx" in exceptions',
        f'{book}/vague.yaml:14:11: vague: unknown cue "concrete-tme" (did you mean "concrete-time"?)',
        f'{tmp_path}/rules.yaml:4:1: -: unknown key "min_levl" (did you mean "min_level"?)',
        f'{tmp_path}/rules.yaml:3:3: calmm: no rule "calmm" in the phrasebook (did you mean "calm"?)',
    ]
    for line in expected:
        assert any(p.startswith(line) for p in problems), (line, problems)
    assert out.count("  fix: ") == len(problems) - 1  # the closing count line has none
    # each problem quotes its line and points at the column, as Vale's config errors do
    assert "\n  1 | level: warnng\n    |        ^\n" in out


def test_lint_reports_duplicates_and_contradicting_examples(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    book = tmp_path / "phrasebook"
    shutil.copytree(SMALL, book)
    calm = book / "calm.yaml"
    calm.write_text(
        calm.read_text(encoding="utf-8").replace("[relax,", "[relax, no idea,"), encoding="utf-8"
    )
    know = book / "dont-know.yaml"
    know.write_text(
        know.read_text(encoding="utf-8").replace(
            "good: [Let me know if it works.]", "good: [Let me know if it works., I do not know.]"
        ),
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "lint", str(book))
    assert code == 1
    assert (
        f'{book}/dont-know.yaml:15:22: dont-know: phrase "no idea" (en) is listed also by rule "calm" (line 7)'
        in out
    )
    assert (
        f'{know}:24:38: dont-know: good example is flagged by its own rule: "I do not know." (en) matches "I do not know"'
        in out
    )


def test_demo_runs(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "demo", "--phrasebook", str(SMALL))
    assert code == 0
    assert "Rewrite:" in out and "SLACK_BOT_TOKEN" in out


def test_lint_notes_old_key_names_and_still_passes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    book = tmp_path / "phrasebook"
    shutil.copytree(SMALL, book)
    calm = book / "calm.yaml"
    calm.write_text(
        calm.read_text(encoding="utf-8").replace("better_wording:", "suggestion:"),
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "lint", str(book))
    assert code == 0
    assert out.startswith(
        f'{calm}:4:1: calm: note: "suggestion" is the old name of "better_wording"\n'
        "  4 | suggestion: {en: I understand this is frustrating.}\n"
        "    | ^\n"
        "  fix: rename `suggestion:` to `better_wording:` (it means the same)\n"
    )
    assert out.endswith(f"ok: 4 rules, 15 phrases, 2 examples pass ({book}); 1 note above\n")


def test_lint_refuses_a_key_under_both_its_names(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    book = tmp_path / "phrasebook"
    shutil.copytree(SMALL, book)
    calm = book / "calm.yaml"
    calm.write_text(calm.read_text(encoding="utf-8") + "instead: {en: easy}\n", encoding="utf-8")
    code, out, _ = run(capsys, "lint", str(book))
    assert code == 1
    assert (
        f'{calm}:8:1: calm: "instead" and "replace_with" are the same key under its old and new'
        " name\n" in out
    )
    assert "\n1 problem in " in out


@pytest.mark.parametrize(
    ("argv", "code"),
    [
        (["Thanks, it's sorted."], 0),
        (["Honestly, idk."], 1),
        (["--fail-level", "error", "Honestly, idk."], 0),
        (["--fail-level", "warning", "Honestly, idk."], 1),
    ],
)
def test_check_exits_as_linters_do(
    capsys: pytest.CaptureFixture[str], argv: list[str], code: int
) -> None:
    assert run(capsys, "check", "--phrasebook", str(SMALL), *argv)[0] == code


@pytest.mark.parametrize("arg", ["draft.txt", "notes/draft", "./missing.md"])
def test_check_reports_a_missing_file_as_such(capsys: pytest.CaptureFixture[str], arg: str) -> None:
    code, out, err = run(capsys, "check", "--phrasebook", str(SMALL), arg)
    assert (code, out) == (2, "")
    assert (
        err
        == f"phrasebot check: no such file: {arg}; give a file that exists, or the draft itself\n"
    )


@pytest.mark.parametrize("arg", ["soon.", "3.5", "idk", "e.g."])
def test_check_takes_words_that_name_no_file_as_the_draft(
    capsys: pytest.CaptureFixture[str], arg: str
) -> None:
    code, out, _ = run(capsys, "check", "--phrasebook", str(SMALL), "--color", "never", arg)
    assert code in (0, 1)
    assert out.split("\n")[0].replace("[[", "").replace("]]", "") == arg


def test_check_cut_off_for_time_says_so_and_exits_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    config = tmp_path / "rules.yaml"
    config.write_text(f"phrasebook: {SMALL}\ncheck_seconds: 0.000001\n", encoding="utf-8")

    code, out, err = run(capsys, "check", "--config", str(config), "I don't know. " * 50)

    assert (code, out) == (2, "")
    assert err == "phrasebot: the check was cut off after 1e-06 s, while reading the draft\n"


SIMILAR = "Honestly, I haven't the faintest notion why the parcel went to Leeds."


def test_check_names_a_similar_finding_and_the_sentence_it_sounds_like(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "check", "--color", "never", SIMILAR)

    assert code == 1
    assert '1. warning dont-know: A dead-end "I don\'t know"' in out
    assert "   sounds like: " in out
    assert f"   in:      {SIMILAR!r} (characters 0-{len(SIMILAR)})" in out


def test_check_phrases_only_leaves_the_meaning_tier_out(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "check", "--phrases-only", SIMILAR)

    assert (code, out.splitlines()[-1]) == (0, "✓ Nothing to change (en).")


def test_jsonl_says_how_each_finding_was_made(capsys: pytest.CaptureFixture[str]) -> None:
    lines = json.dumps({"id": 1, "text": SIMILAR + " We'll get back to you soon."}) + "\n"
    code, out, _ = run(capsys, "check", "--jsonl", "-", stdin=lines)
    [answer] = [json.loads(line) for line in out.splitlines()]

    assert code == 0
    assert [(f["rule"], f["how"]) for f in answer["findings"]] == [
        ("dont-know", "similar"),
        ("vague-timeline", "phrase"),
    ]


def test_meaning_embed_writes_the_vectors_of_the_bank(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    book = tmp_path / "phrasebook"
    shutil.copytree(ROOT / "phrasebook", book)
    (book / "meaning" / "_vectors.npz").unlink()
    (book / "meaning" / "dont-know.yaml").write_text(
        "bad:\n  en:\n    - No clue at all, mate.\n", encoding="utf-8"
    )
    for other in (book / "meaning").glob("*.yaml"):
        if other.name != "dont-know.yaml":
            other.unlink()
    config = tmp_path / "rules.yaml"
    config.write_text(f"phrasebook: {book}\nindex: {tmp_path}/index.sqlite\n", encoding="utf-8")

    code, out, _ = run(capsys, "meaning", "embed", "--config", str(config))

    assert code == 0
    assert out.startswith("wrote ") and out.rstrip().endswith("meaning/_vectors.npz")
    assert (book / "meaning" / "_vectors.npz").stat().st_size > 1000
