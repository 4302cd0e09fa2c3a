"""Read a YAML file into plain values plus the line of every key and item; the only yaml importer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.problems import Problem

Path_ = tuple[str | int, ...]
# libyaml's parser when the wheel has it (it does on the usual platforms): 5-10x faster.
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class YamlError(Exception):
    """The file is not readable YAML; `line` and `column` are 1-based (column 0: unknown)."""

    def __init__(
        self,
        line: int,
        message: str,
        column: int = 0,
        source: str = "",
        fix: str = "fix the YAML syntax on that line",
    ) -> None:
        super().__init__(message)
        self.line = line
        self.message = message
        self.column = column
        self.source = source
        self.fix = fix

    def problem(self, file: str, rule: str) -> Problem:
        return Problem(file, self.line, rule, self.message, self.fix, self.column, self.source)


@dataclass(frozen=True)
class Document:
    value: Any
    lines: dict[Path_, int] = field(default_factory=dict)
    duplicates: tuple[tuple[Path_, int], ...] = ()  # keys written twice, and where
    columns: dict[Path_, int] = field(default_factory=dict)  # of the value, 1-based
    key_columns: dict[Path_, int] = field(default_factory=dict)  # of the key, for a mapping's
    text: tuple[str, ...] = ()  # the file's lines, to quote in problems
    values: dict[Path_, int] = field(default_factory=dict)  # the line each value starts on

    def line(self, *path: str | int) -> int:
        """The line of the deepest part of `path` that the file has (1 if none)."""
        return self._deepest(path, False)[0]

    def column(self, *path: str | int) -> int:
        """The column where that part's value starts (0 if unknown)."""
        return self._deepest(path, False)[1]

    def _deepest(self, path: Path_, key: bool) -> tuple[int, int]:
        while path:
            if path in self.lines:
                columns = self.key_columns if key and path in self.key_columns else self.columns
                line = self.lines[path]
                column = columns.get(path, 0)
                if columns is self.columns and self.values.get(path, line) != line:
                    column = self.key_columns.get(path, 0)  # a block value: point at its key
                return line, column
            path = path[:-1]
        return self.lines.get((), 1), self.columns.get((), 0)

    def source(self, line: int) -> str:
        return self.text[line - 1] if 0 < line <= len(self.text) else ""

    def problem(
        self,
        file: str,
        path: Path_,
        rule: str,
        message: str,
        fix: str,
        *,
        key: bool = False,
        note: bool = False,
    ) -> Problem:
        """A problem about the value at `path` (or its key), quoting its line."""
        line, column = self._deepest(path, key)
        return Problem(file, line, rule, message, fix, column, self.source(line), note)

    def shifted(self, by: int) -> Document:
        """The same document as if it started `by` lines further down (front matter)."""
        return Document(
            self.value,
            {k: v + by for k, v in self.lines.items()},
            tuple((k, v + by) for k, v in self.duplicates),
            self.columns,
            self.key_columns,
            ("",) * by + self.text,
            {k: v + by for k, v in self.values.items()},
        )


def read(path: Path, overlay: Mapping[str, str] | None = None) -> Document:
    """Parse one YAML file (or the text `overlay` holds for it); raise YamlError on bad syntax."""
    if overlay and str(path) in overlay:
        return parse(overlay[str(path)])
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        raise YamlError(
            1, f"the file is not UTF-8 text ({err.reason})", fix="save the file as UTF-8"
        ) from None
    return parse(text)


def parse(text: str) -> Document:
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return Document(None, {(): 1}, text=tuple(text.splitlines()))
        spots = _Spots()
        duplicates: list[tuple[Path_, int]] = []
        _walk(node, (), spots, duplicates)
        value = _plain(loader.construct_document(node))
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else 1
        column = mark.column + 1 if mark else 0
        source = text.splitlines()[line - 1] if line <= len(text.splitlines()) else ""
        message = f"not valid YAML: {err.problem or err.context}"
        raise YamlError(line, message, column, source) from None
    except yaml.YAMLError as err:
        raise YamlError(1, f"not valid YAML: {err}") from None
    finally:
        loader.dispose()
    return Document(
        value,
        spots.lines,
        tuple(duplicates),
        spots.columns,
        spots.key_columns,
        tuple(text.splitlines()),
        spots.values,
    )


@dataclass
class _Spots:
    """Where each part of a document is, gathered in one walk."""

    lines: dict[Path_, int] = field(default_factory=dict)
    columns: dict[Path_, int] = field(default_factory=dict)
    key_columns: dict[Path_, int] = field(default_factory=dict)
    values: dict[Path_, int] = field(default_factory=dict)


def _walk(node: yaml.Node, path: Path_, spots: _Spots, dups: list[tuple[Path_, int]]) -> None:
    spots.lines.setdefault(path, node.start_mark.line + 1)
    spots.columns[path] = node.start_mark.column + 1
    spots.values[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in seen:
                dups.append(((*path, key), key_node.start_mark.line + 1))
            seen.add(key)
            spots.lines[(*path, key)] = key_node.start_mark.line + 1
            spots.key_columns[(*path, key)] = key_node.start_mark.column + 1
            _walk(value_node, (*path, key), spots, dups)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _walk(item, (*path, i), spots, dups)


def _plain(value: Any) -> Any:
    """Dates become ISO strings and keys strings, so later checks see one kind of value."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
