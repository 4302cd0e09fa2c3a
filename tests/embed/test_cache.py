"""Vectors by content: embedded once, kept on disk, a damaged file started afresh."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from bot.embed import encoder
from bot.embed.cache import VectorCache


class Counting:
    """A stand-in encoder: a vector from the text's length, and a count of what it embedded."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        self.seen.extend(texts)
        out = np.zeros((len(texts), encoder.DIM), dtype=np.float32)
        for i, text in enumerate(texts):
            out[i, len(text) % encoder.DIM] = 1.0
        return out


def test_a_text_is_embedded_once_and_read_back_after_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "vectors.sqlite"
    embed = Counting()
    first = VectorCache(path).vectors(["ab", "abc", "ab"], embed=embed)
    again = VectorCache(path)
    second = again.vectors(["abc", "ab", "abcd"], embed=embed)

    assert embed.seen == ["ab", "abc", "abcd"]  # each once, across both runs
    assert np.array_equal(first[0], first[2])
    assert np.array_equal(second[0], first[1])
    assert len(again) == 3


def test_queries_and_passages_are_kept_apart() -> None:
    cache = VectorCache()
    embed = Counting()
    cache.vectors(["same"], kind="query", embed=embed)
    cache.vectors(["same"], kind="passage", embed=embed)

    assert embed.seen == ["same", "same"]


def test_progress_is_told_after_each_batch() -> None:
    told: list[tuple[int, int]] = []
    VectorCache().vectors(
        [f"t{i}" for i in range(5)], embed=Counting(), batch=2, progress=lambda *a: told.append(a)
    )

    assert told == [(2, 5), (4, 5), (5, 5)]


def test_a_damaged_file_is_set_aside_and_started_afresh(tmp_path: Path) -> None:
    path = tmp_path / "vectors.sqlite"
    path.write_bytes(b"not a database at all" * 100)

    cache = VectorCache(path)
    cache.vectors(["x"], embed=Counting())

    assert len(cache) == 1
    assert (tmp_path / "vectors.sqlite.broken").exists()


def test_the_real_encoder_places_a_paraphrase_nearer_than_an_unrelated_sentence() -> None:
    a, b, c = encoder.embed(
        ["I have no idea where your parcel is.", "Я гадки не маю, де ваша посилка.", "Lunch?"]
    )

    assert abs(float(a @ a) - 1.0) < 1e-3  # unit length: a dot product is the cosine
    assert float(a @ b) > float(a @ c)


def test_the_encoder_takes_any_string() -> None:
    vectors = encoder.embed(["", "\ud800 lone surrogate", "x" * 20_000])

    assert vectors.shape == (3, encoder.DIM)
    assert np.isfinite(vectors).all()
