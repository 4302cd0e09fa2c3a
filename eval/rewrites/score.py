#!/usr/bin/env python3
"""Count fluent readers' judgements of rewrites, per language: natural, acceptable, wrong.

    python3 eval/rewrites/score.py round1     # every judged <half>-<lang>.jsonl in round1/

round0/: the tune half's rewrites before clause-level replacement (judged once, to see what
was wrong); round1/: both halves and the rules' own `rewrites:` pairs, after it.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    folder = HERE / (sys.argv[1] if len(sys.argv) > 1 else "round1")
    for path in sorted(folder.glob("*-*.jsonl")):
        if path.name.endswith(".todo.jsonl"):
            continue
        rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
        counts = Counter(r.get("judgement", "?") for r in rows)
        n = len(rows)
        shown = ", ".join(f"{k} {v}" for k, v in counts.most_common())
        natural = counts["natural"] / n if n else 0.0
        fair = (counts["natural"] + counts["acceptable"]) / n if n else 0.0
        print(
            f"{path.stem:10} {n:4} rewrites: natural {natural:.0%},"
            f" natural or acceptable {fair:.0%} ({shown})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
