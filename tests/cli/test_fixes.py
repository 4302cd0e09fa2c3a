"""`phrasebot fixes`, `phrasebot kb lint` and `check --jsonl` with alternatives, run through main()."""

import json
import re
from pathlib import Path

import pytest

from tests.cli.test_main import run
from tests.conftest import DATA, ROOT

KB_DATA = DATA / "knowledge"
SMALL_KB = KB_DATA / "small"
BROKEN = KB_DATA / "broken"
SHIPPED = ROOT / "knowledge"


@pytest.fixture
def config(tmp_path: Path) -> str:
    """A rules.yaml for the shipped phrasebook and base whose index lives in tmp_path."""
    path = tmp_path / "rules.yaml"
    path.write_text(
        f"phrasebook: {ROOT / 'phrasebook'}\n"
        f"knowledge: {SHIPPED}\n"
        f"index: {tmp_path / 'state' / 'index.sqlite'}\n"
        f"store: {tmp_path / 'state' / 'store.sqlite'}\n",
        encoding="utf-8",
    )
    return str(path)


def jsonl(*rows: object) -> str:
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)


# -- phrasebot fixes --------------------------------------------------------------------------


def test_fixes_prints_the_best_fix(capsys: pytest.CaptureFixture[str], config: str) -> None:
    code, out, err = run(
        capsys, "fixes", "--config", config, "--kb", str(SMALL_KB), "receipt printer paper jam"
    )
    assert (code, err) == (0, "")
    assert out == (
        "1. Receipt printer paper jam  (printer-paper-jam, en, score 1.00;"
        " words: receipt, printer, paper, jam)\n"
        "   The receipt printer beeps and no paper comes out.\n"
        "\n"
        "   Open the lid, take the roll out and put it back with the paper end facing up.\n"
    )


def test_fixes_joins_the_words_of_an_unquoted_query(
    capsys: pytest.CaptureFixture[str], config: str
) -> None:
    code, out, _ = run(capsys, "fixes", "--config", config, "--kb", str(SMALL_KB), "router", "red")
    assert code == 0
    assert out.startswith(
        "1. Router light is red  (router-red-light, en, score 1.00; words: router, red)\n"
    )


def test_fixes_searches_the_configured_base_without_kb(
    capsys: pytest.CaptureFixture[str], config: str, tmp_path: Path
) -> None:
    code, out, _ = run(capsys, "fixes", "--config", config, "card reader won't turn on")
    assert code == 0
    assert out.startswith("1. Card reader won't turn on or won't charge  (reader-wont-turn-on,")
    assert (tmp_path / "state" / "index.sqlite").is_file()


def test_fixes_with_no_match_says_so_and_exits_1(
    capsys: pytest.CaptureFixture[str], config: str
) -> None:
    code, out, _ = run(capsys, "fixes", "--config", config, "--kb", str(SMALL_KB), "bitcoin wallet")
    assert code == 1
    assert out == (
        "No known fix matches that (5 entries searched). Try other words, or ask a\n"
        f"lead to add one to {SMALL_KB}.\n"
    )


@pytest.mark.parametrize("query", [[], ["  "]])
def test_fixes_without_a_query_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], config: str, query: list[str]
) -> None:
    code, out, err = run(capsys, "fixes", "--config", config, "--kb", str(SMALL_KB), *query)
    assert (code, out) == (2, "")
    assert err == (
        'phrasebot fixes: say what the problem is, e.g. `phrasebot fixes "refund not showing"`\n'
    )


def test_fixes_respects_the_limit(capsys: pytest.CaptureFixture[str], config: str) -> None:
    code, out, _ = run(capsys, "fixes", "--config", config, "--limit", "2", "reader")
    assert code == 0
    assert [line[:3] for line in out.splitlines() if line[:1].isdigit()] == ["1. ", "2. "]


def test_fixes_names_a_missing_kb_folder(
    capsys: pytest.CaptureFixture[str], config: str, tmp_path: Path
) -> None:
    missing = tmp_path / "nowhere"
    with pytest.raises(SystemExit) as exit_:
        run(capsys, "fixes", "--config", config, "--kb", str(missing), "printer")
    assert exit_.value.code == 2
    assert capsys.readouterr().err == (
        f"phrasebot: no knowledge folder at {missing}; check --kb or rules.yaml\n"
    )


def test_fixes_on_a_base_with_problems_lists_them_and_still_answers(
    capsys: pytest.CaptureFixture[str], config: str
) -> None:
    code, out, err = run(capsys, "fixes", "--config", config, "--kb", str(BROKEN), "paper jam")
    assert code == 0
    assert out.startswith(
        "1. Paper jam in the receipt printer  (paper-jam, en, score 1.00; words: paper, jam)\n"
    )
    assert f"{BROKEN / 'syntax.yaml'}:3:6: -: not valid YAML" in err
    assert f'{BROKEN / "entries.yaml"}:2:3: router-red: missing "fix"\n' in err
    assert err.endswith("phrasebot: entries with problems are left out; `phrasebot kb lint`\n")


def test_fixes_lists_the_same_problems_when_the_index_already_exists(
    capsys: pytest.CaptureFixture[str], config: str
) -> None:
    argv = ("fixes", "--config", config, "--kb", str(BROKEN), "paper jam")
    first = run(capsys, *argv)[2]
    assert run(capsys, *argv)[2] == first


# -- phrasebot fixes --jsonl ------------------------------------------------------------------


def test_fixes_jsonl_gives_one_line_per_input_line_in_order(
    capsys: pytest.CaptureFixture[str], config: str
) -> None:
    stdin = (
        jsonl({"id": "a", "query": "receipt printer paper jam"})
        + "not json\n"
        + "\n"
        + jsonl(
            {"id": 3, "query": "bitcoin wallet"},
            {"id": "d"},
            {"query": "router red"},
            [1, 2],
            {"id": "g", "query": 5},
        )
    )
    code, out, _ = run(
        capsys, "fixes", "--config", config, "--kb", str(SMALL_KB), "--jsonl", "-", stdin=stdin
    )
    assert code == 0
    assert [json.loads(line) for line in out.splitlines()] == [
        {
            "id": "a",
            "results": [
                {
                    "id": "printer-paper-jam",
                    "title": "Receipt printer paper jam",
                    "score": 1.0,
                    "lang": "en",
                    "why": {"words": ["receipt", "printer", "paper", "jam"], "meaning": False},
                }
            ],
        },
        {"id": None, "line": 2, "error": "line 2 is not JSON: Expecting value"},
        {"id": 3, "results": []},
        {"id": "d", "line": 5, "error": 'line 5 needs a "query" string'},
        {
            "id": None,
            "results": [
                {
                    "id": "router-red-light",
                    "title": "Router light is red",
                    "score": 1.0,
                    "lang": "en",
                    "why": {"words": ["router", "red"], "meaning": False},
                }
            ],
        },
        {"id": None, "line": 7, "error": 'line 7 needs a "query" string'},
        {"id": "g", "line": 8, "error": 'line 8 needs a "query" string'},
    ]


def test_fixes_jsonl_results_are_best_first_within_the_limit(
    capsys: pytest.CaptureFixture[str], config: str
) -> None:
    stdin = jsonl({"id": 1, "query": "reader"}, {"id": 2, "query": "refund"})
    code, out, _ = run(
        capsys, "fixes", "--config", config, "--limit", "2", "--jsonl", "-", stdin=stdin
    )
    answers = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    assert [len(a["results"]) for a in answers] == [2, 2]
    for answer in answers:
        scores = [r["score"] for r in answer["results"]]
        assert scores == sorted(scores, reverse=True)
        assert all(set(r) == {"id", "title", "score", "lang", "why"} for r in answer["results"])


def test_fixes_jsonl_reads_a_file(
    capsys: pytest.CaptureFixture[str], config: str, tmp_path: Path
) -> None:
    source = tmp_path / "queries.jsonl"
    source.write_text(jsonl({"id": "x", "query": "счет не пришел"}), encoding="utf-8")
    code, out, _ = run(
        capsys, "fixes", "--config", config, "--kb", str(SMALL_KB), "--jsonl", str(source)
    )
    assert code == 0
    assert json.loads(out)["results"][0]["id"] == "ru-bill-missing"


def test_fixes_jsonl_names_a_file_it_cannot_read(
    capsys: pytest.CaptureFixture[str], config: str, tmp_path: Path
) -> None:
    missing = tmp_path / "none.jsonl"
    code, out, err = run(
        capsys, "fixes", "--config", config, "--kb", str(SMALL_KB), "--jsonl", str(missing)
    )
    assert (code, out) == (2, "")
    assert err == f"phrasebot fixes: cannot read {missing}: No such file or directory\n"


def test_fixes_jsonl_survives_an_escaped_lone_surrogate(
    capsys: pytest.CaptureFixture[str], config: str
) -> None:
    stdin = '{"id": 1, "query": "printer \\udcff"}\n' + jsonl({"id": 2, "query": "router red"})
    code, out, _ = run(
        capsys, "fixes", "--config", config, "--kb", str(SMALL_KB), "--jsonl", "-", stdin=stdin
    )
    assert code == 0
    assert [json.loads(line)["id"] for line in out.splitlines()] == [1, 2]


# -- phrasebot kb lint ------------------------------------------------------------------------


def test_kb_lint_lists_every_problem_and_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "kb", "lint", str(BROKEN))
    entries, more = BROKEN / "entries.yaml", BROKEN / "more.yaml"
    note, syntax = BROKEN / "note.md", BROKEN / "syntax.yaml"
    assert code == 1
    assert out == (
        f'{entries}:2:3: router-red: missing "fix"\n'
        "  2 | - id: router-red\n"
        "    |   ^\n"
        "  fix: add `fix:` (the steps that solve it)\n"
        f'{entries}:4:7: printer_jam: id "printer_jam" is not kebab-case\n'
        "  4 | - id: printer_jam\n"
        "    |       ^\n"
        "  fix: use lower-case words joined by -\n"
        f'{entries}:7:3: -: missing "id"\n'
        "  7 | - title: No id here\n"
        "    |   ^\n"
        "  fix: add `id:` (a unique kebab-case id, e.g. router-red-light)\n"
        f'{entries}:11:9: bad-lang: unknown lang "eng" (did you mean "en"?)\n'
        "  11 |   lang: eng\n"
        "     |         ^\n"
        "  fix: use en, uk, he…\n"
        f'{entries}:15:3: typo-key: unknown key "tagz" (did you mean "tags"?)\n'
        "  15 |   tagz: [a]\n"
        "     |   ^\n"
        "  fix: use: id, title, lang, tags, problem, fix, alternatives, links\n"
        f"{entries}:19:9: tags-mapping: tags must be a list of text\n"
        "  19 |   tags: {a: 1}\n"
        "     |         ^\n"
        "  fix: write `tags: [one, two]`\n"
        f'{note}:2:1: note-entry: missing "fix"\n'
        "  2 | id: note-entry\n"
        "    | ^\n"
        "  fix: add `fix:` (the steps that solve it)\n"
        f"{syntax}:3:6: -: not valid YAML: did not find expected ',' or ']'\n"
        "  3 |   fix: x\n"
        "    |      ^\n"
        "  fix: fix the YAML syntax on that line\n"
        f"{more}:5: good-entry: duplicate id, first used at {entries}:21\n"
        "  fix: give one of the two entries another id\n"
        f'{entries}:21: good-entry: "see paper-jams" names no entry (did you mean "paper-jam"?)\n'
        "  fix: use the id of an existing entry, or reword the reference\n"
        "\n"
        f"10 problems in {BROKEN}\n"
    )


def test_kb_lint_on_the_shipped_base_is_ok(capsys: pytest.CaptureFixture[str]) -> None:
    entries = sum(
        line.startswith("- id:")
        for path in SHIPPED.glob("*.yaml")
        if not path.name.startswith("_")
        for line in path.read_text(encoding="utf-8").splitlines()
    ) + sum(1 for path in SHIPPED.glob("*.md") if path.name != "README.md")
    code, out, _ = run(capsys, "kb", "lint", str(SHIPPED))
    assert (code, out) == (0, f"ok: {entries} known fixes ({SHIPPED})\n")


def test_kb_lint_defaults_to_the_configured_folder(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text(f"knowledge: {SMALL_KB}\n", encoding="utf-8")
    code, out, _ = run(capsys, "kb", "lint", "--config", str(path))
    assert (code, out) == (0, f"ok: 5 known fixes ({SMALL_KB})\n")


def test_kb_build_indexes_the_base_and_says_so(
    capsys: pytest.CaptureFixture[str], config: str
) -> None:
    code, out, err = run(capsys, "kb", "build", "--config", config, str(SMALL_KB))
    assert (code, err) == (0, "")
    assert re.fullmatch(
        r"ok: 5 known fixes indexed, searched by words alone \(PHRASEBOT_MEANING=off\)"
        rf" \({re.escape(str(SMALL_KB))}, \d+\.\d s\)\n",
        out,
    )


def test_kb_build_gives_every_entry_its_vectors(
    capsys: pytest.CaptureFixture[str], config: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PHRASEBOT_MEANING", "on")
    code, out, _ = run(capsys, "kb", "build", "--config", config, str(SMALL_KB))
    assert code == 0
    assert out.startswith("ok: 5 known fixes indexed, every one with its vectors (5) (")
    code, out, _ = run(capsys, "fixes", "--config", config, "--kb", str(SMALL_KB), "printer jam")
    assert code == 0
    assert re.fullmatch(
        r"1\. Receipt printer paper jam  \(printer-paper-jam, en, score 0\.\d\d;"
        r" words: printer, jam \+ similar meaning\)",
        out.splitlines()[0],
    )


def test_kb_lint_of_a_missing_folder_says_so(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    missing = tmp_path / "nowhere"
    code, out, _ = run(capsys, "kb", "lint", str(missing))
    assert code == 1
    assert out == (
        f"{missing}:1: -: no such folder\n"
        "  fix: create it, or set knowledge: in rules.yaml\n"
        "\n"
        f"1 problem in {missing}\n"
    )


# -- phrasebot check with alternatives --------------------------------------------------------


def test_check_jsonl_adds_alternatives_for_the_context(
    capsys: pytest.CaptureFixture[str], config: str
) -> None:
    stdin = jsonl(
        {
            "id": 1,
            "text": "Sorry, that is not possible.",
            "context": "My card reader battery dies by lunchtime",
        },
        {"id": 2, "text": "Thanks, all sorted.", "context": "My card reader battery dies"},
        {"id": 3, "text": "We will fix it soon.", "context": "My card reader battery dies"},
        {"id": 4, "text": "Sorry, that is not possible.", "context": 5},
    )
    code, out, _ = run(capsys, "check", "--config", config, "--jsonl", "-", stdin=stdin)
    answers = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    assert [a["id"] for a in answers] == [1, 2, 3, 4]
    assert [f["rule"] for f in answers[0]["findings"]] == ["flat-no"]
    assert [a["alternatives"] for a in answers] == [
        [{"id": "reader-battery-drains", "title": "Reader battery runs out during the day"}],
        [],
        [],
        [],
    ]


def test_check_jsonl_without_a_knowledge_folder_has_no_alternatives_key(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text(
        f"phrasebook: {ROOT / 'phrasebook'}\nknowledge: {tmp_path / 'none'}\n"
        f"index: {tmp_path / 'index.sqlite'}\n",
        encoding="utf-8",
    )
    stdin = jsonl({"id": 1, "text": "Sorry, that is not possible.", "context": "battery dies"})
    code, out, _ = run(capsys, "check", "--config", str(path), "--jsonl", "-", stdin=stdin)
    assert code == 0
    assert "alternatives" not in json.loads(out)


def test_check_with_context_prints_the_known_fixes(
    capsys: pytest.CaptureFixture[str], config: str
) -> None:
    code, out, _ = run(
        capsys,
        "check",
        "--config",
        config,
        "--color",
        "never",
        "--context",
        "My card reader battery dies by lunchtime",
        "Sorry, that is not possible.",
    )
    assert code == 1  # the draft was flagged
    assert out.endswith(
        "\nKnown fixes that may help:\n"
        "1. Reader battery runs out during the day  (reader-battery-drains, en, score 0.69;"
        " words: card, reader, battery, lunchtime)\n"
        "   The card reader is fully charged in the morning but the battery is dead by lunchtime.\n"
    )
