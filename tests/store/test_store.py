"""The store on both backends: the outbox, retry de-duplication, the tip cap, counts, mutes,
the audit log, workspaces kept apart, and each workspace's phrasebook versions."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TypeVar

import pytest

from bot.model import AuditEntry, Job, StatRow, UserSummary
from bot.store import Store
from bot.store.shared import DAY, HOUR

T = TypeVar("T")


def race(threads: int, work: Callable[[], T]) -> list[T]:
    """Run `work` on `threads` threads released together; return what each returned."""
    barrier = threading.Barrier(threads)
    results: list[T] = []
    lock = threading.Lock()

    def run() -> None:
        barrier.wait()
        result = work()
        with lock:
            results.append(result)

    pool = [threading.Thread(target=run) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return results


_events = itertools.count()
LEASE = 300.0


def job(
    event_id: str = "Ev01",
    *,
    user: str = "U1",
    channel: str = "C1",
    text: str = "idk",
    team: str = "",
) -> Job:
    return Job(event_id, user, channel, "channel", "1700000000.000100", None, text, None, team=team)


def accept(store: Store, job: Job, *, now: float) -> bool:
    fields = {k: v for k, v in vars(job).items() if k not in ("event_id", "claims", "accepted")}
    return store.accept(job.event_id, now=now, **fields)


def claim(store: Store, *, now: float, lease: float = LEASE, owner: str = "w1") -> list[str]:
    return [j.event_id for j in store.claim_pending(lease=lease, owner=owner, now=now)]


def tipped(
    store: Store,
    user: str,
    channel: str,
    findings: Sequence[tuple[str, str]],
    cap: int,
    *,
    now: float,
    team: str = "",
) -> bool:
    """One tip after posting, the way the app gives it: accept, claim, reserve, post, finish."""
    event_id = f"EvT{next(_events)}"
    accept(store, job(event_id, user=user, channel=channel, team=team), now=now)
    # Racing threads may each claim another's job: any worker may take any job.
    [claimed] = store.claim_pending(lease=LEASE, owner="w1", limit=1, now=now)
    ok = store.reserve_tip(claimed.event_id, cap, now=now)
    store.finish_job(claimed.event_id, findings if ok else None, now=now)
    return ok


# The outbox


def test_accept_keeps_the_job_until_it_is_claimed(store: Store) -> None:
    assert accept(store, job("Ev01"), now=0) is True
    assert store.pending_jobs() == 1
    [claimed] = store.claim_pending(lease=LEASE, owner="w1", now=1)
    assert claimed == replace(job("Ev01"), claims=1)
    assert claimed.accepted == 0


def test_accept_of_a_retry_is_false_and_keeps_one_job(store: Store) -> None:
    assert [accept(store, job("Ev01"), now=0), accept(store, job("Ev01"), now=5)] == [True, False]
    assert store.pending_jobs() == 1


def test_a_retry_of_a_delivered_event_is_still_dropped_within_a_day(store: Store) -> None:
    accept(store, job("Ev01"), now=0)
    claim(store, now=0)
    store.finish_job("Ev01", [("vague", "en")], now=1)
    assert accept(store, job("Ev01"), now=DAY - 1) is False
    assert store.pending_jobs() == 0


def test_accept_under_racing_threads_is_true_exactly_once(store: Store) -> None:
    assert sorted(race(8, lambda: accept(store, job("Ev02"), now=0))) == [False] * 7 + [True]


def test_a_claimed_job_cannot_be_claimed_again_within_its_lease(store: Store) -> None:
    accept(store, job("Ev01"), now=0)
    assert claim(store, lease=60, now=0) == ["Ev01"]
    assert claim(store, lease=60, now=59, owner="w2") == []


def test_a_claimed_job_is_taken_again_after_its_lease_ran_out(store: Store) -> None:
    accept(store, job("Ev01"), now=0)
    claim(store, lease=60, now=0)  # and the claimer died
    assert store.claim_pending(lease=60, owner="w2", now=60) == [replace(job("Ev01"), claims=2)]
    assert claim(store, lease=60, now=61, owner="w3") == []  # the new claim holds


def test_a_live_owner_renews_its_leases_and_keeps_its_jobs(store: Store) -> None:
    accept(store, job("Ev01"), now=0)
    accept(store, job("Ev02"), now=0)
    claim(store, lease=60, now=0, owner="w1")
    assert store.renew("w1", lease=60, now=50) == 2
    assert store.renew("w2", lease=60, now=50) == 0
    assert claim(store, lease=60, now=100, owner="w2") == []
    assert sorted(claim(store, lease=60, now=110, owner="w2")) == ["Ev01", "Ev02"]


def test_owners_are_the_workers_holding_jobs_now(store: Store) -> None:
    for n in range(3):
        accept(store, job(f"Ev{n}"), now=0)
    store.claim_pending(lease=LEASE, owner="w1", limit=1, now=0)
    store.claim_pending(lease=LEASE, owner="w2", limit=1, now=0)
    assert store.owners() == {"w1", "w2"}
    store.release("w1")
    assert store.owners() == {"w2"}


def test_release_gives_an_owners_jobs_back_at_once(store: Store) -> None:
    accept(store, job("Ev01"), now=0)
    claim(store, now=0, owner="w1")
    assert store.release("w1") == 1
    [again] = store.claim_pending(lease=LEASE, owner="w2", now=1)
    assert (again.event_id, again.claims) == ("Ev01", 1)  # a release is not a round of tries
    assert store.release("w1") == 0


def test_claim_pending_takes_the_oldest_first_and_only_the_claimable(store: Store) -> None:
    for n in range(5):
        accept(store, job(f"Ev{n}"), now=n)
    [first] = store.claim_pending(lease=LEASE, owner="w1", limit=1, now=10)
    assert first.event_id == "Ev0"
    store.finish_job("Ev0", None, now=10)
    assert [j.event_id for j in store.claim_pending(lease=LEASE, limit=2, now=11)] == ["Ev1", "Ev2"]
    assert [j.event_id for j in store.claim_pending(lease=LEASE, now=11)] == ["Ev3", "Ev4"]


def test_racing_workers_never_claim_one_job_twice(store: Store) -> None:
    for n in range(40):
        accept(store, job(f"Ev{n}"), now=0)
    claimed = race(
        8,
        lambda: [
            j.event_id
            for _ in range(3)
            for j in store.claim_pending(lease=LEASE, owner="w", limit=3, now=1)
        ],
    )
    flat = [event for batch in claimed for event in batch]
    assert sorted(flat) == sorted(f"Ev{n}" for n in range(40))


def test_two_workers_on_one_database_never_claim_one_job_twice(
    twins: tuple[Store, Store],
) -> None:
    first, second = twins
    for n in range(60):
        accept(first, job(f"Ev{n}"), now=0)
    picks = [(first, "w1"), (second, "w2")]
    lock = threading.Lock()

    def claim_all() -> list[str]:
        with lock:
            mine, owner = picks.pop()
        return [
            j.event_id
            for _ in range(20)
            for j in mine.claim_pending(lease=LEASE, owner=owner, limit=3, now=1)
        ]

    got = race(2, claim_all)
    assert sorted(got[0] + got[1]) == sorted(f"Ev{n}" for n in range(60))


def test_a_worker_that_died_has_its_jobs_taken_by_another_after_the_lease(
    twins: tuple[Store, Store],
) -> None:
    dead, alive = twins
    accept(dead, job("Ev01"), now=0)
    accept(dead, job("Ev02"), now=0)
    claim(dead, lease=30, now=0, owner="dead")
    alive.renew("alive", lease=30, now=20)  # renews only its own
    assert claim(alive, lease=30, now=29, owner="alive") == []
    assert sorted(claim(alive, lease=30, now=30, owner="alive")) == ["Ev01", "Ev02"]


def test_finish_deletes_the_text_and_counts_the_tip_as_shown(store: Store) -> None:
    accept(
        store,
        Job("Ev01", "U1", "C1", "channel", "1.2", None, "Zebulon idk", "Zebulon before"),
        now=0,
    )
    claim(store, now=0)
    assert store.stats() == []  # claimed is not shown
    assert store.finish_job("Ev01", [("vague", "en")], now=1) is True
    assert store.finish_job("Ev01", [("vague", "en")], now=2) is False  # counted once
    assert store.stats() == [StatRow("vague", "en", "C1", shown=1)]


def test_a_dropped_tip_deletes_the_text_and_counts_nothing(store: Store) -> None:
    accept(store, job("Ev01", text="Zebulon"), now=0)
    claim(store, now=0)
    store.finish_job("Ev01", None, now=1)
    assert store.stats() == []
    assert store.user_summary("U1").tips == 0
    assert store.claim_pending(lease=LEASE, now=DAY) == []


def test_done_jobs_are_pruned_after_a_day_and_pending_ones_never(store: Store) -> None:
    accept(store, job("Ev01"), now=0)
    claim(store, now=0)
    store.finish_job("Ev01", None, now=0)
    accept(store, job("Ev02"), now=0)  # pending: never pruned
    assert accept(store, job("Ev03"), now=DAY + 1000) is True  # a sweep runs
    assert accept(store, job("Ev01"), now=DAY + 1001) is True
    assert accept(store, job("Ev02"), now=DAY + 1002) is False


def test_reserve_counts_the_tips_being_posted_against_the_cap(store: Store) -> None:
    for n in range(3):
        accept(store, job(f"Ev{n}"), now=0)
    claim(store, now=0)
    assert [store.reserve_tip(f"Ev{n}", 2, now=0) for n in range(3)] == [True, True, False]


def test_reserve_of_a_job_not_claimed_is_refused(store: Store) -> None:
    accept(store, job("Ev01"), now=0)
    assert store.reserve_tip("Ev01", 0, now=0) is False


def test_retry_later_gives_the_job_back_after_the_delay_with_its_text(store: Store) -> None:
    accept(store, job("Ev01", text="idk"), now=0)
    claim(store, now=0, owner="w1")
    assert store.retry_later("Ev01", delay=60, now=1) is True
    assert store.renew("w1", lease=LEASE, now=2) == 0  # no longer its owner's to renew
    assert store.claim_pending(lease=LEASE, now=60) == []
    [again] = store.claim_pending(lease=LEASE, now=61)
    assert (again.text, again.claims) == ("idk", 2)


def test_retry_later_of_a_done_job_is_refused(store: Store) -> None:
    accept(store, job("Ev01"), now=0)
    claim(store, now=0)
    store.finish_job("Ev01", None, now=0)
    assert store.retry_later("Ev01", delay=60, now=1) is False


# The tip cap


def test_tip_after_posting_under_the_cap_records_counts(store: Store) -> None:
    assert tipped(store, "U1", "C1", [("dont-know", "en"), ("vague", "en")], 3, now=0) is True
    assert store.stats() == [
        StatRow("dont-know", "en", "C1", shown=1),
        StatRow("vague", "en", "C1", shown=1),
    ]


def test_tip_after_posting_counts_a_rule_and_language_once_per_tip(store: Store) -> None:
    tipped(store, "U1", "C1", [("vague", "en"), ("vague", "en"), ("vague", "uk")], 3, now=0)
    assert store.stats() == [
        StatRow("vague", "en", "C1", shown=1),
        StatRow("vague", "uk", "C1", shown=1),
    ]


def test_tip_after_posting_at_the_cap_is_refused(store: Store) -> None:
    for n in range(2):
        tipped(store, "U1", "C1", [("vague", "en")], 2, now=n)
    assert tipped(store, "U1", "C1", [("vague", "en")], 2, now=10) is False


def test_tip_after_posting_refused_records_nothing(store: Store) -> None:
    tipped(store, "U1", "C1", [("vague", "en")], 1, now=0)
    tipped(store, "U1", "C2", [("dont-know", "uk")], 1, now=10)
    assert store.stats() == [StatRow("vague", "en", "C1", shown=1)]
    assert store.user_summary("U1").tips == 1


def test_tip_after_posting_cap_is_per_user(store: Store) -> None:
    tipped(store, "U1", "C1", [("vague", "en")], 1, now=0)
    assert tipped(store, "U2", "C1", [("vague", "en")], 1, now=0) is True


def test_tip_after_posting_window_still_closed_just_under_an_hour(store: Store) -> None:
    tipped(store, "U1", "C1", [("vague", "en")], 1, now=0)
    assert tipped(store, "U1", "C1", [("vague", "en")], 1, now=HOUR - 1) is False


def test_tip_after_posting_window_slides_after_an_hour(store: Store) -> None:
    tipped(store, "U1", "C1", [("vague", "en")], 1, now=0)
    assert tipped(store, "U1", "C1", [("vague", "en")], 1, now=HOUR) is True


def test_tip_after_posting_cap_zero_means_no_cap(store: Store) -> None:
    results = [tipped(store, "U1", "C1", [("vague", "en")], 0, now=n) for n in range(50)]
    assert results == [True] * 50
    assert store.stats() == [StatRow("vague", "en", "C1", shown=50)]


def test_tip_after_posting_under_racing_threads_respects_the_cap(store: Store) -> None:
    results = race(16, lambda: tipped(store, "U1", "C1", [("vague", "en")], 5, now=0))
    assert sorted(results) == [False] * 11 + [True] * 5
    assert store.stats() == [StatRow("vague", "en", "C1", shown=5)]
    assert store.user_summary("U1").tips == 5


def test_record_tip_is_not_capped(store: Store) -> None:
    tipped(store, "U1", "C1", [("vague", "en")], 1, now=0)
    store.record_tip("U1", "D1", [("vague", "en")], now=1)
    assert store.user_summary("U1").tips == 2


def test_record_tip_uses_up_the_cap_for_tips_after_posting(store: Store) -> None:
    store.record_tip("U1", "D1", [("vague", "en")], now=0)
    assert tipped(store, "U1", "C1", [("vague", "en")], 1, now=1) is False


# Feedback and mutes


@pytest.mark.parametrize("kind", ["helpful", "false_alarm", "muted"])
def test_record_feedback_counts_each_kind(store: Store, kind: str) -> None:
    store.record_feedback("U1", "C1", "vague", "en", kind, now=0)
    assert store.stats() == [StatRow("vague", "en", "C1", **{kind: 1})]


def test_record_feedback_rejects_an_unknown_kind_naming_the_allowed_ones(store: Store) -> None:
    with pytest.raises(ValueError) as error:
        store.record_feedback("U1", "C1", "vague", "en", "false-alarm", now=0)
    assert str(error.value) == (
        "unknown feedback kind 'false-alarm' (did you mean 'false_alarm'?); "
        "allowed: helpful, false_alarm, muted"
    )


def test_record_feedback_rejected_records_nothing(store: Store) -> None:
    with pytest.raises(ValueError):
        store.record_feedback("U1", "C1", "vague", "en", "great", now=0)
    assert store.stats() == []


def mute(store: Store, user: str, rule: str) -> None:
    """A press of "Mute this rule for me": counted, and the rule muted, in one write."""
    store.record_feedback(user, "C1", rule, "en", "muted", now=0)


def test_record_feedback_muted_also_mutes_the_rule(store: Store) -> None:
    store.record_feedback("U1", "C1", "vague", "en", "muted", now=0)
    assert store.muted("U1") == frozenset({"vague"})


def test_mute_is_per_user(store: Store) -> None:
    mute(store, "U1", "vague")
    mute(store, "U1", "dont-know")
    mute(store, "U2", "calm")
    assert (store.muted("U1"), store.muted("U2")) == (
        frozenset({"vague", "dont-know"}),
        frozenset({"calm"}),
    )


def test_mute_twice_is_one_mute(store: Store) -> None:
    mute(store, "U1", "vague")
    mute(store, "U1", "vague")
    store.unmute("U1", "vague")
    assert store.muted("U1") == frozenset()


def test_unmute_keeps_other_rules_muted(store: Store) -> None:
    mute(store, "U1", "vague")
    mute(store, "U1", "calm")
    store.unmute("U1", "vague")
    assert store.muted("U1") == frozenset({"calm"})


def test_unmute_of_a_rule_not_muted_is_harmless(store: Store) -> None:
    store.unmute("U1", "vague")
    assert store.muted("U1") == frozenset()


# Audit log


def test_audit_log_is_newest_first(store: Store) -> None:
    store.audit("U9", "add-phrase", "vague", "real soon", now=10)
    store.audit("U9", "rule-off", "calm", "", now=30)
    store.audit("U8", "add-exception", "vague", "soon after", now=20)
    assert store.audit_log() == [
        AuditEntry(30, "U9", "rule-off", "calm", ""),
        AuditEntry(20, "U8", "add-exception", "vague", "soon after"),
        AuditEntry(10, "U9", "add-phrase", "vague", "real soon"),
    ]


def test_audit_log_same_time_keeps_the_later_entry_first(store: Store) -> None:
    store.audit("U9", "add-phrase", "vague", "first", now=10)
    store.audit("U9", "add-phrase", "vague", "second", now=10)
    assert [entry.detail for entry in store.audit_log()] == ["second", "first"]


def test_audit_log_limit_keeps_the_newest(store: Store) -> None:
    for n in range(5):
        store.audit("U9", "reload", "", str(n), now=n)
    assert [entry.detail for entry in store.audit_log(limit=2)] == ["4", "3"]


# Stats


def test_stats_groups_by_rule_language_and_channel(store: Store) -> None:
    store.record_tip("U1", "C1", [("vague", "en")], now=0)
    store.record_tip("U2", "C1", [("vague", "en")], now=0)
    store.record_tip("U1", "C2", [("vague", "en")], now=0)
    store.record_tip("U1", "C1", [("vague", "uk")], now=0)
    store.record_feedback("U2", "C1", "vague", "en", "helpful", now=0)
    assert store.stats() == [
        StatRow("vague", "en", "C1", shown=2, helpful=1),
        StatRow("vague", "en", "C2", shown=1),
        StatRow("vague", "uk", "C1", shown=1),
    ]


def test_stats_sorts_by_shown_then_rule(store: Store) -> None:
    store.record_tip("U1", "C1", [("vague", "en")], now=0)
    store.record_tip("U1", "C1", [("calm", "en"), ("dont-know", "en")], now=0)
    store.record_tip("U1", "C1", [("dont-know", "en")], now=0)
    assert [row.rule for row in store.stats()] == ["dont-know", "calm", "vague"]


def test_stats_since_leaves_out_older_events(store: Store) -> None:
    store.record_tip("U1", "C1", [("vague", "en")], now=100)
    store.record_tip("U1", "C1", [("calm", "en")], now=200)
    store.record_feedback("U1", "C1", "vague", "en", "false_alarm", now=200)
    assert store.stats(since=200) == [
        StatRow("calm", "en", "C1", shown=1),
        StatRow("vague", "en", "C1", false_alarm=1),
    ]


def test_stats_empty_store_has_no_rows(store: Store) -> None:
    assert store.stats() == []


# User summary


def test_user_summary_of_an_unknown_user_is_empty(store: Store) -> None:
    assert store.user_summary("U404") == UserSummary()


def test_user_summary_counts_own_tips_feedback_rules_and_mutes(store: Store) -> None:
    store.record_tip("U1", "C1", [("vague", "en"), ("calm", "en")], now=0)
    tipped(store, "U1", "C2", [("vague", "uk")], 10, now=0)
    store.record_tip("U2", "C1", [("dont-know", "en")], now=0)
    store.record_feedback("U1", "C1", "vague", "en", "helpful", now=0)
    store.record_feedback("U1", "C1", "calm", "en", "false_alarm", now=0)
    store.record_feedback("U2", "C1", "dont-know", "en", "helpful", now=0)
    mute(store, "U1", "refuse")
    mute(store, "U1", "calm")
    assert store.user_summary("U1") == UserSummary(
        tips=2,
        helpful=1,
        false_alarm=1,
        top_rules=(("vague", 2), ("calm", 1)),
        muted=("calm", "refuse"),
    )


def test_user_summary_top_rules_are_the_five_most_flagged(store: Store) -> None:
    for n, rule in enumerate(["a", "b", "c", "d", "e", "f"], 1):
        for _ in range(n):
            store.record_tip("U1", "C1", [(rule, "en")], now=0)
    assert store.user_summary("U1").top_rules == (("f", 6), ("e", 5), ("d", 4), ("c", 3), ("b", 2))


def test_user_summary_since_leaves_out_older_tips_and_feedback(store: Store) -> None:
    store.record_tip("U1", "C1", [("vague", "en")], now=100)
    store.record_feedback("U1", "C1", "vague", "en", "helpful", now=100)
    store.record_tip("U1", "C1", [("calm", "en")], now=200)
    mute(store, "U1", "vague")
    assert store.user_summary("U1", since=200) == UserSummary(
        tips=1, top_rules=(("calm", 1),), muted=("vague",)
    )


# Workspaces


def test_each_workspace_sees_only_its_own_counts_mutes_and_audit(store: Store) -> None:
    tipped(store, "U1", "C1", [("vague", "en")], 0, now=0, team="T1")
    tipped(store, "U1", "C9", [("calm", "en")], 0, now=0, team="T2")
    store.record_feedback("U1", "C1", "vague", "en", "muted", team="T1", now=0)
    store.audit("U9", "add-phrase", "vague", "real soon", team="T1", now=0)
    assert store.stats(team="T1") == [StatRow("vague", "en", "C1", shown=1, muted=1)]
    assert store.stats(team="T2") == [StatRow("calm", "en", "C9", shown=1)]
    assert [row.rule for row in store.stats()] == ["calm", "vague"]  # every workspace
    assert (store.muted("U1", team="T1"), store.muted("U1", team="T2")) == (
        frozenset({"vague"}),
        frozenset(),
    )
    assert [e.detail for e in store.audit_log(team="T1")] == ["real soon"]
    assert store.audit_log(team="T2") == []
    assert store.user_summary("U1", team="T2") == UserSummary(tips=1, top_rules=(("calm", 1),))


def test_the_tip_cap_counts_an_agent_in_one_workspace_only(store: Store) -> None:
    assert tipped(store, "U1", "C1", [("vague", "en")], 1, now=0, team="T1") is True
    assert tipped(store, "U1", "C1", [("vague", "en")], 1, now=1, team="T2") is True
    assert tipped(store, "U1", "C1", [("vague", "en")], 1, now=2, team="T1") is False


def test_a_claimed_job_names_its_workspace(store: Store) -> None:
    accept(store, job("Ev01", team="T7"), now=0)
    [claimed] = store.claim_pending(lease=LEASE, now=0)
    assert claimed.team == "T7"


def test_an_edit_kept_for_a_workspace_comes_back_with_it(store: Store) -> None:
    edit_id = store.accept_edit("U9", "add_phrase", {"phrase": "beats me"}, team="T1", now=0)
    [pending] = store.pending_edits()
    assert (pending.id, pending.team, pending.fields) == (edit_id, "T1", {"phrase": "beats me"})
    store.finish_edit(edit_id)
    assert store.pending_edits() == []


# A workspace's phrasebook files


def test_files_are_saved_as_versions_per_workspace(store: Store) -> None:
    assert store.files("T1") == (0, {})
    assert store.save_files("T1", {"rules.yaml": "leads: [U1]\n"}, base=0, user="U1") == 1
    assert (
        store.save_files("T1", {"rules.yaml": "leads: [U2]\n", "phrasebook/x.yaml": "é"}, base=1)
        == 2
    )
    assert store.files("T1") == (2, {"rules.yaml": "leads: [U2]\n", "phrasebook/x.yaml": "é"})
    assert store.files("T2") == (0, {})
    assert store.versions() == {"T1": 2}


def test_a_save_on_a_stale_version_is_refused(store: Store) -> None:
    store.save_files("T1", {"rules.yaml": "a"}, base=0)
    assert store.save_files("T1", {"rules.yaml": "b"}, base=0) is None
    assert store.files("T1") == (1, {"rules.yaml": "a"})


def test_racing_saves_on_one_version_keep_exactly_one(twins: tuple[Store, Store]) -> None:
    first, second = twins
    picks = [first, second]
    lock = threading.Lock()

    def save() -> int | None:
        with lock:
            mine = picks.pop()
        return mine.save_files("T1", {"rules.yaml": str(id(mine))}, base=0)

    assert sorted(race(2, save), key=str) == [1, None]


def test_locked_keeps_two_workers_out_of_one_workspace_at_once(
    twins: tuple[Store, Store],
) -> None:
    first, second = twins
    inside = []
    picks = [first, second]
    lock = threading.Lock()

    def edit() -> None:
        with lock:
            mine = picks.pop()
        with mine.locked("phrasebook:T1"):
            inside.append("in")
            threading.Event().wait(0.2)
            inside.append("out")

    race(2, edit)
    assert inside == ["in", "out", "in", "out"]


def test_ping_answers_while_the_database_is_there(store: Store) -> None:
    store.ping()


def test_text_with_a_nul_or_a_lone_surrogate_is_kept_as_the_check_reads_it(store: Store) -> None:
    assert accept(store, job("Ev01", text="a\x00b\ud800c"), now=0) is True
    [claimed] = store.claim_pending(lease=LEASE, now=0)
    assert claimed.text == "a\ufffdb\ufffdc"
