"""The outbox through the real app: acked events survive a crash, stats count delivered tips."""

from __future__ import annotations

import socket
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

from slack_sdk import WebClient

from bot.coach import Coach
from bot.knowledge.search import KnowledgeBase
from bot.model import StatRow
from bot.slack.app import build_app
from bot.slack.deliver import Deliverer
from bot.slack.outbox import Outbox
from bot.store.sqlite import SqliteStore
from tests.slack.conftest import AGENT, FLAGGED, Bot
from tests.slack.fakeslack import BOT_TOKEN, FakeSlack, Requests, dispatch

LEASE = 300.0


def app_on(path: Path, fake: FakeSlack, coach: Coach, kb: KnowledgeBase) -> Bot:
    client = WebClient(token=BOT_TOKEN, base_url=fake.api_url, timeout=5)
    deliver = Deliverer(client, workers=4, sleep=lambda _: None)
    store = SqliteStore(path)
    app = build_app(
        coach=coach,
        kb=kb,
        store=store,
        client=client,
        signing_secret=Requests(fake).secret,
        deliverer=deliver,
    )
    return Bot(app, fake, Requests(fake), deliver, store, coach)


def test_an_event_accepted_before_a_crash_is_tipped_at_start_up_and_its_retry_dropped(
    tmp_path: Path, fake: FakeSlack, slack_coach: Coach, kb: KnowledgeBase
) -> None:
    path = tmp_path / "store.sqlite"
    crashed = SqliteStore(path)  # accepted and acked, then the process died before the tip
    crashed.accept(
        "EvCRASH1",
        user=AGENT,
        channel="C0001",
        channel_type="channel",
        ts="1700000000.000100",
        thread_ts=None,
        text=FLAGGED,
    )
    crashed.close()

    bot = app_on(path, fake, slack_coach, kb)
    try:
        [tip] = fake.wait_for("chat.postEphemeral", 1)
        assert (tip.args["user"], tip.args["thread_ts"]) == (AGENT, "1700000000.000100")
        again = bot.post(FLAGGED, event_id="EvCRASH1")  # Slack's retry of the same event
        assert again.status == 200
        assert len(bot.tips()) == 1
        assert bot.store.pending_jobs() == 0
    finally:
        bot.close()


def test_a_job_claimed_by_a_process_that_died_is_taken_again_after_the_lease(
    tmp_path: Path, fake: FakeSlack, slack_coach: Coach, kb: KnowledgeBase
) -> None:
    path = tmp_path / "store.sqlite"
    dead = SqliteStore(path)
    dead.accept(
        "EvDEAD1",
        user=AGENT,
        channel="C0001",
        channel_type="channel",
        ts="1700000000.000200",
        thread_ts=None,
        text=FLAGGED,
    )
    assert dead.claim_pending(lease=0.5, owner="dead") != []  # claimed, then kill -9
    dead.close()

    client = WebClient(token=BOT_TOKEN, base_url=fake.api_url, timeout=5)
    deliver = Deliverer(client, workers=2)
    store = SqliteStore(path)
    build_app(
        coach=slack_coach,
        kb=kb,
        store=store,
        client=client,
        signing_secret="s",
        deliverer=deliver,
        lease=0.5,
        poll=0.1,
    )
    try:
        [tip] = fake.wait_for("chat.postEphemeral", 1, timeout=10)
        assert tip.args["thread_ts"] == "1700000000.000200"
        assert deliver.wait_idle()
        assert store.pending_jobs() == 0
    finally:
        deliver.close()
        store.close()
    assert len(fake.calls("chat.postEphemeral")) == 1


def test_a_tip_slack_refused_is_not_counted_as_shown(bot: Bot) -> None:
    bot.fake.queue("chat.postEphemeral", "error.not_in_channel")
    bot.post(FLAGGED, ts="1700000000.000100")
    bot.settle()
    assert bot.store.stats() == []
    assert bot.store.user_summary(AGENT).tips == 0

    bot.post(FLAGGED, ts="1700000000.000200")
    bot.settle()
    assert [row.shown for row in bot.store.stats()] == [1, 1]  # dont-know, vague-timeline


def test_the_message_text_is_gone_from_the_store_once_the_tip_is_delivered(
    tmp_path: Path, fake: FakeSlack, slack_coach: Coach, kb: KnowledgeBase
) -> None:
    path = tmp_path / "store.sqlite"
    bot = app_on(path, fake, slack_coach, kb)
    try:
        bot.post("Honestly Zebulon, I don't know; we'll get back to you soon.")
        assert len(bot.tips()) == 1
    finally:
        bot.close()
    with closing(sqlite3.connect(path)) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        assert db.execute("SELECT state, text FROM outbox").fetchall() == [("done", None)]
    assert b"Zebulon" not in path.read_bytes()


def test_stats_rows_name_the_rules_of_the_delivered_tip(bot: Bot) -> None:
    bot.post(FLAGGED)
    bot.settle()
    assert bot.store.stats() == [
        StatRow("dont-know", "en", "C0001", shown=1),
        StatRow("vague-timeline", "en", "C0001", shown=1),
    ]


def test_an_accepted_event_is_committed_before_the_ack(bot: Bot, fake: FakeSlack) -> None:
    fake.slow("chat.postEphemeral", 1.0)
    response = dispatch(bot.app, bot.slack.signed(bot.slack.message(FLAGGED, event_id="EvACK1")))
    assert response.status == 200
    assert (
        bot.store.accept(
            "EvACK1",
            user=AGENT,
            channel="C0001",
            channel_type="channel",
            ts="1",
            thread_ts=None,
            text="x",
        )
        is False
    )  # already there when the ack went out


def test_two_workers_on_one_store_tip_each_event_once(
    tmp_path: Path, fake: FakeSlack, slack_coach: Coach, kb: KnowledgeBase
) -> None:
    first = app_on(tmp_path / "store.sqlite", fake, slack_coach, kb)
    second = app_on(tmp_path / "store.sqlite", fake, slack_coach, kb)
    try:
        for n in range(20):
            which = first if n % 2 else second
            which.post(FLAGGED, ts=f"1700000000.{n:06d}", user=f"U{n:04d}", event_id=f"EvTWO{n}")
        first.settle()
        second.settle()
        tips = fake.wait_for("chat.postEphemeral", 20)
        assert sorted(t.args["thread_ts"] for t in tips) == [
            f"1700000000.{n:06d}" for n in range(20)
        ]
    finally:
        first.close()
        second.close()


def test_a_worker_claims_no_more_tips_than_it_has_threads_free(
    tmp_path: Path, fake: FakeSlack, slack_coach: Coach, kb: KnowledgeBase
) -> None:
    store = SqliteStore(tmp_path / "store.sqlite")
    for n in range(10):
        store.accept(
            f"EvROOM{n}",
            user=f"U{n:04d}",
            channel="C0001",
            channel_type="channel",
            ts=f"1700000000.{n:06d}",
            thread_ts=None,
            text=FLAGGED,
        )
    fake.slow("chat.postEphemeral", 0.3)
    client = WebClient(token=BOT_TOKEN, base_url=fake.api_url, timeout=5)
    deliver = Deliverer(client, workers=2)
    outbox = Outbox(store, deliver, poll=0.1)
    build_app(
        coach=slack_coach,
        kb=kb,
        store=store,
        client=client,
        signing_secret="s",
        deliverer=deliver,
        outbox=outbox,
    )
    try:
        fake.wait_for("chat.postEphemeral", 1)
        assert outbox.running <= 2
        held = store.claim_pending(lease=60, owner="other", limit=100)
        assert len(held) >= 6  # the rest is left for other workers
        store.release("other")
        fake.wait_for("chat.postEphemeral", 10, timeout=20)
    finally:
        deliver.close()
        store.close()


def test_a_stopping_worker_gives_back_what_it_holds(
    tmp_path: Path, fake: FakeSlack, slack_coach: Coach, kb: KnowledgeBase
) -> None:
    store = SqliteStore(tmp_path / "store.sqlite")
    client = WebClient(token=BOT_TOKEN, base_url=fake.api_url, timeout=5)
    deliver = Deliverer(client, workers=2)
    outbox = Outbox(store, deliver)
    store.accept(
        "EvHELD",
        user=AGENT,
        channel="C0001",
        channel_type="channel",
        ts="1700000000.000900",
        thread_ts=None,
        text=FLAGGED,
    )
    store.claim_pending(lease=60, owner=outbox.owner)  # claimed, not started
    try:
        assert outbox.stop(timeout=1) == 1
        [again] = store.claim_pending(lease=60, owner="another")
        assert again.event_id == "EvHELD"
    finally:
        deliver.close()
        store.close()


def test_a_tip_slack_kept_refusing_as_busy_is_delivered_in_a_later_round(
    tmp_path: Path, fake: FakeSlack, slack_coach: Coach, kb: KnowledgeBase
) -> None:
    for _ in range(4):  # one whole round of tries
        fake.queue("chat.postEphemeral", {"ok": False, "error": "service_unavailable"}, status=503)
    client = WebClient(token=BOT_TOKEN, base_url=fake.api_url, timeout=5)
    deliver = Deliverer(client, workers=2, sleep=lambda _: None)
    store = SqliteStore(tmp_path / "store.sqlite")
    app = build_app(
        coach=slack_coach,
        kb=kb,
        store=store,
        client=client,
        signing_secret=Requests(fake).secret,
        deliverer=deliver,
        retry_after=0.5,
        poll=0.1,
    )
    try:
        requests = Requests(fake)
        assert dispatch(app, requests.signed(requests.message(FLAGGED))).status == 200
        calls = fake.wait_for("chat.postEphemeral", 5, timeout=10)
        assert [c.answer.get("ok") for c in calls] == [False] * 4 + [True]
        assert deliver.wait_idle()
        assert store.pending_jobs() == 0
        assert [row.shown for row in store.stats()] == [1, 1]
    finally:
        deliver.close()
        store.close()
    assert len(fake.calls("chat.postEphemeral")) == 5


def test_jobs_of_a_worker_on_this_machine_that_died_are_freed_at_once(
    tmp_path: Path, fake: FakeSlack
) -> None:
    store = SqliteStore(tmp_path / "store.sqlite")
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    store.accept(
        "EvGONE",
        user=AGENT,
        channel="C0001",
        channel_type="channel",
        ts="1700000000.000800",
        thread_ts=None,
        text=FLAGGED,
    )
    store.claim_pending(lease=300, owner=f"{socket.gethostname()}:{gone.pid}:abc")
    client = WebClient(token=BOT_TOKEN, base_url=fake.api_url, timeout=5)
    deliver = Deliverer(client, workers=2)
    try:
        assert Outbox(store, deliver).reap() == 1
        assert store.owners() == set()
    finally:
        deliver.close()
        store.close()


def test_a_post_slower_than_the_lease_is_not_taken_by_another_worker(
    tmp_path: Path, fake: FakeSlack, slack_coach: Coach, kb: KnowledgeBase
) -> None:
    path = tmp_path / "store.sqlite"
    fake.slow("chat.postEphemeral", 2.0)
    client = WebClient(token=BOT_TOKEN, base_url=fake.api_url, timeout=5)
    deliver = Deliverer(client, workers=2)
    store, other = SqliteStore(path), SqliteStore(path)
    build_app(
        coach=slack_coach,
        kb=kb,
        store=store,
        client=client,
        signing_secret="s",
        deliverer=deliver,
        lease=0.6,
    )
    try:
        store.accept(
            "EvSLOW",
            user=AGENT,
            channel="C0001",
            channel_type="channel",
            ts="1700000000.000700",
            thread_ts=None,
            text=FLAGGED,
        )
        fake.wait_for("chat.postEphemeral", 1)  # being posted, for 2 s: over three leases
        for _ in range(10):
            assert other.claim_pending(lease=0.6, owner="another worker") == []
            time.sleep(0.15)
        assert deliver.wait_idle()
    finally:
        deliver.close()
        store.close()
        other.close()
    assert len(fake.calls("chat.postEphemeral")) == 1
