"""App Home: publish the tab when it is opened."""

from __future__ import annotations

from functools import partial
from typing import Any

from slack_bolt import App

from bot.slack.deps import Deps
from bot.slack.publish import publish_home


def register(app: App, deps: Deps) -> None:
    app.event("app_home_opened")(partial(home_opened, deps))


def home_opened(deps: Deps, event: dict[str, Any]) -> None:
    """Bolt acks events itself; the tab is built and published after the ack."""
    if event.get("tab") != "home" or not event.get("user"):
        return
    user = str(event["user"])
    deps.deliver.later(partial(publish_home, deps, user), what="views.publish home")
