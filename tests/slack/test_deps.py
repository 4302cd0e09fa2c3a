"""What listeners share: a check at the channel's level, without the rules an agent muted."""

from __future__ import annotations

from typing import Any

from bot.coach import Coach
from bot.slack.deps import ComposeViews, Deps, Muted


class CountingStore:
    """Answers muted() like the real store and counts the reads."""

    def __init__(self, muted: frozenset[str]) -> None:
        self._muted = muted
        self.reads = 0

    def muted(self, user: str, *, team: str = "") -> frozenset[str]:
        self.reads += 1
        return self._muted


def deps(coach: Coach, store: CountingStore) -> Deps:
    none: Any = None
    return Deps(coach=coach, kb=none, store=store, deliver=none, leads=none)  # type: ignore[arg-type]


def test_a_clean_draft_costs_no_store_read(coach: Coach) -> None:
    store = CountingStore(frozenset({"dont-know"}))
    assert deps(coach, store).check("Thanks, it is sorted.", user="U1", channel="C1").clean
    assert store.reads == 0


def test_a_muted_rule_is_left_out_and_the_store_read_once(coach: Coach) -> None:
    store = CountingStore(frozenset({"dont-know"}))
    report = deps(coach, store).check("I don't know, we'll reply soon.", user="U1", channel="C1")
    assert [f.rule for f in report.findings] == ["vague-timeline"]
    assert "know" in report.rewrite  # the muted finding is not rewritten either
    assert store.reads == 1


def test_muted_reads_the_store_on_first_use_only() -> None:
    store = CountingStore(frozenset({"a", "b"}))
    muted = Muted(store, "U1")  # type: ignore[arg-type]
    assert store.reads == 0
    assert "a" in muted and "c" not in muted
    assert sorted(muted) == ["a", "b"] and len(muted) == 2
    assert store.reads == 1


# -- the compose modals: the newest keystroke, and one update at a time ------------------------


def test_a_modal_s_updates_share_one_lock_and_another_modal_has_its_own() -> None:
    views = ComposeViews()
    views.typed("V1", 1.0)
    assert views.sending("V1") is views.sending("V1")
    assert views.sending("V1") is not views.sending("V2")


def test_a_closed_modal_s_lock_is_forgotten() -> None:
    views = ComposeViews()
    first = views.sending("V1")
    views.closed("V1")
    assert views.sending("V1") is not first


def test_an_older_keystroke_is_not_the_newest() -> None:
    views = ComposeViews()
    views.typed("V1", 2.0)
    views.typed("V1", 1.0)  # arrived late
    assert views.newest("V1", 2.0) and not views.newest("V1", 1.0)
