"""Publishing App Home: after the tab is opened, a lead's edit or reload, and an unmute.

Several listeners need it, so it lives here rather than in one of them (listeners never
import each other).
"""

from __future__ import annotations

import time

from bot.slack.blocks.home import home
from bot.slack.deps import WEEK, Deps

AUDIT_ROWS = 10


def publish_home(deps: Deps, user: str) -> None:
    """Build `user`'s App Home (their week; for a lead the stats and audit log) and publish it."""
    since = time.time() - WEEK
    lead = deps.is_lead(user)
    view = home(
        user_id=user,
        summary=deps.store.user_summary(user, team=deps.team, since=since),
        book=deps.coach.engine.phrasebook,
        settings=deps.coach.settings,
        is_lead=lead,
        stats=deps.store.stats(since=since, team=deps.team) if lead else (),
        audit=deps.store.audit_log(AUDIT_ROWS, team=deps.team) if lead else (),
    )
    deps.deliver.call("views.publish", user_id=user, view=view)
