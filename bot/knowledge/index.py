"""The knowledge base's SQLite FTS5 index: kept in step with the files, changed atomically.

Each entry is indexed by the same folded forms as the phrase engine uses (lemmas, ё/е, Hebrew
prefix letters), one FTS5 column per field. A sync re-reads only the files whose size or
modification time changed and applies the whole update in one transaction, so readers see the
old index or the new one, never half of it. A file that cannot be read keeps its last good
entries in the index; its problems are reported.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

from bot.knowledge import files as kbfiles
from bot.knowledge.terms import search_terms
from bot.model import Fix
from bot.problems import Problem

SCHEMA = 4  # 4: search terms folded through invisible and look-alike characters


@dataclass(frozen=True)
class Field:
    """One searchable part of an entry: an FTS5 column, and how much a match in it counts."""

    name: str
    bm25: float  # its weight when FTS5 ranks candidates
    weight: float  # the share of a query word's worth when the word is found here
    text: Callable[[Fix], str]


# The one list of fields: the schema, the inserts, the ranking and the scoring follow it.
# Weightiest first: the search stops looking once a word is found in the weightiest field.
FIELDS = (
    Field("title", 4.0, 1.0, lambda fix: fix.title),
    Field("problem", 3.0, 1.0, lambda fix: fix.problem),
    Field("tags", 2.0, 0.8, lambda fix: " ".join(fix.tags)),
    Field("body", 1.0, 0.55, lambda fix: fix.fix + "\n" + "\n".join(fix.alternatives)),
)
_COLUMNS = ", ".join(f.name for f in FIELDS)
_BM25 = ", ".join(str(f.bm25) for f in FIELDS)
_SCHEMA_SQL = f"""
PRAGMA user_version = {SCHEMA};
CREATE TABLE files (path TEXT PRIMARY KEY, mtime_ns INTEGER, size INTEGER);
CREATE TABLE fixes (rowid INTEGER PRIMARY KEY, id TEXT UNIQUE NOT NULL, file TEXT NOT NULL,
                    data TEXT NOT NULL);
CREATE INDEX fixes_file ON fixes (file);
CREATE TABLE problems (path TEXT NOT NULL, line INTEGER, rule TEXT, message TEXT, fix TEXT,
                       col INTEGER, source TEXT);
CREATE INDEX problems_path ON problems (path);
CREATE VIRTUAL TABLE terms USING fts5 ({_COLUMNS},
                                       tokenize = "unicode61 remove_diacritics 2");
CREATE VIRTUAL TABLE vocab USING fts5vocab (terms, row);
"""


class Index:
    """One index file (or ":memory:"); every method is safe to call from several threads."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self._lock = threading.RLock()
        self._db = self._open()

    def _open(self) -> sqlite3.Connection:
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        try:
            db = _connect(self.path)
            if db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA:
                return db
            db.close()
        except sqlite3.DatabaseError:
            pass  # not an index of ours, or damaged: build a fresh one beside it and swap it in
        return self._fresh()

    def _fresh(self) -> sqlite3.Connection:
        if self.path == ":memory:":
            db = _connect(self.path)
            db.executescript(_SCHEMA_SQL)
            return db
        scratch = f"{self.path}.{os.getpid()}.tmp"
        for leftover in (scratch, f"{scratch}-wal", f"{scratch}-shm"):
            Path(leftover).unlink(missing_ok=True)
        db = sqlite3.connect(scratch)
        db.executescript(_SCHEMA_SQL)
        db.close()
        os.replace(scratch, self.path)
        for stale in (f"{self.path}-wal", f"{self.path}-shm"):
            Path(stale).unlink(missing_ok=True)
        return _connect(self.path)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __len__(self) -> int:
        with self._lock:
            return int(self._db.execute("SELECT count(*) FROM fixes").fetchone()[0])

    # -- keeping in step with the folder -----------------------------------------------------

    def sync(self, folder: Path) -> tuple[list[Problem], int]:
        """Re-index the files that changed: every current problem, and how many files changed.

        A file is marked done only when all its entries went in; one with an entry refused
        (an id another file holds) is read again on every sync, so the entry goes in as soon
        as the other file lets go of the id.
        """
        files = {str(p): p for p in kbfiles.entry_files(folder)}
        with self._lock:
            done = {
                row[0]: (row[1], row[2])
                for row in self._db.execute("SELECT path, mtime_ns, size FROM files")
            }
            seen = set(done) | {r[0] for r in self._db.execute("SELECT file FROM fixes")}
            seen |= {r[0] for r in self._db.execute("SELECT path FROM problems")}
            changed = [p for name, p in files.items() if done.get(name) != _stamp(p)]
            gone = sorted(name for name in seen if name not in files)
            results = [(p, kbfiles.read_file(p)) for p in changed]
            with self._transaction():
                for name in gone:
                    self._drop_file(name)
                    self._db.execute("DELETE FROM problems WHERE path = ?", (name,))
                for path, result in results:  # free every id first: an entry may move files
                    if result.readable:
                        self._drop_file(str(path))
                for path, result in results:
                    found = list(result.problems)
                    if result.readable:
                        found += self._add_file(path, result.fixes)
                    self._set_problems(str(path), found)
            if len(results) > 1 and self.path != ":memory:":
                self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # a big build leaves a big WAL
            return self.problems(), len(gone) + sum(r.readable for _, r in results)

    def problems(self) -> list[Problem]:
        """The problems of every file, as found when each was last read."""
        with self._lock:
            rows = self._db.execute(
                "SELECT path, line, rule, message, fix, col, source FROM problems"
                " ORDER BY path, line, rowid"
            ).fetchall()
        return [Problem(*row) for row in rows]

    def _set_problems(self, name: str, problems: Sequence[Problem]) -> None:
        self._db.execute("DELETE FROM problems WHERE path = ?", (name,))
        self._db.executemany(
            "INSERT INTO problems (path, line, rule, message, fix, col, source)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(name, p.line, p.rule, p.message, p.fix, p.column, p.source) for p in problems],
        )

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._db.rollback()
            raise
        self._db.commit()

    def _drop_file(self, name: str) -> None:
        rows = [r[0] for r in self._db.execute("SELECT rowid FROM fixes WHERE file = ?", (name,))]
        self._db.executemany("DELETE FROM terms WHERE rowid = ?", [(r,) for r in rows])
        self._db.execute("DELETE FROM fixes WHERE file = ?", (name,))
        self._db.execute("DELETE FROM files WHERE path = ?", (name,))

    def _add_file(self, path: Path, fixes: Sequence[Fix]) -> list[Problem]:
        name = str(path)
        problems = []
        for fix in fixes:
            taken = self._db.execute("SELECT file FROM fixes WHERE id = ?", (fix.id,)).fetchone()
            if taken:
                problems.append(
                    Problem(
                        name,
                        fix.line,
                        fix.id,
                        f"duplicate id, already used in {taken[0]}; this entry is not searchable",
                        "give one of the two entries another id",
                    )
                )
                continue
            cursor = self._db.execute(
                "INSERT INTO fixes (id, file, data) VALUES (?, ?, ?)",
                (fix.id, name, json.dumps(asdict(fix), ensure_ascii=False)),
            )
            marks = ", ".join("?" * (len(FIELDS) + 1))
            self._db.execute(
                f"INSERT INTO terms (rowid, {_COLUMNS}) VALUES ({marks})",
                (cursor.lastrowid, *(_terms(field.text(fix)) for field in FIELDS)),
            )
        if not problems:
            self._db.execute(
                "INSERT INTO files (path, mtime_ns, size) VALUES (?, ?, ?)", (name, *_stamp(path))
            )
        return problems

    # -- reading -------------------------------------------------------------------------------

    def get(self, fix_id: str) -> Fix | None:
        with self._lock:
            row = self._db.execute("SELECT data FROM fixes WHERE id = ?", (fix_id,)).fetchone()
        return _fix(row[0]) if row else None

    def candidates(self, forms: Sequence[str], limit: int) -> list[tuple[int, list[set[str]]]]:
        """Entries holding any of the forms, best bm25 first, with their terms per field (in
        the order of FIELDS)."""
        if not forms:
            return []
        query = " OR ".join('"' + f.replace('"', '""') + '"' for f in forms)
        with self._lock:
            rows = self._db.execute(
                f"SELECT rowid, {_COLUMNS} FROM terms WHERE terms MATCH ?"
                f" ORDER BY bm25(terms, {_BM25}) LIMIT ?",
                (query, limit),
            ).fetchall()
        return [(row[0], [set(col.split()) for col in row[1:]]) for row in rows]

    def all_fixes(self) -> list[Fix]:
        with self._lock:
            rows = self._db.execute("SELECT data FROM fixes ORDER BY file, rowid").fetchall()
        return [_fix(data) for (data,) in rows]

    def fixes(self, rowids: Sequence[int]) -> dict[int, Fix]:
        marks = ",".join("?" * len(rowids))
        with self._lock:
            rows = self._db.execute(
                f"SELECT rowid, data FROM fixes WHERE rowid IN ({marks})", tuple(rowids)
            ).fetchall()
        return {rowid: _fix(data) for rowid, data in rows}

    def document_counts(self) -> tuple[int, dict[str, int]]:
        """The number of entries, and in how many entries each indexed form occurs."""
        with self._lock:
            total = int(self._db.execute("SELECT count(*) FROM terms").fetchone()[0])
            return total, dict(self._db.execute("SELECT term, doc FROM vocab"))


def _connect(path: str) -> sqlite3.Connection:
    db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
    if path != ":memory:":
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")
    return db


def _stamp(path: Path) -> tuple[int, int]:
    try:
        st = path.stat()
    except OSError:
        return (-1, -1)
    return st.st_mtime_ns, st.st_size


def _terms(text: str) -> str:
    """A field's text as the space-separated forms it is indexed under."""
    return " ".join(form for forms in search_terms(text) for form in forms)


def _fix(data: str) -> Fix:
    raw = json.loads(data)
    for key in ("tags", "alternatives", "links"):
        raw[key] = tuple(raw[key])
    return Fix(**raw)
