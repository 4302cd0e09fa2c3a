"""rules.yaml: its problems exactly as `phrasebot lint` shows them, what it reads, and where it
is found."""

from pathlib import Path

import pytest

from bot import config
from bot.model import ChannelSetting, Level, RuleSetting, Settings
from bot.problems import Problem
from tests.conftest import ROOT


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run from tmp_path, so problems name "rules.yaml" as a lead would type it."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def loaded(text: str) -> tuple[Settings, list[Problem]]:
    Path("rules.yaml").write_text(text, encoding="utf-8")
    return config.load("rules.yaml")


def rendered(text: str) -> list[str]:
    return [str(p) for p in loaded(text)[1]]


def lines(*shown: str) -> str:
    return "\n".join(shown)


# -- problems ------------------------------------------------------------------------------

# (the rules.yaml text, the one problem it has)
CASES = {
    "unknown key": (
        "phrasebok: phrasebook\n",
        'rules.yaml:1:1: -: unknown key "phrasebok" (did you mean "phrasebook"?)',
        "  1 | phrasebok: phrasebook",
        "    | ^",
        "  fix: use one of: phrasebook, languages, min_level, rules, channels, knowledge, index,"
        " store, leads, tips_per_hour, log_text, check_seconds, meaning, database",
    ),
    "not a mapping": (
        "- min_level: info\n",
        "rules.yaml:1:1: -: rules.yaml must be a mapping",
        "  1 | - min_level: info",
        "    | ^",
        "  fix: write `key: value` lines, e.g. `min_level: warning`",
    ),
    "languages not a list": (
        "languages: {en: yes}\n",
        "rules.yaml:1:12: -: languages must be a list",
        "  1 | languages: {en: yes}",
        "    |            ^",
        "  fix: write e.g. `languages: [en, uk, ru, he, hy]`",
    ),
    "unknown min_level": (
        "min_level: warn\n",
        "rules.yaml:1:12: -: unknown level 'warn' (did you mean \"warning\"?)",
        "  1 | min_level: warn",
        "    |            ^",
        "  fix: use one of: info, warning, error",
    ),
    "rules not a mapping": (
        "rules: [hurry-up]\n",
        "rules.yaml:1:8: -: rules must be a mapping of rule id to a level or off",
        "  1 | rules: [hurry-up]",
        "    |        ^",
        "  fix: write e.g. `hurry-up: error`",
    ),
    "a rule's unknown level": (
        "rules:\n  hurry-up: eror\n",
        "rules.yaml:2:13: hurry-up: unknown level 'eror' (did you mean \"error\"?)",
        "  2 |   hurry-up: eror",
        "    |             ^",
        "  fix: use one of: info, warning, error, or off",
    ),
    "a rule's level that is not text": (
        "rules:\n  hurry-up: 3\n",
        "rules.yaml:2:13: hurry-up: unknown level 3",
        "  2 |   hurry-up: 3",
        "    |             ^",
        "  fix: use one of: info, warning, error, or off",
    ),
    "channels not a mapping": (
        "channels: [C0123]\n",
        "rules.yaml:1:11: -: channels must be a mapping of channel id to settings",
        "  1 | channels: [C0123]",
        "    |           ^",
        '  fix: write e.g. `C0123ABCD: {min_level: error}` or `"*": {tips: false}`',
    ),
    "not a channel id": (
        "channels:\n  general: off\n",
        'rules.yaml:2:3: -: "general" is not a channel id',
        "  2 |   general: off",
        "    |   ^",
        '  fix: use the id from the channel\'s details (C…), or "*" for every channel',
    ),
    "a channel's settings not a mapping": (
        "channels:\n  C0123: 3\n",
        "rules.yaml:2:10: -: a channel's settings must be a mapping, or off",
        "  2 |   C0123: 3",
        "    |          ^",
        "  fix: write e.g. `{tips: true, min_level: warning}`",
    ),
    "unknown channel key": (
        "channels:\n  C0123: {tip: false}\n",
        'rules.yaml:2:11: -: unknown channel key "tip" (did you mean "tips"?)',
        "  2 |   C0123: {tip: false}",
        "    |           ^",
        "  fix: use one of: tips, min_level",
    ),
    "a channel's tips not true or false": (
        "channels:\n  C0123: {tips: maybe}\n",
        "rules.yaml:2:17: -: tips must be true or false",
        "  2 |   C0123: {tips: maybe}",
        "    |                 ^",
        "  fix: write `tips: false`",
    ),
    "a channel's unknown min_level": (
        'channels:\n  "*": {min_level: loud}\n',
        "rules.yaml:2:20: -: unknown level 'loud'",
        '  2 |   "*": {min_level: loud}',
        "    |                    ^",
        "  fix: use one of: info, warning, error",
    ),
    "leads not Slack ids": (
        "leads: [U0123ABCD, alice]\n",
        "rules.yaml:1:8: -: leads must be a list of Slack user ids (U…, W…) or user group ids (S…)",
        "  1 | leads: [U0123ABCD, alice]",
        "    |        ^",
        "  fix: write e.g. `leads: [U0123ABCD, S0456EFGH]` (profile > ⋮ > Copy member ID)",
    ),
    "leads not a list": (
        "leads: {alice: U0123ABCD}\n",
        "rules.yaml:1:8: -: leads must be a list of Slack user ids (U…, W…) or user group ids (S…)",
        "  1 | leads: {alice: U0123ABCD}",
        "    |        ^",
        "  fix: write e.g. `leads: [U0123ABCD, S0456EFGH]` (profile > ⋮ > Copy member ID)",
    ),
    "tips_per_hour below 0": (
        "tips_per_hour: -1\n",
        "rules.yaml:1:16: -: tips_per_hour must be a whole number, got -1",
        "  1 | tips_per_hour: -1",
        "    |                ^",
        "  fix: write e.g. `tips_per_hour: 10`, or 0 for no cap",
    ),
    "tips_per_hour true": (
        "tips_per_hour: true\n",
        "rules.yaml:1:16: -: tips_per_hour must be a whole number, got True",
        "  1 | tips_per_hour: true",
        "    |                ^",
        "  fix: write e.g. `tips_per_hour: 10`, or 0 for no cap",
    ),
    "tips_per_hour not a number": (
        "tips_per_hour: 2.5\n",
        "rules.yaml:1:16: -: tips_per_hour must be a whole number, got 2.5",
        "  1 | tips_per_hour: 2.5",
        "    |                ^",
        "  fix: write e.g. `tips_per_hour: 10`, or 0 for no cap",
    ),
    "check_seconds zero": (
        "check_seconds: 0\n",
        "rules.yaml:1:16: -: check_seconds must be a number of seconds above 0, got 0",
        "  1 | check_seconds: 0",
        "    |                ^",
        "  fix: write e.g. `check_seconds: 5`",
    ),
    "check_seconds not a number": (
        "check_seconds: soon\n",
        "rules.yaml:1:16: -: check_seconds must be a number of seconds above 0, got 'soon'",
        "  1 | check_seconds: soon",
        "    |                ^",
        "  fix: write e.g. `check_seconds: 5`",
    ),
    "log_text not true or false": (
        "log_text: sometimes\n",
        "rules.yaml:1:11: -: log_text must be true or false",
        "  1 | log_text: sometimes",
        "    |           ^",
        "  fix: write `log_text: false`",
    ),
    "an empty path": (
        "phrasebook: ''\n",
        "rules.yaml:1:13: -: phrasebook must be a path",
        "  1 | phrasebook: ''",
        "    |             ^",
        "  fix: write e.g. `phrasebook: phrasebook`",
    ),
    "a path that is not text": (
        "store: [a.sqlite]\n",
        "rules.yaml:1:8: -: store must be a path",
        "  1 | store: [a.sqlite]",
        "    |        ^",
        "  fix: write e.g. `store: .phrasebot/phrasebot.sqlite`",
    ),
    "a YAML syntax error": (
        "min_level: info\nrules: {hurry-up: error\nleads: []\n",
        "rules.yaml:3:6: -: not valid YAML: did not find expected ',' or '}'",
        "  3 | leads: []",
        "    |      ^",
        "  fix: fix the YAML syntax on that line",
    ),
}


@pytest.mark.parametrize(("text", "shown"), [(t, s) for t, *s in CASES.values()], ids=list(CASES))
def test_a_problem_is_reported_exactly(here: Path, text: str, shown: list[str]) -> None:
    assert rendered(text) == [lines(*shown)]


@pytest.mark.parametrize("key", ["knowledge", "index"])
def test_every_path_key_must_be_a_path(here: Path, key: str) -> None:
    assert [p.message for p in loaded(f"{key}: 3\n")[1]] == [f"{key} must be a path"]


def test_an_unknown_language_is_named_with_did_you_mean(here: Path) -> None:
    [problem] = loaded("languages: [en, eng]\n")[1]
    assert (problem.rule, problem.message, problem.fix) == (
        "-",
        'unknown language "eng" (did you mean "en"?)',
        "use some of: en, uk, ru, he, hy",
    )


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("languages: [en, eng]\n", ("rules.yaml:1:17:", "  1 | languages: [en, eng]", 16)),
        ("languages:\n  - en\n  - eng\n", ("rules.yaml:3:5:", "  3 |   - eng", 4)),
    ],
)
def test_an_unknown_language_points_at_itself(
    here: Path, text: str, shown: tuple[str, str, int]
) -> None:
    where, quote, caret = shown
    assert rendered(text) == [
        lines(
            f'{where} -: unknown language "eng" (did you mean "en"?)',
            quote,
            "    | " + " " * caret + "^",
            "  fix: use some of: en, uk, ru, he, hy",
        )
    ]


@pytest.mark.parametrize("text", ["min_level: off\n", "channels:\n  C0123: {min_level: off}\n"])
def test_the_fix_for_a_min_level_offers_only_what_min_level_takes(here: Path, text: str) -> None:
    [problem] = loaded(text)[1]
    assert problem.fix == "use one of: info, warning, error"


def test_a_file_that_is_not_utf8_is_reported_on_line_1(here: Path) -> None:
    Path("rules.yaml").write_bytes(b"min_level: caf\xe9\n")
    [problem] = config.load("rules.yaml")[1]
    assert (
        problem.headline
        == "rules.yaml:1: -: the file is not UTF-8 text (invalid continuation byte)"
    )


def test_a_missing_file_is_reported_with_a_fix(here: Path) -> None:
    assert [str(p) for p in config.load("gone.yaml")[1]] == [
        "gone.yaml:1: -: cannot read the file: No such file or directory\n  fix: check --config"
    ]


def test_every_problem_is_reported_not_just_the_first(here: Path) -> None:
    problems = loaded("min_level: loud\nlog_text: maybe\ntips_per_hour: -1\n")[1]
    assert sorted(p.line for p in problems) == [1, 2, 3]


def test_a_value_with_a_problem_is_read_as_its_default(here: Path) -> None:
    settings, _ = loaded("min_level: loud\ntips_per_hour: -1\nlog_text: maybe\nlanguages: {}\n")
    assert (settings.min_level, settings.tips_per_hour, settings.log_text, settings.languages) == (
        Level.INFO,
        10,
        False,
        ("en", "uk", "ru", "he", "hy"),
    )


# -- unknown rules -------------------------------------------------------------------------


def test_a_rule_the_phrasebook_does_not_have_is_reported_at_its_key(here: Path) -> None:
    settings, problems = loaded("rules:\n  hury-up: off\n  calm-down: error\n")
    assert problems == []
    assert [str(p) for p in config.unknown_rules(settings, ["hurry-up", "calm-down"])] == [
        lines(
            'rules.yaml:2:3: hury-up: no rule "hury-up" in the phrasebook (did you mean "hurry-up"?)',
            "  2 |   hury-up: off",
            "    |   ^",
            "  fix: use a rule id from the phrasebook folder (its file name)",
        )
    ]


def test_unknown_rules_are_placed_in_the_overlay_s_text(here: Path) -> None:
    Path("rules.yaml").write_text("rules: {}\n", encoding="utf-8")
    overlay = {"rules.yaml": "min_level: info\nrules:\n  sarcasm: off\n"}
    settings, _ = config.load("rules.yaml", overlay)
    [problem] = config.unknown_rules(settings, ["hurry-up"], overlay)
    assert (problem.line, problem.column, problem.source) == (3, 3, "  sarcasm: off")


def test_without_a_rules_yaml_no_rule_is_unknown() -> None:
    settings = Settings(rules={"sarcasm": RuleSetting(off=True)})
    assert config.unknown_rules(settings, ["hurry-up"]) == []


# -- what it reads -------------------------------------------------------------------------


def test_a_single_language_may_be_written_without_brackets(here: Path) -> None:
    settings, problems = loaded("languages: uk\n")
    assert (settings.languages, problems) == (("uk",), [])


def test_an_unknown_language_is_left_out(here: Path) -> None:
    assert loaded("languages: [en, eng, he]\n")[0].languages == ("en", "he")


def test_rule_entries_are_a_level_off_or_both(here: Path) -> None:
    settings, problems = loaded(
        "rules:\n"
        "  hurry-up: error\n"
        "  calm-down: off\n"
        "  flat-no: false\n"
        "  hostile: {level: info}\n"
        '  legal-threat: {level: error, "off": true}\n'
        "  dont-know: {off: true}\n"
    )
    assert problems == []
    assert settings.rules == {
        "hurry-up": RuleSetting(level=Level.ERROR),
        "calm-down": RuleSetting(off=True),
        "flat-no": RuleSetting(off=True),
        "hostile": RuleSetting(level=Level.INFO),
        "legal-threat": RuleSetting(level=Level.ERROR, off=True),
        "dont-know": RuleSetting(off=True),
    }


def test_channels_are_read_with_off_as_no_tips(here: Path) -> None:
    settings, problems = loaded(
        'channels:\n  C0123: off\n  "*": {min_level: error}\n  G0456: {tips: false}\n'
    )
    assert problems == []
    assert settings.channels == {
        "C0123": ChannelSetting(tips=False),
        "*": ChannelSetting(min_level=Level.ERROR),
        "G0456": ChannelSetting(tips=False),
    }


def test_leads_may_be_users_or_user_groups_and_one_may_stand_alone(here: Path) -> None:
    assert loaded("leads: [U0123ABCD, W0456, S0789]\n")[0].leads == ("U0123ABCD", "W0456", "S0789")
    assert loaded("leads: U0123ABCD\n")[0].leads == ("U0123ABCD",)


def test_paths_are_relative_to_the_file(tmp_path: Path) -> None:
    path = tmp_path / "conf" / "rules.yaml"
    path.parent.mkdir()
    path.write_text("phrasebook: ../book\nstore: /var/lib/phrasebot.sqlite\n", encoding="utf-8")
    settings, _ = config.load(path)
    assert (settings.phrasebook, settings.knowledge, settings.store, settings.path) == (
        str(tmp_path / "book"),
        str(tmp_path / "conf" / "knowledge"),
        "/var/lib/phrasebot.sqlite",
        str(path),
    )


def test_an_empty_file_is_every_default(here: Path) -> None:
    settings, problems = loaded("")
    assert problems == []
    assert settings == Settings(
        phrasebook=str(here / "phrasebook"),
        knowledge=str(here / "knowledge"),
        index=str(here / ".phrasebot/knowledge.sqlite"),
        store=str(here / ".phrasebot/phrasebot.sqlite"),
        path="rules.yaml",
    )


def test_the_overlay_stands_in_for_the_file(here: Path) -> None:
    Path("rules.yaml").write_text("min_level: info\n", encoding="utf-8")
    settings, _ = config.load("rules.yaml", {"rules.yaml": "min_level: error\n"})
    assert settings.min_level == Level.ERROR


# -- where it is found ---------------------------------------------------------------------


@pytest.fixture
def nowhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No rules.yaml in the working folder, the checkout or the install prefix."""
    for name in ("cwd", "checkout", "installed"):
        (tmp_path / name).mkdir()
    monkeypatch.chdir(tmp_path / "cwd")
    monkeypatch.setattr(config, "SOURCE_ROOT", tmp_path / "checkout")
    monkeypatch.setattr(config, "INSTALLED_ROOT", tmp_path / "installed")
    return tmp_path


def test_a_given_path_wins_even_when_the_working_folder_has_one(nowhere: Path) -> None:
    (nowhere / "cwd" / "rules.yaml").write_text("", encoding="utf-8")
    assert config.find("elsewhere/my-rules.yaml") == Path("elsewhere/my-rules.yaml")


def test_the_working_folder_s_rules_yaml_comes_before_the_checkout_s(nowhere: Path) -> None:
    for name in ("cwd", "checkout", "installed"):
        (nowhere / name / "rules.yaml").write_text("", encoding="utf-8")
    assert config.find() == nowhere / "cwd" / "rules.yaml"


def test_the_checkout_s_rules_yaml_comes_before_the_installed_one(nowhere: Path) -> None:
    for name in ("checkout", "installed"):
        (nowhere / name / "rules.yaml").write_text("", encoding="utf-8")
    assert config.find() == nowhere / "checkout" / "rules.yaml"


def test_the_installed_rules_yaml_is_the_last_resort(nowhere: Path) -> None:
    (nowhere / "installed" / "rules.yaml").write_text("", encoding="utf-8")
    assert config.find() == nowhere / "installed" / "rules.yaml"


def test_a_folder_named_rules_yaml_is_not_a_rules_yaml(nowhere: Path) -> None:
    (nowhere / "cwd" / "rules.yaml").mkdir()
    assert config.find() is None


def test_from_a_folder_without_one_the_checkout_s_own_is_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert config.find() == ROOT / "rules.yaml"


def test_settings_for_reads_the_rules_yaml_of_the_working_folder(nowhere: Path) -> None:
    (nowhere / "cwd" / "rules.yaml").write_text("min_level: error\n", encoding="utf-8")
    settings, problems = config.settings_for()
    assert (settings.min_level, settings.path, problems) == (
        Level.ERROR,
        str(nowhere / "cwd" / "rules.yaml"),
        [],
    )


def test_settings_for_returns_the_file_s_problems(nowhere: Path) -> None:
    (nowhere / "cwd" / "rules.yaml").write_text("min_level: loud\n", encoding="utf-8")
    assert [p.message for p in config.settings_for()[1]] == ["unknown level 'loud'"]


def test_settings_for_a_phrasebook_folder_overrides_the_file_s(nowhere: Path) -> None:
    (nowhere / "rules.yaml").write_text("phrasebook: book\nmin_level: error\n", encoding="utf-8")
    settings, _ = config.settings_for(nowhere / "rules.yaml", "other/book")
    assert (settings.phrasebook, settings.min_level) == ("other/book", Level.ERROR)


def test_without_any_rules_yaml_every_default_with_the_folders_beside_the_package(
    nowhere: Path,
) -> None:
    (nowhere / "checkout" / "phrasebook").mkdir()
    settings, problems = config.settings_for()
    assert problems == []
    assert settings == Settings(
        phrasebook=str(nowhere / "checkout" / "phrasebook"),
        knowledge=str(nowhere / "checkout" / "knowledge"),
        index=str(nowhere / "checkout" / ".phrasebot/knowledge.sqlite"),
        store=str(nowhere / "checkout" / ".phrasebot/phrasebot.sqlite"),
    )


def test_without_any_rules_yaml_or_checkout_the_folders_are_the_installed_ones(
    nowhere: Path,
) -> None:
    settings, _ = config.settings_for()
    assert settings.phrasebook == str(nowhere / "installed" / "phrasebook")


@pytest.mark.parametrize(
    ("text", "on", "tuning"),
    [
        ("", True, {}),
        ("meaning: on\n", True, {}),
        ("meaning: off\n", False, {}),
        ("meaning: {margin: 0.01, veto: -0.02}\n", True, {"margin": 0.01, "veto": -0.02}),
    ],
)
def test_meaning_is_on_off_or_its_margins(
    tmp_path: Path, text: str, on: bool, tuning: dict[str, float]
) -> None:
    (tmp_path / "rules.yaml").write_text(text, encoding="utf-8")
    settings, problems = config.settings_for(tmp_path / "rules.yaml")
    assert problems == []
    assert (settings.meaning, settings.meaning_tuning) == (on, tuning)


def test_a_wrong_meaning_setting_is_named(tmp_path: Path) -> None:
    (tmp_path / "rules.yaml").write_text("meaning: {margn: 1, veto: soon}\n", encoding="utf-8")
    _, problems = config.settings_for(tmp_path / "rules.yaml")
    assert [p.headline.split(": ", 2)[-1] for p in problems] == [
        'unknown key "margn" in meaning (did you mean "margin"?)',
        "meaning veto must be a number",
    ]
