"""Vectors kept on disk by the content they embed, so a text is embedded once, ever.

Keyed by a digest of (kind, text): an edit re-embeds only the texts it changed, and start-up
reads vectors instead of computing them. One SQLite file holds them (WAL, so several processes
can share it); a damaged or unreadable file is set aside and started afresh, since every vector
in it can be computed again.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sqlite3
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from bot.embed import encoder

log = logging.getLogger("phrasebot.embed")

SCHEMA = 1
Embed = Callable[[Sequence[str]], np.ndarray]


def digest(kind: str, text: str) -> bytes:
    return hashlib.blake2b(f"{kind}\0{text}".encode("utf-8", "replace"), digest_size=16).digest()


class VectorCache:
    """Vectors by content digest, in a SQLite file (or in memory for ":memory:").

    `seeds` are read-only .npz files of vectors computed ahead of time (the shipped meaning
    bank's, written by write_seed): a text found there is not embedded again.
    """

    def __init__(self, path: str | Path = ":memory:", seeds: Sequence[Path] = ()) -> None:
        self.path = str(path)
        self._lock = threading.Lock()
        self._db = self._open()
        self._seed_paths = [Path(p) for p in seeds]
        self._seeds: dict[bytes, np.ndarray] | None = None

    def _open(self) -> sqlite3.Connection:
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        try:
            return self._connect()
        except sqlite3.OperationalError:
            raise  # locked or unreadable for now (another process): not damaged
        except sqlite3.DatabaseError as err:
            log.warning("vector cache %s unreadable (%s): starting afresh", self.path, err)
            os.replace(self.path, self.path + ".broken")
            return self._connect()

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, check_same_thread=False, timeout=30)
        if self.path != ":memory:":
            db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version != SCHEMA:
            db.execute("DROP TABLE IF EXISTS vectors")
            db.execute("CREATE TABLE vectors (key BLOB PRIMARY KEY, vec BLOB NOT NULL)")
            db.execute(f"PRAGMA user_version={SCHEMA}")
            db.commit()
        return db

    def get(self, keys: Sequence[bytes]) -> dict[bytes, np.ndarray]:
        found: dict[bytes, np.ndarray] = {}
        with self._lock:
            for start in range(0, len(keys), 500):
                chunk = keys[start : start + 500]
                marks = ",".join("?" * len(chunk))
                rows = self._db.execute(
                    f"SELECT key, vec FROM vectors WHERE key IN ({marks})", chunk
                ).fetchall()
                for key, vec in rows:
                    found[bytes(key)] = np.frombuffer(vec, dtype=np.float32)
        return found

    def put(self, items: Sequence[tuple[bytes, np.ndarray]]) -> None:
        if not items:
            return
        with self._lock:
            self._db.executemany(
                "INSERT OR REPLACE INTO vectors (key, vec) VALUES (?, ?)",
                [(k, np.asarray(v, dtype=np.float32).tobytes()) for k, v in items],
            )
            self._db.commit()

    def __len__(self) -> int:
        with self._lock:
            return int(self._db.execute("SELECT count(*) FROM vectors").fetchone()[0])

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def vectors(
        self,
        texts: Sequence[str],
        *,
        kind: str = "query",
        embed: Embed | None = None,
        batch: int = 32,
        progress: Callable[[int, int], None] | None = None,
    ) -> np.ndarray:
        """The vectors of `texts`, embedding (and keeping) only those not seen before.

        `kind` names how they are embedded ("query" or "passage"); `progress(done, todo)` is
        called after each batch embedded.
        """
        if embed is None:
            embed = _embedder(kind)
        keys = [digest(kind, t) for t in texts]
        have = self.get(list(dict.fromkeys(keys)))
        if len(have) < len(set(keys)) and self._seed_paths:
            seeds = self._seeded()
            have.update({k: seeds[k] for k in keys if k not in have and k in seeds})
        missing = list(dict.fromkeys(t for t, k in zip(texts, keys, strict=True) if k not in have))
        for start in range(0, len(missing), batch):
            chunk = missing[start : start + batch]
            made = embed(chunk)
            fresh = [(digest(kind, t), made[i]) for i, t in enumerate(chunk)]
            self.put(fresh)
            have.update(fresh)
            if progress:
                progress(min(start + batch, len(missing)), len(missing))
        out = np.zeros((len(texts), encoder.DIM), dtype=np.float32)
        for i, key in enumerate(keys):
            out[i] = have[key]
        return out

    def _seeded(self) -> dict[bytes, np.ndarray]:
        with self._lock:
            if self._seeds is None:
                self._seeds = {}
                for path in self._seed_paths:
                    self._seeds.update(read_seed(path))
            return self._seeds


def write_seed(path: Path, texts: Sequence[str], vectors: np.ndarray, kind: str = "query") -> None:
    """Keep vectors of `texts` in an .npz file, by digest, as float16 (half the size; cosines
    move by under 0.001)."""
    keys = np.frombuffer(b"".join(digest(kind, t) for t in texts), dtype=np.uint8)
    with open(path, "wb") as f:
        np.savez_compressed(
            f, keys=keys.reshape(len(texts), 16), vectors=vectors.astype(np.float16)
        )


def read_seed(path: Path) -> dict[bytes, np.ndarray]:
    """The vectors of a seed file by digest; {} when it is missing or unreadable."""
    if not path.is_file():
        return {}
    try:
        with np.load(path) as data:
            keys, vectors = data["keys"], data["vectors"].astype(np.float32)
    except (OSError, ValueError, KeyError) as err:
        log.warning("vector seed %s unreadable (%s): its texts will be embedded", path, err)
        return {}
    return {bytes(k): v for k, v in zip(keys, vectors, strict=True)}


def _embedder(kind: str) -> Embed:
    query = kind != "passage"
    return lambda texts: encoder.embed(texts, query=query)
