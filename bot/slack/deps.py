"""What every listener shares: the coach, known fixes, the store, delivery, and who leads.

Listeners (bot.slack.listeners) are plain functions taking `deps` first (bound with
functools.partial), then whatever Bolt injects (ack, body, respond, ...).
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from bot.coach import Coach
from bot.knowledge.search import KnowledgeBase
from bot.model import Hit, Job, Report
from bot.problems import CheckTooSlow
from bot.slack import texts
from bot.slack.blocks.kit import notice
from bot.slack.deliver import Deliverer
from bot.store import Store

log = logging.getLogger("phrasebot.slack")

WEEK = 7 * 24 * 3600.0
LEASE = 300.0  # seconds a claimed outbox job is left to its worker before another may take it
GROUP_TTL = 300.0  # seconds a user group's members are trusted before asking Slack again


class Leads:
    """Who may edit the phrasebook: user ids in settings.leads, or members of a user group (S…)."""

    def __init__(
        self,
        deliver: Deliverer,
        *,
        ttl: float = GROUP_TTL,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._deliver = deliver
        self._ttl = ttl
        self._clock = clock
        self._groups: dict[str, tuple[float, frozenset[str]]] = {}
        self._lock = threading.Lock()

    def is_lead(self, user: str, leads: Iterable[str]) -> bool:
        leads = tuple(leads)
        if user in leads:
            return True
        return any(user in self._members(g) for g in leads if g.startswith("S"))

    def users(self, leads: Iterable[str]) -> list[str]:
        """Every lead's user id, groups expanded, in a stable order."""
        found: dict[str, None] = {}
        for lead in leads:
            for user in sorted(self._members(lead)) if lead.startswith("S") else (lead,):
                found[user] = None
        return list(found)

    def _members(self, group: str) -> frozenset[str]:
        now = self._clock()
        with self._lock:
            cached = self._groups.get(group)
        if cached and cached[0] > now:
            return cached[1]
        sent = self._deliver.call("usergroups.users.list", patient=False, usergroup=group)
        if not sent.ok:
            return cached[1] if cached else frozenset()  # keep the last answer over none
        members = frozenset(str(u) for u in sent.data.get("users") or ())
        with self._lock:
            self._groups[group] = (now + self._ttl, members)
        return members


class ComposeViews:
    """Per open compose modal: the newest keystroke seen, and the known fixes for the thread.

    Keystrokes are handled on several threads and may finish out of order; only the newest
    one's update may win. The customer message's fixes are found once, when the modal opens.
    """

    def __init__(self, size: int = 2000) -> None:
        self._size = size
        self._views: OrderedDict[str, tuple[float, tuple[Hit, ...]]] = OrderedDict()
        self._lock = threading.Lock()

    def opened(self, view_id: str, context_fixes: Sequence[Hit]) -> None:
        with self._lock:
            self._views[view_id] = (0.0, tuple(context_fixes))
            self._trim()

    def typed(self, view_id: str, action_ts: float) -> None:
        """Note a keystroke's time; an older one arriving late changes nothing."""
        with self._lock:
            seen, fixes = self._views.get(view_id, (0.0, ()))
            self._views[view_id] = (max(seen, action_ts), fixes)
            self._views.move_to_end(view_id)
            self._trim()

    def newest(self, view_id: str, action_ts: float) -> bool:
        with self._lock:
            return action_ts >= self._views.get(view_id, (0.0, ()))[0]

    def context_fixes(self, view_id: str) -> tuple[Hit, ...]:
        with self._lock:
            return self._views.get(view_id, (0.0, ()))[1]

    def closed(self, view_id: str) -> None:
        with self._lock:
            self._views.pop(view_id, None)

    def _trim(self) -> None:
        while len(self._views) > self._size:
            self._views.popitem(last=False)


class SlowChecks:
    """Checks cut off for time: the leads hear of each rule (and of "the draft itself") once
    per process, not once per draft."""

    def __init__(self) -> None:
        self._seen: set[tuple[str, str]] = set()
        self._lock = threading.Lock()

    def first(self, err: CheckTooSlow) -> bool:
        with self._lock:
            key = (err.rule, err.file)
            if key in self._seen:
                return False
            self._seen.add(key)
            return True


class InFlight:
    """The outbox jobs this process has queued or is running, so none is queued twice.

    A sweep (tips.resume) may claim a job that is queued here but not yet claimed by its
    worker; it hands the claimed job over, and the worker delivers that instead of finding
    the job claimed by someone else and leaving it for a lease.
    """

    def __init__(self) -> None:
        self._jobs: dict[str, Job | None] = {}
        self._lock = threading.Lock()

    def add(self, event_id: str) -> bool:
        """Note a job as queued; False if it already was."""
        with self._lock:
            if event_id in self._jobs:
                return False
            self._jobs[event_id] = None
            return True

    def take(self, job: Job) -> bool:
        """A sweep claimed `job`: True if the caller must queue it; False if a worker here has
        it queued already, and now has the claimed job handed to it."""
        with self._lock:
            if job.event_id in self._jobs:
                self._jobs[job.event_id] = job
                return False
            self._jobs[job.event_id] = None
            return True

    def handed(self, event_id: str) -> Job | None:
        """The job a sweep claimed for this queued one, or None."""
        with self._lock:
            return self._jobs.get(event_id)

    def discard(self, event_id: str) -> None:
        with self._lock:
            self._jobs.pop(event_id, None)


@dataclass
class Deps:
    coach: Coach
    kb: KnowledgeBase
    store: Store
    deliver: Deliverer
    leads: Leads
    compose: ComposeViews = field(default_factory=ComposeViews)
    lease: float = LEASE  # seconds an outbox job is ours once claimed
    inflight: InFlight = field(default_factory=InFlight)
    slow: SlowChecks = field(default_factory=SlowChecks)

    def is_lead(self, user: str) -> bool:
        return self.leads.is_lead(user, self.coach.settings.leads)

    def check(self, text: str, *, user: str, channel: str | None) -> Report:
        """Check a draft at the channel's level, leaving out the rules this user muted.

        A check cut off for time (CheckTooSlow) is logged, told to the leads once per rule,
        and raised on: the caller answers without a tip."""
        settings = self.coach.settings
        level = settings.level_in(channel) if channel else settings.min_level
        try:
            return self.coach.check(text, level, muted=Muted(self.store, user))
        except CheckTooSlow as err:
            log.warning("%s; text %s", err, self.text_for_log(text))
            if self.slow.first(err):
                self.deliver.later(partial(self._tell_leads, err), what="slow check")
            raise

    def _tell_leads(self, err: CheckTooSlow) -> None:
        where = f"running rule `{err.rule}` ({err.file})" if err.rule else "reading the draft"
        said = notice(texts.SLOW_CHECK.format(seconds=err.seconds, where=where))
        for lead in self.leads.users(self.coach.settings.leads):
            self.deliver.dm(lead, said)

    def text_for_log(self, text: str) -> str:
        """Message text as it may appear in a log: its length only, unless log_text is on."""
        return repr(text) if self.coach.settings.log_text else f"<{len(text)} chars>"


class Muted(Collection[str]):
    """The rules a user muted, read from the store only when a check first asks: most drafts
    (and most keystrokes in the compose box) match no phrase, and then cost no store read."""

    def __init__(self, store: Store, user: str) -> None:
        self._store = store
        self._user = user
        self._rules: frozenset[str] | None = None

    def _read(self) -> frozenset[str]:
        if self._rules is None:
            self._rules = self._store.muted(self._user)
        return self._rules

    def __contains__(self, rule: object) -> bool:
        return rule in self._read()

    def __iter__(self) -> Iterator[str]:
        return iter(self._read())

    def __len__(self) -> int:
        return len(self._read())


def findings_of(report: Report) -> list[tuple[str, str]]:
    """(rule id, language) once per rule: what the store counts."""
    return list(dict.fromkeys((f.rule, f.lang) for f in report.findings))


def where(body: dict[str, Any]) -> tuple[str, str]:
    """Who pressed a button and in which channel, from an interaction payload."""
    user = str(body["user"]["id"])
    container = body.get("container") or {}
    channel = container.get("channel_id") or (body.get("channel") or {}).get("id")
    return user, str(channel or "")
