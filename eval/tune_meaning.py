#!/usr/bin/env python3
"""Choose the meaning tier's margins on the TUNE half of our own drafts, never the test half.

    .venv/bin/python eval/tune_meaning.py [eval/drafts/tune.jsonl]

Checks every draft once per setting through the real engine (the phrase tier, the veto and the
meaning tier together) and prints F1, precision, recall and clean drafts flagged for a grid of
margins and vetoes, best F1 at precision >= --min-precision last. Put what it picks in
bot/check/meaning.py's Tuning defaults (or in rules.yaml under meaning:).
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.config import settings_for
from bot.phrasebook.verify import build


def score(rows: list[dict], found: dict[str, set[str]]) -> tuple[float, float, float, int, int]:
    tp = fp = fn = clean = clean_fp = 0
    for r in rows:
        want, got = set(r["expect"]), found[r["id"]]
        tp += len(want & got)
        fp += len(got - want)
        fn += len(want - got)
        if not want:
            clean += 1
            clean_fp += bool(got)
    p = tp / (tp + fp) if tp + fp else 1.0
    rec = tp / (tp + fn) if tp + fn else 1.0
    return (2 * p * rec / (p + rec) if p + rec else 0.0), p, rec, clean_fp, clean


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument(
        "drafts", nargs="?", default="eval/drafts/tune.jsonl", help="files, comma-separated"
    )
    ap.add_argument("--min-precision", type=float, default=0.9)
    ap.add_argument(
        "--guard",
        default=str(Path(__file__).resolve().parents[2] / "shared/eval/dev-drafts.jsonl"),
        help="a set of textbook drafts the phrases already get right: a setting must not lose them",
    )
    ap.add_argument("--margins", default="0.0", help="margins to try, comma-separated")
    ap.add_argument("--ridges", default="0.0", help="ridge margins to try, comma-separated")
    ap.add_argument("--shorts", default="0.02", help="short-sentence margins to try")
    ap.add_argument("--vetoes", default="none,-0.03,-0.02,-0.01", help="vetoes to try")
    ap.add_argument("--harmless", default="-9,0.3,0.6,0.9", help="veto_harmless values to try")
    args = ap.parse_args()
    if any("test" in Path(p).name for p in args.drafts.split(",")):
        sys.exit("tune_meaning.py: tune on the tune half only")
    rows = [
        json.loads(line)
        for path in args.drafts.split(",")
        for line in open(path, encoding="utf-8")
        if line.strip()
    ]
    guard = []
    if Path(args.guard).is_file():
        guard = [json.loads(line) for line in open(args.guard, encoding="utf-8") if line.strip()]
    settings, _ = settings_for()
    # Built whatever the examples say: the margins being tuned decide which of them pass.
    engine, _ = build(replace(settings, meaning=True, meaning_tuning={"veto": -1.0}))
    review = engine._review if engine else None
    if engine is None or review is None:
        sys.exit("tune_meaning.py: the meaning tier is off or the bank is empty")
    base = review.meaning.tuning
    phrases = {
        r["id"]: {f.rule for f in engine.check(r["text"], meaning=False).findings} for r in rows
    }
    print("phrases only: F1 %.3f P %.3f R %.3f clean flagged %d/%d" % score(rows, phrases))
    results = []
    def floats(text: str) -> tuple[float | None, ...]:
        return tuple(None if v == "none" else float(v) for v in text.split(","))

    grid = itertools.product(
        floats(args.margins),
        floats(args.shorts),
        floats(args.ridges),
        floats(args.vetoes),
        floats(args.harmless),
    )
    for margin, short, ridge, veto, nearest in grid:
        if veto is None and nearest != -9:
            continue
        review.meaning.tuning = replace(
            base,
            margin=margin,
            short_margin=max(short, margin),
            ridge_margin=ridge,
            veto=veto,
            veto_harmless=nearest,
        )
        found = {r["id"]: {f.rule for f in engine.check(r["text"]).findings} for r in rows}
        f1, p, rec, cfp, clean = score(rows, found)
        results.append((f1, p, rec, cfp, clean, margin, short, ridge, veto, nearest))
        print(
            f"margin {margin:6.3f} short {short:4.2f} ridge {ridge:3.1f} veto {veto} harmless {nearest}: F1 {f1:.3f} P {p:.3f} R {rec:.3f} clean flagged {cfp}/{clean}"
        )
        if guard:
            kept = {r["id"]: {f.rule for f in engine.check(r["text"]).findings} for r in guard}
            print("  guard set: F1 %.3f P %.3f R %.3f clean flagged %d/%d" % score(guard, kept))
    ok = [r for r in results if r[1] >= args.min_precision] or results
    best = max(ok, key=lambda r: r[0])
    print(
        "best at P >= %.2f: margin %.3f short_margin %.2f ridge_margin %.1f veto %s"
        " harmless %s (F1 %.3f P %.3f R %.3f)" % (args.min_precision, *best[5:10], *best[0:3])
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
