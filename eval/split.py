#!/usr/bin/env python3
"""Split each labelled set into a tune half and a test half, once, before anyone scores it.

    python3 eval/split.py                 # drafts/<lang>.jsonl -> drafts/tune.jsonl, drafts/test.jsonl
    python3 eval/split.py drafts/fresh    # the same for another folder of <lang>.jsonl files

Within each file (one per language), clean and flagged drafts are split apart so both halves
hold the same share of each; the order within a group comes from a digest of the id, so the split does not
depend on how the file was written and never changes once made. Tune on tune.jsonl only;
test.jsonl is for reporting.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _key(row: dict) -> str:
    return hashlib.blake2b(str(row["id"]).encode(), digest_size=8).hexdigest()


def split(rows: list[tuple[str, dict]], group: str = "expect") -> tuple[list[dict], list[dict]]:
    """Rows as (the file they came from, row): each file is split on its own."""
    tune: list[dict] = []
    test: list[dict] = []
    groups: dict[tuple[str, bool], list[dict]] = {}
    for source, row in rows:
        groups.setdefault((source, bool(row.get(group))), []).append(row)
    for key in sorted(groups):
        for i, row in enumerate(sorted(groups[key], key=_key)):
            (tune if i % 2 == 0 else test).append(row)
    return tune, test


def write(path: Path, rows: list[dict]) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")


def main() -> int:
    folder = HERE / (sys.argv[1] if len(sys.argv) > 1 else "drafts")
    rows = []
    for path in sorted(folder.glob("[a-z][a-z].jsonl")):
        text = path.read_text("utf-8")
        rows += [(path.stem, json.loads(line)) for line in text.splitlines() if line.strip()]
    tune, test = split(rows)
    write(folder / "tune.jsonl", tune)
    write(folder / "test.jsonl", test)
    print(f"{len(rows)} drafts: {len(tune)} tune, {len(test)} test", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
