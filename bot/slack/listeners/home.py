"""App Home: publish the tab when it is opened, and again after an Unmute press."""

from __future__ import annotations

import logging
from functools import partial
from typing import Any

from slack_bolt import Ack, App, BoltContext

from bot.slack import ids
from bot.slack.deps import Deps
from bot.slack.publish import publish_home

log = logging.getLogger("phrasebot.slack")


def register(app: App, deps: Deps) -> None:
    app.event("app_home_opened")(partial(home_opened, deps))
    app.action(ids.UNMUTE)(partial(unmute, deps))


def home_opened(deps: Deps, event: dict[str, Any], context: BoltContext) -> None:
    """Bolt acks events itself; the tab is built and published after the ack."""
    deps = deps.at(context)
    if event.get("tab") != "home" or not event.get("user"):
        return
    user = str(event["user"])
    deps.deliver.later(partial(publish_home, deps, user), what="views.publish home")


def unmute(
    deps: Deps, ack: Ack, body: dict[str, Any], action: dict[str, Any], context: BoltContext
) -> None:
    """Show the agent tips for a rule they muted again, and republish their App Home."""
    deps = deps.at(context)
    ack()
    user = str(body["user"]["id"])
    rule = str(action.get("value") or "")
    if rule:
        deps.store.unmute(user, rule, team=deps.team)
        log.info("%s unmuted %s", user, rule)
    deps.deliver.later(partial(publish_home, deps, user), what="views.publish home")
