"""What listeners share: a check at the channel's level, without the rules an agent muted."""

from __future__ import annotations

from typing import Any

from bot.coach import Coach
from bot.slack.deps import Deps, Muted


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
