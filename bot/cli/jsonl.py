"""The --jsonl contracts other tools rely on: one JSON line out for each line in, in order.

`check --jsonl` reads {"id", "text"[, "context"]} and answers {"id", "lang", "findings",
"rewrite"[, "alternatives"]}; `fixes --jsonl` reads {"id", "query"} and answers {"id",
"results"}. A line that is not JSON, or lacks its text, gets {"id", "line", "error"}.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from typing import IO, Any

from bot.cli import EXIT_USAGE, render, texts
from bot.coach import Coach
from bot.knowledge.alternatives import fixes_for
from bot.knowledge.search import KnowledgeBase


def each_line(
    source: str, command: str, answers: Callable[[IO[str]], Iterator[dict[str, Any]]]
) -> int:
    """Run a --jsonl contract: one JSON line out for each line in, in order."""
    if source == "-":
        _write_lines(answers(sys.stdin))
        return 0
    try:
        with open(source, encoding="utf-8", errors="replace") as stream:
            _write_lines(answers(stream))
    except OSError as err:
        print(
            texts.CANNOT_READ.format(command=command, source=source, reason=err.strerror),
            file=sys.stderr,
        )
        return EXIT_USAGE
    return 0


def _write_lines(answers: Iterator[dict[str, Any]]) -> None:
    for answer in answers:
        sys.stdout.write(json.dumps(answer, ensure_ascii=False) + "\n")
        sys.stdout.flush()


def fix_answers(kb: KnowledgeBase, lines: IO[str], limit: int) -> Iterator[dict[str, Any]]:
    for _n, row, error in _json_rows(lines, "query"):
        if error:
            yield error
            continue
        hits = kb.search(row["query"], limit)
        yield {
            "id": row.get("id"),
            "results": [{"id": h.fix.id, "title": h.fix.title, "score": h.score} for h in hits],
        }


def _json_rows(
    lines: IO[str], field: str
) -> Iterator[tuple[int, dict[str, Any], dict[str, Any] | None]]:
    """Each non-blank line as (number, row, None), or (number, {}, an error answer)."""
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as err:
            yield (
                n,
                {},
                {"id": None, "line": n, "error": texts.NOT_JSON.format(n=n, reason=err.msg)},
            )
            continue
        if not isinstance(row, dict) or not isinstance(row.get(field), str):
            rid = row.get("id") if isinstance(row, dict) else None
            yield n, {}, {"id": rid, "line": n, "error": texts.NO_FIELD.format(n=n, field=field)}
            continue
        yield n, row, None


def check_answers(
    coach: Coach, kb: KnowledgeBase | None, lines: IO[str]
) -> Iterator[dict[str, Any]]:
    """One answer per non-blank input line, in order; a broken line gets an error answer."""
    for _, row, error in _json_rows(lines, "text"):
        if error:
            yield error
            continue
        report = coach.check(row["text"])
        answer = render.as_json(report, row.get("id"))
        if kb is not None:
            context = row.get("context") if isinstance(row.get("context"), str) else None
            hits = fixes_for(kb, report, context)
            answer["alternatives"] = [{"id": h.fix.id, "title": h.fix.title} for h in hits]
        yield answer
