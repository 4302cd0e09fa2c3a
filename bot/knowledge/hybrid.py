"""Words and meaning together: candidates from both, one order, and a confidence to answer by.

The lexical side (bot.knowledge.lexical) gives each candidate its coverage of the query's words;
the meaning side gives its cosine with the query, per dense view, and the cosine of their latent
terms (the encoder's sparse head). Neither is compared raw: the encoder puts texts of one
language nearer each other whatever they say, so each entry's score is first taken relative to
the other entries of its language (shrunk toward the whole base when a language has few
entries), then standardised over the base. The order is coverage plus a share of each
standardised score, with a small lead for entries in the query's own language. The latent terms
were worth their second pass of the encoder: on the three blind tune bases the order's
recall@3 went from 0.843, 0.843 and 0.898 to 0.880, 0.898 and 0.926.

Whether to answer is a calibrated probability from signals of the best candidate: a logistic
regression (bot/data/kb-confidence.yaml) that eval/kb_fit.py fits on labelled queries of several
bases and picks its signals by how they do on a base left out of the fit. Every candidate
carries all the signals it was tried on: its cosine; its latent terms' cosine; how close its own neighbours in the base
are; its coverage; its margin over the base's typical cosine and over the next entry; whether
both sides rank it near the top; its language; how long the query is. Below the threshold the
base has no answer, and nothing is returned.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from bot.embed import encoder
from bot.knowledge import lexical
from bot.knowledge.index import Terms
from bot.knowledge.vectors import Matrix
from bot.yamlfile import read

MODEL = Path(__file__).resolve().parents[1] / "data" / "kb-confidence.yaml"
DENSE_CANDIDATES = 24  # entries each meaning score adds to the lexical candidates
DENSE_WEIGHT = 0.5  # a standardised meaning score's worth against coverage (0-1)
LATENT_WEIGHT = 0.5  # a standardised latent-terms score's worth
SAME_LANGUAGE = 0.1  # the lead of an entry in the query's own language
LANGUAGE_SHRINK = 5.0  # entries' worth of the whole base in a language's typical cosine
AGREE_TOP = 3  # both sides rank a candidate this high: they agree on it
MEANING_TOP = 3  # a result the meaning side ranks this high was found by meaning too


@dataclass(frozen=True)
class Candidate:
    """One entry considered for a query: where it stands and why."""

    rowid: int
    lang: str
    fused: float  # the order: coverage + the weighted meaning scores (+ the language lead)
    coverage: float
    words: tuple[str, ...]  # the query's words it holds
    meaning: bool  # the meaning side ranks it near the top
    features: Mapping[str, float]


@dataclass(frozen=True)
class Model:
    """A logistic regression over named features, and the probability to answer from."""

    features: tuple[str, ...]
    weights: tuple[float, ...]
    bias: float
    threshold: float
    runner_up: float  # further results need at least this share of the threshold

    def confidence(self, features: Mapping[str, float]) -> float:
        z = self.bias + sum(
            w * features[f] for f, w in zip(self.features, self.weights, strict=True)
        )
        return 1 / (1 + math.exp(-max(min(z, 50.0), -50.0)))


@cache
def model(path: Path = MODEL) -> Model:
    """The fitted confidence (read once)."""
    data = read(path).value
    return Model(
        features=tuple(data["features"]),
        weights=tuple(float(w) for w in data["weights"]),
        bias=float(data["bias"]),
        threshold=float(data["threshold"]),
        runner_up=float(data["runner_up"]),
    )


def rank(
    query: lexical.Query,
    lexical_rows: Sequence[int],
    terms: Callable[[Sequence[int]], dict[int, Terms]],
    matrix: Matrix,
    vector: np.ndarray,
    lang: str,
    depth: int,
    latent: np.ndarray | None = None,
) -> list[Candidate]:
    """The best `depth` candidates of both sides, best first, each with its features.
    `latent` is the query's packed latent terms (None: the dense vector alone)."""
    n = len(matrix)
    if not n or depth < 1:
        return []
    per_view = [view @ vector for view in matrix.dense]
    raw = np.mean(per_view, axis=0)
    codes, count = matrix.languages()
    meaning = np.mean([_standard(_by_language(s, codes, count)) for s in per_view], axis=0)
    sense = DENSE_WEIGHT * meaning
    sparse = None
    if latent is not None and matrix.latent is not None:
        sparse = encoder.latent_scores(matrix.latent, latent)
        lexicon = _standard(_by_language(sparse, codes, count))
        sense = sense + LATENT_WEIGHT * lexicon
    where = matrix.positions()
    many = min(DENSE_CANDIDATES, n)
    top = _best(meaning, many)
    near = [*top, *(_best(lexicon, many) if sparse is not None else ())]
    rows = [r for r in dict.fromkeys([*lexical_rows, *(int(matrix.rowids[i]) for i in near)])]
    rows = [r for r in rows if r in where]
    found = terms(rows)
    scored = {r: lexical.coverage(query, found[r]) if r in found else (0.0, ()) for r in rows}
    fused = {
        r: scored[r][0]
        + float(sense[where[r]])
        + (SAME_LANGUAGE if matrix.langs[where[r]] == lang else 0.0)
        for r in rows
    }
    order = sorted(rows, key=lambda r: -fused[r])[:depth]
    word_top = set(sorted(rows, key=lambda r: -scored[r][0])[:AGREE_TOP])
    meaning_top = {int(matrix.rowids[i]) for i in _best(sense, MEANING_TOP)}
    typical = float(raw.mean())
    out = []
    for r in order:
        i = where[r]
        runner = top[1] if top[0] == i and n > 1 else top[0]
        features = {
            "cosine": float(raw[i]),
            "latent": float(sparse[i]) if sparse is not None else 0.0,
            "neighbour": matrix.neighbour(i),
            "coverage": scored[r][0],
            "over_typical": float(raw[i]) - typical,
            "over_next": float(meaning[i] - meaning[runner]) if n > 1 else 0.0,
            "agree": float(r in word_top and r in meaning_top and scored[r][0] > 0),
            "words": math.log1p(len(query.words)),
            "same_language": float(matrix.langs[i] == lang),
        }
        out.append(
            Candidate(
                r, matrix.langs[i], fused[r], scored[r][0], scored[r][1], r in meaning_top, features
            )
        )
    return out


def _best(scores: np.ndarray, many: int) -> np.ndarray:
    """The positions of the `many` highest scores, highest first."""
    many = min(many, len(scores))
    top = np.argpartition(-scores, many - 1)[:many]
    found: np.ndarray = top[np.argsort(-scores[top])]
    return found


def answer(
    candidates: Sequence[Candidate], limit: int, fitted: Model | None = None
) -> list[tuple[Candidate, float]]:
    """The confident candidates with their confidence, best first; [] when the best one is not
    confident enough. Confidences never rise down the list."""
    if not candidates or limit < 1:
        return []
    fitted = fitted or model()
    best = fitted.confidence(candidates[0].features)
    if best < fitted.threshold:
        return []
    out = [(candidates[0], best)]
    floor = fitted.threshold * fitted.runner_up
    for candidate in candidates[1:]:
        if len(out) >= limit:
            break
        confidence = min(fitted.confidence(candidate.features), out[-1][1])
        if confidence >= floor:
            out.append((candidate, confidence))
    return out


def _by_language(scores: np.ndarray, codes: np.ndarray, count: int) -> np.ndarray:
    """Each cosine less its language's typical cosine for this query (shrunk to the base's)."""
    sums = np.bincount(codes, weights=scores, minlength=count)
    sizes = np.bincount(codes, minlength=count).astype(np.float64)
    overall = float(scores.mean())
    typical = (sums + LANGUAGE_SHRINK * overall) / (sizes + LANGUAGE_SHRINK)
    out: np.ndarray = scores - typical[codes]
    return out


def _standard(scores: np.ndarray) -> np.ndarray:
    spread = float(scores.std())
    return (scores - scores.mean()) / spread if spread > 1e-9 else np.zeros_like(scores)
