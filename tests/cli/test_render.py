"""The terminal reports: the stats table."""

from bot.cli import render
from bot.model import StatRow

ROWS = [
    StatRow("dont-know", "en", "C01", shown=30, helpful=4, false_alarm=3, muted=1),
    StatRow("dont-know", "uk", "C02", shown=8, helpful=1, false_alarm=0, muted=0),
    StatRow("vague", "en", "C02", shown=4, helpful=0, false_alarm=1, muted=0),
    StatRow("calm", "he", "C01", shown=0, helpful=0, false_alarm=1, muted=0),
]


def test_render_stats_shows_title_rules_languages_and_channels() -> None:
    assert render.stats(ROWS, days=7) == (
        "Last 7 days: 42 tips shown, 5 marked helpful, 5 false alarms, 1 muted.\n"
        "\n"
        "rule       shown  helpful  false alarm  muted  false-alarm rate\n"
        "dont-know     38        5            3      1                8%\n"
        "vague          4        0            1      0               25%\n"
        "calm           0        0            1      0                 -\n"
        "\n"
        "language  shown  helpful  false alarm  muted  false-alarm rate\n"
        "en           34        4            4      1               12%\n"
        "uk            8        1            0      0                0%\n"
        "he            0        0            1      0                 -\n"
        "\n"
        "channel  shown  helpful  false alarm  muted  false-alarm rate\n"
        "C01         30        4            4      1               13%\n"
        "C02         12        1            1      0                8%"
    )


def test_render_stats_one_day_says_day() -> None:
    title = render.stats([StatRow("vague", "en", "C1", shown=1)], days=1).splitlines()[0]
    assert title == "Last day: 1 tip shown, 0 marked helpful, 0 false alarms, 0 muted."


def test_render_stats_empty_says_counts_come_with_tips() -> None:
    assert render.stats([], days=7) == (
        "Nothing recorded in the last 7 days yet. Counts appear once the Slack app shows tips."
    )
