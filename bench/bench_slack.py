"""Load run of the Slack app as deployed: ack latency, event-to-tip latency, every tip once.

`phrasebot serve --http --workers N` (gunicorn) runs in a subprocess on a store of its own: a
fresh schema in the PostgreSQL database `--database-url` names (dropped afterwards), or a
SQLite file. The fake Slack Web API (tests/slack/fakeslack.py) runs in a second process, and
this one sends signed `message` events at a steady rate from many threads over keep-alive
connections, as Slack does. 75% of the events trip the phrasebook, the rest are clean, all
have distinct event_ids, and 5% of the requests are Slack-style retries of an earlier event
(same body and event_id, X-Slack-Retry-Num set). tips_per_hour is 0, so every distinct flagged
event must give exactly one chat.postEphemeral at the fake.

`--config FILE` runs with that rules.yaml (its phrasebook and its settings, `meaning: off`
included; tips_per_hour is set to 0 for the count to be checkable): measure with the meaning
tier on and off. The CPU the server's processes used is reported per event, which says how
many workers (one core each) a given rate needs.

Prints figures only; nothing asserts. Run from the project root:

    .venv/bin/python bench/bench_slack.py --seconds 30 --rate 300 --workers 2 \\
        --database-url postgresql://postgres@127.0.0.1:5432/test
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import queue
import random
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from drafts import LANGUAGES, drafts  # noqa: E402

from bot.coach import Coach  # noqa: E402
from bot.slack.workspaces import set_top  # noqa: E402
from bot.store import open_store  # noqa: E402
from tests.pg import with_schema  # noqa: E402
from tests.slack.fakeslack import SECRET, FakeSlack, fixture, sign  # noqa: E402
from tests.slack.served import serve  # noqa: E402

FLAGGED_SHARE = 0.75
RETRY_SHARE = 0.05
USERS = 200
CHANNELS = ("C0001", "C0002", "C0003", "C0004")
TIMEOUT = 30.0
DRAIN_SECONDS = 300.0


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
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--rate", type=float, default=300.0, help="events per second")
    parser.add_argument("--senders", type=int, default=64, help="sender threads")
    parser.add_argument("--workers", type=int, default=2, help="the server's worker processes")
    parser.add_argument("--config", help="a rules.yaml to run with (default: the project's)")
    parser.add_argument("--database-url", help="a postgresql:// URL (default: a SQLite file)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="phrasebot-bench-"))
    rules = bench_rules(Path(args.config or ROOT / "rules.yaml"), tmp)
    schema = f"phrasebot_bench_{uuid.uuid4().hex[:8]}" if args.database_url else None
    database = make_schema(args.database_url, schema) if schema else None
    spawn = multiprocessing.get_context("spawn")
    fake_end, fake_child = spawn.Pipe()
    fake = spawn.Process(target=run_fake, args=(fake_child,), daemon=True)
    fake.start()
    api_url = fake_end.recv()
    print(
        f"starting {args.workers} workers on {'PostgreSQL' if database else 'SQLite'}...",
        flush=True,
    )
    server = serve(tmp, api_url, workers=args.workers, database=database)
    try:
        events = plan(Coach(rules), round(args.seconds * args.rate), args.seed)
        expected = {e.n for e in events if e.flagged and not e.retry}
        print(
            f"sending {len(events)} events at {args.rate:g}/s for {args.seconds:g} s "
            f"from {args.senders} senders...",
            flush=True,
        )
        cpu_before = cpu_seconds(server.proc.pid)
        started = time.perf_counter()
        results = send_all(events, server.port, args.rate, args.senders)
        sent_for = time.perf_counter() - started
        drained, drain, pending = wait_drained(database or str(tmp / "store.sqlite"))
        cpu = cpu_seconds(server.proc.pid) - cpu_before
        fake_end.send("tips")
        tips: list[tuple[str, float]] = fake_end.recv()
    finally:
        server.stop()
        fake_end.send("stop")
        fake.join(TIMEOUT)
        if schema:
            drop_schema(args.database_url, schema)
    report(args, events, results, tips, expected, sent_for, drained, drain, pending, cpu)
    return 0


def bench_rules(given: Path, folder: Path) -> Path:
    """The given rules.yaml with its folders made absolute, stores in `folder`, no tip cap."""
    text = given.read_text(encoding="utf-8")
    settings = Coach(given).settings
    text = set_top(text, "phrasebook", json.dumps(settings.phrasebook))
    text = set_top(text, "knowledge", json.dumps(settings.knowledge))
    text = set_top(text, "index", "index.sqlite")
    text = set_top(text, "store", "store.sqlite")
    text = set_top(text, "database", None)
    text = set_top(text, "tips_per_hour", "0")
    path = folder / "rules.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def make_schema(url: str, schema: str) -> str:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    return with_schema(url, schema)


def drop_schema(url: str, schema: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


def cpu_seconds(master: int) -> float:
    """User and system CPU of the server's master and its live workers, in seconds."""
    total = 0.0
    children = Path(f"/proc/{master}/task/{master}/children")
    pids = [master, *(int(p) for p in children.read_text().split())] if children.exists() else []
    tick = os.sysconf("SC_CLK_TCK")
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick
    return total


def wait_drained(where: str) -> tuple[bool, float, int]:
    """Wait until the outbox is empty: (drained, seconds after the last ack, jobs left)."""
    store = open_store(where)
    began = time.perf_counter()
    try:
        while (pending := store.pending_jobs()) and time.perf_counter() - began < DRAIN_SECONDS:
            time.sleep(0.05)
        return pending == 0, time.perf_counter() - began, pending
    finally:
        store.close()


def report(
    args: argparse.Namespace,
    events: list[Event],
    results: list[Result],
    tips: list[tuple[str, float]],
    expected: set[int],
    sent_for: float,
    drained: bool,
    drain: float,
    pending: int,
    cpu: float,
) -> None:
    by_event = Counter(int(ts.split(".")[1]) for ts, _ in tips)
    delivered = set(by_event) & expected
    latencies = sorted(r.latency * 1000 for r in results)
    first_sent: dict[int, float] = {}
    for r in sorted(results, key=lambda r: r.sent):
        first_sent.setdefault(r.n, r.sent)
    delays = sorted(at - first_sent[int(ts.split(".")[1])] for ts, at in tips)
    statuses = Counter(r.status for r in results)
    per_event = cpu / max(len(events), 1) * 1000
    figures: dict[str, Any] = {
        "workers": args.workers,
        "store": "PostgreSQL" if args.database_url else "SQLite",
        "config": args.config or "rules.yaml (the project's)",
        "events sent": len(events),
        "distinct events": len({e.n for e in events}),
        "retries sent": sum(e.retry for e in events),
        "achieved rate /s": round(len(events) / sent_for, 1),
        "ack statuses": dict(sorted(statuses.items())),
        "ack p50 ms": round(statistics.median(latencies), 2),
        "ack p99 ms": round(percentile(latencies, 0.99), 2),
        "ack max ms": round(latencies[-1], 2),
        "acks over 3 s": sum(latency > 3000 for latency in latencies),
        "event-to-tip p50 s": round(statistics.median(delays), 3) if delays else "-",
        "event-to-tip p99 s": round(percentile(delays, 0.99), 3) if delays else "-",
        "event-to-tip max s": round(delays[-1], 3) if delays else "-",
        "tips expected": len(expected),
        "tips delivered": len(delivered),
        "lost": len(expected - delivered),
        "duplicated": sum(n - 1 for n in by_event.values() if n > 1),
        "unexpected": len(set(by_event) - expected),
        "delivery drained": f"{drain:.2f} s after the last ack" if drained else "NO (timeout)",
        "outbox jobs left": pending,
        "tips delivered /s": round(len(tips) / (sent_for + drain), 1),
        "server CPU s": round(cpu, 1),
        "server CPU per event ms": round(per_event, 2),
        "events/s per busy core": round(1000 / per_event, 0) if per_event else "-",
    }
    width = max(map(len, figures))
    for key, value in figures.items():
        print(f"{key:<{width}}  {value}")


def percentile(values: list[float], share: float) -> float:
    return values[max(0, int(len(values) * share) - 1)]


def run_fake(conn: Connection) -> None:
    """The fake Slack Web API, in its own process; answers with the tips' thread_ts at the end."""
    fake = FakeSlack().start()
    conn.send(fake.api_url)
    while (order := conn.recv()) != "stop":
        if order == "tips":
            tips = fake.calls("chat.postEphemeral")
            conn.send([(str(c.args["thread_ts"]), c.at) for c in tips])
    fake.close()


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
