#!/usr/bin/env python3
"""Rewrites for fluent readers to judge: every draft of a half that needs a rewrite and gets one.

Only drafts the writers marked as breaking a rule count: a clean draft that was flagged is a
detection error, scored by ../shared/eval/score.py, not a rewrite to judge.

    .venv/bin/python eval/rewrites/make.py tune    # -> eval/rewrites/tune-<lang>.todo.jsonl
    .venv/bin/python eval/rewrites/make.py test

Each line: {"id", "lang", "text", "rewrite", "flagged": [[rule, how, words]]}. A reader fluent in
the language adds "judgement" (natural / acceptable / wrong) and a short "note", and saves the
file as <half>-<lang>.jsonl; score.py there counts them.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from bot import Coach  # noqa: E402


def main() -> int:
    half = sys.argv[1] if len(sys.argv) > 1 else "tune"
    rows = [
        json.loads(line)
        for line in (HERE.parent / "drafts" / f"{half}.jsonl").read_text("utf-8").splitlines()
        if line.strip()
    ]
    coach = Coach()
    by_lang: dict[str, list[dict]] = {}
    for row in rows:
        if not row["expect"]:
            continue
        report = coach.check(row["text"])
        if not report.findings or report.rewrite == row["text"]:
            continue
        by_lang.setdefault(row["lang"], []).append(
            {
                "id": row["id"],
                "lang": row["lang"],
                "text": row["text"],
                "rewrite": report.rewrite,
                "flagged": [[f.rule, f.how, f.match] for f in report.findings],
            }
        )
    for lang, items in sorted(by_lang.items()):
        path = HERE / f"{half}-{lang}.todo.jsonl"
        path.write_text(
            "".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items), encoding="utf-8"
        )
        print(f"{path.name}: {len(items)} rewrites")
    return 0


if __name__ == "__main__":
    sys.exit(main())
