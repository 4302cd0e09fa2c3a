"""Bar charts as inline SVG, for the lead's dashboard: no script, no web font, no image file.

Each chart is an `<svg role="img">` named by its title, with a description a screen reader
reads; the dashboard shows the same figures in a table beside it. Colours come from the
Okabe-Ito palette, which stays apart for the common kinds of colour blindness.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

PALETTE = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
    "#000000",
    "#7F7F7F",
    "#8C564B",
)
HELPFUL = "#009E73"
FALSE_ALARM = "#D55E00"
MUTED = "#7F7F7F"
WIDTH = 680


def colour(n: int) -> str:
    return PALETTE[n % len(PALETTE)]


def stacked(
    ident: str,
    title: str,
    columns: Sequence[str],
    series: Sequence[tuple[str, Sequence[int]]],
) -> str:
    """Vertical bars, one per column, each stacked by series (a rule and its count per column)."""
    height, top, bottom, left = 240, 16, 36, 36
    plot = height - top - bottom
    most = max([sum(s[1][i] for s in series) for i in range(len(columns))] + [1])
    step = (WIDTH - left - 10) / max(len(columns), 1)
    bar = step * 0.6
    parts = _axis(most, left, top, plot)
    for i, name in enumerate(columns):
        x = left + i * step + (step - bar) / 2
        y: float = top + plot
        for n, (label, counts) in enumerate(series):
            if not counts[i]:
                continue
            h = plot * counts[i] / most
            y -= h
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                f'fill="{colour(n)}"><title>{escape(label)}, {escape(name)}: '
                f"{counts[i]}</title></rect>"
            )
        total = sum(s[1][i] for s in series)
        parts.append(
            f'<text x="{x + bar / 2:.1f}" y="{top + plot + 16}" text-anchor="middle">'
            f"{escape(name)}</text>"
        )
        if total:
            parts.append(
                f'<text x="{x + bar / 2:.1f}" y="{y - 4:.1f}" text-anchor="middle">{total}</text>'
            )
    desc = "; ".join(
        f"{name}: " + (", ".join(f"{label} {c[i]}" for label, c in series if c[i]) or "none")
        for i, name in enumerate(columns)
    )
    return _svg(ident, title, desc, height, parts)


def horizontal(
    ident: str,
    title: str,
    rows: Sequence[tuple[str, Sequence[int]]],
    kinds: Sequence[tuple[str, str]],
) -> str:
    """Horizontal bars: per row (a rule) one bar per kind (name, colour), each with its count."""
    left, band, gap, top = 180, 14, 10, 24
    height = top + max(len(rows), 1) * (band * len(kinds) + gap) + 8
    most = max([c for _, counts in rows for c in counts] + [1])
    span = WIDTH - left - 40
    parts = [
        f'<rect x="{left + i * 130}" y="4" width="10" height="10" fill="{c}"/>'
        f'<text x="{left + i * 130 + 14}" y="13">{escape(name)}</text>'
        for i, (name, c) in enumerate(kinds)
    ]
    y = top
    for label, counts in rows:
        mid = y + band * len(kinds) / 2 + 4
        parts.append(f'<text x="{left - 6}" y="{mid:.1f}" text-anchor="end">{escape(label)}</text>')
        for (name, c), count in zip(kinds, counts, strict=True):
            w = span * count / most
            parts.append(
                f'<rect x="{left}" y="{y}" width="{w:.1f}" height="{band - 2}" fill="{c}">'
                f"<title>{escape(label)}, {escape(name)}: {count}</title></rect>"
                f'<text x="{left + w + 4:.1f}" y="{y + band - 4}">{count}</text>'
            )
            y += band
        y += gap
    desc = "; ".join(
        f"{label}: " + ", ".join(f"{name} {n}" for (name, _), n in zip(kinds, c, strict=True))
        for label, c in rows
    )
    return _svg(ident, title, desc or "nothing recorded", height, parts)


def _axis(most: int, left: int, top: int, plot: int) -> list[str]:
    """A baseline and a few gridlines with their counts."""
    steps = sorted({0, most // 2, most}) if most > 1 else [0, most]
    out = []
    for value in steps:
        y = top + plot - plot * value / most
        out.append(
            f'<line x1="{left}" x2="{WIDTH - 10}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{value}</text>'
        )
    return out


def _svg(ident: str, title: str, desc: str, height: int, parts: Sequence[str]) -> str:
    return (
        f'<svg role="img" aria-labelledby="{ident}-title {ident}-desc" class="chart" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}">'
        f'<title id="{ident}-title">{escape(title)}</title>'
        f'<desc id="{ident}-desc">{escape(desc)}</desc>' + "".join(parts) + "</svg>"
    )
