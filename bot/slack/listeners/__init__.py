"""Every listener, one leaf module per feature; register() wires them all onto the Bolt app.

Listeners are plain functions taking `deps` first (bound with functools.partial), then what
Bolt injects (ack, body, respond, ...). They ack first and leave Web API calls to deps.deliver.
A listener module imports builders (bot.slack.blocks.*), deps, ids, texts, deliver, publish and
the core, never another listener module: what two of them need lives outside this package.
"""

from __future__ import annotations

from slack_bolt import App

from bot.slack.deps import Deps
from bot.slack.listeners import check, draft, fixes, home, leads, tips

LEAVES = (tips, check, draft, fixes, home, leads)


def register(app: App, deps: Deps) -> None:
    """Register every feature's listeners on `app`."""
    for leaf in LEAVES:
        leaf.register(app, deps)
