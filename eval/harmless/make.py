#!/usr/bin/env python3
"""Everyday harmless sentences, written blind by fluent helper sessions (given only the rule
catalogue), into the meaning bank and a probe that stays out of it.

    python3 eval/harmless/make.py

<lang>.txt holds one sentence per line. Three of every four go to
phrasebook/meaning/harmless.yaml (good: per language); every fourth goes to probe.jsonl, in the
drafts' format with expect [], to measure how often an ordinary reply the bank never saw is
flagged: python3 ../shared/eval/score.py drafts eval/harmless/probe.jsonl

near-<lang>.txt are near misses, written the same way by other helpers asked for harmless
messages that come close to a rule (empathy that names fault, colleagues' chatter, reported
speech, a refusal with its alternative, "soon" with a time...); split the same way, their
probe is probe-near.jsonl.
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
BANK = HERE.parents[1] / "phrasebook" / "meaning" / "harmless.yaml"
LANGUAGES = ("en", "uk", "ru", "he", "hy")
HEADER = """\
# Everyday sentences agents send that break no rule: the meaning tier learns from them what an
# ordinary reply sounds like, so it does not take one for the nearest rule. good: only (a
# sentence that breaks a rule belongs in that rule's bank). Written by eval/harmless/make.py
# from eval/harmless/<lang>.txt; add your own below the generated ones freely.
"""


def main() -> None:
    bank = [HEADER, "good:\n"]
    probes: dict[str, list[str]] = {"probe.jsonl": [], "probe-near.jsonl": []}
    for lang in LANGUAGES:
        bank.append(f"  {lang}:\n")
        for source, prefix, probe in (
            (f"{lang}.txt", "harmless", "probe.jsonl"),
            (f"near-{lang}.txt", "near", "probe-near.jsonl"),
        ):
            lines = (HERE / source).read_text("utf-8").splitlines()
            for i, text in enumerate(t.strip() for t in lines):
                if not text:
                    continue
                if i % 4 == 3:
                    row = {
                        "id": f"{prefix}-{lang}-{i:03d}",
                        "lang": lang,
                        "text": text,
                        "expect": [],
                    }
                    probes[probe].append(json.dumps(row, ensure_ascii=False) + "\n")
                else:
                    bank.append(f"    - {json.dumps(text, ensure_ascii=False)}\n")
    BANK.write_text("".join(bank), "utf-8")
    for name, rows in probes.items():
        (HERE / name).write_text("".join(rows), "utf-8")
    sizes = ", ".join(f"{name} {len(rows)}" for name, rows in probes.items())
    print(f"{BANK}: {sum(b.startswith('    - ') for b in bank)} sentences; {sizes}")


if __name__ == "__main__":
    main()
