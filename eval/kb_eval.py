#!/usr/bin/env python3
"""Score the knowledge search on labelled bases: per base, per language and per style.

    .venv/bin/python eval/kb_eval.py tune            # the tune bases (kb-dev, shipped, ride)
    .venv/bin/python eval/kb_eval.py test            # the held-out base (vet): once, at the end
    .venv/bin/python eval/kb_eval.py ride --show 20  # one base, and its first 20 mistakes
    .venv/bin/python eval/kb_eval.py tune --words    # by words alone, as before vectors

The figures are those of /work/shared/eval/score.py (recall@3 and MRR over the answerable
queries, unanswerable queries left unanswered), computed in one process through
KnowledgeBase.search with the limit `phrasebot fixes` uses (3); vectors come from
.phrasebot/vectors.sqlite and are embedded once.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from kb_bases import TUNE, VECTORS, Base, named  # noqa: E402

from bot.knowledge.search import KnowledgeBase  # noqa: E402

LIMIT = 3


@dataclass
class Tally:
    """Recall@3, MRR and abstention over some queries."""

    answerable: int = 0
    found: int = 0
    rr: float = 0.0
    unanswerable: int = 0
    abstained: int = 0
    twins: int = 0  # results held right entries in the query's language and in another
    own_first: int = 0  # ...and the query's own language came first

    def add(self, expect: list[str], ranked: list[str]) -> bool:
        if not expect:
            self.unanswerable += 1
            self.abstained += not ranked
            return not ranked
        self.answerable += 1
        hit = bool(set(expect) & set(ranked[:3]))
        self.found += hit
        self.rr += next((1 / i for i, r in enumerate(ranked, 1) if r in expect), 0.0)
        return hit

    def recall(self) -> float:
        return self.found / self.answerable if self.answerable else float("nan")

    def mrr(self) -> float:
        return self.rr / self.answerable if self.answerable else float("nan")

    def cells(self) -> str:
        r = f"{self.recall():.3f} ({self.found}/{self.answerable})" if self.answerable else "-"
        m = f"{self.mrr():.3f}" if self.answerable else "-"
        a = f"{self.abstained}/{self.unanswerable}" if self.unanswerable else "-"
        return f"{r:>16} {m:>6} {a:>6}"


@dataclass
class Result:
    base: Base
    total: Tally = field(default_factory=Tally)
    langs: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    styles: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    misses: list[str] = field(default_factory=list)
    seconds: float = 0.0


def run(base: Base, *, meaning: bool, work: Path) -> Result:
    kb = KnowledgeBase(
        base.folder,
        work / f"{base.name}.sqlite",
        meaning=meaning,
        vectors=VECTORS,
        background=False,
    )
    kb.build()
    out = Result(base)
    start = time.perf_counter()
    for row in base.rows():
        hits = kb.search(row["query"], LIMIT)
        ranked = [h.fix.id for h in hits]
        right = [h.fix.lang == row.get("lang") for h in hits if h.fix.id in row["expect"]]
        if len(set(right)) == 2:
            out.total.twins += 1
            out.total.own_first += right[0]
        lang, style = row.get("lang", "?"), row.get("style", "-")
        ok = out.total.add(row["expect"], ranked)
        out.langs[lang].add(row["expect"], ranked)
        out.styles[style].add(row["expect"], ranked)
        if not ok:
            got = ", ".join(f"{h.fix.id} {h.score:.2f}" for h in hits) or "nothing"
            want = ", ".join(row["expect"]) or "nothing"
            out.misses.append(
                f"{row['id']} ({lang}, {style}): want {want}; got {got}: {row['query'][:110]!r}"
            )
    out.seconds = time.perf_counter() - start
    kb.close()
    return out


def table(results: list[Result]) -> str:
    head = f"{'base':<9} {'group':<14} {'recall@3':>16} {'MRR':>6} {'abst.':>6}"
    lines = [head, "-" * len(head)]
    for r in results:
        group = "tune" if r.base in TUNE else "TEST"
        lines.append(f"{r.base.name:<9} {'all (' + group + ')':<14} {r.total.cells()}")
        for lang in sorted(r.langs):
            lines.append(f"{'':<9} {'lang ' + lang:<14} {r.langs[lang].cells()}")
        for style in sorted(r.styles):
            if style != "-":
                lines.append(f"{'':<9} {'style ' + style:<14} {r.styles[style].cells()}")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("bases", nargs="*", default=["tune"], help="tune, test, or base names")
    parser.add_argument("--words", action="store_true", help="search by words alone")
    parser.add_argument("--show", type=int, default=0, help="print up to N mistakes per base")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kb-eval-") as tmp:
        results = [run(b, meaning=not args.words, work=Path(tmp)) for b in named(args.bases)]
    print(table(results))
    for r in results:
        print(
            f"{r.base.name}: {r.total.answerable + r.total.unanswerable} queries in"
            f" {r.seconds:.1f} s; right entries in two languages among the results"
            f" {r.total.twins} times, the query's own language first {r.total.own_first}"
        )
        for line in r.misses[: args.show]:
            print("  " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
