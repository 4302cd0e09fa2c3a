#!/usr/bin/env python3
"""Fit the knowledge search's confidence: when to answer, and when the base has no answer.

    .venv/bin/python eval/kb_fit.py              # fit on the tune bases, write the model
    .venv/bin/python eval/kb_fit.py --dry-run    # print the figures, write nothing

For every query of the tune bases (eval/kb_bases.py: kb-dev, the shipped base, ride) the
search's best candidate is a labelled example: 1 when the query is answerable and a right
entry is among the first three candidates, else 0 (an unanswerable question, or a wrong
answer: both better left unanswered). A logistic regression over the candidate's features
(bot/knowledge/hybrid.py) gives the probability; the threshold is the one that serves every
base best: the mean over bases of recall@3 plus the share of unanswerable questions left
unanswered. Leave-one-base-out figures (fit on two bases, judge the third) are printed beside
the in-sample ones, as an honest guess of how it does on a base it has not seen.

The model goes to bot/data/kb-confidence.yaml with the data it was fitted on.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from kb_bases import TUNE, VECTORS, Base  # noqa: E402

from bot.knowledge import hybrid  # noqa: E402
from bot.knowledge.search import KnowledgeBase  # noqa: E402

FEATURES = ("cosine", "latent", "neighbour", "coverage", "words")
L2 = 1.0  # ridge penalty on the standardised weights
RUNNER_UP = 0.5  # further results need this share of the threshold (recall@3 keeps them)


@dataclass
class Example:
    base: str
    query: str
    answerable: bool
    label: float  # answerable, and a right entry is among the first three candidates
    top: dict[str, float]  # the best candidate's features
    rest: list[tuple[bool, dict[str, float]]]  # the next candidates: right?, features


def collect(bases: tuple[Base, ...], work: Path) -> list[Example]:
    out = []
    for base in bases:
        kb = KnowledgeBase(
            base.folder,
            work / f"{base.name}.sqlite",
            meaning=True,
            vectors=VECTORS,
            background=False,
        )
        kb.build()
        for row in base.rows():
            found = kb.candidates(row["query"])
            if not found:
                continue
            want = set(row["expect"])
            right = [fix.id in want for fix, _ in found]
            out.append(
                Example(
                    base.name,
                    row["query"],
                    bool(want),
                    float(any(right[:3])),
                    dict(found[0][1].features),
                    [
                        (r, dict(c.features))
                        for r, (_, c) in zip(right[1:3], found[1:3], strict=False)
                    ],
                )
            )
        kb.close()
    return out


def fit(
    x: np.ndarray, y: np.ndarray, l2: float = L2, groups: np.ndarray | None = None
) -> tuple[np.ndarray, float]:
    """Logistic regression, classes weighted to count equally (and each of `groups`, the
    bases, when given); weights on the raw features."""
    mu, sd = x.mean(0), x.std(0) + 1e-9
    z = (x - mu) / sd
    w, b = np.zeros(z.shape[1]), 0.0
    pos = min(max(y.mean(), 1e-3), 1 - 1e-3)
    cw = np.where(y == 1, 0.5 / pos, 0.5 / (1 - pos))
    if groups is not None:
        names, index, sizes = np.unique(groups, return_inverse=True, return_counts=True)
        cw = cw * (len(y) / (len(names) * sizes[index]))
    for _ in range(5000):
        p = 1 / (1 + np.exp(-(z @ w + b)))
        g = (p - y) * cw
        w -= 0.1 * (z.T @ g / len(y) + l2 * w / len(y))
        b -= 0.1 * g.mean()
    return w / sd, float(b - (w / sd) @ mu)


def probability(x: np.ndarray, w: np.ndarray, b: float) -> np.ndarray:
    return 1 / (1 + np.exp(-(x @ w + b)))


def judge(
    examples: list[Example], p: np.ndarray, threshold: float
) -> dict[str, tuple[float, int, int]]:
    """Per base: recall@3 with this threshold, unanswerable left unanswered, unanswerable."""
    out = {}
    for name in dict.fromkeys(e.base for e in examples):
        rows = [(e, q) for e, q in zip(examples, p, strict=True) if e.base == name]
        answerable = [(e, q) for e, q in rows if e.answerable]
        recall = sum(e.label and q >= threshold for e, q in answerable) / max(len(answerable), 1)
        unanswerable = [q for e, q in rows if not e.answerable]
        out[name] = (recall, sum(q < threshold for q in unanswerable), len(unanswerable))
    return out


ABSTAIN_WEIGHT = 1.0  # an unanswerable question left unanswered, against a right answer


def utility(figures: dict[str, tuple[float, int, int]]) -> float:
    return float(
        np.mean([r + ABSTAIN_WEIGHT * (a / u if u else 1.0) for r, a, u in figures.values()])
    )


def best_threshold(examples: list[Example], p: np.ndarray) -> float:
    grid = np.round(np.arange(0.05, 0.96, 0.01), 2)
    scores = [utility(judge(examples, p, t)) for t in grid]
    best = max(scores)
    # the middle of the best plateau: the least fragile choice
    plateau = [t for t, s in zip(grid, scores, strict=True) if s >= best - 1e-9]
    return float(plateau[len(plateau) // 2])


def show(title: str, figures: dict[str, tuple[float, int, int]]) -> str:
    cells = "  ".join(f"{n} {r:.3f} {a}/{u}" for n, (r, a, u) in figures.items())
    return f"{title:<34} {cells}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--features", default=",".join(FEATURES))
    parser.add_argument("--l2", type=float, default=L2)
    parser.add_argument("--dry-run", action="store_true", help="print the figures only")
    parser.add_argument("--balance", action="store_true", help="each base weighs the same")
    parser.add_argument(
        "--abstain-weight",
        type=float,
        default=ABSTAIN_WEIGHT,
        help="the share of unanswerable questions left unanswered, weighed against recall@3",
    )
    args = parser.parse_args()
    globals()["ABSTAIN_WEIGHT"] = args.abstain_weight
    features = tuple(args.features.split(","))
    with tempfile.TemporaryDirectory(prefix="kb-fit-") as tmp:
        examples = collect(TUNE, Path(tmp))
    x = np.array([[e.top[f] for f in features] for e in examples])
    y = np.array([e.label for e in examples])
    groups = np.array([e.base for e in examples]) if args.balance else None
    w, b = fit(x, y, args.l2, groups)
    p = probability(x, w, b)
    threshold = best_threshold(examples, p)
    print(f"{len(examples)} queries, {int(y.sum())} answered right in the top 3 by the order alone")
    print(
        "weights: "
        + ", ".join(f"{f} {v:+.3f}" for f, v in zip(features, w, strict=True))
        + f", bias {b:+.3f}"
    )
    print(show("no threshold", judge(examples, p, 0.0)))
    print(show(f"in sample, threshold {threshold:.2f}", judge(examples, p, threshold)))
    names = list(dict.fromkeys(e.base for e in examples))
    held = np.zeros(len(examples))
    for name in names:
        inside = np.array([e.base != name for e in examples])
        wo, bo = fit(x[inside], y[inside], args.l2, groups[inside] if groups is not None else None)
        held[~inside] = probability(x[~inside], wo, bo)
    out_threshold = {}
    for name in names:
        others = [i for i, e in enumerate(examples) if e.base != name]
        out_threshold[name] = best_threshold([examples[i] for i in others], held[others])
    lobo = {
        n: judge(
            [e for e in examples if e.base == n],
            held[[e.base == n for e in examples]],
            out_threshold[n],
        )[n]
        for n in names
    }
    print(show("each base left out (fit on others)", lobo))
    if args.dry_run:
        return 0
    write(features, w, b, threshold, examples)
    return 0


def write(
    features: tuple[str, ...], w: np.ndarray, b: float, threshold: float, examples: list[Example]
) -> None:
    counts = {
        n: sum(e.base == n for e in examples) for n in dict.fromkeys(e.base for e in examples)
    }
    fitted_on = ", ".join(f"{n} ({c} queries)" for n, c in counts.items())
    text = (
        "# Whether the knowledge search answers: a logistic regression over features of its best\n"
        "# candidate (bot/knowledge/hybrid.py). Written by eval/kb_fit.py; do not edit by hand.\n"
        f"# Fitted {date.today().isoformat()} on {fitted_on}.\n"
        f"features: [{', '.join(features)}]\n"
        f"weights: [{', '.join(f'{v:.4f}' for v in w)}]\n"
        f"bias: {b:.4f}\n"
        f"threshold: {threshold:.2f}\n"
        f"runner_up: {RUNNER_UP}\n"
    )
    hybrid.MODEL.write_text(text, encoding="utf-8")
    print(f"wrote {hybrid.MODEL}")


if __name__ == "__main__":
    sys.exit(main())
