"""The --jsonl contracts other tools rely on: one JSON line out for each line in, in order.

`check --jsonl` reads {"id", "text"[, "context"]} and answers {"id", "lang", "findings",
"rewrite"[, "alternatives"]}; `fixes --jsonl` reads {"id", "query"} and answers {"id",
"results"}. A line that is not JSON, or lacks its text, gets {"id", "line", "error"}.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import Any, BinaryIO

from bot.cli import EXIT_USAGE, render, texts
from bot.cli.progress import Bar
from bot.coach import Coach
from bot.knowledge.alternatives import fixes_for
from bot.knowledge.search import KnowledgeBase
from bot.problems import CheckTooSlow


def each_line(
    source: str, command: str, answers: Callable[[Iterable[bytes]], Iterator[dict[str, Any]]]
) -> int:
    """Run a --jsonl contract: one JSON line out for each line in, in order.

    Lines are read as bytes and decoded one by one, so a line that is not UTF-8 gets its own
    error answer and the rest of the batch goes on.
    """
    if source == "-":
        _write_lines(answers(_stdin()))
        return 0
    try:
        with open(source, "rb") as stream:
            bar = Bar(texts.PROGRESS.format(command=command))
            _write_lines(answers(_watched(stream, bar)))
            bar.close()
    except OSError as err:
        print(
            texts.CANNOT_READ.format(command=command, source=source, reason=err.strerror),
            file=sys.stderr,
        )
        return EXIT_USAGE
    return 0


def _watched(stream: BinaryIO, bar: Bar) -> Iterator[bytes]:
    """The file's lines, telling the progress bar how far through the file they are."""
    total = os.fstat(stream.fileno()).st_size
    done = 0
    for line in stream:
        done += len(line)
        bar(done, total)
        yield line


def _stdin() -> Iterable[bytes]:
    """Standard input as byte lines (a text stream without a buffer, as tests give, encoded)."""
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is not None:
        return buffer  # type: ignore[no-any-return]
    return (line.encode("utf-8", "surrogatepass") for line in sys.stdin)


def _write_lines(answers: Iterator[dict[str, Any]]) -> None:
    out = sys.stdout.buffer if hasattr(sys.stdout, "buffer") else None
    for answer in answers:
        line = encoded(answer)
        if out is not None:
            sys.stdout.flush()
            out.write(line)
            out.flush()
        else:
            sys.stdout.write(line.decode("utf-8"))
            sys.stdout.flush()


def encoded(answer: dict[str, Any]) -> bytes:
    """One answer as a UTF-8 JSON line; text with lone surrogates (from a "\\ud800" escape in
    the input) is written with escapes, which is still valid JSON."""
    try:
        return (json.dumps(answer, ensure_ascii=False) + "\n").encode("utf-8")
    except UnicodeEncodeError:
        return (json.dumps(answer) + "\n").encode("utf-8")


def fix_answers(kb: KnowledgeBase, lines: Iterable[bytes], limit: int) -> Iterator[dict[str, Any]]:
    """One {"id", "results"} answer per non-blank input line, in order."""
    for n, row, error in _json_rows(lines, "query"):
        if error:
            yield error
            continue
        try:
            hits = kb.search(row["query"], limit)
        except Exception as err:  # one line's failure must not lose the batch
            yield _failed(n, row, err)
            continue
        yield {"id": row.get("id"), "results": [render.as_json_hit(h) for h in hits]}


def check_answers(
    coach: Coach, kb: KnowledgeBase | None, lines: Iterable[bytes]
) -> Iterator[dict[str, Any]]:
    """One answer per non-blank input line, in order; a broken line gets an error answer."""
    for n, row, error in _json_rows(lines, "text"):
        if error:
            yield error
            continue
        try:
            report = coach.check(row["text"])
        except CheckTooSlow as err:
            yield _error(n, row.get("id"), texts.CUT_OFF.format(n=n, why=err))
            continue
        try:
            answer = render.as_json(report, row.get("id"))
            if kb is not None:
                context = row.get("context") if isinstance(row.get("context"), str) else None
                hits = fixes_for(kb, report, context)
                answer["alternatives"] = [{"id": h.fix.id, "title": h.fix.title} for h in hits]
        except Exception as err:  # one line's failure must not lose the batch
            yield _failed(n, row, err)
            continue
        yield answer


def _json_rows(
    lines: Iterable[bytes], field: str
) -> Iterator[tuple[int, dict[str, Any], dict[str, Any] | None]]:
    """Each non-blank line as (number, row, None), or (number, {}, an error answer)."""
    for n, raw in enumerate(lines, 1):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as err:
            yield n, {}, _error(n, None, texts.NOT_UTF8.format(n=n, at=err.start + 1))
            continue
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as err:
            yield n, {}, _error(n, None, texts.NOT_JSON.format(n=n, reason=err.msg))
            continue
        except RecursionError:
            yield n, {}, _error(n, None, texts.TOO_DEEP.format(n=n))
            continue
        if not isinstance(row, dict) or not isinstance(row.get(field), str):
            rid = row.get("id") if isinstance(row, dict) else None
            yield n, {}, _error(n, rid, texts.NO_FIELD.format(n=n, field=field))
            continue
        yield n, row, None


def _error(n: int, rid: Any, message: str) -> dict[str, Any]:
    return {"id": _plain_id(rid), "line": n, "error": message}


def _failed(n: int, row: dict[str, Any], err: Exception) -> dict[str, Any]:
    return _error(n, row.get("id"), texts.FAILED.format(n=n, kind=type(err).__name__))


def _plain_id(rid: Any) -> Any:
    """The input's id, when it is a plain value that can be echoed back."""
    return rid if rid is None or isinstance(rid, (str, int, float, bool)) else None
