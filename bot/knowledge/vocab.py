"""The base's vocabulary, kept in the index: how many entries hold each form, and typo keys.

Both change with the entries, inside the index's transaction, by the forms of the entries that
came and went: an edit costs what it changed, and opening a base reads nothing of it. A search
asks only for the forms of its own query.

Typo keys are the forms with one letter deleted (and the form itself): two words one edit apart
share a key, so a misspelt word finds its candidates with one lookup of its own keys.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Iterable, Sequence

MIN_TYPO_LENGTH = 5  # a word shorter than this is never taken for a typo
CHUNK = 500  # SQLite variables per statement

SCHEMA_SQL = """
CREATE TABLE df (term TEXT PRIMARY KEY, docs INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE typo_keys (key TEXT NOT NULL, term TEXT NOT NULL, PRIMARY KEY (key, term))
    WITHOUT ROWID;
"""


def apply(db: sqlite3.Connection, delta: Counter[str]) -> None:
    """Add the change in entry counts per form (negative for entries gone); call inside the
    index's transaction."""
    change = {term: n for term, n in delta.items() if n}
    if not change:
        return
    before = counts(db, list(change))
    after = {term: before.get(term, 0) + n for term, n in change.items()}
    gone = [term for term, n in after.items() if n <= 0 and term in before]
    new = [term for term, n in after.items() if n > 0 and term not in before]
    db.executemany("DELETE FROM df WHERE term = ?", [(t,) for t in gone])
    db.executemany(
        "INSERT OR REPLACE INTO df (term, docs) VALUES (?, ?)",
        [(t, n) for t, n in after.items() if n > 0],
    )
    db.executemany(
        "DELETE FROM typo_keys WHERE key = ? AND term = ?",
        [(k, t) for t in gone if _typo_term(t) for k in keys(t)],
    )
    db.executemany(
        "INSERT OR IGNORE INTO typo_keys (key, term) VALUES (?, ?)",
        [(k, t) for t in new if _typo_term(t) for k in keys(t)],
    )


def counts(db: sqlite3.Connection, forms: Sequence[str]) -> dict[str, int]:
    """In how many entries each form occurs, for the forms the base has."""
    found: dict[str, int] = {}
    unique = list(dict.fromkeys(forms))
    for start in range(0, len(unique), CHUNK):
        chunk = unique[start : start + CHUNK]
        marks = ",".join("?" * len(chunk))
        found.update(db.execute(f"SELECT term, docs FROM df WHERE term IN ({marks})", chunk))
    return found


def near(db: sqlite3.Connection, word: str) -> list[str]:
    """The base's forms that share a typo key with the word (at most two edits away)."""
    wanted = sorted(keys(word))
    marks = ",".join("?" * len(wanted))
    rows = db.execute(f"SELECT DISTINCT term FROM typo_keys WHERE key IN ({marks})", wanted)
    return sorted(term for (term,) in rows)


def keys(word: str) -> set[str]:
    """The word with each letter deleted in turn, and the word itself."""
    return {word[:i] + word[i + 1 :] for i in range(len(word))} | {word}


def _typo_term(term: str) -> bool:
    return len(term) >= MIN_TYPO_LENGTH - 1 and not term.isdigit()


def entry_forms(fields: Iterable[str]) -> set[str]:
    """The distinct forms of an entry's indexed fields (space-separated forms each)."""
    return {form for field in fields for form in field.split()}
