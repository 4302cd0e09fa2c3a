"""The meaning bank: meaning/<rule>.yaml read with every problem named, file and line."""

from __future__ import annotations

from pathlib import Path

from bot.phrasebook import bank

RULES = ("dont-know", "calm-down")


def write(folder: Path, name: str, text: str) -> Path:
    (folder / "meaning").mkdir(exist_ok=True)
    path = folder / "meaning" / name
    path.write_text(text, encoding="utf-8")
    return path


def test_samples_are_read_with_their_rule_language_side_and_line(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "dont-know.yaml",
        "# a comment\nbad:\n  en:\n    - No clue.\n  uk:\n    - Гадки не маю.\ngood:\n  en:\n"
        "    - He had no idea.\n",
    )
    samples, problems = bank.load(tmp_path, RULES)

    assert problems == []
    assert [(s.rule, s.lang, s.bad, s.text, s.line) for s in samples] == [
        ("dont-know", "en", True, "No clue.", 4),
        ("dont-know", "uk", True, "Гадки не маю.", 6),
        ("dont-know", "en", False, "He had no idea.", 9),
    ]
    assert samples[0].file == str(path)


def test_files_starting_with_an_underscore_are_not_banks(tmp_path: Path) -> None:
    write(tmp_path, "_vectors.yaml", "not: a bank\n")
    assert bank.bank_files(tmp_path) == []


def test_every_problem_is_named_with_file_and_line(tmp_path: Path) -> None:
    write(tmp_path, "dont-knw.yaml", "bad:\n  en: [x]\n")
    write(
        tmp_path,
        "calm-down.yaml",
        "bad:\n  en:\n    - Relax.\n    - relax.\n    - 3\n  xx:\n    - Relax\ngood:\n  en: Relax\n"
        "goood: {}\n",
    )
    _, problems = bank.load(tmp_path, RULES)
    found = sorted(p.headline.replace(str(tmp_path) + "/meaning/", "") for p in problems)

    assert found == [
        'calm-down.yaml:10:1: calm-down: unknown key "goood" (did you mean "good"?)',
        'calm-down.yaml:4:7: calm-down: sample "relax." is listed twice (first as bad on line 3)',
        "calm-down.yaml:5:7: calm-down: a sample must be a sentence, got int 3",
        'calm-down.yaml:6:3: calm-down: unknown language "xx" in bad',
        "calm-down.yaml:9:7: calm-down: good (en) must be a list",
        'dont-knw.yaml:1:1: dont-knw: no rule "dont-knw" for this meaning bank'
        ' (did you mean "dont-know"?)',
    ]


def test_the_shipped_bank_loads_clean_and_covers_every_rule_in_every_language() -> None:
    folder = Path(__file__).resolve().parents[2] / "phrasebook"
    rules = tuple(p.stem for p in folder.glob("*.yaml") if not p.name.startswith("_"))
    samples, problems = bank.load(folder, rules)

    assert problems == []
    for rule in rules:
        for lang in ("en", "uk", "ru", "he", "hy"):
            bad = [s for s in samples if s.rule == rule and s.lang == lang and s.bad]
            good = [s for s in samples if s.rule == rule and s.lang == lang and not s.bad]
            assert len(bad) >= 30 and len(good) >= 25, (rule, lang, len(bad), len(good))


def test_the_shipped_vectors_cover_the_shipped_bank() -> None:
    """Run `phrasebot meaning embed` after editing the shipped bank: a fresh install (and CI)
    would otherwise embed the new sentences at start-up."""
    from bot.embed.cache import digest, read_seed

    folder = Path(__file__).resolve().parents[2] / "phrasebook"
    rules = tuple(p.stem for p in folder.glob("*.yaml") if not p.name.startswith("_"))
    samples, _ = bank.load(folder, rules)
    seeded = read_seed(folder / bank.FOLDER / bank.SEED_FILE)
    missing = [s.text for s in samples if digest("query", s.text) not in seeded]
    assert missing == []


def test_harmless_yaml_holds_everyday_sentences_of_no_rule(tmp_path: Path) -> None:
    write(tmp_path, "harmless.yaml", "good:\n  en:\n    - I'm checking your account logs now.\n")
    samples, problems = bank.load(tmp_path, RULES)

    assert problems == []
    assert [(s.rule, s.lang, s.bad, s.text, s.line) for s in samples] == [
        ("harmless", "en", False, "I'm checking your account logs now.", 3)
    ]


def test_harmless_yaml_refuses_bad_sentences_and_says_where_they_go(tmp_path: Path) -> None:
    write(tmp_path, "harmless.yaml", "good:\n  en: [Got it.]\nbad:\n  en: [No clue.]\n")
    samples, problems = bank.load(tmp_path, RULES)

    assert [s.text for s in samples] == ["Got it."]
    assert [p.headline.replace(str(tmp_path) + "/meaning/", "") for p in problems] == [
        "harmless.yaml:3:1: harmless: harmless.yaml holds sentences that break no rule:"
        " it has no bad:"
    ]
    assert "meaning/<rule>.yaml" in problems[0].fix
