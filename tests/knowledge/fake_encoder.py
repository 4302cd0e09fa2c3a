"""A stand-in sentence encoder for the knowledge tests: fast, and predictable in what it finds."""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence

import numpy as np

from bot.embed import encoder

# Words that mean the same to the stand-in: each group is one direction of the vector space.
CONCEPTS = {
    **dict.fromkeys(["frozen", "unresponsive", "stuck", "hangs"], 1),
    **dict.fromkeys(["router", "internet", "offline", "wifi"], 2),
    **dict.fromkeys(["printer", "paper", "receipt", "jam"], 3),
    **dict.fromkeys(["bill", "invoice", "счёт", "счет"], 4),
    **dict.fromkeys(["modem", "מודם", "המודם"], 5),
    **dict.fromkeys(["scanner", "barcode"], 6),
}


class FakeEncoder:
    """Texts sharing a concept point the same way; a text with none points nowhere in
    particular. Counts what it embeds; may be told to fail."""

    def __init__(self, fail: bool = False) -> None:
        self.seen: list[str] = []
        self.seen_sparse: list[str] = []
        self.fail = fail
        self._lock = threading.Lock()

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        if self.fail:
            raise RuntimeError("encoder unavailable")
        with self._lock:
            self.seen.extend(texts)
        return self._vectors(texts)

    def _vectors(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), encoder.DIM), dtype=np.float32)
        for i, text in enumerate(texts):
            out[i, 0] = 0.3  # what every text shares
            for word in re.findall(r"\w+", text.lower()):
                if word in CONCEPTS:
                    out[i, CONCEPTS[word]] = 1.0
        return out / np.linalg.norm(out, axis=1, keepdims=True)

    def sparse(self, texts: Sequence[str]) -> np.ndarray:
        """Packed latent terms: the concepts a text names (counted apart from seen)."""
        if self.fail:
            raise RuntimeError("encoder unavailable")
        with self._lock:
            self.seen_sparse.extend(texts)
        out = np.zeros((len(texts), encoder.SPARSE_WIDTH), dtype=np.float32)
        for i, vector in enumerate(self._vectors(texts)):
            lit = np.flatnonzero(vector > 0)
            out[i] = encoder.pack(lit, vector[lit])
        return out
