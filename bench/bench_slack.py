"""Load run of the Slack app in HTTP mode on loopback: ack latency, and every tip delivered once.

Three processes, so that Python's GIL in one does not slow the others: the app (the real HTTP
server of `phrasebot serve --http`, with its coach, knowledge base, store and delivery pool),
the fake Slack Web API (tests/slack/fakeslack.py), and this one, whose sender threads post
signed `message` events at a steady rate over keep-alive connections, as Slack does. Most
events trip the phrasebook, some are clean, all have distinct event_ids, and about 5% are
retries of an earlier event (same body and event_id, X-Slack-Retry-Num set). tips_per_hour is
0, so every distinct flagged event must give exactly one chat.postEphemeral at the fake, and
no outbox job may be left pending once delivery drained.

Prints figures only; nothing asserts. Run from the project root:

    .venv/bin/python bench/bench_slack.py [--seconds 60] [--rate 200] [--senders 64]
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import queue
import random
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from drafts import LANGUAGES, drafts  # noqa: E402

from bot.coach import Coach  # noqa: E402
from tests.slack.fakeslack import BOT_TOKEN, SECRET, FakeSlack, fixture, sign  # noqa: E402

FLAGGED_SHARE = 0.8
RETRY_SHARE = 0.05
USERS = 200
CHANNELS = ("C0001", "C0002", "C0003", "C0004")
TIMEOUT = 30.0
RULES = """\
phrasebook: {root}/phrasebook
knowledge: {root}/knowledge
index: index.sqlite
store: store.sqlite
tips_per_hour: 0
"""


@dataclass(frozen=True)
class Event:
    n: int
    body: str
    flagged: bool
    retry: bool = False


@dataclass(frozen=True)
class Result:
    n: int
    sent: float  # time.time() when sent
    latency: float
    status: int


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--rate", type=float, default=200.0, help="events per second")
    parser.add_argument("--senders", type=int, default=64, help="sender threads")
    parser.add_argument("--workers", type=int, default=8, help="the app's delivery workers")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="phrasebot-bench-"))
    (tmp / "rules.yaml").write_text(RULES.format(root=ROOT), encoding="utf-8")
    spawn = multiprocessing.get_context("spawn")
    fake_end, fake_child = spawn.Pipe()
    app_end, app_child = spawn.Pipe()
    fake = spawn.Process(target=run_fake, args=(fake_child,), daemon=True)
    fake.start()
    api_url = fake_end.recv()
    app = spawn.Process(
        target=run_app, args=(app_child, api_url, str(tmp), args.workers), daemon=True
    )
    app.start()
    print("loading the phrasebook and the knowledge base...", flush=True)
    events = plan(Coach(tmp / "rules.yaml"), round(args.seconds * args.rate), args.seed)
    port = app_end.recv()
    expected = {e.n for e in events if e.flagged and not e.retry}
    print(
        f"sending {len(events)} events at {args.rate:g}/s for {args.seconds:g} s "
        f"from {args.senders} senders...",
        flush=True,
    )
    started = time.perf_counter()
    results = send_all(events, port, args.rate, args.senders)
    sent_for = time.perf_counter() - started
    app_end.send("drain")
    drained, drain, pending = app_end.recv()
    fake_end.send("tips")
    tips: list[tuple[str, float]] = fake_end.recv()
    fake_end.send("stop")
    app.join(TIMEOUT)
    fake.join(TIMEOUT)

    by_event = Counter(int(ts.split(".")[1]) for ts, _ in tips)
    delivered = set(by_event) & expected
    latencies = sorted(r.latency * 1000 for r in results)
    first_sent: dict[int, float] = {}
    for r in sorted(results, key=lambda r: r.sent):
        first_sent.setdefault(r.n, r.sent)
    delays = sorted(at - first_sent[int(ts.split(".")[1])] for ts, at in tips)
    statuses = Counter(r.status for r in results)
    report = {
        "events sent": len(events),
        "distinct events": len({e.n for e in events}),
        "retries sent": sum(e.retry for e in events),
        "achieved rate /s": round(len(events) / sent_for, 1),
        "ack statuses": dict(sorted(statuses.items())),
        "ack p50 ms": round(statistics.median(latencies), 2),
        "ack p99 ms": round(latencies[max(0, int(len(latencies) * 0.99) - 1)], 2),
        "ack max ms": round(latencies[-1], 2),
        "acks over 3 s": sum(latency > 3000 for latency in latencies),
        "tip delay p50 s": round(statistics.median(delays), 2) if delays else "-",
        "tip delay p99 s": round(delays[max(0, int(len(delays) * 0.99) - 1)], 2) if delays else "-",
        "tip delay max s": round(delays[-1], 2) if delays else "-",
        "tips expected": len(expected),
        "tips delivered": len(delivered),
        "lost": len(expected - delivered),
        "duplicated": sum(n - 1 for n in by_event.values() if n > 1),
        "unexpected": len(set(by_event) - expected),
        "delivery drained": f"{drain:.2f} s after the last ack" if drained else "NO (timeout)",
        "outbox jobs left": pending,
        "tips delivered /s": round(len(tips) / (sent_for + drain), 1),
    }
    width = max(map(len, report))
    for key, value in report.items():
        print(f"{key:<{width}}  {value}")
    return 0


def run_fake(conn: Connection) -> None:
    """The fake Slack Web API, in its own process; answers with the tips' thread_ts at the end."""
    fake = FakeSlack().start()
    conn.send(fake.api_url)
    while (order := conn.recv()) != "stop":
        if order == "tips":
            tips = fake.calls("chat.postEphemeral")
            conn.send([(str(c.args["thread_ts"]), c.at) for c in tips])
    fake.close()


def run_app(conn: Connection, api_url: str, folder: str, workers: int) -> None:
    """The app behind its HTTP server, in its own process, as `phrasebot serve --http` runs it."""
    from slack_sdk import WebClient

    from bot.knowledge.search import KnowledgeBase
    from bot.slack.app import build_app
    from bot.slack.deliver import Deliverer
    from bot.slack.serve import http_server
    from bot.store import open_store

    coach = Coach(Path(folder) / "rules.yaml")
    kb = KnowledgeBase(coach.settings.knowledge, coach.settings.index)
    store = open_store(coach.settings.store)
    client = WebClient(token=BOT_TOKEN, base_url=api_url, timeout=TIMEOUT)
    deliver = Deliverer(client, workers=workers)
    app = build_app(
        coach=coach, kb=kb, store=store, client=client, signing_secret=SECRET, deliverer=deliver
    )
    server = http_server(app, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1})
    thread.start()
    conn.send(server.server_address[1])
    conn.recv()  # "drain": every event has been acked
    began = time.perf_counter()
    drained = deliver.wait_idle(timeout=300)
    conn.send((drained, time.perf_counter() - began, store.pending_jobs()))
    server.shutdown()
    thread.join(TIMEOUT)
    deliver.close()


def plan(coach: Coach, count: int, seed: int) -> list[Event]:
    """The events to send, in order: flagged or clean drafts, and retries of earlier events."""
    rng = random.Random(seed)
    pool: dict[bool, list[str]] = {True: [], False: []}
    for lang in LANGUAGES:
        for text in drafts(lang, 120, seed):
            pool[not coach.check(text).clean].append(text)
    template = fixture("events/message_channel.json")
    template["event"].pop("blocks")
    events: list[Event] = []
    for n in range(count):
        if events and rng.random() < RETRY_SHARE:
            earlier = rng.choice(events[-200:])
            events.append(Event(earlier.n, earlier.body, earlier.flagged, retry=True))
            continue
        flagged = rng.random() < FLAGGED_SHARE
        body: dict[str, Any] = {**template, "event_id": f"EvBENCH{n:07d}"}
        body["event"] = {
            **template["event"],
            "text": rng.choice(pool[flagged]),
            "user": f"U{rng.randrange(USERS):04d}",
            "channel": rng.choice(CHANNELS),
            "ts": f"1700000000.{n:06d}",  # the tip's thread_ts names the event it answers
        }
        events.append(Event(n, json.dumps(body), flagged))
    return events


def send_all(events: list[Event], port: int, rate: float, senders: int) -> list[Result]:
    """Send each event at its due time; senders pick them up in order from one queue."""
    jobs: queue.SimpleQueue[tuple[float, Event] | None] = queue.SimpleQueue()
    results: list[Result] = []
    lock = threading.Lock()
    retry = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}

    def sender() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
        while (job := jobs.get()) is not None:
            due, event = job
            pause = due - time.perf_counter()
            if pause > 0:
                time.sleep(pause)
            signed = sign(event.body, secret=SECRET, extra=retry if event.retry else None)
            wall = time.time()
            began = time.perf_counter()
            try:
                conn.request("POST", "/slack/events", signed.body.encode(), signed.headers)
                response = conn.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
                status = 0
            with lock:
                results.append(Result(event.n, wall, time.perf_counter() - began, status))
        conn.close()

    threads = [threading.Thread(target=sender, daemon=True) for _ in range(senders)]
    for thread in threads:
        thread.start()
    start = time.perf_counter() + 0.5
    for i, event in enumerate(events):
        jobs.put((start + i / rate, event))
    for _ in threads:
        jobs.put(None)
    for thread in threads:
        thread.join()
    return results


if __name__ == "__main__":
    sys.exit(main())
