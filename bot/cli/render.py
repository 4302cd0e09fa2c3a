"""Show phrasebot's answers in a terminal: a checked draft, known fixes, the stats report,
and the JSON lines other tools rely on."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from bot.model import Finding, Hit, Report, StatRow

_MARK = {True: ("\033[1;4;31m", "\033[0m"), False: ("[[", "]]")}


def marked(report: Report, color: bool = False) -> str:
    """The draft with each flagged span marked: [[like this]] or underlined in red."""
    opening, closing = _MARK[color]
    out, pos = [], 0
    for f in sorted(report.findings, key=lambda f: f.start):
        if f.start < pos:
            continue
        out += [report.text[pos : f.start], opening, report.text[f.start : f.end], closing]
        pos = f.end
    out.append(report.text[pos:])
    return "".join(out)


def human(report: Report, color: bool = False) -> str:
    if report.clean:
        return f"{report.text}\n\n✓ Nothing to change ({report.lang})."
    lines = [marked(report, color), ""]
    for n, f in enumerate(report.findings, 1):
        lines += _finding_lines(n, f)
    lines += ["Rewrite:", f"  {report.rewrite}"]
    return "\n".join(lines)


def _finding_lines(n: int, f: Finding) -> list[str]:
    lines = [f"{n}. {f.level} {f.rule}: {f.message}"]
    if f.how == "similar":
        lines += [
            f"   sounds like: {f.like!r}",
            f"   in:      {f.match!r} (characters {f.start}-{f.end})",
        ]
    else:
        lines.append(f"   flagged: {f.match!r} (characters {f.start}-{f.end})")
    return [*lines, f"   why:     {f.why}", f"   better:  {f.better_wording}", ""]


def as_json(report: Report, draft_id: Any) -> dict[str, Any]:
    """The --jsonl contract: id, lang, findings (rule, start, end, match, severity, suggestion,
    how: "phrase" or "similar"), rewrite."""
    return {
        "id": draft_id,
        "lang": report.lang,
        "findings": [
            {
                "rule": f.rule,
                "start": f.start,
                "end": f.end,
                "match": f.match,
                "severity": str(f.level),
                "suggestion": f.better_wording,
                "message": f.message,
                "instead": f.replace_with,
                "lang": f.lang,
                "how": f.how,
            }
            for f in report.findings
        ],
        "rewrite": report.rewrite,
    }


def hits(found: Sequence[Hit], brief: bool = False) -> str:
    """Known fixes for a person: title, id, language, score and why it was found, then the
    problem, steps and alternatives."""
    blocks = []
    for n, hit in enumerate(found, 1):
        fix = hit.fix
        lines = [f"{n}. {fix.title}  ({fix.id}, {fix.lang}, score {hit.score:.2f}; {why(hit)})"]
        if brief:
            blocks.append(lines[0] + (f"\n   {fix.problem}" if fix.problem else ""))
            continue
        if fix.problem:
            lines.append(f"   {fix.problem}")
        lines += ["", *(f"   {line}" for line in fix.fix.splitlines())]
        if fix.alternatives:
            lines += ["", "   If that is not possible:"]
            lines += [f"   - {alt}" for alt in fix.alternatives]
        if fix.links:
            lines += ["", *(f"   {link}" for link in fix.links)]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def why(hit: Hit) -> str:
    """Why a fix was found: the query's words it holds, and/or a meaning close to the query."""
    reasons = []
    if hit.words:
        reasons.append("words: " + ", ".join(hit.words))
    if hit.meaning or not hit.words:
        reasons.append("similar meaning")
    return " + ".join(reasons)


def as_json_hit(hit: Hit) -> dict[str, Any]:
    """One known fix in `fixes --jsonl`: id, title, score, its language and why it was found."""
    return {
        "id": hit.fix.id,
        "title": hit.fix.title,
        "score": hit.score,
        "lang": hit.fix.lang,
        "why": {"words": list(hit.words), "meaning": hit.meaning},
    }


def progress(done: int, total: int, seconds: float, width: int = 30) -> str:
    """A progress line for embedding: a bar, counts, and the time left at this pace."""
    share = done / total if total else 1.0
    filled = int(width * share)
    left = seconds / done * (total - done) if done else 0.0
    return (
        f"embedding entries [{'#' * filled}{'.' * (width - filled)}] {done:,}/{total:,}"
        f" {share:4.0%}  {seconds:.0f} s, about {left:.0f} s left "
    )


_HEADINGS = ("shown", "helpful", "false alarm", "muted", "false-alarm rate")


def stats(rows: Sequence[StatRow], *, days: int) -> str:
    """Write the `phrasebot stats` report: a title, then counts per rule, language and channel."""
    span = "day" if days == 1 else f"{days} days"
    if not rows:
        return (
            f"Nothing recorded in the last {span} yet. Counts appear once the Slack app shows tips."
        )
    shown, helpful, false_alarm, muted = _counts(rows)
    title = (
        f"Last {span}: {_plural(shown, 'tip')} shown, {helpful} marked helpful, "
        f"{_plural(false_alarm, 'false alarm')}, {muted} muted."
    )
    groups: tuple[tuple[str, Callable[[StatRow], str]], ...] = (
        ("rule", lambda row: row.rule),
        ("language", lambda row: row.lang),
        ("channel", lambda row: row.channel),
    )
    return "\n\n".join([title, *(_table(name, _group(rows, key)) for name, key in groups)])


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _counts(rows: Sequence[StatRow]) -> tuple[int, int, int, int]:
    return (
        sum(r.shown for r in rows),
        sum(r.helpful for r in rows),
        sum(r.false_alarm for r in rows),
        sum(r.muted for r in rows),
    )


def _group(
    rows: Sequence[StatRow], key: Callable[[StatRow], str]
) -> list[tuple[str, tuple[int, int, int, int]]]:
    """Sum the rows by `key`, most shown first, then by name."""
    names = sorted({key(row) for row in rows})
    totals = [(name, _counts([row for row in rows if key(row) == name])) for name in names]
    return sorted(totals, key=lambda item: -item[1][0])


def _table(heading: str, groups: list[tuple[str, tuple[int, int, int, int]]]) -> str:
    """Align a table: names left, numbers right, two spaces between columns."""
    cells = [[heading, *_HEADINGS]]
    for name, (shown, helpful, false_alarm, muted) in groups:
        rate = f"{100 * false_alarm / shown:.0f}%" if shown else "-"
        cells.append([name, str(shown), str(helpful), str(false_alarm), str(muted), rate])
    widths = [max(len(row[i]) for row in cells) for i in range(len(cells[0]))]
    return "\n".join(_line(row, widths) for row in cells)


def _line(cells: list[str], widths: list[int]) -> str:
    padded = [cell.rjust(width) for cell, width in zip(cells, widths, strict=True)]
    padded[0] = cells[0].ljust(widths[0])
    return "  ".join(padded)
