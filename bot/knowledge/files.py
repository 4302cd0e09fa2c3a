"""Read known fixes from YAML lists and Markdown notes, collecting every problem with its line.

A YAML file is a list of entries (id, title, fix, and optional lang, tags, problem,
alternatives, links). A Markdown file is one entry: YAML front matter between `---` lines, the
fix as its body. Files named README.md, or starting with "." or "_", are not entries.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from bot.model import KEBAB_ID, LANGUAGES, Fix
from bot.problems import Problem, did_you_mean
from bot.yamlfile import Document, YamlError, parse

SUFFIXES = (".yaml", ".yml", ".md")
KEYS = {
    "id": "a unique kebab-case id, e.g. router-red-light",
    "title": "a short title in the words people search for",
    "lang": f"the entry's language: {', '.join(LANGUAGES)} (default en)",
    "tags": "a list of search words",
    "problem": "the symptom, in the customer's words",
    "fix": "the steps that solve it",
    "alternatives": "what to offer when the fix is not possible",
    "links": "a list of links",
}
REQUIRED = ("id", "title", "fix")
LIST_KEYS = ("tags", "alternatives", "links")
MAX_TEXT = 20_000
# "see router-red-light": an id has at least one hyphen, so "see below" is not a reference.
# Ids are lower case and start with a letter, so "see Wi-Fi" and "see 2-3 minutes" are not either.
SEE = re.compile(r"\b[Ss]ee\s+[`'\"]?([a-z][a-z0-9]*(?:-[a-z0-9]+)+)\b(?!-)")
_FRONT = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*\r?\n?", re.DOTALL | re.MULTILINE)


@dataclass(frozen=True)
class FileResult:
    """What one file gave: its entries, its problems, and whether it could be read at all."""

    fixes: tuple[Fix, ...]
    problems: tuple[Problem, ...]
    readable: bool


def entry_files(folder: Path) -> list[Path]:
    """The files of a knowledge folder that hold entries, in a stable order."""
    if not folder.is_dir():
        return []
    return sorted(
        p
        for p in folder.rglob("*")
        if p.suffix.lower() in SUFFIXES
        and p.is_file()
        and p.name.lower() != "readme.md"
        and not any(part.startswith((".", "_")) for part in p.relative_to(folder).parts)
    )


def read_file(path: Path) -> FileResult:
    """Parse one file; a file that is not readable at all gives readable=False."""
    file = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return _unreadable(file, 1, "the file is not UTF-8 text", "save it as UTF-8")
    except OSError as err:
        return _unreadable(
            file, 1, f"cannot read the file: {err.strerror}", "check its permissions"
        )
    if path.suffix.lower() == ".md":
        return _markdown(file, text)
    try:
        doc = parse(text)
    except YamlError as err:
        return FileResult((), (err.problem(file, "-"),), False)
    if doc.value is None:
        return FileResult((), (), True)
    if not isinstance(doc.value, list):
        return _unreadable(
            file, 1, "a knowledge file must be a list of entries", "start each entry with `- id:`"
        )
    fixes: list[Fix] = []
    problems: list[Problem] = []
    for i, item in enumerate(doc.value):
        fix = _entry(file, doc, (i,), item, problems)
        if fix:
            fixes.append(fix)
    return FileResult(tuple(fixes), tuple(problems), True)


def _markdown(file: str, text: str) -> FileResult:
    front = _FRONT.match(text)
    if not front:
        return _unreadable(
            file,
            1,
            "a Markdown entry needs YAML front matter",
            "start the file with ---, then id: and title: lines, then --- and the fix",
        )
    try:
        doc = replace(parse(front.group(1)).shifted(1), text=tuple(text.splitlines()))
    except YamlError as err:
        line = err.line + 1
        source = text.splitlines()[line - 1] if line <= text.count("\n") else ""
        moved = Problem(
            file, line, "-", err.message, "fix the front matter's YAML", err.column, source
        )
        return FileResult((), (moved,), False)
    data = doc.value
    if not isinstance(data, dict):
        return _unreadable(file, 2, "the front matter must be key: value lines", "write `id: …`")
    body = text[front.end() :].strip()
    body_line = text[: front.end()].count("\n") + 1
    problems: list[Problem] = []
    if "fix" in data:
        problems.append(
            doc.problem(
                file,
                ("fix",),
                str(data.get("id", "-")),
                "a Markdown entry's fix is its body, not a fix: key",
                "move the steps below the closing --- and delete the fix: line",
                key=True,
            )
        )
    fix = _entry(file, doc, (), {**data, "fix": body}, problems, body_line=body_line)
    return FileResult((fix,) if fix and not problems else (), tuple(problems), True)


def _entry(
    file: str,
    doc: Document,
    where: tuple[int, ...],
    item: Any,
    problems: list[Problem],
    body_line: int = 0,
) -> Fix | None:
    line = doc.line(*where)
    if not isinstance(item, dict):
        problems.append(
            doc.problem(
                file, where, "-", "an entry must be a mapping", "write `- id: …` then `title: …`"
            )
        )
        return None
    fix_id = item.get("id")
    name = fix_id if isinstance(fix_id, str) and fix_id else "-"
    start = len(problems)

    def problem(key: str | None, message: str, fix: str, *, on_key: bool = False) -> None:
        if key == "fix" and body_line:
            at = body_line
            problems.append(Problem(file, at, name, message, fix, 1, doc.source(at)))
            return
        path: tuple[str | int, ...] = (*where, key) if key else where
        problems.append(doc.problem(file, path, name, message, fix, key=on_key))

    for dup_path, dup_line in doc.duplicates:
        if dup_path[: len(where)] == where and len(dup_path) == len(where) + 1:
            problems.append(
                Problem(
                    file,
                    dup_line,
                    name,
                    f'"{dup_path[-1]}" is written twice',
                    "keep one of them",
                    source=doc.source(dup_line),
                )
            )
    for key in item:
        if key not in KEYS:
            problem(
                key,
                f'unknown key "{key}"{did_you_mean(key, KEYS)}',
                f"use: {', '.join(KEYS)}",
                on_key=True,
            )
    for key in REQUIRED:
        value = item.get(key)
        if not isinstance(value, str) or not value.strip():
            problem(None, f'missing "{key}"', f"add `{key}:` ({KEYS[key]})")
    if isinstance(fix_id, str) and fix_id and not KEBAB_ID.match(fix_id):
        problem("id", f'id "{fix_id}" is not kebab-case', "use lower-case words joined by -")
    for key in ("title", "problem", "fix", "lang"):
        value = item.get(key)
        if value is not None and not isinstance(value, str):
            problem(key, f"{key} must be text", f"write {key}: as one line or a | block")
        elif isinstance(value, str) and len(value) > MAX_TEXT:
            problem(key, f"{key} is longer than {MAX_TEXT} characters", "split the entry")
    lang = item.get("lang", "en")
    if isinstance(lang, str) and lang not in LANGUAGES:
        problem("lang", f'unknown lang "{lang}"{did_you_mean(lang, LANGUAGES)}', "use en, uk, he…")
    lists = {key: _strings(item.get(key), key, problem) for key in LIST_KEYS}
    if len(problems) > start:
        return None
    return Fix(
        id=str(fix_id),
        title=str(item["title"]).strip(),
        fix=str(item["fix"]).strip(),
        problem=str(item.get("problem") or "").strip(),
        lang=str(lang),
        tags=lists["tags"],
        alternatives=lists["alternatives"],
        links=lists["links"],
        file=file,
        line=line,
    )


def _strings(value: Any, key: str, problem: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, (str, int, float)) for v in value):
        problem(key, f"{key} must be a list of text", f"write `{key}: [one, two]`")
        return ()
    return tuple(str(v).strip() for v in value if str(v).strip())


def _unreadable(file: str, line: int, message: str, fix: str) -> FileResult:
    return FileResult((), (Problem(file, line, "-", message, fix),), False)


def cross_check(fixes: Iterable[Fix]) -> list[Problem]:
    """Ids used twice and "see <id>" references to ids that do not exist."""
    problems: list[Problem] = []
    first: dict[str, Fix] = {}
    everything = list(fixes)
    for fix in everything:
        if fix.id in first:
            other = first[fix.id]
            problems.append(
                Problem(
                    fix.file,
                    fix.line,
                    fix.id,
                    f"duplicate id, first used at {other.file}:{other.line}",
                    "give one of the two entries another id",
                )
            )
        else:
            first[fix.id] = fix
    return problems + broken_references(everything)


def references(fix: Fix) -> list[str]:
    """The ids an entry's fix and alternatives point to with "see <id>", in order."""
    return [ref for text in (fix.fix, *fix.alternatives) for ref in SEE.findall(text)]


def broken_references(fixes: Sequence[Fix]) -> list[Problem]:
    """ "see <id>" references to ids that no entry has."""
    ids = {fix.id for fix in fixes}
    return [
        Problem(
            fix.file,
            fix.line,
            fix.id,
            f'"see {ref}" names no entry{did_you_mean(ref, ids)}',
            "use the id of an existing entry, or reword the reference",
        )
        for fix in fixes
        for ref in references(fix)
        if ref not in ids
    ]


def load(folder: Path) -> tuple[list[Fix], list[Problem]]:
    """Every entry of a folder and every problem, including duplicates and broken references."""
    fixes: list[Fix] = []
    problems: list[Problem] = []
    if not folder.is_dir():
        return [], [
            Problem(
                str(folder), 1, "-", "no such folder", "create it, or set knowledge: in rules.yaml"
            )
        ]
    for path in entry_files(folder):
        result = read_file(path)
        fixes += result.fixes
        problems += result.problems
    return fixes, problems + cross_check(fixes)
