"""Synonyms for the search: the shipped support vocabulary and a team's own.

`bot/data/synonyms.yaml` holds general sets (engineer and technician, relocate and move…);
a team adds its own in `knowledge/_synonyms.yaml`, grouped by language. Each set is folded
as the search folds words, so a set matches every form of its words.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from bot.knowledge.terms import search_terms
from bot.problems import Problem
from bot.yamlfile import YamlError, read

SHIPPED = Path(__file__).resolve().parents[1] / "data" / "synonyms.yaml"
TEAM_FILE = "_synonyms.yaml"


def load(team_file: Path | None = None) -> tuple[dict[str, frozenset[str]], list[Problem]]:
    """The shipped synonym sets plus a team's own (knowledge/_synonyms.yaml), by folded form."""
    problems: list[Problem] = []
    sets = _read(SHIPPED, problems)
    if team_file and team_file.is_file():
        sets += _read(team_file, problems)
    table: dict[str, set[str]] = defaultdict(set)
    for words in sets:
        forms: set[str] = set()
        for word in words:
            terms = search_terms(word) or [(word.lower(),)]
            forms.update(terms[-1])  # a hyphenated word's last group is its joined form
        for form in forms:
            table[form] |= forms
    return {form: frozenset(others) for form, others in table.items()}, problems


def _read(path: Path, problems: list[Problem]) -> list[list[str]]:
    try:
        doc = read(path)
    except (YamlError, OSError) as err:
        line = err.line if isinstance(err, YamlError) else 1
        problems.append(Problem(str(path), line, "-", str(err), "fix the YAML on that line"))
        return []
    sets = []
    for lang, value in (doc.value or {}).items() if isinstance(doc.value, dict) else ():
        for i, words in enumerate(value if isinstance(value, list) else [value]):
            if isinstance(words, list) and all(isinstance(w, str) for w in words):
                sets.append(words)
            else:
                problems.append(
                    Problem(
                        str(path),
                        doc.line(lang, i),
                        "-",
                        "a synonym set must be a list of words",
                        "write e.g. `- [engineer, technician]` under a language",
                    )
                )
    if doc.value is not None and not isinstance(doc.value, dict):
        problems.append(
            Problem(str(path), 1, "-", "synonyms must be grouped by language", "write `en:` first")
        )
    return sets
