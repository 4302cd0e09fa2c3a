#!/usr/bin/env python3
"""Count fluent readers' judgements of rewrites, per language: natural, acceptable, wrong.

    python3 eval/rewrites/score.py            # every judged <half>-<lang>.jsonl here
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    for path in sorted(HERE.glob("*-*.jsonl")):
        if path.name.endswith(".todo.jsonl"):
            continue
        rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
        counts = Counter(r.get("judgement", "?") for r in rows)
        n = len(rows)
        shown = ", ".join(f"{k} {v}" for k, v in counts.most_common())
        natural = counts["natural"] / n if n else 0.0
        print(f"{path.stem:10} {n:4} rewrites: natural {natural:.0%} ({shown})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
