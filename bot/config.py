"""Read rules.yaml: which phrasebook, which languages, rule levels or off, minimum level."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from bot.model import LANGUAGES, LEVEL_NAMES, Level, Problem, RuleSetting, Settings
from bot.phrasebook import did_you_mean
from bot.yamlfile import YamlError, read

KEYS = {
    "phrasebook": "the phrasebook folder, relative to this file",
    "languages": "the languages checked",
    "min_level": "the lowest level reported: info, warning or error",
    "rules": "per rule: a level, or off",
    "channels": "per-channel settings (used by the Slack app)",
}


def load(path: Path | str) -> tuple[Settings, list[Problem]]:
    """Read a rules.yaml; on any problem the defaults fill in and the problems are returned."""
    path = Path(path)
    file = str(path)
    try:
        doc = read(path)
    except YamlError as err:
        return Settings(path=file), [
            Problem(file, err.line, "-", err.message, "fix the YAML syntax on that line")
        ]
    except OSError as err:
        return Settings(path=file), [
            Problem(file, 1, "-", f"cannot read the file: {err.strerror}", "check --config")
        ]
    data = doc.value or {}
    problems: list[Problem] = []

    def problem(where: tuple[str, ...], rule: str, message: str, fix: str) -> None:
        problems.append(Problem(file, doc.line(*where), rule, message, fix))

    if not isinstance(data, dict):
        problem(
            (),
            "-",
            "rules.yaml must be a mapping",
            "write `key: value` lines, e.g. `min_level: warning`",
        )
        return Settings(path=file), problems
    for key in data:
        if key not in KEYS:
            problem(
                (key,),
                "-",
                f'unknown key "{key}"{did_you_mean(key, KEYS)}',
                f"use one of: {', '.join(KEYS)}",
            )

    folder = data.get("phrasebook", "phrasebook")
    if not isinstance(folder, str):
        problem(
            ("phrasebook",),
            "-",
            "phrasebook must be a folder name",
            "write e.g. `phrasebook: phrasebook`",
        )
        folder = "phrasebook"
    languages = data.get("languages", list(LANGUAGES))
    if isinstance(languages, str):
        languages = [languages]
    if not isinstance(languages, list):
        problem(
            ("languages",),
            "-",
            "languages must be a list",
            f"write e.g. `languages: [{', '.join(LANGUAGES)}]`",
        )
        languages = list(LANGUAGES)
    for i, lang in enumerate(languages):
        if lang not in LANGUAGES:
            problem(
                ("languages", str(i)),
                "-",
                f'unknown language "{lang}"{did_you_mean(str(lang), LANGUAGES)}',
                f"use some of: {', '.join(LANGUAGES)}",
            )
    min_level = _level(data.get("min_level", "info"), ("min_level",), "-", problem) or Level.INFO
    rules = {}
    raw_rules = data.get("rules") or {}
    if not isinstance(raw_rules, dict):
        problem(
            ("rules",),
            "-",
            "rules must be a mapping of rule id to a level or off",
            "write e.g. `hurry-up: error`",
        )
        raw_rules = {}
    for rule_id, value in raw_rules.items():
        if value is False or value == "off":
            rules[rule_id] = RuleSetting(off=True)
        elif isinstance(value, dict):
            level = (
                _level(value["level"], ("rules", rule_id), rule_id, problem)
                if "level" in value
                else None
            )
            rules[rule_id] = RuleSetting(level=level, off=value.get("off") in (True, "off"))
        else:
            rules[rule_id] = RuleSetting(level=_level(value, ("rules", rule_id), rule_id, problem))
    channels = data.get("channels") or {}
    if not isinstance(channels, dict):
        problem(
            ("channels",),
            "-",
            "channels must be a mapping of channel id to settings",
            "write e.g. `C0123: {min_level: error}`",
        )
        channels = {}
    settings = Settings(
        phrasebook=str((path.parent / folder).resolve())
        if not Path(folder).is_absolute()
        else folder,
        languages=tuple(lang for lang in languages if lang in LANGUAGES),
        min_level=min_level,
        rules=rules,
        channels=channels,
        path=file,
    )
    return settings, problems


def unknown_rules(settings: Settings, rule_ids: Iterable[str]) -> list[Problem]:
    """Rules named in rules.yaml that the phrasebook does not have."""
    known = set(rule_ids)
    if not settings.path:
        return []
    try:
        doc = read(Path(settings.path))
    except (YamlError, OSError):
        return []
    return [
        Problem(
            settings.path,
            doc.line("rules", rid),
            rid,
            f'no rule "{rid}" in the phrasebook{did_you_mean(rid, known)}',
            "use a rule id from the phrasebook folder (its file name)",
        )
        for rid in settings.rules
        if rid not in known
    ]


def _level(value: Any, where: tuple[str, ...], rule: str, problem: Any) -> Level | None:
    if isinstance(value, str) and value.lower() in LEVEL_NAMES:
        return Level.parse(value)
    problem(
        where,
        rule,
        f"unknown level {value!r}{did_you_mean(str(value), LEVEL_NAMES)}",
        f"use one of: {', '.join(LEVEL_NAMES)}, or off",
    )
    return None
