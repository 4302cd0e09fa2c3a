"""Synonyms for the search: the shipped support vocabulary and a team's own.

`bot/data/synonyms.yaml` holds general sets (engineer and technician, relocate and move…);
a team adds its own in `knowledge/_synonyms.yaml`, grouped by language. Each set is folded
as the search folds words, so a set matches every form of its words.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections import defaultdict
from pathlib import Path

from bot.knowledge.terms import search_terms
from bot.problems import Problem
from bot.yamlfile import YamlError, read

SHIPPED = Path(__file__).resolve().parents[1] / "data" / "synonyms.yaml"
TEAM_FILE = "_synonyms.yaml"


def load(
    team_file: Path | None = None, cache: Path | None = None
) -> tuple[dict[str, frozenset[str]], list[Problem]]:
    """The shipped synonym sets plus a team's own (knowledge/_synonyms.yaml), by folded form.

    Folding every word of every set takes a tokenizer per language (most of a second); with
    `cache` (a folder) the table is kept there by the digest of both files and the folding
    code, and read back next time."""
    if cache is None:
        return _load(team_file)
    path = cache / f"synonyms-{_key(team_file)}.pickle"
    try:
        with open(path, "rb") as f:
            kept: tuple[dict[str, frozenset[str]], list[Problem]] = pickle.load(f)
        return kept
    except Exception:  # missing, or written by another version: fold them again
        pass
    table, problems = _load(team_file)
    if not problems:
        try:
            cache.mkdir(parents=True, exist_ok=True)
            for old in cache.glob("synonyms-*.pickle"):
                old.unlink(missing_ok=True)
            fd, scratch = tempfile.mkstemp(dir=cache, suffix=".tmp")
            with os.fdopen(fd, "wb") as f:
                pickle.dump((table, problems), f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(scratch, path)
        except OSError:
            pass  # a cache: the next start folds them again
    return table, problems


def _key(team_file: Path | None) -> str:
    digest = hashlib.blake2b(digest_size=16)
    code = Path(__file__).resolve().parent
    for path in (SHIPPED, team_file, code / "terms.py", code.parent / "check" / "nlp.py"):
        try:
            digest.update(path.read_bytes() if path else b"")
        except OSError:
            digest.update(b"-")
        digest.update(b"\0")
    return digest.hexdigest()


def _load(team_file: Path | None) -> tuple[dict[str, frozenset[str]], list[Problem]]:
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
