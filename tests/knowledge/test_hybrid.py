"""Words and meaning in one order, and the confidence that decides whether to answer."""

import numpy as np
import pytest

from bot.knowledge import hybrid
from bot.knowledge.hybrid import Candidate, Model
from bot.knowledge.vectors import Matrix

MODEL = Model(("cosine", "coverage"), (10.0, 2.0), -9.0, 0.5, 0.5)


def candidate(rowid: int, cosine: float, coverage: float) -> Candidate:
    features = {"cosine": cosine, "coverage": coverage}
    return Candidate(rowid, "en", cosine + coverage, coverage, (), True, features)


def test_the_confidence_is_a_logistic_regression() -> None:
    assert MODEL.confidence({"cosine": 0.9, "coverage": 0.0}) == pytest.approx(0.5)
    assert MODEL.confidence({"cosine": 0.9, "coverage": 1.0}) == pytest.approx(1 / (1 + np.exp(-2)))


def test_nothing_is_answered_when_the_best_candidate_is_not_confident() -> None:
    assert hybrid.answer([candidate(1, 0.8, 0.2), candidate(2, 0.95, 0.0)], 3, MODEL) == []


def test_confident_candidates_are_answered_best_first_never_rising() -> None:
    picked = hybrid.answer(
        [candidate(1, 0.9, 0.5), candidate(2, 0.95, 0.5), candidate(3, 0.7, 0.0)], 3, MODEL
    )
    confidences = [c for _, c in picked]
    assert [c.rowid for c, _ in picked] == [1, 2]  # 3 is below half the threshold
    assert confidences == sorted(confidences, reverse=True)
    assert confidences[0] == confidences[1]  # 2 scored higher, but may not outrank 1


def test_the_limit_is_respected() -> None:
    found = [candidate(i, 0.95, 1.0) for i in range(5)]
    assert len(hybrid.answer(found, 2, MODEL)) == 2
    assert hybrid.answer(found, 0, MODEL) == []


def test_a_language_with_few_entries_is_judged_against_the_whole_base() -> None:
    codes = np.array([0, 0, 0, 0, 1])
    scores = np.array([0.80, 0.80, 0.80, 0.80, 0.95])
    relative = hybrid._by_language(scores, codes, 2)
    # alone in its language, the last entry's typical cosine is mostly the base's (0.83)
    assert relative[4] == pytest.approx(0.95 - (0.95 + hybrid.LANGUAGE_SHRINK * 0.83) / 6)
    assert relative[4] > 0.05  # unshrunk, its own cosine would be its language's typical one
    assert np.allclose(relative[:4], relative[0])


def test_each_language_is_measured_against_its_own_typical_cosine() -> None:
    codes = np.array([0] * 10 + [1] * 10)
    scores = np.array([0.75] * 9 + [0.85] + [0.88] * 9 + [0.90])
    relative = hybrid._by_language(scores, codes, 2)
    # the English entry stands out among English ones more than the Hebrew one among its own
    assert relative[9] > relative[19]


def test_rank_gives_features_for_the_best_candidates_only() -> None:
    vectors = np.eye(4, 384, dtype=np.float32)
    matrix = Matrix(np.arange(1, 5), ("en",) * 4, (b"",) * 4, (vectors,))
    query = hybrid.lexical.Query((), {}, 4)
    found = hybrid.rank(query, [], lambda rows: {}, matrix, vectors[2], "en", depth=2)
    assert [c.rowid for c in found] == [3, 1]
    assert found[0].features["cosine"] == pytest.approx(1.0)
    assert found[0].features["neighbour"] == pytest.approx(0.0)
    assert found[0].meaning and found[0].words == ()


def test_the_shipped_model_reads() -> None:
    fitted = hybrid.model()
    assert len(fitted.features) == len(fitted.weights)
    assert 0 < fitted.threshold < 1


def test_a_neighbourhood_is_the_nearest_entry_or_the_nearest_two_percent() -> None:
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(101, 384)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    big = Matrix(np.arange(101), ("en",) * 101, (b"",) * 101, (vectors,))
    small = Matrix(np.arange(10), ("en",) * 10, (b"",) * 10, (vectors[:10],))
    near = np.sort(np.delete(vectors @ vectors[0], 0))[::-1]
    assert big.neighbour(0) == pytest.approx(near[1])  # the 2nd nearest of 100: the top 2%
    assert small.neighbour(0) == pytest.approx(np.sort(np.delete(vectors[:10] @ vectors[0], 0))[-1])
