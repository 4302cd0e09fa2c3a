"""Show a Report to a person in a terminal, and as the JSON line other tools rely on."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.model import Finding, Hit, Report

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
    return [
        f"{n}. {f.level} {f.rule}: {f.message}",
        f"   flagged: {f.match!r} (characters {f.start}-{f.end})",
        f"   why:     {f.why}",
        f"   instead: {f.suggestion}",
        "",
    ]


def as_json(report: Report, draft_id: Any) -> dict[str, Any]:
    """The --jsonl contract: id, lang, findings (rule, start, end, match, severity, suggestion), rewrite."""
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
                "suggestion": f.suggestion,
                "message": f.message,
                "instead": f.instead,
                "lang": f.lang,
            }
            for f in report.findings
        ],
        "rewrite": report.rewrite,
    }


def hits(found: Sequence[Hit], brief: bool = False) -> str:
    """Known fixes for a person: title, id and score, then the problem, steps and alternatives."""
    blocks = []
    for n, hit in enumerate(found, 1):
        fix = hit.fix
        lines = [f"{n}. {fix.title}  ({fix.id}, score {hit.score:.2f})"]
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
