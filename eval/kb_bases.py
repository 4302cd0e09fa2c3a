"""The labelled knowledge bases: which ones tune the search, which one only tests it.

Each is a folder of entries and a JSON Lines file of queries ({"id", "lang", "query",
"expect", "style"}). Tune on TUNE only; TEST is looked at once, when the design is final.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "eval"


@dataclass(frozen=True)
class Base:
    name: str
    domain: str
    folder: Path
    queries: Path

    def rows(self) -> list[dict]:
        text = self.queries.read_text(encoding="utf-8")
        return [json.loads(line) for line in text.splitlines() if line.strip()]

    def exists(self) -> bool:
        return self.folder.is_dir() and self.queries.is_file()


TUNE = (
    Base("kb-dev", "home internet", SHARED / "kb-dev", SHARED / "kb-dev-queries.jsonl"),
    Base("shipped", "card terminals", ROOT / "knowledge", ROOT / "tests/data/kb-queries.jsonl"),
    Base("ride", "e-scooter sharing", ROOT / "eval/kb/ride", ROOT / "eval/kb/ride-queries.jsonl"),
    Base(
        "grocery",
        "grocery delivery",
        ROOT / "eval/kb/grocery",
        ROOT / "eval/kb/grocery-queries.jsonl",
    ),
    Base(
        "roster",
        "staff scheduling SaaS",
        ROOT / "eval/kb/roster",
        ROOT / "eval/kb/roster-queries.jsonl",
    ),
)
TEST = (
    Base(
        "vet",
        "vet clinics, pet insurance",
        ROOT / "eval/kb/vet",
        ROOT / "eval/kb/vet-queries.jsonl",
    ),
)
VECTORS = ROOT / ".phrasebot" / "vectors.sqlite"  # every base's vectors, kept by content


def named(names: list[str]) -> list[Base]:
    """The bases by name; "tune" and "test" stand for their groups."""
    every = {b.name: b for b in (*TUNE, *TEST)}
    out: list[Base] = []
    for name in names:
        group = {"tune": TUNE, "test": TEST}.get(name)
        out += list(group) if group else [every[name]]
    return [b for b in out if b.exists()]
