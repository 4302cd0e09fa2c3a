"""The lead's dashboard: tips per rule per day, helpful and false alarms per rule, mutes.

Every figure comes from `Store.stats`, the call `phrasebot stats` makes: the totals over the
last `days` days are that very call (and its report is printed under the charts), and a day's
counts are stats since that day's midnight less stats since the next one.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from html import escape

from bot.cli import render
from bot.model import StatRow
from bot.sandbox import charts
from bot.store import Store

DAYS = 7


@dataclass(frozen=True)
class Totals:
    shown: int = 0
    helpful: int = 0
    false_alarm: int = 0
    muted: int = 0


@dataclass(frozen=True)
class Figures:
    days: tuple[str, ...]  # the day labels, oldest first
    per_day: dict[str, tuple[int, ...]]  # rule: tips shown each day
    totals: dict[str, Totals]  # rule: over the last `days` days
    report: str  # what `phrasebot stats --days N` prints


def figures(store: Store, *, days: int = DAYS, now: float | None = None) -> Figures:
    now = time.time() if now is None else now
    midnight = datetime.fromtimestamp(now).replace(hour=0, minute=0, second=0, microsecond=0)
    starts = [(midnight - timedelta(days=d)).timestamp() for d in range(days - 1, -1, -1)]
    shown_since = [_by_rule(store.stats(since=start)) for start in starts]
    rules = sorted({rule for counts in shown_since for rule in counts})
    per_day = {}
    for rule in rules:
        cumulative = [counts.get(rule, Totals()).shown for counts in shown_since] + [0]
        per_day[rule] = tuple(cumulative[i] - cumulative[i + 1] for i in range(days))
    rows = store.stats(since=now - days * 86_400)
    labels = tuple(datetime.fromtimestamp(s).strftime("%a %d %b") for s in starts)
    return Figures(labels, per_day, _by_rule(rows), render.stats(rows, days=days))


def _by_rule(rows: Sequence[StatRow]) -> dict[str, Totals]:
    out: dict[str, list[int]] = {}
    for row in rows:
        t = out.setdefault(row.rule, [0, 0, 0, 0])
        for i, n in enumerate((row.shown, row.helpful, row.false_alarm, row.muted)):
            t[i] += n
    return {rule: Totals(*counts) for rule, counts in out.items()}


def page(found: Figures) -> str:
    """The dashboard as one HTML page (the sandbox's stylesheet, no script)."""
    rules = sorted(found.totals, key=lambda r: (-found.totals[r].shown, r))
    per_day = [
        (rule, found.per_day.get(rule, (0,) * len(found.days))) for rule in sorted(found.per_day)
    ]
    feedback = [(r, (found.totals[r].helpful, found.totals[r].false_alarm)) for r in rules]
    mutes = [(r, (found.totals[r].muted,)) for r in rules if found.totals[r].muted]
    span = len(found.days)
    sections = [
        _section(
            "Tips per rule per day",
            charts.stacked("per-day", "Tips per rule per day", found.days, per_day)
            + _legend(sorted(found.per_day))
            + _table(["rule", *found.days], [(r, c) for r, c in per_day]),
            "Calendar days, local time; a tip counts once Slack took it.",
        ),
        _section(
            "Helpful and false alarms per rule",
            charts.horizontal(
                "feedback",
                "Helpful and false alarms per rule",
                feedback,
                [("helpful", charts.HELPFUL), ("false alarm", charts.FALSE_ALARM)],
            )
            + _table(["rule", "helpful", "false alarm"], feedback),
            "Many false alarms: add an exception for the harmless wording.",
        ),
        _section(
            "Mutes per rule",
            charts.horizontal("mutes", "Mutes per rule", mutes, [("muted", charts.MUTED)])
            + _table(["rule", "muted"], mutes),
            "Agents who muted a rule no longer get tips for it.",
        ),
        _section(
            f"As `phrasebot stats --days {span}` prints it",
            f"<pre>{escape(found.report)}</pre>",
            "The same store and the same figures as the command line.",
        ),
    ]
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Lead dashboard · phrasebot sandbox</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/static/sandbox.css">
</head>
<body class="dashboard">
<header class="topbar"><a class="brand" href="/">phrasebot sandbox</a>
<nav aria-label="Pages"><a href="/">Back to the sandbox</a></nav></header>
<main>
<h1>Lead dashboard</h1>
<p class="lede">The sandbox's own store: last {span} days. Reload the page for new figures.</p>
{"".join(sections)}
</main>
</body>
</html>
"""


def _section(title: str, body: str, note: str) -> str:
    return (
        f'<section class="panel"><h2>{escape(title)}</h2>'
        f'<p class="note">{escape(note)}</p>{body}</section>'
    )


def _legend(rules: Sequence[str]) -> str:
    if not rules:
        return '<p class="empty">Nothing flagged yet: post a message in the sandbox.</p>'
    items = "".join(
        f'<li><span class="swatch swatch-{i % len(charts.PALETTE)}"></span>{escape(r)}</li>'
        for i, r in enumerate(rules)
    )
    return f'<ul class="legend" aria-label="Rules">{items}</ul>'


def _table(head: Sequence[str], rows: Sequence[tuple[str, Sequence[int]]]) -> str:
    if not rows:
        return ""
    cells = "".join(f'<th scope="col">{escape(h)}</th>' for h in head)
    body = "".join(
        f'<tr><th scope="row">{escape(name)}</th>'
        + "".join(f"<td>{n}</td>" for n in counts)
        + "</tr>"
        for name, counts in rows
    )
    return f'<table class="figures"><thead><tr>{cells}</tr></thead><tbody>{body}</tbody></table>'
