"""The knowledge base's SQLite FTS5 index: kept in step with the files, changed atomically.

Each entry is indexed by the same folded forms as the phrase engine uses (lemmas, ё/е, Hebrew
prefix letters), one FTS5 column per field. A sync re-reads only the files whose size or
modification time changed and applies the whole update in one transaction, so readers see the
old index or the new one, never half of it. A file that cannot be read keeps its last good
entries in the index; its problems are reported.

What grows with the base is kept up to date by the change alone, inside that transaction: the
vocabulary (bot.knowledge.vocab), the "see <id>" references, and each entry's language and the
digests its vectors are kept under. Opening an index reads none of it.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import threading
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

from bot.knowledge import files as kbfiles
from bot.knowledge import views, vocab
from bot.knowledge.terms import search_terms
from bot.model import Fix
from bot.problems import Problem, did_you_mean

# 5: the vocabulary, references, languages and vector digests kept per change; 6: latent terms
SCHEMA = 6
FIELD_CACHE = 4_096  # entries whose parsed terms are kept in memory (about 8 KB each)


@dataclass(frozen=True)
class Field:
    """One searchable part of an entry: an FTS5 column, and how much a match in it counts."""

    name: str
    bm25: float  # its weight when FTS5 ranks candidates
    weight: float  # the share of a query word's worth when the word is found here
    text: Callable[[Fix], str]


# The one list of fields: the schema, the inserts, the ranking and the scoring follow it.
# Weightiest first.
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
                    line INTEGER NOT NULL, lang TEXT NOT NULL, vkeys BLOB NOT NULL,
                    data TEXT NOT NULL);
CREATE INDEX fixes_file ON fixes (file);
CREATE TABLE refs (source INTEGER NOT NULL, target TEXT NOT NULL);
CREATE INDEX refs_source ON refs (source);
CREATE TABLE problems (path TEXT NOT NULL, line INTEGER, rule TEXT, message TEXT, fix TEXT,
                       col INTEGER, source TEXT);
CREATE INDEX problems_path ON problems (path);
CREATE VIRTUAL TABLE terms USING fts5 ({_COLUMNS},
                                       tokenize = "unicode61 remove_diacritics 2");
{vocab.SCHEMA_SQL}"""

# An entry's forms, each with the weight of the weightiest field that holds it.
Terms = Mapping[str, float]


@dataclass(frozen=True)
class Change:
    """What a sync changed: how many files, and the rows of the entries that went and came."""

    files: int = 0
    removed: tuple[int, ...] = ()
    added: tuple[int, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.files)


@dataclass(frozen=True)
class Row:
    """An entry as the vector search needs it: its row, its language, its view digests."""

    rowid: int
    lang: str
    keys: bytes


@dataclass
class _Pending:
    """What a sync did, for the caches to follow once it is committed."""

    delta: Counter[str] = field(default_factory=Counter)
    removed: list[int] = field(default_factory=list)
    added: list[int] = field(default_factory=list)


MEMO = 50_000  # query words whose counts and near forms are remembered


class Index:
    """One index file (or ":memory:"); every method is safe to call from several threads."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self._lock = threading.RLock()
        self._db = self._open()
        self._terms: OrderedDict[int, Terms] = OrderedDict()
        self._total: int | None = None
        # What the vocabulary says of a query word, until the next change: the same words come
        # back in query after query (a batch of drafts asks about the same few hundred).
        self._near: dict[str, list[str]] = {}
        self._counts: dict[str, int | None] = {}

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
            if self._total is None:
                self._total = int(self._db.execute("SELECT count(*) FROM fixes").fetchone()[0])
            return self._total

    # -- keeping in step with the folder -----------------------------------------------------

    def sync(self, folder: Path) -> tuple[list[Problem], Change]:
        """Re-index the files that changed: every current problem, and what changed.

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
            seen = set(done) | {r[0] for r in self._db.execute("SELECT DISTINCT file FROM fixes")}
            seen |= {r[0] for r in self._db.execute("SELECT DISTINCT path FROM problems")}
            changed = [p for name, p in files.items() if done.get(name) != _stamp(p)]
            gone = sorted(name for name in seen if name not in files)
            results = [(p, kbfiles.read_file(p)) for p in changed]
            pending = _Pending()
            with self._transaction():
                for name in gone:
                    self._drop_file(name, pending)
                    self._db.execute("DELETE FROM problems WHERE path = ?", (name,))
                for path, result in results:  # free every id first: an entry may move files
                    if result.readable:
                        self._drop_file(str(path), pending)
                for path, result in results:
                    found = list(result.problems)
                    if result.readable:
                        found += self._add_file(path, result.fixes, pending)
                    self._set_problems(str(path), found)
                vocab.apply(self._db, pending.delta)
            self._committed(pending)
            if len(results) > 1 and self.path != ":memory:":
                self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # a big build leaves a big WAL
            count = len(gone) + sum(r.readable for _, r in results)
            added = set(pending.added)
            removed = tuple(r for r in pending.removed if r not in added)
            return self.problems(), Change(count, removed, tuple(pending.added))

    def _committed(self, pending: _Pending) -> None:
        for rowid in pending.removed:
            self._terms.pop(rowid, None)
        if pending.removed or pending.added:
            self._total = None
            self._near.clear()
            self._counts.clear()

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

    def _drop_file(self, name: str, pending: _Pending) -> None:
        rows = self._db.execute(
            f"SELECT terms.rowid, {_COLUMNS} FROM terms"
            " WHERE terms.rowid IN (SELECT rowid FROM fixes WHERE file = ?)",
            (name,),
        ).fetchall()
        for row in rows:
            pending.delta.subtract(vocab.entry_forms(row[1:]))
            pending.removed.append(row[0])
        self._db.executemany("DELETE FROM terms WHERE rowid = ?", [(r[0],) for r in rows])
        self._db.executemany("DELETE FROM refs WHERE source = ?", [(r[0],) for r in rows])
        self._db.execute("DELETE FROM fixes WHERE file = ?", (name,))
        self._db.execute("DELETE FROM files WHERE path = ?", (name,))

    def _add_file(self, path: Path, fixes: Sequence[Fix], pending: _Pending) -> list[Problem]:
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
                "INSERT INTO fixes (id, file, line, lang, vkeys, data) VALUES (?, ?, ?, ?, ?, ?)",
                (
                    fix.id,
                    name,
                    fix.line,
                    fix.lang,
                    views.keys(fix),
                    json.dumps(asdict(fix), ensure_ascii=False),
                ),
            )
            rowid = int(cursor.lastrowid or 0)
            columns = [_terms(f.text(fix)) for f in FIELDS]
            marks = ", ".join("?" * (len(FIELDS) + 1))
            self._db.execute(
                f"INSERT INTO terms (rowid, {_COLUMNS}) VALUES ({marks})", (rowid, *columns)
            )
            self._db.executemany(
                "INSERT INTO refs (source, target) VALUES (?, ?)",
                [(rowid, ref) for ref in kbfiles.references(fix)],
            )
            pending.delta.update(vocab.entry_forms(columns))
            pending.added.append(rowid)
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

    def candidates(
        self, forms: Sequence[str], limit: int, among: Sequence[str] | None = None
    ) -> list[int]:
        """The rows of the entries holding any of the forms, best bm25 first; with `among`,
        only those that also hold one of its forms (still ranked by all of them)."""
        if not forms or (among is not None and not among):
            return []
        query = _any_of(forms)
        if among is not None:
            query = f"({_any_of(among)}) AND ({query})"
        with self._lock:
            rows = self._db.execute(
                "SELECT rowid FROM terms WHERE terms MATCH ?"
                f" ORDER BY bm25(terms, {_BM25}) LIMIT ?",
                (query, limit),
            ).fetchall()
        return [row[0] for row in rows]

    def terms(self, rowids: Sequence[int]) -> dict[int, Terms]:
        """Each entry's forms with the weight of the weightiest field holding them, parsed once
        and kept."""
        with self._lock:
            out = {r: self._terms[r] for r in rowids if r in self._terms}
            missing = [r for r in dict.fromkeys(rowids) if r not in out]
            for start in range(0, len(missing), vocab.CHUNK):
                chunk = missing[start : start + vocab.CHUNK]
                marks = ",".join("?" * len(chunk))
                for row in self._db.execute(
                    f"SELECT rowid, {_COLUMNS} FROM terms WHERE rowid IN ({marks})", chunk
                ):
                    weights: dict[str, float] = {}
                    for spec, col in zip(FIELDS, row[1:], strict=True):  # weightiest first
                        for form in col.split():
                            weights.setdefault(sys.intern(form), spec.weight)
                    out[row[0]] = self._terms[row[0]] = weights
            for rowid in out:
                self._terms.move_to_end(rowid)
            while len(self._terms) > FIELD_CACHE:
                self._terms.popitem(last=False)
        return out

    def counts(self, forms: Sequence[str]) -> dict[str, int]:
        """In how many entries each form occurs, for the forms the base has."""
        with self._lock:
            known = {f: self._counts[f] for f in forms if f in self._counts}
            unknown = [f for f in forms if f not in known]
            if unknown:
                found = vocab.counts(self._db, unknown)
                if len(self._counts) > MEMO:
                    self._counts.clear()  # what was read of it above stays in `known`
                new = {f: found.get(f) for f in unknown}
                self._counts.update(new)
                known.update(new)
            return {f: n for f in forms if (n := known[f]) is not None}

    def near(self, word: str) -> list[str]:
        """Forms of the base that may be one edit from the word."""
        with self._lock:
            if word not in self._near:
                if len(self._near) > MEMO:
                    self._near.clear()
                self._near[word] = vocab.near(self._db, word)
            return list(self._near[word])

    def rows(self, rowids: Sequence[int] | None = None) -> list[Row]:
        """The row, language and view digests of the given entries (default: every entry)."""
        sql = "SELECT rowid, lang, vkeys FROM fixes"
        with self._lock:
            if rowids is None:
                found = self._db.execute(sql + " ORDER BY rowid").fetchall()
            else:
                found = []
                for start in range(0, len(rowids), vocab.CHUNK):
                    chunk = list(rowids[start : start + vocab.CHUNK])
                    marks = ",".join("?" * len(chunk))
                    found += self._db.execute(f"{sql} WHERE rowid IN ({marks})", chunk).fetchall()
        return [Row(rowid, lang, bytes(keys)) for rowid, lang, keys in found]

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

    def broken_references(self) -> list[Problem]:
        """ "see <id>" references to ids that no entry has, in file order."""
        with self._lock:
            rows = self._db.execute(
                "SELECT f.file, f.line, f.id, r.target FROM refs r JOIN fixes f"
                " ON f.rowid = r.source WHERE r.target NOT IN (SELECT id FROM fixes)"
                " ORDER BY f.file, f.rowid, r.rowid"
            ).fetchall()
            ids = [r[0] for r in self._db.execute("SELECT id FROM fixes")] if rows else []
        return [
            Problem(
                file,
                line,
                fix_id,
                f'"see {ref}" names no entry{did_you_mean(ref, ids)}',
                "use the id of an existing entry, or reword the reference",
            )
            for file, line, fix_id, ref in rows
        ]


def _any_of(forms: Sequence[str]) -> str:
    return " OR ".join('"' + f.replace('"', '""') + '"' for f in forms)


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
