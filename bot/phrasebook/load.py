"""Load a phrasebook folder: one rule per YAML file (the shared _language.yaml: language.py).

Every problem is collected, not just the first, and each names file, line and rule with a
`fix:` a lead can act on. Matching-level checks (phrases that match nothing, a phrase listed by
two rules, examples that contradict their rule) happen when the engine compiles the rules.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.model import (
    KEBAB_ID,
    LEVEL_NAMES,
    REPLACE_MODES,
    Example,
    Level,
    Phrasebook,
    RewriteSpec,
    Rule,
)
from bot.phrasebook import bank, language
from bot.phrasebook.reader import SHARED_FILE, Reader, read_yaml, shown
from bot.problems import Problem, blocking, did_you_mean


@dataclass(frozen=True)
class Key:
    """One key of a rule file. This table is the one source: phrasebook/README.md shows it
    (a test keeps the two the same) and lint's "did you mean" and "missing" come from it."""

    name: str
    what: str
    required: bool = False


KEYS = (
    Key("level", "`info`, `warning` or `error`; `warning` when left out"),
    Key("message", "one line: what was flagged", required=True),
    Key("why", "why a customer should not hear it, in words an agent accepts", required=True),
    Key(
        "better_wording",
        "per language: the better way to say it, a whole sentence, shown to the agent",
        required=True,
    ),
    Key(
        "replace_with",
        "per language: the words the rewrite puts in place of the flagged ones, so they must"
        " fit mid-sentence; a phrase may carry its own (`- beats me: let me find out`)",
        required=True,
    ),
    Key(
        "phrases",
        "per language (en, uk, ru, he, hy): what an agent should not write",
        required=True,
    ),
    Key(
        "replace",
        "`span` (replace_with stands for the flagged words; the default) or `clause` (for"
        " the whole clause around them: a wording that is a clause of its own)",
    ),
    Key(
        "rewrites",
        "per language: `- {from: draft, to: its rewrite}` pairs the rewrite must give exactly",
    ),
    Key("exceptions", "per language: harmless wordings that must not fire"),
    Key("unless", "cues that cancel the rule nearby: `- {cue: concrete-time, scope: sentence}`"),
    Key("examples", "per language: `bad` ones the rule must flag, `good` ones no rule may flag"),
    Key("alternatives", "`true` to offer known fixes from `knowledge/` with every finding"),
    Key(
        "veto",
        '`false` when the phrases are wrong whatever the sentence is about ("as per my last'
        ' message", then facts): the meaning tier never drops their findings',
    ),
    Key("link", "the guideline behind the rule"),
    Key("owner", "who looks after the rule"),
    Key("reviewed", "when it was last read, as YYYY-MM-DD"),
)
RULE_KEYS = {key.name: key.what for key in KEYS}
REQUIRED = tuple(key.name for key in KEYS if key.required)
# Older names still read, with a note saying what to rename them to.
RENAMED = {"suggestion": "better_wording", "instead": "replace_with"}


def rule_files(folder: Path, overlay: Mapping[str, str] | None = None) -> list[Path]:
    """The rule files of a phrasebook folder, in order: every *.yaml or *.yml not starting
    with "_" (shared files) or "." (hidden and temporary files). `overlay` may add new ones."""
    found = {p for p in folder.glob("*.y*ml")} | {Path(p) for p in overlay or ()}
    return sorted(
        p
        for p in found
        if p.parent == folder
        and p.suffix in (".yaml", ".yml")
        and not p.name.startswith(("_", "."))
        and (p.is_file() or str(p) in (overlay or {}))
    )


def load(
    folder: Path | str, overlay: Mapping[str, str] | None = None
) -> tuple[Phrasebook | None, list[Problem]]:
    """Read every rule in `folder`; return the phrasebook (None if unusable) and all problems.

    `overlay` maps file paths to text that stands in for the file on disk (a lead's edit).
    """
    folder = Path(folder)
    if not folder.is_dir():
        return None, [
            Problem(
                str(folder),
                1,
                "-",
                "phrasebook folder not found",
                "pass --phrasebook DIR with the rule files",
            )
        ]
    problems: list[Problem] = []
    shared = language.Shared()
    path = folder / SHARED_FILE
    if path.exists() or str(path) in (overlay or {}):
        shared, problems = language.load(path, overlay)
    cue_names = tuple(c.name for c in shared.cues)
    rules = []
    for path in rule_files(folder, overlay):
        rule, found = _load_rule(path, cue_names, overlay)
        problems += found
        if rule:
            rules.append(rule)
    if not rules and not problems:
        problems.append(
            Problem(
                str(folder),
                1,
                "-",
                "no rules found",
                "add one YAML file per rule, e.g. dont-know.yaml",
            )
        )
    samples, found = bank.load(folder, tuple(r.id for r in rules), overlay)
    problems += found
    book = Phrasebook(
        tuple(rules), shared.cues, shared.fillers, str(folder), shared.context, samples
    )
    return book, problems


def _load_rule(
    path: Path, cue_names: tuple[str, ...], overlay: Mapping[str, str] | None
) -> tuple[Rule | None, list[Problem]]:
    rule_id = path.stem
    doc, problems = read_yaml(path, rule_id, overlay)
    if doc is None:
        return None, problems
    r = Reader(str(path), doc, rule_id)
    if not KEBAB_ID.match(rule_id):
        r.problem(
            (),
            f'"{rule_id}" is not a usable rule id',
            "name the file in lower case with dashes, e.g. dont-know.yaml",
        )
    for key_path, line in doc.duplicates:
        r.problems.append(
            Problem(
                r.file,
                line,
                rule_id,
                f'"{key_path[-1]}" is written twice',
                "keep one of them",
                source=doc.source(line),
            )
        )
    data, written = _renamed(r, r.mapping(doc.value, (), "a rule file"))
    r.unknown_keys(data, (), RULE_KEYS, f"use one of: {', '.join(RULE_KEYS)}")
    for key in REQUIRED:
        if key not in data:
            r.problem((), f'missing "{key}"', f"add `{key}:` ({RULE_KEYS[key]})")
    level = _level(r, data.get("level", "warning"))
    message = r.text(data.get("message", "-"), ("message",), "message")
    why = r.text(data.get("why", "-"), ("why",), "why")
    # A key still under its old name is told about, and pointed at, as it is written.
    better = _texts(r, data.get("better_wording", {}), written["better_wording"])
    replace_with = _texts(r, data.get("replace_with", {}), written["replace_with"])
    phrases = r.phrase_list(data.get("phrases", {}), ("phrases",), "phrases")
    exceptions = r.phrase_list(data.get("exceptions", {}), ("exceptions",), "exceptions")
    unless = r.unless_list(data.get("unless", []), ("unless",), cue_names)
    examples = _examples(r, data.get("examples", {}))
    replace = _replace(r, data.get("replace", "span"))
    rewrites = _rewrites(r, data.get("rewrites", {}))
    for lang in sorted({p.lang for p in phrases}):
        for key, given in (("better_wording", better), ("replace_with", replace_with)):
            if lang not in given and key in data:
                name = written[key]
                r.problem(
                    (name,),
                    f"no {name} in {lang}, but the rule has {lang} phrases",
                    f"add `{lang}:` under {name}",
                )
    optional = {key: _optional_text(r, data, key) for key in ("link", "owner", "reviewed")}
    if optional["reviewed"] and not re.match(r"^\d{4}-\d{2}-\d{2}$", optional["reviewed"]):
        r.problem(
            ("reviewed",),
            f"reviewed must be a date, got {optional['reviewed']!r}",
            "write it as YYYY-MM-DD",
        )
    alternatives = _flag(
        r, data, "alternatives", False, "write `alternatives: true` to offer known fixes"
    )
    veto = _flag(
        r, data, "veto", True, "write `veto: false` to keep every phrase finding of the rule"
    )
    if blocking(r.problems) or level is None or not message or not why:
        return None, r.problems
    rule = Rule(
        id=rule_id,
        level=level,
        message=message,
        why=why,
        better_wording=better,
        replace_with=replace_with,
        phrases=phrases,
        exceptions=exceptions,
        unless=unless,
        examples=examples,
        replace=replace,
        rewrites=rewrites,
        alternatives=alternatives,
        veto=veto,
        file=str(path),
        line=1,
        **optional,
    )
    return rule, r.problems


def _renamed(r: Reader, data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """Read a key written under its old name as the new one, with a note to rename it.

    Returns the data under the new names, and for each renamed key the name the file uses.
    """
    written = {new: new for new in RENAMED.values()}
    if not any(old in data for old in RENAMED):
        return data, written
    out = dict(data)
    for old, new in RENAMED.items():
        if old not in data:
            continue
        if new in data:
            r.problem(
                (old,),
                f'"{old}" and "{new}" are the same key under its old and new name',
                f"keep {new}: only",
                key=True,
            )
            del out[old]
            continue
        r.problems.append(
            r.doc.problem(
                r.file,
                (old,),
                r.rule,
                f'"{old}" is the old name of "{new}"',
                f"rename `{old}:` to `{new}:` (it means the same)",
                key=True,
                note=True,
            )
        )
        out[new] = out.pop(old)
        written[new] = old
    return out, written


def _level(r: Reader, value: Any) -> Level | None:
    if isinstance(value, str) and value.lower() in LEVEL_NAMES:
        return Level.parse(value)
    r.problem(
        ("level",),
        f"unknown level {value!r}{did_you_mean(str(value), LEVEL_NAMES)}",
        f"use one of: {', '.join(LEVEL_NAMES)}",
    )
    return None


def _texts(r: Reader, value: Any, key: str) -> dict[str, str]:
    out = {}
    for lang, text in r.per_language(value, (key,), key).items():
        checked = r.text(text, (key, lang), f"{key} ({lang})")
        if checked:
            out[lang] = checked
    return out


def _replace(r: Reader, value: Any) -> str:
    if isinstance(value, str) and value in REPLACE_MODES:
        return value
    r.problem(
        ("replace",),
        f"unknown replace {value!r}{did_you_mean(str(value), REPLACE_MODES)}",
        f"use one of: {', '.join(REPLACE_MODES)}",
    )
    return "span"


def _rewrites(r: Reader, value: Any) -> tuple[RewriteSpec, ...]:
    out = []
    for lang, items in r.per_language(value, ("rewrites",), "rewrites").items():
        if not isinstance(items, list):
            items = [items]
        for i, item in enumerate(items):
            path = ("rewrites", lang, i)
            pair = item if isinstance(item, dict) else {}
            text, to = pair.get("from"), pair.get("to")
            if set(pair) == {"from", "to"} and isinstance(text, str) and isinstance(to, str):
                out.append(RewriteSpec(text, to, lang, r.doc.line(*path), r.doc.column(*path)))
            else:
                r.problem(
                    path,
                    f"a rewrite must be a from/to pair of texts, got {shown(item)}",
                    "write it as `- {from: the draft, to: its rewrite}`",
                )
    return tuple(out)


def _flag(r: Reader, data: dict[str, Any], key: str, default: bool, fix: str) -> bool:
    """A true-or-false key; the default, with a problem, when it is anything else."""
    value = data.get(key, default)
    if isinstance(value, bool):
        return value
    r.problem((key,), f"{key} must be true or false, got {value!r}", f"{fix}, or leave the key out")
    return default


def _optional_text(r: Reader, data: dict[str, Any], key: str) -> str | None:
    if data.get(key) is None:
        return None
    return r.text(data[key], (key,), key)


def _examples(r: Reader, value: Any) -> tuple[Example, ...]:
    out = []
    for lang, sides in r.per_language(value, ("examples",), "examples").items():
        sides = r.mapping(sides, ("examples", lang), f"examples ({lang})")
        for side, items in sides.items():
            if side not in ("bad", "good"):
                r.problem(
                    ("examples", lang, side),
                    f'unknown example kind "{side}"{did_you_mean(side, ("bad", "good"))}',
                    "use bad: and good:",
                    key=True,
                )
                continue
            if not isinstance(items, list):
                items = [items]
            for i, text in enumerate(items):
                path = ("examples", lang, side, i)
                if isinstance(text, str) and text.strip():
                    out.append(
                        Example(text, lang, side == "bad", r.doc.line(*path), r.doc.column(*path))
                    )
                else:
                    r.problem(
                        path,
                        f"example must be text, got {shown(text)}",
                        "write the example as a quoted sentence",
                    )
    return tuple(out)
