"""The meaning side of the search: each entry's vectors, in memory, built in the background.

Vectors are kept on disk by content (bot.embed.cache), so only entries whose embedded text is
new are ever embedded; opening a base reads the rest back. Embedding runs on every core (the
encoder's C engine releases the GIL, one thread each), after the index is up: until every
entry has its vectors the search answers by words alone. A change to the base drops the rows
that went and embeds only the entries that came.

Scoring is a flat dot product over one matrix per dense view (10,000 entries: 1-4 ms a query),
and a gather over the packed latent terms of the sparse view.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from bot.embed import encoder
from bot.embed.cache import VectorCache
from bot.knowledge import views
from bot.knowledge.index import Row

log = logging.getLogger("phrasebot.knowledge")

THREADS = max(1, min(2, os.cpu_count() or 1))  # one encoder thread per core, as measured
BATCH = 16  # texts per encoder call
QUERY_CACHE = 1024  # recent query vectors kept: 512 queries, each embedded both ways
QUICK = 2_000  # an edit of up to this many entries looks for their vectors on disk at once
NEIGHBOURS = 0.02  # an entry's neighbourhood: its nearest 2% of the base (at least one entry)
LONG_BUILD = 1_000  # texts: a build this long logs its progress
NICE = 10  # background embedding threads yield the CPU to the app's own threads

Embed = Callable[[Sequence[str]], np.ndarray]
Texts = Callable[[Sequence[int]], dict[int, list[str]]]  # rows -> each entry's view texts
Progress = Callable[[int, int], None]  # texts embedded so far, texts to embed


@dataclass(frozen=True)
class Matrix:
    """The vectors of the entries that have them: one row each, one matrix per view."""

    rowids: np.ndarray  # int64 (n,)
    langs: tuple[str, ...]  # each row's entry language
    keys: tuple[bytes, ...]  # each row's view digests, joined
    views: tuple[np.ndarray, ...]  # float32 per view: (n, DIM) dense, (n, SPARSE_WIDTH) sparse
    _neighbours: dict[int, float] = field(default_factory=dict, compare=False, repr=False)
    _made: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def __len__(self) -> int:
        return len(self.rowids)

    @property
    def dense(self) -> tuple[np.ndarray, ...]:
        """The dense views' matrices."""
        return tuple(self.views[i] for i in views.DENSE)

    @property
    def latent(self) -> np.ndarray | None:
        """The packed latent terms of every row (None without a sparse view)."""
        return self.views[views.LATENT[0]] if views.LATENT else None

    def positions(self) -> dict[int, int]:
        """Each entry's row in the matrix, by its index row (made once per matrix)."""
        if "positions" not in self._made:
            self._made["positions"] = {int(r): i for i, r in enumerate(self.rowids)}
        found: dict[int, int] = self._made["positions"]
        return found

    def languages(self) -> tuple[np.ndarray, int]:
        """Each row's language as a small number, and how many languages there are."""
        if "languages" not in self._made:
            names = {name: i for i, name in enumerate(sorted(set(self.langs)))}
            codes = np.array([names[x] for x in self.langs], dtype=np.int64)
            self._made["languages"] = (codes, len(names))
        found: tuple[np.ndarray, int] = self._made["languages"]
        return found

    def neighbour(self, i: int) -> float:
        """How crowded row i's neighbourhood is: its cosine with its nearest other row, or in a
        big base with the row at the top NEIGHBOURS share of its cosines, so the figure means
        the same in a base of 50 entries and of 50,000 (one pass over the matrix the first
        time a row is asked about)."""
        if i not in self._neighbours:
            near = np.mean([view @ view[i] for view in self.dense], axis=0)
            others = np.delete(near, i)
            k = max(1, round(NEIGHBOURS * len(others)))
            found = np.partition(others, len(others) - k)[len(others) - k] if len(others) else 0.0
            self._neighbours[i] = float(found)
        return self._neighbours[i]


@dataclass(frozen=True)
class Built:
    """What one build did."""

    entries: int  # entries with vectors now
    embedded: int  # texts embedded (the rest were on disk or in memory)
    seconds: float


def _empty() -> Matrix:
    return Matrix(
        np.zeros(0, dtype=np.int64),
        (),
        (),
        tuple(np.zeros((0, _width(v.kind)), dtype=np.float32) for v in views.VIEWS),
    )


def _width(kind: str) -> int:
    return encoder.SPARSE_WIDTH if kind == views.SPARSE else encoder.DIM


class Vectors:
    """The entries' vectors and the queue of entries still to embed; thread-safe."""

    def __init__(
        self,
        cache: VectorCache,
        texts: Texts,
        embed: Embed | None = None,
        *,
        sparse: Embed | None = None,
        threads: int = 0,
    ) -> None:
        self._cache = cache
        self._texts = texts
        self._embed = embed
        # A stand-in dense encoder (tests) gives a stand-in sparse one: its vector's strongest
        # dimensions as the latent terms.
        self._sparse = sparse or (_sparse_from(embed) if embed is not None else None)
        self._threads = threads or THREADS
        self._lock = threading.Lock()
        self._building = threading.Lock()  # one build at a time
        self._changing = threading.Lock()  # one change at a time
        self._matrix: Matrix | None = None
        self._todo: dict[int, Row] = {}
        self._queries: OrderedDict[tuple[str, str], np.ndarray] = OrderedDict()
        self._worker: threading.Thread | None = None
        self._closed = False
        self.failed: str | None = None  # why the encoder could not be used, if it could not

    # -- what the search reads -----------------------------------------------------------------

    def ready(self) -> Matrix | None:
        """The matrix, once every entry has its vectors; None until then."""
        with self._lock:
            return self._matrix if self._matrix is not None and not self._todo else None

    def pending(self) -> int:
        """Entries waiting for their vectors."""
        with self._lock:
            return len(self._todo)

    def started(self) -> bool:
        """Whether there is a matrix at all (the first build has run)."""
        with self._lock:
            return self._matrix is not None

    def queries(self, text: str) -> tuple[np.ndarray | None, np.ndarray | None]:
        """The query's dense vector and its latent terms. They are two passes of the encoder
        (the latent terms read the text without the "query: " prefix), so with two cores the
        second runs beside the first; each is None if the encoder fails."""
        with self._lock:
            latent_kept = (views.SPARSE, text) in self._queries
        if latent_kept or self._threads < 2:
            return self.query(text), self.query(text, views.SPARSE)
        beside = _side_pool().submit(self.query, text, views.SPARSE)
        return self.query(text), beside.result()

    def query(self, text: str, kind: str = views.KIND) -> np.ndarray | None:
        """The query's vector of a kind (views.KIND dense, views.SPARSE packed latent terms;
        recent ones are kept); None if the encoder fails."""
        with self._lock:
            if (kind, text) in self._queries:
                self._queries.move_to_end((kind, text))
                return self._queries[(kind, text)]
        try:
            vector: np.ndarray = self._run_embed([text], kind)[0]
        except Exception as err:  # the search goes on by words alone
            log.warning("could not embed a query (%s): searching by words alone", err)
            return None
        with self._lock:
            self._queries[(kind, text)] = vector
            while len(self._queries) > QUERY_CACHE:
                self._queries.popitem(last=False)
        return vector

    # -- keeping in step with the index ----------------------------------------------------------

    def plan(self, rows: Sequence[Row]) -> None:
        """Every entry of the base: those without vectors are queued."""
        with self._lock:
            matrix = self._matrix or _empty()
            keep = {int(r): i for i, r in enumerate(matrix.rowids)}
            wanted = {row.rowid: row for row in rows}
            stay = [
                i
                for rowid, i in keep.items()
                if rowid in wanted and matrix.keys[i] == wanted[rowid].keys
            ]
            self._matrix = _subset(matrix, stay) if self._matrix is not None else None
            have = {int(matrix.rowids[i]) for i in stay}
            self._todo = {rowid: row for rowid, row in wanted.items() if rowid not in have}

    def change(self, removed: Sequence[int], added: Sequence[Row]) -> None:
        """Drop the rows of entries that went. The entries that came take their vectors from
        those rows (an edit that left the embedded text alone) or from disk at once; the rest
        are queued for the encoder."""
        with self._changing:
            with self._lock:
                for rowid in removed:
                    self._todo.pop(rowid, None)
                matrix = self._matrix
                found: dict[bytes, np.ndarray] = {}
                if matrix is not None and len(removed):
                    gone = np.isin(matrix.rowids, np.asarray(removed, dtype=np.int64))
                    for i in np.flatnonzero(gone):
                        for key, view in zip(
                            views.split(matrix.keys[i]), matrix.views, strict=True
                        ):
                            found[key] = view[i]
                    self._matrix = _subset(matrix, np.flatnonzero(~gone))
            if added and len(added) <= QUICK:
                wanted = [k for row in added for k in views.split(row.keys) if k not in found]
                found.update(self._cache.get(wanted))
            with self._lock:
                done = [r for r in added if all(k in found for k in views.split(r.keys))]
                if self._matrix is None:
                    done = []
                else:
                    self._matrix = _extend(self._matrix, done, found)
                kept = {r.rowid for r in done}
                for row in added:
                    if row.rowid not in kept:
                        self._todo[row.rowid] = row

    def build(self, progress: Progress | None = None, *, nice: bool = False) -> Built:
        """Give every queued entry its vectors: from memory or disk, else the encoder (at a
        lower CPU priority when `nice`, so a busy app keeps answering first)."""
        start = time.perf_counter()
        embedded = 0
        with self._building:
            while True:
                with self._lock:
                    todo = dict(self._todo)
                    matrix = self._matrix or _empty()
                if not todo and self._matrix is not None:
                    break
                found, count = self._vectors_for(list(todo.values()), matrix, progress, nice)
                embedded += count
                with self._lock:
                    current = self._matrix or _empty()
                    fresh = [row for rowid, row in todo.items() if self._todo.get(rowid) == row]
                    self._matrix = _extend(current, fresh, found)
                    for row in fresh:
                        del self._todo[row.rowid]
                if self._closed:
                    break
            entries = len(self._matrix or ())
        return Built(entries, embedded, time.perf_counter() - start)

    def start(self) -> None:
        """Build in a background thread, unless one is running (it picks up the new work)."""
        with self._lock:
            if self._closed or (self._worker is not None and self._worker.is_alive()):
                return
            self._worker = threading.Thread(target=self._work, name="kb-vectors", daemon=True)
            self._worker.start()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the background build; whether the vectors are ready."""
        worker = self._worker
        if worker is not None:
            worker.join(timeout)
        return self.ready() is not None

    def close(self) -> None:
        self._closed = True
        worker = self._worker
        if worker is not None and worker is not threading.current_thread():
            worker.join(timeout=30)

    def _work(self) -> None:
        while not self._closed:
            with self._lock:
                todo = len(self._todo)
            if not todo and self._matrix is not None:
                return
            log.info(
                "vectors for %d entries: read from disk, or embedded if new, in the background",
                todo,
            )
            try:
                built = self.build(_log_progress(), nice=True)
            except Exception as err:
                self.failed = str(err)
                log.warning("no vectors (%s): the search goes by words alone", err)
                return
            log.info(
                "vectors ready for %d entries, searching by meaning too (%d embedded, %.1f s)",
                built.entries,
                built.embedded,
                built.seconds,
            )

    # -- embedding -------------------------------------------------------------------------------

    def _vectors_for(
        self, rows: list[Row], matrix: Matrix, progress: Progress | None, nice: bool
    ) -> tuple[dict[bytes, np.ndarray], int]:
        """A vector for each view digest of the rows: reused, read from disk, or embedded."""
        known = {matrix.keys[i]: i for i in range(len(matrix))}
        found: dict[bytes, np.ndarray] = {}
        for row in rows:
            if row.keys in known:
                i = known[row.keys]
                for key, view in zip(views.split(row.keys), matrix.views, strict=True):
                    found[key] = view[i]
        wanted = list({k for row in rows for k in views.split(row.keys) if k not in found})
        found.update(self._cache.get(wanted))
        missing = [row for row in rows if any(k not in found for k in views.split(row.keys))]
        jobs: dict[bytes, tuple[str, str]] = {}
        for start in range(0, len(missing), 500):
            chunk = missing[start : start + 500]
            texts = self._texts([row.rowid for row in chunk])
            for row in chunk:
                for key, text, seen in zip(
                    views.split(row.keys), texts.get(row.rowid, ()), views.VIEWS, strict=False
                ):
                    if key not in found:
                        jobs[key] = (text, seen.kind)
        found.update(
            self._embed_all([(k, t, kind) for k, (t, kind) in jobs.items()], progress, nice)
        )
        return found, len(jobs)

    def _embed_all(
        self, jobs: list[tuple[bytes, str, str]], progress: Progress | None, nice: bool
    ) -> dict[bytes, np.ndarray]:
        if not jobs:
            return {}
        batches = [
            part[i : i + BATCH]
            for kind in dict.fromkeys(job[2] for job in jobs)
            for part in [[job for job in jobs if job[2] == kind]]
            for i in range(0, len(part), BATCH)
        ]
        done = [0]
        lock = threading.Lock()

        def run(batch: list[tuple[bytes, str, str]]) -> list[tuple[bytes, np.ndarray]]:
            if self._closed:
                return []
            made = self._run_embed([text for _, text, _ in batch], batch[0][2])
            items = [(key, made[i]) for i, (key, _, _) in enumerate(batch)]
            self._cache.put(items)
            with lock:
                done[0] += len(batch)
                if progress:
                    progress(done[0], len(jobs))
            return items

        start = _lower_priority if nice else None
        with ThreadPoolExecutor(self._threads, "kb-embed", initializer=start) as pool:
            return {key: vec for items in pool.map(run, batches) for key, vec in items}

    def _run_embed(self, texts: Sequence[str], kind: str = views.KIND) -> np.ndarray:
        if kind == views.SPARSE:
            if self._sparse is not None:
                return np.asarray(self._sparse(texts), dtype=np.float32)
            return encoder.sparse(texts)
        if self._embed is not None:
            return np.asarray(self._embed(texts), dtype=np.float32)
        return encoder.embed(texts, query=views.KIND == "query")


def _sparse_from(embed: Embed) -> Embed:
    """Packed latent terms from a dense encoder: the dimensions a text's vector leans on."""

    def sparse(texts: Sequence[str]) -> np.ndarray:
        dense = np.asarray(embed(texts), dtype=np.float32)
        out = np.zeros((len(texts), encoder.SPARSE_WIDTH), dtype=np.float32)
        for row, vector in enumerate(dense):
            lit = np.flatnonzero(vector > 0)
            out[row] = encoder.pack(lit, vector[lit])
        return out

    return sparse


def _log_progress() -> Progress:
    """A log line at every tenth of a long build (a short one gets its start and end lines)."""
    told = [0]

    def tell(done: int, total: int) -> None:
        tenth = 10 * done // total
        if total >= LONG_BUILD and tenth > told[0] and done < total:
            told[0] = tenth
            log.info("embedded %d of %d texts", done, total)

    return tell


_SIDE: ThreadPoolExecutor | None = None
_SIDE_LOCK = threading.Lock()


def _side_pool() -> ThreadPoolExecutor:
    """One thread, shared by every base, for a query's second encoder pass."""
    global _SIDE
    with _SIDE_LOCK:
        if _SIDE is None:
            _SIDE = ThreadPoolExecutor(1, "kb-query")
        return _SIDE


def _forget_side_pool() -> None:
    """In a forked child the pool's thread is gone (work sent to it would wait forever), and
    the lock may have been held at the fork: start both afresh."""
    global _SIDE, _SIDE_LOCK
    _SIDE, _SIDE_LOCK = None, threading.Lock()


os.register_at_fork(after_in_child=_forget_side_pool)


def _lower_priority() -> None:
    """Run this thread (Linux: a thread has its own niceness) after the app's own work."""
    with contextlib.suppress(AttributeError, OSError):  # not Linux: the same priority
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), NICE)


def _subset(matrix: Matrix, keep: Sequence[int] | np.ndarray) -> Matrix:
    index = np.asarray(keep, dtype=np.int64)
    return Matrix(
        matrix.rowids[index],
        tuple(matrix.langs[i] for i in index),
        tuple(matrix.keys[i] for i in index),
        tuple(view[index] for view in matrix.views),
    )


def _extend(matrix: Matrix, rows: Sequence[Row], found: dict[bytes, np.ndarray]) -> Matrix:
    rows = [r for r in rows if all(k in found for k in views.split(r.keys))]
    if not rows:
        return matrix
    new = [
        np.stack([found[views.split(r.keys)[v]] for r in rows]).astype(np.float32)
        for v in range(len(views.VIEWS))
    ]
    return Matrix(
        np.concatenate([matrix.rowids, np.array([r.rowid for r in rows], dtype=np.int64)]),
        matrix.langs + tuple(r.lang for r in rows),
        matrix.keys + tuple(r.keys for r in rows),
        tuple(np.concatenate([old, add]) for old, add in zip(matrix.views, new, strict=True)),
    )
