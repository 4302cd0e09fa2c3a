"""The Slack layer's shape: listener modules are leaves, imports never go round in a circle,
only bot/slack/ imports Slack's libraries, and no module grows past about 500 lines."""

from __future__ import annotations

import ast
from pathlib import Path

BOT = Path(__file__).resolve().parents[2] / "bot"
LISTENERS = "bot.slack.listeners"


def module_name(path: Path) -> str:
    parts = path.relative_to(BOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(BOT.rglob("*.py"))}


def imports(name: str) -> set[str]:
    """The modules `name` imports: `from a import b` counts as a.b when a.b is a module."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(MODULES[name].read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found |= {f"{node.module}.{a.name}" for a in node.names} & MODULES.keys()
    return found


def internal(name: str) -> set[str]:
    return {m for m in imports(name) if m in MODULES and m != name}


def test_listener_modules_never_import_each_other() -> None:
    leaves = [m for m in MODULES if m.startswith(LISTENERS + ".")]
    assert sorted(leaves) == [
        f"{LISTENERS}.{leaf}" for leaf in ("check", "draft", "fixes", "home", "leads", "tips")
    ]
    assert {m: internal(m) & set(leaves) for m in leaves} == {m: set() for m in leaves}


def test_only_the_listeners_package_and_app_import_listeners() -> None:
    users = {m for m in MODULES if any(i.startswith(LISTENERS) for i in internal(m))}
    assert users == {LISTENERS, "bot.slack.app"}


def test_no_import_cycles() -> None:
    graph = {m: internal(m) for m in MODULES}
    done: set[str] = set()

    def visit(node: str, path: tuple[str, ...]) -> None:
        assert node not in path, " -> ".join((*path, node))
        if node in done:
            return
        for nxt in graph[node]:
            visit(nxt, (*path, node))
        done.add(node)

    for name in graph:
        visit(name, ())


def test_only_bot_slack_imports_slack_bolt_or_slack_sdk() -> None:
    outside = {
        m
        for m in MODULES
        if not m.startswith("bot.slack")
        and any(i.split(".")[0] in ("slack_bolt", "slack_sdk") for i in imports(m))
    }
    assert outside == set()


def test_no_slack_module_is_over_500_lines() -> None:
    sizes = {m: len(p.read_text(encoding="utf-8").splitlines()) for m, p in MODULES.items()}
    assert {m: n for m, n in sizes.items() if m.startswith("bot.slack") and n > 500} == {}
