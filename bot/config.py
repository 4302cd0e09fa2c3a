"""Find and read rules.yaml: which phrasebook, languages, levels, channels, stores and leads.

The settings come from --config if given, else ./rules.yaml, else the rules.yaml of a source
checkout, else the copy an installed wheel carries (share/phrasebot/ under the install prefix).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from bot.model import (
    LANGUAGES,
    LEVEL_NAMES,
    ChannelSetting,
    Level,
    RuleSetting,
    Settings,
)
from bot.problems import Problem, did_you_mean
from bot.yamlfile import YamlError, read

KEYS = {
    "phrasebook": "the phrasebook folder, relative to this file",
    "languages": "the languages checked",
    "min_level": "the lowest level reported: info, warning or error",
    "rules": "per rule: a level, or off",
    "channels": 'per channel id (or "*" for all): tips on or off, and a min_level',
    "knowledge": "the folder of known fixes, relative to this file",
    "index": "the knowledge search index (SQLite), relative to this file",
    "store": "the SQLite file for counts, feedback, mutes and the audit log",
    "leads": "Slack user ids (U…) or user group ids (S…) who may edit the phrasebook from Slack",
    "tips_per_hour": "the most tips one agent gets per hour after posting (0: no cap)",
    "log_text": "true to log message text (for debugging; off by default)",
    "check_seconds": "a draft's check still running after this many seconds is cut off",
    "meaning": "the meaning tier: on, off, or its margins ({margin: 0.01, veto: -0.02})",
    "database": "a postgresql:// URL: the store many workers share (PHRASEBOT_DATABASE_URL wins)",
}
MEANING_KEYS = ("margin", "short_margin", "ridge_margin", "veto")
CHANNEL_KEYS = ("tips", "min_level")
FILE = "rules.yaml"
SOURCE_ROOT = Path(__file__).resolve().parent.parent  # a checkout: bot/ beside rules.yaml
INSTALLED_ROOT = Path(sys.prefix) / "share" / "phrasebot"  # pyproject's data-files


def find(given: str | Path | None = None) -> Path | None:
    """--config if given, else ./rules.yaml, else the project's own (a checkout or a wheel)."""
    if given:
        return Path(given)
    for root in (Path.cwd(), SOURCE_ROOT, INSTALLED_ROOT):
        if (root / FILE).is_file():
            return root / FILE
    return None


def settings_for(
    config_path: str | Path | None = None, phrasebook_dir: str | Path | None = None
) -> tuple[Settings, list[Problem]]:
    """The settings a command runs with, and the problems of rules.yaml."""
    path = find(config_path)
    settings, problems = load(path) if path else (_defaults(), [])
    if phrasebook_dir:
        settings = replace(settings, phrasebook=str(phrasebook_dir))
    return settings, problems


def _defaults() -> Settings:
    """No rules.yaml anywhere: every default, with the folders beside the package."""
    plain = Settings()
    root = SOURCE_ROOT if (SOURCE_ROOT / plain.phrasebook).is_dir() else INSTALLED_ROOT
    return Settings(
        phrasebook=str(root / plain.phrasebook),
        knowledge=str(root / plain.knowledge),
        index=str(root / plain.index),
        store=str(root / plain.store),
    )


def load(
    path: Path | str, overlay: Mapping[str, str] | None = None
) -> tuple[Settings, list[Problem]]:
    """Read a rules.yaml; on any problem the defaults fill in and the problems are returned.

    `overlay` maps file paths to text that stands in for the file (a lead's edit being checked).
    """
    path = Path(path)
    file = str(path)
    try:
        doc = read(path, overlay)
    except YamlError as err:
        return Settings(path=file), [err.problem(file, "-")]
    except OSError as err:
        return Settings(path=file), [
            Problem(file, 1, "-", f"cannot read the file: {err.strerror}", "check --config")
        ]
    data = doc.value or {}
    problems: list[Problem] = []

    def problem(
        where: tuple[str | int, ...], rule: str, message: str, fix: str, *, key: bool = False
    ) -> None:
        problems.append(doc.problem(file, where, rule, message, fix, key=key))

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
                key=True,
            )

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
                ("languages", i),
                "-",
                f'unknown language "{lang}"{did_you_mean(str(lang), LANGUAGES)}',
                f"use some of: {', '.join(LANGUAGES)}",
                key=True,
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
                _level(value["level"], ("rules", rule_id), rule_id, problem, off=True)
                if "level" in value
                else None
            )
            # YAML 1.1 reads a bare `off:` key as false, which arrives here as "False"
            off = value.get("off", value.get("False"))
            rules[rule_id] = RuleSetting(level=level, off=off in (True, "off"))
        else:
            rules[rule_id] = RuleSetting(
                level=_level(value, ("rules", rule_id), rule_id, problem, off=True)
            )
    channels = _channels(data.get("channels"), problem)
    here = path.parent

    def where(key: str, default: str) -> str:
        value = data.get(key, default)
        if not isinstance(value, str) or not value.strip():
            problem((key,), "-", f"{key} must be a path", f"write e.g. `{key}: {default}`")
            value = default
        return str(Path(value) if Path(value).is_absolute() else (here / value).resolve())

    leads = data.get("leads") or []
    if isinstance(leads, str):
        leads = [leads]
    if not isinstance(leads, list) or not all(
        isinstance(x, str) and re.match(r"^[UWS][A-Z0-9]+$", x) for x in leads
    ):
        problem(
            ("leads",),
            "-",
            "leads must be a list of Slack user ids (U…, W…) or user group ids (S…)",
            "write e.g. `leads: [U0123ABCD, S0456EFGH]` (profile > ⋮ > Copy member ID)",
        )
        leads = [x for x in leads if isinstance(x, str)] if isinstance(leads, list) else []
    cap = data.get("tips_per_hour", 10)
    if not isinstance(cap, int) or isinstance(cap, bool) or cap < 0:
        problem(
            ("tips_per_hour",),
            "-",
            f"tips_per_hour must be a whole number, got {cap!r}",
            "write e.g. `tips_per_hour: 10`, or 0 for no cap",
        )
        cap = 10
    log_text = data.get("log_text", False)
    if not isinstance(log_text, bool):
        problem(("log_text",), "-", "log_text must be true or false", "write `log_text: false`")
        log_text = False
    database = data.get("database", "")
    if database is None:
        database = ""
    if not isinstance(database, str) or (
        database and not database.startswith(("postgresql://", "postgres://"))
    ):
        problem(
            ("database",),
            "-",
            "database must be a postgresql:// URL",
            "write e.g. `database: postgresql://phrasebot@db.internal:5432/phrasebot`, or leave "
            "it out to keep the SQLite `store`",
        )
        database = ""
    budget = data.get("check_seconds", 5.0)
    if not isinstance(budget, int | float) or isinstance(budget, bool) or not budget > 0:
        problem(
            ("check_seconds",),
            "-",
            f"check_seconds must be a number of seconds above 0, got {budget!r}",
            "write e.g. `check_seconds: 5`",
        )
        budget = 5.0
    meaning, tuning = _meaning(data.get("meaning", True), problem)
    settings = Settings(
        phrasebook=where("phrasebook", "phrasebook"),
        languages=tuple(lang for lang in languages if lang in LANGUAGES),
        min_level=min_level,
        rules=rules,
        channels=channels,
        knowledge=where("knowledge", "knowledge"),
        index=where("index", ".phrasebot/knowledge.sqlite"),
        store=where("store", ".phrasebot/phrasebot.sqlite"),
        database=database.strip(),
        leads=tuple(leads),
        tips_per_hour=cap,
        log_text=log_text,
        check_seconds=float(budget),
        meaning=meaning,
        meaning_tuning=tuning,
        path=file,
    )
    return settings, problems


def _meaning(value: Any, problem: Any) -> tuple[bool, dict[str, float]]:
    """`meaning: on|off`, or a mapping of its margins (which turns it on)."""
    if value in (True, "on"):
        return True, {}
    if value in (False, "off"):
        return False, {}
    if not isinstance(value, dict):
        problem(
            ("meaning",),
            "-",
            f"meaning must be on, off or a mapping of margins, got {value!r}",
            "write `meaning: on`, `meaning: off`, or e.g. `meaning: {margin: 0.01}`",
        )
        return True, {}
    tuning = {}
    for key, number in value.items():
        if key not in MEANING_KEYS:
            problem(
                ("meaning", key),
                "-",
                f'unknown key "{key}" in meaning{did_you_mean(str(key), MEANING_KEYS)}',
                f"use one of: {', '.join(MEANING_KEYS)}",
                key=True,
            )
        elif not isinstance(number, int | float) or isinstance(number, bool):
            problem(("meaning", key), "-", f"meaning {key} must be a number", "e.g. 0.01")
        else:
            tuning[key] = float(number)
    return True, tuning


def unknown_rules(
    settings: Settings, rule_ids: Iterable[str], overlay: Mapping[str, str] | None = None
) -> list[Problem]:
    """Rules named in rules.yaml that the phrasebook does not have."""
    known = set(rule_ids)
    if not settings.path:
        return []
    try:
        doc = read(Path(settings.path), overlay)
    except (YamlError, OSError):
        return []
    return [
        doc.problem(
            settings.path,
            ("rules", rid),
            rid,
            f'no rule "{rid}" in the phrasebook{did_you_mean(rid, known)}',
            "use a rule id from the phrasebook folder (its file name)",
            key=True,
        )
        for rid in settings.rules
        if rid not in known
    ]


def _channels(value: Any, problem: Any) -> dict[str, ChannelSetting]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        problem(
            ("channels",),
            "-",
            "channels must be a mapping of channel id to settings",
            'write e.g. `C0123ABCD: {min_level: error}` or `"*": {tips: false}`',
        )
        return {}
    out = {}
    for cid, raw in value.items():
        cid = str(cid)
        if cid != "*" and not re.match(r"^[CDG][A-Z0-9]+$", cid):
            problem(
                ("channels", cid),
                "-",
                f'"{cid}" is not a channel id',
                'use the id from the channel\'s details (C…), or "*" for every channel',
                key=True,
            )
        if raw is False or raw == "off":
            out[cid] = ChannelSetting(tips=False)
            continue
        if not isinstance(raw, dict):
            problem(
                ("channels", cid),
                "-",
                "a channel's settings must be a mapping, or off",
                "write e.g. `{tips: true, min_level: warning}`",
            )
            continue
        for key in raw:
            if key not in CHANNEL_KEYS:
                problem(
                    ("channels", cid, key),
                    "-",
                    f'unknown channel key "{key}"{did_you_mean(str(key), CHANNEL_KEYS)}',
                    f"use one of: {', '.join(CHANNEL_KEYS)}",
                    key=True,
                )
        tips = raw.get("tips", True)
        if not isinstance(tips, bool):
            problem(
                ("channels", cid, "tips"), "-", "tips must be true or false", "write `tips: false`"
            )
            tips = True
        level = (
            _level(raw["min_level"], ("channels", cid, "min_level"), "-", problem)
            if "min_level" in raw
            else None
        )
        out[cid] = ChannelSetting(tips=tips, min_level=level)
    return out


def _level(
    value: Any, where: tuple[str | int, ...], rule: str, problem: Any, *, off: bool = False
) -> Level | None:
    """A level name as a Level; `off` says whether the key may also be off (a rule's may)."""
    if isinstance(value, str) and value.lower() in LEVEL_NAMES:
        return Level.parse(value)
    problem(
        where,
        rule,
        f"unknown level {value!r}{did_you_mean(str(value), LEVEL_NAMES)}",
        f"use one of: {', '.join(LEVEL_NAMES)}" + (", or off" if off else ""),
    )
    return None
