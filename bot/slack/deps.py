"""What every listener shares: the coach, known fixes, the store, delivery, and who leads.

Listeners (bot.slack.listeners) are plain functions taking `deps` first (bound with
functools.partial), then whatever Bolt injects (ack, body, respond, context, ...). Their
first step is `deps = deps.at(context)`: the same things, as the workspace the request came
from has them (its coach and leads, its bot token for every Web API call, its rows in the
store). With one workspace that is the app's own.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any, Protocol

from bot.coach import Coach
from bot.knowledge.search import KnowledgeBase
from bot.model import Report, Settings
from bot.phrasebook.edit import Change
from bot.problems import CheckTooSlow, Problem
from bot.slack import texts
from bot.slack.blocks.kit import notice
from bot.slack.deliver import Deliverer
from bot.slack.outbox import Outbox
from bot.slack.workspaces import Workspaces, workspace_key
from bot.store import Store

log = logging.getLogger("phrasebot.slack")

WEEK = 7 * 24 * 3600.0
RETRY_AFTER = 300.0  # seconds before another round of tries for a tip Slack was too busy for
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

    def is_lead(self, user: str, leads: Iterable[str], deliver: Deliverer | None = None) -> bool:
        leads = tuple(leads)
        if user in leads:
            return True
        return any(user in self._members(g, deliver) for g in leads if g.startswith("S"))

    def users(self, leads: Iterable[str], deliver: Deliverer | None = None) -> list[str]:
        """Every lead's user id, groups expanded, in a stable order."""
        found: dict[str, None] = {}
        for lead in leads:
            members = sorted(self._members(lead, deliver)) if lead.startswith("S") else (lead,)
            for user in members:
                found[user] = None
        return list(found)

    def _members(self, group: str, deliver: Deliverer | None) -> frozenset[str]:
        """A group's members, asked with the group's workspace's token (`deliver`)."""
        now = self._clock()
        with self._lock:
            cached = self._groups.get(group)
        if cached and cached[0] > now:
            return cached[1]
        sent = (deliver or self._deliver).call(
            "usergroups.users.list", patient=False, usergroup=group
        )
        if not sent.ok:
            return cached[1] if cached else frozenset()  # keep the last answer over none
        members = frozenset(str(u) for u in sent.data.get("users") or ())
        with self._lock:
            self._groups[group] = (now + self._ttl, members)
        return members


class ComposeViews:
    """Per open compose modal: the newest keystroke this worker has seen.

    Keystrokes are handled on several threads and may finish out of order; only the newest
    one's update may win. Each modal's updates are sent one at a time (`sending`), each asking
    `newest` first, so an older keystroke's update can never land after a newer one's. (The
    customer message's fixes travel in the modal's own metadata, so any worker can show them.)
    """

    def __init__(self, size: int = 2000) -> None:
        self._size = size
        self._views: OrderedDict[str, float] = OrderedDict()
        self._sending: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()

    def typed(self, view_id: str, action_ts: float) -> None:
        """Note a keystroke's time; an older one arriving late changes nothing."""
        with self._lock:
            self._views[view_id] = max(self._views.get(view_id, 0.0), action_ts)
            self._views.move_to_end(view_id)
            while len(self._views) > self._size:
                gone, _ = self._views.popitem(last=False)
                self._sending.pop(gone, None)

    def sending(self, view_id: str) -> threading.Lock:
        """The lock a modal's updates are sent under, one at a time."""
        with self._lock:
            return self._sending.setdefault(view_id, threading.Lock())

    def newest(self, view_id: str, action_ts: float) -> bool:
        with self._lock:
            return action_ts >= self._views.get(view_id, 0.0)

    def closed(self, view_id: str) -> None:
        with self._lock:
            self._views.pop(view_id, None)
            self._sending.pop(view_id, None)


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


class Team(Protocol):
    """Where a request came from, as Bolt's context says it."""

    @property
    def team_id(self) -> str | None: ...

    @property
    def enterprise_id(self) -> str | None: ...

    @property
    def is_enterprise_install(self) -> bool | None: ...


@dataclass
class Deps:
    coach: Coach
    kb: KnowledgeBase
    store: Store
    deliver: Deliverer
    leads: Leads
    compose: ComposeViews = field(default_factory=ComposeViews)
    slow: SlowChecks = field(default_factory=SlowChecks)
    workspaces: Workspaces | None = None
    outbox: Outbox | None = None
    team: str = ""  # the workspace's key in the store ("": the one workspace)
    lead_ids: tuple[str, ...] | None = None  # None: the coach's settings.leads
    retry_after: float = RETRY_AFTER

    def at(self, context: Team) -> Deps:
        """These deps as the workspace `context` names has them."""
        key = workspace_key(context.enterprise_id, context.team_id, context.is_enterprise_install)
        return self.of(key)

    def of(self, key: str) -> Deps:
        """These deps as the workspace with this key has them."""
        if self.workspaces is None:
            return self
        found = self.workspaces.get(key)
        return replace(
            self,
            team=found.key,
            coach=found.coach,
            deliver=self.deliver.for_token(found.token),
            lead_ids=found.leads,
        )

    @property
    def lead_list(self) -> tuple[str, ...]:
        return self.coach.settings.leads if self.lead_ids is None else self.lead_ids

    def is_lead(self, user: str) -> bool:
        return self.leads.is_lead(user, self.lead_list, self.deliver)

    def lead_users(self) -> list[str]:
        return self.leads.users(self.lead_list, self.deliver)

    def edit_settings(self) -> Settings:
        """The settings a lead's edit is prepared against: the workspace's own files."""
        if self.workspaces is None:
            return self.coach.settings
        return self.workspaces.settings(self.team)

    def apply(self, user: str, change: Change) -> list[Problem]:
        """Judge a lead's change and put it live, here and on every worker; or its problems."""
        if self.workspaces is None:
            return self.coach.apply(change)
        return self.workspaces.apply(self.team, user, change)

    def check(self, text: str, *, user: str, channel: str | None) -> Report:
        """Check a draft at the channel's level, leaving out the rules this user muted.

        A check cut off for time (CheckTooSlow) is logged, told to the leads once per rule,
        and raised on: the caller answers without a tip."""
        settings = self.coach.settings
        level = settings.level_in(channel) if channel else settings.min_level
        try:
            return self.coach.check(text, level, muted=Muted(self.store, user, self.team))
        except CheckTooSlow as err:
            log.warning("%s; text %s", err, self.text_for_log(text))
            if self.slow.first(err):
                self.deliver.later(partial(self._tell_leads, err), what="slow check")
            raise

    def _tell_leads(self, err: CheckTooSlow) -> None:
        where = f"running rule `{err.rule}` ({err.file})" if err.rule else "reading the draft"
        said = notice(texts.SLOW_CHECK.format(seconds=err.seconds, where=where))
        for lead in self.lead_users():
            self.deliver.dm(lead, said)

    def text_for_log(self, text: str) -> str:
        """Message text as it may appear in a log: its length only, unless log_text is on."""
        return repr(text) if self.coach.settings.log_text else f"<{len(text)} chars>"


class Muted(Collection[str]):
    """The rules a user muted, read from the store only when a check first asks: most drafts
    (and most keystrokes in the compose box) match no phrase, and then cost no store read."""

    def __init__(self, store: Store, user: str, team: str = "") -> None:
        self._store = store
        self._user = user
        self._team = team
        self._rules: frozenset[str] | None = None

    def _read(self) -> frozenset[str]:
        if self._rules is None:
            self._rules = self._store.muted(self._user, team=self._team)
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
