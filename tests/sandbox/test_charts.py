"""Bar charts as inline SVG: named for a screen reader, every count in a title and the description."""

from __future__ import annotations

from bot.sandbox import charts


def test_a_stacked_chart_has_a_bar_per_count_and_says_its_figures() -> None:
    svg = charts.stacked("t", "Tips <per> day", ["Mon", "Tue"], [("a", [1, 0]), ("b", [2, 3])])

    assert svg.startswith('<svg role="img" aria-labelledby="t-title t-desc"')
    assert '<title id="t-title">Tips &lt;per&gt; day</title>' in svg
    assert svg.count("<rect") == 3  # no bar for a zero
    assert "Mon: a 1, b 2; Tue: b 3" in svg
    assert "<title>b, Tue: 3</title>" in svg


def test_a_horizontal_chart_has_one_bar_per_kind_for_each_row() -> None:
    kinds = [("helpful", charts.HELPFUL), ("false alarm", charts.FALSE_ALARM)]

    svg = charts.horizontal("f", "Feedback", [("dont-know", [2, 5])], kinds)

    assert "<title>dont-know, false alarm: 5</title>" in svg
    assert "dont-know: helpful 2, false alarm 5" in svg
    assert (
        charts.horizontal("m", "Mutes", [], [("muted", charts.MUTED)]).count("nothing recorded")
        == 1
    )


def test_colours_cycle_through_the_palette() -> None:
    assert charts.colour(0) == charts.colour(len(charts.PALETTE))
