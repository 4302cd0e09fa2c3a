"""The outbox through the real app: acked events survive a crash, stats count delivered tips."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from slack_sdk import WebClient

from bot.coach import Coach
from bot.knowledge.search import KnowledgeBase
from bot.model import StatRow
from bot.slack.app import build_app
from bot.slack.deliver import Deliverer
from bot.slack.deps import Deps, Leads
from bot.slack.listeners import tips
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
    assert dead.claim_job("EvDEAD1", lease=0.5) is not None  # claimed, then kill -9
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


def test_a_sweep_that_claims_a_job_queued_here_hands_it_to_the_queued_worker(
    bot: Bot, fake: FakeSlack, kb: KnowledgeBase
) -> None:
    deps = Deps(
        coach=bot.coach,
        kb=kb,
        store=bot.store,
        deliver=bot.deliver,
        leads=Leads(bot.deliver),
    )
    bot.store.accept(
        "EvQUEUED",
        user=AGENT,
        channel="C0001",
        channel_type="channel",
        ts="1700000000.000300",
        thread_ts=None,
        text=FLAGGED,
    )
    assert deps.inflight.add("EvQUEUED")  # the listener queued it; its worker has not run yet
    assert tips.resume(deps) == 0  # the sweep claimed it, and left it to the queued worker

    tips.deliver_job(deps, "EvQUEUED")  # the worker finds it claimed, but handed over

    [tip] = fake.wait_for("chat.postEphemeral", 1)
    assert tip.args["thread_ts"] == "1700000000.000300"
    assert bot.store.pending_jobs() == 0


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
        lease=0.5,
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
