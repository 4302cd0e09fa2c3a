"""The outbox pump: tips after posting, from the store's outbox to Slack, on any worker.

Every worker process takes jobs from the one outbox as it has room for them: the oldest first,
pending ones and ones whose claimer died, never more than it has delivery threads free. An
accepted event pokes its own worker's pump at once; a worker with nothing to do looks again
every `poll` seconds, so a backlog left by a worker that died, or more than one worker can
handle, is shared by the others. A worker renews the lease on the jobs it holds every third of
a lease while it lives, so a slow tip is never taken from a live worker, and a killed worker's
jobs are taken by the others once its lease runs out.

Stopping (SIGTERM): no new claims, the tips being posted are finished, and anything still
claimed is given back to the outbox for the other workers.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable
from functools import partial

from bot.model import Job
from bot.slack.deliver import Deliverer
from bot.store import Store

log = logging.getLogger("phrasebot.slack")

LEASE = 30.0  # seconds a claimed job is its worker's; renewed every third of it while alive
POLL = 1.0  # seconds between looks at the outbox when nothing pokes


def owner_name() -> str:
    """A name no other worker has, now or after a restart: host, process, and a random part."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class Outbox:
    """Claim jobs from the store as delivery threads come free, and hand each to `deliver_one`."""

    def __init__(
        self,
        store: Store,
        deliver: Deliverer,
        *,
        lease: float = LEASE,
        poll: float = POLL,
        room: int | None = None,
        owner: str | None = None,
    ) -> None:
        self.store = store
        self.deliver = deliver
        self.lease = lease
        self.poll = poll
        self.room = room if room is not None else deliver.workers
        self.owner = owner or owner_name()
        self._deliver_one: Callable[[Job], None] | None = None
        self._running = 0
        self._queued = False  # a pump is queued on the pool already
        self._full = False  # the last pump filled every free thread: more may be waiting
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._pumping = threading.Lock()

    def start(self, deliver_one: Callable[[Job], None]) -> None:
        """Deliver what is in the outbox now (left by a crash or a restart), then keep going."""
        self._deliver_one = deliver_one
        self.reap()
        self.poke()
        self.deliver.every(self.poll, self.pump, what="outbox")
        # On the timer's own thread: a pool busy with slow posts must not hold up the renewal
        # that keeps those very posts from being taken by another worker.
        self.deliver.every(self.lease / 3, self.renew, what="lease", inline=True)

    def poke(self) -> None:
        """Something was accepted: pump soon (once, however many pokes come first)."""
        with self._lock:
            if self._queued or self._stopping.is_set():
                return
            self._queued = True
        self.deliver.later(self._queued_pump, what="outbox")

    def _queued_pump(self) -> None:
        with self._lock:
            self._queued = False
        self.pump()

    def pump(self) -> int:
        """Claim as many jobs as there are free delivery threads, and start them; how many."""
        if self._deliver_one is None or self._stopping.is_set():
            return 0
        with self._pumping:  # one claim at a time per process: never more than the room
            with self._lock:
                free = self.room - self._running
            if free <= 0:
                return 0
            jobs = self.store.claim_pending(lease=self.lease, owner=self.owner, limit=free)
            with self._lock:
                self._running += len(jobs)
                self._full = len(jobs) == free
        for job in jobs:
            self.deliver.later(partial(self._run, job), what="tip")
        return len(jobs)

    def _run(self, job: Job) -> None:
        assert self._deliver_one is not None
        try:
            self._deliver_one(job)
        finally:
            with self._lock:
                self._running -= 1
                more = self._full
            if more:
                self.pump()

    def renew(self) -> None:
        """Keep this worker's leases, and free the jobs of workers on this machine that died."""
        if self.running:
            self.store.renew(self.owner, lease=self.lease)
        self.reap()

    def reap(self) -> int:
        """Give back at once the jobs held by workers on this machine that are gone (a kill -9),
        rather than wait for their leases; how many. Another machine's workers are left to
        their leases: their processes cannot be seen from here."""
        host = socket.gethostname()
        given = 0
        for owner in self.store.owners():
            their_host, _, rest = owner.partition(":")
            pid = rest.partition(":")[0]
            mine = their_host == host and pid.isdigit() and owner != self.owner
            if mine and not _alive(int(pid)):
                given += self.store.release(owner)
        if given:
            log.warning("outbox: %d jobs of a worker that died given back", given)
        return given

    @property
    def running(self) -> int:
        with self._lock:
            return self._running

    def stop(self, *, timeout: float = 20.0) -> int:
        """Claim nothing more, let the tips being posted finish (up to `timeout` seconds), and
        give back whatever this worker still holds; how many were given back."""
        self._stopping.set()
        deadline = time.monotonic() + timeout
        while self.running and time.monotonic() < deadline:
            time.sleep(0.05)
        if self.running:  # still posting: left to run out their lease, never posted twice
            log.warning("outbox: %d tips still being posted at the stop", self.running)
            return 0
        given = self.store.release(self.owner)
        if given:
            log.info("outbox: %d jobs given back for the other workers", given)
        return given


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True
