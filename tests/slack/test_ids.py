"""bot/slack/ids.py holds every id and shared count: none is defined a second time elsewhere."""

from __future__ import annotations

import ast
from pathlib import Path

SLACK = Path(__file__).resolve().parents[2] / "bot" / "slack"


def constants(path: Path) -> set[str]:
    """The UPPER_CASE names a module assigns at its top level."""
    names: set[str] = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        targets = node.targets if isinstance(node, ast.Assign) else []
        if isinstance(node, ast.AnnAssign):
            targets = [node.target]
        names |= {t.id for t in targets if isinstance(t, ast.Name) and t.id.isupper()}
    return names


def test_no_constant_is_defined_in_two_slack_modules() -> None:
    seen: dict[str, list[str]] = {}
    for path in sorted(SLACK.rglob("*.py")):
        for name in constants(path):
            seen.setdefault(name, []).append(str(path.relative_to(SLACK)))

    assert {name: where for name, where in seen.items() if len(where) > 1} == {}


def test_fixes_shown_is_defined_once_in_ids() -> None:
    assert [p.name for p in sorted(SLACK.rglob("*.py")) if "FIXES_SHOWN" in constants(p)] == [
        "ids.py"
    ]
