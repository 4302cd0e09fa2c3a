"""App Home: the agent's own week, the phrasebook, and for leads the stats, audit log and tools."""

from __future__ import annotations

import time
from functools import partial
from typing import Any

from slack_bolt import App

from bot.slack.blocks.home import home
from bot.slack.deps import WEEK, Deps

AUDIT_ROWS = 10


def register(app: App, deps: Deps) -> None:
    app.event("app_home_opened")(partial(home_opened, deps))


def home_opened(deps: Deps, event: dict[str, Any]) -> None:
    """Bolt acks events itself; the tab is built and published after the ack."""
    if event.get("tab") != "home" or not event.get("user"):
        return
    user = str(event["user"])
    deps.deliver.later(partial(publish_home, deps, user), what="views.publish home")


def publish_home(deps: Deps, user: str) -> None:
    since = time.time() - WEEK
    lead = deps.is_lead(user)
    view = home(
        user_id=user,
        summary=deps.store.user_summary(user, since=since),
        book=deps.coach.engine.phrasebook,
        settings=deps.coach.settings,
        is_lead=lead,
        stats=deps.store.stats(since=since) if lead else (),
        audit=deps.store.audit_log(AUDIT_ROWS) if lead else (),
    )
    deps.deliver.call("views.publish", user_id=user, view=view)
