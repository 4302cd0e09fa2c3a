"""The lead's dashboard: a day's tips per rule, feedback and mutes, from Store.stats alone."""

from __future__ import annotations

import time
from datetime import datetime, timedelta

from bot.cli import render
from bot.sandbox.dashboard import figures, page
from bot.store.sqlite import SqliteStore

DAY = 86_400


def store_with_a_week() -> tuple[SqliteStore, float]:
    store = SqliteStore(":memory:")
    noon = datetime.now().replace(hour=12, minute=0, second=0, microsecond=0).timestamp()
    store.record_tip("U0001", "C0001", [("dont-know", "en"), ("vague-timeline", "en")], now=noon)
    store.record_tip("U0001", "C0001", [("dont-know", "uk")], now=noon - DAY)
    store.record_tip("U0002", "C0002", [("dont-know", "he")], now=noon - 2 * DAY)
    store.record_tip("U0002", "C0002", [("calm-down", "en")], now=noon - 30 * DAY)  # too old
    store.record_feedback("U0001", "C0001", "dont-know", "en", "helpful", now=noon)
    store.record_feedback("U0001", "C0001", "dont-know", "uk", "false_alarm", now=noon)
    store.record_feedback("U0002", "C0002", "vague-timeline", "en", "muted", now=noon)
    return store, noon + 60


def test_each_days_tips_per_rule_and_the_weeks_feedback_and_mutes() -> None:
    store, now = store_with_a_week()

    found = figures(store, now=now)

    assert len(found.days) == 7
    assert found.days[-1] == datetime.fromtimestamp(now).strftime("%a %d %b")
    assert found.days[0] == (datetime.fromtimestamp(now) - timedelta(days=6)).strftime("%a %d %b")
    assert found.per_day == {
        "dont-know": (0, 0, 0, 0, 1, 1, 1),
        "vague-timeline": (0, 0, 0, 0, 0, 0, 1),
    }
    totals = {
        rule: (t.shown, t.helpful, t.false_alarm, t.muted) for rule, t in found.totals.items()
    }
    assert totals == {"dont-know": (3, 1, 1, 0), "vague-timeline": (1, 0, 0, 1)}


def test_the_report_is_what_phrasebot_stats_prints() -> None:
    store, now = store_with_a_week()

    found = figures(store, now=now)

    assert found.report == render.stats(store.stats(since=now - 7 * DAY), days=7)
    assert found.report.startswith("Last 7 days: 4 tips shown, 1 marked helpful")


def test_the_page_has_a_chart_and_a_table_for_each_and_nothing_from_elsewhere() -> None:
    store, now = store_with_a_week()

    html = page(figures(store, now=now))

    for title in ("Tips per rule per day", "Helpful and false alarms per rule", "Mutes per rule"):
        assert f">{title}</title>" in html
    assert html.count('<svg role="img"') == 3
    assert html.count('<table class="figures">') == 3
    assert '<th scope="row">dont-know</th><td>1</td><td>1</td>' in html
    assert "http" not in html.replace("http-equiv", "")
    assert "<script" not in html and "style=" not in html


def test_an_empty_store_says_nothing_was_flagged_yet() -> None:
    html = page(figures(SqliteStore(":memory:"), now=time.time()))

    assert "Nothing flagged yet" in html
    assert "Nothing recorded in the last 7 days yet" in html
